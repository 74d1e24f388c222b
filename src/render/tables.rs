//! The report's tables as text, once for every format: HTML, Word and Markdown lay
//! out the same headers and cells.

use crate::document::{Document, Kind, ObjectiveResults, YearValue, notes::Note};
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::tr;
use crate::words::{Precision, date_text, number_text, period_label, round_title};

/// A table of text: headers, rows, and which columns hold numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<bool>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A change, "+0.05", with the precision of the values it is between.
fn signed(value: Option<f64>, precision: Precision, lang: Lang) -> String {
    match value {
        Some(v) if v > 0.0 => format!("+{}", number_text(v, precision, lang)),
        Some(v) => number_text(v, precision, lang),
        None => "—".into(),
    }
}

fn rate(value: Option<f64>, lang: Lang) -> String {
    value.map_or("—".into(), |v| {
        crate::words::percent(number_text(v, Precision::Rounded(1), lang), lang)
    })
}

/// "target 2025".
fn target_header(document: &Document, lang: Lang) -> String {
    tr!(
        lang,
        "target {}",
        "mục tiêu đến năm {}",
        document.target_year
    )
}

/// One objective's indicators: target, this period, a year earlier, change,
/// status, outlook, coverage.
/// In the plan's first year, where no earlier period is the plan's, the column
/// beside the value shows each indicator's baseline instead (the previous plan's
/// final figure, for a plan that follows another), labelled so.
pub fn objective(objective: &ObjectiveResults, document: &Document, lang: Lang) -> Grid {
    let period = period_label(&document.result_period, lang);
    let earlier = match document.previous_period.as_deref() {
        Some(previous) => {
            let previous = period_label(previous, lang);
            tr!(lang, "value {previous}", "cùng kỳ {previous}")
        }
        None => lang.pick("baseline", "số liệu gốc").into(),
    };
    let headers = vec![
        lang.pick("id", "mã").to_string(),
        lang.pick("indicator", "chỉ tiêu").into(),
        target_header(document, lang),
        tr!(lang, "value {period}", "kết quả {period}"),
        earlier,
        lang.pick("change", "tăng/giảm").into(),
        lang.pick("status", "đánh giá").into(),
        lang.pick("outlook", "khả năng đạt chỉ tiêu").into(),
        lang.pick("reported", "đã báo cáo").into(),
    ];
    let mut rows = Vec::new();
    for i in &objective.indicators {
        rows.push(vec![
            i.indicator.clone(),
            i.name.clone(),
            i.target_text.clone(),
            i.value_text.clone(),
            match (&i.previous, &document.previous_period) {
                (Some(p), _) => p.value_text.clone(),
                (None, None) => baseline_text(i.baseline.as_ref(), i.precision, lang),
                (None, Some(_)) => "—".into(),
            },
            signed(i.change, i.precision, lang),
            i.met_label.clone(),
            i.outlook_label.clone(),
            format!("{}/{}", i.coverage.reported, i.coverage.expected),
        ]);
        // Each group (boys, girls) under the indicator it breaks down.
        for g in &i.groups {
            let before = g.previous.as_ref();
            rows.push(vec![
                String::new(),
                format!("– {}", g.name),
                String::new(),
                g.value_text.clone(),
                before.map_or("—".into(), |p| p.value_text.clone()),
                signed(
                    g.value
                        .zip(before.and_then(|p| p.value))
                        .map(|(a, b)| a - b),
                    i.precision,
                    lang,
                ),
                g.met_label.clone(),
                String::new(),
                format!("{}/{}", g.coverage.reported, g.coverage.expected),
            ]);
        }
    }
    Grid {
        headers,
        rows,
        numeric: vec![false, false, true, true, true, true, false, false, true],
    }
}

/// The units formed from units of the previous plan and their baselines (None
/// without any).
pub fn unit_baselines(document: &Document, lang: Lang) -> Option<Grid> {
    if document.unit_baselines.is_empty() {
        return None;
    }
    let headers = unit_baseline_headers(lang);
    let rows = document
        .unit_baselines
        .iter()
        .map(|b| {
            vec![
                b.unit.clone(),
                b.indicator.clone(),
                b.formed_from.clone(),
                b.value_text.clone(),
                b.coverage.clone(),
            ]
        })
        .collect();
    Some(Grid {
        headers,
        rows,
        numeric: vec![false, false, false, true, false],
    })
}

/// The columns of a table of unit baselines, in the report and in `status` and
/// `plan`.
pub fn unit_baseline_headers(lang: Lang) -> Vec<String> {
    strings(&[
        lang.pick("unit", "đơn vị"),
        lang.pick("indicator", "chỉ tiêu"),
        lang.pick("formed from: round", "hình thành từ: kỳ"),
        lang.pick("baseline", "số liệu gốc"),
        lang.pick("coverage", "đã báo cáo"),
    ])
}

/// The title above [`unit_baselines`].
pub fn unit_baselines_title(lang: Lang) -> &'static str {
    lang.pick(
        "Baselines of the units formed from units of the previous plan",
        "Số liệu gốc của các đơn vị hình thành từ đơn vị của kế hoạch trước",
    )
}

/// The final review: every indicator for every year, the baseline, the verdict.
pub fn years(document: &Document, lang: Lang) -> Grid {
    let mut headers = strings(&[lang.pick("id", "mã"), lang.pick("baseline", "số liệu gốc")]);
    headers.extend(document.years.iter().map(|p| match p {
        crate::domain::period::Period::Year(y) => y.to_string(),
        other => crate::words::period_text(*other, lang),
    }));
    headers.push(target_header(document, lang));
    headers.push(lang.pick("verdict", "đánh giá").into());
    let rows: Vec<Vec<String>> = document
        .results
        .iter()
        .flat_map(|o| &o.indicators)
        .map(|i| {
            let mut row = vec![
                i.indicator.clone(),
                baseline_text(i.baseline.as_ref(), i.precision, lang),
            ];
            row.extend(i.annual.iter().map(|a| a.value_text.clone()));
            row.push(i.target_text.clone());
            row.push(i.met_label.clone());
            row
        })
        .collect();
    let mut numeric = vec![false];
    numeric.extend(std::iter::repeat_n(true, headers.len() - 2));
    numeric.push(false);
    Grid {
        headers,
        rows,
        numeric,
    }
}

/// Each covered round: units, reports received and on time, rates, by status.
pub fn rounds(document: &Document, lang: Lang) -> Grid {
    let headers = strings(&[
        lang.pick("round", "kỳ"),
        lang.pick("due", "hạn"),
        lang.pick("units", "số đơn vị"),
        lang.pick("reported", "đã gửi"),
        lang.pick("on time", "đúng hạn"),
        lang.pick("reporting rate", "tỷ lệ báo cáo"),
        lang.pick("on-time rate", "tỷ lệ đúng hạn"),
        lang.pick("late", "gửi muộn"),
        lang.pick("incomplete", "thiếu số liệu"),
        lang.pick("missing", "chưa gửi"),
    ]);
    let rows = document
        .compliance
        .rounds
        .iter()
        .filter(|r| r.covered)
        .map(|r| {
            vec![
                match Period::parse(&r.period) {
                    Some(p) => round_title(&r.report_name, p, lang),
                    None => format!("{} {}", r.report_name, r.period),
                },
                date_text(r.due, lang),
                r.expected.to_string(),
                r.received.to_string(),
                r.on_time.to_string(),
                rate(r.reporting_rate, lang),
                rate(r.on_time_rate, lang),
                r.late.to_string(),
                r.incomplete.to_string(),
                r.missing.to_string(),
            ]
        })
        .collect();
    let mut numeric = vec![false];
    numeric.extend([true; 9]);
    Grid {
        headers,
        rows,
        numeric,
    }
}

/// Each unit's report: for a round, its status; for the final review, its count
/// of reports by status over the period.
pub fn units(document: &Document, lang: Lang) -> Grid {
    let units = &document.compliance.units;
    if document.kind == Kind::FinalReview {
        let headers = strings(&[
            lang.pick("unit", "đơn vị"),
            lang.pick("reports owed", "số báo cáo phải gửi"),
            lang.pick("on time", "đúng hạn"),
            lang.pick("late", "gửi muộn"),
            lang.pick("incomplete", "thiếu số liệu"),
            lang.pick("missing", "chưa gửi"),
        ]);
        let rows = units
            .iter()
            .map(|u| {
                let count = |s: &str| u.reports.iter().filter(|r| r.status == s).count();
                let mut row = vec![u.name.clone(), u.reports.len().to_string()];
                row.extend(
                    ["on_time", "late", "incomplete", "missing"].map(|s| count(s).to_string()),
                );
                row
            })
            .collect();
        return Grid {
            headers,
            rows,
            numeric: vec![false, true, true, true, true, true],
        };
    }
    let headers = strings(&[
        lang.pick("unit", "đơn vị"),
        lang.pick("status", "tình trạng"),
        lang.pick("submitted", "ngày gửi"),
        crate::words::days_overdue_header(lang),
        lang.pick("missing indicators", "chỉ tiêu còn thiếu"),
    ]);
    let rows = units
        .iter()
        .flat_map(|u| {
            u.reports.iter().map(|r| {
                vec![
                    u.name.clone(),
                    r.status_label.clone(),
                    r.submitted.map_or("—".into(), |d| date_text(d, lang)),
                    days_overdue(r.status, r.days_late, lang),
                    r.missing_indicators.join(", "),
                ]
            })
        })
        .collect();
    Grid {
        headers,
        rows,
        // The days column may say what is overdue ("20 (số liệu còn thiếu)"): it
        // wraps as text.
        numeric: vec![false, false, true, false, false],
    }
}

/// A unit's report's days overdue, from its status as the document records it.
fn days_overdue(status: &str, days: i64, lang: Lang) -> String {
    use crate::domain::reporting::ReportStatus;
    let status = match status {
        "missing" => ReportStatus::Missing,
        "incomplete" => ReportStatus::Incomplete,
        "late" => ReportStatus::Late,
        _ => ReportStatus::OnTime,
    };
    crate::words::days_overdue_text(status, days, lang)
}

/// "2025-H1, indicator 6.1" or "2025-H1, narrative report".
pub fn note_about(note: &Note, lang: Lang) -> String {
    match &note.indicator {
        Some(id) => tr!(
            lang,
            "{}, indicator {id}",
            "{}, chỉ tiêu {id}",
            period_label(&note.period, lang)
        ),
        None => tr!(
            lang,
            "{}, narrative report",
            "{}, báo cáo bằng văn bản",
            period_label(&note.period, lang)
        ),
    }
}

/// The line under the heading: the as-of day and what a star means.
pub fn as_of_line(document: &Document, lang: Lang) -> String {
    let line = tr!(
        lang,
        "Figures as recorded on {}; a star (*) marks a value computed from the units that have reported so far.",
        "Số liệu tính đến ngày {}; dấu sao (*) đánh dấu giá trị tính từ các đơn vị đã báo cáo.",
        date_text(document.as_of, lang)
    );
    let line = match over_all_owing_line(document, lang) {
        Some(more) => format!("{line} {more}"),
        None => line,
    };
    match &document.heading.issuer_ended {
        Some(ended) => format!("{ended} {line}"),
        None => line,
    }
}

/// What a star means on a value that is over every unit that owes it (a share of
/// units, 6.3), where one such value is starred.
fn over_all_owing_line(document: &Document, lang: Lang) -> Option<String> {
    let ids: Vec<&str> = document
        .results
        .iter()
        .flat_map(|o| &o.indicators)
        .filter(|i| i.partial && i.over_all_owing)
        .map(|i| i.indicator.as_str())
        .collect();
    let ids = ids.join(", ");
    (!ids.is_empty()).then(|| {
        tr!(
            lang,
            "For {ids}, a starred value is over all the units that owe it: a unit that has not reported counts as not reaching the threshold.",
            "Riêng {ids}, giá trị có dấu sao tính trên tất cả các đơn vị phải báo cáo: đơn vị chưa báo cáo được tính là chưa đạt."
        )
    })
}

/// The mark on a place only people can fill.
pub fn to_write_mark(lang: Lang) -> &'static str {
    lang.pick(
        "[For the office to write]",
        "[Phần cơ quan soạn thảo tự viết]",
    )
}

/// The section titles, in the order every format prints them: the first place
/// to write, results, reporting, the units' texts, then the other places to write.
pub fn section_titles(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("Results by objective", "Kết quả thực hiện các mục tiêu"),
        lang.pick("Reporting by the units", "Tình hình báo cáo của các đơn vị"),
        lang.pick("What the units reported", "Nội dung báo cáo của các đơn vị"),
    ]
}

/// What stands in the units' section when no unit wrote anything.
pub fn no_notes(lang: Lang) -> &'static str {
    lang.pick(
        "No unit sent a narrative report or a note for this period.",
        "Không đơn vị nào gửi báo cáo bằng văn bản hoặc ghi chú cho kỳ này.",
    )
}

/// "I", "II", … for section numbers.
pub fn roman(n: usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        .get(n.wrapping_sub(1))
        .copied()
        .unwrap_or("X")
}

/// "61.5 (2025)": a baseline and its year.
fn baseline_text(baseline: Option<&YearValue>, precision: Precision, lang: Lang) -> String {
    baseline.map_or("—".into(), |b| {
        format!("{} ({})", number_text(b.value, precision, lang), b.year)
    })
}

//! How the domain's answers read, in each language: the words that `status`,
//! `overdue` and the report share, so they say the same thing the same way.

use crate::domain::figure::Figure;
use crate::domain::figure::Key;
use crate::domain::measure::Measure;
use crate::domain::outlook::Outlook;
use crate::domain::period::Period;
use crate::domain::reporting::ReportStatus;
use crate::domain::status::{Standing, Verdict};
use crate::i18n::Lang;
use crate::plan::{Indicator, Plan, Unit, format_decimal, format_number};
use crate::tr;
use chrono::NaiveDate;
use std::borrow::Cow;

pub fn outlook_label(outlook: Outlook, lang: Lang) -> &'static str {
    match outlook {
        Outlook::TargetAchieved => lang.pick("target achieved", "đã đạt chỉ tiêu"),
        Outlook::OnTrack => lang.pick("on track", "đúng tiến độ"),
        Outlook::AccelerationNeeded => lang.pick("acceleration needed", "cần tăng tốc"),
        Outlook::LimitedProgress => lang.pick("limited progress", "tiến bộ hạn chế"),
        Outlook::Deterioration => lang.pick("deterioration", "đang xấu đi"),
        Outlook::InsufficientData => lang.pick("insufficient data", "chưa đủ dữ liệu"),
    }
}

/// The days column of a unit's report ("days overdue"): for a missing report,
/// the days since the due date (or those left); for a late one, how late it came;
/// for an incomplete one, how long its missing figures are overdue, said so, since
/// the report itself may have come on time; nothing for a report on time.
pub fn days_overdue_text(status: ReportStatus, days: i64, lang: Lang) -> String {
    match status {
        ReportStatus::Missing if days < 0 => {
            crate::tr!(lang, "due in {}", "còn {} ngày", -days)
        }
        ReportStatus::Missing | ReportStatus::Late => days.to_string(),
        ReportStatus::Incomplete if days > 0 => crate::tr!(
            lang,
            "{days} (the missing figures)",
            "{days} (số liệu còn thiếu)"
        ),
        ReportStatus::Incomplete | ReportStatus::OnTime => String::new(),
    }
}

/// The header of that column.
pub fn days_overdue_header(lang: Lang) -> &'static str {
    lang.pick("days overdue", "số ngày quá hạn")
}

pub fn status_label(status: ReportStatus, lang: Lang) -> &'static str {
    match status {
        ReportStatus::Missing => lang.pick("missing", "chưa gửi"),
        ReportStatus::Incomplete => lang.pick("incomplete", "thiếu số liệu"),
        ReportStatus::Late => lang.pick("late", "gửi muộn"),
        ReportStatus::OnTime => lang.pick("on time", "đúng hạn"),
    }
}

/// How a number is shown: as it was sent, or rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// A figure as a unit sent it, or made of such figures without a division (the
    /// change between two, the distance to a target): with every decimal its
    /// shortest exact form has, so 1,85 stays 1,85 and its change from 1,8 is 0,05
    /// (see [`crate::plan::exact_decimals`]).
    #[default]
    AsSent,
    /// Computed by a division (a ratio's percentage, an attainment, a rate):
    /// rounded to this many places.
    Rounded(usize),
}

/// How an indicator's values, and the changes and gaps between them, are shown: a
/// value the unit sends as it was sent; a ratio or a share, computed, to one place.
pub fn precision(indicator: &Indicator) -> Precision {
    match indicator.measure {
        Measure::Value => Precision::AsSent,
        Measure::Ratio { .. } | Measure::Share { .. } | Measure::YesNo => Precision::Rounded(1),
    }
}

/// A number for people, the one way every command and renderer shows one: with the
/// precision it has ([`Precision`]), trailing zeros dropped, decimal comma in
/// Vietnamese, thousands grouped.
pub fn number_text(value: f64, precision: Precision, lang: Lang) -> String {
    match precision {
        Precision::AsSent => format_number(value, lang),
        Precision::Rounded(places) => format_decimal(value, places, lang),
    }
}

/// An indicator's unit of measure in a column of its own: "tỷ lệ (%)" for a
/// percentage in Vietnamese, as officials head it, else as the plan writes it.
pub fn unit_of_measure_label(indicator: &Indicator, lang: Lang) -> String {
    match (lang, indicator.unit_of_measure.get(lang).trim()) {
        (Lang::Vi, "%") => "tỷ lệ (%)".to_string(),
        (_, uom) => uom.to_string(),
    }
}

/// A number followed by the percent sign as each language writes it: "61.5 %" in
/// English, "61,5%" in Vietnamese (no space, as Vietnamese documents write it).
pub fn percent(number: String, lang: Lang) -> String {
    crate::plan::with_unit(&number, "%", lang)
}

/// "61.5 %", "111.7", "1.85", "yes", "no cases"; a star marks partial coverage.
pub fn value_text(indicator: &Indicator, s: &Standing, lang: Lang) -> String {
    if s.verdict == Verdict::NoCases {
        return no_cases_text(lang).into();
    }
    let Some(v) = s.value else {
        return "—".into();
    };
    let text = match indicator.measure {
        Measure::YesNo => lang
            .pick(
                if v >= 0.5 { "yes" } else { "no" },
                if v >= 0.5 { "có" } else { "không" },
            )
            .to_string(),
        _ if indicator.unit_of_measure.en.trim() == "%" => {
            percent(number_text(v, precision(indicator), lang), lang)
        }
        _ => number_text(v, precision(indicator), lang),
    };
    if s.coverage.is_partial() {
        format!("{text}*")
    } else {
        text
    }
}

/// What stands for a value when every unit had nothing to count.
pub fn no_cases_text(lang: Lang) -> &'static str {
    lang.pick("no cases", "không có trường hợp")
}

/// So many indicators as the source counts them, and the items measured where
/// the plan splits some: "18 chỉ tiêu (21 nội dung theo dõi)", "18 indicators
/// (21 measured items)"; "21 indicators" where each is its own.
pub fn indicators_text<'a>(
    indicators: impl IntoIterator<Item = &'a Indicator>,
    lang: Lang,
) -> String {
    match crate::plan::indicator_count(indicators) {
        (n, items) if n == items => crate::tr!(lang, "{n} indicators", "{n} chỉ tiêu"),
        (n, items) => crate::tr!(
            lang,
            "{n} indicators ({items} measured items)",
            "{n} chỉ tiêu ({items} nội dung theo dõi)"
        ),
    }
}

/// Where a round's reports go, as the source says it (IV.13: "về UBND huyện (qua
/// Phòng Lao động – Thương binh và Xã hội)"): the plan's issuer on the due day,
/// through the unit that coordinates then; the coordinator alone once the issuer
/// has ceased to exist.
pub fn send_to(plan: &Plan, round: &crate::domain::period::Round, lang: Lang) -> String {
    let duties = crate::domain::duties::Duties::of_round(plan, round);
    let coordinator = unit_name(&plan.units[duties.coordinator() as usize], lang).into_owned();
    match plan.meta.issuer.on(round.due) {
        Ok(issuer) => {
            let issuer = issuer.name.get(lang);
            crate::tr!(
                lang,
                "{issuer} (through {coordinator})",
                "{issuer} (qua {coordinator})"
            )
        }
        Err(_) => coordinator,
    }
}

/// The verdict on a standing, as a word.
pub fn verdict_label(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Met => lang.pick("met", "đạt"),
        Verdict::NotMet => lang.pick("not met", "chưa đạt"),
        Verdict::InProgress => lang.pick("in progress", "đang thực hiện"),
        Verdict::NoCases => no_cases_text(lang),
        Verdict::NoData => lang.pick("no data", "chưa có số liệu"),
        Verdict::NoGroupFigures => lang.pick("no figures by group", "chưa có số liệu phân tổ"),
    }
}

/// The verdict on an indicator's standing, naming the breakdown a withheld verdict
/// waits for: "no figures by sex", "chưa có số liệu theo giới tính".
pub fn verdict_text(plan: &Plan, indicator: &Indicator, verdict: Verdict, lang: Lang) -> String {
    match (verdict, indicator.disaggregation) {
        (Verdict::NoGroupFigures, Some(d)) => {
            let by = plan.dimensions[d as usize].name.get(lang);
            crate::tr!(lang, "no figures by {by}", "chưa có số liệu theo {by}")
        }
        _ => verdict_label(verdict, lang).into(),
    }
}

/// An attainment for people, never rounded into its verdict's contradiction: a
/// value that does not meet its target never shows 100 % or more (99.0 against
/// "> 99" is exactly 100 % of the number, yet not above it: "below 100 %"), and
/// one that meets it never shows less than 100 %. Otherwise the whole percent.
pub fn attainment_words(pct: f64, met: Option<bool>, lang: Lang) -> String {
    match attainment_in_words(pct, met) {
        Some(words) => lang.pick(words.0, words.1).into(),
        None => percent(format_decimal(pct, 0, lang), lang),
    }
}

/// Whether [`attainment_words`] shows the attainment as its rounded number (a
/// workbook then types the cell as a percentage) rather than in words.
pub fn attainment_is_a_number(pct: f64, met: Option<bool>) -> bool {
    attainment_in_words(pct, met).is_none()
}

/// The words that replace a rounded attainment contradicting its verdict.
fn attainment_in_words(pct: f64, met: Option<bool>) -> Option<(&'static str, &'static str)> {
    // As `format_decimal` rounds it for showing.
    let rounded: f64 = format!("{pct:.0}").parse().unwrap_or(pct);
    match met {
        Some(false) if rounded >= 100.0 => Some(("below 100 %", "dưới 100%")),
        Some(true) if rounded < 100.0 => Some(("100 % or more", "từ 100% trở lên")),
        _ => None,
    }
}

/// An indicator whose value is shown with partial coverage (starred), for the
/// footnote: its id, and whether its value is over every unit that owes it
/// ([`Measure::counts_every_owing_unit`]) and how many those are.
pub struct Partial<'a> {
    pub id: &'a str,
    pub over_all_owing: bool,
    pub owing: usize,
}

/// The footnotes that say what a star means, following how each starred value
/// was computed: from the units that have reported so far, or (a share of units,
/// 6.3) over every unit that owes it, those that have not reported counting as
/// not reaching the threshold. Nothing when no value is starred.
pub fn partial_notes(partial: &[Partial], lang: Lang) -> Vec<String> {
    let (owing, reported): (Vec<&Partial>, Vec<&Partial>) =
        partial.iter().partition(|p| p.over_all_owing);
    let mut notes = Vec::new();
    if !reported.is_empty() && owing.is_empty() {
        notes.push(
            lang.pick(
                "* partial coverage: computed from the units that have reported so far",
                "* chưa đủ số liệu: tính từ các đơn vị đã báo cáo",
            )
            .to_string(),
        );
    } else if !reported.is_empty() {
        let ids = reported.iter().map(|p| p.id).collect::<Vec<_>>().join(", ");
        notes.push(crate::tr!(
            lang,
            "* partial coverage of {ids}: computed from the units that have reported so far",
            "* {ids} chưa đủ số liệu: tính từ các đơn vị đã báo cáo"
        ));
    }
    for p in owing {
        let (id, n) = (p.id, p.owing);
        notes.push(crate::tr!(
            lang,
            "* partial coverage of {id}: the share is over all {n} units that owe it; a unit that has not reported counts as not reaching the threshold",
            "* {id} chưa đủ số liệu: tỷ lệ tính trên tất cả {n} đơn vị phải báo cáo; đơn vị chưa báo cáo được tính là chưa đạt"
        ));
    }
    notes
}

/// A difference between two percentages: "1 point", "0.7 points",
/// "0,7 điểm phần trăm".
pub fn points_text(number: &str, lang: Lang) -> String {
    match lang {
        Lang::En if number == "1" || number == "-1" => format!("{number} point"),
        Lang::En => format!("{number} points"),
        Lang::Vi => format!("{number} điểm phần trăm"),
    }
}

/// A day as people read it: 2025-06-05 in English, 05/06/2025 in Vietnamese.
pub fn date_text(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => day.format("%Y-%m-%d").to_string(),
        Lang::Vi => day.format("%d/%m/%Y").to_string(),
    }
}

/// A figure as people read it: `1.250/3.800`, `5`, `yes`, `(blank)`.
pub fn figure_text(figure: Figure, lang: Lang) -> String {
    match figure {
        Figure::Blank => lang.pick("(blank)", "(để trống)").into(),
        Figure::Narrative => lang
            .pick("(narrative report)", "(báo cáo bằng văn bản)")
            .into(),
        Figure::Number(v) => number_text(v, Precision::AsSent, lang),
        Figure::YesNo(b) => lang
            .pick(if b { "yes" } else { "no" }, if b { "có" } else { "không" })
            .into(),
        Figure::Ratio {
            numerator,
            denominator,
        } => format!(
            "{}/{}",
            number_text(numerator, Precision::AsSent, lang),
            number_text(denominator, Precision::AsSent, lang)
        ),
    }
}

/// The plan's reporting rounds as they can be typed, for a message that lists them:
/// `2025-H1` in English; `"2025-H1" (6 tháng đầu năm 2025)` in Vietnamese; an ad
/// hoc report by its due day, with its name.
pub fn rounds_as_typed(plan: &crate::plan::Plan, lang: Lang) -> String {
    let mut rounds: Vec<String> = plan
        .rounds()
        .iter()
        .map(|r| match lang {
            Lang::En => r.period.to_string(),
            Lang::Vi => format!("\"{}\" ({})", r.period, period_text(r.period, lang)),
        })
        .collect();
    rounds.extend(plan.requests().iter().filter(|r| r.ad_hoc).map(|r| {
        let name = plan.round_name(r).get(lang);
        format!("\"{}\" ({name})", date_text(r.due, lang))
    }));
    rounds.join(", ")
}

/// A period as people read it. Vietnamese: "năm 2025", "6 tháng đầu năm 2025",
/// "6 tháng cuối năm 2025", "quý III/2025", as administrative reports write them.
/// English keeps the short forms "2025", "2025-H1", "2025-Q3". The machine forms
/// (JSON, the data file, a form's period column) always use `Period`'s `Display`.
pub fn period_text(period: Period, lang: Lang) -> String {
    match lang {
        Lang::En => period.to_string(),
        Lang::Vi => match period {
            Period::Year(y) => format!("năm {y}"),
            Period::Half(y, 1) => format!("6 tháng đầu năm {y}"),
            Period::Half(y, _) => format!("6 tháng cuối năm {y}"),
            Period::Quarter(y, q) => {
                let roman = ["I", "II", "III", "IV"][usize::from(q.clamp(1, 4) - 1)];
                format!("quý {roman}/{y}")
            }
        },
    }
}

/// [`period_text`] of a period kept as text (as documents keep it for JSON); text
/// that is not a period is returned as it is.
pub fn period_label(text: &str, lang: Lang) -> String {
    match Period::parse(text) {
        Some(period) => period_text(period, lang),
        None => text.to_string(),
    }
}

/// [`date_text`] of a day kept as text ("2025-06-05", or a time such as
/// "2025-06-05T09:00:00Z", whose day is shown); other text is returned as it is.
pub fn day_label(text: &str, lang: Lang) -> String {
    let day = text.get(..10).unwrap_or(text);
    match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(day) => date_text(day, lang),
        Err(_) => text.to_string(),
    }
}

/// A period where space is tight (a chart's axis): "2025", "6T/2025" (6 tháng),
/// "6T cuối/2025", "QIII/2025" in Vietnamese; English keeps its short forms.
pub fn period_short(text: &str, lang: Lang) -> String {
    match (lang, Period::parse(text)) {
        (Lang::Vi, Some(Period::Year(y))) => y.to_string(),
        (Lang::Vi, Some(Period::Half(y, 1))) => format!("6T/{y}"),
        (Lang::Vi, Some(Period::Half(y, _))) => format!("6T cuối/{y}"),
        (Lang::Vi, Some(Period::Quarter(y, q))) => {
            format!(
                "Q{}/{y}",
                ["I", "II", "III", "IV"][usize::from(q.clamp(1, 4) - 1)]
            )
        }
        _ => text.to_string(),
    }
}

/// Text with its first letter in capitals, to begin a sentence ("Năm 2025: …").
pub fn sentence_start(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A unit where space is tight (a table's column): its short name in Vietnamese
/// ("Phòng LĐ-TB&XH"), or its name when the plan gives none; the id in English, as
/// [`unit_label`].
pub fn unit_short(unit: &Unit, lang: Lang) -> Cow<'_, str> {
    match (lang, &unit.short) {
        (Lang::Vi, Some(short)) => with_lifetime(&short.vi, unit, lang),
        _ => unit_label(unit, lang),
    }
}

/// A name inside a Vietnamese sentence: its first letter in lower case ("Hạn gửi
/// báo cáo sơ kết …"); English keeps its capitals.
pub fn mid_sentence(text: &str, lang: Lang) -> String {
    let mut chars = text.chars();
    match (lang, chars.next()) {
        (Lang::Vi, Some(first)) => first.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// Several periods in words, joined by commas.
pub fn periods_text(periods: impl IntoIterator<Item = Period>, lang: Lang) -> String {
    periods
        .into_iter()
        .map(|p| period_text(p, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A unit where a table, a summary or a document names it: its name in Vietnamese
/// ("Trung tâm Y tế huyện", never "ttyt"); English keeps the short id it has always
/// shown there. A unit that started or ended during the plan carries what tells it
/// from its namesake ([`unit_lifetime`]): "Bản Bo (cũ, đến 30/06/2025)",
/// "ban-bo (until 2025-06-30)". JSON and the data file always hold the id.
pub fn unit_label(unit: &Unit, lang: Lang) -> Cow<'_, str> {
    let plain = match lang {
        Lang::En => &unit.id,
        Lang::Vi => &unit.name.vi,
    };
    with_lifetime(plain, unit, lang)
}

/// A unit's name in the language (never its id), with what tells it from its
/// namesake as [`unit_label`]: "Bản Bo commune (until 2025-06-30)".
pub fn unit_name(unit: &Unit, lang: Lang) -> Cow<'_, str> {
    with_lifetime(unit.name.get(lang), unit, lang)
}

/// `text` naming `unit` (its name, id or a title such as "UBND xã Bản Bo"),
/// followed by the unit's lifetime when a namesake makes it needed
/// ([`Unit::namesake`], [`unit_lifetime`]); a unit whose name is its own reads
/// as ever, whether or not it ended.
pub fn with_lifetime<'a>(text: &'a str, unit: &Unit, lang: Lang) -> Cow<'a, str> {
    match unit_lifetime(unit, lang).filter(|_| unit.namesake) {
        Some(life) => Cow::Owned(format!("{text} ({life})")),
        None => Cow::Borrowed(text),
    }
}

/// What tells a unit from its namesake: when it started or ended, if it did inside
/// the plan ("cũ, đến 30/06/2025", "mới, từ 01/07/2025"; "until 2025-06-30",
/// "from 2025-07-01"); None for a unit that lasts the whole plan.
pub fn unit_lifetime(unit: &Unit, lang: Lang) -> Option<String> {
    let day = |d| date_text(d, lang);
    match (unit.starts, unit.ends) {
        (None, None) => None,
        (None, Some(e)) => Some(crate::tr!(lang, "until {}", "cũ, đến {}", day(e))),
        (Some(s), None) => Some(crate::tr!(lang, "from {}", "mới, từ {}", day(s))),
        (Some(s), Some(e)) => Some(crate::tr!(
            lang,
            "from {} until {}",
            "từ {} đến {}",
            day(s),
            day(e)
        )),
    }
}

/// A body above the units with its time: "Ủy ban nhân dân huyện Tam Đường (đến
/// 30/06/2025)", and each successor after it ("…; từ 01/03/2025: Sở Nội vụ").
pub fn body_in_time(body: &crate::plan::Body, lang: Lang) -> String {
    let mut text = body.name.get(lang).to_string();
    let mut at = body;
    while let Some(end) = at.ends {
        let until = crate::tr!(lang, "until {}", "đến {}", date_text(end, lang));
        text.push_str(&format!(" ({until})"));
        let Some(next) = at.successor.as_deref() else {
            break;
        };
        let from = date_text(end.succ_opt().unwrap_or(end), lang);
        let then = crate::tr!(lang, "from {from}", "từ {from}");
        text.push_str(&format!("; {then}: {}", next.name.get(lang)));
        at = next;
    }
    text
}

/// A unit named with its id and, for one that started or ended during the plan
/// and has a namesake, its lifetime: "Bản Bo (ban-bo, cũ, đến 30/06/2025)".
pub fn unit_with_lifetime(unit: &Unit, lang: Lang) -> String {
    let name = unit.name.get(lang);
    match unit_lifetime(unit, lang).filter(|_| unit.namesake) {
        Some(life) => format!("{name} ({}, {life})", unit.id),
        None => format!("{name} ({})", unit.id),
    }
}

/// Namesakes listed so that each can be told apart and chosen:
/// "Bản Bo (ban-bo, cũ, đến 30/06/2025); Bản Bo (xa-ban-bo, mới, từ 01/07/2025)".
pub fn units_with_lifetime(plan: &crate::plan::Plan, units: &[u16], lang: Lang) -> String {
    units
        .iter()
        .map(|&u| unit_with_lifetime(&plan.units[u as usize], lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A round's report with its period, as its title reads: "Báo cáo sơ kết 6 tháng
/// đầu năm 2025", "Báo cáo tổng kết năm 2025" (words the name ends with and the
/// period begins with are said once); "6-month report 2025-H1" in English.
pub fn round_title(report_name: &str, period: Period, lang: Lang) -> String {
    let period = period_text(period, lang);
    let name: Vec<&str> = report_name.split_whitespace().collect();
    let words: Vec<&str> = period.split_whitespace().collect();
    let overlap = (1..=name.len().min(words.len()))
        .rev()
        .find(|&n| name[name.len() - n..] == words[..n])
        .unwrap_or(0);
    let mut title = name[..name.len() - overlap].join(" ");
    title.push(' ');
    title.push_str(&period);
    title
}

/// The instructions sheet of the tool's own form (`template --format xlsx`): its
/// name and its title, in English and Vietnamese. The form writes them; intake knows
/// the sheet by them, to pass over it quietly in the workbook and to say what a CSV
/// file saved from it is.
pub const FORM_INSTRUCTIONS_SHEET: [&str; 2] = ["Instructions", "Hướng dẫn"];
pub const FORM_INSTRUCTIONS_TITLE: [&str; 2] = [
    "How to fill in the report form",
    "Hướng dẫn điền biểu mẫu báo cáo",
];

/// "indicator 6.1 for ban-bo, 2025-H1": what a key is about, in a sentence.
pub fn describe_key(plan: &Plan, key: &Key, lang: Lang) -> String {
    let unit = crate::words::unit_label(&plan.units[key.unit as usize], lang);
    let period = crate::words::period_text(key.period, lang);
    match key.indicator {
        Some(_) => tr!(
            lang,
            "indicator {} for {unit}, {period}",
            "chỉ tiêu {} của {unit}, {period}",
            key_indicator_text(plan, key, lang)
        ),
        None => tr!(
            lang,
            "the narrative report of {unit}, {period}",
            "báo cáo bằng văn bản của {unit}, {period}"
        ),
    }
}

/// A key's indicator, with its group where it has one: "5.2a (female)".
fn key_indicator_text(plan: &Plan, key: &Key, lang: Lang) -> String {
    let text = indicator_text(plan, key.indicator, lang);
    let group = key
        .indicator
        .and_then(|i| plan.group(&plan.indicators[i as usize], key.group));
    match group {
        Some(g) => format!("{text} ({})", g.name.get(lang)),
        None => text,
    }
}

/// The indicator's id, or what stands for a narrative report.
pub fn indicator_text(plan: &Plan, indicator: Option<u16>, lang: Lang) -> String {
    match indicator {
        Some(i) => plan.indicators[i as usize].id.clone(),
        None => lang
            .pick("(narrative report)", "(báo cáo bằng văn bản)")
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 26: an attainment is never rounded into its verdict's contradiction.
    #[test]
    fn an_attainment_never_contradicts_its_verdict() {
        assert_eq!(
            attainment_words(100.0, Some(false), Lang::En),
            "below 100 %"
        );
        assert_eq!(attainment_words(99.6, Some(false), Lang::Vi), "dưới 100%");
        assert_eq!(attainment_words(99.4, Some(false), Lang::En), "99 %");
        assert_eq!(attainment_words(99.6, Some(true), Lang::En), "100 %");
        assert_eq!(
            attainment_words(99.4, Some(true), Lang::En),
            "100 % or more"
        );
        assert_eq!(attainment_words(100.0, None, Lang::En), "100 %");
        assert!(!attainment_is_a_number(100.0, Some(false)));
        assert!(attainment_is_a_number(98.0, Some(false)));
    }

    /// Issue 26: "1 point", "0.7 points", "0,7 điểm phần trăm".
    #[test]
    fn percentage_points_are_counted_in_words() {
        assert_eq!(points_text("1", Lang::En), "1 point");
        assert_eq!(points_text("0.7", Lang::En), "0.7 points");
        assert_eq!(points_text("0,7", Lang::Vi), "0,7 điểm phần trăm");
    }

    #[test]
    fn periods_read_as_vietnamese_reports_write_them() {
        let vi = |p: &str| period_text(Period::parse(p).unwrap(), Lang::Vi);
        assert_eq!(vi("2025"), "năm 2025");
        assert_eq!(vi("2025-H1"), "6 tháng đầu năm 2025");
        assert_eq!(vi("2025-H2"), "6 tháng cuối năm 2025");
        assert_eq!(vi("2025-Q3"), "quý III/2025");
        assert_eq!(period_text(Period::Quarter(2025, 4), Lang::En), "2025-Q4");
    }

    #[test]
    fn a_unit_that_started_or_ended_is_shown_with_its_dates_others_as_ever() {
        let mut small = crate::plan::model::fixture::Small::new();
        let day = |t: &str| t.parse::<NaiveDate>().unwrap();
        small.end("c1", day("2025-06-30"), &[]);
        small.end("c2", day("2025-06-30"), &[]);
        let new = small.new_unit(
            "c9",
            crate::plan::UnitKind::Commune,
            Some(day("2025-07-01")),
        );
        // c9 takes c1's name: they are namesakes.
        small.plan.units[new as usize].name =
            small.plan.units[small.unit("c1") as usize].name.clone();
        small.plan.mark_namesakes();
        let unit = |u: u16| &small.plan.units[u as usize];
        let (old, new) = (unit(small.unit("c1")), unit(new));
        assert_eq!(unit_label(old, Lang::En), "c1 (until 2025-06-30)");
        assert_eq!(unit_label(new, Lang::Vi), "c1 (mới, từ 01/07/2025)");
        assert_eq!(unit_name(old, Lang::Vi), "c1 (cũ, đến 30/06/2025)");
        assert_eq!(unit_short(new, Lang::En), "c9 (from 2025-07-01)");
        // c2 ended too, but no other unit bears its name; c3 lasts.
        for plain in [unit(small.unit("c2")), unit(small.unit("c3"))] {
            assert!(matches!(unit_label(plain, Lang::En), Cow::Borrowed(_)));
            assert!(matches!(unit_name(plain, Lang::Vi), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn a_round_title_says_shared_words_once() {
        let title = |name: &str, p: &str, lang| round_title(name, Period::parse(p).unwrap(), lang);
        assert_eq!(
            title("Báo cáo tổng kết năm", "2025", Lang::Vi),
            "Báo cáo tổng kết năm 2025"
        );
        assert_eq!(
            title("Báo cáo sơ kết 6 tháng", "2025-H1", Lang::Vi),
            "Báo cáo sơ kết 6 tháng đầu năm 2025"
        );
        assert_eq!(
            title("6-month report", "2025-H1", Lang::En),
            "6-month report 2025-H1"
        );
    }
}

//! The report's charts as data: what each shows, its axes, its numbers as a table
//! and a sentence saying what it shows. [`super::svg`] draws them; the HTML and the
//! Word document embed the drawing, and every renderer can print the table.

use crate::document::{Compliance, Document, IndicatorResult};
use crate::i18n::Lang;
use crate::tr;
use crate::words::{
    Precision, number_text, period_label, period_short, points_text, sentence_start,
};

/// Bars run across (one per category) or a line runs through the categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One horizontal bar per category; several series stack.
    Bars,
    /// One point per category, joined.
    Line,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique within the document, for ids in HTML.
    pub id: String,
    pub title: String,
    /// A sentence saying what the chart shows, for readers who cannot see it.
    pub alt: String,
    pub shape: Shape,
    /// The categories' axis (rounds, indicators, communes).
    pub category_label: String,
    /// The values' axis, with its unit.
    pub value_label: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// A reference line (the target), with its label.
    pub target: Option<(f64, String)>,
    /// The value axis runs from 0 (or the smallest value) to at least this.
    pub max_hint: Option<f64>,
    /// How its values are written: as sent, or rounded (a percentage).
    pub precision: Precision,
}

impl Chart {
    /// The numbers drawn: a header row, then one row per category.
    pub fn table(&self, lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
        let mut headers = vec![self.category_label.clone()];
        headers.extend(self.series.iter().map(|s| s.name.clone()));
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let mut row = vec![category.clone()];
                row.extend(self.series.iter().map(|s| {
                    s.values[i].map_or("—".to_string(), |v| number_text(v, self.precision, lang))
                }));
                row
            })
            .collect();
        (headers, rows)
    }
}

/// Attainment of every indicator with data against its target (100 %).
pub fn attainment(document: &Document, lang: Lang) -> Chart {
    let (results, period, year) = (
        &document.results,
        &document.result_period,
        document.target_year,
    );
    let indicators: Vec<&IndicatorResult> =
        results.iter().flat_map(|o| o.indicators.iter()).collect();
    let met = indicators.iter().filter(|i| i.met == Some(true)).count();
    let judged = indicators.iter().filter(|i| i.met.is_some()).count();
    Chart {
        id: "attainment".into(),
        title: tr!(
            lang,
            "Attainment of the {year} targets, {}",
            "Kết quả {} so với mục tiêu đến năm {year}",
            period_label(period, lang)
        ),
        alt: tr!(
            lang,
            "Horizontal bars, one per indicator grouped by objective, showing the value as a percentage of its target; a line marks 100 %. {met} of {judged} indicators with data meet their target.",
            "Biểu đồ thanh ngang, mỗi chỉ tiêu một thanh theo từng mục tiêu, thể hiện giá trị so với chỉ tiêu đề ra (%); đường kẻ đánh dấu mức 100%. {met}/{judged} chỉ tiêu có số liệu đạt chỉ tiêu đề ra."
        ),
        shape: Shape::Bars,
        category_label: lang.pick("indicator", "chỉ tiêu").into(),
        value_label: lang
            .pick("attainment of the target (%)", "tỷ lệ so với chỉ tiêu (%)")
            .into(),
        categories: indicators.iter().map(|i| i.indicator.clone()).collect(),
        series: vec![Series {
            name: lang
                .pick("attainment (%)", "tỷ lệ so với chỉ tiêu (%)")
                .into(),
            values: indicators.iter().map(|i| i.attainment_pct).collect(),
        }],
        target: Some((100.0, lang.pick("target", "chỉ tiêu").into())),
        max_hint: Some(100.0),
        precision: Precision::Rounded(1),
    }
}

/// One indicator's value at each round, with its target.
pub fn trend(indicator: &IndicatorResult, lang: Lang) -> Chart {
    let id = &indicator.indicator;
    let uom = &indicator.unit_of_measure;
    let known: Vec<String> = indicator
        .trend
        .iter()
        .filter(|p| p.value.is_some())
        .map(|p| format!("{} {}", period_label(&p.period, lang), p.value_text))
        .collect();
    let target = indicator.target.filter(|_| indicator.op != "yes");
    Chart {
        id: format!("trend-{id}"),
        title: tr!(
            lang,
            "{id}: value by round",
            "{id}: kết quả thực hiện theo kỳ"
        ),
        alt: tr!(
            lang,
            "Line chart of indicator {id} ({uom}) over the rounds, target {}: {}.",
            "Biểu đồ đường của chỉ tiêu {id} ({uom}) qua các kỳ, chỉ tiêu đề ra {}: {}.",
            indicator.target_text,
            if known.is_empty() {
                lang.pick("no values yet", "chưa có giá trị").to_string()
            } else {
                known.join(", ")
            }
        ),
        shape: Shape::Line,
        category_label: lang.pick("round", "kỳ").into(),
        value_label: uom.clone(),
        categories: indicator
            .trend
            .iter()
            .map(|p| period_short(&p.period, lang))
            .collect(),
        series: vec![Series {
            name: id.clone(),
            values: indicator.trend.iter().map(|p| p.value).collect(),
        }],
        target: target.map(|t| (t, indicator.target_text.clone())),
        max_hint: target,
        precision: indicator.precision,
    }
}

/// Each group's value (boys, girls) round by round: the gap between them, with
/// the target every group must meet.
pub fn groups(indicator: &IndicatorResult, lang: Lang) -> Chart {
    let id = &indicator.indicator;
    let names: Vec<&str> = indicator.groups.iter().map(|g| g.name.as_str()).collect();
    let gap = indicator.group_gap.as_ref().map_or(String::new(), |g| {
        let number = number_text(g.value, indicator.precision, lang);
        let gap = match indicator.unit_of_measure.trim() {
            "%" => points_text(&number, lang),
            _ => number,
        };
        tr!(
            lang,
            " In the report's period the gap is {gap}.",
            " Trong kỳ báo cáo, chênh lệch là {gap}."
        )
    });
    let target = indicator.target.filter(|_| indicator.op != "yes");
    let rounds = indicator.groups.first().map_or(Vec::new(), |g| {
        g.trend
            .iter()
            .map(|p| period_short(&p.period, lang))
            .collect()
    });
    Chart {
        id: format!("groups-{id}"),
        title: tr!(
            lang,
            "{id}: {} by round",
            "{id}: {} theo kỳ",
            names.join(lang.pick(" and ", " và "))
        ),
        alt: tr!(
            lang,
            "Line chart of indicator {id} ({}) for each group over the rounds, one line per group told apart by dashes and markers; target {} for every group.{gap}",
            "Biểu đồ đường của chỉ tiêu {id} ({}) cho từng nhóm qua các kỳ, mỗi nhóm một đường phân biệt bằng nét và dấu; chỉ tiêu đề ra {} cho mọi nhóm.{gap}",
            indicator.unit_of_measure,
            indicator.target_text
        ),
        shape: Shape::Line,
        category_label: lang.pick("round", "kỳ").into(),
        value_label: indicator.unit_of_measure.clone(),
        categories: rounds,
        series: indicator
            .groups
            .iter()
            .map(|g| Series {
                name: g.name.clone(),
                values: g.trend.iter().map(|p| p.value).collect(),
            })
            .collect(),
        target: target.map(|t| (t, indicator.target_text.clone())),
        max_hint: target,
        precision: indicator.precision,
    }
}

/// At most this many communes in a chart; beyond it, those furthest from the
/// target (a province or a country has thousands).
pub const MAX_COMMUNES: usize = 30;

/// Each commune's own value for an indicator communes report, with the target;
/// in a plan with more than [`MAX_COMMUNES`] communes, the ones furthest from it.
pub fn communes(indicator: &IndicatorResult, period: &str, lang: Lang) -> Chart {
    let period = period_label(period, lang);
    let id = &indicator.indicator;
    let all = &indicator.communes;
    let reported = all.iter().filter(|c| c.value.is_some()).count();
    let n = all.len();
    let mut shown: Vec<&crate::document::UnitValue> = all.iter().collect();
    if n > MAX_COMMUNES {
        // Furthest from the target first: the lowest values where higher is
        // better, the highest where lower is better; communes without a value last.
        let lower_is_better = indicator.direction == "lower";
        shown.retain(|c| c.value.is_some());
        shown.sort_by(|a, b| {
            let (a, b) = (a.value.unwrap_or(0.0), b.value.unwrap_or(0.0));
            if lower_is_better {
                b.total_cmp(&a)
            } else {
                a.total_cmp(&b)
            }
        });
        shown.truncate(MAX_COMMUNES);
    }
    let target = indicator.target.filter(|_| indicator.op != "yes");
    let title = if shown.len() < n {
        tr!(
            lang,
            "{id}: the {} communes furthest from the target, of {n}, {period}",
            "{id}: {} xã xa chỉ tiêu nhất trong {n} xã, {period}",
            shown.len()
        )
    } else {
        tr!(
            lang,
            "{id} commune by commune, {period}",
            "{id} theo từng xã, thị trấn, {period}"
        )
    };
    Chart {
        id: format!("communes-{id}"),
        title,
        alt: tr!(
            lang,
            "Horizontal bars, one per commune, of indicator {id} ({}); a line marks the target {}. {reported} of {n} communes reported.",
            "Biểu đồ thanh ngang, mỗi xã, thị trấn một thanh, chỉ tiêu {id} ({}); đường kẻ đánh dấu chỉ tiêu đề ra {}. {reported}/{n} xã, thị trấn đã báo cáo.",
            indicator.unit_of_measure,
            indicator.target_text
        ),
        shape: Shape::Bars,
        category_label: lang.pick("commune", "xã, thị trấn").into(),
        value_label: indicator.unit_of_measure.clone(),
        categories: shown.iter().map(|c| c.name.clone()).collect(),
        series: vec![Series {
            name: id.clone(),
            values: shown.iter().map(|c| c.value).collect(),
        }],
        target: target.map(|t| (t, indicator.target_text.clone())),
        max_hint: target,
        precision: indicator.precision,
    }
}

/// How many units reported on time, late, incomplete or not at all, round by round.
pub fn timeliness(compliance: &Compliance, lang: Lang) -> Chart {
    let rounds = &compliance.rounds;
    let series = |name: &str, f: fn(&crate::document::RoundCompliance) -> usize| Series {
        name: name.into(),
        values: rounds.iter().map(|r| Some(f(r) as f64)).collect(),
    };
    let latest = rounds.last().map_or(String::new(), |r| {
        tr!(
            lang,
            " In {}, {} of {} units reported on time and complete.",
            " {}: {}/{} đơn vị báo cáo đúng hạn và đủ.",
            sentence_start(&period_label(&r.period, lang)),
            r.on_time_complete,
            r.expected
        )
    });
    Chart {
        id: "timeliness".into(),
        title: lang
            .pick(
                "Reporting timeliness by round",
                "Tình hình gửi báo cáo theo kỳ",
            )
            .into(),
        alt: tr!(
            lang,
            "Stacked horizontal bars, one per round, dividing the units that owed the report into on time and complete, late, incomplete and missing.{latest}",
            "Biểu đồ thanh ngang chồng, mỗi kỳ một thanh, chia các đơn vị phải báo cáo thành: đúng hạn và đủ, gửi muộn, thiếu số liệu, chưa gửi.{latest}"
        ),
        shape: Shape::Bars,
        category_label: lang.pick("round", "kỳ").into(),
        value_label: lang.pick("units", "số đơn vị").into(),
        categories: rounds
            .iter()
            .map(|r| period_short(&r.period, lang))
            .collect(),
        series: vec![
            series(lang.pick("on time, complete", "đúng hạn, đủ"), |r| {
                r.on_time_complete
            }),
            series(lang.pick("late", "gửi muộn"), |r| r.late),
            series(lang.pick("incomplete", "thiếu số liệu"), |r| {
                r.incomplete
            }),
            series(lang.pick("missing", "chưa gửi"), |r| r.missing),
        ],
        target: None,
        max_hint: None,
        precision: Precision::AsSent,
    }
}

/// Every chart of a document, in the order it appears.
pub fn all(document: &Document, lang: Lang) -> Vec<Chart> {
    let mut charts = vec![attainment(document, lang)];
    for indicator in document.results.iter().flat_map(|o| &o.indicators) {
        charts.push(trend(indicator, lang));
        if !indicator.communes.is_empty() {
            charts.push(communes(indicator, &document.result_period, lang));
        }
        if !indicator.groups.is_empty() {
            charts.push(groups(indicator, lang));
        }
    }
    charts.push(timeliness(&document.compliance, lang));
    charts
}

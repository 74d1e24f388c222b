//! The plan's indicators as Open SDG takes them: for each indicator, its yearly
//! series (the district's value as the headline, each group's value by sex, each
//! contributing unit's own value) and its metadata (national target, target
//! year, direction and the progress calculation options). Values are the domain's
//! (`status::standing`, `status::contributor_standings`); `render::opensdg` only
//! writes them down.
//!
//! Open SDG's `Year` is a calendar year and its progress measure a growth rate
//! over years, so only the plan's annual periods are exported: the 6-month value
//! of a plan that ended early (the last of `Plan::review_periods`) is left out,
//! and `status` shows it.

use crate::domain::figure::{Figure, Key};
use crate::domain::measure::{Direction, Measure};
use crate::domain::period::Period;
use crate::domain::plan::{Indicator, Plan, UnitKind};
use crate::domain::status::{Standing, contributor_standings, standing};
use crate::i18n::Lang;
use serde::Serialize;

/// One indicator's data and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The indicator's id with dashes (`5-2a`), Open SDG's file name stem.
    pub slug: String,
    pub columns: Columns,
    /// By year; in each year the headline first, then groups, then units.
    pub rows: Vec<Row>,
    pub metadata: Metadata,
}

/// Which disaggregation columns the indicator's CSV has.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// The dimension's name as a header (`Sex`), for a broken-down indicator.
    pub group: Option<String>,
    /// The header of the units' column, when the indicator has several
    /// contributors: `Geography` for communes, `Reporting unit` otherwise.
    pub unit: Option<&'static str>,
    /// Whether a `GeoCode` column is written: the plan gives a code to a unit.
    pub geo_code: bool,
}

/// One row: a value for a year, of the whole (the headline), a group or a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub year: i32,
    pub group: Option<String>,
    pub unit: Option<String>,
    pub geo_code: Option<String>,
    pub value: f64,
}

/// Open SDG's indicator metadata, as its YAML keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    pub indicator_number: String,
    pub indicator_name: String,
    pub national_target: String,
    pub target_year: i32,
    pub computation_units: String,
    /// `complete` when the series has a value, else `notstarted`.
    pub reporting_status: &'static str,
    pub data_non_statistical: bool,
    pub auto_progress_calculation: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub progress_calculation_options: Vec<ProgressOptions>,
}

/// The inputs of Open SDG's progress measure for the headline series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressOptions {
    /// `positive` (higher is better) or `negative`.
    pub direction: &'static str,
    pub target: f64,
    pub base_year: i32,
    pub target_year: i32,
}

/// Every indicator of the plan, with the values `figure_of` gives.
pub fn build(plan: &Plan, lang: Lang, figure_of: &dyn Fn(&Key) -> Option<Figure>) -> Vec<Series> {
    (0..plan.indicators.len())
        .map(|index| indicator_series(plan, index as u16, lang, figure_of))
        .collect()
}

fn indicator_series(
    plan: &Plan,
    index: u16,
    lang: Lang,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Series {
    let indicator = &plan.indicators[index as usize];
    let columns = columns(plan, indicator);
    let mut rows = Vec::new();
    for year in years(plan) {
        let whole = standing(plan, index, year, figure_of);
        rows.extend(headline_and_groups(plan, indicator, &whole, lang));
        if columns.unit.is_some() {
            let units = contributor_standings(plan, index, year, figure_of);
            rows.extend(unit_rows(plan, year, &units, lang));
        }
    }
    let metadata = metadata(plan, indicator, !rows.is_empty(), lang);
    Series {
        slug: indicator.id.replace('.', "-"),
        columns,
        rows,
        metadata,
    }
}

/// The plan's annual review periods (`Plan::review_periods` without a final
/// half-year: see the module's note).
fn years(plan: &Plan) -> Vec<Period> {
    plan.review_periods()
        .into_iter()
        .filter(|p| matches!(p, Period::Year(_)))
        .collect()
}

fn columns(plan: &Plan, indicator: &Indicator) -> Columns {
    let units = &indicator.contributor_units;
    let of_unit = |u: &u16| &plan.units[*u as usize];
    let unit = (units.len() > 1).then(|| {
        if units.iter().all(|u| of_unit(u).kind == UnitKind::Commune) {
            "Geography"
        } else {
            "Reporting unit"
        }
    });
    Columns {
        group: indicator
            .disaggregation
            .map(|d| plan.dimensions[d as usize].id.clone())
            .map(|id| header_of(&id)),
        unit,
        geo_code: unit.is_some() && units.iter().any(|u| of_unit(u).code.is_some()),
    }
}

/// A dimension's id as a column header: `sex` → `Sex`.
fn header_of(id: &str) -> String {
    let mut chars = id.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace(['_', '-'], " ")
    })
}

/// The headline row (the district value) and each group's row, where valued.
fn headline_and_groups(
    plan: &Plan,
    indicator: &Indicator,
    whole: &Standing,
    lang: Lang,
) -> Vec<Row> {
    let year = whole.period.year();
    let row = |group: Option<String>, value: f64| Row {
        year,
        group,
        unit: None,
        geo_code: None,
        value,
    };
    let mut rows: Vec<Row> = whole.value.map(|v| row(None, v)).into_iter().collect();
    for (i, group) in whole.groups.iter().enumerate() {
        let name = plan
            .group(indicator, i as u8 + 1)
            .map(|g| g.name.get(lang).to_string());
        if let (Some(value), Some(name)) = (group.value, name) {
            rows.push(row(Some(name), value));
        }
    }
    rows
}

/// Each contributing unit's own value for the year, where it has one.
fn unit_rows(plan: &Plan, year: Period, units: &[(u16, Standing)], lang: Lang) -> Vec<Row> {
    units
        .iter()
        .filter_map(|(unit, s)| {
            let u = &plan.units[*unit as usize];
            Some(Row {
                year: year.year(),
                group: None,
                unit: Some(crate::words::unit_name(u, lang).into_owned()),
                geo_code: u.code.clone(),
                value: s.value?,
            })
        })
        .collect()
}

fn metadata(plan: &Plan, indicator: &Indicator, reported: bool, lang: Lang) -> Metadata {
    let progress = progress_options(plan, indicator);
    Metadata {
        indicator_number: indicator.id.clone(),
        indicator_name: indicator.name.get(lang).to_string(),
        national_target: national_target(indicator, lang),
        target_year: plan.meta.target_year,
        computation_units: indicator.unit_of_measure.get(lang).to_string(),
        reporting_status: if reported { "complete" } else { "notstarted" },
        data_non_statistical: false,
        auto_progress_calculation: progress.is_some(),
        progress_calculation_options: progress.into_iter().collect(),
    }
}

/// The target in the plan's words, else its comparison and number (`>= 60 %`);
/// a yes/no target reads as its comparison.
fn national_target(indicator: &Indicator, lang: Lang) -> String {
    if let Some(words) = &indicator.target_wording {
        return words.get(lang).to_string();
    }
    let unit = indicator.unit_of_measure.get(lang);
    match indicator.target {
        Some(target) => format!("{} {} {unit}", indicator.op, super::number_text(target)),
        None => indicator.op.to_string(),
    }
}

/// Open SDG's progress options for a numeric target: the direction, the target,
/// the baseline's year (else the plan's first) and the target year. None for a
/// yes/no indicator, whose values the growth-rate measure cannot read.
fn progress_options(plan: &Plan, indicator: &Indicator) -> Option<ProgressOptions> {
    if matches!(indicator.measure, Measure::YesNo) {
        return None;
    }
    Some(ProgressOptions {
        direction: match indicator.direction {
            Direction::Higher => "positive",
            Direction::Lower => "negative",
        },
        target: indicator.target?,
        base_year: indicator
            .baseline
            .map_or(plan.meta.start_year, |(year, _)| year),
        target_year: plan.meta.target_year,
    })
}

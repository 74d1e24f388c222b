//! The figures in force as of a day, as the systems above take them (DHIS2's
//! dataValueSets, IHE ADX): one value per figure that counts, each named by the
//! codes of `[exchange.dhis2]`, or by our own ids when the plan gives none. The
//! renderers (`render::dhis2`, `render::adx`) only write this down.

pub mod opensdg;

use crate::domain::duties::counts;
use crate::domain::figure::{Figure, Key};
use crate::domain::ledger::Ledger;
use crate::domain::measure::Measure;
use crate::domain::period::Period;
use crate::plan::{Dhis2Codes, ElementCodes, Plan};
use crate::store::Store;
use chrono::NaiveDate;

/// DHIS2's CSV header, in its order: what the export writes and DHIS2 in reads.
pub const CSV_HEADER: [&str; 10] = [
    "dataelement",
    "period",
    "orgunit",
    "catoptcombo",
    "attroptcombo",
    "value",
    "storedby",
    "lastupdated",
    "comment",
    "followup",
];

/// What `gender-plan export` writes, whatever the format.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    /// The as-of day: the figures are those in force on it.
    pub as_of: NaiveDate,
    pub data_set: Option<String>,
    /// True when the plan has no `[exchange.dhis2]`: the codes are our ids.
    pub own_ids: bool,
    /// In period, unit, indicator and group order.
    pub values: Vec<Value>,
}

/// One value: a figure, or one part of a ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub data_element: String,
    pub period: Period,
    pub org_unit: String,
    /// For a group's figure: its dimension's id and the group's code.
    pub group: Option<(String, String)>,
    pub amount: Amount,
    /// Who recorded it (empty in data files of the first release).
    pub stored_by: String,
    /// When it was recorded (RFC 3339).
    pub recorded: String,
    /// The unit's note on the figure.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Number(f64),
    YesNo(bool),
}

/// A plan id that `[exchange.dhis2]` gives no code for, though a value needs one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Missing {
    Indicator(String),
    Unit(String),
    Group { dimension: String, group: String },
}

/// The values of every figure in force in the ledger that counts
/// (`domain::duties::counts`), of `period` and its quarters or of every period
/// of the plan; Err with every id the mapping leaves without a code.
pub fn build(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    period: Option<Period>,
) -> Result<Export, Vec<Missing>> {
    let mut keys = exported_keys(plan, store, ledger, period);
    keys.sort_by_key(|(key, _)| (key.period, key.unit, key.indicator, key.group));
    let mut values = Vec::new();
    let mut missing = Vec::new();
    for (key, index) in keys {
        match key_values(plan, store, &key, index) {
            Ok(mut of_key) => values.append(&mut of_key),
            Err(gap) => missing.push(gap),
        }
    }
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Export {
        as_of: ledger.as_of(),
        data_set: plan.dhis2.as_ref().and_then(|c| c.data_set.clone()),
        own_ids: plan.dhis2.is_none(),
        values,
    })
}

/// Each key whose figure in force counts, with its revision's index.
fn exported_keys(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    period: Option<Period>,
) -> Vec<(Key, usize)> {
    let years = plan.meta.start_year..=plan.meta.end_year;
    let in_scope = |p: Period| period.is_none_or(|chosen| chosen == p || chosen.contains(p));
    let mut keys = Vec::new();
    for (index, revision) in store.revisions.iter().enumerate() {
        let key = revision.key();
        let exported = ledger.current_index(&key) == Some(index)
            && key.indicator.is_some()
            && years.contains(&key.period.year())
            && in_scope(key.period)
            && !matches!(revision.figure, Figure::Blank | Figure::Narrative)
            && counts(plan, &key);
        if exported {
            keys.push((key, index));
        }
    }
    keys
}

/// The values of one key's figure: one, or a ratio's two.
fn key_values(plan: &Plan, store: &Store, key: &Key, index: usize) -> Result<Vec<Value>, Missing> {
    let revision = &store.revisions[index];
    let origin = store.origin(index);
    let indicator = key.indicator.expect("exported keys have an indicator");
    let value = |data_element: String, amount: Amount| -> Result<Value, Missing> {
        Ok(Value {
            data_element,
            period: key.period,
            org_unit: org_unit(plan, key.unit)?,
            group: group_code(plan, indicator, key.group)?,
            amount,
            stored_by: origin.by.clone(),
            recorded: origin.recorded.clone(),
            comment: store.note(revision).map(str::to_string),
        })
    };
    let elements = elements(plan, indicator)?;
    match (revision.figure, elements) {
        (
            Figure::Ratio {
                numerator,
                denominator,
            },
            ElementCodes::Ratio {
                numerator: n,
                denominator: d,
            },
        ) => Ok(vec![
            value(n, Amount::Number(numerator))?,
            value(d, Amount::Number(denominator))?,
        ]),
        (Figure::YesNo(yes), ElementCodes::Value(code)) => {
            Ok(vec![value(code, Amount::YesNo(yes))?])
        }
        (Figure::Number(n), ElementCodes::Value(code)) => Ok(vec![value(code, Amount::Number(n))?]),
        // A figure that does not fit its indicator's measure is refused at ingest.
        _ => Ok(Vec::new()),
    }
}

/// The data elements of an indicator: from `[exchange.dhis2]`, or its id (and
/// `ID.numerator`, `ID.denominator` for a ratio).
fn elements(plan: &Plan, indicator: u16) -> Result<ElementCodes, Missing> {
    let ours = &plan.indicators[indicator as usize];
    match &plan.dhis2 {
        Some(codes) => codes
            .indicators
            .get(&indicator)
            .cloned()
            .ok_or_else(|| Missing::Indicator(ours.id.clone())),
        None if matches!(ours.measure, Measure::Ratio { .. }) => Ok(ElementCodes::Ratio {
            numerator: format!("{}.numerator", ours.id),
            denominator: format!("{}.denominator", ours.id),
        }),
        None => Ok(ElementCodes::Value(ours.id.clone())),
    }
}

fn org_unit(plan: &Plan, unit: u16) -> Result<String, Missing> {
    let ours = &plan.units[unit as usize].id;
    match &plan.dhis2 {
        Some(Dhis2Codes { units, .. }) => units
            .get(&unit)
            .cloned()
            .ok_or_else(|| Missing::Unit(ours.clone())),
        None => Ok(ours.clone()),
    }
}

/// A group's dimension id and code; None for the whole.
fn group_code(plan: &Plan, indicator: u16, group: u8) -> Result<Option<(String, String)>, Missing> {
    let ours = &plan.indicators[indicator as usize];
    let (Some(dimension), Some(found)) = (ours.disaggregation, plan.group(ours, group)) else {
        return Ok(None);
    };
    let dimension = plan.dimensions[dimension as usize].id.clone();
    let code = match &plan.dhis2 {
        Some(codes) => codes
            .groups
            .get(&(dimension.clone(), found.id.clone()))
            .cloned()
            .ok_or_else(|| Missing::Group {
                dimension: dimension.clone(),
                group: found.id.clone(),
            })?,
        None => found.id.clone(),
    };
    Ok(Some((dimension, code)))
}

/// DHIS2's period id: `2025`, `2025S1`, `2025Q3`.
pub fn dhis2_period(period: Period) -> String {
    match period {
        Period::Year(y) => format!("{y}"),
        Period::Half(y, h) => format!("{y}S{h}"),
        Period::Quarter(y, q) => format!("{y}Q{q}"),
    }
}

/// ADX's period: its first day and ISO 8601 duration (`2025-07-01/P3M`).
pub fn adx_period(period: Period) -> String {
    let (year, month, duration) = match period {
        Period::Year(y) => (y, 1, "P1Y"),
        Period::Half(y, h) => (y, 1 + 6 * (u32::from(h) - 1), "P6M"),
        Period::Quarter(y, q) => (y, 1 + 3 * (u32::from(q) - 1), "P3M"),
    };
    format!("{year:04}-{month:02}-01/{duration}")
}

/// A number as DHIS2 and ADX read it: the shortest decimal form, no exponent.
pub fn number_text(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_dhis2_and_adx_forms() {
        assert_eq!(dhis2_period(Period::Year(2025)), "2025");
        assert_eq!(dhis2_period(Period::Half(2025, 1)), "2025S1");
        assert_eq!(dhis2_period(Period::Quarter(2025, 3)), "2025Q3");
        assert_eq!(adx_period(Period::Year(2025)), "2025-01-01/P1Y");
        assert_eq!(adx_period(Period::Half(2025, 1)), "2025-01-01/P6M");
        assert_eq!(adx_period(Period::Half(2025, 2)), "2025-07-01/P6M");
        assert_eq!(adx_period(Period::Quarter(2025, 3)), "2025-07-01/P3M");
        assert_eq!(adx_period(Period::Quarter(2025, 4)), "2025-10-01/P3M");
    }

    #[test]
    fn numbers_without_exponent() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(0.5), "0.5");
        assert_eq!(number_text(1e14), "100000000000000");
        assert_eq!(number_text(-3.25), "-3.25");
    }
}

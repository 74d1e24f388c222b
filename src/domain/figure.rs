//! What a unit reports for one (unit, period, indicator): the unit of recording.

use super::period::Period;

/// A reported figure. Which variant an indicator takes follows from its measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// The row was on the form but left empty: "not reported".
    Blank,
    /// A value (value measure) or a quarterly count (share measure).
    Number(f64),
    YesNo(bool),
    Ratio {
        numerator: f64,
        denominator: f64,
    },
    /// A row with no indicator: the unit's narrative report for the period.
    Narrative,
}

impl Figure {
    pub fn is_blank(self) -> bool {
        matches!(self, Figure::Blank)
    }

    /// The figure as one number, where it is one (yes = 1, no = 0).
    pub fn as_number(self) -> Option<f64> {
        match self {
            Figure::Number(v) => Some(v),
            Figure::YesNo(b) => Some(if b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }
}

/// What a figure is about. `indicator` is None for a narrative report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub unit: u16,
    pub period: Period,
    pub indicator: Option<u16>,
}

//! What a unit reports for one (unit, period, indicator): the unit of recording.

use super::period::Period;

/// The most significant digits a reported number may have. A decimal number of
/// up to 15 significant digits survives the trip through an `f64` and back
/// exactly, and every whole number below 10^15 is exact: counts are never
/// rounded.
pub const MAX_DIGITS: usize = 15;

/// The largest magnitude a figure may have (exclusive): 10^15.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Whether a number may be recorded: finite and below [`MAX_MAGNITUDE`]. With
/// the plan's units bounded (u16), sums of such numbers stay finite and exact
/// enough: no infinity or NaN can reach a report.
pub fn is_recordable(value: f64) -> bool {
    value.is_finite() && value.abs() < MAX_MAGNITUDE
}

/// A reported figure. Which variant an indicator takes follows from its measure.
/// In JSON: `{"kind": "ratio", "value": {"numerator": 1, "denominator": 2}}`,
/// `{"kind": "number", "value": 5}`, `{"kind": "blank"}`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
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

/// What a figure is about. `indicator` is None for a narrative report. `group` is
/// 0 for the whole, or 1.. for a group of the indicator's breakdown (the boys, say,
/// of an indicator reported by sex; see `Indicator::disaggregation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub unit: u16,
    pub period: Period,
    pub indicator: Option<u16>,
    pub group: u8,
}

impl Key {
    const NO_INDICATOR: u64 = 0xFFFF;

    /// The key in 8 bytes, for compact storage and fast hashing of millions of
    /// figures: unit (16 bits), indicator (16 bits), group (8 bits), period (24
    /// bits: years up to 1,048,575).
    pub fn pack(self) -> u64 {
        let period = match self.period {
            Period::Year(y) => (y as u32) << 4,
            Period::Half(y, h) => ((y as u32) << 4) | u32::from(h),
            Period::Quarter(y, q) => ((y as u32) << 4) | (4 + u32::from(q)),
        } & 0x00FF_FFFF;
        let period = period | (u32::from(self.group) << 24);
        let indicator = self.indicator.map_or(Self::NO_INDICATOR, u64::from);
        (u64::from(self.unit) << 48) | (indicator << 32) | u64::from(period)
    }

    pub fn unpack(packed: u64) -> Key {
        let period = packed as u32;
        let group = (period >> 24) as u8;
        let period = period & 0x00FF_FFFF;
        let year = (period >> 4) as i32;
        let period = match period & 0xF {
            0 => Period::Year(year),
            h @ 1..=2 => Period::Half(year, h as u8),
            q => Period::Quarter(year, (q - 4) as u8),
        };
        let indicator = (packed >> 32) & 0xFFFF;
        Key {
            unit: (packed >> 48) as u16,
            period,
            indicator: (indicator != Self::NO_INDICATOR).then_some(indicator as u16),
            group,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (1900..2200i32).prop_map(Period::Year),
            (1900..2200i32, 1..=2u8).prop_map(|(y, h)| Period::Half(y, h)),
            (1900..2200i32, 1..=4u8).prop_map(|(y, q)| Period::Quarter(y, q)),
        ]
    }

    proptest! {
        #[test]
        fn packing_round_trips(unit in 0..u16::MAX, indicator in proptest::option::of(0..0xFFFEu16), period in period(), group in 0..=u8::MAX) {
            let key = Key { unit, period, indicator, group };
            prop_assert_eq!(Key::unpack(key.pack()), key);
        }

        #[test]
        fn packing_is_injective(a in (0..50u16, proptest::option::of(0..30u16), period(), 0..3u8), b in (0..50u16, proptest::option::of(0..30u16), period(), 0..3u8)) {
            let ka = Key { unit: a.0, indicator: a.1, period: a.2, group: a.3 };
            let kb = Key { unit: b.0, indicator: b.1, period: b.2, group: b.3 };
            prop_assert_eq!(ka == kb, ka.pack() == kb.pack());
        }
    }
}

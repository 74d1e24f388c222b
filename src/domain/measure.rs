//! How an indicator is measured and what its target asks for.

use std::fmt;

/// The comparison a target makes. `Yes` is the target of a yes/no indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Yes,
}

impl Op {
    pub const ALL: [Op; 6] = [Op::Ge, Op::Gt, Op::Le, Op::Lt, Op::Eq, Op::Yes];

    /// The spelling used in plan.toml and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::Yes => "yes",
        }
    }

    pub fn parse(text: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.as_str() == text.trim())
    }

    /// The sign as people write a target ("≥ 50 %").
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::Yes => "",
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }

    pub fn parse(text: &str) -> Option<Direction> {
        [Direction::Higher, Direction::Lower]
            .into_iter()
            .find(|d| d.as_str() == text.trim())
    }
}

/// How the district value is computed from what units send.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// Σ numerators / Σ denominators × scale.
    Ratio { scale: f64 },
    /// The unit sends the value itself.
    Value,
    /// The unit sends yes or no.
    YesNo,
    /// Units send a count per quarter; see [`ShareOf`] for what the share counts.
    Share { threshold: f64, of: ShareOf },
}

/// What a quarterly-count share is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareOf {
    /// % of the expected units whose count reaches the threshold in every quarter
    /// of the period ("100 % of communes have at least 4 items each quarter").
    Units,
    /// % of the reported (unit, quarter) cells whose count reaches the threshold
    /// ("every quarter, the station runs a feature").
    Quarters,
}

impl ShareOf {
    pub const ALL: [ShareOf; 2] = [ShareOf::Units, ShareOf::Quarters];

    /// The spelling used in plan.toml and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ShareOf::Units => "units",
            ShareOf::Quarters => "quarters",
        }
    }

    pub fn parse(text: &str) -> Option<ShareOf> {
        ShareOf::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }
}

impl Measure {
    pub const NAMES: [&'static str; 4] = ["ratio", "value", "yes/no", "share"];

    pub fn name(self) -> &'static str {
        match self {
            Measure::Ratio { .. } => "ratio",
            Measure::Value => "value",
            Measure::YesNo => "yes/no",
            Measure::Share { .. } => "share",
        }
    }

    pub fn frequency(self) -> Frequency {
        match self {
            Measure::Share { .. } => Frequency::Quarter,
            _ => Frequency::Round,
        }
    }

    /// Whether submissions carry a numerator and a denominator rather than a value.
    pub fn is_ratio(self) -> bool {
        matches!(self, Measure::Ratio { .. })
    }

    /// Whether a value with partial coverage is still over every unit that owes
    /// the figure (a share of units: one that has not reported has not reached
    /// the threshold), rather than over the units that have reported so far.
    pub fn counts_every_owing_unit(self) -> bool {
        matches!(
            self,
            Measure::Share {
                of: ShareOf::Units,
                ..
            }
        )
    }
}

/// How often a figure is sent: once per reporting round, or once per quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Round,
    Quarter,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Round => "round",
            Frequency::Quarter => "quarter",
        }
    }
}

//! Plausibility checks, like DHIS2's validation rules and outlier detection: a
//! figure that is possible but unlikely (a population ten times last year's, 400
//! news items in a quarter, boys and girls that do not add up to the total) is
//! recorded, and warned about at its place, until someone confirms it.
//!
//! Two sources of rules, both written in plan.toml (`[[checks]]`):
//! - rules relating the figures of one unit and period ([`Test::GroupsAddUp`],
//!   [`Test::Range`], [`Test::Compare`]);
//! - rules comparing a figure with the unit's own earlier figures of the same kind
//!   of period ([`Test::Change`] from the one before, [`Test::Outlier`] against the
//!   range of all of them), quoting them.
//!
//! Everything is read from a [`Ledger`]: the figures in force as of its day, so
//! `ingest` (on the ledger as it will be once the file is recorded) and `check` (on
//! the data file as it is) find the same [`Finding`]s. A figure is confirmed when
//! the note of its revision in force says so ([`confirms`]); a finding with a
//! confirmed figure among those it involves stands no more.

use super::attainment::{is_met, settle};
use super::figure::{Figure, Key};
use super::ledger::Ledger;
use super::measure::{Measure, Op};
use super::period::Period;
use crate::domain::plan::Plan;
use crate::i18n::Text;
use serde::Serialize;

/// Which number of a figure a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The value itself (for a ratio, numerator / denominator × scale).
    Value,
    Numerator,
    Denominator,
}

impl Part {
    pub fn parse(text: &str) -> Option<Part> {
        match text.trim() {
            "value" => Some(Part::Value),
            "numerator" => Some(Part::Numerator),
            "denominator" => Some(Part::Denominator),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Value => "value",
            Part::Numerator => "numerator",
            Part::Denominator => "denominator",
        }
    }
}

/// A number of one indicator's figure (of a group, or of the whole: group 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operand {
    pub indicator: u16,
    pub group: u8,
    pub part: Part,
}

/// What a rule checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// The groups of an indicator broken down by group (boys and girls) add up to
    /// the total given beside them: numerators and denominators, or values.
    GroupsAddUp { indicator: u16 },
    /// A number lies within a plausible range.
    Range {
        operand: Operand,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// The sum of some numbers compares so with the sum of others (one indicator's
    /// denominator against another's), for the same unit and period.
    Compare {
        left: Vec<Operand>,
        op: Op,
        right: Vec<Operand>,
    },
    /// A number changes by at most this share (0.2 = 20 %) from the unit's figure
    /// of the period of the same kind before (last year's, for a year).
    Change { operand: Operand, max_share: f64 },
    /// A number lies within the range of the unit's earlier figures of the same
    /// kind of period, widened by this factor (3: from a third of the lowest to
    /// three times the highest); needs [`MIN_HISTORY`] earlier figures. A 0 is
    /// never too low (a quarter with no news item happens); a range rule says
    /// otherwise where it matters.
    Outlier { operand: Operand, factor: f64 },
}

/// How many earlier figures an outlier test needs before it says anything: with
/// fewer, a unit's "range" is a guess.
pub const MIN_HISTORY: usize = 4;

/// A rule of plan.toml's `[[checks]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// How plan.toml names it, for messages and `check`.
    pub id: String,
    pub test: Test,
    /// Why the rule holds, in both languages, for the hint.
    pub why: Option<Text>,
}

/// What a rule found wrong with one unit's figures for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Found {
    /// The groups' sums and the total: (numerator or value, denominator).
    GroupsAddUp {
        groups: (f64, Option<f64>),
        total: (f64, Option<f64>),
    },
    Range {
        value: f64,
        min: Option<f64>,
        max: Option<f64>,
    },
    Compare {
        left: f64,
        op: String,
        right: f64,
    },
    Change {
        value: f64,
        earlier: Period,
        earlier_value: f64,
        /// The change as a share of the earlier value (2.0 = +200 %).
        share: f64,
        max_share: f64,
    },
    Outlier {
        value: f64,
        /// The unit's earlier figures, oldest first, and the lowest and highest
        /// of them.
        earlier: Vec<(Period, f64)>,
        lowest: f64,
        highest: f64,
        /// The plausible range: lowest / factor to highest × factor.
        low: f64,
        high: f64,
    },
}

/// A standing warning: the rule (an index into the plan's checks), the unit and
/// period, the keys of this period's figures it involves (the first is where it
/// is shown), and what was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: usize,
    #[serde(skip)]
    pub keys: Vec<Key>,
    pub found: Found,
}

impl Finding {
    pub fn unit(&self) -> u16 {
        self.keys[0].unit
    }

    pub fn period(&self) -> Period {
        self.keys[0].period
    }
}

/// Whether a note confirms its figure: it starts with "Xác nhận:" or
/// "Confirmed:" (any case, with or without diacritics), or has such a part after
/// " — ", which is how `ingest --confirm` adds one to a unit's own note.
pub fn confirms(note: &str) -> bool {
    const MARKS: [&str; 3] = ["xác nhận:", "xac nhan:", "confirmed:"];
    let lower = note.to_lowercase();
    lower
        .split(" — ")
        .any(|part| MARKS.iter().any(|m| part.trim_start().starts_with(m)))
}

/// The note `ingest --confirm REASON` gives a figure: its own note, then the
/// confirmation.
pub fn confirmed_note(note: Option<&str>, reason: &str, lang: crate::i18n::Lang) -> String {
    let mark = lang.pick("Confirmed:", "Xác nhận:");
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => format!("{note} — {mark} {}", reason.trim()),
        None => format!("{mark} {}", reason.trim()),
    }
}

/// The standing findings of the plan's rules for one unit and period, from the
/// figures in force in `ledger`. `confirmed(index)` says whether the revision at
/// `index` (of the ledger's revisions) is confirmed.
pub fn findings(
    plan: &Plan,
    ledger: &Ledger,
    unit: u16,
    period: Period,
    confirmed: &dyn Fn(usize) -> bool,
) -> Vec<Finding> {
    let figures = Figures { plan, ledger, unit };
    plan.checks
        .iter()
        .enumerate()
        .filter_map(|(index, rule)| {
            let (keys, found) = figures.test(&rule.test, period)?;
            let is_confirmed = keys
                .iter()
                .any(|k| ledger.current_index(k).is_some_and(confirmed));
            (!is_confirmed).then_some(Finding {
                rule: index,
                keys,
                found,
            })
        })
        .collect()
}

/// The (unit, period) pairs any rule could speak of: those with a figure in force
/// for an indicator some rule names, in key order.
pub fn scope(plan: &Plan, ledger: &Ledger, keys: impl Iterator<Item = Key>) -> Vec<(u16, Period)> {
    let named: Vec<u16> = plan
        .checks
        .iter()
        .flat_map(|r| r.test.indicators())
        .collect();
    let mut pairs: Vec<(u16, Period)> = keys
        .filter(|k| k.indicator.is_some_and(|i| named.contains(&i)))
        .filter(|k| ledger.current(k).is_some())
        .map(|k| (k.unit, k.period))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

impl Test {
    /// The indicators the test reads.
    pub fn indicators(&self) -> Vec<u16> {
        match self {
            Test::GroupsAddUp { indicator } => vec![*indicator],
            Test::Range { operand, .. }
            | Test::Change { operand, .. }
            | Test::Outlier { operand, .. } => vec![operand.indicator],
            Test::Compare { left, right, .. } => {
                left.iter().chain(right).map(|o| o.indicator).collect()
            }
        }
    }
}

/// One unit's figures in force.
struct Figures<'a> {
    plan: &'a Plan,
    ledger: &'a Ledger<'a>,
    unit: u16,
}

impl Figures<'_> {
    fn key(&self, indicator: u16, group: u8, period: Period) -> Key {
        Key {
            unit: self.unit,
            period,
            indicator: Some(indicator),
            group,
        }
    }

    /// The number an operand reads in a period, if the figure is there.
    fn number(&self, operand: &Operand, period: Period) -> Option<f64> {
        let key = self.key(operand.indicator, operand.group, period);
        let figure = self.ledger.figure(&key)?;
        let indicator = &self.plan.indicators[operand.indicator as usize];
        part_of(figure, indicator.measure, operand.part)
    }

    fn test(&self, test: &Test, period: Period) -> Option<(Vec<Key>, Found)> {
        match test {
            Test::GroupsAddUp { indicator } => self.groups_add_up(*indicator, period),
            Test::Range { operand, min, max } => {
                let value = self.number(operand, period)?;
                let outside = min.is_some_and(|m| settle(value) < m)
                    || max.is_some_and(|m| settle(value) > m);
                outside.then(|| {
                    (
                        vec![self.key(operand.indicator, operand.group, period)],
                        Found::Range {
                            value,
                            min: *min,
                            max: *max,
                        },
                    )
                })
            }
            Test::Compare { left, op, right } => self.compare(left, *op, right, period),
            Test::Change { operand, max_share } => self.change(operand, *max_share, period),
            Test::Outlier { operand, factor } => self.outlier(operand, *factor, period),
        }
    }

    /// Σ groups against the total, when the total and every group are there.
    fn groups_add_up(&self, indicator: u16, period: Period) -> Option<(Vec<Key>, Found)> {
        let ind = &self.plan.indicators[indicator as usize];
        let groups = ind.group_count(self.plan);
        if groups == 0 {
            return None;
        }
        let pair = |group: u8| -> Option<(f64, Option<f64>)> {
            match self.ledger.figure(&self.key(indicator, group, period))? {
                Figure::Ratio {
                    numerator,
                    denominator,
                } => Some((numerator, Some(denominator))),
                Figure::Number(v) => Some((v, None)),
                _ => None,
            }
        };
        let total = pair(0)?;
        let mut sum = (0.0, total.1.map(|_| 0.0));
        for group in 1..=groups {
            let (n, d) = pair(group)?;
            sum.0 += n;
            sum.1 = sum.1.zip(d).map(|(a, b)| a + b);
        }
        let differs = |a: f64, b: f64| settle(a) != settle(b);
        let wrong = differs(sum.0, total.0)
            || matches!((sum.1, total.1), (Some(a), Some(b)) if differs(a, b));
        let keys = (0..=groups)
            .map(|g| self.key(indicator, g, period))
            .collect();
        wrong.then_some((keys, Found::GroupsAddUp { groups: sum, total }))
    }

    fn compare(
        &self,
        left: &[Operand],
        op: Op,
        right: &[Operand],
        period: Period,
    ) -> Option<(Vec<Key>, Found)> {
        let sum =
            |side: &[Operand]| -> Option<f64> { side.iter().map(|o| self.number(o, period)).sum() };
        let (l, r) = (sum(left)?, sum(right)?);
        if is_met(op, Some(r), l) {
            return None;
        }
        let keys = left
            .iter()
            .chain(right)
            .map(|o| self.key(o.indicator, o.group, period))
            .collect();
        Some((
            keys,
            Found::Compare {
                left: l,
                op: op.as_str().to_string(),
                right: r,
            },
        ))
    }

    /// The unit's earlier figures of the operand, in periods of the same kind
    /// before `period` within the plan's years, oldest first.
    fn earlier(&self, operand: &Operand, period: Period) -> Vec<(Period, f64)> {
        let first = self.plan.meta.start_year;
        (first..=period.year())
            .flat_map(|year| same_kind(period, year))
            .filter(|p| *p < period)
            .filter_map(|p| Some((p, self.number(operand, p)?)))
            .collect()
    }

    fn change(
        &self,
        operand: &Operand,
        max_share: f64,
        period: Period,
    ) -> Option<(Vec<Key>, Found)> {
        let value = self.number(operand, period)?;
        let &(earlier, earlier_value) = self.earlier(operand, period).last()?;
        if earlier_value == 0.0 {
            return None;
        }
        let share = (value - earlier_value) / earlier_value;
        (settle(share.abs()) > max_share).then(|| {
            (
                vec![self.key(operand.indicator, operand.group, period)],
                Found::Change {
                    value,
                    earlier,
                    earlier_value,
                    share,
                    max_share,
                },
            )
        })
    }

    fn outlier(&self, operand: &Operand, factor: f64, period: Period) -> Option<(Vec<Key>, Found)> {
        let value = self.number(operand, period)?;
        let earlier = self.earlier(operand, period);
        if earlier.len() < MIN_HISTORY {
            return None;
        }
        let lowest = earlier.iter().map(|e| e.1).fold(f64::INFINITY, f64::min);
        let highest = earlier
            .iter()
            .map(|e| e.1)
            .fold(f64::NEG_INFINITY, f64::max);
        let (low, high) = (lowest / factor, highest * factor);
        // Earlier figures all 0 say nothing of how high a figure may go.
        let above = highest > 0.0 && settle(value) > settle(high);
        let below = value > 0.0 && settle(value) < settle(low);
        (above || below).then(|| {
            (
                vec![self.key(operand.indicator, operand.group, period)],
                Found::Outlier {
                    value,
                    earlier,
                    lowest,
                    highest,
                    low,
                    high,
                },
            )
        })
    }
}

/// The number a rule reads of a figure.
fn part_of(figure: Figure, measure: Measure, part: Part) -> Option<f64> {
    match (figure, part) {
        (
            Figure::Ratio {
                numerator,
                denominator,
            },
            Part::Value,
        ) => {
            let Measure::Ratio { scale } = measure else {
                return None;
            };
            (denominator != 0.0).then(|| numerator / denominator * scale)
        }
        (Figure::Ratio { numerator, .. }, Part::Numerator) => Some(numerator),
        (Figure::Ratio { denominator, .. }, Part::Denominator) => Some(denominator),
        (Figure::Number(v), Part::Value) => Some(v),
        _ => None,
    }
}

/// The periods of `period`'s kind in a year.
fn same_kind(period: Period, year: i32) -> Vec<Period> {
    match period {
        Period::Year(_) => vec![Period::Year(year)],
        Period::Half(..) => (1..=2).map(|h| Period::Half(year, h)).collect(),
        Period::Quarter(..) => (1..=4).map(|q| Period::Quarter(year, q)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::ShareOf;
    use crate::domain::plan::fixture::Small;
    use crate::domain::revision::{NO_NOTE, Revision};
    use chrono::NaiveDate;

    /// A small plan (communes c1–c3; r and s ratios, s by sex; q a quarterly
    /// count) with the given rules, and revisions recorded on one day.
    struct Case {
        small: Small,
        revisions: Vec<Revision>,
        /// Revisions whose note confirms them.
        confirmed: Vec<usize>,
    }

    const R: u16 = 0;
    const S: u16 = 1;
    const Q: u16 = 2;

    fn operand(indicator: u16, part: Part) -> Operand {
        Operand {
            indicator,
            group: 0,
            part,
        }
    }

    impl Case {
        fn new(tests: Vec<Test>) -> Case {
            let mut small = Small::new();
            assert_eq!(small.commune_ratio("r", 50.0), R);
            assert_eq!(small.commune_ratio("s", 50.0), S);
            small.by_sex(S);
            assert_eq!(small.commune_share("q", 4.0, ShareOf::Units), Q);
            small.plan.checks = tests
                .into_iter()
                .enumerate()
                .map(|(i, test)| Rule {
                    id: format!("rule-{i}"),
                    test,
                    why: None,
                })
                .collect();
            Case {
                small,
                revisions: Vec::new(),
                confirmed: Vec::new(),
            }
        }

        fn add(&mut self, period: &str, indicator: u16, group: u8, figure: Figure) -> &mut Case {
            let key = Key {
                unit: self.small.unit("c1"),
                period: Period::parse(period).unwrap(),
                indicator: Some(indicator),
                group,
            };
            let day = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
            let source = self.revisions.len() as u32;
            self.revisions
                .push(Revision::figure(&key, figure, day, NO_NOTE, source));
            self
        }

        fn ratio(&mut self, period: &str, indicator: u16, group: u8, n: f64, d: f64) -> &mut Case {
            let figure = Figure::Ratio {
                numerator: n,
                denominator: d,
            };
            self.add(period, indicator, group, figure)
        }

        fn count(&mut self, period: &str, n: f64) -> &mut Case {
            self.add(period, Q, 0, Figure::Number(n))
        }

        fn found(&self, period: &str) -> Vec<Found> {
            let as_of = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            let ledger = Ledger::for_plan(&self.small.plan, &self.revisions, as_of);
            let confirmed = |i: usize| self.confirmed.contains(&i);
            let unit = self.small.unit("c1");
            findings(
                &self.small.plan,
                &ledger,
                unit,
                Period::parse(period).unwrap(),
                &confirmed,
            )
            .into_iter()
            .map(|f| f.found)
            .collect()
        }
    }

    #[test]
    fn groups_that_do_not_add_up_to_the_total() {
        let mut case = Case::new(vec![Test::GroupsAddUp { indicator: S }]);
        case.ratio("2025", S, 0, 90.0, 100.0)
            .ratio("2025", S, 1, 40.0, 50.0)
            .ratio("2025", S, 2, 45.0, 50.0);
        assert_eq!(
            case.found("2025"),
            [Found::GroupsAddUp {
                groups: (85.0, Some(100.0)),
                total: (90.0, Some(100.0)),
            }]
        );
        // Groups that add up, or a group missing, say nothing.
        case.ratio("2024", S, 0, 85.0, 100.0)
            .ratio("2024", S, 1, 40.0, 50.0)
            .ratio("2024", S, 2, 45.0, 50.0)
            .ratio("2023", S, 0, 85.0, 100.0)
            .ratio("2023", S, 1, 40.0, 50.0);
        assert_eq!(case.found("2024"), []);
        assert_eq!(case.found("2023"), []);
    }

    #[test]
    fn a_number_outside_its_range() {
        let test = Test::Range {
            operand: operand(Q, Part::Value),
            min: Some(0.0),
            max: Some(50.0),
        };
        let mut case = Case::new(vec![test]);
        case.count("2025-Q1", 400.0).count("2025-Q2", 50.0);
        assert_eq!(
            case.found("2025-Q1"),
            [Found::Range {
                value: 400.0,
                min: Some(0.0),
                max: Some(50.0),
            }]
        );
        assert_eq!(case.found("2025-Q2"), []);
    }

    #[test]
    fn one_denominator_against_the_sum_of_others() {
        let test = Test::Compare {
            left: vec![operand(R, Part::Numerator), operand(R, Part::Denominator)],
            op: Op::Le,
            right: vec![operand(S, Part::Denominator)],
        };
        let mut case = Case::new(vec![test]);
        case.ratio("2025", R, 0, 60.0, 50.0)
            .ratio("2025", S, 0, 10.0, 100.0)
            .ratio("2024", R, 0, 40.0, 50.0)
            .ratio("2024", S, 0, 10.0, 100.0);
        assert_eq!(
            case.found("2025"),
            [Found::Compare {
                left: 110.0,
                op: "<=".into(),
                right: 100.0,
            }]
        );
        assert_eq!(case.found("2024"), []);
        // Without the other side's figure, nothing to compare.
        assert_eq!(case.found("2023"), []);
    }

    #[test]
    fn a_population_ten_times_last_years_quotes_last_year() {
        let test = Test::Change {
            operand: operand(R, Part::Denominator),
            max_share: 0.2,
        };
        let mut case = Case::new(vec![test]);
        case.ratio("2023", R, 0, 1.0, 12_000.0)
            .ratio("2024", R, 0, 1.0, 12_500.0)
            .ratio("2025", R, 0, 1.0, 125_000.0)
            // Half-years are compared with half-years only.
            .ratio("2025-H1", R, 0, 1.0, 12_600.0);
        assert_eq!(
            case.found("2025"),
            [Found::Change {
                value: 125_000.0,
                earlier: Period::Year(2024),
                earlier_value: 12_500.0,
                share: 9.0,
                max_share: 0.2,
            }]
        );
        assert_eq!(case.found("2024"), []);
        assert_eq!(case.found("2025-H1"), [], "no earlier half-year");
    }

    #[test]
    fn a_count_far_above_the_units_own_history() {
        let test = Test::Outlier {
            operand: operand(Q, Part::Value),
            factor: 3.0,
        };
        let mut case = Case::new(vec![test]);
        for (q, n) in [
            ("2024-Q1", 4.0),
            ("2024-Q2", 6.0),
            ("2024-Q3", 3.0),
            ("2024-Q4", 5.0),
        ] {
            case.count(q, n);
        }
        case.count("2025-Q1", 40.0)
            .count("2025-Q2", 0.0)
            .count("2025-Q3", 18.0);
        let Found::Outlier { earlier, high, .. } = &case.found("2025-Q1")[0] else {
            panic!("an outlier")
        };
        assert_eq!(earlier.len(), 4, "the quarters before, quoted");
        assert_eq!(*high, 18.0);
        assert_eq!(
            case.found("2025-Q2"),
            [],
            "a quarter with nothing is no outlier"
        );
        // Within the range that now holds 40; with fewer than MIN_HISTORY earlier
        // figures, no verdict.
        assert_eq!(case.found("2025-Q3"), []);
        assert_eq!(case.found("2024-Q4"), []);
    }

    #[test]
    fn a_confirmed_figure_warns_no_more() {
        let test = Test::Range {
            operand: operand(Q, Part::Value),
            min: None,
            max: Some(50.0),
        };
        let mut case = Case::new(vec![test]);
        case.count("2025-Q1", 400.0);
        assert_eq!(case.found("2025-Q1").len(), 1);
        case.confirmed.push(0);
        assert_eq!(case.found("2025-Q1"), []);
    }

    #[test]
    fn what_confirms_a_figure() {
        assert!(confirms("Xác nhận: dân số tăng do sáp nhập thôn"));
        assert!(confirms("xac nhan: so lieu dung"));
        assert!(confirms("CONFIRMED: checked with the commune"));
        assert!(confirms("tổng hợp từ các thôn — Xác nhận: đúng"));
        assert!(!confirms("chưa xác nhận: còn chờ xã"));
        assert!(!confirms("tổng hợp từ các thôn"));
        let note = confirmed_note(Some("tổng hợp"), "đã gọi điện xã", crate::i18n::Lang::Vi);
        assert_eq!(note, "tổng hợp — Xác nhận: đã gọi điện xã");
        assert!(confirms(&note));
    }
}

//! Where an indicator stands for a period: its district value computed from the
//! units' current figures, coverage, and comparison with the target.

use super::attainment::{attainment_pct, gap, is_met};
use super::figure::{Figure, Key};
use super::measure::Measure;
use super::outlook::{Assessment, assess};
use super::period::Period;
use crate::plan::{Plan, period_bounds};

/// Reported / expected: contributors for most measures, (contributor, quarter)
/// cells for quarterly shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub reported: usize,
    pub expected: usize,
}

impl Coverage {
    pub fn is_partial(self) -> bool {
        self.reported < self.expected
    }
}

/// An indicator's standing for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub period: Period,
    /// None without data.
    pub value: Option<f64>,
    pub coverage: Coverage,
    /// None without data.
    pub met: Option<bool>,
    pub attainment_pct: Option<f64>,
    pub gap: Option<f64>,
    /// Σ numerators and Σ denominators, for ratio measures with data.
    pub sums: Option<(f64, f64)>,
}

/// One contributor's figure for a period (for tracing a district value back).
#[derive(Debug, Clone, PartialEq)]
pub struct ContributorFigure {
    pub unit: u16,
    pub period: Period,
    /// None when nothing usable was reported (missing or blank).
    pub figure: Option<Figure>,
}

/// Whether a unit's figure for a period is expected: a unit with an end date is
/// expected only for the periods of the rounds it owes (see
/// [`super::reporting::owes`]), so coverage and `overdue` agree.
pub fn expected_for(plan: &Plan, unit: u16, period: Period) -> bool {
    let Some(ends) = plan.units[unit as usize].ends else {
        return true;
    };
    let rounds = plan.rounds();
    let round = rounds
        .iter()
        .find(|r| r.period == period || r.own_quarters(&rounds).contains(&period));
    match round {
        Some(round) => super::reporting::owes(plan, unit, round),
        None => period_bounds(period).0 <= ends,
    }
}

/// The figures behind an indicator's value for a period, one per contributor and,
/// for quarterly shares, per quarter.
pub fn contributor_figures(
    plan: &Plan,
    indicator_index: u16,
    period: Period,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<ContributorFigure> {
    let indicator = &plan.indicators[indicator_index as usize];
    let periods = match indicator.measure {
        Measure::Share { .. } => period.quarters(),
        _ => vec![period],
    };
    let mut out = Vec::new();
    for &unit in &indicator.contributor_units {
        for &p in &periods {
            if !expected_for(plan, unit, p) {
                continue;
            }
            let key = Key {
                unit,
                period: p,
                indicator: Some(indicator_index),
            };
            let figure = figure_of(&key).filter(|f| !f.is_blank());
            out.push(ContributorFigure {
                unit,
                period: p,
                figure,
            });
        }
    }
    out
}

/// Computes an indicator's standing for a period from the current figures.
///
/// - ratio: Σ numerators / Σ denominators × scale over the contributors that reported;
/// - value: the reported value (the mean, should several contributors report one);
/// - yes/no: yes when every contributor that reported says yes;
/// - share: % of reported (contributor, quarter) cells whose count reaches the threshold.
pub fn standing(
    plan: &Plan,
    indicator_index: u16,
    period: Period,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Standing {
    let indicator = &plan.indicators[indicator_index as usize];
    let cells = contributor_figures(plan, indicator_index, period, figure_of);
    let reported: Vec<Figure> = cells.iter().filter_map(|c| c.figure).collect();
    let coverage = Coverage {
        reported: reported.len(),
        expected: cells.len(),
    };
    let mut sums = None;
    let value = if reported.is_empty() {
        None
    } else {
        match indicator.measure {
            Measure::Ratio { scale } => {
                let (n, d) = reported.iter().fold((0.0, 0.0), |(n, d), f| match f {
                    Figure::Ratio {
                        numerator,
                        denominator,
                    } => (n + numerator, d + denominator),
                    _ => (n, d),
                });
                sums = Some((n, d));
                (d > 0.0).then(|| n / d * scale)
            }
            Measure::Value => {
                let values: Vec<f64> = reported.iter().filter_map(|f| f.as_number()).collect();
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
            }
            Measure::YesNo => {
                let all_yes = reported.iter().all(|f| matches!(f, Figure::YesNo(true)));
                Some(if all_yes { 1.0 } else { 0.0 })
            }
            Measure::Share { threshold } => {
                let meeting = reported
                    .iter()
                    .filter(|f| f.as_number().is_some_and(|v| v >= threshold))
                    .count();
                Some(meeting as f64 / reported.len() as f64 * 100.0)
            }
        }
    };
    let (op, target, direction) = (indicator.op, indicator.target, indicator.direction);
    Standing {
        period,
        value,
        coverage,
        met: value.map(|v| is_met(op, target, v)),
        attainment_pct: value.and_then(|v| attainment_pct(op, direction, target, v)),
        gap: value.and_then(|v| gap(op, target, v)),
        sums,
    }
}

/// The outlook as of a year: the progress measure over the annual values up to it.
pub fn outlook(
    plan: &Plan,
    indicator_index: u16,
    up_to_year: i32,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Assessment {
    let indicator = &plan.indicators[indicator_index as usize];
    let annual: Vec<(i32, f64)> = (plan.meta.start_year..=up_to_year)
        .filter_map(|y| {
            standing(plan, indicator_index, Period::Year(y), figure_of)
                .value
                .map(|v| (y, v))
        })
        .collect();
    assess(
        indicator.op,
        indicator.direction,
        indicator.target,
        plan.meta.target_year,
        indicator.baseline,
        &annual,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outlook::Outlook;
    use crate::i18n::Lang;
    use std::collections::HashMap;

    fn plan() -> Plan {
        crate::plan::load::parse(include_str!("../../plan.toml"), "plan.toml", Lang::En).unwrap()
    }

    struct Data {
        plan: Plan,
        figures: HashMap<Key, Figure>,
    }

    impl Data {
        fn new() -> Data {
            Data {
                plan: plan(),
                figures: HashMap::new(),
            }
        }

        fn unit(&self, id: &str) -> u16 {
            self.plan.units.iter().position(|u| u.id == id).unwrap() as u16
        }

        fn indicator(&self, id: &str) -> u16 {
            self.plan
                .indicators
                .iter()
                .position(|i| i.id == id)
                .unwrap() as u16
        }

        fn set(&mut self, unit: &str, period: &str, indicator: &str, figure: Figure) {
            let key = Key {
                unit: self.unit(unit),
                period: Period::parse(period).unwrap(),
                indicator: Some(self.indicator(indicator)),
            };
            self.figures.insert(key, figure);
        }

        fn standing(&self, indicator: &str, period: &str) -> Standing {
            let figures = &self.figures;
            standing(
                &self.plan,
                self.indicator(indicator),
                Period::parse(period).unwrap(),
                &|k| figures.get(k).copied(),
            )
        }

        fn outlook(&self, indicator: &str, year: i32) -> Assessment {
            let figures = &self.figures;
            outlook(&self.plan, self.indicator(indicator), year, &|k| {
                figures.get(k).copied()
            })
        }
    }

    fn ratio(numerator: f64, denominator: f64) -> Figure {
        Figure::Ratio {
            numerator,
            denominator,
        }
    }

    #[test]
    fn ratio_sums_numerators_and_denominators_over_communes() {
        let mut d = Data::new();
        d.set("ban-bo", "2025", "6.1", ratio(300.0, 1000.0));
        d.set("ban-hon", "2025", "6.1", ratio(900.0, 1000.0));
        let s = d.standing("6.1", "2025");
        assert_eq!(s.value, Some(60.0));
        assert_eq!(s.sums, Some((1200.0, 2000.0)));
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 2,
                expected: 13
            }
        );
        assert!(s.coverage.is_partial());
        assert_eq!(s.met, Some(true), "≥ 60 is met by 60.0");
        assert_eq!(s.attainment_pct, Some(100.0));
        assert_eq!(s.gap, Some(0.0));
    }

    #[test]
    fn blank_figures_do_not_count_as_reported() {
        let mut d = Data::new();
        d.set("ban-bo", "2025", "6.1", Figure::Blank);
        let s = d.standing("6.1", "2025");
        assert_eq!(s.value, None);
        assert_eq!(s.met, None);
        assert_eq!(s.coverage.reported, 0);
    }

    #[test]
    fn scale_per_100000() {
        let mut d = Data::new();
        d.set("ttyt", "2024", "4.2", ratio(1.0, 1071.0));
        let v = d.standing("4.2", "2024").value.unwrap();
        assert!((v - 93.370681).abs() < 1e-4, "{v}");
        assert_eq!(d.standing("4.2", "2024").met, Some(false));
    }

    #[test]
    fn strict_targets_at_the_boundary() {
        let mut d = Data::new();
        // 2.2: < 30 %, not met by exactly 30.
        d.set("ldtbxh", "2025", "2.2", ratio(3.0, 10.0));
        assert_eq!(d.standing("2.2", "2025").met, Some(false));
        // 5.2a: > 99 %, not met by exactly 99.
        d.set("gddt", "2025", "5.2a", ratio(99.0, 100.0));
        assert_eq!(d.standing("5.2a", "2025").met, Some(false));
        // 2.1: ≥ 50 %, met by exactly 50.
        d.set("ldtbxh", "2025", "2.1", ratio(1.0, 2.0));
        assert_eq!(d.standing("2.1", "2025").met, Some(true));
        // 4.1: ≤ 109, met by 109.
        d.set("ttyt", "2025", "4.1", ratio(109.0, 100.0));
        assert_eq!(d.standing("4.1", "2025").met, Some(true));
    }

    #[test]
    fn lower_is_better_attainment_and_zero() {
        let mut d = Data::new();
        d.set("ttyt", "2025", "4.3", ratio(36.0, 1000.0));
        let s = d.standing("4.3", "2025");
        assert_eq!(s.value, Some(36.0));
        assert_eq!(s.attainment_pct, Some(50.0), "target ÷ value × 100");
        assert_eq!(s.gap, Some(18.0));
        d.set("ttyt", "2025", "4.2", ratio(0.0, 1100.0));
        let s = d.standing("4.2", "2025");
        assert_eq!(s.value, Some(0.0));
        assert_eq!(s.met, Some(true), "0 maternal deaths meets ≤ 42");
    }

    #[test]
    fn value_and_yes_no() {
        let mut d = Data::new();
        d.set("thongke", "2025", "3.1", Figure::Number(1.8));
        let s = d.standing("3.1", "2025");
        assert_eq!((s.value, s.met), (Some(1.8), Some(false)));
        d.set("gddt", "2025", "5.1", Figure::YesNo(true));
        let s = d.standing("5.1", "2025");
        assert_eq!(
            (s.value, s.met, s.attainment_pct),
            (Some(1.0), Some(true), Some(100.0))
        );
        d.set("gddt", "2024", "5.1", Figure::YesNo(false));
        let s = d.standing("5.1", "2024");
        assert_eq!((s.met, s.attainment_pct), (Some(false), Some(0.0)));
    }

    #[test]
    fn share_counts_reported_quarter_cells_meeting_the_threshold() {
        let mut d = Data::new();
        d.set("ban-bo", "2025-Q1", "6.3", Figure::Number(4.0));
        d.set("ban-bo", "2025-Q2", "6.3", Figure::Number(3.0));
        d.set("ban-hon", "2025-Q1", "6.3", Figure::Number(5.0));
        d.set("ban-hon", "2025-Q2", "6.3", Figure::Blank);
        let s = d.standing("6.3", "2025-H1");
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 3,
                expected: 26
            }
        );
        let v = s.value.unwrap();
        assert!((v - 200.0 / 3.0).abs() < 1e-9, "{v}");
        assert_eq!(s.met, Some(false));
        // A year holds Q1–Q4.
        let s = d.standing("6.3", "2025");
        assert_eq!(s.coverage.expected, 52);
        // The radio station: 6.4, threshold 1.
        for q in 1..=4 {
            d.set("daitt", &format!("2024-Q{q}"), "6.4", Figure::Number(1.0));
        }
        let s = d.standing("6.4", "2024");
        assert_eq!(
            (s.value, s.met, s.coverage.reported),
            (Some(100.0), Some(true), 4)
        );
    }

    #[test]
    fn outlook_from_annual_values_worked_example() {
        let mut d = Data::new();
        d.set("ldtbxh", "2021", "2.1", ratio(40.0, 100.0));
        d.set("ldtbxh", "2023", "2.1", ratio(44.0, 100.0));
        // A half-year figure is not an annual value.
        d.set("ldtbxh", "2024-H1", "2.1", ratio(10.0, 100.0));
        let a = d.outlook("2.1", 2024);
        assert_eq!(a.outlook, Outlook::AccelerationNeeded);
        assert!((a.ratio.unwrap() - 0.85).abs() < 0.005, "{:?}", a.ratio);
    }

    #[test]
    fn outlook_categories_from_data() {
        let mut d = Data::new();
        d.set("ttyt", "2021", "4.3", ratio(44.0, 1000.0));
        d.set("ttyt", "2024", "4.3", ratio(54.0, 1000.0));
        assert_eq!(d.outlook("4.3", 2025).outlook, Outlook::Deterioration);
        d.set("noivu", "2021", "1.1", ratio(38.0, 100.0));
        d.set("noivu", "2025", "1.1", ratio(62.0, 100.0));
        assert_eq!(d.outlook("1.1", 2025).outlook, Outlook::TargetAchieved);
        d.set("ttyt", "2022", "4.1", ratio(115.0, 100.0));
        assert_eq!(d.outlook("4.1", 2025).outlook, Outlook::InsufficientData);
        d.set("ttyt", "2024", "4.1", ratio(111.0, 100.0));
        assert_eq!(d.outlook("4.1", 2025).outlook, Outlook::OnTrack);
        d.set("ldtbxh", "2021", "5.3", ratio(26.0, 100.0));
        d.set("ldtbxh", "2022", "5.3", ratio(26.5, 100.0));
        assert_eq!(d.outlook("5.3", 2022).outlook, Outlook::LimitedProgress);
    }
}

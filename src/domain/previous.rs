//! The plan before this one (2021–2025 for a 2026–2030 plan): which of its
//! indicators each indicator of this plan continues, and their yearly figures there.
//! They are the previous plan's figures, computed by the previous plan's rules, and
//! only ever shown as such or used as a baseline: they never become a value,
//! coverage, reporting or attainment of this plan (its ledger never holds them).

use super::figure::{Figure, Key};
use super::period::Period;
use super::status::{ContributorFigure, Standing, standing, unit_cells, value_of_cells};
use crate::domain::plan::Plan;

/// For each indicator of `plan`, the index of the indicator of `previous` it
/// continues: the one named by an explicit link (`renamed`: this plan's index, the
/// previous plan's index), else the one with the same id, unless that one is
/// explicitly continued by another indicator.
pub fn carried_over(plan: &Plan, previous: &Plan, renamed: &[(u16, u16)]) -> Vec<Option<u16>> {
    let claimed = |old: u16| renamed.iter().any(|&(_, o)| o == old);
    plan.indicators
        .iter()
        .enumerate()
        .map(|(index, indicator)| {
            if let Some(&(_, old)) = renamed.iter().find(|&&(new, _)| new as usize == index) {
                return Some(old);
            }
            let old = previous
                .indicators
                .iter()
                .position(|i| i.id == indicator.id)? as u16;
            (!claimed(old)).then_some(old)
        })
        .collect()
}

/// One indicator's history in the previous plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    /// Its index in the previous plan.
    pub indicator: u16,
    /// Its standing in each year of the previous plan, first year first, under the
    /// previous plan's contributors and target ([`Plan::review_periods`]: the last
    /// one the last round when the plan ended before its last annual round).
    pub years: Vec<Standing>,
}

impl Earlier {
    /// The last year with a value: the previous plan's final standing, a baseline
    /// for a year (a plan that ended early shows its last round among its figures,
    /// but a 6-month figure is not a year's). For an
    /// indicator broken down by group, a year counts when every group has a value,
    /// as the previous plan judged it.
    pub fn final_standing(&self, previous: &Plan) -> Option<&Standing> {
        let indicator = &previous.indicators[self.indicator as usize];
        self.years
            .iter()
            .rev()
            .filter(|s| matches!(s.period, Period::Year(_)))
            .find(|s| s.judged_value(indicator.direction).is_some())
    }

    /// The previous plan's final figure (year, value), this plan's baseline: for an
    /// indicator broken down by group, the lagging group's value.
    pub fn final_figure(&self, previous: &Plan) -> Option<(i32, f64)> {
        let direction = previous.indicators[self.indicator as usize].direction;
        let s = self.final_standing(previous)?;
        Some((s.period.year(), s.judged_value(direction)?))
    }

    /// Each year's value (None without data), for a trend.
    pub fn values(&self) -> Vec<Option<f64>> {
        self.years.iter().map(|s| s.value).collect()
    }
}

/// The previous plan's yearly figures of every indicator that carries over, read
/// through `figure_of` (the previous plan's ledger), by this plan's indicator index.
pub fn earlier_figures(
    previous: &Plan,
    carried: &[Option<u16>],
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<Option<Earlier>> {
    // Year by year; a plan that ended early, to its last round (2025-H1).
    let periods = previous.review_periods();
    carried
        .iter()
        .map(|old| {
            let old = (*old)?;
            // A 6-month figure of what accumulates over the year is progress, not a
            // point of its yearly trend.
            let accumulates = previous.indicators[old as usize].accumulates;
            Some(Earlier {
                indicator: old,
                years: periods
                    .iter()
                    .filter(|p| !accumulates || matches!(p, Period::Year(_)))
                    .map(|&p| standing(previous, old, p, figure_of))
                    .collect(),
            })
        })
        .collect()
}

/// Gives each indicator without a `baseline` in plan.toml the previous plan's final
/// figure as its baseline (the year the outlook measures progress from, and the
/// report's baseline column). A baseline the plan states is kept.
pub fn fill_baselines(plan: &mut Plan, previous: &Plan, earlier: &[Option<Earlier>]) {
    for (indicator, earlier) in plan.indicators.iter_mut().zip(earlier) {
        if indicator.baseline.is_none() {
            indicator.baseline = earlier.as_ref().and_then(|e| e.final_figure(previous));
        }
    }
}

/// A unit of this plan formed from units of the previous plan (`formed_from`), and
/// its baseline for one indicator, computed from their figures by the previous
/// plan's rules: each former unit's figure from its last reported round, combined
/// as the previous plan combines units (ratios summed over numerators and
/// denominators, shares over units). Never a guess: a former unit that never
/// reported adds nothing and is counted as not reported, and a unit formed partly
/// from units outside the previous plan has a partial baseline, marked so.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitBaseline {
    /// This plan's unit and indicator (indices).
    pub unit: u16,
    pub indicator: u16,
    pub value: Option<f64>,
    /// Each former unit that reported the indicator in the previous plan (its
    /// index there), with the round its figure comes from (None: never reported).
    pub sources: Vec<(u16, Option<Period>)>,
    /// How many units it was also formed from that the previous plan does not have.
    pub outside: usize,
}

impl UnitBaseline {
    /// How many former units' figures it is made of.
    pub fn reported(&self) -> usize {
        self.sources.iter().filter(|(_, p)| p.is_some()).count()
    }

    /// Whether part of the unit lies outside the previous plan.
    pub fn partial(&self) -> bool {
        self.outside > 0
    }
}

/// A unit of this plan and what formed it: (unit, the previous plan's units,
/// how many units outside the previous plan).
pub type Formation = (u16, Vec<u16>, usize);

/// The baselines of the units formed from the previous plan's units, for every
/// indicator that carries over and that at least one former unit reported.
pub fn unit_baselines(
    previous: &Plan,
    carried: &[Option<u16>],
    formed: &[Formation],
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<UnitBaseline> {
    let mut out = Vec::new();
    for (unit, former, outside) in formed {
        for (indicator, old) in carried.iter().enumerate() {
            let Some(old) = *old else { continue };
            let reporting: Vec<u16> = former
                .iter()
                .copied()
                .filter(|&u| previous.indicators[old as usize].is_contributor(u))
                .collect();
            if reporting.is_empty() {
                continue;
            }
            let mut baseline = combined(previous, old, &reporting, figure_of);
            (baseline.unit, baseline.indicator, baseline.outside) =
                (*unit, indicator as u16, *outside);
            out.push(baseline);
        }
    }
    out
}

/// The former units' figures of the previous plan's indicator `old`, each from its
/// last reported round, combined by the previous plan's rules.
fn combined(
    previous: &Plan,
    old: u16,
    former: &[u16],
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> UnitBaseline {
    let mut cells = Vec::new();
    let mut sources = Vec::new();
    for &u in former {
        match last_reported(previous, old, u, figure_of) {
            Some((period, unit_cells)) => {
                sources.push((u, Some(period)));
                cells.extend(unit_cells);
            }
            None => {
                sources.push((u, None));
                let last = previous.rounds().last().map(|r| r.period);
                let period = last.unwrap_or(Period::Year(previous.meta.end_year));
                let mut empty = unit_cells(previous, old, u, period, &|_| None);
                cells.append(&mut empty);
            }
        }
    }
    let indicator = &previous.indicators[old as usize];
    let (value, _) = value_of_cells(indicator, &cells);
    UnitBaseline {
        unit: 0,
        indicator: 0,
        value,
        sources,
        outside: 0,
    }
}

/// A unit's last round of the previous plan with its whole figure of the
/// indicator (every quarter of it for a share), and those cells. For an indicator
/// that accumulates over the year only annual rounds count: a 6-month figure is
/// progress, not a value.
fn last_reported(
    previous: &Plan,
    old: u16,
    unit: u16,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Option<(Period, Vec<ContributorFigure>)> {
    let accumulates = previous.indicators[old as usize].accumulates;
    previous
        .rounds()
        .iter()
        .rev()
        .filter(|r| !accumulates || matches!(r.period, Period::Year(_)))
        .find_map(|r| {
            let cells = unit_cells(previous, old, unit, r.period, figure_of);
            cells
                .iter()
                .all(|c| c.figure.is_some())
                .then_some((r.period, cells))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::Ledger;
    use crate::domain::plan::fixture::Small;
    use crate::domain::revision::{NO_NOTE, Revision};
    use crate::domain::status::{Verdict, outlook};
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The previous plan (2021–2025): "a" and "b" reported by the communes.
    fn previous() -> Small {
        let mut small = Small::new();
        small.commune_ratio("a", 60.0);
        small.commune_ratio("b", 80.0);
        small
    }

    /// The next plan (2026–2030) with the given indicators, reported by the communes.
    fn next(ids: &[&str]) -> Small {
        let mut small = Small::new();
        small.plan.meta.start_year = 2026;
        small.plan.meta.end_year = 2030;
        small.plan.meta.target_year = 2030;
        small.plan.schedule.first_period = Period::Year(2026);
        small.plan.schedule.last_period = Period::Year(2030);
        for id in ids {
            small.commune_ratio(id, 70.0);
        }
        small
    }

    /// A ratio figure of `unit` for `indicator` in `year`, submitted in December.
    fn ratio(plan: &Plan, unit: &str, indicator: u16, year: i32, n: f64, d: f64) -> Revision {
        let unit = plan.units.iter().position(|u| u.id == unit).unwrap() as u16;
        let key = Key {
            unit,
            period: Period::Year(year),
            indicator: Some(indicator),
            group: 0,
        };
        Revision::figure(
            &key,
            Figure::Ratio {
                numerator: n,
                denominator: d,
            },
            day(year, 12, 10),
            NO_NOTE,
            0,
        )
    }

    #[test]
    fn an_indicator_carries_over_by_id() {
        let (old, new) = (previous(), next(&["b", "new"]));
        assert_eq!(carried_over(&new.plan, &old.plan, &[]), vec![Some(1), None]);
    }

    #[test]
    fn an_explicit_link_carries_over_a_renumbered_indicator() {
        let (old, new) = (previous(), next(&["c", "b"]));
        // "c" continues "a"; "b" keeps its id.
        assert_eq!(
            carried_over(&new.plan, &old.plan, &[(0, 0)]),
            vec![Some(0), Some(1)]
        );
    }

    #[test]
    fn an_id_taken_over_by_an_explicit_link_is_not_also_carried_by_id() {
        // The new plan's "a" is a new indicator; "c" continues the old "a".
        let (old, new) = (previous(), next(&["a", "c"]));
        assert_eq!(
            carried_over(&new.plan, &old.plan, &[(1, 0)]),
            vec![None, Some(0)]
        );
    }

    #[test]
    fn the_previous_plans_figures_are_computed_by_its_own_rules() {
        let (old, new) = (previous(), next(&["a"]));
        let revisions = vec![
            ratio(&old.plan, "c1", 0, 2024, 30.0, 100.0),
            ratio(&old.plan, "c2", 0, 2025, 40.0, 100.0),
            ratio(&old.plan, "c3", 0, 2025, 60.0, 100.0),
        ];
        let ledger = Ledger::for_plan(&old.plan, &revisions, day(2026, 12, 31));
        let carried = carried_over(&new.plan, &old.plan, &[]);
        let earlier = earlier_figures(&old.plan, &carried, &|k| ledger.figure(k));
        let a = earlier[0].as_ref().unwrap();
        assert_eq!(a.years.len(), 5);
        assert_eq!(a.values(), vec![None, None, None, Some(30.0), Some(50.0)]);
        assert_eq!(a.years[4].coverage.reported, 2);
        assert_eq!(a.final_figure(&old.plan), Some((2025, 50.0)));
    }

    #[test]
    fn a_previous_figure_is_never_the_new_plans_value_only_its_baseline() {
        let (old, mut new) = (previous(), next(&["a"]));
        let old_revisions = vec![ratio(&old.plan, "c1", 0, 2025, 50.0, 100.0)];
        let old_ledger = Ledger::for_plan(&old.plan, &old_revisions, day(2026, 12, 31));
        let carried = carried_over(&new.plan, &old.plan, &[]);
        let earlier = earlier_figures(&old.plan, &carried, &|k| old_ledger.figure(k));
        fill_baselines(&mut new.plan, &old.plan, &earlier);
        assert_eq!(new.plan.indicators[0].baseline, Some((2025, 50.0)));

        // The new plan's own data holds nothing yet: no value, no coverage.
        let none = |_: &Key| None;
        let s = standing(&new.plan, 0, Period::Year(2026), &none);
        assert_eq!((s.value, s.verdict), (None, Verdict::NoData));
        assert_eq!(s.coverage.reported, 0);
        assert_eq!(outlook(&new.plan, 0, &s, &none), None);

        // With a 2026 figure, the outlook measures progress from the 2025 baseline.
        let new_revisions = vec![
            ratio(&new.plan, "c1", 0, 2026, 55.0, 100.0),
            ratio(&new.plan, "c2", 0, 2026, 55.0, 100.0),
            ratio(&new.plan, "c3", 0, 2026, 55.0, 100.0),
        ];
        let new_ledger = Ledger::for_plan(&new.plan, &new_revisions, day(2026, 12, 31));
        let figure_of = |k: &Key| new_ledger.figure(k);
        let s = standing(&new.plan, 0, Period::Year(2026), &figure_of);
        assert!((s.value.unwrap() - 55.0).abs() < 1e-9, "{s:?}");
        assert_eq!(s.coverage.reported, 3);
        let a = outlook(&new.plan, 0, &s, &figure_of).unwrap();
        assert!(a.ratio.is_some(), "{a:?}");
        assert_eq!(a.base_year, Some(2025));
    }

    #[test]
    fn a_baseline_the_plan_states_is_kept() {
        let (old, mut new) = (previous(), next(&["a"]));
        new.plan.indicators[0].baseline = Some((2020, 12.0));
        let revisions = vec![ratio(&old.plan, "c1", 0, 2025, 50.0, 100.0)];
        let ledger = Ledger::for_plan(&old.plan, &revisions, day(2026, 12, 31));
        let carried = carried_over(&new.plan, &old.plan, &[]);
        let earlier = earlier_figures(&old.plan, &carried, &|k| ledger.figure(k));
        fill_baselines(&mut new.plan, &old.plan, &earlier);
        assert_eq!(new.plan.indicators[0].baseline, Some((2020, 12.0)));
    }

    /// A count of `unit` for indicator `indicator` in a quarter, submitted then.
    fn count(plan: &Plan, unit: &str, indicator: u16, quarter: Period, n: f64) -> Revision {
        let unit = plan.units.iter().position(|u| u.id == unit).unwrap() as u16;
        let key = Key {
            unit,
            period: quarter,
            indicator: Some(indicator),
            group: 0,
        };
        Revision::figure(&key, Figure::Number(n), day(2025, 12, 10), NO_NOTE, 0)
    }

    /// A commune formed from c1, c2 and c3 of the previous plan, and from one unit
    /// outside it: its baseline sums the numerators and denominators of the former
    /// communes' last reported rounds (c1's 2025, c2's 2024; c3 never reported),
    /// says 2 of 3 reported, and is partial.
    #[test]
    fn a_merged_units_baseline_combines_its_former_units_last_rounds() {
        let (old, new) = (previous(), next(&["a"]));
        let revisions = vec![
            ratio(&old.plan, "c1", 0, 2023, 10.0, 100.0),
            ratio(&old.plan, "c1", 0, 2025, 30.0, 100.0),
            ratio(&old.plan, "c2", 0, 2024, 60.0, 200.0),
        ];
        let ledger = Ledger::for_plan(&old.plan, &revisions, day(2026, 12, 31));
        let carried = carried_over(&new.plan, &old.plan, &[]);
        let (c1, c2, c3) = (1, 2, 3);
        let formed = vec![(c1, vec![c1, c2, c3], 1)];
        let baselines = unit_baselines(&old.plan, &carried, &formed, &|k| ledger.figure(k));
        assert_eq!(baselines.len(), 1);
        let b = &baselines[0];
        assert_eq!((b.unit, b.indicator), (c1, 0));
        assert_eq!(b.value, Some(90.0 / 300.0 * 100.0));
        assert_eq!(
            b.sources,
            vec![
                (c1, Some(Period::Year(2025))),
                (c2, Some(Period::Year(2024))),
                (c3, None)
            ]
        );
        assert_eq!(b.reported(), 2);
        assert!(b.partial());
    }

    /// A share of communes: each former commune's last round whose every quarter
    /// is in; the baseline is the share of former communes that reached the
    /// threshold in every quarter of it. No baseline without a former unit that
    /// reported the indicator in the previous plan.
    #[test]
    fn a_merged_units_share_counts_its_former_units() {
        let mut old = Small::new();
        let share = old.commune_share("s", 4.0, crate::domain::measure::ShareOf::Units);
        let mut new = next(&[]);
        new.commune_share("s", 4.0, crate::domain::measure::ShareOf::Units);
        let q = |y, q| Period::Quarter(y, q);
        let revisions = vec![
            count(&old.plan, "c1", share, q(2025, 1), 5.0),
            count(&old.plan, "c1", share, q(2025, 2), 4.0),
            count(&old.plan, "c2", share, q(2025, 1), 5.0),
            count(&old.plan, "c2", share, q(2025, 2), 1.0),
        ];
        let ledger = Ledger::for_plan(&old.plan, &revisions, day(2026, 12, 31));
        let carried = carried_over(&new.plan, &old.plan, &[]);
        let formed = vec![(1, vec![1, 2], 0)];
        let baselines = unit_baselines(&old.plan, &carried, &formed, &|k| ledger.figure(k));
        assert_eq!(baselines[0].value, Some(50.0));
        assert_eq!(baselines[0].sources[0].1, Some(Period::Half(2025, 1)));
        assert!(!baselines[0].partial());
        let office = vec![(0, vec![0], 0)];
        assert!(unit_baselines(&old.plan, &carried, &office, &|k| ledger.figure(k)).is_empty());
    }
}

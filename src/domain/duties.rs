//! Who owes what on a day: duties in time.
//!
//! The plan names, for each indicator, a responsible unit and the contributors that
//! report it, and a coordinator for the whole plan. Administrations change within a
//! five-year plan: duties pass from one unit to another on a date (a
//! [`Transfer`](crate::plan::Transfer)), units end and start (a merger, a split, a
//! rename), and a unit that ends hands its duties to its successors. [`Duties::on`]
//! answers, for one day, who has which duty; a round's duties are those in force on
//! its due date ([`Duties::of_round`]), and every command asks this one place.

use super::period::{Period, Round};
use crate::plan::{Plan, period_bounds};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex};

/// The duties already worked out for a plan, by day: a plan of ten thousand
/// communes has the same few round days asked about thousands of times (every
/// indicator, every period, every group). Kept by the [`Plan`]; a copy of a plan
/// starts empty, so a plan changed after copying never sees another's duties.
#[derive(Default)]
pub struct Memo(Mutex<FxHashMap<NaiveDate, Arc<Duties>>>);

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

/// The duties in force on one day.
#[derive(Debug, Clone)]
pub struct Duties {
    day: NaiveDate,
    /// Per unit: whether it exists on the day.
    exists: Vec<bool>,
    /// Per indicator: the units that report it, sorted.
    contributors: Vec<Vec<u16>>,
    /// Per indicator: the unit that answers for it.
    responsible: Vec<u16>,
    coordinator: u16,
}

impl Duties {
    /// The duties in force on `day`.
    pub fn on(plan: &Plan, day: NaiveDate) -> Duties {
        let exists: Vec<bool> = plan.units.iter().map(|u| u.exists_on(day)).collect();
        let unit_index = |id: &str| plan.units.iter().position(|u| u.id == id).map(|i| i as u16);
        let mut contributors = Vec::with_capacity(plan.indicators.len());
        let mut responsible = Vec::with_capacity(plan.indicators.len());
        for (index, indicator) in plan.indicators.iter().enumerate() {
            let index = index as u16;
            let mut units: Vec<u16> = Vec::with_capacity(indicator.contributor_units.len());
            for &u in &indicator.contributor_units {
                holders_into(plan, &exists, day, Some(index), u, &mut units);
            }
            units.sort_unstable();
            units.dedup();
            contributors.push(units);
            let named = unit_index(&indicator.responsible).unwrap_or(0);
            let now = holders(plan, &exists, day, Some(index), named);
            responsible.push(now.first().copied().unwrap_or(named));
        }
        let named = unit_index(&plan.meta.coordinator).unwrap_or(0);
        let coordinator = holders(plan, &exists, day, None, named)
            .first()
            .copied()
            .unwrap_or(named);
        Duties {
            day,
            exists,
            contributors,
            responsible,
            coordinator,
        }
    }

    /// [`Duties::on`], worked out once per plan and day.
    pub fn of_day(plan: &Plan, day: NaiveDate) -> Arc<Duties> {
        let memo = |memo: &mut FxHashMap<NaiveDate, Arc<Duties>>| {
            Arc::clone(
                memo.entry(day)
                    .or_insert_with(|| Arc::new(Duties::on(plan, day))),
            )
        };
        match plan.duties.0.lock() {
            Ok(mut known) => memo(&mut known),
            Err(poisoned) => memo(&mut poisoned.into_inner()),
        }
    }

    /// The duties of a round: those in force on its due date.
    pub fn of_round(plan: &Plan, round: &Round) -> Arc<Duties> {
        Duties::of_day(plan, round.due)
    }

    /// The duties for figures of a period: those of the round it is reported in,
    /// or, for a period no round brings in, those on its last day.
    pub fn of_period(plan: &Plan, period: Period) -> Arc<Duties> {
        match plan.round_for(period) {
            Some(round) => Duties::of_round(plan, &round),
            None => Duties::of_day(plan, period_bounds(period).1),
        }
    }

    pub fn day(&self) -> NaiveDate {
        self.day
    }

    /// Whether a unit exists (and so owes the round's reports) on the day.
    pub fn exists(&self, unit: u16) -> bool {
        self.exists.get(unit as usize).copied().unwrap_or(false)
    }

    /// The units that report an indicator, sorted.
    pub fn contributors(&self, indicator: u16) -> &[u16] {
        &self.contributors[indicator as usize]
    }

    pub fn is_contributor(&self, indicator: u16, unit: u16) -> bool {
        self.contributors[indicator as usize]
            .binary_search(&unit)
            .is_ok()
    }

    /// The unit that answers for an indicator.
    pub fn responsible(&self, indicator: u16) -> u16 {
        self.responsible[indicator as usize]
    }

    /// The unit that coordinates the plan (and receives the reports).
    pub fn coordinator(&self) -> u16 {
        self.coordinator
    }

    /// The indicators a unit reports.
    pub fn contributions(&self, unit: u16) -> impl Iterator<Item = u16> + '_ {
        (0..self.contributors.len() as u16).filter(move |&i| self.is_contributor(i, unit))
    }
}

/// Who holds, on `day`, a duty the plan gives `unit` (for `indicator`, or the
/// plan's coordination when None): the unit itself, or whoever the duty passed to
/// by transfers dated on or before the day and by the successors of units that
/// ended; no one when the holder does not exist yet or ended without successors.
fn holders(
    plan: &Plan,
    exists: &[bool],
    day: NaiveDate,
    indicator: Option<u16>,
    unit: u16,
) -> Vec<u16> {
    let mut found = Vec::new();
    holders_into(plan, exists, day, indicator, unit, &mut found);
    found
}

/// [`holders`], added to `found`.
fn holders_into(
    plan: &Plan,
    exists: &[bool],
    day: NaiveDate,
    indicator: Option<u16>,
    unit: u16,
    found: &mut Vec<u16>,
) {
    let mut holder = unit;
    for transfer in plan.transfers.iter().take_while(|t| t.date <= day) {
        let moves = match indicator {
            Some(i) => transfer.indicators.contains(&i),
            None => transfer.coordination,
        };
        if moves && transfer.from == holder {
            holder = transfer.to;
        }
    }
    succeed(plan, exists, day, holder, found, 0);
}

/// `unit` if it exists on the day; after it ended, its successors (and theirs).
fn succeed(
    plan: &Plan,
    exists: &[bool],
    day: NaiveDate,
    unit: u16,
    found: &mut Vec<u16>,
    depth: usize,
) {
    if exists[unit as usize] {
        found.push(unit);
        return;
    }
    let u = &plan.units[unit as usize];
    // Successors take over only what ended; a chain longer than the plan has units
    // is a cycle, which plan validation refuses.
    if u.ends.is_some_and(|e| e < day) && depth < plan.units.len() {
        for &next in &u.successors {
            succeed(plan, exists, day, next, found, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::UnitKind;
    use crate::plan::model::fixture::Small;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_transfer_moves_duties_and_coordination_on_its_date() {
        let mut small = Small::new();
        let labour = small.new_unit("labour", UnitKind::Office, None);
        let home = small.new_unit("home", UnitKind::Office, None);
        let moved = small.indicator(
            "2.1",
            (crate::domain::measure::Op::Ge, Some(30.0)),
            crate::domain::measure::Direction::Higher,
            crate::domain::measure::Measure::Ratio { scale: 100.0 },
            &["labour"],
        );
        let stays = small.commune_ratio("3.2", 50.0);
        small.plan.indicators[moved as usize].responsible = "labour".into();
        small.plan.meta.coordinator = "labour".into();
        small.transfer(d("2025-03-01"), "labour", "home", &[moved], true);
        let plan = &small.plan;
        let before = Duties::on(plan, d("2025-02-28"));
        assert_eq!(before.contributors(moved), [labour]);
        assert_eq!(
            (before.responsible(moved), before.coordinator()),
            (labour, labour)
        );
        let after = Duties::on(plan, d("2025-03-01"));
        assert_eq!(after.contributors(moved), [home]);
        assert_eq!(
            (after.responsible(moved), after.coordinator()),
            (home, home)
        );
        assert_eq!(after.contributors(stays), before.contributors(stays));
        // A round's duties are those on its due date: the 2024 annual report (due
        // 15 December 2024) is labour's, the 2025 6-month report home's.
        let annual_2024 = plan.round_of(Period::Year(2024)).unwrap();
        let half_2025 = plan.round_of(Period::Half(2025, 1)).unwrap();
        assert!(Duties::of_round(plan, &annual_2024).is_contributor(moved, labour));
        assert!(Duties::of_round(plan, &half_2025).is_contributor(moved, home));
        // A quarter is the duty of the round that brings it in.
        assert!(Duties::of_period(plan, Period::Quarter(2025, 2)).is_contributor(moved, home));
    }

    #[test]
    fn a_merger_hands_the_old_communes_duties_to_the_new_one() {
        let mut small = Small::new();
        let ratio = small.commune_ratio("3.2", 50.0);
        let new = small.new_unit("c-new", UnitKind::Commune, Some(d("2025-07-01")));
        small.end("c1", d("2025-06-30"), &["c-new"]);
        small.end("c2", d("2025-06-30"), &["c-new"]);
        let plan = &small.plan;
        let (c1, c2, c3) = (small.unit("c1"), small.unit("c2"), small.unit("c3"));
        let h1 = Duties::of_period(plan, Period::Half(2025, 1));
        assert_eq!(h1.contributors(ratio), [c1, c2, c3]);
        assert!(!h1.exists(new));
        let year = Duties::of_period(plan, Period::Year(2025));
        assert_eq!(year.contributors(ratio), [c3, new]);
        assert!(!year.exists(c1) && year.exists(new));
        // The quarters follow their rounds.
        assert!(Duties::of_period(plan, Period::Quarter(2025, 2)).is_contributor(ratio, c2));
        assert!(Duties::of_period(plan, Period::Quarter(2025, 3)).is_contributor(ratio, new));
    }

    #[test]
    fn a_split_and_a_rename() {
        let mut small = Small::new();
        let ratio = small.commune_ratio("3.2", 50.0);
        let east = small.new_unit("c1-east", UnitKind::Commune, Some(d("2024-01-01")));
        let west = small.new_unit("c1-west", UnitKind::Commune, Some(d("2024-01-01")));
        small.end("c1", d("2023-12-31"), &["c1-east", "c1-west"]);
        let renamed = small.new_unit("c3-renamed", UnitKind::Commune, Some(d("2023-01-01")));
        small.end("c3", d("2022-12-31"), &["c3-renamed"]);
        let plan = &small.plan;
        let c2 = small.unit("c2");
        let duties = Duties::of_period(plan, Period::Year(2024));
        assert_eq!(duties.contributors(ratio), [c2, east, west, renamed]);
        let before = Duties::of_period(plan, Period::Year(2022));
        assert_eq!(
            before.contributors(ratio),
            [small.unit("c1"), c2, small.unit("c3")]
        );
    }

    #[test]
    fn a_unit_that_ended_without_successor_owes_nothing_after() {
        let mut small = Small::new();
        let ratio = small.commune_ratio("3.2", 50.0);
        small.end("c1", d("2025-02-28"), &[]);
        let plan = &small.plan;
        let after = Duties::of_period(plan, Period::Half(2025, 1));
        assert!(!after.is_contributor(ratio, small.unit("c1")));
        assert!(!after.exists(small.unit("c1")));
        assert_eq!(
            after.contributions(small.unit("c2")).collect::<Vec<_>>(),
            [ratio]
        );
    }
}

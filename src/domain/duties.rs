//! Who owes what on a day: duties in time.
//!
//! The plan names, for each indicator, a responsible unit and the contributors that
//! report it, and a coordinator for the whole plan. Administrations change within a
//! five-year plan: duties pass from one unit to another on a date (a
//! [`Transfer`](crate::domain::plan::Transfer)), units end and start (a merger, a split, a
//! rename), and a unit that ends hands its duties to its successors. [`Duties::on`]
//! answers, for one day, who has which duty; a round's duties are those in force on
//! its due date ([`Duties::of_round`]), and every command asks this one place.
//!
//! **Which units' figures count for a period** ([`Roster`]), the one rule: a unit
//! owes a period (a round's period, or a quarter inside the round) when it holds
//! the duty in the round (on its due date, as above) *and* existed on some day of
//! the period ([`existed_in`]): a commune that starts on 1 July owes the year's Q3
//! and Q4, not Q1 and Q2; a unit that ended owes nothing due after its end, so
//! no one chases it for it. Besides what is owed, the figure a unit recorded for a
//! period it existed in, for a duty it held then ([`Duties::during`]), is its own
//! and counts: ending or merging a unit never hides it. A district value for a
//! period combines the figures of these units, and its coverage counts the units
//! that owed the period and those whose figures count.

use super::period::{Period, Round};
use crate::domain::plan::{Plan, period_bounds};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// The duties already worked out for a plan, by day, and the rosters by period: a
/// plan of ten thousand communes has the same few round days asked about
/// thousands of times (every indicator, every period, every group). Kept by the
/// [`Plan`]; a copy of a plan starts empty, so a plan changed after copying never
/// sees another's duties.
#[derive(Default)]
pub struct Memo {
    days: Mutex<FxHashMap<NaiveDate, Arc<Duties>>>,
    periods: Mutex<FxHashMap<Period, Arc<Roster>>>,
}

/// The value kept for `key` in `map`, worked out by `make` the first time.
fn remembered<K: Hash + Eq, V>(
    map: &Mutex<FxHashMap<K, Arc<V>>>,
    key: K,
    make: impl FnOnce() -> V,
) -> Arc<V> {
    let memo = |known: &mut FxHashMap<K, Arc<V>>| {
        Arc::clone(known.entry(key).or_insert_with(|| Arc::new(make())))
    };
    match map.lock() {
        Ok(mut known) => memo(&mut known),
        Err(poisoned) => memo(&mut poisoned.into_inner()),
    }
}

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
        Duties::over(plan, (day, day), day)
    }

    /// The duties held on some day of a period by the units that existed then,
    /// with the transfers dated on or before `transfers_day` (the round's due
    /// date): a unit that existed in the period keeps its duties for it, and the
    /// successors of one that ended before the period's last day share them.
    pub fn during(plan: &Plan, period: Period, transfers_day: NaiveDate) -> Duties {
        Duties::over(plan, period_bounds(period), transfers_day)
    }

    /// The duties held in `days` (first, last) with the transfers dated on or
    /// before `transfers_day`; `day` is the last of `days`.
    fn over(plan: &Plan, days: (NaiveDate, NaiveDate), transfers_day: NaiveDate) -> Duties {
        let (first, day) = days;
        let exists: Vec<bool> = plan
            .units
            .iter()
            .map(|u| u.starts.is_none_or(|s| s <= day) && u.ends.is_none_or(|e| first <= e))
            .collect();
        let span = Span { day, transfers_day };
        let unit_index = |id: &str| plan.units.iter().position(|u| u.id == id).map(|i| i as u16);
        let mut contributors = Vec::with_capacity(plan.indicators.len());
        let mut responsible = Vec::with_capacity(plan.indicators.len());
        for (index, indicator) in plan.indicators.iter().enumerate() {
            let index = index as u16;
            let mut units: Vec<u16> = Vec::with_capacity(indicator.contributor_units.len());
            for &u in &indicator.contributor_units {
                holders_into(plan, &exists, span, Some(index), u, &mut units);
            }
            // Mostly in order already (the plan's units as listed): sorting ten
            // thousand ids per indicator and period was most of a national status.
            if !units.is_sorted() {
                units.sort_unstable();
            }
            units.dedup();
            contributors.push(units);
            let named = unit_index(&indicator.responsible).unwrap_or(0);
            let now = holders(plan, &exists, span, Some(index), named);
            responsible.push(now.first().copied().unwrap_or(named));
        }
        let named = unit_index(&plan.meta.coordinator).unwrap_or(0);
        let coordinator = holders(plan, &exists, span, None, named)
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
        remembered(&plan.duties.days, day, || Duties::on(plan, day))
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

    /// Whether `unit`, holding these (a round's) duties, owes `indicator` for
    /// `period` (the round's period or a quarter inside it): it reports the
    /// indicator and existed in the period.
    pub fn owes(&self, plan: &Plan, indicator: u16, unit: u16, period: Period) -> bool {
        self.is_contributor(indicator, unit) && existed_in(plan, unit, period)
    }
}

/// Whether a unit existed on some day of a period.
pub fn existed_in(plan: &Plan, unit: u16, period: Period) -> bool {
    let (first, last) = period_bounds(period);
    existed_between(plan, unit, first, last)
}

/// Whether a unit existed on some day from `first` to `last` (both included).
pub fn existed_between(plan: &Plan, unit: u16, first: NaiveDate, last: NaiveDate) -> bool {
    let u = &plan.units[unit as usize];
    u.starts.is_none_or(|s| s <= last) && u.ends.is_none_or(|e| first <= e)
}

/// Which units' figures count for a period, per indicator (the rule in the
/// module's comment): those that owed it, and those that held the duty while
/// they existed in it.
#[derive(Debug, Clone)]
pub struct Roster {
    /// Per indicator: the units that owed the period, sorted.
    owed: Vec<Vec<u16>>,
    /// Per indicator: the units whose figures count, sorted (owed ones included).
    counted: Vec<Vec<u16>>,
}

impl Roster {
    /// The roster of a period, worked out from its round's duties.
    pub fn of(plan: &Plan, period: Period) -> Roster {
        if plan.owes_nothing_for(period) {
            let none = vec![Vec::new(); plan.indicators.len()];
            return Roster {
                owed: none.clone(),
                counted: none,
            };
        }
        let round = Duties::of_period(plan, period);
        let during = Duties::during(plan, period, round.day());
        let (first, last) = period_bounds(period);
        let mut owed = Vec::with_capacity(plan.indicators.len());
        let mut counted = Vec::with_capacity(plan.indicators.len());
        for indicator in 0..plan.indicators.len() as u16 {
            let owing: Vec<u16> = round
                .contributors(indicator)
                .iter()
                .copied()
                .filter(|&u| existed_between(plan, u, first, last))
                .collect();
            counted.push(union_sorted(&owing, during.contributors(indicator)));
            owed.push(owing);
        }
        Roster { owed, counted }
    }

    /// [`Roster::of`], worked out once per plan and period.
    pub fn of_period(plan: &Plan, period: Period) -> Arc<Roster> {
        remembered(&plan.duties.periods, period, || Roster::of(plan, period))
    }

    /// The units that owed the period's figure of an indicator, sorted.
    pub fn owed(&self, indicator: u16) -> &[u16] {
        &self.owed[indicator as usize]
    }

    pub fn owes(&self, indicator: u16, unit: u16) -> bool {
        self.owed[indicator as usize].binary_search(&unit).is_ok()
    }

    /// The units whose figures of an indicator count for the period, sorted.
    pub fn counted(&self, indicator: u16) -> &[u16] {
        &self.counted[indicator as usize]
    }

    pub fn counts(&self, indicator: u16, unit: u16) -> bool {
        self.counted[indicator as usize]
            .binary_search(&unit)
            .is_ok()
    }
}

/// The units of two sorted lists, sorted, each once: merged in one pass (a
/// national plan's lists hold ten thousand units, for every indicator and period).
fn union_sorted(a: &[u16], b: &[u16]) -> Vec<u16> {
    let mut all = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x <= y => {
                i += 1;
                j += usize::from(x == y);
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (None, None) => break,
        };
        if all.last() != Some(&next) {
            all.push(next);
        }
    }
    all
}

/// Whether a recorded figure counts in the plan's values: its unit's figures of
/// its indicator count for its period ([`Roster`]); a narrative report (no
/// indicator) is the unit's report, whatever it holds.
pub fn counts(plan: &Plan, key: &super::figure::Key) -> bool {
    key.indicator
        .is_none_or(|i| Roster::of_period(plan, key.period).counts(i, key.unit))
}

/// The days duties are asked about: up to `day` (the last day of a period, or the
/// day itself), with the transfers dated on or before `transfers_day`.
#[derive(Debug, Clone, Copy)]
struct Span {
    day: NaiveDate,
    transfers_day: NaiveDate,
}

/// Who holds, on `day`, a duty the plan gives `unit` (for `indicator`, or the
/// plan's coordination when None): the unit itself, or whoever the duty passed to
/// by transfers dated on or before the day and by the successors of units that
/// ended; no one when the holder does not exist yet or ended without successors.
fn holders(
    plan: &Plan,
    exists: &[bool],
    span: Span,
    indicator: Option<u16>,
    unit: u16,
) -> Vec<u16> {
    let mut found = Vec::new();
    holders_into(plan, exists, span, indicator, unit, &mut found);
    found
}

/// [`holders`], added to `found`.
fn holders_into(
    plan: &Plan,
    exists: &[bool],
    span: Span,
    indicator: Option<u16>,
    unit: u16,
    found: &mut Vec<u16>,
) {
    let mut holder = unit;
    for transfer in plan
        .transfers
        .iter()
        .take_while(|t| t.date <= span.transfers_day)
    {
        let moves = match indicator {
            Some(i) => transfer.indicators.contains(&i),
            None => transfer.coordination,
        };
        if moves && transfer.from == holder {
            holder = transfer.to;
        }
    }
    succeed(plan, exists, span.day, holder, found, 0);
}

/// `unit` if it exists (on the day, or on some day up to it); once it ended
/// before the day, its successors too (and theirs).
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
    use crate::domain::plan::UnitKind;
    use crate::domain::plan::fixture::Small;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    proptest::proptest! {
        /// Merging two sorted lists gives what sorting both together and dropping
        /// repeats gives.
        #[test]
        fn the_union_of_sorted_lists_is_sorted_and_whole(
            mut a in proptest::collection::vec(0u16..40, 0..30),
            mut b in proptest::collection::vec(0u16..40, 0..30),
        ) {
            a.sort_unstable();
            b.sort_unstable();
            let mut expected = [a.clone(), b.clone()].concat();
            expected.sort_unstable();
            expected.dedup();
            proptest::prop_assert_eq!(union_sorted(&a, &b), expected);
        }
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

    #[test]
    fn a_roster_counts_an_ended_units_figures_for_the_period_it_existed_in() {
        let mut small = Small::new();
        let ratio = small.commune_ratio("3.2", 50.0);
        let new = small.new_unit("c-new", UnitKind::Commune, Some(d("2025-07-01")));
        small.end("c1", d("2025-06-30"), &["c-new"]);
        small.end("c2", d("2025-06-30"), &[]);
        let plan = &small.plan;
        let (c1, c2, c3) = (small.unit("c1"), small.unit("c2"), small.unit("c3"));
        // The year: c3 and c-new owe it; c1 and c2 existed in it, so their
        // figures for it count, though no one chases them for it.
        let year = Roster::of_period(plan, Period::Year(2025));
        assert_eq!(year.owed(ratio), [c3, new]);
        assert_eq!(year.counted(ratio), [c1, c2, c3, new]);
        // The first half: the old communes owe it, the new one did not exist.
        let half = Roster::of_period(plan, Period::Half(2025, 1));
        assert_eq!(half.owed(ratio), [c1, c2, c3]);
        assert_eq!(half.counted(ratio), [c1, c2, c3]);
        // A quarter after their end: neither owed nor counted.
        let q3 = Roster::of_period(plan, Period::Quarter(2025, 3));
        assert_eq!(q3.counted(ratio), [c3, new]);
        let key = |unit, period| crate::domain::figure::Key {
            unit,
            period,
            indicator: Some(ratio),
            group: 0,
        };
        assert!(counts(plan, &key(c1, Period::Year(2025))));
        assert!(!counts(plan, &key(c1, Period::Quarter(2025, 3))));
        // A year before: as if nothing ended.
        let before = Roster::of_period(plan, Period::Year(2024));
        assert_eq!(before.owed(ratio), [c1, c2, c3]);
        assert_eq!(before.counted(ratio), [c1, c2, c3]);
    }

    #[test]
    fn a_new_unit_owes_only_the_quarters_it_existed_in() {
        let mut small = Small::new();
        let share = small.commune_share("6.3", 4.0, crate::domain::measure::ShareOf::Units);
        let new = small.new_unit("c-new", UnitKind::Commune, Some(d("2025-07-01")));
        small.end("c1", d("2025-06-30"), &["c-new"]);
        let plan = &small.plan;
        let annual = Duties::of_round(plan, &plan.round_of(Period::Year(2025)).unwrap());
        let owed: Vec<Period> = Period::Year(2025)
            .quarters()
            .into_iter()
            .filter(|&q| annual.owes(plan, share, new, q))
            .collect();
        assert_eq!(owed, [Period::Quarter(2025, 3), Period::Quarter(2025, 4)]);
        assert!(annual.owes(plan, share, new, Period::Year(2025)));
        // A commune that started mid-quarter owes that quarter.
        let mut small = Small::new();
        let share = small.commune_share("6.3", 4.0, crate::domain::measure::ShareOf::Units);
        let late = small.new_unit("c-late", UnitKind::Commune, Some(d("2025-08-15")));
        small.end("c1", d("2025-08-14"), &["c-late"]);
        let plan = &small.plan;
        let annual = Duties::of_round(plan, &plan.round_of(Period::Year(2025)).unwrap());
        assert!(annual.owes(plan, share, late, Period::Quarter(2025, 3)));
        assert!(!annual.owes(plan, share, late, Period::Quarter(2025, 2)));
    }

    #[test]
    fn during_a_period_both_the_ended_unit_and_its_successor_hold_the_duty() {
        let mut small = Small::new();
        let ratio = small.commune_ratio("3.2", 50.0);
        let new = small.new_unit("c-new", UnitKind::Commune, Some(d("2025-08-15")));
        small.end("c1", d("2025-08-14"), &["c-new"]);
        let plan = &small.plan;
        let during = Duties::during(plan, Period::Quarter(2025, 3), d("2025-12-15"));
        assert_eq!(
            during.contributors(ratio),
            [small.unit("c1"), small.unit("c2"), small.unit("c3"), new]
        );
        // On one day, as before: the one that exists.
        let on = Duties::on(plan, d("2025-09-30"));
        assert_eq!(
            on.contributors(ratio),
            [small.unit("c2"), small.unit("c3"), new]
        );
    }
}

//! The recorded figures as they stood on a given day: for every key, the revision
//! in force (as [`super::revision::states`] defines it), and when each unit's
//! report for a period first arrived. Every command that asks "what was the figure
//! of this key as of D" asks a [`Ledger`].

use super::figure::{Figure, Key};
use super::period::Period;
use super::revision::{Revision, State, precedence, states};
use crate::domain::plan::Plan;
use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};

/// Revisions as of a day.
pub struct Ledger<'a> {
    revisions: &'a [Revision],
    as_of: NaiveDate,
    current: KeyMap,
    /// Revisions that a withdrawal took back (as of the day).
    withdrawn: FxHashSet<u32>,
    /// (unit, period), as a key with no indicator → the day of its earliest row
    /// (days from the common era): a flat array like `current`, with no hashing.
    first_submitted: KeyMap,
}

impl<'a> Ledger<'a> {
    /// `revisions` in recording order (the data file's order).
    pub fn for_plan(plan: &Plan, revisions: &'a [Revision], as_of: NaiveDate) -> Ledger<'a> {
        Ledger::new(Shape::of(plan), revisions, as_of)
    }

    /// `revisions` in recording order, for keys of a plan of this shape.
    pub fn new(shape: Shape, revisions: &'a [Revision], as_of: NaiveDate) -> Ledger<'a> {
        let mut ledger = Ledger {
            revisions,
            as_of,
            current: KeyMap::new(shape),
            withdrawn: FxHashSet::default(),
            first_submitted: KeyMap::new(Shape {
                indicators: 0,
                ..shape
            }),
        };
        let touched = ledger.pick_latest();
        if !touched.is_empty() {
            ledger.apply_withdrawals(&touched);
        }
        ledger.find_first_submitted();
        ledger
    }

    /// One pass in recording order: each key's winning figure by [`precedence`].
    /// Returns the keys that have a withdrawal, which this pass does not settle.
    fn pick_latest(&mut self) -> FxHashSet<u64> {
        let mut touched = FxHashSet::default();
        for (index, revision) in self.revisions.iter().enumerate() {
            if !revision.exists_on(self.as_of) {
                continue;
            }
            if revision.is_withdrawal() {
                touched.insert(revision.packed_key);
                continue;
            }
            if !revision.says_something() {
                continue;
            }
            let key = revision.key();
            let wins = match self.current.get(&key) {
                None => true,
                Some(best) => {
                    let best = best as usize;
                    precedence(revision, index, &self.revisions[best], best).is_gt()
                }
            };
            if wins {
                self.current.set(&key, Some(index as u32));
            }
        }
        touched
    }

    /// Settles the keys with a withdrawal by the definition itself.
    fn apply_withdrawals(&mut self, touched: &FxHashSet<u64>) {
        let mut of_key: FxHashMap<u64, Vec<(usize, &Revision)>> = FxHashMap::default();
        for (index, revision) in self.revisions.iter().enumerate() {
            if touched.contains(&revision.packed_key) {
                of_key
                    .entry(revision.packed_key)
                    .or_default()
                    .push((index, revision));
            }
        }
        for (packed, listed) in of_key {
            let key = Key::unpack(packed);
            self.current.set(&key, None);
            for (state, (index, _)) in states(&listed, self.as_of).into_iter().zip(&listed) {
                match state {
                    State::Current => self.current.set(&key, Some(*index as u32)),
                    State::Withdrawn => {
                        self.withdrawn.insert(*index as u32);
                    }
                    _ => {}
                }
            }
        }
    }

    /// The earliest submitted date of each unit's rows for each period, counting
    /// superseded figures (the report arrived then) but not withdrawn ones, nor
    /// lines left empty.
    fn find_first_submitted(&mut self) {
        for (index, revision) in self.revisions.iter().enumerate() {
            if !revision.exists_on(self.as_of)
                || revision.is_withdrawal()
                || !revision.says_something()
                || self.withdrawn.contains(&(index as u32))
            {
                continue;
            }
            let report = report_key(revision.key().unit, revision.key().period);
            let day = revision.submitted.num_days_from_ce() as u32;
            if self.first_submitted.get(&report).is_none_or(|d| day < d) {
                self.first_submitted.set(&report, Some(day));
            }
        }
    }

    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Every revision, in recording order, including those after the day.
    pub fn revisions(&self) -> &'a [Revision] {
        self.revisions
    }

    /// The index of the revision in force for a key.
    pub fn current_index(&self, key: &Key) -> Option<usize> {
        self.current.get(key).map(|i| i as usize)
    }

    /// The revision in force for a key.
    pub fn current(&self, key: &Key) -> Option<&'a Revision> {
        self.current_index(key).map(|i| &self.revisions[i])
    }

    /// The figure in force for a key (possibly a blank).
    pub fn figure(&self, key: &Key) -> Option<Figure> {
        self.current(key).map(|r| r.figure)
    }

    /// Whether a key has a figure in force that is not a blank.
    pub fn has_figure(&self, key: &Key) -> bool {
        self.figure(key).is_some_and(|f| !f.is_blank())
    }

    /// When a unit's rows for a period first arrived.
    pub fn first_submitted(&self, unit: u16, period: Period) -> Option<NaiveDate> {
        let day = self.first_submitted.get(&report_key(unit, period))?;
        NaiveDate::from_num_days_from_ce_opt(day as i32)
    }

    /// How many keys have a revision in force.
    pub fn current_count(&self) -> usize {
        self.current.count
    }

    /// Whether the revision at `index` was taken back by a withdrawal.
    pub fn is_withdrawn(&self, index: usize) -> bool {
        self.withdrawn.contains(&(index as u32))
    }
}

/// A unit's report for a period, as a key of [`Ledger::first_submitted`]'s map.
fn report_key(unit: u16, period: Period) -> Key {
    Key {
        unit,
        period,
        indicator: None,
        group: 0,
    }
}

/// Key → revision index. Keys are dense (every contributor reports every period of
/// the plan), so most live in a flat array laid out as indicator × period × unit:
/// looking up the contributors of one indicator for one period reads consecutive
/// slots, with no hashing. Keys outside the plan's years go to a hash map.
struct KeyMap {
    units: usize,
    first_year: i32,
    years: usize,
    slots: Vec<u32>,
    overflow: FxHashMap<u64, u32>,
    count: usize,
}

/// An empty slot. Slots hold a value plus one, so that the array starts as zeros:
/// the allocator hands those over untouched (a national plan's array is 37 MB, a
/// fifth of it used), instead of writing every slot.
const NONE: u32 = 0;
/// Year, H1, H2, Q1–Q4.
const PERIODS_PER_YEAR: usize = 7;
/// Above this many slots (4 bytes each) the flat array is not worth its memory.
const MAX_SLOTS: usize = 1 << 27;

/// How many units, indicators and years a plan has: what laying out its keys needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub units: usize,
    pub indicators: usize,
    pub first_year: i32,
    pub years: usize,
}

impl Shape {
    pub fn of(plan: &Plan) -> Shape {
        Shape {
            units: plan.units.len(),
            indicators: plan.indicators.len(),
            first_year: plan.meta.start_year,
            years: (plan.meta.end_year - plan.meta.start_year + 1).max(0) as usize,
        }
    }
}

impl KeyMap {
    fn new(shape: Shape) -> KeyMap {
        let Shape {
            units,
            indicators,
            first_year,
            years,
        } = shape;
        // One more indicator slot for narrative reports.
        let size = units * (indicators + 1) * years * PERIODS_PER_YEAR;
        KeyMap {
            units,
            first_year,
            years,
            slots: if size <= MAX_SLOTS {
                vec![NONE; size]
            } else {
                Vec::new()
            },
            overflow: FxHashMap::default(),
            count: 0,
        }
    }

    fn slot(&self, key: &Key) -> Option<usize> {
        // Figures by group (few: the indicators reported by sex) live in the map.
        if self.slots.is_empty() || key.group != 0 {
            return None;
        }
        let year = usize::try_from(key.period.year() - self.first_year)
            .ok()
            .filter(|y| *y < self.years)?;
        let period = match key.period {
            Period::Year(_) => 0,
            Period::Half(_, h) => usize::from(h),
            Period::Quarter(_, q) => 2 + usize::from(q),
        };
        let indicator = key.indicator.map_or(0, |i| usize::from(i) + 1);
        let unit = usize::from(key.unit);
        (unit < self.units).then(|| {
            ((indicator * self.years + year) * PERIODS_PER_YEAR + period) * self.units + unit
        })
    }

    fn get(&self, key: &Key) -> Option<u32> {
        let found = match self.slot(key) {
            Some(slot) => self.slots[slot],
            None => *self.overflow.get(&key.pack())?,
        };
        (found != NONE).then(|| found - 1)
    }

    fn set(&mut self, key: &Key, index: Option<u32>) {
        let index = index.map_or(NONE, |i| i + 1);
        let earlier = match self.slot(key) {
            Some(slot) => std::mem::replace(&mut self.slots[slot], index),
            None if index == NONE => self.overflow.remove(&key.pack()).unwrap_or(NONE),
            None => self.overflow.insert(key.pack(), index).unwrap_or(NONE),
        };
        match (earlier == NONE, index == NONE) {
            (true, false) => self.count += 1,
            (false, true) => self.count -= 1,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::revision::{NO_NOTE, Withdraws, in_force};
    use proptest::prelude::*;

    const SHAPE: Shape = Shape {
        units: 3,
        indicators: 2,
        first_year: 2024,
        years: 2,
    };

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap() + chrono::Days::new(u64::from(n))
    }

    /// Keys inside and outside the plan's years, so that both halves of the key map
    /// are exercised.
    fn key(n: u8) -> Key {
        let periods = [
            Period::Half(2025, 1),
            Period::Quarter(2024, 2),
            Period::Year(2030),
        ];
        Key {
            unit: u16::from(n % 3),
            period: periods[usize::from(n / 3 % 3)],
            indicator: n.is_multiple_of(2).then_some(u16::from(n / 9 % 2)),
            group: 0,
        }
    }

    /// A revision: (key, kind, day, source), kind 0–5 a figure (0 a blank), 6 a
    /// key withdrawal, 7 a withdrawal of a source.
    fn revision() -> impl Strategy<Value = Revision> {
        (0..12u8, 0..8u8, 0..10u32, 0..3u32).prop_map(|(k, kind, d, source)| match kind {
            0 => Revision::figure(&key(k), Figure::Blank, day(d), NO_NOTE, source),
            1 => Revision::figure(&key(k), Figure::Blank, day(d), 0, source),
            6 => Revision::withdrawal(&key(k), Withdraws::Key, day(d), NO_NOTE, 9),
            7 => Revision::withdrawal(&key(k), Withdraws::Source(source), day(d), NO_NOTE, 9),
            v => Revision::figure(
                &key(k),
                Figure::Number(f64::from(v)),
                day(d),
                NO_NOTE,
                source,
            ),
        })
    }

    proptest! {
        /// The ledger's one pass gives, for every key, what the definition gives.
        #[test]
        fn the_ledger_agrees_with_the_definition(
            revisions in proptest::collection::vec(revision(), 0..40),
            as_of in 0..12u32,
        ) {
            let as_of = day(as_of);
            let ledger = Ledger::new(SHAPE, &revisions, as_of);
            let mut in_force_count = 0;
            for k in 0..12u8 {
                let key = key(k);
                let listed: Vec<(usize, &Revision)> = revisions
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.packed_key == key.pack())
                    .collect();
                let expected = in_force(&listed, as_of).map(|i| listed[i].0);
                in_force_count += usize::from(expected.is_some());
                prop_assert_eq!(ledger.current_index(&key), expected);
            }
            prop_assert_eq!(ledger.current_count(), in_force_count);
        }

        /// A unit's report for a period first arrived on the earliest day of its
        /// rows that exist on the day, are not withdrawals, say something and were
        /// not withdrawn.
        #[test]
        fn first_arrival_is_the_earliest_row_not_taken_back(
            revisions in proptest::collection::vec(revision(), 0..40),
            as_of in 0..12u32,
        ) {
            let as_of = day(as_of);
            let ledger = Ledger::new(SHAPE, &revisions, as_of);
            for k in 0..12u8 {
                let key = key(k);
                let expected = revisions
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        let other = r.key();
                        (other.unit, other.period) == (key.unit, key.period)
                    })
                    .filter(|(i, r)| {
                        r.exists_on(as_of)
                            && !r.is_withdrawal()
                            && r.says_something()
                            && !ledger.is_withdrawn(*i)
                    })
                    .map(|(_, r)| r.submitted)
                    .min();
                prop_assert_eq!(ledger.first_submitted(key.unit, key.period), expected);
            }
        }

        /// Whatever order figures submitted on different days are recorded in, the
        /// same figures are current.
        #[test]
        fn recording_order_does_not_decide(
            figures in proptest::collection::vec((0..12u8, 1..6u8), 1..20),
            seed in any::<u64>(),
        ) {
            // One day per figure, so no two are submitted the same day.
            let revisions: Vec<Revision> = figures
                .iter()
                .enumerate()
                .map(|(i, &(k, v))| {
                    Revision::figure(&key(k), Figure::Number(f64::from(v)), day(i as u32), NO_NOTE, i as u32)
                })
                .collect();
            let mut shuffled = revisions.clone();
            // A deterministic shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let as_of = day(100);
            let (a, b) = (Ledger::new(SHAPE, &revisions, as_of), Ledger::new(SHAPE, &shuffled, as_of));
            for k in 0..12u8 {
                prop_assert_eq!(a.figure(&key(k)), b.figure(&key(k)));
            }
        }
    }

    #[test]
    fn a_withdrawn_report_did_not_arrive() {
        let k = key(0);
        let revisions = [
            Revision::figure(&k, Figure::Number(1.0), day(1), NO_NOTE, 0),
            Revision::withdrawal(&k, Withdraws::Source(0), day(5), NO_NOTE, 9),
        ];
        let before = Ledger::new(SHAPE, &revisions, day(4));
        assert_eq!(before.first_submitted(k.unit, k.period), Some(day(1)));
        assert!(before.has_figure(&k));
        let after = Ledger::new(SHAPE, &revisions, day(5));
        assert_eq!(after.first_submitted(k.unit, k.period), None);
        assert!(!after.has_figure(&k));
        assert!(after.is_withdrawn(0));
        assert_eq!(after.current_count(), 0);
    }
}

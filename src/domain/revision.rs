//! Revisions of a figure, and the one definition of which revision of a key is in
//! force on a given day.
//!
//! A unit may send a figure, then a correction, and the office may withdraw a figure
//! recorded by mistake. Each of these is a revision, appended and never rewritten.
//! As of a day D, only revisions submitted on or before D exist. Among them:
//!
//! - a withdrawal takes back the revisions of its key *recorded before it*: all of
//!   them (a figure withdrawn by key), or those from one source file (a file
//!   withdrawn). A revision recorded after the withdrawal is not taken back;
//! - of the figures not taken back, the one submitted last is in force; among those
//!   submitted the same day, the one recorded last. Ingest order never decides
//!   between different days;
//! - a blank (a form line left empty) never hides a figure: it is in force only when
//!   no figure is;
//! - a revision that says nothing (a blank or a narrative line with no note: a form
//!   line nobody filled in) counts for nothing: it is never in force, hides nothing
//!   and is not a report's arrival.

use super::figure::{Figure, Key};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// What a withdrawal takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Withdraws {
    /// Every revision of the key recorded before the withdrawal.
    Key,
    /// The revisions of the key that came from this source (a file, by content).
    Source(u32),
}

/// One revision of a key: a figure as submitted, or a withdrawal. Sources are
/// numbered by whoever holds the revisions (the store), one number per file
/// content, so that comparing sources is comparing integers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Revision {
    /// [`Key::pack`]ed: 8 bytes instead of 16, with millions of revisions.
    pub packed_key: u64,
    /// For a withdrawal, [`Figure::Blank`] (unused).
    pub figure: Figure,
    /// When the unit sent it; for a withdrawal, the day it was made.
    pub submitted: NaiveDate,
    /// Index into the holder's notes, or [`NO_NOTE`].
    pub note: u32,
    /// The source it came from.
    pub source: u32,
    /// [`NOT_A_WITHDRAWAL`], [`WITHDRAWS_KEY`] or the withdrawn source.
    withdraws: u32,
}

pub const NO_NOTE: u32 = u32::MAX;
const NOT_A_WITHDRAWAL: u32 = u32::MAX;
const WITHDRAWS_KEY: u32 = u32::MAX - 1;

impl Revision {
    /// A figure as a unit submitted it.
    pub fn figure(key: &Key, figure: Figure, submitted: NaiveDate, note: u32, source: u32) -> Self {
        Revision {
            packed_key: key.pack(),
            figure,
            submitted,
            note,
            source,
            withdraws: NOT_A_WITHDRAWAL,
        }
    }

    /// A withdrawal made on `day`.
    pub fn withdrawal(
        key: &Key,
        withdraws: Withdraws,
        day: NaiveDate,
        note: u32,
        source: u32,
    ) -> Self {
        Revision {
            packed_key: key.pack(),
            figure: Figure::Blank,
            submitted: day,
            note,
            source,
            withdraws: match withdraws {
                Withdraws::Key => WITHDRAWS_KEY,
                Withdraws::Source(s) => s,
            },
        }
    }

    pub fn key(&self) -> Key {
        Key::unpack(self.packed_key)
    }

    /// What this revision takes back, if it is a withdrawal.
    pub fn withdraws(&self) -> Option<Withdraws> {
        match self.withdraws {
            NOT_A_WITHDRAWAL => None,
            WITHDRAWS_KEY => Some(Withdraws::Key),
            source => Some(Withdraws::Source(source)),
        }
    }

    pub fn is_withdrawal(&self) -> bool {
        self.withdraws != NOT_A_WITHDRAWAL
    }

    /// Whether it exists as of `day`.
    pub fn exists_on(&self, day: NaiveDate) -> bool {
        self.submitted <= day
    }

    /// Whether it says anything: a figure, or a note. A form line nobody filled in
    /// (a blank, or a narrative line, without a note) says nothing and counts for
    /// nothing; files of earlier releases may hold such rows.
    pub fn says_something(&self) -> bool {
        self.is_withdrawal()
            || self.note != NO_NOTE
            || !matches!(self.figure, Figure::Blank | Figure::Narrative)
    }
}

/// Which of two figure revisions of one key wins, given their recording order
/// (`a_order` < `b_order` means `a` was recorded first): a figure over a blank,
/// then the later submitted, then the later recorded.
pub fn precedence(a: &Revision, a_order: usize, b: &Revision, b_order: usize) -> Ordering {
    (!a.figure.is_blank())
        .cmp(&!b.figure.is_blank())
        .then(a.submitted.cmp(&b.submitted))
        .then(a_order.cmp(&b_order))
}

/// A revision's standing as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// The figure in force.
    Current,
    /// A figure that another, later one replaces.
    Superseded,
    /// A figure taken back by a withdrawal.
    Withdrawn,
    /// The withdrawal itself.
    Withdrawal,
    /// Submitted after the day: does not exist yet.
    NotYet,
    /// A line left empty (no figure, no note): it counts for nothing.
    Empty,
}

/// The standing of each of one key's revisions as of `as_of`. `revisions` are the
/// key's revisions in recording order, each with its recording order (any
/// increasing numbers). This is the definition of "the current figure of a key as
/// of a day"; [`super::ledger::Ledger`] computes the same for every key at once.
pub fn states(revisions: &[(usize, &Revision)], as_of: NaiveDate) -> Vec<State> {
    let withdrawals: Vec<(usize, Withdraws)> = revisions
        .iter()
        .filter(|(_, r)| r.exists_on(as_of))
        .filter_map(|&(order, r)| Some((order, r.withdraws()?)))
        .collect();
    let taken_back = |order: usize, r: &Revision| {
        withdrawals.iter().any(|&(w, what)| {
            order < w
                && match what {
                    Withdraws::Key => true,
                    Withdraws::Source(s) => s == r.source,
                }
        })
    };
    let mut states: Vec<State> = revisions
        .iter()
        .map(|&(order, r)| {
            if !r.exists_on(as_of) {
                State::NotYet
            } else if r.is_withdrawal() {
                State::Withdrawal
            } else if !r.says_something() {
                State::Empty
            } else if taken_back(order, r) {
                State::Withdrawn
            } else {
                State::Superseded
            }
        })
        .collect();
    let current = revisions
        .iter()
        .enumerate()
        .filter(|(i, _)| states[*i] == State::Superseded)
        .max_by(|(_, (ao, a)), (_, (bo, b))| precedence(a, *ao, b, *bo))
        .map(|(i, _)| i);
    if let Some(i) = current {
        states[i] = State::Current;
    }
    states
}

/// The position in `revisions` of the one in force as of `as_of`, if any.
pub fn in_force(revisions: &[(usize, &Revision)], as_of: NaiveDate) -> Option<usize> {
    states(revisions, as_of)
        .iter()
        .position(|s| *s == State::Current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    const KEY: Key = Key {
        unit: 0,
        period: Period::Half(2025, 1),
        indicator: Some(0),
        group: 0,
    };

    fn n(value: f64, submitted: &str, source: u32) -> Revision {
        Revision::figure(&KEY, Figure::Number(value), d(submitted), NO_NOTE, source)
    }

    fn current(revisions: &[Revision], as_of: &str) -> Option<f64> {
        let listed: Vec<(usize, &Revision)> = revisions.iter().enumerate().collect();
        in_force(&listed, d(as_of)).and_then(|i| revisions[i].figure.as_number())
    }

    #[test]
    fn the_latest_submitted_wins_whatever_the_recording_order() {
        let original = n(1.0, "2025-05-29", 0);
        let correction = n(2.0, "2025-06-05", 1);
        assert_eq!(current(&[original, correction], "2025-12-31"), Some(2.0));
        assert_eq!(current(&[correction, original], "2025-12-31"), Some(2.0));
    }

    #[test]
    fn on_the_same_day_the_one_recorded_last_wins() {
        let a = n(1.0, "2025-06-05", 0);
        let b = n(2.0, "2025-06-05", 1);
        assert_eq!(current(&[a, b], "2025-12-31"), Some(2.0));
        assert_eq!(current(&[b, a], "2025-12-31"), Some(1.0));
    }

    #[test]
    fn as_of_a_day_later_revisions_do_not_exist() {
        let original = n(1.0, "2025-05-29", 0);
        let correction = n(2.0, "2025-06-05", 1);
        assert_eq!(current(&[original, correction], "2025-06-01"), Some(1.0));
        assert_eq!(current(&[original, correction], "2025-05-01"), None);
    }

    #[test]
    fn a_blank_never_hides_a_figure() {
        let figure = n(1.0, "2025-05-29", 0);
        let blank = Revision::figure(&KEY, Figure::Blank, d("2025-06-05"), 0, 1);
        assert_eq!(current(&[figure, blank], "2025-12-31"), Some(1.0));
        let listed = [(0, &blank)];
        assert_eq!(in_force(&listed, d("2025-12-31")), Some(0));
    }

    #[test]
    fn a_line_left_empty_counts_for_nothing() {
        let narrative = Key {
            indicator: None,
            ..KEY
        };
        let written = Revision::figure(&narrative, Figure::Narrative, d("2025-06-01"), 0, 0);
        let empty = Revision::figure(&narrative, Figure::Narrative, d("2025-06-05"), NO_NOTE, 1);
        let listed = [(0, &written), (1, &empty)];
        assert_eq!(
            states(&listed, d("2025-12-31")),
            [State::Current, State::Empty]
        );
        // Alone, it is not in force either; a blank with a note is.
        let blank = Revision::figure(&KEY, Figure::Blank, d("2025-06-05"), NO_NOTE, 1);
        assert_eq!(in_force(&[(0, &blank)], d("2025-12-31")), None);
        let explained = Revision::figure(&KEY, Figure::Blank, d("2025-06-05"), 3, 1);
        assert_eq!(in_force(&[(0, &explained)], d("2025-12-31")), Some(0));
    }

    #[test]
    fn a_key_withdrawal_takes_back_what_was_recorded_before_it() {
        let original = n(1.0, "2025-05-29", 0);
        let correction = n(2.0, "2025-06-05", 1);
        let withdrawal = Revision::withdrawal(&KEY, Withdraws::Key, d("2025-06-10"), NO_NOTE, 9);
        let revisions = [original, correction, withdrawal];
        assert_eq!(current(&revisions, "2025-12-31"), None);
        // Before the day it was made, the withdrawal does not exist yet.
        assert_eq!(current(&revisions, "2025-06-09"), Some(2.0));
        let listed: Vec<(usize, &Revision)> = revisions.iter().enumerate().collect();
        assert_eq!(
            states(&listed, d("2025-12-31")),
            [State::Withdrawn, State::Withdrawn, State::Withdrawal]
        );
        // A figure recorded after it is in force.
        let resent = n(3.0, "2025-06-12", 2);
        assert_eq!(
            current(&[original, correction, withdrawal, resent], "2025-12-31"),
            Some(3.0)
        );
    }

    #[test]
    fn a_file_withdrawal_brings_back_the_earlier_figure() {
        let original = n(1.0, "2025-05-29", 0);
        let wrong = n(2.0, "2025-06-05", 1);
        let withdrawal =
            Revision::withdrawal(&KEY, Withdraws::Source(1), d("2025-06-10"), NO_NOTE, 9);
        assert_eq!(
            current(&[original, wrong, withdrawal], "2025-12-31"),
            Some(1.0)
        );
        let revisions = [original, wrong, withdrawal];
        let listed: Vec<(usize, &Revision)> = revisions.iter().enumerate().collect();
        assert_eq!(
            states(&listed, d("2025-12-31")),
            [State::Current, State::Withdrawn, State::Withdrawal]
        );
    }
}

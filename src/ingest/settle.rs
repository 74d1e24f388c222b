//! Settling a run's rows against the recorded ones: how each stands once recorded
//! (new, updated, unchanged, superseded, blank), by the one definition of which
//! revision is in force.

use super::{Batch, Fate, Outcome, to_record};
use crate::domain::revision::{Revision, State, in_force, states};
use crate::store::Store;
use chrono::NaiveDate;
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;

/// How an accepted file's rows stand once the run is recorded: each row is
/// counted once, so the counts add up to the rows.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Counts {
    /// A figure where none was in force.
    pub new: usize,
    /// A figure that replaces a different one.
    pub updated: usize,
    /// The figure in force already says the same.
    pub unchanged: usize,
    /// A later-submitted figure stays in force: this one is history.
    pub superseded: usize,
    pub blank: usize,
    /// Withdrawals (rolled up from another office's data file).
    pub withdrawals: usize,
    /// Rows of a file whose content is already recorded: nothing to do.
    pub already: usize,
    /// Rows of a file with the same content as an earlier one of this run, which
    /// records them.
    pub repeated: usize,
    /// Who supersedes: (file, submitted).
    pub superseded_by: BTreeSet<(String, NaiveDate)>,
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.superseded += other.superseded;
        self.blank += other.blank;
        self.withdrawals += other.withdrawals;
        self.already += other.already;
        self.repeated += other.repeated;
    }

    /// Every row counted: what the counts add up to.
    pub fn rows(&self) -> usize {
        self.new
            + self.updated
            + self.unchanged
            + self.superseded
            + self.blank
            + self.withdrawals
            + self.already
            + self.repeated
    }
}

/// How each file's rows stand once the run is recorded: for every key the run
/// touches, the key's recorded revisions and the run's are put through the one
/// definition of which is in force ([`states`]), as of the as-of date.
pub fn settle(
    store: &Store,
    outcomes: &[Outcome],
    fates: &[Option<Fate>],
    as_of: NaiveDate,
) -> Vec<Counts> {
    let mut counts: Vec<Counts> = vec![Counts::default(); outcomes.len()];
    let recorded: Vec<(usize, &Batch)> = to_record(outcomes, fates).collect();
    // Lines left empty were read, and are blanks that record nothing.
    for &(i, batch) in &recorded {
        counts[i].blank = batch.left_empty_lines();
        // Rows another office's file holds that are recorded here already.
        if let Batch::Office(office) = batch {
            counts[i].already = office.already;
        }
    }
    let touched: FxHashSet<u64> = recorded
        .iter()
        .flat_map(|(_, b)| b.keys().map(|k| k.pack()))
        .collect();
    if touched.is_empty() {
        return counts;
    }
    // Each key's revisions: the recorded ones (by index), then the run's, numbered
    // after them in run order, each with its note. A new file's source number is
    // past every recorded one. One list sorted by key, not a list per key: half a
    // million keys would each have an allocation of their own.
    let mut listed: Vec<Listed> = Vec::new();
    for (index, revision) in store.revisions.iter().enumerate() {
        if touched.contains(&revision.packed_key) {
            listed.push(Listed {
                order: index,
                revision: *revision,
                note: store.note(revision),
                from: From::Recorded(index),
            });
        }
    }
    let mut order = store.revisions.len();
    listed.reserve(recorded.iter().map(|(_, b)| b.len()).sum());
    for (n, &(file, batch)) in recorded.iter().enumerate() {
        for row in 0..batch.len() {
            listed.push(Listed {
                order,
                revision: batch.revision(row, n),
                note: batch.note(row),
                from: From::Run(file),
            });
            order += 1;
        }
    }
    // By key, each key's revisions in order (recorded ones first).
    listed.sort_unstable_by_key(|l| (l.revision.packed_key, l.order));
    let mut scratch = Scratch::default();
    for of_key in listed.chunk_by(|a, b| a.revision.packed_key == b.revision.packed_key) {
        count_key(store, outcomes, of_key, as_of, &mut counts, &mut scratch);
    }
    counts
}

/// The rows of accepted files that this run does not record: those of a file
/// already recorded, and those of a copy of an earlier file of the run.
pub fn count_unrecorded(outcomes: &[Outcome], fates: &[Option<Fate>], counts: &mut [Counts]) {
    for (index, outcome) in outcomes.iter().enumerate() {
        let rows = match outcome {
            // Its lines left empty were read too.
            Outcome::Accepted(batch) => batch.len() + batch.left_empty_lines(),
            // Not read: what was recorded from it (its lines left empty never were).
            Outcome::Known(known) => known.keys.len(),
            Outcome::Rejected(..) => continue,
        };
        match fates[index] {
            Some(Fate::AlreadyRecorded { .. }) => counts[index].already = rows,
            Some(Fate::SameAs(_)) => counts[index].repeated = rows,
            Some(Fate::Record) | None => {}
        }
    }
}

/// Lists [`count_key`] fills for every key, kept between keys.
#[derive(Default)]
struct Scratch<'l> {
    all: Vec<(usize, &'l Revision)>,
    recorded: Vec<(usize, &'l Revision)>,
}

/// A revision of a key in [`settle`].
struct Listed<'a> {
    order: usize,
    revision: Revision,
    note: Option<&'a str>,
    from: From,
}

/// Counts how the run's revisions of one key stand against the recorded ones.
fn count_key<'l>(
    store: &Store,
    outcomes: &[Outcome],
    listed: &'l [Listed],
    as_of: NaiveDate,
    counts: &mut [Counts],
    scratch: &mut Scratch<'l>,
) {
    let Scratch { all, recorded } = scratch;
    all.clear();
    all.extend(listed.iter().map(|l| (l.order, &l.revision)));
    recorded.clear();
    recorded.extend(
        listed
            .iter()
            .filter(|l| matches!(l.from, From::Recorded(_)))
            .map(|l| (l.order, &l.revision)),
    );
    // The recorded revisions come first in `listed`, so positions agree.
    let was = in_force(recorded, as_of).map(|i| &listed[i]);
    let after = states(all, as_of);
    let now = after
        .iter()
        .position(|s| *s == State::Current)
        .map(|i| &listed[i]);
    let says_same =
        |a: &Listed, b: &Listed| a.revision.figure == b.revision.figure && a.note == b.note;
    for (this, state) in listed.iter().zip(&after) {
        let From::Run(file) = this.from else {
            continue;
        };
        let c = &mut counts[file];
        if this.revision.is_withdrawal() {
            c.withdrawals += 1;
            continue;
        }
        if this.revision.figure.is_blank() {
            c.blank += 1;
            continue;
        }
        match (state, now) {
            (State::Current, _) => match was {
                Some(w) if says_same(w, this) => c.unchanged += 1,
                Some(w) if !w.revision.figure.is_blank() => c.updated += 1,
                _ => c.new += 1,
            },
            (_, Some(winner)) if says_same(winner, this) => c.unchanged += 1,
            (_, Some(winner)) => {
                c.superseded += 1;
                let file = match winner.from {
                    From::Recorded(i) => store.origin(i).file.clone(),
                    From::Run(f) => outcomes[f].file().to_string(),
                };
                c.superseded_by.insert((file, winner.revision.submitted));
            }
            (_, None) => c.superseded += 1,
        }
    }
}

/// Where a revision in [`settle`] comes from: the data file (its index), or this
/// run (which file).
#[derive(Debug, Clone, Copy)]
enum From {
    Recorded(usize),
    Run(usize),
}

//! Settling a run's rows against the recorded ones: how each stands once recorded
//! (new, updated, unchanged, superseded, blank), by the one definition of which
//! revision is in force.

use super::*;

/// How each file's rows stand once the run is recorded: for every key the run
/// touches, the key's recorded revisions and the run's are put through the one
/// definition of which is in force ([`states`]), as of the as-of date.
pub(super) fn settle(
    store: &Store,
    outcomes: &[Outcome],
    fates: &[Option<Fate>],
    as_of: NaiveDate,
) -> Vec<Counts> {
    let mut counts: Vec<Counts> = vec![Counts::default(); outcomes.len()];
    let recorded: Vec<(usize, &Submission)> = to_record(outcomes, fates).collect();
    // Lines left empty were read, and are blanks that record nothing.
    for &(i, submission) in &recorded {
        counts[i].blank = submission.left_empty.iter().map(|e| e.lines as usize).sum();
    }
    let touched: FxHashSet<u64> = recorded
        .iter()
        .flat_map(|(_, s)| s.rows.iter().map(|r| r.packed_key))
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
    listed.reserve(recorded.iter().map(|(_, s)| s.rows.len()).sum());
    for (n, &(file, submission)) in recorded.iter().enumerate() {
        for row in &submission.rows {
            listed.push(Listed {
                order,
                revision: run_revision(row, n),
                note: submission.note(row),
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
pub(super) fn count_unrecorded(
    outcomes: &[Outcome],
    fates: &[Option<Fate>],
    counts: &mut [Counts],
) {
    for (index, outcome) in outcomes.iter().enumerate() {
        let rows = match outcome {
            // Its lines left empty were read too.
            Outcome::Accepted(submission) => {
                let empty: u32 = submission.left_empty.iter().map(|e| e.lines).sum();
                submission.rows.len() + empty as usize
            }
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

//! Plausibility at ingest: the plan's `[[checks]]` on the figures as they will
//! stand once the run's files are recorded, warned about at their rows;
//! `--strict` refuses such a file, `--confirm` confirms its figures in their note.

use super::{Fate, Outcome};
use crate::diagnostic::Diagnostic;
use crate::domain::ledger::Ledger;
use crate::domain::plausibility::{self, Finding, confirms};
use crate::domain::revision::Revision;
use crate::i18n::Lang;
use crate::ingest::warnings;
use crate::plan::Plan;
use crate::store::Store;
use chrono::NaiveDate;
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet};

/// A plausibility finding about a row of a file this run records.
#[derive(Debug)]
pub struct Warning {
    /// The file's index in the run's outcomes, and the row's in the file.
    pub file: usize,
    pub row: usize,
    pub finding: Finding,
    /// Confirmed by `--confirm` (a row of another office's file never is: it is
    /// kept as that office recorded it).
    pub confirmed: bool,
}

/// The plan's `[[checks]]` on the figures as they will stand once this run's files
/// are recorded, for the units and periods the files bring figures for; each
/// finding placed at the first of its figures that this run brings (a finding
/// about figures recorded earlier only is `check`'s to list).
pub fn plausibility(
    plan: &Plan,
    store: &Store,
    outcomes: &[Outcome],
    fates: &[Option<Fate>],
    as_of: NaiveDate,
) -> Vec<Warning> {
    if plan.checks.is_empty() {
        return Vec::new();
    }
    // The run's rows, as revisions recorded after every other.
    let mut new: Vec<Revision> = Vec::new();
    let mut brought: Vec<(usize, usize)> = Vec::new();
    for (n, (file, batch)) in super::to_record(outcomes, fates).enumerate() {
        for row in 0..batch.len() {
            new.push(batch.revision(row, n));
            brought.push((file, row));
        }
    }
    // Rules speak of one unit's figures: the recorded revisions of the units the
    // run brings figures for are all they read (a one-row ingest into millions of
    // revisions reads that unit's), in recording order, then the run's.
    let units: FxHashSet<u16> = new.iter().map(|r| r.key().unit).collect();
    let recorded: Vec<usize> = (0..store.revisions.len())
        .filter(|&i| units.contains(&store.revisions[i].key().unit))
        .collect();
    let base = recorded.len();
    let mut revisions: Vec<Revision> = recorded.iter().map(|&i| store.revisions[i]).collect();
    revisions.extend_from_slice(&new);
    let ledger = Ledger::for_plan(plan, &revisions, as_of);
    let confirmed = |index: usize| {
        let note = match index.checked_sub(base) {
            None => store.note(&store.revisions[recorded[index]]),
            Some(n) => {
                let (file, row) = brought[n];
                let Outcome::Accepted(batch) = &outcomes[file] else {
                    return false;
                };
                batch.note(row)
            }
        };
        note.is_some_and(confirms)
    };
    let keys = revisions[base..].iter().map(|r| r.key());
    let mut warnings = Vec::new();
    for (unit, period) in plausibility::scope(plan, &ledger, keys) {
        for finding in plausibility::findings(plan, &ledger, unit, period, &confirmed) {
            let first_brought = finding
                .keys
                .iter()
                .filter_map(|k| ledger.current_index(k))
                .find_map(|i| i.checked_sub(base));
            if let Some(n) = first_brought {
                let (file, row) = brought[n];
                warnings.push(Warning {
                    file,
                    row,
                    finding,
                    confirmed: false,
                });
            }
        }
    }
    warnings
}

/// A warning as a diagnostic at its row.
pub fn warning_at(plan: &Plan, outcomes: &[Outcome], w: &Warning, lang: Lang) -> Diagnostic {
    let Outcome::Accepted(batch) = &outcomes[w.file] else {
        unreachable!("warnings are about accepted files");
    };
    let at = batch.at_row(Diagnostic::new(batch.file(), ""), w.row);
    warnings::diagnostic(plan, &w.finding, at, lang)
}

/// `--strict`: a file with a warning is refused whole, its warnings as its problems.
pub fn refuse_implausible(
    plan: &Plan,
    outcomes: &mut [Outcome],
    fates: &mut [Option<Fate>],
    warnings: &mut Vec<Warning>,
    lang: Lang,
) {
    let mut problems: BTreeMap<usize, Vec<Diagnostic>> = BTreeMap::new();
    for w in warnings.iter() {
        let mut d = warning_at(plan, outcomes, w, lang);
        d.warning = false;
        problems.entry(w.file).or_default().push(d);
    }
    for (file, problems) in problems {
        let name = outcomes[file].file().to_string();
        outcomes[file] = Outcome::Rejected(name, problems);
        fates[file] = None;
    }
    warnings.clear();
}

/// `--confirm REASON`: each row with a warning gets the confirmation in its note,
/// which is recorded with it.
pub fn confirm(outcomes: &mut [Outcome], warnings: &mut [Warning], reason: &str, lang: Lang) {
    let rows: BTreeSet<(usize, usize)> = warnings.iter().map(|w| (w.file, w.row)).collect();
    let mut kept = BTreeSet::new();
    for (file, row) in rows {
        let Outcome::Accepted(batch) = &mut outcomes[file] else {
            continue;
        };
        let note = plausibility::confirmed_note(batch.note(row), reason, lang);
        if batch.set_note(row, note) {
            kept.insert((file, row));
        }
    }
    for w in warnings {
        w.confirmed = kept.contains(&(w.file, w.row));
    }
}

//! Figures that cannot both be right: two files of one run that give different
//! figures for the same key with the same submitted date.

use super::{Batch, Fate, Outcome};
use crate::diagnostic::Diagnostic;
use crate::domain::revision::Revision;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::tr;
use crate::words::{date_text, describe_key, figure_text};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Two files of one run that give different figures for the same key with the
/// same submitted date cannot both be right, and neither was sent later: both are
/// rejected, each naming the other. Files submitted on different days are no
/// conflict: the later one is the correction.
pub fn reject_same_day_conflicts(
    outcomes: &mut [Outcome],
    fates: &[Option<Fate>],
    plan: &Plan,
    lang: Lang,
) {
    let recording = |i: usize| matches!(fates[i], Some(Fate::Record));
    if (0..outcomes.len()).filter(|&i| recording(i)).count() < 2 {
        return; // within one file, a repeated key is already a problem of its own
    }
    let mut seen: FxHashMap<(u64, NaiveDate), (usize, usize, Revision)> = FxHashMap::default();
    let mut conflicts: Vec<(usize, Diagnostic)> = Vec::new();
    for (index, outcome) in outcomes.iter().enumerate() {
        let Outcome::Accepted(batch) = outcome else {
            continue;
        };
        if !recording(index) {
            continue;
        }
        for row in 0..batch.len() {
            let revision = batch.revision(row, 0);
            if revision.figure.is_blank() || revision.is_withdrawal() {
                continue;
            }
            match seen.get(&(revision.packed_key, revision.submitted)) {
                Some(&(other, first_row, first))
                    if other != index && first.figure != revision.figure =>
                {
                    let Outcome::Accepted(earlier) = &outcomes[other] else {
                        continue;
                    };
                    conflicts.extend(conflict_pair(
                        plan,
                        (earlier, first_row, &first, other),
                        (batch, row, &revision, index),
                        lang,
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(
                        (revision.packed_key, revision.submitted),
                        (index, row, revision),
                    );
                }
            }
        }
    }
    let mut by_file: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
    for (index, d) in conflicts {
        by_file.entry(index).or_default().push(d);
    }
    for (index, mut problems) in by_file {
        problems.sort_by(|a, b| (&a.sheet, a.line).cmp(&(&b.sheet, b.line)));
        problems.dedup();
        let file = outcomes[index].file().to_string();
        outcomes[index] = Outcome::Rejected(file, problems);
    }
}

/// A row of a batch: the batch, the row's index in it, its revision, the batch's
/// index among the run's files.
type At<'a> = (&'a Batch, usize, &'a Revision, usize);

/// The two diagnostics of a same-day conflict, one in each file.
fn conflict_pair(plan: &Plan, a: At, b: At, lang: Lang) -> [(usize, Diagnostic); 2] {
    let what = describe_key(plan, &a.2.key(), lang);
    let day = date_text(a.2.submitted, lang);
    let hint = tr!(
        lang,
        "only one can be right: ask the unit which, then correct or remove the other file (or give the correction its real, later submitted date) and ingest again",
        "chỉ một số liệu đúng: hỏi lại đơn vị, rồi sửa hoặc bỏ tệp kia (hoặc ghi đúng ngày gửi, muộn hơn, cho bản sửa) và nhập lại"
    );
    let one = |(batch, row, revision, _): At, (other, other_row, other_revision, _): At| {
        let (here, there) = (
            figure_text(revision.figure, lang),
            figure_text(other_revision.figure, lang),
        );
        // FILE:LINE, or FILE[SHEET]!ROW:ROW in a workbook.
        let place = other.place(other_row);
        batch.at_row(
            Diagnostic::new(
                batch.file(),
                tr!(
                    lang,
                    "{what}: {here} here, but {there} in {place}, both submitted {day}",
                    "{what}: ở đây là {here}, nhưng trong {place} là {there}, cả hai gửi ngày {day}"
                ),
            )
            .hint(hint.clone()),
            row,
        )
    };
    [(a.3, one(a, b)), (b.3, one(b, a))]
}

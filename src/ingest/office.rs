//! Roll-up: another office's data file (a commune's, a former district's), written
//! by `gender-plan` elsewhere, ingested into this one. Its rows are taken as they
//! were recorded there, withdrawals included, so that the same figures are in force
//! here on every day; each keeps where it first came from (the unit's file) and
//! gains the file it came through (`store::Via`: that data file, and when and by
//! whom that office recorded it).
//!
//! Under this plan's rules, nothing half-done: the file is refused whole, every
//! problem listed at its line, when its checksum chain is broken, when it names a
//! unit or indicator this plan does not know, when a figure breaks a rule a unit's
//! own file would be refused for (its period, the unit's duty then, the figure
//! itself), or when it gives a different figure for a key and submitted day than
//! the one recorded here. A row recorded here already (the same figure from the same
//! unit's file) is left out; a file whose every row is is a no-op.

use crate::diagnostic::Diagnostic;
use crate::domain::duties::Duties;
use crate::domain::figure::Key;
use crate::domain::period::Period;
use crate::domain::revision::{Revision, Withdraws};
use crate::i18n::Lang;
use crate::intake::submission::{duty_problem, figure_problems, period_problem};
use crate::plan::Plan;
use crate::store::{self, Origin, Source, Store, Takes, Via};
use crate::tr;
use crate::words::{date_text, describe_key, figure_text};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::Path;

/// Whether a file is a `gender-plan` data file: its first line is a data file's
/// header (of any release).
pub fn is_data_file(path: &Path) -> bool {
    let Some(start) = crate::intake::bytes::head(path, 64) else {
        return false;
    };
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&start);
    start.starts_with(b"recorded_at,unit,period,indicator,value,")
}

/// Another office's data file, checked, with the rows this one does not have yet.
#[derive(Debug)]
pub struct OfficeFile {
    pub file: String,
    /// The first 16 hex digits of the SHA-256 of the file's bytes.
    pub hash: String,
    /// That file's store, read with this plan.
    other: Store,
    /// The rows to record: (index in `other`, line in the file).
    rows: Vec<(usize, u64)>,
    /// Source numbers in `other` → the numbers revisions from that unit's file
    /// have in this run: the recorded one's if the file is recorded here.
    sources: Vec<u32>,
    /// Rows already recorded here (the same figure from the same unit's file).
    pub already: usize,
}

/// Reads and checks another office's data file against this plan and the data
/// file as it is (`store`).
pub fn read(
    file: &str,
    path: &Path,
    hash: &str,
    plan: &Plan,
    store: &Store,
    lang: Lang,
) -> Result<OfficeFile, Vec<Diagnostic>> {
    let opened = std::fs::File::open(path)
        .map_err(|e| vec![Diagnostic::new(file, crate::i18n::os_error_text(&e, lang))])?;
    let input = std::io::BufReader::with_capacity(1 << 16, opened);
    let (other, lines) = store::parse_with_lines(input, file, plan, lang).map_err(|d| vec![d])?;
    let mut problems = unknown_ids(file, &other, lang);
    let mut checker = Checker {
        file,
        plan,
        lang,
        duties: HashMap::new(),
    };
    let recorded = Recorded::of(store, &other);
    let mut rows = Vec::new();
    let mut already = 0;
    for (index, revision) in other.revisions.iter().enumerate() {
        let line = lines[index];
        let at = |d: Diagnostic| d.at_line(line as usize);
        problems.extend(checker.row(revision).into_iter().map(at));
        match recorded.compare(&other, index) {
            Compared::Same => already += 1,
            Compared::Conflict(there) => {
                problems.push(at(conflict(file, plan, revision, there, store, lang)));
            }
            Compared::New => rows.push((index, line)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let sources = (0..other.sources())
        .map(|s| store.source_id(other.hash(s)).unwrap_or(RUN_SOURCES + s))
        .collect();
    Ok(OfficeFile {
        file: file.to_string(),
        hash: hash.to_string(),
        other,
        rows,
        sources,
        already,
    })
}

/// Where the source numbers of files first recorded by this run's roll-ups start:
/// far above any data file's own and below those of the run's submissions.
const RUN_SOURCES: u32 = u32::MAX / 2;

impl OfficeFile {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn revision_at(&self, row: usize) -> &Revision {
        &self.other.revisions[self.rows[row].0]
    }

    /// Its `row`th row's key.
    pub fn key(&self, row: usize) -> Key {
        self.revision_at(row).key()
    }

    /// Its `row`th row as a revision of this run: sources numbered as here.
    pub fn revision(&self, row: usize) -> Revision {
        let r = self.revision_at(row);
        let source = self.sources[r.source as usize];
        match r.withdraws() {
            None => Revision::figure(&r.key(), r.figure, r.submitted, r.note, source),
            Some(Withdraws::Key) => {
                Revision::withdrawal(&r.key(), Withdraws::Key, r.submitted, r.note, source)
            }
            Some(Withdraws::Source(target)) => {
                let target = Withdraws::Source(self.sources[target as usize]);
                Revision::withdrawal(&r.key(), target, r.submitted, r.note, source)
            }
        }
    }

    pub fn note(&self, row: usize) -> Option<&str> {
        self.other.note(self.revision_at(row))
    }

    /// Its `row`th row's line in the file.
    pub fn line(&self, row: usize) -> u64 {
        self.rows[row].1
    }

    /// Where the unit's figure of its `row`th row first came from.
    pub fn origin(&self, row: usize) -> &Origin {
        self.other.origin(self.rows[row].0)
    }

    /// Writes its rows, each with the unit's file it first came in and this file
    /// as the one it came through.
    pub fn write(&self, rows: &mut store::Rows) -> std::io::Result<()> {
        for row in 0..self.rows.len() {
            let (index, _) = self.rows[row];
            let r = &self.other.revisions[index];
            let origin = self.other.origin(index);
            let source = Source {
                file: origin.file.clone(),
                hash: origin.hash.clone(),
                via: Some(Via {
                    file: self.file.clone(),
                    hash: self.hash.clone(),
                    recorded: origin.recorded.clone(),
                    by: origin.by.clone(),
                }),
            };
            let note = self.other.note(r).unwrap_or("");
            match r.withdraws() {
                None => rows.figure(&r.key(), r.figure, r.submitted, note, &source)?,
                Some(Withdraws::Key) => {
                    rows.withdrawal(&r.key(), Takes::Key, r.submitted, note, &source)?
                }
                Some(Withdraws::Source(target)) => {
                    let takes = Takes::File(self.other.hash(target));
                    rows.withdrawal(&r.key(), takes, r.submitted, note, &source)?
                }
            }
        }
        Ok(())
    }
}

/// Rows naming a unit or indicator this plan does not know: each at its line.
fn unknown_ids(file: &str, other: &Store, lang: Lang) -> Vec<Diagnostic> {
    other
        .orphans
        .iter()
        .map(|o| {
            let message = match o.known_unit {
                true => tr!(
                    lang,
                    "indicator \"{}\" is not in this plan (unit {}, {})",
                    "chỉ tiêu \"{}\" không có trong kế hoạch này (đơn vị {}, kỳ {})",
                    o.indicator,
                    o.unit,
                    o.period
                ),
                false => tr!(
                    lang,
                    "unit \"{}\" is not in this plan ({}, indicator {})",
                    "đơn vị \"{}\" không có trong kế hoạch này (kỳ {}, chỉ tiêu {})",
                    o.unit,
                    o.period,
                    o.indicator
                ),
            };
            Diagnostic::new(file, message)
                .at_line(o.line as usize)
                .hint(tr!(
                    lang,
                    "a roll-up takes only figures this plan knows: add the unit or indicator to plan.toml (or give the old id as a former id), then roll up the file again",
                    "chỉ tổng hợp được số liệu mà kế hoạch này có: thêm đơn vị hoặc chỉ tiêu vào plan.toml (hoặc ghi mã cũ là mã trước đây), rồi tổng hợp lại tệp"
                ))
        })
        .collect()
}

/// The plan's rules for one row, as a unit's own file is checked.
struct Checker<'a> {
    file: &'a str,
    plan: &'a Plan,
    lang: Lang,
    /// Each period's duties, worked out once.
    duties: HashMap<Period, std::sync::Arc<Duties>>,
}

impl Checker<'_> {
    /// What is wrong with a revision under this plan (its line set by the caller).
    fn row(&mut self, revision: &Revision) -> Vec<Diagnostic> {
        let (plan, lang, file) = (self.plan, self.lang, self.file);
        let key = revision.key();
        let problem = |(message, hint): (String, String)| Diagnostic::new(file, message).hint(hint);
        if let Some(p) = period_problem(plan, key.period, lang) {
            return vec![problem(p)];
        }
        if revision.is_withdrawal() || !revision.says_something() {
            return Vec::new();
        }
        let duties = self
            .duties
            .entry(key.period)
            .or_insert_with(|| Duties::of_period(plan, key.period));
        if let Some(p) = duty_problem(plan, duties, key.unit, key.indicator, key.period, lang) {
            return vec![problem(p)];
        }
        match key.indicator {
            Some(i) => figure_problems(file, &plan.indicators[i as usize], revision.figure, lang),
            None => Vec::new(),
        }
    }
}

/// The revisions recorded here of the keys the other file has, by key and day.
struct Recorded<'s> {
    store: &'s Store,
    by_day: FxHashMap<(u64, NaiveDate), Vec<usize>>,
}

/// How a row of the other file stands against the recorded ones.
enum Compared {
    /// Recorded here already: the same figure (or withdrawal) from the same unit's file.
    Same,
    /// A different figure for the same key and submitted day: the index recorded here.
    Conflict(usize),
    New,
}

impl<'s> Recorded<'s> {
    fn of(store: &'s Store, other: &Store) -> Self {
        let keys: rustc_hash::FxHashSet<u64> =
            other.revisions.iter().map(|r| r.packed_key).collect();
        let mut by_day: FxHashMap<(u64, NaiveDate), Vec<usize>> = FxHashMap::default();
        for (index, r) in store.revisions.iter().enumerate() {
            if keys.contains(&r.packed_key) {
                by_day
                    .entry((r.packed_key, r.submitted))
                    .or_default()
                    .push(index);
            }
        }
        Recorded { store, by_day }
    }

    fn compare(&self, other: &Store, index: usize) -> Compared {
        let theirs = &other.revisions[index];
        let Some(here) = self.by_day.get(&(theirs.packed_key, theirs.submitted)) else {
            return Compared::New;
        };
        let ours = |i: usize| &self.store.revisions[i];
        let same = |i: usize| {
            let r = ours(i);
            r.figure == theirs.figure
                && r.is_withdrawal() == theirs.is_withdrawal()
                && self.store.hash(r.source) == other.hash(theirs.source)
                && self.store.note(r) == other.note(theirs)
        };
        if here.iter().any(|&i| same(i)) {
            return Compared::Same;
        }
        let differs = |i: usize| {
            let r = ours(i);
            !r.is_withdrawal()
                && !r.figure.is_blank()
                && !theirs.figure.is_blank()
                && r.figure != theirs.figure
        };
        match theirs.is_withdrawal() {
            false => here
                .iter()
                .find(|&&i| differs(i))
                .map_or(Compared::New, |&i| Compared::Conflict(i)),
            true => Compared::New,
        }
    }
}

/// A figure of the other file that contradicts the one recorded here for the
/// same key and submitted day.
fn conflict(
    file: &str,
    plan: &Plan,
    theirs: &Revision,
    here: usize,
    store: &Store,
    lang: Lang,
) -> Diagnostic {
    let ours = &store.revisions[here];
    let what = describe_key(plan, &theirs.key(), lang);
    let (there, recorded) = (
        figure_text(theirs.figure, lang),
        figure_text(ours.figure, lang),
    );
    let origin = store.origin(here);
    let (day, from) = (date_text(theirs.submitted, lang), &origin.file);
    Diagnostic::new(
        file,
        tr!(
            lang,
            "{what}: {there} here, but {recorded} is recorded (from {from}), both submitted {day}",
            "{what}: ở đây là {there}, nhưng số liệu đã ghi nhận là {recorded} (từ tệp {from}), cả hai gửi ngày {day}"
        ),
    )
    .hint(tr!(
        lang,
        "only one can be right: ask the unit which, correct the wrong one where it was recorded (a corrected file with its later submitted date, or a withdrawal), then roll up the file again",
        "chỉ một số liệu đúng: hỏi lại đơn vị, sửa số liệu sai ở nơi đã ghi nhận nó (tệp đã sửa với ngày gửi muộn hơn, hoặc rút lại), rồi tổng hợp lại tệp"
    ))
}

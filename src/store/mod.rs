//! The data file: an append-only log of revisions, as CSV a spreadsheet can open.
//!
//! Every accepted figure becomes a revision; a correction or a withdrawal adds a
//! revision and never rewrites one. Which revision of a (unit, period, indicator)
//! is in force on a day is decided in one place, [`crate::domain::revision`], and
//! computed for all keys by [`Ledger`]. A write appends its rows, the last carrying a
//! commit mark in its checksum; readers stop at the last commit, so a crash leaves
//! the state before or after, never half a write ([`append`]); a lock file
//! serialises concurrent writers.

use crate::diagnostic::{Diagnostic, Rejected};
use crate::domain::figure::{Figure, Key};
use crate::domain::ledger::Ledger;
use crate::domain::measure::Measure;
use crate::domain::period::Period;
use crate::domain::revision::Withdraws;
pub use crate::domain::revision::{NO_NOTE, Revision};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::text;
use crate::tr;

pub mod index;
mod read;
mod write;
use anyhow::Context as _;
use chrono::NaiveDate;
pub use read::*;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
pub use write::*;

/// The columns of the first release's data file. Files with this header are read
/// as they are, and upgraded in place (atomically, by a copy renamed over them) the next time
/// something is appended.
pub const HEADER_V1: [&str; 11] = [
    "recorded_at",
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
    "source_file",
    "source_hash",
];

/// The columns of the second release: the first release's, with `withdraws` (empty
/// for a figure; `*` for a withdrawal of every earlier revision of the key, or the
/// source hash whose revisions it takes back) and `recorded_by` (who ran the
/// command) before the source columns. The source hash stays last: a row cut short
/// (a truncated file ends inside its last field) never has 16 hex digits there.
pub const HEADER_V2: [&str; 13] = [
    "recorded_at",
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
    "withdraws",
    "recorded_by",
    "source_file",
    "source_hash",
];

/// The columns of the third layout: the second release's, with `group` before the
/// source columns: empty for the whole, or the id of a group of the indicator's breakdown
/// (`female` for the girls' figures of an indicator reported by sex). Columns are
/// found by name, so a file of any release reads the same way; files of earlier
/// releases are read as they are and upgraded in place, atomically, at their next
/// write.
pub const HEADER_V3: [&str; 14] = [
    "recorded_at",
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
    "withdraws",
    "recorded_by",
    "group",
    "source_file",
    "source_hash",
];

/// The columns of the fourth layout: v3's, then `checksum`, which chains the rows: the
/// first 16 hex digits of the SHA-256 of the row before's checksum and this row's
/// other cells as written ([`Chain`]). A row changed, removed or moved by hand breaks
/// the chain at that line, and `check` and every command say so. Text cells are
/// written with [`text::quote_cell`], so that nothing in the file runs as a formula in
/// a spreadsheet. The checksum, 16 hex digits, is last: a row cut short never has one.
pub const HEADER_V4: [&str; 15] = [
    "recorded_at",
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
    "withdraws",
    "recorded_by",
    "group",
    "source_file",
    "source_hash",
    "checksum",
];

/// The columns written now (v5): v4's, with the provenance of a figure rolled up
/// from another office's data file before the checksum: `via_file` and `via_hash`
/// (that data file as named and its content hash), `via_recorded_at` and
/// `via_recorded_by` (when and by whom that office recorded the row). For a row
/// ingested here from a unit's own file they are empty. `recorded_at` and
/// `recorded_by` are always this data file's (when and by whom the row was written
/// here); `source_file` and `source_hash` the unit's file the figure first came in,
/// so that a withdrawal of that file takes back its figures wherever they came
/// through. A v4 file is read as it is and upgraded in place at its next write.
pub const HEADER: [&str; 19] = [
    "recorded_at",
    "unit",
    "period",
    "indicator",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
    "withdraws",
    "recorded_by",
    "group",
    "source_file",
    "source_hash",
    "via_file",
    "via_hash",
    "via_recorded_at",
    "via_recorded_by",
    "checksum",
];

/// The `withdraws` value of a withdrawal of every earlier revision of a key.
const WITHDRAWS_KEY: &str = "*";

/// Excel shows UTF-8 CSV correctly only with a byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where a run of revisions came from: the file as it was named, when it was
/// recorded and by whom.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file as named on the command line; for a withdrawal, the withdrawn
    /// file's name, or empty when a figure was withdrawn by its key.
    pub file: String,
    /// The first 16 hex digits of the file's SHA-256 (for a withdrawal, of the
    /// withdrawal itself).
    pub hash: String,
    /// RFC 3339 time.
    pub recorded: String,
    /// Who ran the command; empty in files from the first release.
    pub by: String,
    /// For figures rolled up from another office's data file: that file, and when
    /// and by whom that office recorded them.
    pub via: Option<Via>,
}

/// Another office's data file that rows came through ([`HEADER`]'s `via_*` columns).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Via {
    /// The data file as it was named when it was rolled up.
    pub file: String,
    /// The first 16 hex digits of its SHA-256.
    pub hash: String,
    /// When that office recorded the row (RFC 3339).
    pub recorded: String,
    /// Who recorded it there.
    pub by: String,
}

impl Origin {
    /// The day it was recorded (the date part of `recorded`).
    pub fn recorded_day(&self) -> &str {
        self.recorded.get(..10).unwrap_or(&self.recorded)
    }
}

/// The recorded revisions. Revisions are kept compact: what many share (where
/// they came from) is kept once per run of revisions, and each file content
/// (hash) is numbered, which is what a [`Revision`]'s `source` holds.
#[derive(Debug, Default, PartialEq)]
pub struct Store {
    pub revisions: Vec<Revision>,
    notes: Vec<Box<str>>,
    /// (index of the first revision of the run, origin), in order.
    origins: Vec<(u32, Origin)>,
    /// Source number → hash, and back.
    hashes: Vec<String>,
    hash_ids: FxHashMap<String, u32>,
    /// Source number → (first, last) figure revision from it, and the last
    /// withdrawal of it: what ingest asks of every file, without a scan each time.
    figures_of: FxHashMap<u32, (u32, u32)>,
    withdrawn_last: FxHashMap<u32, u32>,
    /// Rows for unit or indicator ids the plan does not have: left out.
    pub orphans: Vec<Orphan>,
    /// The end of the last finished write, in a file this release has written
    /// to; None for a file of an earlier release (read whole) or no file.
    pub commit: Option<Commit>,
    /// Where the data file's index ends, as far as this run knows.
    indexed: Indexed,
}

/// The end (in bytes) of the commit the data file's index on disk describes, as
/// far as the run that loaded the store knows: None when it has none. Bookkeeping
/// beside the store, not part of what it holds: two stores of the same rows are
/// equal whatever it says.
#[derive(Debug, Clone, Copy, Default)]
struct Indexed(Option<u64>);

impl PartialEq for Indexed {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// How far a [`Store`] was at a commit, to take back the rows after it.
#[derive(Debug, Clone, Copy, Default)]
struct Checkpoint {
    revisions: usize,
    notes: usize,
    origins: usize,
    hashes: usize,
}

/// A file whose content is already recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedFile<'a> {
    pub origin: &'a Origin,
    /// The withdrawal that took it back: its origin, day and reason.
    pub withdrawn: Option<(&'a Origin, NaiveDate, Option<&'a str>)>,
}

impl Store {
    /// The recorded figures as they stood on a day.
    pub fn ledger(&self, plan: &Plan, as_of: NaiveDate) -> Ledger<'_> {
        Ledger::for_plan(plan, &self.revisions, as_of)
    }

    pub fn note(&self, revision: &Revision) -> Option<&str> {
        self.notes.get(revision.note as usize).map(|n| &**n)
    }

    /// Where the revision at `index` came from.
    pub fn origin(&self, index: usize) -> &Origin {
        let run = self
            .origins
            .partition_point(|(start, _)| *start as usize <= index);
        &self.origins[run - 1].1
    }

    /// The hash of a source number.
    pub fn hash(&self, source: u32) -> &str {
        &self.hashes[source as usize]
    }

    /// How many source hashes it numbers (0 to this, less one).
    pub fn sources(&self) -> u32 {
        self.hashes.len() as u32
    }

    /// The keys of the rows rolled up from the other office's data file with this
    /// content hash, each once, sorted.
    pub fn keys_via(&self, hash: &str) -> Vec<Key> {
        let mut keys: Vec<u64> = Vec::new();
        for (n, (start, origin)) in self.origins.iter().enumerate() {
            if origin.via.as_ref().is_some_and(|v| v.hash == hash) {
                let end = self
                    .origins
                    .get(n + 1)
                    .map_or(self.revisions.len(), |(next, _)| *next as usize);
                keys.extend(
                    self.revisions[*start as usize..end]
                        .iter()
                        .map(|r| r.packed_key),
                );
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter().map(Key::unpack).collect()
    }

    /// The number of a source hash, if any revision names it.
    pub fn source_id(&self, hash: &str) -> Option<u32> {
        self.hash_ids.get(hash).copied()
    }

    /// Whether figures from a file with this content hash are recorded: the first
    /// time they were, and the withdrawal that took them back, if one did after
    /// they were last recorded.
    pub fn recorded_file(&self, hash: &str) -> Option<RecordedFile<'_>> {
        let source = self.source_id(hash)?;
        let &(first, last) = self.figures_of.get(&source)?;
        let withdrawn = self
            .withdrawn_last
            .get(&source)
            .filter(|&&w| w > last)
            .map(|&w| {
                let revision = &self.revisions[w as usize];
                (
                    self.origin(w as usize),
                    revision.submitted,
                    self.note(revision),
                )
            });
        Some(RecordedFile {
            origin: self.origin(first as usize),
            withdrawn,
        })
    }

    /// The other office's data file with this content hash, if rows were rolled up
    /// from it: the origin of the first of them.
    pub fn rolled_up(&self, hash: &str) -> Option<&Origin> {
        self.origins
            .iter()
            .map(|(_, origin)| origin)
            .find(|origin| origin.via.as_ref().is_some_and(|v| v.hash == hash))
    }

    /// The keys figures from a file with this content hash were recorded for, each
    /// once (a file recorded again with `--again` gives the same keys), sorted.
    pub fn keys_from(&self, hash: &str) -> Vec<Key> {
        let Some(source) = self.source_id(hash) else {
            return Vec::new();
        };
        let Some(&(first, last)) = self.figures_of.get(&source) else {
            return Vec::new();
        };
        let mut keys: Vec<u64> = self.revisions[first as usize..=last as usize]
            .iter()
            .filter(|r| r.source == source && r.withdraws().is_none())
            .map(|r| r.packed_key)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter().map(Key::unpack).collect()
    }

    /// The revisions of the keys `matches` accepts, each with its index, in
    /// recording order.
    pub fn revisions_where(&self, matches: impl Fn(&Key) -> bool) -> Vec<(usize, &Revision)> {
        self.revisions
            .iter()
            .enumerate()
            .filter(|(_, r)| matches(&r.key()))
            .collect()
    }

    fn intern(&mut self, hash: &str) -> u32 {
        if let Some(id) = self.hash_ids.get(hash) {
            return *id;
        }
        let id = self.hashes.len() as u32;
        self.hashes.push(hash.to_string());
        self.hash_ids.insert(hash.to_string(), id);
        id
    }

    fn add_note(&mut self, note: Option<&str>) -> u32 {
        match note {
            None => NO_NOTE,
            Some(note) => {
                self.notes.push(note.into());
                (self.notes.len() - 1) as u32
            }
        }
    }

    /// Adds one parsed row.
    fn push(&mut self, parsed: Parsed) {
        let index = self.revisions.len() as u32;
        let origin = &parsed.origin;
        let same_origin = self.origins.last().is_some_and(|(_, o)| {
            o.file == origin.file
                && o.hash == origin.hash
                && o.recorded == origin.recorded
                && o.by == origin.by
                && origin.via_is(o.via.as_ref())
        });
        if !same_origin {
            self.origins.push((index, origin.to_owned()));
        }
        let note = self.add_note(parsed.note);
        let source = self.intern(origin.hash);
        let revision = match parsed.withdraws {
            None => Revision::figure(&parsed.key, parsed.figure, parsed.submitted, note, source),
            Some(target) => {
                let what = match target {
                    Target::Key => Withdraws::Key,
                    Target::Source(hash) => Withdraws::Source(self.intern(hash)),
                };
                Revision::withdrawal(&parsed.key, what, parsed.submitted, note, source)
            }
        };
        self.index_revision(index, &revision);
        self.revisions.push(revision);
    }

    fn index_revision(&mut self, index: u32, revision: &Revision) {
        index_revision(
            &mut self.figures_of,
            &mut self.withdrawn_last,
            index,
            revision,
        );
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            revisions: self.revisions.len(),
            notes: self.notes.len(),
            origins: self.origins.len(),
            hashes: self.hashes.len(),
        }
    }

    /// Takes back every revision added after the checkpoint (an unfinished
    /// write's).
    fn rollback(&mut self, to: Checkpoint) {
        self.revisions.truncate(to.revisions);
        self.notes.truncate(to.notes);
        self.origins.truncate(to.origins);
        for hash in self.hashes.drain(to.hashes..) {
            self.hash_ids.remove(&hash);
        }
        self.figures_of.clear();
        self.withdrawn_last.clear();
        index_all(
            &self.revisions,
            &mut self.figures_of,
            &mut self.withdrawn_last,
        );
    }

    /// Reads the data file, through its index when it has a valid one ([`index`]):
    /// then only the rows written since are read. A missing file is an empty
    /// store. A damaged file is refused with its line, never repaired.
    pub fn load(path: &Path, plan: &Plan, lang: Lang) -> anyhow::Result<Store> {
        Self::load_indexed(path, plan, lang, index::INDEXED_FROM)
    }

    /// Reads and checks every row of the data file, without its index (`check`).
    pub fn load_whole(path: &Path, plan: &Plan, lang: Lang) -> anyhow::Result<Store> {
        let Some(file) = open_data_file(path, lang)? else {
            return Ok(Store::default());
        };
        let size = file.metadata().map_or(0, |m| m.len());
        let input = io::BufReader::with_capacity(1 << 16, file);
        parse(input, size, &path.display().to_string(), plan, lang)
            .map_err(|d| Rejected(vec![d]).into())
    }

    /// [`Store::load`], giving a data file an index once it is `indexed_from`
    /// bytes long (tests index small files).
    pub fn load_indexed(
        path: &Path,
        plan: &Plan,
        lang: Lang,
        indexed_from: u64,
    ) -> anyhow::Result<Store> {
        let Some(file) = open_data_file(path, lang)? else {
            return Ok(Store::default());
        };
        let real = real_path(path);
        // Before reading: a write that lands meanwhile is after what the index
        // will say it saw.
        let then = index::FileState::of(&file.metadata()?);
        let name = path.display().to_string();
        let rejected = |d| anyhow::Error::from(Rejected(vec![d]));
        if let Some(store) = index::read(&real, &file, then, plan) {
            let indexed = store.commit.map(|c| c.end);
            let (mut store, read) =
                read_after(store, &file, &name, plan, lang).map_err(rejected)?;
            store.indexed = Indexed(indexed);
            if read > index::REBUILT_AFTER && index::write(&real, &file, then, plan, &store) {
                store.indexed = Indexed(store.commit.map(|c| c.end));
            }
            return Ok(store);
        }
        let size = file.metadata().map_or(0, |m| m.len());
        let mut store = parse(
            io::BufReader::with_capacity(1 << 16, &file),
            size,
            &name,
            plan,
            lang,
        )
        .map_err(rejected)?;
        if store.commit.is_some_and(|c| c.end >= indexed_from)
            && index::write(&real, &file, then, plan, &store)
        {
            store.indexed = Indexed(store.commit.map(|c| c.end));
        }
        Ok(store)
    }

    /// Applies what reading hands over: rows, commits, and the taking back of an
    /// unfinished write to the last commit (`committed`).
    fn apply(&mut self, committed: &mut Checkpoint, event: Event) {
        match event {
            Event::Row(parsed) => self.push(parsed),
            Event::Commit => *committed = self.checkpoint(),
            Event::Unfinished => self.rollback(*committed),
        }
    }
}

/// Reads the rows after the commit an index's store ends at, continuing its
/// checksum chain; returns the store and how many bytes were read.
fn read_after(
    mut store: Store,
    file: &File,
    name: &str,
    plan: &Plan,
    lang: Lang,
) -> Result<(Store, u64), Diagnostic> {
    let from = store.commit.expect("an index ends at a commit");
    let mut input = file;
    let read = input
        .seek(io::SeekFrom::Start(from.end))
        .and_then(|_| Ok(file.metadata()?.len().saturating_sub(from.end)))
        .map_err(|e| damaged(name, from.line, e.to_string(), lang))?;
    let reader = csv_reader(io::BufReader::with_capacity(1 << 16, input));
    let mut rows = RowReader::new(plan, name, lang, Layout::of(&HEADER));
    rows.chain = Chain {
        last: Some(from.checksum),
    };
    // The reader counts from line 1: the row after the commit is on `after`.
    let start = Start {
        byte: from.end,
        line: from.after.saturating_sub(1),
    };
    let mut committed = store.checkpoint();
    let reading = read_body(reader, rows, start, Some(from), |event| {
        store.apply(&mut committed, event)
    })?;
    store.orphans.extend(reading.orphans);
    store.commit = reading.commit;
    Ok((store, read))
}

/// Keeps what ingest asks of every file up to date with one more revision: the
/// first and last figure revision from each source, the last withdrawal of it.
fn index_revision(
    figures_of: &mut FxHashMap<u32, (u32, u32)>,
    withdrawn_last: &mut FxHashMap<u32, u32>,
    index: u32,
    revision: &Revision,
) {
    match revision.withdraws() {
        None => {
            figures_of
                .entry(revision.source)
                .and_modify(|(_, last)| *last = index)
                .or_insert((index, index));
        }
        Some(Withdraws::Source(target)) => {
            withdrawn_last.insert(target, index);
        }
        Some(Withdraws::Key) => {}
    }
}

/// [`index_revision`] for every revision, in order. Revisions come in runs from
/// one source: each run is one look-up in `figures_of`, not one per revision (2
/// million of them when a store is read from its index).
fn index_all(
    revisions: &[Revision],
    figures_of: &mut FxHashMap<u32, (u32, u32)>,
    withdrawn_last: &mut FxHashMap<u32, u32>,
) {
    let mut flush = |run: Option<(u32, u32, u32)>| {
        if let Some((source, first, last)) = run {
            figures_of
                .entry(source)
                .and_modify(|(_, l)| *l = last)
                .or_insert((first, last));
        }
    };
    // (source, first, last) of the run of figures going on.
    let mut run: Option<(u32, u32, u32)> = None;
    for (index, revision) in revisions.iter().enumerate() {
        let index = index as u32;
        match revision.withdraws() {
            None => match &mut run {
                Some((source, _, last)) if *source == revision.source => *last = index,
                _ => {
                    flush(run);
                    run = Some((revision.source, index, index));
                }
            },
            Some(Withdraws::Source(target)) => {
                withdrawn_last.insert(target, index);
            }
            Some(Withdraws::Key) => {}
        }
    }
    flush(run);
}

/// The data file, or None when there is none yet (nothing recorded).
fn open_data_file(path: &Path, lang: Lang) -> anyhow::Result<Option<File>> {
    // Only a regular file is opened: a fifo would block, a device never end.
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(not_regular(path, lang));
    }
    match File::open(path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| {
            tr!(
                lang,
                "cannot read the data file {}",
                "không đọc được tệp dữ liệu {}",
                path.display()
            )
        }),
    }
}

fn not_regular(path: &Path, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(tr!(
        lang,
        "the data file {} is not a regular file (a folder, device or pipe); give the path of the data file with --data",
        "tệp dữ liệu {} không phải tệp thường (thư mục, thiết bị hoặc ống); hãy chỉ đường dẫn tệp dữ liệu bằng --data",
        text::for_terminal(&path.display().to_string())
    ))
}

fn damaged(file: &str, line: u64, message: String, lang: Lang) -> Diagnostic {
    Diagnostic::new(file, message)
        .at_line(line as usize)
        .hint(tr!(
            lang,
            "the data file is written only by `gender-plan ingest`; restore it from a backup, or undo the edit made to this line",
            "tệp dữ liệu chỉ do `gender-plan ingest` ghi; hãy khôi phục từ bản sao lưu, hoặc hoàn tác sửa đổi ở dòng này"
        ))
}

#[cfg(test)]
mod tests {
    use super::iso_day;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    proptest! {
        /// The data file's days read exactly as chrono writes them.
        #[test]
        fn a_day_is_written_as_chrono_writes_it(days in 0i32..3_652_059) {
            let day = NaiveDate::from_num_days_from_ce_opt(days + 1).unwrap();
            let expected = day.format("%Y-%m-%d").to_string();
            let written = iso_day(day);
            prop_assert_eq!(std::str::from_utf8(&written).unwrap(), expected);
        }
    }

    #[test]
    fn days_at_the_edges() {
        for (y, m, d) in [(1, 1, 1), (999, 12, 31), (2025, 6, 5), (9999, 12, 31)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                std::str::from_utf8(&iso_day(day)).unwrap(),
                day.format("%Y-%m-%d").to_string()
            );
        }
    }
}

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
use anyhow::Context as _;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

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

/// What a withdrawal row takes back, as written.
enum Target<'a> {
    Key,
    Source(&'a str),
}

/// One row as read from the data file, borrowing its text.
struct Parsed<'a> {
    /// Its line in the file.
    line: u64,
    key: Key,
    figure: Figure,
    submitted: NaiveDate,
    note: Option<&'a str>,
    withdraws: Option<Target<'a>>,
    origin: OriginRef<'a>,
}

struct OriginRef<'a> {
    file: &'a str,
    hash: &'a str,
    recorded: &'a str,
    by: &'a str,
    /// The `via_*` cells: file, hash, recorded, by; all empty for a row not rolled up.
    via: [&'a str; 4],
}

impl OriginRef<'_> {
    fn to_owned(&self) -> Origin {
        let [file, hash, recorded, by] = self.via;
        Origin {
            file: self.file.to_string(),
            hash: self.hash.to_string(),
            recorded: self.recorded.to_string(),
            by: self.by.to_string(),
            via: (!hash.is_empty()).then(|| Via {
                file: file.to_string(),
                hash: hash.to_string(),
                recorded: recorded.to_string(),
                by: by.to_string(),
            }),
        }
    }

    /// Whether its `via_*` cells say what `via` says.
    fn via_is(&self, via: Option<&Via>) -> bool {
        match via {
            None => self.via[1].is_empty(),
            Some(v) => [&*v.file, &*v.hash, &*v.recorded, &*v.by] == self.via,
        }
    }
}

/// Parses the data file as it streams in, into a [`Store`]. `size` is only a hint
/// for reserving memory.
pub fn parse(
    input: impl io::Read,
    size: u64,
    file: &str,
    plan: &Plan,
    lang: Lang,
) -> Result<Store, Diagnostic> {
    let mut store = Store::default();
    // Rows are about 90 bytes; reserving avoids copying the vector as it grows.
    store.revisions.reserve((size / 80) as usize);
    let mut committed = Checkpoint::default();
    let reading = read_revisions(input, file, plan, lang, |event| {
        store.apply(&mut committed, event)
    })?;
    store.orphans = reading.orphans;
    store.commit = reading.commit;
    Ok(store)
}

/// Parses another office's data file, as [`parse`] does (every row checked, the
/// checksum chain followed, an unfinished write left out), with each revision's
/// line in the file, for what a roll-up says of it.
pub fn parse_with_lines(
    input: impl io::Read,
    file: &str,
    plan: &Plan,
    lang: Lang,
) -> Result<(Store, Vec<u64>), Diagnostic> {
    let mut store = Store::default();
    let mut lines = Vec::new();
    let mut committed = Checkpoint::default();
    let reading = read_revisions(input, file, plan, lang, |event| {
        match &event {
            Event::Row(parsed) => lines.push(parsed.line),
            Event::Unfinished => lines.truncate(committed.revisions),
            Event::Commit => {}
        }
        store.apply(&mut committed, event)
    })?;
    store.orphans = reading.orphans;
    store.commit = reading.commit;
    Ok((store, lines))
}

/// Where each of [`HEADER`]'s columns is in a file, from its header.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// Column of [`HEADER`] → its position in the file, if the file has it.
    positions: [Option<usize>; HEADER.len()],
    width: usize,
    /// Whether text cells are quoted ([`text::quote_cell`]) and rows chained by a
    /// checksum: files of the v4 layout and after.
    current: bool,
    /// Whether it is [`HEADER`] itself, which new rows can be appended to.
    latest: bool,
}

impl Layout {
    fn of(header: &[&str]) -> Layout {
        Layout {
            positions: HEADER.map(|name| header.iter().position(|h| *h == name)),
            width: header.len(),
            current: header == HEADER || header == HEADER_V4,
            latest: header == HEADER,
        }
    }
}

/// The data file's layout, from its header: the current one or an earlier
/// release's.
fn read_header(
    reader: &mut csv::Reader<impl io::Read>,
    record: &mut csv::ByteRecord,
    file: &str,
    lang: Lang,
) -> Result<Option<Layout>, Diagnostic> {
    let read = reader.read_byte_record(record);
    let is = |header: &[&str]| record.iter().eq(header.iter().map(|h| h.as_bytes()));
    match read {
        Ok(false) => Ok(None),
        Ok(true) if is(&HEADER) => Ok(Some(Layout::of(&HEADER))),
        Ok(true) if is(&HEADER_V4) => Ok(Some(Layout::of(&HEADER_V4))),
        Ok(true) if is(&HEADER_V3) => Ok(Some(Layout::of(&HEADER_V3))),
        Ok(true) if is(&HEADER_V2) => Ok(Some(Layout::of(&HEADER_V2))),
        Ok(true) if is(&HEADER_V1) => Ok(Some(Layout::of(&HEADER_V1))),
        Ok(true) | Err(_) => Err(damaged(
            file,
            1,
            tr!(
                lang,
                "this is not a gender-plan data file: the first line must be {}",
                "đây không phải tệp dữ liệu của gender-plan: dòng đầu phải là {}",
                HEADER.join(",")
            ),
            lang,
        )),
    }
}

/// What reading the data file hands its visitor, in order.
#[allow(clippy::large_enum_variant)] // handed over by value, one at a time, never kept
enum Event<'a> {
    Row(Parsed<'a>),
    /// The rows so far are a finished write: the one before ends with a commit.
    Commit,
    /// The rows since the last commit are an unfinished write: drop them.
    Unfinished,
}

/// The end of the last finished write of a data file of the current layout: the
/// row whose checksum carries the commit mark ([`Chain::next`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commit {
    /// Bytes from the start of the file to the end of that row's line.
    pub end: u64,
    /// Its line (where it starts).
    pub line: u64,
    /// The line the row after it starts on: its own line's next, unless a cell
    /// of it (a note) holds line breaks.
    after: u64,
    /// Its checksum, which the next write's rows continue.
    checksum: [u8; 16],
    /// Whether the file is of the layout written now ([`HEADER`]), so that new rows
    /// are appended after the commit; a v4 file is upgraded by a copy instead.
    pub latest: bool,
}

/// What was read besides the rows.
#[derive(Default)]
struct Reading {
    orphans: Vec<Orphan>,
    commit: Option<Commit>,
}

/// Where a reading starts in the data file: at its beginning, or after the last
/// commit an index holds ([`index`]).
#[derive(Debug, Clone, Copy, Default)]
struct Start {
    byte: u64,
    /// Lines before it.
    line: u64,
}

fn csv_reader<R: io::Read>(input: R) -> csv::Reader<Tail<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Tail::new(input))
}

/// Reads and checks every row of the data file (the byte-order mark, if any, is
/// skipped by the csv reader), handing each to `visit`.
fn read_revisions(
    input: impl io::Read,
    file: &str,
    plan: &Plan,
    lang: Lang,
    visit: impl FnMut(Event),
) -> Result<Reading, Diagnostic> {
    let mut reader = csv_reader(input);
    let mut record = csv::ByteRecord::new();
    let Some(layout) = read_header(&mut reader, &mut record, file, lang)? else {
        return Ok(Reading::default());
    };
    let rows = RowReader::new(plan, file, lang, layout);
    read_body(reader, rows, Start::default(), None, visit)
}

/// Reads the rows from `start` to the end, after the commit `commit` (None at the
/// start of a file).
///
/// In a file with a commit mark, what follows the last one is a write still
/// going on or one a kill interrupted: its rows are handed over, then taken back
/// ([`Event::Unfinished`]), and its last row cut short ends the reading rather
/// than failing it. A file without a mark (written by an earlier release) is read
/// whole, as it always was.
fn read_body<R: io::Read>(
    mut reader: csv::Reader<Tail<R>>,
    mut rows: RowReader,
    start: Start,
    mut commit: Option<Commit>,
    mut visit: impl FnMut(Event),
) -> Result<Reading, Diagnostic> {
    let layout = rows.layout;
    let mut record = csv::ByteRecord::new();
    // Orphans found by the end of the last commit.
    let mut committed_orphans = 0;
    let mut pending = false;
    loop {
        match read_row(&mut reader, &mut record, &mut rows, start, &mut visit) {
            Ok(None) => break,
            Ok(Some(false)) => pending = true,
            Ok(Some(true)) => {
                let checksum = rows.chain.last.expect("a commit is a link of the chain");
                commit = Some(Commit {
                    end: start.byte + reader.position().byte(),
                    line: start.line + record.position().map_or(0, |p| p.line()),
                    after: start.line + reader.position().line(),
                    checksum,
                    latest: rows.layout.latest,
                });
                committed_orphans = rows.orphans.len();
                pending = false;
                visit(Event::Commit);
            }
            // The last row of the file cut short after the last commit: the end of
            // an unfinished write, not damage. A whole row that does not match
            // its checksum is a hand edit wherever it is.
            Err(_) if commit.is_some() && cut_short(&record, &layout, &mut reader) => {
                pending = true;
                break;
            }
            Err(problem) => return Err(problem),
        }
    }
    if pending && commit.is_some() {
        rows.orphans.truncate(committed_orphans);
        visit(Event::Unfinished);
    }
    Ok(Reading {
        orphans: rows.orphans,
        commit,
    })
}

/// Whether a damaged row is the last of the file, cut short: what a write stopped
/// in the middle of a row leaves. It has fewer cells than the header or no whole
/// checksum last, and it does not end its line: the file ends without a line
/// break, or inside a quoted cell. A whole line of the wrong shape (`garbage`
/// added by hand) is damage.
fn cut_short(
    record: &csv::ByteRecord,
    layout: &Layout,
    reader: &mut csv::Reader<Tail<impl io::Read>>,
) -> bool {
    let short = record.len() < layout.width
        || !text(raw_column(record, layout, CHECKSUM)).is_some_and(is_hash);
    let start = record.position().map_or(0, |p| p.byte());
    let at_end = matches!(
        reader.read_byte_record(&mut csv::ByteRecord::new()),
        Ok(false)
    );
    short && at_end && reader.get_ref().ends_unfinished(start)
}

/// A reader that keeps the last bytes it read, so that the last row of a file can
/// be looked at as written.
struct Tail<R> {
    inner: R,
    /// The last bytes read (at least [`Tail::KEEP`] of them, once there are).
    kept: Vec<u8>,
    /// Bytes read in all.
    total: u64,
}

impl<R> Tail<R> {
    /// More than the longest row the tool writes (15 cells of at most 32,767
    /// characters, mostly short).
    const KEEP: usize = 1 << 18;

    fn new(inner: R) -> Self {
        Tail {
            inner,
            kept: Vec::new(),
            total: 0,
        }
    }

    /// Whether the bytes from `start` to the end do not end a line: no line
    /// break last, or one inside a quoted cell (an odd number of quotes).
    fn ends_unfinished(&self, start: u64) -> bool {
        let from_end = self.total.saturating_sub(start) as usize;
        let Some(row) = self
            .kept
            .len()
            .checked_sub(from_end)
            .map(|at| &self.kept[at..])
        else {
            // Longer than any row the tool writes: not one of its rows.
            return false;
        };
        let quotes = row.iter().filter(|&&b| b == b'"').count();
        !row.ends_with(b"\n") || quotes % 2 == 1
    }
}

impl<R: io::Read> io::Read for Tail<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        self.total += n as u64;
        if self.kept.len() > 2 * Self::KEEP {
            let drop = self.kept.len() - Self::KEEP;
            self.kept.drain(..drop);
        }
        Ok(n)
    }
}

/// Reads the next row: None at the end, or whether it is a commit.
fn read_row(
    reader: &mut csv::Reader<impl io::Read>,
    record: &mut csv::ByteRecord,
    rows: &mut RowReader,
    start: Start,
    visit: &mut impl FnMut(Event),
) -> Result<Option<bool>, Diagnostic> {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Ok(None),
        Err(e) => {
            let line = start.line + e.position().map_or(0, |p| p.line());
            let e = crate::i18n::csv_error_text(&e, rows.lang);
            return Err(damaged(
                rows.file,
                line,
                tr!(rows.lang, "damaged row: {e}", "dòng bị hỏng: {e}"),
                rows.lang,
            ));
        }
    }
    let line = start.line + record.position().map_or(0, |p| p.line());
    let width = rows.layout.width;
    if record.len() != width {
        let n = record.len();
        return Err(rows.bad(
            line,
            tr!(
                rows.lang,
                "damaged row: {n} fields instead of {width}",
                "dòng bị hỏng: {n} trường thay vì {width}"
            ),
        ));
    }
    rows.read(record, line, visit).map(Some)
}

fn text(field: &[u8]) -> Option<&str> {
    std::str::from_utf8(field).ok()
}

/// Turns data-file rows into [`Parsed`] revisions. Rows come in runs of one unit,
/// one source, one ingest: what equals the row before is not looked up or checked
/// again.
struct RowReader<'p> {
    plan: &'p Plan,
    file: &'p str,
    lang: Lang,
    units: FxHashMap<&'p [u8], u16>,
    indicators: FxHashMap<&'p [u8], u16>,
    dates: FxHashMap<[u8; 10], NaiveDate>,
    periods: FxHashMap<Vec<u8>, Period>,
    last_unit: Option<(Vec<u8>, u16)>,
    /// recorded_at, source_file, source_hash, recorded_by of the row before.
    /// recorded, file, hash, by, then the `via_*` cells: file, hash, recorded, by.
    last_origin: Option<[String; 8]>,
    layout: Layout,
    chain: Chain,
    /// Rows for ids the plan does not have.
    orphans: Vec<Orphan>,
}

/// A data-file row for a unit or indicator id the plan does not have (renamed
/// without `former_ids`, or removed): left out of every report, listed by `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    pub line: u64,
    pub unit: String,
    pub period: String,
    pub indicator: String,
    /// Whether the unit is the plan's (so the indicator is the unknown id).
    pub known_unit: bool,
}

impl Orphan {
    /// Whether the revision is for a period outside the plan's years (an earlier
    /// plan's figure, say): no report of this plan would count it anyway, so its
    /// id is no problem of this plan.
    pub fn outside(&self, plan: &Plan) -> bool {
        crate::domain::period::Period::parse(&self.period)
            .is_some_and(|p| !(plan.meta.start_year..=plan.meta.end_year).contains(&p.year()))
    }
}

/// Columns, by their place in [`HEADER`].
const RECORDED: usize = 0;
const UNIT: usize = 1;
const PERIOD: usize = 2;
const INDICATOR: usize = 3;
const VALUE: usize = 4;
const NUMERATOR: usize = 5;
const DENOMINATOR: usize = 6;
const SUBMITTED: usize = 7;
const NOTE: usize = 8;
const WITHDRAWS: usize = 9;
const RECORDED_BY: usize = 10;
const GROUP: usize = 11;
const SOURCE_FILE: usize = 12;
const SOURCE_HASH: usize = 13;
const VIA_FILE: usize = 14;
const VIA_HASH: usize = 15;
const VIA_RECORDED: usize = 16;
const VIA_BY: usize = 17;
const CHECKSUM: usize = 18;

/// The checksum chain of the data file's rows ([`HEADER`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chain {
    /// The checksum of the last row (16 hex digits), None before the first.
    last: Option<[u8; 16]>,
}

/// What the checksum of the last row of a write is also computed over: the
/// commit mark ([`Chain::next`]).
const COMMIT_MARK: &[u8] = b"\x1Dcommit";

impl Chain {
    /// The checksum of a row of these cells (every column but the checksum, as
    /// written), following the rows so far; it becomes the last. The last row of
    /// each write is a commit (`commit`): its checksum also covers
    /// [`COMMIT_MARK`], so a reader tells a finished write from rows a killed
    /// writer left behind, and no hand edit can move the mark without breaking
    /// the chain.
    fn next(&mut self, cells: &[&[u8]], commit: bool) -> &[u8; 16] {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hasher = Sha256::new();
        if let Some(last) = &self.last {
            hasher.update(last);
        }
        for cell in cells {
            hasher.update(cell);
            hasher.update([0x1F]); // unit separator: cells cannot run together
        }
        if commit {
            hasher.update(COMMIT_MARK);
        }
        let digest = hasher.finalize();
        let mut hex = [0u8; 16];
        for (i, byte) in digest[..8].iter().enumerate() {
            hex[2 * i] = HEX[usize::from(byte >> 4)];
            hex[2 * i + 1] = HEX[usize::from(byte & 0xF)];
        }
        self.last.insert(hex)
    }
}

/// A column of a row by its place in [`HEADER`], as it was given to the writer; a
/// column the file's release did not have reads as empty.
fn column<'r>(record: &'r csv::ByteRecord, layout: &Layout, column: usize) -> &'r [u8] {
    let raw = raw_column(record, layout, column);
    if layout.current {
        text::unquote_cell(raw)
    } else {
        raw
    }
}

/// A column of a row as it stands in the file.
fn raw_column<'r>(record: &'r csv::ByteRecord, layout: &Layout, column: usize) -> &'r [u8] {
    layout.positions[column]
        .and_then(|i| record.get(i))
        .unwrap_or_default()
}

impl<'p> RowReader<'p> {
    fn new(plan: &'p Plan, file: &'p str, lang: Lang, layout: Layout) -> Self {
        RowReader {
            plan,
            file,
            lang,
            layout,
            // Ids, and the ids units and indicators had before a rename.
            units: plan
                .units
                .iter()
                .enumerate()
                .flat_map(|(i, u)| {
                    std::iter::once(&u.id)
                        .chain(&u.former_ids)
                        .map(move |id| (id.as_bytes(), i as u16))
                })
                .collect(),
            indicators: plan
                .indicators
                .iter()
                .enumerate()
                .flat_map(|(i, ind)| {
                    std::iter::once(&ind.id)
                        .chain(&ind.former_ids)
                        .map(move |id| (id.as_bytes(), i as u16))
                })
                .collect(),
            dates: FxHashMap::default(),
            periods: FxHashMap::default(),
            last_unit: None,
            orphans: Vec::new(),
            last_origin: None,
            chain: Chain::default(),
        }
    }

    /// Checks the row's checksum against the chain so far: whether the row ends
    /// a write (a commit).
    fn check_chain(&mut self, record: &csv::ByteRecord, line: u64) -> Result<bool, Diagnostic> {
        let layout = self.layout;
        let written = raw_column(record, &layout, CHECKSUM);
        if !text(written).is_some_and(is_hash) {
            // A row cut short (a truncated file ends inside its last field) or edited.
            let shown = text::excerpt(&String::from_utf8_lossy(written));
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged checksum \"{shown}\" (16 hex digits expected)",
                    "mã kiểm tra bị hỏng \"{shown}\" (cần 16 chữ số hệ 16)"
                ),
            ));
        }
        // The cells the file's layout has, as written: a v4 row's lack the `via_*`.
        let mut cells: [&[u8]; CHECKSUM] = [b""; CHECKSUM];
        let mut n = 0;
        for i in (0..CHECKSUM).filter(|&i| layout.positions[i].is_some()) {
            cells[n] = raw_column(record, &layout, i);
            n += 1;
        }
        let cells = &cells[..n];
        let before = self.chain.clone();
        if self.chain.next(cells, false).as_slice() == written {
            return Ok(false);
        }
        self.chain = before;
        if self.chain.next(cells, true).as_slice() == written {
            return Ok(true);
        }
        Err(self.bad(
            line,
            tr!(
                self.lang,
                "the checksum does not match: this row, or the one before it, was changed, removed or moved by hand (a figure is corrected by ingesting a corrected file, and taken back with `gender-plan withdraw`)",
                "mã kiểm tra không khớp: dòng này, hoặc dòng ngay trước nó, đã bị sửa, xóa hoặc di chuyển bằng tay (sửa số liệu bằng cách nhập tệp đã sửa, rút lại số liệu bằng `gender-plan withdraw`)"
            ),
        ))
    }

    fn bad(&self, line: u64, what: String) -> Diagnostic {
        damaged(self.file, line, what, self.lang)
    }

    /// Reads one row, handing it to `visit`: whether it ends a write.
    fn read(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        visit: &mut impl FnMut(Event),
    ) -> Result<bool, Diagnostic> {
        let layout = self.layout;
        let field = |i: usize| column(record, &layout, i);
        // A row for an id the plan no longer has is kept aside, not refused: the
        // data file stays readable after the plan changes.
        let (Some(unit), Some(indicator)) =
            (self.unit(field(UNIT)), self.indicator(field(INDICATOR)))
        else {
            let text = |i: usize| String::from_utf8_lossy(field(i)).into_owned();
            let known_unit = self.unit(field(UNIT)).is_some();
            self.orphans.push(Orphan {
                line,
                unit: text(UNIT),
                period: text(PERIOD),
                indicator: text(INDICATOR),
                known_unit,
            });
            // Still a link of the checksum chain.
            return if layout.current {
                self.check_chain(record, line)
            } else {
                Ok(false)
            };
        };
        let key = Key {
            unit,
            period: self.period(field(PERIOD), line)?,
            indicator,
            group: self.group(field(GROUP), indicator, line)?,
        };
        let submitted = self.submitted(field(SUBMITTED), line)?;
        let withdraws = self.withdraws(field(WITHDRAWS), line)?;
        let figure = match withdraws {
            None => self.figure(record, key.indicator, line)?,
            Some(_) => self.no_figure(record, line)?,
        };
        let note = match field(NOTE) {
            b"" => None,
            raw => Some(text(raw).ok_or_else(|| {
                self.bad(
                    line,
                    tr!(
                        self.lang,
                        "the note is not UTF-8",
                        "ghi chú không phải UTF-8"
                    ),
                )
            })?),
        };
        self.origin(record, line)?;
        // After the row's own checks, which name what is wrong more precisely.
        let commit = layout.current && self.check_chain(record, line)?;
        let [
            recorded,
            file,
            hash,
            by,
            via_file,
            via_hash,
            via_recorded,
            via_by,
        ] = self.last_origin.as_ref().expect("set just above");
        visit(Event::Row(Parsed {
            line,
            key,
            figure,
            submitted,
            note,
            withdraws,
            origin: OriginRef {
                file,
                hash,
                recorded,
                by,
                via: [via_file, via_hash, via_recorded, via_by],
            },
        }));
        Ok(commit)
    }

    /// The unit an id names (or named before a rename); None for an id the plan
    /// does not have.
    fn unit(&mut self, raw: &[u8]) -> Option<u16> {
        if let Some((id, unit)) = &self.last_unit
            && id.as_slice() == raw
        {
            return Some(*unit);
        }
        let unit = *self.units.get(raw)?;
        self.last_unit = Some((raw.to_vec(), unit));
        Some(unit)
    }

    /// The indicator an id names: Some(None) for no indicator (a narrative
    /// report), None for an id the plan does not have.
    fn indicator(&self, raw: &[u8]) -> Option<Option<u16>> {
        if raw.is_empty() {
            return Some(None);
        }
        self.indicators.get(raw).map(|i| Some(*i))
    }

    /// A group id of the indicator's breakdown (1-based), or 0 for the whole.
    fn group(&self, raw: &[u8], indicator: Option<u16>, line: u64) -> Result<u8, Diagnostic> {
        if raw.is_empty() {
            return Ok(0);
        }
        let found = indicator.and_then(|i| {
            let indicator = &self.plan.indicators[i as usize];
            let dimension = &self.plan.dimensions[indicator.disaggregation? as usize];
            let at = dimension
                .groups
                .iter()
                .position(|g| g.id.as_bytes() == raw)?;
            Some(at as u8 + 1)
        });
        found.ok_or_else(|| {
            self.bad(
                line,
                tr!(
                    self.lang,
                    "group \"{}\" is not a group of this indicator in the plan",
                    "nhóm \"{}\" không phải một nhóm của chỉ tiêu này trong kế hoạch",
                    text::excerpt(&String::from_utf8_lossy(raw))
                ),
            )
        })
    }

    fn period(&mut self, raw: &[u8], line: u64) -> Result<Period, Diagnostic> {
        if let Some(p) = self.periods.get(raw) {
            return Ok(*p);
        }
        let p = text(raw).and_then(Period::parse).ok_or_else(|| {
            self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged period \"{}\"",
                    "kỳ bị hỏng \"{}\"",
                    text::excerpt(&String::from_utf8_lossy(raw))
                ),
            )
        })?;
        self.periods.insert(raw.to_vec(), p);
        Ok(p)
    }

    fn submitted(&mut self, raw: &[u8], line: u64) -> Result<NaiveDate, Diagnostic> {
        let cache_key = <[u8; 10]>::try_from(raw).ok();
        if let Some(d) = cache_key.and_then(|k| self.dates.get(&k)) {
            return Ok(*d);
        }
        let d = text(raw)
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                self.bad(
                    line,
                    tr!(
                        self.lang,
                        "damaged date \"{}\"",
                        "ngày bị hỏng \"{}\"",
                        text::excerpt(&String::from_utf8_lossy(raw))
                    ),
                )
            })?;
        if let Some(k) = cache_key {
            self.dates.insert(k, d);
        }
        Ok(d)
    }

    fn number(&self, raw: &[u8], line: u64) -> Result<Option<f64>, Diagnostic> {
        if raw.is_empty() {
            return Ok(None);
        }
        text(raw)
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| {
                self.bad(
                    line,
                    tr!(
                        self.lang,
                        "damaged number \"{}\"",
                        "số bị hỏng \"{}\"",
                        text::excerpt(&String::from_utf8_lossy(raw))
                    ),
                )
            })
    }

    /// The figure of a row that is not a withdrawal, as the indicator's measure
    /// reads it.
    fn figure(
        &self,
        record: &csv::ByteRecord,
        indicator: Option<u16>,
        line: u64,
    ) -> Result<Figure, Diagnostic> {
        let field = |i: usize| column(record, &self.layout, i);
        let lang = self.lang;
        Ok(
            match indicator.map(|i| self.plan.indicators[i as usize].measure) {
                None => Figure::Narrative,
                Some(Measure::Ratio { .. }) => match (
                    self.number(field(NUMERATOR), line)?,
                    self.number(field(DENOMINATOR), line)?,
                ) {
                    (None, None) => Figure::Blank,
                    (Some(numerator), Some(denominator)) => Figure::Ratio {
                        numerator,
                        denominator,
                    },
                    _ => {
                        return Err(self.bad(
                            line,
                            tr!(
                                lang,
                                "damaged row: a numerator without a denominator",
                                "dòng bị hỏng: có tử số mà không có mẫu số"
                            ),
                        ));
                    }
                },
                Some(Measure::YesNo) => match field(VALUE) {
                    b"" => Figure::Blank,
                    b"yes" => Figure::YesNo(true),
                    b"no" => Figure::YesNo(false),
                    other => {
                        return Err(self.bad(
                            line,
                            tr!(
                                lang,
                                "damaged yes/no value \"{}\"",
                                "giá trị có/không bị hỏng \"{}\"",
                                text::excerpt(&String::from_utf8_lossy(other))
                            ),
                        ));
                    }
                },
                Some(_) => self
                    .number(field(VALUE), line)?
                    .map_or(Figure::Blank, Figure::Number),
            },
        )
    }

    /// A withdrawal carries no figure.
    fn no_figure(&self, record: &csv::ByteRecord, line: u64) -> Result<Figure, Diagnostic> {
        let empty = [VALUE, NUMERATOR, DENOMINATOR]
            .iter()
            .all(|&i| column(record, &self.layout, i).is_empty());
        if !empty {
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged row: a withdrawal with a figure",
                    "dòng bị hỏng: dòng rút lại số liệu mà vẫn có số liệu"
                ),
            ));
        }
        Ok(Figure::Blank)
    }

    fn withdraws<'r>(&self, raw: &'r [u8], line: u64) -> Result<Option<Target<'r>>, Diagnostic> {
        match raw {
            b"" => Ok(None),
            b"*" => Ok(Some(Target::Key)),
            raw => match text(raw).filter(|h| is_hash(h)) {
                Some(hash) => Ok(Some(Target::Source(hash))),
                None => Err(self.bad(
                    line,
                    tr!(
                        self.lang,
                        "damaged withdrawal \"{}\" (* or 16 hex digits expected)",
                        "dòng rút lại bị hỏng \"{}\" (cần * hoặc 16 chữ số hệ 16)",
                        text::excerpt(&String::from_utf8_lossy(raw))
                    ),
                )),
            },
        }
    }

    /// Checks and keeps the row's origin, unless it is the row before's.
    fn origin(&mut self, record: &csv::ByteRecord, line: u64) -> Result<(), Diagnostic> {
        let layout = self.layout;
        let field = |i: usize| column(record, &layout, i);
        const CELLS: [usize; 8] = [
            RECORDED,
            SOURCE_FILE,
            SOURCE_HASH,
            RECORDED_BY,
            VIA_FILE,
            VIA_HASH,
            VIA_RECORDED,
            VIA_BY,
        ];
        let same = self.last_origin.as_ref().is_some_and(|last| {
            CELLS
                .iter()
                .zip(last)
                .all(|(&i, kept)| field(i) == kept.as_bytes())
        });
        if same {
            return Ok(());
        }
        let hash = text(field(SOURCE_HASH)).unwrap_or_default();
        // Always 16 hex digits when written: anything else is a row cut short (a
        // truncated file ends inside its last field) or edited.
        if !is_hash(hash) {
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged source hash \"{shown}\" (16 hex digits expected)",
                    "mã băm nguồn bị hỏng \"{shown}\" (cần 16 chữ số hệ 16)",
                    shown = text::excerpt(hash)
                ),
            ));
        }
        let via_hash = text(field(VIA_HASH)).unwrap_or_default();
        if !via_hash.is_empty() && !is_hash(via_hash) {
            return Err(self.bad(
                line,
                tr!(
                    self.lang,
                    "damaged hash of the data file rolled up \"{shown}\" (16 hex digits expected)",
                    "mã băm của tệp dữ liệu tổng hợp bị hỏng \"{shown}\" (cần 16 chữ số hệ 16)",
                    shown = text::excerpt(via_hash)
                ),
            ));
        }
        let owned = |i: usize| String::from_utf8_lossy(field(i)).into_owned();
        self.last_origin = Some(CELLS.map(owned));
        Ok(())
    }
}

fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Where rows come from: a file's name and content hash, and the other office's
/// data file they came through, if they were rolled up from one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Source {
    pub file: String,
    pub hash: String,
    pub via: Option<Via>,
}

/// When a write happens and who makes it: the same for all its rows.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// RFC 3339 time.
    pub recorded: String,
    pub by: String,
}

impl Stamp {
    /// Now, by the user the operating system names (or `by` when given).
    pub fn now(by: Option<&str>) -> Stamp {
        let by = by.map(str::to_string).unwrap_or_else(|| {
            ["USER", "USERNAME", "LOGNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
                .unwrap_or_default()
        });
        // SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes the clock, so
        // that transcripts and tests can show what was recorded when.
        let now = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
            .unwrap_or_else(chrono::Utc::now);
        Stamp {
            recorded: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            by,
        }
    }
}

/// What a withdrawal takes back, as the writer is told.
#[derive(Debug, Clone, Copy)]
pub enum Takes<'a> {
    /// Every revision of the key recorded so far.
    Key,
    /// The key's revisions from the file with this hash.
    File(&'a str),
}

/// Writes revision rows in the data file's layout, reusing its buffers. Each row
/// waits in `pending` until the next one comes or the write ends ([`Self::finish`]),
/// so that the last row of the write carries the commit mark. When the write is to
/// bring the data file's index up to date, it also keeps each row as the store
/// will read it back (`added`).
pub struct RowWriter<'a, W: Write> {
    csv: csv::Writer<W>,
    plan: &'a Plan,
    stamp: &'a Stamp,
    number: [String; 3],
    chain: Chain,
    pending: [Vec<u8>; CHECKSUM],
    has_pending: bool,
    added: Option<Store>,
    /// The line the next row starts on.
    line: u64,
    /// The line the last row written started on.
    last_line: u64,
}

/// What a write added, as the store reads it back, and its commit.
struct Written {
    added: Store,
    commit: Commit,
}

impl<'a, W: Write> RowWriter<'a, W> {
    fn new(out: W, plan: &'a Plan, stamp: &'a Stamp, chain: Chain) -> Self {
        RowWriter {
            csv: csv::Writer::from_writer(out),
            plan,
            stamp,
            number: Default::default(),
            chain,
            pending: Default::default(),
            has_pending: false,
            added: None,
            line: 0,
            last_line: 0,
        }
    }

    /// Keeps the rows written, as read back, the first starting on `line`.
    fn keeping(mut self, line: u64) -> Self {
        self.added = Some(Store::default());
        self.line = line;
        self
    }

    /// Writes the row waiting, if any, as the write's commit, and flushes. Returns
    /// the rows kept, with the commit (its end is the caller's to say).
    fn finish(mut self) -> io::Result<Option<(Store, Commit)>> {
        self.write_pending(true)?;
        self.csv.flush()?;
        Ok(match (self.added, self.chain.last) {
            (Some(added), Some(checksum)) => {
                let commit = Commit {
                    // The caller's to say, once the file is written.
                    end: 0,
                    line: self.last_line,
                    after: self.line,
                    checksum,
                    // Every write is in the layout written now.
                    latest: true,
                };
                Some((added, commit))
            }
            _ => None,
        })
    }

    fn write_pending(&mut self, commit: bool) -> io::Result<()> {
        if !std::mem::take(&mut self.has_pending) {
            return Ok(());
        }
        let cells: [&[u8]; CHECKSUM] = std::array::from_fn(|i| &self.pending[i][..]);
        if self.added.is_some() {
            // A cell's line breaks are written as they are, inside its quotes.
            let breaks: usize = cells.iter().map(|c| newlines(c)).sum();
            self.last_line = self.line;
            self.line += 1 + breaks as u64;
        }
        write_row(&mut self.csv, &mut self.chain, cells, commit)
    }

    /// Writes a figure as submitted.
    pub fn figure(
        &mut self,
        key: &Key,
        figure: Figure,
        submitted: NaiveDate,
        note: &str,
        source: &Source,
    ) -> io::Result<()> {
        use std::fmt::Write as _;
        for n in &mut self.number {
            n.clear();
        }
        // Whole numbers (most counts) as integers; others in Rust's shortest form
        // that reads back exactly.
        let put = |out: &mut String, v: f64| {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                let _ = write!(out, "{}", v as i64);
            } else {
                let _ = write!(out, "{v}");
            }
        };
        let [value, numerator, denominator] = &mut self.number;
        match figure {
            Figure::Blank | Figure::Narrative => {}
            Figure::Number(v) => put(value, v),
            Figure::YesNo(b) => value.push_str(if b { "yes" } else { "no" }),
            Figure::Ratio {
                numerator: n,
                denominator: d,
            } => {
                put(numerator, n);
                put(denominator, d);
            }
        }
        self.row(key, submitted, note, source, b"")
    }

    /// Writes a withdrawal made on `day`.
    pub fn withdrawal(
        &mut self,
        key: &Key,
        takes: Takes,
        day: NaiveDate,
        reason: &str,
        source: &Source,
    ) -> io::Result<()> {
        for n in &mut self.number {
            n.clear();
        }
        let takes = match takes {
            Takes::Key => WITHDRAWS_KEY,
            Takes::File(hash) => hash,
        };
        self.row(key, day, reason, source, takes.as_bytes())
    }

    fn row(
        &mut self,
        key: &Key,
        submitted: NaiveDate,
        note: &str,
        source: &Source,
        withdraws: &[u8],
    ) -> io::Result<()> {
        // The row before is not the last: written without the commit mark.
        self.write_pending(false)?;
        let mut period = [0u8; 8];
        let period = {
            let mut cursor = io::Cursor::new(&mut period[..]);
            let _ = write_period(&mut cursor, key.period);
            let len = cursor.position() as usize;
            &period[..len]
        };
        let date = iso_day(submitted);
        let unit = self.plan.units[key.unit as usize].id.as_bytes();
        let indicator = key
            .indicator
            .map_or(&b""[..], |i| self.plan.indicators[i as usize].id.as_bytes());
        let group = key
            .indicator
            .and_then(|i| {
                self.plan
                    .group(&self.plan.indicators[i as usize], key.group)
            })
            .map_or(&b""[..], |g| g.id.as_bytes());
        let [value, numerator, denominator] = &self.number;
        let via = source.via.as_ref();
        let cells = [
            self.stamp.recorded.as_bytes(),
            unit,
            period,
            indicator,
            value.as_bytes(),
            numerator.as_bytes(),
            denominator.as_bytes(),
            &date[..],
            note.as_bytes(),
            withdraws,
            self.stamp.by.as_bytes(),
            group,
            source.file.as_bytes(),
            source.hash.as_bytes(),
            via.map_or(&b""[..], |v| v.file.as_bytes()),
            via.map_or(&b""[..], |v| v.hash.as_bytes()),
            via.map_or(&b""[..], |v| v.recorded.as_bytes()),
            via.map_or(&b""[..], |v| v.by.as_bytes()),
        ];
        for (kept, cell) in self.pending.iter_mut().zip(cells) {
            kept.clear();
            kept.extend_from_slice(&quoted(cell));
        }
        self.has_pending = true;
        if self.added.is_some() {
            let figure = self.figure_as_read(key, withdraws.is_empty());
            let stamp = self.stamp;
            let via = source.via.as_ref();
            let parsed = Parsed {
                line: self.last_line,
                key: *key,
                figure,
                submitted,
                note: read_note(note),
                withdraws: read_target(withdraws),
                origin: OriginRef {
                    file: &source.file,
                    hash: &source.hash,
                    recorded: &stamp.recorded,
                    by: &stamp.by,
                    via: via.map_or(["", "", "", ""], |v| {
                        [&*v.file, &*v.hash, &*v.recorded, &*v.by]
                    }),
                },
            };
            if let Some(added) = &mut self.added {
                added.push(parsed);
            }
        }
        Ok(())
    }

    /// The figure of the row just written as the store reads it back: from the
    /// cells written and the indicator's measure ([`RowReader::figure`]).
    fn figure_as_read(&self, key: &Key, is_figure: bool) -> Figure {
        let [value, numerator, denominator] = &self.number;
        let number = |text: &str| text.parse::<f64>().ok();
        let measure = key
            .indicator
            .map(|i| self.plan.indicators[i as usize].measure);
        match (is_figure, measure) {
            (false, _) => Figure::Blank,
            (true, None) => Figure::Narrative,
            (true, Some(Measure::Ratio { .. })) => match (number(numerator), number(denominator)) {
                (Some(numerator), Some(denominator)) => Figure::Ratio {
                    numerator,
                    denominator,
                },
                _ => Figure::Blank,
            },
            (true, Some(Measure::YesNo)) => match value.as_str() {
                "yes" => Figure::YesNo(true),
                "no" => Figure::YesNo(false),
                _ => Figure::Blank,
            },
            (true, Some(_)) => number(value).map_or(Figure::Blank, Figure::Number),
        }
    }
}

/// A note as the store reads it: none when empty.
fn read_note(note: &str) -> Option<&str> {
    (!note.is_empty()).then_some(note)
}

/// What a withdrawal takes back, as the store reads its `withdraws` cell.
fn read_target(withdraws: &[u8]) -> Option<Target<'_>> {
    match withdraws {
        b"" => None,
        b"*" => Some(Target::Key),
        hash => Some(Target::Source(
            std::str::from_utf8(hash).unwrap_or_default(),
        )),
    }
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// A cell quoted so that a spreadsheet runs none ([`text::quote_cell`]).
fn quoted(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // Only a cell that starts as a formula or with a quote is changed: most cells
    // are let through without checking their text (14 cells a row).
    if !matches!(
        cell.first(),
        Some(b'\'' | b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        return std::borrow::Cow::Borrowed(cell);
    }
    match std::str::from_utf8(cell) {
        Ok(text) => match text::quote_cell(text) {
            std::borrow::Cow::Borrowed(same) => std::borrow::Cow::Borrowed(same.as_bytes()),
            std::borrow::Cow::Owned(quoted) => std::borrow::Cow::Owned(quoted.into_bytes()),
        },
        Err(_) => std::borrow::Cow::Borrowed(cell),
    }
}

/// Writes one row of the current layout, its cells already quoted, then its
/// checksum (with the commit mark on the last row of a write).
fn write_row(
    csv: &mut csv::Writer<impl Write>,
    chain: &mut Chain,
    as_written: [&[u8]; CHECKSUM],
    commit: bool,
) -> io::Result<()> {
    let checksum = *chain.next(&as_written, commit);
    csv.write_record(as_written.iter().copied().chain([&checksum[..]]))?;
    Ok(())
}

fn write_period(out: &mut impl Write, period: Period) -> io::Result<()> {
    write!(out, "{period}")
}

/// Holds the data file's lock; released when dropped.
pub struct Lock {
    _file: File,
    /// The language of the messages of the writes made under it.
    lang: Lang,
}

fn lock_path(data: &Path) -> PathBuf {
    let mut name = data.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    data.with_file_name(name)
}

/// Where the data file really is: a symbolic link is followed to the file it
/// names, so that writes land in the real file (not in a new file replacing the
/// link) and every name of one file shares one lock.
pub fn real_path(data: &Path) -> PathBuf {
    let mut path = data.to_path_buf();
    // A link to a file not created yet cannot be canonicalised: follow it by hand
    // (a few levels, which is all a link chain should have).
    for _ in 0..8 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                if let Ok(real) = fs::canonicalize(&path) {
                    return real;
                }
                let Ok(target) = fs::read_link(&path) else {
                    return path;
                };
                path = folder_of(&path).join(target);
            }
            _ => return path,
        }
    }
    path
}

/// Takes the writer's lock on the data file, waiting for another ingest to finish.
/// The lock file is opened without following a symbolic link, so a link planted in
/// its place cannot make the tool create or truncate a file elsewhere.
pub fn lock(data: &Path, lang: Lang) -> anyhow::Result<Lock> {
    let data = &real_path(data);
    let path = lock_path(data);
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(&path).with_context(|| {
        tr!(
            lang,
            "cannot create the lock file {}",
            "không tạo được tệp khóa {}",
            path.display()
        )
    })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "waiting for another gender-plan ingest to finish with {} …",
                    "đang chờ một lệnh gender-plan ingest khác ghi xong {} …",
                    data.display()
                )
            );
            file.lock()?;
        }
        Err(fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| {
                tr!(lang, "cannot lock {}", "không khóa được {}", path.display())
            });
        }
    }
    remove_stale_temporaries(data);
    Ok(Lock { _file: file, lang })
}

/// A writer killed mid-write leaves its temporary copy behind. Temporaries are
/// written only under the lock, so once we hold it, any left are stale. Only the
/// tool's own are removed: named `DATA.tmp-` and a process number, a regular file,
/// and empty or starting as a data file does; a user's `DATA.tmp-notes` stays.
fn remove_stale_temporaries(data: &Path) {
    let Some(name) = data.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return;
    };
    let copy = format!("{name}.tmp-");
    let index = format!("{name}.index.tmp-");
    let Ok(entries) = fs::read_dir(folder_of(data)) else {
        return;
    };
    let numbered = |entry_name: &str, prefix: &str| {
        entry_name
            .strip_prefix(prefix)
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
    };
    let copy_start = [BOM, HEADER[0].as_bytes()].concat();
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let ours = match () {
            () if numbered(&entry_name, &copy) => starts_as(&entry.path(), |head| {
                let n = head.len().min(copy_start.len());
                head[..n] == copy_start[..n]
            }),
            () if numbered(&entry_name, &index) => starts_as(&entry.path(), index::starts_as_index),
            () => false,
        };
        if ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// A regular file whose first bytes (up to 32, fewer if it is shorter) `ours`
/// accepts: what the tool writes into a temporary copy or index first.
fn starts_as(path: &Path, ours: impl Fn(&[u8]) -> bool) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let mut head = [0u8; 32];
    let n = file.read(&mut head).unwrap_or(0);
    ours(&head[..n])
}

/// Syncs a folder, so that a rename in it survives a power cut.
///
/// A test of the failure (an EIO from the disk) sets
/// `GENDER_PLAN_TEST_FAIL_FOLDER_SYNC` in a debug build: the sync then fails as
/// the disk would make it. Release builds have no such seam.
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(all(debug_assertions, unix))]
    if std::env::var_os("GENDER_PLAN_TEST_FAIL_FOLDER_SYNC").is_some() {
        return Err(io::Error::from_raw_os_error(libc::EIO));
    }
    File::open(folder)?.sync_all()
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The rows a write adds: `write_rows` is given a [`RowWriter`].
pub type Rows<'w, 'a> = RowWriter<'a, &'w mut BufWriter<File>>;

/// What a write appends after: the store the caller loaded under the lock, or
/// only where its last finished write ends (`store.commit`). Given the store, the
/// write also brings the data file's index up to date when it would otherwise
/// leave it far behind ([`Indexing`]); given only the commit, it leaves the index
/// to the next reader.
#[derive(Debug, Clone, Copy)]
pub enum Base<'s> {
    Loaded(&'s Store),
    Commit(Option<Commit>),
}

impl<'s> From<&'s Store> for Base<'s> {
    fn from(store: &'s Store) -> Self {
        Base::Loaded(store)
    }
}

impl From<Option<Commit>> for Base<'_> {
    fn from(commit: Option<Commit>) -> Self {
        Base::Commit(commit)
    }
}

impl Base<'_> {
    fn commit(&self) -> Option<Commit> {
        match self {
            Base::Loaded(store) => store.commit,
            Base::Commit(commit) => *commit,
        }
    }
}

/// When a write brings the data file's index up to date: once the file is `from`
/// bytes long, if the write would leave the index more than `behind` bytes
/// behind it.
#[derive(Debug, Clone, Copy)]
pub struct Indexing {
    pub from: u64,
    pub behind: u64,
}

impl Indexing {
    /// Data files of a district (under 4 MB) get no index; a write that leaves the
    /// index more than 1 MB behind writes it for its own commit.
    pub const DEFAULT: Indexing = Indexing {
        from: index::INDEXED_FROM,
        behind: index::WRITTEN_AFTER,
    };
}

/// Adds rows at the end of the data file; the caller holds the [`Lock`] and has
/// loaded the store under it, which says where the last finished write ends
/// (`commit`). `write_rows` writes the new rows.
///
/// A file this release has written to (one with a commit) is appended to in
/// place: whatever follows its last commit (a write a kill interrupted) is cut
/// off, the rows are appended, the last with the commit mark, and the file is
/// synced. Until that last row is complete, every reader ignores the rows after
/// the commit, so a reader or a crash sees the state before or after the write,
/// never between. Any other file (none yet, or an earlier release's) is written
/// once as a complete copy renamed over it, which marks its last row.
///
/// Given the loaded store ([`Base`]), a write that would leave the data file's
/// index more than [`index::WRITTEN_AFTER`] behind writes the index for its own
/// commit, once the rows are synced: the store as loaded and the rows as they
/// read back. So the first command after a big write does not read it again.
///
/// The file is written where it really is (through a symbolic link), keeps its
/// permissions (a private file stays private), and must be a regular file.
pub fn append<'s>(
    path: &Path,
    plan: &Plan,
    lock: &Lock,
    base: impl Into<Base<'s>>,
    stamp: &Stamp,
    write_rows: impl FnOnce(&mut Rows) -> io::Result<()>,
) -> anyhow::Result<()> {
    append_indexing(path, plan, lock, base, stamp, Indexing::DEFAULT, write_rows)
}

/// [`append`], with the rule for writing the index (tests index small files).
pub fn append_indexing<'s>(
    path: &Path,
    plan: &Plan,
    lock: &Lock,
    base: impl Into<Base<'s>>,
    stamp: &Stamp,
    indexing: Indexing,
    write_rows: impl FnOnce(&mut Rows) -> io::Result<()>,
) -> anyhow::Result<()> {
    let base = base.into();
    let lang = lock.lang;
    let path = &real_path(path);
    let existing = match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(not_regular(path, lang)),
        Ok(meta) => Some(meta.permissions()),
        Err(_) => None,
    };
    let writing = Writing {
        plan,
        stamp,
        lang,
        keep: false,
    };
    let loaded = match base {
        Base::Loaded(store) => Some(store),
        Base::Commit(_) => None,
    };
    let result = match (base.commit(), existing) {
        (Some(commit), Some(_)) if commit.latest => {
            let keep = loaded.is_some();
            append_in_place(path, commit, Writing { keep, ..writing }, write_rows)
        }
        // A file of an earlier layout is copied up to its last commit, upgraded.
        (commit, permissions) => {
            // A copy's rows follow the store only when the file held none.
            let keep = loaded.is_some_and(|s| s.revisions.is_empty() && s.orphans.is_empty());
            let upto = commit.map(|c| c.end);
            write_copy(
                path,
                (permissions, upto),
                Writing { keep, ..writing },
                write_rows,
            )
        }
    };
    let written = result.with_context(|| {
        tr!(
            lang,
            "cannot write the data file {}",
            "không ghi được tệp dữ liệu {}",
            path.display()
        )
    })?;
    if let (Some(store), Some(written)) = (loaded, written) {
        follow_with_index(path, plan, store, &written, indexing);
    }
    Ok(())
}

/// What a write needs besides its file: the plan, its stamp, the language of its
/// messages, and whether it keeps its rows as they read back (for the index).
#[derive(Clone, Copy)]
struct Writing<'a> {
    plan: &'a Plan,
    stamp: &'a Stamp,
    lang: Lang,
    keep: bool,
}

/// Writes the index for the commit a write ended at (the store as loaded, then
/// the rows it added), when the write would otherwise leave it more than
/// `indexing.behind` behind. Best effort, as every writing of the index: the
/// data file is already written and synced, and a missing index is only a slower
/// next read.
fn follow_with_index(
    path: &Path,
    plan: &Plan,
    base: &Store,
    written: &Written,
    indexing: Indexing,
) {
    let end = written.commit.end;
    let behind = end.saturating_sub(base.indexed.0.unwrap_or(0));
    if end < indexing.from || behind <= indexing.behind {
        return;
    }
    let Ok(file) = File::open(path) else {
        return;
    };
    let Ok(meta) = file.metadata() else {
        return;
    };
    // Under the lock, nothing has been written since: the file is as the write left it.
    if meta.len() != end {
        return;
    }
    let parts = index::Parts {
        base,
        added: Some(&written.added),
    };
    let state = index::FileState::of(&meta);
    index::write_parts(path, &file, state, plan, parts, written.commit);
}

/// Appends after the last commit of a file this release has written to.
fn append_in_place(
    path: &Path,
    commit: Commit,
    writing: Writing,
    write_rows: impl FnOnce(&mut Rows) -> io::Result<()>,
) -> anyhow::Result<Option<Written>> {
    let Writing {
        plan, stamp, lang, ..
    } = writing;
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let length = file.metadata()?.len();
    anyhow::ensure!(
        length >= commit.end,
        "the data file is shorter than when it was read under the lock"
    );
    if length > commit.end {
        eprintln!(
            "{}",
            tr!(
                lang,
                "note: {} ended with an unfinished write ({} bytes after line {}, left by an interrupted run); it was never part of the data and is removed",
                "lưu ý: {} kết thúc bằng một lần ghi dở dang ({} byte sau dòng {}, do một lần chạy bị ngắt để lại); phần này chưa bao giờ là dữ liệu và được xóa",
                path.display(),
                length - commit.end,
                commit.line
            )
        );
        file.set_len(commit.end)?;
    }
    let result = (|| -> anyhow::Result<Option<Written>> {
        file.seek(io::SeekFrom::Start(commit.end.saturating_sub(1)))?;
        let mut last = [0u8; 1];
        let ends_line = commit.end == 0 || (file.read(&mut last)? == 1 && last[0] == b'\n');
        file.seek(io::SeekFrom::Start(commit.end))?;
        let mut out = BufWriter::with_capacity(1 << 20, file.try_clone()?);
        if !ends_line {
            out.write_all(b"\n")?;
        }
        let chain = Chain {
            last: Some(commit.checksum),
        };
        let mut rows = RowWriter::new(&mut out, plan, stamp, chain);
        if writing.keep {
            rows = rows.keeping(commit.after + u64::from(!ends_line));
        }
        write_rows(&mut rows)?;
        let kept = rows.finish()?;
        out.flush()?;
        file.sync_data()?;
        let end = file.metadata()?.len();
        Ok(kept.map(|(added, commit)| Written {
            added,
            commit: Commit { end, ..commit },
        }))
    })();
    if result.is_err() {
        // Not needed for safety (readers ignore rows after the commit), but tidy.
        let _ = file.set_len(commit.end);
    }
    result
}

/// Writes a complete copy of the data file with the new rows beside it, syncs it,
/// and renames it over the file.
fn write_copy(
    path: &Path,
    (permissions, upto): (Option<fs::Permissions>, Option<u64>),
    writing: Writing,
    write_rows: impl FnOnce(&mut Rows) -> io::Result<()>,
) -> anyhow::Result<Option<Written>> {
    let Writing {
        plan, stamp, lang, ..
    } = writing;
    let folder = folder_of(path);
    let mut temp_name = path.file_name().unwrap_or_default().to_os_string();
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let temp = folder.join(temp_name);
    let result = (|| -> anyhow::Result<Option<Written>> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        // Before any row is in it: the copy is as private as the file it replaces.
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let mut lines = Lines {
            out: &mut out,
            count: 0,
        };
        let chain = copy_existing(path, &mut lines, upto)?;
        let first_line = lines.count + 1;
        let mut rows = RowWriter::new(&mut out, plan, stamp, chain);
        if writing.keep {
            rows = rows.keeping(first_line);
        }
        write_rows(&mut rows)?;
        let kept = rows.finish()?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let end = file.metadata()?.len();
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable; a failure is reported, not ignored.
        sync_folder(&folder).map_err(|e| {
            let e = crate::i18n::os_error_text(&e, lang);
            anyhow::anyhow!(tr!(
                lang,
                "the new rows are in the file, but its folder {} could not be synced, so they may not survive a power cut: {e}",
                "các dòng mới đã có trong tệp, nhưng không đồng bộ được thư mục {} nên có thể mất khi mất điện: {e}",
                folder.display()
            ))
        })?;
        Ok(kept.map(|(added, commit)| Written {
            added,
            commit: Commit { end, ..commit },
        }))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// A writer that counts the line breaks passing through it (what is copied
/// before a copy's new rows).
struct Lines<'w, W: Write> {
    out: &'w mut W,
    count: u64,
}

impl<W: Write> Write for Lines<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.count += newlines(&buf[..n]) as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Copies the data file as it is into `out`, streaming, and returns the checksum
/// chain the new rows continue. A missing or empty file (created by hand, or a lone
/// BOM) becomes a new one, header first; a file of an earlier layout is upgraded to
/// the current one (its rows quoted and chained); a file whose last line lost its
/// line break (an editor) gets one, so new rows start on a line of their own.
fn copy_existing(path: &Path, out: &mut impl Write, upto: Option<u64>) -> io::Result<Chain> {
    let mut existing = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            write_header(out)?;
            return Ok(Chain::default());
        }
        Err(e) => return Err(e),
    };
    if let Some(earlier) = earlier_layout(&mut existing)? {
        // Up to the last commit of a v4 file: what follows it is an unfinished write.
        return upgrade(existing.take(upto.unwrap_or(u64::MAX)), earlier, out);
    }
    let size = existing.metadata()?.len();
    if size <= 64 {
        let mut small = Vec::new();
        existing.read_to_end(&mut small)?;
        let body = small.strip_prefix(BOM).unwrap_or(&small);
        if body.iter().all(u8::is_ascii_whitespace) {
            write_header(out)?;
            return Ok(Chain::default());
        }
        out.write_all(&small)?;
        if !small.ends_with(b"\n") {
            out.write_all(b"\n")?;
        }
        return Ok(last_checksum(&small));
    }
    let copied = io::copy(&mut existing, out)?;
    let tail_len = copied.min(64);
    existing.seek(io::SeekFrom::Start(copied - tail_len))?;
    let mut tail = vec![0u8; tail_len as usize];
    existing.read_exact(&mut tail)?;
    if !tail.ends_with(b"\n") {
        out.write_all(b"\n")?;
    }
    Ok(last_checksum(&tail))
}

/// The chain after the last row, from the end of a current-layout file: its last
/// field, 16 hex digits after a comma. A file of only a header has no checksum
/// there, and the chain starts afresh. (The whole chain was checked when the file
/// was loaded, under the same lock, before anything is appended.)
fn last_checksum(tail: &[u8]) -> Chain {
    let line = tail.strip_suffix(b"\n").unwrap_or(tail);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Some(at) = line.len().checked_sub(17) else {
        return Chain::default();
    };
    let (comma, hex) = (line[at], &line[at + 1..]);
    match std::str::from_utf8(hex) {
        Ok(hex) if comma == b',' && is_hash(hex) => Chain {
            last: <[u8; 16]>::try_from(hex.as_bytes()).ok(),
        },
        _ => Chain::default(),
    }
}

/// The layout of a file written by an earlier release (its header), or None for
/// the current layout or anything else; rewinds the file.
fn earlier_layout(file: &mut File) -> io::Result<Option<Layout>> {
    let longest = HEADER.join(",").len();
    let mut start = vec![0u8; BOM.len() + longest + 2];
    let n = file.read(&mut start)?;
    file.seek(io::SeekFrom::Start(0))?;
    let start = &start[..n];
    let start = start.strip_prefix(BOM).unwrap_or(start);
    let is = |header: &[&str]| {
        let header = header.join(",");
        start.starts_with(header.as_bytes())
            && matches!(start.get(header.len()), Some(b'\r' | b'\n') | None)
    };
    Ok([
        &HEADER_V1[..],
        &HEADER_V2[..],
        &HEADER_V3[..],
        &HEADER_V4[..],
    ]
    .into_iter()
    .find(|h| is(h))
    .map(Layout::of))
}

/// Rewrites a file of an earlier layout in the current one: the columns it lacks
/// empty (which is what they mean for an old row), every cell quoted and every row
/// chained. The caller renames the result over the old file, so the upgrade is as
/// atomic as any write.
fn upgrade(existing: impl Read, layout: Layout, out: &mut impl Write) -> io::Result<Chain> {
    write_header(out)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(io::BufReader::new(existing));
    let mut writer = csv::Writer::from_writer(out);
    let mut chain = Chain::default();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        let cells = std::array::from_fn::<_, CHECKSUM, _>(|i| quoted(column(&record, &layout, i)));
        let cells: [&[u8]; CHECKSUM] = std::array::from_fn(|i| &*cells[i]);
        write_row(&mut writer, &mut chain, cells, false)?;
    }
    writer.flush()?;
    Ok(chain)
}

fn write_header(out: &mut impl Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut header = csv::Writer::from_writer(out);
    header.write_record(HEADER)?;
    header.flush()?;
    Ok(())
}

/// A day as the data file writes it, `2025-06-05`, without going through chrono's
/// format strings (about 5 % of an ingest's time was spent there). A year outside
/// 0–9999 goes through chrono into the same ten bytes, as before.
fn iso_day(day: NaiveDate) -> [u8; 10] {
    use chrono::Datelike;
    let mut out = *b"0000-00-00";
    let year = day.year();
    if !(0..=9999).contains(&year) {
        let mut cursor = io::Cursor::new(&mut out[..]);
        let _ = write!(cursor, "{}", day.format("%Y-%m-%d"));
        return out;
    }
    let mut put = |at: usize, width: usize, mut n: u32| {
        for slot in out[at..at + width].iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(0, 4, year as u32);
    put(5, 2, day.month());
    put(8, 2, day.day());
    out
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

//! The data file's index: a derived copy of the loaded [`Store`] as it stood at a
//! commit, beside the data file (`DATA.index`), so that a command reads what was
//! added since instead of parsing all of history again.
//!
//! It is never a second source of truth. It is used only while it provably
//! describes the start of the data file as it is now, and rebuilt from the data
//! file otherwise (the invalidation rule):
//!
//! - it was built with a plan that reads the data file the same way (the ids of
//!   units and indicators, with their former ids; each indicator's measure and
//!   groups: the [`fingerprint`]);
//! - the data file is the same file (device and inode: a file replaced by a copy,
//!   an editor or a spreadsheet is another file);
//! - the file is at least as long as the commit the index ends at, and the bytes
//!   just before that commit (the end of its row, with its checksum) are the ones
//!   the index recorded;
//! - the file has not been rewritten in place: when it has the length it had when
//!   the index was built, its modification time is the one it had then;
//! - the index itself is whole: its SHA-256 matches its content, and every field
//!   reads back within bounds.
//!
//! Rows after the commit it ends at are read from the data file as usual (the
//! checksum chain continues from the commit's), so an index never hides a write.
//! `check` never uses it: it reads and checks every row.

use super::{Commit, Origin, Orphan, Store, Via};
use crate::domain::figure::{Figure, Key};
use crate::domain::revision::{Revision, Withdraws};
use crate::plan::Plan;
use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The third layout: the digest follows the body, so that the index is written as
/// it is encoded, never held whole in memory (the first put it before the body),
/// and each origin carries the data file it was rolled up through (`Via`; the
/// second, on another branch, had one of the two).
const MAGIC: &[u8; 8] = b"GPINDEX3";

/// Bytes of the data file just before the commit, recorded and compared.
const END_BYTES: usize = 32;

/// Data files smaller than this are read whole every time (a district's takes
/// milliseconds); larger ones get an index.
pub const INDEXED_FROM: u64 = 4 << 20;

/// When more than this was read after the index's commit, the index is rebuilt.
pub const REBUILT_AFTER: u64 = 4 << 20;

/// A write that leaves the index more than this behind the data file writes it
/// anew, for its own commit ([`super::append`]): so the next command after a big
/// write reads the index and at most this much of the data file. Smaller writes
/// leave it as it is (rewriting the index costs more than reading them).
pub const WRITTEN_AFTER: u64 = 1 << 20;

/// The index of a data file: `DATA.index` beside the real file.
pub fn path_of(real: &Path) -> PathBuf {
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".index");
    real.with_file_name(name)
}

/// What the plan decides about reading a data file: the ids of units and
/// indicators (and their former ids), each indicator's measure and groups.
pub fn fingerprint(plan: &Plan) -> [u8; 32] {
    let mut hasher = Sha256::new();
    let mut put = |text: &str| {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    for unit in &plan.units {
        put("unit");
        put(&unit.id);
        unit.former_ids.iter().for_each(|id| put(id));
    }
    for indicator in &plan.indicators {
        put("indicator");
        put(&indicator.id);
        indicator.former_ids.iter().for_each(|id| put(id));
        put(&format!("{:?}", indicator.measure));
        if let Some(d) = indicator.disaggregation {
            plan.dimensions[d as usize]
                .groups
                .iter()
                .for_each(|g| put(&g.id));
        }
    }
    hasher.finalize().into()
}

/// The data file as the index records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileState {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, u32),
}

impl FileState {
    pub fn of(meta: &fs::Metadata) -> FileState {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos()));
        FileState {
            dev,
            ino,
            len: meta.len(),
            modified,
        }
    }
}

/// The bytes of the data file just before `end`.
fn end_bytes(data: &File, end: u64) -> Option<Vec<u8>> {
    let from = end.saturating_sub(END_BYTES as u64);
    let mut bytes = vec![0u8; (end - from) as usize];
    read_at(data, &mut bytes, from).ok()?;
    Some(bytes)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let mut file = file;
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// The store the index holds, if it describes the start of the data file as it
/// is now (the rules above); the store ends at its commit.
pub fn read(real: &Path, data: &File, now: FileState, plan: &Plan) -> Option<Store> {
    let mut file = open_regular(&path_of(real))?;
    let len = file.metadata().ok()?.len();
    let mut magic = [0u8; MAGIC.len()];
    file.read_exact(&mut magic).ok()?;
    if &magic != MAGIC {
        return None;
    }
    let body = len.checked_sub((MAGIC.len() + DIGEST) as u64)?;
    let mut r = Cursor::new(file, body);
    let store = read_body(&mut r, data, now, plan)?;
    if r.left() != 0 {
        return None;
    }
    let (digest, mut file) = r.finish();
    let mut recorded = [0u8; DIGEST];
    file.read_exact(&mut recorded).ok()?;
    // Nothing read is used unless the whole body is what was written.
    (digest == recorded).then_some(store)
}

/// Bytes of the SHA-256 that ends the index.
const DIGEST: usize = 32;

/// The index file, if it is a regular file: a fifo, a device or a folder named
/// `DATA.index` is set aside like a damaged index. It is opened without waiting
/// (a fifo with no writer would block the open, and every reader with it), and
/// its kind is checked on the file opened, not on the name.
fn open_regular(path: &Path) -> Option<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).ok()?;
    file.metadata().ok()?.is_file().then_some(file)
}

/// The body of the index, after its digest: the store, if it describes the data
/// file as it is now.
fn read_body(r: &mut Cursor, data: &File, now: FileState, plan: &Plan) -> Option<Store> {
    if r.array::<32>()? != fingerprint(plan) {
        return None;
    }
    let then = FileState {
        dev: r.u64()?,
        ino: r.u64()?,
        len: r.u64()?,
        modified: (r.u64()? as i64, r.u32()?),
    };
    let commit = Commit {
        end: r.u64()?,
        line: r.u64()?,
        after: r.u64()?,
        checksum: r.array::<16>()?,
        latest: true,
    };
    let recorded_end = r.bytes()?;
    let same_file = (then.dev, then.ino) == (now.dev, now.ino);
    let rewritten = now.len == then.len && now.modified != then.modified;
    if !same_file || rewritten || now.len < commit.end {
        return None;
    }
    if end_bytes(data, commit.end)? != recorded_end {
        return None;
    }
    let mut store = decode_store(r, plan)?;
    store.commit = Some(commit);
    Some(store)
}

/// Writes the index of a store that ends at its commit, read from `data` (whose
/// state before reading was `then`). Best effort: an index that cannot be written
/// is only a slower next read. Whether it was written. Only a file of the layout
/// written now is indexed: a v4 file is read whole until its next write upgrades it.
pub fn write(real: &Path, data: &File, then: FileState, plan: &Plan, store: &Store) -> bool {
    match store.commit.filter(|c| c.latest) {
        Some(commit) => write_parts(real, data, then, plan, Parts::whole(store), commit),
        None => false,
    }
}

/// What an index is written of: a store as loaded, and the rows a write added
/// after its commit (a store of their own, numbered from zero: renumbered here
/// as reading the whole data file would number them).
#[derive(Clone, Copy)]
pub(super) struct Parts<'a> {
    pub base: &'a Store,
    pub added: Option<&'a Store>,
}

impl<'a> Parts<'a> {
    fn whole(store: &'a Store) -> Self {
        Parts {
            base: store,
            added: None,
        }
    }
}

/// Writes the index of `parts`, which end at `commit` of `data` (in state `then`),
/// into a temporary file renamed into place; the body is hashed as it is written.
pub(super) fn write_parts(
    real: &Path,
    data: &File,
    then: FileState,
    plan: &Plan,
    parts: Parts,
    commit: super::Commit,
) -> bool {
    let Some(recorded_end) = end_bytes(data, commit.end) else {
        return false;
    };
    let path = path_of(real);
    let mut temp_name = path.file_name().unwrap_or_default().to_os_string();
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let written = (|| -> std::io::Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let mut file = options.open(&temp)?;
        // As private as the data file it copies.
        file.set_permissions(data.metadata()?.permissions())?;
        file.write_all(MAGIC)?;
        let mut out = std::io::BufWriter::with_capacity(
            CHUNK,
            Hashing {
                inner: file,
                hasher: Sha256::new(),
            },
        );
        out.write_all(&fingerprint(plan))?;
        for n in [then.dev, then.ino, then.len, then.modified.0 as u64] {
            put_u64(&mut out, n)?;
        }
        put_u32(&mut out, then.modified.1)?;
        put_u64(&mut out, commit.end)?;
        put_u64(&mut out, commit.line)?;
        put_u64(&mut out, commit.after)?;
        out.write_all(&commit.checksum)?;
        put_bytes(&mut out, &recorded_end)?;
        encode_store(&mut out, parts)?;
        let Hashing { mut inner, hasher } = out.into_inner().map_err(|e| e.into_error())?;
        inner.write_all(&hasher.finalize())?;
        drop(inner);
        fs::rename(&temp, &path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written.is_ok()
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Whether a file starts as an index does (or is empty): what the tool writes into
/// a temporary index first.
pub fn starts_as_index(head: &[u8]) -> bool {
    MAGIC.starts_with(head) || head.starts_with(MAGIC)
}

fn put_u32(out: &mut impl Write, n: u32) -> std::io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn put_u64(out: &mut impl Write, n: u64) -> std::io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn put_bytes(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    put_u32(out, bytes.len() as u32)?;
    out.write_all(bytes)
}

/// How the added rows' numbers become the whole store's: notes after the base's,
/// each source hash the base's number for it or a new one after the base's.
struct Renumber {
    notes: u32,
    sources: Vec<u32>,
    /// The added hashes the base does not have, in the order they were added.
    new_hashes: Vec<usize>,
}

impl Renumber {
    fn of(base: &Store, added: &Store) -> Renumber {
        let mut next = base.hashes.len() as u32;
        let mut new_hashes = Vec::new();
        let sources = (added.hashes.iter().enumerate())
            .map(|(i, hash)| {
                base.source_id(hash).unwrap_or_else(|| {
                    new_hashes.push(i);
                    next += 1;
                    next - 1
                })
            })
            .collect();
        Renumber {
            notes: base.notes.len() as u32,
            sources,
            new_hashes,
        }
    }

    fn revision(&self, r: &Revision) -> Revision {
        let note = match r.note {
            crate::domain::revision::NO_NOTE => r.note,
            n => n + self.notes,
        };
        let source = self.sources[r.source as usize];
        let key = r.key();
        match r.withdraws() {
            None => Revision::figure(&key, r.figure, r.submitted, note, source),
            Some(Withdraws::Key) => {
                Revision::withdrawal(&key, Withdraws::Key, r.submitted, note, source)
            }
            Some(Withdraws::Source(s)) => {
                let what = Withdraws::Source(self.sources[s as usize]);
                Revision::withdrawal(&key, what, r.submitted, note, source)
            }
        }
    }
}

fn encode_store(out: &mut impl Write, parts: Parts) -> std::io::Result<()> {
    let Parts { base, added } = parts;
    let empty = Store::default();
    let added = added.unwrap_or(&empty);
    let renumber = Renumber::of(base, added);
    put_u64(out, (base.revisions.len() + added.revisions.len()) as u64)?;
    for revision in &base.revisions {
        encode_revision(out, revision)?;
    }
    for revision in &added.revisions {
        encode_revision(out, &renumber.revision(revision))?;
    }
    put_u64(out, (base.notes.len() + added.notes.len()) as u64)?;
    for note in base.notes.iter().chain(&added.notes) {
        put_bytes(out, note.as_bytes())?;
    }
    encode_origins(out, base, added)?;
    put_u64(out, (base.hashes.len() + renumber.new_hashes.len()) as u64)?;
    let new_hashes = renumber.new_hashes.iter().map(|&i| &added.hashes[i]);
    for hash in base.hashes.iter().chain(new_hashes) {
        put_bytes(out, hash.as_bytes())?;
    }
    put_u64(out, base.orphans.len() as u64)?;
    for orphan in &base.orphans {
        put_u64(out, orphan.line)?;
        for text in [&orphan.unit, &orphan.period, &orphan.indicator] {
            put_bytes(out, text.as_bytes())?;
        }
        out.write_all(&[u8::from(orphan.known_unit)])?;
    }
    Ok(())
}

/// The runs of revisions from one origin: the base's, then the added ones' after
/// them; an added run that continues the base's last (same file, hash, time and
/// recorder) is one run with it, as reading the whole file makes it.
fn encode_origins(out: &mut impl Write, base: &Store, added: &Store) -> std::io::Result<()> {
    let continues = match (base.origins.last(), added.origins.first()) {
        (Some((_, last)), Some((_, first))) => last == first,
        _ => false,
    };
    let shift = base.revisions.len() as u32;
    let added_runs = added.origins.iter().skip(usize::from(continues));
    put_u64(out, (base.origins.len() + added_runs.len()) as u64)?;
    let runs = (base.origins.iter().map(|(start, o)| (*start, o)))
        .chain(added_runs.map(|(start, o)| (start + shift, o)));
    for (start, origin) in runs {
        put_u32(out, start)?;
        for text in [&origin.file, &origin.hash, &origin.recorded, &origin.by] {
            put_bytes(out, text.as_bytes())?;
        }
        // The other office's data file the rows came through: empty texts if none.
        let via = origin.via.as_ref();
        for text in via.map_or([""; 4], |v| [&v.file, &v.hash, &v.recorded, &v.by]) {
            put_bytes(out, text.as_bytes())?;
        }
    }
    Ok(())
}

fn encode_revision(out: &mut impl Write, revision: &Revision) -> std::io::Result<()> {
    // One revision's fields, gathered and written at once.
    let mut bytes = [0u8; LONGEST_REVISION];
    let mut at = 0;
    let mut put = |field: &[u8]| {
        bytes[at..at + field.len()].copy_from_slice(field);
        at += field.len();
    };
    put(&revision.packed_key.to_le_bytes());
    put(&(revision.submitted.num_days_from_ce() as u32).to_le_bytes());
    put(&revision.note.to_le_bytes());
    put(&revision.source.to_le_bytes());
    match revision.withdraws() {
        None => put(&[0]),
        Some(Withdraws::Key) => put(&[1]),
        Some(Withdraws::Source(source)) => {
            put(&[2]);
            put(&source.to_le_bytes());
        }
    }
    match revision.figure {
        Figure::Blank => put(&[0]),
        Figure::Narrative => put(&[1]),
        Figure::YesNo(false) => put(&[2]),
        Figure::YesNo(true) => put(&[3]),
        Figure::Number(v) => {
            put(&[4]);
            put(&v.to_bits().to_le_bytes());
        }
        Figure::Ratio {
            numerator,
            denominator,
        } => {
            put(&[5]);
            put(&numerator.to_bits().to_le_bytes());
            put(&denominator.to_bits().to_le_bytes());
        }
    }
    out.write_all(&bytes[..at])
}

/// How much of the index is read from the file at a time.
const CHUNK: usize = 1 << 20;

/// Reads fields back, each checked against what is left of the file. The index
/// is read a chunk at a time and each chunk hashed as it comes in, so it is never
/// held whole in memory (75 MB at national scale) and is read only once.
struct Cursor {
    file: File,
    hasher: Sha256,
    buf: Vec<u8>,
    /// Where the next field starts in `buf`.
    pos: usize,
    /// Bytes of the file not yet read into `buf`.
    unread: u64,
}

impl Cursor {
    /// A cursor over the next `len` bytes of the file.
    fn new(file: File, len: u64) -> Cursor {
        Cursor {
            file,
            hasher: Sha256::new(),
            buf: Vec::new(),
            pos: 0,
            unread: len,
        }
    }

    /// Bytes left to read.
    fn left(&self) -> u64 {
        (self.buf.len() - self.pos) as u64 + self.unread
    }

    /// The SHA-256 of every byte read, and the file, positioned after them.
    fn finish(self) -> ([u8; 32], File) {
        (self.hasher.finalize().into(), self.file)
    }

    /// The SHA-256 of every byte read.
    #[cfg(test)]
    fn digest(self) -> [u8; 32] {
        self.finish().0
    }

    /// The next `n` bytes, or all that is left when fewer, without moving on.
    fn window(&mut self, n: usize) -> Option<&[u8]> {
        let n = (n as u64).min(self.left()) as usize;
        if self.buf.len() - self.pos < n {
            self.fill(n)?;
        }
        Some(&self.buf[self.pos..self.pos + n])
    }

    /// Reads on until at least `n` bytes are in `buf` from `pos`.
    fn fill(&mut self, n: usize) -> Option<()> {
        if n as u64 > self.left() {
            return None;
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let wanted = (n - self.buf.len()).max(CHUNK) as u64;
        let more = wanted.min(self.unread) as usize;
        let start = self.buf.len();
        self.buf.resize(start + more, 0);
        self.file.read_exact(&mut self.buf[start..]).ok()?;
        self.hasher.update(&self.buf[start..]);
        self.unread -= more as u64;
        Some(())
    }

    fn bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.u32()? as usize;
        Some(self.take(n)?.to_vec())
    }

    fn text(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?).ok()
    }

    /// A count of items, each at least `min` bytes: never more than is left.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(min)? as u64 <= self.left()).then_some(n)
    }
}

impl Fields for Cursor {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.buf.len() - self.pos < n {
            self.fill(n)?;
        }
        let head = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Some(head)
    }
}

/// Fields in bytes already read (a revision's, decoded from the cursor's window).
struct Slice<'a>(&'a [u8]);

impl Fields for Slice<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
}

/// Fixed-size fields read in order, each checked against what is left.
trait Fields {
    fn take(&mut self, n: usize) -> Option<&[u8]>;

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }

    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_bits(self.u64()?)).filter(|v| v.is_finite())
    }
}

/// The most bytes a revision takes: key, day, note, source, a withdrawal of a
/// source, a ratio.
const LONGEST_REVISION: usize = 8 + 4 + 4 + 4 + (1 + 4) + (1 + 8 + 8);

/// The next revision: decoded from a window of the cursor's bytes, so that its
/// fields are read from memory without a check for more of the file each.
fn next_revision(r: &mut Cursor, days: &mut Days) -> Option<Revision> {
    let window = r.window(LONGEST_REVISION)?;
    let mut fields = Slice(window);
    let revision = decode_revision(&mut fields, days)?;
    let used = window.len() - fields.0.len();
    r.pos += used;
    Some(revision)
}

fn decode_store(r: &mut Cursor, plan: &Plan) -> Option<Store> {
    let mut store = Store::default();
    let n = r.count(22)?;
    store.revisions.reserve(n);
    let mut days = Days::default();
    for _ in 0..n {
        store.revisions.push(next_revision(r, &mut days)?);
    }
    for _ in 0..r.count(4)? {
        store.notes.push(r.text()?.into_boxed_str());
    }
    for _ in 0..r.count(20)? {
        let start = r.u32()?;
        let [file, hash, recorded, by] = [r.text()?, r.text()?, r.text()?, r.text()?];
        let [via_file, via_hash, via_recorded, via_by] =
            [r.text()?, r.text()?, r.text()?, r.text()?];
        let origin = Origin {
            file,
            hash,
            recorded,
            by,
            via: (!via_hash.is_empty()).then_some(Via {
                file: via_file,
                hash: via_hash,
                recorded: via_recorded,
                by: via_by,
            }),
        };
        store.origins.push((start, origin));
    }
    for _ in 0..r.count(4)? {
        let hash = r.text()?;
        store
            .hash_ids
            .insert(hash.clone(), store.hashes.len() as u32);
        store.hashes.push(hash);
    }
    for _ in 0..r.count(21)? {
        let line = r.u64()?;
        let [unit, period, indicator] = [r.text()?, r.text()?, r.text()?];
        let known_unit = r.u8()? == 1;
        store.orphans.push(Orphan {
            line,
            unit,
            period,
            indicator,
            known_unit,
        });
    }
    if !consistent(&store, plan) {
        return None;
    }
    super::index_all(
        &store.revisions,
        &mut store.figures_of,
        &mut store.withdrawn_last,
    );
    Some(store)
}

/// Every number in the store points where it may: keys into the plan, notes,
/// sources, origins.
fn consistent(store: &Store, plan: &Plan) -> bool {
    let sources = store.hashes.len() as u32;
    let revisions = store.revisions.len() as u32;
    let key_ok = |packed: u64| {
        let key = Key::unpack(packed);
        key.pack() == packed
            && plan.units.get(key.unit as usize).is_some()
            && match key.indicator {
                None => key.group == 0,
                Some(i) => plan
                    .indicators
                    .get(i as usize)
                    .is_some_and(|ind| key.group <= ind.group_count(plan)),
            }
    };
    let revisions_ok = store.revisions.iter().all(|r| {
        key_ok(r.packed_key)
            && (r.note == crate::domain::revision::NO_NOTE || (r.note as usize) < store.notes.len())
            && r.source < sources
            && match r.withdraws() {
                Some(Withdraws::Source(s)) => s < sources,
                _ => true,
            }
    });
    let origins_ok = store.origins.first().is_none_or(|(start, _)| *start == 0)
        && store
            .origins
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[1].0 < revisions);
    revisions_ok && origins_ok && (revisions == 0 || !store.origins.is_empty())
}

/// Days from the common era as dates, the last one kept: rows come in runs sent
/// on the same day, and converting a day is a good part of decoding a revision.
#[derive(Default)]
struct Days(Option<(u32, NaiveDate)>);

impl Days {
    fn date(&mut self, n: u32) -> Option<NaiveDate> {
        match self.0 {
            Some((last, date)) if last == n => Some(date),
            _ => {
                let date = NaiveDate::from_num_days_from_ce_opt(n as i32)?;
                self.0 = Some((n, date));
                Some(date)
            }
        }
    }
}

fn decode_revision(r: &mut impl Fields, days: &mut Days) -> Option<Revision> {
    let key = Key::unpack(r.u64()?);
    let submitted = days.date(r.u32()?)?;
    let (note, source) = (r.u32()?, r.u32()?);
    let withdraws = match r.u8()? {
        0 => None,
        1 => Some(Withdraws::Key),
        2 => Some(Withdraws::Source(r.u32()?)),
        _ => return None,
    };
    let figure = match r.u8()? {
        0 => Figure::Blank,
        1 => Figure::Narrative,
        2 => Figure::YesNo(false),
        3 => Figure::YesNo(true),
        4 => Figure::Number(r.f64()?),
        5 => Figure::Ratio {
            numerator: r.f64()?,
            denominator: r.f64()?,
        },
        _ => return None,
    };
    Some(match withdraws {
        None => Revision::figure(&key, figure, submitted, note, source),
        Some(w) => Revision::withdrawal(&key, w, submitted, note, source),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fields that straddle the chunks the cursor reads in come back whole, a
    /// field longer than a chunk too, and the digest covers every byte.
    #[test]
    fn the_cursor_reads_fields_across_chunks() {
        let long = vec![7u8; CHUNK + 3];
        let mut body = Vec::new();
        // Enough 12-byte records that some straddle every chunk boundary.
        let records = 3 * CHUNK / 12 + 5;
        for n in 0..records as u64 {
            put_u64(&mut body, n).unwrap();
            put_u32(&mut body, n as u32 ^ 0xA5A5).unwrap();
        }
        put_bytes(&mut body, &long).unwrap();
        put_u64(&mut body, u64::MAX).unwrap();
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("body");
        fs::write(&path, &body).unwrap();

        let mut r = Cursor::new(File::open(&path).unwrap(), body.len() as u64);
        for n in 0..records as u64 {
            assert_eq!(r.u64(), Some(n));
            assert_eq!(r.u32(), Some(n as u32 ^ 0xA5A5));
        }
        assert_eq!(r.bytes(), Some(long));
        assert_eq!(r.left(), 8);
        assert_eq!(r.count(1), None, "more items than bytes left");
        assert_eq!(r.left(), 0);
        assert_eq!(r.u8(), None, "nothing past the end");
        assert_eq!(r.digest(), <[u8; 32]>::from(Sha256::digest(&body)));
    }

    /// Revisions of every length, enough that some straddle every chunk boundary,
    /// decode to what was encoded.
    #[test]
    fn revisions_decode_across_chunks() {
        let day = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        let revisions: Vec<Revision> = (0..100_000u32)
            .map(|n| {
                let key = Key {
                    unit: (n % 7) as u16,
                    period: crate::domain::period::Period::Year(2021 + (n % 5) as i32),
                    indicator: Some((n % 3) as u16),
                    group: 0,
                };
                let day = day + chrono::Days::new(u64::from(n % 11));
                match n % 5 {
                    0 => Revision::figure(&key, Figure::Blank, day, n, 1),
                    1 => Revision::figure(&key, Figure::Number(f64::from(n)), day, 2, 3),
                    2 => Revision::withdrawal(&key, Withdraws::Source(n), day, 4, 5),
                    3 => Revision::withdrawal(&key, Withdraws::Key, day, 6, 7),
                    _ => Revision::figure(
                        &key,
                        Figure::Ratio {
                            numerator: f64::from(n),
                            denominator: f64::from(n + 1),
                        },
                        day,
                        8,
                        9,
                    ),
                }
            })
            .collect();
        let mut body = Vec::new();
        for r in &revisions {
            encode_revision(&mut body, r).unwrap();
        }
        assert!(body.len() > 2 * CHUNK);
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("body");
        fs::write(&path, &body).unwrap();
        let mut r = Cursor::new(File::open(&path).unwrap(), body.len() as u64);
        let mut days = Days::default();
        for revision in &revisions {
            assert_eq!(next_revision(&mut r, &mut days).as_ref(), Some(revision));
        }
        assert_eq!(r.left(), 0);
        assert_eq!(next_revision(&mut r, &mut days), None);
    }
}

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

const MAGIC: &[u8; 8] = b"GPINDEX2";

/// Bytes of the data file just before the commit, recorded and compared.
const END_BYTES: usize = 32;

/// Data files smaller than this are read whole every time (a district's takes
/// milliseconds); larger ones get an index.
pub const INDEXED_FROM: u64 = 4 << 20;

/// When more than this was read after the index's commit, the index is rebuilt.
pub const REBUILT_AFTER: u64 = 4 << 20;

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
    let mut head = [0u8; MAGIC.len() + 32];
    file.read_exact(&mut head).ok()?;
    let (magic, digest) = head.split_at(MAGIC.len());
    if magic != MAGIC {
        return None;
    }
    let mut r = Cursor::new(file, len.checked_sub(head.len() as u64)?);
    let store = read_body(&mut r, data, now, plan)?;
    // Nothing read is used unless the whole body is what was written.
    (r.digest() == digest).then_some(store)
}

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
/// is only a slower next read.
pub fn write(real: &Path, data: &File, then: FileState, plan: &Plan, store: &Store) {
    // Only a file of the layout written now: a v4 file is read whole until its
    // next write upgrades it.
    let Some(commit) = store.commit.filter(|c| c.latest) else {
        return;
    };
    let Some(recorded_end) = end_bytes(data, commit.end) else {
        return;
    };
    let mut body = Vec::with_capacity(store.revisions.len() * 40 + 4096);
    body.extend_from_slice(&fingerprint(plan));
    for n in [then.dev, then.ino, then.len, then.modified.0 as u64] {
        put_u64(&mut body, n);
    }
    put_u32(&mut body, then.modified.1);
    put_u64(&mut body, commit.end);
    put_u64(&mut body, commit.line);
    body.extend_from_slice(&commit.checksum);
    put_bytes(&mut body, &recorded_end);
    encode_store(&mut body, store);
    let digest = Sha256::digest(&body);
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
        file.write_all(&digest)?;
        file.write_all(&body)?;
        drop(file);
        fs::rename(&temp, &path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
}

/// Whether a file starts as an index does (or is empty): what the tool writes into
/// a temporary index first.
pub fn starts_as_index(head: &[u8]) -> bool {
    MAGIC.starts_with(head) || head.starts_with(MAGIC)
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

fn encode_store(out: &mut Vec<u8>, store: &Store) {
    put_u64(out, store.revisions.len() as u64);
    for revision in &store.revisions {
        encode_revision(out, revision);
    }
    put_u64(out, store.notes.len() as u64);
    for note in &store.notes {
        put_bytes(out, note.as_bytes());
    }
    put_u64(out, store.origins.len() as u64);
    for (start, origin) in &store.origins {
        put_u32(out, *start);
        for text in [&origin.file, &origin.hash, &origin.recorded, &origin.by] {
            put_bytes(out, text.as_bytes());
        }
        // The other office's data file the rows came through: empty texts if none.
        let via = origin.via.as_ref();
        for text in via.map_or([""; 4], |v| [&v.file, &v.hash, &v.recorded, &v.by]) {
            put_bytes(out, text.as_bytes());
        }
    }
    put_u64(out, store.hashes.len() as u64);
    for hash in &store.hashes {
        put_bytes(out, hash.as_bytes());
    }
    put_u64(out, store.orphans.len() as u64);
    for orphan in &store.orphans {
        put_u64(out, orphan.line);
        for text in [&orphan.unit, &orphan.period, &orphan.indicator] {
            put_bytes(out, text.as_bytes());
        }
        out.push(u8::from(orphan.known_unit));
    }
}

fn encode_revision(out: &mut Vec<u8>, revision: &Revision) {
    put_u64(out, revision.packed_key);
    put_u32(out, revision.submitted.num_days_from_ce() as u32);
    put_u32(out, revision.note);
    put_u32(out, revision.source);
    match revision.withdraws() {
        None => out.push(0),
        Some(Withdraws::Key) => out.push(1),
        Some(Withdraws::Source(source)) => {
            out.push(2);
            put_u32(out, source);
        }
    }
    match revision.figure {
        Figure::Blank => out.push(0),
        Figure::Narrative => out.push(1),
        Figure::YesNo(false) => out.push(2),
        Figure::YesNo(true) => out.push(3),
        Figure::Number(v) => {
            out.push(4);
            put_u64(out, v.to_bits());
        }
        Figure::Ratio {
            numerator,
            denominator,
        } => {
            out.push(5);
            put_u64(out, numerator.to_bits());
            put_u64(out, denominator.to_bits());
        }
    }
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

    /// The SHA-256 of every byte read.
    fn digest(self) -> [u8; 32] {
        self.hasher.finalize().into()
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
    if r.left() != 0 || !consistent(&store, plan) {
        return None;
    }
    for (index, revision) in store.revisions.iter().enumerate() {
        super::index_revision(
            &mut store.figures_of,
            &mut store.withdrawn_last,
            index as u32,
            revision,
        );
    }
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
            put_u64(&mut body, n);
            put_u32(&mut body, n as u32 ^ 0xA5A5);
        }
        put_bytes(&mut body, &long);
        put_u64(&mut body, u64::MAX);
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
        revisions.iter().for_each(|r| encode_revision(&mut body, r));
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

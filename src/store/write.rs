//! Writing the data file: rows in the current layout (`RowWriter`), under the
//! lock, appended after the last commit or written as a whole copy (an earlier
//! layout upgraded), and the index kept current after a big write.

use super::*;

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
    pub(super) csv: csv::Writer<W>,
    pub(super) plan: &'a Plan,
    pub(super) stamp: &'a Stamp,
    pub(super) number: [String; 3],
    pub(super) chain: Chain,
    pub(super) pending: [Vec<u8>; CHECKSUM],
    pub(super) has_pending: bool,
    pub(super) added: Option<Store>,
    /// The line the next row starts on.
    pub(super) line: u64,
    /// The line the last row written started on.
    pub(super) last_line: u64,
}

/// What a write added, as the store reads it back, and its commit.
pub(super) struct Written {
    pub(super) added: Store,
    pub(super) commit: Commit,
}

impl<'a, W: Write> RowWriter<'a, W> {
    pub(super) fn new(out: W, plan: &'a Plan, stamp: &'a Stamp, chain: Chain) -> Self {
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
    pub(super) fn keeping(mut self, line: u64) -> Self {
        self.added = Some(Store::default());
        self.line = line;
        self
    }

    /// Writes the row waiting, if any, as the write's commit, and flushes. Returns
    /// the rows kept, with the commit (its end is the caller's to say).
    pub(super) fn finish(mut self) -> io::Result<Option<(Store, Commit)>> {
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

    pub(super) fn write_pending(&mut self, commit: bool) -> io::Result<()> {
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

    pub(super) fn row(
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
    pub(super) fn figure_as_read(&self, key: &Key, is_figure: bool) -> Figure {
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
pub(super) fn read_note(note: &str) -> Option<&str> {
    (!note.is_empty()).then_some(note)
}

/// What a withdrawal takes back, as the store reads its `withdraws` cell.
pub(super) fn read_target(withdraws: &[u8]) -> Option<Target<'_>> {
    match withdraws {
        b"" => None,
        b"*" => Some(Target::Key),
        hash => Some(Target::Source(
            std::str::from_utf8(hash).unwrap_or_default(),
        )),
    }
}

pub(super) fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// A cell quoted so that a spreadsheet runs none ([`text::quote_cell`]).
pub(super) fn quoted(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
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
pub(super) fn write_row(
    csv: &mut csv::Writer<impl Write>,
    chain: &mut Chain,
    as_written: [&[u8]; CHECKSUM],
    commit: bool,
) -> io::Result<()> {
    let checksum = *chain.next(&as_written, commit);
    csv.write_record(as_written.iter().copied().chain([&checksum[..]]))?;
    Ok(())
}

pub(super) fn write_period(out: &mut impl Write, period: Period) -> io::Result<()> {
    write!(out, "{period}")
}

/// Holds the data file's lock; released when dropped.
pub struct Lock {
    pub(super) _file: File,
    /// The language of the messages of the writes made under it.
    pub(super) lang: Lang,
}

pub(super) fn lock_path(data: &Path) -> PathBuf {
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
pub(super) fn remove_stale_temporaries(data: &Path) {
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
pub(super) fn starts_as(path: &Path, ours: impl Fn(&[u8]) -> bool) -> bool {
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
pub(super) fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(all(debug_assertions, unix))]
    if std::env::var_os("GENDER_PLAN_TEST_FAIL_FOLDER_SYNC").is_some() {
        return Err(io::Error::from_raw_os_error(libc::EIO));
    }
    File::open(folder)?.sync_all()
}

pub(super) fn folder_of(path: &Path) -> PathBuf {
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
    pub(super) fn commit(&self) -> Option<Commit> {
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
pub(super) struct Writing<'a> {
    pub(super) plan: &'a Plan,
    pub(super) stamp: &'a Stamp,
    pub(super) lang: Lang,
    pub(super) keep: bool,
}

/// Writes the index for the commit a write ended at (the store as loaded, then
/// the rows it added), when the write would otherwise leave it more than
/// `indexing.behind` behind. Best effort, as every writing of the index: the
/// data file is already written and synced, and a missing index is only a slower
/// next read.
pub(super) fn follow_with_index(
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
pub(super) fn append_in_place(
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
pub(super) fn write_copy(
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
pub(super) struct Lines<'w, W: Write> {
    pub(super) out: &'w mut W,
    pub(super) count: u64,
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
pub(super) fn copy_existing(
    path: &Path,
    out: &mut impl Write,
    upto: Option<u64>,
) -> io::Result<Chain> {
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
pub(super) fn last_checksum(tail: &[u8]) -> Chain {
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
pub(super) fn earlier_layout(file: &mut File) -> io::Result<Option<Layout>> {
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
pub(super) fn upgrade(
    existing: impl Read,
    layout: Layout,
    out: &mut impl Write,
) -> io::Result<Chain> {
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

pub(super) fn write_header(out: &mut impl Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut header = csv::Writer::from_writer(out);
    header.write_record(HEADER)?;
    header.flush()?;
    Ok(())
}

/// A day as the data file writes it, `2025-06-05`, without going through chrono's
/// format strings (about 5 % of an ingest's time was spent there). A year outside
/// 0–9999 goes through chrono into the same ten bytes, as before.
pub(super) fn iso_day(day: NaiveDate) -> [u8; 10] {
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

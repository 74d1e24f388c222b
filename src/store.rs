//! The data file: an append-only log of revisions, as CSV a spreadsheet can open.
//!
//! Every accepted figure becomes a revision; a correction adds a revision and
//! never rewrites one. The current value of a (unit, period, indicator) is its
//! latest revision. Writes are atomic (a complete new file is renamed over the
//! old one), so a crash leaves the state before or after, never half a row; a
//! lock file serialises concurrent writers.

use crate::diagnostic::{Diagnostic, Rejected};
use crate::domain::figure::{Figure, Key};
use crate::domain::measure::Measure;
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::tr;
use anyhow::Context as _;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

pub const HEADER: [&str; 11] = [
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

/// Excel shows UTF-8 CSV correctly only with a byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Revision {
    /// [`Key::pack`]ed: 8 bytes instead of 16, with millions of revisions.
    pub packed_key: u64,
    pub figure: Figure,
    pub submitted: NaiveDate,
    /// Index into the store's notes, or [`NO_NOTE`].
    pub note: u32,
}

pub const NO_NOTE: u32 = u32::MAX;

impl Revision {
    pub fn key(&self) -> Key {
        Key::unpack(self.packed_key)
    }
}

/// Where a revision came from: the file's name and a hash of its content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub file: String,
    pub hash: String,
}

/// The recorded revisions. Revisions are kept compact (40 bytes): what many share
/// (the source file, when it was recorded) is kept once per run of revisions.
#[derive(Debug, Default)]
pub struct Store {
    pub revisions: Vec<Revision>,
    notes: Vec<Box<str>>,
    /// (index of the first revision from this source, source), in order.
    sources: Vec<(u32, Source)>,
    /// (index of the first revision recorded then, RFC 3339 time), in order.
    recorded: Vec<(u32, String)>,
    /// Key → index of its latest revision.
    current: CurrentIndex,
}

/// Where each key's latest revision is. Keys are dense (every contributor reports
/// every period of the plan), so most live in a flat array laid out as
/// indicator × period × unit: looking up the contributors of one indicator for one
/// period reads consecutive slots, with no hashing. Keys outside the plan's years
/// go to a hash map.
#[derive(Debug, Default)]
struct CurrentIndex {
    units: usize,
    first_year: i32,
    years: usize,
    slots: Vec<u32>,
    overflow: FxHashMap<u64, u32>,
    count: usize,
}

const NONE: u32 = u32::MAX;
/// Year, H1, H2, Q1–Q4.
const PERIODS_PER_YEAR: usize = 7;
/// Above this many slots (4 bytes each) the flat array is not worth its memory.
const MAX_SLOTS: usize = 1 << 27;

impl CurrentIndex {
    fn for_plan(plan: &Plan) -> CurrentIndex {
        let units = plan.units.len();
        let years = (plan.meta.end_year - plan.meta.start_year + 1).max(0) as usize;
        // One more indicator slot for narrative reports.
        let size = units * (plan.indicators.len() + 1) * years * PERIODS_PER_YEAR;
        CurrentIndex {
            units,
            first_year: plan.meta.start_year,
            years,
            slots: if size <= MAX_SLOTS {
                vec![NONE; size]
            } else {
                Vec::new()
            },
            overflow: FxHashMap::default(),
            count: 0,
        }
    }

    fn slot(&self, key: &Key) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let year = usize::try_from(key.period.year() - self.first_year)
            .ok()
            .filter(|y| *y < self.years)?;
        let period = match key.period {
            Period::Year(_) => 0,
            Period::Half(_, h) => usize::from(h),
            Period::Quarter(_, q) => 2 + usize::from(q),
        };
        let indicator = key.indicator.map_or(0, |i| usize::from(i) + 1);
        let unit = usize::from(key.unit);
        (unit < self.units).then(|| {
            ((indicator * self.years + year) * PERIODS_PER_YEAR + period) * self.units + unit
        })
    }

    fn get(&self, key: &Key) -> Option<u32> {
        let found = match self.slot(key) {
            Some(slot) => self.slots[slot],
            None => *self.overflow.get(&key.pack())?,
        };
        (found != NONE).then_some(found)
    }

    fn set(&mut self, key: &Key, index: u32) {
        let earlier = match self.slot(key) {
            Some(slot) => std::mem::replace(&mut self.slots[slot], index),
            None => self.overflow.insert(key.pack(), index).unwrap_or(NONE),
        };
        if earlier == NONE {
            self.count += 1;
        }
    }
}

impl Store {
    /// The index of the latest revision of a key.
    pub fn current_index(&self, key: &Key) -> Option<usize> {
        self.current.get(key).map(|i| i as usize)
    }

    /// The latest revision of a key.
    pub fn current(&self, key: &Key) -> Option<&Revision> {
        self.current_index(key).map(|i| &self.revisions[i])
    }

    pub fn current_count(&self) -> usize {
        self.current.count
    }

    pub fn note(&self, revision: &Revision) -> Option<&str> {
        self.notes.get(revision.note as usize).map(|n| &**n)
    }

    /// The source of the revision at `index`.
    pub fn source(&self, index: usize) -> &Source {
        let run = self
            .sources
            .partition_point(|(start, _)| *start as usize <= index);
        &self.sources[run - 1].1
    }

    fn push(&mut self, revision: Revision) {
        let index = self.revisions.len() as u32;
        self.current.set(&revision.key(), index);
        self.revisions.push(revision);
    }

    /// Reads the data file; a missing file is an empty store. A damaged file is
    /// refused with its line, never repaired.
    pub fn load(path: &Path, plan: &Plan, lang: Lang) -> anyhow::Result<Store> {
        let Some(file) = open_data_file(path, lang)? else {
            return Ok(Store::default());
        };
        let size = file.metadata().map_or(0, |m| m.len());
        let input = io::BufReader::with_capacity(1 << 16, file);
        parse(input, size, &path.display().to_string(), plan, lang)
            .map_err(|d| Rejected(vec![d]).into())
    }
}

/// The data file, or None when there is none yet (nothing recorded).
fn open_data_file(path: &Path, lang: Lang) -> anyhow::Result<Option<File>> {
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

fn damaged(file: &str, line: u64, message: String, lang: Lang) -> Diagnostic {
    Diagnostic::new(file, message)
        .at_line(line as usize)
        .hint(tr!(
            lang,
            "the data file is written only by `gender-plan ingest`; restore it from a backup, or undo the edit made to this line",
            "tệp dữ liệu chỉ do `gender-plan ingest` ghi; hãy khôi phục từ bản sao lưu, hoặc hoàn tác sửa đổi ở dòng này"
        ))
}

/// One revision as read from the data file, borrowing its text.
pub struct Parsed<'a> {
    pub packed_key: u64,
    pub figure: Figure,
    pub submitted: NaiveDate,
    pub note: Option<&'a str>,
    pub source_file: &'a str,
    pub source_hash: &'a str,
    pub recorded: &'a str,
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
    let mut store = Store {
        current: CurrentIndex::for_plan(plan),
        ..Store::default()
    };
    // Rows are about 90 bytes; reserving avoids copying the vector as it grows.
    store.revisions.reserve((size / 80) as usize);
    read_revisions(input, file, plan, lang, |parsed| {
        let index = store.revisions.len() as u32;
        let note = match parsed.note {
            None => NO_NOTE,
            Some(note) => {
                store.notes.push(note.into());
                (store.notes.len() - 1) as u32
            }
        };
        let same_source = store
            .sources
            .last()
            .is_some_and(|(_, s)| s.file == parsed.source_file && s.hash == parsed.source_hash);
        if !same_source {
            store.sources.push((
                index,
                Source {
                    file: parsed.source_file.to_string(),
                    hash: parsed.source_hash.to_string(),
                },
            ));
        }
        if store
            .recorded
            .last()
            .is_none_or(|(_, r)| r != parsed.recorded)
        {
            store.recorded.push((index, parsed.recorded.to_string()));
        }
        store.push(Revision {
            packed_key: parsed.packed_key,
            figure: parsed.figure,
            submitted: parsed.submitted,
            note,
        });
    })?;
    Ok(store)
}

/// Streams the data file through `visit` without keeping it: what ingest needs
/// to compare a submission with what is recorded, in little memory.
pub fn scan(path: &Path, plan: &Plan, lang: Lang, visit: impl FnMut(Parsed)) -> anyhow::Result<()> {
    let Some(file) = open_data_file(path, lang)? else {
        return Ok(());
    };
    let input = io::BufReader::with_capacity(1 << 16, file);
    read_revisions(input, &path.display().to_string(), plan, lang, visit)
        .map_err(|d| Rejected(vec![d]).into())
}

/// Reads and checks every row of the data file (the byte-order mark, if any, is
/// skipped by the csv reader), handing each to `visit`.
fn read_revisions(
    input: impl io::Read,
    file: &str,
    plan: &Plan,
    lang: Lang,
    mut visit: impl FnMut(Parsed),
) -> Result<(), Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let units: FxHashMap<&[u8], u16> = plan
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_bytes(), i as u16))
        .collect();
    let indicators: FxHashMap<&[u8], u16> = plan
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.as_bytes(), i as u16))
        .collect();
    let mut dates: FxHashMap<[u8; 10], NaiveDate> = FxHashMap::default();
    let mut periods: FxHashMap<Vec<u8>, Period> = FxHashMap::default();
    let mut last_unit: Option<(Vec<u8>, u16)> = None;
    // recorded_at, source_file, source_hash of the row before.
    let mut last_origin: Option<[String; 3]> = None;
    let mut record = csv::ByteRecord::new();

    match reader.read_byte_record(&mut record) {
        Ok(true) if record.iter().eq(HEADER.iter().map(|h| h.as_bytes())) => {}
        Ok(false) => return Ok(()),
        Ok(true) | Err(_) => {
            return Err(damaged(
                file,
                1,
                tr!(
                    lang,
                    "this is not a gender-plan data file: the first line must be {}",
                    "đây không phải tệp dữ liệu của gender-plan: dòng đầu phải là {}",
                    HEADER.join(",")
                ),
                lang,
            ));
        }
    }
    fn text(field: &[u8]) -> Option<&str> {
        std::str::from_utf8(field).ok()
    }
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(damaged(
                    file,
                    line,
                    tr!(lang, "damaged row: {e}", "dòng bị hỏng: {e}"),
                    lang,
                ));
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let bad = |what: String| damaged(file, line, what, lang);
        if record.len() != HEADER.len() {
            let n = record.len();
            return Err(bad(tr!(
                lang,
                "damaged row: {n} fields instead of {}",
                "dòng bị hỏng: {n} trường thay vì {}",
                HEADER.len()
            )));
        }
        let field = |i: usize| &record[i];
        // Rows come in runs of one unit, one source, one ingest: what equals the
        // row before is not looked up or checked again.
        let unit = match &last_unit {
            Some((id, unit)) if id.as_slice() == field(1) => *unit,
            _ => {
                let unit = *units.get(field(1)).ok_or_else(|| {
                    let id = String::from_utf8_lossy(field(1));
                    bad(tr!(
                        lang,
                        "unit \"{id}\" is not in the plan",
                        "đơn vị \"{id}\" không có trong kế hoạch"
                    ))
                })?;
                last_unit = Some((field(1).to_vec(), unit));
                unit
            }
        };
        let indicator = match field(3) {
            b"" => None,
            id => Some(*indicators.get(id).ok_or_else(|| {
                let id = String::from_utf8_lossy(id);
                bad(tr!(
                    lang,
                    "indicator \"{id}\" is not in the plan",
                    "chỉ tiêu \"{id}\" không có trong kế hoạch"
                ))
            })?),
        };
        let period = match periods.get(field(2)) {
            Some(p) => *p,
            None => {
                let p = text(field(2)).and_then(Period::parse).ok_or_else(|| {
                    bad(tr!(
                        lang,
                        "damaged period \"{}\"",
                        "kỳ bị hỏng \"{}\"",
                        String::from_utf8_lossy(field(2))
                    ))
                })?;
                periods.insert(field(2).to_vec(), p);
                p
            }
        };
        let submitted = {
            let raw = field(7);
            let cached = <[u8; 10]>::try_from(raw)
                .ok()
                .and_then(|k| dates.get(&k).copied());
            match cached {
                Some(d) => d,
                None => {
                    let d = text(raw)
                        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
                        .ok_or_else(|| {
                            bad(tr!(
                                lang,
                                "damaged date \"{}\"",
                                "ngày bị hỏng \"{}\"",
                                String::from_utf8_lossy(raw)
                            ))
                        })?;
                    if let Ok(k) = <[u8; 10]>::try_from(raw) {
                        dates.insert(k, d);
                    }
                    d
                }
            }
        };
        let number = |i: usize| -> Result<Option<f64>, Diagnostic> {
            match field(i) {
                b"" => Ok(None),
                raw => text(raw)
                    .and_then(|t| t.parse::<f64>().ok())
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| {
                        bad(tr!(
                            lang,
                            "damaged number \"{}\"",
                            "số bị hỏng \"{}\"",
                            String::from_utf8_lossy(raw)
                        ))
                    }),
            }
        };
        let figure = match indicator.map(|i| plan.indicators[i as usize].measure) {
            None => Figure::Narrative,
            Some(Measure::Ratio { .. }) => match (number(5)?, number(6)?) {
                (None, None) => Figure::Blank,
                (Some(numerator), Some(denominator)) => Figure::Ratio {
                    numerator,
                    denominator,
                },
                _ => {
                    return Err(bad(tr!(
                        lang,
                        "damaged row: a numerator without a denominator",
                        "dòng bị hỏng: có tử số mà không có mẫu số"
                    )));
                }
            },
            Some(Measure::YesNo) => match field(4) {
                b"" => Figure::Blank,
                b"yes" => Figure::YesNo(true),
                b"no" => Figure::YesNo(false),
                other => {
                    return Err(bad(tr!(
                        lang,
                        "damaged yes/no value \"{}\"",
                        "giá trị có/không bị hỏng \"{}\"",
                        String::from_utf8_lossy(other)
                    )));
                }
            },
            Some(_) => number(4)?.map_or(Figure::Blank, Figure::Number),
        };
        let note = match field(8) {
            b"" => None,
            raw => Some(text(raw).ok_or_else(|| {
                bad(tr!(
                    lang,
                    "the note is not UTF-8",
                    "ghi chú không phải UTF-8"
                ))
            })?),
        };
        let same_origin = last_origin.as_ref().is_some_and(|[r, f, h]| {
            field(0) == r.as_bytes() && field(9) == f.as_bytes() && field(10) == h.as_bytes()
        });
        if !same_origin {
            let source_hash = text(field(10)).unwrap_or_default();
            // Always 16 hex digits when written: anything else is a row cut short (a
            // truncated file ends inside its last field) or edited.
            if source_hash.len() != 16 || !source_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(tr!(
                    lang,
                    "damaged source hash \"{source_hash}\" (16 hex digits expected)",
                    "mã băm nguồn bị hỏng \"{source_hash}\" (cần 16 chữ số hệ 16)"
                )));
            }
            last_origin = Some([
                text(field(0)).unwrap_or_default().to_string(),
                text(field(9)).unwrap_or_default().to_string(),
                source_hash.to_string(),
            ]);
        }
        let [recorded, source_file, source_hash] = last_origin.as_ref().expect("set just above");
        visit(Parsed {
            packed_key: Key {
                unit,
                period,
                indicator,
            }
            .pack(),
            figure,
            submitted,
            note,
            source_file,
            source_hash,
            recorded,
        });
    }
    Ok(())
}

/// Writes revision rows in the data file's layout, reusing its buffers.
pub struct RowWriter<'a, W: Write> {
    csv: csv::Writer<W>,
    plan: &'a Plan,
    number: [String; 3],
}

impl<W: Write> RowWriter<'_, W> {
    /// Writes one revision.
    pub fn write(
        &mut self,
        recorded: &str,
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
        let mut period = [0u8; 8];
        let period = {
            let mut cursor = io::Cursor::new(&mut period[..]);
            let _ = write_period(&mut cursor, key.period);
            let len = cursor.position() as usize;
            &period[..len]
        };
        let mut date = [0u8; 10];
        {
            let mut cursor = io::Cursor::new(&mut date[..]);
            let _ = write!(cursor, "{}", submitted.format("%Y-%m-%d"));
        }
        let unit = self.plan.units[key.unit as usize].id.as_bytes();
        let indicator = key
            .indicator
            .map_or(&b""[..], |i| self.plan.indicators[i as usize].id.as_bytes());
        self.csv.write_record([
            recorded.as_bytes(),
            unit,
            period,
            indicator,
            value.as_bytes(),
            numerator.as_bytes(),
            denominator.as_bytes(),
            &date[..],
            note.as_bytes(),
            source.file.as_bytes(),
            source.hash.as_bytes(),
        ])?;
        Ok(())
    }
}

fn write_period(out: &mut impl Write, period: Period) -> io::Result<()> {
    write!(out, "{period}")
}

/// Holds the data file's lock; released when dropped.
pub struct Lock {
    _file: File,
}

fn lock_path(data: &Path) -> PathBuf {
    let mut name = data.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    data.with_file_name(name)
}

/// Takes the writer's lock on the data file, waiting for another ingest to finish.
pub fn lock(data: &Path, lang: Lang) -> anyhow::Result<Lock> {
    let path = lock_path(data);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| {
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
    Ok(Lock { _file: file })
}

/// A writer killed mid-write leaves its temporary copy behind. Temporaries are
/// written only under the lock, so once we hold it, any left are stale.
fn remove_stale_temporaries(data: &Path) {
    let Some(name) = data.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return;
    };
    let prefix = format!("{name}.tmp-");
    let folder = match data.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(entries) = fs::read_dir(&folder) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Adds rows after the existing data file, atomically: a complete copy is written
/// beside it, flushed to disk, and renamed over it. `write_rows` writes the new
/// rows; the caller holds the [`Lock`].
pub fn append(
    path: &Path,
    plan: &Plan,
    _lock: &Lock,
    write_rows: impl FnOnce(&mut RowWriter<&mut BufWriter<File>>) -> io::Result<()>,
) -> anyhow::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp_name = path.file_name().unwrap_or_default().to_os_string();
    temp_name.push(format!(".tmp-{}", std::process::id()));
    let temp = folder.join(temp_name);
    let result = (|| -> anyhow::Result<()> {
        let file = File::create(&temp)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        copy_existing(path, &mut out)?;
        {
            let mut rows = RowWriter {
                csv: csv::Writer::from_writer(&mut out),
                plan,
                number: Default::default(),
            };
            write_rows(&mut rows)?;
            rows.csv.flush()?;
        }
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable.
        if let Ok(dir) = File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.with_context(|| "cannot write the data file".to_string())
}

/// Copies the data file as it is into `out`, streaming. A missing or empty file
/// (created by hand, or a lone BOM) becomes a new one, header first; a file whose
/// last line lost its line break (an editor) gets one, so new rows start on a line
/// of their own.
fn copy_existing(path: &Path, out: &mut impl Write) -> io::Result<()> {
    let mut existing = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return write_header(out),
        Err(e) => return Err(e),
    };
    let size = existing.metadata()?.len();
    if size <= 64 {
        let mut small = Vec::new();
        existing.read_to_end(&mut small)?;
        let body = small.strip_prefix(BOM).unwrap_or(&small);
        if body.iter().all(u8::is_ascii_whitespace) {
            return write_header(out);
        }
        out.write_all(&small)?;
        if !small.ends_with(b"\n") {
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let copied = io::copy(&mut existing, out)?;
    existing.seek(io::SeekFrom::Start(copied - 1))?;
    let mut last = [0u8];
    existing.read_exact(&mut last)?;
    if last[0] != b'\n' {
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn write_header(out: &mut impl Write) -> io::Result<()> {
    out.write_all(BOM)?;
    let mut header = csv::Writer::from_writer(out);
    header.write_record(HEADER)?;
    header.flush()?;
    Ok(())
}

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
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
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

#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub key: Key,
    pub figure: Figure,
    pub submitted: NaiveDate,
    pub note: Option<Box<str>>,
    /// Index into [`Store::sources`].
    pub source: u32,
    /// Index into [`Store::recorded`].
    pub recorded: u32,
}

/// Where a revision came from: the file's name and a hash of its content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub file: String,
    pub hash: String,
}

#[derive(Debug, Default)]
pub struct Store {
    pub revisions: Vec<Revision>,
    pub sources: Vec<Source>,
    /// When each ingest ran (RFC 3339), shared by the revisions it recorded.
    pub recorded: Vec<String>,
    current: HashMap<Key, u32>,
}

impl Store {
    /// The latest revision of a key.
    pub fn current(&self, key: &Key) -> Option<&Revision> {
        self.current.get(key).map(|&i| &self.revisions[i as usize])
    }

    /// The latest revision of every key, in no particular order.
    pub fn current_revisions(&self) -> impl Iterator<Item = &Revision> {
        self.current.values().map(|&i| &self.revisions[i as usize])
    }

    pub fn push(&mut self, revision: Revision) {
        let index = self.revisions.len() as u32;
        self.current.insert(revision.key, index);
        self.revisions.push(revision);
    }

    pub fn intern_source(&mut self, source: Source) -> u32 {
        if let Some(i) = self.sources.iter().rposition(|s| *s == source) {
            return i as u32;
        }
        self.sources.push(source);
        (self.sources.len() - 1) as u32
    }

    pub fn intern_recorded(&mut self, when: String) -> u32 {
        if self.recorded.last() != Some(&when) {
            self.recorded.push(when);
        }
        (self.recorded.len() - 1) as u32
    }

    /// Reads the data file; a missing file is an empty store. A damaged file is
    /// refused with its line, never repaired.
    pub fn load(path: &Path, plan: &Plan, lang: Lang) -> anyhow::Result<Store> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => {
                return Err(e).with_context(|| {
                    tr!(
                        lang,
                        "cannot read the data file {}",
                        "không đọc được tệp dữ liệu {}",
                        path.display()
                    )
                });
            }
        };
        parse(&bytes, &path.display().to_string(), plan, lang).map_err(|d| Rejected(vec![d]).into())
    }
}

fn damaged(file: &str, line: u64, message: String, lang: Lang) -> Diagnostic {
    Diagnostic::new(file, message).at_line(line as usize).hint(tr!(
        lang,
        "the data file is written only by `gender-plan ingest`; restore it from a backup, or undo the edit made to this line",
        "tệp dữ liệu chỉ do `gender-plan ingest` ghi; hãy khôi phục từ bản sao lưu, hoặc hoàn tác sửa đổi ở dòng này"
    ))
}

/// Parses the data file's bytes.
pub fn parse(bytes: &[u8], file: &str, plan: &Plan, lang: Lang) -> Result<Store, Diagnostic> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let units: HashMap<&[u8], u16> = plan
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_bytes(), i as u16))
        .collect();
    let indicators: HashMap<&[u8], u16> = plan
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.as_bytes(), i as u16))
        .collect();
    let mut dates: HashMap<[u8; 10], NaiveDate> = HashMap::new();
    let mut periods: HashMap<Vec<u8>, Period> = HashMap::new();
    let mut store = Store::default();
    let mut record = csv::ByteRecord::new();

    match reader.read_byte_record(&mut record) {
        Ok(true) if record.iter().eq(HEADER.iter().map(|h| h.as_bytes())) => {}
        Ok(false) => return Ok(store),
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
        let unit = *units.get(field(1)).ok_or_else(|| {
            let id = String::from_utf8_lossy(field(1));
            bad(tr!(
                lang,
                "unit \"{id}\" is not in the plan",
                "đơn vị \"{id}\" không có trong kế hoạch"
            ))
        })?;
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
            raw => Some(Box::from(text(raw).ok_or_else(|| {
                bad(tr!(
                    lang,
                    "the note is not UTF-8",
                    "ghi chú không phải UTF-8"
                ))
            })?)),
        };
        let source_file = text(field(9)).unwrap_or_default();
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
        let source = match store.sources.last() {
            Some(s) if s.file == source_file && s.hash == source_hash => {
                (store.sources.len() - 1) as u32
            }
            _ => store.intern_source(Source {
                file: source_file.to_string(),
                hash: source_hash.to_string(),
            }),
        };
        let recorded_text = text(field(0)).unwrap_or_default();
        let recorded = match store.recorded.last() {
            Some(r) if r == recorded_text => (store.recorded.len() - 1) as u32,
            _ => store.intern_recorded(recorded_text.to_string()),
        };
        store.push(Revision {
            key: Key {
                unit,
                period,
                indicator,
            },
            figure,
            submitted,
            note,
            source,
            recorded,
        });
    }
    Ok(store)
}

/// The fields of one revision as written in the data file.
fn fields(plan: &Plan, store: &Store, r: &Revision) -> [String; 11] {
    let number = |v: f64| format!("{v}");
    let (value, numerator, denominator) = match r.figure {
        Figure::Blank | Figure::Narrative => (String::new(), String::new(), String::new()),
        Figure::Number(v) => (number(v), String::new(), String::new()),
        Figure::YesNo(b) => (
            (if b { "yes" } else { "no" }).to_string(),
            String::new(),
            String::new(),
        ),
        Figure::Ratio {
            numerator,
            denominator,
        } => (String::new(), number(numerator), number(denominator)),
    };
    let source = &store.sources[r.source as usize];
    [
        store.recorded[r.recorded as usize].clone(),
        plan.units[r.key.unit as usize].id.clone(),
        r.key.period.to_string(),
        r.key
            .indicator
            .map_or(String::new(), |i| plan.indicators[i as usize].id.clone()),
        value,
        numerator,
        denominator,
        r.submitted.to_string(),
        r.note.as_deref().unwrap_or("").to_string(),
        source.file.clone(),
        source.hash.clone(),
    ]
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

/// Writes the store's revisions from `first_new` on after the existing data file,
/// atomically: a complete copy is written beside it, flushed to disk, and renamed
/// over it. The caller holds the [`Lock`].
pub fn append(
    path: &Path,
    plan: &Plan,
    store: &Store,
    first_new: usize,
    _lock: &Lock,
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
        // The whole file was read by `Store::load` already, so reading it again
        // costs no more memory.
        let existing = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let body = existing.strip_prefix(BOM).unwrap_or(&existing);
        if body.iter().all(u8::is_ascii_whitespace) {
            // No file, or an empty one (created by hand, or a lone BOM): a new
            // file, header first.
            out.write_all(BOM)?;
            let mut header = csv::Writer::from_writer(&mut out);
            header.write_record(HEADER)?;
            header.flush()?;
        } else {
            // A data file with rows: keep it, and start the new rows on a line of
            // their own even if an editor dropped the final line break.
            out.write_all(&existing)?;
            if !existing.ends_with(b"\n") {
                out.write_all(b"\n")?;
            }
        }
        {
            let mut writer = csv::Writer::from_writer(&mut out);
            for revision in &store.revisions[first_new..] {
                writer.write_record(fields(plan, store, revision))?;
            }
            writer.flush()?;
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

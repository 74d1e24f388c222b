//! One unit's CSV submission, from bytes to validated rows.
//!
//! Reading happens in two passes. The first reads every row, recognising units,
//! periods and indicators and reading numbers that are unambiguous on their own;
//! the second settles the file's number convention (decimal comma or dot) from
//! all its numbers, then resolves the ambiguous ones and checks values against
//! their indicator. Every problem is collected, so the clerk fixes a file once.

use super::decode::{DecodeError, decode};
use super::fields::{detect_delimiter, fold, parse_date, parse_yes_no};
use super::names::{IndicatorIds, UnitNames};
use super::number::{Decimal, NumberError, Settled, Tally, parse_number};
use crate::diagnostic::Diagnostic;
use crate::domain::attainment::settle;
use crate::domain::figure::{Figure, Key, MAX_DIGITS};
use crate::domain::measure::{Frequency, Measure};
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::plan::{Plan, format_number};
use crate::store::NO_NOTE;
use crate::text::excerpt;
use crate::tr;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// At most this many problems are listed per file; a file this wrong is usually
/// wrong the same way on every line.
const MAX_PROBLEMS: usize = 50;

/// The largest submission read, in bytes: a national file of two million rows is
/// about 80 MB; a district's report is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The longest cell, in characters: Excel's own limit for a cell.
pub const MAX_CELL_CHARS: usize = 32_767;

pub struct ReadOptions {
    pub windows1258: bool,
    pub decimal: Option<Decimal>,
    /// Date the file was received, for rows without a `submitted` date.
    pub received: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub lang: Lang,
}

/// A validated row: 48 bytes, as a national submission has millions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// [`Key::pack`]ed.
    pub packed_key: u64,
    pub figure: Figure,
    pub submitted: NaiveDate,
    /// Index into [`Submission::notes`], or [`NO_NOTE`].
    pub note: u32,
    pub line: u32,
}

impl Row {
    pub fn key(&self) -> Key {
        Key::unpack(self.packed_key)
    }
}

/// A file that passed every check.
#[derive(Debug)]
pub struct Submission {
    pub file: String,
    /// First 16 hex digits of the SHA-256 of the file's bytes.
    pub hash: String,
    /// In the file's order.
    pub rows: Vec<Row>,
    pub notes: Vec<Box<str>>,
    /// How many rows had no submitted date and were given `--received` (or, without
    /// it, the as-of date).
    pub undated: usize,
}

impl Submission {
    pub fn note(&self, row: &Row) -> Option<&str> {
        self.notes.get(row.note as usize).map(|n| &**n)
    }
}

/// The columns a submission may have; matched by folded header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Unit,
    Period,
    Indicator,
    Value,
    Numerator,
    Denominator,
    Submitted,
    Note,
    Group,
}

const COLUMN_NAMES: [(Column, &[&str]); 9] = [
    (Column::Unit, &["unit", "unit id", "don vi", "ma don vi"]),
    (Column::Period, &["period", "ky", "ky bao cao"]),
    (
        Column::Indicator,
        &["indicator", "indicator id", "chi tieu", "ma chi tieu"],
    ),
    (Column::Value, &["value", "gia tri"]),
    (Column::Numerator, &["numerator", "tu so"]),
    (Column::Denominator, &["denominator", "mau so"]),
    (
        Column::Submitted,
        &["submitted", "date submitted", "ngay gui"],
    ),
    (Column::Note, &["note", "notes", "ghi chu"]),
    (
        Column::Group,
        &["group", "nhom", "sex", "gioi tinh", "phan to"],
    ),
];

/// The header name people see for a column, in the given language.
fn column_label(column: Column, lang: Lang) -> &'static str {
    match column {
        Column::Unit => lang.pick("unit", "đơn vị"),
        Column::Period => lang.pick("period", "kỳ"),
        Column::Indicator => lang.pick("indicator", "chỉ tiêu"),
        Column::Value => lang.pick("value", "giá trị"),
        Column::Numerator => lang.pick("numerator", "tử số"),
        Column::Denominator => lang.pick("denominator", "mẫu số"),
        Column::Submitted => lang.pick("submitted", "ngày gửi"),
        Column::Note => lang.pick("note", "ghi chú"),
        Column::Group => lang.pick("group", "nhóm"),
    }
}

/// A number as read in the first pass.
#[derive(Debug, Clone)]
enum Num {
    Known(f64),
    /// Depends on the convention: (decimal comma reading, decimal dot reading, text).
    Ambiguous(f64, f64, Box<str>),
}

#[derive(Debug, Clone)]
enum Pending {
    Ready(Figure),
    Number(Num),
    Ratio(Num, Num),
}

/// Where in a row a number waits for the file's convention.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Value,
    Numerator,
    Denominator,
}

/// An ambiguous number ("1.234"), read once the whole file has been seen.
struct Deferred {
    row: u32,
    slot: Slot,
    comma: f64,
    dot: f64,
    text: Box<str>,
}

/// Hashes what passes through, so a streamed file is hashed without a second read.
struct Hashing<R> {
    inner: R,
    hasher: std::rc::Rc<std::cell::RefCell<Sha256>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.borrow_mut().update(&buf[..n]);
        Ok(n)
    }
}

fn count_lines(path: &Path) -> std::io::Result<usize> {
    let mut file = File::open(path)?;
    let mut buffer = vec![0u8; 1 << 18];
    let mut lines = 1;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(lines);
        }
        lines += buffer[..n].iter().filter(|&&b| b == b'\n').count();
    }
}

fn short_hash(hasher: Sha256) -> String {
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn invalid_utf8(file: &str, line: usize, column: usize, lang: Lang) -> Diagnostic {
    Diagnostic::new(
        file,
        tr!(
            lang,
            "not valid UTF-8 (byte {column} of the line)",
            "không phải mã UTF-8 hợp lệ (byte thứ {column} của dòng)"
        ),
    )
    .at_line(line)
    .hint(tr!(
        lang,
        "the file was probably saved by Excel as plain \"CSV\" on Vietnamese Windows: ingest it with --encoding windows-1258, or save it again as \"CSV UTF-8\"",
        "tệp có lẽ được Excel lưu dạng \"CSV\" thường trên Windows tiếng Việt: nhập với --encoding windows-1258, hoặc lưu lại dạng \"CSV UTF-8\""
    ))
}

/// A CSV record as text; bytes that are not UTF-8 are reported with the line and
/// the byte of the line where they start.
fn as_text(
    bytes: csv::ByteRecord,
    file: &str,
    lang: Lang,
) -> Result<csv::StringRecord, Diagnostic> {
    csv::StringRecord::from_byte_record(bytes).map_err(|e| {
        let (field, valid) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
        let record = e.into_byte_record();
        let line = record.position().map_or(1, |p| p.line()) as usize;
        let before: usize = record.iter().take(field).map(|f| f.len() + 1).sum();
        invalid_utf8(file, line, before + valid + 1, lang)
    })
}

struct Reader<'a> {
    file: &'a str,
    lang: Lang,
    problems: Vec<Diagnostic>,
    more_problems: usize,
    /// What the file's numbers show of its decimal convention.
    tally: Tally,
}

impl Reader<'_> {
    fn problem(&mut self, line: u32, message: String, hint: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(
                Diagnostic::new(self.file, message)
                    .at_line(line as usize)
                    .hint(hint),
            );
        } else {
            self.more_problems += 1;
        }
    }

    /// Reads a number cell; empty cells are None.
    fn number(
        &mut self,
        cell: &str,
        decimal: Option<Decimal>,
        line: u32,
        what: &str,
    ) -> Option<Option<Num>> {
        let lang = self.lang;
        let cell = cell.trim();
        if cell.is_empty() {
            return Some(None);
        }
        match parse_number(cell, decimal) {
            Ok(value) => {
                self.tally.observe(cell);
                Some(Some(Num::Known(value)))
            }
            Err(NumberError::Ambiguous {
                comma_decimal,
                dot_decimal,
            }) => Some(Some(Num::Ambiguous(
                comma_decimal,
                dot_decimal,
                cell.into(),
            ))),
            Err(NumberError::Empty) => Some(None),
            Err(NumberError::TooManyDigits { digits }) => {
                let shown = excerpt(cell);
                self.problem(
                    line,
                    tr!(
                        lang,
                        "the number \"{shown}\" has {digits} digits, more than the {MAX_DIGITS} a figure can hold exactly ({what})",
                        "số \"{shown}\" có {digits} chữ số, nhiều hơn {MAX_DIGITS} chữ số mà một số liệu có thể lưu chính xác ({what})"
                    ),
                    tr!(
                        lang,
                        "check the cell: a figure is at most 15 digits; a number this long is usually two cells run together or a code pasted by mistake",
                        "kiểm tra ô này: một số liệu có tối đa 15 chữ số; số dài như vậy thường là hai ô bị dính vào nhau hoặc một mã dán nhầm"
                    ),
                );
                None
            }
            Err(NumberError::NotANumber) => {
                self.problem(
                    line,
                    tr!(lang, "cannot read \"{cell}\" as a number ({what})", "không đọc được \"{cell}\" thành số ({what})", cell = excerpt(cell)),
                    tr!(
                        lang,
                        "write digits only, such as 1250, 1,7 or 45 %; leave the cell empty if there is nothing to report",
                        "chỉ viết chữ số, ví dụ 1250, 1,7 hoặc 45 %; để trống ô nếu không có số liệu"
                    ),
                );
                None
            }
        }
    }
}

/// Refuses what is not a regular file, or is larger than [`MAX_FILE_BYTES`].
fn check_size(file: &str, meta: &std::fs::Metadata, lang: Lang) -> Result<(), Vec<Diagnostic>> {
    if !meta.is_file() {
        return Err(vec![
            Diagnostic::new(
                file,
                tr!(
                    lang,
                    "not a regular file (a device, a pipe or a folder): only files are read",
                    "không phải tệp thường (thiết bị, ống hoặc thư mục): chỉ đọc các tệp"
                ),
            )
            .hint(tr!(
                lang,
                "give the path of the report file itself",
                "hãy chỉ đường dẫn của chính tệp báo cáo"
            )),
        ]);
    }
    if meta.len() > MAX_FILE_BYTES {
        let mb = meta.len() >> 20;
        let limit = MAX_FILE_BYTES >> 20;
        return Err(vec![
            Diagnostic::new(
                file,
                tr!(
                    lang,
                    "the file is {mb} MB, more than the {limit} MB a submission may be",
                    "tệp có dung lượng {mb} MB, lớn hơn mức {limit} MB cho phép của một báo cáo"
                ),
            )
            .hint(tr!(
                lang,
                "check that this is a report; split a very large one into several files",
                "kiểm tra đây có phải tệp báo cáo không; chia tệp quá lớn thành nhiều tệp"
            )),
        ]);
    }
    Ok(())
}

/// Text files hold no zero bytes: a file with some in its first block is UTF-16
/// without its byte-order mark (zeros at every other byte), or not text at all.
fn not_text(file: &str, head: &[u8], lang: Lang) -> Option<Diagnostic> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return None; // UTF-16 with its mark: zeros are expected
    }
    let first_zero = head.iter().position(|&b| b == 0)?;
    let pairs = head.len() / 2;
    let at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let utf16 = pairs > 0 && (at(0) * 3 >= pairs * 2 || at(1) * 3 >= pairs * 2);
    let (message, hint) = if utf16 {
        (
            tr!(
                lang,
                "the file looks like UTF-16 text without a byte-order mark",
                "tệp có vẻ là văn bản UTF-16 không có dấu thứ tự byte (BOM)"
            ),
            tr!(
                lang,
                "save it again as \"CSV UTF-8\" (or as \"Unicode Text\", which adds the mark)",
                "lưu lại tệp dạng \"CSV UTF-8\" (hoặc \"Unicode Text\", dạng này có dấu BOM)"
            ),
        )
    } else {
        (
            tr!(
                lang,
                "this is not a text file: it contains zero bytes",
                "đây không phải tệp văn bản: tệp chứa byte 0"
            ),
            tr!(
                lang,
                "send the report as a CSV file: in Excel, File > Save As > \"CSV UTF-8 (Comma delimited)\"",
                "gửi báo cáo dạng tệp CSV: trong Excel, chọn Tệp > Lưu thành > \"CSV UTF-8 (Comma delimited)\""
            ),
        )
    };
    let line = if utf16 {
        1
    } else {
        1 + head[..first_zero].iter().filter(|&&b| b == b'\n').count()
    };
    Some(Diagnostic::new(file, message).at_line(line).hint(hint))
}

/// A cell longer than [`MAX_CELL_CHARS`]: the column and its length, or None.
fn overlong_cell(record: &csv::StringRecord) -> Option<(usize, usize)> {
    record.iter().enumerate().find_map(|(i, cell)| {
        (cell.len() > MAX_CELL_CHARS)
            .then(|| cell.chars().count())
            .filter(|&n| n > MAX_CELL_CHARS)
            .map(|n| (i + 1, n))
    })
}

/// A cell spanning lines whose later lines look like rows of their own (two or
/// more delimiters), or that ends with a line break: a quote opened and not
/// closed where it should be, which swallowed the rows after it into one cell.
/// Returns the last line read into the record (the start line itself when the
/// quote is never closed and nothing follows it).
fn swallowed_rows(record: &csv::StringRecord, start: u32, delimiter: u8) -> Option<u32> {
    let delimiter = char::from(delimiter);
    let suspicious = |cell: &&str| {
        cell.contains('\n')
            && (cell.ends_with('\n')
                || cell
                    .split('\n')
                    .skip(1)
                    .any(|line| line.matches(delimiter).count() >= 2))
    };
    let last = record.iter().rev().find(|c| !c.is_empty())?;
    record.iter().find(suspicious)?;
    let breaks: usize = record.iter().map(|c| c.matches('\n').count()).sum();
    Some(start + breaks as u32 - u32::from(last.ends_with('\n')))
}

/// Reads and validates one submission file. `file` names it in diagnostics.
///
/// UTF-8 files (the common case) are streamed, so a large file is never held in
/// memory whole; UTF-16 and Windows-1258 files are decoded first.
pub fn read_submission(
    file: &str,
    path: &Path,
    plan: &Plan,
    units: &UnitNames,
    indicators: &IndicatorIds,
    options: &ReadOptions,
) -> Result<Submission, Vec<Diagnostic>> {
    let lang = options.lang;
    let cannot_read = |e: std::io::Error| {
        vec![
            Diagnostic::new(
                file,
                tr!(lang, "cannot read the file: {e}", "không đọc được tệp: {e}"),
            )
            .hint(tr!(
                lang,
                "check the file's name and that it is not open in another program",
                "kiểm tra tên tệp và tệp không bị chương trình khác mở"
            )),
        ]
    };
    // Only a regular file is opened: a fifo would block the run and a device
    // (a link to /dev/zero) would never end.
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    check_size(file, &meta, lang)?;
    let opened = File::open(path).map_err(cannot_read)?;
    let meta = opened.metadata().map_err(cannot_read)?;
    check_size(file, &meta, lang)?;
    let size = meta.len();
    let mut buffered = BufReader::with_capacity(1 << 16, opened.take(MAX_FILE_BYTES + 1));
    let head = buffered.fill_buf().map_err(cannot_read)?;
    // The commonest mistake of all: the workbook itself instead of a CSV export.
    if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(vec![
            Diagnostic::new(
                file,
                tr!(
                    lang,
                    "this is a spreadsheet workbook (Excel .xlsx/.xls or similar), not a CSV file",
                    "đây là tệp bảng tính (Excel .xlsx/.xls hoặc tương tự), không phải tệp CSV"
                ),
            )
            .at_line(1)
            .hint(tr!(
                lang,
                "open it in Excel and use File > Save As > \"CSV UTF-8 (Comma delimited)\", then ingest the .csv file",
                "mở tệp bằng Excel, chọn Tệp > Lưu thành > \"CSV UTF-8 (Comma delimited)\", rồi nhập tệp .csv"
            )),
        ]);
    }
    if let Some(problem) = not_text(file, head, lang) {
        return Err(vec![problem]);
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let utf8_bom = head.starts_with(b"\xEF\xBB\xBF");
    let hasher = std::rc::Rc::new(std::cell::RefCell::new(Sha256::new()));
    let (input, first_line): (Box<dyn Read>, String) =
        if utf16 || (options.windows1258 && !utf8_bom) {
            let mut bytes = Vec::new();
            buffered.read_to_end(&mut bytes).map_err(cannot_read)?;
            hasher.borrow_mut().update(&bytes);
            let text = match decode(bytes, options.windows1258) {
                Ok(decoded) => decoded.text,
                Err(DecodeError::InvalidUtf8 { line, column }) => {
                    return Err(vec![invalid_utf8(file, line, column, lang)]);
                }
                Err(DecodeError::InvalidUtf16 { line }) => {
                    return Err(vec![
                        Diagnostic::new(
                            file,
                            tr!(
                                lang,
                                "not valid UTF-16 text",
                                "không phải văn bản UTF-16 hợp lệ"
                            ),
                        )
                        .at_line(line)
                        .hint(tr!(
                            lang,
                            "save the file again as \"CSV UTF-8\"",
                            "lưu lại tệp dạng \"CSV UTF-8\""
                        )),
                    ]);
                }
            };
            let first_line = text.lines().next().unwrap_or("").to_string();
            (
                Box::new(std::io::Cursor::new(text.into_bytes())),
                first_line,
            )
        } else {
            let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
            let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
            let first_line = String::from_utf8_lossy(&head[..end]).into_owned();
            let input = Hashing {
                inner: buffered,
                hasher: hasher.clone(),
            };
            (Box::new(input), first_line)
        };
    let delimiter = detect_delimiter(&first_line);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(input);

    let mut reader = Reader {
        file,
        lang,
        problems: Vec::new(),
        more_problems: 0,
        tally: Tally::default(),
    };

    // The header row names the columns.
    let mut header_bytes = csv::ByteRecord::new();
    let headers = match csv.read_byte_record(&mut header_bytes) {
        Ok(_) => as_text(header_bytes, file, lang).map_err(|d| vec![d])?,
        Err(e) => {
            reader.problem(
                1,
                tr!(
                    lang,
                    "cannot read the header row: {e}",
                    "không đọc được dòng tiêu đề: {e}"
                ),
                header_hint(lang),
            );
            return Err(reader.problems);
        }
    };
    let mut columns: HashMap<usize, Column> = HashMap::new();
    let mut position: HashMap<Column, usize> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        let folded = fold(header);
        let Some((column, _)) = COLUMN_NAMES
            .iter()
            .find(|(_, names)| names.contains(&folded.as_str()))
        else {
            continue;
        };
        if let Some(&earlier) = position.get(column) {
            let label = column_label(*column, lang);
            reader.problem(
                1,
                tr!(
                    lang,
                    "columns {} and {} are both the \"{label}\" column",
                    "cột {} và cột {} đều là cột \"{label}\"",
                    earlier + 1,
                    index + 1
                ),
                tr!(
                    lang,
                    "keep one of them, or rename the other",
                    "giữ một cột, hoặc đổi tên cột kia"
                ),
            );
            continue;
        }
        columns.insert(index, *column);
        position.insert(*column, index);
    }
    if headers.iter().all(|h| h.trim().is_empty()) {
        reader.problem(
            1,
            tr!(
                lang,
                "the file is empty: there is no header row",
                "tệp trống: không có dòng tiêu đề"
            ),
            header_hint(lang),
        );
        return Err(reader.problems);
    }
    for required in [Column::Unit, Column::Period] {
        if !position.contains_key(&required) {
            let label = column_label(required, lang);
            let found = headers
                .iter()
                .map(|h| format!("\"{}\"", excerpt(h)))
                .collect::<Vec<_>>()
                .join(", ");
            reader.problem(
                1,
                tr!(
                    lang,
                    "no \"{label}\" column in the header row (found {found})",
                    "dòng tiêu đề không có cột \"{label}\" (chỉ có {found})"
                ),
                header_hint(lang),
            );
        }
    }
    if !reader.problems.is_empty() {
        return Err(reader.problems);
    }
    fn field<'r>(
        position: &HashMap<Column, usize>,
        record: &'r csv::StringRecord,
        column: Column,
    ) -> &'r str {
        position
            .get(&column)
            .and_then(|&i| record.get(i))
            .unwrap_or("")
    }

    // First pass: every row.
    // Reserved for the file's line count, so the vector is neither copied as it
    // grows nor much larger than needed (a quick pass over the file, which is in
    // the page cache by then).
    let lines = count_lines(path).unwrap_or((size / 30) as usize);
    let mut rows: Vec<Row> = Vec::with_capacity(lines);
    let mut notes: Vec<Box<str>> = Vec::new();
    let mut deferred: Vec<Deferred> = Vec::new();
    let mut unit_cache: FxHashMap<String, Option<u16>> = FxHashMap::default();
    let mut dates: FxHashMap<String, Option<NaiveDate>> = FxHashMap::default();
    let mut undated = 0;
    let mut bytes = csv::ByteRecord::new();
    let (plan_start, plan_end) = (plan.meta.start_year, plan.meta.end_year);
    let earliest = NaiveDate::from_ymd_opt(plan_start, 1, 1).expect("valid year");
    loop {
        match csv.read_byte_record(&mut bytes) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line()) as u32;
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "cannot read this row: {e}",
                        "không đọc được dòng này: {e}"
                    ),
                    tr!(
                        lang,
                        "check the quotes on this line",
                        "kiểm tra dấu nháy trên dòng này"
                    ),
                );
                break;
            }
        }
        let record = match as_text(std::mem::take(&mut bytes), file, lang) {
            Ok(record) => record,
            Err(problem) => return Err(vec![problem]),
        };
        let line = record.position().map_or(0, |p| p.line()) as u32;
        if let Some((column, chars)) = overlong_cell(&record) {
            reader.problem(
                line,
                tr!(
                    lang,
                    "the cell in column {column} has {chars} characters, more than the {MAX_CELL_CHARS} a cell may have",
                    "ô ở cột {column} có {chars} ký tự, nhiều hơn mức {MAX_CELL_CHARS} ký tự cho phép của một ô"
                ),
                tr!(
                    lang,
                    "shorten the cell; a long report belongs in its own document, named in the note",
                    "rút ngắn nội dung ô; báo cáo dài nên để trong tài liệu riêng, ghi tên tài liệu trong cột ghi chú"
                ),
            );
            continue;
        }
        if let Some(last) = swallowed_rows(&record, line, delimiter) {
            let message = if last > line {
                tr!(
                    lang,
                    "a quote (\") opened on this line is not closed where its cell ends: lines {line}–{last} were read as one cell",
                    "dấu nháy (\") mở ở dòng này không được đóng ở cuối ô: các dòng {line}–{last} bị đọc thành một ô"
                )
            } else {
                tr!(
                    lang,
                    "a quote (\") opened on this line is never closed",
                    "dấu nháy (\") mở ở dòng này không bao giờ được đóng"
                )
            };
            reader.problem(
                line,
                message,
                tr!(
                    lang,
                    "close the quote where the cell ends, or remove it; a cell's text may not hold line breaks with what looks like rows",
                    "đóng dấu nháy ở cuối ô, hoặc xóa nó; nội dung một ô không được chứa các dòng trông như dòng số liệu"
                ),
            );
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // spreadsheets leave empty rows; they say nothing
        }
        let problems_before = reader.problems.len() + reader.more_problems;

        let unit_text = field(&position, &record, Column::Unit).trim();
        let unit = match unit_cache.get(unit_text) {
            Some(found) => *found,
            None => {
                let found = units.resolve(unit_text);
                unit_cache.insert(unit_text.to_string(), found);
                found
            }
        };
        if unit.is_none() {
            let hint = match units.closest(unit_text) {
                Some(close) => {
                    let u = &plan.units[close as usize];
                    tr!(
                        lang,
                        "did you mean \"{}\" ({})? Use the unit's id or its name as in plan.toml",
                        "có phải ý bạn là \"{}\" ({})? Dùng mã đơn vị hoặc tên như trong plan.toml",
                        u.id,
                        u.name.get(lang)
                    )
                }
                None => tr!(
                    lang,
                    "use the unit's id or name; `gender-plan plan --matrix` lists them",
                    "dùng mã hoặc tên đơn vị; `gender-plan plan --matrix` liệt kê các đơn vị"
                ),
            };
            if unit_text.is_empty() {
                reader.problem(
                    line,
                    tr!(lang, "the unit is missing", "thiếu tên đơn vị"),
                    hint,
                );
            } else {
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "unknown unit \"{shown}\"",
                        "không có đơn vị \"{shown}\"",
                        shown = excerpt(unit_text)
                    ),
                    hint,
                );
            }
        }

        let indicator_text = field(&position, &record, Column::Indicator).trim();
        let narrative = indicator_text.is_empty();
        let indicator = if narrative {
            None
        } else {
            match indicators.resolve(indicator_text) {
                Some(i) => Some(i),
                None => {
                    let hint = match indicators.closest(indicator_text) {
                        Some(close) => tr!(
                            lang,
                            "did you mean {close}? `gender-plan plan` lists the indicators",
                            "có phải ý bạn là {close}? `gender-plan plan` liệt kê các chỉ tiêu"
                        ),
                        None => tr!(
                            lang,
                            "`gender-plan plan` lists the indicators and their ids",
                            "`gender-plan plan` liệt kê các chỉ tiêu và mã"
                        ),
                    };
                    reader.problem(
                        line,
                        tr!(
                            lang,
                            "unknown indicator \"{shown}\"",
                            "không có chỉ tiêu \"{shown}\"",
                            shown = excerpt(indicator_text)
                        ),
                        hint,
                    );
                    None
                }
            }
        };
        let indicator_def = indicator.map(|i| &plan.indicators[i as usize]);
        if let (Some(u), Some(ind)) = (unit, indicator_def) {
            let unit_id = &plan.units[u as usize].id;
            if !ind.is_contributor(u) {
                let who = describe_units(plan, &ind.contributors, lang);
                reader.problem(
                    line,
                    tr!(lang, "unit \"{unit_id}\" does not report indicator {}", "đơn vị \"{unit_id}\" không báo cáo chỉ tiêu {}", ind.id),
                    tr!(lang, "indicator {} is reported by {who}; remove this row or check the indicator id", "chỉ tiêu {} do {who} báo cáo; xóa dòng này hoặc kiểm tra mã chỉ tiêu", ind.id),
                );
            }
        }

        let group = read_group(
            &mut reader,
            plan,
            indicator_def,
            field(&position, &record, Column::Group),
            line,
        );

        let period_text = field(&position, &record, Column::Period).trim();
        let period = match Period::parse(period_text) {
            None => {
                reader.problem(
                    line,
                    tr!(lang, "cannot read the period \"{shown}\"", "không đọc được kỳ \"{shown}\"", shown = excerpt(period_text)),
                    tr!(lang, "write 2025 (annual report), 2025-H1 (6-month report) or 2025-Q3 (a quarter)", "viết 2025 (báo cáo năm), 2025-H1 (báo cáo 6 tháng) hoặc 2025-Q3 (một quý)"),
                );
                None
            }
            Some(p) if p.year() < plan_start || p.year() > plan_end => {
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "period {p} is outside the plan ({plan_start}–{plan_end})",
                        "kỳ {p} nằm ngoài thời gian của kế hoạch ({plan_start}–{plan_end})"
                    ),
                    tr!(lang, "check the year", "kiểm tra lại năm"),
                );
                None
            }
            Some(p) => {
                let quarterly = indicator_def.is_some_and(|i| i.frequency == Frequency::Quarter);
                match (p, quarterly) {
                    (Period::Quarter(..), false) => {
                        let what = match indicator_def {
                            Some(i) => tr!(
                                lang,
                                "indicator {} is reported once per round",
                                "chỉ tiêu {} được báo cáo mỗi kỳ một lần",
                                i.id
                            ),
                            None => tr!(
                                lang,
                                "a narrative report covers a round",
                                "báo cáo bằng lời dành cho cả kỳ"
                            ),
                        };
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "{what}, not per quarter: period {p}",
                                "{what}, không theo quý: kỳ {p}"
                            ),
                            tr!(
                                lang,
                                "use {}-H1 for the 6-month report or {} for the annual report",
                                "dùng {}-H1 cho báo cáo 6 tháng hoặc {} cho báo cáo năm",
                                p.year(),
                                p.year()
                            ),
                        );
                        None
                    }
                    (Period::Year(_) | Period::Half(..), true) => {
                        let id = indicator_def.map_or("", |i| i.id.as_str());
                        let quarters = p
                            .quarters()
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ");
                        reader.problem(
                            line,
                            tr!(lang, "indicator {id} is counted per quarter; period {p} is not a quarter", "chỉ tiêu {id} được đếm theo quý; kỳ {p} không phải một quý"),
                            tr!(lang, "write one row per quarter: {quarters}", "viết mỗi quý một dòng: {quarters}"),
                        );
                        None
                    }
                    (Period::Half(y, 2), false) => {
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "{p} is not a reporting period",
                                "{p} không phải một kỳ báo cáo"
                            ),
                            tr!(
                                lang,
                                "the 6-month report is {y}-H1 and the annual report {y}",
                                "báo cáo 6 tháng là {y}-H1, báo cáo năm là {y}"
                            ),
                        );
                        None
                    }
                    _ => Some(p),
                }
            }
        };

        let submitted_text = field(&position, &record, Column::Submitted).trim();
        let submitted = if submitted_text.is_empty() {
            undated += 1;
            Some(options.received.unwrap_or(options.as_of))
        } else {
            // Most rows of a file share a date: read each spelling once.
            let parsed = match dates.get(submitted_text) {
                Some(parsed) => *parsed,
                None => {
                    let parsed = parse_date(submitted_text).ok();
                    dates.insert(submitted_text.to_string(), parsed);
                    parsed
                }
            };
            match parsed {
                Some(date) => Some(date),
                None => {
                    reader.problem(
                        line,
                        tr!(lang, "cannot read the date \"{shown}\"", "không đọc được ngày \"{shown}\"", shown = excerpt(submitted_text)),
                        tr!(lang, "write the date as dd/mm/yyyy (05/06/2025) or yyyy-mm-dd (2025-06-05), and check that the day exists", "viết ngày dạng dd/mm/yyyy (05/06/2025) hoặc yyyy-mm-dd (2025-06-05), và kiểm tra ngày có thật"),
                    );
                    None
                }
            }
        };
        if let Some(date) = submitted {
            if date > options.as_of {
                let as_of = options.as_of;
                reader.problem(
                    line,
                    tr!(lang, "the submitted date {date} is after the as-of date {as_of}", "ngày gửi {date} muộn hơn ngày tính {as_of}"),
                    tr!(lang, "check the date; a report cannot be sent in the future (--as-of sets today)", "kiểm tra lại ngày; không thể gửi báo cáo trong tương lai (--as-of đặt ngày hôm nay)"),
                );
            } else if date < earliest {
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "the submitted date {date} is before the plan began ({earliest})",
                        "ngày gửi {date} trước khi kế hoạch bắt đầu ({earliest})"
                    ),
                    tr!(
                        lang,
                        "check the year of the date",
                        "kiểm tra lại năm của ngày gửi"
                    ),
                );
            }
        }

        let value_text = field(&position, &record, Column::Value);
        let numerator_text = field(&position, &record, Column::Numerator);
        let denominator_text = field(&position, &record, Column::Denominator);
        let pending = match indicator_def {
            None if !narrative => None,
            None => {
                if !(value_text.trim().is_empty()
                    && numerator_text.trim().is_empty()
                    && denominator_text.trim().is_empty())
                {
                    reader.problem(
                        line,
                        tr!(lang, "a figure without an indicator", "có số liệu nhưng thiếu mã chỉ tiêu"),
                        tr!(lang, "fill in the indicator id; a row without one is only a narrative report, with text in the note", "điền mã chỉ tiêu; dòng không có mã chỉ tiêu chỉ là báo cáo bằng lời, ghi trong cột ghi chú"),
                    );
                }
                Some(Pending::Ready(Figure::Narrative))
            }
            Some(ind) => match ind.measure {
                Measure::Ratio { .. } => {
                    let has_parts =
                        !numerator_text.trim().is_empty() || !denominator_text.trim().is_empty();
                    if !has_parts && super::fields::is_no_cases(value_text) {
                        Some(Pending::Ready(Figure::Ratio {
                            numerator: 0.0,
                            denominator: 0.0,
                        }))
                    } else if !value_text.trim().is_empty() && !has_parts {
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "indicator {} needs a numerator and a denominator, not a value",
                                "chỉ tiêu {} cần tử số và mẫu số, không phải giá trị",
                                ind.id
                            ),
                            ratio_hint(ind, lang),
                        );
                        None
                    } else {
                        let n = reader.number(
                            numerator_text,
                            options.decimal,
                            line,
                            column_label(Column::Numerator, lang),
                        );
                        let d = reader.number(
                            denominator_text,
                            options.decimal,
                            line,
                            column_label(Column::Denominator, lang),
                        );
                        match (n, d) {
                            (Some(None), Some(None)) => Some(Pending::Ready(Figure::Blank)),
                            (Some(Some(n)), Some(Some(d))) => Some(Pending::Ratio(n, d)),
                            (Some(n), Some(_)) => {
                                let missing = if n.is_none() {
                                    column_label(Column::Numerator, lang)
                                } else {
                                    column_label(Column::Denominator, lang)
                                };
                                reader.problem(
                                    line,
                                    tr!(
                                        lang,
                                        "the {missing} of indicator {} is missing",
                                        "thiếu {missing} của chỉ tiêu {}",
                                        ind.id
                                    ),
                                    ratio_hint(ind, lang),
                                );
                                None
                            }
                            _ => None,
                        }
                    }
                }
                Measure::YesNo => {
                    let text = value_text.trim();
                    if text.is_empty() {
                        Some(Pending::Ready(Figure::Blank))
                    } else if let Some(b) = parse_yes_no(text) {
                        Some(Pending::Ready(Figure::YesNo(b)))
                    } else {
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "cannot read \"{shown}\" as yes or no (indicator {})",
                                "không đọc được \"{shown}\" thành có hoặc không (chỉ tiêu {})",
                                ind.id,
                                shown = excerpt(text)
                            ),
                            tr!(
                                lang,
                                "write yes or no (also có, không, x, 1, 0)",
                                "viết có hoặc không (hoặc yes, no, x, 1, 0)"
                            ),
                        );
                        None
                    }
                }
                Measure::Value | Measure::Share { .. } => {
                    match reader.number(
                        value_text,
                        options.decimal,
                        line,
                        column_label(Column::Value, lang),
                    ) {
                        Some(None) => Some(Pending::Ready(Figure::Blank)),
                        Some(Some(n)) => Some(Pending::Number(n)),
                        None => None,
                    }
                }
            },
        };

        let note = field(&position, &record, Column::Note).trim();

        if reader.problems.len() + reader.more_problems > problems_before {
            continue;
        }
        let (Some(unit), Some(period), Some(submitted), Some(pending), Some(group)) =
            (unit, period, submitted, pending, group)
        else {
            continue;
        };
        let index = rows.len() as u32;
        let mut take = |num: Num, slot: Slot| match num {
            Num::Known(v) => v,
            Num::Ambiguous(comma, dot, text) => {
                deferred.push(Deferred {
                    row: index,
                    slot,
                    comma,
                    dot,
                    text,
                });
                comma
            }
        };
        let figure = match pending {
            Pending::Ready(figure) => figure,
            Pending::Number(n) => Figure::Number(take(n, Slot::Value)),
            Pending::Ratio(n, d) => Figure::Ratio {
                numerator: take(n, Slot::Numerator),
                denominator: take(d, Slot::Denominator),
            },
        };
        let note = if note.is_empty() {
            NO_NOTE
        } else {
            // Names are matched folded, but a note is kept as text: in NFC.
            notes.push(if is_nfc(note) {
                note.into()
            } else {
                note.nfc().collect::<String>().into()
            });
            (notes.len() - 1) as u32
        };
        rows.push(Row {
            packed_key: Key {
                unit,
                period,
                indicator,
                group,
            }
            .pack(),
            figure,
            submitted,
            note,
            line,
        });
    }

    // Second pass: the file's convention settles the ambiguous numbers; then values
    // are checked against their indicator.
    let file_convention = reader.tally.settled();
    let settled = options.decimal.or(match &file_convention {
        Settled::Decided(decimal) => Some(*decimal),
        Settled::Unsettled | Settled::Conflict { .. } => None,
    });
    // Rows whose number stays ambiguous, in row order (deferred numbers are).
    let mut unresolved: Vec<u32> = Vec::new();
    for d in deferred {
        let row = &mut rows[d.row as usize];
        let value = match settled {
            Some(Decimal::Comma) => d.comma,
            Some(Decimal::Dot) => d.dot,
            None => {
                unresolved.push(d.row);
                // Plain digits: grouped ("1,234") or rounded ("1.23") readings would
                // blur the very difference this message is about.
                let (c, dot, text) = (d.comma.to_string(), d.dot.to_string(), &d.text);
                let conflict = match &file_convention {
                    Settled::Conflict {
                        comma_example: a,
                        dot_example: b,
                    } => tr!(
                        lang,
                        " (this file uses both: \"{a}\" and \"{b}\")",
                        " (tệp này dùng cả hai kiểu: \"{a}\" và \"{b}\")"
                    ),
                    _ => String::new(),
                };
                let line = row.line;
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "ambiguous number \"{text}\": {c} if \",\" is the decimal mark, {dot} if \".\" is{conflict}",
                        "số \"{text}\" không rõ nghĩa: là {c} nếu dấu \",\" là dấu thập phân, là {dot} nếu dấu \".\" là dấu thập phân{conflict}"
                    ),
                    tr!(
                        lang,
                        "say which with --decimal comma (Vietnamese: 1.234,5) or --decimal dot (1,234.5), or write the number without a thousands separator",
                        "chỉ rõ bằng --decimal comma (kiểu Việt Nam: 1.234,5) hoặc --decimal dot (1,234.5), hoặc viết số không có dấu phân cách hàng nghìn"
                    ),
                );
                continue;
            }
        };
        match (&mut row.figure, d.slot) {
            (Figure::Number(v), Slot::Value) => *v = value,
            (Figure::Ratio { numerator, .. }, Slot::Numerator) => *numerator = value,
            (Figure::Ratio { denominator, .. }, Slot::Denominator) => *denominator = value,
            _ => unreachable!("a deferred number's slot matches its row's figure"),
        }
    }
    for (index, row) in rows.iter().enumerate() {
        // A row whose number could not be read has its problem already.
        if unresolved.binary_search(&(index as u32)).is_ok() {
            continue;
        }
        if let Some(i) = row.key().indicator {
            check_figure(
                &mut reader,
                &plan.indicators[i as usize],
                row.figure,
                row.line,
            );
        }
    }

    check_parts(&mut reader, plan, &rows);

    // The same (unit, period, indicator) twice: in key order, repeats are neighbours.
    // Sorting row numbers rather than rows keeps the file's order for the record.
    let mut by_key: Vec<u32> = (0..rows.len() as u32).collect();
    by_key.sort_unstable_by_key(|&i| (rows[i as usize].packed_key, i));
    let mut first = 0;
    for n in 1..by_key.len() {
        let (i, head) = (by_key[n] as usize, by_key[first] as usize);
        if rows[i].packed_key != rows[head].packed_key {
            first = n;
            continue;
        }
        let key = rows[i].key();
        let what = match key.indicator {
            Some(ind) => {
                let indicator = &plan.indicators[ind as usize];
                match plan.group(indicator, key.group) {
                    Some(g) => tr!(
                        lang,
                        "indicator {} ({})",
                        "chỉ tiêu {} ({})",
                        indicator.id,
                        g.name.get(lang)
                    ),
                    None => tr!(lang, "indicator {}", "chỉ tiêu {}", indicator.id),
                }
            }
            None => tr!(lang, "the narrative report", "báo cáo bằng lời"),
        };
        let unit_id = &plan.units[key.unit as usize].id;
        let (period, first_line) = (key.period, rows[head].line);
        reader.problem(
            rows[i].line,
            tr!(
                lang,
                "{what} for {unit_id}, {period} appears twice (first on line {first_line})",
                "{what} của {unit_id}, kỳ {period} xuất hiện hai lần (lần đầu ở dòng {first_line})"
            ),
            tr!(
                lang,
                "keep one row for each unit, period and indicator",
                "mỗi đơn vị, kỳ và chỉ tiêu chỉ giữ một dòng"
            ),
        );
    }

    if reader.problems.is_empty() {
        // Read to the end, so that the hash covers the whole file.
        drop(csv);
        let hasher = std::rc::Rc::try_unwrap(hasher)
            .map(std::cell::RefCell::into_inner)
            .unwrap_or_else(|shared| shared.borrow().clone());
        Ok(Submission {
            file: file.to_string(),
            hash: short_hash(hasher),
            rows,
            notes,
            undated,
        })
    } else {
        if reader.more_problems > 0 {
            let n = reader.more_problems;
            reader.problems.push(Diagnostic::new(
                file,
                tr!(lang, "… and {n} more problems", "… và {n} lỗi khác"),
            ));
        }
        reader.problems.sort_by_key(|d| d.line);
        Err(merge_repeats(reader.problems, lang))
    }
}

/// The group a row is about: 0 (the whole) when the cell is empty; for an indicator
/// broken down by a dimension, the group named by its id, name or an alias. None
/// after reporting a problem.
fn read_group(
    reader: &mut Reader,
    plan: &Plan,
    indicator: Option<&crate::plan::Indicator>,
    text: &str,
    line: u32,
) -> Option<u8> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    let lang = reader.lang;
    let Some(indicator) = indicator else {
        // An unknown indicator has its problem already; a narrative has no groups.
        return Some(0);
    };
    let Some(d) = indicator.disaggregation else {
        reader.problem(
            line,
            tr!(
                lang,
                "indicator {} is not reported by group, but this row names the group \"{text}\"",
                "chỉ tiêu {} không báo cáo theo nhóm, nhưng dòng này ghi nhóm \"{text}\"",
                indicator.id
            ),
            tr!(
                lang,
                "leave the group cell empty for this indicator",
                "để trống ô nhóm ở chỉ tiêu này"
            ),
        );
        return None;
    };
    let dimension = &plan.dimensions[d as usize];
    let folded = fold(text);
    let found = dimension.groups.iter().position(|g| {
        std::iter::once(g.id.as_str())
            .chain([g.name.vi.as_str(), g.name.en.as_str()])
            .chain(g.aliases.iter().map(String::as_str))
            .any(|spelling| fold(spelling) == folded)
    });
    if found.is_none() {
        let names: Vec<&str> = dimension.groups.iter().map(|g| g.name.get(lang)).collect();
        reader.problem(
            line,
            tr!(
                lang,
                "unknown group \"{text}\" for indicator {} (by {})",
                "nhóm \"{text}\" không có ở chỉ tiêu {} (theo {})",
                indicator.id,
                dimension.name.get(lang)
            ),
            tr!(
                lang,
                "write one of: {}; or leave it empty for the total",
                "ghi một trong: {}; hoặc để trống cho tổng số",
                names.join(", ")
            ),
        );
    }
    found.map(|i| i as u8 + 1)
}

/// Where a file gives a total beside its groups (boys and girls, say), the groups
/// together do not exceed it: Σ numerators ≤ the total's, Σ denominators ≤ the
/// total's.
fn check_parts(reader: &mut Reader, plan: &Plan, rows: &[Row]) {
    let lang = reader.lang;
    let mut parts: FxHashMap<u64, (f64, f64, u32)> = FxHashMap::default();
    for row in rows {
        let key = row.key();
        if let (
            Figure::Ratio {
                numerator,
                denominator,
            },
            true,
        ) = (row.figure, key.group != 0)
        {
            let whole = Key { group: 0, ..key }.pack();
            let sum = parts.entry(whole).or_insert((0.0, 0.0, row.line));
            sum.0 += numerator;
            sum.1 += denominator;
        }
    }
    for row in rows {
        let Figure::Ratio {
            numerator,
            denominator,
        } = row.figure
        else {
            continue;
        };
        let Some(&(n, d, first)) = parts.get(&row.packed_key) else {
            continue;
        };
        if settle(n) <= settle(numerator) && settle(d) <= settle(denominator) {
            continue;
        }
        let key = row.key();
        let id = key
            .indicator
            .map_or("", |i| plan.indicators[i as usize].id.as_str());
        let (n, d) = (format_number(n, lang), format_number(d, lang));
        let (tn, td) = (
            format_number(numerator, lang),
            format_number(denominator, lang),
        );
        reader.problem(
            row.line,
            tr!(
                lang,
                "the groups of indicator {id} add up to {n} of {d}, more than this total of {tn} of {td}",
                "các nhóm của chỉ tiêu {id} cộng lại được {n} trên {d}, lớn hơn tổng số {tn} trên {td} ở dòng này"
            ),
            tr!(
                lang,
                "the groups (from line {first}) are parts of the total: check the total row and the group rows",
                "các nhóm (từ dòng {first}) là các phần của tổng số: kiểm tra dòng tổng số và các dòng theo nhóm"
            ),
        );
    }
}

/// One diagnostic for a mistake repeated on many rows (a misspelt unit name on
/// every line), naming the other lines, instead of the same message again and again.
fn merge_repeats(problems: Vec<Diagnostic>, lang: Lang) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for problem in problems {
        let same = merged
            .iter_mut()
            .find(|(d, _)| d.message == problem.message && d.hint == problem.hint);
        match (same, problem.line) {
            (Some((_, lines)), Some(line)) => lines.push(line),
            _ => merged.push((problem, Vec::new())),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, lines)| {
            if !lines.is_empty() {
                let shown: Vec<String> = lines.iter().take(10).map(ToString::to_string).collect();
                let more = if lines.len() > 10 { ", …" } else { "" };
                d.message.push_str(&tr!(
                    lang,
                    " (also on lines {}{more})",
                    " (cả ở các dòng {}{more})",
                    shown.join(", ")
                ));
            }
            d
        })
        .collect()
}

/// Checks a figure against what its indicator allows; records problems.
fn check_figure(
    reader: &mut Reader,
    ind: &crate::plan::Indicator,
    figure: Figure,
    line: u32,
) -> bool {
    let lang = reader.lang;
    let id = &ind.id;
    let before = reader.problems.len() + reader.more_problems;
    let no_negative = |reader: &mut Reader, v: f64, what: &str| {
        if v < 0.0 {
            let shown = format_number(v, lang);
            reader.problem(
                line,
                tr!(
                    lang,
                    "negative {what} {shown} for indicator {id}",
                    "{what} âm {shown} ở chỉ tiêu {id}"
                ),
                tr!(
                    lang,
                    "counts cannot be below 0; check the sign",
                    "số đếm không thể nhỏ hơn 0; kiểm tra dấu trừ"
                ),
            );
        }
    };
    match (figure, ind.measure) {
        (
            Figure::Ratio {
                numerator,
                denominator,
            },
            Measure::Ratio { scale },
        ) => {
            no_negative(reader, numerator, column_label(Column::Numerator, lang));
            no_negative(reader, denominator, column_label(Column::Denominator, lang));
            if denominator == 0.0 && numerator == 0.0 {
                // 0 of 0: no cases in the period, a complete report.
            } else if denominator == 0.0 {
                reader.problem(
                    line,
                    tr!(lang, "the denominator is 0 but the numerator is {} for indicator {id}", "mẫu số bằng 0 nhưng tử số là {} ở chỉ tiêu {id}", format_number(numerator, lang)),
                    tr!(lang, "the numerator counts part of the denominator, so it cannot be above 0 here; if there were no cases, write 0 in both cells (or \"no cases\" in the value cell)", "tử số là một phần của mẫu số nên ở đây không thể lớn hơn 0; nếu không có trường hợp nào, ghi 0 vào cả hai ô (hoặc \"không có trường hợp\" vào ô giá trị)"),
                );
            } else if is_percentage(ind, scale) && numerator > denominator {
                let (n, d) = (
                    format_number(numerator, lang),
                    format_number(denominator, lang),
                );
                reader.problem(
                    line,
                    tr!(lang, "the numerator {n} is above the denominator {d} for indicator {id}, a percentage", "tử số {n} lớn hơn mẫu số {d} ở chỉ tiêu {id} (tỷ lệ phần trăm)"),
                    tr!(lang, "the numerator counts part of the denominator; check whether the two were swapped", "tử số là một phần của mẫu số; kiểm tra xem hai ô có bị đổi chỗ không"),
                );
            }
        }
        (Figure::Number(v), Measure::Value) => {
            no_negative(reader, v, column_label(Column::Value, lang));
            if ind.unit_of_measure.en.trim() == "%" && v > 100.0 {
                let shown = format_number(v, lang);
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "{shown} % for indicator {id} is not between 0 and 100",
                        "{shown} % ở chỉ tiêu {id} không nằm trong khoảng 0 đến 100"
                    ),
                    tr!(
                        lang,
                        "write the percentage itself, such as 45 for 45 %",
                        "viết số phần trăm, ví dụ 45 cho 45 %"
                    ),
                );
            }
        }
        (Figure::Number(v), Measure::Share { .. }) => {
            no_negative(reader, v, lang.pick("count", "số đếm"));
            if v.fract() != 0.0 {
                let shown = format_number(v, lang);
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "the count {shown} for indicator {id} is not a whole number",
                        "số đếm {shown} ở chỉ tiêu {id} không phải số nguyên"
                    ),
                    tr!(
                        lang,
                        "write how many there were in the quarter, such as 4",
                        "viết số lượng trong quý, ví dụ 4"
                    ),
                );
            }
        }
        _ => {}
    }
    reader.problems.len() + reader.more_problems == before
}

/// A ratio read as a share of a whole (×100, in %): its numerator is part of its
/// denominator. Not so for the sex ratio (boys per 100 girls), also ×100.
fn is_percentage(ind: &crate::plan::Indicator, scale: f64) -> bool {
    scale == 100.0 && ind.unit_of_measure.en.trim() == "%"
}

fn header_hint(lang: Lang) -> String {
    tr!(
        lang,
        "the first row must name the columns: unit, period, indicator, value (or numerator and denominator), submitted, note; `gender-plan template` writes a ready form",
        "dòng đầu phải là tên cột: đơn vị, kỳ, chỉ tiêu, giá trị (hoặc tử số và mẫu số), ngày gửi, ghi chú; `gender-plan template` tạo sẵn biểu mẫu"
    )
}

fn ratio_hint(ind: &crate::plan::Indicator, lang: Lang) -> String {
    ind.ratio_parts(lang).unwrap_or_else(|| {
        tr!(
            lang,
            "fill in both the numerator and the denominator columns",
            "điền cả cột tử số và cột mẫu số"
        )
    })
}

/// "ttyt (District Health Centre)", or "13 units: tt-tam-duong, then-sin, …".
pub fn describe_units(plan: &Plan, ids: &[String], lang: Lang) -> String {
    match ids {
        [] => lang.pick("no unit", "không đơn vị nào").to_string(),
        [one] => {
            let name = plan.unit(one).map_or("", |u| u.name.get(lang));
            format!("{one} ({name})")
        }
        many if many.len() <= 4 => many.join(", "),
        many => {
            let n = many.len();
            let first = many[..3].join(", ");
            tr!(lang, "{n} units: {first}, …", "{n} đơn vị: {first}, …")
        }
    }
}

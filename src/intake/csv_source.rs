//! CSV files as rows of text: the encoding, the delimiter, and line numbers that
//! are right whatever the line ends (`\r\n` from Excel, `\n`, or a lone `\r` from
//! old Mac exports), with or without a byte-order mark.

use super::bytes::short_hash;
use super::decode::{DecodeError, decode};
use super::fields::detect_delimiter;
use super::source::{
    Cells, MAX_FILE_BYTES, OpenOptions, Opened, SourceRow, Stop, Table, cannot_read,
};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::tr;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// What a [`Tap`] learns as the bytes pass: the hash, and where lines end.
#[derive(Default)]
struct Seen {
    hasher: Option<Sha256>,
    /// The bytes passing are the file's own (not text decoded from them): hash them.
    hash_passing: bool,
    /// Line ends not yet matched to a record: the byte offsets of their first
    /// byte and of the byte after them.
    line_ends: VecDeque<(u64, u64)>,
    offset: u64,
    /// The last byte seen was `\r`: a `\n` next belongs to the same line end.
    after_cr: bool,
}

/// Passes a reader's bytes through, hashing them and noting line ends, so a
/// streamed file is hashed and numbered without a second read.
struct Tap<R> {
    inner: R,
    seen: Rc<RefCell<Seen>>,
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut seen = self.seen.borrow_mut();
        if seen.hash_passing
            && let Some(hasher) = &mut seen.hasher
        {
            hasher.update(&buf[..n]);
        }
        for (i, &b) in buf[..n].iter().enumerate() {
            let at = seen.offset + i as u64 + 1;
            match b {
                b'\n' if seen.after_cr => {
                    // "\r\n": one line end, after the "\n".
                    if let Some(last) = seen.line_ends.back_mut() {
                        last.1 = at;
                    }
                }
                b'\n' | b'\r' => seen.line_ends.push_back((at - 1, at)),
                _ => {}
            }
            seen.after_cr = b == b'\r';
        }
        seen.offset += n as u64;
        Ok(n)
    }
}

/// Line numbers of records, from their byte offsets, counting line ends as they pass.
struct LineCounter {
    seen: Rc<RefCell<Seen>>,
    lines_before: u32,
}

impl LineCounter {
    /// The 1-based line of a record the csv crate places at `offset`; offsets must
    /// not decrease. The crate places a record after empty lines at the first of
    /// them, and a record after "\r\n" at its "\n", so line ends at or around the
    /// offset are stepped over (a record never starts with one).
    fn line_at(&mut self, mut offset: u64) -> u32 {
        let mut seen = self.seen.borrow_mut();
        while let Some(&(start, end)) = seen.line_ends.front() {
            if end <= offset {
                seen.line_ends.pop_front();
                self.lines_before += 1;
            } else if start <= offset {
                offset = end;
            } else {
                break;
            }
        }
        self.lines_before + 1
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

pub fn invalid_utf8(file: &str, line: usize, column: usize, lang: Lang) -> Diagnostic {
    Diagnostic::new(
        file,
        tr!(
            lang,
            "not valid UTF-8 (byte {column} of the line)",
            "không phải mã UTF-8 hợp lệ (vị trí thứ {column} của dòng)"
        ),
    )
    .at_line(line)
    .hint(tr!(
        lang,
        "the file was probably saved by Excel as plain \"CSV\" on Vietnamese Windows: ingest it with --encoding windows-1258, or save it again as \"CSV UTF-8\"",
        "tệp có lẽ được Excel lưu dạng \"CSV\" thường trên Windows tiếng Việt: nhập với --encoding windows-1258, hoặc lưu lại dạng \"CSV UTF-8\""
    ))
}

/// Opens a CSV file. UTF-8 files (the common case) are streamed, so a large file is
/// never held in memory whole; UTF-16 and Windows-1258 files are decoded first.
pub fn open<'a>(
    file: &'a str,
    path: &'a Path,
    options: &OpenOptions,
) -> Result<Opened<'a>, Diagnostic> {
    let lang = options.lang;
    let opened = File::open(path).map_err(|e| cannot_read(file, &e, lang))?;
    let mut buffered = BufReader::with_capacity(1 << 16, opened.take(MAX_FILE_BYTES + 1));
    let head = buffered
        .fill_buf()
        .map_err(|e| cannot_read(file, &e, lang))?;
    if let Some(problem) = not_text(file, head, lang) {
        return Err(problem);
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let utf8_bom = head.starts_with(b"\xEF\xBB\xBF");
    let seen = Rc::new(RefCell::new(Seen::default()));
    let mut hasher = Sha256::new();
    let (input, first_line): (Box<dyn Read>, String) =
        if utf16 || (options.windows1258 && !utf8_bom) {
            let mut bytes = Vec::new();
            buffered
                .read_to_end(&mut bytes)
                .map_err(|e| cannot_read(file, &e, lang))?;
            hasher.update(&bytes);
            let text = decode(bytes, options.windows1258)
                .map_err(|e| undecodable(file, e, lang))?
                .text;
            let first_line = text.lines().next().unwrap_or("").to_string();
            seen.borrow_mut().hasher = Some(hasher);
            let input = Tap {
                inner: std::io::Cursor::new(text.into_bytes()),
                seen: seen.clone(),
            };
            (Box::new(input), first_line)
        } else {
            // The mark is hashed but not handed on, so offsets count from the text.
            // A second mark after it is left to the csv crate, which drops one: the
            // other stays in the first header, and the file is refused for it.
            let double = head.starts_with(b"\xEF\xBB\xBF\xEF\xBB\xBF");
            if utf8_bom && !double {
                hasher.update(&head[..3]);
                buffered.consume(3);
            }
            let head = buffered
                .fill_buf()
                .map_err(|e| cannot_read(file, &e, lang))?;
            let end = head
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .unwrap_or(head.len());
            let first_line = String::from_utf8_lossy(&head[..end]).into_owned();
            seen.borrow_mut().hasher = Some(hasher);
            seen.borrow_mut().hash_passing = true;
            let input = Tap {
                inner: buffered,
                seen: seen.clone(),
            };
            (Box::new(input), first_line)
        };
    let delimiter = detect_delimiter(&first_line);
    let csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(input);
    let rows = Rows {
        file,
        lang,
        delimiter,
        csv,
        lines: LineCounter {
            seen: seen.clone(),
            lines_before: 0,
        },
        done: false,
    };
    Ok(Opened {
        tables: vec![Table {
            sheet: None,
            first_column: 1,
            // A quick pass over the file (in the page cache by then), so the rows'
            // vector is neither copied as it grows nor much larger than needed.
            expected_rows: count_lines(path).unwrap_or(0),
            form_instructions: false,
            rows: Box::new(rows),
        }],
        skipped: Vec::new(),
        hash: Box::new(move || {
            let hasher = seen.borrow_mut().hasher.take().unwrap_or_default();
            short_hash(hasher)
        }),
    })
}

fn undecodable(file: &str, error: DecodeError, lang: Lang) -> Diagnostic {
    match error {
        DecodeError::InvalidUtf8 { line, column } => invalid_utf8(file, line, column, lang),
        DecodeError::InvalidUtf16 { line } => Diagnostic::new(
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
    }
}

struct Rows<'a> {
    file: &'a str,
    lang: Lang,
    delimiter: u8,
    csv: csv::Reader<Box<dyn Read>>,
    lines: LineCounter,
    done: bool,
}

impl Iterator for Rows<'_> {
    type Item = Result<SourceRow, Stop>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut bytes = csv::ByteRecord::new();
        match self.csv.read_byte_record(&mut bytes) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                let lang = self.lang;
                let line = e.position().map_or(0, |p| self.lines.line_at(p.byte()));
                let e = crate::i18n::csv_error_text(&e, lang);
                return Some(Err(Stop::Row(
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
                )));
            }
        }
        let line = bytes.position().map_or(0, |p| self.lines.line_at(p.byte()));
        match csv::StringRecord::from_byte_record(bytes) {
            Ok(record) => match swallowed_rows(&record, line, self.delimiter) {
                Some(last) => Some(Err(open_quote(line, last, self.lang))),
                None => Some(Ok(SourceRow {
                    line,
                    cells: Cells::Text(record),
                })),
            },
            Err(e) => {
                // Where in the line the bad bytes start: the fields before, their
                // delimiters, and the valid part of this field.
                self.done = true;
                let (field, valid) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
                let record = e.into_byte_record();
                let before: usize = record.iter().take(field).map(|f| f.len() + 1).sum();
                let column = before + valid + 1;
                Some(Err(Stop::Fatal(invalid_utf8(
                    self.file,
                    line as usize,
                    column,
                    self.lang,
                ))))
            }
        }
    }
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
                "tệp có vẻ là văn bản UTF-16 không có dấu BOM ở đầu tệp"
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
                "đây không phải tệp văn bản: tệp chứa ký tự rỗng (mã 0)"
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

/// A quote opened on `line` that swallowed the lines up to `last`.
fn open_quote(line: u32, last: u32, lang: Lang) -> Stop {
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
    Stop::Skip(
        line,
        message,
        tr!(
            lang,
            "close the quote where the cell ends, or remove it; a cell's text may not hold line breaks with what looks like rows",
            "đóng dấu nháy ở cuối ô, hoặc xóa nó; nội dung một ô không được chứa các dòng trông như dòng số liệu"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &[u8]) -> Vec<u32> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        let options = OpenOptions {
            windows1258: false,
            lang: Lang::En,
            plan: None,
        };
        let opened = open("f.csv", &path, &options).ok().unwrap();
        let table = opened.tables.into_iter().next().unwrap();
        table.rows.map(|r| r.ok().unwrap().line).collect()
    }

    #[test]
    fn line_numbers_whatever_the_line_ends() {
        for (ends, bom) in [("\n", ""), ("\r\n", ""), ("\r", ""), ("\r\n", "\u{feff}")] {
            let text = format!("{bom}a,b{ends}1,2{ends}{ends}\"x{ends}y\",3{ends}4,5{ends}");
            assert_eq!(
                lines_of(text.as_bytes()),
                vec![1, 2, 4, 6],
                "line ends {ends:?}, BOM {bom:?}"
            );
        }
    }

    #[test]
    fn hash_covers_the_whole_file_with_its_mark() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
        std::fs::write(&a, "\u{feff}a,b\n1,2\n").unwrap();
        std::fs::write(&b, "a,b\n1,2\n").unwrap();
        let options = OpenOptions {
            windows1258: false,
            lang: Lang::En,
            plan: None,
        };
        let hash = |path: &Path| {
            let opened = open("f", path, &options).ok().unwrap();
            let Opened { tables, hash, .. } = opened;
            for table in tables {
                table.rows.for_each(drop);
            }
            hash()
        };
        assert_ne!(hash(&a), hash(&b));
        let mut expected = Sha256::new();
        expected.update(std::fs::read(&a).unwrap());
        assert_eq!(hash(&a), short_hash(expected));
    }
}

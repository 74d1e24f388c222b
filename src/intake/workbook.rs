//! Workbooks as units send them (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with
//! calamine. Cells keep their types: a number cell is a number, a date cell a
//! date, a formula its cached value, and an error value (`#DIV/0!`) is reported at
//! its cell. Each visible worksheet is a table; the others are listed as skipped.

use super::package;
use super::source::{CellRef, Cells, OpenOptions, Opened, SourceRow, Table, cannot_read};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::tr;
use calamine::{CellErrorType, Data, DataRef, Reader, SheetType, SheetVisible, Sheets};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::rc::Rc;

/// Zip (xlsx, xlsm, ods) or OLE2 compound file (xls): the first bytes of a workbook.
pub fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A cell as the intake reads it.
pub fn cell(data: &Data) -> CellRef<'_> {
    match data {
        Data::Empty => CellRef::Empty,
        // OpenDocument keeps a failed formula's error as the text it shows.
        Data::String(s) if is_error_text(s) => CellRef::Error(s),
        Data::String(s) => CellRef::Text(s),
        Data::Int(i) => CellRef::Number(*i as f64),
        Data::Float(f) => CellRef::Number(*f),
        Data::Bool(b) => CellRef::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => dt
            .as_datetime()
            .map_or(CellRef::Number(dt.as_f64()), |d| CellRef::Date(d.date())),
        Data::DateTime(dt) => CellRef::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or(CellRef::Text(s), CellRef::Date),
        Data::DurationIso(s) => CellRef::Text(s),
        Data::Error(e) => CellRef::Error(error_text(e)),
    }
}

/// The text of an error value, as Excel (`#DIV/0!`) or LibreOffice (`Err:502`)
/// shows it.
fn is_error_text(text: &str) -> bool {
    const ERRORS: [&str; 8] = [
        "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
    ];
    ERRORS.contains(&text)
        || text
            .strip_prefix("Err:")
            .is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
}

/// The error value as the spreadsheet shows it.
fn error_text(error: &CellErrorType) -> &'static str {
    match error {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#DATA!",
    }
}

/// What the cells of one workbook may take once read: their text (a shared
/// string counted at each cell that shows it) and [`CELL_COST`] bytes a cell.
pub const MAX_CELL_BYTES: u64 = 512 << 20;

/// What one cell costs besides its text, for [`MAX_CELL_BYTES`].
const CELL_COST: u64 = 48;

/// A cell's value as kept: text shared between the cells that show the same
/// shared string, anything else as calamine reads it.
#[derive(Debug)]
enum Value {
    Text(Rc<str>),
    Other(Data),
}

/// A worksheet's cells, only those it holds: a sheet that claims a far corner
/// (`XFD1048576`) costs its cells, not its area.
#[derive(Debug, Default)]
pub struct Sheet {
    /// 0-based column of the leftmost cell: a row's cell 0.
    first_column: u32,
    /// Each row with cells: its 0-based row in the sheet and its cells' span.
    rows: Vec<(u32, std::ops::Range<usize>)>,
    /// The cells, by row then column: (0-based column, value).
    cells: Vec<(u32, Value)>,
}

impl Sheet {
    /// The cell at a 0-based position of a row (counted from the sheet's first column).
    pub fn get(&self, row: usize, index: usize) -> CellRef<'_> {
        let Some(column) = u32::try_from(index)
            .ok()
            .and_then(|i| i.checked_add(self.first_column))
        else {
            return CellRef::Empty;
        };
        let cells = &self.cells[self.rows[row].1.clone()];
        match cells.binary_search_by_key(&column, |(c, _)| *c) {
            Ok(i) => match &cells[i].1 {
                Value::Text(text) if is_error_text(text) => CellRef::Error(text),
                Value::Text(text) => CellRef::Text(text),
                Value::Other(data) => cell(data),
            },
            Err(_) => CellRef::Empty,
        }
    }

    /// How many cells a row spans, from the sheet's first column to its last cell.
    pub fn row_len(&self, row: usize) -> usize {
        let cells = &self.cells[self.rows[row].1.clone()];
        cells
            .last()
            .map_or(0, |(c, _)| (c - self.first_column) as usize + 1)
    }

    /// The sheet from its cells in any order: (row, column, value); of two at one
    /// position, the later is kept (as calamine does).
    fn from_cells(mut cells: Vec<(u32, u32, Value)>) -> Sheet {
        cells.reverse();
        cells.sort_by_key(|(row, column, _)| (*row, *column));
        cells.dedup_by_key(|(row, column, _)| (*row, *column));
        let first_column = cells.iter().map(|(_, c, _)| *c).min().unwrap_or(0);
        let mut rows: Vec<(u32, std::ops::Range<usize>)> = Vec::new();
        for (i, (row, _, _)) in cells.iter().enumerate() {
            match rows.last_mut() {
                Some((last, span)) if last == row => span.end = i + 1,
                _ => rows.push((*row, i..i + 1)),
            }
        }
        let cells = cells.into_iter().map(|(_, c, v)| (c, v)).collect();
        Sheet {
            first_column,
            rows,
            cells,
        }
    }
}

/// Why a workbook, or one of its sheets, cannot be read.
#[derive(Debug)]
enum Unreadable {
    /// Its zip package is out of bounds or damaged.
    Package(package::Problem),
    /// Its cells take more than [`MAX_CELL_BYTES`] once read.
    Cells,
    /// The workbook library refused it.
    Library(String),
    /// The workbook library failed on it (a panic, caught at this boundary).
    Failed(String),
}

/// Counts what the cells of a workbook take as they are read.
struct Budget(u64);

impl Budget {
    fn take(&mut self, text: usize) -> Result<(), Unreadable> {
        self.0 = self.0.saturating_add(CELL_COST + text as u64);
        if self.0 > MAX_CELL_BYTES {
            return Err(Unreadable::Cells);
        }
        Ok(())
    }
}

/// Opens a workbook: every visible worksheet becomes a table. Nothing the file
/// holds can abort, panic or spin the run: its package is checked first
/// ([`package::check`]), its cells are counted as they are read, and whatever
/// the workbook library does wrong becomes "cannot read this workbook" at its
/// file, so a folder run goes on with the next file.
pub fn open<'a>(
    file: &'a str,
    path: &'a Path,
    options: &OpenOptions,
) -> Result<Opened<'a>, Diagnostic> {
    let lang = options.lang;
    let bytes = std::fs::read(path).map_err(|e| cannot_read(file, &e, lang))?;
    let mut hasher = Sha256::new();
    hasher.update(&bytes);
    let hash = super::bytes::short_hash(hasher);
    let read = package::check(&bytes)
        .map_err(|problem| (None, Unreadable::Package(problem)))
        .and_then(|()| guarded(|| read_sheets(bytes, lang)));
    let (sheets, skipped) = match read {
        Ok(read) => read,
        Err((Some(sheet), why)) => return Err(sheet_unreadable(file, &sheet, &why, lang)),
        Err((None, why)) => return Err(unreadable(file, &why, lang)),
    };
    let tables = sheets.into_iter().map(table).collect();
    Ok(Opened {
        tables,
        skipped,
        hash: Box::new(move || hash),
    })
}

/// A failure and, when it is one sheet's, that sheet's name.
type Failure = (Option<String>, Unreadable);

/// Runs the workbook library: a panic in it is caught here, at the boundary,
/// as the last resort (its known causes are checked before: [`package::check`]),
/// and becomes [`Unreadable::Failed`] without a word on the terminal.
fn guarded<T>(read: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let first_line = why.lines().next().unwrap_or_default().to_string();
        Err((None, Unreadable::Failed(first_line)))
    })
}

/// Every visible worksheet's cells, and the sheets skipped with why.
type Read = (Vec<(String, Sheet)>, Vec<(String, String)>);

fn read_sheets(bytes: Vec<u8>, lang: Lang) -> Result<Read, Failure> {
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| (None, Unreadable::Library(e.to_string())))?;
    let mut budget = Budget(0);
    let mut sheets = Vec::new();
    let mut skipped = Vec::new();
    for sheet in workbook.sheets_metadata().to_vec() {
        if let Some(why) = not_read(&sheet, lang) {
            skipped.push((sheet.name, why));
            continue;
        }
        let cells = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_cells(xlsx, &sheet.name, &mut budget),
            other => range_cells(other, &sheet.name, &mut budget),
        };
        let cells = cells.map_err(|why| (Some(sheet.name.clone()), why))?;
        if cells.rows.is_empty() {
            skipped.push((sheet.name, lang.pick("empty", "trang trống").to_string()));
            continue;
        }
        sheets.push((sheet.name, cells));
    }
    Ok((sheets, skipped))
}

/// Why a sheet is not read (hidden, a chart), if it is not.
fn not_read(sheet: &calamine::Sheet, lang: Lang) -> Option<String> {
    if sheet.visible != SheetVisible::Visible {
        return Some(lang.pick("a hidden sheet", "trang tính bị ẩn").to_string());
    }
    if !matches!(sheet.typ, SheetType::WorkSheet) {
        let why = lang.pick(
            "not a worksheet (a chart or a macro sheet)",
            "không phải trang tính dữ liệu (biểu đồ hoặc macro)",
        );
        return Some(why.to_string());
    }
    None
}

/// An `.xlsx` sheet read cell by cell, as its XML holds them: whatever its
/// `<dimension>` claims, only its cells are kept, and a shared string once.
fn xlsx_cells<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
    budget: &mut Budget,
) -> Result<Sheet, Unreadable> {
    let library = |e: calamine::XlsxError| Unreadable::Library(e.to_string());
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(library)?;
    let mut shared: FxHashMap<usize, Rc<str>> = FxHashMap::default();
    let mut cells = Vec::new();
    while let Some(found) = reader.next_cell().map_err(library)? {
        let (row, column) = found.get_position();
        let value = match found.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(text) => {
                budget.take(text.len())?;
                let kept = shared.entry(text.as_ptr() as usize);
                Value::Text(kept.or_insert_with(|| Rc::from(*text)).clone())
            }
            other => kept(Data::from(other.clone()), budget)?,
        };
        cells.push((row, column, value));
    }
    Ok(Sheet::from_cells(cells))
}

/// A sheet of the other formats (`.xls`, `.ods`), as calamine reads it whole.
fn range_cells<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    budget: &mut Budget,
) -> Result<Sheet, Unreadable> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| Unreadable::Library(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut cells = Vec::new();
    for (row, column, data) in range.used_cells() {
        let (row, column) = (top + row as u32, left + column as u32);
        cells.push((row, column, kept(data.clone(), budget)?));
    }
    Ok(Sheet::from_cells(cells))
}

/// A cell's value as kept, counted against the budget.
fn kept(data: Data, budget: &mut Budget) -> Result<Value, Unreadable> {
    match data {
        Data::String(text) => {
            budget.take(text.len())?;
            Ok(Value::Text(Rc::from(text)))
        }
        other => {
            budget.take(0)?;
            Ok(Value::Other(other))
        }
    }
}

/// A sheet's cells as a table of rows, each with its line in the sheet.
fn table<'a>((name, sheet): (String, Sheet)) -> Table<'a> {
    let first_column = sheet.first_column as usize + 1;
    let expected_rows = sheet.rows.len();
    // The tool's own form's instructions sheet, known by its title in its first cell.
    let form_instructions = expected_rows > 0
        && crate::words::FORM_INSTRUCTIONS_TITLE.contains(&&*sheet.get(0, 0).text());
    let sheet = Rc::new(sheet);
    let rows = (0..expected_rows).map(move |i| {
        Ok(SourceRow {
            line: sheet.rows[i].0 + 1,
            cells: Cells::Typed(sheet.clone(), i),
        })
    });
    Table {
        sheet: Some(name),
        first_column,
        expected_rows,
        form_instructions,
        rows: Box::new(rows),
    }
}

/// "cannot read this workbook: …", with what is wrong and what to do.
fn unreadable(file: &str, why: &Unreadable, lang: Lang) -> Diagnostic {
    let (message, hint) = why.text(lang);
    Diagnostic::new(
        file,
        tr!(
            lang,
            "cannot read this workbook: {message}",
            "không đọc được tệp bảng tính này: {message}"
        ),
    )
    .hint(hint)
}

/// "cannot read the sheet …": one sheet's cells cannot be read.
fn sheet_unreadable(file: &str, sheet: &str, why: &Unreadable, lang: Lang) -> Diagnostic {
    let (message, hint) = why.text(lang);
    Diagnostic::new(
        file,
        tr!(
            lang,
            "cannot read the sheet \"{sheet}\": {message}",
            "không đọc được trang tính \"{sheet}\": {message}"
        ),
    )
    .hint(hint)
}

impl Unreadable {
    /// What is wrong, and what to do, in the user's language.
    fn text(&self, lang: Lang) -> (String, String) {
        let save_again = tr!(
            lang,
            "open it in Excel or LibreOffice and save it again as .xlsx; if it is protected by a password, save it without one",
            "mở tệp bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx; nếu tệp có mật khẩu, hãy lưu lại không có mật khẩu"
        );
        match self {
            Unreadable::Package(problem) => package_text(problem, lang),
            Unreadable::Cells => {
                let mb = MAX_CELL_BYTES >> 20;
                (
                    tr!(
                        lang,
                        "its cells hold more than {mb} MB once read (a text repeated in many cells counts at each)",
                        "các ô của tệp chiếm hơn {mb} MB khi đọc (một đoạn chữ lặp lại ở nhiều ô được tính ở từng ô)"
                    ),
                    tr!(
                        lang,
                        "check that this is a report; keep long notes short, or split the file",
                        "kiểm tra đây có phải tệp báo cáo không; rút gọn các ghi chú dài hoặc chia nhỏ tệp"
                    ),
                )
            }
            Unreadable::Library(e) => (
                tr!(
                    lang,
                    "{e}",
                    "tệp bị hỏng, có mật khẩu hoặc không phải bảng tính"
                ),
                save_again,
            ),
            Unreadable::Failed(e) => (
                tr!(
                    lang,
                    "the file is damaged (the workbook reader failed: {e})",
                    "tệp bị hỏng (trình đọc bảng tính gặp lỗi)"
                ),
                save_again,
            ),
        }
    }
}

/// What is wrong with a workbook's package, and what to do.
fn package_text(problem: &package::Problem, lang: Lang) -> (String, String) {
    match problem {
        package::Problem::Unpacks { part, bytes } => {
            let (mb, limit) = (bytes >> 20, package::MAX_UNPACKED_BYTES >> 20);
            (
                tr!(
                    lang,
                    "it unpacks to more than {limit} MB ({mb} MB or more, at the part {part}), more than a submission may be",
                    "tệp khi giải nén lớn hơn {limit} MB ({mb} MB trở lên, ở phần {part}), vượt mức cho phép của một báo cáo"
                ),
                tr!(
                    lang,
                    "check that this is a report; a very large one is sent as CSV or split into several files",
                    "kiểm tra đây có phải tệp báo cáo không; tệp rất lớn hãy gửi dạng CSV hoặc chia thành nhiều tệp"
                ),
            )
        }
        package::Problem::Damaged { part, why } => (
            tr!(
                lang,
                "the part {part} is damaged: {why}",
                "phần {part} của tệp bị hỏng: {why}"
            ),
            tr!(
                lang,
                "open it in Excel or LibreOffice and save it again; if it does not open, ask the unit to send it again",
                "mở tệp bằng Excel hoặc LibreOffice và lưu lại; nếu không mở được, đề nghị đơn vị gửi lại tệp"
            ),
        ),
        package::Problem::Claims { part, what } => (
            tr!(
                lang,
                "the part {part} claims {what}, outside a worksheet's limits",
                "phần {part} của tệp ghi {what}, nằm ngoài giới hạn của một trang tính"
            ),
            tr!(
                lang,
                "open it in Excel or LibreOffice and save it again as .xlsx",
                "mở tệp bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_values_however_the_format_keeps_them() {
        let div0 = Data::Error(CellErrorType::Div0);
        assert_eq!(cell(&div0), CellRef::Error("#DIV/0!"));
        for text in ["#DIV/0!", "#REF!", "#N/A", "Err:502"] {
            let data = Data::String(text.into());
            assert_eq!(cell(&data), CellRef::Error(text), "{text}");
        }
        for text in ["#1", "Err:5", "DIV/0", "ghi chú #REF!"] {
            let data = Data::String(text.into());
            assert_eq!(cell(&data), CellRef::Text(text), "{text}");
        }
    }
}

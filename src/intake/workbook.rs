//! Workbooks as units send them (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with
//! calamine. Cells keep their types: a number cell is a number, a date cell a
//! date, a formula its cached value, and an error value (`#DIV/0!`) is reported at
//! its cell. Each visible worksheet is a table; the others are listed as skipped.

use super::source::{CellRef, Cells, OpenOptions, Opened, SourceRow, Table, cannot_read};
use crate::diagnostic::Diagnostic;
use crate::tr;
use calamine::{CellErrorType, Data, Reader, SheetType, SheetVisible};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::Path;

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

/// Opens a workbook: every visible worksheet becomes a table.
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
    let mut workbook =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            Diagnostic::new(
                file,
                tr!(
                    lang,
                    "cannot read this workbook: {e}",
                    "không đọc được tệp bảng tính này (tệp bị hỏng, có mật khẩu hoặc không phải bảng tính)"
                ),
            )
            .hint(tr!(
                lang,
                "open it in Excel or LibreOffice and save it again as .xlsx; if it is protected by a password, save it without one",
                "mở tệp bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx; nếu tệp có mật khẩu, hãy lưu lại không có mật khẩu"
            ))
        })?;
    let mut tables = Vec::new();
    let mut skipped = Vec::new();
    for sheet in workbook.sheets_metadata().to_vec() {
        if sheet.visible != SheetVisible::Visible {
            skipped.push((
                sheet.name,
                lang.pick("a hidden sheet", "trang tính bị ẩn").to_string(),
            ));
            continue;
        }
        if !matches!(sheet.typ, SheetType::WorkSheet) {
            skipped.push((
                sheet.name,
                lang.pick(
                    "not a worksheet (a chart or a macro sheet)",
                    "không phải trang tính dữ liệu (biểu đồ hoặc macro)",
                )
                .to_string(),
            ));
            continue;
        }
        let range = workbook.worksheet_range(&sheet.name).map_err(|e| {
            Diagnostic::new(
                file,
                tr!(
                    lang,
                    "cannot read the sheet \"{}\": {e}",
                    "không đọc được trang tính \"{}\" (trang tính bị hỏng)",
                    sheet.name
                ),
            )
            .hint(tr!(
                lang,
                "open the workbook and save it again as .xlsx",
                "mở tệp và lưu lại dạng .xlsx"
            ))
        })?;
        let Some((first_row, first_column)) = range.start() else {
            skipped.push((sheet.name, lang.pick("empty", "trang trống").to_string()));
            continue;
        };
        let (height, range) = (range.height(), std::rc::Rc::new(range));
        let rows = (0..height).map(move |i| {
            Ok(SourceRow {
                line: first_row + i as u32 + 1,
                cells: Cells::Typed(range.clone(), i),
            })
        });
        tables.push(Table {
            sheet: Some(sheet.name),
            first_column: first_column as usize + 1,
            expected_rows: height,
            rows: Box::new(rows),
        });
    }
    Ok(Opened {
        tables,
        skipped,
        hash: Box::new(move || hash),
    })
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

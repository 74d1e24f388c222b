//! The plan as a workbook (`plan --format xlsx`, `plan new`): a sheet of
//! instructions in Vietnamese, then one sheet per part of the plan
//! ([`crate::plan::sheets::SHEETS`]), headers in Vietnamese and protected,
//! drop-down lists where a column takes one of a few words or a unit's id.
//! Every text is written as text (`write_string`): nothing can run as a formula.

use crate::plan::sheets::{self, Grid, INSTRUCTIONS, Kind, SHEETS, SheetDef};
use rust_xlsxwriter::{
    DataValidation, Format, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// How many rows below the header the drop-down lists cover, at least.
const LISTED_ROWS: u32 = 1000;

/// The workbook of `doc` (the plan as a TOML document), or a blank one to start from.
pub fn workbook(doc: Option<&toml::Table>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    instructions(book.add_worksheet())?;
    for sheet in SHEETS {
        let grid = sheets::grid(sheet, doc);
        let worksheet = book.add_worksheet();
        worksheet.set_name(sheet.name)?;
        write_grid(worksheet, &grid)?;
        lists(worksheet, &grid)?;
        protect_headers(worksheet, &grid)?;
    }
    book.save_to_buffer()
}

fn header_format() -> Format {
    Format::new().set_bold().set_text_wrap()
}

/// The header row, then the values, each cell of its type.
fn write_grid(sheet: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    let bold = header_format();
    for (c, (header, _)) in grid.headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
        sheet.set_column_width(c as u16, if c == 0 { 22 } else { 28 })?;
    }
    for (r, row) in grid.rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if let Some(value) = value {
                write_value(sheet, r as u32 + 1, c as u16, value)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// One value: a number as a number, yes/no as a boolean, a list as its texts
/// separated by `; `, anything else as text (never a formula).
fn write_value(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    value: &toml::Value,
) -> Result<(), XlsxError> {
    match value {
        toml::Value::Integer(i) => sheet.write_number(r, c, *i as f64)?,
        toml::Value::Float(f) => sheet.write_number(r, c, *f)?,
        toml::Value::Boolean(b) => sheet.write_boolean(r, c, *b)?,
        toml::Value::Array(items) => sheet.write_string(r, c, list_text(items))?,
        toml::Value::String(s) => sheet.write_string(r, c, s)?,
        other => sheet.write_string(r, c, other.to_string())?,
    };
    Ok(())
}

/// A list's texts in one cell.
fn list_text(items: &[toml::Value]) -> String {
    let texts: Vec<String> = items
        .iter()
        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
        .collect();
    texts.join("; ")
}

/// Drop-down lists: the few words a column may take, a unit's id from the
/// units sheet, TRUE/FALSE for a yes/no column.
fn lists(sheet: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    let last = (grid.rows.len() as u32).max(LISTED_ROWS);
    for (c, (_, path)) in grid.headers.iter().enumerate() {
        let Some(path) = path else { continue };
        let Some(list) = list_of(path)? else { continue };
        sheet.add_data_validation(1, c as u16, last, c as u16, &list)?;
    }
    Ok(())
}

fn list_of(path: &str) -> Result<Option<DataValidation>, XlsxError> {
    let list = if let Some(words) = sheets::choices(path) {
        DataValidation::new().allow_list_strings(words)?
    } else if sheets::is_unit_id(path) {
        DataValidation::new().allow_list_formula(Formula::new(units_id_range()))
    } else if sheets::kind(path) == Kind::Bool {
        DataValidation::new().allow_list_strings(&["TRUE", "FALSE"])?
    } else {
        return Ok(None);
    };
    Ok(Some(list.set_error_message(
        "Hãy chọn một giá trị trong danh sách (xem trang Hướng dẫn).",
    )?))
}

/// The ids of the units sheet (its first column), for a drop-down list.
fn units_id_range() -> String {
    let units = SHEETS
        .iter()
        .find(|s| matches!(s.layout, sheets::Layout::Rows("units")))
        .map_or("", |s| s.name);
    format!("='{units}'!$A$2:$A$10000")
}

/// The header row locked, everything below it open: rows may be added and
/// deleted, columns widened, and the protection lifted (it has no password)
/// to add a column named in the instructions.
fn protect_headers(sheet: &mut Worksheet, grid: &Grid) -> Result<(), XlsxError> {
    let open = Format::new().set_unlocked();
    for c in 0..grid.headers.len() as u16 {
        sheet.set_column_format(c, &open)?;
    }
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        format_cells: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}

/// The first sheet: what the workbook is, each sheet, and each column's meaning.
fn instructions(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name(INSTRUCTIONS)?;
    let bold = header_format();
    let wrap = Format::new().set_text_wrap();
    let intro = [
        "Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới, dạng bảng tính.",
        "Mỗi trang là một phần của kế hoạch; dòng 1 của mỗi trang là tiêu đề cột (được khóa), mỗi dòng bên dưới là một mục.",
        "Khi điền xong: gender-plan plan import kehoach.xlsx -o plan.toml (mọi lỗi được chỉ ra theo ô, ví dụ kehoach.xlsx[Đơn vị]!B7), rồi gender-plan check.",
        "Ô để trống là không có giá trị. Nhiều giá trị trong một ô cách nhau bằng dấu ;. Ngày viết dạng YYYY-MM-DD (hoặc là ô ngày).",
        "Các giá trị như office, ratio, higher là từ khóa của chương trình: chọn trong danh sách thả xuống.",
    ];
    for (r, line) in intro.iter().enumerate() {
        sheet.write_string(r as u32, 0, *line)?;
    }
    let top = intro.len() as u32 + 1;
    for (c, h) in ["Trang", "Cột", "Khóa trong plan.toml", "Ý nghĩa"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(top, c as u16, *h, &bold)?;
    }
    let mut r = top + 1;
    for def in SHEETS {
        r = explain_sheet(sheet, r, def, &wrap)?;
    }
    for (c, width) in [22.0, 34.0, 30.0, 80.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// A sheet's line (what it holds), then a line per column; the next free row.
fn explain_sheet(
    sheet: &mut Worksheet,
    mut r: u32,
    def: &SheetDef,
    wrap: &Format,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(r, 0, def.name, &header_format())?;
    sheet.write_string_with_format(r, 3, def.about, wrap)?;
    r += 1;
    if let Some(key) = sheets::key_header(&def.layout) {
        sheet.write_string(r, 1, key)?;
        sheet.write_string(r, 3, "mã hoặc loại của dòng mà mục này thuộc về")?;
        r += 1;
    }
    let grid = sheets::grid(def, None);
    let columns = match def.layout {
        sheets::Layout::Pairs(_) => grid.rows.iter().map(|row| pair_path(row)).collect(),
        _ => grid
            .headers
            .iter()
            .filter_map(|(_, p)| p.clone())
            .collect::<Vec<_>>(),
    };
    for path in columns {
        sheet.write_string(r, 1, sheets::label(&path))?;
        sheet.write_string(r, 2, &path)?;
        sheet.write_string_with_format(r, 3, explanation(&path), wrap)?;
        r += 1;
    }
    Ok(r + 1)
}

/// The dotted key of a row of a pairs sheet, from its header's words.
fn pair_path(row: &[Option<toml::Value>]) -> String {
    let label = row[0].as_ref().and_then(|v| v.as_str()).unwrap_or("");
    sheets::columns(&SHEETS[0].layout)
        .into_iter()
        .find(|p| sheets::label(p) == label)
        .unwrap_or_default()
}

/// What a column means: its last key's meaning, and the language of a text.
fn explanation(path: &str) -> String {
    let mut segments = path.rsplit('.');
    let last = segments.next().unwrap_or(path);
    match last {
        "vi" | "en" => {
            let of = segments.next().map_or("", sheets::meaning);
            let language = if last == "vi" {
                "tiếng Việt"
            } else {
                "tiếng Anh"
            };
            format!("{of} ({language})").trim_start().to_string()
        }
        _ => sheets::meaning(last).to_string(),
    }
}

//! The plan workbook's reader (`plan import`): its sheets ([`sheets::SHEETS`])
//! and their columns are read cell by cell, each value checked against its
//! column (a number, a whole number, yes/no, a list), and composed into the
//! plan.toml they make, every value's span recorded with its cell
//! ([`CellMap`]). The one validation then reads that text as it reads any
//! plan.toml, and places each problem at the cell the value came from.

use super::position::{CellAt, CellMap};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::intake::fields::fold;
use crate::plan::sheets::{self, Kind, Layout, PAIR_HEADERS, SHEETS, SheetDef};
use crate::tr;
use calamine::{Data, Reader};
use std::path::Path;

mod compose;
mod problems;

/// A workbook read as a plan: the plan.toml its cells make, and where each of
/// its values came from.
pub struct Imported {
    pub text: String,
    pub cells: CellMap,
}

/// A sheet of the workbook as read: its definition and its rows.
struct ReadSheet {
    def: &'static SheetDef,
    /// Index into the cell map's sheets.
    index: usize,
    rows: Vec<Row>,
}

/// A row below the header: its key (a parent's id, a kind, or a pairs sheet's
/// key) and its values with their dotted keys.
struct Row {
    row: usize,
    key: Option<(toml::Value, CellAt)>,
    values: Vec<(String, toml::Value, CellAt)>,
}

/// Reads a plan workbook: every problem of its sheets, headers and cells at
/// once, or the plan text its cells make.
pub fn read(path: &Path, file: &str, lang: Lang) -> Result<Imported, Vec<Diagnostic>> {
    let ranges = open(path, file, lang)?;
    let names: Vec<String> = ranges.iter().map(|(name, _)| name.clone()).collect();
    let mut cells = CellMap::new(file, names);
    let mut problems = Vec::new();
    let mut read = Vec::new();
    for (index, (name, range)) in ranges.iter().enumerate() {
        match sheet_def(name) {
            Some(Some(def)) => {
                read.push(read_sheet(def, index, range, &cells, lang, &mut problems))
            }
            Some(None) => {} // the instructions
            None => problems.push(problems::unknown_sheet(file, name, lang)),
        }
    }
    for def in SHEETS.iter().filter(|d| d.required) {
        if !read.iter().any(|r| std::ptr::eq(r.def, def)) {
            problems.push(problems::missing_sheet(file, def.name, lang));
        }
    }
    let root = compose::tree(&read, &cells, lang, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = compose::text(&root, &mut cells);
    Ok(Imported { text, cells })
}

/// The sheet a name is (Some(None): the instructions); None for a sheet the
/// plan workbook does not have.
fn sheet_def(name: &str) -> Option<Option<&'static SheetDef>> {
    let folded = fold(name);
    if folded == fold(sheets::INSTRUCTIONS) {
        return Some(None);
    }
    SHEETS.iter().find(|d| fold(d.name) == folded).map(Some)
}

/// The workbook's sheets and their cells; its package checked first, as a
/// unit's workbook is, so no file can exhaust memory or crash the reader.
fn open(
    path: &Path,
    file: &str,
    lang: Lang,
) -> Result<Vec<(String, calamine::Range<Data>)>, Vec<Diagnostic>> {
    let unreadable = |why: String| vec![problems::unreadable(file, why, lang)];
    let bytes =
        std::fs::read(path).map_err(|e| unreadable(crate::i18n::os_error_text(&e, lang)))?;
    if bytes.len() as u64 > super::MAX_PLAN_BYTES {
        return Err(unreadable(tr!(
            lang,
            "it is larger than 64 MB",
            "tệp lớn hơn 64 MB"
        )));
    }
    crate::intake::package::check(&bytes).map_err(|p| unreadable(format!("{p:?}")))?;
    let read = std::panic::catch_unwind(move || -> Result<_, calamine::Error> {
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))?;
        let names = book.sheet_names();
        names
            .into_iter()
            .map(|name| Ok((name.clone(), book.worksheet_range(&name)?)))
            .collect()
    });
    match read {
        Ok(Ok(sheets)) => Ok(sheets),
        Ok(Err(e)) => Err(unreadable(e.to_string())),
        Err(_) => Err(unreadable(tr!(
            lang,
            "the workbook library failed on it",
            "thư viện đọc bảng tính gặp lỗi với tệp này"
        ))),
    }
}

/// What a column of a sheet holds: the row's key, or a value's dotted key.
#[derive(Clone)]
enum Column {
    Key,
    Value(String),
    /// A pairs sheet's value column.
    PairValue,
}

/// A sheet's header and rows; each problem pushed with its cell.
fn read_sheet(
    def: &'static SheetDef,
    index: usize,
    range: &calamine::Range<Data>,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> ReadSheet {
    let (top, left) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let at = |r: usize, c: usize| CellAt {
        sheet: index,
        row: top + r + 1,
        column: Some(left + c + 1),
    };
    let mut rows = Vec::new();
    let mut lines = range.rows();
    let Some(header) = lines.next() else {
        return ReadSheet { def, index, rows };
    };
    let columns = header_columns(def, header, &|c| at(0, c), cells, lang, problems);
    for (r, line) in lines.enumerate() {
        let cell = |c: usize| at(r + 1, c);
        if let Some(row) = read_row(def, &columns, line, &cell, cells, lang, problems) {
            rows.push(Row {
                row: top + r + 2,
                ..row
            });
        }
    }
    ReadSheet { def, index, rows }
}

/// The header's columns: each known by its words or its dotted key; an unknown
/// or repeated header is a problem at its cell.
fn header_columns(
    def: &SheetDef,
    header: &[Data],
    at: &dyn Fn(usize) -> CellAt,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Option<Column>> {
    let known = known_columns(&def.layout);
    let mut seen: Vec<String> = Vec::new();
    let mut columns = Vec::new();
    for (c, cell) in header.iter().enumerate() {
        let text = cell.to_string();
        if text.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let column = known
            .iter()
            .find(|(words, _)| fold(words) == fold(&text))
            .map(|(_, c)| c.clone());
        let name = fold(&text);
        if column.is_none() || seen.contains(&name) {
            let hint = known.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>();
            problems.push(problems::bad_header(
                cells,
                at(c),
                &text,
                column.is_some(),
                &hint,
                lang,
            ));
        }
        seen.push(name);
        columns.push(column);
    }
    columns
}

/// The headers a sheet may have: each column's words and dotted key.
fn known_columns(layout: &Layout) -> Vec<(String, Column)> {
    let mut known = Vec::new();
    if let Layout::Pairs(_) = layout {
        known.push((PAIR_HEADERS[0].to_string(), Column::Key));
        known.push((PAIR_HEADERS[1].to_string(), Column::PairValue));
        return known;
    }
    if let Some(key) = sheets::key_header(layout) {
        known.push((key.to_string(), Column::Key));
    }
    for path in sheets::columns(layout) {
        known.push((sheets::label(&path), Column::Value(path.clone())));
        known.push((path.clone(), Column::Value(path)));
    }
    known
}

/// A row's values, each read as its column's kind; None for an empty row.
fn read_row(
    def: &SheetDef,
    columns: &[Option<Column>],
    line: &[Data],
    at: &dyn Fn(usize) -> CellAt,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Option<Row> {
    if let Layout::Pairs(_) = def.layout {
        return read_pair(&def.layout, columns, line, at, cells, lang, problems);
    }
    let mut row = Row {
        row: 0,
        key: None,
        values: Vec::new(),
    };
    for (c, data) in line.iter().enumerate() {
        if is_empty(data) {
            continue;
        }
        let Some(Some(column)) = columns.get(c) else {
            problems.push(problems::no_header(cells, at(c), lang));
            continue;
        };
        match column {
            Column::Key => match cell_value(Kind::Text, data) {
                Ok(value) => row.key = Some((value, at(c))),
                Err(why) => problems.push(problems::bad_cell(cells, at(c), why, lang)),
            },
            Column::Value(path) => push_value(&mut row, path, data, at(c), cells, lang, problems),
            Column::PairValue => {}
        }
    }
    (row.key.is_some() || !row.values.is_empty()).then_some(row)
}

fn is_empty(data: &Data) -> bool {
    matches!(data, Data::Empty) || matches!(data, Data::String(s) if s.trim().is_empty())
}

/// A pairs sheet's row: the key its first column names, and its value read as
/// that key's kind.
fn read_pair(
    layout: &Layout,
    columns: &[Option<Column>],
    line: &[Data],
    at: &dyn Fn(usize) -> CellAt,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Option<Row> {
    let find =
        |wanted: fn(&Column) -> bool| columns.iter().position(|c| c.as_ref().is_some_and(wanted));
    let key_column = find(|c| matches!(c, Column::Key))?;
    let value_column = find(|c| matches!(c, Column::PairValue))?;
    let value = line.get(value_column).filter(|d| !is_empty(d))?;
    let key = line.get(key_column).map(cell_text).unwrap_or_default();
    let Some(path) = pair_path(layout, &key) else {
        problems.push(problems::unknown_item(cells, at(key_column), &key, lang));
        return None;
    };
    let mut row = Row {
        row: 0,
        key: None,
        values: Vec::new(),
    };
    push_value(
        &mut row,
        &path,
        value,
        at(value_column),
        cells,
        lang,
        problems,
    );
    Some(row)
}

/// The dotted key a pairs sheet's row names, by its words or its key.
fn pair_path(layout: &Layout, text: &str) -> Option<String> {
    let folded = fold(text);
    sheets::columns(layout)
        .into_iter()
        .find(|p| fold(&sheets::label(p)) == folded || fold(p) == folded)
}

fn push_value(
    row: &mut Row,
    path: &str,
    data: &Data,
    at: CellAt,
    cells: &CellMap,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) {
    match cell_value(sheets::kind(path), data) {
        Ok(value) => row.values.push((path.to_string(), value, at)),
        Err(why) => problems.push(problems::bad_cell(cells, at, why, lang)),
    }
}

/// Why a cell cannot be its column's kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unfit {
    Number,
    Whole,
    YesNo,
    Error,
}

/// A cell as its column's kind: text (a number cell as its digits, a date cell
/// as YYYY-MM-DD), a whole number, a number, yes/no, or a list of texts.
fn cell_value(kind: Kind, data: &Data) -> Result<toml::Value, Unfit> {
    use toml::Value as V;
    if let Data::Error(_) = data {
        return Err(Unfit::Error);
    }
    Ok(match kind {
        Kind::Text => V::String(cell_text(data)),
        Kind::List => V::Array(
            cell_text(data)
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| V::String(t.to_string()))
                .collect(),
        ),
        Kind::Number => V::Float(number(data).ok_or(Unfit::Number)?),
        Kind::Int => {
            let n = number(data).ok_or(Unfit::Whole)?;
            if n.fract() != 0.0 || n.abs() > 1e15 {
                return Err(Unfit::Whole);
            }
            V::Integer(n as i64)
        }
        Kind::Bool => V::Boolean(yes_no(data).ok_or(Unfit::YesNo)?),
    })
}

/// A cell's text: a whole number without its ".0", a date as YYYY-MM-DD.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) => d.as_datetime().map_or_else(
            || d.to_string(),
            |d| d.date().format("%Y-%m-%d").to_string(),
        ),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// A number cell, or a text holding a number (a decimal comma accepted).
fn number(data: &Data) -> Option<f64> {
    let n = match data {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::String(s) => s.trim().replace(',', ".").parse().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// A yes/no cell: a boolean, or TRUE/FALSE, có/không, đúng/sai, yes/no, 1/0.
fn yes_no(data: &Data) -> Option<bool> {
    match data {
        Data::Bool(b) => Some(*b),
        Data::Float(f) if *f == 0.0 || *f == 1.0 => Some(*f == 1.0),
        Data::Int(i) if *i == 0 || *i == 1 => Some(*i == 1),
        Data::String(s) => match fold(s).as_str() {
            "true" | "co" | "dung" | "yes" | "x" | "1" => Some(true),
            "false" | "khong" | "sai" | "no" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests;

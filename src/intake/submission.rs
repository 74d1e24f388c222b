//! One unit's submission, from a file to validated rows.
//!
//! A pipeline of small steps, the same for every file format:
//! 1. the [format](super::source) opens the file as tables of rows (a CSV file is
//!    one table, a workbook one per sheet);
//! 2. each table's [header](super::header) is found, below any title rows;
//! 3. each row is read field by field ([`FileReader::read_row`]): unit, indicator,
//!    period, submitted date, figure, note; numbers unambiguous on their own are
//!    read at once, the others wait for the file's convention;
//! 4. file-level checks: the file's number convention (decimal comma or dot) is
//!    settled from all its numbers and the waiting ones are read, then figures are
//!    checked against their indicator and repeated keys are found.
//!
//! Every problem is collected with its place in the file, so the clerk fixes a file
//! once.

use super::fields::{ReportDateError, fold, is_no_cases, parse_report_date, parse_yes_no};
use super::header::{Column, Found, Header, column_label, find_header};
use super::names::{Bearers, IndicatorIds, UnitNames};
use super::number::{Decimal, NumberError, Settled, Tally, parse_number};
use super::source::{self, CellRef, MAX_CELL_CHARS, OpenOptions, Opened, SourceRow, Stop, Table};
use crate::diagnostic::Diagnostic;
use crate::domain::attainment::settle;
use crate::domain::duties::Duties;
use crate::domain::figure::{Figure, Key, MAX_DIGITS};
use crate::domain::measure::{Frequency, Measure};
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::plan::{Indicator, Plan, format_number, period_bounds};
use crate::store::NO_NOTE;
use crate::text::excerpt;
use crate::tr;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::path::Path;
use unicode_normalization::{UnicodeNormalization, is_nfc};

mod checks;
mod rules;
pub use checks::figure_problems;
use checks::merge_repeats;
pub use rules::*;

/// At most this many problems are listed per file; a file this wrong is usually
/// wrong the same way on every line.
const MAX_PROBLEMS: usize = 50;

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
    /// Line of a CSV file, or row of the worksheet [`Row::sheet`].
    pub line: u32,
    /// Index into [`Submission::sheets`] (0 for a CSV file).
    pub sheet: u16,
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
    /// The worksheets rows come from; empty for a CSV file.
    pub sheets: Vec<String>,
    /// Worksheets not read, with the reason.
    pub skipped_sheets: Vec<(String, String)>,
    /// Lines left empty (no figure, no note), by unit, in unit order: nothing of
    /// them is recorded ([`FileReader::left_empty`]).
    pub left_empty: Vec<LeftEmpty>,
}

/// A unit's lines that say nothing: a form's rows nobody filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeftEmpty {
    pub unit: u16,
    pub lines: u32,
    /// Whether the file has no other line of the unit: its whole form is empty.
    pub all: bool,
}

impl Submission {
    pub fn note(&self, row: &Row) -> Option<&str> {
        self.notes.get(row.note as usize).map(|n| &**n)
    }

    /// A diagnostic about a row of this file, placed at the row.
    pub fn at_row(&self, diagnostic: Diagnostic, row: &Row) -> Diagnostic {
        match self.sheets.get(row.sheet as usize) {
            Some(sheet) => diagnostic.in_sheet(sheet, row.line as usize, None),
            None => diagnostic.at_line(row.line as usize),
        }
    }

    /// Where a row is, as diagnostics write it: `FILE:LINE` or `FILE[SHEET]!ROW:ROW`.
    pub fn place(&self, row: &Row) -> String {
        self.at_row(Diagnostic::new(&self.file, ""), row).location()
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

/// A place in the file: a table (sheet), a line or row, and maybe a column.
#[derive(Debug, Clone, Copy)]
struct At {
    table: u16,
    line: u32,
    /// 1-based column in the sheet; shown for workbooks only.
    column: Option<usize>,
}

/// The problems of one file, placed as people see them.
struct Problems<'a> {
    file: &'a str,
    lang: Lang,
    /// The name of each table read so far: None for a CSV file.
    sheets: Vec<Option<String>>,
    found: Vec<(u16, Diagnostic)>,
    more: usize,
}

impl Problems<'_> {
    fn add(&mut self, at: At, message: String, hint: String) {
        if self.found.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        let diagnostic = Diagnostic::new(self.file, message).hint(hint);
        let diagnostic = match self.sheets.get(at.table as usize) {
            Some(Some(sheet)) => diagnostic.in_sheet(sheet, at.line as usize, at.column),
            _ => diagnostic.at_line(at.line as usize),
        };
        self.found.push((at.table, diagnostic));
    }

    fn count(&self) -> usize {
        self.found.len() + self.more
    }

    /// The problems in the file's order, repeats merged, and how many more there were.
    fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        let lang = self.lang;
        self.found
            .sort_by_key(|(table, d)| (*table, d.line, d.column));
        let workbook = self.sheets.iter().any(Option::is_some);
        let mut problems = merge_repeats(
            self.found.into_iter().map(|(_, d)| d).collect(),
            workbook,
            lang,
        );
        if self.more > 0 {
            let n = self.more;
            problems.push(Diagnostic::new(
                self.file,
                tr!(lang, "… and {n} more problems", "… và {n} lỗi khác"),
            ));
        }
        problems
    }
}

/// The row being read, and where its fields are.
struct RowAt<'r> {
    row: &'r SourceRow,
    header: &'r Header,
    table: u16,
    first_column: usize,
}

impl<'r> RowAt<'r> {
    fn cell(&self, column: Column) -> CellRef<'r> {
        self.header
            .index(column)
            .map_or(CellRef::Empty, |i| self.row.get(i))
    }

    fn text(&self, column: Column) -> std::borrow::Cow<'r, str> {
        self.cell(column).text()
    }

    /// The place of a field's cell (of the whole row when the column is absent).
    fn at(&self, column: Column) -> At {
        At {
            table: self.table,
            line: self.row.line,
            column: self.header.index(column).map(|i| self.first_column + i),
        }
    }

    fn whole(&self) -> At {
        At {
            table: self.table,
            line: self.row.line,
            column: None,
        }
    }
}

/// What a row's indicator cell names.
enum IndicatorCell {
    /// Empty: a narrative report.
    Narrative,
    Known(u16),
    Unknown,
}

/// The state of reading one file.
struct FileReader<'a> {
    plan: &'a Plan,
    units: &'a UnitNames<'a>,
    indicators: &'a IndicatorIds,
    options: &'a ReadOptions,
    problems: Problems<'a>,
    /// What the file's numbers show of its decimal convention.
    tally: Tally,
    rows: Vec<Row>,
    notes: Vec<Box<str>>,
    deferred: Vec<Deferred>,
    unit_cache: FxHashMap<String, Option<u16>>,
    /// Who has which duty, per period: computed once per period, not per row.
    duties: FxHashMap<Period, std::sync::Arc<Duties>>,
    dates: FxHashMap<String, Result<NaiveDate, ReportDateError>>,
    /// Rows without a submitted date.
    undated: usize,
    /// Lines that say nothing, by unit.
    empty: FxHashMap<u16, u32>,
    /// Years a date may fall in: the plan's, and the year after (a late annual report).
    years: std::ops::RangeInclusive<i32>,
    earliest: NaiveDate,
}

/// Reads and validates one submission file (CSV or workbook). `file` names it in
/// diagnostics.
pub fn read_submission(
    file: &str,
    path: &Path,
    plan: &Plan,
    units: &UnitNames<'_>,
    indicators: &IndicatorIds,
    options: &ReadOptions,
) -> Result<Submission, Vec<Diagnostic>> {
    let lang = options.lang;
    if is_form_instructions(path) {
        return Err(vec![form_instructions_saved_alone(file, lang)]);
    }
    let open_options = OpenOptions {
        windows1258: options.windows1258,
        lang,
        plan: Some(plan),
    };
    let Opened {
        tables,
        mut skipped,
        hash,
    } = source::open(file, path, &open_options).map_err(|d| vec![d])?;
    let mut reader = FileReader::new(file, plan, (units, indicators), options);
    let mut sheets = Vec::new();
    let mut first_miss = None;
    let mut read_a_table = false;
    for table in tables {
        let sheet = table.sheet.clone();
        let instructions = table.form_instructions;
        match reader.read_table(table) {
            Ok(None) => {
                read_a_table = true;
                sheets.extend(sheet);
            }
            Ok(Some(miss)) => {
                // The form's own instructions sheet is expected, not worth a line.
                if let Some(name) = sheet.as_ref().filter(|_| !instructions) {
                    skipped.push((name.clone(), miss.reason(lang)));
                }
                first_miss.get_or_insert((reader.problems.sheets.len() - 1, miss));
            }
            Err(problem) => return Err(vec![problem]),
        }
    }
    if !read_a_table {
        // Not one table has a header: say what the closest row lacks.
        let (table, miss) = first_miss.unwrap_or((
            0,
            Miss {
                line: 1,
                cells: Vec::new(),
                missing: vec![Column::Unit, Column::Period],
                repeated: Vec::new(),
            },
        ));
        reader.problems.sheets.resize(table + 1, None);
        miss.report(&mut reader.problems, table as u16);
    }
    reader.settle_numbers();
    reader.check_figures();
    reader.check_parts();
    reader.check_repeats();

    if reader.problems.count() > 0 {
        return Err(reader.problems.into_diagnostics());
    }
    // Rows were numbered by table; a row's sheet is its index among the tables read.
    let table_to_sheet = table_to_sheet(&reader.problems.sheets);
    for row in &mut reader.rows {
        row.sheet = table_to_sheet[row.sheet as usize];
    }
    let left_empty = reader.left_empty_units();
    Ok(Submission {
        file: file.to_string(),
        hash: hash(),
        rows: reader.rows,
        notes: reader.notes,
        undated: reader.undated,
        sheets,
        skipped_sheets: skipped,
        left_empty,
    })
}

/// For each table, its index among the named tables that were read.
fn table_to_sheet(tables: &[Option<String>]) -> Vec<u16> {
    let mut next = 0;
    tables
        .iter()
        .map(|t| {
            let this = next;
            if t.is_some() {
                next += 1;
            }
            this
        })
        .collect()
}

/// A table without a usable header.
struct Miss {
    line: u32,
    cells: Vec<String>,
    missing: Vec<Column>,
    /// Columns named twice.
    repeated: Vec<(Column, usize, usize)>,
}

impl Miss {
    /// Why a sheet was not read, for the list of skipped sheets.
    fn reason(&self, lang: Lang) -> String {
        if self.repeated.is_empty() {
            lang.pick(
                "no header row naming the unit and period columns",
                "không có dòng tiêu đề với cột đơn vị và cột kỳ",
            )
            .to_string()
        } else {
            lang.pick(
                "its header row names a column twice",
                "dòng tiêu đề có một cột bị đặt tên hai lần",
            )
            .to_string()
        }
    }

    fn report(self, problems: &mut Problems, table: u16) {
        let lang = problems.lang;
        let at = At {
            table,
            line: self.line,
            column: None,
        };
        let repeated = !self.repeated.is_empty();
        for (column, earlier, index) in self.repeated {
            let label = column_label(column, lang);
            problems.add(
                at,
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
        }
        if self.cells.iter().all(|c| c.trim().is_empty()) && !repeated {
            problems.add(
                at,
                tr!(
                    lang,
                    "the file is empty: there is no header row",
                    "tệp trống: không có dòng tiêu đề"
                ),
                header_hint(lang),
            );
            return;
        }
        let found = self
            .cells
            .iter()
            .map(|h| format!("\"{}\"", excerpt(h)))
            .collect::<Vec<_>>()
            .join(", ");
        for required in self.missing {
            let label = column_label(required, lang);
            let message = tr!(
                lang,
                "no \"{label}\" column in the header row (found {found})",
                "dòng tiêu đề không có cột \"{label}\" (chỉ có {found})"
            );
            problems.add(at, message, header_hint(lang));
        }
    }
}

impl<'a> FileReader<'a> {
    /// The state of reading `file`, before its first table.
    fn new(
        file: &'a str,
        plan: &'a Plan,
        (units, indicators): (&'a UnitNames<'a>, &'a IndicatorIds),
        options: &'a ReadOptions,
    ) -> FileReader<'a> {
        let (start, end) = (plan.meta.start_year, plan.meta.end_year);
        FileReader {
            plan,
            units,
            indicators,
            options,
            problems: Problems {
                file,
                lang: options.lang,
                sheets: Vec::new(),
                found: Vec::new(),
                more: 0,
            },
            tally: Tally::default(),
            rows: Vec::new(),
            notes: Vec::new(),
            deferred: Vec::new(),
            unit_cache: FxHashMap::default(),
            duties: FxHashMap::default(),
            dates: FxHashMap::default(),
            undated: 0,
            empty: FxHashMap::default(),
            years: start..=end + 1,
            earliest: NaiveDate::from_ymd_opt(start, 1, 1).expect("valid year"),
        }
    }
}

impl FileReader<'_> {
    /// Reads one table: finds its header, then reads every row. `Ok(Some(miss))` when
    /// it has no usable header; `Err` when the file cannot be read on.
    fn read_table(&mut self, table: Table) -> Result<Option<Miss>, Diagnostic> {
        let index = self.problems.sheets.len() as u16;
        self.problems.sheets.push(table.sheet.clone());
        let Table {
            first_column,
            mut rows,
            expected_rows,
            ..
        } = table;
        let header = match find_header(&mut rows) {
            Ok(Found::Header(header)) if header.repeated.is_empty() => header,
            Ok(Found::Header(header)) => {
                return Ok(Some(Miss {
                    line: header.line,
                    cells: Vec::new(),
                    missing: Vec::new(),
                    repeated: header.repeated,
                }));
            }
            Ok(Found::Missing {
                line,
                cells,
                missing,
            }) => {
                return Ok(Some(Miss {
                    line,
                    cells,
                    missing,
                    repeated: Vec::new(),
                }));
            }
            Err(stop) => return self.stopped(stop, index).map(|()| None),
        };
        self.rows.reserve(expected_rows);
        for row in rows {
            let row = match row {
                Ok(row) => row,
                Err(Stop::Skip(line, message, hint)) => {
                    let at = At {
                        table: index,
                        line,
                        column: None,
                    };
                    self.problems.add(at, message, hint);
                    continue;
                }
                Err(stop) => return self.stopped(stop, index).map(|()| None),
            };
            if row.is_empty() {
                continue; // spreadsheets leave empty rows; they say nothing
            }
            let at = RowAt {
                row: &row,
                header: &header,
                table: index,
                first_column,
            };
            self.read_row(&at);
        }
        Ok(None)
    }

    fn stopped(&mut self, stop: Stop, table: u16) -> Result<(), Diagnostic> {
        match stop {
            Stop::Fatal(problem) => Err(problem),
            Stop::Row(line, message, hint) | Stop::Skip(line, message, hint) => {
                let at = At {
                    table,
                    line,
                    column: None,
                };
                self.problems.add(at, message, hint);
                Ok(())
            }
        }
    }

    /// One row, field by field; a row with any problem adds no figure.
    fn read_row(&mut self, r: &RowAt) {
        let before = self.problems.count();
        if !self.cells_fit(r) || !self.error_cells(r) {
            return;
        }
        let unit = self.unit(r);
        let indicator = self.indicator(r);
        let indicator_def = match indicator {
            IndicatorCell::Known(i) => Some(&self.plan.indicators[i as usize]),
            _ => None,
        };
        let group = self.group(r, indicator_def);
        let period = self.period(r, indicator_def);
        // Names and duties in time: a name two units had names the one of the row's
        // period, and the unit must exist and have the duty in that round.
        let unit = match (unit, period) {
            (Some(_), Some(period)) => {
                let found = self.unit_in_period(r, period);
                let index = match indicator {
                    IndicatorCell::Known(i) => Some(i),
                    _ => None,
                };
                if let Some(found) = found {
                    self.has_duty(r, found, index, period);
                }
                found
            }
            (unit, _) => unit,
        };
        let submitted = self.submitted(r);
        let pending = self.figure(r, &indicator);
        if self.problems.count() > before {
            return;
        }
        let (Some(unit), Some(period), Some(submitted), Some(pending), Some(group)) =
            (unit, period, submitted, pending, group)
        else {
            return;
        };
        let indicator = match indicator {
            IndicatorCell::Known(i) => Some(i),
            _ => None,
        };
        if self.left_empty(r, unit, &pending) {
            return;
        }
        let figure = self.take_figure(pending);
        let note = self.note(r);
        self.rows.push(Row {
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
            line: r.row.line,
            sheet: r.table,
        });
    }

    /// A line that says nothing (no figure, no note: a form's row nobody filled
    /// in) is not a report: it is counted for the summary and records nothing, so
    /// it neither counts as the unit's report nor hides a figure or note recorded
    /// before. True when the row is such a line.
    fn left_empty(&mut self, r: &RowAt, unit: u16, pending: &Pending) -> bool {
        let says_nothing = matches!(
            pending,
            Pending::Ready(Figure::Blank) | Pending::Ready(Figure::Narrative)
        ) && r.text(Column::Note).trim().is_empty();
        if says_nothing {
            *self.empty.entry(unit).or_default() += 1;
            // Its missing date gave nothing a date.
            if r.cell(Column::Submitted).is_empty() {
                self.undated -= 1;
            }
        }
        says_nothing
    }

    /// The units with lines left empty, and whether that was all they had.
    fn left_empty_units(&self) -> Vec<LeftEmpty> {
        let mut filled = rustc_hash::FxHashSet::default();
        for row in &self.rows {
            filled.insert(row.key().unit);
        }
        let mut units: Vec<LeftEmpty> = self
            .empty
            .iter()
            .map(|(&unit, &lines)| LeftEmpty {
                unit,
                lines,
                all: !filled.contains(&unit),
            })
            .collect();
        units.sort_by_key(|e| e.unit);
        units
    }

    /// A cell longer than [`MAX_CELL_CHARS`] (Excel's own limit) is reported and the
    /// row not read further; false when there is one.
    fn cells_fit(&mut self, r: &RowAt) -> bool {
        let lang = self.problems.lang;
        let overlong = (0..r.row.len()).find_map(|i| {
            let text = r.row.get(i).text();
            (text.len() > MAX_CELL_CHARS)
                .then(|| text.chars().count())
                .filter(|&n| n > MAX_CELL_CHARS)
                .map(|n| (i, n))
        });
        let Some((index, chars)) = overlong else {
            return true;
        };
        let column = index + 1;
        let at = At {
            table: r.table,
            line: r.row.line,
            column: Some(r.first_column + index),
        };
        self.problems.add(
            at,
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
        false
    }

    /// Error values (`#DIV/0!`) in the row's columns, each reported at its cell;
    /// false when there were any.
    fn error_cells(&mut self, r: &RowAt) -> bool {
        let lang = self.problems.lang;
        let mut clean = true;
        for (column, _) in r.header.positions() {
            if let CellRef::Error(error) = r.cell(column) {
                let label = column_label(column, lang);
                self.problems.add(
                    r.at(column),
                    tr!(
                        lang,
                        "the {label} cell shows the error {error}: its formula failed",
                        "ô {label} báo lỗi {error}: công thức của ô bị lỗi"
                    ),
                    tr!(
                        lang,
                        "correct the formula (a division by an empty cell gives #DIV/0!, a deleted cell #REF!), or type the figure itself",
                        "sửa công thức (chia cho ô trống cho #DIV/0!, ô đã xóa cho #REF!), hoặc gõ trực tiếp số liệu"
                    ),
                );
                clean = false;
            }
        }
        clean
    }

    fn unit(&mut self, r: &RowAt) -> Option<u16> {
        let lang = self.problems.lang;
        let text = r.text(Column::Unit);
        let text = text.trim();
        let unit = match self.unit_cache.get(text) {
            Some(found) => *found,
            None => {
                let found = self.units.resolve(text);
                self.unit_cache.insert(text.to_string(), found);
                found
            }
        };
        if unit.is_some() {
            return unit;
        }
        let hint = self.units.hint(self.plan, text, lang);
        let message = if text.is_empty() {
            tr!(lang, "the unit is missing", "thiếu tên đơn vị")
        } else {
            tr!(
                lang,
                "unknown unit \"{shown}\"",
                "không có đơn vị \"{shown}\"",
                shown = excerpt(text)
            )
        };
        self.problems.add(r.at(Column::Unit), message, hint);
        None
    }

    fn indicator(&mut self, r: &RowAt) -> IndicatorCell {
        let lang = self.problems.lang;
        let text = r.text(Column::Indicator);
        let text = text.trim();
        if text.is_empty() {
            return IndicatorCell::Narrative;
        }
        if let Some(i) = self.indicators.resolve(text) {
            return IndicatorCell::Known(i);
        }
        self.problems.add(
            r.at(Column::Indicator),
            tr!(
                lang,
                "unknown indicator \"{shown}\"",
                "không có chỉ tiêu \"{shown}\"",
                shown = excerpt(text)
            ),
            self.indicators.hint(text, lang),
        );
        IndicatorCell::Unknown
    }

    /// The duties in force for a period's round.
    fn duties_of(&mut self, period: Period) -> &Duties {
        let plan = self.plan;
        self.duties
            .entry(period)
            .or_insert_with(|| Duties::of_period(plan, period))
    }

    /// The unit a row names in its period: the one that bore the name then
    /// ([`UnitNames::bearers`], as on the command line). A name no unit or several
    /// units bore in the period is a problem at the unit cell, naming them all.
    fn unit_in_period(&mut self, r: &RowAt, period: Period) -> Option<u16> {
        let text = r.text(Column::Unit);
        let (first, last) = period_bounds(period);
        let (namesakes, none_then) = match self.units.bearers(&text, first, last) {
            Bearers::One(unit) => return Some(unit),
            Bearers::Unknown => return None, // reported by `unit`
            Bearers::NoneThen(all) => (all, true),
            Bearers::Several(then) => (then, false),
        };
        let (message, hint) = namesakes_problem(
            self.plan,
            &text,
            &namesakes,
            period,
            none_then,
            self.problems.lang,
        );
        self.problems.add(r.at(Column::Unit), message, hint);
        None
    }

    /// A row of `unit` for `indicator` (None: its narrative report) in `period`: the
    /// unit must exist in that round and have that duty then; else the problem names
    /// who had it.
    fn has_duty(&mut self, r: &RowAt, unit: u16, indicator: Option<u16>, period: Period) {
        let plan = self.plan;
        let lang = self.problems.lang;
        // Borrowed, not cloned: a round's duties list every unit's, for every row.
        let duties = self.duties_of(period);
        let problem = duty_problem(plan, duties, unit, indicator, period, lang)
            .map(|(message, hint)| (message, hint, duties.exists(unit)));
        if let Some((message, hint, exists)) = problem {
            let column = if exists {
                Column::Indicator
            } else {
                Column::Unit
            };
            self.problems.add(r.at(column), message, hint);
        }
    }

    /// The group a row is about: 0 (the whole) when the cell is empty; for an
    /// indicator broken down by a dimension, the group named by its id, name or an
    /// alias. None after reporting a problem.
    fn group(&mut self, r: &RowAt, indicator: Option<&Indicator>) -> Option<u8> {
        let text = r.text(Column::Group);
        let text = text.trim();
        if text.is_empty() {
            return Some(0);
        }
        let lang = self.problems.lang;
        let Some(indicator) = indicator else {
            // An unknown indicator has its problem already; a narrative has no groups.
            return Some(0);
        };
        let at = r.at(Column::Group);
        let Some(d) = indicator.disaggregation else {
            self.problems.add(
                at,
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
        let dimension = &self.plan.dimensions[d as usize];
        let folded = fold(text);
        let found = dimension.groups.iter().position(|g| {
            std::iter::once(g.id.as_str())
                .chain([g.name.vi.as_str(), g.name.en.as_str()])
                .chain(g.aliases.iter().map(String::as_str))
                .any(|spelling| fold(spelling) == folded)
        });
        if found.is_none() {
            let names: Vec<&str> = dimension.groups.iter().map(|g| g.name.get(lang)).collect();
            self.problems.add(
                at,
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

    fn period(&mut self, r: &RowAt, indicator: Option<&Indicator>) -> Option<Period> {
        let lang = self.problems.lang;
        let text = r.text(Column::Period);
        let text = text.trim();
        let at = r.at(Column::Period);
        let (plan_start, plan_end) = (self.plan.meta.start_year, self.plan.meta.end_year);
        let Some(p) = super::fields::parse_period(text) else {
            self.problems.add(
                at,
                tr!(
                    lang,
                    "cannot read the period \"{shown}\"",
                    "không đọc được kỳ \"{shown}\"",
                    shown = excerpt(text)
                ),
                tr!(
                    lang,
                    "write 2025 (annual report), 2025-H1 (6-month report) or 2025-Q3 (a quarter)",
                    "viết \"2025\" hoặc \"năm 2025\" (báo cáo năm), \"2025-H1\" hoặc \"6 tháng đầu năm 2025\" (báo cáo 6 tháng), \"2025-Q3\" hoặc \"quý III/2025\" (một quý)"
                ),
            );
            return None;
        };
        let shown = crate::words::period_text(p, lang);
        if p.year() < plan_start || p.year() > plan_end {
            self.problems.add(
                at,
                tr!(
                    lang,
                    "period {shown} is outside the plan ({plan_start}–{plan_end})",
                    "kỳ {shown} nằm ngoài thời gian của kế hoạch ({plan_start}–{plan_end})"
                ),
                tr!(lang, "check the year", "kiểm tra lại năm"),
            );
            return None;
        }
        if let Some((message, hint)) = after_the_plans_end(self.plan, p, lang) {
            self.problems.add(at, message, hint);
            return None;
        }
        self.period_of_the_measure(at, p, indicator)
    }

    /// A period the indicator is reported for: a quarter for one counted per
    /// quarter, a round (a year or a first half-year) for every other one and for a
    /// narrative report.
    fn period_of_the_measure(
        &mut self,
        at: At,
        p: Period,
        indicator: Option<&Indicator>,
    ) -> Option<Period> {
        let lang = self.problems.lang;
        let shown = crate::words::period_text(p, lang);
        let quarterly = indicator.is_some_and(|i| i.frequency == Frequency::Quarter);
        match (p, quarterly) {
            (Period::Quarter(..), false) => {
                let what = match indicator {
                    Some(i) => tr!(
                        lang,
                        "indicator {} is reported once per round",
                        "chỉ tiêu {} được báo cáo mỗi kỳ một lần",
                        i.id
                    ),
                    None => tr!(
                        lang,
                        "a narrative report covers a round",
                        "báo cáo bằng văn bản dành cho cả kỳ"
                    ),
                };
                self.problems.add(
                    at,
                    tr!(
                        lang,
                        "{what}, not per quarter: period {shown}",
                        "{what}, không theo quý: kỳ {shown}"
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
                let id = indicator.map_or("", |i| i.id.as_str());
                let quarters = p
                    .quarters()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                self.problems.add(
                    at,
                    tr!(
                        lang,
                        "indicator {id} is counted per quarter; period {shown} is not a quarter",
                        "chỉ tiêu {id} được đếm theo quý; kỳ {shown} không phải một quý"
                    ),
                    tr!(
                        lang,
                        "write one row per quarter: {quarters}",
                        "viết mỗi quý một dòng: {quarters}"
                    ),
                );
                None
            }
            // A second half-year only when the plan asks for one (an ad hoc report).
            (Period::Half(y, 2), false) if !self.plan.asks_for_period(p) => {
                self.problems.add(
                    at,
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

    fn submitted(&mut self, r: &RowAt) -> Option<NaiveDate> {
        let lang = self.problems.lang;
        let at = r.at(Column::Submitted);
        let date = match r.cell(Column::Submitted) {
            c if c.is_empty() => {
                self.undated += 1;
                return Some(self.options.received.unwrap_or(self.options.as_of));
            }
            CellRef::Date(date) => date,
            cell => {
                let text = cell.text();
                let text = text.trim();
                // Most rows of a file share a date: read each spelling once.
                let parsed = match self.dates.get(text) {
                    Some(parsed) => *parsed,
                    None => {
                        let parsed = parse_report_date(text, self.years.clone());
                        self.dates.insert(text.to_string(), parsed);
                        parsed
                    }
                };
                match parsed {
                    Ok(date) => date,
                    Err(ReportDateError::TwoReadings(day_first, year_first)) => {
                        self.problems.add(
                            at,
                            tr!(lang, "the date \"{text}\" reads two ways: {day_first} (day/month/year) or {year_first} (year/month/day)", "ngày \"{text}\" có thể hiểu hai cách: {day_first} (ngày/tháng/năm) hoặc {year_first} (năm/tháng/ngày)"),
                            tr!(lang, "write the year in full: dd/mm/yyyy (05/06/2025)", "viết năm đủ bốn chữ số: dd/mm/yyyy (05/06/2025)"),
                        );
                        return None;
                    }
                    Err(ReportDateError::Invalid) => {
                        let (first, last) = (self.years.start(), self.years.end());
                        let date_part = text.split_whitespace().next().unwrap_or("");
                        let short_year = date_part
                            .rsplit(['/', '-', '.'])
                            .next()
                            .is_some_and(|y| y.len() == 2);
                        let years = if short_year {
                            tr!(
                                lang,
                                " (a two-digit year is read as one of {first}–{last})",
                                " (năm hai chữ số được hiểu là một năm trong {first}–{last})"
                            )
                        } else {
                            String::new()
                        };
                        self.problems.add(
                            at,
                            tr!(lang, "cannot read the date \"{shown}\"", "không đọc được ngày \"{shown}\"", shown = excerpt(text)),
                            tr!(lang, "write the date as dd/mm/yyyy (05/06/2025) or yyyy-mm-dd (2025-06-05), and check that the day exists{years}", "viết ngày dạng dd/mm/yyyy (05/06/2025) hoặc yyyy-mm-dd (2025-06-05), và kiểm tra ngày có thật{years}"),
                        );
                        return None;
                    }
                }
            }
        };
        if date > self.options.as_of {
            let (date, as_of) = (
                crate::words::date_text(date, lang),
                crate::words::date_text(self.options.as_of, lang),
            );
            self.problems.add(
                at,
                tr!(lang, "the submitted date {date} is after the as-of date {as_of}", "ngày gửi {date} muộn hơn ngày tính {as_of}"),
                tr!(lang, "check the date; a report cannot be sent in the future (--as-of sets today)", "kiểm tra lại ngày; không thể gửi báo cáo trong tương lai (--as-of đặt ngày hôm nay)"),
            );
        } else if date < self.earliest {
            let (date, earliest) = (
                crate::words::date_text(date, lang),
                crate::words::date_text(self.earliest, lang),
            );
            self.problems.add(
                at,
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
        Some(date)
    }

    /// The row's figure as far as the first pass can read it.
    fn figure(&mut self, r: &RowAt, indicator: &IndicatorCell) -> Option<Pending> {
        let lang = self.problems.lang;
        let ind = match indicator {
            IndicatorCell::Unknown => return None,
            IndicatorCell::Narrative => {
                let empty = [Column::Value, Column::Numerator, Column::Denominator]
                    .iter()
                    .all(|&c| r.cell(c).is_empty());
                if !empty {
                    self.problems.add(
                        r.whole(),
                        tr!(lang, "a figure without an indicator", "có số liệu nhưng thiếu mã chỉ tiêu"),
                        tr!(lang, "fill in the indicator id; a row without one is only a narrative report, with text in the note", "điền mã chỉ tiêu; dòng không có mã chỉ tiêu chỉ là báo cáo bằng văn bản, ghi trong cột ghi chú"),
                    );
                }
                return Some(Pending::Ready(Figure::Narrative));
            }
            IndicatorCell::Known(i) => &self.plan.indicators[*i as usize],
        };
        match ind.measure {
            Measure::Ratio { .. } => self.ratio(r, ind),
            Measure::YesNo => self.yes_no(r, ind),
            Measure::Value | Measure::Share { .. } => {
                match self.number(r, Column::Value, ind.whole) {
                    Some(None) => Some(Pending::Ready(Figure::Blank)),
                    Some(Some(n)) => Some(Pending::Number(n)),
                    None => None,
                }
            }
        }
    }

    fn ratio(&mut self, r: &RowAt, ind: &Indicator) -> Option<Pending> {
        let lang = self.problems.lang;
        let has_parts =
            !r.cell(Column::Numerator).is_empty() || !r.cell(Column::Denominator).is_empty();
        if !has_parts && is_no_cases(&r.text(Column::Value)) {
            // "no cases": 0 of 0, a complete report.
            return Some(Pending::Ready(Figure::Ratio {
                numerator: 0.0,
                denominator: 0.0,
            }));
        }
        if !r.cell(Column::Value).is_empty() && !has_parts {
            self.problems.add(
                r.at(Column::Value),
                tr!(
                    lang,
                    "indicator {} needs a numerator and a denominator, not a value",
                    "chỉ tiêu {} cần tử số và mẫu số, không phải giá trị",
                    ind.id
                ),
                ratio_hint(ind, lang),
            );
            return None;
        }
        // Numerators and denominators count people, agencies or births (unless the
        // plan says they are measured: `whole = false`).
        let n = self.number(r, Column::Numerator, ind.whole);
        let d = self.number(r, Column::Denominator, ind.whole);
        match (n, d) {
            (Some(None), Some(None)) => Some(Pending::Ready(Figure::Blank)),
            (Some(Some(n)), Some(Some(d))) => Some(Pending::Ratio(n, d)),
            (Some(n), Some(_)) => {
                let missing = if n.is_none() {
                    Column::Numerator
                } else {
                    Column::Denominator
                };
                let label = column_label(missing, lang);
                self.problems.add(
                    r.at(missing),
                    tr!(
                        lang,
                        "the {label} of indicator {} is missing",
                        "thiếu {label} của chỉ tiêu {}",
                        ind.id
                    ),
                    ratio_hint(ind, lang),
                );
                None
            }
            _ => None,
        }
    }

    fn yes_no(&mut self, r: &RowAt, ind: &Indicator) -> Option<Pending> {
        let lang = self.problems.lang;
        let answer = match r.cell(Column::Value) {
            c if c.is_empty() => return Some(Pending::Ready(Figure::Blank)),
            CellRef::Bool(b) => Some(b),
            CellRef::Number(n) if n == 1.0 || n == 0.0 => Some(n == 1.0),
            cell => parse_yes_no(&cell.text()),
        };
        if let Some(b) = answer {
            return Some(Pending::Ready(Figure::YesNo(b)));
        }
        let text = r.text(Column::Value);
        self.problems.add(
            r.at(Column::Value),
            tr!(
                lang,
                "cannot read \"{shown}\" as yes or no (indicator {})",
                "không đọc được \"{shown}\" thành có hoặc không (chỉ tiêu {})",
                ind.id,
                shown = excerpt(&text)
            ),
            tr!(
                lang,
                "write yes or no (also có, không, x, 1, 0)",
                "viết có hoặc không (hoặc yes, no, x, 1, 0)"
            ),
        );
        None
    }

    /// Reads a number cell; empty cells are `Some(None)`, unreadable ones `None`.
    /// A `count` cannot be fractional: of a text's two readings ("4.820": 4820 or
    /// 4.82), the one that makes it fractional is excluded, and the reading kept
    /// settles the file's convention for the rest; a count with only a fractional
    /// reading is refused ([`FileReader::whole_count`]).
    fn number(&mut self, r: &RowAt, column: Column, count: bool) -> Option<Option<Num>> {
        let lang = self.problems.lang;
        let text = match r.cell(column) {
            c if c.is_empty() => return Some(None),
            CellRef::Number(n) => {
                let shown = format_number(n, lang);
                return self.whole_count(r, column, count, n, &shown).map(Some);
            }
            CellRef::Text(text) => text.trim(),
            _ => "",
        };
        match parse_number(text, self.options.decimal) {
            Ok(value) => {
                self.tally.observe(text);
                self.whole_count(r, column, count, value, text).map(Some)
            }
            Err(NumberError::Ambiguous {
                comma_decimal,
                dot_decimal,
            }) => Some(Some(
                match (
                    count,
                    comma_decimal.fract() == 0.0,
                    dot_decimal.fract() == 0.0,
                ) {
                    (true, true, false) => {
                        self.tally.observe_reading(text, Decimal::Comma);
                        Num::Known(comma_decimal)
                    }
                    (true, false, true) => {
                        self.tally.observe_reading(text, Decimal::Dot);
                        Num::Known(dot_decimal)
                    }
                    _ => Num::Ambiguous(comma_decimal, dot_decimal, text.into()),
                },
            )),
            Err(NumberError::Empty) => Some(None),
            Err(NumberError::TooManyDigits { digits }) => {
                let what = column_label(column, lang);
                let shown = excerpt(text);
                self.problems.add(
                    r.at(column),
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
                let what = column_label(column, lang);
                let cell = excerpt(&r.text(column));
                self.problems.add(
                    r.at(column),
                    tr!(lang, "cannot read \"{cell}\" as a number ({what})", "không đọc được \"{cell}\" thành số ({what})"),
                    tr!(
                        lang,
                        "write digits only, such as 1250, 1,7 or 45 %; leave the cell empty if there is nothing to report",
                        "chỉ viết chữ số, ví dụ 1250, 1,7 hoặc 45%; để trống ô nếu không có số liệu"
                    ),
                );
                None
            }
        }
    }

    /// A number as read, refused where the plan counts things and it has a
    /// fraction: "4,21" people is what a spreadsheet set to English makes of 4.210
    /// typed with a thousands dot.
    fn whole_count(
        &mut self,
        r: &RowAt,
        column: Column,
        count: bool,
        value: f64,
        shown: &str,
    ) -> Option<Num> {
        if !count || value.fract() == 0.0 || !value.is_finite() {
            return Some(Num::Known(value));
        }
        let lang = self.problems.lang;
        let what = column_label(column, lang);
        let shown = excerpt(shown);
        let (down, up) = (value.trunc(), (value * 1000.0).round());
        self.problems.add(
            r.at(column),
            tr!(
                lang,
                "\"{shown}\" is not a whole number, but the {what} counts people, births or items",
                "\"{shown}\" không phải số nguyên, nhưng {what} là số đếm (người, ca sinh, tin bài…)"
            ),
            tr!(
                lang,
                "a thousands separator was probably read as a decimal mark ({up} written with a separator, read as {value_shown}): type the whole number without a separator, such as {up} or {down}",
                "có thể dấu phân cách hàng nghìn đã bị đọc thành dấu thập phân ({up} viết có dấu phân cách, bị đọc thành {value_shown}): gõ số nguyên, không có dấu phân cách, ví dụ {up} hoặc {down}",
                value_shown = format_number(value, lang),
            ),
        );
        None
    }

    /// The figure, with numbers that wait for the file's convention noted as deferred.
    fn take_figure(&mut self, pending: Pending) -> Figure {
        let row = self.rows.len() as u32;
        let deferred = &mut self.deferred;
        let mut take = |num: Num, slot: Slot| match num {
            Num::Known(v) => v,
            Num::Ambiguous(comma, dot, text) => {
                deferred.push(Deferred {
                    row,
                    slot,
                    comma,
                    dot,
                    text,
                });
                comma
            }
        };
        match pending {
            Pending::Ready(figure) => figure,
            Pending::Number(n) => Figure::Number(take(n, Slot::Value)),
            Pending::Ratio(n, d) => Figure::Ratio {
                numerator: take(n, Slot::Numerator),
                denominator: take(d, Slot::Denominator),
            },
        }
    }

    fn note(&mut self, r: &RowAt) -> u32 {
        let note = r.text(Column::Note);
        let note = note.trim();
        if note.is_empty() {
            return NO_NOTE;
        }
        // Names are matched folded, but a note is kept as text: in NFC.
        self.notes.push(if is_nfc(note) {
            note.into()
        } else {
            note.nfc().collect::<String>().into()
        });
        (self.notes.len() - 1) as u32
    }

    /// The row's place, for file-level checks.
    fn row_at(&self, row: &Row) -> At {
        At {
            table: row.sheet,
            line: row.line,
            column: None,
        }
    }
}

fn header_hint(lang: Lang) -> String {
    tr!(
        lang,
        "the first row must name the columns: unit, period, indicator, value (or numerator and denominator), submitted, note; `gender-plan template` writes a ready form",
        "dòng đầu phải là tên cột: đơn vị, kỳ, chỉ tiêu, giá trị (hoặc tử số và mẫu số), ngày gửi, ghi chú; `gender-plan template` tạo sẵn biểu mẫu"
    )
}

fn ratio_hint(ind: &Indicator, lang: Lang) -> String {
    ind.ratio_parts(lang).unwrap_or_else(|| {
        tr!(
            lang,
            "fill in both the numerator and the denominator columns",
            "điền cả cột tử số và cột mẫu số"
        )
    })
}

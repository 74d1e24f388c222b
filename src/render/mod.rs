//! Turning a command's result into output: a terminal table, CSV, JSON, Markdown or
//! a workbook.
//!
//! Commands build a [`Report`] (tables of plain cells plus the JSON they promise);
//! this module alone decides how it looks, so every command formats alike.

pub mod adx;
pub mod chart;
pub mod dhis2;
pub mod docx;
pub mod form;
pub mod html;
pub mod letter;
pub mod markdown;
mod measure;
pub mod opensdg;
pub mod plan_workbook;
pub mod raster;
pub mod svg;
pub mod tables;
mod xlsx;

use clap::ValueEnum;
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table as Grid, presets};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Tables for reading in a terminal.
    #[default]
    Table,
    /// One CSV table, for spreadsheets.
    Csv,
    /// JSON, for other programs.
    Json,
    /// Markdown tables, for documents.
    Markdown,
    /// A workbook, for spreadsheets: a sheet per kind of table, numbers as numbers
    /// and dates as dates.
    Xlsx,
}

/// How a cell reads at a glance; coloured in a terminal only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Bad,
    Warn,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Styled {
    pub text: String,
    pub tone: Tone,
    /// What the text shows, typed, for formats that keep types (a workbook); None
    /// for text.
    pub value: Option<Value>,
}

/// A cell's value as a spreadsheet should hold it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Number(f64),
    /// A percentage as shown (61.5 for "61.5 %").
    Percent(f64),
    Date(chrono::NaiveDate),
}

impl<T: Into<String>> From<T> for Styled {
    fn from(text: T) -> Styled {
        Styled {
            text: text.into(),
            tone: Tone::Plain,
            value: None,
        }
    }
}

impl Styled {
    /// This cell, holding `value` where types are kept.
    pub fn typed(mut self, value: Value) -> Styled {
        self.value = Some(value);
        self
    }
}

/// Values as a row of bars from the lowest (▁) to the highest (█), a space where
/// there is no value: a trend at a glance in a terminal.
pub fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let known = values.iter().flatten().copied();
    let low = known.clone().fold(f64::INFINITY, f64::min);
    let high = known.fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(_) if high <= low => BARS[3],
            Some(v) => {
                let step = ((v - low) / (high - low) * 7.0).round() as usize;
                BARS[step.min(7)]
            }
        })
        .collect()
}

pub fn toned(text: impl Into<String>, tone: Tone) -> Styled {
    Styled {
        text: text.into(),
        tone,
        value: None,
    }
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Heading printed above the table.
    pub title: Option<String>,
    /// In CSV all tables become one; this value fills the report's group column.
    pub group: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Styled>>,
    /// Lines printed under the table.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub tables: Vec<Table>,
    /// Header of the leading CSV column that holds each table's `group`.
    pub group_header: Option<String>,
    /// Lines printed after all tables (table and markdown formats).
    pub summary: Vec<String>,
    pub json: serde_json::Value,
}

pub struct Style {
    /// The reader's language: in Vietnamese, CSV columns are separated by ';', the
    /// list separator of Excel on Vietnamese Windows (where ',' is the decimal mark).
    pub lang: crate::i18n::Lang,
    pub color: bool,
    /// Terminal width to wrap to; None when output is not a terminal.
    pub width: Option<u16>,
}

impl Style {
    /// Colour by anstream's rule ([`crate::paint::may_color`]): only on a terminal,
    /// never when NO_COLOR is set and not empty.
    pub fn detect(lang: crate::i18n::Lang) -> Style {
        use std::io::IsTerminal;
        let tty = io::stdout().is_terminal();
        let width = if tty { terminal_width() } else { None };
        Style {
            lang,
            color: crate::paint::may_color(&io::stdout()),
            width,
        }
    }
}

fn terminal_width() -> Option<u16> {
    let mut grid = Grid::new();
    grid.set_content_arrangement(ContentArrangement::Dynamic);
    grid.width()
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
}

pub fn write(
    report: &Report,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => write_tables(&for_reading(report), style, out),
        Format::Csv => write_csv(report, style.lang, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report.json)?;
            writeln!(out)
        }
        Format::Markdown => write_markdown(report, out),
        Format::Xlsx => out.write_all(&xlsx::workbook(report).map_err(io::Error::other)?),
    }
}

/// The report with control and bidirectional characters shown escaped
/// ([`crate::text::for_terminal`]): a unit name in the plan or a note in a
/// submission cannot move the cursor, recolour the terminal or reorder a line.
fn for_reading(report: &Report) -> Report {
    use crate::text::{for_terminal, lines_for_terminal};
    let cell = |s: &String| for_terminal(s).into_owned();
    let lines = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| lines_for_terminal(s).into_owned())
            .collect()
    };
    Report {
        tables: report
            .tables
            .iter()
            .map(|t| Table {
                title: t.title.as_ref().map(cell),
                group: t.group.as_ref().map(cell),
                headers: t.headers.iter().map(cell).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| Styled {
                                text: cell(&c.text),
                                tone: c.tone,
                                value: c.value,
                            })
                            .collect()
                    })
                    .collect(),
                notes: lines(&t.notes),
            })
            .collect(),
        group_header: report.group_header.as_ref().map(cell),
        summary: lines(&report.summary),
        json: serde_json::Value::Null,
    }
}

fn write_tables(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for (i, table) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if let Some(title) = &table.title {
            let title = crate::paint::paint(title, crate::paint::STRONG, style.color);
            writeln!(out, "{title}")?;
        }
        if table.rows.is_empty() {
            for note in &table.notes {
                writeln!(out, "{note}")?;
            }
            continue;
        }
        let constraints = match layout(table, style.width) {
            Layout::Cards(width) => {
                write_cards(table, width, style.color, out)?;
                for note in &table.notes {
                    writeln!(out, "{note}")?;
                }
                continue;
            }
            Layout::Natural => None,
            Layout::Wrapped(constraints) => Some(constraints),
        };
        let mut grid = Grid::new();
        grid.load_style(presets::UTF8_FULL_CONDENSED);
        grid.set_header(table.headers.iter().map(Cell::new));
        match (style.width, constraints) {
            (Some(width), Some(constraints)) => {
                grid.set_content_arrangement(ContentArrangement::Dynamic);
                grid.set_width(width);
                grid.set_constraints(constraints);
            }
            _ => {
                // Fits as it is, or not a terminal: never wrap, so piped output is
                // the same whatever the terminal.
                grid.force_no_tty();
            }
        }
        if style.color {
            grid.enforce_styling();
        }
        for row in &table.rows {
            grid.add_row(row.iter().map(|cell| {
                let plain = Cell::new(&cell.text);
                if !style.color {
                    return plain;
                }
                match cell.tone {
                    Tone::Plain => plain,
                    Tone::Good => plain.fg(Color::Green),
                    Tone::Bad => plain.fg(Color::Red),
                    Tone::Warn => plain.fg(Color::Yellow),
                }
            }));
        }
        writeln!(out, "{grid}")?;
        for note in &table.notes {
            writeln!(out, "{note}")?;
        }
    }
    if !report.summary.is_empty() {
        if !report.tables.is_empty() {
            writeln!(out)?;
        }
        for line in &report.summary {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Wrapped text columns are kept at least this wide, so words stay whole.
const WRAP_MIN: usize = 16;

enum Layout {
    /// Fits the terminal as it is (or output is not a terminal).
    Natural,
    /// Fits once the long text columns wrap: short columns keep their width.
    Wrapped(Vec<ColumnConstraint>),
    /// Too narrow for columns: one block per row, fields as "header: value".
    Cards(usize),
}

fn layout(table: &Table, width: Option<u16>) -> Layout {
    let Some(width) = width.map(usize::from) else {
        return Layout::Natural;
    };
    let columns = table.headers.len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            let cells = table
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.text.width());
            cells.chain([table.headers[c].width()]).max().unwrap_or(0)
        })
        .collect();
    // "│ " before each column, " │" at the end: three characters a column, plus one.
    let borders = 3 * columns + 1;
    if widths.iter().sum::<usize>() + borders <= width {
        return Layout::Natural;
    }
    let wraps = |w: &usize| *w > WRAP_MIN;
    let fixed: usize = widths.iter().filter(|w| !wraps(w)).sum();
    let wrapping = widths.iter().filter(|w| wraps(w)).count();
    if fixed + wrapping * WRAP_MIN + borders > width {
        return Layout::Cards(width);
    }
    let constraints = widths
        .iter()
        .map(|w| {
            if wraps(w) {
                ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(WRAP_MIN as u16))
            } else {
                ColumnConstraint::ContentWidth
            }
        })
        .collect();
    Layout::Wrapped(constraints)
}

/// Each row as a heading (its first two cells) and its other fields, wrapped to
/// the width: readable on the narrowest terminal.
fn write_cards(table: &Table, width: usize, color: bool, out: &mut dyn Write) -> io::Result<()> {
    const INDENT: &str = "    ";
    for row in &table.rows {
        let heading: Vec<&str> = row.iter().take(2).map(|c| c.text.as_str()).collect();
        writeln!(out, "{}", heading.join("  "))?;
        let mut line = String::new();
        let mut line_width = 0;
        for (header, cell) in table.headers.iter().zip(row).skip(2) {
            if cell.text.is_empty() {
                continue;
            }
            let plain = format!("{header}: {}", cell.text);
            let tone = match cell.tone {
                Tone::Good => crate::paint::GOOD,
                Tone::Bad => crate::paint::BAD,
                Tone::Warn => crate::paint::WARN,
                Tone::Plain => anstyle::Style::new(),
            };
            let shown = format!("{header}: {}", crate::paint::paint(&cell.text, tone, color));
            let item_width = plain.width();
            if line_width > 0 && INDENT.len() + line_width + 3 + item_width > width {
                writeln!(out, "{INDENT}{line}")?;
                line.clear();
                line_width = 0;
            }
            if line_width > 0 {
                line.push_str(" · ");
                line_width += 3;
            }
            line.push_str(&shown);
            line_width += item_width;
        }
        if !line.is_empty() {
            writeln!(out, "{INDENT}{line}")?;
        }
    }
    Ok(())
}

/// One CSV table that Excel opens in one click: UTF-8 with a byte-order mark (so
/// Vietnamese letters show), separated by ';' in Vietnamese (Excel on Vietnamese
/// Windows splits on ';') and by ',' in English. Every cell passes
/// [`crate::text::for_csv`], so that nothing a unit or the plan wrote runs as a
/// formula in a spreadsheet or reaches a terminal raw.
fn write_csv(report: &Report, lang: crate::i18n::Lang, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let delimiter = match lang {
        crate::i18n::Lang::Vi => b';',
        crate::i18n::Lang::En => b',',
    };
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_writer(out);
    let mut writer = SafeCells(&mut writer);
    let Some(first) = report.tables.first() else {
        return Ok(());
    };
    let mut headers = Vec::new();
    if let Some(group) = &report.group_header {
        headers.push(group.clone());
    }
    headers.extend(first.headers.iter().cloned());
    writer.write_record(&headers)?;
    for table in &report.tables {
        if table.headers != first.headers {
            // A table of another shape (a unit's tasks): its own header row.
            let mut headers: Vec<&str> = Vec::new();
            if let Some(group) = &report.group_header {
                headers.push(group);
            }
            headers.extend(table.headers.iter().map(String::as_str));
            writer.write_record(&headers)?;
        }
        for row in &table.rows {
            let mut record: Vec<&str> = Vec::new();
            if report.group_header.is_some() {
                record.push(table.group.as_deref().unwrap_or(""));
            }
            record.extend(row.iter().map(|c| c.text.as_str()));
            writer.write_record(&record)?;
        }
    }
    writer.flush()
}

/// A CSV writer whose every cell is made safe ([`crate::text::for_csv`]): no
/// formula, no raw control character.
struct SafeCells<'a, W: Write>(&'a mut csv::Writer<W>);

impl<W: Write> SafeCells<'_, W> {
    fn write_record<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        let safe = cells.iter().map(|c| crate::text::for_csv(c.as_ref()));
        self.0.write_record(safe.map(|c| c.into_owned()))?;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Markdown tables; every text passes [`crate::text::for_markdown`].
fn write_markdown(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let escape = crate::text::for_markdown;
    for (i, table) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if let Some(title) = &table.title {
            writeln!(out, "## {}\n", escape(title))?;
        }
        let headers: Vec<String> = table.headers.iter().map(|h| escape(h)).collect();
        writeln!(out, "| {} |", headers.join(" | "))?;
        writeln!(out, "|{}|", vec!["---"; headers.len()].join("|"))?;
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(&c.text)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        for note in &table.notes {
            writeln!(out, "\n{}", escape(note))?;
        }
    }
    if !report.summary.is_empty() {
        writeln!(out)?;
        for line in &report.summary {
            writeln!(out, "{}  ", escape(line))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        Report {
            tables: vec![
                Table {
                    title: Some("Objective 1".into()),
                    group: Some("1".into()),
                    headers: vec!["id".into(), "value".into()],
                    rows: vec![vec!["1.1".into(), toned("45 | %", Tone::Good)]],
                    notes: vec![],
                },
                Table {
                    title: Some("Objective 2".into()),
                    group: Some("2".into()),
                    headers: vec!["id".into(), "value".into()],
                    rows: vec![vec!["2.1".into(), "50".into()]],
                    notes: vec![],
                },
            ],
            group_header: Some("objective".into()),
            summary: vec!["2 indicators".into()],
            json: serde_json::json!([{"id": "1.1"}]),
        }
    }

    fn render_in(format: Format, lang: crate::i18n::Lang) -> String {
        let mut out = Vec::new();
        let style = Style {
            lang,
            color: false,
            width: None,
        };
        write(&sample(), format, &style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn render(format: Format) -> String {
        render_in(format, crate::i18n::Lang::En)
    }

    #[test]
    fn sparkline_spans_lowest_to_highest_with_gaps() {
        assert_eq!(sparkline(&[Some(1.0), None, Some(8.0), Some(4.5)]), "▁ █▅");
        assert_eq!(sparkline(&[Some(3.0), Some(3.0)]), "▄▄");
        assert_eq!(sparkline(&[None, None]), "  ");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn csv_is_one_table_with_the_group_column() {
        assert_eq!(
            render(Format::Csv),
            "\u{feff}objective,id,value\n1,1.1,45 | %\n2,2.1,50\n"
        );
    }

    #[test]
    fn vietnamese_csv_opens_in_excel_on_vietnamese_windows() {
        // A byte-order mark, so Excel reads UTF-8; ';', its list separator there.
        assert_eq!(
            render_in(Format::Csv, crate::i18n::Lang::Vi),
            "\u{feff}objective;id;value\n1;1.1;45 | %\n2;2.1;50\n"
        );
    }

    #[test]
    fn a_workbook_keeps_types_and_never_writes_formulas() {
        use calamine::{Data, Reader};
        let mut report = sample();
        report.tables[1].rows = vec![
            vec![
                "2.1".into(),
                Styled::from("61.5 %").typed(Value::Percent(61.5)),
            ],
            vec![
                "2.2".into(),
                Styled::from("3,734").typed(Value::Number(3734.0)),
            ],
            vec!["2.3".into(), "2025-06-05".into()],
            vec!["=1+1".into(), "@SUM(A1)".into()],
        ];
        let mut out = Vec::new();
        let style = Style {
            lang: crate::i18n::Lang::En,
            color: false,
            width: None,
        };
        write(&report, Format::Xlsx, &style, &mut out).unwrap();
        let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(out)).unwrap();
        assert_eq!(book.sheet_names(), ["objective"]);
        let range = book.worksheet_range("objective").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[0][0], Data::String("objective".into()));
        assert_eq!(rows[1][2], Data::String("45 | %".into()));
        assert_eq!(rows[2][2], Data::Float(0.615));
        assert_eq!(rows[3][2], Data::Float(3734.0));
        assert!(
            matches!(&rows[4][2], Data::DateTime(d) if d.is_datetime()),
            "{:?}",
            rows[4][2]
        );
        assert_eq!(rows[5][1], Data::String("=1+1".into()));
        let formulas = book.worksheet_formula("objective").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        // The summary below the table.
        assert!(
            rows.iter()
                .flatten()
                .any(|c| *c == Data::String("2 indicators".into()))
        );
    }

    #[test]
    fn markdown_escapes_pipes() {
        let md = render(Format::Markdown);
        assert!(md.contains("## Objective 1"));
        assert!(md.contains("| 1.1 | 45 \\| % |"));
    }

    #[test]
    fn table_has_no_escape_codes_without_colour() {
        let text = render(Format::Table);
        assert!(!text.contains('\x1b'));
        assert!(text.contains("Objective 2") && text.contains("2 indicators"));
    }

    fn render_at(width: u16) -> String {
        let mut report = sample();
        report.tables[0].rows.push(vec![
            "1.2".into(),
            "An indicator with a long name that must wrap to stay within a narrow terminal".into(),
        ]);
        let mut out = Vec::new();
        let style = Style {
            lang: crate::i18n::Lang::En,
            color: false,
            width: Some(width),
        };
        write(&report, Format::Table, &style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tables_fit_the_terminal_without_breaking_words() {
        for width in [40u16, 60, 80, 120] {
            let text = render_at(width);
            for line in text.lines() {
                assert!(
                    line.width() <= usize::from(width),
                    "{width}: {line:?}\n{text}"
                );
            }
            assert!(text.contains("narrow"), "{width}: a word was cut:\n{text}");
        }
    }

    #[test]
    fn too_narrow_for_columns_gives_one_block_per_row() {
        let mut report = sample();
        report.tables[0].headers = ["id", "name", "target", "value", "status", "outlook"]
            .map(String::from)
            .to_vec();
        report.tables[0].rows = vec![
            [
                "4.3",
                "Adolescent birth rate, women aged 15–19",
                "≤ 18 per 1,000 women aged 15–19",
                "57",
                "not met",
                "deterioration",
            ]
            .map(Styled::from)
            .to_vec(),
        ];
        report.tables.truncate(1);
        let mut out = Vec::new();
        write(
            &report,
            Format::Table,
            &Style {
                lang: crate::i18n::Lang::En,
                color: false,
                width: Some(40),
            },
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("4.3  Adolescent birth rate, women aged 15–19\n"),
            "{text}"
        );
        assert!(
            text.contains("    target: ≤ 18 per 1,000 women aged 15–19\n"),
            "{text}"
        );
        assert!(text.contains("    value: 57 · status: not met\n"), "{text}");
        assert!(text.contains("    outlook: deterioration\n"), "{text}");
    }

    #[test]
    fn json_is_the_promised_value() {
        let v: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[0]["id"], "1.1");
    }
}

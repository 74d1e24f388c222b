//! Turning a command's result into text: a terminal table, CSV, JSON or Markdown.
//!
//! Commands build a [`Report`] (tables of plain cells plus the JSON they promise);
//! this module alone decides how it looks, so every command formats alike.

use clap::ValueEnum;
use comfy_table::{Cell, Color, ContentArrangement, Table as Grid, presets};
use std::io::{self, Write};

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
}

impl<T: Into<String>> From<T> for Styled {
    fn from(text: T) -> Styled {
        Styled {
            text: text.into(),
            tone: Tone::Plain,
        }
    }
}

pub fn toned(text: impl Into<String>, tone: Tone) -> Styled {
    Styled {
        text: text.into(),
        tone,
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
    pub color: bool,
    /// Terminal width to wrap to; None when output is not a terminal.
    pub width: Option<u16>,
}

impl Style {
    /// Colour only on a terminal and only when NO_COLOR is unset or empty.
    pub fn detect() -> Style {
        use std::io::IsTerminal;
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = if tty { terminal_width() } else { None };
        Style {
            color: tty && !no_color,
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
        Format::Table => write_tables(report, style, out),
        Format::Csv => write_csv(report, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &report.json)?;
            writeln!(out)
        }
        Format::Markdown => write_markdown(report, out),
    }
}

fn write_tables(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for (i, table) in report.tables.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        if let Some(title) = &table.title {
            if style.color {
                writeln!(out, "\x1b[1m{title}\x1b[0m")?;
            } else {
                writeln!(out, "{title}")?;
            }
        }
        if table.rows.is_empty() {
            for note in &table.notes {
                writeln!(out, "{note}")?;
            }
            continue;
        }
        let mut grid = Grid::new();
        grid.load_style(presets::UTF8_FULL_CONDENSED);
        grid.set_header(table.headers.iter().map(Cell::new));
        match style.width {
            Some(width) => {
                grid.set_content_arrangement(ContentArrangement::Dynamic);
                grid.set_width(width);
            }
            None => {
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

fn write_csv(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(out);
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

fn write_markdown(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let escape = |s: &str| s.replace('|', "\\|").replace('\n', " ");
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

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        let style = Style {
            color: false,
            width: None,
        };
        write(&sample(), format, &style, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_is_one_table_with_the_group_column() {
        assert_eq!(
            render(Format::Csv),
            "objective,id,value\n1,1.1,45 | %\n2,2.1,50\n"
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

    #[test]
    fn json_is_the_promised_value() {
        let v: serde_json::Value = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[0]["id"], "1.1");
    }
}

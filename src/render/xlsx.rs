//! A report as a workbook: tables of one shape share a sheet (with the report's
//! group column, as in CSV), each other shape gets its own; numbers are numbers,
//! percentages percentages and dates dates, so a spreadsheet can sum and sort
//! them. Text is always written as text: nothing runs as a formula.

use super::{Report, Table, Value};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

pub fn workbook(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let mut shapes: Vec<(&[String], Vec<&Table>)> = Vec::new();
    for table in &report.tables {
        match shapes
            .iter_mut()
            .find(|(h, _)| *h == table.headers.as_slice())
        {
            Some((_, tables)) => tables.push(table),
            None => shapes.push((&table.headers, vec![table])),
        }
    }
    if shapes.is_empty() {
        let sheet = workbook.add_worksheet();
        summary(sheet, report, 0)?;
    }
    let mut names: Vec<String> = Vec::new();
    for (i, (headers, tables)) in shapes.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        let name = sheet_name(report, tables, i, &names);
        sheet.set_name(&name)?;
        names.push(name);
        let rows = write_tables(sheet, report, headers, tables)?;
        if i == 0 {
            summary(sheet, report, rows + 1)?;
        }
    }
    workbook.save_to_buffer()
}

/// The group header when the sheet holds several groups ("objective"), else the
/// table's title; at most 31 characters, none of []:*?/\, and unique.
fn sheet_name(report: &Report, tables: &[&Table], index: usize, taken: &[String]) -> String {
    let base = match (&report.group_header, tables) {
        (Some(group), [_, _, ..]) => group.clone(),
        (_, [table, ..]) => table.title.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let mut name: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(28)
        .collect();
    name = name.trim().trim_matches('\'').to_string();
    if name.is_empty() || taken.contains(&name) {
        name = format!("{} {}", name, index + 1).trim().to_string();
    }
    name
}

/// The tables under one header row; returns the number of rows written.
fn write_tables(
    sheet: &mut Worksheet,
    report: &Report,
    headers: &[String],
    tables: &[&Table],
) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0.0%");
    let grouped = report.group_header.is_some() && tables.len() > 1;
    let mut all_headers: Vec<&str> = Vec::new();
    if grouped {
        all_headers.push(report.group_header.as_deref().unwrap_or(""));
    }
    all_headers.extend(headers.iter().map(String::as_str));
    let mut widths: Vec<usize> = all_headers.iter().map(|h| h.width()).collect();
    for (c, header) in all_headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *header, &bold)?;
    }
    let mut r = 1;
    for table in tables {
        for row in &table.rows {
            let mut c = 0u16;
            if grouped {
                sheet.write_string(r, c, table.group.as_deref().unwrap_or(""))?;
                c += 1;
            }
            for cell in row {
                match cell.value.or_else(|| iso_date(&cell.text)) {
                    Some(Value::Number(v)) => {
                        sheet.write_number(r, c, v)?;
                    }
                    Some(Value::Percent(v)) => {
                        sheet.write_number_with_format(r, c, v / 100.0, &percent)?;
                    }
                    Some(Value::Date(d)) => {
                        sheet.write_date_with_format(r, c, d, &date)?;
                    }
                    None if cell.text.is_empty() => {}
                    None => {
                        sheet.write_string(r, c, &cell.text)?;
                    }
                }
                if let Some(width) = widths.get_mut(c as usize) {
                    *width = (*width).max(cell.text.width());
                }
                c += 1;
            }
            r += 1;
        }
    }
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*width).clamp(6, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if r > 1 {
        sheet.autofilter(0, 0, r - 1, all_headers.len() as u16 - 1)?;
    }
    Ok(r)
}

/// A day as the reports show it: yyyy-mm-dd in English, dd/mm/yyyy in Vietnamese.
fn iso_date(text: &str) -> Option<Value> {
    if text.len() != 10 {
        return None;
    }
    ["%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .map(Value::Date)
}

/// The report's summary lines and the tables' notes, below the first table.
fn summary(sheet: &mut Worksheet, report: &Report, mut r: u32) -> Result<(), XlsxError> {
    let lines = report
        .tables
        .iter()
        .flat_map(|t| t.notes.iter())
        .chain(report.summary.iter());
    for line in lines {
        r += 1;
        sheet.write_string(r, 0, line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_either_language_are_dates() {
        let day = NaiveDate::from_ymd_opt(2025, 6, 5).unwrap();
        assert_eq!(iso_date("2025-06-05"), Some(Value::Date(day)));
        assert_eq!(iso_date("05/06/2025"), Some(Value::Date(day)));
        for text in ["2025-H1", "2025", "31/02/2025", "5/6/2025", "ban-bo"] {
            assert_eq!(iso_date(text), None, "{text}");
        }
    }
}

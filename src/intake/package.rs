//! The zip package of a workbook (`.xlsx`, `.xlsm`, `.ods`), checked before the
//! workbook library reads any of it.
//!
//! A workbook is a zip of XML parts, and what a part unpacks to is not what the
//! file weighs: a 1 MB file can unpack to gigabytes. calamine unpacks and parses
//! the parts it needs as it goes, so the bounds are checked here first, with the
//! `zip` crate calamine itself uses:
//!
//! - what every part says it unpacks to (the zip's central directory), before
//!   anything is unpacked, then what each XML part really unpacks to, counted
//!   while it is streamed, never held: together at most [`MAX_UNPACKED_BYTES`];
//! - each XML part is well-formed (every element closed by its own name), so that
//!   no reader loop waits for an end tag that never comes (calamine 0.38 spins on
//!   an `.ods` whose `</table:table>` is misspelt);
//! - the numbers a reader trusts before allocating: cell references (`r="B7"`,
//!   `ref="A1:H20"`) within Excel's grid, a shared-string count no larger than the
//!   strings there are, an OpenDocument sheet's used area and space runs
//!   within bounds.

use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// What the parts of one workbook may unpack to together. A district's report
/// unpacks to a few hundred kilobytes; a national file of millions of rows is
/// sent as CSV.
pub const MAX_UNPACKED_BYTES: u64 = 256 << 20;

/// The cells one OpenDocument sheet's used area may span (calamine fills the
/// whole area), about 512 MB once read.
pub const MAX_AREA_CELLS: u64 = 16 << 20;

/// Excel's grid: rows and columns a cell reference may name.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// The longest cell text, in characters ([`super::source::MAX_CELL_CHARS`]).
const MAX_SPACES: u64 = super::source::MAX_CELL_CHARS as u64;

/// Why a workbook package is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Its parts unpack to more than the limit: the part at which it was found,
    /// and the bytes counted so far.
    Unpacks { part: String, bytes: u64 },
    /// A part is not well-formed XML (or cannot be unpacked): why, as the XML
    /// reader or the zip reader says.
    Damaged { part: String, why: String },
    /// A number in a part that a reader would trust to allocate or to index.
    Claims { part: String, what: String },
}

/// Checks a workbook's zip package; `Ok` when it is not a zip at all (an `.xls`
/// file), which the workbook library then reads or refuses.
pub fn check(bytes: &[u8]) -> Result<(), Problem> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    check_declared(&mut zip)?;
    let mut unpacked = 0;
    for index in 0..zip.len() {
        // Only the XML parts are unpacked here: a picture in a format this zip
        // reader does not unpack is no concern of a workbook's cells.
        let xml = zip
            .by_index_raw(index)
            .is_ok_and(|entry| entry.name().is_ok_and(|name| is_xml(&name)));
        if !xml {
            continue;
        }
        let entry = zip.by_index(index).map_err(|e| Problem::Damaged {
            part: format!("#{index}"),
            why: e.to_string(),
        })?;
        let part = part_name(&entry, index);
        let budget = MAX_UNPACKED_BYTES - unpacked;
        let mut counted = Counted {
            inner: entry,
            read: 0,
            budget,
        };
        let result = check_xml(&mut counted, &part);
        if counted.read > budget {
            return Err(Problem::Unpacks {
                part,
                bytes: unpacked + counted.read,
            });
        }
        result?;
        unpacked += counted.read;
    }
    Ok(())
}

/// What the central directory says the parts unpack to, before any is unpacked.
fn check_declared(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), Problem> {
    let mut declared: u64 = 0;
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(index) else {
            continue;
        };
        declared = declared.saturating_add(entry.size());
        if declared > MAX_UNPACKED_BYTES {
            return Err(Problem::Unpacks {
                part: part_name(&entry, index),
                bytes: declared,
            });
        }
    }
    Ok(())
}

/// A part's name as the zip holds it (its number when the name is not text).
fn part_name<R: Read>(entry: &zip::read::ZipFile<'_, R>, index: usize) -> String {
    entry
        .name()
        .map_or_else(|_| format!("#{index}"), |n| crate::text::excerpt(&n))
}

/// The parts a workbook reader parses as XML.
fn is_xml(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".xml") || name.ends_with(".rels")
}

/// A part being unpacked, its bytes counted; it stops one byte past its budget.
struct Counted<R> {
    inner: R,
    read: u64,
    budget: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.read > self.budget {
            return Ok(0);
        }
        let room = (self.budget + 1 - self.read).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Reads one XML part to its end: well-formed, every element closed by its own
/// name, and no number in it that a reader would trust unchecked.
fn check_xml(part: impl Read, name: &str) -> Result<(), Problem> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = false;
    config.trim_text(false);
    let mut claims = Claims::default();
    let mut depth: u64 = 0;
    let mut buf = Vec::new();
    let damaged = |why: String| Problem::Damaged {
        part: name.to_string(),
        why,
    };
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                claims.element(&e, true, name)?;
            }
            Ok(Event::Empty(e)) => claims.element(&e, false, name)?,
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                claims.end(e.local_name().as_ref(), name)?;
            }
            Ok(Event::Eof) if depth > 0 => {
                return Err(damaged(
                    "the file ends before its elements are closed".into(),
                ));
            }
            Ok(Event::Eof) => return claims.finish(name),
            Ok(_) => {}
            Err(e) => {
                let at = reader.error_position();
                return Err(damaged(format!("{e} (byte {at})")));
            }
        }
    }
}

/// The numbers of one part that a reader trusts, followed as its elements come.
#[derive(Default)]
struct Claims {
    /// `<sst uniqueCount=…>`: the count claimed, and the strings seen.
    strings_claimed: Option<u64>,
    strings_seen: u64,
    /// An OpenDocument table being read: its used area so far.
    table: Option<Area>,
    /// The row being read: its repeats, its width so far and to its last content cell.
    row: Option<RowSpan>,
}

/// The used area of an OpenDocument table, counted as calamine fills it.
#[derive(Default)]
struct Area {
    /// Rows from the first row with content to the last, and empty rows since.
    rows_used: u64,
    rows_pending: u64,
    width: u64,
}

#[derive(Default)]
struct RowSpan {
    repeats: u64,
    width: u64,
    used_width: u64,
}

impl Claims {
    fn element(&mut self, e: &BytesStart, opens: bool, part: &str) -> Result<(), Problem> {
        let local = e.local_name();
        let qname = e.name();
        match (qname.as_ref(), local.as_ref()) {
            (_, "c" | "row" | "dimension") => self.cell_reference(e, part)?,
            (_, "sst") => {
                self.strings_claimed = attribute(e, "uniqueCount").and_then(|v| v.parse().ok());
            }
            (_, "si") => self.strings_seen += 1,
            ("table:table", _) if opens => self.table = Some(Area::default()),
            ("table:table-row", _) => {
                let repeats = repeats(e, "table:number-rows-repeated", part)?;
                self.row = Some(RowSpan {
                    repeats,
                    ..RowSpan::default()
                });
                if !opens {
                    self.end_row(part)?;
                }
            }
            ("table:table-cell" | "table:covered-table-cell", _) => {
                let columns = repeats(e, "table:number-columns-repeated", part)?;
                let content = opens
                    || attribute(e, "office:value-type").is_some()
                    || attribute(e, "table:formula").is_some();
                if let Some(row) = &mut self.row {
                    row.width = row.width.saturating_add(columns).min(MAX_COLUMNS);
                    if content {
                        row.used_width = row.width;
                    }
                }
            }
            ("text:s", _) => {
                let spaces = attribute(e, "text:c").map_or(Ok(1), |v| {
                    v.parse::<u64>()
                        .map_err(|_| claims(part, format!("text:c=\"{v}\"")))
                })?;
                if spaces > MAX_SPACES {
                    return Err(claims(part, format!("text:c=\"{spaces}\"")));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `r` and `ref` attributes of a worksheet's cells, rows and dimension.
    fn cell_reference(&self, e: &BytesStart, part: &str) -> Result<(), Problem> {
        for key in ["r", "ref"] {
            let Some(value) = attribute(e, key) else {
                continue;
            };
            let valid = match e.local_name().as_ref() {
                "row" => row_number(&value).is_some(),
                "dimension" => value.split(':').all(|r| cell(r).is_some()) && !value.is_empty(),
                _ => cell(&value).is_some(),
            };
            if !valid {
                let what = format!("{key}=\"{}\"", crate::text::excerpt(&value));
                return Err(claims(part, what));
            }
        }
        Ok(())
    }

    fn end(&mut self, local: &str, part: &str) -> Result<(), Problem> {
        match local {
            "table-row" if self.row.is_some() => self.end_row(part),
            "table" => {
                self.table = None;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A row of an OpenDocument table ends: the area calamine will fill grows.
    fn end_row(&mut self, part: &str) -> Result<(), Problem> {
        let (Some(row), Some(area)) = (self.row.take(), self.table.as_mut()) else {
            return Ok(());
        };
        if row.used_width == 0 {
            if area.rows_used > 0 {
                area.rows_pending = area.rows_pending.saturating_add(row.repeats);
            }
            return Ok(());
        }
        area.rows_used = area
            .rows_used
            .saturating_add(area.rows_pending)
            .saturating_add(row.repeats)
            .min(MAX_ROWS);
        area.rows_pending = 0;
        area.width = area.width.max(row.used_width);
        let cells = area.rows_used.saturating_mul(area.width);
        if cells > MAX_AREA_CELLS {
            let what = format!("{} rows × {} columns of cells", area.rows_used, area.width);
            return Err(claims(part, what));
        }
        Ok(())
    }

    fn finish(&self, part: &str) -> Result<(), Problem> {
        match self.strings_claimed {
            Some(claimed) if claimed > self.strings_seen => Err(claims(
                part,
                format!("uniqueCount=\"{claimed}\" ({} strings)", self.strings_seen),
            )),
            _ => Ok(()),
        }
    }
}

fn claims(part: &str, what: String) -> Problem {
    Problem::Claims {
        part: part.to_string(),
        what,
    }
}

/// An attribute's value as written, if the element has it.
fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// A repeat count (`number-rows-repeated`): 1 when absent, refused when not a number.
fn repeats(e: &BytesStart, key: &str, part: &str) -> Result<u64, Problem> {
    match attribute(e, key) {
        None => Ok(1),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .map_err(|_| claims(part, format!("{key}=\"{}\"", crate::text::excerpt(&v)))),
    }
}

/// A row number of Excel's grid (`1` to `1048576`).
fn row_number(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u64 = text.parse().ok()?;
    (1..=MAX_ROWS).contains(&row).then_some(row)
}

/// A cell of Excel's grid (`A1` to `XFD1048576`, `$` marks allowed), as (row, column).
fn cell(text: &str) -> Option<(u64, u64)> {
    let text = text.trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let column = text[..letters].bytes().fold(0, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row = row_number(text[letters..].trim_start_matches('$'))?;
    (column <= MAX_COLUMNS).then_some((row, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_within_excels_grid() {
        assert_eq!(cell("A1"), Some((1, 1)));
        assert_eq!(cell("XFD1048576"), Some((MAX_ROWS, MAX_COLUMNS)));
        assert_eq!(cell("$B$7"), Some((7, 2)));
        for bad in ["Anumerator5", "XFE1", "A0", "A1048577", "1", "A", "", "A1B"] {
            assert_eq!(cell(bad), None, "{bad}");
        }
        assert_eq!(row_number("12"), Some(12));
        assert_eq!(row_number("0"), None);
        assert_eq!(row_number("99999999999"), None);
    }

    #[test]
    fn a_part_must_close_its_elements_by_their_own_names() {
        let ok = "<a><table:table><b/></table:table></a>";
        assert_eq!(check_xml(ok.as_bytes(), "p"), Ok(()));
        for bad in ["<a><table:table></tabla:table></a>", "<a><b>", "<a></b>"] {
            assert!(
                matches!(check_xml(bad.as_bytes(), "p"), Err(Problem::Damaged { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn numbers_a_reader_trusts_are_checked() {
        let claims =
            |xml: &str| matches!(check_xml(xml.as_bytes(), "p"), Err(Problem::Claims { .. }));
        assert!(claims(r#"<sst uniqueCount="999999999999"><si/></sst>"#));
        assert!(!claims(r#"<sst uniqueCount="1"><si/></sst>"#));
        assert!(claims(r#"<p><text:s text:c="2000000000"/></p>"#));
        assert!(claims(r#"<sheetData><c r="Anumerator5"/></sheetData>"#));
        assert!(claims(r#"<dimension ref="A1:Anumerator5"/>"#));
        let area = r#"<table:table><table:table-row table:number-rows-repeated="100000">
            <table:table-cell office:value-type="float" table:number-columns-repeated="16384"/>
            </table:table-row></table:table>"#;
        assert!(claims(area));
        let trailing = r#"<table:table><table:table-row><table:table-cell office:value-type="float"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert!(!claims(trailing));
    }
}

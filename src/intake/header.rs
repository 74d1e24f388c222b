//! The header row: which column is which, found below any title rows.

use super::fields::fold;
use super::source::{SourceRow, Stop};
use crate::i18n::Lang;

/// The columns a submission may have; matched by folded header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Unit,
    Period,
    Indicator,
    Value,
    Numerator,
    Denominator,
    Submitted,
    Note,
    /// A group of an indicator broken down by a dimension (girls, boys).
    Group,
}

pub const COLUMN_NAMES: [(Column, &[&str]); 9] = [
    (Column::Unit, &["unit", "unit id", "don vi", "ma don vi"]),
    (Column::Period, &["period", "ky", "ky bao cao"]),
    (
        Column::Indicator,
        &["indicator", "indicator id", "chi tieu", "ma chi tieu"],
    ),
    (Column::Value, &["value", "gia tri"]),
    (Column::Numerator, &["numerator", "tu so"]),
    (Column::Denominator, &["denominator", "mau so"]),
    (
        Column::Submitted,
        &["submitted", "date submitted", "ngay gui"],
    ),
    (Column::Note, &["note", "notes", "ghi chu"]),
    (
        Column::Group,
        &["group", "nhom", "sex", "gioi tinh", "phan to"],
    ),
];

/// The header name people see for a column, in the given language.
pub fn column_label(column: Column, lang: Lang) -> &'static str {
    match column {
        Column::Unit => lang.pick("unit", "đơn vị"),
        Column::Period => lang.pick("period", "kỳ"),
        Column::Indicator => lang.pick("indicator", "chỉ tiêu"),
        Column::Value => lang.pick("value", "giá trị"),
        Column::Numerator => lang.pick("numerator", "tử số"),
        Column::Denominator => lang.pick("denominator", "mẫu số"),
        Column::Submitted => lang.pick("submitted", "ngày gửi"),
        Column::Note => lang.pick("note", "ghi chú"),
        Column::Group => lang.pick("group", "nhóm"),
    }
}

/// Official forms put the unit's name and a title above the table: the header is
/// looked for among this many first non-empty rows.
const TITLE_ROWS: usize = 20;

/// A recognised header row.
#[derive(Debug, Clone)]
pub struct Header {
    pub line: u32,
    position: [Option<usize>; 9],
    /// Columns named twice: (column, first position, second position), 0-based.
    pub repeated: Vec<(Column, usize, usize)>,
}

impl Header {
    /// 0-based position of a column in the row.
    pub fn index(&self, column: Column) -> Option<usize> {
        self.position[column as usize]
    }

    /// The positions of every recognised column.
    pub fn positions(&self) -> impl Iterator<Item = (Column, usize)> + '_ {
        COLUMN_NAMES
            .iter()
            .filter_map(|(c, _)| self.index(*c).map(|i| (*c, i)))
    }

    fn recognise(row: &SourceRow) -> Header {
        let mut header = Header {
            line: row.line,
            position: [None; 9],
            repeated: Vec::new(),
        };
        for index in 0..row.len() {
            let folded = fold(&row.get(index).text());
            let Some((column, _)) = COLUMN_NAMES
                .iter()
                .find(|(_, names)| names.contains(&folded.as_str()))
            else {
                continue;
            };
            match header.position[*column as usize] {
                Some(earlier) => header.repeated.push((*column, earlier, index)),
                None => header.position[*column as usize] = Some(index),
            }
        }
        header
    }

    fn is_complete(&self) -> bool {
        self.index(Column::Unit).is_some() && self.index(Column::Period).is_some()
    }

    fn recognised(&self) -> usize {
        self.position.iter().flatten().count()
    }
}

/// What the search for a header found.
pub enum Found {
    Header(Header),
    /// No row names both the unit and the period column: the row that came closest
    /// (or the first row), its cells' text, and the required columns it lacks.
    Missing {
        line: u32,
        cells: Vec<String>,
        missing: Vec<Column>,
    },
}

/// Reads rows up to the header: title rows above it are passed over.
pub fn find_header(rows: &mut dyn Iterator<Item = Result<SourceRow, Stop>>) -> Result<Found, Stop> {
    let mut best: Option<(Header, Vec<String>)> = None;
    let mut seen = 0;
    for row in rows {
        let row = row?;
        if row.is_empty() {
            continue;
        }
        let header = Header::recognise(&row);
        if header.is_complete() {
            return Ok(Found::Header(header));
        }
        if best
            .as_ref()
            .is_none_or(|(b, _)| header.recognised() > b.recognised())
        {
            let cells = (0..row.len()).map(|i| row.get(i).text().into()).collect();
            best = Some((header, cells));
        }
        seen += 1;
        if seen == TITLE_ROWS {
            break;
        }
    }
    Ok(match best {
        Some((header, cells)) => Found::Missing {
            line: header.line,
            missing: [Column::Unit, Column::Period]
                .into_iter()
                .filter(|c| header.index(*c).is_none())
                .collect(),
            cells,
        },
        None => Found::Missing {
            line: 1,
            cells: Vec::new(),
            missing: vec![Column::Unit, Column::Period],
        },
    })
}

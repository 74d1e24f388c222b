//! Where a value of the raw plan was written. Every value the validation reads
//! carries a span (`toml::Spanned`); a span is placed by the reader that made it:
//! a line and column of plan.toml, a line of the units file, or a cell of the
//! plan workbook (`FILE[SHEET]!B7`), so that one validation reports each problem
//! where the person wrote the value, whatever the format.

use crate::diagnostic::Diagnostic;
use std::ops::Range;

/// A place in what a person wrote.
#[derive(Debug, Clone, PartialEq)]
pub enum Position {
    /// plan.toml, or the units file (no column).
    Line {
        file: String,
        line: usize,
        column: Option<usize>,
    },
    /// A whole file: what a workbook lacks (a key no cell gives).
    File { file: String },
    /// A cell of a workbook (1-based row; 1-based column, or None for the row).
    Cell {
        file: String,
        sheet: String,
        row: usize,
        column: Option<usize>,
    },
}

impl Position {
    /// A problem at this place.
    pub fn diagnostic(&self, message: String, hint: String) -> Diagnostic {
        match self {
            Position::Line { file, line, column } => {
                let d = Diagnostic::new(file, message);
                match column {
                    Some(column) => d.at((*line, *column)),
                    None => d.at_line(*line),
                }
                .hint(hint)
            }
            Position::File { file } => Diagnostic::new(file, message).hint(hint),
            Position::Cell {
                file,
                sheet,
                row,
                column,
            } => Diagnostic::new(file, message)
                .in_sheet(sheet, *row, *column)
                .hint(hint),
        }
    }
}

/// A cell of a workbook, by its sheet's index in [`CellMap::sheets`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellAt {
    pub sheet: usize,
    /// 1-based.
    pub row: usize,
    /// 1-based; None for the whole row.
    pub column: Option<usize>,
}

/// The cells a plan text was composed from: each span of the text, the cell (or
/// row) it came from.
#[derive(Debug, Default)]
pub struct CellMap {
    pub file: String,
    pub sheets: Vec<String>,
    spans: Vec<(Range<usize>, CellAt)>,
}

impl CellMap {
    pub fn new(file: &str, sheets: Vec<String>) -> CellMap {
        CellMap {
            file: file.to_string(),
            sheets,
            spans: Vec::new(),
        }
    }

    pub fn record(&mut self, span: Range<usize>, at: CellAt) {
        self.spans.push((span, at));
    }

    /// The narrowest recorded span holding `offset`: a value's cell before its
    /// row; the workbook itself for what no cell gives (a missing key).
    pub fn place(&self, offset: usize) -> Position {
        let narrowest = self
            .spans
            .iter()
            .filter(|(span, _)| span.start <= offset && offset < span.end.max(span.start + 1))
            .min_by_key(|(span, _)| span.len());
        match narrowest {
            Some((_, at)) => self.position(*at),
            None => Position::File {
                file: self.file.clone(),
            },
        }
    }

    pub fn position(&self, at: CellAt) -> Position {
        Position::Cell {
            file: self.file.clone(),
            sheet: self.sheets[at.sheet].clone(),
            row: at.row,
            column: at.column,
        }
    }
}

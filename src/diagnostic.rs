//! Problems found in a user's file, reported as `file:line:col: error: message` with
//! a hint, the way compilers and hledger report them: all at once, written for the
//! person who has to fix the file.

use crate::i18n::Lang;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The worksheet, for a place in a workbook: the location then reads as people
    /// see it in the spreadsheet, `FILE[SHEET]!C12` (the column as a letter), or
    /// `FILE[SHEET]!12:12` for a whole row.
    pub sheet: Option<Box<str>>,
    pub message: String,
    /// Boxed: a diagnostic stays small enough to be an error value.
    pub hint: Option<Box<str>>,
    /// A warning (a figure recorded but unlikely), not an error.
    pub warning: bool,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            sheet: None,
            message: message.into(),
            hint: None,
            warning: false,
        }
    }

    /// Makes it a warning: shown as "warning", in yellow.
    pub fn warning(mut self) -> Diagnostic {
        self.warning = true;
        self
    }

    pub fn at_line(mut self, line: usize) -> Diagnostic {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, position: (usize, usize)) -> Diagnostic {
        self.line = Some(position.0);
        self.column = Some(position.1);
        self
    }

    /// A cell of a worksheet (1-based row; 1-based column, or None for the whole row).
    pub fn in_sheet(mut self, sheet: &str, row: usize, column: Option<usize>) -> Diagnostic {
        self.sheet = Some(sheet.into());
        self.line = Some(row);
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub fn location(&self) -> String {
        if let Some(sheet) = &self.sheet {
            let file = &self.file;
            return match (self.line, self.column) {
                (Some(r), Some(c)) => format!("{file}[{sheet}]!{}{r}", column_letters(c)),
                (Some(r), None) => format!("{file}[{sheet}]!{r}:{r}"),
                _ => format!("{file}[{sheet}]"),
            };
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }

    /// Two lines: the problem, then how to fix it. File names and quoted text
    /// come from users' files: control and bidirectional characters in them are
    /// shown escaped, so a diagnostic cannot drive the terminal.
    pub fn render(&self, lang: Lang, color: bool) -> String {
        let safe = |s: &str| crate::text::for_terminal(s).into_owned();
        use crate::paint::{BAD, FAINT, STRONG, WARN, paint};
        let (label, tone) = match self.warning {
            false => (lang.pick("error", "lỗi"), BAD),
            true => (lang.pick("warning", "cảnh báo"), WARN),
        };
        let mut text = format!(
            "{}: {}: {}",
            paint(&safe(&self.location()), STRONG, color),
            paint(label, tone, color),
            safe(&self.message)
        );
        if let Some(hint) = &self.hint {
            text.push_str(&format!(
                "\n  {}: {}",
                paint(lang.pick("hint", "gợi ý"), FAINT, color),
                safe(hint)
            ));
        }
        text
    }
}

/// A spreadsheet column's letters: 1 → A, 26 → Z, 27 → AA.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(b'A' + rest as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A failure already explained by its diagnostics; the CLI prints them and exits 1.
#[derive(Debug)]
pub struct Rejected(pub Vec<Diagnostic>);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.render(Lang::En, false))?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The candidates closest to a mistyped word, for "did you mean" hints.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    candidates
        .into_iter()
        // The score is at most shorter / longer length: a word more than twice as
        // long (or short) as a candidate cannot reach 0.5, so the quadratic
        // distance is not computed for it (a pasted page in a unit's cell).
        .filter(|c| {
            let other = c.chars().count();
            length <= 2 * other && other <= 2 * length
        })
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, _)| *score >= 0.5)
        // Equal scores go to the alphabetically first candidate, so the suggestion
        // does not depend on the order the candidates come in.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nđơn = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        let offset = text.find('=').unwrap();
        assert_eq!(line_col(text, offset), (1, 3));
        let second = text.rfind('=').unwrap();
        assert_eq!(line_col(text, second), (2, 5));
    }

    #[test]
    fn renders_location_message_and_hint() {
        let d = Diagnostic::new("plan.toml", "unknown unit \"x\"")
            .at((3, 7))
            .hint("use one of …");
        assert_eq!(
            d.render(Lang::En, false),
            "plan.toml:3:7: error: unknown unit \"x\"\n  hint: use one of …"
        );
        assert!(d.render(Lang::Vi, false).contains(": lỗi: "));
    }

    #[test]
    fn terminal_controls_in_names_and_messages_are_shown_escaped() {
        let d = Diagnostic::new("a\x1b]0;x\x07.csv", "unknown unit \"\u{202E}oB naB\"")
            .at_line(2)
            .hint("\x1b[2J");
        let shown = d.render(Lang::En, false);
        assert_eq!(
            shown,
            "a\\u{1b}]0;x\\u{7}.csv:2: error: unknown unit \"\\u{202e}oB naB\"\n  hint: \\u{1b}[2J"
        );
    }

    #[test]
    fn workbook_places_read_as_in_the_spreadsheet() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
        let cell = Diagnostic::new("r.xlsx", "x").in_sheet("Báo cáo", 12, Some(3));
        assert_eq!(cell.location(), "r.xlsx[Báo cáo]!C12");
        let row = Diagnostic::new("r.xlsx", "x").in_sheet("S", 4, None);
        assert_eq!(row.location(), "r.xlsx[S]!4:4");
    }

    #[test]
    fn nearest_suggests_close_words() {
        assert_eq!(nearest("ldtbhx", ["ldtbxh", "noivu"]), Some("ldtbxh"));
        assert_eq!(nearest("zzz", ["ldtbxh", "noivu"]), None);
        // Ties are broken the same way whatever the order of the candidates.
        assert_eq!(nearest("4.4", ["6.4", "4.2", "4.1"]), Some("4.1"));
        assert_eq!(nearest("4.4", ["4.1", "4.2", "6.4"]), Some("4.1"));
    }
}

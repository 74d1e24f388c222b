//! Text on its way out of the program, made harmless where it lands.
//!
//! - A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return as a formula (`=HYPERLINK(…)`, `+cmd|'/C calc'!A0`).
//!   [`formula_safe`] applies OWASP's rule to every cell of every CSV the tool
//!   writes: such a cell gets a leading `'`, unless it is a number.
//! - A terminal obeys escape sequences, and bidirectional overrides reorder what
//!   it shows. [`for_terminal`] shows control, bidi and other invisible format
//!   characters as `\u{…}` escapes.
//!   For the data file, which the tool reads back, [`quote_cell`] and
//!   [`unquote_cell`] do the same reversibly.
//! - A diagnostic quotes at most a short excerpt of the offending text:
//!   [`excerpt`] (escaped, at most [`EXCERPT_CHARS`] characters).
//!
//! One function per output format, used by every command that writes it:
//! [`for_terminal`] (tables), [`for_csv`] (every CSV cell), [`for_markdown`]
//! (every Markdown output) and [`for_xml`] (Word, SVG and HTML text).
//!
//! This module knows nothing of plans, files or the command line.

use std::borrow::Cow;

/// The longest piece of a user's text a diagnostic quotes, in characters.
pub const EXCERPT_CHARS: usize = 40;

/// The cell as a spreadsheet should store it: text a spreadsheet would run as a
/// formula gets a leading `'` (OWASP's CSV-injection rule); numbers, such as
/// `-5` or `-1,7 %`, and all other text are unchanged.
pub fn formula_safe(cell: &str) -> Cow<'_, str> {
    if runs_as_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Whether a spreadsheet would run the cell as a formula (OWASP's list of first
/// characters, numbers excepted).
pub fn runs_as_formula(cell: &str) -> bool {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    risky && !is_plain_number(cell)
}

/// [`formula_safe`], made reversible for a file the tool reads back (the data
/// file): a cell that starts with `'` gets one more, so [`unquote_cell`] gives back
/// exactly what was written. A spreadsheet shows `''x` as `'x`.
pub fn quote_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with('\'') || runs_as_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell [`quote_cell`] was given.
pub fn unquote_cell(cell: &[u8]) -> &[u8] {
    cell.strip_prefix(b"'").unwrap_or(cell)
}

/// A sign, digits, and only digit-group or decimal marks after them (`-1.234,5`,
/// `+45 %`): what a spreadsheet reads as a number and never as a formula.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let body = body.strip_suffix('%').map_or(body, str::trim_end);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{A0}' | '\u{202F}'))
}

/// Whether a character must not reach a terminal as it is: C0 and C1 controls
/// (line breaks and tabs included: they would break the layout of a message),
/// DEL, the bidirectional controls, and other invisible format characters.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'              // Arabic letter mark
            | '\u{200B}'..='\u{200F}' // zero-width characters, LRM, RLM
            | '\u{2028}'..='\u{202E}' // line/paragraph separators, LRE…RLO
            | '\u{2060}'..='\u{2069}' // word joiner … isolates (LRI, RLI, FSI, PDI)
            | '\u{FEFF}'              // byte-order mark / zero-width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        )
}

/// The text with every [`is_unsafe_for_terminal`] character shown as `\u{…}`.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Multi-line text for a terminal: like [`for_terminal`], but line breaks (and
/// tabs) stay, so a message of several lines keeps its shape.
pub fn lines_for_terminal(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c != '\n' && c != '\t' && is_unsafe_for_terminal(c))
    {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<str>> = text
        .split('\n')
        .map(|line| {
            let parts: Vec<Cow<str>> = line.split('\t').map(for_terminal).collect();
            Cow::Owned(parts.join("\t"))
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// A CSV cell as the tool writes it: control and bidi characters shown escaped as
/// on a terminal (line breaks and tabs stay, a quoted cell holds them), then
/// [`formula_safe`].
pub fn for_csv(cell: &str) -> Cow<'_, str> {
    match lines_for_terminal(cell) {
        Cow::Borrowed(shown) => formula_safe(shown),
        Cow::Owned(shown) => Cow::Owned(formula_safe(&shown).into_owned()),
    }
}

/// Text for Markdown (a table cell or a line): HTML cannot get through (`<`, `>`
/// and `&` become numeric character references, which every Markdown renderer
/// shows as the character and no word of any language can be mistaken for, so a `<script>` or `<img onerror>` in a note is
/// shown, never run, by a CommonMark renderer), Markdown's own marks are
/// escaped, control and bidi characters are shown escaped as on a terminal, and
/// a line break is a space.
pub fn for_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '&' => out.push_str("&#38;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c if is_unsafe_for_terminal(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Text for an XML document the tool writes (Word, SVG, HTML): the characters
/// XML 1.0 forbids (C0 controls but tab and line breaks, U+FFFE, U+FFFF) and
/// those it discourages (DEL, C1 controls) are dropped; a vertical tab or form
/// feed (Word's manual line and page breaks, pasted) becomes a line break. Markup
/// is escaped by the writer (docx-rs, `svg::escape`).
pub fn for_xml(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    let kept = text.chars().filter_map(|c| match c {
        '\u{0B}' | '\u{0C}' => Some('\n'),
        c if allowed(c) => Some(c),
        _ => None,
    });
    Cow::Owned(kept.collect())
}

/// A short, escaped excerpt of a user's text for a diagnostic: at most
/// [`EXCERPT_CHARS`] characters, then `…` and how long the whole was.
pub fn excerpt(text: &str) -> String {
    let count = text.chars().count();
    if count <= EXCERPT_CHARS {
        return for_terminal(text).into_owned();
    }
    let head: String = text.chars().take(EXCERPT_CHARS).collect();
    format!("{}… ({count} characters)", for_terminal(&head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_format_gets_its_escape() {
        let note = "a\u{0B}b\u{1b}]0;title\u{7}<script>x</script> & | *";
        assert_eq!(for_xml(note), "a\nb]0;title<script>x</script> & | *");
        assert_eq!(
            for_markdown(note),
            "a\\u{b}b\\u{1b}\\]0;title\\u{7}&#60;script&#62;x&#60;/script&#62; &#38; \\| \\*"
        );
        assert_eq!(for_csv("=1\u{1b}[2J\nx"), "'=1\\u{1b}[2J\nx");
        assert_eq!(for_csv("plain"), "plain");
    }

    #[test]
    fn formulas_get_a_quote_and_numbers_do_not() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|'/C calc'!A0",
            "@SUM(A1:A2)",
            "-2+3+cmd|' /C calc'!A0",
            "\t=1",
            "\r=1",
            "-",
            "+",
            "-x",
        ] {
            assert_eq!(formula_safe(risky), format!("'{risky}"), "{risky:?}");
        }
        for plain in [
            "", "-5", "-0.5", "+3", "-1,7", "-1.234,5", "-45 %", "abc", "Bản Bo", "'=x", " =1",
        ] {
            assert_eq!(formula_safe(plain), plain, "{plain:?}");
        }
    }

    #[test]
    fn terminal_text_shows_controls_and_bidi_escaped() {
        assert_eq!(for_terminal("Bản Bo"), "Bản Bo");
        assert_eq!(for_terminal("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(for_terminal("x\u{202E}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(for_terminal("a\nb\tc"), "a\\u{a}b\\u{9}c");
        assert_eq!(for_terminal("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(lines_for_terminal("a\x07\nb\tc"), "a\\u{7}\nb\tc");
    }

    #[test]
    fn excerpts_are_short_and_say_how_long_the_text_was() {
        assert_eq!(excerpt("ban-bo"), "ban-bo");
        let long = "x".repeat(10_000_000);
        let shown = excerpt(&long);
        assert!(shown.starts_with(&"x".repeat(EXCERPT_CHARS)));
        assert!(shown.ends_with("… (10000000 characters)"), "{shown}");
        assert!(shown.len() < 80);
        assert_eq!(excerpt("\u{202E}abc"), "\\u{202e}abc");
    }

    proptest! {
        #[test]
        fn xml_text_has_no_forbidden_character(text in any::<String>()) {
            let ok = |c: char| matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}');
            prop_assert!(for_xml(&text).chars().all(ok));
        }

        #[test]
        fn markdown_text_has_no_markup_and_no_control(text in any::<String>()) {
            let shown = for_markdown(&text);
            prop_assert!(!shown.contains('<') && !shown.contains('>') && !shown.contains('\n'));
            prop_assert!(!shown.chars().any(is_unsafe_for_terminal));
        }

        #[test]
        fn a_safe_cell_never_starts_a_formula(cell in any::<String>()) {
            let safe = formula_safe(&cell);
            let first = safe.chars().next();
            let risky = first.is_some_and(|c| matches!(c, '=' | '+' | '@' | '\t' | '\r'))
                || (first == Some('-') && !is_plain_number(&safe));
            prop_assert!(!risky, "{:?}", safe);
            // Nothing is lost: the original follows the added quote.
            prop_assert!(safe.ends_with(cell.as_str()));
        }

        #[test]
        fn quoted_cells_are_safe_and_read_back_exactly(cell in any::<String>()) {
            let quoted = quote_cell(&cell);
            prop_assert!(!runs_as_formula(&quoted));
            prop_assert_eq!(unquote_cell(quoted.as_bytes()), cell.as_bytes());
        }

        #[test]
        fn terminal_text_has_no_unsafe_character(text in any::<String>()) {
            prop_assert!(!for_terminal(&text).chars().any(is_unsafe_for_terminal));
            prop_assert!(!excerpt(&text).chars().any(is_unsafe_for_terminal));
            prop_assert!(excerpt(&text).chars().count() <= 8 * EXCERPT_CHARS + 30);
        }
    }
}

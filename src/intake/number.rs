//! Reading numbers written with either decimal convention.
//!
//! Vietnamese spreadsheets write "1,7" and "100.000" (decimal comma, dot
//! for thousands); English ones write the opposite. A cell such as "1.234"
//! reads differently under each, so such cells are never guessed: the file's
//! convention is settled from its unambiguous cells, or the user is asked.
//!
//! A number has at most [`MAX_DIGITS`] significant digits, so what is read is
//! exactly what was written (a 309-digit number is refused, not read as infinity;
//! a 20-digit count is refused, not rounded).

use crate::domain::figure::MAX_DIGITS;

/// Which character is the decimal mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// "1,7" is one point seven; "." groups thousands.
    Comma,
    /// "1.7" is one point seven; "," groups thousands.
    Dot,
}

/// Why a cell did not yield a number.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    /// Blank or whitespace only, so the caller can treat it as missing.
    Empty,
    /// Not a number under either convention.
    NotANumber,
    /// More significant digits than a figure can hold exactly
    /// ([`MAX_DIGITS`]): refused rather than rounded (or read as infinity).
    TooManyDigits { digits: usize },
    /// Reading depends on the convention and none was settled or given;
    /// both readings are carried so the message can show them.
    Ambiguous {
        comma_decimal: f64,
        dot_decimal: f64,
    },
}

/// What one cell says about the file's convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// Reads the same either way (e.g. "45", "100 000") or is not a number.
    None,
    /// Only readable with a decimal comma (e.g. "1,7", "1.234.567").
    Comma,
    /// Only readable with a decimal dot (e.g. "1.7", "1,234,567").
    Dot,
    /// Readable both ways with different values (e.g. "1.234").
    Ambiguous,
}

/// The convention a whole file uses, as far as its cells reveal it.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// No cell decides it; ambiguous cells need the user's choice.
    Unsettled,
    /// Some cells decide it and none contradicts.
    Decided(Decimal),
    /// Cells point both ways; the first cell of each kind (trimmed) is kept
    /// so the user can be shown the contradiction.
    Conflict {
        comma_example: String,
        dot_example: String,
    },
}

/// Classify one cell, so a file's convention can be settled before any
/// ambiguous cell is read.
pub fn evidence(cell: &str) -> Evidence {
    match readings(cell) {
        Ok(Readings::Same(_)) | Err(_) => Evidence::None,
        Ok(Readings::OnlyComma(_)) => Evidence::Comma,
        Ok(Readings::OnlyDot(_)) => Evidence::Dot,
        Ok(Readings::Both { .. }) => Evidence::Ambiguous,
    }
}

/// What a file's numbers have shown of its convention so far: the first cell
/// that could only be read with a decimal comma, and the first with a dot. Fed
/// cell by cell, so a file streamed once can be settled at its end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    comma_example: Option<String>,
    dot_example: Option<String>,
}

impl Tally {
    pub fn observe(&mut self, cell: &str) {
        if self.comma_example.is_some() && self.dot_example.is_some() {
            return;
        }
        match evidence(cell) {
            Evidence::Comma if self.comma_example.is_none() => {
                self.comma_example = Some(cell.trim().to_string())
            }
            Evidence::Dot if self.dot_example.is_none() => {
                self.dot_example = Some(cell.trim().to_string())
            }
            _ => {}
        }
    }

    /// A cell whose reading was settled otherwise (a count cannot be fractional, so
    /// "4.820" in a count is 4820): it shows the file uses `decimal`.
    pub fn observe_reading(&mut self, cell: &str, decimal: Decimal) {
        let example = match decimal {
            Decimal::Comma => &mut self.comma_example,
            Decimal::Dot => &mut self.dot_example,
        };
        if example.is_none() {
            *example = Some(cell.trim().to_string());
        }
    }

    pub fn settled(&self) -> Settled {
        match (&self.comma_example, &self.dot_example) {
            (Some(comma), Some(dot)) => Settled::Conflict {
                comma_example: comma.clone(),
                dot_example: dot.clone(),
            },
            (Some(_), None) => Settled::Decided(Decimal::Comma),
            (None, Some(_)) => Settled::Decided(Decimal::Dot),
            (None, None) => Settled::Unsettled,
        }
    }
}

/// Settle a file's convention from all its numeric cells.
pub fn settle<'a>(cells: impl IntoIterator<Item = &'a str>) -> Settled {
    let mut tally = Tally::default();
    for cell in cells {
        tally.observe(cell);
    }
    tally.settled()
}

/// Parse one cell. Cells that are unambiguous by themselves parse as
/// themselves (even against `decimal`); ambiguous ones use `decimal`, or fail
/// with `Ambiguous` when it is `None`. A trailing "%" is dropped: "45 %"
/// is 45.0, the number as written.
pub fn parse_number(cell: &str, decimal: Option<Decimal>) -> Result<f64, NumberError> {
    match readings(cell)? {
        Readings::Same(v) | Readings::OnlyComma(v) | Readings::OnlyDot(v) => Ok(v),
        Readings::Both {
            comma_decimal,
            dot_decimal,
        } => match decimal {
            Some(Decimal::Comma) => Ok(comma_decimal),
            Some(Decimal::Dot) => Ok(dot_decimal),
            None => Err(NumberError::Ambiguous {
                comma_decimal,
                dot_decimal,
            }),
        },
    }
}

/// A cell's value under each convention that accepts it.
enum Readings {
    Same(f64),
    OnlyComma(f64),
    OnlyDot(f64),
    Both {
        comma_decimal: f64,
        dot_decimal: f64,
    },
}

/// A separator between digit groups. All spaces count as one kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sep {
    Dot,
    Comma,
    Space,
}

fn readings(cell: &str) -> Result<Readings, NumberError> {
    let s = cell.trim();
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let s = s.strip_suffix('%').map_or(s, str::trim_end);
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if let Some(plain) = plain_digits(negative, body) {
        return plain;
    }
    grouped_readings(negative, body)
}

/// Digits alone (most counts): one group, no separator, so both conventions read
/// it the same, without splitting it into groups.
fn plain_digits(negative: bool, body: &str) -> Option<Result<Readings, NumberError>> {
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = body.len() - body.bytes().take_while(|&b| b == b'0').count();
    if digits > MAX_DIGITS {
        return Some(Err(NumberError::TooManyDigits { digits }));
    }
    let value: f64 = body.parse().ok()?;
    Some(Ok(Readings::Same(if negative { -value } else { value })))
}

/// The readings of digit groups and the separators between them.
fn grouped_readings(negative: bool, body: &str) -> Result<Readings, NumberError> {
    // Split into digit groups and the single separators between them.
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<Sep> = Vec::new();
    let mut group_start = 0;
    for (i, c) in body.char_indices() {
        let sep = match c {
            '0'..='9' => continue,
            '.' => Sep::Dot,
            ',' => Sep::Comma,
            ' ' | '\u{A0}' | '\u{202F}' => Sep::Space,
            _ => return Err(NumberError::NotANumber),
        };
        groups.push(&body[group_start..i]);
        seps.push(sep);
        group_start = i + c.len_utf8();
    }
    groups.push(&body[group_start..]);
    if groups.iter().any(|g| g.is_empty()) {
        return Err(NumberError::NotANumber);
    }
    let digits = significant_digits(&groups);
    if digits > MAX_DIGITS {
        return Err(NumberError::TooManyDigits { digits });
    }

    let comma = value_under(negative, &groups, &seps, Sep::Comma);
    let dot = value_under(negative, &groups, &seps, Sep::Dot);
    match (comma, dot) {
        (None, None) => Err(NumberError::NotANumber),
        (Some(c), None) => Ok(Readings::OnlyComma(c)),
        (None, Some(d)) => Ok(Readings::OnlyDot(d)),
        (Some(c), Some(d)) if c == d => Ok(Readings::Same(c)),
        (Some(c), Some(d)) => Ok(Readings::Both {
            comma_decimal: c,
            dot_decimal: d,
        }),
    }
}

/// How many digits the groups hold, leading zeros not counted: the same under
/// either convention, since only the separators' meaning differs.
fn significant_digits(groups: &[&str]) -> usize {
    let total: usize = groups.iter().map(|g| g.len()).sum();
    let leading_zeros = groups
        .iter()
        .flat_map(|g| g.bytes())
        .take_while(|&b| b == b'0')
        .count();
    total - leading_zeros
}

/// The value of non-empty digit `groups` joined by `seps` when `mark` is the
/// decimal mark, or `None` if the layout is invalid under that convention:
/// the mark may only separate the last group (the fraction); every other
/// separator groups thousands, must all be the same character, and needs a
/// first group of 1–3 digits not starting with 0 and later groups of exactly
/// 3 digits.
fn value_under(negative: bool, groups: &[&str], seps: &[Sep], mark: Sep) -> Option<f64> {
    let (int_groups, thousand_seps, fraction) = match seps.iter().position(|&s| s == mark) {
        Some(at) if at + 1 == seps.len() => (&groups[..=at], &seps[..at], Some(groups[at + 1])),
        Some(_) => return None,
        None => (groups, seps, None),
    };
    if let Some(&first_sep) = thousand_seps.first() {
        if thousand_seps.iter().any(|&s| s != first_sep) {
            return None;
        }
        let lead = int_groups[0];
        if lead.len() > 3 || lead.starts_with('0') {
            return None;
        }
        if int_groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut ascii = String::with_capacity(groups.iter().map(|g| g.len()).sum::<usize>() + 2);
    if negative {
        ascii.push('-');
    }
    int_groups.iter().for_each(|g| ascii.push_str(g));
    if let Some(fraction) = fraction {
        ascii.push('.');
        ascii.push_str(fraction);
    }
    ascii.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for plain digits reads them as the general path does.
        #[test]
        fn plain_digits_read_as_grouped_digits(digits in "[0-9]{1,20}", negative: bool) {
            let plain = plain_digits(negative, &digits).unwrap();
            let grouped = grouped_readings(negative, &digits);
            match (plain, grouped) {
                (Ok(Readings::Same(a)), Ok(Readings::Same(b))) => {
                    prop_assert_eq!(a.to_bits(), b.to_bits())
                }
                (Err(a), Err(b)) => prop_assert_eq!(format!("{a:?}"), format!("{b:?}")),
                _ => prop_assert!(false, "the two paths disagree on {}", digits),
            }
        }
    }

    #[test]
    fn classification_examples() {
        let cases = [
            ("1,7", Evidence::Comma),
            ("1.7", Evidence::Dot),
            ("0.500", Evidence::Dot),
            ("0,500", Evidence::Comma),
            ("1.234.567", Evidence::Comma),
            ("1,234,567", Evidence::Dot),
            ("1.234,5", Evidence::Comma),
            ("1,234.5", Evidence::Dot),
            ("1.234", Evidence::Ambiguous),
            ("1,234", Evidence::Ambiguous),
            ("100.000", Evidence::Ambiguous),
            ("45", Evidence::None),
            ("100000", Evidence::None),
            ("100 000", Evidence::None),
            ("100\u{A0}000", Evidence::None),
            ("1 234,5", Evidence::Comma),
            ("1 234.5", Evidence::Dot),
            ("1 234,567", Evidence::Comma),
            ("1234,567", Evidence::Comma),
            ("1234.567", Evidence::Dot),
            ("12,5 %", Evidence::Comma),
            ("abc", Evidence::None),
            ("", Evidence::None),
        ];
        for (cell, expected) in cases {
            assert_eq!(evidence(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn unambiguous_values() {
        let cases = [
            ("1,7", 1.7),
            ("1.7", 1.7),
            ("0.500", 0.5),
            ("0,500", 0.5),
            ("1.234.567", 1_234_567.0),
            ("1,234,567", 1_234_567.0),
            ("1.234,5", 1234.5),
            ("1,234.5", 1234.5),
            ("45", 45.0),
            ("100000", 100_000.0),
            ("100 000", 100_000.0),
            ("\u{A0}1\u{202F}000\u{A0}", 1000.0),
            ("  -12,5 ", -12.5),
            ("+3", 3.0),
            ("45 %", 45.0),
            ("45%", 45.0),
            ("-0,5%", -0.5),
            ("007", 7.0),
            ("00,5", 0.5),
        ];
        for (cell, expected) in cases {
            assert_eq!(parse_number(cell, None), Ok(expected), "{cell:?}");
            // A given convention does not override an unambiguous cell.
            assert_eq!(parse_number(cell, Some(Decimal::Dot)), Ok(expected));
            assert_eq!(parse_number(cell, Some(Decimal::Comma)), Ok(expected));
        }
    }

    #[test]
    fn ambiguous_values() {
        assert_eq!(
            parse_number("1.234", None),
            Err(NumberError::Ambiguous {
                comma_decimal: 1234.0,
                dot_decimal: 1.234
            })
        );
        assert_eq!(
            parse_number("1,234", None),
            Err(NumberError::Ambiguous {
                comma_decimal: 1.234,
                dot_decimal: 1234.0
            })
        );
        assert_eq!(parse_number("100.000", Some(Decimal::Comma)), Ok(100_000.0));
        assert_eq!(parse_number("100.000", Some(Decimal::Dot)), Ok(100.0));
        assert_eq!(parse_number("-1,234 %", Some(Decimal::Comma)), Ok(-1.234));
    }

    #[test]
    fn rejects() {
        for cell in [
            "-",
            "%",
            "+",
            "abc",
            "1a",
            "1,2,3",
            "1.2.3",
            "1,,2",
            "1..2",
            "1,2.3,4",
            ".5",
            ",5",
            "1.",
            "1,",
            "12 34",
            "1 2",
            "1.234 567",
            "--1",
            "+-1",
            "1-",
            "1e5",
            "inf",
            "NaN",
            "1%%",
            "% 1",
            "0.123.456",
            "1234.567.890",
            "1 000 00",
            "½",
        ] {
            assert_eq!(
                parse_number(cell, None),
                Err(NumberError::NotANumber),
                "{cell:?}"
            );
            assert_eq!(
                parse_number(cell, Some(Decimal::Comma)),
                Err(NumberError::NotANumber),
                "{cell:?}"
            );
        }
        for cell in ["", "   ", "\u{A0}", "\t\n"] {
            assert_eq!(
                parse_number(cell, None),
                Err(NumberError::Empty),
                "{cell:?}"
            );
        }
    }

    #[test]
    fn numbers_beyond_fifteen_digits_are_refused_not_rounded() {
        let huge = "9".repeat(309);
        assert_eq!(
            parse_number(&huge, None),
            Err(NumberError::TooManyDigits { digits: 309 })
        );
        assert_eq!(
            parse_number("12345678901234567890", None),
            Err(NumberError::TooManyDigits { digits: 20 })
        );
        assert_eq!(
            parse_number("1.234.567.890.123.456", Some(Decimal::Comma)),
            Err(NumberError::TooManyDigits { digits: 16 })
        );
        // Fifteen digits are read exactly; leading zeros do not count.
        assert_eq!(
            parse_number("999999999999999", None),
            Ok(999_999_999_999_999.0)
        );
        assert_eq!(parse_number("0000000000000000000001", None), Ok(1.0));
        assert_eq!(parse_number("0,00000000000001", None), Ok(0.00000000000001));
    }

    #[test]
    fn settle_cases() {
        assert_eq!(settle(["45", "1.234", "", "x"]), Settled::Unsettled);
        assert_eq!(settle(Vec::<&str>::new()), Settled::Unsettled);
        assert_eq!(
            settle(["45", "1.234", "1,7", "2,5"]),
            Settled::Decided(Decimal::Comma)
        );
        assert_eq!(settle(["1.5", "1,234"]), Settled::Decided(Decimal::Dot));
        assert_eq!(
            settle(["1.234", " 1,7 ", "2.5", "3,5", "4.5"]),
            Settled::Conflict {
                comma_example: "1,7".to_string(),
                dot_example: "2.5".to_string()
            }
        );
    }

    /// Format an integer with a thousands separator every three digits.
    fn group(int: u64, sep: &str) -> String {
        let digits = int.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(ch);
        }
        out
    }

    proptest! {
        /// Whatever is accepted is finite, in range, and, for whole numbers,
        /// exactly the digits written.
        #[test]
        fn accepted_numbers_are_recordable_and_exact(
            digits in "[0-9]{1,20}",
            sign in prop_oneof![Just(""), Just("-")],
        ) {
            let cell = format!("{sign}{digits}");
            match parse_number(&cell, Some(Decimal::Comma)) {
                Ok(v) => {
                    prop_assert!(crate::domain::figure::is_recordable(v));
                    let expected: i128 = cell.parse().unwrap();
                    prop_assert_eq!(v as i128, expected);
                }
                Err(NumberError::TooManyDigits { digits }) => prop_assert!(digits > MAX_DIGITS),
                Err(e) => prop_assert!(false, "{cell}: {e:?}"),
            }
        }

        #[test]
        fn formatted_numbers_round_trip(
            int in 0u64..10_000_000_000,
            // At most 15 digits in all: MAX_DIGITS.
            fraction in proptest::option::of("[0-9]{1,5}"),
            negative: bool,
            comma: bool,
            grouping in 0usize..3,
            percent in prop_oneof![Just(""), Just("%"), Just(" %"), Just("\u{A0}%")],
        ) {
            let (mark, thousands) = if comma { (",", ".") } else { (".", ",") };
            let sep = [None, Some(thousands), Some("\u{A0}")][grouping];
            let int_text = match sep {
                Some(sep) => group(int, sep),
                None => int.to_string(),
            };
            let sign = if negative { "-" } else { "" };
            let cell = match &fraction {
                Some(f) => format!("{sign}{int_text}{mark}{f}{percent}"),
                None => format!("{sign}{int_text}{percent}"),
            };
            let plain = match &fraction {
                Some(f) => format!("{sign}{int}.{f}"),
                None => format!("{sign}{int}"),
            };
            let expected: f64 = plain.parse().unwrap();
            let decimal = if comma { Decimal::Comma } else { Decimal::Dot };
            prop_assert_eq!(parse_number(&cell, Some(decimal)), Ok(expected), "{}", cell);
            // The evidence never points the other way.
            let contrary = if comma { Evidence::Dot } else { Evidence::Comma };
            prop_assert_ne!(evidence(&cell), contrary, "{}", cell);
        }

        #[test]
        fn evidence_agrees_with_parse(cell in "[-+ 0-9.,%\u{A0}]{0,12}") {
            check_agreement(&cell)?;
        }

        #[test]
        fn arbitrary_strings(cell in any::<String>()) {
            check_agreement(&cell)?;
        }
    }

    fn check_agreement(cell: &str) -> Result<(), TestCaseError> {
        let none = parse_number(cell, None);
        let comma = parse_number(cell, Some(Decimal::Comma));
        let dot = parse_number(cell, Some(Decimal::Dot));
        match evidence(cell) {
            Evidence::Ambiguous => {
                let (c, d) = (comma.clone().unwrap(), dot.clone().unwrap());
                prop_assert_ne!(c, d);
                prop_assert_eq!(
                    &none,
                    &Err(NumberError::Ambiguous {
                        comma_decimal: c,
                        dot_decimal: d
                    })
                );
            }
            Evidence::None | Evidence::Comma | Evidence::Dot => {
                prop_assert_eq!(&none, &comma);
                prop_assert_eq!(&none, &dot);
                let ambiguous = matches!(none, Err(NumberError::Ambiguous { .. }));
                prop_assert!(!ambiguous);
            }
        }
        if matches!(evidence(cell), Evidence::Comma | Evidence::Dot) {
            prop_assert!(none.is_ok());
        }
        Ok(())
    }
}

//! Lenient reading of header names, unit names, dates, yes/no cells and the
//! CSV delimiter, as people actually type them.

use chrono::{NaiveDate, NaiveTime};
use unicode_normalization::UnicodeNormalization;

/// Fold text for lenient matching of headers and unit names: NFD, drop
/// combining marks U+0300–U+036F, map đ/Đ to d, lowercase, turn runs of
/// whitespace, '_', '-', '.', '/' into one space, trim. Runs on every row,
/// so ASCII input skips normalisation.
/// A period as a person writes it: the codes `Period::parse` reads (2025,
/// 2025-H1, 2025-Q3), or the words the tool shows in Vietnamese ("năm 2025",
/// "6 tháng đầu năm 2025", "6 tháng cuối năm 2025", "quý III/2025", "quý 3/2025",
/// and the short "6T/2025", "QIII/2025"), in any case, with or without diacritics.
pub fn parse_period(text: &str) -> Option<crate::domain::period::Period> {
    use crate::domain::period::Period;
    if let Some(period) = Period::parse(text) {
        return Some(period);
    }
    let folded = fold(text);
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    let year: i32 = match words.pop()? {
        y if y.len() == 4 => y.parse().ok()?,
        _ => return None,
    };
    let quarter = |w: &str| match w {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    };
    // A bare year is a code, read above; "-2025" folds to one and is not.
    match words.as_slice() {
        ["nam"] => Some(Period::Year(year)),
        ["quy", q] => quarter(q).map(|q| Period::Quarter(year, q)),
        [q] if q.starts_with('q') => quarter(&q[1..]).map(|q| Period::Quarter(year, q)),
        ["6t"] | ["6", "thang" | "t"] | ["6", "thang", "dau"] | ["6", "thang", "dau", "nam"] => {
            Some(Period::Half(year, 1))
        }
        ["6t", "cuoi"] | ["6", "thang", "cuoi"] | ["6", "thang", "cuoi", "nam"] => {
            Some(Period::Half(year, 2))
        }
        _ => None,
    }
}

pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        fold_into(&mut out, s.chars());
    } else {
        fold_into(&mut out, s.nfd());
    }
    out
}

fn fold_into(out: &mut String, chars: impl Iterator<Item = char>) {
    // Separators are only written once a later character follows, which
    // collapses runs and trims both ends.
    let mut pending_space = false;
    for c in chars {
        if is_combining(c) {
            continue;
        }
        if c.is_whitespace() || matches!(c, '_' | '-' | '.' | '/') {
            pending_space = true;
            continue;
        }
        let mut push = |c: char| {
            if pending_space {
                if !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
            }
            out.push(c);
        };
        match c {
            'đ' | 'Đ' => push('d'),
            c if c.is_ascii() => push(c.to_ascii_lowercase()),
            // Lowercasing can itself produce a combining mark ("İ" → "i̇").
            c => c
                .to_lowercase()
                .filter(|&l| !is_combining(l))
                .for_each(push),
        }
    }
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Why a date cell was rejected; the caller shows the cell itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not a real calendar date in one of the accepted layouts.
    Invalid,
}

/// yyyy-mm-dd, dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy (day first,
/// never month first); an Excel-style trailing time ("2025-06-05 00:00:00",
/// "05/06/2025 00:00") is ignored. The year must have four digits so "5/6/25"
/// is not silently read as year 25.
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let (date, time) = match s.split_once(char::is_whitespace) {
        Some((date, time)) => (date, Some(time.trim_start())),
        None => (s, None),
    };
    if let Some(time) = time {
        let is_time = ["%H:%M:%S%.f", "%H:%M:%S", "%H:%M"]
            .iter()
            .any(|f| NaiveTime::parse_from_str(time, f).is_ok());
        if !is_time {
            return Err(DateError::Invalid);
        }
    }
    let (year_first, sep) = match date.as_bytes() {
        [_, _, _, _, b'-', ..] => (true, '-'),
        _ => match date.chars().find(|c| matches!(c, '/' | '-' | '.')) {
            Some(sep) => (false, sep),
            None => return Err(DateError::Invalid),
        },
    };
    let year = if year_first {
        date.split(sep).next()
    } else {
        date.rsplit(sep).next()
    };
    if !year.is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())) {
        return Err(DateError::Invalid);
    }
    let format = match (year_first, sep) {
        (true, _) => "%Y-%m-%d",
        (false, '/') => "%d/%m/%Y",
        (false, '-') => "%d-%m-%Y",
        _ => "%d.%m.%Y",
    };
    NaiveDate::parse_from_str(date, format).map_err(|_| DateError::Invalid)
}

/// Why a date in a report was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportDateError {
    /// No reading gives a real date within the years allowed.
    Invalid,
    /// A two-digit year that reads as two dates within the years allowed (in two
    /// centuries), the earlier first.
    TwoReadings(NaiveDate, NaiveDate),
}

/// A date as spreadsheets save it in a report: everything [`parse_date`] reads, and
/// also a two-digit year (`24/05/25`, `12/6/25`, `24.05.25`: LibreOffice and Excel in
/// a Vietnamese locale save `24/5/2025` so), read as the year within `years` (the
/// plan's). Day first, never month first. A year that could be in either of two
/// centuries within `years` is refused with both readings.
pub fn parse_report_date(
    s: &str,
    years: std::ops::RangeInclusive<i32>,
) -> Result<NaiveDate, ReportDateError> {
    if let Ok(date) = parse_date(s) {
        return Ok(date);
    }
    let s = s.trim();
    let (date, time) = match s.split_once(char::is_whitespace) {
        Some((date, time)) => (date, Some(time.trim_start())),
        None => (s, None),
    };
    if time.is_some_and(|t| {
        !["%H:%M:%S%.f", "%H:%M:%S", "%H:%M"]
            .iter()
            .any(|f| NaiveTime::parse_from_str(t, f).is_ok())
    }) {
        return Err(ReportDateError::Invalid);
    }
    let Some(sep) = date.chars().find(|c| matches!(c, '/' | '-' | '.')) else {
        return Err(ReportDateError::Invalid);
    };
    let parts: Vec<&str> = date.split(sep).collect();
    let numeric = |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    let [a, b, c] = parts[..] else {
        return Err(ReportDateError::Invalid);
    };
    if !(numeric(a) && numeric(b) && numeric(c)) {
        return Err(ReportDateError::Invalid);
    }
    let (a, b, c): (u32, u32, u32) = (
        a.parse().unwrap_or(0),
        b.parse().unwrap_or(0),
        c.parse().unwrap_or(0),
    );
    // Day first, as everywhere; the century is the one that puts the year in `years`.
    if parts[2].len() != 2 {
        return Err(ReportDateError::Invalid);
    }
    let readings: Vec<NaiveDate> = [1900, 2000, 2100]
        .into_iter()
        .map(|century| century + c as i32)
        .filter(|year| years.contains(year))
        .filter_map(|year| NaiveDate::from_ymd_opt(year, b, a))
        .collect();
    match readings[..] {
        [date] => Ok(date),
        [first, second, ..] => Err(ReportDateError::TwoReadings(first, second)),
        [] => Err(ReportDateError::Invalid),
    }
}

/// yes, no, có, không, true, false, 1, 0, x (x = yes), y, n, any case, with
/// or without diacritics. `None` for anything else, including blank, so the
/// caller decides what a missing answer means.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match fold(s).as_str() {
        "yes" | "co" | "true" | "1" | "x" | "y" => Some(true),
        "no" | "khong" | "false" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// Whether a value cell says there was nothing to count in the period ("no
/// cases", "không có trường hợp"): for a ratio, the same as 0 of 0.
pub fn is_no_cases(s: &str) -> bool {
    matches!(
        fold(s).as_str(),
        "no cases"
            | "no case"
            | "none"
            | "khong co truong hop"
            | "khong co truong hop nao"
            | "khong phat sinh"
    )
}

/// The delimiter of a CSV header line: the most frequent of ',', ';', '\t'
/// outside double quotes; ',' on a tie or when none occurs.
pub fn detect_delimiter(header_line: &str) -> u8 {
    let (mut comma, mut semicolon, mut tab) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for b in header_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b',' => comma += 1,
            b';' => semicolon += 1,
            b'\t' => tab += 1,
            _ => {}
        }
    }
    if semicolon > comma && semicolon > tab {
        b';'
    } else if tab > comma && tab > semicolon {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_as_codes_and_as_the_words_people_see() {
        use crate::domain::period::Period;
        let cases = [
            ("2025-H1", Period::Half(2025, 1)),
            ("6 tháng đầu năm 2025", Period::Half(2025, 1)),
            ("6 THANG DAU NAM 2025", Period::Half(2025, 1)),
            ("6 tháng cuối năm 2025", Period::Half(2025, 2)),
            ("6T/2025", Period::Half(2025, 1)),
            ("năm 2025", Period::Year(2025)),
            ("Năm 2025", Period::Year(2025)),
            ("quý III/2025", Period::Quarter(2025, 3)),
            ("Quý 4/2025", Period::Quarter(2025, 4)),
            ("QII/2025", Period::Quarter(2025, 2)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_period(text), Some(expected), "{text}");
        }
        for text in [
            "quý V/2025",
            "-2025",
            "(2025)",
            "tháng 2025",
            "năm 25",
            "7 tháng đầu năm 2025",
            "",
            "quý",
        ] {
            assert_eq!(parse_period(text), None, "{text}");
        }
    }
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn no_cases_words() {
        for word in [
            "no cases",
            "No case",
            "none",
            "Không có trường hợp",
            "KHÔNG CÓ TRƯỜNG HỢP NÀO",
            "không phát sinh",
        ] {
            assert!(is_no_cases(word), "{word}");
        }
        for word in ["", "0", "không", "no", "có"] {
            assert!(!is_no_cases(word), "{word}");
        }
    }

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Đơn vị"), "don vi");
        assert_eq!(fold("Ngày gửi"), "ngay gui");
        assert_eq!(fold("chi_tieu"), "chi tieu");
        assert_eq!(fold("Thèn Sin"), "then sin");
        assert_eq!(fold("  Hồ  Thầu "), "ho thau");
        assert_eq!(fold("Tỷ lệ (%) - nữ/nam"), "ty le (%) nu nam");
        assert_eq!(fold("__Unit--Name__"), "unit name");
        assert_eq!(fold("Số\u{A0}lượng"), "so luong");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" _-./ "), "");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn fold_nfc_and_nfd_agree() {
        for s in [
            "Đơn vị",
            "Ngày gửi",
            "Thèn Sin",
            "Bản Bo",
            "Hồ Thầu",
            "Nậm Xe",
        ] {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            assert_ne!(nfc, nfd);
            assert_eq!(fold(&nfc), fold(&nfd), "{s}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2025-06-05"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date("05/06/2025"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date("5/6/2025"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date("05-06-2025"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date("05.06.2025"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date(" 31/12/2024 "), Ok(ymd(2024, 12, 31)));
        assert_eq!(parse_date("29/02/2024"), Ok(ymd(2024, 2, 29)));
        assert_eq!(parse_date("2025-06-05 00:00:00"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date("05/06/2025 00:00"), Ok(ymd(2025, 6, 5)));
        assert_eq!(parse_date("05/06/2025  13:45:10.5"), Ok(ymd(2025, 6, 5)));
    }

    #[test]
    fn invalid_dates() {
        for s in [
            "31/02/2025",
            "29/02/2025",
            "2025-13-01",
            "13/13/2025",
            "06/31/2025",
            "",
            "2025",
            "5/6/25",
            "05/06/02025",
            "2025/06/05",
            "2025.06.05",
            "05/06-2025",
            "05/06/2025 noon",
            "05/06/2025 25:00",
            "2025-06-05T00:00:00",
            "hôm nay",
        ] {
            assert_eq!(parse_date(s), Err(DateError::Invalid), "{s:?}");
        }
    }

    #[test]
    fn two_digit_years_within_the_plan() {
        let plan = 2021..=2026;
        let read = |s: &str| parse_report_date(s, plan.clone());
        assert_eq!(read("24/05/25"), Ok(ymd(2025, 5, 24)));
        assert_eq!(read("12/6/25"), Ok(ymd(2025, 6, 12)));
        assert_eq!(read("5/6/25"), Ok(ymd(2025, 6, 5)));
        assert_eq!(read("24.05.25"), Ok(ymd(2025, 5, 24)));
        assert_eq!(read("24-05-25 13:05"), Ok(ymd(2025, 5, 24)));
        assert_eq!(read("24/05/2025"), Ok(ymd(2025, 5, 24)));
        assert_eq!(read("24.05.2025"), Ok(ymd(2025, 5, 24)));
        assert_eq!(read("24/05/2025 08:30:00"), Ok(ymd(2025, 5, 24)));
        // Years spanning a century: "25" is 1925 or 2025.
        assert_eq!(
            parse_report_date("24/05/25", 1920..=2030),
            Err(ReportDateError::TwoReadings(
                ymd(1925, 5, 24),
                ymd(2025, 5, 24)
            ))
        );
        assert_eq!(
            parse_report_date("24/05/25", 1990..=2030),
            Ok(ymd(2025, 5, 24))
        );
        assert_eq!(
            parse_report_date("24/05/95", 1990..=2030),
            Ok(ymd(1995, 5, 24))
        );
        // A year outside the plan is not a reading.
        assert_eq!(read("24/05/99"), Err(ReportDateError::Invalid));
        assert_eq!(read("31/02/25"), Err(ReportDateError::Invalid));
        assert_eq!(read("24/05/25 noon"), Err(ReportDateError::Invalid));
        assert_eq!(read("2025"), Err(ReportDateError::Invalid));
        assert_eq!(read("1/2/3/4"), Err(ReportDateError::Invalid));
    }

    #[test]
    fn yes_no() {
        for s in [
            "yes", "YES", "Có", "có", "CÓ", "co", "true", "1", "x", "X", "y", " Y ",
        ] {
            assert_eq!(parse_yes_no(s), Some(true), "{s:?}");
        }
        for s in [
            "no", "No", "không", "Không", "KHONG", "khong", "false", "0", "n", "N",
        ] {
            assert_eq!(parse_yes_no(s), Some(false), "{s:?}");
        }
        for s in ["", " ", "maybe", "2", "có thể", "ko"] {
            assert_eq!(parse_yes_no(s), None, "{s:?}");
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("unit;period;value"), b';');
        assert_eq!(detect_delimiter("unit\tperiod\tvalue"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(detect_delimiter("unit,period,value"), b',');
        assert_eq!(detect_delimiter("unit"), b',');
        assert_eq!(detect_delimiter("a;b,c"), b',');
        assert_eq!(detect_delimiter("a;b\tc"), b',');
        assert_eq!(detect_delimiter("\"Tên, đơn vị\";\"Kỳ\";x"), b';');
        assert_eq!(detect_delimiter("\"say \"\"hi;\"\"\",b"), b',');
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn fold_ignores_normal_form(s in any::<String>()) {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfc), fold(&nfd));
        }

        #[test]
        fn fold_vietnamese_like(s in "[a-zA-Z _./\\-ăâđêôơưĂÂĐÊÔƠƯàáảãạệỆồỒ\u{300}\u{301}\u{303}\u{309}\u{323}]{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfd), once.clone());
            prop_assert!(once.is_ascii());
        }

        #[test]
        fn parse_date_never_panics(s in any::<String>()) {
            let _ = parse_date(&s);
        }

        #[test]
        fn dates_round_trip(days in 0i64..200_000) {
            let date = ymd(1900, 1, 1) + chrono::Duration::days(days);
            for f in ["%Y-%m-%d", "%d/%m/%Y", "%-d/%-m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y %H:%M"] {
                let text = date.and_hms_opt(0, 0, 0).unwrap().format(f).to_string();
                prop_assert_eq!(parse_date(&text), Ok(date), "{}", text);
            }
        }

        #[test]
        fn delimiter_is_one_of_three(s in any::<String>()) {
            prop_assert!([b',', b';', b'\t'].contains(&detect_delimiter(&s)));
        }
    }
}

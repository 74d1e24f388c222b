//! Files as spreadsheets save them: CSV with Windows or old Mac line ends, short
//! years, thousands dots in counts; workbooks with typed cells, title rows,
//! formulas, error cells and several sheets; and folders where every file is
//! accounted for.

use crate::common::{Sandbox, line_of};

const AS_OF: &str = "2025-12-20";

fn ingest(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["ingest", "--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// The data file's rows (after its BOM and header), as fields.
fn data_rows(sb: &Sandbox) -> Vec<Vec<String>> {
    let bytes = sb.read("data.csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// [value, numerator, denominator, submitted, note, source] of the latest row for a key.
fn current(rows: &[Vec<String>], unit: &str, period: &str, indicator: &str) -> Vec<String> {
    let row = rows
        .iter()
        .rev()
        .find(|r| r[1] == unit && r[2] == period && r[3] == indicator)
        .unwrap_or_else(|| panic!("no row for {unit}, {period}, {indicator} in {rows:#?}"));
    row[4..10].to_vec()
}

/// One row for every kind of problem a row can have, each with a fragment of its
/// message. Row 3's note holds a line break, so later rows start a line further on.
const EVERY_KIND: [(&str, &str); 24] = [
    ("Bản Boo,2025,3.2a,,1,2,,", "unknown unit \"Bản Boo\""),
    (
        "ban-bo,2025,9.9,,1,2,,\"two\nlines\"",
        "unknown indicator \"9.9\"",
    ),
    ("ban-bo,2025,4.1,,1,2,,", "does not report indicator 4.1"),
    ("ban-bo,2025-X,3.2a,,1,2,,", "cannot read the period"),
    ("ban-bo,2019,3.2a,,1,2,,", "is outside the plan"),
    ("ban-bo,2025-Q1,3.2a,,1,2,,", "not per quarter"),
    ("ban-bo,2025,6.3,4,,,,", "is counted per quarter"),
    ("ban-bo,2025-H2,,,,,,", "is not a reporting period"),
    ("ban-bo,2025,3.2b,,1,2,31/11/2025,", "cannot read the date"),
    (
        "ban-bo,2025,6.1,,1,2,01/01/2026,",
        "is after the as-of date",
    ),
    (
        "ban-bo,2024,3.2a,,1,2,01/01/2020,",
        "is before the plan began",
    ),
    (
        "thongke,2025,3.1,abc,,,,",
        "cannot read \"abc\" as a number",
    ),
    (
        "ban-bo,2024,3.2b,5,,,,",
        "needs a numerator and a denominator",
    ),
    (
        "ban-bo,2024,6.1,,5,,,",
        "the denominator of indicator 6.1 is missing",
    ),
    ("gddt,2025,5.1,maybe,,,,", "as yes or no"),
    ("ban-bo,2023,3.2a,,-1,2,,", "negative numerator"),
    ("ban-bo,2023,3.2b,,1,0,,", "the denominator is 0"),
    ("ban-bo,2023,6.1,,5,3,,", "is above the denominator"),
    ("ban-bo,2025-Q2,6.3,2.5,,,,", "is not a whole number"),
    ("ban-bo,2022,,5,,,,", "a figure without an indicator"),
    ("ban-bo,2022,3.2a,,1,2,,first", ""),
    (
        "ban-bo,2022,3.2a,,1,2,,again",
        "appears twice (first on line",
    ),
    // "2.5" above (a dot) and "3,5" (a comma) leave "1.234" open.
    ("thongke,2023,3.1,\"3,5\",,,,", ""),
    ("thongke,2024,3.1,1.234,,,,", "ambiguous number \"1.234\""),
];

#[test]
fn every_problem_is_on_its_line_whatever_the_line_ends() {
    let rows: Vec<&str> = EVERY_KIND.iter().map(|(r, _)| *r).collect();
    let lf = format!(
        "unit,period,indicator,value,numerator,denominator,submitted,note\n{}\n",
        rows.join("\n")
    );
    let expected: Vec<(usize, &str)> = EVERY_KIND
        .iter()
        .filter(|(_, message)| !message.is_empty())
        .map(|(row, message)| (line_of(&lf, row), *message))
        .collect();
    for (ends, bom) in [("\n", ""), ("\r\n", ""), ("\r", ""), ("\r\n", "\u{feff}")] {
        let sb = Sandbox::new();
        let text = format!("{bom}{}", lf.replace('\n', ends));
        sb.write("e.csv", text);
        let (code, _, err) = ingest(&sb, &["e.csv"]);
        assert_eq!(code, 1, "{err}");
        for (line, message) in &expected {
            let prefix = format!("e.csv:{line}: error: ");
            assert!(
                err.lines()
                    .any(|l| l.starts_with(&prefix) && l.contains(message)),
                "line ends {ends:?}, BOM {bom:?}: no `{prefix}…{message}…` in:\n{err}"
            );
        }
    }
}

#[test]
fn unreadable_bytes_and_quotes_are_on_their_line_with_windows_line_ends() {
    let sb = Sandbox::new();
    let mut bytes = b"unit,period,indicator,numerator,denominator\r\nban-bo,2025,3.2a,1,2\r\nban-bo,2025,3.2b,1,".to_vec();
    bytes.extend_from_slice(&[0xE1, b'\r', b'\n']);
    sb.write("utf.csv", &bytes);
    let (_, _, err) = ingest(&sb, &["utf.csv"]);
    assert!(err.contains("utf.csv:3: error: not valid UTF-8"), "{err}");

    sb.write(
        "quote.csv",
        "unit,period,indicator,numerator,denominator\r\nban-bo,2025,3.2a,1,2\r\nban-bo,2025,3.2b,\"1,2\r\n",
    );
    let (code, _, err) = ingest(&sb, &["quote.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.starts_with("quote.csv:3: error: "), "{err}");
}

#[test]
fn short_years_and_dates_as_spreadsheets_save_them() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "unit;period;indicator;numerator;denominator;submitted\r\n\
         ban-bo;2025-H1;3.2a;1;2;24/05/25\r\n\
         ban-bo;2025-H1;3.2b;1;2;12/6/25\r\n\
         ban-bo;2025-H1;6.1;1;2;05.06.2025\r\n\
         ban-bo;2024;6.1;1;2;24/12/2024 08:30\r\n",
    );
    let (code, out, err) = ingest(&sb, &["r.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let rows = data_rows(&sb);
    assert_eq!(current(&rows, "ban-bo", "2025-H1", "3.2a")[3], "2025-05-24");
    assert_eq!(current(&rows, "ban-bo", "2025-H1", "3.2b")[3], "2025-06-12");
    assert_eq!(current(&rows, "ban-bo", "2025-H1", "6.1")[3], "2025-06-05");
    assert_eq!(current(&rows, "ban-bo", "2024", "6.1")[3], "2024-12-24");

    // A short year outside the plan is not guessed.
    sb.write(
        "old.csv",
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2025,3.2a,1,2,24/05/99\n",
    );
    let (code, _, err) = ingest(&sb, &["old.csv"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("old.csv:2: error: cannot read the date \"24/05/99\""),
        "{err}"
    );
    assert!(
        err.contains("a two-digit year is read as one of 2021–2026"),
        "{err}"
    );
}

#[test]
fn counts_with_thousands_dots_settle_the_file() {
    // 4.820 people cannot be 4.82 people: the count settles the decimal comma,
    // which then reads the value 1.250 of indicator 3.1 as 1250... and 1,5 as 1.5.
    let sb = Sandbox::new();
    sb.write(
        "vi.csv",
        "đơn vị;kỳ;chỉ tiêu;giá trị;tử số;mẫu số\n\
         thongke;2025;5.4a;;4.820;10.000\n\
         thongke;2025;3.1;1.250;;\n",
    );
    let (code, out, err) = ingest(&sb, &["vi.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let rows = data_rows(&sb);
    assert_eq!(
        current(&rows, "thongke", "2025", "5.4a")[1..3],
        ["4820", "10000"]
    );
    assert_eq!(current(&rows, "thongke", "2025", "3.1")[0], "1250");

    // 1.000 reads as 1000 or 1, both whole: still ambiguous.
    sb.write(
        "open.csv",
        "unit,period,indicator,numerator,denominator\nthongke,2024,5.4a,1.000,3000\n",
    );
    let (code, _, err) = ingest(&sb, &["open.csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("ambiguous number \"1.000\""), "{err}");
}

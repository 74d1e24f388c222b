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

/// The data file's rows (after its BOM), each field by its header's name.
fn data_rows(sb: &Sandbox) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = sb.read("data.csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// [value, numerator, denominator, submitted, note, source file] of the latest row
/// for a key.
fn current(
    rows: &[std::collections::HashMap<String, String>],
    unit: &str,
    period: &str,
    indicator: &str,
) -> Vec<String> {
    let row = rows
        .iter()
        .rev()
        .find(|r| r["unit"] == unit && r["period"] == period && r["indicator"] == indicator)
        .unwrap_or_else(|| panic!("no row for {unit}, {period}, {indicator} in {rows:#?}"));
    [
        "value",
        "numerator",
        "denominator",
        "submitted",
        "note",
        "source_file",
    ]
    .iter()
    .map(|h| row[*h].clone())
    .collect()
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

mod workbooks {
    use super::*;
    use chrono::NaiveDate;
    use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

    const HEADER: [&str; 7] = [
        "đơn vị",
        "kỳ",
        "chỉ tiêu",
        "giá trị",
        "tử số",
        "mẫu số",
        "ngày gửi",
    ];

    fn header(sheet: &mut Worksheet, row: u32) {
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string(row, c as u16, *h).unwrap();
        }
    }

    fn date(sheet: &mut Worksheet, row: u32, col: u16, (y, m, d): (i32, u32, u32)) {
        let format = Format::new().set_num_format("dd/mm/yyyy");
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        sheet
            .write_date_with_format(row, col, date, &format)
            .unwrap();
    }

    /// An official form: a title above the header, typed cells, a formula.
    fn official_form(path: &std::path::Path) {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Báo cáo").unwrap();
        sheet.write_string(0, 0, "UBND xã Bản Bo").unwrap();
        sheet
            .write_string(1, 0, "BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU BÌNH ĐẲNG GIỚI")
            .unwrap();
        header(sheet, 3);
        // Row 5: numbers typed as numbers, a real date.
        sheet.write_string(4, 0, "Bản Bo").unwrap();
        sheet.write_string(4, 1, "2025-H1").unwrap();
        sheet.write_string(4, 2, "3.2a").unwrap();
        sheet.write_number(4, 4, 4.0).unwrap();
        sheet.write_number(4, 5, 5.0).unwrap();
        date(sheet, 4, 6, (2025, 6, 3));
        // Row 6: the denominator a formula, its cached value read.
        sheet.write_string(5, 0, "ban-bo").unwrap();
        sheet.write_string(5, 1, "2025-H1").unwrap();
        sheet.write_string(5, 2, "6.1").unwrap();
        sheet.write_number(5, 4, 2450.0).unwrap();
        sheet
            .write_formula(5, 5, Formula::new("=2000+2885").set_result("4885"))
            .unwrap();
        date(sheet, 5, 6, (2025, 6, 3));
        // Row 7: the period typed as a number would be (an annual report), a date as text.
        sheet.write_string(6, 0, "ban-bo").unwrap();
        sheet.write_number(6, 1, 2024.0).unwrap();
        sheet.write_string(6, 2, "3.2b").unwrap();
        sheet.write_number(6, 4, 1.0).unwrap();
        sheet.write_number(6, 5, 2.0).unwrap();
        sheet.write_string(6, 6, "24/12/24").unwrap();
        workbook.save(path).unwrap();
    }

    #[test]
    fn a_workbook_with_a_title_typed_cells_and_a_formula_ingests() {
        let sb = Sandbox::new();
        official_form(&sb.path("ban-bo.xlsx"));
        let (code, out, err) = ingest(&sb, &["ban-bo.xlsx"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("ban-bo.xlsx: ban-bo, 2024, 2025-H1: 3 new"),
            "{out}"
        );
        let rows = data_rows(&sb);
        let r = current(&rows, "ban-bo", "2025-H1", "3.2a");
        assert_eq!(r[1..4], ["4", "5", "2025-06-03"]);
        assert_eq!(r[5], "ban-bo.xlsx");
        assert_eq!(current(&rows, "ban-bo", "2025-H1", "6.1")[2], "4885");
        assert_eq!(current(&rows, "ban-bo", "2024", "3.2b")[3], "2024-12-24");
        // The same workbook again changes nothing.
        let (_, out, _) = ingest(&sb, &["ban-bo.xlsx"]);
        assert!(out.contains("already recorded on"), "{out}");
    }

    #[test]
    fn problems_in_a_workbook_are_at_their_cell() {
        let sb = Sandbox::new();
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Q1").unwrap();
        sheet.write_string(0, 1, "Tên đơn vị: Bản Bo").unwrap();
        header(sheet, 2);
        // Row 4: an error cell; row 5: an unknown unit; row 6: a date after as-of;
        // row 7: a text that is no number; row 8: the numerator above the denominator.
        let rows: [(&str, &str, &str); 5] = [
            ("ban-bo", "2025-H1", "3.2a"),
            ("Bản Boo", "2025-H1", "3.2b"),
            ("ban-bo", "2025-H1", "6.1"),
            ("ban-bo", "2024", "3.2a"),
            ("ban-bo", "2024", "3.2b"),
        ];
        for (i, (unit, period, indicator)) in rows.iter().enumerate() {
            let r = 3 + i as u32;
            sheet.write_string(r, 0, *unit).unwrap();
            sheet.write_string(r, 1, *period).unwrap();
            sheet.write_string(r, 2, *indicator).unwrap();
            sheet.write_number(r, 4, 1.0).unwrap();
            sheet.write_number(r, 5, 2.0).unwrap();
        }
        sheet
            .write_formula(3, 5, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        date(sheet, 5, 6, (2026, 1, 5));
        sheet.write_string(6, 4, "mười").unwrap();
        sheet.write_number(7, 4, 3.0).unwrap();
        // A second sheet with its own header: read too, and its problems named by sheet.
        let second = workbook.add_worksheet().set_name("Năm 2023").unwrap();
        header(second, 0);
        second.write_string(1, 0, "ban-bo").unwrap();
        second.write_string(1, 1, "2023").unwrap();
        second.write_string(1, 2, "9.9").unwrap();
        workbook.save(sb.path("bad.xlsx")).unwrap();

        let (code, out, err) = ingest(&sb, &["bad.xlsx"]);
        assert_eq!(code, 1, "{out}{err}");
        for (location, message) in [
            (
                "bad.xlsx[Q1]!F4",
                "the denominator cell shows the error #DIV/0!",
            ),
            ("bad.xlsx[Q1]!A5", "unknown unit \"Bản Boo\""),
            (
                "bad.xlsx[Q1]!G6",
                "the submitted date 2026-01-05 is after the as-of date",
            ),
            ("bad.xlsx[Q1]!E7", "cannot read \"mười\" as a number"),
            (
                "bad.xlsx[Q1]!8:8",
                "the numerator 3 is above the denominator 2",
            ),
            ("bad.xlsx[Năm 2023]!C2", "unknown indicator \"9.9\""),
        ] {
            assert!(
                err.lines()
                    .any(|l| l.starts_with(&format!("{location}: error: ")) && l.contains(message)),
                "no `{location}: error: …{message}…` in:\n{err}"
            );
        }
        assert!(!sb.path("data.csv").exists(), "nothing recorded");
    }

    #[test]
    fn sheets_without_a_header_are_listed_as_skipped() {
        let sb = Sandbox::new();
        let mut workbook = Workbook::new();
        let notes = workbook.add_worksheet().set_name("Hướng dẫn").unwrap();
        notes
            .write_string(0, 0, "Điền số liệu vào trang Báo cáo")
            .unwrap();
        let sheet = workbook.add_worksheet().set_name("Báo cáo").unwrap();
        header(sheet, 0);
        sheet.write_string(1, 0, "ban-bo").unwrap();
        sheet.write_string(1, 1, "2025").unwrap();
        sheet.write_string(1, 2, "3.2a").unwrap();
        sheet.write_number(1, 4, 1.0).unwrap();
        sheet.write_number(1, 5, 2.0).unwrap();
        let hidden = workbook.add_worksheet().set_name("Nháp").unwrap();
        header(hidden, 0);
        hidden.set_hidden(true);
        workbook.add_worksheet().set_name("Trống").unwrap();
        workbook.save(sb.path("r.xlsx")).unwrap();
        let (code, out, err) = ingest(&sb, &["r.xlsx"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("r.xlsx: ban-bo, 2025: 1 new"), "{out}");
        assert!(
            out.contains("r.xlsx[Hướng dẫn]: sheet skipped (no header row naming the unit and period columns)"),
            "{out}"
        );
        assert!(
            out.contains("r.xlsx[Nháp]: sheet skipped (a hidden sheet)"),
            "{out}"
        );
        assert!(
            out.contains("r.xlsx[Trống]: sheet skipped (empty)"),
            "{out}"
        );

        // A workbook with no usable sheet says what its closest row lacks.
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("S").unwrap();
        sheet.write_string(0, 0, "UBND xã").unwrap();
        sheet.write_string(1, 0, "đơn vị").unwrap();
        sheet.write_string(1, 1, "giá trị").unwrap();
        workbook.save(sb.path("none.xlsx")).unwrap();
        let (code, _, err) = ingest(&sb, &["none.xlsx"]);
        assert_eq!(code, 1);
        assert!(
            err.contains("none.xlsx[S]!2:2: error: no \"period\" column in the header row (found \"đơn vị\", \"giá trị\")"),
            "{err}"
        );
    }

    #[test]
    fn every_file_in_a_folder_is_read_or_listed_as_skipped() {
        let sb = Sandbox::new();
        sb.write(
            "reports/ban-hon.csv",
            "unit,period,indicator,numerator,denominator\nban-hon,2025,3.2a,1,2\n",
        );
        official_form(&sb.path("reports/ban-bo.xlsx"));
        sb.write("reports/~$ban-bo.xlsx", "owner");
        sb.write("reports/.~lock.ban-bo.ods#", "owner");
        sb.write("reports/.DS_Store", "");
        sb.write("reports/công văn.docx", "not a report");
        sb.write("reports/old/2024.csv", "unit\n");
        let (code, out, err) = ingest(&sb, &["reports"]);
        assert_eq!(code, 0, "{out}{err}");
        let sep = std::path::MAIN_SEPARATOR;
        for (name, reason) in [
            (
                "~$ban-bo.xlsx",
                "a lock file Excel keeps while the workbook is open",
            ),
            (".~lock.ban-bo.ods#", "a lock file LibreOffice keeps"),
            (".DS_Store", "a hidden file"),
            ("công văn.docx", "not a report file: .csv, .tsv, .xlsx"),
            ("old", "a folder"),
        ] {
            let line = format!("reports{sep}{name}: skipped ({reason}");
            assert_eq!(out.matches(&line).count(), 1, "{line:?} once in:\n{out}");
        }
        assert!(
            out.contains(&format!("reports{sep}ban-bo.xlsx: ban-bo")),
            "{out}"
        );
        assert!(
            out.contains(&format!("reports{sep}ban-hon.csv: ban-hon")),
            "{out}"
        );
        assert!(
            out.contains("7 file(s): 2 accepted, 0 rejected, 5 skipped;"),
            "{out}"
        );
    }
}

/// `--format xlsx` on report commands: a workbook with typed cells.
mod report_workbooks {
    use super::*;
    use crate::common::soffice;
    use calamine::{Data, Reader};

    fn recorded() -> Sandbox {
        let sb = Sandbox::new();
        sb.write(
            "r.csv",
            "unit,period,indicator,numerator,denominator,submitted\n\
             noivu,2025,1.1,16,26,10/12/2025\n",
        );
        let (code, out, err) = ingest(&sb, &["r.csv"]);
        assert_eq!(code, 0, "{out}{err}");
        sb
    }

    /// Runs a command with `--format xlsx`, writing the workbook to `name`.
    fn workbook(sb: &Sandbox, args: &[&str], name: &str) -> Vec<Vec<Vec<Data>>> {
        let mut all = args.to_vec();
        all.extend(["--format", "xlsx", "--as-of", AS_OF, "--data", "data.csv"]);
        let output = sb.cmd().args(&all).output().unwrap();
        assert!(
            output.status.success(),
            "{all:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        sb.write(name, &output.stdout);
        let mut book =
            calamine::open_workbook_auto_from_rs(std::io::Cursor::new(output.stdout)).unwrap();
        book.sheet_names()
            .into_iter()
            .map(|s| {
                let range = book.worksheet_range(&s).unwrap();
                range.rows().map(|r| r.to_vec()).collect()
            })
            .collect()
    }

    fn column(rows: &[Vec<Data>], header: &str) -> usize {
        rows[0]
            .iter()
            .position(|h| *h == Data::String(header.into()))
            .unwrap_or_else(|| panic!("no {header} in {:?}", rows[0]))
    }

    #[test]
    fn status_overdue_and_history_as_workbooks_keep_numbers_and_dates() {
        let sb = recorded();
        let sheets = workbook(&sb, &["status", "--period", "2025"], "status.xlsx");
        let rows = &sheets[0];
        let (id, value) = (column(rows, "id"), column(rows, "value"));
        let row = rows
            .iter()
            .find(|r| r[id] == Data::String("1.1".into()))
            .expect("a row for 1.1");
        let Data::Float(v) = row[value] else {
            panic!("the value of 1.1 is a number: {:?}", row[value])
        };
        assert!((v - 16.0 / 26.0).abs() < 1e-3, "{v}");

        let sheets = workbook(
            &sb,
            &["overdue", "--period", "2025", "--all"],
            "overdue.xlsx",
        );
        let rows = &sheets[0];
        let (submitted, days) = (column(rows, "submitted"), column(rows, "days overdue"));
        let noivu = rows
            .iter()
            .find(|r| r.iter().any(|c| c.to_string().contains("(noivu)")))
            .expect("a row for noivu");
        assert!(
            matches!(&noivu[submitted], Data::DateTime(d) if d.is_datetime()),
            "{noivu:?}"
        );
        assert!(
            rows.iter()
                .skip(1)
                .any(|r| matches!(r[days], Data::Float(_))),
            "{rows:?}"
        );

        let sheets = workbook(&sb, &["history", "--unit", "noivu"], "history.xlsx");
        let cells: Vec<&Data> = sheets.iter().flatten().flatten().collect();
        assert!(
            cells
                .iter()
                .any(|c| matches!(c, Data::DateTime(d) if d.is_datetime())),
            "{cells:?}"
        );
    }

    #[test]
    fn libreoffice_opens_a_report_workbook() {
        let Some(soffice) = soffice() else { return };
        let sb = recorded();
        workbook(&sb, &["status", "--period", "2025"], "status.xlsx");
        let csv = sb.convert(soffice, "status.xlsx", "csv");
        let text = String::from_utf8_lossy(&sb.read(&csv)).into_owned();
        assert!(text.contains("1.1"), "{text}");
        assert!(text.contains(",61.5"), "the value, a percentage: {text}");
    }
}

/// Workbooks saved by LibreOffice (tests/fixtures/workbooks/README.md says how).
mod libreoffice_fixtures {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workbooks");

    fn copy(sb: &Sandbox, name: &str) {
        sb.write(name, std::fs::read(format!("{FIXTURES}/{name}")).unwrap());
    }

    #[test]
    fn an_official_form_saved_as_xlsx_ods_and_xls_ingests() {
        for name in ["ban-giang.xlsx", "ban-giang.ods", "ban-giang.xls"] {
            let sb = Sandbox::new();
            copy(&sb, name);
            let (code, out, err) = ingest(&sb, &[name]);
            assert_eq!(code, 0, "{name}: {out}{err}");
            assert!(
                out.contains(&format!(
                    "{name}: ban-giang, 2025-H1, 2025-Q1, 2025-Q2: 5 new"
                )),
                "{out}"
            );
            assert!(
                out.contains(&format!("{name}[Ghi chú]: sheet skipped")),
                "{out}"
            );
            let rows = data_rows(&sb);
            // The formula's value, a typed date, a note.
            let r = current(&rows, "ban-giang", "2025-H1", "6.1");
            assert_eq!(
                r[1..5],
                ["1500", "2612", "2025-06-03", "tổng hợp từ các thôn"],
                "{name}"
            );
            assert_eq!(
                current(&rows, "ban-giang", "2025-Q2", "6.3")[0],
                "5",
                "{name}"
            );
        }
    }

    #[test]
    fn an_error_cell_is_a_problem_at_that_cell_in_every_format() {
        for name in [
            "ban-giang-div0.xlsx",
            "ban-giang-div0.ods",
            "ban-giang-div0.xls",
        ] {
            let sb = Sandbox::new();
            copy(&sb, name);
            let (code, out, err) = ingest(&sb, &[name]);
            assert_eq!(code, 1, "{name}: {out}{err}");
            assert!(
                err.starts_with(&format!(
                    "{name}[Báo cáo]!E7: error: the denominator cell shows the error #DIV/0!"
                )),
                "{err}"
            );
        }
    }
}

/// Issue 19 with files as LibreOffice saves them: plain "CSV" in Vietnamese
/// Windows' code page, and a value typed with two decimals.
mod saved_by_libreoffice {
    use super::*;
    use crate::common::soffice;
    use rust_xlsxwriter::Workbook;

    /// A sheet of `rows` (text, or a number where it parses as one), saved by
    /// rust_xlsxwriter as `name`.
    fn sheet(sb: &Sandbox, name: &str, rows: &[&[&str]]) {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    Ok(n) if !cell.contains('-') => sheet.write_number(r, c, n).unwrap(),
                    _ => sheet.write_string(r, c, *cell).unwrap(),
                };
            }
        }
        workbook.save(sb.path(name)).unwrap();
    }

    /// LibreOffice's "Text CSV" with character set 40 (Windows-1258), as a
    /// Vietnamese office saves plain "CSV": read without --encoding, the summary
    /// saying so; then known by its bytes, with or without the option.
    #[test]
    fn a_windows_1258_csv_saved_by_libreoffice_is_read_and_then_known() {
        let Some(soffice) = soffice() else { return };
        let sb = Sandbox::new();
        sheet(
            &sb,
            "ban-bo.xlsx",
            &[
                &["Đơn vị", "Kỳ", "Chỉ tiêu", "Tử số", "Mẫu số", "Ghi chú"],
                &[
                    "Xã Bản Bo",
                    "2025",
                    "3.2a",
                    "3",
                    "4",
                    "Đã hỗ trợ đầy đủ, kịp thời",
                ],
            ],
        );
        let csv = sb.convert(
            soffice,
            "ban-bo.xlsx",
            "csv:Text - txt - csv (StarCalc):44,34,40",
        );
        let bytes = sb.read(&csv);
        assert!(std::str::from_utf8(&bytes).is_err(), "not Windows-1258");
        let (code, out, err) = ingest(&sb, &[&csv]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains(": 1 new,"), "{out}");
        assert!(out.contains("\n  read as Windows-1258: "), "{out}");
        let rows = data_rows(&sb);
        assert_eq!(
            current(&rows, "ban-bo", "2025", "3.2a")[4],
            "Đã hỗ trợ đầy đủ, kịp thời"
        );
        for args in [&[][..], &["--encoding", "utf-8"]] {
            let mut all = args.to_vec();
            all.push("out");
            let (code, out, err) = ingest(&sb, &all);
            assert_eq!(code, 0, "{out}{err}");
            assert!(out.contains(": already recorded on "), "{out}");
        }
    }

    /// A value typed as 1.85 in a sheet LibreOffice saves as .ods is shown as 1.85,
    /// and its change from 1.8 as +0.05.
    #[test]
    fn a_value_typed_in_a_sheet_libreoffice_saved_is_shown_as_typed() {
        let Some(soffice) = soffice() else { return };
        let sb = Sandbox::new();
        sheet(
            &sb,
            "thongke.xlsx",
            &[
                &["unit", "period", "indicator", "value", "submitted"],
                &["thongke", "2024", "3.1", "1.8", "2024-12-05"],
                &["thongke", "2025", "3.1", "1.85", "2025-12-05"],
            ],
        );
        let ods = sb.convert(soffice, "thongke.xlsx", "ods");
        let (code, out, err) = ingest(&sb, &[&ods]);
        assert_eq!(code, 0, "{out}{err}");
        let (code, markdown, err) = sb.run(&[
            "report", "--period", "2025", "--format", "markdown", "--as-of", AS_OF, "--data",
            "data.csv",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(markdown.contains("| 1.85 | 1.8 | +0.05 |"), "{markdown}");
    }
}

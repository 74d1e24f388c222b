//! Nothing wrong gets in silently (issue 19): whole counts, blank forms that stay
//! blank, and plausibility warnings at their line, in CSV and in workbooks saved
//! by LibreOffice.

use crate::common::{Sandbox, soffice};

const AS_OF: &str = "2025-12-20";

/// `ingest --as-of AS_OF --data data.csv ARGS…`
fn ingest(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["ingest", "--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn run(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend(["--as-of", AS_OF, "--data", "data.csv"]);
    sb.run(&all)
}

fn data_lines(sb: &Sandbox) -> usize {
    if !sb.path("data.csv").exists() {
        return 0;
    }
    String::from_utf8(sb.read("data.csv"))
        .unwrap()
        .lines()
        .count()
}

// ---------------------------------------------------------------------------------
// Whole numbers where the plan counts things
// ---------------------------------------------------------------------------------

#[test]
fn counts_with_decimals_are_refused_at_their_line_with_the_likely_cause() {
    let sb = Sandbox::new();
    sb.write(
        "noivu.csv",
        "unit;period;indicator;value;numerator;denominator;submitted;note\n\
         noivu;2025-H1;2.1;;4,21;15,3;03/06/2025;\n",
    );
    sb.write(
        "ban-bo.csv",
        "unit,period,indicator,value,numerator,denominator,submitted\n\
         ban-bo,2025-H1,6.1,,2.1,6.01,2025-06-03\n",
    );
    let (code, out, err) = ingest(&sb, &["noivu.csv", "ban-bo.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("2 file(s): 0 accepted, 2 rejected"), "{out}");
    for (place, shown) in [
        ("noivu.csv:2", "4,21"),
        ("noivu.csv:2", "15,3"),
        ("ban-bo.csv:2", "2.1"),
        ("ban-bo.csv:2", "6.01"),
    ] {
        let line = format!("{place}: error: \"{shown}\" is not a whole number");
        assert!(err.contains(&line), "{line} missing:\n{err}");
    }
    assert!(
        err.contains("a thousands separator was probably read as a decimal mark (4210 written with a separator, read as 4.21)"),
        "{err}"
    );
    assert_eq!(data_lines(&sb), 0, "nothing recorded");

    let (_, _, err) = ingest(&sb, &["--lang", "vi", "noivu.csv"]);
    assert!(
        err.contains("noivu.csv:2: lỗi: \"4,21\" không phải số nguyên, nhưng tử số là số đếm"),
        "{err}"
    );
    assert!(err.contains("bị đọc thành 4,21"), "{err}");
}

#[test]
fn measured_values_keep_their_decimals() {
    let sb = Sandbox::new();
    sb.write(
        "thongke.csv",
        "unit;period;indicator;value;submitted\nthongke;2025;3.1;1,85;10/12/2025\n",
    );
    let (code, out, err) = ingest(&sb, &["thongke.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(data.contains(",3.1,1.85,"), "{data}");
}

#[test]
fn a_fractional_count_in_a_workbook_saved_by_libreoffice_is_refused_at_its_cell() {
    let Some(soffice) = soffice() else { return };
    let sb = Sandbox::new();
    // LibreOffice in English reads "4.210" typed with a thousands dot as 4.21.
    sb.write(
        "noivu.csv",
        "unit,period,indicator,numerator,denominator,submitted\n\
         noivu,2025-H1,2.1,4.21,16,2025-06-03\n",
    );
    let book = sb.convert(soffice, "noivu.csv", "xlsx");
    let (code, out, err) = ingest(&sb, &[&book]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&format!(
            "{book}[noivu]!D2: error: \"4.21\" is not a whole number, but the numerator counts"
        )),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------
// A blank is not a report
// ---------------------------------------------------------------------------------

/// The justice office's narrative report, recorded before the blank forms come.
fn narrative_recorded(sb: &Sandbox) {
    sb.write(
        "tuphap.csv",
        "unit,period,indicator,note,submitted\n\
         tuphap,2025-H1,,Đã tổ chức 3 buổi tuyên truyền,2025-06-02\n",
    );
    let (code, out, err) = ingest(sb, &["tuphap.csv"]);
    assert_eq!(code, 0, "{out}{err}");
}

/// What `notes` and `overdue` say of the 2025-H1 round.
fn round_seen(sb: &Sandbox) -> (String, String) {
    let (_, notes, _) = run(sb, &["notes", "--period", "2025-H1"]);
    let (_, overdue, _) = run(sb, &["overdue", "--period", "2025-H1"]);
    (notes, overdue)
}

#[test]
fn a_returned_whole_district_workbook_saved_by_libreoffice_records_nothing_blank() {
    let Some(soffice) = soffice() else { return };
    let sb = Sandbox::new();
    narrative_recorded(&sb);
    let (code, _, err) = run(
        &sb,
        &[
            "template", "--all", "--period", "2025-H1", "--format", "xlsx", "-o", "all.xlsx",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let book = sb.convert(soffice, "all.xlsx", "xlsx");
    let before = sb.read("data.csv");
    let seen = round_seen(&sb);

    let (code, out, err) = ingest(&sb, &[&book]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Hồ Thầu") || out.contains("ho-thau"),
        "the summary names the units that filled in nothing: {out}"
    );
    assert!(
        out.contains(": nothing filled in, nothing recorded (not counted as reported)"),
        "{out}"
    );
    assert_eq!(
        sb.read("data.csv"),
        before,
        "blank sheets recorded something"
    );
    assert_eq!(round_seen(&sb), seen, "the round looks different");
    let (notes, overdue) = seen;
    assert!(notes.contains("Đã tổ chức 3 buổi tuyên truyền"), "{notes}");
    assert!(overdue.contains("1 of 29 units reported"), "{overdue}");
}

#[test]
fn only_the_filled_form_of_a_folder_is_recorded() {
    let sb = Sandbox::new();
    narrative_recorded(&sb);
    let (code, _, err) = run(
        &sb,
        &["template", "--all", "--period", "2025-H1", "-o", "forms"],
    );
    assert_eq!(code, 0, "{err}");
    // Bản Bo fills in its 6.1 line; every other form comes back as it went out,
    // the justice office's blank narrative line among them.
    let form = sb.read("forms/2025-H1_ban-bo.csv");
    let mut reader = csv::Reader::from_reader(&form[3..]);
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if row[at("indicator")] == "6.1" {
            row[at("numerator")] = "1500".into();
            row[at("denominator")] = "2612".into();
            row[at("submitted")] = "03/06/2025".into();
        }
        writer.write_record(&row).unwrap();
    }
    let filled = writer.into_inner().unwrap();
    sb.write("forms/2025-H1_ban-bo.csv", &filled);
    let (code, out, err) = ingest(&sb, &["forms"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("forms/2025-H1_ban-bo.csv: ban-bo, 2025-H1") && out.contains("1 new"),
        "{out}"
    );
    assert!(
        out.contains("  tuphap: nothing filled in, nothing recorded"),
        "{out}"
    );
    let (notes, overdue) = round_seen(&sb);
    assert!(notes.contains("Đã tổ chức 3 buổi tuyên truyền"), "{notes}");
    assert!(overdue.contains("2 of 29 units reported"), "{overdue}");
}

// ---------------------------------------------------------------------------------
// Plausibility checks, as warnings
// ---------------------------------------------------------------------------------

/// Bản Bo's population (6.1's denominator) for 2024, then ten times it for 2025,
/// and 400 news items in a quarter.
fn implausible(sb: &Sandbox) {
    sb.write(
        "2024.csv",
        "unit,period,indicator,numerator,denominator,submitted\n\
         ban-bo,2024,6.1,1500,2600,2024-12-10\n",
    );
    sb.write(
        "2025.csv",
        "unit,period,indicator,value,numerator,denominator,submitted,note\n\
         ban-bo,2025,6.1,,1600,26000,2025-12-10,\n\
         ban-bo,2025-Q3,6.3,400,,,2025-12-10,\n\
         ban-bo,2025-Q4,6.3,5,,,2025-12-10,\n",
    );
}

const POPULATION: &str = "2025.csv:2: warning: ban-bo, 2025: the denominator of 6.1 (Population) is 26,000, +900 % from 2,600 for 2024: more than the 20 % change the plan finds plausible (check \"population-change\")";
const NEWS: &str = "2025.csv:3: warning: ban-bo, 2025-Q3: the value of 6.3 (News items on gender equality in the quarter) is 400, outside the plausible range 0–50 (check \"news-items-range\")";

#[test]
fn an_implausible_figure_is_recorded_with_a_warning_at_its_line() {
    let sb = Sandbox::new();
    implausible(&sb);
    let (code, out, err) = ingest(&sb, &["2024.csv"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let (code, out, err) = ingest(&sb, &["2025.csv"]);
    assert_eq!(code, 0, "warnings do not refuse: {out}{err}");
    assert!(
        out.contains("2025.csv: ban-bo, 2025, 2025-Q3, 2025-Q4: 3 new"),
        "{out}"
    );
    assert!(err.contains(POPULATION), "{err}");
    assert!(err.contains(NEWS), "{err}");
    assert!(
        err.contains("hint: a commune's population seldom changes by more than 20 % between rounds; check the figure with the unit"),
        "{err}"
    );
    assert_eq!(err.matches(": warning: ").count(), 2, "{err}");

    let (_, _, err) = ingest(&sb, &["--lang", "vi", "--dry-run", "--again", "2025.csv"]);
    assert!(
        err.contains("2025.csv:2: cảnh báo: Bản Bo, năm 2025: mẫu số của chỉ tiêu 6.1 (Dân số) là 26.000, thay đổi +900% so với 2.600 của năm 2024"),
        "{err}"
    );
}

/// What ingest warned about and what check lists are the same findings.
#[test]
fn check_lists_the_warnings_ingest_gave() {
    let sb = Sandbox::new();
    implausible(&sb);
    ingest(&sb, &["2024.csv"]);
    let (_, _, at_ingest) = ingest(&sb, &["2025.csv"]);
    let (code, out, at_check) = run(&sb, &["check"]);
    assert_eq!(code, 0, "warnings are not errors: {out}{at_check}");
    assert!(
        out.contains("data.csv: 2 plausibility warning(s) standing"),
        "{out}"
    );
    let messages = |text: &str| -> Vec<String> {
        let mut found: Vec<String> = text
            .lines()
            .filter_map(|l| l.split_once(": warning: ").map(|(_, m)| m.to_string()))
            .collect();
        found.sort();
        found
    };
    assert_eq!(messages(&at_ingest), messages(&at_check));
    assert!(at_check.starts_with("2025.csv (recorded "), "{at_check}");
}

#[test]
fn strict_refuses_the_file_and_records_nothing() {
    let sb = Sandbox::new();
    implausible(&sb);
    ingest(&sb, &["2024.csv"]);
    let before = sb.read("data.csv");
    let (code, out, err) = ingest(&sb, &["--strict", "2025.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("2025.csv: REJECTED (2 problem(s)"), "{out}");
    assert!(
        err.contains(&POPULATION.replace(": warning: ", ": error: ")),
        "{err}"
    );
    assert_eq!(sb.read("data.csv"), before);
}

#[test]
fn a_confirmed_figure_warns_no_more() {
    // Confirmed by the officer at ingest.
    let sb = Sandbox::new();
    implausible(&sb);
    ingest(&sb, &["2024.csv"]);
    let (code, out, err) = ingest(&sb, &["--confirm", "hai thôn sáp nhập vào xã", "2025.csv"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains(
            "2025.csv:2: confirmed (hai thôn sáp nhập vào xã): ban-bo, 2025: the denominator of 6.1"
        ),
        "{out}"
    );
    let (code, out, err) = run(&sb, &["check"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(!out.contains("warning"), "{out}");
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(
        data.contains("Confirmed: hai thôn sáp nhập vào xã"),
        "{data}"
    );

    // Confirmed by the unit, in its note.
    let sb = Sandbox::new();
    implausible(&sb);
    ingest(&sb, &["2024.csv"]);
    let text = String::from_utf8(sb.read("2025.csv"))
        .unwrap()
        .replace(
            "26000,2025-12-10,",
            "26000,2025-12-10,Xác nhận: số liệu từ tổng điều tra",
        )
        .replace(
            "400,,,2025-12-10,",
            "400,,,2025-12-10,Xác nhận: chiến dịch tháng hành động",
        );
    sb.write("2025.csv", text);
    let (code, out, err) = ingest(&sb, &["2025.csv"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
}

/// A data file of an earlier release (the second layout) with blank rows it
/// recorded: the blanks count for nothing there too.
#[test]
fn blank_rows_an_earlier_release_recorded_count_for_nothing() {
    let sb = Sandbox::new();
    sb.write(
        "data.csv",
        "\u{feff}recorded_at,unit,period,indicator,value,numerator,denominator,submitted,note,withdraws,recorded_by,source_file,source_hash\n\
         2025-06-02T08:00:00Z,tuphap,2025-H1,,,,,2025-06-02,Đã tổ chức 3 buổi tuyên truyền,,officer,tuphap.csv,0123456789abcdef\n\
         2025-06-03T08:00:00Z,tuphap,2025-H1,,,,,2025-06-03,,,officer,blank.xlsx,fedcba9876543210\n\
         2025-06-03T08:00:00Z,ban-bo,2025-H1,6.1,,,,2025-06-03,,,officer,blank.xlsx,fedcba9876543210\n",
    );
    let (code, out, err) = run(&sb, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    let (notes, overdue) = round_seen(&sb);
    assert!(notes.contains("Đã tổ chức 3 buổi tuyên truyền"), "{notes}");
    assert!(notes.contains("2025-06-02"), "{notes}");
    assert!(overdue.contains("1 of 29 units reported"), "{overdue}");
    let (_, history, _) = run(&sb, &["history", "--unit", "ban-bo"]);
    assert!(
        history.contains("left empty: counts for nothing"),
        "{history}"
    );
}

#[test]
fn a_warning_in_a_workbook_saved_by_libreoffice_is_at_its_row() {
    let Some(soffice) = soffice() else { return };
    let sb = Sandbox::new();
    implausible(&sb);
    ingest(&sb, &["2024.csv"]);
    let book = sb.convert(soffice, "2025.csv", "xlsx");
    let (code, out, err) = ingest(&sb, &[&book]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(&format!(
            "{book}[2025]!3:3: warning: ban-bo, 2025-Q3: the value of 6.3"
        )),
        "{err}"
    );
}

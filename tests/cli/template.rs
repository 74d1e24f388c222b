//! `template`: the form a unit fills in; and the round trip form → filled in →
//! ingested → on time and complete, for every unit, in both languages.

use crate::common::Sandbox;
use serde_json::Value;

const BOM: &[u8] = b"\xEF\xBB\xBF";

const EN_HEADERS: [&str; 12] = [
    "unit",
    "period",
    "indicator",
    "indicator name",
    "unit of measure",
    "target 2025",
    "what to enter",
    "numerator",
    "denominator",
    "value",
    "submitted",
    "note",
];

const VI_HEADERS: [&str; 12] = [
    "đơn vị",
    "kỳ",
    "chỉ tiêu",
    "tên chỉ tiêu",
    "đơn vị tính",
    "mục tiêu đến năm 2025",
    "hướng dẫn",
    "tử số",
    "mẫu số",
    "giá trị",
    "ngày gửi",
    "ghi chú",
];

/// The form's records (header first), after checking and removing the BOM.
fn parse(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(BOM), "no byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(&bytes[BOM.len()..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn template(sb: &Sandbox, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["template"];
    all.extend_from_slice(args);
    let output = sb.cmd().args(&all).output().unwrap();
    assert!(
        output.status.success(),
        "{all:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn commune_form_has_one_row_per_figure_and_a_quarter_per_row_for_6_3() {
    let sb = Sandbox::new();
    let bytes = template(&sb, &["--unit", "ban-bo", "--period", "2025-H1"]);
    let records = parse(&bytes, b',');
    assert_eq!(records[0], EN_HEADERS);
    let keys: Vec<(&str, &str, &str)> = records[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("ban-bo", "2025-H1", "3.2a"),
            ("ban-bo", "2025-H1", "3.2b"),
            ("ban-bo", "2025-H1", "6.1"),
            ("ban-bo", "2025-Q1", "6.3"),
            ("ban-bo", "2025-Q2", "6.3"),
        ]
    );
    for r in &records[1..] {
        assert_eq!(r.len(), 12);
        assert!(r[7..].iter().all(String::is_empty), "cells to fill: {r:?}");
    }
    let r61 = &records[3];
    assert_eq!(
        r61[3],
        "Population reached with basic knowledge of gender equality"
    );
    assert_eq!(r61[5], "≥ 60 %");
    assert_eq!(
        r61[6],
        "numerator: People reached with basic knowledge of gender equality; denominator: Population; no cases: 0 and 0"
    );
    assert_eq!(
        records[4][6],
        "value: News items on gender equality in the quarter"
    );
    // The annual form asks for the four quarters.
    let bytes = template(&sb, &["--unit", "daitt", "--period", "2025"]);
    let periods: Vec<String> = parse(&bytes, b',')[1..]
        .iter()
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(periods, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
}

#[test]
fn a_unit_without_indicators_gets_one_narrative_row() {
    let sb = Sandbox::new();
    let bytes = template(&sb, &["--unit", "tuphap", "--period", "2025-H1"]);
    let records = parse(&bytes, b',');
    assert_eq!(records.len(), 2, "{records:?}");
    let row = &records[1];
    assert_eq!((row[0].as_str(), row[1].as_str()), ("tuphap", "2025-H1"));
    assert_eq!(row[2], "", "no indicator: a narrative report");
    assert_eq!(row[3], "narrative report");
    assert_eq!(
        row[6],
        "write the report, or where to find it, in the note column"
    );
}

#[test]
fn vietnamese_form_uses_semicolons_and_vietnamese_headers() {
    let sb = Sandbox::new();
    let bytes = template(
        &sb,
        &["--unit", "ttyt", "--period", "2025-H1", "--lang", "vi"],
    );
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.starts_with("\u{feff}đơn vị;kỳ;chỉ tiêu;tên chỉ tiêu;"),
        "{text}"
    );
    let records = parse(&bytes, b';');
    assert_eq!(records[0], VI_HEADERS);
    assert_eq!(records.len(), 4);
    assert!(records.iter().all(|r| r.len() == 12), "{records:?}");
    assert_eq!(records[1][2], "4.1");
    assert_eq!(records[1][3], "Tỷ số giới tính khi sinh");
    assert!(records[1][6].starts_with("tử số: Số bé trai sinh ra sống"));
    let bytes = template(
        &sb,
        &["--unit", "tuphap", "--period", "2025-H1", "--lang", "vi"],
    );
    let records = parse(&bytes, b';');
    assert_eq!(records[1][3], "báo cáo bằng văn bản");
}

#[test]
fn all_writes_29_forms_and_o_writes_one_file() {
    let sb = Sandbox::new();
    let (code, out, err) = sb.run(&["template", "--all", "--period", "2025", "-o", "forms"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("29 forms written to forms"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(sb.path("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 29);
    assert!(names.contains(&"2025_ban-bo.csv".to_string()), "{names:?}");
    assert!(names.contains(&"2025_tuphap.csv".to_string()), "{names:?}");
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("2025_") && n.ends_with(".csv"))
    );
    let ttyt = parse(&sb.read("forms/2025_ttyt.csv"), b',');
    assert_eq!(ttyt.len(), 4);
    assert!(ttyt[1..].iter().all(|r| r[1] == "2025"));

    let (code, _, err) = sb.run(&[
        "template",
        "--unit",
        "ban-bo",
        "--period",
        "2025-H1",
        "-o",
        "ban-bo.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        sb.read("ban-bo.csv"),
        template(&sb, &["--unit", "ban-bo", "--period", "2025-H1"])
    );
    // --all needs a folder.
    let (code, _, _) = sb.run(&["template", "--all", "--period", "2025"]);
    assert_eq!(code, 2);
}

#[test]
fn unknown_round_and_unit_are_explained() {
    let sb = Sandbox::new();
    let (code, out, err) = sb.run(&["template", "--unit", "ban-bo", "--period", "2025-H2"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "\"2025-H2\" is not a reporting round; the rounds are 2021, 2022-H1, 2022, \
             2023-H1, 2023, 2024-H1, 2024, 2025-H1, 2025"
        ),
        "{err}"
    );
    let (code, _, err) = sb.run(&["template", "--unit", "ban-bo", "--period", "2021-H1"]);
    assert_eq!(code, 1, "the plan's first round is 2021: {err}");
    let (code, _, err) = sb.run(&["template", "--unit", "nowhere", "--period", "2025"]);
    assert_eq!(code, 1);
    assert!(err.contains("nowhere"), "{err}");
}

/// Fills a form as a clerk would in a spreadsheet: reads each row's indicator and
/// "what to enter" cells, types figures in the matching cells, a date in
/// "submitted" and text in "note" for a narrative row, and saves it with its BOM
/// and delimiter.
fn fill(bytes: &[u8], delimiter: u8, vi: bool) -> Vec<u8> {
    let records = parse(bytes, delimiter);
    let headers = &records[0];
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let names = if vi { VI_HEADERS } else { EN_HEADERS };
    let (indicator, what, numerator, denominator, value, submitted, note) = (
        col(names[2]),
        col(names[6]),
        col(names[7]),
        col(names[8]),
        col(names[9]),
        col(names[10]),
        col(names[11]),
    );
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut out);
        writer.write_record(headers).unwrap();
        for record in &records[1..] {
            let mut r = record.clone();
            let guide = r[what].clone();
            if r[indicator].is_empty() {
                r[note] = if vi {
                    "Báo cáo gửi kèm công văn".into()
                } else {
                    "Report sent with the cover letter".into()
                };
            } else if guide.starts_with(if vi { "tử số" } else { "numerator" }) {
                r[numerator] = "3".into();
                r[denominator] = "10".into();
            } else if guide.contains(if vi { "có hoặc không" } else { "yes or no" }) {
                r[value] = if vi { "có" } else { "yes" }.into();
            } else if guide.starts_with(if vi { "giá trị" } else { "value" }) {
                r[value] = "4".into();
            } else {
                panic!("what to enter? {guide:?} in {r:?}");
            }
            r[submitted] = if vi { "03/06/2025" } else { "2025-06-03" }.into();
            writer.write_record(&r).unwrap();
        }
        writer.flush().unwrap();
    }
    out
}

fn round_trip(lang: &str) {
    let vi = lang == "vi";
    let delimiter = if vi { b';' } else { b',' };
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&[
        "template", "--all", "--period", "2025-H1", "-o", "forms", "--lang", lang,
    ]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(sb.path("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 29);
    let mut figures = 0;
    for name in &names {
        let path = format!("forms/{name}");
        let filled = fill(&sb.read(&path), delimiter, vi);
        assert!(filled.starts_with(BOM));
        figures += parse(&filled, delimiter).len() - 1;
        sb.write(&path, filled);
    }
    // 13 communes × 5 rows, daitt 2, 6 more offices' 18 figures (5.2a and 5.2b
    // by sex), 10 narrative rows (ldtbxh's among them: since 1 March 2025 noivu
    // reports its indicators).
    assert_eq!(figures, 13 * 5 + 2 + 18 + 10, "{names:?}");

    let (code, out, err) = sb.run(&["ingest", "forms", "--lang", lang, "--as-of", "2025-06-20"]);
    assert_eq!(code, 0, "{lang}: not every form was accepted:\n{out}{err}");
    let all = format!("{out}{err}");
    let accepted = if vi {
        "29 tệp: 29 tệp được nhận, 0 tệp bị từ chối"
    } else {
        "29 file(s): 29 accepted, 0 rejected"
    };
    assert!(all.contains(accepted), "{all}");

    let (code, out, err) = sb.run(&[
        "overdue",
        "--period",
        "2025-H1",
        "--all",
        "--format",
        "json",
        "--fail-if-any",
        "--as-of",
        "2025-06-20",
    ]);
    assert_eq!(code, 0, "{err}");
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(items.len(), 29);
    for item in &items {
        assert_eq!(item["status"], "on_time", "{lang}: {item}");
        assert_eq!(item["submitted"], "2025-06-03", "{item}");
        assert_eq!(item["missing_indicators"], Value::Array(vec![]), "{item}");
    }
    let (_, out, _) = sb.run(&["overdue", "--period", "2025-H1", "--as-of", "2025-06-20"]);
    assert!(
        out.contains(
            "29 of 29 units reported (reporting rate 100 %), 29 on time (on-time rate 100 %)"
        ),
        "{out}"
    );
    assert!(
        out.contains("missing 0, incomplete 0, late 0, on time and complete 29"),
        "{out}"
    );
    // The figures made it: every commune's 3/10 is 30 % for 6.1, all 26
    // commune-quarters reach 4 for 6.3, and 5.1 is yes.
    let (_, out, _) = sb.run(&[
        "status",
        "--period",
        "2025-H1",
        "--format",
        "json",
        "--as-of",
        "2025-06-20",
    ]);
    let status: Vec<Value> = serde_json::from_str(&out).unwrap();
    let get = |id: &str| status.iter().find(|s| s["indicator"] == id).unwrap();
    let v = get("6.1")["value"].as_f64().unwrap();
    assert!((v - 30.0).abs() < 1e-9, "{v}");
    assert_eq!(get("6.1")["coverage"]["reported"], 13);
    assert_eq!(get("6.3")["value"], 100.0);
    assert_eq!(
        get("6.3")["coverage"]["reported"],
        13,
        "communes with both quarters in"
    );
    assert_eq!(get("5.1")["met"], true);
    assert_eq!(get("3.1")["value"], 4.0);
    assert!(status.iter().all(|s| !s["value"].is_null()), "{out}");
}

#[test]
fn every_units_filled_english_form_is_accepted_on_time_and_complete() {
    round_trip("en");
}

#[test]
fn every_units_filled_vietnamese_form_is_accepted_on_time_and_complete() {
    round_trip("vi");
}

/// The workbook form (`--format xlsx`): made to be filled in a spreadsheet and
/// sent back as it is.
mod workbook {
    use super::VI_HEADERS;
    use crate::common::{Sandbox, soffice};
    use calamine::{Data, Reader};
    use std::io::{Read, Write};

    const AS_OF: &str = "2025-12-20";

    fn sheets(bytes: &[u8]) -> calamine::Sheets<std::io::Cursor<Vec<u8>>> {
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap()
    }

    /// The XML of a worksheet (1-based, as the package numbers them).
    fn sheet_xml(bytes: &[u8], n: usize) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        archive
            .by_name(&format!("xl/worksheets/sheet{n}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    }

    /// What a clerk types into a cell.
    enum Typed<'a> {
        Number(f64),
        Text(&'a str),
    }

    /// The workbook with cells of sheet `n` filled in, everything else (styles,
    /// protection, validation) as it was: what Excel saves after typing.
    fn fill(bytes: &[u8], n: usize, cells: &[(&str, Typed)]) -> Vec<u8> {
        let mut xml = sheet_xml(bytes, n);
        for (cell, value) in cells {
            let start = xml
                .find(&format!("<c r=\"{cell}\" "))
                .unwrap_or_else(|| panic!("no blank cell {cell}"));
            let end = start + xml[start..].find("/>").unwrap();
            let attributes = xml[start + 2..end].trim_end().to_string();
            let filled = match value {
                Typed::Number(v) => format!("<c {attributes}><v>{v}</v></c>"),
                Typed::Text(t) => {
                    format!("<c {attributes} t=\"inlineStr\"><is><t>{t}</t></is></c>")
                }
            };
            xml.replace_range(start..end + 2, &filled);
        }
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let target = format!("xl/worksheets/sheet{n}.xml");
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            out.start_file(name.as_str(), options).unwrap();
            if name == target {
                out.write_all(xml.as_bytes()).unwrap();
            } else {
                out.write_all(&content).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    /// 3 June 2025 as a spreadsheet's day number.
    const JUNE_3: f64 = 45811.0;

    /// ban-bo's 6-month form in Vietnamese, filled in: 3.2a, 3.2b, 6.1 (ratios) and
    /// 6.3 for two quarters (counts), sent on 3 June 2025.
    fn filled_form(sb: &Sandbox) -> Vec<u8> {
        let (code, _, err) = sb.run(&[
            "template",
            "--unit",
            "Bản Bo",
            "--period",
            "2025-H1",
            "--format",
            "xlsx",
            "-o",
            "form.xlsx",
            "--lang",
            "vi",
        ]);
        assert_eq!(code, 0, "{err}");
        let form = sb.read("form.xlsx");
        use Typed::Number as N;
        fill(
            &form,
            2,
            &[
                ("H4", N(4.0)),
                ("I4", N(5.0)),
                ("H5", N(1.0)),
                ("I5", N(2.0)),
                ("H6", N(3511.0)),
                ("I6", N(5865.0)),
                ("J7", N(4.0)),
                ("J8", N(5.0)),
                ("K4", N(JUNE_3)),
                ("K5", N(JUNE_3)),
                ("K6", N(JUNE_3)),
                ("K7", N(JUNE_3)),
                ("K8", N(JUNE_3)),
                ("L6", Typed::Text("Số liệu điều tra")),
            ],
        )
    }

    #[test]
    fn the_form_is_a_protected_workbook_with_instructions() {
        let sb = Sandbox::new();
        let form = filled_form(&sb);
        let mut book = sheets(&form);
        assert_eq!(book.sheet_names(), ["Hướng dẫn", "ban-bo 2025-H1"]);
        let range = book.worksheet_range("ban-bo 2025-H1").unwrap();
        let header: Vec<String> = range
            .rows()
            .nth(2)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, VI_HEADERS);
        let first = range.rows().nth(3).unwrap();
        assert_eq!(
            first[..3],
            [
                Data::String("ban-bo".into()),
                Data::String("2025-H1".into()),
                Data::String("3.2a".into())
            ]
        );
        let xml = sheet_xml(&form, 2);
        assert!(
            xml.contains("<sheetProtection"),
            "locked columns need a protected sheet"
        );
        assert!(xml.contains("ySplit=\"3\""), "the header is frozen");
        assert!(xml.contains("type=\"whole\""), "counts are whole numbers");
        assert!(
            xml.contains("type=\"date\""),
            "the submitted date is a date"
        );

        // gddt answers yes/no: the list is in the form's language.
        let (code, _, err) = sb.run(&[
            "template",
            "--unit",
            "gddt",
            "--period",
            "2025",
            "--format",
            "xlsx",
            "-o",
            "gddt.xlsx",
            "--lang",
            "vi",
        ]);
        assert_eq!(code, 0, "{err}");
        let xml = sheet_xml(&sb.read("gddt.xlsx"), 2);
        assert!(xml.contains("type=\"list\""), "{xml}");
        assert!(xml.contains("\"có,không\""), "{xml}");
    }

    #[test]
    fn the_filled_workbook_ingests_untouched() {
        let sb = Sandbox::new();
        sb.write("filled.xlsx", filled_form(&sb));
        let (code, out, err) =
            sb.run(&["ingest", "filled.xlsx", "--as-of", AS_OF, "--data", "d.csv"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("filled.xlsx: ban-bo, 2025-H1, 2025-Q1, 2025-Q2: 5 new"),
            "{out}"
        );
        assert!(
            !out.contains("[Hướng dẫn]"),
            "the form's own instructions sheet is passed over without a line: {out}"
        );
        let (_, out, _) = sb.run(&[
            "overdue", "--period", "2025-H1", "--unit", "ban-bo", "--all", "--as-of", AS_OF,
            "--data", "d.csv", "--format", "csv",
        ]);
        assert!(out.contains("2025-06-03"), "{out}");
        assert!(out.contains("on time"), "{out}");
    }

    #[test]
    fn a_form_by_group_has_its_group_column_and_ingests_filled() {
        // gddt reports 5.2a and 5.2b by sex: a group column after the name shifts
        // the inputs one column right (I numerator, J denominator, K value).
        let sb = Sandbox::new();
        let (code, _, err) = sb.run(&[
            "template",
            "--unit",
            "gddt",
            "--period",
            "2025",
            "--format",
            "xlsx",
            "-o",
            "gddt.xlsx",
            "--lang",
            "vi",
        ]);
        assert_eq!(code, 0, "{err}");
        let form = sb.read("gddt.xlsx");
        let range = sheets(&form).worksheet_range("gddt 2025").unwrap();
        let header: Vec<String> = range
            .rows()
            .nth(2)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header[4], "nhóm");
        assert_eq!(header[8..11], ["tử số", "mẫu số", "giá trị"]);
        use Typed::Number as N;
        let filled = fill(
            &form,
            2,
            &[
                ("K4", Typed::Text("có")),
                ("I5", N(480.0)),
                ("J5", N(484.0)),
                ("I6", N(470.0)),
                ("J6", N(473.0)),
                ("I7", N(400.0)),
                ("J7", N(440.0)),
                ("I8", N(390.0)),
                ("J8", N(430.0)),
                ("L4", N(JUNE_3 + 190.0)),
            ],
        );
        sb.write("filled.xlsx", filled);
        let (code, out, err) =
            sb.run(&["ingest", "filled.xlsx", "--as-of", AS_OF, "--data", "d.csv"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("filled.xlsx: gddt, 2025: 5 new"), "{out}");
    }

    #[test]
    fn several_rounds_or_every_unit_in_one_workbook() {
        let sb = Sandbox::new();
        let (code, _, err) = sb.run(&[
            "template",
            "--unit",
            "ban-bo",
            "--period",
            "2025-H1,2025",
            "--format",
            "xlsx",
            "-o",
            "two.xlsx",
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            sheets(&sb.read("two.xlsx")).sheet_names(),
            ["Instructions", "ban-bo 2025-H1", "ban-bo 2025"]
        );
        let (code, _, err) = sb.run(&[
            "template", "--all", "--period", "2025", "--format", "xlsx", "-o", "all.xlsx",
        ]);
        assert_eq!(code, 0, "{err}");
        let names = sheets(&sb.read("all.xlsx")).sheet_names();
        assert_eq!(names.len(), 1 + 29, "{names:?}");
        assert!(names.contains(&"ttyt 2025".to_string()), "{names:?}");
        // Sent out empty and returned empty, it still reads, and records nothing:
        // every line is blank, every unit named as having filled in nothing.
        let (code, out, err) = sb.run(&["ingest", "all.xlsx", "--as-of", AS_OF, "--data", "d.csv"]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("all.xlsx: 29 units: 0 new, 0 updated, 0 unchanged, 123 blank"),
            "{out}"
        );
        assert!(
            out.contains(", khun-ha: nothing filled in, nothing recorded"),
            "{out}"
        );
        assert!(!sb.path("d.csv").exists(), "blank forms recorded something");

        // A CSV form holds one round.
        let (code, _, err) = sb.run(&["template", "--unit", "ban-bo", "--period", "2025-H1,2025"]);
        assert_eq!(code, 1);
        assert!(err.contains("use --format xlsx"), "{err}");
    }

    #[test]
    fn libreoffice_opens_the_form_and_what_it_saves_ingests() {
        let Some(soffice) = soffice() else { return };
        let sb = Sandbox::new();
        sb.write("filled.xlsx", filled_form(&sb));
        for to in ["ods", "xls"] {
            let saved = sb.convert(soffice, "filled.xlsx", to);
            let (code, out, err) = sb.run(&[
                "ingest",
                &saved,
                "--as-of",
                AS_OF,
                "--data",
                &format!("{to}.csv"),
            ]);
            assert_eq!(code, 0, "{saved}: {out}{err}");
            assert!(
                out.contains("ban-bo, 2025-H1, 2025-Q1, 2025-Q2: 5 new"),
                "{saved}: {out}"
            );
            let data = String::from_utf8(sb.read(&format!("{to}.csv"))).unwrap();
            assert!(
                data.contains("3511,5865,2025-06-03,Số liệu điều tra"),
                "{saved}: {data}"
            );
        }
    }
}

/// The form's instructions sheet (issue 26): passed over quietly when the workbook
/// is ingested, and, saved on its own as CSV (what "Save as CSV" does with the
/// first sheet), refused with what it is and what to send instead, in both
/// languages, whatever encoding the program saved it in.
#[test]
fn the_forms_instructions_sheet_is_passed_over_and_recognised_when_saved_alone() {
    let sb = Sandbox::new();
    for lang in ["en", "vi"] {
        let form = format!("form-{lang}.xlsx");
        let (code, _, err) = sb.run(&[
            "--lang",
            lang,
            "--as-of",
            "2025-06-01",
            "template",
            "--unit",
            "ban-bo",
            "--period",
            "2025-H1",
            "--format",
            "xlsx",
            "-o",
            &form,
        ]);
        assert_eq!(code, 0, "{err}");
        let (code, out, err) = sb.run(&[
            "--lang",
            lang,
            "--as-of",
            "2025-06-01",
            "ingest",
            "--dry-run",
            &form,
        ]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            !out.contains("[Instructions]") && !out.contains("[Hướng dẫn]"),
            "no line for the form's own instructions sheet:\n{out}"
        );
    }
    // Saved alone, as LibreOffice's "Save as CSV" in a Western encoding leaves it.
    sb.write(
        "huong-dan.csv",
        b"H??ng d?n ?i?n bi?u m?u b\xe1o c\xe1o\n1. M?i trang t\xednh ti?p theo\n",
    );
    let (code, out, err) = sb.run(&["--as-of", "2025-06-01", "ingest", "huong-dan.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("huong-dan.csv:1: error: this is the instructions sheet of a report form, saved on its own: it holds no figures"),
        "{err}"
    );
    assert!(err.contains("send the workbook itself (.xlsx)"), "{err}");
    assert!(
        !err.contains("encoding"),
        "not a matter of encodings: {err}"
    );
    let (_, _, err) = sb.run(&[
        "--lang",
        "vi",
        "--as-of",
        "2025-06-01",
        "ingest",
        "huong-dan.csv",
    ]);
    assert!(
        err.contains("đây là trang hướng dẫn của biểu mẫu báo cáo"),
        "{err}"
    );
    // And as LibreOffice really writes it.
    if let Some(soffice) = crate::common::soffice() {
        let csv = sb.convert(soffice, "form-vi.xlsx", "csv");
        let (code, _, err) = sb.run(&["--as-of", "2025-06-01", "ingest", &csv]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("instructions sheet of a report form"), "{err}");
    }
}

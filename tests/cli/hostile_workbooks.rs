//! Hostile workbooks (issue 20): a damaged or crafted .xlsx, .xls or .ods never
//! aborts, panics, spins or blows up memory; it is refused as "cannot read this
//! workbook" at its file, and a folder run records the other files. The workbooks
//! are made here, part by part, where that is clearer than committing them.

use crate::common::Sandbox;
use std::io::Write;
use std::time::{Duration, Instant};

const AS_OF: &str = "2025-12-20";

/// A good submission, recorded beside each hostile workbook in a folder run.
const GOOD: &str = "unit,period,indicator,numerator,denominator\nban-bo,2024,3.2a,1,2\n";

fn ingest(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["ingest", "--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// A zip of these parts, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A one-sheet .xlsx whose sheet data is `rows` (and shared strings, if any).
pub fn xlsx(rows: &str, shared: Option<&str>) -> Vec<u8> {
    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#;
    let package_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{RELS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let strings_rel = if shared.is_some() {
        format!(
            r#"<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>"#
        )
    } else {
        String::new()
    };
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>{strings_rel}</Relationships>"#
    );
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", package_rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(shared) = shared {
        parts.push(("xl/sharedStrings.xml", shared.as_bytes()));
    }
    zip_of(&parts)
}

/// An inline-text cell.
fn text(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The header row of a submission, in row 1.
fn header() -> String {
    let names = [
        "unit",
        "period",
        "indicator",
        "numerator",
        "denominator",
        "note",
    ];
    let cells: String = names
        .iter()
        .zip('A'..)
        .map(|(name, column)| text(&format!("{column}1"), name))
        .collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// A data row of ban-bo for 6.1 in 2025 at row `n`, its note cell as given.
fn row(n: u32, note: &str) -> String {
    format!(
        r#"<row r="{n}">{}{}{}<c r="D{n}"><v>1</v></c><c r="E{n}"><v>2</v></c>{note}</row>"#,
        text(&format!("A{n}"), "ban-bo"),
        text(&format!("B{n}"), "2025"),
        text(&format!("C{n}"), "6.1"),
    )
}

/// Ingests `what`, killing the run if it is not over in `limit` (a spin would
/// otherwise hang the test). Returns (exit code, stdout, stderr).
fn ingest_within(sb: &Sandbox, what: &str, limit: Duration) -> (i32, String, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gender-plan"))
        .current_dir(sb.root())
        .args(["ingest", "--as-of", AS_OF, "--data", "data.csv", what])
        .env_remove("GENDER_PLAN_LANG")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ingest {what} still runs after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Ingests a folder holding the hostile workbook and a good CSV file: the workbook
/// is refused with `expected` on stderr, the CSV file is recorded, and nothing
/// panicked or aborted. Returns stderr.
fn refused_in_a_folder(name: &str, bytes: &[u8], expected: &str) -> String {
    let sb = Sandbox::new();
    sb.write(&format!("reports/{name}"), bytes);
    sb.write("reports/good.csv", GOOD);
    let (code, out, err) = ingest_within(&sb, "reports", Duration::from_secs(60));
    assert_eq!(code, 1, "{name} should be refused:\n{out}{err}");
    assert!(err.contains(expected), "{name}:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.contains("good.csv: ban-bo, 2024: 1 new"),
        "the good file is recorded:\n{out}"
    );
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(data.contains("3.2a"), "{data}");
    err
}

#[test]
fn a_sheet_claiming_the_far_corner_is_read_by_its_cells() {
    // A1 and XFD1048576: 17 billion cells as an area (549 GB asked, exit 134 before).
    let rows = format!(
        r#"{}{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        header(),
        row(2, "")
    );
    let sb = Sandbox::new();
    sb.write("corner.xlsx", xlsx(&rows, None));
    let (code, out, err) = ingest_within(&sb, "corner.xlsx", Duration::from_secs(60));
    // The far cell is a cell like any other: its row has no unit.
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("corner.xlsx[Sheet1]!A1048576: error: the unit is missing"),
        "{err}"
    );
    // The same corner claimed by <dimension> alone costs nothing.
    let rows = format!("{}{}", header(), row(2, ""));
    let sheet = xlsx(&rows, None);
    let sb = Sandbox::new();
    sb.write("claims.xlsx", &sheet);
    let (code, out, err) = ingest(&sb, &["claims.xlsx"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_cell_reference_with_letters_inside_is_refused_not_allocated() {
    // r="Anumerator5": about 62 GB asked before (exit 134).
    let rows = format!(
        r#"{}<row r="5"><c r="Anumerator5"><v>1</v></c></row>"#,
        header()
    );
    refused_in_a_folder(
        "letters.xlsx",
        &xlsx(&rows, None),
        r#"letters.xlsx: error: cannot read this workbook: the part xl/worksheets/sheet1.xml claims r="Anumerator5", outside a worksheet's limits"#,
    );
}

#[test]
fn a_truncated_xls_is_refused_without_a_panic() {
    let whole = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/reports/2023_ldld.xls"
    ))
    .unwrap();
    // 5,000 bytes: a slice out of bounds in calamine's cfb.rs; 521: an assertion
    // in its utils.rs. Both ended the whole run (exit 101) before.
    for length in [5000, 521] {
        refused_in_a_folder(
            "cut.xls",
            &whole[..length],
            "cut.xls: error: cannot read this workbook: the file is damaged",
        );
    }
}

#[test]
fn an_ods_with_a_misspelt_end_tag_is_refused_not_spun_on() {
    let whole = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/reports/2024_khun-ha.ods"
    ))
    .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(whole)).unwrap();
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        if name == "content.xml" {
            let xml = String::from_utf8(content).unwrap();
            assert!(xml.contains("</table:table>"));
            content = xml
                .replacen("</table:table>", "</tabla:table>", 1)
                .into_bytes();
        }
        parts.push((name, content));
    }
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    // Spun forever at 100 % CPU before.
    let err = refused_in_a_folder(
        "misspelt.ods",
        &zip_of(&parts),
        "misspelt.ods: error: cannot read this workbook: the part content.xml is damaged",
    );
    assert!(err.contains("</tabla:table>"), "{err}");
}

#[test]
fn a_long_shared_string_in_every_row_is_refused_within_bounds() {
    // One 32,000-character shared string used by 100,000 rows: 3.2 GB of notes
    // from a 2 MB file (6.3 GB and 22 s before, aborted under 4 GiB).
    let note = "n".repeat(32_000);
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="100000" uniqueCount="1"><si><t>{note}</t></si></sst>"#
    );
    let mut rows = header();
    for n in 2..100_002 {
        rows.push_str(&row(n, &format!(r#"<c r="F{n}" t="s"><v>0</v></c>"#)));
    }
    let bytes = xlsx(&rows, Some(&shared));
    assert!(bytes.len() < 3 << 20, "{}", bytes.len());
    refused_in_a_folder(
        "long-notes.xlsx",
        &bytes,
        "long-notes.xlsx: error: cannot read the sheet \"Sheet1\": its cells hold more than 512 MB once read",
    );
}

#[test]
fn a_part_that_unpacks_past_the_limit_is_refused_before_it_is_unpacked() {
    // The sheet part says it unpacks to 1 GB (a 1 MB file whose one cell is 1 GB
    // took 2.9 GB before it was refused): the central directory is read first.
    let rows = format!("{}{}", header(), row(2, ""));
    let mut bytes = xlsx(&rows, None);
    let sheet_name = b"xl/worksheets/sheet1.xml";
    // The central directory's entry for the sheet: its uncompressed size field.
    let central = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(i, _)| i)
        .find(|&i| bytes[i + 46..].starts_with(sheet_name))
        .unwrap();
    bytes[central + 24..central + 28].copy_from_slice(&(1u32 << 30).to_le_bytes());
    refused_in_a_folder(
        "unpacks.xlsx",
        &bytes,
        "unpacks.xlsx: error: cannot read this workbook: it unpacks to more than 256 MB (1024 MB or more, at the part xl/worksheets/sheet1.xml)",
    );
}

#[test]
fn a_shared_string_count_that_lies_is_refused_before_it_is_reserved() {
    let shared = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="999999999999"><si><t>x</t></si></sst>"#;
    let rows = format!("{}{}", header(), row(2, ""));
    refused_in_a_folder(
        "count.xlsx",
        &xlsx(&rows, Some(shared)),
        r#"count.xlsx: error: cannot read this workbook: the part xl/sharedStrings.xml claims uniqueCount="999999999999" (1 strings)"#,
    );
}

#[test]
fn a_crafted_workbook_is_refused_in_vietnamese_too() {
    let rows = format!(
        r#"{}<row r="5"><c r="Anumerator5"><v>1</v></c></row>"#,
        header()
    );
    let sb = Sandbox::new();
    sb.write("letters.xlsx", xlsx(&rows, None));
    let (code, _, err) = ingest(&sb, &["letters.xlsx", "--lang", "vi"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("letters.xlsx: lỗi: không đọc được tệp bảng tính này: phần xl/worksheets/sheet1.xml của tệp ghi"),
        "{err}"
    );
}

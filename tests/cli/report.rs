//! `gender-plan report` on the example data: every figure is the one `status`,
//! `overdue` and `notes` give; the HTML is well-formed and offline; the Word file
//! re-reads with the same figures; and the real consumers open them: headless
//! Chromium prints the page to A4 PDF, LibreOffice converts the Word file.

use super::common::*;
use serde_json::Value;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The district's last day: its reports are dated on or before it.
const AS_OF: &str = "2025-06-30";
/// (report period, the status period its results show).
const PERIODS: [(&str, &str); 3] = [
    ("2025-H1", "2025-H1"),
    ("2024", "2024"),
    // The plan ended with the 2025-H1 round: the final review shows its values.
    ("2021-2025", "2025-H1"),
];

/// A sandbox with every example report ingested (the planted faulty ones are
/// rejected, as examples/README.md says).
pub(super) fn example_data() -> Sandbox {
    example_data_recorded(None)
}

/// [`example_data`], recorded at this time (SOURCE_DATE_EPOCH) when given, so
/// that what shows when figures were recorded is the same on every run.
pub(super) fn example_data_recorded(epoch: Option<&str>) -> Sandbox {
    let sb = Sandbox::shipped();
    let ingest = |args: &[&str]| {
        let mut cmd = sb.cmd();
        if let Some(epoch) = epoch {
            cmd.env("SOURCE_DATE_EPOCH", epoch);
        }
        let output = cmd.args(args).output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code().unwrap_or(-1), err)
    };
    let reports = Path::new(ROOT).join("examples/reports");
    let folder = reports.display().to_string();
    let (code, err) = ingest(&["ingest", "--quiet", "--as-of", AS_OF, &folder]);
    assert!(code == 0 || code == 1, "{err}");
    // The files examples/README.md lists as Windows-1258, read as such.
    let readme = std::fs::read_to_string(Path::new(ROOT).join("examples/README.md")).unwrap();
    let section = readme.split("## Windows-1258 files").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    let cp1258: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .map(|l| reports.join(l.trim_end_matches('`')).display().to_string())
        .collect();
    let mut args = vec![
        "ingest",
        "--quiet",
        "--as-of",
        AS_OF,
        "--encoding",
        "windows-1258",
    ];
    args.extend(cp1258.iter().map(String::as_str));
    let (code, err) = ingest(&args);
    assert_eq!(code, 0, "{err}");
    sb
}

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--as-of", AS_OF, "--format", "json"]);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

fn report(sb: &Sandbox, period: &str) -> Value {
    json(sb, &["report", "--period", period])
}

fn indicators(doc: &Value) -> Vec<&Value> {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .collect()
}

fn status_of<'a>(status: &'a Value, id: &str) -> &'a Value {
    status
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["indicator"] == id)
        .unwrap_or_else(|| panic!("{id} not in status"))
}

/// The district value of every indicator for a period, as `status` gives it.
fn status_values(sb: &Sandbox, period: &str) -> Value {
    json(sb, &["status", "--period", period])
}

#[test]
fn every_figure_is_the_one_status_gives() {
    let sb = example_data();
    for (period, shown) in PERIODS {
        let doc = report(&sb, period);
        assert_eq!(doc["result_period"], shown);
        let status = status_values(&sb, shown);
        let items = indicators(&doc);
        assert_eq!(items.len(), 21, "{period}");
        for item in items {
            let id = item["indicator"].as_str().unwrap();
            let s = status_of(&status, id);
            for field in ["value", "met", "attainment_pct", "gap", "target", "outlook"] {
                assert_eq!(item[field], s[field], "{period} {id} {field}");
            }
            assert_eq!(item["coverage"], s["coverage"], "{period} {id}");
            assert_eq!(item["partial"], s["partial"], "{period} {id}");
        }
    }
}

#[test]
fn the_same_period_a_year_earlier_and_every_round_are_status_figures() {
    let sb = example_data();
    let doc = report(&sb, "2025-H1");
    assert_eq!(doc["previous_period"], "2024-H1");
    let earlier = status_values(&sb, "2024-H1");
    let rounds: Vec<String> = indicators(&doc)[0]["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rounds.first().map(String::as_str), Some("2021"));
    assert_eq!(rounds.last().map(String::as_str), Some("2025-H1"));
    let by_round: Vec<Value> = rounds.iter().map(|r| status_values(&sb, r)).collect();
    for item in indicators(&doc) {
        let id = item["indicator"].as_str().unwrap();
        assert_eq!(
            item["previous"]["value"],
            status_of(&earlier, id)["value"],
            "{id}"
        );
        for (point, status) in item["trend"].as_array().unwrap().iter().zip(&by_round) {
            assert_eq!(point["value"], status_of(status, id)["value"], "{id}");
        }
    }
}

#[test]
fn the_final_review_has_every_year_and_the_baseline() {
    let sb = example_data();
    let doc = report(&sb, "2021-2025");
    assert_eq!(doc["kind"], "final_review");
    // The plan ended with the 2025-H1 round: its last column is that round.
    let columns = ["2021", "2022", "2023", "2024", "2025-H1"];
    assert_eq!(doc["years"], serde_json::json!(columns));
    let years: Vec<Value> = columns.iter().map(|p| status_values(&sb, p)).collect();
    for item in indicators(&doc) {
        let id = item["indicator"].as_str().unwrap();
        let annual = item["annual"].as_array().unwrap();
        assert_eq!(annual.len(), 5, "{id}");
        for (point, status) in annual.iter().zip(&years) {
            assert_eq!(point["value"], status_of(status, id)["value"], "{id}");
        }
    }
    // Every round of the period, each with its rates.
    let rounds = doc["compliance"]["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 8);
    assert!(rounds.iter().all(|r| r["covered"] == true));
}

#[test]
fn reporting_compliance_is_what_overdue_says() {
    let sb = example_data();
    for period in ["2025-H1", "2024", "2022"] {
        let doc = report(&sb, period);
        let overdue = json(&sb, &["overdue", "--period", period, "--all"]);
        let overdue = overdue.as_array().unwrap();
        let units = doc["compliance"]["units"].as_array().unwrap();
        assert_eq!(units.len(), overdue.len(), "{period}");
        for o in overdue {
            let unit = units.iter().find(|u| u["unit"] == o["unit"]).unwrap();
            let r = &unit["reports"][0];
            assert_eq!(r["status"], o["status"], "{period} {}", o["unit"]);
            assert_eq!(r["submitted"], o["submitted"], "{period} {}", o["unit"]);
            assert_eq!(r["days_late"], o["days_late"], "{period} {}", o["unit"]);
        }
        let round = doc["compliance"]["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["period"] == period)
            .unwrap();
        let count = |s: &str| overdue.iter().filter(|o| o["status"] == s).count();
        assert_eq!(round["missing"], count("missing"));
        assert_eq!(round["late"], count("late"));
        assert_eq!(round["incomplete"], count("incomplete"));
        assert_eq!(round["on_time_complete"], count("on_time"));
    }
}

#[test]
fn what_the_units_wrote_is_what_notes_lists() {
    let sb = example_data();
    for period in ["2025-H1", "2024"] {
        let doc = report(&sb, period);
        let notes = json(&sb, &["notes", "--period", period]);
        assert_eq!(doc["notes"], notes["units"], "{period}");
        assert!(!doc["notes"].as_array().unwrap().is_empty());
    }
}

fn run_ok(sb: &Sandbox, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--as-of", AS_OF]);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

#[test]
fn every_section_and_the_decree_heading_in_each_format() {
    let sb = example_data();
    for (period, _) in PERIODS {
        let doc = report(&sb, period);
        let html = run_ok(&sb, &["--lang", "vi", "report", "--period", period]);
        let md = run_ok(
            &sb,
            &[
                "--lang", "vi", "report", "--period", period, "--format", "markdown",
            ],
        );
        for text in [&html, &md] {
            for needle in [
                "ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "/BC-UBND",
                "Tam Đường, ngày",
                "Kết quả thực hiện các mục tiêu",
                "Tình hình báo cáo của các đơn vị",
                "Nội dung báo cáo của các đơn vị",
                "Nơi nhận:",
                "UBND tỉnh (B/c)",
                "TM. ỦY BAN NHÂN DÂN",
                "Vũ Xuân Thịnh",
            ] {
                assert!(text.contains(needle), "{period}: {needle} missing");
            }
            let places = doc["to_write"].as_array().unwrap().len();
            assert_eq!(
                text.matches("[Phần cơ quan soạn thảo tự viết]").count(),
                places,
                "{period}"
            );
        }
        if period == "2021-2025" {
            assert!(
                html.contains("BÁO CÁO TỔNG KẾT") && html.contains("Các chỉ tiêu qua từng năm")
            );
        }
    }
}

/// Every element of the page, as XML.
fn parse(html: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"))
}

#[test]
fn the_page_is_well_formed_self_contained_and_offline() {
    let sb = example_data();
    for (period, _) in PERIODS {
        let html = run_ok(&sb, &["report", "--period", period]);
        let doc = parse(&html);
        let svgs: Vec<_> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "svg")
            .collect();
        // The attainment chart, one trend per indicator, four commune charts
        // (3.2a, 3.2b, 6.1, 6.3), two charts by sex (5.2a, 5.2b) and the
        // timeliness chart.
        assert_eq!(svgs.len(), 1 + 21 + 4 + 2 + 1, "{period}");
        for svg in &svgs {
            let title = svg.children().find(|c| c.tag_name().name() == "title");
            let desc = svg.children().find(|c| c.tag_name().name() == "desc");
            assert!(title.and_then(|t| t.text()).is_some_and(|t| !t.is_empty()));
            assert!(desc.and_then(|d| d.text()).is_some_and(|d| d.len() > 20));
            // The numbers beside it.
            let figure = svg.parent().unwrap();
            assert!(figure.children().any(|c| c.has_class("chart-data")));
        }
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(
                !["script", "img", "link", "iframe", "object"].contains(&name),
                "{name}"
            );
            for attribute in node.attributes() {
                let value = attribute.value();
                let local_reference = value.starts_with("url(#") || value.starts_with('#');
                if ["href", "src"].contains(&attribute.name()) {
                    assert!(local_reference, "{period}: {} = {value}", attribute.name());
                }
                if value.contains("url(") {
                    assert!(local_reference, "{period}: {value}");
                }
            }
        }
        let without_namespace = html.replace("http://www.w3.org/2000/svg", "");
        assert!(!without_namespace.contains("http:") && !without_namespace.contains("https:"));
        assert!(!html.contains("@import"));
    }
}

trait HasClass {
    fn has_class(&self, class: &str) -> bool;
}

impl HasClass for roxmltree::Node<'_, '_> {
    fn has_class(&self, class: &str) -> bool {
        self.attribute("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }
}

/// Every table cell's text in a Word document.
fn docx_cells(bytes: &[u8]) -> Vec<String> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    fn cells(table: &docx_rs::Table, out: &mut Vec<String>) {
        for TableChild::TableRow(row) in &table.rows {
            for TableRowChild::TableCell(cell) in &row.cells {
                let mut text = String::new();
                for content in &cell.children {
                    match content {
                        TableCellContent::Paragraph(p) => text.push_str(&p.raw_text()),
                        TableCellContent::Table(t) => cells(t, out),
                        _ => {}
                    }
                }
                out.push(text);
            }
        }
    }
    let docx = docx_rs::read_docx(bytes).expect("the Word file re-reads");
    let mut out = Vec::new();
    for child in &docx.document.children {
        if let DocumentChild::Table(table) = child {
            cells(table, &mut out);
        }
    }
    out
}

#[test]
fn the_word_file_is_a_valid_package_whose_tables_hold_the_figures() {
    let sb = example_data();
    for (period, _) in PERIODS {
        let name = format!("report-{period}.docx");
        run_ok(
            &sb,
            &[
                "report", "--period", period, "--format", "docx", "-o", &name,
            ],
        );
        let bytes = sb.read(&name);
        let cells = docx_cells(&bytes);
        let doc = report(&sb, period);
        for item in indicators(&doc) {
            let id = item["indicator"].as_str().unwrap();
            let name = item["name"].as_str().unwrap();
            let row = (0..cells.len() - 3)
                .find(|&i| cells[i] == id && cells[i + 1] == name)
                .unwrap_or_else(|| panic!("{period}: no row for {id}"));
            // The id, the name, the target, then this period's value.
            assert_eq!(
                cells[row + 3],
                item["value_text"].as_str().unwrap(),
                "{period} {id}"
            );
        }
        let text = String::from_utf8_lossy(&unzip(&bytes, "word/document.xml")).to_string();
        assert!(
            text.contains("w:w=\"11906\"") && text.contains("w:h=\"16838\""),
            "A4"
        );
        let styles = String::from_utf8_lossy(&unzip(&bytes, "word/styles.xml")).to_string();
        assert!(
            styles.contains("Times New Roman") && styles.contains("w:val=\"26\""),
            "13 pt"
        );
        // One picture per chart.
        assert_eq!(
            text.matches("<pic:pic").count(),
            1 + 21 + 4 + 2 + 1,
            "{period}"
        );
    }
}

fn unzip(bytes: &[u8], name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut out = Vec::new();
    file.read_to_end(&mut out).unwrap();
    out
}

#[test]
fn a_period_that_is_not_reported_on_is_explained() {
    let sb = example_data();
    let (code, _, err) = sb.run(&["report", "--period", "2026", "--as-of", AS_OF]);
    assert_eq!(code, 1);
    assert!(
        err.contains("2021-2025") && err.contains("2025-H1"),
        "{err}"
    );
}

#[test]
fn a_plan_without_a_report_section_leaves_the_places_blank() {
    let sb = example_data();
    let start = PLAN.find("[report]").unwrap();
    let end = start + PLAN[start..].find("signer = ").unwrap();
    let end = end + PLAN[end..].find('\n').unwrap();
    sb.write("plan.toml", format!("{}{}", &PLAN[..start], &PLAN[end..]));
    let html = run_ok(&sb, &["report", "--period", "2024"]);
    assert!(html.contains("Recipients:") && !html.contains("Vũ Xuân Thịnh"));
    parse(&html);
}

/// Runs a program the report's readers use; panics with how to install it.
fn pdf_pages(pdf: &Path) -> (usize, String) {
    let info = program("pdfinfo", &[pdf.to_str().unwrap()]);
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("not a PDF: {info}"));
    let text = program("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let text = String::from_utf8_lossy(&text.stdout);
    (pages, text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn chromium_prints_the_page_on_a4() {
    let sb = example_data();
    // Expected pages with the fonts .ci/run installs (Liberation Serif stands in
    // for Times New Roman): a change in layout shows here.
    for (period, expected) in [("2025-H1", 17), ("2021-2025", 27)] {
        let html = sb.path(&format!("report-{period}.html"));
        run_ok(
            &sb,
            &[
                "--lang",
                "vi",
                "report",
                "--period",
                period,
                "-o",
                html.to_str().unwrap(),
            ],
        );
        let pdf = sb.path(&format!("report-{period}.pdf"));
        let log = chromium_print(&sb, &html, &pdf, &format!("chromium-{period}"));
        assert!(
            !log.contains("net::ERR"),
            "the page asked for the network: {log}"
        );
        let (pages, text) = pdf_pages(&pdf);
        assert_eq!(pages, expected, "{period}: pages");
        let sizes = program("pdfinfo", &["-f", "1", "-l", "999", pdf.to_str().unwrap()]);
        let sizes = String::from_utf8_lossy(&sizes.stdout).to_string();
        let a4 = sizes
            .lines()
            .filter(|l| l.contains("size:") && l.contains("(A4)"))
            .count();
        assert_eq!(a4, pages, "every page A4:\n{sizes}");
        for needle in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Nơi nhận:",
            "Vũ Xuân Thịnh",
        ] {
            assert!(text.contains(needle), "{period}: {needle} not printed");
        }
    }
}

#[test]
fn libreoffice_opens_the_word_file_with_its_figures() {
    let sb = example_data();
    let docx = sb.path("report-2025.docx");
    run_ok(
        &sb,
        &[
            "--lang",
            "vi",
            "report",
            "--period",
            "2024",
            "--format",
            "docx",
            "-o",
            docx.to_str().unwrap(),
        ],
    );
    let profile = format!(
        "-env:UserInstallation=file://{}",
        sb.path("lo-profile").display()
    );
    let output = program(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            sb.root().to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    let pdf = sb.path("report-2025.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let (pages, text) = pdf_pages(&pdf);
    assert!(pages >= 5, "{pages} pages");
    let doc = json(&sb, &["--lang", "vi", "report", "--period", "2024"]);
    for needle in [
        "BÁO CÁO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Nơi nhận:",
        "Vũ Xuân Thịnh",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in the converted document"
        );
    }
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for item in indicators(&doc) {
        let value = item["value_text"].as_str().unwrap();
        assert!(
            flat.contains(value),
            "{} {value} not in the document",
            item["indicator"]
        );
    }
}

/// -o never replaces the plan or the data file, and another file only with --force.
#[test]
fn the_report_never_overwrites_the_plan_and_asks_before_replacing_a_file() {
    let sb = example_data();
    let plan_before = sb.read("plan.toml");
    let (code, _, err) = sb.run(&[
        "report",
        "--period",
        "2025",
        "-o",
        "plan.toml",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(sb.read("plan.toml"), plan_before);
    sb.write("old.html", "kept");
    let (code, _, _) = sb.run(&[
        "report", "--period", "2024", "-o", "old.html", "--as-of", AS_OF,
    ]);
    assert_eq!(code, 1);
    assert_eq!(sb.read("old.html"), b"kept");
    run_ok(
        &sb,
        &["report", "--period", "2024", "-o", "old.html", "--force"],
    );
    assert!(sb.read("old.html").starts_with(b"<!DOCTYPE html>"));
}

/// A commune's own value in the report is its own figure as `status --indicator`
/// lists it (numerator ÷ denominator for a ratio).
#[test]
fn each_communes_value_is_its_own_figure() {
    let sb = example_data();
    let doc = report(&sb, "2024");
    let item = indicators(&doc)
        .into_iter()
        .find(|i| i["indicator"] == "6.1")
        .unwrap();
    let status = json(&sb, &["status", "--indicator", "6.1", "--period", "2024"]);
    let year = status
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["period"] == "2024")
        .unwrap();
    let communes = item["communes"].as_array().unwrap();
    assert_eq!(communes.len(), 13);
    for c in year["contributors"].as_array().unwrap() {
        let own = communes.iter().find(|o| o["unit"] == c["unit"]).unwrap();
        match (c["numerator"].as_f64(), c["denominator"].as_f64()) {
            (Some(n), Some(d)) if d > 0.0 => {
                let v = own["value"].as_f64().unwrap();
                assert!((v - n / d * 100.0).abs() < 1e-9, "{}: {v}", c["unit"]);
            }
            _ => assert!(own["value"].is_null(), "{}", c["unit"]),
        }
    }
    // 6.3, a share of communes: one commune alone is 0 or 100 %.
    let i63 = indicators(&doc)
        .into_iter()
        .find(|i| i["indicator"] == "6.3")
        .unwrap();
    for c in i63["communes"].as_array().unwrap() {
        let v = &c["value"];
        assert!(v.is_null() || v == 0.0 || v == 100.0, "{c}");
    }
}

/// The Word file's properties name the report, its issuing body and the as-of day
/// (docx-rs alone writes "unknown" and 1970), and every table's header row is
/// marked to repeat on each page.
#[test]
fn the_word_file_has_its_properties_and_repeated_header_rows() {
    let sb = example_data();
    let docx = sb.path("report-2025-H1.docx");
    run_ok(
        &sb,
        &[
            "--lang",
            "vi",
            "report",
            "--period",
            "2025-H1",
            "--format",
            "docx",
            "-o",
            docx.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&docx).unwrap();
    let core = String::from_utf8(unzip(&bytes, "docProps/core.xml")).unwrap();
    for needle in [
        "<dc:title>BÁO CÁO Kết quả thực hiện Kế hoạch",
        "<dc:creator>ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG</dc:creator>",
        ">2025-06-30T00:00:00Z</dcterms:created>",
        ">2025-06-30T00:00:00Z</dcterms:modified>",
    ] {
        assert!(core.contains(needle), "{needle} not in {core}");
    }
    assert!(
        !core.contains("unknown") && !core.contains("1970"),
        "{core}"
    );
    let document = String::from_utf8(unzip(&bytes, "word/document.xml")).unwrap();
    let tables = document.matches("<w:tblLayout w:type=\"fixed\"").count();
    let repeated = document.matches("<w:tblHeader />").count();
    assert!(repeated >= 10, "{repeated} header rows repeat");
    assert!(tables > repeated, "every table has a fixed layout");
    // The first page has no page number; the others have it in their header.
    assert!(document.contains("<w:titlePg"), "a first page of its own");
}

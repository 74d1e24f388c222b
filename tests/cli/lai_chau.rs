//! The 2026–2030 example of Lai Châu province (examples/lai-chau-2026-2030): valid on
//! a fresh clone, and, with the Tam Đường example data, the six units formed from
//! Tam Đường's communes get their baselines from those communes' figures.

use crate::report::example_data;
use serde_json::Value;

pub(super) const PLAN: &str = "examples/lai-chau-2026-2030/plan.toml";

pub(super) fn root(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// The example's plan and units file copied into a sandbox that holds the Tam Đường
/// example data, as a checkout does; nothing recorded for 2026–2030 yet.
pub(super) fn with_previous_data() -> crate::common::Sandbox {
    let sb = example_data();
    for file in ["plan.toml", "units-2025-07-01.csv"] {
        let text = std::fs::read(root(&format!("examples/lai-chau-2026-2030/{file}"))).unwrap();
        sb.write(&format!("examples/lai-chau-2026-2030/{file}"), text);
    }
    assert!(sb.path("gender-plan-data.csv").exists());
    sb
}

/// The same, with the example's reports recorded in its own data file.
pub(super) fn with_lai_chau() -> crate::common::Sandbox {
    let sb = with_previous_data();
    let (code, _, err) = run(
        &sb,
        &["ingest", &root("examples/lai-chau-2026-2030/reports")],
    );
    assert_eq!(code, 0, "{err}");
    sb
}

/// Runs a command on the example plan, as of the day after its first round's reports.
pub(super) fn run(sb: &crate::common::Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--plan", PLAN, "--as-of", "2026-07-01"];
    all.extend_from_slice(args);
    sb.run(&all)
}

#[test]
fn the_example_is_valid_on_a_fresh_clone() {
    let sb = crate::common::Sandbox::empty();
    sb.write("plan.toml", crate::common::SHIPPED_PLAN);
    let text = std::fs::read(root(PLAN)).unwrap();
    sb.write(PLAN, text);
    let (code, out, err) = run(&sb, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("6 objectives, 14 indicators, 42 units"),
        "{out}"
    );
    assert!(
        err.contains("warning: the previous plan's data file"),
        "{err}"
    );
}

/// Each of the six units formed from Tam Đường's communes has a baseline for 6.1
/// computed from the figures `status` gives those communes in the Tam Đường plan.
#[test]
fn the_six_units_formed_from_tam_duong_get_its_communes_figures_as_baselines() {
    let sb = with_lai_chau();
    let (code, out, err) = run(&sb, &["status", "--indicator", "6.1", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let baselines = rows[0]["previous_plan"]["unit_baselines"]
        .as_array()
        .unwrap()
        .clone();
    let mut units: Vec<&str> = baselines
        .iter()
        .map(|b| b["unit"].as_str().unwrap())
        .collect();
    units.sort_unstable();
    assert_eq!(
        units,
        [
            "phuong-tan-phong",
            "xa-ban-bo",
            "xa-binh-lu",
            "xa-khun-ha",
            "xa-sin-suoi-ho",
            "xa-ta-leng"
        ]
    );
    // Tam Đường's own figures for 6.1, by commune and round, as its status lists them.
    let figure = |unit: &str, period: &str| {
        crate::common::status_figure(&sb, "2025-06-30", "6.1", unit, period)
    };
    for b in &baselines {
        let (mut n, mut d) = (0.0, 0.0);
        for former in b["formed_from"].as_array().unwrap() {
            let (fn_, fd) = figure(
                former["unit"].as_str().unwrap(),
                former["period"].as_str().unwrap(),
            );
            (n, d) = (n + fn_, d + fd);
        }
        let value = b["value"].as_f64().unwrap();
        assert!((value - n / d * 100.0).abs() < 1e-9, "{b}");
    }
    let mut partial: Vec<&str> = baselines
        .iter()
        .filter(|b| b["partial"] == true)
        .map(|b| b["unit"].as_str().unwrap())
        .collect();
    partial.sort_unstable();
    assert_eq!(partial, ["phuong-tan-phong", "xa-sin-suoi-ho"]);
}

#[test]
fn the_examples_status_and_overdue_run_in_both_languages() {
    let sb = with_lai_chau();
    for lang in ["en", "vi"] {
        let (code, out, err) = run(&sb, &["--lang", lang, "status"]);
        assert_eq!(code, 0, "{lang}: {err}");
        assert!(out.contains("3.4"), "{out}");
    }
    // 10 of the 38 communes reported 6.1 for 2026-H1.
    let (code, out, _) = run(&sb, &["status", "--period", "2026-H1", "--format", "json"]);
    assert_eq!(code, 0);
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    let i61 = items.iter().find(|i| i["indicator"] == "6.1").unwrap();
    assert_eq!(i61["coverage"]["reported"], 10, "{i61}");
    assert_eq!(i61["coverage"]["expected"], 38, "{i61}");
    let (code, _, _) = run(&sb, &["overdue", "--period", "2026-H1", "--fail-if-any"]);
    assert_eq!(code, 3);
}

/// The report lists the same baselines as `status`, in the same words, in every
/// format; the Word file shows them once LibreOffice has opened it.
#[test]
fn the_report_shows_the_units_baselines_as_status_does() {
    let sb = with_lai_chau();
    let args = ["--lang", "vi", "report", "--period", "2026-H1"];
    let (code, out, err) = run(&sb, &[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let rows = doc["unit_baselines"].as_array().unwrap();
    let (_, status, _) = run(&sb, &["--lang", "vi", "status", "--indicator", "6.1"]);
    let of_61: Vec<&Value> = rows.iter().filter(|r| r["indicator"] == "6.1").collect();
    assert_eq!(of_61.len(), 6, "{rows:?}");
    for row in of_61 {
        for field in ["unit", "formed_from", "value_text", "coverage"] {
            let text = row[field].as_str().unwrap();
            assert!(
                status.contains(text),
                "{field} {text:?} not in status:\n{status}"
            );
        }
    }
    let (_, markdown, _) = run(&sb, &[&args[..], &["--format", "markdown"]].concat());
    let title = "Số liệu gốc của các đơn vị hình thành từ đơn vị của kế hoạch trước";
    assert!(markdown.contains(title), "{markdown}");
    let Some(soffice) = crate::common::soffice() else {
        return;
    };
    let (code, _, err) = run(
        &sb,
        &[&args[..], &["--format", "docx", "-o", "report.docx"]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let pdf = sb.path(&sb.convert(soffice, "report.docx", "pdf"));
    let text = crate::common::program("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(title), "{text}");
    assert!(text.contains("3/3 đơn vị cũ đã báo cáo"), "{text}");
}

/// The example ships as the workbook a province writes and the plan.toml imported
/// from it: importing the workbook gives that plan.toml, byte for byte.
#[test]
fn the_examples_plan_toml_is_what_its_workbook_imports_to() {
    let sb = crate::common::Sandbox::empty();
    let workbook = root("examples/lai-chau-2026-2030/ke-hoach.xlsx");
    let (code, _, err) = sb.run(&["plan", "import", &workbook, "-o", "imported.toml"]);
    assert_eq!(code, 0, "{err}");
    let shipped = std::fs::read(root(PLAN)).unwrap();
    assert!(
        sb.read("imported.toml") == shipped,
        "{PLAN} is not what `plan import` writes from ke-hoach.xlsx: import it again"
    );
}

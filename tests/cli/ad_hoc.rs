//! Ad hoc reports (báo cáo đột xuất, IV.11: "Thực hiện chế độ báo cáo định kỳ hoặc
//! đột xuất theo quy định"): a plan may ask some units for some figures by a day of
//! its own, and `calendar`, `overdue`, `remind` and `template` treat it as a round.
//! The plan here is the tests' plan with tests/fixtures/ad-hoc-report.toml added.

use crate::common::{COMMUNES, PLAN, Sandbox};
use serde_json::Value;

const AD_HOC: &str = include_str!("../fixtures/ad-hoc-report.toml");
const HEADER: &str = "unit,period,indicator,value,numerator,denominator,submitted,note\n";

fn sandbox() -> Sandbox {
    let sb = Sandbox::empty();
    sb.write("plan.toml", format!("{PLAN}{AD_HOC}"));
    sb
}

fn run_ok(sb: &Sandbox, args: &[&str]) -> String {
    let (code, out, err) = sb.run(args);
    assert_eq!(code, 0, "{args:?}:\n{out}{err}");
    out
}

/// The communes' overdue reports for the ad hoc round, as JSON rows.
fn overdue_json(sb: &Sandbox, as_of: &str, choice: &[&str]) -> Vec<Value> {
    let args = [
        &["overdue", "--all", "--format", "json", "--as-of", as_of][..],
        choice,
    ]
    .concat();
    let (_, out, err) = sb.run(&args);
    match serde_json::from_str(&out) {
        Ok(Value::Array(rows)) => rows,
        other => panic!("{other:?}\n{out}{err}"),
    }
}

#[test]
fn the_calendar_lists_the_ad_hoc_report_as_due_from_the_units_asked() {
    let sb = sandbox();
    let out = run_ok(
        &sb,
        &[
            "calendar",
            "--year",
            "2024",
            "--lang",
            "vi",
            "--as-of",
            "2024-01-01",
        ],
    );
    assert!(
        out.contains("Hạn gửi báo cáo đột xuất về hỗ trợ nạn nhân bạo lực gia đình"),
        "{out}"
    );
    assert!(
        out.contains("các đơn vị được yêu cầu, gửi Ủy ban nhân dân huyện Tam Đường"),
        "{out}"
    );
    let json = run_ok(
        &sb,
        &[
            "calendar",
            "--year",
            "2024",
            "--format",
            "json",
            "--as-of",
            "2024-01-01",
        ],
    );
    let events: Vec<Value> = serde_json::from_str(&json).unwrap();
    let ad_hoc: Vec<&Value> = events.iter().filter(|e| e["ad_hoc"] == true).collect();
    assert_eq!(ad_hoc.len(), 1, "{json}");
    assert_eq!(
        (ad_hoc[0]["date"].as_str(), ad_hoc[0]["period"].as_str()),
        (Some("2024-01-20"), Some("2023-H2"))
    );
}

/// `overdue` asks only the units the report asks, for the indicators it asks, and
/// tells on-time from late by its own due day; `--period` and `--deadline` name it,
/// and once it is the latest due it is the default.
#[test]
fn overdue_lists_the_units_asked_for_what_they_were_asked() {
    let sb = sandbox();
    let rows = format!(
        "{HEADER}ban-bo,2023-H2,3.2a,,3,4,2024-01-18,\n\
         khun-ha,2023-H2,3.2a,,1,2,2024-01-22,\n"
    );
    sb.write("adhoc.csv", rows);
    run_ok(&sb, &["ingest", "adhoc.csv", "--as-of", "2024-01-25"]);
    for choice in [
        &["--deadline", "2024-01-20"][..],
        &["--period", "2023-H2"],
        &[],
    ] {
        let rows = overdue_json(&sb, "2024-01-25", choice);
        let units: Vec<&str> = rows.iter().map(|r| r["unit"].as_str().unwrap()).collect();
        assert_eq!(
            units.len(),
            COMMUNES.len(),
            "only the communes are asked: {units:?}"
        );
        let status = |id: &str| rows.iter().find(|r| r["unit"] == id).unwrap()["status"].clone();
        assert_eq!(status("ban-bo"), "on_time");
        assert_eq!(status("khun-ha"), "late");
        let missing = rows.iter().find(|r| r["unit"] == "ta-leng").unwrap();
        assert_eq!(missing["status"], "missing");
        assert_eq!(
            missing["missing_indicators"],
            serde_json::json!(["3.2a"]),
            "not 3.2b, 6.1 or 6.3"
        );
    }
}

/// `remind` writes to the units asked that have not sent it, naming the report.
#[test]
fn remind_writes_about_the_ad_hoc_report() {
    let sb = sandbox();
    let out = run_ok(
        &sb,
        &[
            "remind",
            "--deadline",
            "2024-01-20",
            "--lang",
            "vi",
            "--as-of",
            "2024-01-25",
        ],
    );
    assert!(
        out.contains("báo cáo đột xuất về hỗ trợ nạn nhân bạo lực gia đình"),
        "{out}"
    );
    assert!(out.contains("Bản Bo"), "{out}");
    assert!(
        !out.contains("Phòng Tư pháp"),
        "an office is not asked:\n{out}"
    );
}

/// `template` makes the form of what was asked, for the units asked.
#[test]
fn the_form_asks_for_what_the_ad_hoc_report_asks() {
    let sb = sandbox();
    let out = run_ok(
        &sb,
        &[
            "template",
            "--unit",
            "ban-bo",
            "--period",
            "2023-H2",
            "--as-of",
            "2024-01-10",
        ],
    );
    let lines: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(lines[0].starts_with("ban-bo,2023-H2,3.2a,"), "{out}");
    run_ok(
        &sb,
        &[
            "template",
            "--all",
            "--period",
            "20/01/2024",
            "-o",
            "forms",
            "--as-of",
            "2024-01-10",
        ],
    );
    let forms = std::fs::read_dir(sb.path("forms")).unwrap().count();
    assert_eq!(forms, COMMUNES.len(), "one form for each commune asked");
    // The form as filled in is read back by ingest: 2023-H2 is a period the plan
    // asks for.
    let filled = out.replacen(",,,,,\n", ",3,4,,2024-01-15,\n", 1);
    assert_ne!(filled, out, "{out}");
    sb.write("ban-bo.csv", filled);
    run_ok(&sb, &["ingest", "ban-bo.csv", "--as-of", "2024-01-16"]);
    let rows = overdue_json(
        &sb,
        "2024-01-25",
        &["--period", "2023-H2", "--unit", "ban-bo"],
    );
    assert_eq!(rows[0]["status"], "on_time", "{rows:?}");
}

/// A plan without ad hoc reports loads and schedules as before; a wrong entry is
/// refused at its line.
#[test]
fn an_ad_hoc_report_is_checked_where_it_is_written() {
    let sb = sandbox();
    let out = run_ok(&sb, &["check", "--as-of", "2024-01-01"]);
    assert!(out.contains("valid:"), "{out}");
    let wrong = AD_HOC
        .replace("period = \"2023-H2\"", "period = \"2023-Q3\"")
        .replace("\"3.2a\"]", "\"3.9\"]");
    sb.write("plan.toml", format!("{PLAN}{wrong}"));
    let (code, _, err) = sb.run(&["check", "--as-of", "2024-01-01"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("is not a year or a half-year of the plan"),
        "{err}"
    );
    assert!(
        err.contains("unknown indicator \"3.9\" in [[schedule.ad_hoc]]"),
        "{err}"
    );
}

/// The plan workbook keeps an ad hoc report: written by `plan --format xlsx`, read
/// back by `plan import`, it is the same round.
#[test]
fn the_plan_workbook_keeps_the_ad_hoc_report() {
    let sb = sandbox();
    run_ok(
        &sb,
        &[
            "plan",
            "--format",
            "xlsx",
            "-o",
            "plan.xlsx",
            "--as-of",
            "2024-01-01",
        ],
    );
    run_ok(
        &sb,
        &[
            "plan",
            "import",
            "plan.xlsx",
            "-o",
            "back.toml",
            "--as-of",
            "2024-01-01",
        ],
    );
    let args = [
        "calendar",
        "--year",
        "2024",
        "--format",
        "json",
        "--as-of",
        "2024-01-01",
    ];
    let back = run_ok(&sb, &[&["--plan", "back.toml"][..], &args].concat());
    assert_eq!(back, run_ok(&sb, &args));
    assert!(back.contains("\"ad_hoc\": true"), "{back}");
}

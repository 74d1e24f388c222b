//! Bodies above the units in time, and a plan that ends early (issue 22): no body
//! reports, signs or receives after it ceased to exist; no round is owed after
//! the plan's end; a figure recorded before the end is never lost.

use crate::common::{PLAN, Sandbox, edited_plan, line_of};
use crate::report::example_data;
use serde_json::Value;

/// The test plan with its issuer, a recipient and the plan ending on 30 June 2025
/// (as the shipped plan does, on a plan the tests own).
fn plan_that_ends() -> String {
    let plan = edited_plan(
        "issuer.en = \"People's Committee of Tam Đường district\"\n",
        "issuer.en = \"People's Committee of Tam Đường district\"\nissuer.ends = \"2025-06-30\"\nends = \"2025-06-30\"\n",
    );
    plan.replacen(
        "{ vi = \"TT. Huyện uỷ (B/c)\", en = \"Standing Board of the District Party Committee (to report)\" }",
        "{ vi = \"TT. Huyện uỷ (B/c)\", en = \"Standing Board of the District Party Committee (to report)\", ends = \"2025-06-30\" }",
        1,
    )
    .replacen(
        "{ vi = \"Sở Lao động - TB&XH tỉnh (B/c)\", en = \"Provincial Department of Labour, Invalids and Social Affairs (to report)\" }",
        "{ vi = \"Sở Lao động - TB&XH tỉnh (B/c)\", en = \"Provincial Department of Labour, Invalids and Social Affairs (to report)\", ends = \"2025-02-28\", successor = { vi = \"Sở Nội vụ tỉnh (B/c)\", en = \"Provincial Department of Home Affairs (to report)\" } }",
        1,
    )
}

fn markdown_report(sb: &Sandbox, as_of: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "--as-of", as_of, "--lang", "vi", "report", "--period", "2025-H1",
    ];
    args.extend_from_slice(&["--format", "markdown"]);
    args.extend_from_slice(extra);
    sb.run(&args)
}

#[test]
fn a_report_dated_after_the_issuer_ended_is_refused_and_forced_is_marked() {
    let sb = example_data();
    sb.write("plan.toml", plan_that_ends());
    let (code, out, err) = markdown_report(&sb, "2025-12-20", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.is_empty());
    assert!(
        err.contains("Ủy ban nhân dân huyện Tam Đường đã chấm dứt hoạt động sau ngày 30/06/2025: không thể ban hành văn bản ngày 20/12/2025"),
        "{err}"
    );
    assert!(err.contains("--as-of") && err.contains("--force"), "{err}");
    let (code, _, err) = sb.run(&["--as-of", "2025-12-20", "report", "--period", "2025-H1"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "the People's Committee of Tam Đường district ceased to exist after 2025-06-30"
        ),
        "{err}"
    );
    // Forced, the document says what it is, under its title.
    let (code, out, err) = markdown_report(&sb, "2025-12-20", &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cảnh báo"), "{err}");
    assert!(
        out.contains("Lập ngày 20/12/2025 sau khi Ủy ban nhân dân huyện Tam Đường đã chấm dứt hoạt động (30/06/2025): bản ghi lại số liệu, không phải văn bản do cơ quan này ban hành."),
        "{out}"
    );
    // On its last day the district still signs, unmarked.
    let (code, out, err) = markdown_report(&sb, "2025-06-30", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("bản ghi lại"), "{out}");
}

#[test]
fn a_reminder_dated_after_the_issuer_ended_is_refused() {
    let sb = example_data();
    sb.write("plan.toml", plan_that_ends());
    let args = |as_of| {
        vec![
            "--as-of", as_of, "remind", "--period", "2025-H1", "--format", "markdown",
        ]
    };
    let (code, _, err) = sb.run(&args("2025-07-10"));
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot issue a document dated 2025-07-10"),
        "{err}"
    );
    let (code, out, err) = sb.run(&args("2025-06-20"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hồ Thầu"), "{out}");
    let mut forced = args("2025-07-10");
    forced.push("--force");
    let (code, out, _) = sb.run(&forced);
    assert_eq!(code, 0);
    assert!(out.contains("Written on 2025-07-10 after the People's Committee of Tam Đường district ceased to exist (2025-06-30)"), "{out}");
}

/// "Nơi nhận" as of the report's day: the labour department until it merged, Home
/// Affairs after; the district's Party committee until the district ended.
#[test]
fn recipients_are_those_of_the_reports_day() {
    let sb = example_data();
    sb.write("plan.toml", plan_that_ends());
    let (code, february, err) = markdown_report(&sb, "2025-02-20", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        february.contains("- Sở Lao động - TB&#38;XH tỉnh (B/c);"),
        "{february}"
    );
    assert!(!february.contains("Sở Nội vụ tỉnh"), "{february}");
    let (_, june, _) = markdown_report(&sb, "2025-06-20", &[]);
    assert!(june.contains("- Sở Nội vụ tỉnh (B/c);"), "{june}");
    assert!(!june.contains("Sở Lao động - TB&#38;XH tỉnh"), "{june}");
    assert!(june.contains("- TT. Huyện uỷ (B/c);"), "{june}");
    let (_, forced, _) = markdown_report(&sb, "2025-07-20", &["--force"]);
    assert!(!forced.contains("TT. Huyện uỷ"), "{forced}");
    assert!(forced.contains("- UBND tỉnh (B/c);"), "{forced}");
}

/// Rounds due after the plan's end are owed by no one: not in the calendar, not a
/// period to chase or to send, and the final review is as of the last round.
#[test]
fn no_round_is_owed_after_the_plan_ended() {
    let sb = Sandbox::new();
    sb.write("plan.toml", plan_that_ends());
    let (code, out, err) = sb.run(&["calendar", "--year", "2025", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    let due: Vec<&Value> = items.iter().filter(|i| i["kind"] == "report_due").collect();
    assert_eq!(due.len(), 1, "{out}");
    assert_eq!(due[0]["period"], "2025-H1");
    let (code, _, err) = sb.run(&["--as-of", "2025-12-20", "overdue", "--period", "2025"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("the rounds are") && err.contains("2025-H1"),
        "{err}"
    );
    let (code, _, _) = sb.run(&["template", "--unit", "ban-bo", "--period", "2025"]);
    assert_eq!(code, 1);
    sb.write(
        "late.csv",
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2025,6.1,100,200,10/12/2025\n",
    );
    for (lang, said) in [
        (
            "en",
            "late.csv:2: error: no report for 2025 is owed: the plan ended on 2025-06-30, its last round was 2025-H1",
        ),
        (
            "vi",
            "late.csv:2: lỗi: không có báo cáo nào cho năm 2025: kế hoạch đã kết thúc ngày 30/06/2025, kỳ báo cáo cuối cùng là 6 tháng đầu năm 2025",
        ),
    ] {
        let (code, _, err) = sb.run(&[
            "--lang",
            lang,
            "--as-of",
            "2025-12-20",
            "ingest",
            "late.csv",
        ]);
        assert_eq!(code, 1);
        assert!(err.contains(said), "{err}");
    }
    assert!(!sb.path("gender-plan-data.csv").exists());
}

#[test]
fn the_final_review_is_as_of_the_plans_last_round() {
    let sb = example_data();
    sb.write("plan.toml", plan_that_ends());
    let review = |sb: &Sandbox| {
        let args = ["--as-of", "2025-06-30", "report", "--period", "2021-2025"];
        let (code, out, err) = sb.run(&[&args[..], &["--format", "json"]].concat());
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let doc = review(&sb);
    assert_eq!(doc["result_period"], "2025-H1");
    assert_eq!(doc["previous_period"], "2024-H1");
    assert_eq!(
        doc["years"],
        serde_json::json!(["2021", "2022", "2023", "2024", "2025-H1"])
    );
    // The same plan without its end reviews the year 2025.
    sb.write("plan.toml", PLAN);
    assert_eq!(review(&sb)["result_period"], "2025");
}

/// Figures recorded for a round before plan.toml said the plan ended early are
/// kept: `history` shows them, `check` lists each as counting in no value.
#[test]
fn figures_recorded_before_the_plan_was_ended_are_kept_and_listed() {
    let sb = Sandbox::new();
    sb.write(
        "annual.csv",
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2025,6.1,100,200,10/12/2025\n",
    );
    let (code, _, err) = sb.run(&["--as-of", "2025-12-20", "ingest", "annual.csv"]);
    assert_eq!(code, 0, "{err}");
    let data_before = sb.read("gender-plan-data.csv");
    sb.write("plan.toml", plan_that_ends());
    let (code, out, err) = sb.run(&["--as-of", "2025-12-20", "check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("the figure of ban-bo for 2025, indicator 6.1, counts in no value"),
        "{err}"
    );
    let (code, out, err) = sb.run(&[
        "--as-of",
        "2025-12-20",
        "history",
        "--unit",
        "ban-bo",
        "--period",
        "2025",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(rows[0]["counts"], false);
    assert_eq!(
        sb.read("gender-plan-data.csv"),
        data_before,
        "nothing rewritten"
    );
}

/// Each problem of a body or of the plan's end is placed at its line, in both
/// languages.
#[test]
fn a_wrong_end_or_successor_is_reported_at_its_line() {
    let cases = [
        (
            "issuer.ends = \"2025-02-30\"",
            "impossible end date \"2025-02-30\" for the plan's issuer",
            "ngày kết thúc \"2025-02-30\" của cơ quan ban hành kế hoạch không hợp lệ",
        ),
        (
            "ends = \"2027-01-01\"",
            "the plan's end 2027-01-01 is outside its years 2021–2025",
            "ngày kết thúc kế hoạch 2027-01-01 nằm ngoài giai đoạn 2021–2025",
        ),
        (
            "ends = \"2021-03-01\"",
            "the plan ends on 2021-03-01, before its first report is due (2021-12-15)",
            "kế hoạch kết thúc ngày 2021-03-01, trước hạn báo cáo đầu tiên (2021-12-15)",
        ),
        (
            "issuer.successor = { vi = \"UBND tỉnh\", en = \"Provincial People's Committee\" }",
            "the plan's issuer has a successor but no end",
            "cơ quan ban hành kế hoạch có cơ quan kế nhiệm nhưng chưa có ngày kết thúc",
        ),
    ];
    let anchor = "issuer.en = \"People's Committee of Tam Đường district\"\n";
    for (line, en, vi) in cases {
        let sb = Sandbox::new();
        let plan = edited_plan(anchor, &format!("{anchor}{line}\n"));
        let at = line_of(&plan, line);
        sb.write("plan.toml", &plan);
        let (code, _, err) = sb.run(&["check"]);
        assert_eq!(code, 1, "{line}: {err}");
        assert!(
            err.contains(&format!("plan.toml:{at}")) && err.contains(en),
            "{line}: {err}"
        );
        let (_, _, err) = sb.run(&["--lang", "vi", "check"]);
        assert!(err.contains(vi), "{line}: {err}");
    }
}

/// A first-release `[report]`: recipients as { vi, en }, the signer a name: still
/// read as it was, every recipient lasting.
#[test]
fn a_report_section_of_the_first_release_reads_as_before() {
    let sb = example_data();
    sb.write("plan.toml", PLAN);
    assert!(PLAN.contains("signer = \"Vũ Xuân Thịnh\""));
    let (code, out, err) = markdown_report(&sb, "2025-06-30", &[]);
    assert_eq!(code, 0, "{err}");
    for recipient in [
        "- Sở Lao động - TB&#38;XH tỉnh (B/c);",
        "- TT. Huyện uỷ (B/c);",
    ] {
        assert!(out.contains(recipient), "{out}");
    }
    assert!(out.contains("**Vũ Xuân Thịnh**"), "{out}");
}

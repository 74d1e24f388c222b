//! The next plan: examples/next-plan/plan.toml (2026–2030) follows the shipped
//! 2021–2025 plan and reads its figures, by `[previous]`, as baselines and trends,
//! never as its own.

use crate::common::{SHIPPED_PLAN, Sandbox, line_of};
use serde_json::Value;

const NEXT: &str = include_str!("../../examples/next-plan/plan.toml");
const NEXT_PLAN: &str = "examples/next-plan/plan.toml";
const AS_OF: &str = "2026-12-31";

/// The repository's examples folder, read in place.
fn examples(path: &str) -> String {
    format!("{}/examples/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A sandbox laid out as the checkout: plan.toml and, beside it, its data file with
/// the example reports 2021–2025; the next plan in examples/next-plan/.
fn with_previous_data() -> Sandbox {
    let sb = Sandbox::shipped();
    sb.write(NEXT_PLAN, NEXT);
    // Some example reports are wrong on purpose (rejected, exit 1); the rest go in.
    let (_, out, _) = sb.run(&[
        "ingest",
        "-q",
        &examples("reports"),
        "--as-of",
        "2025-06-30",
    ]);
    assert!(out.contains("accepted"), "{out}");
    assert!(sb.path("gender-plan-data.csv").exists());
    sb
}

/// The example's 2026 reports, recorded in the next plan's own data file.
fn with_2026_reports() -> Sandbox {
    let sb = with_previous_data();
    let (code, _, err) = next(&sb, &["ingest", &examples("next-plan/reports")]);
    assert_eq!(code, 0, "{err}");
    sb
}

/// Runs a command on the next plan, as of the end of 2026.
fn next(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--plan", NEXT_PLAN, "--as-of", AS_OF];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn json(sb: &Sandbox, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = next(sb, &all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|i| i["indicator"] == id).unwrap()
}

/// The shipped plan's own 2024 value of one of its indicators, as its `status` says:
/// its last annual figure (the plan ended with the 2025-H1 round).
fn value_2024(sb: &Sandbox, id: &str) -> f64 {
    let (code, out, err) = sb.run(&[
        "status",
        "--indicator",
        id,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let row = rows.iter().find(|r| r["period"] == "2024").unwrap();
    row["value"].as_f64().unwrap()
}

#[test]
fn status_shows_the_previous_plans_figures_by_id_and_by_explicit_link() {
    let sb = with_2026_reports();
    let items = json(&sb, &["status"]);
    assert_eq!(items.len(), 5);

    // 4.1 carries over by id; 5.2 was 5.3; 1.2 is new.
    let by_id = &item(&items, "4.1")["previous_plan"];
    assert_eq!(by_id["indicator"], "4.1");
    assert_eq!(by_id["plan"], "2021–2025");
    assert_eq!(by_id["baseline"]["year"], 2024);
    assert_eq!(by_id["baseline"]["value"], value_2024(&sb, "4.1"));
    let years: Vec<&Value> = by_id["annual"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["year"])
        .collect();
    assert_eq!(years, [2021, 2022, 2023, 2024, 2025]);

    let renamed = &item(&items, "5.2")["previous_plan"];
    assert_eq!(renamed["indicator"], "5.3");
    assert_eq!(renamed["baseline"]["value"], value_2024(&sb, "5.3"));
    assert!(item(&items, "1.2")["previous_plan"].is_null());

    // This plan's own figures are 2026's, from its own data file alone.
    let own = item(&items, "5.2");
    assert_eq!(own["period"], "2026");
    assert_eq!(own["value"], 160.0 / 452.0 * 100.0);
    assert_eq!(own["coverage"]["reported"], 1);

    let (code, out, err) = next(&sb, &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2025, 2021–2025 plan"), "{out}");
    assert!(out.contains("trend 2021–2025"), "{out}");
    assert!(out.contains("32 % (2024) [5.3]"), "{out}");
    assert!(
        out.contains("2026: 2 met, 3 not met, 0 without data, of 5 indicators"),
        "{out}"
    );
    assert!(
        out.contains("2025, 2021–2025 plan: the previous plan's final figure, the baseline where plan.toml gives none; it never counts as a figure of this plan"),
        "{out}"
    );
    let (code, out, _) = next(&sb, &["status", "--lang", "vi"]);
    assert_eq!(code, 0);
    assert!(out.contains("2025, kế hoạch 2021–2025"), "{out}");
    assert!(out.contains("mới"), "{out}");
}

#[test]
fn status_of_one_indicator_lists_its_years_in_the_previous_plan_apart() {
    let sb = with_2026_reports();
    let (code, out, err) = next(&sb, &["status", "--indicator", "5.2"]);
    assert_eq!(code, 0, "{err}");
    let title = "The previous plan (2021–2025), 5.3 Women among new vocational-training enrolments: its figures, not this plan's";
    assert!(out.contains(title), "{out}");
    let previous_table = &out[out.find(title).unwrap()..];
    let row = |period: &str| {
        previous_table
            .lines()
            .find(|l| l.starts_with(&format!("│ {period} ")))
            .unwrap_or_else(|| panic!("no {period} row: {out}"))
            .to_string()
    };
    assert!(row("2024").contains("┆ 32 %"), "{out}");
    // The previous plan ended with its 2025-H1 round: its last row is that round.
    assert!(row("2025-H1").contains('%'), "{out}");
    // This plan's history has no 2021–2025 row.
    let history = &out[..out.find(title).unwrap()];
    assert!(!history.contains("│ 2025"), "{history}");

    let (code, out, _) = next(&sb, &["status", "--indicator", "1.2", "--lang", "vi"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1.2 là chỉ tiêu mới: kế hoạch 2021–2025 không có chỉ tiêu tương ứng"),
        "{out}"
    );
}

#[test]
fn the_outlook_measures_progress_from_the_previous_plans_final_figure() {
    let sb = with_2026_reports();
    let items = json(&sb, &["status"]);
    // 4.1: 110.0 in 2024 (the previous plan's last annual figure), 110.1 in 2026,
    // ≤ 108 by 2030: moving away from the target.
    assert_eq!(item(&items, "4.1")["outlook"], "deterioration");
    assert!(item(&items, "4.1")["outlook_ratio"].is_number());
    // 1.2 has no baseline: one year is too few to see a trend.
    let (code, out, _) = next(&sb, &["status", "--indicator", "1.2", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["outlook"], "insufficient_data");
}

#[test]
fn a_previous_figure_never_counts_as_the_new_plans() {
    // The 2021–2025 data, and nothing yet for 2026.
    let sb = with_previous_data();
    let items = json(&sb, &["status", "--period", "2026-H1"]);
    for i in &items {
        assert!(i["value"].is_null(), "{i}");
        assert_eq!(i["state"], "no_data", "{i}");
        assert_eq!(i["coverage"]["reported"], 0, "{i}");
        assert!(i["attainment_pct"].is_null(), "{i}");
    }
    assert!(item(&items, "4.1")["previous_plan"]["baseline"].is_object());
    // Nobody has reported for 2026 yet.
    let (code, out, _) = next(&sb, &["overdue", "--deadline", "2026-06-05"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 of 2 units reported"), "{out}");
    // A status without --period finds no round of this plan with data.
    let (code, _, err) = next(&sb, &["status"]);
    assert_eq!(code, 1);
    assert!(err.contains("no figures are recorded"), "{err}");
}

#[test]
fn one_data_file_for_both_plans_keeps_the_earlier_figures_out() {
    // The next plan pointed at the 2021–2025 data file as its own: every row is
    // outside its period; check says so, and counts none as an unknown id.
    let sb = with_previous_data();
    let (code, out, err) = next(&sb, &["check", "--data", "gender-plan-data.csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let n = std::fs::read_to_string(sb.path("gender-plan-data.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert!(
        out.contains(&format!("gender-plan-data.csv: {n} revision(s) are for periods outside the plan (2026–2030); no report of this plan counts them\n")),
        "{out}"
    );
    let (code, out, _) = next(
        &sb,
        &["check", "--data", "gender-plan-data.csv", "--lang", "vi"],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!("gender-plan-data.csv: {n} bản ghi thuộc các kỳ ngoài thời gian của kế hoạch (2026–2030); không báo cáo nào của kế hoạch này tính chúng")),
        "{out}"
    );
    let items = json(
        &sb,
        &[
            "status",
            "--period",
            "2026",
            "--data",
            "gender-plan-data.csv",
        ],
    );
    assert!(items.iter().all(|i| i["state"] == "no_data"));
}

#[test]
fn check_without_previous_suggests_it_for_an_earlier_plans_figures() {
    let sb = with_previous_data();
    let plain = NEXT.replace("[previous]\n", "[unused]\n");
    let plain: String = plain
        .lines()
        .filter(|l| {
            !l.starts_with("[unused]") && !l.starts_with("plan = ") && !l.starts_with("previous_id")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    sb.write("alone.toml", plain);
    let args = [
        "--plan",
        "alone.toml",
        "--data",
        "gender-plan-data.csv",
        "--as-of",
        AS_OF,
        "check",
    ];
    let (code, out, err) = sb.run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("; if they are the previous plan's figures, name that plan in [previous] to see them as baselines and trends"), "{out}");
    let mut vi = args.to_vec();
    vi.extend(["--lang", "vi"]);
    let (_, out, _) = sb.run(&vi);
    assert!(
        out.contains(
            "; nếu đó là số liệu của kế hoạch trước, hãy ghi kế hoạch đó ở mục `[previous]`"
        ),
        "{out}"
    );
}

#[test]
fn check_names_the_previous_plan_and_what_carries_over() {
    let sb = with_2026_reports();
    let (code, out, err) = next(&sb, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("plan.toml (2021–2025) is the previous plan, its data gender-plan-data.csv: 4 of 5 indicators carry over (1 under a new id), 1 new"),
        "{out}"
    );
    let (_, out, _) = next(&sb, &["check", "--lang", "vi"]);
    assert!(
        out.contains("4/5 chỉ tiêu được nối tiếp (1 với mã mới), 1 chỉ tiêu mới"),
        "{out}"
    );
}

#[test]
fn the_report_gives_the_previous_plans_final_figure_as_the_baseline() {
    let sb = with_2026_reports();
    let (code, out, err) = next(&sb, &["report", "--period", "2026", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let document: Value = serde_json::from_str(&out).unwrap();
    let indicators: Vec<&Value> = document["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .collect();
    let find = |id: &str| *indicators.iter().find(|i| i["indicator"] == id).unwrap();
    assert_eq!(find("5.2")["baseline"]["year"], 2024);
    assert_eq!(find("5.2")["baseline"]["value"], value_2024(&sb, "5.3"));
    assert!(find("1.2")["baseline"].is_null());
    // The value is this plan's, the year before is none of this plan's rounds.
    assert_eq!(find("5.2")["value"], 160.0 / 452.0 * 100.0);
    assert!(find("5.2")["previous"].is_null());
    assert!(document["previous_period"].is_null());

    let (code, out, _) = next(
        &sb,
        &[
            "report", "--period", "2026", "--format", "markdown", "--lang", "vi",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.contains("| kết quả năm 2026 | số liệu gốc |"), "{out}");
    assert!(out.contains("| 35,4 % | 32 (2024) |"), "{out}");
}

#[test]
fn previous_data_elsewhere_is_given_with_an_option() {
    let sb = with_2026_reports();
    std::fs::rename(sb.path("gender-plan-data.csv"), sb.path("old.csv")).unwrap();
    // Without the previous plan's data the plan is still valid (issue 23): a
    // warning at the line of [previous], and the baselines unavailable.
    let (code, out, err) = next(&sb, &["status"]);
    assert_eq!(code, 0, "{err}");
    let line = line_of(NEXT, "plan = \"../../plan.toml\"");
    assert!(
        err.contains(&format!("{NEXT_PLAN}:{line}: warning: the previous plan's data file gender-plan-data.csv does not exist: its figures, and the baselines from them, are unavailable")),
        "{err}"
    );
    assert!(err.contains("--previous-data PATH"), "{err}");
    assert!(
        !out.contains("[5.3]"),
        "no baseline without the data: {out}"
    );
    let (code, out, err) = next(&sb, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(missing: baselines unavailable)"), "{out}");
    assert!(
        err.contains("warning: the previous plan's data file"),
        "{err}"
    );
    let (_, _, err) = next(&sb, &["--lang", "vi", "check"]);
    assert!(
        err.contains("cảnh báo: tệp dữ liệu của kế hoạch trước"),
        "{err}"
    );
    let (code, out, err) = next(&sb, &["status", "--previous-data", "old.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("32 % (2024) [5.3]"), "{out}");
    // Or in [previous], relative to the plan.
    let edited = NEXT.replace(
        "plan = \"../../plan.toml\"",
        "plan = \"../../plan.toml\"\ndata = \"../../old.csv\"",
    );
    sb.write(NEXT_PLAN, edited);
    let (code, out, err) = next(&sb, &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("32 % (2024) [5.3]"), "{out}");
}

/// The next plan with one edit; panics if the edit does not apply.
fn edited_next(from: &str, to: &str) -> String {
    assert!(NEXT.contains(from), "{from:?} not in the next plan");
    NEXT.replacen(from, to, 1)
}

/// `check` on an edited next plan: (exit code, stderr in English, in Vietnamese).
fn check_edited(sb: &Sandbox, plan: &str) -> (i32, String, String) {
    sb.write(NEXT_PLAN, plan);
    let (code, _, en) = next(sb, &["check"]);
    let (_, _, vi) = next(sb, &["check", "--lang", "vi"]);
    (code, en, vi)
}

#[test]
fn a_previous_plan_that_cannot_be_read_is_named_at_its_line() {
    let sb = with_previous_data();
    let plan = edited_next(
        "plan = \"../../plan.toml\"",
        "plan = \"../../plan-2021.toml\"",
    );
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "plan-2021.toml");
    assert!(en.contains(&format!("{NEXT_PLAN}:{line}: error: the previous plan plan-2021.toml named in [previous] is not a file that can be read")), "{en}");
    assert!(
        en.contains(
            "hint: write the path of the previous plan.toml relative to this plan's folder"
        ),
        "{en}"
    );
    assert!(
        vi.contains(&format!(
            "{NEXT_PLAN}:{line}: lỗi: không đọc được tệp kế hoạch trước"
        )),
        "{vi}"
    );
}

#[test]
fn a_previous_id_the_previous_plan_lacks_is_named_at_its_line() {
    let sb = with_previous_data();
    let plan = edited_next("previous_id = \"5.3\"", "previous_id = \"5.33\"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "previous_id = \"5.33\"");
    assert!(en.contains(&format!("{NEXT_PLAN}:{line}: error: previous_id \"5.33\": the previous plan has no indicator \"5.33\"")), "{en}");
    assert!(en.contains("hint: did you mean \"5.3\"?"), "{en}");
    assert!(vi.contains(&format!("{NEXT_PLAN}:{line}: lỗi: previous_id \"5.33\": kế hoạch trước không có chỉ tiêu \"5.33\"")), "{vi}");
    assert!(vi.contains("có phải ý bạn là \"5.3\"?"), "{vi}");
}

#[test]
fn a_previous_id_without_a_previous_plan_is_refused() {
    let sb = with_previous_data();
    let plan = edited_next("\n[previous]\n", "\n").replacen("plan = \"../../plan.toml\"\n", "", 1);
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "previous_id = ");
    assert!(en.contains(&format!("{NEXT_PLAN}:{line}:15: error: `previous_id` names an indicator of the previous plan, but this plan has no [previous]")), "{en}");
    assert!(
        vi.contains("nhưng kế hoạch này không có mục `[previous]`"),
        "{vi}"
    );
}

#[test]
fn a_previous_plan_that_does_not_end_before_this_one_is_refused() {
    let sb = with_previous_data();
    // The next plan named as its own previous plan.
    let plan = edited_next("plan = \"../../plan.toml\"", "plan = \"plan.toml\"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "plan = \"plan.toml\"");
    assert!(en.contains(&format!("{NEXT_PLAN}:{line}: error: the previous plan (2026–2030) does not end before this plan starts (2026)")), "{en}");
    assert!(
        vi.contains(
            "kế hoạch trước (2026–2030) chưa kết thúc trước khi kế hoạch này bắt đầu (2026)"
        ),
        "{vi}"
    );
}

#[test]
fn an_empty_or_missing_previous_plan_path_is_refused() {
    let sb = with_previous_data();
    let plan = edited_next("plan = \"../../plan.toml\"", "plan = \" \"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "plan = \" \"");
    assert!(
        en.contains(&format!(
            "{NEXT_PLAN}:{line}:8: error: [previous] plan is empty"
        )),
        "{en}"
    );
    assert!(vi.contains("[previous] plan để trống"), "{vi}");
    let plan = edited_next("plan = \"../../plan.toml\"", "data = \"old.csv\"");
    let (code, en, _) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    assert!(
        en.contains("error: [previous] does not name the previous plan"),
        "{en}"
    );
    let plan = edited_next("previous_id = \"5.3\"", "previous_id = \"\"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "previous_id = \"\"");
    assert!(
        en.contains(&format!(
            "{NEXT_PLAN}:{line}:1: error: `previous_id` is empty"
        )),
        "{en}"
    );
    assert!(vi.contains("`previous_id` để trống"), "{vi}");
}

#[test]
fn a_plan_without_previous_loads_as_before() {
    // The shipped plan has no [previous]: status and check say what they said.
    let sb = Sandbox::new();
    assert!(!SHIPPED_PLAN.contains("\n[previous]"));
    let (code, out, err) = sb.run(&["check", "--as-of", AS_OF]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "plan.toml: valid: 6 objectives, 21 indicators, 29 units, 9 reporting rounds\n"
    );
}

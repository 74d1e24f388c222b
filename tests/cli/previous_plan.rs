//! The previous plan, on the example that has one: Lai Châu's 2026–2030 plan
//! (examples/lai-chau-2026-2030) names the shipped Tam Đường plan 2021–2025 in its
//! `[previous]` and reads that plan's figures, from that plan's data file, as
//! baselines and trends, never as its own. Every figure expected here is what the
//! Tam Đường plan's own `status` says, or what the example's reports say.

use crate::common::{SHIPPED_PLAN, Sandbox, line_of};
use crate::lai_chau::{PLAN, root, run, with_lai_chau, with_previous_data};
use serde_json::Value;

const LAI_CHAU: &str = include_str!("../../examples/lai-chau-2026-2030/plan.toml");
/// The day `run` answers for: after the example's first round, 2026-H1.
const AS_OF: &str = "2026-07-01";

fn json(sb: &Sandbox, args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run(sb, &all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|i| i["indicator"] == id).unwrap()
}

/// Runs a command on the Tam Đường plan (the sandbox's plan.toml and its data).
fn tam_duong(sb: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["--as-of", AS_OF];
    all.extend_from_slice(args);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{err}");
    out
}

/// The Tam Đường plan's own 2024 value of one of its indicators, as its `status`
/// says: its last annual figure (the plan ended with the 2025-H1 round).
fn value_2024(sb: &Sandbox, id: &str) -> f64 {
    let out = tam_duong(sb, &["status", "--indicator", id, "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let row = rows.iter().find(|r| r["period"] == "2024").unwrap();
    row["value"].as_f64().unwrap()
}

/// The cells of the first row for `period` in a terminal table.
fn cells(table: &str, period: &str) -> Vec<String> {
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("│ {period} ")))
        .unwrap_or_else(|| panic!("no {period} row: {table}"));
    line.trim_matches('│')
        .split('┆')
        .map(|c| c.trim().to_string())
        .collect()
}

/// The value an indicator's table (`status --indicator`) shows for a period, as the
/// Tam Đường plan's own status words it.
fn tam_duong_cell(sb: &Sandbox, id: &str, period: &str, lang: &str) -> String {
    let out = tam_duong(sb, &["--lang", lang, "status", "--indicator", id]);
    cells(&out, period)[1].clone()
}

/// The numerator and denominator a report of the example gives for an indicator.
fn reported(file: &str, indicator: &str) -> (f64, f64) {
    let text =
        std::fs::read_to_string(root(&format!("examples/lai-chau-2026-2030/reports/{file}")))
            .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[column("chỉ tiêu")] == indicator)
        .unwrap();
    let number = |name: &str| row[column(name)].parse::<f64>().unwrap();
    (number("tử số"), number("mẫu số"))
}

/// How many of the example's indicators carry over, how many of them under a new
/// id, how many are new, read from the two plan files themselves: an indicator
/// with a `previous_id` continues that one; else one with an id the Tam Đường plan
/// has (and no other indicator's `previous_id` takes) continues it.
fn carried_over() -> (usize, usize, usize) {
    let indicators = |text: &str| -> Vec<toml::Table> {
        let plan: toml::Table = toml::from_str(text).unwrap();
        plan["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_table().unwrap().clone())
            .collect()
    };
    let (new_plan, old_plan) = (indicators(LAI_CHAU), indicators(SHIPPED_PLAN));
    let text = |t: &toml::Table, key: &str| t.get(key).and_then(|v| v.as_str()).map(String::from);
    let taken: Vec<String> = new_plan
        .iter()
        .filter_map(|i| text(i, "previous_id"))
        .collect();
    let old_ids: Vec<String> = old_plan.iter().filter_map(|i| text(i, "id")).collect();
    let renamed = taken.len();
    let by_id = new_plan
        .iter()
        .filter(|i| text(i, "previous_id").is_none())
        .filter_map(|i| text(i, "id"))
        .filter(|id| old_ids.contains(id) && !taken.contains(id))
        .count();
    (renamed + by_id, renamed, new_plan.len() - renamed - by_id)
}

/// The units with a baseline value for 6.1 from units of the previous plan.
fn unit_baselines(sb: &Sandbox, extra: &[&str]) -> usize {
    let mut args = vec!["status", "--indicator", "6.1"];
    args.extend_from_slice(extra);
    let rows = json(sb, &args);
    rows[0]["previous_plan"]["unit_baselines"]
        .as_array()
        .map_or(0, |b| b.iter().filter(|b| b["value"].is_number()).count())
}

#[test]
fn status_shows_the_previous_plans_figures_by_id_and_by_explicit_link() {
    let sb = with_lai_chau();
    let items = json(&sb, &["status"]);
    assert_eq!(items.len(), LAI_CHAU.matches("\n[[indicators]]").count());

    // 4.1 carries over by id; 5.4 was 5.4b; 3.4 is new.
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

    let renamed = &item(&items, "5.4")["previous_plan"];
    assert_eq!(renamed["indicator"], "5.4b");
    assert_eq!(renamed["baseline"]["value"], value_2024(&sb, "5.4b"));
    assert!(item(&items, "3.4")["previous_plan"].is_null());

    // This plan's own figures are 2026-H1's, from its own data file alone.
    let own = item(&items, "5.4");
    assert_eq!(own["period"], "2026-H1");
    let (n, d) = reported("2026-H1_thong-ke.csv", "5.4");
    assert_eq!(own["value"], n / d * 100.0);
    assert_eq!(own["coverage"]["reported"], 1);

    let (code, out, err) = run(&sb, &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2025, 2021–2025 plan"), "{out}");
    assert!(out.contains("trend 2021–2025"), "{out}");
    let baseline = tam_duong_cell(&sb, "5.4b", "2024", "en");
    assert!(out.contains(&format!("{baseline} (2024) [5.4b]")), "{out}");
    let count = |state: &str| items.iter().filter(|i| i["state"] == state).count();
    let summary = format!(
        "2026-H1: {} met, {} not met, {} in progress, {} without data, of {} indicators",
        count("met"),
        count("not_met"),
        count("in_progress"),
        count("no_data"),
        items.len()
    );
    assert!(out.contains(&summary), "{summary}: {out}");
    assert!(
        out.contains("2025, 2021–2025 plan: the previous plan's final figure, the baseline where plan.toml gives none; it never counts as a figure of this plan"),
        "{out}"
    );
    let (code, out, _) = run(&sb, &["status", "--lang", "vi"]);
    assert_eq!(code, 0);
    assert!(out.contains("2025, kế hoạch 2021–2025"), "{out}");
    let new_row = cells(&out, "3.4 ");
    assert!(new_row.contains(&"mới".to_string()), "{out}");
}

#[test]
fn status_of_one_indicator_lists_its_years_in_the_previous_plan_apart() {
    let sb = with_lai_chau();
    let (code, out, err) = run(&sb, &["status", "--indicator", "5.4"]);
    assert_eq!(code, 0, "{err}");
    let title = "The previous plan (2021–2025), 5.4b Women among holders of a doctorate: its figures, not this plan's";
    assert!(out.contains(title), "{out}");
    let previous_table = &out[out.find(title).unwrap()..];
    // Its rows are the Tam Đường plan's own, down to its last round, 2025-H1.
    for period in ["2021", "2024", "2025-H1"] {
        assert_eq!(
            cells(previous_table, period)[1],
            tam_duong_cell(&sb, "5.4b", period, "en"),
            "{period}: {out}"
        );
    }
    // This plan's history has no 2021–2025 row.
    let history = &out[..out.find(title).unwrap()];
    for period in ["│ 2024", "│ 2025"] {
        assert!(!history.contains(period), "{history}");
    }

    let (code, out, _) = run(&sb, &["status", "--indicator", "3.4", "--lang", "vi"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("3.4 là chỉ tiêu mới: kế hoạch 2021–2025 không có chỉ tiêu tương ứng"),
        "{out}"
    );
}

#[test]
fn the_outlook_measures_progress_from_the_previous_plans_final_figure() {
    let sb = with_lai_chau();
    // 1.1: 53.8 % in 2024 (the previous plan's last annual figure), 69.6 % in
    // 2026-H1, ≥ 75 % by 2030: on track, from the baseline.
    let items = json(&sb, &["status"]);
    assert_eq!(item(&items, "1.1")["outlook"], "on_track");
    assert!(item(&items, "1.1")["outlook_ratio"].is_number());
    // 3.4 has no baseline: one round is too few to see a trend.
    assert_eq!(item(&items, "3.4")["outlook"], "insufficient_data");
    // Nor has 1.1 without the previous plan's data.
    std::fs::rename(sb.path("gender-plan-data.csv"), sb.path("old.csv")).unwrap();
    let items = json(&sb, &["status"]);
    assert_eq!(item(&items, "1.1")["outlook"], "insufficient_data");
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
    // The former communes' figures are the new units' baselines, not their reports.
    assert_eq!(unit_baselines(&sb, &["--period", "2026-H1"]), 6);
    // Nobody has reported for 2026 yet.
    let (code, out, _) = run(&sb, &["overdue", "--deadline", "2026-06-05"]);
    assert_eq!(code, 0, "{out}");
    let units = LAI_CHAU.matches("\n[[units]]").count();
    assert!(
        out.contains(&format!("0 of {units} units reported")),
        "{out}"
    );
    // A status without --period finds no round of this plan with data.
    let (code, _, err) = run(&sb, &["status"]);
    assert_eq!(code, 1);
    assert!(err.contains("no figures are recorded"), "{err}");
}

#[test]
fn one_data_file_for_both_plans_keeps_the_earlier_figures_out() {
    // The example pointed at the 2021–2025 data file as its own: every row is
    // outside its period; check says so, and counts none as an unknown id.
    let sb = with_previous_data();
    let (code, out, err) = run(&sb, &["check", "--data", "gender-plan-data.csv"]);
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
    let (code, out, _) = run(
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
            "2026-H1",
            "--data",
            "gender-plan-data.csv",
        ],
    );
    assert!(items.iter().all(|i| i["state"] == "no_data"));
}

#[test]
fn check_without_previous_suggests_it_for_an_earlier_plans_figures() {
    let sb = with_previous_data();
    let plain: String = LAI_CHAU
        .lines()
        .filter(|l| {
            !["[previous]", "plan = ", "previous_id", "formed_from = "]
                .iter()
                .any(|p| l.starts_with(p))
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
    let sb = with_lai_chau();
    let (carried, renamed, new) = carried_over();
    // As the example's README says: 5.4 continues 5.4b, 3.4 is new.
    assert_eq!((renamed, new), (1, 1));
    let total = carried + new;
    let (code, out, err) = run(&sb, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("plan.toml (2021–2025) is the previous plan, its data gender-plan-data.csv: {carried} of {total} indicators carry over ({renamed} under a new id), {new} new")),
        "{out}"
    );
    let (_, out, _) = run(&sb, &["check", "--lang", "vi"]);
    assert!(
        out.contains(&format!(
            "{carried}/{total} chỉ tiêu được nối tiếp ({renamed} với mã mới), {new} chỉ tiêu mới"
        )),
        "{out}"
    );
}

#[test]
fn the_report_gives_the_previous_plans_final_figure_as_the_baseline() {
    let sb = with_lai_chau();
    let (code, out, err) = run(&sb, &["report", "--period", "2026-H1", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let document: Value = serde_json::from_str(&out).unwrap();
    let indicators: Vec<&Value> = document["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .collect();
    let find = |id: &str| *indicators.iter().find(|i| i["indicator"] == id).unwrap();
    assert_eq!(find("5.4")["baseline"]["year"], 2024);
    assert_eq!(find("5.4")["baseline"]["value"], value_2024(&sb, "5.4b"));
    assert!(find("3.4")["baseline"].is_null());
    // The value is this plan's, the year before is none of this plan's rounds.
    let (n, d) = reported("2026-H1_thong-ke.csv", "5.4");
    assert_eq!(find("5.4")["value"], n / d * 100.0);
    assert!(find("5.4")["previous"].is_null());
    assert!(document["previous_period"].is_null());

    let (code, out, _) = run(
        &sb,
        &[
            "report", "--period", "2026-H1", "--format", "markdown", "--lang", "vi",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("| kết quả 6 tháng đầu năm 2026 | số liệu gốc |"),
        "{out}"
    );
    // The value as this plan's status words it, the baseline as Tam Đường's does.
    let (_, status, _) = run(&sb, &["--lang", "vi", "status", "--indicator", "5.4"]);
    let value = cells(&status, "6 tháng đầu năm 2026")[1].clone();
    let baseline = tam_duong_cell(&sb, "5.4b", "năm 2024", "vi");
    let baseline = baseline.trim_end_matches('%');
    assert!(
        out.contains(&format!("| {value} | {baseline} (2024) |")),
        "{value}, {baseline}: {out}"
    );
}

#[test]
fn previous_data_elsewhere_is_given_with_an_option() {
    let sb = with_lai_chau();
    std::fs::rename(sb.path("gender-plan-data.csv"), sb.path("old.csv")).unwrap();
    // Without the previous plan's data the plan is still valid (issue 23): a
    // warning at the line of [previous], and the baselines unavailable.
    let (code, out, err) = run(&sb, &["status"]);
    assert_eq!(code, 0, "{err}");
    let line = line_of(LAI_CHAU, "plan = \"../../plan.toml\"");
    assert!(
        err.contains(&format!("{PLAN}:{line}: warning: the previous plan's data file gender-plan-data.csv does not exist: its figures, and the baselines from them, are unavailable")),
        "{err}"
    );
    assert!(err.contains("--previous-data PATH"), "{err}");
    assert!(
        !out.contains("[5.4b]"),
        "no baseline without the data: {out}"
    );
    assert_eq!(unit_baselines(&sb, &[]), 0);
    // Nor a unit baseline that says its former units did not report: without their
    // figures nobody knows.
    let rows = json(&sb, &["status", "--indicator", "6.1"]);
    let listed = &rows[0]["previous_plan"]["unit_baselines"];
    assert!(listed.as_array().is_none_or(Vec::is_empty), "{listed}");
    let (_, out, _) = run(&sb, &["status", "--indicator", "6.1"]);
    assert!(!out.contains("former units reported"), "{out}");
    let (code, out, err) = run(&sb, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(missing: baselines unavailable)"), "{out}");
    assert!(
        err.contains("warning: the previous plan's data file"),
        "{err}"
    );
    let (_, _, err) = run(&sb, &["--lang", "vi", "check"]);
    assert!(
        err.contains("cảnh báo: tệp dữ liệu của kế hoạch trước"),
        "{err}"
    );
    let (code, out, err) = run(&sb, &["status", "--previous-data", "old.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(2024) [5.4b]"), "{out}");
    assert_eq!(unit_baselines(&sb, &["--previous-data", "old.csv"]), 6);
    // Or in [previous], relative to the plan.
    let edited = LAI_CHAU.replace(
        "plan = \"../../plan.toml\"",
        "plan = \"../../plan.toml\"\ndata = \"../../old.csv\"",
    );
    sb.write(PLAN, edited);
    let (code, out, err) = run(&sb, &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(2024) [5.4b]"), "{out}");
    assert_eq!(unit_baselines(&sb, &[]), 6);
}

/// The example with one edit; panics if the edit does not apply.
fn edited(from: &str, to: &str) -> String {
    assert!(LAI_CHAU.contains(from), "{from:?} not in the example");
    LAI_CHAU.replacen(from, to, 1)
}

/// `check` on an edited example: (exit code, stderr in English, in Vietnamese).
fn check_edited(sb: &Sandbox, plan: &str) -> (i32, String, String) {
    sb.write(PLAN, plan);
    let (code, _, en) = run(sb, &["check"]);
    let (_, _, vi) = run(sb, &["check", "--lang", "vi"]);
    (code, en, vi)
}

#[test]
fn a_previous_plan_that_cannot_be_read_is_named_at_its_line() {
    let sb = with_previous_data();
    let plan = edited(
        "plan = \"../../plan.toml\"",
        "plan = \"../../plan-2021.toml\"",
    );
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "plan-2021.toml");
    assert!(en.contains(&format!("{PLAN}:{line}: error: the previous plan plan-2021.toml named in [previous] is not a file that can be read")), "{en}");
    assert!(
        en.contains(
            "hint: write the path of the previous plan.toml relative to this plan's folder"
        ),
        "{en}"
    );
    assert!(
        vi.contains(&format!(
            "{PLAN}:{line}: lỗi: không đọc được tệp kế hoạch trước"
        )),
        "{vi}"
    );
}

#[test]
fn a_previous_id_the_previous_plan_lacks_is_named_at_its_line() {
    let sb = with_previous_data();
    let plan = edited("previous_id = \"5.4b\"", "previous_id = \"5.4bb\"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "previous_id = \"5.4bb\"");
    assert!(en.contains(&format!("{PLAN}:{line}: error: previous_id \"5.4bb\": the previous plan has no indicator \"5.4bb\"")), "{en}");
    assert!(en.contains("hint: did you mean \"5.4b\"?"), "{en}");
    assert!(
        vi.contains(&format!(
            "{PLAN}:{line}: lỗi: previous_id \"5.4bb\": kế hoạch trước không có chỉ tiêu \"5.4bb\""
        )),
        "{vi}"
    );
    assert!(vi.contains("có phải ý bạn là \"5.4b\"?"), "{vi}");
}

#[test]
fn a_previous_id_without_a_previous_plan_is_refused() {
    let sb = with_previous_data();
    let plan = edited("\n[previous]\n", "\n").replacen("plan = \"../../plan.toml\"\n", "", 1);
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "previous_id = ");
    assert!(en.contains(&format!("{PLAN}:{line}:15: error: `previous_id` names an indicator of the previous plan, but this plan has no [previous]")), "{en}");
    assert!(
        vi.contains("nhưng kế hoạch này không có mục `[previous]`"),
        "{vi}"
    );
}

#[test]
fn a_previous_plan_that_does_not_end_before_this_one_is_refused() {
    let sb = with_previous_data();
    // The example named as its own previous plan.
    let plan = edited("plan = \"../../plan.toml\"", "plan = \"plan.toml\"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "plan = \"plan.toml\"");
    assert!(en.contains(&format!("{PLAN}:{line}: error: the previous plan (2026–2030) does not end before this plan starts (2026)")), "{en}");
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
    let plan = edited("plan = \"../../plan.toml\"", "plan = \" \"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "plan = \" \"");
    assert!(
        en.contains(&format!("{PLAN}:{line}:8: error: [previous] plan is empty")),
        "{en}"
    );
    assert!(vi.contains("[previous] plan để trống"), "{vi}");
    let plan = edited("plan = \"../../plan.toml\"", "data = \"old.csv\"");
    let (code, en, _) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    assert!(
        en.contains("error: [previous] does not name the previous plan"),
        "{en}"
    );
    let plan = edited("previous_id = \"5.4b\"", "previous_id = \"\"");
    let (code, en, vi) = check_edited(&sb, &plan);
    assert_eq!(code, 1);
    let line = line_of(&plan, "previous_id = \"\"");
    assert!(
        en.contains(&format!("{PLAN}:{line}:1: error: `previous_id` is empty")),
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

//! `check` and plan validation: every rule reported as plan.toml:LINE:COL with a hint.

use crate::common::{PLAN, Sandbox, edited_plan, line_of};

#[test]
fn shipped_plan_is_valid() {
    let sb = Sandbox::new();
    let (code, out, err) = sb.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "plan.toml: valid: 6 objectives, 21 indicators, 29 units, 9 reporting rounds\n"
    );
}

#[test]
fn check_speaks_vietnamese() {
    let sb = Sandbox::new();
    let (code, out, _) = sb.run(&["check", "--lang", "vi"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("hợp lệ: 6 mục tiêu, 21 chỉ tiêu, 29 đơn vị"),
        "{out}"
    );
}

#[test]
fn missing_plan_file_says_how_to_point_at_one() {
    let sb = Sandbox::empty();
    let (code, _, err) = sb.run(&["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the plan file plan.toml"), "{err}");
    assert!(err.contains("--plan"), "{err}");
    assert!(err.contains("cause: no such file or folder"), "{err}");
    let (_, _, err) = sb.run(&["check", "--lang", "vi"]);
    assert!(
        err.contains("nguyên nhân: không có tệp hoặc thư mục này"),
        "{err}"
    );
}

#[test]
fn plan_path_comes_from_the_environment_too() {
    let sb = Sandbox::empty();
    sb.write("district/plan.toml", PLAN);
    let output = sb
        .cmd()
        .arg("check")
        .env("GENDER_PLAN", "district/plan.toml")
        .output()
        .unwrap();
    assert!(output.status.success());
}

/// Writes the edited plan, runs check, and returns stderr after asserting failure.
fn rejected(plan: &str) -> String {
    let sb = Sandbox::empty();
    sb.write("plan.toml", plan);
    let (code, out, err) = sb.run(&["check"]);
    assert_eq!(code, 1, "expected rejection, got: {out}{err}");
    assert!(out.is_empty(), "nothing on stdout when invalid: {out}");
    err
}

/// Asserts one diagnostic at the line where `marker` stands in `plan`.
fn assert_reported(plan: &str, marker: &str, message: &str, hint: &str) {
    let err = rejected(plan);
    let line = line_of(plan, marker);
    let location = format!("plan.toml:{line}:");
    let diagnostic = err
        .lines()
        .position(|l| l.starts_with(&location) && l.contains(message))
        .unwrap_or_else(|| panic!("no `{location} … {message}` in:\n{err}"));
    let next = err.lines().nth(diagnostic + 1).unwrap_or("");
    assert!(
        next.contains("hint:") && next.contains(hint),
        "hint {hint:?} missing:\n{err}"
    );
}

#[test]
fn unknown_key() {
    let plan = edited_plan(
        "direction = \"lower\"\nmeasure = \"value\"",
        "direction = \"lower\"\nmesure = \"value\"\nmeasure = \"value\"",
    );
    assert_reported(
        &plan,
        "mesure",
        "unknown key `mesure` in [indicators]",
        "did you mean `measure`?",
    );
}

#[test]
fn unknown_responsible_unit() {
    let plan = edited_plan("responsible = \"tckh\"", "responsible = \"tckhh\"");
    assert_reported(
        &plan,
        "\"tckhh\"",
        "unknown unit \"tckhh\" in indicator 2.3 responsible",
        "did you mean \"tckh\"?",
    );
}

#[test]
fn unknown_contributor() {
    let plan = edited_plan("contributors = [\"daitt\"]", "contributors = [\"dai-tt\"]");
    assert_reported(
        &plan,
        "\"dai-tt\"",
        "unknown unit \"dai-tt\" in indicator 6.4 contributors",
        "daitt",
    );
}

#[test]
fn duplicate_indicator_id() {
    let plan = edited_plan("id = \"2.2\"", "id = \"2.1\"");
    let second = plan.match_indices("id = \"2.1\"").nth(1).unwrap().0;
    let line = plan[..second].matches('\n').count() + 1;
    let err = rejected(&plan);
    assert!(
        err.contains(&format!(
            "plan.toml:{line}:6: error: duplicate indicator id \"2.1\""
        )),
        "{err}"
    );
}

#[test]
fn duplicate_unit_id() {
    let plan = edited_plan("id = \"tuphap\"", "id = \"tckh\"");
    let err = rejected(&plan);
    assert!(err.contains("duplicate unit id \"tckh\""), "{err}");
    assert!(
        err.contains(&format!(
            "plan.toml:{}:",
            line_of(
                &plan,
                "id = \"tckh\"\nkind = \"office\"\nsource = \"IV.3\"\nname.vi = \"Phòng Tư pháp\""
            )
        )),
        "{err}"
    );
}

#[test]
fn indicator_without_responsible_unit() {
    let plan = edited_plan("responsible = \"noivu\"\n", "");
    assert_reported(
        &plan,
        "id = \"1.1\"",
        "indicator 1.1 has no responsible unit",
        "responsible = ",
    );
}

#[test]
fn unknown_operator() {
    let plan = edited_plan("op = \"<\"", "op = \"=<\"");
    assert_reported(
        &plan,
        "op = \"=<\"",
        "unknown operator \"=<\" in indicator 2.2",
        "\">=\", \">\", \"<=\"",
    );
}

#[test]
fn unknown_measure() {
    let plan = edited_plan("measure = \"value\"", "measure = \"number\"");
    assert_reported(
        &plan,
        "measure = \"number\"",
        "unknown measure \"number\" in indicator 3.1",
        "\"ratio\", \"value\", \"yes/no\" or \"share\"",
    );
}

#[test]
fn threshold_on_a_measure_other_than_share() {
    let plan = edited_plan("scale = 1000\n", "scale = 1000\nthreshold = 5\n");
    assert_reported(
        &plan,
        "threshold = 5",
        "indicator 4.3 has a threshold but its measure is \"ratio\"",
        "only share indicators",
    );
}

#[test]
fn scale_of_zero_or_less() {
    for bad in ["0", "-100"] {
        let plan = edited_plan("scale = 100000", &format!("scale = {bad}"));
        assert_reported(
            &plan,
            &format!("scale = {bad}"),
            "of indicator 4.2 must be above 0",
            "use 100 for a percentage",
        );
    }
}

#[test]
fn impossible_schedule_date() {
    let plan = edited_plan("due = \"06-05\"", "due = \"06-31\"");
    assert_reported(
        &plan,
        "due = \"06-31\"",
        "impossible date \"06-31\"",
        "\"MM-DD\"",
    );
}

#[test]
fn impossible_campaign_date() {
    let plan = edited_plan("start = \"10-20\"", "start = \"20-10\"");
    assert_reported(
        &plan,
        "start = \"20-10\"",
        "impossible date \"20-10\" for [[campaigns]] start",
        "\"MM-DD\"",
    );
}

#[test]
fn all_problems_at_once_in_line_order() {
    let plan = edited_plan("op = \"<\"", "op = \"=<\"");
    let plan = plan.replacen("responsible = \"tckh\"", "responsible = \"nobody\"", 1);
    let plan = plan.replacen("due = \"12-15\"", "due = \"12-32\"", 1);
    let err = rejected(&plan);
    let lines: Vec<usize> = err
        .lines()
        .filter_map(|l| l.strip_prefix("plan.toml:"))
        .map(|l| l.split(':').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{err}");
    assert!(
        err.contains("3 problem(s) found; nothing was changed"),
        "{err}"
    );
}

#[test]
fn toml_syntax_error_has_a_line() {
    let plan = edited_plan("target = 25", "target = 25 %");
    let err = rejected(&plan);
    assert!(
        err.starts_with(&format!("plan.toml:{}:", line_of(&plan, "target = 25 %"))),
        "{err}"
    );
}

#[test]
fn wrong_type_has_a_line() {
    let plan = edited_plan("target = 25", "target = \"25\"");
    let err = rejected(&plan);
    assert!(
        err.starts_with(&format!("plan.toml:{}:", line_of(&plan, "target = \"25\""))),
        "{err}"
    );
}

#[test]
fn units_must_not_share_a_spelling() {
    let plan = edited_plan(
        "aliases = [\"Phòng TP\", \"Tư pháp\"]",
        "aliases = [\"Phòng TP\", \"Tư pháp\", \"ttyt\"]",
    );
    let err = rejected(&plan);
    assert!(
        err.contains("units \"ttyt\" and \"tuphap\" both answer to the name \"ttyt\"")
            || err.contains("units \"tuphap\" and \"ttyt\""),
        "{err}"
    );
}

#[test]
fn validation_messages_in_vietnamese() {
    let sb = Sandbox::empty();
    sb.write(
        "plan.toml",
        edited_plan("responsible = \"tckh\"", "responsible = \"tckhh\""),
    );
    let (code, _, err) = sb.run(&["--lang", "vi", "check"]);
    assert_eq!(code, 1);
    assert!(err.contains("lỗi: đơn vị \"tckhh\" không tồn tại"), "{err}");
    assert!(err.contains("gợi ý: có phải ý bạn là \"tckh\"?"), "{err}");
}

#[test]
fn every_command_refuses_an_invalid_plan() {
    let sb = Sandbox::empty();
    sb.write("plan.toml", edited_plan("op = \"<\"", "op = \"=<\""));
    let (code, out, err) = sb.run(&["plan"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("unknown operator"), "{err}");
}

#[test]
fn check_validates_the_data_file_once_there_is_one() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "unit,period,indicator,numerator,denominator\nnoivu,2025,1.1,16,26\n",
    );
    let (code, _, err) = sb.run(&["ingest", "r.csv", "--as-of", "2025-12-31"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = sb.run(&["check"]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with("gender-plan-data.csv: valid: 1 revisions, 1 current figures\n"),
        "{out}"
    );
    let mut data = sb.read("gender-plan-data.csv");
    data.extend_from_slice(b"garbage\n");
    sb.write("gender-plan-data.csv", &data);
    let (code, _, err) = sb.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("gender-plan-data.csv:3: error: damaged row: 1 fields instead of 19"),
        "{err}"
    );
    assert!(
        err.contains("hint: the data file is written only by `gender-plan ingest`"),
        "{err}"
    );
}

#[test]
fn disaggregation_by_an_undeclared_dimension() {
    let plan = edited_plan(
        "\ndisaggregate_by = \"sex\"\n",
        "\ndisaggregate_by = \"ethnicity\"\n",
    );
    assert_reported(
        &plan,
        "disaggregate_by = \"ethnicity\"",
        "indicator 5.2a is broken down by \"ethnicity\", which is not declared",
        "declare it under [[dimensions]] (declared: sex)",
    );
}

#[test]
fn disaggregation_of_a_value_indicator() {
    let plan = edited_plan(
        "measure = \"value\"\n",
        "measure = \"value\"\ndisaggregate_by = \"sex\"\n",
    );
    assert_reported(
        &plan,
        "disaggregate_by = \"sex\"\nresponsible = \"thongke\"",
        "indicator 3.1 is broken down by \"sex\" but is not a ratio",
        "only ratio indicators can be broken down",
    );
}

#[test]
fn a_dimension_needs_two_groups() {
    let plan = edited_plan(
        "  { id = \"female\", vi = \"nữ\", en = \"female\", aliases = [\"gái\", \"trẻ em gái\", \"bé gái\", \"girls\", \"girl\", \"f\"] },\n",
        "",
    );
    assert_reported(
        &plan,
        "id = \"sex\"",
        "dimension \"sex\" needs 2 to 250 groups, each with its own id",
        "list them as groups",
    );
}

/// The plan of the first release (no tasks, funding, dimensions, sources or
/// wordings; a one-line budget) still loads, and its shares are shares of quarters.
#[test]
fn the_first_releases_plan_still_loads() {
    let sb = Sandbox::empty();
    sb.write(
        "plan.toml",
        include_str!("../fixtures/release-0.1/plan.toml"),
    );
    let (code, out, err) = sb.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("valid: 6 objectives, 21 indicators, 29 units"),
        "{out}"
    );
    let (code, out, err) = sb.run(&["plan", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let funding = json["plan"]["funding"].as_array().unwrap();
    assert_eq!(funding.len(), 1, "the one-line budget");
    let i63 = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "6.3")
        .unwrap();
    assert_eq!(i63["share_of"], "quarters");
    assert!(i63["disaggregate_by"].is_null());
    let (code, out, _) = sb.run(&["plan", "--tasks"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("plan.toml lists no tasks: add them under [[tasks]]"),
        "{out}"
    );
}

#[test]
fn unknown_key_in_the_report_section() {
    let plan = edited_plan("signer = ", "signed_by = ");
    assert_reported(
        &plan,
        "signed_by",
        "unknown key `signed_by` in [report]",
        "did you mean `signer`?",
    );
}

/// `[[checks]]` (issue 19): each field's problem at its line.
#[test]
fn plausibility_checks_are_checked_field_by_field() {
    let plan = edited_plan(
        "indicator = \"6.3\"\nmin = 0",
        "indicator = \"6.33\"\nmin = 0",
    );
    assert_reported(
        &plan,
        "\"6.33\"",
        "unknown indicator \"6.33\" in [[checks]]",
        "did you mean \"6.3\"?",
    );
    let plan = edited_plan("test = \"outlier\"", "test = \"outliers\"");
    assert_reported(
        &plan,
        "\"outliers\"",
        "unknown test \"outliers\" in [[checks]]",
        "use one of \"groups\", \"range\", \"compare\", \"change\" or \"outlier\"",
    );
    let plan = edited_plan("max_change = 0.2\n", "");
    assert_reported(
        &plan,
        "[[checks]]\nid = \"population-change\"",
        "check \"population-change\" (change) lacks a field it needs",
        "add max_change = 0.2",
    );
    let plan = edited_plan(
        "right = [\"4.2 denominator\"]",
        "right = [\"4.2 denominators\"]",
    );
    assert_reported(
        &plan,
        "\"4.2 denominators\"",
        "indicator 4.2 has no part \"denominators\"",
        "a ratio has value, numerator and denominator",
    );
    let plan = edited_plan(
        "test = \"groups\"\nindicator = \"5.2a\"",
        "test = \"groups\"\nindicator = \"5.1\"",
    );
    assert_reported(
        &plan,
        "indicator = \"5.1\"",
        "indicator 5.1 is not broken down by group",
        "name an indicator with `disaggregate_by`",
    );
}

/// `whole` (issue 19) says whether an indicator's numbers are counts; a yes/no
/// answer has none.
#[test]
fn whole_on_a_yes_no_indicator_is_refused() {
    let plan = edited_plan(
        "measure = \"yes/no\"\n",
        "measure = \"yes/no\"\nwhole = true\n",
    );
    assert_reported(
        &plan,
        "whole = true",
        "indicator 5.1 is answered yes or no: it has no numbers to be whole",
        "remove `whole`",
    );
}

//! Duties in time: transfers, units that end, merge or are renamed, and data files
//! that outlive an id.

use crate::common::{COMMUNES, PLAN, Sandbox};
use serde_json::Value;

const AS_OF: &str = "2025-12-31";
const HEADER: &str = "unit,period,indicator,numerator,denominator,submitted";

fn run(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn ingest(sb: &Sandbox, name: &str, rows: &[&str]) -> (i32, String, String) {
    sb.write(name, format!("{HEADER}\n{}\n", rows.join("\n")));
    run(sb, &["ingest", name])
}

fn status_json(sb: &Sandbox, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["status", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(sb, &all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items.iter().find(|i| i["indicator"] == id).unwrap()
}

/// The shipped plan: from 1 March 2025, noivu reports what ldtbxh used to.
#[test]
fn the_transfer_to_home_affairs() {
    let sb = Sandbox::new();
    // ldtbxh for 2024: accepted. For 2025-H1: refused, naming who has the duty.
    let (code, _, err) = ingest(&sb, "a.csv", &["ldtbxh,2024,2.1,40,100,10/12/2024"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = ingest(&sb, "b.csv", &["ldtbxh,2025-H1,2.1,41,100,01/06/2025"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("b.csv:2: error: unit \"ldtbxh\" no longer reports indicator 2.1 in the round of 2025-H1"),
        "{err}"
    );
    assert!(
        err.contains(
            "indicator 2.1 is reported by noivu (Division of Home Affairs) for that round"
        ),
        "{err}"
    );
    let (code, _, err) = ingest(
        &sb,
        "c.csv",
        &[
            "noivu,2025-H1,2.1,42,100,01/06/2025",
            "noivu,2025,2.1,45,100,10/12/2025",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Coverage is 1/1 before and after the transfer, and who answers follows it.
    for (period, responsible, value) in [("2024", "ldtbxh", 40.0), ("2025", "noivu", 45.0)] {
        let items = status_json(&sb, &["--period", period]);
        let i21 = item(&items, "2.1");
        assert_eq!(i21["coverage"]["reported"], 1, "{period}: {i21}");
        assert_eq!(i21["coverage"]["expected"], 1, "{period}: {i21}");
        assert_eq!(i21["responsible"], responsible, "{period}");
        assert_eq!(i21["value"], value, "{period}");
    }
    // overdue for 2025-H1 expects noivu's figures, and no longer ldtbxh's.
    let (_, out, _) = run(
        &sb,
        &[
            "overdue", "--period", "2025-H1", "--all", "--format", "json",
        ],
    );
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    let of = |u: &str| items.iter().find(|i| i["unit"] == u).unwrap().clone();
    let missing: Vec<String> = of("noivu")["missing_indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        missing,
        ["1.1", "2.2", "3.3", "5.3", "6.2"],
        "{}",
        of("noivu")
    );
    assert!(
        of("ldtbxh")["missing_indicators"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // The calendar sends the reports to whoever coordinates then.
    let (_, out, _) = run(&sb, &["calendar", "--year", "2024", "--format", "csv"]);
    assert!(
        out.contains("through Division of Labour, Invalids and Social Affairs))")
            && !out.contains("through Division of Home Affairs))"),
        "{out}"
    );
    let (_, out, _) = run(&sb, &["calendar", "--year", "2025", "--format", "csv"]);
    assert!(
        out.contains("through Division of Home Affairs))")
            && !out.contains("through Division of Labour, Invalids and Social Affairs))"),
        "{out}"
    );
    // plan --unit shows the change with its date.
    let (_, out, _) = run(&sb, &["plan", "--unit", "ldtbxh", "--format", "csv"]);
    assert!(out.contains("2025-03-01,\"2.1, 2.2, 3.3, 5.3, 6.1, 6.2, coordination of the plan passes from ldtbxh to noivu"), "{out}");
}

/// A merger: Bản Bo and Bản Giang end on 30 June 2025 and a new commune, also
/// called Bản Bo, takes over their duties from 1 July.
fn merger_plan() -> String {
    let mut plan = PLAN
        .replacen(
            "id = \"ban-bo\"\nkind = \"commune\"",
            "id = \"ban-bo\"\nkind = \"commune\"\nends = \"2025-06-30\"\nsuccessors = [\"ban-bo-2025\"]",
            1,
        )
        .replacen(
            "id = \"ban-giang\"\nkind = \"commune\"",
            "id = \"ban-giang\"\nkind = \"commune\"\nends = \"2025-06-30\"\nsuccessors = [\"ban-bo-2025\"]",
            1,
        );
    assert_ne!(plan, PLAN);
    plan.push_str(
        "\n[[units]]\nid = \"ban-bo-2025\"\nkind = \"commune\"\nstarts = \"2025-07-01\"\n\
         name.vi = \"Bản Bo\"\nname.en = \"Bản Bo commune\"\naliases = [\"Xã Bản Bo\"]\n",
    );
    plan
}

#[test]
fn a_merger_old_communes_report_the_half_year_and_the_new_one_the_year() {
    let sb = Sandbox::new();
    sb.write("plan.toml", merger_plan());
    let (code, out, err) = run(&sb, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    // 2025-H1: the old communes report.
    let (code, _, err) = ingest(
        &sb,
        "h1.csv",
        &[
            "Bản Bo,2025-H1,6.1,100,1000,01/06/2025",
            "ban-giang,2025-H1,6.1,300,1000,01/06/2025",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // 2025: the new commune, by the name it took over. The old ones are refused.
    let (code, _, err) = ingest(&sb, "old.csv", &["ban-bo,2025,6.1,1,2,10/12/2025"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unit \"ban-bo\" ended on 2025-06-30, before the round of 2025"),
        "{err}"
    );
    assert!(err.contains("its duties passed to ban-bo-2025"), "{err}");
    // By name: "Bản Bo" is the old commune in 2025-H1 (above); in 2025 both bore
    // it, so the year's figure is refused, naming both, and is taken by the id.
    let (code, _, err) = ingest(&sb, "y.csv", &["Xã Bản Bo,2025,6.1,900,2000,10/12/2025"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("y.csv:2: error: \"Xã Bản Bo\" was the name of 2 units in 2025"),
        "{err}"
    );
    let (code, _, err) = ingest(&sb, "y.csv", &["ban-bo-2025,2025,6.1,900,2000,10/12/2025"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(&sb, &["history", "--indicator", "6.1", "--format", "json"]);
    let entries: Vec<Value> = serde_json::from_str(&out).unwrap();
    let units: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e["unit"].as_str().unwrap(), e["period"].as_str().unwrap()))
        .collect();
    assert_eq!(
        units,
        [
            ("ban-giang", "2025-H1"),
            ("ban-bo", "2025-H1"),
            ("ban-bo-2025", "2025")
        ]
    );
    let h1 = status_json(&sb, &["--period", "2025-H1"]);
    let year = status_json(&sb, &["--period", "2025"]);
    // The 13 communes in H1; 12 in the year (two old ones merged into one new).
    assert_eq!(item(&h1, "6.1")["coverage"]["expected"], 13);
    assert_eq!(item(&h1, "6.1")["coverage"]["reported"], 2);
    assert_eq!(item(&h1, "6.1")["numerator_sum"], 400.0);
    assert_eq!(item(&year, "6.1")["coverage"]["expected"], 12);
    assert_eq!(item(&year, "6.1")["coverage"]["reported"], 1);
    assert_eq!(item(&year, "6.1")["numerator_sum"], 900.0);
    // overdue: the old communes owe 2025-H1, the new one 2025.
    let owes = |period: &str, unit: &str| {
        let (_, out, _) = run(
            &sb,
            &["overdue", "--period", period, "--all", "--format", "json"],
        );
        let items: Vec<Value> = serde_json::from_str(&out).unwrap();
        items.iter().any(|i| i["unit"] == unit)
    };
    assert!(owes("2025-H1", "ban-bo") && !owes("2025-H1", "ban-bo-2025"));
    assert!(owes("2025", "ban-bo-2025") && !owes("2025", "ban-bo") && !owes("2025", "ban-giang"));
}

#[test]
fn two_units_may_not_share_a_name_while_both_exist() {
    let sb = Sandbox::new();
    sb.write(
        "plan.toml",
        merger_plan().replace("starts = \"2025-07-01\"", "starts = \"2025-06-01\""),
    );
    let (code, _, err) = run(&sb, &["check"]);
    assert_eq!(code, 1);
    assert!(err.contains("both answer to the name \"ban bo\""), "{err}");
}

/// A unit id renamed in the plan keeps its recorded figures through `former_ids`;
/// an id the plan no longer has leaves the data file readable.
#[test]
fn a_renamed_id_keeps_its_figures_and_a_dropped_one_is_listed() {
    let sb = Sandbox::new();
    let (code, _, err) = ingest(&sb, "a.csv", &["ban-bo,2025,6.1,700,1000,10/12/2025"]);
    assert_eq!(code, 0, "{err}");
    let value = |sb: &Sandbox| {
        item(&status_json(sb, &["--period", "2025"]), "6.1")["numerator_sum"].clone()
    };
    assert_eq!(value(&sb), 700.0);
    // Renamed, with the former id: the figure follows.
    sb.write(
        "plan.toml",
        PLAN.replacen(
            "id = \"ban-bo\"\n",
            "id = \"xa-ban-bo\"\nformer_ids = [\"ban-bo\"]\n",
            1,
        ),
    );
    let (code, _, err) = run(&sb, &["status", "--period", "2025"]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    assert_eq!(value(&sb), 700.0);
    // Renamed without it: every command still reads the data file, says so once,
    // and check lists the revision with the fix.
    sb.write(
        "plan.toml",
        PLAN.replacen("id = \"ban-bo\"\n", "id = \"xa-ban-bo\"\n", 1),
    );
    let (code, _, err) = run(&sb, &["status", "--period", "2025"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("warning: data.csv holds 1 revision(s) for ids the plan does not have (\"ban-bo\", line 2)"), "{err}");
    let (code, _, err) = run(&sb, &["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("data.csv:2: error: unit \"ban-bo\" is not in the plan (2025)"),
        "{err}"
    );
    assert!(err.contains("add `former_ids = [\"ban-bo\"]`"), "{err}");
}

/// The example reports, and a 2025 annual report from each of the 13 communes as
/// if the district had run its plan to the end of 2025 (the test plan, [`PLAN`]):
/// 6.1, 3.2a and 3.2b for the year, 6.3 for quarters III and IV.
fn with_a_2025_annual_round() -> Sandbox {
    let sb = crate::report::example_data();
    sb.write("plan.toml", PLAN);
    let mut csv = String::from("unit,period,indicator,numerator,denominator,value,submitted\n");
    for (n, unit) in COMMUNES.iter().enumerate() {
        let people = 2000 + 100 * n;
        csv.push_str(&format!(
            "{unit},2025,6.1,{},{people},,10/12/2025\n",
            people * 3 / 5
        ));
        csv.push_str(&format!("{unit},2025,3.2a,1,1,,10/12/2025\n"));
        csv.push_str(&format!("{unit},2025,3.2b,0,0,,10/12/2025\n"));
        for quarter in ["Q3", "Q4"] {
            csv.push_str(&format!(
                "{unit},2025-{quarter},6.3,,,{},10/12/2025\n",
                3 + n % 4
            ));
        }
    }
    sb.write("annual-2025.csv", csv);
    let confirm = "made-up figures of a test";
    let (code, _, err) = sb.run(&[
        "--as-of",
        "2025-12-20",
        "ingest",
        "--confirm",
        confirm,
        "annual-2025.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    sb
}

/// [`with_a_2025_annual_round`], then the plan changed to the reorganised one.
fn reorganised_example_data() -> Sandbox {
    let sb = with_a_2025_annual_round();
    sb.write("plan.toml", crate::common::plan_after_the_2025_merger());
    sb
}

fn json_of(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--as-of", "2025-12-20"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let (code, out, err) = sb.run(&all);
    assert!(code == 0 || code == 3, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// Ending the communes keeps the figures they recorded for 2025: status counts
/// the 13 old communes' 2025 figures for 6.1 (and expects the four new ones).
#[test]
fn ended_communes_keep_their_figures_for_the_year_they_existed_in() {
    let sb = reorganised_example_data();
    let before = {
        let plain = with_a_2025_annual_round();
        json_of(&plain, &["status", "--objective", "6", "--period", "2025"])
    };
    let after = json_of(&sb, &["status", "--objective", "6", "--period", "2025"]);
    let (before, after) = (before.as_array().unwrap(), after.as_array().unwrap());
    let (b61, a61) = (item(before, "6.1"), item(after, "6.1"));
    assert_eq!(b61["coverage"]["reported"], 13, "{b61}");
    assert_eq!(a61["coverage"]["reported"], 13, "{a61}");
    // The 13 old communes' figures, and the four new communes that owe the year.
    assert_eq!(a61["coverage"]["expected"], 17, "{a61}");
    assert_eq!(a61["value"], b61["value"], "{a61}");
    assert_eq!(a61["numerator_sum"], b61["numerator_sum"], "{a61}");
    assert_ne!(a61["verdict"], "no_data", "{a61}");
}

/// The new communes owe the 2025 annual report's quarters III and IV of 6.3, not
/// I and II: their forms ask for those only, and `overdue` expects those only.
#[test]
fn new_communes_owe_only_the_quarters_they_existed_in() {
    let sb = reorganised_example_data();
    let (code, form, err) = sb.run(&[
        "--as-of",
        "2025-12-20",
        "template",
        "--unit",
        "xa-ban-bo",
        "--period",
        "2025",
    ]);
    assert_eq!(code, 0, "{err}");
    let periods: Vec<&str> = form
        .lines()
        .filter(|l| l.contains(",6.3,"))
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(periods, ["2025-Q3", "2025-Q4"], "{form}");
    // Sent as the form asks, the report is complete.
    let rows = [
        "xa-ban-bo,2025,6.1,900,2000,10/12/2025",
        "xa-ban-bo,2025,3.2a,0,0,10/12/2025",
        "xa-ban-bo,2025,3.2b,0,0,10/12/2025",
    ];
    sb.write(
        "new.csv",
        format!(
            "unit,period,indicator,numerator,denominator,value,submitted\n{}\n\
             xa-ban-bo,2025-Q3,6.3,,,5,10/12/2025\nxa-ban-bo,2025-Q4,6.3,,,6,10/12/2025\n",
            rows.map(|r| r.replacen(",10/12", ",,10/12", 1)).join("\n")
        ),
    );
    let (code, _, err) = sb.run(&["--as-of", "2025-12-20", "ingest", "new.csv"]);
    assert_eq!(code, 0, "{err}");
    let items = json_of(&sb, &["overdue", "--period", "2025", "--all"]);
    let of = |u: &str| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["unit"] == u)
            .cloned()
            .unwrap_or_else(|| panic!("{u}: {items}"))
    };
    assert_eq!(of("xa-ban-bo")["status"], "on_time", "{}", of("xa-ban-bo"));
    assert_eq!(of("xa-binh-lu")["status"], "missing");
    // The old communes owe nothing due after their end.
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["unit"] != "ban-bo"),
        "{items}"
    );
    // 6.3 for 2025: the 13 old communes for quarters I and II, the four new
    // ones for III and IV; each is judged on the quarters it owed.
    let status = json_of(&sb, &["status", "--objective", "6", "--period", "2025"]);
    let i63 = item(status.as_array().unwrap(), "6.3");
    assert_eq!(i63["coverage"]["expected"], 17, "{i63}");
    let h1 = json_of(&sb, &["status", "--objective", "6", "--period", "2025-H1"]);
    let i63 = item(h1.as_array().unwrap(), "6.3");
    assert_eq!(i63["coverage"]["expected"], 13, "{i63}");
}

/// status, history and check agree about which figures count: the ended
/// communes' figures for 2025 count and are current; those they have for the
/// quarters after their end count in no value, history says so and check lists
/// them with the fix.
#[test]
fn status_history_and_check_agree_about_which_figures_count() {
    let sb = reorganised_example_data();
    let history = json_of(&sb, &["history", "--unit", "ban-bo", "--period", "2025"]);
    let state = |period: &str, indicator: &str| {
        let e = history
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["period"] == period && e["indicator"] == indicator)
            .unwrap_or_else(|| panic!("{period} {indicator}: {history}"));
        (
            e["state"].as_str().unwrap().to_string(),
            e["counts"].as_bool().unwrap(),
        )
    };
    assert_eq!(state("2025", "6.1"), ("current".into(), true));
    assert_eq!(state("2025-Q2", "6.3"), ("current".into(), true));
    assert_eq!(state("2025-Q3", "6.3"), ("current".into(), false));
    let (_, table, _) = sb.run(&[
        "--as-of",
        "2025-12-20",
        "history",
        "--unit",
        "ban-bo",
        "--period",
        "2025-Q3",
    ]);
    assert!(table.contains("current, not counted"), "{table}");
    let (code, out, err) = sb.run(&["--as-of", "2025-12-20", "check"]);
    assert_eq!(code, 1, "{out}{err}");
    // The 13 old communes' 6.3 for quarters III and IV, and gddt's 5.3 for
    // 2025-H1 (the test plan gives 5.3 to noivu; the example data follows the
    // shipped plan, which gives it to gddt).
    assert!(
        out.contains("27 current figure(s) count in no value"),
        "{out}"
    );
    assert_eq!(err.matches("counts in no value").count(), 27, "{err}");
    assert!(
        err.contains(
            "the figure of ban-bo (until 2025-06-30) for 2025-Q3, indicator 6.3, counts in no value: it ended on 2025-06-30, before the period"
        ),
        "{err}"
    );
    assert!(
        err.contains("gender-plan withdraw --unit ban-bo --period 2025-Q3 --indicator 6.3"),
        "{err}"
    );
    assert!(!err.contains("for 2025, indicator"), "{err}");
    // With the plan that runs to the end of 2025, every commune's figure counts
    // (only gddt's 5.3 for 2025-H1 does not: that plan gives 5.3 to noivu).
    sb.write("plan.toml", PLAN);
    let (code, out, err) = sb.run(&["--as-of", "2025-12-20", "check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("1 current figure(s) count in no value"),
        "{out}"
    );
    assert!(
        err.contains("the figure of gddt for 2025-H1, indicator 5.3, counts in no value"),
        "{err}"
    );
}

/// The district's report for 2025 counts the same figures as status: the ended
/// communes' own values for 2025 are in it beside the new communes'.
#[test]
fn the_report_counts_the_figures_status_counts() {
    let sb = reorganised_example_data();
    let doc = json_of(&sb, &["report", "--period", "2025"]);
    let status = json_of(&sb, &["status", "--period", "2025"]);
    let items: Vec<&Value> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .collect();
    for id in ["6.1", "6.3", "3.2a"] {
        let i = items.iter().find(|i| i["indicator"] == id).unwrap();
        let s = item(status.as_array().unwrap(), id);
        assert_eq!(i["value"], s["value"], "{id}");
        assert_eq!(i["coverage"], s["coverage"], "{id}");
    }
    let i61 = items.iter().find(|i| i["indicator"] == "6.1").unwrap();
    let communes = i61["communes"].as_array().unwrap();
    assert_eq!(communes.len(), 17, "{i61}");
    let own = |u: &str| communes.iter().find(|c| c["unit"] == u).unwrap()["value"].clone();
    assert!(own("ban-bo").is_number(), "{i61}");
    assert!(own("xa-ban-bo").is_null(), "{i61}");
}

/// `template --all` writes a form for every unit that owes the round: the four
/// new communes, not the 13 that ended before it was due.
#[test]
fn template_all_writes_no_form_for_a_unit_that_ended() {
    let sb = reorganised_example_data();
    let (code, _, err) = sb.run(&[
        "--as-of",
        "2025-12-20",
        "template",
        "--all",
        "--period",
        "2025",
        "-o",
        "forms",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(sb.path("forms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().any(|n| n.contains("xa-ban-bo")), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.contains("_ban-bo") || n.starts_with("ban-bo")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("then-sin")), "{names:?}");
    assert_eq!(names.len(), 20, "{names:?}");
    // Before the merger, the old communes owe the 6-month report.
    let (code, _, err) = sb.run(&[
        "--as-of",
        "2025-12-20",
        "template",
        "--all",
        "--period",
        "2025-H1",
        "-o",
        "h1",
    ]);
    assert_eq!(code, 0, "{err}");
    let h1 = std::fs::read_dir(sb.path("h1")).unwrap().count();
    assert_eq!(h1, 29);
}

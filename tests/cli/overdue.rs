//! `overdue`: who has not reported a round, or reported it late or incomplete,
//! from submissions ingested in the test.

use crate::common::{Sandbox, edited_plan};
use serde_json::Value;

const HEADER: &str = "unit,period,indicator,value,numerator,denominator,submitted,note,group\n";

fn ingest(sb: &Sandbox, name: &str, rows: &str, as_of: &str) {
    sb.write(name, format!("{HEADER}{rows}"));
    let (code, out, err) = sb.run(&["ingest", name, "--as-of", as_of]);
    assert_eq!(code, 0, "ingest {name} failed:\n{out}{err}");
}

/// The 6-month round 2025-H1 (due 2025-06-05), built for every status:
///
/// - tuphap: narrative report on 06-01: on time;
/// - ban-bo: all four indicators, 6.3 for Q1 and Q2, on 06-04: on time;
/// - ttyt: 06-09: late by 4 days; noivu: 06-20: late by 15; thongke: 06-06: late by 1;
/// - gddt: 5.1 left blank, on 06-05: incomplete;
/// - daitt: 6.4 for Q1 only, on 06-02: incomplete;
/// - ban-hon: 6.3 for Q1 only, on 06-03: incomplete;
/// - mttq: narrative report dated 07-01: missing until then, late after;
/// - the other 20 units: nothing.
fn six_month_round() -> Sandbox {
    let sb = Sandbox::new();
    let files = [
        (
            "2025-H1_tuphap.csv",
            "tuphap,2025-H1,,,,,2025-06-01,Báo cáo sơ kết 6 tháng\n".to_string(),
        ),
        (
            "2025-H1_ban-bo.csv",
            commune_rows("ban-bo", "2025-06-04", &[1, 2]),
        ),
        (
            "2025-H1_ttyt.csv",
            "ttyt,2025-H1,4.1,,110,100,2025-06-09,\n\
             ttyt,2025-H1,4.2,,0,1000,2025-06-09,\n\
             ttyt,2025-H1,4.3,,20,1000,2025-06-09,\n"
                .to_string(),
        ),
        (
            "2025-H1_noivu.csv",
            // From 1 March 2025 noivu also reports the labour division's indicators.
            "noivu,2025-H1,1.1,,5,10,2025-06-20,\n\
             noivu,2025-H1,2.1,,5,10,2025-06-20,\n\
             noivu,2025-H1,2.2,,2,10,2025-06-20,\n\
             noivu,2025-H1,3.3,,1,1,2025-06-20,\n\
             noivu,2025-H1,5.3,,3,10,2025-06-20,\n\
             noivu,2025-H1,6.2,,9,10,2025-06-20,\n"
                .to_string(),
        ),
        (
            "2025-H1_thongke.csv",
            "thongke,2025-H1,3.1,1.8,,,2025-06-06,\n\
             thongke,2025-H1,5.4a,,5,10,2025-06-06,\n\
             thongke,2025-H1,5.4b,,3,10,2025-06-06,\n"
                .to_string(),
        ),
        (
            "2025-H1_gddt.csv",
            "gddt,2025-H1,5.1,,,,2025-06-05,\n\
             gddt,2025-H1,5.2a,,50,50,2025-06-05,,boys\n\
             gddt,2025-H1,5.2a,,49,50,2025-06-05,,girls\n\
             gddt,2025-H1,5.2b,,48,50,2025-06-05,,nam\n\
             gddt,2025-H1,5.2b,,48,50,2025-06-05,,nữ\n"
                .to_string(),
        ),
        (
            "2025-H1_daitt.csv",
            "daitt,2025-Q1,6.4,2,,,2025-06-02,\n".to_string(),
        ),
        (
            "2025-H1_ban-hon.csv",
            commune_rows("ban-hon", "2025-06-03", &[1]),
        ),
        (
            "2025-H1_mttq.csv",
            "mttq,2025-H1,,,,,2025-07-01,Báo cáo của Mặt trận\n".to_string(),
        ),
    ];
    for (name, rows) in files {
        ingest(&sb, name, &rows, "2025-07-10");
    }
    sb
}

/// A commune's 6-month rows, with 6.3 for the given quarters.
fn commune_rows(commune: &str, date: &str, quarters: &[u8]) -> String {
    let mut rows = format!(
        "{commune},2025-H1,3.2a,,3,4,{date},\n\
         {commune},2025-H1,3.2b,,1,2,{date},\n\
         {commune},2025-H1,6.1,,600,1000,{date},\n"
    );
    for q in quarters {
        rows.push_str(&format!("{commune},2025-Q{q},6.3,4,,,{date},\n"));
    }
    rows
}

fn run(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    sb.run(args)
}

fn json(sb: &Sandbox, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["overdue", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(sb, &all);
    assert_eq!(code, 0, "{all:?}: {err}");
    match serde_json::from_str(&out).unwrap() {
        Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

fn entry<'a>(items: &'a [Value], unit: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["unit"] == unit)
        .unwrap_or_else(|| panic!("{unit} not listed"))
}

fn units(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["unit"].as_str().unwrap()).collect()
}

fn table_ok(sb: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["overdue"];
    all.extend_from_slice(args);
    let (code, out, err) = run(sb, &all);
    assert_eq!(code, 0, "{all:?}: {err}");
    out
}

/// The 21 units without anything by 2025-06-20, by name (English, ignoring case
/// and diacritics).
const MISSING_BY_NAME: [&str; 21] = [
    "ban-giang",  // Bản Giang commune
    "binh-lu",    // Bình Lư commune
    "mttq",       // District Committee of the Vietnam Fatherland Front
    "hoinongdan", // District Farmers' Union
    "ldld",       // District Labour Federation
    "congan",     // District Police
    "hoiccb",     // District Veterans' Association
    "hoiphunu",   // District Women's Union
    "huyendoan",  // District Youth Union
    "vhtt",       // Division of Culture and Information
    "tckh",       // Division of Finance and Planning
    "ldtbxh",     // Division of Labour, Invalids and Social Affairs
    "giang-ma",
    "ho-thau",
    "khun-ha",
    "na-tam",
    "nung-nang",
    "son-binh",
    "ta-leng",      // Tả Lèng commune
    "tt-tam-duong", // Tam Đường township
    "then-sin",     // Thèn Sin commune
];

#[test]
fn every_status_with_days_and_missing_indicators() {
    let sb = six_month_round();
    let items = json(
        &sb,
        &["--period", "2025-H1", "--all", "--as-of", "2025-06-20"],
    );
    assert_eq!(items.len(), 29);
    let status = |u: &str| entry(&items, u)["status"].as_str().unwrap().to_string();
    let days = |u: &str| entry(&items, u)["days_late"].as_i64().unwrap();
    let missing = |u: &str| -> Vec<String> {
        entry(&items, u)["missing_indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!((status("tuphap"), days("tuphap")), ("on_time".into(), 0));
    assert_eq!((status("ban-bo"), days("ban-bo")), ("on_time".into(), 0));
    assert_eq!((status("ttyt"), days("ttyt")), ("late".into(), 4));
    assert_eq!((status("noivu"), days("noivu")), ("late".into(), 15));
    assert_eq!((status("thongke"), days("thongke")), ("late".into(), 1));
    assert_eq!(status("gddt"), "incomplete");
    assert_eq!(missing("gddt"), ["5.1"], "a blank value is not a figure");
    assert_eq!(days("gddt"), 15);
    assert_eq!(status("daitt"), "incomplete");
    assert_eq!(missing("daitt"), ["6.4"], "Q2 is owed too");
    assert_eq!(status("ban-hon"), "incomplete");
    assert_eq!(missing("ban-hon"), ["6.3"]);
    assert_eq!(status("mttq"), "missing", "dated after the as-of day");
    assert_eq!(days("mttq"), 15);
    assert_eq!(status("ho-thau"), "missing");
    assert_eq!(missing("ho-thau"), ["3.2a", "3.2b", "6.1", "6.3"]);
    assert_eq!(missing("ttyt"), Vec::<String>::new());
    assert_eq!(missing("hoiphunu"), Vec::<String>::new());

    // Every field, for one late and one missing unit.
    let ttyt = entry(&items, "ttyt");
    assert_eq!(ttyt["kind"], "office");
    assert_eq!(ttyt["period"], "2025-H1");
    assert_eq!(ttyt["due"], "2025-06-05");
    assert_eq!(ttyt["submitted"], "2025-06-09");
    assert!(ttyt["days_late"].is_i64());
    let mttq = entry(&items, "mttq");
    assert_eq!(mttq["kind"], "organisation");
    assert!(mttq["submitted"].is_null());
    assert_eq!(entry(&items, "ban-giang")["kind"], "commune");
    assert_eq!(entry(&items, "gddt")["submitted"], "2025-06-05");
    assert_eq!(entry(&items, "daitt")["submitted"], "2025-06-02");
}

#[test]
fn ordering_missing_then_incomplete_then_late_by_days_then_name() {
    let sb = six_month_round();
    let items = json(&sb, &["--period", "2025-H1", "--as-of", "2025-06-20"]);
    let mut expected: Vec<&str> = MISSING_BY_NAME.to_vec();
    // Incomplete, all 15 days: Bản Hon, District Radio…, Division of Education…
    expected.extend(["ban-hon", "daitt", "gddt"]);
    // Late: 15, 4, 1 days.
    expected.extend(["noivu", "ttyt", "thongke"]);
    assert_eq!(units(&items), expected);
    // --all adds the units on time last: Bản Bo commune, Division of Justice.
    let items = json(
        &sb,
        &["--period", "2025-H1", "--all", "--as-of", "2025-06-20"],
    );
    assert_eq!(&units(&items)[27..], ["ban-bo", "tuphap"]);

    // Within late, most days first even against the name order.
    let out = table_ok(&sb, &["--period", "2025-H1", "--as-of", "2025-06-20"]);
    let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} not in\n{out}"));
    assert!(at("(noivu)") < at("(ttyt)") && at("(ttyt)") < at("(thongke)"));
    assert!(
        at("(then-sin)") < at("(ban-hon)"),
        "missing before incomplete"
    );
    assert!(at("(gddt)") < at("(noivu)"), "incomplete before late");
    assert!(
        !out.contains("(tuphap)") && !out.contains("(ban-bo)"),
        "{out}"
    );
}

#[test]
fn summary_gives_both_rates_exactly() {
    let sb = six_month_round();
    let out = table_ok(&sb, &["--period", "2025-H1", "--as-of", "2025-06-20"]);
    // Received 8 of 29 (27.6 %); submitted by the due date 5 (17.2 %): tuphap,
    // ban-bo, gddt, daitt, ban-hon.
    assert!(
        out.contains(
            "6-month report 2025-H1, due 2025-06-05, as of 2025-06-20: 8 of 29 units \
             reported (reporting rate 27.6 %), 5 on time (on-time rate 17.2 %)"
        ),
        "{out}"
    );
    assert!(
        out.contains("missing 21, incomplete 3, late 3, on time and complete 2"),
        "{out}"
    );
    assert!(
        out.contains("6-month report 2025-H1 (due 2025-06-05)"),
        "{out}"
    );
    let line = out
        .lines()
        .find(|l| l.contains("(ttyt)"))
        .unwrap_or_else(|| panic!("{out}"));
    let cells: Vec<&str> = line.trim_matches('│').split('┆').map(str::trim).collect();
    assert_eq!(
        cells,
        [
            "District Health Centre (ttyt)",
            "office",
            "2025-H1",
            "2025-06-05",
            "late",
            "2025-06-09",
            "4",
            ""
        ]
    );
    let line = out.lines().find(|l| l.contains("(daitt)")).unwrap();
    assert!(
        line.contains("incomplete") && line.contains("6.4"),
        "{line}"
    );
}

#[test]
fn as_of_cut_a_report_dated_later_does_not_count_yet() {
    let sb = six_month_round();
    let mttq = |as_of: &str| {
        let items = json(&sb, &["--period", "2025-H1", "--all", "--as-of", as_of]);
        let e = entry(&items, "mttq");
        (
            e["status"].as_str().unwrap().to_string(),
            e["days_late"].as_i64().unwrap(),
            e["submitted"].as_str().map(String::from),
        )
    };
    assert_eq!(mttq("2025-06-30"), ("missing".into(), 25, None));
    assert_eq!(
        mttq("2025-07-01"),
        ("late".into(), 26, Some("2025-07-01".into()))
    );
    // The same for rates: on 2025-06-08 ttyt and noivu had sent nothing yet.
    let out = table_ok(&sb, &["--period", "2025-H1", "--as-of", "2025-06-08"]);
    assert!(
        out.contains(
            "6 of 29 units reported (reporting rate 20.7 %), 5 on time (on-time rate 17.2 %)"
        ),
        "{out}"
    );
    // On time once the day comes, missing ("due in …") before it.
    let sb = Sandbox::new();
    ingest(
        &sb,
        "hoiphunu.csv",
        "hoiphunu,2025-H1,,,,,2025-06-03,Báo cáo Hội Phụ nữ\n",
        "2025-06-03",
    );
    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "hoiphunu",
            "--all",
            "--as-of",
            "2025-06-02",
        ],
    );
    assert_eq!(items[0]["status"], "missing");
    assert_eq!(items[0]["days_late"], -3);
    let out = table_ok(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "hoiphunu",
            "--as-of",
            "2025-06-02",
        ],
    );
    assert!(out.contains("due in 3"), "{out}");
    assert!(
        out.contains("this round is not due yet: 3 day(s) left"),
        "{out}"
    );
    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "hoiphunu",
            "--all",
            "--as-of",
            "2025-06-05",
        ],
    );
    assert_eq!(items[0]["status"], "on_time");
    assert_eq!(items[0]["submitted"], "2025-06-03");
}

#[test]
fn a_round_without_any_data_has_everyone_missing() {
    let sb = six_month_round();
    let items = json(&sb, &["--period", "2023", "--as-of", "2025-06-20"]);
    assert_eq!(items.len(), 29);
    assert!(items.iter().all(|i| i["status"] == "missing"));
    assert!(items.iter().all(|i| i["period"] == "2023"));
    assert!(items.iter().all(|i| i["due"] == "2023-12-15"));
    let out = table_ok(&sb, &["--period", "2023", "--as-of", "2025-06-20"]);
    assert!(
        out.contains(
            "Annual report 2023, due 2023-12-15, as of 2025-06-20: 0 of 29 units reported \
             (reporting rate 0 %), 0 on time (on-time rate 0 %)"
        ),
        "{out}"
    );
    assert!(
        out.contains("missing 29, incomplete 0, late 0, on time and complete 0"),
        "{out}"
    );
}

#[test]
fn a_unit_that_ended_owes_earlier_rounds_only() {
    let sb = Sandbox::new();
    sb.write(
        "plan.toml",
        edited_plan(
            "id = \"tuphap\"\nkind = \"office\"",
            "id = \"tuphap\"\nkind = \"office\"\nends = \"2025-02-28\"",
        ),
    );
    let items = json(&sb, &["--period", "2024", "--all", "--as-of", "2025-06-20"]);
    assert_eq!(items.len(), 29);
    assert_eq!(entry(&items, "tuphap")["status"], "missing");
    let items = json(
        &sb,
        &["--period", "2025-H1", "--all", "--as-of", "2025-06-20"],
    );
    assert_eq!(items.len(), 28);
    assert!(!units(&items).contains(&"tuphap"), "{:?}", units(&items));
    let out = table_ok(&sb, &["--period", "2025-H1", "--as-of", "2025-06-20"]);
    assert!(out.contains("0 of 28 units reported"), "{out}");
    assert!(!out.contains("tuphap"), "{out}");
}

#[test]
fn deadline_picks_a_round_or_names_the_nearest() {
    let sb = six_month_round();
    let (code, out, err) = run(
        &sb,
        &[
            "overdue",
            "--deadline",
            "2025-06-06",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "no report is due on 2025-06-06; the nearest due dates are 2025-06-05 \
             (round 2025-H1) and 2025-12-15 (round 2025)"
        ),
        "{err}"
    );
    let by_deadline = json(&sb, &["--deadline", "2025-06-05", "--as-of", "2025-06-20"]);
    let by_period = json(&sb, &["--period", "2025-H1", "--as-of", "2025-06-20"]);
    assert_eq!(by_deadline, by_period);
    let dmy = json(&sb, &["--deadline", "05/06/2025", "--as-of", "2025-06-20"]);
    assert_eq!(dmy, by_period);
    // --period and --deadline exclude each other.
    let (code, _, _) = run(
        &sb,
        &[
            "overdue",
            "--deadline",
            "2025-06-05",
            "--period",
            "2025-H1",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(code, 2);
    let (code, _, err) = run(
        &sb,
        &["overdue", "--period", "2025-H2", "--as-of", "2025-06-20"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("\"2025-H2\" is not a reporting round; the rounds are 2021, 2022-H1"),
        "{err}"
    );
}

#[test]
fn default_round_is_the_latest_due_by_the_as_of_day() {
    let sb = six_month_round();
    let title = |as_of: &str| {
        let out = table_ok(&sb, &["--as-of", as_of]);
        out.lines().next().unwrap().to_string()
    };
    assert_eq!(
        title("2025-06-20"),
        "6-month report 2025-H1 (due 2025-06-05)"
    );
    assert_eq!(
        title("2025-06-05"),
        "6-month report 2025-H1 (due 2025-06-05)"
    );
    assert_eq!(title("2025-06-04"), "Annual report 2024 (due 2024-12-15)");
    assert_eq!(title("2026-03-01"), "Annual report 2025 (due 2025-12-15)");
    let (code, _, err) = run(&sb, &["overdue", "--as-of", "2021-06-01"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no report is due yet on 2021-06-01; the first is due on 2021-12-15"),
        "{err}"
    );
}

#[test]
fn kind_and_unit_filters() {
    let sb = six_month_round();
    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--kind",
            "commune",
            "--all",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(items.len(), 13);
    assert!(items.iter().all(|i| i["kind"] == "commune"));
    assert_eq!(entry(&items, "ban-hon")["status"], "incomplete");
    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--kind",
            "organisation",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(items.len(), 6);
    let out = table_ok(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--kind",
            "office",
            "--as-of",
            "2025-06-20",
        ],
    );
    // Offices: 10; received tuphap, ttyt, noivu, thongke, gddt, daitt.
    assert!(out.contains("6 of 10 units reported"), "{out}");

    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "ttyt",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(units(&items), ["ttyt"]);
    assert_eq!(items[0]["status"], "late");
    // A unit on time is listed only with --all.
    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "ban-bo",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert!(items.is_empty());
    let out = table_ok(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "ban-bo",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert!(
        out.contains("Every unit reported on time and complete."),
        "{out}"
    );
    let items = json(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--unit",
            "ban-bo",
            "--all",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(items[0]["status"], "on_time");
    let (code, _, err) = run(
        &sb,
        &[
            "overdue",
            "--unit",
            "nowhere",
            "--period",
            "2025-H1",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("nowhere"), "{err}");
}

#[test]
fn fail_if_any_exits_3_only_when_something_is_outstanding() {
    let sb = six_month_round();
    let code = |extra: &[&str]| {
        let mut args = vec!["overdue", "--period", "2025-H1", "--as-of", "2025-06-20"];
        args.extend_from_slice(extra);
        run(&sb, &args).0
    };
    assert_eq!(code(&[]), 0, "no flag, exit 0 whatever is outstanding");
    assert_eq!(code(&["--fail-if-any"]), 3);
    assert_eq!(code(&["--fail-if-any", "--unit", "gddt"]), 3, "incomplete");
    assert_eq!(code(&["--fail-if-any", "--unit", "mttq"]), 3, "missing");
    assert_eq!(code(&["--fail-if-any", "--unit", "ttyt"]), 0, "late only");
    assert_eq!(code(&["--fail-if-any", "--unit", "ban-bo"]), 0, "on time");
    assert_eq!(code(&["--fail-if-any", "--format", "json"]), 3);
}

#[test]
fn vietnamese_labels_and_summary() {
    let sb = six_month_round();
    let out = table_ok(
        &sb,
        &[
            "--period",
            "2025-H1",
            "--all",
            "--lang",
            "vi",
            "--as-of",
            "2025-06-20",
        ],
    );
    for label in [
        "đơn vị",
        "tình trạng",
        "ngày gửi",
        "chỉ tiêu còn thiếu",
        "chưa gửi",
        "thiếu số liệu",
        "gửi muộn",
        "đúng hạn",
        "Trung tâm Y tế",
    ] {
        assert!(out.contains(label), "{label} not in\n{out}");
    }
    assert!(
        out.contains(
            "Báo cáo sơ kết 6 tháng đầu năm 2025, hạn 05/06/2025, tính đến 20/06/2025: \
             8/29 đơn vị đã báo cáo (tỷ lệ báo cáo 27,6%), 5 đúng hạn (tỷ lệ đúng hạn 17,2%)"
        ),
        "{out}"
    );
    assert!(
        out.contains("chưa gửi 21, thiếu số liệu 3, gửi muộn 3, đúng hạn và đủ 2"),
        "{out}"
    );
    for english in ["missing", "incomplete", "late", "on time", "reporting rate"] {
        assert!(!out.contains(english), "{english} in\n{out}");
    }
}

#[test]
fn output_is_the_same_every_run() {
    let sb = six_month_round();
    for format in ["table", "json", "csv", "markdown"] {
        let args = [
            "overdue",
            "--period",
            "2025-H1",
            "--all",
            "--format",
            format,
            "--as-of",
            "2025-06-20",
        ];
        let first = run(&sb, &args);
        assert_eq!(first.0, 0);
        assert_eq!(first, run(&sb, &args), "{format}");
    }
}

#[test]
fn kinds_can_be_named_in_vietnamese() {
    let sb = Sandbox::new();
    let english = sb.run(&["overdue", "--kind", "commune", "--as-of", "2025-06-20"]);
    let vietnamese = sb.run(&["overdue", "--kind", "xa", "--as-of", "2025-06-20"]);
    assert_eq!(english.0, 0, "{}", english.2);
    assert_eq!(english, vietnamese);
    let office = sb.run(&["overdue", "--kind", "co-quan", "--as-of", "2025-06-20"]);
    assert!(office.1.contains("ttyt"), "{}", office.1);
    assert!(!office.1.contains("ban-bo"), "{}", office.1);
}

/// Issue 26: "trước ngày 05/6". A report sent on the due day is on time unless the
/// plan says the due day is late (`[schedule] due_day = "late"`, "before" read
/// strictly); a plan that says nothing means what it always did.
#[test]
fn the_plan_says_whether_a_report_on_the_due_day_is_on_time() {
    for (setting, status, days) in [("", "on_time", 0), ("\ndue_day = \"late\"", "late", 1)] {
        let sb = Sandbox::empty();
        let last = "last_period = \"2025\"";
        sb.write("plan.toml", edited_plan(last, &format!("{last}{setting}")));
        ingest(
            &sb,
            "tuphap.csv",
            "tuphap,2024-H1,,,,,2024-06-05,báo cáo gửi bằng văn bản\n",
            "2024-06-10",
        );
        let args = [
            "--period",
            "2024-H1",
            "--unit",
            "tuphap",
            "--all",
            "--as-of",
            "2024-06-10",
        ];
        let items = json(&sb, &args);
        let tuphap = entry(&items, "tuphap");
        assert_eq!(
            (tuphap["status"].as_str(), tuphap["days_late"].as_i64()),
            (Some(status), Some(days)),
            "{setting:?}: {tuphap}"
        );
    }
}

/// Issue 26: reports go "về UBND huyện (qua Phòng LĐ-TB&XH)": the workbook form
/// names the People's Committee, through the office that coordinates on the due
/// day, from plan.toml.
#[test]
fn the_form_names_the_peoples_committee_and_the_coordinating_office() {
    use calamine::{Data, Reader};
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&[
        "template",
        "--unit",
        "ban-bo",
        "--period",
        "2024-H1",
        "--format",
        "xlsx",
        "-o",
        "form.xlsx",
        "--lang",
        "vi",
        "--as-of",
        "2024-05-01",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut book = calamine::open_workbook_auto(sb.path("form.xlsx")).unwrap();
    let name = book.sheet_names()[1].clone();
    let sheet = book.worksheet_range(&name).unwrap();
    let line = match sheet.get((1, 0)) {
        Some(Data::String(text)) => text.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        line,
        "Gửi Ủy ban nhân dân huyện Tam Đường (qua Phòng Lao động - Thương binh và Xã hội), hạn 05/06/2024"
    );
}

/// A unit that sent its report on time but left figures out is not "late": its
/// days column says how long the missing figures are overdue, and says so.
#[test]
fn an_incomplete_report_sent_on_time_is_not_counted_late() {
    let sb = six_month_round();
    let row = |lang: &str| {
        let (code, out, err) = sb.run(&[
            "overdue",
            "--period",
            "2025-H1",
            "--all",
            "--lang",
            lang,
            "--as-of",
            "2025-06-20",
        ]);
        assert_eq!(code, 0, "{err}");
        let line = out.lines().find(|l| l.contains("(daitt)")).unwrap();
        let cells: Vec<String> = line
            .trim_matches('│')
            .split('┆')
            .map(|c| c.trim().to_string())
            .collect();
        (out.clone(), cells)
    };
    let (out, cells) = row("vi");
    assert!(
        out.contains("số ngày quá hạn") && !out.contains("số ngày chậm"),
        "{out}"
    );
    assert_eq!(cells[6], "15 (số liệu còn thiếu)", "{cells:?}");
    let (out, cells) = row("en");
    assert!(out.contains("days overdue"), "{out}");
    assert_eq!(cells[6], "15 (the missing figures)", "{cells:?}");
    // A unit on time and complete has nothing in the column.
    let ban_bo = out.lines().find(|l| l.contains("(ban-bo)")).unwrap();
    let cells: Vec<&str> = ban_bo.trim_matches('│').split('┆').map(str::trim).collect();
    assert_eq!(cells[6], "", "{ban_bo}");
}

//! `status`: where each indicator stands, computed by the real binary from
//! submissions ingested in the test.

use crate::common::{COMMUNES, Sandbox};
use serde_json::Value;

const HEADER: &str = "unit,period,indicator,value,numerator,denominator,submitted,note,group\n";

/// Writes `rows` (after the header) to `name` and ingests it.
fn ingest(sb: &Sandbox, name: &str, rows: &str, as_of: &str) {
    sb.write(name, format!("{HEADER}{rows}"));
    let (code, out, err) = sb.run(&["ingest", name, "--as-of", as_of]);
    assert_eq!(code, 0, "ingest {name} failed:\n{out}{err}");
}

/// A sandbox holding a known 2025 annual round covering all 21 items:
///
/// | item | figures                         | value | met   | coverage |
/// |------|---------------------------------|-------|-------|----------|
/// | 1.1  | 7/10                            | 70    | yes   | 1/1      |
/// | 2.1  | 50/100 (≥ 50, edge)             | 50    | yes   | 1/1      |
/// | 2.2  | 3/10 (< 30, edge)               | 30    | no    | 1/1      |
/// | 2.3  | 20/100                          | 20    | no    | 1/1      |
/// | 3.1  | 1.7 (≤ 1.7, edge)               | 1.7   | yes   | 1/1      |
/// | 3.2a | 8/10 in each commune            | 80    | yes   | 13/13    |
/// | 3.2b | 4/10 in each commune            | 40    | no    | 13/13    |
/// | 3.3  | 5/5                             | 100   | yes   | 1/1      |
/// | 4.1  | 110/100                         | 110   | no    | 1/1      |
/// | 4.2  | 0/1000                          | 0     | yes   | 1/1      |
/// | 4.3  | 36/1000                         | 36    | no    | 1/1      |
/// | 5.1  | có                              | yes   | yes   | 1/1      |
/// | 5.2a | boys 50/50, girls 49/50 (> 99)  | 99    | no    | 1/1      |
/// | 5.2b | boys 48/50, girls 48/50         | 96    | yes   | 1/1      |
/// | 5.3  | 31/100                          | 31    | yes   | 1/1      |
/// | 5.4a | 5/10                            | 50    | yes   | 1/1      |
/// | 5.4b | nothing                         | null  | null  | 0/1      |
/// | 6.1  | five communes, 3000/5000        | 60    | yes   | 5/13     |
/// | 6.2  | 99/100                          | 99    | no    | 1/1      |
/// | 6.3  | 6 of 13 communes ≥ 4 every qtr  | 46.2  | no    | 13/13    |
/// | 6.4  | Q1–Q4: 1, 0, 2, 1               | 75    | no    | 4/4      |
fn annual_2025() -> Sandbox {
    let sb = Sandbox::new();
    let d = "2025-12-10";
    let offices = format!(
        "noivu,2025,1.1,,7,10,{d},\n\
         noivu,2025,2.1,,50,100,{d},\n\
         noivu,2025,2.2,,3,10,{d},\n\
         tckh,2025,2.3,,20,100,{d},\n\
         thongke,2025,3.1,1.7,,,{d},\n\
         noivu,2025,3.3,,5,5,{d},\n\
         ttyt,2025,4.1,,110,100,{d},\n\
         ttyt,2025,4.2,,0,1000,{d},\n\
         ttyt,2025,4.3,,36,1000,{d},\n\
         gddt,2025,5.1,có,,,{d},\n\
         gddt,2025,5.2a,,50,50,{d},,boys\n\
         gddt,2025,5.2a,,49,50,{d},,girls\n\
         gddt,2025,5.2b,,48,50,{d},,boys\n\
         gddt,2025,5.2b,,48,50,{d},,girls\n\
         noivu,2025,5.3,,31,100,{d},\n\
         thongke,2025,5.4a,,5,10,{d},\n\
         noivu,2025,6.2,,99,100,{d},\n\
         daitt,2025-Q1,6.4,1,,,{d},\n\
         daitt,2025-Q2,6.4,0,,,{d},\n\
         daitt,2025-Q3,6.4,2,,,{d},\n\
         daitt,2025-Q4,6.4,1,,,{d},\n\
         tuphap,2025,,,,,{d},narrative report sent by letter\n"
    );
    ingest(&sb, "2025_offices.csv", &offices, "2025-12-20");
    // 6.1 from the first five communes only: 500+700+600+400+800 of 5 × 1000.
    let reached = [500, 700, 600, 400, 800];
    for (i, commune) in COMMUNES.iter().enumerate() {
        let mut rows = format!(
            "{commune},2025,3.2a,,8,10,{d},\n\
             {commune},2025,3.2b,,4,10,{d},\n"
        );
        if let Some(n) = reached.get(i) {
            rows.push_str(&format!("{commune},2025,6.1,,{n},1000,{d},\n"));
        }
        // 6.3 (≥ 4 items a quarter): Q1 all 13 meet; Q2 the first 7; Q3 all 13;
        // Q4 the first 6: 39 of 52 cells, 20 of the 26 in the first half.
        let counts = [
            4 + i % 2,
            if i < 7 { 4 } else { 3 },
            6,
            if i < 6 { 4 } else { 2 },
        ];
        for (q, count) in counts.iter().enumerate() {
            rows.push_str(&format!("{commune},2025-Q{},6.3,{count},,,{d},\n", q + 1));
        }
        ingest(&sb, &format!("2025_{commune}.csv"), &rows, "2025-12-20");
    }
    sb
}

fn run_ok(sb: &Sandbox, args: &[&str]) -> String {
    let (code, out, err) = sb.run(args);
    assert_eq!(code, 0, "{args:?} failed:\n{err}");
    out
}

fn json(sb: &Sandbox, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["status", "--format", "json", "--as-of", "2025-12-20"];
    all.extend_from_slice(args);
    let out = run_ok(sb, &all);
    match serde_json::from_str(&out).unwrap() {
        Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

fn item<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["indicator"] == id)
        .unwrap_or_else(|| panic!("{id} not in {items:?}"))
}

fn ids(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|i| i["indicator"].as_str().unwrap())
        .collect()
}

/// The cells of the terminal-table row whose first cell is `first`, without the
/// trend column (see `the_table_shows_a_trend_the_other_formats_do_not`).
fn row(table: &str, first: &str) -> Vec<String> {
    let mut cells = row_with_trend(table, first);
    let trend = table
        .lines()
        .any(|l| l.starts_with('│') && (l.contains("┆ trend ") || l.contains("┆ diễn biến ")));
    if trend {
        cells.remove(4);
    }
    cells
}

/// Every cell of the terminal-table row whose first cell is `first`.
fn row_with_trend(table: &str, first: &str) -> Vec<String> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .find(|cells| cells[0] == first)
        .unwrap_or_else(|| panic!("no row {first:?} in\n{table}"))
}

/// id, value (None = null), met, reported, expected.
type Expected = (&'static str, Option<f64>, Option<bool>, u64, u64);

#[rustfmt::skip]
const EXPECTED_2025: [Expected; 21] = [
    ("1.1", Some(70.0), Some(true), 1, 1),
    ("2.1", Some(50.0), Some(true), 1, 1),
    ("2.2", Some(30.0), Some(false), 1, 1),
    ("2.3", Some(20.0), Some(false), 1, 1),
    ("3.1", Some(1.7), Some(true), 1, 1),
    ("3.2a", Some(80.0), Some(true), 13, 13),
    ("3.2b", Some(40.0), Some(false), 13, 13),
    ("3.3", Some(100.0), Some(true), 1, 1),
    ("4.1", Some(110.0), Some(false), 1, 1),
    ("4.2", Some(0.0), Some(true), 1, 1),
    ("4.3", Some(36.0), Some(false), 1, 1),
    ("5.1", Some(1.0), Some(true), 1, 1),
    ("5.2a", Some(99.0), Some(false), 1, 1),
    ("5.2b", Some(96.0), Some(true), 1, 1),
    ("5.3", Some(31.0), Some(true), 1, 1),
    ("5.4a", Some(50.0), Some(true), 1, 1),
    ("5.4b", None, None, 0, 1),
    ("6.1", Some(60.0), Some(true), 5, 13),
    ("6.2", Some(99.0), Some(false), 1, 1),
    ("6.3", Some(600.0 / 13.0), Some(false), 13, 13),
    ("6.4", Some(75.0), Some(false), 4, 4),
];

#[test]
fn json_gives_value_met_and_coverage_of_all_21_items() {
    let sb = annual_2025();
    let items = json(&sb, &["--period", "2025"]);
    assert_eq!(
        ids(&items),
        EXPECTED_2025.iter().map(|e| e.0).collect::<Vec<_>>()
    );
    for (id, value, met, reported, expected) in EXPECTED_2025 {
        let it = item(&items, id);
        assert_eq!(it["period"], "2025", "{id}");
        match value {
            Some(v) => {
                let got = it["value"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("{id}: value {}", it["value"]));
                assert!((got - v).abs() < 1e-9, "{id}: value {got}, expected {v}");
            }
            None => assert!(it["value"].is_null(), "{id}: {}", it["value"]),
        }
        match met {
            Some(m) => assert_eq!(it["met"], m, "{id}"),
            None => assert!(it["met"].is_null(), "{id}: {}", it["met"]),
        }
        assert_eq!(it["coverage"]["reported"], reported, "{id}");
        assert_eq!(it["coverage"]["expected"], expected, "{id}");
        for key in [
            "indicator",
            "objective",
            "period",
            "value",
            "target",
            "op",
            "met",
            "attainment_pct",
            "gap",
            "coverage",
            "responsible",
            "outlook",
        ] {
            assert!(it.get(key).is_some(), "{id} has no {key}: {it}");
        }
    }
    // A few whole objects' other fields.
    let i22 = item(&items, "2.2");
    assert_eq!((&i22["op"], &i22["target"]), (&"<".into(), &30.0.into()));
    // Since 1 March 2025 (plan.toml's [[transfers]]) Home Affairs answers for it.
    assert_eq!(i22["responsible"], "noivu");
    assert_eq!(i22["objective"], 2);
    let i61 = item(&items, "6.1");
    assert_eq!(i61["numerator_sum"], 3000.0);
    assert_eq!(i61["denominator_sum"], 5000.0);
    assert_eq!(i61["responsible"], "noivu");
    let i54b = item(&items, "5.4b");
    assert!(i54b["attainment_pct"].is_null() && i54b["gap"].is_null());
    assert!(i54b["outlook"].is_null(), "no outlook without a value");
    assert_eq!(i54b["state"], "no_data");
    // 4.3: lower is better: attainment = target ÷ value = 18 ÷ 36.
    assert_eq!(item(&items, "4.3")["attainment_pct"], 50.0);
    assert_eq!(item(&items, "4.3")["gap"], 18.0);
}

#[test]
fn json_numbers_are_numbers_not_strings() {
    let sb = annual_2025();
    let items = json(&sb, &["--period", "2025"]);
    let it = item(&items, "2.3");
    for key in ["value", "target", "attainment_pct", "gap", "objective"] {
        assert!(it[key].is_number(), "{key}: {}", it[key]);
    }
    assert!(it["coverage"]["reported"].is_u64());
    assert!(it["coverage"]["expected"].is_u64());
    assert!(it["met"].is_boolean());
    assert_eq!(it["value"], 20.0);
    assert_eq!(it["target"], 25.0);
    assert_eq!(it["attainment_pct"], 80.0);
    assert_eq!(it["gap"], -5.0, "value − target");
    // 3.1's target is a decimal.
    assert_eq!(item(&items, "3.1")["target"], 1.7);
}

#[test]
fn table_shows_values_status_and_coverage() {
    let sb = annual_2025();
    let out = run_ok(
        &sb,
        &["status", "--period", "2025", "--as-of", "2025-12-20"],
    );
    // cells: id, indicator, target, value, attainment, status, outlook, coverage, responsible
    let check = |id: &str, value: &str, status: &str, coverage: &str| {
        let cells = row(&out, id);
        assert_eq!(cells.len(), 9, "{cells:?}");
        assert_eq!(
            (cells[3].as_str(), cells[5].as_str(), cells[7].as_str()),
            (value, status, coverage),
            "row {id}: {cells:?}"
        );
    };
    check("1.1", "70 %", "met", "1/1");
    check("2.1", "50 %", "met", "1/1");
    check("2.2", "30 %", "not met", "1/1");
    check("3.1", "1.7", "met", "1/1");
    check("3.2a", "80 %", "met", "13/13");
    check("3.2b", "40 %", "not met", "13/13");
    check("4.1", "110", "not met", "1/1");
    check("4.2", "0", "met", "1/1");
    check("5.1", "yes", "met", "1/1");
    check("5.2a", "99 %", "not met", "1/1");
    check("5.4b", "—", "no data", "0/1");
    check("6.1", "60 %*", "met", "5/13");
    check("6.3", "46.2 %", "not met", "13/13");
    check("6.4", "75 %", "not met", "4/4");
    assert_eq!(row(&out, "2.2")[2], "< 30 %");
    assert_eq!(row(&out, "6.1")[8], "noivu");
    assert!(
        out.contains("Objective 2: Economy and labour (2025)"),
        "{out}"
    );
    assert!(
        out.contains("2025: 11 met, 9 not met, 1 without data, of 21 indicators"),
        "{out}"
    );
    assert!(
        out.contains("* partial coverage: computed from the units that have reported so far"),
        "{out}"
    );
    // Only 6.1 is partial among the items with data.
    let starred: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with('│') && l.contains("%*"))
        .collect();
    assert_eq!(starred.len(), 1, "{starred:?}");
}

#[test]
fn no_footnote_without_partial_coverage() {
    let sb = Sandbox::new();
    ingest(
        &sb,
        "ttyt.csv",
        "ttyt,2025,4.1,,105,100,2025-12-10,\n",
        "2025-12-20",
    );
    let out = run_ok(
        &sb,
        &["status", "--objective", "4", "--as-of", "2025-12-20"],
    );
    assert_eq!(row(&out, "4.1")[3], "105");
    assert_eq!(row(&out, "4.2")[3], "—");
    assert!(!out.contains("partial coverage"), "{out}");
    assert!(!out.contains('*'), "{out}");
}

#[test]
fn quarterly_share_counts_communes_that_reach_the_threshold_every_quarter() {
    let sb = annual_2025();
    // The 6-month round: Q1 and Q2 only; the first 7 communes reach 4 in both.
    let items = json(&sb, &["--period", "2025-H1"]);
    let s = item(&items, "6.3");
    assert_eq!(s["coverage"]["reported"], 13);
    assert_eq!(s["coverage"]["expected"], 13);
    let v = s["value"].as_f64().unwrap();
    assert!((v - 700.0 / 13.0).abs() < 1e-9, "{v}");
    assert_eq!(s["met"], false);
    let s = item(&items, "6.4");
    assert_eq!(s["coverage"]["reported"], 2);
    assert_eq!(s["value"], 50.0);
    // Annual figures are not half-year figures.
    let s = item(&items, "2.1");
    assert!(s["value"].is_null());
    assert_eq!(s["coverage"]["expected"], 1);
    let out = run_ok(
        &sb,
        &["status", "--period", "2025-H1", "--as-of", "2025-12-20"],
    );
    let cells = row(&out, "6.3");
    assert_eq!((cells[3].as_str(), cells[7].as_str()), ("53.8 %", "13/13"));
    assert!(out.contains("Objective 6: Information and communication (2025-H1)"));
    assert!(
        out.contains("2025-H1: 0 met, 2 not met, 19 without data, of 21 indicators"),
        "{out}"
    );
}

#[test]
fn objective_and_unit_filters() {
    let sb = annual_2025();
    let items = json(&sb, &["--objective", "4"]);
    assert_eq!(ids(&items), ["4.1", "4.2", "4.3"]);
    let items = json(&sb, &["--unit", "ttyt"]);
    assert_eq!(ids(&items), ["4.1", "4.2", "4.3"]);
    // In 2025 Home Affairs answers for the labour division's indicators too.
    let items = json(&sb, &["--unit", "noivu"]);
    assert_eq!(
        ids(&items),
        ["1.1", "2.1", "2.2", "3.3", "5.3", "6.1", "6.2"]
    );
    let items = json(&sb, &["--unit", "noivu", "--objective", "2"]);
    assert_eq!(ids(&items), ["2.1", "2.2"]);

    let out = run_ok(
        &sb,
        &["status", "--objective", "4", "--as-of", "2025-12-20"],
    );
    assert!(out.contains("Objective 4: Health (2025)"), "{out}");
    assert!(!out.contains("Objective 1"), "{out}");
    assert!(!out.contains("│ 6.1"), "{out}");
    assert!(
        out.contains("2025: 1 met, 2 not met, 0 without data, of 3 indicators"),
        "{out}"
    );

    let (code, _, err) = sb.run(&["status", "--objective", "9", "--as-of", "2025-12-20"]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no objective 9"), "{err}");
}

#[test]
fn default_period_is_the_latest_round_with_data() {
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&["status", "--as-of", "2025-12-20"]);
    assert_eq!(code, 1);
    assert!(err.contains("no figures are recorded in"), "{err}");

    ingest(
        &sb,
        "2024_ldtbxh.csv",
        "ldtbxh,2024,2.1,,45,100,2024-12-10,\n",
        "2025-12-20",
    );
    let items = json(&sb, &[]);
    assert_eq!(items[0]["period"], "2024");
    assert_eq!(item(&items, "2.1")["value"], 45.0);

    // The 6-month report, quarterly 6.3 included: the default is 2025-H1, not
    // the annual round that Q1 and Q2 also belong to.
    ingest(
        &sb,
        "2025-H1_ban-bo.csv",
        "ban-bo,2025-H1,6.1,,300,1000,2025-06-04,\n\
         ban-bo,2025-Q1,6.3,4,,,2025-06-04,\n\
         ban-bo,2025-Q2,6.3,5,,,2025-06-04,\n",
        "2025-12-20",
    );
    let items = json(&sb, &[]);
    assert_eq!(items[0]["period"], "2025-H1", "{}", items[0]);
    assert_eq!(item(&items, "6.1")["value"], 30.0);
    let out = run_ok(&sb, &["status", "--as-of", "2025-12-20"]);
    assert!(out.contains("Objective 1: Politics (2025-H1)"), "{out}");

    // A blank figure is not data.
    ingest(
        &sb,
        "2025_blank.csv",
        "noivu,2025,2.1,,,,2025-12-10,\n",
        "2025-12-20",
    );
    assert_eq!(json(&sb, &[])[0]["period"], "2025-H1");

    ingest(
        &sb,
        "2025_ldtbxh.csv",
        "noivu,2025,2.1,,48,100,2025-12-10,\n",
        "2025-12-20",
    );
    let items = json(&sb, &[]);
    assert_eq!(items[0]["period"], "2025");
    assert_eq!(item(&items, "2.1")["value"], 48.0);
    // An explicit period still reaches the older rounds.
    let items = json(&sb, &["--period", "2024"]);
    assert_eq!(item(&items, "2.1")["value"], 45.0);
}

#[test]
fn unknown_period_and_indicator_are_explained() {
    let sb = annual_2025();
    let (code, out, err) = sb.run(&["status", "--period", "2025-H2", "--as-of", "2025-12-20"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "\"2025-H2\" is not a reporting round; the rounds are 2021, 2022-H1, 2022, \
             2023-H1, 2023, 2024-H1, 2024, 2025-H1, 2025"
        ),
        "{err}"
    );
    let (code, out, err) = sb.run(&["status", "--indicator", "9.9", "--as-of", "2025-12-20"]);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "unknown indicator \"9.9\"; `gender-plan plan` lists the indicators and their ids"
        ),
        "{err}"
    );
    let (code, _, err) = sb.run(&[
        "status",
        "--period",
        "2025-H2",
        "--lang",
        "vi",
        "--as-of",
        "2025-12-20",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"2025-H2\" không phải một kỳ báo cáo"),
        "{err}"
    );
}

#[test]
fn one_indicator_history_and_each_communes_figures() {
    let sb = annual_2025();
    // A 2024 figure from one commune, to show up in the history.
    ingest(
        &sb,
        "2024_ban-bo.csv",
        "ban-bo,2024,6.1,,250,1000,2024-12-12,\n",
        "2025-12-20",
    );
    let items = json(&sb, &["--indicator", "6.1"]);
    let periods: Vec<&str> = items
        .iter()
        .map(|i| i["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        [
            "2021", "2022-H1", "2022", "2023-H1", "2023", "2024-H1", "2024", "2025-H1", "2025"
        ]
    );
    assert!(items.iter().all(|i| i["indicator"] == "6.1"));
    assert!(items[0]["value"].is_null());
    assert_eq!(items[6]["value"], 25.0);
    assert_eq!(items[6]["coverage"]["reported"], 1);
    assert!(items[6].get("contributors").is_none());
    let last = &items[8];
    assert_eq!(last["value"], 60.0);
    let contributors = last["contributors"].as_array().unwrap();
    assert_eq!(contributors.len(), 13);
    let units: Vec<&str> = contributors
        .iter()
        .map(|c| c["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units, COMMUNES);
    let first = &contributors[0];
    assert_eq!(first["numerator"], 500.0);
    assert_eq!(first["denominator"], 1000.0);
    assert_eq!(first["submitted"], "2025-12-10");
    assert_eq!(first["source_file"], "2025_tt-tam-duong.csv");
    assert_eq!(contributors[4]["numerator"], 800.0);
    assert_eq!(contributors[4]["source_file"], "2025_ho-thau.csv");
    let silent = &contributors[5];
    assert_eq!(silent["unit"], "binh-lu");
    assert!(silent["numerator"].is_null() && silent["source_file"].is_null());

    let out = run_ok(
        &sb,
        &["status", "--indicator", "6.1", "--as-of", "2025-12-20"],
    );
    assert!(
        out.contains(
            "6.1 Population reached with basic knowledge of gender equality: target ≥ 60 %"
        ),
        "{out}"
    );
    let cells = row(&out, "2025");
    assert_eq!(
        cells[1..],
        ["60 %*", "100 %", "met", "target achieved", "5/13"]
    );
    let cells = row(&out, "2024");
    assert_eq!(
        cells[1..],
        ["25 %*", "42 %", "not met", "insufficient data", "1/13"]
    );
    assert_eq!(row(&out, "2021")[3], "no data");
    assert!(out.contains("Who reported what, 2025"), "{out}");
    let cells = row(&out, "Tam Đường township (tt-tam-duong)");
    assert_eq!(
        cells[1..],
        [
            "2025",
            "500",
            "1,000",
            "50",
            "2025-12-10",
            "2025_tt-tam-duong.csv",
            ""
        ]
    );
    let cells = row(&out, "Bình Lư commune (binh-lu)");
    assert_eq!(cells[4], "not reported");

    // --period picks whose figures are shown.
    let items = json(&sb, &["--indicator", "6.1", "--period", "2024"]);
    let contributors = items[6]["contributors"].as_array().unwrap();
    let ban_bo = contributors.iter().find(|c| c["unit"] == "ban-bo").unwrap();
    assert_eq!(ban_bo["numerator"], 250.0);
    assert_eq!(ban_bo["source_file"], "2024_ban-bo.csv");
    assert!(items[8].get("contributors").is_none());

    // A quarterly share lists each commune's quarters.
    let items = json(&sb, &["--indicator", "6.3", "--period", "2025-H1"]);
    let contributors = items[7]["contributors"].as_array().unwrap();
    assert_eq!(contributors.len(), 26);
    assert_eq!(contributors[0]["period"], "2025-Q1");
    assert_eq!(contributors[1]["period"], "2025-Q2");
    assert_eq!(contributors[0]["value"], 4.0);
}

#[test]
fn outlook_from_annual_values_over_the_years() {
    let sb = Sandbox::new();
    ingest(
        &sb,
        "history.csv",
        // 2.1 (≥ 50): 40 % in 2021, 44 % in 2023: the worked example.
        "ldtbxh,2021,2.1,,40,100,2021-12-10,\n\
         ldtbxh,2023,2.1,,44,100,2023-12-10,\n\
         ldtbxh,2024-H1,2.1,,10,100,2024-06-01,\n\
         noivu,2025,2.1,,30,100,2025-12-10,\n\
         ttyt,2022,4.1,,115,100,2022-12-10,\n\
         ttyt,2024,4.1,,111,100,2024-12-10,\n\
         ttyt,2021,4.3,,44,1000,2021-12-10,\n\
         ttyt,2024,4.3,,54,1000,2024-12-10,\n\
         noivu,2021,1.1,,38,100,2021-12-10,\n\
         noivu,2024,1.1,,62,100,2024-12-10,\n\
         thongke,2024,3.1,1.9,,,2024-12-10,\n\
         ldtbxh,2021,5.3,,26,100,2021-12-10,\n\
         ldtbxh,2022,5.3,,265,1000,2022-12-10,\n",
        "2025-12-20",
    );
    // 2.1 as of 2023, the year of its latest value before 2025.
    let items = json(&sb, &["--period", "2023"]);
    assert_eq!(item(&items, "2.1")["outlook"], "acceleration_needed");
    let ratio = item(&items, "2.1")["outlook_ratio"].as_f64().unwrap();
    assert!((ratio - 0.85).abs() < 0.005, "{ratio}");
    let items = json(&sb, &["--period", "2022"]);
    assert_eq!(item(&items, "5.3")["outlook"], "limited_progress");

    let items = json(&sb, &["--period", "2024"]);
    let outlook = |id: &str| item(&items, id)["outlook"].as_str().unwrap().to_string();
    // No value for 2024: no outlook, whatever earlier years say.
    assert!(item(&items, "2.1")["outlook"].is_null());
    assert!(item(&items, "5.3")["outlook"].is_null());
    assert_eq!(outlook("4.1"), "on_track");
    assert_eq!(outlook("4.3"), "deterioration");
    assert_eq!(outlook("1.1"), "target_achieved");
    assert_eq!(outlook("3.1"), "insufficient_data");
    assert_eq!(item(&items, "3.1")["outlook_reason"], "too_few_years");
    assert!(item(&items, "6.2")["outlook"].is_null());

    let out = run_ok(
        &sb,
        &["status", "--period", "2024", "--as-of", "2025-12-20"],
    );
    assert_eq!(row(&out, "2.1")[6], "—");
    assert_eq!(row(&out, "4.1")[6], "on track");
    assert_eq!(row(&out, "4.3")[6], "deterioration");
    assert_eq!(row(&out, "1.1")[6], "target achieved");
    assert_eq!(row(&out, "3.1")[6], "insufficient data");
    assert_eq!(row(&out, "5.3")[6], "—");

    // As of 2025, 2.1 has fallen to 30 %: moving away from the target.
    let items = json(&sb, &["--period", "2025"]);
    assert_eq!(item(&items, "2.1")["outlook"], "deterioration");
    assert_eq!(item(&items, "2.1")["value"], 30.0);

    let out = run_ok(
        &sb,
        &[
            "status",
            "--period",
            "2024",
            "--lang",
            "vi",
            "--as-of",
            "2025-12-20",
        ],
    );
    assert_eq!(row(&out, "4.3")[5], "chưa đạt");
    assert_eq!(row(&out, "4.1")[6], "đúng tiến độ");
    assert_eq!(row(&out, "4.3")[6], "đang xấu đi");
    assert_eq!(row(&out, "1.1")[6], "đã đạt chỉ tiêu");
    assert_eq!(row(&out, "3.1")[6], "chưa đủ dữ liệu");
}

#[test]
fn vietnamese_headers_and_labels() {
    let sb = annual_2025();
    let out = run_ok(
        &sb,
        &[
            "status",
            "--lang",
            "vi",
            "--period",
            "2025",
            "--as-of",
            "2025-12-20",
        ],
    );
    let header = row(&out, "mã");
    assert_eq!(
        header,
        [
            "mã",
            "chỉ tiêu",
            "mục tiêu đến năm 2025",
            "kết quả thực hiện",
            "tỷ lệ so với chỉ tiêu (%)",
            "tình trạng",
            "khả năng đạt chỉ tiêu",
            "đã báo cáo",
            "chịu trách nhiệm"
        ]
    );
    assert!(
        out.contains("Mục tiêu 4: Trong lĩnh vực y tế (năm 2025)"),
        "{out}"
    );
    assert_eq!(row(&out, "2.1")[5], "đạt");
    assert_eq!(row(&out, "2.2")[5], "chưa đạt");
    assert_eq!(row(&out, "5.4b")[5], "chưa có số liệu");
    assert_eq!(row(&out, "5.1")[3], "có");
    assert_eq!(row(&out, "3.1")[3], "1,7");
    assert_eq!(row(&out, "6.1")[3], "60%*");
    assert_eq!(
        row(&out, "2.1")[1],
        "Tỷ lệ lao động nữ làm công hưởng lương"
    );
    assert!(
        out.contains(
            "Kết quả năm 2025: 11 đạt, 9 chưa đạt, 1 chưa có số liệu, trên tổng số 21 chỉ tiêu"
        ),
        "{out}"
    );
    assert!(
        out.contains("* chưa đủ số liệu: tính từ các đơn vị đã báo cáo"),
        "{out}"
    );
    assert!(!out.contains("not met"), "{out}");
}

#[test]
fn csv_and_markdown_parse() {
    let sb = annual_2025();
    let out = run_ok(
        &sb,
        &[
            "status",
            "--format",
            "csv",
            "--period",
            "2025",
            "--as-of",
            "2025-12-20",
        ],
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "objective",
            "id",
            "indicator",
            "target",
            "value",
            "attainment",
            "status",
            "outlook",
            "coverage",
            "responsible"
        ]
    );
    let all: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Under 5.2a and 5.2b, reported by sex: a row per group and one for the gap.
    let (records, groups): (Vec<_>, Vec<_>) = all.iter().cloned().partition(|r| !r[1].is_empty());
    assert_eq!(records.len(), 21);
    assert_eq!(groups.len(), 6);
    assert_eq!(
        (&groups[0][2], &groups[0][4], &groups[0][6]),
        ("  · male", "100 %", "met")
    );
    assert_eq!(
        (&groups[1][2], &groups[1][4], &groups[1][6]),
        ("  · female", "98 %", "not met")
    );
    assert_eq!(
        (&groups[2][2], &groups[2][4]),
        ("  · gap, male − female", "2 points")
    );
    let ids: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    assert_eq!(ids, EXPECTED_2025.iter().map(|e| e.0).collect::<Vec<_>>());
    let r61 = records.iter().find(|r| &r[1] == "6.1").unwrap();
    assert_eq!(
        (&r61[0], &r61[4], &r61[6], &r61[8]),
        ("6", "60 %*", "met", "5/13")
    );
    let r52a = records.iter().find(|r| &r[1] == "5.2a").unwrap();
    assert_eq!((&r52a[4], &r52a[6]), ("99 %", "not met"));
    // Fields with commas are quoted, so every record has all the columns.
    assert!(all.iter().all(|r| r.len() == 10));

    let out = run_ok(
        &sb,
        &[
            "status",
            "--format",
            "markdown",
            "--period",
            "2025",
            "--as-of",
            "2025-12-20",
        ],
    );
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| id |"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        rows.len(),
        21 + 6,
        "21 items, and 5.2a and 5.2b by sex:\n{out}"
    );
    assert!(rows.iter().all(|r| r.len() == 9), "{rows:?}");
    let r22 = rows.iter().find(|r| r[0] == "2.2").unwrap();
    assert_eq!((r22[3], r22[5], r22[7]), ("30 %", "not met", "1/1"));
    let separators = out.lines().filter(|l| l.starts_with("|---")).count();
    assert_eq!(separators, 6, "one table per objective");
    assert!(out.contains("## Objective 6: Information and communication (2025)"));
    assert!(out.contains("2025: 11 met, 9 not met, 1 without data, of 21 indicators"));
}

#[test]
fn output_is_the_same_every_run() {
    let sb = annual_2025();
    for args in [
        &["status", "--as-of", "2025-12-20"][..],
        &["status", "--format", "json", "--as-of", "2025-12-20"],
        &["status", "--format", "csv", "--as-of", "2025-12-20"],
        &["status", "--indicator", "6.3", "--as-of", "2025-12-20"],
    ] {
        let first = run_ok(&sb, args);
        let second = run_ok(&sb, args);
        assert!(!first.is_empty());
        assert_eq!(first, second, "{args:?}");
        assert!(!first.contains('\x1b'), "no colour when piped: {args:?}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "unit,period,indicator,numerator,denominator\nnoivu,2025,1.1,16,26\n",
    );
    let (code, _, err) = sb.run(&["ingest", "r.csv", "--as-of", "2025-12-31"]);
    assert_eq!(code, 0, "{err}");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gender-plan"))
        .current_dir(sb.root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["status", "--as-of", "2025-12-31"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end at once, as `| head -0` would.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn csv_of_one_indicator_keeps_its_table_column_in_both_parts() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "unit,period,indicator,numerator,denominator\nnoivu,2025,1.1,16,26\n",
    );
    sb.run(&["ingest", "r.csv", "--as-of", "2025-12-31"]);
    let (code, out, _) = sb.run(&[
        "status",
        "--indicator",
        "1.1",
        "--format",
        "csv",
        "--as-of",
        "2025-12-31",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("\u{feff}table,period,value"), "{out}");
    let second = lines
        .iter()
        .position(|l| l.starts_with("table,unit,"))
        .expect("second header");
    assert!(
        lines[second + 1].starts_with("contributors,Division of Home Affairs (noivu),2025,16,26,"),
        "{out}"
    );
    assert!(!out.contains("\"\""), "{out}");
}

/// Issue 11: a commune that detected no victim reports 0 of 0. That is a complete
/// report of nothing to count: reported, shown as "no cases", never as missing.
#[test]
fn zero_cases_are_reported_and_shown_as_no_cases() {
    let sb = Sandbox::new();
    let d = "2025-12-10";
    ingest(
        &sb,
        "ban-bo.csv",
        &format!(
            "ban-bo,2025,3.2a,,0,0,{d},\n\
             ban-bo,2025,3.2b,,0,0,{d},\n\
             ban-bo,2025,6.1,,300,1000,{d},\n\
             ban-bo,2025-Q1,6.3,4,,,{d},\n\
             ban-bo,2025-Q2,6.3,4,,,{d},\n\
             ban-bo,2025-Q3,6.3,4,,,{d},\n\
             ban-bo,2025-Q4,6.3,4,,,{d},\n"
        ),
        "2025-12-20",
    );
    let items = json(&sb, &["--period", "2025"]);
    let s = item(&items, "3.2a");
    assert_eq!(s["state"], "no_cases");
    assert!(s["value"].is_null() && s["met"].is_null() && s["outlook"].is_null());
    assert_eq!(s["coverage"]["reported"], 1);
    let out = run_ok(
        &sb,
        &["status", "--period", "2025", "--as-of", "2025-12-20"],
    );
    let cells = row(&out, "3.2a");
    assert_eq!(
        (cells[3].as_str(), cells[5].as_str(), cells[6].as_str()),
        ("no cases", "no cases", "—")
    );
    assert!(out.contains("2 with no cases"), "{out}");
    let out = run_ok(
        &sb,
        &[
            "status",
            "--indicator",
            "3.2b",
            "--period",
            "2025",
            "--as-of",
            "2025-12-20",
        ],
    );
    assert_eq!(row(&out, "Bản Bo commune (ban-bo)")[4], "no cases");
    // Complete in overdue: the commune owes nothing more for the round.
    let (_, out, _) = sb.run(&[
        "overdue",
        "--period",
        "2025",
        "--unit",
        "ban-bo",
        "--all",
        "--format",
        "json",
        "--as-of",
        "2025-12-20",
    ]);
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(items[0]["status"], "on_time", "{out}");
}

/// Issue 11: 6.1 counts people reached so far this year: a 6-month value is
/// progress towards the annual target, not a target missed.
#[test]
fn half_year_value_of_an_accumulating_indicator_is_in_progress() {
    let sb = Sandbox::new();
    ingest(
        &sb,
        "ban-bo.csv",
        "ban-bo,2025-H1,6.1,,330,1000,2025-06-01,\n",
        "2025-06-20",
    );
    let items = json(&sb, &["--period", "2025-H1"]);
    let s = item(&items, "6.1");
    assert_eq!(s["state"], "in_progress");
    assert!(s["met"].is_null());
    assert_eq!(s["attainment_pct"], 55.0, "33 % of a 60 % target so far");
    let out = run_ok(
        &sb,
        &[
            "status",
            "--period",
            "2025-H1",
            "--lang",
            "vi",
            "--as-of",
            "2025-06-20",
        ],
    );
    assert_eq!(row(&out, "6.1")[5], "đang thực hiện");
}

/// Issue 11: 5.2a is "trẻ em trai và trẻ em gái": boys and girls must each reach
/// the target. Status shows each sex and the gap; JSON carries the groups.
#[test]
fn an_indicator_by_sex_is_met_only_when_boys_and_girls_each_meet_it() {
    let sb = annual_2025();
    let items = json(&sb, &["--period", "2025"]);
    let s = item(&items, "5.2a");
    assert_eq!(s["value"], 99.0);
    assert_eq!(s["state"], "not_met");
    let groups = s["groups"].as_array().unwrap();
    let summary: Vec<(&str, f64, &str)> = groups
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap(),
                g["value"].as_f64().unwrap(),
                g["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [("male", 100.0, "met"), ("female", 98.0, "not_met")]
    );
    assert_eq!(s["group_gap"]["value"], 2.0);
    assert_eq!(s["group_gap"]["lowest"], "female");
    assert_eq!(
        item(&items, "5.2b")["state"],
        "met",
        "boys and girls both at 96 %"
    );

    let out = run_ok(
        &sb,
        &[
            "status",
            "--objective",
            "5",
            "--period",
            "2025",
            "--lang",
            "vi",
            "--as-of",
            "2025-12-20",
        ],
    );
    for expected in [
        "· nam",
        "· nữ",
        "· chênh lệch, nam − nữ",
        "2 điểm phần trăm",
    ] {
        assert!(out.contains(expected), "{expected:?} missing:\n{out}");
    }
    let out = run_ok(
        &sb,
        &["status", "--indicator", "5.2a", "--as-of", "2025-12-20"],
    );
    assert!(
        out.contains("By sex: met only when every group meets the target"),
        "{out}"
    );
    let by_sex = out.split("By sex").nth(1).unwrap();
    let cells = row(by_sex, "2025");
    assert_eq!(
        cells[1..],
        ["100 % (met)", "98 % (not met)", "2 points"],
        "{out}"
    );
}

/// The terminal table has a trend column: the value at every round up to the
/// period, lowest ▁ to highest █, a space for a round without a value; the
/// other formats keep their columns.
#[test]
fn the_table_shows_a_trend_the_other_formats_do_not() {
    let sb = annual_2025();
    let out = run_ok(
        &sb,
        &["status", "--period", "2025", "--as-of", "2025-12-20"],
    );
    let header = row_with_trend(&out, "id");
    assert_eq!(header[4], "trend");
    assert_eq!(row_with_trend(&out, "1.1")[4], "▄");
    // Nine rounds from 2021 to 2025; only 2025 has a figure in this data: eight
    // blanks, then the one value.
    let line = out.lines().find(|l| l.starts_with("│ 1.1 ")).unwrap();
    assert!(line.contains(&format!("┆ {}▄ ┆", " ".repeat(8))), "{line}");
    let csv = run_ok(
        &sb,
        &[
            "status",
            "--period",
            "2025",
            "--as-of",
            "2025-12-20",
            "--format",
            "csv",
        ],
    );
    assert!(!csv.lines().next().unwrap().contains("trend"));
    let markdown = run_ok(
        &sb,
        &[
            "status",
            "--period",
            "2025",
            "--as-of",
            "2025-12-20",
            "--format",
            "markdown",
        ],
    );
    assert!(!markdown.contains("trend"));
}

/// Issue 19: what the tool shows is what was sent. 3.1 (a value the unit sends)
/// sent as 1,85 shows 1,85, not 1,9, in status, its exports, the report and
/// history, and its change from 1,8 is 0,05, not 0 or 0,1; in both languages.
#[test]
fn a_value_is_shown_with_the_precision_it_was_sent_with() {
    let sb = Sandbox::new();
    sb.write(
        "thongke.csv",
        "đơn vị;kỳ;chỉ tiêu;giá trị;ngày gửi\n\
         thongke;2024;3.1;1,8;05/12/2024\n\
         thongke;2025;3.1;1,85;05/12/2025\n",
    );
    let (code, out, err) = sb.run(&["ingest", "thongke.csv", "--as-of", "2025-12-20"]);
    assert_eq!(code, 0, "{out}{err}");
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--as-of", "2025-12-20"]);
        run_ok(&sb, &all)
    };
    for (lang, value, before, change) in [
        ("en", "1.85", "1.8", "+0.05"),
        ("vi", "1,85", "1,8", "+0,05"),
    ] {
        let table = run(&[
            "--lang",
            lang,
            "status",
            "--period",
            "2025",
            "--objective",
            "3",
        ]);
        assert_eq!(row(&table, "3.1")[3], value, "{table}");
        let history = run(&[
            "--lang",
            lang,
            "status",
            "--indicator",
            "3.1",
            "--period",
            "2025",
        ]);
        assert!(history.contains(&format!(" {value} ")), "{history}");
        let markdown = run(&[
            "--lang", lang, "report", "--period", "2025", "--format", "markdown",
        ]);
        let line = markdown
            .lines()
            .find(|l| l.starts_with("| 3.1 |"))
            .unwrap_or_else(|| panic!("{markdown}"));
        assert!(
            line.contains(&format!("| {value} | {before} | {change} |")),
            "{line}"
        );
        let history = run(&[
            "--lang",
            lang,
            "history",
            "--indicator",
            "3.1",
            "--format",
            "csv",
        ]);
        assert!(history.contains(value), "{history}");
    }
    let csv = run(&[
        "status",
        "--period",
        "2025",
        "--objective",
        "3",
        "--format",
        "csv",
    ]);
    assert!(csv.contains(",1.85,"), "{csv}");
    let csv = run(&[
        "--lang",
        "vi",
        "status",
        "--period",
        "2025",
        "--objective",
        "3",
        "--format",
        "csv",
    ]);
    assert!(csv.contains(";1,85;"), "{csv}");
}

/// Issue 26: a by-sex indicator with only a total is not judged "not met" when the
/// total meets the target (5.2b: 96 % > 95 %, no figures by sex): the verdict is
/// withheld, "no figures by sex". A total below the target is not met whatever
/// the groups, and its attainment is never rounded into "100 %" beside "not met"
/// (5.2a: 99 % against > 99 %).
#[test]
fn a_total_without_figures_by_sex_withholds_the_verdict() {
    let sb = Sandbox::new();
    ingest(
        &sb,
        "gddt.csv",
        "gddt,2025,5.2a,,99,100,2025-12-10,\n\
         gddt,2025,5.2b,,96,100,2025-12-10,\n",
        "2025-12-20",
    );
    let items = json(&sb, &["--period", "2025"]);
    let b = item(&items, "5.2b");
    assert_eq!(
        (b["state"].as_str(), &b["met"]),
        (Some("no_group_figures"), &Value::Null)
    );
    assert_eq!(
        b["attainment_pct"],
        Value::Null,
        "no attainment beside a withheld verdict"
    );
    let a = item(&items, "5.2a");
    assert_eq!(
        (a["state"].as_str(), a["attainment_pct"].as_f64()),
        (Some("not_met"), Some(100.0))
    );

    let args = [
        "status",
        "--objective",
        "5",
        "--period",
        "2025",
        "--as-of",
        "2025-12-20",
    ];
    let out = run_ok(&sb, &args);
    let (b, a) = (row(&out, "5.2b"), row(&out, "5.2a"));
    assert_eq!(
        (b[3].as_str(), b[4].as_str(), b[5].as_str()),
        ("96 %", "—", "no figures by sex"),
        "{out}"
    );
    assert_eq!(
        (a[4].as_str(), a[5].as_str()),
        ("below 100 %", "not met"),
        "{out}"
    );
    assert!(out.contains("1 without figures by sex"), "{out}");
    let out = run_ok(&sb, &[&args[..], &["--lang", "vi"]].concat());
    let (b, a) = (row(&out, "5.2b"), row(&out, "5.2a"));
    assert_eq!(b[5], "chưa có số liệu theo giới tính", "{out}");
    assert_eq!(
        (a[4].as_str(), a[5].as_str()),
        ("dưới 100%", "chưa đạt"),
        "{out}"
    );
}

/// Issue 26: the star's footnote follows how the value was computed: 6.3 is a
/// share of all the communes that owe it, those that have not reported counting
/// as not reaching 4 items; 6.1 is computed from the communes that reported.
#[test]
fn the_footnote_says_a_share_of_communes_is_over_all_that_owe_it() {
    let sb = Sandbox::new();
    let mut rows = String::new();
    for commune in &COMMUNES[..3] {
        for q in 1..=4 {
            rows.push_str(&format!("{commune},2024-Q{q},6.3,5,,,2024-12-10,\n"));
        }
        rows.push_str(&format!("{commune},2024,6.1,,600,1000,2024-12-10,\n"));
    }
    ingest(&sb, "communes.csv", &rows, "2024-12-20");
    let args = [
        "status",
        "--objective",
        "6",
        "--period",
        "2024",
        "--as-of",
        "2024-12-20",
    ];
    let out = run_ok(&sb, &args);
    assert_eq!(row(&out, "6.3")[3], "23.1 %*", "3 of 13 communes: {out}");
    assert!(
        out.contains(
            "* partial coverage of 6.1: computed from the units that have reported so far"
        ),
        "{out}"
    );
    assert!(
        out.contains("* partial coverage of 6.3: the share is over all 13 units that owe it; a unit that has not reported counts as not reaching the threshold"),
        "{out}"
    );
    assert!(!out.contains("* partial coverage: computed"), "{out}");
    let out = run_ok(&sb, &[&args[..], &["--lang", "vi"]].concat());
    assert!(
        out.contains("* 6.3 chưa đủ số liệu: tỷ lệ tính trên tất cả 13 đơn vị phải báo cáo"),
        "{out}"
    );
}

/// Issue 26: a gap of one percentage point is "1 point", not "1 points".
#[test]
fn a_gap_of_one_point_is_singular() {
    let sb = Sandbox::new();
    ingest(
        &sb,
        "gddt.csv",
        "gddt,2025,5.2a,,50,50,2025-12-10,,boys\n\
         gddt,2025,5.2a,,99,100,2025-12-10,,girls\n",
        "2025-12-20",
    );
    let out = run_ok(
        &sb,
        &["status", "--indicator", "5.2a", "--as-of", "2025-12-20"],
    );
    let by_sex = out.split("By sex").nth(1).unwrap();
    assert_eq!(row(by_sex, "2025")[3], "1 point", "{out}");
}

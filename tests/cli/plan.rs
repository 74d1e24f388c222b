//! `plan`: the indicators, a unit's duties, the matrix; in every format.

use crate::common::Sandbox;
use serde_json::Value;

fn plan_json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["plan", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// id, objective, op, target, direction, measure, scale, threshold, responsible, contributors
type Row<'a> = (
    &'a str,
    u64,
    &'a str,
    Option<f64>,
    &'a str,
    &'a str,
    Option<f64>,
    Option<f64>,
    &'a str,
    &'a [&'a str],
);

/// The brief's table, row by row: id, objective, op, target, direction, measure,
/// scale or threshold, responsible, contributors.
#[test]
fn json_lists_exactly_the_21_items_of_the_brief() {
    let sb = Sandbox::new();
    let json = plan_json(&sb, &[]);
    let items = json["indicators"].as_array().unwrap();
    let communes = [
        "tt-tam-duong",
        "then-sin",
        "ta-leng",
        "giang-ma",
        "ho-thau",
        "binh-lu",
        "son-binh",
        "nung-nang",
        "ban-giang",
        "ban-hon",
        "ban-bo",
        "na-tam",
        "khun-ha",
    ];
    #[rustfmt::skip]
    let expected: [Row; 21] = [
        ("1.1", 1, ">=", Some(60.0), "higher", "ratio", Some(100.0), None, "noivu", &["noivu"]),
        ("2.1", 2, ">=", Some(50.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("2.2", 2, "<", Some(30.0), "lower", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("2.3", 2, ">=", Some(25.0), "higher", "ratio", Some(100.0), None, "tckh", &["tckh"]),
        ("3.1", 3, "<=", Some(1.7), "lower", "value", None, None, "thongke", &["thongke"]),
        ("3.2a", 3, ">=", Some(80.0), "higher", "ratio", Some(100.0), None, "vhtt", &communes),
        ("3.2b", 3, ">=", Some(50.0), "higher", "ratio", Some(100.0), None, "vhtt", &communes),
        ("3.3", 3, "=", Some(100.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("4.1", 4, "<=", Some(109.0), "lower", "ratio", Some(100.0), None, "ttyt", &["ttyt"]),
        ("4.2", 4, "<=", Some(42.0), "lower", "ratio", Some(100000.0), None, "ttyt", &["ttyt"]),
        ("4.3", 4, "<=", Some(18.0), "lower", "ratio", Some(1000.0), None, "ttyt", &["ttyt"]),
        ("5.1", 5, "yes", None, "higher", "yes/no", None, None, "gddt", &["gddt"]),
        ("5.2a", 5, ">", Some(99.0), "higher", "ratio", Some(100.0), None, "gddt", &["gddt"]),
        ("5.2b", 5, ">", Some(95.0), "higher", "ratio", Some(100.0), None, "gddt", &["gddt"]),
        ("5.3", 5, ">", Some(30.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("5.4a", 5, ">=", Some(50.0), "higher", "ratio", Some(100.0), None, "thongke", &["thongke"]),
        ("5.4b", 5, ">=", Some(30.0), "higher", "ratio", Some(100.0), None, "thongke", &["thongke"]),
        ("6.1", 6, ">=", Some(60.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &communes),
        ("6.2", 6, "=", Some(100.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("6.3", 6, "=", Some(100.0), "higher", "share", None, Some(4.0), "vhtt", &communes),
        ("6.4", 6, "=", Some(100.0), "higher", "share", None, Some(1.0), "vhtt", &["daitt"]),
    ];
    assert_eq!(items.len(), 21);
    for (item, e) in items.iter().zip(expected) {
        let (
            id,
            objective,
            op,
            target,
            direction,
            measure,
            scale,
            threshold,
            responsible,
            contributors,
        ) = e;
        assert_eq!(item["id"], id);
        assert_eq!(item["objective"], objective, "{id}");
        assert_eq!(item["op"], op, "{id}");
        assert_eq!(item["target"].as_f64(), target, "{id}");
        assert_eq!(item["direction"], direction, "{id}");
        assert_eq!(item["measure"], measure, "{id}");
        assert_eq!(item["scale"].as_f64(), scale, "{id}");
        assert_eq!(item["threshold"].as_f64(), threshold, "{id}");
        let frequency = if measure == "share" {
            "quarter"
        } else {
            "round"
        };
        assert_eq!(item["frequency"], frequency, "{id}");
        assert_eq!(item["responsible"], responsible, "{id}");
        let got: Vec<&str> = item["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(got, contributors, "{id}");
        assert!(
            item["name"]["en"].as_str().is_some_and(|s| !s.is_empty()),
            "{id}"
        );
        assert!(
            item["name"]["vi"].as_str().is_some_and(|s| !s.is_empty()),
            "{id}"
        );
        for lang in ["en", "vi"] {
            assert!(item["unit_of_measure"][lang].is_string(), "{id}");
        }
    }
}

#[test]
fn table_writes_targets_as_people_write_them() {
    let sb = Sandbox::new();
    let (code, out, _) = sb.run(&["plan"]);
    assert_eq!(code, 0);
    for expected in [
        "Objective 1: Politics",
        "≥ 50 %",
        "< 30 %",
        "≤ 42 per 100,000 live births",
        "> 99 %",
        "┆ yes ",
    ] {
        assert!(out.contains(expected), "{expected:?} missing:\n{out}");
    }
    assert!(out.contains("21 indicators; targets are for 2025"));
}

#[test]
fn objective_filter() {
    let sb = Sandbox::new();
    let json = plan_json(&sb, &["--objective", "4"]);
    let ids: Vec<&str> = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["4.1", "4.2", "4.3"]);
    let (code, _, err) = sb.run(&["plan", "--objective", "9"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("there is no objective 9; the plan has objectives 1, 2, 3, 4, 5, 6"),
        "{err}"
    );
}

#[test]
fn unit_view_shows_responsibilities_contributions_and_tasks() {
    let sb = Sandbox::new();
    let json = plan_json(&sb, &["--unit", "vhtt"]);
    assert_eq!(
        json["responsible"],
        serde_json::json!(["3.2a", "3.2b", "6.3", "6.4"])
    );
    assert_eq!(json["contributes"], serde_json::json!([]));
    assert_eq!(json["tasks"].as_array().unwrap().len(), 5);
    assert_eq!(json["source"], "IV.7");
    let json = plan_json(&sb, &["--unit", "ban-bo"]);
    assert_eq!(
        json["contributes"],
        serde_json::json!(["3.2a", "3.2b", "6.1", "6.3"])
    );
    assert_eq!(json["unit"]["code"], "03424");
    let (_, out, _) = sb.run(&["plan", "--unit", "congan"]);
    assert!(out.contains("narrative report"), "{out}");
    assert!(out.contains("human trafficking"), "{out}");
}

#[test]
fn unknown_unit_gets_a_suggestion() {
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&["plan", "--unit", "ttytt"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown unit \"ttytt\"; did you mean \"ttyt\"?"),
        "{err}"
    );
}

#[test]
fn matrix_reads_like_section_iv() {
    let sb = Sandbox::new();
    let json = plan_json(&sb, &["--matrix"]);
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 29);
    let ttyt = rows.iter().find(|r| r["unit"] == "ttyt").unwrap();
    assert_eq!(
        ttyt["objectives"]["4"]["responsible"],
        serde_json::json!(["4.1", "4.2", "4.3"])
    );
    let daitt = rows.iter().find(|r| r["unit"] == "daitt").unwrap();
    assert_eq!(
        daitt["objectives"]["6"]["contributes"],
        serde_json::json!(["6.4"])
    );
    let (_, out, _) = sb.run(&["plan", "--matrix"]);
    assert!(out.contains("(6.4)"), "{out}");
}

#[test]
fn csv_and_markdown() {
    let sb = Sandbox::new();
    // One objective: its indicators only, under one header row.
    let (_, csv, _) = sb.run(&["plan", "--format", "csv", "--objective", "5"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "part",
            "id",
            "indicator",
            "target 2025",
            "as the plan words it",
            "measure",
            "responsible"
        ]
    );
    assert_eq!(reader.records().count(), 6);
    // The whole plan: the heading's rows, then a header row and the 21 indicators.
    let (_, csv, _) = sb.run(&["plan", "--format", "csv"]);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["part", "item", "text"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let header = records.iter().position(|r| &r[1] == "id").unwrap();
    assert!(records[..header].iter().all(|r| &r[0] == "plan"));
    let indicators = records[header..].iter().filter(|r| &r[1] != "id").count();
    assert_eq!(indicators, 21);
    let (_, md, _) = sb.run(&["plan", "--format", "markdown", "--objective", "2"]);
    assert!(
        md.starts_with("## Objective 2: Economy and labour\n\n| id | indicator |"),
        "{md}"
    );
}

#[test]
fn vietnamese_names_and_headers() {
    let sb = Sandbox::new();
    let (_, out, _) = sb.run(&["plan", "--objective", "4", "--lang", "vi"]);
    assert!(out.contains("Mục tiêu 4: Trong lĩnh vực y tế"), "{out}");
    assert!(out.contains("Tỷ số giới tính khi sinh"), "{out}");
    assert!(out.contains("mục tiêu 2025"), "{out}");
}

#[test]
fn options_go_before_or_after_the_command() {
    let sb = Sandbox::new();
    let a = sb.run(&["--lang", "vi", "plan", "--objective", "1"]);
    let b = sb.run(&["plan", "--objective", "1", "--lang", "vi"]);
    assert_eq!(a, b);
}

#[test]
fn help_shows_examples() {
    let sb = Sandbox::new();
    for args in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["plan", "--help"],
    ] {
        let (code, out, _) = sb.run(&args);
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "{args:?}:\n{out}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let sb = Sandbox::new();
    let (code, _, _) = sb.run(&["plan", "--format", "xml"]);
    assert_eq!(code, 2);
    // 05/06/2025 is a date as people write it; 05/13/2025 is none.
    let (code, _, err) = sb.run(&["check", "--as-of", "05/13/2025"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("write it as 2025-06-05 or 05/06/2025"),
        "{err}"
    );
}

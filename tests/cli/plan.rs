//! `plan`: the indicators, a unit's duties, the matrix; in every format.

use crate::common::Sandbox;
use serde_json::Value;

/// `plan --format json --as-of 2025-06-30 ARGS…` (the day decides who holds a duty).
pub fn plan_json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["plan", "--format", "json", "--as-of", "2025-06-30"];
    all.extend_from_slice(args);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
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

/// `[unit_tasks]`: tasks every unit of a kind shares, written once; each unit
/// has them first, then its own. A kind that is not one is refused at its line.
#[test]
fn tasks_every_commune_shares_are_written_once() {
    let sb = Sandbox::new();
    let shared = "\n[unit_tasks]\ncommune = [{ vi = \"Báo cáo hằng quý\", en = \"Report every quarter\" }]\n";
    sb.write("plan.toml", format!("{}{shared}", crate::common::PLAN));
    let json = plan_json(&sb, &["--unit", "ban-bo"]);
    let tasks = json["tasks"].as_array().unwrap();
    // The shared task, then Bản Bo's own two.
    assert_eq!(tasks.len(), 3, "{tasks:?}");
    assert_eq!(tasks[0]["en"], "Report every quarter");
    assert!(
        tasks[1]["en"]
            .as_str()
            .unwrap()
            .starts_with("Plan the local implementation")
    );
    // An office has none of them.
    let json = plan_json(&sb, &["--unit", "vhtt"]);
    assert_eq!(json["tasks"].as_array().unwrap().len(), 5);
    let (_, out, _) = sb.run(&["plan", "--unit", "ban-bo", "--lang", "vi"]);
    assert!(out.contains("Báo cáo hằng quý"), "{out}");

    let typo = "\n[unit_tasks]\ncommunes = [{ vi = \"x\", en = \"x\" }]\n";
    let plan = format!("{}{typo}", crate::common::PLAN);
    let line = plan.lines().count();
    sb.write("plan.toml", &plan);
    for (lang, expected) in [
        (
            "en",
            format!("plan.toml:{line}:1: error: unknown key `communes`"),
        ),
        (
            "vi",
            format!("plan.toml:{line}:1: lỗi: khóa `communes` không hợp lệ"),
        ),
    ] {
        let (code, _, err) = sb.run(&["plan", "--lang", lang]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&expected), "{lang}: {err}");
    }
}

/// The shipped plan with its units moved to units.csv (`units = "units.csv"`):
/// (plan text, units file).
pub(super) fn plan_with_units_file() -> (String, String) {
    let mut plan = String::from("units = \"units.csv\"\n");
    let mut csv = String::from("id,kind,name_vi,name_en,code,aliases\n");
    let mut unit: Option<Vec<String>> = None;
    let value = |line: &str, key: &str| {
        let rest = line
            .strip_prefix(key)?
            .trim_start()
            .strip_prefix('=')?
            .trim();
        Some(rest.trim_matches('"').to_string())
    };
    let mut finish = |unit: &mut Option<Vec<String>>| {
        if let Some(u) = unit.take() {
            csv.push_str(&u.join(","));
            csv.push('\n');
        }
    };
    for line in crate::common::PLAN.lines() {
        if line == "[[units]]" {
            finish(&mut unit);
            unit = Some(vec![String::new(); 6]);
            continue;
        }
        if line.starts_with('[') {
            finish(&mut unit);
        }
        let Some(u) = unit.as_mut() else {
            plan.push_str(line);
            plan.push('\n');
            continue;
        };
        for (i, key) in ["id", "kind", "name.vi", "name.en", "code"]
            .iter()
            .enumerate()
        {
            if let Some(v) = value(line, key) {
                u[i] = format!("\"{v}\"");
            }
        }
        if let Some(list) = value(line, "aliases") {
            let names: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
            u[5] = format!("\"{}\"", names.join(";"));
        }
    }
    finish(&mut unit);
    (plan, csv)
}

/// A plan's units may live in a CSV file beside it, as a statistics office keeps
/// its commune list: the plan reads the same, and a problem in a unit is placed at
/// its line of that file, in both languages.
#[test]
fn units_may_live_in_a_csv_file_beside_the_plan() {
    let sb = Sandbox::new();
    let (plan, units) = plan_with_units_file();
    assert!(!plan.contains("[[units]]"));
    sb.write("plan.toml", &plan);
    sb.write("units.csv", &units);
    let (code, out, err) = sb.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("29 units"), "{out}");
    let json = plan_json(&sb, &["--unit", "ban-bo"]);
    assert_eq!(json["unit"]["code"], "03424");
    assert_eq!(
        json["contributes"],
        serde_json::json!(["3.2a", "3.2b", "6.1", "6.3"])
    );
    // A report names a unit by an alias from the file.
    sb.write(
        "r.csv",
        "unit,period,indicator,numerator,denominator\nUBND xã Bản Bo,2024,3.2a,1,2\n",
    );
    let (code, out, err) = sb.run(&["ingest", "--as-of", "2025-12-20", "r.csv"]);
    assert_eq!(code, 0, "{out}{err}");

    // A unit of an unknown kind, and a repeated id, at their lines of units.csv.
    let mut lines: Vec<String> = units.lines().map(String::from).collect();
    lines[2] = lines[2].replacen("\"office\"", "\"bureau\"", 1);
    let repeated = lines[1].clone();
    lines.push(repeated);
    let n = lines.len();
    sb.write("units.csv", lines.join("\n") + "\n");
    for (lang, kind, twice) in [
        (
            "en",
            "units.csv:3: error: unknown unit kind \"bureau\"",
            format!("units.csv:{n}: error: "),
        ),
        (
            "vi",
            "units.csv:3: lỗi: loại đơn vị \"bureau\" không hợp lệ",
            format!("units.csv:{n}: lỗi: "),
        ),
    ] {
        let (code, _, err) = sb.run(&["plan", "--lang", lang]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(kind), "{lang}: {err}");
        assert!(err.contains(&twice), "{lang}: {err}");
    }
    let (_, _, err) = sb.run(&["plan"]);
    assert!(err.contains("the first one is on line 2"), "{err}");

    // An unknown column, and a file that is not there.
    sb.write("units.csv", "id,kind,name_vi,district\n");
    let (code, _, err) = sb.run(&["plan"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("units.csv:1: error: unknown column \"district\" in the units file"),
        "{err}"
    );
    std::fs::remove_file(sb.path("units.csv")).unwrap();
    let (code, _, err) = sb.run(&["plan", "--lang", "vi"]);
    assert_eq!(code, 1);
    assert!(err.contains("plan.toml:1:"), "{err}");
    assert!(
        err.contains("không đọc được tệp đơn vị \"units.csv\""),
        "{err}"
    );
}

#[test]
fn unknown_unit_gets_a_suggestion() {
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&["plan", "--unit", "ttytt"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown unit \"ttytt\"; did you mean \"ttyt\" (District Health Centre)?"),
        "{err}"
    );
}

/// The duties shown are those of the as-of day, the 1 March 2025 transfer from
/// the labour division to home affairs included (issue 22).
#[test]
fn duties_are_shown_as_of_the_day() {
    let sb = Sandbox::new();
    let on = |day: &str, args: &[&str]| {
        let mut all = vec!["plan", "--format", "json", "--as-of", day];
        all.extend_from_slice(args);
        let (code, out, err) = sb.run(&all);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let before = on("2025-02-28", &["--unit", "ldtbxh"]);
    assert_eq!(
        before["responsible"],
        serde_json::json!(["2.1", "2.2", "3.3", "5.3", "6.1", "6.2"])
    );
    let after = on("2025-12-31", &["--unit", "ldtbxh"]);
    assert_eq!(after["responsible"], serde_json::json!([]));
    assert_eq!(after["contributes"], serde_json::json!([]));
    let noivu = on("2025-12-31", &["--unit", "noivu"]);
    assert!(
        noivu["responsible"]
            .as_array()
            .unwrap()
            .contains(&"6.1".into()),
        "{noivu}"
    );
    let matrix = on("2025-12-31", &["--matrix"]);
    let row = |id: &str| {
        matrix
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["unit"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        row("noivu")["objectives"]["6"]["responsible"],
        serde_json::json!(["6.1", "6.2"])
    );
    assert_eq!(
        row("ldtbxh")["objectives"]["6"]["responsible"],
        serde_json::json!([])
    );
    let list = on("2025-12-31", &["--objective", "6"]);
    let first = &list["indicators"][0];
    assert_eq!(
        (
            first["responsible"].as_str(),
            first["responsible_as_of"]["unit"].as_str()
        ),
        (Some("ldtbxh"), Some("noivu"))
    );
    // The indicators' list names who answers for each on the day.
    let (_, out, _) = sb.run(&[
        "plan",
        "--objective",
        "6",
        "--as-of",
        "2025-12-31",
        "--format",
        "csv",
    ]);
    let line = out.lines().find(|l| l.starts_with("6,6.1,")).unwrap();
    assert!(line.ends_with(",noivu"), "{line}");
    let (_, out, _) = sb.run(&[
        "plan",
        "--objective",
        "6",
        "--as-of",
        "2025-02-28",
        "--format",
        "csv",
    ]);
    let line = out.lines().find(|l| l.starts_with("6,6.1,")).unwrap();
    assert!(line.ends_with(",ldtbxh"), "{line}");
    let (_, out, _) = sb.run(&["--lang", "vi", "plan", "--matrix", "--as-of", "2025-12-31"]);
    assert!(out.contains("nhiệm vụ tính đến ngày 31/12/2025"), "{out}");
    assert!(out.contains("  01/03/2025: 2.1, 2.2"), "{out}");
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
    assert!(out.contains("mục tiêu đến năm 2025"), "{out}");
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

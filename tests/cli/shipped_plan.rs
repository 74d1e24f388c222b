//! Tests about the shipped plan.toml, gathered in one place: correcting a target or
//! a task in plan.toml breaks only the tests here that are about it. Tests of the
//! rules themselves build small plans in code (src/plan/model/fixture.rs) or edit
//! one line of the shipped plan for a command's sake.

use crate::common::{COMMUNES, SHIPPED_PLAN as PLAN, Sandbox};
use crate::plan::plan_json;
use serde_json::Value;

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
    let sb = Sandbox::shipped();
    let json = plan_json(&sb, &[]);
    let items = json["indicators"].as_array().unwrap();
    let new_units = [
        // "@commune" names every commune of the plan: the units formed on 1 July
        // 2025 too, which owe nothing, since the plan ended on 30 June 2025.
        "xa-ban-bo",
        "xa-binh-lu",
        "xa-ta-leng",
        "xa-khun-ha",
        "xa-sin-suoi-ho",
        "phuong-tan-phong",
    ];
    let communes: Vec<&str> = COMMUNES.iter().chain(&new_units).copied().collect();
    let communes = communes.as_slice();
    #[rustfmt::skip]
    let expected: [Row; 21] = [
        ("1.1", 1, ">=", Some(60.0), "higher", "ratio", Some(100.0), None, "noivu", &["noivu"]),
        ("2.1", 2, ">=", Some(50.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("2.2", 2, "<", Some(30.0), "lower", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("2.3", 2, ">=", Some(25.0), "higher", "ratio", Some(100.0), None, "tckh", &["tckh"]),
        ("3.1", 3, "<=", Some(1.7), "lower", "value", None, None, "thongke", &["thongke"]),
        ("3.2a", 3, ">=", Some(80.0), "higher", "ratio", Some(100.0), None, "vhtt", communes),
        ("3.2b", 3, ">=", Some(50.0), "higher", "ratio", Some(100.0), None, "vhtt", communes),
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
        ("6.1", 6, ">=", Some(60.0), "higher", "ratio", Some(100.0), None, "ldtbxh", communes),
        ("6.2", 6, "=", Some(100.0), "higher", "ratio", Some(100.0), None, "ldtbxh", &["ldtbxh"]),
        ("6.3", 6, "=", Some(100.0), "higher", "share", None, Some(4.0), "vhtt", communes),
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

/// Section II, the funding clause and the heading, each with its place in the source.
#[test]
fn the_whole_plan_is_there_with_its_source_references() {
    let sb = Sandbox::shipped();
    let json = plan_json(&sb, &["--tasks"]);
    let sources: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        ["II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "II.7"]
    );
    let tasks = json.as_array().unwrap();
    assert!(
        tasks[4]["vi"]
            .as_str()
            .unwrap()
            .contains("đánh giá giữa kỳ")
    );
    assert!(
        tasks[6]["vi"]
            .as_str()
            .unwrap()
            .contains("biểu dương khen thưởng")
    );
    assert!(tasks.iter().all(|t| !t["en"].as_str().unwrap().is_empty()));

    let heading = &plan_json(&sb, &[])["plan"];
    assert_eq!(heading["goal"]["source"], "I.1");
    assert!(
        heading["implements"]["vi"]
            .as_str()
            .unwrap()
            .starts_with("Kế hoạch số 1415/KH-UBND")
    );
    let funding: Vec<&str> = heading["funding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(funding, ["III.1", "III.1", "III.2"]);
    assert!(
        heading["funding"][2]["vi"]
            .as_str()
            .unwrap()
            .contains("lập dự toán ngân sách hàng năm")
    );

    let (_, out, _) = sb.run(&["plan", "--lang", "vi"]);
    for expected in [
        "Mục tiêu 1: Trong lĩnh vực chính trị",
        "(III.2)",
        "(I.1)",
        "2021–2025; chỉ tiêu đến năm 2025",
    ] {
        assert!(out.contains(expected), "{expected:?} missing:\n{out}");
    }
    assert!(
        out.find("(III.2)").unwrap() < out.find("Mục tiêu 1:").unwrap(),
        "the heading comes before the objectives"
    );
}

/// Only what section IV says: the communes have its two bullets of IV.12, the radio
/// station the one bullet of IV.7 it shares with the culture division.
#[test]
fn unit_tasks_are_only_those_of_section_iv() {
    let sb = Sandbox::shipped();
    let commune = plan_json(&sb, &["--unit", "ban-bo"]);
    assert_eq!(commune["source"], "IV.12");
    assert_eq!(commune["tasks"].as_array().unwrap().len(), 2);
    let station = plan_json(&sb, &["--unit", "daitt"]);
    assert_eq!(station["source"], "IV.7");
    // IV.11's two tasks, which every office shares, then its own.
    assert_eq!(station["tasks"].as_array().unwrap().len(), 3);
    assert!(!PLAN.contains("Báo cáo số liệu các Chỉ tiêu 3.2a"));
}

/// Targets as the source words them, and units of measure in both languages.
#[test]
fn target_wording_and_units_of_measure_in_both_languages() {
    let sb = Sandbox::shipped();
    let json = plan_json(&sb, &[]);
    let item = |id: &str| -> Value {
        json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(item("5.2b")["target_wording"]["vi"], "đạt khoảng trên 95%");
    assert_eq!(item("5.2a")["target_wording"]["vi"], "đạt trên 99%");
    assert_eq!(
        item("5.4a")["target_wording"]["vi"],
        "đạt không dưới 50% từ năm 2025 trở đi"
    );
    assert_eq!(item("3.1")["unit_of_measure"]["vi"], "lần");
    assert_eq!(item("4.1")["unit_of_measure"]["vi"], "bé trai/100 bé gái");
    let (_, out, _) = sb.run(&["plan", "--objective", "4", "--lang", "vi"]);
    assert!(out.contains("≤ 109 bé trai/100 bé gái"), "{out}");
    assert!(
        !out.contains("boys"),
        "no English in Vietnamese output:\n{out}"
    );
}

/// What the plan says about how each item is measured over the year.
#[test]
fn accumulating_items_and_shares() {
    let sb = Sandbox::shipped();
    let json = plan_json(&sb, &[]);
    let items = json["indicators"].as_array().unwrap();
    let accumulating: Vec<&str> = items
        .iter()
        .filter(|i| i["accumulates"] == true)
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(accumulating, ["4.3", "6.1"]);
    let share_of = |id: &str| {
        items.iter().find(|i| i["id"] == id).unwrap()["share_of"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        share_of("6.3"),
        "units",
        "a share of communes (xã, thị trấn)"
    );
    assert_eq!(share_of("6.4"), "quarters", "one station, every quarter");
}

/// `plan --unit ID` as JSON, on the shipped plan.
fn unit_json(sb: &Sandbox, id: &str) -> Value {
    plan_json(sb, &["--unit", id])["unit"].clone()
}

/// BRIEF §5: the district's 13 units end on 30 June 2025, each with the unit it
/// went to as published (the three that left the former district's area
/// included), and the units formed on 1 July 2025.
#[test]
fn the_2025_merger_as_published() {
    let sb = Sandbox::shipped();
    let went_to = [
        ("na-tam", "xa-ban-bo"),
        ("ban-bo", "xa-ban-bo"),
        ("tt-tam-duong", "xa-binh-lu"),
        ("son-binh", "xa-binh-lu"),
        ("binh-lu", "xa-binh-lu"),
        ("giang-ma", "xa-ta-leng"),
        ("ho-thau", "xa-ta-leng"),
        ("ta-leng", "xa-ta-leng"),
        ("ban-hon", "xa-khun-ha"),
        ("khun-ha", "xa-khun-ha"),
        ("then-sin", "xa-sin-suoi-ho"),
        ("nung-nang", "phuong-tan-phong"),
        ("ban-giang", "phuong-tan-phong"),
    ];
    for (old, new) in went_to {
        let unit = unit_json(&sb, old);
        assert_eq!(unit["ends"], "2025-06-30", "{old}");
        assert_eq!(unit["successors"], serde_json::json!([new]), "{old}");
        assert_eq!(unit_json(&sb, new)["starts"], "2025-07-01", "{new}");
    }
    let names = [
        ("xa-ban-bo", "Xã Bản Bo"),
        ("xa-binh-lu", "Xã Bình Lư"),
        ("xa-ta-leng", "Xã Tả Lèng"),
        ("xa-khun-ha", "Xã Khun Há"),
        ("xa-sin-suoi-ho", "Xã Sin Suối Hồ"),
        ("phuong-tan-phong", "Phường Tân Phong"),
    ];
    for (id, name) in names {
        assert_eq!(unit_json(&sb, id)["name"]["vi"], name, "{id}");
    }
    // The district's six divisions end with it; what became of the others is not
    // recorded (nothing is guessed), and they owe nothing after the plan's end.
    for office in ["ldtbxh", "tckh", "tuphap", "noivu", "gddt", "vhtt"] {
        assert_eq!(unit_json(&sb, office)["ends"], "2025-06-30", "{office}");
    }
    for other in ["ttyt", "daitt", "congan", "thongke", "hoiphunu", "mttq"] {
        assert!(unit_json(&sb, other)["ends"].is_null(), "{other}");
    }
    // The sources, the secondary one cited as such, in both languages.
    for source in [
        "Resolution 1670/NQ-UBTVQH15",
        "Nghị quyết 1670/NQ-UBTVQH15",
        "a secondary source, cited as such",
        "nguồn thứ cấp",
        "Decree 45/2025/NĐ-CP",
    ] {
        assert!(PLAN.contains(source), "{source} not cited in plan.toml");
    }
}

/// BRIEF §5: the district's People's Committee, and the plan with it, end on 30
/// June 2025; the report goes to Home Affairs after the labour department merged,
/// and the 1 March transfer leaves 3.3 and 5.3 unconfirmed.
#[test]
fn the_district_ends_and_the_transfer_is_marked_where_unconfirmed() {
    let sb = Sandbox::shipped();
    let plan = plan_json(&sb, &[])["plan"].clone();
    assert_eq!(plan["ends"], "2025-06-30");
    assert_eq!(plan["issuer"]["ends"], "2025-06-30");
    let responsible = |id: &str| {
        let json = plan_json(&sb, &[]);
        let items = json["indicators"].as_array().unwrap().clone();
        let item = items.into_iter().find(|i| i["id"] == id).unwrap();
        item["responsible_as_of"].clone()
    };
    for (id, unit, confirmed) in [
        ("2.1", "noivu", true),
        ("6.1", "noivu", true),
        ("3.3", "noivu", false),
        ("5.3", "gddt", false),
    ] {
        let r = responsible(id);
        assert_eq!(r["unit"], unit, "{id}: {r}");
        assert_eq!(r["confirmed"], confirmed, "{id}: {r}");
    }
    let (_, out, _) = sb.run(&[
        "plan",
        "--objective",
        "5",
        "--as-of",
        "2025-06-30",
        "--lang",
        "vi",
    ]);
    assert!(out.contains("Phòng GD&ĐT (chưa được xác nhận)"), "{out}");
    let (_, before, _) = sb.run(&[
        "plan",
        "--objective",
        "5",
        "--as-of",
        "2025-02-28",
        "--lang",
        "vi",
    ]);
    assert!(!before.contains("chưa được xác nhận"), "{before}");
}

/// Issue 26, fidelity to the source: 4.3 in the source's words, with the age band
/// the tool adds shown as the tool's own definition; 5.1 named and worded in full;
/// 5.2b's English agreeing with its operator.
#[test]
fn items_say_what_the_source_says_and_mark_what_the_tool_adds() {
    let sb = Sandbox::shipped();
    let json = plan_json(&sb, &[]);
    let item = |id: &str| -> Value {
        let items = json["indicators"].as_array().unwrap();
        items.iter().find(|i| i["id"] == id).unwrap().clone()
    };
    let birth_rate = item("4.3");
    assert_eq!(birth_rate["name"]["vi"], "Tỷ suất sinh ở vị thành niên");
    assert_eq!(birth_rate["unit_of_measure"]["vi"], "ca sinh/1.000 phụ nữ");
    assert!(!birth_rate["name"]["en"].as_str().unwrap().contains("15"));
    assert_eq!(birth_rate["definition"]["by"], "tool");
    assert!(
        birth_rate["definition"]["vi"]
            .as_str()
            .unwrap()
            .contains("15–19")
    );
    let (_, out, _) = sb.run(&["plan", "--objective", "4", "--lang", "vi"]);
    assert!(out.contains("≤ 18 ca sinh/1.000 phụ nữ "), "{out}");
    assert!(
        out.contains("4.3: định nghĩa do công cụ thêm vào, không có trong kế hoạch: vị thành niên là phụ nữ 15–19 tuổi"),
        "{out}"
    );
    let curriculum = item("5.1");
    assert!(
        curriculum["name"]["vi"]
            .as_str()
            .unwrap()
            .ends_with("trong hệ thống giáo dục quốc dân"),
        "{curriculum}"
    );
    assert_eq!(
        curriculum["target_wording"]["vi"],
        "Nội dung giáo dục về giới, bình đẳng giới vào chương trình giảng dạy trong hệ thống giáo dục quốc dân"
    );
    let secondary = item("5.2b");
    assert_eq!(
        (secondary["op"].as_str(), secondary["target"].as_f64()),
        (Some(">"), Some(95.0))
    );
    assert_eq!(secondary["target_wording"]["en"], "above about 95 %");
    assert!(
        PLAN.contains("so 95.0 % is not met"),
        "the decision is written down"
    );
}

/// Issue 26: the source counts 18 indicators, 21 items once 3.2, 5.2 and 5.4 are
/// split; output says so where it counts them.
#[test]
fn the_source_counts_18_indicators_and_21_measured_items() {
    let sb = Sandbox::shipped();
    let json = plan_json(&sb, &[]);
    let parts: Vec<(&str, &str)> = json["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| Some((i["id"].as_str()?, i["part_of"].as_str()?)))
        .collect();
    assert_eq!(
        parts,
        [
            ("3.2a", "3.2"),
            ("3.2b", "3.2"),
            ("5.2a", "5.2"),
            ("5.2b", "5.2"),
            ("5.4a", "5.4"),
            ("5.4b", "5.4")
        ]
    );
    let (_, out, _) = sb.run(&["plan", "--lang", "vi", "--as-of", "2025-06-30"]);
    assert!(
        out.contains("18 chỉ tiêu (21 nội dung theo dõi); chỉ tiêu đề ra đến năm 2025"),
        "{out}"
    );
    let (_, out, _) = sb.run(&["check", "--as-of", "2025-06-30"]);
    assert!(
        out.contains("valid: 6 objectives, 18 indicators (21 measured items), 35 units"),
        "{out}"
    );
    let (_, out, _) = sb.run(&[
        "status",
        "--lang",
        "vi",
        "--period",
        "2025-H1",
        "--as-of",
        "2025-06-30",
    ]);
    assert!(
        out.contains("trên tổng số 18 chỉ tiêu (21 nội dung theo dõi)"),
        "{out}"
    );
    let (_, out, _) = sb.run(&["plan", "--objective", "5", "--as-of", "2025-06-30"]);
    assert!(
        out.contains("4 indicators (6 measured items); targets"),
        "{out}"
    );
}

/// Issue 26: IV.10 is a request ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam và các
/// đoàn thể: …"), shown as one; IV.11 (the agencies integrate the plan and report
/// periodically or ad hoc) is recorded, with its source, for every office.
#[test]
fn iv_10_is_a_request_and_iv_11_is_recorded() {
    let sb = Sandbox::shipped();
    for id in [
        "mttq",
        "hoiphunu",
        "huyendoan",
        "hoinongdan",
        "hoiccb",
        "ldld",
    ] {
        assert_eq!(
            plan_json(&sb, &["--unit", id])["tasks_are"],
            "requests",
            "{id}"
        );
    }
    assert_eq!(plan_json(&sb, &["--unit", "ttyt"])["tasks_are"], "duties");
    let (_, out, _) = sb.run(&[
        "plan",
        "--unit",
        "mttq",
        "--lang",
        "vi",
        "--as-of",
        "2025-01-01",
    ]);
    assert!(
        out.contains("Ủy ban Mặt trận Tổ quốc Việt Nam huyện (mttq): kế hoạch đề nghị (IV.10)"),
        "{out}"
    );
    assert!(
        out.contains("Kế hoạch đề nghị (\"Đề nghị …\"), không giao nhiệm vụ"),
        "{out}"
    );
    assert!(!out.contains("(mttq): nhiệm vụ"), "{out}");
    let (_, out, _) = sb.run(&[
        "plan",
        "--unit",
        "ttyt",
        "--lang",
        "vi",
        "--as-of",
        "2025-01-01",
    ]);
    assert!(
        out.contains("Thực hiện chế độ báo cáo định kỳ hoặc đột xuất theo quy định. (IV.11)"),
        "{out}"
    );
    assert!(PLAN.contains("[unit_tasks]\noffice = [\n  { source = \"IV.11\""));
    // The plan allows ad hoc reports and asks for none itself.
    assert!(!PLAN.contains("\n[[schedule.ad_hoc]]"));
}

/// The officer's words (issue 26): communes as "Xã …" (letters to "UBND xã …", the
/// bare name still typed), "Huyện đoàn Tam Đường", 6.4's name, units of measure as
/// the source writes them, "Phấn đấu" with the source's "Phần đầu" noted, and what
/// a share's form row counts.
#[test]
fn names_and_units_as_the_officer_writes_them() {
    let sb = Sandbox::shipped();
    for id in COMMUNES.iter().filter(|id| **id != "tt-tam-duong") {
        let name = unit_json(&sb, id)["name"]["vi"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(name.starts_with("Xã "), "{id}: {name}");
    }
    assert_eq!(
        unit_json(&sb, "huyendoan")["name"]["vi"],
        "Huyện đoàn Tam Đường"
    );
    let (code, out, err) = sb.run(&[
        "plan",
        "--unit",
        "Bản Bo",
        "--lang",
        "vi",
        "--as-of",
        "2025-06-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Xã Bản Bo (ban-bo"), "{out}");
    let json = plan_json(&sb, &[]);
    let item = |id: &str| -> Value {
        json["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        item("6.4")["name"]["vi"],
        "Tỷ lệ số quý Đài Truyền thanh - Truyền hình huyện duy trì chuyên mục, chuyên đề nâng cao nhận thức về bình đẳng giới"
    );
    assert_eq!(
        item("4.2")["target_text"]["vi"],
        "≤ 42/100.000 trẻ sinh sống"
    );
    assert_eq!(item("1.1")["target_text"]["vi"], "≥ 60%");
    assert_eq!(item("1.1")["target_text"]["en"], "≥ 60 %");
    for id in ["1.1", "6.1"] {
        let wording = item(id)["target_wording"]["vi"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            wording.starts_with("Phấn đấu đạt 60%") && wording.contains("“Phần đầu”"),
            "{id}: {wording}"
        );
    }
    assert_eq!(item("6.3")["count_unit"]["vi"], "tin, bài");
    assert_eq!(item("6.1")["no_cases"], false);
    assert_eq!(item("3.2a")["no_cases"], true);
    let (_, out, _) = sb.run(&["plan", "--objective", "6", "--lang", "vi"]);
    assert!(
        out.contains("tỷ lệ đơn vị có ≥ 4 tin, bài mỗi quý"),
        "{out}"
    );
}

/// A commune's form: 6.3 asks a number of news items a quarter, not a share; 6.1
/// (a population) does not offer "no cases: 0 and 0", 3.2a (victims) does.
#[test]
fn a_communes_form_asks_what_it_counts() {
    let sb = Sandbox::shipped();
    let (code, out, err) = sb.run(&[
        "--lang",
        "vi",
        "--as-of",
        "2025-06-01",
        "template",
        "--unit",
        "ban-bo",
        "--period",
        "2025-H1",
    ]);
    assert_eq!(code, 0, "{err}");
    let row = |id: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.split(';').nth(2) == Some(id))
            .unwrap_or_else(|| panic!("no {id} in {out}"));
        line.split(';')
            .map(|c| c.trim_matches('"').to_string())
            .collect()
    };
    let news = row("6.3");
    assert_eq!(
        (news[4].as_str(), news[5].as_str()),
        ("tin, bài", "≥ 4 tin, bài mỗi quý")
    );
    let reached = row("6.1");
    assert_eq!(reached[4], "tỷ lệ (%)");
    let reached_line = out.lines().find(|l| l.contains(";6.1;")).unwrap();
    assert!(!reached_line.contains("0 và 0"), "{reached_line}");
    let victims = out.lines().find(|l| l.contains(";3.2a;")).unwrap();
    assert!(
        victims.contains("không có trường hợp nào: ghi 0 và 0"),
        "{victims}"
    );
}

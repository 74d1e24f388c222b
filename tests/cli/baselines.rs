//! Baselines on the new map (issue 23): a unit of the next plan formed from units
//! of the previous plan has a baseline computed from their figures, by the
//! previous plan's rules, from each former unit's last reported round; a unit
//! formed partly from units outside the previous plan has a partial one.

use crate::report::example_data;
use serde_json::Value;

const NEXT_PLAN: &str = "next/plan.toml";

/// A 2026–2030 plan of two new communes, its `[previous]` the shipped plan with the
/// example data: 6.1 (a ratio) and 6.3 (a share of communes) carry over by id.
fn next_plan(formed: &str) -> String {
    format!(
        r#"[plan]
title.vi = "Kế hoạch 2026-2030 (thử)"
title.en = "Plan 2026–2030 (test)"
issuer.vi = "Ủy ban nhân dân tỉnh"
issuer.en = "Provincial People's Committee"
start_year = 2026
end_year = 2030
target_year = 2030
coordinator = "snv"

[previous]
plan = "../plan.toml"

[schedule]
first_period = "2026"
last_period = "2030"

[[schedule.reports]]
period = "year"
due = "12-15"
name.vi = "Báo cáo năm"
name.en = "Annual report"

[[objectives]]
number = 6
title.vi = "Thông tin, truyền thông"
title.en = "Information and communication"

[[indicators]]
id = "6.1"
objective = 6
name.vi = "Tỷ lệ dân số được tiếp cận kiến thức cơ bản về bình đẳng giới"
name.en = "Population reached"
op = ">="
target = 80
unit_of_measure = "%"
direction = "higher"
measure = "ratio"
scale = 100
responsible = "snv"
contributors = ["@commune"]

[[indicators]]
id = "6.3"
objective = 6
name.vi = "Tỷ lệ xã có ít nhất 4 tin, bài mỗi quý"
name.en = "Communes with 4 news items a quarter"
op = "="
target = 100
unit_of_measure = "%"
direction = "higher"
measure = "share"
threshold = 4
share_of = "units"
frequency = "quarter"
responsible = "snv"
contributors = ["@commune"]

[[units]]
id = "snv"
kind = "office"
name.vi = "Sở Nội vụ"
name.en = "Department of Home Affairs"

{formed}
"#
    )
}

const FORMED: &str = r#"[[units]]
id = "xa-ban-bo"
kind = "commune"
name.vi = "Bản Bo"
name.en = "Bản Bo commune"
formed_from = ["na-tam", "ban-bo"]

[[units]]
id = "phuong-tan-phong"
kind = "commune"
name.vi = "Phường Tân Phong"
name.en = "Tân Phong ward"
formed_from = ["nung-nang", "ban-giang"]
formed_from_outside = ["Phường Tân Phong", "Phường Đông Phong", "Xã San Thàng"]
"#;

fn run(sb: &crate::common::Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--plan", NEXT_PLAN, "--as-of", "2026-12-31"];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// The shipped plan's own figure of a unit for 6.1 in a period, as its status
/// lists it.
fn figure(sb: &crate::common::Sandbox, unit: &str, period: &str) -> (f64, f64) {
    crate::common::status_figure(sb, "2025-06-30", "6.1", unit, period)
}

#[test]
fn a_merged_communes_baseline_is_made_of_its_former_communes_figures() {
    let sb = example_data();
    sb.write(NEXT_PLAN, next_plan(FORMED));
    let (code, out, err) = run(&sb, &["status", "--indicator", "6.1", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let units = rows[0]["previous_plan"]["unit_baselines"]
        .as_array()
        .unwrap()
        .clone();
    let of = |u: &str| units.iter().find(|b| b["unit"] == u).unwrap().clone();
    // 6.1 accumulates over the year: each former commune's last annual round. Bản
    // Bo's 2024 report was rejected (examples/README.md), so its figure is 2023's.
    let ban_bo = of("xa-ban-bo");
    let rounds: Vec<&str> = ban_bo["formed_from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["period"].as_str().unwrap())
        .collect();
    assert_eq!(rounds, ["2024", "2023"], "{ban_bo}");
    assert_eq!(
        (ban_bo["reported"].as_u64(), ban_bo["former_units"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(ban_bo["partial"], false);
    let tan_phong = of("phuong-tan-phong");
    assert_eq!(tan_phong["partial"], true, "{tan_phong}");
    assert_eq!(
        tan_phong["formed_from_outside"].as_array().unwrap().len(),
        3
    );
    // The value is Σ numerators / Σ denominators of the former communes' figures
    // of those rounds, as the shipped plan's status gives them.
    let ((n1, d1), (n2, d2)) = (figure(&sb, "na-tam", "2024"), figure(&sb, "ban-bo", "2023"));
    let expected = (n1 + n2) / (d1 + d2) * 100.0;
    assert!(
        (ban_bo["value"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{ban_bo}"
    );
    // A share of communes (6.3) comes from the last round whose every quarter is in.
    let (_, out, _) = run(&sb, &["status", "--indicator", "6.3", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let units = rows[0]["previous_plan"]["unit_baselines"]
        .as_array()
        .unwrap();
    assert!(
        units
            .iter()
            .all(|b| b["formed_from"][0]["period"] == "2025-H1"),
        "{units:?}"
    );
}

#[test]
fn status_and_plan_show_the_baselines_with_their_coverage() {
    let sb = example_data();
    sb.write(NEXT_PLAN, next_plan(FORMED));
    let (code, out, err) = run(&sb, &["--lang", "vi", "status", "--indicator", "6.1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Số liệu gốc của các đơn vị hình thành từ đơn vị của kế hoạch 2021–2025"),
        "{out}"
    );
    assert!(out.contains("2/2 đơn vị cũ đã báo cáo"), "{out}");
    assert!(out.contains("một phần: còn hình thành từ Phường Tân Phong, Phường Đông Phong, Xã San Thàng, ngoài kế hoạch trước"), "{out}");
    let (code, out, err) = run(&sb, &["plan", "--unit", "xa-ban-bo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 of 2 former units reported"), "{out}");
    assert!(
        out.contains("na-tam: 2024, ban-bo (until 2025-06-30): 2023"),
        "{out}"
    );
}

#[test]
fn a_former_unit_the_previous_plan_does_not_have_is_refused_at_its_line() {
    let sb = example_data();
    let plan = next_plan(&FORMED.replace("\"na-tam\"", "\"na-tamm\""));
    sb.write(NEXT_PLAN, &plan);
    let line = crate::common::line_of(&plan, "formed_from = [\"na-tamm\"");
    for (lang, said) in [
        (
            "en",
            "formed_from \"na-tamm\": the previous plan has no unit \"na-tamm\"",
        ),
        (
            "vi",
            "formed_from \"na-tamm\": kế hoạch trước không có đơn vị \"na-tamm\"",
        ),
    ] {
        let (code, _, err) = run(&sb, &["--lang", lang, "status"]);
        assert_eq!(code, 1);
        assert!(
            err.contains(&format!("{NEXT_PLAN}:{line}")) && err.contains(said),
            "{err}"
        );
        assert!(err.contains("\"na-tam\""), "the nearest id: {err}");
    }
    // Without [previous], formed_from is refused where it is written.
    let plan = next_plan(FORMED).replace("[previous]\nplan = \"../plan.toml\"\n", "");
    sb.write(NEXT_PLAN, &plan);
    let (code, _, err) = run(&sb, &["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "`formed_from` names units of the previous plan, but this plan has no [previous]"
        ),
        "{err}"
    );
}

//! `calendar`: the year's report due dates and campaign days, in date order.

use crate::common::Sandbox;
use serde_json::Value;

fn run_ok(sb: &Sandbox, args: &[&str]) -> String {
    let (code, out, err) = sb.run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// (date cell, kind cell, what cell) of each table row.
fn rows(table: &str) -> Vec<(String, String, String)> {
    table
        .lines()
        .filter(|l| l.starts_with('│'))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect();
            assert_eq!(cells.len(), 3, "{l}");
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

#[test]
fn year_2025_in_date_order() {
    let sb = Sandbox::new();
    let out = run_ok(
        &sb,
        &["calendar", "--year", "2025", "--as-of", "2023-01-01"],
    );
    assert!(out.starts_with("Calendar 2025\n"), "{out}");
    let rows = rows(&out);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("date", "kind", "what"),
            ("2025-03-08", "campaign", "International Women's Day"),
            (
                "2025-06-05",
                "report due",
                "6-month report 2025-H1 due (every unit, to People's Committee of Tam Đường district (through Division of Home Affairs))"
            ),
            ("2025-06-28", "campaign", "Vietnamese Family Day"),
            ("2025-10-20", "campaign", "Vietnamese Women's Day"),
            (
                "2025-11-15 – 2025-12-15",
                "campaign",
                "Action Month for gender equality and against gender-based violence"
            ),
            (
                "2025-12-15",
                "report due",
                "Annual report 2025 due (every unit, to People's Committee of Tam Đường district (through Division of Home Affairs))"
            ),
        ]
    );
    assert!(!out.contains("No report is due"), "{out}");
}

#[test]
fn json_lists_dates_kinds_and_periods() {
    let sb = Sandbox::new();
    let out = run_ok(
        &sb,
        &[
            "calendar",
            "--year",
            "2025",
            "--format",
            "json",
            "--as-of",
            "2023-01-01",
        ],
    );
    let events: Vec<Value> = serde_json::from_str(&out).unwrap();
    let got: Vec<(&str, Option<&str>, &str, Option<&str>)> = events
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap(),
                e["end"].as_str(),
                e["kind"].as_str().unwrap(),
                e["period"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2025-03-08", None, "campaign", None),
            ("2025-06-05", None, "report_due", Some("2025-H1")),
            ("2025-06-28", None, "campaign", None),
            ("2025-10-20", None, "campaign", None),
            ("2025-11-15", Some("2025-12-15"), "campaign", None),
            ("2025-12-15", None, "report_due", Some("2025")),
        ]
    );
    assert_eq!(events[1]["name"]["en"], "6-month report");
    assert_eq!(events[1]["name"]["vi"], "Báo cáo sơ kết 6 tháng");
    assert_eq!(events[5]["name"]["vi"], "Báo cáo tổng kết năm");
}

#[test]
fn vietnamese() {
    let sb = Sandbox::new();
    let out = run_ok(
        &sb,
        &[
            "calendar",
            "--year",
            "2025",
            "--lang",
            "vi",
            "--as-of",
            "2023-01-01",
        ],
    );
    assert!(out.starts_with("Lịch năm 2025\n"), "{out}");
    let rows = rows(&out);
    assert_eq!(rows[0], ("ngày".into(), "loại".into(), "nội dung".into()));
    assert_eq!(
        rows[2],
        (
            "05/06/2025".into(),
            "hạn báo cáo".into(),
            "Hạn gửi báo cáo sơ kết 6 tháng đầu năm 2025 (mọi đơn vị, gửi Ủy ban nhân dân huyện Tam Đường (qua Phòng Nội vụ))".into()
        )
    );
    assert_eq!(
        rows[1],
        (
            "08/03/2025".into(),
            "truyền thông".into(),
            "Ngày Quốc tế Phụ nữ".into()
        )
    );
    assert_eq!(rows[6].1, "hạn báo cáo");
    assert!(
        !out.contains("campaign") && !out.contains("report due"),
        "{out}"
    );
}

#[test]
fn a_year_without_reports_says_so() {
    let sb = Sandbox::new();
    let out = run_ok(
        &sb,
        &["calendar", "--year", "2020", "--as-of", "2023-01-01"],
    );
    let rows = rows(&out);
    assert_eq!(rows.len(), 5, "header and four campaigns: {out}");
    assert!(rows.iter().all(|r| r.1 != "report due"), "{out}");
    assert!(
        out.contains("No report is due in 2020: the plan's reports run from 2021 to 2025."),
        "{out}"
    );
    let out = run_ok(
        &sb,
        &[
            "calendar",
            "--year",
            "2020",
            "--lang",
            "vi",
            "--as-of",
            "2023-01-01",
        ],
    );
    assert!(out.contains("Năm 2020 không có hạn báo cáo"), "{out}");
    let out = run_ok(
        &sb,
        &[
            "calendar",
            "--year",
            "2020",
            "--format",
            "json",
            "--as-of",
            "2023-01-01",
        ],
    );
    let events: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(events.iter().all(|e| e["kind"] == "campaign"));
}

#[test]
fn first_year_has_only_the_annual_report_and_the_default_year_is_the_as_of_year() {
    let sb = Sandbox::new();
    let out = run_ok(
        &sb,
        &["calendar", "--year", "2021", "--as-of", "2023-01-01"],
    );
    let due: Vec<String> = rows(&out)
        .into_iter()
        .filter(|r| r.1 == "report due")
        .map(|r| r.0)
        .collect();
    assert_eq!(due, ["2021-12-15"]);
    let out = run_ok(&sb, &["calendar", "--as-of", "2024-03-01"]);
    assert!(out.starts_with("Calendar 2024\n"), "{out}");
    assert!(out.contains("6-month report 2024-H1 due"), "{out}");
}

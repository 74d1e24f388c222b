//! Roll-up: another office's data file, written by gender-plan elsewhere, ingested
//! into this one (issue 24): its figures and withdrawals with their provenance,
//! the union in `status`, a no-op the second time, and each refusal with its reason.

use crate::common::{Sandbox, edited_plan};
use serde_json::Value;

const AS_OF: &str = "2025-01-10";

/// Runs with the data file `data` as of [`AS_OF`].
fn run_on(sb: &Sandbox, data: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--data", data, "--as-of", AS_OF];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn ok_on(sb: &Sandbox, data: &str, args: &[&str]) -> String {
    let (code, out, err) = run_on(sb, data, args);
    assert_eq!(code, 0, "{args:?}:\n{out}{err}");
    out
}

/// Two communes, each keeping its own data file: Bản Bo (with a correction and a
/// withdrawal) and Nà Tăm.
fn two_communes(sb: &Sandbox) {
    sb.write(
        "ban-bo-2024.csv",
        "unit,period,indicator,numerator,denominator,submitted,note\n\
         ban-bo,2024,3.2a,3,5,2024-12-10,\n\
         ban-bo,2024,3.2b,1,4,2024-12-10,\n",
    );
    sb.write(
        "ban-bo-2024-sua.csv",
        "unit,period,indicator,numerator,denominator,submitted,note\n\
         ban-bo,2024,3.2a,4,5,2024-12-14,sửa số liệu\n",
    );
    sb.write(
        "na-tam-2024.csv",
        "unit,period,indicator,numerator,denominator,submitted\n\
         na-tam,2024,3.2a,2,2,2024-12-11\n",
    );
    ok_on(sb, "ban-bo.csv", &["ingest", "ban-bo-2024.csv"]);
    ok_on(sb, "ban-bo.csv", &["ingest", "ban-bo-2024-sua.csv"]);
    ok_on(
        sb,
        "ban-bo.csv",
        &[
            "withdraw",
            "--unit",
            "ban-bo",
            "--period",
            "2024",
            "--indicator",
            "3.2b",
            "--reason",
            "nhập nhầm",
        ],
    );
    ok_on(sb, "na-tam.csv", &["ingest", "na-tam-2024.csv"]);
}

fn status(sb: &Sandbox, data: &str) -> Value {
    serde_json::from_str(&ok_on(
        sb,
        data,
        &["status", "--period", "2024", "--format", "json"],
    ))
    .unwrap()
}

/// The communes' figures and withdrawals, rolled up into the province's data file,
/// stand there as they stood in each commune; the union is what `status` shows.
#[test]
fn two_communes_data_files_roll_up_into_the_province() {
    let sb = Sandbox::new();
    two_communes(&sb);
    // The province ingests what the units sent directly: the same figures.
    for file in ["ban-bo-2024.csv", "ban-bo-2024-sua.csv", "na-tam-2024.csv"] {
        ok_on(&sb, "direct.csv", &["ingest", file]);
    }
    ok_on(
        &sb,
        "direct.csv",
        &[
            "withdraw",
            "--unit",
            "ban-bo",
            "--period",
            "2024",
            "--indicator",
            "3.2b",
            "--reason",
            "nhập nhầm",
        ],
    );
    let out = ok_on(&sb, "tinh.csv", &["ingest", "ban-bo.csv", "na-tam.csv"]);
    assert!(
        out.contains("ban-bo.csv: ban-bo, 2024: rolled up from another office's data file: 1 new, 0 updated, 0 unchanged, 0 blank, 2 superseded, 1 withdrawal(s)"),
        "{out}"
    );
    assert!(out.contains("na-tam.csv"), "{out}");
    assert_eq!(status(&sb, "tinh.csv"), status(&sb, "direct.csv"));
    // Provenance: the unit's file, and the commune's data file it came through.
    let history: Vec<Value> = serde_json::from_str(&ok_on(
        &sb,
        "tinh.csv",
        &["history", "--unit", "ban-bo", "--format", "json"],
    ))
    .unwrap();
    let corrected = history
        .iter()
        .find(|h| h["source_file"] == "ban-bo-2024-sua.csv")
        .unwrap_or_else(|| panic!("{history:#?}"));
    assert_eq!(corrected["via"]["file"], "ban-bo.csv", "{corrected:#}");
    assert_eq!(corrected["via"]["by"], "tester", "{corrected:#}");
    ok_on(&sb, "tinh.csv", &["check"]);
}

/// A data file already rolled up is known by its bytes: nothing is written; a
/// commune's file that grew since brings only its new rows.
#[test]
fn rolling_up_again_is_a_no_op_and_a_grown_file_brings_only_its_new_rows() {
    let sb = Sandbox::new();
    two_communes(&sb);
    ok_on(&sb, "tinh.csv", &["ingest", "ban-bo.csv"]);
    let before = sb.read("tinh.csv");
    let out = ok_on(&sb, "tinh.csv", &["ingest", "ban-bo.csv"]);
    assert!(out.contains("already recorded on"), "{out}");
    assert_eq!(sb.read("tinh.csv"), before, "nothing written");
    sb.write(
        "ban-bo-2024-6.csv",
        "unit,period,indicator,numerator,denominator,submitted\nban-bo,2023,3.2a,1,3,2023-12-15\n",
    );
    ok_on(&sb, "ban-bo.csv", &["ingest", "ban-bo-2024-6.csv"]);
    let out = ok_on(&sb, "tinh.csv", &["ingest", "ban-bo.csv"]);
    assert!(
        out.contains("1 new, 0 updated, 0 unchanged, 0 blank, 4 already recorded"),
        "{out}"
    );
}

/// A figure that contradicts the one recorded here (same key, same submitted day)
/// refuses the whole file, at its line, in both languages.
#[test]
fn a_conflicting_figure_refuses_the_file_in_both_languages() {
    let sb = Sandbox::new();
    two_communes(&sb);
    sb.write(
        "khac.csv",
        "unit,period,indicator,numerator,denominator,submitted\n\
         ban-bo,2024,3.2a,1,5,2024-12-10\n",
    );
    ok_on(&sb, "tinh.csv", &["ingest", "khac.csv"]);
    let before = sb.read("tinh.csv");
    let (code, out, err) = run_on(&sb, "tinh.csv", &["ingest", "ban-bo.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("REJECTED"), "{out}");
    assert!(
        err.contains("ban-bo.csv:2: error: indicator 3.2a for ban-bo, 2024: 3/5 here, but 1/5 is recorded (from khac.csv), both submitted 2024-12-10"),
        "{err}"
    );
    assert_eq!(sb.read("tinh.csv"), before, "nothing half-done");
    let (_, _, err) = run_on(&sb, "tinh.csv", &["--lang", "vi", "ingest", "ban-bo.csv"]);
    assert!(
        err.contains(
            "nhưng số liệu đã ghi nhận là 1/5 (từ tệp khac.csv), cả hai gửi ngày 10/12/2024"
        ),
        "{err}"
    );
}

/// A unit this plan does not know, and a row changed by hand, refuse the file.
#[test]
fn unknown_units_and_tampered_rows_refuse_the_file() {
    let sb = Sandbox::new();
    // Another office whose plan has a unit this one lacks.
    sb.write(
        "other.toml",
        edited_plan("id = \"na-tam\"", "id = \"na-tam-moi\""),
    );
    sb.write(
        "moi.csv",
        "unit,period,indicator,numerator,denominator,submitted\n\
         na-tam-moi,2024,3.2a,2,2,2024-12-11\n",
    );
    ok_on(
        &sb,
        "xa.csv",
        &["--plan", "other.toml", "ingest", "moi.csv"],
    );
    let (code, _, err) = run_on(&sb, "tinh.csv", &["ingest", "xa.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "xa.csv:2: error: unit \"na-tam-moi\" is not in this plan (2024, indicator 3.2a)"
        ),
        "{err}"
    );
    let (_, _, err) = run_on(&sb, "tinh.csv", &["--lang", "vi", "ingest", "xa.csv"]);
    assert!(
        err.contains("đơn vị \"na-tam-moi\" không có trong kế hoạch này"),
        "{err}"
    );
    assert!(!sb.path("tinh.csv").exists(), "nothing written");

    two_communes(&sb);
    let text = String::from_utf8(sb.read("na-tam.csv")).unwrap();
    sb.write(
        "na-tam.csv",
        text.replace(",2,2,2024-12-11,", ",1,2,2024-12-11,"),
    );
    let (code, _, err) = run_on(&sb, "tinh.csv", &["ingest", "na-tam.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("na-tam.csv:2: error: the checksum does not match"),
        "{err}"
    );
}

/// A figure another office recorded that this plan refuses from a unit's own file
/// (here: for a period after this plan's end) is refused in a roll-up too.
#[test]
fn a_figure_this_plan_refuses_is_refused_in_a_roll_up() {
    let sb = Sandbox::new();
    sb.write(
        "a.csv",
        "unit,period,indicator,numerator,denominator,submitted\n\
         ban-bo,2025,3.2a,1,2,2025-12-10\n",
    );
    let (code, out, err) = sb.run(&[
        "--data",
        "xa.csv",
        "--as-of",
        "2025-12-20",
        "ingest",
        "a.csv",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // This office's plan ends at 2025-06-30: no report for 2025 is owed.
    sb.write(
        "ended.toml",
        edited_plan(
            "issuer.en = \"People's Committee of Tam Đường district\"\n",
            "issuer.en = \"People's Committee of Tam Đường district\"\nends = \"2025-06-30\"\n",
        ),
    );
    let (code, _, err) = sb.run(&[
        "--plan",
        "ended.toml",
        "--data",
        "tinh.csv",
        "--as-of",
        "2025-12-20",
        "ingest",
        "xa.csv",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("xa.csv:2: error: no report for 2025 is owed"),
        "{err}"
    );
}

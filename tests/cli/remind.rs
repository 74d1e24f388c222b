//! `gender-plan remind`: the reminder letter to the units late with a round's
//! report. It names exactly the units `overdue` names as missing or incomplete,
//! with what each still owes; it writes nothing for a round with nobody late;
//! `--each` writes a letter per unit and the mail-merge list with the units'
//! contacts from plan.toml or units.csv, every cell formula-safe.

use super::common::*;
use super::report::example_data;
use serde_json::Value;

/// A day the district still existed (it ended on 30 June 2025): no letter is signed
/// for it later.
const AS_OF: &str = "2025-06-20";

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--as-of", AS_OF];
    all.extend(args);
    all.extend(["--format", "json"]);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// (unit, status, days late, missing indicators) of each entry, as listed.
fn who_and_what(entries: &[Value]) -> Vec<(String, String, i64, Vec<String>)> {
    entries
        .iter()
        .map(|e| {
            (
                e["unit"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
                e["days_late"].as_i64().unwrap(),
                e["missing_indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn remind_and_overdue_agree_on_who_is_late_and_what_is_missing() {
    let sb = example_data();
    let mut letters = 0;
    for selection in [
        vec!["--period", "2025-H1"],
        vec!["--period", "2024"],
        vec!["--period", "2024"],
        vec!["--period", "2023-H1"],
        vec!["--deadline", "2022-12-15"],
        vec!["--period", "2024", "--kind", "commune"],
        vec!["--period", "2024", "--kind", "office"],
        vec!["--period", "2025-H1", "--unit", "ho-thau"],
    ] {
        let mut overdue_args = vec!["overdue"];
        overdue_args.extend(&selection);
        let overdue = json(&sb, &overdue_args);
        let outstanding: Vec<Value> = overdue
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| ["missing", "incomplete"].contains(&e["status"].as_str().unwrap()))
            .cloned()
            .collect();
        let mut remind_args = vec!["--as-of", AS_OF, "remind", "--format", "json"];
        remind_args.extend(&selection);
        let (code, out, err) = sb.run(&remind_args);
        assert_eq!(code, 0, "{selection:?}: {err}");
        if outstanding.is_empty() {
            assert!(out.is_empty(), "{selection:?}: a letter with nobody late");
            assert!(err.contains("no letter"), "{selection:?}: {err}");
            continue;
        }
        letters += 1;
        let letter: Value = serde_json::from_str(&out).unwrap();
        let units = letter["units"].as_array().unwrap();
        assert_eq!(
            who_and_what(units),
            who_and_what(&outstanding),
            "{selection:?}: remind and overdue disagree"
        );
        let to: Vec<&str> = letter["to"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(to.len(), units.len(), "{selection:?}: one addressee a unit");
    }
    assert!(
        letters >= 4,
        "the example data has late units in several rounds"
    );
}

#[test]
fn the_letter_says_what_each_unit_owes_and_the_new_deadline_in_both_languages() {
    let sb = example_data();
    let args = |lang: &'static str| {
        vec![
            "--as-of",
            AS_OF,
            "--lang",
            lang,
            "remind",
            "--period",
            "2025-H1",
            "--by",
            "2025-06-28",
            "--format",
            "markdown",
        ]
    };
    let (code, vi, err) = sb.run(&args("vi"));
    assert_eq!(code, 0, "{err}");
    for needle in [
        "V/v đôn đốc gửi báo cáo sơ kết 6 tháng đầu năm 2025",
        "Kính gửi:",
        "- UBND xã Hồ Thầu;",
        "- UBND xã Khun Há.",
        "UBND xã Hồ Thầu: chưa gửi báo cáo (quá hạn 15 ngày);",
        "UBND xã Khun Há: còn thiếu số liệu chỉ tiêu 6.3 (",
        "trước ngày 28/06/2025",
        "hạn 05/06/2025",
        "Nơi nhận:",
        "Vũ Xuân Thịnh",
    ] {
        let flat = vi.replace("trước ngày 05/06/2025", "hạn 05/06/2025");
        assert!(flat.contains(needle), "{needle:?} not in:\n{vi}");
    }
    let (code, en, err) = sb.run(&args("en"));
    assert_eq!(code, 0, "{err}");
    for needle in [
        "Re: reminder to send the",
        "Hồ Thầu commune: the report has not been sent (15 day(s) overdue)",
        "by 2025-06-28",
    ] {
        assert!(en.contains(needle), "{needle:?} not in:\n{en}");
    }
}

#[test]
fn a_round_with_nobody_late_gets_no_letter_and_says_so() {
    let sb = example_data();
    for (lang, said) in [
        ("en", "no letter is written"),
        ("vi", "không cần soạn công văn"),
    ] {
        let (code, out, err) = sb.run(&[
            "--as-of",
            AS_OF,
            "--lang",
            lang,
            "remind",
            "--period",
            "2025-H1",
            "--unit",
            "ban-bo",
            "-o",
            "letter.html",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty() && err.contains(said), "{lang}: {err}");
        assert!(!sb.path("letter.html").exists(), "no letter written");
    }
    // Before the due date nobody is late yet.
    let (code, out, err) = sb.run(&["--as-of", "2025-06-01", "remind", "--period", "2025-H1"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.is_empty() && err.contains("nobody is late yet"),
        "{err}"
    );
}

#[test]
fn a_new_deadline_before_the_as_of_day_is_refused() {
    let sb = example_data();
    let (code, _, err) = sb.run(&[
        "--as-of",
        AS_OF,
        "remind",
        "--period",
        "2025-H1",
        "--by",
        "2025-06-01",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("is not after"), "{err}");
}

/// The mail-merge list of an `--each` folder: rows by unit id.
fn mail_merge(sb: &Sandbox, folder: &str) -> Vec<csv::StringRecord> {
    let bytes = sb.read(&format!("{folder}/mail-merge.csv"));
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .from_reader(body)
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn each_unit_gets_its_letter_and_the_mail_merge_list_has_its_contacts() {
    let sb = example_data();
    // Contacts in plan.toml; one of them written to run as a formula.
    let plan = edited_shipped_plan(
        "id = \"ho-thau\"\n",
        "id = \"ho-thau\"\nemail = \"ubnd.hothau@laichau.gov.vn\"\nphone = \"=HYPERLINK(\\\"http://x\\\")\"\n",
    );
    assert!(plan.contains("ubnd.hothau"), "the plan has ho-thau");
    sb.write("plan.toml", &plan);
    let (code, _, err) = sb.run(&[
        "--as-of", AS_OF, "remind", "--period", "2025-H1", "--format", "docx", "--each", "letters",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 reminder letter(s)"), "{err}");
    for unit in ["ho-thau", "khun-ha"] {
        let bytes = sb.read(&format!("letters/{unit}.docx"));
        assert!(bytes.starts_with(b"PK"), "{unit}: a Word file");
    }
    let rows = mail_merge(&sb, "letters");
    assert_eq!(rows.len(), 2);
    let ho_thau = rows.iter().find(|r| &r[0] == "ho-thau").unwrap();
    assert_eq!(&ho_thau[2], "ubnd.hothau@laichau.gov.vn");
    assert!(
        ho_thau[3].starts_with('\''),
        "the phone cell is neutralised: {:?}",
        &ho_thau[3]
    );
    assert_eq!(&ho_thau[6], "ho-thau.docx");
    let khun_ha = rows.iter().find(|r| &r[0] == "khun-ha").unwrap();
    assert_eq!((&khun_ha[2], &khun_ha[3]), ("", ""), "no contact given");
    assert_eq!(&khun_ha[5], "6.3");
    // A second run does not replace the letters without --force.
    let again = [
        "--as-of", AS_OF, "remind", "--period", "2025-H1", "--format", "docx", "--each", "letters",
    ];
    let (code, _, err) = sb.run(&again);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    let mut forced = again.to_vec();
    forced.push("--force");
    let (code, _, err) = sb.run(&forced);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn contacts_may_come_from_the_units_file_and_plans_without_them_still_load() {
    let sb = example_data();
    // The shipped plan has no contacts: it loads, and the list's contact cells are empty.
    assert!(
        !SHIPPED_PLAN.contains("email"),
        "the shipped plan has no contacts"
    );
    let (code, _, err) = sb.run(&[
        "--as-of", AS_OF, "remind", "--period", "2025-H1", "--each", "a",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        mail_merge(&sb, "a")
            .iter()
            .all(|r| r[2].is_empty() && r[3].is_empty())
    );
    // Units in units.csv, with email and phone columns.
    let (plan, units) = super::plan::plan_with_units_file();
    let mut lines: Vec<String> = units.lines().map(String::from).collect();
    lines[0].push_str(",email,phone");
    for line in &mut lines[1..] {
        if line.starts_with("\"khun-ha\"") {
            line.push_str(",khunha@example.vn,+84 213 3000 000");
        }
    }
    sb.write("plan.toml", &plan);
    sb.write("units.csv", lines.join("\n") + "\n");
    let (code, _, err) = sb.run(&[
        "--as-of", AS_OF, "remind", "--period", "2025-H1", "--each", "b",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows = mail_merge(&sb, "b");
    let khun_ha = rows.iter().find(|r| &r[0] == "khun-ha").unwrap();
    assert_eq!(&khun_ha[2], "khunha@example.vn");
    // A telephone number is a number to formula_safe: kept as written.
    assert_eq!(&khun_ha[3], "+84 213 3000 000");
}

#[test]
fn the_letter_never_replaces_the_plan_or_the_data_file() {
    let sb = example_data();
    for target in ["plan.toml", "gender-plan-data.csv"] {
        let (code, _, err) = sb.run(&[
            "--as-of", AS_OF, "remind", "--period", "2025-H1", "-o", target, "--force",
        ]);
        assert_eq!(code, 1, "{target}");
        assert!(err.contains("never overwritten"), "{target}: {err}");
    }
    assert_eq!(
        sb.read("plan.toml"),
        SHIPPED_PLAN.as_bytes(),
        "the plan is untouched"
    );
    // --each checks every target first: an existing letter stops the run before any
    // file is written.
    sb.write("letters/khun-ha.html", "an officer's edited letter");
    let (code, _, err) = sb.run(&[
        "--as-of", AS_OF, "remind", "--period", "2025-H1", "--each", "letters",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(!sb.path("letters/ho-thau.html").exists(), "nothing written");
    assert!(
        !sb.path("letters/mail-merge.csv").exists(),
        "nothing written"
    );
}

/// Issue 26: on the due day itself nobody is late, unless the plan reads "trước
/// ngày 05/6" strictly (`due_day = "late"`): then the letter is written that day.
#[test]
fn on_the_due_day_a_letter_is_written_only_when_the_due_day_is_late() {
    for (setting, late) in [("", false), ("\ndue_day = \"late\"", true)] {
        let sb = Sandbox::empty();
        let last = "last_period = \"2025\"";
        sb.write(
            "plan.toml",
            crate::common::edited_plan(last, &format!("{last}{setting}")),
        );
        let (code, out, err) = sb.run(&["--as-of", "2024-06-05", "remind", "--period", "2024-H1"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            err.contains("nobody is late yet"),
            !late,
            "{setting:?}: {err}"
        );
        assert_eq!(out.contains("2024-06-05"), late, "{setting:?}: {out}");
    }
}

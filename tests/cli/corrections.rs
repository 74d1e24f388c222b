//! Corrections that stick: which revision is current, withdrawals, history, and one
//! meaning of "as of" across commands.

use crate::common::Sandbox;
use serde_json::Value;

const AS_OF: &str = "2025-12-31";
const HEADER: &str = "unit,period,indicator,numerator,denominator,value,note,submitted";

/// A commune's 6-month report, submitted on `day`, with 6.1 = `reached`/3800.
fn report(reached: u32, day: &str) -> String {
    format!(
        "{HEADER}\n\
         ban-bo,2025-H1,3.2a,1,2,,,{day}\n\
         ban-bo,2025-H1,6.1,{reached},3800,,,{day}\n"
    )
}

/// The submissions behind `tests/fixtures/release-0.1/data.csv`, in the order they
/// were ingested.
const FIRST_RELEASE_FILES: [&str; 3] = [
    "tuphap-2024.csv",
    "ban-bo-2025-H1.csv",
    "ban-bo-2025-H1-corrected.csv",
];

/// Copies a file of `tests/fixtures/release-0.1` into the sandbox.
fn copy_fixture(sb: &Sandbox, name: &str) {
    let from = format!(
        "{}/tests/fixtures/release-0.1/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    sb.write(name, std::fs::read(from).unwrap());
}

fn run(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn ok(sb: &Sandbox, args: &[&str]) -> String {
    let (code, out, err) = run(sb, args);
    assert_eq!(code, 0, "{args:?}:\n{out}{err}");
    out
}

/// The current figure of ban-bo's 6.1 for 2025-H1, from `history --format json`, as
/// (numerator, source file); None when nothing is in force.
fn current_6_1(sb: &Sandbox, as_of: &str) -> Option<(f64, String)> {
    let out = sb
        .run(&[
            "--as-of",
            as_of,
            "--data",
            "data.csv",
            "history",
            "--unit",
            "ban-bo",
            "--indicator",
            "6.1",
            "--period",
            "2025-H1",
            "--format",
            "json",
        ])
        .1;
    let entries: Vec<Value> = serde_json::from_str(&out).unwrap();
    let current: Vec<&Value> = entries.iter().filter(|e| e["state"] == "current").collect();
    assert!(current.len() <= 1, "one current revision at most: {out}");
    current.first().map(|e| {
        (
            e["figure"]["value"]["numerator"].as_f64().unwrap(),
            e["source_file"].as_str().unwrap().to_string(),
        )
    })
}

#[test]
fn the_original_ingested_after_its_correction_does_not_come_back() {
    let sb = Sandbox::new();
    sb.write("inbox/original.csv", report(1200, "29/05/2025"));
    sb.write("inbox/corrected.csv", report(1250, "05/06/2025"));
    ok(&sb, &["ingest", "inbox/corrected.csv"]);
    let out = ok(&sb, &["ingest", "inbox/original.csv"]);
    assert!(
        out.contains("inbox/original.csv: ban-bo, 2025-H1: 0 new, 0 updated, 1 unchanged, 0 blank, 1 superseded\n"),
        "{out}"
    );
    assert!(
        out.contains("superseded by inbox/corrected.csv, submitted 2025-06-05"),
        "{out}"
    );
    assert_eq!(
        current_6_1(&sb, AS_OF),
        Some((1250.0, "inbox/corrected.csv".into()))
    );
    // The officer re-runs the whole inbox: nothing changes.
    let before = sb.read("data.csv");
    let out = ok(&sb, &["ingest", "inbox"]);
    assert_eq!(out.matches("already recorded on ").count(), 2, "{out}");
    assert_eq!(sb.read("data.csv"), before);
    assert_eq!(
        current_6_1(&sb, AS_OF),
        Some((1250.0, "inbox/corrected.csv".into()))
    );
    // Both are in the history, oldest first.
    let (_, out, _) = run(
        &sb,
        &[
            "history",
            "--unit",
            "Bản Bo",
            "--indicator",
            "6.1",
            "--format",
            "csv",
        ],
    );
    let states: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(states, ["superseded", "current"], "{out}");
}

#[test]
fn an_original_and_its_correction_in_one_folder_are_both_recorded_and_the_later_wins() {
    for names in [["a.csv", "b.csv"], ["b.csv", "a.csv"]] {
        let sb = Sandbox::new();
        // Whichever name sorts first, the one submitted later wins.
        sb.write(&format!("inbox/{}", names[0]), report(1200, "29/05/2025"));
        sb.write(&format!("inbox/{}", names[1]), report(1250, "05/06/2025"));
        let out = ok(&sb, &["ingest", "inbox"]);
        assert!(out.contains("2 file(s): 2 accepted, 0 rejected"), "{out}");
        assert!(
            out.contains(&format!(
                "superseded by inbox/{}, submitted 2025-06-05",
                names[1]
            )),
            "{out}"
        );
        assert_eq!(
            current_6_1(&sb, AS_OF),
            Some((1250.0, format!("inbox/{}", names[1])))
        );
        // As of a day between the two, the original was current.
        assert_eq!(
            current_6_1(&sb, "2025-06-01"),
            Some((1200.0, format!("inbox/{}", names[0])))
        );
    }
}

#[test]
fn two_files_of_one_run_with_different_figures_on_the_same_day_are_both_rejected() {
    let sb = Sandbox::new();
    sb.write("inbox/a.csv", report(1200, "05/06/2025"));
    sb.write("inbox/b.csv", report(1250, "05/06/2025"));
    let (code, out, err) = run(&sb, &["ingest", "inbox"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("2 file(s): 0 accepted, 2 rejected"), "{out}");
    assert!(
        err.contains(
            "inbox/a.csv:3: error: indicator 6.1 for ban-bo, 2025-H1: 1,200/3,800 here, but 1,250/3,800 in inbox/b.csv:3, both submitted 2025-06-05"
        ),
        "{err}"
    );
    assert!(err.contains("inbox/b.csv:3: error:"), "{err}");
    assert!(err.contains("hint: only one can be right"), "{err}");
    assert!(!sb.path("data.csv").exists());
}

#[test]
fn withdrawing_a_figure_then_reingesting_keeps_it_withdrawn() {
    let sb = Sandbox::new();
    sb.write("r.csv", report(3250, "29/05/2025"));
    ok(&sb, &["ingest", "r.csv"]);
    let (code, _, err) = run(
        &sb,
        &[
            "withdraw",
            "--unit",
            "ban-bo",
            "--period",
            "2025-H1",
            "--indicator",
            "6.1",
        ],
    );
    assert_eq!(code, 2, "--reason is required: {err}");
    let out = ok(
        &sb,
        &[
            "withdraw",
            "--unit",
            "ban-bo",
            "--period",
            "2025-H1",
            "--indicator",
            "6.1",
            "--reason",
            "typed 3250 for 1250",
            "--by",
            "Lò Thị Mai",
        ],
    );
    assert!(
        out.contains("Withdrawn on 2025-12-31 by Lò Thị Mai: typed 3250 for 1250"),
        "{out}"
    );
    assert!(out.contains("not reported"), "{out}");
    assert_eq!(current_6_1(&sb, AS_OF), None);
    // Before the day of the withdrawal, the figure stood.
    assert_eq!(
        current_6_1(&sb, "2025-12-30"),
        Some((3250.0, "r.csv".into()))
    );
    // Re-ingesting the same file changes nothing; the unit's report is incomplete.
    let out = ok(&sb, &["ingest", "r.csv"]);
    assert!(out.contains("already recorded on "), "{out}");
    assert_eq!(current_6_1(&sb, AS_OF), None);
    let out = ok(
        &sb,
        &[
            "overdue", "--period", "2025-H1", "--unit", "ban-bo", "--format", "csv",
        ],
    );
    assert!(out.contains("incomplete") && out.contains("6.1"), "{out}");
    // Nothing left to withdraw.
    let (code, _, err) = run(
        &sb,
        &[
            "withdraw",
            "--unit",
            "ban-bo",
            "--period",
            "2025-H1",
            "--indicator",
            "6.1",
            "--reason",
            "again",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("nothing to withdraw"), "{err}");
    // The unit sends the figure again: it is in force.
    sb.write("r2.csv", report(1250, "20/06/2025"));
    ok(&sb, &["ingest", "r2.csv"]);
    assert_eq!(current_6_1(&sb, AS_OF), Some((1250.0, "r2.csv".into())));
    // The history shows who withdrew what, when and why.
    let out = ok(
        &sb,
        &[
            "history",
            "--unit",
            "ban-bo",
            "--indicator",
            "6.1",
            "--format",
            "json",
        ],
    );
    let entries: Vec<Value> = serde_json::from_str(&out).unwrap();
    let states: Vec<&str> = entries
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["withdrawn", "current", "withdrawal"]);
    let withdrawal = &entries[2];
    assert_eq!(withdrawal["withdraws"], "*");
    assert_eq!(withdrawal["note"], "typed 3250 for 1250");
    assert_eq!(withdrawal["recorded_by"], "Lò Thị Mai");
    assert_eq!(withdrawal["submitted"], AS_OF);
}

#[test]
fn withdrawing_a_file_brings_back_the_earlier_figures() {
    let sb = Sandbox::new();
    sb.write("original.csv", report(1200, "29/05/2025"));
    sb.write("wrong.csv", report(3700, "05/06/2025"));
    ok(&sb, &["ingest", "original.csv"]);
    ok(&sb, &["ingest", "wrong.csv"]);
    assert_eq!(current_6_1(&sb, AS_OF), Some((3700.0, "wrong.csv".into())));
    let out = ok(
        &sb,
        &[
            "withdraw",
            "--file",
            "wrong.csv",
            "--reason",
            "another commune's file",
        ],
    );
    assert!(out.contains("2 figure(s) withdrawn"), "{out}");
    assert_eq!(
        current_6_1(&sb, AS_OF),
        Some((1200.0, "original.csv".into()))
    );
    // Re-ingesting the withdrawn file does not bring it back, and says why.
    let out = ok(&sb, &["ingest", "wrong.csv"]);
    assert!(
        out.contains("withdrawn on 2025-12-31: another commune's file"),
        "{out}"
    );
    assert_eq!(
        current_6_1(&sb, AS_OF),
        Some((1200.0, "original.csv".into()))
    );
    // --again records it anew, on purpose.
    ok(&sb, &["ingest", "--again", "wrong.csv"]);
    assert_eq!(current_6_1(&sb, AS_OF), Some((3700.0, "wrong.csv".into())));
    // Recorded again after the withdrawal: no longer reported as withdrawn.
    let out = ok(&sb, &["ingest", "wrong.csv"]);
    assert!(
        out.contains("already recorded on ") && !out.contains("withdrawn"),
        "{out}"
    );
    // An unknown file is refused with the way to find it.
    let (code, _, err) = run(&sb, &["withdraw", "--file", "nothing.csv", "--reason", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("`gender-plan history` shows"), "{err}");
}

#[test]
fn a_dry_run_withdrawal_writes_nothing() {
    let sb = Sandbox::new();
    sb.write("r.csv", report(1200, "29/05/2025"));
    ok(&sb, &["ingest", "r.csv"]);
    let before = sb.read("data.csv");
    let out = ok(
        &sb,
        &[
            "withdraw",
            "--file",
            "r.csv",
            "--reason",
            "test",
            "--dry-run",
        ],
    );
    assert!(out.contains("2 figure(s) would be withdrawn"), "{out}");
    assert_eq!(sb.read("data.csv"), before);
}

/// A revision submitted after the as-of date does not exist yet for any command;
/// and what a command says as of a past day does not change when later revisions
/// are recorded.
#[test]
fn status_and_overdue_agree_as_of_a_day_before_a_late_revision() {
    let sb = Sandbox::new();
    let annual = |day: &str| {
        format!(
            "{HEADER}\nldtbxh,2024,2.1,12,40,,,{day}\nldtbxh,2024,2.2,3,10,,,{day}\nldtbxh,2024,3.3,1,4,,,{day}\nldtbxh,2024,5.3,1,2,,,{day}\nldtbxh,2024,6.2,9,10,,,{day}\n"
        )
    };
    sb.write("late.csv", annual("01/03/2025"));
    let at = |day: &str, args: &[&str]| {
        let mut all = vec!["--as-of", day, "--data", "data.csv"];
        all.extend_from_slice(args);
        sb.run(&all).1
    };
    let status_before = at(
        "2024-12-31",
        &["status", "--indicator", "2.1", "--format", "json"],
    );
    let overdue_before = at(
        "2024-12-31",
        &[
            "overdue", "--period", "2024", "--unit", "ldtbxh", "--format", "json",
        ],
    );
    let (code, out, err) = sb.run(&[
        "--as-of",
        "2025-03-01",
        "--data",
        "data.csv",
        "ingest",
        "late.csv",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let status_after = at(
        "2024-12-31",
        &["status", "--indicator", "2.1", "--format", "json"],
    );
    let overdue_after = at(
        "2024-12-31",
        &[
            "overdue", "--period", "2024", "--unit", "ldtbxh", "--format", "json",
        ],
    );
    assert_eq!(
        status_before, status_after,
        "status as of 2024-12-31 changed"
    );
    assert_eq!(
        overdue_before, overdue_after,
        "overdue as of 2024-12-31 changed"
    );
    // And they agree: the unit is missing, and 2.1 has no 2024 value.
    assert!(overdue_after.contains("\"missing\""), "{overdue_after}");
    let rows: Vec<Value> = serde_json::from_str(&status_after).unwrap();
    let y2024 = rows.iter().find(|r| r["period"] == "2024").unwrap();
    assert_eq!(y2024["value"], Value::Null, "{y2024}");
    // As of the day it came, both see it.
    let status = at(
        "2025-03-01",
        &["status", "--indicator", "2.1", "--format", "json"],
    );
    let rows: Vec<Value> = serde_json::from_str(&status).unwrap();
    let y2024 = rows.iter().find(|r| r["period"] == "2024").unwrap();
    assert_eq!(y2024["value"], 30.0, "{y2024}");
    let overdue = at(
        "2025-03-01",
        &[
            "overdue", "--period", "2024", "--unit", "ldtbxh", "--all", "--format", "json",
        ],
    );
    assert!(overdue.contains("\"late\""), "{overdue}");
}

#[test]
fn a_file_without_submitted_dates_says_which_date_it_was_given() {
    let sb = Sandbox::new();
    sb.write(
        "r.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025-H1,6.1,1200,3800\n",
    );
    let out = ok(&sb, &["ingest", "r.csv"]);
    assert!(
        out.contains("1 row(s) have no submitted date: dated 2025-12-31, the as-of date; if the unit sent the file on another day, give that day with --received"),
        "{out}"
    );
    // With --received, the date is the officer's word: nothing to say.
    sb.write(
        "s.csv",
        "unit,period,indicator,numerator,denominator\nban-giang,2025-H1,6.1,1200,3800\n",
    );
    let out = ok(&sb, &["ingest", "--received", "02/06/2025", "s.csv"]);
    assert!(!out.contains("no submitted date"), "{out}");
}

/// The data file of the first release loads as it is, and is upgraded in place
/// (every row kept) the next time something is recorded.
#[test]
fn a_data_file_from_the_first_release_is_read_and_upgraded() {
    let sb = Sandbox::new();
    let old = include_bytes!("../fixtures/release-0.1/data.csv");
    sb.write("data.csv", old);
    for name in FIRST_RELEASE_FILES {
        copy_fixture(&sb, name);
    }
    let history = || ok(&sb, &["history", "--format", "json"]);
    let before = history();
    let entries: Vec<Value> = serde_json::from_str(&before).unwrap();
    assert_eq!(entries.len(), 8);
    assert_eq!(
        current_6_1(&sb, AS_OF),
        Some((1250.0, "ban-bo-2025-H1-corrected.csv".into()))
    );
    ok(&sb, &["check"]);
    // The same files again: recorded already (the first release's hashes match).
    let out = ok(
        &sb,
        &[
            "ingest",
            "tuphap-2024.csv",
            "ban-bo-2025-H1.csv",
            "ban-bo-2025-H1-corrected.csv",
        ],
    );
    assert_eq!(
        out.matches("already recorded on 2026-11-29").count(),
        3,
        "{out}"
    );
    assert_eq!(
        sb.read("data.csv"),
        old.to_vec(),
        "nothing recorded, nothing upgraded"
    );
    // Something new: the file is upgraded, every old row kept.
    sb.write(
        "new.csv",
        report(1300, "10/06/2025").replace("ban-bo", "ban-hon"),
    );
    ok(&sb, &["ingest", "new.csv"]);
    let upgraded = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(upgraded.starts_with("\u{feff}recorded_at,unit,period,indicator,value,numerator,denominator,submitted,note,withdraws,recorded_by,group,source_file,source_hash,via_file,via_hash,via_recorded_at,via_recorded_by,checksum\n"));
    let after: Vec<Value> = serde_json::from_str(&history()).unwrap();
    assert_eq!(after.len(), 10);
    let old_entries: Vec<&Value> = after.iter().filter(|e| e["unit"] != "ban-hon").collect();
    assert_eq!(old_entries, entries.iter().collect::<Vec<_>>());
}

/// Whatever order the files of a unit are ingested in, one run or several, the
/// same figures are current.
#[test]
fn the_current_figures_do_not_depend_on_the_order_of_ingest() {
    let files = [
        ("a.csv", report(1200, "29/05/2025")),
        ("b.csv", report(1250, "05/06/2025")),
        ("c.csv", report(1240, "01/06/2025")),
    ];
    let orders = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    for order in orders {
        let sb = Sandbox::new();
        for i in order {
            let (name, content) = &files[i];
            sb.write(name, content);
            ok(&sb, &["ingest", name]);
        }
        assert_eq!(
            current_6_1(&sb, AS_OF),
            Some((1250.0, "b.csv".into())),
            "{order:?}"
        );
        assert_eq!(
            current_6_1(&sb, "2025-06-02"),
            Some((1240.0, "c.csv".into())),
            "{order:?}"
        );
    }
}

/// The notes behind the figures in force, and the narrative reports of a round.
#[test]
fn notes_and_status_show_what_the_units_wrote() {
    let sb = Sandbox::new();
    for name in FIRST_RELEASE_FILES {
        copy_fixture(&sb, name);
        ok(&sb, &["ingest", name]);
    }
    let out = ok(&sb, &["notes", "--period", "2025-H1", "--format", "csv"]);
    assert!(
        out.contains("Báo cáo: đã tổ chức \"\"Tháng hành động\"\" tại 8 thôn."),
        "{out}"
    );
    assert!(
        out.contains("sửa số liệu"),
        "the current figure's note: {out}"
    );
    assert!(
        !out.contains("họp thôn"),
        "a superseded note is not current: {out}"
    );
    assert!(
        !out.contains("Tổ chức 6 hội nghị"),
        "2024 is another round: {out}"
    );
    let out = ok(
        &sb,
        &[
            "notes", "--period", "2024", "--unit", "tuphap", "--format", "json",
        ],
    );
    let notes: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(notes["units"][0]["unit"], "tuphap");
    assert_eq!(
        notes["units"][0]["notes"][0]["text"],
        "Tổ chức 6 hội nghị phổ biến pháp luật."
    );
    // status --indicator lists the note behind each figure.
    let out = ok(
        &sb,
        &[
            "status",
            "--indicator",
            "6.1",
            "--period",
            "2025-H1",
            "--format",
            "json",
        ],
    );
    let items: Vec<Value> = serde_json::from_str(&out).unwrap();
    let h1 = items.iter().find(|i| i["period"] == "2025-H1").unwrap();
    let ban_bo = h1["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["unit"] == "ban-bo")
        .unwrap();
    assert_eq!(ban_bo["note"], "sửa số liệu");
    // As of a day before the correction, the first note was the current one.
    let (_, out, _) = sb.run(&[
        "--as-of",
        "2025-06-01",
        "--data",
        "data.csv",
        "notes",
        "--period",
        "2025-H1",
    ]);
    assert!(
        out.contains("họp thôn, 4 buổi") && !out.contains("sửa số liệu"),
        "{out}"
    );
}

/// A data file of the second release (13 columns, no `group`): read as it is, and
/// upgraded in place when a figure by sex is appended, every old row kept.
#[test]
fn a_data_file_from_the_second_release_is_read_and_upgraded() {
    let sb = Sandbox::new();
    let old = include_bytes!("../fixtures/release-0.2/data.csv");
    sb.write("data.csv", old);
    let history = || -> Vec<Value> {
        serde_json::from_str(&ok(&sb, &["history", "--format", "json"])).unwrap()
    };
    assert_eq!(history().len(), 9);
    ok(&sb, &["check"]);
    // Its 5.2a is a total: the district value is there, but "met" needs each sex.
    let status: Vec<Value> = serde_json::from_str(&ok(
        &sb,
        &["status", "--period", "2024", "--format", "json"],
    ))
    .unwrap();
    let s52a = status.iter().find(|s| s["indicator"] == "5.2a").unwrap();
    assert!((s52a["value"].as_f64().unwrap() - 85600.0 / 866.0).abs() < 1e-9);
    assert_eq!(s52a["state"], "not_met");
    assert!(
        s52a["groups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["value"].is_null())
    );
    // The same file again changes nothing, not even the layout.
    let gddt = std::fs::read(format!(
        "{}/tests/fixtures/release-0.2/gddt-2024.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    sb.write("gddt-2024.csv", &gddt);
    ok(&sb, &["ingest", "gddt-2024.csv"]);
    assert_eq!(
        sb.read("data.csv"),
        old.to_vec(),
        "nothing recorded, nothing upgraded"
    );
    // Figures by sex: the file is upgraded to the current columns.
    sb.write(
        "by-sex.csv",
        "unit,period,indicator,group,numerator,denominator,submitted\n\
         gddt,2024,5.2a,nam,441,445,2024-12-10\n\
         gddt,2024,5.2a,nữ,415,421,2024-12-10\n",
    );
    ok(&sb, &["ingest", "by-sex.csv"]);
    let upgraded = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(upgraded.starts_with("\u{feff}recorded_at,unit,period,indicator,value,numerator,denominator,submitted,note,withdraws,recorded_by,group,source_file,source_hash,via_file,via_hash,via_recorded_at,via_recorded_by,checksum\n"));
    let old_text = String::from_utf8(old.to_vec()).unwrap();
    assert_eq!(upgraded.lines().count(), old_text.lines().count() + 2);
    assert!(
        upgraded.contains(",officer,,gddt-2024.csv,7e27eaf4f7f36420,"),
        "old rows kept, group empty:\n{upgraded}"
    );
    assert!(upgraded.contains(",female,by-sex.csv,"), "{upgraded}");
    assert_eq!(history().len(), 11);
    ok(&sb, &["check"]);
    // The withdrawal of the second release still holds.
    let status: Vec<Value> = serde_json::from_str(&ok(
        &sb,
        &["status", "--period", "2025-H1", "--format", "json"],
    ))
    .unwrap();
    let s32b = status.iter().find(|s| s["indicator"] == "3.2b").unwrap();
    assert_eq!(s32b["coverage"]["reported"], 0, "withdrawn");
    let s52a = status_of(&sb, "2024", "5.2a");
    assert_eq!(
        s52a["groups"][0]["value"]
            .as_f64()
            .map(|v| (v * 100.0).round()),
        Some(9910.0)
    );
    assert_eq!(s52a["state"], "not_met", "the girls are below 99 %");
}

fn status_of(sb: &Sandbox, period: &str, id: &str) -> Value {
    let status: Vec<Value> =
        serde_json::from_str(&ok(sb, &["status", "--period", period, "--format", "json"])).unwrap();
    status.into_iter().find(|s| s["indicator"] == id).unwrap()
}

/// Figures by sex are withdrawn and shown by group: `--group` takes back one sex;
/// without it, the total and every group.
#[test]
fn figures_by_sex_in_withdraw_and_history() {
    let sb = Sandbox::new();
    sb.write(
        "gddt.csv",
        "unit,period,indicator,group,numerator,denominator,submitted\n\
         gddt,2025,5.2a,male,447,449,2025-12-06\n\
         gddt,2025,5.2a,female,418,423,2025-12-06\n\
         gddt,2025,5.2b,male,336,369,2025-12-06\n\
         gddt,2025,5.2b,female,315,348,2025-12-06\n",
    );
    ok(&sb, &["ingest", "gddt.csv"]);
    let out = ok(&sb, &["history", "--indicator", "5.2a", "--lang", "vi"]);
    assert!(
        out.contains("5.2a (nam)") && out.contains("5.2a (nữ)"),
        "{out}"
    );
    let entries: Vec<Value> = serde_json::from_str(&ok(
        &sb,
        &["history", "--indicator", "5.2a", "--format", "json"],
    ))
    .unwrap();
    let groups: Vec<&str> = entries
        .iter()
        .map(|e| e["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["male", "female"]);

    let out = ok(
        &sb,
        &[
            "withdraw",
            "--unit",
            "gddt",
            "--period",
            "2025",
            "--indicator",
            "5.2a",
            "--group",
            "gái",
            "--reason",
            "sai số liệu",
        ],
    );
    assert!(out.contains("5.2a (female)"), "{out}");
    assert_eq!(
        status_of(&sb, "2025", "5.2a")["groups"][1]["value"],
        Value::Null
    );
    assert!(status_of(&sb, "2025", "5.2a")["groups"][0]["value"].is_number());

    let out = ok(
        &sb,
        &[
            "withdraw",
            "--unit",
            "gddt",
            "--period",
            "2025",
            "--indicator",
            "5.2b",
            "--reason",
            "gửi nhầm",
        ],
    );
    assert!(
        out.contains("5.2b (male)") && out.contains("5.2b (female)"),
        "{out}"
    );
    assert_eq!(status_of(&sb, "2025", "5.2b")["state"], "no_data");
    let (code, _, err) = run(
        &sb,
        &[
            "withdraw",
            "--unit",
            "gddt",
            "--period",
            "2025",
            "--indicator",
            "6.1",
            "--group",
            "nam",
            "--reason",
            "x",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("indicator 6.1 is not reported by group"),
        "{err}"
    );
}

/// A data file of the v4 layout (before roll-ups: no `via_*` columns), with an
/// unfinished write after its last commit: read as it is, the cut row ignored, and
/// upgraded in place up to that commit when something is next appended.
#[test]
fn a_data_file_of_the_v4_layout_is_read_and_upgraded_up_to_its_last_commit() {
    for name in ["data.csv", "data-interrupted.csv"] {
        let sb = Sandbox::new();
        let old: &[u8] = match name {
            "data.csv" => include_bytes!("../fixtures/release-0.3/data.csv"),
            _ => include_bytes!("../fixtures/release-0.3/data-interrupted.csv"),
        };
        sb.write("data.csv", old);
        let history = || -> Vec<Value> {
            serde_json::from_str(&ok(&sb, &["history", "--format", "json"])).unwrap()
        };
        assert_eq!(history().len(), 4, "{name}");
        ok(&sb, &["check"]);
        let s32a = status_of(&sb, "2024", "3.2a");
        assert_eq!(s32a["value"].as_f64(), Some(80.0), "the correction: {s32a}");
        sb.write(
            "na-tam.csv",
            "unit,period,indicator,numerator,denominator,submitted\nna-tam,2024,3.2a,1,2,2024-12-10\n",
        );
        ok(&sb, &["ingest", "na-tam.csv"]);
        let upgraded = String::from_utf8(sb.read("data.csv")).unwrap();
        assert!(upgraded.starts_with("\u{feff}recorded_at,unit,period,indicator,value,numerator,denominator,submitted,note,withdraws,recorded_by,group,source_file,source_hash,via_file,via_hash,via_recorded_at,via_recorded_by,checksum\n"), "{upgraded}");
        assert_eq!(
            upgraded.lines().count(),
            1 + 4 + 1,
            "{name}: the cut row is gone:\n{upgraded}"
        );
        assert!(
            upgraded.contains(",officer,,ban-bo-2024-corrected.csv,574e5276dbd8e39d,,,,,"),
            "old rows kept, via_* empty:\n{upgraded}"
        );
        assert_eq!(history().len(), 5);
        ok(&sb, &["check"]);
        let s32b = status_of(&sb, "2024", "3.2b");
        assert_eq!(
            s32b["coverage"]["reported"], 0,
            "the withdrawal still holds: {s32b}"
        );
    }
}

/// What a person reads of a withdrawal and of the history names a file by its name
/// and the day it was recorded, never by its hash (JSON keeps it), and says in words
/// when the one who withdrew is not known.
#[test]
fn withdraw_and_history_show_no_hash_and_say_who_withdrew() {
    let sb = Sandbox::new();
    sb.write("r.csv", report(1200, "29/05/2025"));
    ok(&sb, &["ingest", "r.csv"]);
    let (_, json, _) = run(&sb, &["history", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let hash = json[0]["source_hash"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 16, "{json}");
    let short = &hash[..8];
    for lang in ["en", "vi"] {
        let (code, out, err) = run(&sb, &["--lang", lang, "history"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("r.csv") && !out.contains(short), "{out}");
        assert!(!out.contains("mã băm") && !out.contains("hash"), "{out}");
    }
    let withdraw = |lang: &str, by: Option<&str>| {
        let mut cmd = sb.cmd();
        cmd.env_remove("USER")
            .env_remove("USERNAME")
            .env_remove("LOGNAME")
            .args(["--as-of", AS_OF, "--data", "data.csv", "--lang", lang])
            .args([
                "withdraw",
                "--file",
                "r.csv",
                "--reason",
                "nhầm",
                "--dry-run",
            ]);
        if let Some(by) = by {
            cmd.args(["--by", by]);
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let out = withdraw("vi", None);
    assert!(
        out.starts_with("Rút lại số liệu từ tệp r.csv (ghi nhận ngày "),
        "{out}"
    );
    assert!(
        out.contains(
            "người rút lại: không được ghi (máy không cho biết tên đăng nhập; ghi bằng --by TÊN)"
        ),
        "{out}"
    );
    assert!(!out.contains(": ?") && !out.contains(short), "{out}");
    let out = withdraw("en", None);
    assert!(
        out.contains("by someone whose name is not recorded"),
        "{out}"
    );
    assert!(!out.contains(short), "{out}");
    let out = withdraw("vi", Some("Lò Thị Mai"));
    assert!(
        out.contains(", người rút lại: Lò Thị Mai; lý do: nhầm"),
        "{out}"
    );
}

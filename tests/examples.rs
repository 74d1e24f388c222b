//! The shipped examples do what examples/README.md says: every report either
//! ingests, or is rejected with the error the README names; the forms are what
//! `template` writes today.

use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn gender_plan() -> Command {
    let mut cmd = Command::cargo_bin("gender-plan").unwrap();
    cmd.current_dir(ROOT)
        .env("NO_COLOR", "1")
        .env("GENDER_PLAN", "plan.toml")
        .env("GENDER_PLAN_LANG", "en");
    cmd
}

/// `file` → `error contains` from the README's table of faulty files.
fn faulty_files() -> BTreeMap<String, String> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("examples/README.md")).unwrap();
    let mut table = BTreeMap::new();
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | `file` | mistake | `error contains` |
        if cells.len() == 5 && cells[1].starts_with('`') && cells[3].starts_with('`') {
            let file = cells[1].trim_matches('`').to_string();
            table.insert(file, cells[3].trim_matches('`').to_string());
        }
    }
    table
}

/// The files listed under the README's Windows-1258 heading.
fn windows_1258_files() -> BTreeSet<String> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("examples/README.md")).unwrap();
    let section = readme.split("## Windows-1258 files").nth(1).unwrap();
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .map(|l| l.trim_end_matches('`').to_string())
        .collect()
}

/// Each file's fate in one dry run: `Ok(())` accepted, `Err(messages)` rejected.
fn dry_run(args: &[&str]) -> BTreeMap<String, Result<(), String>> {
    let output = gender_plan()
        .args([
            "ingest",
            "--dry-run",
            "--as-of",
            "2025-06-30",
            "--data",
            "target/examples-test-data.csv",
        ])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let mut fate = BTreeMap::new();
    for line in stdout.lines() {
        let Some((path, rest)) = line.split_once(": ") else {
            continue;
        };
        let Some(name) = path.strip_prefix("examples/reports/") else {
            continue;
        };
        if rest.starts_with("REJECTED") {
            // Its diagnostics, each with the hint line under it.
            let prefix = format!("{path}:");
            let mut messages: Vec<&str> = Vec::new();
            let mut inside = false;
            for l in stderr.lines() {
                if l.starts_with(&prefix) {
                    inside = true;
                } else if !l.starts_with("  ") {
                    inside = false;
                }
                if inside {
                    messages.push(l);
                }
            }
            fate.insert(name.to_string(), Err(messages.join("\n")));
        } else {
            fate.insert(name.to_string(), Ok(()));
        }
    }
    fate
}

#[test]
fn every_report_ingests_or_gets_the_error_the_readme_names() {
    let faulty = faulty_files();
    let cp1258 = windows_1258_files();
    assert!(
        faulty.len() >= 7,
        "the README's table was not found: {faulty:?}"
    );
    assert_eq!(cp1258.len(), 4, "{cp1258:?}");
    let files: BTreeSet<String> = std::fs::read_dir(Path::new(ROOT).join("examples/reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| {
            [".csv", ".xlsx", ".ods", ".xls"]
                .iter()
                .any(|e| n.ends_with(e))
        })
        .collect();
    let fate = dry_run(&["examples/reports"]);
    assert_eq!(
        fate.keys().cloned().collect::<BTreeSet<_>>(),
        files,
        "every file gets a verdict"
    );
    for (file, verdict) in &fate {
        match (faulty.get(file), cp1258.contains(file), verdict) {
            (Some(expected), _, Err(messages)) => {
                assert!(
                    messages.contains(expected),
                    "{file}: expected {expected:?}, got:\n{messages}"
                )
            }
            (None, _, Ok(())) => {}
            (expected, _, verdict) => {
                panic!("{file}: README says {expected:?}, the tool says {verdict:?}")
            }
        }
    }
    let paths: Vec<String> = cp1258
        .iter()
        .map(|f| format!("examples/reports/{f}"))
        .collect();
    let with = |option: &str| {
        let mut args = vec!["--encoding", option];
        args.extend(paths.iter().map(String::as_str));
        dry_run(&args)
    };
    let fate = with("windows-1258");
    assert_eq!(fate.len(), 4);
    assert!(fate.values().all(Result::is_ok), "{fate:?}");
    for (file, verdict) in with("utf-8") {
        let messages = verdict.expect_err(&file);
        assert!(messages.contains("not valid UTF-8"), "{file}:\n{messages}");
        assert!(
            messages.contains("--encoding windows-1258"),
            "{file}:\n{messages}"
        );
    }
}

/// The Windows-1258 files are read as such without --encoding (issue 19), each
/// with a line saying so under its own; no other file gets one.
#[test]
fn the_windows_1258_files_are_read_as_such_and_say_so() {
    let output = gender_plan()
        .args([
            "ingest",
            "--dry-run",
            "--as-of",
            "2025-06-30",
            "--data",
            "target/examples-test-data.csv",
            "examples/reports",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let read_as: BTreeSet<String> = lines
        .windows(2)
        .filter(|pair| pair[1].starts_with("  read as Windows-1258: the file is not UTF-8"))
        .map(|pair| {
            let (path, _) = pair[0].split_once(": ").unwrap();
            path.trim_start_matches("examples/reports/").to_string()
        })
        .collect();
    assert_eq!(read_as, windows_1258_files(), "{stdout}");
}

#[test]
fn the_shipped_forms_are_what_template_writes() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().to_string_lossy().to_string();
    gender_plan()
        .args([
            "template", "--all", "--period", "2025-H1", "--lang", "vi", "-o", &out,
        ])
        .assert()
        .success();
    let shipped = Path::new(ROOT).join("examples/forms");
    let mut names: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 29);
    for name in names {
        let fresh = std::fs::read(folder.path().join(&name)).unwrap();
        let committed = std::fs::read(shipped.join(&name))
            .unwrap_or_else(|_| panic!("examples/forms/{} is missing", name.to_string_lossy()));
        assert!(
            fresh == committed,
            "examples/forms/{} is stale: regenerate it",
            name.to_string_lossy()
        );
    }
}

/// Every example report (the Windows-1258 ones read as such) recorded in a fresh
/// data file; returns the folder holding it.
fn recorded_examples() -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path().join("data.csv");
    let data = data.to_string_lossy().to_string();
    let ingest = |args: &[&str]| {
        gender_plan()
            .args([
                "ingest",
                "--quiet",
                "--as-of",
                "2025-06-30",
                "--data",
                &data,
            ])
            .args(args)
            .output()
            .unwrap()
    };
    ingest(&["examples/reports"]);
    let cp1258: Vec<String> = windows_1258_files()
        .iter()
        .map(|f| format!("examples/reports/{f}"))
        .collect();
    let mut args = vec!["--encoding", "windows-1258"];
    args.extend(cp1258.iter().map(String::as_str));
    assert!(ingest(&args).status.success());
    folder
}

fn status_json(folder: &tempfile::TempDir, args: &[&str]) -> Vec<serde_json::Value> {
    let data = folder.path().join("data.csv");
    let output = gender_plan()
        .args([
            "status",
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
            "--data",
        ])
        .arg(&data)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Issue 11: in no row of `status --indicator X`, for any of the 21 items, do the
/// status and the outlook contradict each other.
#[test]
fn status_and_outlook_agree_in_every_row_of_every_indicator() {
    let folder = recorded_examples();
    let ids: Vec<String> = status_json(&folder, &["--period", "2025-H1"])
        .iter()
        .map(|s| s["indicator"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 21);
    let mut rows = 0;
    for id in &ids {
        for row in status_json(&folder, &["--indicator", id]) {
            let (period, state, outlook) = (&row["period"], &row["state"], &row["outlook"]);
            let without_value = row["value"].is_null();
            assert_eq!(
                outlook.is_null(),
                without_value,
                "{id} {period}: an outlook exactly where there is a value"
            );
            assert_eq!(
                outlook == "target_achieved",
                state == "met",
                "{id} {period}: {state} beside {outlook}"
            );
            rows += 1;
        }
    }
    // Eight rounds: the plan ended with 2025-H1.
    assert_eq!(rows, 21 * 8);
}

#[test]
fn the_example_data_shows_6_3_as_a_share_of_communes_and_the_no_cases() {
    let folder = recorded_examples();
    let round = status_json(&folder, &["--period", "2025-H1"]);
    let s63 = round.iter().find(|s| s["indicator"] == "6.3").unwrap();
    let reached = s63["value"].as_f64().unwrap() * 13.0 / 100.0;
    assert!(
        (reached - reached.round()).abs() < 1e-9,
        "a whole number of communes"
    );
    assert_eq!(s63["coverage"]["expected"], 13);
    // The quarters stay visible, one row per commune and quarter.
    let rows = status_json(&folder, &["--indicator", "6.3", "--period", "2025-H1"]);
    let h1 = rows.iter().find(|r| r["period"] == "2025-H1").unwrap();
    assert_eq!(h1["contributors"].as_array().unwrap().len(), 26);
    // A commune that had no case reported 0 of 0: reported, shown as such (Hồ
    // Thầu sent nothing for 2025-H1).
    let rows = status_json(&folder, &["--indicator", "3.2b", "--period", "2025-H1"]);
    let h1 = rows.iter().find(|r| r["period"] == "2025-H1").unwrap();
    assert_eq!(h1["coverage"]["reported"], 12);
    let then_sin = h1["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["unit"] == "then-sin")
        .unwrap();
    assert_eq!(
        (&then_sin["numerator"], &then_sin["denominator"]),
        (&0.0.into(), &0.0.into())
    );
}

/// The example data's 5.2a for 2025-H1: 99.1 % together, above the target of 99 %,
/// but the girls are below it, so it is not met; the gap is shown.
#[test]
fn the_example_data_shows_5_2a_by_sex() {
    let folder = recorded_examples();
    let round = status_json(&folder, &["--period", "2025-H1"]);
    let s = round.iter().find(|s| s["indicator"] == "5.2a").unwrap();
    assert!(s["value"].as_f64().unwrap() > 99.0);
    assert_eq!(s["state"], "not_met");
    let girls = &s["groups"][1];
    assert_eq!(girls["group"], "female");
    assert!(girls["value"].as_f64().unwrap() < 99.0);
    assert!(s["group_gap"]["value"].as_f64().unwrap() > 0.0);
    assert_eq!(s["group_gap"]["lowest"], "female");
}

/// The example reports in examples/report/: (period, format, file extension).
const EXAMPLE_REPORTS: [(&str, &str, &str); 4] = [
    ("2025-H1", "html", "html"),
    ("2025-H1", "markdown", "md"),
    ("2025-H1", "docx", "docx"),
    ("2021-2025", "html", "html"),
];

/// The parts of a file to compare: a Word file part by part (the package's
/// zip framing is not the content), any other file whole.
fn contents(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).unwrap_or_default();
    if path.extension().is_some_and(|e| e == "docx") && !bytes.is_empty() {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        return (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).unwrap();
                let mut content = Vec::new();
                file.read_to_end(&mut content).unwrap();
                (
                    file.name().expect("a UTF-8 entry name").to_string(),
                    content,
                )
            })
            .collect();
    }
    vec![(String::new(), bytes)]
}

/// The reports shipped in examples/report/ are what `report` writes today from the
/// example data, in Vietnamese, as of 2025-06-30 (the district's last day). `GENDER_PLAN_BLESS=1 cargo test
/// --test examples` rewrites them after a deliberate change.
#[test]
fn the_example_reports_are_what_report_writes() {
    let dir = recorded_examples();
    let data = dir.path().join("data.csv");
    let data = data.to_str().unwrap();
    let bless = std::env::var_os("GENDER_PLAN_BLESS").is_some();
    for (period, format, extension) in EXAMPLE_REPORTS {
        let name = format!("report-{period}.{extension}");
        let fresh = dir.path().join(&name);
        let output = gender_plan()
            .args(["--lang", "vi", "--as-of", "2025-06-30", "--data", data])
            .args(["report", "--period", period, "--format", format, "-o"])
            .arg(&fresh)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let shipped = Path::new(ROOT).join("examples/report").join(&name);
        if bless {
            std::fs::create_dir_all(shipped.parent().unwrap()).unwrap();
            std::fs::copy(&fresh, &shipped).unwrap();
        }
        assert!(
            contents(&fresh) == contents(&shipped),
            "examples/report/{name} is stale: regenerate it with GENDER_PLAN_BLESS=1 cargo test --test examples"
        );
    }
}

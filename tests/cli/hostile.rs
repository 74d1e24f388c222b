//! Hostile and careless input (issue 10): one regression test per defect found by a
//! hostile test of the tool, and the corpus of hostile files in tests/hostile/ with
//! the outcome each must have. After every refusal the data file is byte-identical.

use crate::common::{COMMUNES, Sandbox};
use std::io::Read;
use std::process::{Command, Stdio};

const AS_OF: &str = "2025-12-20";

/// A file recorded first, so that the data file has something to keep intact.
const GOOD: &str = "unit,period,indicator,numerator,denominator\nban-bo,2024,3.2a,1,2\n";

fn ingest(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["ingest", "--as-of", AS_OF, "--data", "data.csv"];
    all.extend_from_slice(args);
    sb.run(&all)
}

/// A sandbox whose data file holds GOOD.
fn recorded() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("good.csv", GOOD);
    let (code, out, err) = ingest(&sb, &["good.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    sb
}

/// Ingests `name` (already in the sandbox) and asserts it is refused: exit 1, the
/// data file unchanged. Returns stderr.
fn refused(sb: &Sandbox, name: &str) -> String {
    let before = sb.read("data.csv");
    let (code, out, err) = ingest(sb, &[name]);
    assert_eq!(code, 1, "expected {name} to be refused:\n{out}{err}");
    assert_eq!(sb.read("data.csv"), before, "{name} changed the data file");
    err
}

// --- 1. Numbers ----------------------------------------------------------------

#[test]
fn a_309_digit_number_is_refused_not_recorded_as_infinity() {
    let sb = recorded();
    let huge = "9".repeat(309);
    sb.write(
        "bad.csv",
        format!("unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,{huge}\n"),
    );
    let err = refused(&sb, "bad.csv");
    let expected = format!(
        "bad.csv:2: error: the number \"{}… (309 characters)\" has 309 digits, more than the 15 a figure can hold exactly (denominator)",
        "9".repeat(40)
    );
    assert!(err.contains(&expected), "{err}");
    // Every command still reads the data file.
    let (code, _, err) = sb.run(&["check", "--data", "data.csv"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_twenty_digit_count_is_refused_not_rounded() {
    let sb = recorded();
    sb.write(
        "bad.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,12345678901234567890\n",
    );
    let err = refused(&sb, "bad.csv");
    assert!(err.contains("has 20 digits"), "{err}");
}

#[test]
fn fifteen_digits_are_recorded_exactly() {
    let sb = recorded();
    sb.write(
        "big.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,999999999999999\n",
    );
    let (code, out, err) = ingest(&sb, &["big.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(data.contains(",1,999999999999999,"), "{data}");
}

// --- 2. A closed output pipe ---------------------------------------------------

#[test]
fn a_closed_output_pipe_does_not_cancel_the_write() {
    let sb = Sandbox::new();
    // Many files, so ingest writes more than the pipe holds after the reader left.
    let mut names = Vec::new();
    for (i, unit) in ["ban-bo", "ban-hon", "na-tam", "khun-ha", "ho-thau"]
        .iter()
        .enumerate()
    {
        let name = format!("r{i}.csv");
        sb.write(
            &name,
            format!("unit,period,indicator,numerator,denominator\n{unit},2025,6.1,1,2\n"),
        );
        names.push(name);
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("gender-plan"))
        .current_dir(sb.root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(["ingest", "--as-of", AS_OF, "--data", "data.csv"])
        .args(&names)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line: `ingest … | head -0`.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "every file was accepted: {err}");
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert_eq!(data.lines().count(), 1 + 5, "all five recorded: {data}");
    assert!(err.contains("standard output was closed"), "{err}");
}

#[test]
fn a_closed_output_pipe_still_exits_1_when_a_file_was_rejected() {
    let sb = Sandbox::new();
    sb.write(
        "a.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n",
    );
    sb.write(
        "b.csv",
        "unit,period,indicator,numerator,denominator\nnobody,2025,6.1,1,2\n",
    );
    let output = Command::new(assert_cmd::cargo::cargo_bin("gender-plan"))
        .current_dir(sb.root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args([
            "ingest", "--as-of", AS_OF, "--data", "data.csv", "a.csv", "b.csv",
        ])
        .stdout(closed_pipe())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert_eq!(data.lines().count(), 2, "a.csv recorded: {data}");
}

/// The write end of a pipe whose read end is already closed.
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: pipe() fills two descriptors; the read end is closed at once and the
    // write end handed to the child, which owns it from then on.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        libc::close(fds[0]);
        use std::os::fd::FromRawFd;
        Stdio::from(std::os::fd::OwnedFd::from_raw_fd(fds[1]))
    }
}

// --- 3. -o never replaces the plan or the data file ----------------------------

#[test]
fn template_refuses_to_overwrite_the_data_file_or_the_plan_even_with_force() {
    let sb = recorded();
    let (data, plan) = (sb.read("data.csv"), sb.read("plan.toml"));
    for target in ["data.csv", "plan.toml", "./data.csv", "data.csv.lock"] {
        for force in [false, true] {
            let mut args = vec![
                "template", "--data", "data.csv", "--unit", "ban-bo", "--period", "2025", "-o",
                target,
            ];
            if force {
                args.push("--force");
            }
            let (code, _, err) = sb.run(&args);
            assert_eq!(code, 1, "{target} {force}: {err}");
            assert!(
                err.contains("is never overwritten, even with --force"),
                "{err}"
            );
        }
    }
    assert_eq!(sb.read("data.csv"), data);
    assert_eq!(sb.read("plan.toml"), plan);
}

#[test]
fn template_refuses_the_default_data_file_beside_the_plan() {
    let sb = Sandbox::new();
    sb.write("gender-plan-data.csv", "keep me");
    let args = [
        "template",
        "--unit",
        "ban-bo",
        "--period",
        "2025",
        "-o",
        "gender-plan-data.csv",
        "--force",
    ];
    let (code, _, err) = sb.run(&args);
    assert_eq!(code, 1, "{err}");
    assert_eq!(sb.read("gender-plan-data.csv"), b"keep me");
}

#[test]
fn template_asks_for_force_to_replace_a_file() {
    let sb = Sandbox::new();
    sb.write("form.csv", "mine");
    let args = [
        "template", "--unit", "ban-bo", "--period", "2025", "-o", "form.csv",
    ];
    let (code, _, err) = sb.run(&args);
    assert_eq!(code, 1);
    assert!(
        err.contains("form.csv already exists; give --force to replace it"),
        "{err}"
    );
    assert_eq!(sb.read("form.csv"), b"mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, _, err) = sb.run(&forced);
    assert_eq!(code, 0, "{err}");
    assert!(sb.read("form.csv").starts_with(b"\xEF\xBB\xBFunit,period"));
    // A new file needs no --force.
    let (code, _, err) = sb.run(&[
        "template", "--unit", "ban-bo", "--period", "2025", "-o", "new.csv",
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn template_all_writes_nothing_unless_every_form_may_be_written() {
    let sb = Sandbox::new();
    sb.write("forms/2025_ban-bo.csv", "mine");
    let (code, _, err) = sb.run(&["template", "--all", "--period", "2025", "-o", "forms"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_dir(sb.path("forms")).unwrap().count(), 1);
    let (code, _, err) = sb.run(&[
        "template", "--all", "--period", "2025", "-o", "forms", "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_dir(sb.path("forms")).unwrap().count(), 29);
}

// --- 4. An unclosed quote ------------------------------------------------------

#[test]
fn an_unclosed_quote_that_swallows_rows_is_refused() {
    let sb = recorded();
    sb.write(
        "bad.csv",
        "unit,period,indicator,numerator,denominator,note\n\
         ban-bo,2025,3.2a,1,2,\"an open quote\n\
         ban-bo,2025,3.2b,3,4,\n\
         ban-bo,2025,6.1,5,6,\n",
    );
    let err = refused(&sb, "bad.csv");
    assert!(
        err.contains(
            "bad.csv:2: error: a quote (\") opened on this line is not closed where its cell ends: lines 2–4 were read as one cell"
        ),
        "{err}"
    );
}

#[test]
fn a_note_of_several_lines_is_accepted() {
    let sb = recorded();
    sb.write(
        "note.csv",
        "unit,period,indicator,numerator,denominator,note\n\
         ban-bo,2025,3.2a,1,2,\"first line\nsecond line, with a comma\"\n\
         ban-bo,2025,3.2b,3,4,\n",
    );
    let (code, out, err) = ingest(&sb, &["note.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2 new"), "{out}");
}

// --- 5. Formulas in every CSV the tool writes ---------------------------------

#[test]
fn report_csv_neutralises_formulas_from_file_names() {
    let sb = Sandbox::new();
    let name = "=HYPERLINK(1).csv";
    sb.write(
        name,
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n",
    );
    let (code, out, err) = ingest(&sb, &[name]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, csv, err) = sb.run(&[
        "status",
        "--data",
        "data.csv",
        "--as-of",
        AS_OF,
        "--indicator",
        "6.1",
        "--period",
        "2025",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(csv.contains(",'=HYPERLINK(1).csv"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {csv}");
        }
    }
}

#[test]
fn the_form_neutralises_formulas_from_the_plan() {
    let sb = Sandbox::empty();
    sb.write(
        "plan.toml",
        crate::common::edited_plan(
            "Population reached with basic knowledge of gender equality",
            "=HYPERLINK(\\\"http://evil\\\")",
        ),
    );
    let (code, out, err) = sb.run(&["template", "--unit", "ban-bo", "--period", "2025"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
        "{out}"
    );
    // A target written "= 100 %" is formula-looking too: shown as text.
    let (code, out, err) = sb.run(&["template", "--unit", "ldtbxh", "--period", "2024"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(",'= 100 %,"), "{out}");
}

// --- 6. Limits -----------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_link_to_a_device_is_refused_without_reading_it() {
    let sb = recorded();
    std::os::unix::fs::symlink("/dev/zero", sb.path("zero.csv")).unwrap();
    let err = refused(&sb, "zero.csv");
    assert!(err.contains("zero.csv: error: not a regular file"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_it() {
    let sb = recorded();
    let path = std::ffi::CString::new(sb.path("fifo.csv").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let err = refused(&sb, "fifo.csv");
    assert!(err.contains("fifo.csv: error: not a regular file"), "{err}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let sb = recorded();
    // Sparse: no disk space is used.
    let file = std::fs::File::create(sb.path("huge.csv")).unwrap();
    file.set_len((1 << 30) + 1).unwrap();
    let err = refused(&sb, "huge.csv");
    assert!(
        err.contains(
            "huge.csv: error: the file is 1024 MB, more than the 1024 MB a submission may be"
        ),
        "{err}"
    );
}

#[test]
fn a_ten_million_character_cell_is_refused_quickly_and_not_echoed() {
    let sb = recorded();
    let long = "x".repeat(10_000_000);
    sb.write(
        "long.csv",
        format!("unit,period,indicator,numerator,denominator\n{long},2025,6.1,1,2\n"),
    );
    let started = std::time::Instant::now();
    let err = refused(&sb, "long.csv");
    assert!(
        err.contains("long.csv:2: error: the cell in column 1 has 10000000 characters, more than the 32767 a cell may have"),
        "{err}"
    );
    assert!(
        err.len() < 1000,
        "the cell is not echoed: {} bytes",
        err.len()
    );
    // Not a benchmark: a guard against the quadratic "did you mean" of before
    // (93 s), with a margin wide enough for a slow CI machine.
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn a_long_unknown_unit_is_quoted_as_a_short_excerpt() {
    let sb = recorded();
    let long = "y".repeat(5000);
    sb.write(
        "long.csv",
        format!("unit,period,indicator,numerator,denominator\n{long},2025,6.1,1,2\n"),
    );
    let err = refused(&sb, "long.csv");
    assert!(
        err.contains(&format!(
            "unknown unit \"{}… (5000 characters)\"",
            "y".repeat(40)
        )),
        "{err}"
    );
}

#[test]
fn terminal_controls_and_bidi_overrides_are_shown_escaped() {
    let sb = recorded();
    sb.write(
        "evil.csv",
        "unit,period,indicator,numerator,denominator\n\x1b[2J\x1b]0;pwned\x07,2025,6.1,1,2\nban\u{202E}ob,2025,6.1,1,2\n",
    );
    let err = refused(&sb, "evil.csv");
    assert!(!err.contains('\x1b') && !err.contains('\x07') && !err.contains('\u{202E}'));
    assert!(
        err.contains("unknown unit \"\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\""),
        "{err}"
    );
    assert!(err.contains("unknown unit \"ban\\u{202e}ob\""), "{err}");
}

#[test]
fn a_unit_name_in_the_plan_cannot_drive_the_terminal() {
    let sb = Sandbox::empty();
    sb.write(
        "plan.toml",
        crate::common::edited_plan(
            "name.en = \"Bản Bo commune\"",
            "name.en = \"B\\u001b[31mo\\u202e\"",
        ),
    );
    let (code, out, err) = sb.run(&["plan", "--matrix"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\x1b') && !out.contains('\u{202E}'), "{out}");
    assert!(out.contains("B\\u{1b}[31mo\\u{202e}"), "{out}");
}

// --- 8. `ingest .` beside the data file ----------------------------------------

#[test]
fn ingesting_the_plan_folder_skips_the_data_file() {
    let sb = Sandbox::new();
    sb.write(
        "a.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n",
    );
    let ingest_all = || sb.run(&["ingest", "--as-of", AS_OF, "."]);
    let (code, out, err) = ingest_all();
    assert_eq!(code, 0, "{out}{err}");
    let data = sb.read("gender-plan-data.csv");
    let (code, out, err) = ingest_all();
    assert_eq!(
        code, 0,
        "the data file was taken for a submission: {out}{err}"
    );
    assert!(out.contains(": 1 accepted, 0 rejected"), "{out}");
    assert!(
        out.contains("gender-plan-data.csv: skipped (the data file gender-plan writes"),
        "every file accounted for: {out}"
    );
    assert_eq!(sb.read("gender-plan-data.csv"), data);
}

#[test]
fn the_data_file_named_as_a_submission_is_refused() {
    let sb = recorded();
    let err = refused(&sb, "data.csv");
    assert!(
        err.contains("data.csv: error: this is the data file itself, not a unit's submission"),
        "{err}"
    );
}

// --- 10. Empty folders, UTF-16 without a mark, a plan that is not UTF-8 ---------

#[test]
fn a_folder_without_submissions_is_an_error() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.path("reports")).unwrap();
    let (code, out, err) = ingest(&sb, &["reports"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(
            "no report file (.csv, .tsv, .xlsx, .xlsm, .xls, .ods, .json) in the folder reports"
        ),
        "{err}"
    );
}

#[test]
fn utf16_without_a_byte_order_mark_gets_its_hint() {
    let sb = recorded();
    let text = "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("le.csv", le), ("be.csv", be)] {
        sb.write(name, bytes);
        let err = refused(&sb, name);
        assert!(
            err.contains(&format!(
                "{name}:1: error: the file looks like UTF-16 text without a byte-order mark"
            )),
            "{err}"
        );
    }
}

#[test]
fn a_plan_that_is_not_utf8_is_refused_with_its_line() {
    let sb = Sandbox::empty();
    let mut plan = crate::common::PLAN.as_bytes().to_vec();
    let at = crate::common::PLAN.find("[[units]]").unwrap();
    plan.insert(at, 0xFF);
    let line = crate::common::line_of(crate::common::PLAN, "[[units]]");
    sb.write("plan.toml", plan);
    let (code, _, err) = sb.run(&["check"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "plan.toml:{line}:1: error: the plan is not UTF-8 text"
        )),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_plan_that_is_a_device_is_refused() {
    let sb = Sandbox::empty();
    let (code, _, err) = sb.run(&["check", "--plan", "/dev/zero"]);
    assert_eq!(code, 1);
    assert!(err.contains("the plan is not a regular file"), "{err}");
}

// --- The corpus ----------------------------------------------------------------

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    submissions: std::collections::BTreeMap<String, Case>,
    plans: std::collections::BTreeMap<String, Case>,
    data: std::collections::BTreeMap<String, Case>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    refused: Option<String>,
    accepted: Option<Vec<Vec<String>>>,
    valid: Option<String>,
}

fn corpus() -> Corpus {
    let text = std::fs::read_to_string(format!("{CORPUS}/expected.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Every file of a corpus folder has its expected outcome, and every outcome its file.
fn assert_listed(folder: &str, cases: &std::collections::BTreeMap<String, Case>) {
    let mut files: Vec<String> = std::fs::read_dir(format!("{CORPUS}/{folder}"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&String> = cases.keys().collect();
    assert_eq!(
        files.iter().collect::<Vec<_>>(),
        listed,
        "tests/hostile/{folder} and expected.toml disagree"
    );
}

/// Nothing the tool prints carries a terminal escape or a bidirectional control.
fn assert_terminal_safe(what: &str, text: &str) {
    let raw = text
        .chars()
        .find(|&c| c != '\n' && gender_plan::text::is_unsafe_for_terminal(c));
    assert_eq!(raw, None, "{what} printed a raw control character:\n{text}");
}

fn data_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn every_hostile_submission_has_its_expected_outcome() {
    let corpus = corpus();
    assert_listed("submissions", &corpus.submissions);
    let sb = recorded();
    let base = sb.read("data.csv");
    let base_rows = data_rows(&base).len();
    let (mut refused_n, mut accepted_n) = (0, 0);
    for (name, case) in &corpus.submissions {
        sb.write("data.csv", &base);
        let bytes = std::fs::read(format!("{CORPUS}/submissions/{name}")).unwrap();
        sb.write(name, bytes);
        let (code, out, err) = ingest(&sb, &[name]);
        assert_terminal_safe(name, &format!("{out}{err}"));
        match case {
            Case {
                refused: Some(line),
                accepted: None,
                valid: None,
            } => {
                assert_eq!(code, 1, "{name} must be refused:\n{out}{err}");
                assert!(
                    err.lines().any(|l| l == line),
                    "{name}: expected\n{line}\nin\n{err}"
                );
                assert_eq!(sb.read("data.csv"), base, "{name} changed the data file");
                refused_n += 1;
            }
            Case {
                refused: None,
                accepted: Some(rows),
                valid: None,
            } => {
                assert_eq!(code, 0, "{name} must be accepted:\n{out}{err}");
                let added: Vec<Vec<String>> = data_rows(&sb.read("data.csv"))
                    .into_iter()
                    .skip(base_rows)
                    .map(|r| r[1..9].to_vec())
                    .collect();
                assert_eq!(&added, rows, "{name}: the rows recorded");
                let (code, _, err) = sb.run(&["check", "--data", "data.csv"]);
                assert_eq!(code, 0, "{name} left a data file check refuses: {err}");
                accepted_n += 1;
            }
            _ => panic!("{name}: give exactly one of refused or accepted"),
        }
        std::fs::remove_file(sb.path(name)).unwrap();
    }
    eprintln!("hostile submissions: {refused_n} refused, {accepted_n} accepted");
}

#[test]
fn every_hostile_plan_and_data_file_has_its_expected_outcome() {
    let corpus = corpus();
    assert_listed("plans", &corpus.plans);
    assert_listed("data", &corpus.data);
    let sb = Sandbox::new();
    let runs = corpus
        .plans
        .iter()
        .map(|(name, case)| ("plans", name, case, ["--plan", "--data"]))
        .chain(
            corpus
                .data
                .iter()
                .map(|(name, case)| ("data", name, case, ["--data", "--plan"])),
        );
    for (folder, name, case, [option, other]) in runs {
        let path = format!("{CORPUS}/{folder}/{name}");
        let before = std::fs::read(&path).unwrap();
        let other_path = if other == "--data" {
            sb.path("no-data.csv").to_string_lossy().into_owned()
        } else {
            sb.path("plan.toml").to_string_lossy().into_owned()
        };
        let (code, out, err) = sb.run(&["check", option, &path, other, &other_path]);
        assert_terminal_safe(name, &format!("{out}{err}"));
        let shown = format!("{path}: ");
        match case {
            Case {
                refused: Some(line),
                accepted: None,
                valid: None,
            } => {
                assert_eq!(code, 1, "{folder}/{name} must be refused:\n{out}{err}");
                let expected = format!("{CORPUS}/{folder}/{line}");
                assert!(
                    err.lines().any(|l| l == expected),
                    "{folder}/{name}: expected\n{expected}\nin\n{err}"
                );
            }
            Case {
                refused: None,
                accepted: None,
                valid: Some(line),
            } => {
                assert_eq!(code, 0, "{folder}/{name} must be valid:\n{out}{err}");
                let expected = format!("{shown}{line}");
                assert!(
                    out.lines().any(|l| l == expected),
                    "{folder}/{name}: expected\n{expected}\nin\n{out}"
                );
            }
            _ => panic!("{folder}/{name}: give exactly one of refused or valid"),
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "check changed {name}"
        );
    }
}

// --- Concurrency ---------------------------------------------------------------

/// Twenty ingests at once, each of a different file (ten communes, two parts of
/// their years each), while `check` reads the data file again and again: every row
/// lands exactly once, and every read sees a whole data file (as before or after a
/// write, never between).
#[test]
fn twenty_concurrent_ingests_lose_nothing_and_readers_see_whole_files() {
    // Ten of the plan's communes.
    let communes = &COMMUNES[..10];
    let sb = Sandbox::new();
    let mut files = Vec::new();
    for unit in communes {
        for (part, years) in [(1, 2021..=2022), (2, 2023..=2025)] {
            let mut text = String::from("unit,period,indicator,value,numerator,denominator\n");
            for year in years {
                for period in [format!("{year}"), format!("{year}-H1")] {
                    for indicator in ["3.2a", "3.2b", "6.1"] {
                        text.push_str(&format!("{unit},{period},{indicator},,{},10\n", year % 7));
                    }
                }
                for q in 1..=4 {
                    text.push_str(&format!("{unit},{year}-Q{q},6.3,{q},,\n"));
                }
            }
            let name = format!("{unit}-{part}.csv");
            sb.write(&name, text);
            files.push(name);
        }
    }
    let command = |args: &[&str]| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("gender-plan"));
        cmd.current_dir(sb.root())
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    };
    let mut running: Vec<_> = files
        .iter()
        .map(|file| {
            command(&["ingest", "--as-of", AS_OF, "--data", "data.csv", file])
                .spawn()
                .unwrap()
        })
        .collect();
    let (mut reads, mut finished) = (0, Vec::new());
    while !running.is_empty() {
        if sb.path("data.csv").exists() {
            let output = command(&["check", "--data", "data.csv"]).output().unwrap();
            let err = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "a reader saw a torn data file: {err}"
            );
            reads += 1;
        }
        let mut still = Vec::new();
        for mut child in running {
            if child.try_wait().unwrap().is_some() {
                finished.push(child);
            } else {
                still.push(child);
            }
        }
        running = still;
    }
    for mut child in finished {
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(status.success(), "{err}");
    }
    let rows = data_rows(&sb.read("data.csv"));
    assert_eq!(rows.len(), communes.len() * 50, "every row exactly once");
    let keys: std::collections::BTreeSet<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(keys.len(), communes.len() * 50);
    eprintln!(
        "{} concurrent ingests, {} rows, {reads} whole reads during the writes",
        files.len(),
        rows.len()
    );
}

// --- Kills ---------------------------------------------------------------------

/// Ingests killed (SIGKILL) at 24 moments spread over a whole run, from start-up
/// to the rename: each leaves the data file byte-identical to before, or equal to
/// what an uninterrupted run writes, and loadable; the next ingest cleans up.
#[cfg(unix)]
#[test]
fn ingests_killed_at_any_moment_leave_the_data_file_before_or_after() {
    const COMMUNES: usize = 200; // 10,000 rows
    let mut plan = String::from(crate::common::PLAN);
    let mut text = String::from("unit,period,indicator,value,numerator,denominator\n");
    for i in 1..=COMMUNES {
        plan.push_str(&format!(
            "\n[[units]]\nid = \"k{i:04}\"\nkind = \"commune\"\nname.vi = \"Xã {i}\"\nname.en = \"Commune {i}\"\n"
        ));
        for year in 2021..=2025 {
            for period in [format!("{year}"), format!("{year}-H1")] {
                for indicator in ["3.2a", "3.2b", "6.1"] {
                    text.push_str(&format!("k{i:04},{period},{indicator},,{},9\n", i % 9));
                }
            }
            for q in 1..=4 {
                text.push_str(&format!("k{i:04},{year}-Q{q},6.3,{},,\n", (i + q) % 5));
            }
        }
    }
    let sb = Sandbox::new();
    sb.write("plan.toml", &plan);
    sb.write("big.csv", text);
    sb.write("good.csv", GOOD);
    let run = |file: &str| {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("gender-plan"));
        cmd.current_dir(sb.root())
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(["ingest", "--as-of", AS_OF, "--data", "data.csv", file])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    };
    assert!(run("good.csv").status().unwrap().success());
    let before = sb.read("data.csv");
    // An uninterrupted run, timed: what "after" is, and how long a run takes.
    let started = std::time::Instant::now();
    assert!(run("big.csv").status().unwrap().success());
    let whole = started.elapsed();
    let after = data_rows(&sb.read("data.csv"));
    let without_time = |rows: Vec<Vec<String>>| -> Vec<Vec<String>> {
        // Without the recorded time, and the checksum that follows from it.
        rows.into_iter()
            .map(|r| r[1..r.len() - 1].to_vec())
            .collect()
    };
    let after = without_time(after);
    let (mut kept_before, mut kept_after) = (0, 0);
    for n in 0..24u32 {
        sb.write("data.csv", &before);
        let mut child = run("big.csv").spawn().unwrap();
        std::thread::sleep(whole.mul_f64(f64::from(n) / 20.0));
        let _ = child.kill();
        child.wait().unwrap();
        // What readers see: rows after the last commit are an unfinished write.
        let state = crate::common::committed_part(&sb.read("data.csv"), &plan);
        if state == before {
            kept_before += 1;
        } else {
            assert_eq!(
                without_time(data_rows(&state)),
                after,
                "kill {n}: neither before nor after"
            );
            kept_after += 1;
        }
        let (code, _, err) = sb.run(&["check", "--data", "data.csv"]);
        assert_eq!(code, 0, "kill {n}: the data file no longer loads: {err}");
    }
    // The next ingest removes what a killed one left, and records normally.
    sb.write("data.csv", &before);
    assert!(run("big.csv").status().unwrap().success());
    let leftovers: Vec<_> = std::fs::read_dir(sb.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    eprintln!("24 kills over a {whole:?} run: {kept_before} left before, {kept_after} after");
}

/// An ingest killed after appending some of its rows but before the row that
/// commits them, at every row boundary and inside rows: every reader sees the data
/// file as before, and the next write cuts the unfinished rows off and lands right
/// after the last commit, as if the killed run had never started.
#[test]
fn an_append_killed_between_appending_and_committing_is_ignored_then_cut_off() {
    let sb = recorded();
    let run = |args: &[&str]| {
        let output = sb
            .cmd()
            .env("SOURCE_DATE_EPOCH", "1766000000")
            .args(args)
            .output()
            .unwrap();
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (
            output.status.code().unwrap(),
            text(output.stdout),
            text(output.stderr),
        )
    };
    let status = [
        "status", "--as-of", AS_OF, "--data", "data.csv", "--format", "csv",
    ];
    let check = ["check", "--as-of", AS_OF, "--data", "data.csv"];
    let ingest_more = ["ingest", "--as-of", AS_OF, "--data", "data.csv", "more.csv"];
    sb.write(
        "more.csv",
        "unit,period,indicator,value,numerator,denominator,note\n\
         ban-bo,2024,3.2b,,3,4,\"a note, with a line\nbreak\"\n\
         ban-bo,2024,6.1,,5,9,\n\
         ban-bo,2024-Q1,6.3,2,,,\n\
         ban-bo,2024-Q2,6.3,3,,,\n",
    );
    let before = sb.read("data.csv");
    let seen_before = (run(&status), run(&check));
    let (code, out, err) = run(&ingest_more);
    assert_eq!(code, 0, "{out}{err}");
    let finished = sb.read("data.csv");
    assert!(
        finished.starts_with(&before),
        "an append keeps every byte before it"
    );
    let added = &finished[before.len()..];
    // Every cut short of the committing row: at each byte of the last row and at
    // each line end. (Without only its line break, the last row is whole, its
    // commit mark checked: that is the finished write.)
    let line_ends = added.iter().enumerate().filter(|(_, b)| **b == b'\n');
    let last_row = added[..added.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    let cuts: Vec<usize> = line_ends
        .map(|(at, _)| at + 1)
        .chain(1..added.len() - last_row)
        .chain([1, 40, last_row + 1])
        .filter(|cut| *cut < added.len() - 1)
        .collect();
    assert!(cuts.len() > 20, "{cuts:?}");
    for cut in cuts {
        let torn = [&before[..], &added[..cut]].concat();
        sb.write("data.csv", &torn);
        assert_eq!(
            (run(&status), run(&check)),
            seen_before,
            "cut after {cut} of {} bytes: readers must see the file as before",
            added.len()
        );
        let (code, out, err) = run(&ingest_more);
        assert_eq!(code, 0, "cut {cut}: {out}{err}");
        assert!(err.contains("unfinished write"), "cut {cut}: {err}");
        assert_eq!(sb.read("data.csv"), finished, "cut {cut}: the next write");
    }
}

// --- 7. Writing the data file where it is, as it was ---------------------------

#[cfg(unix)]
#[test]
fn a_data_file_behind_a_symbolic_link_is_written_through_it() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.path("real")).unwrap();
    std::os::unix::fs::symlink("real/data.csv", sb.path("data.csv")).unwrap();
    sb.write("good.csv", GOOD);
    let (code, out, err) = ingest(&sb, &["good.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let link = std::fs::symlink_metadata(sb.path("data.csv")).unwrap();
    assert!(
        link.file_type().is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(data_rows(&sb.read("real/data.csv")).len(), 1);
    // The lock is beside the real file, so every name of it shares one lock.
    assert!(sb.path("real/data.csv.lock").exists());
    sb.write(
        "more.csv",
        "unit,period,indicator,numerator,denominator\nban-hon,2024,3.2a,1,2\n",
    );
    let (code, out, err) = ingest(&sb, &["more.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(data_rows(&sb.read("real/data.csv")).len(), 2);
}

#[cfg(unix)]
#[test]
fn a_data_file_that_is_not_a_regular_file_is_refused_and_left_alone() {
    let sb = Sandbox::new();
    let path = std::ffi::CString::new(sb.path("data.csv").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    sb.write("good.csv", GOOD);
    let (code, out, err) = ingest(&sb, &["good.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("the data file data.csv is not a regular file"),
        "{err}"
    );
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::symlink_metadata(sb.path("data.csv")).unwrap();
    assert!(meta.file_type().is_fifo(), "the fifo was replaced");
    for command in ["status", "check"] {
        let (code, _, err) = sb.run(&[command, "--data", "data.csv", "--as-of", AS_OF]);
        assert_eq!(code, 1, "{command}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn a_private_data_file_stays_private() {
    use std::os::unix::fs::PermissionsExt;
    let sb = recorded();
    let private = std::fs::Permissions::from_mode(0o600);
    std::fs::set_permissions(sb.path("data.csv"), private).unwrap();
    sb.write(
        "more.csv",
        "unit,period,indicator,numerator,denominator\nban-hon,2024,3.2a,1,2\n",
    );
    let (code, out, err) = ingest(&sb, &["more.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let mode = std::fs::metadata(sb.path("data.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[cfg(unix)]
#[test]
fn the_lock_is_not_taken_through_a_symbolic_link() {
    let sb = Sandbox::new();
    sb.write("victim.txt", "keep me");
    std::os::unix::fs::symlink("victim.txt", sb.path("data.csv.lock")).unwrap();
    sb.write("good.csv", GOOD);
    let (code, out, err) = ingest(&sb, &["good.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("cannot create the lock file"), "{err}");
    assert_eq!(sb.read("victim.txt"), b"keep me");
    assert!(!sb.path("data.csv").exists());
}

#[test]
fn only_the_tools_own_temporary_files_are_removed() {
    let sb = Sandbox::new();
    sb.write("data.csv.tmp-notes", "my notes");
    sb.write("data.csv.tmp-1", "my other notes");
    sb.write("data.csv.tmp-4242", b"\xEF\xBB\xBFrecorded_at,unit");
    sb.write("data.csv.tmp-4243", "");
    sb.write("good.csv", GOOD);
    let (code, out, err) = ingest(&sb, &["good.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(sb.read("data.csv.tmp-notes"), b"my notes");
    assert_eq!(sb.read("data.csv.tmp-1"), b"my other notes");
    assert!(
        !sb.path("data.csv.tmp-4242").exists(),
        "a killed ingest's copy"
    );
    assert!(
        !sb.path("data.csv.tmp-4243").exists(),
        "a killed ingest's empty copy"
    );
}

// --- 5, 9. The data file: formula-safe, and tamper-evident ----------------------

#[test]
fn the_data_file_runs_no_formula_and_reads_back_what_was_written() {
    let sb = Sandbox::new();
    let name = "=cmd.csv";
    sb.write(
        name,
        "unit,period,indicator,numerator,denominator,note\n\
         ban-bo,2025,3.2a,1,2,\"=HYPERLINK(\"\"http://evil\"\")\"\n\
         ban-bo,2025,3.2b,1,2,'quoted\n\
         ban-bo,2025,6.1,1,2,@SUM(1)\n",
    );
    let (code, out, err) = sb.run(&[
        "ingest", "--as-of", AS_OF, "--data", "data.csv", "--by", "+me", name,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let rows = data_rows(&sb.read("data.csv"));
    for row in &rows {
        for cell in row {
            assert!(
                !gender_plan::text::runs_as_formula(cell),
                "{cell} in {row:?}"
            );
        }
    }
    assert_eq!(rows[0][8], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(rows[1][8], "''quoted");
    assert_eq!(rows[0][10], "'+me");
    assert_eq!(rows[0][12], "'=cmd.csv");
    // Read back as written: the notes and who recorded them.
    let (code, json, err) = sb.run(&["history", "--data", "data.csv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    for text in [
        "=HYPERLINK(\\\"http://evil\\\")",
        "\"'quoted\"",
        "@SUM(1)",
        "\"+me\"",
        "\"=cmd.csv\"",
    ] {
        assert!(json.contains(text), "{text} in {json}");
    }
}

/// The data file with one edit made by hand, after GOOD and two more files.
fn tampered(edit: impl Fn(&mut Vec<String>)) -> (Sandbox, Vec<u8>) {
    let sb = recorded();
    sb.write("more.csv", "unit,period,indicator,numerator,denominator\nban-hon,2024,3.2a,1,2\nna-tam,2024,3.2a,3,4\n");
    let (code, out, err) = ingest(&sb, &["more.csv"]);
    assert_eq!(code, 0, "{out}{err}");
    let text = String::from_utf8(sb.read("data.csv")).unwrap();
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    edit(&mut lines);
    let bytes = lines.concat().into_bytes();
    sb.write("data.csv", &bytes);
    (sb, bytes)
}

#[test]
fn a_hand_edited_data_file_is_detected_with_its_line_and_nothing_is_appended() {
    let changed = |lines: &mut Vec<String>| lines[2] = lines[2].replacen(",1,2,", ",1,3,", 1);
    let removed = |lines: &mut Vec<String>| {
        lines.remove(2);
    };
    let reordered = |lines: &mut Vec<String>| lines.swap(2, 3);
    // The last row commits the last write: an edit there is still an edit, not
    // an unfinished write.
    let last_changed = |lines: &mut Vec<String>| lines[3] = lines[3].replacen(",3,4,", ",3,5,", 1);
    type Edit<'a> = &'a dyn Fn(&mut Vec<String>);
    let cases: [(&str, Edit, usize); 4] = [
        ("a figure changed", &changed, 3),
        ("a row removed", &removed, 3),
        ("rows reordered", &reordered, 3),
        ("the last row changed", &last_changed, 4),
    ];
    for (what, edit, line) in cases {
        let (sb, bytes) = tampered(edit);
        let expected = format!(
            "data.csv:{line}: error: the checksum does not match: this row, or the one before it, was changed, removed or moved by hand"
        );
        let (code, _, err) = sb.run(&["check", "--data", "data.csv"]);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(err.contains(&expected), "{what}: {err}");
        sb.write(
            "new.csv",
            "unit,period,indicator,numerator,denominator\nban-giang,2024,3.2a,1,2\n",
        );
        let (code, _, err) = ingest(&sb, &["new.csv"]);
        assert_eq!(code, 1, "{what}: ingest must refuse: {err}");
        assert!(err.contains(&expected), "{what}: {err}");
        assert!(err.contains("restore it from a backup"), "{what}: {err}");
        assert_eq!(sb.read("data.csv"), bytes, "{what}: the file was changed");
    }
}

/// A data file of the second layout (no checksums, text as is) reads as it is, and
/// is upgraded in place at its next write: every cell reads back the same.
#[test]
fn a_data_file_of_the_second_layout_is_read_and_upgraded() {
    let sb = Sandbox::new();
    let old = include_bytes!("../fixtures/release-0.2-formulas/data.csv");
    sb.write("data.csv", old);
    let history = || {
        let (code, out, err) = sb.run(&[
            "history",
            "--data",
            "data.csv",
            "--as-of",
            "2025-12-31",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap()
    };
    let before = history();
    assert_eq!(before.len(), 5);
    let (code, out, err) = sb.run(&["check", "--data", "data.csv", "--as-of", "2025-12-31"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(sb.read("data.csv"), old.to_vec(), "reading changes nothing");
    sb.write(
        "new.csv",
        "unit,period,indicator,numerator,denominator\nban-hon,2025-H1,6.1,1,2\n",
    );
    let (code, out, err) = sb.run(&[
        "ingest",
        "--as-of",
        "2025-12-31",
        "--data",
        "data.csv",
        "new.csv",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let upgraded = sb.read("data.csv");
    assert!(upgraded.starts_with(b"\xEF\xBB\xBFrecorded_at,unit,period,indicator,value,numerator,denominator,submitted,note,withdraws,recorded_by,group,source_file,source_hash,via_file,via_hash,via_recorded_at,via_recorded_by,checksum\n"));
    for row in data_rows(&upgraded) {
        for cell in &row {
            assert!(
                !gender_plan::text::runs_as_formula(cell),
                "{cell} in {row:?}"
            );
        }
    }
    let after = history();
    assert_eq!(after.len(), 6);
    let old_entries: Vec<&serde_json::Value> =
        after.iter().filter(|e| e["unit"] != "ban-hon").collect();
    assert_eq!(old_entries, before.iter().collect::<Vec<_>>());
    let (code, out, err) = sb.run(&["check", "--data", "data.csv", "--as-of", "2025-12-31"]);
    assert_eq!(code, 0, "{out}{err}");
}

// --- Opened in a spreadsheet ---------------------------------------------------

/// Every CSV the tool writes — a report, history, a form, the data file — opened in
/// LibreOffice Calc (installed by .ci/run) holds no formula, though units' notes,
/// file names, the recorder's name and the plan's names all start like formulas. A
/// control file with a raw `=1+1` shows that Calc does run formulas on opening.
#[test]
fn libreoffice_runs_no_formula_from_any_csv_the_tool_writes() {
    let sb = Sandbox::empty();
    sb.write(
        "plan.toml",
        crate::common::edited_plan(
            "Population reached with basic knowledge of gender equality",
            "=HYPERLINK(\\\"http://evil\\\";\\\"click\\\")",
        ),
    );
    let name = "@SUM(1+1).csv";
    sb.write(
        name,
        "unit,period,indicator,numerator,denominator,note\n\
         ban-bo,2025,6.1,1,2,\"=HYPERLINK(\"\"http://evil\"\";\"\"click\"\")\"\n\
         ban-bo,2025,3.2a,1,2,+1+2\n\
         ban-bo,2025,3.2b,1,2,-3+4\n",
    );
    let run = |args: &[&str]| {
        let (code, out, err) = sb.run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    run(&[
        "ingest", "--as-of", AS_OF, "--data", "data.csv", "--by", "=1+2", name,
    ]);
    let reports = [
        (
            "status.csv",
            run(&[
                "status",
                "--data",
                "data.csv",
                "--as-of",
                AS_OF,
                "--indicator",
                "6.1",
                "--period",
                "2025",
                "--format",
                "csv",
            ]),
        ),
        (
            "history.csv",
            run(&[
                "history", "--data", "data.csv", "--as-of", AS_OF, "--format", "csv",
            ]),
        ),
        (
            "form.csv",
            run(&["template", "--unit", "ban-bo", "--period", "2025"]),
        ),
        ("control.csv", "a,b\n=1+1,=2+3\n".to_string()),
    ];
    for (file, text) in &reports {
        sb.write(file, text);
    }
    let profile = format!("file://{}", sb.path("lo-profile").display());
    let output = Command::new("soffice")
        .current_dir(sb.root())
        .args(["--headless", "--norestore"])
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--convert-to", "fods", "--outdir", "opened"])
        .args([
            "data.csv",
            "status.csv",
            "history.csv",
            "form.csv",
            "control.csv",
        ])
        .output()
        .expect("LibreOffice (soffice) runs this test; .ci/run installs it");
    assert!(output.status.success(), "{output:?}");
    let opened = |file: &str| {
        let stem = file.trim_end_matches(".csv");
        std::fs::read_to_string(sb.path(&format!("opened/{stem}.fods")))
            .unwrap_or_else(|e| panic!("{file} was not opened: {e}: {output:?}"))
    };
    assert!(
        opened("control.csv").contains("table:formula=\"of:=1+1\""),
        "Calc no longer runs formulas in CSV files: this test proves nothing"
    );
    for file in ["data.csv", "status.csv", "history.csv", "form.csv"] {
        let sheet = opened(file);
        assert!(
            !sheet.contains("table:formula"),
            "{file} holds a formula once opened in Calc:\n{sheet}"
        );
        assert!(
            sheet.contains("HYPERLINK"),
            "{file}: the text is still there"
        );
    }
}

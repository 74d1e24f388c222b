//! What the tool writes, made safe for where it lands (issue 20): no control
//! character in a Word file, no live HTML in Markdown, no raw terminal escape in
//! CSV or Markdown; and what it says when writing fails: a fifo for an index, a
//! full standard output, a folder that cannot be synced.

use crate::common::{Sandbox, soffice};
use std::io::Read;
use std::time::{Duration, Instant};

const AS_OF: &str = "2025-12-20";

/// A note as a unit's hostile or careless text: Word's Shift+Enter (a vertical
/// tab), a title change and a clear screen for the terminal, a bell, and HTML
/// that runs in a browser.
const NOTE: &str = "first line\u{0B}second line \u{1b}]0;owned\u{07} \u{1b}[2J <script>alert(1)</script> <img src=x onerror=alert(2)>";

/// A sandbox whose data file holds ban-bo's 6.1 for 2025 with [`NOTE`], from a
/// file whose name is HTML too.
fn noted() -> Sandbox {
    let sb = Sandbox::new();
    let name = "<img src=x onerror=alert(3)>.csv";
    sb.write(
        name,
        format!(
            "unit,period,indicator,numerator,denominator,note\nban-bo,2025,6.1,1,2,\"{NOTE}\"\n"
        ),
    );
    let (code, out, err) = sb.run(&["ingest", "--as-of", AS_OF, "--data", "data.csv", name]);
    assert_eq!(code, 0, "{out}{err}");
    sb
}

/// The binary as a plain process in the sandbox (for a child's own stdout).
fn process(sb: &Sandbox) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("gender-plan"));
    cmd.current_dir(sb.root())
        .env_remove("GENDER_PLAN")
        .env_remove("GENDER_PLAN_DATA")
        .env_remove("GENDER_PLAN_LANG")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    cmd
}

fn run_ok(sb: &Sandbox, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--as-of", AS_OF, "--data", "data.csv"]);
    let (code, out, err) = sb.run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// What every output format must never carry from a unit's text.
fn assert_no_raw_controls(what: &str, out: &str) {
    for raw in ['\u{1b}', '\u{07}', '\u{0B}'] {
        assert!(!out.contains(raw), "{what} carries {raw:?} raw:\n{out}");
    }
}

#[test]
fn a_control_character_in_a_note_leaves_the_word_report_well_formed() {
    let sb = noted();
    run_ok(
        &sb,
        &[
            "report",
            "--period",
            "2025",
            "--format",
            "docx",
            "-o",
            "report.docx",
        ],
    );
    let bytes = sb.read("report.docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // Not well-formed before (the raw VT, ESC and BEL); LibreOffice refused it.
    roxmltree::Document::parse(&xml).expect("word/document.xml is well-formed");
    assert!(
        xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{xml}"
    );
    let Some(soffice) = soffice() else {
        return;
    };
    let pdf = sb.convert(soffice, "report.docx", "pdf");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &sb.path(&pdf).display().to_string(), "-"])
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(text.contains("first line"), "{text}");
}

#[test]
fn markdown_outputs_show_html_never_carry_it() {
    let sb = noted();
    for args in [
        &["notes", "--period", "2025", "--format", "markdown"][..],
        &["history", "--format", "markdown"],
        &["report", "--period", "2025", "--format", "markdown"],
    ] {
        let out = run_ok(&sb, args);
        // Raw before: a CommonMark renderer in a browser ran the script.
        for live in ["<script", "<img", "<"] {
            assert!(!out.contains(live), "{args:?} carries {live}:\n{out}");
        }
        assert!(
            out.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
            "{args:?}:\n{out}"
        );
        assert_no_raw_controls(&format!("{args:?}"), &out);
        assert!(out.contains("\\u{1b}"), "{args:?} shows the escape:\n{out}");
    }
    // The file name too, where history shows it.
    let out = run_ok(&sb, &["history", "--format", "markdown"]);
    assert!(
        out.contains("&#60;img src=x onerror=alert(3)&#62;.csv"),
        "{out}"
    );
}

#[test]
fn csv_outputs_show_terminal_escapes_as_the_table_does() {
    let sb = noted();
    for args in [
        &["notes", "--period", "2025", "--format", "csv"][..],
        &["history", "--format", "csv"],
        &["notes", "--period", "2025", "--format", "table"],
    ] {
        let out = run_ok(&sb, args);
        // Raw before in CSV: `cat`ting the file retitled and cleared the terminal.
        assert_no_raw_controls(&format!("{args:?}"), &out);
        assert!(
            out.contains("\\u{1b}]0;owned\\u{7} \\u{1b}[2J"),
            "{args:?}:\n{out}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_for_an_index_is_set_aside_without_blocking() {
    let sb = Sandbox::new();
    sb.write(
        "good.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n",
    );
    run_ok(&sb, &["ingest", "good.csv"]);
    let index = sb.path("data.csv.index");
    let path = std::ffi::CString::new(index.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    // Every reader hung on the fifo before; ingest held the lock meanwhile.
    for args in [
        &["status", "--period", "2025"][..],
        &["report", "--period", "2025", "--format", "markdown"],
    ] {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--as-of", AS_OF, "--data", "data.csv"]);
        let mut child = process(&sb)
            .args(&all)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                panic!("{args:?} hangs on a fifo named data.csv.index");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{args:?}: {status}");
    }
    sb.write(
        "more.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,3.2a,1,2\n",
    );
    run_ok(&sb, &["ingest", "more.csv"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_after_the_write_is_a_note_not_a_failure() {
    let sb = Sandbox::new();
    sb.write(
        "good.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n",
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = process(&sb)
        .args(["ingest", "--as-of", AS_OF, "--data", "data.csv", "good.csv"])
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    // Exit 1 with only "No space left on device" before, the rows recorded.
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: standard output could not be written to the end (the disk is full"),
        "{err}"
    );
    assert!(
        err.contains("the ingest was completed all the same"),
        "{err}"
    );
    let data = String::from_utf8(sb.read("data.csv")).unwrap();
    assert!(data.contains("6.1"), "{data}");
}

#[cfg(all(unix, debug_assertions))]
#[test]
fn a_failed_sync_of_the_folder_after_a_rename_is_reported() {
    // A first release's data file is upgraded by a copy renamed over it; the
    // folder is then synced. An EIO there was ignored before ("written", exit 0).
    let sb = Sandbox::new();
    let old = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/release-0.1/data.csv"
    ))
    .unwrap();
    // Its header alone: a file of the first layout, which has no commit.
    sb.write("data.csv", format!("{}\n", old.lines().next().unwrap()));
    sb.write(
        "good.csv",
        "unit,period,indicator,numerator,denominator\nban-bo,2025,6.1,1,2\n",
    );
    let output = sb
        .cmd()
        .env("GENDER_PLAN_TEST_FAIL_FOLDER_SYNC", "1")
        .args(["ingest", "--as-of", AS_OF, "--data", "data.csv", "good.csv"])
        .output()
        .unwrap();
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("could not be synced"), "{err}");
    assert!(err.contains("may not survive a power cut"), "{err}");
}

//! A per-test working folder holding a plan, and the binary.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The plan most tests run on: the Tam Đường plan as earlier releases shipped it,
/// running its five years (no end on 30 June 2025, no merged communes). Tests of the
/// program use it, so an edit of the shipped plan does not change what they test.
pub const PLAN: &str = include_str!("../fixtures/plan-running-to-2025.toml");

/// The shipped plan.toml: for tests about the shipped plan and its example data.
pub const SHIPPED_PLAN: &str = include_str!("../../plan.toml");

/// The 13 communes of the Tam Đường plan (the tests' and the shipped), in plan
/// order.
pub const COMMUNES: [&str; 13] = [
    "tt-tam-duong",
    "then-sin",
    "ta-leng",
    "giang-ma",
    "ho-thau",
    "binh-lu",
    "son-binh",
    "nung-nang",
    "ban-giang",
    "ban-hon",
    "ban-bo",
    "na-tam",
    "khun-ha",
];

/// A unit's ratio figure (numerator, denominator) for an indicator and period, as
/// `status --indicator … --period …` lists it, as of `as_of`.
pub fn status_figure(
    sb: &Sandbox,
    as_of: &str,
    indicator: &str,
    unit: &str,
    period: &str,
) -> (f64, f64) {
    let args = [
        "--as-of",
        as_of,
        "status",
        "--indicator",
        indicator,
        "--period",
        period,
    ];
    let (code, out, err) = sb.run(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let row = rows.iter().find(|r| r["period"] == period).unwrap();
    let contributors = row["contributors"].as_array().unwrap();
    let c = contributors
        .iter()
        .find(|c| c["unit"] == unit)
        .unwrap_or_else(|| panic!("{unit}: {row}"));
    (
        c["numerator"].as_f64().unwrap(),
        c["denominator"].as_f64().unwrap(),
    )
}

pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// A folder with the tests' plan ([`PLAN`]) in it as plan.toml.
    pub fn new() -> Sandbox {
        let sandbox = Sandbox::empty();
        sandbox.write("plan.toml", PLAN);
        sandbox
    }

    /// A folder with the shipped plan.toml in it.
    pub fn shipped() -> Sandbox {
        let sandbox = Sandbox::empty();
        sandbox.write("plan.toml", SHIPPED_PLAN);
        sandbox
    }

    pub fn empty() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, content).unwrap();
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    /// The binary, run in this folder, untouched by the caller's environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("gender-plan").unwrap();
        cmd.current_dir(self.root())
            .env_remove("GENDER_PLAN")
            .env_remove("GENDER_PLAN_DATA")
            .env_remove("GENDER_PLAN_LANG")
            // The machine's locale never changes a test's outcome: the language
            // comes from --lang, or English.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("USER", "tester")
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs with these arguments; returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.cmd().args(args).output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }
}

/// The 1-based line of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    text[..offset].matches('\n').count() + 1
}

/// The shipped plan with one edit; panics if the edit does not apply, so a test
/// cannot silently test the unedited plan.
pub fn edited_plan(from: &str, to: &str) -> String {
    assert!(PLAN.contains(from), "{from:?} not in plan.toml");
    PLAN.replacen(from, to, 1)
}

/// The shipped plan.toml with `from` replaced by `to` (once; `from` must be there).
pub fn edited_shipped_plan(from: &str, to: &str) -> String {
    assert!(SHIPPED_PLAN.contains(from), "{from:?} not in plan.toml");
    SHIPPED_PLAN.replacen(from, to, 1)
}

/// Runs a program the tests open documents with (LibreOffice, Chromium, poppler's
/// pdfinfo and pdftotext): `.ci/run` installs them.
pub fn program(name: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {name} ({e}); .ci/run installs it: see the README's test command")
        })
}

/// Headless Chromium prints the page `page` to `pdf`, without its own header and
/// footer, as the README says to print (its profile in the sandbox, under
/// `profile`); what it said on standard error, once it has printed.
pub fn chromium_print(sb: &Sandbox, page: &Path, pdf: &Path, profile: &str) -> String {
    let profile = sb.path(profile);
    let output = program(
        "chromium",
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", page.display()),
        ],
    );
    let log = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success() && pdf.exists(), "{log}");
    log
}

/// LibreOffice, to open what the tool writes in the program it is meant for and to
/// save files as an office would. `.ci/run` installs it; elsewhere a test that needs
/// it is skipped with a note, unless CI is set.
pub fn soffice() -> Option<&'static str> {
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("soffice");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "LibreOffice (soffice) is needed: .ci/run installs it"
    );
    eprintln!("note: LibreOffice (soffice) not found; test skipped");
    None
}

impl Sandbox {
    /// Converts a file in the sandbox with LibreOffice (`ods`, `xlsx`, `xls`,
    /// `csv:…`), into `out/`; returns the new file's path relative to the sandbox.
    pub fn convert(&self, soffice: &str, file: &str, to: &str) -> String {
        let profile = format!("file://{}", self.path("lo-profile").display());
        let output = std::process::Command::new(soffice)
            .current_dir(self.root())
            .args([
                &format!("-env:UserInstallation={profile}"),
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                "out",
                file,
            ])
            .output()
            .expect("soffice runs");
        let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
        let extension = to.split(':').next().unwrap();
        let converted = format!("out/{stem}.{extension}");
        assert!(
            self.path(&converted).exists(),
            "LibreOffice did not write {converted}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        converted
    }
}

/// What every reader of a data file sees of it: up to the end of its last
/// finished write. A killed ingest may leave rows after it, which readers ignore
/// and the next write cuts off; a file of an earlier release is read whole.
pub fn committed_part(data: &[u8], plan: &str) -> Vec<u8> {
    use gender_plan::i18n::Lang;
    let plan = gender_plan::plan::load::parse(plan, "plan.toml", Lang::En).expect("a valid plan");
    let store = gender_plan::store::parse(data, data.len() as u64, "data.csv", &plan, Lang::En)
        .expect("the data file loads");
    match store.commit {
        Some(commit) => data[..commit.end as usize].to_vec(),
        None => data.to_vec(),
    }
}

/// The shipped plan with the July 2025 merger written in, as an author would (issue
/// 22): the 13 communes end on 30 June 2025, with their successors (three left the
/// district's area and have none here), and four new communes start on 1 July 2025
/// under the names of their seats, namesakes of old ones.
pub fn plan_after_the_2025_merger() -> String {
    let successors = [
        ("na-tam", Some("xa-ban-bo")),
        ("ban-bo", Some("xa-ban-bo")),
        ("tt-tam-duong", Some("xa-binh-lu")),
        ("son-binh", Some("xa-binh-lu")),
        ("binh-lu", Some("xa-binh-lu")),
        ("giang-ma", Some("xa-ta-leng")),
        ("ho-thau", Some("xa-ta-leng")),
        ("ta-leng", Some("xa-ta-leng")),
        ("ban-hon", Some("xa-khun-ha")),
        ("khun-ha", Some("xa-khun-ha")),
        ("then-sin", None),
        ("nung-nang", None),
        ("ban-giang", None),
    ];
    let mut plan = PLAN.to_string();
    for (id, successor) in successors {
        let at = format!("id = \"{id}\"\nkind = \"commune\"\n");
        assert!(plan.contains(&at), "{id} not in plan.toml");
        let mut ends = format!("{at}ends = \"2025-06-30\"\n");
        if let Some(s) = successor {
            ends.push_str(&format!("successors = [\"{s}\"]\n"));
        }
        plan = plan.replacen(&at, &ends, 1);
    }
    for (id, name) in [
        ("xa-ban-bo", "Bản Bo"),
        ("xa-binh-lu", "Bình Lư"),
        ("xa-ta-leng", "Tả Lèng"),
        ("xa-khun-ha", "Khun Há"),
    ] {
        plan.push_str(&format!(
            "\n[[units]]\nid = \"{id}\"\nkind = \"commune\"\nname.vi = \"{name}\"\n\
             name.en = \"{name} commune\"\nstarts = \"2025-07-01\"\n"
        ));
    }
    plan
}

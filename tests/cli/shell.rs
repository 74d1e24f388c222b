//! `completions` and `man`: generated from the same definitions as `--help`, and
//! accepted by the programs that read them.

use crate::common::Sandbox;
use std::process::{Command, Stdio};

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

#[test]
fn completions_are_generated_for_every_shell() {
    let sb = Sandbox::new();
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef gender-plan"),
        ("fish", "complete -c gender-plan"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[gender-plan]"),
    ] {
        let (code, out, err) = sb.run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(mark), "{shell}:\n{out}");
        // Every command and a command's option are offered.
        for word in ["ingest", "overdue", "fail-if-any", "completions"] {
            assert!(out.contains(word), "{shell}: no {word}");
        }
    }
    let (_, vietnamese, _) = sb.run(&["--lang", "vi", "completions", "fish"]);
    assert!(
        vietnamese.contains("Kiểm tra các tệp báo cáo"),
        "{vietnamese}"
    );
}

#[test]
fn bash_accepts_its_completions() {
    if !has("bash") {
        eprintln!("bash is not installed: skipped");
        return;
    }
    let sb = Sandbox::new();
    let (code, out, _) = sb.run(&["completions", "bash"]);
    assert_eq!(code, 0);
    sb.write("gender-plan.bash", &out);
    let check = Command::new("bash")
        .arg("-n")
        .arg(sb.path("gender-plan.bash"))
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Sourced, it registers the completion for the program.
    let script = format!(
        "source {}; complete -p gender-plan",
        sb.path("gender-plan.bash").display()
    );
    let sourced = Command::new("bash").args(["-c", &script]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&sourced.stdout).contains("gender-plan"),
        "{}",
        String::from_utf8_lossy(&sourced.stderr)
    );
}

#[test]
fn the_man_page_is_read_by_man_or_groff() {
    let sb = Sandbox::new();
    for lang in ["en", "vi"] {
        let (code, page, err) = sb.run(&["--lang", lang, "man"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH gender-plan 1"),
            "{page}"
        );
        assert!(page.contains("ingest"), "{page}");
        sb.write(&format!("gender-plan.{lang}.1"), &page);
        let file = sb.path(&format!("gender-plan.{lang}.1"));
        let shown = if has("groff") {
            Command::new("groff")
                .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
                .arg(&file)
                .output()
                .unwrap()
        } else if has("man") {
            Command::new("man")
                .arg("-l")
                .arg(&file)
                .env("MANPAGER", "cat")
                .output()
                .unwrap()
        } else {
            // .ci/run installs groff-base: on CI the page is always read.
            assert!(
                std::env::var_os("CI").is_none(),
                "groff is needed: .ci/run installs groff-base"
            );
            eprintln!("neither groff nor man is installed: the page is not read");
            continue;
        };
        assert!(shown.status.success(), "{lang}");
        let warnings = String::from_utf8_lossy(&shown.stderr);
        assert!(warnings.trim().is_empty(), "{lang}: {warnings}");
    }
}

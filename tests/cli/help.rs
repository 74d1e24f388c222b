//! The command line in Vietnamese: help, `help COMMAND` and usage errors.

use crate::common::Sandbox;

const COMMANDS: [&str; 10] = [
    "ingest", "status", "overdue", "notes", "history", "withdraw", "template", "calendar", "plan",
    "check",
];

/// clap's English words that must not reach a Vietnamese reader.
const ENGLISH: [&str; 9] = [
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "[default:",
    "[env:",
    "Print help",
    "[possible values",
    "error:",
];

fn assert_vietnamese(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "{word:?} in:\n{text}");
    }
}

#[test]
fn help_in_vietnamese_for_the_program_and_every_command() {
    let sb = Sandbox::new();
    let (code, out, _) = sb.run(&["--lang", "vi", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Cách dùng: gender-plan [TÙY CHỌN] <LỆNH>"),
        "{out}"
    );
    assert!(
        out.contains("Các lệnh:") && out.contains("Tùy chọn chung:"),
        "{out}"
    );
    assert_vietnamese(&out);
    for command in COMMANDS {
        for args in [
            vec!["--lang", "vi", command, "--help"],
            vec!["--lang", "vi", "help", command],
        ] {
            let (code, out, err) = sb.run(&args);
            assert_eq!(code, 0, "{args:?}: {err}");
            assert!(
                out.contains(&format!("Cách dùng: gender-plan {command}")),
                "{args:?}:\n{out}"
            );
            assert_vietnamese(&out);
        }
    }
    // The environment variable works as well as the option.
    let out = sb
        .cmd()
        .env("GENDER_PLAN_LANG", "vi")
        .args(["ingest", "--help"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("Kiểm tra các tệp báo cáo"), "{out}");
}

#[test]
fn usage_errors_in_vietnamese_exit_2() {
    let sb = Sandbox::new();
    let cases: [(&[&str], &str); 5] = [
        (
            &["status", "--format", "xa"],
            "lỗi: giá trị 'xa' không hợp lệ cho '--format <ĐỊNH_DẠNG>'; các giá trị được dùng: 'table' (bảng trên màn hình), 'csv' (tệp CSV cho bảng tính), 'json' (cho chương trình khác), 'markdown' (văn bản Markdown)",
        ),
        (
            &["overdue", "--kind", "huyen"],
            "các giá trị được dùng: 'co-quan' (cơ quan), 'doan-the' (Mặt trận, đoàn thể), 'xa' (xã, thị trấn)",
        ),
        (
            &["stats"],
            "lỗi: không có lệnh 'stats'\n\n  gợi ý: có phải ý bạn là 'status'?",
        ),
        (
            &["ingest"],
            "lỗi: thiếu tham số bắt buộc: <TỆP>...\n\nCách dùng: gender-plan ingest [TÙY CHỌN] <TỆP>...",
        ),
        (
            &["--as-of", "31/13/2025", "calendar"],
            "\"31/13/2025\" không phải là ngày; hãy viết dạng 05/06/2025 hoặc 2025-06-05",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["--lang", "vi"];
        all.extend_from_slice(args);
        let (code, out, err) = sb.run(&all);
        assert_eq!(code, 2, "{all:?}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains(expected), "{all:?}:\n{err}");
        assert_vietnamese(&err);
    }
    let (code, _, err) = sb.run(&["--lang", "vi", "help", "nothing"]);
    assert_eq!(code, 2);
    assert!(err.contains("không có lệnh \"nothing\""), "{err}");
}

#[test]
fn english_stays_as_it_was() {
    let sb = Sandbox::new();
    let (code, out, _) = sb.run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Usage: gender-plan [OPTIONS] <COMMAND>"),
        "{out}"
    );
    let (code, _, err) = sb.run(&["status", "--format", "xa"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error: invalid value 'xa' for '--format <FORMAT>'"),
        "{err}"
    );
}

/// Every date option accepts what ingest accepts.
#[test]
fn the_as_of_date_as_people_write_it() {
    let sb = Sandbox::new();
    let (code, out, err) = sb.run(&["--as-of", "31/12/2025", "calendar", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2025-12-15"), "{out}");
}

/// A usage error's choices: in Vietnamese, the Vietnamese spelling each option
/// accepts, or the value with its meaning, never English words alone; in English,
/// clap's own list.
#[test]
fn a_usage_errors_choices_are_in_the_readers_language() {
    let sb = Sandbox::new();
    let (code, _, err) = sb.run(&["--lang", "vi", "overdue", "--kind", "huyen"]);
    assert_eq!(code, 2);
    for english in ["'office'", "'organisation'", "'commune'"] {
        assert!(!err.contains(english), "{english} in:\n{err}");
    }
    let (code, _, err) = sb.run(&["--lang", "vi", "overdue", "--kind", "doan-the"]);
    assert_ne!(code, 2, "what the error offers is accepted:\n{err}");
    let (code, _, err) = sb.run(&["overdue", "--kind", "huyen"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("[possible values: office, organisation, commune]"),
        "{err}"
    );
}

/// Without --lang and GENDER_PLAN_LANG, the locale decides: LC_ALL, then
/// LC_MESSAGES, then LANG; Vietnamese when the first set starts with "vi".
#[test]
fn the_language_comes_from_the_locale_when_not_given() {
    let sb = Sandbox::new();
    let run = |vars: &[(&str, &str)], args: &[&str]| {
        let mut cmd = sb.cmd();
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let output = cmd.args(args).output().unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let calendar = ["--as-of", "2025-06-01", "calendar", "--year", "2025"];
    let vietnamese = run(&[], &[&["--lang", "vi"][..], &calendar].concat());
    let english = run(&[], &calendar);
    assert_ne!(vietnamese, english);
    assert_eq!(run(&[("LANG", "vi_VN.UTF-8")], &calendar), vietnamese);
    assert_eq!(
        run(&[("LC_MESSAGES", "vi_VN"), ("LANG", "C")], &calendar),
        vietnamese
    );
    assert_eq!(
        run(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "vi_VN")], &calendar),
        english
    );
    assert_eq!(run(&[("LANG", "fr_FR.UTF-8")], &calendar), english);
    // What is said outright comes first.
    assert_eq!(
        run(&[("LANG", "vi_VN"), ("GENDER_PLAN_LANG", "en")], &calendar),
        english
    );
    let with_option = [&["--lang", "en"][..], &calendar].concat();
    assert_eq!(run(&[("LC_ALL", "vi_VN")], &with_option), english);
    // Help and usage errors too, which are answered before the options are read.
    let help = run(&[("LANG", "vi_VN.UTF-8")], &["--help"]);
    assert!(help.contains("Cách dùng: gender-plan"), "{help}");
}

/// Colour through anstream's rule: CLICOLOR_FORCE colours a pipe, NO_COLOR always
/// wins, and without either a pipe gets none.
#[test]
fn colour_follows_no_color_and_the_terminal() {
    let sb = Sandbox::new();
    let stderr = |vars: &[(&str, &str)]| {
        let mut cmd = sb.cmd();
        cmd.env_remove("NO_COLOR");
        for (name, value) in vars {
            cmd.env(name, value);
        }
        let output = cmd
            .args(["--as-of", "2025-06-01", "ingest", "missing.csv"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8(output.stderr).unwrap()
    };
    let forced = stderr(&[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\x1b[31merror\x1b[0m"), "{forced:?}");
    assert!(!stderr(&[]).contains('\x1b'));
    let refused = stderr(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!refused.contains('\x1b'), "{refused:?}");
}

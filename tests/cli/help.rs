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
            "lỗi: giá trị 'xa' không hợp lệ cho '--format <ĐỊNH_DẠNG>'; các giá trị được dùng: 'table', 'csv', 'json', 'markdown'",
        ),
        (
            &["overdue", "--kind", "huyen"],
            "các giá trị được dùng: 'office', 'organisation', 'commune'",
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

//! The command line in the user's language: `--help`, `help COMMAND` and clap's
//! own usage errors in Vietnamese when `--lang vi` (or `GENDER_PLAN_LANG=vi`) is
//! given.
//!
//! The English texts are the derive attributes of each command's `Args`; each
//! command module keeps their Vietnamese beside them (`HELP_VI`, `AFTER_HELP_VI`),
//! and a test checks that no argument is left without one.

use super::Cli;
use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};
use std::cell::Cell;
use std::ffi::OsString;

/// Vietnamese texts of one command: ("" for its description, or an argument id,
/// text), and the text shown after its options.
pub struct Texts {
    pub help: &'static [(&'static str, &'static str)],
    pub after_help: Option<&'static str>,
}

thread_local! {
    /// The language of the command line being parsed, for value parsers' messages.
    static PARSING: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language value parsers should answer in.
pub fn parsing_lang() -> Lang {
    PARSING.with(Cell::get)
}

/// The language asked for on the command line or in `GENDER_PLAN_LANG`, read before
/// parsing so that help and usage errors can be in it.
pub fn requested_lang(args: &[OsString]) -> Lang {
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|w| w.to_string()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(value) = value {
            found = Some(value);
        }
    }
    let value = found.or_else(|| std::env::var("GENDER_PLAN_LANG").ok());
    match value.as_deref().map(str::trim) {
        Some("vi") => Lang::Vi,
        Some(_) => Lang::En,
        None => Lang::from_environment(),
    }
}

/// The command line's definition in a language.
pub fn command(lang: Lang) -> Command {
    let command = Cli::command();
    match lang {
        Lang::En => command,
        Lang::Vi => translate(command, ""),
    }
}

/// Parses the arguments in the language asked for.
pub fn parse(args: &[OsString], lang: Lang) -> Result<clap::ArgMatches, clap::Error> {
    PARSING.with(|l| l.set(lang));
    command(lang).try_get_matches_from(args)
}

const TEMPLATE_VI: &str = "\
{before-help}{about-with-newline}
Cách dùng: {usage}

{all-args}{after-help}";

/// Translates a command and its subcommands; `path` names it ("" for the program).
fn translate(mut command: Command, path: &str) -> Command {
    let texts = texts(path);
    for &(id, text) in texts.help {
        if id.is_empty() {
            command = command.about(text);
        }
    }
    if let Some(after) = texts.after_help {
        command = command.after_help(after);
    }
    command = command
        .help_template(TEMPLATE_VI)
        .subcommand_help_heading("Các lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp này")
                .help_heading("Tùy chọn"),
        );
    if path.is_empty() {
        command = command
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("In số phiên bản")
                    .help_heading("Tùy chọn"),
            )
            .disable_help_subcommand(true)
            .subcommand(
                Command::new("help")
                    .about("In trợ giúp của chương trình hoặc của một lệnh")
                    .arg(
                        Arg::new("command")
                            .value_name("LỆNH")
                            .help("Lệnh cần xem trợ giúp"),
                    ),
            );
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in ids {
        let text = texts.help.iter().find(|(i, _)| *i == id).map(|(_, t)| *t);
        command = command.mut_arg(&id, |arg| {
            let heading = match arg.get_help_heading() {
                Some(_) => "Tùy chọn chung",
                None if arg.is_positional() => "Tham số",
                None => "Tùy chọn",
            };
            let names: Option<Vec<&'static str>> = arg
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| value_name_vi(n.as_str()))
                .collect();
            let arg = match names {
                Some(names) if !names.is_empty() => arg.value_names(names),
                _ => arg,
            };
            let takes_values = arg.get_action().takes_values();
            let choices = takes_values && !arg.get_possible_values().is_empty();
            let arg = arg
                .help_heading(heading)
                .hide_possible_values(choices && text.is_some());
            let Some(text) = text else {
                return arg;
            };
            if !takes_values {
                return arg.help(text);
            }
            // clap's "[env: …] [default: …]" in Vietnamese.
            let mut text = text.to_string();
            if let Some(env) = arg.get_env() {
                text.push_str(&format!(" [biến môi trường: {}]", env.to_string_lossy()));
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().to_string())
                .collect();
            if !defaults.is_empty() && !text.contains("[mặc định") {
                text.push_str(&format!(" [mặc định: {}]", defaults.join(", ")));
            }
            arg.help(text).hide_env(true).hide_default_value(true)
        });
    }
    let usage = vietnamese_usage(&mut command.clone());
    let usage = match path.rsplit_once(' ') {
        _ if path.is_empty() => usage,
        // A subcommand alone knows neither the program's name nor its parent's.
        Some((parent, _)) => format!("gender-plan {parent} {usage}"),
        None => format!("gender-plan {usage}"),
    };
    command = command.override_usage(usage);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in names {
        let inner = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        command = command.mut_subcommand(&name, |s| translate(s, &inner));
    }
    command
}

/// A value's placeholder (`--period <PERIOD>`) in Vietnamese.
fn value_name_vi(name: &str) -> Option<&'static str> {
    Some(match name {
        "PERIOD" => "KỲ",
        "DATE" => "NGÀY",
        "FILE" => "TỆP",
        "FILE|HASH" => "TỆP|MÃ_BĂM",
        "PATH" => "ĐƯỜNG_DẪN",
        "ID" => "MÃ",
        "UNIT" => "ĐƠN_VỊ",
        "TEXT" => "NỘI_DUNG",
        "NAME" => "TÊN",
        "YEAR" => "NĂM",
        "FORMAT" => "ĐỊNH_DẠNG",
        "LANG" => "NGÔN_NGỮ",
        "KIND" => "LOẠI",
        "ENCODING" => "BẢNG_MÃ",
        "DECIMAL" => "DẤU_THẬP_PHÂN",
        "OUTPUT" => "TỆP_KẾT_QUẢ",
        "N" => "SỐ",
        "SHELL" => "VỎ_LỆNH",
        _ => return None,
    })
}

/// clap's usage line with its placeholders in Vietnamese.
fn vietnamese_usage(command: &mut Command) -> String {
    placeholders_vi(
        command
            .render_usage()
            .to_string()
            .trim_start_matches("Usage:"),
    )
}

fn placeholders_vi(usage: &str) -> String {
    usage
        .trim()
        .replace("[OPTIONS]", "[TÙY CHỌN]")
        .replace("<COMMAND>", "<LỆNH>")
}

/// The Vietnamese texts of a command, from its module.
fn texts(path: &str) -> Texts {
    let none = Texts {
        help: &[],
        after_help: None,
    };
    match path {
        "" => super::TEXTS_VI,
        "ingest" => super::ingest::TEXTS_VI,
        "status" => super::status::TEXTS_VI,
        "overdue" => super::overdue::TEXTS_VI,
        "notes" => super::notes::TEXTS_VI,
        "report" => super::report::TEXTS_VI,
        "remind" => super::remind::TEXTS_VI,
        "history" => super::history::TEXTS_VI,
        "withdraw" => super::withdraw::TEXTS_VI,
        "template" => super::template::TEXTS_VI,
        "calendar" => super::calendar::TEXTS_VI,
        "plan" => super::plan::TEXTS_VI,
        "plan new" => super::plan::NEW_TEXTS_VI,
        "plan import" => super::plan::IMPORT_TEXTS_VI,
        "check" => super::check::TEXTS_VI,
        "export" => super::export::TEXTS_VI,
        "completions" => super::shell::COMPLETIONS_TEXTS_VI,
        "man" => super::shell::MAN_TEXTS_VI,
        _ => none,
    }
}

/// Output formats, for the help of every `--format`.
pub const FORMAT_VI: &str = "Định dạng kết quả: table (bảng, để đọc trên màn hình), csv (cho bảng tính), json (cho chương trình khác), markdown (cho văn bản), xlsx (tệp bảng tính, số là số, ngày là ngày)";

/// A value a person may type for an option, as a Vietnamese usage error lists it:
/// the Vietnamese spelling where the option takes one (`xa` for `commune`), else
/// the value itself, each with what it means in Vietnamese, so that no English
/// word is the only thing the reader sees.
fn value_vi(value: &str) -> String {
    let (typed, meaning) = match value {
        "office" => ("co-quan", "cơ quan"),
        "organisation" => ("doan-the", "Mặt trận, đoàn thể"),
        "commune" => ("xa", "xã, thị trấn"),
        other => (other, value_meaning_vi(other).unwrap_or("")),
    };
    if meaning.is_empty() {
        format!("'{typed}'")
    } else {
        format!("'{typed}' ({meaning})")
    }
}

/// What a value of a choice means, in Vietnamese.
fn value_meaning_vi(value: &str) -> Option<&'static str> {
    Some(match value {
        "en" => "tiếng Anh",
        "vi" => "tiếng Việt",
        "table" => "bảng trên màn hình",
        "csv" => "tệp CSV cho bảng tính",
        "json" => "cho chương trình khác",
        "markdown" => "văn bản Markdown",
        "xlsx" => "tệp bảng tính Excel",
        "html" => "trang web để in",
        "docx" => "tệp Word",
        "dhis2-json" => "DHIS2, dạng JSON",
        "dhis2-csv" => "DHIS2, dạng CSV",
        "adx" => "chuẩn ADX",
        "opensdg" => "trang Open SDG",
        "utf-8" => "bảng mã UTF-8",
        "windows-1258" => "bảng mã Windows-1258",
        "comma" => "dấu phẩy",
        "dot" => "dấu chấm",
        "office" => "cơ quan",
        "organisation" => "Mặt trận, đoàn thể",
        "commune" => "xã, thị trấn",
        "bash" => "vỏ lệnh bash",
        "zsh" => "vỏ lệnh zsh",
        "fish" => "vỏ lệnh fish",
        "powershell" => "vỏ lệnh PowerShell",
        "elvish" => "vỏ lệnh elvish",
        _ => return None,
    })
}

/// A usage error in Vietnamese: what is wrong and how to see the right usage.
pub fn vietnamese_error(error: &clap::Error, command: &mut Command) -> String {
    let get = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut text = match error.kind() {
        ErrorKind::InvalidValue => {
            // The values are what to type: each in quotes, as the value refused is.
            let valid = match error.get(ContextKind::ValidValue) {
                Some(ContextValue::Strings(list)) => list
                    .iter()
                    .map(|v| value_vi(v))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => get(ContextKind::ValidValue),
            };
            if value.is_empty() {
                format!("'{arg}' cần một giá trị")
            } else if valid.is_empty() {
                format!("giá trị '{value}' không hợp lệ cho '{arg}'")
            } else {
                format!(
                    "giá trị '{value}' không hợp lệ cho '{arg}'; các giá trị được dùng: {valid}"
                )
            }
        }
        ErrorKind::ValueValidation => {
            let cause = std::error::Error::source(error)
                .map(|c| c.to_string())
                .unwrap_or_default();
            format!("giá trị '{value}' không hợp lệ cho '{arg}': {cause}")
        }
        ErrorKind::UnknownArgument => format!("không có tùy chọn '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!("không có lệnh '{}'", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu tham số bắt buộc: {arg}")
        }
        ErrorKind::ArgumentConflict => {
            format!(
                "không dùng được '{arg}' cùng với '{}'",
                get(ContextKind::PriorArg)
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "hãy chọn một lệnh".to_string()
        }
        ErrorKind::NoEquals => format!("'{arg}' cần dấu '=' trước giá trị"),
        ErrorKind::TooManyValues => format!("'{arg}' có quá nhiều giá trị ('{value}')"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("'{arg}' không đủ giá trị")
        }
        _ => format!("dòng lệnh không hợp lệ: {}", error.kind()),
    };
    let suggested = get(ContextKind::SuggestedArg) + &get(ContextKind::SuggestedSubcommand);
    if !suggested.is_empty() {
        text.push_str(&format!("\n\n  gợi ý: có phải ý bạn là '{suggested}'?"));
    }
    // The usage of the command the error is about, as clap renders it.
    let rendered = error.render().to_string();
    let usage = match rendered.lines().find_map(|l| l.strip_prefix("Usage:")) {
        Some(usage) => placeholders_vi(usage),
        None => vietnamese_usage(command),
    };
    let name: Vec<&str> = usage.split_whitespace().take(2).collect();
    let more = match name.as_slice() {
        ["gender-plan", sub] if !sub.starts_with(['[', '<', '-']) => {
            format!("gender-plan --lang vi help {sub}")
        }
        _ => "gender-plan --lang vi --help".to_string(),
    };
    format!("lỗi: {text}\n\nCách dùng: {usage}\n\nXem thêm: {more}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every argument and command has its Vietnamese text, so that a new option
    /// cannot appear in English alone.
    #[test]
    fn every_argument_has_a_vietnamese_help() {
        fn walk(command: &Command, path: &str, missing: &mut Vec<String>) {
            let texts = texts(path);
            if !texts.help.iter().any(|(id, _)| id.is_empty()) {
                missing.push(format!("{path}: description"));
            }
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" || arg.is_global_set() && !path.is_empty() {
                    continue;
                }
                if !texts.help.iter().any(|(i, _)| *i == id) {
                    missing.push(format!("{path}: {id}"));
                }
            }
            for sub in command.get_subcommands() {
                let name = sub.get_name();
                let inner = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path} {name}")
                };
                walk(sub, &inner, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Vietnamese help for: {missing:?}");
    }

    /// Every value an option offers has its Vietnamese meaning, so that a usage
    /// error never lists English values alone.
    #[test]
    fn every_possible_value_has_a_vietnamese_meaning() {
        fn walk(command: &Command, missing: &mut Vec<String>) {
            // Flags (true/false) take no value a person types.
            let choices = command
                .get_arguments()
                .filter(|a| a.get_action().takes_values());
            for arg in choices {
                for value in arg.get_possible_values() {
                    if value_meaning_vi(value.get_name()).is_none() {
                        missing.push(format!("{}: {}", arg.get_id(), value.get_name()));
                    }
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), &mut missing);
        assert!(missing.is_empty(), "no Vietnamese meaning for: {missing:?}");
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            requested_lang(&args(&["gp", "--lang", "vi", "status"])),
            Lang::Vi
        );
        assert_eq!(
            requested_lang(&args(&["gp", "status", "--lang=vi"])),
            Lang::Vi
        );
        assert_eq!(requested_lang(&args(&["gp", "--lang", "en"])), Lang::En);
        assert_eq!(
            requested_lang(&args(&["gp", "--", "--lang", "vi"])),
            requested_lang(&args(&["gp"]))
        );
    }
}

//! The two languages every message and header exists in.
//!
//! Messages are written at the call site in both languages with [`tr!`], so a
//! message and its translation sit side by side and cannot drift apart.

use clap::ValueEnum;
use serde::Deserialize;

/// The language of output and messages (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// The language the environment asks for when neither `--lang` nor
    /// `GENDER_PLAN_LANG` is given: the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
    /// that is set and not empty (POSIX's order) decides; Vietnamese when it starts
    /// with "vi" (`vi_VN.UTF-8`), else English.
    pub fn from_environment() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_environment`] with the variables read by `get`.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| get(name).filter(|v| !v.trim().is_empty()));
        match locale {
            Some(value) if value.trim().starts_with("vi") => Lang::Vi,
            _ => Lang::En,
        }
    }

    pub fn pick<'a>(self, en: &'a str, vi: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }
}

/// `tr!(lang, "english {x}", "tiếng Việt {x}")`: formats only the chosen language.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $en:literal, $vi:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en),
            $crate::i18n::Lang::Vi => format!($vi),
        }
    };
    ($lang:expr, $en:literal, $vi:literal, $($arg:tt)+) => {
        match $lang {
            $crate::i18n::Lang::En => format!($en, $($arg)+),
            $crate::i18n::Lang::Vi => format!($vi, $($arg)+),
        }
    };
}

/// An operating system's error as people read it, with what to do about it: the
/// one translation of `std::io::Error` every message that reads or writes a file
/// uses, so no "No such file or directory (os error 2)" reaches a Vietnamese reader.
pub fn os_error_text(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind;
    let text = match error.kind() {
        ErrorKind::NotFound => lang.pick(
            "no such file or folder (check the name and the folder)",
            "không có tệp hoặc thư mục này (kiểm tra lại tên và thư mục)",
        ),
        ErrorKind::PermissionDenied => lang.pick(
            "permission denied (ask for the right to this file, or use a file of your own)",
            "không có quyền truy cập (xin quyền với tệp này, hoặc dùng tệp của mình)",
        ),
        ErrorKind::StorageFull => lang.pick(
            "the disk is full (free some space and try again)",
            "ổ đĩa đã đầy (giải phóng bớt dung lượng rồi làm lại)",
        ),
        ErrorKind::ReadOnlyFilesystem => lang.pick(
            "the disk is read-only (use a folder you can write to)",
            "ổ đĩa chỉ cho phép đọc (dùng thư mục có quyền ghi)",
        ),
        ErrorKind::AlreadyExists => lang.pick("it already exists", "đã tồn tại"),
        ErrorKind::IsADirectory => lang.pick(
            "this is a folder, not a file",
            "đây là thư mục, không phải tệp",
        ),
        ErrorKind::NotADirectory => lang.pick(
            "a part of the path is a file, not a folder",
            "một phần của đường dẫn là tệp, không phải thư mục",
        ),
        ErrorKind::InvalidData => {
            lang.pick("the content cannot be read", "không đọc được nội dung")
        }
        ErrorKind::UnexpectedEof => lang.pick(
            "the file ends too early (it may be cut off)",
            "tệp kết thúc quá sớm (có thể bị cắt dở)",
        ),
        ErrorKind::Interrupted | ErrorKind::TimedOut | ErrorKind::WouldBlock => lang.pick(
            "the operation was interrupted (try again)",
            "thao tác bị gián đoạn (hãy làm lại)",
        ),
        _ => match lang {
            Lang::En => return error.to_string(),
            Lang::Vi => {
                let code = error
                    .raw_os_error()
                    .map_or(String::new(), |c| format!(" (mã {c})"));
                return format!("lỗi của hệ điều hành{code}");
            }
        },
    };
    text.to_string()
}

/// The CSV reader's error, as people read it: in English as the reader says it; in
/// Vietnamese, what kind of problem it is (an operating system error through
/// [`os_error_text`]), without the reader's English.
pub fn csv_error_text(error: &csv::Error, lang: Lang) -> String {
    match (lang, error.kind()) {
        (Lang::En, _) => error.to_string(),
        (Lang::Vi, csv::ErrorKind::Io(io)) => os_error_text(io, lang),
        (Lang::Vi, csv::ErrorKind::Utf8 { .. }) => "có ký tự không phải UTF-8".to_string(),
        (Lang::Vi, csv::ErrorKind::UnequalLengths { .. }) => {
            "số ô của dòng khác với các dòng trước".to_string()
        }
        (Lang::Vi, _) => "dòng không đúng dạng CSV".to_string(),
    }
}

/// A name or title given in both languages in plan.toml.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    pub vi: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.vi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Lang {
        Lang::from_locale(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn the_locale_gives_the_language_in_posix_order() {
        assert_eq!(with(&[]), Lang::En);
        assert_eq!(with(&[("LANG", "vi_VN.UTF-8")]), Lang::Vi);
        assert_eq!(with(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(with(&[("LC_MESSAGES", "vi_VN"), ("LANG", "C")]), Lang::Vi);
        assert_eq!(with(&[("LC_ALL", "C"), ("LC_MESSAGES", "vi_VN")]), Lang::En);
        assert_eq!(with(&[("LC_ALL", ""), ("LANG", "vi")]), Lang::Vi);
        assert_eq!(with(&[("LANG", "fr_FR.UTF-8")]), Lang::En);
    }
}

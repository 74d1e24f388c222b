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

/// A name or title given in both languages in plan.toml.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
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

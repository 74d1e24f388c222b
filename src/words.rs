//! How the domain's answers read, in each language: the words that `status`,
//! `overdue` and the report share, so they say the same thing the same way.

use crate::domain::figure::Figure;
use crate::domain::measure::Measure;
use crate::domain::outlook::Outlook;
use crate::domain::reporting::ReportStatus;
use crate::domain::status::{Standing, Verdict};
use crate::i18n::Lang;
use crate::plan::{Indicator, format_decimal, format_number};
use chrono::NaiveDate;

pub fn outlook_label(outlook: Outlook, lang: Lang) -> &'static str {
    match outlook {
        Outlook::TargetAchieved => lang.pick("target achieved", "đã đạt mục tiêu"),
        Outlook::OnTrack => lang.pick("on track", "đúng tiến độ"),
        Outlook::AccelerationNeeded => lang.pick("acceleration needed", "cần tăng tốc"),
        Outlook::LimitedProgress => lang.pick("limited progress", "tiến bộ hạn chế"),
        Outlook::Deterioration => lang.pick("deterioration", "đang xấu đi"),
        Outlook::InsufficientData => lang.pick("insufficient data", "chưa đủ dữ liệu"),
    }
}

pub fn status_label(status: ReportStatus, lang: Lang) -> &'static str {
    match status {
        ReportStatus::Missing => lang.pick("missing", "chưa gửi"),
        ReportStatus::Incomplete => lang.pick("incomplete", "thiếu số liệu"),
        ReportStatus::Late => lang.pick("late", "gửi muộn"),
        ReportStatus::OnTime => lang.pick("on time", "đúng hạn"),
    }
}

/// "61.5 %", "111.7", "yes", "no cases"; a star marks partial coverage.
pub fn value_text(indicator: &Indicator, s: &Standing, lang: Lang) -> String {
    if s.verdict == Verdict::NoCases {
        return no_cases_text(lang).into();
    }
    let Some(v) = s.value else {
        return "—".into();
    };
    let text = match indicator.measure {
        Measure::YesNo => lang
            .pick(
                if v >= 0.5 { "yes" } else { "no" },
                if v >= 0.5 { "có" } else { "không" },
            )
            .to_string(),
        _ if indicator.unit_of_measure.en.trim() == "%" => {
            format!("{} %", format_decimal(v, 1, lang))
        }
        _ => format_decimal(v, 1, lang),
    };
    if s.coverage.is_partial() {
        format!("{text}*")
    } else {
        text
    }
}

/// What stands for a value when every unit had nothing to count.
pub fn no_cases_text(lang: Lang) -> &'static str {
    lang.pick("no cases", "không có trường hợp")
}

/// The verdict on a standing, as a word.
pub fn verdict_label(verdict: Verdict, lang: Lang) -> &'static str {
    match verdict {
        Verdict::Met => lang.pick("met", "đạt"),
        Verdict::NotMet => lang.pick("not met", "chưa đạt"),
        Verdict::InProgress => lang.pick("in progress", "đang thực hiện"),
        Verdict::NoCases => no_cases_text(lang),
        Verdict::NoData => lang.pick("no data", "chưa có số liệu"),
    }
}

/// A day as people read it: 2025-06-05 in English, 05/06/2025 in Vietnamese.
pub fn date_text(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => day.format("%Y-%m-%d").to_string(),
        Lang::Vi => day.format("%d/%m/%Y").to_string(),
    }
}

/// A figure as people read it: `1.250/3.800`, `5`, `yes`, `(blank)`.
pub fn figure_text(figure: Figure, lang: Lang) -> String {
    match figure {
        Figure::Blank => lang.pick("(blank)", "(để trống)").into(),
        Figure::Narrative => lang
            .pick("(narrative report)", "(báo cáo bằng văn bản)")
            .into(),
        Figure::Number(v) => format_number(v, lang),
        Figure::YesNo(b) => lang
            .pick(if b { "yes" } else { "no" }, if b { "có" } else { "không" })
            .into(),
        Figure::Ratio {
            numerator,
            denominator,
        } => format!(
            "{}/{}",
            format_number(numerator, lang),
            format_number(denominator, lang)
        ),
    }
}

//! What several commands say the same way: a figure, a key, a revision's origin.

use crate::domain::ledger::Ledger;
use crate::domain::period::{Period, Round};
use crate::domain::reporting::{ReportStatus, UnitReport, round_reports};
use crate::domain::revision::State;
use crate::i18n::Lang;
use crate::intake::names::{Bearers, IndicatorIds, UnitNames};
use crate::plan::{Plan, UnitKind};
use crate::tr;
use crate::words::period_text;
use chrono::NaiveDate;

pub use crate::words::{date_text, describe_key, figure_text, indicator_text};

/// A revision's standing, as a word.
pub fn state_text(state: State, lang: Lang) -> &'static str {
    match state {
        State::Current => lang.pick("current", "hiện hành"),
        State::Superseded => lang.pick("superseded", "đã được thay"),
        State::Withdrawn => lang.pick("withdrawn", "đã rút lại"),
        State::Withdrawal => lang.pick("withdrawal", "lệnh rút lại"),
        State::NotYet => lang.pick("not yet submitted", "chưa gửi"),
        State::Empty => lang.pick(
            "left empty: counts for nothing",
            "để trống: không được tính",
        ),
    }
}

/// An indicator and group given by their ids (as JSON carries them), for a table:
/// "5.2a (female)", "6.1", "(narrative report)".
pub fn ids_text(plan: &Plan, indicator: Option<&str>, group: Option<&str>, lang: Lang) -> String {
    let Some(id) = indicator else {
        return indicator_text(plan, None, lang);
    };
    let name = group.map(|group| {
        plan.indicator(id)
            .and_then(|i| i.disaggregation)
            .and_then(|d| {
                plan.dimensions[d as usize]
                    .groups
                    .iter()
                    .find(|g| g.id == group)
            })
            .map_or(group, |g| g.name.get(lang))
    });
    match name {
        Some(name) => format!("{id} ({name})"),
        None => id.to_string(),
    }
}

/// The group of a broken-down indicator a person named on the command line (id,
/// name or alias, in any case, with or without diacritics).
pub fn resolve_group(plan: &Plan, indicator: u16, text: &str, lang: Lang) -> anyhow::Result<u8> {
    let ind = &plan.indicators[indicator as usize];
    let Some(d) = ind.disaggregation else {
        anyhow::bail!(tr!(
            lang,
            "indicator {} is not reported by group; leave out --group",
            "chỉ tiêu {} không báo cáo theo nhóm; bỏ --group",
            ind.id
        ));
    };
    let groups = &plan.dimensions[d as usize].groups;
    let folded = crate::intake::fields::fold(text);
    let found = groups.iter().position(|g| {
        std::iter::once(g.id.as_str())
            .chain([g.name.en.as_str(), g.name.vi.as_str()])
            .chain(g.aliases.iter().map(String::as_str))
            .any(|s| crate::intake::fields::fold(s) == folded)
    });
    match found {
        Some(i) => Ok(i as u8 + 1),
        None => {
            let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
            anyhow::bail!(tr!(
                lang,
                "unknown group \"{text}\" of indicator {}; the groups are {}",
                "nhóm \"{text}\" không có ở chỉ tiêu {}; các nhóm là {}",
                ind.id,
                ids.join(", ")
            ))
        }
    }
}

/// The unit a person named on the command line: id, name or alias, in any case,
/// with or without diacritics, and the same "did you mean" as ingest gives for a
/// unit in a file. Every command option that names a unit comes here.
///
/// Names in time: a name two units bore at different times (a merged commune that
/// took its predecessor's name) is the unit that bore it when the command asks
/// about: on the as-of day, or during a figure's period. When no one or several
/// bore it then, the message names them all with their dates.
pub fn resolve_unit(plan: &Plan, text: &str, when: When, lang: Lang) -> anyhow::Result<u16> {
    let names = UnitNames::new(plan);
    let (first, last) = when.span();
    match names.bearers(text, first, last) {
        Bearers::One(unit) => Ok(unit),
        Bearers::Unknown => {
            let hint = names.hint(plan, text, lang);
            anyhow::bail!(tr!(
                lang,
                "unknown unit \"{text}\"; {hint}",
                "không có đơn vị \"{text}\"; {hint}"
            ))
        }
        Bearers::NoneThen(all) => anyhow::bail!(namesakes(plan, text, &all, when, false, lang)),
        Bearers::Several(then) => anyhow::bail!(namesakes(plan, text, &then, when, true, lang)),
    }
}

/// When a name is asked about: the as-of day, or a figure's period.
#[derive(Debug, Clone, Copy)]
pub enum When {
    Day(NaiveDate),
    Period(Period),
}

impl When {
    /// The first and last day asked about.
    fn span(self) -> (NaiveDate, NaiveDate) {
        match self {
            When::Day(day) => (day, day),
            When::Period(period) => crate::plan::period_bounds(period),
        }
    }

    fn text(self, lang: Lang) -> String {
        match self {
            When::Day(day) => tr!(lang, "on {}", "vào ngày {}", date_text(day, lang)),
            When::Period(period) => tr!(lang, "in {}", "trong {}", period_text(period, lang)),
        }
    }
}

/// A name several units bore: none of them, or several (`all`), `when` asked.
fn namesakes(plan: &Plan, text: &str, owners: &[u16], when: When, all: bool, lang: Lang) -> String {
    let units = crate::words::units_with_lifetime(plan, owners, lang);
    let (n, when) = (owners.len(), when.text(lang));
    match all {
        true => tr!(
            lang,
            "\"{text}\" was the name of {n} units {when}: {units}; name the one you mean by its id",
            "\"{text}\" là tên của {n} đơn vị {when}: {units}; hãy ghi mã của đơn vị cần chọn"
        ),
        false => tr!(
            lang,
            "\"{text}\" was the name of {n} units, none of which existed {when}: {units}; name one by its id, or give --as-of a day it existed",
            "\"{text}\" là tên của {n} đơn vị, không đơn vị nào hoạt động {when}: {units}; hãy ghi mã của một đơn vị, hoặc ghi --as-of một ngày đơn vị đó còn hoạt động"
        ),
    }
}

/// The indicator a person named on the command line (`3.2a`, `3.2A`), with the
/// same "did you mean" as ingest. Every command option that names an indicator
/// comes here.
pub fn resolve_indicator(plan: &Plan, text: &str, lang: Lang) -> anyhow::Result<u16> {
    let ids = IndicatorIds::new(plan);
    if let Some(index) = ids.resolve(text) {
        return Ok(index);
    }
    let hint = ids.hint(text, lang);
    anyhow::bail!(tr!(
        lang,
        "unknown indicator \"{text}\"; {hint}",
        "không có chỉ tiêu \"{text}\"; {hint}"
    ))
}

/// A period a person named on the command line, within the plan's years.
pub fn resolve_period(plan: &Plan, text: &str, lang: Lang) -> anyhow::Result<Period> {
    let (first, last) = (plan.meta.start_year, plan.meta.end_year);
    match crate::intake::fields::parse_period(text.trim()) {
        Some(p) if (first..=last).contains(&p.year()) => Ok(p),
        _ => anyhow::bail!(tr!(
            lang,
            "\"{text}\" is not a period of the plan; write 2025 (a year), 2025-H1 (a half-year) or 2025-Q3 (a quarter), from {first} to {last}",
            "\"{text}\" không phải một kỳ của kế hoạch; hãy viết \"2025\" hoặc \"năm 2025\", \"2025-H1\" hoặc \"6 tháng đầu năm 2025\", \"2025-Q3\" hoặc \"quý III/2025\", từ {first} đến {last}"
        )),
    }
}

/// The Vietnamese help of [`RoundChoice`]'s options, for the commands that take
/// them (see `cli::help`).
pub const ROUND_CHOICE_VI: [(&str, &str); 4] = [
    (
        "deadline",
        "Kỳ báo cáo có hạn nộp vào ngày này (05/06/2025 hoặc 2025-06-05)",
    ),
    (
        "period",
        "Kỳ báo cáo: 2025-H1 (6 tháng đầu năm 2025) hoặc 2025 (năm 2025), viết dạng nào cũng được",
    ),
    ("unit", "Chỉ đơn vị này"),
    (
        "kind",
        "Chỉ các đơn vị thuộc loại này: 'office' hoặc 'co-quan' (cơ quan), 'organisation' hoặc 'doan-the' (Mặt trận, đoàn thể), 'commune' hoặc 'xa' (xã, thị trấn)",
    ),
];

/// Which round and which units: the options `overdue` and `remind` share, so that
/// both answer "who owes this round" by [`chosen_reports`].
#[derive(Debug, clap::Args)]
pub struct RoundChoice {
    /// The round due on this date (YYYY-MM-DD or DD/MM/YYYY)
    #[arg(long, value_name = "DATE", conflicts_with = "period", value_parser = super::parse_user_date)]
    pub deadline: Option<NaiveDate>,
    /// The round by its period: 2025-H1 or 2025
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Only this unit
    #[arg(long, value_name = "ID")]
    pub unit: Option<String>,
    /// Only units of this kind
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Also written in Vietnamese, as the Vietnamese help names the kinds.
    #[value(alias = "co-quan", alias = "coquan")]
    Office,
    #[value(alias = "doan-the", alias = "doanthe")]
    Organisation,
    #[value(alias = "xa")]
    Commune,
}

impl KindArg {
    fn kind(self) -> UnitKind {
        match self {
            KindArg::Office => UnitKind::Office,
            KindArg::Organisation => UnitKind::Organisation,
            KindArg::Commune => UnitKind::Commune,
        }
    }
}

/// The round chosen and the reports of the units that owe it, as `--unit` and
/// `--kind` select them: the one computation behind `overdue` and `remind`.
pub fn chosen_reports(
    plan: &Plan,
    choice: &RoundChoice,
    ledger: &Ledger,
    as_of: NaiveDate,
    lang: Lang,
) -> anyhow::Result<(Round, Vec<UnitReport>)> {
    let round = choose_round(plan, choice, as_of, lang)?;
    let unit_filter = match &choice.unit {
        Some(id) => Some(resolve_unit(plan, id, When::Day(as_of), lang)?),
        None => None,
    };
    let rounds = plan.rounds();
    let reports = round_reports(plan, &round, &rounds, ledger, as_of)
        .into_iter()
        .filter(|r| {
            let unit = &plan.units[r.unit as usize];
            unit_filter.is_none_or(|u| u == r.unit)
                && choice.kind.is_none_or(|k| k.kind() == unit.kind)
        })
        .collect();
    Ok((round, reports))
}

/// The round `--deadline` or `--period` names, or else the latest due by `as_of`.
fn choose_round(
    plan: &Plan,
    choice: &RoundChoice,
    as_of: NaiveDate,
    lang: Lang,
) -> anyhow::Result<Round> {
    // Every report the plan asks for: the scheduled rounds and the ad hoc ones.
    let rounds = plan.requests();
    if let Some(deadline) = choice.deadline {
        if let Some(round) = rounds.iter().find(|r| r.due == deadline) {
            return Ok(*round);
        }
        let before = rounds.iter().rev().find(|r| r.due < deadline);
        let after = rounds.iter().find(|r| r.due > deadline);
        let describe = |r: &Round| {
            let (due, period) = (date_text(r.due, lang), period_text(r.period, lang));
            tr!(
                lang,
                "{due} (round {period})",
                "{due} (kỳ báo cáo {period})"
            )
        };
        let nearest: Vec<String> = before.into_iter().chain(after).map(describe).collect();
        anyhow::bail!(tr!(
            lang,
            "no report is due on {}; the nearest due dates are {}",
            "không có báo cáo nào đến hạn ngày {}; các hạn gần nhất là {}",
            date_text(deadline, lang),
            nearest.join(lang.pick(" and ", " và "))
        ));
    }
    if let Some(text) = &choice.period {
        return super::round_named(plan, text, lang);
    }
    match rounds.iter().rev().find(|r| r.due <= as_of) {
        Some(round) => Ok(*round),
        None => {
            let first = rounds
                .first()
                .map_or(String::new(), |r| date_text(r.due, lang));
            let as_of = date_text(as_of, lang);
            anyhow::bail!(tr!(
                lang,
                "no report is due yet on {as_of}; the first is due on {first}; pick a round with --period or --deadline",
                "đến ngày {as_of} chưa có báo cáo nào đến hạn; hạn đầu tiên là {first}; chọn kỳ bằng --period hoặc --deadline"
            ))
        }
    }
}

/// The reports to list (all with `all`, else those not on time and complete):
/// the worst first, then the latest, then by name as people read it ("Bản Giang"
/// before "Bình Lư", not by bytes).
pub fn in_reading_order<'a>(
    plan: &Plan,
    reports: &'a [UnitReport],
    all: bool,
    lang: Lang,
) -> Vec<&'a UnitReport> {
    let mut listed: Vec<&UnitReport> = reports
        .iter()
        .filter(|r| all || r.status != ReportStatus::OnTime)
        .collect();
    listed.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(b.days_late.cmp(&a.days_late))
            .then_with(|| {
                let (a, b) = (
                    plan.units[a.unit as usize].name.get(lang),
                    plan.units[b.unit as usize].name.get(lang),
                );
                crate::intake::fields::fold(a)
                    .cmp(&crate::intake::fields::fold(b))
                    .then_with(|| a.cmp(b))
            })
    });
    listed
}

/// Whether the plan's issuer can sign a document dated `day`: a report or letter
/// dated after the issuer ended (with no successor) is refused, or with `force`
/// written anyway with a warning here and the mark [`crate::document::Heading`]
/// carries (`issuer_ended`).
pub fn issuer_may_sign(plan: &Plan, day: NaiveDate, force: bool, lang: Lang) -> anyhow::Result<()> {
    let Err(last) = plan.meta.issuer.on(day) else {
        return Ok(());
    };
    let issuer = last.name.get(lang);
    let end = date_text(last.ends.unwrap_or(day), lang);
    let on = date_text(day, lang);
    if !force {
        anyhow::bail!(tr!(
            lang,
            "the {issuer} ceased to exist after {end}: it cannot issue a document dated {on}\n  hint: give --as-of a day on or before {end} (the document as it could have been signed then), or --force to write it anyway, marked as written after the issuer ended",
            "{issuer} đã chấm dứt hoạt động sau ngày {end}: không thể ban hành văn bản ngày {on}\n  gợi ý: dùng --as-of với một ngày không muộn hơn {end} (văn bản như có thể ký vào ngày đó), hoặc --force để vẫn lập, có ghi rõ là lập sau khi cơ quan ban hành đã chấm dứt hoạt động"
        ));
    }
    eprintln!(
        "{}",
        tr!(
            lang,
            "warning: the {issuer} ceased to exist after {end}; the document dated {on} is marked as written after it ended",
            "cảnh báo: {issuer} đã chấm dứt hoạt động sau ngày {end}; văn bản ngày {on} được ghi rõ là lập sau khi cơ quan ban hành đã chấm dứt hoạt động"
        )
    );
    Ok(())
}

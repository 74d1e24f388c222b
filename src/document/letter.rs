//! The reminder letter (công văn đôn đốc, Decree 30/2020/NĐ-CP Mẫu 1.5) the
//! coordinating office sends to the units whose report of a round is missing or
//! incomplete, as data: `gender-plan remind` builds it from the reports
//! `overdue` lists, and the renderers in [`crate::render::letter`] write it as
//! Word, HTML or Markdown; its JSON is the serialisation of these structs.

use super::build::{closing, holder, masthead};
use super::{Closing, Masthead};
use crate::domain::period::Round;
use crate::domain::reporting::{ReportStatus, UnitReport};
use crate::i18n::Lang;
use crate::plan::{Plan, Unit, UnitKind};
use crate::tr;
use crate::words::{date_text, round_title};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    /// The round's period (`2025-H1`).
    pub period: String,
    /// "Báo cáo 6 tháng đầu năm 2025".
    pub report_title: String,
    pub due: NaiveDate,
    pub as_of: NaiveDate,
    /// The new deadline the letter sets.
    pub by: NaiveDate,
    pub masthead: Masthead,
    /// "Kính gửi:".
    pub to_title: String,
    /// The units the letter is sent to, one a line.
    pub to: Vec<String>,
    /// The paragraph before the list of units: the round and its due date.
    pub opening: String,
    /// What each unit still owes.
    pub units: Vec<LateUnit>,
    /// The request: complete and send the report by the new deadline.
    pub request: String,
    pub closing: Closing,
}

/// A unit the letter chases, with what it still owes, as `overdue` says.
#[derive(Debug, Clone, Serialize)]
pub struct LateUnit {
    pub unit: String,
    pub name: String,
    pub kind: UnitKind,
    /// `missing` or `incomplete`, as `overdue` says.
    pub status: ReportStatus,
    pub submitted: Option<NaiveDate>,
    pub days_late: i64,
    /// The indicators whose figures are missing (ids, in plan order); empty when
    /// the whole report is missing.
    pub missing_indicators: Vec<String>,
    /// The line of the letter about this unit.
    pub line: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// The letter to the units of `reports` that still owe the round (missing or
/// incomplete), in the order given; None when there are none.
pub fn build(
    plan: &Plan,
    round: &Round,
    reports: &[&UnitReport],
    as_of: NaiveDate,
    by: NaiveDate,
    lang: Lang,
) -> Option<Letter> {
    let units: Vec<LateUnit> = reports
        .iter()
        .filter(|r| r.status.is_outstanding())
        .map(|r| late_unit(plan, r, as_of, lang))
        .collect();
    if units.is_empty() {
        return None;
    }
    let report_title = round_title(plan.round_name(round).get(lang), round.period, lang);
    let coordinator = coordinator_name(plan, round, lang);
    Some(Letter {
        period: round.period.to_string(),
        masthead: letter_masthead(plan, &report_title, as_of, lang),
        to_title: lang.pick("To:", "Kính gửi:").into(),
        to: units.iter().map(|u| u.name.clone()).collect(),
        opening: match super::build::issuer_ended(plan, as_of, lang) {
            // A letter only `--force` writes: it says first that it is not one the
            // issuer sent.
            Some(ended) => format!(
                "{ended} {}",
                opening(plan, &report_title, round.due, as_of, &coordinator, lang)
            ),
            None => opening(plan, &report_title, round.due, as_of, &coordinator, lang),
        },
        request: request(plan, &coordinator, as_of, by, lang),
        closing: letter_closing(plan, &coordinator, as_of, lang),
        report_title,
        due: round.due,
        as_of,
        by,
        units,
    })
}

/// The masthead of a letter: the number line with the issuer's symbol (`UBND`
/// from the report's `BC-UBND`) and the `V/v` summary under it.
fn letter_masthead(plan: &Plan, report_title: &str, day: NaiveDate, lang: Lang) -> Masthead {
    let symbol = letter_symbol(&plan.report.symbol);
    let mut m = masthead(plan, symbol, day, lang);
    m.summary = Some(tr!(
        lang,
        "Re: reminder to send the {}",
        "V/v đôn đốc gửi {}",
        lowercase_first(report_title)
    ));
    m
}

/// A letter's number carries the issuer's symbol alone: "BC-UBND" (a report of
/// the People's Committee) gives "UBND".
fn letter_symbol(report_symbol: &str) -> &str {
    match report_symbol.split_once('-') {
        Some((_, issuer)) if !issuer.is_empty() => issuer,
        _ => report_symbol,
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The unit that receives the round's reports (the coordinator on its due date).
fn coordinator_name(plan: &Plan, round: &Round, lang: Lang) -> String {
    let duties = crate::domain::duties::Duties::of_round(plan, round);
    plan.units[duties.coordinator() as usize]
        .name
        .get(lang)
        .to_string()
}

fn late_unit(plan: &Plan, r: &UnitReport, day: NaiveDate, lang: Lang) -> LateUnit {
    let unit = &plan.units[r.unit as usize];
    let name = addressee(plan, unit, day, lang);
    let missing_indicators: Vec<String> = r
        .missing_indicators
        .iter()
        .map(|&i| plan.indicators[i as usize].id.clone())
        .collect();
    LateUnit {
        line: unit_line(plan, &name, r, lang),
        unit: unit.id.clone(),
        name,
        kind: unit.kind,
        status: r.status,
        submitted: r.submitted,
        days_late: r.days_late,
        missing_indicators,
        email: unit.contact.email.clone(),
        phone: unit.contact.phone.clone(),
    }
}

/// How a letter dated `day` addresses a unit: a commune's People's Committee in
/// Vietnamese ("UBND xã Thèn Sin", "UBND thị trấn Tam Đường"), else the unit's
/// name; with its dates when that day does not tell which unit it is (the unit no
/// longer or not yet exists then, or a namesake exists then too).
fn addressee(plan: &Plan, unit: &Unit, day: NaiveDate, lang: Lang) -> String {
    let title = title(unit, lang);
    let namesake_then = plan
        .units
        .iter()
        .any(|u| u.id != unit.id && u.name.get(lang) == unit.name.get(lang) && u.exists_on(day));
    match unit.exists_on(day) && !namesake_then {
        true => title,
        false => crate::words::with_lifetime(&title, unit, lang).into_owned(),
    }
}

/// A unit's name or its People's Committee, as [`addressee`] writes it.
fn title(unit: &Unit, lang: Lang) -> String {
    let name = unit.name.get(lang);
    if lang == Lang::En || unit.kind != UnitKind::Commune {
        return name.to_string();
    }
    for (written, as_addressed) in [
        ("Thị trấn ", "thị trấn "),
        ("Xã ", "xã "),
        ("Phường ", "phường "),
    ] {
        if let Some(rest) = name
            .strip_prefix(written)
            .or_else(|| name.strip_prefix(as_addressed))
        {
            return format!("UBND {as_addressed}{rest}");
        }
    }
    format!("UBND xã {name}")
}

/// "Phòng Nội vụ: chưa gửi báo cáo (quá hạn 20 ngày)" or "…: còn thiếu số liệu
/// các chỉ tiêu 1.1 (Tỷ lệ …), 2.3 (…)".
fn unit_line(plan: &Plan, name: &str, r: &UnitReport, lang: Lang) -> String {
    let days = r.days_late;
    if r.status == ReportStatus::Missing {
        return tr!(
            lang,
            "{name}: the report has not been sent ({days} day(s) overdue)",
            "{name}: chưa gửi báo cáo (quá hạn {days} ngày)"
        );
    }
    let indicators: Vec<String> = r
        .missing_indicators
        .iter()
        .map(|&i| {
            let indicator = &plan.indicators[i as usize];
            format!("{} ({})", indicator.id, indicator.name.get(lang))
        })
        .collect();
    tr!(
        lang,
        "{name}: the figures of indicator(s) {} are missing",
        "{name}: còn thiếu số liệu chỉ tiêu {}",
        indicators.join("; ")
    )
}

fn opening(
    plan: &Plan,
    report_title: &str,
    due: NaiveDate,
    as_of: NaiveDate,
    coordinator: &str,
    lang: Lang,
) -> String {
    let (due, as_of) = (date_text(due, lang), date_text(as_of, lang));
    tr!(
        lang,
        "Under the {}, the units' {} was due at the {coordinator} by {due}. As of {as_of}, the following units have not sent their report, or have sent it without all its figures:",
        "Thực hiện {}, các đơn vị gửi {} về {coordinator} trước ngày {due}. Đến ngày {as_of}, các đơn vị sau chưa gửi báo cáo hoặc báo cáo chưa đủ số liệu:",
        plan.meta.title.get(lang),
        lowercase_first(report_title)
    )
}

fn request(plan: &Plan, coordinator: &str, day: NaiveDate, by: NaiveDate, lang: Lang) -> String {
    let by = date_text(by, lang);
    let issuer = holder(&plan.meta.issuer, day).name.get(lang);
    tr!(
        lang,
        "The {issuer} asks these units to complete their report and send it to the {coordinator} by {by}, so that the district's report can be compiled on time.",
        "Để kịp thời tổng hợp báo cáo, {issuer} đề nghị các đơn vị nêu trên khẩn trương hoàn thành và gửi báo cáo về {coordinator} trước ngày {by}./."
    )
}

/// "Nơi nhận": the units as addressed, the coordinator to follow up, the archive;
/// the signature from `[report]`.
fn letter_closing(plan: &Plan, coordinator: &str, day: NaiveDate, lang: Lang) -> Closing {
    let mut c = closing(plan, day, lang);
    c.recipients = vec![
        lang.pick("As addressed", "Như trên").into(),
        tr!(
            lang,
            "{coordinator} (to follow up)",
            "{coordinator} (theo dõi)"
        ),
        lang.pick("Archive: clerical office", "Lưu: VT").into(),
    ];
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A letter names a unit plainly on a day only it bears its name; a unit that
    /// ended before the letter's day while a namesake exists gets its dates.
    #[test]
    fn a_letter_tells_a_unit_from_its_namesake_only_when_its_day_does_not() {
        let mut fixture = crate::plan::model::fixture::Small::new();
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        let mut old = fixture.plan.units[0].clone();
        old.kind = UnitKind::Commune;
        old.name.vi = "Bản Bo".into();
        old.ends = Some(day(6, 30));
        let mut new = old.clone();
        new.id = "xa-ban-bo".into();
        new.ends = None;
        new.starts = Some(day(7, 1));
        fixture.plan.units[0] = old;
        fixture.plan.units.push(new);
        fixture.plan.mark_namesakes();
        let (plan, last) = (&fixture.plan, fixture.plan.units.len() - 1);
        let (old, new) = (&plan.units[0], &plan.units[last]);
        assert_eq!(addressee(plan, old, day(6, 20), Lang::Vi), "UBND xã Bản Bo");
        let ended = addressee(plan, old, day(7, 20), Lang::Vi);
        assert_eq!(ended, "UBND xã Bản Bo (cũ, đến 30/06/2025)");
        assert_eq!(addressee(plan, new, day(7, 20), Lang::Vi), "UBND xã Bản Bo");
    }

    #[test]
    fn a_commune_is_addressed_by_its_peoples_committee() {
        let fixture = crate::plan::model::fixture::Small::new();
        let mut unit = fixture.plan.units[0].clone();
        unit.kind = UnitKind::Commune;
        unit.name.vi = "Thèn Sin".into();
        let day = NaiveDate::from_ymd_opt(2025, 6, 20).unwrap();
        assert_eq!(
            addressee(&fixture.plan, &unit, day, Lang::Vi),
            "UBND xã Thèn Sin"
        );
        unit.name.vi = "Thị trấn Tam Đường".into();
        assert_eq!(
            addressee(&fixture.plan, &unit, day, Lang::Vi),
            "UBND thị trấn Tam Đường"
        );
        unit.kind = UnitKind::Office;
        assert_eq!(
            addressee(&fixture.plan, &unit, day, Lang::Vi),
            "Thị trấn Tam Đường"
        );
    }

    #[test]
    fn a_letter_number_carries_the_issuers_symbol() {
        assert_eq!(letter_symbol("BC-UBND"), "UBND");
        assert_eq!(letter_symbol("UBND"), "UBND");
        assert_eq!(letter_symbol(""), "");
    }
}

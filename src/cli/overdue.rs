//! `gender-plan overdue`: who has not reported a round, or reported it late or incomplete.

use super::shared::{RoundChoice, chosen_reports, in_reading_order};
use super::{Context, EXIT_OK, EXIT_OUTSTANDING};
use crate::domain::period::Period;
use crate::domain::period::Round;
use crate::domain::reporting::{Rates, ReportStatus, UnitReport};
use crate::i18n::Lang;
use crate::i18n::Text;
use crate::plan::{Plan, UnitKind};
use crate::render::{Format, Report, Styled, Table, Tone, Value as Cell, toned};
use crate::tr;
use crate::words::{
    Precision, date_text, number_text, period_text, round_title, status_label, unit_with_lifetime,
};
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Liệt kê các đơn vị chưa gửi báo cáo của một kỳ, gửi chậm hoặc chưa đủ",
        ),
        super::shared::ROUND_CHOICE_VI[0],
        super::shared::ROUND_CHOICE_VI[1],
        super::shared::ROUND_CHOICE_VI[2],
        super::shared::ROUND_CHOICE_VI[3],
        ("all", "Liệt kê cả các đơn vị đã báo cáo đúng hạn và đủ"),
        (
            "fail_if_any",
            "Thoát với mã 3 khi còn báo cáo chưa gửi hoặc chưa đủ (để đôn đốc tự động)",
        ),
        ("format", super::help::FORMAT_VI),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan overdue                           kỳ đến hạn gần nhất, tính đến hôm nay
  gender-plan overdue --deadline 05/06/2025     báo cáo 6 tháng, hạn 05/06/2025
  gender-plan overdue --period 2024 --all       báo cáo năm 2024, mọi đơn vị
  gender-plan overdue --kind commune            chỉ các xã, thị trấn
  gender-plan overdue --fail-if-any             mã thoát 3 nếu còn báo cáo chưa nộp

Một đơn vị được tính là đã báo cáo khi có số liệu của kỳ được ghi nhận với ngày gửi
không muộn hơn ngày tính; là chậm khi ngày gửi sau hạn nộp; là chưa đủ khi còn thiếu
hoặc để trống một số liệu phải báo cáo trong kỳ.",
    ),
};

/// List the units that have not reported a round, or reported it late or incomplete
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan overdue                           the latest round due, as of today
  gender-plan overdue --deadline 2025-06-05     the 6-month report due 5 June 2025
  gender-plan overdue --period 2024 --all       the 2024 annual report, every unit
  gender-plan overdue --kind commune            communes only
  gender-plan overdue --fail-if-any             exit status 3 if anything is outstanding

A unit has reported when any row of the round is recorded with a submitted date up
to the as-of date; it is late when that date is after the due date, and incomplete
when a figure it owes for the round is missing or blank.")]
pub struct OverdueArgs {
    #[command(flatten)]
    choice: RoundChoice,
    /// Also list the units that reported on time and complete
    #[arg(long)]
    all: bool,
    /// Exit with status 3 when any report is missing or incomplete (for scheduled reminders)
    #[arg(long)]
    fail_if_any: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(ctx: &Context, args: OverdueArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let store = ctx.load_store(&plan)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let (round, reports) = chosen_reports(&plan, &args.choice, &ledger, ctx.as_of, lang)?;
    let outstanding = reports.iter().filter(|r| r.status.is_outstanding()).count();
    let listed = in_reading_order(&plan, &reports, args.all, lang);
    let entries: Vec<Entry> = listed.iter().map(|r| entry(&plan, r, &round)).collect();
    // Each row names its unit: looked up by id once, not by a search of the
    // plan's units per row (a national round lists ten thousand).
    let units: rustc_hash::FxHashMap<&str, &crate::plan::Unit> =
        plan.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let rows = entries.iter().map(|e| table_row(&units, e, lang)).collect();
    let report = Report {
        tables: vec![overdue_table(&plan, &round, rows, reports.is_empty(), lang)],
        group_header: None,
        summary: summary(&plan, &reports, &round, ctx.as_of, lang),
        json: serde_json::to_value(&entries).unwrap_or_default(),
    };
    ctx.print(&report, args.format)?;
    Ok(if args.fail_if_any && outstanding > 0 {
        EXIT_OUTSTANDING
    } else {
        EXIT_OK
    })
}

/// One unit's report for the round, as listed: the table shows it and the JSON is
/// its serialisation.
#[derive(Serialize)]
struct Entry {
    unit: String,
    name: Text,
    kind: UnitKind,
    period: Period,
    due: NaiveDate,
    status: ReportStatus,
    submitted: Option<NaiveDate>,
    days_late: i64,
    missing_indicators: Vec<String>,
}

fn entry(plan: &Plan, r: &UnitReport, round: &Round) -> Entry {
    let unit = &plan.units[r.unit as usize];
    Entry {
        unit: unit.id.clone(),
        name: unit.name.clone(),
        kind: unit.kind,
        period: round.period,
        due: round.due,
        status: r.status,
        submitted: r.submitted,
        days_late: r.days_late,
        missing_indicators: r
            .missing_indicators
            .iter()
            .map(|&i| plan.indicators[i as usize].id.clone())
            .collect(),
    }
}

/// An entry as a row of the table.
fn table_row(
    units: &rustc_hash::FxHashMap<&str, &crate::plan::Unit>,
    e: &Entry,
    lang: Lang,
) -> Vec<Styled> {
    let tone = match e.status {
        ReportStatus::Missing => Tone::Bad,
        ReportStatus::Incomplete | ReportStatus::Late => Tone::Warn,
        ReportStatus::OnTime => Tone::Good,
    };
    let days = crate::words::days_overdue_text(e.status, e.days_late, lang);
    vec![
        units
            .get(e.unit.as_str())
            .map_or_else(|| e.unit.clone(), |u| unit_with_lifetime(u, lang))
            .into(),
        e.kind.label(lang).into(),
        period_text(e.period, lang).into(),
        Styled::from(date_text(e.due, lang)).typed(Cell::Date(e.due)),
        toned(status_label(e.status, lang), tone),
        e.submitted.map_or_else(Styled::default, |d| {
            Styled::from(date_text(d, lang)).typed(Cell::Date(d))
        }),
        match e.status {
            ReportStatus::Missing | ReportStatus::Late if e.days_late >= 0 => {
                Styled::from(days).typed(Cell::Number(e.days_late as f64))
            }
            _ => days.into(),
        },
        e.missing_indicators.join(", ").into(),
    ]
}

/// The lines under the table: rates, counts by status, and days left before the due date.
fn summary(
    plan: &Plan,
    reports: &[UnitReport],
    round: &Round,
    as_of: NaiveDate,
    lang: Lang,
) -> Vec<String> {
    let rates = Rates::of(reports, round);
    let count = |s: ReportStatus| reports.iter().filter(|r| r.status == s).count();
    let pct = |x: Option<f64>| {
        x.map_or("—".to_string(), |v| {
            crate::words::percent(number_text(v, Precision::Rounded(1), lang), lang)
        })
    };
    let Rates {
        expected,
        received,
        on_time,
    } = rates;
    let title = round_title(plan.round_name(round).get(lang), round.period, lang);
    let due = round.due;
    let due_words = date_text(due, lang);
    let as_of_words = date_text(as_of, lang);
    let mut summary = vec![
        tr!(
            lang,
            "{title}, due {due_words}, as of {as_of_words}: {received} of {expected} units reported (reporting rate {}), {on_time} on time (on-time rate {})",
            "{title}, hạn {due_words}, tính đến {as_of_words}: {received}/{expected} đơn vị đã báo cáo (tỷ lệ báo cáo {}), {on_time} đúng hạn (tỷ lệ đúng hạn {})",
            pct(rates.reporting_rate()),
            pct(rates.on_time_rate())
        ),
        tr!(
            lang,
            "missing {}, incomplete {}, late {}, on time and complete {}",
            "chưa gửi {}, thiếu số liệu {}, gửi muộn {}, đúng hạn và đủ {}",
            count(ReportStatus::Missing),
            count(ReportStatus::Incomplete),
            count(ReportStatus::Late),
            count(ReportStatus::OnTime)
        ),
    ];
    if as_of < due {
        let days = (due - as_of).num_days();
        summary.push(tr!(
            lang,
            "this round is not due yet: {days} day(s) left",
            "kỳ này chưa đến hạn: còn {days} ngày"
        ));
    }
    summary
}

/// The table of listed units, with a note when it has no row.
fn overdue_table(
    plan: &Plan,
    round: &Round,
    rows: Vec<Vec<Styled>>,
    nobody_owes: bool,
    lang: Lang,
) -> Table {
    let title = round_title(plan.round_name(round).get(lang), round.period, lang);
    let due_words = date_text(round.due, lang);
    let headers = [
        lang.pick("unit", "đơn vị"),
        lang.pick("kind", "loại"),
        lang.pick("round", "kỳ"),
        lang.pick("due", "hạn"),
        lang.pick("status", "tình trạng"),
        lang.pick("submitted", "ngày gửi"),
        crate::words::days_overdue_header(lang),
        lang.pick("missing indicators", "chỉ tiêu còn thiếu"),
    ]
    .map(String::from)
    .to_vec();
    let mut table = Table {
        title: Some(tr!(
            lang,
            "{title} (due {due_words})",
            "{title} (hạn {due_words})"
        )),
        group: None,
        headers,
        rows,
        notes: vec![],
    };
    if nobody_owes {
        table.notes.push(tr!(
            lang,
            "No unit selected owes this round (a unit that ended before the due date owes nothing).",
            "Không đơn vị nào được chọn phải gửi báo cáo kỳ này (đơn vị đã giải thể trước hạn thì không phải gửi)."
        ));
    } else if table.rows.is_empty() {
        table.notes.push(tr!(
            lang,
            "Every unit reported on time and complete.",
            "Tất cả đơn vị đã báo cáo đúng hạn và đầy đủ."
        ));
    }
    table
}

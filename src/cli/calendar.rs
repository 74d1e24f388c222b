//! `gender-plan calendar`: the year's report due dates and campaign days.

use super::{Context, EXIT_OK};
use crate::domain::period::{Period, Round};
use crate::plan::Plan;
use crate::render::{Format, Report, Table};
use crate::tr;
use crate::words::{date_text, mid_sentence, round_title, send_to};
use chrono::{Datelike, NaiveDate};
use clap::Args;
use serde::Serialize;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Liệt kê hạn nộp báo cáo và các ngày, tháng hành động của kế hoạch trong năm",
        ),
        ("year", "Năm [mặc định: năm của --as-of]"),
        ("format", super::help::FORMAT_VI),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan calendar                 năm nay (năm của --as-of)
  gender-plan calendar --year 2025
  gender-plan calendar --lang vi --format markdown",
    ),
};

/// List the year's report due dates and the plan's campaign days, in date order
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan calendar                 this year (the --as-of year)
  gender-plan calendar --year 2025
  gender-plan calendar --lang vi --format markdown")]
pub struct CalendarArgs {
    /// The year [default: the year of --as-of]
    #[arg(long, value_name = "YEAR")]
    year: Option<i32>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// A day (or days) of the calendar; the JSON is its serialisation.
#[derive(Serialize)]
struct Event {
    #[serde(rename = "date")]
    start: NaiveDate,
    end: Option<NaiveDate>,
    kind: &'static str,
    name: crate::i18n::Text,
    period: Option<String>,
    /// An ad hoc report (báo cáo đột xuất) rather than a scheduled one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    ad_hoc: bool,
    /// For a report due: its round, which says who is asked and where the
    /// reports go (`words::send_to`).
    #[serde(skip)]
    to: Option<Round>,
}

fn events(plan: &Plan, year: i32) -> Vec<Event> {
    let mut events: Vec<Event> = plan
        .requests()
        .into_iter()
        .filter(|r| r.due.year() == year)
        .map(|r| Event {
            start: r.due,
            end: None,
            kind: "report_due",
            name: plan.round_name(&r).clone(),
            period: Some(r.period.to_string()),
            ad_hoc: r.ad_hoc,
            to: Some(r),
        })
        .collect();
    for campaign in &plan.campaigns {
        events.push(Event {
            start: campaign.start.in_year(year),
            end: campaign.end.map(|e| e.in_year(year)),
            to: None,
            ad_hoc: false,
            kind: "campaign",
            name: campaign.name.clone(),
            period: None,
        });
    }
    events.sort_by_key(|e| (e.start, e.kind));
    events
}

pub fn run(ctx: &Context, args: CalendarArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let year = args.year.unwrap_or(ctx.as_of.year());
    let events = events(&plan, year);
    let rows = events
        .iter()
        .map(|e| {
            let start = date_text(e.start, lang);
            let date = match e.end {
                Some(end) => format!("{start} – {}", date_text(end, lang)),
                None => start,
            };
            let what = match (e.period.as_deref().and_then(Period::parse), e.kind) {
                (Some(period), _) => {
                    let title = mid_sentence(&round_title(e.name.get(lang), period, lang), lang);
                    let round = e.to.expect("a report due has its round");
                    let to = send_to(&plan, &round, lang);
                    match round.ad_hoc {
                        false => tr!(
                            lang,
                            "{title} due (every unit, to {to})",
                            "Hạn gửi {title} (mọi đơn vị, gửi {to})"
                        ),
                        true => tr!(
                            lang,
                            "{title} due (the units asked, to {to})",
                            "Hạn gửi {title} (các đơn vị được yêu cầu, gửi {to})"
                        ),
                    }
                }
                (None, _) => e.name.get(lang).to_string(),
            };
            let kind = match e.kind {
                "report_due" => lang.pick("report due", "hạn báo cáo"),
                _ => lang.pick("campaign", "truyền thông"),
            };
            vec![date.into(), kind.into(), what.into()]
        })
        .collect();
    let mut table = Table {
        title: Some(tr!(lang, "Calendar {year}", "Lịch năm {year}")),
        group: None,
        headers: [
            lang.pick("date", "ngày"),
            lang.pick("kind", "loại"),
            lang.pick("what", "nội dung"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![],
    };
    if !events.iter().any(|e| e.kind == "report_due") {
        table.notes.push(tr!(
            lang,
            "No report is due in {year}: the plan's reports run from {} to {}.",
            "Năm {year} không có hạn báo cáo: các kỳ báo cáo của kế hoạch từ {} đến {}.",
            plan.schedule.first_period,
            plan.schedule.last_period
        ));
    }
    let report = Report {
        tables: vec![table],
        group_header: None,
        summary: vec![],
        json: serde_json::to_value(&events).unwrap_or_default(),
    };
    ctx.print(&report, args.format)?;
    Ok(EXIT_OK)
}

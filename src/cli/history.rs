//! `gender-plan history`: every revision of the matching figures, oldest first,
//! with whether each is current, superseded or withdrawn as of the as-of date.

use super::shared::{
    date_text, figure_text, ids_text, resolve_indicator, resolve_period, resolve_unit, state_text,
};
use super::{Context, EXIT_OK};
use crate::domain::figure::{Figure, Key};
use crate::domain::revision::{Revision, State, Withdraws, states};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::render::{Format, Report, Table, Tone, toned};
use crate::store::Store;
use crate::tr;
use chrono::NaiveDate;
use clap::Args;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Liệt kê mọi lần ghi nhận số liệu: số liệu sửa đổi, bị thay thế và đã rút lại",
        ),
        ("unit", "Chỉ đơn vị này (mã, tên hoặc tên khác)"),
        ("indicator", "Chỉ chỉ tiêu này"),
        (
            "period",
            "Chỉ kỳ này (2025 hoặc năm 2025, 2025-H1 hoặc 6 tháng đầu năm 2025, 2025-Q3 hoặc quý III/2025), gồm cả các quý trong kỳ",
        ),
        ("format", super::help::FORMAT_VI),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan history --unit ban-bo --period 2025-H1     báo cáo 6 tháng của một đơn vị
  gender-plan history --indicator 6.1 --period 2025      một chỉ tiêu, mọi đơn vị
  gender-plan --as-of 01/06/2025 history --unit ban-bo   như tại ngày 01/06/2025

Các lần ghi nhận của mỗi số liệu được liệt kê từ cũ đến mới (theo ngày gửi, rồi theo
thời điểm ghi nhận). Cột trạng thái cho biết số liệu nào là hiện hành tính đến ngày
tính: số liệu gửi sau cùng, trừ khi đã bị rút lại. Số liệu hiện hành của một đơn vị
không phải báo cáo kỳ đó, hay không có nhiệm vụ đó khi còn tồn tại trong kỳ (số liệu
của một quý sau khi đơn vị đã kết thúc, chẳng hạn), là \"hiện hành, không được tính\":
không giá trị nào tính nó, và lệnh `check` liệt kê nó. Một kỳ báo cáo (2025, 2025-H1)
gồm cả các quý trong kỳ.",
    ),
};

/// List every revision of figures: corrections, superseded and withdrawn ones
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan history --unit ban-bo --period 2025-H1     one unit's 6-month report
  gender-plan history --indicator 6.1 --period 2025      one indicator, every unit
  gender-plan --as-of 2025-06-01 history --unit ban-bo   as it stood on 1 June

Each figure's revisions are listed oldest first (by submitted date, then by when
they were recorded). The state says which one is current as of the as-of date:
the one submitted last, unless a withdrawal took it back. A current figure of a
unit that did not owe the period, or have the duty while it existed in it (one
recorded for a quarter after the unit ended, say), is \"current, not counted\":
no value counts it, and `check` lists it. A period of a round (2025, 2025-H1)
includes its quarters.")]
pub struct HistoryArgs {
    /// Only this unit (id, name or alias)
    #[arg(long, value_name = "UNIT")]
    unit: Option<String>,
    /// Only this indicator
    #[arg(long, value_name = "ID")]
    indicator: Option<String>,
    /// Only this period (2025, 2025-H1, 2025-Q3), with its quarters
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// One revision as history shows it.
#[derive(Debug, Serialize)]
struct Entry {
    unit: String,
    period: String,
    indicator: Option<String>,
    /// The group's id, for a figure of one group of a broken-down indicator.
    group: Option<String>,
    submitted: NaiveDate,
    /// RFC 3339 time.
    recorded: String,
    recorded_by: String,
    /// None for a withdrawal.
    figure: Option<Figure>,
    /// For a withdrawal: "*" (every earlier revision of the figure) or the hash of
    /// the file whose figures it takes back.
    withdraws: Option<String>,
    note: Option<String>,
    source_file: String,
    source_hash: String,
    /// For a figure rolled up from another office's data file: that file, and
    /// when and by whom that office recorded it.
    via: Option<crate::store::Via>,
    state: State,
    /// Whether the figure counts in the plan's values: current, and its unit's
    /// figures count for the period (`domain::duties::counts`).
    counts: bool,
}

pub fn run(ctx: &Context, args: HistoryArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let unit = args
        .unit
        .as_deref()
        .map(|u| resolve_unit(&plan, u, super::shared::When::Day(ctx.as_of), lang))
        .transpose()?;
    let indicator = args
        .indicator
        .as_deref()
        .map(|i| resolve_indicator(&plan, i, lang))
        .transpose()?;
    let period = args
        .period
        .as_deref()
        .map(|p| resolve_period(&plan, p, lang))
        .transpose()?;
    let store = ctx.load_store(&plan)?;
    let matches = |key: &Key| {
        unit.is_none_or(|u| key.unit == u)
            && indicator.is_none_or(|i| key.indicator == Some(i))
            && period.is_none_or(|p| p == key.period || p.contains(key.period))
    };
    let entries = history(&plan, &store, matches, ctx.as_of);
    ctx.print(&report(&plan, &entries, ctx.as_of, lang), args.format)?;
    Ok(EXIT_OK)
}

/// Every revision of the matching keys that exists as of the day, key by key in
/// plan order, oldest first within a key.
fn history(
    plan: &Plan,
    store: &Store,
    matches: impl Fn(&Key) -> bool,
    as_of: NaiveDate,
) -> Vec<Entry> {
    let mut of_key: FxHashMap<u64, Vec<(usize, &Revision)>> = FxHashMap::default();
    for (index, revision) in store.revisions_where(matches) {
        of_key
            .entry(revision.packed_key)
            .or_default()
            .push((index, revision));
    }
    let mut keys: Vec<Key> = of_key.keys().map(|k| Key::unpack(*k)).collect();
    keys.sort_by_key(|k| (k.unit, k.period, k.indicator.map_or(-1, i32::from), k.group));
    let mut entries = Vec::new();
    for key in keys {
        let listed = &of_key[&key.pack()];
        let mut rows: Vec<(usize, &Revision, State)> = listed
            .iter()
            .zip(states(listed, as_of))
            .filter(|(_, state)| *state != State::NotYet)
            .map(|(&(index, revision), state)| (index, revision, state))
            .collect();
        rows.sort_by_key(|(index, revision, _)| (revision.submitted, *index));
        for (index, revision, state) in rows {
            entries.push(entry(plan, store, &key, index, revision, state));
        }
    }
    entries
}

fn entry(
    plan: &Plan,
    store: &Store,
    key: &Key,
    index: usize,
    revision: &Revision,
    state: State,
) -> Entry {
    let origin = store.origin(index);
    Entry {
        unit: plan.units[key.unit as usize].id.clone(),
        period: key.period.to_string(),
        indicator: key
            .indicator
            .map(|i| plan.indicators[i as usize].id.clone()),
        group: key
            .indicator
            .and_then(|i| plan.group(&plan.indicators[i as usize], key.group))
            .map(|g| g.id.clone()),
        submitted: revision.submitted,
        recorded: origin.recorded.clone(),
        recorded_by: origin.by.clone(),
        figure: (!revision.is_withdrawal()).then_some(revision.figure),
        withdraws: revision.withdraws().map(|w| match w {
            Withdraws::Key => "*".to_string(),
            Withdraws::Source(s) => store.hash(s).to_string(),
        }),
        note: store.note(revision).map(str::to_string),
        source_file: origin.file.clone(),
        source_hash: origin.hash.clone(),
        via: origin.via.clone(),
        state,
        counts: state == State::Current && crate::domain::duties::counts(plan, key),
    }
}

/// The entry's state, and for a current figure that no value counts, that too.
fn entry_state(e: &Entry, lang: Lang) -> String {
    match e.state {
        State::Current if !e.counts => lang
            .pick("current, not counted", "hiện hành, không được tính")
            .to_string(),
        state => state_text(state, lang).to_string(),
    }
}

fn report(plan: &Plan, entries: &[Entry], as_of: NaiveDate, lang: Lang) -> Report {
    let rows = entries
        .iter()
        .map(|e| {
            let unit = plan.unit(&e.unit).map_or(e.unit.clone(), |u| {
                crate::words::unit_name(u, lang).into_owned()
            });
            let indicator = ids_text(plan, e.indicator.as_deref(), e.group.as_deref(), lang);
            let what = match (&e.figure, &e.withdraws) {
                (Some(figure), _) => figure_text(*figure, lang),
                (None, Some(w)) if w == "*" => lang
                    .pick("withdrawal of the figure", "rút lại số liệu")
                    .to_string(),
                (None, _) => tr!(
                    lang,
                    "withdrawal of the figures from {}",
                    "rút lại số liệu từ tệp {}",
                    e.source_file
                ),
            };
            let tone = match e.state {
                State::Current if !e.counts => Tone::Warn,
                State::Current => Tone::Good,
                State::Withdrawn | State::Withdrawal => Tone::Warn,
                _ => Tone::Plain,
            };
            let day = crate::words::day_label(&e.recorded, lang);
            let recorded = match e.recorded_by.as_str() {
                "" => day,
                by => format!("{day} ({by})"),
            };
            vec![
                unit.into(),
                crate::words::period_label(&e.period, lang).into(),
                indicator.into(),
                date_text(e.submitted, lang).into(),
                recorded.into(),
                what.into(),
                e.note.clone().unwrap_or_default().into(),
                source_text(e, lang).into(),
                toned(entry_state(e, lang), tone),
            ]
        })
        .collect();
    let day = date_text(as_of, lang);
    let n = entries.len();
    Report {
        tables: vec![Table {
            title: Some(tr!(
                lang,
                "History as of {day}",
                "Lịch sử số liệu tính đến ngày {day}"
            )),
            group: None,
            headers: [
                lang.pick("unit", "đơn vị"),
                lang.pick("period", "kỳ"),
                lang.pick("indicator", "chỉ tiêu"),
                lang.pick("submitted", "ngày gửi"),
                lang.pick("recorded", "ngày ghi nhận"),
                lang.pick("figure", "số liệu"),
                lang.pick("note", "ghi chú"),
                lang.pick("source file", "tệp nguồn"),
                lang.pick("state", "trạng thái"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            notes: vec![],
        }],
        group_header: None,
        summary: vec![if n == 0 {
            lang.pick("no revision matches", "không có bản ghi nào phù hợp")
                .to_string()
        } else {
            tr!(lang, "{n} revision(s)", "{n} bản ghi")
        }],
        json: serde_json::to_value(entries).unwrap_or_default(),
    }
}

/// The file a revision came from, and the other office's data file it came
/// through: "ban-bo-2024.csv (qua tệp dữ liệu xa-ban-bo.csv, ghi nhận 14/12/2024)".
fn source_text(e: &Entry, lang: Lang) -> String {
    let Some(via) = &e.via else {
        return e.source_file.clone();
    };
    let day = crate::words::day_label(&via.recorded, lang);
    tr!(
        lang,
        "{} (through the data file {}, recorded there {day})",
        "{} (qua tệp dữ liệu {}, ghi nhận tại đó {day})",
        e.source_file,
        via.file
    )
}

//! `gender-plan status`: where each indicator stands against its target.

use super::previous::Previous;
use super::{Context, EXIT_OK};
use crate::domain::duties::Duties;
use crate::domain::figure::{Figure, Key};
use crate::domain::ledger::Ledger;
use crate::domain::measure::Measure;
use crate::domain::outlook::{Assessment, Outlook};
use crate::domain::period::Period;
use crate::domain::reporting::latest_round_with_data;
use crate::domain::status::{
    ContributorFigure, Standing, Verdict, contributor_figures, is_no_cases, outlook, outlook_given,
    standing,
};
use crate::i18n::Lang;
use crate::plan::{Indicator, Plan, period_bounds, target_text};
use crate::render::{Format, Report, Styled, Table, Tone, Value as Cell, sparkline, toned};
use crate::store::Store;
use crate::tr;
use crate::words::{
    Partial, Precision, attainment_is_a_number, attainment_words, date_text, indicators_text,
    no_cases_text, number_text, outlook_label, partial_notes, period_text, points_text, precision,
    unit_short, value_text, verdict_text,
};
use anyhow::bail;
use clap::Args;
use serde_json::{Value, json};

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Xem kết quả thực hiện từng chỉ tiêu so với chỉ tiêu đề ra",
        ),
        (
            "objective",
            "Chỉ mục tiêu này (số của mục tiêu trong plan.toml)",
        ),
        (
            "indicator",
            "Một chỉ tiêu qua mọi kỳ, kèm số liệu của từng đơn vị",
        ),
        (
            "period",
            "Kỳ báo cáo: 2025-H1 (6 tháng đầu năm 2025) hoặc 2025 (năm 2025), viết dạng nào cũng được [mặc định: kỳ gần nhất có số liệu]",
        ),
        ("unit", "Chỉ các chỉ tiêu đơn vị này chịu trách nhiệm"),
        ("format", super::help::FORMAT_VI),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan status                         mọi chỉ tiêu, kỳ gần nhất có số liệu
  gender-plan status --objective 4           chỉ mục tiêu 4
  gender-plan status --period 2024           số liệu năm 2024
  gender-plan status --indicator 6.1         một chỉ tiêu qua các kỳ và số liệu từng xã
  gender-plan status --unit ttyt             các chỉ tiêu Trung tâm Y tế chịu trách nhiệm
  gender-plan status --format json           cho chương trình khác

Tình trạng: đạt, chưa đạt; đang thực hiện (số liệu 6 tháng của chỉ tiêu cộng dồn
trong năm, kèm tỷ lệ so với chỉ tiêu cả năm); không có trường hợp (mọi đơn vị đã báo
cáo đều không có gì để đếm); chưa có số liệu. Chỉ tiêu mà kế hoạch yêu cầu theo nhóm
(ví dụ trẻ em trai và trẻ em gái) chỉ đạt khi mọi nhóm đều đạt chỉ tiêu; các
nhóm và chênh lệch giữa các nhóm hiện ngay dưới chỉ tiêu.

Khả năng đạt chỉ tiêu so sánh mức tăng bình quân hằng năm đến kỳ đang xem với mức tăng
cần có để đạt chỉ tiêu vào năm cuối của kế hoạch (phương pháp Open SDG): đúng tiến độ,
cần tăng tốc, tiến bộ hạn chế, đang xấu đi; đã đạt chỉ tiêu; hoặc chưa đủ dữ liệu. Để
trống khi kỳ đó chưa có giá trị.

Kế hoạch có mục `[previous]` (kế hoạch trước) hiện thêm số liệu cuối cùng và diễn biến
của kế hoạch trước trong các cột riêng, ghi rõ giai đoạn: đó là số liệu gốc, không
bao giờ được tính là số liệu của kế hoạch này.",
    ),
};

/// Show where each indicator stands against its target
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan status                         every indicator, latest round with data
  gender-plan status --objective 4           objective 4 only
  gender-plan status --period 2024           the 2024 annual figures
  gender-plan status --indicator 6.1         one indicator over time, and each commune's figures
  gender-plan status --unit ttyt             the indicators the health centre answers for
  gender-plan status --format json           for other programs

Status: met, not met; in progress (a 6-month value of an indicator that
accumulates over the year, with the share of the annual target reached so far);
no cases (every unit that reported had nothing to count); no data. An indicator
the plan asks for by group (boys and girls, say) is met only when every
group meets the target; its groups and the gap between them are shown under it.

Outlook compares the yearly growth up to the period shown with the growth needed
to reach the target by the plan's target year (the Open SDG progress measure): on
track, acceleration needed, limited progress, deterioration; target achieved; or
insufficient data. It is left empty for a period without a value.

A plan that names the plan it follows in [previous] also shows that plan's final
figure and trend in columns of their own, labelled with its years: the baseline,
never counted as a figure of this plan.")]
pub struct StatusArgs {
    /// Only this objective (its number in plan.toml)
    #[arg(long, value_name = "N")]
    objective: Option<u32>,
    /// One indicator over every period, with each contributor's figures
    #[arg(long, value_name = "ID")]
    indicator: Option<String>,
    /// The round: 2025-H1 or 2025 [default: the latest round with any data]
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Only the indicators this unit is responsible for
    #[arg(long, value_name = "ID")]
    unit: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(ctx: &Context, args: StatusArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let (plan, previous) = super::previous::load_plan(ctx)?;
    let previous = previous.as_ref();
    let store = ctx.load_store(&plan)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let figure_of = |key: &Key| ledger.figure(key);

    let period = match &args.period {
        Some(text) => Some(super::round_named(&plan, text, lang)?.period),
        None => latest_round_with_data(&plan, &ledger).map(|r| r.period),
    };
    super::check_objective(&plan, args.objective, lang)?;
    let unit = match &args.unit {
        Some(id) => {
            let when = super::shared::When::Day(ctx.as_of);
            Some(&plan.units[super::shared::resolve_unit(&plan, id, when, lang)? as usize])
        }
        None => None,
    };

    let report = if let Some(id) = &args.indicator {
        let index = super::shared::resolve_indicator(&plan, id, lang)?;
        let mut report = indicator_report(&plan, &store, &ledger, index, period, lang);
        if let Some(previous) = previous {
            add_previous_history(&mut report, &plan, previous, index, lang);
        }
        report
    } else {
        let Some(period) = period else {
            let data = ctx.data_path.display();
            bail!(tr!(
                lang,
                "no figures are recorded in {data} yet; record submissions with `gender-plan ingest FILE…`",
                "chưa có số liệu nào trong {data}; hãy nhập báo cáo bằng `gender-plan ingest TỆP…`"
            ));
        };
        let selected: Vec<u16> = plan
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| args.objective.is_none_or(|n| i.objective == n))
            .map(|(index, _)| index as u16)
            .filter(|&i| unit.is_none_or(|u| responsible_then(&plan, i, period) == u.id))
            .collect();
        let trend = args.format == Format::Table;
        let mut report = district_report(&plan, &selected, period, trend, lang, &figure_of);
        if let Some(previous) = previous {
            add_previous_columns(&mut report, &plan, previous, &selected, trend, lang);
        }
        report
    };
    ctx.print(&report, args.format)?;
    Ok(EXIT_OK)
}

/// The id of the unit answering for an indicator in a period's round.
fn responsible_then(plan: &Plan, indicator: u16, period: Period) -> &str {
    let unit = Duties::of_period(plan, period).responsible(indicator);
    &plan.units[unit as usize].id
}

/// The unit responsible for an indicator in a period, as a table names it.
fn responsible_label(plan: &Plan, indicator: u16, period: Period, lang: Lang) -> String {
    let unit = Duties::of_period(plan, period).responsible(indicator);
    unit_short(&plan.units[unit as usize], lang).to_string()
}

/// The outlook cell: empty ("—") where the period has no value to look ahead from.
fn outlook_cell(assessment: Option<&Assessment>, lang: Lang) -> Styled {
    match assessment {
        Some(a) => toned(outlook_label(a.outlook, lang), outlook_tone(a.outlook)),
        None => "—".into(),
    }
}

fn outlook_tone(outlook: Outlook) -> Tone {
    match outlook {
        Outlook::TargetAchieved | Outlook::OnTrack => Tone::Good,
        Outlook::AccelerationNeeded | Outlook::LimitedProgress => Tone::Warn,
        Outlook::Deterioration => Tone::Bad,
        Outlook::InsufficientData => Tone::Plain,
    }
}

/// A count as text, and as a number for a workbook; empty when absent.
fn number_cell(x: Option<f64>, lang: Lang) -> Styled {
    match x {
        Some(x) => Styled::from(number_text(x, Precision::AsSent, lang)).typed(Cell::Number(x)),
        None => Styled::default(),
    }
}

fn met_cell(plan: &Plan, indicator: &Indicator, s: &Standing, lang: Lang) -> Styled {
    let tone = match s.verdict {
        Verdict::Met => Tone::Good,
        Verdict::NotMet => Tone::Bad,
        Verdict::InProgress | Verdict::NoCases => Tone::Plain,
        Verdict::NoData | Verdict::NoGroupFigures => Tone::Warn,
    };
    toned(verdict_text(plan, indicator, s.verdict, lang), tone)
}

/// The attainment, rounded to a whole percent unless that would contradict the
/// verdict (`words::attainment_words`).
fn attainment_text(s: &Standing, lang: Lang) -> String {
    s.attainment_pct
        .map_or("—".into(), |p| attainment_words(p, s.met(), lang))
}

/// The value cell: its text, and for a workbook the number (a percentage as one).
fn value_cell(indicator: &Indicator, s: &Standing, lang: Lang) -> Styled {
    let cell = Styled::from(value_text(indicator, s, lang));
    match (s.value, indicator.measure) {
        _ if s.verdict == Verdict::NoCases => cell,
        (None, _) | (_, Measure::YesNo) => cell,
        (Some(v), _) if indicator.unit_of_measure.en.trim() == "%" => cell.typed(Cell::Percent(v)),
        (Some(v), _) => cell.typed(Cell::Number(v)),
    }
}

fn attainment_cell(s: &Standing, lang: Lang) -> Styled {
    let cell = Styled::from(attainment_text(s, lang));
    match s.attainment_pct {
        Some(p) if attainment_is_a_number(p, s.met()) => cell.typed(Cell::Percent(p.round())),
        _ => cell,
    }
}

fn standing_json(plan: &Plan, index: u16, s: &Standing, assessment: Option<&Assessment>) -> Value {
    let indicator = &plan.indicators[index as usize];
    let mut object = json!({
        "indicator": indicator.id,
        "objective": indicator.objective,
        "name": { "en": indicator.name.en, "vi": indicator.name.vi },
        "period": s.period.to_string(),
        "value": s.value,
        "target": indicator.target,
        "op": indicator.op.as_str(),
        "unit_of_measure": { "en": indicator.unit_of_measure.en, "vi": indicator.unit_of_measure.vi },
        "direction": indicator.direction.as_str(),
        "met": s.met(),
        "state": s.verdict.as_str(),
        "attainment_pct": s.attainment_pct,
        "gap": s.gap,
        "coverage": { "reported": s.coverage.reported, "expected": s.coverage.expected },
        "partial": s.value.is_some() && s.coverage.is_partial(),
        "responsible": responsible_then(plan, index, s.period),
    });
    if let Some((n, d)) = s.sums {
        object["numerator_sum"] = json!(n);
        object["denominator_sum"] = json!(d);
    }
    object["outlook"] = json!(assessment.map(|a| a.outlook.as_str()));
    object["outlook_ratio"] = json!(assessment.and_then(|a| a.ratio));
    object["outlook_reason"] = json!(assessment.and_then(|a| a.reason.map(|r| r.as_str())));
    if !s.groups.is_empty() {
        object["groups"] = groups_json(plan, indicator, s);
        object["group_gap"] = json!(s.group_gap().map(|(gap, high, low)| {
            let id = |g: u8| plan.group(indicator, g).map(|g| g.id.clone());
            json!({ "value": gap, "highest": id(high), "lowest": id(low) })
        }));
    }
    object
}

/// Each group's standing, for an indicator broken down by group.
fn groups_json(plan: &Plan, indicator: &Indicator, s: &Standing) -> Value {
    let groups = s.groups.iter().enumerate().map(|(i, g)| {
        let group = plan.group(indicator, i as u8 + 1);
        json!({
            "group": group.map(|g| g.id.clone()),
            "name": group.map(|g| json!({ "en": g.name.en, "vi": g.name.vi })),
            "value": g.value,
            "met": g.met(),
            "state": g.verdict.as_str(),
            "attainment_pct": g.attainment_pct,
            "gap": g.gap,
            "coverage": { "reported": g.coverage.reported, "expected": g.coverage.expected },
            "numerator_sum": g.sums.map(|s| s.0),
            "denominator_sum": g.sums.map(|s| s.1),
        })
    });
    Value::Array(groups.collect())
}

/// Rows under a broken-down indicator's row: each group, then the gap between the
/// groups furthest apart.
fn group_rows(plan: &Plan, indicator: &Indicator, s: &Standing, lang: Lang) -> Vec<Vec<Styled>> {
    let name = |g: u8| plan.group(indicator, g).map_or("", |g| g.name.get(lang));
    let mut rows: Vec<Vec<Styled>> = s
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            vec![
                "".into(),
                format!("  · {}", name(i as u8 + 1)).into(),
                "".into(),
                value_text(indicator, g, lang).into(),
                attainment_text(g, lang).into(),
                met_cell(plan, indicator, g, lang),
                "".into(),
                format!("{}/{}", g.coverage.reported, g.coverage.expected).into(),
                "".into(),
            ]
        })
        .collect();
    if let Some((gap, high, low)) = s.group_gap() {
        rows.push(vec![
            "".into(),
            tr!(
                lang,
                "  · gap, {} − {}",
                "  · chênh lệch, {} − {}",
                name(high),
                name(low)
            )
            .into(),
            "".into(),
            gap_text(indicator, gap, lang).into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
        ]);
    }
    rows
}

/// A difference between two values: "0.8 points" for a percentage.
fn gap_text(indicator: &Indicator, gap: f64, lang: Lang) -> String {
    let number = number_text(gap, precision(indicator), lang);
    if indicator.unit_of_measure.en.trim() == "%" {
        points_text(&number, lang)
    } else {
        number
    }
}

/// Where the trend column stands: after the value.
const TREND_COLUMN: usize = 4;

/// The rounds up to a period (those ending by its end), for the trend column.
fn rounds_up_to(plan: &Plan, period: Period) -> Vec<Period> {
    let end = period_bounds(period).1;
    plan.rounds()
        .iter()
        .map(|r| r.period)
        .filter(|p| period_bounds(*p).1 <= end)
        .collect()
}

/// The indicator's value at each round of its history, as a sparkline.
fn trend_cell(history: &[Standing]) -> Styled {
    let values: Vec<Option<f64>> = history.iter().map(|s| s.value).collect();
    sparkline(&values).into()
}

/// An indicator's standing for the period and its outlook, and its standing for
/// each of `rounds` (the trend's): each computed once, the period's and the
/// outlook's years taken from the rounds' where they are among them.
fn standings_of(
    plan: &Plan,
    index: u16,
    period: Period,
    rounds: &[Period],
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> (Standing, Option<Assessment>, Vec<Standing>) {
    let history: Vec<Standing> = rounds
        .iter()
        .map(|&p| standing(plan, index, p, figure_of))
        .collect();
    let standing_of = |p: Period| match history.iter().find(|s| s.period == p) {
        Some(known) => known.clone(),
        None => standing(plan, index, p, figure_of),
    };
    let s = standing_of(period);
    let a = outlook_given(plan, index, &s, &standing_of);
    (s, a, history)
}

/// The district table's headers ("Mục tiêu đến năm 2025", as the plan's own table
/// heads it), with the trend column when asked.
fn district_headers(plan: &Plan, trend: bool, lang: Lang) -> Vec<String> {
    let target_header = match lang {
        Lang::En => "target".to_string(),
        Lang::Vi => format!("mục tiêu đến năm {}", plan.meta.target_year),
    };
    let mut headers: Vec<String> = [
        lang.pick("id", "mã"),
        lang.pick("indicator", "chỉ tiêu"),
        &target_header,
        lang.pick("value", "kết quả thực hiện"),
        lang.pick("attainment", "tỷ lệ so với chỉ tiêu (%)"),
        lang.pick("status", "tình trạng"),
        lang.pick("outlook", "khả năng đạt chỉ tiêu"),
        lang.pick("coverage", "đã báo cáo"),
        lang.pick("responsible", "chịu trách nhiệm"),
    ]
    .map(String::from)
    .to_vec();
    if trend {
        headers.insert(TREND_COLUMN, lang.pick("trend", "diễn biến").into());
    }
    headers
}

/// An indicator's row of the district table (without the trend column).
fn indicator_row(
    plan: &Plan,
    index: u16,
    period: Period,
    (s, a): (&Standing, Option<&Assessment>),
    lang: Lang,
) -> Vec<Styled> {
    let indicator = &plan.indicators[index as usize];
    vec![
        indicator.id.clone().into(),
        indicator.name.get(lang).into(),
        target_text(indicator, lang).into(),
        value_cell(indicator, s, lang),
        attainment_cell(s, lang),
        met_cell(plan, indicator, s, lang),
        outlook_cell(a, lang),
        format!("{}/{}", s.coverage.reported, s.coverage.expected).into(),
        responsible_label(plan, index, period, lang).into(),
    ]
}

/// `trend`: a column with each indicator's sparkline over the rounds (for the
/// terminal table only).
fn district_report(
    plan: &Plan,
    selected: &[u16],
    period: Period,
    trend: bool,
    lang: Lang,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Report {
    let rounds = if trend {
        rounds_up_to(plan, period)
    } else {
        Vec::new()
    };
    let headers = district_headers(plan, trend, lang);
    let mut report = Report {
        group_header: Some(lang.pick("objective", "mục tiêu").into()),
        ..Report::default()
    };
    let mut json = Vec::new();
    let mut count = Counts::default();
    let mut partial = Vec::new();
    for objective in &plan.objectives {
        let indices: Vec<u16> = selected
            .iter()
            .copied()
            .filter(|&i| plan.indicators[i as usize].objective == objective.number)
            .collect();
        if indices.is_empty() {
            continue;
        }
        let mut rows = Vec::new();
        for index in indices {
            let indicator = &plan.indicators[index as usize];
            let (s, a, history) = standings_of(plan, index, period, &rounds, figure_of);
            count.add(plan, indicator, s.verdict, lang);
            if s.value.is_some() && s.coverage.is_partial() {
                partial.push(Partial {
                    id: &indicator.id,
                    over_all_owing: indicator.measure.counts_every_owing_unit(),
                    owing: s.coverage.expected,
                });
            }
            let mut row = indicator_row(plan, index, period, (&s, a.as_ref()), lang);
            let mut groups = group_rows(plan, indicator, &s, lang);
            if trend {
                row.insert(TREND_COLUMN, trend_cell(&history));
                for group in &mut groups {
                    group.insert(TREND_COLUMN, Styled::default());
                }
            }
            rows.push(row);
            rows.extend(groups);
            json.push(standing_json(plan, index, &s, a.as_ref()));
        }
        let title = objective.title.get(lang);
        let n = objective.number;
        let when = period_text(period, lang);
        report.tables.push(Table {
            title: Some(tr!(
                lang,
                "Objective {n}: {title} ({when})",
                "Mục tiêu {n}: {title} ({when})"
            )),
            group: Some(n.to_string()),
            headers: headers.clone(),
            rows,
            notes: vec![],
        });
    }
    let shown = selected.iter().map(|&i| &plan.indicators[i as usize]);
    report
        .summary
        .push(count.summary(period, &indicators_text(shown, lang), lang));
    report.summary.extend(partial_notes(&partial, lang));
    report.json = Value::Array(json);
    report
}

/// How many indicators got each verdict, for the summary line.
#[derive(Default, Clone)]
struct Counts {
    met: usize,
    not_met: usize,
    in_progress: usize,
    no_cases: usize,
    no_data: usize,
    /// Verdicts withheld for want of figures by group, and the breakdowns
    /// (by sex) they wait for.
    no_group_figures: usize,
    by: Vec<String>,
}

impl Counts {
    fn add(&mut self, plan: &Plan, indicator: &Indicator, verdict: Verdict, lang: Lang) {
        match verdict {
            Verdict::Met => self.met += 1,
            Verdict::NotMet => self.not_met += 1,
            Verdict::InProgress => self.in_progress += 1,
            Verdict::NoCases => self.no_cases += 1,
            Verdict::NoData => self.no_data += 1,
            Verdict::NoGroupFigures => {
                self.no_group_figures += 1;
                let by = indicator
                    .disaggregation
                    .map(|d| plan.dimensions[d as usize].name.get(lang).to_string());
                if let Some(by) = by.filter(|b| !self.by.contains(b)) {
                    self.by.push(by);
                }
            }
        }
    }

    /// "2 without figures by sex", where some verdict was withheld.
    fn withheld(&self, lang: Lang) -> Option<String> {
        let n = self.no_group_figures;
        let by = self.by.join(lang.pick(" or ", " hoặc "));
        (n > 0).then(|| {
            tr!(
                lang,
                "{n} without figures by {by}",
                "{n} chưa có số liệu theo {by}"
            )
        })
    }

    /// "2025: 11 met, 10 not met, 0 without data, of 21 indicators"; in progress and
    /// no cases are named only when some indicator is so.
    /// `indicators`: the indicators counted, as [`indicators_text`] says them.
    fn summary(&self, period: Period, indicators: &str, lang: Lang) -> String {
        let Counts {
            met,
            not_met,
            in_progress,
            no_cases,
            no_data,
            ..
        } = *self;
        let mut parts = vec![
            tr!(lang, "{met} met", "{met} đạt"),
            tr!(lang, "{not_met} not met", "{not_met} chưa đạt"),
        ];
        if in_progress > 0 {
            parts.push(tr!(
                lang,
                "{in_progress} in progress",
                "{in_progress} đang thực hiện"
            ));
        }
        if no_cases > 0 {
            parts.push(tr!(
                lang,
                "{no_cases} with no cases",
                "{no_cases} không có trường hợp"
            ));
        }
        parts.extend(self.withheld(lang));
        parts.push(tr!(
            lang,
            "{no_data} without data",
            "{no_data} chưa có số liệu"
        ));
        let parts = parts.join(", ");
        let when = period_text(period, lang);
        tr!(
            lang,
            "{when}: {parts}, of {indicators}",
            "Kết quả {when}: {parts}, trên tổng số {indicators}"
        )
    }
}

fn indicator_report(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    index: u16,
    chosen: Option<Period>,
    lang: Lang,
) -> Report {
    let figure_of = &|key: &Key| ledger.figure(key);
    let indicator = &plan.indicators[index as usize];
    let mut history = Vec::new();
    let mut by_group = Vec::new();
    let mut json = Vec::new();
    let rounds = plan.rounds();
    for round in &rounds {
        let s = standing(plan, index, round.period, figure_of);
        let a = outlook(plan, index, &s, figure_of);
        by_group.push(group_history_row(plan, indicator, &s, lang));
        history.push(vec![
            period_text(round.period, lang).into(),
            value_cell(indicator, &s, lang),
            attainment_cell(&s, lang),
            met_cell(plan, indicator, &s, lang),
            outlook_cell(a.as_ref(), lang),
            format!("{}/{}", s.coverage.reported, s.coverage.expected).into(),
        ]);
        let mut object = standing_json(plan, index, &s, a.as_ref());
        if Some(round.period) == chosen {
            object["contributors"] = contributors_json(plan, store, ledger, index, round.period);
        }
        json.push(object);
    }
    let title = tr!(
        lang,
        "{} {}: target {}",
        "{} {}: chỉ tiêu đề ra {}",
        indicator.id,
        indicator.name.get(lang),
        target_text(indicator, lang)
    );
    let mut report = Report {
        group_header: Some(lang.pick("table", "bảng").into()),
        ..Report::default()
    };
    report.tables.push(history_table(title, history, lang));
    if let Some(table) = group_history(plan, indicator, by_group, lang) {
        report.tables.push(table);
    }
    if let Some(period) = chosen {
        report
            .tables
            .push(contributors_table(plan, store, ledger, index, period, lang));
    }
    report.json = Value::Array(json);
    report
}

/// Each contributor's figure for the period and where it came from, for JSON.
fn contributors_json(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    index: u16,
    period: Period,
) -> Value {
    Value::Array(
        contributor_figures(plan, index, period, &|key: &Key| ledger.figure(key))
            .iter()
            .map(|c| {
                let unit = &plan.units[c.unit as usize];
                let found = provenance(store, ledger, index, c);
                let submitted = found
                    .as_ref()
                    .and_then(|p| p.submitted)
                    .map(|d| d.to_string());
                let source = found.as_ref().map(|p| p.file.clone());
                let note = found.and_then(|p| p.note);
                let (numerator, denominator, value) = figure_parts(c.figure);
                json!({
                    "unit": unit.id,
                    "period": c.period.to_string(),
                    "numerator": numerator,
                    "denominator": denominator,
                    "value": value,
                    "submitted": submitted,
                    "source_file": source,
                    "note": note,
                })
            })
            .collect(),
    )
}

/// The indicator's rounds, one row each.
fn history_table(title: String, rows: Vec<Vec<Styled>>, lang: Lang) -> Table {
    Table {
        title: Some(title),
        group: Some("history".into()),
        headers: [
            lang.pick("period", "kỳ"),
            lang.pick("value", "kết quả thực hiện"),
            lang.pick("attainment", "tỷ lệ so với chỉ tiêu (%)"),
            lang.pick("status", "tình trạng"),
            lang.pick("outlook", "khả năng đạt chỉ tiêu"),
            lang.pick("coverage", "đã báo cáo"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![],
    }
}

/// Who reported what for the chosen period, with where each figure came from.
fn contributors_table(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    index: u16,
    period: Period,
    lang: Lang,
) -> Table {
    let indicator = &plan.indicators[index as usize];
    let cells = contributor_figures(plan, index, period, &|key: &Key| ledger.figure(key));
    let rows = cells
        .iter()
        .map(|c| {
            let unit = &plan.units[c.unit as usize];
            let (n, d, _) = figure_parts(c.figure);
            let value = contributor_value_text(indicator, c.figure, lang);
            let found = provenance(store, ledger, index, c).unwrap_or_default();
            let tone = if c.figure.is_none() {
                Tone::Warn
            } else {
                Tone::Plain
            };
            vec![
                crate::words::unit_with_lifetime(unit, lang).into(),
                period_text(c.period, lang).into(),
                number_cell(n, lang),
                number_cell(d, lang),
                toned(value, tone),
                found.submitted.map_or_else(Styled::default, |d| {
                    Styled::from(date_text(d, lang)).typed(Cell::Date(d))
                }),
                found.file.into(),
                found.note.unwrap_or_default().into(),
            ]
        })
        .collect();
    let when = period_text(period, lang);
    Table {
        title: Some(tr!(
            lang,
            "Who reported what, {when}",
            "Số liệu từng đơn vị, {when}"
        )),
        group: Some("contributors".into()),
        headers: [
            lang.pick("unit", "đơn vị"),
            lang.pick("period", "kỳ"),
            lang.pick("numerator", "tử số"),
            lang.pick("denominator", "mẫu số"),
            lang.pick("value", "kết quả thực hiện"),
            lang.pick("submitted", "ngày gửi"),
            lang.pick("source file", "tệp nguồn"),
            lang.pick("note", "ghi chú"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![],
    }
}

/// One contributor's figure as a table shows it.
fn contributor_value_text(indicator: &Indicator, figure: Option<Figure>, lang: Lang) -> String {
    match (figure, indicator.measure) {
        (None, _) => lang.pick("not reported", "chưa báo cáo").to_string(),
        (Some(f), _) if is_no_cases(f) => no_cases_text(lang).to_string(),
        (
            Some(Figure::Ratio {
                numerator,
                denominator,
            }),
            Measure::Ratio { scale },
        ) if denominator > 0.0 => {
            number_text(numerator / denominator * scale, Precision::Rounded(1), lang)
        }
        (Some(Figure::YesNo(b)), _) => lang
            .pick(if b { "yes" } else { "no" }, if b { "có" } else { "không" })
            .to_string(),
        _ => figure_parts(figure)
            .2
            .map_or(String::new(), |x| number_text(x, Precision::AsSent, lang)),
    }
}

/// A period's row of the by-group table: each group's value and status, and the gap.
fn group_history_row(plan: &Plan, indicator: &Indicator, s: &Standing, lang: Lang) -> Vec<Styled> {
    let mut row: Vec<Styled> = vec![period_text(s.period, lang).into()];
    for g in &s.groups {
        let status = met_cell(plan, indicator, g, lang);
        let text = format!("{} ({})", value_text(indicator, g, lang), status.text);
        row.push(Styled { text, ..status });
    }
    let gap = s
        .group_gap()
        .map(|(gap, _, _)| gap_text(indicator, gap, lang));
    row.push(gap.unwrap_or_else(|| "—".into()).into());
    row
}

/// Each group's value over the periods, for an indicator broken down by group.
fn group_history(
    plan: &Plan,
    indicator: &Indicator,
    rows: Vec<Vec<Styled>>,
    lang: Lang,
) -> Option<Table> {
    let dimension = &plan.dimensions[indicator.disaggregation? as usize];
    let mut headers = vec![lang.pick("period", "kỳ").to_string()];
    headers.extend(
        dimension
            .groups
            .iter()
            .map(|g| g.name.get(lang).to_string()),
    );
    headers.push(lang.pick("gap", "chênh lệch").into());
    let by = dimension.name.get(lang);
    Some(Table {
        title: Some(tr!(
            lang,
            "By {by}: met only when every group meets the target",
            "Theo {by}: chỉ đạt khi mọi nhóm đều đạt chỉ tiêu"
        )),
        group: Some("groups".into()),
        headers,
        rows,
        notes: vec![],
    })
}

/// Where a contributor's current figure came from.
#[derive(Debug, Default)]
struct Provenance {
    submitted: Option<chrono::NaiveDate>,
    file: String,
    /// The note the unit wrote beside the figure.
    note: Option<String>,
}

/// When a contributor's current figure was submitted, from which file, and the
/// note beside it.
fn provenance(
    store: &Store,
    ledger: &Ledger,
    indicator: u16,
    c: &ContributorFigure,
) -> Option<Provenance> {
    let key = Key {
        unit: c.unit,
        period: c.period,
        indicator: Some(indicator),
        group: 0,
    };
    // A whole summed from its groups came with its first group.
    let i = ledger
        .current_index(&key)
        .or_else(|| ledger.current_index(&Key { group: 1, ..key }))?;
    let revision = &store.revisions[i];
    Some(Provenance {
        submitted: Some(revision.submitted),
        file: store.origin(i).file.clone(),
        note: store.note(revision).map(str::to_string),
    })
}

/// (numerator, denominator, value) of a figure, for display and JSON.
fn figure_parts(figure: Option<Figure>) -> (Option<f64>, Option<f64>, Option<f64>) {
    match figure {
        Some(Figure::Ratio {
            numerator,
            denominator,
        }) => (Some(numerator), Some(denominator), None),
        Some(f) => (None, None, f.as_number()),
        None => (None, None, None),
    }
}

/// Where the previous plan's columns stand: after the target, before this plan's value.
const PREVIOUS_COLUMN: usize = 3;

/// The previous plan's final figure (and, on the terminal, its yearly trend) beside
/// each indicator that carries over, in columns of their own, labelled with that
/// plan's years: they are never this plan's values. Rows under an indicator (its
/// groups) get empty cells.
fn add_previous_columns(
    report: &mut Report,
    plan: &Plan,
    previous: &Previous,
    selected: &[u16],
    trend: bool,
    lang: Lang,
) {
    let end = previous.plan.meta.end_year;
    let years = previous.years();
    let mut headers = vec![tr!(lang, "{end}, {years} plan", "{end}, kế hoạch {years}")];
    if trend {
        headers.insert(0, tr!(lang, "trend {years}", "diễn biến {years}"));
    }
    let index_of = |id: &str| {
        selected
            .iter()
            .copied()
            .find(|&i| plan.indicators[i as usize].id == id)
    };
    for table in &mut report.tables {
        for (offset, header) in headers.iter().enumerate() {
            table
                .headers
                .insert(PREVIOUS_COLUMN + offset, header.clone());
        }
        for row in &mut table.rows {
            let cells = match index_of(&row[0].text) {
                Some(index) => previous_cells(plan, previous, index, trend, lang),
                None => vec![Styled::default(); headers.len()],
            };
            for (offset, cell) in cells.into_iter().enumerate() {
                row.insert(PREVIOUS_COLUMN + offset, cell);
            }
        }
    }
    if let Value::Array(items) = &mut report.json {
        for object in items {
            let index = object["indicator"].as_str().and_then(index_of);
            if let Some(index) = index {
                object["previous_plan"] = previous_json(plan, previous, index, lang);
            }
        }
    }
    report.summary.push(tr!(
        lang,
        "{end}, {years} plan: the previous plan's final figure, the baseline where plan.toml gives none; it never counts as a figure of this plan",
        "{end}, kế hoạch {years}: số liệu cuối cùng của kế hoạch trước, là số liệu gốc khi plan.toml không ghi; không bao giờ được tính là số liệu của kế hoạch này"
    ));
}

/// The previous plan's trend (on the terminal) and final figure of an indicator;
/// "new" for an indicator the previous plan did not have.
fn previous_cells(
    plan: &Plan,
    previous: &Previous,
    index: u16,
    trend: bool,
    lang: Lang,
) -> Vec<Styled> {
    let earlier = previous.earlier[index as usize].as_ref();
    let value = match earlier.and_then(|e| Some((e, e.final_standing(&previous.plan)?))) {
        Some((e, s)) => {
            let old = &previous.plan.indicators[e.indicator as usize];
            let mut text = value_text(old, s, lang);
            if s.period.year() != previous.plan.meta.end_year {
                text = format!("{text} ({})", s.period.year());
            }
            if old.id != plan.indicators[index as usize].id {
                text = format!("{text} [{}]", old.id);
            }
            Styled::from(text)
        }
        None if earlier.is_some() => "—".into(),
        None => lang.pick("new", "mới").into(),
    };
    let mut cells = vec![value];
    if trend {
        let line = earlier.map_or(String::new(), |e| sparkline(&e.values()));
        cells.insert(0, line.into());
    }
    cells
}

/// The previous plan's figures of an indicator, for JSON: null for a new indicator.
fn previous_json(plan: &Plan, previous: &Previous, index: u16, lang: Lang) -> Value {
    let Some(earlier) = previous.earlier[index as usize].as_ref() else {
        return Value::Null;
    };
    let units = previous.baselines(plan, Some(index), None, lang);
    let annual: Vec<Value> = earlier
        .years
        .iter()
        .map(|s| json!({ "year": s.period.year(), "period": s.period.to_string(), "value": s.value }))
        .collect();
    let baseline = earlier
        .final_figure(&previous.plan)
        .map(|(year, value)| json!({ "year": year, "value": value }));
    json!({
        "plan": previous.years(),
        "indicator": previous.id_of(earlier),
        "baseline": baseline,
        "annual": annual,
        "unit_baselines": units,
    })
}

/// Under `status --indicator`: the indicator's yearly figures in the previous plan,
/// in a table of their own named after that plan.
fn add_previous_history(
    report: &mut Report,
    plan: &Plan,
    previous: &Previous,
    index: u16,
    lang: Lang,
) {
    if let Value::Array(items) = &mut report.json {
        for object in items {
            object["previous_plan"] = previous_json(plan, previous, index, lang);
        }
    }
    let Some(earlier) = previous.earlier[index as usize].as_ref() else {
        let id = &plan.indicators[index as usize].id;
        let years = previous.years();
        report.summary.push(tr!(
            lang,
            "{id} is new: the {years} plan has no indicator it continues",
            "{id} là chỉ tiêu mới: kế hoạch {years} không có chỉ tiêu tương ứng"
        ));
        return;
    };
    let old = &previous.plan.indicators[earlier.indicator as usize];
    let rows = earlier
        .years
        .iter()
        .map(|s| {
            vec![
                s.period.to_string().into(),
                value_cell(old, s, lang),
                format!("{}/{}", s.coverage.reported, s.coverage.expected).into(),
            ]
        })
        .collect();
    let years = previous.years();
    let (id, name) = (&old.id, old.name.get(lang));
    report.tables.push(Table {
        title: Some(tr!(
            lang,
            "The previous plan ({years}), {id} {name}: its figures, not this plan's",
            "Kế hoạch trước ({years}), {id} {name}: số liệu của kế hoạch đó, không phải của kế hoạch này"
        )),
        group: Some("previous plan".into()),
        headers: [
            lang.pick("period", "kỳ"),
            lang.pick("value", "kết quả thực hiện"),
            lang.pick("coverage", "đã báo cáo"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
        notes: vec![],
    });
    let units = previous.baselines(plan, Some(index), None, lang);
    report
        .tables
        .extend(previous.baselines_table(plan, &units, lang));
}

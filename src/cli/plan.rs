//! `gender-plan plan`: the plan as tables, a unit's duties, or the responsibility matrix.

use super::{Context, EXIT_OK};
use crate::domain::duties::Duties;
use crate::domain::measure::{Measure, ShareOf};
use crate::i18n::Lang;
use crate::plan::{Clause, Indicator, Plan, Unit, UnitKind, target_text};
use crate::render::{Format, Report, Table};
use crate::tr;
use crate::words::{Precision, number_text};
use crate::words::{date_text, unit_label, unit_short};
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;

mod workbook;

pub use workbook::{IMPORT_TEXTS_VI, NEW_TEXTS_VI};

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Xem kế hoạch: phần đầu và các chỉ tiêu, nhiệm vụ và giải pháp, nhiệm vụ của một đơn vị, hoặc phân công",
        ),
        ("objective", "Chỉ mục tiêu này (số của mục tiêu trong plan.toml)"),
        (
            "unit",
            "Những gì đơn vị này chịu trách nhiệm: chỉ tiêu, số liệu báo cáo và nhiệm vụ",
        ),
        ("matrix", "Bảng phân công: đơn vị × mục tiêu"),
        (
            "tasks",
            "Các nhiệm vụ, giải pháp của kế hoạch, mỗi mục kèm vị trí trong văn bản",
        ),
        ("format", super::help::FORMAT_VI),
        (
            "output",
            "Ghi vào tệp này thay vì ra màn hình (với --format xlsx: bảng tính kế hoạch)",
        ),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu)",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan plan                          phần đầu (tên, căn cứ, mục tiêu tổng quát, giai đoạn, kinh phí), rồi chỉ tiêu của mọi mục tiêu
  gender-plan plan --objective 4            chỉ mục tiêu 4
  gender-plan plan --tasks                  các nhiệm vụ, giải pháp của kế hoạch
  gender-plan plan --unit ttyt              những gì Trung tâm Y tế chịu trách nhiệm
  gender-plan plan --matrix                 đơn vị × mục tiêu, theo phân công của kế hoạch
  gender-plan plan --format json            phần đầu và các chỉ tiêu dạng JSON
  gender-plan plan --format xlsx -o kehoach.xlsx   cả kế hoạch dạng bảng tính, tiêu đề tiếng Việt
  gender-plan plan new -o kehoach.xlsx      bảng tính kế hoạch trống để bắt đầu
  gender-plan plan import kehoach.xlsx -o plan.toml   đọc bảng tính kế hoạch, ghi plan.toml",
    ),
};

/// Show the plan: its heading and targets, its tasks, a unit's duties, or who does what
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan plan                          the heading (title, basis, goal, period, funding), then each objective's indicators and targets
  gender-plan plan --objective 4            objective 4 only
  gender-plan plan --tasks                  the plan's tasks and measures
  gender-plan plan --unit ttyt              what the health centre is responsible for
  gender-plan plan --matrix                 units × objectives, as the plan assigns them
  gender-plan plan --format json            the heading and the indicators as JSON
  gender-plan plan --format xlsx -o plan.xlsx   the whole plan as a workbook, headers in Vietnamese
  gender-plan plan new -o plan.xlsx         a blank plan workbook to start from
  gender-plan plan import plan.xlsx -o plan.toml   read a plan workbook, write plan.toml")]
#[command(args_conflicts_with_subcommands = true, disable_help_subcommand = true)]
pub struct PlanArgs {
    #[command(subcommand)]
    action: Option<workbook::PlanAction>,
    /// Only this objective (its number in plan.toml)
    #[arg(long, value_name = "N")]
    objective: Option<u32>,
    /// What this unit is responsible for: indicators, contributions and tasks
    #[arg(long, value_name = "ID", conflicts_with_all = ["matrix", "tasks"])]
    unit: Option<String>,
    /// The responsibility matrix: units × objectives
    #[arg(long, conflicts_with = "tasks")]
    matrix: bool,
    /// The plan's tasks and measures, each with its place in the source
    #[arg(long)]
    tasks: bool,
    /// Output format (xlsx without --objective, --unit, --matrix or --tasks: the
    /// whole plan as a workbook, which `plan import` reads back)
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace a file that already exists (never the plan or the data file)
    #[arg(long, requires = "output")]
    force: bool,
}

pub fn run(ctx: &Context, args: PlanArgs) -> anyhow::Result<u8> {
    if let Some(action) = args.action {
        return workbook::run(ctx, action);
    }
    let whole = args.objective.is_none() && args.unit.is_none() && !args.matrix && !args.tasks;
    if args.format == Format::Xlsx && whole {
        return workbook::export(ctx, args.output.as_deref(), args.force);
    }
    let plan = ctx.load_plan()?;
    let lang = ctx.lang;
    super::check_objective(&plan, args.objective, lang)?;
    // Who holds which duty is shown as of the as-of day: transfers dated on or
    // before it, and the successors of units that ended, included. After a plan
    // that ended early, as on its last day.
    let day = plan.meta.ends.map_or(ctx.as_of, |end| ctx.as_of.min(end));
    let duties = Duties::of_day(&plan, day);
    let on = OnDay {
        plan: &plan,
        duties: &duties,
        lang,
    };
    let report = if let Some(id) = &args.unit {
        let unit =
            super::shared::resolve_unit(&plan, id, super::shared::When::Day(ctx.as_of), lang)?;
        let mut report = unit_report(&on, unit, args.objective);
        // A unit formed from units of the previous plan: its baselines from theirs.
        if let Some(previous) = super::previous::load(ctx, &plan)? {
            let views = previous.baselines(&plan, None, Some(unit), lang);
            report
                .tables
                .extend(previous.baselines_table(&plan, &views, lang));
            report.json["baselines"] = serde_json::to_value(&views)?;
        }
        report
    } else if args.matrix {
        matrix_report(&on, args.objective)
    } else if args.tasks {
        tasks_report(&plan, lang)
    } else {
        indicators_report(&on, args.objective)
    };
    match &args.output {
        Some(path) => {
            let mut bytes = Vec::new();
            crate::render::write(&report, args.format, &ctx.style, &mut bytes)?;
            super::output::write_file(ctx, path, &bytes, args.force)?;
        }
        None => ctx.print(&report, args.format)?,
    }
    Ok(EXIT_OK)
}

fn headers(plan: &Plan, lang: Lang) -> Vec<String> {
    let year = plan.meta.target_year;
    vec![
        lang.pick("id", "mã").into(),
        lang.pick("indicator", "chỉ tiêu").into(),
        tr!(lang, "target {year}", "mục tiêu đến năm {year}"),
        lang.pick("as the plan words it", "theo văn bản").into(),
        lang.pick("measure", "cách tính").into(),
        lang.pick("responsible", "chịu trách nhiệm").into(),
    ]
}

fn measure_text(indicator: &Indicator, lang: Lang) -> String {
    match indicator.measure {
        Measure::Ratio { scale } => tr!(
            lang,
            "ratio ×{}",
            "tỷ lệ ×{}",
            number_text(scale, Precision::AsSent, lang)
        ),
        Measure::Value => lang.pick("value", "giá trị").to_string(),
        Measure::YesNo => lang.pick("yes/no", "có/không").to_string(),
        Measure::Share { threshold, of } => {
            let n = number_text(threshold, Precision::AsSent, lang);
            // "≥ 4 tin, bài" where the plan says what is counted.
            let counted = match &indicator.count_unit {
                Some(unit) => format!("≥ {n} {}", unit.get(lang)),
                None => tr!(lang, "a count ≥ {n}", "số lượng ≥ {n}"),
            };
            match of {
                ShareOf::Quarters => tr!(
                    lang,
                    "share of quarters with {counted}",
                    "tỷ lệ số quý có {counted}"
                ),
                ShareOf::Units => tr!(
                    lang,
                    "share of units with {counted} every quarter",
                    "tỷ lệ đơn vị có {counted} mỗi quý"
                ),
            }
        }
    }
}

/// "ratio ×100, by sex: each group must meet the target".
fn measure_cell(plan: &Plan, indicator: &Indicator, lang: Lang) -> String {
    let measure = measure_text(indicator, lang);
    match indicator.disaggregation {
        Some(d) => {
            let by = plan.dimensions[d as usize].name.get(lang);
            tr!(lang, "{measure}, by {by}", "{measure}, theo {by}")
        }
        None => measure,
    }
}

/// The plan and the duties in force on the day asked about.
struct OnDay<'a> {
    plan: &'a Plan,
    duties: &'a Duties,
    lang: Lang,
}

impl OnDay<'_> {
    fn index_of(&self, indicator: &Indicator) -> u16 {
        self.plan
            .indicators
            .iter()
            .position(|i| std::ptr::eq(i, indicator))
            .expect("an indicator of the plan") as u16
    }

    /// The unit that answers for an indicator on the day.
    fn responsible(&self, indicator: &Indicator) -> &Unit {
        &self.plan.units[self.duties.responsible(self.index_of(indicator)) as usize]
    }

    fn is_responsible(&self, indicator: &Indicator, unit: u16) -> bool {
        self.duties.responsible(self.index_of(indicator)) == unit
    }

    fn contributes(&self, indicator: &Indicator, unit: u16) -> bool {
        self.duties.is_contributor(self.index_of(indicator), unit)
    }

    /// Whether the indicator's responsibility on the day rests on a change the
    /// plan marks unconfirmed.
    fn unconfirmed(&self, indicator: &Indicator) -> bool {
        let day = self.duties.day();
        self.plan
            .unconfirmed_transfer(self.index_of(indicator), day)
            .is_some()
    }

    /// "as of 31/12/2025"; "as on 30/06/2025, the plan's last day" after a plan
    /// that ended early.
    fn day_text(&self) -> String {
        let day = date_text(self.duties.day(), self.lang);
        match self.plan.meta.ends == Some(self.duties.day()) {
            true => tr!(
                self.lang,
                "as on {day}, the plan's last day",
                "tại ngày {day}, ngày cuối cùng của kế hoạch"
            ),
            false => tr!(self.lang, "as of {day}", "tính đến ngày {day}"),
        }
    }
}

fn indicator_row(on: &OnDay, indicator: &Indicator) -> Vec<crate::render::Styled> {
    let (plan, lang) = (on.plan, on.lang);
    vec![
        indicator.id.clone().into(),
        indicator.name.get(lang).into(),
        target_text(indicator, lang).into(),
        indicator
            .target_wording
            .as_ref()
            .map_or("", |w| w.get(lang))
            .into(),
        measure_cell(plan, indicator, lang).into(),
        match on.unconfirmed(indicator) {
            true => format!(
                "{} ({})",
                unit_short(on.responsible(indicator), lang),
                unconfirmed_word(lang)
            ),
            false => unit_short(on.responsible(indicator), lang).to_string(),
        }
        .into(),
    ]
}

/// An indicator's definition that the tool adds, marked as the tool's own: it is
/// not the plan's words.
fn definition_note(indicator: &Indicator, lang: Lang) -> Option<String> {
    let definition = indicator.definition.as_ref()?.get(lang);
    let id = &indicator.id;
    Some(tr!(
        lang,
        "{id}: definition added by this tool, not in the plan: {definition}",
        "{id}: định nghĩa do công cụ thêm vào, không có trong kế hoạch: {definition}"
    ))
}

fn objective_title(plan: &Plan, number: u32, lang: Lang) -> String {
    let title = plan.objective(number).map_or("", |o| o.title.get(lang));
    tr!(
        lang,
        "Objective {number}: {title}",
        "Mục tiêu {number}: {title}"
    )
}

/// "text (II.5)": a clause and where it stands in the source.
fn clause_text(clause: &Clause, lang: Lang) -> String {
    if clause.source.is_empty() {
        clause.text.get(lang).to_string()
    } else {
        // The one source reference that is a word: the text before section I.
        let source = match clause.source.as_str() {
            "preamble" => lang.pick("preamble", "phần mở đầu"),
            other => other,
        };
        format!("{} ({source})", clause.text.get(lang))
    }
}

fn clause_json(clause: &Clause) -> Value {
    json!({ "source": clause.source, "en": clause.text.en, "vi": clause.text.vi })
}

/// The plan's heading: title, issuer, basis, goal, period and funding.
fn heading_table(plan: &Plan, lang: Lang) -> Table {
    let m = &plan.meta;
    let mut rows: Vec<(String, String)> = vec![
        (lang.pick("title", "tên").into(), m.title.get(lang).into()),
        (
            lang.pick("issued by", "cơ quan ban hành").into(),
            [
                crate::words::body_in_time(&m.issuer, lang).as_str(),
                &m.document_number,
                &m.document_date,
            ]
            .iter()
            .filter(|t| !t.trim().is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("; "),
        ),
    ];
    if let Some(basis) = &m.basis {
        rows.push((
            lang.pick("implements", "căn cứ").into(),
            clause_text(basis, lang),
        ));
    }
    if let Some(goal) = &m.goal {
        rows.push((
            lang.pick("goal", "mục tiêu tổng quát").into(),
            clause_text(goal, lang),
        ));
    }
    let (start, end, target) = (m.start_year, m.end_year, m.target_year);
    rows.push((
        lang.pick("period", "giai đoạn").into(),
        tr!(
            lang,
            "{start}–{end}; targets for {target}",
            "{start}–{end}; chỉ tiêu đến năm {target}"
        ),
    ));
    for clause in &plan.meta.funding {
        rows.push((
            lang.pick("funding", "kinh phí").into(),
            clause_text(clause, lang),
        ));
    }
    if !plan.tasks.is_empty() {
        let n = plan.tasks.len();
        rows.push((
            lang.pick("tasks", "nhiệm vụ").into(),
            tr!(
                lang,
                "{n} tasks and measures: gender-plan plan --tasks",
                "{n} nhiệm vụ, giải pháp: gender-plan plan --tasks"
            ),
        ));
    }
    Table {
        title: Some(m.title.get(lang).into()),
        group: Some("plan".into()),
        headers: vec![
            lang.pick("item", "mục").into(),
            lang.pick("text", "nội dung").into(),
        ],
        rows: rows
            .into_iter()
            .map(|(a, b)| vec![a.into(), b.into()])
            .collect(),
        notes: vec![],
    }
}

/// The heading as JSON.
fn heading_json(plan: &Plan) -> Value {
    let m = &plan.meta;
    json!({
        "title": { "en": m.title.en, "vi": m.title.vi },
        "issuer": m.issuer,
        "ends": m.ends,
        "document_number": m.document_number,
        "document_date": m.document_date,
        "implements": m.basis.as_ref().map(clause_json),
        "goal": m.goal.as_ref().map(clause_json),
        "start_year": m.start_year,
        "end_year": m.end_year,
        "target_year": m.target_year,
        "funding": m.funding.iter().map(clause_json).collect::<Vec<_>>(),
    })
}

fn tasks_report(plan: &Plan, lang: Lang) -> Report {
    let mut table = Table {
        title: Some(tr!(
            lang,
            "{}: tasks and measures",
            "{}: nhiệm vụ, giải pháp",
            plan.meta.title.get(lang)
        )),
        group: None,
        headers: vec![
            lang.pick("source", "mục").into(),
            lang.pick("task", "nhiệm vụ").into(),
        ],
        rows: plan
            .tasks
            .iter()
            .map(|t| vec![t.source.clone().into(), t.text.get(lang).into()])
            .collect(),
        notes: vec![],
    };
    if plan.tasks.is_empty() {
        table.notes.push(tr!(
            lang,
            "(plan.toml lists no tasks: add them under [[tasks]])",
            "(plan.toml chưa có nhiệm vụ nào: thêm ở [[tasks]])"
        ));
    }
    Report {
        tables: vec![table],
        group_header: None,
        summary: vec![],
        json: Value::Array(plan.tasks.iter().map(clause_json).collect()),
    }
}

/// The mark on a duty that rests on a change the plan could not confirm.
fn unconfirmed_word(lang: Lang) -> &'static str {
    lang.pick("unconfirmed", "chưa được xác nhận")
}

fn indicators_report(on: &OnDay, only: Option<u32>) -> Report {
    let (plan, lang) = (on.plan, on.lang);
    let mut report = Report {
        group_header: Some(lang.pick("part", "phần").into()),
        ..Report::default()
    };
    if only.is_none() {
        report.tables.push(heading_table(plan, lang));
    }
    let mut json = Vec::new();
    for objective in &plan.objectives {
        if only.is_some_and(|n| n != objective.number) {
            continue;
        }
        let indicators: Vec<&Indicator> = plan.indicators_of(objective.number).collect();
        json.extend(indicators.iter().map(|i| {
            // "responsible" is the plan's assignment; who holds it on the day too.
            let mut value = indicator_json(plan, i);
            value["responsible_as_of"] = json!({
                "day": on.duties.day().to_string(),
                "unit": on.responsible(i).id,
                "confirmed": !on.unconfirmed(i),
            });
            value
        }));
        report.tables.push(Table {
            title: Some(objective_title(plan, objective.number, lang)),
            group: Some(objective.number.to_string()),
            headers: headers(plan, lang),
            rows: indicators.iter().map(|i| indicator_row(on, i)).collect(),
            notes: indicators
                .iter()
                .filter_map(|i| definition_note(i, lang))
                .collect(),
        });
    }
    let shown = plan
        .indicators
        .iter()
        .filter(|i| only.is_none_or(|n| n == i.objective));
    let count = crate::words::indicators_text(shown, lang);
    report.summary.push(tr!(
        lang,
        "{count}; targets are for {}; who answers for each, {}",
        "{count}; chỉ tiêu đề ra đến năm {}; đơn vị chịu trách nhiệm {}",
        plan.meta.target_year,
        on.day_text()
    ));
    report.json = json!({ "plan": heading_json(plan), "indicators": json });
    report
}

/// The indicator as JSON: the shape later commands and tests rely on.
pub fn indicator_json(plan: &Plan, i: &Indicator) -> Value {
    let (scale, threshold, share_of) = match i.measure {
        Measure::Ratio { scale } => (json!(scale), Value::Null, Value::Null),
        Measure::Share { threshold, of } => (Value::Null, json!(threshold), json!(of.as_str())),
        _ => (Value::Null, Value::Null, Value::Null),
    };
    json!({
        "id": i.id,
        "objective": i.objective,
        "name": { "en": i.name.en, "vi": i.name.vi },
        "op": i.op.as_str(),
        "target": i.target,
        "target_text": { "en": target_text(i, Lang::En), "vi": target_text(i, Lang::Vi) },
        "unit_of_measure": { "en": i.unit_of_measure.en, "vi": i.unit_of_measure.vi },
        "target_wording": i.target_wording.as_ref().map(|w| json!({ "en": w.en, "vi": w.vi })),
        "definition": i.definition.as_ref().map(|w| json!({ "en": w.en, "vi": w.vi, "by": "tool" })),
        "part_of": i.part_of,
        "direction": i.direction.as_str(),
        "measure": i.measure.name(),
        "scale": scale,
        "threshold": threshold,
        "share_of": share_of,
        "accumulates": i.accumulates,
        "no_cases": i.no_cases,
        "count_unit": i.count_unit.as_ref().map(|u| json!({ "en": u.en, "vi": u.vi })),
        "whole": i.whole,
        "disaggregate_by": i.disaggregation.map(|d| &plan.dimensions[d as usize].id),
        "frequency": i.frequency.as_str(),
        "responsible": i.responsible,
        "contributors": i.contributors,
    })
}

fn unit_report(on: &OnDay, index: u16, only: Option<u32>) -> Report {
    let (plan, lang) = (on.plan, on.lang);
    let unit = &plan.units[index as usize];
    let keep = |i: &&Indicator| only.is_none_or(|n| i.objective == n);
    let responsible: Vec<&Indicator> = plan
        .indicators
        .iter()
        .filter(|i| on.is_responsible(i, index))
        .filter(keep)
        .collect();
    let contributes: Vec<&Indicator> = plan
        .indicators
        .iter()
        .filter(|i| on.contributes(i, index))
        .filter(keep)
        .collect();
    let name = unit.name.get(lang);
    let day = on.day_text();
    let mut report = Report {
        group_header: Some(lang.pick("section", "phần").into()),
        ..Report::default()
    };
    let mut section = |title: String, group: &str, list: &[&Indicator], empty: String| {
        let mut table = Table {
            title: Some(title),
            group: Some(group.into()),
            headers: headers(plan, lang),
            rows: list.iter().map(|i| indicator_row(on, i)).collect(),
            notes: vec![],
        };
        if list.is_empty() {
            table.notes.push(empty);
        }
        report.tables.push(table);
    };
    section(
        tr!(
            lang,
            "{name} ({}): responsible for, {day}",
            "{name} ({}): chịu trách nhiệm theo dõi, báo cáo, {day}",
            unit.id
        ),
        "responsible",
        &responsible,
        tr!(lang, "(no indicator)", "(không có chỉ tiêu nào)"),
    );
    section(
        tr!(
            lang,
            "{name} ({}): sends figures for, {day}",
            "{name} ({}): gửi số liệu cho, {day}",
            unit.id
        ),
        "contributes",
        &contributes,
        match on.duties.exists(index) {
            true => tr!(
                lang,
                "(no indicator: the unit sends a narrative report each round)",
                "(không có chỉ tiêu: đơn vị gửi báo cáo bằng văn bản mỗi kỳ)"
            ),
            false => tr!(
                lang,
                "(none: the unit does not exist on that day; see its changes over time)",
                "(không có: đơn vị không còn hoặc chưa có vào ngày đó; xem các thay đổi theo thời gian)"
            ),
        },
    );
    report.tables.push(tasks_table(plan, unit, lang));
    report.tables.extend(changes_table(plan, index, lang));
    report.json = json!({
        "unit": unit_json(plan, unit),
        "responsible": responsible.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        "contributes": contributes.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        "tasks": plan.tasks_of(unit).map(|t| json!({"en": t.en, "vi": t.vi})).collect::<Vec<_>>(),
        "tasks_are": if unit.requested { "requests" } else { "duties" },
        "source": unit.source,
    });
    report
}

/// A unit's tasks, each numbered, with the point of the source they come from (a
/// shared task's own, such as IV.11's, beside it). Tasks the source requests
/// ("Đề nghị …", IV.10) are titled and noted as requests, not duties.
fn tasks_table(plan: &Plan, unit: &Unit, lang: Lang) -> Table {
    let name = unit.name.get(lang);
    let own = unit.source.as_deref().unwrap_or("");
    let source = match own {
        "" => String::new(),
        s => format!(" ({s})"),
    };
    let title = match unit.requested {
        false => tr!(
            lang,
            "{name} ({}): tasks{source}",
            "{name} ({}): nhiệm vụ{source}",
            unit.id
        ),
        true => tr!(
            lang,
            "{name} ({}): requested of it{source}",
            "{name} ({}): kế hoạch đề nghị{source}",
            unit.id
        ),
    };
    let rows = plan
        .tasks_with_sources(unit)
        .enumerate()
        .map(|(n, (t, from))| {
            let text = match from {
                s if s.is_empty() || s == own => t.get(lang).to_string(),
                s => format!("{} ({s})", t.get(lang)),
            };
            vec![(n + 1).to_string().into(), text.into()]
        })
        .collect();
    Table {
        title: Some(title),
        group: Some("tasks".into()),
        headers: vec![
            lang.pick("no.", "STT").into(),
            match unit.requested {
                false => lang.pick("task", "nhiệm vụ"),
                true => lang.pick("requested", "nội dung đề nghị"),
            }
            .into(),
        ],
        rows,
        notes: (unit.requested)
            .then(|| request_note(plan, lang))
            .into_iter()
            .collect(),
    }
}

/// What a request is: the plan asks ("Đề nghị …"), it does not order.
fn request_note(plan: &Plan, lang: Lang) -> String {
    let issuer = plan.meta.issuer.name.get(lang);
    tr!(
        lang,
        "The plan requests these (\"Đề nghị …\"); it does not assign them: the {issuer} does not direct this body.",
        "Kế hoạch đề nghị (\"Đề nghị …\"), không giao nhiệm vụ: {issuer} không chỉ đạo tổ chức này."
    )
}

/// The changes of a unit's duties over time, if it has any.
fn changes_table(plan: &Plan, index: u16, lang: Lang) -> Option<Table> {
    let unit = &plan.units[index as usize];
    let name = unit.name.get(lang);
    let changes = changes_of(plan, Some(index), lang);
    (!changes.is_empty()).then(|| Table {
        title: Some(tr!(
            lang,
            "{name} ({}): changes over time",
            "{name} ({}): thay đổi theo thời gian",
            unit.id
        )),
        group: Some("changes".into()),
        headers: vec![
            lang.pick("from", "từ ngày").into(),
            lang.pick("change", "thay đổi").into(),
        ],
        rows: changes
            .iter()
            .map(|(day, text)| vec![date_text(*day, lang).into(), text.clone().into()])
            .collect(),
        notes: vec![],
    })
}

pub fn unit_json(plan: &Plan, unit: &Unit) -> Value {
    let successors: Vec<&str> = unit
        .successors
        .iter()
        .map(|&s| plan.units[s as usize].id.as_str())
        .collect();
    json!({
        "id": unit.id,
        "kind": unit.kind.as_str(),
        "name": { "en": unit.name.en, "vi": unit.name.vi },
        "short": unit.short.as_ref().map(|s| json!({ "en": s.en, "vi": s.vi })),
        "code": unit.code,
        "aliases": unit.aliases,
        "starts": unit.starts.map(|d| d.to_string()),
        "ends": unit.ends.map(|d| d.to_string()),
        "successors": successors,
        "former_ids": unit.former_ids,
    })
}

/// The matrix's legend, and the changes of duties during the plan.
fn matrix_notes(on: &OnDay) -> Vec<String> {
    let (plan, lang) = (on.plan, on.lang);
    let mut notes = vec![tr!(
        lang,
        "4.1 = responsible for monitoring and reporting; (6.3) = sends figures only; 3.3? = responsible after a change of duties not yet confirmed",
        "4.1 = chịu trách nhiệm theo dõi, báo cáo; (6.3) = chỉ gửi số liệu; 3.3? = chịu trách nhiệm sau một thay đổi nhiệm vụ chưa được xác nhận"
    )];
    let changes = changes_of(plan, None, lang);
    if !changes.is_empty() {
        notes.push(tr!(
            lang,
            "duties {}, after these changes to what the plan assigned:",
            "nhiệm vụ {}, sau các thay đổi so với phân công ban đầu của kế hoạch:",
            on.day_text()
        ));
        notes.extend(
            changes
                .into_iter()
                .map(|(day, text)| format!("  {}: {text}", date_text(day, lang))),
        );
    }
    notes
}

/// The plan's changes of duties in date order (those that concern `unit`, or all):
/// transfers, and units that start or end, with who takes over.
fn changes_of(plan: &Plan, unit: Option<u16>, lang: Lang) -> Vec<(chrono::NaiveDate, String)> {
    // A unit that started or ended is told from its namesake by its dates.
    let id = |u: u16| {
        let unit = &plan.units[u as usize];
        match crate::words::unit_lifetime(unit, lang) {
            Some(_) => crate::words::unit_with_lifetime(unit, lang),
            None => unit_label(unit, lang).to_string(),
        }
    };
    let mut changes = Vec::new();
    for t in &plan.transfers {
        if unit.is_some_and(|u| u != t.from && u != t.to) {
            continue;
        }
        let mut what: Vec<String> = t
            .indicators
            .iter()
            .map(|&i| plan.indicators[i as usize].id.clone())
            .collect();
        if t.coordination {
            what.push(
                lang.pick("coordination of the plan", "điều phối kế hoạch")
                    .into(),
            );
        }
        let mut basis = t
            .basis
            .as_ref()
            .map_or(String::new(), |b| format!(" ({})", b.get(lang)));
        if !t.confirmed {
            basis.push_str(&format!(" [{}]", unconfirmed_word(lang)));
        }
        changes.push((
            t.date,
            tr!(
                lang,
                "{} passes from {} to {}{basis}",
                "{} chuyển từ {} sang {}{basis}",
                what.join(", "),
                id(t.from),
                id(t.to)
            ),
        ));
    }
    for (index, u) in plan.units.iter().enumerate() {
        let index = index as u16;
        let heirs: Vec<String> = u.successors.iter().map(|&s| id(s)).collect();
        let concerns = unit.is_none_or(|x| x == index || u.successors.contains(&x));
        if !concerns {
            continue;
        }
        if let Some(starts) = u.starts {
            changes.push((
                starts,
                tr!(lang, "{} starts", "{} bắt đầu hoạt động", id(index)),
            ));
        }
        if let Some(ends) = u.ends {
            let text = match heirs.is_empty() {
                true => tr!(
                    lang,
                    "{} ends after this day",
                    "{} kết thúc sau ngày này",
                    id(index)
                ),
                false => tr!(
                    lang,
                    "{} ends after this day; its duties pass to {}",
                    "{} kết thúc sau ngày này; nhiệm vụ chuyển cho {}",
                    id(index),
                    heirs.join(", ")
                ),
            };
            changes.push((ends, text));
        }
    }
    if unit.is_none() {
        changes.extend(ends_of_the_plan(plan, lang));
    }
    changes.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    changes
}

/// The end of the plan's issuer (and who succeeds it), and of the plan itself.
fn ends_of_the_plan(plan: &Plan, lang: Lang) -> Vec<(chrono::NaiveDate, String)> {
    let mut changes = Vec::new();
    let mut body = &plan.meta.issuer;
    while let Some(end) = body.ends {
        let name = body.name.get(lang);
        changes.push((
            end,
            match &body.successor {
                Some(next) => tr!(
                    lang,
                    "the plan's issuer, the {name}, ends after this day; the {} succeeds it",
                    "cơ quan ban hành kế hoạch, {name}, chấm dứt hoạt động sau ngày này; {} kế nhiệm",
                    next.name.get(lang)
                ),
                None => tr!(
                    lang,
                    "the plan's issuer, the {name}, ends after this day",
                    "cơ quan ban hành kế hoạch, {name}, chấm dứt hoạt động sau ngày này"
                ),
            },
        ));
        let Some(next) = body.successor.as_deref() else {
            break;
        };
        body = next;
    }
    if let Some(end) = plan.meta.ends {
        changes.push((
            end,
            tr!(
                lang,
                "the plan ends after this day: no report is owed after it",
                "kế hoạch kết thúc sau ngày này: không đơn vị nào còn phải báo cáo sau đó"
            ),
        ));
    }
    changes
}

fn matrix_report(on: &OnDay, only: Option<u32>) -> Report {
    let (plan, lang) = (on.plan, on.lang);
    let objectives: Vec<u32> = plan
        .objectives
        .iter()
        .map(|o| o.number)
        .filter(|n| only.is_none_or(|m| m == *n))
        .collect();
    let mut headers = vec![
        lang.pick("unit", "đơn vị").to_string(),
        lang.pick("kind", "loại").to_string(),
    ];
    headers.extend(objectives.iter().map(|n| tr!(lang, "obj. {n}", "MT {n}")));
    headers.push(lang.pick("tasks", "nhiệm vụ").to_string());
    let mut rows = Vec::new();
    let mut json = Vec::new();
    for kind in UnitKind::ALL {
        // The units that exist on the day; the others are in the notes' changes.
        let units = (0..plan.units.len() as u16)
            .filter(|&u| on.duties.exists(u))
            .map(|u| (u, &plan.units[u as usize]))
            .filter(|(_, u)| u.kind == kind);
        for (index, unit) in units {
            let mut row = vec![
                crate::words::unit_with_lifetime(unit, lang).into(),
                unit.kind.label(lang).into(),
            ];
            let mut cells = serde_json::Map::new();
            for &n in &objectives {
                let mut parts = Vec::new();
                let mut responsible = Vec::new();
                let mut contributes = Vec::new();
                for i in plan.indicators_of(n) {
                    let r = on.is_responsible(i, index);
                    let c = on.contributes(i, index);
                    if r {
                        responsible.push(i.id.as_str());
                        // "3.3?": the duty rests on an unconfirmed change.
                        let mark = if on.unconfirmed(i) { "?" } else { "" };
                        parts.push(format!("{}{mark}", i.id));
                    } else if c {
                        parts.push(format!("({})", i.id));
                    }
                    if c {
                        contributes.push(i.id.as_str());
                    }
                }
                row.push(parts.join(" ").into());
                cells.insert(
                    n.to_string(),
                    json!({"responsible": responsible, "contributes": contributes}),
                );
            }
            row.push(plan.tasks_of(unit).count().to_string().into());
            rows.push(row);
            json.push(json!({"unit": unit.id, "kind": unit.kind.as_str(), "objectives": cells}));
        }
    }
    Report {
        tables: vec![Table {
            title: Some(tr!(
                lang,
                "Responsibility matrix",
                "Bảng phân công trách nhiệm"
            )),
            group: None,
            headers,
            rows,
            notes: matrix_notes(on),
        }],
        group_header: None,
        summary: vec![],
        json: Value::Array(json),
    }
}

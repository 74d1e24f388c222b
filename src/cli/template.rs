//! `gender-plan template`: the form a unit fills for a round, as CSV or as a
//! workbook. This module decides what a form holds; `render::form` writes it.

use super::{Context, EXIT_OK};
use crate::domain::duties::Duties;
use crate::domain::measure::Measure;
use crate::domain::period::Round;
use crate::i18n::Lang;
use crate::plan::{Indicator, Plan, Unit, target_text};
use crate::render::form::{self, Form, FormRow, Input};
use crate::tr;
use anyhow::bail;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Tạo mẫu báo cáo (CSV hoặc bảng tính) để một đơn vị điền cho một kỳ báo cáo",
        ),
        ("unit", "Đơn vị cần tạo mẫu"),
        (
            "all",
            "Tạo mẫu cho mọi đơn vị (cần -o: thư mục với CSV, tệp với xlsx)",
        ),
        (
            "period",
            "Kỳ báo cáo: 2025-H1 (báo cáo 6 tháng đầu năm 2025) hoặc 2025 (báo cáo năm 2025); nhiều kỳ, cách nhau bằng dấu phẩy, cho một tệp bảng tính có mẫu của từng kỳ",
        ),
        (
            "format",
            "csv (một mẫu) hoặc xlsx (tệp bảng tính, mỗi mẫu một trang)",
        ),
        (
            "output",
            "Ghi vào tệp này (với --all và CSV: thư mục này) thay vì ra màn hình",
        ),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu)",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan template --unit ban-bo --period 2025-H1                 mẫu, trên màn hình
  gender-plan template --unit ban-bo --period 2025-H1 -o ban-bo.csv   lưu vào tệp
  gender-plan template --all --period 2025 -o mau/ --lang vi          mẫu của mọi đơn vị
  gender-plan template --unit ban-bo --period 2025-H1,2025 --format xlsx -o ban-bo.xlsx
                                            một tệp bảng tính có mẫu của cả hai kỳ
  gender-plan template --all --period 2025 --format xlsx -o mau.xlsx --lang vi
                                            một tệp bảng tính, mỗi đơn vị một trang

Mẫu CSV ở dạng UTF-8 có BOM để Excel hiển thị đúng chữ tiếng Việt; với --lang vi các
cột cách nhau bằng dấu ';' như Excel trên Windows tiếng Việt, nếu không, bằng dấu ','.
Mẫu bảng tính có trang hướng dẫn, rồi mỗi mẫu một trang: dòng tên cột được cố định,
các cột cho biết đơn vị, kỳ và chỉ tiêu bị khóa, các ô cần điền để mở và được kiểm tra
(số nguyên cho số đếm, danh sách có/không, ngày cho ngày gửi).
Đơn vị điền vào các ô trống và gửi lại; tệp nhập được ngay, không cần sửa (tệp bảng
tính gửi nguyên, không cần lưu thành CSV). Mẫu báo cáo năm hỏi cả bốn quý của các số
liệu theo quý: số liệu đã gửi trong báo cáo 6 tháng có thể ghi lại, và chỉ được tính
một lần. Mẫu chỉ hỏi những kỳ đơn vị còn tồn tại (xã thành lập từ 01/07 chỉ báo cáo
quý III và quý IV); với --all, đơn vị đã kết thúc trước hạn báo cáo không có mẫu.",
    ),
};

/// Write the form a unit fills in for a reporting round (CSV or a workbook)
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan template --unit ban-bo --period 2025-H1                 the form, on screen
  gender-plan template --unit ban-bo --period 2025-H1 -o ban-bo.csv   saved to a file
  gender-plan template --all --period 2025 -o forms/ --lang vi        every unit's form
  gender-plan template --unit ban-bo --period 2025-H1,2025 --format xlsx -o ban-bo.xlsx
                                            a workbook with both rounds' forms
  gender-plan template --all --period 2025 --format xlsx -o forms.xlsx --lang vi
                                            one workbook, a sheet for each unit

The CSV form is UTF-8 with a byte-order mark, so that Excel shows Vietnamese
letters; with --lang vi the columns are separated by ';', as Excel on Vietnamese
Windows expects, otherwise by ','. The workbook form has an instructions sheet,
then a sheet per form: the header frozen, the columns that say which unit, round
and indicator a row is for locked, the cells to fill open and checked (whole
numbers for counts, a yes/no list, a date for the submitted date).
Units fill the empty cells and send the file back; it ingests without further
edits (a workbook as it is, no need to save it as CSV). -o never replaces the plan
or the data file, and replaces another existing file only with --force.
An annual form asks for all four quarters of quarterly counts: figures already sent
with the 6-month report may be repeated, and are recorded once. A form asks only for
the periods the unit existed in (a commune formed on 1 July owes quarters III and
IV); with --all, a unit that ended before the round's due date gets no form.")]
pub struct TemplateArgs {
    /// The unit whose form to write
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    unit: Option<String>,
    /// One form for every unit (needs -o: a folder for CSV, a file for xlsx)
    #[arg(long, requires = "output")]
    all: bool,
    /// The round: 2025-H1 (6-month report) or 2025 (annual report); several, separated
    /// by commas, for a workbook with a form for each
    #[arg(long, value_name = "PERIOD", value_delimiter = ',', required = true)]
    period: Vec<String>,
    /// csv (one form) or xlsx (a workbook, one sheet per form)
    #[arg(long, value_enum, default_value_t = FormFormat::Csv)]
    format: FormFormat,
    /// Write to this file (with --all and CSV: this folder) instead of standard output
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace files that already exist (never the plan or the data file)
    #[arg(long, requires = "output")]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormFormat {
    Csv,
    Xlsx,
}

pub fn run(ctx: &Context, args: TemplateArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let rounds = args
        .period
        .iter()
        .map(|p| super::round_named(&plan, p, lang))
        .collect::<anyhow::Result<Vec<Round>>>()?;
    let units: Vec<&Unit> = if args.all {
        plan.units.iter().collect()
    } else {
        let id = args.unit.expect("clap requires --unit without --all");
        let when = super::shared::When::Day(ctx.as_of);
        vec![&plan.units[super::shared::resolve_unit(&plan, &id, when, lang)? as usize]]
    };
    let forms: Vec<Form> = units
        .iter()
        .flat_map(|unit| rounds.iter().map(move |r| (unit, r)))
        .filter(|&(unit, r)| !args.all || owes_the_round(&plan, unit, r))
        .map(|(unit, r)| unit_form(&plan, unit, r, lang))
        .collect();
    match args.format {
        FormFormat::Xlsx => {
            let years = (plan.meta.start_year, plan.meta.end_year + 1);
            let bytes = form::workbook(&forms, years, lang)?;
            write_out(ctx, args.output.as_deref(), &bytes, true, args.force)?;
        }
        FormFormat::Csv if args.all => {
            let folder = args.output.expect("clap requires -o with --all");
            write_folder(ctx, &folder, &forms, args.force)?;
        }
        FormFormat::Csv => {
            let [form] = &forms[..] else {
                bail!(tr!(
                    lang,
                    "a CSV form holds one round; for several rounds in one file use --format xlsx",
                    "một biểu mẫu CSV chỉ chứa một kỳ; muốn nhiều kỳ trong một tệp hãy dùng --format xlsx"
                ));
            };
            let bytes = form::csv(form, lang)?;
            write_out(ctx, args.output.as_deref(), &bytes, false, args.force)?;
        }
    }
    Ok(EXIT_OK)
}

/// Writes a form to a file (never over the plan or the data file, over another
/// file only with `force`), or to standard output (a workbook not to a terminal).
fn write_out(
    ctx: &Context,
    path: Option<&Path>,
    bytes: &[u8],
    binary: bool,
    force: bool,
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    match path {
        Some(path) => {
            super::output::write_file(ctx, path, bytes, force)?;
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "the form is written to {}: send it to the unit to fill in",
                    "đã ghi biểu mẫu vào {}: gửi cho đơn vị điền",
                    path.display()
                )
            );
            Ok(())
        }
        None if binary && std::io::stdout().is_terminal() => bail!(tr!(
            lang,
            "a workbook cannot be shown on the terminal; save it with -o FILE.xlsx",
            "không thể hiện tệp bảng tính trên màn hình; hãy lưu bằng -o TỆP.xlsx"
        )),
        None => Ok(std::io::stdout().lock().write_all(bytes)?),
    }
}

/// Every form as its own CSV file, `{period}_{unit}.csv`, in a folder. Every
/// target is checked before any is written: a refusal leaves nothing half done.
fn write_folder(ctx: &Context, folder: &Path, forms: &[Form], force: bool) -> anyhow::Result<()> {
    let lang = ctx.lang;
    super::output::create_folder(ctx, folder)?;
    let paths: Vec<PathBuf> = forms
        .iter()
        .map(|form| folder.join(format!("{}_{}.csv", form.period, form.unit)))
        .collect();
    for path in &paths {
        super::output::check_target(ctx, path, force)?;
    }
    for (form, path) in forms.iter().zip(&paths) {
        super::output::write_file(ctx, path, &form::csv(form, lang)?, force)?;
    }
    let n = forms.len();
    eprintln!(
        "{}",
        tr!(
            lang,
            "{n} forms written to {}",
            "đã ghi {n} biểu mẫu vào {}",
            folder.display()
        )
    );
    Ok(())
}

fn what_to_enter(indicator: &Indicator, lang: Lang) -> String {
    match indicator.measure {
        Measure::Ratio { .. } => {
            let parts = indicator
                .ratio_parts(lang)
                .unwrap_or_else(|| tr!(lang, "numerator and denominator", "tử số và mẫu số"));
            match indicator.no_cases {
                true => tr!(
                    lang,
                    "{parts}; no cases: 0 and 0",
                    "{parts}; không có trường hợp nào: ghi 0 và 0"
                ),
                false => parts,
            }
        }
        Measure::Value => tr!(
            lang,
            "value, in {}",
            "giá trị, tính bằng {}",
            indicator.unit_of_measure.get(lang)
        ),
        Measure::YesNo => tr!(lang, "value: yes or no", "giá trị: có hoặc không"),
        Measure::Share { .. } => match &indicator.count {
            Some(c) => tr!(lang, "value: {}", "giá trị: {}", c.get(lang)),
            None => tr!(
                lang,
                "value: the count for the quarter",
                "giá trị: số lượng trong quý"
            ),
        },
    }
}

/// What a form's row is measured in, as people write it: what a unit counts for
/// a share ("tin, bài"), "tỷ lệ (%)" for a percentage, else the plan's unit.
fn unit_of_measure(indicator: &Indicator, lang: Lang) -> String {
    match (&indicator.measure, &indicator.count_unit) {
        (Measure::Share { .. }, Some(unit)) => unit.get(lang).to_string(),
        (Measure::Share { .. }, None) => lang.pick("count", "số lượng").to_string(),
        _ => crate::words::unit_of_measure_label(indicator, lang),
    }
}

/// The target a form's row shows: a share's row asks a count for the quarter, so
/// its target is the count a quarter must reach ("≥ 4 tin, bài mỗi quý"), not the
/// district's share (= 100%); other rows the indicator's target.
fn form_target(indicator: &Indicator, lang: Lang) -> String {
    match indicator.measure {
        Measure::Share { threshold, .. } => {
            let n = crate::words::number_text(threshold, crate::words::Precision::AsSent, lang);
            let counted = match &indicator.count_unit {
                Some(unit) => format!("{n} {}", unit.get(lang)),
                None => n,
            };
            tr!(lang, "≥ {counted} a quarter", "≥ {counted} mỗi quý")
        }
        _ => target_text(indicator, lang),
    }
}

/// The groups a form asks for, one row each: the indicator's groups by name, or
/// one row for the whole.
fn group_names(plan: &Plan, indicator: &Indicator, lang: Lang) -> Vec<String> {
    match indicator.disaggregation {
        Some(d) => plan.dimensions[d as usize]
            .groups
            .iter()
            .map(|g| g.name.get(lang).to_string())
            .collect(),
        None => vec![String::new()],
    }
}

/// The line under a workbook form's title: the ad hoc report's name if it is
/// one, where the report goes (the People's Committee, through the coordinating
/// office: `words::send_to`) and by when.
fn send_line(plan: &Plan, round: &Round, lang: Lang) -> String {
    let to = crate::words::send_to(plan, round, lang);
    let due = crate::words::date_text(round.due, lang);
    let line = match round.due_day_late {
        false => tr!(lang, "Send to {to} by {due}", "Gửi {to}, hạn {due}"),
        true => tr!(
            lang,
            "Send to {to} before {due}",
            "Gửi {to} trước ngày {due}"
        ),
    };
    match plan.ad_hoc_of(round) {
        Some(a) => format!("{}: {line}", a.name.get(lang)),
        None => line,
    }
}

/// Whether a unit owes the round: the round asks it and it exists on the due
/// date (`reporting::owes`, as `overdue` asks).
fn owes_the_round(plan: &Plan, unit: &Unit, round: &Round) -> bool {
    let index = plan.units.iter().position(|u| u.id == unit.id).unwrap_or(0) as u16;
    crate::domain::reporting::owes(plan, index, round)
}

/// What a unit's form for a round holds: one row per figure it owes (quarterly
/// counts once per quarter, an indicator asked for by group once per group), or
/// one narrative row when it owes no figure.
fn unit_form(plan: &Plan, unit: &Unit, round: &Round, lang: Lang) -> Form {
    let period = round.period;
    let mut rows = Vec::new();
    // What the unit owes is what it has in the round (duties in time), of what
    // the round asks for (an ad hoc report asks for some indicators).
    let index = plan.units.iter().position(|u| u.id == unit.id).unwrap_or(0) as u16;
    let duties = Duties::of_round(plan, round);
    let owed: Vec<(u16, &Indicator)> = duties
        .contributions(index)
        .filter(|&i| plan.asks_for(round, i))
        .map(|i| (i, &plan.indicators[i as usize]))
        .collect();
    for (i, indicator) in owed {
        let (periods, input) = match indicator.measure {
            Measure::Share { .. } => (period.quarters(), Input::Count),
            Measure::Ratio { .. } => (vec![period], Input::Ratio),
            Measure::YesNo => (vec![period], Input::YesNo),
            Measure::Value => (
                vec![period],
                Input::Value {
                    percent: indicator.unit_of_measure.en.trim() == "%",
                },
            ),
        };
        // Only what the unit owes: the periods it existed in.
        for p in periods
            .into_iter()
            .filter(|&p| duties.owes(plan, i, index, p))
        {
            for group in group_names(plan, indicator, lang) {
                rows.push(FormRow {
                    unit: unit.id.clone(),
                    period: p.to_string(),
                    indicator: indicator.id.clone(),
                    name: indicator.name.get(lang).to_string(),
                    group,
                    unit_of_measure: unit_of_measure(indicator, lang),
                    target: form_target(indicator, lang),
                    what_to_enter: what_to_enter(indicator, lang),
                    input,
                });
            }
        }
    }
    if rows.is_empty() {
        rows.push(FormRow {
            unit: unit.id.clone(),
            period: period.to_string(),
            indicator: String::new(),
            name: lang
                .pick("narrative report", "báo cáo bằng văn bản")
                .to_string(),
            group: String::new(),
            unit_of_measure: String::new(),
            target: String::new(),
            what_to_enter: lang
                .pick(
                    "write the report, or where to find it, in the note column",
                    "ghi nội dung báo cáo, hoặc nơi lưu báo cáo, vào cột ghi chú",
                )
                .to_string(),
            input: Input::Narrative,
        });
    }
    Form {
        unit: unit.id.clone(),
        unit_name: crate::words::unit_with_lifetime(unit, lang),
        period: period.to_string(),
        send_to: send_line(plan, round, lang),
        target_year: plan.meta.target_year,
        grouped: plan
            .contributions(&unit.id)
            .any(|i| i.disaggregation.is_some()),
        rows,
    }
}

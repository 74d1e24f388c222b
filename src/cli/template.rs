//! `gender-plan template`: the CSV form a unit fills for a round.

use super::{Context, EXIT_OK};
use crate::domain::measure::Measure;
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::plan::{Indicator, Plan, Unit, target_text};
use crate::text::formula_safe;
use crate::tr;
use anyhow::Context as _;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Tạo mẫu báo cáo CSV để một đơn vị điền cho một kỳ báo cáo",
        ),
        ("unit", "Đơn vị cần tạo mẫu"),
        ("all", "Tạo mẫu cho mọi đơn vị (cần -o THƯ_MỤC)"),
        (
            "period",
            "Kỳ báo cáo: 2025-H1 (báo cáo 6 tháng) hoặc 2025 (báo cáo năm)",
        ),
        (
            "output",
            "Ghi vào tệp này (với --all: thư mục này) thay vì ra màn hình",
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

Mẫu ở dạng UTF-8 có BOM để Excel hiển thị đúng chữ tiếng Việt. Đơn vị điền vào các ô
trống và gửi lại; tệp nhập được ngay, không cần sửa. -o không bao giờ ghi đè tệp kế
hoạch hay tệp dữ liệu, và chỉ ghi đè tệp khác đã có khi có --force. Mẫu báo cáo năm
hỏi cả bốn quý của các số liệu theo quý: số liệu đã gửi trong báo cáo 6 tháng có thể
ghi lại, và chỉ được tính một lần. Với --lang vi các cột cách nhau bằng dấu ';' như
Excel trên Windows tiếng Việt; nếu không, bằng dấu ','.",
    ),
};

/// Write the CSV form a unit fills in for a reporting round
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan template --unit ban-bo --period 2025-H1                 the form, on screen
  gender-plan template --unit ban-bo --period 2025-H1 -o ban-bo.csv   saved to a file
  gender-plan template --all --period 2025 -o forms/ --lang vi        every unit's form

The form is UTF-8 with a byte-order mark, so that Excel shows Vietnamese letters.
Units fill the empty cells and send it back; it ingests without further edits.
-o never replaces the plan or the data file, and replaces another existing file
only with --force. An annual form asks for all four quarters of quarterly counts:
figures already sent with the 6-month report may be repeated, and are recorded once.
With --lang vi the columns are separated by ';', as Excel on Vietnamese Windows
expects; otherwise by ','.")]
pub struct TemplateArgs {
    /// The unit whose form to write
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    unit: Option<String>,
    /// One form for every unit (needs -o FOLDER)
    #[arg(long, requires = "output")]
    all: bool,
    /// The round: 2025-H1 (6-month report) or 2025 (annual report)
    #[arg(long, value_name = "PERIOD")]
    period: String,
    /// Write to this file (with --all: this folder) instead of standard output
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace files that already exist (never the plan or the data file)
    #[arg(long, requires = "output")]
    force: bool,
}

pub fn run(ctx: &Context, args: TemplateArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let period = super::round_named(&plan, &args.period, lang)?.period;
    if args.all {
        let folder = args.output.expect("clap requires -o with --all");
        std::fs::create_dir_all(&folder).with_context(|| {
            tr!(
                lang,
                "cannot create the folder {}",
                "không tạo được thư mục {}",
                folder.display()
            )
        })?;
        // Every form is checked before any is written: a refusal leaves nothing
        // half done.
        let paths: Vec<PathBuf> = plan
            .units
            .iter()
            .map(|unit| folder.join(format!("{period}_{}.csv", unit.id)))
            .collect();
        for path in &paths {
            super::output::check_target(ctx, path, args.force)?;
        }
        for (unit, path) in plan.units.iter().zip(&paths) {
            super::output::write_file(ctx, path, &form(&plan, unit, period, lang)?, args.force)?;
        }
        let n = plan.units.len();
        eprintln!(
            "{}",
            tr!(
                lang,
                "{n} forms written to {}",
                "đã ghi {n} biểu mẫu vào {}",
                folder.display()
            )
        );
        return Ok(EXIT_OK);
    }
    let id = args.unit.expect("clap requires --unit without --all");
    let unit = &plan.units[super::shared::resolve_unit(&plan, &id, lang)? as usize];
    let bytes = form(&plan, unit, period, lang)?;
    match args.output {
        Some(path) => super::output::write_file(ctx, &path, &bytes, args.force)?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(EXIT_OK)
}

/// The headers, in the order of the form's columns; with a group column after the
/// indicator's name when the unit reports an indicator by group (by sex).
fn headers(plan: &Plan, lang: Lang, grouped: bool) -> Vec<String> {
    let year = plan.meta.target_year;
    let mut headers = vec![
        lang.pick("unit", "đơn vị").into(),
        lang.pick("period", "kỳ").into(),
        lang.pick("indicator", "chỉ tiêu").into(),
        lang.pick("indicator name", "tên chỉ tiêu").into(),
        lang.pick("unit of measure", "đơn vị tính").into(),
        tr!(lang, "target {year}", "mục tiêu {year}"),
        lang.pick("what to enter", "hướng dẫn").into(),
        lang.pick("numerator", "tử số").into(),
        lang.pick("denominator", "mẫu số").into(),
        lang.pick("value", "giá trị").into(),
        lang.pick("submitted", "ngày gửi").into(),
        lang.pick("note", "ghi chú").into(),
    ];
    if grouped {
        headers.insert(GROUP_COLUMN, lang.pick("group", "nhóm").into());
    }
    headers
}

/// Where the group column goes: after the indicator's name.
const GROUP_COLUMN: usize = 4;

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

fn what_to_enter(indicator: &Indicator, lang: Lang) -> String {
    match indicator.measure {
        Measure::Ratio { .. } => {
            let parts = indicator
                .ratio_parts(lang)
                .unwrap_or_else(|| tr!(lang, "numerator and denominator", "tử số và mẫu số"));
            tr!(
                lang,
                "{parts}; no cases: 0 and 0",
                "{parts}; không có trường hợp nào: ghi 0 và 0"
            )
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

/// The form's bytes: UTF-8 with BOM, one row per figure the unit owes for the round.
fn form(plan: &Plan, unit: &Unit, period: Period, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let delimiter = match lang {
            Lang::Vi => b';',
            Lang::En => b',',
        };
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut bytes);
        let grouped = plan
            .contributions(&unit.id)
            .any(|i| i.disaggregation.is_some());
        writer.write_record(headers(plan, lang, grouped))?;
        let mut rows = 0;
        for indicator in plan.contributions(&unit.id) {
            let periods = match indicator.measure {
                Measure::Share { .. } => period.quarters(),
                _ => vec![period],
            };
            for p in periods {
                for group in group_names(plan, indicator, lang) {
                    rows += 1;
                    let mut row: Vec<String> = vec![
                        unit.id.clone(),
                        p.to_string(),
                        indicator.id.clone(),
                        indicator.name.get(lang).into(),
                        indicator.unit_of_measure.get(lang).into(),
                        target_text(indicator, lang),
                        what_to_enter(indicator, lang),
                    ];
                    row.extend(std::iter::repeat_n(String::new(), 5));
                    if grouped {
                        row.insert(GROUP_COLUMN, group);
                    }
                    writer.write_record(row.iter().map(|cell| formula_safe(cell).into_owned()))?;
                }
            }
        }
        if rows == 0 {
            writer.write_record([
                formula_safe(&unit.id).as_ref(),
                &period.to_string(),
                "",
                lang.pick("narrative report", "báo cáo bằng lời"),
                "",
                "",
                lang.pick(
                    "write the report, or where to find it, in the note column",
                    "ghi nội dung báo cáo, hoặc nơi lưu báo cáo, vào cột ghi chú",
                ),
                "",
                "",
                "",
                "",
                "",
            ])?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

//! `gender-plan notes`: what the units wrote for a round, unit by unit: their
//! narrative reports and the notes beside their figures, for the office to compile.

use super::shared::{date_text, figure_text, resolve_unit};
use super::{Context, EXIT_OK};
use crate::document::notes::{RoundNotes, round_notes};
use crate::domain::reporting::latest_round_with_data;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::render::{Format, Report, Table};
use crate::tr;
use crate::words::unit_with_lifetime;
use clap::Args;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        ("", "Liệt kê báo cáo bằng văn bản và ghi chú các đơn vị gửi trong một kỳ"),
        ("period", "Kỳ báo cáo: 2025-H1 (6 tháng đầu năm 2025) hoặc 2025 (năm 2025), viết dạng nào cũng được [mặc định: kỳ gần nhất có số liệu]"),
        ("unit", "Chỉ đơn vị này (mã, tên hoặc tên khác)"),
        ("format", super::help::FORMAT_VI),
    ],
    after_help: Some("\
Ví dụ:
  gender-plan notes --period 2025-H1                   báo cáo bằng văn bản và ghi chú của mọi đơn vị
  gender-plan notes --period 2025 --unit tuphap        của một đơn vị
  gender-plan notes --period 2025 --format markdown > ghichu.md   để đưa vào báo cáo

Hiển thị theo từng đơn vị: báo cáo bằng văn bản (dòng không có chỉ tiêu, nội dung ở cột
ghi chú) và ghi chú bên cạnh số liệu, tính đến ngày tính: nội dung sửa đổi thay cho
nội dung cũ, nội dung đã rút lại không hiển thị."),
};

/// List the narrative reports and notes the units sent for a round
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan notes --period 2025-H1                   every unit's narrative report and notes
  gender-plan notes --period 2025 --unit tuphap        one unit's
  gender-plan notes --period 2025 --format markdown > notes.md   to paste into the report

Shows, unit by unit, the narrative report (a row without an indicator, its text
in the note column) and the notes written beside figures, as they stand on the
as-of date: corrected texts replace earlier ones, withdrawn ones are left out.")]
pub struct NotesArgs {
    /// The round: 2025-H1 or 2025 [default: the latest round with any data]
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Only this unit (id, name or alias)
    #[arg(long, value_name = "UNIT")]
    unit: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(ctx: &Context, args: NotesArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let store = ctx.load_store(&plan)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let round = match &args.period {
        Some(text) => super::round_named(&plan, text, lang)?,
        None => match latest_round_with_data(&plan, &ledger) {
            Some(round) => round,
            None => anyhow::bail!(tr!(
                lang,
                "no figures are recorded in {} yet; record submissions with `gender-plan ingest FILE…`",
                "chưa có số liệu nào trong {}; hãy nhập báo cáo bằng `gender-plan ingest TỆP…`",
                ctx.data_path.display()
            )),
        },
    };
    let unit = args
        .unit
        .as_deref()
        .map(|u| resolve_unit(&plan, u, super::shared::When::Day(ctx.as_of), lang))
        .transpose()?;
    let notes = round_notes(&plan, &store, &ledger, &round, unit, lang);
    ctx.print(&report(&plan, &notes, lang), args.format)?;
    Ok(EXIT_OK)
}

fn report(plan: &Plan, notes: &RoundNotes, lang: Lang) -> Report {
    let mut rows = Vec::new();
    for unit in &notes.units {
        let name = plan
            .unit(&unit.unit)
            .map_or_else(|| unit.unit.clone(), |u| unit_with_lifetime(u, lang));
        for note in &unit.notes {
            let what = match (&note.indicator, note.figure) {
                (None, _) => lang
                    .pick("narrative report", "báo cáo bằng văn bản")
                    .to_string(),
                (Some(id), Some(figure)) => format!("{id}: {}", figure_text(figure, lang)),
                (Some(id), None) => id.clone(),
            };
            rows.push(vec![
                name.clone().into(),
                crate::words::period_label(&note.period, lang).into(),
                what.into(),
                note.text.clone().into(),
                date_text(note.submitted, lang).into(),
                note.source_file.clone().into(),
            ]);
        }
    }
    let period = crate::words::period_label(&notes.period, lang);
    let n = notes.units.len();
    Report {
        tables: vec![Table {
            title: Some(tr!(
                lang,
                "What the units wrote, {period}",
                "Nội dung các đơn vị báo cáo, {period}"
            )),
            group: None,
            headers: [
                lang.pick("unit", "đơn vị"),
                lang.pick("period", "kỳ"),
                lang.pick("about", "nội dung"),
                lang.pick("text", "văn bản"),
                lang.pick("submitted", "ngày gửi"),
                lang.pick("source file", "tệp nguồn"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            notes: vec![],
        }],
        group_header: None,
        summary: vec![tr!(
            lang,
            "{n} unit(s) wrote something for {period}",
            "{n} đơn vị có nội dung báo cáo {period}"
        )],
        json: serde_json::to_value(notes).unwrap_or_default(),
    }
}

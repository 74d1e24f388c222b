//! `gender-plan export`: the figures in force as of the as-of day, for the
//! systems above: DHIS2 dataValueSets (JSON or CSV) and IHE ADX (XML), named by
//! the codes of `[exchange.dhis2]`, or by our own ids.

use super::shared::resolve_period;
use super::{Context, EXIT_OK};
use crate::exchange::{self, Export, Missing};
use crate::i18n::Lang;
use crate::render;
use crate::tr;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Xuất số liệu hiện hành cho hệ thống cấp trên: DHIS2 (`dataValueSets` JSON hoặc CSV) và `ADX` (XML)",
        ),
        (
            "format",
            "Định dạng: `dhis2-json` (`dataValueSets` JSON của DHIS2), `dhis2-csv` (tệp CSV nhập vào DHIS2), `adx` (thông điệp XML theo hồ sơ IHE `ADX`)",
        ),
        (
            "period",
            "Chỉ kỳ này (2025 hoặc năm 2025, 2025-H1 hoặc 6 tháng đầu năm 2025, 2025-Q3 hoặc quý III/2025), gồm cả các quý trong kỳ [mặc định: mọi kỳ]",
        ),
        ("output", "Ghi ra tệp này thay vì ra màn hình"),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu)",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan export --format dhis2-json --period 2025-H1 -o 2025-H1.json
  gender-plan export --format dhis2-csv -o tat-ca.csv
  gender-plan export --format adx --period 2025 -o 2025.xml

Mỗi số liệu hiện hành được tính vào giá trị của kế hoạch là một giá trị; tử số và
mẫu số của một tỷ lệ là hai phần tử dữ liệu. Mã lấy từ mục `[exchange.dhis2]` của
plan.toml; khi không có mục đó, mã của kế hoạch được dùng làm mã (`idScheme CODE`).",
    ),
};

/// Export the figures in force for DHIS2 (dataValueSets JSON or CSV) or ADX
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan export --format dhis2-json --period 2025-H1 -o 2025-H1.json
  gender-plan export --format dhis2-csv -o all.csv
  gender-plan export --format adx --period 2025 -o 2025.xml

One value per current figure that counts in the plan's values; a ratio's
numerator and denominator are two data elements. Codes come from plan.toml's
[exchange.dhis2]; without it, the plan's ids are the codes (idScheme CODE).")]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Only this period (2025, 2025-H1, 2025-Q3), with its quarters [default: every period]
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace a file that already exists (never the plan or the data file)
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// DHIS2 dataValueSets as JSON.
    Dhis2Json,
    /// DHIS2 dataValueSets as CSV, in DHIS2's column order.
    Dhis2Csv,
    /// An IHE ADX message (XML).
    Adx,
}

pub fn run(ctx: &Context, args: ExportArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let period = args
        .period
        .as_deref()
        .map(|p| resolve_period(&plan, p, lang))
        .transpose()?;
    let store = ctx.load_store(&plan)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let export = exchange::build(&plan, &store, &ledger, period)
        .map_err(|missing| unmapped(&ctx.plan_path, &missing, lang))?;
    if export.own_ids {
        eprintln!("{}", own_ids_note(lang));
    }
    let bytes = rendered(&export, args.format)?;
    super::output::write_document(ctx, args.output.as_deref(), &bytes, false, args.force)?;
    Ok(EXIT_OK)
}

fn rendered(export: &Export, format: ExportFormat) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        ExportFormat::Dhis2Json => render::dhis2::write_json(export)?,
        ExportFormat::Dhis2Csv => {
            let mut bytes = Vec::new();
            render::dhis2::write_csv(export, &mut bytes)?;
            bytes
        }
        ExportFormat::Adx => render::adx::write(export)?,
    })
}

/// The note that the codes are the plan's own ids.
fn own_ids_note(lang: Lang) -> String {
    tr!(
        lang,
        "note: plan.toml has no [exchange.dhis2], so the plan's own ids are the codes (idScheme CODE); give the codes the receiving system knows in [exchange.dhis2]",
        "lưu ý: plan.toml không có mục `[exchange.dhis2]`, nên mã của kế hoạch được dùng làm mã (`idScheme CODE`); hãy ghi các mã mà hệ thống nhận số liệu dùng trong mục `[exchange.dhis2]`"
    )
}

/// The refusal when `[exchange.dhis2]` leaves ids without a code: each one, and
/// where to add it.
fn unmapped(plan_path: &std::path::Path, missing: &[Missing], lang: Lang) -> anyhow::Error {
    let file = plan_path.display().to_string();
    let problems = missing
        .iter()
        .map(|gap| {
            let (message, hint) = missing_words(gap, lang);
            crate::diagnostic::Diagnostic::new(&file, message).hint(hint)
        })
        .collect();
    crate::diagnostic::Rejected(problems).into()
}

fn missing_words(gap: &Missing, lang: Lang) -> (String, String) {
    match gap {
        Missing::Indicator(id) => (
            tr!(
                lang,
                "[exchange.dhis2] gives indicator {id} no data element code, and it has figures to export",
                "mục `[exchange.dhis2]` không có mã phần tử dữ liệu của chỉ tiêu {id}, mà chỉ tiêu này có số liệu cần xuất"
            ),
            tr!(
                lang,
                "add [[exchange.dhis2.indicators]] with id = \"{id}\" and its `value` (or `numerator` and `denominator`)",
                "thêm mục `[[exchange.dhis2.indicators]]` với id = \"{id}\" và `value` (hoặc `numerator` và `denominator`)"
            ),
        ),
        Missing::Unit(id) => (
            tr!(
                lang,
                "[exchange.dhis2] gives unit {id} no organisation unit code, and it has figures to export",
                "mục `[exchange.dhis2]` không có mã đơn vị tổ chức của đơn vị {id}, mà đơn vị này có số liệu cần xuất"
            ),
            tr!(
                lang,
                "add [[exchange.dhis2.units]] with id = \"{id}\" and `org_unit`",
                "thêm mục `[[exchange.dhis2.units]]` với id = \"{id}\" và `org_unit`"
            ),
        ),
        Missing::Group { dimension, group } => (
            tr!(
                lang,
                "[exchange.dhis2] gives group {group} of {dimension} no category option combination, and it has figures to export",
                "mục `[exchange.dhis2]` không có mã tổ hợp phân tổ của nhóm {group} ({dimension}), mà nhóm này có số liệu cần xuất"
            ),
            tr!(
                lang,
                "add [[exchange.dhis2.groups]] with dimension = \"{dimension}\", group = \"{group}\" and `category_option_combo`",
                "thêm mục `[[exchange.dhis2.groups]]` với dimension = \"{dimension}\", group = \"{group}\" và `category_option_combo`"
            ),
        ),
    }
}

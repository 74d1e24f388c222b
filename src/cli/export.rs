//! `gender-plan export`: the figures in force as of the as-of day, for the
//! systems above: DHIS2 dataValueSets (JSON or CSV) and IHE ADX (XML), named by
//! the codes of `[exchange.dhis2]`, or by our own ids.

use super::shared::resolve_period;
use super::{Context, EXIT_OK};
use crate::exchange::opensdg::Series;
use crate::exchange::{self, Export, Missing};
use crate::i18n::Lang;
use crate::render;
use crate::tr;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Xuất số liệu hiện hành cho hệ thống cấp trên: DHIS2 (`dataValueSets` JSON hoặc CSV), `ADX` (XML) và chuỗi số liệu các chỉ tiêu cho `Open SDG`",
        ),
        (
            "format",
            "Định dạng: `dhis2-json` (`dataValueSets` JSON của DHIS2), `dhis2-csv` (tệp CSV nhập vào DHIS2), `adx` (thông điệp XML theo hồ sơ IHE `ADX`), `opensdg` (mỗi chỉ tiêu một tệp CSV và một tệp siêu dữ liệu `YAML` của `Open SDG`, ghi vào thư mục của -o)",
        ),
        (
            "period",
            "Chỉ kỳ này (2025 hoặc năm 2025, 2025-H1 hoặc 6 tháng đầu năm 2025, 2025-Q3 hoặc quý III/2025), gồm cả các quý trong kỳ [mặc định: mọi kỳ]",
        ),
        (
            "output",
            "Ghi ra tệp này thay vì ra màn hình (với `opensdg`: vào thư mục này, bắt buộc)",
        ),
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
  gender-plan export --format opensdg -o open-sdg

Mỗi số liệu hiện hành được tính vào giá trị của kế hoạch là một giá trị; tử số và
mẫu số của một tỷ lệ là hai phần tử dữ liệu. Mã lấy từ mục `[exchange.dhis2]` của
plan.toml; khi không có mục đó, mã của kế hoạch được dùng làm mã (`idScheme CODE`).

Với `opensdg`, mỗi chỉ tiêu có giá trị của huyện theo từng năm (dòng chính, các cột
phân tổ để trống), giá trị theo giới tính và giá trị riêng của từng đơn vị; số liệu
6 tháng không được xuất, vì cột `Year` của `Open SDG` chỉ nhận năm.",
    ),
};

/// Export the figures in force for DHIS2 (dataValueSets JSON or CSV) or ADX, or the indicators' series for Open SDG
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan export --format dhis2-json --period 2025-H1 -o 2025-H1.json
  gender-plan export --format dhis2-csv -o all.csv
  gender-plan export --format adx --period 2025 -o 2025.xml
  gender-plan export --format opensdg -o open-sdg

One value per current figure that counts in the plan's values; a ratio's
numerator and denominator are two data elements. Codes come from plan.toml's
[exchange.dhis2]; without it, the plan's ids are the codes (idScheme CODE).

With opensdg, each indicator's district value for each year (the headline row,
disaggregation columns blank), its value by sex and each unit's own value;
6-month values are left out, as Open SDG's Year column holds years only.")]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Only this period (2025, 2025-H1, 2025-Q3), with its quarters [default: every period]
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Write to this file instead of standard output (for opensdg: into this folder, required)
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
    /// Open SDG: a CSV and a YAML metadata file per indicator, into the folder of -o.
    Opensdg,
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
    if args.format == ExportFormat::Opensdg {
        let folder = opensdg_folder(&args, lang)?;
        let series = exchange::opensdg::build(&plan, lang, &|key| ledger.figure(key));
        return write_opensdg(ctx, &series, folder, args.force);
    }
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
        ExportFormat::Opensdg => unreachable!("Open SDG is written as a folder"),
    })
}

/// The folder of `-o`, which Open SDG's files need; every year is written, so
/// `--period` does not apply.
fn opensdg_folder(args: &ExportArgs, lang: Lang) -> anyhow::Result<&Path> {
    if args.period.is_some() {
        anyhow::bail!(tr!(
            lang,
            "--format opensdg writes every year of each indicator's series; leave out --period",
            "`--format opensdg` ghi mọi năm của chuỗi số liệu từng chỉ tiêu; hãy bỏ `--period`"
        ));
    }
    args.output.as_deref().ok_or_else(|| {
        anyhow::anyhow!(tr!(
            lang,
            "--format opensdg writes a folder of files (one CSV and one YAML file per indicator); give it with -o FOLDER",
            "`--format opensdg` ghi một thư mục gồm nhiều tệp (mỗi chỉ tiêu một tệp CSV và một tệp `YAML`); hãy chỉ thư mục bằng -o THƯ-MỤC"
        ))
    })
}

/// Each indicator's data and metadata files into `folder`: every target checked
/// first, so an existing file (without `--force`) stops the export before any
/// file is written.
fn write_opensdg(
    ctx: &Context,
    series: &[Series],
    folder: &Path,
    force: bool,
) -> anyhow::Result<u8> {
    let mut files = Vec::new();
    for one in series {
        files.push((
            render::opensdg::data_file(one),
            render::opensdg::write_csv(one)?,
        ));
        files.push((
            render::opensdg::meta_file(one),
            render::opensdg::write_yaml(one)?,
        ));
    }
    for (name, _) in &files {
        super::output::check_target(ctx, &folder.join(name), force)?;
    }
    for sub in ["data", "meta"] {
        super::output::create_folder(ctx, &folder.join(sub))?;
    }
    for (name, bytes) in &files {
        super::output::write_file(ctx, &folder.join(name), bytes, force)?;
    }
    let n = series.len();
    eprintln!(
        "{}",
        tr!(
            ctx.lang,
            "the Open SDG files of {n} indicator(s) written to {}: data/indicator_ID.csv and meta/ID.yml",
            "đã ghi các tệp `Open SDG` của {n} chỉ tiêu vào {}: `data/indicator_ID.csv` và `meta/ID.yml`",
            crate::text::for_terminal(&folder.display().to_string())
        )
    );
    Ok(EXIT_OK)
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

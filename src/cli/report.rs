//! `gender-plan report`: the district's report on the plan, as a document to print,
//! edit and sign: a round's report or the final review, in HTML, Word or Markdown.

use super::{Context, EXIT_OK};
use crate::document::{self, Scope};
use crate::domain::reporting::latest_round_with_data;
use crate::render;
use crate::tr;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Lập báo cáo của huyện: kết quả, biểu đồ, tình hình báo cáo, nội dung các đơn vị gửi",
        ),
        (
            "period",
            "Một kỳ báo cáo (2025-H1 hoặc 6 tháng đầu năm 2025, 2025 hoặc năm 2025) hoặc cả giai đoạn (2021-2025) [mặc định: kỳ gần nhất có số liệu]",
        ),
        (
            "format",
            "Định dạng: html (trang web có biểu đồ, để in hoặc xem trên trình duyệt), docx (tệp Word để sửa và ký), markdown (để dán vào văn bản khác, không có biểu đồ), json (số liệu của báo cáo, cho chương trình khác)",
        ),
        ("output", "Ghi ra tệp này thay vì ra màn hình"),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu); vẫn lập báo cáo đề ngày sau khi cơ quan ban hành kế hoạch đã chấm dứt hoạt động, có ghi rõ điều đó",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan report --period 2025-H1 -o bao-cao-2025-H1.html --lang vi   báo cáo 6 tháng
  gender-plan report --period 2025 --format docx -o bao-cao-2025.docx     để sửa trong Word
  gender-plan report --period 2021-2025 -o tong-ket.html                  báo cáo tổng kết
  gender-plan report --period 2025 --format markdown                      để dán vào văn bản khác

Báo cáo trình bày theo thể thức văn bản hành chính (Nghị định 30/2020/NĐ-CP): phần
đầu, kết quả theo từng mục tiêu kèm biểu đồ, tình hình báo cáo của các đơn vị, nội dung
các đơn vị gửi, và các phần đánh dấu để cán bộ tự viết; nơi nhận và chữ ký lấy từ mục
[report] trong plan.toml. Mọi số liệu đều là số liệu `status` và `overdue` đưa ra.",
    ),
};

/// Write the district's report: results, charts, reporting, what the units wrote
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan report --period 2025-H1 -o report-2025-H1.html --lang vi   the 6-month report
  gender-plan report --period 2025 --format docx -o report-2025.docx     to edit in Word
  gender-plan report --period 2021-2025 -o final-review.html             the final review
  gender-plan report --period 2025 --format markdown                     to paste elsewhere

The report is laid out as an administrative report (Decree 30/2020/NĐ-CP): the
heading, the results by objective with charts, the units' reporting, what the units
wrote, and marked places for what only people can write; recipients and signature
from [report] in plan.toml. Every figure is the one `status` and `overdue` give.")]
pub struct ReportArgs {
    /// A round (2025-H1, 2025) or the whole plan (2021-2025) [default: the latest round with any data]
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = DocFormat::Html)]
    format: DocFormat,
    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// Replace a file that already exists (never the plan or the data file); write a report dated after the plan's issuer ended, marked so
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    /// One self-contained web page with charts, to print or read in a browser.
    Html,
    /// A Word document (.docx) to edit and sign.
    Docx,
    /// Markdown, to paste elsewhere (charts left out).
    Markdown,
    /// The report's data, for other programs.
    Json,
}

pub fn run(ctx: &Context, args: ReportArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    // Each indicator that carries over from the previous plan has that plan's final
    // figure as its baseline, each unit formed from its units the baselines from
    // theirs; nothing else of the previous plan enters the report.
    let (plan, previous) = super::previous::load_plan(ctx)?;
    // The report is dated on the as-of day: no body signs after it ceased to exist.
    super::shared::issuer_may_sign(&plan, ctx.as_of, args.force, lang)?;
    let store = ctx.load_store(&plan)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let scope = match &args.period {
        Some(text) => Scope::parse(&plan, text, lang)?,
        None => match latest_round_with_data(&plan, &ledger) {
            Some(round) => Scope::Round(round),
            None => anyhow::bail!(tr!(
                lang,
                "no figures are recorded in {} yet; record submissions with `gender-plan ingest FILE…`",
                "chưa có số liệu nào trong {}; hãy nhập báo cáo bằng `gender-plan ingest TỆP…`",
                ctx.data_path.display()
            )),
        },
    };
    let mut document = document::build(&plan, &store, &ledger, scope, lang);
    // The units formed from units of the previous plan, with their baselines.
    if let Some(previous) = &previous {
        let views = previous.baselines(&plan, None, None, lang);
        document.unit_baselines = previous.baseline_rows(&plan, &views, lang);
    }
    let bytes = match args.format {
        DocFormat::Html => render::html::write(&document, lang).into_bytes(),
        DocFormat::Markdown => render::markdown::write(&document, lang).into_bytes(),
        DocFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&document)?;
            json.push(b'\n');
            json
        }
        DocFormat::Docx => render::docx::write(&document, lang)?,
    };
    let docx = args.format == DocFormat::Docx;
    super::output::write_document(ctx, args.output.as_deref(), &bytes, docx, args.force)?;
    Ok(EXIT_OK)
}

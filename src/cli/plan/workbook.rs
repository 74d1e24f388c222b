//! The plan as a workbook, both ways: `plan --format xlsx` writes the plan's
//! workbook, `plan new` a blank one to start from, `plan import` reads one back
//! into plan.toml (every problem at its cell; nothing written if there is one).

use super::super::{Context, EXIT_OK, output};
use crate::diagnostic::Rejected;
use crate::tr;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// `plan new` and `plan import`, Vietnamese help beside the English (`cli::help`).
#[derive(Debug, Subcommand)]
pub enum PlanAction {
    New(NewArgs),
    Import(ImportArgs),
}

pub const NEW_TEXTS_VI: crate::cli::help::Texts = crate::cli::help::Texts {
    help: &[
        (
            "",
            "Tạo bảng tính kế hoạch trống để bắt đầu: tiêu đề tiếng Việt, danh sách chọn, trang hướng dẫn",
        ),
        ("output", "Ghi bảng tính vào tệp này (.xlsx)"),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu)",
        ),
    ],
    after_help: Some("Ví dụ:\n  gender-plan plan new -o kehoach.xlsx"),
};

pub const IMPORT_TEXTS_VI: crate::cli::help::Texts = crate::cli::help::Texts {
    help: &[
        (
            "",
            "Đọc bảng tính kế hoạch và ghi plan.toml; mọi lỗi được chỉ ra theo ô, và không ghi gì nếu có lỗi",
        ),
        ("workbook", "Bảng tính kế hoạch (.xlsx hoặc .ods)"),
        ("output", "Ghi kế hoạch vào tệp này (plan.toml)"),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu)",
        ),
    ],
    after_help: Some("Ví dụ:\n  gender-plan plan import kehoach.xlsx -o plan.toml"),
};

/// Write a blank plan workbook to start from: Vietnamese headers, drop-down lists, instructions
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  gender-plan plan new -o plan.xlsx")]
pub struct NewArgs {
    /// Write the workbook to this file (.xlsx)
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// Replace a file that already exists (never the plan or the data file)
    #[arg(long)]
    force: bool,
}

/// Read a plan workbook and write plan.toml; every problem at its cell, nothing written if there is one
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  gender-plan plan import plan.xlsx -o plan.toml")]
pub struct ImportArgs {
    /// The plan workbook (.xlsx or .ods)
    #[arg(value_name = "FILE")]
    workbook: PathBuf,
    /// Write the plan to this file (plan.toml)
    #[arg(short, long, value_name = "PATH")]
    output: PathBuf,
    /// Replace a file that already exists (never the plan or the data file)
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, action: PlanAction) -> anyhow::Result<u8> {
    match action {
        PlanAction::New(args) => blank(ctx, args),
        PlanAction::Import(args) => import(ctx, args),
    }
}

fn blank(ctx: &Context, args: NewArgs) -> anyhow::Result<u8> {
    let bytes = crate::render::plan_workbook::workbook(None)?;
    output::write_file(ctx, &args.output, &bytes, args.force)?;
    eprintln!(
        "{}",
        tr!(
            ctx.lang,
            "a blank plan workbook is written to {}; fill it in, then `gender-plan plan import {} -o plan.toml`",
            "đã ghi bảng tính kế hoạch trống vào {}; điền xong thì chạy `gender-plan plan import {} -o plan.toml`",
            args.output.display(),
            args.output.display()
        )
    );
    Ok(EXIT_OK)
}

fn import(ctx: &Context, args: ImportArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    output::check_target(ctx, &args.output, args.force)?;
    let file = args.workbook.display().to_string();
    let imported =
        crate::plan::load::workbook::read(&args.workbook, &file, lang).map_err(Rejected)?;
    crate::plan::load::parse_cells(&imported.text, &imported.cells, lang).map_err(Rejected)?;
    output::write_file(ctx, &args.output, imported.text.as_bytes(), args.force)?;
    eprintln!(
        "{}",
        tr!(
            lang,
            "the plan is written to {}; `gender-plan --plan {} check` checks it with its data",
            "đã ghi kế hoạch vào {}; `gender-plan --plan {} check` kiểm tra kế hoạch cùng số liệu",
            args.output.display(),
            args.output.display()
        )
    );
    Ok(EXIT_OK)
}

/// `plan --format xlsx`: the plan's workbook, to a file or to standard output.
pub fn export(ctx: &Context, to: Option<&Path>, force: bool) -> anyhow::Result<u8> {
    let doc = crate::plan::load::document(&ctx.plan_path, ctx.lang)?;
    let bytes = crate::render::plan_workbook::workbook(Some(&doc))?;
    match to {
        Some(path) => output::write_file(ctx, path, &bytes, force)?,
        None => to_stdout(ctx, &bytes)?,
    }
    Ok(EXIT_OK)
}

/// A workbook on standard output, never onto a terminal.
fn to_stdout(ctx: &Context, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::{IsTerminal, Write};
    if std::io::stdout().is_terminal() {
        anyhow::bail!(tr!(
            ctx.lang,
            "a workbook cannot be shown on the terminal; write it to a file: -o plan.xlsx",
            "không thể hiện tệp bảng tính trên màn hình; hãy ghi ra tệp: -o kehoach.xlsx"
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

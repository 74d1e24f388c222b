//! `gender-plan check`: validate the plan (and the data file, once there is one).

use super::{Context, EXIT_OK};
use crate::tr;
use clap::Args;
use std::io::Write;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[(
        "",
        "Kiểm tra plan.toml và tệp dữ liệu, báo mọi lỗi kèm dòng",
    )],
    after_help: Some(
        "\
Ví dụ:
  gender-plan check
  gender-plan check --plan huyen-khac.toml
  gender-plan --lang vi check",
    ),
};

/// Validate plan.toml and the data file, reporting every problem with its line
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan check
  gender-plan check --plan other-district.toml
  gender-plan --lang vi check")]
pub struct CheckArgs {}

pub fn run(ctx: &Context, _args: CheckArgs) -> anyhow::Result<u8> {
    let plan = ctx.load_plan()?;
    let lang = ctx.lang;
    let path = ctx.plan_path.display();
    let (objectives, indicators, units, rounds) = (
        plan.objectives.len(),
        plan.indicators.len(),
        plan.units.len(),
        plan.rounds().len(),
    );
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        tr!(
            lang,
            "{path}: valid: {objectives} objectives, {indicators} indicators, {units} units, {rounds} reporting rounds",
            "{path}: hợp lệ: {objectives} mục tiêu, {indicators} chỉ tiêu, {units} đơn vị, {rounds} kỳ báo cáo"
        )
    )?;
    if ctx.data_path.exists() {
        let store = crate::store::Store::load(&ctx.data_path, &plan, lang)?;
        let data = ctx.data_path.display();
        let revisions = store.revisions.len();
        let current = store.ledger(&plan, ctx.as_of).current_count();
        writeln!(
            out,
            "{}",
            tr!(
                lang,
                "{data}: valid: {revisions} revisions, {current} current figures",
                "{data}: hợp lệ: {revisions} bản ghi, {current} số liệu hiện hành"
            )
        )?;
    }
    Ok(EXIT_OK)
}

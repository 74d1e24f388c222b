//! `gender-plan check`: validate the plan (and the data file, once there is one).

use super::{Context, EXIT_OK};
use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::store::{Orphan, Store};
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
    if !ctx.data_path.exists() {
        return Ok(EXIT_OK);
    }
    let store = crate::store::Store::load(&ctx.data_path, &plan, lang)?;
    let data = ctx.data_path.display().to_string();
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
    if let Some(line) = outside_the_plan(&plan, &store, &data, lang) {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    if store.orphans.is_empty() {
        return Ok(EXIT_OK);
    }
    let mut stderr = std::io::stderr().lock();
    for orphan in &store.orphans {
        writeln!(
            stderr,
            "{}",
            orphan_problem(orphan, &data, lang).render(lang, ctx.stderr_color)
        )?;
    }
    Ok(super::EXIT_PROBLEMS)
}

/// A data-file row for an id the plan does not have, with the fix.
fn orphan_problem(orphan: &Orphan, data: &str, lang: Lang) -> Diagnostic {
    let (message, hint) = if orphan.known_unit {
        let id = crate::text::excerpt(&orphan.indicator);
        (
            tr!(
                lang,
                "indicator \"{id}\" is not in the plan ({}, {}); this revision is left out of every report",
                "chỉ tiêu \"{id}\" không có trong kế hoạch ({}, {}); bản ghi này bị bỏ qua trong mọi báo cáo",
                crate::text::excerpt(&orphan.unit),
                crate::text::excerpt(&orphan.period)
            ),
            tr!(
                lang,
                "if the indicator was renamed, add `former_ids = [\"{id}\"]` to it in the plan; otherwise restore the id",
                "nếu chỉ tiêu đã đổi mã, thêm `former_ids = [\"{id}\"]` cho chỉ tiêu đó trong kế hoạch; nếu không, khôi phục mã"
            ),
        )
    } else {
        let id = crate::text::excerpt(&orphan.unit);
        (
            tr!(
                lang,
                "unit \"{id}\" is not in the plan ({}); this revision is left out of every report",
                "đơn vị \"{id}\" không có trong kế hoạch ({}); bản ghi này bị bỏ qua trong mọi báo cáo",
                crate::text::excerpt(&orphan.period)
            ),
            tr!(
                lang,
                "if the unit was renamed, add `former_ids = [\"{id}\"]` to it in the plan; otherwise restore the id",
                "nếu đơn vị đã đổi mã, thêm `former_ids = [\"{id}\"]` cho đơn vị đó trong kế hoạch; nếu không, khôi phục mã"
            ),
        )
    };
    Diagnostic::new(data, message)
        .at_line(orphan.line as usize)
        .hint(hint)
}

/// How many revisions are for periods outside the plan's years (the figures of an
/// earlier plan, say), if any.
fn outside_the_plan(plan: &Plan, store: &Store, data: &str, lang: Lang) -> Option<String> {
    let (first, last) = (plan.meta.start_year, plan.meta.end_year);
    let n = store
        .revisions
        .iter()
        .filter(|r| !(first..=last).contains(&r.key().period.year()))
        .count();
    (n > 0).then(|| {
        tr!(
            lang,
            "{data}: {n} revision(s) are for periods outside the plan ({first}–{last}); reports of this plan leave them out",
            "{data}: {n} bản ghi thuộc các kỳ ngoài thời gian của kế hoạch ({first}–{last}); các báo cáo của kế hoạch này không tính chúng"
        )
    })
}

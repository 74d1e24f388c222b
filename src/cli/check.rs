//! `gender-plan check`: validate the plan (and the data file, once there is one).

use super::previous::Previous;
use super::{Context, EXIT_OK};
use crate::diagnostic::Diagnostic;
use crate::domain::ledger::Ledger;
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
        crate::words::indicators_text(&plan.indicators, lang),
        plan.units.len(),
        plan.rounds().len(),
    );
    let previous = super::previous::load(ctx, &plan)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        tr!(
            lang,
            "{path}: valid: {objectives} objectives, {indicators}, {units} units, {rounds} reporting rounds",
            "{path}: hợp lệ: {objectives} mục tiêu, {indicators}, {units} đơn vị, {rounds} kỳ báo cáo"
        )
    )?;
    if let Some(previous) = &previous {
        writeln!(out, "{}", carried_over_line(&plan, previous, lang))?;
    }
    if !ctx.data_path.exists() {
        return Ok(EXIT_OK);
    }
    let store = crate::store::Store::load_whole(&ctx.data_path, &plan, lang)?;
    let data = ctx.data_path.display().to_string();
    let revisions = store.revisions.len();
    // One ledger as of the day: the count, the uncounted figures and the warnings.
    let ledger = store.ledger(&plan, ctx.as_of);
    let current = ledger.current_count();
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
    let uncounted = uncounted_figures(ctx, &plan, &store, &ledger);
    if !uncounted.is_empty() {
        let n = uncounted.len();
        writeln!(
            out,
            "{}",
            tr!(
                lang,
                "{data}: {n} current figure(s) count in no value: their units did not owe the period (listed on standard error)",
                "{data}: {n} số liệu hiện hành không được tính vào giá trị nào: đơn vị không phải báo cáo kỳ đó (liệt kê ở đầu ra lỗi)"
            )
        )?;
    }
    let warnings = standing_warnings(ctx, &plan, &store, &ledger);
    if !warnings.is_empty() {
        let n = warnings.len();
        writeln!(
            out,
            "{}",
            tr!(
                lang,
                "{data}: {n} plausibility warning(s) standing (listed on standard error)",
                "{data}: còn {n} cảnh báo số liệu bất thường (liệt kê ở đầu ra lỗi)"
            )
        )?;
    }
    out.flush()?;
    let mut stderr = std::io::stderr().lock();
    for warning in &warnings {
        writeln!(stderr, "{}", warning.render(lang, ctx.stderr_color))?;
    }
    for problem in &uncounted {
        writeln!(stderr, "{}", problem.render(lang, ctx.stderr_color))?;
    }
    let orphans: Vec<&Orphan> = store.orphans.iter().filter(|o| !o.outside(&plan)).collect();
    if orphans.is_empty() {
        return Ok(if uncounted.is_empty() {
            EXIT_OK
        } else {
            super::EXIT_PROBLEMS
        });
    }
    for orphan in orphans {
        writeln!(
            stderr,
            "{}",
            orphan_problem(orphan, &data, lang).render(lang, ctx.stderr_color)
        )?;
    }
    Ok(super::EXIT_PROBLEMS)
}

/// Every plausibility warning that stands in the data file as of the as-of day,
/// placed at the file the figure came in, with when it was recorded.
fn standing_warnings(
    ctx: &Context,
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
) -> Vec<Diagnostic> {
    let lang = ctx.lang;
    crate::ingest::warnings::standing(plan, store, ledger)
        .iter()
        .map(|finding| {
            let index = ledger
                .current_index(&finding.keys[0])
                .expect("a finding is about figures in force");
            let origin = store.origin(index);
            let day = crate::words::day_label(origin.recorded_day(), lang);
            let at = Diagnostic::new(
                tr!(
                    lang,
                    "{} (recorded {day})",
                    "{} (ghi nhận ngày {day})",
                    origin.file
                ),
                "",
            );
            crate::ingest::warnings::diagnostic(plan, finding, at, lang)
        })
        .collect()
}

/// Every current figure, for a period of the plan, that no value counts: its unit
/// did not owe the period, nor hold the duty while it existed in it (the one rule,
/// `domain::duties::counts`, that status and the report follow), placed at the
/// file it came in.
fn uncounted_figures(
    ctx: &Context,
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
) -> Vec<Diagnostic> {
    let years = plan.meta.start_year..=plan.meta.end_year;
    let mut problems = Vec::new();
    for (index, revision) in store.revisions.iter().enumerate() {
        let key = revision.key();
        if ledger.current_index(&key) != Some(index)
            || !years.contains(&key.period.year())
            || ledger.figure(&key).is_none_or(|f| f.is_blank())
            || crate::domain::duties::counts(plan, &key)
        {
            continue;
        }
        problems.push(uncounted_problem(plan, store.origin(index), &key, ctx.lang));
    }
    problems
}

/// A current figure that counts in no value, with why and the fix.
fn uncounted_problem(
    plan: &Plan,
    origin: &crate::store::Origin,
    key: &crate::domain::figure::Key,
    lang: Lang,
) -> Diagnostic {
    let unit = &plan.units[key.unit as usize];
    let indicator = key
        .indicator
        .map_or("", |i| &plan.indicators[i as usize].id);
    let (id, period) = (&unit.id, key.period.to_string());
    let named = crate::words::unit_label(unit, lang);
    let shown = crate::words::period_label(&period, lang);
    let why = match (unit.starts, unit.ends) {
        _ if plan.owes_nothing_for(key.period) => tr!(
            lang,
            "the plan ended on {}, and no round of it brings that period",
            "kế hoạch đã kết thúc ngày {}, không có kỳ báo cáo nào của kế hoạch gồm kỳ đó",
            plan.meta
                .ends
                .map_or(String::new(), |d| crate::words::date_text(d, lang))
        ),
        _ if crate::domain::duties::existed_in(plan, key.unit, key.period) => tr!(
            lang,
            "the plan does not give it indicator {indicator} for that period",
            "kế hoạch không giao cho đơn vị chỉ tiêu {indicator} trong kỳ đó"
        ),
        (_, Some(ends)) if ends < crate::plan::period_bounds(key.period).0 => tr!(
            lang,
            "it ended on {}, before the period",
            "đơn vị đã kết thúc ngày {}, trước kỳ đó",
            crate::words::date_text(ends, lang)
        ),
        (starts, _) => tr!(
            lang,
            "it starts on {}, after the period",
            "đơn vị bắt đầu từ ngày {}, sau kỳ đó",
            starts.map_or(String::new(), |d| crate::words::date_text(d, lang))
        ),
    };
    let day = crate::words::day_label(origin.recorded_day(), lang);
    Diagnostic::new(
        tr!(lang, "{} (recorded {day})", "{} (ghi nhận ngày {day})", origin.file),
        tr!(
            lang,
            "the figure of {named} for {shown}, indicator {indicator}, counts in no value: {why}",
            "số liệu của {named} kỳ {shown}, chỉ tiêu {indicator} không được tính vào giá trị nào: {why}"
        ),
    )
    .hint(tr!(
        lang,
        "if the plan is right, withdraw it: gender-plan withdraw --unit {id} --period {period} --indicator {indicator} --reason \"…\"; otherwise correct the unit's `starts`/`ends`, the indicator's contributors or the plan's `ends` in the plan",
        "nếu kế hoạch đúng, hãy rút lại số liệu: gender-plan withdraw --unit {id} --period {period} --indicator {indicator} --reason \"…\"; nếu không, sửa `starts`/`ends` của đơn vị, đơn vị báo cáo của chỉ tiêu hoặc `ends` của kế hoạch trong kế hoạch"
    ))
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
/// earlier plan, say, whatever ids they name), if any; for figures of years before
/// the plan, where a plan without `[previous]` could see them.
fn outside_the_plan(plan: &Plan, store: &Store, data: &str, lang: Lang) -> Option<String> {
    let (first, last) = (plan.meta.start_year, plan.meta.end_year);
    let years = store
        .revisions
        .iter()
        .map(|r| Some(r.key().period.year()))
        .chain(
            store
                .orphans
                .iter()
                .filter(|o| o.outside(plan))
                .map(|o| crate::domain::period::Period::parse(&o.period).map(|p| p.year())),
        )
        .flatten()
        .filter(|y| !(first..=last).contains(y));
    let (mut n, mut before) = (0, 0);
    for year in years {
        n += 1;
        before += usize::from(year < first);
    }
    if n == 0 {
        return None;
    }
    let line = tr!(
        lang,
        "{data}: {n} revision(s) are for periods outside the plan ({first}–{last}); no report of this plan counts them",
        "{data}: {n} bản ghi thuộc các kỳ ngoài thời gian của kế hoạch ({first}–{last}); không báo cáo nào của kế hoạch này tính chúng"
    );
    if before == 0 || plan.previous.is_some() {
        return Some(line);
    }
    Some(
        line + &tr!(
            lang,
            "; if they are the previous plan's figures, name that plan in [previous] to see them as baselines and trends",
            "; nếu đó là số liệu của kế hoạch trước, hãy ghi kế hoạch đó ở mục `[previous]` để xem chúng như số liệu gốc và diễn biến"
        ),
    )
}

/// Which plan this one follows and how many indicators carry over from it.
fn carried_over_line(plan: &Plan, previous: &Previous, lang: Lang) -> String {
    let path = super::previous::path_shown(&previous.path);
    let mut data = super::previous::path_shown(&previous.data_path);
    if !previous.data_found {
        data.push_str(lang.pick(
            " (missing: baselines unavailable)",
            " (không có: chưa có số liệu gốc)",
        ));
    }
    let years = previous.years();
    let total = plan.indicators.len();
    let carried = previous.earlier.iter().flatten().count();
    let renamed = previous
        .earlier
        .iter()
        .zip(&plan.indicators)
        .filter(|(e, i)| e.as_ref().is_some_and(|e| previous.id_of(e) != i.id))
        .count();
    let new = total - carried;
    tr!(
        lang,
        "{path} ({years}) is the previous plan, its data {data}: {carried} of {total} indicators carry over ({renamed} under a new id), {new} new",
        "{path} ({years}) là kế hoạch trước, dữ liệu {data}: {carried}/{total} chỉ tiêu được nối tiếp ({renamed} với mã mới), {new} chỉ tiêu mới"
    )
}

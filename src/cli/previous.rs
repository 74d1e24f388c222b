//! The plan before this one, named by `[previous]` in plan.toml: its plan file and
//! data file are read here, the links checked (each problem at its line of this
//! plan), and the domain gets plain data: the previous plan, which of its
//! indicators each of ours continues, and their yearly figures there.

use super::Context;
use crate::diagnostic::{Diagnostic, Rejected, nearest};
use crate::document::BaselineRow;
use crate::domain::previous::{
    Earlier, Formation, UnitBaseline, carried_over, earlier_figures, fill_baselines, unit_baselines,
};
use crate::i18n::Lang;
use crate::plan::{Plan, PreviousPlan};
use crate::render::{Styled, Table};
use crate::tr;
use std::path::{Path, PathBuf};

/// The previous plan and its figures, as this plan sees them.
pub struct Previous {
    pub plan: Plan,
    /// The previous plan's file.
    pub path: PathBuf,
    pub data_path: PathBuf,
    /// Whether the data file was there: without it, the previous plan's figures
    /// (and the baselines from them) are unavailable.
    pub data_found: bool,
    /// By this plan's indicator index: the previous plan's figures of the indicator
    /// it continues, if any.
    pub earlier: Vec<Option<Earlier>>,
    /// The baselines of the units of this plan formed from the previous plan's
    /// units (`formed_from`), from those units' figures.
    pub unit_baselines: Vec<UnitBaseline>,
}

impl Previous {
    /// "2021–2025": the previous plan's years.
    pub fn years(&self) -> String {
        format!("{}–{}", self.plan.meta.start_year, self.plan.meta.end_year)
    }

    /// The previous plan's id of an indicator's earlier figures.
    pub fn id_of(&self, earlier: &Earlier) -> &str {
        &self.plan.indicators[earlier.indicator as usize].id
    }
}

/// The plan, and the previous plan it names (if any) with its figures; each
/// indicator without a baseline of its own gets the previous plan's final figure.
pub fn load_plan(ctx: &Context) -> anyhow::Result<(Plan, Option<Previous>)> {
    let mut plan = ctx.load_plan()?;
    let previous = load(ctx, &plan)?;
    if let Some(p) = &previous {
        fill_baselines(&mut plan, &p.plan, &p.earlier);
    }
    Ok((plan, previous))
}

/// Reads what `[previous]` names: None when the plan has no `[previous]`.
pub fn load(ctx: &Context, plan: &Plan) -> anyhow::Result<Option<Previous>> {
    let Some(spec) = &plan.previous else {
        return Ok(None);
    };
    let lang = ctx.lang;
    let here = ctx.plan_path.display().to_string();
    let folder = ctx.plan_path.parent().unwrap_or(Path::new(""));
    let plan_path = folder.join(&spec.plan);
    if !plan_path.is_file() {
        return Err(Rejected(vec![missing_plan(&here, spec, &plan_path, lang)]).into());
    }
    let previous = crate::plan::load(&plan_path, lang)?;
    let mut problems = Vec::new();
    if previous.meta.end_year >= plan.meta.start_year {
        problems.push(overlapping(&here, spec, &previous, plan, lang));
    }
    let data_path = data_path(ctx, spec, folder, &plan_path);
    let renamed = resolve_renamed(&here, spec, &previous, &plan_path, lang, &mut problems);
    let formations = resolve_formed(&here, plan, spec, &previous, lang, &mut problems);
    if !problems.is_empty() {
        return Err(Rejected(problems).into());
    }
    let carried = carried_over(plan, &previous, &renamed);
    // Without its data file the previous plan still says what carries over; its
    // figures, and so the baselines from them, are unavailable, and said so. No
    // unit baseline is listed then: "0 of 3 former units reported" would say the
    // former units did not report, which nobody knows without their figures.
    let data_found = data_path.is_file();
    let (earlier, baselines) = if data_found {
        let store = ctx.load_store_at(&data_path, &previous)?;
        let ledger = store.ledger(&previous, ctx.as_of);
        let figure_of = |k: &crate::domain::figure::Key| ledger.figure(k);
        (
            earlier_figures(&previous, &carried, &figure_of),
            unit_baselines(&previous, &carried, &formations, &figure_of),
        )
    } else {
        let warning = missing_data(ctx, &here, spec, &data_path);
        eprintln!("{}", warning.render(lang, ctx.stderr_color));
        let none = |_: &crate::domain::figure::Key| None;
        (earlier_figures(&previous, &carried, &none), Vec::new())
    };
    Ok(Some(Previous {
        plan: previous,
        path: plan_path,
        data_path,
        data_found,
        earlier,
        unit_baselines: baselines,
    }))
}

/// `formed_from` ids resolved to the previous plan's units, each unknown one a
/// problem at its line; with how many units outside the previous plan each unit
/// was also formed from.
fn resolve_formed(
    here: &str,
    plan: &Plan,
    spec: &PreviousPlan,
    previous: &Plan,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Formation> {
    let ids = || previous.units.iter().map(|u| u.id.as_str());
    let mut formations: Vec<Formation> = Vec::new();
    for (unit, id, line) in &spec.formed {
        let Some(old) = ids().position(|known| known == id) else {
            problems.push(unknown_former_unit(here, id, *line, ids, lang));
            continue;
        };
        match formations.iter_mut().find(|(u, ..)| u == unit) {
            Some((_, former, _)) => former.push(old as u16),
            None => {
                let outside = plan.units[*unit as usize].formed_from_outside.len();
                formations.push((*unit, vec![old as u16], outside));
            }
        }
    }
    formations
}

fn unknown_former_unit<'a, I: Iterator<Item = &'a str>>(
    here: &str,
    id: &str,
    line: usize,
    ids: impl Fn() -> I,
    lang: Lang,
) -> Diagnostic {
    let shown = crate::text::excerpt(id);
    let hint = match nearest(id, ids()) {
        Some(close) => tr!(
            lang,
            "did you mean \"{close}\"? Write the id the unit has in the previous plan; a unit outside it goes in `formed_from_outside`",
            "có phải ý bạn là \"{close}\"? Viết mã của đơn vị trong kế hoạch trước; đơn vị ngoài kế hoạch đó ghi vào `formed_from_outside`"
        ),
        None => tr!(
            lang,
            "write the id the unit has in the previous plan; a unit outside it goes in `formed_from_outside`",
            "viết mã của đơn vị trong kế hoạch trước; đơn vị ngoài kế hoạch đó ghi vào `formed_from_outside`"
        ),
    };
    Diagnostic::new(
        here,
        tr!(
            lang,
            "formed_from \"{shown}\": the previous plan has no unit \"{shown}\"",
            "formed_from \"{shown}\": kế hoạch trước không có đơn vị \"{shown}\""
        ),
    )
    .at_line(line)
    .hint(hint)
}

/// A path as people read it: `examples/lai-chau-2026-2030/../../plan.toml` shown as
/// `plan.toml`. Only for display: the file is opened by the path as joined, which
/// differs when a folder on the way is a symbolic link.
pub fn path_shown(path: &Path) -> String {
    use std::path::Component;
    let mut tidy = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(tidy.components().next_back(), Some(Component::Normal(_))) =>
            {
                tidy.pop();
            }
            other => tidy.push(other),
        }
    }
    if tidy.as_os_str().is_empty() {
        return ".".into();
    }
    tidy.display().to_string()
}

/// `--previous-data`, else `data` in `[previous]` (relative to this plan), else the
/// data file beside the previous plan (as `--data` defaults).
fn data_path(ctx: &Context, spec: &PreviousPlan, folder: &Path, plan_path: &Path) -> PathBuf {
    if let Some(path) = &ctx.previous_data {
        return path.clone();
    }
    match &spec.data {
        Some(data) => folder.join(data),
        None => plan_path
            .parent()
            .unwrap_or(Path::new(""))
            .join("gender-plan-data.csv"),
    }
}

fn missing_plan(here: &str, spec: &PreviousPlan, path: &Path, lang: Lang) -> Diagnostic {
    let shown = crate::text::for_terminal(&path_shown(path)).to_string();
    Diagnostic::new(
        here,
        tr!(
            lang,
            "the previous plan {shown} named in [previous] is not a file that can be read",
            "không đọc được tệp kế hoạch trước {shown} ghi ở mục `[previous]`"
        ),
    )
    .at_line(spec.plan_line)
    .hint(tr!(
        lang,
        "write the path of the previous plan.toml relative to this plan's folder, or remove [previous]",
        "viết đường dẫn của plan.toml kế hoạch trước, tính từ thư mục của kế hoạch này, hoặc bỏ mục `[previous]`"
    ))
}

fn missing_data(ctx: &Context, here: &str, spec: &PreviousPlan, path: &Path) -> Diagnostic {
    let lang = ctx.lang;
    let shown = crate::text::for_terminal(&path_shown(path)).to_string();
    let message = tr!(
        lang,
        "the previous plan's data file {shown} does not exist: its figures, and the baselines from them, are unavailable",
        "tệp dữ liệu của kế hoạch trước {shown} không tồn tại: không có số liệu của kế hoạch trước và các số liệu gốc lấy từ đó"
    );
    let hint = tr!(
        lang,
        "give its path with `data = \"…\"` in [previous] (relative to this plan) or with --previous-data PATH",
        "chỉ đường dẫn bằng `data = \"…\"` trong mục `[previous]` (tính từ thư mục của kế hoạch này) hoặc bằng --previous-data ĐƯỜNG-DẪN"
    );
    let diagnostic = if ctx.previous_data.is_some() {
        Diagnostic::new(shown.to_string(), message)
    } else {
        let line = if spec.data.is_some() {
            spec.data_line
        } else {
            spec.plan_line
        };
        Diagnostic::new(here, message).at_line(line)
    };
    diagnostic.hint(hint).warning()
}

fn overlapping(
    here: &str,
    spec: &PreviousPlan,
    previous: &Plan,
    plan: &Plan,
    lang: Lang,
) -> Diagnostic {
    let (from, to) = (previous.meta.start_year, previous.meta.end_year);
    let start = plan.meta.start_year;
    Diagnostic::new(
        here,
        tr!(
            lang,
            "the previous plan ({from}–{to}) does not end before this plan starts ({start})",
            "kế hoạch trước ({from}–{to}) chưa kết thúc trước khi kế hoạch này bắt đầu ({start})"
        ),
    )
    .at_line(spec.plan_line)
    .hint(tr!(
        lang,
        "[previous] names the plan this one follows; check the path, and start_year and end_year of both plans",
        "[previous] chỉ kế hoạch mà kế hoạch này tiếp nối; kiểm tra đường dẫn, và start_year, end_year của hai kế hoạch"
    ))
}

/// The `previous_id`s as (this plan's index, the previous plan's index); an id the
/// previous plan does not have is a problem at its line.
fn resolve_renamed(
    here: &str,
    spec: &PreviousPlan,
    previous: &Plan,
    previous_path: &Path,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(u16, u16)> {
    let ids = || previous.indicators.iter().map(|i| i.id.as_str());
    let mut resolved = Vec::new();
    for (index, id, line) in &spec.renamed {
        match ids().position(|known| known == id) {
            Some(old) => resolved.push((*index, old as u16)),
            None => {
                let shown = crate::text::excerpt(id);
                let file = crate::text::for_terminal(&path_shown(previous_path)).to_string();
                let hint = match nearest(id, ids()) {
                    Some(close) => tr!(
                        lang,
                        "did you mean \"{close}\"? Write the id the indicator has in {file}",
                        "có phải ý bạn là \"{close}\"? Viết mã của chỉ tiêu trong {file}"
                    ),
                    None => tr!(
                        lang,
                        "write the id the indicator has in {file}: {}",
                        "viết mã của chỉ tiêu trong {file}: {}",
                        ids().collect::<Vec<_>>().join(", ")
                    ),
                };
                problems.push(
                    Diagnostic::new(
                        here,
                        tr!(
                            lang,
                            "previous_id \"{shown}\": the previous plan has no indicator \"{shown}\"",
                            "previous_id \"{shown}\": kế hoạch trước không có chỉ tiêu \"{shown}\""
                        ),
                    )
                    .at_line(*line)
                    .hint(hint),
                );
            }
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::path_shown;
    use std::path::Path;

    #[test]
    fn a_path_is_shown_without_its_detours() {
        let cases = [
            ("examples/lai-chau-2026-2030/../../plan.toml", "plan.toml"),
            (
                "examples/lai-chau-2026-2030/./../reports/x.csv",
                "examples/reports/x.csv",
            ),
            ("../old/plan.toml", "../old/plan.toml"),
            ("a/../../b.csv", "../b.csv"),
            (
                "/srv/plans/2026/../2021/plan.toml",
                "/srv/plans/2021/plan.toml",
            ),
            ("a/..", "."),
        ];
        for (path, expected) in cases {
            assert_eq!(path_shown(Path::new(path)), expected, "{path}");
        }
    }
}

/// A unit's baseline from the units of the previous plan that formed it, as
/// `status` and `plan` show it and as JSON.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BaselineView {
    /// This plan's unit and indicator.
    pub unit: String,
    pub indicator: String,
    /// The previous plan's indicator it comes from.
    pub previous_indicator: String,
    /// Each former unit, with the round its figure comes from (null: it never
    /// reported the indicator).
    pub formed_from: Vec<FormerUnit>,
    /// Units it was also formed from that the previous plan does not have.
    pub formed_from_outside: Vec<String>,
    pub value: Option<f64>,
    pub value_text: String,
    /// "2 of 3 former units reported".
    pub reported: usize,
    pub former_units: usize,
    /// True when part of the unit lies outside the previous plan.
    pub partial: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FormerUnit {
    pub unit: String,
    pub period: Option<String>,
}

impl Previous {
    /// The baselines of units formed from the previous plan's units, for one of this
    /// plan's indicators or units (or all), in unit order.
    pub fn baselines(
        &self,
        plan: &Plan,
        indicator: Option<u16>,
        unit: Option<u16>,
        lang: Lang,
    ) -> Vec<BaselineView> {
        self.unit_baselines
            .iter()
            .filter(|b| indicator.is_none_or(|i| i == b.indicator))
            .filter(|b| unit.is_none_or(|u| u == b.unit))
            .map(|b| self.view(plan, b, lang))
            .collect()
    }

    fn view(&self, plan: &Plan, b: &UnitBaseline, lang: Lang) -> BaselineView {
        let old = self.earlier[b.indicator as usize]
            .as_ref()
            .map_or(0, |e| e.indicator);
        let old = &self.plan.indicators[old as usize];
        let unit = &plan.units[b.unit as usize];
        BaselineView {
            unit: unit.id.clone(),
            indicator: plan.indicators[b.indicator as usize].id.clone(),
            previous_indicator: old.id.clone(),
            formed_from: b
                .sources
                .iter()
                .map(|&(u, p)| FormerUnit {
                    unit: self.plan.units[u as usize].id.clone(),
                    period: p.map(|p| p.to_string()),
                })
                .collect(),
            formed_from_outside: unit.formed_from_outside.clone(),
            value: b.value,
            value_text: baseline_text(old, b.value, lang),
            reported: b.reported(),
            former_units: b.sources.len(),
            partial: b.partial(),
        }
    }

    /// The table of baselines from former units (None when there are none).
    pub fn baselines_table(
        &self,
        plan: &Plan,
        views: &[BaselineView],
        lang: Lang,
    ) -> Option<Table> {
        if views.is_empty() {
            return None;
        }
        let rows = views
            .iter()
            .map(|v| self.baseline_row(plan, v, lang))
            .collect();
        let years = self.years();
        Some(Table {
            title: Some(tr!(
                lang,
                "Baselines of the units formed from units of the {years} plan, from each former unit's last reported round",
                "Số liệu gốc của các đơn vị hình thành từ đơn vị của kế hoạch {years}, lấy từ kỳ báo cáo gần nhất của từng đơn vị cũ"
            )),
            group: Some("baselines".into()),
            headers: crate::render::tables::unit_baseline_headers(lang),
            rows,
            notes: vec![tr!(
                lang,
                "a partial baseline covers only the part of the unit that was in the previous plan; nothing is estimated for the rest",
                "số liệu gốc một phần chỉ tính phần đơn vị thuộc kế hoạch trước; phần còn lại không được ước tính"
            )],
        })
    }

    fn baseline_row(&self, plan: &Plan, v: &BaselineView, lang: Lang) -> Vec<Styled> {
        let row = self.baseline_words(plan, v, lang);
        [
            row.unit,
            row.indicator,
            row.formed_from,
            row.value_text,
            row.coverage,
        ]
        .map(Styled::from)
        .to_vec()
    }

    /// The report's rows of baselines (one definition of their words with the
    /// table `status` and `plan` print).
    pub fn baseline_rows(
        &self,
        plan: &Plan,
        views: &[BaselineView],
        lang: Lang,
    ) -> Vec<BaselineRow> {
        views
            .iter()
            .map(|v| self.baseline_words(plan, v, lang))
            .collect()
    }

    fn baseline_words(&self, plan: &Plan, v: &BaselineView, lang: Lang) -> BaselineRow {
        let unit = plan.unit(&v.unit).expect("a unit of the plan");
        let former: Vec<String> = v
            .formed_from
            .iter()
            .map(|f| {
                let old = self
                    .plan
                    .unit(&f.unit)
                    .expect("a unit of the previous plan");
                let round = f.period.as_deref().map_or_else(
                    || lang.pick("not reported", "chưa báo cáo").to_string(),
                    |p| crate::words::period_label(p, lang),
                );
                format!("{}: {round}", crate::words::unit_label(old, lang))
            })
            .collect();
        let mut coverage = tr!(
            lang,
            "{} of {} former units reported",
            "{}/{} đơn vị cũ đã báo cáo",
            v.reported,
            v.former_units
        );
        if v.partial {
            coverage.push_str(&tr!(
                lang,
                "; partial: also formed from {}, outside the previous plan",
                "; một phần: còn hình thành từ {}, ngoài kế hoạch trước",
                v.formed_from_outside.join(", ")
            ));
        }
        BaselineRow {
            unit: crate::words::unit_label(unit, lang).into_owned(),
            // The previous plan's id in brackets only where it differs ("5.4 [5.4b]"),
            // as the indicator tables mark it.
            indicator: match v.indicator == v.previous_indicator {
                true => v.indicator.clone(),
                false => format!("{} [{}]", v.indicator, v.previous_indicator),
            },
            formed_from: former.join(", "),
            value_text: v.value_text.clone(),
            coverage,
        }
    }
}

/// A baseline as people read it: "32,7 %", "có"; "—" without one.
fn baseline_text(indicator: &crate::plan::Indicator, value: Option<f64>, lang: Lang) -> String {
    let Some(v) = value else {
        return "—".into();
    };
    let precision = crate::words::precision(indicator);
    match indicator.measure {
        crate::domain::measure::Measure::YesNo => lang
            .pick(
                if v >= 0.5 { "yes" } else { "no" },
                if v >= 0.5 { "có" } else { "không" },
            )
            .into(),
        _ if indicator.unit_of_measure.en.trim() == "%" => {
            crate::words::percent(crate::words::number_text(v, precision, lang), lang)
        }
        _ => crate::words::number_text(v, precision, lang),
    }
}

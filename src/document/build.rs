//! Building the [`Document`] from the plan and the figures in force: every number
//! comes from the domain function `status`, `overdue` or `notes` uses for it.

use super::notes::{UnitNotes, round_notes};
use super::*;
use crate::domain::figure::{Figure, Key};
use crate::domain::ledger::Ledger;
use crate::domain::period::{Period, Round};
use crate::domain::reporting::{Rates, ReportStatus, round_reports};
use crate::domain::status::{Standing, contributor_standings, outlook, standing};
use crate::i18n::Lang;
use crate::plan::{Body, Plan, UnitKind, target_text};
use crate::store::Store;
use crate::tr;
use crate::words::{
    outlook_label, precision, status_label, unit_name, value_text, verdict_label, verdict_text,
};
use chrono::NaiveDate;

/// What a report covers: one round, or the whole plan period (the final review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Round(Round),
    /// The plan's years, and the period whose values the results show: the last
    /// year, or the last round when the plan ended before its last year ran out.
    Review {
        first: i32,
        last: i32,
        result: Period,
    },
}

impl Scope {
    /// `2025-H1` or `2025` (a round), or `2021-2025` (the plan's whole period).
    pub fn parse(plan: &Plan, text: &str, lang: Lang) -> anyhow::Result<Scope> {
        let (first, last) = (plan.meta.start_year, plan.meta.end_year);
        let whole = format!("{first}-{last}");
        let folded: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if folded == whole || folded == format!("{first}–{last}") {
            let result = plan
                .rounds()
                .last()
                .map_or(Period::Year(last), |r| r.period);
            return Ok(Scope::Review {
                first,
                last,
                result,
            });
        }
        let period = Period::parse(&folded).or_else(|| crate::intake::fields::parse_period(text));
        match period.and_then(|p| plan.round_of(p)) {
            Some(round) => Ok(Scope::Round(round)),
            None => {
                anyhow::bail!(tr!(
                    lang,
                    "\"{text}\" is not a period to report on; give a round ({}) or the whole plan, {whole}",
                    "\"{text}\" không phải một kỳ báo cáo; hãy chọn một kỳ ({}) hoặc cả giai đoạn {whole}",
                    crate::words::rounds_as_typed(plan, lang)
                ))
            }
        }
    }

    /// The rounds the report is about, in due-date order.
    fn rounds(self, plan: &Plan) -> Vec<Round> {
        match self {
            Scope::Round(round) => vec![round],
            Scope::Review { first, last, .. } => plan
                .rounds()
                .into_iter()
                .filter(|r| (first..=last).contains(&r.period.year()))
                .collect(),
        }
    }

    /// The period whose values the results show.
    fn result_period(self) -> Period {
        match self {
            Scope::Round(round) => round.period,
            Scope::Review { result, .. } => result,
        }
    }

    fn kind(self) -> Kind {
        match self {
            Scope::Round(Round {
                period: Period::Year(_),
                ..
            }) => Kind::Year,
            Scope::Round(_) => Kind::HalfYear,
            Scope::Review { .. } => Kind::FinalReview,
        }
    }

    fn name(self) -> String {
        match self {
            Scope::Round(round) => round.period.to_string(),
            Scope::Review { first, last, .. } => format!("{first}-{last}"),
        }
    }
}

/// The whole report for a scope, as of the ledger's day.
pub fn build(plan: &Plan, store: &Store, ledger: &Ledger, scope: Scope, lang: Lang) -> Document {
    let figure_of = |key: &Key| ledger.figure(key);
    let period = scope.result_period();
    let previous = previous_period(plan, period);
    let years = match scope {
        Scope::Review { .. } => review_columns(plan, scope),
        Scope::Round(_) => Vec::new(),
    };
    Document {
        kind: scope.kind(),
        period: scope.name(),
        result_period: period.to_string(),
        previous_period: previous.map(|p| p.to_string()),
        as_of: ledger.as_of(),
        target_year: plan.meta.target_year,
        heading: heading(plan, scope, ledger.as_of(), lang),
        results: results(plan, scope, &years, lang, &figure_of),
        years,
        compliance: compliance(plan, ledger, scope, lang),
        notes: notes(plan, store, ledger, scope, lang),
        to_write: to_write(scope, lang),
        closing: closing(plan, ledger.as_of(), lang),
        // The caller who reads the previous plan adds these (`with_baselines`).
        unit_baselines: Vec::new(),
    }
}

/// The periods of the final review's table: each year with an annual round, and
/// the last round when the plan ended before its year's annual round.
fn review_columns(plan: &Plan, scope: Scope) -> Vec<Period> {
    let in_scope = scope.rounds(plan);
    plan.review_periods()
        .into_iter()
        .filter(|p| in_scope.iter().any(|r| r.period == *p))
        .collect()
}

/// The same period a year earlier, when it was a round of the plan.
fn previous_period(plan: &Plan, period: Period) -> Option<Period> {
    let earlier = match period {
        Period::Year(y) => Period::Year(y - 1),
        Period::Half(y, h) => Period::Half(y - 1, h),
        Period::Quarter(y, q) => Period::Quarter(y - 1, q),
    };
    plan.round_of(earlier).map(|r| r.period)
}

/// "6 tháng đầu năm 2025", "năm 2025", "giai đoạn 2021-2025".
fn period_phrase(scope: Scope, lang: Lang) -> String {
    match scope {
        Scope::Round(round) => match round.period {
            Period::Half(y, 1) => tr!(lang, "the first half of {y}", "6 tháng đầu năm {y}"),
            Period::Year(y) => tr!(lang, "the year {y}", "năm {y}"),
            other => other.to_string(),
        },
        Scope::Review { first, last, .. } => tr!(
            lang,
            "the period {first}–{last} (final review)",
            "giai đoạn {first}-{last} (tổng kết)"
        ),
    }
}

fn heading(plan: &Plan, scope: Scope, day: NaiveDate, lang: Lang) -> Heading {
    let m = masthead(plan, &plan.report.symbol, day, lang);
    Heading {
        issuer: m.issuer,
        national_title: m.national_title,
        motto: m.motto,
        number_line: m.number_line,
        date_line: m.date_line,
        title: match scope {
            Scope::Review { .. } => lang.pick("FINAL REVIEW REPORT", "BÁO CÁO TỔNG KẾT"),
            Scope::Round(_) => lang.pick("REPORT", "BÁO CÁO"),
        }
        .into(),
        issuer_ended: issuer_ended(plan, day, lang),
        subtitle: subtitle(plan, scope, lang),
    }
}

/// "Kết quả thực hiện Kế hoạch …, 6 tháng đầu năm 2025"; for the final review of a
/// plan whose title already names its years ("… giai đoạn 2021-2025 …"), the
/// years are not said twice: "Kết quả thực hiện Kế hoạch … (tổng kết)".
fn subtitle(plan: &Plan, scope: Scope, lang: Lang) -> String {
    let title = match lang {
        // "Kết quả thực hiện Kế hoạch …": the document's name keeps its capital.
        Lang::Vi => plan.meta.title.vi.clone(),
        Lang::En => lowercase_first(&plan.meta.title.en),
    };
    match scope {
        Scope::Review { first, last, .. } if names_years(&title, first, last) => tr!(
            lang,
            "Results of the {title} (final review)",
            "Kết quả thực hiện {title} (tổng kết)"
        ),
        _ => tr!(
            lang,
            "Results of the {title}, {}",
            "Kết quả thực hiện {title}, {}",
            period_phrase(scope, lang)
        ),
    }
}

/// Whether a title names the years first–last (with a hyphen or a dash).
fn names_years(title: &str, first: i32, last: i32) -> bool {
    ["-", "–", " - ", " – "]
        .iter()
        .any(|dash| title.contains(&format!("{first}{dash}{last}")))
}

/// "Written on … after the … ceased to exist on …", for a document dated after the
/// issuer ended; None while it exists.
pub(crate) fn issuer_ended(plan: &Plan, day: NaiveDate, lang: Lang) -> Option<String> {
    let last = plan.meta.issuer.on(day).err()?;
    let end = crate::words::date_text(last.ends?, lang);
    Some(tr!(
        lang,
        "Written on {} after the {} ceased to exist ({end}): a record, not a document it issued.",
        "Lập ngày {} sau khi {} đã chấm dứt hoạt động ({end}): bản ghi lại số liệu, không phải văn bản do cơ quan này ban hành.",
        crate::words::date_text(day, lang),
        last.name.get(lang)
    ))
}

/// The top of a document the district issues on `day`: the issuing body of that
/// day in capitals (its successor after it ended; the last one when the line
/// ended, which only `--force` lets through), the national title and motto, the
/// number line with `symbol` ("BC-UBND") and the date line, the number and the day
/// left blank for the office to fill.
pub(crate) fn masthead(plan: &Plan, symbol: &str, day: NaiveDate, lang: Lang) -> Masthead {
    let form = &plan.report;
    let symbol = if symbol.is_empty() {
        String::new()
    } else {
        format!("/{symbol}")
    };
    // Wide blanks where the office writes the number and the date by hand.
    let gap = "\u{a0}".repeat(8);
    let place = if form.place.is_empty() {
        gap.clone()
    } else {
        form.place.clone()
    };
    Masthead {
        issuer: holder(&plan.meta.issuer, day).name.get(lang).to_uppercase(),
        national_title: lang
            .pick(
                "SOCIALIST REPUBLIC OF VIET NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            )
            .into(),
        motto: lang
            .pick(
                "Independence – Freedom – Happiness",
                "Độc lập - Tự do - Hạnh phúc",
            )
            .into(),
        number_line: tr!(lang, "No.: {gap}{symbol}", "Số: {gap}{symbol}"),
        summary: None,
        date_line: tr!(
            lang,
            "{place}, day {gap} month {gap} year {gap}",
            "{place}, ngày {gap} tháng {gap} năm {gap}"
        ),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn results(
    plan: &Plan,
    scope: Scope,
    years: &[Period],
    lang: Lang,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<ObjectiveResults> {
    plan.objectives
        .iter()
        .map(|objective| ObjectiveResults {
            number: objective.number,
            title: objective.title.get(lang).to_string(),
            indicators: (0..plan.indicators.len() as u16)
                .filter(|&i| plan.indicators[i as usize].objective == objective.number)
                .map(|i| indicator_result(plan, i, scope, years, lang, figure_of))
                .collect(),
        })
        .filter(|o| !o.indicators.is_empty())
        .collect()
}

fn period_value(plan: &Plan, index: u16, s: &Standing, lang: Lang) -> PeriodValue {
    PeriodValue {
        period: s.period.to_string(),
        value: s.value,
        value_text: value_text(&plan.indicators[index as usize], s, lang),
    }
}

fn indicator_result(
    plan: &Plan,
    index: u16,
    scope: Scope,
    years: &[Period],
    lang: Lang,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> IndicatorResult {
    let indicator = &plan.indicators[index as usize];
    let period = scope.result_period();
    let s = standing(plan, index, period, figure_of);
    let assessment = outlook(plan, index, &s, figure_of);
    let earlier = previous_period(plan, period).map(|p| standing(plan, index, p, figure_of));
    let previous = earlier.as_ref().map(|e| period_value(plan, index, e, lang));
    let last_due = scope.rounds(plan).last().map(|r| r.due);
    let rounds: Vec<Standing> = plan
        .rounds()
        .iter()
        .filter(|r| last_due.is_some_and(|due| r.due <= due))
        .map(|r| standing(plan, index, r.period, figure_of))
        .collect();
    let annual = years
        .iter()
        .map(|&p| {
            let s = standing(plan, index, p, figure_of);
            period_value(plan, index, &s, lang)
        })
        .collect();
    let group_id = |g: u8| {
        plan.group(indicator, g)
            .map_or(String::new(), |g| g.id.clone())
    };
    IndicatorResult {
        indicator: indicator.id.clone(),
        name: indicator.name.get(lang).to_string(),
        unit_of_measure: indicator.unit_of_measure.get(lang).to_string(),
        op: indicator.op.as_str(),
        target: indicator.target,
        target_text: target_text(indicator, lang),
        direction: indicator.direction.as_str(),
        value: s.value,
        value_text: value_text(indicator, &s, lang),
        met: s.met(),
        state: s.verdict.as_str(),
        met_label: verdict_text(plan, indicator, s.verdict, lang),
        attainment_pct: s.attainment_pct,
        gap: s.gap,
        coverage: coverage(&s),
        partial: s.value.is_some() && s.coverage.is_partial(),
        over_all_owing: indicator.measure.counts_every_owing_unit(),
        change: s
            .value
            .zip(previous.as_ref().and_then(|p| p.value))
            .map(|(now, then)| now - then),
        precision: precision(indicator),
        previous,
        outlook: assessment.map(|a| a.outlook.as_str()),
        outlook_label: assessment.map_or("—".into(), |a| outlook_label(a.outlook, lang).into()),
        // Who answers for it in the period's round (duties in time).
        responsible: plan.units
            [crate::domain::duties::Duties::of_period(plan, period).responsible(index) as usize]
            .id
            .clone(),
        baseline: indicator
            .baseline
            .map(|(year, value)| YearValue { year, value }),
        trend: rounds
            .iter()
            .map(|r| period_value(plan, index, r, lang))
            .collect(),
        annual,
        communes: communes(plan, index, period, lang, figure_of),
        groups: groups(plan, index, &s, earlier.as_ref(), &rounds, lang),
        group_gap: s.group_gap().map(|(value, high, low)| GroupGap {
            value,
            highest: group_id(high),
            lowest: group_id(low),
        }),
    }
}

fn coverage(s: &Standing) -> Coverage {
    Coverage {
        reported: s.coverage.reported,
        expected: s.coverage.expected,
    }
}

/// Each group's result, a year earlier and round by round, from the standings the
/// indicator's own result comes from.
fn groups(
    plan: &Plan,
    index: u16,
    s: &Standing,
    earlier: Option<&Standing>,
    rounds: &[Standing],
    lang: Lang,
) -> Vec<GroupResult> {
    let indicator = &plan.indicators[index as usize];
    s.groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let group = plan.group(indicator, i as u8 + 1);
            GroupResult {
                group: group.map_or(String::new(), |g| g.id.clone()),
                name: group.map_or(String::new(), |g| g.name.get(lang).to_string()),
                value: g.value,
                value_text: value_text(indicator, g, lang),
                met: g.met(),
                state: g.verdict.as_str(),
                met_label: verdict_label(g.verdict, lang).to_string(),
                attainment_pct: g.attainment_pct,
                coverage: coverage(g),
                previous: earlier
                    .and_then(|e| e.groups.get(i))
                    .map(|e| period_value(plan, index, e, lang)),
                trend: rounds
                    .iter()
                    .filter_map(|r| r.groups.get(i))
                    .map(|r| period_value(plan, index, r, lang))
                    .collect(),
            }
        })
        .collect()
}

/// Each commune's own value, where two or more communes report the indicator:
/// the district computation over that commune's figures alone.
fn communes(
    plan: &Plan,
    index: u16,
    period: Period,
    lang: Lang,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<UnitValue> {
    let indicator = &plan.indicators[index as usize];
    let is_commune = |u: u16| plan.units[u as usize].kind == UnitKind::Commune;
    let communes = indicator
        .contributor_units
        .iter()
        .filter(|&&u| is_commune(u))
        .count();
    if communes < 2 {
        return Vec::new();
    }
    contributor_standings(plan, index, period, figure_of)
        .into_iter()
        .filter(|(unit, _)| is_commune(*unit))
        .map(|(unit, s)| {
            let u = &plan.units[unit as usize];
            UnitValue {
                unit: u.id.clone(),
                name: unit_name(u, lang).into_owned(),
                value: s.value,
                value_text: match s.value {
                    Some(_) => value_text(indicator, &s, lang),
                    None => lang.pick("not reported", "chưa báo cáo").to_string(),
                },
            }
        })
        .collect()
}

fn compliance(plan: &Plan, ledger: &Ledger, scope: Scope, lang: Lang) -> Compliance {
    let all = plan.rounds();
    let covered = scope.rounds(plan);
    let last_due = covered.last().map(|r| r.due);
    let mut rounds = Vec::new();
    let mut units: Vec<UnitCompliance> = Vec::new();
    // Where each unit (by index) stands in `units`: no search per report, which
    // matters with thousands of communes.
    let mut position: Vec<Option<usize>> = vec![None; plan.units.len()];
    for round in all.iter().filter(|r| last_due.is_some_and(|d| r.due <= d)) {
        let reports = round_reports(plan, round, &all, ledger, ledger.as_of());
        let is_covered = covered.contains(round);
        rounds.push(round_compliance(plan, round, &reports, is_covered, lang));
        if !is_covered {
            continue;
        }
        for r in &reports {
            let unit = &plan.units[r.unit as usize];
            let report = UnitRoundReport {
                period: round.period.to_string(),
                status: r.status.as_str(),
                status_label: status_label(r.status, lang).to_string(),
                submitted: r.submitted,
                days_late: r.days_late,
                missing_indicators: r
                    .missing_indicators
                    .iter()
                    .map(|&i| plan.indicators[i as usize].id.clone())
                    .collect(),
            };
            match position[r.unit as usize] {
                Some(at) => units[at].reports.push(report),
                None => {
                    position[r.unit as usize] = Some(units.len());
                    units.push(UnitCompliance {
                        unit: unit.id.clone(),
                        name: unit_name(unit, lang).into_owned(),
                        kind: unit.kind.as_str(),
                        reports: vec![report],
                    });
                }
            }
        }
    }
    Compliance { rounds, units }
}

fn round_compliance(
    plan: &Plan,
    round: &Round,
    reports: &[crate::domain::reporting::UnitReport],
    covered: bool,
    lang: Lang,
) -> RoundCompliance {
    let rates = Rates::of(reports, round);
    let count = |s: ReportStatus| reports.iter().filter(|r| r.status == s).count();
    RoundCompliance {
        period: round.period.to_string(),
        report_name: plan.round_name(round).get(lang).to_string(),
        due: round.due,
        covered,
        expected: rates.expected,
        received: rates.received,
        on_time: rates.on_time,
        reporting_rate: rates.reporting_rate(),
        on_time_rate: rates.on_time_rate(),
        missing: count(ReportStatus::Missing),
        incomplete: count(ReportStatus::Incomplete),
        late: count(ReportStatus::Late),
        on_time_complete: count(ReportStatus::OnTime),
    }
}

/// The notes of every covered round, unit by unit in plan order.
fn notes(plan: &Plan, store: &Store, ledger: &Ledger, scope: Scope, lang: Lang) -> Vec<UnitNotes> {
    // By unit id, then in plan order: no search per unit.
    let mut by_unit: std::collections::HashMap<String, UnitNotes> = Default::default();
    for round in scope.rounds(plan) {
        for unit in round_notes(plan, store, ledger, &round, None, lang).units {
            match by_unit.get_mut(&unit.unit) {
                Some(u) => u.notes.extend(unit.notes),
                None => {
                    by_unit.insert(unit.unit.clone(), unit);
                }
            }
        }
    }
    plan.units
        .iter()
        .filter_map(|u| by_unit.remove(&u.id))
        .collect()
}

fn to_write(scope: Scope, lang: Lang) -> Vec<ToWrite> {
    let mut sections = vec![
        ToWrite {
            title: lang.pick("Direction and implementation", "Công tác chỉ đạo, triển khai thực hiện").into(),
            guidance: lang.pick(
                "The documents issued, the campaigns and activities held, the people reached.",
                "Các văn bản đã ban hành, các hoạt động, chiến dịch đã tổ chức, số người được tham gia.",
            ).into(),
        },
        ToWrite {
            title: lang.pick("Overall assessment", "Đánh giá chung").into(),
            guidance: lang.pick(
                "What the results above show: achievements and where the district falls short.",
                "Nhận định về kết quả nêu trên: những kết quả đạt được và những mặt còn hạn chế.",
            ).into(),
        },
        ToWrite {
            title: lang.pick("Limits and their causes", "Hạn chế, nguyên nhân").into(),
            guidance: lang.pick(
                "For each target not met or without data: why, objective and subjective causes.",
                "Với từng chỉ tiêu chưa đạt hoặc chưa có số liệu: nguyên nhân khách quan, chủ quan.",
            ).into(),
        },
        ToWrite {
            title: lang.pick("Tasks for the next period", "Nhiệm vụ, giải pháp kỳ tới").into(),
            guidance: lang.pick(
                "The tasks and solutions the district will carry out, and who leads each.",
                "Các nhiệm vụ, giải pháp huyện sẽ thực hiện và cơ quan chủ trì.",
            ).into(),
        },
        ToWrite {
            title: lang.pick("Proposals", "Đề xuất, kiến nghị").into(),
            guidance: lang.pick(
                "What the district asks of the province and its departments.",
                "Những đề nghị đối với UBND tỉnh và các sở, ngành.",
            ).into(),
        },
    ];
    if let Scope::Review { .. } = scope {
        sections.insert(
            2,
            ToWrite {
                title: lang.pick("Lessons learned", "Bài học kinh nghiệm").into(),
                guidance: lang
                    .pick(
                        "What the five years taught, for the plan for 2026–2030.",
                        "Những bài học rút ra sau 5 năm, cho kế hoạch giai đoạn 2026-2030.",
                    )
                    .into(),
            },
        );
    }
    sections
}

/// Who holds a body's place on `day`: itself, its successor, or (when the line has
/// ended) the last holder.
pub(crate) fn holder(body: &Body, day: NaiveDate) -> &Body {
    body.on(day).unwrap_or_else(|last| last)
}

/// "Nơi nhận" and the signature as of `day`: a recipient that ended gives way to
/// its successor, or is left out when it has none.
pub(crate) fn closing(plan: &Plan, day: NaiveDate, lang: Lang) -> Closing {
    let form = &plan.report;
    Closing {
        recipients_title: lang.pick("Recipients:", "Nơi nhận:").into(),
        recipients: form
            .recipients
            .iter()
            .filter_map(|r| r.on(day).ok())
            .map(|r| r.name.get(lang).to_string())
            .collect(),
        signature: form
            .signature
            .iter()
            .map(|s| s.get(lang).to_string())
            .collect(),
        signer: holder(&form.signer, day).name.get(lang).to_string(),
    }
}

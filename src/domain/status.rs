//! Where an indicator stands for a period: its district value computed from the
//! units' current figures, coverage, and comparison with the target.

use super::attainment::{attainment_pct, gap, is_met};
use super::duties::Roster;
use super::figure::{Figure, Key};
use super::measure::{Direction, Measure, ShareOf};
use super::outlook::{Assessment, assess};
use super::period::Period;
use crate::domain::plan::{Indicator, Plan};

/// Reported / expected: contributors for most measures and for shares of units
/// (a unit counts once every quarter of the period is in), (contributor, quarter)
/// cells for shares of quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub reported: usize,
    pub expected: usize,
}

impl Coverage {
    pub fn is_partial(self) -> bool {
        self.reported < self.expected
    }
}

/// The verdict on an indicator for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Met,
    NotMet,
    /// A 6-month value of an indicator that accumulates over the year: progress
    /// towards the annual target, not judged against it.
    InProgress,
    /// Every contributor that reported had nothing to count (0 of 0 cases).
    NoCases,
    NoData,
    /// An indicator broken down by group (by sex) whose total meets the target
    /// while a group has no figure: each group must meet the target, so the
    /// verdict is withheld ("no figures by sex"), never "not met".
    NoGroupFigures,
}

impl Verdict {
    /// Stable snake_case key for output formats.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::InProgress => "in_progress",
            Verdict::NoCases => "no_cases",
            Verdict::NoData => "no_data",
            Verdict::NoGroupFigures => "no_group_figures",
        }
    }

    /// Some(true) or Some(false) where the value was judged against the target.
    pub fn met(self) -> Option<bool> {
        match self {
            Verdict::Met => Some(true),
            Verdict::NotMet => Some(false),
            _ => None,
        }
    }
}

/// An indicator's standing for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub period: Period,
    /// None without data, and when there were no cases.
    pub value: Option<f64>,
    pub coverage: Coverage,
    pub verdict: Verdict,
    /// Against the target; for a value in progress, the share of the annual
    /// target reached so far (higher-is-better indicators only).
    pub attainment_pct: Option<f64>,
    /// None unless judged.
    pub gap: Option<f64>,
    /// Σ numerators and Σ denominators, for ratio measures with data.
    pub sums: Option<(f64, f64)>,
    /// For an indicator broken down by group (by sex, say): each group's standing,
    /// group 1 first. The indicator is met only when every group meets the target.
    pub groups: Vec<Standing>,
}

impl Standing {
    /// Some(true) or Some(false) where the value was judged against the target.
    pub fn met(&self) -> Option<bool> {
        self.verdict.met()
    }

    /// Whether every group of a broken-down indicator has a value (or no cases).
    pub fn groups_complete(&self) -> bool {
        self.groups
            .iter()
            .all(|g| g.value.is_some() || g.verdict == Verdict::NoCases)
    }

    /// The group furthest from the target (1-based), among those with a value.
    pub fn lagging_group(&self, direction: Direction) -> Option<u8> {
        let valued = self
            .groups
            .iter()
            .enumerate()
            .filter_map(|(i, g)| g.value.map(|v| (i, v)));
        let worst = match direction {
            Direction::Higher => valued.min_by(|a, b| a.1.total_cmp(&b.1)),
            Direction::Lower => valued.max_by(|a, b| a.1.total_cmp(&b.1)),
        };
        worst.map(|(i, _)| i as u8 + 1)
    }

    /// The gap between the groups: (highest value − lowest, highest group, lowest
    /// group), groups 1-based; None with fewer than two groups with a value.
    pub fn group_gap(&self) -> Option<(f64, u8, u8)> {
        let valued: Vec<(u8, f64)> = self
            .groups
            .iter()
            .enumerate()
            .filter_map(|(i, g)| g.value.map(|v| (i as u8 + 1, v)))
            .collect();
        if valued.len() < 2 {
            return None;
        }
        let high = valued.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
        let low = valued.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        Some((super::attainment::settle(high.1 - low.1), high.0, low.0))
    }

    /// The value the target is judged on: the value itself, or for a broken-down
    /// indicator the lagging group's, once every group is in. What the outlook
    /// follows, so that it agrees with the verdict.
    pub fn judged_value(&self, direction: Direction) -> Option<f64> {
        if self.groups.is_empty() {
            return self.value;
        }
        if !self.groups_complete() {
            return None;
        }
        let lagging = self.lagging_group(direction)?;
        self.groups[usize::from(lagging) - 1].value
    }
}

/// One contributor's figure for a period (for tracing a district value back).
#[derive(Debug, Clone, PartialEq)]
pub struct ContributorFigure {
    pub unit: u16,
    pub period: Period,
    /// None when nothing usable was reported (missing or blank).
    pub figure: Option<Figure>,
}

/// The figures behind an indicator's value for a period, one per contributor and,
/// for quarterly shares, per quarter.
pub fn contributor_figures(
    plan: &Plan,
    indicator_index: u16,
    period: Period,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<ContributorFigure> {
    let groups = plan.indicators[indicator_index as usize].group_count(plan);
    let whole = |key: &Key| whole_figure(key, groups, figure_of);
    group_figures(plan, indicator_index, period, 0, &whole)
}

/// One unit's figures for an indicator and period, as the plan's rules read them:
/// its whole figure (a broken-down one summed from its groups), one cell per
/// quarter for a share. For values computed over a chosen set of units (a new
/// commune's baseline from the old communes that formed it).
pub fn unit_cells(
    plan: &Plan,
    indicator_index: u16,
    unit: u16,
    period: Period,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<ContributorFigure> {
    let indicator = &plan.indicators[indicator_index as usize];
    let groups = indicator.group_count(plan);
    let periods = match indicator.measure {
        Measure::Share { .. } => period.quarters(),
        _ => vec![period],
    };
    periods
        .into_iter()
        .map(|p| {
            let key = Key {
                unit,
                period: p,
                indicator: Some(indicator_index),
                group: 0,
            };
            ContributorFigure {
                unit,
                period: p,
                figure: whole_figure(&key, groups, figure_of),
            }
        })
        .collect()
}

/// The value of an indicator over the given cells by the plan's rules (ratios
/// summed over numerators and denominators, shares over units or quarters), and
/// its coverage.
pub fn value_of_cells(
    indicator: &Indicator,
    cells: &[ContributorFigure],
) -> (Option<f64>, Coverage) {
    let c = compute(indicator, cells);
    (c.value, c.coverage)
}

/// A unit's figure for the whole of a broken-down indicator: its total row if it
/// sent one, else the sum of its groups once every group is in.
fn whole_figure(
    key: &Key,
    groups: u8,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Option<Figure> {
    let total = figure_of(key).filter(|f| !f.is_blank());
    if total.is_some() || groups == 0 {
        return total;
    }
    let (mut n, mut d) = (0.0, 0.0);
    for group in 1..=groups {
        match figure_of(&Key { group, ..*key }) {
            Some(Figure::Ratio {
                numerator,
                denominator,
            }) => {
                n += numerator;
                d += denominator;
            }
            _ => return None,
        }
    }
    Some(Figure::Ratio {
        numerator: n,
        denominator: d,
    })
}

/// The figures of one group (0: the whole, as the units sent it) behind an
/// indicator's value for a period.
pub fn group_figures(
    plan: &Plan,
    indicator_index: u16,
    period: Period,
    group: u8,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<ContributorFigure> {
    let indicator = &plan.indicators[indicator_index as usize];
    let periods = match indicator.measure {
        Measure::Share { .. } => period.quarters(),
        _ => vec![period],
    };
    // Whose figures count for each period, and who owed them: one rule, the
    // roster's (duties in time, within each unit's lifetime).
    let rosters: Vec<std::sync::Arc<Roster>> = periods
        .iter()
        .map(|&p| Roster::of_period(plan, p))
        .collect();
    let mut units: Vec<u16> = rosters
        .iter()
        .flat_map(|r| r.counted(indicator_index).iter().copied())
        .collect();
    units.sort_unstable();
    units.dedup();
    // Each period's units are sorted without repeats, as `units` is: walking them
    // in step finds whether a unit's figure counts for a period without searching.
    let mut lists: Vec<&[u16]> = rosters.iter().map(|r| r.counted(indicator_index)).collect();
    let mut out = Vec::new();
    for &unit in &units {
        for ((&p, list), roster) in periods.iter().zip(&mut lists).zip(&rosters) {
            match list.split_first() {
                Some((&first, rest)) if first == unit => *list = rest,
                _ => continue,
            }
            let key = Key {
                unit,
                period: p,
                indicator: Some(indicator_index),
                group,
            };
            let figure = figure_of(&key).filter(|f| !f.is_blank());
            // A unit that did not owe the period is expected only with a figure.
            if figure.is_none() && !roster.owes(indicator_index, unit) {
                continue;
            }
            out.push(ContributorFigure {
                unit,
                period: p,
                figure,
            });
        }
    }
    out
}

/// A 0 of 0: the unit had nothing to count in the period ("no cases").
pub fn is_no_cases(figure: Figure) -> bool {
    matches!(
        figure,
        Figure::Ratio {
            numerator,
            denominator,
        } if numerator == 0.0 && denominator == 0.0
    )
}

/// The district value before it is judged.
struct Computed {
    value: Option<f64>,
    coverage: Coverage,
    sums: Option<(f64, f64)>,
    no_cases: bool,
}

/// Σ numerators / Σ denominators × scale; 0/0 figures add nothing, and when every
/// reported figure is 0/0 there were no cases.
fn ratio_value(reported: &[Figure], scale: f64) -> (Option<f64>, Option<(f64, f64)>, bool) {
    if reported.is_empty() {
        return (None, None, false);
    }
    let (n, d) = reported.iter().fold((0.0, 0.0), |(n, d), f| match f {
        Figure::Ratio {
            numerator,
            denominator,
        } => (n + numerator, d + denominator),
        _ => (n, d),
    });
    let value = (d > 0.0).then(|| n / d * scale);
    (value, Some((n, d)), value.is_none() && n == 0.0)
}

/// The mean of the reported values (should several contributors report one).
fn value_value(reported: &[Figure]) -> Option<f64> {
    let values: Vec<f64> = reported.iter().filter_map(|f| f.as_number()).collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Yes when every contributor that reported says yes.
fn yes_no_value(reported: &[Figure]) -> Option<f64> {
    let all_yes = reported.iter().all(|f| matches!(f, Figure::YesNo(true)));
    (!reported.is_empty()).then_some(if all_yes { 1.0 } else { 0.0 })
}

/// % of reported (unit, quarter) cells whose count reaches the threshold.
fn share_of_quarters(cells: &[ContributorFigure], threshold: f64) -> Computed {
    let reported: Vec<Figure> = cells.iter().filter_map(|c| c.figure).collect();
    let meeting = reported
        .iter()
        .filter(|f| f.as_number().is_some_and(|v| v >= threshold))
        .count();
    Computed {
        value: (!reported.is_empty()).then(|| meeting as f64 / reported.len() as f64 * 100.0),
        coverage: Coverage {
            reported: reported.len(),
            expected: cells.len(),
        },
        sums: None,
        no_cases: false,
    }
}

/// % of the expected units whose count reaches the threshold in every quarter of
/// the period; a unit counts as reported once all its quarters are in. A unit's
/// cells are consecutive (see [`group_figures`]), so this is one pass.
fn share_of_units(cells: &[ContributorFigure], threshold: f64) -> Computed {
    let (mut units, mut complete, mut reaching) = (0, 0, 0);
    for quarters in cells.chunk_by(|a, b| a.unit == b.unit) {
        units += 1;
        complete += usize::from(quarters.iter().all(|c| c.figure.is_some()));
        reaching += usize::from(quarters.iter().all(|c| {
            c.figure
                .and_then(Figure::as_number)
                .is_some_and(|v| v >= threshold)
        }));
    }
    let any = cells.iter().any(|c| c.figure.is_some());
    Computed {
        value: (any && units > 0).then(|| reaching as f64 / units as f64 * 100.0),
        coverage: Coverage {
            reported: complete,
            expected: units,
        },
        sums: None,
        no_cases: false,
    }
}

fn compute(indicator: &Indicator, cells: &[ContributorFigure]) -> Computed {
    if let Measure::Share { threshold, of } = indicator.measure {
        return match of {
            ShareOf::Units => share_of_units(cells, threshold),
            ShareOf::Quarters => share_of_quarters(cells, threshold),
        };
    }
    let reported: Vec<Figure> = cells.iter().filter_map(|c| c.figure).collect();
    let coverage = Coverage {
        reported: reported.len(),
        expected: cells.len(),
    };
    let (value, sums, no_cases) = match indicator.measure {
        Measure::Ratio { scale } => ratio_value(&reported, scale),
        Measure::Value => (value_value(&reported), None, false),
        Measure::YesNo => (yes_no_value(&reported), None, false),
        Measure::Share { .. } => unreachable!("handled above"),
    };
    // Figures are recorded only in range (figure::is_recordable), so sums stay
    // finite; should one not, the report says "no value" rather than inf or NaN.
    let value = value.filter(|v: &f64| v.is_finite());
    Computed {
        value,
        coverage,
        sums,
        no_cases,
    }
}

/// Whether a value for this period is progress towards the annual target rather
/// than a value to judge: a part of the year, for an indicator that accumulates.
pub fn in_progress(indicator: &Indicator, period: Period) -> bool {
    indicator.accumulates && !matches!(period, Period::Year(_))
}

/// Judges a computed value against the indicator's target.
fn judge(indicator: &Indicator, period: Period, c: Computed) -> Standing {
    let (op, target, direction) = (indicator.op, indicator.target, indicator.direction);
    let verdict = match c.value {
        None if c.no_cases => Verdict::NoCases,
        None => Verdict::NoData,
        Some(_) if in_progress(indicator, period) => Verdict::InProgress,
        Some(v) if is_met(op, target, v) => Verdict::Met,
        Some(_) => Verdict::NotMet,
    };
    let attainment = match verdict {
        Verdict::InProgress if direction == Direction::Lower => None,
        _ => c
            .value
            .and_then(|v| attainment_pct(op, direction, target, v)),
    };
    Standing {
        period,
        value: c.value,
        coverage: c.coverage,
        verdict,
        attainment_pct: attainment,
        gap: c
            .value
            .filter(|_| verdict.met().is_some())
            .and_then(|v| gap(op, target, v)),
        sums: c.sums,
        groups: vec![],
    }
}

/// A broken-down indicator's standing from the whole's and each group's: met only
/// when every group has a value and meets the target; not met when a group, or
/// the whole, does not; withheld ([`Verdict::NoGroupFigures`]) when the whole meets
/// it and a group has no figure yet. Attainment and gap are the lagging group's
/// once every group is in.
fn combine(indicator: &Indicator, whole: Standing, groups: Vec<Standing>) -> Standing {
    let mut s = Standing { groups, ..whole };
    let complete = s.groups_complete();
    let group_not_met = s.groups.iter().any(|g| g.verdict == Verdict::NotMet);
    s.verdict = match s.verdict {
        Verdict::NoData | Verdict::NoCases | Verdict::InProgress => s.verdict,
        _ if group_not_met => Verdict::NotMet,
        // The whole below the target: some group is below it too.
        Verdict::NotMet => Verdict::NotMet,
        _ if !complete => Verdict::NoGroupFigures,
        _ => Verdict::Met,
    };
    if let Some(lagging) = s.lagging_group(indicator.direction).filter(|_| complete) {
        let g = &s.groups[usize::from(lagging) - 1];
        (s.attainment_pct, s.gap) = (g.attainment_pct, g.gap);
    } else if s.verdict == Verdict::NoGroupFigures {
        // The whole's distance to the target would read as a verdict: the groups decide.
        (s.attainment_pct, s.gap) = (None, None);
    }
    s
}

/// Computes an indicator's standing for a period from the current figures.
///
/// - ratio: Σ numerators / Σ denominators × scale over the contributors that
///   reported; a 0 of 0 is a complete report of no cases and adds nothing;
/// - value: the reported value (the mean, should several contributors report one);
/// - yes/no: yes when every contributor that reported says yes;
/// - share of units: % of expected units reaching the threshold in every quarter;
/// - share of quarters: % of reported (unit, quarter) cells reaching the threshold.
///
/// A 6-month value of an accumulating indicator is [`Verdict::InProgress`].
pub fn standing(
    plan: &Plan,
    indicator_index: u16,
    period: Period,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Standing {
    let indicator = &plan.indicators[indicator_index as usize];
    let cells = contributor_figures(plan, indicator_index, period, figure_of);
    let whole = judge(indicator, period, compute(indicator, &cells));
    let groups = indicator.group_count(plan);
    if groups == 0 {
        return whole;
    }
    let groups = (1..=groups)
        .map(|g| {
            let cells = group_figures(plan, indicator_index, period, g, figure_of);
            judge(indicator, period, compute(indicator, &cells))
        })
        .collect();
    combine(indicator, whole, groups)
}

/// Each contributor's own standing (a commune's value, for comparing communes),
/// in contributor order: the district computation over that contributor's
/// figures alone, so a share of units is 0 or 100 % for one commune, and coverage
/// counts its own cells. One pass over the contributors' figures, so it stays
/// linear with thousands of communes.
pub fn contributor_standings(
    plan: &Plan,
    indicator_index: u16,
    period: Period,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Vec<(u16, Standing)> {
    let indicator = &plan.indicators[indicator_index as usize];
    let cells = contributor_figures(plan, indicator_index, period, figure_of);
    cells
        .chunk_by(|a, b| a.unit == b.unit)
        .map(|own| {
            (
                own[0].unit,
                judge(indicator, period, compute(indicator, own)),
            )
        })
        .collect()
}

/// The last year whose annual value is known at the end of `period`.
fn last_complete_year(period: Period) -> i32 {
    match period {
        Period::Year(y) => y,
        Period::Half(y, _) | Period::Quarter(y, _) => y - 1,
    }
}

/// The outlook shown beside a period's standing: the progress measure over the
/// annual values up to that period, never beyond it. For a 6-month value that is
/// judged (an indicator measured at a point in time), that value is the latest
/// observation, so the outlook says "target achieved" exactly when the period's
/// status is "met". For an indicator broken down by group it follows the lagging
/// group. None where the period has no value to look ahead from.
pub fn outlook(
    plan: &Plan,
    indicator_index: u16,
    standing: &Standing,
    figure_of: &dyn Fn(&Key) -> Option<Figure>,
) -> Option<Assessment> {
    let standing_of = |year| self::standing(plan, indicator_index, year, figure_of);
    outlook_given(plan, indicator_index, standing, &standing_of)
}

/// [`outlook`], for a caller that has already computed some of the indicator's
/// standings: `standing_of(year)` gives the indicator's [`standing`] for a year.
pub fn outlook_given(
    plan: &Plan,
    indicator_index: u16,
    standing: &Standing,
    standing_of: &dyn Fn(Period) -> Standing,
) -> Option<Assessment> {
    let indicator = &plan.indicators[indicator_index as usize];
    let value = standing.judged_value(indicator.direction)?;
    let period = standing.period;
    let mut annual: Vec<(i32, f64)> = (plan.meta.start_year..=last_complete_year(period))
        .filter_map(|y| {
            let year = Period::Year(y);
            let v = if year == period {
                Some(value)
            } else {
                standing_of(year).judged_value(indicator.direction)
            };
            v.map(|v| (y, v))
        })
        .collect();
    if !matches!(period, Period::Year(_)) && standing.met().is_some() {
        annual.push((period.year(), value));
    }
    Some(assess(
        indicator.op,
        indicator.direction,
        indicator.target,
        plan.meta.target_year,
        indicator.baseline,
        &annual,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::{Direction, Op};
    use crate::domain::outlook::Outlook;
    use crate::domain::plan::fixture::Small;
    use std::collections::HashMap;

    struct Data {
        small: Small,
        figures: HashMap<Key, Figure>,
    }

    impl Data {
        fn new(small: Small) -> Data {
            Data {
                small,
                figures: HashMap::new(),
            }
        }

        fn plan(&self) -> &Plan {
            &self.small.plan
        }

        fn index(&self, id: &str) -> u16 {
            self.plan()
                .indicators
                .iter()
                .position(|i| i.id == id)
                .unwrap() as u16
        }

        fn set(&mut self, unit: &str, period: &str, indicator: &str, figure: Figure) {
            let key = Key {
                unit: self.small.unit(unit),
                period: Period::parse(period).unwrap(),
                indicator: Some(self.index(indicator)),
                group: 0,
            };
            self.figures.insert(key, figure);
        }

        fn standing(&self, indicator: &str, period: &str) -> Standing {
            let figures = &self.figures;
            standing(
                self.plan(),
                self.index(indicator),
                Period::parse(period).unwrap(),
                &|k| figures.get(k).copied(),
            )
        }

        fn outlook(&self, indicator: &str, period: &str) -> Option<Outlook> {
            let figures = &self.figures;
            let s = self.standing(indicator, period);
            outlook(self.plan(), self.index(indicator), &s, &|k| {
                figures.get(k).copied()
            })
            .map(|a| a.outlook)
        }
    }

    fn ratio(numerator: f64, denominator: f64) -> Figure {
        Figure::Ratio {
            numerator,
            denominator,
        }
    }

    /// A plan with "r", a percentage ≥ 60 from the three communes.
    fn communes_ratio() -> Data {
        let mut small = Small::new();
        small.commune_ratio("r", 60.0);
        Data::new(small)
    }

    /// A plan with one indicator from the office.
    fn office(op: Op, target: Option<f64>, direction: Direction, measure: Measure) -> Data {
        let mut small = Small::new();
        small.indicator("x", (op, target), direction, measure, &["office"]);
        Data::new(small)
    }

    #[test]
    fn a_contributors_own_standing_counts_its_figures_alone() {
        let mut d = communes_ratio();
        d.set("c1", "2025", "r", ratio(300.0, 1000.0));
        d.set("c2", "2025", "r", ratio(900.0, 1000.0));
        let figures = &d.figures;
        let all = contributor_standings(
            d.plan(),
            d.index("r"),
            Period::parse("2025").unwrap(),
            &|k| figures.get(k).copied(),
        );
        assert_eq!(all.len(), 3, "one per commune");
        let own = |unit: &str| {
            let unit = d.small.unit(unit);
            all.iter().find(|(u, _)| *u == unit).unwrap().1.clone()
        };
        let c1 = own("c1");
        assert_eq!((c1.value, c1.verdict), (Some(30.0), Verdict::NotMet));
        assert_eq!((c1.coverage.reported, c1.coverage.expected), (1, 1));
        assert_eq!(own("c2").value, Some(90.0));
        assert_eq!(
            (own("c3").value, own("c3").verdict),
            (None, Verdict::NoData)
        );
    }

    #[test]
    fn ratio_sums_numerators_and_denominators_over_communes() {
        let mut d = communes_ratio();
        d.set("c1", "2025", "r", ratio(300.0, 1000.0));
        d.set("c2", "2025", "r", ratio(900.0, 1000.0));
        let s = d.standing("r", "2025");
        assert_eq!(s.value, Some(60.0));
        assert_eq!(s.sums, Some((1200.0, 2000.0)));
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 2,
                expected: 3
            }
        );
        assert!(s.coverage.is_partial());
        assert_eq!(s.verdict, Verdict::Met, "≥ 60 is met by 60.0");
        assert_eq!(s.attainment_pct, Some(100.0));
        assert_eq!(s.gap, Some(0.0));
    }

    #[test]
    fn sums_that_overflow_give_no_value_rather_than_nan() {
        let mut d = communes_ratio();
        d.set("c1", "2025", "r", ratio(f64::MAX, f64::MAX));
        d.set("c2", "2025", "r", ratio(f64::MAX, f64::MAX));
        let s = d.standing("r", "2025");
        assert_eq!(s.value, None);
        assert_eq!(s.attainment_pct, None);
    }

    #[test]
    fn blank_figures_do_not_count_as_reported() {
        let mut d = communes_ratio();
        d.set("c1", "2025", "r", Figure::Blank);
        let s = d.standing("r", "2025");
        assert_eq!((s.value, s.verdict), (None, Verdict::NoData));
        assert_eq!(s.coverage.reported, 0);
    }

    #[test]
    fn zero_of_zero_is_a_complete_report_of_no_cases() {
        let mut d = communes_ratio();
        d.set("c1", "2025", "r", ratio(0.0, 0.0));
        let s = d.standing("r", "2025");
        assert_eq!(s.verdict, Verdict::NoCases);
        assert_eq!(s.value, None);
        assert_eq!(s.coverage.reported, 1, "no cases counts as reported");
        assert_eq!(d.outlook("r", "2025"), None);
        // Beside real cases, it adds nothing to the sums.
        d.set("c2", "2025", "r", ratio(3.0, 4.0));
        d.set("c3", "2025", "r", ratio(0.0, 0.0));
        let s = d.standing("r", "2025");
        assert_eq!(s.value, Some(75.0));
        assert_eq!(s.sums, Some((3.0, 4.0)));
        assert_eq!(s.coverage.reported, 3);
        assert!(!s.coverage.is_partial());
        assert_eq!(s.verdict, Verdict::Met);
    }

    #[test]
    fn scale_per_100000() {
        let mut d = office(
            Op::Le,
            Some(42.0),
            Direction::Lower,
            Measure::Ratio { scale: 100000.0 },
        );
        d.set("office", "2024", "x", ratio(1.0, 1071.0));
        let v = d.standing("x", "2024").value.unwrap();
        assert!((v - 93.370681).abs() < 1e-4, "{v}");
        assert_eq!(d.standing("x", "2024").verdict, Verdict::NotMet);
        // Zero deaths is a value (0 per 100,000), not "no cases".
        d.set("office", "2025", "x", ratio(0.0, 1100.0));
        let s = d.standing("x", "2025");
        assert_eq!((s.value, s.verdict), (Some(0.0), Verdict::Met));
        assert_eq!(s.attainment_pct, None, "target ÷ 0 is undefined");
    }

    #[test]
    fn strict_targets_at_the_boundary() {
        let pct = Measure::Ratio { scale: 100.0 };
        let cases = [
            (Op::Lt, Direction::Lower, 3.0, 10.0, 30.0, Verdict::NotMet),
            (
                Op::Gt,
                Direction::Higher,
                99.0,
                100.0,
                99.0,
                Verdict::NotMet,
            ),
            (Op::Ge, Direction::Higher, 1.0, 2.0, 50.0, Verdict::Met),
            (Op::Le, Direction::Lower, 109.0, 100.0, 109.0, Verdict::Met),
        ];
        for (op, direction, n, dd, target, verdict) in cases {
            let mut d = office(op, Some(target), direction, pct);
            d.set("office", "2025", "x", ratio(n, dd));
            assert_eq!(d.standing("x", "2025").verdict, verdict, "{op} {target}");
        }
    }

    #[test]
    fn lower_is_better_attainment() {
        let mut d = office(
            Op::Le,
            Some(18.0),
            Direction::Lower,
            Measure::Ratio { scale: 1000.0 },
        );
        d.set("office", "2025", "x", ratio(36.0, 1000.0));
        let s = d.standing("x", "2025");
        assert_eq!(s.value, Some(36.0));
        assert_eq!(s.attainment_pct, Some(50.0), "target ÷ value × 100");
        assert_eq!(s.gap, Some(18.0));
    }

    #[test]
    fn value_and_yes_no() {
        let mut d = office(Op::Le, Some(1.7), Direction::Lower, Measure::Value);
        d.set("office", "2025", "x", Figure::Number(1.8));
        let s = d.standing("x", "2025");
        assert_eq!((s.value, s.verdict), (Some(1.8), Verdict::NotMet));
        let mut d = office(Op::Yes, None, Direction::Higher, Measure::YesNo);
        d.set("office", "2025", "x", Figure::YesNo(true));
        let s = d.standing("x", "2025");
        assert_eq!(
            (s.value, s.verdict, s.attainment_pct),
            (Some(1.0), Verdict::Met, Some(100.0))
        );
        d.set("office", "2024", "x", Figure::YesNo(false));
        let s = d.standing("x", "2024");
        assert_eq!((s.verdict, s.attainment_pct), (Verdict::NotMet, Some(0.0)));
    }

    #[test]
    fn share_of_quarters_counts_reported_cells_meeting_the_threshold() {
        let mut small = Small::new();
        small.commune_share("q", 4.0, ShareOf::Quarters);
        let mut d = Data::new(small);
        d.set("c1", "2025-Q1", "q", Figure::Number(4.0));
        d.set("c1", "2025-Q2", "q", Figure::Number(3.0));
        d.set("c2", "2025-Q1", "q", Figure::Number(5.0));
        d.set("c2", "2025-Q2", "q", Figure::Blank);
        let s = d.standing("q", "2025-H1");
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 3,
                expected: 6
            }
        );
        let v = s.value.unwrap();
        assert!((v - 200.0 / 3.0).abs() < 1e-9, "{v}");
        assert_eq!(s.verdict, Verdict::NotMet);
        // A year holds Q1–Q4.
        assert_eq!(d.standing("q", "2025").coverage.expected, 12);
    }

    /// A commune's own share of units is 0 or 100 %, not its part of the district's.
    #[test]
    fn a_communes_own_share_of_units_is_all_or_nothing() {
        let mut small = Small::new();
        small.commune_share("s", 4.0, ShareOf::Units);
        let mut d = Data::new(small);
        for q in 1..=4 {
            d.set("c1", &format!("2025-Q{q}"), "s", Figure::Number(5.0));
            d.set("c2", &format!("2025-Q{q}"), "s", Figure::Number(2.0));
        }
        let figures = &d.figures;
        let all = contributor_standings(
            d.plan(),
            d.index("s"),
            Period::parse("2025").unwrap(),
            &|k| figures.get(k).copied(),
        );
        let own = |unit: &str| {
            let unit = d.small.unit(unit);
            all.iter().find(|(u, _)| *u == unit).unwrap().1.value
        };
        assert_eq!((own("c1"), own("c2")), (Some(100.0), Some(0.0)));
    }

    #[test]
    fn share_of_units_needs_every_quarter_of_the_period() {
        let mut small = Small::new();
        small.commune_share("s", 4.0, ShareOf::Units);
        let mut d = Data::new(small);
        for q in 1..=4 {
            d.set("c1", &format!("2025-Q{q}"), "s", Figure::Number(4.0));
            // c2 misses the threshold in Q3 only: 3 of 4 cells, but not a commune
            // that reached it every quarter.
            let n = if q == 3 { 3.0 } else { 6.0 };
            d.set("c2", &format!("2025-Q{q}"), "s", Figure::Number(n));
        }
        // c3 reported two quarters, both above the threshold.
        d.set("c3", "2025-Q1", "s", Figure::Number(9.0));
        d.set("c3", "2025-Q2", "s", Figure::Number(9.0));
        let s = d.standing("s", "2025");
        let v = s.value.unwrap();
        assert!((v - 100.0 / 3.0).abs() < 1e-9, "1 of 3 communes: {v}");
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 2,
                expected: 3
            },
            "communes with every quarter reported"
        );
        assert_eq!(s.verdict, Verdict::NotMet);
        // In the first half-year every commune reached it in both quarters.
        let s = d.standing("s", "2025-H1");
        assert_eq!((s.value, s.verdict), (Some(100.0), Verdict::Met));
        assert_eq!(s.coverage.reported, 3);
        // No quarter reported at all: no data.
        assert_eq!(d.standing("s", "2024").verdict, Verdict::NoData);
    }

    #[test]
    fn half_year_value_of_an_accumulating_indicator_is_in_progress() {
        let mut d = communes_ratio();
        d.small.plan.indicators[0].accumulates = true;
        d.set("c1", "2025-H1", "r", ratio(300.0, 1000.0));
        let s = d.standing("r", "2025-H1");
        assert_eq!(s.verdict, Verdict::InProgress);
        assert_eq!(s.met(), None);
        assert_eq!(s.value, Some(30.0));
        assert_eq!(
            s.attainment_pct,
            Some(50.0),
            "half of the annual target so far"
        );
        assert_eq!(s.gap, None);
        // The annual value is judged as usual.
        d.set("c1", "2025", "r", ratio(300.0, 1000.0));
        assert_eq!(d.standing("r", "2025").verdict, Verdict::NotMet);
        // A point-in-time indicator's 6-month value is judged.
        d.small.plan.indicators[0].accumulates = false;
        assert_eq!(d.standing("r", "2025-H1").verdict, Verdict::NotMet);
    }

    #[test]
    fn outlook_from_annual_values_worked_example() {
        let mut d = office(
            Op::Ge,
            Some(50.0),
            Direction::Higher,
            Measure::Ratio { scale: 100.0 },
        );
        d.set("office", "2021", "x", ratio(40.0, 100.0));
        d.set("office", "2023", "x", ratio(44.0, 100.0));
        let figures = &d.figures;
        let s = d.standing("x", "2023");
        let a = outlook(d.plan(), 0, &s, &|k| figures.get(k).copied()).unwrap();
        assert_eq!(a.outlook, Outlook::AccelerationNeeded);
        assert!((a.ratio.unwrap() - 0.85).abs() < 0.005, "{:?}", a.ratio);
    }

    /// Contradiction 1: "on track" on a period without data.
    #[test]
    fn no_outlook_for_a_period_without_data() {
        let mut d = office(
            Op::Ge,
            Some(50.0),
            Direction::Higher,
            Measure::Ratio { scale: 100.0 },
        );
        d.set("office", "2021", "x", ratio(40.0, 100.0));
        d.set("office", "2022", "x", ratio(45.0, 100.0));
        assert_eq!(d.outlook("x", "2022"), Some(Outlook::OnTrack));
        assert_eq!(d.outlook("x", "2023-H1"), None);
        assert_eq!(d.outlook("x", "2023"), None);
    }

    /// Contradiction 2: a 6-month value of 117 shown "on track" because the
    /// outlook read the annual value that came after it.
    #[test]
    fn outlook_never_reads_values_after_the_period() {
        let mut d = office(
            Op::Le,
            Some(109.0),
            Direction::Lower,
            Measure::Ratio { scale: 100.0 },
        );
        d.set("office", "2021", "x", ratio(112.8, 100.0));
        d.set("office", "2022-H1", "x", ratio(117.0, 100.0));
        d.set("office", "2022", "x", ratio(110.0, 100.0));
        assert_eq!(d.outlook("x", "2022"), Some(Outlook::OnTrack));
        assert_eq!(d.outlook("x", "2022-H1"), Some(Outlook::Deterioration));
        assert_eq!(
            d.outlook("x", "2021"),
            Some(Outlook::InsufficientData),
            "one year is no trend, whatever came later"
        );
    }

    /// Contradiction 3: "target achieved" beside "not met".
    #[test]
    fn outlook_is_target_achieved_exactly_when_the_period_is_met() {
        let mut d = office(
            Op::Eq,
            Some(100.0),
            Direction::Higher,
            Measure::Ratio { scale: 100.0 },
        );
        d.set("office", "2023", "x", ratio(95.0, 100.0));
        d.set("office", "2024", "x", ratio(100.0, 100.0));
        d.set("office", "2025-H1", "x", ratio(99.3, 100.0));
        d.set("office", "2025", "x", ratio(100.0, 100.0));
        for period in ["2023", "2024", "2025-H1", "2025"] {
            let s = d.standing("x", period);
            let achieved = d.outlook("x", period) == Some(Outlook::TargetAchieved);
            assert_eq!(achieved, s.verdict == Verdict::Met, "{period}");
        }
        assert_eq!(d.standing("x", "2025-H1").verdict, Verdict::NotMet);
    }

    #[test]
    fn outlook_of_a_value_in_progress_looks_only_at_past_years() {
        let mut d = communes_ratio();
        d.small.plan.indicators[0].accumulates = true;
        d.set("c1", "2023", "r", ratio(40.0, 100.0));
        d.set("c1", "2024", "r", ratio(60.0, 100.0));
        d.set("c1", "2025-H1", "r", ratio(30.0, 100.0));
        assert_eq!(
            d.outlook("r", "2025-H1"),
            Some(Outlook::TargetAchieved),
            "2024 met the target; a half-year's progress does not undo it"
        );
        assert_eq!(d.standing("r", "2025-H1").verdict, Verdict::InProgress);
    }

    /// A plan with "g", a percentage > 99 that boys and girls must each reach,
    /// reported by the office in groups 1 (male) and 2 (female).
    fn by_sex() -> Data {
        let mut small = Small::new();
        let i = small.indicator(
            "g",
            (Op::Gt, Some(99.0)),
            Direction::Higher,
            Measure::Ratio { scale: 100.0 },
            &["office"],
        );
        small.by_sex(i);
        Data::new(small)
    }

    impl Data {
        fn set_group(&mut self, period: &str, group: u8, figure: Figure) {
            let key = Key {
                unit: self.small.unit("office"),
                period: Period::parse(period).unwrap(),
                indicator: Some(0),
                group,
            };
            self.figures.insert(key, figure);
        }
    }

    #[test]
    fn met_only_when_every_group_meets() {
        let mut d = by_sex();
        // Boys 998/1000, girls 985/1000: together 99.15 %, above 99, but the girls
        // are below it.
        d.set_group("2025", 1, ratio(998.0, 1000.0));
        d.set_group("2025", 2, ratio(985.0, 1000.0));
        let s = d.standing("g", "2025");
        assert!((s.value.unwrap() - 99.15).abs() < 1e-9, "{:?}", s.value);
        assert_eq!(
            s.sums,
            Some((1983.0, 2000.0)),
            "the whole is the sum of the groups"
        );
        assert_eq!(s.groups.len(), 2);
        assert_eq!(s.groups[0].verdict, Verdict::Met);
        assert_eq!(s.groups[1].verdict, Verdict::NotMet);
        assert_eq!(s.verdict, Verdict::NotMet);
        assert_eq!(s.lagging_group(Direction::Higher), Some(2));
        let (gap, high, low) = s.group_gap().unwrap();
        assert!((gap - 1.3).abs() < 1e-9, "{gap}");
        assert_eq!((high, low), (1, 2));
        assert_eq!(
            s.attainment_pct, s.groups[1].attainment_pct,
            "the lagging group's"
        );
        // When the girls catch up, it is met.
        d.set_group("2025", 2, ratio(995.0, 1000.0));
        assert_eq!(d.standing("g", "2025").verdict, Verdict::Met);
    }

    #[test]
    fn a_total_without_the_groups_cannot_be_met() {
        let mut d = by_sex();
        d.set("office", "2025", "g", ratio(995.0, 1000.0));
        let s = d.standing("g", "2025");
        assert_eq!(s.value, Some(99.5));
        assert!(!s.groups_complete());
        assert_eq!(
            s.verdict,
            Verdict::NoGroupFigures,
            "met needs every group's figure; without them the verdict is withheld, never not met"
        );
        assert_eq!(s.met(), None);
        assert_eq!(s.gap, None, "no distance that reads as a verdict");
        assert_eq!(s.attainment_pct, None);
        // A total below the target keeps its distance to it.
        d.set("office", "2024", "g", ratio(980.0, 1000.0));
        assert_eq!(d.standing("g", "2024").gap, Some(-1.0));
        assert_eq!(d.standing("g", "2024").verdict, Verdict::NotMet);
        assert_eq!(
            d.outlook("g", "2025"),
            None,
            "nothing to judge the groups on"
        );
        // A total sent beside the groups is the whole; the groups are judged.
        d.set_group("2025", 1, ratio(497.0, 500.0));
        d.set_group("2025", 2, ratio(496.0, 498.0));
        let s = d.standing("g", "2025");
        assert_eq!(s.sums, Some((995.0, 1000.0)));
        assert_eq!(s.verdict, Verdict::Met);
        assert_eq!(d.outlook("g", "2025"), Some(Outlook::TargetAchieved));
    }

    #[test]
    fn outlook_of_a_broken_down_indicator_follows_the_lagging_group() {
        let mut d = by_sex();
        for (year, girls) in [("2021", 900.0), ("2023", 950.0), ("2025", 985.0)] {
            d.set_group(year, 1, ratio(998.0, 1000.0));
            d.set_group(year, 2, ratio(girls, 1000.0));
        }
        for period in ["2021", "2023", "2025"] {
            let s = d.standing("g", period);
            assert_eq!(s.verdict, Verdict::NotMet, "{period}");
            let outlook = d.outlook("g", period).unwrap();
            assert_ne!(outlook, Outlook::TargetAchieved, "{period}");
        }
        assert_eq!(
            d.outlook("g", "2023"),
            Some(Outlook::OnTrack),
            "the girls' trend"
        );
    }

    fn day(text: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// c1 and c2 merge into `c-new` on 1 July 2025.
    fn merged(mut small: Small) -> Small {
        small.new_unit(
            "c-new",
            crate::domain::plan::UnitKind::Commune,
            Some(day("2025-07-01")),
        );
        small.end("c1", day("2025-06-30"), &["c-new"]);
        small.end("c2", day("2025-06-30"), &["c-new"]);
        small
    }

    #[test]
    fn an_ended_units_figure_for_a_period_it_existed_in_counts() {
        let mut small = Small::new();
        small.commune_ratio("r", 60.0);
        let mut d = Data::new(merged(small));
        // Recorded before the plan knew of the merger: c1's and c2's 2025 figures.
        d.set("c1", "2025", "r", ratio(30.0, 100.0));
        d.set("c2", "2025", "r", ratio(50.0, 100.0));
        let s = d.standing("r", "2025");
        assert_eq!(s.sums, Some((80.0, 200.0)), "{s:?}");
        assert_eq!(s.value, Some(40.0));
        // Counted: c1 and c2 (their figures), c3 and c-new (they owe 2025).
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 2,
                expected: 4
            }
        );
        // Without a figure, a unit that ended before the round was due owes
        // nothing for it: the year expects c3 and c-new.
        let mut d = Data::new(merged({
            let mut small = Small::new();
            small.commune_ratio("r", 60.0);
            small
        }));
        d.set("c3", "2025", "r", ratio(1.0, 2.0));
        let s = d.standing("r", "2025");
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 1,
                expected: 2
            }
        );
    }

    #[test]
    fn a_figure_for_a_period_the_unit_did_not_exist_in_does_not_count() {
        let mut small = Small::new();
        small.commune_share("s", 4.0, ShareOf::Units);
        let mut d = Data::new(merged(small));
        // c1 sent Q3 after it ended: it did not exist then, the figure is not its.
        d.set("c1", "2025-Q3", "s", Figure::Number(0.0));
        d.set("c-new", "2025-Q3", "s", Figure::Number(5.0));
        d.set("c-new", "2025-Q4", "s", Figure::Number(5.0));
        let cells = contributor_figures(d.plan(), 0, Period::Year(2025), &|k| {
            d.figures.get(k).copied()
        });
        let c1 = d.small.unit("c1");
        let own: Vec<Period> = cells
            .iter()
            .filter(|c| c.unit == c1)
            .map(|c| c.period)
            .collect();
        assert_eq!(
            own,
            [Period::Quarter(2025, 1), Period::Quarter(2025, 2)],
            "{cells:?}"
        );
        let s = d.standing("s", "2025");
        // c-new reached 4 in both its quarters; c1, c2 and c3 sent nothing else.
        assert_eq!(s.value, Some(25.0), "{s:?}");
    }

    #[test]
    fn a_new_commune_is_complete_with_the_quarters_it_existed_in() {
        let mut small = Small::new();
        small.commune_share("s", 4.0, ShareOf::Units);
        let mut d = Data::new(merged(small));
        for q in 1..=4 {
            d.set("c3", &format!("2025-Q{q}"), "s", Figure::Number(4.0));
        }
        for q in 1..=2 {
            d.set("c1", &format!("2025-Q{q}"), "s", Figure::Number(4.0));
            d.set("c2", &format!("2025-Q{q}"), "s", Figure::Number(1.0));
        }
        for q in 3..=4 {
            d.set("c-new", &format!("2025-Q{q}"), "s", Figure::Number(6.0));
        }
        let s = d.standing("s", "2025");
        // Every unit that owed a quarter of 2025 is in, each with its own
        // quarters: c1, c3 and c-new reached 4 in each; c2 did not.
        assert_eq!(
            s.coverage,
            Coverage {
                reported: 4,
                expected: 4
            }
        );
        assert_eq!(s.value, Some(75.0));
        let new = d.small.unit("c-new");
        let own = contributor_standings(d.plan(), 0, Period::Year(2025), &|k| {
            d.figures.get(k).copied()
        });
        let (_, standing) = own.iter().find(|(u, _)| *u == new).unwrap();
        assert_eq!(
            (standing.value, standing.coverage.expected),
            (Some(100.0), 1)
        );
    }

    mod ending {
        use super::*;
        use proptest::prelude::*;

        /// The small plan with a ratio, a value and both shares, every commune's
        /// figure for every period of 2024–2025 from `seed`.
        fn data(seed: &[u8]) -> Data {
            let mut small = Small::new();
            small.commune_ratio("r", 60.0);
            small.commune_share("u", 4.0, ShareOf::Units);
            small.commune_share("q", 4.0, ShareOf::Quarters);
            small.indicator(
                "v",
                (Op::Ge, Some(1.0)),
                Direction::Higher,
                Measure::Value,
                &["office", "c1"],
            );
            let mut d = Data::new(small);
            let mut n = seed.iter().cycle().copied();
            for unit in ["office", "c1", "c2", "c3"] {
                for year in 2024..=2025 {
                    for period in [format!("{year}"), format!("{year}-H1")] {
                        // 0: nothing sent, so coverage and "no data" are tried too.
                        match n.next().unwrap_or(0) % 4 {
                            0 => {}
                            k => {
                                d.set(unit, &period, "r", ratio(f64::from(k), 4.0));
                                d.set(unit, &period, "v", Figure::Number(f64::from(k)));
                            }
                        }
                    }
                    for q in 1..=4 {
                        let k = n.next().unwrap_or(0) % 7;
                        if k > 0 {
                            let quarter = format!("{year}-Q{q}");
                            d.set(unit, &quarter, "u", Figure::Number(f64::from(k)));
                            d.set(unit, &quarter, "q", Figure::Number(f64::from(k)));
                        }
                    }
                }
            }
            d
        }

        fn periods() -> Vec<Period> {
            let mut all = vec![];
            for year in 2024..=2025 {
                all.extend([Period::Year(year), Period::Half(year, 1)]);
                all.extend(Period::Year(year).quarters());
            }
            all
        }

        /// The figures behind every indicator's value for a period, with the
        /// indicator's index.
        fn cells(d: &Data, period: Period) -> Vec<(u16, ContributorFigure)> {
            let figure_of = |k: &Key| d.figures.get(k).copied();
            (0..d.plan().indicators.len() as u16)
                .flat_map(|i| {
                    contributor_figures(d.plan(), i, period, &figure_of)
                        .into_iter()
                        .map(move |c| (i, c))
                })
                .collect()
        }

        /// The small plan with `unit` ending after `days` from mid-2023, its
        /// duties passing to `successor`.
        fn ended(
            seed: &[u8],
            unit: usize,
            successor: Option<usize>,
            days: i64,
        ) -> (Data, chrono::NaiveDate) {
            let mut d = data(seed);
            let ids = ["office", "c1", "c2", "c3"];
            let ends = day("2023-06-30") + chrono::Duration::days(days);
            let successors: Vec<&str> = successor
                .filter(|&s| s != unit)
                .map(|s| ids[s])
                .into_iter()
                .collect();
            d.small.end(ids[unit], ends, &successors);
            (d, ends)
        }

        proptest! {
            /// Giving a unit an end date (with any successors) never changes the
            /// standing (value, coverage) of a period that ended, and whose round
            /// was due, on or before that date.
            #[test]
            fn ending_a_unit_never_changes_an_earlier_periods_standing(
                seed in proptest::collection::vec(any::<u8>(), 1..64),
                unit in 0usize..4,
                successor in proptest::option::of(0usize..4),
                days in 0i64..(3 * 366),
            ) {
                let before = data(&seed);
                let (after, ends) = ended(&seed, unit, successor, days);
                for period in periods() {
                    let due = before.plan().round_for(period).map_or(ends, |r| r.due);
                    if crate::domain::plan::period_bounds(period).1 > ends || due > ends {
                        continue;
                    }
                    for indicator in ["r", "u", "q", "v"] {
                        let p = period.to_string();
                        let (b, a) = (before.standing(indicator, &p), after.standing(indicator, &p));
                        prop_assert_eq!(&b, &a, "{} {} ends {}", indicator, p, ends);
                    }
                }
            }

            /// Giving a unit an end date never hides a figure it recorded for a
            /// period it existed in (one that began by that date), whenever the
            /// period's figures were due: the figure still counts, as it was.
            #[test]
            fn ending_a_unit_never_hides_a_figure_it_recorded_while_it_existed(
                seed in proptest::collection::vec(any::<u8>(), 1..64),
                unit in 0usize..4,
                successor in proptest::option::of(0usize..4),
                days in 0i64..(3 * 366),
            ) {
                let before = data(&seed);
                let (after, ends) = ended(&seed, unit, successor, days);
                for period in periods() {
                    let after_cells = cells(&after, period);
                    for (indicator, cell) in cells(&before, period) {
                        if cell.unit != unit as u16
                            || cell.figure.is_none()
                            || crate::domain::plan::period_bounds(cell.period).0 > ends
                        {
                            continue;
                        }
                        prop_assert!(
                            after_cells.contains(&(indicator, cell.clone())),
                            "{:?} of {} ends {}", cell, period, ends
                        );
                    }
                }
            }
        }
    }
}

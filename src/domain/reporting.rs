//! Who owes which report, and whether it came on time and complete.

use super::duties::Duties;
use super::figure::{Figure, Key};
use super::ledger::Ledger;
use super::measure::Frequency;
use super::period::{Period, Round};
use crate::domain::plan::Plan;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Missing,
    Incomplete,
    Late,
    OnTime,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Missing => "missing",
            ReportStatus::Incomplete => "incomplete",
            ReportStatus::Late => "late",
            ReportStatus::OnTime => "on_time",
        }
    }

    /// Still to chase: nothing sent, or something left out.
    pub fn is_outstanding(self) -> bool {
        matches!(self, ReportStatus::Missing | ReportStatus::Incomplete)
    }
}

/// One unit's report for one round.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitReport {
    pub unit: u16,
    pub status: ReportStatus,
    /// The earliest submitted date among the round's rows.
    pub submitted: Option<NaiveDate>,
    /// Missing: days from the due date to the as-of date. Late: days after the due
    /// date it came. Incomplete: days the missing parts are overdue. Otherwise 0.
    pub days_late: i64,
    /// Indicators with a figure missing or blank (ids' indices), in plan order.
    pub missing_indicators: Vec<u16>,
}

/// Whether a unit owes a round: the round asks it (every unit for a scheduled
/// round, those named for an ad hoc report: [`Plan::asks`]), and it exists on the
/// due date (it has not ended, and has started). The one definition `overdue`,
/// `remind` and `template` share.
pub fn owes(plan: &Plan, unit: u16, round: &Round) -> bool {
    plan.asks(round, unit) && Duties::of_round(plan, round).exists(unit)
}

/// Whether a unit owes an indicator's figures in a round: the round asks for the
/// indicator ([`Plan::asks_for`]) and the unit contributes it on the due date.
pub fn owes_figures(
    plan: &Plan,
    duties: &Duties,
    round: &Round,
    indicator: u16,
    unit: u16,
) -> bool {
    plan.asks_for(round, indicator) && duties.is_contributor(indicator, unit)
}

/// Every owing unit's report for a round, as of a day.
pub fn round_reports(
    plan: &Plan,
    round: &Round,
    rounds: &[Round],
    ledger: &Ledger,
    as_of: NaiveDate,
) -> Vec<UnitReport> {
    // A round's report arrives as rows for its period, or for the quarters it brings
    // in (an annual report after a 6-month one brings Q3 and Q4).
    let mut report_periods = vec![round.period];
    report_periods.extend(round.own_quarters(rounds));
    let overdue = round.days_late(as_of).max(0);
    let duties = Duties::of_round(plan, round);
    let mut reports = Vec::new();
    for unit in 0..plan.units.len() as u16 {
        if !owes(plan, unit, round) {
            continue;
        }
        let submitted = report_periods
            .iter()
            .filter_map(|p| ledger.first_submitted(unit, *p))
            .min();
        let mut missing_indicators = Vec::new();
        for (index, indicator) in plan.indicators.iter().enumerate() {
            if !owes_figures(plan, &duties, round, index as u16, unit) {
                continue;
            }
            // Only the periods the unit existed in: a commune formed on 1 July
            // owes the year's Q3 and Q4, not Q1 and Q2.
            let periods: Vec<Period> = match indicator.frequency {
                Frequency::Quarter => round.period.quarters(),
                Frequency::Round => vec![round.period],
            }
            .into_iter()
            .filter(|&p| duties.owes(plan, index as u16, unit, p))
            .collect();
            let groups = indicator.group_count(plan);
            let complete = periods.iter().all(|&period| {
                let key = Key {
                    unit,
                    period,
                    indicator: Some(index as u16),
                    group: 0,
                };
                // An indicator reported by group (by sex) needs every group.
                match groups {
                    0 => ledger.has_figure(&key),
                    n => (1..=n).all(|group| ledger.has_figure(&Key { group, ..key })),
                }
            });
            if !complete {
                missing_indicators.push(index as u16);
            }
        }
        let (status, days_late) = match submitted {
            None => (ReportStatus::Missing, round.days_late(as_of)),
            Some(_) if !missing_indicators.is_empty() => (ReportStatus::Incomplete, overdue),
            Some(d) if round.is_late(d) => (ReportStatus::Late, round.days_late(d)),
            Some(_) => (ReportStatus::OnTime, 0),
        };
        reports.push(UnitReport {
            unit,
            status,
            submitted,
            days_late,
            missing_indicators,
        });
    }
    reports
}

/// The latest round for which any unit has a figure in force (quarters count for
/// their round: Q1 and Q2 for the 6-month report, not also for the annual report
/// that follows): what a command shows when no period is named.
pub fn latest_round_with_data(plan: &Plan, ledger: &Ledger) -> Option<Round> {
    let periods = periods_with_figures(ledger);
    let rounds = plan.rounds();
    rounds
        .iter()
        .rev()
        .find(|round| {
            periods.contains(&round.period)
                || round
                    .own_quarters(&rounds)
                    .iter()
                    .any(|q| periods.contains(q))
        })
        .copied()
}

/// The periods for which some key has a figure in force. A period already found
/// is not asked about again: with millions of revisions and a handful of periods,
/// the ledger is asked about a few keys instead of every one.
fn periods_with_figures(ledger: &Ledger) -> rustc_hash::FxHashSet<Period> {
    let mut periods = rustc_hash::FxHashSet::default();
    for revision in ledger.revisions() {
        if matches!(revision.figure, Figure::Blank | Figure::Narrative) || revision.is_withdrawal()
        {
            continue;
        }
        let key = revision.key();
        if !periods.contains(&key.period) && ledger.has_figure(&key) {
            periods.insert(key.period);
        }
    }
    periods
}

/// Reporting rates as DHIS2 defines them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub expected: usize,
    pub received: usize,
    pub on_time: usize,
}

impl Rates {
    pub fn of(reports: &[UnitReport], round: &Round) -> Rates {
        Rates {
            expected: reports.len(),
            received: reports.iter().filter(|r| r.submitted.is_some()).count(),
            on_time: reports
                .iter()
                .filter(|r| r.submitted.is_some_and(|d| !round.is_late(d)))
                .count(),
        }
    }

    /// Reports received ÷ reports expected, in %.
    pub fn reporting_rate(self) -> Option<f64> {
        (self.expected > 0).then(|| self.received as f64 / self.expected as f64 * 100.0)
    }

    /// Reports received on time ÷ reports expected, in %.
    pub fn on_time_rate(self) -> Option<f64> {
        (self.expected > 0).then(|| self.on_time as f64 / self.expected as f64 * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::ShareOf;
    use crate::domain::plan::UnitKind;
    use crate::domain::plan::fixture::Small;
    use crate::domain::revision::{NO_NOTE, Revision};

    /// Revisions as recorded, from (key, figure, submitted) in recording order; a
    /// narrative report has its text (note 0).
    fn recorded(figures: Vec<(Key, Figure, NaiveDate)>) -> Vec<Revision> {
        figures
            .into_iter()
            .enumerate()
            .map(|(i, (key, figure, day))| {
                let note = if figure == Figure::Narrative {
                    0
                } else {
                    NO_NOTE
                };
                Revision::figure(&key, figure, day, note, i as u32)
            })
            .collect()
    }

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn key(unit: u16, period: Period, indicator: Option<u16>, group: u8) -> Key {
        Key {
            unit,
            period,
            indicator,
            group,
        }
    }

    /// The small plan with three commune indicators (a ratio, a ratio by sex, a
    /// quarterly count) and an office without indicators, which owes a narrative
    /// report.
    struct Roster {
        small: Small,
        ratio: u16,
        by_sex: u16,
        quarterly: u16,
        writer: u16,
    }

    fn roster() -> Roster {
        let mut small = Small::new();
        let ratio = small.commune_ratio("r", 50.0);
        let by_sex = small.commune_ratio("g", 50.0);
        small.by_sex(by_sex);
        let quarterly = small.commune_share("q", 4.0, ShareOf::Quarters);
        let writer = small.new_unit("writer", UnitKind::Office, None);
        Roster {
            small,
            ratio,
            by_sex,
            quarterly,
            writer,
        }
    }

    fn report(reports: &[UnitReport], unit: u16) -> &UnitReport {
        reports.iter().find(|r| r.unit == unit).unwrap()
    }

    /// A form sent back with nothing filled in (blank figures, a narrative line
    /// without text) is not a report: the unit is still missing.
    #[test]
    fn lines_left_empty_are_not_a_report() {
        let Roster {
            small,
            ratio,
            writer,
            ..
        } = roster();
        let plan = &small.plan;
        let c1 = small.unit("c1");
        let h1 = Period::Half(2025, 1);
        let round = plan.round_of(h1).unwrap();
        let day = d("2025-06-02");
        let revisions: Vec<Revision> = [
            (key(writer, h1, None, 0), Figure::Narrative),
            (key(c1, h1, Some(ratio), 0), Figure::Blank),
        ]
        .iter()
        .enumerate()
        .map(|(i, (k, f))| Revision::figure(k, *f, day, NO_NOTE, i as u32))
        .collect();
        let as_of = d("2025-06-20");
        let ledger = Ledger::for_plan(plan, &revisions, as_of);
        let reports = round_reports(plan, &round, &plan.rounds(), &ledger, as_of);
        for unit in [writer, c1] {
            let r = report(&reports, unit);
            assert_eq!((r.status, r.submitted), (ReportStatus::Missing, None));
        }
    }

    #[test]
    fn statuses_of_a_round() {
        let Roster {
            small,
            ratio,
            by_sex,
            quarterly,
            writer,
        } = roster();
        let plan = &small.plan;
        let (office, c1, c2, c3) = (
            small.unit("office"),
            small.unit("c1"),
            small.unit("c2"),
            small.unit("c3"),
        );
        let rounds = plan.rounds();
        let h1 = Period::Half(2025, 1);
        let round = plan.round_of(h1).unwrap();
        let q = |n| Period::Quarter(2025, n);
        let half = Figure::Ratio {
            numerator: 1.0,
            denominator: 2.0,
        };
        let one = Figure::Number(4.0);
        // Everything a commune owes for the 6-month round, on a day, with one
        // figure left out or blank.
        let commune = |unit, day: &str, skip: Option<u16>, blank: Option<u16>| {
            let mut figures = vec![
                (key(unit, h1, Some(ratio), 0), half),
                (key(unit, h1, Some(by_sex), 1), half),
                (key(unit, h1, Some(by_sex), 2), half),
                (key(unit, q(1), Some(quarterly), 0), one),
                (key(unit, q(2), Some(quarterly), 0), one),
            ];
            if skip == Some(quarterly) {
                figures.pop();
            }
            figures
                .into_iter()
                .map(|(k, f)| {
                    let f = if blank == k.indicator {
                        Figure::Blank
                    } else {
                        f
                    };
                    (k, f, d(day))
                })
                .collect::<Vec<_>>()
        };
        let mut revisions = vec![
            // writer: a narrative report on time.
            (key(writer, h1, None, 0), Figure::Narrative, d("2025-06-01")),
            // office: a report after the as-of day does not count yet.
            (key(office, h1, None, 0), Figure::Narrative, d("2025-07-01")),
        ];
        // c1: all of it, 4 days late; c2: Q2 left out; c3: the ratio blank.
        revisions.extend(commune(c1, "2025-06-09", None, None));
        revisions.extend(commune(c2, "2025-06-02", Some(quarterly), None));
        revisions.extend(commune(c3, "2025-06-05", None, Some(ratio)));
        let as_of = d("2025-06-20");
        let revisions = recorded(revisions);
        let ledger = Ledger::for_plan(plan, &revisions, as_of);
        let reports = round_reports(plan, &round, &rounds, &ledger, as_of);
        assert_eq!(reports.len(), 5);
        assert_eq!(report(&reports, writer).status, ReportStatus::OnTime);
        let r1 = report(&reports, c1);
        assert_eq!((r1.status, r1.days_late), (ReportStatus::Late, 4));
        let r2 = report(&reports, c2);
        assert_eq!(r2.status, ReportStatus::Incomplete);
        assert_eq!(r2.missing_indicators, vec![quarterly]);
        let r3 = report(&reports, c3);
        assert_eq!(
            (r3.status, r3.missing_indicators.clone()),
            (ReportStatus::Incomplete, vec![ratio])
        );
        let r0 = report(&reports, office);
        assert_eq!(
            (r0.status, r0.days_late, r0.submitted),
            (ReportStatus::Missing, 15, None)
        );
        let rates = Rates::of(&reports, &round);
        assert_eq!((rates.expected, rates.received, rates.on_time), (5, 4, 3));
    }

    #[test]
    fn a_unit_that_ended_owes_no_later_round() {
        let Roster {
            mut small, writer, ..
        } = roster();
        small.end("writer", d("2025-02-28"), &[]);
        let plan = &small.plan;
        let rounds = plan.rounds();
        assert!(owes(
            plan,
            writer,
            &plan.round_of(Period::Year(2024)).unwrap()
        ));
        assert!(!owes(
            plan,
            writer,
            &plan.round_of(Period::Half(2025, 1)).unwrap()
        ));
        let as_of = d("2025-12-31");
        let ledger = Ledger::for_plan(plan, &[], as_of);
        let round = plan.round_of(Period::Year(2025)).unwrap();
        let reports = round_reports(plan, &round, &rounds, &ledger, as_of);
        assert_eq!(reports.len(), 4);
        assert!(reports.iter().all(|r| r.status == ReportStatus::Missing));
    }

    #[test]
    fn quarters_from_the_six_month_report_do_not_make_the_annual_report() {
        let mut small = Small::new();
        let quarterly = small.commune_share("q", 4.0, ShareOf::Quarters);
        let plan = &small.plan;
        let rounds = plan.rounds();
        let c1 = small.unit("c1");
        let q = |n| key(c1, Period::Quarter(2025, n), Some(quarterly), 0);
        let first_half = vec![
            (q(1), Figure::Number(1.0), d("2025-06-01")),
            (q(2), Figure::Number(1.0), d("2025-06-01")),
        ];
        let as_of = d("2025-12-20");
        let annual = plan.round_of(Period::Year(2025)).unwrap();
        let revisions = recorded(first_half.clone());
        let ledger = Ledger::for_plan(plan, &revisions, as_of);
        let reports = round_reports(plan, &annual, &rounds, &ledger, as_of);
        assert_eq!(report(&reports, c1).status, ReportStatus::Missing);
        // With Q3 and Q4 the annual report is there, and complete.
        let mut whole_year = first_half;
        whole_year.push((q(3), Figure::Number(2.0), d("2025-12-10")));
        whole_year.push((q(4), Figure::Number(1.0), d("2025-12-10")));
        let revisions = recorded(whole_year);
        let ledger = Ledger::for_plan(plan, &revisions, as_of);
        let reports = round_reports(plan, &annual, &rounds, &ledger, as_of);
        let r = report(&reports, c1);
        assert_eq!(
            (r.status, r.submitted),
            (ReportStatus::OnTime, Some(d("2025-12-10")))
        );
    }

    /// A commune formed on 1 July owes the year's quarters III and IV only, and
    /// is complete and on time with them.
    #[test]
    fn a_new_commune_is_complete_with_the_quarters_it_existed_in() {
        let Roster {
            mut small,
            ratio,
            by_sex,
            quarterly,
            ..
        } = roster();
        let new = small.new_unit("c-new", UnitKind::Commune, Some(d("2025-07-01")));
        small.end("c1", d("2025-06-30"), &["c-new"]);
        let plan = &small.plan;
        let year = Period::Year(2025);
        let round = plan.round_of(year).unwrap();
        let day = d("2025-12-10");
        let mut sent = vec![(
            key(new, year, Some(ratio), 0),
            Figure::Ratio {
                numerator: 1.0,
                denominator: 2.0,
            },
            day,
        )];
        for group in 1..=2 {
            let figure = Figure::Ratio {
                numerator: 1.0,
                denominator: 2.0,
            };
            sent.push((key(new, year, Some(by_sex), group), figure, day));
        }
        for q in 3..=4 {
            let figure = Figure::Number(5.0);
            sent.push((
                key(new, Period::Quarter(2025, q), Some(quarterly), 0),
                figure,
                day,
            ));
        }
        let revisions = recorded(sent);
        let as_of = d("2025-12-20");
        let ledger = Ledger::for_plan(plan, &revisions, as_of);
        let reports = round_reports(plan, &round, &plan.rounds(), &ledger, as_of);
        let own = report(&reports, new);
        assert_eq!(own.status, ReportStatus::OnTime, "{own:?}");
        assert!(own.missing_indicators.is_empty());
        // The commune that ended owes nothing due after its end.
        assert!(reports.iter().all(|r| r.unit != small.unit("c1")));
    }
}

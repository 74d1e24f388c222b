//! Who owes which report, and whether it came on time and complete.

use super::duties::Duties;
use super::figure::{Figure, Key};
use super::ledger::Ledger;
use super::measure::Frequency;
use super::period::{Period, Round};
use crate::plan::Plan;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// Whether a unit owes a round: it must exist on the due date (it has not ended,
/// and has started).
pub fn owes(plan: &Plan, unit: u16, round: &Round) -> bool {
    Duties::of_round(plan, round).exists(unit)
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
    let overdue = (as_of - round.due).num_days().max(0);
    let duties = Duties::of_round(plan, round);
    let mut reports = Vec::new();
    for unit in 0..plan.units.len() as u16 {
        if !duties.exists(unit) {
            continue;
        }
        let submitted = report_periods
            .iter()
            .filter_map(|p| ledger.first_submitted(unit, *p))
            .min();
        let mut missing_indicators = Vec::new();
        for (index, indicator) in plan.indicators.iter().enumerate() {
            if !duties.is_contributor(index as u16, unit) {
                continue;
            }
            let periods = match indicator.frequency {
                Frequency::Quarter => round.period.quarters(),
                Frequency::Round => vec![round.period],
            };
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
            None => (ReportStatus::Missing, (as_of - round.due).num_days()),
            Some(_) if !missing_indicators.is_empty() => (ReportStatus::Incomplete, overdue),
            Some(d) if d > round.due => (ReportStatus::Late, (d - round.due).num_days()),
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
                .filter(|r| r.submitted.is_some_and(|d| d <= round.due))
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
    use crate::domain::revision::{NO_NOTE, Revision};
    use crate::i18n::Lang;

    /// Revisions as recorded, from (key, figure, submitted) in recording order.
    fn recorded(figures: Vec<(Key, Figure, NaiveDate)>) -> Vec<Revision> {
        figures
            .into_iter()
            .enumerate()
            .map(|(i, (key, figure, day))| Revision::figure(&key, figure, day, NO_NOTE, i as u32))
            .collect()
    }

    fn plan() -> Plan {
        crate::plan::load::parse(include_str!("../../plan.toml"), "plan.toml", Lang::En).unwrap()
    }

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn unit(plan: &Plan, id: &str) -> u16 {
        plan.units.iter().position(|u| u.id == id).unwrap() as u16
    }

    fn ind(plan: &Plan, id: &str) -> Option<u16> {
        Some(plan.indicators.iter().position(|i| i.id == id).unwrap() as u16)
    }

    fn report<'a>(reports: &'a [UnitReport], plan: &Plan, id: &str) -> &'a UnitReport {
        reports.iter().find(|r| r.unit == unit(plan, id)).unwrap()
    }

    #[test]
    fn statuses_of_a_round() {
        let plan = plan();
        let rounds = plan.rounds();
        let round = plan.round_of(Period::Half(2025, 1)).unwrap();
        let h1 = Period::Half(2025, 1);
        let q = |n| Period::Quarter(2025, n);
        let ratio = Figure::Ratio {
            numerator: 1.0,
            denominator: 2.0,
        };
        let mut revisions = vec![
            // tuphap: narrative report on time.
            (
                Key {
                    unit: unit(&plan, "tuphap"),
                    period: h1,
                    indicator: None,
                    group: 0,
                },
                Figure::Narrative,
                d("2025-06-01"),
            ),
            // ttyt: all three, late by 4 days.
            (
                Key {
                    unit: unit(&plan, "ttyt"),
                    period: h1,
                    indicator: ind(&plan, "4.1"),
                    group: 0,
                },
                ratio,
                d("2025-06-09"),
            ),
            (
                Key {
                    unit: unit(&plan, "ttyt"),
                    period: h1,
                    indicator: ind(&plan, "4.2"),
                    group: 0,
                },
                ratio,
                d("2025-06-09"),
            ),
            (
                Key {
                    unit: unit(&plan, "ttyt"),
                    period: h1,
                    indicator: ind(&plan, "4.3"),
                    group: 0,
                },
                ratio,
                d("2025-06-09"),
            ),
            // daitt: Q1 only: incomplete.
            (
                Key {
                    unit: unit(&plan, "daitt"),
                    period: q(1),
                    indicator: ind(&plan, "6.4"),
                    group: 0,
                },
                Figure::Number(1.0),
                d("2025-06-02"),
            ),
            // A report after the as-of date does not count yet.
            (
                Key {
                    unit: unit(&plan, "mttq"),
                    period: h1,
                    indicator: None,
                    group: 0,
                },
                Figure::Narrative,
                d("2025-07-01"),
            ),
        ];
        // gddt: 5.1 blank → incomplete; 5.2a and 5.2b are reported by sex (groups
        // 1 and 2), 5.2b also as a total.
        let by_sex = [
            ("5.1", 0, Figure::Blank),
            ("5.2a", 1, ratio),
            ("5.2a", 2, ratio),
            ("5.2b", 0, ratio),
            ("5.2b", 1, ratio),
            ("5.2b", 2, ratio),
        ];
        for (id, group, figure) in by_sex {
            revisions.push((
                Key {
                    unit: unit(&plan, "gddt"),
                    period: h1,
                    indicator: ind(&plan, id),
                    group,
                },
                figure,
                d("2025-06-05"),
            ));
        }
        let as_of = d("2025-06-20");
        let revisions = recorded(revisions);
        let ledger = Ledger::for_plan(&plan, &revisions, as_of);
        let reports = round_reports(&plan, &round, &rounds, &ledger, as_of);
        assert_eq!(reports.len(), 29);
        assert_eq!(
            report(&reports, &plan, "tuphap").status,
            ReportStatus::OnTime
        );
        let ttyt = report(&reports, &plan, "ttyt");
        assert_eq!((ttyt.status, ttyt.days_late), (ReportStatus::Late, 4));
        let daitt = report(&reports, &plan, "daitt");
        assert_eq!(daitt.status, ReportStatus::Incomplete);
        assert_eq!(daitt.missing_indicators, vec![ind(&plan, "6.4").unwrap()]);
        let gddt = report(&reports, &plan, "gddt");
        assert_eq!(
            (gddt.status, gddt.missing_indicators.len()),
            (ReportStatus::Incomplete, 1)
        );
        let mttq = report(&reports, &plan, "mttq");
        assert_eq!(
            (mttq.status, mttq.days_late, mttq.submitted),
            (ReportStatus::Missing, 15, None)
        );
        let rates = Rates::of(&reports, &round);
        assert_eq!((rates.expected, rates.received, rates.on_time), (29, 4, 3));
    }

    #[test]
    fn a_unit_that_ended_owes_no_later_round() {
        let text = include_str!("../../plan.toml").replacen(
            "id = \"tuphap\"\nkind = \"office\"",
            "id = \"tuphap\"\nkind = \"office\"\nends = \"2025-02-28\"",
            1,
        );
        let plan = crate::plan::load::parse(&text, "plan.toml", Lang::En).unwrap();
        let tuphap = unit(&plan, "tuphap");
        let rounds = plan.rounds();
        assert!(owes(
            &plan,
            tuphap,
            &plan.round_of(Period::Year(2024)).unwrap()
        ));
        assert!(!owes(
            &plan,
            tuphap,
            &plan.round_of(Period::Half(2025, 1)).unwrap()
        ));
        let as_of = d("2025-12-31");
        let ledger = Ledger::for_plan(&plan, &[], as_of);
        let round = plan.round_of(Period::Year(2025)).unwrap();
        let reports = round_reports(&plan, &round, &rounds, &ledger, as_of);
        assert_eq!(reports.len(), 28);
        assert!(reports.iter().all(|r| r.status == ReportStatus::Missing));
    }

    #[test]
    fn quarters_from_the_six_month_report_do_not_make_the_annual_report() {
        let plan = plan();
        let rounds = plan.rounds();
        let daitt = unit(&plan, "daitt");
        let q = |n| Key {
            unit: daitt,
            period: Period::Quarter(2025, n),
            indicator: ind(&plan, "6.4"),
            group: 0,
        };
        let revisions = vec![
            (q(1), Figure::Number(1.0), d("2025-06-01")),
            (q(2), Figure::Number(1.0), d("2025-06-01")),
        ];
        let as_of = d("2025-12-20");
        let revisions = recorded(revisions);
        let ledger = Ledger::for_plan(&plan, &revisions, as_of);
        let annual = plan.round_of(Period::Year(2025)).unwrap();
        let reports = round_reports(&plan, &annual, &rounds, &ledger, as_of);
        let r = reports.iter().find(|r| r.unit == daitt).unwrap();
        assert_eq!(r.status, ReportStatus::Missing);
        // With Q3 and Q4 the annual report is there, and complete.
        let mut revisions = vec![
            (q(1), Figure::Number(1.0), d("2025-06-01")),
            (q(2), Figure::Number(1.0), d("2025-06-01")),
        ];
        revisions.push((q(3), Figure::Number(2.0), d("2025-12-10")));
        revisions.push((q(4), Figure::Number(1.0), d("2025-12-10")));
        let revisions = recorded(revisions);
        let ledger = Ledger::for_plan(&plan, &revisions, as_of);
        let reports = round_reports(&plan, &annual, &rounds, &ledger, as_of);
        let r = reports.iter().find(|r| r.unit == daitt).unwrap();
        assert_eq!(
            (r.status, r.submitted),
            (ReportStatus::OnTime, Some(d("2025-12-10")))
        );
    }
}

//! Small plans built in code, for tests of the domain: a test says exactly the
//! plan it is about, and editing plan.toml cannot break it.

use super::*;
use crate::domain::measure::ShareOf;

fn text(s: &str) -> Text {
    Text {
        en: s.into(),
        vi: s.into(),
    }
}

/// A plan for 2021–2025 with a 6-month report (due 06-05) and an annual report
/// (due 12-15), one office `office` and the communes `c1`, `c2`, `c3`, and no
/// indicators yet: add them with [`Small::indicator`].
pub struct Small {
    pub plan: Plan,
}

impl Default for Small {
    fn default() -> Small {
        Small::new()
    }
}

impl Small {
    pub fn new() -> Small {
        let unit = |id: &str, kind| Unit {
            id: id.into(),
            kind,
            name: text(id),
            short: None,
            code: None,
            aliases: vec![],
            tasks: vec![],
            source: None,
            requested: false,
            starts: None,
            ends: None,
            successors: vec![],
            former_ids: vec![],
            formed_from_outside: vec![],
            contact: Contact::default(),
            namesake: false,
        };
        let report = |period_kind, month, day, name| ReportKind {
            period_kind,
            due: MonthDay { month, day },
            name: text(name),
        };
        Small {
            plan: Plan {
                meta: Meta {
                    title: text("A small plan"),
                    issuer: Body::lasting(text("A district")),
                    ends: None,
                    document_number: String::new(),
                    document_date: String::new(),
                    start_year: 2021,
                    end_year: 2025,
                    target_year: 2025,
                    coordinator: "office".into(),
                    basis: None,
                    goal: None,
                    funding: vec![],
                },
                schedule: Schedule {
                    first_period: Period::Year(2021),
                    last_period: Period::Year(2025),
                    reports: vec![
                        report(PeriodKind::Half, 6, 5, "6-month report"),
                        report(PeriodKind::Year, 12, 15, "Annual report"),
                    ],
                    due_day_late: false,
                    ad_hoc: vec![],
                },
                campaigns: vec![],
                objectives: vec![Objective {
                    number: 1,
                    title: text("Objective"),
                }],
                indicators: vec![],
                units: vec![
                    unit("office", UnitKind::Office),
                    unit("c1", UnitKind::Commune),
                    unit("c2", UnitKind::Commune),
                    unit("c3", UnitKind::Commune),
                ],
                tasks: vec![],
                dimensions: vec![Dimension {
                    id: "sex".into(),
                    name: text("sex"),
                    groups: vec![
                        Group {
                            id: "male".into(),
                            name: text("male"),
                            aliases: vec![],
                        },
                        Group {
                            id: "female".into(),
                            name: text("female"),
                            aliases: vec![],
                        },
                    ],
                }],
                report: Default::default(),
                transfers: vec![],
                previous: None,
                duties: Default::default(),
                unit_tasks: Default::default(),
                checks: vec![],
                dhis2: None,
            },
        }
    }

    /// Adds a unit of this kind that exists from `starts` (a commune formed by a
    /// merger, say). Returns its index.
    pub fn new_unit(&mut self, id: &str, kind: UnitKind, starts: Option<NaiveDate>) -> u16 {
        let mut unit = self.plan.units[0].clone();
        unit.id = id.into();
        unit.kind = kind;
        unit.name = text(id);
        unit.starts = starts;
        self.plan.units.push(unit);
        self.plan.mark_namesakes();
        (self.plan.units.len() - 1) as u16
    }

    /// Ends `id` on `ends`, its duties passing to `successors`.
    pub fn end(&mut self, id: &str, ends: NaiveDate, successors: &[&str]) {
        let successors = successors.iter().map(|s| self.unit(s)).collect();
        let unit = self.unit(id) as usize;
        self.plan.units[unit].ends = Some(ends);
        self.plan.units[unit].successors = successors;
    }

    /// On `date`, `from`'s duties for `indicators` (and coordination, if asked)
    /// pass to `to`.
    pub fn transfer(
        &mut self,
        date: NaiveDate,
        from: &str,
        to: &str,
        indicators: &[u16],
        coordination: bool,
    ) {
        let transfer = Transfer {
            date,
            from: self.unit(from),
            to: self.unit(to),
            indicators: indicators.to_vec(),
            coordination,
            confirmed: true,
            basis: None,
        };
        self.plan.transfers.push(transfer);
        self.plan.transfers.sort_by_key(|t| t.date);
    }

    /// Adds an indicator; `contributors` are unit ids. Returns its index.
    pub fn indicator(
        &mut self,
        id: &str,
        (op, target): (Op, Option<f64>),
        direction: Direction,
        measure: Measure,
        contributors: &[&str],
    ) -> u16 {
        let mut contributor_units: Vec<u16> = contributors.iter().map(|c| self.unit(c)).collect();
        contributor_units.sort_unstable();
        self.plan.indicators.push(Indicator {
            id: id.into(),
            objective: 1,
            name: text(id),
            op,
            target,
            unit_of_measure: text("%"),
            direction,
            measure,
            frequency: measure.frequency(),
            numerator: None,
            denominator: None,
            count: None,
            count_unit: None,
            baseline: None,
            accumulates: false,
            no_cases: true,
            whole: !matches!(measure, Measure::Value | Measure::YesNo),
            former_ids: vec![],
            disaggregation: None,
            target_wording: None,
            definition: None,
            part_of: None,
            responsible: "office".into(),
            contributors: contributors.iter().map(|c| c.to_string()).collect(),
            contributor_units,
        });
        (self.plan.indicators.len() - 1) as u16
    }

    /// A percentage to reach (≥ target) from the communes' numerators and denominators.
    pub fn commune_ratio(&mut self, id: &str, target: f64) -> u16 {
        self.indicator(
            id,
            (Op::Ge, Some(target)),
            Direction::Higher,
            Measure::Ratio { scale: 100.0 },
            &["c1", "c2", "c3"],
        )
    }

    /// "100 % of communes reach `threshold` items in every quarter."
    pub fn commune_share(&mut self, id: &str, threshold: f64, of: ShareOf) -> u16 {
        self.indicator(
            id,
            (Op::Eq, Some(100.0)),
            Direction::Higher,
            Measure::Share { threshold, of },
            &["c1", "c2", "c3"],
        )
    }

    /// Asks every group of the small plan's one dimension (male, female: groups 1
    /// and 2) to meet the indicator's target.
    pub fn by_sex(&mut self, indicator: u16) {
        self.plan.indicators[indicator as usize].disaggregation = Some(0);
    }

    pub fn unit(&self, id: &str) -> u16 {
        self.plan
            .units
            .iter()
            .position(|u| u.id == id)
            .unwrap_or_else(|| panic!("no unit {id} in the small plan")) as u16
    }
}

//! The plan as the rest of the program sees it: validated, with every reference
//! resolved. Built by the plan readers (`crate::plan::load`), and in tests by `fixture`; the domain owns it and imports nothing from plan loading.

use crate::domain::measure::{Direction, Frequency, Measure, Op};
use crate::domain::period::{MonthDay, Period, PeriodKind, Round};
use crate::i18n::{Lang, Text};
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: Meta,
    pub schedule: Schedule,
    pub campaigns: Vec<Campaign>,
    pub objectives: Vec<Objective>,
    pub indicators: Vec<Indicator>,
    pub units: Vec<Unit>,
    /// The plan's tasks and measures (section II of the source), in order.
    pub tasks: Vec<Clause>,
    /// What indicators can be broken down by (sex, …).
    pub dimensions: Vec<Dimension>,
    /// How the district's report on the plan is numbered, addressed and signed.
    pub report: ReportForm,
    /// Duties that pass from one unit to another on a date, in date order.
    pub transfers: Vec<Transfer>,
    /// `[previous]`: the plan this one follows, whose figures give baselines and
    /// trends (never this plan's values).
    pub previous: Option<PreviousPlan>,
    /// Who holds which duty on the days asked so far ([`Duties::of_day`]).
    ///
    /// [`Duties::of_day`]: crate::domain::duties::Duties::of_day
    pub duties: crate::domain::duties::Memo,
    /// The tasks every unit of a kind shares (`[unit_tasks]`), kept once rather
    /// than on each of ten thousand communes; [`Plan::tasks_of`] gives a unit's.
    pub unit_tasks: UnitTasks,
    /// `[[checks]]`: plausibility rules, warned about, never refused (unless
    /// `ingest --strict`).
    pub checks: Vec<crate::domain::plausibility::Rule>,
    /// `[exchange.dhis2]`: the codes the systems above know this plan's
    /// indicators, units and groups by; None when the plan gives none (our ids
    /// are then the codes).
    pub dhis2: Option<Dhis2Codes>,
}

/// The codes of `[exchange.dhis2]`, by the plan's indices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dhis2Codes {
    /// The data set the values belong to.
    pub data_set: Option<String>,
    /// Indicator index → its data elements.
    pub indicators: std::collections::BTreeMap<u16, ElementCodes>,
    /// Unit index → its organisation unit.
    pub units: std::collections::BTreeMap<u16, String>,
    /// (dimension id, group id) → the category option combination.
    pub groups: std::collections::BTreeMap<(String, String), String>,
}

/// The data elements of one indicator: one value, or a ratio's two parts.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementCodes {
    Value(String),
    Ratio {
        numerator: String,
        denominator: String,
    },
}

/// The tasks every unit of a kind shares, each with where it stands in the
/// source when the plan says (IV.11's, addressed to every agency).
#[derive(Debug, Clone, Default)]
pub struct UnitTasks {
    pub office: Vec<Clause>,
    pub organisation: Vec<Clause>,
    pub commune: Vec<Clause>,
}

impl UnitTasks {
    pub fn of(&self, kind: UnitKind) -> &[Clause] {
        match kind {
            UnitKind::Office => &self.office,
            UnitKind::Organisation => &self.organisation,
            UnitKind::Commune => &self.commune,
        }
    }
}

/// `[previous]` in plan.toml: the earlier plan (2021–2025 for a 2026–2030 plan) and
/// its data file, as written (paths relative to the plan file), with their lines.
#[derive(Debug, Clone, Default)]
pub struct PreviousPlan {
    pub plan: String,
    pub plan_line: usize,
    /// None: the data file beside the previous plan, as `--data` defaults.
    pub data: Option<String>,
    pub data_line: usize,
    /// Indicators that continue an indicator of the previous plan under another id
    /// (`previous_id` in `[[indicators]]`): (indicator index, previous id, line).
    pub renamed: Vec<(u16, String, usize)>,
    /// Units formed from units of the previous plan (`formed_from` in `[[units]]`):
    /// (unit index, the previous plan's unit id, line). Checked against the
    /// previous plan when it is read.
    pub formed: Vec<(u16, String, usize)>,
}

/// On `date`, `from`'s duties for `indicators` (and the plan's coordination, if
/// `coordination`) pass to `to`: a reorganisation such as the 1 March 2025 transfer
/// of gender-equality work from the labour division to Home Affairs.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub date: NaiveDate,
    /// Unit indices into [`Plan::units`].
    pub from: u16,
    pub to: u16,
    /// Indicator indices into [`Plan::indicators`].
    pub indicators: Vec<u16>,
    pub coordination: bool,
    /// False when the change could not be confirmed from the decision itself:
    /// it applies, and every place that shows it says it is unconfirmed.
    pub confirmed: bool,
    /// The decision it follows, as people cite it.
    pub basis: Option<Text>,
}

/// A breakdown of an indicator's figures into groups (a DHIS2 category, an SDG
/// disaggregation): by sex, into boys and girls, say.
#[derive(Debug, Clone)]
pub struct Dimension {
    pub id: String,
    pub name: Text,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: Text,
    /// Other spellings a clerk may type ("trai", "boys").
    pub aliases: Vec<String>,
}

/// A passage of the plan, in both languages, with where it stands in the source
/// ("II.5", "III.2").
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub source: String,
    pub text: Text,
}

/// The parts of the district's report (Decree 30/2020/NĐ-CP) that the plan gives:
/// `[report]` in plan.toml. Empty when the plan has none; the report then leaves
/// those places for the office to fill.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    /// The document's symbol: "BC-UBND" makes the number line "Số: …/BC-UBND".
    pub symbol: String,
    /// The place in the date line: "Tam Đường, ngày … tháng … năm …".
    pub place: String,
    /// "Nơi nhận", in order; a body that ended gives way to its successor.
    pub recipients: Vec<Body>,
    /// The lines above the signature ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", …).
    pub signature: Vec<Text>,
    /// The person who signs (the same name in both languages), and who signs after.
    pub signer: Body,
}

/// A body above the units, in time: the plan's issuer, a recipient of the report,
/// the person who signs it. Like a unit, it can end (its last day) and be succeeded.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Body {
    pub name: Text,
    /// The last day the body exists (holds the office); none while it lasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends: Option<NaiveDate>,
    /// Who holds its place from the day after `ends`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<Box<Body>>,
}

impl Body {
    /// A body that never ends.
    pub fn lasting(name: Text) -> Body {
        Body {
            name,
            ends: None,
            successor: None,
        }
    }

    /// Who holds this place on `day`: the body itself, or the successor in force
    /// after it ended. Err with the last holder when the line ended before `day`
    /// with no successor.
    pub fn on(&self, day: NaiveDate) -> Result<&Body, &Body> {
        match (self.ends, &self.successor) {
            (Some(end), Some(next)) if day > end => next.on(day),
            (Some(end), None) if day > end => Err(self),
            _ => Ok(self),
        }
    }

    /// Whether the body (or a successor) exists on `day`.
    pub fn exists_on(&self, day: NaiveDate) -> bool {
        self.on(day).is_ok()
    }
}

#[derive(Debug, Clone)]
pub struct Meta {
    pub title: Text,
    /// The body that issues the plan and signs its reports.
    pub issuer: Body,
    pub document_number: String,
    pub document_date: String,
    pub start_year: i32,
    pub end_year: i32,
    /// The plan's last day when it ends before its last year runs out (the body that
    /// carried it out was abolished): rounds due after it are owed by no one.
    pub ends: Option<NaiveDate>,
    pub target_year: i32,
    pub coordinator: String,
    /// The document the plan implements (its legal basis).
    pub basis: Option<Clause>,
    /// The overall goal.
    pub goal: Option<Clause>,
    /// How the plan is funded, clause by clause.
    pub funding: Vec<Clause>,
}

#[derive(Debug, Clone)]
pub struct Schedule {
    pub first_period: Period,
    pub last_period: Period,
    pub reports: Vec<ReportKind>,
    /// Whether a report sent on its due day is late (`due_day = "late"`: the
    /// source's "trước ngày 05/6" read strictly as before that day). False by
    /// default: the due day is on time.
    pub due_day_late: bool,
    /// Reports the plan asks for outside the schedule (`[[schedule.ad_hoc]]`).
    pub ad_hoc: Vec<AdHocReport>,
}

/// An ad hoc report (báo cáo đột xuất, IV.11 "báo cáo định kỳ hoặc đột xuất"):
/// asked of some units, for some indicators and a period, by its own due day.
/// It is a round like the scheduled ones ([`Plan::requests`]): `overdue`,
/// `remind`, `template` and `calendar` treat it as one.
#[derive(Debug, Clone)]
pub struct AdHocReport {
    pub name: Text,
    /// The period it covers: a year or a half-year.
    pub period: Period,
    pub due: NaiveDate,
    /// The units asked (indices into [`Plan::units`], sorted).
    pub units: Vec<u16>,
    /// The indicators asked (indices into [`Plan::indicators`]); none: a
    /// narrative report only.
    pub indicators: Vec<u16>,
    /// Where the plan allows it ("IV.11").
    pub source: String,
    /// The request itself, as people cite it ("Công văn số …"), if given.
    pub basis: Option<Text>,
}

/// One kind of periodic report: the 6-month report, the annual report.
#[derive(Debug, Clone)]
pub struct ReportKind {
    pub period_kind: PeriodKind,
    pub due: MonthDay,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct Campaign {
    pub start: MonthDay,
    pub end: Option<MonthDay>,
    pub name: Text,
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub number: u32,
    pub title: Text,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub objective: u32,
    pub name: Text,
    pub op: Op,
    /// None only for yes/no targets.
    pub target: Option<f64>,
    pub unit_of_measure: Text,
    pub direction: Direction,
    pub measure: Measure,
    pub frequency: Frequency,
    /// What the numerator and denominator count (ratio), or what the count is (share).
    pub numerator: Option<Text>,
    pub denominator: Option<Text>,
    pub count: Option<Text>,
    /// What a share's count is counted in, as people write it ("tin, bài"): the
    /// unit of measure of what a unit sends, where `unit_of_measure` is the
    /// district value's (%).
    pub count_unit: Option<Text>,
    pub baseline: Option<(i32, f64)>,
    /// Ids the indicator had in earlier versions of the plan: recorded figures under
    /// those ids are its figures.
    pub former_ids: Vec<String>,
    /// Whether the figure accumulates over the year (people reached so far this
    /// year): a 6-month value is then progress towards the annual target, not a
    /// value to judge against it.
    pub accumulates: bool,
    /// Whether a ratio's denominator may be zero, a unit with nothing to count
    /// sending 0 and 0 (victims detected); false for a stock that never is (a
    /// population), whose form then does not offer it. True unless plan.toml says
    /// `no_cases = false`.
    pub no_cases: bool,
    /// Whether the numbers units send are whole (numerators, denominators and
    /// counts of people, births, agencies, news items): a fractional one is refused.
    /// By default true for ratio and share indicators, false for a measured value
    /// (a ratio of hours); plan.toml says otherwise with `whole = …`.
    pub whole: bool,
    /// The dimension (an index into [`Plan::dimensions`]) whose every group must
    /// meet the target on its own; figures are then reported by group.
    pub disaggregation: Option<u16>,
    /// The target as the source words it ("khoảng trên 95%"), where it says more
    /// than the comparison and the number.
    pub target_wording: Option<Text>,
    /// What the tool adds to the source's words to measure the indicator (4.3:
    /// the source says "18 ca sinh/1.000 phụ nữ"; the tool counts women aged
    /// 15–19): the tool's own definition, always shown as such, never as the
    /// plan's words.
    pub definition: Option<Text>,
    /// The source's indicator this one is a part of, when the source gives one
    /// indicator two targets and the plan splits it into measured items ("3.2"
    /// for 3.2a and 3.2b): the source then counts fewer indicators than the plan
    /// measures ([`indicator_count`]).
    pub part_of: Option<String>,
    pub responsible: String,
    /// Unit ids, groups such as "@commune" spelled out.
    pub contributors: Vec<String>,
    /// The same units as indices into [`Plan::units`], sorted: membership tests are
    /// a binary search, which matters with thousands of communes.
    pub contributor_units: Vec<u16>,
}

impl Indicator {
    /// How many groups the indicator's figures are broken into (0 when not
    /// disaggregated): figures carry group 1..=n, group 0 being the whole.
    pub fn group_count(&self, plan: &Plan) -> u8 {
        self.disaggregation
            .map_or(0, |d| plan.dimensions[d as usize].groups.len() as u8)
    }

    pub fn is_contributor(&self, unit: u16) -> bool {
        self.contributor_units.binary_search(&unit).is_ok()
    }

    /// "numerator: …; denominator: …", for forms and hints, where the plan says
    /// what the two count.
    pub fn ratio_parts(&self, lang: Lang) -> Option<String> {
        let (n, d) = (self.numerator.as_ref()?, self.denominator.as_ref()?);
        Some(crate::tr!(
            lang,
            "numerator: {}; denominator: {}",
            "tử số: {}; mẫu số: {}",
            n.get(lang),
            d.get(lang)
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Office,
    Organisation,
    Commune,
}

impl UnitKind {
    pub const ALL: [UnitKind; 3] = [UnitKind::Office, UnitKind::Organisation, UnitKind::Commune];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Office => "office",
            UnitKind::Organisation => "organisation",
            UnitKind::Commune => "commune",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            UnitKind::Office => lang.pick("office", "cơ quan"),
            // The Fatherland Front is listed with the mass organisations, as officials
            // head them: "Mặt trận, đoàn thể".
            UnitKind::Organisation => lang.pick("organisation", "Mặt trận, đoàn thể"),
            UnitKind::Commune => lang.pick("commune", "xã, thị trấn"),
        }
    }

    pub fn parse(text: &str) -> Option<UnitKind> {
        UnitKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub kind: UnitKind,
    pub name: Text,
    /// The name officials write where space is tight ("Phòng LĐ-TB&XH"), if the
    /// plan gives one; else the name.
    pub short: Option<Text>,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    pub tasks: Vec<Text>,
    /// Where the unit's tasks stand in the source ("IV.1").
    pub source: Option<String>,
    /// Whether the source requests the unit's tasks ("Đề nghị Ủy ban Mặt trận Tổ
    /// quốc Việt Nam và các đoàn thể: …", IV.10) rather than gives them as duties:
    /// the issuer does not direct the Fatherland Front and the mass organisations.
    /// `tasks_are = "requests"` in plan.toml; shown as a request, never an order.
    pub requested: bool,
    /// The first day the unit exists (a commune formed by a merger); it owes no
    /// report due before it.
    pub starts: Option<NaiveDate>,
    /// The last day the unit exists; it owes no report due after it.
    pub ends: Option<NaiveDate>,
    /// The units that take over its duties after it ends (indices into
    /// [`Plan::units`]): one for a rename or a merger, several for a split.
    pub successors: Vec<u16>,
    /// Ids the unit had in earlier versions of the plan: recorded figures under
    /// those ids are its figures.
    pub former_ids: Vec<String>,
    /// The units outside the previous plan it was also formed from, as named
    /// (`formed_from_outside`): its baseline from the previous plan is partial.
    pub formed_from_outside: Vec<String>,
    /// How to reach the unit (`remind` lists it for a mail merge); optional.
    pub contact: Contact,
    /// Whether another unit of the plan bears the same name, at another time (set
    /// by [`Plan::mark_namesakes`]): listings then add its dates to its name.
    pub namesake: bool,
}

/// A unit's e-mail address and telephone number, as plan.toml or the units file
/// gives them (`email`, `phone`); either may be missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Unit {
    /// Whether the unit exists on a day.
    pub fn exists_on(&self, day: NaiveDate) -> bool {
        self.starts.is_none_or(|s| s <= day) && self.ends.is_none_or(|e| day <= e)
    }
}

impl Plan {
    /// A unit's tasks: those every unit of its kind shares (`[unit_tasks]`), then
    /// its own.
    pub fn tasks_of<'p>(&'p self, unit: &'p Unit) -> impl Iterator<Item = &'p Text> + 'p {
        self.unit_tasks
            .of(unit.kind)
            .iter()
            .map(|c| &c.text)
            .chain(&unit.tasks)
    }

    /// A unit's tasks with where each stands in the source: the shared ones' own
    /// reference ("IV.11"), the unit's from its `source` ("IV.7").
    pub fn tasks_with_sources<'p>(
        &'p self,
        unit: &'p Unit,
    ) -> impl Iterator<Item = (&'p Text, &'p str)> + 'p {
        let own = unit.source.as_deref().unwrap_or("");
        self.unit_tasks
            .of(unit.kind)
            .iter()
            .map(|c| (&c.text, c.source.as_str()))
            .chain(unit.tasks.iter().map(move |t| (t, own)))
    }

    /// The unconfirmed transfer an indicator's duties rest on as of `day`: the
    /// last transfer dated on or before it that moved the indicator, when that one
    /// is unconfirmed.
    pub fn unconfirmed_transfer(&self, indicator: u16, day: NaiveDate) -> Option<&Transfer> {
        self.transfers
            .iter()
            .rfind(|t| t.date <= day && t.indicators.contains(&indicator))
            .filter(|t| !t.confirmed)
    }

    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Marks each unit that shares its name (in either language, regardless of
    /// case) with another unit of the plan: the old and the new Bản Bo.
    pub fn mark_namesakes(&mut self) {
        let mut seen: rustc_hash::FxHashMap<String, usize> = Default::default();
        for unit in &self.units {
            for name in [&unit.name.vi, &unit.name.en] {
                *seen.entry(name.trim().to_lowercase()).or_default() += 1;
            }
        }
        for unit in &mut self.units {
            let shared = |name: &String| seen[&name.trim().to_lowercase()] > 1;
            // A unit whose two names are the same counts itself twice.
            let same = unit.name.vi.trim().to_lowercase() == unit.name.en.trim().to_lowercase();
            unit.namesake = match same {
                true => seen[&unit.name.vi.trim().to_lowercase()] > 2,
                false => shared(&unit.name.vi) || shared(&unit.name.en),
            };
        }
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The group `group` (1-based; 0 is the whole) of an indicator's breakdown.
    pub fn group(&self, indicator: &Indicator, group: u8) -> Option<&Group> {
        let dimension = &self.dimensions[indicator.disaggregation? as usize];
        dimension.groups.get(usize::from(group.checked_sub(1)?))
    }

    pub fn objective(&self, number: u32) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.number == number)
    }

    pub fn indicators_of(&self, objective: u32) -> impl Iterator<Item = &Indicator> {
        self.indicators
            .iter()
            .filter(move |i| i.objective == objective)
    }

    /// The indicators a unit sends figures for.
    pub fn contributions(&self, unit: &str) -> impl Iterator<Item = &Indicator> {
        self.indicators
            .iter()
            .filter(move |i| i.contributors.iter().any(|c| c == unit))
    }

    /// Every reporting round in due-date order, from the round of the schedule's
    /// first period to the round of its last period, or to the plan's end
    /// (`[plan] ends`) when it ended before that.
    pub fn rounds(&self) -> Vec<Round> {
        let first = self.schedule.first_period;
        let last = self.schedule.last_period;
        let mut rounds = Vec::new();
        for year in first.year()..=last.year() {
            for (index, report) in self.schedule.reports.iter().enumerate() {
                let period = match report.period_kind {
                    PeriodKind::Year => Period::Year(year),
                    PeriodKind::Half => Period::Half(year, 1),
                    PeriodKind::Quarter => continue,
                };
                rounds.push(Round {
                    period,
                    due: report.due.in_year(year),
                    report: index,
                    ad_hoc: false,
                    due_day_late: self.schedule.due_day_late,
                });
            }
        }
        rounds.sort_by_key(|r| r.due);
        let due_of = |p: Period| rounds.iter().find(|r| r.period == p).map(|r| r.due);
        // Validation guarantees both periods are report periods.
        let (from, to) = (due_of(first), due_of(last));
        rounds.retain(|r| from.is_none_or(|f| r.due >= f) && to.is_none_or(|t| r.due <= t));
        // A plan that ended early: rounds due after its last day are owed by no one.
        rounds.retain(|r| self.meta.ends.is_none_or(|end| r.due <= end));
        rounds
    }

    /// Every report the plan asks for, in due-date order: the scheduled rounds
    /// ([`Plan::rounds`]) and the ad hoc reports (`[[schedule.ad_hoc]]`). What
    /// `overdue`, `remind`, `template` and `calendar` choose from; the district's
    /// values and their rounds stay those of the schedule.
    pub fn requests(&self) -> Vec<Round> {
        let mut rounds = self.rounds();
        rounds.extend(self.schedule.ad_hoc.iter().enumerate().map(|(i, a)| Round {
            period: a.period,
            due: a.due,
            report: i,
            ad_hoc: true,
            due_day_late: self.schedule.due_day_late,
        }));
        rounds.sort_by_key(|r| (r.due, r.ad_hoc));
        rounds
    }

    /// Whether some report of the plan covers this period: a scheduled round's,
    /// or an ad hoc report's (which may cover a second half-year, 2023-H2). What
    /// ingest asks before it accepts figures for a period no schedule has.
    pub fn asks_for_period(&self, period: Period) -> bool {
        self.requests().iter().any(|r| r.period == period)
    }

    /// A round's report as the plan names it ("Báo cáo sơ kết 6 tháng", or the ad
    /// hoc report's name).
    pub fn round_name(&self, round: &Round) -> &Text {
        match round.ad_hoc {
            true => &self.schedule.ad_hoc[round.report].name,
            false => &self.schedule.reports[round.report].name,
        }
    }

    /// The ad hoc report a round is, if it is one.
    pub fn ad_hoc_of(&self, round: &Round) -> Option<&AdHocReport> {
        round.ad_hoc.then(|| &self.schedule.ad_hoc[round.report])
    }

    /// Whether a round asks this unit for a report: every unit for a scheduled
    /// round, the units it names for an ad hoc one. The unit must also exist on
    /// the due day (`reporting::owes`).
    pub fn asks(&self, round: &Round, unit: u16) -> bool {
        self.ad_hoc_of(round)
            .is_none_or(|a| a.units.binary_search(&unit).is_ok())
    }

    /// Whether a round asks for an indicator's figures: every indicator for a
    /// scheduled round, those it names for an ad hoc one.
    pub fn asks_for(&self, round: &Round, indicator: u16) -> bool {
        self.ad_hoc_of(round)
            .is_none_or(|a| a.indicators.contains(&indicator))
    }

    /// The periods a plan is reviewed over, year by year: each year with an annual
    /// round, then the last round when it is not one (2025-H1 for a plan that
    /// ended on 30 June 2025). The final review's table and the previous plan's
    /// yearly figures both follow it.
    pub fn review_periods(&self) -> Vec<Period> {
        let rounds = self.rounds();
        let mut periods: Vec<Period> = rounds
            .iter()
            .map(|r| r.period)
            .filter(|p| matches!(p, Period::Year(_)))
            .collect();
        if let Some(last) = rounds.last().map(|r| r.period)
            && !periods.contains(&last)
        {
            periods.push(last);
        }
        periods
    }

    /// Whether a period lies after the plan's early end with no round to bring it
    /// (the 2025 annual report of a plan that ended on 30 June 2025): no one owes
    /// it, and no figure for it counts. False for a plan that runs its years.
    pub fn owes_nothing_for(&self, period: Period) -> bool {
        self.meta
            .ends
            .is_some_and(|end| period_bounds(period).1 > end && self.round_for(period).is_none())
    }

    /// The round a period is reported in: its own round, or for a quarter the round
    /// that brings it in (Q1 and Q2 the 6-month report, Q3 and Q4 the annual one).
    pub fn round_for(&self, period: Period) -> Option<Round> {
        let rounds = self.rounds();
        rounds
            .iter()
            .find(|r| r.period == period || r.own_quarters(&rounds).contains(&period))
            .copied()
    }

    /// The round whose period this is, if any.
    pub fn round_of(&self, period: Period) -> Option<Round> {
        self.rounds().into_iter().find(|r| r.period == period)
    }
}

/// First and last day of a period.
pub fn period_bounds(period: Period) -> (NaiveDate, NaiveDate) {
    let quarters = period.quarters();
    let first = quarters[0];
    let last = quarters[quarters.len() - 1];
    let month = |q: Period| match q {
        Period::Quarter(_, n) => u32::from(n) * 3,
        _ => unreachable!("quarters() returns quarters"),
    };
    let year = period.year();
    let start = NaiveDate::from_ymd_opt(year, month(first) - 2, 1).expect("valid month");
    let end = if month(last) == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31).expect("valid date")
    } else {
        NaiveDate::from_ymd_opt(year, month(last) + 1, 1)
            .expect("valid month")
            .pred_opt()
            .expect("not the first day of time")
    };
    (start, end)
}

/// How many indicators the source counts among `indicators` (one for each set of
/// items that are parts of the same source indicator), and how many items are
/// measured: (18, 21) for the Tam Đường plan.
pub fn indicator_count<'a>(indicators: impl IntoIterator<Item = &'a Indicator>) -> (usize, usize) {
    let mut sources: Vec<&str> = Vec::new();
    let mut items = 0;
    for indicator in indicators {
        items += 1;
        sources.push(indicator.part_of.as_deref().unwrap_or(&indicator.id));
    }
    sources.sort_unstable();
    sources.dedup();
    (sources.len(), items)
}

/// A target as people write it: "≥ 50 %", "< 30 %", "≤ 42 per 100,000 live births", "yes".
pub fn target_text(indicator: &Indicator, lang: Lang) -> String {
    match (indicator.op, indicator.target) {
        (Op::Yes, _) | (_, None) => lang.pick("yes", "có").to_string(),
        (op, Some(target)) => {
            let uom = indicator.unit_of_measure.get(lang);
            let target = with_unit(&format_number(target, lang), uom, lang);
            format!("{} {target}", op.symbol())
        }
    }
}

/// A number with its unit of measure: "60 %" and "42 per 100,000 live births" in
/// English; in Vietnamese the percent sign follows the number without a space
/// ("60%"), as Vietnamese documents write it, other units after a space.
pub fn with_unit(number: &str, uom: &str, lang: Lang) -> String {
    match (uom.trim(), lang) {
        ("", _) => number.to_string(),
        ("%", Lang::Vi) => format!("{number}%"),
        // "42/100.000 trẻ sinh sống", as the source writes a rate.
        (uom, _) if uom.starts_with('/') => format!("{number}{uom}"),
        (uom, _) => format!("{number} {uom}"),
    }
}

/// The most decimal places a number is shown with as it was sent.
pub const MAX_DECIMALS: usize = 9;

/// The places of `value`'s shortest decimal form, once the binary noise of a sum
/// or difference is dropped (1.85 − 1.8 is 0.050000000000000044 as a double: 2
/// places); None when it needs more than [`MAX_DECIMALS`] (5/3, a quotient).
pub fn exact_decimals(value: f64) -> Option<usize> {
    let text = format!("{value:.10}");
    let places = text
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.trim_end_matches('0').len());
    (places <= MAX_DECIMALS).then_some(places)
}

/// A number as it was sent, for people: every decimal its shortest exact form has
/// (1,85 stays 1,85; a count stays whole), one without such a form to two places;
/// decimal comma in Vietnamese, thousands grouped. `words::number_text` is what
/// renderers call.
pub fn format_number(value: f64, lang: Lang) -> String {
    format_decimal(value, exact_decimals(value).unwrap_or(2), lang)
}

/// `value` rounded to at most `decimals` places, trailing zeros dropped.
pub fn format_decimal(value: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c != '0' && c != '.') => ("-", rest.to_string()),
        Some(rest) => ("", rest.to_string()),
        None => ("", text),
    };
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let (group, decimal) = match lang {
        Lang::En => (',', '.'),
        Lang::Vi => ('.', ','),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}{decimal}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
pub mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn named(name: &str) -> Text {
        Text {
            vi: name.into(),
            en: name.into(),
        }
    }

    /// A body holds its place to its last day, its successors after; a line with
    /// no successor ends, and says who held the place last.
    #[test]
    fn a_body_is_held_by_its_successor_after_it_ends() {
        let body = Body {
            name: named("Sở LĐ-TB&XH"),
            ends: Some(day("2025-02-28")),
            successor: Some(Box::new(Body {
                name: named("Sở Nội vụ"),
                ends: Some(day("2030-12-31")),
                successor: None,
            })),
        };
        assert_eq!(body.on(day("2025-02-28")).unwrap().name.vi, "Sở LĐ-TB&XH");
        assert_eq!(body.on(day("2025-03-01")).unwrap().name.vi, "Sở Nội vụ");
        assert_eq!(body.on(day("2031-01-01")).unwrap_err().name.vi, "Sở Nội vụ");
        assert!(!body.exists_on(day("2031-01-01")));
        assert!(Body::lasting(named("UBND tỉnh")).exists_on(day("2099-01-01")));
    }

    /// A plan that ends on 30 June 2025 owes its 6-month round, not the annual one
    /// nor a quarter after its end; a plan that runs its years owes them all.
    #[test]
    fn nothing_is_owed_after_a_plan_that_ended_early() {
        let mut small = fixture::Small::new();
        assert!(!small.plan.owes_nothing_for(Period::Year(2025)));
        small.plan.meta.ends = Some(day("2025-06-30"));
        let last = small.plan.rounds().last().copied().unwrap();
        assert_eq!(last.period, Period::Half(2025, 1));
        assert!(small.plan.owes_nothing_for(Period::Year(2025)));
        assert!(small.plan.owes_nothing_for(Period::Quarter(2025, 3)));
        assert!(!small.plan.owes_nothing_for(Period::Quarter(2025, 2)));
        assert!(!small.plan.owes_nothing_for(Period::Year(2024)));
    }

    /// Units that share a name, in either language and whatever the case, are
    /// namesakes; a unit whose two names are the same is not its own namesake.
    #[test]
    fn namesakes_are_the_units_that_share_a_name() {
        let mut small = fixture::Small::new();
        small.plan.mark_namesakes();
        assert!(small.plan.units.iter().all(|u| !u.namesake));
        let mut new = small.plan.units[1].clone();
        new.id = "c1-new".into();
        new.name = Text {
            vi: "C1".into(),
            en: "c1 commune".into(),
        };
        small.plan.units.push(new);
        small.plan.mark_namesakes();
        let namesakes: Vec<&str> = small
            .plan
            .units
            .iter()
            .filter(|u| u.namesake)
            .map(|u| u.id.as_str())
            .collect();
        assert_eq!(namesakes, ["c1", "c1-new"]);
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(format_number(100000.0, Lang::En), "100,000");
        assert_eq!(format_number(100000.0, Lang::Vi), "100.000");
        assert_eq!(format_number(1.7, Lang::Vi), "1,7");
        assert_eq!(format_number(1.7, Lang::En), "1.7");
        assert_eq!(format_number(-0.001, Lang::En), "-0.001");
        assert_eq!(format_number(-12.5, Lang::En), "-12.5");
        assert_eq!(format_decimal(33.3333, 1, Lang::En), "33.3");
        assert_eq!(format_decimal(-0.001, 2, Lang::En), "0");
    }

    /// Issue 19: a number is shown with the precision it was sent with, and a
    /// difference between two such numbers with theirs, whatever binary noise the
    /// subtraction left.
    #[test]
    fn a_figure_keeps_the_decimals_it_was_sent_with() {
        assert_eq!(format_number(1.85, Lang::Vi), "1,85");
        assert_eq!(format_number(1.85 - 1.8, Lang::Vi), "0,05");
        assert_eq!(format_number(1.8 - 1.85, Lang::En), "-0.05");
        assert_eq!(format_number(0.123456789, Lang::En), "0.123456789");
        assert_eq!(format_number(1234567.5, Lang::Vi), "1.234.567,5");
        assert_eq!(exact_decimals(1.85 - 1.8), Some(2));
        assert_eq!(exact_decimals(4820.0), Some(0));
        // A quotient has no short exact form: two places.
        assert_eq!(exact_decimals(5.0 / 3.0), None);
        assert_eq!(format_number(5.0 / 3.0, Lang::En), "1.67");
    }

    #[test]
    fn period_bounds_cover_the_months() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            period_bounds(Period::Half(2025, 1)),
            (d(2025, 1, 1), d(2025, 6, 30))
        );
        assert_eq!(
            period_bounds(Period::Year(2024)),
            (d(2024, 1, 1), d(2024, 12, 31))
        );
        assert_eq!(
            period_bounds(Period::Quarter(2024, 3)),
            (d(2024, 7, 1), d(2024, 9, 30))
        );
    }
}

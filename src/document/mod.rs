//! The district's report on the plan, as data: what `gender-plan report` prints,
//! computed once from the same domain answers as `status`, `overdue` and `notes`
//! (`standing`, `outlook`, `round_reports`, `Rates`, `round_notes`). The renderers in
//! [`crate::render`] turn a [`Document`] into HTML, Word or Markdown; its JSON is
//! the serialisation of these structs.

pub mod build;
pub mod letter;
pub mod notes;

pub use build::{Scope, build};

use chrono::NaiveDate;
use serde::Serialize;

/// Which report: a round's (6-month or annual) or the final review of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    HalfYear,
    Year,
    FinalReview,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub kind: Kind,
    /// `2025-H1`, `2025` or `2021-2025`.
    pub period: String,
    /// The period whose values the results show (`2025` for the final review).
    pub result_period: String,
    /// The period a year earlier, to compare with; None in the plan's first year.
    pub previous_period: Option<String>,
    pub as_of: NaiveDate,
    /// The year the plan's targets are for.
    pub target_year: i32,
    pub heading: Heading,
    pub results: Vec<ObjectiveResults>,
    /// The periods of the multi-year table (final review only; empty otherwise):
    /// the years, and the last round when the plan ended before its last year's.
    pub years: Vec<crate::domain::period::Period>,
    pub compliance: Compliance,
    /// What the units wrote, unit by unit, for the rounds the report covers.
    pub notes: Vec<notes::UnitNotes>,
    /// Places only people can fill: assessment, causes, next steps, proposals.
    pub to_write: Vec<ToWrite>,
    pub closing: Closing,
    /// The baselines of units formed from units of the previous plan, as `status
    /// --indicator` shows them (empty without such units): a table of the results.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unit_baselines: Vec<BaselineRow>,
}

/// One unit's baseline for one indicator, from the units of the previous plan
/// that formed it, in words.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineRow {
    /// The unit, as the report names it.
    pub unit: String,
    /// This plan's indicator id, and the previous plan's it comes from.
    pub indicator: String,
    pub formed_from: String,
    pub value_text: String,
    /// "2 of 3 former units reported", and whether it is partial.
    pub coverage: String,
}

/// The top of the page, as Decree 30/2020/NĐ-CP lays it out.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// The issuing body, in capitals.
    pub issuer: String,
    pub national_title: String,
    pub motto: String,
    /// "Số:      /BC-UBND": the number left for the office to fill.
    pub number_line: String,
    /// "Tam Đường, ngày     tháng     năm     ": the date left for the office.
    pub date_line: String,
    /// "BÁO CÁO".
    pub title: String,
    /// What the report is about: the plan and the period.
    pub subtitle: String,
    /// Set when the document is dated after the issuer ceased to exist (only
    /// `--force` writes one): says so under the title, so that no one takes it
    /// for a document the body issued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer_ended: Option<String>,
}

impl Heading {
    /// The top of the page the report shares with a letter.
    pub fn masthead(&self) -> Masthead {
        Masthead {
            issuer: self.issuer.clone(),
            number_line: self.number_line.clone(),
            summary: None,
            national_title: self.national_title.clone(),
            motto: self.motto.clone(),
            date_line: self.date_line.clone(),
        }
    }
}

/// The top of an administrative document (Decree 30/2020/NĐ-CP): the issuing body
/// and its number on the left, with a letter's `V/v …` summary under them; the
/// national title, the motto, the place and date on the right.
#[derive(Debug, Clone, Serialize)]
pub struct Masthead {
    pub issuer: String,
    pub number_line: String,
    /// A letter's summary ("V/v đôn đốc gửi báo cáo …"); a report has a title instead.
    pub summary: Option<String>,
    pub national_title: String,
    pub motto: String,
    pub date_line: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveResults {
    pub number: u32,
    pub title: String,
    pub indicators: Vec<IndicatorResult>,
}

/// An indicator's result for the report's period, as `status` computes it.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub indicator: String,
    pub name: String,
    pub unit_of_measure: String,
    pub op: &'static str,
    pub target: Option<f64>,
    /// "≥ 50 %", "yes".
    pub target_text: String,
    pub direction: &'static str,
    pub value: Option<f64>,
    /// The value as `status` prints it ("61.5 %", a star for partial coverage).
    pub value_text: String,
    pub met: Option<bool>,
    /// `met`, `not_met`, `in_progress`, `no_cases`, `no_data` or `no_group_figures`,
    /// as `status` says.
    pub state: &'static str,
    pub met_label: String,
    pub attainment_pct: Option<f64>,
    pub gap: Option<f64>,
    pub coverage: Coverage,
    pub partial: bool,
    /// Whether a partial value is still over every unit that owes it (a share of
    /// units), which the star's footnote then says.
    #[serde(skip)]
    pub over_all_owing: bool,
    /// The same period a year earlier.
    pub previous: Option<PeriodValue>,
    /// Value minus the previous value.
    pub change: Option<f64>,
    /// How its values, change and gaps are shown (not in JSON, which has the numbers).
    #[serde(skip)]
    pub precision: crate::words::Precision,
    /// None where the period has no value to look ahead from.
    pub outlook: Option<&'static str>,
    pub outlook_label: String,
    pub responsible: String,
    pub baseline: Option<YearValue>,
    /// The value at every round up to the report's period.
    pub trend: Vec<PeriodValue>,
    /// The value of every year of the plan up to the report's (final review).
    pub annual: Vec<PeriodValue>,
    /// Each contributing commune's own value, where communes report it.
    pub communes: Vec<UnitValue>,
    /// For an indicator broken down by group (by sex): each group's result.
    pub groups: Vec<GroupResult>,
    /// The gap between the groups furthest apart, when two have a value.
    pub group_gap: Option<GroupGap>,
}

/// One group's result (boys, girls) for an indicator broken down by group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupResult {
    pub group: String,
    pub name: String,
    pub value: Option<f64>,
    pub value_text: String,
    pub met: Option<bool>,
    pub state: &'static str,
    pub met_label: String,
    pub attainment_pct: Option<f64>,
    pub coverage: Coverage,
    /// The group's value the same period a year earlier.
    pub previous: Option<PeriodValue>,
    /// The group's value at every round up to the report's period.
    pub trend: Vec<PeriodValue>,
}

/// Highest group value minus lowest, and which groups they are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupGap {
    pub value: f64,
    pub highest: String,
    pub lowest: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub reported: usize,
    pub expected: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodValue {
    pub period: String,
    pub value: Option<f64>,
    pub value_text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearValue {
    pub year: i32,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitValue {
    pub unit: String,
    /// As people read it ([`crate::words::unit_name`]): with its dates when it
    /// started or ended during the plan, to tell it from a namesake.
    pub name: String,
    pub value: Option<f64>,
    pub value_text: String,
}

/// Reporting compliance: every round the report covers, and each unit's report.
#[derive(Debug, Clone, Serialize)]
pub struct Compliance {
    /// Every round due up to the report's last round, oldest first (for the
    /// timeliness chart); the report's own rounds are marked.
    pub rounds: Vec<RoundCompliance>,
    /// Each unit that owes a covered round, with its report for each.
    pub units: Vec<UnitCompliance>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundCompliance {
    pub period: String,
    pub report_name: String,
    pub due: NaiveDate,
    /// One of the rounds this report is about (not only there for the trend).
    pub covered: bool,
    pub expected: usize,
    pub received: usize,
    pub on_time: usize,
    pub reporting_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    /// Units by status, as `overdue` counts them.
    pub missing: usize,
    pub incomplete: usize,
    pub late: usize,
    pub on_time_complete: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitCompliance {
    pub unit: String,
    /// As people read it ([`crate::words::unit_name`]): with its dates when it
    /// started or ended during the plan, to tell it from a namesake.
    pub name: String,
    pub kind: &'static str,
    pub reports: Vec<UnitRoundReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRoundReport {
    pub period: String,
    /// `missing`, `incomplete`, `late` or `on_time`, as `overdue` says.
    pub status: &'static str,
    pub status_label: String,
    pub submitted: Option<NaiveDate>,
    pub days_late: i64,
    pub missing_indicators: Vec<String>,
}

/// A section only people can write; the report leaves it marked and empty.
#[derive(Debug, Clone, Serialize)]
pub struct ToWrite {
    pub title: String,
    /// What belongs there (an instruction, never text for the report itself).
    pub guidance: String,
}

/// The end of the document: recipients and the signature block.
#[derive(Debug, Clone, Serialize)]
pub struct Closing {
    pub recipients_title: String,
    pub recipients: Vec<String>,
    pub signature: Vec<String>,
    pub signer: String,
}

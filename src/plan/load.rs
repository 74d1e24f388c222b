//! Reading a plan: a reader per format over one validation. The TOML reader
//! (`toml_reader`, with the units file, `units_file`) and the workbook reader
//! (`workbook`) give the raw plan, the `Raw*` structs below, every value with a
//! span that `Validator::position` places where it was written (a line and
//! column of plan.toml, a line of the units file, a cell of the workbook). The
//! validation (`Validator`) checks every rule the program relies on, one file per
//! part of the plan (`meta`, `schedule`, `indicators`, `units`, `transfers`,
//! `previous`, `bodies`, `checks`, `formed`), and reports all problems at once.

use super::model::*;
use crate::diagnostic::{Diagnostic, Rejected, line_col, nearest};
use crate::domain::measure::{Direction, Measure, Op, ShareOf};
use crate::domain::period::{MonthDay, Period, PeriodKind};
use crate::i18n::{Lang, Text};
use crate::tr;
use anyhow::Context;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

mod ad_hoc;
mod bodies;
mod checks;
mod exchange;
mod formed;
mod indicators;
mod meta;
pub mod position;
mod previous;
mod schedule;
pub mod shape;
mod toml_reader;
mod transfers;
mod units;
mod units_file;
pub mod workbook;

use position::{CellMap, Position};
use shape::{BODY, ROOT, Shape, TEXT};
use toml_reader::read_plan_file;
use units_file::{units_file_named, units_of_file};

/// Reads and validates the plan file; on any problem, all of them as a [`Rejected`].
pub fn load(path: &Path, lang: Lang) -> anyhow::Result<Plan> {
    let file = path.display().to_string();
    let bytes = read_plan_file(path, &file, lang)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let start = bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&bytes[start..at]).chars().count() + 1;
        Rejected(vec![
            Diagnostic::new(
                &file,
                tr!(
                    lang,
                    "the plan is not UTF-8 text (byte {} of the line is not)",
                    "tệp kế hoạch không phải văn bản UTF-8 (vị trí thứ {} của dòng)",
                    at - start + 1
                ),
            )
            .at((line, column))
            .hint(tr!(
                lang,
                "save plan.toml as UTF-8 (any text editor can); is this really the plan file?",
                "lưu plan.toml dạng UTF-8 (trình soạn thảo nào cũng làm được); đây có đúng là tệp kế hoạch không?"
            )),
        ])
    })?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    parse_in(&text, &file, Some(folder.unwrap_or(Path::new("."))), lang)
        .map_err(|d| Rejected(d).into())
}

/// The plan file as a TOML document, once it has been validated: what the plan
/// workbook is written from (`plan --format xlsx`). A units file's rows
/// (`units = "units.csv"`) become its `[[units]]`.
pub fn document(path: &Path, lang: Lang) -> anyhow::Result<toml::Table> {
    load(path, lang)?;
    let text = String::from_utf8(read_plan_file(path, &path.display().to_string(), lang)?)?;
    let mut doc: toml::Table = toml::from_str(&text)?;
    if let Some(toml::Value::String(name)) = doc.get("units") {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        let units = units_of_file(&text, name, folder.unwrap_or(Path::new(".")), lang);
        doc.insert("units".into(), toml::Value::Array(units));
    }
    Ok(doc)
}

/// The years a plan may cover: wide enough for any real plan, narrow enough that
/// nothing iterates over billions of years.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// The largest plan read, in bytes: a national plan of ten thousand units is a
/// few megabytes.
pub const MAX_PLAN_BYTES: u64 = 64 << 20;

/// Validates plan text; `file` names it in diagnostics. A plan whose units live
/// in a CSV file (`units = "units.csv"`) needs [`parse_in`], which knows where
/// to find it.
pub fn parse(text: &str, file: &str, lang: Lang) -> Result<Plan, Vec<Diagnostic>> {
    parse_in(text, file, None, lang)
}

/// [`parse`], for a plan in `folder`: the folder a units file is read from.
pub fn parse_in(
    text: &str,
    file: &str,
    folder: Option<&Path>,
    lang: Lang,
) -> Result<Plan, Vec<Diagnostic>> {
    validate(text, file, folder, None, lang)
}

/// The plan a workbook's cells were composed into (`workbook::read`): the same
/// validation, each problem placed at its cell.
pub fn parse_cells(text: &str, cells: &CellMap, lang: Lang) -> Result<Plan, Vec<Diagnostic>> {
    validate(text, &cells.file, None, Some(cells), lang)
}

/// Reads the raw plan from its text, then validates it into a [`Plan`].
fn validate(
    text: &str,
    file: &str,
    folder: Option<&Path>,
    cells: Option<&CellMap>,
    lang: Lang,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut v = Validator {
        text,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        file,
        lang,
        problems: Vec::new(),
        units_file: None,
        cells,
    };
    // The raw plan, as the TOML reader reads it (the units file's rows included).
    let Some(raw) = v.read_raw(text, folder) else {
        return Err(v.problems);
    };
    let plan = v.build(raw);
    if v.problems.is_empty() {
        Ok(plan)
    } else {
        v.problems.sort_by_key(|d| (d.line, d.column));
        Err(v.problems)
    }
}

// ---------------------------------------------------------------------------------
// The file as written, before validation.
// ---------------------------------------------------------------------------------

#[derive(Deserialize)]
struct RawPlan {
    plan: RawMeta,
    schedule: RawSchedule,
    #[serde(default)]
    campaigns: Vec<RawCampaign>,
    objectives: Vec<Spanned<RawObjective>>,
    indicators: Vec<Spanned<RawIndicator>>,
    /// `[[units]]`, or the rows of the units file (`units = "units.csv"`).
    #[serde(default)]
    units: Vec<Spanned<RawUnit>>,
    #[serde(default)]
    funding: Vec<RawClause>,
    #[serde(default)]
    tasks: Vec<RawClause>,
    #[serde(default)]
    dimensions: Vec<RawDimension>,
    #[serde(default)]
    report: RawReportForm,
    #[serde(default)]
    transfers: Vec<Spanned<RawTransfer>>,
    previous: Option<Spanned<RawPrevious>>,
    #[serde(default)]
    unit_tasks: RawUnitTasks,
    #[serde(default)]
    checks: Vec<Spanned<checks::RawCheck>>,
    #[serde(default)]
    exchange: exchange::RawExchange,
}

/// `[unit_tasks]`: the tasks every unit of a kind shares, written once, each with
/// its `source` if the plan gives one.
#[derive(Deserialize, Default)]
struct RawUnitTasks {
    #[serde(default)]
    office: Vec<RawClause>,
    #[serde(default)]
    organisation: Vec<RawClause>,
    #[serde(default)]
    commune: Vec<RawClause>,
}

#[derive(Deserialize)]
struct RawPrevious {
    plan: Option<Spanned<String>>,
    data: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawTransfer {
    date: Spanned<String>,
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    indicators: Vec<Spanned<String>>,
    #[serde(default)]
    coordination: bool,
    /// False when the plan's author could not confirm the change (the decision
    /// is not at hand): it applies, and is shown as unconfirmed.
    confirmed: Option<bool>,
    basis: Option<Text>,
}

#[derive(Deserialize)]
struct RawDimension {
    id: Spanned<String>,
    name: Text,
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
struct RawGroup {
    id: String,
    vi: String,
    en: String,
    #[serde(default)]
    aliases: Vec<String>,
}

impl RawDimension {
    fn dimension(&self) -> Dimension {
        Dimension {
            id: self.id.get_ref().trim().to_string(),
            name: self.name.clone(),
            groups: self
                .groups
                .iter()
                .map(|g| Group {
                    id: g.id.trim().to_string(),
                    name: Text {
                        en: g.en.clone(),
                        vi: g.vi.clone(),
                    },
                    aliases: g.aliases.clone(),
                })
                .collect(),
        }
    }
}

/// A passage of the plan; plans of the first release wrote no `source`.
#[derive(Deserialize)]
struct RawClause {
    vi: String,
    en: String,
    #[serde(default)]
    source: String,
}

impl RawClause {
    fn clause(&self) -> Clause {
        Clause {
            source: self.source.trim().to_string(),
            text: Text {
                en: self.en.clone(),
                vi: self.vi.clone(),
            },
        }
    }
}

#[derive(Deserialize, Default)]
struct RawReportForm {
    #[serde(default)]
    symbol: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    recipients: Vec<Spanned<bodies::RawBody>>,
    #[serde(default)]
    signature: Vec<Text>,
    signer: Option<Spanned<bodies::RawSigner>>,
}

#[derive(Deserialize)]
struct RawMeta {
    title: Text,
    issuer: Spanned<bodies::RawBody>,
    /// The plan's last day, when it ended before its last year ran out.
    ends: Option<Spanned<String>>,
    #[serde(default)]
    document_number: String,
    #[serde(default)]
    document_date: String,
    start_year: Spanned<i32>,
    end_year: Spanned<i32>,
    target_year: Spanned<i32>,
    coordinator: Spanned<String>,
    implements: Option<RawClause>,
    goal: Option<RawClause>,
    /// The first release's one-line funding text, read when there is no [[funding]].
    budget: Option<Text>,
}

#[derive(Deserialize)]
struct RawSchedule {
    first_period: Spanned<String>,
    last_period: Spanned<String>,
    reports: Vec<RawReport>,
    /// "on time" (the default) or "late": whether a report sent on its due day
    /// is on time.
    due_day: Option<Spanned<String>>,
    #[serde(default)]
    ad_hoc: Vec<Spanned<RawAdHoc>>,
}

/// `[[schedule.ad_hoc]]`: an ad hoc report the plan asks for.
#[derive(Deserialize)]
struct RawAdHoc {
    name: Text,
    period: Spanned<String>,
    due: Spanned<String>,
    units: Vec<Spanned<String>>,
    #[serde(default)]
    indicators: Vec<Spanned<String>>,
    source: String,
    basis: Option<Text>,
}

#[derive(Deserialize)]
struct RawReport {
    period: Spanned<String>,
    due: Spanned<String>,
    name: Text,
}

#[derive(Deserialize)]
struct RawCampaign {
    start: Spanned<String>,
    end: Option<Spanned<String>>,
    name: Text,
}

#[derive(Deserialize)]
struct RawObjective {
    number: Spanned<u32>,
    title: Text,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawUom {
    Plain(String),
    Text(Text),
}

#[derive(Deserialize)]
struct RawIndicator {
    id: Spanned<String>,
    objective: Spanned<u32>,
    name: Text,
    op: Spanned<String>,
    target: Option<Spanned<f64>>,
    unit_of_measure: RawUom,
    direction: Spanned<String>,
    measure: Spanned<String>,
    scale: Option<Spanned<f64>>,
    threshold: Option<Spanned<f64>>,
    frequency: Option<Spanned<String>>,
    share_of: Option<Spanned<String>>,
    #[serde(default)]
    accumulates: bool,
    no_cases: Option<bool>,
    whole: Option<Spanned<bool>>,
    #[serde(default)]
    former_ids: Vec<String>,
    disaggregate_by: Option<Spanned<String>>,
    target_wording: Option<Text>,
    definition: Option<Text>,
    part_of: Option<Spanned<String>>,
    numerator: Option<Text>,
    denominator: Option<Text>,
    count: Option<Text>,
    count_unit: Option<Text>,
    baseline: Option<Spanned<RawBaseline>>,
    responsible: Option<Spanned<String>>,
    #[serde(default)]
    contributors: Vec<Spanned<String>>,
    previous_id: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawBaseline {
    year: i32,
    value: f64,
}

#[derive(Deserialize)]
struct RawUnit {
    id: Spanned<String>,
    kind: Spanned<String>,
    name: Text,
    short: Option<Text>,
    code: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tasks: Vec<Text>,
    source: Option<String>,
    /// "duties" (the default) or "requests": IV.10's "Đề nghị …".
    tasks_are: Option<Spanned<String>>,
    starts: Option<Spanned<String>>,
    ends: Option<Spanned<String>>,
    #[serde(default)]
    successors: Vec<Spanned<String>>,
    #[serde(default)]
    former_ids: Vec<Spanned<String>>,
    /// Units of the previous plan this one was formed from ([`formed`]).
    #[serde(default)]
    formed_from: Vec<Spanned<String>>,
    #[serde(default)]
    formed_from_outside: Vec<String>,
    email: Option<String>,
    phone: Option<String>,
}

/// What the checks of objectives and indicators look things up in: the units
/// (by id, as a set and in order for "did you mean"), the objectives and the
/// dimensions already read.
struct Known<'a> {
    units: &'a [Unit],
    unit_refs: &'a [&'a str],
    unit_set: &'a std::collections::HashSet<&'a str>,
    unit_index: &'a FxHashMap<&'a str, u16>,
    objectives: &'a [Objective],
    dimensions: &'a [Dimension],
}

/// An optional text as written, trimmed; None when empty.
fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

// ---------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------

struct Validator<'a> {
    text: &'a str,
    /// Byte offsets where lines start: positions are found by binary search, as a
    /// plan may declare thousands of units.
    line_starts: Vec<usize>,
    file: &'a str,
    lang: Lang,
    problems: Vec<Diagnostic>,
    /// The units file, when the units live in one: its values carry positions
    /// past the plan text's end, so that a problem found in a unit is placed at
    /// its line of that file.
    units_file: Option<UnitsFile>,
    /// The workbook's cells, for a plan read from one: each value is placed at
    /// its cell.
    cells: Option<&'a CellMap>,
}

/// A units file as positions of its values are numbered: from `base` on.
struct UnitsFile {
    name: String,
    base: usize,
    /// Byte offset (in the file) of each row's line, by line number - 1.
    line_starts: Vec<usize>,
}

impl Validator<'_> {
    /// The line of a position: in plan.toml, or in the units file for a value
    /// read from it.
    fn line_of(&self, offset: usize) -> usize {
        match &self.units_file {
            Some(units) if offset >= units.base => units
                .line_starts
                .partition_point(|&start| start <= offset - units.base),
            _ => self.line_starts.partition_point(|&start| start <= offset),
        }
    }

    /// Where the value at `offset` was written: a cell of the workbook the plan
    /// was read from, a line of the units file, or a line and column of plan.toml.
    fn position(&self, offset: usize) -> Position {
        if let Some(cells) = self.cells {
            return cells.place(offset);
        }
        let line = self.line_of(offset);
        if let Some(units) = &self.units_file
            && offset >= units.base
        {
            let (file, column) = (units.name.clone(), None);
            return Position::Line { file, line, column };
        }
        let start = self.line_starts[line - 1];
        let column = Some(line_col(&self.text[start..], offset - start).1);
        let file = self.file.to_string();
        Position::Line { file, line, column }
    }

    /// Where a value was written, in words for a message: "on line 12", or
    /// "in cell [Đơn vị]!A5" for a value of a workbook.
    fn place_words(&self, offset: usize) -> String {
        let lang = self.lang;
        match self.position(offset) {
            Position::Cell {
                sheet, row, column, ..
            } => {
                let column = column.map_or_else(String::new, crate::diagnostic::column_letters);
                tr!(
                    lang,
                    "in cell [{sheet}]!{column}{row}",
                    "ở ô [{sheet}]!{column}{row}"
                )
            }
            _ => {
                let line = self.line_of(offset);
                tr!(lang, "on line {line}", "ở dòng {line}")
            }
        }
    }

    fn error_at(&mut self, offset: usize, message: String, hint: String) {
        let problem = self.position(offset).diagnostic(message, hint);
        self.problems.push(problem);
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: String, hint: String) {
        self.error_at(at.span().start, message, hint);
    }

    fn build(&mut self, raw: RawPlan) -> Plan {
        let mut units = self.units(&raw.units);
        let unit_ids: Vec<String> = (raw.units.iter())
            .map(|u| u.get_ref().id.get_ref().trim().to_string())
            .collect();
        let unit_refs: Vec<&str> = unit_ids.iter().map(String::as_str).collect();
        let known_units: std::collections::HashSet<&str> = unit_refs.iter().copied().collect();
        let meta = self.meta(&raw.plan, &raw.funding, &known_units, &unit_refs);
        let schedule = self.schedule(&raw.schedule, meta.start_year);
        let campaigns = self.campaigns(&raw.campaigns);
        let objectives = self.objectives(&raw.objectives);
        let dimensions: Vec<Dimension> =
            raw.dimensions.iter().map(RawDimension::dimension).collect();
        self.check_dimensions(&raw.dimensions);
        let unit_index: FxHashMap<&str, u16> = (units.iter().enumerate())
            .map(|(i, u)| (u.id.as_str(), i as u16))
            .collect();
        let known = Known {
            units: &units,
            unit_refs: &unit_refs,
            unit_set: &known_units,
            unit_index: &unit_index,
            objectives: &objectives,
            dimensions: &dimensions,
        };
        let indicators = self.indicators(&raw.indicators, &known);
        self.check_names_are_unambiguous(&raw.units);
        self.link_successors(&raw.units, &mut units);
        self.check_former_ids(&raw.units, &units);
        let transfers = self.transfers(&raw.transfers, &units, &indicators);
        let previous = self.previous_and_formed(&raw);
        let checks = self.checks(&raw.checks, &indicators, &dimensions);
        let report = self.report_form(&raw.report);
        let dhis2 = self.dhis2(&raw.exchange, &units, &indicators, &dimensions);
        let mut plan = Plan {
            meta,
            schedule,
            campaigns,
            objectives,
            indicators,
            units,
            tasks: raw.tasks.iter().map(RawClause::clause).collect(),
            dimensions,
            report,
            transfers,
            previous,
            duties: Default::default(),
            unit_tasks: UnitTasks {
                office: raw
                    .unit_tasks
                    .office
                    .iter()
                    .map(RawClause::clause)
                    .collect(),
                organisation: (raw.unit_tasks.organisation.iter())
                    .map(RawClause::clause)
                    .collect(),
                commune: raw
                    .unit_tasks
                    .commune
                    .iter()
                    .map(RawClause::clause)
                    .collect(),
            },
            checks,
            dhis2,
        };
        let years = (plan.meta.start_year, plan.meta.end_year);
        plan.meta.ends = self.plan_end(raw.plan.ends.as_ref(), years, &plan.rounds());
        plan.schedule.ad_hoc = self.ad_hoc(&raw.schedule.ad_hoc, &plan);
        plan.mark_namesakes();
        plan
    }

    /// `[previous]`, with what each unit was formed from.
    fn previous_and_formed(&mut self, raw: &RawPlan) -> Option<PreviousPlan> {
        let mut previous = self.previous(raw.previous.as_ref(), &raw.indicators);
        let formed = self.formed(&raw.units, previous.is_some());
        if let Some(p) = &mut previous {
            p.formed = formed;
        }
        previous
    }
}

/// The texts without repeats, each where it first appears ("@communes" lists ten
/// thousand ids, so the ids seen are borrowed, not copied).
fn unique_in_order(texts: Vec<String>) -> Vec<String> {
    let mut seen = FxHashSet::default();
    seen.reserve(texts.len());
    let first: Vec<bool> = texts.iter().map(|t| seen.insert(t.as_str())).collect();
    drop(seen);
    texts
        .into_iter()
        .zip(first)
        .filter_map(|(text, first)| first.then_some(text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{toml_reader::toml_message_vi, unique_in_order};

    /// A contributor named twice (by id and again through "@communes") counts once,
    /// where it first appears.
    #[test]
    fn contributors_are_kept_once_in_first_order() {
        let texts = ["c2", "c1", "c2", "office", "c1", "c3"].map(String::from);
        assert_eq!(
            unique_in_order(texts.to_vec()),
            ["c2", "c1", "office", "c3"].map(String::from)
        );
    }

    #[test]
    fn the_toml_readers_messages_read_in_vietnamese() {
        let cases = [
            (
                "invalid type: string \"109\", expected f64",
                "kiểu giá trị không đúng: có văn bản \"109\", cần số",
            ),
            (
                "invalid type: integer `3`, expected a sequence",
                "kiểu giá trị không đúng: có số nguyên `3`, cần danh sách [ ]",
            ),
            (
                "missing comma between array elements, expected `,`",
                "thiếu dấu phẩy giữa các phần tử của danh sách, cần `,`",
            ),
            (
                "key with no value, expected `=`",
                "khóa chưa có giá trị, cần `=`",
            ),
            (
                "string values must be quoted, expected literal string",
                "giá trị văn bản phải nằm trong dấu nháy kép",
            ),
            ("missing field `id`", "thiếu khóa `id`"),
            (
                "unknown variant `weekly`, expected one of `half-year`, `year`",
                "giá trị `weekly` không hợp lệ; các giá trị được dùng: `half-year`, `year`",
            ),
            (
                "something new from the reader",
                "tệp không đúng cú pháp TOML",
            ),
        ];
        for (english, vietnamese) in cases {
            assert_eq!(toml_message_vi(english), vietnamese, "{english}");
        }
    }
}

//! Reading plan.toml: TOML syntax and types by the toml crate, then every rule the
//! program relies on, each problem reported with its line and column, all at once.

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

mod bodies;
mod checks;
mod formed;
pub mod position;
pub mod shape;
pub mod workbook;

use position::{CellMap, Position};
use shape::{BODY, ROOT, Shape, TEXT};

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

/// The rows of a units file as `[[units]]` tables.
fn units_of_file(text: &str, name: &str, folder: &Path, lang: Lang) -> Vec<toml::Value> {
    let mut v = Validator {
        text,
        line_starts: vec![0],
        file: "",
        lang,
        problems: Vec::new(),
        units_file: None,
        cells: None,
    };
    let mut units = Vec::new();
    v.read_units_file(
        &Spanned::new(0..0, name.to_string()),
        Some(folder),
        &mut units,
    );
    units.iter().map(|u| unit_table(u.get_ref())).collect()
}

/// A unit of the units file as the table `[[units]]` would hold.
fn unit_table(u: &RawUnit) -> toml::Value {
    use toml::Value as V;
    let text = |t: &Text| {
        V::Table(toml::Table::from_iter([
            ("vi".into(), V::String(t.vi.clone())),
            ("en".into(), V::String(t.en.clone())),
        ]))
    };
    let mut table = toml::Table::new();
    let mut put = |key: &str, value: Option<V>| {
        if let Some(value) = value {
            table.insert(key.into(), value);
        }
    };
    put("id", Some(V::String(u.id.get_ref().clone())));
    put("kind", Some(V::String(u.kind.get_ref().clone())));
    put("name", Some(text(&u.name)));
    put("short", u.short.as_ref().map(text));
    put("code", u.code.clone().map(V::String));
    let aliases = u.aliases.iter().cloned().map(V::String).collect::<Vec<_>>();
    put(
        "aliases",
        (!aliases.is_empty()).then_some(V::Array(aliases)),
    );
    put(
        "starts",
        u.starts.as_ref().map(|d| V::String(d.get_ref().clone())),
    );
    put(
        "ends",
        u.ends.as_ref().map(|d| V::String(d.get_ref().clone())),
    );
    put("email", u.email.clone().map(V::String));
    put("phone", u.phone.clone().map(V::String));
    V::Table(table)
}

/// The years a plan may cover: wide enough for any real plan, narrow enough that
/// nothing iterates over billions of years.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// The largest plan read, in bytes: a national plan of ten thousand units is a
/// few megabytes.
pub const MAX_PLAN_BYTES: u64 = 64 << 20;

/// The plan's bytes: only a regular file, and not more than [`MAX_PLAN_BYTES`].
fn read_plan_file(path: &Path, file: &str, lang: Lang) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let cannot_read = || {
        tr!(
            lang,
            "cannot read the plan file {}; give its path with --plan or GENDER_PLAN",
            "không đọc được tệp kế hoạch {}; chỉ đường dẫn bằng --plan hoặc GENDER_PLAN",
            crate::text::for_terminal(file)
        )
    };
    let refuse = |message: String| -> anyhow::Error {
        Rejected(vec![Diagnostic::new(file, message).hint(tr!(
            lang,
            "give the path of plan.toml with --plan or GENDER_PLAN",
            "chỉ đường dẫn của plan.toml bằng --plan hoặc GENDER_PLAN"
        ))])
        .into()
    };
    let meta = std::fs::metadata(path).with_context(cannot_read)?;
    if !meta.is_file() {
        return Err(refuse(tr!(
            lang,
            "the plan is not a regular file (a device, a pipe or a folder)",
            "tệp kế hoạch không phải tệp thường (thiết bị, ống hoặc thư mục)"
        )));
    }
    let opened = std::fs::File::open(path).with_context(cannot_read)?;
    let mut bytes = Vec::new();
    opened
        .take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(cannot_read)?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        let limit = MAX_PLAN_BYTES >> 20;
        return Err(refuse(tr!(
            lang,
            "the plan is larger than {limit} MB: this is not a plan file",
            "tệp kế hoạch lớn hơn {limit} MB: đây không phải tệp kế hoạch"
        )));
    }
    Ok(bytes)
}

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
    let mut tree = match DeTable::parse(text) {
        Ok(tree) => tree,
        Err(e) => {
            v.error_at(
                e.span().map_or(0, |s| s.start),
                toml_message(&e, lang),
                syntax_hint(lang),
            );
            return Err(v.problems);
        }
    };
    let units_file = units_file_named(tree.get_mut());
    v.check_keys(tree.get_ref(), &ROOT, "");
    // The typed pass reads the same tree: the text is parsed once.
    let mut raw: RawPlan = match serde::Deserialize::deserialize(toml::de::Deserializer::from(tree))
    {
        Ok(raw) => raw,
        Err(e) => {
            v.error_at(
                e.span().map_or(0, |s| s.start),
                toml_message(&e, lang),
                type_hint(lang),
            );
            return Err(v.problems);
        }
    };
    if let Some(name) = units_file {
        v.read_units_file(&name, folder, &mut raw.units);
        if !v.problems.is_empty() {
            return Err(v.problems);
        }
    }
    let plan = v.build(raw);
    if v.problems.is_empty() {
        Ok(plan)
    } else {
        v.problems.sort_by_key(|d| (d.line, d.column));
        Err(v.problems)
    }
}

/// The funding clauses; a plan of the first release gave one `budget` text instead.
fn funding(clauses: &[RawClause], budget: Option<&Text>) -> Vec<Clause> {
    if clauses.is_empty() {
        return budget
            .map(|text| Clause {
                source: String::new(),
                text: text.clone(),
            })
            .into_iter()
            .collect();
    }
    clauses.iter().map(RawClause::clause).collect()
}

/// The TOML reader's message, in our words: as it is in English, translated in
/// Vietnamese (the reader's words: what it found, and what it expected there).
fn toml_message(e: &toml::de::Error, lang: Lang) -> String {
    let message = e.message().trim().replace('\n', " ");
    match lang {
        Lang::En => message,
        Lang::Vi => toml_message_vi(&message),
    }
}

/// What the TOML reader says, and how a Vietnamese reader is told it.
const TOML_PROBLEMS_VI: &[(&str, &str)] = &[
    (
        "missing comma between array elements",
        "thiếu dấu phẩy giữa các phần tử của danh sách",
    ),
    ("key with no value", "khóa chưa có giá trị"),
    (
        "string values must be quoted",
        "giá trị văn bản phải nằm trong dấu nháy kép",
    ),
    ("duplicate key", "khóa bị khai báo hai lần"),
    ("unclosed array", "danh sách chưa có dấu ] đóng"),
    ("unclosed table", "bảng chưa có dấu } hoặc ] đóng"),
    ("unclosed inline table", "bảng chưa có dấu } đóng"),
    ("invalid string", "văn bản không hợp lệ"),
    (
        "invalid basic string",
        "văn bản trong dấu nháy kép không hợp lệ",
    ),
    ("invalid escape sequence", "ký tự thoát (\\) không hợp lệ"),
    ("invalid unquoted key", "tên khóa không hợp lệ"),
    ("invalid table header", "tiêu đề bảng [ ] không hợp lệ"),
    ("invalid key-value pair", "cặp khóa = giá trị không hợp lệ"),
    ("invalid inline table", "bảng trong dòng { } không hợp lệ"),
    ("invalid array", "danh sách [ ] không hợp lệ"),
    ("invalid number", "số không hợp lệ"),
    ("invalid date", "ngày không hợp lệ"),
    ("invalid time", "giờ không hợp lệ"),
    ("extra tokens", "có nội dung thừa sau giá trị"),
    ("unexpected content", "có nội dung không mong đợi"),
    (
        "unexpected key or value",
        "có khóa hoặc giá trị không mong đợi",
    ),
];

/// A TOML type or expectation as the reader names it ("string \"109\"", "f64",
/// "a sequence", "`,`"), in Vietnamese; the value it quotes is kept.
fn toml_kind_vi(kind: &str) -> String {
    let kind = kind.trim();
    let kind = kind
        .strip_prefix("an ")
        .or_else(|| kind.strip_prefix("a "))
        .unwrap_or(kind);
    if kind.starts_with('`') {
        return kind.to_string();
    }
    let (word, value) = kind.split_once(' ').unwrap_or((kind, ""));
    let what = match word {
        "string" => "văn bản",
        "integer" | "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" => {
            "số nguyên"
        }
        "float" | "f64" | "f32" => "số",
        "boolean" | "bool" => "giá trị đúng/sai",
        "sequence" | "array" => return "danh sách [ ]".to_string(),
        "map" | "table" | "struct" => return "bảng".to_string(),
        "literal" => return "văn bản trong dấu nháy kép".to_string(),
        _ => return "giá trị khác".to_string(),
    };
    match value.trim() {
        "" => what.to_string(),
        value => format!("{what} {value}"),
    }
}

fn toml_message_vi(message: &str) -> String {
    let (head, expected) = match message.split_once(", expected ") {
        Some((head, expected)) => (head, Some(expected)),
        None => (message, None),
    };
    let expected = expected.map(|e| {
        let kinds: Vec<String> = e.split(" or ").map(toml_kind_vi).collect();
        kinds.join(" hoặc ")
    });
    if let Some(found) = head.strip_prefix("invalid type: ") {
        let found = toml_kind_vi(found);
        return match expected {
            Some(expected) => format!("kiểu giá trị không đúng: có {found}, cần {expected}"),
            None => format!("kiểu giá trị không đúng: {found}"),
        };
    }
    if let Some(field) = head.strip_prefix("missing field ") {
        return format!("thiếu khóa {field}");
    }
    if let Some(field) = head.strip_prefix("unknown field ") {
        return format!("không có khóa {field}");
    }
    if let Some(value) = head.strip_prefix("unknown variant ") {
        let allowed = message
            .split_once("expected one of ")
            .map_or("", |(_, a)| a);
        return format!("giá trị {value} không hợp lệ; các giá trị được dùng: {allowed}");
    }
    if let Some(value) = head.strip_prefix("invalid value: ") {
        return match expected {
            Some(expected) => format!(
                "giá trị không hợp lệ: {}, cần {expected}",
                toml_kind_vi(value)
            ),
            None => "giá trị không hợp lệ".to_string(),
        };
    }
    let problem = TOML_PROBLEMS_VI
        .iter()
        .find(|(en, _)| head.starts_with(en))
        .map_or("tệp không đúng cú pháp TOML", |(_, vi)| vi);
    match expected {
        // "must be quoted, expected literal string" says the same thing twice.
        Some(expected) if !(problem.contains("nháy kép") && expected.contains("nháy kép")) => {
            format!("{problem}, cần {expected}")
        }
        _ => problem.to_string(),
    }
}

fn syntax_hint(lang: Lang) -> String {
    tr!(
        lang,
        "check the quotes, brackets and `=` on that line; text values need double quotes",
        "kiểm tra dấu nháy, ngoặc và dấu `=` trên dòng đó; giá trị văn bản cần nằm trong dấu nháy kép"
    )
}

fn type_hint(lang: Lang) -> String {
    tr!(
        lang,
        "compare this entry with the others of its kind in the shipped plan.toml",
        "so sánh mục này với các mục cùng loại trong tệp plan.toml mẫu"
    )
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
}

/// `[unit_tasks]`: the tasks every unit of a kind shares, written once.
#[derive(Deserialize, Default)]
struct RawUnitTasks {
    #[serde(default)]
    office: Vec<Text>,
    #[serde(default)]
    organisation: Vec<Text>,
    #[serde(default)]
    commune: Vec<Text>,
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
    whole: Option<Spanned<bool>>,
    #[serde(default)]
    former_ids: Vec<String>,
    disaggregate_by: Option<Spanned<String>>,
    target_wording: Option<Text>,
    numerator: Option<Text>,
    denominator: Option<Text>,
    count: Option<Text>,
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

/// The name of the units file, when plan.toml gives one (`units = "units.csv"`)
/// instead of `[[units]]` tables; it is taken out of the tree, which then holds
/// what the typed pass reads.
fn units_file_named(tree: &mut DeTable) -> Option<Spanned<String>> {
    let is_name = matches!(
        tree.get("units").map(|v| v.get_ref()),
        Some(toml::de::DeValue::String(_))
    );
    if !is_name {
        return None;
    }
    let value = tree.remove("units")?;
    let span = value.span();
    match value.into_inner() {
        toml::de::DeValue::String(name) => Some(Spanned::new(span, name.into_owned())),
        _ => None,
    }
}

/// The columns of a units file, by name; `id`, `kind` and `name_vi` are needed.
const UNIT_COLUMNS: [&str; 12] = [
    "id", "kind", "name_vi", "name_en", "short_vi", "short_en", "code", "aliases", "starts",
    "ends", "email", "phone",
];

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

impl Validator<'_> {
    /// Reads the units file (`units = "units.csv"`, beside the plan) into
    /// `[[units]]` entries, each value placed at its line of that file.
    fn read_units_file(
        &mut self,
        name: &Spanned<String>,
        folder: Option<&Path>,
        units: &mut Vec<Spanned<RawUnit>>,
    ) {
        let lang = self.lang;
        let relative = name.get_ref().trim();
        let path = folder.map(|f| match f == Path::new(".") {
            true => std::path::PathBuf::from(relative),
            false => f.join(relative),
        });
        let bytes = path.as_ref().and_then(|p| {
            // Only a regular file: a fifo or a device would never end.
            std::fs::metadata(p)
                .ok()
                .filter(|m| m.is_file() && m.len() <= MAX_PLAN_BYTES)
                .and_then(|_| std::fs::read(p).ok())
        });
        let Some(bytes) = bytes else {
            self.error(
                name,
                tr!(
                    lang,
                    "cannot read the units file \"{}\"",
                    "không đọc được tệp đơn vị \"{}\"",
                    crate::text::excerpt(relative)
                ),
                tr!(
                    lang,
                    "give the path of a CSV file beside the plan (columns {}), or list the units as [[units]] tables",
                    "hãy chỉ đường dẫn một tệp CSV cạnh tệp kế hoạch (các cột {}), hoặc liệt kê các đơn vị bằng các bảng [[units]]",
                    UNIT_COLUMNS.join(", ")
                ),
            );
            return;
        };
        let shown = path.map_or_else(String::new, |p| p.display().to_string());
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let skipped = bytes.len() - body.len();
        self.units_file = Some(UnitsFile {
            name: shown,
            base: self.text.len() + 1,
            line_starts: std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect(),
        });
        let base = self.text.len() + 1 + skipped;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
        let Some(columns) = self.unit_columns(&mut reader, base) else {
            return;
        };
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let at = base + record.position().map_or(0, |p| p.byte() as usize);
                    units.push(unit_of_row(&record, &columns, at));
                }
                Err(e) => {
                    let at = base + e.position().map_or(0, |p| p.byte() as usize);
                    self.error_at(
                        at,
                        tr!(
                            lang,
                            "this row of the units file cannot be read: {}",
                            "không đọc được dòng này của tệp đơn vị: {}",
                            e
                        ),
                        units_file_hint(lang),
                    );
                    return;
                }
            }
        }
    }

    /// Where each of [`UNIT_COLUMNS`] is in the header; None after reporting a
    /// header without `id`, `kind` or `name_vi`, or with an unknown column.
    fn unit_columns(
        &mut self,
        reader: &mut csv::Reader<&[u8]>,
        base: usize,
    ) -> Option<[Option<usize>; 12]> {
        let lang = self.lang;
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(e) => {
                self.error_at(base, e.to_string(), units_file_hint(lang));
                return None;
            }
        };
        let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
        if let Some(unknown) = names.iter().find(|n| !UNIT_COLUMNS.contains(&n.as_str())) {
            self.error_at(
                base,
                tr!(
                    lang,
                    "unknown column \"{}\" in the units file",
                    "cột \"{}\" không hợp lệ trong tệp đơn vị",
                    crate::text::excerpt(unknown)
                ),
                units_file_hint(lang),
            );
            return None;
        }
        let columns = UNIT_COLUMNS.map(|c| names.iter().position(|n| n == c));
        if columns[..2]
            .iter()
            .chain(&columns[2..3])
            .any(Option::is_none)
        {
            self.error_at(
                base,
                tr!(
                    lang,
                    "the units file needs the columns id, kind and name_vi",
                    "tệp đơn vị cần có các cột id, kind và name_vi"
                ),
                units_file_hint(lang),
            );
            return None;
        }
        Some(columns)
    }
}

fn units_file_hint(lang: Lang) -> String {
    tr!(
        lang,
        "the units file is a CSV with the header {} (aliases separated by ;, dates as YYYY-MM-DD)",
        "tệp đơn vị là tệp CSV với dòng tiêu đề {} (các tên khác cách nhau bằng dấu ;, ngày dạng YYYY-MM-DD)",
        UNIT_COLUMNS.join(",")
    )
}

/// A row of the units file as a `[[units]]` entry, its values placed at `at`.
fn unit_of_row(
    record: &csv::StringRecord,
    columns: &[Option<usize>; 12],
    at: usize,
) -> Spanned<RawUnit> {
    let cell = |i: usize| columns[i].and_then(|c| record.get(c)).unwrap_or("").trim();
    let placed = |text: &str| Spanned::new(at..at + 1, text.to_string());
    let optional = |text: &str| (!text.is_empty()).then(|| text.to_string());
    let name_vi = cell(2);
    let name_en = match cell(3) {
        "" => name_vi,
        en => en,
    };
    let short = match (cell(4), cell(5)) {
        ("", "") => None,
        (vi, en) => Some(Text {
            vi: vi.to_string(),
            en: if en.is_empty() { vi } else { en }.to_string(),
        }),
    };
    let unit = RawUnit {
        id: placed(cell(0)),
        kind: placed(cell(1)),
        name: Text {
            vi: name_vi.to_string(),
            en: name_en.to_string(),
        },
        short,
        code: optional(cell(6)),
        aliases: cell(7)
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect(),
        tasks: Vec::new(),
        source: None,
        starts: optional(cell(8)).map(|d| placed(&d)),
        ends: optional(cell(9)).map(|d| placed(&d)),
        successors: Vec::new(),
        former_ids: Vec::new(),
        formed_from: Vec::new(),
        formed_from_outside: Vec::new(),
        email: optional(cell(10)),
        phone: optional(cell(11)),
    };
    Spanned::new(at..at + 1, unit)
}

/// An optional text as written, trimmed; None when empty.
fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

impl Validator<'_> {
    /// `[report]` as written, trimmed; its recipients and signer are bodies in time.
    fn report_form(&mut self, raw: &RawReportForm) -> ReportForm {
        let lang = self.lang;
        let recipient = lang.pick("a recipient in [report]", "một nơi nhận trong [report]");
        let signer = lang.pick("the signer in [report]", "người ký trong [report]");
        ReportForm {
            symbol: raw.symbol.trim().to_string(),
            place: raw.place.trim().to_string(),
            recipients: raw
                .recipients
                .iter()
                .map(|r| self.body(r, recipient))
                .collect(),
            signature: raw.signature.clone(),
            signer: match &raw.signer {
                Some(s) => self.body_at(&s.get_ref().0, s.span(), signer, None),
                None => Body::default(),
            },
        }
    }
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

    fn error_at(&mut self, offset: usize, message: String, hint: String) {
        let problem = self.position(offset).diagnostic(message, hint);
        self.problems.push(problem);
    }

    /// A plan number (target, threshold, scale) is a figure like any other:
    /// finite and within range ([`crate::domain::figure::is_recordable`]), so no
    /// infinity or NaN reaches a comparison or a report.
    fn check_in_range(&mut self, number: &Spanned<f64>, name: &str, id: &str) {
        let value = *number.get_ref();
        if crate::domain::figure::is_recordable(value) {
            return;
        }
        let lang = self.lang;
        self.error(
            number,
            tr!(
                lang,
                "the {name} of indicator {id} is not a number within ±10^15",
                "`{name}` của chỉ tiêu {id} không phải một số trong khoảng ±10^15"
            ),
            tr!(
                lang,
                "write an ordinary number, such as 60",
                "viết một số bình thường, ví dụ 60"
            ),
        );
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: String, hint: String) {
        self.error_at(at.span().start, message, hint);
    }

    fn check_keys(&mut self, table: &DeTable, shape: &Shape, path: &str) {
        let Shape::Table(known) = shape else { return };
        let lang = self.lang;
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let Some((_, inner)) = known.iter().find(|(k, _)| *k == name) else {
                let here = if path.is_empty() {
                    tr!(lang, "at the top level", "ở cấp ngoài cùng")
                } else {
                    tr!(lang, "in [{path}]", "trong [{path}]")
                };
                let keys: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                let hint = match nearest(name, keys.iter().copied()) {
                    Some(close) => tr!(
                        lang,
                        "did you mean `{close}`?",
                        "có phải ý bạn là `{close}`?"
                    ),
                    None => tr!(
                        lang,
                        "the keys allowed here are: {}",
                        "các khóa được phép ở đây: {}",
                        match lang {
                            Lang::En => keys.join(", "),
                            Lang::Vi => keys
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                        }
                    ),
                };
                self.error(
                    key,
                    tr!(
                        lang,
                        "unknown key `{name}` {here}",
                        "khóa `{name}` không hợp lệ {here}"
                    ),
                    hint,
                );
                continue;
            };
            let child = if path.is_empty() {
                name.to_string()
            } else {
                format!("{path}.{name}")
            };
            self.check_value(value.get_ref(), inner, &child);
        }
    }

    fn check_value(&mut self, value: &DeValue, shape: &Shape, path: &str) {
        match (shape, value) {
            (Shape::Table(_), DeValue::Table(t)) => self.check_keys(t, shape, path),
            (Shape::TextOrString, DeValue::Table(t)) => self.check_keys(t, &TEXT, path),
            (Shape::Body, DeValue::Table(t)) => self.check_keys(t, &BODY, path),
            (Shape::ArrayOf(inner), DeValue::Array(items)) => {
                for item in items.iter() {
                    self.check_value(item.get_ref(), inner, path);
                }
            }
            _ => {}
        }
    }

    fn unknown_unit(&mut self, at: &Spanned<String>, role: &str, unit_ids: &[&str]) {
        let lang = self.lang;
        let id = at.get_ref();
        let hint = match nearest(id, unit_ids.iter().copied()) {
            Some(close) => tr!(
                lang,
                "did you mean \"{close}\"? Units are declared under [[units]]",
                "có phải ý bạn là \"{close}\"? Các đơn vị được khai báo trong các mục `[[units]]`"
            ),
            None => tr!(
                lang,
                "use the id of a unit declared under [[units]], or \"@commune\", \"@office\", \"@organisation\" for a whole kind",
                "dùng mã của một đơn vị khai báo trong các mục `[[units]]`, hoặc \"@commune\", \"@office\", \"@organisation\" cho cả nhóm"
            ),
        };
        self.error(
            at,
            tr!(
                lang,
                "unknown unit \"{id}\" in {role}",
                "đơn vị \"{id}\" không tồn tại (khai báo ở `{role}`)"
            ),
            hint,
        );
    }

    fn month_day(&mut self, at: &Spanned<String>, what: &str) -> MonthDay {
        let lang = self.lang;
        match MonthDay::parse(at.get_ref()) {
            Some(md) => md,
            None => {
                let text = at.get_ref();
                self.error(
                    at,
                    tr!(
                        lang,
                        "impossible date \"{text}\" for {what}",
                        "ngày \"{text}\" không hợp lệ ở {what}"
                    ),
                    tr!(
                        lang,
                        "write month-day as \"MM-DD\" with a day that exists every year, e.g. \"06-05\" for 5 June",
                        "viết tháng-ngày dạng \"MM-DD\", ngày phải có thật mọi năm, ví dụ \"06-05\" là ngày 5 tháng 6"
                    ),
                );
                MonthDay { month: 1, day: 1 }
            }
        }
    }

    fn build(&mut self, raw: RawPlan) -> Plan {
        let mut units = self.units(&raw.units);
        let unit_ids: Vec<&str> = raw
            .units
            .iter()
            .map(|u| u.get_ref().id.get_ref().as_str())
            .collect();
        let unit_ids: Vec<String> = unit_ids.iter().map(|s| s.trim().to_string()).collect();
        let unit_refs: Vec<&str> = unit_ids.iter().map(String::as_str).collect();
        let known_units: std::collections::HashSet<&str> = unit_refs.iter().copied().collect();
        let meta = self.meta(&raw.plan, &raw.funding, &known_units, &unit_refs);
        let schedule = self.schedule(&raw.schedule, meta.start_year);
        let campaigns = self.campaigns(&raw.campaigns);
        let objectives = self.objectives(&raw.objectives);
        let dimensions: Vec<Dimension> =
            raw.dimensions.iter().map(RawDimension::dimension).collect();
        self.check_dimensions(&raw.dimensions);
        let unit_index: FxHashMap<&str, u16> = units
            .iter()
            .enumerate()
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
        let mut previous = self.previous(raw.previous.as_ref(), &raw.indicators);
        let formed = self.formed(&raw.units, previous.is_some());
        if let Some(p) = &mut previous {
            p.formed = formed;
        }
        let checks = self.checks(&raw.checks, &indicators, &dimensions);
        let report = self.report_form(&raw.report);
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
                office: raw.unit_tasks.office,
                organisation: raw.unit_tasks.organisation,
                commune: raw.unit_tasks.commune,
            },
            checks,
        };
        let years = (plan.meta.start_year, plan.meta.end_year);
        plan.meta.ends = self.plan_end(raw.plan.ends.as_ref(), years, &plan.rounds());
        plan.mark_namesakes();
        plan
    }

    /// `[[units]]` (or the units file's rows), each checked: everything else in the
    /// plan refers to them.
    fn units(&mut self, raw: &[Spanned<RawUnit>]) -> Vec<Unit> {
        let lang = self.lang;
        let mut units = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for spanned in raw {
            let u = spanned.get_ref();
            let id = u.id.get_ref().trim().to_string();
            if id.is_empty() {
                self.error(
                    &u.id,
                    tr!(lang, "a unit has an empty id", "một đơn vị có mã trống"),
                    tr!(
                        lang,
                        "give every unit a short id such as \"ban-bo\"",
                        "đặt cho mỗi đơn vị một mã ngắn, ví dụ \"ban-bo\""
                    ),
                );
            }
            if let Some(&line) = seen.get(&id) {
                self.error(
                    &u.id,
                    tr!(
                        lang,
                        "duplicate unit id \"{id}\"",
                        "mã đơn vị \"{id}\" bị trùng"
                    ),
                    tr!(
                        lang,
                        "the first one is on line {line}; every unit needs its own id",
                        "mã này đã dùng ở dòng {line}; mỗi đơn vị cần một mã riêng"
                    ),
                );
            }
            seen.insert(id.clone(), self.line_of(u.id.span().start));
            let kind = UnitKind::parse(u.kind.get_ref()).unwrap_or_else(|| {
                let text = u.kind.get_ref();
                self.error(
                    &u.kind,
                    tr!(
                        lang,
                        "unknown unit kind \"{text}\"",
                        "loại đơn vị \"{text}\" không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "use \"office\", \"organisation\" or \"commune\"",
                        "dùng \"office\", \"organisation\" hoặc \"commune\""
                    ),
                );
                UnitKind::Office
            });
            let starts = self.unit_date(u.starts.as_ref(), &id, "start");
            let ends = self.unit_date(u.ends.as_ref(), &id, "end");
            if let (Some(starts), Some(ends), Some(at)) = (starts, ends, u.ends.as_ref())
                && ends < starts
            {
                self.error(
                    at,
                    tr!(
                        lang,
                        "unit \"{id}\" ends ({ends}) before it starts ({starts})",
                        "đơn vị \"{id}\" kết thúc ({ends}) trước khi bắt đầu ({starts})"
                    ),
                    tr!(lang, "check the two dates", "kiểm tra lại hai ngày"),
                );
            }
            units.push(Unit {
                id,
                kind,
                name: u.name.clone(),
                short: u.short.clone(),
                code: u.code.clone(),
                aliases: u.aliases.clone(),
                tasks: u.tasks.clone(),
                source: u.source.as_ref().map(|s| s.trim().to_string()),
                starts,
                ends,
                successors: Vec::new(),
                former_ids: u
                    .former_ids
                    .iter()
                    .map(|f| f.get_ref().trim().to_string())
                    .collect(),
                formed_from_outside: u
                    .formed_from_outside
                    .iter()
                    .map(|f| f.trim().to_string())
                    .filter(|f| !f.is_empty())
                    .collect(),
                contact: Contact {
                    email: trimmed(u.email.as_deref()),
                    phone: trimmed(u.phone.as_deref()),
                },
                namesake: false,
            });
        }
        units
    }

    /// `[plan]`: a coordinator that is one of the units, and years a plan can have.
    fn meta(
        &mut self,
        m: &RawMeta,
        funding_clauses: &[RawClause],
        unit_set: &std::collections::HashSet<&str>,
        unit_refs: &[&str],
    ) -> Meta {
        let lang = self.lang;
        let coordinator = m.coordinator.get_ref().trim().to_string();
        if !unit_set.contains(coordinator.as_str()) {
            self.unknown_unit(&m.coordinator, "[plan] coordinator", unit_refs);
        }
        let (start_year, end_year) = (*m.start_year.get_ref(), *m.end_year.get_ref());
        for year in [&m.start_year, &m.end_year] {
            let y = *year.get_ref();
            if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
                self.error(
                    year,
                    tr!(
                        lang,
                        "the year {y} is outside {MIN_YEAR}–{MAX_YEAR}",
                        "năm {y} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
                    ),
                    tr!(
                        lang,
                        "check start_year and end_year: a plan covers a few years",
                        "kiểm tra start_year và end_year: một kế hoạch kéo dài vài năm"
                    ),
                );
            }
        }
        if end_year < start_year {
            self.error(
                &m.end_year,
                tr!(
                    lang,
                    "the plan ends ({end_year}) before it starts ({start_year})",
                    "kế hoạch kết thúc ({end_year}) trước khi bắt đầu ({start_year})"
                ),
                tr!(
                    lang,
                    "check start_year and end_year",
                    "kiểm tra start_year và end_year"
                ),
            );
        }
        let issuer = lang.pick("the plan's issuer", "cơ quan ban hành kế hoạch");
        Meta {
            title: m.title.clone(),
            issuer: self.body(&m.issuer, issuer),
            document_number: m.document_number.clone(),
            document_date: m.document_date.clone(),
            start_year,
            end_year,
            // Checked against the rounds once the schedule is read ([`Self::build`]).
            ends: None,
            target_year: *m.target_year.get_ref(),
            coordinator,
            basis: m.implements.as_ref().map(RawClause::clause),
            goal: m.goal.as_ref().map(RawClause::clause),
            funding: funding(funding_clauses, m.budget.as_ref()),
        }
    }

    /// `[schedule]`: the reports, their due days, and the plan's first and last periods.
    fn schedule(&mut self, raw: &RawSchedule, start_year: i32) -> Schedule {
        let lang = self.lang;
        let mut reports = Vec::new();
        for r in &raw.reports {
            let period_kind = match r.period.get_ref().trim() {
                "year" => PeriodKind::Year,
                "half-year" => PeriodKind::Half,
                other => {
                    self.error(
                        &r.period,
                        tr!(lang, "unknown report period \"{other}\"", "kỳ báo cáo \"{other}\" không hợp lệ"),
                        tr!(lang, "use \"half-year\" (periods like 2025-H1) or \"year\" (periods like 2025)", "dùng \"half-year\" (kỳ như 2025-H1) hoặc \"year\" (kỳ như 2025)"),
                    );
                    PeriodKind::Year
                }
            };
            let due = self.month_day(&r.due, "[[schedule.reports]] due");
            reports.push(ReportKind {
                period_kind,
                due,
                name: r.name.clone(),
            });
        }
        let schedule_period = |at: &Spanned<String>, v: &mut Self| -> Period {
            let text = at.get_ref();
            match Period::parse(text) {
                Some(p) if matches!(p, Period::Year(_) | Period::Half(_, 1)) => p,
                _ => {
                    v.error(
                        at,
                        tr!(
                            lang,
                            "\"{text}\" is not a report period",
                            "\"{text}\" không phải một kỳ báo cáo"
                        ),
                        tr!(
                            lang,
                            "write a year (\"2021\") or a first half-year (\"2022-H1\")",
                            "viết một năm (\"2021\") hoặc sáu tháng đầu năm (\"2022-H1\")"
                        ),
                    );
                    Period::Year(start_year)
                }
            }
        };
        let first_period = schedule_period(&raw.first_period, self);
        let last_period = schedule_period(&raw.last_period, self);
        if last_period.year() < first_period.year() {
            self.error(
                &raw.last_period,
                tr!(
                    lang,
                    "the last report period comes before the first",
                    "kỳ báo cáo cuối đứng trước kỳ đầu"
                ),
                tr!(
                    lang,
                    "check first_period and last_period under [schedule]",
                    "kiểm tra first_period và last_period ở [schedule]"
                ),
            );
        }
        Schedule {
            first_period,
            last_period,
            reports,
        }
    }

    /// `[[campaigns]]`: the months of the year with a campaign.
    fn campaigns(&mut self, raw: &[RawCampaign]) -> Vec<Campaign> {
        raw.iter()
            .map(|c| Campaign {
                start: self.month_day(&c.start, "[[campaigns]] start"),
                end: c
                    .end
                    .as_ref()
                    .map(|e| self.month_day(e, "[[campaigns]] end")),
                name: c.name.clone(),
            })
            .collect()
    }

    /// `[[objectives]]`, each number once.
    fn objectives(&mut self, raw: &[Spanned<RawObjective>]) -> Vec<Objective> {
        let lang = self.lang;
        let mut objectives: Vec<Objective> = Vec::new();
        for o in raw {
            let o = o.get_ref();
            let number = *o.number.get_ref();
            if objectives.iter().any(|x| x.number == number) {
                self.error(
                    &o.number,
                    tr!(
                        lang,
                        "duplicate objective number {number}",
                        "số mục tiêu {number} bị trùng"
                    ),
                    tr!(
                        lang,
                        "number the objectives 1, 2, 3, … once each",
                        "đánh số các mục tiêu 1, 2, 3, … mỗi số một lần"
                    ),
                );
            }
            objectives.push(Objective {
                number,
                title: o.title.clone(),
            });
        }
        objectives
    }

    /// `[[indicators]]`, each id once.
    fn indicators(&mut self, raw: &[Spanned<RawIndicator>], known: &Known) -> Vec<Indicator> {
        let lang = self.lang;
        let mut indicators: Vec<Indicator> = Vec::new();
        let mut indicator_lines: HashMap<String, usize> = HashMap::new();
        for spanned in raw {
            let i = spanned.get_ref();
            let id = i.id.get_ref().trim().to_string();
            if let Some(line) = indicator_lines.get(&id) {
                self.error(
                    &i.id,
                    tr!(
                        lang,
                        "duplicate indicator id \"{id}\"",
                        "mã chỉ tiêu \"{id}\" bị trùng"
                    ),
                    tr!(
                        lang,
                        "the first one is on line {line}; split targets as \"3.2a\" and \"3.2b\"",
                        "mã này đã dùng ở dòng {line}; tách chỉ tiêu thành \"3.2a\" và \"3.2b\""
                    ),
                );
            }
            indicator_lines.insert(id.clone(), self.line_of(i.id.span().start));
            indicators.push(self.indicator(i, id, known));
        }
        indicators
    }

    /// One `[[indicators]]` entry, checked field by field.
    fn indicator(&mut self, i: &RawIndicator, id: String, known: &Known) -> Indicator {
        let lang = self.lang;
        let objective = self.objective_of(i, &id, known);
        let op = Op::parse(i.op.get_ref()).unwrap_or_else(|| {
            let text = i.op.get_ref();
            self.error(
                &i.op,
                tr!(
                    lang,
                    "unknown operator \"{text}\" in indicator {id}",
                    "phép so sánh \"{text}\" của chỉ tiêu {id} không hợp lệ"
                ),
                tr!(
                    lang,
                    "use one of \">=\", \">\", \"<=\", \"<\", \"=\" or \"yes\"",
                    "dùng một trong \">=\", \">\", \"<=\", \"<\", \"=\" hoặc \"yes\""
                ),
            );
            Op::Ge
        });
        let direction = Direction::parse(i.direction.get_ref()).unwrap_or_else(|| {
            let text = i.direction.get_ref();
            self.error(
                &i.direction,
                tr!(
                    lang,
                    "unknown direction \"{text}\" in indicator {id}",
                    "hướng \"{text}\" của chỉ tiêu {id} không hợp lệ"
                ),
                tr!(
                    lang,
                    "use \"higher\" (more is better) or \"lower\" (less is better)",
                    "dùng \"higher\" (càng cao càng tốt) hoặc \"lower\" (càng thấp càng tốt)"
                ),
            );
            Direction::Higher
        });
        let measure = self.measure(i, &id);
        let whole = self.whole(i, &id, measure);
        self.check_measure_fields(i, &id, measure);
        self.check_target(i, &id, op, measure);
        let responsible = self.responsible(i, &id, known);
        let unique = self.contributors(i, &id, known);
        let baseline = i
            .baseline
            .as_ref()
            .map(|b| (b.get_ref().year, b.get_ref().value));
        let disaggregation =
            self.disaggregation(i.disaggregate_by.as_ref(), known.dimensions, &id, measure);
        Indicator {
            id,
            objective,
            name: i.name.clone(),
            op,
            target: i.target.as_ref().map(|t| *t.get_ref()),
            unit_of_measure: match &i.unit_of_measure {
                RawUom::Plain(s) => Text {
                    en: s.clone(),
                    vi: s.clone(),
                },
                RawUom::Text(t) => t.clone(),
            },
            direction,
            frequency: measure.frequency(),
            measure,
            numerator: i.numerator.clone(),
            denominator: i.denominator.clone(),
            count: i.count.clone(),
            baseline,
            accumulates: i.accumulates,
            whole,
            former_ids: i.former_ids.iter().map(|f| f.trim().to_string()).collect(),
            disaggregation,
            target_wording: i.target_wording.clone(),
            responsible,
            contributor_units: {
                let mut indices: Vec<u16> = unique
                    .iter()
                    .filter_map(|c| known.unit_index.get(c.as_str()).copied())
                    .collect();
                indices.sort_unstable();
                indices
            },
            contributors: unique,
        }
    }

    /// The objective an indicator names, which must be declared.
    fn objective_of(&mut self, i: &RawIndicator, id: &str, known: &Known) -> u32 {
        let lang = self.lang;
        let objective = *i.objective.get_ref();
        if !known.objectives.iter().any(|o| o.number == objective) {
            self.error(
                &i.objective,
                tr!(
                    lang,
                    "indicator {id} names objective {objective}, which is not declared",
                    "chỉ tiêu {id} thuộc mục tiêu {objective}, mục tiêu này chưa được khai báo"
                ),
                tr!(
                    lang,
                    "add it under [[objectives]] or correct the number",
                    "khai báo mục tiêu ở [[objectives]] hoặc sửa lại số"
                ),
            );
        }
        objective
    }

    /// Whether the indicator's numbers are whole: as plan.toml says, or by its
    /// measure (ratios and shares count things; a value is measured). A yes/no
    /// answer has no numbers to say it of.
    fn whole(&mut self, i: &RawIndicator, id: &str, measure: Measure) -> bool {
        let by_measure = matches!(measure, Measure::Ratio { .. } | Measure::Share { .. });
        let Some(whole) = &i.whole else {
            return by_measure;
        };
        if measure == Measure::YesNo {
            let lang = self.lang;
            self.error(
                whole,
                tr!(
                    lang,
                    "indicator {id} is answered yes or no: it has no numbers to be whole",
                    "chỉ tiêu {id} trả lời có hoặc không: không có số nào để là số nguyên"
                ),
                tr!(lang, "remove `whole`", "xóa dòng `whole`"),
            );
        }
        *whole.get_ref()
    }

    /// An indicator's measure, with the scale or threshold it needs.
    fn measure(&mut self, i: &RawIndicator, id: &str) -> Measure {
        let lang = self.lang;
        match i.measure.get_ref().trim() {
            "ratio" => {
                let scale = match &i.scale {
                    Some(s) => *s.get_ref(),
                    None => {
                        self.error(
                            &i.measure,
                            tr!(lang, "ratio indicator {id} has no scale", "chỉ tiêu tỷ lệ {id} thiếu hệ số `scale`"),
                            tr!(lang, "add `scale = 100` for a percentage, 1000 for per thousand, 100000 for per 100,000", "thêm `scale = 100` cho phần trăm, 1000 cho phần nghìn, 100000 cho trên 100.000"),
                        );
                        100.0
                    }
                };
                Measure::Ratio { scale }
            }
            "value" => Measure::Value,
            "yes/no" => Measure::YesNo,
            "share" => {
                let threshold = match &i.threshold {
                    Some(t) => *t.get_ref(),
                    None => {
                        self.error(
                            &i.measure,
                            tr!(
                                lang,
                                "share indicator {id} has no threshold",
                                "chỉ tiêu {id} (share) thiếu ngưỡng threshold"
                            ),
                            tr!(
                                lang,
                                "add `threshold = N`: the count a quarter must reach",
                                "thêm `threshold = N`: số lượng mỗi quý phải đạt"
                            ),
                        );
                        1.0
                    }
                };
                Measure::Share {
                    threshold,
                    of: self.share_of(i.share_of.as_ref(), id),
                }
            }
            other => {
                self.error(
                    &i.measure,
                    tr!(
                        lang,
                        "unknown measure \"{other}\" in indicator {id}",
                        "cách đo \"{other}\" của chỉ tiêu {id} không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "use one of \"ratio\", \"value\", \"yes/no\" or \"share\"",
                        "dùng một trong \"ratio\", \"value\", \"yes/no\" hoặc \"share\""
                    ),
                );
                Measure::Value
            }
        }
    }

    /// The fields that go with one measure only (scale, threshold, share_of,
    /// frequency), where the measure is another.
    fn check_measure_fields(&mut self, i: &RawIndicator, id: &str, measure: Measure) {
        let lang = self.lang;
        let measure_name = i.measure.get_ref().trim();
        if let (Some(scale), Measure::Ratio { .. }) = (&i.scale, measure)
            && *scale.get_ref() <= 0.0
        {
            let s = scale.get_ref();
            self.error(
                scale,
                tr!(
                    lang,
                    "scale {s} of indicator {id} must be above 0",
                    "hệ số `scale` {s} của chỉ tiêu {id} phải lớn hơn 0"
                ),
                tr!(
                    lang,
                    "use 100 for a percentage, 1000 for per thousand, 100000 for per 100,000",
                    "dùng 100 cho phần trăm, 1000 cho phần nghìn, 100000 cho trên 100.000"
                ),
            );
        }
        if let Some(scale) = &i.scale
            && !measure.is_ratio()
        {
            self.error(
                scale,
                tr!(
                    lang,
                    "indicator {id} has a scale but its measure is \"{measure_name}\"",
                    "chỉ tiêu {id} có scale nhưng cách đo là \"{measure_name}\""
                ),
                tr!(
                    lang,
                    "only ratio indicators take a scale; remove it",
                    "chỉ chỉ tiêu tỷ lệ (ratio) mới có scale; hãy xóa dòng này"
                ),
            );
        }
        if let Some(threshold) = &i.threshold
            && !matches!(measure, Measure::Share { .. })
        {
            self.error(
                threshold,
                tr!(lang, "indicator {id} has a threshold but its measure is \"{measure_name}\"", "chỉ tiêu {id} có ngưỡng threshold nhưng cách đo là \"{measure_name}\""),
                tr!(lang, "only share indicators (counts per quarter) take a threshold; remove it or set `measure = \"share\"`", "chỉ chỉ tiêu \"share\" (đếm theo quý) mới có ngưỡng; xóa dòng này hoặc đặt `measure = \"share\"`"),
            );
        }
        if let Some(share_of) = &i.share_of
            && !matches!(measure, Measure::Share { .. })
        {
            self.error(
                share_of,
                tr!(
                    lang,
                    "indicator {id} has share_of but its measure is \"{measure_name}\"",
                    "chỉ tiêu {id} có share_of nhưng cách đo là \"{measure_name}\""
                ),
                tr!(
                    lang,
                    "only share indicators (counts per quarter) take share_of; remove it",
                    "chỉ chỉ tiêu \"share\" (đếm theo quý) mới có share_of; hãy xóa dòng này"
                ),
            );
        }
        if let Some(frequency) = &i.frequency {
            let expected = measure.frequency().as_str();
            let text = frequency.get_ref().trim();
            if text != expected {
                self.error(
                    frequency,
                    tr!(lang, "indicator {id} has frequency \"{text}\" but a {measure_name} measure is counted per {expected}", "chỉ tiêu {id} có tần suất \"{text}\" nhưng cách đo {measure_name} tính theo {expected}"),
                    tr!(lang, "share indicators use \"quarter\", all others \"round\"; or leave frequency out", "chỉ tiêu share dùng \"quarter\", các loại khác dùng \"round\"; hoặc bỏ dòng frequency"),
                );
            }
        }
    }

    /// Numbers in range, and a target exactly where the operator needs one.
    fn check_target(&mut self, i: &RawIndicator, id: &str, op: Op, measure: Measure) {
        let lang = self.lang;
        for (name, number) in [
            ("target", &i.target),
            ("threshold", &i.threshold),
            ("scale", &i.scale),
        ] {
            if let Some(number) = number {
                self.check_in_range(number, name, id);
            }
        }
        match (op, &i.target) {
            (Op::Yes, Some(t)) => self.error(
                t,
                tr!(
                    lang,
                    "indicator {id} is yes/no and takes no target number",
                    "chỉ tiêu {id} là có/không nên không có giá trị chỉ tiêu đề ra"
                ),
                tr!(lang, "remove `target`", "xóa dòng `target`"),
            ),
            (Op::Yes, None) => {}
            (_, None) => self.error(
                &i.op,
                tr!(
                    lang,
                    "indicator {id} has no target",
                    "chỉ tiêu {id} thiếu giá trị chỉ tiêu đề ra"
                ),
                tr!(lang, "add `target = N`", "thêm `target = N`"),
            ),
            _ => {}
        }
        if (op == Op::Yes) != (measure == Measure::YesNo) {
            self.error(
                &i.op,
                tr!(
                    lang,
                    "indicator {id}: op \"yes\" goes with measure \"yes/no\", and only with it",
                    "chỉ tiêu {id}: op \"yes\" đi với cách đo \"yes/no\", và chỉ với nó"
                ),
                tr!(
                    lang,
                    "set both `op = \"yes\"` and `measure = \"yes/no\"`, or neither",
                    "đặt cả `op = \"yes\"` và `measure = \"yes/no\"`, hoặc không đặt cả hai"
                ),
            );
        }
    }

    /// The unit that answers for an indicator: one of the plan's units.
    fn responsible(&mut self, i: &RawIndicator, id: &str, known: &Known) -> String {
        let lang = self.lang;
        match &i.responsible {
            Some(r) => {
                let id_text = r.get_ref().trim().to_string();
                if !known.unit_set.contains(id_text.as_str()) {
                    self.unknown_unit(r, &format!("indicator {id} responsible"), known.unit_refs);
                }
                id_text
            }
            None => {
                self.error(
                    &i.id,
                    tr!(
                        lang,
                        "indicator {id} has no responsible unit",
                        "chỉ tiêu {id} chưa có đơn vị chịu trách nhiệm"
                    ),
                    tr!(
                        lang,
                        "add `responsible = \"unit-id\"`: the unit that monitors and reports it",
                        "thêm `responsible = \"mã-đơn-vị\"`: đơn vị theo dõi, báo cáo chỉ tiêu"
                    ),
                );
                String::new()
            }
        }
    }

    /// An indicator's contributors: unit ids and `@kind`s (every unit of a kind),
    /// each unit once, in the order given.
    fn contributors(&mut self, i: &RawIndicator, id: &str, known: &Known) -> Vec<String> {
        let lang = self.lang;
        let mut contributors: Vec<String> = Vec::new();
        for c in &i.contributors {
            let text = c.get_ref().trim();
            if let Some(kind) = text.strip_prefix('@') {
                let kind = kind.strip_suffix('s').unwrap_or(kind);
                match UnitKind::parse(kind) {
                    Some(kind) => contributors.extend(
                        known
                            .units
                            .iter()
                            .filter(|u| u.kind == kind)
                            .map(|u| u.id.clone()),
                    ),
                    None => self.unknown_unit(
                        c,
                        &format!("indicator {id} contributors"),
                        known.unit_refs,
                    ),
                }
            } else if known.unit_set.contains(text) {
                contributors.push(text.to_string());
            } else {
                self.unknown_unit(c, &format!("indicator {id} contributors"), known.unit_refs);
            }
        }
        let unique = unique_in_order(contributors);
        if unique.is_empty() && i.contributors.is_empty() {
            self.error(
                &i.id,
                tr!(
                    lang,
                    "indicator {id} has no contributors",
                    "chỉ tiêu {id} chưa có đơn vị báo cáo số liệu"
                ),
                tr!(
                    lang,
                    "add `contributors = [\"unit-id\", …]`: the units that send its figures",
                    "thêm `contributors = [\"mã-đơn-vị\", …]`: các đơn vị gửi số liệu"
                ),
            );
        }
        unique
    }

    /// `[previous]` and the indicators' `previous_id`s. Whether the files exist and
    /// the ids are the previous plan's is checked when the previous plan is read.
    fn previous(
        &mut self,
        raw: Option<&Spanned<RawPrevious>>,
        indicators: &[Spanned<RawIndicator>],
    ) -> Option<PreviousPlan> {
        let lang = self.lang;
        let renamed: Vec<(u16, String, usize)> = indicators
            .iter()
            .enumerate()
            .filter_map(|(index, i)| {
                let at = i.get_ref().previous_id.as_ref()?;
                Some((
                    index as u16,
                    at.get_ref().trim().to_string(),
                    self.line_of(at.span().start),
                ))
            })
            .collect();
        let Some(raw) = raw else {
            if let Some(i) = indicators
                .iter()
                .find_map(|i| i.get_ref().previous_id.as_ref())
            {
                self.error(
                    i,
                    tr!(
                        lang,
                        "`previous_id` names an indicator of the previous plan, but this plan has no [previous]",
                        "`previous_id` chỉ một chỉ tiêu của kế hoạch trước, nhưng kế hoạch này không có mục `[previous]`"
                    ),
                    tr!(
                        lang,
                        "add [previous] with `plan = \"path/to/the previous plan.toml\"`, or remove `previous_id`",
                        "thêm mục `[previous]` với `plan = \"đường/dẫn/kế hoạch trước.toml\"`, hoặc bỏ `previous_id`"
                    ),
                );
            }
            return None;
        };
        let path_hint = tr!(
            lang,
            "write the path of the previous plan's file, relative to this plan: `plan = \"../2021-2025/plan.toml\"`",
            "viết đường dẫn tệp kế hoạch trước, tính từ thư mục của kế hoạch này: `plan = \"../2021-2025/plan.toml\"`"
        );
        let plan = match &raw.get_ref().plan {
            Some(p) if !p.get_ref().trim().is_empty() => p,
            Some(p) => {
                self.error(
                    p,
                    tr!(lang, "[previous] plan is empty", "[previous] plan để trống"),
                    path_hint,
                );
                return None;
            }
            None => {
                self.error(
                    raw,
                    tr!(
                        lang,
                        "[previous] does not name the previous plan",
                        "[previous] chưa chỉ tệp kế hoạch trước"
                    ),
                    path_hint,
                );
                return None;
            }
        };
        let data = raw.get_ref().data.as_ref();
        for (_, _, line) in renamed.iter().filter(|(_, id, _)| id.is_empty()) {
            let offset = self.line_starts[line - 1];
            self.error_at(
                offset,
                tr!(lang, "`previous_id` is empty", "`previous_id` để trống"),
                tr!(
                    lang,
                    "write the id the indicator had in the previous plan, or remove `previous_id` (an indicator with the same id carries over by itself)",
                    "viết mã của chỉ tiêu trong kế hoạch trước, hoặc bỏ `previous_id` (chỉ tiêu cùng mã tự được nối tiếp)"
                ),
            );
        }
        Some(PreviousPlan {
            plan: plan.get_ref().trim().to_string(),
            plan_line: self.line_of(plan.span().start),
            data: data.map(|d| d.get_ref().trim().to_string()),
            data_line: data.map_or(0, |d| self.line_of(d.span().start)),
            renamed,
            formed: Vec::new(),
        })
    }

    /// A unit's first or last day, `YYYY-MM-DD`.
    fn unit_date(
        &mut self,
        at: Option<&Spanned<String>>,
        id: &str,
        which: &str,
    ) -> Option<NaiveDate> {
        let at = at?;
        let lang = self.lang;
        let text = at.get_ref().trim();
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            let (what, vi) = match which {
                "start" => ("start", "bắt đầu"),
                _ => ("end", "kết thúc"),
            };
            self.error(
                at,
                tr!(
                    lang,
                    "impossible {what} date \"{text}\" for unit \"{id}\"",
                    "ngày {vi} \"{text}\" của đơn vị \"{id}\" không hợp lệ"
                ),
                tr!(
                    lang,
                    "write the unit's {what} day as \"YYYY-MM-DD\"",
                    "viết ngày {vi} của đơn vị dạng \"YYYY-MM-DD\""
                ),
            );
        }
        parsed
    }

    /// `successors = ["…"]`: units of the plan, other than the unit, and only on a
    /// unit that ends.
    fn link_successors(&mut self, raw: &[Spanned<RawUnit>], units: &mut [Unit]) {
        let lang = self.lang;
        let ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for (index, spanned) in raw.iter().enumerate() {
            let u = spanned.get_ref();
            if index >= units.len() {
                break;
            }
            for successor in &u.successors {
                let name = successor.get_ref().trim();
                match ids.iter().position(|id| id == name) {
                    Some(at) if at == index => self.error(
                        successor,
                        tr!(
                            lang,
                            "unit \"{name}\" is its own successor",
                            "đơn vị \"{name}\" là đơn vị kế thừa của chính nó"
                        ),
                        tr!(
                            lang,
                            "name the units that take over its duties",
                            "ghi các đơn vị tiếp nhận nhiệm vụ của đơn vị này"
                        ),
                    ),
                    Some(at) => units[index].successors.push(at as u16),
                    None => self.unknown_unit(
                        successor,
                        &format!("unit {} successors", units[index].id),
                        &refs,
                    ),
                }
            }
            if !u.successors.is_empty() && units[index].ends.is_none() {
                let id = &units[index].id;
                self.error(
                    &u.id,
                    tr!(lang, "unit \"{id}\" has successors but no end date", "đơn vị \"{id}\" có đơn vị kế thừa nhưng không có ngày kết thúc"),
                    tr!(lang, "add `ends = \"YYYY-MM-DD\"`: its last day, after which the successors take over", "thêm `ends = \"YYYY-MM-DD\"`: ngày cuối cùng, sau đó đơn vị kế thừa tiếp nhận"),
                );
            }
        }
    }

    /// A former id names one unit, and is no unit's current id.
    fn check_former_ids(&mut self, raw: &[Spanned<RawUnit>], units: &[Unit]) {
        let lang = self.lang;
        let mut owner: HashMap<String, String> =
            units.iter().map(|u| (u.id.clone(), u.id.clone())).collect();
        for (spanned, unit) in raw.iter().zip(units) {
            for former in &spanned.get_ref().former_ids {
                let text = former.get_ref().trim().to_string();
                if let Some(other) = owner.get(&text) {
                    self.error(
                        former,
                        tr!(lang, "\"{text}\" is already the id of \"{other}\"", "\"{text}\" đã là mã của \"{other}\""),
                        tr!(lang, "a former id must name no other unit, now or before", "mã cũ không được trùng với mã (hiện tại hoặc trước đây) của đơn vị khác"),
                    );
                } else {
                    owner.insert(text, unit.id.clone());
                }
            }
        }
    }

    /// `[[transfers]]`: known units and indicators, a real date, in date order.
    fn transfers(
        &mut self,
        raw: &[Spanned<RawTransfer>],
        units: &[Unit],
        indicators: &[Indicator],
    ) -> Vec<Transfer> {
        let lang = self.lang;
        let unit_ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let mut transfers = Vec::new();
        for spanned in raw {
            let t = spanned.get_ref();
            let date_text = t.date.get_ref().trim();
            let Ok(date) = NaiveDate::parse_from_str(date_text, "%Y-%m-%d") else {
                self.error(
                    &t.date,
                    tr!(
                        lang,
                        "impossible transfer date \"{date_text}\"",
                        "ngày chuyển giao \"{date_text}\" không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "write the day the duties pass as \"YYYY-MM-DD\"",
                        "viết ngày chuyển giao nhiệm vụ dạng \"YYYY-MM-DD\""
                    ),
                );
                continue;
            };
            let mut unit = |at: &Spanned<String>, role: &str| {
                let found = unit_ids.iter().position(|id| *id == at.get_ref().trim());
                if found.is_none() {
                    self.unknown_unit(at, role, &unit_ids);
                }
                found.map(|i| i as u16)
            };
            let (Some(from), Some(to)) = (
                unit(&t.from, "[[transfers]] from"),
                unit(&t.to, "[[transfers]] to"),
            ) else {
                continue;
            };
            let mut moved = Vec::new();
            for id in &t.indicators {
                let text = id.get_ref().trim();
                match indicators.iter().position(|i| i.id == text) {
                    Some(at) => moved.push(at as u16),
                    None => self.error(
                        id,
                        tr!(
                            lang,
                            "unknown indicator \"{text}\" in [[transfers]]",
                            "chỉ tiêu \"{text}\" trong [[transfers]] không có trong kế hoạch"
                        ),
                        tr!(
                            lang,
                            "use the ids of [[indicators]]",
                            "dùng mã chỉ tiêu trong [[indicators]]"
                        ),
                    ),
                }
            }
            if moved.is_empty() && !t.coordination {
                self.error(
                    spanned,
                    tr!(
                        lang,
                        "a transfer moves nothing",
                        "việc chuyển giao không chuyển nhiệm vụ nào"
                    ),
                    tr!(
                        lang,
                        "list its `indicators = [\"2.1\", …]`, or set `coordination = true`",
                        "ghi `indicators = [\"2.1\", …]`, hoặc đặt `coordination = true`"
                    ),
                );
            }
            transfers.push(Transfer {
                date,
                from,
                to,
                indicators: moved,
                coordination: t.coordination,
                confirmed: t.confirmed.unwrap_or(true),
                basis: t.basis.clone(),
            });
        }
        transfers.sort_by_key(|t| t.date);
        transfers
    }

    /// Every dimension has a unique id and at least two groups, each with a unique
    /// id (at most 250: a figure's group is one byte).
    fn check_dimensions(&mut self, dimensions: &[RawDimension]) {
        let lang = self.lang;
        let mut seen = std::collections::HashSet::new();
        for d in dimensions {
            let id = d.id.get_ref().trim();
            if !seen.insert(id) {
                self.error(
                    &d.id,
                    tr!(
                        lang,
                        "duplicate dimension id \"{id}\"",
                        "mã phân tổ \"{id}\" bị trùng"
                    ),
                    tr!(
                        lang,
                        "give every [[dimensions]] its own id",
                        "đặt cho mỗi [[dimensions]] một mã riêng"
                    ),
                );
            }
            let mut groups = std::collections::HashSet::new();
            let unique = d.groups.iter().all(|g| groups.insert(g.id.trim()));
            if d.groups.len() < 2 || d.groups.len() > 250 || !unique {
                self.error(
                    &d.id,
                    tr!(lang, "dimension \"{id}\" needs 2 to 250 groups, each with its own id", "phân tổ \"{id}\" cần từ 2 đến 250 nhóm, mỗi nhóm một mã riêng"),
                    tr!(lang, "list them as groups = [{{ id = \"male\", vi = \"nam\", en = \"male\" }}, …]", "liệt kê dạng groups = [{{ id = \"male\", vi = \"nam\", en = \"male\" }}, …]"),
                );
            }
        }
    }

    /// `disaggregate_by = "sex"`: a declared dimension, for a ratio indicator (the
    /// only measure whose parts add up).
    fn disaggregation(
        &mut self,
        at: Option<&Spanned<String>>,
        dimensions: &[Dimension],
        id: &str,
        measure: Measure,
    ) -> Option<u16> {
        let at = at?;
        let lang = self.lang;
        let name = at.get_ref().trim();
        let Some(index) = dimensions.iter().position(|d| d.id == name) else {
            let known: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
            self.error(
                at,
                tr!(
                    lang,
                    "indicator {id} is broken down by \"{name}\", which is not declared",
                    "chỉ tiêu {id} phân tổ theo \"{name}\", phân tổ này chưa được khai báo"
                ),
                tr!(
                    lang,
                    "declare it under [[dimensions]] (declared: {})",
                    "khai báo ở [[dimensions]] (đã có: {})",
                    known.join(", ")
                ),
            );
            return None;
        };
        if !measure.is_ratio() {
            self.error(
                at,
                tr!(
                    lang,
                    "indicator {id} is broken down by \"{name}\" but is not a ratio",
                    "chỉ tiêu {id} phân tổ theo \"{name}\" nhưng không phải tỷ lệ"
                ),
                tr!(
                    lang,
                    "only ratio indicators can be broken down: their parts add up",
                    "chỉ chỉ tiêu tỷ lệ mới phân tổ được: các phần cộng lại được"
                ),
            );
        }
        Some(index as u16)
    }

    /// What a share counts: `share_of = "units"` or `"quarters"` (the default, as
    /// plans of the first release meant).
    fn share_of(&mut self, at: Option<&Spanned<String>>, id: &str) -> ShareOf {
        let Some(at) = at else {
            return ShareOf::Quarters;
        };
        ShareOf::parse(at.get_ref()).unwrap_or_else(|| {
            let lang = self.lang;
            let text = at.get_ref();
            self.error(
                at,
                tr!(
                    lang,
                    "unknown share_of \"{text}\" in indicator {id}",
                    "share_of \"{text}\" của chỉ tiêu {id} không hợp lệ"
                ),
                tr!(
                    lang,
                    "use \"units\" (units reaching the threshold in every quarter) or \"quarters\" (quarters reaching it)",
                    "dùng \"units\" (đơn vị đạt ngưỡng ở mọi quý) hoặc \"quarters\" (số quý đạt ngưỡng)"
                ),
            );
            ShareOf::Quarters
        })
    }

    /// Submissions name units by id, name or alias, compared without case and
    /// diacritics: two units must never answer to the same spelling.
    fn check_names_are_unambiguous(&mut self, units: &[Spanned<RawUnit>]) {
        let lang = self.lang;
        // Spelling → the units that answer to it, with their lifetimes: a merged
        // commune may take its predecessor's name, as long as they never coexist.
        let day = |at: &Option<Spanned<String>>| {
            at.as_ref()
                .and_then(|d| NaiveDate::parse_from_str(d.get_ref().trim(), "%Y-%m-%d").ok())
        };
        type Life = (Option<NaiveDate>, Option<NaiveDate>);
        let overlap = |(a0, a1): Life, (b0, b1): Life| {
            let starts_before_other_ends =
                |s: Option<NaiveDate>, e: Option<NaiveDate>| s.zip(e).is_none_or(|(s, e)| s <= e);
            starts_before_other_ends(a0, b1) && starts_before_other_ends(b0, a1)
        };
        let mut owners: BTreeMap<String, Vec<(String, Life)>> = BTreeMap::new();
        for spanned in units {
            let u = spanned.get_ref();
            let id = u.id.get_ref().trim();
            let life = (day(&u.starts), day(&u.ends));
            let mut spellings = vec![id.to_string(), u.name.vi.clone(), u.name.en.clone()];
            spellings.extend(u.short.iter().flat_map(|s| [s.vi.clone(), s.en.clone()]));
            spellings.extend(u.aliases.iter().cloned());
            let mut own: Vec<String> = spellings
                .iter()
                .map(|s| crate::intake::fields::fold(s))
                .collect();
            own.sort();
            own.dedup();
            for folded in own {
                let others = owners.entry(folded.clone()).or_default();
                if let Some((other, _)) = others
                    .iter()
                    .find(|(other, their)| other != id && overlap(*their, life))
                {
                    let other = other.clone();
                    self.error(
                        spanned,
                        tr!(lang, "units \"{other}\" and \"{id}\" both answer to the name \"{folded}\"", "đơn vị \"{other}\" và \"{id}\" trùng tên gọi \"{folded}\""),
                        tr!(lang, "change one of the names or aliases so that every spelling names one unit at a time (a unit that ends may pass its name to one that starts after)", "sửa tên hoặc tên gọi khác để mỗi cách viết chỉ ứng với một đơn vị tại mỗi thời điểm (đơn vị đã kết thúc có thể để lại tên cho đơn vị bắt đầu sau đó)"),
                    );
                } else {
                    others.push((id.to_string(), life));
                }
            }
        }
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
    use super::{toml_message_vi, unique_in_order};

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

//! DHIS2 in: a dataValueSets file (JSON, or CSV in DHIS2's column order), as
//! DHIS2 exports it and `gender-plan export --format dhis2-json|dhis2-csv` writes
//! it, read as a submission. Its codes go back to the plan's ids through the same
//! mapping the export uses (`[exchange.dhis2]`, or our own ids when the plan gives
//! none); a ratio's numerator and denominator, two data values, become one row.
//! The rows are handed on as a table with our own header, so every check a unit's
//! file meets (names, duties, periods, figures, repeats) is met the same way, at
//! the line of the data value in the file.

use super::source::{Cells, OpenOptions, Opened, SourceRow, Stop, Table};
use crate::diagnostic::Diagnostic;
use crate::domain::measure::Measure;
use crate::exchange::CSV_HEADER;
use crate::i18n::Lang;
use crate::plan::{ElementCodes, Plan};
use crate::tr;
use std::collections::BTreeMap;
use std::path::Path;

/// The header of the table handed on: our own columns.
const OURS: [&str; 9] = [
    "unit",
    "period",
    "indicator",
    "group",
    "value",
    "numerator",
    "denominator",
    "submitted",
    "note",
];

/// Whether a file holds DHIS2 data values: a JSON object, or a CSV file whose first
/// line is DHIS2's header.
pub fn looks_like_dhis2(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start();
    text.starts_with('{') || text.to_ascii_lowercase().starts_with(&CSV_HEADER.join(","))
}

/// One data value as DHIS2 writes it, with its line in the file.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct DataValue {
    data_element: String,
    period: String,
    org_unit: String,
    category_option_combo: Option<String>,
    value: Option<String>,
    last_updated: Option<String>,
    created: Option<String>,
    comment: Option<String>,
    #[serde(skip)]
    line: u32,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct DataValueSet<'a> {
    #[serde(borrow, default)]
    data_values: Vec<&'a serde_json::value::RawValue>,
}

/// Opens a DHIS2 file as a table of our columns.
pub fn open<'a>(
    file: &'a str,
    path: &'a Path,
    options: &OpenOptions,
) -> Result<Opened<'a>, Diagnostic> {
    let lang = options.lang;
    let bytes = std::fs::read(path).map_err(|e| super::source::cannot_read(file, &e, lang))?;
    let hash = crate::intake::bytes::hash_of(&bytes);
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
        .map_err(|_| not_utf8(file, lang))?;
    let values = match text.trim_start().starts_with('{') {
        true => json_values(file, text, lang)?,
        false => csv_values(file, text, lang)?,
    };
    let codes = Codes::of(options.plan);
    let rows = to_rows(values, &codes, lang);
    let expected_rows = rows.len();
    Ok(Opened {
        tables: vec![Table {
            sheet: None,
            first_column: 1,
            expected_rows,
            form_instructions: false,
            rows: Box::new(rows.into_iter()),
        }],
        skipped: Vec::new(),
        hash: Box::new(move || hash),
    })
}

fn not_utf8(file: &str, lang: Lang) -> Diagnostic {
    Diagnostic::new(
        file,
        tr!(
            lang,
            "a DHIS2 file must be UTF-8, as DHIS2 writes it",
            "tệp DHIS2 phải ở bảng mã UTF-8, như DHIS2 xuất ra"
        ),
    )
    .hint(tr!(
        lang,
        "export the data values from DHIS2 again, without opening and saving them in another program",
        "xuất lại số liệu từ DHIS2, không mở và lưu lại bằng chương trình khác"
    ))
}

/// The data values of a dataValueSets JSON file, each with the line it starts on.
fn json_values(file: &str, text: &str, lang: Lang) -> Result<Vec<DataValue>, Diagnostic> {
    let bad = |e: serde_json::Error| {
        let column = e.column();
        Diagnostic::new(
            file,
            // serde_json's own words are English: Vietnamese says where, in its words.
            tr!(
                lang,
                "not a DHIS2 dataValueSets file: {e}",
                "không phải tệp số liệu xuất từ DHIS2: nội dung JSON không hợp lệ ở cột {column}"
            ),
        )
        .at_line(e.line())
        .hint(tr!(
            lang,
            "give the file DHIS2 (or gender-plan export) wrote, unchanged: an object with a \"dataValues\" list",
            "hãy đưa tệp mà DHIS2 (hoặc gender-plan export) đã xuất, không sửa: một đối tượng có danh sách \"dataValues\""
        ))
    };
    let set: DataValueSet = serde_json::from_str(text).map_err(bad)?;
    let mut values = Vec::with_capacity(set.data_values.len());
    for raw in set.data_values {
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = 1 + text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let mut value: DataValue = serde_json::from_str(raw.get()).map_err(|e| {
            let mut d = bad(e);
            d.line = Some(line);
            d
        })?;
        value.line = line as u32;
        values.push(value);
    }
    Ok(values)
}

/// The data values of a CSV file in DHIS2's column order, each with its line.
fn csv_values(file: &str, text: &str, lang: Lang) -> Result<Vec<DataValue>, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut values = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Diagnostic::new(
                file,
                tr!(
                    lang,
                    "cannot read the CSV: {e}",
                    "không đọc được tệp CSV: một dòng có dấu ngoặc kép không đóng hoặc không đọc được"
                ),
            )
            .at_line(e.position().map_or(0, |p| p.line() as usize))
        })?;
        let cell = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let some = |i: usize| Some(cell(i)).filter(|c| !c.is_empty());
        values.push(DataValue {
            data_element: cell(0),
            period: cell(1),
            org_unit: cell(2),
            category_option_combo: some(3),
            value: some(5),
            last_updated: some(7),
            created: None,
            comment: some(8),
            line: record.position().map_or(0, |p| p.line() as u32),
        });
    }
    Ok(values)
}

/// Which part of an indicator's figure a data element carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Value,
    Numerator,
    Denominator,
}

/// The plan's codes read backwards: data element → (indicator id, part), org unit →
/// unit id, category option combination → group id.
struct Codes {
    elements: BTreeMap<String, (String, Part)>,
    units: BTreeMap<String, String>,
    groups: BTreeMap<String, String>,
    /// Whether the plan gives `[exchange.dhis2]` (else the codes are our ids).
    mapped: bool,
}

impl Codes {
    fn of(plan: Option<&Plan>) -> Codes {
        let mut codes = Codes {
            elements: BTreeMap::new(),
            units: BTreeMap::new(),
            groups: BTreeMap::new(),
            mapped: false,
        };
        let Some(plan) = plan else {
            return codes;
        };
        for (index, ind) in plan.indicators.iter().enumerate() {
            let elements = match plan.dhis2.as_ref() {
                Some(map) => map.indicators.get(&(index as u16)).cloned(),
                None if matches!(ind.measure, Measure::Ratio { .. }) => Some(ElementCodes::Ratio {
                    numerator: format!("{}.numerator", ind.id),
                    denominator: format!("{}.denominator", ind.id),
                }),
                None => Some(ElementCodes::Value(ind.id.clone())),
            };
            match elements {
                Some(ElementCodes::Value(code)) => {
                    codes.elements.insert(code, (ind.id.clone(), Part::Value));
                }
                Some(ElementCodes::Ratio {
                    numerator,
                    denominator,
                }) => {
                    codes
                        .elements
                        .insert(numerator, (ind.id.clone(), Part::Numerator));
                    codes
                        .elements
                        .insert(denominator, (ind.id.clone(), Part::Denominator));
                }
                None => {}
            }
        }
        if let Some(map) = &plan.dhis2 {
            codes.mapped = true;
            for (&unit, code) in &map.units {
                codes
                    .units
                    .insert(code.clone(), plan.units[unit as usize].id.clone());
            }
            for ((_, group), code) in &map.groups {
                codes.groups.insert(code.clone(), group.clone());
            }
        }
        codes
    }

    /// A unit's id from its org unit code (our id itself without a mapping).
    fn unit(&self, code: &str) -> Option<String> {
        match self.mapped {
            true => self.units.get(code).cloned(),
            false => Some(code.to_string()),
        }
    }

    fn group(&self, code: &str) -> Option<String> {
        match self.mapped {
            true => self.groups.get(code).cloned(),
            false => Some(code.to_string()),
        }
    }
}

/// One row of ours: the data values of a key, merged.
#[derive(Default)]
struct Merged {
    line: u32,
    cells: [String; 9],
}

/// The data values as rows of our table, header first; a value whose codes the
/// mapping does not know is a problem at its line.
fn to_rows(values: Vec<DataValue>, codes: &Codes, lang: Lang) -> Vec<Result<SourceRow, Stop>> {
    let mut merged: BTreeMap<(String, String, String, String), Merged> = BTreeMap::new();
    let mut rows: Vec<Result<SourceRow, Stop>> = vec![Ok(text_row(1, OURS.map(String::from)))];
    let mut order = Vec::new();
    for v in values {
        let Some((indicator, part)) = codes.elements.get(&v.data_element).cloned() else {
            rows.push(Err(unknown(v.line, "dataElement", &v.data_element, lang)));
            continue;
        };
        let Some(unit) = codes.unit(&v.org_unit) else {
            rows.push(Err(unknown(v.line, "orgUnit", &v.org_unit, lang)));
            continue;
        };
        let group = match v.category_option_combo.as_deref() {
            None | Some("") => String::new(),
            Some(coc) => match codes.group(coc) {
                Some(group) => group,
                None => {
                    rows.push(Err(unknown(v.line, "categoryOptionCombo", coc, lang)));
                    continue;
                }
            },
        };
        let key = (
            unit.clone(),
            v.period.clone(),
            indicator.clone(),
            group.clone(),
        );
        let row = merged.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Merged {
                line: v.line,
                cells: Default::default(),
            }
        });
        let [
            u,
            period,
            ind,
            grp,
            value,
            numerator,
            denominator,
            submitted,
            note,
        ] = &mut row.cells;
        *u = unit;
        *period = our_period(&v.period);
        *ind = indicator;
        *grp = group;
        let amount = v.value.clone().unwrap_or_default();
        match part {
            Part::Value => *value = amount,
            Part::Numerator => *numerator = amount,
            Part::Denominator => *denominator = amount,
        }
        let day = v.last_updated.as_deref().or(v.created.as_deref());
        if let Some(day) = day.and_then(|d| d.get(..10)) {
            *submitted = day.to_string();
        }
        if let Some(comment) = v.comment.filter(|c| !c.is_empty()) {
            *note = comment;
        }
    }
    for key in order {
        let row = merged.remove(&key).expect("listed once");
        rows.push(Ok(text_row(row.line, row.cells)));
    }
    rows.sort_by_key(|r| match r {
        Ok(row) => row.line,
        Err(Stop::Skip(line, ..) | Stop::Row(line, ..)) => *line,
        Err(Stop::Fatal(_)) => 0,
    });
    rows
}

fn text_row(line: u32, cells: [String; 9]) -> SourceRow {
    SourceRow {
        line,
        cells: Cells::Text(csv::StringRecord::from(cells.to_vec())),
    }
}

/// DHIS2's period id as ours: `2025S1` → `2025-H1`, `2025Q3` → `2025-Q3`; anything
/// else as it is, for the period check to name.
fn our_period(period: &str) -> String {
    let p = period.trim();
    if let Some((year, half)) = p.split_once('S') {
        return format!("{year}-H{half}");
    }
    if let Some((year, quarter)) = p.split_once('Q') {
        return format!("{year}-Q{quarter}");
    }
    p.to_string()
}

/// A code the mapping does not know: the row cannot be read.
fn unknown(line: u32, field: &str, code: &str, lang: Lang) -> Stop {
    let code = crate::text::excerpt(code);
    Stop::Skip(
        line,
        tr!(
            lang,
            "{field} \"{code}\" is none of this plan's codes",
            "{field} \"{code}\" không phải mã nào của kế hoạch này"
        ),
        tr!(
            lang,
            "the codes are those of [exchange.dhis2] in plan.toml (without it, the plan's own ids: ID.numerator and ID.denominator for a ratio); add the code there, or correct it in the file",
            "các mã là mã trong [exchange.dhis2] của plan.toml (nếu không có thì là mã của kế hoạch: ID.numerator và ID.denominator cho tỷ lệ); hãy thêm mã vào đó, hoặc sửa mã trong tệp"
        ),
    )
}

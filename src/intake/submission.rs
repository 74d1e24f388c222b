//! One unit's CSV submission, from bytes to validated rows.
//!
//! Reading happens in two passes. The first reads every row, recognising units,
//! periods and indicators and reading numbers that are unambiguous on their own;
//! the second settles the file's number convention (decimal comma or dot) from
//! all its numbers, then resolves the ambiguous ones and checks values against
//! their indicator. Every problem is collected, so the clerk fixes a file once.

use super::decode::{DecodeError, decode};
use super::fields::{detect_delimiter, fold, parse_date, parse_yes_no};
use super::names::{IndicatorIds, UnitNames};
use super::number::{Decimal, Evidence, NumberError, evidence, parse_number};
use crate::diagnostic::Diagnostic;
use crate::domain::figure::{Figure, Key};
use crate::domain::measure::{Frequency, Measure};
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::plan::{Plan, format_number};
use crate::tr;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// At most this many problems are listed per file; a file this wrong is usually
/// wrong the same way on every line.
const MAX_PROBLEMS: usize = 50;

pub struct ReadOptions {
    pub windows1258: bool,
    pub decimal: Option<Decimal>,
    /// Date the file was received, for rows without a `submitted` date.
    pub received: Option<NaiveDate>,
    pub as_of: NaiveDate,
    pub lang: Lang,
}

/// A validated row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: Key,
    pub figure: Figure,
    pub submitted: NaiveDate,
    pub note: Option<Box<str>>,
    pub line: u32,
}

/// A file that passed every check.
#[derive(Debug)]
pub struct Submission {
    pub file: String,
    /// First 16 hex digits of the SHA-256 of the file's bytes.
    pub hash: String,
    pub rows: Vec<Row>,
}

/// The columns a submission may have; matched by folded header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Unit,
    Period,
    Indicator,
    Value,
    Numerator,
    Denominator,
    Submitted,
    Note,
}

const COLUMN_NAMES: [(Column, &[&str]); 8] = [
    (Column::Unit, &["unit", "unit id", "don vi", "ma don vi"]),
    (Column::Period, &["period", "ky", "ky bao cao"]),
    (
        Column::Indicator,
        &["indicator", "indicator id", "chi tieu", "ma chi tieu"],
    ),
    (Column::Value, &["value", "gia tri"]),
    (Column::Numerator, &["numerator", "tu so"]),
    (Column::Denominator, &["denominator", "mau so"]),
    (
        Column::Submitted,
        &["submitted", "date submitted", "ngay gui"],
    ),
    (Column::Note, &["note", "notes", "ghi chu"]),
];

/// The header name people see for a column, in the given language.
fn column_label(column: Column, lang: Lang) -> &'static str {
    match column {
        Column::Unit => lang.pick("unit", "đơn vị"),
        Column::Period => lang.pick("period", "kỳ"),
        Column::Indicator => lang.pick("indicator", "chỉ tiêu"),
        Column::Value => lang.pick("value", "giá trị"),
        Column::Numerator => lang.pick("numerator", "tử số"),
        Column::Denominator => lang.pick("denominator", "mẫu số"),
        Column::Submitted => lang.pick("submitted", "ngày gửi"),
        Column::Note => lang.pick("note", "ghi chú"),
    }
}

/// A number as read in the first pass.
#[derive(Debug, Clone)]
enum Num {
    Known(f64),
    /// Depends on the convention: (decimal comma reading, decimal dot reading, text).
    Ambiguous(f64, f64, Box<str>),
}

#[derive(Debug, Clone)]
enum Pending {
    Ready(Figure),
    Number(Num),
    Ratio(Num, Num),
}

struct PendingRow {
    key: Key,
    pending: Pending,
    submitted: NaiveDate,
    note: Option<Box<str>>,
    line: u32,
}

struct Reader<'a> {
    file: &'a str,
    lang: Lang,
    problems: Vec<Diagnostic>,
    more_problems: usize,
    comma_example: Option<String>,
    dot_example: Option<String>,
}

impl Reader<'_> {
    fn problem(&mut self, line: u32, message: String, hint: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(
                Diagnostic::new(self.file, message)
                    .at_line(line as usize)
                    .hint(hint),
            );
        } else {
            self.more_problems += 1;
        }
    }

    /// Reads a number cell; empty cells are None.
    fn number(
        &mut self,
        cell: &str,
        decimal: Option<Decimal>,
        line: u32,
        what: &str,
    ) -> Option<Option<Num>> {
        let lang = self.lang;
        let cell = cell.trim();
        if cell.is_empty() {
            return Some(None);
        }
        match parse_number(cell, decimal) {
            Ok(value) => {
                match evidence(cell) {
                    Evidence::Comma if self.comma_example.is_none() => {
                        self.comma_example = Some(cell.to_string())
                    }
                    Evidence::Dot if self.dot_example.is_none() => {
                        self.dot_example = Some(cell.to_string())
                    }
                    _ => {}
                }
                Some(Some(Num::Known(value)))
            }
            Err(NumberError::Ambiguous {
                comma_decimal,
                dot_decimal,
            }) => Some(Some(Num::Ambiguous(
                comma_decimal,
                dot_decimal,
                cell.into(),
            ))),
            Err(NumberError::Empty) => Some(None),
            Err(NumberError::NotANumber) => {
                self.problem(
                    line,
                    tr!(lang, "cannot read \"{cell}\" as a number ({what})", "không đọc được \"{cell}\" thành số ({what})"),
                    tr!(
                        lang,
                        "write digits only, such as 1250, 1,7 or 45 %; leave the cell empty if there is nothing to report",
                        "chỉ viết chữ số, ví dụ 1250, 1,7 hoặc 45 %; để trống ô nếu không có số liệu"
                    ),
                );
                None
            }
        }
    }
}

/// Reads and validates one submission. `file` names it in diagnostics.
pub fn read_submission(
    file: &str,
    bytes: Vec<u8>,
    plan: &Plan,
    units: &UnitNames,
    indicators: &IndicatorIds,
    options: &ReadOptions,
) -> Result<Submission, Vec<Diagnostic>> {
    let lang = options.lang;
    let hash = {
        let digest = Sha256::digest(&bytes);
        digest[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let text = match decode(bytes, options.windows1258) {
        Ok(decoded) => decoded.text,
        Err(DecodeError::InvalidUtf8 { line, column }) => {
            return Err(vec![
                Diagnostic::new(file, tr!(lang, "not valid UTF-8 (byte {column} of the line)", "không phải mã UTF-8 hợp lệ (byte thứ {column} của dòng)"))
                    .at_line(line)
                    .hint(tr!(
                        lang,
                        "the file was probably saved by Excel as plain \"CSV\" on Vietnamese Windows: ingest it with --encoding windows-1258, or save it again as \"CSV UTF-8\"",
                        "tệp có lẽ được Excel lưu dạng \"CSV\" thường trên Windows tiếng Việt: nhập với --encoding windows-1258, hoặc lưu lại dạng \"CSV UTF-8\""
                    )),
            ]);
        }
        Err(DecodeError::InvalidUtf16 { line }) => {
            return Err(vec![
                Diagnostic::new(
                    file,
                    tr!(
                        lang,
                        "not valid UTF-16 text",
                        "không phải văn bản UTF-16 hợp lệ"
                    ),
                )
                .at_line(line)
                .hint(tr!(
                    lang,
                    "save the file again as \"CSV UTF-8\"",
                    "lưu lại tệp dạng \"CSV UTF-8\""
                )),
            ]);
        }
    };
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = detect_delimiter(first_line);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());

    let mut reader = Reader {
        file,
        lang,
        problems: Vec::new(),
        more_problems: 0,
        comma_example: None,
        dot_example: None,
    };

    // The header row names the columns.
    let headers = match csv.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            reader.problem(
                1,
                tr!(
                    lang,
                    "cannot read the header row: {e}",
                    "không đọc được dòng tiêu đề: {e}"
                ),
                header_hint(lang),
            );
            return Err(reader.problems);
        }
    };
    let mut columns: HashMap<usize, Column> = HashMap::new();
    let mut position: HashMap<Column, usize> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        let folded = fold(header);
        let Some((column, _)) = COLUMN_NAMES
            .iter()
            .find(|(_, names)| names.contains(&folded.as_str()))
        else {
            continue;
        };
        if let Some(&earlier) = position.get(column) {
            let label = column_label(*column, lang);
            reader.problem(
                1,
                tr!(
                    lang,
                    "columns {} and {} are both the \"{label}\" column",
                    "cột {} và cột {} đều là cột \"{label}\"",
                    earlier + 1,
                    index + 1
                ),
                tr!(
                    lang,
                    "keep one of them, or rename the other",
                    "giữ một cột, hoặc đổi tên cột kia"
                ),
            );
            continue;
        }
        columns.insert(index, *column);
        position.insert(*column, index);
    }
    for required in [Column::Unit, Column::Period] {
        if !position.contains_key(&required) {
            let label = column_label(required, lang);
            let found = headers
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", ");
            reader.problem(
                1,
                tr!(
                    lang,
                    "no \"{label}\" column in the header row (found {found})",
                    "dòng tiêu đề không có cột \"{label}\" (chỉ có {found})"
                ),
                header_hint(lang),
            );
        }
    }
    if !reader.problems.is_empty() {
        return Err(reader.problems);
    }
    fn field<'r>(
        position: &HashMap<Column, usize>,
        record: &'r csv::StringRecord,
        column: Column,
    ) -> &'r str {
        position
            .get(&column)
            .and_then(|&i| record.get(i))
            .unwrap_or("")
    }

    // First pass: every row.
    let mut rows: Vec<PendingRow> = Vec::new();
    let mut unit_cache: HashMap<String, Option<u16>> = HashMap::new();
    let mut first_line_of: HashMap<Key, u32> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let (plan_start, plan_end) = (plan.meta.start_year, plan.meta.end_year);
    let earliest = NaiveDate::from_ymd_opt(plan_start, 1, 1).expect("valid year");
    loop {
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line()) as u32;
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "cannot read this row: {e}",
                        "không đọc được dòng này: {e}"
                    ),
                    tr!(
                        lang,
                        "check the quotes on this line",
                        "kiểm tra dấu nháy trên dòng này"
                    ),
                );
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line()) as u32;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue; // spreadsheets leave empty rows; they say nothing
        }
        let problems_before = reader.problems.len() + reader.more_problems;

        let unit_text = field(&position, &record, Column::Unit).trim();
        let unit = match unit_cache.get(unit_text) {
            Some(found) => *found,
            None => {
                let found = units.resolve(unit_text);
                unit_cache.insert(unit_text.to_string(), found);
                found
            }
        };
        if unit.is_none() {
            let hint = match units.closest(unit_text) {
                Some(close) => {
                    let u = &plan.units[close as usize];
                    tr!(
                        lang,
                        "did you mean \"{}\" ({})? Use the unit's id or its name as in plan.toml",
                        "có phải ý bạn là \"{}\" ({})? Dùng mã đơn vị hoặc tên như trong plan.toml",
                        u.id,
                        u.name.get(lang)
                    )
                }
                None => tr!(
                    lang,
                    "use the unit's id or name; `gender-plan plan --matrix` lists them",
                    "dùng mã hoặc tên đơn vị; `gender-plan plan --matrix` liệt kê các đơn vị"
                ),
            };
            if unit_text.is_empty() {
                reader.problem(
                    line,
                    tr!(lang, "the unit is missing", "thiếu tên đơn vị"),
                    hint,
                );
            } else {
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "unknown unit \"{unit_text}\"",
                        "không có đơn vị \"{unit_text}\""
                    ),
                    hint,
                );
            }
        }

        let indicator_text = field(&position, &record, Column::Indicator).trim();
        let narrative = indicator_text.is_empty();
        let indicator = if narrative {
            None
        } else {
            match indicators.resolve(indicator_text) {
                Some(i) => Some(i),
                None => {
                    let hint = match indicators.closest(indicator_text) {
                        Some(close) => tr!(
                            lang,
                            "did you mean {close}? `gender-plan plan` lists the indicators",
                            "có phải ý bạn là {close}? `gender-plan plan` liệt kê các chỉ tiêu"
                        ),
                        None => tr!(
                            lang,
                            "`gender-plan plan` lists the indicators and their ids",
                            "`gender-plan plan` liệt kê các chỉ tiêu và mã"
                        ),
                    };
                    reader.problem(
                        line,
                        tr!(
                            lang,
                            "unknown indicator \"{indicator_text}\"",
                            "không có chỉ tiêu \"{indicator_text}\""
                        ),
                        hint,
                    );
                    None
                }
            }
        };
        let indicator_def = indicator.map(|i| &plan.indicators[i as usize]);
        if let (Some(u), Some(ind)) = (unit, indicator_def) {
            let unit_id = &plan.units[u as usize].id;
            if !ind.is_contributor(u) {
                let who = describe_units(plan, &ind.contributors, lang);
                reader.problem(
                    line,
                    tr!(lang, "unit \"{unit_id}\" does not report indicator {}", "đơn vị \"{unit_id}\" không báo cáo chỉ tiêu {}", ind.id),
                    tr!(lang, "indicator {} is reported by {who}; remove this row or check the indicator id", "chỉ tiêu {} do {who} báo cáo; xóa dòng này hoặc kiểm tra mã chỉ tiêu", ind.id),
                );
            }
        }

        let period_text = field(&position, &record, Column::Period).trim();
        let period = match Period::parse(period_text) {
            None => {
                reader.problem(
                    line,
                    tr!(lang, "cannot read the period \"{period_text}\"", "không đọc được kỳ \"{period_text}\""),
                    tr!(lang, "write 2025 (annual report), 2025-H1 (6-month report) or 2025-Q3 (a quarter)", "viết 2025 (báo cáo năm), 2025-H1 (báo cáo 6 tháng) hoặc 2025-Q3 (một quý)"),
                );
                None
            }
            Some(p) if p.year() < plan_start || p.year() > plan_end => {
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "period {p} is outside the plan ({plan_start}–{plan_end})",
                        "kỳ {p} nằm ngoài thời gian của kế hoạch ({plan_start}–{plan_end})"
                    ),
                    tr!(lang, "check the year", "kiểm tra lại năm"),
                );
                None
            }
            Some(p) => {
                let quarterly = indicator_def.is_some_and(|i| i.frequency == Frequency::Quarter);
                match (p, quarterly) {
                    (Period::Quarter(..), false) => {
                        let what = match indicator_def {
                            Some(i) => tr!(
                                lang,
                                "indicator {} is reported once per round",
                                "chỉ tiêu {} được báo cáo mỗi kỳ một lần",
                                i.id
                            ),
                            None => tr!(
                                lang,
                                "a narrative report covers a round",
                                "báo cáo bằng lời dành cho cả kỳ"
                            ),
                        };
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "{what}, not per quarter: period {p}",
                                "{what}, không theo quý: kỳ {p}"
                            ),
                            tr!(
                                lang,
                                "use {}-H1 for the 6-month report or {} for the annual report",
                                "dùng {}-H1 cho báo cáo 6 tháng hoặc {} cho báo cáo năm",
                                p.year(),
                                p.year()
                            ),
                        );
                        None
                    }
                    (Period::Year(_) | Period::Half(..), true) => {
                        let id = indicator_def.map_or("", |i| i.id.as_str());
                        let quarters = p
                            .quarters()
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ");
                        reader.problem(
                            line,
                            tr!(lang, "indicator {id} is counted per quarter; period {p} is not a quarter", "chỉ tiêu {id} được đếm theo quý; kỳ {p} không phải một quý"),
                            tr!(lang, "write one row per quarter: {quarters}", "viết mỗi quý một dòng: {quarters}"),
                        );
                        None
                    }
                    (Period::Half(y, 2), false) => {
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "{p} is not a reporting period",
                                "{p} không phải một kỳ báo cáo"
                            ),
                            tr!(
                                lang,
                                "the 6-month report is {y}-H1 and the annual report {y}",
                                "báo cáo 6 tháng là {y}-H1, báo cáo năm là {y}"
                            ),
                        );
                        None
                    }
                    _ => Some(p),
                }
            }
        };

        let submitted_text = field(&position, &record, Column::Submitted).trim();
        let submitted = if submitted_text.is_empty() {
            Some(options.received.unwrap_or(options.as_of))
        } else {
            match parse_date(submitted_text) {
                Ok(date) => Some(date),
                Err(_) => {
                    reader.problem(
                        line,
                        tr!(lang, "cannot read the date \"{submitted_text}\"", "không đọc được ngày \"{submitted_text}\""),
                        tr!(lang, "write the date as dd/mm/yyyy (05/06/2025) or yyyy-mm-dd (2025-06-05), and check that the day exists", "viết ngày dạng dd/mm/yyyy (05/06/2025) hoặc yyyy-mm-dd (2025-06-05), và kiểm tra ngày có thật"),
                    );
                    None
                }
            }
        };
        if let Some(date) = submitted {
            if date > options.as_of {
                let as_of = options.as_of;
                reader.problem(
                    line,
                    tr!(lang, "the submitted date {date} is after the as-of date {as_of}", "ngày gửi {date} muộn hơn ngày tính {as_of}"),
                    tr!(lang, "check the date; a report cannot be sent in the future (--as-of sets today)", "kiểm tra lại ngày; không thể gửi báo cáo trong tương lai (--as-of đặt ngày hôm nay)"),
                );
            } else if date < earliest {
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "the submitted date {date} is before the plan began ({earliest})",
                        "ngày gửi {date} trước khi kế hoạch bắt đầu ({earliest})"
                    ),
                    tr!(
                        lang,
                        "check the year of the date",
                        "kiểm tra lại năm của ngày gửi"
                    ),
                );
            }
        }

        let value_text = field(&position, &record, Column::Value);
        let numerator_text = field(&position, &record, Column::Numerator);
        let denominator_text = field(&position, &record, Column::Denominator);
        let pending = match indicator_def {
            None if !narrative => None,
            None => {
                if !(value_text.trim().is_empty()
                    && numerator_text.trim().is_empty()
                    && denominator_text.trim().is_empty())
                {
                    reader.problem(
                        line,
                        tr!(lang, "a figure without an indicator", "có số liệu nhưng thiếu mã chỉ tiêu"),
                        tr!(lang, "fill in the indicator id; a row without one is only a narrative report, with text in the note", "điền mã chỉ tiêu; dòng không có mã chỉ tiêu chỉ là báo cáo bằng lời, ghi trong cột ghi chú"),
                    );
                }
                Some(Pending::Ready(Figure::Narrative))
            }
            Some(ind) => match ind.measure {
                Measure::Ratio { .. } => {
                    let has_parts =
                        !numerator_text.trim().is_empty() || !denominator_text.trim().is_empty();
                    if !value_text.trim().is_empty() && !has_parts {
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "indicator {} needs a numerator and a denominator, not a value",
                                "chỉ tiêu {} cần tử số và mẫu số, không phải giá trị",
                                ind.id
                            ),
                            ratio_hint(ind, lang),
                        );
                        None
                    } else {
                        let n = reader.number(
                            numerator_text,
                            options.decimal,
                            line,
                            column_label(Column::Numerator, lang),
                        );
                        let d = reader.number(
                            denominator_text,
                            options.decimal,
                            line,
                            column_label(Column::Denominator, lang),
                        );
                        match (n, d) {
                            (Some(None), Some(None)) => Some(Pending::Ready(Figure::Blank)),
                            (Some(Some(n)), Some(Some(d))) => Some(Pending::Ratio(n, d)),
                            (Some(n), Some(_)) => {
                                let missing = if n.is_none() {
                                    column_label(Column::Numerator, lang)
                                } else {
                                    column_label(Column::Denominator, lang)
                                };
                                reader.problem(
                                    line,
                                    tr!(
                                        lang,
                                        "the {missing} of indicator {} is missing",
                                        "thiếu {missing} của chỉ tiêu {}",
                                        ind.id
                                    ),
                                    ratio_hint(ind, lang),
                                );
                                None
                            }
                            _ => None,
                        }
                    }
                }
                Measure::YesNo => {
                    let text = value_text.trim();
                    if text.is_empty() {
                        Some(Pending::Ready(Figure::Blank))
                    } else if let Some(b) = parse_yes_no(text) {
                        Some(Pending::Ready(Figure::YesNo(b)))
                    } else {
                        reader.problem(
                            line,
                            tr!(
                                lang,
                                "cannot read \"{text}\" as yes or no (indicator {})",
                                "không đọc được \"{text}\" thành có hoặc không (chỉ tiêu {})",
                                ind.id
                            ),
                            tr!(
                                lang,
                                "write yes or no (also có, không, x, 1, 0)",
                                "viết có hoặc không (hoặc yes, no, x, 1, 0)"
                            ),
                        );
                        None
                    }
                }
                Measure::Value | Measure::Share { .. } => {
                    match reader.number(
                        value_text,
                        options.decimal,
                        line,
                        column_label(Column::Value, lang),
                    ) {
                        Some(None) => Some(Pending::Ready(Figure::Blank)),
                        Some(Some(n)) => Some(Pending::Number(n)),
                        None => None,
                    }
                }
            },
        };

        let note = field(&position, &record, Column::Note).trim();
        let note = (!note.is_empty()).then(|| Box::<str>::from(note));

        if reader.problems.len() + reader.more_problems > problems_before {
            continue;
        }
        let (Some(unit), Some(period), Some(submitted), Some(pending)) =
            (unit, period, submitted, pending)
        else {
            continue;
        };
        let key = Key {
            unit,
            period,
            indicator,
        };
        if let Some(first) = first_line_of.get(&key) {
            let what = match indicator_def {
                Some(i) => tr!(lang, "indicator {}", "chỉ tiêu {}", i.id),
                None => tr!(lang, "the narrative report", "báo cáo bằng lời"),
            };
            let unit_id = &plan.units[unit as usize].id;
            reader.problem(
                line,
                tr!(
                    lang,
                    "{what} for {unit_id}, {period} appears twice (first on line {first})",
                    "{what} của {unit_id}, kỳ {period} xuất hiện hai lần (lần đầu ở dòng {first})"
                ),
                tr!(
                    lang,
                    "keep one row for each unit, period and indicator",
                    "mỗi đơn vị, kỳ và chỉ tiêu chỉ giữ một dòng"
                ),
            );
            continue;
        }
        first_line_of.insert(key, line);
        rows.push(PendingRow {
            key,
            pending,
            submitted,
            note,
            line,
        });
    }

    // Second pass: the file's convention settles the ambiguous numbers; then values
    // are checked against their indicator.
    let settled = options
        .decimal
        .or(match (&reader.comma_example, &reader.dot_example) {
            (Some(_), None) => Some(Decimal::Comma),
            (None, Some(_)) => Some(Decimal::Dot),
            _ => None,
        });
    let mut valid = Vec::with_capacity(rows.len());
    for row in rows {
        let ind = row.key.indicator.map(|i| &plan.indicators[i as usize]);
        let resolve = |num: Num, reader: &mut Reader| -> Option<f64> {
            match num {
                Num::Known(v) => Some(v),
                Num::Ambiguous(comma, dot, text) => match settled {
                    Some(Decimal::Comma) => Some(comma),
                    Some(Decimal::Dot) => Some(dot),
                    None => {
                        // Plain digits: grouped ("1,234") or rounded ("1.23") readings would
                        // blur the very difference this message is about.
                        let (c, d) = (comma.to_string(), dot.to_string());
                        let conflict = match (&reader.comma_example, &reader.dot_example) {
                            (Some(a), Some(b)) => tr!(
                                lang,
                                " (this file uses both: \"{a}\" and \"{b}\")",
                                " (tệp này dùng cả hai kiểu: \"{a}\" và \"{b}\")"
                            ),
                            _ => String::new(),
                        };
                        reader.problem(
                            row.line,
                            tr!(
                                lang,
                                "ambiguous number \"{text}\": {c} if \",\" is the decimal mark, {d} if \".\" is{conflict}",
                                "số \"{text}\" không rõ nghĩa: là {c} nếu dấu \",\" là dấu thập phân, là {d} nếu dấu \".\" là dấu thập phân{conflict}"
                            ),
                            tr!(
                                lang,
                                "say which with --decimal comma (Vietnamese: 1.234,5) or --decimal dot (1,234.5), or write the number without a thousands separator",
                                "chỉ rõ bằng --decimal comma (kiểu Việt Nam: 1.234,5) hoặc --decimal dot (1,234.5), hoặc viết số không có dấu phân cách hàng nghìn"
                            ),
                        );
                        None
                    }
                },
            }
        };
        let figure = match row.pending {
            Pending::Ready(f) => Some(f),
            Pending::Number(n) => resolve(n, &mut reader).map(Figure::Number),
            Pending::Ratio(n, d) => {
                let n = resolve(n, &mut reader);
                let d = resolve(d, &mut reader);
                n.zip(d).map(|(numerator, denominator)| Figure::Ratio {
                    numerator,
                    denominator,
                })
            }
        };
        let (Some(figure), Some(ind)) = (figure, ind) else {
            if let Some(figure) = figure {
                valid.push(Row {
                    key: row.key,
                    figure,
                    submitted: row.submitted,
                    note: row.note,
                    line: row.line,
                });
            }
            continue;
        };
        if check_figure(&mut reader, ind, figure, row.line) {
            valid.push(Row {
                key: row.key,
                figure,
                submitted: row.submitted,
                note: row.note,
                line: row.line,
            });
        }
    }

    if reader.problems.is_empty() {
        Ok(Submission {
            file: file.to_string(),
            hash,
            rows: valid,
        })
    } else {
        if reader.more_problems > 0 {
            let n = reader.more_problems;
            reader.problems.push(Diagnostic::new(
                file,
                tr!(lang, "… and {n} more problems", "… và {n} lỗi khác"),
            ));
        }
        reader.problems.sort_by_key(|d| d.line);
        Err(merge_repeats(reader.problems, lang))
    }
}

/// One diagnostic for a mistake repeated on many rows (a misspelt unit name on
/// every line), naming the other lines, instead of the same message again and again.
fn merge_repeats(problems: Vec<Diagnostic>, lang: Lang) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for problem in problems {
        let same = merged
            .iter_mut()
            .find(|(d, _)| d.message == problem.message && d.hint == problem.hint);
        match (same, problem.line) {
            (Some((_, lines)), Some(line)) => lines.push(line),
            _ => merged.push((problem, Vec::new())),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, lines)| {
            if !lines.is_empty() {
                let shown: Vec<String> = lines.iter().take(10).map(ToString::to_string).collect();
                let more = if lines.len() > 10 { ", …" } else { "" };
                d.message.push_str(&tr!(
                    lang,
                    " (also on lines {}{more})",
                    " (cả ở các dòng {}{more})",
                    shown.join(", ")
                ));
            }
            d
        })
        .collect()
}

/// Checks a figure against what its indicator allows; records problems.
fn check_figure(
    reader: &mut Reader,
    ind: &crate::plan::Indicator,
    figure: Figure,
    line: u32,
) -> bool {
    let lang = reader.lang;
    let id = &ind.id;
    let before = reader.problems.len() + reader.more_problems;
    let no_negative = |reader: &mut Reader, v: f64, what: &str| {
        if v < 0.0 {
            let shown = format_number(v, lang);
            reader.problem(
                line,
                tr!(
                    lang,
                    "negative {what} {shown} for indicator {id}",
                    "{what} âm {shown} ở chỉ tiêu {id}"
                ),
                tr!(
                    lang,
                    "counts cannot be below 0; check the sign",
                    "số đếm không thể nhỏ hơn 0; kiểm tra dấu trừ"
                ),
            );
        }
    };
    match (figure, ind.measure) {
        (
            Figure::Ratio {
                numerator,
                denominator,
            },
            Measure::Ratio { scale },
        ) => {
            no_negative(reader, numerator, column_label(Column::Numerator, lang));
            no_negative(reader, denominator, column_label(Column::Denominator, lang));
            let (n, d) = (
                format_number(numerator, lang),
                format_number(denominator, lang),
            );
            if denominator == 0.0 {
                reader.problem(
                    line,
                    tr!(lang, "the denominator is 0 for indicator {id}", "mẫu số bằng 0 ở chỉ tiêu {id}"),
                    tr!(lang, "a ratio needs a denominator above 0; leave both cells empty if there is nothing to count", "tỷ lệ cần mẫu số lớn hơn 0; để trống cả hai ô nếu không có gì để đếm"),
                );
            } else if is_percentage(ind, scale) && numerator > denominator {
                reader.problem(
                    line,
                    tr!(lang, "the numerator {n} is above the denominator {d} for indicator {id}, a percentage", "tử số {n} lớn hơn mẫu số {d} ở chỉ tiêu {id} (tỷ lệ phần trăm)"),
                    tr!(lang, "the numerator counts part of the denominator; check whether the two were swapped", "tử số là một phần của mẫu số; kiểm tra xem hai ô có bị đổi chỗ không"),
                );
            }
        }
        (Figure::Number(v), Measure::Value) => {
            no_negative(reader, v, column_label(Column::Value, lang));
            if ind.unit_of_measure.en.trim() == "%" && v > 100.0 {
                let shown = format_number(v, lang);
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "{shown} % for indicator {id} is not between 0 and 100",
                        "{shown} % ở chỉ tiêu {id} không nằm trong khoảng 0 đến 100"
                    ),
                    tr!(
                        lang,
                        "write the percentage itself, such as 45 for 45 %",
                        "viết số phần trăm, ví dụ 45 cho 45 %"
                    ),
                );
            }
        }
        (Figure::Number(v), Measure::Share { .. }) => {
            no_negative(reader, v, lang.pick("count", "số đếm"));
            if v.fract() != 0.0 {
                let shown = format_number(v, lang);
                reader.problem(
                    line,
                    tr!(
                        lang,
                        "the count {shown} for indicator {id} is not a whole number",
                        "số đếm {shown} ở chỉ tiêu {id} không phải số nguyên"
                    ),
                    tr!(
                        lang,
                        "write how many there were in the quarter, such as 4",
                        "viết số lượng trong quý, ví dụ 4"
                    ),
                );
            }
        }
        _ => {}
    }
    reader.problems.len() + reader.more_problems == before
}

/// A ratio read as a share of a whole (×100, in %): its numerator is part of its
/// denominator. Not so for the sex ratio (boys per 100 girls), also ×100.
fn is_percentage(ind: &crate::plan::Indicator, scale: f64) -> bool {
    scale == 100.0 && ind.unit_of_measure.en.trim() == "%"
}

fn header_hint(lang: Lang) -> String {
    tr!(
        lang,
        "the first row must name the columns: unit, period, indicator, value (or numerator and denominator), submitted, note; `gender-plan template` writes a ready form",
        "dòng đầu phải là tên cột: đơn vị, kỳ, chỉ tiêu, giá trị (hoặc tử số và mẫu số), ngày gửi, ghi chú; `gender-plan template` tạo sẵn biểu mẫu"
    )
}

fn ratio_hint(ind: &crate::plan::Indicator, lang: Lang) -> String {
    match (&ind.numerator, &ind.denominator) {
        (Some(n), Some(d)) => tr!(
            lang,
            "numerator: {}; denominator: {}",
            "tử số: {}; mẫu số: {}",
            n.get(lang),
            d.get(lang)
        ),
        _ => tr!(
            lang,
            "fill in both the numerator and the denominator columns",
            "điền cả cột tử số và cột mẫu số"
        ),
    }
}

/// "ttyt (District Health Centre)", or "13 units: tt-tam-duong, then-sin, …".
pub fn describe_units(plan: &Plan, ids: &[String], lang: Lang) -> String {
    match ids {
        [] => lang.pick("no unit", "không đơn vị nào").to_string(),
        [one] => {
            let name = plan.unit(one).map_or("", |u| u.name.get(lang));
            format!("{one} ({name})")
        }
        many if many.len() <= 4 => many.join(", "),
        many => {
            let n = many.len();
            let first = many[..3].join(", ");
            tr!(lang, "{n} units: {first}, …", "{n} đơn vị: {first}, …")
        }
    }
}

//! What the summary says of each accepted file: its scope, its counts, what was
//! left empty, the encoding assumed, rows without a date.

use super::*;
use crate::cli::shared::date_text;
use crate::domain::figure::Key;
use crate::domain::period::Period;
use crate::intake::bytes::Text;
use crate::intake::submission::Submission;
use std::collections::BTreeSet;

/// What the summary says of one accepted file.
pub(super) fn file_lines(
    plan: &Plan,
    batch: &Batch,
    fate: &Option<Fate>,
    counts: &Counts,
    options: &ReadOptions,
) -> Vec<String> {
    let lang = options.lang;
    let file = batch.file();
    let left_empty = match batch {
        Batch::Form(submission) => submission.left_empty.iter().map(|e| e.unit).collect(),
        Batch::Office(_) => Vec::new(),
    };
    let scope = scope(plan, batch.keys(), left_empty.into_iter(), lang);
    let mut lines = Vec::new();
    match fate {
        Some(fate @ Fate::AlreadyRecorded { .. }) => {
            lines.push(already_recorded_text(file, &scope, fate, lang));
        }
        Some(Fate::SameAs(first)) => lines.push(tr!(
            lang,
            "{file}: {scope}: the same content as {first}; recorded once",
            "{file}: {scope}: nội dung giống hệt {first}; chỉ ghi nhận một lần"
        )),
        _ => {
            let counts_text = counts.text(lang);
            lines.push(match batch {
                Batch::Form(_) => format!("{file}: {scope}: {counts_text}"),
                Batch::Office(_) => tr!(
                    lang,
                    "{file}: {scope}: rolled up from another office's data file: {counts_text}",
                    "{file}: {scope}: tổng hợp từ tệp dữ liệu của đơn vị khác: {counts_text}"
                ),
            });
            if let Batch::Form(submission) = batch {
                // Another office's rows superseded by its own later ones are its history.
                if let Some(text) = counts.superseded_text(lang) {
                    lines.push(format!("  {text}"));
                }
                if let Some(text) = undated_text(submission, options) {
                    lines.push(format!("  {text}"));
                }
                lines.extend(left_empty_lines(plan, submission, lang));
            }
        }
    }
    lines
}

/// What was left empty: the units that filled in nothing, by name, and how many
/// other lines were empty. None of it is recorded.
fn left_empty_lines(plan: &Plan, submission: &Submission, lang: Lang) -> Vec<String> {
    let name = |unit: u16| crate::words::unit_label(&plan.units[unit as usize], lang);
    let nothing: Vec<std::borrow::Cow<str>> = submission
        .left_empty
        .iter()
        .filter(|e| e.all)
        .map(|e| name(e.unit))
        .collect();
    let some: u32 = submission
        .left_empty
        .iter()
        .filter(|e| !e.all)
        .map(|e| e.lines)
        .sum();
    let mut lines = Vec::new();
    if !nothing.is_empty() {
        let names = nothing.join(", ");
        lines.push(tr!(
            lang,
            "  {names}: nothing filled in, nothing recorded (not counted as reported)",
            "  {names}: không điền gì, không ghi nhận gì (không tính là đã báo cáo)"
        ));
    }
    if some > 0 {
        lines.push(tr!(
            lang,
            "  {some} line(s) left empty (no figure, no note): not recorded",
            "  {some} dòng để trống (không có số liệu, không có ghi chú): không ghi nhận"
        ));
    }
    lines
}

/// "a.csv: ban-bo, 2025: already recorded on 2025-06-05 (as a.csv); nothing to do",
/// and the withdrawal that took it back if one did.
pub(super) fn already_recorded_text(file: &str, scope: &str, fate: &Fate, lang: Lang) -> String {
    let Fate::AlreadyRecorded {
        on,
        as_file,
        withdrawn,
    } = fate
    else {
        return format!("{file}: {scope}");
    };
    let on = crate::words::day_label(on, lang);
    let mut line = tr!(
        lang,
        "{file}: {scope}: already recorded on {on} (as {as_file}); nothing to do",
        "{file}: {scope}: đã ghi nhận ngày {on} (tệp {as_file}); không có gì thay đổi"
    );
    if let Some((day, reason)) = withdrawn {
        let day = date_text(*day, lang);
        line.push_str(&tr!(
            lang,
            "; withdrawn on {day}: {reason} (to record it anyway: --again)",
            "; đã rút lại ngày {day}: {reason} (muốn ghi lại: --again)"
        ));
    }
    line
}

/// The encoding a file was read in when its bytes, not --encoding, decided it.
pub(super) fn assumed_encoding_text(print: Option<&Fingerprint>, lang: Lang) -> Option<String> {
    if print?.text != Text::Windows1258 {
        return None;
    }
    Some(tr!(
        lang,
        "  read as Windows-1258: the file is not UTF-8, and its bytes are Vietnamese as Excel on Vietnamese Windows saves plain \"CSV\"; if its text reads wrong, give the encoding with --encoding",
        "  đọc theo bảng mã Windows-1258: tệp không phải UTF-8, và nội dung tệp là chữ Việt theo dạng \"CSV\" thường mà Excel trên Windows tiếng Việt lưu; nếu chữ trong tệp bị sai, hãy ghi rõ bảng mã bằng --encoding"
    ))
}

/// Which date rows without a submitted date were given when no `--received` said
/// it, and how to give the real one.
fn undated_text(submission: &Submission, options: &ReadOptions) -> Option<String> {
    let n = submission.undated;
    if n == 0 || options.received.is_some() {
        return None;
    }
    let lang = options.lang;
    let file = &submission.file;
    let day = date_text(options.as_of, lang);
    Some(tr!(
        lang,
        "{n} row(s) have no submitted date: dated {day}, the as-of date; if the unit sent the file on another day, give that day with --received (if this file is already recorded: `gender-plan withdraw --file {file} --reason \"wrong date\"`, then `gender-plan ingest --again --received DATE {file}`)",
        "{n} dòng không có ngày gửi: lấy ngày {day} (ngày tính); nếu đơn vị gửi tệp vào ngày khác, hãy ghi ngày đó bằng --received (nếu tệp đã được ghi nhận: `gender-plan withdraw --file {file} --reason \"sai ngày\"`, rồi `gender-plan ingest --again --received NGÀY {file}`)"
    ))
}

/// "ban-bo, 2025-H1, 2025-Q1, 2025-Q2" ("Bản Bo, 6 tháng đầu năm 2025, quý I/2025,
/// quý II/2025"): who and which periods a file covers (with the units whose
/// lines were all left empty, `others`).
pub(super) fn scope(
    plan: &Plan,
    keys: impl Iterator<Item = Key>,
    others: impl Iterator<Item = u16>,
    lang: Lang,
) -> String {
    let mut units: BTreeSet<u16> = others.collect();
    let mut periods: BTreeSet<Period> = BTreeSet::new();
    for key in keys {
        units.insert(key.unit);
        periods.insert(key.period);
    }
    let units: BTreeSet<String> = units
        .iter()
        .map(|&u| crate::words::unit_label(&plan.units[u as usize], lang).into_owned())
        .collect();
    let mut parts: Vec<String> = units.into_iter().collect();
    if parts.len() > 3 {
        let n = parts.len();
        parts = vec![tr!(lang, "{n} units", "{n} đơn vị")];
    }
    parts.extend(
        periods
            .into_iter()
            .map(|p| crate::words::period_text(p, lang)),
    );
    if parts.is_empty() {
        return "-".into();
    }
    parts.join(", ")
}

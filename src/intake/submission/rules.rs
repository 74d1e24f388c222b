//! The plan's rules for a row, whatever brought it (a unit's file, or a row of
//! another office's data file rolled up, `ingest::office`): a unit's duty and
//! existence in the period, the period itself; and the form's instructions sheet
//! saved on its own, known by its title.

use super::*;

/// What is wrong with a row of `unit` for `indicator` (None: its narrative report)
/// and `period`, given who has which duty in that period's round: a unit that does
/// not exist then, or has no such duty then, naming who has it.
pub fn duty_problem(
    plan: &Plan,
    duties: &Duties,
    unit: u16,
    indicator: Option<u16>,
    period: Period,
    lang: Lang,
) -> Option<(String, String)> {
    let u = &plan.units[unit as usize];
    let unit_id = &u.id;
    let period = crate::words::period_text(period, lang);
    if !duties.exists(unit) {
        let day = crate::words::date_text(duties.day(), lang);
        let (message, hint) = match (u.starts, u.ends) {
            (Some(starts), _) if duties.day() < starts => (
                tr!(
                    lang,
                    "unit \"{unit_id}\" starts on {}, after the round of {period} (due {day})",
                    "đơn vị \"{unit_id}\" bắt đầu từ {}, sau kỳ báo cáo {period} (hạn {day})",
                    crate::words::date_text(starts, lang)
                ),
                tr!(
                    lang,
                    "the round's figures belong to the units that existed then; check the unit or the period",
                    "số liệu của kỳ này thuộc các đơn vị tồn tại khi đó; kiểm tra lại đơn vị hoặc kỳ"
                ),
            ),
            _ => {
                let ends = u
                    .ends
                    .map(|e| crate::words::date_text(e, lang))
                    .unwrap_or_default();
                let heirs: Vec<String> = u
                    .successors
                    .iter()
                    .map(|&s| plan.units[s as usize].id.clone())
                    .collect();
                let heirs = describe_units(plan, &heirs, lang);
                (
                    tr!(
                        lang,
                        "unit \"{unit_id}\" ended on {ends}, before the round of {period} (due {day})",
                        "đơn vị \"{unit_id}\" đã kết thúc ngày {ends}, trước kỳ báo cáo {period} (hạn {day})"
                    ),
                    tr!(
                        lang,
                        "its duties passed to {heirs}; report under that unit",
                        "nhiệm vụ đã chuyển cho {heirs}; hãy báo cáo dưới tên đơn vị đó"
                    ),
                )
            }
        };
        return Some((message, hint));
    }
    let i = indicator?;
    if duties.is_contributor(i, unit) {
        return None;
    }
    let ind = &plan.indicators[i as usize];
    let ids: Vec<String> = duties
        .contributors(i)
        .iter()
        .map(|&c| plan.units[c as usize].id.clone())
        .collect();
    let who = describe_units(plan, &ids, lang);
    let message = if ind.is_contributor(unit) {
        tr!(
            lang,
            "unit \"{unit_id}\" no longer reports indicator {} in the round of {period}",
            "đơn vị \"{unit_id}\" không còn báo cáo chỉ tiêu {} trong kỳ {period}",
            ind.id
        )
    } else {
        tr!(
            lang,
            "unit \"{unit_id}\" does not report indicator {}",
            "đơn vị \"{unit_id}\" không báo cáo chỉ tiêu {}",
            ind.id
        )
    };
    let hint = tr!(
        lang,
        "indicator {} is reported by {who} for that round; remove this row or check the indicator id",
        "chỉ tiêu {} do {who} báo cáo trong kỳ đó; xóa dòng này hoặc kiểm tra mã chỉ tiêu",
        ind.id
    );
    Some((message, hint))
}

/// A name several units bore in a row's period, or (`none_then`) that none of
/// its bearers bore then: the message naming them with their dates, and how to choose.
pub(super) fn namesakes_problem(
    plan: &Plan,
    text: &str,
    units: &[u16],
    period: Period,
    none_then: bool,
    lang: Lang,
) -> (String, String) {
    let (shown, n) = (excerpt(text.trim()), units.len());
    let (period, listed) = (
        crate::words::period_text(period, lang),
        crate::words::units_with_lifetime(plan, units, lang),
    );
    let ids: Vec<&str> = units
        .iter()
        .map(|&u| plan.units[u as usize].id.as_str())
        .collect();
    let ids = ids.join(lang.pick(" or ", " hoặc "));
    let message = match none_then {
        false => tr!(
            lang,
            "\"{shown}\" was the name of {n} units in {period}: {listed}",
            "\"{shown}\" là tên của {n} đơn vị trong {period}: {listed}"
        ),
        true => tr!(
            lang,
            "\"{shown}\" was the name of {n} units, none of which existed in {period}: {listed}",
            "\"{shown}\" là tên của {n} đơn vị, không đơn vị nào hoạt động trong {period}: {listed}"
        ),
    };
    let hint = tr!(
        lang,
        "in the unit column, write the id of the unit whose figures these are: {ids}",
        "ghi vào cột đơn vị mã của đơn vị có số liệu này: {ids}"
    );
    (message, hint)
}

/// Units named as a message names them ([`crate::words::unit_label`]).
pub(super) fn labels(plan: &Plan, ids: &[String], lang: Lang) -> Vec<String> {
    ids.iter()
        .map(|id| {
            plan.unit(id).map_or(id.clone(), |u| {
                crate::words::unit_label(u, lang).into_owned()
            })
        })
        .collect()
}

/// "ttyt (District Health Centre)", or "13 units: tt-tam-duong, then-sin, …".
pub fn describe_units(plan: &Plan, ids: &[String], lang: Lang) -> String {
    match ids {
        [] => lang.pick("no unit", "không đơn vị nào").to_string(),
        [one] => {
            let name = plan.unit(one).map_or("", |u| u.name.get(lang));
            match lang {
                Lang::En => format!("{one} ({name})"),
                Lang::Vi => format!("{name} ({one})"),
            }
        }
        many if many.len() <= 4 => labels(plan, many, lang).join(", "),
        many => {
            let n = many.len();
            let first = labels(plan, &many[..3], lang).join(", ");
            tr!(lang, "{n} units: {first}, …", "{n} đơn vị: {first}, …")
        }
    }
}

/// Whether a file (not a workbook) starts with the title of the form's
/// instructions sheet: that sheet saved on its own, as a spreadsheet program's
/// "Save as CSV" does with the first sheet. Compared by the title's ASCII letters,
/// which survive whatever encoding the program chose.
pub(super) fn is_form_instructions(path: &Path) -> bool {
    let Some(head) = crate::intake::bytes::head(path, 256) else {
        return false;
    };
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let skeleton = |bytes: &[u8]| -> String {
        bytes
            .iter()
            .filter(|b| b.is_ascii_alphanumeric() || **b == b' ')
            .map(|&b| b as char)
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = skeleton(first);
    !first.is_empty()
        && crate::words::FORM_INSTRUCTIONS_TITLE
            .iter()
            .any(|title| skeleton(title.as_bytes()) == first)
}

/// The form's instructions sheet, saved alone: the figures are in the workbook.
pub(super) fn form_instructions_saved_alone(file: &str, lang: Lang) -> Diagnostic {
    Diagnostic::new(
        file,
        tr!(
            lang,
            "this is the instructions sheet of a report form, saved on its own: it holds no figures",
            "đây là trang hướng dẫn của biểu mẫu báo cáo, được lưu riêng: trang này không có số liệu"
        ),
    )
    .at_line(1)
    .hint(tr!(
        lang,
        "the figures are on the form's other sheets: ask the unit to send the workbook itself (.xlsx), as it was filled in, and ingest that",
        "số liệu nằm ở các trang tính khác của biểu mẫu: đề nghị đơn vị gửi chính tệp bảng tính (.xlsx) đã điền, rồi nhập tệp đó"
    ))
}

/// What is wrong with a figure's period under the plan, whatever brought it: a
/// year outside the plan, or a period no round brings (after the plan's end).
pub fn period_problem(plan: &Plan, p: Period, lang: Lang) -> Option<(String, String)> {
    let (start, end) = (plan.meta.start_year, plan.meta.end_year);
    if p.year() < start || p.year() > end {
        let shown = crate::words::period_text(p, lang);
        return Some((
            tr!(
                lang,
                "period {shown} is outside the plan ({start}–{end})",
                "kỳ {shown} nằm ngoài thời gian của kế hoạch ({start}–{end})"
            ),
            tr!(lang, "check the year", "kiểm tra lại năm"),
        ));
    }
    after_the_plans_end(plan, p, lang)
}

/// A period no round brings because the plan ended before its report would be
/// due (a plan with `[plan] ends`): refused, with the plan's end and last round,
/// so that nothing is recorded for a report no one owed.
pub(super) fn after_the_plans_end(plan: &Plan, p: Period, lang: Lang) -> Option<(String, String)> {
    let end = plan.meta.ends?;
    if !plan.owes_nothing_for(p) {
        return None;
    }
    let last = plan
        .rounds()
        .last()
        .map(|r| crate::words::period_text(r.period, lang));
    let (shown, day) = (
        crate::words::period_text(p, lang),
        crate::words::date_text(end, lang),
    );
    Some((
        tr!(
            lang,
            "no report for {shown} is owed: the plan ended on {day}, its last round was {}",
            "không có báo cáo nào cho {shown}: kế hoạch đã kết thúc ngày {day}, kỳ báo cáo cuối cùng là {}",
            last.unwrap_or_default()
        ),
        tr!(
            lang,
            "figures after the plan's end belong to the plan that follows it; check the period",
            "số liệu sau khi kế hoạch kết thúc thuộc kế hoạch tiếp theo; kiểm tra lại kỳ báo cáo"
        ),
    ))
}

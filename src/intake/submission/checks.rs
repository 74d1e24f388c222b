//! The file-level steps, once every row is read: the file's number convention
//! settles the numbers that waited for it, then each figure is checked against
//! its indicator (whole counts, signs, a numerator within its denominator, a
//! percentage within 0–100), groups against their total, and repeated keys are
//! found; repeated problems are merged.

use super::*;

impl FileReader<'_> {
    /// Second pass: the file's convention settles the ambiguous numbers.
    pub(super) fn settle_numbers(&mut self) {
        let lang = self.problems.lang;
        let file_convention = self.tally.settled();
        let settled = self.options.decimal.or(match &file_convention {
            Settled::Decided(decimal) => Some(*decimal),
            Settled::Unsettled | Settled::Conflict { .. } => None,
        });
        for d in std::mem::take(&mut self.deferred) {
            let value = match settled {
                Some(Decimal::Comma) => d.comma,
                Some(Decimal::Dot) => d.dot,
                None => {
                    // Plain digits: grouped ("1,234") or rounded ("1.23") readings would
                    // blur the very difference this message is about.
                    let (c, dot, text) = (d.comma.to_string(), d.dot.to_string(), &d.text);
                    // A Vietnamese reader reads "1.959" as a whole number: the decimal
                    // reading is written with the decimal mark they use.
                    let dot = match lang {
                        Lang::En => dot,
                        Lang::Vi => dot.replace('.', ","),
                    };
                    let conflict = match &file_convention {
                        Settled::Conflict {
                            comma_example: a,
                            dot_example: b,
                        } => tr!(
                            lang,
                            " (this file uses both: \"{a}\" and \"{b}\")",
                            " (tệp này dùng cả hai kiểu: \"{a}\" và \"{b}\")"
                        ),
                        _ => String::new(),
                    };
                    let at = self.row_at(&self.rows[d.row as usize]);
                    self.problems.add(
                        at,
                        tr!(
                            lang,
                            "ambiguous number \"{text}\": {c} if \",\" is the decimal mark, {dot} if \".\" is{conflict}",
                            "số \"{text}\" không rõ nghĩa: là {c} nếu dấu \",\" là dấu thập phân, là {dot} nếu dấu \".\" là dấu thập phân{conflict}"
                        ),
                        tr!(
                            lang,
                            "say which with --decimal comma (Vietnamese: 1.234,5) or --decimal dot (1,234.5), or write the number without a thousands separator",
                            "chỉ rõ bằng --decimal comma (kiểu Việt Nam: 1.234,5) hoặc --decimal dot (1,234.5), hoặc viết số không có dấu phân cách hàng nghìn"
                        ),
                    );
                    // A row whose number could not be read has its problem already.
                    self.rows[d.row as usize].figure = Figure::Blank;
                    continue;
                }
            };
            let row = &mut self.rows[d.row as usize];
            match (&mut row.figure, d.slot) {
                (Figure::Number(v), Slot::Value) => *v = value,
                (Figure::Ratio { numerator, .. }, Slot::Numerator) => *numerator = value,
                (Figure::Ratio { denominator, .. }, Slot::Denominator) => *denominator = value,
                // The row's other number was unresolved, so its figure is blank.
                _ => {}
            }
        }
    }

    /// Values checked against their indicator.
    pub(super) fn check_figures(&mut self) {
        for index in 0..self.rows.len() {
            let row = self.rows[index];
            if let Some(i) = row.key().indicator {
                let at = self.row_at(&row);
                check_figure(
                    &mut self.problems,
                    &self.plan.indicators[i as usize],
                    row.figure,
                    at,
                );
            }
        }
    }

    /// Where a file gives a total beside its groups (boys and girls, say), the groups
    /// together do not exceed it: Σ numerators ≤ the total's, Σ denominators ≤ the
    /// total's.
    pub(super) fn check_parts(&mut self) {
        let lang = self.problems.lang;
        // The groups' sums for each total's key, and where the first group is.
        let mut parts: FxHashMap<u64, (f64, f64, usize)> = FxHashMap::default();
        for (index, row) in self.rows.iter().enumerate() {
            let key = row.key();
            if let (
                Figure::Ratio {
                    numerator,
                    denominator,
                },
                true,
            ) = (row.figure, key.group != 0)
            {
                let whole = Key { group: 0, ..key }.pack();
                let sum = parts.entry(whole).or_insert((0.0, 0.0, index));
                sum.0 += numerator;
                sum.1 += denominator;
            }
        }
        for index in 0..self.rows.len() {
            let row = self.rows[index];
            let Figure::Ratio {
                numerator,
                denominator,
            } = row.figure
            else {
                continue;
            };
            let Some(&(n, d, first)) = parts.get(&row.packed_key) else {
                continue;
            };
            if settle(n) <= settle(numerator) && settle(d) <= settle(denominator) {
                continue;
            }
            let key = row.key();
            let id = key
                .indicator
                .map_or("", |i| self.plan.indicators[i as usize].id.as_str());
            let (n, d) = (format_number(n, lang), format_number(d, lang));
            let (tn, td) = (
                format_number(numerator, lang),
                format_number(denominator, lang),
            );
            let first = self.first_place(&self.rows[first], &row);
            let at = self.row_at(&row);
            self.problems.add(
                at,
                tr!(
                    lang,
                    "the groups of indicator {id} add up to {n} of {d}, more than this total of {tn} of {td}",
                    "các nhóm của chỉ tiêu {id} cộng lại được {n} trên {d}, lớn hơn tổng số {tn} trên {td} ở dòng này"
                ),
                tr!(
                    lang,
                    "the groups (from {first}) are parts of the total: check the total row and the group rows",
                    "các nhóm (từ {first}) là các phần của tổng số: kiểm tra dòng tổng số và các dòng theo nhóm"
                ),
            );
        }
    }

    /// The same (unit, period, indicator) twice: in key order, repeats are neighbours.
    /// Sorting row numbers rather than rows keeps the file's order for the record.
    pub(super) fn check_repeats(&mut self) {
        let lang = self.problems.lang;
        let rows = &self.rows;
        let mut by_key: Vec<u32> = (0..rows.len() as u32).collect();
        by_key.sort_unstable_by_key(|&i| (rows[i as usize].packed_key, i));
        let mut first = 0;
        for n in 1..by_key.len() {
            let (i, head) = (by_key[n] as usize, by_key[first] as usize);
            if rows[i].packed_key != rows[head].packed_key {
                first = n;
                continue;
            }
            let key = rows[i].key();
            let what = match key.indicator {
                Some(ind) => {
                    let indicator = &self.plan.indicators[ind as usize];
                    match self.plan.group(indicator, key.group) {
                        Some(g) => tr!(
                            lang,
                            "indicator {} ({})",
                            "chỉ tiêu {} ({})",
                            indicator.id,
                            g.name.get(lang)
                        ),
                        None => tr!(lang, "indicator {}", "chỉ tiêu {}", indicator.id),
                    }
                }
                None => tr!(lang, "the narrative report", "báo cáo bằng văn bản"),
            };
            let unit_id = crate::words::unit_label(&self.plan.units[key.unit as usize], lang);
            let period = crate::words::period_text(key.period, lang);
            let first_place = self.first_place(&rows[head], &rows[i]);
            let at = self.row_at(&rows[i]);
            self.problems.add(
                at,
                tr!(
                    lang,
                    "{what} for {unit_id}, {period} appears twice (first on {first_place})",
                    "{what} của {unit_id}, {period} xuất hiện hai lần (lần đầu ở {first_place})"
                ),
                tr!(
                    lang,
                    "keep one row for each unit, period and indicator",
                    "mỗi đơn vị, kỳ và chỉ tiêu chỉ giữ một dòng"
                ),
            );
        }
    }

    /// "line 6", "row 6", or "row 6 of sheet Q1" when the repeat is on another sheet.
    fn first_place(&self, first: &Row, repeat: &Row) -> String {
        let lang = self.problems.lang;
        let line = first.line;
        match &self.problems.sheets.get(first.sheet as usize) {
            Some(Some(_)) if first.sheet == repeat.sheet => {
                tr!(lang, "row {line}", "hàng {line}")
            }
            Some(Some(sheet)) => tr!(
                lang,
                "row {line} of sheet \"{sheet}\"",
                "hàng {line} của trang \"{sheet}\""
            ),
            _ => tr!(lang, "line {line}", "dòng {line}"),
        }
    }
}

/// One diagnostic for a mistake repeated on many rows (a misspelt unit name on
/// every line), naming the other lines, instead of the same message again and again.
pub(super) fn merge_repeats(
    problems: Vec<Diagnostic>,
    workbook: bool,
    lang: Lang,
) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for problem in problems {
        let same = merged.iter_mut().find(|(d, _)| {
            d.message == problem.message
                && d.hint == problem.hint
                && d.sheet == problem.sheet
                && d.column == problem.column
        });
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
                let one = lines.len() == 1;
                let shown = shown.join(", ");
                d.message.push_str(&if workbook && one {
                    tr!(lang, " (also on row {shown})", " (cả ở hàng {shown})")
                } else if one {
                    tr!(lang, " (also on line {shown})", " (cả ở dòng {shown})")
                } else if workbook {
                    tr!(
                        lang,
                        " (also on rows {shown}{more})",
                        " (cả ở các hàng {shown}{more})"
                    )
                } else {
                    tr!(
                        lang,
                        " (also on lines {shown}{more})",
                        " (cả ở các dòng {shown}{more})"
                    )
                });
            }
            d
        })
        .collect()
}

/// What is wrong with a figure for its indicator, whatever brought it (a row of a
/// submission, or of another office's data file rolled up): the same checks, as
/// diagnostics of `file` to be placed by the caller.
pub fn figure_problems(file: &str, ind: &Indicator, figure: Figure, lang: Lang) -> Vec<Diagnostic> {
    let mut problems = Problems {
        file,
        lang,
        sheets: Vec::new(),
        found: Vec::new(),
        more: 0,
    };
    let at = At {
        table: 0,
        line: 0,
        column: None,
    };
    check_figure(&mut problems, ind, figure, at);
    problems
        .found
        .into_iter()
        .map(|(_, mut d)| {
            d.line = None;
            d
        })
        .collect()
}

/// Checks a figure against what its indicator allows; records problems.
fn check_figure(problems: &mut Problems, ind: &Indicator, figure: Figure, at: At) {
    let lang = problems.lang;
    let id = &ind.id;
    check_whole(problems, ind, figure, at);
    let no_negative = |problems: &mut Problems, v: f64, what: &str| {
        if v < 0.0 {
            let shown = format_number(v, lang);
            problems.add(
                at,
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
            no_negative(problems, numerator, column_label(Column::Numerator, lang));
            no_negative(
                problems,
                denominator,
                column_label(Column::Denominator, lang),
            );
            if denominator == 0.0 && numerator == 0.0 {
                // 0 of 0: no cases in the period, a complete report.
            } else if denominator == 0.0 {
                problems.add(
                    at,
                    tr!(lang, "the denominator is 0 but the numerator is {} for indicator {id}", "mẫu số bằng 0 nhưng tử số là {} ở chỉ tiêu {id}", format_number(numerator, lang)),
                    tr!(lang, "the numerator counts part of the denominator, so it cannot be above 0 here; if there were no cases, write 0 in both cells (or \"no cases\" in the value cell)", "tử số là một phần của mẫu số nên ở đây không thể lớn hơn 0; nếu không có trường hợp nào, ghi 0 vào cả hai ô (hoặc \"không có trường hợp\" vào ô giá trị)"),
                );
            } else if is_percentage(ind, scale) && numerator > denominator {
                let (n, d) = (
                    format_number(numerator, lang),
                    format_number(denominator, lang),
                );
                problems.add(
                    at,
                    tr!(lang, "the numerator {n} is above the denominator {d} for indicator {id}, a percentage", "tử số {n} lớn hơn mẫu số {d} ở chỉ tiêu {id} (tỷ lệ phần trăm)"),
                    tr!(lang, "the numerator counts part of the denominator; check whether the two were swapped", "tử số là một phần của mẫu số; kiểm tra xem hai ô có bị đổi chỗ không"),
                );
            }
        }
        (Figure::Number(v), Measure::Value) => {
            no_negative(problems, v, column_label(Column::Value, lang));
            if ind.unit_of_measure.en.trim() == "%" && v > 100.0 {
                let shown = format_number(v, lang);
                problems.add(
                    at,
                    tr!(
                        lang,
                        "{shown} % for indicator {id} is not between 0 and 100",
                        "{shown}% ở chỉ tiêu {id} không nằm trong khoảng 0 đến 100"
                    ),
                    tr!(
                        lang,
                        "write the percentage itself, such as 45 for 45 %",
                        "viết số phần trăm, ví dụ 45 cho 45%"
                    ),
                );
            }
        }
        (Figure::Number(v), Measure::Share { .. }) => {
            no_negative(problems, v, lang.pick("count", "số đếm"));
        }
        _ => {}
    }
}

/// A ratio read as a share of a whole (×100, in %): its numerator is part of its
/// denominator. Not so for the sex ratio (boys per 100 girls), also ×100.
/// The numbers of an indicator that counts things are whole. A number read as it
/// was typed is checked as it is read ([`FileReader::whole_count`]); this catches
/// one whose reading waited for the file's decimal convention.
fn check_whole(problems: &mut Problems, ind: &Indicator, figure: Figure, at: At) {
    if !ind.whole {
        return;
    }
    let lang = problems.lang;
    let parts = match figure {
        Figure::Ratio {
            numerator,
            denominator,
        } => vec![
            (numerator, Column::Numerator),
            (denominator, Column::Denominator),
        ],
        Figure::Number(v) => vec![(v, Column::Value)],
        _ => vec![],
    };
    for (v, column) in parts {
        if v.fract() == 0.0 {
            continue;
        }
        let (id, what, shown) = (&ind.id, column_label(column, lang), format_number(v, lang));
        problems.add(
            at,
            tr!(
                lang,
                "the {what} {shown} for indicator {id} is not a whole number",
                "{what} {shown} ở chỉ tiêu {id} không phải số nguyên"
            ),
            tr!(
                lang,
                "it counts people, births or items: check the decimal mark (--decimal comma or dot) and write the whole number",
                "đây là số đếm (người, ca sinh, tin bài…): kiểm tra dấu thập phân (--decimal comma hoặc dot) và viết số nguyên"
            ),
        );
    }
}

fn is_percentage(ind: &Indicator, scale: f64) -> bool {
    scale == 100.0 && ind.unit_of_measure.en.trim() == "%"
}

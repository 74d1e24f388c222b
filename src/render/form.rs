//! The form a unit fills in for a round, written as CSV or as a workbook.
//!
//! `template` decides what a form holds ([`Form`]: one row per figure the unit
//! owes); this module only writes it. The workbook is made to be filled in Excel or
//! LibreOffice and sent back as it is: the header frozen, the columns that identify
//! a figure locked, the cells to fill open and checked by data validation where the
//! plan knows the rule, an instructions sheet, and columns wide enough to read.
//! `ingest` reads it back untouched (the title row above the header is passed over,
//! the instructions sheet listed as skipped).

use crate::i18n::Lang;
use crate::text::for_csv;
use crate::tr;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

/// What a row of the form asks for; decides which input cells are open and how
/// they are checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// Numerator and denominator: whole counts.
    Ratio,
    /// A whole count (a quarterly count).
    Count,
    /// A value; at most 100 when it is a percentage.
    Value {
        percent: bool,
    },
    YesNo,
    /// Only the note: a narrative report.
    Narrative,
}

#[derive(Debug, Clone)]
pub struct FormRow {
    pub unit: String,
    pub period: String,
    pub indicator: String,
    pub name: String,
    /// The group (girls, boys) for an indicator asked for by group; else empty.
    pub group: String,
    pub unit_of_measure: String,
    pub target: String,
    pub what_to_enter: String,
    pub input: Input,
}

/// One unit's form for one round.
#[derive(Debug, Clone)]
pub struct Form {
    pub unit: String,
    /// The unit with its id, as its form's title names it: "Bản Bo (ban-bo)", with
    /// its dates for one that started or ended during the plan
    /// ([`crate::words::unit_with_lifetime`]).
    pub unit_name: String,
    pub period: String,
    /// Where the report goes and by when, under a workbook form's title ("Gửi Ủy
    /// ban nhân dân huyện Tam Đường (qua Phòng LĐ-TB&XH), hạn 05/06/2025").
    pub send_to: String,
    /// The plan's target year, named in the target column's header.
    pub target_year: i32,
    /// Whether the form has a group column (the unit reports an indicator by group).
    pub grouped: bool,
    pub rows: Vec<FormRow>,
}

/// The headers, in the order of the form's columns, with a group column after the
/// indicator's name when the form has one. The unit, period, indicator and group
/// columns and the last five are what `ingest` reads; the others help the clerk.
pub fn headers(form: &Form, lang: Lang) -> Vec<String> {
    let year = form.target_year;
    let mut headers: Vec<String> = vec![
        lang.pick("unit", "đơn vị").into(),
        lang.pick("period", "kỳ").into(),
        lang.pick("indicator", "chỉ tiêu").into(),
        lang.pick("indicator name", "tên chỉ tiêu").into(),
        lang.pick("unit of measure", "đơn vị tính").into(),
        tr!(lang, "target {year}", "mục tiêu đến năm {year}"),
        lang.pick("what to enter", "hướng dẫn").into(),
        lang.pick("numerator", "tử số").into(),
        lang.pick("denominator", "mẫu số").into(),
        lang.pick("value", "giá trị").into(),
        lang.pick("submitted", "ngày gửi").into(),
        lang.pick("note", "ghi chú").into(),
    ];
    if form.grouped {
        headers.insert(GROUP_COLUMN, lang.pick("group", "nhóm").into());
    }
    headers
}

/// Where the group column goes: after the indicator's name.
const GROUP_COLUMN: usize = 4;

/// The identifying cells of a row, in the form's column order.
fn identity<'r>(form: &Form, row: &'r FormRow) -> Vec<&'r str> {
    let mut cells = vec![
        row.unit.as_str(),
        &row.period,
        &row.indicator,
        &row.name,
        &row.unit_of_measure,
        &row.target,
        &row.what_to_enter,
    ];
    if form.grouped {
        cells.insert(GROUP_COLUMN, &row.group);
    }
    cells
}

/// Columns of the inputs (0-based), after the identifying ones.
struct Inputs {
    numerator: u16,
    denominator: u16,
    value: u16,
    submitted: u16,
    note: u16,
}

impl Inputs {
    fn of(form: &Form) -> Inputs {
        let first = if form.grouped { 8 } else { 7 };
        Inputs {
            numerator: first,
            denominator: first + 1,
            value: first + 2,
            submitted: first + 3,
            note: first + 4,
        }
    }
}

/// The form as CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese
/// letters), ';' between columns in Vietnamese (what Excel on Vietnamese Windows
/// expects), ',' otherwise.
pub fn csv(form: &Form, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let delimiter = match lang {
            Lang::Vi => b';',
            Lang::En => b',',
        };
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(&mut bytes);
        writer.write_record(headers(form, lang))?;
        // Text from the plan, never run as a formula by the spreadsheet.
        for row in &form.rows {
            let mut cells: Vec<String> = identity(form, row)
                .into_iter()
                .map(|cell| for_csv(cell).into_owned())
                .collect();
            cells.extend(std::iter::repeat_n(String::new(), 5));
            writer.write_record(&cells)?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

/// Cell styles of the workbook form.
struct Styles {
    title: Format,
    header: Format,
    locked: Format,
    locked_wrap: Format,
    open: Format,
    open_date: Format,
    closed: Format,
}

impl Styles {
    fn new() -> Styles {
        let grey = Color::RGB(0xE7E6E6);
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(13),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_background_color(Color::RGB(0xD9E1F2)),
            ),
            locked: border(Format::new().set_background_color(grey)),
            locked_wrap: border(Format::new().set_background_color(grey).set_text_wrap()),
            open: border(Format::new().set_unlocked()),
            open_date: border(Format::new().set_unlocked().set_num_format("dd/mm/yyyy")),
            // An input cell this row does not use: locked and grey.
            closed: border(Format::new().set_background_color(Color::RGB(0xBFBFBF))),
        }
    }
}

/// Forms as one workbook: an instructions sheet, then one sheet per form (a unit's
/// rounds, or every unit's form for one round). `years` bounds the submitted date.
pub fn workbook(forms: &[Form], years: (i32, i32), lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let styles = Styles::new();
    instructions(workbook.add_worksheet(), lang)?;
    for form in forms {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(form))?;
        form_sheet(sheet, form, &styles, years, lang)?;
    }
    workbook.save_to_buffer()
}

/// "ban-bo 2025-H1": at most 31 characters and none of []:*?/\ (Excel's rules).
fn sheet_name(form: &Form) -> String {
    let name = format!("{} {}", form.unit, form.period);
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect()
}

/// Rows above the header: the title, and where the report goes and by when.
const HEADER_ROW: u32 = 2;

fn form_sheet(
    sheet: &mut Worksheet,
    form: &Form,
    styles: &Styles,
    years: (i32, i32),
    lang: Lang,
) -> Result<(), XlsxError> {
    let title = tr!(
        lang,
        "Report form: {}, {}",
        "Biểu mẫu báo cáo: {}, {}",
        form.unit_name,
        crate::words::period_label(&form.period, lang)
    );
    let headers = headers(form, lang);
    // Across the form's width, so that the title prints whole.
    let last = headers.len() as u16 - 1;
    sheet.merge_range(0, 0, 0, last, &title, &styles.title)?;
    sheet.merge_range(1, 0, 1, last, &form.send_to, &Format::new())?;
    let columns = Inputs::of(form);
    let widths = column_widths(form);
    for (c, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, header, &styles.header)?;
    }
    let texts: Vec<&str> = headers.iter().map(String::as_str).collect();
    sheet.set_row_height(HEADER_ROW, row_height(&texts, &widths))?;
    for (i, row) in form.rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        let cells = identity(form, row);
        sheet.set_row_height(r, row_height(&cells, &widths))?;
        let wide = [3, cells.len() - 1];
        for (c, text) in cells.into_iter().enumerate() {
            let format = if wide.contains(&c) {
                &styles.locked_wrap
            } else {
                &styles.locked
            };
            sheet.write_string_with_format(r, c as u16, text, format)?;
        }
        inputs(sheet, r, &columns, row.input, styles, lang)?;
        sheet.write_blank(r, columns.submitted, &styles.open_date)?;
        sheet.write_blank(r, columns.note, &styles.open)?;
    }
    if let Some(last) = (form.rows.len() as u32).checked_sub(1) {
        let last = HEADER_ROW + 1 + last;
        let (first_year, last_year) = years;
        let first_day = NaiveDate::from_ymd_opt(first_year, 1, 1).expect("a valid year");
        let last_day = NaiveDate::from_ymd_opt(last_year, 12, 31).expect("a valid year");
        let dates = DataValidation::new()
            .allow_date(DataValidationRule::Between(first_day, last_day))
            .set_error_title(lang.pick("Not a date", "Không phải ngày"))?
            .set_error_message(tr!(
                lang,
                "Type the date the report is sent, as dd/mm/yyyy, between {first_year} and {last_year}.",
                "Gõ ngày gửi báo cáo, dạng dd/mm/yyyy, trong khoảng {first_year} đến {last_year}."
            ))?;
        let c = columns.submitted;
        sheet.add_data_validation(HEADER_ROW + 1, c, last, c, &dates)?;
    }
    for (c, width) in widths.into_iter().enumerate() {
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    print_form(sheet)?;
    sheet.protect();
    Ok(())
}

/// The form's column widths, in characters.
fn column_widths(form: &Form) -> Vec<f64> {
    let mut widths = vec![
        10.0, 9.0, 9.0, 40.0, 12.0, 13.0, 34.0, 10.0, 10.0, 10.0, 12.0, 25.0,
    ];
    if form.grouped {
        widths.insert(GROUP_COLUMN, 10.0);
    }
    widths
}

/// A row tall enough for the longest of its texts wrapped in their columns, in
/// points: Calc does not grow a row whose text wraps when it opens a workbook
/// without row heights, so the rows would print over each other.
fn row_height(texts: &[&str], widths: &[f64]) -> f64 {
    let lines = texts
        .iter()
        .zip(widths)
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    lines as f64 * LINE_HEIGHT + 3.0
}

/// How many lines a text takes in a column `width` characters wide, word by word.
/// A character of the default font (Calibri 11, or what stands in for it) is taken as 1.3 of the column's
/// character unit, which holds for Vietnamese text with its accents.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width / 1.3).floor().max(1.0) as usize;
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if used > 0 && used + 1 + n > room {
            lines += 1 + (n.saturating_sub(1)) / room;
            used = n % room;
        } else {
            used += n + usize::from(used > 0);
        }
    }
    lines
}

/// A line of Calibri 11, in points.
const LINE_HEIGHT: f64 = 15.0;

/// A form prints on A4 landscape, one page wide (as many pages down as it needs),
/// with its header row at the top of every page.
fn print_form(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(A4_PAPER)
        .set_landscape()
        .set_margins(0.6, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

/// Excel's number for A4 paper.
const A4_PAPER: u8 = 9;

/// The numerator, denominator and value cells of a row: open where the row needs
/// them, with the check the plan implies; grey and locked where it does not.
fn inputs(
    sheet: &mut Worksheet,
    r: u32,
    columns: &Inputs,
    input: Input,
    styles: &Styles,
    lang: Lang,
) -> Result<(), XlsxError> {
    let whole = || -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_title(lang.pick("A whole number", "Số nguyên"))?
            .set_error_message(lang.pick(
                "Type a count: a whole number, 0 or more, without a decimal part.",
                "Gõ số đếm: số nguyên từ 0 trở lên, không có phần thập phân.",
            ))
    };
    let open = |sheet: &mut Worksheet, c: u16, check: Option<DataValidation>| {
        sheet.write_blank(r, c, &styles.open)?;
        if let Some(check) = check {
            sheet.add_data_validation(r, c, r, c, &check)?;
        }
        Ok::<(), XlsxError>(())
    };
    let closed =
        |sheet: &mut Worksheet, c: u16| sheet.write_blank(r, c, &styles.closed).map(|_| ());
    match input {
        Input::Ratio => {
            open(sheet, columns.numerator, Some(whole()?))?;
            open(sheet, columns.denominator, Some(whole()?))?;
            closed(sheet, columns.value)?;
        }
        Input::Count => {
            closed(sheet, columns.numerator)?;
            closed(sheet, columns.denominator)?;
            open(sheet, columns.value, Some(whole()?))?;
        }
        Input::Value { percent } => {
            let rule = if percent {
                DataValidationRule::Between(0.0, 100.0)
            } else {
                DataValidationRule::GreaterThanOrEqualTo(0.0)
            };
            let check = DataValidation::new()
                .allow_decimal_number(rule)
                .set_error_title(lang.pick("A number", "Một số"))?
                .set_error_message(if percent {
                    lang.pick(
                        "Type the percentage itself, between 0 and 100 (45 for 45 %).",
                        "Gõ số phần trăm, từ 0 đến 100 (45 cho 45%).",
                    )
                } else {
                    lang.pick("Type a number, 0 or more.", "Gõ một số từ 0 trở lên.")
                })?;
            closed(sheet, columns.numerator)?;
            closed(sheet, columns.denominator)?;
            open(sheet, columns.value, Some(check))?;
        }
        Input::YesNo => {
            let answers = [lang.pick("yes", "có"), lang.pick("no", "không")];
            let check = DataValidation::new()
                .allow_list_strings(&answers)?
                .set_error_title(lang.pick("Yes or no", "Có hoặc không"))?
                .set_error_message(tr!(
                    lang,
                    "Choose {} or {} from the list.",
                    "Chọn {} hoặc {} trong danh sách.",
                    answers[0],
                    answers[1]
                ))?;
            closed(sheet, columns.numerator)?;
            closed(sheet, columns.denominator)?;
            open(sheet, columns.value, Some(check))?;
        }
        Input::Narrative => {
            closed(sheet, columns.numerator)?;
            closed(sheet, columns.denominator)?;
            closed(sheet, columns.value)?;
        }
    }
    Ok(())
}

/// The first sheet: how to fill the form in, in the chosen language.
fn instructions(sheet: &mut Worksheet, lang: Lang) -> Result<(), XlsxError> {
    let [sheet_en, sheet_vi] = crate::words::FORM_INSTRUCTIONS_SHEET;
    sheet.set_name(lang.pick(sheet_en, sheet_vi))?;
    let [title_en, title_vi] = crate::words::FORM_INSTRUCTIONS_TITLE;
    let lines: [&str; 8] = match lang {
        Lang::En => [
            title_en,
            "1. Each following sheet is a form: one row per figure your unit reports for the round.",
            "2. Fill in the white cells only. Grey cells are locked: they say which unit, round and indicator a row is for.",
            "3. Ratios: the numerator and the denominator, whole counts (people, agencies, births). Counts: a whole number. Yes/no: choose from the list.",
            "4. Submitted: the day you send the report (dd/mm/yyyy). Note: anything the office should know.",
            "5. Leave a cell empty when there is nothing to report.",
            "6. Save the workbook as it is (.xlsx) and send it back: there is no need to save it as CSV.",
            "Do not rename the sheets or the columns, and do not add rows between the title and the header.",
        ],
        Lang::Vi => [
            title_vi,
            "1. Mỗi trang tính tiếp theo là một biểu mẫu: mỗi dòng là một số liệu đơn vị báo cáo trong kỳ.",
            "2. Chỉ điền vào các ô trắng. Các ô xám đã khóa: cho biết dòng đó của đơn vị, kỳ và chỉ tiêu nào.",
            "3. Tỷ lệ: điền tử số và mẫu số là số đếm nguyên (người, cơ quan, ca sinh). Số đếm: số nguyên. Có/không: chọn trong danh sách.",
            "4. Ngày gửi: ngày gửi báo cáo (dd/mm/yyyy). Ghi chú: điều cần báo thêm cho cơ quan thường trực.",
            "5. Để trống ô nếu không có số liệu.",
            "6. Lưu nguyên tệp (.xlsx) và gửi lại: không cần lưu thành CSV.",
            "Không đổi tên trang tính hay tên cột, không chèn dòng giữa tiêu đề và dòng tên cột.",
        ],
    };
    let title = Format::new().set_bold().set_font_size(13);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in lines.iter().enumerate() {
        let format = if i == 0 { &title } else { &wrap };
        sheet.write_string_with_format(i as u32, 0, *line, format)?;
        sheet.set_row_height(i as u32, row_height(&[line], &[INSTRUCTION_WIDTH]))?;
    }
    sheet.set_column_width(0, INSTRUCTION_WIDTH)?;
    sheet.set_paper_size(A4_PAPER).set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The instructions' column, in characters: what fits across A4 portrait.
const INSTRUCTION_WIDTH: f64 = 72.0;

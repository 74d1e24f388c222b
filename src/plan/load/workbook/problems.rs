//! What the plan workbook's reader says of a sheet, a header or a cell, in the
//! user's language, with where (`FILE[SHEET]!B7`) and how to fix it.

use super::{Row, Unfit};
use crate::diagnostic::{Diagnostic, nearest};
use crate::i18n::Lang;
use crate::plan::load::position::{CellAt, CellMap};
use crate::plan::sheets::{Layout, SHEETS};
use crate::text::excerpt;
use crate::tr;

fn at_sheet(file: &str, sheet: &str, message: String, hint: String) -> Diagnostic {
    let mut problem = Diagnostic::new(file, message).hint(hint);
    problem.sheet = Some(sheet.into());
    problem
}

fn at_cell(cells: &CellMap, at: CellAt, message: String, hint: String) -> Diagnostic {
    cells.position(at).diagnostic(message, hint)
}

fn sheet_names() -> String {
    SHEETS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

pub fn unreadable(file: &str, why: String, lang: Lang) -> Diagnostic {
    Diagnostic::new(
        file,
        tr!(
            lang,
            "cannot read this workbook: {why}",
            "không đọc được tệp bảng tính này: {why}"
        ),
    )
    .hint(tr!(
        lang,
        "open it in Excel or LibreOffice and save it as .xlsx, then import it again",
        "mở tệp bằng Excel hoặc LibreOffice, lưu dạng .xlsx rồi nhập lại"
    ))
}

pub fn unknown_sheet(file: &str, sheet: &str, lang: Lang) -> Diagnostic {
    let shown = excerpt(sheet);
    at_sheet(
        file,
        sheet,
        tr!(
            lang,
            "unknown sheet \"{shown}\"",
            "trang \"{shown}\" không thuộc bảng tính kế hoạch"
        ),
        tr!(
            lang,
            "rename it to one of the plan workbook's sheets ({}), or delete it",
            "đổi tên thành một trang của bảng tính kế hoạch ({}), hoặc xóa trang này",
            sheet_names()
        ),
    )
}

pub fn missing_sheet(file: &str, sheet: &str, lang: Lang) -> Diagnostic {
    at_sheet(
        file,
        sheet,
        tr!(
            lang,
            "the sheet \"{sheet}\" is missing",
            "thiếu trang \"{sheet}\""
        ),
        tr!(
            lang,
            "a plan needs it: `gender-plan plan new -o plan.xlsx` writes a workbook with every sheet to copy it from",
            "kế hoạch cần trang này: lệnh `gender-plan plan new -o kehoach.xlsx` tạo bảng tính có đủ các trang để chép sang"
        ),
    )
}

pub fn bad_header(
    cells: &CellMap,
    at: CellAt,
    text: &str,
    repeated: bool,
    known: &[&str],
    lang: Lang,
) -> Diagnostic {
    let shown = excerpt(text);
    let message = match repeated {
        true => tr!(
            lang,
            "the column \"{shown}\" appears twice",
            "cột \"{shown}\" xuất hiện hai lần"
        ),
        false => tr!(
            lang,
            "unknown column \"{shown}\"",
            "cột \"{shown}\" không hợp lệ"
        ),
    };
    let hint = match (repeated, nearest(text, known.iter().copied())) {
        (true, _) => tr!(
            lang,
            "delete one of the two columns",
            "xóa một trong hai cột"
        ),
        (false, Some(close)) => tr!(
            lang,
            "did you mean \"{close}\"?",
            "có phải ý bạn là \"{close}\"?"
        ),
        (false, None) => tr!(
            lang,
            "the sheet \"Hướng dẫn\" lists the columns of each sheet",
            "trang \"Hướng dẫn\" liệt kê các cột của từng trang"
        ),
    };
    at_cell(cells, at, message, hint)
}

/// A value in a column without a header: it would be lost.
pub fn no_header(cells: &CellMap, at: CellAt, lang: Lang) -> Diagnostic {
    at_cell(
        cells,
        at,
        tr!(
            lang,
            "this value is in a column without a header",
            "giá trị này nằm trong cột không có tiêu đề"
        ),
        tr!(
            lang,
            "move it to its column, or give the column a header the sheet \"Hướng dẫn\" lists",
            "chuyển giá trị sang đúng cột, hoặc đặt cho cột một tiêu đề có trong trang \"Hướng dẫn\""
        ),
    )
}

pub fn unknown_item(cells: &CellMap, at: CellAt, text: &str, lang: Lang) -> Diagnostic {
    let shown = excerpt(text);
    at_cell(
        cells,
        at,
        tr!(
            lang,
            "unknown item \"{shown}\"",
            "mục \"{shown}\" không hợp lệ"
        ),
        tr!(
            lang,
            "write one of the items the sheet \"Hướng dẫn\" lists for this sheet, as written there",
            "ghi một trong các mục mà trang \"Hướng dẫn\" liệt kê cho trang này, đúng như được ghi ở đó"
        ),
    )
}

pub fn bad_cell(cells: &CellMap, at: CellAt, why: Unfit, lang: Lang) -> Diagnostic {
    let (message, hint) = match why {
        Unfit::Number => (
            tr!(lang, "this cell is not a number", "ô này không phải một số"),
            tr!(
                lang,
                "write a number, such as 60 or 12.5",
                "ghi một số, ví dụ 60 hoặc 12,5"
            ),
        ),
        Unfit::Whole => (
            tr!(
                lang,
                "this cell is not a whole number",
                "ô này không phải một số nguyên"
            ),
            tr!(
                lang,
                "write a whole number, such as 2025",
                "ghi một số nguyên, ví dụ 2025"
            ),
        ),
        Unfit::YesNo => (
            tr!(
                lang,
                "this cell is not yes or no",
                "ô này không phải có hoặc không"
            ),
            tr!(
                lang,
                "write TRUE or FALSE",
                "ghi TRUE (có) hoặc FALSE (không)"
            ),
        ),
        Unfit::Error => (
            tr!(
                lang,
                "this cell holds an error value",
                "ô này chứa giá trị lỗi"
            ),
            tr!(
                lang,
                "write the value itself instead of the formula",
                "ghi chính giá trị thay cho công thức"
            ),
        ),
    };
    at_cell(cells, at, message, hint)
}

pub fn given_twice(cells: &CellMap, at: CellAt, path: &str, lang: Lang) -> Diagnostic {
    at_cell(
        cells,
        at,
        tr!(lang, "`{path}` is given twice", "`{path}` được ghi hai lần"),
        tr!(
            lang,
            "keep one value: a row or column for it is already filled in",
            "chỉ giữ một giá trị: đã có dòng hoặc cột khác ghi mục này"
        ),
    )
}

/// A row whose key (a parent's id, a kind of unit) names nothing.
pub fn unknown_key(
    cells: &CellMap,
    row_at: CellAt,
    row: &Row,
    layout: &Layout,
    lang: Lang,
) -> Diagnostic {
    let (key, at) = match &row.key {
        Some((value, at)) => (value.as_str().unwrap_or("").to_string(), *at),
        None => (String::new(), row_at),
    };
    let (message, hint) = names_nothing(layout, &excerpt(&key), lang);
    at_cell(cells, at, message, hint)
}

/// What a row's key that names nothing is said to be, and how to fix it.
fn names_nothing(layout: &Layout, shown: &str, lang: Lang) -> (String, String) {
    match layout {
        Layout::Keyed(_) => (
            tr!(
                lang,
                "unknown kind of unit \"{shown}\"",
                "loại đơn vị \"{shown}\" không hợp lệ"
            ),
            tr!(
                lang,
                "write office, organisation or commune",
                "ghi office (cơ quan), organisation (đoàn thể) hoặc commune (xã)"
            ),
        ),
        Layout::Children {
            parent: "units", ..
        } => (
            tr!(
                lang,
                "no unit has the id \"{shown}\"",
                "không có đơn vị nào mang mã \"{shown}\""
            ),
            tr!(
                lang,
                "write the id of a unit of the sheet \"Đơn vị\"",
                "ghi mã của một đơn vị trong trang \"Đơn vị\""
            ),
        ),
        Layout::Children { .. } => (
            tr!(
                lang,
                "no dimension has the id \"{shown}\"",
                "không có cách phân tổ nào mang mã \"{shown}\""
            ),
            tr!(
                lang,
                "write the id of a dimension of the sheet \"Phân tổ\"",
                "ghi mã của một cách phân tổ trong trang \"Phân tổ\""
            ),
        ),
        _ => (
            tr!(
                lang,
                "no indicator has the id \"{shown}\"",
                "không có chỉ tiêu nào mang mã \"{shown}\""
            ),
            tr!(
                lang,
                "write the id of an indicator of the sheet \"Chỉ tiêu\"",
                "ghi mã của một chỉ tiêu trong trang \"Chỉ tiêu\""
            ),
        ),
    }
}

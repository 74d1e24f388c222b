//! The plan as a workbook: its sheets, their columns and the Vietnamese words of
//! their headers. The columns are made from the keys plan.toml may hold
//! ([`crate::plan::load::shape`]), so the workbook and plan.toml know the same
//! keys; the writer (`render::plan_workbook`) and the reader
//! (`plan::load::workbook`) both work from [`SHEETS`].

use crate::plan::load::shape::{BODY, ROOT, Shape, TEXT};

/// How the cells of a column are read and written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    /// A whole number (a year, an objective's number).
    Int,
    Number,
    Bool,
    /// Several texts in one cell, separated by `;`.
    List,
}

/// How a sheet holds its part of the plan.
#[derive(Debug)]
pub enum Layout {
    /// One row per value: the tables of one entry each (`[plan]`, `[schedule]`,
    /// `[report]`, `[previous]`), a column for the key and one for the value.
    Pairs(&'static [&'static str]),
    /// One row per entry of the array of tables at this path (`units`,
    /// `schedule.reports`).
    Rows(&'static str),
    /// One row per entry of the array `field` of the `parent` rows, the parent's
    /// id first (a unit's tasks, a dimension's groups).
    Children {
        parent: &'static str,
        field: &'static str,
    },
    /// Keys of the `parent` rows kept on a sheet of their own, by the parent's id
    /// (who reports what).
    Columns {
        parent: &'static str,
        fields: &'static [&'static str],
    },
    /// One row per entry of each array of a table, the array's key first
    /// (`[unit_tasks]`: the tasks of each kind of unit).
    Keyed(&'static str),
}

/// A sheet of the plan workbook.
#[derive(Debug)]
pub struct SheetDef {
    pub name: &'static str,
    pub layout: Layout,
    /// A plan cannot do without it.
    pub required: bool,
    /// What the sheet holds, for the instructions sheet.
    pub about: &'static str,
}

/// The sheet of instructions: written, never read.
pub const INSTRUCTIONS: &str = "Hướng dẫn";

/// The header of the key column of a [`Layout::Pairs`] sheet, and of its value.
pub const PAIR_HEADERS: [&str; 2] = ["Mục", "Giá trị"];

/// The sheets, in the order they are written.
pub const SHEETS: &[SheetDef] = &[
    SheetDef {
        name: "Thông tin chung",
        layout: Layout::Pairs(&["plan", "schedule", "report", "previous", "exchange"]),
        required: true,
        about: "Thông tin chung và văn bản: tên kế hoạch, cơ quan ban hành (ngày kết thúc, cơ quan kế nhiệm), số và ngày văn bản, căn cứ, mục tiêu chung, các năm, đơn vị đầu mối, kỳ báo cáo đầu và cuối, mẫu báo cáo (ký hiệu, địa danh, người ký), kế hoạch trước. Mỗi dòng một mục: cột A là tên mục, cột B là giá trị.",
    },
    SheetDef {
        name: "Kinh phí",
        layout: Layout::Rows("funding"),
        required: false,
        about: "Các nguồn kinh phí, mỗi dòng một đoạn của văn bản.",
    },
    SheetDef {
        name: "Nhiệm vụ",
        layout: Layout::Rows("tasks"),
        required: false,
        about: "Nhiệm vụ, giải pháp của kế hoạch, mỗi dòng một đoạn, kèm vị trí trong văn bản.",
    },
    SheetDef {
        name: "Nhiệm vụ theo loại",
        layout: Layout::Keyed("unit_tasks"),
        required: false,
        about: "Nhiệm vụ chung của mọi đơn vị cùng loại (office: cơ quan, organisation: đoàn thể, commune: xã, thị trấn).",
    },
    SheetDef {
        name: "Mục tiêu",
        layout: Layout::Rows("objectives"),
        required: true,
        about: "Các mục tiêu cụ thể, theo số thứ tự.",
    },
    SheetDef {
        name: "Chỉ tiêu",
        layout: Layout::Rows("indicators"),
        required: true,
        about: "Các chỉ tiêu: mục tiêu, chỉ tiêu cần đạt, phép so sánh, chiều tốt, cách tính, nhóm phân tổ, cách diễn đạt trong văn bản, giá trị cơ sở.",
    },
    SheetDef {
        name: "Phân công",
        layout: Layout::Columns {
            parent: "indicators",
            fields: &["responsible", "contributors"],
        },
        required: false,
        about: "Ai báo cáo gì: với mỗi chỉ tiêu, đơn vị chịu trách nhiệm và các đơn vị báo cáo số liệu (mã đơn vị, cách nhau bằng dấu ;).",
    },
    SheetDef {
        name: "Phân tổ",
        layout: Layout::Rows("dimensions"),
        required: false,
        about: "Các cách phân tổ số liệu (ví dụ theo giới tính).",
    },
    SheetDef {
        name: "Nhóm",
        layout: Layout::Children {
            parent: "dimensions",
            field: "groups",
        },
        required: false,
        about: "Các nhóm của mỗi cách phân tổ (ví dụ nữ, nam), theo mã phân tổ.",
    },
    SheetDef {
        name: "Đơn vị",
        layout: Layout::Rows("units"),
        required: false,
        about: "Các đơn vị báo cáo: mã, loại, tên, tên ngắn, mã hành chính, tên khác, ngày bắt đầu và kết thúc, đơn vị kế nhiệm, mã cũ, liên hệ.",
    },
    SheetDef {
        name: "Nhiệm vụ đơn vị",
        layout: Layout::Children {
            parent: "units",
            field: "tasks",
        },
        required: false,
        about: "Nhiệm vụ riêng của từng đơn vị, theo mã đơn vị.",
    },
    SheetDef {
        name: "Lịch báo cáo",
        layout: Layout::Rows("schedule.reports"),
        required: true,
        about: "Các kỳ báo cáo trong năm: kỳ, hạn nộp (tháng-ngày, ví dụ 06-05) và tên kỳ.",
    },
    SheetDef {
        name: "Báo cáo đột xuất",
        layout: Layout::Rows("schedule.ad_hoc"),
        required: false,
        about: "Các báo cáo đột xuất kế hoạch yêu cầu: tên, kỳ (năm hoặc 6 tháng), hạn nộp (YYYY-MM-DD), các đơn vị và chỉ tiêu được yêu cầu, căn cứ trong văn bản.",
    },
    SheetDef {
        name: "Đợt cao điểm",
        layout: Layout::Rows("campaigns"),
        required: false,
        about: "Các đợt cao điểm, tháng hành động: ngày bắt đầu, ngày kết thúc, tên.",
    },
    SheetDef {
        name: "Nơi nhận",
        layout: Layout::Rows("report.recipients"),
        required: false,
        about: "Nơi nhận báo cáo, kèm ngày kết thúc và nơi nhận kế nhiệm nếu có.",
    },
    SheetDef {
        name: "Chữ ký",
        layout: Layout::Rows("report.signature"),
        required: false,
        about: "Các dòng phía trên chữ ký (TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, …).",
    },
    SheetDef {
        name: "Chuyển giao",
        layout: Layout::Rows("transfers"),
        required: false,
        about: "Thay đổi theo thời gian: từ một ngày, nhiệm vụ về các chỉ tiêu chuyển từ đơn vị này sang đơn vị khác.",
    },
    SheetDef {
        name: "Kiểm tra",
        layout: Layout::Rows("checks"),
        required: false,
        about: "Các phép kiểm tra tính hợp lý của số liệu (cộng nhóm, khoảng giá trị, so sánh, thay đổi, giá trị bất thường).",
    },
    SheetDef {
        name: "Mã DHIS2 chỉ tiêu",
        layout: Layout::Rows("exchange.dhis2.indicators"),
        required: false,
        about: "Mã phần tử dữ liệu (data element) của hệ thống DHIS2 cấp trên cho mỗi chỉ tiêu: một mã, hoặc mã tử số và mã mẫu số của tỷ lệ.",
    },
    SheetDef {
        name: "Mã DHIS2 đơn vị",
        layout: Layout::Rows("exchange.dhis2.units"),
        required: false,
        about: "Mã đơn vị tổ chức (org unit) trên DHIS2 của mỗi đơn vị.",
    },
    SheetDef {
        name: "Mã DHIS2 nhóm",
        layout: Layout::Rows("exchange.dhis2.groups"),
        required: false,
        about: "Mã tổ hợp phân loại (category option combo) trên DHIS2 của mỗi nhóm phân tổ.",
    },
];

/// How many successors deep a body's columns go (a body's successor's successor…).
const BODY_DEPTH: usize = 3;

/// The shape at a dotted path from the root; an array gives its entries' shape.
pub fn shape_at(path: &str) -> Option<&'static Shape> {
    let mut shape = &ROOT;
    for segment in path.split('.') {
        let Shape::Table(fields) = shape else {
            return None;
        };
        shape = fields.iter().find(|(k, _)| *k == segment).map(|(_, s)| s)?;
        if let Shape::ArrayOf(inner) = shape {
            shape = inner;
        }
    }
    Some(shape)
}

/// The value columns of a sheet, as dotted keys of one of its entries (or, for
/// [`Layout::Pairs`], of the whole plan), in the order the keys are known.
pub fn columns(layout: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    match layout {
        Layout::Pairs(tables) => {
            for table in *tables {
                if let Some(shape) = shape_at(table) {
                    leaves(shape, table, 0, &mut out, &[]);
                }
            }
        }
        Layout::Rows(path) => {
            let excluded = claimed_by_columns(path);
            if let Some(shape) = shape_at(path) {
                leaves(shape, "", 0, &mut out, &excluded);
            }
        }
        Layout::Children { parent, field } => {
            if let Some(shape) = shape_at(&format!("{parent}.{field}")) {
                leaves(shape, "", 0, &mut out, &[]);
            }
        }
        Layout::Columns { fields, .. } => out.extend(fields.iter().map(|f| f.to_string())),
        Layout::Keyed(path) => {
            if let Some(Shape::Table(fields)) = shape_at(path)
                && let Some((_, Shape::ArrayOf(inner))) = fields.first()
            {
                leaves(inner, "", 0, &mut out, &[]);
            }
        }
    }
    out
}

/// The keys of `parent` rows that a [`Layout::Columns`] sheet holds instead.
fn claimed_by_columns(parent: &str) -> Vec<&'static str> {
    SHEETS
        .iter()
        .filter_map(|s| match &s.layout {
            Layout::Columns { parent: p, fields } if *p == parent => Some(*fields),
            _ => None,
        })
        .flatten()
        .copied()
        .collect()
}

fn joined(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// The dotted keys of the values under `shape`, arrays left to their own sheets.
fn leaves(shape: &Shape, prefix: &str, depth: usize, out: &mut Vec<String>, excluded: &[&str]) {
    match shape {
        Shape::Table(fields) => {
            for (key, inner) in *fields {
                if !matches!(inner, Shape::ArrayOf(_)) && !excluded.contains(key) {
                    leaves(inner, &joined(prefix, key), depth, out, &[]);
                }
            }
        }
        Shape::TextOrString => {
            out.push(prefix.to_string());
            leaves(&TEXT, prefix, depth, out, &[]);
        }
        Shape::Body => {
            if prefix.ends_with("signer") {
                out.push(prefix.to_string()); // a signer may be one name
            }
            if depth < BODY_DEPTH {
                leaves(&BODY, prefix, depth + 1, out, &[]);
            }
        }
        Shape::Leaf => out.push(prefix.to_string()),
        Shape::ArrayOf(_) => {}
    }
}

/// How the cells of the column with this dotted key are read and written.
pub fn kind(path: &str) -> Kind {
    // A DHIS2 indicator's `value` is a code, unlike a baseline's or a check's.
    if path == "value" {
        return Kind::Text;
    }
    match path.rsplit('.').next().unwrap_or(path) {
        "start_year" | "end_year" | "target_year" | "number" | "objective" | "year" => Kind::Int,
        "target" | "scale" | "threshold" | "value" | "min" | "max" | "max_change" | "factor" => {
            Kind::Number
        }
        "accumulates" | "no_cases" | "whole" | "coordination" | "confirmed" => Kind::Bool,
        "aliases"
        | "successors"
        | "former_ids"
        | "formed_from"
        | "formed_from_outside"
        | "contributors"
        | "units"
        | "indicators"
        | "left"
        | "right" => Kind::List,
        _ => Kind::Text,
    }
}

/// A key's word in a header.
fn word(key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, w, _)| w)
}

/// What a key means, for the instructions sheet.
pub fn meaning(key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, _, m)| m)
}

/// The header of a column: its key's words, `›` between levels, the language last.
pub fn label(path: &str) -> String {
    let mut segments: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
    let language = match segments.last() {
        Some(&"vi") => Some("tiếng Việt"),
        Some(&"en") => Some("tiếng Anh"),
        _ => None,
    };
    if language.is_some() {
        segments.pop();
    }
    let base: Vec<&str> = segments.iter().map(|s| word(s)).collect();
    let base = base.join(" › ");
    match (base.is_empty(), language) {
        (true, Some(language)) => capitalised(language),
        (false, Some(language)) => format!("{base} ({language})"),
        (_, None) => base,
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The header of the parent's id on a [`Layout::Children`] or
/// [`Layout::Columns`] sheet, and of the array's key on a [`Layout::Keyed`] one.
pub fn key_header(layout: &Layout) -> Option<&'static str> {
    match layout {
        Layout::Children {
            parent: "units", ..
        } => Some("Mã đơn vị"),
        Layout::Children { .. } => Some("Mã phân tổ"),
        Layout::Columns { .. } => Some("Mã chỉ tiêu"),
        Layout::Keyed(_) => Some("Loại đơn vị"),
        _ => None,
    }
}

/// The values a column may take, for a drop-down list.
pub fn choices(path: &str) -> Option<&'static [&'static str]> {
    let key = path.rsplit('.').next().unwrap_or(path);
    Some(match key {
        "kind" => &["office", "organisation", "commune"],
        "measure" => &crate::domain::measure::Measure::NAMES,
        "op" => &[">=", ">", "<=", "<", "=", "yes"],
        "direction" => &["higher", "lower"],
        "frequency" => &["round", "quarter"],
        "share_of" => &["units", "quarters"],
        "test" => &["groups", "range", "compare", "change", "outlier"],
        "period" => &["half-year", "year"],
        _ => return None,
    })
}

/// Whether a column holds one unit id (a drop-down of the units sheet's ids).
pub fn is_unit_id(path: &str) -> bool {
    matches!(
        path,
        "plan.coordinator" | "responsible" | "from" | "to" | "units"
    )
}

/// Each key: its header word and what it means, in Vietnamese.
const WORDS: &[(&str, &str, &str)] = &[
    ("plan", "Kế hoạch", "phần đầu của kế hoạch"),
    ("schedule", "Lịch báo cáo", "các kỳ báo cáo"),
    (
        "report",
        "Báo cáo",
        "cách đánh số, gửi và ký báo cáo của huyện",
    ),
    (
        "previous",
        "Kế hoạch trước",
        "kế hoạch giai đoạn trước (tệp plan.toml và tệp dữ liệu của nó, đường dẫn tính từ tệp kế hoạch này)",
    ),
    ("title", "Tên", "tên của văn bản"),
    ("issuer", "Cơ quan ban hành", "cơ quan ban hành kế hoạch"),
    (
        "ends",
        "Ngày kết thúc",
        "ngày cuối cùng, dạng YYYY-MM-DD (để trống nếu không có)",
    ),
    (
        "successor",
        "Kế nhiệm",
        "cơ quan, đơn vị kế nhiệm sau ngày kết thúc",
    ),
    (
        "document_number",
        "Số văn bản",
        "số của văn bản, như được viết",
    ),
    (
        "document_date",
        "Ngày văn bản",
        "địa danh và ngày của văn bản, như được viết",
    ),
    (
        "implements",
        "Căn cứ thực hiện",
        "văn bản mà kế hoạch này thực hiện",
    ),
    ("goal", "Mục tiêu chung", "mục tiêu tổng quát"),
    (
        "source",
        "Vị trí trong văn bản",
        "mục của văn bản gốc (ví dụ II.1)",
    ),
    ("start_year", "Năm bắt đầu", "năm đầu tiên của kế hoạch"),
    ("end_year", "Năm kết thúc", "năm cuối cùng của kế hoạch"),
    (
        "target_year",
        "Năm đạt chỉ tiêu",
        "năm mà các chỉ tiêu cần đạt",
    ),
    (
        "coordinator",
        "Đơn vị đầu mối",
        "mã của đơn vị đầu mối, nhận mọi báo cáo",
    ),
    (
        "budget",
        "Kinh phí (một đoạn)",
        "kinh phí viết thành một đoạn (chỉ khi không có trang Kinh phí)",
    ),
    (
        "first_period",
        "Kỳ đầu tiên",
        "kỳ báo cáo đầu tiên, ví dụ 2021-H1",
    ),
    (
        "last_period",
        "Kỳ cuối cùng",
        "kỳ báo cáo cuối cùng, ví dụ 2025",
    ),
    ("symbol", "Ký hiệu", "ký hiệu của báo cáo, ví dụ BC-UBND"),
    ("place", "Địa danh", "địa danh ghi ở đầu báo cáo"),
    ("recipients", "Nơi nhận", "nơi nhận báo cáo"),
    ("signature", "Chữ ký", "các dòng phía trên chữ ký"),
    ("signer", "Người ký", "người ký báo cáo"),
    ("data", "Tệp dữ liệu", "tệp dữ liệu của kế hoạch trước"),
    ("name", "Tên", "tên"),
    (
        "id",
        "Mã",
        "mã ngắn, không dấu, không trùng (ví dụ ban-bo, 1.1)",
    ),
    (
        "kind",
        "Loại",
        "office (cơ quan), organisation (đoàn thể) hoặc commune (xã, thị trấn)",
    ),
    ("short", "Tên ngắn", "tên viết gọn khi thiếu chỗ"),
    ("code", "Mã hành chính", "mã đơn vị hành chính"),
    (
        "aliases",
        "Tên khác",
        "các tên khác mà đơn vị có thể ghi, cách nhau bằng dấu ;",
    ),
    ("tasks", "Nhiệm vụ", "nhiệm vụ"),
    (
        "starts",
        "Ngày bắt đầu",
        "ngày đơn vị bắt đầu hoạt động, dạng YYYY-MM-DD",
    ),
    (
        "successors",
        "Đơn vị kế nhiệm",
        "mã các đơn vị kế nhiệm, cách nhau bằng dấu ;",
    ),
    (
        "former_ids",
        "Mã cũ",
        "các mã trước đây, cách nhau bằng dấu ;",
    ),
    (
        "formed_from",
        "Hình thành từ",
        "mã các đơn vị của kế hoạch trước đã hợp thành đơn vị này, cách nhau bằng dấu ;",
    ),
    (
        "formed_from_outside",
        "Hình thành từ (ngoài kế hoạch trước)",
        "tên các đơn vị ngoài kế hoạch trước cũng hợp thành đơn vị này, cách nhau bằng dấu ;",
    ),
    ("email", "Thư điện tử", "địa chỉ thư điện tử"),
    ("phone", "Điện thoại", "số điện thoại"),
    ("number", "Số", "số thứ tự của mục tiêu"),
    (
        "objective",
        "Mục tiêu số",
        "số của mục tiêu mà chỉ tiêu thuộc về",
    ),
    (
        "op",
        "Phép so sánh",
        ">=, >, <=, <, = hoặc yes (đạt khi có)",
    ),
    ("target", "Chỉ tiêu", "giá trị cần đạt"),
    ("unit_of_measure", "Đơn vị tính", "đơn vị tính, ví dụ %"),
    (
        "direction",
        "Chiều tốt",
        "higher (càng cao càng tốt) hoặc lower (càng thấp càng tốt)",
    ),
    (
        "measure",
        "Cách tính",
        "ratio (tỷ lệ), value (giá trị), yes/no (có/không) hoặc share (tỷ lệ đơn vị đạt)",
    ),
    (
        "scale",
        "Hệ số",
        "hệ số nhân của tỷ lệ, ví dụ 100 cho phần trăm",
    ),
    (
        "threshold",
        "Ngưỡng",
        "ngưỡng để một đơn vị được tính là đạt (cách tính share)",
    ),
    (
        "frequency",
        "Tần suất",
        "round (mỗi kỳ báo cáo) hoặc quarter (mỗi quý)",
    ),
    (
        "share_of",
        "Tỷ lệ của",
        "units (đơn vị) hoặc quarters (quý)",
    ),
    (
        "accumulates",
        "Cộng dồn",
        "TRUE nếu số liệu cộng dồn qua các kỳ",
    ),
    (
        "no_cases",
        "Có thể không có trường hợp",
        "FALSE nếu mẫu số không bao giờ bằng 0 (dân số): biểu mẫu không hướng dẫn ghi 0 và 0",
    ),
    ("whole", "Số nguyên", "TRUE nếu số liệu phải là số nguyên"),
    (
        "disaggregate_by",
        "Phân tổ theo",
        "mã của cách phân tổ (trang Phân tổ)",
    ),
    (
        "target_wording",
        "Chỉ tiêu theo văn bản",
        "chỉ tiêu như văn bản viết",
    ),
    (
        "definition",
        "Định nghĩa của công cụ",
        "cách công cụ hiểu chỉ tiêu, điều văn bản gốc không nói",
    ),
    (
        "part_of",
        "Thuộc chỉ tiêu",
        "mã chỉ tiêu của văn bản gốc mà mục này là một phần (chỉ tiêu có hai mức)",
    ),
    ("numerator", "Tử số", "tử số của tỷ lệ"),
    ("denominator", "Mẫu số", "mẫu số của tỷ lệ"),
    ("count", "Số đếm", "điều được đếm"),
    (
        "count_unit",
        "Đơn vị đếm",
        "đơn vị của số đếm, ví dụ tin, bài",
    ),
    ("baseline", "Giá trị cơ sở", "giá trị của năm gốc"),
    ("year", "Năm", "năm"),
    ("value", "Giá trị", "giá trị"),
    (
        "responsible",
        "Đơn vị chịu trách nhiệm",
        "mã của đơn vị chịu trách nhiệm về chỉ tiêu",
    ),
    (
        "contributors",
        "Đơn vị báo cáo số liệu",
        "mã các đơn vị báo cáo số liệu, cách nhau bằng dấu ;",
    ),
    (
        "previous_id",
        "Mã ở kế hoạch trước",
        "mã của chỉ tiêu này ở kế hoạch trước, nếu khác",
    ),
    (
        "period",
        "Kỳ",
        "kỳ báo cáo: H1 (6 tháng), Y (năm), Q1…Q4 (quý)",
    ),
    (
        "due",
        "Hạn nộp",
        "hạn nộp, dạng MM-DD (báo cáo đột xuất: YYYY-MM-DD)",
    ),
    (
        "due_day",
        "Ngày hết hạn",
        "on time (gửi đúng ngày hết hạn là đúng hạn) hoặc late (phải gửi trước ngày đó)",
    ),
    (
        "tasks_are",
        "Loại nhiệm vụ",
        "duties (kế hoạch giao) hoặc requests (kế hoạch đề nghị, như với Mặt trận Tổ quốc và các đoàn thể)",
    ),
    (
        "units",
        "Các đơn vị",
        "mã các đơn vị được yêu cầu, cách nhau bằng dấu ; (@commune: mọi xã)",
    ),
    ("start", "Bắt đầu", "ngày bắt đầu, dạng MM-DD"),
    ("end", "Kết thúc", "ngày kết thúc, dạng MM-DD"),
    ("date", "Ngày", "ngày có hiệu lực, dạng YYYY-MM-DD"),
    ("from", "Từ đơn vị", "mã của đơn vị chuyển đi"),
    ("to", "Sang đơn vị", "mã của đơn vị nhận"),
    (
        "indicators",
        "Các chỉ tiêu",
        "mã các chỉ tiêu, cách nhau bằng dấu ;",
    ),
    (
        "coordination",
        "Chuyển cả đầu mối",
        "TRUE nếu vai trò đầu mối cũng chuyển",
    ),
    (
        "confirmed",
        "Đã xác nhận",
        "FALSE nếu chưa có quyết định xác nhận thay đổi",
    ),
    ("basis", "Căn cứ", "căn cứ của thay đổi"),
    (
        "test",
        "Phép kiểm tra",
        "groups, range, compare, change hoặc outlier",
    ),
    ("indicator", "Chỉ tiêu", "mã chỉ tiêu được kiểm tra"),
    (
        "part",
        "Phần",
        "numerator (tử số), denominator (mẫu số) hoặc value",
    ),
    ("group", "Nhóm", "mã nhóm phân tổ"),
    (
        "exchange",
        "Trao đổi số liệu",
        "mã của hệ thống cấp trên, để xuất và nhận số liệu (gender-plan export, ingest)",
    ),
    ("dhis2", "DHIS2", "mã trên hệ thống DHIS2"),
    ("dimension", "Phân tổ", "mã cách phân tổ (ví dụ sex)"),
    (
        "data_set",
        "Bộ dữ liệu",
        "mã bộ dữ liệu (data set) trên DHIS2",
    ),
    (
        "org_unit",
        "Mã đơn vị DHIS2",
        "mã đơn vị tổ chức (org unit) trên DHIS2",
    ),
    (
        "category_option_combo",
        "Mã nhóm DHIS2",
        "mã tổ hợp phân loại (category option combo) trên DHIS2",
    ),
    ("min", "Nhỏ nhất", "giá trị nhỏ nhất hợp lý"),
    ("max", "Lớn nhất", "giá trị lớn nhất hợp lý"),
    (
        "max_change",
        "Thay đổi tối đa",
        "mức thay đổi tối đa so với kỳ trước (0,5 là 50%)",
    ),
    (
        "factor",
        "Hệ số bất thường",
        "bao nhiêu lần so với số liệu thường có của đơn vị",
    ),
    (
        "left",
        "Vế trái",
        "các chỉ tiêu/phần cộng lại ở vế trái, cách nhau bằng dấu ;",
    ),
    (
        "right",
        "Vế phải",
        "các chỉ tiêu/phần cộng lại ở vế phải, cách nhau bằng dấu ;",
    ),
    ("why", "Lý do", "vì sao phép kiểm tra này đúng"),
    ("groups", "Nhóm", "các nhóm"),
];

/// A sheet's content as written: its headers (with the dotted key of a value
/// column) and its rows of values.
#[derive(Debug, Default)]
pub struct Grid {
    pub headers: Vec<(String, Option<String>)>,
    pub rows: Vec<Vec<Option<toml::Value>>>,
}

/// The value at a dotted path of a table.
pub fn value_at<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut segments = path.split('.');
    let mut value = table.get(segments.next()?)?;
    for segment in segments {
        value = value.as_table()?.get(segment)?;
    }
    Some(value)
}

/// The entries of the array at a dotted path (none when absent).
fn entries<'a>(table: &'a toml::Table, path: &str) -> &'a [toml::Value] {
    value_at(table, path)
        .and_then(toml::Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The columns a sheet shows: those with a value in the plan, or for a blank
/// workbook all of them, a body's successor one level deep.
fn shown(columns: Vec<String>, rows: &[&toml::Table], blank: bool) -> Vec<String> {
    columns
        .into_iter()
        .filter(|c| match blank {
            true => c.matches("successor").count() <= 1,
            false => rows.iter().any(|r| value_at(r, c).is_some_and(is_leaf)),
        })
        .collect()
}

/// A value a cell holds: not a table (a body written as one name is a leaf).
fn is_leaf(value: &toml::Value) -> bool {
    !value.is_table()
}

/// The sheet's grid for `doc`, the plan as a TOML document (None: a blank workbook).
pub fn grid(sheet: &SheetDef, doc: Option<&toml::Table>) -> Grid {
    let empty = toml::Table::new();
    let blank = doc.is_none();
    let doc = doc.unwrap_or(&empty);
    match &sheet.layout {
        Layout::Pairs(_) => pairs_grid(&sheet.layout, doc, blank),
        Layout::Rows(path) => {
            let rows: Vec<&toml::Table> = entries(doc, path)
                .iter()
                .filter_map(|e| e.as_table())
                .collect();
            table_grid(None, &rows, shown(columns(&sheet.layout), &rows, blank))
        }
        Layout::Children { parent, field } => {
            let mut keyed = Vec::new();
            for entry in entries(doc, parent).iter().filter_map(|e| e.as_table()) {
                let id = entry.get("id").cloned();
                let children = entries(entry, field).iter().filter_map(|e| e.as_table());
                keyed.extend(children.map(|c| (id.clone(), c)));
            }
            keyed_grid(&sheet.layout, keyed, blank)
        }
        Layout::Columns { parent, fields } => {
            let keyed = entries(doc, parent)
                .iter()
                .filter_map(|e| e.as_table())
                .filter(|e| fields.iter().any(|f| e.contains_key(*f)) || blank)
                .map(|e| (e.get("id").cloned(), e))
                .collect();
            keyed_grid(&sheet.layout, keyed, blank)
        }
        Layout::Keyed(path) => {
            let mut keyed = Vec::new();
            if let Some(Shape::Table(kinds)) = shape_at(path) {
                for (kind, _) in *kinds {
                    let tasks = entries(doc, &format!("{path}.{kind}")).iter();
                    let key = Some(toml::Value::String(kind.to_string()));
                    keyed.extend(tasks.filter_map(|t| t.as_table()).map(|t| (key.clone(), t)));
                }
            }
            keyed_grid(&sheet.layout, keyed, blank)
        }
    }
}

/// A [`Layout::Pairs`] sheet: a row per value, its header's words then the value.
fn pairs_grid(layout: &Layout, doc: &toml::Table, blank: bool) -> Grid {
    let headers = PAIR_HEADERS.map(|h| (h.to_string(), None)).to_vec();
    let rows = shown(columns(layout), &[doc], blank)
        .into_iter()
        .map(|path| {
            let value = value_at(doc, &path).filter(|v| is_leaf(v)).cloned();
            vec![Some(toml::Value::String(label(&path))), value]
        })
        .collect();
    Grid { headers, rows }
}

/// Rows of tables, each after its key (a parent's id, a kind) when it has one.
fn keyed_grid(
    layout: &Layout,
    keyed: Vec<(Option<toml::Value>, &toml::Table)>,
    blank: bool,
) -> Grid {
    let rows: Vec<&toml::Table> = keyed.iter().map(|(_, t)| *t).collect();
    let mut grid = table_grid(
        key_header(layout),
        &rows,
        shown(columns(layout), &rows, blank),
    );
    for (row, (key, _)) in grid.rows.iter_mut().zip(keyed) {
        row[0] = key;
    }
    grid
}

fn table_grid(key: Option<&str>, rows: &[&toml::Table], columns: Vec<String>) -> Grid {
    let mut headers: Vec<(String, Option<String>)> =
        key.map(|k| (k.to_string(), None)).into_iter().collect();
    headers.extend(columns.iter().map(|c| (label(c), Some(c.clone()))));
    let rows = rows
        .iter()
        .map(|row| {
            let values = columns
                .iter()
                .map(|c| value_at(row, c).filter(|v| is_leaf(v)).cloned());
            key.map(|_| None).into_iter().chain(values).collect()
        })
        .collect();
    Grid { headers, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_header_and_no_two_headers_of_a_sheet_are_alike() {
        for sheet in SHEETS {
            let columns = columns(&sheet.layout);
            assert!(!columns.is_empty(), "{}", sheet.name);
            let mut labels: Vec<String> = columns.iter().map(|c| label(c)).collect();
            for (c, l) in columns.iter().zip(&labels) {
                assert!(!l.is_empty() && !l.contains(" ›  "), "{} {c}", sheet.name);
            }
            labels.sort();
            let n = labels.len();
            labels.dedup();
            assert_eq!(n, labels.len(), "{}: {labels:?}", sheet.name);
        }
    }

    /// Every value plan.toml may hold has a column on some sheet: nothing a plan
    /// says is dropped on its way through a workbook (as `[exchange.dhis2]` was).
    #[test]
    fn every_value_of_the_shape_has_a_column_on_a_sheet() {
        fn all(shape: &Shape, prefix: &str, out: &mut Vec<String>) {
            match shape {
                Shape::Table(fields) => {
                    for (key, inner) in *fields {
                        all(inner, &joined(prefix, key), out);
                    }
                }
                Shape::ArrayOf(inner) => all(inner, prefix, out),
                _ => out.push(prefix.to_string()),
            }
        }
        let mut every = Vec::new();
        all(&ROOT, "", &mut every);
        let mut covered: Vec<String> = Vec::new();
        for sheet in SHEETS {
            let base = match &sheet.layout {
                Layout::Pairs(_) => String::new(),
                Layout::Rows(path) | Layout::Keyed(path) => path.to_string(),
                Layout::Children { parent, field } => format!("{parent}.{field}"),
                Layout::Columns { parent, .. } => parent.to_string(),
            };
            // A keyed sheet's rows name which of the table's lists they belong to.
            let bases: Vec<String> = match (&sheet.layout, shape_at(&base)) {
                (Layout::Keyed(_), Some(Shape::Table(fields))) => {
                    fields.iter().map(|(k, _)| joined(&base, k)).collect()
                }
                _ => vec![base],
            };
            for base in &bases {
                covered.extend(columns(&sheet.layout).iter().map(|c| joined(base, c)));
            }
        }
        let missing: Vec<&String> = every
            .iter()
            .filter(|path| {
                !covered
                    .iter()
                    .any(|c| c == *path || c.starts_with(&format!("{path}.")))
            })
            .filter(|path| !path.contains("successor") && !path.starts_with("units_file"))
            .collect();
        assert!(missing.is_empty(), "values no sheet holds: {missing:?}");
    }

    #[test]
    fn every_key_of_the_plan_has_a_sheet() {
        let units = columns(&Layout::Rows("units"));
        assert!(units.contains(&"name.vi".to_string()), "{units:?}");
        assert!(!units.contains(&"tasks".to_string()));
        let pairs = columns(&SHEETS[0].layout);
        assert!(pairs.contains(&"plan.issuer.successor.vi".to_string()));
        assert!(pairs.contains(&"report.signer".to_string()));
        assert!(!pairs.iter().any(|p| p.starts_with("schedule.reports")));
        let indicators = columns(&Layout::Rows("indicators"));
        assert!(!indicators.contains(&"responsible".to_string()));
        assert!(indicators.contains(&"baseline.year".to_string()));
    }
}

//! The TOML reader: plan.toml's bytes, its syntax and types by the toml crate (the
//! span-keeping tree, unknown keys against `shape::ROOT`), and the toml crate's
//! messages in Vietnamese.

use super::*;

impl Validator<'_> {
    /// The raw plan from plan.toml's text: its syntax, its keys (against
    /// [`ROOT`]), its types, and the rows of its units file; None after
    /// reporting what stops the reading.
    pub(super) fn read_raw(&mut self, text: &str, folder: Option<&Path>) -> Option<RawPlan> {
        let lang = self.lang;
        let mut tree = match DeTable::parse(text) {
            Ok(tree) => tree,
            Err(e) => {
                self.error_at(
                    e.span().map_or(0, |s| s.start),
                    toml_message(&e, lang),
                    syntax_hint(lang),
                );
                return None;
            }
        };
        let units_file = units_file_named(tree.get_mut());
        self.check_keys(tree.get_ref(), &ROOT, "");
        // The typed pass reads the same tree: the text is parsed once.
        let mut raw: RawPlan =
            match serde::Deserialize::deserialize(toml::de::Deserializer::from(tree)) {
                Ok(raw) => raw,
                Err(e) => {
                    self.error_at(
                        e.span().map_or(0, |s| s.start),
                        toml_message(&e, lang),
                        type_hint(lang),
                    );
                    return None;
                }
            };
        if let Some(name) = units_file {
            self.read_units_file(&name, folder, &mut raw.units);
            if !self.problems.is_empty() {
                return None;
            }
        }
        Some(raw)
    }

    pub(super) fn check_keys(&mut self, table: &DeTable, shape: &Shape, path: &str) {
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

    pub(super) fn check_value(&mut self, value: &DeValue, shape: &Shape, path: &str) {
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
}

/// The plan's bytes: only a regular file, and not more than [`MAX_PLAN_BYTES`].
pub(super) fn read_plan_file(path: &Path, file: &str, lang: Lang) -> anyhow::Result<Vec<u8>> {
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

/// The TOML reader's message, in our words: as it is in English, translated in
/// Vietnamese (the reader's words: what it found, and what it expected there).
pub(super) fn toml_message(e: &toml::de::Error, lang: Lang) -> String {
    let message = e.message().trim().replace('\n', " ");
    match lang {
        Lang::En => message,
        Lang::Vi => toml_message_vi(&message),
    }
}

/// What the TOML reader says, and how a Vietnamese reader is told it.
pub(super) const TOML_PROBLEMS_VI: &[(&str, &str)] = &[
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
pub(super) fn toml_kind_vi(kind: &str) -> String {
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

pub(super) fn toml_message_vi(message: &str) -> String {
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

pub(super) fn syntax_hint(lang: Lang) -> String {
    tr!(
        lang,
        "check the quotes, brackets and `=` on that line; text values need double quotes",
        "kiểm tra dấu nháy, ngoặc và dấu `=` trên dòng đó; giá trị văn bản cần nằm trong dấu nháy kép"
    )
}

pub(super) fn type_hint(lang: Lang) -> String {
    tr!(
        lang,
        "compare this entry with the others of its kind in the shipped plan.toml",
        "so sánh mục này với các mục cùng loại trong tệp plan.toml mẫu"
    )
}

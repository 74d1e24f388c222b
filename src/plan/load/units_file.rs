//! The units file (`units = "units.csv"`): its rows read into `[[units]]` entries,
//! each value placed at its line of that file; and back into tables for the plan
//! workbook.

use super::*;

impl Validator<'_> {
    /// Reads the units file (`units = "units.csv"`, beside the plan) into
    /// `[[units]]` entries, each value placed at its line of that file.
    pub(super) fn read_units_file(
        &mut self,
        name: &Spanned<String>,
        folder: Option<&Path>,
        units: &mut Vec<Spanned<RawUnit>>,
    ) {
        let Some((shown, bytes)) = self.units_file_bytes(name, folder) else {
            return;
        };
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
        self.unit_rows(body, self.text.len() + 1 + skipped, units);
    }

    /// The units file's path as shown and its bytes: only a regular file, not
    /// larger than a plan may be.
    fn units_file_bytes(
        &mut self,
        name: &Spanned<String>,
        folder: Option<&Path>,
    ) -> Option<(String, Vec<u8>)> {
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
            return None;
        };
        Some((
            path.map_or_else(String::new, |p| p.display().to_string()),
            bytes,
        ))
    }

    /// The rows of the units file, each value placed from `base` on.
    fn unit_rows(&mut self, body: &[u8], base: usize, units: &mut Vec<Spanned<RawUnit>>) {
        let lang = self.lang;
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
    pub(super) fn unit_columns(
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

/// The name of the units file, when plan.toml gives one (`units = "units.csv"`)
/// instead of `[[units]]` tables; it is taken out of the tree, which then holds
/// what the typed pass reads.
pub(super) fn units_file_named(tree: &mut DeTable) -> Option<Spanned<String>> {
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
pub(super) const UNIT_COLUMNS: [&str; 12] = [
    "id", "kind", "name_vi", "name_en", "short_vi", "short_en", "code", "aliases", "starts",
    "ends", "email", "phone",
];

pub(super) fn units_file_hint(lang: Lang) -> String {
    tr!(
        lang,
        "the units file is a CSV with the header {} (aliases separated by ;, dates as YYYY-MM-DD)",
        "tệp đơn vị là tệp CSV với dòng tiêu đề {} (các tên khác cách nhau bằng dấu ;, ngày dạng YYYY-MM-DD)",
        UNIT_COLUMNS.join(",")
    )
}

/// A row of the units file as a `[[units]]` entry, its values placed at `at`.
pub(super) fn unit_of_row(
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
        tasks_are: None,
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

/// The rows of a units file as `[[units]]` tables.
pub(super) fn units_of_file(text: &str, name: &str, folder: &Path, lang: Lang) -> Vec<toml::Value> {
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
pub(super) fn unit_table(u: &RawUnit) -> toml::Value {
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

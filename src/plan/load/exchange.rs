//! `[exchange.dhis2]`: the codes a DHIS2 instance above knows this plan's
//! indicators, units and groups by, for `gender-plan export`.
//!
//! ```toml
//! [exchange.dhis2]
//! data_set = "GE_DISTRICT"
//!
//! [[exchange.dhis2.indicators]]
//! id = "6.1"                       # a ratio: its two parts
//! numerator = "GE_6_1_NUM"
//! denominator = "GE_6_1_DEN"
//!
//! [[exchange.dhis2.indicators]]
//! id = "1.1"                       # any other: its one value
//! value = "GE_1_1"
//!
//! [[exchange.dhis2.units]]
//! id = "ban-bo"
//! org_unit = "VN_LC_TD_BANBO"
//!
//! [[exchange.dhis2.groups]]
//! dimension = "sex"
//! group = "female"
//! category_option_combo = "FEMALE"
//! ```
//!
//! Every id must be one of the plan's; every code must be written.

use super::*;

#[derive(Deserialize, Default)]
pub(super) struct RawExchange {
    dhis2: Option<Spanned<RawDhis2>>,
}

#[derive(Deserialize)]
struct RawDhis2 {
    data_set: Option<Spanned<String>>,
    #[serde(default)]
    indicators: Vec<Spanned<RawElementCodes>>,
    #[serde(default)]
    units: Vec<RawUnitCode>,
    #[serde(default)]
    groups: Vec<RawGroupCode>,
}

#[derive(Deserialize)]
struct RawElementCodes {
    id: Spanned<String>,
    value: Option<Spanned<String>>,
    numerator: Option<Spanned<String>>,
    denominator: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawUnitCode {
    id: Spanned<String>,
    org_unit: Spanned<String>,
}

#[derive(Deserialize)]
struct RawGroupCode {
    dimension: Spanned<String>,
    group: Spanned<String>,
    category_option_combo: Spanned<String>,
}

impl Validator<'_> {
    /// `[exchange.dhis2]`, each id known and each code written; None when the
    /// plan has no such table.
    pub(super) fn dhis2(
        &mut self,
        raw: &RawExchange,
        units: &[Unit],
        indicators: &[Indicator],
        dimensions: &[Dimension],
    ) -> Option<Dhis2Codes> {
        let raw = raw.dhis2.as_ref()?.get_ref();
        let mut codes = Dhis2Codes {
            data_set: raw.data_set.as_ref().and_then(|d| self.code(d, "data_set")),
            ..Dhis2Codes::default()
        };
        for entry in &raw.indicators {
            if let Some((index, elements)) = self.element_codes(entry, indicators) {
                codes.indicators.insert(index, elements);
            }
        }
        for entry in &raw.units {
            if let Some((index, code)) = self.org_unit_code(entry, units) {
                codes.units.insert(index, code);
            }
        }
        for entry in &raw.groups {
            if let Some((key, code)) = self.group_code(entry, dimensions) {
                codes.groups.insert(key, code);
            }
        }
        Some(codes)
    }

    /// A code as written; None after reporting an empty one.
    fn code(&mut self, at: &Spanned<String>, key: &str) -> Option<String> {
        let lang = self.lang;
        let code = at.get_ref().trim();
        if code.is_empty() {
            self.error(
                at,
                tr!(
                    lang,
                    "`{key}` in [exchange.dhis2] is empty",
                    "`{key}` trong `[exchange.dhis2]` để trống"
                ),
                tr!(
                    lang,
                    "write the code DHIS2 knows it by, or leave the key out",
                    "viết mã mà DHIS2 dùng, hoặc bỏ khóa này đi"
                ),
            );
            return None;
        }
        Some(code.to_string())
    }

    /// One `[[exchange.dhis2.indicators]]`: a known indicator, and the codes its
    /// measure needs (a ratio's two parts, any other's one value).
    fn element_codes(
        &mut self,
        entry: &Spanned<RawElementCodes>,
        indicators: &[Indicator],
    ) -> Option<(u16, ElementCodes)> {
        let raw = entry.get_ref();
        let id = raw.id.get_ref().trim();
        let Some(index) = indicators.iter().position(|i| i.id == id) else {
            self.unknown_exchange_indicator(&raw.id, indicators);
            return None;
        };
        let ratio = matches!(indicators[index].measure, Measure::Ratio { .. });
        let elements = match (ratio, &raw.value, &raw.numerator, &raw.denominator) {
            (true, None, Some(n), Some(d)) => ElementCodes::Ratio {
                numerator: self.code(n, "numerator")?,
                denominator: self.code(d, "denominator")?,
            },
            (false, Some(v), None, None) => ElementCodes::Value(self.code(v, "value")?),
            _ => {
                self.wrong_element_keys(&raw.id, ratio);
                return None;
            }
        };
        Some((index as u16, elements))
    }

    fn unknown_exchange_indicator(&mut self, at: &Spanned<String>, indicators: &[Indicator]) {
        let lang = self.lang;
        let id = at.get_ref().trim();
        let hint = match nearest(id, indicators.iter().map(|i| i.id.as_str())) {
            Some(close) => tr!(
                lang,
                "did you mean \"{close}\"? Use the ids of [[indicators]]",
                "có phải ý bạn là \"{close}\"? Dùng mã chỉ tiêu trong `[[indicators]]`"
            ),
            None => tr!(
                lang,
                "use the ids of [[indicators]]",
                "dùng mã chỉ tiêu trong `[[indicators]]`"
            ),
        };
        self.error(
            at,
            tr!(
                lang,
                "unknown indicator \"{id}\" in [[exchange.dhis2.indicators]]",
                "chỉ tiêu \"{id}\" trong `[[exchange.dhis2.indicators]]` không có trong kế hoạch"
            ),
            hint,
        );
    }

    fn wrong_element_keys(&mut self, at: &Spanned<String>, ratio: bool) {
        let lang = self.lang;
        let id = at.get_ref().trim();
        let (message, hint) = if ratio {
            (
                tr!(
                    lang,
                    "indicator {id} is a ratio: its numerator and denominator are two data elements",
                    "chỉ tiêu {id} là một tỷ lệ: tử số và mẫu số là hai phần tử dữ liệu"
                ),
                tr!(
                    lang,
                    "write `numerator = \"…\"` and `denominator = \"…\"`, and no `value`",
                    "ghi `numerator = \"…\"` và `denominator = \"…\"`, không ghi `value`"
                ),
            )
        } else {
            (
                tr!(
                    lang,
                    "indicator {id} is not a ratio: it has one data element",
                    "chỉ tiêu {id} không phải tỷ lệ: chỉ có một phần tử dữ liệu"
                ),
                tr!(
                    lang,
                    "write `value = \"…\"`, and no `numerator` or `denominator`",
                    "ghi `value = \"…\"`, không ghi `numerator` hay `denominator`"
                ),
            )
        };
        self.error(at, message, hint);
    }

    /// One `[[exchange.dhis2.units]]`: a known unit and its code.
    fn org_unit_code(&mut self, entry: &RawUnitCode, units: &[Unit]) -> Option<(u16, String)> {
        let unit_ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let index = unit_ids
            .iter()
            .position(|id| *id == entry.id.get_ref().trim());
        if index.is_none() {
            self.unknown_unit(&entry.id, "[[exchange.dhis2.units]]", &unit_ids);
        }
        let code = self.code(&entry.org_unit, "org_unit");
        Some((index? as u16, code?))
    }

    /// One `[[exchange.dhis2.groups]]`: a group of a known dimension, and its code.
    fn group_code(
        &mut self,
        entry: &RawGroupCode,
        dimensions: &[Dimension],
    ) -> Option<((String, String), String)> {
        let lang = self.lang;
        let dimension_id = entry.dimension.get_ref().trim();
        let group_id = entry.group.get_ref().trim();
        let Some(dimension) = dimensions.iter().find(|d| d.id == dimension_id) else {
            let known: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
            let known = known.join(", ");
            self.error(
                &entry.dimension,
                tr!(
                    lang,
                    "unknown dimension \"{dimension_id}\" in [[exchange.dhis2.groups]]",
                    "chiều phân tổ \"{dimension_id}\" trong `[[exchange.dhis2.groups]]` không có trong kế hoạch"
                ),
                tr!(
                    lang,
                    "use the id of one of [[dimensions]]: {known}",
                    "dùng mã của một chiều phân tổ trong `[[dimensions]]`: {known}"
                ),
            );
            return None;
        };
        if !dimension.groups.iter().any(|g| g.id == group_id) {
            let known: Vec<&str> = dimension.groups.iter().map(|g| g.id.as_str()).collect();
            let known = known.join(", ");
            self.error(
                &entry.group,
                tr!(
                    lang,
                    "dimension \"{dimension_id}\" has no group \"{group_id}\"",
                    "chiều phân tổ \"{dimension_id}\" không có nhóm \"{group_id}\""
                ),
                tr!(
                    lang,
                    "use one of its groups: {known}",
                    "dùng một trong các nhóm của nó: {known}"
                ),
            );
            return None;
        }
        let code = self.code(&entry.category_option_combo, "category_option_combo")?;
        Some(((dimension_id.to_string(), group_id.to_string()), code))
    }
}

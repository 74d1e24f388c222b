//! `[[checks]]`: the plan's plausibility rules ([`crate::domain::plausibility`]),
//! read and checked one field at a time, every problem at its line.
//!
//! ```toml
//! [[checks]]
//! id = "population-change"
//! test = "change"          # groups, range, compare, change or outlier
//! indicator = "6.1"
//! part = "denominator"     # value (default), numerator or denominator
//! max_change = 0.2         # 20 % from the unit's figure of the period before
//! why = { vi = "…", en = "…" }
//! ```

use super::Validator;
use crate::domain::measure::{Measure, Op};
use crate::domain::plausibility::{Operand, Part, Rule, Test};
use crate::i18n::Text;
use crate::plan::{Dimension, Indicator};
use crate::tr;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
pub(super) struct RawCheck {
    id: Spanned<String>,
    test: Spanned<String>,
    indicator: Option<Spanned<String>>,
    part: Option<Spanned<String>>,
    group: Option<Spanned<String>>,
    min: Option<Spanned<f64>>,
    max: Option<Spanned<f64>>,
    max_change: Option<Spanned<f64>>,
    factor: Option<Spanned<f64>>,
    #[serde(default)]
    left: Vec<Spanned<String>>,
    op: Option<Spanned<String>>,
    #[serde(default)]
    right: Vec<Spanned<String>>,
    why: Option<Text>,
}

/// What the checks may name.
struct Names<'a> {
    indicators: &'a [Indicator],
    dimensions: &'a [Dimension],
}

impl Validator<'_> {
    /// Every rule, or the problems of the ones that cannot be read.
    pub(super) fn checks(
        &mut self,
        raw: &[Spanned<RawCheck>],
        indicators: &[Indicator],
        dimensions: &[Dimension],
    ) -> Vec<Rule> {
        let names = Names {
            indicators,
            dimensions,
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut rules = Vec::new();
        for spanned in raw {
            let c = spanned.get_ref();
            let id = c.id.get_ref().trim();
            if seen.contains(&id) {
                self.duplicate_check(&c.id);
            }
            seen.push(id);
            if let Some(test) = self.check_test(spanned, &names) {
                rules.push(Rule {
                    id: id.to_string(),
                    test,
                    why: c.why.clone(),
                });
            }
        }
        rules
    }

    fn duplicate_check(&mut self, id: &Spanned<String>) {
        let lang = self.lang;
        let text = id.get_ref().trim();
        self.error(
            id,
            tr!(
                lang,
                "duplicate check id \"{text}\"",
                "mã kiểm tra \"{text}\" bị trùng"
            ),
            tr!(
                lang,
                "give every [[checks]] entry its own id",
                "đặt cho mỗi mục [[checks]] một mã riêng"
            ),
        );
    }

    /// The test a check names, with the fields it needs.
    fn check_test(&mut self, spanned: &Spanned<RawCheck>, names: &Names) -> Option<Test> {
        let c = spanned.get_ref();
        match c.test.get_ref().trim() {
            "groups" => self.groups_test(spanned, names),
            "range" => {
                let operand = self.check_operand(spanned, names)?;
                if c.min.is_none() && c.max.is_none() {
                    self.missing_field(spanned, "min = N, max = N");
                    return None;
                }
                Some(Test::Range {
                    operand,
                    min: c.min.as_ref().map(|m| *m.get_ref()),
                    max: c.max.as_ref().map(|m| *m.get_ref()),
                })
            }
            "compare" => self.compare_test(spanned, names),
            "change" => {
                let operand = self.check_operand(spanned, names)?;
                let max_share =
                    self.positive(spanned, c.max_change.as_ref(), "max_change = 0.2")?;
                Some(Test::Change { operand, max_share })
            }
            "outlier" => {
                let operand = self.check_operand(spanned, names)?;
                let factor = self.positive(spanned, c.factor.as_ref(), "factor = 3")?;
                if factor < 1.0 {
                    self.below_one(c.factor.as_ref()?);
                    return None;
                }
                Some(Test::Outlier { operand, factor })
            }
            other => {
                let lang = self.lang;
                self.error(
                    &c.test,
                    tr!(lang, "unknown test \"{other}\" in [[checks]]", "phép kiểm tra \"{other}\" trong [[checks]] không hợp lệ"),
                    tr!(lang, "use one of \"groups\", \"range\", \"compare\", \"change\" or \"outlier\"", "dùng một trong \"groups\", \"range\", \"compare\", \"change\" hoặc \"outlier\""),
                );
                None
            }
        }
    }

    fn groups_test(&mut self, spanned: &Spanned<RawCheck>, names: &Names) -> Option<Test> {
        let c = spanned.get_ref();
        let Some(at) = &c.indicator else {
            self.missing_field(spanned, "indicator = \"5.2a\"");
            return None;
        };
        let indicator = self.check_indicator(at, names)?;
        if names.indicators[indicator as usize]
            .disaggregation
            .is_none()
        {
            let lang = self.lang;
            let id = at.get_ref().trim();
            self.error(
                at,
                tr!(
                    lang,
                    "indicator {id} is not broken down by group: it has no groups to add up",
                    "chỉ tiêu {id} không báo cáo theo nhóm: không có nhóm nào để cộng"
                ),
                tr!(
                    lang,
                    "name an indicator with `disaggregate_by`",
                    "chọn một chỉ tiêu có `disaggregate_by`"
                ),
            );
            return None;
        }
        Some(Test::GroupsAddUp { indicator })
    }

    fn compare_test(&mut self, spanned: &Spanned<RawCheck>, names: &Names) -> Option<Test> {
        let c = spanned.get_ref();
        let lang = self.lang;
        if c.left.is_empty() || c.right.is_empty() {
            self.missing_field(
                spanned,
                "left = [\"4.1 numerator\"], right = [\"4.2 denominator\"]",
            );
            return None;
        }
        let Some(op_at) = &c.op else {
            self.missing_field(spanned, "op = \"<=\"");
            return None;
        };
        let op = Op::parse(op_at.get_ref()).filter(|op| *op != Op::Yes);
        if op.is_none() {
            let text = op_at.get_ref();
            self.error(
                op_at,
                tr!(
                    lang,
                    "unknown comparison \"{text}\" in [[checks]]",
                    "phép so sánh \"{text}\" trong [[checks]] không hợp lệ"
                ),
                tr!(
                    lang,
                    "use one of \">=\", \">\", \"<=\", \"<\" or \"=\"",
                    "dùng một trong \">=\", \">\", \"<=\", \"<\" hoặc \"=\""
                ),
            );
        }
        let left: Vec<Option<Operand>> =
            c.left.iter().map(|o| self.operand_text(o, names)).collect();
        let right: Vec<Option<Operand>> = c
            .right
            .iter()
            .map(|o| self.operand_text(o, names))
            .collect();
        let left: Option<Vec<Operand>> = left.into_iter().collect();
        let right: Option<Vec<Operand>> = right.into_iter().collect();
        Some(Test::Compare {
            left: left?,
            op: op?,
            right: right?,
        })
    }

    /// `indicator`, `part` and `group` of a single-figure test.
    fn check_operand(&mut self, spanned: &Spanned<RawCheck>, names: &Names) -> Option<Operand> {
        let c = spanned.get_ref();
        let Some(at) = &c.indicator else {
            self.missing_field(spanned, "indicator = \"6.1\"");
            return None;
        };
        let indicator = self.check_indicator(at, names)?;
        let part = match &c.part {
            Some(p) => self.check_part(p, p.get_ref(), names, indicator)?,
            None => Part::Value,
        };
        let group = match &c.group {
            Some(g) => self.check_group(g, g.get_ref(), names, indicator)?,
            None => 0,
        };
        Some(Operand {
            indicator,
            group,
            part,
        })
    }

    /// "4.1 numerator" or "5.2a numerator female": an indicator, its part, a group.
    fn operand_text(&mut self, at: &Spanned<String>, names: &Names) -> Option<Operand> {
        let words: Vec<&str> = at.get_ref().split_whitespace().collect();
        let (id, part, group) = match words.as_slice() {
            [id] => (*id, None, None),
            [id, part] => (*id, Some(*part), None),
            [id, part, group] => (*id, Some(*part), Some(*group)),
            _ => {
                let lang = self.lang;
                self.error(
                    at,
                    tr!(lang, "cannot read \"{}\" as a figure", "không đọc được \"{}\" thành một số liệu", at.get_ref()),
                    tr!(lang, "write the indicator id, then value, numerator or denominator, then a group if any: \"4.1 numerator\", \"5.2a denominator female\"", "viết mã chỉ tiêu, rồi value, numerator hoặc denominator, rồi nhóm nếu có: \"4.1 numerator\", \"5.2a denominator female\""),
                );
                return None;
            }
        };
        let indicator = self.indicator_named(at, id, names)?;
        let part = match part {
            Some(p) => self.check_part(at, p, names, indicator)?,
            None => Part::Value,
        };
        let group = match group {
            Some(g) => self.check_group(at, g, names, indicator)?,
            None => 0,
        };
        Some(Operand {
            indicator,
            group,
            part,
        })
    }

    fn check_indicator(&mut self, at: &Spanned<String>, names: &Names) -> Option<u16> {
        self.indicator_named(at, at.get_ref().trim(), names)
    }

    fn indicator_named(&mut self, at: &Spanned<String>, id: &str, names: &Names) -> Option<u16> {
        let found = names.indicators.iter().position(|i| i.id == id);
        if found.is_none() {
            let lang = self.lang;
            let ids = names.indicators.iter().map(|i| i.id.as_str());
            let hint = match crate::diagnostic::nearest(id, ids) {
                Some(close) => tr!(
                    lang,
                    "did you mean \"{close}\"?",
                    "có phải ý bạn là \"{close}\"?"
                ),
                None => tr!(
                    lang,
                    "use the id of an indicator of [[indicators]]",
                    "dùng mã của một chỉ tiêu trong [[indicators]]"
                ),
            };
            self.error(
                at,
                tr!(
                    lang,
                    "unknown indicator \"{id}\" in [[checks]]",
                    "chỉ tiêu \"{id}\" trong [[checks]] không có trong kế hoạch"
                ),
                hint,
            );
        }
        found.map(|i| i as u16)
    }

    /// A part the indicator's figures have: a ratio has all three, a value only
    /// its value.
    fn check_part<T>(
        &mut self,
        at: &Spanned<T>,
        text: &str,
        names: &Names,
        indicator: u16,
    ) -> Option<Part> {
        let lang = self.lang;
        let ind = &names.indicators[indicator as usize];
        let part = Part::parse(text);
        let fits = matches!(
            (part, ind.measure),
            (Some(_), Measure::Ratio { .. })
                | (Some(Part::Value), Measure::Value | Measure::Share { .. })
        );
        if !fits {
            let id = &ind.id;
            self.error(
                at,
                tr!(lang, "indicator {id} has no part \"{text}\"", "chỉ tiêu {id} không có phần \"{text}\""),
                tr!(lang, "a ratio has value, numerator and denominator; a value or a count only value; a yes/no answer none", "chỉ tiêu tỷ lệ có value, numerator và denominator; chỉ tiêu giá trị hoặc số đếm chỉ có value; chỉ tiêu có/không không có phần nào"),
            );
            return None;
        }
        part
    }

    /// A group of the indicator's breakdown, by id: 1-based, as figures carry it.
    fn check_group<T>(
        &mut self,
        at: &Spanned<T>,
        text: &str,
        names: &Names,
        indicator: u16,
    ) -> Option<u8> {
        let lang = self.lang;
        let ind = &names.indicators[indicator as usize];
        let groups = ind
            .disaggregation
            .map(|d| &names.dimensions[d as usize].groups[..])
            .unwrap_or_default();
        let found = groups.iter().position(|g| g.id == text.trim());
        if found.is_none() {
            let id = &ind.id;
            let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
            self.error(
                at,
                tr!(
                    lang,
                    "indicator {id} has no group \"{text}\"",
                    "chỉ tiêu {id} không có nhóm \"{text}\""
                ),
                tr!(
                    lang,
                    "its groups: {}",
                    "các nhóm của chỉ tiêu: {}",
                    if known.is_empty() {
                        "-".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            );
        }
        found.map(|g| g as u8 + 1)
    }

    fn positive(
        &mut self,
        spanned: &Spanned<RawCheck>,
        field: Option<&Spanned<f64>>,
        example: &str,
    ) -> Option<f64> {
        let Some(at) = field else {
            self.missing_field(spanned, example);
            return None;
        };
        let value = *at.get_ref();
        if value > 0.0 && value.is_finite() {
            return Some(value);
        }
        let lang = self.lang;
        self.error(
            at,
            tr!(lang, "{value} must be above 0", "{value} phải lớn hơn 0"),
            tr!(lang, "for example {example}", "ví dụ {example}"),
        );
        None
    }

    fn below_one(&mut self, at: &Spanned<f64>) {
        let lang = self.lang;
        let value = at.get_ref();
        self.error(
            at,
            tr!(
                lang,
                "factor {value} must be at least 1",
                "hệ số factor {value} phải từ 1 trở lên"
            ),
            tr!(
                lang,
                "3 means from a third of the lowest earlier figure to three times the highest",
                "3 nghĩa là từ một phần ba số liệu thấp nhất đến ba lần số liệu cao nhất trước đây"
            ),
        );
    }

    fn missing_field(&mut self, spanned: &Spanned<RawCheck>, example: &str) {
        let lang = self.lang;
        let (id, test) = (
            spanned.get_ref().id.get_ref(),
            spanned.get_ref().test.get_ref(),
        );
        self.error(
            spanned,
            tr!(
                lang,
                "check \"{id}\" ({test}) lacks a field it needs",
                "mục kiểm tra \"{id}\" ({test}) thiếu trường cần có"
            ),
            tr!(lang, "add {example}", "thêm {example}"),
        );
    }
}

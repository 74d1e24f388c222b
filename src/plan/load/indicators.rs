//! `[[objectives]]`, `[[indicators]]` and `[[dimensions]]`: each indicator's
//! objective, measure, target, groups, responsible unit and contributors.

use super::*;

impl Validator<'_> {
    /// `[[objectives]]`, each number once.
    pub(super) fn objectives(&mut self, raw: &[Spanned<RawObjective>]) -> Vec<Objective> {
        let lang = self.lang;
        let mut objectives: Vec<Objective> = Vec::new();
        for o in raw {
            let o = o.get_ref();
            let number = *o.number.get_ref();
            if objectives.iter().any(|x| x.number == number) {
                self.error(
                    &o.number,
                    tr!(
                        lang,
                        "duplicate objective number {number}",
                        "số mục tiêu {number} bị trùng"
                    ),
                    tr!(
                        lang,
                        "number the objectives 1, 2, 3, … once each",
                        "đánh số các mục tiêu 1, 2, 3, … mỗi số một lần"
                    ),
                );
            }
            objectives.push(Objective {
                number,
                title: o.title.clone(),
            });
        }
        objectives
    }

    /// `[[indicators]]`, each id once.
    pub(super) fn indicators(
        &mut self,
        raw: &[Spanned<RawIndicator>],
        known: &Known,
    ) -> Vec<Indicator> {
        let lang = self.lang;
        let mut indicators: Vec<Indicator> = Vec::new();
        let mut first_places: HashMap<String, String> = HashMap::new();
        for spanned in raw {
            let i = spanned.get_ref();
            let id = i.id.get_ref().trim().to_string();
            if let Some(first) = first_places.get(&id) {
                self.error(
                    &i.id,
                    tr!(
                        lang,
                        "duplicate indicator id \"{id}\"",
                        "mã chỉ tiêu \"{id}\" bị trùng"
                    ),
                    tr!(
                        lang,
                        "the first one is {first}; split targets as \"3.2a\" and \"3.2b\"",
                        "mã này đã dùng {first}; tách chỉ tiêu thành \"3.2a\" và \"3.2b\""
                    ),
                );
            }
            first_places.insert(id.clone(), self.place_words(i.id.span().start));
            indicators.push(self.indicator(i, id, known));
        }
        indicators
    }

    /// One `[[indicators]]` entry, checked field by field.
    pub(super) fn indicator(&mut self, i: &RawIndicator, id: String, known: &Known) -> Indicator {
        let objective = self.objective_of(i, &id, known);
        let op = self.op(i, &id);
        let direction = self.direction(i, &id);
        let measure = self.measure(i, &id);
        let whole = self.whole(i, &id, measure);
        self.check_measure_fields(i, &id, measure);
        self.check_target(i, &id, op, measure);
        let responsible = self.responsible(i, &id, known);
        let unique = self.contributors(i, &id, known);
        let disaggregation =
            self.disaggregation(i.disaggregate_by.as_ref(), known.dimensions, &id, measure);
        Indicator {
            id,
            objective,
            name: i.name.clone(),
            op,
            target: i.target.as_ref().map(|t| *t.get_ref()),
            unit_of_measure: match &i.unit_of_measure {
                RawUom::Plain(s) => Text {
                    en: s.clone(),
                    vi: s.clone(),
                },
                RawUom::Text(t) => t.clone(),
            },
            direction,
            frequency: measure.frequency(),
            measure,
            numerator: i.numerator.clone(),
            denominator: i.denominator.clone(),
            count: i.count.clone(),
            count_unit: i.count_unit.clone(),
            baseline: i
                .baseline
                .as_ref()
                .map(|b| (b.get_ref().year, b.get_ref().value)),
            accumulates: i.accumulates,
            no_cases: i.no_cases.unwrap_or(true),
            whole,
            former_ids: i.former_ids.iter().map(|f| f.trim().to_string()).collect(),
            disaggregation,
            target_wording: i.target_wording.clone(),
            definition: i.definition.clone(),
            part_of: i.part_of.as_ref().map(|p| p.get_ref().trim().to_string()),
            responsible,
            contributor_units: unit_indices(&unique, known),
            contributors: unique,
        }
    }

    /// An indicator's comparison with its target.
    fn op(&mut self, i: &RawIndicator, id: &str) -> Op {
        let lang = self.lang;
        Op::parse(i.op.get_ref()).unwrap_or_else(|| {
            let text = i.op.get_ref();
            self.error(
                &i.op,
                tr!(
                    lang,
                    "unknown operator \"{text}\" in indicator {id}",
                    "phép so sánh \"{text}\" của chỉ tiêu {id} không hợp lệ"
                ),
                tr!(
                    lang,
                    "use one of \">=\", \">\", \"<=\", \"<\", \"=\" or \"yes\"",
                    "dùng một trong \">=\", \">\", \"<=\", \"<\", \"=\" hoặc \"yes\""
                ),
            );
            Op::Ge
        })
    }

    /// Whether more or less is better.
    fn direction(&mut self, i: &RawIndicator, id: &str) -> Direction {
        let lang = self.lang;
        Direction::parse(i.direction.get_ref()).unwrap_or_else(|| {
            let text = i.direction.get_ref();
            self.error(
                &i.direction,
                tr!(
                    lang,
                    "unknown direction \"{text}\" in indicator {id}",
                    "hướng \"{text}\" của chỉ tiêu {id} không hợp lệ"
                ),
                tr!(
                    lang,
                    "use \"higher\" (more is better) or \"lower\" (less is better)",
                    "dùng \"higher\" (càng cao càng tốt) hoặc \"lower\" (càng thấp càng tốt)"
                ),
            );
            Direction::Higher
        })
    }

    /// The objective an indicator names, which must be declared.
    pub(super) fn objective_of(&mut self, i: &RawIndicator, id: &str, known: &Known) -> u32 {
        let lang = self.lang;
        let objective = *i.objective.get_ref();
        if !known.objectives.iter().any(|o| o.number == objective) {
            self.error(
                &i.objective,
                tr!(
                    lang,
                    "indicator {id} names objective {objective}, which is not declared",
                    "chỉ tiêu {id} thuộc mục tiêu {objective}, mục tiêu này chưa được khai báo"
                ),
                tr!(
                    lang,
                    "add it under [[objectives]] or correct the number",
                    "khai báo mục tiêu ở [[objectives]] hoặc sửa lại số"
                ),
            );
        }
        objective
    }

    /// Whether the indicator's numbers are whole: as plan.toml says, or by its
    /// measure (ratios and shares count things; a value is measured). A yes/no
    /// answer has no numbers to say it of.
    pub(super) fn whole(&mut self, i: &RawIndicator, id: &str, measure: Measure) -> bool {
        let by_measure = matches!(measure, Measure::Ratio { .. } | Measure::Share { .. });
        let Some(whole) = &i.whole else {
            return by_measure;
        };
        if measure == Measure::YesNo {
            let lang = self.lang;
            self.error(
                whole,
                tr!(
                    lang,
                    "indicator {id} is answered yes or no: it has no numbers to be whole",
                    "chỉ tiêu {id} trả lời có hoặc không: không có số nào để là số nguyên"
                ),
                tr!(lang, "remove `whole`", "xóa dòng `whole`"),
            );
        }
        *whole.get_ref()
    }

    /// An indicator's measure, with the scale or threshold it needs.
    pub(super) fn measure(&mut self, i: &RawIndicator, id: &str) -> Measure {
        let lang = self.lang;
        match i.measure.get_ref().trim() {
            "ratio" => Measure::Ratio {
                scale: self.scale(i, id),
            },
            "value" => Measure::Value,
            "yes/no" => Measure::YesNo,
            "share" => Measure::Share {
                threshold: self.threshold(i, id),
                of: self.share_of(i.share_of.as_ref(), id),
            },
            other => {
                self.error(
                    &i.measure,
                    tr!(
                        lang,
                        "unknown measure \"{other}\" in indicator {id}",
                        "cách đo \"{other}\" của chỉ tiêu {id} không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "use one of \"ratio\", \"value\", \"yes/no\" or \"share\"",
                        "dùng một trong \"ratio\", \"value\", \"yes/no\" hoặc \"share\""
                    ),
                );
                Measure::Value
            }
        }
    }

    /// A ratio's scale, which it needs.
    fn scale(&mut self, i: &RawIndicator, id: &str) -> f64 {
        let lang = self.lang;
        match &i.scale {
            Some(s) => *s.get_ref(),
            None => {
                self.error(
                    &i.measure,
                    tr!(lang, "ratio indicator {id} has no scale", "chỉ tiêu tỷ lệ {id} thiếu hệ số `scale`"),
                    tr!(lang, "add `scale = 100` for a percentage, 1000 for per thousand, 100000 for per 100,000", "thêm `scale = 100` cho phần trăm, 1000 cho phần nghìn, 100000 cho trên 100.000"),
                );
                100.0
            }
        }
    }

    /// A share's threshold, which it needs.
    fn threshold(&mut self, i: &RawIndicator, id: &str) -> f64 {
        let lang = self.lang;
        match &i.threshold {
            Some(t) => *t.get_ref(),
            None => {
                self.error(
                    &i.measure,
                    tr!(
                        lang,
                        "share indicator {id} has no threshold",
                        "chỉ tiêu {id} (share) thiếu ngưỡng threshold"
                    ),
                    tr!(
                        lang,
                        "add `threshold = N`: the count a quarter must reach",
                        "thêm `threshold = N`: số lượng mỗi quý phải đạt"
                    ),
                );
                1.0
            }
        }
    }

    /// The fields that go with one measure only (scale, threshold, share_of,
    /// frequency), where the measure is another.
    pub(super) fn check_measure_fields(&mut self, i: &RawIndicator, id: &str, measure: Measure) {
        self.check_scale(i, id, measure);
        self.check_share_fields(i, id, measure);
        self.check_frequency(i, id, measure);
    }

    /// A ratio's scale above 0; no scale on another measure.
    fn check_scale(&mut self, i: &RawIndicator, id: &str, measure: Measure) {
        let lang = self.lang;
        let measure_name = i.measure.get_ref().trim();
        if let (Some(scale), Measure::Ratio { .. }) = (&i.scale, measure)
            && *scale.get_ref() <= 0.0
        {
            let s = scale.get_ref();
            self.error(
                scale,
                tr!(
                    lang,
                    "scale {s} of indicator {id} must be above 0",
                    "hệ số `scale` {s} của chỉ tiêu {id} phải lớn hơn 0"
                ),
                tr!(
                    lang,
                    "use 100 for a percentage, 1000 for per thousand, 100000 for per 100,000",
                    "dùng 100 cho phần trăm, 1000 cho phần nghìn, 100000 cho trên 100.000"
                ),
            );
        }
        if let Some(scale) = &i.scale
            && !measure.is_ratio()
        {
            self.error(
                scale,
                tr!(
                    lang,
                    "indicator {id} has a scale but its measure is \"{measure_name}\"",
                    "chỉ tiêu {id} có scale nhưng cách đo là \"{measure_name}\""
                ),
                tr!(
                    lang,
                    "only ratio indicators take a scale; remove it",
                    "chỉ chỉ tiêu tỷ lệ (ratio) mới có scale; hãy xóa dòng này"
                ),
            );
        }
    }

    /// No threshold nor share_of on a measure other than share.
    fn check_share_fields(&mut self, i: &RawIndicator, id: &str, measure: Measure) {
        let lang = self.lang;
        let measure_name = i.measure.get_ref().trim();
        if let Some(threshold) = &i.threshold
            && !matches!(measure, Measure::Share { .. })
        {
            self.error(
                threshold,
                tr!(lang, "indicator {id} has a threshold but its measure is \"{measure_name}\"", "chỉ tiêu {id} có ngưỡng threshold nhưng cách đo là \"{measure_name}\""),
                tr!(lang, "only share indicators (counts per quarter) take a threshold; remove it or set `measure = \"share\"`", "chỉ chỉ tiêu \"share\" (đếm theo quý) mới có ngưỡng; xóa dòng này hoặc đặt `measure = \"share\"`"),
            );
        }
        if let Some(share_of) = &i.share_of
            && !matches!(measure, Measure::Share { .. })
        {
            self.error(
                share_of,
                tr!(
                    lang,
                    "indicator {id} has share_of but its measure is \"{measure_name}\"",
                    "chỉ tiêu {id} có share_of nhưng cách đo là \"{measure_name}\""
                ),
                tr!(
                    lang,
                    "only share indicators (counts per quarter) take share_of; remove it",
                    "chỉ chỉ tiêu \"share\" (đếm theo quý) mới có share_of; hãy xóa dòng này"
                ),
            );
        }
    }

    /// A frequency, if written, the one the measure is counted at.
    fn check_frequency(&mut self, i: &RawIndicator, id: &str, measure: Measure) {
        let lang = self.lang;
        let measure_name = i.measure.get_ref().trim();
        if let Some(frequency) = &i.frequency {
            let expected = measure.frequency().as_str();
            let text = frequency.get_ref().trim();
            if text != expected {
                self.error(
                    frequency,
                    tr!(lang, "indicator {id} has frequency \"{text}\" but a {measure_name} measure is counted per {expected}", "chỉ tiêu {id} có tần suất \"{text}\" nhưng cách đo {measure_name} tính theo {expected}"),
                    tr!(lang, "share indicators use \"quarter\", all others \"round\"; or leave frequency out", "chỉ tiêu share dùng \"quarter\", các loại khác dùng \"round\"; hoặc bỏ dòng frequency"),
                );
            }
        }
    }

    /// Numbers in range, and a target exactly where the operator needs one.
    pub(super) fn check_target(&mut self, i: &RawIndicator, id: &str, op: Op, measure: Measure) {
        let lang = self.lang;
        for (name, number) in [
            ("target", &i.target),
            ("threshold", &i.threshold),
            ("scale", &i.scale),
        ] {
            if let Some(number) = number {
                self.check_in_range(number, name, id);
            }
        }
        match (op, &i.target) {
            (Op::Yes, Some(t)) => self.error(
                t,
                tr!(
                    lang,
                    "indicator {id} is yes/no and takes no target number",
                    "chỉ tiêu {id} là có/không nên không có giá trị chỉ tiêu đề ra"
                ),
                tr!(lang, "remove `target`", "xóa dòng `target`"),
            ),
            (Op::Yes, None) => {}
            (_, None) => self.error(
                &i.op,
                tr!(
                    lang,
                    "indicator {id} has no target",
                    "chỉ tiêu {id} thiếu giá trị chỉ tiêu đề ra"
                ),
                tr!(lang, "add `target = N`", "thêm `target = N`"),
            ),
            _ => {}
        }
        if (op == Op::Yes) != (measure == Measure::YesNo) {
            self.error(
                &i.op,
                tr!(
                    lang,
                    "indicator {id}: op \"yes\" goes with measure \"yes/no\", and only with it",
                    "chỉ tiêu {id}: op \"yes\" đi với cách đo \"yes/no\", và chỉ với nó"
                ),
                tr!(
                    lang,
                    "set both `op = \"yes\"` and `measure = \"yes/no\"`, or neither",
                    "đặt cả `op = \"yes\"` và `measure = \"yes/no\"`, hoặc không đặt cả hai"
                ),
            );
        }
    }

    /// The unit that answers for an indicator: one of the plan's units.
    pub(super) fn responsible(&mut self, i: &RawIndicator, id: &str, known: &Known) -> String {
        let lang = self.lang;
        match &i.responsible {
            Some(r) => {
                let id_text = r.get_ref().trim().to_string();
                if !known.unit_set.contains(id_text.as_str()) {
                    self.unknown_unit(r, &format!("indicator {id} responsible"), known.unit_refs);
                }
                id_text
            }
            None => {
                self.error(
                    &i.id,
                    tr!(
                        lang,
                        "indicator {id} has no responsible unit",
                        "chỉ tiêu {id} chưa có đơn vị chịu trách nhiệm"
                    ),
                    tr!(
                        lang,
                        "add `responsible = \"unit-id\"`: the unit that monitors and reports it",
                        "thêm `responsible = \"mã-đơn-vị\"`: đơn vị theo dõi, báo cáo chỉ tiêu"
                    ),
                );
                String::new()
            }
        }
    }

    /// An indicator's contributors: unit ids and `@kind`s (every unit of a kind),
    /// each unit once, in the order given.
    pub(super) fn contributors(
        &mut self,
        i: &RawIndicator,
        id: &str,
        known: &Known,
    ) -> Vec<String> {
        let lang = self.lang;
        let mut contributors: Vec<String> = Vec::new();
        for c in &i.contributors {
            let text = c.get_ref().trim();
            if let Some(kind) = text.strip_prefix('@') {
                let kind = kind.strip_suffix('s').unwrap_or(kind);
                match UnitKind::parse(kind) {
                    Some(kind) => contributors.extend(
                        known
                            .units
                            .iter()
                            .filter(|u| u.kind == kind)
                            .map(|u| u.id.clone()),
                    ),
                    None => self.unknown_unit(
                        c,
                        &format!("indicator {id} contributors"),
                        known.unit_refs,
                    ),
                }
            } else if known.unit_set.contains(text) {
                contributors.push(text.to_string());
            } else {
                self.unknown_unit(c, &format!("indicator {id} contributors"), known.unit_refs);
            }
        }
        let unique = unique_in_order(contributors);
        if unique.is_empty() && i.contributors.is_empty() {
            self.error(
                &i.id,
                tr!(
                    lang,
                    "indicator {id} has no contributors",
                    "chỉ tiêu {id} chưa có đơn vị báo cáo số liệu"
                ),
                tr!(
                    lang,
                    "add `contributors = [\"unit-id\", …]`: the units that send its figures",
                    "thêm `contributors = [\"mã-đơn-vị\", …]`: các đơn vị gửi số liệu"
                ),
            );
        }
        unique
    }

    /// What a share counts: `share_of = "units"` or `"quarters"` (the default, as
    /// plans of the first release meant).
    pub(super) fn share_of(&mut self, at: Option<&Spanned<String>>, id: &str) -> ShareOf {
        let Some(at) = at else {
            return ShareOf::Quarters;
        };
        ShareOf::parse(at.get_ref()).unwrap_or_else(|| {
            let lang = self.lang;
            let text = at.get_ref();
            self.error(
                at,
                tr!(
                    lang,
                    "unknown share_of \"{text}\" in indicator {id}",
                    "share_of \"{text}\" của chỉ tiêu {id} không hợp lệ"
                ),
                tr!(
                    lang,
                    "use \"units\" (units reaching the threshold in every quarter) or \"quarters\" (quarters reaching it)",
                    "dùng \"units\" (đơn vị đạt ngưỡng ở mọi quý) hoặc \"quarters\" (số quý đạt ngưỡng)"
                ),
            );
            ShareOf::Quarters
        })
    }

    /// `disaggregate_by = "sex"`: a declared dimension, for a ratio indicator (the
    /// only measure whose parts add up).
    pub(super) fn disaggregation(
        &mut self,
        at: Option<&Spanned<String>>,
        dimensions: &[Dimension],
        id: &str,
        measure: Measure,
    ) -> Option<u16> {
        let at = at?;
        let lang = self.lang;
        let name = at.get_ref().trim();
        let Some(index) = dimensions.iter().position(|d| d.id == name) else {
            let known: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
            self.error(
                at,
                tr!(
                    lang,
                    "indicator {id} is broken down by \"{name}\", which is not declared",
                    "chỉ tiêu {id} phân tổ theo \"{name}\", phân tổ này chưa được khai báo"
                ),
                tr!(
                    lang,
                    "declare it under [[dimensions]] (declared: {})",
                    "khai báo ở [[dimensions]] (đã có: {})",
                    known.join(", ")
                ),
            );
            return None;
        };
        if !measure.is_ratio() {
            self.error(
                at,
                tr!(
                    lang,
                    "indicator {id} is broken down by \"{name}\" but is not a ratio",
                    "chỉ tiêu {id} phân tổ theo \"{name}\" nhưng không phải tỷ lệ"
                ),
                tr!(
                    lang,
                    "only ratio indicators can be broken down: their parts add up",
                    "chỉ chỉ tiêu tỷ lệ mới phân tổ được: các phần cộng lại được"
                ),
            );
        }
        Some(index as u16)
    }

    /// Every dimension has a unique id and at least two groups, each with a unique
    /// id (at most 250: a figure's group is one byte).
    pub(super) fn check_dimensions(&mut self, dimensions: &[RawDimension]) {
        let lang = self.lang;
        let mut seen = std::collections::HashSet::new();
        for d in dimensions {
            let id = d.id.get_ref().trim();
            if !seen.insert(id) {
                self.error(
                    &d.id,
                    tr!(
                        lang,
                        "duplicate dimension id \"{id}\"",
                        "mã phân tổ \"{id}\" bị trùng"
                    ),
                    tr!(
                        lang,
                        "give every [[dimensions]] its own id",
                        "đặt cho mỗi [[dimensions]] một mã riêng"
                    ),
                );
            }
            let mut groups = std::collections::HashSet::new();
            let unique = d.groups.iter().all(|g| groups.insert(g.id.trim()));
            if d.groups.len() < 2 || d.groups.len() > 250 || !unique {
                self.error(
                    &d.id,
                    tr!(lang, "dimension \"{id}\" needs 2 to 250 groups, each with its own id", "phân tổ \"{id}\" cần từ 2 đến 250 nhóm, mỗi nhóm một mã riêng"),
                    tr!(lang, "list them as groups = [{{ id = \"male\", vi = \"nam\", en = \"male\" }}, …]", "liệt kê dạng groups = [{{ id = \"male\", vi = \"nam\", en = \"male\" }}, …]"),
                );
            }
        }
    }

    /// A plan number (target, threshold, scale) is a figure like any other:
    /// finite and within range ([`crate::domain::figure::is_recordable`]), so no
    /// infinity or NaN reaches a comparison or a report.
    pub(super) fn check_in_range(&mut self, number: &Spanned<f64>, name: &str, id: &str) {
        let value = *number.get_ref();
        if crate::domain::figure::is_recordable(value) {
            return;
        }
        let lang = self.lang;
        self.error(
            number,
            tr!(
                lang,
                "the {name} of indicator {id} is not a number within ±10^15",
                "`{name}` của chỉ tiêu {id} không phải một số trong khoảng ±10^15"
            ),
            tr!(
                lang,
                "write an ordinary number, such as 60",
                "viết một số bình thường, ví dụ 60"
            ),
        );
    }
}

/// The contributors' unit indices, in order.
fn unit_indices(contributors: &[String], known: &Known) -> Vec<u16> {
    let mut indices: Vec<u16> = contributors
        .iter()
        .filter_map(|c| known.unit_index.get(c.as_str()).copied())
        .collect();
    indices.sort_unstable();
    indices
}

//! `[[units]]`: ids, kinds, names, lifetimes, successors and former ids.

use super::*;

impl Validator<'_> {
    /// `[[units]]` (or the units file's rows), each checked: everything else in the
    /// plan refers to them.
    pub(super) fn units(&mut self, raw: &[Spanned<RawUnit>]) -> Vec<Unit> {
        let mut units = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for spanned in raw {
            let u = spanned.get_ref();
            let id = self.unit_id(u, &mut seen);
            let kind = self.unit_kind(u);
            let (starts, ends) = self.unit_lifetime(u, &id);
            let requested = self.tasks_are_requests(u);
            units.push(Unit {
                requested,
                ..unit_of(u, id, kind, starts, ends)
            });
        }
        units
    }

    /// A unit's id: not empty, not another unit's.
    fn unit_id(&mut self, u: &RawUnit, seen: &mut HashMap<String, String>) -> String {
        let lang = self.lang;
        let id = u.id.get_ref().trim().to_string();
        if id.is_empty() {
            self.error(
                &u.id,
                tr!(lang, "a unit has an empty id", "một đơn vị có mã trống"),
                tr!(
                    lang,
                    "give every unit a short id such as \"ban-bo\"",
                    "đặt cho mỗi đơn vị một mã ngắn, ví dụ \"ban-bo\""
                ),
            );
        }
        if let Some(first) = seen.get(&id) {
            self.error(
                &u.id,
                tr!(
                    lang,
                    "duplicate unit id \"{id}\"",
                    "mã đơn vị \"{id}\" bị trùng"
                ),
                tr!(
                    lang,
                    "the first one is {first}; every unit needs its own id",
                    "mã này đã dùng {first}; mỗi đơn vị cần một mã riêng"
                ),
            );
        }
        let first = self.place_words(u.id.span().start);
        seen.insert(id.clone(), first);
        id
    }

    /// A unit's kind: office, organisation or commune.
    fn unit_kind(&mut self, u: &RawUnit) -> UnitKind {
        let lang = self.lang;
        UnitKind::parse(u.kind.get_ref()).unwrap_or_else(|| {
            let text = u.kind.get_ref();
            self.error(
                &u.kind,
                tr!(
                    lang,
                    "unknown unit kind \"{text}\"",
                    "loại đơn vị \"{text}\" không hợp lệ"
                ),
                tr!(
                    lang,
                    "use \"office\", \"organisation\" or \"commune\"",
                    "dùng \"office\", \"organisation\" hoặc \"commune\""
                ),
            );
            UnitKind::Office
        })
    }

    /// A unit's first and last days, the last not before the first.
    fn unit_lifetime(&mut self, u: &RawUnit, id: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let lang = self.lang;
        let starts = self.unit_date(u.starts.as_ref(), id, "start");
        let ends = self.unit_date(u.ends.as_ref(), id, "end");
        if let (Some(starts), Some(ends), Some(at)) = (starts, ends, u.ends.as_ref())
            && ends < starts
        {
            self.error(
                at,
                tr!(
                    lang,
                    "unit \"{id}\" ends ({ends}) before it starts ({starts})",
                    "đơn vị \"{id}\" kết thúc ({ends}) trước khi bắt đầu ({starts})"
                ),
                tr!(lang, "check the two dates", "kiểm tra lại hai ngày"),
            );
        }
        (starts, ends)
    }

    /// A unit's first or last day, `YYYY-MM-DD`.
    pub(super) fn unit_date(
        &mut self,
        at: Option<&Spanned<String>>,
        id: &str,
        which: &str,
    ) -> Option<NaiveDate> {
        let at = at?;
        let lang = self.lang;
        let text = at.get_ref().trim();
        let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            let (what, vi) = match which {
                "start" => ("start", "bắt đầu"),
                _ => ("end", "kết thúc"),
            };
            self.error(
                at,
                tr!(
                    lang,
                    "impossible {what} date \"{text}\" for unit \"{id}\"",
                    "ngày {vi} \"{text}\" của đơn vị \"{id}\" không hợp lệ"
                ),
                tr!(
                    lang,
                    "write the unit's {what} day as \"YYYY-MM-DD\"",
                    "viết ngày {vi} của đơn vị dạng \"YYYY-MM-DD\""
                ),
            );
        }
        parsed
    }

    /// `successors = ["…"]`: units of the plan, other than the unit, and only on a
    /// unit that ends.
    pub(super) fn link_successors(&mut self, raw: &[Spanned<RawUnit>], units: &mut [Unit]) {
        let lang = self.lang;
        let ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for (index, spanned) in raw.iter().enumerate() {
            let u = spanned.get_ref();
            if index >= units.len() {
                break;
            }
            for successor in &u.successors {
                let name = successor.get_ref().trim();
                match ids.iter().position(|id| id == name) {
                    Some(at) if at == index => self.error(
                        successor,
                        tr!(
                            lang,
                            "unit \"{name}\" is its own successor",
                            "đơn vị \"{name}\" là đơn vị kế thừa của chính nó"
                        ),
                        tr!(
                            lang,
                            "name the units that take over its duties",
                            "ghi các đơn vị tiếp nhận nhiệm vụ của đơn vị này"
                        ),
                    ),
                    Some(at) => units[index].successors.push(at as u16),
                    None => self.unknown_unit(
                        successor,
                        &format!("unit {} successors", units[index].id),
                        &refs,
                    ),
                }
            }
            if !u.successors.is_empty() && units[index].ends.is_none() {
                let id = &units[index].id;
                self.error(
                    &u.id,
                    tr!(lang, "unit \"{id}\" has successors but no end date", "đơn vị \"{id}\" có đơn vị kế thừa nhưng không có ngày kết thúc"),
                    tr!(lang, "add `ends = \"YYYY-MM-DD\"`: its last day, after which the successors take over", "thêm `ends = \"YYYY-MM-DD\"`: ngày cuối cùng, sau đó đơn vị kế thừa tiếp nhận"),
                );
            }
        }
    }

    /// A former id names one unit, and is no unit's current id.
    pub(super) fn check_former_ids(&mut self, raw: &[Spanned<RawUnit>], units: &[Unit]) {
        let lang = self.lang;
        let mut owner: HashMap<String, String> =
            units.iter().map(|u| (u.id.clone(), u.id.clone())).collect();
        for (spanned, unit) in raw.iter().zip(units) {
            for former in &spanned.get_ref().former_ids {
                let text = former.get_ref().trim().to_string();
                if let Some(other) = owner.get(&text) {
                    self.error(
                        former,
                        tr!(lang, "\"{text}\" is already the id of \"{other}\"", "\"{text}\" đã là mã của \"{other}\""),
                        tr!(lang, "a former id must name no other unit, now or before", "mã cũ không được trùng với mã (hiện tại hoặc trước đây) của đơn vị khác"),
                    );
                } else {
                    owner.insert(text, unit.id.clone());
                }
            }
        }
    }

    /// Submissions name units by id, name or alias, compared without case and
    /// diacritics: two units must never answer to the same spelling.
    pub(super) fn check_names_are_unambiguous(&mut self, units: &[Spanned<RawUnit>]) {
        let lang = self.lang;
        // Spelling → the units that answer to it, with their lifetimes: a merged
        // commune may take its predecessor's name, as long as they never coexist.
        let day = |at: &Option<Spanned<String>>| {
            at.as_ref()
                .and_then(|d| NaiveDate::parse_from_str(d.get_ref().trim(), "%Y-%m-%d").ok())
        };
        type Life = (Option<NaiveDate>, Option<NaiveDate>);
        let overlap = |(a0, a1): Life, (b0, b1): Life| {
            let starts_before_other_ends =
                |s: Option<NaiveDate>, e: Option<NaiveDate>| s.zip(e).is_none_or(|(s, e)| s <= e);
            starts_before_other_ends(a0, b1) && starts_before_other_ends(b0, a1)
        };
        let mut owners: BTreeMap<String, Vec<(String, Life)>> = BTreeMap::new();
        for spanned in units {
            let u = spanned.get_ref();
            let id = u.id.get_ref().trim();
            let life = (day(&u.starts), day(&u.ends));
            let mut spellings = vec![id.to_string(), u.name.vi.clone(), u.name.en.clone()];
            spellings.extend(u.short.iter().flat_map(|s| [s.vi.clone(), s.en.clone()]));
            spellings.extend(u.aliases.iter().cloned());
            let mut own: Vec<String> = spellings
                .iter()
                .map(|s| crate::intake::fields::fold(s))
                .collect();
            own.sort();
            own.dedup();
            for folded in own {
                let others = owners.entry(folded.clone()).or_default();
                if let Some((other, _)) = others
                    .iter()
                    .find(|(other, their)| other != id && overlap(*their, life))
                {
                    let other = other.clone();
                    self.error(
                        spanned,
                        tr!(lang, "units \"{other}\" and \"{id}\" both answer to the name \"{folded}\"", "đơn vị \"{other}\" và \"{id}\" trùng tên gọi \"{folded}\""),
                        tr!(lang, "change one of the names or aliases so that every spelling names one unit at a time (a unit that ends may pass its name to one that starts after)", "sửa tên hoặc tên gọi khác để mỗi cách viết chỉ ứng với một đơn vị tại mỗi thời điểm (đơn vị đã kết thúc có thể để lại tên cho đơn vị bắt đầu sau đó)"),
                    );
                } else {
                    others.push((id.to_string(), life));
                }
            }
        }
    }

    pub(super) fn unknown_unit(&mut self, at: &Spanned<String>, role: &str, unit_ids: &[&str]) {
        let lang = self.lang;
        let id = at.get_ref();
        let hint = match nearest(id, unit_ids.iter().copied()) {
            Some(close) => tr!(
                lang,
                "did you mean \"{close}\"? Units are declared under [[units]]",
                "có phải ý bạn là \"{close}\"? Các đơn vị được khai báo trong các mục `[[units]]`"
            ),
            None => tr!(
                lang,
                "use the id of a unit declared under [[units]], or \"@commune\", \"@office\", \"@organisation\" for a whole kind",
                "dùng mã của một đơn vị khai báo trong các mục `[[units]]`, hoặc \"@commune\", \"@office\", \"@organisation\" cho cả nhóm"
            ),
        };
        self.error(
            at,
            tr!(
                lang,
                "unknown unit \"{id}\" in {role}",
                "đơn vị \"{id}\" không tồn tại (khai báo ở `{role}`)"
            ),
            hint,
        );
    }
}

impl Validator<'_> {
    /// `tasks_are`: "duties" (the default) or "requests" (the source asks rather
    /// than orders: "Đề nghị …").
    fn tasks_are_requests(&mut self, u: &RawUnit) -> bool {
        let Some(at) = &u.tasks_are else {
            return false;
        };
        match at.get_ref().trim() {
            "duties" => false,
            "requests" => true,
            other => {
                let lang = self.lang;
                self.error(
                    at,
                    tr!(
                        lang,
                        "unknown tasks_are \"{other}\"",
                        "giá trị tasks_are \"{other}\" không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "write \"duties\" (the plan gives them) or \"requests\" (the plan asks: \"Đề nghị …\")",
                        "ghi \"duties\" (kế hoạch giao nhiệm vụ) hoặc \"requests\" (kế hoạch đề nghị: \"Đề nghị …\")"
                    ),
                );
                false
            }
        }
    }
}

/// The unit as the plan model holds it; successors are linked once all units are read.
fn unit_of(
    u: &RawUnit,
    id: String,
    kind: UnitKind,
    starts: Option<NaiveDate>,
    ends: Option<NaiveDate>,
) -> Unit {
    let trimmed_all = |texts: &[String]| -> Vec<String> {
        texts
            .iter()
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty())
            .collect()
    };
    Unit {
        id,
        kind,
        name: u.name.clone(),
        short: u.short.clone(),
        code: u.code.clone(),
        aliases: u.aliases.clone(),
        tasks: u.tasks.clone(),
        source: u.source.as_ref().map(|s| s.trim().to_string()),
        requested: false,
        starts,
        ends,
        successors: Vec::new(),
        former_ids: u
            .former_ids
            .iter()
            .map(|f| f.get_ref().trim().to_string())
            .collect(),
        formed_from_outside: trimmed_all(&u.formed_from_outside),
        contact: Contact {
            email: trimmed(u.email.as_deref()),
            phone: trimmed(u.phone.as_deref()),
        },
        namesake: false,
    }
}

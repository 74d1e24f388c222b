//! Recognising units and indicators however people type them.

use super::fields::fold;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::tr;
use std::cell::OnceCell;
use std::collections::HashMap;

/// Every spelling that names a unit (id, Vietnamese and English name, short name,
/// aliases), folded: case, diacritics, NFC/NFD and punctuation do not matter.
pub struct UnitNames<'p> {
    plan: &'p Plan,
    /// Exact ids, tried first: the common case costs no folding.
    by_id: HashMap<&'p str, u16>,
    /// Folded spellings, built the first time a text is not an exact id: folding
    /// every spelling of ten thousand units is most of the cost of recognising
    /// them, and a file that uses ids never needs it.
    spellings: OnceCell<Spellings>,
}

struct Spellings {
    by_spelling: HashMap<String, u16>,
    /// Spellings more than one unit answers to, at different times (a merged
    /// commune that took its predecessor's name): every such unit.
    shared: HashMap<String, Vec<u16>>,
}

impl Spellings {
    fn of(plan: &Plan) -> Spellings {
        let mut by_spelling = HashMap::new();
        let mut all: HashMap<String, Vec<u16>> = HashMap::new();
        for (index, unit) in plan.units.iter().enumerate() {
            let index = index as u16;
            let short = unit.short.iter().flat_map(|s| [&s.vi, &s.en]);
            let spellings = [&unit.id, &unit.name.vi, &unit.name.en]
                .into_iter()
                .chain(short)
                .chain(unit.aliases.iter());
            for spelling in spellings {
                let folded = fold(spelling);
                let owners = all.entry(folded.clone()).or_default();
                if !owners.contains(&index) {
                    owners.push(index);
                }
                by_spelling.entry(folded).or_insert(index);
            }
        }
        let shared = all.into_iter().filter(|(_, v)| v.len() > 1).collect();
        Spellings {
            by_spelling,
            shared,
        }
    }
}

impl<'p> UnitNames<'p> {
    pub fn new(plan: &'p Plan) -> UnitNames<'p> {
        let by_id = plan
            .units
            .iter()
            .enumerate()
            .map(|(index, unit)| (unit.id.as_str(), index as u16))
            .collect();
        UnitNames {
            plan,
            by_id,
            spellings: OnceCell::new(),
        }
    }

    fn spellings(&self) -> &Spellings {
        self.spellings.get_or_init(|| Spellings::of(self.plan))
    }

    pub fn resolve(&self, text: &str) -> Option<u16> {
        let text = text.trim();
        if let Some(&index) = self.by_id.get(text) {
            return Some(index);
        }
        self.spellings().by_spelling.get(&fold(text)).copied()
    }

    /// The unit `text` names among those existing when `exists` says: for a name two
    /// units had at different times, the one of that time. None when no unit of
    /// that name exists then.
    pub fn resolve_when(&self, text: &str, exists: impl Fn(u16) -> bool) -> Option<u16> {
        let text = text.trim();
        if let Some(&index) = self.by_id.get(text) {
            return Some(index);
        }
        let folded = fold(text);
        let spellings = self.spellings();
        match spellings.shared.get(&folded) {
            Some(owners) => owners.iter().copied().find(|&u| exists(u)),
            None => spellings.by_spelling.get(&folded).copied(),
        }
    }

    /// Every unit `text` names: one, none, or the namesakes that bore one name at
    /// different times.
    pub fn owners(&self, text: &str) -> Vec<u16> {
        let text = text.trim();
        if let Some(&index) = self.by_id.get(text) {
            return vec![index];
        }
        let folded = fold(text);
        let spellings = self.spellings();
        match spellings.shared.get(&folded) {
            Some(owners) => owners.clone(),
            None => spellings
                .by_spelling
                .get(&folded)
                .copied()
                .into_iter()
                .collect(),
        }
    }

    /// The unit whose spelling is closest to `text`, for a "did you mean" hint.
    pub fn closest(&self, text: &str) -> Option<u16> {
        let folded = fold(text);
        let by_spelling = &self.spellings().by_spelling;
        let best = crate::diagnostic::nearest(&folded, by_spelling.keys().map(String::as_str))?;
        by_spelling.get(best).copied()
    }

    /// How to name the unit meant by a spelling that names none: "did you mean".
    pub fn hint(&self, plan: &Plan, text: &str, lang: Lang) -> String {
        match self.closest(text) {
            Some(close) => {
                let u = &plan.units[close as usize];
                tr!(
                    lang,
                    "did you mean \"{}\" ({})? Use the unit's id or its name as in plan.toml",
                    "có phải ý bạn là \"{}\" ({})? Dùng mã đơn vị hoặc tên như trong plan.toml",
                    u.id,
                    u.name.get(lang)
                )
            }
            None => tr!(
                lang,
                "use the unit's id or name; `gender-plan plan --matrix` lists them",
                "dùng mã hoặc tên đơn vị; `gender-plan plan --matrix` liệt kê các đơn vị"
            ),
        }
    }
}

/// Indicator ids, matched exactly after trimming (ids are short and typed as given:
/// "3.2a"), with a case-insensitive fallback ("3.2A").
pub struct IndicatorIds {
    by_id: HashMap<String, u16>,
}

impl IndicatorIds {
    pub fn new(plan: &Plan) -> IndicatorIds {
        IndicatorIds {
            by_id: plan
                .indicators
                .iter()
                .enumerate()
                .map(|(i, ind)| (ind.id.clone(), i as u16))
                .collect(),
        }
    }

    pub fn resolve(&self, text: &str) -> Option<u16> {
        let text = text.trim();
        self.by_id
            .get(text)
            .or_else(|| self.by_id.get(&text.to_lowercase()))
            .copied()
    }

    pub fn closest<'a>(&'a self, text: &str) -> Option<&'a str> {
        crate::diagnostic::nearest(text.trim(), self.by_id.keys().map(String::as_str))
    }

    /// How to name the indicator meant by a text that names none: "did you mean".
    pub fn hint(&self, text: &str, lang: Lang) -> String {
        match self.closest(text) {
            Some(close) => tr!(
                lang,
                "did you mean {close}? `gender-plan plan` lists the indicators",
                "có phải ý bạn là {close}? `gender-plan plan` liệt kê các chỉ tiêu"
            ),
            None => tr!(
                lang,
                "`gender-plan plan` lists the indicators and their ids",
                "`gender-plan plan` liệt kê các chỉ tiêu và mã"
            ),
        }
    }
}

//! Recognising units and indicators however people type them.

use super::fields::fold;
use crate::domain::duties::existed_between;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::tr;
use chrono::NaiveDate;
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

    /// Names in time, the one answer to "which unit bore this name from `first` to
    /// `last`" (a figure's period, or one day), for a name typed on the command
    /// line and a name written in a file alike. An id names its unit whatever the
    /// day; so does a name only one unit ever bore (whether that unit owes anything
    /// then is a question of duties). A name several units bore at different times
    /// (a merged commune that took its predecessor's name) is the one of them that
    /// existed in the span; else none or several did, and the caller names them.
    pub fn bearers(&self, text: &str, first: NaiveDate, last: NaiveDate) -> Bearers {
        match self.owners(text) {
            [] => Bearers::Unknown,
            [one] => Bearers::One(*one),
            owners => {
                let then: Vec<u16> = owners
                    .iter()
                    .copied()
                    .filter(|&u| existed_between(self.plan, u, first, last))
                    .collect();
                match then.as_slice() {
                    [one] => Bearers::One(*one),
                    [] => Bearers::NoneThen(owners.to_vec()),
                    _ => Bearers::Several(then),
                }
            }
        }
    }

    /// Every unit `text` names: one, none, or the namesakes that bore one name at
    /// different times.
    fn owners(&self, text: &str) -> &[u16] {
        let text = text.trim();
        if let Some(index) = self.by_id.get(text) {
            return std::slice::from_ref(index);
        }
        let folded = fold(text);
        let spellings = self.spellings();
        match spellings.shared.get(&folded) {
            Some(owners) => owners,
            None => spellings
                .by_spelling
                .get(&folded)
                .map_or(&[], std::slice::from_ref),
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

/// Which unit bore a name in a span ([`UnitNames::bearers`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bearers {
    /// No unit has the name, at any time.
    Unknown,
    /// The unit meant.
    One(u16),
    /// Several units bore the name at different times, none of them in the span:
    /// all of them.
    NoneThen(Vec<u16>),
    /// Several units bore the name in the span: those.
    Several(Vec<u16>),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::UnitKind;
    use crate::plan::model::fixture::Small;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// c1 ends on 30 June 2025 and a new commune takes its name ("Xã Một") from 1
    /// July; c2 ends on 31 December 2023 and another takes its alias from 1 March
    /// 2025.
    fn namesakes() -> Small {
        let mut small = Small::new();
        let new = small.new_unit("c1-new", UnitKind::Commune, Some(d("2025-07-01")));
        let c1 = small.unit("c1") as usize;
        for unit in [c1, new as usize] {
            small.plan.units[unit].name.vi = "Xã Một".into();
        }
        small.end("c1", d("2025-06-30"), &["c1-new"]);
        let later = small.new_unit("c2-new", UnitKind::Commune, Some(d("2025-03-01")));
        small.plan.units[later as usize].aliases = vec!["Commune Two".into()];
        let c2 = small.unit("c2") as usize;
        small.plan.units[c2].aliases = vec!["commune two".into()];
        small.end("c2", d("2023-12-31"), &[]);
        small
    }

    #[test]
    fn a_name_is_the_unit_that_bore_it_in_the_span() {
        let small = namesakes();
        let names = UnitNames::new(&small.plan);
        let (old, new) = (small.unit("c1"), small.unit("c1-new"));
        let during = |text, first, last| names.bearers(text, d(first), d(last));
        // The name, in any spelling: the old commune up to 30 June, the new after.
        assert_eq!(
            during("Xa mot", "2025-01-01", "2025-06-30"),
            Bearers::One(old)
        );
        assert_eq!(
            during(" xã một ", "2025-07-01", "2025-09-30"),
            Bearers::One(new)
        );
        assert_eq!(
            during("XÃ MỘT", "2021-01-01", "2021-12-31"),
            Bearers::One(old)
        );
        // Both bore it in 2025: both are named.
        assert_eq!(
            during("Xã Một", "2025-01-01", "2025-12-31"),
            Bearers::Several(vec![old, new])
        );
        // An id names its unit whatever the span.
        assert_eq!(during("c1", "2025-07-01", "2025-12-31"), Bearers::One(old));
        assert_eq!(
            during("c1-new", "2021-01-01", "2021-12-31"),
            Bearers::One(new)
        );
        // An alias both bore, in a span neither existed in: all its bearers.
        let (c2, c2_new) = (small.unit("c2"), small.unit("c2-new"));
        assert_eq!(
            during("commune two", "2024-01-01", "2024-12-31"),
            Bearers::NoneThen(vec![c2, c2_new])
        );
        assert_eq!(
            during("Commune two", "2025-03-01", "2025-03-01"),
            Bearers::One(c2_new)
        );
        // A name one unit bore is that unit, even outside its lifetime.
        assert_eq!(
            during("c3", "2025-01-01", "2025-12-31"),
            Bearers::One(small.unit("c3"))
        );
        assert_eq!(
            during("nowhere", "2025-01-01", "2025-12-31"),
            Bearers::Unknown
        );
    }
}

//! What the units wrote for a round: their narrative reports and the notes beside
//! their figures, as they stand on the as-of date. `notes` lists them; the report
//! prints them unit by unit.

use crate::domain::figure::{Figure, Key};
use crate::domain::ledger::Ledger;
use crate::domain::period::Round;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::store::Store;
use chrono::NaiveDate;
use serde::Serialize;

/// What the units wrote for a round.
#[derive(Debug, Clone, Serialize)]
pub struct RoundNotes {
    pub period: String,
    pub units: Vec<UnitNotes>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitNotes {
    pub unit: String,
    /// As people read it ([`crate::words::unit_name`]): with its dates when it
    /// started or ended during the plan, to tell it from a namesake.
    pub name: String,
    pub notes: Vec<Note>,
}

/// A narrative report (no indicator) or a note beside a figure.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub period: String,
    pub indicator: Option<String>,
    /// The figure the note stands beside.
    pub figure: Option<Figure>,
    pub text: String,
    pub submitted: NaiveDate,
    pub source_file: String,
}

/// Each unit's notes for the round's period and the quarters it brings in, from
/// the revisions in force.
pub fn round_notes(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    round: &Round,
    only: Option<u16>,
    lang: Lang,
) -> RoundNotes {
    let mut periods = vec![round.period];
    periods.extend(round.own_quarters(&plan.rounds()));
    let indicators = std::iter::once(None).chain((0..plan.indicators.len() as u16).map(Some));
    let indicators: Vec<Option<u16>> = indicators.collect();
    let mut units = Vec::new();
    for unit in 0..plan.units.len() as u16 {
        if only.is_some_and(|u| u != unit) {
            continue;
        }
        let mut notes = Vec::new();
        for &indicator in &indicators {
            // The whole, and each group of an indicator reported by group.
            let groups = indicator.map_or(0, |i| plan.indicators[i as usize].group_count(plan));
            for (&period, group) in periods
                .iter()
                .flat_map(|p| (0..=groups).map(move |g| (p, g)))
            {
                let key = Key {
                    unit,
                    period,
                    indicator,
                    group,
                };
                let Some(index) = ledger.current_index(&key) else {
                    continue;
                };
                let revision = &store.revisions[index];
                let Some(text) = store.note(revision) else {
                    continue;
                };
                notes.push(Note {
                    period: period.to_string(),
                    indicator: indicator.map(|i| plan.indicators[i as usize].id.clone()),
                    figure: indicator.map(|_| revision.figure),
                    text: text.to_string(),
                    submitted: revision.submitted,
                    source_file: store.origin(index).file.clone(),
                });
            }
        }
        if !notes.is_empty() {
            let u = &plan.units[unit as usize];
            units.push(UnitNotes {
                unit: u.id.clone(),
                name: crate::words::unit_name(u, lang).into_owned(),
                notes,
            });
        }
    }
    RoundNotes {
        period: round.period.to_string(),
        units,
    }
}

//! The import policy, below the command line: what a run of `ingest` does with the
//! files it is given, whatever they are. Every source goes the same path:
//!
//! 1. **Recognise** a file by its bytes before it is read ([`fingerprints`], under
//!    the lock: [`Recognise`]): a file whose content is recorded is not read again.
//! 2. **Read** each other file into a [`Batch`] (a unit's submission, read and
//!    checked by `intake`), or refuse it with its problems ([`Outcome`]).
//! 3. **Decide** each batch's [`Fate`]: new content is recorded, a copy of an
//!    earlier file of the run is recorded once, recorded content is not.
//! 4. **Refuse** what cannot be right: two files of the run with different figures
//!    for one key on one day ([`conflicts`]); with `--strict`, a file with a
//!    plausibility warning ([`warned`]).
//! 5. **Settle** how each row stands once recorded ([`settle`]: new, updated,
//!    unchanged, superseded), by the one definition of which revision is in force.
//! 6. **Record** what is to be recorded, in one atomic append ([`Run::record`]).
//!
//! The command (`cli::ingest`) finds the files, takes the lock, calls [`prepare`]
//! and [`Run::record`], and prints the [`Run`].

pub mod conflicts;
pub mod office;
pub mod settle;
pub mod warned;
pub mod warnings;

use crate::diagnostic::Diagnostic;
use crate::domain::figure::Key;
use crate::domain::revision::Revision;
use crate::i18n::Lang;
use crate::intake::bytes::{self, Fingerprint, Text};
use crate::intake::names::{IndicatorIds, UnitNames};
use crate::intake::source::same_file;
use crate::intake::submission::{ReadOptions, Row, Submission, read_submission};
use crate::plan::Plan;
use crate::store::{self, Source, Stamp, Store};
use crate::tr;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use settle::Counts;
pub use warned::Warning;

/// What a file brings once read and checked.
#[derive(Debug)]
pub enum Batch {
    /// A unit's submission (a CSV file or a workbook).
    Form(Submission),
    /// Another office's data file, rolled up ([`office`]).
    Office(Box<office::OfficeFile>),
}

impl Batch {
    /// The file as named on the command line.
    pub fn file(&self) -> &str {
        match self {
            Batch::Form(s) => &s.file,
            Batch::Office(o) => &o.file,
        }
    }

    /// The first 16 hex digits of the SHA-256 of the file's bytes.
    pub fn hash(&self) -> &str {
        match self {
            Batch::Form(s) => &s.hash,
            Batch::Office(o) => &o.hash,
        }
    }

    /// How many rows it brings to record.
    pub fn len(&self) -> usize {
        match self {
            Batch::Form(s) => s.rows.len(),
            Batch::Office(o) => o.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many of its lines were left empty (no figure, no note): read, and
    /// recorded as nothing.
    pub fn left_empty_lines(&self) -> usize {
        match self {
            Batch::Form(s) => s.left_empty.iter().map(|e| e.lines as usize).sum(),
            Batch::Office(_) => 0,
        }
    }

    /// The keys of its rows, in order.
    pub fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        (0..self.len()).map(|row| match self {
            Batch::Form(s) => s.rows[row].key(),
            Batch::Office(o) => o.key(row),
        })
    }

    /// Its `row`th row as the revision it will be when it is the `n`th file this run
    /// records: its source numbered past every recorded one, its note's index the
    /// batch's (what counts before it is written is only whether there is one).
    pub fn revision(&self, row: usize, n: usize) -> Revision {
        match self {
            Batch::Form(s) => run_revision(&s.rows[row], n),
            Batch::Office(o) => o.revision(row),
        }
    }

    /// The note of its `row`th row.
    pub fn note(&self, row: usize) -> Option<&str> {
        match self {
            Batch::Form(s) => s.note(&s.rows[row]),
            Batch::Office(o) => o.note(row),
        }
    }

    /// Sets the note of its `row`th row (`--confirm`); false for a row rolled up
    /// from another office, which is kept as that office recorded it.
    pub fn set_note(&mut self, row: usize, note: String) -> bool {
        match self {
            Batch::Form(s) => {
                s.notes.push(note.into());
                s.rows[row].note = (s.notes.len() - 1) as u32;
                true
            }
            Batch::Office(_) => false,
        }
    }

    /// A diagnostic placed at its `row`th row.
    pub fn at_row(&self, diagnostic: Diagnostic, row: usize) -> Diagnostic {
        match self {
            Batch::Form(s) => s.at_row(diagnostic, &s.rows[row]),
            Batch::Office(o) => diagnostic.at_line(o.line(row) as usize),
        }
    }

    /// Where its `row`th row is, as diagnostics write it.
    pub fn place(&self, row: usize) -> String {
        self.at_row(Diagnostic::new(self.file(), ""), row)
            .location()
    }
}

/// One input file as read.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per file of a run, never copied
pub enum Outcome {
    Accepted(Batch),
    /// Recognised by its bytes as a file already recorded, so not read.
    Known(Known),
    Rejected(String, Vec<Diagnostic>),
}

impl Outcome {
    /// The file as named on the command line.
    pub fn file(&self) -> &str {
        match self {
            Outcome::Accepted(batch) => batch.file(),
            Outcome::Known(known) => &known.file,
            Outcome::Rejected(file, _) => file,
        }
    }
}

/// A file whose bytes are already recorded: what the data file says of it.
#[derive(Debug)]
pub struct Known {
    pub file: String,
    /// What was recorded from it: one key a row.
    pub keys: Vec<Key>,
    /// Always [`Fate::AlreadyRecorded`].
    pub fate: Fate,
}

/// What this run does with an accepted file.
#[derive(Debug, Clone)]
pub enum Fate {
    /// New content: its rows are recorded.
    Record,
    /// Its content is already in the data file: nothing to do.
    AlreadyRecorded {
        on: String,
        as_file: String,
        /// The day and reason of the withdrawal that took it back.
        withdrawn: Option<(NaiveDate, String)>,
    },
    /// The same content as an earlier file of this run: recorded once.
    SameAs(String),
}

/// The choices of the command line that decide what is recorded.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// `--again`: files whose content is recorded are read and recorded once more.
    pub again: bool,
    /// `--strict`: a file with a plausibility warning is refused.
    pub strict: bool,
    /// `--confirm REASON`: figures with a warning are confirmed in their note.
    pub confirm: Option<String>,
}

/// A run decided: each file's outcome, fate and counts, and the warnings, all
/// against the data file as it is under the lock. Nothing is written until
/// [`Run::record`].
#[derive(Debug)]
pub struct Run {
    pub outcomes: Vec<Outcome>,
    /// Each accepted file's fate (None for a rejected one).
    pub fates: Vec<Option<Fate>>,
    /// How each accepted file's rows stand once recorded.
    pub counts: Vec<Counts>,
    /// Plausibility warnings about the rows recorded (none left with `--strict`).
    pub warnings: Vec<Warning>,
}

/// Each file's fingerprint, in the order given; None for the data file itself (never
/// read as a submission) and for a file that cannot be read (reading it says why).
/// Taken before the lock, so that nothing is locked when no file can be read.
pub fn fingerprints(files: &[PathBuf], data: &Path, detect: bool) -> Vec<Option<Fingerprint>> {
    files
        .iter()
        .map(|path| match same_file(path, data) {
            true => None,
            false => bytes::fingerprint(path, detect),
        })
        .collect()
}

/// The files of a run and how to read them.
pub struct Inputs<'a> {
    pub files: &'a [PathBuf],
    /// Each file's fingerprint ([`fingerprints`]).
    pub prints: &'a [Option<Fingerprint>],
    /// The data file, never read as a submission.
    pub data: &'a Path,
    pub options: &'a ReadOptions,
}

/// Reads, checks and decides every file against the data file as it is (`store`,
/// loaded under the lock), as of `as_of`. `progress` is told of each file read.
pub fn prepare(
    plan: &Plan,
    store: &Store,
    inputs: &Inputs,
    policy: &Policy,
    progress: &mut dyn FnMut(&Path),
) -> Run {
    let as_of = inputs.options.as_of;
    let lang = inputs.options.lang;
    let known = Recognise {
        store,
        again: policy.again,
        prints: inputs.prints,
    };
    let mut outcomes = read_all(inputs, &known, plan, progress);
    let mut fates = fates(store, &outcomes, policy.again);
    conflicts::reject_same_day_conflicts(&mut outcomes, &fates, plan, lang);
    let mut warnings = warned::plausibility(plan, store, &outcomes, &fates, as_of);
    if policy.strict {
        warned::refuse_implausible(plan, &mut outcomes, &mut fates, &mut warnings, lang);
    }
    if let Some(reason) = &policy.confirm {
        warned::confirm(&mut outcomes, &mut warnings, reason, lang);
    }
    let mut counts = settle::settle(store, &outcomes, &fates, as_of);
    settle::count_unrecorded(&outcomes, &fates, &mut counts);
    Run {
        outcomes,
        fates,
        counts,
        warnings,
    }
}

impl Run {
    /// The files this run records (accepted, their content new), with their index
    /// among the run's files.
    pub fn to_record(&self) -> impl Iterator<Item = (usize, &Batch)> + '_ {
        to_record(&self.outcomes, &self.fates)
    }

    /// Appends the rows of the files to record to the data file, under the lock,
    /// in one write; how many rows were written.
    pub fn record(
        &self,
        data: &Path,
        plan: &Plan,
        lock: &store::Lock,
        store: &Store,
        by: Option<&str>,
    ) -> anyhow::Result<usize> {
        let batches: Vec<&Batch> = self.to_record().map(|(_, b)| b).collect();
        let written: usize = batches.iter().map(|b| b.len()).sum();
        if written == 0 {
            return Ok(0);
        }
        let stamp = Stamp::now(by);
        store::append(data, plan, lock, store, &stamp, |rows| {
            for batch in &batches {
                match batch {
                    Batch::Office(office) => office.write(rows)?,
                    Batch::Form(submission) => {
                        let source = Source {
                            file: submission.file.clone(),
                            hash: submission.hash.clone(),
                            via: None,
                        };
                        for row in &submission.rows {
                            let note = submission.note(row).unwrap_or("");
                            rows.figure(&row.key(), row.figure, row.submitted, note, &source)?;
                        }
                    }
                }
            }
            Ok(())
        })?;
        Ok(written)
    }
}

/// The files a run records (accepted, their content new), with their index among
/// the run's files.
fn to_record<'o>(
    outcomes: &'o [Outcome],
    fates: &'o [Option<Fate>],
) -> impl Iterator<Item = (usize, &'o Batch)> + 'o {
    outcomes
        .iter()
        .zip(fates)
        .enumerate()
        .filter_map(|(i, (o, f))| match (o, f) {
            (Outcome::Accepted(b), Some(Fate::Record)) => Some((i, b)),
            _ => None,
        })
}

/// A submission's row as the revision it will be when its file is the `n`th this
/// run records.
fn run_revision(row: &Row, n: usize) -> Revision {
    let source = u32::MAX - 2 - n as u32;
    Revision::figure(&row.key(), row.figure, row.submitted, row.note, source)
}

/// What recognises a file already recorded before it is read: the data file as it
/// is under the lock, and each file's fingerprint.
struct Recognise<'a> {
    store: &'a Store,
    /// `--again`: every file is read, recorded or not.
    again: bool,
    prints: &'a [Option<Fingerprint>],
}

impl Recognise<'_> {
    /// The file at `index`, if its bytes are already recorded: whatever its encoding
    /// or the options it was read with, it is not read again.
    fn known(&self, index: usize, name: &str) -> Option<Known> {
        let print = self.prints[index].as_ref().filter(|_| !self.again)?;
        if let Some(origin) = self.store.rolled_up(&print.hash) {
            return Some(Known {
                file: name.to_string(),
                keys: self.store.keys_via(&print.hash),
                fate: rolled_up(origin),
            });
        }
        let recorded = self.store.recorded_file(&print.hash)?;
        Some(Known {
            file: name.to_string(),
            keys: self.store.keys_from(&print.hash),
            fate: already_recorded(recorded),
        })
    }

    /// How the file at `index` is read: as Windows-1258 when no --encoding was given
    /// and its bytes say so.
    fn options(&self, index: usize, options: &ReadOptions) -> ReadOptions {
        let detected = self.prints[index]
            .as_ref()
            .is_some_and(|p| p.text == Text::Windows1258);
        ReadOptions {
            windows1258: options.windows1258 || detected,
            ..*options
        }
    }
}

/// The fate of a file whose content is recorded: when, as which file, and the
/// withdrawal that took it back if one did.
fn already_recorded(recorded: store::RecordedFile<'_>) -> Fate {
    Fate::AlreadyRecorded {
        on: recorded.origin.recorded_day().to_string(),
        as_file: recorded.origin.file.clone(),
        withdrawn: recorded
            .withdrawn
            .map(|(_, day, reason)| (day, reason.unwrap_or_default().to_string())),
    }
}

/// The fate of another office's data file already rolled up: when, as which file.
fn rolled_up(origin: &store::Origin) -> Fate {
    Fate::AlreadyRecorded {
        on: origin.recorded_day().to_string(),
        as_file: origin.via.as_ref().map_or("", |v| &v.file).to_string(),
        withdrawn: None,
    }
}

/// Reads and checks every file not recognised as already recorded; the data file
/// itself is refused as a submission.
fn read_all(
    inputs: &Inputs,
    known: &Recognise,
    plan: &Plan,
    progress: &mut dyn FnMut(&Path),
) -> Vec<Outcome> {
    let units = UnitNames::new(plan);
    let indicators = IndicatorIds::new(plan);
    let lang = inputs.options.lang;
    let mut outcomes = Vec::with_capacity(inputs.files.len());
    for (index, path) in inputs.files.iter().enumerate() {
        let name = path.display().to_string();
        let outcome = if same_file(path, inputs.data) {
            Outcome::Rejected(name.clone(), vec![data_file_given(&name, lang)])
        } else if let Some(known) = known.known(index, &name) {
            Outcome::Known(known)
        } else {
            let options = known.options(index, inputs.options);
            let print = inputs.prints[index].as_ref();
            let read = match print.filter(|_| office::is_data_file(path)) {
                Some(print) => office::read(&name, path, &print.hash, plan, known.store, lang)
                    .map(|o| Batch::Office(Box::new(o))),
                None => read_submission(&name, path, plan, &units, &indicators, &options)
                    .map(Batch::Form),
            };
            match read {
                Ok(batch) => Outcome::Accepted(batch),
                Err(problems) => Outcome::Rejected(name, problems),
            }
        };
        progress(path);
        outcomes.push(outcome);
    }
    outcomes
}

/// Each accepted file's fate (None for a rejected one): a file whose content is
/// already recorded is not recorded again (unless `again`), whatever was recorded
/// after it; a second copy within the run is recorded once.
fn fates(store: &Store, outcomes: &[Outcome], again: bool) -> Vec<Option<Fate>> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    outcomes
        .iter()
        .map(|outcome| {
            let batch = match outcome {
                Outcome::Accepted(batch) => batch,
                Outcome::Known(known) => return Some(known.fate.clone()),
                Outcome::Rejected(..) => return None,
            };
            if let Some(first) = seen.get(batch.hash()) {
                return Some(Fate::SameAs(first.to_string()));
            }
            seen.insert(batch.hash(), batch.file());
            // Another office's data file is known by the hash it was rolled up under.
            if let (Batch::Office(_), Some(origin), false) =
                (batch, store.rolled_up(batch.hash()), again)
            {
                return Some(rolled_up(origin));
            }
            match store.recorded_file(batch.hash()) {
                Some(recorded) if !again => Some(already_recorded(recorded)),
                _ => Some(Fate::Record),
            }
        })
        .collect()
}

/// The data file named as a submission: refused, since reading it as one would
/// record the tool's own rows again.
fn data_file_given(name: &str, lang: Lang) -> Diagnostic {
    Diagnostic::new(
        name,
        tr!(
            lang,
            "this is the data file itself, not a unit's submission",
            "đây chính là tệp dữ liệu, không phải báo cáo của một đơn vị"
        ),
    )
    .hint(tr!(
        lang,
        "ingest the units' report files; the data file is written only by gender-plan",
        "hãy nhập các tệp báo cáo của đơn vị; tệp dữ liệu chỉ do gender-plan ghi"
    ))
}

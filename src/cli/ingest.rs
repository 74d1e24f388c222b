//! `gender-plan ingest`: validate submissions and record them in the data file.

use super::{Context, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostic::Diagnostic;
use crate::domain::figure::{Figure, Key};
use crate::domain::period::Period;
use crate::i18n::Lang;
use crate::intake::names::{IndicatorIds, UnitNames};
use crate::intake::number::Decimal;
use crate::intake::submission::{ReadOptions, Submission, read_submission};
use crate::plan::Plan;
use crate::store::{self, Source};
use crate::tr;
use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Check units' CSV submissions and record them in the data file
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan ingest reports/*.csv                  check and record every report
  gender-plan ingest reports/                       every .csv file in a folder
  gender-plan ingest --dry-run report.csv           check only, record nothing
  gender-plan ingest --encoding windows-1258 a.csv  a file Excel saved as plain \"CSV\"
  gender-plan ingest --decimal comma a.csv          read 1.234 as 1234 (Vietnamese style)

A submission has a header row naming its columns, in any order: unit, period,
indicator, value (or numerator and denominator), submitted, note; Vietnamese
headers (đơn vị, kỳ, chỉ tiêu, giá trị, tử số, mẫu số, ngày gửi, ghi chú) work
too. `gender-plan template` writes a ready form; the README describes the format.

A file with any problem is rejected whole and the others still go in; each
problem is shown as FILE:LINE with a hint. Ingesting a file again changes nothing.")]
pub struct IngestArgs {
    /// CSV files, folders of CSV files, or patterns such as reports/*.csv
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The encoding of files without a byte-order mark
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    encoding: Encoding,
    /// The decimal mark, for numbers such as 1.234 that a file does not settle
    #[arg(long, value_enum)]
    decimal: Option<DecimalMark>,
    /// Date the files were received, for rows without a submitted date [default: --as-of]
    #[arg(long, value_name = "DATE", value_parser = super::parse_user_date)]
    received: Option<NaiveDate>,
    /// Check and report, but write nothing
    #[arg(long)]
    dry_run: bool,
    /// List only rejected files and the total, not every accepted file
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "windows-1258")]
    Windows1258,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DecimalMark {
    Comma,
    Dot,
}

/// One input file's fate.
enum Outcome {
    Accepted(Submission),
    Rejected(String, Vec<Diagnostic>),
}

#[derive(Default, Clone, Copy)]
struct Counts {
    new: usize,
    updated: usize,
    unchanged: usize,
    blank: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.blank += other.blank;
    }

    fn text(self, lang: Lang) -> String {
        let Counts {
            new,
            updated,
            unchanged,
            blank,
        } = self;
        tr!(
            lang,
            "{new} new, {updated} updated, {unchanged} unchanged, {blank} blank",
            "{new} mới, {updated} cập nhật, {unchanged} không đổi, {blank} để trống"
        )
    }
}

pub fn run(ctx: &Context, args: IngestArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let files = expand(&args.files, lang)?;
    let units = UnitNames::new(&plan);
    let indicators = IndicatorIds::new(&plan);
    let options = ReadOptions {
        windows1258: args.encoding == Encoding::Windows1258,
        decimal: args.decimal.map(|d| match d {
            DecimalMark::Comma => Decimal::Comma,
            DecimalMark::Dot => Decimal::Dot,
        }),
        received: args.received,
        as_of: ctx.as_of,
        lang,
    };

    let progress = progress_bar(&files);
    let mut outcomes = Vec::with_capacity(files.len());
    for path in &files {
        let name = path.display().to_string();
        let outcome = match read_submission(&name, path, &plan, &units, &indicators, &options) {
            Ok(submission) => Outcome::Accepted(submission),
            Err(problems) => Outcome::Rejected(name, problems),
        };
        if let Some(bar) = &progress {
            bar.inc(std::fs::metadata(path).map_or(0, |m| m.len()));
        }
        outcomes.push(outcome);
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    reject_conflicts(&mut outcomes, &plan, lang);

    // Record, under the lock, against the data file as it is now.
    let accepted = outcomes.iter().any(|o| matches!(o, Outcome::Accepted(_)));
    let lock = if accepted && !args.dry_run {
        Some(store::lock(&ctx.data_path, lang)?)
    } else {
        None
    };
    let mut accepted: Vec<Submission> = Vec::new();
    let mut order: Vec<Result<usize, (String, Vec<Diagnostic>)>> = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Accepted(submission) => {
                order.push(Ok(accepted.len()));
                accepted.push(submission);
            }
            Outcome::Rejected(file, problems) => order.push(Err((file, problems))),
        }
    }
    let recorded_now = compare_with_record(&ctx.data_path, &plan, lang, &accepted)?;
    let recorded = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);

    let mut stdout = std::io::stdout().lock();
    let mut total = Counts::default();
    let (mut n_accepted, mut n_rejected) = (0, 0);
    let mut scopes = Vec::with_capacity(accepted.len());
    for submission in &accepted {
        scopes.push(scope(&plan, submission));
    }
    let mut counts_of = Vec::with_capacity(accepted.len());
    for (submission, states) in accepted.iter_mut().zip(recorded_now) {
        counts_of.push(keep_changes(submission, &states));
    }
    for entry in order {
        match entry {
            Ok(index) => {
                n_accepted += 1;
                let (submission, counts) = (&accepted[index], counts_of[index]);
                total.add(counts);
                // Nothing to write: blank rows over recorded figures change nothing
                // either, so a file ingested again says so even if it has blanks.
                let verdict = if submission.rows.is_empty() {
                    lang.pick(" (unchanged)", " (không đổi)")
                } else {
                    ""
                };
                if !args.quiet {
                    let (file, scope) = (&submission.file, &scopes[index]);
                    writeln!(stdout, "{file}: {scope}: {}{verdict}", counts.text(lang))?;
                }
            }
            Err((file, problems)) => {
                n_rejected += 1;
                let n = problems.len();
                writeln!(
                    stdout,
                    "{file}: {}",
                    tr!(
                        lang,
                        "REJECTED ({n} problem(s), nothing recorded from this file)",
                        "BỊ TỪ CHỐI ({n} lỗi, không ghi nhận gì từ tệp này)"
                    )
                )?;
                stdout.flush()?;
                let mut stderr = std::io::stderr().lock();
                for problem in problems {
                    writeln!(stderr, "{}", problem.render(lang, ctx.stderr_color))?;
                }
            }
        }
    }
    let to_write = accepted;
    let written: usize = to_write.iter().map(|s| s.rows.len()).sum();
    if let Some(lock) = &lock
        && written > 0
    {
        store::append(&ctx.data_path, &plan, lock, |rows| {
            for submission in &to_write {
                let source = Source {
                    file: submission.file.clone(),
                    hash: submission.hash.clone(),
                };
                for row in &submission.rows {
                    let note = submission.note(row).unwrap_or("");
                    rows.write(
                        &recorded,
                        &row.key(),
                        row.figure,
                        row.submitted,
                        note,
                        &source,
                    )?;
                }
            }
            Ok(())
        })?;
    }
    drop(lock);

    let files = n_accepted + n_rejected;
    let mut line = tr!(
        lang,
        "{files} file(s): {n_accepted} accepted, {n_rejected} rejected; {}",
        "{files} tệp: {n_accepted} được nhận, {n_rejected} bị từ chối; {}",
        total.text(lang)
    );
    if args.dry_run {
        line.push_str(lang.pick(
            " (dry run: nothing was written)",
            " (chạy thử: không ghi gì)",
        ));
    } else if written > 0 {
        let n = written;
        line.push_str(&tr!(
            lang,
            "; {n} revision(s) written to {}",
            "; đã ghi {n} bản ghi vào {}",
            ctx.data_path.display()
        ));
    }
    writeln!(stdout, "{line}")?;
    Ok(if n_rejected > 0 {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    })
}

/// Files named on the command line: folders give their .csv files, and patterns are
/// expanded here too, since the Windows shell does not expand them.
fn expand(args: &[PathBuf], lang: Lang) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(arg)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
                .collect();
            found.sort();
            files.extend(found);
        } else if !arg.exists() && arg.to_string_lossy().contains(['*', '?']) {
            let pattern = arg.to_string_lossy();
            let mut found: Vec<PathBuf> = glob::glob(&pattern)?.filter_map(Result::ok).collect();
            if found.is_empty() {
                bail!(tr!(
                    lang,
                    "no file matches {pattern}",
                    "không có tệp nào khớp với {pattern}"
                ));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

fn progress_bar(files: &[PathBuf]) -> Option<indicatif::ProgressBar> {
    const LARGE: u64 = 20 << 20;
    let total: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if total < LARGE || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Two files of one run giving different figures for the same key cannot both be
/// right: both are rejected, each naming the other.
fn reject_conflicts(outcomes: &mut [Outcome], plan: &Plan, lang: Lang) {
    let accepted = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Accepted(_)))
        .count();
    if accepted < 2 {
        return; // within one file, a repeated key is already a problem of its own
    }
    let mut seen: FxHashMap<u64, (usize, u32, Figure)> = FxHashMap::default();
    let mut conflicts: Vec<(usize, Diagnostic)> = Vec::new();
    for (index, outcome) in outcomes.iter().enumerate() {
        let Outcome::Accepted(submission) = outcome else {
            continue;
        };
        for row in &submission.rows {
            match seen.get(&row.packed_key) {
                Some(&(other, other_line, figure)) if other != index && figure != row.figure => {
                    let Outcome::Accepted(first) = &outcomes[other] else {
                        continue;
                    };
                    let what = describe_key(plan, &row.key(), lang);
                    let hint = tr!(
                        lang,
                        "find out which figure is right, correct the other file, and ingest both again",
                        "xác định số liệu đúng, sửa tệp kia, rồi nhập lại cả hai tệp"
                    );
                    conflicts.push((
                        index,
                        Diagnostic::new(
                            &submission.file,
                            tr!(
                                lang,
                                "{what} differs from {}:{other_line}",
                                "{what} khác với {}:{other_line}",
                                first.file
                            ),
                        )
                        .at_line(row.line as usize)
                        .hint(hint.clone()),
                    ));
                    conflicts.push((
                        other,
                        Diagnostic::new(
                            &first.file,
                            tr!(
                                lang,
                                "{what} differs from {}:{}",
                                "{what} khác với {}:{}",
                                submission.file,
                                row.line
                            ),
                        )
                        .at_line(other_line as usize)
                        .hint(hint),
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(row.packed_key, (index, row.line, row.figure));
                }
            }
        }
    }
    let mut by_file: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
    for (index, d) in conflicts {
        by_file.entry(index).or_default().push(d);
    }
    for (index, mut problems) in by_file {
        problems.sort_by_key(|d| d.line);
        problems.dedup();
        if let Outcome::Accepted(submission) = &outcomes[index] {
            let file = submission.file.clone();
            outcomes[index] = Outcome::Rejected(file, problems);
        }
    }
}

fn describe_key(plan: &Plan, key: &Key, lang: Lang) -> String {
    let unit = &plan.units[key.unit as usize].id;
    match key.indicator {
        Some(i) => tr!(
            lang,
            "indicator {} for {unit}, {}",
            "chỉ tiêu {} của {unit}, kỳ {}",
            plan.indicators[i as usize].id,
            key.period
        ),
        None => tr!(
            lang,
            "the narrative report of {unit}, {}",
            "báo cáo bằng lời của {unit}, kỳ {}",
            key.period
        ),
    }
}

/// How a submitted row stands against what is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recorded {
    /// Nothing recorded for its key.
    Nothing,
    /// The latest recorded revision says the same (figure and note).
    Same,
    /// The latest recorded revision says something else.
    Different,
}

/// For every row of every accepted submission, how it stands against the data file
/// and the earlier files of this run. The data file is streamed past an index of
/// the submitted keys, so it is never held in memory beside the submissions.
fn compare_with_record(
    data: &Path,
    plan: &Plan,
    lang: Lang,
    accepted: &[Submission],
) -> anyhow::Result<Vec<Vec<Recorded>>> {
    let mut states: Vec<Vec<Recorded>> = accepted
        .iter()
        .map(|s| vec![Recorded::Nothing; s.rows.len()])
        .collect();
    if accepted.len() < 2 && !data.exists() {
        return Ok(states); // nothing recorded and no earlier file: every row is new
    }
    // Rows are numbered across the run's files; the index maps a key to the first
    // row that has it (4 bytes a row instead of 8, with millions of rows).
    let offsets: Vec<u32> = accepted
        .iter()
        .scan(0u32, |start, s| {
            let this = *start;
            *start += s.rows.len() as u32;
            Some(this)
        })
        .collect();
    let locate = |global: u32| {
        let f = offsets.partition_point(|&start| start <= global) - 1;
        (f as u32, global - offsets[f])
    };
    let total: usize = accepted.iter().map(|s| s.rows.len()).sum();
    let mut index: FxHashMap<u64, u32> =
        FxHashMap::with_capacity_and_hasher(total, Default::default());
    // A key in two files of one run (conflicting figures were rejected): the later
    // row stands against the earlier one, as if that were already recorded.
    let mut repeats: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut is_repeat: Vec<Vec<bool>> =
        accepted.iter().map(|s| vec![false; s.rows.len()]).collect();
    for (f, submission) in accepted.iter().enumerate() {
        for (r, row) in submission.rows.iter().enumerate() {
            let global = offsets[f] + r as u32;
            match index.entry(row.packed_key) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(global);
                }
                std::collections::hash_map::Entry::Occupied(first) => {
                    let (ff, fr) = locate(*first.get());
                    repeats.push((f as u32, r as u32, ff, fr));
                    is_repeat[f][r] = true;
                }
            }
        }
    }
    // The data file mostly holds earlier submissions in their own order, so the row
    // after the last one found is tried before the index: re-ingesting a large file
    // then walks it in step instead of probing a hash table at random.
    let mut next: (u32, u32) = (0, 0);
    store::scan(data, plan, lang, |revision| {
        let (nf, nr) = next;
        let in_step = accepted
            .get(nf as usize)
            .and_then(|s| s.rows.get(nr as usize))
            .is_some_and(|row| row.packed_key == revision.packed_key)
            && !is_repeat[nf as usize][nr as usize];
        let found = if in_step {
            Some((nf, nr))
        } else {
            index
                .get(&revision.packed_key)
                .map(|&global| locate(global))
        };
        if let Some((f, r)) = found {
            next = (f, r + 1);
            let submission = &accepted[f as usize];
            let row = &submission.rows[r as usize];
            let same = row.figure == revision.figure && submission.note(row) == revision.note;
            states[f as usize][r as usize] = if same {
                Recorded::Same
            } else {
                Recorded::Different
            };
        }
    })?;
    for (f, r, ff, fr) in repeats {
        let (earlier, later) = (&accepted[ff as usize], &accepted[f as usize]);
        let (first, row) = (&earlier.rows[fr as usize], &later.rows[r as usize]);
        let first_recorded = states[ff as usize][fr as usize];
        states[f as usize][r as usize] = if first.figure.is_blank() {
            // A blank never hides a recorded figure: what stands is what was there.
            first_recorded
        } else if first.figure == row.figure && earlier.note(first) == later.note(row) {
            Recorded::Same
        } else {
            Recorded::Different
        };
    }
    Ok(states)
}

/// Counts a submission's rows and keeps only those that change something: new
/// figures, corrections, and blanks where nothing was recorded yet (they show the
/// unit reported, if incompletely). A blank never hides a recorded figure.
fn keep_changes(submission: &mut Submission, states: &[Recorded]) -> Counts {
    let mut counts = Counts::default();
    let mut state = states.iter();
    submission.rows.retain(|row| {
        let recorded = *state.next().expect("one state per row");
        match (recorded, row.figure.is_blank()) {
            (Recorded::Nothing, true) => {
                counts.blank += 1;
                true
            }
            (_, true) => {
                counts.blank += 1;
                false
            }
            (Recorded::Nothing, false) => {
                counts.new += 1;
                true
            }
            (Recorded::Same, false) => {
                counts.unchanged += 1;
                false
            }
            (Recorded::Different, false) => {
                counts.updated += 1;
                true
            }
        }
    });
    counts
}

/// "ban-bo, 2025-H1, 2025-Q1, 2025-Q2": who and which periods a file covers.
fn scope(plan: &Plan, submission: &Submission) -> String {
    let mut units: BTreeSet<u16> = BTreeSet::new();
    let mut periods: BTreeSet<Period> = BTreeSet::new();
    for row in &submission.rows {
        let key = row.key();
        units.insert(key.unit);
        periods.insert(key.period);
    }
    let units: BTreeSet<&str> = units
        .iter()
        .map(|&u| plan.units[u as usize].id.as_str())
        .collect();
    let mut parts: Vec<String> = units.into_iter().map(String::from).collect();
    if parts.len() > 3 {
        let n = parts.len();
        parts = vec![format!("{n} units")];
    }
    parts.extend(periods.into_iter().map(|p| p.to_string()));
    if parts.is_empty() {
        return "-".into();
    }
    parts.join(", ")
}

//! `gender-plan ingest`: validate submissions and record them in the data file.

use super::{Context, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostic::Diagnostic;
use crate::domain::figure::{Figure, Key};
use crate::i18n::Lang;
use crate::intake::fields::parse_date;
use crate::intake::names::{IndicatorIds, UnitNames};
use crate::intake::number::Decimal;
use crate::intake::submission::{ReadOptions, Submission, read_submission};
use crate::plan::Plan;
use crate::store::{self, Revision, Source, Store};
use crate::tr;
use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    #[arg(long, value_name = "DATE", value_parser = parse_received)]
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

fn parse_received(text: &str) -> Result<NaiveDate, String> {
    parse_date(text)
        .map_err(|_| format!("\"{text}\" is not a date; write it as 2025-06-05 or 05/06/2025"))
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
        let outcome = match std::fs::read(path) {
            Ok(bytes) => {
                match read_submission(&name, bytes, &plan, &units, &indicators, &options) {
                    Ok(submission) => Outcome::Accepted(submission),
                    Err(problems) => Outcome::Rejected(name, problems),
                }
            }
            Err(e) => Outcome::Rejected(
                name.clone(),
                vec![
                    Diagnostic::new(
                        &name,
                        tr!(lang, "cannot read the file: {e}", "không đọc được tệp: {e}"),
                    )
                    .hint(tr!(
                        lang,
                        "check the file's name and that it is not open in another program",
                        "kiểm tra tên tệp và tệp không bị chương trình khác mở"
                    )),
                ],
            ),
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
    let mut store = Store::load(&ctx.data_path, &plan, lang)?;
    let first_new = store.revisions.len();
    let recorded = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let recorded = store.intern_recorded(recorded);

    let mut stdout = std::io::stdout().lock();
    let mut total = Counts::default();
    let (mut n_accepted, mut n_rejected) = (0, 0);
    for outcome in outcomes {
        match outcome {
            Outcome::Accepted(submission) => {
                n_accepted += 1;
                let before = store.revisions.len();
                let counts = record(&mut store, &submission, recorded);
                total.add(counts);
                let scope = scope(&plan, &submission);
                // Nothing to write: blank rows over recorded figures change nothing
                // either, so a file ingested again says so even if it has blanks.
                let verdict = if store.revisions.len() == before {
                    lang.pick(" (unchanged)", " (không đổi)")
                } else {
                    ""
                };
                if args.quiet {
                    continue;
                }
                writeln!(
                    stdout,
                    "{}: {scope}: {}{verdict}",
                    submission.file,
                    counts.text(lang)
                )?;
            }
            Outcome::Rejected(file, problems) => {
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
                let color = std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
                let mut stderr = std::io::stderr().lock();
                for problem in problems {
                    writeln!(stderr, "{}", problem.render(lang, color))?;
                }
            }
        }
    }
    if let Some(lock) = &lock
        && store.revisions.len() > first_new
    {
        store::append(&ctx.data_path, &plan, &store, first_new, lock)?;
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
    } else if store.revisions.len() > first_new {
        let n = store.revisions.len() - first_new;
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
    let mut seen: HashMap<Key, (usize, u32, Figure)> = HashMap::new();
    let mut conflicts: Vec<(usize, Diagnostic)> = Vec::new();
    for (index, outcome) in outcomes.iter().enumerate() {
        let Outcome::Accepted(submission) = outcome else {
            continue;
        };
        for row in &submission.rows {
            match seen.get(&row.key) {
                Some(&(other, other_line, figure)) if other != index && figure != row.figure => {
                    let Outcome::Accepted(first) = &outcomes[other] else {
                        continue;
                    };
                    let what = describe_key(plan, &row.key, lang);
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
                    seen.insert(row.key, (index, row.line, row.figure));
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

/// Adds a submission's rows to the store as revisions where they change something.
fn record(store: &mut Store, submission: &Submission, recorded: u32) -> Counts {
    let source = store.intern_source(Source {
        file: submission.file.clone(),
        hash: submission.hash.clone(),
    });
    let mut counts = Counts::default();
    for row in &submission.rows {
        let current = store.current(&row.key);
        let changed = match (current, row.figure) {
            (Some(_), Figure::Blank) => {
                counts.blank += 1;
                false
            }
            (None, Figure::Blank) => {
                counts.blank += 1;
                true
            }
            (None, _) => {
                counts.new += 1;
                true
            }
            (Some(c), figure) if c.figure == figure && c.note == row.note => {
                counts.unchanged += 1;
                false
            }
            (Some(_), _) => {
                counts.updated += 1;
                true
            }
        };
        if changed {
            store.push(Revision {
                key: row.key,
                figure: row.figure,
                submitted: row.submitted,
                note: row.note.clone(),
                source,
                recorded,
            });
        }
    }
    counts
}

/// "ban-bo, 2025-H1, 2025-Q1, 2025-Q2": who and which periods a file covers.
fn scope(plan: &Plan, submission: &Submission) -> String {
    let units: BTreeSet<&str> = submission
        .rows
        .iter()
        .map(|r| plan.units[r.key.unit as usize].id.as_str())
        .collect();
    let periods: BTreeSet<_> = submission.rows.iter().map(|r| r.key.period).collect();
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

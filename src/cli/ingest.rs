//! `gender-plan ingest`: validate submissions and record them in the data file.

use super::shared::{date_text, describe_key, figure_text};
use super::{Context, EXIT_OK, EXIT_PROBLEMS};
use crate::diagnostic::Diagnostic;
use crate::domain::figure::Key;
use crate::domain::period::Period;
use crate::domain::revision::{Revision, State, in_force, states};
use crate::i18n::Lang;
use crate::intake::bytes::{self, Fingerprint, Text};
use crate::intake::names::{IndicatorIds, UnitNames};
use crate::intake::number::Decimal;
use crate::intake::source::{self, Skip};
use crate::intake::submission::{ReadOptions, Row, Submission, read_submission};
use crate::plan::Plan;
use crate::store::{self, Source, Stamp, Store};
use crate::tr;
use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use lines::{already_recorded_text, assumed_encoding_text, file_lines, scope};
use rustc_hash::{FxHashMap, FxHashSet};
use settle::{count_unrecorded, settle};
use std::collections::{BTreeSet, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use warned::{confirm, plausibility, refuse_implausible, report_warnings};

mod lines;
mod settle;
mod warned;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Kiểm tra các tệp báo cáo của đơn vị (tệp CSV hoặc bảng tính) và ghi nhận vào tệp dữ liệu",
        ),
        (
            "files",
            "Tệp báo cáo (CSV, .xlsx, .xlsm, .xls, .ods), thư mục chứa chúng, hoặc mẫu như baocao/*.csv",
        ),
        (
            "encoding",
            "Bảng mã của tệp không có BOM: utf-8, windows-1258 [mặc định: UTF-8; tệp không phải UTF-8 được đọc theo Windows-1258 khi nội dung tệp cho thấy rõ như vậy]",
        ),
        (
            "decimal",
            "Dấu thập phân, cho các số như 1.234 mà tệp không tự xác định: 'comma' (dấu phẩy) hoặc 'dot' (dấu chấm)",
        ),
        (
            "received",
            "Ngày nhận tệp, dùng cho các dòng không ghi ngày gửi [mặc định: --as-of]",
        ),
        ("dry_run", "Chỉ kiểm tra và báo kết quả, không ghi gì"),
        ("quiet", "Chỉ liệt kê các tệp bị từ chối và tổng số"),
        (
            "again",
            "Ghi nhận lại tệp đã được ghi nhận (sau khi rút lại nhầm, hoặc cùng --received để ghi đúng ngày gửi)",
        ),
        (
            "by",
            "Người ghi nhận, lưu vào lịch sử [mặc định: tên đăng nhập]",
        ),
        (
            "strict",
            "Từ chối tệp có số liệu bị cảnh báo là bất thường, thay vì ghi nhận kèm cảnh báo",
        ),
        (
            "confirm",
            "Xác nhận các số liệu bị cảnh báo là bất thường, với lý do này (lưu trong ghi chú của số liệu)",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan ingest baocao/*.csv                    kiểm tra và ghi nhận mọi báo cáo
  gender-plan ingest baocao/                         mọi tệp báo cáo trong một thư mục
  gender-plan ingest ban-bo.xlsx                     một tệp bảng tính (.xlsx, .xlsm, .xls, .ods)
  gender-plan ingest --dry-run baocao.csv            chỉ kiểm tra, không ghi nhận
  gender-plan ingest --encoding windows-1258 a.csv   tệp Excel lưu dạng \"CSV\" thường
  gender-plan ingest --decimal comma a.csv           đọc 1.234 là một nghìn hai trăm ba mươi tư

Tệp báo cáo có một dòng tiêu đề ghi tên các cột, theo thứ tự bất kỳ: đơn vị, kỳ,
chỉ tiêu, giá trị (hoặc tử số và mẫu số), ngày gửi, ghi chú. Các dòng tiêu đề phía
trên được bỏ qua. Trong tệp bảng tính, mọi trang tính có dòng tên cột như vậy đều
được đọc. `gender-plan template` tạo sẵn mẫu; README mô tả định dạng.

Với một thư mục, mọi tệp báo cáo trong đó được đọc, các tệp khác (tệp khóa, tệp ẩn,
văn bản khác, thư mục con) được liệt kê là bỏ qua kèm lý do. Tệp có lỗi bị từ chối
toàn bộ, các tệp khác vẫn được ghi nhận; mỗi lỗi ghi TỆP:DÒNG (trong tệp bảng tính:
TỆP[TRANG]!Ô) kèm gợi ý. Nhập lại cùng một tệp không thay đổi gì.

Số liệu sửa đổi: với mỗi đơn vị, kỳ và chỉ tiêu, số liệu gửi sau cùng là số liệu hiện
hành (cùng ngày thì số liệu ghi nhận sau cùng), dù các tệp được nhập theo thứ tự nào;
số liệu cũ vẫn lưu trong tệp dữ liệu (`gender-plan history`). Hai tệp trong cùng một
lần nhập có số liệu khác nhau cho cùng một chỉ tiêu với cùng ngày gửi đều bị từ chối.",
    ),
};

/// Check units' submissions (CSV files or workbooks) and record them in the data file
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan ingest reports/*.csv                  check and record every report
  gender-plan ingest reports/                       every report in a folder
  gender-plan ingest ban-bo.xlsx                    a workbook (.xlsx, .xlsm, .xls, .ods)
  gender-plan ingest --dry-run report.csv           check only, record nothing
  gender-plan ingest --encoding windows-1258 a.csv  a file Excel saved as plain \"CSV\"
  gender-plan ingest --decimal comma a.csv          read 1.234 as 1234 (Vietnamese style)

A submission has a header row naming its columns, in any order: unit, period,
indicator, value (or numerator and denominator), submitted, note; Vietnamese
headers (đơn vị, kỳ, chỉ tiêu, giá trị, tử số, mẫu số, ngày gửi, ghi chú) work
too. Title rows above the header are passed over. In a workbook every sheet with
such a header is read. `gender-plan template` writes a ready form; the README
describes the format.

A folder gives every file in it: reports are read, and every other file (lock
files, hidden files, other documents, folders) is listed as skipped with the
reason. A file with any problem is rejected whole and the others still go in; each
problem is shown as FILE:LINE (in a workbook FILE[SHEET]!CELL) with a hint.
Ingesting a file again changes nothing.

Corrections: for each unit, period and indicator the figure submitted last is
the current one (on the same day, the one recorded last), whatever order files
are ingested in; older figures stay in the data file as history
(`gender-plan history`). Two files of one run with different figures for the
same key and the same submitted date are both rejected.")]
pub struct IngestArgs {
    /// Report files (CSV, .xlsx, .xlsm, .xls, .ods), folders of them, or patterns such as reports/*.csv
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The encoding of files without a byte-order mark [default: UTF-8; a file that
    /// is not UTF-8 is read as Windows-1258 when its bytes say so beyond doubt]
    #[arg(long, value_enum)]
    encoding: Option<Encoding>,
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
    /// Record files whose content is already recorded once more (after a withdrawal
    /// made by mistake, or with --received to give undated rows their real date)
    #[arg(long)]
    again: bool,
    /// Who records the files, for the history [default: the login name]
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// Refuse a file whose figures raise a plausibility warning, instead of
    /// recording them with the warning
    #[arg(long)]
    strict: bool,
    /// Confirm the figures that raise a plausibility warning, with this reason
    /// (kept in their note, so they warn no more)
    #[arg(long, value_name = "REASON", conflicts_with = "strict")]
    confirm: Option<String>,
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

/// One input file as read.
enum Outcome {
    Accepted(Submission),
    /// Recognised by its bytes as a file already recorded, so not read.
    Known(Known),
    Rejected(String, Vec<Diagnostic>),
}

impl Outcome {
    /// The file as named on the command line.
    fn file(&self) -> &str {
        match self {
            Outcome::Accepted(submission) => &submission.file,
            Outcome::Known(known) => &known.file,
            Outcome::Rejected(file, _) => file,
        }
    }
}

/// A file whose bytes are already recorded: what the data file says of it.
struct Known {
    file: String,
    /// What was recorded from it: one key a row.
    keys: Vec<Key>,
    /// Always [`Fate::AlreadyRecorded`].
    fate: Fate,
}

/// What this run does with an accepted file.
#[derive(Debug, Clone)]
enum Fate {
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

/// How an accepted file's rows stand once the run is recorded: each row is
/// counted once, so the counts add up to the rows.
#[derive(Debug, Default, Clone)]
struct Counts {
    /// A figure where none was in force.
    new: usize,
    /// A figure that replaces a different one.
    updated: usize,
    /// The figure in force already says the same.
    unchanged: usize,
    /// A later-submitted figure stays in force: this one is history.
    superseded: usize,
    blank: usize,
    /// Rows of a file whose content is already recorded: nothing to do.
    already: usize,
    /// Rows of a file with the same content as an earlier one of this run, which
    /// records them.
    repeated: usize,
    /// Who supersedes: (file, submitted).
    superseded_by: BTreeSet<(String, NaiveDate)>,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.superseded += other.superseded;
        self.blank += other.blank;
        self.already += other.already;
        self.repeated += other.repeated;
    }

    /// Every row counted: what the counts add up to.
    fn rows(&self) -> usize {
        self.new
            + self.updated
            + self.unchanged
            + self.superseded
            + self.blank
            + self.already
            + self.repeated
    }

    fn text(&self, lang: Lang) -> String {
        let Counts {
            new,
            updated,
            unchanged,
            superseded,
            blank,
            already,
            repeated,
            ..
        } = self;
        let mut text = tr!(
            lang,
            "{new} new, {updated} updated, {unchanged} unchanged, {blank} blank",
            "{new} số liệu mới, {updated} cập nhật, {unchanged} không đổi, {blank} để trống"
        );
        if *superseded > 0 {
            text.push_str(&tr!(
                lang,
                ", {superseded} superseded",
                ", {superseded} đã có số liệu gửi sau thay thế"
            ));
        }
        if *already > 0 {
            text.push_str(&tr!(
                lang,
                ", {already} already recorded",
                ", {already} đã ghi nhận trước đây"
            ));
        }
        if *repeated > 0 {
            text.push_str(&tr!(
                lang,
                ", {repeated} in a file repeated",
                ", {repeated} trong tệp trùng nội dung"
            ));
        }
        text
    }

    /// "12 row(s): 10 new, 0 updated, 0 unchanged, 2 blank": the total first, so
    /// that the counts can be seen to add up to it.
    fn total_text(&self, lang: Lang) -> String {
        let rows = self.rows();
        let counts = self.text(lang);
        tr!(lang, "{rows} row(s): {counts}", "{rows} dòng: {counts}")
    }

    /// "superseded by b.csv, submitted 2025-06-05".
    fn superseded_text(&self, lang: Lang) -> Option<String> {
        if self.superseded_by.is_empty() {
            return None;
        }
        let by: Vec<String> = self
            .superseded_by
            .iter()
            .map(|(file, day)| {
                let day = date_text(*day, lang);
                tr!(lang, "{file}, submitted {day}", "{file}, gửi ngày {day}")
            })
            .collect();
        Some(tr!(
            lang,
            "superseded by {}: the later-submitted figures stay current; this file is kept as history",
            "đã có số liệu gửi sau thay thế ({}): số liệu gửi sau vẫn là số liệu hiện hành; tệp này được lưu làm lịch sử",
            by.join("; ")
        ))
    }
}

pub fn run(ctx: &Context, args: IngestArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let (files, skipped) = expand(&args.files, &ctx.data_path, lang)?;
    let options = read_options(ctx, &args);
    // Each file is known by its bytes before it is read: hashed, and, when no
    // --encoding decides, its encoding detected if it is not UTF-8.
    let prints = fingerprints(&files, &ctx.data_path, args.encoding.is_none());

    // Recognise, decide and record under the lock, against the data file as it is now.
    let (lock, store) = lock_and_load(ctx, &plan, &prints, args.dry_run)?;
    let known = Recognise {
        store: &store,
        again: args.again,
        prints: &prints,
    };
    let mut outcomes = read_all(&files, &known, &ctx.data_path, &plan, &options);
    let mut fates = fates(&store, &outcomes, args.again);
    reject_same_day_conflicts(&mut outcomes, &fates, &plan, lang);
    let mut warnings = plausibility(&plan, &store, &outcomes, &fates, ctx.as_of);
    if args.strict {
        refuse_implausible(&plan, &mut outcomes, &mut fates, &mut warnings, lang);
    }
    if let Some(reason) = &args.confirm {
        confirm(&mut outcomes, &warnings, reason, lang);
    }
    let mut counts = settle(&store, &outcomes, &fates, ctx.as_of);
    count_unrecorded(&outcomes, &fates, &mut counts);

    // Neither output can stop the run: what was accepted is recorded even when
    // the reader of stdout has gone (`ingest … | head -1`).
    let mut stdout = super::Resilient::new(std::io::stdout().lock());
    let mut stderr = super::Resilient::new(std::io::stderr());
    list_skipped(&mut stdout, &skipped, lang)?;
    let tally = report_files(
        ctx,
        &plan,
        &outcomes,
        (&fates, &counts, &prints),
        &options,
        args.quiet,
        (&mut stdout, &mut stderr),
    )?;
    report_warnings(
        ctx,
        &plan,
        &outcomes,
        &warnings,
        args.confirm.as_deref(),
        (&mut stdout, &mut stderr),
    )?;
    let written = match &lock {
        Some(lock) => record(
            ctx,
            &plan,
            lock,
            &store,
            &outcomes,
            &fates,
            args.by.as_deref(),
        )?,
        None => 0,
    };
    drop(lock);

    let line = summary_line(ctx, &tally, skipped.len(), args.dry_run, written);
    writeln!(stdout, "{line}")?;
    if let Some(cut) = stdout.finish() {
        writeln!(stderr, "{}", super::cut_short_note(&cut, lang))?;
    }
    let _ = stderr.finish();
    Ok(if tally.rejected > 0 {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    })
}

/// The data file's lock (none for a dry run) and the store as it is under it, taken
/// before any file is read, so that a recorded file is recognised against what
/// this run will append to. Nothing is locked or loaded when no file can be read.
fn lock_and_load(
    ctx: &Context,
    plan: &Plan,
    prints: &[Option<Fingerprint>],
    dry_run: bool,
) -> anyhow::Result<(Option<store::Lock>, Store)> {
    if prints.iter().all(Option::is_none) {
        return Ok((None, Store::default()));
    }
    let lock = match dry_run {
        true => None,
        false => Some(store::lock(&ctx.data_path, ctx.lang)?),
    };
    Ok((lock, ctx.load_store(plan)?))
}

/// How the files are read: the options of the command line and the as-of day.
fn read_options(ctx: &Context, args: &IngestArgs) -> ReadOptions {
    ReadOptions {
        windows1258: args.encoding == Some(Encoding::Windows1258),
        decimal: args.decimal.map(|d| match d {
            DecimalMark::Comma => Decimal::Comma,
            DecimalMark::Dot => Decimal::Dot,
        }),
        received: args.received,
        as_of: ctx.as_of,
        lang: ctx.lang,
    }
}

/// How many files were accepted and rejected, and what the accepted ones hold.
#[derive(Default)]
struct Tally {
    accepted: usize,
    rejected: usize,
    total: Counts,
}

/// Each file's lines (what it brought, or why it was rejected, its problems on
/// standard error), in the order given.
#[allow(clippy::too_many_arguments)]
fn report_files(
    ctx: &Context,
    plan: &Plan,
    outcomes: &[Outcome],
    (fates, counts, prints): (&[Option<Fate>], &[Counts], &[Option<Fingerprint>]),
    options: &ReadOptions,
    quiet: bool,
    (out, err): (&mut impl Write, &mut impl Write),
) -> anyhow::Result<Tally> {
    let lang = ctx.lang;
    let mut tally = Tally::default();
    for (index, outcome) in outcomes.iter().enumerate() {
        match outcome {
            Outcome::Accepted(submission) => {
                tally.accepted += 1;
                tally.total.add(&counts[index]);
                if !quiet {
                    let mut lines =
                        file_lines(plan, submission, &fates[index], &counts[index], options);
                    // How it was read comes first, under its line.
                    if let Some(text) = assumed_encoding_text(prints[index].as_ref(), lang) {
                        lines.insert(1, text);
                    }
                    for line in lines {
                        writeln!(out, "{}", crate::text::for_terminal(&line))?;
                    }
                    list_skipped_sheets(out, submission, lang)?;
                }
            }
            Outcome::Known(known) => {
                tally.accepted += 1;
                tally.total.add(&counts[index]);
                if !quiet {
                    let scope = scope(plan, known.keys.iter().copied(), std::iter::empty(), lang);
                    let line = already_recorded_text(&known.file, &scope, &known.fate, lang);
                    writeln!(out, "{}", crate::text::for_terminal(&line))?;
                }
            }
            Outcome::Rejected(file, problems) => {
                tally.rejected += 1;
                let n = problems.len();
                let file = crate::text::for_terminal(file);
                writeln!(
                    out,
                    "{file}: {}",
                    tr!(
                        lang,
                        "REJECTED ({n} problem(s), nothing recorded from this file)",
                        "BỊ TỪ CHỐI ({n} lỗi, không ghi nhận gì từ tệp này)"
                    )
                )?;
                out.flush()?;
                for problem in problems {
                    writeln!(err, "{}", problem.render(lang, ctx.stderr_color))?;
                }
            }
        }
    }
    Ok(tally)
}

/// The files this run records (accepted, their content new), with their index
/// among the run's files.
fn to_record<'o>(
    outcomes: &'o [Outcome],
    fates: &'o [Option<Fate>],
) -> impl Iterator<Item = (usize, &'o Submission)> + 'o {
    outcomes
        .iter()
        .zip(fates)
        .enumerate()
        .filter_map(|(i, (o, f))| match (o, f) {
            (Outcome::Accepted(s), Some(Fate::Record)) => Some((i, s)),
            _ => None,
        })
}

/// A row of the `n`th file this run records, as the revision it will be: its
/// source numbered past every recorded one, its note's index the submission's
/// (what counts before it is written is only whether there is one).
fn run_revision(row: &Row, n: usize) -> Revision {
    let source = u32::MAX - 2 - n as u32;
    Revision::figure(&row.key(), row.figure, row.submitted, row.note, source)
}

/// Appends the rows of the files to record, under the lock; how many were written.
fn record(
    ctx: &Context,
    plan: &Plan,
    lock: &store::Lock,
    store: &Store,
    outcomes: &[Outcome],
    fates: &[Option<Fate>],
    by: Option<&str>,
) -> anyhow::Result<usize> {
    let to_write: Vec<&Submission> = to_record(outcomes, fates).map(|(_, s)| s).collect();
    let written: usize = to_write.iter().map(|s| s.rows.len()).sum();
    if written > 0 {
        let stamp = Stamp::now(by);
        store::append(&ctx.data_path, plan, lock, store.commit, &stamp, |rows| {
            for submission in &to_write {
                let source = Source {
                    file: submission.file.clone(),
                    hash: submission.hash.clone(),
                };
                for row in &submission.rows {
                    let note = submission.note(row).unwrap_or("");
                    rows.figure(&row.key(), row.figure, row.submitted, note, &source)?;
                }
            }
            Ok(())
        })?;
    }
    Ok(written)
}

/// The last line: files accepted, rejected and skipped, the figures, what was written.
fn summary_line(
    ctx: &Context,
    tally: &Tally,
    skipped: usize,
    dry_run: bool,
    written: usize,
) -> String {
    let lang = ctx.lang;
    let (n_accepted, n_rejected) = (tally.accepted, tally.rejected);
    let files = n_accepted + n_rejected + skipped;
    let skipped_text = match skipped {
        0 => String::new(),
        n => tr!(lang, ", {n} skipped", ", {n} bỏ qua"),
    };
    let mut line = tr!(
        lang,
        "{files} file(s): {n_accepted} accepted, {n_rejected} rejected{skipped_text}; {}",
        "{files} tệp: {n_accepted} tệp được nhận, {n_rejected} tệp bị từ chối{skipped_text}; {}",
        tally.total.total_text(lang)
    );
    if dry_run {
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
    line
}

/// Each file's fingerprint, in the order given; None for the data file itself (never
/// read as a submission) and for a file that cannot be read (reading it says why).
fn fingerprints(files: &[PathBuf], data: &Path, detect: bool) -> Vec<Option<Fingerprint>> {
    files
        .iter()
        .map(|path| match super::same_file(path, data) {
            true => None,
            false => bytes::fingerprint(path, detect),
        })
        .collect()
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

/// Reads and checks every file not recognised as already recorded; the data file
/// itself is refused as a submission.
fn read_all(
    files: &[PathBuf],
    known: &Recognise,
    data: &Path,
    plan: &Plan,
    options: &ReadOptions,
) -> Vec<Outcome> {
    let units = UnitNames::new(plan);
    let indicators = IndicatorIds::new(plan);
    let progress = progress_bar(files);
    let mut outcomes = Vec::with_capacity(files.len());
    for (index, path) in files.iter().enumerate() {
        let name = path.display().to_string();
        let outcome = if super::same_file(path, data) {
            Outcome::Rejected(name.clone(), vec![data_file_given(&name, options.lang)])
        } else if let Some(known) = known.known(index, &name) {
            Outcome::Known(known)
        } else {
            let options = known.options(index, options);
            match read_submission(&name, path, plan, &units, &indicators, &options) {
                Ok(submission) => Outcome::Accepted(submission),
                Err(problems) => Outcome::Rejected(name, problems),
            }
        };
        if let Some(bar) = &progress {
            bar.inc(std::fs::metadata(path).map_or(0, |m| m.len()));
        }
        outcomes.push(outcome);
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
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
            let submission = match outcome {
                Outcome::Accepted(submission) => submission,
                Outcome::Known(known) => return Some(known.fate.clone()),
                Outcome::Rejected(..) => return None,
            };
            if let Some(first) = seen.get(submission.hash.as_str()) {
                return Some(Fate::SameAs(first.to_string()));
            }
            seen.insert(&submission.hash, &submission.file);
            match store.recorded_file(&submission.hash) {
                Some(recorded) if !again => Some(already_recorded(recorded)),
                _ => Some(Fate::Record),
            }
        })
        .collect()
}

/// Two files of one run that give different figures for the same key with the
/// same submitted date cannot both be right, and neither was sent later: both are
/// rejected, each naming the other. Files submitted on different days are no
/// conflict: the later one is the correction.
fn reject_same_day_conflicts(
    outcomes: &mut [Outcome],
    fates: &[Option<Fate>],
    plan: &Plan,
    lang: Lang,
) {
    let recording = |i: usize| matches!(fates[i], Some(Fate::Record));
    if (0..outcomes.len()).filter(|&i| recording(i)).count() < 2 {
        return; // within one file, a repeated key is already a problem of its own
    }
    let mut seen: FxHashMap<(u64, NaiveDate), (usize, Row)> = FxHashMap::default();
    let mut conflicts: Vec<(usize, Diagnostic)> = Vec::new();
    for (index, outcome) in outcomes.iter().enumerate() {
        let Outcome::Accepted(submission) = outcome else {
            continue;
        };
        if !recording(index) {
            continue;
        }
        for row in submission.rows.iter().filter(|r| !r.figure.is_blank()) {
            match seen.get(&(row.packed_key, row.submitted)) {
                Some(&(other, first)) if other != index && first.figure != row.figure => {
                    let Outcome::Accepted(earlier) = &outcomes[other] else {
                        continue;
                    };
                    conflicts.extend(conflict_pair(
                        plan,
                        (earlier, &first, other),
                        (submission, row, index),
                        lang,
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert((row.packed_key, row.submitted), (index, *row));
                }
            }
        }
    }
    let mut by_file: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
    for (index, d) in conflicts {
        by_file.entry(index).or_default().push(d);
    }
    for (index, mut problems) in by_file {
        problems.sort_by(|a, b| (&a.sheet, a.line).cmp(&(&b.sheet, b.line)));
        problems.dedup();
        if let Outcome::Accepted(submission) = &outcomes[index] {
            let file = submission.file.clone();
            outcomes[index] = Outcome::Rejected(file, problems);
        }
    }
}

/// The two diagnostics of a same-day conflict, one in each file.
fn conflict_pair(
    plan: &Plan,
    (a_file, a, a_index): (&Submission, &Row, usize),
    (b_file, b, b_index): (&Submission, &Row, usize),
    lang: Lang,
) -> [(usize, Diagnostic); 2] {
    let what = describe_key(plan, &a.key(), lang);
    let day = date_text(a.submitted, lang);
    let hint = tr!(
        lang,
        "only one can be right: ask the unit which, then correct or remove the other file (or give the correction its real, later submitted date) and ingest again",
        "chỉ một số liệu đúng: hỏi lại đơn vị, rồi sửa hoặc bỏ tệp kia (hoặc ghi đúng ngày gửi, muộn hơn, cho bản sửa) và nhập lại"
    );
    let one = |(file, row): (&Submission, &Row), (other, other_row): (&Submission, &Row)| {
        let (here, there) = (
            figure_text(row.figure, lang),
            figure_text(other_row.figure, lang),
        );
        // FILE:LINE, or FILE[SHEET]!ROW:ROW in a workbook.
        let place = other.place(other_row);
        file.at_row(
            Diagnostic::new(
                &file.file,
                tr!(
                    lang,
                    "{what}: {here} here, but {there} in {place}, both submitted {day}",
                    "{what}: ở đây là {here}, nhưng trong {place} là {there}, cả hai gửi ngày {day}"
                ),
            )
            .hint(hint.clone()),
            row,
        )
    };
    [
        (a_index, one((a_file, a), (b_file, b))),
        (b_index, one((b_file, b), (a_file, a))),
    ]
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

/// Files to read, and files found but not read with the reason.
type Expanded = (Vec<PathBuf>, Vec<(PathBuf, Skip)>);

/// Files named on the command line, and files found but not read with the reason.
/// A folder gives every file in it: report files (CSV, workbooks) are read, every
/// other one (lock files, hidden files, other documents, folders) is listed as
/// skipped, so no report is passed over silently. Patterns are expanded here too,
/// since the Windows shell does not expand them. A file named itself is read. The
/// data file, which may live beside the reports, is never read as one; a folder
/// without any report is an error, not a run that quietly does nothing.
fn expand(args: &[PathBuf], data: &Path, lang: Lang) -> anyhow::Result<Expanded> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut sort_out = |found: Vec<PathBuf>, files: &mut Vec<PathBuf>| {
        for path in found {
            match source::classify(&path) {
                Ok(_) if super::same_file(&path, data) => skipped.push((path, Skip::DataFile)),
                Ok(_) => files.push(path),
                Err(skip) => skipped.push((path, skip)),
            }
        }
    };
    for arg in args {
        if arg.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(arg)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            found.sort();
            let before = files.len();
            sort_out(found, &mut files);
            if files.len() == before {
                bail!(tr!(
                    lang,
                    "no report file ({}) in the folder {}; give the folder that holds the units' reports, or the files themselves",
                    "không có tệp báo cáo nào ({}) trong thư mục {}; hãy chỉ thư mục chứa báo cáo của các đơn vị, hoặc chính các tệp",
                    source::known_extensions(),
                    crate::text::for_terminal(&arg.display().to_string())
                ));
            }
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
            sort_out(found, &mut files);
        } else {
            files.push(arg.clone());
        }
    }
    Ok((files, skipped))
}

/// "reports/~$a.xlsx: skipped (a lock file …)", one line a file.
fn list_skipped(
    out: &mut dyn Write,
    skipped: &[(PathBuf, Skip)],
    lang: Lang,
) -> std::io::Result<()> {
    for (path, skip) in skipped {
        let (file, reason) = (path.display(), skip.reason(lang));
        writeln!(
            out,
            "{file}: {}",
            tr!(lang, "skipped ({reason})", "bỏ qua ({reason})")
        )?;
    }
    Ok(())
}

/// The sheets of an accepted workbook that were not read, one line each.
fn list_skipped_sheets(
    out: &mut dyn Write,
    submission: &Submission,
    lang: Lang,
) -> std::io::Result<()> {
    for (sheet, reason) in &submission.skipped_sheets {
        let file = &submission.file;
        writeln!(
            out,
            "{file}[{sheet}]: {}",
            tr!(
                lang,
                "sheet skipped ({reason})",
                "bỏ qua trang tính ({reason})"
            )
        )?;
    }
    Ok(())
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

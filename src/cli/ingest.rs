//! `gender-plan ingest`: validate submissions and record them in the data file.

use super::shared::date_text;
use super::{Context, EXIT_OK, EXIT_PROBLEMS};
use crate::i18n::Lang;
use crate::ingest::{self, Batch, Counts, Fate, Inputs, Outcome, Policy, Run};
use crate::intake::bytes::Fingerprint;
use crate::intake::number::Decimal;
use crate::intake::source::{self, Skip};
use crate::intake::submission::ReadOptions;
use crate::plan::Plan;
use crate::store::{self, Store};
use crate::tr;
use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use lines::{already_recorded_text, assumed_encoding_text, file_lines, scope};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use warned::report_warnings;

mod lines;
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
            "Tệp báo cáo (CSV, .xlsx, .xlsm, .xls, .ods, tệp số liệu xuất từ DHIS2 .json/.csv, tệp dữ liệu gender-plan của đơn vị khác), thư mục chứa chúng, hoặc mẫu như baocao/*.csv",
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

Tệp số liệu xuất từ DHIS2 (JSON, hoặc CSV theo các cột của DHIS2) được đọc theo
các mã trong [exchange.dhis2] của kế hoạch (hoặc mã của chính kế hoạch). Tệp dữ
liệu gender-plan của đơn vị khác được tổng hợp: số liệu và lệnh rút lại cùng nguồn
gốc; cả tệp bị từ chối nếu có đơn vị, chỉ tiêu kế hoạch này không có hoặc số liệu
mâu thuẫn với số liệu đã ghi nhận.

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

A DHIS2 dataValueSets file (JSON, or CSV in DHIS2's columns) is read through the
plan's [exchange.dhis2] codes (or its own ids). Another office's gender-plan data
file is rolled up: its figures and withdrawals with where they came from; it is
refused whole if it names what this plan lacks or contradicts a recorded figure.

Corrections: for each unit, period and indicator the figure submitted last is
the current one (on the same day, the one recorded last), whatever order files
are ingested in; older figures stay in the data file as history
(`gender-plan history`). Two files of one run with different figures for the
same key and the same submitted date are both rejected.")]
pub struct IngestArgs {
    /// Report files (CSV, .xlsx, .xlsm, .xls, .ods, DHIS2 dataValueSets .json/.csv,
    /// another office's gender-plan data file), folders of them, or patterns such as reports/*.csv
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

/// What the summary says of a file's counts.
trait CountsText {
    fn text(&self, lang: Lang) -> String;
    fn total_text(&self, lang: Lang) -> String;
    fn superseded_text(&self, lang: Lang) -> Option<String>;
}

impl CountsText for Counts {
    fn text(&self, lang: Lang) -> String {
        let Counts {
            new,
            updated,
            unchanged,
            superseded,
            blank,
            withdrawals,
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
        if *withdrawals > 0 {
            text.push_str(&tr!(
                lang,
                ", {withdrawals} withdrawal(s)",
                ", {withdrawals} lệnh rút lại"
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
    let prints = ingest::fingerprints(&files, &ctx.data_path, args.encoding.is_none());

    // Recognise, decide and record under the lock, against the data file as it is now.
    let (lock, store) = lock_and_load(ctx, &plan, &prints, args.dry_run)?;
    let inputs = Inputs {
        files: &files,
        prints: &prints,
        data: &ctx.data_path,
        options: &options,
    };
    let policy = Policy {
        again: args.again,
        strict: args.strict,
        confirm: args.confirm.clone(),
    };
    let progress = progress_bar(&files);
    let mut tick = |path: &Path| {
        if let Some(bar) = &progress {
            bar.inc(std::fs::metadata(path).map_or(0, |m| m.len()));
        }
    };
    let run = ingest::prepare(&plan, &store, &inputs, &policy, &mut tick);
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    // Neither output can stop the run: what was accepted is recorded even when
    // the reader of stdout has gone (`ingest … | head -1`).
    let mut stdout = super::Resilient::new(std::io::stdout().lock());
    let mut stderr = super::Resilient::new(std::io::stderr());
    list_skipped(&mut stdout, &skipped, lang)?;
    let tally = report_files(
        ctx,
        &plan,
        (&run, &prints),
        &options,
        args.quiet,
        (&mut stdout, &mut stderr),
    )?;
    report_warnings(
        ctx,
        &plan,
        &run,
        args.confirm.as_deref(),
        (&mut stdout, &mut stderr),
    )?;
    let written = match &lock {
        Some(lock) => run.record(&ctx.data_path, &plan, lock, &store, args.by.as_deref())?,
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
fn report_files(
    ctx: &Context,
    plan: &Plan,
    (run, prints): (&Run, &[Option<Fingerprint>]),
    options: &ReadOptions,
    quiet: bool,
    (out, err): (&mut impl Write, &mut impl Write),
) -> anyhow::Result<Tally> {
    let lang = ctx.lang;
    let mut tally = Tally::default();
    let (fates, counts) = (&run.fates, &run.counts);
    for (index, outcome) in run.outcomes.iter().enumerate() {
        match outcome {
            Outcome::Accepted(batch) => {
                tally.accepted += 1;
                tally.total.add(&counts[index]);
                if !quiet {
                    let mut lines = file_lines(plan, batch, &fates[index], &counts[index], options);
                    // How it was read comes first, under its line.
                    if let Some(text) = assumed_encoding_text(prints[index].as_ref(), lang) {
                        lines.insert(1, text);
                    }
                    for line in lines {
                        writeln!(out, "{}", crate::text::for_terminal(&line))?;
                    }
                    list_skipped_sheets(out, batch, lang)?;
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
fn list_skipped_sheets(out: &mut dyn Write, batch: &Batch, lang: Lang) -> std::io::Result<()> {
    let Batch::Form(submission) = batch else {
        return Ok(());
    };
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

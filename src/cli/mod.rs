//! The command line: options, dispatch to one module per command, and the one
//! place where errors become messages and exit codes.

mod calendar;
mod check;
mod export;
mod help;
mod history;
mod ingest;
mod notes;
mod output;
mod overdue;
mod plan;
mod previous;
mod remind;
mod report;
mod shared;
mod shell;
mod status;
mod template;
mod withdraw;

use crate::diagnostic::Rejected;
use crate::domain::period::Round;
use crate::i18n::Lang;
use crate::render::{self, Format, Report, Style};
use crate::tr;
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status: the command ran and found nothing wrong.
pub const EXIT_OK: u8 = 0;
/// Exit status: a file was rejected, the plan is invalid, or the command failed.
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit status: the command line itself is wrong (clap's convention).
pub const EXIT_USAGE: u8 = 2;
/// Exit status: `overdue --fail-if-any` found outstanding reports.
pub const EXIT_OUTSTANDING: u8 = 3;

const AFTER_HELP: &str = "\
Examples:
  gender-plan ingest reports/*.csv               check the units' reports and record them
  gender-plan status --objective 4               where objective 4's indicators stand
  gender-plan overdue --deadline 2025-06-05      who has not sent the 6-month report
  gender-plan template --unit ban-bo --period 2025-H1 -o ban-bo.csv   a unit's form
  gender-plan --lang vi status                   the same in Vietnamese

Exit status: 0 done, 1 problems found (rejected file, invalid plan or data file,
failure), 2 wrong command line, 3 outstanding reports (overdue --fail-if-any).";

/// The program's help in Vietnamese (see [`help`]).
pub const TEXTS_VI: help::Texts = help::Texts {
    help: &[
        (
            "",
            "Theo dõi kế hoạch bình đẳng giới của huyện: kiểm tra báo cáo của các đơn vị, theo dõi chỉ tiêu, đôn đốc báo cáo chậm",
        ),
        ("plan", "Tệp kế hoạch"),
        (
            "data",
            "Tệp dữ liệu lưu các báo cáo đã nhận [mặc định: gender-plan-data.csv cạnh tệp kế hoạch]",
        ),
        (
            "lang",
            "Ngôn ngữ của kết quả và thông báo: en (tiếng Anh), vi (tiếng Việt) [mặc định: vi khi biến đầu tiên có giá trị trong `LC_ALL`, `LC_MESSAGES`, `LANG` bắt đầu bằng \"vi\", nếu không thì en]",
        ),
        (
            "previous_data",
            "Tệp dữ liệu của kế hoạch trước, khi plan.toml có mục `[previous]` [mặc định: khóa `data` trong `[previous]`, hoặc gender-plan-data.csv cạnh kế hoạch trước]",
        ),
        (
            "as_of",
            "Coi ngày này là hôm nay (05/06/2025 hoặc 2025-06-05), để có thể lặp lại mọi kết quả [mặc định: hôm nay]",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan --lang vi ingest baocao/*.csv           kiểm tra và ghi nhận báo cáo của các đơn vị
  gender-plan --lang vi status --objective 4          tình hình các chỉ tiêu của mục tiêu 4
  gender-plan --lang vi overdue --deadline 05/06/2025 đơn vị chưa gửi báo cáo 6 tháng
  gender-plan --lang vi template --unit ban-bo --period 2025-H1   mẫu báo cáo của một đơn vị
  gender-plan --lang vi help ingest                   trợ giúp của một lệnh

Đặt GENDER_PLAN_LANG=vi để luôn dùng tiếng Việt.

Mã thoát: 0 hoàn thành, 1 có lỗi (tệp bị từ chối, kế hoạch hoặc tệp dữ liệu không
hợp lệ, lỗi khác), 2 dòng lệnh sai, 3 còn báo cáo chưa nộp (gender-plan overdue --fail-if-any).",
    ),
};

#[derive(Debug, Parser)]
#[command(
    name = "gender-plan",
    version,
    about = "Monitor a district's gender-equality plan: check unit reports, track targets, chase late reports",
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Global {
    /// The plan file
    #[arg(
        long,
        global = true,
        env = "GENDER_PLAN",
        value_name = "PATH",
        default_value = "plan.toml",
        help_heading = "Global options"
    )]
    plan: PathBuf,
    /// The data file of recorded submissions [default: gender-plan-data.csv beside the plan]
    #[arg(
        long,
        global = true,
        env = "GENDER_PLAN_DATA",
        value_name = "PATH",
        help_heading = "Global options"
    )]
    data: Option<PathBuf>,
    /// The previous plan's data file, when plan.toml has [previous] [default: its `data`, or gender-plan-data.csv beside the previous plan]
    #[arg(
        long,
        global = true,
        env = "GENDER_PLAN_PREVIOUS_DATA",
        value_name = "PATH",
        help_heading = "Global options"
    )]
    previous_data: Option<PathBuf>,
    /// Language of output and messages [default: vi when the first set of `LC_ALL`, `LC_MESSAGES` and `LANG` starts with "vi", else en]
    #[arg(
        long,
        global = true,
        env = "GENDER_PLAN_LANG",
        value_enum,
        help_heading = "Global options"
    )]
    lang: Option<Lang>,
    /// Treat this day as today (2025-06-05 or 05/06/2025), so any output can be reproduced [default: today]
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_user_date, help_heading = "Global options")]
    as_of: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
enum Command {
    Ingest(ingest::IngestArgs),
    Status(status::StatusArgs),
    Overdue(overdue::OverdueArgs),
    Notes(notes::NotesArgs),
    History(history::HistoryArgs),
    Withdraw(withdraw::WithdrawArgs),
    Template(template::TemplateArgs),
    Calendar(calendar::CalendarArgs),
    Plan(plan::PlanArgs),
    Report(report::ReportArgs),
    Remind(remind::RemindArgs),
    Check(check::CheckArgs),
    Export(export::ExportArgs),
    Completions(shell::CompletionsArgs),
    Man(shell::ManArgs),
}

/// What every command gets: the resolved global options.
pub struct Context {
    pub plan_path: PathBuf,
    pub data_path: PathBuf,
    /// `--previous-data`: overrides where `[previous]` says the previous plan's
    /// data file is.
    pub previous_data: Option<PathBuf>,
    pub lang: Lang,
    pub as_of: NaiveDate,
    pub style: Style,
    /// Whether diagnostics on stderr may be coloured.
    pub stderr_color: bool,
}

impl Context {
    pub fn load_plan(&self) -> anyhow::Result<crate::plan::Plan> {
        crate::plan::load(&self.plan_path, self.lang)
    }

    /// The data file, with one warning line on stderr when it holds rows for ids
    /// the plan no longer has (they are left out; `check` lists them).
    pub fn load_store(&self, plan: &crate::plan::Plan) -> anyhow::Result<crate::store::Store> {
        self.load_store_at(&self.data_path, plan)
    }

    /// [`Context::load_store`] for a data file at `path` (the previous plan's).
    pub fn load_store_at(
        &self,
        path: &Path,
        plan: &crate::plan::Plan,
    ) -> anyhow::Result<crate::store::Store> {
        let store = crate::store::Store::load(path, plan, self.lang)?;
        let mut orphans = store.orphans.iter().filter(|o| !o.outside(plan));
        if let Some(first) = orphans.next() {
            let n = orphans.count() + 1;
            let data = path.display();
            let id = crate::text::excerpt(if first.known_unit {
                &first.indicator
            } else {
                &first.unit
            });
            eprintln!(
                "{}",
                tr!(
                    self.lang,
                    "warning: {data} holds {n} revision(s) for ids the plan does not have (\"{id}\", line {}); they are left out; `gender-plan check` lists them",
                    "cảnh báo: {data} có {n} bản ghi mang mã không có trong kế hoạch (\"{id}\", dòng {}); các bản ghi này bị bỏ qua; `gender-plan check` liệt kê chúng",
                    first.line
                )
            );
        }
        Ok(store)
    }

    /// Writes a report to stdout in the chosen format.
    pub fn print(&self, report: &Report, format: Format) -> anyhow::Result<()> {
        use std::io::IsTerminal;
        if format == Format::Xlsx && std::io::stdout().is_terminal() {
            anyhow::bail!(crate::tr!(
                self.lang,
                "a workbook cannot be shown on the terminal; send it to a file: > report.xlsx",
                "không thể hiện tệp bảng tính trên màn hình; hãy ghi ra tệp: > baocao.xlsx"
            ));
        }
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        render::write(report, format, &self.style, &mut out)?;
        out.flush()?;
        Ok(())
    }
}

/// An output stream that a failing reader cannot interrupt: `ingest … | head -1`
/// closes the pipe after one line, but the run must still record what it
/// accepted. Errors are remembered instead of returned, and looked at with
/// [`Resilient::finish`] once the work is done.
pub struct Resilient<W: Write> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W: Write> Resilient<W> {
    pub fn new(inner: W) -> Resilient<W> {
        Resilient {
            inner,
            failed: None,
        }
    }

    /// Once the work is done: why the stream was cut short (the reader closed
    /// it, or it could not be written: a full disk), if it was. The work is
    /// done whatever happened to its report, so neither is a failure of it.
    pub fn finish(mut self) -> Option<std::io::Error> {
        let _ = self.flush();
        self.failed
    }
}

/// The sentence on stderr when standard output was cut short after the work was
/// done: a closed pipe (`| head -1`) or a write that failed (`> /dev/full`).
pub fn cut_short_note(error: &std::io::Error, lang: Lang) -> String {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return lang
            .pick(
                "note: standard output was closed before the end; the ingest was completed all the same",
                "lưu ý: đầu ra chuẩn bị đóng trước khi kết thúc; việc nhập vẫn được hoàn tất",
            )
            .to_string();
    }
    let e = crate::i18n::os_error_text(error, lang);
    tr!(
        lang,
        "note: standard output could not be written to the end ({e}); the ingest was completed all the same",
        "lưu ý: không ghi được hết đầu ra chuẩn ({e}); việc nhập vẫn được hoàn tất"
    )
}

impl<W: Write> Write for Resilient<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed.is_none()
            && let Err(e) = self.inner.write_all(buf)
        {
            self.failed = Some(e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.failed = Some(e);
        }
        Ok(())
    }
}

pub use crate::intake::source::same_file;

/// A date typed by a person on the command line: what ingest accepts in a file
/// (2025-06-05, 05/06/2025, …).
pub fn parse_user_date(text: &str) -> Result<NaiveDate, String> {
    crate::intake::fields::parse_date(text).map_err(|_| {
        tr!(
            help::parsing_lang(),
            "\"{text}\" is not a date; write it as 2025-06-05 or 05/06/2025",
            "\"{text}\" không phải là ngày; hãy viết dạng 05/06/2025 hoặc 2025-06-05"
        )
    })
}

/// The reporting round a period names (`--period`), or an error listing the rounds.
pub fn round_named(plan: &crate::plan::Plan, text: &str, lang: Lang) -> anyhow::Result<Round> {
    if let Some(round) = crate::intake::fields::parse_period(text).and_then(|p| plan.round_of(p)) {
        return Ok(round);
    }
    // An ad hoc report: by the period it covers when no scheduled round has it,
    // or by its due day.
    let requests = plan.requests();
    let ad_hoc = requests.iter().filter(|r| r.ad_hoc);
    let period = crate::intake::fields::parse_period(text);
    let day = parse_user_date(text).ok();
    if let Some(round) = ad_hoc
        .clone()
        .find(|r| Some(r.period) == period)
        .or_else(|| ad_hoc.clone().find(|r| Some(r.due) == day))
    {
        return Ok(*round);
    }
    anyhow::bail!(tr!(
        lang,
        "\"{text}\" is not a reporting round; the rounds are {}",
        "\"{text}\" không phải một kỳ báo cáo; các kỳ báo cáo là {}",
        crate::words::rounds_as_typed(plan, lang)
    ))
}

/// Refuses an `--objective` the plan does not have, naming those it has.
pub fn check_objective(
    plan: &crate::plan::Plan,
    objective: Option<u32>,
    lang: Lang,
) -> anyhow::Result<()> {
    let Some(n) = objective.filter(|n| plan.objective(*n).is_none()) else {
        return Ok(());
    };
    let numbers: Vec<String> = plan
        .objectives
        .iter()
        .map(|o| o.number.to_string())
        .collect();
    anyhow::bail!(tr!(
        lang,
        "there is no objective {n}; the plan has objectives {}",
        "không có mục tiêu {n}; kế hoạch có các mục tiêu {}",
        numbers.join(", ")
    ))
}

/// Parses the process's command line, runs the command, and turns any error into
/// a message on stderr and an exit status.
pub fn run() -> ExitCode {
    ExitCode::from(run_from(std::env::args_os()))
}

/// [`run`] with the given arguments (the first is the program's name); returns the
/// exit status.
pub fn run_from<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let asked = help::requested_lang(&args);
    let cli = match help::parse(&args, asked) {
        Ok(matches) => {
            if let Some(("help", inner)) = matches.subcommand() {
                return print_help_of(inner.get_one::<String>("command"), asked);
            }
            match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
                Ok(cli) => cli,
                Err(e) => return usage_error(&e, asked),
            }
        }
        Err(e) => return usage_error(&e, asked),
    };
    let lang = cli.global.lang.unwrap_or_else(Lang::from_environment);
    let color = crate::paint::may_color(&std::io::stderr());
    let data_path = cli.global.data.clone().unwrap_or_else(|| {
        let folder = cli.global.plan.parent().unwrap_or(Path::new(""));
        folder.join("gender-plan-data.csv")
    });
    let ctx = Context {
        plan_path: cli.global.plan.clone(),
        data_path,
        previous_data: cli.global.previous_data.clone(),
        lang,
        as_of: cli
            .global
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        style: Style::detect(lang),
        stderr_color: color,
    };
    let result = match cli.command {
        Command::Calendar(args) => calendar::run(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Ingest(args) => ingest::run(&ctx, args),
        Command::Overdue(args) => overdue::run(&ctx, args),
        Command::Remind(args) => remind::run(&ctx, args),
        Command::Plan(args) => plan::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Status(args) => status::run(&ctx, args),
        Command::Template(args) => template::run(&ctx, args),
        Command::Withdraw(args) => withdraw::run(&ctx, args),
        Command::History(args) => history::run(&ctx, args),
        Command::Notes(args) => notes::run(&ctx, args),
        Command::Completions(args) => shell::completions(&ctx, args),
        Command::Man(args) => shell::man(&ctx, args),
    };
    match result {
        Ok(code) => code,
        // `gender-plan status | head`: the reader has all it wanted.
        Err(error) if is_broken_pipe(&error) => EXIT_OK,
        Err(error) => {
            report_error(&error, lang, color);
            EXIT_PROBLEMS
        }
    }
}

/// Help and version go to stdout (status 0); a usage error to stderr (status 2), in
/// the language asked for.
fn usage_error(error: &clap::Error, lang: Lang) -> u8 {
    use clap::error::ErrorKind;
    let shown = matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    );
    if lang == Lang::Vi && !shown {
        let mut command = help::command(lang);
        let _ = write!(
            std::io::stderr(),
            "{}",
            help::vietnamese_error(error, &mut command)
        );
    } else {
        let _ = error.print();
    }
    if error.use_stderr() {
        EXIT_USAGE
    } else {
        EXIT_OK
    }
}

/// `gender-plan help [COMMAND]` in Vietnamese mode (clap answers it in English mode).
fn print_help_of(name: Option<&String>, lang: Lang) -> u8 {
    let mut command = help::command(lang);
    let target = match name {
        None => Some(&mut command),
        Some(name) => command.find_subcommand_mut(name),
    };
    match target {
        Some(target) => {
            let _ = target.print_help();
            EXIT_OK
        }
        None => {
            let name = name.map_or("", |n| n.as_str());
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                tr!(
                    lang,
                    "error: there is no command \"{name}\"; `gender-plan --help` lists them",
                    "lỗi: không có lệnh \"{name}\"; `gender-plan --lang vi --help` liệt kê các lệnh"
                )
            );
            EXIT_USAGE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn report_error(error: &anyhow::Error, lang: Lang, color: bool) {
    let mut stderr = std::io::stderr().lock();
    if let Some(Rejected(diagnostics)) = error.downcast_ref::<Rejected>() {
        for d in diagnostics {
            let _ = writeln!(stderr, "{}", d.render(lang, color));
        }
        let n = diagnostics.len();
        let _ = writeln!(
            stderr,
            "{}",
            tr!(
                lang,
                "{n} problem(s) found; nothing was changed",
                "phát hiện {n} lỗi; không có gì bị thay đổi"
            )
        );
        return;
    }
    let label = crate::paint::paint(lang.pick("error", "lỗi"), crate::paint::BAD, color);
    // Messages may quote file names and text from users' files.
    let safe = |s: &str| crate::text::lines_for_terminal(s).into_owned();
    let _ = writeln!(stderr, "{label}: {}", safe(&error.to_string()));
    for cause in error.chain().skip(1) {
        let text = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => crate::i18n::os_error_text(io, lang),
            None => cause.to_string(),
        };
        let cause_label = lang.pick("cause", "nguyên nhân");
        let _ = writeln!(stderr, "  {cause_label}: {}", safe(&text));
    }
}

//! `gender-plan remind`: the reminder letter (công văn đôn đốc) to the units whose
//! report of a round is missing or incomplete, from the same reports `overdue`
//! lists (`shared::chosen_reports`), as Word, HTML or Markdown; with `--each`, one
//! letter per unit and a CSV of the units, their contacts and their letters for a
//! mail merge.

use super::shared::{RoundChoice, chosen_reports, in_reading_order};
use super::{Context, EXIT_OK};
use crate::document::letter::{self, Letter};
use crate::domain::period::Round;
use crate::domain::reporting::UnitReport;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::render::{self, Format, Report, Styled, Table};
use crate::tr;
use crate::words::{date_text, round_title, status_label};
use anyhow::bail;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "Soạn công văn đôn đốc các đơn vị chưa gửi báo cáo của một kỳ hoặc gửi chưa đủ số liệu",
        ),
        super::shared::ROUND_CHOICE_VI[0],
        super::shared::ROUND_CHOICE_VI[1],
        super::shared::ROUND_CHOICE_VI[2],
        super::shared::ROUND_CHOICE_VI[3],
        (
            "by",
            "Hạn mới ghi trong công văn [mặc định: 7 ngày sau ngày tính]",
        ),
        (
            "format",
            "Định dạng: html (trang web để in), docx (tệp Word để sửa và ký), markdown, json (dữ liệu của công văn)",
        ),
        ("output", "Ghi công văn ra tệp này thay vì ra màn hình"),
        (
            "each",
            "Ghi mỗi đơn vị một công văn vào thư mục này, kèm mail-merge.csv (đơn vị, thư điện tử, điện thoại, tệp công văn) để trộn thư",
        ),
        (
            "force",
            "Ghi đè tệp đã có (không bao giờ ghi đè tệp kế hoạch hay tệp dữ liệu); vẫn lập công văn đề ngày sau khi cơ quan ban hành kế hoạch đã chấm dứt hoạt động, có ghi rõ điều đó",
        ),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan remind --period 2025-H1 --format docx -o don-doc.docx     một công văn gửi mọi đơn vị chậm
  gender-plan remind --deadline 05/06/2025 --by 20/06/2025 -o don-doc.html
  gender-plan remind --period 2025 --kind xa --each cong-van/ --format docx   mỗi xã một công văn

Công văn gửi các đơn vị mà `overdue` liệt kê là chưa gửi hoặc thiếu số liệu (đơn vị gửi
muộn nhưng đủ thì không cần đôn đốc), nêu rõ từng đơn vị còn thiếu gì và hạn mới. Kỳ
không có đơn vị nào chậm thì không soạn công văn. Mã thoát: 0 đã soạn công văn hoặc
không có đơn vị nào chậm, 1 có lỗi, 2 dòng lệnh sai.",
    ),
};

/// Write the reminder letter (công văn đôn đốc) to the units late with a round's report
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan remind --period 2025-H1 --format docx -o reminder.docx    one letter to every late unit
  gender-plan remind --deadline 2025-06-05 --by 2025-06-20 -o reminder.html
  gender-plan remind --period 2025 --kind commune --each letters/ --format docx   a letter per commune

The letter goes to the units `overdue` lists as missing or incomplete (a report sent
late but complete needs no reminder) and says, unit by unit, what is missing and the
new deadline. A round with nobody late gets no letter. Exit status: 0 letter written
or nobody late, 1 problems, 2 wrong command line.")]
pub struct RemindArgs {
    #[command(flatten)]
    choice: RoundChoice,
    /// The new deadline the letter sets [default: 7 days after the as-of day]
    #[arg(long, value_name = "DATE", value_parser = super::parse_user_date)]
    by: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = LetterFormat::Html)]
    format: LetterFormat,
    /// Write the letter to this file instead of standard output
    #[arg(short, long, value_name = "PATH", conflicts_with = "each")]
    output: Option<PathBuf>,
    /// Write one letter per unit into this folder, with mail-merge.csv listing the units, their contacts and letters
    #[arg(long, value_name = "DIR")]
    each: Option<PathBuf>,
    /// Replace files that already exist (never the plan or the data file); write a letter dated after the plan's issuer ended, marked so
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LetterFormat {
    /// A web page to print.
    Html,
    /// A Word document (.docx) to edit and sign.
    Docx,
    /// Markdown, to paste elsewhere.
    Markdown,
    /// The letter's data, for other programs.
    Json,
}

impl LetterFormat {
    fn extension(self) -> &'static str {
        match self {
            LetterFormat::Html => "html",
            LetterFormat::Docx => "docx",
            LetterFormat::Markdown => "md",
            LetterFormat::Json => "json",
        }
    }
}

/// Days from the as-of day to the new deadline when `--by` is not given.
const DEFAULT_DAYS: i64 = 7;

pub fn run(ctx: &Context, args: RemindArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    // The letter is signed on the as-of day: no body signs after it ceased to exist.
    super::shared::issuer_may_sign(&plan, ctx.as_of, args.force, lang)?;
    let store = ctx.load_store(&plan)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let (round, reports) = chosen_reports(&plan, &args.choice, &ledger, ctx.as_of, lang)?;
    let by = new_deadline(args.by, ctx.as_of, lang)?;
    // Nobody is late before the last day on time (the due day itself, unless the
    // plan reads "before" strictly: `Round::is_late`).
    if !round.is_late(ctx.as_of) {
        eprintln!("{}", not_due_yet(&plan, &round, lang));
        return Ok(EXIT_OK);
    }
    let listed = in_reading_order(&plan, &reports, false, lang);
    let Some(letter) = letter::build(&plan, &round, &listed, ctx.as_of, by, lang) else {
        eprintln!("{}", nobody_late(&plan, &round, lang));
        return Ok(EXIT_OK);
    };
    match &args.each {
        Some(folder) => write_each(ctx, &plan, &round, &listed, &args, folder, by),
        None => write_one(ctx, &letter, &args),
    }?;
    Ok(EXIT_OK)
}

/// `--by`, or a week after the as-of day; never on or before the as-of day.
fn new_deadline(by: Option<NaiveDate>, as_of: NaiveDate, lang: Lang) -> anyhow::Result<NaiveDate> {
    let by = by.unwrap_or(as_of + chrono::Duration::days(DEFAULT_DAYS));
    if by <= as_of {
        bail!(tr!(
            lang,
            "the new deadline {} is not after {} (the as-of day); give a later --by",
            "hạn mới {} không sau ngày {} (ngày tính); hãy cho --by một ngày sau đó",
            date_text(by, lang),
            date_text(as_of, lang)
        ));
    }
    Ok(by)
}

fn round_name(plan: &Plan, round: &Round, lang: Lang) -> String {
    round_title(plan.round_name(round).get(lang), round.period, lang)
}

fn not_due_yet(plan: &Plan, round: &Round, lang: Lang) -> String {
    let (title, due) = (round_name(plan, round, lang), date_text(round.due, lang));
    tr!(
        lang,
        "the {title} is due on {due}: nobody is late yet, so no letter is written",
        "{title} có hạn ngày {due}: chưa đơn vị nào chậm, nên không soạn công văn"
    )
}

fn nobody_late(plan: &Plan, round: &Round, lang: Lang) -> String {
    let title = round_name(plan, round, lang);
    tr!(
        lang,
        "every unit selected has sent its {title} with all its figures: no letter is written",
        "mọi đơn vị được chọn đã gửi {title} đủ số liệu: không cần soạn công văn"
    )
}

/// The letter in the chosen format.
fn render_letter(letter: &Letter, format: LetterFormat, lang: Lang) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        LetterFormat::Html => render::letter::html(letter, lang).into_bytes(),
        LetterFormat::Markdown => render::letter::markdown(letter).into_bytes(),
        LetterFormat::Docx => render::letter::docx(letter, lang)?,
        LetterFormat::Json => {
            let mut json = serde_json::to_vec_pretty(letter)?;
            json.push(b'\n');
            json
        }
    })
}

/// One letter to every late unit: to `-o FILE` or to standard output.
fn write_one(ctx: &Context, letter: &Letter, args: &RemindArgs) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let bytes = render_letter(letter, args.format, lang)?;
    let docx = args.format == LetterFormat::Docx;
    let output = args.output.as_deref();
    if super::output::write_document(ctx, output, &bytes, docx, args.force)? {
        let n = letter.units.len();
        eprintln!(
            "{}",
            tr!(
                lang,
                "the reminder to {n} unit(s) is written to {}",
                "đã ghi công văn đôn đốc {n} đơn vị vào {}",
                output.unwrap_or(Path::new("-")).display()
            )
        );
    }
    Ok(())
}

/// The name of the mail-merge list in an `--each` folder.
const MAIL_MERGE: &str = "mail-merge.csv";

/// One letter per late unit, `{unit}.{ext}`, and the mail-merge list, in a
/// folder. Every target is checked before any is written.
fn write_each(
    ctx: &Context,
    plan: &Plan,
    round: &Round,
    listed: &[&UnitReport],
    args: &RemindArgs,
    folder: &Path,
    by: NaiveDate,
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let letters: Vec<Letter> = listed
        .iter()
        .filter_map(|r| letter::build(plan, round, &[*r], ctx.as_of, by, lang))
        .collect();
    super::output::create_folder(ctx, folder)?;
    let names: Vec<String> = letters
        .iter()
        .map(|l| {
            format!(
                "{}.{}",
                file_stem(&l.units[0].unit),
                args.format.extension()
            )
        })
        .collect();
    let list = folder.join(MAIL_MERGE);
    for name in &names {
        super::output::check_target(ctx, &folder.join(name), args.force)?;
    }
    super::output::check_target(ctx, &list, args.force)?;
    for (letter, name) in letters.iter().zip(&names) {
        let bytes = render_letter(letter, args.format, lang)?;
        super::output::write_file(ctx, &folder.join(name), &bytes, args.force)?;
    }
    let csv = mail_merge(ctx, &letters, &names)?;
    super::output::write_file(ctx, &list, &csv, args.force)?;
    let n = letters.len();
    eprintln!(
        "{}",
        tr!(
            lang,
            "{n} reminder letter(s) written to {}, with {MAIL_MERGE} for a mail merge",
            "đã ghi {n} công văn đôn đốc vào {}, kèm {MAIL_MERGE} để trộn thư",
            folder.display()
        )
    );
    Ok(())
}

/// A unit id as a file name: letters, digits, `-`, `_` and `.` kept, the rest `-`.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() || "-_.".contains(c) => c,
            _ => '-',
        })
        .collect();
    match stem.trim_start_matches('.') {
        "" => "unit".into(),
        s => s.into(),
    }
}

/// A row of the mail-merge list: the JSON of the list is its serialisation.
#[derive(Serialize)]
struct MailMergeRow<'a> {
    unit: &'a str,
    name: &'a str,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    status: &'a str,
    missing_indicators: String,
    letter: &'a str,
}

/// The late units, their contacts and their letters, as the tool writes CSV (a
/// byte-order mark, `;` in Vietnamese, every cell formula-safe).
fn mail_merge(ctx: &Context, letters: &[Letter], names: &[String]) -> anyhow::Result<Vec<u8>> {
    let lang = ctx.lang;
    let rows: Vec<MailMergeRow> = letters
        .iter()
        .zip(names)
        .map(|(l, name)| {
            let u = &l.units[0];
            MailMergeRow {
                unit: &u.unit,
                name: &u.name,
                email: u.email.as_deref(),
                phone: u.phone.as_deref(),
                status: status_label(u.status, lang),
                missing_indicators: u.missing_indicators.join(", "),
                letter: name,
            }
        })
        .collect();
    let cells = |r: &MailMergeRow| -> Vec<Styled> {
        [
            r.unit,
            r.name,
            r.email.unwrap_or_default(),
            r.phone.unwrap_or_default(),
            r.status,
            &r.missing_indicators,
            r.letter,
        ]
        .into_iter()
        .map(Styled::from)
        .collect()
    };
    let headers = [
        lang.pick("unit", "đơn vị"),
        lang.pick("name", "tên"),
        lang.pick("email", "thư điện tử"),
        lang.pick("phone", "điện thoại"),
        lang.pick("status", "tình trạng"),
        lang.pick("missing indicators", "chỉ tiêu còn thiếu"),
        lang.pick("letter", "tệp công văn"),
    ];
    let report = Report {
        tables: vec![Table {
            title: None,
            group: None,
            headers: headers.map(String::from).to_vec(),
            rows: rows.iter().map(cells).collect(),
            notes: vec![],
        }],
        group_header: None,
        summary: vec![],
        json: serde_json::to_value(&rows)?,
    };
    let mut out = Vec::new();
    render::write(&report, Format::Csv, &ctx.style, &mut out)?;
    Ok(out)
}

//! The reminder letter ([`Letter`]) as a Word file, a web page or Markdown, laid
//! out as a công văn (Decree 30/2020/NĐ-CP, Mẫu 1.5): the masthead with the number
//! and the `V/v` summary, "Kính gửi:" and the units one a line, the body, the
//! units' lines, the request with the new deadline, "Nơi nhận" and the signature.

use super::docx::{self, BODY, Properties, Word};
use super::html;
use super::markdown::{self, escape as md};
use super::measure;
use super::svg::escape;
use crate::document::letter::Letter;
use crate::i18n::Lang;
use docx_rs::{AlignmentType, LineSpacing, Paragraph, Run};
use std::fmt::Write;

/// Where "Kính gửi:" starts, from the left margin, in twips (4 cm).
const ADDRESSEES_AT: i32 = 2268;

/// First-line indent of the body's paragraphs, in twips (1 cm).
const INDENT: i32 = 567;

pub fn docx(letter: &Letter, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut out = Word::new();
    out.masthead(&letter.masthead);
    out.add(addressees(letter));
    out.add(body(&letter.opening));
    for (unit, end) in letter.units.iter().zip(ends(letter.units.len())) {
        out.add(body(&format!("- {}{end}", unit.line)));
    }
    out.add(body(&letter.request));
    let c = &letter.closing;
    out.closing(&c.recipients_title, &c.recipients, &c.signature, &c.signer);
    out.finish(&Properties {
        title: letter.masthead.summary.clone().unwrap_or_default(),
        creator: letter.masthead.issuer.clone(),
        day: letter.as_of,
        lang,
    })
}

/// "Kính gửi:" and the units, one a line, aligned under each other, the block
/// set in from the left as the decree's sample has it.
fn addressees(letter: &Letter) -> Paragraph {
    let title = format!("{} ", letter.to_title);
    let hang = measure::width(&title, BODY, false) as i32;
    let mut p = Paragraph::new()
        .align(AlignmentType::Left)
        .indent(
            Some(ADDRESSEES_AT + hang),
            Some(docx_rs::SpecialIndentType::Hanging(hang)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().before(360).after(240))
        .add_run(Run::new().add_text(crate::text::for_xml(&title)).size(BODY));
    let n = letter.to.len();
    for (i, unit) in letter.to.iter().enumerate() {
        if i > 0 {
            p = p.add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping));
        }
        let end = if i + 1 == n { "." } else { ";" };
        let text = match n {
            1 => format!("{unit}{end}"),
            _ => format!("- {unit}{end}"),
        };
        p = p.add_run(Run::new().add_text(crate::text::for_xml(&text)).size(BODY));
    }
    p
}

/// How the items of a list of `n` end: ";", and "." for the last.
fn ends(n: usize) -> impl Iterator<Item = &'static str> {
    (0..n).map(move |i| if i + 1 == n { "." } else { ";" })
}

/// A paragraph of the body: justified, its first line indented.
fn body(text: &str) -> Paragraph {
    docx::text(text, BODY)
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(INDENT)),
            None,
            None,
        )
        .line_spacing(LineSpacing::new().after(120))
}

pub fn html(letter: &Letter, lang: Lang) -> String {
    let mut out = String::with_capacity(20_000);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{}</title><style>{}{LETTER_CSS}</style></head><body>\n",
        lang.pick("en", "vi"),
        escape(letter.masthead.summary.as_deref().unwrap_or_default()),
        html::CSS
    );
    html::masthead(&mut out, &letter.masthead);
    let _ = write!(
        out,
        "<div class=\"to\"><span class=\"to-title\">{}</span><div class=\"to-list\">",
        escape(&letter.to_title)
    );
    let n = letter.to.len();
    for (i, unit) in letter.to.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        let dash = if n > 1 { "- " } else { "" };
        let _ = write!(out, "<p>{dash}{}{end}</p>", escape(unit));
    }
    out.push_str("</div></div>\n");
    let _ = writeln!(out, "<p class=\"body\">{}</p>", escape(&letter.opening));
    for (unit, end) in letter.units.iter().zip(ends(letter.units.len())) {
        let _ = writeln!(out, "<p class=\"body\">- {}{end}</p>", escape(&unit.line));
    }
    let _ = writeln!(out, "<p class=\"body\">{}</p>", escape(&letter.request));
    html::closing(&mut out, &letter.closing);
    out.push_str("</body></html>\n");
    out
}

const LETTER_CSS: &str = r#"
div.to { display: flex; justify-content: center; margin: 16pt 0 12pt; }
div.to p { margin: 0; }
span.to-title { margin-right: 0.4em; }
p.body { text-align: justify; text-indent: 10mm; margin: 0 0 6pt; }
"#;

pub fn markdown(letter: &Letter) -> String {
    let mut out = String::new();
    let m = &letter.masthead;
    let _ = writeln!(
        out,
        "**{}**  \n{}  \n{}\n\n**{}**  \n**{}**  \n*{}*\n",
        md(&m.issuer),
        md(m.number_line.trim()),
        md(m.summary.as_deref().unwrap_or_default()),
        md(&m.national_title),
        md(&m.motto),
        md(m.date_line.trim())
    );
    let _ = writeln!(out, "{}\n", md(&letter.to_title));
    let n = letter.to.len();
    for (i, unit) in letter.to.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        let _ = writeln!(out, "- {}{end}", md(unit));
    }
    let _ = writeln!(out, "\n{}\n", md(&letter.opening));
    for (unit, end) in letter.units.iter().zip(ends(letter.units.len())) {
        let _ = writeln!(out, "- {}{end}", md(&unit.line));
    }
    let _ = writeln!(out, "\n{}\n", md(&letter.request));
    markdown::closing(&mut out, &letter.closing);
    out
}

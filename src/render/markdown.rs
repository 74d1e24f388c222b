//! The report as Markdown, for pasting elsewhere: the same sections and tables as
//! the HTML page; the charts are left out, their numbers are in the tables.

use super::tables::{self, Grid};
use crate::document::{Closing, Document, Kind, ToWrite};
use crate::i18n::Lang;
use crate::words::date_text;
use std::fmt::Write;

pub(super) fn escape(text: &str) -> String {
    crate::text::for_markdown(text)
}

fn table(out: &mut String, grid: &Grid) {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    out.push_str(&line(&grid.headers));
    let aligns: Vec<&str> = grid
        .numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", aligns.join("|"));
    for row in &grid.rows {
        out.push_str(&line(row));
    }
    out.push('\n');
}

pub fn write(document: &Document, lang: Lang) -> String {
    let mut out = String::new();
    let h = &document.heading;
    let _ = writeln!(
        out,
        "**{}**  \n{}\n\n**{}**  \n**{}**  \n*{}*\n",
        escape(&h.issuer),
        escape(h.number_line.trim()),
        escape(&h.national_title),
        escape(&h.motto),
        escape(h.date_line.trim())
    );
    let _ = writeln!(
        out,
        "# {}\n\n**{}**\n",
        escape(&h.title),
        escape(&h.subtitle)
    );
    let _ = writeln!(out, "*{}*\n", escape(&tables::as_of_line(document, lang)));
    let mut number = 0;
    let mut section = |out: &mut String, title: &str| {
        number += 1;
        let _ = writeln!(out, "## {}. {}\n", tables::roman(number), escape(title));
    };
    let [results_title, reporting_title, notes_title] = tables::section_titles(lang);
    if let Some(first) = document.to_write.first() {
        section(&mut out, &first.title);
        to_write(&mut out, first, lang);
    }
    section(&mut out, results_title);
    results(&mut out, document, lang);
    section(&mut out, reporting_title);
    table(&mut out, &tables::rounds(document, lang));
    table(&mut out, &tables::units(document, lang));
    section(&mut out, notes_title);
    notes(&mut out, document, lang);
    for item in document.to_write.iter().skip(1) {
        section(&mut out, &item.title);
        to_write(&mut out, item, lang);
    }
    closing(&mut out, &document.closing);
    out
}

fn to_write(out: &mut String, item: &ToWrite, lang: Lang) {
    let _ = writeln!(
        out,
        "> **{}** *{}*\n",
        // The tool's own mark, as every format shows it: brackets not followed
        // by a link target are plain text in Markdown.
        tables::to_write_mark(lang),
        escape(&item.guidance)
    );
}

fn results(out: &mut String, document: &Document, lang: Lang) {
    for objective in &document.results {
        let _ = writeln!(
            out,
            "### {} {}: {}\n",
            lang.pick("Objective", "Mục tiêu"),
            objective.number,
            escape(&objective.title)
        );
        table(out, &tables::objective(objective, document, lang));
    }
    if document.kind == Kind::FinalReview {
        let _ = writeln!(
            out,
            "### {}\n",
            lang.pick("Every indicator, year by year", "Các chỉ tiêu qua từng năm")
        );
        table(out, &tables::years(document, lang));
    }
    if let Some(baselines) = tables::unit_baselines(document, lang) {
        let _ = writeln!(out, "### {}\n", tables::unit_baselines_title(lang));
        table(out, &baselines);
    }
}

fn notes(out: &mut String, document: &Document, lang: Lang) {
    if document.notes.is_empty() {
        let _ = writeln!(out, "{}\n", tables::no_notes(lang));
        return;
    }
    for unit in &document.notes {
        let _ = writeln!(out, "### {}\n", escape(&unit.name));
        for note in &unit.notes {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}",
                escape(&tables::note_about(note, lang)),
                date_text(note.submitted, lang),
                escape(&note.text)
            );
        }
        out.push('\n');
    }
}

/// "Nơi nhận" and the signature block.
pub(super) fn closing(out: &mut String, c: &Closing) {
    let _ = writeln!(out, "---\n\n***{}***\n", escape(&c.recipients_title));
    let n = c.recipients.len();
    for (i, r) in c.recipients.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        let _ = writeln!(out, "- {}{end}", escape(r));
    }
    out.push('\n');
    for line in &c.signature {
        let _ = writeln!(out, "**{}**  ", escape(line));
    }
    let _ = writeln!(out, "\n**{}**", escape(&c.signer));
}

//! The report as one self-contained HTML page: inline CSS with an A4 print
//! stylesheet, inline SVG charts, no script and nothing fetched. The markup is also
//! well-formed XML, so it can be checked with an XML parser.

use super::chart::{self, Chart};
use super::svg::{draw, escape};
use super::tables::{self, Grid, roman};
use crate::document::{Closing, Document, Kind, Masthead, ToWrite};
use crate::i18n::Lang;
use crate::words::date_text;
use std::fmt::Write;

pub(super) const CSS: &str = r#"
@page { size: A4; margin: 20mm 15mm 20mm 30mm; @top-center { content: counter(page); font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 13pt; vertical-align: middle; } }
@page :first { @top-center { content: none; } }
html { background: #ffffff; }
body { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 13pt; line-height: 1.3; color: #000000; margin: 0 auto; max-width: 165mm; }
@media screen { body { padding: 12mm 15mm 20mm 30mm; max-width: 165mm; } }
table.heading { width: 100%; border-collapse: collapse; margin-bottom: 10pt; }
table.heading td { text-align: center; vertical-align: top; padding: 0; }
table.heading td.issuer-cell { width: 40%; }
.national { white-space: nowrap; font-size: 12pt; }
.issuer, .national { font-weight: bold; font-size: 12.5pt; }
.motto { font-weight: bold; display: inline-block; border-bottom: 0.75pt solid #000000; padding-bottom: 1pt; }
.issuer { display: inline-block; }
.issuer::after { content: ""; display: block; width: 40%; margin: 2pt auto 0; border-top: 0.75pt solid #000000; }
.date-line { font-style: italic; margin-top: 4pt; }
.summary { font-size: 12pt; margin-top: 2pt; }
h1 { text-align: center; font-size: 14pt; margin: 14pt 0 0; break-after: avoid; }
p.subtitle { text-align: center; font-weight: bold; margin: 2pt 8mm 10pt; }
p.as-of { font-style: italic; font-size: 11pt; text-align: center; }
h2 { font-size: 13pt; margin: 14pt 0 4pt; break-after: avoid; }
h3 { font-size: 13pt; font-style: italic; margin: 10pt 0 4pt; break-after: avoid; }
table.data { border-collapse: collapse; width: 100%; font-size: 10.5pt; margin: 4pt 0 8pt; }
table.data th, table.data td { border: 0.75pt solid #000000; padding: 1.5pt 3pt; vertical-align: top; }
table.data th { background: #e6e6e6; font-weight: bold; }
table.data td.n { text-align: right; white-space: nowrap; }
table.data thead { display: table-header-group; }
table.data tr, table.chart-data tr { break-inside: avoid; }
table.chart-data thead { display: table-header-group; }
p.subtitle, dl.notes dt { break-after: avoid; }
figure { margin: 6pt 0 10pt; }
div.trends figure { break-inside: avoid; }
figure svg { break-inside: avoid; }
table.results td:nth-child(2) { width: 34%; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 10pt; font-style: italic; margin-top: 2pt; }
table.chart-data { border-collapse: collapse; font-size: 8.5pt; margin-top: 3pt; width: 100%; }
table.chart-data th, table.chart-data td { border: 0.5pt solid #666666; padding: 0.5pt 2pt; text-align: center; }
div.trends { display: grid; grid-template-columns: 1fr 1fr; column-gap: 5mm; }
div.to-write { border: 1.5pt dashed #000000; padding: 4pt 8pt; min-height: 25mm; margin: 4pt 0 10pt; break-inside: avoid; }
div.to-write p.mark { font-weight: bold; margin: 0; }
div.to-write p.guidance { font-style: italic; margin: 2pt 0 0; }
dl.notes dt { font-weight: bold; margin-top: 4pt; }
dl.notes dd { margin: 0 0 2pt 6mm; }
table.closing { width: 100%; border-collapse: collapse; margin-top: 14pt; break-inside: avoid; }
table.closing td { vertical-align: top; width: 50%; padding: 0; }
td.recipients { font-size: 11pt; }
td.recipients p { margin: 0; }
td.signature { text-align: center; font-weight: bold; }
td.signature p { margin: 0; }
p.signer { margin-top: 28mm !important; }
.page-break { break-before: page; }
"#;

/// The whole page.
pub fn write(document: &Document, lang: Lang) -> String {
    let mut out = String::with_capacity(200_000);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>{} {}</title><style>{CSS}</style></head><body>\n",
        lang.pick("en", "vi"),
        escape(&document.heading.title),
        escape(&crate::words::period_label(&document.period, lang))
    );
    heading(&mut out, document, lang);
    let mut number = 0;
    let mut section = |out: &mut String, title: &str| {
        number += 1;
        let _ = writeln!(out, "<h2>{}. {}</h2>", roman(number), escape(title));
    };
    let [results_title, reporting_title, notes_title] = tables::section_titles(lang);
    if let Some(first) = document.to_write.first() {
        section(&mut out, &first.title);
        to_write(&mut out, first, lang);
    }
    section(&mut out, results_title);
    results(&mut out, document, lang);
    section(&mut out, reporting_title);
    compliance(&mut out, document, lang);
    section(&mut out, notes_title);
    notes(&mut out, document, lang);
    for item in document.to_write.iter().skip(1) {
        section(&mut out, &item.title);
        to_write(&mut out, item, lang);
    }
    closing(&mut out, &document.closing);
    out.push_str("</body></html>\n");
    out
}

/// The top of the page (Decree 30/2020): issuing body, number and a letter's
/// summary on the left; national title, motto, place and date on the right.
pub(super) fn masthead(out: &mut String, m: &Masthead) {
    let summary = m.summary.as_ref().map_or(String::new(), |s| {
        format!("<div class=\"summary\">{}</div>", escape(s))
    });
    let _ = writeln!(
        out,
        "<table class=\"heading\"><tr><td class=\"issuer-cell\"><div class=\"issuer\">{}</div><div>{}</div>{summary}</td><td><div class=\"national\">{}</div><div class=\"motto\">{}</div><div class=\"date-line\">{}</div></td></tr></table>",
        escape(&m.issuer),
        escape(&m.number_line),
        escape(&m.national_title),
        escape(&m.motto),
        escape(&m.date_line)
    );
}

fn heading(out: &mut String, document: &Document, lang: Lang) {
    let h = &document.heading;
    masthead(out, &h.masthead());
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"subtitle\">{}</p>",
        escape(&h.title),
        escape(&h.subtitle)
    );
    let _ = writeln!(
        out,
        "<p class=\"as-of\">{}</p>",
        escape(&tables::as_of_line(document, lang))
    );
}

fn to_write(out: &mut String, item: &ToWrite, lang: Lang) {
    let _ = writeln!(
        out,
        "<div class=\"to-write\"><p class=\"mark\">{}</p><p class=\"guidance\">{}</p></div>",
        escape(tables::to_write_mark(lang)),
        escape(&item.guidance)
    );
}

/// A table of the report as an HTML table, numbers aligned right.
fn grid(out: &mut String, grid: &Grid, class: &str) {
    let _ = write!(out, "<table class=\"data {class}\"><thead><tr>");
    for h in &grid.headers {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &grid.rows {
        out.push_str("<tr>");
        for (c, text) in row.iter().enumerate() {
            let class = if grid.numeric.get(c) == Some(&true) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// A chart's numbers as tables: with one series and many categories, across
/// (a row of categories over a row of values, eleven at a time), else one row
/// per category.
pub fn chart_grids(chart: &Chart, lang: Lang) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    let (headers, rows) = chart.table(lang);
    if chart.series.len() != 1 || rows.len() <= 4 {
        return vec![(headers, rows)];
    }
    rows.chunks(11)
        .map(|chunk| {
            let mut top = vec![headers[0].clone()];
            top.extend(chunk.iter().map(|r| r[0].clone()));
            let mut values = vec![headers[1].clone()];
            values.extend(chunk.iter().map(|r| r[1].clone()));
            (top, vec![values])
        })
        .collect()
}

fn figure(out: &mut String, chart: &Chart, lang: Lang) {
    let _ = write!(out, "<figure id=\"{}\">", escape(&chart.id));
    out.push_str(&draw(chart, lang));
    for (headers, rows) in chart_grids(chart, lang) {
        out.push_str("<table class=\"chart-data\"><tr>");
        for h in &headers {
            // "6T/2022" may break after its slash in a narrow table.
            let _ = write!(out, "<th>{}</th>", escape(h).replace('/', "/<wbr>"));
        }
        out.push_str("</tr>");
        for row in &rows {
            out.push_str("<tr>");
            for c in row {
                let _ = write!(out, "<td>{}</td>", escape(c));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
    }
    let _ = writeln!(
        out,
        "<figcaption>{}</figcaption></figure>",
        escape(&chart.alt)
    );
}

fn results(out: &mut String, document: &Document, lang: Lang) {
    figure(out, &chart::attainment(document, lang), lang);
    for objective in &document.results {
        let _ = writeln!(
            out,
            "<h3>{} {}: {}</h3>",
            escape(lang.pick("Objective", "Mục tiêu")),
            objective.number,
            escape(&objective.title)
        );
        grid(
            out,
            &tables::objective(objective, document, lang),
            "results",
        );
    }
    if document.kind == Kind::FinalReview {
        let _ = writeln!(
            out,
            "<h3 class=\"page-break\">{}</h3>",
            escape(lang.pick("Every indicator, year by year", "Các chỉ tiêu qua từng năm"))
        );
        grid(out, &tables::years(document, lang), "years");
    }
    if let Some(baselines) = tables::unit_baselines(document, lang) {
        let title = tables::unit_baselines_title(lang);
        let _ = writeln!(out, "<h3>{}</h3>", escape(title));
        grid(out, &baselines, "baselines");
    }
    let period = &document.result_period;
    let commune_charts: Vec<Chart> = document
        .results
        .iter()
        .flat_map(|o| &o.indicators)
        .filter(|i| !i.communes.is_empty())
        .map(|i| chart::communes(i, period, lang))
        .collect();
    if !commune_charts.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>",
            escape(lang.pick("Commune by commune", "So sánh giữa các xã, thị trấn"))
        );
        for c in &commune_charts {
            figure(out, c, lang);
        }
    }
    let with_groups: Vec<&crate::document::IndicatorResult> = document
        .results
        .iter()
        .flat_map(|o| &o.indicators)
        .filter(|i| !i.groups.is_empty())
        .collect();
    if !with_groups.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<div class=\"trends\">",
            escape(lang.pick("The gap between groups", "Chênh lệch giữa các nhóm"))
        );
        for i in with_groups {
            figure(out, &chart::groups(i, lang), lang);
        }
        out.push_str("</div>\n");
    }
    let _ = writeln!(
        out,
        "<h3 class=\"page-break\">{}</h3>\n<div class=\"trends\">",
        escape(lang.pick(
            "Each indicator over the rounds",
            "Diễn biến từng chỉ tiêu qua các kỳ"
        ))
    );
    for indicator in document.results.iter().flat_map(|o| &o.indicators) {
        figure(out, &chart::trend(indicator, lang), lang);
    }
    out.push_str("</div>\n");
}

fn compliance(out: &mut String, document: &Document, lang: Lang) {
    figure(out, &chart::timeliness(&document.compliance, lang), lang);
    grid(out, &tables::rounds(document, lang), "rounds");
    let title = match document.kind {
        Kind::FinalReview => lang.pick(
            "Each unit's reports over the period",
            "Báo cáo của từng đơn vị trong giai đoạn",
        ),
        _ => lang.pick("Each unit's report", "Báo cáo của từng đơn vị"),
    };
    let _ = writeln!(out, "<h3>{}</h3>", escape(title));
    grid(out, &tables::units(document, lang), "units");
}

fn notes(out: &mut String, document: &Document, lang: Lang) {
    if document.notes.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(tables::no_notes(lang)));
        return;
    }
    for unit in &document.notes {
        let _ = write!(out, "<h3>{}</h3>\n<dl class=\"notes\">", escape(&unit.name));
        for note in &unit.notes {
            let _ = write!(
                out,
                "<dt>{} ({})</dt><dd>{}</dd>",
                escape(&tables::note_about(note, lang)),
                escape(&date_text(note.submitted, lang)),
                escape(&note.text)
            );
        }
        out.push_str("</dl>\n");
    }
}

/// "Nơi nhận" and the signature block.
pub(super) fn closing(out: &mut String, c: &Closing) {
    out.push_str("<table class=\"closing\"><tr><td class=\"recipients\">");
    let _ = write!(out, "<p><b><i>{}</i></b></p>", escape(&c.recipients_title));
    let n = c.recipients.len();
    for (i, r) in c.recipients.iter().enumerate() {
        let end = if i + 1 == n { "." } else { ";" };
        let _ = write!(out, "<p>- {}{end}</p>", escape(r));
    }
    out.push_str("</td><td class=\"signature\">");
    for line in &c.signature {
        let _ = write!(out, "<p>{}</p>", escape(line));
    }
    let _ = write!(out, "<p class=\"signer\">{}</p>", escape(&c.signer));
    out.push_str("</td></tr></table>\n");
}

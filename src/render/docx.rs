//! The report as a Word document for the office to edit and sign, laid out as
//! Decree 30/2020/NĐ-CP prescribes: A4; margins 20 mm top and bottom, 30 mm left,
//! 15 mm right; Times New Roman 13 pt; the national title in bold capitals on one
//! line, the motto with a rule under it as long as its text, a shorter rule under
//! the issuing body; page numbers centred in the top margin from page 2. Tables
//! are real Word tables with a fixed layout and column widths from their content
//! (measured with the font, `measure.rs`), their header row repeated on each page
//! and no row split across pages. Charts are pictures with their numbers in a table
//! and a caption beneath.

use super::chart::{self, Chart};
use super::measure;
use super::raster;
use super::tables::{self, Grid};
use crate::document::{Document, IndicatorResult, Kind, Masthead, ToWrite};
use crate::i18n::Lang;
use crate::text::for_xml;
use crate::words::date_text;
use chrono::NaiveDate;
use docx_rs::{
    AlignmentType, BorderType, Docx, Header, HeightRule, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run,
    RunFonts, Shading, Table, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

const FONT: &str = "Times New Roman";
/// A4 in twips (1/1440 inch).
const A4: (u32, u32) = (11906, 16838);
/// Margins in twips: 20 mm top and bottom, 30 mm left, 15 mm right; the page
/// number sits 10 mm from the top edge, in the top margin.
const MARGIN_TOP: i32 = 1134;
const MARGIN_BOTTOM: i32 = 1134;
const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 850;
const HEADER_DISTANCE: i32 = 567;
/// The text width: 210 mm less the left and right margins.
pub(super) const TEXT_WIDTH: usize = 9355;
const EMU_PER_MM: f64 = 36_000.0;
/// Sizes in half-points.
pub(super) const BODY: usize = 26;
const TABLE: usize = 22;
const SMALL: usize = 18;
/// The national title: 12 pt, so that it holds one line beside the issuer.
const NATIONAL: usize = 24;
/// The space left and right inside a table cell, in twips (1.5 mm).
const CELL_MARGIN: usize = 85;
/// What a column gets beyond its text: the cell's margins and room for the small
/// differences between Word's and LibreOffice's line breaking (with less, a header
/// as wide as its column, "kết quả" over "32,2%*", ran into the next in the print).
const CELL_SLACK: usize = 2 * CELL_MARGIN + 100;
/// The least height of a table's header row (7 mm); it is also how the header
/// rows are found to mark them as repeated on each page (see [`repeat_headers`]).
const HEADER_ROW_HEIGHT: f32 = 397.0;
/// A rule's thickness in eighths of a point (0.75 pt).
const RULE: usize = 6;

pub fn write(document: &Document, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut out = Word::new();
    out.heading(document, lang);
    let mut number = 0;
    let mut section = |out: &mut Word, title: &str| {
        number += 1;
        out.add(heading_text(&format!("{}. {title}", tables::roman(number))));
    };
    if let Some(first) = document.to_write.first() {
        section(&mut out, &first.title);
        out.place_to_write(first, lang);
    }
    let [results_title, reporting_title, notes_title] = tables::section_titles(lang);
    section(&mut out, results_title);
    out.results(document, lang)?;
    section(&mut out, reporting_title);
    out.figure(&chart::timeliness(&document.compliance, lang), lang, 1.0)?;
    out.table(&tables::rounds(document, lang), TABLE);
    out.table(&tables::units(document, lang), TABLE);
    section(&mut out, notes_title);
    out.notes(document, lang);
    for item in document.to_write.iter().skip(1) {
        section(&mut out, &item.title);
        out.place_to_write(item, lang);
    }
    out.closing(
        &document.closing.recipients_title,
        &document.closing.recipients,
        &document.closing.signature,
        &document.closing.signer,
    );
    let h = &document.heading;
    out.finish(&Properties {
        title: format!("{} {}", h.title, h.subtitle),
        creator: h.issuer.clone(),
        day: document.as_of,
        lang,
    })
}

/// The file's document properties (docProps/core.xml).
pub(super) struct Properties {
    pub title: String,
    /// The issuing body.
    pub creator: String,
    /// Created and modified: the as-of day, so that the same run gives the same file.
    pub day: NaiveDate,
    pub lang: Lang,
}

/// A paragraph of one run.
pub(super) fn text(content: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(for_xml(content)).size(size))
}

pub(super) fn bold_text(content: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(for_xml(content)).size(size).bold())
}

pub(super) fn italic_text(content: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(for_xml(content)).size(size).italic())
}

/// A section's heading: bold, with space above, kept with what follows.
pub(super) fn heading_text(content: &str) -> Paragraph {
    bold_text(content, BODY)
        .keep_next(true)
        .line_spacing(LineSpacing::new().before(160).after(60))
}

fn no_borders() -> TableCellBorders {
    TableCellBorders::with_empty()
}

/// A horizontal rule `length` twips long, centred in `room`: an empty paragraph a
/// point high whose top border is the rule.
fn rule(length: usize, room: usize) -> Paragraph {
    let side = (room.saturating_sub(length) / 2) as i32;
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        .size(2)
        .keep_next(true)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(40)
                .before(20)
                .after(0),
        );
    p.property = std::mem::take(&mut p.property).set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size(RULE)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// Column widths in twips from the content, measured with the font: each column
/// holds at least its widest word (a figure or an id whole), the header's words in
/// bold; the room left is shared in proportion to what the longer texts of the
/// body would need to stand on one line (a header may take two or three lines).
fn widths(grid: &Grid, size: usize, room: usize) -> Vec<usize> {
    let cells = |c: usize| grid.rows.iter().filter_map(move |r| r.get(c));
    let least = least_widths(grid, size);
    let wanted: Vec<usize> = (0..grid.headers.len())
        .map(|c| {
            let body = cells(c)
                .map(|t| measure::width(t, size, false))
                .max()
                .unwrap_or(0);
            (body + CELL_SLACK).max(least[c])
        })
        .collect();
    share(&least, &wanted, room)
}

/// What each column must hold: its widest word, a figure whole (numeric columns),
/// the header's widest word in bold.
fn least_widths(grid: &Grid, size: usize) -> Vec<usize> {
    let cells = |c: usize| grid.rows.iter().filter_map(move |r| r.get(c));
    (0..grid.headers.len())
        .map(|c| {
            let whole = grid.numeric.get(c) == Some(&true);
            let header = measure::widest_word(&grid.headers[c], size, true);
            let body = cells(c)
                .map(|t| match whole {
                    true => measure::width(t, size, false),
                    false => measure::widest_word(t, size, false),
                })
                .max()
                .unwrap_or(0);
            header.max(body) + CELL_SLACK
        })
        .collect()
}

/// The largest size from `size` down to [`SMALL`] at which every column of the
/// grid holds its widest word and figure within `room`.
fn fitting_size(grid: &Grid, size: usize, room: usize) -> usize {
    (SMALL..=size)
        .rev()
        .step_by(2)
        .find(|&s| least_widths(grid, s).iter().sum::<usize>() <= room)
        .unwrap_or(SMALL)
}

/// Widths summing to `room`: each column's least, then what is left in proportion
/// to what each wants beyond it (or, when all fit, to what each wants).
fn share(least: &[usize], wanted: &[usize], room: usize) -> Vec<usize> {
    let (min, want): (usize, usize) = (least.iter().sum(), wanted.iter().sum());
    let mut widths: Vec<usize> = if min >= room {
        least.iter().map(|w| w * room / min.max(1)).collect()
    } else if want <= room {
        wanted.iter().map(|w| w * room / want.max(1)).collect()
    } else {
        let extra = room - min;
        least
            .iter()
            .zip(wanted)
            .map(|(l, w)| l + extra * (w - l) / (want - min))
            .collect()
    };
    let short = room.saturating_sub(widths.iter().sum());
    if let Some(widest) = (0..widths.len()).max_by_key(|&c| widths[c]) {
        widths[widest] += short;
    }
    widths
}

/// Marks every header row (found by its height, which only header rows have) as
/// repeated at the top of each page: docx-rs 0.4 has no `w:tblHeader`, so it is
/// added to the row properties it wrote.
fn repeat_headers(document_xml: Vec<u8>) -> Vec<u8> {
    let mark = format!("<w:trHeight w:val=\"{HEADER_ROW_HEIGHT}\" w:hRule=\"atLeast\" />");
    let Ok(text) = String::from_utf8(document_xml.clone()) else {
        return document_xml;
    };
    text.replace(&mark, &format!("{mark}<w:tblHeader />"))
        .into_bytes()
}

/// docProps/core.xml with the title, the issuing body as creator and the as-of day
/// as created and modified (docx-rs 0.4 can set only the dates, and writes
/// "unknown" and 1970 otherwise).
fn core_properties(p: &Properties) -> Vec<u8> {
    let escape = super::svg::escape;
    let day = format!("{}T00:00:00Z", p.day.format("%Y-%m-%d"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>{}</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{day}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{day}</dcterms:modified><cp:revision>1</cp:revision></cp:coreProperties>",
        escape(&p.title),
        escape(&p.creator),
        escape(&p.creator),
        p.lang.pick("en-GB", "vi-VN"),
    )
    .into_bytes()
}

/// A Word document being written.
pub(super) struct Word {
    docx: Docx,
    pictures: usize,
}

impl Word {
    /// An empty A4 document with the decree's margins and font, and the page
    /// number centred in the top margin of every page but the first.
    pub(super) fn new() -> Word {
        let margins = PageMargin::new()
            .top(MARGIN_TOP)
            .bottom(MARGIN_BOTTOM)
            .left(MARGIN_LEFT)
            .right(MARGIN_RIGHT)
            .header(HEADER_DISTANCE)
            .footer(HEADER_DISTANCE);
        let fonts = RunFonts::new()
            .ascii(FONT)
            .hi_ansi(FONT)
            .cs(FONT)
            .east_asia(FONT);
        let page_number = Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .size(BODY)
                .add_page_num(PageNum::new()),
        );
        Word {
            docx: Docx::new()
                .page_size(A4.0, A4.1)
                .page_margin(margins)
                .default_fonts(fonts)
                .default_size(BODY)
                .header(page_number)
                .first_header(Header::new().add_paragraph(Paragraph::new()))
                .title_pg(),
            pictures: 0,
        }
    }

    /// The finished file: header rows marked to repeat, the document properties.
    pub(super) fn finish(self, properties: &Properties) -> anyhow::Result<Vec<u8>> {
        let mut xml = self.docx.build();
        xml.document = repeat_headers(xml.document);
        xml.doc_props.core = core_properties(properties);
        let mut bytes = std::io::Cursor::new(Vec::new());
        xml.pack(&mut bytes)?;
        Ok(bytes.into_inner())
    }

    pub(super) fn add(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn add_table(&mut self, t: Table) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(t);
    }

    /// The top of the page (Decree 30/2020, Mẫu 1.1 and 1.5): the issuing body with
    /// a short rule under it, the number and, for a letter, the `V/v` summary, on
    /// the left; the national title on one line, the motto with its rule, and the
    /// place and date on the right.
    pub(super) fn masthead(&mut self, m: &Masthead) {
        let right = [
            measure::width(&m.national_title, NATIONAL, true),
            measure::width(&m.motto, BODY, true),
            measure::width(&m.date_line, BODY, false),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
            + CELL_SLACK;
        let right = right.min(TEXT_WIDTH * 2 / 3);
        let left = TEXT_WIDTH - right;
        let room = |w: usize| w - 2 * CELL_MARGIN;
        let issuer_width = measure::width(&m.issuer, BODY, true);
        let lines = issuer_width.div_ceil(room(left).max(1)).max(1);
        let mut left_cell = TableCell::new()
            .set_borders(no_borders())
            .width(left, WidthType::Dxa)
            .add_paragraph(bold_text(&m.issuer, BODY).align(AlignmentType::Center))
            .add_paragraph(rule(issuer_width / lines * 2 / 5, room(left)))
            .add_paragraph(text(&m.number_line, BODY).align(AlignmentType::Center));
        if let Some(summary) = &m.summary {
            left_cell =
                left_cell.add_paragraph(text(summary, NATIONAL).align(AlignmentType::Center));
        }
        let right_cell = TableCell::new()
            .set_borders(no_borders())
            .width(right, WidthType::Dxa)
            .add_paragraph(bold_text(&m.national_title, NATIONAL).align(AlignmentType::Center))
            .add_paragraph(bold_text(&m.motto, BODY).align(AlignmentType::Center))
            .add_paragraph(rule(measure::width(&m.motto, BODY, true), room(right)))
            .add_paragraph(
                italic_text(&m.date_line, BODY)
                    .align(AlignmentType::Center)
                    .line_spacing(LineSpacing::new().before(120)),
            );
        self.add_table(
            Table::without_borders(vec![TableRow::new(vec![left_cell, right_cell])])
                .set_grid(vec![left, right])
                .width(TEXT_WIDTH, WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN)),
        );
    }

    fn heading(&mut self, document: &Document, lang: Lang) {
        let h = &document.heading;
        self.masthead(&h.masthead());
        self.add(
            bold_text(&h.title, BODY + 2)
                .align(AlignmentType::Center)
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(360)),
        );
        self.add(bold_text(&h.subtitle, BODY).align(AlignmentType::Center));
        self.add(
            italic_text(&tables::as_of_line(document, lang), TABLE).align(AlignmentType::Center),
        );
    }
    fn place_to_write(&mut self, item: &ToWrite, lang: Lang) {
        let dashed = TableCellBorders::new()
            .set(dashed(TableCellBorderPosition::Top))
            .set(dashed(TableCellBorderPosition::Bottom))
            .set(dashed(TableCellBorderPosition::Left))
            .set(dashed(TableCellBorderPosition::Right));
        let cell = TableCell::new()
            .set_borders(dashed)
            .width(TEXT_WIDTH, WidthType::Dxa)
            .add_paragraph(bold_text(tables::to_write_mark(lang), BODY))
            .add_paragraph(italic_text(&item.guidance, BODY))
            .add_paragraph(Paragraph::new())
            .add_paragraph(Paragraph::new());
        self.add_table(
            Table::new(vec![TableRow::new(vec![cell]).cant_split()])
                .set_grid(vec![TEXT_WIDTH])
                .width(TEXT_WIDTH, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
        self.add(Paragraph::new());
    }

    /// A table of plain text across the text width: a shaded header row repeated
    /// on each page, then the rows, none split across pages.
    pub(super) fn table(&mut self, grid: &Grid, size: usize) {
        let size = fitting_size(grid, size, TEXT_WIDTH);
        self.add_table(data_table(grid, size, TEXT_WIDTH, false));
        self.add(Paragraph::new());
    }

    /// The chart's picture at `fraction` of the text width, its numbers, its caption.
    fn figure(&mut self, chart: &Chart, lang: Lang, fraction: f64) -> anyhow::Result<()> {
        let (picture, tables) = self.figure_parts(chart, lang, fraction)?;
        self.add(picture);
        for table in tables {
            self.add_table(table);
        }
        self.add(italic_text(&chart.alt, SMALL));
        Ok(())
    }

    fn picture(&mut self, chart: &Chart, lang: Lang, fraction: f64) -> anyhow::Result<Paragraph> {
        let (png, w, h) = raster::png(&super::svg::draw(chart, lang))?;
        let width_mm = 165.0 * fraction;
        let height_mm = width_mm * f64::from(h) / f64::from(w);
        self.pictures += 1;
        let pic = Pic::new_with_dimensions(png, w, h)
            .id(format!("rIdImage{}", self.pictures))
            .size(
                (width_mm * EMU_PER_MM) as u32,
                (height_mm * EMU_PER_MM) as u32,
            );
        Ok(Paragraph::new()
            .align(AlignmentType::Center)
            .keep_next(true)
            .add_run(Run::new().add_image(pic)))
    }

    /// The picture and the tables of its numbers.
    fn figure_parts(
        &mut self,
        chart: &Chart,
        lang: Lang,
        fraction: f64,
    ) -> anyhow::Result<(Paragraph, Vec<Table>)> {
        let picture = self.picture(chart, lang, fraction)?;
        let width = (TEXT_WIDTH as f64 * fraction) as usize;
        let tables = super::html::chart_grids(chart, lang)
            .into_iter()
            .flat_map(|(headers, rows)| numbers_tables(&headers, &rows, width))
            .collect();
        Ok((picture, tables))
    }

    fn results(&mut self, document: &Document, lang: Lang) -> anyhow::Result<()> {
        self.figure(&chart::attainment(document, lang), lang, 1.0)?;
        for objective in &document.results {
            self.add(
                Paragraph::new().keep_next(true).add_run(
                    Run::new()
                        .add_text(for_xml(&format!(
                            "{} {}: {}",
                            lang.pick("Objective", "Mục tiêu"),
                            objective.number,
                            objective.title
                        )))
                        .bold()
                        .italic(),
                ),
            );
            self.table(&tables::objective(objective, document, lang), TABLE);
        }
        if document.kind == Kind::FinalReview {
            self.add(
                bold_text(
                    lang.pick("Every indicator, year by year", "Các chỉ tiêu qua từng năm"),
                    BODY,
                )
                .page_break_before(true)
                .keep_next(true),
            );
            self.table(&tables::years(document, lang), TABLE);
        }
        if let Some(baselines) = tables::unit_baselines(document, lang) {
            let title = tables::unit_baselines_title(lang);
            self.add(bold_text(title, BODY).keep_next(true));
            self.table(&baselines, TABLE);
        }
        let with_communes: Vec<&IndicatorResult> = document
            .results
            .iter()
            .flat_map(|o| &o.indicators)
            .filter(|i| !i.communes.is_empty())
            .collect();
        if !with_communes.is_empty() {
            self.add(
                bold_text(
                    lang.pick("Commune by commune", "So sánh giữa các xã, thị trấn"),
                    BODY,
                )
                .keep_next(true),
            );
            for i in with_communes {
                self.figure(
                    &chart::communes(i, &document.result_period, lang),
                    lang,
                    1.0,
                )?;
            }
        }
        let with_groups: Vec<&IndicatorResult> = document
            .results
            .iter()
            .flat_map(|o| &o.indicators)
            .filter(|i| !i.groups.is_empty())
            .collect();
        if !with_groups.is_empty() {
            self.add(
                bold_text(
                    lang.pick("The gap between groups", "Chênh lệch giữa các nhóm"),
                    BODY,
                )
                .keep_next(true),
            );
            let charts: Vec<Chart> = with_groups.iter().map(|i| chart::groups(i, lang)).collect();
            self.side_by_side(&charts, lang)?;
        }
        self.add(
            bold_text(
                lang.pick(
                    "Each indicator over the rounds",
                    "Diễn biến từng chỉ tiêu qua các kỳ",
                ),
                BODY,
            )
            .page_break_before(true)
            .keep_next(true),
        );
        self.trends(document, lang)
    }

    /// The trend charts two by two.
    fn trends(&mut self, document: &Document, lang: Lang) -> anyhow::Result<()> {
        let charts: Vec<Chart> = document
            .results
            .iter()
            .flat_map(|o| &o.indicators)
            .map(|i| chart::trend(i, lang))
            .collect();
        self.side_by_side(&charts, lang)
    }

    /// Small charts two by two, in a table without borders.
    fn side_by_side(&mut self, charts: &[Chart], lang: Lang) -> anyhow::Result<()> {
        let half = TEXT_WIDTH / 2;
        let mut rows = Vec::new();
        for pair in charts.chunks(2) {
            let mut cells = Vec::new();
            for chart in pair {
                let (picture, tables) = self.figure_parts(chart, lang, 0.48)?;
                let mut cell = TableCell::new()
                    .set_borders(no_borders())
                    .width(half, WidthType::Dxa)
                    .add_paragraph(picture);
                for table in tables {
                    cell = cell.add_table(table);
                }
                cell = cell.add_paragraph(italic_text(&chart.alt, SMALL));
                cells.push(cell);
            }
            if cells.len() == 1 {
                cells.push(
                    TableCell::new()
                        .set_borders(no_borders())
                        .width(half, WidthType::Dxa)
                        .add_paragraph(Paragraph::new()),
                );
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        self.add_table(
            Table::without_borders(rows)
                .set_grid(vec![half, half])
                .width(TEXT_WIDTH, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
        self.add(Paragraph::new());
        Ok(())
    }

    fn notes(&mut self, document: &Document, lang: Lang) {
        if document.notes.is_empty() {
            self.add(text(tables::no_notes(lang), BODY));
            return;
        }
        for unit in &document.notes {
            self.add(bold_text(&unit.name, BODY).keep_next(true));
            for note in &unit.notes {
                let about = tables::note_about(note, lang);
                self.add(
                    Paragraph::new()
                        .add_run(
                            Run::new()
                                .add_text(for_xml(&format!(
                                    "- {about} ({}): ",
                                    date_text(note.submitted, lang)
                                )))
                                .italic(),
                        )
                        .add_run(Run::new().add_text(for_xml(&note.text))),
                );
            }
        }
    }

    /// "Nơi nhận" and the recipients on the left, the signature block on the right.
    pub(super) fn closing(
        &mut self,
        recipients_title: &str,
        recipients: &[String],
        signature: &[String],
        signer: &str,
    ) {
        let mut left = TableCell::new()
            .set_borders(no_borders())
            .width(TEXT_WIDTH / 2, WidthType::Dxa)
            .add_paragraph(
                Paragraph::new().add_run(
                    Run::new()
                        .add_text(for_xml(recipients_title))
                        .bold()
                        .italic()
                        .size(24),
                ),
            );
        let n = recipients.len();
        for (i, r) in recipients.iter().enumerate() {
            let end = if i + 1 == n { "." } else { ";" };
            left = left.add_paragraph(text(&format!("- {r}{end}"), SMALL + 4));
        }
        let mut right = TableCell::new()
            .set_borders(no_borders())
            .width(TEXT_WIDTH / 2, WidthType::Dxa);
        for line in signature {
            right = right.add_paragraph(bold_text(line, BODY).align(AlignmentType::Center));
        }
        for _ in 0..4 {
            right = right.add_paragraph(Paragraph::new());
        }
        right = right.add_paragraph(bold_text(signer, BODY).align(AlignmentType::Center));
        self.add(Paragraph::new());
        self.add_table(
            Table::without_borders(vec![TableRow::new(vec![left, right]).cant_split()])
                .set_grid(vec![TEXT_WIDTH / 2, TEXT_WIDTH / 2])
                .width(TEXT_WIDTH, WidthType::Dxa)
                .layout(TableLayoutType::Fixed),
        );
    }
}

/// A chart's numbers, small and centred, across `width`: in as many tables as it
/// takes for every column to hold its widest word, each repeating the first
/// column (what the rows are).
fn numbers_tables(headers: &[String], rows: &[Vec<String>], width: usize) -> Vec<Table> {
    let column = |c: usize| -> Vec<String> {
        std::iter::once(headers[c].clone())
            .chain(rows.iter().map(|r| r.get(c).cloned().unwrap_or_default()))
            .collect()
    };
    let least = |c: usize| {
        column(c)
            .iter()
            .map(|t| measure::width(t, SMALL, true))
            .max()
            .unwrap_or(0)
            + CELL_SLACK
    };
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    let mut used = width;
    for c in 1..headers.len().max(1) {
        if used + least(c) > width {
            chunks.push(vec![0]);
            used = least(0);
        }
        used += least(c);
        chunks.last_mut().expect("a chunk was started").push(c);
    }
    if chunks.is_empty() {
        chunks.push(vec![0]);
    }
    chunks
        .iter()
        .map(|columns| {
            let pick = |cells: &[String]| -> Vec<String> {
                columns
                    .iter()
                    .map(|&c| cells.get(c).cloned().unwrap_or_default())
                    .collect()
            };
            let grid = Grid {
                headers: pick(headers),
                rows: rows.iter().map(|r| pick(r)).collect(),
                numeric: vec![true; columns.len()],
            };
            data_table(&grid, SMALL, width, true)
        })
        .collect()
}

/// A table with a fixed layout and widths from its content within `room`: the
/// header row shaded, bold and repeated on each page; no row split across pages;
/// numbers aligned right, or every cell centred.
fn data_table(grid: &Grid, size: usize, room: usize, centred: bool) -> Table {
    let align = |numeric: bool| match (centred, numeric) {
        (true, _) => AlignmentType::Center,
        (false, true) => AlignmentType::Right,
        (false, false) => AlignmentType::Left,
    };
    let widths = widths(grid, size, room);
    let header = TableRow::new(
        grid.headers
            .iter()
            .zip(&widths)
            .map(|(h, w)| {
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .shading(Shading::new().fill("E6E6E6"))
                    .add_paragraph(bold_text(h, size).align(align(false)))
            })
            .collect(),
    )
    .cant_split()
    .row_height(HEADER_ROW_HEIGHT)
    .height_rule(HeightRule::AtLeast);
    let body = grid.rows.iter().map(|row| {
        let cells = row.iter().zip(&widths).enumerate().map(|(c, (t, w))| {
            let numeric = grid.numeric.get(c) == Some(&true);
            TableCell::new()
                .width(*w, WidthType::Dxa)
                .add_paragraph(text(t, size).align(align(numeric)))
        });
        TableRow::new(cells.collect()).cant_split()
    });
    Table::new(std::iter::once(header).chain(body).collect())
        .set_grid(widths)
        .width(room, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN))
}

fn dashed(position: TableCellBorderPosition) -> TableCellBorder {
    TableCellBorder::new(position)
        .border_type(BorderType::Dashed)
        .size(12)
        .color("000000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_room_beyond_what_each_must_hold() {
        // All fit: in proportion to what each wants, summing to the room.
        assert_eq!(share(&[100, 100], &[300, 100], 800), vec![600, 200]);
        // Not all fit on one line: each its least, the rest by what it lacks.
        assert_eq!(share(&[100, 100], &[1100, 100], 600), vec![500, 100]);
        // Too narrow even for the least: scaled, still summing to the room.
        let w = share(&[300, 300], &[300, 300], 500);
        assert_eq!(w.iter().sum::<usize>(), 500);
    }

    #[test]
    fn a_header_row_is_marked_to_repeat_and_no_other() {
        let grid = Grid {
            headers: vec!["mã".into(), "giá trị".into()],
            rows: vec![vec!["1.1".into(), "111,7".into()]; 3],
            numeric: vec![false, true],
        };
        let mut word = Word::new();
        word.table(&grid, TABLE);
        let xml = String::from_utf8(repeat_headers(word.docx.build().document)).unwrap();
        assert_eq!(xml.matches("<w:tblHeader />").count(), 1, "{xml}");
        assert_eq!(xml.matches("<w:cantSplit />").count(), 4);
    }

    #[test]
    fn a_wide_table_is_set_smaller_until_its_figures_stand_whole() {
        let wide = Grid {
            headers: (0..9).map(|i| format!("năm {i}")).collect(),
            rows: vec![vec!["100,0 %*".to_string(); 9]],
            numeric: vec![true; 9],
        };
        let size = fitting_size(&wide, TABLE, TEXT_WIDTH);
        assert!(size < TABLE);
        assert!(least_widths(&wide, size).iter().sum::<usize>() <= TEXT_WIDTH);
    }
}

//! The report as a Word document for the office to edit and sign: A4, margins and
//! Times New Roman 13 pt as Decree 30/2020/NĐ-CP prescribes, real Word tables, the
//! charts as pictures with their numbers in a table and a caption beneath.

use super::chart::{self, Chart};
use super::raster;
use super::tables::{self, Grid};
use crate::document::{Document, IndicatorResult, Kind, ToWrite};
use crate::i18n::Lang;
use crate::text::for_xml;
use crate::words::date_text;
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, Table,
    TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders, TableRow, WidthType,
};

const FONT: &str = "Times New Roman";
/// A4 in twips (1/1440 inch).
const A4: (u32, u32) = (11906, 16838);
/// The text width: 210 mm less margins of 30 mm (left) and 15 mm (right).
const TEXT_WIDTH: usize = 9355;
const EMU_PER_MM: f64 = 36_000.0;
/// Sizes in half-points.
const BODY: usize = 26;
const TABLE: usize = 22;
const SMALL: usize = 18;

pub fn write(document: &Document, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let margins = PageMargin::new()
        .top(1134)
        .bottom(1134)
        .left(1701)
        .right(850)
        .header(720)
        .footer(720);
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let mut out = Word {
        docx: Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(margins)
            .default_fonts(fonts)
            .default_size(BODY),
        pictures: 0,
    };
    out.heading(document, lang);
    let mut number = 0;
    let mut section = |out: &mut Word, title: &str| {
        number += 1;
        out.add(
            text(&format!("{}. {title}", tables::roman(number)), BODY)
                .bold()
                .keep_next(true),
        );
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
    out.closing(document);
    let mut bytes = std::io::Cursor::new(Vec::new());
    out.docx.build().pack(&mut bytes)?;
    Ok(bytes.into_inner())
}

/// A paragraph of one run.
fn text(content: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(for_xml(content)).size(size))
}

fn bold_text(content: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(for_xml(content)).size(size).bold())
}

fn italic_text(content: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(for_xml(content)).size(size).italic())
}

fn no_borders() -> TableCellBorders {
    TableCellBorders::with_empty()
}

/// Column widths in twips, from the longest text of each column, within the page.
fn widths(headers: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let longest: Vec<usize> = (0..headers.len())
        .map(|c| {
            let cells = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.chars().count());
            let header_words = headers[c].split_whitespace().map(|w| w.chars().count());
            cells.chain(header_words).max().unwrap_or(1).clamp(3, 48)
        })
        .collect();
    let total: usize = longest.iter().sum();
    longest
        .iter()
        .map(|w| TEXT_WIDTH * w / total.max(1))
        .collect()
}

struct Word {
    docx: Docx,
    pictures: usize,
}

impl Word {
    fn add(&mut self, p: Paragraph) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_paragraph(p);
    }

    fn add_table(&mut self, t: Table) {
        let docx = std::mem::take(&mut self.docx);
        self.docx = docx.add_table(t);
    }

    fn heading(&mut self, document: &Document, lang: Lang) {
        let h = &document.heading;
        let left = TableCell::new()
            .set_borders(no_borders())
            .width(TEXT_WIDTH * 2 / 5, WidthType::Dxa)
            .add_paragraph(bold_text(&h.issuer, BODY).align(AlignmentType::Center))
            .add_paragraph(text(&h.number_line, BODY).align(AlignmentType::Center));
        let right = TableCell::new()
            .set_borders(no_borders())
            .width(TEXT_WIDTH * 3 / 5, WidthType::Dxa)
            .add_paragraph(bold_text(&h.national_title, BODY).align(AlignmentType::Center))
            .add_paragraph(
                Paragraph::new().align(AlignmentType::Center).add_run(
                    Run::new()
                        .add_text(for_xml(&h.motto))
                        .size(BODY + 2)
                        .bold()
                        .underline("single"),
                ),
            )
            .add_paragraph(italic_text(&h.date_line, BODY).align(AlignmentType::Center));
        self.add_table(
            Table::without_borders(vec![TableRow::new(vec![left, right])])
                .set_grid(vec![TEXT_WIDTH * 2 / 5, TEXT_WIDTH * 3 / 5])
                .width(TEXT_WIDTH, WidthType::Dxa),
        );
        self.add(bold_text(&h.title, BODY + 2).align(AlignmentType::Center));
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
            Table::new(vec![TableRow::new(vec![cell])])
                .set_grid(vec![TEXT_WIDTH])
                .width(TEXT_WIDTH, WidthType::Dxa),
        );
        self.add(Paragraph::new());
    }

    /// A table of plain text: a shaded header row, then the rows.
    fn table(&mut self, grid: &Grid, size: usize) {
        let (headers, rows) = (&grid.headers, &grid.rows);
        let widths = widths(headers, rows);
        let header = TableRow::new(
            headers
                .iter()
                .zip(&widths)
                .map(|(h, w)| {
                    TableCell::new()
                        .width(*w, WidthType::Dxa)
                        .shading(Shading::new().fill("E6E6E6"))
                        .add_paragraph(bold_text(h, size))
                })
                .collect(),
        );
        let body = rows.iter().map(|row| {
            TableRow::new(
                row.iter()
                    .zip(&widths)
                    .map(|(c, w)| {
                        TableCell::new()
                            .width(*w, WidthType::Dxa)
                            .add_paragraph(text(c, size))
                    })
                    .collect(),
            )
            .cant_split()
        });
        let table = Table::new(std::iter::once(header).chain(body).collect())
            .set_grid(widths)
            .width(TEXT_WIDTH, WidthType::Dxa);
        self.add_table(table);
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
            .map(|(headers, rows)| numbers_table(&headers, &rows, width))
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
                .width(TEXT_WIDTH, WidthType::Dxa),
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

    fn closing(&mut self, document: &Document) {
        let c = &document.closing;
        let mut left = TableCell::new()
            .set_borders(no_borders())
            .width(TEXT_WIDTH / 2, WidthType::Dxa)
            .add_paragraph(
                Paragraph::new().add_run(
                    Run::new()
                        .add_text(for_xml(&c.recipients_title))
                        .bold()
                        .italic()
                        .size(24),
                ),
            );
        let n = c.recipients.len();
        for (i, r) in c.recipients.iter().enumerate() {
            let end = if i + 1 == n { "." } else { ";" };
            left = left.add_paragraph(text(&format!("- {r}{end}"), SMALL + 4));
        }
        let mut right = TableCell::new()
            .set_borders(no_borders())
            .width(TEXT_WIDTH / 2, WidthType::Dxa);
        for line in &c.signature {
            right = right.add_paragraph(bold_text(line, BODY).align(AlignmentType::Center));
        }
        for _ in 0..4 {
            right = right.add_paragraph(Paragraph::new());
        }
        right = right.add_paragraph(bold_text(&c.signer, BODY).align(AlignmentType::Center));
        self.add(Paragraph::new());
        self.add_table(
            Table::without_borders(vec![TableRow::new(vec![left, right]).cant_split()])
                .set_grid(vec![TEXT_WIDTH / 2, TEXT_WIDTH / 2])
                .width(TEXT_WIDTH, WidthType::Dxa),
        );
    }
}

/// A chart's numbers, small, in equal columns across `width`.
fn numbers_table(headers: &[String], rows: &[Vec<String>], width: usize) -> Table {
    let cell_width = width / headers.len().max(1);
    let row = |cells: &[String], bold: bool| {
        TableRow::new(
            cells
                .iter()
                .map(|c| {
                    let p = if bold {
                        bold_text(c, SMALL)
                    } else {
                        text(c, SMALL)
                    };
                    TableCell::new()
                        .width(cell_width, WidthType::Dxa)
                        .add_paragraph(p.align(AlignmentType::Center))
                })
                .collect(),
        )
    };
    Table::new(
        std::iter::once(row(headers, true))
            .chain(rows.iter().map(|r| row(r, false)))
            .collect(),
    )
    .set_grid(vec![cell_width; headers.len()])
    .width(width, WidthType::Dxa)
}

fn dashed(position: TableCellBorderPosition) -> TableCellBorder {
    TableCellBorder::new(position)
        .border_type(BorderType::Dashed)
        .size(12)
        .color("000000")
}

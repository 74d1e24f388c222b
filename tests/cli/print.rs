//! What the documents look like printed by the programs people print them with:
//! the Word report and the reminder letter converted to PDF by LibreOffice Writer,
//! the HTML pages printed by headless Chromium, the forms printed by LibreOffice
//! Calc. From `pdfinfo` (page count and sizes) and `pdftotext -layout` (the text as
//! laid out, line by line): every page is A4, the page counts are within bounds,
//! the national title is one line, and no word, id or figure of the document is
//! broken across lines (each stands whole on a line as many times as the document
//! holds it).

use super::common::*;
use super::report::example_data;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The district's last day: no document is signed for it later.
const AS_OF: &str = "2025-06-30";
const NATIONAL_TITLE: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";

/// A PDF as printed: its pages' sizes in points and its text line by line.
struct Printed {
    sizes: Vec<(f64, f64)>,
    lines: Vec<String>,
}

fn printed(pdf: &Path) -> Printed {
    let pdf = pdf.to_str().unwrap();
    let info = program("pdfinfo", &["-f", "1", "-l", "9999", pdf]);
    let info = String::from_utf8_lossy(&info.stdout);
    let sizes = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let numbers: Vec<f64> = l
                .split_once("size:")
                .unwrap()
                .1
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (numbers[0], numbers[1])
        })
        .collect();
    let text = program("pdftotext", &["-layout", pdf, "-"]);
    let lines = String::from_utf8_lossy(&text.stdout)
        .lines()
        .map(String::from)
        .collect();
    Printed { sizes, lines }
}

impl Printed {
    fn pages(&self) -> usize {
        self.sizes.len()
    }

    /// Every page A4, upright or (`landscape`) on its side.
    fn assert_a4(&self, landscape: bool, what: &str) {
        assert!(self.pages() > 0, "{what}: no page");
        for (i, &(w, h)) in self.sizes.iter().enumerate() {
            let (short, long) = (w.min(h), w.max(h));
            assert!(
                (short - 595.3).abs() < 1.5 && (long - 841.9).abs() < 1.5,
                "{what}: page {} is {w} x {h} pt, not A4",
                i + 1
            );
            assert_eq!(w > h, landscape, "{what}: page {} orientation", i + 1);
        }
    }

    /// How many times `words` (a sequence of whitespace-separated tokens) stands
    /// whole on one line.
    fn count(&self, words: &str) -> usize {
        self.lines.iter().map(|l| occurrences(l, words)).sum()
    }

    fn has_line_with(&self, words: &str) -> bool {
        self.count(words) > 0
    }
}

/// How many times the tokens of `needle` occur in a row among the tokens of `line`.
/// pdftotext sometimes drops the space between a right-aligned "0" and its "%", and
/// Vietnamese writes none ("57,7%"): both are read with a space, so that either
/// form is found.
fn occurrences(line: &str, needle: &str) -> usize {
    let line = percent_apart(line);
    let needle = percent_apart(needle);
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let wanted: Vec<&str> = needle.split_whitespace().collect();
    if wanted.is_empty() || tokens.len() < wanted.len() {
        return 0;
    }
    tokens
        .windows(wanted.len())
        .filter(|w| *w == wanted)
        .count()
}

/// The text with a space between a digit and a percent sign that follows it.
fn percent_apart(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + 8);
    let mut previous = ' ';
    for c in text.chars() {
        if c == '%' && previous.is_ascii_digit() {
            spaced.push(' ');
        }
        spaced.push(c);
        previous = c;
    }
    spaced
}

/// The paragraphs of a Word file's body, headers and tables, as text.
fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "t" => n.text(),
                    "br" | "tab" => Some(" "),
                    _ => None,
                })
                .collect::<String>()
        })
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Every word, id and figure of the document (each whitespace-separated token of
/// each paragraph, and each cell whole when it is a figure such as "84,2 %*")
/// stands on one line of the print at least as often as the document holds it:
/// nothing is broken inside a word, nor a figure from its unit.
fn assert_nothing_broken(paragraphs: &[String], print: &Printed, what: &str) {
    let mut wanted: BTreeMap<String, usize> = BTreeMap::new();
    for p in paragraphs {
        for token in p.split_whitespace() {
            *wanted.entry(token.to_string()).or_default() += 1;
        }
        let is_figure = p.chars().any(|c| c.is_ascii_digit()) && p.chars().count() <= 14;
        if is_figure && p.split_whitespace().count() > 1 {
            *wanted
                .entry(p.split_whitespace().collect::<Vec<_>>().join(" "))
                .or_default() += 1;
        }
    }
    let broken: Vec<String> = wanted
        .iter()
        .filter(|(words, n)| print.count(words) < **n)
        .map(|(words, n)| format!("{words:?} ({} of {n})", print.count(words)))
        .collect();
    assert!(
        broken.is_empty(),
        "{what}: broken across lines in the print: {}",
        broken.join(", ")
    );
}

fn run_ok(sb: &Sandbox, args: &[&str]) {
    let mut all = vec!["--as-of", AS_OF, "--lang", "vi"];
    all.extend(args);
    let (code, _, err) = sb.run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
}

/// LibreOffice converts `file` (in the sandbox) to PDF; the PDF's path.
fn libreoffice_pdf(sb: &Sandbox, file: &str) -> Option<PathBuf> {
    let soffice = soffice()?;
    Some(sb.path(&sb.convert(soffice, file, "pdf")))
}

/// Headless Chromium prints the page `file` (in the sandbox) to PDF, without its
/// own header and footer, as the README says to print.
fn chromium_pdf(sb: &Sandbox, file: &str) -> PathBuf {
    let pdf = sb.path(&format!("{file}.pdf"));
    chromium_print(sb, &sb.path(file), &pdf, &format!("chromium-{file}"));
    pdf
}

/// The figures of the report's tables as `report --format json` gives them: every
/// indicator's id and value.
fn report_figures(sb: &Sandbox, period: &str) -> Vec<String> {
    let (code, out, err) = sb.run(&[
        "--as-of", AS_OF, "--lang", "vi", "report", "--period", period, "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["indicators"].as_array().unwrap())
        .flat_map(|i| {
            [
                i["indicator"].as_str().unwrap().to_string(),
                i["value_text"].as_str().unwrap().to_string(),
            ]
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The heading's national title on one line, and every indicator id and value of
/// the report whole on a line.
fn assert_heading_and_figures(print: &Printed, figures: &[String], what: &str) {
    assert!(
        print.has_line_with(NATIONAL_TITLE),
        "{what}: the national title is not on one line:\n{}",
        print.lines[..12.min(print.lines.len())].join("\n")
    );
    for figure in figures {
        assert!(
            print.has_line_with(figure),
            "{what}: {figure:?} is not whole on a line"
        );
    }
}

#[test]
fn the_word_report_prints_on_a4_from_libreoffice_with_nothing_broken() {
    let sb = example_data();
    // Pages with the fonts .ci/run installs (Liberation Serif for Times New Roman).
    for (period, pages) in [("2025-H1", 12..=18), ("2021-2025", 18..=30)] {
        let file = format!("report-{period}.docx");
        run_ok(
            &sb,
            &[
                "report", "--period", period, "--format", "docx", "-o", &file,
            ],
        );
        let Some(pdf) = libreoffice_pdf(&sb, &file) else {
            return;
        };
        let print = printed(&pdf);
        let what = format!("Word report {period}");
        print.assert_a4(false, &what);
        assert!(
            pages.contains(&print.pages()),
            "{what}: {} pages",
            print.pages()
        );
        assert_heading_and_figures(&print, &report_figures(&sb, period), &what);
        assert_nothing_broken(&docx_paragraphs(&sb.read(&file)), &print, &what);
        // The page number in the top margin from page 2 on, not on page 1.
        let first_line = |page: usize| {
            let text = program(
                "pdftotext",
                &[
                    "-layout",
                    "-f",
                    &page.to_string(),
                    "-l",
                    &page.to_string(),
                    pdf.to_str().unwrap(),
                    "-",
                ],
            );
            String::from_utf8_lossy(&text.stdout)
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        assert_ne!(first_line(1), "1", "{what}: no page number on page 1");
        assert_eq!(first_line(2), "2", "{what}: page 2 is numbered at the top");
    }
}

#[test]
fn the_html_report_prints_on_a4_from_chromium_with_nothing_broken() {
    let sb = example_data();
    for (period, pages) in [("2025-H1", 15..=20), ("2021-2025", 25..=32)] {
        let file = format!("report-{period}.html");
        run_ok(&sb, &["report", "--period", period, "-o", &file]);
        let print = printed(&chromium_pdf(&sb, &file));
        let what = format!("HTML report {period}");
        print.assert_a4(false, &what);
        assert!(
            pages.contains(&print.pages()),
            "{what}: {} pages",
            print.pages()
        );
        assert_heading_and_figures(&print, &report_figures(&sb, period), &what);
        // Page numbers from the print stylesheet: "2" heads page 2.
        let page_two = print
            .lines
            .iter()
            .skip_while(|l| !l.contains('\u{c}'))
            .find(|l| {
                !l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}')
                    .is_empty()
            });
        assert_eq!(
            page_two.map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}')),
            Some("2"),
            "{what}: page 2 is numbered at the top"
        );
    }
}

#[test]
fn the_forms_print_from_calc_landscape_one_page_wide_with_their_titles_whole() {
    let sb = example_data();
    run_ok(
        &sb,
        &[
            "template",
            "--all",
            "--period",
            "2025-H1",
            "--format",
            "xlsx",
            "-o",
            "forms.xlsx",
        ],
    );
    let Some(pdf) = libreoffice_pdf(&sb, "forms.xlsx") else {
        return;
    };
    let print = printed(&pdf);
    // The instructions on one upright page, then each unit's form on one page
    // across (its rows are few): landscape.
    let (first, forms) = print.sizes.split_first().unwrap();
    assert!(first.0 < first.1, "the instructions page is upright");
    let rest = Printed {
        sizes: forms.to_vec(),
        lines: vec![],
    };
    rest.assert_a4(true, "forms");
    let titles: Vec<&String> = print
        .lines
        .iter()
        .filter(|l| l.contains("Biểu mẫu báo cáo:"))
        .collect();
    assert_eq!(
        titles.len(),
        forms.len(),
        "one form a page, each with its title"
    );
    for title in titles {
        assert!(
            title.trim_end().ends_with("6 tháng đầu năm 2025"),
            "a form's title is cut: {title}"
        );
    }
    for header in [
        "đơn vị",
        "chỉ tiêu",
        "tên chỉ tiêu",
        "hướng dẫn",
        "ngày gửi",
        "ghi chú",
    ] {
        assert!(
            print.count(header) >= forms.len(),
            "{header:?} broken in a form's header"
        );
    }
    // The instructions: every line of text printed, none cut at the page's edge.
    let instructions: Vec<&String> = print
        .lines
        .iter()
        .take_while(|l| !l.contains('\u{c}'))
        .collect();
    let text = instructions
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Có/không: chọn trong danh sách.",
        "cho cơ quan thường trực.",
        "dòng tên cột.",
    ] {
        assert!(
            text.contains(needle),
            "the instructions lose {needle:?}:\n{text}"
        );
    }
}

#[test]
fn the_reminder_letter_prints_on_one_a4_page_from_libreoffice_and_chromium() {
    let sb = example_data();
    run_ok(
        &sb,
        &[
            "remind",
            "--period",
            "2025-H1",
            "--format",
            "docx",
            "-o",
            "letter.docx",
        ],
    );
    run_ok(&sb, &["remind", "--period", "2025-H1", "-o", "letter.html"]);
    let mut prints = vec![("Chromium", printed(&chromium_pdf(&sb, "letter.html")))];
    if let Some(pdf) = libreoffice_pdf(&sb, "letter.docx") {
        prints.push(("LibreOffice", printed(&pdf)));
    }
    let paragraphs = docx_paragraphs(&sb.read("letter.docx"));
    for (program, print) in &prints {
        let what = format!("the letter printed by {program}");
        print.assert_a4(false, &what);
        assert_eq!(print.pages(), 1, "{what}: pages");
        for line in [
            NATIONAL_TITLE,
            "Kính gửi: - UBND xã Hồ Thầu;",
            "- UBND xã Khun Há.",
            "Nơi nhận:",
            "Vũ Xuân Thịnh",
        ] {
            assert!(print.has_line_with(line), "{what}: {line:?} not on a line");
        }
        assert_nothing_broken(&paragraphs, print, &what);
    }
}

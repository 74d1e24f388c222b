//! Drawing a [`Chart`] as SVG: labelled axes, values written on the marks, a dashed
//! target line, and fills told apart by pattern as well as shade, so a chart
//! printed in grey still reads.

use super::chart::{Chart, Shape};
use crate::i18n::Lang;
use crate::words::{Precision, number_text};
use std::fmt::Write;

/// Text for XML content and attribute values: what XML forbids dropped
/// ([`crate::text::for_xml`]), markup escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::for_xml(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const FONT: &str = "'Times New Roman', 'Liberation Serif', serif";
/// Fills of series 1, 2, 3, 4: dark, hatched, light, dotted on white.
const FILLS: [&str; 4] = ["#1f3b57", "url(#hatch)", "#a9bfd4", "url(#dots)"];

const DEFS: &str = r##"<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2c894"/><line x1="0" y1="0" x2="0" y2="6" stroke="#7a4a10" stroke-width="2.2"/></pattern><pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.1" fill="#222222"/></pattern></defs>"##;

/// A round number at or above `value` for the end of an axis: 1, 1.2, 1.5, 2,
/// 2.5, 3, 4, 5, 6 or 8 × 10ⁿ, so the values fill most of the axis.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|&v| v >= value - 1e-9)
        .unwrap_or(10.0 * magnitude)
}

/// How many steps to divide an axis from 0 to `max` into: the most (3 to 6)
/// whose step is 1, 2, 2.5 or 5 × 10ⁿ, so the tick labels are round.
fn divisions(max: f64) -> u32 {
    (3..=6u32)
        .rev()
        .find(|&n| {
            let step = max / f64::from(n);
            let normal = step / 10f64.powf(step.log10().floor());
            [1.0, 2.0, 2.5, 5.0, 10.0]
                .iter()
                .any(|m| (normal - m).abs() < 1e-9)
        })
        .unwrap_or(4)
}

/// The value axis: from 0 to a round number above every value and the target.
fn axis_max(chart: &Chart) -> f64 {
    let stacked = chart.shape == Shape::Bars && chart.series.len() > 1;
    let largest = (0..chart.categories.len())
        .map(|i| {
            let values = chart.series.iter().filter_map(|s| s.values[i]);
            if stacked {
                values.sum::<f64>()
            } else {
                values.fold(0.0, f64::max)
            }
        })
        .fold(0.0, f64::max);
    nice_ceiling(largest.max(chart.max_hint.unwrap_or(0.0)) * 1.05)
}

/// The SVG of a chart, self-contained (no fonts, images or scripts fetched).
pub fn draw(chart: &Chart, lang: Lang) -> String {
    match chart.shape {
        Shape::Bars => bars(chart, lang),
        Shape::Line => line(chart, lang),
    }
}

fn open(out: &mut String, chart: &Chart, width: f64, height: f64) {
    let id = escape(&chart.id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT}">"#
    );
    let _ = write!(
        out,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>{DEFS}"#,
        escape(&chart.title),
        escape(&chart.alt)
    );
    let _ = write!(
        out,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/><text x="{}" y="16" font-size="13" font-weight="bold" text-anchor="middle">{}</text>"##,
        width / 2.0,
        escape(&chart.title)
    );
}

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, content: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}">{}</text>"#,
        escape(content)
    );
}

fn legend(out: &mut String, chart: &Chart, x: f64, y: f64) {
    let mut x = x;
    for (i, series) in chart.series.iter().enumerate() {
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{:.1}" width="12" height="10" fill="{}" stroke="#000000" stroke-width="0.6"/>"##,
            y - 9.0,
            FILLS[i % FILLS.len()]
        );
        text(out, x + 16.0, y, 10.0, "start", &series.name);
        x += 24.0 + series.name.chars().count() as f64 * 5.2;
    }
}

/// Horizontal bars, one row per category; several series stack.
fn bars(chart: &Chart, lang: Lang) -> String {
    const WIDTH: f64 = 640.0;
    const LEFT: f64 = 150.0;
    const RIGHT: f64 = 40.0;
    const ROW: f64 = 16.0;
    let top = if chart.series.len() > 1 { 48.0 } else { 32.0 };
    let rows = chart.categories.len() as f64;
    let plot_height = ROW * rows.max(1.0);
    let height = top + plot_height + 42.0;
    let max = axis_max(chart);
    let plot_width = WIDTH - LEFT - RIGHT;
    let x_of = |v: f64| LEFT + (v.clamp(0.0, max) / max) * plot_width;
    let mut out = String::new();
    open(&mut out, chart, WIDTH, height);
    if chart.series.len() > 1 {
        legend(&mut out, chart, LEFT, 36.0);
    }
    ticks_across(&mut out, max, x_of, top, top + plot_height, lang);
    for (i, category) in chart.categories.iter().enumerate() {
        let y = top + i as f64 * ROW;
        text(&mut out, LEFT - 6.0, y + ROW * 0.7, 10.0, "end", category);
        let mut start = 0.0;
        let mut any = false;
        for (s, series) in chart.series.iter().enumerate() {
            let Some(v) = series.values[i] else { continue };
            any = true;
            let (x0, x1) = (x_of(start), x_of(start + v));
            if x1 > x0 {
                let _ = write!(
                    out,
                    r##"<rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" stroke="#000000" stroke-width="0.6"/>"##,
                    y + 3.0,
                    x1 - x0,
                    ROW - 6.0,
                    FILLS[s % FILLS.len()]
                );
            }
            start += v;
        }
        let label = if !any {
            "—".to_string()
        } else if chart.series.len() == 1 {
            number_text(
                chart.series[0].values[i].unwrap_or(0.0),
                chart.precision,
                lang,
            )
        } else {
            number_text(start, Precision::Rounded(0), lang)
        };
        text(
            &mut out,
            x_of(start) + 4.0,
            y + ROW * 0.7,
            9.0,
            "start",
            &label,
        );
    }
    if let Some((target, label)) = &chart.target {
        let x = x_of(*target);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#000000" stroke-width="1.4" stroke-dasharray="5 3"/>"##,
            top - 4.0,
            top + plot_height
        );
        text(&mut out, x, top - 6.0, 9.0, "middle", label);
    }
    text(
        &mut out,
        LEFT + plot_width / 2.0,
        height - 6.0,
        11.0,
        "middle",
        &chart.value_label,
    );
    text(
        &mut out,
        LEFT - 6.0,
        top - 6.0,
        10.0,
        "end",
        &chart.category_label,
    );
    out.push_str("</svg>");
    out
}

/// Grid lines and numbers along a horizontal value axis.
fn ticks_across(
    out: &mut String,
    max: f64,
    x_of: impl Fn(f64) -> f64,
    top: f64,
    bottom: f64,
    lang: Lang,
) {
    let n = divisions(max);
    for step in 0..=n {
        let v = max * f64::from(step) / f64::from(n);
        let x = x_of(v);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="#c8c8c8" stroke-width="0.6"/>"##
        );
        text(
            out,
            x,
            bottom + 12.0,
            9.0,
            "middle",
            &number_text(v, Precision::Rounded(1), lang),
        );
    }
    let _ = write!(
        out,
        r##"<line x1="{:.1}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#000000" stroke-width="0.8"/>"##,
        x_of(0.0),
        x_of(max)
    );
}

/// Lines of series 1, 2, 3: (dash pattern, colour); solid dark, dashed, dotted.
const LINES: [(&str, &str); 3] = [("none", "#1f3b57"), ("6 3", "#9a5b13"), ("2 2", "#444444")];

/// A point of series `s`: a hollow circle, a filled square, a hollow triangle.
fn marker(out: &mut String, s: usize, x: f64, y: f64, stroke: &str) {
    let _ = match s % 3 {
        0 => write!(
            out,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="2.8" fill="#ffffff" stroke="{stroke}" stroke-width="1.4"/>"##
        ),
        1 => write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="5" height="5" fill="{stroke}"/>"##,
            x - 2.5,
            y - 2.5
        ),
        _ => write!(
            out,
            r##"<path d="M{x:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="#ffffff" stroke="{stroke}" stroke-width="1.2"/>"##,
            y - 3.2,
            x + 3.0,
            y + 2.4,
            x - 3.0,
            y + 2.4
        ),
    };
}

/// Which line is which, for a chart of several lines.
fn line_legend(out: &mut String, chart: &Chart, x: f64, y: f64) {
    let mut x = x;
    for (s, series) in chart.series.iter().enumerate() {
        let (dashes, stroke) = LINES[s % LINES.len()];
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{stroke}" stroke-width="1.8" stroke-dasharray="{dashes}"/>"##,
            y - 3.0,
            x + 16.0,
            y - 3.0
        );
        marker(out, s, x + 8.0, y - 3.0, stroke);
        text(out, x + 20.0, y, 8.0, "start", &series.name);
        x += 30.0 + series.name.chars().count() as f64 * 4.5;
    }
}

/// Values joined across the categories, a dashed line at the target.
fn line(chart: &Chart, lang: Lang) -> String {
    const WIDTH: f64 = 320.0;
    const HEIGHT: f64 = 210.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 30.0;
    const BOTTOM: f64 = 44.0;
    let max = axis_max(chart);
    let n = chart.categories.len().max(1) as f64;
    let plot_width = WIDTH - LEFT - RIGHT;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let x_of = |i: usize| LEFT + plot_width * (i as f64 + 0.5) / n;
    let y_of = |v: f64| TOP + plot_height - (v.clamp(0.0, max) / max) * plot_height;
    let mut out = String::new();
    open(&mut out, chart, WIDTH, HEIGHT);
    let n = divisions(max);
    for step in 0..=n {
        let v = max * f64::from(step) / f64::from(n);
        let y = y_of(v);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#c8c8c8" stroke-width="0.6"/>"##,
            WIDTH - RIGHT
        );
        text(
            &mut out,
            LEFT - 4.0,
            y + 3.0,
            8.0,
            "end",
            &number_text(v, Precision::Rounded(1), lang),
        );
    }
    for (i, category) in chart.categories.iter().enumerate() {
        text(
            &mut out,
            x_of(i),
            TOP + plot_height + 11.0,
            7.5,
            "middle",
            category,
        );
    }
    if let Some((target, label)) = &chart.target {
        let y = y_of(*target);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#000000" stroke-width="1.2" stroke-dasharray="5 3"/>"##,
            WIDTH - RIGHT
        );
        // Under the line at the left, clear of the values written above points.
        text(&mut out, LEFT + 3.0, y + 9.0, 7.5, "start", label);
    }
    if chart.series.len() > 1 {
        line_legend(&mut out, chart, LEFT + 4.0, TOP - 4.0);
    }
    for (s, series) in chart.series.iter().enumerate() {
        let (dashes, stroke) = LINES[s % LINES.len()];
        let mut path = String::new();
        let mut pen_down = false;
        for (i, value) in series.values.iter().enumerate() {
            match value {
                Some(v) => {
                    let command = if pen_down { 'L' } else { 'M' };
                    let _ = write!(path, "{command}{:.1} {:.1} ", x_of(i), y_of(*v));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let _ = write!(
                out,
                r##"<path d="{}" fill="none" stroke="{stroke}" stroke-width="1.8" stroke-dasharray="{dashes}"/>"##,
                path.trim_end()
            );
        }
        for (i, value) in series.values.iter().enumerate() {
            if let Some(v) = value {
                let (x, y) = (x_of(i), y_of(*v));
                marker(&mut out, s, x, y, stroke);
                text(
                    &mut out,
                    x,
                    y - 5.0,
                    7.5,
                    "middle",
                    &number_text(*v, chart.precision, lang),
                );
            }
        }
    }
    text(
        &mut out,
        LEFT + plot_width / 2.0,
        HEIGHT - 6.0,
        9.0,
        "middle",
        &chart.category_label,
    );
    let _ = write!(
        out,
        r#"<text x="10" y="{:.1}" font-size="9" text-anchor="middle" transform="rotate(-90 10 {:.1})">{}</text>"#,
        TOP + plot_height / 2.0,
        TOP + plot_height / 2.0,
        escape(&chart.value_label)
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ends_on_round_numbers() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 8.0);
        assert_eq!(nice_ceiling(105.0), 120.0);
        assert_eq!(nice_ceiling(160.0), 200.0);
        assert_eq!(nice_ceiling(1.8), 2.0);
        assert_eq!(nice_ceiling(22.0), 25.0);
    }

    #[test]
    fn ticks_fall_on_round_numbers() {
        assert_eq!(divisions(150.0), 6, "steps of 25");
        assert_eq!(divisions(120.0), 6, "steps of 20");
        assert_eq!(divisions(200.0), 4, "steps of 50");
        assert_eq!(divisions(1.5), 6, "steps of 0.25");
        assert_eq!(divisions(8.0), 4, "steps of 2");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}

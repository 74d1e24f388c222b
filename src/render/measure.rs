//! How wide a text prints: the advance widths of Liberation Serif (metric-compatible
//! with Times New Roman, bundled in `assets/fonts/`), read with skrifa. The Word
//! document sizes its table columns and its rules from these widths, so that an
//! indicator id or a figure never breaks inside and the national title stays on one
//! line in Word and in LibreOffice alike.

use skrifa::FontRef;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");

/// Twips (1/20 point) per point.
const TWIPS_PER_POINT: f32 = 20.0;

/// The width of `text` in twips at `half_points` (Word's unit of font size).
pub fn width(text: &str, half_points: usize, bold: bool) -> usize {
    let Ok(font) = FontRef::new(if bold { BOLD } else { REGULAR }) else {
        return fallback(text, half_points);
    };
    let points = half_points as f32 / 2.0;
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(points), LocationRef::default());
    let em = points;
    let total: f32 = text
        .chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(em / 2.0)
        })
        .sum();
    (total * TWIPS_PER_POINT).ceil() as usize
}

/// Half an em a character, should the bundled font fail to read.
fn fallback(text: &str, half_points: usize) -> usize {
    text.chars().count() * half_points * 5
}

/// The width of the widest word of `text` (what a column must hold at least).
pub fn widest_word(text: &str, half_points: usize, bold: bool) -> usize {
    text.split_whitespace()
        .map(|w| width(w, half_points, bold))
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_the_fonts() {
        // Times New Roman's "0" is half an em: 13 pt → 6.5 pt → 130 twips.
        assert_eq!(width("0", 26, false), 130);
        assert!(width("CỘNG HÒA", 26, true) > width("CỘNG HÒA", 26, false));
        assert_eq!(width("", 26, false), 0);
        assert_eq!(widest_word("1.1 ab", 26, false), width("1.1", 26, false));
    }
}

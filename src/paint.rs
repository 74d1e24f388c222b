//! Colour on the terminal: the styles of the tool's output, written with anstyle
//! (the crate clap colours its help with), and whether a stream may be coloured,
//! by anstream's rule (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, a terminal that
//! shows colour). No module writes an escape code by hand.

use anstyle::{AnsiColor, Style};

/// A table's title, a diagnostic's place.
pub const STRONG: Style = Style::new().bold();
/// An error, a figure that misses its target.
pub const BAD: Style = AnsiColor::Red.on_default();
/// A warning, a figure to look at.
pub const WARN: Style = AnsiColor::Yellow.on_default();
/// A figure that meets its target.
pub const GOOD: Style = AnsiColor::Green.on_default();
/// What comes second: a hint's label.
pub const FAINT: Style = Style::new().dimmed();

/// `text` in `style` when `color`, else as it is.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

/// Whether what is written to `stream` may be coloured: never when `NO_COLOR` is
/// set (and not empty), nor when the stream is not a terminal, unless
/// `CLICOLOR_FORCE` asks for it.
pub fn may_color<S: anstream::stream::RawStream>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_written_only_when_asked() {
        assert_eq!(paint("lỗi", BAD, false), "lỗi");
        assert_eq!(paint("lỗi", BAD, true), "\x1b[31mlỗi\x1b[0m");
        assert_eq!(paint("Bảng", STRONG, true), "\x1b[1mBảng\x1b[0m");
    }
}

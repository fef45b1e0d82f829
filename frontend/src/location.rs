//! Panic locations as rustc reports them (`panicked at FILE:LINE:COL`): the line, and the
//! *display* column of the expression's start, where a tab counts 4 and a character counts
//! its terminal width (2 for wide CJK or emoji, 0 for a combining mark).

use clifcov_ir::{Pos, Span};
use unicode_width::UnicodeWidthChar;

/// The lines of a source file, to compute display columns.
pub struct SourceLines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceLines<'a> {
    pub fn new(source: &'a str) -> SourceLines<'a> {
        SourceLines {
            lines: clifcov_ir::split_lines(source),
        }
    }

    /// The point where rustc reports a panic raised by the code at `span`.
    pub fn panic_location(&self, span: Span) -> Span {
        let line = self
            .lines
            .get(span.lo.line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("");
        let chars_before = span.lo.col.saturating_sub(1) as usize;
        let pos = Pos::new(span.lo.line, 1 + display_width(line, chars_before) as u32);
        Span::new(pos, pos)
    }
}

/// The display width of the first `chars` characters of `line`: their number when they are
/// ASCII characters other than tabs (each one column wide), as in most lines.
fn display_width(line: &str, chars: usize) -> usize {
    match line.as_bytes().get(..chars) {
        Some(prefix) if prefix.iter().all(|&b| b.is_ascii() && b != b'\t') => chars,
        _ => line.chars().take(chars).map(char_width).sum(),
    }
}

/// rustc's `char_width`: a tab is 4 columns, other characters their Unicode width (1 when
/// they have none, like control characters).
fn char_width(ch: char) -> usize {
    match ch {
        '\t' => 4,
        ch => ch.width().unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, col: u32) -> Span {
        Span::new(Pos::new(line, col), Pos::new(line, col + 1))
    }

    /// Columns rustc 1.95 printed for panics at these positions.
    #[test]
    fn display_columns_like_rustc() {
        let source = "fn main() {\n\tif n == 1 { println!(\"é {}\", m + n); }\n}\n";
        assert_eq!(
            SourceLines::new(source).panic_location(at(2, 31)).lo,
            Pos::new(2, 34)
        );
        let wide = "\tif n == 2 { println!(\"日本 {}\", m + n); }\n";
        assert_eq!(
            SourceLines::new(wide).panic_location(at(1, 32)).lo,
            Pos::new(1, 37)
        );
        let ascii = "    let q = a / b;\n";
        assert_eq!(
            SourceLines::new(ascii).panic_location(at(1, 13)).lo,
            Pos::new(1, 13)
        );
        let combining = "a\u{301}b";
        assert_eq!(
            SourceLines::new(combining).panic_location(at(1, 3)).lo,
            Pos::new(1, 2)
        );
    }
}

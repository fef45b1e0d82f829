//! Compile errors and their rustc-style rendering (`error[E0308]: ...`, ` --> file:line:col`,
//! the source line with carets, then `error: aborting due to ...`).

use std::fmt;

use annotate_snippets::{Level, Renderer, Snippet};
use clifcov_ir::Span;

/// One error: a message, a primary span with an optional label, secondary labelled spans and
/// `= note:` / `= help:` lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Option<&'static str>,
    pub message: String,
    /// The primary span; `None` for the few errors about the whole file.
    pub span: Option<Span>,
    pub label: Option<String>,
    pub secondary: Vec<(Span, String)>,
    pub notes: Vec<String>,
    pub helps: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            span: Some(span),
            ..Diagnostic::without_span(message)
        }
    }

    pub fn without_span(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: None,
            message: message.into(),
            span: None,
            label: None,
            secondary: Vec::new(),
            notes: Vec::new(),
            helps: Vec::new(),
        }
    }

    /// `error: unsupported <what>`, the diagnostic for syntax outside the subset.
    pub fn unsupported(what: impl fmt::Display, span: Span) -> Diagnostic {
        Diagnostic::error(format!("unsupported {what}"), span)
            .with_label("not supported by clifcov")
    }

    pub fn with_code(mut self, code: &'static str) -> Diagnostic {
        self.code = Some(code);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, label.into()));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.helps.push(help.into());
        self
    }
}

/// All errors found in one source file, with what is needed to render them.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    path: String,
    source: String,
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(path: &str, source: &str, list: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics {
            path: path.to_string(),
            source: source.to_string(),
            list,
        }
    }

    pub fn list(&self) -> &[Diagnostic] {
        &self.list
    }

    /// The full text rustc would print for these errors.
    pub fn render(&self) -> String {
        let lines = LineIndex::new(&self.source);
        let mut out = String::new();
        for diagnostic in &self.list {
            out.push_str(&self.render_one(diagnostic, &lines));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out
    }

    fn render_one(&self, diagnostic: &Diagnostic, lines: &LineIndex) -> String {
        let mut message = Level::Error.title(&diagnostic.message);
        if let Some(span) = diagnostic.span {
            let mut snippet = Snippet::source(&self.source)
                .origin(&self.path)
                .fold(true)
                .annotation(
                    Level::Error
                        .span(lines.byte_range(span))
                        .label(diagnostic.label.as_deref().unwrap_or("")),
                );
            for (span, label) in &diagnostic.secondary {
                snippet =
                    snippet.annotation(Level::Warning.span(lines.byte_range(*span)).label(label));
            }
            message = message.snippet(snippet);
        }
        if let Some(code) = diagnostic.code {
            message = message.id(code);
        }
        for note in &diagnostic.notes {
            message = message.footer(Level::Note.title(note));
        }
        for help in &diagnostic.helps {
            message = message.footer(Level::Help.title(help));
        }
        let text = Renderer::plain().render(message).to_string();
        without_trailing_gutter(text)
    }

    /// `error: aborting due to ...` and the `rustc --explain` hint, as rustc ends its output.
    fn summary(&self) -> String {
        let count = self.list.len();
        let mut out = if count == 1 {
            "error: aborting due to 1 previous error\n".to_string()
        } else {
            format!("error: aborting due to {count} previous errors\n")
        };
        let mut codes: Vec<&str> = self.list.iter().filter_map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        match codes.as_slice() {
            [] => {}
            [code] => {
                out.push_str(&format!(
                    "\nFor more information about this error, try `rustc --explain {code}`.\n"
                ));
            }
            [first, ..] => {
                out.push_str(&format!(
                    "\nSome errors have detailed explanations: {}.\n\
                     For more information about an error, try `rustc --explain {first}`.\n",
                    codes.join(", ")
                ));
            }
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}

/// Drops an empty `  |` gutter line that annotate-snippets leaves after hanging labels and
/// rustc does not print.
fn without_trailing_gutter(mut text: String) -> String {
    let last_line_start = text.rfind('\n').map_or(0, |i| i + 1);
    if last_line_start > 0 && text[last_line_start..].trim() == "|" {
        text.truncate(last_line_start - 1);
    }
    text
}

/// Converts 1-based line / character-column positions to byte offsets in the source.
struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> LineIndex<'a> {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            source,
            line_starts,
        }
    }

    fn offset(&self, line: u32, col: u32) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return self.source.len();
        };
        let text = &self.source[start..];
        let line_len = text.find('\n').unwrap_or(text.len());
        let skip = col.saturating_sub(1) as usize;
        start
            + text[..line_len]
                .char_indices()
                .nth(skip)
                .map_or(line_len, |(i, _)| i)
    }

    /// The byte range of a span; an empty span becomes one character wide so a caret shows.
    fn byte_range(&self, span: Span) -> std::ops::Range<usize> {
        let lo = self.offset(span.lo.line, span.lo.col);
        let hi = self.offset(span.hi.line, span.hi.col).max(lo);
        if hi > lo {
            return lo..hi;
        }
        let next = self.source[lo..].chars().next().map_or(0, char::len_utf8);
        lo..lo + next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clifcov_ir::Pos;

    fn span(line: u32, lo: u32, hi: u32) -> Span {
        Span::new(Pos::new(line, lo), Pos::new(line, hi))
    }

    /// Checked against `rustc --edition 2021 t.rs` for the same source.
    #[test]
    fn renders_like_rustc() {
        let source = "fn main() {\n    let x: i32 = true;\n}\n";
        let d = Diagnostic::error("mismatched types", span(2, 18, 22))
            .with_code("E0308")
            .with_label("expected `i32`, found `bool`")
            .with_secondary(span(2, 12, 15), "expected due to this");
        let text = Diagnostics::new("t.rs", source, vec![d]).render();
        let expected = "\
error[E0308]: mismatched types
 --> t.rs:2:18
  |
2 |     let x: i32 = true;
  |            ---   ^^^^ expected `i32`, found `bool`
  |            |
  |            expected due to this

error: aborting due to 1 previous error

For more information about this error, try `rustc --explain E0308`.
";
        assert_eq!(text, expected);
    }

    #[test]
    fn counts_errors_and_codes() {
        let source = "fn main() {\n    y;\n    z;\n}\n";
        let d1 = Diagnostic::error("cannot find value `y` in this scope", span(2, 5, 6))
            .with_code("E0425")
            .with_label("not found in this scope");
        let d2 = Diagnostic::error("unsupported expression: closure", span(3, 5, 6));
        let text = Diagnostics::new("t.rs", source, vec![d1, d2]).render();
        assert!(text.contains(" --> t.rs:3:5\n"), "{text}");
        assert!(text.ends_with(
            "error: aborting due to 2 previous errors\n\n\
             For more information about this error, try `rustc --explain E0425`.\n"
        ));
    }

    #[test]
    fn notes_and_multibyte_columns() {
        let source = "fn main() { let é = 300u8; }\n";
        let d = Diagnostic::error("literal out of range for `u8`", span(1, 21, 26)).with_note(
            "the literal `300u8` does not fit into the type `u8` whose range is `0..=255`",
        );
        let text = Diagnostics::new("t.rs", source, vec![d]).render();
        let expected = "\
error: literal out of range for `u8`
 --> t.rs:1:21
  |
1 | fn main() { let é = 300u8; }
  |                     ^^^^^
  |
  = note: the literal `300u8` does not fit into the type `u8` whose range is `0..=255`

error: aborting due to 1 previous error
";
        assert_eq!(text, expected);
    }

    #[test]
    fn empty_span_at_end_of_file() {
        let source = "fn main() {";
        let d = Diagnostic::error("this file contains an unclosed delimiter", span(1, 12, 12));
        let text = Diagnostics::new("t.rs", source, vec![d]).render();
        assert!(text.contains(" --> t.rs:1:12\n"), "{text}");
    }
}

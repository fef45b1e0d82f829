//! Explains the lexical errors that `syn` only reports as "cannot parse string into token
//! stream": unbalanced delimiters, unterminated strings and block comments, characters that
//! start no token, in rustc's words. Also finds the Unicode spaces that `syn` takes for
//! whitespace and rustc does not.

use clifcov_ir::{Pos, Span};

use crate::diagnostics::Diagnostic;

/// The first lexical error of the source, if the scanner recognises one.
pub fn explain(source: &str) -> Option<Diagnostic> {
    Scanner::new(source).run()
}

/// For a source that `syn` parsed: the first character outside literals and comments that
/// rustc's lexer rejects although `syn` took it for whitespace (a no-break or ideographic
/// space, say). Only non-ASCII sources can have one.
pub fn unknown_token_in_parsed(source: &str) -> Option<Diagnostic> {
    if source.is_ascii() {
        return None;
    }
    explain(source).filter(|d| d.message.starts_with(UNKNOWN_TOKEN))
}

const UNKNOWN_TOKEN: &str = "unknown start of token";

struct Scanner {
    chars: Vec<char>,
    index: usize,
    line: u32,
    col: u32,
    /// Open delimiters with their positions.
    open: Vec<(char, Pos)>,
}

impl Scanner {
    fn new(source: &str) -> Scanner {
        Scanner {
            chars: source.chars().collect(),
            index: 0,
            line: 1,
            col: 1,
            open: Vec::new(),
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.index + ahead).copied()
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.col)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.index += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn run(mut self) -> Option<Diagnostic> {
        while let Some(c) = self.peek(0) {
            let start = self.pos();
            let problem = match c {
                '/' if self.peek(1) == Some('/') => self.skip_line(),
                '/' if self.peek(1) == Some('*') => self.skip_block_comment(start),
                '"' => self.skip_string(start),
                'r' | 'b' | 'c' if self.raw_string_ahead() => self.skip_raw_string(start),
                '\'' => {
                    self.skip_char_or_lifetime();
                    None
                }
                '(' | '[' | '{' => {
                    self.open.push((c, start));
                    self.bump();
                    None
                }
                ')' | ']' | '}' => self.close(c, start),
                c if starts_no_token(c) => Some(Diagnostic::error(
                    format!("{UNKNOWN_TOKEN}: {}", escaped(c)),
                    Span::new(start, next_col(start)),
                )),
                _ => {
                    self.bump();
                    None
                }
            };
            if problem.is_some() {
                return problem;
            }
        }
        let (_, open) = self.open.pop()?;
        let end = self.pos();
        Some(
            Diagnostic::error(
                "this file contains an unclosed delimiter",
                Span::new(end, end),
            )
            .with_secondary(Span::new(open, next_col(open)), "unclosed delimiter"),
        )
    }

    fn close(&mut self, c: char, at: Pos) -> Option<Diagnostic> {
        self.bump();
        let span = Span::new(at, next_col(at));
        match self.open.pop() {
            Some((open, _)) if matching(open) == c => None,
            Some((_, open_at)) => {
                let unclosed = Span::new(open_at, next_col(open_at));
                let mut d =
                    Diagnostic::error(format!("mismatched closing delimiter: `{c}`"), unclosed)
                        .with_label("unclosed delimiter")
                        .with_secondary(span, "mismatched closing delimiter");
                if let Some(&(_, meant)) = self.open.iter().rev().find(|(o, _)| matching(*o) == c) {
                    let meant = Span::new(meant, next_col(meant));
                    d = d.with_secondary(meant, "closing delimiter possibly meant for this");
                }
                Some(d)
            }
            None => Some(
                Diagnostic::error(format!("unexpected closing delimiter: `{c}`"), span)
                    .with_label("unexpected closing delimiter"),
            ),
        }
    }

    fn skip_line(&mut self) -> Option<Diagnostic> {
        while self.peek(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
        None
    }

    fn skip_block_comment(&mut self, start: Pos) -> Option<Diagnostic> {
        let mut depth = 0;
        while let Some(c) = self.bump() {
            if c == '/' && self.peek(0) == Some('*') {
                self.bump();
                depth += 1;
            } else if c == '*' && self.peek(0) == Some('/') {
                self.bump();
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
        }
        Some(
            Diagnostic::error(
                "unterminated block comment",
                Span::new(start, next_col(start)),
            )
            .with_code("E0758"),
        )
    }

    fn skip_string(&mut self, start: Pos) -> Option<Diagnostic> {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '"' => return None,
                _ => {}
            }
        }
        let span = Span::new(start, self.pos());
        Some(Diagnostic::error("unterminated double quote string", span).with_code("E0765"))
    }

    /// `r"`, `r#"`, `br"`, `cr#"`...
    fn raw_string_ahead(&self) -> bool {
        let skip = usize::from(self.peek(0) != Some('r'));
        if self.peek(skip) != Some('r') {
            return false;
        }
        let hashes = (skip + 1..)
            .take_while(|&i| self.peek(i) == Some('#'))
            .count();
        self.peek(skip + 1 + hashes) == Some('"')
    }

    fn skip_raw_string(&mut self, start: Pos) -> Option<Diagnostic> {
        while self.bump() != Some('r') {}
        let mut hashes = 0;
        while self.peek(0) == Some('#') {
            self.bump();
            hashes += 1;
        }
        self.bump();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|i| self.peek(i) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return None;
            }
        }
        Some(
            Diagnostic::error("unterminated raw string", Span::new(start, next_col(start)))
                .with_code("E0748"),
        )
    }

    /// A char literal (`'a'`, `'\n'`, `'{'`) or a lifetime / label (`'outer`).
    fn skip_char_or_lifetime(&mut self) {
        self.bump();
        let length = match (self.peek(0), self.peek(1)) {
            (Some('\\'), _) => (1..12).find(|&i| self.peek(i) == Some('\'')),
            (Some(_), Some('\'')) => Some(1),
            _ => None,
        };
        if let Some(length) = length {
            for _ in 0..=length {
                self.bump();
            }
        }
    }
}

/// Whether rustc's lexer finds no token starting with `c` outside literals and comments
/// ("unknown start of token"). Only characters whose treatment is known here: ASCII ones,
/// and non-ASCII ones outside identifiers in blocks of punctuation and symbols without
/// emoji (rustc takes an emoji for a misspelt identifier, with another message).
fn starts_no_token(c: char) -> bool {
    if c.is_ascii() {
        let whitespace = matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r');
        return matches!(c, '`' | '\\') || (c.is_ascii_control() && !whitespace);
    }
    let symbols = matches!(c,
        '\u{80}'..='\u{ff}' | '\u{2000}'..='\u{206f}' | '\u{20a0}'..='\u{20cf}' | '\u{2200}'..='\u{22ff}');
    let emoji = matches!(c, '\u{a9}' | '\u{ae}' | '\u{203c}' | '\u{2049}');
    let other_spaces = matches!(c, '\u{1680}' | '\u{3000}');
    let whitespace_or_joiner = matches!(
        c,
        '\u{85}' | '\u{200c}'..='\u{200f}' | '\u{2028}' | '\u{2029}'
    );
    (symbols && !emoji && !whitespace_or_joiner && !unicode_ident::is_xid_continue(c))
        || other_spaces
}

/// `c` as rustc's messages show it: printable ASCII as it is, anything else escaped.
fn escaped(c: char) -> String {
    if (' '..='~').contains(&c) {
        c.to_string()
    } else {
        c.escape_default().to_string()
    }
}

fn matching(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn next_col(pos: Pos) -> Pos {
    Pos::new(pos.line, pos.col + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(source: &str) -> Option<(String, Option<Span>)> {
        explain(source).map(|d| (d.message, d.span))
    }

    /// Messages as rustc 1.95 words them for the same sources.
    #[test]
    fn delimiters() {
        let (text, span) = message("fn main() {\n    let x = (1;\n}\n").unwrap();
        assert_eq!(text, "mismatched closing delimiter: `}`");
        assert_eq!(span.unwrap().lo, Pos::new(2, 13));
        let (text, span) = message("fn main() {").unwrap();
        assert_eq!(text, "this file contains an unclosed delimiter");
        assert_eq!(span.unwrap().lo, Pos::new(1, 12));
        assert_eq!(
            message("fn main() {}\n}").unwrap().0,
            "unexpected closing delimiter: `}`"
        );
    }

    #[test]
    fn literals_and_comments_hide_delimiters() {
        let fine = "fn main() { let _ = \"{(\"; let _ = '}'; /* { /* } */ ) */ 'a: loop {} // {\n}";
        assert_eq!(message(fine), None);
        assert_eq!(message("fn main() { r#\"}\"#; }"), None);
    }

    #[test]
    fn characters_that_start_no_token() {
        let unknown = |c: char| message(&format!("fn main() {{\n    let x = 1; {c}\n}}\n"));
        for (c, shown) in [
            ('`', "`"),
            ('\\', "\\"),
            ('\0', "\\u{0}"),
            ('\x7f', "\\u{7f}"),
            ('\u{a0}', "\\u{a0}"),
            ('\u{2013}', "\\u{2013}"),
            ('\u{20ac}', "\\u{20ac}"),
        ] {
            let (text, span) = unknown(c).unwrap_or_else(|| panic!("{c:?}"));
            assert_eq!(text, format!("unknown start of token: {shown}"));
            assert_eq!(span.unwrap().lo, Pos::new(2, 16));
        }
        for fine in ['é', 'µ', '\u{a9}', '\u{203c}', '\u{200e}', '\u{85}', '\t'] {
            assert_eq!(unknown(fine), None, "{fine:?}");
        }
        assert_eq!(message("fn main() { let _ = \"`€\\\\\"; } // ` €\n"), None);
    }

    #[test]
    fn spaces_that_syn_accepts_and_rustc_does_not() {
        for space in ['\u{a0}', '\u{1680}', '\u{2003}', '\u{202f}', '\u{3000}'] {
            let source = format!("fn main() {{{space}let x = 1; }}\n");
            let (text, span) = unknown_token_in_parsed(&source)
                .map(|d| (d.message, d.span))
                .unwrap_or_else(|| panic!("{space:?}"));
            assert_eq!(
                text,
                format!("unknown start of token: {}", space.escape_default())
            );
            assert_eq!(span.unwrap().lo, Pos::new(1, 12));
        }
        let fine = "fn main() { let café = 1; println!(\"\u{a0}é{}\", café); } // \u{3000}\n";
        assert_eq!(unknown_token_in_parsed(fine), None);
        assert_eq!(unknown_token_in_parsed("fn main() {}\n}"), None);
    }

    #[test]
    fn unterminated() {
        assert_eq!(
            message("fn main() { \"abc }").unwrap().0,
            "unterminated double quote string"
        );
        assert_eq!(
            message("fn main() { /* }").unwrap().0,
            "unterminated block comment"
        );
    }
}

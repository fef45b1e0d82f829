//! Explains the lexical errors that `syn` only reports as "cannot parse string into token
//! stream": unbalanced delimiters, unterminated strings and block comments, in rustc's words.

use clifcov_ir::{Pos, Span};

use crate::diagnostics::Diagnostic;

/// The first lexical error of the source, if the scanner recognises one.
pub fn explain(source: &str) -> Option<Diagnostic> {
    Scanner::new(source).run()
}

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

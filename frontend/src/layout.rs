//! A line-breaking layout engine in the style of Oppen's pretty printer, with the conventions
//! of rustc's `pp` module (78-column margin, block indentation, consistent and inconsistent
//! boxes), so that expressions print with the same line breaks as rustc's `assert!` message.

const MARGIN: isize = 78;
const MIN_SPACE: isize = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Text(String),
    /// A place where the line may break: `blank` spaces when it does not, otherwise a new line
    /// indented by the enclosing broken box's indentation plus `offset`.
    Break {
        blank: isize,
        offset: isize,
    },
    /// Opens a box; when it does not fit, its breaks indent by `offset` more than the
    /// enclosing indentation. A consistent box breaks at all its breaks or none.
    Begin {
        offset: isize,
        consistent: bool,
    },
    End,
}

/// Collects the token stream of a document, then lays it out.
#[derive(Debug, Default)]
pub struct Doc {
    tokens: Vec<Token>,
}

impl Doc {
    pub fn text(&mut self, text: impl Into<String>) {
        self.tokens.push(Token::Text(text.into()));
    }

    pub fn brk(&mut self, blank: isize, offset: isize) {
        self.tokens.push(Token::Break { blank, offset });
    }

    /// A break that prints as one space when the line does not break.
    pub fn space(&mut self) {
        self.brk(1, 0);
    }

    /// Opens an inconsistent box.
    pub fn ibox(&mut self, offset: isize) {
        self.tokens.push(Token::Begin {
            offset,
            consistent: false,
        });
    }

    /// Opens a consistent box.
    pub fn cbox(&mut self, offset: isize) {
        self.tokens.push(Token::Begin {
            offset,
            consistent: true,
        });
    }

    pub fn end(&mut self) {
        self.tokens.push(Token::End);
    }

    /// True before anything has been written (rustc's "beginning of line" without hard breaks).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Lays the document out within the margin.
    pub fn render(&self) -> String {
        let sizes = self.sizes();
        Printer::default().print(&self.tokens, &sizes)
    }

    /// The size of each token as the layout decisions use it: a text's length; for a break or
    /// a box, the width from it to the next break that is not nested deeper than it (or to the
    /// end), a break counting its blank.
    fn sizes(&self) -> Vec<isize> {
        let mut sizes = vec![0; self.tokens.len()];
        let mut offsets = Vec::with_capacity(self.tokens.len() + 1);
        let mut total = 0;
        for token in &self.tokens {
            offsets.push(total);
            total += match token {
                Token::Text(text) => text.len() as isize,
                Token::Break { blank, .. } => *blank,
                _ => 0,
            };
        }
        // pending[d]: tokens at depth d waiting for the next break at depth <= d.
        let mut pending: Vec<Vec<usize>> = vec![Vec::new()];
        for (i, token) in self.tokens.iter().enumerate() {
            match token {
                Token::Text(text) => sizes[i] = text.len() as isize,
                Token::Break { .. } => {
                    let depth = pending.len() - 1;
                    for level in pending.iter_mut().skip(depth) {
                        for j in level.drain(..) {
                            sizes[j] = offsets[i] - offsets[j];
                        }
                    }
                    pending[depth].push(i);
                }
                Token::Begin { .. } => {
                    pending.last_mut().expect("depth 0 exists").push(i);
                    pending.push(Vec::new());
                }
                Token::End => {
                    let inner = pending.pop().unwrap_or_default();
                    if pending.is_empty() {
                        pending.push(Vec::new());
                    }
                    pending.last_mut().expect("just ensured").extend(inner);
                }
            }
        }
        for j in pending.into_iter().flatten() {
            sizes[j] = total - offsets[j];
        }
        sizes
    }
}

#[derive(Clone, Copy)]
enum Frame {
    Fits,
    Broken { indent: isize, consistent: bool },
}

struct Printer {
    out: String,
    space: isize,
    indent: isize,
    pending_indent: isize,
    stack: Vec<Frame>,
}

impl Default for Printer {
    fn default() -> Printer {
        Printer {
            out: String::new(),
            space: MARGIN,
            indent: 0,
            pending_indent: 0,
            stack: Vec::new(),
        }
    }
}

impl Printer {
    fn print(mut self, tokens: &[Token], sizes: &[isize]) -> String {
        for (token, &size) in tokens.iter().zip(sizes) {
            match token {
                Token::Text(text) => self.print_text(text),
                Token::Break { blank, offset } => self.print_break(*blank, *offset, size),
                Token::Begin { offset, consistent } => self.print_begin(*offset, *consistent, size),
                Token::End => self.print_end(),
            }
        }
        self.out
    }

    fn print_begin(&mut self, offset: isize, consistent: bool, size: isize) {
        if size > self.space {
            self.stack.push(Frame::Broken {
                indent: self.indent,
                consistent,
            });
            self.indent += offset;
        } else {
            self.stack.push(Frame::Fits);
        }
    }

    fn print_end(&mut self) {
        if let Some(Frame::Broken { indent, .. }) = self.stack.pop() {
            self.indent = indent;
        }
    }

    fn print_break(&mut self, blank: isize, offset: isize, size: isize) {
        let top = self.stack.last().copied().unwrap_or(Frame::Broken {
            indent: 0,
            consistent: false,
        });
        let fits = match top {
            Frame::Fits => true,
            Frame::Broken {
                consistent: true, ..
            } => false,
            Frame::Broken {
                consistent: false, ..
            } => size <= self.space,
        };
        if fits {
            self.pending_indent += blank;
            self.space -= blank;
        } else {
            self.out.push('\n');
            let indent = self.indent + offset;
            self.pending_indent = indent;
            self.space = (MARGIN - indent).max(MIN_SPACE);
        }
    }

    fn print_text(&mut self, text: &str) {
        for _ in 0..self.pending_indent.max(0) {
            self.out.push(' ');
        }
        self.pending_indent = 0;
        self.out.push_str(text);
        self.space -= text.len() as isize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(doc: &mut Doc, words: &[&str]) {
        doc.ibox(4);
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                doc.space();
            }
            doc.text(*w);
        }
        doc.end();
    }

    #[test]
    fn short_content_stays_on_one_line() {
        let mut doc = Doc::default();
        words(&mut doc, &["a", "+", "b"]);
        assert_eq!(doc.render(), "a + b");
    }

    #[test]
    fn inconsistent_box_fills_lines() {
        let mut doc = Doc::default();
        let long = ["x234567890"; 10];
        words(&mut doc, &long);
        let text = doc.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].len() <= 78);
        assert!(lines[1].starts_with("    x"), "{text}");
    }

    #[test]
    fn consistent_box_breaks_everywhere() {
        let mut doc = Doc::default();
        doc.cbox(4);
        doc.text("{");
        for _ in 0..8 {
            doc.space();
            doc.text("statement_1;");
        }
        doc.brk(1, -4);
        doc.text("}");
        doc.end();
        let text = doc.render();
        assert_eq!(text.lines().count(), 10, "{text}");
        assert!(text.ends_with("\n}"), "{text}");
        assert!(text.contains("\n    statement_1;"), "{text}");
    }

    /// A box's size runs on to the next break outside it, so text glued after it counts.
    #[test]
    fn sizes_reach_the_next_outer_break() {
        let mut doc = Doc::default();
        doc.ibox(0);
        doc.text("ab");
        doc.end();
        doc.text("cd");
        doc.space();
        doc.text("e");
        assert_eq!(doc.sizes(), vec![4, 2, 0, 2, 2, 1]);
    }
}

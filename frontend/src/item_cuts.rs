//! Where a source file can be cut into runs of whole top-level items: line starts after an
//! item's closing `}` or `;`, found by a scan that lexes just enough Rust (comments, string,
//! char and raw string literals, lifetimes) to track delimiter depth. A cut in the wrong place
//! only makes a part fail to parse; the caller then parses the whole file. The scan runs on
//! one thread before the parts are parsed, so it skips the bytes that need no decision
//! (identifiers, numbers, spaces, most punctuation) in a tight loop over a table of byte
//! classes.

/// Offsets of line starts between top-level items, increasing: for each of the increasing
/// `targets`, the first such line start after the previous cut, at or after the target and
/// before the end (if any). The scan stops at the last cut; empty when it meets an
/// unterminated literal or comment or an unbalanced delimiter (errors the whole-file parse
/// reports).
pub fn cut_points(source: &str, targets: &[usize]) -> Vec<usize> {
    let mut scan = Scan {
        bytes: source.as_bytes(),
        pos: 0,
        depth: 0,
        after_item: false,
        targets,
        cuts: Vec::new(),
    };
    while !scan.targets.is_empty() {
        scan.skip_plain();
        if scan.pos >= scan.bytes.len() {
            break;
        }
        if scan.step().is_none() {
            return Vec::new();
        }
    }
    scan.cuts
}

/// The class of a byte (its entry in [`BYTE_CLASSES`]): a space, which the scan steps over
/// keeping whether an item just ended, is 0.
type ByteClass = u8;

/// A byte the scan steps over noting that no item just ended.
const PLAIN: ByteClass = 1;

/// A byte the scan decides about in `Scan::step`.
const SPECIAL: ByteClass = 2;

/// The class of every byte: line ends, delimiters, `;`, the starts of comments (`/`) and of
/// string, char and raw string literals (`"`, `'`, `#`) are special; spaces, tabs and
/// carriage returns are spaces; the rest are plain.
const BYTE_CLASSES: [ByteClass; 256] = {
    let mut classes = [PLAIN; 256];
    let special = b"\n/\"'{([})];#";
    let mut i = 0;
    while i < special.len() {
        classes[special[i] as usize] = SPECIAL;
        i += 1;
    }
    classes[b' ' as usize] = 0;
    classes[b'\t' as usize] = 0;
    classes[b'\r' as usize] = 0;
    classes
};

/// The scan's state: the position, the delimiter depth, whether the last token at depth 0
/// ended an item, the targets still without a cut and the cuts so far.
struct Scan<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    after_item: bool,
    targets: &'a [usize],
    cuts: Vec<usize>,
}

impl Scan<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    /// Steps over the bytes up to the next special one (see [`BYTE_CLASSES`]).
    fn skip_plain(&mut self) {
        let rest = &self.bytes[self.pos..];
        let mut seen = 0;
        let skipped = rest
            .iter()
            .position(|&byte| {
                let class = BYTE_CLASSES[usize::from(byte)];
                seen |= class;
                class == SPECIAL
            })
            .unwrap_or(rest.len());
        self.after_item &= seen & PLAIN == 0;
        self.pos += skipped;
    }

    /// Consumes the token, comment or line end that starts with the special byte here.
    fn step(&mut self) -> Option<()> {
        let byte = self.bytes[self.pos];
        match byte {
            b'\n' => {
                self.pos += 1;
                if self.depth == 0 && self.after_item {
                    self.boundary();
                }
            }
            b'/' if self.peek(1) == Some(b'/') => {
                self.after_item &= !self.at_doc_comment();
                self.line_comment();
            }
            b'/' if self.peek(1) == Some(b'*') => {
                self.after_item &= !self.at_doc_comment();
                self.block_comment()?;
            }
            b'"' | b'#' if self.after_raw_prefix() => self.token(Self::raw_string)?,
            b'"' => self.token(Self::quoted)?,
            b'\'' => self.token(Self::char_or_lifetime)?,
            b'{' | b'(' | b'[' => {
                self.depth += 1;
                self.after_item = false;
                self.pos += 1;
            }
            b'}' | b')' | b']' => {
                self.depth = self.depth.checked_sub(1)?;
                self.after_item = self.depth == 0 && byte == b'}';
                self.pos += 1;
            }
            b';' => {
                self.after_item = self.depth == 0;
                self.pos += 1;
            }
            _ => {
                self.after_item = false;
                self.pos += 1;
            }
        }
        Some(())
    }

    /// A line start between items: the cut for the next target if it is at or after it.
    fn boundary(&mut self) {
        if let Some((&target, rest)) = self.targets.split_first() {
            if self.pos >= target && self.pos < self.bytes.len() {
                self.cuts.push(self.pos);
                self.targets = rest;
            }
        }
    }

    /// Consumes a token that does not end an item.
    fn token(&mut self, consume: fn(&mut Self) -> Option<()>) -> Option<()> {
        self.after_item = false;
        consume(self)
    }

    /// Whether the comment here may be a doc comment (`///`, `//!`, `/**`, `/*!`): an
    /// attribute of the item after it, which no cut may separate from it.
    fn at_doc_comment(&self) -> bool {
        matches!(self.peek(2), Some(b'!')) || self.peek(2) == self.peek(1)
    }

    fn line_comment(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
            self.pos += 1;
        }
    }

    /// A block comment; they nest.
    fn block_comment(&mut self) -> Option<()> {
        let mut open = 0;
        loop {
            match (self.peek(0)?, self.peek(1)) {
                (b'/', Some(b'*')) => {
                    open += 1;
                    self.pos += 2;
                }
                (b'*', Some(b'/')) => {
                    open -= 1;
                    self.pos += 2;
                    if open == 0 {
                        return Some(());
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// A string literal from its opening quote, escapes included.
    fn quoted(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek(0)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    /// `'x'`, `'\n'`, `'\u{..}'` or the quote of a lifetime or label (its name follows).
    fn char_or_lifetime(&mut self) -> Option<()> {
        let next = self.peek(1)?;
        if next == b'\\' {
            self.pos += 3;
            return self.skip_to_closing_quote();
        }
        let width = utf8_width(next);
        if self.peek(1 + width) == Some(b'\'') {
            self.pos += 2 + width;
        } else {
            self.pos += 1;
        }
        Some(())
    }

    fn skip_to_closing_quote(&mut self) -> Option<()> {
        while self.peek(0)? != b'\'' {
            self.pos += 1;
        }
        self.pos += 1;
        Some(())
    }

    /// Whether the word just before here is the prefix of a raw string (`r".."`, `r#".."#`,
    /// `br".."`, `cr".."`) or of a raw identifier (`r#name`). The other prefixes need nothing
    /// of their own: `b".."` and `c".."` read as strings, `b'.'` as a char.
    fn after_raw_prefix(&self) -> bool {
        let before = &self.bytes[..self.pos];
        let word_start = before
            .iter()
            .rposition(|&byte| !is_word_byte(byte))
            .map_or(0, |index| index + 1);
        matches!(&before[word_start..], b"r" | b"br" | b"cr")
    }

    /// A raw string from the hashes after its `r`; a raw identifier's name when no quote
    /// follows them.
    fn raw_string(&mut self) -> Option<()> {
        let mut hashes = 0;
        while self.peek(0) == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek(0) != Some(b'"') {
            return Some(());
        }
        self.pos += 1;
        loop {
            if self.peek(0)? == b'"' {
                let closing = (1..=hashes).all(|i| self.peek(i) == Some(b'#'));
                if closing {
                    self.pos += 1 + hashes;
                    return Some(());
                }
            }
            self.pos += 1;
        }
    }
}

/// Bytes of identifiers and numbers (non-ASCII bytes belong to identifiers or literals).
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// The length of the UTF-8 sequence that starts with `byte`.
fn utf8_width(byte: u8) -> usize {
    match byte {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line start between items but the end: one cut for each target 0.
    fn boundaries(source: &str) -> Vec<usize> {
        cut_points(source, &vec![0; source.len()])
    }

    #[test]
    fn line_starts_after_items() {
        let source = "fn a() {\n}\n\nuse std::env;\nfn b() { let x = 1; }\n";
        assert_eq!(boundaries(source), vec![11, 12, 26]);
    }

    #[test]
    fn nothing_inside_items_literals_or_comments() {
        let source = concat!(
            "fn a() {\n",
            "    let s = \"}\n\";\n",
            "    let c = '}'; let l: &'static str = r#\"}\"\n\"#;\n",
            "    let b = b'\\''; /* } /* nested */\n } */\n",
            "    let e = '\\u{7d}';\n",
            "}\n",
            "// }\n",
            "fn b() {}"
        );
        let found = boundaries(source);
        assert_eq!(
            found,
            vec![source.find("// }").unwrap(), source.find("fn b").unwrap()]
        );
    }

    #[test]
    fn nothing_inside_raw_strings_after_any_prefix() {
        let source = concat!(
            "fn a() {\n",
            "    let r#x = r\"\\\";\n",
            "    let y = br##\"}\"#\n\"##; let z = cr\"}\n\";\n",
            "    let s = \"xr\"; let c = b'\"'; let d = c\"}\";\n",
            "}\n",
            "fn b() {}"
        );
        assert_eq!(boundaries(source), vec![source.find("fn b").unwrap()]);
    }

    #[test]
    fn no_cut_between_an_item_and_the_rest_of_its_line() {
        assert_eq!(boundaries("fn a() {} fn b() {}\nfn c() {}"), vec![20]);
        assert_eq!(boundaries("fn a() {}\n#[test]\nfn t() {}"), vec![10]);
    }

    #[test]
    fn no_cut_between_a_doc_comment_and_its_item() {
        assert_eq!(
            boundaries("fn a() {}\n/// b\nfn b() {}\nfn c() {}"),
            vec![10, 26]
        );
        assert_eq!(boundaries("fn a() {}\n/** b */\nfn b() {}\n"), vec![10]);
        assert_eq!(boundaries("fn a() {}\n// a\nfn b() {}\n"), vec![10, 15]);
        assert_eq!(boundaries("fn a() {}\n/* a */\nfn b() {}\n"), vec![10, 18]);
    }

    #[test]
    fn unbalanced_or_unterminated_sources_have_no_cuts() {
        let none = Vec::<usize>::new();
        assert_eq!(boundaries("fn a() {\nfn b() {}\n"), none);
        assert_eq!(boundaries("fn a() {}\n}\nfn b() {}\n"), none);
        assert_eq!(boundaries("fn a() {}\n\"x }\n"), none);
        assert_eq!(boundaries("fn a() {}\n/* x\n"), none);
    }

    #[test]
    fn the_scan_stops_after_the_last_cut() {
        let source = "fn a() {}\nfn b() {}\n}\nfn c() {}\n";
        assert_eq!(cut_points(source, &[1, 11]), vec![10, 20]);
        assert_eq!(cut_points(source, &[1, 21]), Vec::<usize>::new());
    }

    #[test]
    fn cuts_at_the_first_boundary_after_each_target() {
        let item = "fn f() { let x = 1; }\n";
        let source = item.repeat(10);
        let len = item.len();
        assert_eq!(cut_points(&source, &[5 * len]), vec![5 * len]);
        assert_eq!(
            cut_points(&source, &[3 * len + 1, 6 * len + 4]),
            vec![4 * len, 7 * len]
        );
        assert_eq!(cut_points(&source, &[len, len + 1]), vec![len, 2 * len]);
        assert_eq!(cut_points(&source, &[10 * len]), Vec::<usize>::new());
        assert_eq!(cut_points(&source, &[]), Vec::<usize>::new());
        assert_eq!(cut_points("fn a() {", &[1]), Vec::<usize>::new());
    }
}

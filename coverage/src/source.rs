//! Lookups in the program's source text: the characters next to a position, and byte
//! columns (the IR counts columns in characters; LLVM coverage counts them in bytes). On
//! lines of ASCII text, characters and bytes coincide and lookups index the line directly.

use clifcov_ir::Pos;

pub struct SourceText<'a> {
    lines: Vec<Line<'a>>,
}

struct Line<'a> {
    text: &'a str,
    ascii: bool,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> SourceText<'a> {
        SourceText {
            lines: clifcov_ir::split_lines(text)
                .into_iter()
                .map(|text| Line {
                    text,
                    ascii: text.is_ascii(),
                })
                .collect(),
        }
    }

    /// The line of `pos` (1-based), if any.
    fn line(&self, pos: Pos) -> Option<&Line<'a>> {
        self.lines.get(pos.line.checked_sub(1)? as usize)
    }

    /// The character at `pos` (1-based line and character column), if any; the end of a
    /// line reads as `'\n'`.
    pub fn char_at(&self, pos: Pos) -> Option<char> {
        let line = self.line(pos)?;
        let index = pos.col.checked_sub(1)? as usize;
        if line.ascii {
            return match line.text.as_bytes().get(index) {
                Some(&byte) => Some(char::from(byte)),
                None => (index == line.text.len()).then_some('\n'),
            };
        }
        let mut chars = line.text.chars().chain(std::iter::once('\n'));
        chars.nth(index)
    }

    /// The character just before `pos` on the same line.
    pub fn char_before(&self, pos: Pos) -> Option<char> {
        let col = pos.col.checked_sub(1)?;
        self.char_at(Pos::new(pos.line, col))
    }

    /// The 1-based byte column of `pos`; positions past the end of a line count one byte
    /// per missing character.
    pub fn byte_col(&self, pos: Pos) -> u32 {
        let Some(line) = self.line(pos) else {
            return pos.col;
        };
        if line.ascii {
            return pos.col.max(1);
        }
        let chars_before = pos.col.saturating_sub(1) as usize;
        let bytes: usize = line
            .text
            .chars()
            .take(chars_before)
            .map(char::len_utf8)
            .sum();
        let missing = chars_before.saturating_sub(line.text.chars().count());
        (bytes + missing + 1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_and_byte_columns() {
        let text = SourceText::new("fn f() {}\n    println!(\"é{}\", x);\n");
        assert_eq!(text.char_at(Pos::new(1, 8)), Some('{'));
        assert_eq!(text.char_before(Pos::new(1, 10)), Some('}'));
        assert_eq!(text.char_at(Pos::new(1, 10)), Some('\n'));
        assert_eq!(text.char_at(Pos::new(1, 11)), None);
        assert_eq!(text.char_before(Pos::new(1, 1)), None);
        assert_eq!(text.char_at(Pos::new(9, 1)), None);
        assert_eq!(text.byte_col(Pos::new(2, 15)), 15);
        assert_eq!(text.byte_col(Pos::new(2, 16)), 17);
        assert_eq!(text.byte_col(Pos::new(2, 24)), 25);
    }

    #[test]
    fn ascii_lines_answer_as_the_general_path_does() {
        let source = "fn f() {}\n\n  x }\n";
        let fast = SourceText::new(source);
        let mut general = SourceText::new(source);
        for line in &mut general.lines {
            assert!(line.ascii);
            line.ascii = false;
        }
        for line in 0..6 {
            for col in 0..14 {
                let pos = Pos::new(line, col);
                assert_eq!(fast.char_at(pos), general.char_at(pos), "{pos:?}");
                assert_eq!(fast.byte_col(pos), general.byte_col(pos), "{pos:?}");
            }
        }
    }
}

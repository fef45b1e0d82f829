//! Lookups in the program's source text: the characters next to a position, and byte
//! columns (the IR counts columns in characters; LLVM coverage counts them in bytes).

use clifcov_ir::Pos;

pub struct SourceText<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> SourceText<'a> {
        SourceText {
            lines: text.split('\n').collect(),
        }
    }

    /// The character at `pos` (1-based line and character column), if any; the end of a
    /// line reads as `'\n'`.
    pub fn char_at(&self, pos: Pos) -> Option<char> {
        let line = self.lines.get(pos.line.checked_sub(1)? as usize)?;
        let index = pos.col.checked_sub(1)? as usize;
        let mut chars = line.chars().chain(std::iter::once('\n'));
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
        let Some(line) = pos
            .line
            .checked_sub(1)
            .and_then(|l| self.lines.get(l as usize))
        else {
            return pos.col;
        };
        let chars_before = pos.col.saturating_sub(1) as usize;
        let bytes: usize = line.chars().take(chars_before).map(char::len_utf8).sum();
        let missing = chars_before.saturating_sub(line.chars().count());
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
}

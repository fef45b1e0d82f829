//! Source positions and spans, 1-based lines and columns as rustc's coverage reports them.

use std::fmt;

/// A position in the source file: line and column both start at 1; columns count characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

/// A half-open source range `lo..hi` in the program's single source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub lo: Pos,
    pub hi: Pos,
}

impl Span {
    pub fn new(lo: Pos, hi: Pos) -> Span {
        Span { lo, hi }
    }

    /// The smallest span that covers both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    /// True when `other` lies entirely inside `self`.
    pub fn contains(self, other: Span) -> bool {
        self.lo <= other.lo && other.hi <= self.hi
    }

    pub fn is_empty(self) -> bool {
        self.lo >= self.hi
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.lo, self.hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_and_contain() {
        let a = Span::new(Pos::new(1, 5), Pos::new(1, 9));
        let b = Span::new(Pos::new(2, 1), Pos::new(3, 2));
        let ab = a.to(b);
        assert_eq!(ab, Span::new(Pos::new(1, 5), Pos::new(3, 2)));
        assert!(ab.contains(a) && ab.contains(b));
        assert!(!a.contains(ab));
        assert!(Span::new(Pos::new(1, 1), Pos::new(1, 1)).is_empty());
    }
}

//! Where `#[allow(..)]` turns off one of the deny-by-default lints that clifcov reports as
//! rustc does: each allowed lint with the span of the crate, function, statement or other
//! node whose attribute names it. The subset has no `warn`, `deny` or `forbid`, so a lint
//! is off inside any node that allows it.

use clifcov_ir::{Pos, Span};

/// rustc's deny-by-default lints on values known at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenyLint {
    ArithmeticOverflow,
    UnconditionalPanic,
    OverflowingLiterals,
}

impl DenyLint {
    /// The lint a name in `#[allow(..)]` stands for, when it is one of these.
    pub fn named(name: &str) -> Option<DenyLint> {
        match name {
            "arithmetic_overflow" => Some(DenyLint::ArithmeticOverflow),
            "unconditional_panic" => Some(DenyLint::UnconditionalPanic),
            "overflowing_literals" => Some(DenyLint::OverflowingLiterals),
            _ => None,
        }
    }
}

/// The nodes that allow each lint, by span.
#[derive(Clone, Debug, Default)]
pub struct LintAllows {
    regions: Vec<(DenyLint, Span)>,
}

impl LintAllows {
    /// The span standing for the whole file, for an inner attribute of the crate.
    pub const WHOLE_FILE: Span = Span {
        lo: Pos { line: 0, col: 0 },
        hi: Pos {
            line: u32::MAX,
            col: u32::MAX,
        },
    };

    pub fn allow(&mut self, lint: DenyLint, region: Span) {
        self.regions.push((lint, region));
    }

    pub fn extend(&mut self, other: LintAllows) {
        self.regions.extend(other.regions);
    }

    /// Whether `lint` is off for code at `span`.
    pub fn allows(&self, lint: DenyLint, span: Span) -> bool {
        self.regions.iter().any(|&(allowed, region)| {
            allowed == lint && region.lo <= span.lo && span.hi <= region.hi
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lo: (u32, u32), hi: (u32, u32)) -> Span {
        Span::new(Pos::new(lo.0, lo.1), Pos::new(hi.0, hi.1))
    }

    #[test]
    fn a_lint_is_off_only_inside_a_node_that_allows_it() {
        let mut allows = LintAllows::default();
        allows.allow(DenyLint::ArithmeticOverflow, span((3, 5), (6, 2)));
        let inside = span((4, 9), (4, 16));
        assert!(allows.allows(DenyLint::ArithmeticOverflow, inside));
        assert!(!allows.allows(DenyLint::UnconditionalPanic, inside));
        assert!(!allows.allows(DenyLint::ArithmeticOverflow, span((7, 1), (7, 8))));
        assert!(!allows.allows(DenyLint::ArithmeticOverflow, span((6, 1), (6, 9))));
    }

    #[test]
    fn the_crate_allows_everywhere() {
        let mut allows = LintAllows::default();
        allows.allow(DenyLint::OverflowingLiterals, LintAllows::WHOLE_FILE);
        assert!(allows.allows(DenyLint::OverflowingLiterals, span((900, 1), (900, 4))));
    }

    #[test]
    fn only_the_deny_lints_are_named() {
        assert_eq!(
            DenyLint::named("unconditional_panic"),
            Some(DenyLint::UnconditionalPanic)
        );
        assert_eq!(DenyLint::named("warnings"), None);
        assert_eq!(DenyLint::named("dead_code"), None);
    }
}

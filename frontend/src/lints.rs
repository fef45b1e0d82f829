//! rustc's deny-by-default `overflowing_literals` lint: integer literals (and negated ones,
//! and literal patterns) that do not fit their inferred type are errors.

use clifcov_ir::{Span, Ty};

use crate::ast::*;
use crate::const_lint::wrap;
use crate::diagnostics::Diagnostic;
use crate::infer::FinalTy;
use crate::lint_levels::{DenyLint, LintAllows};
use crate::typeck::Typeck;

/// Finds out-of-range literals in a function body, but where `#[allow(..)]` turns the lint
/// off; rustc notes the lint level on its first report.
pub fn check_literals(
    body: &Block,
    typeck: &Typeck,
    allows: &LintAllows,
    first: bool,
) -> Vec<Diagnostic> {
    let mut lint = Lint {
        typeck,
        allows,
        errors: Vec::new(),
        note_level: first,
    };
    body.for_each_expr(&mut |expr| lint.expr(expr));
    lint.errors
}

struct Lint<'a> {
    typeck: &'a Typeck,
    allows: &'a LintAllows,
    errors: Vec<Diagnostic>,
    note_level: bool,
}

impl Lint<'_> {
    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Int(lit) => self.literal(lit, false, expr),
            ExprKind::Unary(UnaryOp::Neg, operand) => match &operand.strip_parens().kind {
                ExprKind::Int(lit) => self.literal(lit, true, expr),
                _ => self.expr(operand),
            },
            ExprKind::For(for_loop) => {
                self.range_end(&for_loop.range);
                self.children(expr);
            }
            ExprKind::Match { scrutinee, arms } => {
                if let FinalTy::Ty(ty) = self.typeck.ty(scrutinee) {
                    for arm in arms {
                        self.pattern(&arm.pat, ty);
                    }
                }
                self.children(expr);
            }
            _ => self.children(expr),
        }
    }

    fn children(&mut self, expr: &Expr) {
        expr.for_each_child(&mut |child| self.expr(child));
    }

    fn literal(&mut self, lit: &IntLit, negated: bool, expr: &Expr) {
        let FinalTy::Ty(ty) = self.typeck.ty(expr) else {
            return;
        };
        if !ty.is_integer() {
            return;
        }
        let value = if negated {
            -(lit.value() as i128)
        } else {
            lit.value() as i128
        };
        if fits(value, ty) {
            return;
        }
        let text = if negated {
            format!("-{}", lit.text)
        } else {
            lit.text.clone()
        };
        if !self.allowed(expr.span) {
            let error = self.out_of_range(&text, lit.value(), ty, expr.span);
            self.errors.push(error);
        }
    }

    fn allowed(&self, span: Span) -> bool {
        self.allows.allows(DenyLint::OverflowingLiterals, span)
    }

    fn pattern(&mut self, pat: &Pat, ty: Ty) {
        match &pat.kind {
            PatKind::Int(lit) => self.pattern_literal(lit, ty),
            PatKind::Range { lo, hi, .. } => {
                for bound in lo.iter().chain(hi) {
                    self.pattern_literal(bound, ty);
                }
            }
            PatKind::Binding(_, Some(sub)) => self.pattern(sub, ty),
            PatKind::Or(alternatives) => {
                for alternative in alternatives {
                    self.pattern(alternative, ty);
                }
            }
            PatKind::Wild | PatKind::Binding(_, None) | PatKind::Bool(_) => {}
        }
    }

    fn pattern_literal(&mut self, lit: &PatLit, ty: Ty) {
        if ty.is_integer() && !fits(lit.value, ty) && !self.allowed(lit.span) {
            let error = self.out_of_range(&lit.text, lit.value.unsigned_abs(), ty, lit.span);
            self.errors.push(error);
        }
    }

    /// `for i in 0..256u8`: rustc suggests the inclusive range ending at the maximum.
    fn range_end(&mut self, range: &RangeIter) {
        let end = range.end.strip_parens();
        let (ExprKind::Int(lit), FinalTy::Ty(ty)) = (&end.kind, self.typeck.ty(end)) else {
            return;
        };
        if range.inclusive || !ty.is_integer() || lit.value() as i128 != ty.max_value() + 1 {
            return;
        }
        if self.allowed(range.span) {
            return;
        }
        let start = range.start.strip_parens();
        let start_text = match &start.kind {
            ExprKind::Int(start) => start.text.clone(),
            _ => return,
        };
        let suffix = lit.suffix.map_or(String::new(), |t| t.name().to_string());
        let error = Diagnostic::error(
            format!("range endpoint is out of range for `{ty}`"),
            range.span,
        )
        .with_label(format!(
            "help: use an inclusive range instead: `{start_text}..={}{suffix}`",
            ty.max_value()
        ));
        let error = self.with_level_note(error);
        self.errors.push(error);
    }

    fn out_of_range(&mut self, text: &str, magnitude: u128, ty: Ty, span: Span) -> Diagnostic {
        let radix_prefixed = ["0x", "0o", "0b"]
            .iter()
            .any(|p| text.trim_start_matches('-').starts_with(p));
        let mut error = Diagnostic::error(format!("literal out of range for `{ty}`"), span);
        error = if radix_prefixed && ty.is_signed() {
            let wrapped = wrap(magnitude as i128, ty);
            error.with_note(format!(
                "the literal `{text}` (decimal `{magnitude}`) does not fit into the type `{ty}` and will become `{wrapped}{ty}`"
            ))
        } else {
            error.with_note(format!(
                "the literal `{text}` does not fit into the type `{ty}` whose range is `{}..={}`",
                ty.min_value(),
                ty.max_value()
            ))
        };
        let error = self.with_level_note(error);
        match suggested_type(text.starts_with('-'), magnitude, ty) {
            Some(better) if !radix_prefixed => {
                error.with_help(format!("consider using the type `{better}` instead"))
            }
            _ => error,
        }
    }

    fn with_level_note(&mut self, error: Diagnostic) -> Diagnostic {
        if std::mem::replace(&mut self.note_level, false) {
            error.with_note("`#[deny(overflowing_literals)]` on by default")
        } else {
            error
        }
    }
}

fn fits(value: i128, ty: Ty) -> bool {
    ty.min_value() <= value && value <= ty.max_value()
}

/// rustc's suggestion for signed types: the same-width unsigned type when a positive literal
/// fits it, else the smallest wider signed type that fits.
fn suggested_type(negative: bool, magnitude: u128, ty: Ty) -> Option<Ty> {
    if !ty.is_signed() {
        return None;
    }
    let value = if negative {
        -(magnitude as i128)
    } else {
        magnitude as i128
    };
    let unsigned = [Ty::U8, Ty::U16, Ty::U32, Ty::U64]
        .into_iter()
        .find(|u| u.bits() == ty.bits());
    if let Some(unsigned) = unsigned.filter(|u| !negative && fits(value, *u)) {
        return Some(unsigned);
    }
    [Ty::I16, Ty::I32, Ty::I64]
        .into_iter()
        .find(|t| t.bits() > ty.bits() && fits(value, *t))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Suggestions rustc 1.95 makes: `128i8` -> `u8`, `-129i8` -> `i16`,
    /// `4294967296` (i32) -> `i64`, none for unsigned types.
    #[test]
    fn suggestions_like_rustc() {
        assert_eq!(suggested_type(false, 128, Ty::I8), Some(Ty::U8));
        assert_eq!(suggested_type(true, 129, Ty::I8), Some(Ty::I16));
        assert_eq!(suggested_type(false, 4294967296, Ty::I32), Some(Ty::I64));
        assert_eq!(suggested_type(false, 256, Ty::U8), None);
    }
}

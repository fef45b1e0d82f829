//! rustc's deny-by-default `arithmetic_overflow` and `unconditional_panic` lints: an
//! operation whose operands are known at compile time (literals, and variables assigned once
//! from such values) and that would overflow, divide by zero or shift too far is an error.
//! Also folds the operations on known values, so that later ones can be checked.

use clifcov_ir::{Span, Ty};

use crate::ast::BinaryOp;
use crate::diagnostics::Diagnostic;
use crate::exhaustive::value_text;
use crate::lint_levels::{DenyLint, LintAllows};

/// The lint errors of a file; rustc notes each lint's level on its first report.
pub struct ConstLint {
    pub errors: Vec<Diagnostic>,
    /// Where `#[allow(..)]` turns the lints off.
    allows: LintAllows,
    noted_overflow: bool,
    noted_panic: bool,
    /// Above zero while lowering code that known values make unreachable (the untaken side
    /// of a branch on a known condition), which rustc's lint does not visit.
    pub silenced: u32,
}

impl ConstLint {
    pub fn new(allows: &LintAllows) -> ConstLint {
        ConstLint {
            errors: Vec::new(),
            allows: allows.clone(),
            noted_overflow: false,
            noted_panic: false,
            silenced: 0,
        }
    }

    /// Checks `l op r` (`+ - * / % << >>`) with the values known so far (`None` when not
    /// known); returns the result when it is known and the operation does not panic.
    pub fn arith(
        &mut self,
        op: BinaryOp,
        ty: Ty,
        rhs_ty: Ty,
        l: Option<i128>,
        r: Option<i128>,
        span: Span,
    ) -> Option<i128> {
        let lhs = || l.map_or("_".to_string(), |v| value_text(v, ty));
        match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul => {
                let (l, r) = (l?, r?);
                let exact = match op {
                    BinaryOp::Add => l + r,
                    BinaryOp::Sub => l - r,
                    _ => l.checked_mul(r).unwrap_or(i128::MAX),
                };
                if fits(exact, ty) {
                    return Some(exact);
                }
                let text = format!(
                    "attempt to compute `{} {} {}`, which would overflow",
                    value_text(l, ty),
                    op.symbol(),
                    value_text(r, ty)
                );
                self.overflow(text, span);
                None
            }
            BinaryOp::Div | BinaryOp::Rem => {
                let r = r?;
                let div = op == BinaryOp::Div;
                if r == 0 {
                    let text = if div {
                        format!("attempt to divide `{}` by zero", lhs())
                    } else {
                        format!(
                            "attempt to calculate the remainder of `{}` with a divisor of zero",
                            lhs()
                        )
                    };
                    self.panic(text, span);
                    return None;
                }
                let l = l?;
                if ty.is_signed() && r == -1 && l == ty.min_value() {
                    let text = format!(
                        "attempt to compute `{} {} {}`, which would overflow",
                        value_text(l, ty),
                        op.symbol(),
                        value_text(r, ty)
                    );
                    self.panic(text, span);
                    return None;
                }
                Some(if div { l / r } else { l % r })
            }
            BinaryOp::Shl | BinaryOp::Shr => {
                let amount = r?;
                if amount < 0 || amount >= i128::from(ty.bits()) {
                    let direction = if op == BinaryOp::Shl { "left" } else { "right" };
                    let text = format!(
                        "attempt to shift {direction} by `{}`, which would overflow",
                        value_text(amount, rhs_ty)
                    );
                    self.overflow(text, span);
                    return None;
                }
                let l = l?;
                Some(if op == BinaryOp::Shl {
                    wrap(l << amount, ty)
                } else {
                    l >> amount
                })
            }
            _ => fold_binary(op, l?, r?),
        }
    }

    /// Checks `-v`; returns the result when it is known.
    pub fn neg(&mut self, ty: Ty, v: Option<i128>, span: Span) -> Option<i128> {
        let v = v?;
        if v == ty.min_value() {
            self.overflow(
                format!(
                    "attempt to negate `{}`, which would overflow",
                    value_text(v, ty)
                ),
                span,
            );
            return None;
        }
        Some(-v)
    }

    fn overflow(&mut self, label: String, span: Span) {
        if self.silenced > 0 || self.allows.allows(DenyLint::ArithmeticOverflow, span) {
            return;
        }
        let mut error =
            Diagnostic::error("this arithmetic operation will overflow", span).with_label(label);
        if !std::mem::replace(&mut self.noted_overflow, true) {
            error = error.with_note("`#[deny(arithmetic_overflow)]` on by default");
        }
        self.errors.push(error);
    }

    fn panic(&mut self, label: String, span: Span) {
        if self.silenced > 0 || self.allows.allows(DenyLint::UnconditionalPanic, span) {
            return;
        }
        let mut error =
            Diagnostic::error("this operation will panic at runtime", span).with_label(label);
        if !std::mem::replace(&mut self.noted_panic, true) {
            error = error.with_note("`#[deny(unconditional_panic)]` on by default");
        }
        self.errors.push(error);
    }
}

/// The value of `l op r` for the operators that cannot panic (bitwise, comparisons), the
/// operands being values of one type (`bool` as 0 or 1).
pub fn fold_binary(op: BinaryOp, l: i128, r: i128) -> Option<i128> {
    let value = match op {
        BinaryOp::BitAnd => l & r,
        BinaryOp::BitOr => l | r,
        BinaryOp::BitXor => l ^ r,
        BinaryOp::Eq => i128::from(l == r),
        BinaryOp::Ne => i128::from(l != r),
        BinaryOp::Lt => i128::from(l < r),
        BinaryOp::Le => i128::from(l <= r),
        BinaryOp::Gt => i128::from(l > r),
        BinaryOp::Ge => i128::from(l >= r),
        _ => return None,
    };
    Some(value)
}

/// `!v` on `bool` or an integer.
pub fn fold_not(ty: Ty, v: i128) -> i128 {
    if ty == Ty::Bool {
        1 - v
    } else {
        wrap(!v, ty)
    }
}

/// `v as ty`: truncated to the width of `ty`, then extended by its signedness; `v` itself
/// when `ty` is not an integer type. Also the value of an integer literal of type `ty`:
/// rustc wraps it so where `overflowing_literals` is allowed (elsewhere it is in range).
pub fn wrap(v: i128, ty: Ty) -> i128 {
    if !ty.is_integer() {
        return v;
    }
    let bits = ty.bits();
    let truncated = (v as u128) & ((1u128 << bits) - 1);
    if ty.is_signed() && truncated >> (bits - 1) == 1 {
        truncated as i128 - (1i128 << bits)
    } else {
        truncated as i128
    }
}

fn fits(value: i128, ty: Ty) -> bool {
    ty.min_value() <= value && value <= ty.max_value()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clifcov_ir::Pos;

    fn span() -> Span {
        Span::new(Pos::new(1, 1), Pos::new(1, 2))
    }

    fn label(lint: &ConstLint) -> &str {
        lint.errors
            .last()
            .and_then(|e| e.label.as_deref())
            .unwrap_or("")
    }

    /// Labels as rustc 1.95 writes them for the same operations.
    #[test]
    fn reports_like_rustc() {
        let mut lint = ConstLint::new(&LintAllows::default());
        assert_eq!(
            lint.arith(BinaryOp::Add, Ty::U8, Ty::U8, Some(255), Some(1), span()),
            None
        );
        assert_eq!(
            label(&lint),
            "attempt to compute `u8::MAX + 1_u8`, which would overflow"
        );
        lint.arith(
            BinaryOp::Div,
            Ty::I32,
            Ty::I32,
            Some(i32::MIN as i128),
            Some(-1),
            span(),
        );
        assert_eq!(
            label(&lint),
            "attempt to compute `i32::MIN / -1_i32`, which would overflow"
        );
        lint.arith(BinaryOp::Rem, Ty::I32, Ty::I32, None, Some(0), span());
        assert_eq!(
            label(&lint),
            "attempt to calculate the remainder of `_` with a divisor of zero"
        );
        lint.arith(BinaryOp::Shr, Ty::U8, Ty::I32, Some(1), Some(9), span());
        assert_eq!(
            label(&lint),
            "attempt to shift right by `9_i32`, which would overflow"
        );
        lint.neg(Ty::I8, Some(-128), span());
        assert_eq!(
            label(&lint),
            "attempt to negate `i8::MIN`, which would overflow"
        );
        assert_eq!(lint.errors.len(), 5);
        assert!(lint.errors[0].notes[0].contains("arithmetic_overflow"));
        assert!(lint.errors[1].notes[0].contains("unconditional_panic"));
        assert!(lint.errors[2].notes.is_empty());
    }

    #[test]
    fn folds_what_does_not_panic() {
        let mut lint = ConstLint::new(&LintAllows::default());
        assert_eq!(
            lint.arith(BinaryOp::Mul, Ty::I32, Ty::I32, Some(7), Some(3), span()),
            Some(21)
        );
        assert_eq!(
            lint.arith(BinaryOp::Shl, Ty::U8, Ty::U32, Some(0x81), Some(1), span()),
            Some(2)
        );
        assert_eq!(
            lint.arith(BinaryOp::Add, Ty::U8, Ty::U8, None, Some(1), span()),
            None
        );
        assert!(lint.errors.is_empty());
        assert_eq!(wrap(300, Ty::U8), 44);
        assert_eq!(wrap(-1, Ty::U16), 65535);
        assert_eq!(wrap(200, Ty::I8), -56);
        assert_eq!(fold_not(Ty::U8, 0), 255);
        assert_eq!(fold_not(Ty::Bool, 1), 0);
    }
}

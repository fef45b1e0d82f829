//! Statements: assignments of operands and operations, and coverage statements.

use crate::function::Local;
use crate::span::Span;
use crate::types::Ty;

/// A value read by a statement or terminator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    /// The current value of a local (all IR values are `Copy` scalars).
    Copy(Local),
    Const(Constant),
}

/// A typed scalar constant. Integers hold their mathematical value, which for every IR type
/// lies in `i64::MIN..=u64::MAX`; `bool` is 0 or 1; `()` is 0. The value is kept as its sign
/// and low 64 bits: with the type, 16 bytes, where an `i128` would make statements half as
/// large again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Constant {
    pub ty: Ty,
    negative: bool,
    low_bits: u64,
}

impl Constant {
    /// The constant `value` of type `ty`. `value` may lie outside `ty`'s range (the validator
    /// reports it) but not outside `i64::MIN..=u64::MAX`.
    pub fn int(ty: Ty, value: i128) -> Constant {
        assert!(
            (i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&value),
            "constant {value} is wider than 64 bits"
        );
        Constant {
            ty,
            negative: value < 0,
            low_bits: value as u64,
        }
    }

    pub fn bool(value: bool) -> Constant {
        Constant::int(Ty::Bool, value as i128)
    }

    pub fn unit() -> Constant {
        Constant::int(Ty::Unit, 0)
    }

    /// The mathematical value.
    pub fn value(self) -> i128 {
        if self.negative {
            i128::from(self.low_bits as i64)
        } else {
            i128::from(self.low_bits)
        }
    }
}

/// Binary operators. Arithmetic here wraps; overflow checks are explicit in the IR
/// (see [`StatementKind::AssignWithOverflow`] and the front end's `Assert` terminators).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    /// Division; the divisor is known to be non-zero and not `MIN / -1`.
    Div,
    /// Remainder; same preconditions as `Div`.
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    /// Shift left; the shift amount is known to be below the bit width.
    Shl,
    /// Shift right (arithmetic for signed, logical for unsigned); amount below the bit width.
    Shr,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl BinOp {
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }

    /// Name used by the printer, as rustc's MIR dump spells it.
    pub fn name(self) -> &'static str {
        match self {
            BinOp::Add => "Add",
            BinOp::Sub => "Sub",
            BinOp::Mul => "Mul",
            BinOp::Div => "Div",
            BinOp::Rem => "Rem",
            BinOp::BitAnd => "BitAnd",
            BinOp::BitOr => "BitOr",
            BinOp::BitXor => "BitXor",
            BinOp::Shl => "Shl",
            BinOp::Shr => "Shr",
            BinOp::Eq => "Eq",
            BinOp::Ne => "Ne",
            BinOp::Lt => "Lt",
            BinOp::Le => "Le",
            BinOp::Gt => "Gt",
            BinOp::Ge => "Ge",
        }
    }
}

/// Operators whose overflow an [`StatementKind::AssignWithOverflow`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OverflowOp {
    Add,
    Sub,
    Mul,
}

impl OverflowOp {
    pub fn bin_op(self) -> BinOp {
        match self {
            OverflowOp::Add => BinOp::Add,
            OverflowOp::Sub => BinOp::Sub,
            OverflowOp::Mul => BinOp::Mul,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// Logical not on `bool`, bitwise not on integers.
    Not,
    /// Wrapping negation of a signed integer (the front end checks for `MIN` first).
    Neg,
}

/// The right-hand side of an assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rvalue {
    Use(Operand),
    BinaryOp(BinOp, Operand, Operand),
    UnaryOp(UnOp, Operand),
    /// `operand as ty`: integer to integer (truncate, or sign/zero extend by the source's
    /// signedness), or `bool` to integer.
    Cast(Operand, Ty),
}

/// What a coverage statement means. The front end only emits `SpanMarker`s; the coverage
/// pass adds `CounterIncrement`s, which the backend lowers to counter updates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoverageKind {
    /// Marks a span of interest for coverage; does nothing at run time.
    SpanMarker,
    /// Increments physical counter `id` of the enclosing function.
    CounterIncrement(u32),
}

/// Where `print!`-like output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// One piece of formatted output: literal text or the `Display` form of a scalar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FmtPiece {
    Str(String),
    Value(Operand),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementKind {
    Assign(Local, Rvalue),
    /// `dest = lhs op rhs` wrapping, and `overflow = true` when the exact result does not fit
    /// the type (rustc's `AddWithOverflow` and friends).
    AssignWithOverflow {
        dest: Local,
        overflow: Local,
        op: OverflowOp,
        lhs: Operand,
        rhs: Operand,
    },
    /// Writes the pieces, in order, to `stream` (`print!`, `println!`, `eprintln!`).
    Print {
        stream: Stream,
        pieces: Vec<FmtPiece>,
    },
    Coverage(CoverageKind),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub kind: StatementKind,
    pub span: Span,
}

impl Statement {
    pub fn new(kind: StatementKind, span: Span) -> Statement {
        Statement { kind, span }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_keep_every_value_of_every_type_and_out_of_range_ones() {
        let values = [
            i128::from(i64::MIN),
            -1,
            0,
            1,
            255,
            256,
            i128::from(u64::MAX),
        ];
        for ty in Ty::INTEGERS {
            for value in values {
                assert_eq!(Constant::int(ty, value).value(), value, "{value}_{ty}");
            }
        }
        assert_eq!(Constant::bool(true).value(), 1);
        assert_eq!(Constant::unit().value(), 0);
    }

    #[test]
    #[should_panic(expected = "wider than 64 bits")]
    fn constants_wider_than_64_bits_are_refused() {
        Constant::int(Ty::U64, i128::from(u64::MAX) + 1);
    }

    /// Every pass reads every statement of the program; they fit a cache line.
    #[test]
    fn statements_stay_small() {
        assert!(std::mem::size_of::<Statement>() <= 64);
        assert!(std::mem::size_of::<Operand>() <= 16);
    }
}

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

/// A typed scalar constant. Integers hold their mathematical value; `bool` is 0 or 1; `()` is 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Constant {
    pub ty: Ty,
    pub value: i128,
}

impl Constant {
    pub fn int(ty: Ty, value: i128) -> Constant {
        Constant { ty, value }
    }

    pub fn bool(value: bool) -> Constant {
        Constant {
            ty: Ty::Bool,
            value: value as i128,
        }
    }

    pub fn unit() -> Constant {
        Constant {
            ty: Ty::Unit,
            value: 0,
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

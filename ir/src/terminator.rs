//! Terminators: how control leaves a basic block.

use crate::function::{BlockId, FuncId, Local};
use crate::span::Span;
use crate::statement::{FmtPiece, Operand};

/// What a call invokes: a function of the program or a runtime intrinsic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callee {
    Function(FuncId),
    /// `std::process::exit(code)`; never returns.
    ProcessExit,
    /// `std::env::args().len()`, a `usize`.
    ArgsLen,
}

/// The fixed messages of rustc's built-in checks (overflow, division by zero, shifts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AssertMessage {
    AddOverflow,
    SubOverflow,
    MulOverflow,
    DivOverflow,
    RemOverflow,
    DivByZero,
    RemByZero,
    NegOverflow,
    ShlOverflow,
    ShrOverflow,
}

impl AssertMessage {
    /// The panic message, exactly as a debug build of rustc prints it.
    pub fn text(self) -> &'static str {
        match self {
            AssertMessage::AddOverflow => "attempt to add with overflow",
            AssertMessage::SubOverflow => "attempt to subtract with overflow",
            AssertMessage::MulOverflow => "attempt to multiply with overflow",
            AssertMessage::DivOverflow => "attempt to divide with overflow",
            AssertMessage::RemOverflow => "attempt to calculate the remainder with overflow",
            AssertMessage::DivByZero => "attempt to divide by zero",
            AssertMessage::RemByZero => "attempt to calculate the remainder with a divisor of zero",
            AssertMessage::NegOverflow => "attempt to negate with overflow",
            AssertMessage::ShlOverflow => "attempt to shift left with overflow",
            AssertMessage::ShrOverflow => "attempt to shift right with overflow",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TerminatorKind {
    Goto(BlockId),
    /// Jumps to the target whose value equals `discr`, else to `otherwise`.
    /// Values are the bit patterns of the discriminant, as `u128`.
    SwitchInt {
        discr: Operand,
        targets: Vec<(u128, BlockId)>,
        otherwise: BlockId,
    },
    /// Calls `callee`, stores the result in `dest` and continues at `target`;
    /// `target` is `None` for a callee that never returns.
    Call {
        callee: Callee,
        args: Vec<Operand>,
        dest: Local,
        target: Option<BlockId>,
    },
    /// Returns `_0` to the caller.
    Return,
    /// Continues at `target` when `cond == expected`, else panics with `msg` at this span.
    Assert {
        cond: Operand,
        expected: bool,
        msg: AssertMessage,
        target: BlockId,
    },
    /// Panics with a formatted message at this span (`panic!`, failed `assert!`...).
    Panic {
        message: Vec<FmtPiece>,
    },
    Unreachable,
}

impl TerminatorKind {
    /// Every block control may continue at, in a fixed order (panic paths have none),
    /// without allocating: every pass asks this of every block.
    pub fn successors(&self) -> impl Iterator<Item = BlockId> + '_ {
        let (switch_targets, last): (&[(u128, BlockId)], Option<BlockId>) = match self {
            TerminatorKind::Goto(target) | TerminatorKind::Assert { target, .. } => {
                (&[], Some(*target))
            }
            TerminatorKind::SwitchInt {
                targets, otherwise, ..
            } => (targets, Some(*otherwise)),
            TerminatorKind::Call { target, .. } => (&[], *target),
            TerminatorKind::Return | TerminatorKind::Panic { .. } | TerminatorKind::Unreachable => {
                (&[], None)
            }
        };
        switch_targets.iter().map(|(_, b)| *b).chain(last)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Terminator {
    pub kind: TerminatorKind,
    pub span: Span,
}

impl Terminator {
    pub fn new(kind: TerminatorKind, span: Span) -> Terminator {
        Terminator { kind, span }
    }
}

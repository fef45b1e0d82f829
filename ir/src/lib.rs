//! clifcov's MIR-like intermediate representation: functions of basic blocks holding
//! statements and a terminator, over typed scalar locals, every node carrying a source span.
//! The front end produces it, the coverage pass instruments it, the backend lowers it.

mod function;
mod mangle;
mod parallel_map;
mod printer;
mod source_lines;
mod span;
mod statement;
mod terminator;
#[cfg(test)]
mod testing;
mod types;
mod validate;

pub use function::{BasicBlock, BlockId, FuncId, Function, Local, LocalDecl, Program, TestAttrs};
pub use mangle::{crate_name_from_path, v0_symbol};
pub use parallel_map::{largest_first, map_in_order, MapThreads};
pub use printer::{print_function, print_program, print_statement, print_terminator};
pub use source_lines::{line_count, split_lines};
pub use span::{Pos, Span};
pub use statement::{
    BinOp, Constant, CoverageKind, FmtPiece, Operand, OverflowOp, Rvalue, Statement, StatementKind,
    Stream, UnOp,
};
pub use terminator::{AssertMessage, Callee, Terminator, TerminatorKind};
pub use types::Ty;
pub use validate::{validate_program, ValidationError};

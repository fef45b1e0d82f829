//! The read-only data objects that lowered functions refer to — string literals and the
//! location records of panics — declared for the whole program before any function is
//! lowered, in the order a lowering of the functions one after another would first use
//! them. Functions can then be lowered on any thread without changing the module, and the
//! object comes out the same whatever the threads do.

use clifcov_ir::{FmtPiece, Program, StatementKind, TerminatorKind};
use cranelift_module::Module;

use crate::error::BackendError;
use crate::panic_locations::LocationPool;
use crate::strings::StringPool;

/// Defines every literal `program`'s functions use in `strings` and `locations`.
pub(crate) fn declare_literals(
    module: &mut dyn Module,
    program: &Program,
    strings: &mut StringPool,
    locations: &mut LocationPool,
) -> Result<(), BackendError> {
    let path = &program.source_path;
    for block in program.functions.iter().flat_map(|f| &f.blocks) {
        for statement in &block.statements {
            if let StatementKind::Print { pieces, .. } = &statement.kind {
                declare_texts(module, strings, pieces)?;
            }
        }
        let Some(terminator) = &block.terminator else {
            continue;
        };
        match &terminator.kind {
            TerminatorKind::Assert { .. } => {
                let file = strings.data_id(module, path)?;
                let (line, col) = (terminator.span.lo.line, terminator.span.lo.col);
                locations.data_id(module, file, path.len(), line, col)?;
            }
            TerminatorKind::Panic { message } => {
                strings.data_id(module, path)?;
                declare_texts(module, strings, message)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The printed texts of `pieces` (empty ones print nothing and need no data).
fn declare_texts(
    module: &mut dyn Module,
    strings: &mut StringPool,
    pieces: &[FmtPiece],
) -> Result<(), BackendError> {
    for piece in pieces {
        if let FmtPiece::Str(text) = piece {
            if !text.is_empty() {
                strings.data_id(module, text)?;
            }
        }
    }
    Ok(())
}

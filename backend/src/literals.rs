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
    let mut path_declared = false;
    let mut declare_path = |module: &mut dyn Module, strings: &mut StringPool| {
        if !path_declared {
            path_declared = true;
            strings.data_id(module, path)?;
        }
        Ok::<(), BackendError>(())
    };
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
                declare_path(module, strings)?;
                locations.add(terminator.span.lo.line, terminator.span.lo.col);
            }
            TerminatorKind::Panic { message } => {
                declare_path(module, strings)?;
                declare_texts(module, strings, message)?;
            }
            _ => {}
        }
    }
    if !locations.is_empty() {
        let file = strings.data_id(module, path)?;
        locations.define(module, file, path.len())?;
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

#[cfg(test)]
mod tests {
    use clifcov_ir::{AssertMessage, BlockId, Operand, TerminatorKind, TerminatorKind::*, Ty};

    use super::*;
    use crate::aot::object_module;
    use crate::options::Options;
    use crate::test_support::*;

    /// An assert that passes, continuing at `target`.
    fn passing_assert(target: BlockId) -> TerminatorKind {
        Assert {
            cond: Operand::Const(clifcov_ir::Constant::bool(true)),
            expected: true,
            msg: AssertMessage::AddOverflow,
            target,
        }
    }

    /// Prints `printed`, asserts at 4:9, 5:13 and 4:9 again, then panics at 6:5 with
    /// `message`.
    fn literals_program() -> Program {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        main.print(vec![text("printed"), text("")]);
        let (checked, checked_twice, failing) =
            (main.new_block(), main.new_block(), main.new_block());
        main.terminate_at(passing_assert(checked), span(4, 9));
        main.switch_to(checked);
        main.terminate_at(passing_assert(checked_twice), span(5, 13));
        main.switch_to(checked_twice);
        main.terminate_at(passing_assert(failing), span(4, 9));
        main.switch_to(failing);
        let message = vec![text("message"), value(int(Ty::I32, 1))];
        main.terminate_at(Panic { message }, span(6, 5));
        program(vec![main.finish()])
    }

    #[test]
    fn declares_every_literal_the_functions_use_and_no_other() {
        let program = literals_program();
        let mut module = object_module(&program, &Options::default()).unwrap();
        let mut strings = StringPool::default();
        let mut locations = LocationPool::default();
        declare_literals(&mut module, &program, &mut strings, &mut locations).unwrap();
        for text in ["printed", "message", SOURCE_PATH] {
            assert!(strings.defined(text).is_ok(), "{text}");
        }
        assert!(strings.defined("").is_err());
        // One table of records, in the order of first use, each location once.
        let (table, first) = locations.defined(4, 9).unwrap();
        assert_eq!(first, 0);
        assert_eq!(locations.defined(5, 13).unwrap(), (table, 1));
        assert!(locations.defined(6, 5).is_err());
    }

    #[test]
    fn the_program_using_them_runs() {
        let output = run(&literals_program());
        assert_eq!(output.stdout, "printed");
        assert!(output.stderr.contains("message1"), "{}", output.stderr);
        assert_eq!(output.code, Some(101));
    }
}

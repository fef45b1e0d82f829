//! Which functions of a program a call can re-enter: those on a cycle of the call graph
//! (a function calling itself included). Any other function is on the call stack at most
//! once at a time, so the size of its stack frame cannot multiply with the call depth.

use clifcov_ir::{Callee, Program, TerminatorKind};

use crate::cycles::cycles;

/// For each function of `program`, by index, whether it is on a cycle of calls.
pub(crate) fn recursive_functions(program: &Program) -> Vec<bool> {
    cycles(&call_graph(program))
        .into_iter()
        .map(|cycle| cycle.is_some())
        .collect()
}

/// The functions each function calls, by index.
fn call_graph(program: &Program) -> Vec<Vec<usize>> {
    program
        .functions
        .iter()
        .map(|function| {
            let terminators = function.blocks.iter().filter_map(|b| b.terminator.as_ref());
            terminators
                .filter_map(|terminator| match terminator.kind {
                    TerminatorKind::Call {
                        callee: Callee::Function(id),
                        ..
                    } => Some(id.index()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use clifcov_ir::{FuncId, Ty};

    use super::*;
    use crate::test_support::*;

    /// A function named `name` calling each of `callees`, by index.
    fn caller(name: &str, callees: &[u32]) -> clifcov_ir::Function {
        let mut f = FnBuilder::new(name, &[], Ty::Unit);
        let unit = f.local(Ty::Unit);
        for callee in callees {
            f.call(Callee::Function(FuncId(*callee)), vec![], unit);
        }
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    #[test]
    fn functions_on_call_cycles_are_recursive() {
        // 0 -> 1 -> 2 -> 1 (a cycle of two), 3 -> 3 (calls itself), 4 -> 0, 3 (on none).
        let program = program(vec![
            caller("a", &[1]),
            caller("b", &[2]),
            caller("c", &[1]),
            caller("d", &[3]),
            caller("main", &[0, 3]),
        ]);
        assert_eq!(
            recursive_functions(&program),
            [false, true, true, true, false]
        );
    }

    #[test]
    fn long_chains_need_no_deep_recursion_of_the_search() {
        let count = 100_000u32;
        let functions = (0..count)
            .map(|i| caller("f", &[(i + 1) % count]))
            .collect();
        let recursive = recursive_functions(&program(functions));
        assert!(recursive.iter().all(|r| *r));
    }
}

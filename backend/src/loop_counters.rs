//! Counter promotion: which atomic counter increments of a function add to a count of their
//! own rather than to the shared counter. A loop that calls nothing keeps the count of each
//! of its counters in a stack slot (plain adds, no atomic one), zero whenever control enters
//! the loop, and adds it to the counter once control leaves: on every edge to a block outside
//! the loop, and before the panic of a failed check inside it. Nothing reads the counters
//! while the loop runs (a program has one thread, and its profile is written when it exits,
//! which only a call or a panic can start), so the profile holds the same counts as with an
//! atomic add per increment, for one per counter and exit instead of one per iteration.
//!
//! The loops are the cycles of the function's block graph without the blocks that call:
//! those ending in a call or a panic, and those that print. Loops nested in a call-free
//! loop belong to it, so their counts wait until control leaves the outermost one. The
//! counts live on the stack, not in variables: unoptimised code gets Cranelift's single-pass
//! register allocator, which moves every variable live across blocks through the stack
//! anyway, and more such variables make every jump in the loop slower.

use clifcov_ir::{BlockId, CoverageKind, Function, StatementKind, TerminatorKind};

use crate::cycles::cycles;

/// The call-free loops of one function that increment counters, numbered from 0.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct LoopCounters {
    /// The loop each block belongs to, by block index (`None`: in no such loop).
    loop_of: Vec<Option<usize>>,
    /// The counters each loop increments, by loop number, in the order of first increment.
    counters: Vec<Vec<u32>>,
}

impl LoopCounters {
    /// Finds the call-free loops of `function` and the counters they increment; loops
    /// that increment none are left out.
    pub(crate) fn of(function: &Function) -> LoopCounters {
        let components = cycles(&call_free_successors(function));
        let mut found = LoopCounters {
            loop_of: vec![None; function.blocks.len()],
            counters: Vec::new(),
        };
        let mut numbers = vec![None; function.blocks.len()];
        for (block, &component) in function.block_ids().zip(&components) {
            let Some(component) = component else {
                continue;
            };
            for counter in incremented_counters(function, block) {
                let number = *numbers[component].get_or_insert_with(|| {
                    found.counters.push(Vec::new());
                    found.counters.len() - 1
                });
                if !found.counters[number].contains(&counter) {
                    found.counters[number].push(counter);
                }
            }
        }
        for (block, &component) in function.block_ids().zip(&components) {
            found.loop_of[block.index()] = component.and_then(|c| numbers[c]);
        }
        found
    }

    /// The loop block `block` belongs to, if it is in a call-free loop with counters.
    pub(crate) fn loop_of(&self, block: BlockId) -> Option<usize> {
        self.loop_of.get(block.index()).copied().flatten()
    }

    /// The counters loop `number` increments.
    pub(crate) fn counters(&self, number: usize) -> &[u32] {
        &self.counters[number]
    }

    /// How many loops there are.
    pub(crate) fn len(&self) -> usize {
        self.counters.len()
    }
}

/// The successors of each block, by index, with the blocks that call left out of the graph
/// (no edges from or to them).
fn call_free_successors(function: &Function) -> Vec<Vec<usize>> {
    let calls: Vec<bool> = function.block_ids().map(|b| calls(function, b)).collect();
    function
        .block_ids()
        .map(|block| match &function.block(block).terminator {
            Some(terminator) if !calls[block.index()] => terminator
                .kind
                .successors()
                .map(|successor| successor.index())
                .filter(|&successor| !calls[successor])
                .collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Whether the block runs code outside the function other than a failed check's panic:
/// a call (the process may exit in it), a panic or a print.
fn calls(function: &Function, block: BlockId) -> bool {
    let data = function.block(block);
    let prints = data
        .statements
        .iter()
        .any(|s| matches!(s.kind, StatementKind::Print { .. }));
    let terminator_calls = data.terminator.as_ref().is_some_and(|t| {
        matches!(
            t.kind,
            TerminatorKind::Call { .. } | TerminatorKind::Panic { .. }
        )
    });
    prints || terminator_calls
}

/// The counters `block` increments, in order.
fn incremented_counters(function: &Function, block: BlockId) -> impl Iterator<Item = u32> + '_ {
    function
        .block(block)
        .statements
        .iter()
        .filter_map(|statement| match statement.kind {
            StatementKind::Coverage(CoverageKind::CounterIncrement(counter)) => Some(counter),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use clifcov_ir::{Callee, FuncId, Operand, Rvalue, Ty};

    use super::*;
    use crate::test_support::*;

    fn increment(f: &mut FnBuilder, counter: u32) {
        f.push(StatementKind::Coverage(CoverageKind::CounterIncrement(
            counter,
        )));
    }

    fn switch(on: Operand, then: BlockId, otherwise: BlockId) -> TerminatorKind {
        TerminatorKind::SwitchInt {
            discr: on,
            targets: vec![(1, then)],
            otherwise,
        }
    }

    /// bb0 -> bb1 (loop head, counter 1) -> bb2 (body) -> bb1, bb1 -> bb3 (return); the body
    /// increments counter 2 and, with `body_calls`, calls a function.
    fn counting_loop(body_calls: bool) -> Function {
        let mut f = FnBuilder::new("count", &[Ty::Bool], Ty::Unit);
        let cond = copy(f.arg(0));
        let (head, body, exit, after_call) =
            (f.new_block(), f.new_block(), f.new_block(), f.new_block());
        increment(&mut f, 0);
        f.terminate(TerminatorKind::Goto(head));
        f.switch_to(head);
        increment(&mut f, 1);
        f.terminate(switch(cond, body, exit));
        f.switch_to(body);
        increment(&mut f, 2);
        if body_calls {
            let unit = f.local(Ty::Unit);
            f.terminate(TerminatorKind::Call {
                callee: Callee::Function(FuncId(0)),
                args: vec![],
                dest: unit,
                target: Some(after_call),
            });
        } else {
            f.terminate(TerminatorKind::Goto(head));
        }
        f.switch_to(after_call);
        f.terminate(TerminatorKind::Goto(head));
        f.switch_to(exit);
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    #[test]
    fn a_loop_without_calls_keeps_the_counters_it_increments() {
        let found = LoopCounters::of(&counting_loop(false));
        assert_eq!(found.len(), 1);
        assert_eq!(found.counters(0), [1, 2]);
        let loops: Vec<_> = (0..5).map(|b| found.loop_of(BlockId(b))).collect();
        assert_eq!(loops, [None, Some(0), Some(0), None, None]);
    }

    #[test]
    fn a_loop_that_calls_keeps_none() {
        let found = LoopCounters::of(&counting_loop(true));
        assert_eq!(
            found,
            LoopCounters {
                loop_of: vec![None; 5],
                counters: vec![],
            }
        );
    }

    #[test]
    fn a_loop_that_prints_keeps_none_and_one_without_counters_is_left_out() {
        let mut f = FnBuilder::new("print", &[Ty::Bool], Ty::Unit);
        let cond = copy(f.arg(0));
        let flag = f.local(Ty::Bool);
        let (printing, quiet, exit) = (f.new_block(), f.new_block(), f.new_block());
        f.terminate(TerminatorKind::Goto(printing));
        f.switch_to(printing);
        increment(&mut f, 0);
        f.print(vec![text("again\n")]);
        f.terminate(switch(cond.clone(), printing, quiet));
        f.switch_to(quiet);
        f.assign(flag, Rvalue::Use(cond.clone()));
        f.terminate(switch(cond, quiet, exit));
        f.switch_to(exit);
        f.terminate(TerminatorKind::Return);
        let found = LoopCounters::of(&f.finish());
        assert_eq!(found.len(), 0);
        assert!((0..4).all(|b| found.loop_of(BlockId(b)).is_none()));
    }
}

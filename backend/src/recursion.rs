//! Which functions of a program a call can re-enter: those on a cycle of the call graph
//! (a function calling itself included). Any other function is on the call stack at most
//! once at a time, so the size of its stack frame cannot multiply with the call depth.

use clifcov_ir::{Callee, Program, TerminatorKind};

/// For each function of `program`, by index, whether it is on a cycle of calls
/// (Tarjan's strongly connected components, without recursion of its own).
pub(crate) fn recursive_functions(program: &Program) -> Vec<bool> {
    let callees = call_graph(program);
    let mut search = Search::new(callees.len());
    for root in 0..callees.len() {
        if search.index[root].is_none() {
            search.visit(&callees, root);
        }
    }
    search.recursive
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

/// The state of Tarjan's search.
struct Search {
    /// The order in which each function was first reached.
    index: Vec<Option<usize>>,
    /// The smallest index reachable from each function through the functions on the stack.
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next_index: usize,
    recursive: Vec<bool>,
}

impl Search {
    fn new(count: usize) -> Search {
        Search {
            index: vec![None; count],
            low: vec![0; count],
            on_stack: vec![false; count],
            stack: Vec::new(),
            next_index: 0,
            recursive: vec![false; count],
        }
    }

    /// The depth-first search from `root`, with an explicit stack of (function, next
    /// callee to look at).
    fn visit(&mut self, callees: &[Vec<usize>], root: usize) {
        let mut path = vec![(root, 0)];
        self.reach(root);
        while let Some(&mut (function, ref mut next)) = path.last_mut() {
            if let Some(&callee) = callees[function].get(*next) {
                *next += 1;
                match self.index[callee] {
                    None => {
                        self.reach(callee);
                        path.push((callee, 0));
                    }
                    Some(index) if self.on_stack[callee] => {
                        self.low[function] = self.low[function].min(index);
                    }
                    Some(_) => {}
                }
                continue;
            }
            path.pop();
            if let Some(&(caller, _)) = path.last() {
                self.low[caller] = self.low[caller].min(self.low[function]);
            }
            if Some(self.low[function]) == self.index[function] {
                self.close_component(callees, function);
            }
        }
    }

    fn reach(&mut self, function: usize) {
        self.index[function] = Some(self.next_index);
        self.low[function] = self.next_index;
        self.next_index += 1;
        self.stack.push(function);
        self.on_stack[function] = true;
    }

    /// Pops the component whose first function is `root`: recursive if it has several
    /// functions or its one function calls itself.
    fn close_component(&mut self, callees: &[Vec<usize>], root: usize) {
        let start = self.stack.iter().rposition(|&f| f == root).unwrap_or(0);
        let component: Vec<usize> = self.stack.drain(start..).collect();
        let cycle = component.len() > 1 || callees[root].contains(&root);
        for function in component {
            self.on_stack[function] = false;
            self.recursive[function] = cycle;
        }
    }
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

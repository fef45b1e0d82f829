//! Which functions a build uses: those reachable through calls from its entry points.
//! rustc generates code (and counters) only for those; the others get unused-function
//! coverage records.

use clifcov_ir::{Callee, FuncId, Program, TerminatorKind};

/// The entry points of a build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Entry {
    /// An ordinary program: `main`.
    #[default]
    Main,
    /// A test build: every `#[test]` function (the user's `main` is not called).
    Tests,
}

/// `used[i]` is true when function `i` can be called, directly or not, from an entry point.
pub fn used_functions(program: &Program, entry: Entry) -> Vec<bool> {
    let roots: Vec<FuncId> = match entry {
        Entry::Main => program.find("main").into_iter().collect(),
        Entry::Tests => program
            .functions
            .iter()
            .enumerate()
            .filter(|(_, f)| f.test.is_some())
            .map(|(i, _)| FuncId(i as u32))
            .collect(),
    };
    let mut used = vec![false; program.functions.len()];
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut used[id.index()], true) {
            continue;
        }
        stack.extend(callees(program, id).filter(|c| !used[c.index()]));
    }
    used
}

fn callees(program: &Program, id: FuncId) -> impl Iterator<Item = FuncId> + '_ {
    program.function(id).blocks.iter().filter_map(|block| {
        match block.terminator.as_ref().map(|t| &t.kind) {
            Some(TerminatorKind::Call {
                callee: Callee::Function(callee),
                ..
            }) if callee.index() < program.functions.len() => Some(*callee),
            _ => None,
        }
    })
}

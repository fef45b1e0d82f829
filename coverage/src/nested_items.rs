//! Which functions are items nested in another function's body (`fn` items declared inside
//! a block): rustc makes their signatures holes in the enclosing function's regions. The
//! functions are indexed once by where their spans start, so that finding the items inside
//! one body looks only at the functions starting inside it.

use clifcov_ir::{FuncId, Pos, Program, Span};

pub struct NestedItems {
    /// `(span.lo, function index)` of every function whose span is well formed, by `lo`.
    by_start: Vec<(Pos, u32)>,
    /// Functions whose span ends before it starts: they may lie in any body.
    inverted: Vec<u32>,
}

impl NestedItems {
    pub fn new(program: &Program) -> NestedItems {
        let mut by_start = Vec::with_capacity(program.functions.len());
        let mut inverted = Vec::new();
        for (index, function) in program.functions.iter().enumerate() {
            if function.span.lo <= function.span.hi {
                by_start.push((function.span.lo, index as u32));
            } else {
                inverted.push(index as u32);
            }
        }
        by_start.sort_unstable();
        NestedItems { by_start, inverted }
    }

    /// Signatures of the other functions whose items lie inside the body of function `id`
    /// (spans equal to the body excepted), in no particular order.
    pub fn signatures_within(&self, program: &Program, id: FuncId) -> Vec<Span> {
        let body = program.function(id).body_span;
        let first = self.by_start.partition_point(|&(lo, _)| lo < body.lo);
        let starting_inside = self.by_start[first..]
            .iter()
            .take_while(|&&(lo, _)| lo <= body.hi)
            .map(|&(_, index)| index);
        starting_inside
            .chain(self.inverted.iter().copied())
            .filter(|&index| index != id.0)
            .map(|index| program.function(FuncId(index)))
            .filter(|f| body.contains(f.span) && f.span != body)
            .map(|f| f.sig_span)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sample_program, span};

    /// What the index must find: every other function inside the body, by brute force.
    fn brute_force(program: &Program, id: FuncId) -> Vec<Span> {
        let body = program.function(id).body_span;
        let mut found: Vec<Span> = program
            .functions
            .iter()
            .enumerate()
            .filter(|&(i, f)| i != id.index() && body.contains(f.span) && f.span != body)
            .map(|(_, f)| f.sig_span)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn finds_the_items_nested_in_a_body_and_only_those() {
        let mut program = sample_program();
        let spans = [
            ("1:1-20:2", "1:1-1:10", "1:11-20:2"),
            ("3:5-3:20", "3:5-3:15", "3:16-3:20"),
            ("20:2-30:1", "20:2-20:9", "20:10-30:1"),
            ("5:1-4:1", "5:1-5:3", "5:4-4:1"),
        ];
        program.functions.push(program.functions[0].clone());
        for (function, (whole, sig, body)) in program.functions.iter_mut().zip(spans) {
            function.span = span(whole);
            function.sig_span = span(sig);
            function.body_span = span(body);
        }
        let index = NestedItems::new(&program);
        for id in 0..program.functions.len() as u32 {
            let mut found = index.signatures_within(&program, FuncId(id));
            found.sort();
            assert_eq!(found, brute_force(&program, FuncId(id)), "function {id}");
        }
        let mut in_first = index.signatures_within(&program, FuncId(0));
        in_first.sort();
        assert_eq!(in_first, [span("3:5-3:15"), span("5:1-5:3")]);
    }
}

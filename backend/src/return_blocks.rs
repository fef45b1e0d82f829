//! Blocks that only return (statements that lower to nothing aside: span markers), like the
//! one block MIR ends every path of a function in. Lowered on its own, such a block costs
//! Cranelift a block, and each block before it a jump. Instead, a block that falls into it
//! (a goto, a call's return, an assertion's success) returns itself, unless it is in a
//! counting loop (`loop_counters`), whose counts are added on the edge that leaves it. A
//! return block that only such blocks reach is not lowered.

use clifcov_ir::{BlockId, CoverageKind, Function, StatementKind, TerminatorKind};

use crate::block_order::{fall_through, for_each_edge};
use crate::loop_counters::LoopCounters;

pub(crate) struct ReturnBlocks {
    /// Whether each block returns and has no statement but span markers.
    bare: Vec<bool>,
    /// Whether each block is a bare return block that every block reaching it returns in
    /// place of (never `bb0`, which the entry block reaches).
    replaced: Vec<bool>,
}

impl ReturnBlocks {
    pub(crate) fn of(function: &Function, loops: &LoopCounters) -> ReturnBlocks {
        let bare: Vec<bool> = function
            .blocks
            .iter()
            .map(|block| {
                let returns = block.terminator.as_ref().map(|t| &t.kind);
                let marker = StatementKind::Coverage(CoverageKind::SpanMarker);
                let bare = block.statements.iter().all(|s| s.kind == marker);
                bare && matches!(returns, Some(TerminatorKind::Return))
            })
            .collect();
        let mut replaced = bare.clone();
        if let Some(bb0) = replaced.first_mut() {
            *bb0 = false;
        }
        for_each_edge(function, |block, next| {
            let falls = fall_through(function, block) == Some(next);
            if !falls || loops.loop_of(block).is_some() {
                replaced[next.index()] = false;
            }
        });
        ReturnBlocks { bare, replaced }
    }

    /// Whether control that falls from `from` into `next` returns in `from`'s block.
    pub(crate) fn returns_in_place(
        &self,
        loops: &LoopCounters,
        from: BlockId,
        next: BlockId,
    ) -> bool {
        self.bare[next.index()] && loops.loop_of(from).is_none()
    }

    /// Whether no block jumps to `block`: every block before it returns in its place.
    pub(crate) fn replaced(&self, block: BlockId) -> bool {
        self.replaced[block.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{copy, span, FnBuilder};
    use clifcov_ir::Ty;

    /// bb0 branches to bb1 or bb2; bb1 goes to `ret_a` (a return after a span marker),
    /// bb2 to `ret_b`, which the switch of bb0 reaches too.
    fn two_returns() -> Function {
        let mut f = FnBuilder::new("f", &[Ty::Bool], Ty::Unit);
        let cond = copy(f.arg(0));
        let [bb1, bb2, ret_a, ret_b] = [(); 4].map(|_| f.new_block());
        f.terminate(TerminatorKind::SwitchInt {
            discr: cond,
            targets: vec![(0, bb1), (1, bb2)],
            otherwise: ret_b,
        });
        for (block, ret) in [(bb1, ret_a), (bb2, ret_b)] {
            f.switch_to(block);
            f.terminate(TerminatorKind::Goto(ret));
        }
        f.switch_to(ret_a);
        f.marker(span(9, 1));
        f.terminate(TerminatorKind::Return);
        f.switch_to(ret_b);
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    #[test]
    fn a_return_block_only_gotos_reach_is_replaced_by_returns_in_them() {
        let function = two_returns();
        let returns = ReturnBlocks::of(&function, &LoopCounters::default());
        let [bb0, bb1, bb2, ret_a, ret_b] = [0, 1, 2, 3, 4].map(BlockId);
        assert!(returns.returns_in_place(&LoopCounters::default(), bb1, ret_a));
        assert!(returns.returns_in_place(&LoopCounters::default(), bb2, ret_b));
        assert!(!returns.returns_in_place(&LoopCounters::default(), bb0, bb1));
        assert!(returns.replaced(ret_a));
        // The switch still jumps to it.
        assert!(!returns.replaced(ret_b));
        assert!(![bb0, bb1, bb2].iter().any(|&b| returns.replaced(b)));
    }

    #[test]
    fn bb0_is_never_replaced() {
        let mut f = FnBuilder::new("f", &[], Ty::Unit);
        f.terminate(TerminatorKind::Return);
        let function = f.finish();
        assert!(!ReturnBlocks::of(&function, &LoopCounters::default()).replaced(BlockId(0)));
    }
}

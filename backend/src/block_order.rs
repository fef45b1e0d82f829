//! The order in which the lowering visits a function's blocks: index order, except that a
//! block control reaches only by falling out of one other block (a goto, the return of a
//! call, the success of an assertion) comes right after it, so that the two can share one
//! Cranelift block. `direct_locals` relies on this order: a value is lowered before the
//! blocks that come after its assignment. A block whose predecessors all come before it can
//! be sealed (its predecessors known to Cranelift's SSA builder) as soon as it is entered;
//! sealing only at the end makes the builder pass loop-invariant values around loops as
//! block parameters it cannot prove redundant. `bb0`, when no block jumps back to it,
//! shares the entry block, after the parameters are bound.

use clifcov_ir::{BlockId, Function, TerminatorKind};

pub(crate) struct BlockOrder {
    /// The blocks, in lowering order.
    order: Vec<BlockId>,
    /// Each block's place in `order`.
    position: Vec<usize>,
    /// Whether every predecessor of each block comes before it.
    entered_forward: Vec<bool>,
    /// Each block's only predecessor, if it has exactly one (`bb0` has the entry too).
    unique_preds: Vec<Option<BlockId>>,
    /// Whether no block jumps to `bb0`, so that only the entry block leads to it.
    bb0_follows_entry: bool,
}

impl BlockOrder {
    /// The order of `function`'s blocks.
    pub(crate) fn of(function: &Function) -> BlockOrder {
        let preds = predecessors(function);
        let bb0_follows_entry = matches!(preds.first(), Some(Predecessors::None));
        let unique_preds = unique_predecessors(&preds);
        let count = function.blocks.len();
        let mut order = Vec::with_capacity(count);
        let mut placed = vec![false; count];
        for first in function.block_ids() {
            let mut block = first;
            while !placed[block.index()] {
                placed[block.index()] = true;
                order.push(block);
                match fall_through(function, block) {
                    Some(next) if unique_preds[next.index()] == Some(block) => block = next,
                    _ => break,
                }
            }
        }
        let mut position = vec![0; count];
        for (place, block) in order.iter().enumerate() {
            position[block.index()] = place;
        }
        let mut entered_forward = vec![true; count];
        for_each_edge(function, |pred, block| {
            if position[pred.index()] >= position[block.index()] {
                entered_forward[block.index()] = false;
            }
        });
        BlockOrder {
            order,
            position,
            entered_forward,
            unique_preds,
            bb0_follows_entry,
        }
    }

    /// Whether `bb0` can continue the entry block: no block jumps to it.
    pub(crate) fn bb0_follows_entry(&self) -> bool {
        self.bb0_follows_entry
    }

    pub(crate) fn blocks(&self) -> &[BlockId] {
        &self.order
    }

    /// The block's place in the order.
    pub(crate) fn position(&self, block: BlockId) -> usize {
        self.position[block.index()]
    }

    /// Whether every predecessor of the block comes before it in the order.
    pub(crate) fn entered_forward(&self, block: BlockId) -> bool {
        self.entered_forward[block.index()]
    }

    /// The block's only predecessor, if it has exactly one.
    pub(crate) fn unique_pred(&self, block: BlockId) -> Option<BlockId> {
        self.unique_preds[block.index()]
    }

    /// Whether control going from `block` to `next` can stay in one Cranelift block:
    /// `next` comes right after `block` and has no other predecessor.
    pub(crate) fn falls_into(&self, block: BlockId, next: BlockId) -> bool {
        self.position(next) == self.position(block) + 1 && self.unique_pred(next) == Some(block)
    }
}

/// Calls `visit(block, successor)` for every edge of the control-flow graph, once per
/// successor a terminator names (as [`clifcov_ir::TerminatorKind::successors`] lists them).
pub(crate) fn for_each_edge(function: &Function, mut visit: impl FnMut(BlockId, BlockId)) {
    for (index, data) in function.blocks.iter().enumerate() {
        let block = BlockId(index as u32);
        let Some(terminator) = &data.terminator else {
            continue;
        };
        match &terminator.kind {
            TerminatorKind::Goto(target) | TerminatorKind::Assert { target, .. } => {
                visit(block, *target);
            }
            TerminatorKind::SwitchInt {
                targets, otherwise, ..
            } => {
                for (_, target) in targets {
                    visit(block, *target);
                }
                visit(block, *otherwise);
            }
            TerminatorKind::Call { target, .. } => {
                if let Some(target) = target {
                    visit(block, *target);
                }
            }
            TerminatorKind::Return | TerminatorKind::Panic { .. } | TerminatorKind::Unreachable => {
            }
        }
    }
}

/// How many distinct blocks lead to a block, as far as `unique_predecessors` needs to know.
#[derive(Clone, Copy)]
enum Predecessors {
    None,
    One(BlockId),
    Several,
}

/// The predecessor blocks of each block.
fn predecessors(function: &Function) -> Vec<Predecessors> {
    let mut preds = vec![Predecessors::None; function.blocks.len()];
    for_each_edge(function, |pred, block| {
        let seen = &mut preds[block.index()];
        *seen = match *seen {
            Predecessors::None => Predecessors::One(pred),
            Predecessors::One(only) if only == pred => Predecessors::One(only),
            _ => Predecessors::Several,
        };
    });
    preds
}

/// Each block's only predecessor block, if it has exactly one (`bb0` has the entry too).
fn unique_predecessors(preds: &[Predecessors]) -> Vec<Option<BlockId>> {
    preds
        .iter()
        .enumerate()
        .map(|(index, preds)| match *preds {
            Predecessors::One(only) if index != 0 => Some(only),
            _ => None,
        })
        .collect()
}

/// The block control goes on to when the block's terminator does not branch.
pub(crate) fn fall_through(function: &Function, block: BlockId) -> Option<BlockId> {
    match &function.block(block).terminator.as_ref()?.kind {
        TerminatorKind::Goto(target) | TerminatorKind::Assert { target, .. } => Some(*target),
        TerminatorKind::Call { target, .. } => *target,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::FnBuilder;
    use clifcov_ir::{TerminatorKind::*, Ty};

    #[test]
    fn a_block_reached_only_from_an_earlier_goto_follows_it() {
        let mut f = FnBuilder::new("f", &[Ty::Bool], Ty::Unit);
        let [bb1, bb2, bb3] = [(); 3].map(|_| f.new_block());
        let cond = f.arg(0);
        f.terminate(Goto(bb3));
        for block in [bb1, bb2] {
            f.switch_to(block);
            f.terminate(Return);
        }
        f.switch_to(bb3);
        f.terminate(SwitchInt {
            discr: crate::test_support::copy(cond),
            targets: vec![(0, bb1)],
            otherwise: bb2,
        });
        let function = f.finish();
        let order = BlockOrder::of(&function);
        assert_eq!(order.blocks(), [BlockId(0), bb3, bb1, bb2]);
        assert!(order.falls_into(BlockId(0), bb3));
        assert_eq!(order.unique_pred(bb1), Some(bb3));
        assert_eq!(order.position(bb1), 2);
        assert!([bb1, bb2, bb3].iter().all(|&b| order.entered_forward(b)));
        assert!(order.bb0_follows_entry());
    }

    #[test]
    fn bb0_that_a_block_jumps_back_to_does_not_follow_the_entry() {
        let mut f = FnBuilder::new("f", &[Ty::Bool], Ty::Unit);
        let exit = f.new_block();
        let cond = f.arg(0);
        f.terminate(SwitchInt {
            discr: crate::test_support::copy(cond),
            targets: vec![(0, exit)],
            otherwise: BlockId(0),
        });
        f.switch_to(exit);
        f.terminate(Return);
        let order = BlockOrder::of(&f.finish());
        assert!(!order.bb0_follows_entry());
        assert!(!order.entered_forward(BlockId(0)));
    }
}

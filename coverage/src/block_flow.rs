//! The control flow between a function's IR blocks as coverage follows it: each block's
//! normal successors (an `Assert` continues at its target, a returning `Call` at its
//! target; panic paths are not edges) and whether it ends in `Unreachable`.

use clifcov_ir::{BlockId, Function, TerminatorKind};

use crate::rows::Rows;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockFlow {
    successors: Rows<BlockId>,
    unreachable: Vec<bool>,
}

/// What a block's terminator becomes in a changed flow (see [`BlockFlow::with_ends`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockEnd {
    /// As the terminator it has.
    Unchanged,
    /// A jump to one block.
    Goto(BlockId),
    Unreachable,
}

impl BlockFlow {
    /// The flow of `function`'s terminators (a block still without one has no successor).
    pub fn new(function: &Function) -> BlockFlow {
        let mut successors = Rows::with_capacity(function.blocks.len(), function.blocks.len());
        let mut unreachable = Vec::with_capacity(function.blocks.len());
        for block in &function.blocks {
            let kind = block.terminator.as_ref().map(|t| &t.kind);
            if let Some(kind) = kind {
                push_successors(kind, &mut successors);
            }
            successors.end_row();
            unreachable.push(matches!(kind, Some(TerminatorKind::Unreachable)));
        }
        BlockFlow {
            successors,
            unreachable,
        }
    }

    /// This flow with the terminator of every block `b` replaced as `ends[b]` says.
    pub fn with_ends(&self, ends: &[BlockEnd]) -> BlockFlow {
        let mut successors = Rows::with_capacity(self.len(), self.len());
        let mut unreachable = Vec::with_capacity(self.len());
        for (index, end) in ends.iter().enumerate() {
            match *end {
                BlockEnd::Unchanged => {
                    successors.push_row(self.successors(BlockId(index as u32)).iter().copied());
                }
                BlockEnd::Goto(target) => successors.push_row([target]),
                BlockEnd::Unreachable => successors.end_row(),
            }
            let was_unreachable = self.unreachable[index] && *end == BlockEnd::Unchanged;
            unreachable.push(was_unreachable || *end == BlockEnd::Unreachable);
        }
        BlockFlow {
            successors,
            unreachable,
        }
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.unreachable.len()
    }

    pub fn successors(&self, block: BlockId) -> &[BlockId] {
        self.successors.row(block.index())
    }

    /// True when `block` ends in `Unreachable`.
    pub fn is_unreachable(&self, block: BlockId) -> bool {
        self.unreachable[block.index()]
    }

    /// For every block, whether control can get there from `bb0`.
    pub fn reachable_from_entry(&self) -> Vec<bool> {
        let mut reachable = vec![false; self.len()];
        if self.len() == 0 {
            return reachable;
        }
        let mut stack = vec![BlockId::ENTRY];
        reachable[0] = true;
        while let Some(block) = stack.pop() {
            for &succ in self.successors(block) {
                if !std::mem::replace(&mut reachable[succ.index()], true) {
                    stack.push(succ);
                }
            }
        }
        reachable
    }
}

/// Adds the successors of a block ending in `kind` to the open row, in the order of
/// `TerminatorKind::successors` (without the vector that allocates).
fn push_successors(kind: &TerminatorKind, successors: &mut Rows<BlockId>) {
    match kind {
        TerminatorKind::Goto(target) | TerminatorKind::Assert { target, .. } => {
            successors.push_item(*target);
        }
        TerminatorKind::SwitchInt {
            targets, otherwise, ..
        } => {
            for &(_, target) in targets {
                successors.push_item(target);
            }
            successors.push_item(*otherwise);
        }
        TerminatorKind::Call { target, .. } => {
            if let Some(target) = target {
                successors.push_item(*target);
            }
        }
        TerminatorKind::Return | TerminatorKind::Panic { .. } | TerminatorKind::Unreachable => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{function_with, T};

    #[test]
    fn successors_follow_normal_paths_only() {
        let f = function_with(vec![
            T::Switch(vec![1, 3]),
            T::Assert(2),
            T::Call(None),
            T::Unreachable,
            T::Return,
        ]);
        let flow = BlockFlow::new(&f);
        assert_eq!(flow.len(), 5);
        assert_eq!(flow.successors(BlockId(0)), [BlockId(1), BlockId(3)]);
        assert_eq!(flow.successors(BlockId(1)), [BlockId(2)]);
        assert!(flow.successors(BlockId(2)).is_empty());
        assert!(flow.is_unreachable(BlockId(3)));
        assert!(!flow.is_unreachable(BlockId(2)));
        assert_eq!(flow.reachable_from_entry(), [true, true, true, true, false]);
    }

    #[test]
    fn successors_are_those_the_ir_lists_in_its_order() {
        let f = function_with(vec![
            T::Goto(3),
            T::Switch(vec![2, 0, 2, 1]),
            T::Call(Some(0)),
            T::Call(None),
            T::CallFn { callee: 0, next: 4 },
            T::Assert(1),
            T::Return,
            T::Unreachable,
        ]);
        let flow = BlockFlow::new(&f);
        for (index, block) in f.blocks.iter().enumerate() {
            let expected: Vec<BlockId> = block.terminator().kind.successors().collect();
            assert_eq!(
                flow.successors(BlockId(index as u32)),
                expected,
                "bb{index}"
            );
        }
    }

    #[test]
    fn changed_ends_replace_successors() {
        let f = function_with(vec![T::Switch(vec![1, 2]), T::Assert(2), T::Return]);
        let flow = BlockFlow::new(&f);
        let ends = [
            BlockEnd::Goto(BlockId(1)),
            BlockEnd::Unchanged,
            BlockEnd::Unreachable,
        ];
        let changed = flow.with_ends(&ends);
        assert_eq!(changed.successors(BlockId(0)), [BlockId(1)]);
        assert_eq!(changed.successors(BlockId(1)), [BlockId(2)]);
        assert!(!changed.is_unreachable(BlockId(1)));
        assert!(changed.is_unreachable(BlockId(2)));
        assert_eq!(flow.with_ends(&[BlockEnd::Unchanged; 3]), flow);
    }
}

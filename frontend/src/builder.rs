//! Incremental construction of one IR function: locals, blocks, and a cursor on the block
//! being filled, which is `None` once control has left (after `return`, `break`, a panic).

use clifcov_ir::{
    AssertMessage, BlockId, Constant, CoverageKind, Function, Local, LocalDecl, Operand, Rvalue,
    Span, Statement, StatementKind, Terminator, TerminatorKind, Ty,
};

pub struct Builder {
    pub func: Function,
    current: Option<BlockId>,
}

impl Builder {
    /// A builder whose cursor is on the entry block of `func` (which has no blocks yet).
    pub fn new(mut func: Function) -> Builder {
        let entry = func.add_block();
        Builder {
            func,
            current: Some(entry),
        }
    }

    /// The function as rustc's MIR is when its coverage pass runs (after the CFG
    /// simplification): jumps go straight past empty `goto` blocks, and the blocks control
    /// never reaches are gone.
    pub fn finish(mut self) -> Function {
        skip_empty_gotos(&mut self.func);
        remove_unreachable_blocks(&mut self.func);
        self.func
    }

    pub fn local(&mut self, ty: Ty, name: Option<String>, mutable: bool, span: Span) -> Local {
        self.func.add_local(LocalDecl {
            ty,
            name,
            mutable,
            span,
        })
    }

    /// A compiler temporary.
    pub fn temp(&mut self, ty: Ty, span: Span) -> Local {
        self.local(ty, None, false, span)
    }

    pub fn new_block(&mut self) -> BlockId {
        self.func.add_block()
    }

    /// The block being filled, if control can reach it.
    pub fn current(&self) -> Option<BlockId> {
        self.current
    }

    /// Whether control can reach the cursor.
    pub fn reachable(&self) -> bool {
        self.current.is_some()
    }

    /// Moves the cursor to `block`, which must not be terminated yet.
    pub fn switch_to(&mut self, block: BlockId) {
        self.current = Some(block);
    }

    pub fn push(&mut self, kind: StatementKind, span: Span) {
        if let Some(block) = self.current {
            self.func.blocks[block.index()]
                .statements
                .push(Statement::new(kind, span));
        }
    }

    /// A coverage span marker: the one place where the front end tells the coverage pass
    /// which source spans the code at the cursor executes.
    pub fn mark(&mut self, span: Span) {
        self.push(StatementKind::Coverage(CoverageKind::SpanMarker), span);
    }

    pub fn assign(&mut self, dest: Local, rvalue: Rvalue, span: Span) {
        self.push(StatementKind::Assign(dest, rvalue), span);
    }

    /// `dest = rvalue` into a new temporary of type `ty`.
    pub fn assign_temp(&mut self, ty: Ty, rvalue: Rvalue, span: Span) -> Operand {
        let temp = self.temp(ty, span);
        self.assign(temp, rvalue, span);
        Operand::Copy(temp)
    }

    /// Ends the current block; the cursor becomes unreachable.
    pub fn terminate(&mut self, kind: TerminatorKind, span: Span) {
        if let Some(block) = self.current.take() {
            self.func.blocks[block.index()].terminator = Some(Terminator::new(kind, span));
        }
    }

    pub fn goto(&mut self, target: BlockId, span: Span) {
        self.terminate(TerminatorKind::Goto(target), span);
    }

    /// Branches on a `bool`: to `then` when true, to `els` when false.
    pub fn branch(&mut self, cond: Operand, then: BlockId, els: BlockId, span: Span) {
        self.terminate(
            TerminatorKind::SwitchInt {
                discr: cond,
                targets: vec![(0, els)],
                otherwise: then,
            },
            span,
        );
    }

    /// Continues in a new block when `cond == expected`, else panics with `msg`.
    pub fn assert(&mut self, cond: Operand, expected: bool, msg: AssertMessage, span: Span) {
        let next = self.new_block();
        self.terminate(
            TerminatorKind::Assert {
                cond,
                expected,
                msg,
                target: next,
            },
            span,
        );
        self.switch_to(next);
    }
}

pub fn constant(ty: Ty, value: i128) -> Operand {
    Operand::Const(Constant::int(ty, value))
}

pub fn bool_const(value: bool) -> Operand {
    Operand::Const(Constant::bool(value))
}

pub fn unit() -> Operand {
    Operand::Const(Constant::unit())
}

/// Retargets every jump into a block without statements whose terminator is a `goto` to
/// where that chain of such blocks ends; the skipped blocks become unreachable.
fn skip_empty_gotos(func: &mut Function) {
    let ends: Vec<BlockId> = func.block_ids().map(|b| goto_chain_end(func, b)).collect();
    for block in &mut func.blocks {
        if let Some(term) = &mut block.terminator {
            for_each_target(&mut term.kind, |id| *id = ends[id.index()]);
        }
    }
}

/// The first block from `block` on that is not an empty `goto` block, or, in a cycle of them,
/// the block where the cycle closes.
fn goto_chain_end(func: &Function, mut block: BlockId) -> BlockId {
    let mut passed = Vec::new();
    while let Some(next) = empty_goto_target(func, block) {
        if passed.contains(&next) || next == block {
            break;
        }
        passed.push(block);
        block = next;
    }
    block
}

fn empty_goto_target(func: &Function, block: BlockId) -> Option<BlockId> {
    let data = &func.blocks[block.index()];
    match data.terminator.as_ref().map(|t| &t.kind) {
        Some(TerminatorKind::Goto(target)) if data.statements.is_empty() => Some(*target),
        _ => None,
    }
}

/// Drops the blocks not reachable from the entry block and renumbers the others, keeping
/// their order.
fn remove_unreachable_blocks(func: &mut Function) {
    let mut reachable = vec![false; func.blocks.len()];
    let mut stack = vec![BlockId::ENTRY];
    while let Some(block) = stack.pop() {
        if std::mem::replace(&mut reachable[block.index()], true) {
            continue;
        }
        if let Some(term) = &func.blocks[block.index()].terminator {
            stack.extend(term.kind.successors());
        }
    }
    let mut new_id = vec![BlockId::ENTRY; func.blocks.len()];
    let mut kept = 0;
    for (old, _) in reachable.iter().enumerate().filter(|(_, r)| **r) {
        new_id[old] = BlockId(kept);
        kept += 1;
    }
    let blocks = std::mem::replace(&mut func.blocks, Vec::with_capacity(kept as usize));
    for (mut block, _) in blocks.into_iter().zip(&reachable).filter(|(_, r)| **r) {
        if let Some(term) = &mut block.terminator {
            for_each_target(&mut term.kind, |id| *id = new_id[id.index()]);
        }
        func.blocks.push(block);
    }
}

fn for_each_target(kind: &mut TerminatorKind, mut f: impl FnMut(&mut BlockId)) {
    match kind {
        TerminatorKind::Goto(target) => f(target),
        TerminatorKind::SwitchInt {
            targets, otherwise, ..
        } => {
            for (_, target) in targets {
                f(target);
            }
            f(otherwise);
        }
        TerminatorKind::Call { target, .. } => {
            if let Some(target) = target {
                f(target);
            }
        }
        TerminatorKind::Assert { target, .. } => f(target),
        TerminatorKind::Return | TerminatorKind::Panic { .. } | TerminatorKind::Unreachable => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_function() -> Function {
        Function {
            name: "f".to_string(),
            arg_count: 0,
            locals: vec![LocalDecl {
                ty: Ty::Unit,
                name: None,
                mutable: true,
                span: Span::default(),
            }],
            blocks: Vec::new(),
            span: Span::default(),
            sig_span: Span::default(),
            body_span: Span::default(),
            test: None,
        }
    }

    fn targets(function: &Function) -> Vec<Vec<u32>> {
        function
            .blocks
            .iter()
            .map(|b| b.terminator().kind.successors().map(|t| t.0).collect())
            .collect()
    }

    #[test]
    fn jumps_go_past_empty_goto_blocks_which_are_then_dropped() {
        let mut b = Builder::new(empty_function());
        let (empty, marked, join, exit) =
            (b.new_block(), b.new_block(), b.new_block(), b.new_block());
        b.branch(bool_const(true), marked, empty, Span::default());
        b.switch_to(empty);
        b.goto(join, Span::default());
        b.switch_to(marked);
        b.mark(Span::default());
        b.goto(join, Span::default());
        b.switch_to(join);
        b.goto(exit, Span::default());
        b.switch_to(exit);
        b.terminate(TerminatorKind::Return, Span::default());
        let function = b.finish();
        // bb0 switches to the exit (false) or the marked block (true); the marked block keeps
        // its goto, now straight to the exit.
        assert_eq!(targets(&function), [vec![2, 1], vec![2], vec![]]);
    }

    #[test]
    fn a_cycle_of_empty_gotos_stays() {
        let mut b = Builder::new(empty_function());
        let spin = b.new_block();
        b.goto(spin, Span::default());
        b.switch_to(spin);
        b.goto(spin, Span::default());
        assert_eq!(targets(&b.finish()), [vec![1], vec![1]]);
    }
}

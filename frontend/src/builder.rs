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

    /// The function, without the blocks control never reaches (as rustc's MIR loses them
    /// before coverage instrumentation).
    pub fn finish(mut self) -> Function {
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
    let kept = reachable.iter().enumerate().filter(|(_, r)| **r);
    for (count, (old, _)) in kept.enumerate() {
        new_id[old] = BlockId(count as u32);
    }
    let blocks = std::mem::take(&mut func.blocks);
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

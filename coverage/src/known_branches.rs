//! Branches whose way is known at compile time: a `match` on a local set once to a literal,
//! `assert!(!false)`. rustc's MIR optimisations fold such branches before code generation,
//! and its counters then treat the code they removed as never run; the coverage pass counts
//! on the function with those branches folded the same way. An `Assert` terminator (an
//! overflow or division check) known to fail is not folded: rustc keeps its way on, so code
//! after it shares the counts of the code before it (seen after `#[allow(unconditional_panic)]`
//! on `1 / 0`).
//!
//! A local's value is known when the function assigns it exactly once, with an operation on
//! constants and other known locals (no overflow-checked arithmetic, no call result, not an
//! argument). Rust's definite-initialisation rule guarantees that every read comes after
//! that one assignment, so the value read is always the one computed here.

use clifcov_ir::{
    BinOp, BlockId, Function, Local, Operand, Rvalue, StatementKind, TerminatorKind, Ty, UnOp,
};

use crate::block_flow::{BlockEnd, BlockFlow};
use crate::graph::CoverageGraph;

/// The flow of `function` (`flow`, its unchanged flow, and `graph`, its coverage graph) in
/// which every switch on a known value jumps straight to the way it takes, and every block
/// control can then no longer reach ends in
/// `Unreachable`, so it has no edges; `None` when that changes no block. Blocks keep their
/// ids.
pub fn fold_known_branches(
    function: &Function,
    flow: &BlockFlow,
    graph: &CoverageGraph,
) -> Option<BlockFlow> {
    let known = known_locals(function);
    let mut ends: Vec<BlockEnd> = function
        .blocks
        .iter()
        .map(|block| match &block.terminator {
            Some(terminator) => folded_end(&terminator.kind, &known),
            None => BlockEnd::Unchanged,
        })
        .collect();
    let branches_folded = ends.iter().any(|&end| end != BlockEnd::Unchanged);
    if !branches_folded && !has_unreachable_code(function, flow, graph) {
        return None;
    }
    let reachable = if branches_folded {
        flow.with_ends(&ends).reachable_from_entry()
    } else {
        flow.reachable_from_entry()
    };
    let mut changed = branches_folded;
    for (index, end) in ends.iter_mut().enumerate() {
        let block = BlockId(index as u32);
        let already_unreachable = *end == BlockEnd::Unchanged && flow.is_unreachable(block);
        let has_terminator = function.blocks[index].terminator.is_some();
        if !reachable[index] && has_terminator && !already_unreachable {
            *end = BlockEnd::Unreachable;
            changed = true;
        }
    }
    changed.then(|| flow.with_ends(&ends))
}

/// Whether some block with a terminator that is not `Unreachable` cannot be reached from
/// `bb0`: the coverage graph holds every block that can, but those ending in `Unreachable`.
fn has_unreachable_code(function: &Function, flow: &BlockFlow, graph: &CoverageGraph) -> bool {
    function.blocks.iter().enumerate().any(|(index, block)| {
        let id = BlockId(index as u32);
        block.terminator.is_some() && !flow.is_unreachable(id) && graph.bcb_of(id).is_none()
    })
}

/// What a block ending in `kind` becomes when the value it branches on is known.
fn folded_end(kind: &TerminatorKind, known: &[Option<(Ty, i128)>]) -> BlockEnd {
    match kind {
        TerminatorKind::SwitchInt {
            discr,
            targets,
            otherwise,
        } => match operand_value(discr, known) {
            Some((ty, value)) => {
                let bits = bit_pattern(ty, value);
                let taken = targets.iter().find(|(v, _)| *v == bits);
                BlockEnd::Goto(taken.map_or(*otherwise, |(_, target)| *target))
            }
            None => BlockEnd::Unchanged,
        },
        _ => BlockEnd::Unchanged,
    }
}

/// The type and value of every local whose value is known (`None` for the others).
fn known_locals(function: &Function) -> Vec<Option<(Ty, i128)>> {
    let mut pending = single_definitions(function);
    let mut known: Vec<Option<(Ty, i128)>> = vec![None; function.locals.len()];
    loop {
        let before = pending.len();
        pending.retain(|&(local, rvalue)| {
            let ty = function.local_ty(local);
            let value = rvalue_value(rvalue, ty, &known);
            if let Some(value) = value {
                known[local.index()] = Some((ty, value));
            }
            value.is_none()
        });
        if pending.len() == before {
            return known;
        }
    }
}

/// How the statements seen so far write a local.
#[derive(Clone, Copy)]
enum Writes<'f> {
    Never,
    /// Once, by a plain assignment of this right-hand side.
    Assigned(&'f Rvalue),
    /// More than once, or by something else than a plain assignment.
    Otherwise,
}

impl<'f> Writes<'f> {
    /// The state after one more write: a plain assignment of `assigned`, or (`None`)
    /// any other write.
    fn and_write(self, assigned: Option<&'f Rvalue>) -> Writes<'f> {
        match (self, assigned) {
            (Writes::Never, Some(rvalue)) => Writes::Assigned(rvalue),
            _ => Writes::Otherwise,
        }
    }
}

/// Every local written by exactly one plain assignment and by nothing else, with that
/// assignment's right-hand side, by local.
fn single_definitions(function: &Function) -> Vec<(Local, &Rvalue)> {
    let mut writes = vec![Writes::Never; function.locals.len()];
    let mut write = |local: Local, assigned| {
        let state = &mut writes[local.index()];
        *state = state.and_write(assigned);
    };
    for arg in function.args() {
        write(arg, None);
    }
    for block in &function.blocks {
        for statement in &block.statements {
            match &statement.kind {
                StatementKind::Assign(local, rvalue) => write(*local, Some(rvalue)),
                StatementKind::AssignWithOverflow { dest, overflow, .. } => {
                    write(*dest, None);
                    write(*overflow, None);
                }
                StatementKind::Print { .. } | StatementKind::Coverage(_) => {}
            }
        }
        if let Some(TerminatorKind::Call { dest, .. }) = block.terminator.as_ref().map(|t| &t.kind)
        {
            write(*dest, None);
        }
    }
    writes
        .into_iter()
        .enumerate()
        .filter_map(|(index, state)| match state {
            Writes::Assigned(rvalue) => Some((Local(index as u32), rvalue)),
            Writes::Never | Writes::Otherwise => None,
        })
        .collect()
}

/// The value of `rvalue` stored into a local of type `ty`, when it is known. Only operations
/// whose result needs no wrapping are evaluated: comparisons, `!`, and bitwise `& | ^`.
fn rvalue_value(rvalue: &Rvalue, ty: Ty, known: &[Option<(Ty, i128)>]) -> Option<i128> {
    match rvalue {
        Rvalue::Use(operand) => Some(operand_value(operand, known)?.1),
        Rvalue::UnaryOp(UnOp::Not, operand) => {
            let (_, value) = operand_value(operand, known)?;
            Some(match ty {
                Ty::Bool => 1 - value,
                t if t.is_signed() => !value,
                t => t.max_value() - value,
            })
        }
        Rvalue::BinaryOp(op, lhs, rhs) => {
            let (_, a) = operand_value(lhs, known)?;
            let (_, b) = operand_value(rhs, known)?;
            binary_value(*op, a, b)
        }
        Rvalue::UnaryOp(UnOp::Neg, _) | Rvalue::Cast(..) => None,
    }
}

fn binary_value(op: BinOp, a: i128, b: i128) -> Option<i128> {
    let value = match op {
        BinOp::Eq => (a == b) as i128,
        BinOp::Ne => (a != b) as i128,
        BinOp::Lt => (a < b) as i128,
        BinOp::Le => (a <= b) as i128,
        BinOp::Gt => (a > b) as i128,
        BinOp::Ge => (a >= b) as i128,
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        _ => return None,
    };
    Some(value)
}

/// The type and value of an operand, when known.
fn operand_value(operand: &Operand, known: &[Option<(Ty, i128)>]) -> Option<(Ty, i128)> {
    match operand {
        Operand::Const(constant) => Some((constant.ty, constant.value())),
        Operand::Copy(local) => known[local.index()],
    }
}

/// The bit pattern a `SwitchInt` compares against: the value in two's complement, `bits` wide.
fn bit_pattern(ty: Ty, value: i128) -> u128 {
    let bits = ty.bits();
    if bits == 0 || bits >= 128 {
        return value as u128;
    }
    (value as u128) & ((1u128 << bits) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{function_with, T};
    use clifcov_ir::{Callee, Constant, LocalDecl, Span, Statement};

    /// `_2: ty = rvalue` in bb0 of a function whose bb0 switches on `discr` to bb1 for
    /// `value`, else bb2; bb1 and bb2 go to bb3, which returns.
    fn switch_on(ty: Ty, rvalues: Vec<Rvalue>, discr: Operand, value: u128) -> Function {
        let mut f = function_with(vec![T::Goto(1), T::Goto(3), T::Goto(3), T::Return]);
        let local = f.add_local(LocalDecl {
            ty,
            name: None,
            mutable: true,
            span: Span::default(),
        });
        for rvalue in rvalues {
            let assign = StatementKind::Assign(local, rvalue);
            f.blocks[0]
                .statements
                .push(Statement::new(assign, Span::default()));
        }
        f.blocks[0].terminator.as_mut().unwrap().kind = TerminatorKind::SwitchInt {
            discr,
            targets: vec![(value, BlockId(1))],
            otherwise: BlockId(2),
        };
        f
    }

    fn folded(f: &Function) -> Option<BlockFlow> {
        let flow = BlockFlow::new(f);
        let graph = CoverageGraph::new(&flow).expect("bb0 does not end in Unreachable");
        fold_known_branches(f, &flow, &graph)
    }

    fn int(ty: Ty, value: i128) -> Rvalue {
        Rvalue::Use(Operand::Const(Constant::int(ty, value)))
    }

    #[test]
    fn match_on_a_local_set_once_takes_its_arm() {
        // let k: i16 = -300; match k { -300 => .., _ => .. }: the switch sees 0xfed4.
        let f = switch_on(
            Ty::I16,
            vec![int(Ty::I16, -300)],
            Operand::Copy(Local(2)),
            0xfed4,
        );
        let flow = folded(&f).expect("the switch folds");
        assert_eq!(flow.successors(BlockId(0)), [BlockId(1)]);
        assert!(flow.is_unreachable(BlockId(2)));
        assert!(flow.successors(BlockId(2)).is_empty());
        assert_eq!(flow.successors(BlockId(1)), [BlockId(3)]);
    }

    #[test]
    fn not_of_a_constant_is_known() {
        // assert!(!false): `_2 = !false; switchInt(_2) -> [0: panic, otherwise: go on]`.
        let not_false = Rvalue::UnaryOp(UnOp::Not, Operand::Const(Constant::bool(false)));
        let f = switch_on(Ty::Bool, vec![not_false], Operand::Copy(Local(2)), 0);
        let flow = folded(&f).expect("the switch folds");
        assert_eq!(flow.successors(BlockId(0)), [BlockId(2)]);
        assert!(flow.is_unreachable(BlockId(1)));
    }

    #[test]
    fn comparison_of_known_values_is_known() {
        let cmp = Rvalue::BinaryOp(
            BinOp::Gt,
            Operand::Const(Constant::int(Ty::I32, 6)),
            Operand::Const(Constant::int(Ty::I32, 5)),
        );
        let f = switch_on(Ty::Bool, vec![cmp], Operand::Copy(Local(2)), 1);
        let flow = folded(&f).expect("the switch folds");
        assert_eq!(flow.successors(BlockId(0)), [BlockId(1)]);
    }

    #[test]
    fn arguments_and_locals_assigned_twice_are_not_known() {
        let on_argument = switch_on(Ty::I32, vec![int(Ty::I32, 1)], Operand::Copy(Local(1)), 1);
        assert_eq!(folded(&on_argument), None);
        let twice = vec![int(Ty::I32, 1), int(Ty::I32, 2)];
        let reassigned = switch_on(Ty::I32, twice, Operand::Copy(Local(2)), 1);
        assert_eq!(folded(&reassigned), None);
    }

    #[test]
    fn a_local_a_call_also_writes_is_not_known() {
        let mut f = switch_on(Ty::I32, vec![int(Ty::I32, 1)], Operand::Copy(Local(2)), 1);
        assert!(folded(&f).is_some(), "known while assigned once");
        f.blocks[1].terminator.as_mut().unwrap().kind = TerminatorKind::Call {
            callee: Callee::ArgsLen,
            args: vec![],
            dest: Local(2),
            target: Some(BlockId(3)),
        };
        assert_eq!(folded(&f), None);
    }

    #[test]
    fn overflow_checked_arithmetic_is_not_evaluated() {
        let sum = Rvalue::BinaryOp(
            BinOp::Add,
            Operand::Const(Constant::int(Ty::I32, 1)),
            Operand::Const(Constant::int(Ty::I32, 1)),
        );
        let f = switch_on(Ty::I32, vec![sum], Operand::Copy(Local(2)), 2);
        assert_eq!(folded(&f), None);
    }

    #[test]
    fn assert_known_to_fail_keeps_its_way_on() {
        let mut f = function_with(vec![T::Assert(1), T::Return]);
        if let TerminatorKind::Assert { expected, .. } =
            &mut f.blocks[0].terminator.as_mut().unwrap().kind
        {
            *expected = false;
        }
        assert_eq!(folded(&f), None);
    }

    #[test]
    fn blocks_no_path_reaches_become_unreachable_without_a_known_branch() {
        let f = function_with(vec![T::Return, T::Goto(0), T::Unreachable]);
        let flow = folded(&f).expect("block 1 can never run");
        assert!(flow.is_unreachable(BlockId(1)));
        assert!(flow.successors(BlockId(1)).is_empty());
        let live = function_with(vec![T::Goto(1), T::Return, T::Unreachable]);
        assert_eq!(folded(&live), None, "an Unreachable block stays as it is");
    }
}

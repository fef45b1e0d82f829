//! Locals that need no Cranelift `Variable`: assigned once, by a statement or a call, and
//! read only where that assignment dominates the read. Their value is used directly.
//! Cranelift's SSA builder keeps, per variable, a map dense in block numbers, so a long
//! function with a variable per temporary (a `main` calling thousands of functions) costs
//! memory in the product of both; these locals skip it.

use clifcov_ir::{
    BlockId, FmtPiece, Function, Local, Operand, Rvalue, StatementKind, TerminatorKind,
};

use crate::block_order::BlockOrder;

/// How far up a chain of single-predecessor blocks a read looks for its assignment.
const MAX_CHAIN: usize = 16;

/// Where a local is assigned or read: block and position (statement index; the terminator
/// reads at `statements.len()` and a call's result exists only after the block).
#[derive(Clone, Copy)]
struct Site {
    block: BlockId,
    position: usize,
}

/// For each local, whether it can be lowered as a plain value.
pub(crate) fn direct_locals(function: &Function, order: &BlockOrder) -> Vec<bool> {
    let mut defs: Vec<Vec<Site>> = vec![Vec::new(); function.locals.len()];
    let mut uses: Vec<Vec<Site>> = vec![Vec::new(); function.locals.len()];
    for block in function.block_ids() {
        let data = function.block(block);
        for (position, statement) in data.statements.iter().enumerate() {
            let site = Site { block, position };
            statement_sites(&statement.kind, &mut |local, is_def| {
                let list = if is_def { &mut defs } else { &mut uses };
                list[local.index()].push(site);
            });
        }
        if let Some(terminator) = &data.terminator {
            let end = data.statements.len();
            let read = Site {
                block,
                position: end,
            };
            let written = Site {
                block,
                position: end + 1,
            };
            terminator_sites(&terminator.kind, &mut |local, is_def| {
                let (list, site) = if is_def {
                    (&mut defs, written)
                } else {
                    (&mut uses, read)
                };
                list[local.index()].push(site);
            });
        }
    }
    let first_plain = function.arg_count + 1;
    (0..function.locals.len())
        .map(|index| {
            index >= first_plain
                && defs[index].len() == 1
                && uses[index]
                    .iter()
                    .all(|read| dominates(defs[index][0], *read, order))
        })
        .collect()
}

/// Whether the assignment at `def` comes before the read at `read` on every path, and is
/// lowered first (in `order`).
fn dominates(def: Site, read: Site, order: &BlockOrder) -> bool {
    if order.position(read.block) < order.position(def.block) {
        return false;
    }
    if read.block == def.block {
        return read.position > def.position;
    }
    let mut block = read.block;
    for _ in 0..MAX_CHAIN {
        match order.unique_pred(block) {
            Some(pred) if pred == def.block => return true,
            Some(pred) => block = pred,
            None => return false,
        }
    }
    false
}

/// Visits the locals a statement reads (`false`) and assigns (`true`).
pub(crate) fn statement_sites(kind: &StatementKind, visit: &mut impl FnMut(Local, bool)) {
    match kind {
        StatementKind::Assign(dest, rvalue) => {
            rvalue_reads(rvalue, visit);
            visit(*dest, true);
        }
        StatementKind::AssignWithOverflow {
            dest,
            overflow,
            lhs,
            rhs,
            ..
        } => {
            operand_read(lhs, visit);
            operand_read(rhs, visit);
            visit(*dest, true);
            visit(*overflow, true);
        }
        StatementKind::Print { pieces, .. } => pieces_read(pieces, visit),
        StatementKind::Coverage(_) => {}
    }
}

/// Visits the locals a terminator reads (`false`) and assigns (`true`).
pub(crate) fn terminator_sites(kind: &TerminatorKind, visit: &mut impl FnMut(Local, bool)) {
    match kind {
        TerminatorKind::SwitchInt { discr, .. } => operand_read(discr, visit),
        TerminatorKind::Call { args, dest, .. } => {
            args.iter().for_each(|arg| operand_read(arg, visit));
            visit(*dest, true);
        }
        TerminatorKind::Return => visit(Local::RETURN, false),
        TerminatorKind::Assert { cond, .. } => operand_read(cond, visit),
        TerminatorKind::Panic { message } => pieces_read(message, visit),
        TerminatorKind::Goto(_) | TerminatorKind::Unreachable => {}
    }
}

fn rvalue_reads(rvalue: &Rvalue, visit: &mut impl FnMut(Local, bool)) {
    match rvalue {
        Rvalue::Use(operand) | Rvalue::UnaryOp(_, operand) | Rvalue::Cast(operand, _) => {
            operand_read(operand, visit)
        }
        Rvalue::BinaryOp(_, lhs, rhs) => {
            operand_read(lhs, visit);
            operand_read(rhs, visit);
        }
    }
}

fn pieces_read(pieces: &[FmtPiece], visit: &mut impl FnMut(Local, bool)) {
    for piece in pieces {
        if let FmtPiece::Value(operand) = piece {
            operand_read(operand, visit);
        }
    }
}

fn operand_read(operand: &Operand, visit: &mut impl FnMut(Local, bool)) {
    if let Operand::Copy(local) = operand {
        visit(*local, false);
    }
}

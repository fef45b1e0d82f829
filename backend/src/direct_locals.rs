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

/// For each local, whether it can be lowered as a plain value. Two scans without a list per
/// local: the first finds each local's assignments, the second checks every read against
/// the local's one assignment.
pub(crate) fn direct_locals(function: &Function, order: &BlockOrder) -> Vec<bool> {
    let mut defs: Vec<Defs> = vec![Defs::None; function.locals.len()];
    visit_sites(function, &mut |local, site, is_def| {
        if is_def {
            let def = &mut defs[local.index()];
            *def = match def {
                Defs::None => Defs::One(site),
                _ => Defs::Many,
            };
        }
    });
    let first_plain = function.arg_count + 1;
    let mut direct: Vec<bool> = defs
        .iter()
        .enumerate()
        .map(|(index, def)| index >= first_plain && matches!(def, Defs::One(_)))
        .collect();
    visit_sites(function, &mut |local, site, is_def| {
        if let (false, Defs::One(def)) = (is_def, defs[local.index()]) {
            if !dominates(def, site, order) {
                direct[local.index()] = false;
            }
        }
    });
    direct
}

/// The assignments of a local: none, one (where), or more.
#[derive(Clone, Copy)]
enum Defs {
    None,
    One(Site),
    Many,
}

/// Visits every local each statement and terminator of `function` reads (`false`) or
/// assigns (`true`), with the site of the access.
fn visit_sites(function: &Function, visit: &mut impl FnMut(Local, Site, bool)) {
    for block in function.block_ids() {
        let data = function.block(block);
        for (position, statement) in data.statements.iter().enumerate() {
            let site = Site { block, position };
            statement_sites(&statement.kind, &mut |local, is_def| {
                visit(local, site, is_def)
            });
        }
        if let Some(terminator) = &data.terminator {
            let end = data.statements.len();
            terminator_sites(&terminator.kind, &mut |local, is_def| {
                let position = if is_def { end + 1 } else { end };
                visit(local, Site { block, position }, is_def);
            });
        }
    }
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

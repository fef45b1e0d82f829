//! What the lowering knows before run time. The front end emits rustc's checks whole, so a
//! remainder by the constant 5 checks `5 == 0` and `(5 == -1) & (lhs == MIN)`; direct locals
//! (`direct_locals`) assigned comparisons and boolean operations of constants get their value
//! here, assertions on a known condition become jumps, and the direct locals that nothing
//! lowered reads any more are not computed. The IR, and so the coverage pass, keep every
//! check: this only spares Cranelift instructions and blocks.

use clifcov_ir::{
    BinOp, Function, Local, Operand, Rvalue, StatementKind, TerminatorKind, Ty, UnOp,
};

use crate::block_order::BlockOrder;
use crate::direct_locals::{statement_sites, terminator_sites};

/// The folded facts of one function.
pub(crate) struct KnownValues {
    /// The value of each local known before run time.
    values: Vec<Option<i128>>,
    /// Whether something the lowering emits reads the local.
    read: Vec<bool>,
}

impl KnownValues {
    /// Folds the direct locals of `function` (`direct[local]`), lowered in `order`.
    pub(crate) fn of(function: &Function, direct: &[bool], order: &BlockOrder) -> KnownValues {
        let values = fold_direct_locals(function, direct, order);
        let read = emitted_reads(function, direct, &values, order);
        KnownValues { values, read }
    }

    /// The operand's value, if it is known.
    pub(crate) fn operand(&self, operand: &Operand) -> Option<i128> {
        known_value(&self.values, operand)
    }

    /// The local's value, if it is known.
    pub(crate) fn local(&self, local: Local) -> Option<i128> {
        self.values[local.index()]
    }

    /// Whether the lowering emits a read of the local.
    pub(crate) fn is_read(&self, local: Local) -> bool {
        self.read[local.index()]
    }
}

/// One forward pass in lowering order: a direct local is assigned before every read, and
/// the assignment's block comes first in that order.
fn fold_direct_locals(
    function: &Function,
    direct: &[bool],
    order: &BlockOrder,
) -> Vec<Option<i128>> {
    let mut values = vec![None; function.locals.len()];
    for &block in order.blocks() {
        for statement in &function.block(block).statements {
            if let StatementKind::Assign(dest, rvalue) = &statement.kind {
                if direct[dest.index()] {
                    values[dest.index()] = fold(function, &values, rvalue);
                }
            }
        }
    }
    values
}

/// The value of `operand` given the known `values` of the locals.
fn known_value(values: &[Option<i128>], operand: &Operand) -> Option<i128> {
    match operand {
        Operand::Const(constant) => Some(constant.value()),
        Operand::Copy(local) => values[local.index()],
    }
}

/// The value of a comparison of known integers, or of a boolean operation whose known
/// operands decide it (`false & x`, `true | x`).
fn fold(function: &Function, values: &[Option<i128>], rvalue: &Rvalue) -> Option<i128> {
    let known = |operand: &Operand| known_value(values, operand);
    let is_bool = |operand: &Operand| operand_ty(function, operand) == Ty::Bool;
    match rvalue {
        Rvalue::Use(operand) => known(operand),
        Rvalue::UnaryOp(UnOp::Not, operand) if is_bool(operand) => known(operand).map(|b| 1 - b),
        Rvalue::BinaryOp(op, lhs, rhs) if op.is_comparison() => {
            let (lhs, rhs) = (known(lhs)?, known(rhs)?);
            Some(i128::from(compare(*op, lhs, rhs)))
        }
        Rvalue::BinaryOp(op, lhs, rhs) if is_bool(lhs) => boolean(*op, known(lhs), known(rhs)),
        _ => None,
    }
}

fn compare(op: BinOp, lhs: i128, rhs: i128) -> bool {
    match op {
        BinOp::Eq => lhs == rhs,
        BinOp::Ne => lhs != rhs,
        BinOp::Lt => lhs < rhs,
        BinOp::Le => lhs <= rhs,
        BinOp::Gt => lhs > rhs,
        _ => lhs >= rhs,
    }
}

fn boolean(op: BinOp, lhs: Option<i128>, rhs: Option<i128>) -> Option<i128> {
    match (op, lhs, rhs) {
        (BinOp::BitAnd, Some(0), _) | (BinOp::BitAnd, _, Some(0)) => Some(0),
        (BinOp::BitOr, Some(1), _) | (BinOp::BitOr, _, Some(1)) => Some(1),
        (BinOp::BitAnd, Some(a), Some(b)) => Some(a & b),
        (BinOp::BitOr, Some(a), Some(b)) => Some(a | b),
        (BinOp::BitXor, Some(a), Some(b)) => Some(a ^ b),
        _ => None,
    }
}

fn operand_ty(function: &Function, operand: &Operand) -> Ty {
    match operand {
        Operand::Copy(local) => function.local_ty(*local),
        Operand::Const(constant) => constant.ty,
    }
}

/// One backward pass in lowering order: every read of a direct local comes after its
/// assignment, so each assignment is visited after all its reads. A known local is never
/// computed; an unknown direct local's operation is computed only when something reads it;
/// an assertion on a known condition reads nothing.
fn emitted_reads(
    function: &Function,
    direct: &[bool],
    values: &[Option<i128>],
    order: &BlockOrder,
) -> Vec<bool> {
    let mut read = vec![false; function.locals.len()];
    let mark = |local: Local, is_def: bool, read: &mut [bool]| {
        if !is_def && values[local.index()].is_none() {
            read[local.index()] = true;
        }
    };
    for &block in order.blocks().iter().rev() {
        let data = function.block(block);
        if let Some(terminator) = &data.terminator {
            let decided = matches!(&terminator.kind,
                TerminatorKind::Assert { cond, .. } if known_value(values, cond).is_some());
            if !decided {
                terminator_sites(&terminator.kind, &mut |l, d| mark(l, d, &mut read));
            }
        }
        for statement in data.statements.iter().rev() {
            if let StatementKind::Assign(dest, _) = &statement.kind {
                let computed = !direct[dest.index()] || read[dest.index()];
                if !computed || values[dest.index()].is_some() {
                    continue;
                }
            }
            statement_sites(&statement.kind, &mut |l, d| mark(l, d, &mut read));
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::direct_locals::direct_locals;
    use crate::test_support::{copy, int, FnBuilder};
    use clifcov_ir::{AssertMessage, TerminatorKind::Assert};

    /// `fn rem5(x: i64) -> i64 { x % 5 }` as the front end lowers it: both checks of the
    /// divisor, then the remainder.
    fn remainder_by_five() -> Function {
        let mut f = FnBuilder::new("rem5", &[Ty::I64], Ty::I64);
        let x = f.arg(0);
        let [zero_check, minus_one, is_min, overflow_check] = [(); 4].map(|_| f.local(Ty::Bool));
        let (checked_zero, checked_overflow) = (f.new_block(), f.new_block());
        let eq = |a, b| Rvalue::BinaryOp(BinOp::Eq, a, b);
        f.assign(zero_check, eq(int(Ty::I64, 5), int(Ty::I64, 0)));
        f.terminate(assert(zero_check, AssertMessage::RemByZero, checked_zero));
        f.switch_to(checked_zero);
        f.assign(minus_one, eq(int(Ty::I64, 5), int(Ty::I64, -1)));
        f.assign(is_min, eq(copy(x), int(Ty::I64, i64::MIN.into())));
        let both = Rvalue::BinaryOp(BinOp::BitAnd, copy(minus_one), copy(is_min));
        f.assign(overflow_check, both);
        f.terminate(assert(
            overflow_check,
            AssertMessage::RemOverflow,
            checked_overflow,
        ));
        f.switch_to(checked_overflow);
        f.assign(
            Local::RETURN,
            Rvalue::BinaryOp(BinOp::Rem, copy(x), int(Ty::I64, 5)),
        );
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    fn known_values(function: &Function) -> KnownValues {
        let order = BlockOrder::of(function);
        let direct = direct_locals(function, &order);
        KnownValues::of(function, &direct, &order)
    }

    fn assert(cond: Local, msg: AssertMessage, target: clifcov_ir::BlockId) -> TerminatorKind {
        Assert {
            cond: copy(cond),
            expected: false,
            msg,
            target,
        }
    }

    #[test]
    fn checks_of_a_constant_divisor_are_known_to_pass() {
        let function = remainder_by_five();
        let known = known_values(&function);
        let checks: Vec<Option<i128>> = (2..6).map(|l| known.local(Local(l))).collect();
        assert_eq!(checks, [Some(0), Some(0), None, Some(0)]);
        assert!(
            !known.is_read(Local(4)),
            "5 == -1 decides the check without x == MIN"
        );
        assert!(known.is_read(Local(1)), "the remainder reads x");
    }

    #[test]
    fn a_check_of_an_unknown_divisor_is_computed() {
        let mut f = FnBuilder::new("rem", &[Ty::I64], Ty::I64);
        let (x, zero_check) = (f.arg(0), f.local(Ty::Bool));
        let checked = f.new_block();
        f.assign(
            zero_check,
            Rvalue::BinaryOp(BinOp::Eq, copy(x), int(Ty::I64, 0)),
        );
        f.terminate(assert(zero_check, AssertMessage::RemByZero, checked));
        f.switch_to(checked);
        f.assign(
            Local::RETURN,
            Rvalue::BinaryOp(BinOp::Rem, int(Ty::I64, 7), copy(x)),
        );
        f.terminate(TerminatorKind::Return);
        let function = f.finish();
        let known = known_values(&function);
        assert_eq!(known.local(zero_check), None);
        assert!(known.is_read(zero_check));
    }
}

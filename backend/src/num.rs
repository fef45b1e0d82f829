//! Integer and `bool` operations on Cranelift values: constants, arithmetic, comparisons,
//! overflow-reporting arithmetic and casts.
//!
//! Cranelift's x64 backend lowers the overflow-reporting instructions (`sadd_overflow` and
//! friends) for every width the IR has, `i8` to `i64`, so no widening is needed; the tests
//! below check every width and signedness against Rust's own `overflowing_*` methods.

use clifcov_ir::{BinOp, OverflowOp, Ty, UnOp};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;

/// An integer constant of type `ty`, given by its mathematical value (truncated to the
/// type's width, which gives the bit pattern Cranelift expects).
pub(crate) fn constant(builder: &mut FunctionBuilder, ty: Type, value: i128) -> Value {
    let mask = u64::MAX >> (64 - ty.bits());
    builder.ins().iconst(ty, (value as u64 & mask) as i64)
}

/// `lhs op rhs`, wrapping; comparisons give a `bool`. `signed` is the operands' signedness
/// (for shifts, the shifted value's).
pub(crate) fn binary_op(
    builder: &mut FunctionBuilder,
    op: BinOp,
    signed: bool,
    lhs: Value,
    rhs: Value,
) -> Value {
    let ins = builder.ins();
    match op {
        BinOp::Add => ins.iadd(lhs, rhs),
        BinOp::Sub => ins.isub(lhs, rhs),
        BinOp::Mul => ins.imul(lhs, rhs),
        BinOp::Div if signed => ins.sdiv(lhs, rhs),
        BinOp::Div => ins.udiv(lhs, rhs),
        BinOp::Rem if signed => ins.srem(lhs, rhs),
        BinOp::Rem => ins.urem(lhs, rhs),
        BinOp::BitAnd => ins.band(lhs, rhs),
        BinOp::BitOr => ins.bor(lhs, rhs),
        BinOp::BitXor => ins.bxor(lhs, rhs),
        BinOp::Shl => {
            let amount = shift_amount(builder, lhs, rhs);
            builder.ins().ishl(lhs, amount)
        }
        BinOp::Shr => {
            let amount = shift_amount(builder, lhs, rhs);
            if signed {
                builder.ins().sshr(lhs, amount)
            } else {
                builder.ins().ushr(lhs, amount)
            }
        }
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            ins.icmp(condition(op, signed), lhs, rhs)
        }
    }
}

/// The shift amount converted to the shifted value's width (it is below that width, so
/// truncating or zero-extending keeps it).
fn shift_amount(builder: &mut FunctionBuilder, shifted: Value, amount: Value) -> Value {
    let ty = builder.func.dfg.value_type(shifted);
    cast(builder, amount, false, ty)
}

fn condition(op: BinOp, signed: bool) -> IntCC {
    match (op, signed) {
        (BinOp::Eq, _) => IntCC::Equal,
        (BinOp::Ne, _) => IntCC::NotEqual,
        (BinOp::Lt, true) => IntCC::SignedLessThan,
        (BinOp::Lt, false) => IntCC::UnsignedLessThan,
        (BinOp::Le, true) => IntCC::SignedLessThanOrEqual,
        (BinOp::Le, false) => IntCC::UnsignedLessThanOrEqual,
        (BinOp::Gt, true) => IntCC::SignedGreaterThan,
        (BinOp::Gt, false) => IntCC::UnsignedGreaterThan,
        (BinOp::Ge, true) => IntCC::SignedGreaterThanOrEqual,
        (_, _) => IntCC::UnsignedGreaterThanOrEqual,
    }
}

/// `lhs op rhs` wrapped, and a `bool` that is 1 when the exact result does not fit.
pub(crate) fn overflowing_op(
    builder: &mut FunctionBuilder,
    op: OverflowOp,
    signed: bool,
    lhs: Value,
    rhs: Value,
) -> (Value, Value) {
    let ins = builder.ins();
    match (op, signed) {
        (OverflowOp::Add, true) => ins.sadd_overflow(lhs, rhs),
        (OverflowOp::Add, false) => ins.uadd_overflow(lhs, rhs),
        (OverflowOp::Sub, true) => ins.ssub_overflow(lhs, rhs),
        (OverflowOp::Sub, false) => ins.usub_overflow(lhs, rhs),
        (OverflowOp::Mul, true) => ins.smul_overflow(lhs, rhs),
        (OverflowOp::Mul, false) => ins.umul_overflow(lhs, rhs),
    }
}

/// `!value` (logical on `bool`, bitwise on integers) or `-value` (wrapping).
pub(crate) fn unary_op(builder: &mut FunctionBuilder, op: UnOp, ty: Ty, value: Value) -> Value {
    match op {
        UnOp::Not if ty == Ty::Bool => builder.ins().bxor_imm_u(value, 1),
        UnOp::Not => builder.ins().bnot(value),
        UnOp::Neg => builder.ins().ineg(value),
    }
}

/// `value as to`: truncates to a narrower type, extends to a wider one by the signedness of
/// the source type (`signed`; `bool` is unsigned and zero-extends).
pub(crate) fn cast(builder: &mut FunctionBuilder, value: Value, signed: bool, to: Type) -> Value {
    let from_type = builder.func.dfg.value_type(value);
    if to.bits() < from_type.bits() {
        builder.ins().ireduce(to, value)
    } else if to.bits() == from_type.bits() {
        value
    } else if signed {
        builder.ins().sextend(to, value)
    } else {
        builder.ins().uextend(to, value)
    }
}

#[cfg(test)]
mod tests {
    //! Every operation on every type, run end to end and compared with what Rust computes.

    use std::fmt::Write;

    use clifcov_ir::{BinOp, Operand, OverflowOp, Rvalue, StatementKind};
    use clifcov_ir::{TerminatorKind, Ty, UnOp};

    use crate::test_support::*;

    const WRAPPING_OPS: [BinOp; 12] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
    ];

    /// The types shift amounts are given in: narrower, as wide as, and wider than any
    /// shifted type.
    const SHIFT_AMOUNT_TYPES: [Ty; 3] = [Ty::U8, Ty::U16, Ty::I64];

    /// Prints `operands` separated by spaces, then a newline.
    fn print_line(f: &mut crate::test_support::FnBuilder, operands: Vec<Operand>) {
        let mut pieces = Vec::new();
        for (i, operand) in operands.into_iter().enumerate() {
            if i > 0 {
                pieces.push(text(" "));
            }
            pieces.push(value(operand));
        }
        pieces.push(text("\n"));
        f.print(pieces);
    }

    fn result_ty(op: BinOp, ty: Ty) -> Ty {
        if op.is_comparison() {
            Ty::Bool
        } else {
            ty
        }
    }

    /// `flag as u8`, which shows a `bool` that is neither 0 nor 1 for what it is.
    fn raw_bool(f: &mut crate::test_support::FnBuilder, flag: clifcov_ir::Local) -> Operand {
        let byte = f.local(Ty::U8);
        f.assign(byte, Rvalue::Cast(copy(flag), Ty::U8));
        copy(byte)
    }

    /// `fn overflow(a: T, b: T)`: prints `a b`, then the wrapped result and the overflow flag
    /// (as `u8`) of add, sub and mul.
    fn overflow_function(ty: Ty) -> clifcov_ir::Function {
        let mut f = crate::test_support::FnBuilder::new("overflow", &[ty, ty], Ty::Unit);
        let (a, b) = (f.arg(0), f.arg(1));
        let mut line = vec![copy(a), copy(b)];
        for op in [OverflowOp::Add, OverflowOp::Sub, OverflowOp::Mul] {
            let (dest, overflow) = (f.local(ty), f.local(Ty::Bool));
            f.push(StatementKind::AssignWithOverflow {
                dest,
                overflow,
                op,
                lhs: copy(a),
                rhs: copy(b),
            });
            line.extend([copy(dest), raw_bool(&mut f, overflow)]);
        }
        print_line(&mut f, line);
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    /// `fn wrapping(a: T, b: T)`: prints `a b` and every result of `WRAPPING_OPS`
    /// (comparisons as `u8`).
    fn wrapping_function(ty: Ty) -> clifcov_ir::Function {
        binary_function("wrapping", ty, ty, &WRAPPING_OPS)
    }

    fn binary_function(name: &str, ty: Ty, rhs_ty: Ty, ops: &[BinOp]) -> clifcov_ir::Function {
        let mut f = crate::test_support::FnBuilder::new(name, &[ty, rhs_ty], Ty::Unit);
        let (a, b) = (f.arg(0), f.arg(1));
        let mut line = vec![copy(a), copy(b)];
        for &op in ops {
            let dest = f.local(result_ty(op, ty));
            f.assign(dest, Rvalue::BinaryOp(op, copy(a), copy(b)));
            line.push(if op.is_comparison() {
                raw_bool(&mut f, dest)
            } else {
                copy(dest)
            });
        }
        print_line(&mut f, line);
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    /// `fn unary(a: T)`: prints `a`, `!a` and, for signed types, `-a` (wrapping).
    fn unary_function(ty: Ty) -> clifcov_ir::Function {
        let mut f = crate::test_support::FnBuilder::new("unary", &[ty], Ty::Unit);
        let a = f.arg(0);
        let mut line = vec![copy(a)];
        let ops: &[UnOp] = if ty.is_signed() {
            &[UnOp::Not, UnOp::Neg]
        } else {
            &[UnOp::Not]
        };
        for &op in ops {
            let dest = f.local(ty);
            f.assign(dest, Rvalue::UnaryOp(op, copy(a)));
            line.push(copy(dest));
        }
        print_line(&mut f, line);
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    /// `fn casts(a: T)`: prints `a` and `a as U` for every integer type `U`.
    fn cast_function(ty: Ty) -> clifcov_ir::Function {
        let mut f = crate::test_support::FnBuilder::new("casts", &[ty], Ty::Unit);
        let a = f.arg(0);
        let mut line = vec![copy(a)];
        for to in Ty::INTEGERS {
            let dest = f.local(to);
            f.assign(dest, Rvalue::Cast(copy(a), to));
            line.push(copy(dest));
        }
        print_line(&mut f, line);
        f.terminate(TerminatorKind::Return);
        f.finish()
    }

    fn assert_same_lines(actual: &str, expected: &str) {
        for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
            assert_eq!(a, e, "line {} differs", i + 1);
        }
        assert_eq!(actual.lines().count(), expected.lines().count());
    }

    fn next_random(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *seed >> 3
    }

    /// Boundary values of `$t`, the values around zero, and a few pseudo-random ones.
    macro_rules! interesting_values {
        ($t:ty) => {{
            let mut values: Vec<$t> = vec![
                <$t>::MIN,
                <$t>::MIN + 1,
                <$t>::MIN / 2,
                0,
                1,
                2,
                3,
                7,
                <$t>::MAX / 2,
                <$t>::MAX / 2 + 1,
                <$t>::MAX - 1,
                <$t>::MAX,
                (0 as $t).wrapping_sub(1),
                (0 as $t).wrapping_sub(7),
            ];
            let mut seed = 0x9e37_79b9_7f4a_7c15;
            for _ in 0..4 {
                values.push(next_random(&mut seed) as $t);
            }
            values.sort();
            values.dedup();
            values
        }};
    }

    macro_rules! all_casts {
        ($x:expr) => {
            format!(
                "{} {} {} {} {} {} {} {} {} {} {}\n",
                $x,
                $x as i8,
                $x as i16,
                $x as i32,
                $x as i64,
                $x as isize,
                $x as u8,
                $x as u16,
                $x as u32,
                $x as u64,
                $x as usize
            )
        };
    }

    /// Tests, for one type: overflow-reporting add/sub/mul, the wrapping operators and
    /// comparisons, division and remainder, shifts with amounts of several types, `!`, `-`
    /// and casts to every type, each against Rust's own arithmetic on that type.
    macro_rules! type_tests {
        ($module:ident, $t:ty, $ty:expr) => {
            mod $module {
                use super::*;

                fn operands(values: &[$t]) -> Vec<Operand> {
                    values.iter().map(|v| int($ty, *v as i128)).collect()
                }

                fn pairs() -> Vec<($t, $t)> {
                    let values = interesting_values!($t);
                    let mut pairs = Vec::new();
                    for &a in &values {
                        for &b in &values {
                            pairs.push((a, b));
                        }
                    }
                    pairs
                }

                #[test]
                fn overflowing_arithmetic() {
                    let mut expected = String::new();
                    let mut calls = Vec::new();
                    for (a, b) in pairs() {
                        let _ = writeln!(
                            expected,
                            "{a} {b} {} {} {} {} {} {}",
                            a.wrapping_add(b),
                            a.checked_add(b).is_none() as u8,
                            a.wrapping_sub(b),
                            a.checked_sub(b).is_none() as u8,
                            a.wrapping_mul(b),
                            a.checked_mul(b).is_none() as u8
                        );
                        calls.push((0, operands(&[a, b])));
                    }
                    let program = calls_program(vec![overflow_function($ty)], calls);
                    assert_same_lines(&run(&program).stdout, &expected);
                }

                #[test]
                fn wrapping_operators_division_and_shifts() {
                    let mut expected = String::new();
                    let mut calls = Vec::new();
                    for (a, b) in pairs() {
                        let _ = writeln!(
                            expected,
                            "{a} {b} {} {} {} {} {} {} {} {} {} {} {} {}",
                            a.wrapping_add(b),
                            a.wrapping_sub(b),
                            a.wrapping_mul(b),
                            a & b,
                            a | b,
                            a ^ b,
                            (a == b) as u8,
                            (a != b) as u8,
                            (a < b) as u8,
                            (a <= b) as u8,
                            (a > b) as u8,
                            (a >= b) as u8
                        );
                        calls.push((0, operands(&[a, b])));
                    }
                    for (a, b) in pairs() {
                        if let (Some(q), Some(r)) = (a.checked_div(b), a.checked_rem(b)) {
                            let _ = writeln!(expected, "{a} {b} {q} {r}");
                            calls.push((1, operands(&[a, b])));
                        }
                    }
                    let bits = <$t>::BITS;
                    let mut functions = vec![
                        wrapping_function($ty),
                        binary_function("divrem", $ty, $ty, &[BinOp::Div, BinOp::Rem]),
                    ];
                    for amount_ty in SHIFT_AMOUNT_TYPES {
                        let ops = [BinOp::Shl, BinOp::Shr];
                        let name = format!("shifts_by_{amount_ty}");
                        functions.push(binary_function(&name, $ty, amount_ty, &ops));
                        for a in interesting_values!($t) {
                            for s in [0, 1, bits / 2, bits - 1] {
                                let _ = writeln!(expected, "{a} {s} {} {}", a << s, a >> s);
                                let amount = int(amount_ty, s.into());
                                calls
                                    .push((functions.len() - 1, vec![int($ty, a as i128), amount]));
                            }
                        }
                    }
                    let program = calls_program(functions, calls);
                    assert_same_lines(&run(&program).stdout, &expected);
                }

                #[test]
                fn not_negate_and_casts() {
                    let mut expected = String::new();
                    let mut calls = Vec::new();
                    for a in interesting_values!($t) {
                        if <$t>::MIN == 0 {
                            let _ = writeln!(expected, "{a} {}", !a);
                        } else {
                            let _ = writeln!(expected, "{a} {} {}", !a, a.wrapping_neg());
                        }
                        calls.push((0, operands(&[a])));
                        expected.push_str(&all_casts!(a));
                        calls.push((1, operands(&[a])));
                    }
                    let functions = vec![unary_function($ty), cast_function($ty)];
                    let program = calls_program(functions, calls);
                    assert_same_lines(&run(&program).stdout, &expected);
                }
            }
        };
    }

    /// A `main` that calls `overflow(a, b)` for every pair of values of an 8-bit type `ty`
    /// (`lo..=hi`), counting with `i32` loops.
    fn exhaustive_overflow_program(ty: Ty, lo: i128, hi: i128) -> clifcov_ir::Program {
        use clifcov_ir::{Callee, FuncId, TerminatorKind::*};
        let mut main = crate::test_support::FnBuilder::new("main", &[], Ty::Unit);
        let (i, j, a, b) = (
            main.local(Ty::I32),
            main.local(Ty::I32),
            main.local(ty),
            main.local(ty),
        );
        let (below, unit) = (main.local(Ty::Bool), main.local(Ty::Unit));
        let [outer, inner_start, inner, body, next_i, exit] = [(); 6].map(|_| main.new_block());
        let loop_test = |main: &mut crate::test_support::FnBuilder, counter, done, go_on| {
            main.assign(
                below,
                Rvalue::BinaryOp(BinOp::Le, copy(counter), int(Ty::I32, hi)),
            );
            main.terminate(SwitchInt {
                discr: copy(below),
                targets: vec![(0, done)],
                otherwise: go_on,
            });
        };
        let increment = |main: &mut crate::test_support::FnBuilder, counter, target| {
            let next = Rvalue::BinaryOp(BinOp::Add, copy(counter), int(Ty::I32, 1));
            main.assign(counter, next);
            main.terminate(Goto(target));
        };
        main.assign(i, Rvalue::Use(int(Ty::I32, lo)));
        main.terminate(Goto(outer));
        main.switch_to(outer);
        loop_test(&mut main, i, exit, inner_start);
        main.switch_to(inner_start);
        main.assign(j, Rvalue::Use(int(Ty::I32, lo)));
        main.terminate(Goto(inner));
        main.switch_to(inner);
        loop_test(&mut main, j, next_i, body);
        main.switch_to(body);
        main.assign(a, Rvalue::Cast(copy(i), ty));
        main.assign(b, Rvalue::Cast(copy(j), ty));
        main.call(Callee::Function(FuncId(0)), vec![copy(a), copy(b)], unit);
        increment(&mut main, j, inner);
        main.switch_to(next_i);
        increment(&mut main, i, outer);
        main.switch_to(exit);
        main.terminate(Return);
        program(vec![overflow_function(ty), main.finish()])
    }

    macro_rules! exhaustive_overflow_test {
        ($name:ident, $t:ty, $ty:expr) => {
            #[test]
            fn $name() {
                let mut expected = String::new();
                for a in <$t>::MIN..=<$t>::MAX {
                    for b in <$t>::MIN..=<$t>::MAX {
                        let _ = writeln!(
                            expected,
                            "{a} {b} {} {} {} {} {} {}",
                            a.wrapping_add(b),
                            a.checked_add(b).is_none() as u8,
                            a.wrapping_sub(b),
                            a.checked_sub(b).is_none() as u8,
                            a.wrapping_mul(b),
                            a.checked_mul(b).is_none() as u8
                        );
                    }
                }
                let (lo, hi) = (<$t>::MIN as i128, <$t>::MAX as i128);
                let program = exhaustive_overflow_program($ty, lo, hi);
                assert_same_lines(&run(&program).stdout, &expected);
            }
        };
    }

    exhaustive_overflow_test!(every_i8_pair_overflows_like_rust, i8, Ty::I8);
    exhaustive_overflow_test!(every_u8_pair_overflows_like_rust, u8, Ty::U8);

    type_tests!(i8_ops, i8, Ty::I8);
    type_tests!(i16_ops, i16, Ty::I16);
    type_tests!(i32_ops, i32, Ty::I32);
    type_tests!(i64_ops, i64, Ty::I64);
    type_tests!(isize_ops, isize, Ty::Isize);
    type_tests!(u8_ops, u8, Ty::U8);
    type_tests!(u16_ops, u16, Ty::U16);
    type_tests!(u32_ops, u32, Ty::U32);
    type_tests!(u64_ops, u64, Ty::U64);
    type_tests!(usize_ops, usize, Ty::Usize);
}

//! How IR types and functions map onto Cranelift values and signatures.
//!
//! Integers keep their width (pointer-sized ones are 64 bits), `bool` is an `i8` holding 0 or 1,
//! and `()` has no value at all: unit locals are not materialised, unit parameters are not
//! passed and unit-returning functions return nothing.

use clifcov_ir::{Function, Ty};
use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_codegen::isa::CallConv;

/// The Cranelift type of a value of `ty`; `None` for `()`.
pub(crate) fn clif_type(ty: Ty) -> Option<Type> {
    match ty.bits() {
        0 => None,
        8 => Some(types::I8),
        16 => Some(types::I16),
        32 => Some(types::I32),
        _ => Some(types::I64),
    }
}

/// The signature of a program function: its non-unit arguments, its non-unit return value.
pub(crate) fn function_signature(function: &Function, call_conv: CallConv) -> Signature {
    let mut signature = Signature::new(call_conv);
    for arg in function.args() {
        if let Some(ty) = clif_type(function.local_ty(arg)) {
            signature.params.push(AbiParam::new(ty));
        }
    }
    if let Some(ty) = clif_type(function.return_ty()) {
        signature.returns.push(AbiParam::new(ty));
    }
    signature
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_the_ir() {
        assert_eq!(clif_type(Ty::Bool), Some(types::I8));
        assert_eq!(clif_type(Ty::U16), Some(types::I16));
        assert_eq!(clif_type(Ty::I32), Some(types::I32));
        assert_eq!(clif_type(Ty::Isize), Some(types::I64));
        assert_eq!(clif_type(Ty::Usize), Some(types::I64));
        assert_eq!(clif_type(Ty::Unit), None);
    }
}

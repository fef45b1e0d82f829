//! The runtime's C ABI as generated code calls it (declared as imports of the module), and the
//! C `main(argc, argv)` entry point, which starts the runtime, runs the program's `main` and
//! exits through the runtime.

use cranelift_codegen::ir::{self as clif, types, AbiParam, InstBuilder, Signature, UserFuncName};
use cranelift_codegen::isa::CallConv;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_module::{FuncId, Linkage, Module};

use crate::base::UNREACHABLE_TRAP;
use crate::codegen::CodegenCx;
use crate::error::BackendError;
use crate::num;
use crate::pretty_clif::Annotations;

/// The linker symbol of the C entry point.
pub(crate) const C_MAIN_SYMBOL: &str = "main";

/// The module ids of the runtime functions (see the brief's "Runtime C ABI").
pub(crate) struct Runtime {
    pub start: FuncId,
    pub print_str: FuncId,
    pub print_i64: FuncId,
    pub print_u64: FuncId,
    pub print_bool: FuncId,
    pub panic_begin: FuncId,
    pub panic_end: FuncId,
    pub panic_assert: FuncId,
    pub catch_check_traps: FuncId,
    pub exit: FuncId,
    pub args_len: FuncId,
}

impl Runtime {
    pub(crate) fn declare(module: &mut dyn Module) -> Result<Runtime, BackendError> {
        let i32_ = AbiParam::new(types::I32);
        let u32_ = AbiParam::new(types::I32);
        let i64_ = AbiParam::new(types::I64);
        let u64_ = AbiParam::new(types::I64);
        let usize_ = AbiParam::new(types::I64);
        let pointer = AbiParam::new(types::I64);
        let u8_ = AbiParam::new(types::I8).uext();
        Ok(Runtime {
            start: import(module, "clifcov_rt_start", &[i32_, pointer], &[])?,
            print_str: import(
                module,
                "clifcov_rt_print_str",
                &[u32_, pointer, usize_],
                &[],
            )?,
            print_i64: import(module, "clifcov_rt_print_i64", &[u32_, i64_], &[])?,
            print_u64: import(module, "clifcov_rt_print_u64", &[u32_, u64_], &[])?,
            print_bool: import(module, "clifcov_rt_print_bool", &[u32_, u8_], &[])?,
            panic_begin: import(
                module,
                "clifcov_rt_panic_begin",
                &[pointer, usize_, u32_, u32_],
                &[],
            )?,
            panic_end: import(module, "clifcov_rt_panic_end", &[], &[])?,
            panic_assert: import(
                module,
                "clifcov_rt_panic_assert",
                &[u32_, pointer, u32_],
                &[],
            )?,
            catch_check_traps: import(module, "clifcov_rt_catch_check_traps", &[pointer], &[])?,
            exit: import(module, "clifcov_rt_exit", &[i32_], &[])?,
            args_len: import(module, "clifcov_rt_args_len", &[], &[usize_])?,
        })
    }
}

fn import(
    module: &mut dyn Module,
    name: &str,
    params: &[AbiParam],
    returns: &[AbiParam],
) -> Result<FuncId, BackendError> {
    let mut signature = Signature::new(CallConv::SystemV);
    signature.params.extend_from_slice(params);
    signature.returns.extend_from_slice(returns);
    module
        .declare_function(name, Linkage::Import, &signature)
        .map_err(|e| BackendError::cranelift(format!("the declaration of `{name}`"), e))
}

fn c_main_signature() -> Signature {
    let mut signature = Signature::new(CallConv::SystemV);
    signature.params.push(AbiParam::new(types::I32));
    signature.params.push(AbiParam::new(types::I64));
    signature.returns.push(AbiParam::new(types::I32));
    signature
}

pub(crate) fn declare_c_main(module: &mut dyn Module) -> Result<FuncId, BackendError> {
    module
        .declare_function(C_MAIN_SYMBOL, Linkage::Export, &c_main_signature())
        .map_err(|e| BackendError::cranelift("the declaration of the C `main`", e))
}

/// Builds `main(argc, argv)`: `clifcov_rt_start(argc, argv)`,
/// `clifcov_rt_catch_check_traps(table)` when the checks are traps, the program's `main`,
/// then `clifcov_rt_exit(0)`, which never returns.
pub(crate) fn lower_c_main(
    cx: &CodegenCx<'_>,
    c_main: FuncId,
    user_main: FuncId,
    func: &mut clif::Function,
    builder_ctx: &mut FunctionBuilderContext,
) -> Annotations {
    func.signature = c_main_signature();
    func.name = UserFuncName::user(0, c_main.as_u32());
    let header = || "the C entry point (symbol main)".to_string();
    let mut annotations = Annotations::new(cx.declared.annotate, header);
    let mut builder = FunctionBuilder::new(func, builder_ctx);
    let entry = builder.create_block();
    builder.append_block_params_for_function_params(entry);
    builder.switch_to_block(entry);
    builder.set_srcloc(annotations.add_location(|| {
        "clifcov_rt_start(argc, argv); clifcov_rt_catch_check_traps(table); main(); \
             clifcov_rt_exit(0)"
            .to_string()
    }));
    let args = builder.block_params(entry).to_vec();
    let call = |builder: &mut FunctionBuilder, callee: FuncId, args: &[clif::Value]| {
        let func_ref = cx.import_function(callee, builder.func);
        builder.ins().call(func_ref, args);
    };
    let runtime = &cx.declared.runtime;
    call(&mut builder, runtime.start, &args);
    if let Some(table) = cx.declared.check_traps {
        let table = cx.import_data(table, builder.func);
        let table = builder.ins().symbol_value(cx.isa.pointer_type(), table);
        call(&mut builder, runtime.catch_check_traps, &[table]);
    }
    call(&mut builder, user_main, &[]);
    let code = num::constant(&mut builder, types::I32, 0);
    call(&mut builder, runtime.exit, &[code]);
    builder.ins().trap(UNREACHABLE_TRAP);
    builder.seal_all_blocks();
    builder.finalize(cx.isa.frontend_config());
    annotations
}

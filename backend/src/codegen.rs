//! The program-level driver shared by every output (object file, CLIF text, JIT): it
//! declares the runtime, the program's functions and the coverage counters in a `Module`,
//! plus the profile descriptor and the C entry point when the program is to be an
//! executable, lowers every function with `base`, and hands each to the caller to define or
//! print.

use clifcov_ir::{validate_program, Program, Ty};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{FuncId, Linkage, Module};

use crate::abi;
use crate::base;
use crate::error::BackendError;
use crate::options::{CounterMode, Coverage};
use crate::panic_locations::LocationPool;
use crate::profile_counters::{CounterStorage, ProfileCounters};
use crate::profile_sections::define_profile_sections;
use crate::runtime::{declare_c_main, lower_c_main, Runtime};
use crate::strings::StringPool;

/// Where the lowered program runs, which decides what the module holds besides its functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Embedding {
    /// Linked into an executable: the C `main` entry point, counters defined in
    /// `__llvm_prf_cnts` and the profile descriptor that points the runtime at them.
    Executable,
    /// Run inside the clifcov process, which calls functions itself and owns the counters:
    /// no entry point or descriptor, counters imported at addresses the driver supplies.
    InProcess,
}

/// What lowering a function needs besides the function itself.
pub(crate) struct CodegenCx<'m> {
    pub module: &'m mut dyn Module,
    pub program: &'m Program,
    pub runtime: Runtime,
    /// The module id of each program function, by index.
    pub functions: Vec<FuncId>,
    pub strings: StringPool,
    /// The location records of the built-in checks' panics.
    pub locations: LocationPool,
    /// The coverage counters of each function (none without coverage).
    pub counters: ProfileCounters,
    pub counter_mode: CounterMode,
    /// Whether to record annotations for printed CLIF.
    pub annotate: bool,
}

/// One lowered function, ready to be defined in the module or printed.
pub(crate) struct LoweredFunction {
    pub id: FuncId,
    /// Names the function in error messages.
    pub description: String,
    pub context: Context,
    pub annotations: crate::pretty_clif::Annotations,
}

/// The data objects of a lowered program that its drivers need afterwards.
pub(crate) struct ProgramData {
    /// Names the string data objects in printed CLIF.
    pub strings: StringPool,
    /// The profile data records point at these.
    pub counters: ProfileCounters,
}

/// Lowers the whole program into `module` for `embedding`, passing each function to `emit`
/// as it is done; `coverage` is the program's coverage data, if it is instrumented;
/// `annotate` records what each instruction came from, for printing.
pub(crate) fn lower_program(
    module: &mut dyn Module,
    program: &Program,
    coverage: Option<&Coverage>,
    annotate: bool,
    embedding: Embedding,
    mut emit: impl FnMut(&mut dyn Module, LoweredFunction) -> Result<(), BackendError>,
) -> Result<ProgramData, BackendError> {
    validate_program(program).map_err(BackendError::InvalidIr)?;
    let user_main = match embedding {
        Embedding::Executable => Some(find_main(program)?),
        Embedding::InProcess => None,
    };
    let runtime = Runtime::declare(module)?;
    let functions = declare_functions(module, program)?;
    let storage = match embedding {
        Embedding::Executable => CounterStorage::Defined,
        Embedding::InProcess => CounterStorage::Imported,
    };
    let counters = ProfileCounters::define(module, program, coverage, storage)?;
    let c_main = match user_main {
        Some(user_main) => {
            define_profile_sections(module, coverage.filter(|_| !counters.is_empty()))?;
            Some((declare_c_main(module)?, user_main))
        }
        None => None,
    };
    let mut cx = CodegenCx {
        module,
        program,
        runtime,
        functions,
        strings: StringPool::default(),
        locations: LocationPool::default(),
        counters,
        counter_mode: coverage.map(|c| c.counters).unwrap_or_default(),
        annotate,
    };
    let mut builder_ctx = FunctionBuilderContext::new();
    for index in 0..program.functions.len() {
        let lowered = lower_program_function(&mut cx, index, &mut builder_ctx)?;
        emit(&mut *cx.module, lowered)?;
    }
    if let Some((c_main, user_main)) = c_main {
        let user_main = cx.functions[user_main.index()];
        let lowered = lower_entry_point(&mut cx, c_main, user_main, &mut builder_ctx);
        emit(&mut *cx.module, lowered)?;
    }
    Ok(ProgramData {
        strings: cx.strings,
        counters: cx.counters,
    })
}

fn lower_program_function(
    cx: &mut CodegenCx<'_>,
    index: usize,
    builder_ctx: &mut FunctionBuilderContext,
) -> Result<LoweredFunction, BackendError> {
    let mut context = cx.module.make_context();
    let id = clifcov_ir::FuncId(index as u32);
    let annotations = base::lower_function(cx, id, &mut context.func, builder_ctx)?;
    Ok(LoweredFunction {
        id: cx.functions[index],
        description: format!("function `{}`", cx.program.functions[index].name),
        context,
        annotations,
    })
}

fn lower_entry_point(
    cx: &mut CodegenCx<'_>,
    c_main: FuncId,
    user_main: FuncId,
    builder_ctx: &mut FunctionBuilderContext,
) -> LoweredFunction {
    let mut context = cx.module.make_context();
    let annotations = lower_c_main(
        &mut *cx.module,
        cx.annotate,
        &cx.runtime,
        c_main,
        user_main,
        &mut context.func,
        builder_ctx,
    );
    LoweredFunction {
        id: c_main,
        description: "the C `main` entry point".to_string(),
        context,
        annotations,
    }
}

/// The program's `main`, which must take no arguments and return `()`.
fn find_main(program: &Program) -> Result<clifcov_ir::FuncId, BackendError> {
    let id = program.find("main").ok_or(BackendError::MissingMain)?;
    let main = program.function(id);
    if main.arg_count != 0 {
        return Err(BackendError::InvalidMain(format!(
            "it takes {} arguments, none expected",
            main.arg_count
        )));
    }
    if main.return_ty() != Ty::Unit {
        return Err(BackendError::InvalidMain(format!(
            "it returns {}, `()` expected",
            main.return_ty()
        )));
    }
    Ok(id)
}

/// Declares every program function under its v0 symbol.
fn declare_functions(
    module: &mut dyn Module,
    program: &Program,
) -> Result<Vec<FuncId>, BackendError> {
    let call_conv = module.isa().default_call_conv();
    program
        .functions
        .iter()
        .enumerate()
        .map(|(index, function)| {
            let symbol = program.symbol(clifcov_ir::FuncId(index as u32));
            let signature = abi::function_signature(function, call_conv);
            module
                .declare_function(&symbol, Linkage::Export, &signature)
                .map_err(|e| {
                    BackendError::cranelift(format!("the declaration of `{}`", function.name), e)
                })
        })
        .collect()
}

//! The program-level part shared by every output (object file, CLIF text, JIT): it
//! declares the runtime, the program's functions and the literals in a `Module`, plus the C
//! entry point when the program is to be an executable; then the coverage counters, plus
//! the profile descriptor for an executable (two steps, so that a driver can declare the
//! first while the coverage pass runs); then lowers any one function of them with `base`,
//! reading the module only, for the drivers to compile, define or print.

use clifcov_ir::{validate_program, Program, Ty};
use cranelift_codegen::ir::immediates::Imm64;
use cranelift_codegen::ir::{
    self as clif, ExtFuncData, ExternalName, FuncRef, GlobalValue, GlobalValueData,
    UserExternalName,
};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{DataId, FuncId, Linkage, Module, ModuleDeclarations};

use crate::abi;
use crate::base;
use crate::check_traps::{self, FunctionChecks};
use crate::error::BackendError;
use crate::literals::declare_literals;
use crate::options::{CounterMode, Coverage};
use crate::panic_locations::LocationPool;
use crate::pretty_clif::Annotations;
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

/// Everything `declare_program` declared in the module that lowering refers to.
pub(crate) struct DeclaredProgram {
    pub runtime: Runtime,
    /// The module id of each program function, by index.
    pub functions: Vec<FuncId>,
    pub strings: StringPool,
    /// The location records of the built-in checks' panics.
    pub locations: LocationPool,
    /// The coverage counters of each function (none without coverage).
    pub counters: ProfileCounters,
    pub counter_mode: CounterMode,
    /// Whether atomic increments in call-free loops count on the stack (`loop_counters`).
    pub promote_loop_counters: bool,
    /// Whether to record annotations for printed CLIF.
    pub annotate: bool,
    /// For an executable: the table of the checks compiled to traps (`check_traps`), to
    /// define once every function is compiled. Without it, checks call the runtime.
    pub check_traps: Option<DataId>,
    /// Where the lowered program runs.
    embedding: Embedding,
    /// For an executable: the C `main` and the program's `main` it calls.
    entry_point: Option<(FuncId, clifcov_ir::FuncId)>,
}

impl DeclaredProgram {
    /// Whether every symbol the code refers to ends up in the same executable, within 2 GB
    /// of the code (linked with it, or reached through the PLT), so that references are
    /// PC-relative rather than loaded from the GOT: true for an executable, not for code
    /// run in process, whose runtime functions are anywhere in the clifcov process.
    pub(crate) fn near_symbols(&self) -> bool {
        self.embedding == Embedding::Executable
    }

    /// How many functions the module defines: the program's, then the C `main`, if any.
    pub(crate) fn function_count(&self) -> usize {
        self.functions.len() + usize::from(self.entry_point.is_some())
    }
}

/// What lowering a function needs besides the function itself. It only reads the module,
/// so several threads may lower functions with it at once.
#[derive(Clone, Copy)]
pub(crate) struct CodegenCx<'m> {
    pub declarations: &'m ModuleDeclarations,
    pub isa: &'m dyn TargetIsa,
    pub program: &'m Program,
    pub declared: &'m DeclaredProgram,
}

impl CodegenCx<'_> {
    /// A reference from `func` to module function `id`, as `Module::declare_func_in_func`
    /// makes it.
    pub(crate) fn import_function(&self, id: FuncId, func: &mut clif::Function) -> FuncRef {
        let declaration = self.declarations.get_function_decl(id);
        let signature = func.import_signature(declaration.signature.clone());
        let name = func.declare_imported_user_function(UserExternalName::new(0, id.as_u32()));
        func.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature,
            colocated: self.declared.near_symbols() || declaration.linkage.is_final(),
            patchable: false,
        })
    }

    /// A reference from `func` to the address of module data object `id`, as
    /// `Module::declare_data_in_func` makes it.
    pub(crate) fn import_data(&self, id: DataId, func: &mut clif::Function) -> GlobalValue {
        let declaration = self.declarations.get_data_decl(id);
        let name = func.declare_imported_user_function(UserExternalName::new(1, id.as_u32()));
        func.create_global_value(GlobalValueData::Symbol {
            name: ExternalName::user(name),
            offset: Imm64::new(0),
            colocated: self.declared.near_symbols() || declaration.linkage.is_final(),
            tls: declaration.tls,
        })
    }
}

/// Declares in `module`, for `embedding`, everything the functions of `program` refer to:
/// `declare_code`, then `declare_coverage`.
pub(crate) fn declare_program(
    module: &mut dyn Module,
    program: &Program,
    coverage: Option<&Coverage>,
    annotate: bool,
    embedding: Embedding,
) -> Result<DeclaredProgram, BackendError> {
    let code = declare_code(module, program, embedding)?;
    declare_coverage(module, program, code, coverage, annotate)
}

/// What `declare_code` declared: all that lowering refers to but the coverage counters and
/// the profile descriptor.
pub(crate) struct DeclaredCode {
    runtime: Runtime,
    functions: Vec<FuncId>,
    strings: StringPool,
    locations: LocationPool,
    entry_point: Option<(FuncId, clifcov_ir::FuncId)>,
    check_traps: Option<DataId>,
    embedding: Embedding,
}

/// Declares what does not depend on coverage: the runtime, the program's functions, for an
/// executable the C entry point, and the literals. Coverage statements declare nothing
/// here, so `program` may be the program before the coverage pass inserts its increments.
pub(crate) fn declare_code(
    module: &mut dyn Module,
    program: &Program,
    embedding: Embedding,
) -> Result<DeclaredCode, BackendError> {
    validate_program(program).map_err(BackendError::InvalidIr)?;
    let user_main = match embedding {
        Embedding::Executable => Some(find_main(program)?),
        Embedding::InProcess => None,
    };
    let runtime = Runtime::declare(module)?;
    let functions = declare_functions(module, program)?;
    let entry_point = match user_main {
        Some(user_main) => Some((declare_c_main(module)?, user_main)),
        None => None,
    };
    let check_traps = match embedding {
        Embedding::Executable => Some(check_traps::declare_table(module)?),
        Embedding::InProcess => None,
    };
    let mut strings = StringPool::default();
    let mut locations = LocationPool::default();
    declare_literals(module, program, &mut strings, &mut locations)?;
    Ok(DeclaredCode {
        runtime,
        functions,
        strings,
        locations,
        entry_point,
        check_traps,
        embedding,
    })
}

/// Declares, after `code`, the coverage counters of `program` (with `coverage`, the
/// program's coverage data) and, for an executable, the profile descriptor. `annotate`
/// records what each instruction came from, for printing.
pub(crate) fn declare_coverage(
    module: &mut dyn Module,
    program: &Program,
    code: DeclaredCode,
    coverage: Option<&Coverage>,
    annotate: bool,
) -> Result<DeclaredProgram, BackendError> {
    let storage = match code.embedding {
        Embedding::Executable => CounterStorage::Defined,
        Embedding::InProcess => CounterStorage::Imported,
    };
    let counters = ProfileCounters::define(module, program, coverage, storage)?;
    if code.embedding == Embedding::Executable {
        define_profile_sections(module, coverage.filter(|_| !counters.is_empty()))?;
    }
    Ok(DeclaredProgram {
        runtime: code.runtime,
        functions: code.functions,
        strings: code.strings,
        locations: code.locations,
        counters,
        counter_mode: coverage.map(|c| c.counters).unwrap_or_default(),
        promote_loop_counters: coverage.is_some_and(Coverage::promotes_loop_counters),
        annotate,
        check_traps: code.check_traps,
        entry_point: code.entry_point,
        embedding: code.embedding,
    })
}

/// A function lowered to Cranelift IR.
pub(crate) struct LoweredFunction {
    pub id: FuncId,
    /// What each instruction came from, when annotating.
    pub annotations: Annotations,
    /// Its checks compiled to traps.
    pub checks: FunctionChecks,
}

/// Lowers function `index` of the module (see `DeclaredProgram::function_count`) into
/// `func`.
pub(crate) fn lower_function(
    cx: &CodegenCx<'_>,
    index: usize,
    func: &mut clif::Function,
    builder_ctx: &mut FunctionBuilderContext,
) -> Result<LoweredFunction, BackendError> {
    if let Some(&id) = cx.declared.functions.get(index) {
        let ir_id = clifcov_ir::FuncId(index as u32);
        let (annotations, checks) = base::lower_function(cx, ir_id, func, builder_ctx)?;
        return Ok(LoweredFunction {
            id,
            annotations,
            checks,
        });
    }
    let (c_main, user_main) = cx
        .declared
        .entry_point
        .ok_or_else(|| BackendError::Target(format!("no function #{index} to lower")))?;
    let user_main = cx.declared.functions[user_main.index()];
    let annotations = lower_c_main(cx, c_main, user_main, func, builder_ctx);
    Ok(LoweredFunction {
        id: c_main,
        annotations,
        checks: FunctionChecks::default(),
    })
}

/// Names function `index` of the module in error messages.
pub(crate) fn describe_function(program: &Program, index: usize) -> String {
    match program.functions.get(index) {
        Some(function) => format!("function `{}`", function.name),
        None => "the C `main` entry point".to_string(),
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

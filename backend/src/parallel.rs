//! Lowering and compiling every function of a program on all cores, then defining them in
//! the module (any `Module`: object or JIT) as bytes with their relocations. Each thread
//! takes the next function not yet taken (the largest first), lowers it and compiles it to
//! machine code in a Cranelift context of its own, reused from one function to the next;
//! the module defines the functions afterwards in program order, so its output does not
//! depend on the threads. Recursive functions (`recursion`) are compiled with the module's
//! ISA, the others with the ISA the driver gives for them (another register allocator).

use std::sync::atomic::{AtomicUsize, Ordering};

use clifcov_ir::Program;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::{CodegenResult, CompiledCode, Context};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{FuncId, Module, ModuleReloc};

use crate::check_traps::{define_table, CheckSite};
use crate::codegen::{
    declare_program, describe_function, lower_function, CodegenCx, DeclaredProgram, Embedding,
};
use crate::error::BackendError;
use crate::options::Coverage;
use crate::recursion::recursive_functions;

/// Below this many functions per thread, another thread is not worth starting.
const FUNCTIONS_PER_THREAD: usize = 16;

/// One function's machine code, ready to be defined in the module.
struct CompiledFunction {
    id: FuncId,
    alignment: u64,
    code: Vec<u8>,
    relocs: Vec<ModuleReloc>,
    /// Its checks compiled to traps, by offset in `code`.
    checks: Vec<(u32, CheckSite)>,
}

/// The ISA each function is compiled with.
struct Isas<'a> {
    recursive: &'a dyn TargetIsa,
    non_recursive: &'a dyn TargetIsa,
    /// By program function index; the C entry point, after them, is not recursive.
    is_recursive: Vec<bool>,
}

impl Isas<'_> {
    fn of(&self, index: usize) -> &dyn TargetIsa {
        match self.is_recursive.get(index) {
            Some(true) => self.recursive,
            _ => self.non_recursive,
        }
    }
}

/// The outcome of each function a thread took, with its index.
type Results = Vec<(usize, Result<CompiledFunction, BackendError>)>;

/// Declares `program` in `module` for `embedding` (see `codegen::declare_program`), then
/// lowers, compiles and defines every function.
pub(crate) fn define_program(
    module: &mut dyn Module,
    non_recursive: &dyn TargetIsa,
    program: &Program,
    coverage: Option<&Coverage>,
    embedding: Embedding,
) -> Result<DeclaredProgram, BackendError> {
    let declared = declare_program(module, program, coverage, false, embedding)?;
    define_functions(module, non_recursive, program, &declared)?;
    Ok(declared)
}

/// Lowers, compiles and defines every function of `program`, declared in `module` as
/// `declared`.
pub(crate) fn define_functions(
    module: &mut dyn Module,
    non_recursive: &dyn TargetIsa,
    program: &Program,
    declared: &DeclaredProgram,
) -> Result<(), BackendError> {
    let cx = CodegenCx {
        declarations: module.declarations(),
        isa: module.isa(),
        program,
        declared,
    };
    let isas = Isas {
        recursive: module.isa(),
        non_recursive,
        is_recursive: recursive_functions(program),
    };
    let compiled = compile_in_parallel(&cx, &isas)?;
    for (index, function) in compiled.iter().enumerate() {
        define_compiled(module, function)
            .map_err(|e| BackendError::cranelift(describe_function(program, index), e))?;
    }
    if let Some(table) = declared.check_traps {
        let checks: Vec<_> = compiled.into_iter().map(|f| (f.id, f.checks)).collect();
        define_table(module, table, declared.locations.table(), &checks)?;
    }
    Ok(())
}

/// Every function of the module, compiled on as many threads as the machine has cores (the
/// threads are gone when this returns), in program order.
fn compile_in_parallel(
    cx: &CodegenCx<'_>,
    isas: &Isas<'_>,
) -> Result<Vec<CompiledFunction>, BackendError> {
    let count = cx.declared.function_count();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(count / FUNCTIONS_PER_THREAD).max(1);
    let order = largest_first(cx.program, count);
    let next = AtomicUsize::new(0);
    let mut results: Results = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|_| scope.spawn(|| compile_taken(cx, isas, &order, &next)))
            .collect();
        let mut results = compile_taken(cx, isas, &order, &next);
        for other in others {
            match other.join() {
                Ok(theirs) => results.extend(theirs),
                Err(_) => results.push((0, Err(thread_panicked()))),
            }
        }
        results
    });
    results.sort_by_key(|(index, _)| *index);
    in_order(results, count)
}

/// The functions of `results` in index order, or the error of the first that failed.
fn in_order(results: Results, count: usize) -> Result<Vec<CompiledFunction>, BackendError> {
    let mut compiled = Vec::with_capacity(count);
    for (_, result) in results {
        compiled.push(result?);
    }
    if compiled.len() != count {
        return Err(thread_panicked());
    }
    Ok(compiled)
}

fn thread_panicked() -> BackendError {
    BackendError::Target("a compiling thread panicked".to_string())
}

/// The indices of the `count` functions to compile, the largest first (the C entry point,
/// after the program's functions, counts as empty): a large function taken last would keep
/// one thread busy after the others are done.
fn largest_first(program: &Program, count: usize) -> Vec<usize> {
    let indices: Vec<usize> = (0..count).collect();
    clifcov_ir::largest_first(&indices, |&index| {
        program.functions.get(index).map_or(0, |f| f.size())
    })
}

/// Lowers and compiles the next function of `order` not yet taken until there are none, or
/// one fails.
fn compile_taken(
    cx: &CodegenCx<'_>,
    isas: &Isas<'_>,
    order: &[usize],
    next: &AtomicUsize,
) -> Results {
    let mut state = ThreadState::new();
    let mut results = Vec::new();
    loop {
        let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
            return results;
        };
        let isa = isas.of(index);
        let result = compile_function(cx, isa, index, &mut state);
        let failed = result.is_err();
        results.push((index, result));
        if failed {
            return results;
        }
    }
}

/// What a compiling thread reuses from one function to the next.
struct ThreadState {
    context: Context,
    builder: FunctionBuilderContext,
    regalloc: regalloc2::Ctx,
}

impl ThreadState {
    fn new() -> ThreadState {
        ThreadState {
            context: Context::new(),
            builder: FunctionBuilderContext::new(),
            regalloc: regalloc2::Ctx::default(),
        }
    }
}

fn compile_function(
    cx: &CodegenCx<'_>,
    isa: &dyn TargetIsa,
    index: usize,
    state: &mut ThreadState,
) -> Result<CompiledFunction, BackendError> {
    let context = &mut state.context;
    context.clear();
    let lowered = lower_function(cx, index, &mut context.func, &mut state.builder)?;
    let code = compile_clif(context, &mut state.regalloc, isa)
        .map_err(|e| BackendError::codegen(describe_function(cx.program, index), &e))?;
    let relocs = code
        .buffer
        .relocs()
        .iter()
        .map(|reloc| ModuleReloc::from_mach_reloc(reloc, &context.func, lowered.id))
        .collect();
    Ok(CompiledFunction {
        id: lowered.id,
        checks: lowered.checks.placed(code.buffer.traps()),
        alignment: u64::from(code.buffer.alignment),
        code: code.code_buffer().to_vec(),
        relocs,
    })
}

/// Compiles the function in `context` to machine code: the steps of Cranelift's
/// `Context::compile` (IR verifier where enabled, control-flow graph, dominator tree,
/// unreachable code removed, value aliases resolved, then lowering, register allocation
/// and emission) but for `remove_constant_phis`, which only drops block parameters that
/// always receive one value: skipping it saved 0.8% of the instructions of a 1000-function
/// build (13 M), its machine code grew 1%, and fib(38) and the nested loops ran as fast.
/// Kept out of line, so that `benchmarks/profile` can measure what Cranelift executes.
#[inline(never)]
fn compile_clif(
    context: &mut Context,
    regalloc: &mut regalloc2::Ctx,
    isa: &dyn TargetIsa,
) -> CodegenResult<CompiledCode> {
    context.verify_if(isa)?;
    context.compute_cfg();
    context.compute_domtree();
    context.eliminate_unreachable_code(isa)?;
    context.func.dfg.resolve_all_aliases();
    let stencil = isa.compile_function(
        &context.func,
        &context.domtree,
        regalloc,
        false,
        &mut ControlPlane::default(),
    )?;
    Ok(stencil.apply_params(&context.func.params))
}

/// Puts a compiled function into the module, as `define_function` would have. The error is
/// Cranelift's own, passed on unchanged.
#[allow(clippy::result_large_err)]
fn define_compiled(
    module: &mut dyn Module,
    function: &CompiledFunction,
) -> cranelift_module::ModuleResult<()> {
    module.define_function_bytes(
        function.id,
        function.alignment,
        &function.code,
        &function.relocs,
    )
}

#[cfg(test)]
mod tests {
    use clifcov_ir::TerminatorKind::{Assert, Return, SwitchInt};
    use clifcov_ir::{
        AssertMessage, BinOp, Callee, CoverageKind, FuncId, Local, Operand, OverflowOp, Rvalue,
        StatementKind, Ty,
    };

    use super::*;
    use crate::options::Options;
    use crate::test_support::*;
    use crate::{compile_object, BackendError};

    /// Enough functions for several threads, each printing its number; `main` calls them
    /// in order.
    const FUNCTIONS: usize = 4 * FUNCTIONS_PER_THREAD + 3;

    fn numbered_function(number: usize) -> clifcov_ir::Function {
        let mut f = FnBuilder::new(&format!("f{number}"), &[], Ty::Unit);
        f.print(vec![text(&format!("{number} "))]);
        f.terminate(Return);
        f.finish()
    }

    fn numbered_program() -> Program {
        let functions = (0..FUNCTIONS).map(numbered_function).collect();
        calls_program(functions, (0..FUNCTIONS).map(|i| (i, vec![])).collect())
    }

    #[test]
    fn functions_compiled_on_several_threads_make_the_same_object_every_time() {
        let program = numbered_program();
        let first = compile_object(&program, &Options::default()).unwrap();
        for _ in 0..3 {
            assert!(compile_object(&program, &Options::default()).unwrap() == first);
        }
        let expected: String = (0..FUNCTIONS).map(|i| format!("{i} ")).collect();
        assert_eq!(run(&program).stdout, expected);
    }

    #[test]
    fn the_first_function_that_fails_is_the_one_reported() {
        let mut program = numbered_program();
        for index in [FUNCTIONS - 2, 5, FUNCTIONS / 2] {
            let increment = StatementKind::Coverage(CoverageKind::CounterIncrement(0));
            let block = &mut program.functions[index].blocks[0];
            block
                .statements
                .push(clifcov_ir::Statement::new(increment, span(1, 1)));
        }
        let error = compile_object(&program, &Options::default()).unwrap_err();
        let BackendError::Malformed { function, .. } = error else {
            panic!("{error:?}");
        };
        assert_eq!(function, "f5");
    }

    /// `fn depth(n: u64) -> u64 { if n == 0 { 0 } else { 1 + depth(n - 1) } }` with rustc's
    /// overflow checks, and a `main` printing `depth(100000)`.
    fn deep_recursion_program() -> Program {
        let mut depth = FnBuilder::new("depth", &[Ty::U64], Ty::U64);
        let n = depth.arg(0);
        let is_zero = depth.local(Ty::Bool);
        let (recurse, base) = (depth.new_block(), depth.new_block());
        depth.assign(
            is_zero,
            Rvalue::BinaryOp(BinOp::Eq, copy(n), int(Ty::U64, 0)),
        );
        depth.terminate(SwitchInt {
            discr: copy(is_zero),
            targets: vec![(0, recurse)],
            otherwise: base,
        });
        depth.switch_to(recurse);
        let below = checked(&mut depth, OverflowOp::Sub, copy(n), int(Ty::U64, 1));
        let result = depth.local(Ty::U64);
        depth.call(Callee::Function(FuncId(0)), vec![copy(below)], result);
        let sum = checked(&mut depth, OverflowOp::Add, int(Ty::U64, 1), copy(result));
        depth.assign(Local::RETURN, Rvalue::Use(copy(sum)));
        depth.terminate(Return);
        depth.switch_to(base);
        depth.assign(Local::RETURN, Rvalue::Use(int(Ty::U64, 0)));
        depth.terminate(Return);
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let deepest = main.local(Ty::U64);
        let args = vec![int(Ty::U64, 100_000)];
        main.call(Callee::Function(FuncId(0)), args, deepest);
        main.print(vec![value(copy(deepest))]);
        main.terminate(Return);
        program(vec![depth.finish(), main.finish()])
    }

    /// `lhs op rhs` in a new `u64` local, asserted not to overflow.
    fn checked(f: &mut FnBuilder, op: OverflowOp, lhs: Operand, rhs: Operand) -> Local {
        let (dest, overflow) = (f.local(Ty::U64), f.local(Ty::Bool));
        f.push(StatementKind::AssignWithOverflow {
            dest,
            overflow,
            op,
            lhs,
            rhs,
        });
        let next = f.new_block();
        f.terminate(Assert {
            cond: copy(overflow),
            expected: false,
            msg: match op {
                OverflowOp::Sub => AssertMessage::SubOverflow,
                _ => AssertMessage::AddOverflow,
            },
            target: next,
        });
        f.switch_to(next);
        dest
    }

    /// Recursive functions keep the backtracking allocator's small frames: 100000 calls deep
    /// fit the 8 MiB stack (with the single-pass allocator's frames they would not).
    #[test]
    fn recursion_as_deep_as_before() {
        let output = run(&deep_recursion_program());
        assert_eq!((output.stdout.as_str(), output.code), ("100000", Some(0)));
    }
}

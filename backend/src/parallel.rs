//! Compiling lowered functions to machine code on all cores, then defining them in the
//! module (any `Module`: object or JIT) as bytes with their relocations. Lowering stays on
//! the driver's thread, in program order; functions are compiled in batches, so that only
//! one batch of Cranelift contexts is alive at a time.

use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::isa::TargetIsa;
use cranelift_module::{Module, ModuleReloc};

use crate::codegen::LoweredFunction;
use crate::error::BackendError;

/// Below this many functions per thread, another thread is not worth starting.
const FUNCTIONS_PER_THREAD: usize = 16;

/// Functions lowered before a batch is compiled and defined.
const BATCH_SIZE: usize = 256;

/// Collects lowered functions and compiles and defines them a batch at a time.
#[derive(Default)]
pub(crate) struct ParallelDefiner {
    pending: Vec<LoweredFunction>,
}

impl ParallelDefiner {
    /// Takes `function`; compiles and defines the pending batch once it is full.
    pub(crate) fn push(
        &mut self,
        module: &mut dyn Module,
        function: LoweredFunction,
    ) -> Result<(), BackendError> {
        self.pending.push(function);
        if self.pending.len() >= BATCH_SIZE {
            self.flush(module)?;
        }
        Ok(())
    }

    /// Compiles and defines every function still pending.
    pub(crate) fn finish(mut self, module: &mut dyn Module) -> Result<(), BackendError> {
        self.flush(module)
    }

    fn flush(&mut self, module: &mut dyn Module) -> Result<(), BackendError> {
        compile_in_parallel(module.isa(), &mut self.pending)?;
        for function in self.pending.drain(..) {
            define_compiled(module, &function)?;
        }
        Ok(())
    }
}

/// Compiles every function's context to machine code, on as many threads as the machine
/// has cores (the threads are gone when this returns).
fn compile_in_parallel(
    isa: &dyn TargetIsa,
    functions: &mut [LoweredFunction],
) -> Result<(), BackendError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(functions.len() / FUNCTIONS_PER_THREAD).max(1);
    let chunk = functions.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let mut chunks = functions.chunks_mut(chunk);
        let here = chunks.next();
        let others: Vec<_> = chunks
            .map(|chunk| scope.spawn(move || compile_all(isa, chunk)))
            .collect();
        let mut result = here.map_or(Ok(()), |chunk| compile_all(isa, chunk));
        for other in others {
            let joined = other.join().unwrap_or_else(|_| {
                Err(BackendError::Target(
                    "a compiling thread panicked".to_string(),
                ))
            });
            result = result.and(joined);
        }
        result
    })
}

fn compile_all(isa: &dyn TargetIsa, functions: &mut [LoweredFunction]) -> Result<(), BackendError> {
    for function in functions {
        function
            .context
            .compile(isa, &mut ControlPlane::default())
            .map_err(|e| BackendError::codegen(function.description.clone(), &e.inner))?;
    }
    Ok(())
}

/// Puts a compiled function into the module, as `define_function` would have.
fn define_compiled(
    module: &mut dyn Module,
    function: &LoweredFunction,
) -> Result<(), BackendError> {
    let error = |e| BackendError::cranelift(function.description.clone(), e);
    let code = function.context.compiled_code().ok_or_else(|| {
        BackendError::Target(format!("{} was not compiled", function.description))
    })?;
    let relocs: Vec<ModuleReloc> = code
        .buffer
        .relocs()
        .iter()
        .map(|reloc| ModuleReloc::from_mach_reloc(reloc, &function.context.func, function.id))
        .collect();
    let alignment = u64::from(code.buffer.alignment);
    module
        .define_function_bytes(function.id, alignment, code.code_buffer(), &relocs)
        .map_err(error)
}

//! The in-process driver: lowers a program with the shared lowering into a `cranelift_jit`
//! module of the calling process, compiling its functions on all cores (`parallel`). Runtime calls go
//! to runtime functions the host supplies by address, and the block of coverage counters is
//! imported from memory the host owns (laid out as an executable's `__llvm_prf_cnts`), so
//! the host can run the program's functions itself and read their counts, and write them
//! as a profile with the data records `profile_data_records` builds.

use std::collections::HashSet;

use clifcov_ir::{FuncId, Program, Ty};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{default_libcall_names, FuncOrDataId, Linkage, Module};

use crate::codegen::Embedding;
use crate::error::BackendError;
use crate::options::{Coverage, Options};
use crate::parallel::define_program;
use crate::profile_counters::{counter_offsets, COUNTERS_SYMBOL};
use crate::profile_object::{data_record, COUNTER_PTR_OFFSET, RECORD_SIZE};
use crate::target::{in_process_isa, Allocator};

/// A runtime function of the host process: its C ABI name and address.
#[derive(Clone, Copy, Debug)]
pub struct RuntimeFunction {
    pub name: &'static str,
    pub address: *const u8,
}

/// A program compiled into executable memory of this process. Its code stays mapped for
/// the life of the process (and of processes forked from it).
pub struct JitProgram {
    module: JITModule,
}

/// Compiles `program` into this process. Its runtime calls go to `runtime`, which must
/// name every runtime function of the C ABI; with `options.coverage`, its counters are
/// the `counters_size(coverage)` bytes at `counters`.
///
/// # Safety
/// The code built here may be run only while every address in `runtime` is a function of
/// that name's C ABI signature and, with coverage, `counters` points to `counters_size`
/// writable, 8-aligned bytes.
pub unsafe fn compile_in_process(
    program: &Program,
    options: &Options,
    runtime: &[RuntimeFunction],
    counters: *mut u8,
) -> Result<JitProgram, BackendError> {
    let isa = in_process_isa(options, Allocator::Backtracking)?;
    let non_recursive = in_process_isa(options, options.opt_level.non_recursive_allocator())?;
    let mut builder = JITBuilder::with_isa(isa, default_libcall_names());
    for function in runtime {
        builder.symbol(function.name, function.address);
    }
    if options.coverage.is_some() {
        builder.symbol(COUNTERS_SYMBOL, counters.cast_const());
    }
    let mut module = JITModule::new(builder);
    let coverage = options.coverage.as_ref();
    let embedding = Embedding::InProcess;
    define_program(&mut module, &*non_recursive, program, coverage, embedding)?;
    check_runtime_supplied(&module, runtime)?;
    module
        .finalize_definitions()
        .map_err(|e| BackendError::cranelift("the in-process program", e))?;
    Ok(JitProgram { module })
}

/// cranelift-jit panics on a symbol it cannot resolve: every imported function must be
/// one the host supplied (imported data are the counters, always supplied).
fn check_runtime_supplied(
    module: &JITModule,
    runtime: &[RuntimeFunction],
) -> Result<(), BackendError> {
    let supplied: HashSet<&str> = runtime.iter().map(|f| f.name).collect();
    for (id, declaration) in module.declarations().get_functions() {
        let name = declaration.linkage_name(id);
        if declaration.linkage == Linkage::Import && !supplied.contains(&*name) {
            return Err(BackendError::Target(format!(
                "the runtime function `{name}` was not supplied"
            )));
        }
    }
    Ok(())
}

impl JitProgram {
    /// The code of program function `id`, which must take no arguments and return `()`
    /// (as `#[test]` functions do).
    pub fn entry_point(
        &self,
        program: &Program,
        id: FuncId,
    ) -> Result<unsafe extern "C" fn(), BackendError> {
        let function = program
            .functions
            .get(id.index())
            .ok_or_else(|| BackendError::Target(format!("no function #{}", id.0)))?;
        if function.arg_count != 0 || function.return_ty() != Ty::Unit {
            return Err(BackendError::Target(format!(
                "`{}` cannot be called as `fn()`",
                function.name
            )));
        }
        let symbol = program.symbol(id);
        let Some(FuncOrDataId::Func(func)) = self.module.get_name(&symbol) else {
            return Err(BackendError::Target(format!("`{symbol}` was not compiled")));
        };
        let address = self.module.get_finalized_function(func);
        // SAFETY: `func` was defined with the signature of a function taking and
        // returning nothing (checked above), in the platform's C calling convention.
        Ok(unsafe { std::mem::transmute::<*const u8, unsafe extern "C" fn()>(address) })
    }
}

/// The `__llvm_prf_data` records of `coverage`'s used functions, laid out as an executable's
/// section holds them, each pointing at its counters in the block at `counters` (laid out
/// as for `compile_in_process`). Together with that block and the map's names they are
/// what the runtime writes as a profile; the records must stay where this vector put them.
pub fn profile_data_records(coverage: &Coverage, counters: *const u8) -> Vec<u8> {
    let count = coverage.map.used_functions().count();
    let mut records = vec![0u8; count * RECORD_SIZE];
    let first = records.as_ptr() as i64;
    for (index, (function, offset)) in counter_offsets(coverage).enumerate() {
        let record = &mut records[index * RECORD_SIZE..][..RECORD_SIZE];
        record.copy_from_slice(&data_record(function));
        // As in an executable: the function's counters minus the record's own address.
        let own_address = first + (index * RECORD_SIZE) as i64;
        let counter_ptr = (counters.wrapping_add(offset) as i64).wrapping_sub(own_address);
        record[COUNTER_PTR_OFFSET..][..8].copy_from_slice(&counter_ptr.to_le_bytes());
    }
    records
}

#[cfg(test)]
mod tests {
    //! The count program compiled in process, with stand-ins for the runtime that record
    //! what they are asked to print: its output and its counters must be those of the same
    //! program linked as an executable, whose profile `llvm-profdata` reads.

    use std::sync::Mutex;

    use super::*;
    use crate::profile_counters::counters_size;
    use crate::test_coverage::*;
    use crate::{CounterMode, OptLevel};

    /// What the stand-in runtime printed.
    static PRINTED: Mutex<String> = Mutex::new(String::new());

    fn printed(text: &str) {
        PRINTED.lock().unwrap().push_str(text);
    }

    extern "C" fn start(_: i32, _: *const *const u8) {}
    extern "C" fn catch_check_traps(_: *const u8) {}
    unsafe extern "C" fn print_str(_: u32, ptr: *const u8, len: usize) {
        printed(std::str::from_utf8(std::slice::from_raw_parts(ptr, len)).unwrap());
    }
    extern "C" fn print_i64(_: u32, value: i64) {
        printed(&value.to_string());
    }
    extern "C" fn print_u64(_: u32, value: u64) {
        printed(&value.to_string());
    }
    extern "C" fn print_bool(_: u32, value: u8) {
        printed(if value != 0 { "true" } else { "false" });
    }
    extern "C" fn panic_begin(_: *const u8, _: usize, _: u32, _: u32) {}
    extern "C" fn never_returns() -> ! {
        std::process::abort()
    }
    extern "C" fn exit(_: i32) -> ! {
        std::process::abort()
    }
    extern "C" fn args_len() -> usize {
        1
    }

    fn stand_in_runtime() -> Vec<RuntimeFunction> {
        let function = |name, address: *const u8| RuntimeFunction { name, address };
        vec![
            function("clifcov_rt_start", start as *const u8),
            function("clifcov_rt_print_str", print_str as *const u8),
            function("clifcov_rt_print_i64", print_i64 as *const u8),
            function("clifcov_rt_print_u64", print_u64 as *const u8),
            function("clifcov_rt_print_bool", print_bool as *const u8),
            function("clifcov_rt_panic_begin", panic_begin as *const u8),
            function("clifcov_rt_panic_end", never_returns as *const u8),
            function("clifcov_rt_panic_assert", never_returns as *const u8),
            function(
                "clifcov_rt_catch_check_traps",
                catch_check_traps as *const u8,
            ),
            function("clifcov_rt_exit", exit as *const u8),
            function("clifcov_rt_args_len", args_len as *const u8),
        ]
    }

    /// The counters of `function` in the text profile of `llvm-profdata merge --text`.
    fn profile_counters(profile: &str, function: &str) -> Vec<u64> {
        let lines: Vec<&str> = profile.lines().collect();
        let at = lines.iter().position(|l| *l == function).unwrap();
        let count: usize = lines[at + 4].parse().unwrap();
        lines[at + 6..at + 6 + count]
            .iter()
            .map(|l| l.parse().unwrap())
            .collect()
    }

    #[test]
    fn counts_and_prints_as_the_linked_program_does() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Atomic);
        let executable = build.build(OptLevel::None);
        let profraw = build.path("demo.profraw");
        let linked = run_profiled(&executable, &profraw);
        let profile = profile_text(&profraw);

        let options = build.options(OptLevel::None);
        let mut counters = vec![0u64; counters_size(&build.coverage) / 8];
        let runtime = stand_in_runtime();
        // SAFETY: the stand-ins have the C ABI's signatures; `counters` outlives the run.
        let jit = unsafe {
            compile_in_process(
                &build.program,
                &options,
                &runtime,
                counters.as_mut_ptr().cast(),
            )
        }
        .unwrap();
        let main = build.program.find("main").unwrap();
        let entry = jit.entry_point(&build.program, main).unwrap();
        // SAFETY: `main` only calls the stand-ins and counts into `counters`.
        unsafe { entry() };
        assert_eq!(*PRINTED.lock().unwrap(), linked.stdout);

        let counters_address = counters.as_ptr().cast::<u8>();
        let records = profile_data_records(&build.coverage, counters_address);
        assert_eq!(records.len(), 2 * RECORD_SIZE);
        for (index, (function, offset)) in counter_offsets(&build.coverage).enumerate() {
            let record = &records[index * RECORD_SIZE..][..RECORD_SIZE];
            let counter_ptr = i64::from_le_bytes(record[16..24].try_into().unwrap());
            let own_address = records.as_ptr() as i64 + (index * RECORD_SIZE) as i64;
            assert_eq!(
                counter_ptr + own_address,
                counters_address as i64 + offset as i64
            );
            assert_eq!(record[..16], data_record(function)[..16]);
            let first = offset / 8;
            let own = &counters[first..first + function.num_counters as usize];
            assert_eq!(own, profile_counters(&profile, &function.pgo_name));
        }
    }

    #[test]
    fn refuses_what_it_cannot_run() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Atomic);
        let options = build.options(OptLevel::None);
        let mut counters = vec![0u64; counters_size(&build.coverage) / 8];
        let mut runtime = stand_in_runtime();
        // SAFETY: nothing compiled here runs.
        let jit = unsafe {
            compile_in_process(
                &build.program,
                &options,
                &runtime,
                counters.as_mut_ptr().cast(),
            )
        }
        .unwrap();
        let count = build.program.find("count").unwrap();
        let error = jit.entry_point(&build.program, count).err().unwrap();
        assert!(
            error
                .to_string()
                .contains("`count` cannot be called as `fn()`"),
            "{error}"
        );
        runtime.retain(|f| f.name != "clifcov_rt_print_u64");
        // SAFETY: nothing compiled here runs.
        let missing = unsafe {
            compile_in_process(
                &build.program,
                &options,
                &runtime,
                counters.as_mut_ptr().cast(),
            )
        };
        let message = missing.err().unwrap().to_string();
        assert!(
            message.contains("`clifcov_rt_print_u64` was not supplied"),
            "{message}"
        );
    }
}

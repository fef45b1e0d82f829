//! The compile pipeline shared by every command: source file -> IR -> (instrumented IR and
//! coverage map) -> object file.

use std::path::Path;
use std::time::Duration;

use clifcov_backend::{
    declare_object, BackendError, CounterMode, CounterPromotion, Coverage, ObjectDeclarations,
    OptLevel, Options, RawProfileVersion,
};
use clifcov_coverage::{
    instrument, plan_instrumentation, Compression, CounterPlacement, CounterScheme, CoverageMap,
    Entry, InstrumentOptions, Instrumentation,
};
use clifcov_frontend::CrateKind;
use clifcov_ir::Program;

use crate::args::{
    CompileOptions, CounterPlacementArg, CounterPromotionArg, CountersArg, OptLevelArg,
};
use crate::failure::Failure;
use crate::time_passes::{measured, print_time, timed};

/// A program ready for the backend: its IR and the options to lower it with.
pub struct Compiled {
    pub program: Program,
    pub options: Options,
}

/// Reads the source, lowers it to the IR and, unless `--no-coverage`, instruments it.
pub fn compile(options: &CompileOptions) -> Result<Compiled, Failure> {
    compile_for(options, Entry::Main)
}

/// `compile` for a build whose entry points are `entry` (`main`, or the `#[test]`
/// functions).
pub fn compile_for(options: &CompileOptions, entry: Entry) -> Result<Compiled, Failure> {
    let kind = match entry {
        Entry::Main => CrateKind::Binary,
        Entry::Tests => CrateKind::Tests,
    };
    let (mut program, source) = lower(options, kind)?;
    let coverage = if options.no_coverage {
        None
    } else {
        check_coverage_skip(&program, options)?;
        let instrument_options = instrument_options(&source, options, entry);
        let map = timed(options.time_passes, "coverage pass", || {
            instrument(&mut program, &instrument_options)
        });
        Some(coverage_data(map, options)?)
    };
    Ok(Compiled {
        program,
        options: Options {
            opt_level: opt_level(options),
            coverage,
        },
    })
}

/// Reads and parses the source file and lowers it to the IR of a crate of the given kind;
/// returns the IR and the source.
pub fn lower(options: &CompileOptions, kind: CrateKind) -> Result<(Program, String), Failure> {
    let path = options.file.to_string_lossy().into_owned();
    let source = std::fs::read_to_string(&options.file)
        .map_err(|e| Failure::error(format!("couldn't read `{path}`: {e}")))?;
    let time_passes = options.time_passes;
    let print_stage =
        |stage: &str, time: Duration| print_time(time_passes, &front_end_part(stage), time);
    let program = timed(
        time_passes,
        "front end: parse, type-check, lower to IR",
        || clifcov_frontend::compile_crate_timed(&path, &source, kind, &print_stage),
    )
    .map_err(|d| Failure::Diagnostics(d.render()))?;
    Ok((program, source))
}

/// How `--time-passes` names a stage of the front end: its parts are printed before the
/// whole, as they end.
fn front_end_part(stage: &str) -> String {
    format!("{stage} (part of the front end)")
}

fn opt_level(options: &CompileOptions) -> OptLevel {
    match options.opt_level {
        OptLevelArg::None => OptLevel::None,
        OptLevelArg::Speed => OptLevel::Speed,
    }
}

/// An error naming the first `--coverage-skip` function the program does not have.
pub fn check_coverage_skip(program: &Program, options: &CompileOptions) -> Result<(), Failure> {
    for name in &options.coverage_skip {
        if program.find(name).is_none() {
            return Err(Failure::error(format!(
                "`--coverage-skip {name}`: the program has no function `{name}`"
            )));
        }
    }
    Ok(())
}

fn instrument_options<'a>(
    source: &'a str,
    options: &'a CompileOptions,
    entry: Entry,
) -> InstrumentOptions<'a> {
    InstrumentOptions {
        source,
        entry,
        skip: &options.coverage_skip,
        counters: counter_scheme(options),
    }
}

/// What the backend needs of the coverage pass's `map`: the map, its encoded sections and
/// the kind of counters.
fn coverage_data(map: CoverageMap, options: &CompileOptions) -> Result<Coverage, Failure> {
    let dir = std::env::current_dir()
        .map_err(|e| Failure::error(format!("couldn't read the current directory: {e}")))?;
    let sections = timed(options.time_passes, "coverage map encoding", || {
        map.sections(&dir.to_string_lossy(), Compression::None)
    })
    .map_err(|e| Failure::error(format!("couldn't encode the coverage map: {e}")))?;
    let counters = match options.counters {
        CountersArg::Plain => CounterMode::Plain,
        CountersArg::Atomic => CounterMode::Atomic,
        CountersArg::Byte => CounterMode::Byte,
    };
    let promotion = match options.counter_promotion {
        CounterPromotionArg::Loops => CounterPromotion::Loops,
        CounterPromotionArg::Never => CounterPromotion::Never,
    };
    Ok(Coverage {
        map,
        sections,
        counters,
        promotion,
        profile_version: RawProfileVersion::default(),
    })
}

/// How the coverage pass counts regions for the counters and placement of `options`:
/// single-byte counters cannot be added or subtracted, so each block with regions gets its
/// own.
pub fn counter_scheme(options: &CompileOptions) -> CounterScheme {
    let placement = match options.counter_placement {
        CounterPlacementArg::Rustc => CounterPlacement::Rustc,
        CounterPlacementArg::Cold => CounterPlacement::Cold,
    };
    match options.counters {
        CountersArg::Byte => CounterScheme::PhysicalOnly,
        CountersArg::Plain | CountersArg::Atomic => CounterScheme::Expressions(placement),
    }
}

/// Compiles the source file to the bytes of a relocatable object.
pub fn object(options: &CompileOptions) -> Result<Vec<u8>, Failure> {
    object_for(options, RawProfileVersion::default())
}

/// `object` for a program that writes `profile_version`'s raw profile layout by default.
/// The coverage pass runs on other threads while the backend declares the program's
/// functions and literals, which do not depend on it.
pub fn object_for(
    options: &CompileOptions,
    profile_version: RawProfileVersion,
) -> Result<Vec<u8>, Failure> {
    let (mut program, source) = lower(options, CrateKind::Binary)?;
    let mut backend_options = Options {
        opt_level: opt_level(options),
        coverage: None,
    };
    let declarations = if options.no_coverage {
        timed(
            options.time_passes,
            "declarations (runtime, functions, literals)",
            || declare_object(&program, &backend_options),
        )
        .map_err(code_generation_failed)?
    } else {
        check_coverage_skip(&program, options)?;
        let instrument_options = instrument_options(&source, options, Entry::Main);
        let (declarations, plan) =
            declare_beside_coverage_pass(&program, &backend_options, &instrument_options, options);
        let declarations = declarations.map_err(code_generation_failed)?;
        let mut coverage = coverage_data(plan.apply(&mut program), options)?;
        coverage.profile_version = profile_version;
        backend_options.coverage = Some(coverage);
        declarations
    };
    let object = timed(
        options.time_passes,
        "code generation (Cranelift, object file)",
        || declarations.compile(&program, &backend_options),
    )
    .map_err(code_generation_failed);
    drop_in_background((program, backend_options));
    object
}

/// Frees `value` on a thread of its own, which the process does not wait for when it
/// exits: the IR of a program of 5000 functions takes about 25 ms to free, time that linking,
/// in another process, can hide.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _detached = std::thread::Builder::new().spawn(move || drop(value));
}

/// Declares `program` for an object on this thread while the coverage pass plans its
/// instrumentation on others; with `--time-passes`, prints the wall time of both together,
/// then the pass's own.
fn declare_beside_coverage_pass(
    program: &Program,
    backend_options: &Options,
    instrument_options: &InstrumentOptions,
    options: &CompileOptions,
) -> (Result<ObjectDeclarations, BackendError>, Instrumentation) {
    let (((declarations, plan), pass_time), both_time) = measured(|| {
        std::thread::scope(|scope| {
            let pass =
                scope.spawn(|| measured(|| plan_instrumentation(program, instrument_options)));
            let declarations = declare_object(program, backend_options);
            let planned = pass
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            ((declarations, planned.0), planned.1)
        })
    });
    let time_passes = options.time_passes;
    print_time(
        time_passes,
        "declarations (runtime, functions, literals) and coverage pass",
        both_time,
    );
    print_time(
        time_passes,
        "coverage pass alone (beside the declarations)",
        pass_time,
    );
    (declarations, plan)
}

fn code_generation_failed(error: BackendError) -> Failure {
    Failure::error(format!("code generation failed: {error}"))
}

/// The file stem of the source, the default name of what is built from it.
pub fn file_stem(file: &Path) -> Result<String, Failure> {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::error(format!("`{}` does not name a file", file.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{compile_options, corpus_files};

    /// Declaring beside the coverage pass gives the object that instrumenting first and
    /// compiling after gives, for every corpus program and kind of counters.
    #[test]
    fn objects_do_not_depend_on_the_pass_running_beside_the_declarations() {
        for file in &corpus_files() {
            for counters in [CountersArg::Plain, CountersArg::Atomic, CountersArg::Byte] {
                let options = compile_options(file, counters);
                let beside = object(&options).unwrap_or_else(|_| panic!("{}", file.display()));
                let compiled = compile(&options).unwrap_or_else(|_| panic!("{}", file.display()));
                let sequential =
                    clifcov_backend::compile_object(&compiled.program, &compiled.options);
                assert!(
                    beside == sequential.unwrap(),
                    "{} {counters:?}",
                    file.display()
                );
            }
        }
    }
}

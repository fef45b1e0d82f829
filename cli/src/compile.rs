//! The compile pipeline shared by every command: source file -> IR -> (instrumented IR and
//! coverage map) -> object file.

use std::path::Path;

use clifcov_backend::{CounterMode, Coverage, OptLevel, Options, RawProfileVersion};
use clifcov_coverage::{instrument, Compression, CounterScheme, Entry, InstrumentOptions};
use clifcov_frontend::CrateKind;
use clifcov_ir::Program;

use crate::args::{CompileOptions, CountersArg, OptLevelArg};
use crate::failure::Failure;
use crate::time_passes::timed;

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
        Some(instrument_program(&mut program, &source, options, entry)?)
    };
    let opt_level = match options.opt_level {
        OptLevelArg::None => OptLevel::None,
        OptLevelArg::Speed => OptLevel::Speed,
    };
    Ok(Compiled {
        program,
        options: Options {
            opt_level,
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
    let program = timed(
        options.time_passes,
        "front end: parse, type-check, lower to IR",
        || clifcov_frontend::compile_crate(&path, &source, kind),
    )
    .map_err(|d| Failure::Diagnostics(d.render()))?;
    Ok((program, source))
}

fn instrument_program(
    program: &mut Program,
    source: &str,
    options: &CompileOptions,
    entry: Entry,
) -> Result<Coverage, Failure> {
    for name in &options.coverage_skip {
        if program.find(name).is_none() {
            return Err(Failure::error(format!(
                "`--coverage-skip {name}`: the program has no function `{name}`"
            )));
        }
    }
    let instrument_options = InstrumentOptions {
        source,
        entry,
        skip: &options.coverage_skip,
        counters: counter_scheme(options.counters),
    };
    let map = timed(options.time_passes, "coverage pass", || {
        instrument(program, &instrument_options)
    });
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
    Ok(Coverage {
        map,
        sections,
        counters,
        profile_version: RawProfileVersion::default(),
    })
}

/// How the coverage pass counts regions for counters of kind `counters`: single-byte
/// counters cannot be added or subtracted, so each block with regions gets its own.
pub fn counter_scheme(counters: CountersArg) -> CounterScheme {
    match counters {
        CountersArg::Byte => CounterScheme::PhysicalOnly,
        CountersArg::Plain | CountersArg::Atomic => CounterScheme::Expressions,
    }
}

/// Compiles the source file to the bytes of a relocatable object.
pub fn object(options: &CompileOptions) -> Result<Vec<u8>, Failure> {
    object_for(options, RawProfileVersion::default())
}

/// `object` for a program that writes `profile_version`'s raw profile layout by default.
pub fn object_for(
    options: &CompileOptions,
    profile_version: RawProfileVersion,
) -> Result<Vec<u8>, Failure> {
    let mut compiled = compile(options)?;
    if let Some(coverage) = &mut compiled.options.coverage {
        coverage.profile_version = profile_version;
    }
    timed(
        options.time_passes,
        "code generation (Cranelift, object file)",
        || clifcov_backend::compile_object(&compiled.program, &compiled.options),
    )
    .map_err(|e| Failure::error(format!("code generation failed: {e}")))
}

/// The file stem of the source, the default name of what is built from it.
pub fn file_stem(file: &Path) -> Result<String, Failure> {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::error(format!("`{}` does not name a file", file.display())))
}

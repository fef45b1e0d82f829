//! `clifcov test FILE.rs [FILTER]...`: compiles the file in memory with the in-process
//! backend (no object file, no linker), runs its `#[test]` functions in forked workers
//! (`runner`), reports like libtest, and writes the coverage of the run (a `.profraw`, the
//! mapping as a small object file for `llvm-cov`, a summary table).

mod console;
mod counters;
mod coverage_output;
mod outcome;
mod runner;
mod runtime;
mod selection;
mod worker;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use clifcov_backend::{compile_in_process, counters_size, JitProgram};
use clifcov_coverage::Entry;

use crate::args::{
    CompileOptions, CounterPlacementArg, CounterPromotionArg, CountersArg, OptLevelArg,
};
use crate::compile::{self, Compiled};
use crate::failure::Failure;
use crate::llvm_version::LlvmVersionArgs;
use console::Console;
use counters::CounterSlots;
use coverage_output::{summary_table, CoverageRun};
use runner::{Event, Job, RunOptions};
use selection::{Filters, Selection, TestCase};

#[derive(Args, Debug)]
pub struct TestArgs {
    /// The source file with `#[test]` functions
    pub file: PathBuf,

    /// Run only the tests whose names contain FILTER (any of them, if several)
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,

    /// Match FILTER against whole test names
    #[arg(long)]
    pub exact: bool,

    /// List the tests instead of running them
    #[arg(long)]
    pub list: bool,

    /// Let tests print straight to the terminal instead of capturing their output
    #[arg(long)]
    pub nocapture: bool,

    /// Run only the `#[ignore]` tests
    #[arg(long, conflicts_with = "include_ignored")]
    pub ignored: bool,

    /// Run the `#[ignore]` tests too
    #[arg(long)]
    pub include_ignored: bool,

    /// Run at most N tests at once [default: $RUST_TEST_THREADS, else the number of CPUs]
    #[arg(long, value_name = "N")]
    pub test_threads: Option<NonZeroUsize>,

    /// Kill a test that runs longer than SECS seconds and report it as failed
    #[arg(long, value_name = "SECS", default_value_t = 60.0, value_parser = parse_timeout)]
    pub timeout: f64,

    /// Where to write the coverage mapping object for `llvm-cov` [default: STEM.covmap.o]
    #[arg(long, value_name = "PATH")]
    pub coverage_object: Option<PathBuf>,

    /// Also write each test's own profile, as DIR/NAME.profraw
    #[arg(long, value_name = "DIR")]
    pub per_test: Option<PathBuf>,

    /// Run without coverage instrumentation
    #[arg(long)]
    pub no_coverage: bool,

    /// Cranelift optimisation level
    #[arg(long, value_enum, default_value_t = OptLevelArg::None)]
    pub opt_level: OptLevelArg,

    /// How coverage counters are updated: `atomic` (an atomic add, as rustc's code does),
    /// `plain` (load, add, store: cheaper, and as exact here, where each test runs alone in
    /// its worker process) or `byte` (one byte per block, set when it runs: the profile and
    /// the summary say whether code ran, not how often)
    #[arg(long, value_enum, default_value_t = CountersArg::Atomic)]
    pub counters: CountersArg,

    /// Which blocks get the physical counters (`clifcov build --help` explains): with
    /// `cold`, fewer of the tests' increments run, and the report is the same. No effect
    /// with `--counters byte`
    #[arg(long, value_enum, default_value_t = CounterPlacementArg::Rustc)]
    pub counter_placement: CounterPlacementArg,

    /// Leave function NAME uninstrumented and out of the coverage map (repeatable)
    #[arg(long = "coverage-skip", value_name = "NAME")]
    pub coverage_skip: Vec<String>,

    #[command(flatten)]
    pub llvm: LlvmVersionArgs,
}

fn parse_timeout(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(seconds),
        _ => Err("expected a positive number of seconds".to_string()),
    }
}

pub fn test(args: &TestArgs) -> Result<i32, Failure> {
    // Which profile the user's llvm-profdata reads takes two runs of it to find out: ask
    // while the tests compile.
    let llvm = args.llvm.clone();
    let wants_profile = !args.no_coverage && !args.list;
    let profile_version =
        wants_profile.then(|| std::thread::spawn(move || llvm.profile_version(true)));
    let mut compiled = compile_tests(args)?;
    let filters = Filters {
        patterns: args.filters.clone(),
        exact: args.exact,
        ignored_only: args.ignored,
        include_ignored: args.include_ignored,
    };
    let source = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::error(format!("couldn't read `{}`: {e}", args.file.display())))?;
    let selection = filters.select(selection::test_cases(&compiled.program, &source));
    if args.list {
        console::list(&selection.tests);
        return Ok(0);
    }
    let threads = test_threads(args)?;
    let counters = compiled
        .options
        .coverage
        .as_ref()
        .map(|coverage| (counters_size(coverage), coverage.counters));
    let mut slots = match counters {
        Some((size, mode)) if size > 0 => Some(CounterSlots::new(size, mode, threads)?),
        _ => None,
    };
    let jit = compile_jit(&compiled, slots.as_ref())?;
    // Joined before any worker is forked: workers are copies of a one-thread process.
    if let (Some(asking), Some(coverage)) = (profile_version, &mut compiled.options.coverage) {
        coverage.profile_version = asking
            .join()
            .map_err(|_| Failure::error("finding the llvm-profdata version failed"))??;
    }
    let jobs = jobs(&compiled, &jit, &selection.tests, &filters)?;
    let mut coverage = compiled
        .options
        .coverage
        .as_ref()
        .map(|c| CoverageRun::new(c, args.per_test.clone()));
    let options = RunOptions {
        threads,
        timeout: Duration::from_secs_f64(args.timeout),
        capture: !args.nocapture,
    };
    let success = run_tests(
        &jobs,
        &selection,
        &options,
        slots.as_mut(),
        coverage.as_mut(),
    )?;
    if let Some(coverage) = &coverage {
        report_coverage(args, &compiled, coverage)?;
    }
    Ok(if success { 0 } else { 101 })
}

/// The file compiled with the `#[test]` functions as entry points.
fn compile_tests(args: &TestArgs) -> Result<Compiled, Failure> {
    let options = CompileOptions {
        file: args.file.clone(),
        opt_level: args.opt_level,
        no_coverage: args.no_coverage,
        counters: args.counters,
        counter_placement: args.counter_placement,
        // A test killed for its time keeps the counts of the loop it was stuck in.
        counter_promotion: CounterPromotionArg::Never,
        coverage_skip: args.coverage_skip.clone(),
        time_passes: false,
    };
    compile::compile_for(&options, Entry::Tests)
}

/// The program in this process, its counters in the home block of `slots`.
fn compile_jit(compiled: &Compiled, slots: Option<&CounterSlots>) -> Result<JitProgram, Failure> {
    let home = slots.map_or(std::ptr::null_mut(), CounterSlots::home);
    let runtime = runtime::runtime_functions();
    // SAFETY: the runtime functions are this process's own, of the C ABI's signatures,
    // and the counters are the home block of `slots`, which outlives every run.
    unsafe { compile_in_process(&compiled.program, &compiled.options, &runtime, home) }
        .map_err(|e| Failure::error(format!("code generation failed: {e}")))
}

/// `--test-threads`, else `RUST_TEST_THREADS` as libtest reads it, else the CPUs.
fn test_threads(args: &TestArgs) -> Result<usize, Failure> {
    if let Some(threads) = args.test_threads {
        return Ok(threads.get());
    }
    if let Ok(value) = std::env::var("RUST_TEST_THREADS") {
        return match value.parse::<NonZeroUsize>() {
            Ok(threads) => Ok(threads.get()),
            Err(_) => Err(Failure::error(format!(
                "RUST_TEST_THREADS is `{value}`, should be a positive integer"
            ))),
        };
    }
    Ok(std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// Runs the jobs and prints their report; returns whether all passed.
fn run_tests(
    jobs: &[Job],
    selection: &Selection,
    options: &RunOptions,
    slots: Option<&mut CounterSlots>,
    mut coverage: Option<&mut CoverageRun>,
) -> Result<bool, Failure> {
    let mut console = Console::new(options.threads);
    console.run_start(selection.tests.len());
    runner::run(jobs, options, slots, |event| match event {
        Event::Started(index) => console.test_started(&selection.tests[index]),
        Event::Ignored(index) => console.test_ignored(&selection.tests[index]),
        Event::Finished(finished) => {
            let test = &selection.tests[finished.index];
            if let (Some(coverage), Some(counts)) = (coverage.as_deref_mut(), &finished.counts) {
                coverage.add_test(&test.name, counts);
            }
            let result = outcome::judge(
                test,
                finished.termination,
                &finished.panic_message,
                options.timeout,
            );
            console.test_finished(test, result, finished.output);
        }
    })?;
    Ok(console.finish(selection.filtered_out))
}

/// The entry point of each selected test.
fn jobs<'a>(
    compiled: &Compiled,
    jit: &JitProgram,
    tests: &'a [TestCase],
    filters: &Filters,
) -> Result<Vec<Job<'a>>, Failure> {
    tests
        .iter()
        .map(|test| {
            let entry = jit
                .entry_point(&compiled.program, test.func)
                .map_err(|e| Failure::error(format!("cannot run test `{}`: {e}", test.name)))?;
            Ok(Job {
                entry,
                name: &test.name,
                skip: filters.skips(test),
            })
        })
        .collect()
}

/// Writes the profile and the mapping object, and prints the summary.
fn report_coverage(
    args: &TestArgs,
    compiled: &Compiled,
    coverage: &CoverageRun,
) -> Result<(), Failure> {
    let object = match &args.coverage_object {
        Some(path) => path.clone(),
        None => PathBuf::from(format!("{}.covmap.o", compile::file_stem(&args.file)?)),
    };
    coverage.write_mapping_object(&object)?;
    let profile = coverage.write_profile();
    let summary = coverage.summary()?;
    print!("{}", summary_table(&compiled.program, &summary));
    if let Some(profile) = profile {
        println!(
            "Coverage profile: {profile} (llvm-cov show {} -instr-profile=...)",
            object.display()
        );
    }
    Ok(())
}

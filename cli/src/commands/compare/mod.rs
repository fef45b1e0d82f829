//! `clifcov compare`: where clifcov's coverage differs from the LLVM backend's. Builds one
//! program with `rustc -C instrument-coverage` and with clifcov (or takes two instrumented
//! binaries and their profiles), runs both with the same arguments, merges each profile,
//! and reports stdout, stderr and exit-code equality, every line whose count differs, the
//! differing regions of each function and the physical counters each side used.
//! Exit status: 0 identical, 1 different, 2 the comparison could not be made.

mod coverage_report;
mod diff;
mod json;
mod side;
mod text;
mod tool;

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::temp_dir;
use crate::args::{
    CompileOptions, CounterPlacementArg, CounterPromotionArg, CountersArg, OptLevelArg,
};
use crate::failure::Failure;
use crate::toolchain::{find_llvm_tools, find_rustc, LlvmTools, Rustc};
use coverage_report::read_report;
use diff::Comparison;
use side::Side;

const AFTER_HELP: &str = "\
Exit status: 0 when stdout, stderr, exit code and every line and region count are identical,
1 when anything differs, 2 when the comparison could not be made (the reason is on stderr,
and with --format json also in the document's \"error\").

Examples:
  clifcov compare prog.rs -- 3 4
  clifcov compare --lhs ./a a.profraw --rhs ./b b.profdata src/prog.rs

Environment:
  CLIFCOV_RUSTC         the rustc to compare with [default: rustc in PATH]
  CLIFCOV_LLVM_BIN_DIR  the only directory searched for llvm-profdata and llvm-cov
                        [default: PATH, /usr/lib/llvm-*/bin, then rustc's llvm-tools
                        component]; the tools must be of rustc's LLVM major version";

#[derive(Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct CompareArgs {
    /// The program to build with rustc and with clifcov; with --lhs and --rhs, the source
    /// files to compare (all of them when none is given)
    #[arg(value_name = "FILE.rs | SOURCE")]
    pub files: Vec<PathBuf>,

    /// Compare an existing instrumented executable and its profile (.profraw or .profdata)...
    #[arg(long, num_args = 2, value_names = ["BINARY", "PROFILE"], requires = "rhs")]
    pub lhs: Option<Vec<PathBuf>>,

    /// ...with this one
    #[arg(long, num_args = 2, value_names = ["BINARY", "PROFILE"], requires = "lhs")]
    pub rhs: Option<Vec<PathBuf>>,

    /// How to print the report
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Cranelift optimisation level of the clifcov build
    #[arg(long, value_enum, default_value_t = OptLevelArg::None)]
    pub opt_level: OptLevelArg,

    /// How the clifcov build updates its counters
    #[arg(long, value_enum, default_value_t = CountersArg::Plain)]
    pub counters: CountersArg,

    /// Which blocks of the clifcov build get the physical counters (`clifcov build --help`
    /// explains); `cold` changes no count that llvm-cov reports
    #[arg(long, value_enum, default_value_t = CounterPlacementArg::Rustc)]
    pub counter_placement: CounterPlacementArg,

    /// Where the clifcov build's atomic increments inside loops count (`clifcov build
    /// --help` explains). Only with `--counters atomic`
    #[arg(long, value_enum, default_value_t = CounterPromotionArg::Loops)]
    pub counter_promotion: CounterPromotionArg,

    /// Arguments passed to both programs (after `--`)
    #[arg(last = true)]
    pub args: Vec<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A readable report
    Text,
    /// One JSON document
    Json,
}

pub fn compare(args: &CompareArgs) -> Result<i32, Failure> {
    match comparison(args) {
        Ok(comparison) => {
            let report = match args.format {
                ReportFormat::Text => text::render(&comparison),
                ReportFormat::Json => json::render(&comparison),
            };
            print!("{report}");
            Ok(if comparison.identical() { 0 } else { 1 })
        }
        Err(failure) => {
            if args.format == ReportFormat::Json {
                print!("{}", json::render_error(&failure.to_string()));
            }
            eprintln!("{failure}");
            Ok(2)
        }
    }
}

fn comparison(args: &CompareArgs) -> Result<Comparison, Failure> {
    let work_dir = temp_dir()?;
    match (&args.lhs, &args.rhs) {
        (Some(lhs), Some(rhs)) => compare_existing(args, lhs, rhs, work_dir.path()),
        _ => compare_builds(args, work_dir.path()),
    }
}

/// `compare FILE.rs [-- ARGS]`: rustc's build against clifcov's.
fn compare_builds(args: &CompareArgs, dir: &Path) -> Result<Comparison, Failure> {
    let [file] = args.files.as_slice() else {
        return Err(Failure::error(
            "compare needs one FILE.rs to build, or --lhs BINARY PROFILE --rhs BINARY PROFILE",
        ));
    };
    let rustc = find_rustc()?;
    let tools = find_llvm_tools(rustc.llvm_major, Some(&rustc))?;
    let rustc_dir = sub_dir(dir, "rustc")?;
    let clifcov_dir = sub_dir(dir, "clifcov")?;
    let rustc_binary = side::build_with_rustc(&rustc, file, &rustc_dir)?;
    let options = compile_options(args, file);
    let clifcov_binary = side::build_with_clifcov(&options, &clifcov_dir)?;
    let lhs = side::run_instrumented(
        "rustc",
        rustc_description(&rustc),
        &rustc_binary,
        &args.args,
        &rustc_dir,
        &tools,
    )?;
    let rhs = side::run_instrumented(
        "clifcov",
        clifcov_description(args),
        &clifcov_binary,
        &args.args,
        &clifcov_dir,
        &tools,
    )?;
    compare_sides(&tools, &lhs, &rhs, &[], Some(args.args.clone()))
}

/// `compare --lhs BINARY PROFILE --rhs BINARY PROFILE [SOURCE...]`.
fn compare_existing(
    args: &CompareArgs,
    lhs: &[PathBuf],
    rhs: &[PathBuf],
    dir: &Path,
) -> Result<Comparison, Failure> {
    if !args.args.is_empty() {
        return Err(Failure::error(
            "program arguments (after `--`) need FILE.rs; with --lhs and --rhs the \
             programs have already run",
        ));
    }
    if let Some(missing) = args.files.iter().find(|f| !f.is_file()) {
        return Err(Failure::error(format!(
            "source file `{}` not found",
            missing.display()
        )));
    }
    let tools = tools_for_existing()?;
    let lhs = side::existing("lhs", &lhs[0], &lhs[1], dir, &tools)?;
    let rhs = side::existing("rhs", &rhs[0], &rhs[1], dir, &tools)?;
    compare_sides(&tools, &lhs, &rhs, &args.files, None)
}

/// The LLVM tools of rustc's LLVM version, which clifcov's profiles are written for too.
fn tools_for_existing() -> Result<LlvmTools, Failure> {
    let rustc = find_rustc()?;
    find_llvm_tools(rustc.llvm_major, Some(&rustc))
}

fn compare_sides(
    tools: &LlvmTools,
    lhs: &Side,
    rhs: &Side,
    sources: &[PathBuf],
    arguments: Option<Vec<String>>,
) -> Result<Comparison, Failure> {
    let lhs_report = read_report(tools, lhs, sources)?;
    let rhs_report = read_report(tools, rhs, sources)?;
    Ok(Comparison::new(
        (lhs, &lhs_report),
        (rhs, &rhs_report),
        arguments,
        tools,
    ))
}

fn sub_dir(dir: &Path, name: &str) -> Result<PathBuf, Failure> {
    let path = dir.join(name);
    std::fs::create_dir_all(&path)
        .map_err(|e| Failure::error(format!("couldn't create `{}`: {e}", path.display())))?;
    Ok(path)
}

fn compile_options(args: &CompareArgs, file: &Path) -> CompileOptions {
    CompileOptions {
        file: file.to_path_buf(),
        opt_level: args.opt_level,
        no_coverage: false,
        counters: args.counters,
        counter_placement: args.counter_placement,
        counter_promotion: args.counter_promotion,
        coverage_skip: Vec::new(),
        time_passes: false,
    }
}

fn rustc_description(rustc: &Rustc) -> String {
    format!(
        "rustc {} (LLVM {}) --edition 2021 -C instrument-coverage -C opt-level=0",
        rustc.release, rustc.llvm_version
    )
}

fn clifcov_description(args: &CompareArgs) -> String {
    format!(
        "clifcov {} --opt-level {} --counters {} --counter-placement {} --counter-promotion {}",
        env!("CARGO_PKG_VERSION"),
        value_name(args.opt_level),
        value_name(args.counters),
        value_name(args.counter_placement),
        value_name(args.counter_promotion)
    )
}

/// The name of an option value as typed on the command line.
fn value_name(value: impl ValueEnum) -> String {
    value
        .to_possible_value()
        .map_or(String::new(), |v| v.get_name().to_string())
}

//! The command line: the list of commands and the options every compiling command shares.
//! Each command's own options live beside its code in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands::{build::BuildArgs, emit::EmitArgs, run::RunArgs};

#[derive(Parser, Debug)]
#[command(
    name = "clifcov",
    version,
    about = "Compile a Rust subset with Cranelift, with LLVM-compatible source-based coverage",
    long_about = "clifcov compiles single-file Rust programs (the subset described in SUBSET.md) \
                  to native executables through Cranelift, without LLVM in the compile path, \
                  instrumented for source-based coverage that stock llvm-profdata and llvm-cov \
                  read.\n\n\
                  Run `clifcov <COMMAND> --help` for the options of each command."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile FILE.rs to a native executable, instrumented for coverage
    #[command(after_help = crate::link::LINKING_HELP)]
    Build(BuildArgs),
    /// Compile FILE.rs into a temporary directory and run it, passing on its exit code
    #[command(after_help = crate::link::LINKING_HELP)]
    Run(RunArgs),
    /// Print an intermediate form of FILE.rs, for people debugging the compiler
    Emit(EmitArgs),
    /// Run the `#[test]` functions of FILE.rs in process (JIT) with coverage, like `cargo test`
    Test(crate::commands::test::TestArgs),
    /// Build FILE.rs with rustc (LLVM) and clifcov, run both, and show where coverage differs
    Compare(crate::commands::compare::CompareArgs),
    /// Print the coverage map of an ELF executable or object (clifcov's, rustc's, clang's)
    DumpCoverage(crate::commands::dump_coverage::DumpCoverageArgs),
}

/// Options shared by every command that compiles a program.
#[derive(Args, Debug, Clone)]
pub struct CompileOptions {
    /// The source file to compile
    pub file: PathBuf,

    /// Cranelift optimisation level
    #[arg(long, value_enum, default_value_t = OptLevelArg::None)]
    pub opt_level: OptLevelArg,

    /// Build without coverage instrumentation
    #[arg(long)]
    pub no_coverage: bool,

    /// How coverage counters are updated: `plain` (load, add, store), `atomic` (exact
    /// even when threads race) or `byte` (one byte per block: ran or not, no count)
    #[arg(long, value_enum, default_value_t = CountersArg::Plain)]
    pub counters: CountersArg,

    /// Which blocks get the physical counters (never how many): `rustc` places them as
    /// rustc does; `cold` puts them, in functions without loops, on the blocks that run
    /// least, so fewer increments run (a recursive function's entry gets none). No effect
    /// with `--counters byte`
    #[arg(long, value_enum, default_value_t = CounterPlacementArg::Rustc)]
    pub counter_placement: CounterPlacementArg,

    /// Where atomic increments inside loops count: `loops` (a loop that calls nothing counts
    /// on the stack with plain adds and adds the counts to its counters when control leaves
    /// it: the same profile, far fewer atomic adds) or `never` (every increment is an atomic
    /// add, as in rustc's code). Only with `--counters atomic`
    #[arg(long, value_enum, default_value_t = CounterPromotionArg::Loops)]
    pub counter_promotion: CounterPromotionArg,

    /// Leave function NAME uninstrumented and out of the coverage map, as rustc's
    /// `#[coverage(off)]` does (repeat for several functions)
    #[arg(long = "coverage-skip", value_name = "NAME")]
    pub coverage_skip: Vec<String>,

    /// Print the wall time of each compiler stage (the front end and its parts, declarations,
    /// coverage pass, coverage map, code generation, linking) and the compiler's resident
    /// memory when it ends to standard error; a stage marked "beside" ran on other threads
    /// during the one printed before it, a "part of" a stage is printed before it
    #[arg(long)]
    pub time_passes: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptLevelArg {
    /// No optimisation: fastest compilation (functions that no call can re-enter get
    /// Cranelift's single-pass register allocator, recursive ones the backtracking one)
    None,
    /// Optimise for speed
    Speed,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountersArg {
    /// Load, add one, store: cheapest, what clang does
    Plain,
    /// Atomic add
    Atomic,
    /// One byte per block, set to 0 when it runs (LLVM's single-byte coverage): a store
    /// without a load, but in every block with regions (no expressions), so loops run
    /// slower than with plain counters; llvm-cov shows 1 for every line that ran
    Byte,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterPlacementArg {
    /// Where rustc puts them: the same counters and expressions as rustc's build
    Rustc,
    /// On the blocks estimated to run least, in functions without loops
    Cold,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterPromotionArg {
    /// Call-free loops count on the stack until control leaves them
    Loops,
    /// Every increment is an atomic add to its counter
    Never,
}

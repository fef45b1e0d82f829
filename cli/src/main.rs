//! The `clifcov` command: parses the command line, runs the command, reports failures.

mod allocator;
mod args;
mod commands;
mod compile;
mod exit;
mod failure;
mod link;
mod llvm_version;
mod runtime_lib;
#[cfg(test)]
mod testing;
mod time_passes;
mod toolchain;

use clap::Parser;

/// mimalloc instead of the C library's allocator (`allocator`).
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

use args::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => commands::build::build(args),
        Command::Run(args) => commands::run::run(args),
        Command::Emit(args) => commands::emit::emit(args),
        Command::Test(args) => commands::test::test(args),
        Command::Compare(args) => commands::compare::compare(args),
        Command::DumpCoverage(args) => commands::dump_coverage::dump_coverage(args),
    };
    match result {
        Ok(code) => exit::exit(code),
        Err(failure) => {
            eprintln!("{failure}");
            exit::exit(1);
        }
    }
}

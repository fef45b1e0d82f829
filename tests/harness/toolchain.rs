//! The compilers under comparison: rustc (the oracle) and clifcov (the candidate, built with
//! its default options and again with atomic counters), and the commands that build a program
//! with each and run what they built.
//!
//! Both builds are instrumented for coverage: rustc with `-C instrument-coverage` (which does not
//! change what a program does, so the one build serves the behaviour checks too), clifcov by
//! default. Every run writes its profile into its run directory through `LLVM_PROFILE_FILE`.

use std::path::Path;
use std::process::Command;

use super::process::{self, Captured};
use super::settings::Settings;

/// One of the compilers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compiler {
    Rustc,
    Clifcov,
    /// clifcov with `--counters atomic`: the kind of counters rustc's code updates, and the
    /// only kind whose loops count on the stack until control leaves them.
    ClifcovAtomic,
}

impl Compiler {
    /// A name for the compiler's files.
    pub fn name(self) -> &'static str {
        match self {
            Compiler::Rustc => "rustc",
            Compiler::Clifcov => "clifcov",
            Compiler::ClifcovAtomic => "clifcov-atomic",
        }
    }

    /// The compiler as reports show it: its name and the options added to the default ones.
    pub fn label(self) -> &'static str {
        match self {
            Compiler::Rustc => "rustc",
            Compiler::Clifcov => "clifcov",
            Compiler::ClifcovAtomic => "clifcov --counters atomic",
        }
    }

    /// Compiles `source` (relative to the workspace root) into the executable `output`.
    pub fn build(self, settings: &Settings, source: &str, output: &Path) -> Captured {
        let mut command = match self {
            Compiler::Rustc => rustc_command(settings, source, output),
            Compiler::Clifcov => clifcov_command(settings, source, output, &[]),
            Compiler::ClifcovAtomic => {
                clifcov_command(settings, source, output, &["--counters", "atomic"])
            }
        };
        command.current_dir(&settings.root);
        process::run(&mut command, settings.build_timeout)
    }
}

fn rustc_command(settings: &Settings, source: &str, output: &Path) -> Command {
    let mut command = Command::new(&settings.rustc);
    command
        .args([
            "--edition",
            "2021",
            "-C",
            "instrument-coverage",
            "-C",
            "opt-level=0",
        ])
        .args([source, "-o"])
        .arg(output);
    command
}

/// `clifcov build` with `options`, told that the profiles are read by the harness's
/// `llvm-profdata` (clifcov writes the raw profile version of the user's LLVM).
fn clifcov_command(settings: &Settings, source: &str, output: &Path, options: &[&str]) -> Command {
    let mut command = Command::new(&settings.clifcov);
    command
        .env("LLVM_PROFDATA", settings.llvm_bin.join("llvm-profdata"))
        .arg("build")
        .args(options)
        .args(&settings.clifcov_args)
        .arg(source)
        .arg("-o")
        .arg(output);
    command
}

/// Runs a built program with `arguments`, inside `work_dir`, with a clean panic environment
/// (no backtraces) and its coverage profile written to `work_dir/default-PID.profraw`.
pub fn run_program(
    settings: &Settings,
    executable: &Path,
    arguments: &[String],
    work_dir: &Path,
) -> Captured {
    let mut command = Command::new(executable);
    command
        .args(arguments)
        .current_dir(work_dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env("LLVM_PROFILE_FILE", work_dir.join("default-%p.profraw"));
    process::run(&mut command, settings.run_timeout)
}

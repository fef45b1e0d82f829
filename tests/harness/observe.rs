//! Building a program with one compiler and running it once per `// args:` line: the observation
//! that checks compare, including the coverage of all runs together.

use std::path::Path;

use super::corpus::Program;
use super::coverage::{self, CoverageProfile};
use super::process::{Captured, Termination};
use super::settings::Settings;
use super::stderr::{self, SplitStderr};
use super::toolchain::{self, Compiler};

/// What one run of a built program did.
#[derive(Debug, Clone)]
pub struct RunObservation {
    pub stdout: String,
    pub stderr: SplitStderr,
    pub termination: Termination,
}

/// What one compiler made of one program.
#[derive(Debug, Clone)]
pub struct Observation {
    /// `Err` holds the build's termination and its stderr when the build failed.
    pub build: Result<(), String>,
    /// One entry per `// args:` line, in order; empty when the build failed.
    pub runs: Vec<RunObservation>,
    /// What `llvm-cov` reads from the profiles of all runs, or why it could not be read.
    pub coverage: Result<CoverageProfile, String>,
}

impl Observation {
    fn failed_build(reason: String) -> Observation {
        Observation {
            build: Err(reason),
            runs: Vec::new(),
            coverage: Err("not built".to_string()),
        }
    }
}

/// Builds `program` with `compiler` into `work_dir` and runs it.
pub fn observe(
    settings: &Settings,
    compiler: Compiler,
    program: &Program,
    work_dir: &Path,
) -> Observation {
    let executable = work_dir.join(compiler.name());
    let build = compiler.build(settings, &program.source, &executable);
    if !build.succeeded() {
        return Observation::failed_build(build_failure(&build));
    }
    if !executable.is_file() {
        return Observation::failed_build(format!(
            "{}, but wrote no executable at {}",
            build.termination,
            executable.display()
        ));
    }
    let run_dir = work_dir.join(format!("{}-runs", compiler.name()));
    let runs = match std::fs::create_dir_all(&run_dir) {
        Ok(()) => program
            .headers
            .runs
            .iter()
            .map(|arguments| run_once(settings, &executable, arguments, &run_dir))
            .collect(),
        Err(error) => {
            return Observation::failed_build(format!(
                "cannot create {}: {error}",
                run_dir.display()
            ))
        }
    };
    Observation {
        build: Ok(()),
        runs,
        coverage: coverage::collect(settings, &executable, &run_dir),
    }
}

/// The termination of a failed build, followed by its stderr if it wrote any.
fn build_failure(build: &Captured) -> String {
    let stderr = build.stderr.trim_end();
    if stderr.is_empty() {
        build.termination.to_string()
    } else {
        format!("{}\n{stderr}", build.termination)
    }
}

fn run_once(
    settings: &Settings,
    executable: &Path,
    arguments: &[String],
    run_dir: &Path,
) -> RunObservation {
    let captured = toolchain::run_program(settings, executable, arguments, run_dir);
    RunObservation {
        stdout: captured.stdout,
        stderr: stderr::split(&captured.stderr),
        termination: captured.termination,
    }
}

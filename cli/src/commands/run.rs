//! `clifcov run`: build into a temporary directory, run, pass on the exit code.

use std::path::Path;
use std::process::{Command, ExitStatus};

use clap::Args;

use super::temp_dir;
use crate::args::CompileOptions;
use crate::compile;
use crate::failure::Failure;
use crate::link::link_executable;
use crate::llvm_version::LlvmVersionArgs;
use crate::time_passes::timed;

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub compile: CompileOptions,

    #[command(flatten)]
    pub llvm: LlvmVersionArgs,

    /// Arguments passed to the program (after `--`)
    #[arg(last = true)]
    pub args: Vec<String>,
}

pub fn run(args: &RunArgs) -> Result<i32, Failure> {
    let profile_version = args.llvm.profile_version(!args.compile.no_coverage)?;
    let object = compile::object_for(&args.compile, profile_version)?;
    let work_dir = temp_dir()?;
    let executable = work_dir
        .path()
        .join(compile::file_stem(&args.compile.file)?);
    timed(args.compile.time_passes, "linking", || {
        link_executable(&object, work_dir.path(), &executable)
    })?;
    let status = Command::new(&executable)
        .args(&args.args)
        .status()
        .map_err(|e| Failure::error(format!("could not run `{}`: {e}", executable.display())))?;
    Ok(exit_code_of(&executable, status))
}

/// The program's exit code; a program killed by a signal is reported and gives 128 + signal,
/// as shells do.
fn exit_code_of(executable: &Path, status: ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return code;
    }
    let signal = status.signal().unwrap_or(0);
    eprintln!(
        "error: process didn't exit successfully: `{}` (signal: {signal})",
        executable.display()
    );
    128 + signal
}

//! What each command does: `build`, `run` and `emit`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::args::{BuildArgs, EmitArgs, EmitKind, RunArgs};
use crate::compile;
use crate::failure::Failure;
use crate::link::link_executable;

pub fn build(args: &BuildArgs) -> Result<i32, Failure> {
    let output = match &args.output {
        Some(path) => path.clone(),
        None => PathBuf::from(compile::file_stem(&args.compile.file)?),
    };
    let object = compile::object(&args.compile)?;
    let work_dir = temp_dir()?;
    link_executable(&object, work_dir.path(), &output)?;
    Ok(0)
}

pub fn run(args: &RunArgs) -> Result<i32, Failure> {
    let object = compile::object(&args.compile)?;
    let work_dir = temp_dir()?;
    let executable = work_dir
        .path()
        .join(compile::file_stem(&args.compile.file)?);
    link_executable(&object, work_dir.path(), &executable)?;
    let status = Command::new(&executable)
        .args(&args.args)
        .status()
        .map_err(|e| Failure::error(format!("could not run `{}`: {e}", executable.display())))?;
    Ok(exit_code_of(&executable, status))
}

pub fn emit(args: &EmitArgs) -> Result<i32, Failure> {
    let text = match args.what {
        EmitKind::Mir => clifcov_ir::print_program(&compile::compile(&args.compile)?.program),
        EmitKind::Clif => {
            let compiled = compile::compile(&args.compile)?;
            clifcov_backend::clif_text(&compiled.program, &compiled.options)
                .map_err(|e| Failure::error(format!("code generation failed: {e}")))?
        }
        EmitKind::Obj => {
            let object = compile::object(&args.compile)?;
            let default = format!("{}.o", compile::file_stem(&args.compile.file)?);
            let output = args
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from(default));
            write_file(&output, &object)?;
            return Ok(0);
        }
    };
    match &args.output {
        Some(path) => write_file(path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(0)
}

fn temp_dir() -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("clifcov-")
        .tempdir()
        .map_err(|e| Failure::error(format!("couldn't create a temporary directory: {e}")))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::error(format!("couldn't write `{}`: {e}", path.display())))
}

/// The program's exit code; a program killed by a signal is reported and gives 128 + signal,
/// as shells do.
fn exit_code_of(executable: &Path, status: std::process::ExitStatus) -> i32 {
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

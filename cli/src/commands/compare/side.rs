//! One side of a comparison: an instrumented executable and its merged (indexed) profile,
//! plus what the program printed when `compare` ran it. Sides are built with rustc
//! (`-C instrument-coverage`) or clifcov, run in their own directory, or taken as given.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use super::tool::stdout_of;
use crate::args::CompileOptions;
use crate::compile;
use crate::failure::Failure;
use crate::link::link_executable;
use crate::toolchain::{LlvmTools, Rustc};

/// An instrumented program and the coverage it recorded.
#[derive(Clone, Debug)]
pub struct Side {
    /// `rustc`, `clifcov`, or `lhs`/`rhs` for given binaries.
    pub label: String,
    /// How it was built, or which files it is.
    pub description: String,
    pub binary: PathBuf,
    /// The indexed profile, merged from every profile the runs wrote.
    pub profile: PathBuf,
    /// What the program did, when `compare` ran it.
    pub run: Option<RunOutcome>,
}

/// A finished run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutcome {
    pub stdout: String,
    pub stderr: String,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    Signalled(i32),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Exited(code) => write!(f, "{code}"),
            Status::Signalled(signal) => write!(f, "killed by signal {signal}"),
        }
    }
}

/// Builds `file` with `rustc --edition 2021 -C instrument-coverage -C opt-level=0` into
/// `dir`, from the current directory (so the coverage map names the file as clifcov's does).
pub fn build_with_rustc(rustc: &Rustc, file: &Path, dir: &Path) -> Result<PathBuf, Failure> {
    let output = dir.join(compile::file_stem(file)?);
    let mut command = Command::new(&rustc.path);
    command
        .args(["--edition", "2021", "-C", "instrument-coverage", "-C"])
        .arg("opt-level=0")
        .arg(file)
        .arg("-o")
        .arg(&output);
    stdout_of(
        &mut command,
        &format!("build `{}` with rustc", file.display()),
    )?;
    Ok(output)
}

/// Builds the program of `options` (instrumented) with clifcov into `dir`.
pub fn build_with_clifcov(options: &CompileOptions, dir: &Path) -> Result<PathBuf, Failure> {
    let output = dir.join(compile::file_stem(&options.file)?);
    let object = compile::object(options)?;
    link_executable(&object, dir, &output)?;
    Ok(output)
}

/// Runs `binary` once in `dir` with `arguments`, `RUST_BACKTRACE` unset and its profile
/// written into `dir`, then merges the profile.
pub fn run_instrumented(
    label: &str,
    description: String,
    binary: &Path,
    arguments: &[String],
    dir: &Path,
    tools: &LlvmTools,
) -> Result<Side, Failure> {
    let profiles = dir.join("profiles");
    std::fs::create_dir_all(&profiles)
        .map_err(|e| Failure::error(format!("couldn't create `{}`: {e}", profiles.display())))?;
    let mut command = Command::new(binary);
    command
        .args(arguments)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env("LLVM_PROFILE_FILE", profiles.join("run-%p.profraw"))
        .stdin(Stdio::null());
    if (14..=22).contains(&tools.major) {
        command.env("CLIFCOV_LLVM_VERSION", tools.major.to_string());
    }
    let output = command.output().map_err(|e| {
        Failure::error(format!(
            "could not run the {label} build `{}`: {e}",
            binary.display()
        ))
    })?;
    let run = RunOutcome {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        status: status_of(output.status),
    };
    let raw = raw_profiles(&profiles)?;
    if raw.is_empty() {
        return Err(Failure::error(format!(
            "the {label} build wrote no coverage profile (it ended with status {})",
            run.status
        )));
    }
    let profile = merge_profiles(tools, &raw, &dir.join("merged.profdata"), label)?;
    Ok(Side {
        label: label.to_string(),
        description,
        binary: binary.to_path_buf(),
        profile,
        run: Some(run),
    })
}

/// A given binary and its profile (raw or indexed), merged into `dir`.
pub fn existing(
    label: &str,
    binary: &Path,
    profile: &Path,
    dir: &Path,
    tools: &LlvmTools,
) -> Result<Side, Failure> {
    for path in [binary, profile] {
        if !path.is_file() {
            return Err(Failure::error(format!(
                "--{label}: `{}` is not a file",
                path.display()
            )));
        }
    }
    let merged = merge_profiles(
        tools,
        &[profile.to_path_buf()],
        &dir.join(format!("{label}.profdata")),
        label,
    )?;
    Ok(Side {
        label: label.to_string(),
        description: format!("{} with profile {}", binary.display(), profile.display()),
        binary: binary.to_path_buf(),
        profile: merged,
        run: None,
    })
}

fn status_of(status: ExitStatus) -> Status {
    use std::os::unix::process::ExitStatusExt;
    match status.code() {
        Some(code) => Status::Exited(code),
        None => Status::Signalled(status.signal().unwrap_or(0)),
    }
}

fn raw_profiles(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::error(format!("couldn't read `{}`: {e}", dir.display())))?;
    let mut profiles: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "profraw"))
        .collect();
    profiles.sort();
    Ok(profiles)
}

/// `llvm-profdata merge -sparse INPUTS -o OUTPUT`: accepts raw and indexed profiles.
fn merge_profiles(
    tools: &LlvmTools,
    inputs: &[PathBuf],
    output: &Path,
    label: &str,
) -> Result<PathBuf, Failure> {
    let mut command = Command::new(&tools.profdata);
    command
        .args(["merge", "-sparse"])
        .args(inputs)
        .arg("-o")
        .arg(output);
    stdout_of(&mut command, &format!("merge the {label} profile"))?;
    Ok(output.to_path_buf())
}

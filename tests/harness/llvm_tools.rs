//! The stock LLVM 22 tools that read both compilers' coverage: `llvm-profdata` merges a build's
//! profiles and counts its physical counters, `llvm-cov export` gives line counts and regions,
//! `llvm-cxxfilt` demangles function names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::process;
use super::settings::Settings;

/// Merges every `.profraw` file in `run_dir` into `run_dir/merged.profdata`. Empty files are
/// left out: LLVM's runtime creates the profile file when a program starts, and one that
/// aborts (a stack overflow) leaves it empty.
pub fn merge_profiles(settings: &Settings, run_dir: &Path) -> Result<PathBuf, String> {
    let profiles = raw_profiles(run_dir)?;
    if profiles.is_empty() {
        return Err(format!("no .profraw file in {}", run_dir.display()));
    }
    let merged = run_dir.join("merged.profdata");
    let mut command = tool(settings, "llvm-profdata");
    command.arg("merge").arg("-o").arg(&merged).args(&profiles);
    run_tool(settings, &mut command)?;
    Ok(merged)
}

fn raw_profiles(run_dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(run_dir)
        .map_err(|error| format!("cannot read {}: {error}", run_dir.display()))?;
    let mut profiles: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "profraw"))
        .filter(|path| std::fs::metadata(path).is_ok_and(|meta| meta.len() > 0))
        .collect();
    profiles.sort();
    Ok(profiles)
}

/// `llvm-cov export -format=FORMAT` of `executable` with the merged `profile`.
pub fn export(
    settings: &Settings,
    format: &str,
    executable: &Path,
    profile: &Path,
) -> Result<String, String> {
    let mut command = tool(settings, "llvm-cov");
    command
        .arg("export")
        .arg(format!("-format={format}"))
        .arg("-instr-profile")
        .arg(profile)
        .arg(executable);
    run_tool(settings, &mut command)
}

/// `llvm-profdata show --all-functions` of a merged profile.
pub fn show_profile(settings: &Settings, profile: &Path) -> Result<String, String> {
    let mut command = tool(settings, "llvm-profdata");
    command.args(["show", "--all-functions"]).arg(profile);
    run_tool(settings, &mut command)
}

/// Demangles `names` (one per line) with `llvm-cxxfilt`, which knows Rust's v0 scheme and leaves
/// out crate disambiguators; names it does not know come back unchanged.
pub fn demangle(settings: &Settings, names: &[String]) -> Result<Vec<String>, String> {
    let mut child = tool(settings, "llvm-cxxfilt")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start llvm-cxxfilt: {error}"))?;
    let mut input = child.stdin.take().expect("stdin is piped");
    let text: String = names.iter().map(|name| format!("{name}\n")).collect();
    input
        .write_all(text.as_bytes())
        .map_err(|error| format!("cannot write to llvm-cxxfilt: {error}"))?;
    drop(input);
    let output = child
        .wait_with_output()
        .map_err(|error| format!("llvm-cxxfilt failed: {error}"))?;
    let demangled: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if !output.status.success() || demangled.len() != names.len() {
        return Err(format!(
            "llvm-cxxfilt ended with {} and gave {} names for {}",
            output.status,
            demangled.len(),
            names.len()
        ));
    }
    Ok(demangled)
}

fn tool(settings: &Settings, name: &str) -> Command {
    Command::new(settings.llvm_bin.join(name))
}

/// Runs an LLVM tool and returns its stdout, or its termination and stderr when it failed.
fn run_tool(settings: &Settings, command: &mut Command) -> Result<String, String> {
    let captured = process::run(command, settings.tool_timeout);
    if captured.succeeded() {
        Ok(captured.stdout)
    } else {
        Err(format!(
            "{:?} ended with {}: {}",
            command.get_program(),
            captured.termination,
            captured.stderr.trim_end()
        ))
    }
}

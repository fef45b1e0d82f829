//! The oracle for profiles: each LLVM's own `llvm-profdata`, and the functions, hashes
//! and counts that `llvm-profdata show --all-functions --counts` reads from a profile.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The LLVM versions whose `llvm-profdata` the tests read profiles with: Debian's
/// `llvm-14`, `llvm-16`, `llvm-19` and `llvm-22` packages (raw versions 8, 8, 10, 10).
pub const ORACLE_LLVM_VERSIONS: [u32; 4] = [14, 16, 19, 22];

/// `llvm-profdata` of Debian's `llvm-<major>` package; fails the test, naming the
/// package, when it is not installed.
pub fn llvm_profdata(major: u32) -> PathBuf {
    let path = PathBuf::from(format!("/usr/lib/llvm-{major}/bin/llvm-profdata"));
    assert!(
        path.exists(),
        "llvm-profdata {major} not found at {}: install Debian's llvm-{major} package \
         (apt-get install llvm-{major})",
        path.display()
    );
    path
}

/// One function as `llvm-profdata show --all-functions --counts` reports it.
#[derive(Debug, PartialEq, Eq)]
pub struct FunctionCounts {
    pub name: String,
    pub hash: u64,
    /// All counters, counter 0 (`Function count`) first.
    pub counts: Vec<u64>,
}

/// Reads `profile` with `llvm-profdata` of LLVM `major`; functions sorted by name.
pub fn read_profile(major: u32, profile: &Path) -> Vec<FunctionCounts> {
    read_profile_with(&llvm_profdata(major), profile)
}

/// Reads `profile` with the `llvm-profdata` at `profdata`; functions sorted by name.
pub fn read_profile_with(profdata: &Path, profile: &Path) -> Vec<FunctionCounts> {
    let output = Command::new(profdata)
        .args(["show", "--all-functions", "--counts"])
        .arg(profile)
        .output()
        .expect("run llvm-profdata");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{} failed on {}: {}{text}",
        profdata.display(),
        profile.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut functions = parse_show_output(&text);
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    functions
}

/// The functions of `show` output: each is a line `  NAME:` (indented by two spaces)
/// followed by its more deeply indented fields.
fn parse_show_output(text: &str) -> Vec<FunctionCounts> {
    let mut functions: Vec<FunctionCounts> = Vec::new();
    for raw_line in text.lines() {
        let line = raw_line.trim();
        let function_line = raw_line.starts_with("  ") && !raw_line.starts_with("   ");
        if let Some(name) = line.strip_suffix(':').filter(|_| function_line) {
            functions.push(FunctionCounts {
                name: name.to_string(),
                hash: 0,
                counts: Vec::new(),
            });
            continue;
        }
        let Some(function) = functions.last_mut() else {
            continue;
        };
        if let Some(hash) = line.strip_prefix("Hash: 0x") {
            function.hash = u64::from_str_radix(hash, 16).unwrap();
        } else if let Some(count) = line.strip_prefix("Function count: ") {
            function.counts.push(count.parse().unwrap());
        } else if let Some(list) = line.strip_prefix("Block counts: [") {
            let counts = list.trim_end_matches(']').split(", ");
            let counts = counts
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<u64>().unwrap());
            function.counts.extend(counts);
        }
    }
    functions
}

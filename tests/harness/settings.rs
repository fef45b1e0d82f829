//! Where things are and how the harness runs: workspace root, compilers, timeouts, worker count,
//! and the environment variables that narrow or adjust a run.
//!
//! - `DIFFERENTIAL_FILTER=text`: only programs whose file name contains `text`.
//! - `DIFFERENTIAL_CLIFCOV_ARGS="--opt-level speed"`: extra arguments for `clifcov build`.
//! - `RUSTC=/path/to/rustc`: the oracle compiler (default `rustc` from `PATH`).
//! - `DIFFERENTIAL_LLVM_BIN=/dir`: where `llvm-profdata`, `llvm-cov` and `llvm-cxxfilt` are
//!   (default `/usr/lib/llvm-22/bin`, the LLVM of rustc 1.95).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The LLVM whose `llvm-cov` is the coverage oracle: the major version rustc 1.95 is built on.
const DEFAULT_LLVM_BIN: &str = "/usr/lib/llvm-22/bin";

/// Everything the harness needs to know before it starts.
pub struct Settings {
    /// The workspace root; compilers run here so that source paths are `tests/...` for both.
    pub root: PathBuf,
    pub rustc: OsString,
    pub clifcov: PathBuf,
    pub clifcov_args: Vec<String>,
    /// The directory of the LLVM 22 tools that read both compilers' coverage.
    pub llvm_bin: PathBuf,
    pub filter: Option<String>,
    pub build_timeout: Duration,
    pub run_timeout: Duration,
    /// The limit for one LLVM tool invocation.
    pub tool_timeout: Duration,
    pub workers: usize,
}

impl Settings {
    pub fn from_environment() -> Settings {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest_dir
            .parent()
            .expect("the CLI crate lives one level below the workspace root")
            .to_path_buf();
        Settings {
            root,
            rustc: std::env::var_os("RUSTC").unwrap_or_else(|| OsString::from("rustc")),
            clifcov: PathBuf::from(env!("CARGO_BIN_EXE_clifcov")),
            clifcov_args: std::env::var("DIFFERENTIAL_CLIFCOV_ARGS")
                .map(|text| text.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            llvm_bin: std::env::var_os("DIFFERENTIAL_LLVM_BIN")
                .map_or_else(|| PathBuf::from(DEFAULT_LLVM_BIN), PathBuf::from),
            filter: std::env::var("DIFFERENTIAL_FILTER").ok(),
            build_timeout: Duration::from_secs(120),
            run_timeout: Duration::from_secs(20),
            tool_timeout: Duration::from_secs(60),
            workers: 2,
        }
    }

    /// Whether the program file `name` is selected by `DIFFERENTIAL_FILTER`.
    pub fn selects(&self, name: &str) -> bool {
        self.filter
            .as_deref()
            .is_none_or(|wanted| name.contains(wanted))
    }
}

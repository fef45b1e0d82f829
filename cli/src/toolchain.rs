//! Finding the external tools some commands need: `rustc` (the LLVM backend clifcov is
//! compared with) and the LLVM coverage tools `llvm-profdata` and `llvm-cov`, of the LLVM
//! major version that `rustc` itself uses, so that both read the profiles its programs write.
//!
//! `rustc` is `$CLIFCOV_RUSTC` or the first `rustc` in `PATH`. The LLVM tools are searched in
//! `$CLIFCOV_LLVM_BIN_DIR` alone when it is set; otherwise in every `PATH` directory (also as
//! Debian's `llvm-profdata-N`), then `/usr/lib/llvm-*/bin` (newest first), then rustc's own
//! `llvm-tools` component (`$(rustc --print sysroot)/lib/rustlib/*/bin`). A missing tool is
//! reported with what was found instead and how to install the right one.
//!
//! The `llvm-profdata` a user will read clifcov's profiles with (`user_profdata`, which
//! decides the profile's raw version) is `$LLVM_PROFDATA`, else the first `llvm-profdata`
//! in `PATH`, else that of the newest `/usr/lib/llvm-*/bin`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::failure::Failure;

/// Overrides the `rustc` to use.
pub const RUSTC_VAR: &str = "CLIFCOV_RUSTC";
/// Restricts the search for the LLVM tools to one directory.
pub const LLVM_BIN_DIR_VAR: &str = "CLIFCOV_LLVM_BIN_DIR";
/// Names the `llvm-profdata` the user reads profiles with.
pub const LLVM_PROFDATA_VAR: &str = "LLVM_PROFDATA";

/// The `llvm-profdata` a user reads profiles with, and where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserProfdata {
    pub path: PathBuf,
    pub origin: ProfdataOrigin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfdataOrigin {
    /// `$LLVM_PROFDATA`.
    Variable,
    /// The first `llvm-profdata` in `PATH`.
    Path,
    /// The newest `/usr/lib/llvm-*/bin`.
    Debian,
}

impl std::fmt::Display for UserProfdata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        match self.origin {
            ProfdataOrigin::Variable => write!(f, "{LLVM_PROFDATA_VAR}={path}"),
            ProfdataOrigin::Path => write!(f, "`{path}` (the llvm-profdata in PATH)"),
            ProfdataOrigin::Debian => write!(f, "`{path}` (the newest /usr/lib/llvm-*)"),
        }
    }
}

/// The `llvm-profdata` the user reads profiles with (see the module comment); `None` when
/// there is none.
pub fn user_profdata() -> Option<UserProfdata> {
    let found = |path, origin| UserProfdata { path, origin };
    if let Some(path) = std::env::var_os(LLVM_PROFDATA_VAR).filter(|p| !p.is_empty()) {
        return Some(found(PathBuf::from(path), ProfdataOrigin::Variable));
    }
    if let Some(path) = in_path("llvm-profdata") {
        return Some(found(path, ProfdataOrigin::Path));
    }
    debian_llvm_dirs()
        .into_iter()
        .map(|dir| dir.join("llvm-profdata"))
        .find(|path| path.is_file())
        .map(|path| found(path, ProfdataOrigin::Debian))
}

/// A `rustc` and the LLVM it is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rustc {
    pub path: PathBuf,
    /// `1.95.0`
    pub release: String,
    /// `22.1.2`
    pub llvm_version: String,
    pub llvm_major: u32,
}

/// `llvm-profdata` and `llvm-cov` of one LLVM major version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LlvmTools {
    pub profdata: PathBuf,
    pub cov: PathBuf,
    pub major: u32,
}

/// Finds `rustc` and reads its release and LLVM version from `rustc -vV`.
pub fn find_rustc() -> Result<Rustc, Failure> {
    let path = match std::env::var_os(RUSTC_VAR) {
        Some(path) => PathBuf::from(path),
        None => in_path("rustc").ok_or_else(|| {
            Failure::error(format!(
                "`rustc` is not in PATH (set {RUSTC_VAR} to its path); install Rust 1.95 \
                 with rustup (https://rustup.rs)"
            ))
        })?,
    };
    let output = Command::new(&path)
        .arg("-vV")
        .output()
        .map_err(|e| Failure::error(format!("could not run `{} -vV`: {e}", path.display())))?;
    let text = String::from_utf8_lossy(&output.stdout);
    parse_rustc_version(&text)
        .map(|(release, llvm_version)| Rustc {
            llvm_major: major_of(&llvm_version).unwrap_or(0),
            path: path.clone(),
            release,
            llvm_version,
        })
        .ok_or_else(|| {
            Failure::error(format!(
                "`{} -vV` did not say which LLVM it uses (no `LLVM version:` line)",
                path.display()
            ))
        })
}

/// `(release, LLVM version)` from `rustc -vV`'s `release:` and `LLVM version:` lines.
fn parse_rustc_version(text: &str) -> Option<(String, String)> {
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_string())
    };
    Some((field("release:")?, field("LLVM version:")?))
}

/// The major version in `22.1.2`.
fn major_of(version: &str) -> Option<u32> {
    version.split('.').next()?.trim().parse().ok()
}

/// Finds `llvm-profdata` and `llvm-cov` of LLVM `major` (see the module comment for where).
/// `rustc` gives the sysroot whose `llvm-tools` component is searched last.
pub fn find_llvm_tools(major: u32, rustc: Option<&Rustc>) -> Result<LlvmTools, Failure> {
    let explicit = std::env::var_os(LLVM_BIN_DIR_VAR).map(PathBuf::from);
    let candidates = match &explicit {
        Some(dir) => vec![dir.join("llvm-profdata")],
        None => profdata_candidates(major, rustc),
    };
    let mut other_versions = Vec::new();
    for profdata in candidates {
        let Some(version) = tool_major(&profdata) else {
            continue;
        };
        if version != major {
            other_versions.push(format!("{} (LLVM {version})", profdata.display()));
            continue;
        }
        let cov = sibling_llvm_cov(&profdata);
        if tool_major(&cov) == Some(major) {
            return Ok(LlvmTools {
                profdata,
                cov,
                major,
            });
        }
        other_versions.push(format!(
            "{} (LLVM {version}) without an llvm-cov {major} beside it",
            profdata.display()
        ));
    }
    Err(missing_tools(
        major,
        rustc,
        explicit.as_deref(),
        &other_versions,
    ))
}

fn missing_tools(
    major: u32,
    rustc: Option<&Rustc>,
    explicit: Option<&Path>,
    other_versions: &[String],
) -> Failure {
    let whose = match rustc {
        Some(r) => format!(
            " (the LLVM of rustc {}, LLVM {}, at {})",
            r.release,
            r.llvm_version,
            r.path.display()
        ),
        None => String::new(),
    };
    let mut message = format!("llvm-profdata and llvm-cov from LLVM {major}{whose} not found");
    match explicit {
        Some(dir) => message.push_str(&format!(
            "\n  searched only {LLVM_BIN_DIR_VAR}={} (unset it to search PATH and /usr/lib/llvm-*/bin)",
            dir.display()
        )),
        None => message.push_str(
            "\n  searched PATH, /usr/lib/llvm-*/bin and rustc's llvm-tools component",
        ),
    }
    if !other_versions.is_empty() {
        message.push_str("\n  found only:");
        for found in other_versions {
            message.push_str(&format!("\n    {found}"));
        }
    }
    message.push_str(&format!(
        "\n  install them with `apt-get install -y llvm-{major}` (Debian, Ubuntu), or \
         `rustup component add llvm-tools` when rustc's LLVM is {major}, or point \
         {LLVM_BIN_DIR_VAR} at a directory holding both"
    ));
    Failure::error(message)
}

/// Every `llvm-profdata` worth asking for its version, in search order, without duplicates.
fn profdata_candidates(major: u32, rustc: Option<&Rustc>) -> Vec<PathBuf> {
    let versioned = format!("llvm-profdata-{major}");
    let mut candidates = Vec::new();
    for dir in path_dirs() {
        candidates.push(dir.join("llvm-profdata"));
        candidates.push(dir.join(&versioned));
    }
    candidates.extend(
        debian_llvm_dirs()
            .into_iter()
            .map(|d| d.join("llvm-profdata")),
    );
    if let Some(rustc) = rustc {
        candidates.extend(
            rustc_tool_dirs(rustc)
                .into_iter()
                .map(|d| d.join("llvm-profdata")),
        );
    }
    let mut seen = Vec::new();
    candidates.retain(|c| {
        let key = std::fs::canonicalize(c).ok();
        let keep = key.is_some() && !seen.contains(&key);
        seen.push(key);
        keep
    });
    candidates
}

/// `llvm-cov` beside `llvm-profdata`, with the same version suffix if it has one.
fn sibling_llvm_cov(profdata: &Path) -> PathBuf {
    let name = profdata
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cov_name = name.replacen("llvm-profdata", "llvm-cov", 1);
    profdata.with_file_name(cov_name)
}

fn path_dirs() -> Vec<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default()
}

fn in_path(name: &str) -> Option<PathBuf> {
    path_dirs()
        .into_iter()
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `/usr/lib/llvm-N/bin`, highest N first.
fn debian_llvm_dirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir("/usr/lib") else {
        return Vec::new();
    };
    let mut dirs: Vec<(u32, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix("llvm-")?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .collect();
    dirs.sort_by_key(|&(version, _)| std::cmp::Reverse(version));
    dirs.into_iter().map(|(_, dir)| dir).collect()
}

/// `$(rustc --print sysroot)/lib/rustlib/*/bin`, where rustup's `llvm-tools` puts its tools.
fn rustc_tool_dirs(rustc: &Rustc) -> Vec<PathBuf> {
    let Ok(output) = Command::new(&rustc.path)
        .args(["--print", "sysroot"])
        .output()
    else {
        return Vec::new();
    };
    let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let Ok(entries) = std::fs::read_dir(sysroot.join("lib/rustlib")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|d| d.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The LLVM major version of an LLVM tool: read off a Debian install path
/// (`/usr/lib/llvm-N/bin`, after following links) without running anything, else from
/// `--version` (older `llvm-profdata`s only answer `merge --version`); `None` if it is not
/// there or does not say.
pub fn tool_major(tool: &Path) -> Option<u32> {
    if !tool.is_file() {
        return None;
    }
    if let Some(major) = tool
        .canonicalize()
        .ok()
        .as_deref()
        .and_then(debian_install_major)
    {
        return Some(major);
    }
    [vec!["--version"], vec!["merge", "--version"]]
        .iter()
        .find_map(|args| {
            let output = Command::new(tool).args(args).output().ok()?;
            parse_llvm_version(&String::from_utf8_lossy(&output.stdout))
        })
}

/// N for a tool installed by Debian's `llvm-N` package: `/usr/lib/llvm-N/bin/TOOL`.
fn debian_install_major(path: &Path) -> Option<u32> {
    let bin = path.parent()?;
    let root = bin.parent()?;
    if bin.file_name()? != "bin" || root.parent()? != Path::new("/usr/lib") {
        return None;
    }
    root.file_name()?
        .to_str()?
        .strip_prefix("llvm-")?
        .parse()
        .ok()
}

/// The major number after `LLVM version` in a tool's `--version` text
/// (`Debian LLVM version 22.1.8`, `LLVM version 22.1.2-rust-1.95.0-stable`).
fn parse_llvm_version(text: &str) -> Option<u32> {
    let (_, rest) = text.split_once("LLVM version")?;
    let digits: String = rest
        .trim_start_matches([' ', ':'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_install_paths_give_the_major_version() {
        let major = |p: &str| debian_install_major(Path::new(p));
        assert_eq!(major("/usr/lib/llvm-14/bin/llvm-profdata"), Some(14));
        assert_eq!(major("/usr/lib/llvm-22/bin/llvm-cov"), Some(22));
        assert_eq!(major("/usr/lib/llvm-22/lib/llvm-cov"), None);
        assert_eq!(major("/opt/llvm-22/bin/llvm-cov"), None);
        assert_eq!(major("/usr/lib/llvm-x/bin/llvm-cov"), None);
    }

    #[test]
    fn reads_rustcs_release_and_llvm_version() {
        let text = "rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\n\
                    host: x86_64-unknown-linux-gnu\nrelease: 1.95.0\nLLVM version: 22.1.2\n";
        assert_eq!(
            parse_rustc_version(text),
            Some(("1.95.0".to_string(), "22.1.2".to_string()))
        );
        assert_eq!(major_of("22.1.2"), Some(22));
        assert_eq!(parse_rustc_version("rustc 1.95.0\nrelease: 1.95.0\n"), None);
    }

    #[test]
    fn reads_the_major_version_of_llvm_tools() {
        assert_eq!(
            parse_llvm_version("Ubuntu LLVM version 14.0.6\n  Optimized build.\n"),
            Some(14)
        );
        assert_eq!(
            parse_llvm_version("LLVM (http://llvm.org/):\n  LLVM version 22.1.2-rust-1.95.0"),
            Some(22)
        );
        assert_eq!(parse_llvm_version("llvm-profdata: Unknown command!"), None);
    }

    #[test]
    fn llvm_cov_is_looked_for_beside_profdata_with_the_same_suffix() {
        assert_eq!(
            sibling_llvm_cov(Path::new("/usr/bin/llvm-profdata-22")),
            Path::new("/usr/bin/llvm-cov-22")
        );
        assert_eq!(
            sibling_llvm_cov(Path::new("/x/bin/llvm-profdata")),
            Path::new("/x/bin/llvm-cov")
        );
    }

    /// The installed tools answer with their own version (`/usr/lib/llvm-22` is the
    /// machine's LLVM 22; older `llvm-profdata`s need `merge --version`).
    #[test]
    fn installed_debian_tools_report_their_directorys_version() {
        for dir in debian_llvm_dirs() {
            let Some(expected) = dir
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str()?.strip_prefix("llvm-")?.parse().ok())
            else {
                continue;
            };
            let profdata = dir.join("llvm-profdata");
            if profdata.is_file() {
                assert_eq!(tool_major(&profdata), Some(expected), "{}", dir.display());
            }
        }
    }
}

//! Which LLVM a program's coverage profile is for. Each `llvm-profdata` reads only the raw
//! profile version of its own LLVM, so a build decides which version its program writes:
//! the one `--llvm-version N` names, else the one the user's `llvm-profdata` reads
//! (`toolchain::user_profdata`), else LLVM 22's, with a note. `CLIFCOV_LLVM_VERSION=N`
//! still picks another layout when the program runs (see `rt/README.md`).

use clap::Args;
use clifcov_backend::RawProfileVersion;

use crate::failure::Failure;
use crate::toolchain::{self, UserProfdata, LLVM_PROFDATA_VAR};

/// The newest LLVM clifcov writes profiles for, used when no `llvm-profdata` is found.
const FALLBACK_MAJOR: u32 = 22;

/// `--llvm-version`, shared by the commands that build a program with coverage.
#[derive(Args, Debug, Clone, Default)]
pub struct LlvmVersionArgs {
    /// The LLVM (14 to 22) whose llvm-profdata will read the program's profiles
    /// [default: the version of $LLVM_PROFDATA, else of the llvm-profdata in PATH, else of
    /// the newest /usr/lib/llvm-*/bin, else 22]
    #[arg(long, value_name = "N", value_parser = parse_llvm_major)]
    pub llvm_version: Option<u32>,
}

impl LlvmVersionArgs {
    /// The raw profile version the program writes by default. The user's `llvm-profdata`
    /// is asked for its version only when the program has coverage and no version was
    /// given.
    pub fn profile_version(&self, coverage: bool) -> Result<RawProfileVersion, Failure> {
        let major = match self.llvm_version {
            Some(major) => major,
            None if !coverage => return Ok(RawProfileVersion::default()),
            None => detected_major()?,
        };
        RawProfileVersion::for_llvm_major(major)
            .ok_or_else(|| Failure::error(not_served(&format!("LLVM {major}"), major)))
    }
}

/// `--llvm-version`'s value: an LLVM major version clifcov writes profiles for.
fn parse_llvm_major(text: &str) -> Result<u32, String> {
    let major = text
        .parse::<u32>()
        .map_err(|_| "expected an LLVM major version from 14 to 22, such as `22`".to_string())?;
    match RawProfileVersion::for_llvm_major(major) {
        Some(_) => Ok(major),
        None => Err(not_served(&format!("LLVM {major}"), major)),
    }
}

/// The major version of the user's `llvm-profdata`, or 22 (with a note) if there is none.
fn detected_major() -> Result<u32, Failure> {
    let Some(profdata) = toolchain::user_profdata() else {
        eprintln!(
            "note: no llvm-profdata found (${LLVM_PROFDATA_VAR}, PATH, /usr/lib/llvm-*/bin): \
             the profile is for LLVM {FALLBACK_MAJOR} (choose with --llvm-version N)"
        );
        return Ok(FALLBACK_MAJOR);
    };
    served_major(&profdata, toolchain::tool_major(&profdata.path))
}

/// `reported`, the version `profdata` gave, if clifcov writes profiles it reads.
fn served_major(profdata: &UserProfdata, reported: Option<u32>) -> Result<u32, Failure> {
    match reported {
        Some(major) if RawProfileVersion::for_llvm_major(major).is_some() => Ok(major),
        Some(major) => Err(Failure::error(format!(
            "{}\n  {}",
            not_served(&format!("{profdata}, LLVM {major},"), major),
            WHAT_TO_DO
        ))),
        None => Err(Failure::error(format!(
            "{profdata} did not say its LLVM version (`--version`), so clifcov cannot tell \
             which profile it reads\n  {WHAT_TO_DO}"
        ))),
    }
}

const WHAT_TO_DO: &str = "pass --llvm-version N for the LLVM (14 to 22) whose llvm-profdata \
                          will read the profiles, or set LLVM_PROFDATA to that llvm-profdata \
                          (Debian: apt-get install llvm-22; /usr/lib/llvm-22/bin/llvm-profdata)";

/// Why `what` (LLVM `major`) gets no profile from clifcov.
fn not_served(what: &str, major: u32) -> String {
    let why = if major < 14 {
        "older llvm-profdata read raw profile versions clifcov does not write"
    } else {
        "a newer llvm-profdata reads only its own, newer raw profile version"
    };
    format!("{what} is not served: clifcov writes profiles for LLVM 14 to 22 ({why})")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::toolchain::ProfdataOrigin;

    fn profdata(origin: ProfdataOrigin) -> UserProfdata {
        UserProfdata {
            path: PathBuf::from("/opt/llvm/bin/llvm-profdata"),
            origin,
        }
    }

    #[test]
    fn each_llvm_gets_the_raw_version_its_llvm_profdata_reads() {
        let versions: Vec<(u32, u8)> = (14..=22)
            .map(|major| {
                let args = LlvmVersionArgs {
                    llvm_version: Some(major),
                };
                (major, args.profile_version(true).unwrap().number())
            })
            .collect();
        let expected = [8, 8, 8, 8, 9, 10, 10, 10, 10];
        assert_eq!(versions, (14..=22).zip(expected).collect::<Vec<_>>());
    }

    #[test]
    fn llvm_version_values_outside_14_to_22_are_refused_with_the_range() {
        assert_eq!(parse_llvm_major("14"), Ok(14));
        assert_eq!(parse_llvm_major("22"), Ok(22));
        for text in ["13", "23", "abc", "19.1", "-1", ""] {
            let error = parse_llvm_major(text).unwrap_err();
            assert!(
                error.contains("14") && error.contains("22"),
                "{text}: {error}"
            );
        }
        assert!(parse_llvm_major("23")
            .unwrap_err()
            .contains("LLVM 23 is not served"));
    }

    #[test]
    fn a_detected_llvm_profdata_decides_if_clifcov_serves_it() {
        let variable = profdata(ProfdataOrigin::Variable);
        assert_eq!(served_major(&variable, Some(16)).unwrap(), 16);
        let newer = served_major(&variable, Some(23)).unwrap_err().to_string();
        assert!(
            newer.starts_with(
                "error: LLVM_PROFDATA=/opt/llvm/bin/llvm-profdata, LLVM 23, is not served"
            ),
            "{newer}"
        );
        assert!(newer.contains("--llvm-version N"), "{newer}");
        let path = profdata(ProfdataOrigin::Path);
        let older = served_major(&path, Some(13)).unwrap_err().to_string();
        assert!(
            older.contains("(the llvm-profdata in PATH), LLVM 13,"),
            "{older}"
        );
        let mute = served_major(&path, None).unwrap_err().to_string();
        assert!(mute.contains("did not say its LLVM version"), "{mute}");
        assert!(mute.contains("LLVM_PROFDATA"), "{mute}");
    }

    #[test]
    fn without_coverage_no_version_is_needed() {
        let args = LlvmVersionArgs::default();
        assert_eq!(args.profile_version(false).unwrap(), RawProfileVersion::V10);
    }
}

//! Linking the program's object and the embedded runtime's into a static, position-dependent
//! executable without a C library (the runtime has its own entry point and makes system
//! calls itself, see `rt/src/freestanding.rs`), by calling the linker directly: no compiler
//! driver, start files or shared libraries to find and read. GNU gold when the system has
//! it, GNU ld otherwise or when gold fails; `$LD` instead of both when set.

use std::path::Path;
use std::process::Command;

use crate::failure::Failure;
use crate::runtime_lib::RUNTIME_OBJECT;

/// How `build` and `run` link, for their `--help`.
pub const LINKING_HELP: &str = "Linking: the executable is static and needs no C library; \
     clifcov links the program's object and its runtime's with `ld.gold` when it is on PATH, \
     otherwise (or when gold fails) with `ld` (GNU binutils). Set LD to use another linker.";

/// Writes `object` and the runtime's object into `work_dir` and links them into `output`.
pub fn link_executable(object: &[u8], work_dir: &Path, output: &Path) -> Result<(), Failure> {
    let object_path = work_dir.join("program.o");
    let runtime_path = work_dir.join("clifcov_rt.o");
    write(&object_path, object)?;
    write(&runtime_path, RUNTIME_OBJECT)?;
    let inputs = [object_path.as_path(), runtime_path.as_path()];
    link_with(&linkers(), &inputs, output)
}

/// The linkers to try, in turn: `$LD` alone when it is set; otherwise gold when it is on
/// `PATH`, then GNU ld.
fn linkers() -> Vec<String> {
    if let Some(linker) = std::env::var_os("LD") {
        return vec![linker.to_string_lossy().into_owned()];
    }
    let mut linkers = Vec::new();
    if on_path("ld.gold") {
        linkers.push("ld.gold".to_string());
    }
    linkers.push("ld".to_string());
    linkers
}

/// Links `inputs` into `output` with the first of `linkers` that succeeds; the last one's
/// error when none does.
fn link_with(linkers: &[String], inputs: &[&Path], output: &Path) -> Result<(), Failure> {
    let mut result = Err(Failure::error("no linker to link with".to_string()));
    for linker in linkers {
        result = run_linker(linker, inputs, output);
        if result.is_ok() {
            break;
        }
    }
    result
}

/// The options of every link: a static executable at the default address, with only the
/// inputs (no C library or start files), and without a build ID (nothing reads one; the
/// linker would hash the whole executable for it).
const LINK_OPTIONS: [&str; 3] = ["-static", "-nostdlib", "--build-id=none"];

fn run_linker(linker: &str, inputs: &[&Path], output: &Path) -> Result<(), Failure> {
    let result = Command::new(linker)
        .args(LINK_OPTIONS)
        .args(inputs)
        .arg("-o")
        .arg(output)
        .output()
        .map_err(|e| {
            Failure::error(format!(
                "could not run the linker `{linker}`: {e}\n\
                 clifcov links with GNU ld or gold, from binutils; install them \
                 (e.g. `apt-get install -y binutils`) or point LD at a linker"
            ))
        })?;
    if result.status.success() {
        return Ok(());
    }
    Err(Failure::error(format!(
        "linking with `{linker}` failed ({})\n{}",
        result.status,
        String::from_utf8_lossy(&result.stderr).trim_end()
    )))
}

fn on_path(program: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| dir.join(program).is_file())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::error(format!("couldn't write `{}`: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use object::{Object, ObjectKind, ObjectSymbol};

    use super::{link_executable, link_with, on_path, RUNTIME_OBJECT};
    use crate::args::CountersArg;
    use crate::compile;
    use crate::testing::{compile_options, corpus_files};

    #[test]
    fn executables_are_static_position_dependent_without_build_id_and_linked_by_gold_when_there_is_one(
    ) {
        let dir = tempfile::tempdir().unwrap();
        let options = compile_options(&corpus_files()[0], CountersArg::Plain);
        let object = compile::object(&options).unwrap();
        let executable = dir.path().join("program");
        link_executable(&object, dir.path(), &executable).unwrap();
        let bytes = std::fs::read(&executable).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        // A PIE would be a shared object (`ET_DYN`).
        assert_eq!(file.kind(), ObjectKind::Executable);
        assert!(
            file.section_by_name(".interp").is_none(),
            "no dynamic loader"
        );
        assert!(
            file.section_by_name(".dynamic").is_none(),
            "no shared library"
        );
        assert!(file.section_by_name(".note.gnu.build-id").is_none());
        let gold_note = file.section_by_name(".note.gnu.gold-version");
        assert_eq!(gold_note.is_some(), on_path("ld.gold"));
        let entry = file.symbol_by_name("_start").unwrap();
        assert_eq!(file.entry(), entry.address());
    }

    #[test]
    fn when_a_linker_fails_the_next_one_links_and_the_last_error_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let options = compile_options(&corpus_files()[0], CountersArg::Plain);
        let object_path = dir.path().join("program.o");
        std::fs::write(&object_path, compile::object(&options).unwrap()).unwrap();
        let runtime_path = dir.path().join("clifcov_rt.o");
        std::fs::write(&runtime_path, RUNTIME_OBJECT).unwrap();
        let executable = dir.path().join("program");
        let inputs = [object_path.as_path(), runtime_path.as_path()];
        let linkers = ["false".to_string(), "ld".to_string()];
        link_with(&linkers, &inputs, &executable).unwrap();
        let bytes = std::fs::read(&executable).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        assert_eq!(file.kind(), ObjectKind::Executable);
        assert!(file.section_by_name(".note.gnu.gold-version").is_none());
        let linkers = ["ld".to_string(), "false".to_string()];
        let missing = dir.path().join("missing.o");
        let inputs = [object_path.as_path(), missing.as_path()];
        let error = link_with(&linkers, &inputs, &executable).unwrap_err();
        assert!(format!("{error:?}").contains("linking with `false` failed"));
    }
}

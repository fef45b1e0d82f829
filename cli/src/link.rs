//! Linking with the system C compiler driver: the program's object plus the embedded runtime,
//! into a position-dependent executable, with GNU gold when the system has it.

use std::path::Path;
use std::process::Command;

use crate::failure::Failure;
use crate::runtime_lib::RUNTIME_ARCHIVE;

/// Writes `object` and the runtime archive into `work_dir` and links them into `output`.
pub fn link_executable(object: &[u8], work_dir: &Path, output: &Path) -> Result<(), Failure> {
    let object_path = work_dir.join("program.o");
    let runtime_path = work_dir.join("libclifcov_rt.a");
    write(&object_path, object)?;
    write(&runtime_path, RUNTIME_ARCHIVE)?;
    let linker = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let result = Command::new(&linker)
        .args(linker_options(gold_on_path()))
        .arg(&object_path)
        .arg(&runtime_path)
        .arg("-o")
        .arg(output)
        .output()
        .map_err(|e| {
            Failure::error(format!(
                "could not run the linker `{linker}`: {e}\n\
                 clifcov links with the system C compiler; install one \
                 (e.g. `apt-get install -y gcc`) or point CC at it"
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

/// The driver options clifcov links with. The code is compiled position-dependent
/// (`backend::target`), so the executable is too (`-no-pie`): the loader then applies no
/// relocations to the program's data. GNU gold, when there is one, links clifcov's objects
/// in about half the time of the default GNU ld (benchmarks/RESULTS.md), on every core.
fn linker_options(gold: bool) -> Vec<&'static str> {
    let mut options = vec!["-no-pie"];
    if gold {
        options.extend(["-fuse-ld=gold", "-Wl,--threads"]);
    }
    options
}

/// Whether `ld.gold` is in one of the `PATH` directories, where the C compiler driver looks
/// for it.
fn gold_on_path() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| dir.join("ld.gold").is_file())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::error(format!("couldn't write `{}`: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use object::{Object, ObjectKind};

    use super::{gold_on_path, link_executable};
    use crate::args::CountersArg;
    use crate::compile;
    use crate::testing::{compile_options, corpus_files};

    #[test]
    fn executables_are_position_dependent_and_linked_by_gold_when_there_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let options = compile_options(&corpus_files()[0], CountersArg::Plain);
        let object = compile::object(&options).unwrap();
        let executable = dir.path().join("program");
        link_executable(&object, dir.path(), &executable).unwrap();
        let bytes = std::fs::read(&executable).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        // A PIE would be a shared object (`ET_DYN`).
        assert_eq!(file.kind(), ObjectKind::Executable);
        let gold_note = file.section_by_name(".note.gnu.gold-version");
        assert_eq!(gold_note.is_some(), gold_on_path());
    }
}

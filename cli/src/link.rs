//! Linking with the system C compiler driver: the program's object plus the embedded runtime's,
//! into a position-dependent executable, with GNU gold when the system has it (and the
//! driver's default linker when gold fails).

use std::path::Path;
use std::process::Command;

use crate::failure::Failure;
use crate::runtime_lib::RUNTIME_OBJECT;

/// Writes `object` and the runtime's object into `work_dir` and links them into `output`.
pub fn link_executable(object: &[u8], work_dir: &Path, output: &Path) -> Result<(), Failure> {
    let object_path = work_dir.join("program.o");
    let runtime_path = work_dir.join("clifcov_rt.o");
    write(&object_path, object)?;
    write(&runtime_path, RUNTIME_OBJECT)?;
    let linker = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let inputs = [object_path.as_path(), runtime_path.as_path()];
    link_with(&linker, gold_on_path(), &inputs, output)
}

/// Links `inputs` into `output` with the C compiler driver `linker`, through gold if `gold`;
/// when that fails, again with the driver's default linker, whose error is the one reported
/// if it fails too.
fn link_with(linker: &str, gold: bool, inputs: &[&Path], output: &Path) -> Result<(), Failure> {
    match run_linker(linker, &linker_options(gold), inputs, output) {
        Err(_) if gold => run_linker(linker, &linker_options(false), inputs, output),
        result => result,
    }
}

fn run_linker(
    linker: &str,
    options: &[&str],
    inputs: &[&Path],
    output: &Path,
) -> Result<(), Failure> {
    let result = Command::new(linker)
        .args(options)
        .args(inputs)
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
/// relocations to the program's data. No build ID: nothing reads one (clifcov writes no
/// debug information for it to identify, and the runtime writes no binary IDs into the
/// profile), and the linker would hash the whole executable for it, 2.3 ms of a 17 ms link
/// at 1000 functions. GNU gold, when there is one, links clifcov's objects in about half
/// the time of the default GNU ld (benchmarks/RESULTS.md), on every core.
fn linker_options(gold: bool) -> Vec<&'static str> {
    let mut options = vec!["-no-pie", "-Wl,--build-id=none"];
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
    use std::fs::Permissions;
    use std::os::unix::fs::PermissionsExt;

    use object::{Object, ObjectKind};

    use super::{gold_on_path, link_executable, link_with, RUNTIME_OBJECT};
    use crate::args::CountersArg;
    use crate::compile;
    use crate::testing::{compile_options, corpus_files};

    #[test]
    fn executables_are_position_dependent_without_build_id_and_linked_by_gold_when_there_is_one() {
        let dir = tempfile::tempdir().unwrap();
        let options = compile_options(&corpus_files()[0], CountersArg::Plain);
        let object = compile::object(&options).unwrap();
        let executable = dir.path().join("program");
        link_executable(&object, dir.path(), &executable).unwrap();
        let bytes = std::fs::read(&executable).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        // A PIE would be a shared object (`ET_DYN`).
        assert_eq!(file.kind(), ObjectKind::Executable);
        assert!(file.section_by_name(".note.gnu.build-id").is_none());
        let gold_note = file.section_by_name(".note.gnu.gold-version");
        assert_eq!(gold_note.is_some(), gold_on_path());
    }

    #[test]
    fn when_gold_fails_the_default_linker_links() {
        let dir = tempfile::tempdir().unwrap();
        let options = compile_options(&corpus_files()[0], CountersArg::Plain);
        let object_path = dir.path().join("program.o");
        std::fs::write(&object_path, compile::object(&options).unwrap()).unwrap();
        let runtime_path = dir.path().join("clifcov_rt.o");
        std::fs::write(&runtime_path, RUNTIME_OBJECT).unwrap();
        let refuses_gold = dir.path().join("refuses-gold");
        // A driver that fails whenever it is asked for gold, and is `cc` otherwise.
        let script = concat!(
            "#!/bin/sh\n",
            "for a in \"$@\"; do [ \"$a\" = -fuse-ld=gold ] && exit 1; done\n",
            "exec cc \"$@\"\n",
        );
        std::fs::write(&refuses_gold, script).unwrap();
        std::fs::set_permissions(&refuses_gold, Permissions::from_mode(0o755)).unwrap();
        let executable = dir.path().join("program");
        let inputs = [object_path.as_path(), runtime_path.as_path()];
        let linker = refuses_gold.to_str().unwrap();
        link_with(linker, true, &inputs, &executable).unwrap();
        let bytes = std::fs::read(&executable).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        assert_eq!(file.kind(), ObjectKind::Executable);
        assert!(file.section_by_name(".note.gnu.gold-version").is_none());
        let error = link_with("false", true, &inputs, &executable).unwrap_err();
        assert!(format!("{error:?}").contains("linking with `false` failed"));
    }
}

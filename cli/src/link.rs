//! Linking with the system C compiler driver: the program's object plus the embedded runtime.

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

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes)
        .map_err(|e| Failure::error(format!("couldn't write `{}`: {e}", path.display())))
}

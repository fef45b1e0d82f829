//! The compile pipeline shared by every command: source file -> IR -> object file.

use std::path::Path;

use clifcov_backend::{OptLevel, Options};
use clifcov_ir::Program;

use crate::args::{CompileOptions, OptLevelArg};
use crate::failure::Failure;

/// Reads and parses the source file and lowers it to the IR.
pub fn lower(options: &CompileOptions) -> Result<Program, Failure> {
    let path = options.file.to_string_lossy().into_owned();
    let source = std::fs::read_to_string(&options.file)
        .map_err(|e| Failure::error(format!("couldn't read `{path}`: {e}")))?;
    clifcov_frontend::compile(&path, &source).map_err(|d| Failure::Diagnostics(d.render()))
}

pub fn backend_options(options: &CompileOptions) -> Options {
    Options {
        opt_level: match options.opt_level {
            OptLevelArg::None => OptLevel::None,
            OptLevelArg::Speed => OptLevel::Speed,
        },
        ..Options::default()
    }
}

/// Compiles the source file to the bytes of a relocatable object.
pub fn object(options: &CompileOptions) -> Result<Vec<u8>, Failure> {
    let program = lower(options)?;
    clifcov_backend::compile_object(&program, &backend_options(options))
        .map_err(|e| Failure::error(format!("code generation failed: {e}")))
}

/// The file stem of the source, the default name of what is built from it.
pub fn file_stem(file: &Path) -> Result<String, Failure> {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::error(format!("`{}` does not name a file", file.display())))
}

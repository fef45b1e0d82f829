//! `clifcov build`: source file to executable.

use std::path::PathBuf;

use clap::Args;

use super::temp_dir;
use crate::args::CompileOptions;
use crate::compile;
use crate::failure::Failure;
use crate::link::link_executable;
use crate::llvm_version::LlvmVersionArgs;
use crate::time_passes::timed;

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub compile: CompileOptions,

    #[command(flatten)]
    pub llvm: LlvmVersionArgs,

    /// Where to write the executable [default: the file stem, in the current directory]
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

pub fn build(args: &BuildArgs) -> Result<i32, Failure> {
    let output = match &args.output {
        Some(path) => path.clone(),
        None => PathBuf::from(compile::file_stem(&args.compile.file)?),
    };
    let profile_version = args.llvm.profile_version(!args.compile.no_coverage)?;
    let object = compile::object_for(&args.compile, profile_version)?;
    let work_dir = temp_dir()?;
    timed(args.compile.time_passes, "linking", || {
        link_executable(&object, work_dir.path(), &output)
    })?;
    Ok(0)
}

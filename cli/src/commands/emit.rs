//! `clifcov emit`: intermediate forms of a program, for people debugging the compiler.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::write_file;
use crate::args::CompileOptions;
use crate::compile;
use crate::failure::Failure;

#[derive(Args, Debug)]
pub struct EmitArgs {
    /// What to print
    #[arg(value_enum)]
    pub what: EmitKind,

    #[command(flatten)]
    pub compile: CompileOptions,

    /// Where to write the output [default: standard output for text, FILE_STEM.o for `obj`]
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// With `coverage-graph` and `spanview`: show only this function
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmitKind {
    /// The IR after instrumentation, laid out like rustc's MIR dump, with source spans
    Mir,
    /// The Cranelift IR of every function, annotated with the IR it came from
    Clif,
    /// The relocatable object file (written to a file)
    Obj,
    /// The coverage map, decoded as `clifcov dump-coverage` prints it
    Covmap,
    /// The coverage graph as Graphviz dot: blocks, spans and counters of each node
    CoverageGraph,
    /// An HTML page of each function's source with its regions shaded by coverage block
    Spanview,
}

pub fn emit(args: &EmitArgs) -> Result<i32, Failure> {
    let text = match args.what {
        EmitKind::Mir => clifcov_ir::print_program(&compile::compile(&args.compile)?.program),
        EmitKind::Covmap => super::dump_coverage::covmap_text(&args.compile)?,
        EmitKind::CoverageGraph => {
            super::coverage_graph::coverage_graph(&args.compile, args.function.as_deref())?
        }
        EmitKind::Spanview => super::spanview::spanview(&args.compile, args.function.as_deref())?,
        EmitKind::Clif => {
            let compiled = compile::compile(&args.compile)?;
            clifcov_backend::clif_text(&compiled.program, &compiled.options)
                .map_err(|e| Failure::error(format!("code generation failed: {e}")))?
        }
        EmitKind::Obj => {
            let object = compile::object(&args.compile)?;
            let default = format!("{}.o", compile::file_stem(&args.compile.file)?);
            let output = args
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from(default));
            write_file(&output, &object)?;
            return Ok(0);
        }
    };
    match &args.output {
        Some(path) => write_file(path, text.as_bytes())?,
        None => print!("{text}"),
    }
    Ok(0)
}

//! `clifcov dump-coverage`: the coverage map of any ELF executable or object (clifcov's,
//! rustc's, clang's) as readable text, decoded by `clifcov_coverage::read`; and the same
//! text for a source file, compiled by clifcov (`clifcov emit covmap`).

use std::path::PathBuf;

use clap::Args;
use clifcov_coverage::read::read_elf;

use crate::args::CompileOptions;
use crate::compile;
use crate::failure::Failure;

#[derive(Args, Debug)]
pub struct DumpCoverageArgs {
    /// An ELF executable or object file built with coverage (clifcov, `rustc -C
    /// instrument-coverage`, `clang -fprofile-instr-generate -fcoverage-mapping`)
    #[arg(value_name = "BINARY_OR_OBJECT")]
    pub file: PathBuf,
}

pub fn dump_coverage(args: &DumpCoverageArgs) -> Result<i32, Failure> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Failure::error(format!("couldn't read `{}`: {e}", args.file.display())))?;
    print!(
        "{}",
        decoded_text(&bytes, &args.file.display().to_string())?
    );
    Ok(0)
}

/// The decoded coverage map of the object clifcov compiles from the source of `options`.
pub fn covmap_text(options: &CompileOptions) -> Result<String, Failure> {
    if options.no_coverage {
        return Err(Failure::error(
            "`emit covmap` shows the coverage map, which `--no-coverage` turns off",
        ));
    }
    let object = compile::object(options)?;
    decoded_text(
        &object,
        &format!("the object compiled from {}", options.file.display()),
    )
}

fn decoded_text(bytes: &[u8], what: &str) -> Result<String, Failure> {
    read_elf(bytes)
        .map(|file| file.to_string())
        .map_err(|e| Failure::error(format!("{what}: {e}")))
}

#[cfg(test)]
mod tests {
    use clifcov_coverage::read::{read_elf, Region};

    use crate::args::CountersArg;
    use crate::compile;
    use crate::testing::{compile_options, corpus_files};

    /// The decoder gives back, for every corpus program, exactly what the encoder was given:
    /// names, hashes, expressions and regions of every function, in the encoder's order.
    #[test]
    fn decoder_round_trips_the_encoder_on_every_corpus_program() {
        let files = corpus_files();
        for file in &files {
            let compiled = compile::compile(&compile_options(file, CountersArg::Plain))
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let object =
                clifcov_backend::compile_object(&compiled.program, &compiled.options).unwrap();
            let coverage = compiled.options.coverage.expect("coverage is on");
            let decoded = read_elf(&object).unwrap();
            assert_eq!(decoded.functions.len(), coverage.map.functions.len());
            for (read, written) in decoded.functions.iter().zip(&coverage.map.functions) {
                let at = format!("{}: {}", file.display(), written.pgo_name);
                assert_eq!(read.name, written.pgo_name, "{at}");
                assert_eq!(read.name_hash, written.name_hash, "{at}");
                assert_eq!(read.func_hash, written.func_hash, "{at}");
                assert_eq!(read.expressions, written.expressions, "{at}");
                // The encoder writes regions sorted (stably) by file id and start.
                let mut regions: Vec<Region> = written.regions.iter().map(Region::from).collect();
                regions.sort_by_key(|r| (r.file_id, r.range.start_line, r.range.start_col));
                assert_eq!(read.regions, regions, "{at}");
                assert_eq!(read.files.len(), 1, "{at}");
                assert!(read.files[0].name.ends_with(&coverage.map.source_path));
            }
        }
    }
}

//! The read side of the coverage formats: decodes the `__llvm_covmap`, `__llvm_covfun` and
//! `__llvm_prf_names` sections of any little-endian ELF file (a clifcov object or program,
//! a `rustc -C instrument-coverage` or clang `-fcoverage-mapping` binary) into plain data,
//! a [`CoverageFile`], whose `Display` is a readable dump.
//!
//! Reading follows LLVM 22's `CoverageMappingReader`: covmap Version4 to Version7 (stored 3
//! to 6), compressed or stored names and filenames, every region kind including MC/DC.
//! Every covfun record is listed (llvm-cov would drop duplicates of one name). Malformed
//! input gives a [`ReadError`] saying where and what, never a panic.

mod covmap;
mod cursor;
mod elf;
mod error;
mod function;
mod inflate;
mod linear;
#[cfg(test)]
mod llvm_cov_oracle;
pub(crate) mod mapping;
mod names;
mod render;
#[cfg(test)]
mod robustness;
#[cfg(test)]
mod round_trip;

pub use crate::covfun::{Counter, ExprKind, Expression, SourceRange};
pub use covmap::CovmapRecord;
pub use error::{Place, Problem, ReadError};
pub use function::{FunctionRecord, MappedFile};
pub use linear::CounterSum;
pub use mapping::{Region, RegionKind};

/// Everything the coverage sections of one file say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageFile {
    /// The `__llvm_covmap` records (one per translation unit), in section order.
    pub covmap_records: Vec<CovmapRecord>,
    /// The `__llvm_covfun` records, in section order.
    pub functions: Vec<FunctionRecord>,
    /// Every name in `__llvm_prf_names`, in order.
    pub names: Vec<String>,
}

impl CoverageFile {
    /// The version of the first covmap record, which selects LLVM's reader for the file.
    pub fn version(&self) -> Option<u32> {
        self.covmap_records.first().map(|r| r.version)
    }
}

/// Reads the coverage sections of an ELF file.
pub fn read_elf(bytes: &[u8]) -> Result<CoverageFile, ReadError> {
    let sections = elf::coverage_sections(bytes)?;
    let covmap = sections
        .covmap
        .ok_or(ReadError::MissingSection(elf::COVMAP))?;
    read_sections(&covmap, &sections.covfun, sections.names.as_deref())
}

/// Reads the contents of the three sections (`names` may be absent when `covfun` is empty).
/// Several covfun records must each start 8-byte aligned, as in an ELF section.
pub fn read_sections(
    covmap: &[u8],
    covfun: &[u8],
    names: Option<&[u8]>,
) -> Result<CoverageFile, ReadError> {
    let covmap_records = covmap::read_covmap(covmap).map_err(|e| e.at(Place::Covmap))?;
    let names = names
        .map(names::read_names)
        .transpose()
        .map_err(|e| e.at(Place::Names))?;
    let functions = function::read_functions(covfun, names.as_ref(), &covmap_records)?;
    Ok(CoverageFile {
        covmap_records,
        functions,
        names: names.map(|n| n.names).unwrap_or_default(),
    })
}

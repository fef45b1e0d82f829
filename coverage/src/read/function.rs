//! Reading `__llvm_covfun` (FORMATS.md 4.4, 4.6): each record's name found through its
//! `NameRef` in the names, its filenames through its `FilenamesRef` in the covmap records,
//! and its mapping blob decoded, with file ids resolved to file names and expressions to
//! sums of physical counters.

use crate::covfun::{CovfunRecord, Expression};

use super::covmap::CovmapRecord;
use super::error::{Malformed, Place, Problem, ReadError};
use super::linear::{resolve, CounterSum, Resolved};
use super::mapping::{decode_mapping, Mapping, Region};
use super::names::NameTable;

/// A function's coverage record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionRecord {
    /// The PGO name: the linker symbol (v0-mangled for Rust), or `file:name` for clang's
    /// local functions.
    pub name: String,
    /// MD5 (low 64 bits) of `name`: the record's `NameRef`.
    pub name_hash: u64,
    /// Structural hash; 0 for a function that was never instrumented (unused).
    pub func_hash: u64,
    pub filenames_ref: u64,
    /// Index of the covmap record (translation unit) whose filenames the record uses.
    pub covmap_record: usize,
    /// The function's file ids, in order.
    pub files: Vec<MappedFile>,
    pub expressions: Vec<Expression>,
    /// `expressions[i]` as a sum of physical counters.
    pub resolved_expressions: Vec<CounterSum>,
    /// In file-id order, as stored.
    pub regions: Vec<Region>,
    /// The highest physical counter id the regions use, directly or through expressions.
    pub max_counter_id: Option<u32>,
    /// Bytes after the last region; LLVM's reader ignores them, no known writer emits any.
    pub trailing_bytes: usize,
}

/// A file id of a function: an index into its translation unit's filenames, and the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedFile {
    pub filename_index: u32,
    pub name: String,
}

impl FunctionRecord {
    /// An unused function: not instrumented, all its regions have the Zero counter.
    pub fn is_unused(&self) -> bool {
        self.func_hash == 0
    }

    /// The demangled Rust name (`t::foo` for `_RNvCs..._1t3foo`), without the crate
    /// disambiguator; `None` when the name is not a Rust symbol.
    pub fn demangled_name(&self) -> Option<String> {
        rustc_demangle::try_demangle(&self.name)
            .ok()
            .map(|name| format!("{name:#}"))
    }
}

pub(super) fn read_functions(
    covfun: &[u8],
    names: Option<&NameTable>,
    covmaps: &[CovmapRecord],
) -> Result<Vec<FunctionRecord>, ReadError> {
    let records = CovfunRecord::decode_all(covfun).map_err(|_| ReadError::CovfunTruncated)?;
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let names = names.ok_or(ReadError::MissingSection("__llvm_prf_names"))?;
    records
        .iter()
        .enumerate()
        .map(|(index, record)| read_function(index, record, names, covmaps))
        .collect()
}

fn read_function(
    index: usize,
    record: &CovfunRecord,
    names: &NameTable,
    covmaps: &[CovmapRecord],
) -> Result<FunctionRecord, ReadError> {
    let name = names
        .find(record.name_hash)
        .ok_or(ReadError::NameNotFound {
            record: index,
            name_hash: record.name_hash,
        })?
        .to_string();
    let covmap_record = covmaps
        .iter()
        .position(|c| c.filenames_ref == record.filenames_ref)
        .ok_or_else(|| ReadError::FilenamesNotFound {
            record: index,
            name: name.clone(),
            filenames_ref: record.filenames_ref,
        })?;
    let place = Place::Mapping {
        record: index,
        name: name.clone(),
    };
    let mapping = decode_mapping(&record.mapping).map_err(|e| e.at(place.clone()))?;
    let files = map_files(&mapping.file_ids, &covmaps[covmap_record].filenames)
        .map_err(|e| e.at(place.clone()))?;
    // Offset 0: an expression problem belongs to the table, not to one byte of it.
    let resolved = resolve(&mapping.expressions)
        .map_err(|problem| Malformed { offset: 0, problem }.at(place.clone()))?;
    let max_counter_id = max_counter_id(&mapping, &resolved);
    Ok(FunctionRecord {
        name,
        name_hash: record.name_hash,
        func_hash: record.func_hash,
        filenames_ref: record.filenames_ref,
        covmap_record,
        files,
        expressions: mapping.expressions,
        resolved_expressions: resolved.sums,
        regions: mapping.regions,
        max_counter_id,
        trailing_bytes: mapping.trailing_bytes,
    })
}

fn map_files(file_ids: &[u32], filenames: &[String]) -> Result<Vec<MappedFile>, Malformed> {
    file_ids
        .iter()
        .enumerate()
        .map(|(file_id, &index)| match filenames.get(index as usize) {
            Some(name) => Ok(MappedFile {
                filename_index: index,
                name: name.clone(),
            }),
            None => Err(Malformed {
                offset: 0,
                problem: Problem::BadFileIndex {
                    file_id,
                    index,
                    filenames: filenames.len(),
                },
            }),
        })
        .collect()
}

fn max_counter_id(mapping: &Mapping, resolved: &Resolved) -> Option<u32> {
    mapping
        .regions
        .iter()
        .flat_map(|r| r.kind.counters())
        .filter_map(|c| resolved.max_id(c))
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str) -> FunctionRecord {
        FunctionRecord {
            name: name.to_string(),
            name_hash: 0,
            func_hash: 0,
            filenames_ref: 0,
            covmap_record: 0,
            files: Vec::new(),
            expressions: Vec::new(),
            resolved_expressions: Vec::new(),
            regions: Vec::new(),
            max_counter_id: None,
            trailing_bytes: 0,
        }
    }

    /// rustc's names (FORMATS.md section 5) and clifcov's (`clifcov_ir::v0_symbol`).
    #[test]
    fn demangles_rust_v0_names_only() {
        assert_eq!(
            record("_RNvCsjMaewn57Afh_1t3foo")
                .demangled_name()
                .as_deref(),
            Some("t::foo")
        );
        let clifcov = clifcov_ir::v0_symbol("my_crate", "helper");
        assert_eq!(
            record(&clifcov).demangled_name().as_deref(),
            Some("my_crate::helper")
        );
        assert_eq!(
            record("_RNvNvCs1234_3app5outer5inner")
                .demangled_name()
                .as_deref(),
            Some("app::outer::inner")
        );
        assert_eq!(record("t.c:unused_fn").demangled_name(), None);
        assert_eq!(record("main").demangled_name(), None);
    }
}

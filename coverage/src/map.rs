//! The coverage data of a whole program, as the instrumentation pass returns it, and its
//! encoding into the three object-file sections LLVM's tools read.

use std::fmt;

use clifcov_ir::FuncId;

use crate::covfun::{CovfunRecord, Expression, MappingError, MappingParts, Region};
use crate::covmap::{encode_covmap_record, encode_filenames, COVMAP_VERSION6};
use crate::hash::md5_low64;
use crate::names::{encode_names, NamesError};
use crate::zlib::Compression;

/// Coverage data of one function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionCoverage {
    pub func: FuncId,
    /// The PGO name: the function's linker symbol.
    pub pgo_name: String,
    /// MD5 (low 64 bits) of `pgo_name`: `NameRef` of the profile data record.
    pub name_hash: u64,
    /// Structural hash, never 0 for a used function; 0 marks an unused function.
    pub func_hash: u64,
    /// Physical counters (`__llvm_prf_cnts` slots); 0 for an unused function.
    pub num_counters: u32,
    pub expressions: Vec<Expression>,
    /// Regions in source order, all in file id 0 (the program's source file).
    pub regions: Vec<Region>,
}

impl FunctionCoverage {
    /// True when the function is instrumented (it needs a profile data record and counters).
    pub fn is_used(&self) -> bool {
        self.func_hash != 0
    }

    /// The function's mapping: all its regions in the program's source file (file id 0).
    fn mapping_parts(&self) -> MappingParts<'_> {
        MappingParts {
            file_ids: &[1],
            expressions: &self.expressions,
            regions: &self.regions,
        }
    }
}

/// Coverage data of a program: one entry per function that has code regions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoverageMap {
    /// The source path as the program gives it; made absolute against the compilation
    /// directory in the filenames table, as rustc does.
    pub source_path: String,
    pub functions: Vec<FunctionCoverage>,
}

/// The contents of the coverage sections of one object file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoverageSections {
    /// `__llvm_covmap`: non-alloc, align 8.
    pub covmap: Vec<u8>,
    /// `__llvm_covfun`: one section per record (non-alloc, align 8), each in a COMDAT group
    /// named by `comdat_symbol`, or all concatenated into one section.
    pub covfun: Vec<CovfunSection>,
    /// `__llvm_prf_names`: alloc, align 1.
    pub names: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CovfunSection {
    pub comdat_symbol: String,
    /// The record, zero-padded to a multiple of 8 bytes.
    pub data: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionsError {
    Names(NamesError),
    Mapping {
        function: String,
        error: MappingError,
    },
}

impl fmt::Display for SectionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionsError::Names(error) => write!(f, "coverage names: {error}"),
            SectionsError::Mapping { function, error } => {
                write!(f, "coverage mapping of `{function}`: {error}")
            }
        }
    }
}

impl std::error::Error for SectionsError {}

impl CoverageMap {
    pub fn used_functions(&self) -> impl Iterator<Item = &FunctionCoverage> {
        self.functions.iter().filter(|f| f.is_used())
    }

    /// The filenames table: the compilation directory, then the source file.
    pub fn filenames(&self, compilation_dir: &str) -> [String; 2] {
        let file = if self.source_path.starts_with('/') {
            self.source_path.clone()
        } else {
            format!(
                "{}/{}",
                compilation_dir.trim_end_matches('/'),
                self.source_path
            )
        };
        [compilation_dir.to_string(), file]
    }

    /// Encodes the covmap, covfun and names sections.
    pub fn sections(
        &self,
        compilation_dir: &str,
        compression: Compression,
    ) -> Result<CoverageSections, SectionsError> {
        let [dir, file] = self.filenames(compilation_dir);
        let filenames_blob = encode_filenames(&dir, &[&file], compression);
        let filenames_ref = md5_low64(&filenames_blob);
        let mut covfun = Vec::with_capacity(self.functions.len());
        for function in &self.functions {
            let mapping =
                function
                    .mapping_parts()
                    .encode()
                    .map_err(|error| SectionsError::Mapping {
                        function: function.pgo_name.clone(),
                        error,
                    })?;
            let record = CovfunRecord {
                name_hash: function.name_hash,
                func_hash: function.func_hash,
                filenames_ref,
                mapping,
            };
            covfun.push(CovfunSection {
                comdat_symbol: record.comdat_symbol(),
                data: record.encode(),
            });
        }
        let names: Vec<&str> = self.functions.iter().map(|f| f.pgo_name.as_str()).collect();
        let names = if names.is_empty() {
            Vec::new()
        } else {
            encode_names(&names, compression).map_err(SectionsError::Names)?
        };
        Ok(CoverageSections {
            covmap: encode_covmap_record(&filenames_blob, COVMAP_VERSION6),
            covfun,
            names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covfun::{Counter, RegionKind, SourceRange};
    use crate::read::{self, mapping::decode_mapping, read_sections};

    fn function(name: &str, func_hash: u64) -> FunctionCoverage {
        let counter = if func_hash == 0 {
            Counter::Zero
        } else {
            Counter::Physical(0)
        };
        FunctionCoverage {
            func: FuncId(0),
            pgo_name: name.to_string(),
            name_hash: md5_low64(name.as_bytes()),
            func_hash,
            num_counters: u32::from(func_hash != 0),
            expressions: vec![],
            regions: vec![Region {
                file_id: 0,
                kind: RegionKind::Code(counter),
                range: SourceRange {
                    start_line: 1,
                    start_col: 1,
                    end_line: 2,
                    end_col: 2,
                },
            }],
        }
    }

    #[test]
    fn sections_tie_records_to_the_filenames_and_names() {
        let map = CoverageMap {
            source_path: "src/t.rs".to_string(),
            functions: vec![function("_RNvC1t4main", 7), function("_RNvC1t4dead", 0)],
        };
        let sections = map.sections("/work/dir/", Compression::Zlib).unwrap();
        let blob_len = u32::from_le_bytes(sections.covmap[4..8].try_into().unwrap()) as usize;
        let blob = &sections.covmap[16..16 + blob_len];
        let read = read_sections(&sections.covmap, &[], Some(&sections.names)).unwrap();
        assert_eq!(
            read.covmap_records[0].filenames,
            ["/work/dir/", "/work/dir/src/t.rs"]
        );
        assert_eq!(read.names, ["_RNvC1t4main", "_RNvC1t4dead"]);
        let symbols: Vec<&str> = sections
            .covfun
            .iter()
            .map(|c| c.comdat_symbol.as_str())
            .collect();
        let main_hash = md5_low64(b"_RNvC1t4main");
        let dead_hash = md5_low64(b"_RNvC1t4dead");
        assert_eq!(
            symbols,
            [
                format!("__covrec_{main_hash:X}u"),
                format!("__covrec_{dead_hash:X}")
            ]
        );
        for (section, function) in sections.covfun.iter().zip(&map.functions) {
            let records = CovfunRecord::decode_all(&section.data).unwrap();
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].filenames_ref, md5_low64(blob));
            assert_eq!(records[0].func_hash, function.func_hash);
            assert_eq!(records[0].name_hash, function.name_hash);
            let mapping = decode_mapping(&records[0].mapping).unwrap();
            assert_eq!(mapping.file_ids, [1]);
            let regions: Vec<read::Region> = function.regions.iter().map(Into::into).collect();
            assert_eq!(mapping.regions, regions);
        }
    }

    #[test]
    fn absolute_source_paths_are_kept() {
        let map = CoverageMap {
            source_path: "/abs/t.rs".to_string(),
            functions: vec![],
        };
        assert_eq!(map.filenames("/cwd"), ["/cwd", "/abs/t.rs"]);
        let sections = map.sections("/cwd", Compression::None).unwrap();
        assert!(sections.covfun.is_empty() && sections.names.is_empty());
    }

    #[test]
    fn bad_regions_are_reported_not_panicked() {
        let mut bad = function("_RNvC1t1f", 3);
        bad.regions[0].range.end_line = 0;
        let map = CoverageMap {
            source_path: "t.rs".to_string(),
            functions: vec![bad],
        };
        let error = map.sections("/d", Compression::None).unwrap_err();
        assert!(error.to_string().contains("_RNvC1t1f"), "{error}");
    }
}

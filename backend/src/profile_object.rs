//! The LLVM profile and coverage sections that cranelift-module cannot express, added to
//! the finished object (layouts: `shared/FORMATS.md` sections 2 to 4), or alone to an
//! object of their own that describes a program run in process:
//!
//! * `__llvm_prf_data` (alloc, writable, align 8): one 64-byte raw-version-10 record per
//!   used function; its `CounterPtr` is relocated to the function's counters (the block of
//!   counters plus the function's offset in it), minus the record's own address.
//! * `__llvm_prf_names` (alloc, read-only, align 1): the PGO names of every function.
//! * `__llvm_covmap` (not alloc, align 8): the filenames record.
//! * `__llvm_covfun` (not alloc, align 8): one section holding every function record, each
//!   8-byte aligned, as a linker concatenates the per-record sections rustc and clang emit
//!   (one COMDAT group each, so that duplicates across objects are dropped). A program is
//!   a single object, so it has no duplicates: no groups, no `__covrec_` symbols.

use clifcov_coverage::{CoverageSections, FunctionCoverage};
use cranelift_object::ObjectProduct;
use object::write::{Object, Relocation};
use object::{
    elf, Architecture, BinaryFormat, Endianness, RelocationFlags, SectionFlags, SectionKind,
};

use crate::error::BackendError;
use crate::options::Coverage;
use crate::profile_counters::ProfileCounters;

pub(crate) const DATA_SECTION: &str = "__llvm_prf_data";
pub(crate) const NAMES_SECTION: &str = "__llvm_prf_names";
const COVMAP_SECTION: &str = "__llvm_covmap";
const COVFUN_SECTION: &str = "__llvm_covfun";

/// `sizeof(__llvm_profile_data)` in raw version 10, and the offsets of its fields that
/// are not zero here (the bitmap pointer, function pointer, value data and site counts
/// all are: no MC/DC, no value profiling).
pub(crate) const RECORD_SIZE: usize = 64;
const NAME_REF_OFFSET: usize = 0;
const FUNC_HASH_OFFSET: usize = 8;
pub(crate) const COUNTER_PTR_OFFSET: usize = 16;
const NUM_COUNTERS_OFFSET: usize = 48;

/// Adds the profile data records and the coverage sections of `coverage` to the object.
pub(crate) fn add_profile_sections(
    product: &mut ObjectProduct,
    coverage: &Coverage,
    counters: &ProfileCounters,
) -> Result<(), BackendError> {
    add_data_records(product, coverage, counters)?;
    add_mapping_sections(&mut product.object, &coverage.sections);
    Ok(())
}

/// The bytes of an x86-64 ELF relocatable object holding only the names, covmap and covfun
/// sections of `sections`: what `llvm-cov` needs, beside a profile, to report on a program
/// whose code never was in an object file.
pub fn coverage_mapping_object(sections: &CoverageSections) -> Result<Vec<u8>, BackendError> {
    let mut object = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    add_mapping_sections(&mut object, sections);
    object
        .write()
        .map_err(|e| BackendError::Object(e.to_string()))
}

/// `__llvm_prf_names`, `__llvm_covmap` and the `__llvm_covfun` records.
fn add_mapping_sections(object: &mut Object<'_>, sections: &CoverageSections) {
    if !sections.names.is_empty() {
        let names = add_section(
            object,
            NAMES_SECTION,
            SectionKind::ReadOnlyData,
            RETAINED_ALLOC,
        );
        object.append_section_data(names, &sections.names, 1);
    }
    if !sections.covfun.is_empty() {
        let covmap = add_section(object, COVMAP_SECTION, SectionKind::Other, RETAINED);
        object.append_section_data(covmap, &sections.covmap, 8);
        let covfun = add_section(object, COVFUN_SECTION, SectionKind::Other, RETAINED);
        for record in &sections.covfun {
            object.append_section_data(covfun, &record.data, 8);
        }
    }
}

const RETAINED: u32 = elf::SHF_GNU_RETAIN;
const RETAINED_ALLOC: u32 = elf::SHF_GNU_RETAIN | elf::SHF_ALLOC;

/// A new section with ELF flags `sh_flags`.
fn add_section(
    object: &mut Object<'_>,
    name: &str,
    kind: SectionKind,
    sh_flags: u32,
) -> object::write::SectionId {
    let id = object.add_section(Vec::new(), name.as_bytes().to_vec(), kind);
    object.section_mut(id).flags = SectionFlags::Elf {
        sh_flags: sh_flags.into(),
    };
    id
}

/// `__llvm_prf_data`, one record per used function in the map's order (none, and no
/// section, when no function is used).
fn add_data_records(
    product: &mut ObjectProduct,
    coverage: &Coverage,
    counters: &ProfileCounters,
) -> Result<(), BackendError> {
    let mut used = coverage.map.used_functions().peekable();
    if used.peek().is_none() {
        return Ok(());
    }
    let flags = elf::SHF_ALLOC | elf::SHF_WRITE;
    let section = add_section(&mut product.object, DATA_SECTION, SectionKind::Data, flags);
    for function in used {
        let function_counters = counters.of(function.func).ok_or_else(|| {
            BackendError::Coverage(format!("`{}` has no counters", function.pgo_name))
        })?;
        let counters_symbol = product.data_symbol(function_counters.data);
        let object = &mut product.object;
        let record = object.append_section_data(section, &data_record(function), 8);
        let counter_ptr = COUNTER_PTR_OFFSET as u64;
        let relocation = Relocation {
            offset: record + counter_ptr,
            symbol: counters_symbol,
            // PC64 computes S + A - P with P = record + 16: the function's counters (the
            // block plus their offset in it) minus the record.
            addend: counter_ptr as i64 + i64::from(function_counters.offset),
            flags: RelocationFlags::Elf {
                r_type: elf::R_X86_64_PC64,
            },
        };
        object
            .add_relocation(section, relocation)
            .map_err(|e| BackendError::Object(e.to_string()))?;
    }
    Ok(())
}

/// The record of `function`, with `CounterPtr` left zero for the relocation (or the
/// in-process driver) to fill.
pub(crate) fn data_record(function: &FunctionCoverage) -> [u8; RECORD_SIZE] {
    let mut record = [0; RECORD_SIZE];
    let mut put = |offset: usize, bytes: &[u8]| {
        record[offset..offset + bytes.len()].copy_from_slice(bytes);
    };
    put(NAME_REF_OFFSET, &function.name_hash.to_le_bytes());
    put(FUNC_HASH_OFFSET, &function.func_hash.to_le_bytes());
    put(NUM_COUNTERS_OFFSET, &function.num_counters.to_le_bytes());
    record
}

#[cfg(test)]
mod tests {
    //! The sections read back with LLVM 22's tools from a linked, run program, with
    //! counts counted by hand from the IR; their ELF properties as clang and rustc lay
    //! them out (`shared/FORMATS.md` 2.3).

    use std::path::Path;

    use object::{Object, ObjectSection, ObjectSymbol, RelocationTarget};

    use std::collections::BTreeMap;

    use super::*;
    use crate::profile_counters::{counter_offsets, COUNTERS_SECTION, COUNTERS_SYMBOL};
    use crate::test_coverage::*;
    use crate::test_support::link;
    use crate::{compile_object, CounterMode, OptLevel};

    #[test]
    fn llvm_cov_reports_the_hand_counted_regions() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let executable = build.build(OptLevel::None);
        let profraw = build.path("demo.profraw");
        let output = run_profiled(&executable, &profraw);
        assert_eq!((output.stdout.as_str(), output.code), ("10\n", Some(0)));
        assert_eq!(
            region_counts(&executable, &profraw),
            count_program_expected()
        );
    }

    /// rustc puts each function's counters and data record in a group of their own, for
    /// `--gc-sections`, and each coverage record in a COMDAT group; clifcov groups none of
    /// them (FORMATS.md 2.3), the rest is equal.
    fn without_groups(name: &str, mut properties: SectionProperties) -> SectionProperties {
        if [COUNTERS_SECTION, DATA_SECTION, COVFUN_SECTION].contains(&name) {
            properties.sh_flags &= !u64::from(elf::SHF_GROUP);
        }
        properties
    }

    #[test]
    fn sections_have_the_properties_rustc_gives_them() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let ours = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        let ours = llvm_section_properties(&ours);
        let oracle = llvm_section_properties(&rustc_coverage_object());
        let names = |map: &BTreeMap<String, SectionProperties>| -> Vec<String> {
            map.keys().cloned().collect()
        };
        assert_eq!(names(&ours), names(&oracle));
        for (name, properties) in &oracle {
            let expected = without_groups(name, *properties);
            assert_eq!(ours[name], expected, "{name}");
        }
    }

    #[test]
    fn data_records_point_at_their_counters() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let bytes = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        let data = file.section_by_name(DATA_SECTION).unwrap();
        let used: Vec<_> = counter_offsets(&build.coverage).collect();
        assert_eq!(used.len(), 2);
        assert_eq!(data.data().unwrap().len(), RECORD_SIZE * used.len());
        let relocations: Vec<_> = data.relocations().collect();
        assert_eq!(relocations.len(), used.len());
        let block = file.symbol_by_name(COUNTERS_SYMBOL).unwrap();
        assert!(block.is_local());
        let counters_section = file
            .section_by_index(block.section_index().unwrap())
            .unwrap();
        assert_eq!(counters_section.name().unwrap(), COUNTERS_SECTION);
        let total: u32 = used.iter().map(|(f, _)| f.num_counters).sum();
        assert_eq!(block.size(), 8 * u64::from(total));
        for (index, (function, offset)) in used.iter().enumerate() {
            let record = &data.data().unwrap()[index * RECORD_SIZE..][..RECORD_SIZE];
            let mut expected = [0u8; RECORD_SIZE];
            expected[0..8].copy_from_slice(&function.name_hash.to_le_bytes());
            expected[8..16].copy_from_slice(&function.func_hash.to_le_bytes());
            expected[48..52].copy_from_slice(&function.num_counters.to_le_bytes());
            assert_eq!(record, expected, "record of {}", function.pgo_name);

            let (at, relocation) = &relocations[index];
            assert_eq!(*at, (index * RECORD_SIZE + 16) as u64);
            assert_eq!(
                relocation.flags(),
                RelocationFlags::Elf {
                    r_type: elf::R_X86_64_PC64
                }
            );
            // The record's own distance to its CounterPtr, plus the function's offset.
            assert_eq!(relocation.addend(), 16 + *offset as i64);
            let RelocationTarget::Symbol(symbol) = relocation.target() else {
                panic!("relocation to a non-symbol");
            };
            assert_eq!(symbol, block.index());
        }
        assert_eq!(used[1].1, 8 * used[0].0.num_counters as usize);
    }

    #[test]
    fn the_coverage_records_are_one_section_without_groups_or_record_symbols() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let bytes = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        let file = object::File::parse(&*bytes).unwrap();
        let records = &build.coverage.sections.covfun;
        assert_eq!(records.len(), 3);
        assert_eq!(file.comdats().count(), 0);
        let covfun: Vec<_> = file
            .sections()
            .filter(|s| s.name() == Ok(COVFUN_SECTION))
            .collect();
        assert_eq!(covfun.len(), 1);
        let joined: Vec<u8> = records.iter().flat_map(|r| r.data.clone()).collect();
        assert!(records.iter().all(|r| r.data.len() % 8 == 0));
        assert_eq!(covfun[0].data().unwrap(), joined);
        assert_eq!(covfun[0].align(), 8);
        assert!(file
            .symbols()
            .all(|s| !s.name().unwrap().starts_with("__covrec_")));
        let section_data = |name| file.section_by_name(name).unwrap().data().unwrap().to_vec();
        assert_eq!(section_data(COVMAP_SECTION), build.coverage.sections.covmap);
        assert_eq!(section_data(NAMES_SECTION), build.coverage.sections.names);
    }

    /// Stand-ins for the clifcov runtime functions the count program calls, so that it can
    /// be linked with compiler-rt's profile runtime alone.
    const RUNTIME_SHIM: &str = r#"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
void clifcov_rt_start(int argc, char **argv) { (void)argc; (void)argv; }
void clifcov_rt_catch_check_traps(const void *table) { (void)table; }
void clifcov_rt_print_str(uint32_t stream, const char *text, size_t len) {
    fwrite(text, 1, len, stream == 1 ? stdout : stderr);
}
void clifcov_rt_print_u64(uint32_t stream, uint64_t value) {
    fprintf(stream == 1 ? stdout : stderr, "%llu", (unsigned long long)value);
}
void clifcov_rt_exit(int code) { exit(code); }
"#;

    const COMPILER_RT_PROFILE: &str =
        "/usr/lib/llvm-22/lib/clang/22/lib/linux/libclang_rt.profile-x86_64.a";

    /// Links `object` with the runtime shim and LLVM 22's compiler-rt profile runtime, which
    /// then finds the sections itself and writes the profile at exit.
    fn link_with_compiler_rt(object: &Path, dir: &Path) -> std::path::PathBuf {
        let shim = dir.join("shim.c");
        std::fs::write(&shim, RUNTIME_SHIM).unwrap();
        let executable = dir.join("program-compiler-rt");
        link(
            &[
                &object,
                &shim,
                &COMPILER_RT_PROFILE,
                &"-u__llvm_profile_runtime",
            ],
            &executable,
        );
        executable
    }

    #[test]
    fn compiler_rt_writes_the_profile_our_runtime_writes() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let ours = build.build(OptLevel::None);
        let ours_profile = build.path("ours.profraw");
        assert_eq!(run_profiled(&ours, &ours_profile).stdout, "10\n");
        let theirs = link_with_compiler_rt(&build.path("program.o"), build.dir.path());
        let theirs_profile = build.path("compiler-rt.profraw");
        let output = run_profiled(&theirs, &theirs_profile);
        assert_eq!((output.stdout.as_str(), output.code), ("10\n", Some(0)));
        assert_eq!(profile_text(&theirs_profile), profile_text(&ours_profile));
        assert_eq!(
            region_counts(&theirs, &theirs_profile),
            count_program_expected()
        );
    }

    #[test]
    fn the_profile_is_written_at_every_exit() {
        let endings = [(Ending::Panic, 101), (Ending::Exit, 3)];
        for (ending, code) in endings {
            let program = count_program_ending(ending);
            let build = CoverageBuild::new(program, COUNT_SOURCE, CounterMode::Plain);
            let executable = build.build(OptLevel::None);
            let profraw = build.path("demo.profraw");
            let output = run_profiled(&executable, &profraw);
            assert_eq!((output.stdout.as_str(), output.code), ("10\n", Some(code)));
            let counts = region_counts(&executable, &profraw);
            assert_eq!(counts, count_program_expected(), "{ending:?}");
        }
    }

    #[test]
    fn runs_merged_with_percent_m_add_up() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let executable = build.build(OptLevel::None);
        let pattern = build.path("merged-%m.profraw");
        for _ in 0..3 {
            assert_eq!(run_profiled(&executable, &pattern).code, Some(0));
        }
        let profiles: Vec<_> = std::fs::read_dir(build.dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "profraw"))
            .collect();
        assert_eq!(profiles.len(), 1, "{profiles:?}");
        let tripled: BTreeMap<_, _> = count_program_expected()
            .into_iter()
            .map(|(region, count)| (region, 3 * count))
            .collect();
        assert_eq!(region_counts(&executable, &profiles[0]), tripled);
    }
}

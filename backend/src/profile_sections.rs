//! `__clifcov_profile_sections`, the descriptor through which the runtime finds the LLVM
//! profile sections (per-function data, counters, names) when it writes the `.profraw`:
//! `{ data_begin, data_end, counters_begin, counters_end, names_begin, names_end, variant_flags }`,
//! seven 8-byte words. With profile data the six pointers are relocated to the bounds the
//! linker defines for those sections (`__start_<section>`, `__stop_<section>`) and
//! `variant_flags` holds the default raw profile version (low byte) and LLVM's variant bit
//! for single-byte counters (bit 60); without it (no coverage, or no function used) every
//! word is zero, and no profile is written.

use cranelift_module::{DataDescription, Linkage, Module};

use crate::error::BackendError;
use crate::options::{CounterMode, Coverage};
use crate::profile_counters::COUNTERS_SECTION;
use crate::profile_object::{DATA_SECTION, NAMES_SECTION};

pub(crate) const PROFILE_SECTIONS_SYMBOL: &str = "__clifcov_profile_sections";

const WORDS: usize = 7;
const VARIANT_FLAGS_OFFSET: usize = 6 * 8;
/// LLVM's `VARIANT_MASK_BYTE_COVERAGE`: the profile's counters are single bytes.
const BYTE_COVERAGE_FLAG: u64 = 1 << 60;

/// The sections whose bounds the pointer words hold, in descriptor order.
const SECTIONS: [&str; 3] = [DATA_SECTION, COUNTERS_SECTION, NAMES_SECTION];

/// Defines the descriptor of `profile_data`, the coverage of an object with profile data
/// (`None` if it has none: the descriptor is then all zero).
pub(crate) fn define_profile_sections(
    module: &mut dyn Module,
    profile_data: Option<&Coverage>,
) -> Result<(), BackendError> {
    let error = |e| BackendError::cranelift(format!("`{PROFILE_SECTIONS_SYMBOL}`"), e);
    let id = module
        .declare_data(PROFILE_SECTIONS_SYMBOL, Linkage::Export, false, false)
        .map_err(error)?;
    let mut words = vec![0; WORDS * 8];
    if let Some(coverage) = profile_data {
        words[VARIANT_FLAGS_OFFSET..].copy_from_slice(&variant_flags(coverage).to_le_bytes());
    }
    let mut description = DataDescription::new();
    description.define(words.into_boxed_slice());
    description.set_align(8);
    if profile_data.is_some() {
        point_at_section_bounds(module, &mut description)?;
    }
    module.define_data(id, &description).map_err(error)
}

/// The descriptor's `variant_flags` word for `coverage` (layout: `rt/src/profile_sections.rs`),
/// also what a host that runs the program in process gives the runtime.
pub fn variant_flags(coverage: &Coverage) -> u64 {
    let byte_coverage = match coverage.counters {
        CounterMode::Byte => BYTE_COVERAGE_FLAG,
        CounterMode::Plain | CounterMode::Atomic => 0,
    };
    byte_coverage | u64::from(coverage.profile_version.number())
}

/// Relocates words 0 to 5 to `__start_`/`__stop_` of each section in turn.
fn point_at_section_bounds(
    module: &mut dyn Module,
    description: &mut DataDescription,
) -> Result<(), BackendError> {
    let bounds = SECTIONS
        .iter()
        .flat_map(|section| [format!("__start_{section}"), format!("__stop_{section}")]);
    for (word, symbol) in bounds.enumerate() {
        let id = module
            .declare_data(&symbol, Linkage::Import, false, false)
            .map_err(|e| BackendError::cranelift(format!("the declaration of `{symbol}`"), e))?;
        let global = module.declare_data_in_data(id, description);
        description.write_data_addr((word * 8) as u32, global, 0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clifcov_coverage::Entry;
    use object::{elf, Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget};

    use super::*;
    use crate::test_coverage::*;
    use crate::{compile_object, CounterMode, OptLevel, RawProfileVersion};

    /// The descriptor's section contents and relocations (offset in the descriptor, symbol).
    fn descriptor(object: &[u8]) -> (Vec<u8>, Vec<(u64, String)>) {
        let file = object::File::parse(object).unwrap();
        let symbol = file.symbol_by_name(PROFILE_SECTIONS_SYMBOL).unwrap();
        let section = file
            .section_by_index(symbol.section_index().unwrap())
            .unwrap();
        let start = symbol.address() - section.address();
        let bytes = section.data().unwrap()[start as usize..][..WORDS * 8].to_vec();
        let mut relocations = Vec::new();
        for (offset, relocation) in section.relocations() {
            let in_descriptor = offset.wrapping_sub(start);
            if in_descriptor >= (WORDS * 8) as u64 {
                continue;
            }
            let r_type = elf::R_X86_64_64;
            assert_eq!(relocation.flags(), RelocationFlags::Elf { r_type });
            assert_eq!(relocation.addend(), 0);
            let RelocationTarget::Symbol(target) = relocation.target() else {
                panic!("relocation to a non-symbol");
            };
            let target = file.symbol_by_index(target).unwrap();
            assert!(target.is_undefined());
            relocations.push((in_descriptor, target.name().unwrap().to_string()));
        }
        relocations.sort();
        (bytes, relocations)
    }

    #[test]
    fn with_profile_data_the_pointers_are_relocated_to_the_section_bounds() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let object = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        let (bytes, relocations) = descriptor(&object);
        let mut expected_bytes = [0; WORDS * 8];
        expected_bytes[VARIANT_FLAGS_OFFSET] = 10;
        assert_eq!(
            bytes, expected_bytes,
            "the addends are zero, variant_flags asks for raw version 10"
        );
        let expected: Vec<(u64, String)> = [
            "__start___llvm_prf_data",
            "__stop___llvm_prf_data",
            "__start___llvm_prf_cnts",
            "__stop___llvm_prf_cnts",
            "__start___llvm_prf_names",
            "__stop___llvm_prf_names",
        ]
        .iter()
        .enumerate()
        .map(|(word, name)| (word as u64 * 8, name.to_string()))
        .collect();
        assert_eq!(relocations, expected);
    }

    #[test]
    fn variant_flags_hold_the_default_raw_version_and_the_byte_coverage_bit() {
        let byte_coverage = 1u64 << 60;
        for (counters, version, flags) in [
            (CounterMode::Plain, RawProfileVersion::V8, 8),
            (CounterMode::Atomic, RawProfileVersion::V9, 9),
            (CounterMode::Byte, RawProfileVersion::V8, byte_coverage | 8),
            (
                CounterMode::Byte,
                RawProfileVersion::V10,
                byte_coverage | 10,
            ),
        ] {
            let mut build = CoverageBuild::new(count_program(), COUNT_SOURCE, counters);
            build.coverage.profile_version = version;
            let object = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
            let (bytes, _) = descriptor(&object);
            assert_eq!(
                bytes[VARIANT_FLAGS_OFFSET..],
                flags.to_le_bytes(),
                "{counters:?} {version:?}"
            );
        }
    }

    #[test]
    fn without_used_functions_it_is_zero_and_the_program_links_and_runs() {
        // No `#[test]` function: every function is unused.
        let build = CoverageBuild::with_entry(
            count_program(),
            COUNT_SOURCE,
            Entry::Tests,
            CounterMode::Plain,
        );
        assert!(build.coverage.map.used_functions().next().is_none());
        assert_eq!(build.coverage.map.functions.len(), 3);
        let object = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        assert_eq!(descriptor(&object), (vec![0; WORDS * 8], vec![]));
        let file = object::File::parse(&*object).unwrap();
        assert!(file.section_by_name("__llvm_prf_data").is_none());
        assert!(file.section_by_name("__llvm_prf_cnts").is_none());
        assert!(file.section_by_name("__llvm_covmap").is_some());
        let executable = build.build(OptLevel::None);
        let profraw = build.path("demo.profraw");
        let output = run_profiled(&executable, &profraw);
        assert_eq!((output.stdout.as_str(), output.code), ("10\n", Some(0)));
        assert!(
            !profraw.exists(),
            "a profile without data records was written"
        );
    }
}

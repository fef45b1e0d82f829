//! `__clifcov_profile_sections`, the descriptor through which the runtime finds the LLVM
//! profile sections (per-function data, counters, names) when it writes the `.profraw`:
//! `{ data_begin, data_end, counters_begin, counters_end, names_begin, names_end, variant_flags }`,
//! seven 8-byte words. With profile data the six pointers are relocated to the bounds the
//! linker defines for those sections (`__start_<section>`, `__stop_<section>`); without
//! it (no coverage, or no function used) every word is zero, and no profile is written.

use cranelift_module::{DataDescription, Linkage, Module};

use crate::error::BackendError;
use crate::profile_counters::COUNTERS_SECTION;
use crate::profile_object::{DATA_SECTION, NAMES_SECTION};

pub(crate) const PROFILE_SECTIONS_SYMBOL: &str = "__clifcov_profile_sections";

const WORDS: usize = 7;

/// The sections whose bounds the pointer words hold, in descriptor order.
const SECTIONS: [&str; 3] = [DATA_SECTION, COUNTERS_SECTION, NAMES_SECTION];

/// Defines the descriptor: relocated to the section bounds when the object has profile
/// data, else all zero.
pub(crate) fn define_profile_sections(
    module: &mut dyn Module,
    has_profile_data: bool,
) -> Result<(), BackendError> {
    let error = |e| BackendError::cranelift(format!("`{PROFILE_SECTIONS_SYMBOL}`"), e);
    let id = module
        .declare_data(PROFILE_SECTIONS_SYMBOL, Linkage::Export, false, false)
        .map_err(error)?;
    let mut description = DataDescription::new();
    description.define(vec![0; WORDS * 8].into_boxed_slice());
    description.set_align(8);
    if has_profile_data {
        point_at_section_bounds(module, &mut description)?;
    }
    module.define_data(id, &description).map_err(error)
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
    use crate::{compile_object, CounterMode, OptLevel};

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
        assert_eq!(
            bytes,
            [0; WORDS * 8],
            "variant_flags and the addends are zero"
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

//! The coverage counters of an instrumented program: one array of counters (`u64`, or one
//! byte each with single-byte coverage), `__profc_<PGO name>`, per used function. An
//! executable defines them in the `__llvm_prf_cnts` section, initialised as the counter
//! mode says; code run in process imports them from one block of memory
//! its host owns, laid out as that section is. Counter increments update them; the profile
//! data records point to them.

use clifcov_coverage::FunctionCoverage;
use clifcov_ir::{FuncId, Program};
use cranelift_module::{DataDescription, DataId, Linkage, Module};

use crate::error::BackendError;
use crate::options::{CounterMode, Coverage};

pub(crate) const COUNTERS_SECTION: &str = "__llvm_prf_cnts";

/// The most counters a function may have: the byte offset of each must fit the `i32`
/// offset of a Cranelift memory access.
fn max_counters(mode: CounterMode) -> u32 {
    i32::MAX as u32 / mode.counter_size()
}

/// Where a module's counters live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CounterStorage {
    /// Zero-initialised arrays defined in the module's `__llvm_prf_cnts` section.
    Defined,
    /// Arrays the module imports under their `__profc_` names (see [`counter_offsets`]).
    Imported,
}

/// The size in bytes of a block holding the counters of every used function of
/// `coverage` (each byte initially `coverage.counters.initial_byte()`).
pub fn counters_size(coverage: &Coverage) -> usize {
    let counter_size = coverage.counters.counter_size() as usize;
    coverage
        .map
        .used_functions()
        .map(|function| function.num_counters as usize * counter_size)
        .sum()
}

/// Each used function of `coverage` with the byte offset of its counters in a block
/// holding them all, one after the other in `used_functions` order, as in an
/// executable's `__llvm_prf_cnts` section.
pub(crate) fn counter_offsets(
    coverage: &Coverage,
) -> impl Iterator<Item = (&FunctionCoverage, usize)> {
    let counter_size = coverage.counters.counter_size() as usize;
    coverage
        .map
        .used_functions()
        .scan(0, move |offset, function| {
            let start = *offset;
            *offset += function.num_counters as usize * counter_size;
            Some((function, start))
        })
}

/// The symbol of a function's counters.
pub(crate) fn counters_symbol(pgo_name: &str) -> String {
    format!("__profc_{pgo_name}")
}

/// The counters of one function.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FunctionCounters {
    pub data: DataId,
    pub len: u32,
}

/// The counters of every instrumented function, by IR function index.
#[derive(Debug, Default)]
pub(crate) struct ProfileCounters {
    by_function: Vec<Option<FunctionCounters>>,
}

impl ProfileCounters {
    /// Defines or imports the counters of every used function of `coverage` (none without
    /// coverage).
    pub(crate) fn define(
        module: &mut dyn Module,
        program: &Program,
        coverage: Option<&Coverage>,
        storage: CounterStorage,
    ) -> Result<ProfileCounters, BackendError> {
        let mut counters = ProfileCounters {
            by_function: vec![None; program.functions.len()],
        };
        let Some(coverage) = coverage else {
            return Ok(counters);
        };
        let mode = coverage.counters;
        for function in coverage.map.used_functions() {
            let slot = counters
                .by_function
                .get_mut(function.func.index())
                .ok_or_else(|| invalid(&function.pgo_name, "names no function of the program"))?;
            if slot.is_some() {
                return Err(invalid(&function.pgo_name, "has two coverage records"));
            }
            if function.num_counters == 0 {
                return Err(invalid(&function.pgo_name, "is used but has no counters"));
            }
            if function.num_counters > max_counters(mode) {
                return Err(invalid(&function.pgo_name, "has too many counters"));
            }
            let data = match storage {
                CounterStorage::Defined => {
                    define_counters(module, &function.pgo_name, function.num_counters, mode)?
                }
                CounterStorage::Imported => import_counters(module, &function.pgo_name)?,
            };
            *slot = Some(FunctionCounters {
                data,
                len: function.num_counters,
            });
        }
        Ok(counters)
    }

    /// The counters of function `id`, if it is instrumented.
    pub(crate) fn of(&self, id: FuncId) -> Option<FunctionCounters> {
        self.by_function.get(id.index()).copied().flatten()
    }

    /// True when no function has counters (so the object has no profile data at all).
    pub(crate) fn is_empty(&self) -> bool {
        self.by_function.iter().all(Option::is_none)
    }
}

fn invalid(pgo_name: &str, complaint: &str) -> BackendError {
    BackendError::Coverage(format!("the record of `{pgo_name}` {complaint}"))
}

/// A local, writable array of `len` counters of `mode` in `__llvm_prf_cnts`, aligned to
/// the counter size (8, or 1 for bytes, as clang aligns them).
fn define_counters(
    module: &mut dyn Module,
    pgo_name: &str,
    len: u32,
    mode: CounterMode,
) -> Result<DataId, BackendError> {
    let symbol = counters_symbol(pgo_name);
    let error = |e| BackendError::cranelift(format!("the coverage counters `{symbol}`"), e);
    let id = module
        .declare_data(&symbol, Linkage::Local, true, false)
        .map_err(error)?;
    let mut description = DataDescription::new();
    let size = len as usize * mode.counter_size() as usize;
    description.define(vec![mode.initial_byte(); size].into_boxed_slice());
    description.set_custom_section(COUNTERS_SECTION);
    description.set_align(mode.counter_size().into());
    module.define_data(id, &description).map_err(error)?;
    Ok(id)
}

/// The writable counters of `pgo_name`, defined outside the module.
fn import_counters(module: &mut dyn Module, pgo_name: &str) -> Result<DataId, BackendError> {
    let symbol = counters_symbol(pgo_name);
    module
        .declare_data(&symbol, Linkage::Import, true, false)
        .map_err(|e| BackendError::cranelift(format!("the coverage counters `{symbol}`"), e))
}

#[cfg(test)]
mod tests {
    use clifcov_coverage::CoverageMap;
    use clifcov_ir::FuncId;

    use super::COUNTERS_SECTION;
    use crate::test_coverage::*;
    use crate::{compile_object, BackendError, CounterMode, OptLevel};

    /// Spoils a coverage map.
    type Tampering = fn(&mut CoverageMap);

    /// The `__llvm_prf_cnts` sections of the count program built with `counters`: their
    /// alignments and joined contents, and the number of counters of its used functions.
    fn counters_sections(counters: CounterMode) -> (Vec<u64>, Vec<u8>, usize) {
        use object::{Object, ObjectSection};
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, counters);
        let object = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        let file = object::File::parse(&*object).unwrap();
        let sections: Vec<_> = file
            .sections()
            .filter(|s| s.name() == Ok(COUNTERS_SECTION))
            .collect();
        let aligns = sections.iter().map(|s| s.align()).collect();
        let data = sections.iter().flat_map(|s| s.data().unwrap().to_vec());
        let map = &build.coverage.map;
        let total = map.used_functions().map(|f| f.num_counters as usize).sum();
        (aligns, data.collect(), total)
    }

    #[test]
    fn counters_are_zero_u64s_or_bytes_of_0xff_as_clang_makes_them() {
        let (aligns, data, total) = counters_sections(CounterMode::Plain);
        assert!(aligns.iter().all(|&a| a == 8), "{aligns:?}");
        assert_eq!(data, vec![0; total * 8]);
        let (aligns, data, total) = counters_sections(CounterMode::Byte);
        assert!(aligns.iter().all(|&a| a == 1), "{aligns:?}");
        assert_eq!(data, vec![0xff; total]);
    }

    #[test]
    fn coverage_data_that_does_not_fit_the_program_is_an_error() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        assert!(build.coverage.map.functions[0].is_used());
        let tamperings: [(Tampering, &str); 4] = [
            (|map| map.functions[0].func = FuncId(7), "names no function"),
            (
                |map| map.functions.push(map.functions[0].clone()),
                "has two coverage records",
            ),
            (
                |map| map.functions[0].num_counters = 0,
                "is used but has no counters",
            ),
            (
                |map| map.functions[0].num_counters = u32::MAX,
                "has too many counters",
            ),
        ];
        for (tamper, complaint) in tamperings {
            let mut options = build.options(OptLevel::None);
            tamper(&mut options.coverage.as_mut().unwrap().map);
            let error = compile_object(&build.program, &options).unwrap_err();
            assert!(matches!(error, BackendError::Coverage(_)), "{error:?}");
            let message = error.to_string();
            assert!(message.contains(complaint), "{message}");
            assert!(message.contains("4demo5count`"), "{message}");
        }
    }
}

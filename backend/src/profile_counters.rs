//! The coverage counters of an instrumented program: one block of counters (`u64`, or one
//! byte each with single-byte coverage) holding those of every used function, one after
//! the other (`counter_offsets`), under one symbol, `__clifcov_counters`. An executable
//! defines it alone in its `__llvm_prf_cnts` section, initialised as the counter mode says;
//! code run in process imports it from the block of memory its host owns. Counter
//! increments update it at the function's offset; the profile data records point into it.

use clifcov_coverage::FunctionCoverage;
use clifcov_ir::{FuncId, Program};
use cranelift_module::{DataDescription, DataId, Linkage, Module};

use crate::error::BackendError;
use crate::options::{CounterMode, Coverage};

pub(crate) const COUNTERS_SECTION: &str = "__llvm_prf_cnts";
/// The symbol of the block of every function's counters.
pub(crate) const COUNTERS_SYMBOL: &str = "__clifcov_counters";

/// The most bytes the counters may take: the offset of each must fit the `i32` offset of
/// a Cranelift memory access.
const MAX_COUNTERS_SIZE: u64 = i32::MAX as u64;

/// Where a module's counters live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CounterStorage {
    /// A zero-initialised block defined in the module's `__llvm_prf_cnts` section.
    Defined,
    /// A block the module imports as `COUNTERS_SYMBOL` (laid out by [`counter_offsets`]).
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

/// The counters of one function: `len` counters at byte `offset` of the block `data`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FunctionCounters {
    pub data: DataId,
    pub offset: u32,
    pub len: u32,
}

/// The counters of every instrumented function, by IR function index.
#[derive(Debug, Default)]
pub(crate) struct ProfileCounters {
    by_function: Vec<Option<FunctionCounters>>,
}

impl ProfileCounters {
    /// Defines or imports the block of counters of every used function of `coverage` (none
    /// without coverage, or without used functions).
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
        let counter_size = u64::from(coverage.counters.counter_size());
        let mut block = None;
        let mut size = 0;
        for (function, offset) in counter_offsets(coverage) {
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
            size = offset as u64 + u64::from(function.num_counters) * counter_size;
            if size > MAX_COUNTERS_SIZE {
                return Err(invalid(&function.pgo_name, "has too many counters"));
            }
            let data = match block {
                Some(data) => data,
                None => *block.insert(declare_counters(module, storage)?),
            };
            *slot = Some(FunctionCounters {
                data,
                offset: offset as u32,
                len: function.num_counters,
            });
        }
        if let (Some(data), CounterStorage::Defined) = (block, storage) {
            define_counters(module, data, size as usize, coverage.counters)?;
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

fn counters_error(error: cranelift_module::ModuleError) -> BackendError {
    BackendError::cranelift(format!("the coverage counters `{COUNTERS_SYMBOL}`"), error)
}

/// The writable block of counters: local to the module, or defined outside it.
fn declare_counters(
    module: &mut dyn Module,
    storage: CounterStorage,
) -> Result<DataId, BackendError> {
    let linkage = match storage {
        CounterStorage::Defined => Linkage::Local,
        CounterStorage::Imported => Linkage::Import,
    };
    module
        .declare_data(COUNTERS_SYMBOL, linkage, true, false)
        .map_err(counters_error)
}

/// Defines the block `data` as `size` bytes of counters of `mode` in `__llvm_prf_cnts`,
/// aligned to the counter size (8, or 1 for bytes, as clang aligns them).
fn define_counters(
    module: &mut dyn Module,
    data: DataId,
    size: usize,
    mode: CounterMode,
) -> Result<(), BackendError> {
    let mut description = DataDescription::new();
    description.define(vec![mode.initial_byte(); size].into_boxed_slice());
    description.set_custom_section(COUNTERS_SECTION);
    description.set_align(mode.counter_size().into());
    module
        .define_data(data, &description)
        .map_err(counters_error)
}

#[cfg(test)]
mod tests {
    use clifcov_coverage::CoverageMap;
    use clifcov_ir::FuncId;

    use super::{COUNTERS_SECTION, COUNTERS_SYMBOL};
    use crate::test_coverage::*;
    use crate::{compile_object, BackendError, CounterMode, OptLevel};

    /// Spoils a coverage map.
    type Tampering = fn(&mut CoverageMap);

    /// The one `__llvm_prf_cnts` section of the count program built with `counters`: its
    /// alignment and contents, and the number of counters of the program's used functions.
    /// The section holds the block of counters and nothing else.
    fn counters_section(counters: CounterMode) -> (u64, Vec<u8>, usize) {
        use object::{Object, ObjectSection, ObjectSymbol};
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, counters);
        let object = compile_object(&build.program, &build.options(OptLevel::None)).unwrap();
        let file = object::File::parse(&*object).unwrap();
        let sections: Vec<_> = file
            .sections()
            .filter(|s| s.name() == Ok(COUNTERS_SECTION))
            .collect();
        assert_eq!(sections.len(), 1);
        let section = &sections[0];
        let in_section: Vec<_> = file
            .symbols()
            .filter(|s| s.section_index() == Some(section.index()))
            .filter_map(|s| s.name().ok().filter(|name| !name.is_empty()))
            .collect();
        assert_eq!(in_section, [COUNTERS_SYMBOL]);
        let block = file.symbol_by_name(COUNTERS_SYMBOL).unwrap();
        assert!(block.is_local());
        assert_eq!((block.address(), block.size()), (0, section.size()));
        let map = &build.coverage.map;
        let total = map.used_functions().map(|f| f.num_counters as usize).sum();
        (section.align(), section.data().unwrap().to_vec(), total)
    }

    #[test]
    fn counters_are_zero_u64s_or_bytes_of_0xff_as_clang_makes_them() {
        let (align, data, total) = counters_section(CounterMode::Plain);
        assert_eq!(align, 8);
        assert_eq!(data, vec![0; total * 8]);
        let (align, data, total) = counters_section(CounterMode::Byte);
        assert_eq!(align, 1);
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

    #[test]
    fn counters_that_fit_alone_but_not_after_the_others_are_an_error() {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let mut options = build.options(OptLevel::None);
        let map = &mut options.coverage.as_mut().unwrap().map;
        let used: Vec<_> = map.used_functions().map(|f| f.func).collect();
        assert_eq!(used.len(), 2);
        let first = map
            .functions
            .iter_mut()
            .find(|f| f.func == used[0])
            .unwrap();
        first.num_counters = (i32::MAX / 8) as u32;
        let second = map.functions.iter().find(|f| f.func == used[1]).unwrap();
        let second_name = format!("`{}`", second.pgo_name);
        let error = compile_object(&build.program, &options).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("has too many counters"), "{message}");
        assert!(message.contains(&second_name), "{message}");
    }
}

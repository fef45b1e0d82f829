//! The coverage counters of an instrumented program: one zero-initialised array of `u64`,
//! `__profc_<PGO name>`, per used function, in the `__llvm_prf_cnts` section. Counter
//! increments update them; the profile data records point to them.

use clifcov_coverage::CoverageMap;
use clifcov_ir::{FuncId, Program};
use cranelift_module::{DataDescription, DataId, Linkage, Module};

use crate::error::BackendError;

pub(crate) const COUNTERS_SECTION: &str = "__llvm_prf_cnts";
/// Bytes per counter.
pub(crate) const COUNTER_SIZE: u32 = 8;

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
    /// Defines the counters of every used function of `map` (none without a map).
    pub(crate) fn define(
        module: &mut dyn Module,
        program: &Program,
        map: Option<&CoverageMap>,
    ) -> Result<ProfileCounters, BackendError> {
        let mut counters = ProfileCounters {
            by_function: vec![None; program.functions.len()],
        };
        for function in map.into_iter().flat_map(CoverageMap::used_functions) {
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
            let data = define_counters(module, &function.pgo_name, function.num_counters)?;
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

/// A local, writable, 8-aligned array of `len` zero counters in `__llvm_prf_cnts`.
fn define_counters(
    module: &mut dyn Module,
    pgo_name: &str,
    len: u32,
) -> Result<DataId, BackendError> {
    let symbol = format!("__profc_{pgo_name}");
    let error = |e| BackendError::cranelift(format!("the coverage counters `{symbol}`"), e);
    let id = module
        .declare_data(&symbol, Linkage::Local, true, false)
        .map_err(error)?;
    let mut description = DataDescription::new();
    let size = len as usize * COUNTER_SIZE as usize;
    description.define(vec![0; size].into_boxed_slice());
    description.set_custom_section(COUNTERS_SECTION);
    description.set_align(COUNTER_SIZE.into());
    module.define_data(id, &description).map_err(error)?;
    Ok(id)
}

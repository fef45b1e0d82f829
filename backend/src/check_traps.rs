//! The built-in checks of an executable, compiled to traps. A failed check executes a trap
//! whose code is its own in its function, where it would otherwise branch to a block that
//! calls `clifcov_rt_panic_assert`: one instruction and no block for Cranelift. Cranelift
//! reports the offset of each trap in the machine code; the table `__clifcov_check_traps`
//! lists every trap's function, offset, message and location record (the layout of the
//! runtime's `check_traps::CheckTrap` after a `u64` count), and the C `main` hands it to
//! the runtime, whose handler of the trap's signal panics as the call would have.

use cranelift_codegen::ir::TrapCode;
use cranelift_codegen::MachTrap;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};

use crate::error::BackendError;

/// The trap code of a function's first check; code 1 is `base::UNREACHABLE_TRAP`.
const FIRST_CODE: u8 = 2;

/// The bytes of one entry of the table.
const ENTRY_SIZE: usize = 24;

/// The table's symbol, local to the object.
const TABLE_SYMBOL: &str = "__clifcov_check_traps";

/// A check lowered to a trap: its message number and the offset of its location record in
/// the table of locations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CheckSite {
    pub message: u32,
    pub location: u32,
}

/// The checks of one function lowered to traps, in the order of their codes.
#[derive(Default)]
pub(crate) struct FunctionChecks {
    sites: Vec<CheckSite>,
}

impl FunctionChecks {
    /// The trap code of a new check; `None` when the function has used every code.
    pub(crate) fn add(&mut self, site: CheckSite) -> Option<TrapCode> {
        let number = u8::try_from(self.sites.len()).ok()?;
        let code = TrapCode::user(FIRST_CODE.checked_add(number)?)?;
        self.sites.push(site);
        Some(code)
    }

    /// The checks among the traps of the function's machine code, with their offsets.
    pub(crate) fn placed(&self, traps: &[MachTrap]) -> Vec<(u32, CheckSite)> {
        traps
            .iter()
            .filter_map(|trap| {
                let number = trap.code.as_raw().get().checked_sub(FIRST_CODE)?;
                let site = self.sites.get(usize::from(number))?;
                Some((trap.offset, *site))
            })
            .collect()
    }
}

/// Declares the table of check traps.
pub(crate) fn declare_table(module: &mut dyn Module) -> Result<DataId, BackendError> {
    module
        .declare_data(TABLE_SYMBOL, Linkage::Local, true, false)
        .map_err(|e| BackendError::cranelift(format!("the declaration of `{TABLE_SYMBOL}`"), e))
}

/// Defines the table: a count, then one entry per check trap of each function (`placed`),
/// whose location records are in `locations`.
pub(crate) fn define_table(
    module: &mut dyn Module,
    table: DataId,
    locations: Option<DataId>,
    functions: &[(FuncId, Vec<(u32, CheckSite)>)],
) -> Result<(), BackendError> {
    let count: usize = functions.iter().map(|(_, placed)| placed.len()).sum();
    let mut bytes = Vec::with_capacity(8 + count * ENTRY_SIZE);
    bytes.extend_from_slice(&(count as u64).to_le_bytes());
    let mut description = DataDescription::new();
    let locations = locations.map(|id| module.declare_data_in_data(id, &mut description));
    for (function, placed) in functions {
        let function = module.declare_func_in_data(*function, &mut description);
        for (offset, site) in placed {
            let entry = bytes.len() as u32;
            bytes.extend_from_slice(&[0; 8]);
            bytes.extend_from_slice(&offset.to_le_bytes());
            bytes.extend_from_slice(&site.message.to_le_bytes());
            bytes.extend_from_slice(&[0; 8]);
            description.write_function_addr(entry, function);
            let locations = locations.ok_or_else(|| {
                BackendError::Target("a check trap without a table of locations".to_string())
            })?;
            description.write_data_addr(entry + 16, locations, site.location.into());
        }
    }
    description.define(bytes.into_boxed_slice());
    description.set_align(8);
    module
        .define_data(table, &description)
        .map_err(|e| BackendError::cranelift(format!("the definition of `{TABLE_SYMBOL}`"), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_of_a_function_gets_a_code_of_its_own_until_they_run_out() {
        let mut checks = FunctionChecks::default();
        let site = |message| CheckSite {
            message,
            location: 24 * message,
        };
        let codes: Vec<Option<TrapCode>> = (0..300).map(|m| checks.add(site(m))).collect();
        let given = codes.iter().flatten().count();
        assert_eq!(
            given, 249,
            "codes 2 to 250: 1 is the unreachable trap, above are Cranelift's"
        );
        assert_eq!(codes[0], TrapCode::user(2));
        let traps = [
            MachTrap {
                offset: 40,
                code: TrapCode::user(4).unwrap(),
            },
            MachTrap {
                offset: 60,
                code: TrapCode::user(1).unwrap(),
            },
        ];
        assert_eq!(checks.placed(&traps), [(40, site(2))]);
    }

    #[test]
    fn entries_match_the_runtime_layout() {
        assert_eq!(
            ENTRY_SIZE,
            std::mem::size_of::<clifcov_rt::check_traps::CheckTrap>()
        );
    }
}

//! The built-in checks of an executable, compiled to traps. A failed check executes a trap
//! whose code is its own in its function, where it would otherwise branch to a block that
//! calls `clifcov_rt_panic_assert`: one instruction and no block for Cranelift. Cranelift
//! reports the offset of each trap in the machine code; the table `__clifcov_check_traps`
//! lists every trap's function, offset, message and location, and the C `main` hands it to
//! the runtime, whose handler of the trap's signal panics as the call would have. Its
//! layout is the runtime's `check_traps::CheckTraps`: the counts and the table of locations,
//! the entries, numbers only, then the address of each function with traps, so that the
//! linker relocates one address per function rather than two per trap.

use cranelift_codegen::ir::TrapCode;
use cranelift_codegen::MachTrap;
use cranelift_module::{DataDescription, DataId, FuncId, Linkage, Module};

use crate::error::BackendError;

/// The trap code of a function's first check; code 1 is `base::UNREACHABLE_TRAP`.
const FIRST_CODE: u8 = 2;

/// The bytes of the table's header: the number of entries and of functions, then the
/// address of the table of locations.
const HEADER_SIZE: usize = 16;

/// The bytes of one entry of the table.
const ENTRY_SIZE: usize = 16;

/// The bytes of a function's address.
const ADDRESS_SIZE: usize = 8;

/// The table's symbol, local to the object.
const TABLE_SYMBOL: &str = "__clifcov_check_traps";

/// A check lowered to a trap: its message number and the index of its location in the
/// table of locations.
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

/// Defines the table: the header, one entry per check trap of each function (`placed`),
/// whose locations are in `locations`, then the addresses of the functions with traps.
pub(crate) fn define_table(
    module: &mut dyn Module,
    table: DataId,
    locations: Option<DataId>,
    functions: &[(FuncId, Vec<(u32, CheckSite)>)],
) -> Result<(), BackendError> {
    let with_traps: Vec<_> = functions
        .iter()
        .filter(|(_, placed)| !placed.is_empty())
        .collect();
    let mut bytes = header_and_entries(&with_traps)?;
    let mut description = DataDescription::new();
    if !with_traps.is_empty() {
        let locations = locations.ok_or_else(|| {
            BackendError::Target("a check trap without a table of locations".to_string())
        })?;
        let locations = module.declare_data_in_data(locations, &mut description);
        description.write_data_addr(8, locations, 0);
    }
    for (function, _) in &with_traps {
        let function = module.declare_func_in_data(*function, &mut description);
        description.write_function_addr(bytes.len() as u32, function);
        bytes.extend_from_slice(&[0; ADDRESS_SIZE]);
    }
    description.define(bytes.into_boxed_slice());
    description.set_align(8);
    module
        .define_data(table, &description)
        .map_err(|e| BackendError::cranelift(format!("the definition of `{TABLE_SYMBOL}`"), e))
}

/// The table's header (the locations' address left to its relocation) and its entries, for
/// functions that each have traps; room for their addresses is reserved.
fn header_and_entries(
    with_traps: &[&(FuncId, Vec<(u32, CheckSite)>)],
) -> Result<Vec<u8>, BackendError> {
    let entry_count: usize = with_traps.iter().map(|(_, placed)| placed.len()).sum();
    let size = HEADER_SIZE + entry_count * ENTRY_SIZE + with_traps.len() * ADDRESS_SIZE;
    let mut bytes = Vec::with_capacity(size);
    bytes.extend_from_slice(&count(entry_count)?.to_le_bytes());
    bytes.extend_from_slice(&count(with_traps.len())?.to_le_bytes());
    bytes.extend_from_slice(&[0; 8]);
    for (number, (_, placed)) in with_traps.iter().enumerate() {
        for (offset, site) in placed {
            for field in [number as u32, *offset, site.message, site.location] {
                bytes.extend_from_slice(&field.to_le_bytes());
            }
        }
    }
    Ok(bytes)
}

/// A count of the table's header.
fn count(count: usize) -> Result<u32, BackendError> {
    u32::try_from(count).map_err(|_| BackendError::Target(format!("{count} check traps: too many")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_check_of_a_function_gets_a_code_of_its_own_until_they_run_out() {
        let mut checks = FunctionChecks::default();
        let site = |message| CheckSite {
            message,
            location: 3 * message,
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
        use clifcov_rt::check_traps::{CheckTrap, CheckTraps};
        assert_eq!(ENTRY_SIZE, std::mem::size_of::<CheckTrap>());
        assert_eq!(HEADER_SIZE, std::mem::size_of::<CheckTraps>());
        assert_eq!(HEADER_SIZE, std::mem::offset_of!(CheckTraps, first));
        assert_eq!(8, std::mem::offset_of!(CheckTraps, locations));
        assert_eq!(ADDRESS_SIZE, std::mem::size_of::<*const u8>());
    }
}

//! The built-in checks that generated code compiles to traps. Where a failed check would
//! call `clifcov_rt_panic_assert`, the executable's code executes a trap instruction; the
//! program's table (`CheckTraps`, built by the backend's `check_traps`) gives each trap's
//! function, offset in it, message and location. The SIGILL handler looks the interrupted
//! address up and panics as the call would have; a trap the table does not list (code the
//! compiler proved unreachable) gets the default action back, as without the handler.
//! The table holds numbers only, but for one address per function with traps and the
//! pointer to the locations: the linker has a handful of relocations to apply, not two per
//! trap.

use core::ffi::{c_int, c_void};

use crate::abi::{clifcov_rt_panic_assert, Locations};
use crate::global::Global;
use crate::sys;

/// One check trap, as the backend lays it out: its function's number in the table's
/// addresses, its offset in that function, its message and its location's number.
#[repr(C)]
pub struct CheckTrap {
    pub function: u32,
    pub offset: u32,
    pub message: u32,
    pub location: u32,
}

/// The program's table: the counts and the locations, then `entry_count` `CheckTrap`s, then
/// the addresses of `function_count` functions.
#[repr(C)]
pub struct CheckTraps {
    pub entry_count: u32,
    pub function_count: u32,
    pub locations: *const Locations,
    pub first: [CheckTrap; 0],
}

static TABLE: Global<*const CheckTraps> = Global::new(core::ptr::null());

/// Panics as the checks of `table` would have, when their traps execute.
///
/// # Safety
/// `table` must point to a `CheckTraps` followed by its `entry_count` entries, each naming
/// one of its `function_count` addresses and a valid location, and then those addresses,
/// that lives as long as the process.
pub unsafe fn catch(table: *const CheckTraps) {
    if table.is_null() || (*table).entry_count == 0 {
        return;
    }
    TABLE.with(|current| *current = table);
    sys::on_illegal_instruction(on_trap);
}

extern "C" fn on_trap(_signal: c_int, _info: *mut c_void, context: *mut c_void) {
    // SAFETY: the kernel passes the interrupted context to an SA_SIGINFO handler, and
    // `catch` stored a table valid for the life of the process.
    unsafe {
        let address = sys::interrupted_instruction(context);
        let table = TABLE.with(|table| *table);
        if let Some(trap) = find(table, address) {
            clifcov_rt_panic_assert(trap.message, (*table).locations, trap.location);
        }
    }
    sys::default_illegal_instruction();
}

/// The entry of `table` whose trap is at `address`.
///
/// # Safety
/// As for `catch`.
unsafe fn find(table: *const CheckTraps, address: usize) -> Option<&'static CheckTrap> {
    let first = (*table).first.as_ptr();
    let entries = core::slice::from_raw_parts(first, (*table).entry_count as usize);
    let functions = core::slice::from_raw_parts(
        first.add(entries.len()).cast::<*const u8>(),
        (*table).function_count as usize,
    );
    entries.iter().find(|trap| {
        functions
            .get(trap.function as usize)
            .is_some_and(|start| *start as usize + trap.offset as usize == address)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of three traps in two functions, laid out as the backend does.
    #[repr(C)]
    struct ThreeTraps {
        header: CheckTraps,
        entries: [CheckTrap; 3],
        functions: [*const u8; 2],
    }

    #[test]
    fn a_trap_is_found_by_its_function_and_offset() {
        let code = [0u8; 64];
        let entry = |function, offset, message| CheckTrap {
            function,
            offset,
            message,
            location: 0,
        };
        let table = ThreeTraps {
            header: CheckTraps {
                entry_count: 3,
                function_count: 2,
                locations: core::ptr::null(),
                first: [],
            },
            entries: [entry(0, 16, 0), entry(0, 40, 6), entry(1, 4, 2)],
            functions: [code.as_ptr(), code[32..].as_ptr()],
        };
        let table = (&table as *const ThreeTraps).cast::<CheckTraps>();
        let start = code.as_ptr() as usize;
        // SAFETY: `table` is a header followed by its entries and functions, alive for the
        // test.
        let found = |address| unsafe { find(table, address) }.map(|trap| trap.message);
        assert_eq!(found(start + 40), Some(6));
        assert_eq!(found(start + 16), Some(0));
        assert_eq!(found(start + 36), Some(2));
        assert_eq!(found(start + 17), None);
    }
}

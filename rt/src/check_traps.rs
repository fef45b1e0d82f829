//! The built-in checks that generated code compiles to traps. Where a failed check would
//! call `clifcov_rt_panic_assert`, the executable's code executes a trap instruction; the
//! program's table (`CheckTraps`, built by the backend's `check_traps`) gives each trap's
//! function, offset in it, message and location. The SIGILL handler looks the interrupted
//! address up and panics as the call would have; a trap the table does not list (code the
//! compiler proved unreachable) gets the default action back, as without the handler.

use core::ffi::{c_int, c_void};

use crate::abi::{clifcov_rt_panic_assert, Location};
use crate::global::Global;
use crate::sys;

/// One check trap, as the backend lays it out.
#[repr(C)]
pub struct CheckTrap {
    pub function: *const u8,
    pub offset: u32,
    pub message: u32,
    pub location: *const Location,
}

/// The program's table: a count, then as many `CheckTrap`s.
#[repr(C)]
pub struct CheckTraps {
    pub count: u64,
    pub first: [CheckTrap; 0],
}

static TABLE: Global<*const CheckTraps> = Global::new(core::ptr::null());

/// Panics as the checks of `table` would have, when their traps execute.
///
/// # Safety
/// `table` must point to a `CheckTraps` followed by its `count` entries, each naming a
/// valid location, that lives as long as the process.
pub unsafe fn catch(table: *const CheckTraps) {
    if table.is_null() || (*table).count == 0 {
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
        if let Some(trap) = find(TABLE.with(|table| *table), address) {
            clifcov_rt_panic_assert(trap.message, trap.location);
        }
    }
    sys::default_illegal_instruction();
}

/// The entry of `table` whose trap is at `address`.
///
/// # Safety
/// As for `catch`.
unsafe fn find(table: *const CheckTraps, address: usize) -> Option<&'static CheckTrap> {
    let entries = core::slice::from_raw_parts((*table).first.as_ptr(), (*table).count as usize);
    entries
        .iter()
        .find(|trap| trap.function as usize + trap.offset as usize == address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[repr(C)]
    struct TwoTraps {
        count: u64,
        entries: [CheckTrap; 2],
    }

    #[test]
    fn a_trap_is_found_by_its_function_and_offset() {
        let code = [0u8; 64];
        let location = Location {
            file: b"src/main.rs".as_ptr(),
            file_len: 11,
            line: 3,
            col: 5,
        };
        let entry = |offset, message| CheckTrap {
            function: code.as_ptr(),
            offset,
            message,
            location: &location,
        };
        let table = TwoTraps {
            count: 2,
            entries: [entry(16, 0), entry(40, 6)],
        };
        let table = (&table as *const TwoTraps).cast::<CheckTraps>();
        let start = code.as_ptr() as usize;
        // SAFETY: `table` is a count followed by as many entries, alive for the test.
        let found = |address| unsafe { find(table, address) }.map(|trap| trap.message);
        assert_eq!(found(start + 40), Some(6));
        assert_eq!(found(start + 16), Some(0));
        assert_eq!(found(start + 17), None);
    }
}

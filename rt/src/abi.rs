//! The C ABI that generated programs call (see the team brief): start-up, printing of
//! strings, integers and booleans to stdout (1) or stderr (2), panics, exit, argument count.

use crate::check_traps::{self, CheckTraps};
use crate::decimal::{sign_and_magnitude, Decimal};
use crate::{assert_message, environment, panic, process, streams};

/// Records the arguments and where the environment is, and prepares the standard streams;
/// called first by `main`.
///
/// # Safety
/// `argv` is null or the `argv` that C `main` received (only the environment after it is
/// read, in a program without a C library).
#[no_mangle]
pub unsafe extern "C" fn clifcov_rt_start(argc: i32, argv: *const *const u8) {
    environment::remember(argc, argv);
    process::start(argc);
}

/// Has the checks that the program compiled to traps panic when they fail (see
/// `check_traps`); called by `main` after `clifcov_rt_start`.
///
/// # Safety
/// `table` is the program's table of check traps.
#[no_mangle]
pub unsafe extern "C" fn clifcov_rt_catch_check_traps(table: *const CheckTraps) {
    check_traps::catch(table);
}

/// # Safety
/// `ptr` must point to `len` readable bytes (any pointer when `len` is 0).
#[no_mangle]
pub unsafe extern "C" fn clifcov_rt_print_str(stream: u32, ptr: *const u8, len: usize) {
    if len == 0 || ptr.is_null() {
        return;
    }
    print(stream, core::slice::from_raw_parts(ptr, len));
}

/// Prints a signed integer (narrower types sign-extended) as `Display` does.
#[no_mangle]
pub extern "C" fn clifcov_rt_print_i64(stream: u32, value: i64) {
    let (negative, magnitude) = sign_and_magnitude(value);
    if negative {
        print(stream, b"-");
    }
    print(stream, magnitude.as_bytes());
}

/// Prints an unsigned integer (narrower types zero-extended) as `Display` does.
#[no_mangle]
pub extern "C" fn clifcov_rt_print_u64(stream: u32, value: u64) {
    print(stream, Decimal::new(value).as_bytes());
}

#[no_mangle]
pub extern "C" fn clifcov_rt_print_bool(stream: u32, value: u8) {
    print(stream, if value != 0 { b"true" } else { b"false" });
}

/// Starts a panic report at `file:line:col`; the message follows as stream-2 prints.
///
/// # Safety
/// `file` must point to `file_len` readable bytes (any pointer when `file_len` is 0).
#[no_mangle]
pub unsafe extern "C" fn clifcov_rt_panic_begin(
    file: *const u8,
    file_len: usize,
    line: u32,
    col: u32,
) {
    let file = if file_len == 0 || file.is_null() {
        &[]
    } else {
        core::slice::from_raw_parts(file, file_len)
    };
    panic::begin(file, line, col);
}

/// Where the program's built-in checks can fail, as generated code emits it in read-only
/// data: the source file once, then one `Location` per distinct line and column. Only the
/// file pointer needs relocating.
#[repr(C)]
pub struct Locations {
    pub file: *const u8,
    pub file_len: usize,
    pub first: [Location; 0],
}

/// One place a built-in check can fail, in the file of its `Locations`.
#[repr(C)]
pub struct Location {
    pub line: u32,
    pub col: u32,
}

/// Panics with the fixed message `message` (see `assert_message`) at location number
/// `index` of `locations`: the same report as `clifcov_rt_panic_begin` + the message on
/// stream 2 + `clifcov_rt_panic_end`.
///
/// # Safety
/// `locations` must point to a valid `Locations` with more than `index` records, whose
/// `file` points to `file_len` readable bytes (any pointer when `file_len` is 0).
#[no_mangle]
pub unsafe extern "C" fn clifcov_rt_panic_assert(
    message: u32,
    locations: *const Locations,
    index: u32,
) -> ! {
    let locations = &*locations;
    let location = &*locations.first.as_ptr().add(index as usize);
    clifcov_rt_panic_begin(
        locations.file,
        locations.file_len,
        location.line,
        location.col,
    );
    print(2, assert_message::text(message));
    panic::end()
}

/// Ends the panic report and exits with code 101.
#[no_mangle]
pub extern "C" fn clifcov_rt_panic_end() -> ! {
    panic::end()
}

#[no_mangle]
pub extern "C" fn clifcov_rt_exit(code: i32) -> ! {
    process::exit(code)
}

/// The number of command-line arguments, program name included (`std::env::args().len()`).
#[no_mangle]
pub extern "C" fn clifcov_rt_args_len() -> usize {
    process::argument_count()
}

/// Prints, turning a failed write into the panic Rust's `print!` raises.
fn print(stream: u32, bytes: &[u8]) {
    if let Err(failure) = streams::write(stream, bytes) {
        panic::print_failed(failure);
    }
}

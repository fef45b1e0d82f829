//! The libc functions the runtime uses, declared by hand, with thin wrappers that retry
//! interrupted calls and turn failures into `errno` values.

use core::ffi::{c_char, c_int, c_void};

/// An `errno` value describing why a call failed.
pub type Errno = c_int;

pub const STDIN: c_int = 0;
pub const STDOUT: c_int = 1;
pub const STDERR: c_int = 2;

pub const EINTR: Errno = 4;
pub const EIO: Errno = 5;
const EBADF: Errno = 9;

pub const O_RDWR: c_int = 2;
const O_CLOEXEC: c_int = 0o2000000;

const F_GETFD: c_int = 1;
const SIGPIPE: c_int = 13;
const SIG_IGN: usize = 1;

extern "C" {
    fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
    fn open(path: *const c_char, flags: c_int, ...) -> c_int;
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn gettid() -> c_int;
    fn strerror(errnum: c_int) -> *const c_char;
    fn strlen(s: *const c_char) -> usize;
    fn signal(signum: c_int, handler: usize) -> usize;
    fn __errno_location() -> *mut c_int;
    fn exit(status: c_int) -> !;
}

fn last_errno() -> Errno {
    // SAFETY: glibc guarantees a valid thread-local errno location.
    unsafe { *__errno_location() }
}

/// Writes all of `bytes` to `fd`, retrying partial and interrupted writes.
pub fn write_all(fd: c_int, bytes: &[u8]) -> Result<(), Errno> {
    let mut rest = bytes;
    while !rest.is_empty() {
        // SAFETY: the pointer and length describe the live slice `rest`.
        let written = unsafe { write(fd, rest.as_ptr().cast(), rest.len()) };
        rest = remaining_after(rest, written)?;
    }
    Ok(())
}

/// The part of `rest` left after a `write`-like call returned `result`.
fn remaining_after(rest: &[u8], result: isize) -> Result<&[u8], Errno> {
    if result < 0 {
        let errno = last_errno();
        return if errno == EINTR { Ok(rest) } else { Err(errno) };
    }
    match rest.get(result as usize..) {
        Some(tail) if result > 0 => Ok(tail),
        _ => Err(EIO),
    }
}

/// Opens the NUL-terminated `path` with `flags` (close-on-exec), creating files 0644.
pub fn open_path(path: &[u8], flags: c_int) -> Result<c_int, Errno> {
    loop {
        // SAFETY: callers pass NUL-terminated paths.
        let fd = unsafe { open(path.as_ptr().cast(), flags | O_CLOEXEC, 0o644 as c_int) };
        if fd >= 0 {
            return Ok(fd);
        }
        let errno = last_errno();
        if errno != EINTR {
            return Err(errno);
        }
    }
}

/// Whether `fd` is an open descriptor.
pub fn is_open(fd: c_int) -> bool {
    // SAFETY: F_GETFD only queries the descriptor flags.
    let flags = unsafe { fcntl(fd, F_GETFD) };
    flags != -1 || last_errno() != EBADF
}

/// Makes writes to a closed pipe fail with EPIPE instead of killing the process.
pub fn ignore_sigpipe() {
    // SAFETY: installing SIG_IGN has no preconditions.
    unsafe { signal(SIGPIPE, SIG_IGN) };
}

pub fn thread_id() -> u64 {
    // SAFETY: gettid cannot fail.
    unsafe { gettid() as u64 }
}

/// The C library's description of `errno`.
pub fn error_text(errno: Errno) -> &'static [u8] {
    // SAFETY: strerror returns a NUL-terminated string that stays valid until the next call.
    unsafe { c_string(strerror(errno)) }.unwrap_or(b"Unknown error")
}

/// Borrows a NUL-terminated C string as bytes, `None` for a null pointer.
///
/// # Safety
/// `ptr` must be null or point to a NUL-terminated string that stays valid.
pub unsafe fn c_string(ptr: *const c_char) -> Option<&'static [u8]> {
    if ptr.is_null() {
        return None;
    }
    Some(core::slice::from_raw_parts(ptr.cast(), strlen(ptr)))
}

pub fn exit_process(code: c_int) -> ! {
    // SAFETY: exit never returns.
    unsafe { exit(code) }
}

#[cfg(all(clifcov_rt_standalone, not(test)))]
pub fn abort_process() -> ! {
    extern "C" {
        fn abort() -> !;
    }
    // SAFETY: abort never returns.
    unsafe { abort() }
}

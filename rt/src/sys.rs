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
const EEXIST: Errno = 17;

pub const O_WRONLY: c_int = 1;
pub const O_RDWR: c_int = 2;
pub const O_CREAT: c_int = 0o100;
pub const O_TRUNC: c_int = 0o1000;
const O_CLOEXEC: c_int = 0o2000000;

const F_GETFD: c_int = 1;
const SEEK_END: c_int = 2;
const LOCK_EX: c_int = 2;
const SIGPIPE: c_int = 13;
const SIG_IGN: usize = 1;
const SIGILL: c_int = 4;
const SIG_DFL: usize = 0;
const SA_SIGINFO: c_int = 4;
const SIG_UNBLOCK: c_int = 1;

/// glibc's `struct sigaction` on x86-64 Linux.
#[repr(C)]
struct SigAction {
    handler: usize,
    mask: [u64; 16],
    flags: c_int,
    restorer: usize,
}

/// Where `ucontext_t` (x86-64 Linux) keeps the interrupted instruction pointer:
/// `uc_mcontext.gregs[REG_RIP]`, after `uc_flags`, `uc_link` and the 24-byte `uc_stack`.
const UCONTEXT_RIP_OFFSET: usize = 40 + 16 * 8;

/// A handler of a signal with `SA_SIGINFO`: the signal, its `siginfo_t`, its `ucontext_t`.
pub type SignalHandler = extern "C" fn(c_int, *mut c_void, *mut c_void);

extern "C" {
    fn write(fd: c_int, buf: *const c_void, count: usize) -> isize;
    fn pwrite(fd: c_int, buf: *const c_void, count: usize, offset: i64) -> isize;
    fn pread(fd: c_int, buf: *mut c_void, count: usize, offset: i64) -> isize;
    fn open(path: *const c_char, flags: c_int, ...) -> c_int;
    fn close(fd: c_int) -> c_int;
    fn lseek(fd: c_int, offset: i64, whence: c_int) -> i64;
    fn flock(fd: c_int, operation: c_int) -> c_int;
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn mkdir(path: *const c_char, mode: u32) -> c_int;
    fn getpid() -> c_int;
    fn gettid() -> c_int;
    fn gethostname(name: *mut c_char, len: usize) -> c_int;
    fn getenv(name: *const c_char) -> *const c_char;
    fn strerror(errnum: c_int) -> *const c_char;
    fn strlen(s: *const c_char) -> usize;
    fn signal(signum: c_int, handler: usize) -> usize;
    fn sigaction(signum: c_int, action: *const SigAction, old: *mut SigAction) -> c_int;
    fn sigprocmask(how: c_int, set: *const [u64; 16], old: *mut [u64; 16]) -> c_int;
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

/// Writes all of `bytes` to `fd` at file offset `offset`.
pub fn pwrite_all(fd: c_int, bytes: &[u8], offset: u64) -> Result<(), Errno> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let position = offset.wrapping_add((bytes.len() - rest.len()) as u64);
        // SAFETY: the pointer and length describe the live slice `rest`.
        let written = unsafe { pwrite(fd, rest.as_ptr().cast(), rest.len(), position as i64) };
        rest = remaining_after(rest, written)?;
    }
    Ok(())
}

/// Fills `buffer` from `fd` at file offset `offset`; a file too short is an `EIO` error.
pub fn pread_exact(fd: c_int, buffer: &mut [u8], offset: u64) -> Result<(), Errno> {
    let mut filled = 0;
    while let Some(rest) = buffer.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        let position = offset.wrapping_add(filled as u64) as i64;
        // SAFETY: the pointer and length describe the live slice `rest`.
        let read = unsafe { pread(fd, rest.as_mut_ptr().cast(), rest.len(), position) };
        filled += rest.len() - remaining_after(rest, read)?.len();
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

pub fn close_file(fd: c_int) {
    // SAFETY: closes a descriptor this runtime opened and no longer uses.
    unsafe { close(fd) };
}

/// The size of the open file `fd`.
pub fn file_size(fd: c_int) -> Result<u64, Errno> {
    // SAFETY: plain system call on a descriptor.
    let end = unsafe { lseek(fd, 0, SEEK_END) };
    u64::try_from(end).map_err(|_| last_errno())
}

/// Waits for an exclusive advisory lock on `fd`; it is released when `fd` is closed.
pub fn lock_exclusive(fd: c_int) -> Result<(), Errno> {
    loop {
        // SAFETY: plain system call on a descriptor.
        if unsafe { flock(fd, LOCK_EX) } == 0 {
            return Ok(());
        }
        let errno = last_errno();
        if errno != EINTR {
            return Err(errno);
        }
    }
}

/// Creates the directory at the NUL-terminated `path` (mode 0755); an existing one is fine.
pub fn make_directory(path: &[u8]) -> Result<(), Errno> {
    // SAFETY: callers pass NUL-terminated paths.
    if unsafe { mkdir(path.as_ptr().cast(), 0o755) } == 0 {
        return Ok(());
    }
    match last_errno() {
        EEXIST => Ok(()),
        errno => Err(errno),
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

/// Has `handler` called on SIGILL (what a trap instruction raises), unblocked in case the
/// parent left it blocked (the kernel would then kill the process instead); false if it
/// could not be installed.
pub fn on_illegal_instruction(handler: SignalHandler) -> bool {
    let action = SigAction {
        handler: handler as usize,
        mask: [0; 16],
        flags: SA_SIGINFO,
        restorer: 0,
    };
    let mut illegal_instruction = [0u64; 16];
    illegal_instruction[0] = 1 << (SIGILL - 1);
    // SAFETY: `action` is a valid `struct sigaction` and `illegal_instruction` a valid
    // `sigset_t`, both alive across the calls.
    unsafe {
        sigaction(SIGILL, &action, core::ptr::null_mut()) == 0
            && sigprocmask(SIG_UNBLOCK, &illegal_instruction, core::ptr::null_mut()) == 0
    }
}

/// Gives SIGILL its default action back: the process ends with the signal.
pub fn default_illegal_instruction() {
    // SAFETY: installing SIG_DFL has no preconditions.
    unsafe { signal(SIGILL, SIG_DFL) };
}

/// The address of the instruction a signal interrupted.
///
/// # Safety
/// `context` must be the `ucontext_t` pointer an `SA_SIGINFO` handler received.
pub unsafe fn interrupted_instruction(context: *const c_void) -> usize {
    *(context
        .cast::<u8>()
        .add(UCONTEXT_RIP_OFFSET)
        .cast::<usize>())
}

pub fn process_id() -> u64 {
    // SAFETY: getpid cannot fail.
    unsafe { getpid() as u64 }
}

pub fn thread_id() -> u64 {
    // SAFETY: gettid cannot fail.
    unsafe { gettid() as u64 }
}

/// Writes the host name into `buffer` and returns its length, `None` on failure.
pub fn host_name(buffer: &mut [u8]) -> Option<usize> {
    // SAFETY: gethostname writes at most `buffer.len()` bytes into `buffer`.
    if unsafe { gethostname(buffer.as_mut_ptr().cast(), buffer.len()) } != 0 {
        return None;
    }
    Some(buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len()))
}

/// The value of the environment variable named by the NUL-terminated `name`.
pub fn env_var(name: &[u8]) -> Option<&'static [u8]> {
    // SAFETY: `name` is NUL-terminated; the program does not modify its environment.
    unsafe { c_string(getenv(name.as_ptr().cast())) }
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

//! The Linux system calls the runtime makes, issued directly (x86-64 `syscall`), so that a
//! program needs no C library: thin wrappers that retry interrupted calls and turn failures
//! into `errno` values.

use core::arch::{asm, global_asm};
use core::ffi::{c_int, c_void};

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
const AT_FDCWD: isize = -100;

const F_GETFD: usize = 1;
const SEEK_END: usize = 2;
const LOCK_EX: usize = 2;
const SIGILL: c_int = 4;
#[cfg(all(clifcov_rt_standalone, not(test)))]
const SIGABRT: c_int = 6;
#[cfg(all(clifcov_rt_standalone, not(test)))]
const SIGSEGV: c_int = 11;
const SIGPIPE: c_int = 13;
const SIG_DFL: usize = 0;
const SIG_IGN: usize = 1;
const SA_SIGINFO: u64 = 4;
const SA_RESTORER: u64 = 0x0400_0000;
#[cfg(all(clifcov_rt_standalone, not(test)))]
const SA_ONSTACK: u64 = 0x0800_0000;
const SIG_UNBLOCK: usize = 1;

/// The system call numbers used (x86-64 Linux).
mod number {
    pub const READ_AT: usize = 17;
    pub const WRITE: usize = 1;
    pub const WRITE_AT: usize = 18;
    pub const OPEN_AT: usize = 257;
    pub const CLOSE: usize = 3;
    pub const SEEK: usize = 8;
    pub const SIGNAL_ACTION: usize = 13;
    pub const SIGNAL_MASK: usize = 14;
    pub const GET_PID: usize = 39;
    pub const UNAME: usize = 63;
    pub const FCNTL: usize = 72;
    pub const FLOCK: usize = 73;
    pub const MAKE_DIRECTORY: usize = 83;
    pub const GET_TID: usize = 186;
    pub const EXIT_GROUP: usize = 231;
    #[cfg(all(clifcov_rt_standalone, not(test)))]
    pub const KILL: usize = 62;
    #[cfg(all(clifcov_rt_standalone, not(test)))]
    pub const SIGNAL_STACK: usize = 131;
}

/// The kernel's `struct sigaction` on x86-64 (not the C library's).
#[repr(C)]
struct SigAction {
    handler: usize,
    flags: u64,
    restorer: usize,
    mask: u64,
}

/// Where `ucontext_t` (x86-64 Linux) keeps the interrupted instruction pointer:
/// `uc_mcontext.gregs[REG_RIP]`, after `uc_flags`, `uc_link` and the 24-byte `uc_stack`.
const UCONTEXT_RIP_OFFSET: usize = 40 + 16 * 8;

/// Where it keeps the interrupted stack pointer, `uc_mcontext.gregs[REG_RSP]`.
#[cfg(all(clifcov_rt_standalone, not(test)))]
const UCONTEXT_RSP_OFFSET: usize = 40 + 15 * 8;

/// Where `siginfo_t` keeps the faulting address `si_addr`, after three `int`s and padding.
#[cfg(all(clifcov_rt_standalone, not(test)))]
const SIGINFO_ADDR_OFFSET: usize = 16;

/// The kernel's `stack_t`: an alternate signal stack.
#[cfg(all(clifcov_rt_standalone, not(test)))]
#[repr(C)]
struct SignalStack {
    base: usize,
    flags: c_int,
    size: usize,
}

/// The bytes of each field of the kernel's `struct utsname`; the host name is the second.
const UTSNAME_FIELD: usize = 65;

/// A handler of a signal with `SA_SIGINFO`: the signal, its `siginfo_t`, its `ucontext_t`.
pub type SignalHandler = extern "C" fn(c_int, *mut c_void, *mut c_void);

// The code a signal handler returns to: the `rt_sigreturn` system call, which the kernel
// requires every handler installed without a C library to name (`SA_RESTORER`).
global_asm!(
    ".pushsection .text.__clifcov_rt_signal_return,\"ax\",@progbits",
    ".globl __clifcov_rt_signal_return",
    ".hidden __clifcov_rt_signal_return",
    "__clifcov_rt_signal_return:",
    "mov eax, 15",
    "syscall",
    "ud2",
    ".popsection",
);

extern "C" {
    fn __clifcov_rt_signal_return();
}

/// System call `number` with `args` (unused ones 0): its result, or the `errno` of a failure.
///
/// # Safety
/// The arguments must be valid for the call, as for the C library's wrapper.
unsafe fn syscall(number: usize, args: [usize; 4]) -> Result<usize, Errno> {
    let result: isize;
    asm!(
        "syscall",
        inlateout("rax") number as isize => result,
        in("rdi") args[0],
        in("rsi") args[1],
        in("rdx") args[2],
        in("r10") args[3],
        lateout("rcx") _,
        lateout("r11") _,
        options(nostack),
    );
    if (-4095..0).contains(&result) {
        Err(-result as Errno)
    } else {
        Ok(result as usize)
    }
}

/// `syscall`, repeated while it is interrupted.
///
/// # Safety
/// As for `syscall`.
unsafe fn syscall_retried(number: usize, args: [usize; 4]) -> Result<usize, Errno> {
    loop {
        match syscall(number, args) {
            Err(EINTR) => continue,
            result => return result,
        }
    }
}

/// Writes all of `bytes` to `fd`, retrying partial and interrupted writes.
pub fn write_all(fd: c_int, bytes: &[u8]) -> Result<(), Errno> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let args = [fd as usize, rest.as_ptr() as usize, rest.len(), 0];
        // SAFETY: the pointer and length describe the live slice `rest`.
        let written = unsafe { syscall_retried(number::WRITE, args) }?;
        rest = remaining_after(rest, written)?;
    }
    Ok(())
}

/// Writes all of `bytes` to `fd` at file offset `offset`.
pub fn pwrite_all(fd: c_int, bytes: &[u8], offset: u64) -> Result<(), Errno> {
    let mut rest = bytes;
    while !rest.is_empty() {
        let position = offset.wrapping_add((bytes.len() - rest.len()) as u64);
        let args = [
            fd as usize,
            rest.as_ptr() as usize,
            rest.len(),
            position as usize,
        ];
        // SAFETY: the pointer and length describe the live slice `rest`.
        let written = unsafe { syscall_retried(number::WRITE_AT, args) }?;
        rest = remaining_after(rest, written)?;
    }
    Ok(())
}

/// Fills `buffer` from `fd` at file offset `offset`; a file too short is an `EIO` error.
pub fn pread_exact(fd: c_int, buffer: &mut [u8], offset: u64) -> Result<(), Errno> {
    let mut filled = 0;
    while let Some(rest) = buffer.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        let position = offset.wrapping_add(filled as u64) as usize;
        let args = [
            fd as usize,
            rest.as_mut_ptr() as usize,
            rest.len(),
            position,
        ];
        // SAFETY: the pointer and length describe the live slice `rest`.
        let read = unsafe { syscall_retried(number::READ_AT, args) }?;
        filled += rest.len() - remaining_after(rest, read)?.len();
    }
    Ok(())
}

/// The part of `rest` left after a `write`-like call transferred `done` bytes; none is an
/// `EIO` error.
fn remaining_after(rest: &[u8], done: usize) -> Result<&[u8], Errno> {
    match rest.get(done..) {
        Some(tail) if done > 0 => Ok(tail),
        _ => Err(EIO),
    }
}

/// Opens the NUL-terminated `path` with `flags` (close-on-exec), creating files 0644; as the
/// C library's `open` does, relative to the current directory with `openat`.
pub fn open_path(path: &[u8], flags: c_int) -> Result<c_int, Errno> {
    let flags = (flags | O_CLOEXEC) as usize;
    let args = [AT_FDCWD as usize, path.as_ptr() as usize, flags, 0o644];
    // SAFETY: callers pass NUL-terminated paths.
    unsafe { syscall_retried(number::OPEN_AT, args) }.map(|fd| fd as c_int)
}

pub fn close_file(fd: c_int) {
    // SAFETY: closes a descriptor this runtime opened and no longer uses.
    let _ = unsafe { syscall(number::CLOSE, [fd as usize, 0, 0, 0]) };
}

/// The size of the open file `fd`.
pub fn file_size(fd: c_int) -> Result<u64, Errno> {
    // SAFETY: plain system call on a descriptor.
    unsafe { syscall(number::SEEK, [fd as usize, 0, SEEK_END, 0]) }.map(|end| end as u64)
}

/// Waits for an exclusive advisory lock on `fd`; it is released when `fd` is closed.
pub fn lock_exclusive(fd: c_int) -> Result<(), Errno> {
    // SAFETY: plain system call on a descriptor.
    unsafe { syscall_retried(number::FLOCK, [fd as usize, LOCK_EX, 0, 0]) }.map(|_| ())
}

/// Creates the directory at the NUL-terminated `path` (mode 0755); an existing one is fine.
pub fn make_directory(path: &[u8]) -> Result<(), Errno> {
    // SAFETY: callers pass NUL-terminated paths.
    match unsafe {
        syscall(
            number::MAKE_DIRECTORY,
            [path.as_ptr() as usize, 0o755, 0, 0],
        )
    } {
        Ok(_) | Err(EEXIST) => Ok(()),
        Err(errno) => Err(errno),
    }
}

/// Whether `fd` is an open descriptor.
pub fn is_open(fd: c_int) -> bool {
    // SAFETY: F_GETFD only queries the descriptor flags.
    let flags = unsafe { syscall(number::FCNTL, [fd as usize, F_GETFD, 0, 0]) };
    flags != Err(EBADF)
}

/// Makes writes to a closed pipe fail with EPIPE instead of killing the process.
pub fn ignore_sigpipe() {
    set_signal_action(SIGPIPE, SIG_IGN, 0);
}

/// Has `handler` called on SIGILL (what a trap instruction raises), unblocked in case the
/// parent left it blocked (the kernel would then kill the process instead); false if it
/// could not be installed.
pub fn on_illegal_instruction(handler: SignalHandler) -> bool {
    let illegal_instruction: u64 = 1 << (SIGILL - 1);
    let set = &illegal_instruction as *const u64 as usize;
    let mask_args = [SIG_UNBLOCK, set, 0, core::mem::size_of::<u64>()];
    set_signal_action(SIGILL, handler as *const () as usize, SA_SIGINFO)
        // SAFETY: `set` points to a valid 8-byte signal set, alive across the call.
        && unsafe { syscall(number::SIGNAL_MASK, mask_args) }.is_ok()
}

/// Gives SIGILL its default action back: the process ends with the signal.
pub fn default_illegal_instruction() {
    set_signal_action(SIGILL, SIG_DFL, 0);
}

/// Has `handler` called on SIGSEGV on the alternate stack of `size` bytes at `base` (a
/// handler for a stack overflow cannot run on the stack that overflowed); false if either
/// could not be set up.
#[cfg(all(clifcov_rt_standalone, not(test)))]
pub fn on_segmentation_fault(handler: SignalHandler, base: usize, size: usize) -> bool {
    let stack = SignalStack {
        base,
        flags: 0,
        size,
    };
    // SAFETY: `stack` is a valid kernel `stack_t`, alive across the call; the caller gives
    // memory that stays reserved for the handler.
    unsafe {
        syscall(
            number::SIGNAL_STACK,
            [&stack as *const SignalStack as usize, 0, 0, 0],
        )
    }
    .is_ok()
        && set_signal_action(
            SIGSEGV,
            handler as *const () as usize,
            SA_SIGINFO | SA_ONSTACK,
        )
}

/// Gives SIGSEGV its default action back: the process ends with the signal.
#[cfg(all(clifcov_rt_standalone, not(test)))]
pub fn default_segmentation_fault() {
    set_signal_action(SIGSEGV, SIG_DFL, 0);
}

/// The address whose access raised the signal, and the stack pointer it interrupted.
///
/// # Safety
/// `info` and `context` must be the `siginfo_t` and `ucontext_t` pointers an `SA_SIGINFO`
/// handler of SIGSEGV received.
#[cfg(all(clifcov_rt_standalone, not(test)))]
pub unsafe fn fault_address_and_stack_pointer(
    info: *const c_void,
    context: *const c_void,
) -> (usize, usize) {
    let address = *(info.cast::<u8>().add(SIGINFO_ADDR_OFFSET).cast::<usize>());
    let stack_pointer = *(context
        .cast::<u8>()
        .add(UCONTEXT_RSP_OFFSET)
        .cast::<usize>());
    (address, stack_pointer)
}

/// Installs `handler` (an address, `SIG_DFL` or `SIG_IGN`) for `signal` with `flags`;
/// whether it was installed.
fn set_signal_action(signal: c_int, handler: usize, flags: u64) -> bool {
    let action = SigAction {
        handler,
        flags: flags | SA_RESTORER,
        restorer: __clifcov_rt_signal_return as *const () as usize,
        mask: 0,
    };
    let args = [
        signal as usize,
        &action as *const SigAction as usize,
        0,
        core::mem::size_of::<u64>(),
    ];
    // SAFETY: `action` is a valid kernel `struct sigaction`, alive across the call, whose
    // restorer returns from the handler.
    unsafe { syscall(number::SIGNAL_ACTION, args) }.is_ok()
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
    unsafe { syscall(number::GET_PID, [0; 4]) }.unwrap_or(0) as u64
}

pub fn thread_id() -> u64 {
    // SAFETY: gettid cannot fail.
    unsafe { syscall(number::GET_TID, [0; 4]) }.unwrap_or(0) as u64
}

/// Writes the host name into `buffer` and returns its length, `None` on failure.
pub fn host_name(buffer: &mut [u8]) -> Option<usize> {
    let mut names = [0u8; 6 * UTSNAME_FIELD];
    // SAFETY: `names` has the size of the kernel's `struct utsname`.
    unsafe { syscall(number::UNAME, [names.as_mut_ptr() as usize, 0, 0, 0]) }.ok()?;
    let field = &names[UTSNAME_FIELD..2 * UTSNAME_FIELD];
    let name = &field[..field.iter().position(|&b| b == 0)?];
    buffer.get_mut(..name.len())?.copy_from_slice(name);
    Some(name.len())
}

/// Ends the process with exit status `code`, at once (as `_exit`: the runtime keeps no
/// state that the C library would flush).
pub fn exit_process(code: c_int) -> ! {
    loop {
        // SAFETY: exit_group never returns.
        let _ = unsafe { syscall(number::EXIT_GROUP, [code as usize, 0, 0, 0]) };
    }
}

/// Ends the process with SIGABRT, as `abort` does.
#[cfg(all(clifcov_rt_standalone, not(test)))]
pub fn abort_process() -> ! {
    let pid = process_id() as usize;
    set_signal_action(SIGABRT, SIG_DFL, 0);
    // SAFETY: sends the process a signal; no memory is involved.
    let _ = unsafe { syscall(number::KILL, [pid, SIGABRT as usize, 0, 0]) };
    exit_process(134)
}

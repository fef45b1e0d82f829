//! Leaving the process without making the caller wait for its memory to be freed.
//!
//! When a process exits, the kernel frees its address space before the parent's `wait`
//! returns: 3-4 ms for the 60 MB a 1000-function build touches (mimalloc's purge at exit
//! plus `exit_group`), about 3% of that build. Like mold's `--fork`, clifcov hands that work
//! to another process: at exit it starts a child that shares its address space (`CLONE_VM`)
//! and holds no file descriptors, then exits at once. The address space outlives the
//! compiler, the caller's `wait` returns, and the child, killed when its parent dies
//! (`PR_SET_PDEATHSIG`), frees the memory in the background. Everything the user sees
//! (output files, the linked program, stdout and stderr) is complete before the exit.
//! If the child cannot be started the process simply exits as usual, as it does under
//! valgrind, which stops a program that starts such a child.

use std::io::Write;

/// Bytes of stack for the child; it only makes a few system calls.
const CHILD_STACK_BYTES: usize = 16 * 1024;

/// Exits with `code`, leaving the freeing of the address space to a child (see above).
pub fn exit(code: i32) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    if !under_valgrind() && start_heir() {
        // Skip the atexit handlers: mimalloc's purge would free the memory here after all.
        unsafe { libc::_exit(code) }
    }
    std::process::exit(code)
}

/// Valgrind runs its client with its preloaded core library (`vgpreload_core-*.so`).
fn under_valgrind() -> bool {
    std::env::var_os("LD_PRELOAD")
        .is_some_and(|preload| preload.to_string_lossy().contains("vgpreload"))
}

/// Starts the child that inherits the address space; false if it could not be started.
fn start_heir() -> bool {
    let stack = Box::leak(vec![0u8; CHILD_STACK_BYTES].into_boxed_slice());
    let stack_top = stack.as_mut_ptr_range().end.cast::<libc::c_void>();
    let parent = unsafe { libc::getpid() };
    let child = unsafe {
        libc::clone(
            wait_for_parent,
            stack_top,
            libc::CLONE_VM | libc::SIGCHLD,
            parent as usize as *mut libc::c_void,
        )
    };
    child > 0
}

/// The child: closes its copies of the descriptors (a pipe from the compiler reaches its
/// end when the compiler exits), asks to be killed when the parent dies, and waits for it.
/// Raw system calls only: the child shares the parent's memory, locks and thread-locals.
extern "C" fn wait_for_parent(parent: *mut libc::c_void) -> libc::c_int {
    unsafe {
        libc::syscall(libc::SYS_close_range, 0u32, u32::MAX, 0u32);
        libc::syscall(libc::SYS_prctl, libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        while libc::syscall(libc::SYS_getppid) == parent as usize as libc::c_long {
            libc::syscall(libc::SYS_pause);
        }
    }
    0
}

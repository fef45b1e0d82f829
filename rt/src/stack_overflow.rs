//! Stack overflows reported as a rustc-built program reports them: a fault close to the
//! stack pointer prints `\nthread 'main' (TID) has overflowed its stack\n` and
//! `fatal runtime error: stack overflow, aborting\n` on stderr, and the process ends with
//! SIGABRT (no profile is written, as none is when rustc's program aborts). The handler runs
//! on a stack of its own; any other fault gets the default action back and happens again.

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void};

use crate::decimal::Decimal;
use crate::streams;
use crate::sys;

/// Bytes of the handler's own stack.
const HANDLER_STACK_SIZE: usize = 32 * 1024;

/// How far from the stack pointer a fault counts as the stack's: the kernel keeps a gap of
/// this size below a growing stack, and no frame of a generated function is larger.
const STACK_REACH: usize = 1 << 20;

#[repr(align(16))]
struct HandlerStack(UnsafeCell<[u8; HANDLER_STACK_SIZE]>);

// SAFETY: only the kernel uses this memory, as the stack of the SIGSEGV handler.
unsafe impl Sync for HandlerStack {}

static HANDLER_STACK: HandlerStack = HandlerStack(UnsafeCell::new([0; HANDLER_STACK_SIZE]));

/// Reports stack overflows from now on.
pub fn report() {
    let base = HANDLER_STACK.0.get() as usize;
    sys::on_segmentation_fault(on_fault, base, HANDLER_STACK_SIZE);
}

extern "C" fn on_fault(_signal: c_int, info: *mut c_void, context: *mut c_void) {
    // SAFETY: the kernel passes its `siginfo_t` and `ucontext_t` to an SA_SIGINFO handler.
    let (address, stack_pointer) = unsafe { sys::fault_address_and_stack_pointer(info, context) };
    if address.abs_diff(stack_pointer) < STACK_REACH {
        let thread_id = Decimal::new(sys::thread_id());
        let message: [&[u8]; 4] = [
            b"\nthread 'main' (",
            thread_id.as_bytes(),
            b") has overflowed its stack\n",
            b"fatal runtime error: stack overflow, aborting\n",
        ];
        for piece in message {
            let _ = streams::write(sys::STDERR as u32, piece);
        }
        sys::abort_process();
    }
    sys::default_segmentation_fault();
}

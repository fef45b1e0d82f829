//! What a C library would otherwise give a program clifcov builds, which is linked without
//! one: the entry point `_start`, which calls the C `main(argc, argv)` generated code defines
//! and exits with its result, and the memory functions that compiled code calls (`memcpy`,
//! `memset`, `strlen`). `_start` is weak: linked with a C library's start files (as the
//! runtime's own tests do), theirs is used.

use core::arch::{asm, global_asm};

// At entry the stack holds `argc`, then `argv`'s pointers, a null, the environment's.
global_asm!(
    ".pushsection .text._start,\"ax\",@progbits",
    ".weak _start",
    ".type _start,@function",
    "_start:",
    "xor ebp, ebp",
    "mov rdi, [rsp]",
    "lea rsi, [rsp + 8]",
    "and rsp, -16",
    "call main@PLT",
    "mov edi, eax",
    "mov eax, 231",
    "syscall",
    "ud2",
    ".popsection",
);

/// # Safety
/// As C's `memcpy`: `n` bytes readable at `src`, writable at `dest`, not overlapping.
#[no_mangle]
pub unsafe extern "C" fn memcpy(dest: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    asm!(
        "rep movsb",
        inout("rcx") n => _,
        inout("rdi") dest => _,
        inout("rsi") src => _,
        options(nostack, preserves_flags),
    );
    dest
}

/// # Safety
/// As C's `memset`: `n` bytes writable at `dest`.
#[no_mangle]
pub unsafe extern "C" fn memset(dest: *mut u8, byte: i32, n: usize) -> *mut u8 {
    asm!(
        "rep stosb",
        inout("rcx") n => _,
        inout("rdi") dest => _,
        in("al") byte as u8,
        options(nostack, preserves_flags),
    );
    dest
}

/// # Safety
/// As C's `strlen`: `s` points to a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn strlen(s: *const u8) -> usize {
    let mut len = 0;
    // Volatile reads, so that the loop is not recognised as a call of `strlen` itself.
    while core::ptr::read_volatile(s.add(len)) != 0 {
        len += 1;
    }
    len
}

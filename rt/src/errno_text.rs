//! The descriptions of `errno` values that the GNU C library gives (`strerror`), which
//! Rust's standard library prints in its I/O error messages and the runtime reproduces
//! without a C library: Linux's numbers 1 to 133.

use crate::sys::Errno;

/// The description of `errno` as `strerror` words it; "Unknown error" for numbers Linux
/// does not define (the C library adds the number).
pub fn error_text(errno: Errno) -> &'static [u8] {
    usize::try_from(errno)
        .ok()
        .and_then(|number| DESCRIPTIONS.get(number.wrapping_sub(1)))
        .copied()
        .unwrap_or(b"Unknown error")
}

/// The descriptions of errno 1, 2, ...
const DESCRIPTIONS: [&[u8]; 133] = [
    b"Operation not permitted",
    b"No such file or directory",
    b"No such process",
    b"Interrupted system call",
    b"Input/output error",
    b"No such device or address",
    b"Argument list too long",
    b"Exec format error",
    b"Bad file descriptor",
    b"No child processes",
    b"Resource temporarily unavailable",
    b"Cannot allocate memory",
    b"Permission denied",
    b"Bad address",
    b"Block device required",
    b"Device or resource busy",
    b"File exists",
    b"Invalid cross-device link",
    b"No such device",
    b"Not a directory",
    b"Is a directory",
    b"Invalid argument",
    b"Too many open files in system",
    b"Too many open files",
    b"Inappropriate ioctl for device",
    b"Text file busy",
    b"File too large",
    b"No space left on device",
    b"Illegal seek",
    b"Read-only file system",
    b"Too many links",
    b"Broken pipe",
    b"Numerical argument out of domain",
    b"Numerical result out of range",
    b"Resource deadlock avoided",
    b"File name too long",
    b"No locks available",
    b"Function not implemented",
    b"Directory not empty",
    b"Too many levels of symbolic links",
    b"Unknown error 41",
    b"No message of desired type",
    b"Identifier removed",
    b"Channel number out of range",
    b"Level 2 not synchronized",
    b"Level 3 halted",
    b"Level 3 reset",
    b"Link number out of range",
    b"Protocol driver not attached",
    b"No CSI structure available",
    b"Level 2 halted",
    b"Invalid exchange",
    b"Invalid request descriptor",
    b"Exchange full",
    b"No anode",
    b"Invalid request code",
    b"Invalid slot",
    b"Unknown error 58",
    b"Bad font file format",
    b"Device not a stream",
    b"No data available",
    b"Timer expired",
    b"Out of streams resources",
    b"Machine is not on the network",
    b"Package not installed",
    b"Object is remote",
    b"Link has been severed",
    b"Advertise error",
    b"Srmount error",
    b"Communication error on send",
    b"Protocol error",
    b"Multihop attempted",
    b"RFS specific error",
    b"Bad message",
    b"Value too large for defined data type",
    b"Name not unique on network",
    b"File descriptor in bad state",
    b"Remote address changed",
    b"Can not access a needed shared library",
    b"Accessing a corrupted shared library",
    b".lib section in a.out corrupted",
    b"Attempting to link in too many shared libraries",
    b"Cannot exec a shared library directly",
    b"Invalid or incomplete multibyte or wide character",
    b"Interrupted system call should be restarted",
    b"Streams pipe error",
    b"Too many users",
    b"Socket operation on non-socket",
    b"Destination address required",
    b"Message too long",
    b"Protocol wrong type for socket",
    b"Protocol not available",
    b"Protocol not supported",
    b"Socket type not supported",
    b"Operation not supported",
    b"Protocol family not supported",
    b"Address family not supported by protocol",
    b"Address already in use",
    b"Cannot assign requested address",
    b"Network is down",
    b"Network is unreachable",
    b"Network dropped connection on reset",
    b"Software caused connection abort",
    b"Connection reset by peer",
    b"No buffer space available",
    b"Transport endpoint is already connected",
    b"Transport endpoint is not connected",
    b"Cannot send after transport endpoint shutdown",
    b"Too many references: cannot splice",
    b"Connection timed out",
    b"Connection refused",
    b"Host is down",
    b"No route to host",
    b"Operation already in progress",
    b"Operation now in progress",
    b"Stale file handle",
    b"Structure needs cleaning",
    b"Not a XENIX named type file",
    b"No XENIX semaphores available",
    b"Is a named type file",
    b"Remote I/O error",
    b"Disk quota exceeded",
    b"No medium found",
    b"Wrong medium type",
    b"Operation canceled",
    b"Required key not available",
    b"Key has expired",
    b"Key has been revoked",
    b"Key was rejected by service",
    b"Owner died",
    b"State not recoverable",
    b"Operation not possible due to RF-kill",
    b"Memory page has hardware error",
];

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn strerror(errnum: core::ffi::c_int) -> *const core::ffi::c_char;
    }

    #[test]
    fn descriptions_are_the_c_librarys() {
        for errno in 1..=133 {
            // SAFETY: strerror returns a NUL-terminated string, read before the next call.
            let expected = unsafe { std::ffi::CStr::from_ptr(strerror(errno)) };
            assert_eq!(error_text(errno), expected.to_bytes(), "errno {errno}");
        }
        assert_eq!(error_text(0), b"Unknown error");
        assert_eq!(error_text(134), b"Unknown error");
        assert_eq!(error_text(-1), b"Unknown error");
    }
}

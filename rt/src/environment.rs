//! The process's environment variables. A program built by clifcov has no C library: its
//! environment is the block of `NAME=value` strings the kernel put right after the
//! arguments, found from `argv` at start-up. A host process that runs generated code in
//! itself asks its C library, which owns the environment there.

/// Remembers where the environment is, from `main`'s `argc` and `argv` (nothing when
/// `argv` is null).
///
/// # Safety
/// `argv` must be null or the `argv` the process started with, `argc` entries then a null.
pub unsafe fn remember(argc: i32, argv: *const *const u8) {
    #[cfg(clifcov_rt_standalone)]
    if let (false, Ok(count)) = (argv.is_null(), usize::try_from(argc)) {
        standalone::ENVIRONMENT.with(|environment| *environment = argv.add(count + 1));
    }
    #[cfg(not(clifcov_rt_standalone))]
    let _ = (argc, argv);
}

/// The value of the environment variable named by the NUL-terminated `name`.
pub fn var(name: &[u8]) -> Option<&'static [u8]> {
    let without_nul = name.strip_suffix(b"\0")?;
    #[cfg(clifcov_rt_standalone)]
    return standalone::var(without_nul);
    #[cfg(not(clifcov_rt_standalone))]
    return host::var(name, without_nul);
}

/// The bytes of the NUL-terminated string at `ptr`.
///
/// # Safety
/// `ptr` must point to a NUL-terminated string that lives as long as the process.
unsafe fn c_string(ptr: *const u8) -> &'static [u8] {
    let mut len = 0;
    while *ptr.add(len) != 0 {
        len += 1;
    }
    core::slice::from_raw_parts(ptr, len)
}

#[cfg(clifcov_rt_standalone)]
mod standalone {
    use crate::global::Global;

    /// The first of the null-terminated array of `NAME=value` pointers; null before start.
    pub static ENVIRONMENT: Global<*const *const u8> = Global::new(core::ptr::null());

    pub fn var(name: &[u8]) -> Option<&'static [u8]> {
        let mut entry = ENVIRONMENT.with(|environment| *environment);
        if entry.is_null() {
            return None;
        }
        // SAFETY: `remember` stored the kernel's environment block, an array of
        // NUL-terminated strings ended by a null pointer, which the program never changes.
        unsafe {
            while !(*entry).is_null() {
                let text = super::c_string(*entry);
                if let Some(value) = text.strip_prefix(name).and_then(|v| v.strip_prefix(b"=")) {
                    return Some(value);
                }
                entry = entry.add(1);
            }
        }
        None
    }
}

#[cfg(not(clifcov_rt_standalone))]
mod host {
    extern "C" {
        fn getenv(name: *const core::ffi::c_char) -> *const u8;
    }

    /// The variable `name`, which is `without_nul` and a NUL.
    pub fn var(name: &[u8], without_nul: &[u8]) -> Option<&'static [u8]> {
        if without_nul.contains(&0) {
            return None;
        }
        // SAFETY: `name` is NUL-terminated; the host does not change the variables the
        // runtime reads while it runs generated code.
        let value = unsafe { getenv(name.as_ptr().cast()) };
        // SAFETY: getenv returns null or a NUL-terminated string of the environment.
        (!value.is_null()).then(|| unsafe { super::c_string(value) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_read_by_their_nul_terminated_name() {
        std::env::set_var("CLIFCOV_RT_ENVIRONMENT_TEST", "value=with equals");
        assert_eq!(
            var(b"CLIFCOV_RT_ENVIRONMENT_TEST\0"),
            Some(&b"value=with equals"[..])
        );
        assert_eq!(var(b"CLIFCOV_RT_ENVIRONMENT_UNSET\0"), None);
        assert_eq!(var(b"CLIFCOV_RT_ENVIRONMENT_TEST"), None, "no NUL: no name");
    }
}

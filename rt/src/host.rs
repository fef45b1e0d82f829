//! What a host process that runs generated code in itself needs beyond the C ABI (clifcov's
//! test runner, whose forked workers run one test after another): the way panics are
//! reported, flushing stdout between tests, and writing a profile from sections the host
//! holds instead of the linker's.
//! Like the rest of the runtime, it must be used from one thread.

pub use crate::panic::PanicStyle;
pub use crate::profile_file::ProfilePath;

use crate::profile_sections::ProfileImage;
use crate::profile_writer;
use crate::stderr_line;

/// Sets how panics are reported from now on.
pub fn set_panic_style(style: PanicStyle) {
    crate::panic::set_style(style);
}

/// With `true`, stdout's pending text is written before anything goes to stderr, so that
/// the two keep their order when both go into one pipe, as in a test harness's capture.
pub fn set_flush_stdout_before_stderr(enabled: bool) {
    crate::streams::set_flush_stdout_before_stderr(enabled);
}

/// Writes stdout's pending text (a line not ended yet), as a program's exit does; a
/// failure is ignored, as it is at exit.
pub fn flush_stdout() {
    crate::streams::flush_stdout_at_exit();
}

/// The three profile sections of code the host compiled in itself, as an executable holds
/// them: 64-byte data records whose `CounterPtr` is relative to the record, `u64`
/// counters, and the encoded names; and the descriptor's `variant_flags` word (the raw
/// version written when `CLIFCOV_LLVM_VERSION` is unset, see `profile_sections.rs`).
pub struct HostSections<'a> {
    pub data: &'a [u8],
    pub counters: &'a [u8],
    pub names: &'a [u8],
    pub variant_flags: u64,
}

/// Writes the profile as a program does at exit: to the file `LLVM_PROFILE_FILE` names
/// (rustc's default pattern without it), in the raw layout `CLIFCOV_LLVM_VERSION` or else
/// `variant_flags` chooses.
/// Returns the path written, or `None` once a failure is reported on stderr.
pub fn write_profile(sections: &HostSections) -> Option<ProfilePath> {
    profile_writer::write_image(&image(sections)?)
}

/// Writes the profile to the file `path`, taken literally; returns whether it did (a
/// failure is reported on stderr).
pub fn write_profile_to(sections: &HostSections, path: &[u8]) -> bool {
    image(sections).is_some_and(|image| profile_writer::write_image_to(&image, path))
}

fn image<'a>(sections: &HostSections<'a>) -> Option<ProfileImage<'a>> {
    let image = ProfileImage::new(
        sections.data,
        sections.counters,
        sections.names,
        sections.variant_flags,
    );
    if image.is_err() {
        stderr_line::write_line(&[
            b"clifcov: profile not written: the program's profile sections are malformed",
        ]);
    }
    image.ok()
}

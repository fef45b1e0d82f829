//! Writing the coverage profile as the program ends: the file chosen by
//! `LLVM_PROFILE_FILE`, in the raw layout chosen by `llvm_version`, either a fresh
//! `.profraw` or, with `%m`, a merge into the existing one under an exclusive lock. A
//! failure is reported in one line on stderr; the program's exit code stays what it was.

use crate::buffered_file::BufferedFile;
use crate::errno_text;
use crate::fixed_buffer::FixedBuffer;
use crate::llvm_version;
use crate::merge::{self, MergeError};
use crate::profile_file::{self, ProfilePath};
use crate::profile_sections::{self, ProfileImage};
use crate::profraw::{self, write, FileLayout};
use crate::stderr_line;
use crate::sys::{self, Errno};

/// Why no profile was written.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    Io(Errno),
    Incompatible,
    /// The existing file is a profile of this raw version, not the one being written.
    OtherRawVersion {
        found: u64,
        writing: u64,
    },
    NameTooLong,
    MalformedSections,
}

impl From<Errno> for Failure {
    fn from(errno: Errno) -> Self {
        Failure::Io(errno)
    }
}

impl From<MergeError> for Failure {
    fn from(error: MergeError) -> Self {
        match error {
            MergeError::Io(errno) => Failure::Io(errno),
            MergeError::Incompatible => Failure::Incompatible,
            MergeError::OtherRawVersion { found, writing } => {
                Failure::OtherRawVersion { found, writing }
            }
        }
    }
}

/// Writes the profile of the running program, if it has coverage instrumentation.
pub fn write_at_exit() {
    match profile_sections::linked_image() {
        Ok(Some(image)) => {
            write_image(&image);
        }
        Ok(None) => {}
        Err(_) => report(None, Failure::MalformedSections),
    }
}

/// Writes `image` to the file `LLVM_PROFILE_FILE` names, in the raw layout chosen by
/// `llvm_version`; returns the path written, or `None` once a failure is reported.
pub fn write_image(image: &ProfileImage) -> Option<ProfilePath> {
    let layout = image.layout(llvm_version::chosen(image.default_version()));
    let pattern = profile_file::pattern_from_environment();
    let header = write::header(&layout);
    let signature = profile_file::module_signature(&header, image.first_name_ref());
    let mut host_buffer = [0u8; 256];
    let inputs = profile_file::process_inputs(&mut host_buffer, signature);
    match profile_file::expand(pattern, &inputs) {
        Ok(path) => write_or_report(image, &layout, path),
        Err(_) => {
            report(Some(pattern), Failure::NameTooLong);
            None
        }
    }
}

/// Writes `image` to the file `path` (taken literally, never merged into), in the raw
/// layout chosen by `llvm_version`; returns whether it did (a failure is reported).
pub fn write_image_to(image: &ProfileImage, path: &[u8]) -> bool {
    let layout = image.layout(llvm_version::chosen(image.default_version()));
    match profile_file::literal_path(path) {
        Ok(path) => write_or_report(image, &layout, path).is_some(),
        Err(_) => {
            report(Some(path), Failure::NameTooLong);
            false
        }
    }
}

fn write_or_report(
    image: &ProfileImage,
    layout: &FileLayout,
    path: ProfilePath,
) -> Option<ProfilePath> {
    match write_profile(image, layout, &path) {
        Ok(()) => Some(path),
        Err(failure) => {
            report(Some(path.text()), failure);
            None
        }
    }
}

/// Writes `image` in `layout` to `path`, merging if the path came from a `%m` pattern.
pub fn write_profile(
    image: &ProfileImage,
    layout: &FileLayout,
    path: &ProfilePath,
) -> Result<(), Failure> {
    profile_file::create_parent_directories(path);
    if path.merge() {
        write_merged(image, layout, path.c_path())
    } else {
        write_fresh(image, layout, path.c_path())
    }
}

fn write_fresh(image: &ProfileImage, layout: &FileLayout, c_path: &[u8]) -> Result<(), Failure> {
    let fd = sys::open_path(c_path, sys::O_WRONLY | sys::O_CREAT | sys::O_TRUNC)?;
    let result = write_contents(fd, image, layout);
    sys::close_file(fd);
    Ok(result?)
}

/// With the file locked: an empty file gets a fresh profile, anything else a merge.
fn write_merged(image: &ProfileImage, layout: &FileLayout, c_path: &[u8]) -> Result<(), Failure> {
    let fd = sys::open_path(c_path, sys::O_RDWR | sys::O_CREAT)?;
    let result = merge_locked(fd, image, layout);
    sys::close_file(fd);
    result
}

fn merge_locked(fd: i32, image: &ProfileImage, layout: &FileLayout) -> Result<(), Failure> {
    sys::lock_exclusive(fd)?;
    if sys::file_size(fd)? == 0 {
        Ok(write_contents(fd, image, layout)?)
    } else {
        Ok(merge::merge_into_file(fd, image, layout)?)
    }
}

/// Header, data records (converted to the layout), counters, names, each section padded
/// to 8 bytes, from offset 0.
fn write_contents(fd: i32, image: &ProfileImage, layout: &FileLayout) -> Result<(), Errno> {
    const ZEROS: [u8; 8] = [0; 8];
    let zeros = |count: u64| ZEROS.get(..count as usize).unwrap_or(&[]);
    let mut file = BufferedFile::new(fd);
    file.write(write::encode_header(&write::header(layout)).as_bytes())?;
    for record in image.records(layout.version) {
        file.write(write::encode_record(&record).as_bytes())?;
    }
    file.write(image.counters())?;
    file.write(zeros(layout.padding_after_counters()))?;
    file.write(image.names())?;
    file.write(zeros(profraw::padding(layout.fields.names_size)))?;
    file.flush()
}

/// `clifcov: profile not written: PATH: REASON`, in one line.
fn report(path: Option<&[u8]>, failure: Failure) {
    let (path, separator): (&[u8], &[u8]) = match path {
        Some(path) => (path, b": "),
        None => (b"", b""),
    };
    let mut reason_text = FixedBuffer::<256>::new();
    let reason: &[u8] = match failure {
        Failure::Io(errno) => errno_text::error_text(errno),
        Failure::Incompatible => {
            b"the existing file is not a compatible profile of this program (left unchanged)"
        }
        Failure::OtherRawVersion { found, writing } => {
            let _ = reason_text.push(b"the existing file is a ")
                && reason_text.push(llvm_version::describe(found).as_bytes())
                && reason_text.push(b" profile and this run writes ")
                && reason_text.push(llvm_version::describe(writing).as_bytes())
                && reason_text.push(b" (left unchanged)");
            reason_text.as_bytes()
        }
        Failure::NameTooLong => b"file name too long",
        Failure::MalformedSections => b"the program's profile sections are malformed",
    };
    stderr_line::write_line(&[b"clifcov: profile not written: ", path, separator, reason]);
}

//! Writing the coverage profile as the program ends: the file chosen by
//! `LLVM_PROFILE_FILE`, a fresh `.profraw` (raw version 10) or, with `%m`, a merge into
//! the existing one under an exclusive lock. A failure is reported in one line on stderr;
//! the program's exit code stays what it was.

use crate::fixed_buffer::FixedBuffer;
use crate::merge::{self, MergeError};
use crate::profile_file::{self, ProfilePath, PATH_CAPACITY};
use crate::profile_sections::{self, ProfileImage};
use crate::profraw;
use crate::sys::{self, Errno};

/// Why no profile was written.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    Io(Errno),
    Incompatible,
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
        }
    }
}

/// Writes the profile of the running program, if it has coverage instrumentation.
pub fn write_at_exit() {
    let image = match profile_sections::linked_image() {
        Ok(Some(image)) => image,
        Ok(None) => return,
        Err(_) => return report(None, Failure::MalformedSections),
    };
    let pattern = profile_file::pattern_from_environment();
    let first_name_ref = image.records().next().map_or(0, |record| record.name_ref);
    let signature = profile_file::module_signature(image.header(), first_name_ref);
    let mut host_buffer = [0u8; 256];
    let inputs = profile_file::process_inputs(&mut host_buffer, signature);
    match profile_file::expand(pattern, &inputs) {
        Ok(path) => {
            if let Err(failure) = write_profile(&image, &path) {
                report(Some(path.text()), failure);
            }
        }
        Err(_) => report(Some(pattern), Failure::NameTooLong),
    }
}

/// Writes `image` to `path`, merging if the path came from a `%m` pattern.
pub fn write_profile(image: &ProfileImage, path: &ProfilePath) -> Result<(), Failure> {
    profile_file::create_parent_directories(path);
    if path.merge() {
        write_merged(image, path.c_path())
    } else {
        write_fresh(image, path.c_path())
    }
}

fn write_fresh(image: &ProfileImage, c_path: &[u8]) -> Result<(), Failure> {
    let fd = sys::open_path(c_path, sys::O_WRONLY | sys::O_CREAT | sys::O_TRUNC)?;
    let result = write_contents(fd, image);
    sys::close_file(fd);
    Ok(result?)
}

/// With the file locked: an empty file gets a fresh profile, anything else a merge.
fn write_merged(image: &ProfileImage, c_path: &[u8]) -> Result<(), Failure> {
    let fd = sys::open_path(c_path, sys::O_RDWR | sys::O_CREAT)?;
    let result = merge_locked(fd, image);
    sys::close_file(fd);
    result
}

fn merge_locked(fd: i32, image: &ProfileImage) -> Result<(), Failure> {
    sys::lock_exclusive(fd)?;
    if sys::file_size(fd)? == 0 {
        Ok(write_contents(fd, image)?)
    } else {
        Ok(merge::merge_into_file(fd, image)?)
    }
}

/// Header, data records, counters, names, each section padded to 8 bytes, from offset 0.
fn write_contents(fd: i32, image: &ProfileImage) -> Result<(), Errno> {
    const ZEROS: [u8; 8] = [0; 8];
    let header = image.header();
    let zeros = |count: u64| ZEROS.get(..count as usize).unwrap_or(&[]);
    let pieces: [&[u8]; 6] = [
        &header.encode(),
        image.data(),
        image.counters(),
        zeros(header.padding_after_counters),
        image.names(),
        zeros(profraw::padding(header.names_size)),
    ];
    let mut offset = 0u64;
    for piece in pieces {
        sys::pwrite_all(fd, piece, offset)?;
        offset += piece.len() as u64;
    }
    Ok(())
}

/// `clifcov: profile not written: PATH: REASON`, in one write to stderr (in pieces only
/// if an overlong path does not fit the line buffer).
fn report(path: Option<&[u8]>, failure: Failure) {
    let reason: &[u8] = match failure {
        Failure::Io(errno) => sys::error_text(errno),
        Failure::Incompatible => {
            b"the existing file is not a compatible profile of this program (left unchanged)"
        }
        Failure::NameTooLong => b"file name too long",
        Failure::MalformedSections => b"the program's profile sections are malformed",
    };
    let (path, separator): (&[u8], &[u8]) = match path {
        Some(path) => (path, b": "),
        None => (b"", b""),
    };
    let pieces = [
        b"clifcov: profile not written: ",
        path,
        separator,
        reason,
        b"\n",
    ];
    let mut line = FixedBuffer::<{ PATH_CAPACITY + 256 }>::new();
    if pieces.iter().all(|piece| line.push(piece)) {
        let _ = sys::write_all(sys::STDERR, line.as_bytes());
    } else {
        for piece in pieces {
            let _ = sys::write_all(sys::STDERR, piece);
        }
    }
}

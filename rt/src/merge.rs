//! Online merging (`%m`): adds this run's counters to the profile that earlier runs left
//! in the file, in place, provided that file is a profile of the same program layout in
//! the same raw version. The caller holds the file's lock.

use crate::profile_sections::ProfileImage;
use crate::profraw::layouts::RawRecord;
use crate::profraw::write::{self, MAX_HEADER_SIZE};
use crate::profraw::{read, FileLayout};
use crate::sys::{self, Errno};

/// Bytes read or written at a time.
const CHUNK_SIZE: usize = 4096;

#[derive(Debug, PartialEq, Eq)]
pub enum MergeError {
    Io(Errno),
    /// The file is not a profile with this program's header and records.
    Incompatible,
    /// The file is a profile in raw version `found`, this run writes `writing`.
    OtherRawVersion {
        found: u64,
        writing: u64,
    },
}

impl From<Errno> for MergeError {
    fn from(errno: Errno) -> Self {
        MergeError::Io(errno)
    }
}

/// Adds `image`'s counters to the non-empty profile in `fd`, which is left untouched if
/// it is not a profile of this program in `layout`.
pub fn merge_into_file(
    fd: i32,
    image: &ProfileImage,
    layout: &FileLayout,
) -> Result<(), MergeError> {
    check_version(fd, layout)?;
    check_compatible(fd, image, layout)?;
    add_counters(fd, image, layout)
}

/// The file must start like a raw profile of the version being written.
fn check_version(fd: i32, layout: &FileLayout) -> Result<(), MergeError> {
    let mut start = [0u8; 16];
    if sys::file_size(fd)? < start.len() as u64 {
        return Err(MergeError::Incompatible);
    }
    sys::pread_exact(fd, &mut start, 0)?;
    let writing = layout.version.number();
    match read::file_version(&start) {
        None => Err(MergeError::Incompatible),
        Some(found) if found != writing => Err(MergeError::OtherRawVersion { found, writing }),
        Some(_) => Ok(()),
    }
}

/// Same size, same header (apart from run-time addresses), same function records.
fn check_compatible(fd: i32, image: &ProfileImage, layout: &FileLayout) -> Result<(), MergeError> {
    if sys::file_size(fd)? != layout.file_size() {
        return Err(MergeError::Incompatible);
    }
    let mut header_bytes = [0u8; MAX_HEADER_SIZE];
    let header_bytes = header_bytes
        .get_mut(..layout.version.header_size())
        .unwrap_or(&mut []);
    sys::pread_exact(fd, header_bytes, 0)?;
    let found = read::header(layout.version, header_bytes).map(|header| header.without_addresses());
    let expected = write::header(layout).without_addresses();
    if found != Some(expected) || !same_records(fd, image, layout)? {
        return Err(MergeError::Incompatible);
    }
    Ok(())
}

/// Whether the file's data records are this program's, converted to the layout.
fn same_records(fd: i32, image: &ProfileImage, layout: &FileLayout) -> Result<bool, Errno> {
    let version = layout.version;
    let record_size = version.record_size();
    let chunk_len = (CHUNK_SIZE / record_size * record_size) as u64;
    let mut expected = image.records(version).map(RawRecord::without_addresses);
    let mut chunk = [0u8; CHUNK_SIZE];
    let mut offset = layout.data_offset();
    let end = offset.wrapping_add(layout.data_bytes());
    while offset < end {
        let len = chunk_len.min(end - offset);
        let file_records = chunk.get_mut(..len as usize).unwrap_or(&mut []);
        sys::pread_exact(fd, file_records, offset)?;
        for bytes in file_records.chunks_exact(record_size) {
            let found = read::record(version, bytes).map(RawRecord::without_addresses);
            if found != expected.next() {
                return Ok(false);
            }
        }
        offset += len;
    }
    Ok(true)
}

fn add_counters(fd: i32, image: &ProfileImage, layout: &FileLayout) -> Result<(), MergeError> {
    let mut chunk = [0u8; CHUNK_SIZE];
    let mut offset = layout.counters_offset();
    for counters in image.counters().chunks(CHUNK_SIZE) {
        let file_counters = chunk.get_mut(..counters.len()).unwrap_or(&mut []);
        sys::pread_exact(fd, file_counters, offset)?;
        combine_counters(file_counters, counters, layout.counter_size());
        sys::pwrite_all(fd, file_counters, offset)?;
        offset += counters.len() as u64;
    }
    Ok(())
}

/// Merges `counters` into `total`: 8-byte counts add up (wrapping like LLVM's runtime);
/// single-byte coverage counters mean "covered" at 0, so they combine with AND.
fn combine_counters(total: &mut [u8], counters: &[u8], counter_size: u64) {
    if counter_size == 1 {
        total
            .iter_mut()
            .zip(counters)
            .for_each(|(sum, byte)| *sum &= *byte);
        return;
    }
    for (sum, count) in total.chunks_exact_mut(8).zip(counters.chunks_exact(8)) {
        let a = u64::from_le_bytes(sum.try_into().unwrap_or([0; 8]));
        let b = u64::from_le_bytes(count.try_into().unwrap_or([0; 8]));
        let bytes = a.wrapping_add(b).to_le_bytes();
        sum.iter_mut().zip(bytes).for_each(|(to, from)| *to = from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_byte_counters_add() {
        let mut total: Vec<u8> = [1u64, u64::MAX, 40]
            .iter()
            .flat_map(|n| n.to_le_bytes())
            .collect();
        let counters: Vec<u8> = [2u64, 2, 2].iter().flat_map(|n| n.to_le_bytes()).collect();
        combine_counters(&mut total, &counters, 8);
        let sums: Vec<u64> = total
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(sums, [3, 1, 42]);
    }

    #[test]
    fn byte_counters_keep_any_coverage() {
        let mut total = vec![0x00, 0xff, 0xff, 0x00];
        combine_counters(&mut total, &[0xff, 0x00, 0xff, 0x00], 1);
        assert_eq!(total, [0x00, 0x00, 0xff, 0x00]);
    }
}

//! Online merging (`%m`): adds this run's counters to the profile that earlier runs left
//! in the file, in place, provided that file is a profile of the same program layout.
//! The caller holds the file's lock.

use crate::profile_sections::ProfileImage;
use crate::profraw::{Header, RecordKey, HEADER_SIZE, RECORD_SIZE};
use crate::sys::{self, Errno};

/// Bytes read or written at a time: a whole number of records and of counters.
const CHUNK_SIZE: usize = 64 * RECORD_SIZE;

#[derive(Debug, PartialEq, Eq)]
pub enum MergeError {
    Io(Errno),
    /// The file is not a profile with this program's header and records.
    Incompatible,
}

impl From<Errno> for MergeError {
    fn from(errno: Errno) -> Self {
        MergeError::Io(errno)
    }
}

/// Adds `image`'s counters to the non-empty profile in `fd`, which is left untouched if
/// it is not compatible.
pub fn merge_into_file(fd: i32, image: &ProfileImage) -> Result<(), MergeError> {
    check_compatible(fd, image)?;
    add_counters(fd, image)
}

/// Same size, same header (apart from run-time addresses), same function records.
fn check_compatible(fd: i32, image: &ProfileImage) -> Result<(), MergeError> {
    let expected = image.header();
    if sys::file_size(fd)? != expected.file_size() {
        return Err(MergeError::Incompatible);
    }
    let mut header_bytes = [0u8; HEADER_SIZE];
    sys::pread_exact(fd, &mut header_bytes, 0)?;
    let found = Header {
        names_delta: expected.names_delta,
        bitmap_delta: expected.bitmap_delta,
        ..Header::decode(&header_bytes)
    };
    if found != *expected {
        return Err(MergeError::Incompatible);
    }
    let mut chunk = [0u8; CHUNK_SIZE];
    let mut offset = expected.data_offset();
    for records in image.data().chunks(CHUNK_SIZE) {
        let file_records = chunk.get_mut(..records.len()).unwrap_or(&mut []);
        sys::pread_exact(fd, file_records, offset)?;
        if !same_records(file_records, records) {
            return Err(MergeError::Incompatible);
        }
        offset += records.len() as u64;
    }
    Ok(())
}

fn same_records(file_records: &[u8], records: &[u8]) -> bool {
    let file_keys = file_records
        .chunks_exact(RECORD_SIZE)
        .map(RecordKey::decode);
    let keys = records.chunks_exact(RECORD_SIZE).map(RecordKey::decode);
    file_keys.eq(keys)
}

fn add_counters(fd: i32, image: &ProfileImage) -> Result<(), MergeError> {
    let header = image.header();
    let mut chunk = [0u8; CHUNK_SIZE];
    let mut offset = header.counters_offset();
    for counters in image.counters().chunks(CHUNK_SIZE) {
        let file_counters = chunk.get_mut(..counters.len()).unwrap_or(&mut []);
        sys::pread_exact(fd, file_counters, offset)?;
        combine_counters(file_counters, counters, header.counter_size());
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

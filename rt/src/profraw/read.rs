//! The read side of the raw profile: headers and data records decoded from bytes (an
//! existing file's, or the program's own `__llvm_prf_data`), and the raw version of an
//! existing file.

use super::layouts::{
    HeaderV10, HeaderV8, HeaderV9, RawHeader, RawRecord, RecordV10, RecordV8, RecordV9,
};
use super::{version_number, RawVersion, MAGIC};

/// Little-endian fields read one after the other from a byte string.
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Fields { rest: bytes }
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (field, rest) = self.rest.split_first_chunk::<N>()?;
        self.rest = rest;
        Some(*field)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take().map(u16::from_le_bytes)
    }

    /// Steps over `N` padding bytes.
    fn skip<const N: usize>(&mut self) -> Option<()> {
        self.take::<N>().map(|_| ())
    }
}

/// The first `version.record_size()` bytes of `bytes`, as fields.
fn record_fields(version: RawVersion, bytes: &[u8]) -> Option<Fields<'_>> {
    bytes.get(..version.record_size()).map(Fields::new)
}

/// The first `N` little-endian u64 words of `bytes`.
fn words<const N: usize>(bytes: &[u8]) -> Option<[u64; N]> {
    let mut fields = Fields::new(bytes);
    let mut words = [0u64; N];
    for word in words.iter_mut() {
        *word = fields.u64()?;
    }
    Some(words)
}

/// The raw version of the profile that starts with `start` (at least its first 16
/// bytes); `None` if it does not start with the 64-bit little-endian magic.
pub fn file_version(start: &[u8]) -> Option<u64> {
    let [magic, version] = words::<2>(start)?;
    (magic == MAGIC).then_some(version_number(version))
}

/// The header of `version`'s layout at the start of `bytes`.
pub fn header(version: RawVersion, bytes: &[u8]) -> Option<RawHeader> {
    match version {
        RawVersion::V8 => header_v8(bytes).map(RawHeader::V8),
        RawVersion::V9 => header_v9(bytes).map(RawHeader::V9),
        RawVersion::V10 => header_v10(bytes).map(RawHeader::V10),
    }
}

fn header_v8(bytes: &[u8]) -> Option<HeaderV8> {
    let [magic, version, binary_ids_size, num_data, padding_before_counters, num_counters, padding_after_counters, names_size, counters_delta, names_delta, value_kind_last] =
        words(bytes)?;
    Some(HeaderV8 {
        magic,
        version,
        binary_ids_size,
        num_data,
        padding_before_counters,
        num_counters,
        padding_after_counters,
        names_size,
        counters_delta,
        names_delta,
        value_kind_last,
    })
}

fn header_v9(bytes: &[u8]) -> Option<HeaderV9> {
    let [magic, version, binary_ids_size, num_data, padding_before_counters, num_counters, padding_after_counters, num_bitmap_bytes, padding_after_bitmap_bytes, names_size, counters_delta, bitmap_delta, names_delta, value_kind_last] =
        words(bytes)?;
    Some(HeaderV9 {
        magic,
        version,
        binary_ids_size,
        num_data,
        padding_before_counters,
        num_counters,
        padding_after_counters,
        num_bitmap_bytes,
        padding_after_bitmap_bytes,
        names_size,
        counters_delta,
        bitmap_delta,
        names_delta,
        value_kind_last,
    })
}

fn header_v10(bytes: &[u8]) -> Option<HeaderV10> {
    let [magic, version, binary_ids_size, num_data, padding_before_counters, num_counters, padding_after_counters, num_bitmap_bytes, padding_after_bitmap_bytes, names_size, counters_delta, bitmap_delta, names_delta, num_vtables, vnames_size, value_kind_last] =
        words(bytes)?;
    Some(HeaderV10 {
        magic,
        version,
        binary_ids_size,
        num_data,
        padding_before_counters,
        num_counters,
        padding_after_counters,
        num_bitmap_bytes,
        padding_after_bitmap_bytes,
        names_size,
        counters_delta,
        bitmap_delta,
        names_delta,
        num_vtables,
        vnames_size,
        value_kind_last,
    })
}

/// The data record of `version`'s layout at the start of `bytes`.
pub fn record(version: RawVersion, bytes: &[u8]) -> Option<RawRecord> {
    match version {
        RawVersion::V8 => record_v8(bytes).map(RawRecord::V8),
        RawVersion::V9 => record_v9(bytes).map(RawRecord::V9),
        RawVersion::V10 => record_v10(bytes).map(RawRecord::V10),
    }
}

fn record_v8(bytes: &[u8]) -> Option<RecordV8> {
    let mut fields = record_fields(RawVersion::V8, bytes)?;
    Some(RecordV8 {
        name_ref: fields.u64()?,
        func_hash: fields.u64()?,
        counter_ptr: fields.u64()?,
        function_pointer: fields.u64()?,
        values: fields.u64()?,
        num_counters: fields.u32()?,
        num_value_sites: [fields.u16()?, fields.u16()?],
    })
}

fn record_v9(bytes: &[u8]) -> Option<RecordV9> {
    let mut fields = record_fields(RawVersion::V9, bytes)?;
    Some(RecordV9 {
        name_ref: fields.u64()?,
        func_hash: fields.u64()?,
        counter_ptr: fields.u64()?,
        bitmap_ptr: fields.u64()?,
        function_pointer: fields.u64()?,
        values: fields.u64()?,
        num_counters: fields.u32()?,
        num_value_sites: [fields.u16()?, fields.u16()?],
        num_bitmap_bytes: fields.u32()?,
    })
}

/// A raw version 10 record: also the layout of the program's `__llvm_prf_data`.
pub fn record_v10(bytes: &[u8]) -> Option<RecordV10> {
    let mut fields = record_fields(RawVersion::V10, bytes)?;
    Some(RecordV10 {
        name_ref: fields.u64()?,
        func_hash: fields.u64()?,
        counter_ptr: fields.u64()?,
        bitmap_ptr: fields.u64()?,
        function_pointer: fields.u64()?,
        values: fields.u64()?,
        num_counters: fields.u32()?,
        num_value_sites: [fields.u16()?, fields.u16()?, fields.u16()?],
        num_bitmap_bytes: {
            fields.skip::<2>()?;
            fields.u32()?
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `foo`'s record of the clang-22 profile in FORMATS.md 1.8.
    fn clang_22_foo_record() -> Vec<u8> {
        let mut record = Vec::new();
        record.extend_from_slice(&[0xac, 0xbd, 0x18, 0xdb, 0x4c, 0xc2, 0xf8, 0x5c]);
        record.extend_from_slice(&[0x58, 0x14, 0x4d, 0xd2, 0xa7, 0x6c, 0x04, 0x00]);
        record.extend_from_slice(&(-40i64).to_le_bytes());
        record.extend_from_slice(&[0; 24]);
        record.extend_from_slice(&[3, 0, 0, 0]);
        record.extend_from_slice(&[0; 12]);
        record
    }

    #[test]
    fn version_10_record_of_the_worked_example() {
        let bytes = clang_22_foo_record();
        let record = record_v10(&bytes).unwrap();
        assert_eq!(record.name_ref, 0x5cf8_c24c_db18_bdac);
        assert_eq!(record.func_hash, 0x0004_6ca7_d24d_1458);
        assert_eq!(record.counter_ptr as i64, -40);
        assert_eq!((record.num_counters, record.num_bitmap_bytes), (3, 0));
        assert_eq!(record_v10(&bytes[..63]), None);
    }

    #[test]
    fn field_offsets_of_each_layout() {
        let mut bytes = [0u8; 64];
        bytes[40..44].copy_from_slice(&7u32.to_le_bytes());
        bytes[44..46].copy_from_slice(&1u16.to_le_bytes());
        bytes[48..52].copy_from_slice(&9u32.to_le_bytes());
        bytes[52..54].copy_from_slice(&2u16.to_le_bytes());
        bytes[56..60].copy_from_slice(&5u32.to_le_bytes());
        bytes[60..64].copy_from_slice(&6u32.to_le_bytes());
        let v8 = record_v8(&bytes).unwrap();
        assert_eq!((v8.num_counters, v8.num_value_sites), (7, [1, 0]));
        assert_eq!(record_v8(&bytes[..47]), None);
        let v9 = record_v9(&bytes).unwrap();
        assert_eq!((v9.num_counters, v9.num_value_sites), (9, [2, 0]));
        assert_eq!(v9.num_bitmap_bytes, 5);
        assert_eq!(record_v9(&bytes[..63]), None);
        let v10 = record_v10(&bytes).unwrap();
        assert_eq!(v10.num_value_sites, [2, 0, 5]);
        assert_eq!(v10.num_bitmap_bytes, 6);
    }

    #[test]
    fn headers_read_their_own_number_of_words() {
        let bytes: Vec<u8> = (1..=16u64).flat_map(u64::to_le_bytes).collect();
        let Some(RawHeader::V8(v8)) = header(RawVersion::V8, &bytes[..88]) else {
            panic!("version 8 header");
        };
        assert_eq!((v8.names_size, v8.value_kind_last), (8, 11));
        let Some(RawHeader::V9(v9)) = header(RawVersion::V9, &bytes[..112]) else {
            panic!("version 9 header");
        };
        assert_eq!(
            (v9.names_size, v9.bitmap_delta, v9.value_kind_last),
            (10, 12, 14)
        );
        let Some(RawHeader::V10(v10)) = header(RawVersion::V10, &bytes) else {
            panic!("version 10 header");
        };
        assert_eq!((v10.num_vtables, v10.value_kind_last), (14, 16));
        assert_eq!(header(RawVersion::V10, &bytes[..120]), None);
    }

    #[test]
    fn file_versions() {
        let clang_14 = [
            0x81, 0x72, 0x66, 0x6f, 0x72, 0x70, 0x6c, 0xff, 8, 0, 0, 0, 0, 0, 0, 0,
        ];
        assert_eq!(file_version(&clang_14), Some(8));
        let mut byte_coverage = clang_14;
        byte_coverage[8] = 10;
        byte_coverage[15] = 0x10;
        assert_eq!(file_version(&byte_coverage), Some(10));
        let mut not_a_profile = clang_14;
        not_a_profile[1] = b'R';
        assert_eq!(file_version(&not_a_profile), None);
        assert_eq!(file_version(&clang_14[..15]), None);
    }
}

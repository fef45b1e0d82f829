//! The write side of the raw profile: the header of a file layout, the program's
//! in-memory data records converted to the layout, and both encoded as bytes.

use super::layouts::{
    HeaderV10, HeaderV8, HeaderV9, RawHeader, RawRecord, RecordV10, RecordV8, RecordV9,
};
use super::{FileLayout, RawVersion, MAGIC, MEMORY_RECORD_SIZE};
use crate::fixed_buffer::FixedBuffer;

/// Room for the largest header (raw version 10).
pub const MAX_HEADER_SIZE: usize = 16 * 8;
/// Room for the largest data record (raw versions 9 and 10).
pub const MAX_RECORD_SIZE: usize = 64;

/// The header of a file with `layout`.
pub fn header(layout: &FileLayout) -> RawHeader {
    let fields = &layout.fields;
    let v10 = HeaderV10 {
        magic: MAGIC,
        version: layout.version_word(),
        binary_ids_size: 0,
        num_data: fields.num_data,
        padding_before_counters: 0,
        num_counters: fields.num_counters,
        padding_after_counters: layout.padding_after_counters(),
        num_bitmap_bytes: 0,
        padding_after_bitmap_bytes: 0,
        names_size: fields.names_size,
        counters_delta: fields.counters_delta,
        bitmap_delta: fields.bitmap_delta,
        names_delta: fields.names_delta,
        num_vtables: 0,
        vnames_size: 0,
        value_kind_last: layout.version.value_kind_last(),
    };
    match layout.version {
        RawVersion::V8 => RawHeader::V8(HeaderV8 {
            magic: v10.magic,
            version: v10.version,
            binary_ids_size: v10.binary_ids_size,
            num_data: v10.num_data,
            padding_before_counters: v10.padding_before_counters,
            num_counters: v10.num_counters,
            padding_after_counters: v10.padding_after_counters,
            names_size: v10.names_size,
            counters_delta: v10.counters_delta,
            names_delta: v10.names_delta,
            value_kind_last: v10.value_kind_last,
        }),
        RawVersion::V9 => RawHeader::V9(HeaderV9 {
            magic: v10.magic,
            version: v10.version,
            binary_ids_size: v10.binary_ids_size,
            num_data: v10.num_data,
            padding_before_counters: v10.padding_before_counters,
            num_counters: v10.num_counters,
            padding_after_counters: v10.padding_after_counters,
            num_bitmap_bytes: v10.num_bitmap_bytes,
            padding_after_bitmap_bytes: v10.padding_after_bitmap_bytes,
            names_size: v10.names_size,
            counters_delta: v10.counters_delta,
            bitmap_delta: v10.bitmap_delta,
            names_delta: v10.names_delta,
            value_kind_last: v10.value_kind_last,
        }),
        RawVersion::V10 => RawHeader::V10(v10),
    }
}

/// Record number `index` of the program's `__llvm_prf_data` in `version`'s layout.
///
/// The reader finds record `i`'s counters at `CounterPtr_i - (CountersDelta - i *
/// record size)` (FORMATS.md 1.6). In memory `CounterPtr_i` is relative to a record that
/// starts `i * 64` bytes after the first; with `r`-byte records in the file it must be
/// `i * (64 - r)` larger for the same counters to be found. The same holds for the
/// bitmap pointer.
pub fn record(memory: &RecordV10, index: u64, version: RawVersion) -> RawRecord {
    let shrink = (MEMORY_RECORD_SIZE - version.record_size()) as u64;
    let rebase = |pointer: u64| pointer.wrapping_add(index.wrapping_mul(shrink));
    let [sites_0, sites_1, _] = memory.num_value_sites;
    match version {
        RawVersion::V8 => RawRecord::V8(RecordV8 {
            name_ref: memory.name_ref,
            func_hash: memory.func_hash,
            counter_ptr: rebase(memory.counter_ptr),
            function_pointer: memory.function_pointer,
            values: memory.values,
            num_counters: memory.num_counters,
            num_value_sites: [sites_0, sites_1],
        }),
        RawVersion::V9 => RawRecord::V9(RecordV9 {
            name_ref: memory.name_ref,
            func_hash: memory.func_hash,
            counter_ptr: rebase(memory.counter_ptr),
            bitmap_ptr: rebase(memory.bitmap_ptr),
            function_pointer: memory.function_pointer,
            values: memory.values,
            num_counters: memory.num_counters,
            num_value_sites: [sites_0, sites_1],
            num_bitmap_bytes: memory.num_bitmap_bytes,
        }),
        RawVersion::V10 => RawRecord::V10(RecordV10 {
            counter_ptr: rebase(memory.counter_ptr),
            bitmap_ptr: rebase(memory.bitmap_ptr),
            ..*memory
        }),
    }
}

/// Little-endian fields appended one after the other to a buffer sized for them.
struct Encoder<const N: usize> {
    bytes: FixedBuffer<N>,
}

impl<const N: usize> Encoder<N> {
    fn new() -> Self {
        Encoder {
            bytes: FixedBuffer::new(),
        }
    }

    /// Appends `field`; the buffers are sized for the largest layout, so it always fits.
    fn push(mut self, field: &[u8]) -> Self {
        let _ = self.bytes.push(field);
        self
    }

    fn u64(self, value: u64) -> Self {
        self.push(&value.to_le_bytes())
    }

    fn u32(self, value: u32) -> Self {
        self.push(&value.to_le_bytes())
    }

    fn u16s(self, values: &[u16]) -> Self {
        values
            .iter()
            .fold(self, |encoder, value| encoder.push(&value.to_le_bytes()))
    }

    fn zeros(self, count: usize) -> Self {
        self.push([0u8; 8].get(..count).unwrap_or(&[]))
    }

    fn finish(self) -> FixedBuffer<N> {
        self.bytes
    }
}

/// `header` as the first bytes of a file.
pub fn encode_header(header: &RawHeader) -> FixedBuffer<MAX_HEADER_SIZE> {
    let words: &[u64] = match header {
        RawHeader::V8(h) => &[
            h.magic,
            h.version,
            h.binary_ids_size,
            h.num_data,
            h.padding_before_counters,
            h.num_counters,
            h.padding_after_counters,
            h.names_size,
            h.counters_delta,
            h.names_delta,
            h.value_kind_last,
        ],
        RawHeader::V9(h) => &[
            h.magic,
            h.version,
            h.binary_ids_size,
            h.num_data,
            h.padding_before_counters,
            h.num_counters,
            h.padding_after_counters,
            h.num_bitmap_bytes,
            h.padding_after_bitmap_bytes,
            h.names_size,
            h.counters_delta,
            h.bitmap_delta,
            h.names_delta,
            h.value_kind_last,
        ],
        RawHeader::V10(h) => &[
            h.magic,
            h.version,
            h.binary_ids_size,
            h.num_data,
            h.padding_before_counters,
            h.num_counters,
            h.padding_after_counters,
            h.num_bitmap_bytes,
            h.padding_after_bitmap_bytes,
            h.names_size,
            h.counters_delta,
            h.bitmap_delta,
            h.names_delta,
            h.num_vtables,
            h.vnames_size,
            h.value_kind_last,
        ],
    };
    words
        .iter()
        .fold(Encoder::new(), |encoder, word| encoder.u64(*word))
        .finish()
}

/// `record` as it appears among a file's data records.
pub fn encode_record(record: &RawRecord) -> FixedBuffer<MAX_RECORD_SIZE> {
    match record {
        RawRecord::V8(r) => Encoder::new()
            .u64(r.name_ref)
            .u64(r.func_hash)
            .u64(r.counter_ptr)
            .u64(r.function_pointer)
            .u64(r.values)
            .u32(r.num_counters)
            .u16s(&r.num_value_sites),
        RawRecord::V9(r) => Encoder::new()
            .u64(r.name_ref)
            .u64(r.func_hash)
            .u64(r.counter_ptr)
            .u64(r.bitmap_ptr)
            .u64(r.function_pointer)
            .u64(r.values)
            .u32(r.num_counters)
            .u16s(&r.num_value_sites)
            .u32(r.num_bitmap_bytes)
            .zeros(4),
        RawRecord::V10(r) => Encoder::new()
            .u64(r.name_ref)
            .u64(r.func_hash)
            .u64(r.counter_ptr)
            .u64(r.bitmap_ptr)
            .u64(r.function_pointer)
            .u64(r.values)
            .u32(r.num_counters)
            .u16s(&r.num_value_sites)
            .zeros(2)
            .u32(r.num_bitmap_bytes),
    }
    .finish()
}

#[cfg(test)]
mod tests {
    use super::super::{read, HeaderFields, BYTE_COVERAGE};
    use super::*;

    const ALL_VERSIONS: [RawVersion; 3] = [RawVersion::V8, RawVersion::V9, RawVersion::V10];

    fn layout(version: RawVersion) -> FileLayout {
        FileLayout {
            version,
            fields: HeaderFields {
                variant_flags: 0,
                num_data: 2,
                num_counters: 5,
                names_size: 11,
                counters_delta: (-40i64) as u64,
                bitmap_delta: 0x1234,
                names_delta: 0x5564_7960_bd45,
            },
        }
    }

    #[test]
    fn version_10_header_in_file_order() {
        let bytes = encode_header(&header(&layout(RawVersion::V10)));
        let bytes = bytes.as_bytes();
        assert_eq!(bytes.len(), 128);
        assert_eq!(
            &bytes[..8],
            &[0x81, 0x72, 0x66, 0x6f, 0x72, 0x70, 0x6c, 0xff]
        );
        assert_eq!(&bytes[8..16], &[10, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!((bytes[0x18], bytes[0x28], bytes[0x48]), (2, 5, 11));
        assert_eq!(&bytes[0x50..0x58], &(-40i64).to_le_bytes());
        assert_eq!(&bytes[0x58..0x60], &0x1234u64.to_le_bytes());
        assert_eq!(bytes[0x78], 2);
    }

    /// FORMATS.md 1.3: CountersDelta at 0x40, ValueKindLast 1 at 0x50, no bitmap fields.
    #[test]
    fn version_8_header_in_file_order() {
        let mut byte_coverage = layout(RawVersion::V8);
        byte_coverage.fields.variant_flags = BYTE_COVERAGE;
        let bytes = encode_header(&header(&byte_coverage));
        let bytes = bytes.as_bytes();
        assert_eq!(bytes.len(), 88);
        assert_eq!(&bytes[8..16], &[8, 0, 0, 0, 0, 0, 0, 0x10]);
        assert_eq!((bytes[0x18], bytes[0x28], bytes[0x30]), (2, 5, 3));
        assert_eq!(bytes[0x38], 11);
        assert_eq!(&bytes[0x40..0x48], &(-40i64).to_le_bytes());
        assert_eq!(&bytes[0x48..0x50], &0x5564_7960_bd45u64.to_le_bytes());
        assert_eq!(bytes[0x50], 1);
    }

    #[test]
    fn headers_read_back() {
        for version in ALL_VERSIONS {
            let written = header(&layout(version));
            let bytes = encode_header(&written);
            assert_eq!(bytes.len(), version.header_size(), "{version:?}");
            let read_back = read::header(version, bytes.as_bytes());
            assert_eq!(read_back, Some(written), "{version:?}");
        }
    }

    fn memory_record(counter_ptr: i64) -> RecordV10 {
        RecordV10 {
            name_ref: 0xdb95_6436_e78d_d5fa,
            func_hash: 0x0a71_2458,
            counter_ptr: counter_ptr as u64,
            bitmap_ptr: 0,
            function_pointer: 0,
            values: 0,
            num_counters: 2,
            num_value_sites: [0; 3],
            num_bitmap_bytes: 0,
        }
    }

    /// FORMATS.md 1.8: `main` is the second record and its counters sit 24 bytes into the
    /// counters, which start 40 bytes before the data. clang-22 (64-byte records) stores
    /// CounterPtr -80, clang-14 (48-byte records) -64.
    #[test]
    fn counter_pointers_follow_the_record_size() {
        let main = memory_record(-80);
        let RawRecord::V8(v8) = record(&main, 1, RawVersion::V8) else {
            panic!("version 8 record");
        };
        assert_eq!(v8.counter_ptr as i64, -64);
        let RawRecord::V10(v10) = record(&main, 1, RawVersion::V10) else {
            panic!("version 10 record");
        };
        assert_eq!(v10, main);
        let RawRecord::V9(v9) = record(&main, 1, RawVersion::V9) else {
            panic!("version 9 record");
        };
        assert_eq!((v9.counter_ptr as i64, v9.num_counters), (-80, 2));
        let first = record(&memory_record(-40), 0, RawVersion::V8);
        assert!(matches!(first, RawRecord::V8(r) if r.counter_ptr as i64 == -40));
    }

    #[test]
    fn records_read_back() {
        let mut main = memory_record(-80);
        main.num_value_sites = [1, 2, 3];
        main.num_bitmap_bytes = 4;
        for version in ALL_VERSIONS {
            let written = record(&main, 3, version);
            let bytes = encode_record(&written);
            assert_eq!(bytes.len(), version.record_size(), "{version:?}");
            assert_eq!(read::record(version, bytes.as_bytes()), Some(written));
        }
        let v9 = encode_record(&record(&main, 0, RawVersion::V9));
        assert_eq!(
            &v9.as_bytes()[52..64],
            &[1, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0]
        );
        let v10 = encode_record(&record(&main, 0, RawVersion::V10));
        assert_eq!(
            &v10.as_bytes()[52..64],
            &[1, 0, 2, 0, 3, 0, 0, 0, 4, 0, 0, 0]
        );
    }
}

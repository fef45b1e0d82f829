//! The raw profile format (`.profraw`) in raw version 10, the version llvm-profdata 19 to
//! 22 read: the 16-word header, the fields of the 64-byte per-function data records, and
//! the layout of a whole file (see `shared/FORMATS.md` 1.4-1.6). Plain data, no I/O.

/// `INSTR_PROF_RAW_MAGIC_64`, stored little-endian as `81 72 66 6f 72 70 6c ff`.
pub const MAGIC: u64 = 0xff6c_7072_6f66_7281;
/// Raw profile version; the high 32 bits of the version word hold variant flags.
pub const VERSION: u64 = 10;
pub const VARIANT_MASK: u64 = 0xffff_ffff_0000_0000;
/// Variant flag of single-byte counters (0 = covered) instead of 8-byte counts.
pub const BYTE_COVERAGE: u64 = 1 << 60;
/// `IPVK_Last` of LLVM 19-22.
pub const VALUE_KIND_LAST: u64 = 2;

pub const HEADER_SIZE: usize = 16 * 8;
/// Size of one `__llvm_profile_data` record.
pub const RECORD_SIZE: usize = 64;

/// The file header, field by field in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub magic: u64,
    pub version: u64,
    pub binary_ids_size: u64,
    pub num_data: u64,
    pub padding_before_counters: u64,
    pub num_counters: u64,
    pub padding_after_counters: u64,
    pub num_bitmap_bytes: u64,
    pub padding_after_bitmap_bytes: u64,
    pub names_size: u64,
    pub counters_delta: u64,
    pub bitmap_delta: u64,
    pub names_delta: u64,
    pub num_vtables: u64,
    pub vnames_size: u64,
    pub value_kind_last: u64,
}

impl Header {
    fn words(&self) -> [u64; 16] {
        [
            self.magic,
            self.version,
            self.binary_ids_size,
            self.num_data,
            self.padding_before_counters,
            self.num_counters,
            self.padding_after_counters,
            self.num_bitmap_bytes,
            self.padding_after_bitmap_bytes,
            self.names_size,
            self.counters_delta,
            self.bitmap_delta,
            self.names_delta,
            self.num_vtables,
            self.vnames_size,
            self.value_kind_last,
        ]
    }

    pub fn encode(&self) -> [u8; HEADER_SIZE] {
        let mut bytes = [0u8; HEADER_SIZE];
        for (slot, word) in bytes.chunks_exact_mut(8).zip(self.words()) {
            slot.iter_mut()
                .zip(word.to_le_bytes())
                .for_each(|(to, from)| *to = from);
        }
        bytes
    }

    pub fn decode(bytes: &[u8; HEADER_SIZE]) -> Header {
        let word = |index: usize| read_u64(bytes, index * 8).unwrap_or(0);
        Header {
            magic: word(0),
            version: word(1),
            binary_ids_size: word(2),
            num_data: word(3),
            padding_before_counters: word(4),
            num_counters: word(5),
            padding_after_counters: word(6),
            num_bitmap_bytes: word(7),
            padding_after_bitmap_bytes: word(8),
            names_size: word(9),
            counters_delta: word(10),
            bitmap_delta: word(11),
            names_delta: word(12),
            num_vtables: word(13),
            vnames_size: word(14),
            value_kind_last: word(15),
        }
    }

    /// Bytes per counter: 1 with single-byte coverage, else 8.
    pub fn counter_size(&self) -> u64 {
        counter_size(self.version)
    }

    /// File offset of the data records.
    pub fn data_offset(&self) -> u64 {
        (HEADER_SIZE as u64).wrapping_add(self.binary_ids_size)
    }

    /// File offset of the counters.
    pub fn counters_offset(&self) -> u64 {
        let data_bytes = self.num_data.wrapping_mul(RECORD_SIZE as u64);
        self.data_offset()
            .wrapping_add(data_bytes)
            .wrapping_add(self.padding_before_counters)
    }

    pub fn counters_bytes(&self) -> u64 {
        self.num_counters.wrapping_mul(self.counter_size())
    }

    /// File offset of the names (after counters, bitmap and their padding).
    pub fn names_offset(&self) -> u64 {
        self.counters_offset()
            .wrapping_add(self.counters_bytes())
            .wrapping_add(self.padding_after_counters)
            .wrapping_add(self.num_bitmap_bytes)
            .wrapping_add(self.padding_after_bitmap_bytes)
    }

    /// Size of a file holding this header and no vtables or value-profile data.
    pub fn file_size(&self) -> u64 {
        let names_end = self.names_offset().wrapping_add(self.names_size);
        names_end.wrapping_add(padding(self.names_size))
    }
}

/// Bytes per counter for a version word.
pub fn counter_size(version: u64) -> u64 {
    if version & BYTE_COVERAGE != 0 {
        1
    } else {
        8
    }
}

/// Zero bytes that follow a section of `len` bytes to reach a multiple of 8.
pub fn padding(len: u64) -> u64 {
    (8 - len % 8) % 8
}

/// The fields of a data record that identify a function and its counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordKey {
    pub name_ref: u64,
    pub func_hash: u64,
    /// Counters' address minus the record's own address.
    pub counter_ptr: u64,
    pub num_counters: u32,
    pub num_bitmap_bytes: u32,
}

impl RecordKey {
    /// Reads the key of the record that starts `record` (at least `RECORD_SIZE` bytes).
    pub fn decode(record: &[u8]) -> Option<RecordKey> {
        Some(RecordKey {
            name_ref: read_u64(record, 0)?,
            func_hash: read_u64(record, 8)?,
            counter_ptr: read_u64(record, 16)?,
            num_counters: read_u32(record, 48)?,
            num_bitmap_bytes: read_u32(record, 60)?,
        })
    }
}

/// The little-endian u64 at `offset` of `bytes`.
pub fn read_u64(bytes: &[u8], offset: usize) -> Option<u64> {
    let field = bytes.get(offset..offset.checked_add(8)?)?;
    let mut word = [0u8; 8];
    word.iter_mut()
        .zip(field)
        .for_each(|(to, from)| *to = *from);
    Some(u64::from_le_bytes(word))
}

fn read_u32(bytes: &[u8], offset: usize) -> Option<u32> {
    let field = bytes.get(offset..offset.checked_add(4)?)?;
    let mut word = [0u8; 4];
    word.iter_mut()
        .zip(field)
        .for_each(|(to, from)| *to = *from);
    Some(u32::from_le_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_header() -> Header {
        Header {
            magic: MAGIC,
            version: VERSION,
            binary_ids_size: 0,
            num_data: 2,
            padding_before_counters: 0,
            num_counters: 5,
            padding_after_counters: 0,
            num_bitmap_bytes: 0,
            padding_after_bitmap_bytes: 0,
            names_size: 11,
            counters_delta: (-40i64) as u64,
            bitmap_delta: 0,
            names_delta: 0x5564_7960_bd45,
            num_vtables: 0,
            vnames_size: 0,
            value_kind_last: VALUE_KIND_LAST,
        }
    }

    #[test]
    fn header_encodes_in_file_order() {
        let bytes = sample_header().encode();
        assert_eq!(
            &bytes[..8],
            &[0x81, 0x72, 0x66, 0x6f, 0x72, 0x70, 0x6c, 0xff]
        );
        assert_eq!(&bytes[8..16], &[10, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(bytes[0x18], 2);
        assert_eq!(bytes[0x28], 5);
        assert_eq!(bytes[0x48], 11);
        assert_eq!(
            &bytes[0x50..0x58],
            &[0xd8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        );
        assert_eq!(bytes[0x78], 2);
        assert_eq!(Header::decode(&bytes), sample_header());
    }

    #[test]
    fn layout_of_the_worked_example() {
        // FORMATS.md 1.8 without binary ids: 2 records, 5 counters, 32 name bytes.
        let header = Header {
            names_size: 32,
            ..sample_header()
        };
        assert_eq!(header.counters_offset(), 128 + 128);
        assert_eq!(header.names_offset(), 256 + 40);
        assert_eq!(header.file_size(), 296 + 32);
        let odd = Header {
            names_size: 11,
            ..header
        };
        assert_eq!(odd.file_size(), 296 + 11 + 5);
    }

    #[test]
    fn byte_counters_are_one_byte() {
        let header = Header {
            version: VERSION | BYTE_COVERAGE,
            num_counters: 3,
            padding_after_counters: 5,
            ..sample_header()
        };
        assert_eq!(header.counters_bytes(), 3);
        assert_eq!(header.names_offset(), header.counters_offset() + 8);
    }

    #[test]
    fn padding_reaches_multiples_of_eight() {
        let pads: Vec<u64> = (0..10).map(padding).collect();
        assert_eq!(pads, [0, 7, 6, 5, 4, 3, 2, 1, 0, 7]);
    }

    #[test]
    fn record_key_fields() {
        let mut record = [0u8; RECORD_SIZE];
        record[..8].copy_from_slice(&0x5cf8_c24c_db18_bdacu64.to_le_bytes());
        record[8..16].copy_from_slice(&0x0004_6ca7_d24d_1458u64.to_le_bytes());
        record[16..24].copy_from_slice(&(-40i64).to_le_bytes());
        record[48..52].copy_from_slice(&3u32.to_le_bytes());
        let key = RecordKey::decode(&record).unwrap();
        assert_eq!(key.name_ref, 0x5cf8_c24c_db18_bdac);
        assert_eq!(key.func_hash, 0x0004_6ca7_d24d_1458);
        assert_eq!(key.counter_ptr as i64, -40);
        assert_eq!((key.num_counters, key.num_bitmap_bytes), (3, 0));
        assert_eq!(RecordKey::decode(&record[..63]), None);
    }
}

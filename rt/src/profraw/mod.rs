//! The raw profile format (`.profraw`) in the three layouts that LLVM 14 to 22 read:
//! raw version 8 (LLVM 14-17), 9 (LLVM 18) and 10 (LLVM 19-22), each read only by its
//! own LLVM versions (see `shared/FORMATS.md` 0, 1.3-1.6, 2.1). This module holds what
//! the layouts share and where the pieces of a file go; `layouts` has the plain data
//! types of each layout, `read` and `write` turn them from and into bytes.

pub mod layouts;
pub mod read;
pub mod write;

/// `INSTR_PROF_RAW_MAGIC_64`, stored little-endian as `81 72 66 6f 72 70 6c ff`.
pub const MAGIC: u64 = 0xff6c_7072_6f66_7281;
/// Variant flag of single-byte counters (0 = covered) instead of 8-byte counts.
pub const BYTE_COVERAGE: u64 = 1 << 60;
/// The variant flags every layout can hold: raw version 8 keeps flags in the top 8 bits
/// of the version word only (9 and 10 in the top 32).
pub const PORTABLE_VARIANT_MASK: u64 = 0xff00_0000_0000_0000;
/// Size of a record in the program's `__llvm_prf_data`: the backend always lays records
/// out as raw version 10 does, whatever layout is written.
pub const MEMORY_RECORD_SIZE: usize = 64;
/// The part of a version word that holds the version in every layout.
const VERSION_NUMBER_MASK: u64 = 0xffff_ffff;

/// A raw profile layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawVersion {
    /// LLVM 14 to 17: 11-word header, 48-byte records.
    V8,
    /// LLVM 18: 14-word header (with the MC/DC bitmap), 64-byte records.
    V9,
    /// LLVM 19 to 22: 16-word header (with vtables), 64-byte records.
    V10,
}

impl RawVersion {
    /// The layout written when neither the program nor the environment chooses one.
    pub const DEFAULT: RawVersion = RawVersion::V10;

    /// The layout of the raw version `number`, if this runtime writes it.
    pub fn from_number(number: u64) -> Option<RawVersion> {
        match number {
            8 => Some(RawVersion::V8),
            9 => Some(RawVersion::V9),
            10 => Some(RawVersion::V10),
            _ => None,
        }
    }

    /// The layout that `llvm-profdata` of LLVM `major` reads, for LLVM 14 to 22.
    pub fn for_llvm(major: u64) -> Option<RawVersion> {
        match major {
            14..=17 => Some(RawVersion::V8),
            18 => Some(RawVersion::V9),
            19..=22 => Some(RawVersion::V10),
            _ => None,
        }
    }

    pub fn number(self) -> u64 {
        match self {
            RawVersion::V8 => 8,
            RawVersion::V9 => 9,
            RawVersion::V10 => 10,
        }
    }

    /// The first and last LLVM major version that read this layout.
    pub fn llvm_versions(self) -> (u64, u64) {
        match self {
            RawVersion::V8 => (14, 17),
            RawVersion::V9 => (18, 18),
            RawVersion::V10 => (19, 22),
        }
    }

    pub fn header_size(self) -> usize {
        match self {
            RawVersion::V8 => 11 * 8,
            RawVersion::V9 => 14 * 8,
            RawVersion::V10 => 16 * 8,
        }
    }

    /// Size of one `__llvm_profile_data` record.
    pub fn record_size(self) -> usize {
        match self {
            RawVersion::V8 => 48,
            RawVersion::V9 | RawVersion::V10 => 64,
        }
    }

    /// `IPVK_Last`: 1 up to LLVM 18, 2 (vtable targets) from LLVM 19.
    pub fn value_kind_last(self) -> u64 {
        match self {
            RawVersion::V8 | RawVersion::V9 => 1,
            RawVersion::V10 => 2,
        }
    }
}

/// The raw version a version word names, in any layout (variant flags removed).
pub fn version_number(version_word: u64) -> u64 {
    version_word & VERSION_NUMBER_MASK
}

/// Bytes per counter for a version word's flags: 1 with single-byte coverage, else 8.
pub fn counter_size(variant_flags: u64) -> u64 {
    if variant_flags & BYTE_COVERAGE != 0 {
        1
    } else {
        8
    }
}

/// Zero bytes that follow a section of `len` bytes to reach a multiple of 8.
pub fn padding(len: u64) -> u64 {
    (8 - len % 8) % 8
}

/// What a profile's header says apart from its layout: the program's sections, as
/// counts, sizes and run-time addresses. No binary ids, MC/DC bitmap or vtables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderFields {
    /// Variant flags of the version word.
    pub variant_flags: u64,
    pub num_data: u64,
    pub num_counters: u64,
    pub names_size: u64,
    /// Counters' start minus the data records' start.
    pub counters_delta: u64,
    /// Bitmap start minus the data records' start (no bitmap: 0 minus data start).
    pub bitmap_delta: u64,
    /// Address of the names (readers ignore it).
    pub names_delta: u64,
}

/// A profile file: its fields in one layout, and where each piece goes. The data records
/// follow the header directly (no binary ids), then counters, then names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLayout {
    pub version: RawVersion,
    pub fields: HeaderFields,
}

impl FileLayout {
    /// The version word: raw version and variant flags.
    pub fn version_word(&self) -> u64 {
        self.version.number() | self.fields.variant_flags
    }

    pub fn counter_size(&self) -> u64 {
        counter_size(self.fields.variant_flags)
    }

    pub fn counters_bytes(&self) -> u64 {
        self.fields.num_counters.wrapping_mul(self.counter_size())
    }

    pub fn padding_after_counters(&self) -> u64 {
        padding(self.counters_bytes())
    }

    /// File offset of the data records.
    pub fn data_offset(&self) -> u64 {
        self.version.header_size() as u64
    }

    pub fn data_bytes(&self) -> u64 {
        let record_size = self.version.record_size() as u64;
        self.fields.num_data.wrapping_mul(record_size)
    }

    /// File offset of the counters.
    pub fn counters_offset(&self) -> u64 {
        self.data_offset().wrapping_add(self.data_bytes())
    }

    /// File offset of the names.
    pub fn names_offset(&self) -> u64 {
        self.counters_offset()
            .wrapping_add(self.counters_bytes())
            .wrapping_add(self.padding_after_counters())
    }

    /// Size of the whole file: the names end it, padded to 8 bytes.
    pub fn file_size(&self) -> u64 {
        let names_end = self.names_offset().wrapping_add(self.fields.names_size);
        names_end.wrapping_add(padding(self.fields.names_size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(version: RawVersion) -> FileLayout {
        FileLayout {
            version,
            fields: HeaderFields {
                variant_flags: 0,
                num_data: 2,
                num_counters: 5,
                names_size: 32,
                counters_delta: (-40i64) as u64,
                bitmap_delta: 0,
                names_delta: 0,
            },
        }
    }

    #[test]
    fn llvm_versions_map_to_layouts() {
        let versions: Vec<Option<u64>> = (13..=23)
            .map(|llvm| RawVersion::for_llvm(llvm).map(RawVersion::number))
            .collect();
        let expected = [None, Some(8), Some(8), Some(8), Some(8), Some(9)]
            .into_iter()
            .chain([Some(10); 4])
            .chain([None]);
        assert_eq!(versions, expected.collect::<Vec<_>>());
        for version in [RawVersion::V8, RawVersion::V9, RawVersion::V10] {
            let (first, last) = version.llvm_versions();
            assert_eq!(RawVersion::for_llvm(first), Some(version));
            assert_eq!(RawVersion::for_llvm(last), Some(version));
            assert_eq!(RawVersion::from_number(version.number()), Some(version));
        }
        assert_eq!(RawVersion::from_number(11), None);
    }

    /// FORMATS.md 1.8 without binary ids: 2 records, 5 counters, 32 name bytes.
    #[test]
    fn layout_of_the_worked_example() {
        let v10 = layout(RawVersion::V10);
        assert_eq!(v10.counters_offset(), 128 + 128);
        assert_eq!(v10.names_offset(), 256 + 40);
        assert_eq!(v10.file_size(), 296 + 32);
        // The clang-14 file of the same program: 88-byte header, 48-byte records.
        let v8 = layout(RawVersion::V8);
        assert_eq!(v8.counters_offset(), 88 + 96);
        assert_eq!(v8.file_size(), 88 + 96 + 40 + 32);
        assert_eq!(layout(RawVersion::V9).counters_offset(), 112 + 128);
        let odd = FileLayout {
            fields: HeaderFields {
                names_size: 11,
                ..v10.fields
            },
            ..v10
        };
        assert_eq!(odd.file_size(), 296 + 11 + 5);
    }

    #[test]
    fn byte_counters_are_one_byte() {
        let mut bytes = layout(RawVersion::V8);
        bytes.fields.variant_flags = BYTE_COVERAGE;
        bytes.fields.num_counters = 3;
        assert_eq!(bytes.version_word(), 0x1000_0000_0000_0008);
        assert_eq!(bytes.counters_bytes(), 3);
        assert_eq!(bytes.padding_after_counters(), 5);
        assert_eq!(bytes.names_offset(), bytes.counters_offset() + 8);
    }

    #[test]
    fn version_numbers_ignore_flags() {
        assert_eq!(version_number(0x1000_0000_0000_000a), 10);
        assert_eq!(version_number(0xff00_0000_0000_0008), 8);
    }

    #[test]
    fn padding_reaches_multiples_of_eight() {
        let pads: Vec<u64> = (0..10).map(padding).collect();
        assert_eq!(pads, [0, 7, 6, 5, 4, 3, 2, 1, 0, 7]);
    }
}

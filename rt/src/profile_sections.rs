//! The program's profile sections as the runtime sees them: the descriptor
//! `__clifcov_profile_sections` that generated objects define (referenced weakly, so a
//! program without it links and simply writes no profile), and the validated image of
//! data records, counters and names from which the `.profraw` is written in any layout.

use crate::profraw::layouts::RawRecord;
use crate::profraw::MEMORY_RECORD_SIZE;
use crate::profraw::{self, read, write, FileLayout, HeaderFields, RawVersion};

/// The descriptor's layout, shared with the backend (see the team brief).
///
/// `variant_flags` packs two things:
/// * bits 56-63: LLVM variant flags of the profile's version word; the runtime accepts
///   those that every raw layout can hold, in practice 0 or bit 60 (single-byte
///   counters). Bits 32-55 exist in LLVM 18+ only and are rejected, as are bits 8-31.
/// * bits 0-7: the raw profile version written when `CLIFCOV_LLVM_VERSION` is not set:
///   8 (LLVM 14-17), 9 (LLVM 18) or 10 (LLVM 19-22); 0 also means 10, so descriptors
///   that predate this field keep their meaning.
#[repr(C)]
pub struct ProfileSections {
    pub data_begin: *const u8,
    pub data_end: *const u8,
    pub counters_begin: *const u8,
    pub counters_end: *const u8,
    pub names_begin: *const u8,
    pub names_end: *const u8,
    pub variant_flags: u64,
}

/// Bits of `variant_flags` that hold the default raw version.
const DEFAULT_VERSION_MASK: u64 = 0xff;

/// The sections cannot be written as a profile (sizes or flags make no sense).
#[derive(Debug, PartialEq, Eq)]
pub struct MalformedSections;

/// The sections of one program, checked, with the descriptor's flags split up.
pub struct ProfileImage<'a> {
    data: &'a [u8],
    counters: &'a [u8],
    names: &'a [u8],
    variant_flags: u64,
    default_version: RawVersion,
}

impl<'a> ProfileImage<'a> {
    /// Checks the sections and the descriptor's `variant_flags` word.
    pub fn new(
        data: &'a [u8],
        counters: &'a [u8],
        names: &'a [u8],
        descriptor_flags: u64,
    ) -> Result<Self, MalformedSections> {
        let variant_flags = descriptor_flags & profraw::PORTABLE_VARIANT_MASK;
        let default_version = match descriptor_flags & DEFAULT_VERSION_MASK {
            0 => Some(RawVersion::DEFAULT),
            number => RawVersion::from_number(number),
        };
        let counter_size = profraw::counter_size(variant_flags) as usize;
        let known_bits = profraw::PORTABLE_VARIANT_MASK | DEFAULT_VERSION_MASK;
        match default_version {
            Some(default_version)
                if descriptor_flags & !known_bits == 0
                    && data.len().is_multiple_of(MEMORY_RECORD_SIZE)
                    && counters.len().is_multiple_of(counter_size) =>
            {
                Ok(ProfileImage {
                    data,
                    counters,
                    names,
                    variant_flags,
                    default_version,
                })
            }
            _ => Err(MalformedSections),
        }
    }

    /// The raw version the program asks for when the environment does not choose.
    pub fn default_version(&self) -> RawVersion {
        self.default_version
    }

    /// The file these sections make in `version`'s layout; the deltas come from the
    /// sections' actual addresses, as in LLVM's runtime.
    pub fn layout(&self, version: RawVersion) -> FileLayout {
        let data_address = self.data.as_ptr() as u64;
        let counter_size = profraw::counter_size(self.variant_flags);
        FileLayout {
            version,
            fields: HeaderFields {
                variant_flags: self.variant_flags,
                num_data: (self.data.len() / MEMORY_RECORD_SIZE) as u64,
                num_counters: self.counters.len() as u64 / counter_size,
                names_size: self.names.len() as u64,
                counters_delta: (self.counters.as_ptr() as u64).wrapping_sub(data_address),
                // As compiler-rt: bitmap start (none, so 0) minus data start.
                bitmap_delta: 0u64.wrapping_sub(data_address),
                names_delta: self.names.as_ptr() as u64,
            },
        }
    }

    pub fn counters(&self) -> &'a [u8] {
        self.counters
    }

    pub fn names(&self) -> &'a [u8] {
        self.names
    }

    /// The data records in `version`'s layout, in section order.
    pub fn records(&self, version: RawVersion) -> impl Iterator<Item = RawRecord> + 'a {
        let records = self.data.chunks_exact(MEMORY_RECORD_SIZE).zip(0u64..);
        records.filter_map(move |(bytes, index)| {
            read::record_v10(bytes).map(|memory| write::record(&memory, index, version))
        })
    }

    /// The first record's NameRef (0 without records), part of the `%m` file name.
    pub fn first_name_ref(&self) -> u64 {
        self.data
            .get(..MEMORY_RECORD_SIZE)
            .and_then(read::record_v10)
            .map_or(0, |record| record.name_ref)
    }
}

/// The image described by the linked `__clifcov_profile_sections`; `Ok(None)` when the
/// program has no coverage (no descriptor, or a descriptor of zeros).
pub fn linked_image() -> Result<Option<ProfileImage<'static>>, MalformedSections> {
    // SAFETY: the descriptor, when defined, is the backend's static, relocated to the
    // linker's section bounds, which delimit memory that lives as long as the program.
    unsafe {
        let Some(sections) = linked_descriptor().as_ref() else {
            return Ok(None);
        };
        if sections.data_begin.is_null() && sections.data_end.is_null() {
            return Ok(None);
        }
        let data = section(sections.data_begin, sections.data_end)?;
        let counters = section(sections.counters_begin, sections.counters_end)?;
        let names = section(sections.names_begin, sections.names_end)?;
        ProfileImage::new(data, counters, names, sections.variant_flags).map(Some)
    }
}

/// The address of `__clifcov_profile_sections`, null if no object defines it. The symbol
/// is declared weak and loaded through the GOT in assembly, so that the compiler cannot
/// assume the address is non-null.
fn linked_descriptor() -> *const ProfileSections {
    let address: *const ProfileSections;
    // SAFETY: loads one GOT entry; reads no other memory and has no side effects.
    unsafe {
        core::arch::asm!(
            ".weak __clifcov_profile_sections",
            "mov {address}, qword ptr [rip + __clifcov_profile_sections@GOTPCREL]",
            address = out(reg) address,
            options(pure, readonly, nostack, preserves_flags),
        );
    }
    address
}

/// The bytes from `begin` to `end`.
///
/// # Safety
/// A non-empty range must be readable memory that lives for the rest of the program.
unsafe fn section(begin: *const u8, end: *const u8) -> Result<&'static [u8], MalformedSections> {
    if begin.is_null() || end < begin {
        return if begin == end {
            Ok(&[])
        } else {
            Err(MalformedSections)
        };
    }
    Ok(core::slice::from_raw_parts(
        begin,
        end as usize - begin as usize,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_describes_the_sections() {
        let data = vec![0u8; 2 * MEMORY_RECORD_SIZE];
        let counters = vec![0u8; 5 * 8];
        let names = b"\x08\x00foo\x01main".to_vec();
        let image = ProfileImage::new(&data, &counters, &names, 0).unwrap();
        assert_eq!(image.default_version(), RawVersion::V10);
        let layout = image.layout(RawVersion::V8);
        let fields = layout.fields;
        assert_eq!(
            (fields.num_data, fields.num_counters, fields.names_size),
            (2, 5, 10)
        );
        assert_eq!(layout.version_word(), 8);
        let delta = (counters.as_ptr() as u64).wrapping_sub(data.as_ptr() as u64);
        assert_eq!(fields.counters_delta, delta);
        assert_eq!(fields.names_delta, names.as_ptr() as u64);
        assert_eq!(image.records(RawVersion::V8).count(), 2);
    }

    #[test]
    fn records_are_converted_to_the_layout() {
        let mut data = vec![0u8; 2 * MEMORY_RECORD_SIZE];
        data[..8].copy_from_slice(&0x5cf8_c24c_db18_bdacu64.to_le_bytes());
        data[16..24].copy_from_slice(&(-40i64).to_le_bytes());
        data[64 + 16..64 + 24].copy_from_slice(&(-80i64).to_le_bytes());
        let image = ProfileImage::new(&data, &[0; 40], b"", 0).unwrap();
        assert_eq!(image.first_name_ref(), 0x5cf8_c24c_db18_bdac);
        let pointers: Vec<i64> = image
            .records(RawVersion::V8)
            .map(|record| match record {
                RawRecord::V8(record) => record.counter_ptr as i64,
                _ => panic!("version 8 record expected"),
            })
            .collect();
        assert_eq!(pointers, [-40, -64]);
    }

    #[test]
    fn default_version_from_the_low_byte() {
        let data = vec![0u8; MEMORY_RECORD_SIZE];
        let default_of = |flags: u64| {
            ProfileImage::new(&data, &[0; 8], b"", flags).map(|image| image.default_version())
        };
        assert_eq!(default_of(8), Ok(RawVersion::V8));
        assert_eq!(default_of(9), Ok(RawVersion::V9));
        assert_eq!(default_of(10), Ok(RawVersion::V10));
        assert_eq!(default_of(0), Ok(RawVersion::V10));
        assert_eq!(default_of(profraw::BYTE_COVERAGE | 8), Ok(RawVersion::V8));
        assert_eq!(default_of(7), Err(MalformedSections));
        assert_eq!(default_of(11), Err(MalformedSections));
    }

    #[test]
    fn byte_coverage_counts_bytes() {
        let data = vec![0u8; MEMORY_RECORD_SIZE];
        let counters = vec![0xffu8; 3];
        let image = ProfileImage::new(&data, &counters, b"", profraw::BYTE_COVERAGE).unwrap();
        let layout = image.layout(RawVersion::V10);
        assert_eq!(layout.fields.num_counters, 3);
        assert_eq!(layout.padding_after_counters(), 5);
        assert_eq!(layout.version_word(), 0x1000_0000_0000_000a);
    }

    #[test]
    fn malformed_sections_are_rejected() {
        let counters = vec![0u8; 8];
        let partial_record = vec![0u8; MEMORY_RECORD_SIZE + 8];
        assert!(ProfileImage::new(&partial_record, &counters, b"", 0).is_err());
        let data = vec![0u8; MEMORY_RECORD_SIZE];
        assert!(ProfileImage::new(&data, &counters[..7], b"", 0).is_err());
        for flags in [1 << 8, 1 << 31, 1 << 32, 1 << 55] {
            assert!(ProfileImage::new(&data, &counters, b"", flags).is_err());
        }
    }

    #[test]
    fn no_descriptor_means_no_coverage() {
        // The unit-test binary defines no `__clifcov_profile_sections`.
        assert!(matches!(linked_image(), Ok(None)));
    }
}

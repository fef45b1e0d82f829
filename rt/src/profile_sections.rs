//! The program's profile sections as the runtime sees them: the descriptor
//! `__clifcov_profile_sections` that generated objects define (referenced weakly, so a
//! program without it links and simply writes no profile), and the validated image of
//! data records, counters and names from which the `.profraw` is written.

use crate::profraw::{self, Header, RecordKey, RECORD_SIZE};

/// The descriptor's layout, shared with the backend (see the team brief).
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

/// The sections cannot be written as a profile (sizes or flags make no sense).
#[derive(Debug, PartialEq, Eq)]
pub struct MalformedSections;

/// The sections of one program, checked, with the header that describes them.
pub struct ProfileImage<'a> {
    data: &'a [u8],
    counters: &'a [u8],
    names: &'a [u8],
    header: Header,
}

impl<'a> ProfileImage<'a> {
    /// Checks the sections; the deltas in the header come from their actual addresses.
    pub fn new(
        data: &'a [u8],
        counters: &'a [u8],
        names: &'a [u8],
        variant_flags: u64,
    ) -> Result<Self, MalformedSections> {
        let version = profraw::VERSION | variant_flags;
        let counter_size = profraw::counter_size(version) as usize;
        if variant_flags & !profraw::VARIANT_MASK != 0
            || !data.len().is_multiple_of(RECORD_SIZE)
            || !counters.len().is_multiple_of(counter_size)
        {
            return Err(MalformedSections);
        }
        let data_address = data.as_ptr() as u64;
        let header = Header {
            magic: profraw::MAGIC,
            version,
            binary_ids_size: 0,
            num_data: (data.len() / RECORD_SIZE) as u64,
            padding_before_counters: 0,
            num_counters: (counters.len() / counter_size) as u64,
            padding_after_counters: profraw::padding(counters.len() as u64),
            num_bitmap_bytes: 0,
            padding_after_bitmap_bytes: 0,
            names_size: names.len() as u64,
            counters_delta: (counters.as_ptr() as u64).wrapping_sub(data_address),
            // As compiler-rt: bitmap start (none, so 0) minus data start.
            bitmap_delta: 0u64.wrapping_sub(data_address),
            names_delta: names.as_ptr() as u64,
            num_vtables: 0,
            vnames_size: 0,
            value_kind_last: profraw::VALUE_KIND_LAST,
        };
        Ok(ProfileImage {
            data,
            counters,
            names,
            header,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    pub fn counters(&self) -> &'a [u8] {
        self.counters
    }

    pub fn names(&self) -> &'a [u8] {
        self.names
    }

    /// The data records' keys, in section order.
    pub fn records(&self) -> impl Iterator<Item = RecordKey> + 'a {
        self.data
            .chunks_exact(RECORD_SIZE)
            .filter_map(RecordKey::decode)
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
    fn header_describes_the_sections() {
        let data = vec![0u8; 2 * RECORD_SIZE];
        let counters = vec![0u8; 5 * 8];
        let names = b"\x08\x00foo\x01main".to_vec();
        let image = ProfileImage::new(&data, &counters, &names, 0).unwrap();
        let header = image.header();
        assert_eq!(
            (header.num_data, header.num_counters, header.names_size),
            (2, 5, 10)
        );
        assert_eq!(header.version, 10);
        let delta = (counters.as_ptr() as u64).wrapping_sub(data.as_ptr() as u64);
        assert_eq!(header.counters_delta, delta);
        assert_eq!(header.names_delta, names.as_ptr() as u64);
        assert_eq!(image.records().count(), 2);
    }

    #[test]
    fn byte_coverage_counts_bytes() {
        let data = vec![0u8; RECORD_SIZE];
        let counters = vec![0xffu8; 3];
        let image = ProfileImage::new(&data, &counters, b"", profraw::BYTE_COVERAGE).unwrap();
        assert_eq!(image.header().num_counters, 3);
        assert_eq!(image.header().padding_after_counters, 5);
    }

    #[test]
    fn malformed_sections_are_rejected() {
        let counters = vec![0u8; 8];
        let partial_record = vec![0u8; RECORD_SIZE + 8];
        assert!(ProfileImage::new(&partial_record, &counters, b"", 0).is_err());
        let data = vec![0u8; RECORD_SIZE];
        assert!(ProfileImage::new(&data, &counters[..7], b"", 0).is_err());
        assert!(ProfileImage::new(&data, &counters, b"", 1).is_err());
    }

    #[test]
    fn no_descriptor_means_no_coverage() {
        // The unit-test binary defines no `__clifcov_profile_sections`.
        assert!(matches!(linked_image(), Ok(None)));
    }
}

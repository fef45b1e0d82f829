//! Finding the coverage sections of a little-endian ELF file (relocatable object or linked
//! program) with the `object` crate. A relocatable object has one `__llvm_covfun` section
//! per function (COMDAT groups); like llvm-cov, the sections of one name are concatenated,
//! covmap and covfun ones each zero-padded to 8 bytes.

use object::{BinaryFormat, Object, ObjectSection};

use super::error::ReadError;

pub(super) const COVMAP: &str = "__llvm_covmap";
pub(super) const COVFUN: &str = "__llvm_covfun";
pub(super) const NAMES: &str = "__llvm_prf_names";
/// Where the names are when the profile uses binary correlation (LLVM 19+).
const COVNAMES: &str = "__llvm_covnames";

/// The bytes of the coverage sections; `None` for a section the file does not have.
#[derive(Debug, Default)]
pub(super) struct SectionBytes {
    pub(super) covmap: Option<Vec<u8>>,
    pub(super) covfun: Vec<u8>,
    pub(super) names: Option<Vec<u8>>,
}

pub(super) fn coverage_sections(bytes: &[u8]) -> Result<SectionBytes, ReadError> {
    let file = object::File::parse(bytes).map_err(|e| ReadError::NotAnObject(e.to_string()))?;
    if file.format() != BinaryFormat::Elf {
        return Err(ReadError::NotElf(format!("{:?}", file.format())));
    }
    if !file.is_little_endian() {
        return Err(ReadError::BigEndian);
    }
    let mut found = SectionBytes::default();
    let mut covnames = None;
    for section in file.sections() {
        let Ok(name) = section.name() else {
            continue;
        };
        match name {
            COVMAP => append_aligned(
                found.covmap.get_or_insert_with(Vec::new),
                &contents(&section, name)?,
            ),
            COVFUN => append_aligned(&mut found.covfun, &contents(&section, name)?),
            NAMES => found
                .names
                .get_or_insert_with(Vec::new)
                .extend(contents(&section, name)?),
            COVNAMES => covnames
                .get_or_insert_with(Vec::new)
                .extend(contents(&section, name)?),
            _ => {}
        }
    }
    if found.names.is_none() {
        found.names = covnames;
    }
    Ok(found)
}

fn contents(section: &object::Section, name: &str) -> Result<Vec<u8>, ReadError> {
    section
        .uncompressed_data()
        .map(|data| data.into_owned())
        .map_err(|e| ReadError::SectionData {
            section: name.to_string(),
            message: e.to_string(),
        })
}

fn append_aligned(buffer: &mut Vec<u8>, data: &[u8]) {
    buffer.extend_from_slice(data);
    buffer.resize(buffer.len().next_multiple_of(8), 0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use object::write;
    use object::{Architecture, Endianness, SectionKind};

    fn object_with(sections: &[(&str, &[u8])], endian: Endianness) -> Vec<u8> {
        let mut obj = write::Object::new(BinaryFormat::Elf, Architecture::X86_64, endian);
        for (name, data) in sections {
            let id = obj.add_section(Vec::new(), name.as_bytes().to_vec(), SectionKind::Metadata);
            obj.append_section_data(id, data, 1);
        }
        obj.write().unwrap()
    }

    #[test]
    fn concatenates_sections_of_one_name() {
        let bytes = object_with(
            &[
                (COVFUN, &[1; 5]),
                (".text", &[0x90]),
                (COVFUN, &[2; 8]),
                (COVMAP, &[3; 4]),
                (COVNAMES, b"cov"),
            ],
            Endianness::Little,
        );
        let found = coverage_sections(&bytes).unwrap();
        let mut covfun = vec![1; 5];
        covfun.extend([0, 0, 0]);
        covfun.extend([2; 8]);
        assert_eq!(found.covfun, covfun);
        assert_eq!(found.covmap, Some(vec![3, 3, 3, 3, 0, 0, 0, 0]));
        assert_eq!(found.names.as_deref(), Some(&b"cov"[..]));
    }

    #[test]
    fn prefers_prf_names_and_reports_absent_sections() {
        let bytes = object_with(&[(NAMES, b"a"), (COVNAMES, b"b")], Endianness::Little);
        let found = coverage_sections(&bytes).unwrap();
        assert_eq!(found.names.as_deref(), Some(&b"a"[..]));
        assert_eq!(found.covmap, None);
        assert!(found.covfun.is_empty());
    }

    #[test]
    fn rejects_other_files() {
        assert!(matches!(
            coverage_sections(b"#!/bin/sh\n"),
            Err(ReadError::NotAnObject(_))
        ));
        let big = object_with(&[(COVMAP, &[0; 8])], Endianness::Big);
        assert_eq!(coverage_sections(&big).unwrap_err(), ReadError::BigEndian);
        let coff = write::Object::new(BinaryFormat::Coff, Architecture::X86_64, Endianness::Little)
            .write()
            .unwrap();
        assert_eq!(
            coverage_sections(&coff).unwrap_err(),
            ReadError::NotElf("Coff".to_string())
        );
    }
}

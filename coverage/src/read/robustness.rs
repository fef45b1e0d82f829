//! Malformed input gives errors, never panics: every truncation and many byte mutations of
//! valid sections and of a whole ELF object, plus specific broken links (a name or a
//! filenames table that is not there).

use clifcov_ir::Program;

use super::*;
use crate::covmap::{encode_covmap_record, encode_filenames};
use crate::hash::md5_low64;
use crate::names::encode_names;
use crate::rustc_oracle::llvm_tools::coverage_object;
use crate::testing::{function, T};
use crate::zlib::Compression;
use crate::{instrument, CoverageSections, Entry, InstrumentOptions};

/// A small map with an expression and an unused function, encoded by the write side.
fn sections(compression: Compression) -> CoverageSections {
    let source = "fn main() {\n    if true {\n        1;\n    }\n}\nfn dead() {\n}\n";
    let main = function(
        "main",
        "1:1-1:10",
        "1:11-5:2",
        vec![
            (vec!["2:8-2:12"], T::Switch(vec![2, 1])),
            (vec!["3:9-3:10", "2:13-4:6"], T::Goto(3)),
            (vec!["4:6-4:6"], T::Goto(3)),
            (vec!["5:2-5:2"], T::Return),
        ],
    );
    let dead = function(
        "dead",
        "6:1-6:10",
        "6:11-7:2",
        vec![(vec!["7:2-7:2"], T::Return)],
    );
    let mut program = Program {
        source_path: "t.rs".to_string(),
        crate_name: "t".to_string(),
        functions: vec![main, dead],
    };
    let options = InstrumentOptions {
        source,
        entry: Entry::Main,
        skip: &[],
        counters: crate::CounterScheme::default(),
    };
    instrument(&mut program, &options)
        .sections("/d", compression)
        .unwrap()
}

fn covfun_bytes(sections: &CoverageSections) -> Vec<u8> {
    sections
        .covfun
        .iter()
        .flat_map(|c| c.data.clone())
        .collect()
}

/// A deterministic xorshift sequence, so failures reproduce.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Runs `check` on every prefix of `bytes` and on `rounds` copies with 1 to 4 bytes changed.
fn mutate(bytes: &[u8], rounds: usize, mut check: impl FnMut(&[u8])) {
    for len in 0..bytes.len() {
        check(&bytes[..len]);
    }
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    for _ in 0..rounds {
        let mut changed = bytes.to_vec();
        for _ in 0..=noise.next() % 4 {
            let at = (noise.next() % bytes.len() as u64) as usize;
            changed[at] = noise.next() as u8;
        }
        check(&changed);
    }
}

#[test]
fn truncated_and_mutated_sections_give_errors_not_panics() {
    for compression in [Compression::None, Compression::Zlib] {
        let sections = sections(compression);
        let covfun = covfun_bytes(&sections);
        let good = read_sections(&sections.covmap, &covfun, Some(&sections.names)).unwrap();
        assert_eq!(good.functions.len(), 2);
        let mut errors = 0;
        let mut count = |result: Result<CoverageFile, ReadError>| {
            if let Err(error) = result {
                assert!(!error.to_string().is_empty());
                errors += 1;
            }
        };
        mutate(&sections.covmap, 2000, |covmap| {
            count(read_sections(covmap, &covfun, Some(&sections.names)))
        });
        mutate(&covfun, 4000, |covfun| {
            count(read_sections(
                &sections.covmap,
                covfun,
                Some(&sections.names),
            ))
        });
        mutate(&sections.names, 2000, |names| {
            count(read_sections(&sections.covmap, &covfun, Some(names)))
        });
        // Most truncations and mutations must be caught (a mutated column is not).
        assert!(errors > 4000, "only {errors} errors");
    }
}

#[test]
fn truncated_and_mutated_objects_give_errors_not_panics() {
    let object = coverage_object(&sections(Compression::Zlib));
    assert!(read_elf(&object).is_ok());
    let mut errors = 0;
    mutate(&object, 3000, |bytes| {
        if read_elf(bytes).is_err() {
            errors += 1;
        }
    });
    assert!(errors > object.len(), "only {errors} errors");
    let mut noise = Noise(42);
    let garbage: Vec<u8> = (0..4096).map(|_| noise.next() as u8).collect();
    assert!(matches!(read_elf(&garbage), Err(ReadError::NotAnObject(_))));
}

#[test]
fn broken_links_are_named() {
    let sections = sections(Compression::None);
    let covfun = covfun_bytes(&sections);
    assert_eq!(
        read_sections(&sections.covmap, &covfun, None).unwrap_err(),
        ReadError::MissingSection("__llvm_prf_names")
    );
    let only_main = encode_names(&["_RNvCs1_1t4main"], Compression::None).unwrap();
    let error = read_sections(&sections.covmap, &covfun, Some(&only_main)).unwrap_err();
    assert!(
        matches!(error, ReadError::NameNotFound { record: 0, .. }),
        "{error}"
    );
    let other_unit = encode_covmap_record(
        &encode_filenames("/elsewhere", &["x.rs"], Compression::None),
        5,
    );
    let error = read_sections(&other_unit, &covfun, Some(&sections.names)).unwrap_err();
    let ReadError::FilenamesNotFound {
        record: 0,
        filenames_ref,
        ..
    } = error
    else {
        panic!("unexpected {error}");
    };
    let blob_len = u32::from_le_bytes(sections.covmap[4..8].try_into().unwrap()) as usize;
    assert_eq!(
        filenames_ref,
        md5_low64(&sections.covmap[16..16 + blob_len])
    );
    let truncated = &covfun[..covfun.len() - 9];
    assert_eq!(
        read_sections(&sections.covmap, truncated, Some(&sections.names)).unwrap_err(),
        ReadError::CovfunTruncated
    );
    let object = coverage_object(&CoverageSections {
        covmap: Vec::new(),
        covfun: Vec::new(),
        names: Vec::new(),
    });
    assert!(read_elf(&object).is_ok());
}

/// Lengths stated in the data are never trusted for allocation.
#[test]
fn huge_stated_lengths_are_errors() {
    let names = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x02, 0x78, 0x9c,
    ];
    let error = read_sections(&[], &[], Some(&names)).unwrap_err();
    assert!(
        matches!(
            error,
            ReadError::Malformed {
                place: Place::Names,
                ..
            }
        ),
        "{error}"
    );
    let mut covmap = vec![0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0];
    covmap.extend([
        0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x02, 0x78, 0x9c,
    ]);
    let error = read_sections(&covmap, &[], None).unwrap_err();
    assert!(
        matches!(
            error,
            ReadError::Malformed {
                place: Place::Covmap,
                problem: Problem::Inflate { .. },
                ..
            }
        ),
        "{error}"
    );
}

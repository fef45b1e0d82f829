//! `__llvm_covfun` records and the per-function coverage mapping blob inside them
//! (FORMATS.md 4.4, 4.5): plain data types and their encoders, and the split of a covfun
//! section into records (the read side decodes the blobs). No policy lives here: callers
//! decide which regions and expressions a function has.

use std::fmt;

use crate::leb128::write_uleb128;

/// A counter reference in a mapping: zero, physical counter `#id`, or expression `#id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Counter {
    Zero,
    Physical(u32),
    Expression(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExprKind {
    Subtract,
    Add,
}

/// `lhs + rhs` or `lhs - rhs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Expression {
    pub kind: ExprKind,
    pub lhs: Counter,
    pub rhs: Counter,
}

/// 1-based lines; 1-based byte columns; the end column is exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceRange {
    pub start_line: u32,
    pub start_col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// Ordinary code, counted by the counter.
    Code(Counter),
    /// Whitespace between code regions, counted for line rendering only.
    Gap(Counter),
    /// Code that was not compiled (no count).
    Skipped,
    /// A macro expansion whose regions live in file id `expanded_file_id`.
    Expansion { expanded_file_id: u32 },
    /// A two-way branch.
    Branch {
        true_counter: Counter,
        false_counter: Counter,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    /// Index into [`MappingBlob::file_ids`].
    pub file_id: u32,
    pub kind: RegionKind,
    pub range: SourceRange,
}

/// The mapping data of one function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappingBlob {
    /// For each file id of this function, the index of its name in the covmap filenames.
    pub file_ids: Vec<u32>,
    pub expressions: Vec<Expression>,
    pub regions: Vec<Region>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MappingError {
    /// A counter names an expression beyond the table.
    BadExpression(u32),
    /// A region names a file id beyond `file_ids`, or a file id has no region.
    BadFileId(u32),
    /// A region ends before it starts, or a column does not fit 31 bits.
    BadRange(SourceRange),
    /// Decoding: the bytes are truncated or not a mapping blob.
    Malformed,
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MappingError::BadExpression(id) => write!(f, "no coverage expression #{id}"),
            MappingError::BadFileId(id) => write!(f, "bad coverage file id {id}"),
            MappingError::BadRange(r) => write!(
                f,
                "bad coverage region {}:{}-{}:{}",
                r.start_line, r.start_col, r.end_line, r.end_col
            ),
            MappingError::Malformed => f.write_str("malformed coverage mapping data"),
        }
    }
}

impl std::error::Error for MappingError {}

const GAP_BIT: u32 = 1 << 31;
const TAG_ZERO: u64 = 0;
const TAG_PHYSICAL: u64 = 1;
const TAG_SUBTRACT: u64 = 2;
const TAG_ADD: u64 = 3;
const EXPANSION_BIT: u64 = 4;
const KIND_SKIPPED: u64 = 2;
const KIND_BRANCH: u64 = 4;

impl MappingBlob {
    /// Encodes the blob. Regions are written grouped by file id and ordered by start
    /// position (the format's delta encoding needs that); otherwise in the given order.
    pub fn encode(&self) -> Result<Vec<u8>, MappingError> {
        MappingParts {
            file_ids: &self.file_ids,
            expressions: &self.expressions,
            regions: &self.regions,
        }
        .encode()
    }
}

/// The parts of a [`MappingBlob`], borrowed: what encoding needs, without a copy.
#[derive(Clone, Copy, Debug)]
pub struct MappingParts<'a> {
    pub file_ids: &'a [u32],
    pub expressions: &'a [Expression],
    pub regions: &'a [Region],
}

impl MappingParts<'_> {
    /// Encodes the blob, as [`MappingBlob::encode`] does.
    pub fn encode(&self) -> Result<Vec<u8>, MappingError> {
        self.check()?;
        let mut out = Vec::with_capacity(
            4 + self.file_ids.len() + 2 * self.expressions.len() + 6 * self.regions.len(),
        );
        write_uleb128(&mut out, self.file_ids.len() as u64);
        for &id in self.file_ids {
            write_uleb128(&mut out, u64::from(id));
        }
        write_uleb128(&mut out, self.expressions.len() as u64);
        for expression in self.expressions {
            self.write_counter(&mut out, expression.lhs);
            self.write_counter(&mut out, expression.rhs);
        }
        let mut regions: Vec<&Region> = self.regions.iter().collect();
        regions.sort_by_key(|r| (r.file_id, r.range.start_line, r.range.start_col));
        let mut rest = &regions[..];
        for file_id in 0..self.file_ids.len() as u32 {
            let in_file = rest.partition_point(|r| r.file_id == file_id);
            write_uleb128(&mut out, in_file as u64);
            let mut previous_line = 0;
            for region in &rest[..in_file] {
                self.write_region(&mut out, region, previous_line);
                previous_line = region.range.start_line;
            }
            rest = &rest[in_file..];
        }
        Ok(out)
    }

    fn check(&self) -> Result<(), MappingError> {
        for expression in self.expressions {
            self.check_counter(expression.lhs)?;
            self.check_counter(expression.rhs)?;
        }
        for region in self.regions {
            for counter in region_counters(&region.kind) {
                self.check_counter(counter)?;
            }
        }
        let mut file_has_region = vec![false; self.file_ids.len()];
        for region in self.regions {
            let in_file = file_has_region.get_mut(region.file_id as usize);
            *in_file.ok_or(MappingError::BadFileId(region.file_id))? = true;
            if let RegionKind::Expansion { expanded_file_id } = region.kind {
                if expanded_file_id as usize >= self.file_ids.len() {
                    return Err(MappingError::BadFileId(expanded_file_id));
                }
            }
            check_range(region.range)?;
        }
        match file_has_region.iter().position(|&has| !has) {
            Some(file_id) => Err(MappingError::BadFileId(file_id as u32)),
            None => Ok(()),
        }
    }

    /// An expression counter must name an expression of the table.
    fn check_counter(&self, counter: Counter) -> Result<(), MappingError> {
        match counter {
            Counter::Expression(id) if id as usize >= self.expressions.len() => {
                Err(MappingError::BadExpression(id))
            }
            _ => Ok(()),
        }
    }

    fn write_counter(&self, out: &mut Vec<u8>, counter: Counter) {
        write_uleb128(out, self.counter_word(counter));
    }

    fn counter_word(&self, counter: Counter) -> u64 {
        match counter {
            Counter::Zero => TAG_ZERO,
            Counter::Physical(id) => u64::from(id) << 2 | TAG_PHYSICAL,
            Counter::Expression(id) => {
                let tag = match self.expressions[id as usize].kind {
                    ExprKind::Subtract => TAG_SUBTRACT,
                    ExprKind::Add => TAG_ADD,
                };
                u64::from(id) << 2 | tag
            }
        }
    }

    fn write_region(&self, out: &mut Vec<u8>, region: &Region, previous_line: u32) {
        let range = region.range;
        let mut end_col = range.end_col;
        match region.kind {
            RegionKind::Code(counter) => self.write_counter(out, counter),
            RegionKind::Gap(counter) => {
                self.write_counter(out, counter);
                end_col |= GAP_BIT;
            }
            RegionKind::Skipped => write_uleb128(out, KIND_SKIPPED << 3),
            RegionKind::Expansion { expanded_file_id } => {
                write_uleb128(out, u64::from(expanded_file_id) << 3 | EXPANSION_BIT)
            }
            RegionKind::Branch {
                true_counter,
                false_counter,
            } => {
                write_uleb128(out, KIND_BRANCH << 3);
                self.write_counter(out, true_counter);
                self.write_counter(out, false_counter);
            }
        }
        write_uleb128(out, u64::from(range.start_line - previous_line));
        write_uleb128(out, u64::from(range.start_col));
        write_uleb128(out, u64::from(range.end_line - range.start_line));
        write_uleb128(out, u64::from(end_col));
    }
}

fn region_counters(kind: &RegionKind) -> impl Iterator<Item = Counter> {
    let counters = match *kind {
        RegionKind::Code(c) | RegionKind::Gap(c) => [Some(c), None],
        RegionKind::Branch {
            true_counter,
            false_counter,
        } => [Some(true_counter), Some(false_counter)],
        RegionKind::Skipped | RegionKind::Expansion { .. } => [None, None],
    };
    counters.into_iter().flatten()
}

fn check_range(range: SourceRange) -> Result<(), MappingError> {
    let ordered = (range.start_line, range.start_col) <= (range.end_line, range.end_col);
    let fits = range.start_col < GAP_BIT && range.end_col < GAP_BIT;
    if ordered && fits {
        Ok(())
    } else {
        Err(MappingError::BadRange(range))
    }
}

/// One `__llvm_covfun` record: a packed 28-byte header and the encoded mapping blob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CovfunRecord {
    /// MD5 (low 64 bits) of the function's PGO name.
    pub name_hash: u64,
    /// Structural hash; must equal the profile record's. 0 for unused functions.
    pub func_hash: u64,
    /// MD5 (low 64 bits) of the covmap filenames blob this record refers to.
    pub filenames_ref: u64,
    /// The encoded [`MappingBlob`].
    pub mapping: Vec<u8>,
}

const COVFUN_HEADER_LEN: usize = 28;

impl CovfunRecord {
    /// The record's bytes, zero-padded to a multiple of 8 as records are laid out in the section.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(COVFUN_HEADER_LEN + self.mapping.len() + 7);
        out.extend_from_slice(&self.name_hash.to_le_bytes());
        out.extend_from_slice(&(self.mapping.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.func_hash.to_le_bytes());
        out.extend_from_slice(&self.filenames_ref.to_le_bytes());
        out.extend_from_slice(&self.mapping);
        out.resize(out.len().next_multiple_of(8), 0);
        out
    }

    /// The COMDAT symbol of the record, `__covrec_<NAME HASH IN HEX>` plus `u` for a used
    /// function, so a linker keeps one copy of identical records.
    pub fn comdat_symbol(&self) -> String {
        let used = if self.func_hash == 0 { "" } else { "u" };
        format!("__covrec_{:X}{used}", self.name_hash)
    }

    /// Decodes every record of a `__llvm_covfun` section (records 8-byte aligned).
    pub fn decode_all(section: &[u8]) -> Result<Vec<CovfunRecord>, MappingError> {
        let mut records = Vec::new();
        let mut pos = 0;
        while pos + COVFUN_HEADER_LEN <= section.len() {
            let header = &section[pos..pos + COVFUN_HEADER_LEN];
            let u64_at = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap());
            let len = u32::from_le_bytes(header[8..12].try_into().unwrap()) as usize;
            let start = pos + COVFUN_HEADER_LEN;
            let mapping = section
                .get(start..start + len)
                .ok_or(MappingError::Malformed)?;
            records.push(CovfunRecord {
                name_hash: u64_at(0),
                func_hash: u64_at(12),
                filenames_ref: u64_at(20),
                mapping: mapping.to_vec(),
            });
            pos = (start + len).next_multiple_of(8);
        }
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::mapping::{decode_mapping, Mapping};
    use crate::read::{self, RegionKind as ReadKind};
    use crate::testing::{hex, range, CLANG_FOO_MAPPING};

    fn region(kind: RegionKind, r: SourceRange) -> Region {
        Region {
            file_id: 0,
            kind,
            range: r,
        }
    }

    /// The read side's decoding of `bytes` as the write side's types (for the kinds it writes).
    fn decode(bytes: &[u8]) -> MappingBlob {
        let Mapping {
            file_ids,
            expressions,
            regions,
            trailing_bytes: 0,
        } = decode_mapping(bytes).unwrap()
        else {
            panic!("bytes after the regions");
        };
        let regions = regions.iter().map(write_side_region).collect();
        MappingBlob {
            file_ids,
            expressions,
            regions,
        }
    }

    fn write_side_region(region: &read::Region) -> Region {
        let kind = match region.kind {
            ReadKind::Code(c) => RegionKind::Code(c),
            ReadKind::Gap(c) => RegionKind::Gap(c),
            ReadKind::Skipped => RegionKind::Skipped,
            ReadKind::Expansion { expanded_file_id } => RegionKind::Expansion { expanded_file_id },
            ReadKind::Branch {
                true_counter,
                false_counter,
            } => RegionKind::Branch {
                true_counter,
                false_counter,
            },
            other => panic!("the write side has no {other:?}"),
        };
        Region {
            file_id: region.file_id,
            kind,
            range: region.range,
        }
    }

    #[test]
    fn decodes_clang_foo_and_reencodes_identically() {
        let bytes = hex(CLANG_FOO_MAPPING);
        let blob = decode(&bytes);
        assert_eq!(blob.file_ids, [1]);
        assert_eq!(blob.expressions.len(), 4);
        assert_eq!(
            blob.expressions[0],
            Expression {
                kind: ExprKind::Add,
                lhs: Counter::Physical(0),
                rhs: Counter::Physical(1)
            }
        );
        assert_eq!(blob.expressions[3].kind, ExprKind::Subtract);
        assert_eq!(blob.regions.len(), 12);
        assert_eq!(
            blob.regions[0],
            region(RegionKind::Code(Counter::Physical(0)), range(3, 16, 9, 2))
        );
        assert_eq!(
            blob.regions[2],
            region(
                RegionKind::Branch {
                    true_counter: Counter::Physical(1),
                    false_counter: Counter::Physical(0)
                },
                range(5, 19, 5, 24)
            )
        );
        assert_eq!(
            blob.regions[4],
            region(RegionKind::Gap(Counter::Physical(1)), range(5, 30, 5, 31))
        );
        assert_eq!(
            blob.regions[11],
            region(
                RegionKind::Code(Counter::Expression(3)),
                range(6, 34, 6, 40)
            )
        );
        assert_eq!(blob.encode().unwrap(), bytes);
    }

    #[test]
    fn round_trips_every_region_kind() {
        let blob = MappingBlob {
            file_ids: vec![1, 2],
            expressions: vec![
                Expression {
                    kind: ExprKind::Subtract,
                    lhs: Counter::Physical(0),
                    rhs: Counter::Physical(1),
                },
                Expression {
                    kind: ExprKind::Add,
                    lhs: Counter::Expression(0),
                    rhs: Counter::Zero,
                },
            ],
            regions: vec![
                region(RegionKind::Code(Counter::Physical(0)), range(1, 1, 9, 2)),
                region(RegionKind::Code(Counter::Expression(1)), range(2, 5, 2, 9)),
                region(RegionKind::Gap(Counter::Expression(0)), range(3, 1, 3, 4)),
                region(RegionKind::Skipped, range(4, 1, 5, 7)),
                region(
                    RegionKind::Expansion {
                        expanded_file_id: 1,
                    },
                    range(6, 5, 6, 12),
                ),
                region(
                    RegionKind::Branch {
                        true_counter: Counter::Physical(1),
                        false_counter: Counter::Expression(0),
                    },
                    range(7, 8, 7, 9),
                ),
                Region {
                    file_id: 1,
                    kind: RegionKind::Code(Counter::Zero),
                    range: range(1, 1, 1, 10),
                },
            ],
        };
        let decoded = decode(&blob.encode().unwrap());
        assert_eq!(decoded, blob);
    }

    #[test]
    fn regions_are_sorted_by_start_when_encoded() {
        let a = region(RegionKind::Code(Counter::Physical(0)), range(5, 1, 5, 2));
        let b = region(RegionKind::Code(Counter::Physical(0)), range(1, 1, 1, 2));
        let blob = MappingBlob {
            file_ids: vec![1],
            expressions: vec![],
            regions: vec![a, b],
        };
        let decoded = decode(&blob.encode().unwrap());
        assert_eq!(decoded.regions, [b, a]);
    }

    #[test]
    fn rejects_bad_input() {
        let good = region(RegionKind::Code(Counter::Physical(0)), range(1, 1, 1, 2));
        let with = |regions: Vec<Region>, expressions: Vec<Expression>| MappingBlob {
            file_ids: vec![1],
            expressions,
            regions,
        };
        let dangling = region(RegionKind::Code(Counter::Expression(0)), range(1, 1, 1, 2));
        assert_eq!(
            with(vec![dangling], vec![]).encode(),
            Err(MappingError::BadExpression(0))
        );
        let backwards = region(RegionKind::Code(Counter::Zero), range(2, 1, 1, 2));
        assert!(matches!(
            with(vec![backwards], vec![]).encode(),
            Err(MappingError::BadRange(_))
        ));
        assert_eq!(
            with(vec![], vec![]).encode(),
            Err(MappingError::BadFileId(0))
        );
        let mut other_file = good;
        other_file.file_id = 3;
        assert_eq!(
            with(vec![good, other_file], vec![]).encode(),
            Err(MappingError::BadFileId(3))
        );
        let bytes = with(vec![good], vec![]).encode().unwrap();
        assert!(decode_mapping(&bytes[..bytes.len() - 1]).is_err());
        assert!(decode_mapping(&[0x01, 0x01, 0x00, 0x7f]).is_err());
    }

    /// clang-22's unused-function record blob from FORMATS.md 4.7: one file, no expressions,
    /// one Zero region.
    #[test]
    fn decodes_clang_unused_function_blob() {
        let blob = decode(&hex("01 01 00 01 00 02 1d 00 43"));
        assert_eq!(blob.file_ids, [1]);
        assert!(blob.expressions.is_empty());
        assert_eq!(
            blob.regions,
            [region(RegionKind::Code(Counter::Zero), range(2, 29, 2, 67))]
        );
    }

    #[test]
    fn covfun_record_layout() {
        let record = CovfunRecord {
            name_hash: 0x5cf8_c24c_db18_bdac,
            func_hash: 0x0004_6ca7_d24d_1458,
            filenames_ref: 0x6e19_6c3a_956e_4038,
            mapping: hex("01 01 00 01 00 02 1d 00 43"),
        };
        let bytes = record.encode();
        assert_eq!(bytes.len(), 40);
        assert_eq!(
            &bytes[0..8],
            &[0xac, 0xbd, 0x18, 0xdb, 0x4c, 0xc2, 0xf8, 0x5c]
        );
        assert_eq!(&bytes[8..12], &[9, 0, 0, 0]);
        assert_eq!(&bytes[12..20], &0x0004_6ca7_d24d_1458u64.to_le_bytes());
        assert_eq!(&bytes[20..28], &0x6e19_6c3a_956e_4038u64.to_le_bytes());
        assert_eq!(record.comdat_symbol(), "__covrec_5CF8C24CDB18BDACu");
        let unused = CovfunRecord {
            func_hash: 0,
            ..record.clone()
        };
        assert_eq!(unused.comdat_symbol(), "__covrec_5CF8C24CDB18BDAC");
        let mut section = bytes.clone();
        section.extend(unused.encode());
        assert_eq!(
            CovfunRecord::decode_all(&section).unwrap(),
            [record, unused]
        );
    }
}

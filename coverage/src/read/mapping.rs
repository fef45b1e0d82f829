//! Decoding a function's mapping blob (FORMATS.md 4.5) with every region kind LLVM 22 knows,
//! MC/DC included, following the checks of LLVM's `RawCoverageMappingReader`: file ids,
//! expressions (kinds taken from the counters that refer to them), then each file id's
//! regions with delta-encoded lines; a set high bit in the end column makes a gap region.

use crate::covfun::{self, Counter, ExprKind, Expression, SourceRange};

use super::cursor::Cursor;
use super::error::{Malformed, Problem};

/// What a region is, with its counters or parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegionKind {
    Code(Counter),
    /// A macro expansion whose regions are those of file id `expanded_file_id`.
    Expansion {
        expanded_file_id: u32,
    },
    /// Code that was not compiled.
    Skipped,
    /// Whitespace between code regions, counted for line rendering only.
    Gap(Counter),
    Branch {
        true_counter: Counter,
        false_counter: Counter,
    },
    /// A boolean expression with `num_conditions` conditions; its test vectors start at bit
    /// `bitmap_index` of the function's MC/DC bitmap.
    McdcDecision {
        bitmap_index: u32,
        num_conditions: u16,
    },
    /// One condition of an MC/DC decision; `None` successors end the decision.
    McdcBranch {
        true_counter: Counter,
        false_counter: Counter,
        condition_id: u16,
        next_if_true: Option<u16>,
        next_if_false: Option<u16>,
    },
}

impl RegionKind {
    /// LLVM's `CounterMappingRegion::RegionKind` value (as in `llvm-cov export`).
    pub fn llvm_kind(&self) -> u32 {
        match self {
            RegionKind::Code(_) => 0,
            RegionKind::Expansion { .. } => 1,
            RegionKind::Skipped => 2,
            RegionKind::Gap(_) => 3,
            RegionKind::Branch { .. } => 4,
            RegionKind::McdcDecision { .. } => 5,
            RegionKind::McdcBranch { .. } => 6,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            RegionKind::Code(_) => "Code",
            RegionKind::Expansion { .. } => "Expansion",
            RegionKind::Skipped => "Skipped",
            RegionKind::Gap(_) => "Gap",
            RegionKind::Branch { .. } => "Branch",
            RegionKind::McdcDecision { .. } => "MCDCDecision",
            RegionKind::McdcBranch { .. } => "MCDCBranch",
        }
    }

    /// The counters of the region (none for expansions, skipped code and decisions).
    pub fn counters(&self) -> Vec<Counter> {
        match *self {
            RegionKind::Code(c) | RegionKind::Gap(c) => vec![c],
            RegionKind::Branch {
                true_counter,
                false_counter,
            }
            | RegionKind::McdcBranch {
                true_counter,
                false_counter,
                ..
            } => vec![true_counter, false_counter],
            RegionKind::Expansion { .. }
            | RegionKind::Skipped
            | RegionKind::McdcDecision { .. } => Vec::new(),
        }
    }
}

/// One mapping region. Columns are as stored (1-based, end exclusive); `0:0` columns mean
/// whole lines (llvm-cov reads them as `1` to the end of the line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Region {
    /// Index into the function's file ids.
    pub file_id: u32,
    pub kind: RegionKind,
    pub range: SourceRange,
}

impl From<&covfun::Region> for Region {
    fn from(region: &covfun::Region) -> Region {
        let kind = match region.kind {
            covfun::RegionKind::Code(c) => RegionKind::Code(c),
            covfun::RegionKind::Gap(c) => RegionKind::Gap(c),
            covfun::RegionKind::Skipped => RegionKind::Skipped,
            covfun::RegionKind::Expansion { expanded_file_id } => {
                RegionKind::Expansion { expanded_file_id }
            }
            covfun::RegionKind::Branch {
                true_counter,
                false_counter,
            } => RegionKind::Branch {
                true_counter,
                false_counter,
            },
        };
        Region {
            file_id: region.file_id,
            kind,
            range: region.range,
        }
    }
}

/// A decoded mapping blob; file ids are still indices into the translation unit's filenames.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mapping {
    pub(crate) file_ids: Vec<u32>,
    pub(crate) expressions: Vec<Expression>,
    pub(crate) regions: Vec<Region>,
    /// Bytes after the last region, which LLVM's reader ignores.
    pub(crate) trailing_bytes: usize,
}

const GAP_BIT: u64 = 1 << 31;
const TAG_ZERO: u64 = 0;
const TAG_PHYSICAL: u64 = 1;
const TAG_SUBTRACT: u64 = 2;
const EXPANSION_BIT: u64 = 1 << 2;
const KIND_CODE: u64 = 0;
const KIND_SKIPPED: u64 = 2;
const KIND_BRANCH: u64 = 4;
const KIND_MCDC_DECISION: u64 = 5;
const KIND_MCDC_BRANCH: u64 = 6;
/// LLVM reads MC/DC ids and condition counts as `int16_t` values below this.
const MCDC_LIMIT: u64 = i16::MAX as u64;

pub(crate) fn decode_mapping(bytes: &[u8]) -> Result<Mapping, Malformed> {
    let mut decoder = Decoder {
        cursor: Cursor::new(bytes),
        kinds: Vec::new(),
    };
    let file_ids = decoder.file_ids()?;
    let operands = decoder.expression_operands()?;
    let mut regions = Vec::new();
    for file_id in 0..file_ids.len() as u32 {
        decoder.file_regions(file_id, file_ids.len(), &mut regions)?;
    }
    let expressions = operands
        .into_iter()
        .zip(decoder.kinds)
        .map(|((lhs, rhs), kind)| Expression { kind, lhs, rhs })
        .collect();
    Ok(Mapping {
        file_ids,
        expressions,
        regions,
        trailing_bytes: decoder.cursor.remaining(),
    })
}

struct Decoder<'a> {
    cursor: Cursor<'a>,
    /// The kind of each expression, set by the last counter that referred to it.
    kinds: Vec<ExprKind>,
}

impl Decoder<'_> {
    fn file_ids(&mut self) -> Result<Vec<u32>, Malformed> {
        let count = self.cursor.count("file id count")?;
        (0..count)
            .map(|_| self.cursor.uleb_u32("filename index"))
            .collect()
    }

    fn expression_operands(&mut self) -> Result<Vec<(Counter, Counter)>, Malformed> {
        let count = self.cursor.count("expression count")?;
        self.kinds = vec![ExprKind::Subtract; count];
        (0..count)
            .map(|_| Ok((self.counter()?, self.counter()?)))
            .collect()
    }

    fn counter(&mut self) -> Result<Counter, Malformed> {
        let start = self.cursor.pos();
        let word = self.cursor.uleb_u32("counter")?;
        self.decode_counter(u64::from(word), start)
    }

    fn decode_counter(&mut self, word: u64, start: usize) -> Result<Counter, Malformed> {
        let id = (word >> 2) as u32;
        let kind = match word & 3 {
            TAG_ZERO => return Ok(Counter::Zero),
            TAG_PHYSICAL => return Ok(Counter::Physical(id)),
            TAG_SUBTRACT => ExprKind::Subtract,
            _ => ExprKind::Add,
        };
        let expressions = self.kinds.len();
        let slot = self.kinds.get_mut(id as usize).ok_or(Malformed {
            offset: start,
            problem: Problem::BadExpression { id, expressions },
        })?;
        *slot = kind;
        Ok(Counter::Expression(id))
    }

    fn file_regions(
        &mut self,
        file_id: u32,
        file_ids: usize,
        regions: &mut Vec<Region>,
    ) -> Result<(), Malformed> {
        let count = self.cursor.count("region count")?;
        let mut line = 0u32;
        for _ in 0..count {
            let region = self.region(file_id, file_ids, line)?;
            line = region.range.start_line;
            regions.push(region);
        }
        Ok(())
    }

    fn region(&mut self, file_id: u32, file_ids: usize, line: u32) -> Result<Region, Malformed> {
        let start = self.cursor.pos();
        let kind = self.region_kind(file_ids)?;
        let line_delta = self.cursor.uleb_u32("line delta")?;
        let start_col = self.cursor.uleb_u32("start column")?;
        let line_count = self.cursor.uleb_u32("line count")?;
        let raw_end_col = self.cursor.uleb_u32("end column")?;
        let at_start = |problem| Malformed {
            offset: start,
            problem,
        };
        let start_line = line
            .checked_add(line_delta)
            .ok_or(at_start(Problem::LineOverflow))?;
        let end_line = start_line
            .checked_add(line_count)
            .ok_or(at_start(Problem::LineOverflow))?;
        let is_gap = u64::from(raw_end_col) & GAP_BIT != 0;
        let range = SourceRange {
            start_line,
            start_col,
            end_line,
            end_col: (u64::from(raw_end_col) & !GAP_BIT) as u32,
        };
        if (range.start_line, range.start_col) > (range.end_line, range.end_col)
            && !(range.start_col == 0 && range.end_col == 0)
        {
            return Err(at_start(Problem::BackwardsRegion(range)));
        }
        let kind = if is_gap { as_gap(kind) } else { kind };
        Ok(Region {
            file_id,
            kind,
            range,
        })
    }

    fn region_kind(&mut self, file_ids: usize) -> Result<RegionKind, Malformed> {
        let start = self.cursor.pos();
        let word = u64::from(self.cursor.uleb_u32("region counter or kind")?);
        if word & 3 != TAG_ZERO {
            return Ok(RegionKind::Code(self.decode_counter(word, start)?));
        }
        if word & EXPANSION_BIT != 0 {
            let expanded_file_id = (word >> 3) as u32;
            if expanded_file_id as usize >= file_ids {
                return Err(Malformed {
                    offset: start,
                    problem: Problem::BadExpandedFile {
                        file_id: expanded_file_id,
                        file_ids,
                    },
                });
            }
            return Ok(RegionKind::Expansion { expanded_file_id });
        }
        match word >> 3 {
            KIND_CODE => Ok(RegionKind::Code(Counter::Zero)),
            KIND_SKIPPED => Ok(RegionKind::Skipped),
            KIND_BRANCH => Ok(RegionKind::Branch {
                true_counter: self.counter()?,
                false_counter: self.counter()?,
            }),
            KIND_MCDC_DECISION => Ok(RegionKind::McdcDecision {
                bitmap_index: self.cursor.uleb_u32("MC/DC bitmap index")?,
                num_conditions: self.mcdc_value("MC/DC condition count")?,
            }),
            KIND_MCDC_BRANCH => self.mcdc_branch(),
            _ => Err(Malformed {
                offset: start,
                problem: Problem::BadRegionKind(word),
            }),
        }
    }

    fn mcdc_branch(&mut self) -> Result<RegionKind, Malformed> {
        let true_counter = self.counter()?;
        let false_counter = self.counter()?;
        let id_start = self.cursor.pos();
        let condition_id = self.mcdc_value("MC/DC condition id")?;
        let next_if_true = self.mcdc_value("MC/DC true successor")?;
        let next_if_false = self.mcdc_value("MC/DC false successor")?;
        if condition_id == 0 {
            return Err(Malformed {
                offset: id_start,
                problem: Problem::ZeroConditionId,
            });
        }
        // Stored ids are one more than the real ones; a stored 0 means "no successor".
        Ok(RegionKind::McdcBranch {
            true_counter,
            false_counter,
            condition_id: condition_id - 1,
            next_if_true: next_if_true.checked_sub(1),
            next_if_false: next_if_false.checked_sub(1),
        })
    }

    fn mcdc_value(&mut self, what: &'static str) -> Result<u16, Malformed> {
        Ok(self.cursor.uleb_below(what, MCDC_LIMIT)? as u16)
    }
}

/// LLVM turns any region whose end column has the gap bit into a gap region keeping its
/// (first) counter.
fn as_gap(kind: RegionKind) -> RegionKind {
    RegionKind::Gap(kind.counters().first().copied().unwrap_or(Counter::Zero))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covfun::MappingBlob;
    use crate::testing::{hex, range, CLANG_FOO_MAPPING};

    /// clang-22's `foo` from FORMATS.md 4.5, decoded there by hand.
    #[test]
    fn decodes_clang_foo() {
        let bytes = hex(CLANG_FOO_MAPPING);
        let mapping = decode_mapping(&bytes).unwrap();
        assert_eq!(mapping.file_ids, [1]);
        assert_eq!(mapping.expressions[0].kind, ExprKind::Add);
        assert_eq!(mapping.expressions[3].kind, ExprKind::Subtract);
        assert_eq!(mapping.regions.len(), 12);
        assert_eq!(
            mapping.regions[2].kind,
            RegionKind::Branch {
                true_counter: Counter::Physical(1),
                false_counter: Counter::Physical(0)
            }
        );
        assert_eq!(
            mapping.regions[4].kind,
            RegionKind::Gap(Counter::Physical(1))
        );
        assert_eq!(mapping.regions[4].range, range(5, 30, 5, 31));
        assert_eq!(
            mapping.regions[7].kind,
            RegionKind::Branch {
                true_counter: Counter::Physical(2),
                false_counter: Counter::Expression(3)
            }
        );
        assert_eq!(mapping.trailing_bytes, 0);
    }

    /// Agrees with the write side's encoder for every kind it writes.
    #[test]
    fn decodes_what_the_write_side_encodes() {
        let code = |c, r| covfun::Region {
            file_id: 0,
            kind: covfun::RegionKind::Code(c),
            range: r,
        };
        let blob = MappingBlob {
            file_ids: vec![1, 1],
            expressions: vec![
                Expression {
                    kind: ExprKind::Subtract,
                    lhs: Counter::Physical(0),
                    rhs: Counter::Physical(1),
                },
                Expression {
                    kind: ExprKind::Add,
                    lhs: Counter::Expression(0),
                    rhs: Counter::Physical(2),
                },
            ],
            regions: vec![
                code(Counter::Physical(0), range(1, 1, 9, 2)),
                code(Counter::Expression(1), range(2, 5, 2, 9)),
                covfun::Region {
                    file_id: 0,
                    kind: covfun::RegionKind::Gap(Counter::Expression(0)),
                    range: range(3, 1, 3, 4),
                },
                covfun::Region {
                    file_id: 0,
                    kind: covfun::RegionKind::Skipped,
                    range: range(4, 1, 5, 7),
                },
                covfun::Region {
                    file_id: 0,
                    kind: covfun::RegionKind::Expansion {
                        expanded_file_id: 1,
                    },
                    range: range(6, 5, 6, 12),
                },
                covfun::Region {
                    file_id: 0,
                    kind: covfun::RegionKind::Branch {
                        true_counter: Counter::Physical(1),
                        false_counter: Counter::Expression(0),
                    },
                    range: range(7, 8, 7, 9),
                },
                covfun::Region {
                    file_id: 1,
                    kind: covfun::RegionKind::Code(Counter::Zero),
                    range: range(1, 1, 1, 10),
                },
            ],
        };
        let mapping = decode_mapping(&blob.encode().unwrap()).unwrap();
        assert_eq!(mapping.file_ids, blob.file_ids);
        assert_eq!(mapping.expressions, blob.expressions);
        let expected: Vec<Region> = blob.regions.iter().map(Region::from).collect();
        assert_eq!(mapping.regions, expected);
    }

    /// MC/DC regions as clang-22 writes them for `if ((a && b) || c)`-style decisions:
    /// a decision (kind 5) and a condition (kind 6) with stored ids one above the real ones.
    #[test]
    fn decodes_mcdc_regions() {
        // 1 file id; no expressions; 2 regions:
        // decision 0x28, bitmap 0, 3 conditions, 11:9 -> 11:31;
        // MC/DC branch 0x30, T=#1 F=#2, id 1 (0), true 2 (1), false 0 (none), 11:10 -> 11:15.
        let bytes = hex("01 01 00 02 28 00 03 0b 09 00 1f 30 05 09 01 02 00 00 0a 00 0f");
        let mapping = decode_mapping(&bytes).unwrap();
        assert_eq!(
            mapping.regions,
            [
                Region {
                    file_id: 0,
                    kind: RegionKind::McdcDecision {
                        bitmap_index: 0,
                        num_conditions: 3
                    },
                    range: range(11, 9, 11, 31),
                },
                Region {
                    file_id: 0,
                    kind: RegionKind::McdcBranch {
                        true_counter: Counter::Physical(1),
                        false_counter: Counter::Physical(2),
                        condition_id: 0,
                        next_if_true: Some(1),
                        next_if_false: None,
                    },
                    range: range(11, 10, 11, 15),
                },
            ]
        );
        let zero_id = hex("01 01 00 01 30 05 09 00 02 00 0b 0a 00 0f");
        assert_eq!(
            decode_mapping(&zero_id).unwrap_err().problem,
            Problem::ZeroConditionId
        );
    }

    #[test]
    fn reports_malformed_blobs() {
        let problem = |text: &str| decode_mapping(&hex(text)).unwrap_err();
        assert_eq!(
            problem("01 01 00 01 38 01 01 00 02"),
            Malformed {
                offset: 4,
                problem: Problem::BadRegionKind(0x38)
            }
        );
        assert_eq!(
            problem("01 01 00 01 06 01 01 00 02").problem,
            Problem::BadExpression {
                id: 1,
                expressions: 0
            }
        );
        assert_eq!(
            problem("01 01 00 01 0c 01 01 00 02").problem,
            Problem::BadExpandedFile {
                file_id: 1,
                file_ids: 1
            }
        );
        assert_eq!(
            problem("01 01 00 01 05 02 05 00 02").problem,
            Problem::BackwardsRegion(range(2, 5, 2, 2))
        );
        assert!(matches!(
            problem("01 01 00 05 05 01").problem,
            Problem::CountTooLarge { .. }
        ));
        assert!(matches!(
            problem("01 01 00 01 05 01 01 00").problem,
            Problem::TruncatedLeb { .. }
        ));
        let trailing = decode_mapping(&hex("01 01 00 01 05 01 01 00 02 ff ff")).unwrap();
        assert_eq!(trailing.trailing_bytes, 2);
    }

    /// A gap bit on a region of another kind makes it a gap region, as in LLVM's reader;
    /// `0:0` columns (whole lines) are kept as stored.
    #[test]
    fn gap_bit_and_whole_line_columns() {
        let mapping = decode_mapping(&hex(
            "01 01 00 02 10 02 01 00 85 80 80 80 08 05 01 00 00 00",
        ))
        .unwrap();
        assert_eq!(mapping.regions[0].kind, RegionKind::Gap(Counter::Zero));
        assert_eq!(mapping.regions[0].range, range(2, 1, 2, 5));
        assert_eq!(
            mapping.regions[1].kind,
            RegionKind::Code(Counter::Physical(1))
        );
        assert_eq!(mapping.regions[1].range, range(3, 0, 3, 0));
    }
}

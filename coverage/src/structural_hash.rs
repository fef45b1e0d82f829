//! The structural hash of a used function's coverage (`FuncHash` of its records): the low
//! 64 bits of the MD5 of a compact binary encoding of its counter count, expressions and
//! regions, never 0. The encoding is a sequence of unsigned LEB128 numbers (little-endian,
//! 7 bits per byte): the counter count, the number of expressions and each expression, the
//! number of regions and each region. Every counter and region kind has its own tag and a
//! fixed number of fields, and LEB128 numbers are self-delimiting, so two different shapes
//! never encode alike, on any machine.

use crate::covfun::{Counter, ExprKind, Expression, Region, RegionKind};
use crate::hash::md5_low64;
use crate::leb128::write_uleb128;

/// Room for the encoding of a typical region, most of whose numbers take one byte.
const REGION_BYTES: usize = 12;
const EXPRESSION_BYTES: usize = 4;

/// A hash of the function's coverage shape (counters, expressions, regions); never 0.
pub fn structural_hash(num_counters: u32, expressions: &[Expression], regions: &[Region]) -> u64 {
    md5_low64(&shape_bytes(num_counters, expressions, regions)).max(1)
}

/// The bytes hashed for a shape.
fn shape_bytes(num_counters: u32, expressions: &[Expression], regions: &[Region]) -> Vec<u8> {
    let capacity = 8 + EXPRESSION_BYTES * expressions.len() + REGION_BYTES * regions.len();
    let mut shape = ShapeBytes(Vec::with_capacity(capacity));
    shape.number(num_counters);
    shape.number(expressions.len() as u32);
    for expression in expressions {
        shape.expression(expression);
    }
    shape.number(regions.len() as u32);
    for region in regions {
        shape.region(region);
    }
    shape.0
}

/// The encoding being built.
struct ShapeBytes(Vec<u8>);

impl ShapeBytes {
    fn number(&mut self, value: u32) {
        write_uleb128(&mut self.0, u64::from(value));
    }

    /// One number: the id above a two-bit tag.
    fn counter(&mut self, counter: Counter) {
        let (tag, id) = match counter {
            Counter::Zero => (0, 0),
            Counter::Physical(id) => (1, id),
            Counter::Expression(id) => (2, id),
        };
        write_uleb128(&mut self.0, u64::from(id) << 2 | tag);
    }

    fn expression(&mut self, expression: &Expression) {
        self.number(match expression.kind {
            ExprKind::Subtract => 0,
            ExprKind::Add => 1,
        });
        self.counter(expression.lhs);
        self.counter(expression.rhs);
    }

    fn region(&mut self, region: &Region) {
        self.number(region.file_id);
        self.region_kind(region.kind);
        let range = region.range;
        for field in [
            range.start_line,
            range.start_col,
            range.end_line,
            range.end_col,
        ] {
            self.number(field);
        }
    }

    fn region_kind(&mut self, kind: RegionKind) {
        match kind {
            RegionKind::Code(counter) => {
                self.number(0);
                self.counter(counter);
            }
            RegionKind::Gap(counter) => {
                self.number(1);
                self.counter(counter);
            }
            RegionKind::Skipped => self.number(2),
            RegionKind::Expansion { expanded_file_id } => {
                self.number(3);
                self.number(expanded_file_id);
            }
            RegionKind::Branch {
                true_counter,
                false_counter,
            } => {
                self.number(4);
                self.counter(true_counter);
                self.counter(false_counter);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covfun::SourceRange;

    fn region(kind: RegionKind, start_line: u32) -> Region {
        Region {
            file_id: 7,
            kind,
            range: SourceRange {
                start_line,
                start_col: 10,
                end_line: 4_294_967_295,
                end_col: 0,
            },
        }
    }

    fn add(lhs: Counter, rhs: Counter) -> Expression {
        Expression {
            kind: ExprKind::Add,
            lhs,
            rhs,
        }
    }

    fn sample_regions() -> Vec<Region> {
        vec![
            region(RegionKind::Code(Counter::Expression(1)), 1),
            region(RegionKind::Gap(Counter::Zero), 99),
            region(RegionKind::Skipped, 100),
            region(
                RegionKind::Expansion {
                    expanded_file_id: 3,
                },
                5,
            ),
            region(
                RegionKind::Branch {
                    true_counter: Counter::Physical(2),
                    false_counter: Counter::Expression(0),
                },
                1234567,
            ),
        ]
    }

    #[test]
    fn encodes_leb128_numbers_in_a_fixed_layout() {
        let expressions = [add(Counter::Physical(5), Counter::Zero)];
        let regions = [region(RegionKind::Code(Counter::Expression(40)), 200)];
        let counters: &[u8] = &[3];
        let one_add_of_physical_5_and_zero = &[1, 1, 5 << 2 | 1, 0];
        let one_region_in_file_7_code_of_expression_40 = &[1, 7, 0, 0xa2, 0x01];
        let range_200_10_to_max_0 = &[0xc8, 0x01, 10, 0xff, 0xff, 0xff, 0xff, 0x0f, 0];
        let expected = [
            counters,
            one_add_of_physical_5_and_zero,
            one_region_in_file_7_code_of_expression_40,
            range_200_10_to_max_0,
        ]
        .concat();
        assert_eq!(shape_bytes(3, &expressions, &regions), expected);
        assert_eq!(
            structural_hash(3, &expressions, &regions),
            md5_low64(&expected)
        );
    }

    #[test]
    fn every_part_of_the_shape_changes_the_hash() {
        let expressions = [
            add(Counter::Physical(0), Counter::Expression(12)),
            Expression {
                kind: ExprKind::Subtract,
                lhs: Counter::Zero,
                rhs: Counter::Physical(305),
            },
        ];
        let regions = sample_regions();
        let base = structural_hash(9, &expressions, &regions);
        assert_eq!(base, structural_hash(9, &expressions, &regions));
        assert_ne!(base, structural_hash(8, &expressions, &regions));
        assert_ne!(base, structural_hash(9, &expressions[..1], &regions));
        let mut swapped = expressions;
        swapped[0].kind = ExprKind::Subtract;
        assert_ne!(base, structural_hash(9, &swapped, &regions));
        for index in 0..regions.len() {
            let mut moved = regions.clone();
            moved[index].range.end_col += 1;
            assert_ne!(base, structural_hash(9, &expressions, &moved), "{index}");
            let mut recounted = regions.clone();
            recounted[index].kind = RegionKind::Code(Counter::Physical(1));
            assert_ne!(
                base,
                structural_hash(9, &expressions, &recounted),
                "{index}"
            );
        }
        assert_ne!(base, structural_hash(9, &expressions, &regions[1..]));
    }

    #[test]
    fn empty_shape_hashes_to_a_nonzero_value() {
        assert_ne!(structural_hash(0, &[], &[]), 0);
        assert_eq!(shape_bytes(0, &[], &[]), [0; 3]);
    }
}

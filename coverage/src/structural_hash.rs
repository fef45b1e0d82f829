//! The structural hash of a used function's coverage (`FuncHash` of its records): the low
//! 64 bits of the MD5 of the text `{num_counters};{expressions:?};{regions:?}`, never 0.
//! The text is written by hand, byte for byte as `Debug` formats it, without the
//! formatting machinery, which costs far more than the hash.

use crate::covfun::{Counter, ExprKind, Expression, Region, RegionKind};
use crate::hash::md5_low64;

/// A hash of the function's coverage shape (counters, expressions, regions); never 0.
pub fn structural_hash(num_counters: u32, expressions: &[Expression], regions: &[Region]) -> u64 {
    let mut text = ShapeText(Vec::with_capacity(
        64 * (expressions.len() + 2 * regions.len()),
    ));
    text.number(num_counters);
    text.push(";");
    text.list(expressions, ShapeText::expression);
    text.push(";");
    text.list(regions, ShapeText::region);
    md5_low64(&text.0).max(1)
}

/// The text being hashed.
struct ShapeText(Vec<u8>);

impl ShapeText {
    fn push(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    fn number(&mut self, mut value: u32) {
        if value < 10 {
            self.0.push(b'0' + value as u8);
            return;
        }
        if value < 100 {
            let digits = [b'0' + (value / 10) as u8, b'0' + (value % 10) as u8];
            self.0.extend_from_slice(&digits);
            return;
        }
        let mut digits = [0u8; 10];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&digits[start..]);
    }

    /// `[a, b, c]`.
    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.push("[");
        for (index, value) in items.iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            item(self, value);
        }
        self.push("]");
    }

    fn counter(&mut self, counter: Counter) {
        let (name, id) = match counter {
            Counter::Zero => return self.push("Zero"),
            Counter::Physical(id) => ("Physical(", id),
            Counter::Expression(id) => ("Expression(", id),
        };
        self.push(name);
        self.number(id);
        self.push(")");
    }

    fn expression(&mut self, expression: &Expression) {
        self.push("Expression { kind: ");
        self.push(match expression.kind {
            ExprKind::Subtract => "Subtract",
            ExprKind::Add => "Add",
        });
        self.push(", lhs: ");
        self.counter(expression.lhs);
        self.push(", rhs: ");
        self.counter(expression.rhs);
        self.push(" }");
    }

    fn region(&mut self, region: &Region) {
        self.push("Region { file_id: ");
        self.number(region.file_id);
        self.push(", kind: ");
        self.region_kind(region.kind);
        let range = region.range;
        self.push(", range: SourceRange { start_line: ");
        self.number(range.start_line);
        self.push(", start_col: ");
        self.number(range.start_col);
        self.push(", end_line: ");
        self.number(range.end_line);
        self.push(", end_col: ");
        self.number(range.end_col);
        self.push(" } }");
    }

    fn region_kind(&mut self, kind: RegionKind) {
        match kind {
            RegionKind::Code(counter) => self.wrapped("Code(", counter),
            RegionKind::Gap(counter) => self.wrapped("Gap(", counter),
            RegionKind::Skipped => self.push("Skipped"),
            RegionKind::Expansion { expanded_file_id } => {
                self.push("Expansion { expanded_file_id: ");
                self.number(expanded_file_id);
                self.push(" }");
            }
            RegionKind::Branch {
                true_counter,
                false_counter,
            } => {
                self.push("Branch { true_counter: ");
                self.counter(true_counter);
                self.push(", false_counter: ");
                self.counter(false_counter);
                self.push(" }");
            }
        }
    }

    /// `Name(counter)`, `open` being `Name(`.
    fn wrapped(&mut self, open: &str, counter: Counter) {
        self.push(open);
        self.counter(counter);
        self.push(")");
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

    #[test]
    fn hashes_the_text_debug_formatting_gives() {
        let expressions = [
            Expression {
                kind: ExprKind::Add,
                lhs: Counter::Physical(0),
                rhs: Counter::Expression(12),
            },
            Expression {
                kind: ExprKind::Subtract,
                lhs: Counter::Zero,
                rhs: Counter::Physical(305),
            },
        ];
        let regions = [
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
        ];
        for (counters, expressions, regions) in [
            (9, &expressions[..], &regions[..]),
            (0, &[][..], &regions[..1]),
            (1, &expressions[..1], &[][..]),
        ] {
            let text = format!("{counters};{expressions:?};{regions:?}");
            assert_eq!(
                structural_hash(counters, expressions, regions),
                md5_low64(text.as_bytes()).max(1),
                "{text}"
            );
        }
    }
}

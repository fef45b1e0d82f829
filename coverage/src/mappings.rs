//! A function's mapping regions: one Code region per refined span, counted by its BCB's
//! counter or expression (all Zero for an unused function). Like rustc, no gap regions are
//! emitted. Expressions no region needs are dropped and the rest renumbered in first-use
//! order, as LLVM's writer does before encoding.

use crate::counters::Counters;
use crate::covfun::{Counter, Expression, Region, RegionKind, SourceRange};
use crate::source::SourceText;
use crate::spans::CodeSpan;

/// The regions and expression table of one function, file id 0 only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionMappings {
    pub expressions: Vec<Expression>,
    pub regions: Vec<Region>,
}

/// Regions of a used function, counted by `counters`.
pub fn used_mappings(
    spans: &[CodeSpan],
    counters: &Counters,
    source: &SourceText,
) -> FunctionMappings {
    let regions: Vec<Region> = spans
        .iter()
        .map(|s| {
            let counter = counters.bcb_counters[s.bcb.index()]
                .expect("every BCB with a code span was given a counter");
            code_region(s, counter, source)
        })
        .collect();
    prune_expressions(&counters.expressions, regions)
}

/// Regions of an unused function: same spans, all counted by Zero.
pub fn unused_mappings(spans: &[CodeSpan], source: &SourceText) -> FunctionMappings {
    FunctionMappings {
        expressions: Vec::new(),
        regions: spans
            .iter()
            .map(|s| code_region(s, Counter::Zero, source))
            .collect(),
    }
}

fn code_region(span: &CodeSpan, counter: Counter, source: &SourceText) -> Region {
    let (lo, hi) = (span.span.lo, span.span.hi);
    Region {
        file_id: 0,
        kind: RegionKind::Code(counter),
        range: SourceRange {
            start_line: lo.line,
            start_col: source.byte_col(lo),
            end_line: hi.line,
            end_col: source.byte_col(hi),
        },
    }
}

/// Keeps only the expressions the regions reach, numbered in depth-first first-use order.
fn prune_expressions(expressions: &[Expression], mut regions: Vec<Region>) -> FunctionMappings {
    let mut renumbered: Vec<Option<u32>> = vec![None; expressions.len()];
    let mut kept: Vec<Expression> = Vec::new();
    for region in &mut regions {
        if let RegionKind::Code(counter) = &mut region.kind {
            *counter = renumber(*counter, expressions, &mut renumbered, &mut kept);
        }
    }
    FunctionMappings {
        expressions: kept,
        regions,
    }
}

fn renumber(
    counter: Counter,
    expressions: &[Expression],
    renumbered: &mut [Option<u32>],
    kept: &mut Vec<Expression>,
) -> Counter {
    let Counter::Expression(old) = counter else {
        return counter;
    };
    if let Some(new) = renumbered[old as usize] {
        return Counter::Expression(new);
    }
    let new = kept.len() as u32;
    renumbered[old as usize] = Some(new);
    let original = expressions[old as usize];
    kept.push(original);
    let lhs = renumber(original.lhs, expressions, renumbered, kept);
    let rhs = renumber(original.rhs, expressions, renumbered, kept);
    kept[new as usize] = Expression {
        lhs,
        rhs,
        ..original
    };
    Counter::Expression(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covfun::ExprKind;

    #[test]
    fn unused_expressions_are_dropped_and_the_rest_renumbered() {
        let p = Counter::Physical;
        let expressions = vec![
            Expression {
                kind: ExprKind::Add,
                lhs: p(0),
                rhs: p(1),
            },
            Expression {
                kind: ExprKind::Subtract,
                lhs: p(2),
                rhs: p(0),
            },
            Expression {
                kind: ExprKind::Subtract,
                lhs: p(3),
                rhs: Counter::Expression(0),
            },
        ];
        let region = |counter| Region {
            file_id: 0,
            kind: RegionKind::Code(counter),
            range: SourceRange {
                start_line: 1,
                start_col: 1,
                end_line: 1,
                end_col: 2,
            },
        };
        let regions = vec![
            region(Counter::Expression(2)),
            region(p(0)),
            region(Counter::Expression(0)),
        ];
        let pruned = prune_expressions(&expressions, regions);
        assert_eq!(
            pruned.expressions,
            [
                Expression {
                    kind: ExprKind::Subtract,
                    lhs: p(3),
                    rhs: Counter::Expression(1)
                },
                Expression {
                    kind: ExprKind::Add,
                    lhs: p(0),
                    rhs: p(1)
                },
            ]
        );
        let counters: Vec<RegionKind> = pruned.regions.iter().map(|r| r.kind).collect();
        assert_eq!(
            counters,
            [
                RegionKind::Code(Counter::Expression(0)),
                RegionKind::Code(p(0)),
                RegionKind::Code(Counter::Expression(1)),
            ]
        );
    }
}

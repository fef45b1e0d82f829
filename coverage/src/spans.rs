//! Code regions of a function: the spans of its `Coverage(SpanMarker)` statements, each tied
//! to the BCB of its block, refined the way rustc 1.95 refines the spans it takes from MIR.
//!
//! 1. Every marker inside the body span (but not equal to it) gives a span for its BCB; a
//!    function without one gets no regions (and, as in rustc, no instrumentation).
//! 2. The signature span joins the entry BCB.
//! 3. Spans are sorted by start, longer first; among identical spans only the one of the
//!    most dominated BCB survives.
//! 4. Spans overlapping a hole (a nested function's signature) are dropped.
//! 5. A span that overlaps a later one of a different BCB is dropped (this discards long
//!    outer spans, such as a whole block, that enclose code with other control flow).
//! 6. Empty spans grow over an adjacent `{` after or `}` before them, or are dropped.
//! 7. Overlapping or adjacent spans of the same BCB merge.
//!
//! `coverage/MARKERS.md` says which markers the front end emits for each construct.

use std::cmp::Ordering;

use clifcov_ir::{CoverageKind, Function, Pos, Span, StatementKind};

use crate::graph::{Bcb, CoverageGraph};
use crate::source::SourceText;

/// A refined code region: a non-empty span counted by `bcb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeSpan {
    pub span: Span,
    pub bcb: Bcb,
}

/// The function's code regions in source order, or none if it has no usable marker.
pub fn code_spans(
    function: &Function,
    graph: &CoverageGraph,
    source: &SourceText,
    holes: &[Span],
) -> Vec<CodeSpan> {
    let body = function.body_span;
    let mut spans: Vec<CodeSpan> = marker_spans(function, graph)
        .into_iter()
        .filter(|s| body.contains(s.span) && s.span != body)
        .collect();
    if spans.is_empty() {
        return spans;
    }
    spans.push(CodeSpan {
        span: signature_span(function),
        bcb: Bcb::START,
    });
    spans.sort_unstable_by_key(|s| source_order_key(s.span));
    spans.dedup_by(|later, kept| {
        let same = later.span == kept.span;
        if same && graph.dominator_rank(later.bcb) > graph.dominator_rank(kept.bcb) {
            kept.bcb = later.bcb;
        }
        same
    });
    let spans = discard_overlapping_holes(spans, &merged_holes(body, holes));
    let spans = remove_unwanted_overlaps(spans);
    let mut spans: Vec<CodeSpan> = spans
        .into_iter()
        .filter_map(|s| {
            let span = non_empty(s.span, source)?;
            Some(CodeSpan { span, bcb: s.bcb })
        })
        .collect();
    spans.dedup_by(|later, kept| merge_if_eligible(kept, later));
    spans
}

/// Marker spans with their BCBs, in BCB order then block and statement order (malformed
/// spans, ending before they start or at line or column 0, are ignored).
fn marker_spans(function: &Function, graph: &CoverageGraph) -> Vec<CodeSpan> {
    let mut spans = Vec::new();
    for bcb in graph.bcbs() {
        for &block in graph.blocks(bcb) {
            for statement in &function.block(block).statements {
                let is_marker = statement.kind == StatementKind::Coverage(CoverageKind::SpanMarker);
                if is_marker && is_well_formed(statement.span) {
                    spans.push(CodeSpan {
                        span: statement.span,
                        bcb,
                    });
                }
            }
        }
    }
    spans
}

fn is_well_formed(span: Span) -> bool {
    let positive = |p: Pos| p.line > 0 && p.col > 0;
    span.lo <= span.hi && positive(span.lo) && positive(span.hi)
}

/// The signature span when it ends before the body (it always should); otherwise an empty
/// span at the body's `{`.
fn signature_span(function: &Function) -> Span {
    let body_start = function.body_span.lo;
    if function.sig_span.hi <= body_start && !function.sig_span.is_empty() {
        function.sig_span
    } else {
        Span::new(body_start, body_start)
    }
}

/// By start ascending, then end descending (so an enclosing span sorts first).
fn compare_spans(a: Span, b: Span) -> Ordering {
    a.lo.cmp(&b.lo).then_with(|| b.hi.cmp(&a.hi))
}

/// A key that orders spans as [`compare_spans`] does, compared in one integer comparison.
fn source_order_key(span: Span) -> u128 {
    let field = |value: u32, shift: u32| u128::from(value) << shift;
    field(span.lo.line, 96)
        | field(span.lo.col, 64)
        | field(!span.hi.line, 32)
        | field(!span.hi.col, 0)
}

fn overlaps(a: Span, b: Span) -> bool {
    a.lo < b.hi && b.lo < a.hi
}

fn overlaps_or_adjacent(a: Span, b: Span) -> bool {
    a.lo <= b.hi && b.lo <= a.hi
}

/// Holes inside the body, sorted, with overlapping or adjacent holes merged.
fn merged_holes(body: Span, holes: &[Span]) -> Vec<Span> {
    let mut holes: Vec<Span> = holes
        .iter()
        .copied()
        .filter(|h| body.contains(*h))
        .collect();
    holes.sort_by(|a, b| compare_spans(*a, *b));
    holes.dedup_by(|later, kept| {
        let merge = overlaps_or_adjacent(*kept, *later);
        if merge {
            *kept = kept.to(*later);
        }
        merge
    });
    holes
}

fn discard_overlapping_holes(spans: Vec<CodeSpan>, holes: &[Span]) -> Vec<CodeSpan> {
    let mut next_hole = 0;
    spans
        .into_iter()
        .filter(|s| {
            while let Some(hole) = holes.get(next_hole) {
                if hole.hi <= s.span.lo {
                    next_hole += 1;
                    continue;
                }
                return !overlaps(*hole, s.span);
            }
            true
        })
        .collect()
}

/// Keeps a span only while the spans that start inside it belong to its own BCB.
fn remove_unwanted_overlaps(sorted: Vec<CodeSpan>) -> Vec<CodeSpan> {
    let mut pending: Vec<CodeSpan> = Vec::new();
    let mut refined = Vec::with_capacity(sorted.len());
    for current in sorted {
        pending.retain(|previous| {
            if previous.span.hi <= current.span.lo {
                refined.push(*previous);
                false
            } else {
                previous.bcb == current.bcb
            }
        });
        pending.push(current);
    }
    refined.extend(pending);
    refined
}

/// Grows an empty span over a `{` right after it or a `}` right before it.
fn non_empty(span: Span, source: &SourceText) -> Option<Span> {
    if !span.is_empty() {
        return Some(span);
    }
    let Pos { line, col } = span.hi;
    if source.char_at(span.hi) == Some('{') {
        Some(Span::new(span.lo, Pos::new(line, col + 1)))
    } else if source.char_before(span.lo) == Some('}') {
        Some(Span::new(Pos::new(line, span.lo.col - 1), span.hi))
    } else {
        None
    }
}

fn merge_if_eligible(kept: &mut CodeSpan, later: &CodeSpan) -> bool {
    let merge = kept.bcb == later.bcb && overlaps_or_adjacent(kept.span, later.span);
    if merge {
        kept.span = kept.span.to(later.span);
    }
    merge
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{function, graph_of, span, T};

    const SOURCE: &str = "fn f(a: bool) {
    if a {
        fn inner() {}
        g();
    }
}
";

    fn refine(function: &Function, holes: &[Span]) -> Vec<(Span, u32)> {
        let graph = graph_of(function).unwrap();
        code_spans(function, &graph, &SourceText::new(SOURCE), holes)
            .into_iter()
            .map(|s| (s.span, s.bcb.0))
            .collect()
    }

    /// BCBs: bcb0 = bb0 (condition), bcb1 = bb1 (then), bcb2 = bb3 (return),
    /// bcb3 = bb2 (implicit else).
    fn sample(sig: &str) -> Function {
        function(
            "f",
            sig,
            "1:15-6:2",
            vec![
                (vec!["2:8-2:9"], T::Switch(vec![2, 1])),
                (vec!["4:9-4:10", "2:10-5:6"], T::Goto(3)),
                (vec!["5:6-5:6"], T::Goto(3)),
                (vec!["6:2-6:2"], T::Return),
            ],
        )
    }

    #[test]
    fn signature_joins_the_entry_and_empty_spans_grow_over_braces() {
        let spans = refine(&sample("1:1-1:14"), &[]);
        let expected = [
            ("1:1-1:14", 0),
            ("2:8-2:9", 0),
            ("2:10-5:6", 1),
            ("5:5-5:6", 3),
            ("6:1-6:2", 2),
        ];
        assert_eq!(spans, expected.map(|(s, b)| (span(s), b)));
    }

    /// Without a usable signature span, rustc puts an empty span at the body's start,
    /// which grows over the `{`.
    #[test]
    fn missing_signature_gives_the_opening_brace() {
        let spans = refine(&sample("1:15-1:15"), &[]);
        assert_eq!(spans[0], (span("1:15-1:16"), 0));
    }

    /// A nested item's signature is a hole: the enclosing block span overlapping it goes.
    #[test]
    fn spans_overlapping_holes_are_dropped() {
        let spans = refine(&sample("1:1-1:14"), &[span("3:9-3:19")]);
        assert!(spans.iter().all(|(s, _)| *s != span("2:10-5:6")));
        assert!(spans.contains(&(span("4:9-4:10"), 1)));
    }

    #[test]
    fn malformed_markers_are_ignored() {
        let f = function(
            "f",
            "1:1-1:14",
            "1:15-6:2",
            vec![(vec!["2:9-2:8", "0:0-2:1", "2:8-2:9"], T::Return)],
        );
        assert_eq!(
            refine(&f, &[]),
            [(span("1:1-1:14"), 0), (span("2:8-2:9"), 0)]
        );
    }

    #[test]
    fn the_sort_key_orders_spans_as_compare_spans_does() {
        let values = [1, 2, 40, u32::MAX];
        let positions: Vec<Pos> = values
            .iter()
            .flat_map(|&line| values.iter().map(move |&col| Pos::new(line, col)))
            .collect();
        let spans: Vec<Span> = positions
            .iter()
            .flat_map(|&lo| positions.iter().map(move |&hi| Span::new(lo, hi)))
            .collect();
        for &a in &spans {
            for &b in &spans {
                let by_key = source_order_key(a).cmp(&source_order_key(b));
                assert_eq!(by_key, compare_spans(a, b), "{a:?} {b:?}");
            }
        }
    }

    /// Among identical spans the most dominated BCB wins (rustc's match-scrutinee quirk).
    #[test]
    fn identical_spans_keep_the_most_dominated_bcb() {
        let f = function(
            "f",
            "1:1-1:14",
            "1:15-6:2",
            vec![
                (vec!["2:8-2:9"], T::Switch(vec![2, 1])),
                (vec!["2:8-2:9"], T::Goto(2)),
                (vec!["6:2-6:2"], T::Return),
            ],
        );
        let spans = refine(&f, &[]);
        // bcb0 = bb0 dominates bcb1 = bb1.
        assert!(spans.contains(&(span("2:8-2:9"), 1)), "{spans:?}");
    }
}

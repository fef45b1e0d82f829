//! The tests of a `match` on one integer or `bool` value, built as rustc's MIR builder builds
//! its match tree: candidates (one per arm, or-patterns expanded into subcandidates) are
//! partitioned by the test that the first candidate needs (a `switchInt` over the constants,
//! a range check, or a `bool` branch) and the candidates that a test does not decide are tried
//! in order afterwards. Blocks then run as often as rustc's do, which coverage counts see.

use clifcov_ir::{BinOp, BlockId, Operand, Rvalue, Span, TerminatorKind, Ty};

use crate::ast::{Binding, Pat, PatKind, PatLit};
use crate::builder::{constant, Builder};

/// A range pattern: `lo..=hi`, `lo..hi`, `lo..`, `..=hi` (bounds as values).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    lo: Option<i128>,
    hi: Option<i128>,
    inclusive: bool,
    span: Span,
}

impl Range {
    fn first(&self, ty: Ty) -> i128 {
        self.lo.unwrap_or(ty.min_value())
    }

    fn last(&self, ty: Ty) -> i128 {
        match self.hi {
            Some(hi) if self.inclusive => hi,
            Some(hi) => hi - 1,
            None => ty.max_value(),
        }
    }

    fn contains(&self, value: i128, ty: Ty) -> bool {
        self.first(ty) <= value && value <= self.last(ty)
    }

    fn overlaps(&self, other: &Range, ty: Ty) -> bool {
        self.first(ty) <= other.last(ty) && other.first(ty) <= self.last(ty)
    }

    fn same_as(&self, other: &Range) -> bool {
        (self.lo, self.hi, self.inclusive) == (other.lo, other.hi, other.inclusive)
    }
}

/// What a candidate still has to test of the value.
#[derive(Clone, Copy, Debug)]
enum Pair<'a> {
    Int(i128),
    Bool(bool),
    Range(Range),
    Or(&'a [Pat]),
}

/// The test performed on the value, and its outcomes.
#[derive(Clone, Copy, Debug)]
enum Test {
    SwitchInt,
    If,
    Range(Range),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Branch {
    Int(i128),
    Success,
    Failure,
}

/// A pattern (or one alternative of an or-pattern) waiting to be matched.
#[derive(Debug)]
pub struct Candidate<'a> {
    pair: Option<Pair<'a>>,
    subcandidates: Vec<Candidate<'a>>,
    bindings: Vec<&'a Binding>,
    has_guard: bool,
    pre_binding: Option<BlockId>,
    otherwise: Option<BlockId>,
}

/// A way for an arm to match: where its bindings and guard go, where to continue when the
/// guard fails, and the bindings (from outermost pattern in).
#[derive(Debug)]
pub struct Leaf<'a> {
    pub block: BlockId,
    pub otherwise: BlockId,
    pub bindings: Vec<&'a Binding>,
}

impl<'a> Candidate<'a> {
    pub fn new(pat: &'a Pat, has_guard: bool, ty: Ty) -> Candidate<'a> {
        let mut bindings = Vec::new();
        let pair = flatten(pat, &mut bindings, ty);
        Candidate {
            pair,
            subcandidates: Vec::new(),
            bindings,
            has_guard,
            pre_binding: None,
            otherwise: None,
        }
    }

    fn starts_with_or(&self) -> bool {
        matches!(self.pair, Some(Pair::Or(_)))
    }

    /// The ways this candidate matched, in order, with their bindings.
    pub fn leaves(&self) -> Vec<Leaf<'a>> {
        let mut out = Vec::new();
        self.collect_leaves(&[], &mut out);
        out
    }

    fn collect_leaves(&self, outer: &[&'a Binding], out: &mut Vec<Leaf<'a>>) {
        let mut bindings = outer.to_vec();
        bindings.extend(&self.bindings);
        if self.subcandidates.is_empty() {
            if let (Some(block), Some(otherwise)) = (self.pre_binding, self.otherwise) {
                out.push(Leaf {
                    block,
                    otherwise,
                    bindings,
                });
            }
            return;
        }
        for sub in &self.subcandidates {
            sub.collect_leaves(&bindings, out);
        }
    }
}

/// Removes bindings and wildcards, which always match, leaving what must be tested.
fn flatten<'a>(pat: &'a Pat, bindings: &mut Vec<&'a Binding>, ty: Ty) -> Option<Pair<'a>> {
    match &pat.kind {
        PatKind::Wild => None,
        PatKind::Binding(binding, sub) => {
            bindings.push(binding);
            sub.as_deref().and_then(|sub| flatten(sub, bindings, ty))
        }
        PatKind::Int(lit) => Some(Pair::Int(lit.value_in(ty))),
        PatKind::Bool(b) => Some(Pair::Bool(*b)),
        PatKind::Range { lo, hi, inclusive } => {
            let value = |lit: &Option<PatLit>| lit.as_ref().map(|l| l.value_in(ty));
            let range = Range {
                lo: value(lo),
                hi: value(hi),
                inclusive: *inclusive,
                span: pat.span,
            };
            let full = range.first(ty) <= ty.min_value() && range.last(ty) >= ty.max_value();
            (!full).then_some(Pair::Range(range))
        }
        PatKind::Or(alternatives) => Some(Pair::Or(alternatives)),
    }
}

/// Builds the tests of a match on `value` of type `ty`; `span` (the scrutinee's) is given to
/// the jumps between tests.
pub struct MatchBuilder<'b> {
    pub b: &'b mut Builder,
    pub value: Operand,
    pub ty: Ty,
    pub span: Span,
}

impl<'a> MatchBuilder<'_> {
    /// Lowers the tests for `candidates` starting at `start`; returns the block reached when
    /// none matches.
    pub fn match_candidates(
        &mut self,
        mut start: BlockId,
        candidates: &mut [&mut Candidate<'a>],
    ) -> BlockId {
        let mut rest = candidates;
        loop {
            let Some(pair) = rest.first().map(|c| c.pair) else {
                return start;
            };
            let test = match pair {
                None => {
                    let otherwise = self.b.new_block();
                    rest[0].pre_binding = Some(start);
                    rest[0].otherwise = Some(otherwise);
                    start = otherwise;
                    rest = &mut rest[1..];
                    continue;
                }
                Some(Pair::Or(_)) => return self.expand_or_candidates(start, rest),
                Some(_) if rest.iter().any(|c| c.starts_with_or()) => {
                    return self.expand_or_candidates(start, rest)
                }
                Some(Pair::Int(_)) => Test::SwitchInt,
                Some(Pair::Bool(_)) => Test::If,
                Some(Pair::Range(range)) => Test::Range(range),
            };
            let (next, remaining) = self.test_candidates(start, test, rest);
            start = next;
            rest = remaining;
        }
    }

    /// Expands one level of or-patterns into subcandidates and lowers them with the others.
    fn expand_or_candidates(
        &mut self,
        start: BlockId,
        candidates: &mut [&mut Candidate<'a>],
    ) -> BlockId {
        for candidate in candidates.iter_mut() {
            if let Some(Pair::Or(alternatives)) = candidate.pair {
                candidate.pair = None;
                candidate.subcandidates = alternatives
                    .iter()
                    .map(|alt| Candidate::new(alt, candidate.has_guard, self.ty))
                    .collect();
            }
        }
        let mut expanded: Vec<&mut Candidate<'a>> = Vec::new();
        for candidate in candidates.iter_mut() {
            if candidate.subcandidates.is_empty() {
                expanded.push(candidate);
            } else {
                expanded.extend(candidate.subcandidates.iter_mut());
            }
        }
        let otherwise = self.match_candidates(start, &mut expanded);
        for candidate in candidates.iter_mut() {
            self.merge_trivial_subcandidates(candidate);
        }
        otherwise
    }

    /// Subcandidates without bindings or guard join in one block, as rustc merges them.
    fn merge_trivial_subcandidates(&mut self, candidate: &mut Candidate<'a>) {
        let trivial = |sub: &Candidate| sub.subcandidates.is_empty() && sub.bindings.is_empty();
        if candidate.subcandidates.is_empty()
            || candidate.has_guard
            || !candidate.subcandidates.iter().all(trivial)
        {
            return;
        }
        let shared = self.b.new_block();
        for sub in std::mem::take(&mut candidate.subcandidates) {
            if let Some(block) = sub.pre_binding {
                self.b.switch_to(block);
                self.b.goto(shared, self.span);
            }
            candidate.otherwise = sub.otherwise;
        }
        candidate.pre_binding = Some(shared);
    }

    /// Performs the test the first candidate needs; candidates it decides continue in its
    /// outcomes, the others after it. Returns the block where the others start, and them.
    fn test_candidates<'c, 'd>(
        &mut self,
        start: BlockId,
        test: Test,
        candidates: &'c mut [&'d mut Candidate<'a>],
    ) -> (BlockId, &'c mut [&'d mut Candidate<'a>]) {
        let mut sorted: Vec<(Branch, Option<Pair>)> = Vec::new();
        while let Some(candidate) = candidates.get_mut(sorted.len()) {
            let Some(branch) = self.bucket(test, candidate, &sorted) else {
                break;
            };
            sorted.push((branch, candidate.pair));
        }
        let (tested, rest) = candidates.split_at_mut(sorted.len());
        let mut buckets: Vec<(Branch, Vec<&mut Candidate<'a>>)> = Vec::new();
        for (candidate, (branch, _)) in tested.iter_mut().zip(&sorted) {
            match buckets.iter_mut().find(|(b, _)| b == branch) {
                Some((_, list)) => list.push(&mut **candidate),
                None => buckets.push((*branch, vec![&mut **candidate])),
            }
        }
        let remainder = self.b.new_block();
        let mut targets = Vec::new();
        for (branch, mut list) in buckets {
            let branch_start = self.b.new_block();
            let otherwise = self.match_candidates(branch_start, &mut list);
            self.b.switch_to(otherwise);
            self.b.goto(remainder, self.span);
            targets.push((branch, branch_start));
        }
        self.perform_test(start, remainder, test, &targets);
        (remainder, rest)
    }

    /// Which outcome of `test` the candidate can only match in, if any; removes the
    /// candidate's test when the outcome settles it. `sorted` has the outcome and remaining
    /// test of each candidate sorted before this one.
    fn bucket(
        &self,
        test: Test,
        candidate: &mut Candidate<'a>,
        sorted: &[(Branch, Option<Pair>)],
    ) -> Option<Branch> {
        let pair = candidate.pair?;
        let ty = self.ty;
        let (branch, settled) = match (test, pair) {
            (Test::SwitchInt, Pair::Int(value)) => {
                let covering = sorted.iter().any(|(b, p)| {
                    *b == Branch::Failure
                        && matches!(p, Some(Pair::Range(r)) if r.contains(value, ty))
                });
                if covering {
                    return None;
                }
                (Branch::Int(value), true)
            }
            (Test::SwitchInt, Pair::Range(range)) => {
                let contains_tested = sorted
                    .iter()
                    .any(|(b, _)| matches!(b, Branch::Int(v) if range.contains(*v, ty)));
                if contains_tested {
                    return None;
                }
                (Branch::Failure, false)
            }
            (Test::If, Pair::Bool(b)) => (if b { Branch::Success } else { Branch::Failure }, true),
            (Test::Range(tested), Pair::Range(range)) if tested.same_as(&range) => {
                (Branch::Success, true)
            }
            (Test::Range(tested), Pair::Range(range)) if !tested.overlaps(&range, ty) => {
                (Branch::Failure, false)
            }
            (Test::Range(tested), Pair::Int(value)) if !tested.contains(value, ty) => {
                (Branch::Failure, false)
            }
            _ => return None,
        };
        if settled {
            candidate.pair = None;
        }
        Some(branch)
    }

    fn perform_test(
        &mut self,
        start: BlockId,
        remainder: BlockId,
        test: Test,
        targets: &[(Branch, BlockId)],
    ) {
        let target = |branch: Branch| {
            targets
                .iter()
                .find(|(b, _)| *b == branch)
                .map_or(remainder, |(_, block)| *block)
        };
        self.b.switch_to(start);
        match test {
            Test::SwitchInt => {
                let cases = targets
                    .iter()
                    .filter_map(|(branch, block)| match branch {
                        Branch::Int(value) => Some((bit_pattern(*value, self.ty), *block)),
                        _ => None,
                    })
                    .collect();
                let kind = TerminatorKind::SwitchInt {
                    discr: self.value.clone(),
                    targets: cases,
                    otherwise: target(Branch::Failure),
                };
                self.b.terminate(kind, self.span);
            }
            Test::If => {
                let (success, failure) = (target(Branch::Success), target(Branch::Failure));
                self.b
                    .branch(self.value.clone(), success, failure, self.span);
            }
            Test::Range(range) => {
                self.range_test(range, target(Branch::Success), target(Branch::Failure))
            }
        }
    }

    /// `lo <= value` then `value <= hi` (or `<`), each comparison in its own block marked
    /// with the pattern's span, as rustc emits them.
    fn range_test(&mut self, range: Range, success: BlockId, failure: BlockId) {
        let ty = self.ty;
        if let Some(lo) = range.lo {
            let next = if range.hi.is_some() {
                self.b.new_block()
            } else {
                success
            };
            self.compare(
                BinOp::Le,
                constant(ty, lo),
                self.value.clone(),
                next,
                failure,
                range.span,
            );
            self.b.switch_to(next);
        }
        if let Some(hi) = range.hi {
            let op = if range.inclusive {
                BinOp::Le
            } else {
                BinOp::Lt
            };
            self.compare(
                op,
                self.value.clone(),
                constant(ty, hi),
                success,
                failure,
                range.span,
            );
        }
    }

    fn compare(
        &mut self,
        op: BinOp,
        l: Operand,
        r: Operand,
        success: BlockId,
        failure: BlockId,
        span: Span,
    ) {
        self.b.mark(span);
        let holds = self
            .b
            .assign_temp(Ty::Bool, Rvalue::BinaryOp(op, l, r), span);
        self.b.branch(holds, success, failure, span);
    }
}

/// The two's-complement bits of `value` in the width of `ty`, as `SwitchInt` compares them.
pub fn bit_pattern(value: i128, ty: Ty) -> u128 {
    let bits = ty.bits();
    (value as u128) & ((1u128 << bits) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_patterns() {
        assert_eq!(bit_pattern(-1, Ty::I32), 0xFFFF_FFFF);
        assert_eq!(bit_pattern(-128, Ty::I8), 0x80);
        assert_eq!(bit_pattern(5, Ty::U64), 5);
        assert_eq!(bit_pattern(1, Ty::Bool), 1);
    }
}

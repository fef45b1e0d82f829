//! Exhaustiveness of `match` on integers and `bool` (rustc's E0004), by interval arithmetic
//! over the values the unguarded arms cover, with rustc's way of naming what is missing.

use clifcov_ir::Ty;

use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::infer::FinalTy;
use crate::typeck::Typeck;

/// An inclusive interval of values. For `usize` / `isize`, which rustc treats as having no
/// fixed bounds, `MIN - 1` and `MAX + 1` stand for the values beyond the bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Interval {
    lo: i128,
    hi: i128,
}

/// Checks every `match` of a function body; also rejects empty range patterns (E0030 / E0579).
pub fn check_matches(body: &Block, typeck: &Typeck) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    body.walk(&mut |expr| {
        if let ExprKind::Match { scrutinee, arms } = &expr.kind {
            if let FinalTy::Ty(ty) = typeck.ty(scrutinee) {
                check_match(scrutinee, arms, ty, &mut errors);
            }
        }
    });
    errors
}

fn check_match(scrutinee: &Expr, arms: &[Arm], ty: Ty, errors: &mut Vec<Diagnostic>) {
    let domain = Domain::of(ty);
    let mut covered = Vec::new();
    for arm in arms {
        let mut intervals = Vec::new();
        domain.pattern(&arm.pat, &mut intervals, errors);
        if arm.guard.is_none() {
            covered.extend(intervals);
        }
    }
    let missing = domain.uncovered(covered);
    if missing.is_empty() {
        return;
    }
    let witnesses: Vec<String> = missing.iter().map(|i| domain.describe(*i)).collect();
    let (list, plural) = witness_list(&witnesses);
    let label = format!(
        "pattern{} {list} not covered",
        if plural { "s" } else { "" }
    );
    errors.push(
        Diagnostic::error(
            format!("non-exhaustive patterns: {list} not covered"),
            scrutinee.span,
        )
        .with_code("E0004")
        .with_label(label)
        .with_note(format!("the matched value is of type `{ty}`")),
    );
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``, `` `a`, `b`, `c` and 2 more ``.
fn witness_list(witnesses: &[String]) -> (String, bool) {
    let quoted: Vec<String> = witnesses.iter().map(|w| format!("`{w}`")).collect();
    let text = match quoted.as_slice() {
        [one] => one.clone(),
        [init @ .., last] if quoted.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => format!("{} and {} more", quoted[..3].join(", "), quoted.len() - 3),
    };
    (text, quoted.len() > 1)
}

/// The values of the scrutinee type.
struct Domain {
    ty: Ty,
    /// Whether values beyond the type's bounds must be covered too (`usize`, `isize`).
    unbounded: bool,
}

impl Domain {
    fn of(ty: Ty) -> Domain {
        Domain {
            ty,
            unbounded: matches!(ty, Ty::Usize | Ty::Isize),
        }
    }

    fn min(&self) -> i128 {
        self.ty.min_value() - i128::from(self.unbounded && self.ty.is_signed())
    }

    fn max(&self) -> i128 {
        self.ty.max_value() + i128::from(self.unbounded)
    }

    fn whole(&self) -> Interval {
        Interval {
            lo: self.min(),
            hi: self.max(),
        }
    }

    /// Adds the values `pat` matches to `out`.
    fn pattern(&self, pat: &Pat, out: &mut Vec<Interval>, errors: &mut Vec<Diagnostic>) {
        match &pat.kind {
            PatKind::Wild | PatKind::Binding(_, None) => out.push(self.whole()),
            PatKind::Binding(_, Some(sub)) => self.pattern(sub, out, errors),
            PatKind::Int(lit) => out.push(Interval {
                lo: lit.value_in(self.ty),
                hi: lit.value_in(self.ty),
            }),
            PatKind::Bool(b) => out.push(Interval {
                lo: i128::from(*b),
                hi: i128::from(*b),
            }),
            PatKind::Range { lo, hi, inclusive } => {
                let start = lo.as_ref().map_or(self.min(), |l| l.value_in(self.ty));
                let end = match hi {
                    Some(h) if *inclusive => h.value_in(self.ty),
                    Some(h) => h.value_in(self.ty) - 1,
                    None => self.max(),
                };
                if start > end {
                    errors.push(empty_range(pat, *inclusive));
                } else {
                    out.push(Interval { lo: start, hi: end });
                }
            }
            PatKind::Or(alternatives) => {
                for alternative in alternatives {
                    self.pattern(alternative, out, errors);
                }
            }
        }
    }

    /// The parts of the domain that no interval covers, in increasing order.
    fn uncovered(&self, mut covered: Vec<Interval>) -> Vec<Interval> {
        covered.sort_by_key(|i| i.lo);
        let mut missing = Vec::new();
        let mut next = self.min();
        for interval in covered {
            if interval.lo > next {
                missing.push(Interval {
                    lo: next,
                    hi: interval.lo - 1,
                });
            }
            next = next.max(interval.hi.saturating_add(1));
        }
        if next <= self.max() {
            missing.push(Interval {
                lo: next,
                hi: self.max(),
            });
        }
        missing
    }

    /// The interval as rustc writes a missing pattern: `5_i32`, `i32::MIN..=-1_i32`.
    fn describe(&self, interval: Interval) -> String {
        if self.ty == Ty::Bool {
            return (interval.lo != 0).to_string();
        }
        let name = self.ty.name();
        if interval.lo > self.ty.max_value() {
            return format!("{name}::MAX..");
        }
        if interval.hi < self.ty.min_value() {
            return format!("..{name}::MIN");
        }
        let lo = value_text(interval.lo, self.ty);
        if interval.hi > self.ty.max_value() {
            return format!("{lo}..");
        }
        if interval.lo == interval.hi {
            return lo;
        }
        let lo = if interval.lo < self.ty.min_value() {
            String::new()
        } else {
            lo
        };
        format!("{lo}..={}", value_text(interval.hi, self.ty))
    }
}

/// A value as rustc's messages write it: `5_i32`, `i32::MIN`, `u8::MAX`, `0_u8`.
pub fn value_text(value: i128, ty: Ty) -> String {
    let name = ty.name();
    if value == ty.max_value() {
        format!("{name}::MAX")
    } else if value == ty.min_value() && ty.is_signed() {
        format!("{name}::MIN")
    } else {
        format!("{value}_{name}")
    }
}

fn empty_range(pat: &Pat, inclusive: bool) -> Diagnostic {
    if inclusive {
        Diagnostic::error(
            "lower range bound must be less than or equal to upper",
            pat.span,
        )
        .with_code("E0030")
        .with_label("lower bound larger than upper bound")
    } else {
        Diagnostic::error("lower range bound must be less than upper", pat.span).with_code("E0579")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interval(lo: i128, hi: i128) -> Interval {
        Interval { lo, hi }
    }

    fn describe_missing(ty: Ty, covered: &[(i128, i128)]) -> Vec<String> {
        let domain = Domain::of(ty);
        let covered = covered.iter().map(|&(lo, hi)| interval(lo, hi)).collect();
        domain
            .uncovered(covered)
            .into_iter()
            .map(|i| domain.describe(i))
            .collect()
    }

    /// The expected witnesses are rustc 1.95's E0004 messages for the same matches.
    #[test]
    fn witnesses_like_rustc() {
        assert_eq!(
            describe_missing(Ty::I32, &[(0, 9), (20, 20)]),
            ["i32::MIN..=-1_i32", "10_i32..=19_i32", "21_i32..=i32::MAX"]
        );
        assert_eq!(
            describe_missing(Ty::U8, &[(0, 9), (20, 20), (100, 255)]),
            ["10_u8..=19_u8", "21_u8..=99_u8"]
        );
        assert_eq!(describe_missing(Ty::Bool, &[(1, 1)]), ["false"]);
        assert_eq!(
            describe_missing(Ty::I8, &[(-128, -128), (0, 9)]),
            ["-127_i8..=-1_i8", "10_i8..=i8::MAX"]
        );
        assert_eq!(describe_missing(Ty::U64, &[(0, 0)]), ["1_u64..=u64::MAX"]);
        assert_eq!(
            describe_missing(Ty::I32, &[(5, 5)]),
            ["i32::MIN..=4_i32", "6_i32..=i32::MAX"]
        );
    }

    #[test]
    fn covered_domains() {
        assert!(describe_missing(Ty::U8, &[(0, 100), (50, 255)]).is_empty());
        assert!(describe_missing(Ty::Bool, &[(0, 0), (1, 1)]).is_empty());
        assert!(describe_missing(Ty::I64, &[(i64::MIN as i128, i64::MAX as i128)]).is_empty());
    }

    /// rustc: "`usize` does not have a fixed maximum value", so `0..=usize::MAX` leaves
    /// `usize::MAX..` uncovered while `0..` covers everything.
    #[test]
    fn pointer_sized_integers_need_open_ranges() {
        let max = u64::MAX as i128;
        assert_eq!(describe_missing(Ty::Usize, &[(0, max)]), ["usize::MAX.."]);
        assert!(describe_missing(Ty::Usize, &[(0, max + 1)]).is_empty());
        let (min, max) = (i64::MIN as i128, i64::MAX as i128);
        assert_eq!(
            describe_missing(Ty::Isize, &[(min, max)]),
            ["..isize::MIN", "isize::MAX.."]
        );
    }

    #[test]
    fn witness_lists() {
        let w = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(witness_list(&w(1)), ("`0`".to_string(), false));
        assert_eq!(witness_list(&w(2)).0, "`0` and `1`");
        assert_eq!(witness_list(&w(3)).0, "`0`, `1` and `2`");
        assert_eq!(witness_list(&w(5)).0, "`0`, `1`, `2` and 2 more");
    }
}

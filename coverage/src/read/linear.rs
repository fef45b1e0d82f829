//! Counter expressions resolved to signed sums of physical counters (`#0 + #2 - #1`), and
//! the highest physical counter id an expression mentions (before terms cancel, as LLVM's
//! `getMaxCounterID` counts). Resolution is iterative, so deep or cyclic expression chains
//! in malformed input give an error instead of exhausting the stack.

use std::collections::BTreeMap;
use std::fmt;

use crate::covfun::{Counter, ExprKind, Expression};

use super::error::Problem;

/// Resolving stops beyond this many counter terms over all of a function's expressions.
const MAX_TERMS: usize = 1 << 20;

/// A value as a sum of physical counters with non-zero integer coefficients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CounterSum {
    /// Physical counter id -> coefficient (never 0).
    pub terms: BTreeMap<u32, i64>,
}

impl CounterSum {
    pub fn of_counter(id: u32) -> CounterSum {
        CounterSum {
            terms: BTreeMap::from([(id, 1)]),
        }
    }

    /// `self + sign * other`, or `None` if a coefficient overflows.
    fn add_scaled(&self, other: &CounterSum, sign: i64) -> Option<CounterSum> {
        let mut terms = self.terms.clone();
        for (&id, &coefficient) in &other.terms {
            let sum = terms
                .get(&id)
                .copied()
                .unwrap_or(0)
                .checked_add(coefficient.checked_mul(sign)?)?;
            if sum == 0 {
                terms.remove(&id);
            } else {
                terms.insert(id, sum);
            }
        }
        Some(CounterSum { terms })
    }
}

/// Positive terms first, then negative ones, each in counter order: `#0 + #2 - #1`,
/// `2 * #1`, `0` for the empty sum.
impl fmt::Display for CounterSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let positive = self.terms.iter().filter(|(_, &c)| c > 0);
        let negative = self.terms.iter().filter(|(_, &c)| c < 0);
        let mut first = true;
        for (&id, &coefficient) in positive.chain(negative) {
            let sign = match (first, coefficient > 0) {
                (true, true) => "",
                (true, false) => "-",
                (false, true) => " + ",
                (false, false) => " - ",
            };
            let magnitude = coefficient.unsigned_abs();
            if magnitude == 1 {
                write!(f, "{sign}#{id}")?;
            } else {
                write!(f, "{sign}{magnitude} * #{id}")?;
            }
            first = false;
        }
        if first {
            f.write_str("0")?;
        }
        Ok(())
    }
}

/// Every expression of a function, resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Resolved {
    pub(super) sums: Vec<CounterSum>,
    /// Per expression, the highest physical counter id among its operands, transitively.
    pub(super) max_ids: Vec<Option<u32>>,
}

impl Resolved {
    /// The highest physical counter id `counter` mentions.
    pub(super) fn max_id(&self, counter: Counter) -> Option<u32> {
        match counter {
            Counter::Zero => None,
            Counter::Physical(id) => Some(id),
            Counter::Expression(id) => self.max_ids.get(id as usize).copied().flatten(),
        }
    }

    fn sum(&self, counter: Counter) -> CounterSum {
        match counter {
            Counter::Zero => CounterSum::default(),
            Counter::Physical(id) => CounterSum::of_counter(id),
            Counter::Expression(id) => self.sums[id as usize].clone(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

/// Resolves `expressions`, whose operands must refer to expressions of the same table.
pub(super) fn resolve(expressions: &[Expression]) -> Result<Resolved, Problem> {
    let count = expressions.len();
    let mut resolved = Resolved {
        sums: vec![CounterSum::default(); count],
        max_ids: vec![None; count],
    };
    let mut state = vec![State::Pending; count];
    let mut total_terms = 0;
    for root in 0..count {
        let mut stack = vec![root];
        while let Some(&id) = stack.last() {
            if state[id] == State::Done {
                stack.pop();
                continue;
            }
            state[id] = State::InProgress;
            let expression = expressions[id];
            let mut waiting = false;
            for operand in [expression.lhs, expression.rhs] {
                if let Counter::Expression(next) = operand {
                    let next = next as usize;
                    match state.get(next) {
                        Some(State::Pending) => {
                            stack.push(next);
                            waiting = true;
                        }
                        Some(State::InProgress) => {
                            return Err(Problem::CyclicExpression(next as u32));
                        }
                        Some(State::Done) => {}
                        None => {
                            return Err(Problem::BadExpression {
                                id: next as u32,
                                expressions: count,
                            })
                        }
                    }
                }
            }
            if waiting {
                continue;
            }
            let sign = match expression.kind {
                ExprKind::Add => 1,
                ExprKind::Subtract => -1,
            };
            let sum = resolved
                .sum(expression.lhs)
                .add_scaled(&resolved.sum(expression.rhs), sign)
                .ok_or(Problem::CoefficientOverflow(id as u32))?;
            total_terms += sum.terms.len();
            if total_terms > MAX_TERMS {
                return Err(Problem::TooManyTerms(MAX_TERMS));
            }
            resolved.max_ids[id] = resolved
                .max_id(expression.lhs)
                .max(resolved.max_id(expression.rhs));
            resolved.sums[id] = sum;
            state[id] = State::Done;
            stack.pop();
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(kind: ExprKind, lhs: Counter, rhs: Counter) -> Expression {
        Expression { kind, lhs, rhs }
    }

    #[test]
    fn resolves_nested_expressions_to_counter_sums() {
        use Counter::{Expression as E, Physical as P, Zero};
        let expressions = [
            expr(ExprKind::Add, E(1), P(2)),
            expr(ExprKind::Subtract, P(0), P(1)),
            expr(ExprKind::Subtract, E(0), E(0)),
            expr(ExprKind::Add, E(1), E(1)),
            expr(ExprKind::Subtract, Zero, P(7)),
        ];
        let resolved = resolve(&expressions).unwrap();
        let text: Vec<String> = resolved.sums.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            text,
            ["#0 + #2 - #1", "#0 - #1", "0", "2 * #0 - 2 * #1", "-#7"]
        );
        // E2 cancels out but still mentions #2, as LLVM's getMaxCounterID counts.
        assert_eq!(
            resolved.max_ids,
            [Some(2), Some(1), Some(2), Some(1), Some(7)]
        );
        assert_eq!(resolved.max_id(Counter::Expression(4)), Some(7));
        assert_eq!(resolved.max_id(Counter::Zero), None);
    }

    #[test]
    fn rejects_cycles_and_overflow() {
        use Counter::{Expression as E, Physical as P};
        let cycle = [
            expr(ExprKind::Add, P(0), E(1)),
            expr(ExprKind::Add, E(0), P(1)),
        ];
        assert!(matches!(resolve(&cycle), Err(Problem::CyclicExpression(_))));
        let own = [expr(ExprKind::Add, E(0), P(1))];
        assert_eq!(resolve(&own), Err(Problem::CyclicExpression(0)));
        let mut doubling = vec![expr(ExprKind::Add, P(0), P(0))];
        for i in 0..70 {
            doubling.push(expr(ExprKind::Add, E(i), E(i)));
        }
        assert!(matches!(
            resolve(&doubling),
            Err(Problem::CoefficientOverflow(_))
        ));
    }

    #[test]
    fn long_chains_do_not_recurse() {
        // E0 = E1 + 0, E1 = E2 + 0, ..., the last = #0: resolving E0 first goes 200000 deep.
        let length = 200_000;
        let mut chain: Vec<Expression> = (1..length)
            .map(|next| expr(ExprKind::Add, Counter::Expression(next), Counter::Zero))
            .collect();
        chain.push(expr(ExprKind::Add, Counter::Physical(0), Counter::Zero));
        let resolved = resolve(&chain).unwrap();
        assert_eq!(resolved.sums[0].to_string(), "#0");
        assert_eq!(resolved.max_ids[0], Some(0));
    }
}

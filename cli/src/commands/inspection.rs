//! What `emit coverage-graph` and `emit spanview` show: a source file lowered by clifcov and
//! the instrumentation pass's view of each function (`clifcov_coverage::inspect`), the
//! functions chosen with `--function`, and counters written as the coverage map means them.

use std::collections::BTreeMap;

use clifcov_coverage::inspect::{inspect, FunctionView};
use clifcov_coverage::read::{Counter, CounterSum, ExprKind, Expression};
use clifcov_coverage::{Entry, InstrumentOptions};
use clifcov_ir::Program;

use crate::args::CompileOptions;
use crate::compile;
use crate::failure::Failure;

/// A lowered program and the pass's view of the functions in its coverage map.
pub struct Inspection {
    pub program: Program,
    pub source: String,
    pub views: Vec<FunctionView>,
}

/// Lowers the source of `options` and inspects it as `build` would instrument it (with the
/// same counter scheme as `compile`).
pub fn inspect_source(options: &CompileOptions) -> Result<Inspection, Failure> {
    if options.no_coverage {
        return Err(Failure::error(
            "this output shows coverage instrumentation, which `--no-coverage` turns off",
        ));
    }
    let (program, source) = compile::lower(options, clifcov_frontend::CrateKind::Binary)?;
    compile::check_coverage_skip(&program, options)?;
    let views = inspect(
        &program,
        &InstrumentOptions {
            source: &source,
            entry: Entry::Main,
            skip: &options.coverage_skip,
            counters: compile::counter_scheme(options),
        },
    );
    Ok(Inspection {
        program,
        source,
        views,
    })
}

impl Inspection {
    /// The views to show: all, or the function named `name` (as in the source, or as its
    /// path `crate::name`).
    pub fn select(&self, name: Option<&str>) -> Result<Vec<&FunctionView>, Failure> {
        let Some(name) = name else {
            return Ok(self.views.iter().collect());
        };
        let crate_prefix = format!("{}::", self.program.crate_name);
        let wanted = name.strip_prefix(&crate_prefix).unwrap_or(name);
        let chosen: Vec<&FunctionView> = self.views.iter().filter(|v| v.name == wanted).collect();
        if chosen.is_empty() {
            let known: Vec<&str> = self.views.iter().map(|v| v.name.as_str()).collect();
            return Err(Failure::error(format!(
                "`--function {name}`: no function of that name has coverage; those that do: {}",
                known.join(", ")
            )));
        }
        Ok(chosen)
    }
}

/// `#1`, `0`, or an expression with its value in physical counters: `E0 = #0 - #1`.
pub fn counter_text(counter: Counter, expressions: &[Expression]) -> String {
    match counter {
        Counter::Zero => "0".to_string(),
        Counter::Physical(id) => format!("#{id}"),
        Counter::Expression(id) => format!("E{id} = {}", resolve(counter, expressions, 0)),
    }
}

/// Expression chains of the pass are short; this bounds malformed ones.
const MAX_DEPTH: usize = 64;

fn resolve(counter: Counter, expressions: &[Expression], depth: usize) -> CounterSum {
    let mut sum = CounterSum::default();
    match counter {
        Counter::Zero => {}
        Counter::Physical(id) => sum = CounterSum::of_counter(id),
        Counter::Expression(id) => {
            let Some(e) = expressions.get(id as usize).filter(|_| depth < MAX_DEPTH) else {
                return sum;
            };
            let sign = match e.kind {
                ExprKind::Add => 1,
                ExprKind::Subtract => -1,
            };
            let lhs = resolve(e.lhs, expressions, depth + 1);
            let rhs = resolve(e.rhs, expressions, depth + 1);
            sum.terms = combine(lhs.terms, rhs.terms, sign);
        }
    }
    sum
}

fn combine(mut lhs: BTreeMap<u32, i64>, rhs: BTreeMap<u32, i64>, sign: i64) -> BTreeMap<u32, i64> {
    for (id, coefficient) in rhs {
        let total = lhs
            .get(&id)
            .copied()
            .unwrap_or(0)
            .saturating_add(sign * coefficient);
        if total == 0 {
            lhs.remove(&id);
        } else {
            lhs.insert(id, total);
        }
    }
    lhs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_are_shown_as_sums_of_physical_counters() {
        let expressions = [
            Expression {
                kind: ExprKind::Add,
                lhs: Counter::Physical(0),
                rhs: Counter::Physical(2),
            },
            Expression {
                kind: ExprKind::Subtract,
                lhs: Counter::Expression(0),
                rhs: Counter::Physical(2),
            },
            Expression {
                kind: ExprKind::Subtract,
                lhs: Counter::Expression(0),
                rhs: Counter::Physical(1),
            },
        ];
        assert_eq!(counter_text(Counter::Physical(3), &expressions), "#3");
        assert_eq!(counter_text(Counter::Zero, &expressions), "0");
        assert_eq!(
            counter_text(Counter::Expression(2), &expressions),
            "E2 = #0 + #2 - #1"
        );
        assert_eq!(
            counter_text(Counter::Expression(1), &expressions),
            "E1 = #0"
        );
        assert_eq!(counter_text(Counter::Expression(9), &expressions), "E9 = 0");
    }
}

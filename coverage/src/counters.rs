//! Counters for the BCBs that need one: a physical counter where it cannot be avoided, an
//! expression (sums and differences of physical counters) everywhere else.
//!
//! As in rustc, the coverage graph is first given "balanced flow" (a synthetic sink node with
//! an edge from every node that can end the function, and an edge from the sink back to the
//! start), then each node's out-edges are merged into one supernode ([`node_flow`]). A
//! spanning tree over the supernodes (Knuth and Stevenson's construction) gives every node
//! either a physical counter or an expression over other nodes' counters; the number of
//! physical counters is E - V + 2 for that merged graph (nodes as edges, supernodes as
//! vertices), the fewest possible. The order in which nodes are offered to the tree decides
//! which nodes get the physical counters; it is rustc's priority order.

mod node_flow;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::covfun::{Counter, ExprKind, Expression};
use crate::graph::{Bcb, CoverageGraph};
use node_flow::{NodeFlow, Sign};

/// The counters of one function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// The BCB where each physical counter is incremented, indexed by counter id.
    pub physical: Vec<Bcb>,
    /// The counter or expression giving each BCB's execution count (`None` for a BCB that
    /// needs no count).
    pub bcb_counters: Vec<Option<Counter>>,
    pub expressions: Vec<Expression>,
}

impl Counters {
    pub fn num_counters(&self) -> u32 {
        self.physical.len() as u32
    }
}

/// Which nodes get the physical counters. Never how many: every order of offering nodes to
/// the spanning tree gives E - V + 2 of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CounterPlacement {
    /// rustc's priority order: the same physical counters and expressions as rustc.
    #[default]
    Rustc,
    /// In a function without loops, physical counters on the nodes estimated to run least
    /// often (each branch taken half the time), so that fewer increments run: a recursive
    /// function's entry, which runs on every call, gets an expression. Functions with loops
    /// are counted as by `Rustc`.
    Cold,
}

/// Computes counters for every BCB in `needs_counter`. Physical counters are created only
/// for nodes that some needed BCB's count depends on.
pub fn make_counters(
    graph: &CoverageGraph,
    needs_counter: &[bool],
    placement: CounterPlacement,
) -> Counters {
    let flow = NodeFlow::new(graph);
    let priority = match placement {
        CounterPlacement::Cold if !has_loops(graph) => coldest_last(graph, &flow),
        _ => priority_list(graph, &flow),
    };
    let mut terms = flow.spanning_tree_terms(&priority);
    let mut builder = ExpressionBuilder::default();
    let mut physical: Vec<Bcb> = Vec::new();
    let mut physical_id: Vec<Option<u32>> = vec![None; flow.sink() + 1];
    let mut bcb_counters = vec![None; graph.len()];
    let mut operands: Vec<Counter> = Vec::new();
    for bcb in graph.bcbs().filter(|b| needs_counter[b.index()]) {
        // The added terms by node, then the subtracted ones by node.
        let terms = &mut terms[bcb.index()];
        terms.sort_by_key(|t| (t.sign == Sign::Subtract, t.node));
        let added = terms.iter().filter(|t| t.sign == Sign::Add).count();
        operands.clear();
        for term in terms.iter() {
            let id = *physical_id[term.node].get_or_insert_with(|| {
                physical.push(Bcb(term.node as u32));
                physical.len() as u32 - 1
            });
            operands.push(Counter::Physical(id));
        }
        let (adds, subs) = operands.split_at(added);
        let positive = builder.sum(adds).unwrap_or(Counter::Zero);
        let counter = match builder.sum(subs) {
            Some(negative) => builder.make(positive, ExprKind::Subtract, negative),
            None => positive,
        };
        bcb_counters[bcb.index()] = Some(counter);
    }
    Counters {
        physical,
        bcb_counters,
        expressions: builder.expressions,
    }
}

/// One physical counter for every BCB in `needs_counter`, numbered in BCB order, and no
/// expressions: each such BCB is counted by its own counter alone.
pub fn physical_counters(graph: &CoverageGraph, needs_counter: &[bool]) -> Counters {
    let physical: Vec<Bcb> = graph.bcbs().filter(|b| needs_counter[b.index()]).collect();
    let mut bcb_counters = vec![None; graph.len()];
    for (id, bcb) in physical.iter().enumerate() {
        bcb_counters[bcb.index()] = Some(Counter::Physical(id as u32));
    }
    Counters {
        physical,
        bcb_counters,
        expressions: Vec::new(),
    }
}

/// Nodes in the order they are offered to the spanning tree: earlier nodes are more likely
/// to get an expression, later ones a physical counter. The sink comes first (it never gets
/// a counter); then, in rustc's order: nodes that end the function, then "reloop" nodes
/// (jumping back to their loop header), then the others; within each group, the most
/// dominated nodes first.
fn priority_list(graph: &CoverageGraph, flow: &NodeFlow) -> Vec<usize> {
    let sink = flow.sink();
    let mut nodes: Vec<usize> = (0..=sink).rev().collect();
    nodes[1..].sort_by_cached_key(|&node| {
        let bcb = Bcb(node as u32);
        (
            graph.is_out_summable(bcb),
            Reverse(graph.is_reloop(bcb)),
            Reverse(graph.dominator_rank(bcb)),
        )
    });
    nodes
}

/// Whether some edge closes a cycle: one to a node at or before its source in the reverse
/// postorder of the dominator ranks.
fn has_loops(graph: &CoverageGraph) -> bool {
    graph.bcbs().any(|bcb| {
        let rank = graph.dominator_rank(bcb);
        graph
            .successors(bcb)
            .iter()
            .any(|&succ| graph.dominator_rank(succ) <= rank)
    })
}

/// The sink first, then the nodes of a graph without loops from the most to the least
/// often run, as estimated by sending each node's runs in equal parts to its successors
/// (the start node runs once); equal estimates keep dominator order.
fn coldest_last(graph: &CoverageGraph, flow: &NodeFlow) -> Vec<usize> {
    let mut by_rank: Vec<Bcb> = graph.bcbs().collect();
    by_rank.sort_unstable_by_key(|&bcb| graph.dominator_rank(bcb));
    let mut runs = vec![0.0f64; graph.len()];
    runs[Bcb::START.index()] = 1.0;
    for &bcb in &by_rank {
        let successors = graph.successors(bcb);
        let share = runs[bcb.index()] / successors.len().max(1) as f64;
        for succ in successors {
            runs[succ.index()] += share;
        }
    }
    by_rank.sort_by(|a, b| runs[b.index()].total_cmp(&runs[a.index()]));
    std::iter::once(flow.sink())
        .chain(by_rank.iter().map(|bcb| bcb.index()))
        .collect()
}

/// Creates expressions, reusing an existing one with the same operands and folding away
/// trivial ones (`x + 0`, `(a - b) + b`, `(a + b) - b`...).
#[derive(Default)]
struct ExpressionBuilder {
    expressions: Vec<Expression>,
    memo: HashMap<Expression, Counter, BuildHasherDefault<WordHasher>>,
}

/// A multiply-rotate hash of the few words an expression hashes as: the memo's keys are
/// the pass's own small values, which need no protection against chosen collisions, and
/// SipHash would cost more than building the expressions.
#[derive(Default)]
struct WordHasher(u64);

impl WordHasher {
    /// Mixes in `word`; adding one keeps a leading zero word from vanishing.
    fn add(&mut self, word: u64) {
        let mixed = self.0.rotate_left(5) ^ word.wrapping_add(1);
        self.0 = mixed.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.add(u64::from(byte));
        }
    }

    fn write_u32(&mut self, word: u32) {
        self.add(u64::from(word));
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }

    fn write_isize(&mut self, word: isize) {
        self.add(word as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl ExpressionBuilder {
    fn sum(&mut self, counters: &[Counter]) -> Option<Counter> {
        counters
            .iter()
            .copied()
            .reduce(|total, c| self.make(total, ExprKind::Add, c))
    }

    fn make(&mut self, lhs: Counter, kind: ExprKind, rhs: Counter) -> Counter {
        if let Some(simplified) = self.simplify(lhs, kind, rhs) {
            return simplified;
        }
        let expression = Expression { kind, lhs, rhs };
        if let Some(&existing) = self.memo.get(&expression) {
            return existing;
        }
        self.expressions.push(expression);
        let counter = Counter::Expression(self.expressions.len() as u32 - 1);
        self.memo.insert(expression, counter);
        counter
    }

    fn operands(&self, counter: Counter) -> Option<Expression> {
        match counter {
            Counter::Expression(id) => Some(self.expressions[id as usize]),
            _ => None,
        }
    }

    fn simplify(&self, lhs: Counter, kind: ExprKind, rhs: Counter) -> Option<Counter> {
        if rhs == Counter::Zero {
            return Some(lhs);
        }
        match (kind, self.operands(lhs)) {
            (ExprKind::Add, _) if lhs == Counter::Zero => Some(rhs),
            (ExprKind::Add, Some(e)) if e.kind == ExprKind::Subtract && e.rhs == rhs => Some(e.lhs),
            (ExprKind::Subtract, Some(e)) if e.kind == ExprKind::Add && e.rhs == rhs => Some(e.lhs),
            (ExprKind::Subtract, Some(e)) if e.kind == ExprKind::Add && e.lhs == rhs => Some(e.rhs),
            (ExprKind::Subtract, _) if lhs == rhs => Some(Counter::Zero),
            _ => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::tests::rustc_foo;
    use crate::testing::{function_with, graph_of, T};

    /// The value of `counter` given the values of the physical counters.
    pub(crate) fn evaluate(counters: &Counters, counter: Counter, physical: &[i64]) -> i64 {
        match counter {
            Counter::Zero => 0,
            Counter::Physical(id) => physical[id as usize],
            Counter::Expression(id) => {
                let e = counters.expressions[id as usize];
                let (l, r) = (
                    evaluate(counters, e.lhs, physical),
                    evaluate(counters, e.rhs, physical),
                );
                match e.kind {
                    ExprKind::Add => l + r,
                    ExprKind::Subtract => l - r,
                }
            }
        }
    }

    /// A deterministic pseudo-random sequence (xorshift) for walks through test graphs.
    struct Walker(u64);

    impl Walker {
        fn next(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }
    }

    /// Runs random complete executions (start to a node without successors) and returns how
    /// often each BCB ran.
    fn random_execution_counts(graph: &CoverageGraph, runs: usize, seed: u64) -> Vec<i64> {
        let mut counts = vec![0; graph.len()];
        let mut walker = Walker(seed);
        for _ in 0..runs {
            let mut node = Bcb::START;
            loop {
                counts[node.index()] += 1;
                let succs = graph.successors(node);
                if succs.is_empty() {
                    break;
                }
                node = succs[walker.next(succs.len())];
            }
        }
        counts
    }

    /// E - V + 2 of the merged node-flow graph: every real node is an edge (from its
    /// supernode to its successors' supernode), the vertices are the supernodes; the
    /// synthetic sink-to-start edge is not counted (with it, this is E - V + 1: one
    /// physical counter per edge outside a spanning tree).
    fn merged_graph_bound(graph: &CoverageGraph) -> usize {
        let flow = NodeFlow::new(graph);
        let edges = flow.sink();
        edges + 2 - flow.supernode_count()
    }

    /// Checks both placements on `graph`: E - V + 2 physical counters, from which every
    /// BCB's count in random executions is derived exactly; returns rustc's.
    fn check_shape(graph: &CoverageGraph) -> Counters {
        let everything = vec![true; graph.len()];
        let [rustc, cold] = [CounterPlacement::Rustc, CounterPlacement::Cold]
            .map(|placement| make_counters(graph, &everything, placement));
        for counters in [&rustc, &cold] {
            assert_eq!(counters.physical.len(), merged_graph_bound(graph));
            check_counts(graph, counters);
        }
        rustc
    }

    fn check_counts(graph: &CoverageGraph, counters: &Counters) {
        for seed in [1, 7, 12345] {
            let counts = random_execution_counts(graph, 50, seed);
            let physical: Vec<i64> = counters
                .physical
                .iter()
                .map(|b| counts[b.index()])
                .collect();
            for bcb in graph.bcbs() {
                let counter = counters.bcb_counters[bcb.index()].unwrap();
                assert_eq!(
                    evaluate(counters, counter, &physical),
                    counts[bcb.index()],
                    "count of {bcb:?} not derivable"
                );
            }
        }
    }

    /// `fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }`: rustc counts the
    /// entry and one branch, so a call runs 1.5 increments on average; cold placement counts
    /// the two branches, so every call runs exactly one.
    #[test]
    fn cold_placement_counts_the_branches_of_a_function_without_loops() {
        let f = function_with(vec![
            T::Switch(vec![1, 2]),
            T::Goto(3),
            T::CallFn { callee: 0, next: 3 },
            T::Return,
        ]);
        let graph = graph_of(&f).unwrap();
        let everything = vec![true; graph.len()];
        let leaders = |counters: Counters| -> Vec<u32> {
            let mut blocks: Vec<u32> = counters
                .physical
                .iter()
                .map(|&b| graph.leader(b).0)
                .collect();
            blocks.sort();
            blocks
        };
        let rustc = make_counters(&graph, &everything, CounterPlacement::Rustc);
        assert_eq!(leaders(rustc), [0, 2]);
        let cold = make_counters(&graph, &everything, CounterPlacement::Cold);
        assert_eq!(leaders(cold), [1, 2]);
    }

    /// In a function with a loop, cold placement is rustc's.
    #[test]
    fn cold_placement_keeps_rustcs_counters_where_there_are_loops() {
        let graph = graph_of(&rustc_foo()).unwrap();
        let everything = vec![true; graph.len()];
        assert_eq!(
            make_counters(&graph, &everything, CounterPlacement::Cold),
            make_counters(&graph, &everything, CounterPlacement::Rustc)
        );
    }

    #[test]
    fn straight_line_needs_one_counter() {
        let graph = graph_of(&function_with(vec![T::Call(Some(1)), T::Return])).unwrap();
        let counters = check_shape(&graph);
        assert_eq!(counters.physical, [Bcb(0)]);
        assert!(counters.expressions.is_empty());
    }

    #[test]
    fn if_else_needs_two_counters() {
        let f = function_with(vec![
            T::Switch(vec![1, 2]),
            T::Goto(3),
            T::Goto(3),
            T::Return,
        ]);
        let counters = check_shape(&graph_of(&f).unwrap());
        assert_eq!(counters.physical.len(), 2);
    }

    #[test]
    fn early_return_and_nested_loops() {
        // bb0 -> bb1 (outer header) -> switch [bb2 inner header, bb6 exit];
        // bb2 -> switch [bb3 body, bb5 outer latch]; bb3 -> switch [bb4, bb7 early return];
        // bb4 -> bb2; bb5 -> bb1; bb6 return; bb7 return.
        let f = function_with(vec![
            T::Goto(1),
            T::Switch(vec![2, 6]),
            T::Switch(vec![3, 5]),
            T::Switch(vec![4, 7]),
            T::Goto(2),
            T::Goto(1),
            T::Return,
            T::Return,
        ]);
        check_shape(&graph_of(&f).unwrap());
    }

    #[test]
    fn three_way_switch_and_panicking_arm() {
        let f = function_with(vec![
            T::Switch(vec![1, 2, 3]),
            T::Goto(4),
            T::Call(None),
            T::Goto(4),
            T::Return,
        ]);
        check_shape(&graph_of(&f).unwrap());
    }

    #[test]
    fn infinite_loop_with_exit_through_diverging_call() {
        // bb0 -> bb1 loop: switch [bb2, bb3]; bb2 -> bb1; bb3 process::exit (no successor).
        let f = function_with(vec![
            T::Goto(1),
            T::Switch(vec![2, 3]),
            T::Goto(1),
            T::Call(None),
        ]);
        check_shape(&graph_of(&f).unwrap());
    }

    /// rustc 1.95 on `foo` (graph in `graph::tests::rustc_foo`) puts its 3 physical counters
    /// in bcb0, bcb1 and bcb3 (LLVM IR from `--emit=llvm-ir`: `__profc_..foo` slots 0, 1, 2
    /// in `start`, the loop header and the then-branch) and, decoding its `__llvm_covfun`,
    /// gives bcb2 = #1 - #0, bcb5 = #1 - (#0 + #2), bcb6 = #0 for the BCBs that have code
    /// regions (0, 2, 3, 5, 6).
    #[test]
    fn matches_rustc_for_foo() {
        let graph = graph_of(&rustc_foo()).unwrap();
        let needed = [true, false, true, true, false, true, true];
        let counters = make_counters(&graph, &needed, CounterPlacement::Rustc);
        assert_eq!(counters.physical, [Bcb(0), Bcb(1), Bcb(3)]);
        let value = |bcb: usize, physical: [i64; 3]| {
            evaluate(&counters, counters.bcb_counters[bcb].unwrap(), &physical)
        };
        for physical in [[1, 9, 4], [3, 20, 6]] {
            let [c0, c1, c2] = physical;
            assert_eq!(value(0, physical), c0);
            assert_eq!(value(2, physical), c1 - c0);
            assert_eq!(value(3, physical), c2);
            assert_eq!(value(5, physical), c1 - (c0 + c2));
            assert_eq!(value(6, physical), c0);
        }
        assert_eq!(counters.bcb_counters[1], None);
        assert_eq!(counters.bcb_counters[4], None);
    }

    #[test]
    fn expression_builder_folds_and_memoizes() {
        let mut b = ExpressionBuilder::default();
        let (x, y) = (Counter::Physical(0), Counter::Physical(1));
        let d = b.make(x, ExprKind::Subtract, y);
        assert_eq!(b.make(d, ExprKind::Add, y), x);
        let s = b.make(x, ExprKind::Add, y);
        assert_eq!(b.make(s, ExprKind::Subtract, y), x);
        assert_eq!(b.make(s, ExprKind::Subtract, x), y);
        assert_eq!(b.make(x, ExprKind::Add, Counter::Zero), x);
        assert_eq!(b.make(x, ExprKind::Subtract, x), Counter::Zero);
        assert_eq!(b.make(x, ExprKind::Subtract, y), d);
        assert_eq!(b.expressions.len(), 2);
    }
}

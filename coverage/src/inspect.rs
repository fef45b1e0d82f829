//! A read-only view of what the instrumentation pass decides for each function, for tools
//! that show it (`clifcov emit coverage-graph`, `clifcov emit spanview`): the coverage graph
//! (BCBs with their IR blocks and edges), each BCB's refined code spans, the counter or
//! expression that counts it and the physical counter incremented in it.
//!
//! [`inspect`] runs [`instrument`] on a copy of the program, so the counters and expressions
//! are exactly those of the coverage map, and rebuilds the graph and spans of each mapped
//! function with the pass's own analysis (`analyse`).

use clifcov_ir::{BlockId, CoverageKind, FuncId, Function, Program, Span, StatementKind};

use crate::covfun::{Counter, Expression, RegionKind, SourceRange};
use crate::instrument::{analyse, instrument, Analysis, InstrumentOptions};
use crate::map::FunctionCoverage;
use crate::nested_items::NestedItems;
use crate::source::SourceText;

/// One function of the coverage map, seen from the pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionView {
    pub func: FuncId,
    /// The function's name in the program (`main`, `helper`).
    pub name: String,
    /// The PGO name: the linker symbol.
    pub pgo_name: String,
    /// False for a function no entry point reaches: no counters, all regions Zero.
    pub used: bool,
    pub num_counters: u32,
    /// The function's expressions, numbered as in its coverage map.
    pub expressions: Vec<Expression>,
    /// The coverage graph's nodes; `nodes[i]` is BCB `i`, `nodes[0]` the entry.
    pub nodes: Vec<NodeView>,
}

/// A basic coverage block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    /// Its IR blocks, in execution order; the first holds the counter increment.
    pub blocks: Vec<BlockId>,
    /// Indices of the successor nodes.
    pub successors: Vec<usize>,
    /// Its code regions, in source order.
    pub regions: Vec<RegionView>,
    /// The counter or expression counting it, as its regions carry it; `None` when the node
    /// has no region (its count is needed by nobody).
    pub counter: Option<Counter>,
    /// The physical counter incremented when it runs, if any.
    pub physical_counter: Option<u32>,
}

/// A code region of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegionView {
    /// In the IR's coordinates (columns count characters).
    pub span: Span,
    /// As encoded in the coverage map (columns count bytes).
    pub range: SourceRange,
}

/// Every function the coverage map of `program` (not yet instrumented) has, in map order.
pub fn inspect(program: &Program, options: &InstrumentOptions) -> Vec<FunctionView> {
    let mut instrumented = program.clone();
    let map = instrument(&mut instrumented, options);
    let source = SourceText::new(options.source);
    let nested = NestedItems::new(program);
    map.functions
        .iter()
        .filter_map(|coverage| {
            let analysis = analyse(program, coverage.func, &nested, &source)?;
            Some(function_view(program, &instrumented, coverage, &analysis))
        })
        .collect()
}

/// The view of one function: in `original` as the pass saw it (`analysis`), in
/// `instrumented` as it left it.
fn function_view(
    original: &Program,
    instrumented: &Program,
    coverage: &FunctionCoverage,
    analysis: &Analysis,
) -> FunctionView {
    let Analysis { graph, spans, .. } = analysis;
    let instrumented = instrumented.function(coverage.func);
    let mut nodes: Vec<NodeView> = graph
        .bcbs()
        .map(|bcb| NodeView {
            blocks: graph.blocks(bcb).to_vec(),
            successors: graph.successors(bcb).iter().map(|s| s.index()).collect(),
            regions: Vec::new(),
            counter: None,
            physical_counter: counter_increment(instrumented, graph.leader(bcb)),
        })
        .collect();
    // The pass maps its refined spans one to one, in order, to the function's regions.
    for (span, region) in spans.iter().zip(&coverage.regions) {
        let node = &mut nodes[span.bcb.index()];
        node.regions.push(RegionView {
            span: span.span,
            range: region.range,
        });
        if let RegionKind::Code(counter) = region.kind {
            node.counter = Some(counter);
        }
    }
    FunctionView {
        func: coverage.func,
        name: original.function(coverage.func).name.clone(),
        pgo_name: coverage.pgo_name.clone(),
        used: coverage.is_used(),
        num_counters: coverage.num_counters,
        expressions: coverage.expressions.clone(),
        nodes,
    }
}

/// The physical counter the pass increments at the head of `block`.
fn counter_increment(function: &Function, block: BlockId) -> Option<u32> {
    let statement = function.block(block).statements.first()?;
    match statement.kind {
        StatementKind::Coverage(CoverageKind::CounterIncrement(id)) => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sample_program, SAMPLE_SOURCE};
    use crate::Entry;

    fn views() -> (Vec<FunctionView>, crate::CoverageMap) {
        let program = sample_program();
        let options = InstrumentOptions {
            source: SAMPLE_SOURCE,
            entry: Entry::Main,
            skip: &[],
            counters: crate::CounterScheme::default(),
        };
        let views = inspect(&program, &options);
        let map = instrument(&mut program.clone(), &options);
        (views, map)
    }

    #[test]
    fn views_carry_the_maps_regions_and_counters() {
        let (views, map) = views();
        assert_eq!(views.len(), map.functions.len());
        for (view, coverage) in views.iter().zip(&map.functions) {
            assert_eq!(view.pgo_name, coverage.pgo_name);
            assert_eq!(view.expressions, coverage.expressions);
            let mut from_nodes: Vec<(SourceRange, RegionKind)> = view
                .nodes
                .iter()
                .flat_map(|n| {
                    let counter = n.counter.expect("a node with regions has a counter");
                    n.regions
                        .iter()
                        .map(move |r| (r.range, RegionKind::Code(counter)))
                })
                .collect();
            from_nodes.sort_by_key(|(r, _)| (r.start_line, r.start_col));
            let from_map: Vec<(SourceRange, RegionKind)> =
                coverage.regions.iter().map(|r| (r.range, r.kind)).collect();
            assert_eq!(from_nodes, from_map, "{}", view.name);
        }
    }

    /// `main`: bcb0 = bb0, bb1 (the call and the condition), bcb1 = bb2 (`then`),
    /// bcb2 = bb4 (the return), bcb3 = bb3 (the implicit `else`), as the pass's depth-first
    /// chaining gives them; an `if` without `else` needs two physical counters.
    #[test]
    fn main_has_its_graph_and_counter_sites() {
        let (views, _) = views();
        let main = &views[0];
        assert_eq!(main.name, "main");
        assert!(main.used);
        let blocks: Vec<Vec<u32>> = main
            .nodes
            .iter()
            .map(|n| n.blocks.iter().map(|b| b.0).collect())
            .collect();
        assert_eq!(blocks, [vec![0, 1], vec![2], vec![4], vec![3]]);
        assert_eq!(main.nodes[0].successors, [3, 1]);
        let sites: Vec<u32> = main
            .nodes
            .iter()
            .filter_map(|n| n.physical_counter)
            .collect();
        assert_eq!(sites.len() as u32, main.num_counters);
        assert_eq!(main.nodes[0].counter, Some(Counter::Physical(0)));
        assert_eq!(main.nodes[0].physical_counter, Some(0));
        let dead = &views[2];
        assert!(!dead.used);
        assert!(dead.nodes.iter().all(|n| n.physical_counter.is_none()));
        assert!(dead
            .nodes
            .iter()
            .all(|n| n.counter.is_none() || n.counter == Some(Counter::Zero)));
    }
}

//! The instrumentation pass: for every function, its coverage graph, code regions and
//! counters; `Coverage(CounterIncrement(id))` statements inserted at the head of the BCBs
//! that carry physical counters; and the resulting [`CoverageMap`].

use clifcov_ir::{BlockId, CoverageKind, FuncId, Function, Program, Statement, StatementKind};

use crate::block_flow::BlockFlow;
use crate::counters::{make_counters, physical_counters, CounterPlacement, Counters};
use crate::covfun::Counter;
use crate::graph::{Bcb, CoverageGraph};
use crate::hash::md5_low64;
use crate::known_branches::fold_known_branches;
use crate::map::{CoverageMap, FunctionCoverage};
use crate::mappings::{unused_mappings, used_mappings, FunctionMappings};
use crate::nested_items::NestedItems;
use crate::ordered_map::map_in_order;
use crate::reachable::{used_functions, Entry};
use crate::source::SourceText;
use crate::spans::{code_spans, CodeSpan};
use crate::structural_hash::structural_hash;

#[derive(Clone, Copy, Debug)]
pub struct InstrumentOptions<'a> {
    /// The program's source text: columns are reported in bytes, and empty marker spans
    /// grow over an adjacent brace.
    pub source: &'a str,
    pub entry: Entry,
    /// Names of functions to leave uninstrumented and out of the map (rustc's
    /// `#[coverage(off)]`).
    pub skip: &'a [String],
    pub counters: CounterScheme,
}

/// How the regions of a used function are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterScheme {
    /// As rustc: physical counters only where the control flow cannot give a count,
    /// expressions over them everywhere else; the physical counters placed as given.
    Expressions(CounterPlacement),
    /// A physical counter for every block that has code regions, and no expressions:
    /// for single-byte counters, which only record whether their block ran, so that no
    /// count can be derived from others.
    PhysicalOnly,
}

/// Instruments `program` in place and returns its coverage data. Functions not reachable
/// from the entry points get records with Zero counters, hash 0 and no counters.
pub fn instrument(program: &mut Program, options: &InstrumentOptions) -> CoverageMap {
    plan_instrumentation(program, options).apply(program)
}

impl Default for CounterScheme {
    /// rustc's counters.
    fn default() -> CounterScheme {
        CounterScheme::Expressions(CounterPlacement::Rustc)
    }
}

/// What the pass will do to a program, decided without changing it: so that a caller can
/// decide it while other threads read the same program. Functions are analysed on all
/// cores.
pub fn plan_instrumentation(program: &Program, options: &InstrumentOptions) -> Instrumentation {
    let source = SourceText::new(options.source);
    let nested = NestedItems::new(program);
    let used = used_functions(program, options.entry);
    let candidates: Vec<(FuncId, bool)> = used
        .into_iter()
        .enumerate()
        .map(|(index, is_used)| (FuncId(index as u32), is_used))
        .filter(|&(id, _)| {
            let function = program.function(id);
            !options.skip.contains(&function.name) && in_build(function, options.entry)
        })
        .collect();
    let planned = map_in_order(
        &candidates,
        |&(id, _)| program.function(id).size(),
        |&(id, is_used)| plan_function(program, id, is_used, &nested, &source, options.counters),
    );
    Instrumentation {
        source_path: program.source_path.clone(),
        functions: planned.into_iter().flatten().collect(),
    }
}

/// The coverage pass's decisions for a program: each instrumented function's coverage
/// record and counter increments.
pub struct Instrumentation {
    source_path: String,
    functions: Vec<FunctionPlan>,
}

impl Instrumentation {
    /// Inserts the planned counter increments into `program` (the program planned for), in
    /// program order, and returns its coverage data.
    pub fn apply(self, program: &mut Program) -> CoverageMap {
        let mut functions = Vec::with_capacity(self.functions.len());
        for plan in self.functions {
            let function = &mut program.functions[plan.coverage.func.0 as usize];
            insert_counter_increments(function, plan.increments);
            functions.push(plan.coverage);
        }
        CoverageMap {
            source_path: self.source_path,
            functions,
        }
    }
}

/// What the pass does to one function: its coverage record, and the counter increments to
/// insert into it.
struct FunctionPlan {
    coverage: FunctionCoverage,
    increments: Vec<(BlockId, Statement)>,
}

/// The plan for function `id`; `None` when it has no graph or no code regions.
fn plan_function(
    program: &Program,
    id: FuncId,
    is_used: bool,
    nested: &NestedItems,
    source: &SourceText,
    scheme: CounterScheme,
) -> Option<FunctionPlan> {
    let analysis = analyse(program, id, nested, source)?;
    let function = program.function(id);
    let instrumented = instrument_function(function, is_used, &analysis, source, scheme)?;
    let pgo_name = program.symbol(id);
    Some(FunctionPlan {
        coverage: FunctionCoverage {
            func: id,
            name_hash: md5_low64(pgo_name.as_bytes()),
            pgo_name,
            func_hash: instrumented.func_hash,
            num_counters: instrumented.num_counters,
            expressions: instrumented.mappings.expressions,
            regions: instrumented.mappings.regions,
        },
        increments: instrumented.increments,
    })
}

/// Whether rustc compiles `function` at all in this kind of build: a `#[test]` function exists
/// only in test builds (`rustc --test`), so an ordinary build has no coverage record for it.
fn in_build(function: &Function, entry: Entry) -> bool {
    function.test.is_none() || entry == Entry::Tests
}

struct InstrumentedFunction {
    mappings: FunctionMappings,
    num_counters: u32,
    func_hash: u64,
    /// Each physical counter's increment and the block it goes at the head of.
    increments: Vec<(BlockId, Statement)>,
}

/// The pass's analysis of one function before any counter is chosen.
pub(crate) struct Analysis {
    /// The flow between its blocks.
    pub flow: BlockFlow,
    /// Its coverage graph, built on `flow`.
    pub graph: CoverageGraph,
    /// Its refined code spans (nested `fn` items are holes).
    pub spans: Vec<CodeSpan>,
}

/// The analysis of function `id`, whose nested items `nested` indexes; `None` when it has
/// no graph.
pub(crate) fn analyse(
    program: &Program,
    id: FuncId,
    nested: &NestedItems,
    source: &SourceText,
) -> Option<Analysis> {
    let function = program.function(id);
    let flow = BlockFlow::new(function);
    let graph = CoverageGraph::new(&flow)?;
    let holes = nested.signatures_within(program, id);
    let spans = code_spans(function, &graph, source, &holes);
    Some(Analysis { flow, graph, spans })
}

/// Instruments one function, given its analysis (counters only if it is used); `None` when
/// it has no code regions.
fn instrument_function(
    function: &Function,
    is_used: bool,
    analysis: &Analysis,
    source: &SourceText,
    scheme: CounterScheme,
) -> Option<InstrumentedFunction> {
    let Analysis { flow, graph, spans } = analysis;
    if spans.is_empty() {
        return None;
    }
    if !is_used {
        return Some(InstrumentedFunction {
            mappings: unused_mappings(spans, source),
            num_counters: 0,
            func_hash: 0,
            increments: Vec::new(),
        });
    }
    let folded_graph = fold_known_branches(function, flow, graph).map(|folded| {
        CoverageGraph::new(&folded).expect("folding branches leaves bb0's terminator reachable")
    });
    let needs_counter = bcbs_with_spans(graph, spans);
    let counters = match &folded_graph {
        Some(counting) => counters_on_folded_graph(graph, counting, &needs_counter, scheme),
        None => counters_by_scheme(graph, &needs_counter, scheme),
    };
    let counting = folded_graph.as_ref().unwrap_or(graph);
    let increments = counter_increments(function, counting, &counters);
    let mappings = used_mappings(spans, &counters, source);
    let func_hash = structural_hash(
        counters.num_counters(),
        &mappings.expressions,
        &mappings.regions,
    );
    Some(InstrumentedFunction {
        mappings,
        num_counters: counters.num_counters(),
        func_hash,
        increments,
    })
}

fn bcbs_with_spans(graph: &CoverageGraph, spans: &[CodeSpan]) -> Vec<bool> {
    let mut needed = vec![false; graph.len()];
    for span in spans {
        needed[span.bcb.index()] = true;
    }
    needed
}

/// Counters for the BCBs of `graph` (the function's coverage graph, which its regions
/// refer to) that need one, chosen on `counting`, the coverage graph of the same function
/// with its known branches folded: a BCB counts as the `counting` node holding its first
/// block (all blocks of a node run equally often), or Zero when that block can no longer
/// run. Physical counters go at the head of `counting` nodes. As folding only removes
/// edges, `counting` needs no more physical counters than `graph`, and fewer when a branch
/// is known (rustc likewise gives code its MIR optimisations removed a Zero counter).
fn counters_on_folded_graph(
    graph: &CoverageGraph,
    counting: &CoverageGraph,
    needs_counter: &[bool],
    scheme: CounterScheme,
) -> Counters {
    let counted_as: Vec<Option<Bcb>> = graph
        .bcbs()
        .map(|b| counting.bcb_of(graph.leader(b)))
        .collect();
    let mut counting_needs = vec![false; counting.len()];
    for bcb in graph.bcbs().filter(|b| needs_counter[b.index()]) {
        if let Some(node) = counted_as[bcb.index()] {
            counting_needs[node.index()] = true;
        }
    }
    let on_counting = counters_by_scheme(counting, &counting_needs, scheme);
    let bcb_counters = graph
        .bcbs()
        .map(|bcb| {
            needs_counter[bcb.index()].then(|| match counted_as[bcb.index()] {
                Some(node) => on_counting.bcb_counters[node.index()].unwrap_or(Counter::Zero),
                None => Counter::Zero,
            })
        })
        .collect();
    Counters {
        bcb_counters,
        ..on_counting
    }
}

/// Counters for the BCBs of `graph` that need one, as `scheme` counts them.
fn counters_by_scheme(
    graph: &CoverageGraph,
    needs_counter: &[bool],
    scheme: CounterScheme,
) -> Counters {
    match scheme {
        CounterScheme::Expressions(placement) => make_counters(graph, needs_counter, placement),
        CounterScheme::PhysicalOnly => physical_counters(graph, needs_counter),
    }
}

/// `Coverage(CounterIncrement(id))` for every physical counter, with the block it goes at
/// the head of (the leader of its node of `graph`) and the span of that block's terminator.
fn counter_increments(
    function: &Function,
    graph: &CoverageGraph,
    counters: &Counters,
) -> Vec<(BlockId, Statement)> {
    let increment = |(id, &bcb): (usize, &Bcb)| {
        let leader = graph.leader(bcb);
        let span = function.blocks[leader.index()]
            .terminator
            .as_ref()
            .map_or(function.body_span, |t| t.span);
        let kind = StatementKind::Coverage(CoverageKind::CounterIncrement(id as u32));
        (leader, Statement::new(kind, span))
    };
    counters
        .physical
        .iter()
        .enumerate()
        .map(increment)
        .collect()
}

/// Puts each increment at the head of its block, in order.
fn insert_counter_increments(function: &mut Function, increments: Vec<(BlockId, Statement)>) {
    for (block, increment) in increments {
        function.blocks[block.index()]
            .statements
            .insert(0, increment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::covfun::{Counter, ExprKind, RegionKind, SourceRange};
    use crate::testing::{sample_program, SAMPLE_SOURCE};
    use crate::Entry;
    use clifcov_ir::{BlockId, TestAttrs};

    fn options(entry: Entry, skip: &[String]) -> InstrumentOptions<'_> {
        InstrumentOptions {
            source: SAMPLE_SOURCE,
            entry,
            skip,
            counters: CounterScheme::default(),
        }
    }

    /// Counter id -> block where the pass inserted its increment.
    fn increments(function: &Function) -> Vec<(u32, BlockId)> {
        let mut found = Vec::new();
        for id in function.block_ids() {
            for (i, s) in function.block(id).statements.iter().enumerate() {
                if let StatementKind::Coverage(CoverageKind::CounterIncrement(c)) = s.kind {
                    assert_eq!(i, 0, "increments go first in their block");
                    found.push((c, id));
                }
            }
        }
        found.sort();
        found
    }

    fn value(counter: Counter, f: &FunctionCoverage, physical: &[i64]) -> i64 {
        match counter {
            Counter::Zero => 0,
            Counter::Physical(id) => physical[id as usize],
            Counter::Expression(id) => {
                let e = f.expressions[id as usize];
                let (l, r) = (value(e.lhs, f, physical), value(e.rhs, f, physical));
                match e.kind {
                    ExprKind::Add => l + r,
                    ExprKind::Subtract => l - r,
                }
            }
        }
    }

    fn range(text: &str) -> SourceRange {
        let s = crate::testing::span(text);
        SourceRange {
            start_line: s.lo.line,
            start_col: s.lo.col,
            end_line: s.hi.line,
            end_col: s.hi.col,
        }
    }

    #[test]
    fn used_function_gets_counters_where_its_regions_need_them() {
        let mut program = sample_program();
        let map = instrument(&mut program, &options(Entry::Main, &[]));
        let main = &map.functions[0];
        assert_eq!(main.func, FuncId(0));
        assert_eq!(main.pgo_name, program.symbol(FuncId(0)));
        assert_eq!(main.name_hash, md5_low64(main.pgo_name.as_bytes()));
        assert!(main.is_used());
        let ranges: Vec<SourceRange> = main.regions.iter().map(|r| r.range).collect();
        let expected = [
            "1:1-1:10",
            "2:9-2:10",
            "2:13-2:19",
            "3:8-3:13",
            "3:14-5:6",
            "5:5-5:6",
            "6:1-6:2",
        ];
        assert_eq!(ranges, expected.map(range));
        // An if without else: two physical counters, placed in the leader blocks.
        assert_eq!(main.num_counters, 2);
        let sites = increments(&program.functions[0]);
        assert_eq!(sites.len(), 2);
        // One run taking the `then` branch: blocks 0, 1, 2, 4 run once, block 3 never.
        let block_counts = [1, 1, 1, 0, 1];
        let physical: Vec<i64> = sites
            .iter()
            .map(|&(_, b)| block_counts[b.index()])
            .collect();
        let counts: Vec<i64> = main
            .regions
            .iter()
            .map(|r| match r.kind {
                RegionKind::Code(c) => value(c, main, &physical),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(counts, [1, 1, 1, 1, 1, 0, 1]);
        let helper = &map.functions[1];
        assert!(helper.is_used());
        assert_eq!(helper.num_counters, 1);
        assert_eq!(increments(&program.functions[1]), [(0, BlockId(0))]);
    }

    #[test]
    fn physical_only_gives_every_block_with_regions_its_own_counter() {
        let mut program = sample_program();
        let options = InstrumentOptions {
            counters: CounterScheme::PhysicalOnly,
            ..options(Entry::Main, &[])
        };
        let map = instrument(&mut program, &options);
        let main = &map.functions[0];
        assert!(main.expressions.is_empty());
        // Four BCBs have regions: blocks 0 and 1 (the call and its return), the `then`
        // block 2, the implicit `else` block 3 (region `5:5-5:6`) and the exit block 4.
        let sites = increments(&program.functions[0]);
        assert_eq!(main.num_counters as usize, sites.len());
        assert_eq!(main.num_counters, 4);
        let blocks: Vec<BlockId> = sites.iter().map(|&(_, b)| b).collect();
        let mut sorted = blocks.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 2, 3, 4].map(BlockId));
        // The same run as above: each region's count is its own block's.
        let block_counts = [1, 1, 1, 0, 1];
        let counts: Vec<i64> = main
            .regions
            .iter()
            .map(|r| match r.kind {
                RegionKind::Code(Counter::Physical(id)) => {
                    block_counts[blocks[id as usize].index()]
                }
                other => panic!("a region counted by {other:?}"),
            })
            .collect();
        assert_eq!(counts, [1, 1, 1, 1, 1, 0, 1]);
        let plain = instrument(&mut sample_program(), &self::options(Entry::Main, &[]));
        let ranges = |f: &FunctionCoverage| f.regions.iter().map(|r| r.range).collect::<Vec<_>>();
        assert_eq!(ranges(main), ranges(&plain.functions[0]), "same regions");
        assert_ne!(main.func_hash, plain.functions[0].func_hash);
        assert_eq!(
            map.functions[2], plain.functions[2],
            "unused functions are unchanged"
        );
    }

    #[test]
    fn unreachable_function_gets_zero_regions_in_byte_columns_and_no_counters() {
        let mut program = sample_program();
        let map = instrument(&mut program, &options(Entry::Main, &[]));
        let dead = &map.functions[2];
        assert_eq!(dead.func, FuncId(2));
        assert_eq!((dead.func_hash, dead.num_counters), (0, 0));
        assert!(dead.expressions.is_empty());
        assert!(dead
            .regions
            .iter()
            .all(|r| r.kind == RegionKind::Code(Counter::Zero)));
        let ranges: Vec<SourceRange> = dead.regions.iter().map(|r| r.range).collect();
        // `"é"` is 3 characters but 4 bytes: llvm-cov columns count bytes.
        let expected = [
            "10:1-10:10",
            "11:9-11:10",
            "11:13-11:17",
            "11:19-11:20",
            "12:1-12:2",
        ];
        assert_eq!(ranges, expected.map(range));
        assert!(increments(&program.functions[2]).is_empty());
    }

    #[test]
    fn test_builds_start_from_test_functions() {
        let mut program = sample_program();
        program.functions[1].test = Some(TestAttrs::default());
        let map = instrument(&mut program, &options(Entry::Tests, &[]));
        let used: Vec<bool> = map.functions.iter().map(|f| f.is_used()).collect();
        assert_eq!(used, [false, true, false]);
        assert!(increments(&program.functions[0]).is_empty());
    }

    #[test]
    fn test_functions_are_not_part_of_an_ordinary_build() {
        let mut program = sample_program();
        program.functions[2].test = Some(TestAttrs::default());
        let map = instrument(&mut program, &options(Entry::Main, &[]));
        let funcs: Vec<FuncId> = map.functions.iter().map(|f| f.func).collect();
        assert_eq!(funcs, [FuncId(0), FuncId(1)]);
        assert!(increments(&program.functions[2]).is_empty());
    }

    #[test]
    fn skipped_functions_are_neither_instrumented_nor_mapped() {
        let mut program = sample_program();
        let skip = ["helper".to_string()];
        let map = instrument(&mut program, &options(Entry::Main, &skip));
        let funcs: Vec<FuncId> = map.functions.iter().map(|f| f.func).collect();
        assert_eq!(funcs, [FuncId(0), FuncId(2)]);
        assert!(increments(&program.functions[1]).is_empty());
    }

    #[test]
    fn function_without_markers_has_no_record() {
        let mut program = sample_program();
        for block in &mut program.functions[1].blocks {
            block.statements.clear();
        }
        let map = instrument(&mut program, &options(Entry::Main, &[]));
        assert!(map.functions.iter().all(|f| f.func != FuncId(1)));
        assert!(increments(&program.functions[1]).is_empty());
    }

    #[test]
    fn structural_hash_is_stable_and_shape_sensitive() {
        let mut a = sample_program();
        let mut b = sample_program();
        let map_a = instrument(&mut a, &options(Entry::Main, &[]));
        let map_b = instrument(&mut b, &options(Entry::Main, &[]));
        assert_eq!(map_a.functions[0].func_hash, map_b.functions[0].func_hash);
        assert_ne!(map_a.functions[0].func_hash, map_a.functions[1].func_hash);
    }
}

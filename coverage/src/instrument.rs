//! The instrumentation pass: for every function, its coverage graph, code regions and
//! counters; `Coverage(CounterIncrement(id))` statements inserted at the head of the BCBs
//! that carry physical counters; and the resulting [`CoverageMap`].

use clifcov_ir::{CoverageKind, FuncId, Function, Program, Span, Statement, StatementKind};

use crate::counters::{make_counters, Counters};
use crate::graph::CoverageGraph;
use crate::hash::md5_low64;
use crate::map::{CoverageMap, FunctionCoverage};
use crate::mappings::{unused_mappings, used_mappings, FunctionMappings};
use crate::reachable::{used_functions, Entry};
use crate::source::SourceText;
use crate::spans::{code_spans, CodeSpan};

#[derive(Clone, Copy, Debug)]
pub struct InstrumentOptions<'a> {
    /// The program's source text: columns are reported in bytes, and empty marker spans
    /// grow over an adjacent brace.
    pub source: &'a str,
    pub entry: Entry,
    /// Names of functions to leave uninstrumented and out of the map (rustc's
    /// `#[coverage(off)]`).
    pub skip: &'a [String],
}

/// Instruments `program` in place and returns its coverage data. Functions not reachable
/// from the entry points get records with Zero counters, hash 0 and no counters.
pub fn instrument(program: &mut Program, options: &InstrumentOptions) -> CoverageMap {
    let source = SourceText::new(options.source);
    let used = used_functions(program, options.entry);
    let mut functions = Vec::new();
    for (index, is_used) in used.into_iter().enumerate() {
        let id = FuncId(index as u32);
        if options.skip.contains(&program.function(id).name) {
            continue;
        }
        let holes = nested_signatures(program, id);
        let pgo_name = program.symbol(id);
        let function = &mut program.functions[index];
        let Some(mappings) = instrument_function(function, is_used, &holes, &source) else {
            continue;
        };
        functions.push(FunctionCoverage {
            func: id,
            name_hash: md5_low64(pgo_name.as_bytes()),
            pgo_name,
            func_hash: mappings.func_hash,
            num_counters: mappings.num_counters,
            expressions: mappings.mappings.expressions,
            regions: mappings.mappings.regions,
        });
    }
    CoverageMap {
        source_path: program.source_path.clone(),
        functions,
    }
}

struct InstrumentedFunction {
    mappings: FunctionMappings,
    num_counters: u32,
    func_hash: u64,
}

/// Instruments one function (counters only if it is used); `None` when it has no code
/// regions.
fn instrument_function(
    function: &mut Function,
    is_used: bool,
    holes: &[Span],
    source: &SourceText,
) -> Option<InstrumentedFunction> {
    let graph = CoverageGraph::new(function)?;
    let spans = code_spans(function, &graph, source, holes);
    if spans.is_empty() {
        return None;
    }
    if !is_used {
        return Some(InstrumentedFunction {
            mappings: unused_mappings(&spans, source),
            num_counters: 0,
            func_hash: 0,
        });
    }
    let counters = make_counters(&graph, &bcbs_with_spans(&graph, &spans));
    insert_counter_increments(function, &graph, &counters);
    let mappings = used_mappings(&spans, &counters, source);
    let func_hash = structural_hash(&mappings, counters.num_counters());
    Some(InstrumentedFunction {
        mappings,
        num_counters: counters.num_counters(),
        func_hash,
    })
}

/// Signatures of the other functions whose items lie inside this function's body (nested
/// `fn` items): rustc makes them holes in the enclosing function's regions.
fn nested_signatures(program: &Program, id: FuncId) -> Vec<Span> {
    let body = program.function(id).body_span;
    program
        .functions
        .iter()
        .enumerate()
        .filter(|&(i, f)| i != id.index() && body.contains(f.span) && f.span != body)
        .map(|(_, f)| f.sig_span)
        .collect()
}

fn bcbs_with_spans(graph: &CoverageGraph, spans: &[CodeSpan]) -> Vec<bool> {
    let mut needed = vec![false; graph.len()];
    for span in spans {
        needed[span.bcb.index()] = true;
    }
    needed
}

fn insert_counter_increments(function: &mut Function, graph: &CoverageGraph, counters: &Counters) {
    for (id, &bcb) in counters.physical.iter().enumerate() {
        let leader = graph.leader(bcb);
        let block = &mut function.blocks[leader.index()];
        let span = block
            .terminator
            .as_ref()
            .map_or(function.body_span, |t| t.span);
        let increment = StatementKind::Coverage(CoverageKind::CounterIncrement(id as u32));
        block.statements.insert(0, Statement::new(increment, span));
    }
}

/// A hash of the function's coverage shape (counters, expressions, regions); never 0.
fn structural_hash(mappings: &FunctionMappings, num_counters: u32) -> u64 {
    let text = format!(
        "{num_counters};{:?};{:?}",
        mappings.expressions, mappings.regions
    );
    md5_low64(text.as_bytes()).max(1)
}

//! Reads rustc's MIR dumps (`-Zdump-mir=InstrumentCoverage -Zmir-include-spans`) back into
//! clifcov IR: the same blocks and edges (unwind paths dropped), and a span marker for every
//! statement and terminator whose span rustc's coverage pass reads from MIR (rustc 1.95,
//! `spans/from_mir.rs`: not `StorageLive`/`StorageDead`/`Nop`, not guard `FakeRead`s; of the
//! terminators only calls (the callee's span), `return` and `falseUnwind`).

use clifcov_ir::{
    AssertMessage, BasicBlock, BlockId, Callee, Constant, CoverageKind, FuncId, Function, Local,
    LocalDecl, Operand, Pos, Span, Statement, StatementKind, Terminator, TerminatorKind, Ty,
};

/// One function as rustc's dump shows it.
pub struct DumpedFunction {
    pub name: String,
    /// Statements and terminators with their spans, per block (`None` for cleanup blocks).
    blocks: Vec<Option<DumpedBlock>>,
}

struct DumpedBlock {
    marker_spans: Vec<Span>,
    terminator: DumpedTerminator,
}

enum DumpedTerminator {
    Goto(u32),
    Switch(Vec<u32>),
    Call {
        callee: String,
        target: Option<u32>,
    },
    Assert(u32),
    /// `falseEdge`: control goes to `real`; `imaginary` only gains a predecessor.
    FalseEdge {
        real: u32,
        imaginary: u32,
    },
    Return,
    Unreachable,
}

/// The coverage facts of rustc's "after" dump: mapping spans with their BCBs, and the
/// leader block of every BCB (where `Coverage::VirtualCounter(bcbN)` was inserted).
pub struct DumpedCoverage {
    pub mappings: Vec<(Span, u32)>,
    pub leaders: Vec<(u32, u32)>,
}

/// Parses a span written `FILE:L:C: L:C`; `None` for another file or no location.
fn parse_span(text: &str, file: &str) -> Option<Span> {
    let rest = text.trim().strip_prefix(file)?.strip_prefix(':')?;
    let (lo, hi) = rest.split_once(": ")?;
    let pos = |p: &str| -> Option<Pos> {
        let (line, col) = p.trim().split_once(':')?;
        let col: String = col.chars().take_while(|c| c.is_ascii_digit()).collect();
        Some(Pos::new(line.parse().ok()?, col.parse().ok()?))
    };
    Some(Span::new(pos(lo)?, pos(hi)?))
}

fn block_number(text: &str) -> u32 {
    let digits: String = text
        .trim()
        .trim_start_matches("bb")
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().expect("block number")
}

/// The value after `key: ` in an edge list like `[return: bb3, unwind: bb7]`.
fn edge(text: &str, key: &str) -> Option<u32> {
    let start = text.find(&format!("{key}: bb"))? + key.len() + 2;
    Some(block_number(&text[start..]))
}

fn terminator(code: &str) -> DumpedTerminator {
    let code = code.trim();
    if let Some(rest) = code.strip_prefix("goto -> ") {
        return DumpedTerminator::Goto(block_number(rest));
    }
    if code.starts_with("switchInt(") {
        let list = &code[code.find("-> [").expect("switch targets") + 4..];
        let targets = list
            .split(", ")
            .map(|t| block_number(t.split(": ").nth(1).expect("switch target")))
            .collect();
        return DumpedTerminator::Switch(targets);
    }
    if code.starts_with("falseEdge") {
        let real = edge(code, "real").expect("falseEdge real target");
        let imaginary = edge(code, "imaginary").expect("falseEdge imaginary target");
        return DumpedTerminator::FalseEdge { real, imaginary };
    }
    if code.starts_with("falseUnwind") {
        return DumpedTerminator::Goto(edge(code, "real").expect("falseUnwind target"));
    }
    if code.starts_with("assert(") {
        return DumpedTerminator::Assert(edge(code, "success").expect("assert target"));
    }
    if code.starts_with("drop(") {
        return DumpedTerminator::Goto(edge(code, "return").expect("drop target"));
    }
    if code == "return" {
        return DumpedTerminator::Return;
    }
    if code == "unreachable" {
        return DumpedTerminator::Unreachable;
    }
    let call = code.split_once(" = ").map_or(code, |(_, rhs)| rhs);
    let callee = call[..call.find('(').expect("call")].to_string();
    DumpedTerminator::Call {
        callee,
        target: edge(code, "return"),
    }
}

fn statement_has_coverage_span(code: &str) -> bool {
    let code = code.trim();
    !(code.starts_with("StorageLive(")
        || code.starts_with("StorageDead(")
        || code == "nop"
        || code.starts_with("FakeRead(ForGuardBinding")
        || code.starts_with("ConstEvalCounter"))
}

fn terminator_has_coverage_span(code: &str) -> bool {
    let code = code.trim();
    code == "return" || code.starts_with("falseUnwind") || terminator_is_call(code)
}

fn terminator_is_call(code: &str) -> bool {
    matches!(terminator(code), DumpedTerminator::Call { .. })
}

/// Splits a dump line `code;   // scope N at SPAN` into code and span text.
fn code_and_span(line: &str) -> Option<(&str, &str)> {
    let (code, comment) = line.split_once("// scope ")?;
    let code = code.trim_end().strip_suffix(';')?;
    let span = comment.split_once(" at ")?.1;
    Some((code, span))
}

pub fn parse_before(text: &str, file: &str) -> DumpedFunction {
    let header = text
        .lines()
        .find(|l| l.starts_with("fn "))
        .expect("function header");
    let name = header[3..header.find('(').expect("parameters")].to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks: Vec<Option<DumpedBlock>> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_start();
        let is_block = line.starts_with("bb") && line.trim_end().ends_with('{');
        if !is_block {
            i += 1;
            continue;
        }
        let index = block_number(line) as usize;
        let cleanup = line.contains("(cleanup)");
        let mut entries: Vec<(String, String, Option<String>)> = Vec::new();
        i += 1;
        while lines[i].trim() != "}" {
            let l = lines[i];
            if let Some((code, span)) = code_and_span(l) {
                entries.push((code.to_string(), span.to_string(), None));
            } else if let Some(extra) = l.trim().strip_prefix("// + span: ") {
                if let Some(last) = entries.last_mut() {
                    last.2.get_or_insert_with(|| extra.to_string());
                }
            }
            i += 1;
        }
        if blocks.len() <= index {
            blocks.resize_with(index + 1, || None);
        }
        if !cleanup {
            blocks[index] = Some(dumped_block(&entries, file));
        }
        i += 1;
    }
    DumpedFunction { name, blocks }
}

fn dumped_block(entries: &[(String, String, Option<String>)], file: &str) -> DumpedBlock {
    let (last, statements) = entries.split_last().expect("block has a terminator");
    let mut marker_spans: Vec<Span> = statements
        .iter()
        .filter(|(code, _, _)| statement_has_coverage_span(code))
        .filter_map(|(_, span, _)| parse_span(span, file))
        .collect();
    let (code, span, callee_span) = last;
    if terminator_has_coverage_span(code) {
        let whole = parse_span(span, file);
        let callee = callee_span.as_deref().and_then(|s| parse_span(s, file));
        let chosen = match (whole, callee) {
            (Some(w), Some(c)) if terminator_is_call(code) && w.contains(c) => Some(c),
            (w, _) => w,
        };
        marker_spans.extend(chosen);
    }
    DumpedBlock {
        marker_spans,
        terminator: terminator(code),
    }
}

pub fn parse_after(text: &str, file: &str) -> DumpedCoverage {
    let mut mappings = Vec::new();
    let mut leaders = Vec::new();
    let mut current_block = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("coverage Code { bcb: bcb") {
            let bcb = block_number(rest);
            let span_text = rest.split_once("=> ").expect("mapping span").1;
            let span_text = span_text
                .trim_end_matches(';')
                .rsplit_once(" (")
                .map_or(span_text, |p| p.0);
            mappings.push((parse_span(span_text, file).expect("mapping in file"), bcb));
        } else if trimmed.starts_with("bb") && trimmed.ends_with('{') {
            current_block = Some(block_number(trimmed));
        } else if let Some(rest) = trimmed.strip_prefix("Coverage::VirtualCounter(bcb") {
            leaders.push((block_number(rest), current_block.expect("inside a block")));
        }
    }
    DumpedCoverage { mappings, leaders }
}

impl DumpedFunction {
    /// The function as clifcov IR. Calls to functions named in `program_functions` become
    /// calls to them; other calls become runtime calls. A `falseEdge`'s imaginary target
    /// gets its extra predecessor from an unreachable block that jumps to it.
    pub fn to_ir(&self, program_functions: &[String], sig_span: Span, body_span: Span) -> Function {
        let mut blocks: Vec<BasicBlock> = self
            .blocks
            .iter()
            .map(|b| match b {
                Some(block) => self.ir_block(block, program_functions),
                None => ir_block_with(Vec::new(), TerminatorKind::Unreachable),
            })
            .collect();
        for block in self.blocks.iter().flatten() {
            if let DumpedTerminator::FalseEdge { imaginary, .. } = block.terminator {
                blocks.push(ir_block_with(
                    Vec::new(),
                    TerminatorKind::Goto(BlockId(imaginary)),
                ));
            }
        }
        let local = LocalDecl {
            ty: Ty::I32,
            name: None,
            mutable: true,
            span: Span::default(),
        };
        Function {
            name: self.name.clone(),
            arg_count: 0,
            locals: vec![local],
            blocks,
            span: sig_span.to(body_span),
            sig_span,
            body_span,
            test: None,
        }
    }

    fn ir_block(&self, block: &DumpedBlock, program_functions: &[String]) -> BasicBlock {
        let markers = block
            .marker_spans
            .iter()
            .map(|&s| Statement::new(StatementKind::Coverage(CoverageKind::SpanMarker), s))
            .collect();
        let kind = match &block.terminator {
            DumpedTerminator::Goto(b) => TerminatorKind::Goto(BlockId(*b)),
            DumpedTerminator::FalseEdge { real, .. } => TerminatorKind::Goto(BlockId(*real)),
            DumpedTerminator::Switch(targets) => {
                let (otherwise, rest) = targets.split_last().expect("switch has targets");
                TerminatorKind::SwitchInt {
                    discr: Operand::Copy(Local(0)),
                    targets: rest
                        .iter()
                        .enumerate()
                        .map(|(i, b)| (i as u128, BlockId(*b)))
                        .collect(),
                    otherwise: BlockId(*otherwise),
                }
            }
            DumpedTerminator::Call { callee, target } => {
                let callee = match program_functions.iter().position(|f| f == callee) {
                    Some(i) => Callee::Function(FuncId(i as u32)),
                    None => Callee::ArgsLen,
                };
                TerminatorKind::Call {
                    callee,
                    args: Vec::new(),
                    dest: Local(0),
                    target: target.map(BlockId),
                }
            }
            DumpedTerminator::Assert(target) => TerminatorKind::Assert {
                cond: Operand::Const(Constant::bool(true)),
                expected: true,
                msg: AssertMessage::AddOverflow,
                target: BlockId(*target),
            },
            DumpedTerminator::Return => TerminatorKind::Return,
            DumpedTerminator::Unreachable => TerminatorKind::Unreachable,
        };
        ir_block_with(markers, kind)
    }
}

fn ir_block_with(statements: Vec<Statement>, kind: TerminatorKind) -> BasicBlock {
    BasicBlock {
        statements,
        terminator: Some(Terminator::new(kind, Span::default())),
    }
}

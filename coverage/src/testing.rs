//! Hand-built IR for unit tests: terminator shorthands, spans written `L:C-L:C`,
//! functions whose blocks carry span markers, and the sample program the pass's tests share;
//! and for the format tests, byte strings written in hex and clang's mapping blob of `foo`.

use clifcov_ir::{
    AssertMessage, BasicBlock, BlockId, Callee, Constant, CoverageKind, FuncId, Function, Local,
    LocalDecl, Operand, Pos, Program, Span, Statement, StatementKind, Terminator, TerminatorKind,
    Ty,
};

use crate::block_flow::BlockFlow;
use crate::covfun::SourceRange;
use crate::graph::CoverageGraph;

/// Terminator shorthands: block numbers are `BlockId`s.
pub(crate) enum T {
    Goto(u32),
    /// Targets for values 0, 1, ... and the last one as `otherwise`.
    Switch(Vec<u32>),
    /// A call of a runtime function continuing at the block, or diverging.
    Call(Option<u32>),
    /// A call of program function `callee` continuing at `next`.
    CallFn {
        callee: u32,
        next: u32,
    },
    Assert(u32),
    Return,
    Unreachable,
}

/// Parses `L:C-L:C`.
pub(crate) fn span(text: &str) -> Span {
    let (lo, hi) = text.split_once('-').expect("span is L:C-L:C");
    let pos = |p: &str| {
        let (line, col) = p.split_once(':').expect("position is L:C");
        Pos::new(line.parse().unwrap(), col.parse().unwrap())
    };
    Span::new(pos(lo), pos(hi))
}

fn terminator_kind(t: T) -> TerminatorKind {
    match t {
        T::Goto(b) => TerminatorKind::Goto(BlockId(b)),
        T::Switch(targets) => {
            let (last, rest) = targets.split_last().expect("switch targets");
            TerminatorKind::SwitchInt {
                discr: Operand::Copy(Local(1)),
                targets: rest
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (i as u128, BlockId(*b)))
                    .collect(),
                otherwise: BlockId(*last),
            }
        }
        T::Call(target) => TerminatorKind::Call {
            callee: Callee::ArgsLen,
            args: vec![],
            dest: Local(0),
            target: target.map(BlockId),
        },
        T::CallFn { callee, next } => TerminatorKind::Call {
            callee: Callee::Function(FuncId(callee)),
            args: vec![],
            dest: Local(0),
            target: Some(BlockId(next)),
        },
        T::Assert(target) => TerminatorKind::Assert {
            cond: Operand::Const(Constant::bool(true)),
            expected: true,
            msg: AssertMessage::AddOverflow,
            target: BlockId(target),
        },
        T::Return => TerminatorKind::Return,
        T::Unreachable => TerminatorKind::Unreachable,
    }
}

/// A function named `name` whose blocks hold span markers (`L:C-L:C`) and terminators.
pub(crate) fn function(name: &str, sig: &str, body: &str, blocks: Vec<(Vec<&str>, T)>) -> Function {
    let local = |ty| LocalDecl {
        ty,
        name: None,
        mutable: true,
        span: Span::default(),
    };
    let blocks = blocks
        .into_iter()
        .map(|(markers, t)| BasicBlock {
            statements: markers
                .into_iter()
                .map(|m| Statement::new(StatementKind::Coverage(CoverageKind::SpanMarker), span(m)))
                .collect(),
            terminator: Some(Terminator::new(terminator_kind(t), Span::default())),
        })
        .collect();
    let (sig_span, body_span) = (span(sig), span(body));
    Function {
        name: name.to_string(),
        arg_count: 1,
        locals: vec![local(Ty::Unit), local(Ty::I32)],
        blocks,
        span: sig_span.to(body_span),
        sig_span,
        body_span,
        test: None,
    }
}

/// A function without markers, for graph and counter tests.
pub(crate) fn function_with(terminators: Vec<T>) -> Function {
    let blocks = terminators.into_iter().map(|t| (vec![], t)).collect();
    function("f", "1:1-1:7", "1:8-9:2", blocks)
}

/// The coverage graph of `function`'s blocks.
pub(crate) fn graph_of(function: &Function) -> Option<CoverageGraph> {
    CoverageGraph::new(&BlockFlow::new(function))
}

/// The source of [`sample_program`].
pub(crate) const SAMPLE_SOURCE: &str = "fn main() {
    let n = helper(1);
    if n > 0 {
        n;
    }
}
fn helper(x: i32) -> i32 {
    x + 1
}
fn dead() {
    let s = \"é\"; s;
}
";

/// `main` (calls `helper`, then an `if` without `else`), `helper`, and `dead`, which nothing
/// calls, with the markers rustc's MIR would give them (see MARKERS.md).
pub(crate) fn sample_program() -> Program {
    let main = function(
        "main",
        "1:1-1:10",
        "1:11-6:2",
        vec![
            (vec!["2:13-2:19"], T::CallFn { callee: 1, next: 1 }),
            (vec!["2:9-2:10", "3:8-3:13"], T::Switch(vec![3, 2])),
            (vec!["4:9-4:10", "3:14-5:6"], T::Goto(4)),
            (vec!["5:6-5:6"], T::Goto(4)),
            (vec!["6:2-6:2"], T::Return),
        ],
    );
    let helper = function(
        "helper",
        "7:1-7:25",
        "7:26-9:2",
        vec![(vec!["8:5-8:10", "9:2-9:2"], T::Return)],
    );
    let dead = function(
        "dead",
        "10:1-10:10",
        "10:11-12:2",
        vec![(
            vec!["11:9-11:10", "11:13-11:16", "11:18-11:19", "12:2-12:2"],
            T::Return,
        )],
    );
    Program {
        source_path: "t.rs".to_string(),
        crate_name: "t".to_string(),
        functions: vec![main, helper, dead],
    }
}

/// A source range from its four coordinates.
pub(crate) fn range(start_line: u32, start_col: u32, end_line: u32, end_col: u32) -> SourceRange {
    SourceRange {
        start_line,
        start_col,
        end_line,
        end_col,
    }
}

/// Bytes written as hex digits, whitespace ignored.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
        .collect()
}

/// clang-22's mapping blob of `foo` from FORMATS.md 4.5 (decoded there by hand).
pub(crate) const CLANG_FOO_MAPPING: &str = "0101 04 0105 0509 0509 0509 0c \
    0103100602 0302130018 2005010013 0018 05001a001d 05001e009f80808008 05001f0204 \
    0501090013 20090e0009 0013 090014009580808008 090015001b 0e001c00a280808008 0e00220028";

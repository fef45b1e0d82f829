//! Hand-built IR for unit tests: terminator shorthands, spans written `L:C-L:C`, and
//! functions whose blocks carry span markers.

use clifcov_ir::{
    AssertMessage, BasicBlock, BlockId, Callee, Constant, CoverageKind, FuncId, Function, Local,
    LocalDecl, Operand, Pos, Span, Statement, StatementKind, Terminator, TerminatorKind, Ty,
};

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

//! A small hand-built program shared by the IR's own unit tests.

use crate::*;

fn span(line: u32, lo: u32, hi: u32) -> Span {
    Span::new(Pos::new(line, lo), Pos::new(line, hi))
}

fn decl(ty: Ty, name: Option<&str>) -> LocalDecl {
    LocalDecl {
        ty,
        name: name.map(str::to_string),
        mutable: false,
        span: span(1, 1, 2),
    }
}

/// `fn add(a: i32, b: i32) -> i32 { a + b }` with its overflow check.
pub fn add_program() -> Program {
    let mut f = Function {
        name: "add".to_string(),
        arg_count: 2,
        locals: vec![
            decl(Ty::I32, None),
            decl(Ty::I32, Some("a")),
            decl(Ty::I32, Some("b")),
        ],
        blocks: Vec::new(),
        span: Span::new(Pos::new(1, 1), Pos::new(3, 2)),
        sig_span: span(1, 1, 28),
        body_span: Span::new(Pos::new(1, 29), Pos::new(3, 2)),
        test: None,
    };
    let sum = f.add_local(decl(Ty::I32, None));
    let overflow = f.add_local(decl(Ty::Bool, None));
    let bb0 = f.add_block();
    let bb1 = f.add_block();
    f.blocks[bb0.index()].statements = vec![
        Statement::new(
            StatementKind::Coverage(CoverageKind::SpanMarker),
            span(2, 5, 10),
        ),
        Statement::new(
            StatementKind::AssignWithOverflow {
                dest: sum,
                overflow,
                op: OverflowOp::Add,
                lhs: Operand::Copy(Local(1)),
                rhs: Operand::Copy(Local(2)),
            },
            span(2, 5, 10),
        ),
    ];
    f.blocks[bb0.index()].terminator = Some(Terminator::new(
        TerminatorKind::Assert {
            cond: Operand::Copy(overflow),
            expected: false,
            msg: AssertMessage::AddOverflow,
            target: bb1,
        },
        span(2, 5, 10),
    ));
    f.blocks[bb1.index()].statements = vec![Statement::new(
        StatementKind::Assign(Local::RETURN, Rvalue::Use(Operand::Copy(sum))),
        span(2, 5, 10),
    )];
    f.blocks[bb1.index()].terminator = Some(Terminator::new(TerminatorKind::Return, span(3, 1, 2)));
    Program {
        source_path: "t.rs".to_string(),
        crate_name: "t".to_string(),
        functions: vec![f],
    }
}

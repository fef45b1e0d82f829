//! Text dump of the IR that reads like rustc's MIR dump, with source spans as comments.

use std::fmt::Write;

use crate::function::{Function, Program};
use crate::statement::{
    Constant, CoverageKind, FmtPiece, Operand, Rvalue, Statement, StatementKind, Stream, UnOp,
};
use crate::terminator::{Callee, Terminator, TerminatorKind};
use crate::types::Ty;

pub fn print_program(program: &Program) -> String {
    let mut out = String::new();
    for (i, function) in program.functions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&print_function(program, function));
    }
    out
}

pub fn print_function(program: &Program, function: &Function) -> String {
    let mut out = String::new();
    let args: Vec<String> = function
        .args()
        .map(|a| format!("{a}: {}", function.local_ty(a)))
        .collect();
    let _ = writeln!(
        out,
        "fn {}({}) -> {} {{",
        function.name,
        args.join(", "),
        function.return_ty()
    );
    for (i, decl) in function.locals.iter().enumerate() {
        if let Some(name) = &decl.name {
            let _ = writeln!(out, "    debug {name} => _{i};");
        }
    }
    let _ = writeln!(out, "    let mut _0: {};", function.return_ty());
    for (i, decl) in function
        .locals
        .iter()
        .enumerate()
        .skip(function.arg_count + 1)
    {
        let _ = writeln!(
            out,
            "    let {}_{i}: {};",
            if decl.mutable { "mut " } else { "" },
            decl.ty
        );
    }
    for id in function.block_ids() {
        let block = function.block(id);
        let _ = writeln!(out, "\n    {id}: {{");
        for statement in &block.statements {
            let _ = writeln!(out, "        {}", print_statement(statement));
        }
        match &block.terminator {
            Some(term) => {
                let _ = writeln!(out, "        {}", print_terminator(program, term));
            }
            None => out.push_str("        <no terminator>\n"),
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

fn constant_text(c: Constant) -> String {
    match c.ty {
        Ty::Bool => format!("const {}", c.value() != 0),
        Ty::Unit => "const ()".to_string(),
        ty => format!("const {}_{ty}", c.value()),
    }
}

fn operand_text(op: &Operand) -> String {
    match op {
        Operand::Copy(local) => format!("copy {local}"),
        Operand::Const(c) => constant_text(*c),
    }
}

fn rvalue_text(rv: &Rvalue) -> String {
    match rv {
        Rvalue::Use(op) => operand_text(op),
        Rvalue::BinaryOp(op, a, b) => {
            format!("{}({}, {})", op.name(), operand_text(a), operand_text(b))
        }
        Rvalue::UnaryOp(UnOp::Not, a) => format!("Not({})", operand_text(a)),
        Rvalue::UnaryOp(UnOp::Neg, a) => format!("Neg({})", operand_text(a)),
        Rvalue::Cast(a, ty) => format!("{} as {ty}", operand_text(a)),
    }
}

fn pieces_text(pieces: &[FmtPiece]) -> String {
    let texts: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            FmtPiece::Str(s) => format!("{s:?}"),
            FmtPiece::Value(op) => operand_text(op),
        })
        .collect();
    texts.join(", ")
}

fn with_span(text: String, span: crate::Span) -> String {
    format!("{text}; // {span}")
}

/// One statement as the MIR dump prints it, with its span as a trailing comment.
pub fn print_statement(statement: &Statement) -> String {
    let text = match &statement.kind {
        StatementKind::Assign(dest, rv) => format!("{dest} = {}", rvalue_text(rv)),
        StatementKind::AssignWithOverflow {
            dest,
            overflow,
            op,
            lhs,
            rhs,
        } => format!(
            "({dest}, {overflow}) = {}WithOverflow({}, {})",
            op.bin_op().name(),
            operand_text(lhs),
            operand_text(rhs)
        ),
        StatementKind::Print { stream, pieces } => {
            let name = match stream {
                Stream::Stdout => "print",
                Stream::Stderr => "eprint",
            };
            format!("{name}({})", pieces_text(pieces))
        }
        StatementKind::Coverage(CoverageKind::SpanMarker) => "Coverage::SpanMarker".to_string(),
        StatementKind::Coverage(CoverageKind::CounterIncrement(id)) => {
            format!("Coverage::CounterIncrement({id})")
        }
    };
    with_span(text, statement.span)
}

/// One terminator as the MIR dump prints it, with its span as a trailing comment.
pub fn print_terminator(program: &Program, term: &Terminator) -> String {
    let text = match &term.kind {
        TerminatorKind::Goto(target) => format!("goto -> {target}"),
        TerminatorKind::SwitchInt {
            discr,
            targets,
            otherwise,
        } => {
            let arms: Vec<String> = targets.iter().map(|(v, b)| format!("{v}: {b}")).collect();
            let arms = arms.into_iter().chain([format!("otherwise: {otherwise}")]);
            format!(
                "switchInt({}) -> [{}]",
                operand_text(discr),
                arms.collect::<Vec<_>>().join(", ")
            )
        }
        TerminatorKind::Call {
            callee,
            args,
            dest,
            target,
        } => {
            let name = match callee {
                Callee::Function(id) => program
                    .functions
                    .get(id.index())
                    .map_or_else(|| format!("<fn {}>", id.0), |f| f.name.clone()),
                Callee::ProcessExit => "std::process::exit".to_string(),
                Callee::ArgsLen => "std::env::args().len".to_string(),
            };
            let args: Vec<String> = args.iter().map(operand_text).collect();
            let ret = target.map_or_else(|| "-> !".to_string(), |t| format!("-> {t}"));
            format!("{dest} = {name}({}) {ret}", args.join(", "))
        }
        TerminatorKind::Return => "return".to_string(),
        TerminatorKind::Assert {
            cond,
            expected,
            msg,
            target,
        } => {
            let neg = if *expected { "" } else { "!" };
            format!(
                "assert({neg}{}, {:?}) -> {target}",
                operand_text(cond),
                msg.text()
            )
        }
        TerminatorKind::Panic { message } => format!("panic({})", pieces_text(message)),
        TerminatorKind::Unreachable => "unreachable".to_string(),
    };
    with_span(text, term.span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::add_program;

    #[test]
    fn prints_like_a_mir_dump() {
        insta::assert_snapshot!(print_program(&add_program()));
    }
}

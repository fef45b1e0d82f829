//! Structural and type checks of the IR, run in tests and debug builds.

use std::fmt;

use crate::function::{BlockId, Function, Local, Program};
use crate::statement::{BinOp, FmtPiece, Operand, Rvalue, StatementKind, UnOp};
use crate::terminator::{Callee, TerminatorKind};
use crate::types::Ty;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub function: String,
    pub block: Option<BlockId>,
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.block {
            Some(block) => write!(f, "in `{}` {block}: {}", self.function, self.message),
            None => write!(f, "in `{}`: {}", self.function, self.message),
        }
    }
}

/// Checks every function; returns all problems found.
pub fn validate_program(program: &Program) -> Result<(), Vec<ValidationError>> {
    let mut errors = Vec::new();
    for function in &program.functions {
        Checker {
            program,
            function,
            block: None,
            errors: &mut errors,
        }
        .check_function();
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

struct Checker<'a> {
    program: &'a Program,
    function: &'a Function,
    block: Option<BlockId>,
    errors: &'a mut Vec<ValidationError>,
}

impl Checker<'_> {
    fn error(&mut self, message: String) {
        self.errors.push(ValidationError {
            function: self.function.name.clone(),
            block: self.block,
            message,
        });
    }

    fn check_function(&mut self) {
        if self.function.locals.len() < self.function.arg_count + 1 {
            self.error("fewer locals than the return place and arguments".to_string());
            return;
        }
        if self.function.blocks.is_empty() {
            self.error("function has no blocks".to_string());
        }
        for id in self.function.block_ids() {
            self.block = Some(id);
            self.check_block(id);
        }
    }

    fn check_block(&mut self, id: BlockId) {
        let block = self.function.block(id);
        for statement in &block.statements {
            self.check_statement(&statement.kind);
        }
        match &block.terminator {
            None => self.error("block has no terminator".to_string()),
            Some(term) => {
                for target in term.kind.successors() {
                    if target.index() >= self.function.blocks.len() {
                        self.error(format!("jump to missing block {target}"));
                    }
                }
                self.check_terminator(&term.kind);
            }
        }
    }

    fn local_ty(&mut self, local: Local) -> Option<Ty> {
        let ty = self.function.locals.get(local.index()).map(|d| d.ty);
        if ty.is_none() {
            self.error(format!("use of undeclared local {local}"));
        }
        ty
    }

    fn operand_ty(&mut self, op: &Operand) -> Option<Ty> {
        match op {
            Operand::Copy(local) => self.local_ty(*local),
            Operand::Const(c) => {
                if c.ty.is_integer()
                    && (c.value() < c.ty.min_value() || c.value() > c.ty.max_value())
                {
                    self.error(format!("constant {} out of range for {}", c.value(), c.ty));
                }
                Some(c.ty)
            }
        }
    }

    fn expect(&mut self, what: &str, found: Option<Ty>, expected: Ty) {
        if let Some(found) = found {
            if found != expected {
                self.error(format!("{what}: expected {expected}, found {found}"));
            }
        }
    }

    fn expect_integer(&mut self, what: &str, found: Option<Ty>) {
        if let Some(found) = found {
            if !found.is_integer() {
                self.error(format!("{what}: expected an integer, found {found}"));
            }
        }
    }

    fn rvalue_ty(&mut self, rv: &Rvalue) -> Option<Ty> {
        match rv {
            Rvalue::Use(op) => self.operand_ty(op),
            Rvalue::BinaryOp(op, a, b) => self.binary_ty(*op, a, b),
            Rvalue::UnaryOp(UnOp::Not, a) => {
                let ty = self.operand_ty(a)?;
                if ty == Ty::Unit {
                    self.error("`Not` of ()".to_string());
                }
                Some(ty)
            }
            Rvalue::UnaryOp(UnOp::Neg, a) => {
                let ty = self.operand_ty(a)?;
                if !ty.is_signed() {
                    self.error(format!("`Neg` of {ty}"));
                }
                Some(ty)
            }
            Rvalue::Cast(a, target) => {
                let from = self.operand_ty(a)?;
                if !(from.is_integer() || from == Ty::Bool) || !target.is_integer() {
                    self.error(format!("cast from {from} to {target}"));
                }
                Some(*target)
            }
        }
    }

    fn binary_ty(&mut self, op: BinOp, a: &Operand, b: &Operand) -> Option<Ty> {
        let lhs = self.operand_ty(a)?;
        let rhs = self.operand_ty(b)?;
        if matches!(op, BinOp::Shl | BinOp::Shr) {
            self.expect_integer("shifted value", Some(lhs));
            self.expect_integer("shift amount", Some(rhs));
            return Some(lhs);
        }
        if lhs != rhs {
            self.error(format!("`{}` of {lhs} and {rhs}", op.name()));
        }
        if op.is_comparison() {
            return Some(Ty::Bool);
        }
        let bitwise = matches!(op, BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor);
        if !(lhs.is_integer() || bitwise && lhs == Ty::Bool) {
            self.error(format!("`{}` of {lhs}", op.name()));
        }
        Some(lhs)
    }

    fn check_statement(&mut self, kind: &StatementKind) {
        match kind {
            StatementKind::Assign(dest, rv) => {
                let dest_ty = self.local_ty(*dest);
                let value_ty = self.rvalue_ty(rv);
                if let (Some(d), Some(v)) = (dest_ty, value_ty) {
                    if d != v {
                        self.error(format!("assignment of {v} to {dest} of type {d}"));
                    }
                }
            }
            StatementKind::AssignWithOverflow {
                dest,
                overflow,
                lhs,
                rhs,
                ..
            } => {
                let ty = self.local_ty(*dest);
                self.expect_integer("checked arithmetic", ty);
                let (l, r) = (self.operand_ty(lhs), self.operand_ty(rhs));
                if let Some(ty) = ty {
                    self.expect("checked arithmetic lhs", l, ty);
                    self.expect("checked arithmetic rhs", r, ty);
                }
                let flag = self.local_ty(*overflow);
                self.expect("overflow flag", flag, Ty::Bool);
            }
            StatementKind::Print { pieces, .. } => self.check_pieces(pieces),
            StatementKind::Coverage(_) => {}
        }
    }

    fn check_pieces(&mut self, pieces: &[FmtPiece]) {
        for piece in pieces {
            if let FmtPiece::Value(op) = piece {
                if self.operand_ty(op) == Some(Ty::Unit) {
                    self.error("formatting a () value".to_string());
                }
            }
        }
    }

    fn check_terminator(&mut self, kind: &TerminatorKind) {
        match kind {
            TerminatorKind::SwitchInt { discr, .. } => {
                let ty = self.operand_ty(discr);
                if ty == Some(Ty::Unit) {
                    self.error("switch on ()".to_string());
                }
            }
            TerminatorKind::Assert { cond, .. } => {
                let ty = self.operand_ty(cond);
                self.expect("assert condition", ty, Ty::Bool);
            }
            TerminatorKind::Call {
                callee,
                args,
                dest,
                target,
            } => {
                self.check_call(*callee, args, *dest, target.is_some());
            }
            TerminatorKind::Panic { message } => self.check_pieces(message),
            TerminatorKind::Goto(_) | TerminatorKind::Return | TerminatorKind::Unreachable => {}
        }
    }

    fn check_call(&mut self, callee: Callee, args: &[Operand], dest: Local, returns: bool) {
        let (params, ret): (Vec<Ty>, Ty) = match callee {
            Callee::Function(id) => match self.program.functions.get(id.index()) {
                Some(f) => (f.args().map(|a| f.local_ty(a)).collect(), f.return_ty()),
                None => return self.error(format!("call of missing function {}", id.0)),
            },
            Callee::ProcessExit => (vec![Ty::I32], Ty::Unit),
            Callee::ArgsLen => (Vec::new(), Ty::Usize),
        };
        if callee == Callee::ProcessExit && returns {
            self.error("`process::exit` given a return block".to_string());
        }
        if args.len() != params.len() {
            return self.error(format!(
                "{} arguments given, {} expected",
                args.len(),
                params.len()
            ));
        }
        for (arg, param) in args.iter().zip(params) {
            let ty = self.operand_ty(arg);
            self.expect("argument", ty, param);
        }
        if returns {
            let ty = self.local_ty(dest);
            self.expect("call destination", ty, ret);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::add_program;
    use crate::{Constant, Operand, Rvalue, Statement, StatementKind};

    fn messages(program: &Program) -> Vec<String> {
        validate_program(program)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn well_formed_program_passes() {
        assert_eq!(messages(&add_program()), Vec::<String>::new());
    }

    #[test]
    fn missing_terminator_is_reported() {
        let mut program = add_program();
        program.functions[0].blocks[1].terminator = None;
        assert_eq!(
            messages(&program),
            ["in `add` bb1: block has no terminator"]
        );
    }

    #[test]
    fn jump_to_missing_block_is_reported() {
        let mut program = add_program();
        let term = program.functions[0].blocks[1].terminator.as_mut().unwrap();
        term.kind = TerminatorKind::Goto(BlockId(7));
        assert_eq!(
            messages(&program),
            ["in `add` bb1: jump to missing block bb7"]
        );
    }

    #[test]
    fn type_mismatch_is_reported() {
        let mut program = add_program();
        let value = Operand::Const(Constant::bool(true));
        program.functions[0].blocks[1].statements[0] = Statement::new(
            StatementKind::Assign(Local::RETURN, Rvalue::Use(value)),
            Default::default(),
        );
        assert_eq!(
            messages(&program),
            ["in `add` bb1: assignment of bool to _0 of type i32"]
        );
    }

    #[test]
    fn out_of_range_constant_is_reported() {
        let mut program = add_program();
        let value = Operand::Const(Constant::int(Ty::I32, 1 << 40));
        program.functions[0].blocks[1].statements[0] = Statement::new(
            StatementKind::Assign(Local::RETURN, Rvalue::Use(value)),
            Default::default(),
        );
        assert_eq!(
            messages(&program),
            ["in `add` bb1: constant 1099511627776 out of range for i32"]
        );
    }
}

//! The shared lowering of one IR function to Cranelift IR with a `FunctionBuilder`: locals become
//! variables, IR blocks become Cranelift blocks, statements and terminators become instructions
//! and runtime calls. It needs nothing but a `cranelift_module::Module`, so every driver (the
//! object file now, a JIT later) uses this one lowering.

use std::collections::HashMap;

use clifcov_ir::{
    print_statement, print_terminator, AssertMessage, BlockId, Callee, CoverageKind, FmtPiece,
    Function, Local, Operand, OverflowOp, Rvalue, Span, Statement, StatementKind, Stream,
    Terminator, TerminatorKind, Ty,
};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self as clif, types, Block, FuncRef, GlobalValue, Inst, InstBuilder, TrapCode, Type,
    UserFuncName, Value,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Switch, Variable};
use cranelift_module::{DataId, FuncId};

use crate::abi;
use crate::codegen::CodegenCx;
use crate::error::BackendError;
use crate::num;
use crate::pretty_clif::Annotations;

/// The trap that ends code control cannot reach: after calls that never return, and for
/// `Unreachable` terminators.
pub(crate) const UNREACHABLE_TRAP: TrapCode = TrapCode::unwrap_user(1);

/// Lowers program function `id` into `func`; returns the annotations that tie the Cranelift
/// instructions to the IR they came from.
pub(crate) fn lower_function(
    cx: &mut CodegenCx<'_>,
    id: clifcov_ir::FuncId,
    func: &mut clif::Function,
    builder_ctx: &mut FunctionBuilderContext,
) -> Result<Annotations, BackendError> {
    let program = cx.program;
    let function = program.function(id);
    let clif_id = cx.functions[id.index()];
    func.signature = abi::function_signature(function, cx.module.isa().default_call_conv());
    func.name = UserFuncName::user(0, clif_id.as_u32());
    let header = format!("fn {} (symbol {})", function.name, program.symbol(id));
    let mut fx = FunctionCx::new(
        cx,
        function,
        FunctionBuilder::new(func, builder_ctx),
        header,
    );
    fx.lower_entry();
    for block in function.block_ids() {
        fx.lower_block(block)?;
    }
    let frontend_config = fx.cx.module.target_config();
    fx.builder.seal_all_blocks();
    fx.builder.finalize(frontend_config);
    Ok(fx.annotations)
}

/// The state of lowering one function.
struct FunctionCx<'a, 'm, 'f> {
    cx: &'a mut CodegenCx<'m>,
    function: &'m Function,
    builder: FunctionBuilder<'f>,
    /// The Cranelift block of each IR block.
    blocks: Vec<Block>,
    /// The variable of each local; `None` for `()` locals.
    variables: Vec<Option<Variable>>,
    func_refs: HashMap<FuncId, FuncRef>,
    data_refs: HashMap<DataId, GlobalValue>,
    annotations: Annotations,
}

impl<'a, 'm, 'f> FunctionCx<'a, 'm, 'f> {
    fn new(
        cx: &'a mut CodegenCx<'m>,
        function: &'m Function,
        mut builder: FunctionBuilder<'f>,
        header: String,
    ) -> Self {
        let blocks = function
            .blocks
            .iter()
            .map(|_| builder.create_block())
            .collect();
        let variables = function
            .locals
            .iter()
            .map(|decl| abi::clif_type(decl.ty).map(|ty| builder.declare_var(ty)))
            .collect();
        FunctionCx {
            cx,
            function,
            builder,
            blocks,
            variables,
            func_refs: HashMap::new(),
            data_refs: HashMap::new(),
            annotations: Annotations::new(header),
        }
    }

    /// The entry block: binds the parameters to the argument locals, then jumps to `bb0`
    /// (a block of its own, since IR blocks, `bb0` included, may be jump targets).
    fn lower_entry(&mut self) {
        let entry = self.builder.create_block();
        self.builder.append_block_params_for_function_params(entry);
        self.builder.switch_to_block(entry);
        self.set_location("function entry: arguments into their locals".to_string());
        let params = self.builder.block_params(entry).to_vec();
        let arg_variables = self
            .function
            .args()
            .filter_map(|arg| self.variables[arg.index()]);
        for (variable, param) in arg_variables.zip(params) {
            self.builder.def_var(variable, param);
        }
        self.builder.ins().jump(self.blocks[0], &[]);
    }

    fn lower_block(&mut self, id: BlockId) -> Result<(), BackendError> {
        let block = self.blocks[id.index()];
        self.builder.switch_to_block(block);
        self.annotations.name_block(block, id.to_string());
        let data = self.function.block(id);
        for statement in &data.statements {
            self.lower_statement(statement)?;
        }
        match &data.terminator {
            Some(terminator) => self.lower_terminator(terminator),
            None => Err(self.malformed(format!("{id} has no terminator"))),
        }
    }

    /// Tags the instructions built from now on with `text`, for the annotated CLIF.
    fn set_location(&mut self, text: String) {
        let location = self.annotations.add_location(text);
        self.builder.set_srcloc(location);
    }

    fn lower_statement(&mut self, statement: &Statement) -> Result<(), BackendError> {
        self.set_location(print_statement(statement));
        match &statement.kind {
            StatementKind::Assign(dest, rvalue) => self.lower_assign(*dest, rvalue),
            StatementKind::AssignWithOverflow {
                dest,
                overflow,
                op,
                lhs,
                rhs,
            } => self.lower_overflowing(*dest, *overflow, *op, lhs, rhs),
            StatementKind::Print { stream, pieces } => self.print_pieces(*stream, pieces),
            StatementKind::Coverage(kind) => self.lower_coverage(*kind),
        }
    }

    /// The one place coverage statements are lowered. Span markers only guide the coverage
    /// pass and emit nothing; counter increments belong to the coverage milestone.
    fn lower_coverage(&mut self, kind: CoverageKind) -> Result<(), BackendError> {
        match kind {
            CoverageKind::SpanMarker => Ok(()),
            CoverageKind::CounterIncrement(counter) => Err(BackendError::Unsupported {
                function: self.function.name.clone(),
                message: format!(
                    "coverage counter increments (counter {counter}) are not implemented yet"
                ),
            }),
        }
    }

    fn lower_assign(&mut self, dest: Local, rvalue: &Rvalue) -> Result<(), BackendError> {
        if self.variables[dest.index()].is_none() {
            return Ok(());
        }
        let value = self.lower_rvalue(rvalue)?;
        self.assign(dest, value)
    }

    fn lower_rvalue(&mut self, rvalue: &Rvalue) -> Result<Value, BackendError> {
        match rvalue {
            Rvalue::Use(operand) => self.value(operand),
            Rvalue::BinaryOp(op, lhs, rhs) => {
                let signed = self.operand_ty(lhs).is_signed();
                let (lhs, rhs) = (self.value(lhs)?, self.value(rhs)?);
                Ok(num::binary_op(&mut self.builder, *op, signed, lhs, rhs))
            }
            Rvalue::UnaryOp(op, operand) => {
                let ty = self.operand_ty(operand);
                let value = self.value(operand)?;
                Ok(num::unary_op(&mut self.builder, *op, ty, value))
            }
            Rvalue::Cast(operand, to) => {
                let from = self.operand_ty(operand);
                let value = self.value(operand)?;
                let to = self.value_type(*to)?;
                Ok(num::cast(&mut self.builder, value, from.is_signed(), to))
            }
        }
    }

    fn lower_overflowing(
        &mut self,
        dest: Local,
        overflow: Local,
        op: OverflowOp,
        lhs: &Operand,
        rhs: &Operand,
    ) -> Result<(), BackendError> {
        let signed = self.operand_ty(lhs).is_signed();
        let (lhs, rhs) = (self.value(lhs)?, self.value(rhs)?);
        let (result, overflowed) = num::overflowing_op(&mut self.builder, op, signed, lhs, rhs);
        self.assign(dest, result)?;
        self.assign(overflow, overflowed)
    }

    fn lower_terminator(&mut self, terminator: &Terminator) -> Result<(), BackendError> {
        self.set_location(print_terminator(self.cx.program, terminator));
        match &terminator.kind {
            TerminatorKind::Goto(target) => {
                self.builder.ins().jump(self.blocks[target.index()], &[]);
                Ok(())
            }
            TerminatorKind::SwitchInt {
                discr,
                targets,
                otherwise,
            } => self.lower_switch(discr, targets, *otherwise),
            TerminatorKind::Call {
                callee,
                args,
                dest,
                target,
            } => self.lower_call(*callee, args, *dest, *target),
            TerminatorKind::Return => {
                self.lower_return();
                Ok(())
            }
            TerminatorKind::Assert {
                cond,
                expected,
                msg,
                target,
            } => self.lower_assert(cond, *expected, *msg, *target, terminator.span),
            TerminatorKind::Panic { message } => self.lower_panic(terminator.span, message),
            TerminatorKind::Unreachable => {
                self.builder.ins().trap(UNREACHABLE_TRAP);
                Ok(())
            }
        }
    }

    fn lower_switch(
        &mut self,
        discr: &Operand,
        targets: &[(u128, BlockId)],
        otherwise: BlockId,
    ) -> Result<(), BackendError> {
        let ty = self.operand_ty(discr);
        self.check_switch_values(ty, targets)?;
        let value = self.value(discr)?;
        let otherwise = self.blocks[otherwise.index()];
        match targets {
            [] => {
                self.builder.ins().jump(otherwise, &[]);
            }
            [(case, target)] => {
                let target = self.blocks[target.index()];
                self.branch_on_case(value, ty, *case, target, otherwise);
            }
            _ => {
                let mut switch = Switch::new();
                for (case, target) in targets {
                    switch.set_entry(*case, self.blocks[target.index()]);
                }
                switch.emit(&mut self.builder, value, otherwise);
            }
        }
        Ok(())
    }

    /// `Switch` demands distinct case values that fit the discriminant's type.
    fn check_switch_values(&self, ty: Ty, targets: &[(u128, BlockId)]) -> Result<(), BackendError> {
        let max = u128::MAX >> (128 - ty.bits().max(1));
        let mut seen = std::collections::HashSet::new();
        for (case, _) in targets {
            if *case > max {
                return Err(self.malformed(format!("switch case {case} does not fit {ty}")));
            }
            if !seen.insert(*case) {
                return Err(self.malformed(format!("switch case {case} appears twice")));
            }
        }
        Ok(())
    }

    /// A two-way switch: one `brif`, testing a `bool` directly.
    fn branch_on_case(
        &mut self,
        value: Value,
        ty: Ty,
        case: u128,
        target: Block,
        otherwise: Block,
    ) {
        if target == otherwise {
            self.builder.ins().jump(target, &[]);
        } else if case == 0 {
            self.builder.ins().brif(value, otherwise, &[], target, &[]);
        } else if ty == Ty::Bool {
            self.builder.ins().brif(value, target, &[], otherwise, &[]);
        } else {
            let value_type = self.builder.func.dfg.value_type(value);
            let case = num::constant(&mut self.builder, value_type, case as i128);
            let is_case = self.builder.ins().icmp(IntCC::Equal, value, case);
            self.builder
                .ins()
                .brif(is_case, target, &[], otherwise, &[]);
        }
    }

    fn lower_call(
        &mut self,
        callee: Callee,
        args: &[Operand],
        dest: Local,
        target: Option<BlockId>,
    ) -> Result<(), BackendError> {
        let result = match callee {
            Callee::Function(id) => {
                let values = self.argument_values(args)?;
                let inst = self.call(self.cx.functions[id.index()], &values);
                self.builder.inst_results(inst).first().copied()
            }
            Callee::ProcessExit => {
                let values = self.argument_values(args)?;
                self.call(self.cx.runtime.exit, &values);
                None
            }
            Callee::ArgsLen => {
                let inst = self.call(self.cx.runtime.args_len, &[]);
                self.builder.inst_results(inst).first().copied()
            }
        };
        let Some(target) = target else {
            self.builder.ins().trap(UNREACHABLE_TRAP);
            return Ok(());
        };
        if let Some(value) = result {
            if self.variables[dest.index()].is_some() {
                self.assign(dest, value)?;
            }
        }
        self.builder.ins().jump(self.blocks[target.index()], &[]);
        Ok(())
    }

    /// The values of the non-unit arguments of a call, in order.
    fn argument_values(&mut self, args: &[Operand]) -> Result<Vec<Value>, BackendError> {
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            if self.operand_ty(arg) != Ty::Unit {
                values.push(self.value(arg)?);
            }
        }
        Ok(values)
    }

    fn lower_return(&mut self) {
        match self.variables[Local::RETURN.index()] {
            Some(variable) => {
                let value = self.builder.use_var(variable);
                self.builder.ins().return_(&[value]);
            }
            None => {
                self.builder.ins().return_(&[]);
            }
        }
    }

    fn lower_assert(
        &mut self,
        cond: &Operand,
        expected: bool,
        msg: AssertMessage,
        target: BlockId,
        span: Span,
    ) -> Result<(), BackendError> {
        let cond = self.value(cond)?;
        let ok = self.blocks[target.index()];
        let failed = self.builder.create_block();
        self.builder.set_cold_block(failed);
        if expected {
            self.builder.ins().brif(cond, ok, &[], failed, &[]);
        } else {
            self.builder.ins().brif(cond, failed, &[], ok, &[]);
        }
        self.builder.switch_to_block(failed);
        self.begin_panic(span)?;
        self.print_str(Stream::Stderr, msg.text())?;
        self.end_panic();
        Ok(())
    }

    fn lower_panic(&mut self, span: Span, message: &[FmtPiece]) -> Result<(), BackendError> {
        self.begin_panic(span)?;
        self.print_pieces(Stream::Stderr, message)?;
        self.end_panic();
        Ok(())
    }

    /// `clifcov_rt_panic_begin(file, len, line, col)` with the span's start.
    fn begin_panic(&mut self, span: Span) -> Result<(), BackendError> {
        let program = self.cx.program;
        let (file, file_len) = self.string(&program.source_path)?;
        let line = num::constant(&mut self.builder, types::I32, span.lo.line.into());
        let col = num::constant(&mut self.builder, types::I32, span.lo.col.into());
        self.call(self.cx.runtime.panic_begin, &[file, file_len, line, col]);
        Ok(())
    }

    /// `clifcov_rt_panic_end()`, which never returns.
    fn end_panic(&mut self) {
        self.call(self.cx.runtime.panic_end, &[]);
        self.builder.ins().trap(UNREACHABLE_TRAP);
    }

    fn print_pieces(&mut self, stream: Stream, pieces: &[FmtPiece]) -> Result<(), BackendError> {
        for piece in pieces {
            match piece {
                FmtPiece::Str(text) => self.print_str(stream, text)?,
                FmtPiece::Value(operand) => self.print_value(stream, operand)?,
            }
        }
        Ok(())
    }

    fn print_str(&mut self, stream: Stream, text: &str) -> Result<(), BackendError> {
        if text.is_empty() {
            return Ok(());
        }
        let stream = self.stream_value(stream);
        let (ptr, len) = self.string(text)?;
        self.call(self.cx.runtime.print_str, &[stream, ptr, len]);
        Ok(())
    }

    /// Prints a scalar with the runtime function for its kind, widened to 64 bits by its
    /// signedness.
    fn print_value(&mut self, stream: Stream, operand: &Operand) -> Result<(), BackendError> {
        let ty = self.operand_ty(operand);
        let value = self.value(operand)?;
        let stream = self.stream_value(stream);
        let runtime = &self.cx.runtime;
        let function = match ty {
            Ty::Bool => runtime.print_bool,
            ty if ty.is_signed() => runtime.print_i64,
            _ => runtime.print_u64,
        };
        let value = match ty {
            Ty::Bool => value,
            _ => num::cast(&mut self.builder, value, ty.is_signed(), types::I64),
        };
        self.call(function, &[stream, value]);
        Ok(())
    }

    fn stream_value(&mut self, stream: Stream) -> Value {
        let code = match stream {
            Stream::Stdout => 1,
            Stream::Stderr => 2,
        };
        num::constant(&mut self.builder, types::I32, code)
    }

    /// The address and length of a string literal in read-only data.
    fn string(&mut self, text: &str) -> Result<(Value, Value), BackendError> {
        let data = self.cx.strings.data_id(&mut *self.cx.module, text)?;
        let global = match self.data_refs.get(&data) {
            Some(global) => *global,
            None => {
                let global = self.cx.module.declare_data_in_func(data, self.builder.func);
                self.data_refs.insert(data, global);
                global
            }
        };
        let pointer = self.cx.module.target_config().pointer_type();
        let address = self.builder.ins().symbol_value(pointer, global);
        let len = num::constant(&mut self.builder, pointer, text.len() as i128);
        Ok((address, len))
    }

    fn call(&mut self, callee: FuncId, args: &[Value]) -> Inst {
        let func_ref = match self.func_refs.get(&callee) {
            Some(func_ref) => *func_ref,
            None => {
                let func_ref = self
                    .cx
                    .module
                    .declare_func_in_func(callee, self.builder.func);
                self.func_refs.insert(callee, func_ref);
                func_ref
            }
        };
        self.builder.ins().call(func_ref, args)
    }

    fn operand_ty(&self, operand: &Operand) -> Ty {
        match operand {
            Operand::Copy(local) => self.function.local_ty(*local),
            Operand::Const(constant) => constant.ty,
        }
    }

    /// The value of a non-unit operand.
    fn value(&mut self, operand: &Operand) -> Result<Value, BackendError> {
        match operand {
            Operand::Copy(local) => {
                let variable = self.variable(*local)?;
                Ok(self.builder.use_var(variable))
            }
            Operand::Const(constant) => {
                let ty = self.value_type(constant.ty)?;
                Ok(num::constant(&mut self.builder, ty, constant.value))
            }
        }
    }

    fn assign(&mut self, local: Local, value: Value) -> Result<(), BackendError> {
        let variable = self.variable(local)?;
        self.builder.def_var(variable, value);
        Ok(())
    }

    fn variable(&self, local: Local) -> Result<Variable, BackendError> {
        self.variables[local.index()]
            .ok_or_else(|| self.malformed(format!("the () local {local} used as a value")))
    }

    fn value_type(&self, ty: Ty) -> Result<Type, BackendError> {
        abi::clif_type(ty).ok_or_else(|| self.malformed("a () value used as a scalar".to_string()))
    }

    fn malformed(&self, message: String) -> BackendError {
        BackendError::Malformed {
            function: self.function.name.clone(),
            message,
        }
    }
}

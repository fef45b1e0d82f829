//! The shared lowering of one IR function to Cranelift IR with a `FunctionBuilder`: locals become
//! variables, IR blocks become Cranelift blocks, statements and terminators become instructions
//! and runtime calls. It needs nothing but a `cranelift_module::Module`, so every driver (the
//! object file now, a JIT later) uses this one lowering.

use std::collections::{HashMap, HashSet};

use clifcov_ir::{
    print_statement, print_terminator, AssertMessage, BlockId, Callee, CoverageKind, FmtPiece,
    Function, Local, Operand, OverflowOp, Rvalue, Span, Statement, StatementKind, Stream,
    Terminator, TerminatorKind, Ty,
};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self as clif, types, AtomicRmwOp, Block, FuncRef, GlobalValue, Inst, InstBuilder, MemFlagsData,
    StackSlot, StackSlotData, StackSlotKind, TrapCode, Type, UserFuncName, Value,
};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Switch, Variable};
use cranelift_module::{DataId, FuncId};

use crate::abi;
use crate::block_order::BlockOrder;
use crate::check_traps::{CheckSite, FunctionChecks};
use crate::codegen::CodegenCx;
use crate::direct_locals::direct_locals;
use crate::error::BackendError;
use crate::known_values::KnownValues;
use crate::loop_counters::LoopCounters;
use crate::num;
use crate::options::CounterMode;
use crate::panic_locations::assert_message_number;
use crate::pretty_clif::Annotations;
use crate::profile_counters::FunctionCounters;
use crate::return_blocks::ReturnBlocks;

/// The trap that ends code control cannot reach: after calls that never return, and for
/// `Unreachable` terminators.
pub(crate) const UNREACHABLE_TRAP: TrapCode = TrapCode::unwrap_user(1);

/// Lowers program function `id` into `func`; returns the annotations that tie the Cranelift
/// instructions to the IR they came from, and the checks lowered to traps.
pub(crate) fn lower_function(
    cx: &CodegenCx<'_>,
    id: clifcov_ir::FuncId,
    func: &mut clif::Function,
    builder_ctx: &mut FunctionBuilderContext,
) -> Result<(Annotations, FunctionChecks), BackendError> {
    let program = cx.program;
    let function = program.function(id);
    let clif_id = cx.declared.functions[id.index()];
    func.signature = abi::function_signature(function, cx.isa.default_call_conv());
    func.name = UserFuncName::user(0, clif_id.as_u32());
    let header = || format!("fn {} (symbol {})", function.name, program.symbol(id));
    let annotations = Annotations::new(cx.declared.annotate, header);
    let builder = FunctionBuilder::new(func, builder_ctx);
    let mut fx = FunctionCx::new(cx, id, builder, annotations);
    fx.lower_entry()?;
    let order = fx.order.blocks().to_vec();
    for block in order {
        if !fx.merged[block.index()] && !fx.returns.replaced(block) {
            fx.lower_block(block)?;
        }
    }
    let frontend_config = fx.cx.isa.frontend_config();
    fx.builder.seal_all_blocks();
    fx.builder.finalize(frontend_config);
    Ok((fx.annotations, fx.checks))
}

/// What a function's counter increments use, computed once in its entry block.
#[derive(Clone, Copy)]
struct CounterAccess {
    counters: FunctionCounters,
    /// The address of the program's block of counters.
    base: Value,
    update: CounterUpdate,
}

/// How an increment updates its counter. Cranelift folds a shared constant into each
/// increment's instruction, so it takes no register; an atomic add needs its operand in a
/// register, so atomic increments make their own.
#[derive(Clone, Copy)]
enum CounterUpdate {
    /// Load, add this constant 1, store.
    Add(Value),
    /// Add 1 atomically.
    AtomicAdd,
    /// Store this byte 0.
    Store(Value),
}

/// Where the value of a local lives while its function is lowered.
enum LocalSlot {
    /// A `()` local: no value.
    Unit,
    /// Assigned once, before every read (`direct_locals`): the value itself, once lowered.
    Direct(Option<Value>),
    /// Anything else: a Cranelift variable, which the SSA builder resolves.
    Variable(Variable),
}

/// The state of lowering one function.
struct FunctionCx<'a, 'm, 'f> {
    cx: &'a CodegenCx<'m>,
    function: &'m Function,
    builder: FunctionBuilder<'f>,
    /// The entry block, which binds the parameters.
    entry: Block,
    /// The Cranelift block of each IR block that has one (`block_of`).
    blocks: Vec<Option<Block>>,
    /// Where the value of each local lives.
    locals: Vec<LocalSlot>,
    /// The values known before run time, and the direct locals nothing reads.
    known: KnownValues,
    /// The blocks lowered into the Cranelift block of the block before them.
    merged: Vec<bool>,
    /// The order the blocks are lowered in.
    order: BlockOrder,
    /// The blocks that only return, which the blocks falling into them replace.
    returns: ReturnBlocks,
    func_refs: HashMap<FuncId, FuncRef>,
    /// The global value of each data object used.
    data_refs: HashMap<DataId, GlobalValue>,
    /// The function's coverage counters, if it is instrumented.
    counters: Option<FunctionCounters>,
    /// What its counter increments use, computed in the entry block.
    counter_access: Option<CounterAccess>,
    /// The call-free loops whose counters count on the stack (none without promotion).
    loops: LoopCounters,
    /// The stack slot counting each counter of each loop, in `loops.counters(loop)` order.
    loop_slots: Vec<Vec<StackSlot>>,
    /// The checks lowered to traps, by trap code.
    checks: FunctionChecks,
    /// The IR block being lowered.
    current: BlockId,
    /// The blocks on the edges of the current block's terminator that leave its loop, not
    /// yet filled: each with its loop and the block it continues to.
    loop_exits: Vec<(Block, usize, Block)>,
    annotations: Annotations,
}

impl<'a, 'm, 'f> FunctionCx<'a, 'm, 'f> {
    fn new(
        cx: &'a CodegenCx<'m>,
        id: clifcov_ir::FuncId,
        mut builder: FunctionBuilder<'f>,
        annotations: Annotations,
    ) -> Self {
        let function = cx.program.function(id);
        let counters = cx.declared.counters.of(id);
        let entry = builder.create_block();
        let blocks = vec![None; function.blocks.len()];
        let loops = match counters {
            Some(_) if cx.declared.promote_loop_counters => LoopCounters::of(function),
            _ => LoopCounters::default(),
        };
        let count_slot = StackSlotData::new(StackSlotKind::ExplicitSlot, 8, 3);
        let loop_slots = (0..loops.len())
            .map(|number| {
                let counters = loops.counters(number);
                let slot = |_| builder.create_sized_stack_slot(count_slot.clone());
                counters.iter().map(slot).collect()
            })
            .collect();
        let order = BlockOrder::of(function);
        let returns = ReturnBlocks::of(function, &loops);
        let direct = direct_locals(function, &order);
        let known = KnownValues::of(function, &direct, &order);
        let locals = function
            .locals
            .iter()
            .zip(direct)
            .map(|(decl, direct)| match abi::clif_type(decl.ty) {
                None => LocalSlot::Unit,
                Some(_) if direct => LocalSlot::Direct(None),
                Some(ty) => LocalSlot::Variable(builder.declare_var(ty)),
            })
            .collect();
        FunctionCx {
            cx,
            function,
            builder,
            entry,
            blocks,
            locals,
            known,
            merged: vec![false; function.blocks.len()],
            order,
            returns,
            func_refs: HashMap::new(),
            data_refs: HashMap::new(),
            counters,
            counter_access: None,
            loops,
            loop_slots,
            checks: FunctionChecks::default(),
            current: BlockId(0),
            loop_exits: Vec::new(),
            annotations,
        }
    }

    /// The entry block: binds the parameters to the argument locals, then continues with
    /// `bb0` when no block jumps to it, and jumps to `bb0`'s own block otherwise.
    fn lower_entry(&mut self) -> Result<(), BackendError> {
        let entry = self.entry;
        self.builder.append_block_params_for_function_params(entry);
        self.builder.switch_to_block(entry);
        self.builder.seal_block(entry);
        if let Some(counters) = self.counters {
            self.set_location(|| "entry: the address of the counters".to_string());
            self.counter_access = Some(self.counter_access(counters));
        }
        self.set_location(|| "entry: the arguments into their locals, then bb0".to_string());
        let params = self.builder.block_params(entry).to_vec();
        let arg_variables: Vec<Variable> = self
            .function
            .args()
            .filter_map(|arg| match self.locals[arg.index()] {
                LocalSlot::Variable(variable) => Some(variable),
                _ => None,
            })
            .collect();
        for (variable, param) in arg_variables.into_iter().zip(params) {
            self.builder.def_var(variable, param);
        }
        self.start_loop_counts(None, [BlockId(0)]);
        if self.order.bb0_follows_entry() {
            self.merged[0] = true;
            self.annotations
                .name_block(entry, || BlockId(0).to_string());
            return self.lower_chain(BlockId(0));
        }
        let block = self.block_of(BlockId(0));
        self.builder.ins().jump(block, &[]);
        Ok(())
    }

    /// The Cranelift block of IR block `id`, created when first asked for: most IR blocks
    /// continue the block before them (`continues_into`) and need none of their own.
    fn block_of(&mut self, id: BlockId) -> Block {
        let slot = &mut self.blocks[id.index()];
        *slot.get_or_insert_with(|| self.builder.create_block())
    }

    /// The address of the block of counters and the way to update them, for every
    /// increment of the function to reuse: fewer instructions for Cranelift to compile.
    fn counter_access(&mut self, counters: FunctionCounters) -> CounterAccess {
        let base = self.data_address(counters.data);
        let update = match self.cx.declared.counter_mode {
            CounterMode::Plain => CounterUpdate::Add(self.builder.ins().iconst(types::I64, 1)),
            CounterMode::Atomic => CounterUpdate::AtomicAdd,
            CounterMode::Byte => CounterUpdate::Store(self.builder.ins().iconst(types::I8, 0)),
        };
        CounterAccess {
            counters,
            base,
            update,
        }
    }

    /// Lowers IR block `id`, and the blocks after it that only it continues to, into its
    /// Cranelift block.
    fn lower_block(&mut self, id: BlockId) -> Result<(), BackendError> {
        let block = self.block_of(id);
        self.builder.switch_to_block(block);
        if self.order.entered_forward(id) {
            self.builder.seal_block(block);
        }
        self.annotations.name_block(block, || id.to_string());
        self.lower_chain(id)
    }

    /// Lowers IR block `id`, and the blocks after it that only it continues to, into the
    /// current Cranelift block.
    fn lower_chain(&mut self, mut id: BlockId) -> Result<(), BackendError> {
        loop {
            self.current = id;
            let data = self.function.block(id);
            for statement in &data.statements {
                self.lower_statement(statement)?;
            }
            let Some(terminator) = &data.terminator else {
                return Err(self.malformed(format!("{id} has no terminator")));
            };
            let current_loop = self.loops.loop_of(id);
            self.start_loop_counts(current_loop, terminator.kind.successors());
            match self.lower_terminator(terminator)? {
                Some(next) if self.continues_into(id, next) => {
                    self.merged[next.index()] = true;
                    id = next;
                }
                Some(next) if self.returns.returns_in_place(&self.loops, id, next) => {
                    self.lower_terminator(self.function.block(next).terminator())?;
                    break;
                }
                Some(next) => {
                    let target = self.jump_target(next);
                    self.builder.ins().jump(target, &[]);
                    break;
                }
                None => break,
            }
        }
        self.lower_loop_exits();
        Ok(())
    }

    /// Whether control that goes from block `from` to `next` can stay in the same
    /// Cranelift block: `next` falls out of `from` in the lowering order (which
    /// `direct_locals` relies on) and is in the same loop (no counts to start or add on the
    /// edge).
    fn continues_into(&self, from: BlockId, next: BlockId) -> bool {
        self.order.falls_into(from, next) && self.loops.loop_of(from) == self.loops.loop_of(next)
    }

    /// Sets the counts of every loop that control enters on an edge to one of `successors`
    /// from outside it (from loop `from`, or none) to zero.
    fn start_loop_counts(
        &mut self,
        from: Option<usize>,
        successors: impl IntoIterator<Item = BlockId>,
    ) {
        let mut entered: Vec<usize> = successors
            .into_iter()
            .filter_map(|successor| self.loops.loop_of(successor))
            .filter(|&number| Some(number) != from)
            .collect();
        entered.sort_unstable();
        entered.dedup();
        if entered.is_empty() {
            return;
        }
        self.set_location(|| "entering a loop: its counts start at zero".to_string());
        let zero = self.builder.ins().iconst(types::I64, 0);
        for number in entered {
            for index in 0..self.loop_slots[number].len() {
                let slot = self.loop_slots[number][index];
                self.builder.ins().stack_store(types::I64, zero, slot, 0);
            }
        }
    }

    /// The block a terminator of the current block jumps to for IR block `target`: its own,
    /// or, on an edge that leaves the current block's loop, one that first adds the loop's
    /// counts to its counters (filled by `lower_loop_exits`).
    fn jump_target(&mut self, target: BlockId) -> Block {
        let block = self.block_of(target);
        let Some(number) = self.loops.loop_of(self.current) else {
            return block;
        };
        if self.loops.loop_of(target) == Some(number) {
            return block;
        }
        if let Some(&(exit, _, _)) = self.loop_exits.iter().find(|e| e.2 == block) {
            return exit;
        }
        let exit = self.builder.create_block();
        self.loop_exits.push((exit, number, block));
        exit
    }

    /// Fills the blocks on the edges that leave the current block's loop.
    fn lower_loop_exits(&mut self) {
        for (exit, number, target) in std::mem::take(&mut self.loop_exits) {
            self.builder.switch_to_block(exit);
            self.set_location(|| "leaving a loop: its counts into their counters".to_string());
            self.add_loop_counts(number);
            self.builder.ins().jump(target, &[]);
        }
    }

    /// Adds the counts of loop `number` to their counters.
    fn add_loop_counts(&mut self, number: usize) {
        let Some(access) = self.counter_access else {
            return;
        };
        for index in 0..self.loop_slots[number].len() {
            let counter = self.loops.counters(number)[index];
            let slot = self.loop_slots[number][index];
            let count = self
                .builder
                .ins()
                .stack_load(types::I64, types::I64, slot, 0);
            self.add_to_counter(access, counter, count);
        }
    }

    /// The stack slot counting `counter` in the current block's loop, if it is in one.
    fn loop_slot(&self, counter: u32) -> Option<StackSlot> {
        let number = self.loops.loop_of(self.current)?;
        let index = self
            .loops
            .counters(number)
            .iter()
            .position(|&c| c == counter)?;
        Some(self.loop_slots[number][index])
    }

    /// Tags the instructions built from now on with the text `describe` gives, for the
    /// annotated CLIF.
    fn set_location(&mut self, describe: impl FnOnce() -> String) {
        let location = self.annotations.add_location(describe);
        self.builder.set_srcloc(location);
    }

    fn lower_statement(&mut self, statement: &Statement) -> Result<(), BackendError> {
        self.set_location(|| print_statement(statement));
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
    /// pass and emit nothing; `CounterIncrement(id)` adds one to counter `id` of the
    /// function's counters, in the program's block of counters, plainly (load, add, store)
    /// or atomically, or, with single-byte counters, stores 0 in byte `id` ("this block
    /// ran"). In a call-free loop, atomic increments add one to the loop's count of the
    /// counter instead (`loop_counters`).
    fn lower_coverage(&mut self, kind: CoverageKind) -> Result<(), BackendError> {
        let CoverageKind::CounterIncrement(counter) = kind else {
            return Ok(());
        };
        let access = self.counter_access.ok_or_else(|| {
            self.malformed(format!(
                "counter {counter} is incremented, but the function has no coverage counters"
            ))
        })?;
        let counters = access.counters;
        if counter >= counters.len {
            return Err(self.malformed(format!(
                "counter {counter} is incremented, but the function has {} counters",
                counters.len
            )));
        }
        if let Some(slot) = self.loop_slot(counter) {
            let count = self
                .builder
                .ins()
                .stack_load(types::I64, types::I64, slot, 0);
            let count = self.builder.ins().iadd_imm_s(count, 1);
            self.builder.ins().stack_store(types::I64, count, slot, 0);
            return Ok(());
        }
        match access.update {
            CounterUpdate::Add(one) => self.add_to_counter(access, counter, one),
            CounterUpdate::AtomicAdd => {
                let one = self.builder.ins().iconst(types::I64, 1);
                self.add_to_counter(access, counter, one);
            }
            CounterUpdate::Store(covered) => {
                let offset = self.counter_offset(access, counter);
                let flags = MemFlagsData::trusted();
                self.builder
                    .ins()
                    .store(flags, covered, access.base, offset);
            }
        }
        Ok(())
    }

    /// The offset of `counter` from the address of the block of counters.
    fn counter_offset(&self, access: CounterAccess, counter: u32) -> i32 {
        let counter_size = self.cx.declared.counter_mode.counter_size();
        (access.counters.offset + counter * counter_size) as i32
    }

    /// Adds `amount` to `counter` in memory: plainly (load, add, store) or atomically.
    fn add_to_counter(&mut self, access: CounterAccess, counter: u32, amount: Value) {
        let offset = self.counter_offset(access, counter);
        let flags = MemFlagsData::trusted();
        let base = access.base;
        if let CounterUpdate::AtomicAdd = access.update {
            let address = self.builder.ins().iadd_imm_s(base, i64::from(offset));
            self.builder
                .ins()
                .atomic_rmw(types::I64, flags, AtomicRmwOp::Add, address, amount);
        } else {
            let count = self.builder.ins().load(types::I64, flags, base, offset);
            let count = self.builder.ins().iadd(count, amount);
            self.builder.ins().store(flags, count, base, offset);
        }
    }

    fn lower_assign(&mut self, dest: Local, rvalue: &Rvalue) -> Result<(), BackendError> {
        let unread = self.known.local(dest).is_some() || !self.known.is_read(dest);
        match self.locals[dest.index()] {
            LocalSlot::Unit => return Ok(()),
            LocalSlot::Direct(_) if unread => return Ok(()),
            _ => {}
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

    /// Lowers the terminator; returns the block control goes on to when the terminator
    /// does not branch itself (a goto, a call, an assertion known to pass or compiled to a
    /// trap), for the caller to jump to or continue into.
    fn lower_terminator(
        &mut self,
        terminator: &Terminator,
    ) -> Result<Option<BlockId>, BackendError> {
        let program = self.cx.program;
        self.set_location(|| print_terminator(program, terminator));
        match &terminator.kind {
            TerminatorKind::Goto(target) => Ok(Some(*target)),
            TerminatorKind::SwitchInt {
                discr,
                targets,
                otherwise,
            } => self.lower_switch(discr, targets, *otherwise).map(|()| None),
            TerminatorKind::Call {
                callee,
                args,
                dest,
                target,
            } => self.lower_call(*callee, args, *dest, *target),
            TerminatorKind::Return => self.lower_return().map(|()| None),
            TerminatorKind::Assert {
                cond,
                expected,
                msg,
                target,
            } => self.lower_assert(cond, *expected, *msg, *target, terminator.span),
            TerminatorKind::Panic { message } => {
                self.lower_panic(terminator.span, message).map(|()| None)
            }
            TerminatorKind::Unreachable => {
                self.builder.ins().trap(UNREACHABLE_TRAP);
                Ok(None)
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
        let otherwise = self.jump_target(otherwise);
        match targets {
            [] => {
                self.builder.ins().jump(otherwise, &[]);
            }
            [(case, target)] => {
                let target = self.jump_target(*target);
                self.branch_on_case(value, ty, *case, target, otherwise);
            }
            _ => {
                let mut switch = Switch::new();
                for (case, target) in targets {
                    switch.set_entry(*case, self.jump_target(*target));
                }
                switch.emit(&mut self.builder, value, otherwise);
            }
        }
        Ok(())
    }

    /// `Switch` demands distinct case values that fit the discriminant's type.
    fn check_switch_values(&self, ty: Ty, targets: &[(u128, BlockId)]) -> Result<(), BackendError> {
        let max = u128::MAX >> (128 - ty.bits().max(1));
        let mut seen = HashSet::new();
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
    ) -> Result<Option<BlockId>, BackendError> {
        let result = match callee {
            Callee::Function(id) => {
                let values = self.argument_values(args)?;
                let inst = self.call(self.cx.declared.functions[id.index()], &values);
                self.builder.inst_results(inst).first().copied()
            }
            Callee::ProcessExit => {
                let values = self.argument_values(args)?;
                self.call(self.cx.declared.runtime.exit, &values);
                None
            }
            Callee::ArgsLen => {
                let inst = self.call(self.cx.declared.runtime.args_len, &[]);
                self.builder.inst_results(inst).first().copied()
            }
        };
        let Some(target) = target else {
            self.builder.ins().trap(UNREACHABLE_TRAP);
            return Ok(None);
        };
        if let Some(value) = result {
            if !matches!(self.locals[dest.index()], LocalSlot::Unit) {
                self.assign(dest, value)?;
            }
        }
        Ok(Some(target))
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

    fn lower_return(&mut self) -> Result<(), BackendError> {
        let values = match self.locals[Local::RETURN.index()] {
            LocalSlot::Unit => Vec::new(),
            _ => vec![self.local_value(Local::RETURN)?],
        };
        self.builder.ins().return_(&values);
        Ok(())
    }

    fn lower_assert(
        &mut self,
        cond: &Operand,
        expected: bool,
        msg: AssertMessage,
        target: BlockId,
        span: Span,
    ) -> Result<Option<BlockId>, BackendError> {
        if self.known.operand(cond) == Some(i128::from(expected)) {
            return Ok(Some(target));
        }
        let cond = self.value(cond)?;
        let (table, location) = self
            .cx
            .declared
            .locations
            .defined(span.lo.line, span.lo.col)?;
        let message = assert_message_number(msg);
        if let Some(code) = self.check_trap(CheckSite { message, location }) {
            if expected {
                self.builder.ins().trapz(cond, code);
            } else {
                self.builder.ins().trapnz(cond, code);
            }
            return Ok(Some(target));
        }
        let ok = self.jump_target(target);
        let failed = self.builder.create_block();
        self.builder.set_cold_block(failed);
        if expected {
            self.builder.ins().brif(cond, ok, &[], failed, &[]);
        } else {
            self.builder.ins().brif(cond, failed, &[], ok, &[]);
        }
        self.builder.switch_to_block(failed);
        if let Some(number) = self.loops.loop_of(self.current) {
            self.add_loop_counts(number);
        }
        let message = num::constant(&mut self.builder, types::I32, message.into());
        let table = self.data_address(table);
        let location = num::constant(&mut self.builder, types::I32, location.into());
        self.call(
            self.cx.declared.runtime.panic_assert,
            &[message, table, location],
        );
        self.builder.ins().trap(UNREACHABLE_TRAP);
        Ok(None)
    }

    /// The trap code of a check at `site`, if it becomes a trap: in an executable, outside
    /// the loops whose counts must be added to their counters before a panic, and while the
    /// function has codes left.
    fn check_trap(&mut self, site: CheckSite) -> Option<TrapCode> {
        self.cx.declared.check_traps?;
        if self.loops.loop_of(self.current).is_some() {
            return None;
        }
        self.checks.add(site)
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
        self.call(
            self.cx.declared.runtime.panic_begin,
            &[file, file_len, line, col],
        );
        Ok(())
    }

    /// `clifcov_rt_panic_end()`, which never returns.
    fn end_panic(&mut self) {
        self.call(self.cx.declared.runtime.panic_end, &[]);
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
        self.call(self.cx.declared.runtime.print_str, &[stream, ptr, len]);
        Ok(())
    }

    /// Prints a scalar with the runtime function for its kind, widened to 64 bits by its
    /// signedness.
    fn print_value(&mut self, stream: Stream, operand: &Operand) -> Result<(), BackendError> {
        let ty = self.operand_ty(operand);
        let value = self.value(operand)?;
        let stream = self.stream_value(stream);
        let runtime = &self.cx.declared.runtime;
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
        let data = self.cx.declared.strings.defined(text)?;
        let address = self.data_address(data);
        let pointer = self.cx.isa.pointer_type();
        let len = num::constant(&mut self.builder, pointer, text.len() as i128);
        Ok((address, len))
    }

    /// The address of a data object.
    fn data_address(&mut self, data: DataId) -> Value {
        let global = match self.data_refs.get(&data) {
            Some(global) => *global,
            None => {
                let global = self.cx.import_data(data, self.builder.func);
                self.data_refs.insert(data, global);
                global
            }
        };
        let pointer = self.cx.isa.pointer_type();
        self.builder.ins().symbol_value(pointer, global)
    }

    fn call(&mut self, callee: FuncId, args: &[Value]) -> Inst {
        let func_ref = match self.func_refs.get(&callee) {
            Some(func_ref) => *func_ref,
            None => {
                let func_ref = self.cx.import_function(callee, self.builder.func);
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
            Operand::Copy(local) => self.local_value(*local),
            Operand::Const(constant) => {
                let ty = self.value_type(constant.ty)?;
                Ok(num::constant(&mut self.builder, ty, constant.value()))
            }
        }
    }

    fn assign(&mut self, local: Local, value: Value) -> Result<(), BackendError> {
        match &mut self.locals[local.index()] {
            LocalSlot::Variable(variable) => self.builder.def_var(*variable, value),
            LocalSlot::Direct(slot) => *slot = Some(value),
            LocalSlot::Unit => return Err(self.unit_as_value(local)),
        }
        Ok(())
    }

    fn local_value(&mut self, local: Local) -> Result<Value, BackendError> {
        if let Some(value) = self.known.local(local) {
            let ty = self.value_type(self.function.local_ty(local))?;
            return Ok(num::constant(&mut self.builder, ty, value));
        }
        match self.locals[local.index()] {
            LocalSlot::Variable(variable) => Ok(self.builder.use_var(variable)),
            LocalSlot::Direct(Some(value)) => Ok(value),
            LocalSlot::Direct(None) => {
                Err(self.malformed(format!("the local {local} read before its assignment")))
            }
            LocalSlot::Unit => Err(self.unit_as_value(local)),
        }
    }

    fn unit_as_value(&self, local: Local) -> BackendError {
        self.malformed(format!("the () local {local} used as a value"))
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

#[cfg(test)]
mod tests {
    //! Control flow, calls, printing, panics and coverage statements, run end to end; the
    //! expected output comes from Rust (and, for panic reports, from a rustc-built program).

    use std::collections::BTreeMap;
    use std::fmt::Write;

    use clifcov_ir::{BinOp, Constant, Program, StatementKind::Print, TerminatorKind::*};

    use super::*;
    use crate::test_coverage::*;
    use crate::test_support::*;
    use crate::{compile_object, CounterPromotion, OptLevel, Options, RawProfileVersion};

    /// `fn classify(x: T)`: a `SwitchInt` on `x` whose target block `i` prints `case i` and
    /// whose otherwise block prints `otherwise`.
    fn classify_function(ty: Ty, cases: &[u128]) -> Function {
        let mut f = FnBuilder::new("classify", &[ty], Ty::Unit);
        let x = f.arg(0);
        let targets: Vec<(u128, BlockId)> = cases.iter().map(|c| (*c, f.new_block())).collect();
        let otherwise = f.new_block();
        f.terminate(SwitchInt {
            discr: copy(x),
            targets: targets.clone(),
            otherwise,
        });
        for (i, (_, block)) in targets.iter().enumerate() {
            f.switch_to(*block);
            f.print(vec![text(&format!("case {i}\n"))]);
            f.terminate(Return);
        }
        f.switch_to(otherwise);
        f.print(vec![text("otherwise\n")]);
        f.terminate(Return);
        f.finish()
    }

    fn bit_pattern(ty: Ty, value: i128) -> u128 {
        value as u128 & (u128::MAX >> (128 - ty.bits()))
    }

    /// Classifies every value of `values` with a switch over `cases`; checks against the
    /// bit-pattern comparison `SwitchInt` specifies.
    fn check_switch(ty: Ty, cases: &[u128], values: impl IntoIterator<Item = i128>) {
        let mut expected = String::new();
        let mut calls = Vec::new();
        for value in values {
            match cases.iter().position(|c| *c == bit_pattern(ty, value)) {
                Some(i) => expected.push_str(&format!("case {i}\n")),
                None => expected.push_str("otherwise\n"),
            }
            let operand = Operand::Const(Constant::int(ty, value));
            calls.push((0, vec![operand]));
        }
        let program = calls_program(vec![classify_function(ty, cases)], calls);
        assert_eq!(run(&program).stdout, expected);
    }

    #[test]
    fn switch_on_every_i8_with_negative_cases() {
        let cases = [0xff, 0x80, 0, 5, 127, 0x81];
        check_switch(Ty::I8, &cases, -128..=127);
    }

    #[test]
    fn switch_on_every_u8_with_a_dense_run_and_high_cases() {
        let cases = [0, 1, 2, 3, 4, 5, 6, 200, 255];
        check_switch(Ty::U8, &cases, 0..=255);
    }

    #[test]
    fn sparse_switches_on_wide_types() {
        let values = [
            i64::MIN,
            i64::MIN + 1,
            -1,
            0,
            1,
            2,
            3,
            4,
            999,
            1000,
            i64::MAX,
        ];
        let cases = [
            1 << 63,
            u64::MAX as u128,
            0,
            1,
            2,
            3,
            1000,
            i64::MAX as u128,
        ];
        check_switch(Ty::I64, &cases, values.map(i128::from));
        let values = [0, 9, 10, 15, 19, 20, u64::MAX - 1, u64::MAX];
        let mut cases: Vec<u128> = (10..20).collect();
        cases.push(u64::MAX.into());
        check_switch(Ty::U64, &cases, values.map(i128::from));
        check_switch(
            Ty::I16,
            &[0xfff6, 10, 0x8000],
            [-10, 10, -32768, 0].map(i128::from),
        );
    }

    #[test]
    fn two_way_switches() {
        check_switch(Ty::Bool, &[0], [0, 1]);
        check_switch(Ty::Bool, &[1], [0, 1]);
        check_switch(Ty::I32, &[7], [6, 7, 8, -7]);
        check_switch(Ty::I32, &[0xffff_fff9], [6, 7, -7]);
        check_switch(Ty::U16, &[0], [0, 1, 65535]);
        check_switch(Ty::U32, &[], [0, 1]);
    }

    #[test]
    fn switch_whose_case_and_otherwise_meet() {
        let mut f = FnBuilder::new("main", &[], Ty::Unit);
        let join = f.new_block();
        f.terminate(SwitchInt {
            discr: int(Ty::U8, 3),
            targets: vec![(3, join)],
            otherwise: join,
        });
        f.switch_to(join);
        f.print(vec![text("joined\n")]);
        f.terminate(Return);
        assert_eq!(run(&program(vec![f.finish()])).stdout, "joined\n");
    }

    /// `fn fib(n: u64) -> u64`, recursively.
    fn fib_function() -> Function {
        let mut f = FnBuilder::new("fib", &[Ty::U64], Ty::U64);
        let n = f.arg(0);
        let (small, m, x, y) = (
            f.local(Ty::Bool),
            f.local(Ty::U64),
            f.local(Ty::U64),
            f.local(Ty::U64),
        );
        let (base, recurse) = (f.new_block(), f.new_block());
        f.assign(small, Rvalue::BinaryOp(BinOp::Lt, copy(n), int(Ty::U64, 2)));
        f.terminate(SwitchInt {
            discr: copy(small),
            targets: vec![(0, recurse)],
            otherwise: base,
        });
        f.switch_to(base);
        f.assign(Local::RETURN, Rvalue::Use(copy(n)));
        f.terminate(Return);
        f.switch_to(recurse);
        for (k, dest) in [(1, x), (2, y)] {
            f.assign(m, Rvalue::BinaryOp(BinOp::Sub, copy(n), int(Ty::U64, k)));
            f.call(Callee::Function(clifcov_ir::FuncId(0)), vec![copy(m)], dest);
        }
        f.assign(
            Local::RETURN,
            Rvalue::BinaryOp(BinOp::Add, copy(x), copy(y)),
        );
        f.terminate(Return);
        f.finish()
    }

    #[test]
    fn recursive_calls() {
        fn fib(n: u64) -> u64 {
            if n < 2 {
                n
            } else {
                fib(n - 1) + fib(n - 2)
            }
        }
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let result = main.local(Ty::U64);
        let mut expected = String::new();
        for n in 0..=20 {
            let fib_id = Callee::Function(clifcov_ir::FuncId(0));
            main.call(fib_id, vec![int(Ty::U64, n.into())], result);
            main.print(vec![value(copy(result)), text("\n")]);
            let _ = writeln!(expected, "{}", fib(n));
        }
        main.terminate(Return);
        let program = program(vec![fib_function(), main.finish()]);
        assert_eq!(run(&program).stdout, expected);
    }

    #[test]
    fn calls_pass_mixed_arguments_and_skip_unit_ones() {
        let params = [Ty::I8, Ty::Unit, Ty::U64, Ty::Bool, Ty::Unit];
        let mut mix = FnBuilder::new("mix", &params, Ty::I16);
        let (a, u, b, c) = (mix.arg(0), mix.arg(1), mix.arg(2), mix.arg(3));
        let wide = mix.local(Ty::I16);
        mix.print(vec![value(copy(a)), text(" "), value(copy(b)), text(" ")]);
        mix.print(vec![value(copy(c)), text("\n")]);
        mix.assign(u, Rvalue::Use(Operand::Const(Constant::unit())));
        mix.assign(wide, Rvalue::Cast(copy(a), Ty::I16));
        let doubled = Rvalue::BinaryOp(BinOp::Mul, copy(wide), int(Ty::I16, 100));
        mix.assign(Local::RETURN, doubled);
        mix.terminate(Return);
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let result = main.local(Ty::I16);
        let unit = Operand::Const(Constant::unit());
        let args = vec![
            int(Ty::I8, -5),
            unit.clone(),
            int(Ty::U64, u64::MAX.into()),
            Operand::Const(Constant::bool(true)),
            unit,
        ];
        main.call(Callee::Function(clifcov_ir::FuncId(0)), args, result);
        main.print(vec![value(copy(result)), text("\n")]);
        main.terminate(Return);
        let program = program(vec![mix.finish(), main.finish()]);
        let expected = format!("-5 {} true\n{}\n", u64::MAX, -5i16 * 100);
        assert_eq!(run(&program).stdout, expected);
    }

    #[test]
    fn a_loop_back_to_the_entry_block() {
        let mut countdown = FnBuilder::new("countdown", &[Ty::U32], Ty::Unit);
        let n = countdown.arg(0);
        let done = countdown.local(Ty::Bool);
        let (body, exit) = (countdown.new_block(), countdown.new_block());
        countdown.assign(done, Rvalue::BinaryOp(BinOp::Eq, copy(n), int(Ty::U32, 0)));
        countdown.terminate(SwitchInt {
            discr: copy(done),
            targets: vec![(0, body)],
            otherwise: exit,
        });
        countdown.switch_to(body);
        countdown.print(vec![value(copy(n)), text(" ")]);
        countdown.assign(n, Rvalue::BinaryOp(BinOp::Sub, copy(n), int(Ty::U32, 1)));
        countdown.terminate(Goto(BlockId::ENTRY));
        countdown.switch_to(exit);
        countdown.terminate(Return);
        let program = calls_program(vec![countdown.finish()], vec![(0, vec![int(Ty::U32, 5)])]);
        assert_eq!(run(&program).stdout, "5 4 3 2 1 ");
    }

    #[test]
    fn args_len_counts_the_program_name() {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let count = main.local(Ty::Usize);
        main.call(Callee::ArgsLen, vec![], count);
        main.print(vec![value(copy(count)), text("\n")]);
        main.terminate(Return);
        let program = program(vec![main.finish()]);
        let output = run_with(&program, &Options::default(), &["a", "b c"]);
        assert_eq!(output.stdout, "3\n");
    }

    #[test]
    fn process_exit_flushes_and_exits_with_the_code() {
        let mut quit = FnBuilder::new("quit", &[Ty::I32], Ty::Unit);
        let unit = quit.local(Ty::Unit);
        quit.print(vec![text("no newline yet")]);
        quit.terminate(Call {
            callee: Callee::ProcessExit,
            args: vec![copy(quit.arg(0))],
            dest: unit,
            target: None,
        });
        let quit = quit.finish();
        for (code, status) in [(3, 3), (-1, 255)] {
            let calls = vec![(0, vec![int(Ty::I32, code)])];
            let program = calls_program(vec![quit.clone()], calls);
            let output = run(&program);
            assert_eq!(output.stdout, "no newline yet");
            assert_eq!(output.code, Some(status));
        }
    }

    #[test]
    fn prints_every_type_to_both_streams() {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let mut expected = String::new();
        for ty in Ty::INTEGERS {
            for v in [ty.min_value(), 0, ty.max_value()] {
                main.print(vec![
                    text(ty.name()),
                    text(" "),
                    value(int(ty, v)),
                    text("\n"),
                ]);
                let _ = writeln!(expected, "{} {v}", ty.name());
            }
        }
        let flag = main.local(Ty::Bool);
        main.assign(flag, Rvalue::Use(Operand::Const(Constant::bool(true))));
        main.print(vec![
            value(copy(flag)),
            text(""),
            text(" "),
            value(int(Ty::Bool, 0)),
        ]);
        main.print(vec![text(" \u{e9}\u{1F980} \"quoted\"\n")]);
        expected.push_str("true false \u{e9}\u{1F980} \"quoted\"\n");
        main.push(Print {
            stream: Stream::Stderr,
            pieces: vec![text("to stderr "), value(int(Ty::I8, -1)), text("\n")],
        });
        main.terminate(Return);
        let output = run(&program(vec![main.finish()]));
        assert_eq!(output.stdout, expected);
        assert_eq!(output.stderr, "to stderr -1\n");
        assert_eq!(output.code, Some(0));
    }

    /// Builds `source` (a file `src/demo.rs`) with rustc as the brief's oracle does, runs it
    /// and returns its stdout, stderr and exit code.
    fn rustc_oracle(source: &str) -> RunOutput {
        use std::process::Command;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join(SOURCE_PATH), source).unwrap();
        let status = Command::new("rustc")
            .args([
                "--edition",
                "2021",
                "-C",
                "opt-level=0",
                SOURCE_PATH,
                "-o",
                "demo",
            ])
            .current_dir(dir.path())
            .status()
            .expect("running rustc");
        assert!(status.success());
        run_output(Command::new(dir.path().join("demo")))
    }

    #[test]
    fn failed_overflow_assert_reports_like_rustc() {
        let source = "fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\nfn main() {\n    \
                      println!(\"before\");\n    add(std::hint::black_box(i32::MAX), 1);\n}\n";
        let mut add = FnBuilder::new("add", &[Ty::I32, Ty::I32], Ty::I32);
        let (sum, overflow) = (add.local(Ty::I32), add.local(Ty::Bool));
        let ok = add.new_block();
        add.line = 2;
        add.push(StatementKind::AssignWithOverflow {
            dest: sum,
            overflow,
            op: OverflowOp::Add,
            lhs: copy(add.arg(0)),
            rhs: copy(add.arg(1)),
        });
        add.terminate(Assert {
            cond: copy(overflow),
            expected: false,
            msg: AssertMessage::AddOverflow,
            target: ok,
        });
        add.switch_to(ok);
        add.assign(Local::RETURN, Rvalue::Use(copy(sum)));
        add.terminate(Return);
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let result = main.local(Ty::I32);
        main.print(vec![text("before\n")]);
        let args = vec![int(Ty::I32, i32::MAX.into()), int(Ty::I32, 1)];
        main.call(Callee::Function(clifcov_ir::FuncId(0)), args, result);
        main.terminate(Return);
        let output = run(&program(vec![add.finish(), main.finish()]));
        assert_eq!(output, rustc_oracle(source));
        assert_eq!(output.code, Some(101));
    }

    #[test]
    fn passing_asserts_continue() {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        for expected in [true, false] {
            let next = main.new_block();
            main.terminate(Assert {
                cond: Operand::Const(Constant::bool(expected)),
                expected,
                msg: AssertMessage::DivByZero,
                target: next,
            });
            main.switch_to(next);
        }
        main.print(vec![text("passed\n")]);
        main.terminate(Return);
        let output = run(&program(vec![main.finish()]));
        assert_eq!((output.stdout.as_str(), output.code), ("passed\n", Some(0)));
    }

    #[test]
    fn formatted_panic_reports_like_rustc() {
        let source = "fn main() {\n    let x = std::hint::black_box(42u8);\n    \
                      panic!(\"bad value {} and {}!\", x, x == 42);\n}\n";
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let (x, is_42) = (main.local(Ty::U8), main.local(Ty::Bool));
        main.assign(x, Rvalue::Use(int(Ty::U8, 42)));
        main.assign(is_42, Rvalue::BinaryOp(BinOp::Eq, copy(x), int(Ty::U8, 42)));
        main.line = 3;
        main.terminate(Panic {
            message: vec![
                text("bad value "),
                value(copy(x)),
                text(" and "),
                value(copy(is_42)),
                text("!"),
            ],
        });
        assert_eq!(run(&program(vec![main.finish()])), rustc_oracle(source));
    }

    #[test]
    fn unreachable_traps() {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        main.print(vec![text("about to trap\n")]);
        main.terminate(Unreachable);
        let output = run(&program(vec![main.finish()]));
        assert_eq!(output.signal, Some(4), "SIGILL expected: {output:?}");
    }

    #[test]
    fn checks_beyond_the_trap_codes_of_a_function_still_report_their_panics() {
        for failing in [1, 249, 250, 300] {
            let output = run(&checked_additions(300, failing, Return));
            let expected = format!("demo.rs:{failing}:5:\nattempt to add with overflow\n");
            assert!(output.stderr.contains(&expected), "{failing}: {output:?}");
            assert_eq!(output.code, Some(101));
        }
        let output = run(&checked_additions(300, 0, Return));
        assert_eq!(
            (output.stdout.as_str(), output.code),
            ("checked\n", Some(0))
        );
    }

    #[test]
    fn unreachable_traps_when_checks_are_traps_too() {
        let output = run(&checked_additions(3, 0, Unreachable));
        assert_eq!(output.stdout, "checked\n");
        assert_eq!(output.signal, Some(4), "SIGILL expected: {output:?}");
    }

    #[test]
    fn unreachable_blocks_may_read_unassigned_locals() {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let never_set = main.local(Ty::I64);
        let dead = main.new_block();
        main.terminate(Return);
        main.switch_to(dead);
        main.print(vec![value(copy(never_set))]);
        main.terminate(Goto(dead));
        assert_eq!(run(&program(vec![main.finish()])).code, Some(0));
    }

    fn with_coverage(kind: CoverageKind) -> Program {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        main.push(StatementKind::Coverage(kind));
        main.print(vec![text("covered\n")]);
        main.terminate(Return);
        program(vec![main.finish()])
    }

    #[test]
    fn span_markers_emit_nothing() {
        assert_eq!(
            run(&with_coverage(CoverageKind::SpanMarker)).stdout,
            "covered\n"
        );
    }

    #[test]
    fn counter_increments_without_coverage_data_are_errors() {
        let program = with_coverage(CoverageKind::CounterIncrement(3));
        let error = compile_object(&program, &Options::default()).unwrap_err();
        assert!(matches!(error, BackendError::Malformed { .. }), "{error:?}");
        assert!(error.to_string().contains("counter 3"), "{error}");
    }

    #[test]
    fn counter_increments_beyond_the_counters_are_errors() {
        let mut build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Plain);
        let main = &mut build.program.functions[2];
        let counters = build.coverage.map.functions[2].num_counters;
        let increment = StatementKind::Coverage(CoverageKind::CounterIncrement(counters));
        main.blocks[0]
            .statements
            .push(Statement::new(increment, span(14, 5)));
        let error = compile_object(&build.program, &build.options(OptLevel::None)).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(&format!("counter {counters} ")),
            "{message}"
        );
        assert!(message.contains("`main`"), "{message}");
    }

    /// The profile of the count program built with `counters` at `opt_level`, as
    /// llvm-profdata reads it; its regions must have the hand-counted counts.
    fn count_profile(counters: CounterMode, opt_level: OptLevel) -> String {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, counters);
        let executable = build.build(opt_level);
        let profraw = build.path("demo.profraw");
        assert_eq!(run_profiled(&executable, &profraw).stdout, "10\n");
        assert_eq!(
            region_counts(&executable, &profraw),
            count_program_expected()
        );
        profile_text(&profraw)
    }

    #[test]
    fn plain_and_atomic_counters_give_the_same_profile_at_every_opt_level() {
        let reference = count_profile(CounterMode::Plain, OptLevel::None);
        assert!(reference.contains("count\n"), "{reference}");
        for (counters, opt_level) in [
            (CounterMode::Atomic, OptLevel::None),
            (CounterMode::Plain, OptLevel::Speed),
            (CounterMode::Atomic, OptLevel::Speed),
        ] {
            let profile = count_profile(counters, opt_level);
            assert_eq!(profile, reference, "{counters:?} at {opt_level:?}");
        }
    }

    /// The CLIF of `count` in the count program built with `counters` and `promotion`.
    fn count_clif(counters: CounterMode, promotion: CounterPromotion) -> String {
        let build = CoverageBuild::new(count_program(), COUNT_SOURCE, counters);
        let mut options = build.options(OptLevel::None);
        options.coverage.as_mut().unwrap().promotion = promotion;
        let text = crate::clif_text(&build.program, &options).unwrap();
        let start = text.find("; fn count").unwrap();
        let end = text[start..].find("\n}\n").unwrap() + start;
        text[start..end].to_string()
    }

    #[test]
    fn counter_increments_are_plain_or_atomic_adds_to_the_counters() {
        let plain = count_clif(CounterMode::Plain, CounterPromotion::Never);
        let atomic = count_clif(CounterMode::Atomic, CounterPromotion::Never);
        for text in [&plain, &atomic] {
            assert_eq!(
                text.matches("; Coverage::CounterIncrement(").count(),
                2,
                "{text}"
            );
            assert!(text.contains("__clifcov_counters"), "{text}");
        }
        assert_eq!(
            plain.matches("= load.i64 notrap aligned").count(),
            2,
            "{plain}"
        );
        assert_eq!(plain.matches("store notrap aligned").count(), 2, "{plain}");
        assert!(!plain.contains("atomic_rmw"), "{plain}");
        assert_eq!(atomic.matches("atomic_rmw.i64 add").count(), 2, "{atomic}");
        assert!(!atomic.contains("load.i64"), "{atomic}");
        // The address of the counters is computed once, in the entry block, and so is the
        // constant 1 plain increments add; atomic adds make their own.
        for text in [&plain, &atomic] {
            assert_eq!(text.matches("symbol_value").count(), 1, "{text}");
        }
        assert_eq!(plain.matches("iconst.i64 1\n").count(), 1, "{plain}");
        assert_eq!(atomic.matches("iconst.i64 1\n").count(), 2, "{atomic}");
    }

    #[test]
    fn atomic_increments_in_a_call_free_loop_count_on_the_stack_until_it_is_left() {
        let atomic = count_clif(CounterMode::Atomic, CounterPromotion::Loops);
        assert_eq!(
            atomic.matches("; Coverage::CounterIncrement(").count(),
            2,
            "{atomic}"
        );
        // The entry's increment stays an atomic add; the loop's adds one to its stack slot,
        // set to zero on the way in and added to the counter on the way out.
        assert_eq!(atomic.matches("explicit_slot 8").count(), 1, "{atomic}");
        assert_eq!(atomic.matches("; entering a loop").count(), 1, "{atomic}");
        assert_eq!(atomic.matches("; leaving a loop").count(), 1, "{atomic}");
        assert_eq!(atomic.matches("atomic_rmw.i64 add").count(), 2, "{atomic}");
        let leaving = &atomic[atomic.find("; leaving a loop").unwrap()..];
        assert!(leaving.contains("atomic_rmw.i64 add"), "{atomic}");
        // Plain and single-byte counters are not promoted: a plain add to the stack costs
        // what one to the counter does.
        for counters in [CounterMode::Plain, CounterMode::Byte] {
            let text = count_clif(counters, CounterPromotion::Loops);
            assert_eq!(text, count_clif(counters, CounterPromotion::Never));
            assert!(!text.contains("explicit_slot"), "{text}");
        }
    }

    #[test]
    fn single_byte_counters_are_stores_of_zero() {
        let bytes = count_clif(CounterMode::Byte, CounterPromotion::default());
        // A counter for each of the loop's four blocks with regions: entry, condition,
        // body and exit.
        let increments = bytes.matches("; Coverage::CounterIncrement(").count();
        assert_eq!(increments, 4, "{bytes}");
        // The byte stored is made once, in the entry block, with the counters' address.
        assert_eq!(bytes.matches("iconst.i8 0").count(), 1, "{bytes}");
        assert_eq!(bytes.matches("symbol_value").count(), 1, "{bytes}");
        let zero = bytes
            .lines()
            .find_map(|line| line.split_once(" = iconst.i8 0"))
            .and_then(|(before, _)| before.split_whitespace().last())
            .unwrap();
        // Cranelift prints a store's type only where its value comes from another block.
        let stores: Vec<&str> = bytes.lines().filter(|l| l.contains(" store")).collect();
        assert_eq!(stores.len(), 4, "{bytes}");
        let stores_zero = format!(" notrap aligned {zero}, ");
        assert!(stores.iter().all(|l| l.contains(&stores_zero)), "{bytes}");
        assert!(!bytes.contains("load."), "{bytes}");
        assert!(!bytes.contains("atomic_rmw"), "{bytes}");
    }

    /// Single-byte counters in both raw layouts, each read by two LLVM versions: every
    /// region that ran counts 1, the others 0.
    #[test]
    fn single_byte_counters_show_the_regions_that_ran_under_llvm_14_to_22() {
        let expected: BTreeMap<_, u64> = count_program_expected()
            .into_iter()
            .map(|(region, count)| (region, u64::from(count > 0)))
            .collect();
        for (version, version_word, majors) in [
            (RawProfileVersion::V8, 0x1000_0000_0000_0008u64, [14, 16]),
            (RawProfileVersion::V10, 0x1000_0000_0000_000a, [19, 22]),
        ] {
            let mut build = CoverageBuild::new(count_program(), COUNT_SOURCE, CounterMode::Byte);
            build.coverage.profile_version = version;
            let executable = build.build(OptLevel::None);
            let profraw = build.path("demo.profraw");
            assert_eq!(run_profiled(&executable, &profraw).stdout, "10\n");
            let header = std::fs::read(&profraw).unwrap();
            assert_eq!(header[8..16], version_word.to_le_bytes(), "{version:?}");
            for major in majors {
                let counts = region_counts_of(major, &executable, &profraw);
                assert_eq!(counts, expected, "{version:?} read by LLVM {major}");
            }
        }
    }

    #[test]
    fn malformed_switches_are_errors() {
        for (cases, complaint) in [
            (vec![1, 1], "appears twice"),
            (vec![256], "does not fit u8"),
        ] {
            let mut main = FnBuilder::new("main", &[], Ty::Unit);
            let targets = cases.iter().map(|c| (*c, BlockId::ENTRY)).collect();
            main.terminate(SwitchInt {
                discr: int(Ty::U8, 0),
                targets,
                otherwise: BlockId::ENTRY,
            });
            let error = compile_object(&program(vec![main.finish()]), &Options::default());
            let message = error.unwrap_err().to_string();
            assert!(message.contains(complaint), "{message}");
        }
    }
}

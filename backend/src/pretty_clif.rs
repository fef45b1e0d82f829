//! The text of `clifcov emit clif`: the Cranelift IR of every function, annotated with the IR
//! it came from. Each IR statement and terminator gets a source location of its own while it is
//! lowered; the printer writes the IR text as a comment above the first instruction of each
//! location, names the IR block each Cranelift block starts, and names the symbols and string
//! literals that functions refer to.

use std::collections::HashMap;
use std::fmt::{self, Write};

use clifcov_ir::Program;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::entity::SecondaryMap;
use cranelift_codegen::ir::entities::AnyEntity;
use cranelift_codegen::ir::{
    Block, ExternalName, Function, GlobalValueData, Inst, SourceLoc, UserExternalName, Value,
};
use cranelift_codegen::write::{decorate_function, write_block_header, FuncWriter, PlainWriter};
use cranelift_codegen::Context;
use cranelift_frontend::FunctionBuilderContext;
use cranelift_module::{DataId, FuncId, Module, ModuleDeclarations};

use crate::aot::object_module;
use crate::codegen::{declare_program, describe_function, lower_function, CodegenCx, Embedding};
use crate::error::BackendError;
use crate::options::{OptLevel, Options};
use crate::strings::StringPool;

/// What the instructions of one function came from. Only `clif_text` records them; for
/// other outputs they are disabled, and lowering spends no time formatting IR text.
pub(crate) struct Annotations {
    enabled: bool,
    /// Printed above the function.
    header: String,
    /// The text of each source location, indexed by its bits.
    locations: Vec<String>,
    /// The IR block each Cranelift block starts.
    blocks: HashMap<Block, String>,
}

impl Annotations {
    /// Annotations headed by the text `header` gives (not called when disabled).
    pub(crate) fn new(enabled: bool, header: impl FnOnce() -> String) -> Annotations {
        Annotations {
            enabled,
            header: if enabled { header() } else { String::new() },
            locations: Vec::new(),
            blocks: HashMap::new(),
        }
    }

    /// A new source location standing for the text `describe` gives (the default location,
    /// without calling `describe`, when disabled).
    pub(crate) fn add_location(&mut self, describe: impl FnOnce() -> String) -> SourceLoc {
        if !self.enabled {
            return SourceLoc::default();
        }
        self.locations.push(describe());
        SourceLoc::new(self.locations.len() as u32 - 1)
    }

    pub(crate) fn name_block(&mut self, block: Block, name: impl FnOnce() -> String) {
        if self.enabled {
            self.blocks.insert(block, name());
        }
    }

    fn location(&self, location: SourceLoc) -> Option<&str> {
        if location.is_default() {
            return None;
        }
        self.locations
            .get(location.bits() as usize)
            .map(String::as_str)
    }
}

/// The CLIF of every function of `program`, annotated with the IR. With `OptLevel::Speed` it is
/// the CLIF after Cranelift's optimisation passes (annotations follow the instructions that
/// survive them).
pub fn clif_text(program: &Program, options: &Options) -> Result<String, BackendError> {
    let mut module = object_module(program, options)?;
    let coverage = options.coverage.as_ref();
    let declared = declare_program(&mut module, program, coverage, true, Embedding::Executable)?;
    let cx = CodegenCx {
        declarations: module.declarations(),
        isa: module.isa(),
        program,
        declared: &declared,
    };
    let mut builder_ctx = FunctionBuilderContext::new();
    let mut text = String::new();
    for index in 0..declared.function_count() {
        let mut lowered = lower(&cx, index, &mut builder_ctx)?;
        if options.opt_level == OptLevel::Speed {
            optimize(&cx, index, &mut lowered)?;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let names = SymbolNames {
            declarations: cx.declarations,
            strings: &declared.strings,
        };
        write_annotated(&mut text, &lowered, &names)
            .map_err(|_| BackendError::Object("formatting the CLIF text failed".to_string()))?;
    }
    Ok(text)
}

/// A function lowered for printing, with what its instructions came from.
struct LoweredFunction {
    context: Context,
    annotations: Annotations,
}

fn lower(
    cx: &CodegenCx<'_>,
    index: usize,
    builder_ctx: &mut FunctionBuilderContext,
) -> Result<LoweredFunction, BackendError> {
    let mut context = Context::new();
    let annotations = lower_function(cx, index, &mut context.func, builder_ctx)?.annotations;
    Ok(LoweredFunction {
        context,
        annotations,
    })
}

fn optimize(
    cx: &CodegenCx<'_>,
    index: usize,
    lowered: &mut LoweredFunction,
) -> Result<(), BackendError> {
    lowered
        .context
        .optimize(cx.isa, &mut ControlPlane::default())
        .map_err(|e| BackendError::codegen(describe_function(cx.program, index), &e))
}

fn write_annotated(
    out: &mut String,
    lowered: &LoweredFunction,
    names: &SymbolNames<'_>,
) -> fmt::Result {
    writeln!(out, "; {}", lowered.annotations.header)?;
    let mut writer = AnnotatedWriter {
        annotations: &lowered.annotations,
        names,
        last_location: None,
    };
    decorate_function(&mut writer, out, &lowered.context.func)
}

/// Names the functions and data objects a function refers to.
struct SymbolNames<'a> {
    declarations: &'a ModuleDeclarations,
    strings: &'a StringPool,
}

impl SymbolNames<'_> {
    /// Functions are namespace 0 and data objects namespace 1, as `cranelift_module` numbers them.
    fn describe(&self, name: &UserExternalName) -> Option<String> {
        match name.namespace {
            0 => {
                let id = FuncId::from_u32(name.index);
                let decl = self.declarations.get_function_decl(id);
                Some(decl.linkage_name(id).into_owned())
            }
            1 => {
                let id = DataId::from_u32(name.index);
                match self.strings.text(id) {
                    Some(text) => Some(format!("{text:?}")),
                    None => Some(
                        self.declarations
                            .get_data_decl(id)
                            .linkage_name(id)
                            .into_owned(),
                    ),
                }
            }
            _ => None,
        }
    }

    fn describe_entity(&self, func: &Function, entity: AnyEntity) -> Option<String> {
        let name = match entity {
            AnyEntity::FuncRef(func_ref) => &func.dfg.ext_funcs[func_ref].name,
            AnyEntity::GlobalValue(global) => match &func.global_values[global] {
                GlobalValueData::Symbol { name, .. } => name,
                _ => return None,
            },
            _ => return None,
        };
        match name {
            ExternalName::User(user) => self.describe(&func.params.user_named_funcs()[*user]),
            _ => None,
        }
    }
}

struct AnnotatedWriter<'a> {
    annotations: &'a Annotations,
    names: &'a SymbolNames<'a>,
    last_location: Option<SourceLoc>,
}

impl FuncWriter for AnnotatedWriter<'_> {
    fn write_block_header(
        &mut self,
        w: &mut dyn Write,
        func: &Function,
        block: Block,
        indent: usize,
    ) -> fmt::Result {
        self.last_location = None;
        if let Some(name) = self.annotations.blocks.get(&block) {
            writeln!(w, "{:width$}; {name}", "", width = indent.saturating_sub(4))?;
        }
        write_block_header(w, func, block, indent)
    }

    fn write_instruction(
        &mut self,
        w: &mut dyn Write,
        func: &Function,
        aliases: &SecondaryMap<Value, Vec<Value>>,
        inst: Inst,
        indent: usize,
    ) -> fmt::Result {
        let location = func.srcloc(inst);
        if self.last_location != Some(location) {
            self.last_location = Some(location);
            if let Some(text) = self.annotations.location(location) {
                writeln!(w, "{:indent$}; {text}", "")?;
            }
        }
        PlainWriter.write_instruction(w, func, aliases, inst, indent)
    }

    fn write_entity_definition(
        &mut self,
        w: &mut dyn Write,
        func: &Function,
        entity: AnyEntity,
        value: &dyn fmt::Display,
    ) -> fmt::Result {
        match self.names.describe_entity(func, entity) {
            Some(name) => writeln!(w, "    {entity} = {value} ; {name}"),
            None => self.super_entity_definition(w, func, entity, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use clifcov_ir::{AssertMessage, Local, OverflowOp, Rvalue, StatementKind, TerminatorKind, Ty};

    use super::*;
    use crate::test_support::*;

    /// `fn add(a: i32, b: i32) -> i32` with its overflow check, and a `main` printing
    /// `add(2, 3)`.
    fn add_program() -> Program {
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
        add.terminate(TerminatorKind::Assert {
            cond: copy(overflow),
            expected: false,
            msg: AssertMessage::AddOverflow,
            target: ok,
        });
        add.switch_to(ok);
        add.assign(Local::RETURN, Rvalue::Use(copy(sum)));
        add.terminate(TerminatorKind::Return);
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let result = main.local(Ty::I32);
        let add_id = clifcov_ir::Callee::Function(clifcov_ir::FuncId(0));
        main.call(add_id, vec![int(Ty::I32, 2), int(Ty::I32, 3)], result);
        main.print(vec![value(copy(result)), text("\n")]);
        main.terminate(TerminatorKind::Return);
        program(vec![add.finish(), main.finish()])
    }

    #[test]
    fn annotates_functions_blocks_and_statements() {
        let program = add_program();
        let text = clif_text(&program, &Options::default()).unwrap();
        let expected = [
            format!(
                "; fn add (symbol {})",
                program.symbol(clifcov_ir::FuncId(0))
            ),
            "; bb0".to_string(),
            "; (_3, _4) = AddWithOverflow(copy _1, copy _2); // 2:5-2:6".to_string(),
            "; assert(!copy _4, \"attempt to add with overflow\") -> bb1; // 2:5-2:6".to_string(),
            "sadd_overflow".to_string(),
            "trapnz".to_string(),
            "; clifcov_rt_catch_check_traps".to_string(),
            "; the C entry point (symbol main)".to_string(),
        ];
        for line in expected {
            assert!(text.contains(&line), "missing {line:?} in\n{text}");
        }
        assert_eq!(text.matches("\nfunction ").count(), 3);
    }

    #[test]
    fn optimised_text_is_annotated_too() {
        let speed = Options {
            opt_level: OptLevel::Speed,
            ..Options::default()
        };
        let text = clif_text(&add_program(), &speed).unwrap();
        assert!(text.contains("sadd_overflow"), "{text}");
        assert!(text.contains("; (_3, _4) = AddWithOverflow"), "{text}");
    }
}

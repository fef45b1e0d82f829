//! Programs, functions, locals and basic blocks.

use std::fmt;

use crate::span::Span;
use crate::statement::Statement;
use crate::terminator::Terminator;
use crate::types::Ty;

/// Index of a function in [`Program::functions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncId(pub u32);

/// Index of a local in [`Function::locals`]. `_0` is the return place, `_1..=_n` the arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Local(pub u32);

/// Index of a block in [`Function::blocks`]; `bb0` is the entry block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockId(pub u32);

impl Local {
    pub const RETURN: Local = Local(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl BlockId {
    pub const ENTRY: BlockId = BlockId(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl FuncId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for Local {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "_{}", self.0)
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bb{}", self.0)
    }
}

/// A whole program: one source file's functions.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// The source path as given on the command line; panic messages and coverage use it.
    pub source_path: String,
    /// The crate name rustc would use for this file (see [`crate::crate_name_from_path`]).
    pub crate_name: String,
    pub functions: Vec<Function>,
}

impl Program {
    pub fn function(&self, id: FuncId) -> &Function {
        &self.functions[id.index()]
    }

    /// The function's linker symbol, v0-mangled as rustc mangles it.
    pub fn symbol(&self, id: FuncId) -> String {
        crate::v0_symbol(&self.crate_name, &self.function(id).name)
    }

    pub fn find(&self, name: &str) -> Option<FuncId> {
        self.functions
            .iter()
            .position(|f| f.name == name)
            .map(|i| FuncId(i as u32))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalDecl {
    pub ty: Ty,
    /// The user's variable name, when the local is one.
    pub name: Option<String>,
    pub mutable: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BasicBlock {
    pub statements: Vec<Statement>,
    /// `None` only while a function is being built; the validator rejects it afterwards.
    pub terminator: Option<Terminator>,
}

impl BasicBlock {
    /// The block's terminator. Panics on a block still under construction.
    pub fn terminator(&self) -> &Terminator {
        self.terminator
            .as_ref()
            .expect("basic block has no terminator")
    }
}

/// Attributes of a `#[test]` function.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestAttrs {
    pub ignore: bool,
    /// `Some(expected)` for `#[should_panic]`; `expected` is the message substring, if given.
    pub should_panic: Option<Option<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    pub arg_count: usize,
    /// `_0` (return place), then the arguments, then every other local.
    pub locals: Vec<LocalDecl>,
    pub blocks: Vec<BasicBlock>,
    /// The whole item, from `fn` (or its first attribute) to the closing brace.
    pub span: Span,
    /// The signature, from `fn` to the end of the return type.
    pub sig_span: Span,
    /// The body block, braces included.
    pub body_span: Span,
    /// `Some` for a `#[test]` function.
    pub test: Option<TestAttrs>,
}

impl Function {
    /// Its statements and terminators: about how much work a pass over it does.
    pub fn size(&self) -> usize {
        self.blocks
            .iter()
            .map(|block| block.statements.len() + 1)
            .sum()
    }

    pub fn return_ty(&self) -> Ty {
        self.locals[0].ty
    }

    pub fn args(&self) -> impl Iterator<Item = Local> {
        (1..=self.arg_count as u32).map(Local)
    }

    pub fn local_ty(&self, local: Local) -> Ty {
        self.locals[local.index()].ty
    }

    pub fn block(&self, id: BlockId) -> &BasicBlock {
        &self.blocks[id.index()]
    }

    pub fn block_ids(&self) -> impl Iterator<Item = BlockId> {
        (0..self.blocks.len() as u32).map(BlockId)
    }

    pub fn add_local(&mut self, decl: LocalDecl) -> Local {
        self.locals.push(decl);
        Local(self.locals.len() as u32 - 1)
    }

    pub fn add_block(&mut self) -> BlockId {
        self.blocks.push(BasicBlock::default());
        BlockId(self.blocks.len() as u32 - 1)
    }
}

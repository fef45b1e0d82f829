//! Helpers for the backend's tests: building IR programs by hand, and compiling them, linking
//! them with `cc` against the runtime (`rt/`, built the way `cli/build.rs` builds it) and
//! running them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use clifcov_ir::{
    AssertMessage, BlockId, Callee, Constant, CoverageKind, FmtPiece, FuncId, Function, Local,
    LocalDecl, Operand, OverflowOp, Pos, Program, Rvalue, Span, Statement, StatementKind, Stream,
    Terminator, TerminatorKind, Ty,
};

use crate::{compile_object, OptLevel, Options};

pub const SOURCE_PATH: &str = "src/demo.rs";

pub fn span(line: u32, col: u32) -> Span {
    Span::new(Pos::new(line, col), Pos::new(line, col + 1))
}

pub fn int(ty: Ty, value: i128) -> Operand {
    Operand::Const(Constant::int(ty, value))
}

pub fn copy(local: Local) -> Operand {
    Operand::Copy(local)
}

pub fn text(s: &str) -> FmtPiece {
    FmtPiece::Str(s.to_string())
}

pub fn value(operand: Operand) -> FmtPiece {
    FmtPiece::Value(operand)
}

/// Builds an IR function block by block; statements get the span of line `line`.
pub struct FnBuilder {
    function: Function,
    current: BlockId,
    pub line: u32,
}

impl FnBuilder {
    pub fn new(name: &str, params: &[Ty], ret: Ty) -> FnBuilder {
        let decl = |ty| LocalDecl {
            ty,
            name: None,
            mutable: false,
            span: span(1, 1),
        };
        let mut function = Function {
            name: name.to_string(),
            arg_count: params.len(),
            locals: std::iter::once(ret)
                .chain(params.iter().copied())
                .map(decl)
                .collect(),
            blocks: Vec::new(),
            span: span(1, 1),
            sig_span: span(1, 1),
            body_span: span(1, 1),
            test: None,
        };
        let current = function.add_block();
        FnBuilder {
            function,
            current,
            line: 1,
        }
    }

    /// Argument `index`, counting from 0.
    pub fn arg(&self, index: u32) -> Local {
        Local(index + 1)
    }

    pub fn local(&mut self, ty: Ty) -> Local {
        self.function.add_local(LocalDecl {
            ty,
            name: None,
            mutable: true,
            span: span(1, 1),
        })
    }

    pub fn new_block(&mut self) -> BlockId {
        self.function.add_block()
    }

    pub fn switch_to(&mut self, block: BlockId) {
        self.current = block;
    }

    pub fn push(&mut self, kind: StatementKind) {
        self.push_at(kind, span(self.line, 5));
    }

    pub fn push_at(&mut self, kind: StatementKind, at: Span) {
        let statement = Statement::new(kind, at);
        self.function.blocks[self.current.index()]
            .statements
            .push(statement);
    }

    /// A coverage span marker over `at`, as the front end places them.
    pub fn marker(&mut self, at: Span) {
        self.push_at(StatementKind::Coverage(CoverageKind::SpanMarker), at);
    }

    /// Places the function in the source: its signature and body spans.
    pub fn set_spans(&mut self, signature: Span, body: Span) {
        self.function.span = signature.to(body);
        self.function.sig_span = signature;
        self.function.body_span = body;
    }

    pub fn assign(&mut self, dest: Local, rvalue: Rvalue) {
        self.push(StatementKind::Assign(dest, rvalue));
    }

    pub fn print(&mut self, pieces: Vec<FmtPiece>) {
        self.push(StatementKind::Print {
            stream: Stream::Stdout,
            pieces,
        });
    }

    /// Ends the current block with `kind` at line `self.line`, column 5.
    pub fn terminate(&mut self, kind: TerminatorKind) {
        self.terminate_at(kind, span(self.line, 5));
    }

    pub fn terminate_at(&mut self, kind: TerminatorKind, at: Span) {
        self.function.blocks[self.current.index()].terminator = Some(Terminator::new(kind, at));
    }

    /// Calls `callee` and continues in a new block, which becomes the current one.
    pub fn call(&mut self, callee: Callee, args: Vec<Operand>, dest: Local) {
        let next = self.new_block();
        self.terminate(TerminatorKind::Call {
            callee,
            args,
            dest,
            target: Some(next),
        });
        self.switch_to(next);
    }

    pub fn finish(self) -> Function {
        self.function
    }
}

/// `main` with `checks` overflow checks of `args().len() + c` on lines 1, 2, ...: `c` is
/// `u64::MAX` at check `failing` (which then fails without arguments) and 0 elsewhere; then
/// it prints `checked` and ends with `end`.
pub fn checked_additions(checks: u32, failing: u32, end: TerminatorKind) -> Program {
    let mut main = FnBuilder::new("main", &[], Ty::Unit);
    let n = main.local(Ty::Usize);
    main.call(Callee::ArgsLen, vec![], n);
    for check in 1..=checks {
        main.line = check;
        let (sum, overflow) = (main.local(Ty::Usize), main.local(Ty::Bool));
        let addend = if check == failing { u64::MAX } else { 0 };
        main.push(StatementKind::AssignWithOverflow {
            dest: sum,
            overflow,
            op: OverflowOp::Add,
            lhs: copy(n),
            rhs: int(Ty::Usize, addend.into()),
        });
        let next = main.new_block();
        main.terminate(TerminatorKind::Assert {
            cond: copy(overflow),
            expected: false,
            msg: AssertMessage::AddOverflow,
            target: next,
        });
        main.switch_to(next);
    }
    main.print(vec![text("checked\n")]);
    main.terminate(end);
    program(vec![main.finish()])
}

/// A program of `functions` from the file `src/demo.rs`.
pub fn program(functions: Vec<Function>) -> Program {
    Program {
        source_path: SOURCE_PATH.to_string(),
        crate_name: "demo".to_string(),
        functions,
    }
}

/// A program of `functions` followed by a `main` that makes `calls` (the index of a function
/// returning `()`, its arguments) in order.
pub fn calls_program(mut functions: Vec<Function>, calls: Vec<(usize, Vec<Operand>)>) -> Program {
    let mut main = FnBuilder::new("main", &[], Ty::Unit);
    let unit = main.local(Ty::Unit);
    for (callee, args) in calls {
        main.call(Callee::Function(FuncId(callee as u32)), args, unit);
    }
    main.terminate(TerminatorKind::Return);
    functions.push(main.finish());
    program(functions)
}

#[derive(Debug, PartialEq, Eq)]
pub struct RunOutput {
    pub stdout: String,
    pub stderr: String,
    /// The exit code, or `None` when a signal ended the program.
    pub code: Option<i32>,
    pub signal: Option<i32>,
}

/// Compiles `program`, links it with the runtime and runs it with `args`.
pub fn run_with(program: &Program, options: &Options, args: &[&str]) -> RunOutput {
    let dir = tempfile::tempdir().unwrap();
    let executable = build(program, options, dir.path());
    let mut command = Command::new(&executable);
    command.args(args);
    run_output(command)
}

/// Compiles `program` to `dir/program.o` and links it with the runtime into
/// `dir/program`, which it returns.
pub fn build(program: &Program, options: &Options, dir: &Path) -> PathBuf {
    let object = compile(program, options, dir);
    let executable = dir.join("program");
    link(&[&object, &runtime_object()], &executable);
    executable
}

/// Compiles `program` to `dir/program.o`, which it returns.
pub fn compile(program: &Program, options: &Options, dir: &Path) -> PathBuf {
    let object = compile_object(program, options).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join("program.o");
    std::fs::write(&path, object).unwrap();
    path
}

/// Runs `command` without `RUST_BACKTRACE` (which changes rustc-built programs' panic
/// reports); panic reports get `TID` in place of the thread id, which varies from run to run.
pub fn run_output(mut command: Command) -> RunOutput {
    use std::os::unix::process::ExitStatusExt;
    let output = command.env_remove("RUST_BACKTRACE").output().unwrap();
    RunOutput {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: without_thread_id(&String::from_utf8(output.stderr).unwrap()),
        code: output.status.code(),
        signal: output.status.signal(),
    }
}

fn without_thread_id(stderr: &str) -> String {
    const THREAD: &str = "thread 'main' (";
    match stderr.find(THREAD) {
        Some(start) => {
            let digits = start + THREAD.len();
            let end = digits + stderr[digits..].find(')').unwrap_or(0);
            format!("{}TID{}", &stderr[..digits], &stderr[end..])
        }
        None => stderr.to_string(),
    }
}

include!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../rt/standalone_args.rs"
));

/// The runtime's object, compiled once per test binary with the arguments `cli/build.rs` uses.
fn runtime_object() -> &'static Path {
    static OBJECT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, object) = OBJECT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let object = dir.path().join("clifcov_rt.o");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rt/src/lib.rs");
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
        let output = Command::new(rustc)
            .args(STANDALONE_RUSTC_ARGS)
            .args(["--target", "x86_64-unknown-linux-gnu", "-o"])
            .arg(&object)
            .arg(source)
            .output()
            .expect("running rustc");
        assert!(
            output.status.success(),
            "building the runtime failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        (dir, object)
    });
    object
}

/// Links `inputs` (objects, `cc` options) into `executable` with `cc`.
pub fn link(inputs: &[&dyn AsRef<std::ffi::OsStr>], executable: &Path) {
    let output = Command::new("cc")
        .args(inputs)
        .arg("-o")
        .arg(executable)
        .output()
        .expect("running cc");
    assert!(
        output.status.success(),
        "linking failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs `program` at both optimisation levels, which must agree; returns the output.
pub fn run(program: &Program) -> RunOutput {
    let plain = run_with(program, &Options::default(), &[]);
    let speed = Options {
        opt_level: OptLevel::Speed,
        ..Options::default()
    };
    let optimized = run_with(program, &speed, &[]);
    assert_eq!(plain, optimized, "the optimised build behaves differently");
    plain
}

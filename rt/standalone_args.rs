// How `rt/src/lib.rs` is compiled into the object linked into every program (shared by
// `cli/build.rs`, `backend`'s tests and `rt/tests`, all through `include!`). Fat LTO folds
// the used parts of `core` into this one object, which needs nothing but the program's C
// `main` (no C library: `rt/src/freestanding.rs`): the linker reads 50 KB instead of the
// 4.4 MB static library (`core` and `compiler_builtins`) that `--crate-type staticlib`
// would also write.
/// rustc arguments, after which come `--target <triple>`, `-o <object>` and the source.
const STANDALONE_RUSTC_ARGS: &[&str] = &[
    "--crate-name",
    "clifcov_rt",
    "--crate-type",
    "staticlib",
    "--emit",
    "obj",
    "--edition",
    "2021",
    "-C",
    "panic=abort",
    "-C",
    "opt-level=2",
    "-C",
    "lto=fat",
    "-C",
    "codegen-units=1",
    "--cfg",
    "clifcov_rt_standalone",
];

// How `rt/src/lib.rs` is compiled into the static library linked into every program
// (shared by `cli/build.rs` and `rt/tests`, both through `include!`). Fat LTO folds the
// used parts of `core` into the runtime's own object, which keeps the archive small.
/// rustc arguments, after which come `--target <triple>`, `-o <archive>` and the source.
const STANDALONE_RUSTC_ARGS: &[&str] = &[
    "--crate-name",
    "clifcov_rt",
    "--crate-type",
    "staticlib",
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

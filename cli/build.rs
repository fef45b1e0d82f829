//! Compiles the runtime (`rt/src/lib.rs`) into the object `$OUT_DIR/clifcov_rt.o` with the
//! rustc that builds clifcov, so that `src/runtime_lib.rs` can embed it: linking a program then
//! needs no installed runtime.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

include!("../rt/standalone_args.rs");

fn main() {
    let manifest_dir = PathBuf::from(required_env("CARGO_MANIFEST_DIR"));
    let runtime_dir = manifest_dir.join("../rt");
    println!(
        "cargo:rerun-if-changed={}",
        runtime_dir.join("src").display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        runtime_dir.join("standalone_args.rs").display()
    );
    let object = Path::new(&required_env("OUT_DIR")).join("clifcov_rt.o");
    build_runtime(&runtime_dir.join("src/lib.rs"), &object);
}

fn build_runtime(source: &Path, object: &Path) {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(&rustc)
        .args(STANDALONE_RUSTC_ARGS)
        .arg("--target")
        .arg(required_env("TARGET"))
        .arg("-o")
        .arg(object)
        .arg(source)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", rustc.to_string_lossy()));
    if !output.status.success() {
        panic!(
            "building the clifcov runtime failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn required_env(name: &str) -> String {
    env::var(name).unwrap_or_else(|_| panic!("cargo did not set {name}"))
}

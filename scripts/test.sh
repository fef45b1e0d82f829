#!/usr/bin/env bash
# Runs clifcov's whole test suite, first installing the tools it needs (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/dev_null.sh

missing=()
command -v cc >/dev/null || missing+=(gcc)
command -v valgrind >/dev/null || missing+=(valgrind)
for version in 14 16 19 22; do
    [ -x /usr/lib/llvm-$version/bin/llvm-cov ] || missing+=(llvm-$version)
done
[ -x /usr/bin/clang-22 ] || missing+=(clang-22)
compgen -G "/usr/lib/llvm-22/lib/clang/*/lib/*/libclang_rt.profile*.a" >/dev/null \
    || missing+=(libclang-rt-22-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Formatting and lints first: they take seconds and name the file and line.
if cargo fmt --version >/dev/null 2>&1; then
    cargo fmt --all --check
else
    echo "rustfmt is not installed: formatting not checked"
fi
if cargo clippy --version >/dev/null 2>&1; then
    cargo clippy --workspace --all-targets --locked -- -D warnings
else
    echo "clippy is not installed: lints not checked"
fi

cargo build --workspace --locked
cargo test --workspace --locked

#!/usr/bin/env bash
# The main job on the bundled example: build examples/collatz.rs with clifcov (instrumented for
# coverage), run it, and show its line coverage with stock llvm-profdata/llvm-cov 22.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/dev_null.sh

llvm=/usr/lib/llvm-22/bin
if [ ! -x "$llvm/llvm-cov" ]; then
    echo "installing llvm-22 (llvm-profdata, llvm-cov)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq llvm-22 >/dev/null
fi

cargo build --release -p clifcov
out=target/demo
rm -rf "$out" && mkdir -p "$out"
target/release/clifcov build examples/collatz.rs -o "$out/collatz" --llvm-version 22
LLVM_PROFILE_FILE="$out/collatz.profraw" "$out/collatz"
"$llvm/llvm-profdata" merge -o "$out/collatz.profdata" "$out/collatz.profraw"
echo
"$llvm/llvm-cov" show "$out/collatz" -instr-profile="$out/collatz.profdata"
"$llvm/llvm-cov" report "$out/collatz" -instr-profile="$out/collatz.profdata"

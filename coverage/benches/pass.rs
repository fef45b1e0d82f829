//! Micro-benchmarks of the coverage pass on the programs `benchmarks/gen` writes: planning
//! the instrumentation (graphs, spans, counters, mappings of every function) and encoding
//! the coverage sections. `cargo bench -p clifcov-coverage`; the whole build is measured by
//! `benchmarks/run`.

use std::path::Path;
use std::process::Command;

use clifcov_coverage::{
    plan_instrumentation, Compression, CounterScheme, Entry, InstrumentOptions,
};
use clifcov_ir::Program;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const FUNCTION_COUNTS: [u32; 2] = [100, 1000];

/// The source of the program `benchmarks/gen` writes with `functions` functions (its default
/// seed, as `benchmarks/run` uses).
fn generated_source(functions: u32) -> String {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../benchmarks/gen");
    let output = Command::new("python3")
        .arg(&generator)
        .args(["functions", &functions.to_string()])
        .output()
        .expect("python3 runs benchmarks/gen");
    assert!(output.status.success(), "benchmarks/gen failed");
    String::from_utf8(output.stdout).expect("the generated program is UTF-8")
}

fn compiled(source: &str) -> Program {
    clifcov_frontend::compile("bench.rs", source)
        .unwrap_or_else(|_| panic!("the generated program compiles"))
}

fn options(source: &str) -> InstrumentOptions<'_> {
    InstrumentOptions {
        source,
        entry: Entry::Main,
        skip: &[],
        counters: CounterScheme::default(),
    }
}

fn coverage_pass(c: &mut Criterion) {
    let mut group = c.benchmark_group("coverage pass");
    for functions in FUNCTION_COUNTS {
        let source = generated_source(functions);
        let program = compiled(&source);
        group.bench_with_input(BenchmarkId::new("plan", functions), &program, |b, p| {
            b.iter(|| plan_instrumentation(p, &options(&source)))
        });
        let map = plan_instrumentation(&program, &options(&source)).apply(&mut program.clone());
        group.bench_with_input(BenchmarkId::new("sections", functions), &map, |b, map| {
            b.iter(|| map.sections("/bench", Compression::None))
        });
    }
    group.finish();
}

criterion_group!(benches, coverage_pass);
criterion_main!(benches);

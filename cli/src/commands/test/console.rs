//! The test report in libtest's text (rustc 1.95, pretty format): `running N tests`, one
//! `test NAME ... ok|FAILED|ignored` line per test (written when the test starts with one
//! thread, when it ends with several), the failures' output and notes, the sorted list of
//! failures and the `test result:` line.

use std::io::{self, Write};
use std::time::Instant;

use super::outcome::TestResult;
use super::selection::TestCase;

pub struct Console {
    multithreaded: bool,
    passed: usize,
    failed: usize,
    ignored: usize,
    /// Failed tests in the order they ended, with their output and note.
    failures: Vec<(String, Vec<u8>)>,
    started: Instant,
}

impl Console {
    pub fn new(threads: usize) -> Console {
        Console {
            multithreaded: threads > 1,
            passed: 0,
            failed: 0,
            ignored: 0,
            failures: Vec::new(),
            started: Instant::now(),
        }
    }

    pub fn run_start(&mut self, count: usize) {
        let noun = if count == 1 { "test" } else { "tests" };
        write(&format!("\nrunning {count} {noun}\n"));
        self.started = Instant::now();
    }

    pub fn test_started(&self, test: &TestCase) {
        if !self.multithreaded {
            write_test_name(test);
        }
    }

    pub fn test_ignored(&mut self, test: &TestCase) {
        write_test_name(test);
        write("ignored\n");
        self.ignored += 1;
    }

    pub fn test_finished(&mut self, test: &TestCase, result: TestResult, mut output: Vec<u8>) {
        if self.multithreaded {
            write_test_name(test);
        }
        match result {
            TestResult::Ok => {
                write("ok\n");
                self.passed += 1;
            }
            TestResult::Failed | TestResult::FailedMsg(_) => {
                write("FAILED\n");
                self.failed += 1;
                if let TestResult::FailedMsg(note) = result {
                    output.extend_from_slice(format!("note: {note}").as_bytes());
                }
                self.failures.push((test.name.clone(), output));
            }
        }
    }

    /// The failures and the `test result:` line; returns whether every test passed.
    pub fn finish(&self, filtered_out: usize) -> bool {
        let success = self.failed == 0;
        let mut text = String::new();
        if !success {
            text.push_str("\nfailures:\n");
            let with_output: Vec<_> = self
                .failures
                .iter()
                .filter(|(_, o)| !o.is_empty())
                .collect();
            if !with_output.is_empty() {
                text.push('\n');
                for (name, output) in with_output {
                    text.push_str(&format!("---- {name} stdout ----\n"));
                    text.push_str(&String::from_utf8_lossy(output));
                    text.push('\n');
                }
            }
            text.push_str("\nfailures:\n");
            let mut names: Vec<&str> = self.failures.iter().map(|(n, _)| n.as_str()).collect();
            names.sort();
            for name in names {
                text.push_str(&format!("    {name}\n"));
            }
        }
        let verdict = if success { "ok" } else { "FAILED" };
        text.push_str(&format!(
            "\ntest result: {verdict}. {} passed; {} failed; {} ignored; 0 measured; \
             {filtered_out} filtered out; finished in {:.2}s\n\n",
            self.passed,
            self.failed,
            self.ignored,
            self.started.elapsed().as_secs_f64()
        ));
        write(&text);
        success
    }
}

/// `--list`: `NAME: test` lines and the count.
pub fn list(tests: &[TestCase]) {
    let mut text = String::new();
    for test in tests {
        text.push_str(&format!("{}: test\n", test.name));
    }
    let noun = if tests.len() == 1 { "test" } else { "tests" };
    text.push_str(&format!("\n{} {noun}, 0 benchmarks\n", tests.len()));
    write(&text);
}

fn write_test_name(test: &TestCase) {
    write(&format!("test {} ... ", test.display_name()));
}

/// Writes to stdout at once (workers write to the same terminal); a closed stdout is
/// not an error worth stopping the tests for.
fn write(text: &str) {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

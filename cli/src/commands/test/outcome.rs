//! A finished test judged as libtest judges it: whether it had to panic, whether it did,
//! and whether the panic message holds the expected text. A process that crashed, was
//! killed at its deadline or called `std::process::exit` failed, with a note saying so.

use std::time::Duration;

use super::runner::{Termination, PANIC_EXIT_CODE};
use super::selection::TestCase;

/// libtest's test results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestResult {
    Ok,
    Failed,
    /// Failed, with a note printed after the output.
    FailedMsg(String),
}

/// How the test function ended.
enum Ending {
    Returned,
    Panicked(String),
    Other(String),
}

pub fn judge(
    test: &TestCase,
    termination: Termination,
    panic_message: &[u8],
    timeout: Duration,
) -> TestResult {
    let ending = match termination {
        Termination::Returned => Ending::Returned,
        Termination::Exited(PANIC_EXIT_CODE) => {
            Ending::Panicked(String::from_utf8_lossy(panic_message).into_owned())
        }
        Termination::Exited(code) => Ending::Other(format!(
            "the test process exited with code {code} (std::process::exit)"
        )),
        Termination::Signaled(signal) => Ending::Other(format!(
            "the test process was killed by signal {signal} ({})",
            describe_signal(signal)
        )),
        Termination::TimedOut => Ending::Other(format!(
            "the test did not finish within {} s and was killed (see --timeout)",
            timeout.as_secs_f64()
        )),
    };
    match (&test.attrs.should_panic, ending) {
        (_, Ending::Other(note)) => TestResult::FailedMsg(note),
        (None, Ending::Returned) => TestResult::Ok,
        (None, Ending::Panicked(_)) => TestResult::Failed,
        (Some(_), Ending::Returned) => TestResult::FailedMsg(format!(
            "test did not panic as expected at {}",
            test.location
        )),
        (Some(None), Ending::Panicked(_)) => TestResult::Ok,
        (Some(Some(expected)), Ending::Panicked(message)) => {
            if message.contains(expected.as_str()) {
                TestResult::Ok
            } else {
                TestResult::FailedMsg(format!(
                    "panic did not contain expected string\n      panic message: {message:?}\n \
                     expected substring: {expected:?}"
                ))
            }
        }
    }
}

fn describe_signal(signal: i32) -> &'static str {
    match signal {
        libc::SIGSEGV => "SIGSEGV: a stack overflow or an invalid memory access",
        libc::SIGBUS => "SIGBUS: an invalid memory access",
        libc::SIGILL => "SIGILL: an illegal instruction",
        libc::SIGFPE => "SIGFPE: an arithmetic fault",
        libc::SIGABRT => "SIGABRT: aborted",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}

#[cfg(test)]
mod tests {
    //! The notes are libtest's (rustc 1.95), checked by `tests/test_command.rs`.

    use clifcov_ir::{FuncId, TestAttrs};

    use super::*;

    fn case(should_panic: Option<Option<&str>>) -> TestCase {
        TestCase {
            func: FuncId(0),
            name: "t".to_string(),
            attrs: TestAttrs {
                ignore: false,
                should_panic: should_panic.map(|e| e.map(str::to_string)),
            },
            location: "t.rs:3:4".to_string(),
        }
    }

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn should_panic_tests_pass_by_panicking_with_the_expected_text() {
        let panicked = Termination::Exited(PANIC_EXIT_CODE);
        let returned = Termination::Returned;
        assert_eq!(judge(&case(None), returned, b"", MINUTE), TestResult::Ok);
        assert_eq!(
            judge(&case(None), panicked, b"boom", MINUTE),
            TestResult::Failed
        );
        assert_eq!(
            judge(&case(Some(None)), panicked, b"boom", MINUTE),
            TestResult::Ok
        );
        let expecting = case(Some(Some("oo")));
        assert_eq!(judge(&expecting, panicked, b"boom", MINUTE), TestResult::Ok);
        let expecting_other = case(Some(Some("other")));
        assert_eq!(
            judge(&expecting_other, panicked, b"b\"m", MINUTE),
            TestResult::FailedMsg(
                "panic did not contain expected string\n      panic message: \"b\\\"m\"\n \
                 expected substring: \"other\""
                    .to_string()
            )
        );
        assert_eq!(
            judge(&case(Some(None)), returned, b"", MINUTE),
            TestResult::FailedMsg("test did not panic as expected at t.rs:3:4".to_string())
        );
    }

    #[test]
    fn exits_crashes_and_timeouts_fail_even_when_a_panic_was_expected() {
        for termination in [
            Termination::Exited(0),
            Termination::Exited(3),
            Termination::Signaled(libc::SIGSEGV),
            Termination::TimedOut,
        ] {
            let result = judge(&case(Some(None)), termination, b"", MINUTE);
            assert!(
                matches!(result, TestResult::FailedMsg(_)),
                "{termination:?}"
            );
        }
    }
}

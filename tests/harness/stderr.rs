//! Splitting a program's stderr into the panic message and everything else.
//!
//! Rust's default panic hook writes `\nthread 'main' (TID) panicked at FILE:LINE:COL:\nMESSAGE\n`
//! followed by `note: run with `RUST_BACKTRACE=1` ...`. The thread id differs from run to run,
//! so it is replaced by `<tid>`; the blank line before `thread` belongs to the panic block.
//! The thread id of a stack overflow report (`thread 'main' (TID) has overflowed its stack`)
//! is replaced too.

/// A program's stderr, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitStderr {
    /// The panic block, thread id normalised, or `None` if the program did not panic.
    pub panic: Option<String>,
    /// Everything outside the panic block (e.g. `eprintln!` output), in order.
    pub other: String,
}

const PANIC_NOTE: &str = "note: run with `RUST_BACKTRACE=1`";

/// Splits `stderr` at the first panic block.
pub fn split(stderr: &str) -> SplitStderr {
    let lines: Vec<&str> = stderr.split_inclusive('\n').collect();
    let Some(first) = lines.iter().position(|line| is_panic_header(line)) else {
        return SplitStderr {
            panic: None,
            other: lines.iter().map(|line| normalise_thread_id(line)).collect(),
        };
    };
    let start = if first > 0 && lines[first - 1] == "\n" {
        first - 1
    } else {
        first
    };
    let end = lines[first..]
        .iter()
        .position(|line| line.starts_with(PANIC_NOTE))
        .map_or(lines.len(), |offset| first + offset + 1);
    let panic = lines[start..end]
        .iter()
        .map(|line| normalise_thread_id(line))
        .collect();
    let other = lines[..start]
        .iter()
        .chain(&lines[end..])
        .map(|line| normalise_thread_id(line))
        .collect();
    SplitStderr {
        panic: Some(panic),
        other,
    }
}

fn is_panic_header(line: &str) -> bool {
    line.starts_with("thread '") && line.contains(" panicked at ")
}

/// Whether `line` names a thread and its id: a panic header or a stack overflow report.
fn names_thread(line: &str) -> bool {
    is_panic_header(line)
        || (line.starts_with("thread '") && line.contains(") has overflowed its stack"))
}

/// `thread 'main' (12345) panicked at` becomes `thread 'main' (<tid>) panicked at`, and so
/// for a stack overflow report.
fn normalise_thread_id(line: &str) -> String {
    if !names_thread(line) {
        return line.to_string();
    }
    let Some(open) = line.find("' (") else {
        return line.to_string();
    };
    let digits_start = open + 3;
    let digits = line[digits_start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(0);
    if digits > 0 && line[digits_start + digits..].starts_with(')') {
        format!(
            "{}<tid>{}",
            &line[..digits_start],
            &line[digits_start + digits..]
        )
    } else {
        line.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str =
        "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

    #[test]
    fn stderr_without_panic_is_all_other() {
        let split = split("hello\nworld\n");
        assert_eq!(split.panic, None);
        assert_eq!(split.other, "hello\nworld\n");
    }

    #[test]
    fn panic_block_is_cut_out_with_its_blank_line_and_tid_normalised() {
        let stderr = format!(
            "before\n\nthread 'main' (4242) panicked at a.rs:1:2:\nassertion `left == right` failed\n  left: 1\n right: 2\n{NOTE}"
        );
        let split = split(&stderr);
        assert_eq!(split.other, "before\n");
        assert_eq!(
            split.panic.unwrap(),
            format!("\nthread 'main' (<tid>) panicked at a.rs:1:2:\nassertion `left == right` failed\n  left: 1\n right: 2\n{NOTE}")
        );
    }

    #[test]
    fn a_header_without_thread_id_is_kept_as_written() {
        let split = split(&format!(
            "thread 'main' panicked at a.rs:1:2:\nboom\n{NOTE}"
        ));
        assert_eq!(
            split.panic.unwrap(),
            format!("thread 'main' panicked at a.rs:1:2:\nboom\n{NOTE}")
        );
        assert_eq!(split.other, "");
    }

    #[test]
    fn a_stack_overflow_report_is_other_stderr_with_its_tid_normalised() {
        let report = "\nthread 'main' (77) has overflowed its stack\nfatal runtime error: stack overflow, aborting\n";
        let split = split(&format!("going down\n{report}"));
        assert_eq!(split.panic, None);
        assert_eq!(
            split.other,
            "going down\n\nthread 'main' (<tid>) has overflowed its stack\nfatal runtime error: stack overflow, aborting\n"
        );
    }

    #[test]
    fn a_panic_block_without_note_runs_to_the_end() {
        let split = split("\nthread 'main' (1) panicked at a.rs:1:2:\nboom\n");
        assert_eq!(
            split.panic.unwrap(),
            "\nthread 'main' (<tid>) panicked at a.rs:1:2:\nboom\n"
        );
    }
}

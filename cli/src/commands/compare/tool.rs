//! Running an external tool (rustc, llvm-profdata, llvm-cov) to completion: its stdout when
//! it succeeds, a message naming the command and quoting its stderr when it does not.

use std::process::{Command, Stdio};

use crate::failure::Failure;

/// Runs `command` without stdin; `what` says what it was for (`build with rustc`).
pub fn stdout_of(command: &mut Command, what: &str) -> Result<String, Failure> {
    let shown = command_line(command);
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Failure::error(format!("could not {what}: `{shown}` did not start: {e}")))?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    Err(Failure::error(format!(
        "could not {what}: `{shown}` failed ({})\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim_end()
    )))
}

/// The command as a user would type it (for messages).
fn command_line(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_command_and_quote_its_stderr() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo broken >&2; exit 3"]);
        let error = stdout_of(&mut command, "test").unwrap_err().to_string();
        assert!(
            error.starts_with("error: could not test: `sh -c"),
            "{error}"
        );
        assert!(
            error.contains("exit status: 3") && error.ends_with("broken"),
            "{error}"
        );
        let mut command = Command::new("sh");
        command.args(["-c", "echo out"]);
        assert_eq!(stdout_of(&mut command, "test").unwrap(), "out\n");
        let mut missing = Command::new("/nonexistent/tool");
        let error = stdout_of(&mut missing, "test").unwrap_err().to_string();
        assert!(error.contains("did not start"), "{error}");
    }
}

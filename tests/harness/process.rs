//! Running a child process with a time limit and capturing everything it writes.

use std::fmt;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How a process ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Termination {
    Exited(i32),
    Signalled(i32),
    TimedOut(Duration),
    FailedToStart(String),
}

impl fmt::Display for Termination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Termination::Exited(code) => write!(f, "exit code {code}"),
            Termination::Signalled(signal) => write!(f, "killed by signal {signal}"),
            Termination::TimedOut(limit) => write!(f, "timed out after {}s", limit.as_secs()),
            Termination::FailedToStart(reason) => write!(f, "could not be started: {reason}"),
        }
    }
}

/// What a finished process left behind.
#[derive(Debug, Clone)]
pub struct Captured {
    pub stdout: String,
    pub stderr: String,
    pub termination: Termination,
}

impl Captured {
    pub fn succeeded(&self) -> bool {
        self.termination == Termination::Exited(0)
    }
}

/// Runs `command` with no stdin, kills it after `limit`, and captures both output streams.
pub fn run(command: &mut Command, limit: Duration) -> Captured {
    let spawned = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => {
            return Captured {
                stdout: String::new(),
                stderr: String::new(),
                termination: Termination::FailedToStart(error.to_string()),
            }
        }
    };
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let termination = wait_with_limit(&mut child, limit);
    Captured {
        stdout: collect(stdout),
        stderr: collect(stderr),
        termination,
    }
}

fn drain(stream: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut stream) = stream {
            // A read error only shortens the capture; the comparison then shows the difference.
            let _ = stream.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn collect(reader: JoinHandle<Vec<u8>>) -> String {
    let bytes = reader.join().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn wait_with_limit(child: &mut Child, limit: Duration) -> Termination {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return termination_of(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Termination::TimedOut(limit);
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(error) => return Termination::FailedToStart(error.to_string()),
        }
    }
}

fn termination_of(status: std::process::ExitStatus) -> Termination {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Termination::Exited(code),
        (None, Some(signal)) => Termination::Signalled(signal),
        (None, None) => Termination::FailedToStart(format!("unknown status {status:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_both_streams_and_the_exit_code() {
        let captured = run(
            Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]),
            Duration::from_secs(10),
        );
        assert_eq!(captured.stdout, "out\n");
        assert_eq!(captured.stderr, "err\n");
        assert_eq!(captured.termination, Termination::Exited(3));
    }

    #[test]
    fn kills_a_process_that_runs_too_long() {
        let limit = Duration::from_millis(200);
        let captured = run(Command::new("sleep").arg("10"), limit);
        assert_eq!(captured.termination, Termination::TimedOut(limit));
    }

    #[test]
    fn reports_a_missing_program() {
        let captured = run(
            &mut Command::new("/nonexistent/program"),
            Duration::from_secs(1),
        );
        assert!(matches!(
            captured.termination,
            Termination::FailedToStart(_)
        ));
    }
}

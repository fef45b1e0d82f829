//! How a command fails: a message for the user and the exit code that goes with it.

use std::fmt;

/// Everything that stops a command. Rendered once, in `main`, never as a panic.
#[derive(Debug)]
pub enum Failure {
    /// Rustc-style diagnostics about the user's program, already rendered.
    Diagnostics(String),
    /// A plain error with what to do about it.
    Error(String),
}

impl Failure {
    pub fn error(message: impl Into<String>) -> Failure {
        Failure::Error(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Diagnostics(text) => f.write_str(text.trim_end()),
            Failure::Error(message) => write!(f, "error: {message}"),
        }
    }
}

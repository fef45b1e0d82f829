//! The backend's error type: every way lowering a program can fail, with a message for the user.

use std::fmt;

use clifcov_ir::ValidationError;
use cranelift_codegen::CodegenError;
use cranelift_module::ModuleError;

#[derive(Debug)]
pub enum BackendError {
    /// The IR failed validation; the backend only lowers valid programs.
    InvalidIr(Vec<ValidationError>),
    /// The program defines no `main` function.
    MissingMain,
    /// `main` takes arguments or returns a value.
    InvalidMain(String),
    /// A construct of function `function` that this backend cannot lower (yet).
    Unsupported { function: String, message: String },
    /// A construct of function `function` that is malformed in a way validation does not catch.
    Malformed { function: String, message: String },
    /// The code generator could not be set up for the target.
    Target(String),
    /// Cranelift rejected what was built for `item` (a function or data object).
    Cranelift { item: String, message: String },
    /// Writing the object file failed.
    Object(String),
    /// The coverage data does not fit the program.
    Coverage(String),
}

impl BackendError {
    pub(crate) fn cranelift(item: impl Into<String>, error: ModuleError) -> BackendError {
        let message = match error {
            ModuleError::Compilation(error) => describe_codegen_error(&error),
            other => other.to_string(),
        };
        BackendError::Cranelift {
            item: item.into(),
            message,
        }
    }

    pub(crate) fn codegen(item: impl Into<String>, error: &CodegenError) -> BackendError {
        BackendError::Cranelift {
            item: item.into(),
            message: describe_codegen_error(error),
        }
    }
}

/// `CodegenError`'s own message hides the verifier's findings; spell them out.
fn describe_codegen_error(error: &CodegenError) -> String {
    match error {
        CodegenError::Verifier(errors) => {
            format!("the Cranelift verifier rejected the function:\n{errors}")
        }
        other => other.to_string(),
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::InvalidIr(errors) => {
                write!(f, "invalid IR:")?;
                for error in errors {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
            BackendError::MissingMain => write!(f, "the program has no `main` function"),
            BackendError::InvalidMain(message) => write!(f, "invalid `main` function: {message}"),
            BackendError::Unsupported { function, message } => {
                write!(f, "cannot compile `{function}`: {message}")
            }
            BackendError::Malformed { function, message } => {
                write!(f, "malformed IR in `{function}`: {message}")
            }
            BackendError::Target(message) => {
                write!(f, "cannot set up the x86-64 target: {message}")
            }
            BackendError::Cranelift { item, message } => {
                write!(f, "Cranelift failed on {item}: {message}")
            }
            BackendError::Object(message) => write!(f, "cannot write the object file: {message}"),
            BackendError::Coverage(message) => write!(f, "invalid coverage data: {message}"),
        }
    }
}

impl std::error::Error for BackendError {}

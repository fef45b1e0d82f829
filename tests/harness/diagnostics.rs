//! Reading rustc-style diagnostics back from a compiler's stderr: each `error...:` line paired
//! with the ` --> FILE:LINE:COL` line that follows it.

/// One error diagnostic: its headline and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The `error: ...` or `error[E0308]: ...` line.
    pub message: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// The located error diagnostics in `stderr`, in order (the final `aborting` line has no location).
pub fn parse(stderr: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut pending: Option<&str> = None;
    for line in stderr.lines() {
        if is_error_headline(line) {
            pending = Some(line);
        } else if let Some((file, line_number, column)) = location(line) {
            if let Some(message) = pending.take() {
                diagnostics.push(Diagnostic {
                    message: message.to_string(),
                    file,
                    line: line_number,
                    column,
                });
            }
        }
    }
    diagnostics
}

fn is_error_headline(line: &str) -> bool {
    line.starts_with("error:") || (line.starts_with("error[") && line.contains("]:"))
}

/// Parses ` --> FILE:LINE:COL` (any indentation).
fn location(line: &str) -> Option<(String, u32, u32)> {
    let rest = line.trim_start().strip_prefix("--> ")?;
    let mut parts = rest.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line_number = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_string();
    Some((file, line_number, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_headlines_with_locations() {
        let stderr = "error[E0308]: mismatched types\n --> tests/reject/a.rs:4:18\n  |\n4 |     let x: i32 = true;\n  |                  ^^^^\n\nerror: unsupported expression: closure\n  --> tests/reject/a.rs:10:13\n\nerror: aborting due to 2 previous errors\n";
        let diagnostics = parse(stderr);
        assert_eq!(
            diagnostics,
            vec![
                Diagnostic {
                    message: "error[E0308]: mismatched types".to_string(),
                    file: "tests/reject/a.rs".to_string(),
                    line: 4,
                    column: 18,
                },
                Diagnostic {
                    message: "error: unsupported expression: closure".to_string(),
                    file: "tests/reject/a.rs".to_string(),
                    line: 10,
                    column: 13,
                },
            ]
        );
    }

    #[test]
    fn warnings_are_not_errors() {
        assert!(parse("warning: unused\n --> a.rs:1:1\n").is_empty());
    }
}

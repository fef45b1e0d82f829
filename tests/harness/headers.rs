//! Header comments at the top of test programs.
//!
//! `// args: a b c` asks for one run of a corpus program with those arguments; several such lines
//! mean several runs, `// args:` alone is a run without arguments, and no such line means one run
//! without arguments. `// expect-error: LINE:COL: PATTERN` says a rejected program must get an
//! `error` diagnostic at LINE:COL whose `error...:` line contains PATTERN, where `*` in PATTERN
//! stands for any text. Headers are the `//` lines before the first other line.

/// The parsed headers of one program.
#[derive(Debug, Clone, PartialEq)]
pub struct Headers {
    pub runs: Vec<Vec<String>>,
    pub expected_errors: Vec<ExpectedError>,
}

/// One `// expect-error:` line.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedError {
    pub line: u32,
    pub column: u32,
    pub pattern: String,
}

impl ExpectedError {
    /// Whether `message` (an `error...: ...` line) contains the pattern, `*` matching any text.
    pub fn matches_message(&self, message: &str) -> bool {
        let mut rest = message;
        for piece in self.pattern.split('*') {
            match rest.find(piece) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
        true
    }

    /// Whether the expectation is about a construct outside the subset rather than a type error.
    pub fn is_unsupported_construct(&self) -> bool {
        self.pattern.starts_with("unsupported")
    }
}

impl std::fmt::Display for ExpectedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.pattern)
    }
}

const ARGS: &str = "// args:";
const EXPECT_ERROR: &str = "// expect-error:";

/// Reads the headers of a program's source text.
pub fn parse(source: &str) -> Result<Headers, String> {
    let mut runs = Vec::new();
    let mut expected_errors = Vec::new();
    for line in source.lines().take_while(|line| line.starts_with("//")) {
        if let Some(arguments) = line.strip_prefix(ARGS) {
            runs.push(arguments.split_whitespace().map(str::to_string).collect());
        } else if let Some(expectation) = line.strip_prefix(EXPECT_ERROR) {
            expected_errors.push(parse_expected_error(expectation.trim())?);
        }
    }
    if runs.is_empty() {
        runs.push(Vec::new());
    }
    Ok(Headers {
        runs,
        expected_errors,
    })
}

fn parse_expected_error(text: &str) -> Result<ExpectedError, String> {
    let malformed =
        || format!("malformed `{EXPECT_ERROR}` header (want LINE:COL: PATTERN): {text}");
    let mut parts = text.splitn(3, ':');
    let line = parts.next().and_then(|p| p.trim().parse().ok());
    let column = parts.next().and_then(|p| p.trim().parse().ok());
    let pattern = parts.next().map(str::trim).filter(|p| !p.is_empty());
    match (line, column, pattern) {
        (Some(line), Some(column), Some(pattern)) => Ok(ExpectedError {
            line,
            column,
            pattern: pattern.to_string(),
        }),
        _ => Err(malformed()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_args_lines_means_one_run_without_arguments() {
        let headers = parse("// A program.\nfn main() {}\n").unwrap();
        assert_eq!(headers.runs, vec![Vec::<String>::new()]);
    }

    #[test]
    fn each_args_line_is_one_run() {
        let headers =
            parse("// args:\n// args: a b\n// note\nfn main() {}\n// args: late\n").unwrap();
        assert_eq!(
            headers.runs,
            vec![vec![], vec!["a".to_string(), "b".to_string()]]
        );
    }

    #[test]
    fn expect_error_lines_are_parsed_with_colons_in_the_pattern() {
        let headers = parse("// expect-error: 4:13: unsupported expression: closure\n").unwrap();
        let expected = &headers.expected_errors[0];
        assert_eq!((expected.line, expected.column), (4, 13));
        assert_eq!(expected.pattern, "unsupported expression: closure");
        assert!(expected.is_unsupported_construct());
    }

    #[test]
    fn malformed_expect_error_is_an_error() {
        assert!(parse("// expect-error: 4: closure\n").is_err());
        assert!(parse("// expect-error: 4:5:\n").is_err());
    }

    #[test]
    fn star_matches_any_text_in_order() {
        let expected = parse_expected_error("1:1: unsupported*closure").unwrap();
        assert!(expected.matches_message("error: unsupported expression: closure"));
        assert!(expected.matches_message("error: unsupported closure"));
        assert!(!expected.matches_message("error: closure unsupported"));
    }
}

//! Which tests there are and which of them run, as libtest decides: every `#[test]`
//! function, sorted by name, filtered by substring (or exact name) and by `#[ignore]`.

use clifcov_ir::{FuncId, Program, TestAttrs};

/// A `#[test]` function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestCase {
    pub func: FuncId,
    pub name: String,
    pub attrs: TestAttrs,
    /// `FILE:LINE:COL` of the function's name, as libtest reports it.
    pub location: String,
}

impl TestCase {
    /// The name libtest shows: `NAME - should panic` for `#[should_panic]` tests.
    pub fn display_name(&self) -> String {
        if self.attrs.should_panic.is_some() {
            format!("{} - should panic", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// How tests are chosen.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Names must contain one of these (equal one, with `exact`); none means all.
    pub patterns: Vec<String>,
    pub exact: bool,
    /// Run only `#[ignore]` tests.
    pub ignored_only: bool,
    /// Run `#[ignore]` tests too.
    pub include_ignored: bool,
}

/// The tests that run, and how many were filtered out.
pub struct Selection {
    pub tests: Vec<TestCase>,
    pub filtered_out: usize,
}

impl Filters {
    pub fn select(&self, all: Vec<TestCase>) -> Selection {
        let total = all.len();
        let tests: Vec<TestCase> = all
            .into_iter()
            .filter(|test| self.matches(&test.name))
            .filter(|test| !self.ignored_only || test.attrs.ignore)
            .collect();
        Selection {
            filtered_out: total - tests.len(),
            tests,
        }
    }

    fn matches(&self, name: &str) -> bool {
        self.patterns.is_empty()
            || self.patterns.iter().any(|pattern| {
                if self.exact {
                    name == pattern
                } else {
                    name.contains(pattern.as_str())
                }
            })
    }

    /// Whether an `#[ignore]` test is reported as ignored instead of run.
    pub fn skips(&self, test: &TestCase) -> bool {
        test.attrs.ignore && !self.ignored_only && !self.include_ignored
    }
}

/// Every `#[test]` function of `program`, sorted by name.
pub fn test_cases(program: &Program, source: &str) -> Vec<TestCase> {
    let lines: Vec<&str> = source.lines().collect();
    let mut tests: Vec<TestCase> = program
        .functions
        .iter()
        .enumerate()
        .filter_map(|(index, function)| {
            let attrs = function.test.clone()?;
            let (line, col) = name_position(&lines, function.sig_span.lo, &function.name);
            Some(TestCase {
                func: FuncId(index as u32),
                name: function.name.clone(),
                attrs,
                location: format!("{}:{line}:{col}", program.source_path),
            })
        })
        .collect();
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    tests
}

/// The line and (character) column of the function's name in the source `lines`: the
/// first occurrence of it on or after the `fn` keyword at `fn_keyword`.
fn name_position(lines: &[&str], fn_keyword: clifcov_ir::Pos, name: &str) -> (u32, u32) {
    let first = fn_keyword.line as usize - 1;
    for (index, text) in lines.iter().enumerate().skip(first) {
        let line = index as u32 + 1;
        let skip = if line == fn_keyword.line {
            fn_keyword.col as usize - 1
        } else {
            0
        };
        let rest: String = text.chars().skip(skip).collect();
        if let Some(byte) = find_word(&rest, name) {
            let col = skip + rest[..byte].chars().count() + 1;
            return (line, col as u32);
        }
    }
    (fn_keyword.line, fn_keyword.col)
}

/// The byte offset of `word` in `text` as a whole identifier.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, ignore: bool) -> TestCase {
        TestCase {
            func: FuncId(0),
            name: name.to_string(),
            attrs: TestAttrs {
                ignore,
                should_panic: None,
            },
            location: String::new(),
        }
    }

    fn names(selection: &Selection) -> Vec<&str> {
        selection.tests.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn filters_by_substring_exact_name_and_ignore() {
        let all = vec![case("adds", false), case("add", true), case("subs", false)];
        let by_substring = Filters {
            patterns: vec!["add".to_string()],
            ..Filters::default()
        };
        let selection = by_substring.select(all.clone());
        assert_eq!(
            (names(&selection), selection.filtered_out),
            (vec!["adds", "add"], 1)
        );
        let exact = Filters {
            patterns: vec!["add".to_string()],
            exact: true,
            ..Filters::default()
        };
        assert_eq!(names(&exact.select(all.clone())), ["add"]);
        let ignored = Filters {
            ignored_only: true,
            ..Filters::default()
        };
        let selection = ignored.select(all);
        assert_eq!(
            (names(&selection), selection.filtered_out),
            (vec!["add"], 2)
        );
        assert!(!ignored.skips(&case("add", true)));
        assert!(Filters::default().skips(&case("add", true)));
    }

    #[test]
    fn the_name_position_is_after_the_fn_keyword() {
        let source = ["#[test]", "fn fn_a() {}", "#[test]", "fn", "  spaced() {}"];
        assert_eq!(
            name_position(&source, clifcov_ir::Pos::new(2, 1), "fn_a"),
            (2, 4)
        );
        assert_eq!(
            name_position(&source, clifcov_ir::Pos::new(4, 1), "spaced"),
            (5, 3)
        );
    }
}

//! A short line diff between an expected and an actual text, for mismatch reports.

/// The largest `expected lines * actual lines` table the diff computes; beyond it, only the
/// first differing line is shown.
const TABLE_LIMIT: usize = 4_000_000;

/// Lines of the diff: `-` only in expected, `+` only in actual, with `@ line N` markers before
/// each group of changes; at most `max_lines` lines, then an ellipsis line.
pub fn short_diff(expected: &str, actual: &str, max_lines: usize) -> Vec<String> {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let edits = if old.len().saturating_mul(new.len()) <= TABLE_LIMIT {
        edit_script(&old, &new)
    } else {
        first_difference(&old, &new)
    };
    let mut lines = render(&edits);
    if lines.len() > max_lines {
        let hidden = lines.len() - max_lines;
        lines.truncate(max_lines);
        lines.push(format!("... {hidden} more diff lines"));
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Edit<'a> {
    Same,
    Removed(usize, &'a str),
    Added(usize, &'a str),
}

/// Longest-common-subsequence edit script; `usize` is the 1-based line in the side it came from.
fn edit_script<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Edit<'a>> {
    let width = new.len() + 1;
    let mut common = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * width + j] = if old[i] == new[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut edits = Vec::new();
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            edits.push(Edit::Same);
            i += 1;
            j += 1;
        } else if i < old.len()
            && (j == new.len() || common[(i + 1) * width + j] >= common[i * width + j + 1])
        {
            edits.push(Edit::Removed(i + 1, old[i]));
            i += 1;
        } else {
            edits.push(Edit::Added(j + 1, new[j]));
            j += 1;
        }
    }
    edits
}

/// For very long texts: only the first line where they differ.
fn first_difference<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Edit<'a>> {
    let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let mut edits = vec![Edit::Same; same];
    if let Some(line) = old.get(same) {
        edits.push(Edit::Removed(same + 1, line));
    }
    if let Some(line) = new.get(same) {
        edits.push(Edit::Added(same + 1, line));
    }
    edits
}

fn render(edits: &[Edit]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_group = false;
    for edit in edits {
        match edit {
            Edit::Same => in_group = false,
            Edit::Removed(line, text) | Edit::Added(line, text) => {
                if !in_group {
                    lines.push(format!("@ line {line}"));
                    in_group = true;
                }
                let sign = if matches!(edit, Edit::Removed(..)) {
                    '-'
                } else {
                    '+'
                };
                lines.push(format!("{sign} {}", visible(text)));
            }
        }
    }
    lines
}

/// Shows control characters and trailing spaces, which would otherwise be invisible in a report.
pub fn visible(text: &str) -> String {
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '\t' => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect();
    let trimmed = escaped.trim_end_matches(' ');
    let trailing = escaped.len() - trimmed.len();
    format!("{trimmed}{}", "\u{b7}".repeat(trailing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_an_empty_diff() {
        assert!(short_diff("a\nb\n", "a\nb\n", 10).is_empty());
    }

    #[test]
    fn a_changed_line_is_removed_and_added() {
        let diff = short_diff("a\nb\nc\n", "a\nx\nc\n", 10);
        assert_eq!(diff, ["@ line 2", "- b", "+ x"]);
    }

    #[test]
    fn missing_and_extra_lines_are_shown() {
        assert_eq!(short_diff("a\nb\n", "a\n", 10), ["@ line 2", "- b"]);
        assert_eq!(short_diff("a\n", "a\nb\n", 10), ["@ line 2", "+ b"]);
    }

    #[test]
    fn long_diffs_are_cut() {
        let diff = short_diff("1\n2\n3\n4\n", "5\n6\n7\n8\n", 3);
        assert_eq!(diff.len(), 4);
        assert_eq!(diff[3], "... 6 more diff lines");
    }

    #[test]
    fn invisible_characters_are_made_visible() {
        assert_eq!(visible("tab\there  "), "tab\\there\u{b7}\u{b7}");
        assert_eq!(visible("thread 'main' \"x\""), "thread 'main' \"x\"");
    }
}

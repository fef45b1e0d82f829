//! The test programs in a directory (`tests/corpus`, `tests/reject`) with their headers.

use std::fs;

use super::headers::{self, Headers};
use super::settings::Settings;

/// One `.rs` file and what its headers ask for.
#[derive(Debug, Clone)]
pub struct Program {
    /// The file stem, e.g. `overflow_i8`.
    pub name: String,
    /// The path relative to the workspace root, e.g. `tests/corpus/overflow_i8.rs`; both compilers
    /// are given exactly this path so that panic locations agree.
    pub source: String,
    pub headers: Headers,
}

impl Program {
    /// How to label run `index` in reports: its arguments.
    pub fn run_label(&self, index: usize) -> String {
        let arguments = &self.headers.runs[index];
        if arguments.is_empty() {
            "run without arguments".to_string()
        } else {
            format!("run with arguments `{}`", arguments.join(" "))
        }
    }
}

/// Loads every selected `.rs` file of `directory` (relative to the workspace root), sorted by name.
pub fn load(settings: &Settings, directory: &str) -> Result<Vec<Program>, String> {
    let absolute = settings.root.join(directory);
    let entries =
        fs::read_dir(&absolute).map_err(|e| format!("cannot read {}: {e}", absolute.display()))?;
    let mut programs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = rust_file_stem(&path) else {
            continue;
        };
        if !settings.selects(&name) {
            continue;
        }
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let headers = headers::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        programs.push(Program {
            source: format!("{directory}/{name}.rs"),
            name,
            headers,
        });
    }
    programs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(programs)
}

fn rust_file_stem(path: &std::path::Path) -> Option<String> {
    if path.extension()? != "rs" {
        return None;
    }
    Some(path.file_stem()?.to_str()?.to_string())
}

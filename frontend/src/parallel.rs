//! The first steps of the front end (parse, nesting check, conversion to the subset AST) on
//! several threads. The file is cut between top-level items (`item_cuts.rs`) and each worker
//! parses one part, padded with the newlines before it so that syn's positions are the
//! file's. Converting a function needs the imports of the whole file, so the workers first
//! report their `use` items, then convert their items numbering expressions and bindings
//! from zero; the coordinator moves each part's ids after those of the parts before it
//! (`id_shift.rs`). A part that does not parse cleanly gives up the whole attempt: the
//! caller then parses the file on one thread, which reports every error as before.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::Scope;

use crate::ast::File;
use crate::diagnostics::Diagnostic;
use crate::id_shift::IdCounts;
use crate::item_cuts::cut_points;
use crate::syntax::{self, Imports, ItemsConverted, UsesFound};

/// Parts smaller than this are not worth a thread.
const MIN_PART_BYTES: usize = 16 * 1024;

/// [`syntax::convert_file`] of the parsed `source`, computed on several threads; `None`
/// when the file is too small to split, cannot be split or does not parse cleanly.
pub fn convert_in_parts(source: &str, stack_size: usize) -> Option<(File, Vec<Diagnostic>)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    convert_parts(&split(source, threads), stack_size)
}

fn convert_parts(parts: &[Part<'_>], stack_size: usize) -> Option<(File, Vec<Diagnostic>)> {
    if parts.len() < 2 {
        return None;
    }
    std::thread::scope(|scope| {
        let workers = spawn_workers(scope, parts, stack_size)?;
        coordinate(workers)
    })
}

/// A run of whole items: its text, and the file's lines before it.
struct Part<'a> {
    text: &'a str,
    lines_before: usize,
}

impl Part<'_> {
    /// The text as syn must see it to give file positions: after as many empty lines.
    fn padded(&self) -> String {
        let mut padded = "\n".repeat(self.lines_before);
        padded.push_str(self.text);
        padded
    }
}

/// The parts for `threads` threads; one part (the whole file) when splitting is not worth
/// it. A file with a byte order mark or a shebang line stays whole: `syn::parse_file` treats
/// their first line specially.
fn split(source: &str, threads: usize) -> Vec<Part<'_>> {
    let parts = threads.min(source.len() / MIN_PART_BYTES).max(1);
    let shebang = source.starts_with("#!") && !source.starts_with("#![");
    let special_start = source.starts_with('\u{feff}') || shebang;
    let cuts = if special_start {
        Vec::new()
    } else {
        cut_points(source, &cut_targets(source.len(), parts))
    };
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain(std::iter::once(source.len()));
    starts
        .zip(ends)
        .map(|(start, end)| Part {
            text: &source[start..end],
            lines_before: source.as_bytes()[..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
        })
        .collect()
}

/// The offsets where `parts` equal parts of a file of `len` bytes would end, but the last.
fn cut_targets(len: usize, parts: usize) -> Vec<usize> {
    (1..parts).map(|part| len * part / parts).collect()
}

/// What the coordinator holds of the running workers.
struct Workers<'scope> {
    /// Each worker's `use` items, tagged with its index; `None` from a part that failed.
    uses: Receiver<(usize, Option<UsesFound>)>,
    /// Where to send each worker the imports of the whole file.
    imports: Vec<Sender<Imports>>,
    handles: Vec<std::thread::ScopedJoinHandle<'scope, Option<(ItemsConverted, IdCounts)>>>,
}

/// The channels a worker talks through.
struct WorkerLinks {
    index: usize,
    uses: Sender<(usize, Option<UsesFound>)>,
    imports: Receiver<Imports>,
}

fn spawn_workers<'scope>(
    scope: &'scope Scope<'scope, '_>,
    parts: &[Part<'_>],
    stack_size: usize,
) -> Option<Workers<'scope>> {
    let (uses_out, uses) = channel();
    let mut imports = Vec::new();
    let mut handles = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let (imports_out, imports_in) = channel();
        let links = WorkerLinks {
            index,
            uses: uses_out.clone(),
            imports: imports_in,
        };
        let text = part.padded();
        let handle = std::thread::Builder::new()
            .name(format!("clifcov-frontend-{index}"))
            .stack_size(stack_size)
            .spawn_scoped(scope, move || convert_part(&text, links))
            .ok()?;
        imports.push(imports_out);
        handles.push(handle);
    }
    Some(Workers {
        uses,
        imports,
        handles,
    })
}

/// A worker: parses and checks its part, reports its `use` items, then, given the imports,
/// converts its items with ids from zero; also returns the id counts. `None` when its part
/// or another failed.
fn convert_part(text: &str, links: WorkerLinks) -> Option<(ItemsConverted, IdCounts)> {
    let parsed = syn::parse_str::<syn::File>(text).ok().filter(|file| {
        (links.index == 0 || file.attrs.is_empty()) && syntax::check_depth(file).is_ok()
    });
    let uses = parsed
        .as_ref()
        .map(|file| syntax::convert_uses(&file.attrs, &file.items));
    // Sent once and dropped: a worker that dies disconnects instead of leaving the
    // coordinator waiting.
    let report = links.uses;
    report.send((links.index, uses)).ok()?;
    drop(report);
    let file = parsed?;
    let imports = links.imports.recv().ok()?;
    Some(syntax::convert_items(
        &file.items,
        imports,
        IdCounts::default(),
    ))
}

/// Collects the workers' `use` items, sends them the file's imports and joins the results in
/// file order, each part's ids after those of the parts before it: the errors of inner
/// attributes and `use` items first, then those of the items, as [`syntax::convert_file`]
/// orders them.
fn coordinate(workers: Workers<'_>) -> Option<(File, Vec<Diagnostic>)> {
    let count = workers.handles.len();
    let mut found: Vec<Option<UsesFound>> = (0..count).map(|_| None).collect();
    for _ in 0..count {
        let (index, uses) = workers.uses.recv().ok()?;
        found[index] = Some(uses?);
    }
    let found: Vec<UsesFound> = found.into_iter().collect::<Option<_>>()?;
    let imports = found
        .iter()
        .fold(Imports::default(), |all, part| all.union(part.imports));
    for sender in &workers.imports {
        sender.send(imports).ok()?;
    }
    let mut items = ItemsConverted::default();
    let mut ids = IdCounts::default();
    for handle in workers.handles {
        let (part, counts) = handle.join().ok()??;
        items.append(part, ids);
        ids = ids.plus(counts);
    }
    let (file, item_errors) = items.into_file(ids);
    let mut errors: Vec<Diagnostic> = found.into_iter().flat_map(|part| part.errors).collect();
    errors.extend(item_errors);
    Some((file, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted_alone(source: &str) -> (File, Vec<Diagnostic>) {
        let parsed = syn::parse_file(source).expect("test source parses");
        syntax::convert_file(&parsed)
    }

    /// A program of many functions, big enough to be split, with `use` items at both ends
    /// and errors in several parts.
    fn big_program() -> String {
        let mut source = String::from("#![allow(unused)]\nuse std::env;\n");
        for i in 0..300 {
            source.push_str(&format!(
                "/// f{i}\nfn f{i}(a: i64, mut b: i64, _: u8) -> i64 {{
    let mut x: i64 = -a * {i} + (b as i64);
    'outer: for k in (0..3).rev() {{
        while x > 3 {{ x -= 1; if x == 7 {{ continue 'outer; }} }}
        b += k;
    }}
    let y = loop {{ break x + 1; }};
    let z = {{ let w = !true; if w {{ 1 }} else {{ 2 }} }};
    println!(\"{{}} {{y}} {{z}}\", x, z = z);
    assert!(x >= 0, \"x is {{}}\", x);
    assert_eq!(y, y, \"y\");
    if b > 100 {{ panic!(\"too big {{}}\", b); }} else if b < -100 {{ unreachable!(); }}
    match x {{ 0 => return 1, n @ 1..=3 => n, 4 | 5 => f0(x, b, 0), _ if b > 1 => process::exit(2), _ => x }}
}}\n\n"
            ));
            if i % 150 == 7 {
                source.push_str(&format!("struct S{i};\nfn g{i}() {{ let t = (1, 2); }}\n"));
            }
        }
        source.push_str(
            "use std::process;\nfn main() { println!(\"{}\", f1(env::args().len() as i64, 0, 0)); }\n",
        );
        source
    }

    #[test]
    fn same_file_and_errors_as_one_thread() {
        let source = big_program();
        let parts = split(&source, 3);
        assert_eq!(parts.len(), 3);
        let (file, errors) = convert_parts(&parts, 1 << 26).expect("parses");
        let (alone, alone_errors) = converted_alone(&source);
        assert_eq!(format!("{file:?}"), format!("{alone:?}"));
        assert_eq!(format!("{errors:?}"), format!("{alone_errors:?}"));
        assert_eq!(errors.len(), 4, "{errors:?}");
    }

    #[test]
    fn parts_keep_file_positions() {
        let source = big_program();
        let parts = split(&source, 4);
        assert_eq!(parts.len(), 4);
        for part in &parts {
            let start = part.text.as_ptr() as usize - source.as_ptr() as usize;
            assert_eq!(part.lines_before, source[..start].lines().count());
        }
        let joined: String = parts.iter().map(|part| part.text).collect();
        assert_eq!(joined, source);
    }

    #[test]
    fn gives_up_on_parse_errors_and_small_files() {
        let mut source = big_program();
        source.push_str("fn broken() { let x = ; }\n");
        assert!(convert_parts(&split(&source, 2), 1 << 26).is_none());
        assert_eq!(split("fn main() {}\n", 2).len(), 1);
        assert_eq!(split(&format!("#!/bin/x\n{}", big_program()), 2).len(), 1);
    }
}

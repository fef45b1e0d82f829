//! The first steps of the front end (parse, nesting check, conversion to the subset AST) on
//! several threads. The file is cut between top-level items (`item_cuts.rs`) into parts of
//! about [`PART_BYTES`], smaller towards the end of the file (`part_ends`), and each thread
//! takes the next part not yet taken, the largest first: parses it alone, converts it with
//! its spans moved down by the lines before it and its expression and binding ids numbered
//! from zero, and frees its syntax tree before taking the next, so that the memory of syn's
//! trees is that of a few parts, not of the file. The parts are joined in file order, each
//! part's ids after those of the parts before it (`id_shift.rs`).
//!
//! Paths such as `process::exit` depend on the `use` items of the whole file, which a part
//! cannot see: parts are converted as if every module were imported, and the join checks
//! that those the paths needed were. When a part does not parse cleanly or needed an import
//! the file lacks, the attempt is given up: the caller then parses the file on one thread,
//! which reports every error as before.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::ast::File;
use crate::diagnostics::Diagnostic;
use crate::id_shift::IdCounts;
use crate::item_cuts::cut_points;
use crate::syntax::{self, Imports, ItemsConverted, UsesFound};
use crate::CrateKind;

/// The size parts aim at: small enough that the syntax trees of a part per thread take little
/// memory, large enough that a part's overhead (a thread taking it, syn's setup) is small.
const PART_BYTES: usize = 32 * 1024;

/// The size the last parts aim at: a thread that takes the last part while the others are
/// done keeps them waiting for no longer than such a part takes.
const LAST_PART_BYTES: usize = 8 * 1024;

/// Files smaller than this are not worth a second thread.
const MIN_SPLIT_BYTES: usize = 32 * 1024;

/// [`syntax::convert_file`] of the parsed `source`, computed on several threads; `None`
/// when the file is too small to split, cannot be split, does not parse cleanly or uses an
/// import it does not have.
pub fn convert_in_parts(
    source: &str,
    kind: CrateKind,
    stack_size: usize,
) -> Option<(File, Vec<Diagnostic>)> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 {
        return None;
    }
    convert_parts(
        &split(source, &part_ends(source.len(), threads)),
        kind,
        threads,
        stack_size,
    )
}

/// Where the parts of a file of `len` bytes should end, but the last, for `threads` threads
/// taking them in turn: each part is a quarter of what is left per thread, between
/// [`LAST_PART_BYTES`] and [`PART_BYTES`]; so parts shrink as the end nears, and the threads
/// run out of work close together. None for a file of less than [`MIN_SPLIT_BYTES`].
fn part_ends(len: usize, threads: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    if len < MIN_SPLIT_BYTES {
        return ends;
    }
    let mut end = 0;
    loop {
        let left = len - end;
        let size = (left / (4 * threads)).clamp(LAST_PART_BYTES, PART_BYTES);
        if left <= size {
            return ends;
        }
        end += size;
        ends.push(end);
    }
}

fn convert_parts(
    parts: &[Part<'_>],
    kind: CrateKind,
    threads: usize,
    stack_size: usize,
) -> Option<(File, Vec<Diagnostic>)> {
    if parts.len() < 2 {
        return None;
    }
    let converted = convert_on_threads(parts, kind, threads.min(parts.len()), stack_size)?;
    join(converted)
}

/// A run of whole items: its text, and the file's lines before it.
struct Part<'a> {
    text: &'a str,
    lines_before: usize,
}

/// `source` cut at the first item boundary at or after each of the increasing `ends` (one
/// part, the whole file, when it has no such boundary). A file with a byte order mark or a
/// shebang line stays whole: `syn::parse_file` treats their first line specially.
fn split<'a>(source: &'a str, ends: &[usize]) -> Vec<Part<'a>> {
    let shebang = source.starts_with("#!") && !source.starts_with("#![");
    let special_start = source.starts_with('\u{feff}') || shebang;
    let cuts = if special_start {
        Vec::new()
    } else {
        cut_points(source, ends)
    };
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain(std::iter::once(source.len()));
    let mut lines_before = 0;
    let mut counted_to = 0;
    starts
        .zip(ends)
        .map(|(start, end)| {
            lines_before += newlines(&source[counted_to..start]);
            counted_to = start;
            Part {
                text: &source[start..end],
                lines_before,
            }
        })
        .collect()
}

fn newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// What one part gives: its inner attributes' and `use` items' imports and errors, its
/// items converted with ids from zero, and the ids they used.
struct PartConverted {
    uses: UsesFound,
    items: ItemsConverted,
    ids: IdCounts,
}

/// Every part converted, in order, by `threads` threads (this one and others) each taking
/// the next part in turn, the largest first (a part cannot be smaller than its largest item,
/// and one large function taken last would keep one thread working alone); `None` when a
/// part failed (the others then stop early).
fn convert_on_threads(
    parts: &[Part<'_>],
    kind: CrateKind,
    threads: usize,
    stack_size: usize,
) -> Option<Vec<PartConverted>> {
    let order = clifcov_ir::largest_first(parts, |part| part.text.len());
    let next = AtomicUsize::new(0);
    let take_parts = || {
        let mut taken = Vec::new();
        loop {
            let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) else {
                return Some(taken);
            };
            let part = &parts[index];
            let Some(converted) = convert_part(part, index, kind) else {
                next.store(parts.len(), Ordering::Relaxed);
                return None;
            };
            taken.push((index, converted));
        }
    };
    let taken: Vec<Option<Vec<(usize, PartConverted)>>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|index| {
                std::thread::Builder::new()
                    .name(format!("clifcov-frontend-{index}"))
                    .stack_size(stack_size)
                    .spawn_scoped(scope, take_parts)
                    .ok()
            })
            .collect();
        let mut taken = vec![take_parts()];
        taken.extend(
            helpers
                .into_iter()
                .map(|helper| helper.join().ok().flatten()),
        );
        taken
    });
    let mut slots: Vec<Option<PartConverted>> = parts.iter().map(|_| None).collect();
    for (index, converted) in taken
        .into_iter()
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        slots[index] = Some(converted);
    }
    slots.into_iter().collect()
}

/// Parses and converts one part, the `index`th; `None` when it does not parse, nests too
/// deeply or, past the first part, has inner attributes (only the file's start may).
fn convert_part(part: &Part<'_>, index: usize, kind: CrateKind) -> Option<PartConverted> {
    let file = syn::parse_str::<syn::File>(part.text).ok()?;
    if (index != 0 && !file.attrs.is_empty()) || syntax::check_depth(&file).is_err() {
        return None;
    }
    let lines_before = u32::try_from(part.lines_before).ok()?;
    let converted = syntax::with_lines_before(lines_before, || {
        let uses = syntax::convert_uses(&file.attrs, &file.items);
        let (items, ids) =
            syntax::convert_items(&file.items, Imports::ALL, IdCounts::default(), kind);
        PartConverted { uses, items, ids }
    });
    forget_part_text(file);
    Some(converted)
}

/// Frees a converted part's syntax tree, then the copy of its text and its line table that
/// proc-macro2 keeps on this thread to look up spans: no span of the part is read again,
/// and otherwise every later lookup on the thread searches past the parts before it.
fn forget_part_text(file: syn::File) {
    drop(file);
    proc_macro2::extra::invalidate_current_thread_spans();
}

/// The parts joined in file order, each part's ids after those of the parts before it: the
/// errors of inner attributes and `use` items first, then those of the items, as
/// [`syntax::convert_file`] orders them. `None` when a path needed an import the file lacks.
fn join(parts: Vec<PartConverted>) -> Option<(File, Vec<Diagnostic>)> {
    let imports = parts
        .iter()
        .fold(Imports::default(), |all, part| all.union(part.uses.imports));
    let needed = parts.iter().fold(Imports::default(), |all, part| {
        all.union(part.items.imports_needed)
    });
    if !imports.covers(needed) {
        return None;
    }
    let mut errors = Vec::new();
    let mut items = ItemsConverted::default();
    let mut ids = IdCounts::default();
    for part in parts {
        errors.extend(part.uses.errors);
        items.allows.extend(part.uses.allows);
        items.append(part.items, ids);
        ids = ids.plus(part.ids);
    }
    let (file, item_errors) = items.into_file(ids);
    errors.extend(item_errors);
    Some((file, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `source` cut into about `parts` parts of equal size.
    fn split_equal(source: &str, parts: usize) -> Vec<Part<'_>> {
        let ends: Vec<usize> = (1..parts).map(|part| source.len() * part / parts).collect();
        split(source, &ends)
    }

    fn converted_alone(source: &str) -> (File, Vec<Diagnostic>) {
        let parsed = syn::parse_file(source).expect("test source parses");
        syntax::convert_file(&parsed, CrateKind::Tests)
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
        let (alone, alone_errors) = converted_alone(&source);
        assert_eq!(alone_errors.len(), 4, "{alone_errors:?}");
        for (parts, threads) in [(3, 2), (2, 2), (7, 2), (7, 3), (12, 4)] {
            let parts = split_equal(&source, parts);
            assert!(parts.len() >= 2);
            let (file, errors) =
                convert_parts(&parts, CrateKind::Tests, threads, 1 << 26).expect("parses");
            assert_eq!(format!("{file:?}"), format!("{alone:?}"));
            assert_eq!(format!("{errors:?}"), format!("{alone_errors:?}"));
        }
    }

    /// A part converts `process::exit` as if `std::process` were imported; a file that does
    /// not import it is left to the one-thread conversion, which reports the path, while an
    /// import that comes after the use, in another part, is honoured.
    #[test]
    fn gives_up_when_a_path_needs_an_import_the_file_lacks() {
        let source = big_program();
        let without_import = source.replace("use std::process;\n", "");
        assert_ne!(without_import, source);
        assert!(convert_parts(
            &split_equal(&without_import, 5),
            CrateKind::Tests,
            2,
            1 << 26
        )
        .is_none());
        let (_, errors) = converted_alone(&without_import);
        assert!(errors.len() > 4, "{errors:?}");
        let last_part = split_equal(&source, 5).pop().expect("parts");
        assert!(last_part.text.contains("use std::process;"));
        assert!(!source[..source.len() - last_part.text.len()].contains("use std::process"));
        assert!(convert_parts(&split_equal(&source, 5), CrateKind::Tests, 2, 1 << 26).is_some());
    }

    #[test]
    fn parts_keep_file_positions() {
        let source = big_program();
        let parts = split_equal(&source, 4);
        assert_eq!(parts.len(), 4);
        for part in &parts {
            let start = part.text.as_ptr() as usize - source.as_ptr() as usize;
            assert_eq!(part.lines_before, source[..start].lines().count());
        }
        let joined: String = parts.iter().map(|part| part.text).collect();
        assert_eq!(joined, source);
    }

    #[test]
    fn parts_of_32_kib_shrinking_to_8_kib_at_the_end() {
        let kib = 1024;
        assert!(part_ends(31 * kib, 2).is_empty());
        assert_eq!(part_ends(32 * kib, 2), [8 * kib, 16 * kib, 24 * kib]);
        let ends = part_ends(450 * kib, 2);
        let sizes: Vec<usize> = std::iter::once(0)
            .chain(ends.iter().copied())
            .zip(ends.iter().copied().chain([450 * kib]))
            .map(|(start, end)| end - start)
            .collect();
        assert_eq!(sizes[..7], [32 * kib; 7]);
        assert!(
            sizes[sizes.len() - 2..].iter().all(|&size| size <= 8 * kib),
            "{sizes:?}"
        );
        assert!(sizes.windows(2).all(|pair| pair[0] >= pair[1]), "{sizes:?}");
        assert_eq!(sizes.iter().sum::<usize>(), 450 * kib);
    }

    #[test]
    fn gives_up_on_parse_errors_and_small_files() {
        let mut source = big_program();
        source.push_str("fn broken() { let x = ; }\n");
        assert!(convert_parts(&split_equal(&source, 2), CrateKind::Tests, 2, 1 << 26).is_none());
        assert_eq!(split_equal("fn main() {}\n", 2).len(), 1);
        assert_eq!(
            split_equal(&format!("#!/bin/x\n{}", big_program()), 2).len(),
            1
        );
    }
}

//! `clifcov emit coverage-graph` and `clifcov emit spanview` show what the coverage map
//! encodes (which `dump_coverage.rs` and the coverage crate check against llvm-cov): every
//! code region of every function, with the counter or expression the map gives it.
//! The programs are ASCII, so character and byte columns agree.

mod cli_support;

use std::collections::{BTreeMap, BTreeSet};

use cli_support::*;

const PROGRAMS: &[&str] = &["if_else", "match_literals", "labelled_loops"];

/// `function -> {(range, counter)}` from `emit covmap`, counters as sums of physical
/// counters (`#0 + #2 - #1`, `0`).
fn covmap_regions(source: &str) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let output = clifcov(&["emit", "covmap", source]);
    expect_exit(&output, 0, "emit covmap");
    let mut functions: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    let mut current = String::new();
    for line in text(&output.stdout).lines() {
        if let Some(name) = line.strip_prefix("function ") {
            current = name.trim_end_matches(" (unused)").to_string();
            functions.entry(current.clone()).or_default();
        } else if let Some(rest) = line.strip_prefix("      Code") {
            let mut fields = rest.trim().splitn(2, ' ');
            let range = fields.next().unwrap().to_string();
            let counter = fields.next().unwrap().trim();
            let counter = counter.split(" (E").next().unwrap().to_string();
            functions
                .get_mut(&current)
                .unwrap()
                .insert((range, counter));
        }
    }
    functions
}

/// The same from the dot text: each node's `span` lines with its `counter:` line.
fn graph_regions(dot: &str) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut functions: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    let mut current = String::new();
    for line in dot.lines().map(str::trim) {
        if let Some(label) = line.strip_prefix("label=\"") {
            current = label.split(" (").next().unwrap().to_string();
            functions.entry(current.clone()).or_default();
        } else if let Some((_, label)) = line.split_once("[label=\"") {
            let label = label.split('"').next().unwrap();
            let parts: Vec<&str> = label.split("\\l").collect();
            let counter = parts
                .iter()
                .find_map(|p| p.strip_prefix("counter: "))
                .map(|c| c.split(" = ").last().unwrap().to_string());
            for span in parts.iter().filter_map(|p| p.strip_prefix("span ")) {
                let counter = counter.clone().expect("a node with spans has a counter");
                functions
                    .get_mut(&current)
                    .unwrap()
                    .insert((span.to_string(), counter));
            }
        }
    }
    functions
}

#[test]
fn coverage_graph_shows_every_region_with_its_counter() {
    for program in PROGRAMS {
        let source = format!("tests/corpus/{program}.rs");
        let output = clifcov(&["emit", "coverage-graph", &source]);
        expect_exit(&output, 0, "emit coverage-graph");
        let dot = text(&output.stdout);
        assert!(dot.starts_with("digraph coverage {\n") && dot.ends_with("}\n"));
        assert_eq!(graph_regions(&dot), covmap_regions(&source), "{program}");
        // Every edge joins two nodes of the same function.
        for line in dot.lines().filter(|l| l.contains(" -> ")) {
            let (from, to) = line
                .trim()
                .trim_end_matches(';')
                .split_once(" -> ")
                .unwrap();
            assert_eq!(from.split('_').next(), to.split('_').next(), "{line}");
        }
    }
}

#[test]
fn coverage_graph_of_one_function() {
    let output = clifcov(&[
        "emit",
        "coverage-graph",
        "tests/corpus/if_else.rs",
        "--function",
        "classify",
    ]);
    expect_exit(&output, 0, "emit coverage-graph --function");
    let dot = text(&output.stdout);
    assert_eq!(dot.matches("subgraph cluster_").count(), 1, "{dot}");
    assert!(dot.contains("label=\"if_else::classify ("), "{dot}");
    let output = clifcov(&[
        "emit",
        "coverage-graph",
        "tests/corpus/if_else.rs",
        "--function",
        "no_such_function",
    ]);
    expect_exit(&output, 1, "an unknown function");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no_such_function") && stderr.contains("classify"),
        "{stderr}"
    );
}

#[test]
fn spanview_is_one_self_contained_page_with_every_region() {
    for program in PROGRAMS {
        let source = format!("tests/corpus/{program}.rs");
        let dir = temp_dir();
        let page_path = dir.path().join("page.html");
        let output = clifcov(&[
            "emit",
            "spanview",
            &source,
            "-o",
            &page_path.to_string_lossy(),
        ]);
        expect_exit(&output, 0, "emit spanview");
        let page = std::fs::read_to_string(&page_path).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
        for outside in ["http://", "https://", " src=", " href=", "@import"] {
            assert!(
                !page.contains(outside),
                "{program}: the page refers to {outside}"
            );
        }
        let functions = covmap_regions(&source);
        assert_eq!(
            page.matches("<section").count(),
            functions.len(),
            "{program}"
        );
        for (function, regions) in &functions {
            assert!(
                page.contains(&format!("<h2>{function} ")),
                "{program}: {function}"
            );
            for (range, counter) in regions {
                let info = format!("region {range}\ncounter ");
                let found = page.match_indices(&info).any(|(at, _)| {
                    page[at + info.len()..]
                        .split('"')
                        .next()
                        .unwrap()
                        .lines()
                        .next()
                        .unwrap()
                        .ends_with(counter.as_str())
                });
                assert!(
                    found,
                    "{program}: {function}: region {range} ({counter}) not shown"
                );
            }
        }
    }
}

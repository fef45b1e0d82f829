//! `clifcov emit coverage-graph`: the coverage graph of each function as Graphviz dot, one
//! cluster per function, one node per BCB listing its IR blocks, its code regions and the
//! counter or expression that counts it; nodes holding a physical counter are filled.

use std::fmt::Write;

use clifcov_coverage::inspect::{FunctionView, NodeView};

use super::inspection::{counter_text, inspect_source};
use crate::args::CompileOptions;
use crate::failure::Failure;

/// The dot text for the program of `options`, or for its function `function` only.
pub fn coverage_graph(options: &CompileOptions, function: Option<&str>) -> Result<String, Failure> {
    let inspection = inspect_source(options)?;
    let mut out = String::from("digraph coverage {\n");
    out.push_str("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    let crate_name = &inspection.program.crate_name;
    for (index, view) in inspection.select(function)?.into_iter().enumerate() {
        function_cluster(index, view, crate_name, &mut out);
    }
    out.push_str("}\n");
    Ok(out)
}

fn function_cluster(index: usize, view: &FunctionView, crate_name: &str, out: &mut String) {
    let usage = if view.used {
        format!("{} physical counter(s)", view.num_counters)
    } else {
        "unused: not instrumented, all regions Zero".to_string()
    };
    let label = format!("{crate_name}::{} ({usage})", view.name);
    let _ = writeln!(out, "  subgraph cluster_{index} {{");
    let _ = writeln!(out, "    label=\"{}\";", escape(&label));
    if !view.used {
        out.push_str("    style=dashed;\n");
    }
    for (bcb, node) in view.nodes.iter().enumerate() {
        let fill = if node.physical_counter.is_some() {
            ", style=filled, fillcolor=\"#ffe9a8\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    f{index}_bcb{bcb} [label=\"{}\"{fill}];",
            node_label(bcb, node, view)
        );
    }
    for (bcb, node) in view.nodes.iter().enumerate() {
        for succ in &node.successors {
            let _ = writeln!(out, "    f{index}_bcb{bcb} -> f{index}_bcb{succ};");
        }
    }
    out.push_str("  }\n");
}

/// The node's lines, left-aligned (`\l` ends a left-aligned line in dot).
fn node_label(bcb: usize, node: &NodeView, view: &FunctionView) -> String {
    let blocks: Vec<String> = node.blocks.iter().map(|b| b.to_string()).collect();
    let mut lines = vec![
        format!("bcb{bcb}"),
        format!("blocks: {}", blocks.join(", ")),
    ];
    for region in &node.regions {
        let s = region.span;
        lines.push(format!(
            "span {}:{}-{}:{}",
            s.lo.line, s.lo.col, s.hi.line, s.hi.col
        ));
    }
    if let Some(counter) = node.counter {
        lines.push(format!(
            "counter: {}",
            counter_text(counter, &view.expressions)
        ));
    }
    if let Some(id) = node.physical_counter {
        lines.push(format!("increments #{id}"));
    }
    lines.iter().map(|l| format!("{}\\l", escape(l))).collect()
}

/// A dot string literal's content.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(escape(r#"a "b" \c"#), r#"a \"b\" \\c"#);
    }
}

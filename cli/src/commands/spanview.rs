//! `clifcov emit spanview`: one self-contained HTML page (inline style and script, nothing
//! fetched) showing each function's source with its code regions shaded, one colour per
//! coverage block (BCB); hovering a region highlights every region of its BCB and shows its
//! IR blocks, span and counter or expression. A table under each function lists its BCBs.
//! It is what rustc's `-Z dump-mir-spanview` used to show.

use std::fmt::Write;

use clifcov_coverage::inspect::{FunctionView, NodeView};
use clifcov_ir::Span;

use super::inspection::{counter_text, inspect_source, Inspection};
use crate::args::CompileOptions;
use crate::failure::Failure;

const STYLE: &str = "
body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin: 1.6em 0 0.4em; }
.meta { font-weight: normal; color: #666; font-size: 0.9em; }
pre { background: #fafafa; border: 1px solid #ddd; padding: 0.6em; line-height: 1.45;
      font-size: 13px; overflow-x: auto; }
.ln { color: #aaa; user-select: none; display: inline-block; width: 3.5em; }
.r { background: hsl(var(--h) 80% 85%); border-radius: 2px; cursor: default; }
.unused .r, .unused .swatch { background: #e4e4e4; }
.r.hl { outline: 2px solid hsl(var(--h) 60% 35%); }
.unused .r.hl { outline-color: #777; }
table { border-collapse: collapse; font-size: 12px; margin-bottom: 1em; }
td, th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle;
          background: hsl(var(--h) 80% 85%); border: 1px solid #bbb; }
#tip { position: absolute; display: none; background: #222; color: #eee; padding: 6px 8px;
       border-radius: 4px; font: 12px monospace; white-space: pre; pointer-events: none; }
";

const SCRIPT: &str = "
const tip = document.getElementById('tip');
for (const region of document.querySelectorAll('.r')) {
  const same = () => document.querySelectorAll('.r[data-key=\"' + region.dataset.key + '\"]');
  region.addEventListener('mouseenter', () => {
    for (const r of same()) r.classList.add('hl');
    tip.textContent = region.dataset.info;
    tip.style.display = 'block';
  });
  region.addEventListener('mousemove', (e) => {
    tip.style.left = (e.pageX + 14) + 'px';
    tip.style.top = (e.pageY + 14) + 'px';
  });
  region.addEventListener('mouseleave', () => {
    for (const r of same()) r.classList.remove('hl');
    tip.style.display = 'none';
  });
}
";

/// The page for the program of `options`, or for its function `function` only.
pub fn spanview(options: &CompileOptions, function: Option<&str>) -> Result<String, Failure> {
    let inspection = inspect_source(options)?;
    let path = options.file.display().to_string();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(out, "<title>clifcov spanview: {}</title>", escape(&path));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>Coverage regions of {}</h1>", escape(&path));
    out.push_str(
        "<p class=\"meta\">Each shaded span is a code region; one colour per coverage block \
         (BCB). Hover a region for its blocks and counter. Grey: an unused function \
         (regions counted by Zero). Columns count characters.</p>\n",
    );
    for (index, view) in inspection.select(function)?.into_iter().enumerate() {
        function_section(index, view, &inspection, &mut out);
    }
    let _ = writeln!(
        out,
        "<div id=\"tip\"></div>\n<script>{SCRIPT}</script>\n</body>\n</html>"
    );
    Ok(out)
}

fn function_section(index: usize, view: &FunctionView, inspection: &Inspection, out: &mut String) {
    let class = if view.used { "used" } else { "unused" };
    let usage = if view.used {
        format!("{} physical counter(s)", view.num_counters)
    } else {
        "unused".to_string()
    };
    let _ = writeln!(out, "<section class=\"{class}\">");
    let _ = writeln!(
        out,
        "<h2>{}::{} <span class=\"meta\">{usage} · {}</span></h2>",
        escape(&inspection.program.crate_name),
        escape(&view.name),
        escape(&view.pgo_name)
    );
    let span = inspection.program.function(view.func).span;
    out.push_str("<pre><code>");
    let lines: Vec<&str> = inspection.source.split('\n').collect();
    for line in span.lo.line..=span.hi.line {
        let text = lines.get(line as usize - 1).copied().unwrap_or("");
        let _ = write!(out, "<span class=\"ln\">{line}</span>");
        out.push_str(&render_line(index, line, text, view));
        out.push('\n');
    }
    out.push_str("</code></pre>\n");
    bcb_table(view, out);
    out.push_str("</section>\n");
}

/// A region cut to one line: characters `start..end` (1-based, end exclusive).
struct Segment<'a> {
    start: usize,
    end: usize,
    bcb: usize,
    node: &'a NodeView,
    span: Span,
}

fn segments(line: u32, line_len: usize, view: &FunctionView) -> Vec<Segment<'_>> {
    let mut found: Vec<Segment> = Vec::new();
    for (bcb, node) in view.nodes.iter().enumerate() {
        for region in &node.regions {
            let span = region.span;
            if line < span.lo.line || line > span.hi.line {
                continue;
            }
            let start = if line == span.lo.line {
                span.lo.col as usize
            } else {
                1
            };
            let end = if line == span.hi.line {
                span.hi.col as usize
            } else {
                line_len + 1
            };
            if start < end {
                found.push(Segment {
                    start,
                    end,
                    bcb,
                    node,
                    span,
                });
            }
        }
    }
    found
}

/// The line's text with each character in the innermost region covering it (regions may
/// nest: a `}` region inside a block's region), consecutive characters of one region in
/// one shaded span.
fn render_line(index: usize, line: u32, text: &str, view: &FunctionView) -> String {
    let chars: Vec<char> = text.chars().collect();
    let segments = segments(line, chars.len(), view);
    let innermost = |col: usize| {
        segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start <= col && col < s.end)
            .max_by_key(|(_, s)| (s.start, std::cmp::Reverse(s.end)))
            .map(|(i, _)| i)
    };
    let owners: Vec<Option<usize>> = (1..=chars.len()).map(innermost).collect();
    let mut out = String::new();
    let mut from = 0;
    while from < chars.len() {
        let owner = owners[from];
        let to = (from..chars.len())
            .find(|&i| owners[i] != owner)
            .unwrap_or(chars.len());
        let piece = escape(&chars[from..to].iter().collect::<String>());
        match owner {
            Some(i) => {
                let segment = &segments[i];
                let _ = write!(
                    out,
                    "<span class=\"r\" style=\"--h:{}\" data-key=\"{index}-{}\" \
                     data-info=\"{}\">{piece}</span>",
                    hue(segment.bcb),
                    segment.bcb,
                    escape(&region_info(segment, view))
                );
            }
            None => out.push_str(&piece),
        }
        from = to;
    }
    out
}

fn region_info(segment: &Segment, view: &FunctionView) -> String {
    let s = segment.span;
    let node = segment.node;
    let blocks: Vec<String> = node.blocks.iter().map(|b| b.to_string()).collect();
    let mut info = format!(
        "bcb{}: {}\nregion {}:{}-{}:{}",
        segment.bcb,
        blocks.join(", "),
        s.lo.line,
        s.lo.col,
        s.hi.line,
        s.hi.col
    );
    if let Some(counter) = node.counter {
        let _ = write!(
            info,
            "\ncounter {}",
            counter_text(counter, &view.expressions)
        );
    }
    if let Some(id) = node.physical_counter {
        let _ = write!(info, "\nincrements #{id}");
    }
    info
}

fn bcb_table(view: &FunctionView, out: &mut String) {
    out.push_str(
        "<table><tr><th></th><th>BCB</th><th>IR blocks</th><th>successors</th>\
         <th>counter</th><th>increments</th><th>regions</th></tr>\n",
    );
    for (bcb, node) in view.nodes.iter().enumerate() {
        let blocks: Vec<String> = node.blocks.iter().map(|b| b.to_string()).collect();
        let successors: Vec<String> = node.successors.iter().map(|s| format!("bcb{s}")).collect();
        let regions: Vec<String> = node
            .regions
            .iter()
            .map(|r| {
                let s = r.span;
                format!("{}:{}-{}:{}", s.lo.line, s.lo.col, s.hi.line, s.hi.col)
            })
            .collect();
        let counter = node
            .counter
            .map_or(String::new(), |c| counter_text(c, &view.expressions));
        let increments = node
            .physical_counter
            .map_or(String::new(), |id| format!("#{id}"));
        let swatch = if regions.is_empty() {
            String::new()
        } else {
            format!("<span class=\"swatch\" style=\"--h:{}\"></span>", hue(bcb))
        };
        let _ = writeln!(
            out,
            "<tr><td>{swatch}</td><td>bcb{bcb}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td></tr>",
            blocks.join(", "),
            successors.join(", "),
            escape(&counter),
            increments,
            regions.join(", ")
        );
    }
    out.push_str("</table>\n");
}

/// Well-separated hues for neighbouring BCB numbers.
fn hue(bcb: usize) -> usize {
    (bcb * 137 + 40) % 360
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clifcov_coverage::inspect::RegionView;
    use clifcov_coverage::read::{Counter, SourceRange};
    use clifcov_ir::{BlockId, FuncId, Pos};

    fn region(lo: (u32, u32), hi: (u32, u32)) -> RegionView {
        RegionView {
            span: Span::new(Pos::new(lo.0, lo.1), Pos::new(hi.0, hi.1)),
            range: SourceRange {
                start_line: lo.0,
                start_col: lo.1,
                end_line: hi.0,
                end_col: hi.1,
            },
        }
    }

    fn view() -> FunctionView {
        let node = |blocks: Vec<u32>, regions, counter| NodeView {
            blocks: blocks.into_iter().map(BlockId).collect(),
            successors: vec![],
            regions,
            counter: Some(counter),
            physical_counter: None,
        };
        FunctionView {
            func: FuncId(0),
            name: "f".to_string(),
            pgo_name: "_RNvC1t1f".to_string(),
            used: true,
            num_counters: 1,
            expressions: vec![],
            nodes: vec![
                node(vec![0], vec![region((1, 1), (1, 5))], Counter::Physical(0)),
                node(vec![1, 2], vec![region((1, 8), (2, 3))], Counter::Zero),
            ],
        }
    }

    #[test]
    fn regions_are_cut_per_line_and_the_text_kept_escaped() {
        let view = view();
        let first = render_line(0, 1, "fn f<T>(x)", &view);
        assert_eq!(
            first,
            format!(
                "<span class=\"r\" style=\"--h:40\" data-key=\"0-0\" data-info=\"bcb0: bb0\n\
                 region 1:1-1:5\ncounter #0\">fn f</span>&lt;T&gt;<span class=\"r\" \
                 style=\"--h:177\" data-key=\"0-1\" data-info=\"bcb1: bb1, bb2\n\
                 region 1:8-2:3\ncounter 0\">(x)</span>"
            )
        );
        let second = render_line(0, 2, "  }", &view);
        assert!(
            second.starts_with("<span class=\"r\" style=\"--h:177\""),
            "{second}"
        );
        assert!(second.ends_with(">  </span>}"), "{second}");
        assert_eq!(render_line(0, 3, "a&b", &view), "a&amp;b");
    }

    /// A region inside another one (rustc's `}` of an implicit `else` inside the `then`
    /// block) shows inside it, and the outer one continues after it.
    #[test]
    fn nested_regions_show_the_innermost() {
        let mut view = view();
        view.nodes[0].regions = vec![region((1, 1), (1, 10))];
        view.nodes[1].regions = vec![region((1, 4), (1, 6))];
        let html = render_line(0, 1, "abcdefghij", &view);
        assert!(
            html.ends_with("</span>j"),
            "end columns are exclusive: {html}"
        );
        let pieces: Vec<(&str, &str)> = html
            .split("data-key=\"")
            .skip(1)
            .map(|p| {
                let (key, rest) = p.split_once('"').unwrap();
                let text = rest.split_once("\">").unwrap().1;
                (key, text.split("</span>").next().unwrap())
            })
            .collect();
        assert_eq!(
            pieces,
            [("0-0", "abc"), ("0-1", "de"), ("0-0", "fghi")],
            "{html}"
        );
    }
}

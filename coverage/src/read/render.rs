//! The text form of a [`CoverageFile`]: a header with the covmap version and every
//! translation unit's filenames, then per function its names, hashes, file ids, expressions
//! (as stored and resolved to physical counters), regions grouped by file id with kind,
//! `line:col-line:col` range and counters, and the highest counter id used.

use std::fmt::{self, Write};

use crate::covfun::{Counter, ExprKind, Expression, SourceRange};

use super::function::FunctionRecord;
use super::mapping::{Region, RegionKind};
use super::CoverageFile;

impl fmt::Display for CoverageFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version() {
            Some(version) => writeln!(f, "covmap version {}", version_text(version))?,
            None => writeln!(f, "covmap: no records")?,
        }
        writeln!(
            f,
            "{} translation unit(s), {} function(s), {} name(s)",
            self.covmap_records.len(),
            self.functions.len(),
            self.names.len()
        )?;
        for (index, record) in self.covmap_records.iter().enumerate() {
            writeln!(f)?;
            let storage = if record.compressed {
                "zlib-compressed"
            } else {
                "uncompressed"
            };
            writeln!(
                f,
                "translation unit {index}: version {}, filenames hash {:#018x}, {storage}",
                version_text(record.version),
                record.filenames_ref
            )?;
            for (i, name) in record.filenames.iter().enumerate() {
                writeln!(f, "  filename {i}: {name}")?;
            }
        }
        for function in &self.functions {
            writeln!(f)?;
            f.write_str(&function_text(function))?;
        }
        Ok(())
    }
}

/// `6 (Version7)`: the stored value and LLVM's name for it.
fn version_text(version: u32) -> String {
    format!("{version} (Version{})", u64::from(version) + 1)
}

fn function_text(function: &FunctionRecord) -> String {
    let mut out = String::new();
    let unused = if function.is_unused() {
        " (unused)"
    } else {
        ""
    };
    match function.demangled_name() {
        Some(demangled) => {
            let _ = writeln!(out, "function {demangled}{unused}");
            let _ = writeln!(out, "  mangled name: {}", function.name);
        }
        None => {
            let _ = writeln!(out, "function {}{unused}", function.name);
        }
    }
    let _ = writeln!(
        out,
        "  name hash {:#018x}, function hash {:#018x}, filenames hash {:#018x} \
         (translation unit {})",
        function.name_hash, function.func_hash, function.filenames_ref, function.covmap_record
    );
    for (file_id, file) in function.files.iter().enumerate() {
        let _ = writeln!(
            out,
            "  file id {file_id}: filename {}, {}",
            file.filename_index, file.name
        );
    }
    expressions_text(function, &mut out);
    regions_text(function, &mut out);
    match function.max_counter_id {
        Some(id) => {
            let _ = writeln!(out, "  highest counter id: #{id}");
        }
        None => out.push_str("  highest counter id: none (no physical counter)\n"),
    }
    if function.trailing_bytes > 0 {
        let _ = writeln!(
            out,
            "  warning: {} byte(s) after the last region",
            function.trailing_bytes
        );
    }
    out
}

fn expressions_text(function: &FunctionRecord, out: &mut String) {
    if function.expressions.is_empty() {
        return;
    }
    out.push_str("  expressions:\n");
    for (id, (expression, sum)) in function
        .expressions
        .iter()
        .zip(&function.resolved_expressions)
        .enumerate()
    {
        let _ = writeln!(out, "    E{id} = {} = {sum}", stored_text(expression));
    }
}

/// An expression as stored: `E0 + #2`, `#0 - #1`.
fn stored_text(expression: &Expression) -> String {
    let operator = match expression.kind {
        ExprKind::Add => "+",
        ExprKind::Subtract => "-",
    };
    format!(
        "{} {operator} {}",
        operand_text(expression.lhs),
        operand_text(expression.rhs)
    )
}

fn operand_text(counter: Counter) -> String {
    match counter {
        Counter::Zero => "0".to_string(),
        Counter::Physical(id) => format!("#{id}"),
        Counter::Expression(id) => format!("E{id}"),
    }
}

/// A region's counter, an expression shown resolved: `#0 + #2 - #1 (E1)`.
fn counter_text(function: &FunctionRecord, counter: Counter) -> String {
    match counter {
        Counter::Expression(id) => match function.resolved_expressions.get(id as usize) {
            Some(sum) => format!("{sum} (E{id})"),
            None => format!("E{id}"),
        },
        other => operand_text(other),
    }
}

fn regions_text(function: &FunctionRecord, out: &mut String) {
    out.push_str("  regions:\n");
    let mut current_file = None;
    for region in &function.regions {
        if current_file != Some(region.file_id) {
            current_file = Some(region.file_id);
            let _ = writeln!(out, "    file id {}:", region.file_id);
        }
        let detail = region_detail(function, region);
        let line = format!(
            "      {:<13} {:<15} {detail}",
            region.kind.name(),
            range_text(region.range)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn range_text(range: SourceRange) -> String {
    format!(
        "{}:{}-{}:{}",
        range.start_line, range.start_col, range.end_line, range.end_col
    )
}

fn region_detail(function: &FunctionRecord, region: &Region) -> String {
    let counter = |c| counter_text(function, c);
    match region.kind {
        RegionKind::Code(c) | RegionKind::Gap(c) => counter(c),
        RegionKind::Expansion { expanded_file_id } => format!("expands file id {expanded_file_id}"),
        RegionKind::Skipped => String::new(),
        RegionKind::Branch {
            true_counter,
            false_counter,
        } => format!(
            "true {}, false {}",
            counter(true_counter),
            counter(false_counter)
        ),
        RegionKind::McdcDecision {
            bitmap_index,
            num_conditions,
        } => format!("bitmap index {bitmap_index}, {num_conditions} condition(s)"),
        RegionKind::McdcBranch {
            true_counter,
            false_counter,
            condition_id,
            next_if_true,
            next_if_false,
        } => format!(
            "true {}, false {}, condition {condition_id}, next if true {}, next if false {}",
            counter(true_counter),
            counter(false_counter),
            condition_text(next_if_true),
            condition_text(next_if_false)
        ),
    }
}

fn condition_text(condition: Option<u16>) -> String {
    condition.map_or_else(|| "none".to_string(), |id| id.to_string())
}

#[cfg(test)]
mod tests {
    use crate::covfun::CovfunRecord;
    use crate::covmap::{encode_covmap_record, encode_filenames};
    use crate::hash::md5_low64;
    use crate::names::encode_names;
    use crate::read::read_sections;
    use crate::zlib::Compression;

    /// clang-22's `foo` (FORMATS.md 4.5): the text must say what the hand decoding there
    /// says, e.g. `Branch T=#2 F=E3(sub)=#1-#2 6:9 -> 6:19`.
    #[test]
    fn renders_clang_foo_as_decoded_by_hand() {
        let blob = "0101 04 0105 0509 0509 0509 0c \
            0103100602 0302130018 2005010013 0018 05001a001d 05001e009f80808008 05001f0204 \
            0501090013 20090e0009 0013 090014009580808008 090015001b 0e001c00a280808008 \
            0e00220028";
        let digits: String = blob.chars().filter(|c| !c.is_whitespace()).collect();
        let mapping: Vec<u8> = (0..digits.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).unwrap())
            .collect();
        let filenames = encode_filenames("/home/u/c22", &["../t.c"], Compression::None);
        let covmap = encode_covmap_record(&filenames, 6);
        let covfun = CovfunRecord {
            name_hash: md5_low64(b"foo"),
            func_hash: 0x0004_6ca7_d24d_1458,
            filenames_ref: md5_low64(&filenames),
            mapping,
        }
        .encode();
        let names = encode_names(&["foo"], Compression::Zlib).unwrap();
        let text = read_sections(&covmap, &covfun, Some(&names))
            .unwrap()
            .to_string();
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let hashes = format!(
            "  name hash 0x5cf8c24cdb18bdac, function hash 0x00046ca7d24d1458, filenames hash \
             {:#018x} (translation unit 0)",
            md5_low64(&filenames)
        );
        for expected in [
            "covmap version 6 (Version7)",
            "  filename 1: ../t.c",
            "function foo",
            &hashes,
            "  file id 0: filename 1, ../t.c",
            "    E0 = #0 + #1 = #0 + #1",
            "    E3 = #1 - #2 = #1 - #2",
            "      Code          3:16-9:2        #0",
            "      Code          5:19-5:24       #0 + #1 (E0)",
            "      Branch        5:19-5:24       true #1, false #0",
            "      Gap           5:30-5:31       #1",
            "      Branch        6:9-6:19        true #2, false #1 - #2 (E3)",
            "      Gap           6:28-6:34       #1 - #2 (E3)",
            "  highest counter id: #2",
        ] {
            assert!(
                lines.contains(&expected),
                "{expected:?} missing from\n{text}"
            );
        }
    }
}

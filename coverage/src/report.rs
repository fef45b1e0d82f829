//! Coverage figures computed from a coverage map and its counters exactly as `llvm-cov
//! report` computes them (LLVM 22, `CoverageMapping.cpp` and `CoverageSummaryInfo.cpp`):
//! region counts from the counter expressions, per-function segments built from the
//! sorted and combined regions, and per-line counts from the segments (a line is mapped
//! when a counted region starts on it or a counted segment wraps into it; its count is
//! the largest of the wrapped count and the counts of the non-gap regions starting on it).
//! Data in, numbers out: no LLVM tool is needed.

use std::fmt;

use clifcov_ir::FuncId;

use crate::covfun::{Counter, ExprKind, Expression, RegionKind};
use crate::map::{CoverageMap, FunctionCoverage};

/// `covered` out of `total`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub covered: usize,
    pub total: usize,
}

impl Tally {
    fn count(&mut self, covered: bool) {
        self.total += 1;
        self.covered += usize::from(covered);
    }

    fn add(self, other: Tally) -> Tally {
        Tally {
            covered: self.covered + other.covered,
            total: self.total + other.total,
        }
    }

    pub fn missed(self) -> usize {
        self.total - self.covered
    }

    /// The covered share in percent; 0 when there is nothing to cover, as in llvm-cov.
    pub fn percent(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.covered as f64 * 100.0 / self.total as f64
        }
    }
}

/// The figures of one function, as a row of `llvm-cov report -show-functions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionSummary {
    pub func: FuncId,
    pub pgo_name: String,
    /// The count of the function's first region: how often it was entered.
    pub execution_count: u64,
    /// Code regions (gap and skipped regions are not counted).
    pub regions: Tally,
    pub lines: Tally,
}

/// The figures of every function of a coverage map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub functions: Vec<FunctionSummary>,
}

impl Summary {
    pub fn regions(&self) -> Tally {
        self.functions
            .iter()
            .fold(Tally::default(), |sum, f| sum.add(f.regions))
    }

    pub fn lines(&self) -> Tally {
        self.functions
            .iter()
            .fold(Tally::default(), |sum, f| sum.add(f.lines))
    }

    /// Functions executed at least once, out of all.
    pub fn functions(&self) -> Tally {
        let mut tally = Tally::default();
        for function in &self.functions {
            tally.count(function.execution_count > 0);
        }
        tally
    }
}

/// The counters do not fit the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    /// Fewer counters than the used functions of the map have.
    TooFewCounters { expected: usize, found: usize },
    /// An expression refers to a missing expression, or to itself.
    BadExpression { function: String, id: u32 },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::TooFewCounters { expected, found } => {
                write!(f, "{expected} coverage counters expected, {found} found")
            }
            ReportError::BadExpression { function, id } => {
                write!(f, "bad coverage expression #{id} in `{function}`")
            }
        }
    }
}

impl std::error::Error for ReportError {}

/// The figures of `map`'s functions, given `counters`: the counters of its used functions,
/// one after the other in `used_functions` order (an executable's `__llvm_prf_cnts`).
pub fn summarize(map: &CoverageMap, counters: &[u64]) -> Result<Summary, ReportError> {
    let expected: usize = map.used_functions().map(|f| f.num_counters as usize).sum();
    if counters.len() < expected {
        return Err(ReportError::TooFewCounters {
            expected,
            found: counters.len(),
        });
    }
    let mut next = 0;
    let mut functions = Vec::with_capacity(map.functions.len());
    for function in &map.functions {
        let own = if function.is_used() {
            let start = next;
            next += function.num_counters as usize;
            &counters[start..next]
        } else {
            &[]
        };
        functions.push(summarize_function(function, own)?);
    }
    Ok(Summary { functions })
}

/// The figures of one function whose physical counters are `counters`.
pub fn summarize_function(
    function: &FunctionCoverage,
    counters: &[u64],
) -> Result<FunctionSummary, ReportError> {
    let regions = counted_regions(function, counters)?;
    let mut region_tally = Tally::default();
    for region in regions.iter().filter(|r| r.kind == Kind::Code) {
        region_tally.count(region.count != 0);
    }
    let mut line_tally = Tally::default();
    for line in line_counts(&build_segments(regions.clone())) {
        if let Some(count) = line.count {
            line_tally.count(count != 0);
        }
    }
    Ok(FunctionSummary {
        func: function.func,
        pgo_name: function.pgo_name.clone(),
        execution_count: regions.first().map_or(0, |r| r.count),
        regions: region_tally,
        lines: line_tally,
    })
}

/// The count of one source line of a function; `None` when no region maps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCount {
    pub line: u32,
    pub count: Option<u64>,
}

/// The lines of one function from its first to its last segment, as `llvm-cov` counts
/// them.
pub fn function_line_counts(
    function: &FunctionCoverage,
    counters: &[u64],
) -> Result<Vec<LineCount>, ReportError> {
    let regions = counted_regions(function, counters)?;
    Ok(line_counts(&build_segments(regions)))
}

/// What a region is, for counting (branch regions are not counted at all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // In LLVM's `RegionKind` order, which breaks ties when regions are sorted.
    Code,
    Expansion,
    Skipped,
    Gap,
}

type Loc = (u32, u32);

#[derive(Clone, Copy, Debug)]
struct CountedRegion {
    start: Loc,
    end: Loc,
    kind: Kind,
    count: u64,
}

/// The function's regions of its own file with their counts, in the order `llvm-cov`
/// reads them: by start position (the order the mapping is encoded in).
fn counted_regions(
    function: &FunctionCoverage,
    counters: &[u64],
) -> Result<Vec<CountedRegion>, ReportError> {
    let mut evaluator = Evaluator {
        function,
        counters,
        values: vec![None; function.expressions.len()],
    };
    let mut regions = Vec::new();
    for region in function.regions.iter().filter(|r| r.file_id == 0) {
        let (kind, counter) = match region.kind {
            RegionKind::Code(counter) => (Kind::Code, counter),
            RegionKind::Gap(counter) => (Kind::Gap, counter),
            RegionKind::Skipped => (Kind::Skipped, Counter::Zero),
            RegionKind::Expansion { .. } => (Kind::Expansion, Counter::Zero),
            RegionKind::Branch { .. } => continue,
        };
        let range = region.range;
        regions.push(CountedRegion {
            start: (range.start_line, range.start_col),
            end: (range.end_line, range.end_col),
            kind,
            count: evaluator.value(counter)?,
        });
    }
    regions.sort_by_key(|r| r.start);
    Ok(regions)
}

/// Counter values, with expressions computed in 64-bit two's complement as LLVM does.
struct Evaluator<'a> {
    function: &'a FunctionCoverage,
    counters: &'a [u64],
    values: Vec<Option<u64>>,
}

impl Evaluator<'_> {
    fn value(&mut self, counter: Counter) -> Result<u64, ReportError> {
        match counter {
            Counter::Zero => Ok(0),
            Counter::Physical(id) => Ok(self.counters.get(id as usize).copied().unwrap_or(0)),
            Counter::Expression(id) => self.expression(id, 0),
        }
    }

    fn expression(&mut self, id: u32, depth: usize) -> Result<u64, ReportError> {
        let bad = || ReportError::BadExpression {
            function: self.function.pgo_name.clone(),
            id,
        };
        if let Some(Some(value)) = self.values.get(id as usize) {
            return Ok(*value);
        }
        let Expression { kind, lhs, rhs } =
            *self.function.expressions.get(id as usize).ok_or_else(bad)?;
        if depth > self.function.expressions.len() {
            return Err(bad());
        }
        let lhs = self.operand(lhs, depth)?;
        let rhs = self.operand(rhs, depth)?;
        let value = match kind {
            ExprKind::Add => lhs.wrapping_add(rhs),
            ExprKind::Subtract => lhs.wrapping_sub(rhs),
        };
        self.values[id as usize] = Some(value);
        Ok(value)
    }

    fn operand(&mut self, counter: Counter, depth: usize) -> Result<u64, ReportError> {
        match counter {
            Counter::Expression(id) => self.expression(id, depth + 1),
            other => self.value(other),
        }
    }
}

/// A point where the count of the source changes (LLVM's `CoverageSegment`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    line: u32,
    col: u32,
    count: u64,
    has_count: bool,
    is_region_entry: bool,
    is_gap: bool,
}

/// LLVM's `SegmentBuilder::buildSegments`: sorts nested regions (outer first), combines
/// regions of equal range, then sweeps them with a stack of active regions.
fn build_segments(mut regions: Vec<CountedRegion>) -> Vec<Segment> {
    regions.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.kind.cmp(&b.kind))
    });
    let regions = combine_regions(regions);
    let mut builder = SegmentBuilder::default();
    builder.build(&regions);
    builder.segments
}

/// Merges regions covering the same range; counts of the first one's kind are added up.
fn combine_regions(regions: Vec<CountedRegion>) -> Vec<CountedRegion> {
    let mut combined: Vec<CountedRegion> = Vec::with_capacity(regions.len());
    for region in regions {
        match combined.last_mut() {
            Some(active) if active.start == region.start && active.end == region.end => {
                if active.kind == region.kind {
                    active.count = active.count.wrapping_add(region.count);
                }
            }
            _ => combined.push(region),
        }
    }
    combined
}

#[derive(Default)]
struct SegmentBuilder {
    segments: Vec<Segment>,
    /// Indices into the regions being swept.
    active: Vec<usize>,
}

impl SegmentBuilder {
    fn build(&mut self, regions: &[CountedRegion]) {
        for (index, region) in regions.iter().enumerate() {
            let start = region.start;
            let (open, completed): (Vec<usize>, Vec<usize>) = self
                .active
                .iter()
                .partition(|&&active| regions[active].end > start);
            if !completed.is_empty() {
                let first_completed = open.len();
                self.active = open.into_iter().chain(completed).collect();
                self.complete_until(regions, Some(start), first_completed);
            }
            let is_gap = region.kind == Kind::Gap;
            let is_last = index + 1 == regions.len();
            if start == region.end {
                // Zero-length regions never become active.
                let skipped = is_last || region.kind == Kind::Skipped;
                let source = match self.active.last() {
                    Some(&active) => regions[active],
                    None => *region,
                };
                self.start_segment(&source, start, !is_gap, skipped);
                if skipped {
                    if let Some(&active) = self.active.last() {
                        self.start_segment(&regions[active], start, false, false);
                    }
                }
                continue;
            }
            if is_last || start != regions[index + 1].start {
                self.start_segment(region, start, !is_gap, false);
            }
            self.active.push(index);
        }
        if !self.active.is_empty() {
            self.complete_until(regions, None, 0);
        }
    }

    /// Emits the segments of the active regions from `first_completed` on, which end
    /// before `next_start` (all of them when it is `None`), and pops them.
    fn complete_until(
        &mut self,
        regions: &[CountedRegion],
        next_start: Option<Loc>,
        first_completed: usize,
    ) {
        self.active[first_completed..].sort_by_key(|&i| regions[i].end);
        let active = self.active.clone();
        for i in first_completed + 1..active.len() {
            let mut completed = &regions[active[i]];
            let segment_start = regions[active[i - 1]].end;
            if next_start == Some(segment_start) {
                break;
            }
            if segment_start == completed.end {
                continue;
            }
            for &later in &active[i + 1..] {
                if completed.end == regions[later].end {
                    completed = &regions[later];
                }
            }
            self.start_segment(completed, segment_start, false, false);
        }
        let last = regions[*active.last().expect("completing active regions")];
        if first_completed > 0 && next_start != Some(last.end) {
            let enclosing = regions[active[first_completed - 1]];
            self.start_segment(&enclosing, last.end, false, false);
        } else if first_completed == 0 && next_start != Some(last.end) {
            self.start_segment(&last, last.end, false, true);
        }
        self.active.truncate(first_completed);
    }

    fn start_segment(
        &mut self,
        region: &CountedRegion,
        (line, col): Loc,
        is_region_entry: bool,
        emit_skipped: bool,
    ) {
        let has_count = !emit_skipped && region.kind != Kind::Skipped;
        if let Some(last) = self.segments.last() {
            if !is_region_entry
                && !emit_skipped
                && last.has_count == has_count
                && last.count == region.count
                && !last.is_region_entry
            {
                return;
            }
        }
        self.segments.push(if has_count {
            Segment {
                line,
                col,
                count: region.count,
                has_count,
                is_region_entry,
                is_gap: region.kind == Kind::Gap,
            }
        } else {
            Segment {
                line,
                col,
                count: 0,
                has_count,
                is_region_entry,
                is_gap: false,
            }
        });
    }
}

/// LLVM's `LineCoverageIterator`: every line from the first segment's to the last one's,
/// with the segments starting on it and the last segment of an earlier line.
fn line_counts(segments: &[Segment]) -> Vec<LineCount> {
    let Some(first) = segments.first() else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut line = first.line;
    let mut next = 0;
    let mut wrapped: Option<&Segment> = None;
    let mut on_line: &[Segment] = &[];
    while next < segments.len() {
        if let Some(last) = on_line.last() {
            wrapped = Some(last);
        }
        let start = next;
        while next < segments.len() && segments[next].line == line {
            next += 1;
        }
        on_line = &segments[start..next];
        lines.push(LineCount {
            line,
            count: line_count(on_line, wrapped),
        });
        line += 1;
    }
    lines
}

/// LLVM's `LineCoverageStats`: `None` for an unmapped line.
fn line_count(on_line: &[Segment], wrapped: Option<&Segment>) -> Option<u64> {
    let starts_region = |s: &&Segment| !s.is_gap && s.has_count && s.is_region_entry;
    let region_starts = on_line.iter().filter(starts_region).count();
    let starts_skipped = on_line
        .first()
        .is_some_and(|s| !s.has_count && s.is_region_entry);
    let mapped = (!starts_skipped && (wrapped.is_some_and(|w| w.has_count) || region_starts > 0))
        || on_line.iter().any(|s| s.is_region_entry && s.has_count);
    if !mapped {
        return None;
    }
    let wrapped_count = wrapped.map_or(0, |w| w.count);
    let starting = on_line.iter().filter(starts_region).map(|s| s.count);
    Some(starting.fold(wrapped_count, u64::max))
}

#[cfg(test)]
mod tests {
    //! The figures checked against LLVM 22's `llvm-cov report` on the same mapping and
    //! counts: hand-written functions with gap, skipped, zero-length, nested and
    //! same-range regions, and many randomly nested ones.

    use std::collections::HashMap;

    use serde_json::Value;

    use super::*;
    use crate::covfun::{Region, SourceRange};
    use crate::hash::md5_low64;
    use crate::rustc_oracle::llvm_tools::{
        coverage_object, llvm, write_text_profile, ProfileRecord,
    };
    use crate::zlib::Compression;

    const SOURCE_PATH: &str = "src/demo.rs";

    fn region(kind: RegionKind, (l1, c1): Loc, (l2, c2): Loc) -> Region {
        Region {
            file_id: 0,
            kind,
            range: SourceRange {
                start_line: l1,
                start_col: c1,
                end_line: l2,
                end_col: c2,
            },
        }
    }

    fn code(id: u32, start: Loc, end: Loc) -> Region {
        region(RegionKind::Code(Counter::Physical(id)), start, end)
    }

    fn gap(id: u32, start: Loc, end: Loc) -> Region {
        region(RegionKind::Gap(Counter::Physical(id)), start, end)
    }

    fn function(
        index: u32,
        regions: Vec<Region>,
        expressions: Vec<Expression>,
    ) -> FunctionCoverage {
        let pgo_name = format!("_RNvCs0_4demo{}f{index}", index.to_string().len() + 1);
        let num_counters = regions
            .iter()
            .flat_map(|r| match r.kind {
                RegionKind::Code(c) | RegionKind::Gap(c) => Some(c),
                _ => None,
            })
            .chain(expressions.iter().flat_map(|e| [e.lhs, e.rhs]))
            .filter_map(|c| match c {
                Counter::Physical(id) => Some(id + 1),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        FunctionCoverage {
            func: FuncId(index),
            name_hash: md5_low64(pgo_name.as_bytes()),
            pgo_name,
            func_hash: 0x1234 + u64::from(index),
            num_counters,
            expressions,
            regions,
        }
    }

    /// `llvm-cov`'s figures for `map` and `counters`: the function rows of `report
    /// -show-functions` by PGO name, and the export's totals.
    struct Oracle {
        rows: HashMap<String, (Tally, Tally)>,
        totals: (Tally, Tally, Tally),
    }

    fn oracle(map: &CoverageMap, counters: &[u64]) -> Oracle {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path().to_str().unwrap();
        let sections = map.sections(cwd, Compression::None).unwrap();
        std::fs::write(dir.path().join("demo.o"), coverage_object(&sections)).unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join(SOURCE_PATH), "\n".repeat(200)).unwrap();
        let mut next = 0;
        let records: Vec<ProfileRecord> = map
            .used_functions()
            .map(|f| {
                let own = counters[next..next + f.num_counters as usize].to_vec();
                next += f.num_counters as usize;
                ProfileRecord {
                    name: f.pgo_name.clone(),
                    hash: f.func_hash,
                    counters: own,
                }
            })
            .collect();
        std::fs::write(dir.path().join("p.proftext"), write_text_profile(&records)).unwrap();
        llvm(
            dir.path(),
            "llvm-profdata",
            &["merge", "-o", "p.profdata", "p.proftext"],
        );
        let source = format!("{cwd}/{SOURCE_PATH}");
        let args = [
            "report",
            "-show-functions",
            "demo.o",
            "-instr-profile=p.profdata",
        ];
        let report = llvm(
            dir.path(),
            "llvm-cov",
            &[&args[..], &[source.as_str()]].concat(),
        );
        let export = llvm(
            dir.path(),
            "llvm-cov",
            &[
                "export",
                "-summary-only",
                "demo.o",
                "-instr-profile=p.profdata",
            ],
        );
        Oracle {
            rows: report_rows(&report),
            totals: export_totals(&export),
        }
    }

    /// `Name Regions Miss Cover Lines Miss Cover ...` rows.
    fn report_rows(report: &str) -> HashMap<String, (Tally, Tally)> {
        let mut rows = HashMap::new();
        for line in report.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 7 || !fields[0].starts_with("_R") {
                continue;
            }
            let tally = |total: &str, missed: &str| {
                let total: usize = total.parse().unwrap();
                Tally {
                    covered: total - missed.parse::<usize>().unwrap(),
                    total,
                }
            };
            rows.insert(
                fields[0].to_string(),
                (tally(fields[1], fields[2]), tally(fields[4], fields[5])),
            );
        }
        rows
    }

    /// Regions, lines and functions of the export's totals.
    fn export_totals(export: &str) -> (Tally, Tally, Tally) {
        let json: Value = serde_json::from_str(export).unwrap();
        let totals = &json["data"][0]["totals"];
        let tally = |key: &str, covered: &str| Tally {
            covered: totals[key][covered].as_u64().unwrap() as usize,
            total: totals[key]["count"].as_u64().unwrap() as usize,
        };
        (
            tally("regions", "covered"),
            tally("lines", "covered"),
            tally("functions", "covered"),
        )
    }

    fn check_against_llvm_cov(map: &CoverageMap, counters: &[u64]) {
        let summary = summarize(map, counters).unwrap();
        let oracle = oracle(map, counters);
        for function in &summary.functions {
            let expected = oracle.rows.get(&function.pgo_name);
            assert_eq!(
                Some(&(function.regions, function.lines)),
                expected,
                "{} (regions, lines) in {map:#?} with {counters:?}",
                function.pgo_name
            );
        }
        let ours = (summary.regions(), summary.lines(), summary.functions());
        assert_eq!(ours, oracle.totals, "totals of {map:#?} with {counters:?}");
    }

    fn map(functions: Vec<FunctionCoverage>) -> CoverageMap {
        CoverageMap {
            source_path: SOURCE_PATH.to_string(),
            functions,
        }
    }

    #[test]
    fn hand_written_functions_match_llvm_cov() {
        // if/else over several lines, with gap regions between the branches.
        let branches = function(
            0,
            vec![
                code(0, (1, 1), (9, 2)),
                code(1, (2, 8), (4, 6)),
                gap(2, (4, 6), (4, 12)),
                code(2, (4, 12), (6, 6)),
                gap(0, (6, 6), (7, 5)),
                code(0, (7, 5), (8, 10)),
            ],
            vec![],
        );
        // A loop whose body is counted by an expression, a zero-length region, a
        // skipped region and two regions of the same range.
        let looping = function(
            1,
            vec![
                code(0, (11, 1), (18, 2)),
                region(RegionKind::Code(Counter::Expression(0)), (12, 5), (14, 6)),
                code(1, (13, 9), (13, 20)),
                code(1, (13, 9), (13, 20)),
                region(RegionKind::Code(Counter::Physical(0)), (15, 5), (15, 5)),
                region(RegionKind::Skipped, (16, 1), (16, 30)),
                region(RegionKind::Code(Counter::Expression(1)), (17, 5), (17, 12)),
            ],
            vec![
                Expression {
                    kind: ExprKind::Add,
                    lhs: Counter::Physical(0),
                    rhs: Counter::Physical(1),
                },
                Expression {
                    kind: ExprKind::Subtract,
                    lhs: Counter::Expression(0),
                    rhs: Counter::Physical(0),
                },
            ],
        );
        let mut unused = function(2, vec![code(0, (20, 1), (22, 2))], vec![]);
        unused.regions[0].kind = RegionKind::Code(Counter::Zero);
        unused.func_hash = 0;
        unused.num_counters = 0;
        let map = map(vec![branches, looping, unused]);
        check_against_llvm_cov(&map, &[3, 2, 1, 4, 0]);
        check_against_llvm_cov(&map, &[0, 0, 0, 0, 0]);
        check_against_llvm_cov(&map, &[1, 0, 5, 1, 7]);
    }

    /// xorshift64*, enough for test data.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
    }

    /// Random regions nested in `start..end`, each child of a code region inside it.
    fn nested_regions(rng: &mut Rng, start: Loc, end: Loc, depth: u32, out: &mut Vec<Region>) {
        let mut points: Vec<Loc> = (0..rng.below(7) * 2)
            .map(|_| {
                let line = start.0 + rng.below(u64::from(end.0 - start.0 + 1)) as u32;
                (line, 1 + rng.below(24) as u32)
            })
            .filter(|&p| start < p && p < end)
            .collect();
        points.sort();
        if points.len() % 2 == 1 {
            points.pop();
        }
        for pair in points.chunks(2) {
            let (lo, hi) = (pair[0], pair[1]);
            let counter = Counter::Physical(rng.below(3) as u32);
            let kind = match rng.below(20) {
                0..=1 => RegionKind::Gap(counter),
                2 => RegionKind::Skipped,
                3 => RegionKind::Code(Counter::Expression(rng.below(2) as u32)),
                4 => RegionKind::Code(Counter::Zero),
                _ => RegionKind::Code(counter),
            };
            let hi = if rng.below(12) == 0 { lo } else { hi };
            out.push(region(kind, lo, hi));
            if rng.below(10) == 0 {
                out.push(region(kind, lo, hi));
            }
            if depth < 3 && matches!(kind, RegionKind::Code(_)) {
                nested_regions(rng, lo, hi, depth + 1, out);
            }
        }
    }

    #[test]
    fn random_nested_regions_match_llvm_cov() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20 {
            let mut functions = Vec::new();
            let mut counters = Vec::new();
            for index in 0..8u32 {
                let first = index * 20 + 1;
                let body = ((first, 1), (first + 15, 2));
                let mut regions = vec![code(0, body.0, body.1)];
                nested_regions(&mut rng, body.0, body.1, 0, &mut regions);
                let own: Vec<u64> = (0..3).map(|_| rng.below(4)).collect();
                let (big, small) = if own[1] >= own[2] { (1, 2) } else { (2, 1) };
                let expressions = vec![
                    Expression {
                        kind: ExprKind::Add,
                        lhs: Counter::Physical(0),
                        rhs: Counter::Physical(1),
                    },
                    Expression {
                        kind: ExprKind::Subtract,
                        lhs: Counter::Physical(big),
                        rhs: Counter::Physical(small),
                    },
                ];
                let mut function = function(index, regions, expressions);
                function.num_counters = 3;
                counters.extend(own);
                functions.push(function);
            }
            let map = map(functions);
            check_against_llvm_cov(&map, &counters);
        }
    }

    #[test]
    fn too_few_counters_is_an_error() {
        let map = map(vec![function(0, vec![code(1, (1, 1), (2, 2))], vec![])]);
        let error = summarize(&map, &[1]).unwrap_err();
        assert_eq!(
            error,
            ReportError::TooFewCounters {
                expected: 2,
                found: 1
            }
        );
    }
}

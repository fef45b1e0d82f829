//! Round trips through the write side: what `instrument` + `CoverageMap::sections` (or the
//! encoders directly) put into an ELF object, `read_elf` / `read_sections` give back.

use clifcov_ir::Program;

use super::*;
use crate::covfun::{self, CovfunRecord, MappingBlob};
use crate::covmap::{encode_covmap_record, encode_filenames, COVMAP_VERSION6};
use crate::hash::md5_low64;
use crate::names::encode_names;
use crate::rustc_oracle::llvm_tools::coverage_object;
use crate::testing::{function, range, sample_program, T};
use crate::zlib::Compression;
use crate::{instrument, CoverageMap, Entry, FunctionCoverage, InstrumentOptions};

/// [`SAMPLE_SOURCE`](crate::testing::SAMPLE_SOURCE) with another `helper` body.
const SOURCE: &str = "fn main() {
    let n = helper(1);
    if n > 0 {
        n;
    }
}
fn helper(x: i32) -> i32 {
    if x > 2 { x } else { 1 }
}
fn dead() {
    let s = \"é\"; s;
}
";

/// The pass tests' sample program (`main` with a call, then an `if` without `else`; the
/// unused `dead`) with `helper` made an `if`/`else` as in [`SOURCE`], under `src/`.
fn program() -> Program {
    let mut program = sample_program();
    program.source_path = "src/t.rs".to_string();
    program.functions[1] = function(
        "helper",
        "7:1-7:25",
        "7:26-9:2",
        vec![
            (vec!["8:8-8:13"], T::Switch(vec![2, 1])),
            (vec!["8:16-8:17"], T::Goto(3)),
            (vec!["8:27-8:28"], T::Goto(3)),
            (vec!["9:2-9:2"], T::Return),
        ],
    );
    program
}

fn instrumented() -> CoverageMap {
    let options = InstrumentOptions {
        source: SOURCE,
        entry: Entry::Main,
        skip: &[],
        counters: crate::CounterScheme::default(),
    };
    instrument(&mut program(), &options)
}

/// The write side's regions in the order its encoder writes them.
fn encoded_order(regions: &[covfun::Region]) -> Vec<Region> {
    let mut sorted = regions.to_vec();
    sorted.sort_by_key(|r| (r.file_id, r.range.start_line, r.range.start_col));
    sorted.iter().map(Region::from).collect()
}

fn assert_same_function(read: &FunctionRecord, written: &FunctionCoverage, file: &str) {
    assert_eq!(read.name, written.pgo_name);
    assert_eq!(read.name_hash, written.name_hash);
    assert_eq!(read.func_hash, written.func_hash);
    assert_eq!(read.is_unused(), !written.is_used());
    assert_eq!(
        read.files,
        [MappedFile {
            filename_index: 1,
            name: file.to_string()
        }]
    );
    assert_eq!(read.expressions, written.expressions);
    assert_eq!(read.regions, encoded_order(&written.regions));
    assert_eq!(read.trailing_bytes, 0);
    // Every physical counter of a used function counts some region.
    let expected_max = written.num_counters.checked_sub(1);
    assert_eq!(read.max_counter_id, expected_max, "{}", written.pgo_name);
}

#[test]
fn instrumented_program_reads_back_from_an_elf_object() {
    let map = instrumented();
    assert!(map.functions.iter().any(|f| !f.expressions.is_empty()));
    assert!(map.functions.iter().any(|f| !f.is_used()));
    for compression in [Compression::None, Compression::Zlib] {
        let sections = map.sections("/work/dir", compression).unwrap();
        let file = read_elf(&coverage_object(&sections)).unwrap();
        assert_eq!(file.version(), Some(COVMAP_VERSION6));
        assert_eq!(file.covmap_records.len(), 1);
        let record = &file.covmap_records[0];
        assert_eq!(record.compressed, compression == Compression::Zlib);
        assert_eq!(record.filenames, map.filenames("/work/dir"));
        let names: Vec<&str> = map.functions.iter().map(|f| f.pgo_name.as_str()).collect();
        assert_eq!(file.names, names);
        assert_eq!(file.functions.len(), map.functions.len());
        for (read, written) in file.functions.iter().zip(&map.functions) {
            assert_same_function(read, written, "/work/dir/src/t.rs");
        }
        let text = file.to_string();
        assert!(text.contains("function t::main\n"), "{text}");
        assert!(text.contains("function t::dead (unused)\n"), "{text}");
        assert!(
            text.contains("  filename 1: /work/dir/src/t.rs\n"),
            "{text}"
        );
    }
}

fn region(file_id: u32, kind: covfun::RegionKind, range: SourceRange) -> covfun::Region {
    covfun::Region {
        file_id,
        kind,
        range,
    }
}

/// Two translation units (one compressed), records of every kind the write side encodes
/// laid out 8-aligned, and names in two chunks (one compressed) with padding between.
#[test]
fn hand_encoded_sections_read_back() {
    let unit_a = encode_filenames("/a", &["/a/x.rs", "/a/mac.rs"], Compression::Zlib);
    let unit_b = encode_filenames("/b", &["y.c"], Compression::None);
    let mut covmap = encode_covmap_record(&unit_a, COVMAP_VERSION6);
    covmap.extend(encode_covmap_record(&unit_b, 6));
    let blob_a = MappingBlob {
        file_ids: vec![1, 2],
        expressions: vec![Expression {
            kind: ExprKind::Subtract,
            lhs: Counter::Physical(0),
            rhs: Counter::Physical(3),
        }],
        regions: vec![
            region(
                0,
                covfun::RegionKind::Code(Counter::Physical(0)),
                range(1, 1, 9, 2),
            ),
            region(0, covfun::RegionKind::Skipped, range(2, 1, 3, 8)),
            region(
                0,
                covfun::RegionKind::Expansion {
                    expanded_file_id: 1,
                },
                range(4, 5, 4, 11),
            ),
            region(
                0,
                covfun::RegionKind::Branch {
                    true_counter: Counter::Physical(3),
                    false_counter: Counter::Expression(0),
                },
                range(5, 8, 5, 12),
            ),
            region(
                0,
                covfun::RegionKind::Gap(Counter::Physical(3)),
                range(5, 13, 5, 14),
            ),
            region(
                1,
                covfun::RegionKind::Code(Counter::Physical(3)),
                range(1, 20, 1, 30),
            ),
        ],
    };
    let blob_b = MappingBlob {
        file_ids: vec![1],
        expressions: vec![],
        regions: vec![region(
            0,
            covfun::RegionKind::Code(Counter::Zero),
            range(2, 29, 7, 2),
        )],
    };
    let record_a = CovfunRecord {
        name_hash: md5_low64(b"_RNvNvCs1_1x5outer5inner"),
        func_hash: 0x1234,
        filenames_ref: md5_low64(&unit_a),
        mapping: blob_a.encode().unwrap(),
    };
    let record_b = CovfunRecord {
        name_hash: md5_low64(b"y.c:unused_fn"),
        func_hash: 0,
        filenames_ref: md5_low64(&unit_b),
        mapping: blob_b.encode().unwrap(),
    };
    let mut covfun = record_a.encode();
    covfun.extend(record_b.encode());
    let mut names = encode_names(&["_RNvNvCs1_1x5outer5inner"], Compression::Zlib).unwrap();
    names.extend([0, 0]);
    names.extend(encode_names(&["y.c:unused_fn"], Compression::None).unwrap());

    let file = read_sections(&covmap, &covfun, Some(&names)).unwrap();
    assert_eq!(file.covmap_records.len(), 2);
    assert_eq!(file.covmap_records[1].version, 6);
    assert_eq!(file.covmap_records[1].filenames, ["/b", "y.c"]);
    assert_eq!(file.names, ["_RNvNvCs1_1x5outer5inner", "y.c:unused_fn"]);
    let [a, b] = &file.functions[..] else {
        panic!("two functions expected: {:?}", file.functions);
    };
    assert_eq!(a.demangled_name().as_deref(), Some("x::outer::inner"));
    assert_eq!(a.func_hash, 0x1234);
    assert_eq!(a.covmap_record, 0);
    let file_names: Vec<&str> = a.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(file_names, ["/a/x.rs", "/a/mac.rs"]);
    assert_eq!(a.regions, encoded_order(&blob_a.regions));
    assert_eq!(a.resolved_expressions[0].to_string(), "#0 - #3");
    assert_eq!(a.max_counter_id, Some(3));
    assert_eq!(b.covmap_record, 1);
    assert!(b.is_unused());
    assert_eq!(b.max_counter_id, None);
    assert_eq!(b.files[0].name, "y.c");
}

//! Running LLVM 22's `llvm-profdata` and `llvm-cov` on hand-made inputs: an ELF object that
//! holds only clifcov's coverage sections, and a text profile.

use std::path::Path;
use std::process::Command;

use object::write::{Object, StandardSegment, Symbol, SymbolSection};
use object::{
    Architecture, BinaryFormat, ComdatKind, Endianness, SectionKind, SymbolFlags, SymbolKind,
    SymbolScope,
};

use crate::CoverageSections;

pub const LLVM_22: &str = "/usr/lib/llvm-22/bin";
/// The oldest LLVM the covmap `Version6` layout is meant for (FORMATS.md 6.2).
pub const LLVM_14: &str = "/usr/lib/llvm-14/bin";

/// An x86-64 ELF relocatable object with `__llvm_covmap`, one `__llvm_covfun` section per
/// record (each in a COMDAT group named by its `__covrec_` symbol, as rustc and clang lay
/// them out) and `__llvm_prf_names`.
pub fn coverage_object(sections: &CoverageSections) -> Vec<u8> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let segment = obj.segment_name(StandardSegment::Data).to_vec();
    let covmap = obj.add_section(
        segment.clone(),
        b"__llvm_covmap".to_vec(),
        SectionKind::Metadata,
    );
    obj.append_section_data(covmap, &sections.covmap, 8);
    for record in &sections.covfun {
        let id = obj.add_section(
            segment.clone(),
            b"__llvm_covfun".to_vec(),
            SectionKind::Metadata,
        );
        obj.append_section_data(id, &record.data, 8);
        let symbol = obj.add_symbol(Symbol {
            name: record.comdat_symbol.as_bytes().to_vec(),
            value: 0,
            size: record.data.len() as u64,
            kind: SymbolKind::Data,
            scope: SymbolScope::Linkage,
            weak: true,
            section: SymbolSection::Section(id),
            flags: SymbolFlags::None,
        });
        obj.add_comdat(object::write::Comdat {
            kind: ComdatKind::Any,
            symbol,
            sections: vec![id],
        });
    }
    let names = obj.add_section(
        segment,
        b"__llvm_prf_names".to_vec(),
        SectionKind::ReadOnlyData,
    );
    obj.append_section_data(names, &sections.names, 1);
    obj.write().expect("writing an ELF object in memory")
}

/// One function of a text profile (`llvm-profdata merge --text` format).
pub struct ProfileRecord {
    pub name: String,
    pub hash: u64,
    pub counters: Vec<u64>,
}

pub fn parse_text_profile(text: &str) -> Vec<ProfileRecord> {
    let mut records = Vec::new();
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    while let Some(name) = lines.next() {
        let hash = lines.next().expect("hash").parse().expect("hash value");
        let count: usize = lines.next().expect("counter count").parse().expect("count");
        let counters = (0..count)
            .map(|_| {
                lines
                    .next()
                    .expect("counter")
                    .parse()
                    .expect("counter value")
            })
            .collect();
        records.push(ProfileRecord {
            name: name.to_string(),
            hash,
            counters,
        });
    }
    records
}

pub fn write_text_profile(records: &[ProfileRecord]) -> String {
    let mut text = String::new();
    for r in records {
        text.push_str(&format!(
            "{}\n# Func Hash:\n{}\n# Num Counters:\n{}\n# Counter Values:\n",
            r.name,
            r.hash,
            r.counters.len()
        ));
        for c in &r.counters {
            text.push_str(&format!("{c}\n"));
        }
        text.push('\n');
    }
    text
}

/// Runs an LLVM 22 tool in `dir`, returning its stdout; panics with its stderr on failure.
pub fn llvm(dir: &Path, tool: &str, args: &[&str]) -> String {
    llvm_from(LLVM_22, dir, tool, args)
}

/// Runs a tool from the LLVM installation in `bin`.
pub fn llvm_from(bin: &str, dir: &Path, tool: &str, args: &[&str]) -> String {
    let output = Command::new(Path::new(bin).join(tool))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{tool} {args:?} warned: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

//! Any LLVM from 14 to 22: the corpus built by clifcov once per raw profile layout and read
//! by the `llvm-profdata` and `llvm-cov` of each LLVM that reads that layout.
//!
//! Every corpus program is built with `--llvm-version 14` (raw profile version 8) and
//! `--llvm-version 22` (version 10), each with plain counters (placed as rustc places
//! them, and with `--counter-placement cold`) and with single-byte counters, and
//! run once per `// args:` line (profiles of all runs merged). The v8 profiles are read by
//! LLVM 14 and 16, the v10 profiles by LLVM 19 and 22, each through its own
//! `llvm-profdata merge` and `llvm-cov export -format=lcov` (one `DA:` count per line).
//! The references are llvm-cov 22's readings of the v10 profiles (the plain one is itself
//! checked against rustc by the differential test):
//! * every LLVM shows exactly llvm-cov 22's line counts, for plain and for byte counters;
//! * cold placement gives the line counts of rustc's placement when every run exits 0 (when
//!   a run stops inside a function, the code counted wrongly moves: see `check_program`);
//! * byte counters cover the lines that plain counters count as run (merging adds the runs'
//!   profiles, so a line's byte count is the number of runs in which it ran). Exactly those
//!   lines when every run exits 0; when a run stops inside a function (panic,
//!   `process::exit`) plain counters derived by expressions (as rustc's are) may count code
//!   after the stop, such as the closing brace, that byte counters rightly leave uncovered,
//!   so there only the byte-covered lines must be among them (see `byte_against_plain`).
//!
//! A run that ends by a signal (a stack overflow aborts, as rustc's program does) must write
//! no profile; a program whose every run does so has nothing to read here.
//!
//! The raw version word of each profile is checked too (8 or 10, plus bit 60 for bytes), so
//! that the layout really comes from `--llvm-version`. `DIFFERENTIAL_FILTER` narrows the
//! corpus. `llvm_18_reads_raw_version_9` (ignored: LLVM 18 is not packaged for Debian 12)
//! does the same for `--llvm-version 18` with rustc 1.80's `llvm-tools` (LLVM 18.1.7).
//! The other tests check how the version is chosen when `--llvm-version` is not given.

#[allow(dead_code)] // The differential harness; this test uses its corpus and process parts.
mod harness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use harness::corpus::{self, Program};
use harness::parallel;
use harness::process::{self, Captured};
use harness::settings::Settings;

/// A line's count by (source file, line number), from `llvm-cov export -format=lcov`.
type LineCounts = BTreeMap<(String, u32), u64>;

const BYTE_COVERAGE_FLAG: u64 = 1 << 60;

/// The LLVM tools of one version.
#[derive(Clone, Debug)]
struct Llvm {
    major: u32,
    bin: PathBuf,
}

impl Llvm {
    /// Debian's `llvm-<major>` package.
    fn debian(major: u32) -> Llvm {
        let bin = PathBuf::from(format!("/usr/lib/llvm-{major}/bin"));
        for tool in ["llvm-profdata", "llvm-cov"] {
            assert!(
                bin.join(tool).is_file(),
                "{tool} of LLVM {major} is missing: apt-get install llvm-{major} \
                 (scripts/test.sh installs it)"
            );
        }
        Llvm { major, bin }
    }
}

/// One build of each program: the `--llvm-version` it gets, the raw profile version that
/// must follow, and the LLVMs that read it.
struct Layout {
    llvm_version: u32,
    raw_version: u64,
    readers: Vec<Llvm>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counters {
    Plain,
    /// Plain counters with `--counter-placement cold`.
    PlainCold,
    Byte,
}

impl Counters {
    fn args(self) -> &'static [&'static str] {
        match self {
            Counters::Plain => &["--counters", "plain"],
            Counters::PlainCold => &["--counters", "plain", "--counter-placement", "cold"],
            Counters::Byte => &["--counters", "byte"],
        }
    }

    fn name(self) -> &'static str {
        match self {
            Counters::Plain => "plain",
            Counters::PlainCold => "plain-cold",
            Counters::Byte => "byte",
        }
    }
}

/// The line counts one LLVM read from one build's profile.
struct Reading {
    counters: Counters,
    major: u32,
    lines: LineCounts,
}

/// What checking one program found.
#[derive(Default)]
struct Outcome {
    readings: usize,
    /// Whether every run of the program exited with code 0.
    every_run_exited_0: bool,
    /// Whether byte counters leave lines uncovered that plain counters count as run.
    byte_covers_fewer_lines: bool,
    /// Whether every run ended by a signal, writing no profile: nothing to read.
    every_run_aborted: bool,
    problems: Vec<String>,
}

fn stock_layouts() -> Vec<Layout> {
    vec![
        Layout {
            llvm_version: 14,
            raw_version: 8,
            readers: vec![Llvm::debian(14), Llvm::debian(16)],
        },
        Layout {
            llvm_version: 22,
            raw_version: 10,
            readers: vec![Llvm::debian(19), Llvm::debian(22)],
        },
    ]
}

#[test]
fn every_llvm_from_14_to_22_reads_the_corpus_line_counts_of_llvm_22() {
    let layouts = stock_layouts();
    check_corpus(&layouts, 22);
}

/// LLVM 18 (raw version 9) through rustc 1.80's `llvm-tools`
/// (`rustup toolchain install 1.80.0 --component llvm-tools`); compared with LLVM 22 on
/// raw version 10.
#[test]
#[ignore]
fn llvm_18_reads_raw_version_9() {
    let sysroot = Command::new("rustc")
        .args(["+1.80.0", "--print", "sysroot"])
        .output()
        .expect("rustup's rustc");
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    let bin = sysroot.join("lib/rustlib/x86_64-unknown-linux-gnu/bin");
    assert!(
        bin.join("llvm-cov").is_file(),
        "no llvm-tools in {}",
        bin.display()
    );
    let layouts = vec![
        Layout {
            llvm_version: 18,
            raw_version: 9,
            readers: vec![Llvm { major: 18, bin }],
        },
        Layout {
            llvm_version: 22,
            raw_version: 10,
            readers: vec![Llvm::debian(22)],
        },
    ];
    check_corpus(&layouts, 22);
}

/// Checks every selected corpus program under `layouts`, against the readings of LLVM
/// `reference_major`.
fn check_corpus(layouts: &[Layout], reference_major: u32) {
    let settings = Settings::from_environment();
    let programs = corpus::load(&settings, "tests/corpus").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !programs.is_empty() || settings.filter.is_some(),
        "no corpus program found"
    );
    let outcomes = parallel::map(&programs, settings.workers, |program| {
        check_program(&settings, program, layouts, reference_major)
    });
    let mut failed = 0;
    let mut readings = 0;
    let (mut stopping, mut fewer, mut aborted) = (0, 0, 0);
    for (program, outcome) in programs.iter().zip(&outcomes) {
        readings += outcome.readings;
        aborted += usize::from(outcome.every_run_aborted);
        stopping += usize::from(!outcome.every_run_exited_0);
        fewer += usize::from(outcome.byte_covers_fewer_lines);
        if outcome.problems.is_empty() {
            continue;
        }
        failed += 1;
        println!("--- {}", program.source);
        for problem in &outcome.problems {
            println!("{problem}");
        }
    }
    let summary = format!(
        "llvm versions: {} programs ({stopping} with runs that do not exit 0, {fewer} where \
         byte counters leave uncovered lines after a stop that plain counters count, \
         {aborted} whose runs all abort), {readings} profiles read, {failed} programs with \
         problems",
        programs.len()
    );
    println!("{summary}");
    assert_eq!(failed, 0, "{summary}");
}

/// Builds, runs and reads one program in every layout with both counter kinds.
fn check_program(
    settings: &Settings,
    program: &Program,
    layouts: &[Layout],
    reference_major: u32,
) -> Outcome {
    let mut outcome = Outcome::default();
    let dir = match tempfile::Builder::new().prefix("llvm-versions-").tempdir() {
        Ok(dir) => dir,
        Err(error) => {
            outcome
                .problems
                .push(format!("no temporary directory: {error}"));
            return outcome;
        }
    };
    let mut readings = Vec::new();
    for counters in [Counters::Plain, Counters::PlainCold, Counters::Byte] {
        for layout in layouts {
            let build_dir = dir
                .path()
                .join(format!("{}-{}", counters.name(), layout.llvm_version));
            match read_build(settings, program, counters, layout, &build_dir) {
                Ok((mut read, returned)) => {
                    readings.append(&mut read);
                    outcome.every_run_exited_0 = returned;
                }
                Err(problem) => outcome.problems.push(problem),
            }
        }
    }
    outcome.readings = readings.len();
    if readings.is_empty() && outcome.problems.is_empty() {
        outcome.every_run_aborted = true;
        return outcome;
    }
    let reference = |counters| {
        readings
            .iter()
            .find(|r| r.counters == counters && r.major == reference_major)
    };
    let references = (
        reference(Counters::Plain),
        reference(Counters::PlainCold),
        reference(Counters::Byte),
    );
    let (Some(plain), Some(cold), Some(byte)) = references else {
        outcome.problems.push(format!(
            "no reading of LLVM {reference_major} to compare with"
        ));
        return outcome;
    };
    for reading in &readings {
        let expected = match reading.counters {
            Counters::Plain => plain,
            Counters::PlainCold => cold,
            Counters::Byte => byte,
        };
        if reading.lines != expected.lines {
            outcome.problems.push(format!(
                "{} counters read by LLVM {}, against LLVM {reference_major}: {}",
                reading.counters.name(),
                reading.major,
                line_differences(&expected.lines, &reading.lines)
            ));
        }
    }
    // Where physical counters go changes which counts a run that stops inside a function
    // gets wrong (code after the stop, or before it), never the counts of complete runs.
    if outcome.every_run_exited_0 && cold.lines != plain.lines {
        outcome.problems.push(format!(
            "--counter-placement cold, against rustc's placement: {}",
            line_differences(&plain.lines, &cold.lines)
        ));
    }
    let runs = program.headers.runs.len() as u64;
    outcome.byte_covers_fewer_lines = covered(&byte.lines) != covered(&plain.lines);
    outcome.problems.extend(byte_against_plain(
        &byte.lines,
        &plain.lines,
        runs,
        outcome.every_run_exited_0,
    ));
    outcome
}

/// What is wrong with the line counts of byte counters (`byte`) given those of plain
/// counters (`plain`) over `runs` runs. Merged byte profiles count, per line, the runs in
/// which it ran. When every run exits 0 the lines covered must be exactly those with a
/// non-zero plain count. When a run stops inside a function (a panic, `process::exit`),
/// plain counters derived from others (expressions, as rustc makes them) can count code
/// after the stop, such as a closing brace, as run; byte counters, one per block, do not:
/// then the covered lines need only be among those.
fn byte_against_plain(
    byte: &LineCounts,
    plain: &LineCounts,
    runs: u64,
    every_run_exited_0: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some((line, count)) = byte.iter().find(|(_, &count)| count > runs) {
        problems.push(format!(
            "byte counters: line {} counts {count} in {runs} runs",
            line.1
        ));
    }
    let (byte, plain) = (covered(byte), covered(plain));
    let only_plain_covers = |line: &(String, u32)| plain[line] == 1 && byte[line] == 0;
    let acceptable = !every_run_exited_0
        && byte.keys().eq(plain.keys())
        && byte
            .iter()
            .all(|(line, &ran)| ran == plain[line] || only_plain_covers(line));
    if byte != plain && !acceptable {
        problems.push(format!(
            "lines covered with byte counters against lines counted with plain counters: {}",
            line_differences(&plain, &byte)
        ));
    }
    problems
}

/// 1 for a line that ran, else 0.
fn covered(lines: &LineCounts) -> LineCounts {
    lines
        .iter()
        .map(|(line, &count)| (line.clone(), u64::from(count > 0)))
        .collect()
}

/// The first few lines whose counts differ, as `line N: expected E, got G`.
fn line_differences(expected: &LineCounts, actual: &LineCounts) -> String {
    let mut keys: Vec<&(String, u32)> = expected.keys().chain(actual.keys()).collect();
    keys.sort();
    keys.dedup();
    let differing: Vec<String> = keys
        .into_iter()
        .filter(|key| expected.get(*key) != actual.get(*key))
        .map(|key| {
            let show = |counts: &LineCounts| {
                counts
                    .get(key)
                    .map_or("no count".to_string(), u64::to_string)
            };
            format!(
                "line {}: expected {}, got {}",
                key.1,
                show(expected),
                show(actual)
            )
        })
        .collect();
    let shown = differing
        .iter()
        .take(5)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    format!("{} lines differ ({shown})", differing.len())
}

/// Builds `program` for `layout` with `counters`, runs it, checks the profile's version
/// word and returns the line counts each reader of the layout shows, and whether every run
/// exited with code 0.
fn read_build(
    settings: &Settings,
    program: &Program,
    counters: Counters,
    layout: &Layout,
    dir: &Path,
) -> Result<(Vec<Reading>, bool), String> {
    let what = format!(
        "--llvm-version {} {}",
        layout.llvm_version,
        counters.args().join(" ")
    );
    std::fs::create_dir_all(dir).map_err(|e| format!("{what}: {e}"))?;
    let executable = dir.join(&program.name);
    let mut build = Command::new(&settings.clifcov);
    build
        .args(["build", "--llvm-version", &layout.llvm_version.to_string()])
        .args(counters.args())
        .args([&program.source, "-o"])
        .arg(&executable)
        .current_dir(&settings.root);
    let built = process::run(&mut build, settings.build_timeout);
    if !built.succeeded() || !executable.is_file() {
        return Err(format!("{what}: build failed: {}", failure(&built)));
    }
    let (profiles, every_run_exited_0) =
        run_all(settings, program, &executable, dir).map_err(|e| format!("{what}: {e}"))?;
    if profiles.is_empty() {
        return Ok((Vec::new(), false));
    }
    let flags = match counters {
        Counters::Plain | Counters::PlainCold => 0,
        Counters::Byte => BYTE_COVERAGE_FLAG,
    };
    for profile in &profiles {
        let word = version_word(profile)?;
        if word != layout.raw_version | flags {
            return Err(format!("{what}: profile version word {word:#x}"));
        }
    }
    let readings = layout
        .readers
        .iter()
        .map(|llvm| {
            let lines = line_counts(settings, llvm, &executable, &profiles, dir)
                .map_err(|e| format!("{what}, LLVM {}: {e}", llvm.major))?;
            Ok(Reading {
                counters,
                major: llvm.major,
                lines,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok((readings, every_run_exited_0))
}

/// Runs `executable` once per run of `program`, each writing `run-N.profraw` in `dir` (but
/// a run ended by a signal, which must write none); returns the profiles and whether every
/// run exited with code 0.
fn run_all(
    settings: &Settings,
    program: &Program,
    executable: &Path,
    dir: &Path,
) -> Result<(Vec<PathBuf>, bool), String> {
    let mut profiles = Vec::new();
    let mut every_run_exited_0 = true;
    for (index, arguments) in program.headers.runs.iter().enumerate() {
        let profile = dir.join(format!("run-{index}.profraw"));
        let mut command = Command::new(executable);
        command
            .args(arguments)
            .current_dir(dir)
            .env("LLVM_PROFILE_FILE", &profile)
            .env_remove("CLIFCOV_LLVM_VERSION")
            .env_remove("RUST_BACKTRACE");
        let ran = process::run(&mut command, settings.run_timeout);
        if matches!(
            ran.termination,
            process::Termination::TimedOut(_) | process::Termination::FailedToStart(_)
        ) {
            return Err(format!("{}: {}", program.run_label(index), ran.termination));
        }
        let signalled = matches!(ran.termination, process::Termination::Signalled(_));
        match (signalled, profile.is_file()) {
            (false, true) => profiles.push(profile),
            (true, false) => {}
            (false, false) => {
                return Err(format!("{} wrote no profile", program.run_label(index)));
            }
            (true, true) => {
                let label = program.run_label(index);
                return Err(format!(
                    "{label} ended by {} but wrote a profile",
                    ran.termination
                ));
            }
        }
        every_run_exited_0 &= ran.succeeded();
    }
    Ok((profiles, every_run_exited_0))
}

/// The raw profile's version word (after the 8-byte magic).
fn version_word(profile: &Path) -> Result<u64, String> {
    let bytes = std::fs::read(profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    let word = bytes
        .get(8..16)
        .ok_or_else(|| format!("{}: shorter than a header", profile.display()))?;
    Ok(u64::from_le_bytes(word.try_into().expect("8 bytes")))
}

/// The line counts `llvm` shows for `executable` with `profiles` merged.
fn line_counts(
    settings: &Settings,
    llvm: &Llvm,
    executable: &Path,
    profiles: &[PathBuf],
    dir: &Path,
) -> Result<LineCounts, String> {
    let merged = dir.join(format!("llvm-{}.profdata", llvm.major));
    let mut merge = Command::new(llvm.bin.join("llvm-profdata"));
    merge.arg("merge").arg("-o").arg(&merged).args(profiles);
    tool_output(settings, &mut merge, "llvm-profdata merge")?;
    let mut export = Command::new(llvm.bin.join("llvm-cov"));
    export
        .args(["export", "-format=lcov", "-instr-profile"])
        .arg(&merged)
        .arg(executable);
    let lcov = tool_output(settings, &mut export, "llvm-cov export")?;
    parse_lcov(&lcov)
}

/// Runs an LLVM tool; its stdout, or what went wrong (warnings included).
fn tool_output(settings: &Settings, command: &mut Command, what: &str) -> Result<String, String> {
    let output = process::run(command, settings.run_timeout);
    if output.succeeded() && output.stderr.trim().is_empty() {
        Ok(output.stdout)
    } else {
        Err(format!("{what}: {}", failure(&output)))
    }
}

/// The `DA:LINE,COUNT` records of an lcov file, by the `SF:` file they follow.
fn parse_lcov(lcov: &str) -> Result<LineCounts, String> {
    let mut counts = LineCounts::new();
    let mut file = None;
    for line in lcov.lines() {
        if let Some(path) = line.strip_prefix("SF:") {
            file = Some(path.to_string());
        } else if let Some(record) = line.strip_prefix("DA:") {
            let mut fields = record.split(',');
            let number = fields.next().and_then(|f| f.parse().ok());
            let count = fields.next().and_then(|f| f.parse().ok());
            match (&file, number, count) {
                (Some(file), Some(number), Some(count)) => {
                    counts.insert((file.clone(), number), count);
                }
                _ => return Err(format!("unreadable lcov line `{line}`")),
            }
        }
    }
    if counts.is_empty() {
        return Err("llvm-cov export gave no line counts".to_string());
    }
    Ok(counts)
}

fn failure(captured: &Captured) -> String {
    format!("{}: {}", captured.termination, captured.stderr.trim())
}

/// `clifcov build FILE.rs -o OUT` in the workspace root with `LLVM_PROFDATA` set as given
/// (removed when `None`); returns the build and the raw version word of one run's profile
/// (`None` without a profile).
fn build_with_profdata(profdata: Option<&Path>, extra: &[&str]) -> (Captured, Option<u64>) {
    let settings = Settings::from_environment();
    let dir = tempfile::tempdir().unwrap();
    let executable = dir.path().join("args_len");
    let mut build = Command::new(&settings.clifcov);
    build
        .args(["build", "tests/corpus/args_len.rs", "-o"])
        .arg(&executable)
        .args(extra)
        .current_dir(&settings.root);
    match profdata {
        Some(path) => build.env("LLVM_PROFDATA", path),
        None => build.env_remove("LLVM_PROFDATA"),
    };
    let built = process::run(&mut build, settings.build_timeout);
    if !built.succeeded() {
        return (built, None);
    }
    let profile = dir.path().join("run.profraw");
    let mut run = Command::new(&executable);
    run.env("LLVM_PROFILE_FILE", &profile)
        .env_remove("CLIFCOV_LLVM_VERSION");
    process::run(&mut run, settings.run_timeout);
    (built, version_word(&profile).ok())
}

/// A script that answers `--version` as an LLVM tool of version `version` would.
fn fake_profdata(dir: &Path, version: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("llvm-profdata");
    let script =
        format!("#!/bin/sh\necho 'LLVM (http://llvm.org/):'\necho '  LLVM version {version}'\n");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn without_llvm_version_the_profile_is_for_the_llvm_profdata_in_llvm_profdata() {
    for (major, word) in [(14, 8), (16, 8), (19, 10), (22, 10)] {
        let profdata = Llvm::debian(major).bin.join("llvm-profdata");
        let (built, version) = build_with_profdata(Some(&profdata), &[]);
        assert!(built.succeeded(), "{}", failure(&built));
        assert_eq!(version, Some(word), "LLVM {major}");
        assert_eq!(built.stderr, "", "LLVM {major}");
    }
    let (built, version) = build_with_profdata(
        Some(&Llvm::debian(14).bin.join("llvm-profdata")),
        &["--counters", "byte"],
    );
    assert!(built.succeeded(), "{}", failure(&built));
    assert_eq!(version, Some(BYTE_COVERAGE_FLAG | 8));
}

#[test]
fn llvm_version_overrides_the_detected_llvm_profdata() {
    let profdata = Llvm::debian(22).bin.join("llvm-profdata");
    let (built, version) = build_with_profdata(Some(&profdata), &["--llvm-version", "16"]);
    assert!(built.succeeded(), "{}", failure(&built));
    assert_eq!(version, Some(8));
}

#[test]
fn an_llvm_profdata_clifcov_cannot_serve_is_an_error_saying_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    for version in ["23.0.0", "13.0.1"] {
        let fake = fake_profdata(dir.path(), version);
        let (built, _) = build_with_profdata(Some(&fake), &[]);
        assert_eq!(
            built.termination,
            process::Termination::Exited(1),
            "{version}"
        );
        let major = version.split('.').next().unwrap();
        let stderr = built.stderr;
        assert!(stderr.starts_with("error: LLVM_PROFDATA="), "{stderr}");
        assert!(
            stderr.contains(&format!("LLVM {major}, is not served")),
            "{stderr}"
        );
        assert!(stderr.contains("--llvm-version N"), "{stderr}");
        assert_eq!(stderr.lines().count(), 2, "{stderr}");
    }
    let (built, _) = build_with_profdata(Some(Path::new("/nonexistent/llvm-profdata")), &[]);
    assert_eq!(built.termination, process::Termination::Exited(1));
    assert!(
        built.stderr.contains("did not say its LLVM version"),
        "{}",
        built.stderr
    );
    let (built, _) = build_with_profdata(Some(Path::new("/nonexistent")), &["--no-coverage"]);
    assert!(
        built.succeeded(),
        "without coverage no llvm-profdata is asked"
    );
}

#[test]
fn llvm_version_outside_14_to_22_is_refused() {
    for value in ["13", "23", "abc"] {
        let (built, _) = build_with_profdata(None, &["--llvm-version", value]);
        assert_eq!(
            built.termination,
            process::Termination::Exited(2),
            "{value}"
        );
        assert!(
            built
                .stderr
                .contains(&format!("invalid value '{value}' for '--llvm-version <N>'")),
            "{}",
            built.stderr
        );
        assert!(built.stderr.contains("14 to 22"), "{}", built.stderr);
    }
}

#[test]
fn byte_coverage_must_match_plain_counts_exactly_unless_a_run_stopped_early() {
    let lines = |counts: &[u64]| -> LineCounts {
        let file = "t.rs".to_string();
        (1..)
            .zip(counts)
            .map(|(n, &c)| ((file.clone(), n), c))
            .collect()
    };
    let plain = lines(&[3, 0, 1]);
    assert!(byte_against_plain(&lines(&[2, 0, 1]), &plain, 2, true).is_empty());
    assert_eq!(
        byte_against_plain(&lines(&[2, 0, 0]), &plain, 2, true).len(),
        1
    );
    assert!(byte_against_plain(&lines(&[2, 0, 0]), &plain, 2, false).is_empty());
    assert_eq!(
        byte_against_plain(&lines(&[2, 1, 1]), &plain, 2, false).len(),
        1
    );
    assert_eq!(
        byte_against_plain(&lines(&[3, 0, 1]), &plain, 2, true).len(),
        1
    );
    assert_eq!(
        byte_against_plain(&lines(&[2, 0]), &plain, 2, false).len(),
        1
    );
}

/// `llvm-cov report`'s TOTAL line for `clifcov test FILE --llvm-version MAJOR`, read by
/// LLVM `major`'s tools, and the profile's version word.
fn test_command_totals(file: &str, major: u32) -> (String, u64) {
    let settings = Settings::from_environment();
    let dir = tempfile::tempdir().unwrap();
    let (profile, object) = (dir.path().join("t.profraw"), dir.path().join("t.o"));
    let mut test = Command::new(&settings.clifcov);
    test.args(["test", file, "--llvm-version", &major.to_string()])
        .arg("--coverage-object")
        .arg(&object)
        .env("LLVM_PROFILE_FILE", &profile)
        .env_remove("CLIFCOV_LLVM_VERSION")
        .current_dir(&settings.root);
    let ran = process::run(&mut test, settings.build_timeout);
    assert!(
        matches!(ran.termination, process::Termination::Exited(0 | 101)),
        "{}",
        failure(&ran)
    );
    let llvm = Llvm::debian(major);
    let merged = dir.path().join("t.profdata");
    let mut merge = Command::new(llvm.bin.join("llvm-profdata"));
    merge.arg("merge").arg(&profile).arg("-o").arg(&merged);
    tool_output(&settings, &mut merge, "llvm-profdata merge").unwrap();
    let mut report = Command::new(llvm.bin.join("llvm-cov"));
    report
        .arg("report")
        .arg(&object)
        .arg("-instr-profile")
        .arg(&merged);
    let text = tool_output(&settings, &mut report, "llvm-cov report").unwrap();
    let total = text.lines().find(|l| l.starts_with("TOTAL")).unwrap();
    (total.to_string(), version_word(&profile).unwrap())
}

#[test]
fn clifcov_test_writes_its_profile_for_llvm_version() {
    let file = "tests/testfiles/basic.rs";
    let (total_22, word_22) = test_command_totals(file, 22);
    assert_eq!(word_22, 10);
    for (major, word) in [(14, 8), (16, 8), (19, 10)] {
        let (total, version) = test_command_totals(file, major);
        assert_eq!(version, word, "LLVM {major}");
        assert_eq!(total, total_22, "LLVM {major}");
    }
}

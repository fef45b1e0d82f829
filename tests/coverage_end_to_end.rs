//! Coverage of programs built by `clifcov build`, end to end: the profile written on each way a
//! program ends, `%m` merging by concurrent processes, plain and atomic counters, unused
//! functions, and a malformed existing profile. The oracle is the same program built by
//! `rustc -C instrument-coverage`, read by the same LLVM 22 tools (the runtime's own mechanics
//! are tested on hand-built sections in `rt/tests/profile.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LLVM_BIN: &str = "/usr/lib/llvm-22/bin";

/// Ends by returning from `main` (no argument), by `process::exit(3)` (one), by a panic (two)
/// or by a failed overflow check (three).
const PROGRAM: &str = r#"#[allow(dead_code)]
fn unused(n: u64) -> u64 {
    if n > 3 {
        n
    } else {
        0
    }
}

fn work(rounds: u64) -> u64 {
    let mut total = 0;
    for i in 0..rounds {
        if i % 3 == 0 {
            total += i;
        } else {
            total += 1;
        }
    }
    total
}

fn main() {
    let n = std::env::args().len();
    println!("{}", work(n as u64 * 50));
    if n == 2 {
        std::process::exit(3);
    }
    if n == 3 {
        panic!("stop");
    }
    if n == 4 {
        let big: u64 = 18446744073709551612 + n as u64;
        println!("{big}");
    }
    println!("end");
}
"#;

/// A temporary directory holding `program.rs` and the executables built from it.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::Builder::new()
            .prefix("coverage-e2e-")
            .tempdir()
            .expect("temporary directory");
        std::fs::write(dir.path().join("program.rs"), PROGRAM).expect("write the program");
        Workspace { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `rustc -C instrument-coverage` into `bin-NAME`.
    fn rustc(&self, name: &str) -> PathBuf {
        let mut command = Command::new(std::env::var_os("RUSTC").unwrap_or("rustc".into()));
        command.args([
            "--edition",
            "2021",
            "-C",
            "instrument-coverage",
            "-C",
            "opt-level=0",
        ]);
        self.build(command, name)
    }

    /// `clifcov build` (instrumented by default) with `options` into `bin-NAME`.
    fn clifcov(&self, name: &str, options: &[&str]) -> PathBuf {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clifcov"));
        command
            .env("LLVM_PROFDATA", Path::new(LLVM_BIN).join("llvm-profdata"))
            .arg("build")
            .args(options);
        self.build(command, name)
    }

    fn build(&self, mut command: Command, name: &str) -> PathBuf {
        let output = command
            .current_dir(self.dir.path())
            .args(["program.rs", "-o"])
            .arg(format!("bin-{name}"))
            .output()
            .expect("start the compiler");
        assert!(output.status.success(), "{}", text(&output.stderr));
        self.path(&format!("bin-{name}"))
    }

    /// Runs `executable` with `argc - 1` arguments, its profile going to `profile` (a pattern
    /// relative to the workspace).
    fn run(&self, executable: &Path, argc: usize, profile: &str) -> Output {
        self.command(executable, argc, profile)
            .output()
            .expect("run the program")
    }

    fn command(&self, executable: &Path, argc: usize, profile: &str) -> Command {
        let mut command = Command::new(executable);
        command
            .args(vec!["x"; argc - 1])
            .current_dir(self.dir.path())
            .env("LLVM_PROFILE_FILE", profile)
            .env_remove("RUST_BACKTRACE");
        command
    }

    /// Every `.profraw` file in the subdirectory `sub`.
    fn profiles(&self, sub: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.path(sub))
            .map(|entries| entries.map(|e| e.expect("entry").path()).collect())
            .unwrap_or_default();
        files.retain(|f| f.extension().is_some_and(|e| e == "profraw"));
        files.sort();
        files
    }

    /// `llvm-cov export -format=lcov` of `executable` over the merged `profiles`: the `DA:` lines
    /// (every line's count) and the `FNDA:` lines with the crate disambiguator left out, sorted.
    fn lcov(&self, executable: &Path, profiles: &[PathBuf]) -> String {
        assert!(!profiles.is_empty(), "no profile was written");
        let merged = self.path("merged.profdata");
        tool("llvm-profdata", |c| {
            c.arg("merge").arg("-o").arg(&merged).args(profiles);
        });
        let lcov = tool("llvm-cov", |c| {
            c.args(["export", "-format=lcov", "-instr-profile"])
                .arg(&merged)
                .arg(executable);
        });
        let mut records: Vec<String> = lcov
            .lines()
            .filter(|line| line.starts_with("DA:") || line.starts_with("FNDA:"))
            .map(|line| match line.split_once("_RNv") {
                Some((count, name)) => format!("{count}{}", name_without_crate_hash(name)),
                None => line.to_string(),
            })
            .collect();
        records.sort();
        records.join("\n")
    }
}

/// `Cs<hash>_7program6unused` -> `7program6unused`.
fn name_without_crate_hash(mangled: &str) -> &str {
    mangled.split_once('_').map_or(mangled, |(_, rest)| rest)
}

fn tool(name: &str, arguments: impl FnOnce(&mut Command)) -> String {
    let mut command = Command::new(Path::new(LLVM_BIN).join(name));
    arguments(&mut command);
    let output = command.output().expect("start the LLVM tool");
    assert!(output.status.success(), "{name}: {}", text(&output.stderr));
    text(&output.stdout)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_exit_path_writes_a_profile_with_rustcs_counts() {
    let workspace = Workspace::new();
    let rustc = workspace.rustc("rustc");
    let clifcov = workspace.clifcov("clifcov", &[]);
    let paths = [
        (1, "return", 0),
        (2, "exit", 3),
        (3, "panic", 101),
        (4, "overflow", 101),
    ];
    for (argc, path, code) in paths {
        let expected = workspace.run(&rustc, argc, &format!("rustc-{path}/p.profraw"));
        let actual = workspace.run(&clifcov, argc, &format!("clifcov-{path}/p.profraw"));
        assert_eq!(actual.status.code(), Some(code), "{path}");
        assert_eq!(actual.status.code(), expected.status.code(), "{path}");
        assert_eq!(
            workspace.lcov(&clifcov, &workspace.profiles(&format!("clifcov-{path}"))),
            workspace.lcov(&rustc, &workspace.profiles(&format!("rustc-{path}"))),
            "{path}"
        );
    }
}

#[test]
fn eight_concurrent_processes_merge_exactly_with_percent_m() {
    let workspace = Workspace::new();
    let rustc = workspace.rustc("rustc");
    let clifcov = workspace.clifcov("clifcov", &[]);
    let run_eight = |executable: &Path, sub: &str| {
        let children: Vec<_> = (0..8)
            .map(|i| {
                Command::new(executable)
                    .args(vec!["x"; i % 3])
                    .current_dir(workspace.dir.path())
                    .env("LLVM_PROFILE_FILE", format!("{sub}/merged-%m.profraw"))
                    .env_remove("RUST_BACKTRACE")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut child in children {
            child.wait().expect("wait");
        }
        workspace.profiles(sub)
    };
    let expected = run_eight(&rustc, "rustc");
    let actual = run_eight(&clifcov, "clifcov");
    assert_eq!(actual.len(), 1, "one merged file: {actual:?}");
    let lcov = workspace.lcov(&clifcov, &actual);
    assert!(lcov.contains("FNDA:8,7program4main"), "{lcov}");
    assert_eq!(lcov, workspace.lcov(&rustc, &expected));
}

#[test]
fn plain_and_atomic_counters_count_the_same() {
    let workspace = Workspace::new();
    let rustc = workspace.rustc("rustc");
    workspace.run(&rustc, 1, "rustc/p.profraw");
    let plain = workspace.clifcov("plain", &["--counters", "plain"]);
    let atomic = workspace.clifcov("atomic", &["--counters", "atomic"]);
    workspace.run(&plain, 1, "plain/p.profraw");
    workspace.run(&atomic, 1, "atomic/p.profraw");
    let counts = |executable: &Path, sub: &str| {
        let profiles = workspace.profiles(sub);
        let shown = tool("llvm-profdata", |c| {
            c.args(["show", "--all-functions", "--counts"])
                .args(&profiles);
        });
        (workspace.lcov(executable, &profiles), shown)
    };
    let (plain_lines, plain_counters) = counts(&plain, "plain");
    let (atomic_lines, atomic_counters) = counts(&atomic, "atomic");
    assert_eq!(plain_lines, atomic_lines);
    assert_eq!(plain_counters, atomic_counters);
    assert_eq!(
        plain_lines,
        workspace.lcov(&rustc, &workspace.profiles("rustc"))
    );
}

#[test]
fn unused_function_is_listed_at_zero_as_rustc_lists_it() {
    let workspace = Workspace::new();
    let rustc = workspace.rustc("rustc");
    let clifcov = workspace.clifcov("clifcov", &[]);
    workspace.run(&rustc, 1, "rustc/p.profraw");
    workspace.run(&clifcov, 1, "clifcov/p.profraw");
    let lcov = workspace.lcov(&clifcov, &workspace.profiles("clifcov"));
    assert!(lcov.contains("FNDA:0,7program6unused"), "{lcov}");
    for line in [2, 3, 4, 6, 8] {
        assert!(
            lcov.contains(&format!("DA:{line},0\n")),
            "line {line}: {lcov}"
        );
    }
    assert_eq!(lcov, workspace.lcov(&rustc, &workspace.profiles("rustc")));
}

#[test]
fn malformed_existing_profile_is_left_untouched() {
    let workspace = Workspace::new();
    let clifcov = workspace.clifcov("clifcov", &[]);
    let first = workspace.run(&clifcov, 2, "m/%m.profraw");
    let file = workspace
        .profiles("m")
        .pop()
        .expect("the first run's profile");
    let garbage = b"not a profile".to_vec();
    std::fs::write(&file, &garbage).expect("overwrite the profile");
    let second = workspace.run(&clifcov, 2, "m/%m.profraw");
    assert_eq!(second.status.code(), Some(3));
    assert_eq!(second.stdout, first.stdout);
    let stderr = text(&second.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(std::fs::read(&file).expect("the profile"), garbage);
    assert_eq!(workspace.profiles("m"), [file]);
}

/// A failed check is a trap that the runtime's SIGILL handler turns into the panic: it must
/// still be, and write its profile, when the parent process blocks or ignores SIGILL.
#[test]
fn a_failed_check_panics_whatever_the_parent_did_with_sigill() {
    use std::os::unix::process::CommandExt;

    fn block() -> std::io::Result<()> {
        // SAFETY: sigemptyset, sigaddset and sigprocmask on a local set are async-signal-safe.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGILL);
            libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        }
        Ok(())
    }
    fn ignore() -> std::io::Result<()> {
        // SAFETY: signal is async-signal-safe.
        unsafe { libc::signal(libc::SIGILL, libc::SIG_IGN) };
        Ok(())
    }
    let workspace = Workspace::new();
    let clifcov = workspace.clifcov("clifcov", &[]);
    type Setup = fn() -> std::io::Result<()>;
    let setups: [(&str, Setup); 2] = [("blocked", block), ("ignored", ignore)];
    for (name, setup) in setups {
        let mut command = workspace.command(&clifcov, 4, &format!("{name}/p.profraw"));
        // SAFETY: `setup` only calls async-signal-safe functions.
        let output = unsafe { command.pre_exec(setup) }
            .output()
            .expect("run the program");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(101), "{name}: {stderr}");
        assert!(
            stderr.contains("program.rs:32:24:\nattempt to add with overflow"),
            "{name}: {stderr}"
        );
        assert_eq!(workspace.profiles(name).len(), 1, "{name}");
    }
}

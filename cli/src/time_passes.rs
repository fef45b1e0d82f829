//! `--time-passes`: the wall time of each stage of a compile and the compiler's resident
//! memory when it ends, printed to standard error as the stage ends (as rustc's
//! `-Z time-passes` does), for people measuring the compiler.

use std::time::{Duration, Instant};

/// Runs `stage`; when `enabled`, prints how long it took, named `what`.
pub fn timed<T>(enabled: bool, what: &str, stage: impl FnOnce() -> T) -> T {
    if !enabled {
        return stage();
    }
    let (result, time) = measured(stage);
    print_time(true, what, time);
    result
}

/// Runs `stage` and measures its wall time, for a stage that runs beside another and is
/// printed after it.
pub fn measured<T>(stage: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let result = stage();
    (result, start.elapsed())
}

/// When `enabled`, prints that the stage `what` took `time`, and the resident memory now
/// where the system tells it.
pub fn print_time(enabled: bool, what: &str, time: Duration) {
    if enabled {
        let rss = resident_kib().map_or(String::new(), |kib| format!("; rss {} MiB", kib / 1024));
        eprintln!("time: {:>8.3} s  {what}{rss}", time.as_secs_f64());
    }
}

/// The process's resident set in KiB, from Linux's `/proc/self/status`.
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::timed;

    #[test]
    fn the_resident_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(super::resident_kib().is_some_and(|kib| kib > 0));
        }
    }

    #[test]
    fn returns_what_the_stage_returns_whether_timed_or_not() {
        assert_eq!(timed(false, "stage", || 7), 7);
        assert_eq!(timed(true, "stage", || "done"), "done");
    }
}

//! `--time-passes`: the wall time of each stage of a compile, printed to standard error as
//! the stage ends (as rustc's `-Z time-passes` does), for people measuring the compiler.

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

/// When `enabled`, prints that the stage `what` took `time`.
pub fn print_time(enabled: bool, what: &str, time: Duration) {
    if enabled {
        eprintln!("time: {:>8.3} s  {what}", time.as_secs_f64());
    }
}

#[cfg(test)]
mod tests {
    use super::timed;

    #[test]
    fn returns_what_the_stage_returns_whether_timed_or_not() {
        assert_eq!(timed(false, "stage", || 7), 7);
        assert_eq!(timed(true, "stage", || "done"), "done");
    }
}

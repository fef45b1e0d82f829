//! `--time-passes`: the wall time of each stage of a compile, printed to standard error as
//! the stage ends (as rustc's `-Z time-passes` does), for people measuring the compiler.

use std::time::Instant;

/// Runs `stage`; when `enabled`, prints how long it took, named `what`.
pub fn timed<T>(enabled: bool, what: &str, stage: impl FnOnce() -> T) -> T {
    if !enabled {
        return stage();
    }
    let start = Instant::now();
    let result = stage();
    eprintln!("time: {:>8.3} s  {what}", start.elapsed().as_secs_f64());
    result
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

//! Differential harness: every corpus program built by rustc and by clifcov must behave the same.

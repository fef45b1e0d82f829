//! Running the pass's per-function analysis on all cores, results in the functions' order
//! (`clifcov_ir::map_in_order`), so the coverage map does not depend on the threads.

use clifcov_ir::MapThreads;

const PASS_THREADS: MapThreads = MapThreads {
    name: "clifcov-coverage-map",
    stack_size: 8 << 20,
    min_items_per_thread: 16,
};

/// `items.iter().map(f).collect()` on all cores, the items taken in decreasing order of
/// `size` (an estimate of the work `f` does on them).
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    clifcov_ir::map_in_order(items, size, f, &PASS_THREADS)
}

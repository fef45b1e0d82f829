//! The front end's passes that take one function at a time (type checks, match checks,
//! literal lints, lowering) on all cores, results in the functions' order
//! (`clifcov_ir::map_in_order`). Workers get the front end's big stack, as the passes
//! recurse over the tree.

use clifcov_ir::MapThreads;

const FRONTEND_THREADS: MapThreads = MapThreads {
    name: "clifcov-frontend-map",
    stack_size: crate::STACK_SIZE,
    min_items_per_thread: 8,
};

/// `items.iter().map(f).collect()` on all cores, the items taken in decreasing order of
/// `size` (an estimate of the work `f` does on them).
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    clifcov_ir::map_in_order(items, size, f, &FRONTEND_THREADS)
}

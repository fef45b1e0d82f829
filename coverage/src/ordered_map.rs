//! Running the pass's per-function analysis on all cores: a map over a slice whose results
//! come back in the slice's order, so the coverage map does not depend on the threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items per thread, fewer threads are used.
const ITEMS_PER_THREAD: usize = 16;

/// How many consecutive items a thread takes at a time.
const ITEMS_PER_TAKE: usize = 8;

/// The stack of each helper thread, as large as a main thread's.
const STACK_SIZE: usize = 8 << 20;

/// The results of the runs of items one thread took, each with the index of its run.
type Taken<R> = Vec<(usize, Vec<R>)>;

/// `items.iter().map(f).collect()`, on one thread per core: each takes the next run of
/// `ITEMS_PER_TAKE` items not yet taken until none is left, so a thread slowed down by other
/// work on its core maps fewer. This thread takes runs too, so a helper thread that cannot
/// start only leaves more runs to the others; a panic in one is passed on.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(items.len() / ITEMS_PER_THREAD).max(1);
    let runs: Vec<&[T]> = items.chunks(ITEMS_PER_TAKE).collect();
    let next = AtomicUsize::new(0);
    let take_runs = || {
        let mut taken: Taken<R> = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(run) = runs.get(index) else {
                return taken;
            };
            taken.push((index, run.iter().map(&f).collect()));
        }
    };
    let mut taken = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, take_runs)
                    .ok()
            })
            .collect();
        let mut taken = take_runs();
        for helper in helpers {
            let theirs = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            taken.extend(theirs);
        }
        taken
    });
    taken.sort_unstable_by_key(|&(index, _)| index);
    taken.into_iter().flat_map(|(_, results)| results).collect()
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_are_in_the_order_of_the_items_whatever_their_number() {
        for len in [0, 1, 15, 16, 17, 100, 1001] {
            let items: Vec<u32> = (0..len).collect();
            let doubled = map_in_order(&items, |n| n * 2);
            assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
    }
}

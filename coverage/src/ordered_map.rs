//! Running the pass's per-function analysis on all cores: a map over a slice whose results
//! come back in the slice's order, so the coverage map does not depend on the threads. Each
//! thread takes the next element not yet taken, the largest first, so that a large function
//! does not keep one thread busy after the others are done.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many items per thread, fewer threads are used.
const ITEMS_PER_THREAD: usize = 16;

/// The stack of each helper thread, as large as a main thread's.
const STACK_SIZE: usize = 8 << 20;

/// `items.iter().map(f).collect()`, on one thread per core, the items taken in decreasing
/// order of `size` (an estimate of the work `f` does on them): a thread slowed down by
/// other work on its core maps fewer. This thread takes items too, so a helper thread that
/// cannot start only leaves more to the others; a panic in one is passed on.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(items.len() / ITEMS_PER_THREAD).max(1);
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(size(&items[index])));
    let next = AtomicUsize::new(0);
    let take = || {
        let mut mapped = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            mapped.push((index, f(&items[index])));
        }
        mapped
    };
    let taken = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut taken = take();
        for helper in helpers {
            let theirs = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            taken.extend(theirs);
        }
        taken
    });
    let mut slots: Vec<Option<R>> = items.iter().map(|_| None).collect();
    for (index, result) in taken {
        slots[index] = Some(result);
    }
    slots
        .into_iter()
        .map(|slot| slot.expect("every item is mapped once"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_are_in_the_order_of_the_items_whatever_their_number() {
        for len in [0, 1, 15, 16, 17, 100, 1001] {
            let items: Vec<u32> = (0..len).collect();
            let doubled = map_in_order(&items, |&n| (n % 5) as usize, |n| n * 2);
            assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
    }
}

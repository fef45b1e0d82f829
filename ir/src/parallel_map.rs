//! The work order of the passes that take one function at a time, shared by the front end,
//! the coverage pass and the backend: the largest first, so that a large function (a `main`
//! calling a thousand others) does not keep one thread busy after the others are done; and
//! a map over a slice on all cores whose results come back in the slice's order, so that
//! what a pass produces does not depend on the threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How a map starts its helper threads.
pub struct MapThreads {
    pub name: &'static str,
    pub stack_size: usize,
    /// Below this many items per thread, fewer threads are used.
    pub min_items_per_thread: usize,
}

/// The indices of `items`, by decreasing `size` (in order among equals). `size` is asked
/// once per item: it may walk a whole function.
pub fn largest_first<T>(items: &[T], size: impl Fn(&T) -> usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_cached_key(|&index| std::cmp::Reverse(size(&items[index])));
    order
}

/// `items.iter().map(f).collect()`, on up to one thread per core (this one included), each
/// taking the next item not yet taken in decreasing order of `size` (an estimate of the work
/// `f` does on it). A helper thread that cannot start leaves its share to the others; a
/// panic in one is passed on.
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
    threads: &MapThreads,
) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    map_on_threads(items, &largest_first(items, size), &f, threads, cores)
}

fn map_on_threads<T: Sync, R: Send>(
    items: &[T],
    order: &[usize],
    f: &(impl Fn(&T) -> R + Sync),
    threads: &MapThreads,
    cores: usize,
) -> Vec<R> {
    let count = cores
        .min(items.len() / threads.min_items_per_thread.max(1))
        .max(1);
    let next = AtomicUsize::new(0);
    let take = || {
        let mut mapped = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            mapped.push((index, f(&items[index])));
        }
        mapped
    };
    let taken = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..count)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name(threads.name.to_string())
                    .stack_size(threads.stack_size)
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut taken = take();
        for helper in helpers {
            match helper.join() {
                Ok(mapped) => taken.extend(mapped),
                Err(panic) => std::panic::resume_unwind(panic),
            }
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
    use super::*;

    const TEST_THREADS: MapThreads = MapThreads {
        name: "clifcov-test-map",
        stack_size: 1 << 20,
        min_items_per_thread: 8,
    };

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let order = largest_first(&items, |&n| (n % 7) as usize);
        for cores in [1, 2, 3, 7] {
            let squares = map_on_threads(&items, &order, &|n| n * n, &TEST_THREADS, cores);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
        for len in [0, 1, 15, 16, 17, 100, 1001] {
            let items: Vec<u32> = (0..len).collect();
            let doubled = map_in_order(&items, |&n| (n % 5) as usize, |n| n * 2, &TEST_THREADS);
            assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_largest_items_come_first() {
        assert_eq!(largest_first(&[3, 9, 5, 9, 1], |&n| n), [1, 3, 2, 0, 4]);
    }

    #[test]
    fn work_is_spread_over_threads() {
        let items: Vec<u32> = (0..64).collect();
        let order = largest_first(&items, |_| 0);
        let slow_names = |_: &u32| {
            std::thread::sleep(std::time::Duration::from_millis(2));
            std::thread::current().name().map(str::to_string)
        };
        let names = map_on_threads(&items, &order, &slow_names, &TEST_THREADS, 4);
        let helpers = names
            .iter()
            .filter(|name| name.as_deref() == Some(TEST_THREADS.name))
            .count();
        assert!(helpers > 0, "{names:?}");
    }
}

//! Applies a function to every element of a slice on all cores, results in the slice's
//! order: for the passes that take one function at a time (type checks, match checks,
//! literal lints, lowering). Each thread takes the next element not yet taken, the largest
//! first, so that a large function (a `main` calling a thousand others) does not keep one
//! thread busy after the others are done. Workers get the front end's big stack, as the
//! passes recurse over the tree.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Fewer elements than this per thread are done on fewer threads.
const MIN_PER_THREAD: usize = 8;

/// `items.iter().map(f).collect()`, computed on up to one thread per core, the elements
/// taken in decreasing order of `size` (an estimate of the work `f` does on them).
pub fn map_in_order<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    map_on_threads(items, &largest_first(items, size), &f, threads)
}

/// The indices of `items`, by decreasing `size` (in order among equals).
fn largest_first<T>(items: &[T], size: impl Fn(&T) -> usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(size(&items[index])));
    order
}

/// The map on at most `threads` threads, the current one included, each taking the next
/// element of `order` not yet taken. A thread that cannot be started leaves its share to
/// the others.
fn map_on_threads<T: Sync, R: Send>(
    items: &[T],
    order: &[usize],
    f: &(impl Fn(&T) -> R + Sync),
    threads: usize,
) -> Vec<R> {
    let threads = threads.min(items.len() / MIN_PER_THREAD).max(1);
    let next = AtomicUsize::new(0);
    let take = || {
        let mut mapped = Vec::new();
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            mapped.push((index, f(&items[index])));
        }
        mapped
    };
    let taken = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("clifcov-frontend-map".to_string())
                    .stack_size(crate::STACK_SIZE)
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut taken = take();
        for worker in workers {
            match worker.join() {
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
        .map(|slot| slot.expect("every element is mapped once"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        let order = largest_first(&items, |&n| (n % 7) as usize);
        for threads in [1, 2, 3, 7] {
            let squares = map_on_threads(&items, &order, &|n| n * n, threads);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
        assert_eq!(
            map_in_order(&[] as &[u64], |_| 0, |n| n + 1),
            Vec::<u64>::new()
        );
        assert_eq!(map_in_order(&[1, 2, 3], |&n| n, |n| n + 1), vec![2, 3, 4]);
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
        let names = map_on_threads(&items, &order, &slow_names, 4);
        let workers = names
            .iter()
            .filter(|name| name.as_deref() == Some("clifcov-frontend-map"))
            .count();
        assert!(workers > 0, "{names:?}");
    }
}

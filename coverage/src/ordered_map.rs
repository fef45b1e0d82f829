//! Running the pass's per-function analysis on all cores: a map over a slice whose results
//! come back in the slice's order, so the coverage map does not depend on the threads.

/// Below this many items per thread, fewer threads are used.
const ITEMS_PER_THREAD: usize = 16;

/// The stack of each helper thread, as large as a main thread's.
const STACK_SIZE: usize = 8 << 20;

/// `items.iter().map(f).collect()`, with the items cut into one run of consecutive items per
/// core; this thread maps the first run. A helper thread that cannot start leaves its run to
/// this thread; a panic in one is passed on.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = cores.min(items.len() / ITEMS_PER_THREAD).max(1);
    let run_length = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let mut runs = items.chunks(run_length);
        let first = runs.next().unwrap_or_default();
        let helpers: Vec<_> = runs
            .map(|run| {
                let started = std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, move || run.iter().map(f).collect::<Vec<R>>());
                (run, started)
            })
            .collect();
        let mut results: Vec<R> = first.iter().map(f).collect();
        for (run, started) in helpers {
            let mapped = match started {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => run.iter().map(f).collect(),
            };
            results.extend(mapped);
        }
        results
    })
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

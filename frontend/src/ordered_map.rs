//! Applies a function to every element of a slice on all cores, results in the slice's
//! order: for the passes that take one function at a time (match checks, literal lints,
//! lowering). Workers get the front end's big stack, as the passes recurse over the tree.

/// Fewer elements than this per thread are done on fewer threads.
const MIN_PER_THREAD: usize = 8;

/// `items.iter().map(f).collect()`, computed on up to one thread per core.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    map_on_threads(items, &f, threads)
}

/// The map on at most `threads` threads, the current one included: each takes a run of
/// consecutive elements. A thread that cannot be started leaves its run to this one.
fn map_on_threads<T: Sync, R: Send>(
    items: &[T],
    f: &(impl Fn(&T) -> R + Sync),
    threads: usize,
) -> Vec<R> {
    let threads = threads.min(items.len() / MIN_PER_THREAD).max(1);
    let run = items.len().div_ceil(threads).max(1);
    let mut runs = items.chunks(run);
    let first = runs.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let spawned: Vec<_> = runs
            .map(|run| {
                let worker = std::thread::Builder::new()
                    .name("clifcov-frontend-map".to_string())
                    .stack_size(crate::STACK_SIZE)
                    .spawn_scoped(scope, move || run.iter().map(f).collect::<Vec<R>>());
                (run, worker)
            })
            .collect();
        let mut results: Vec<R> = first.iter().map(f).collect();
        for (run, worker) in spawned {
            match worker.map(|handle| handle.join()) {
                Ok(Ok(mapped)) => results.extend(mapped),
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => results.extend(run.iter().map(f)),
            }
        }
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 3, 7] {
            let squares = map_on_threads(&items, &|n| n * n, threads);
            assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        }
        assert_eq!(map_in_order(&[] as &[u64], |n| n + 1), Vec::<u64>::new());
        assert_eq!(map_in_order(&[1, 2, 3], |n| n + 1), vec![2, 3, 4]);
    }

    #[test]
    fn work_is_spread_over_threads() {
        let items: Vec<u32> = (0..64).collect();
        let names = map_on_threads(
            &items,
            &|_| std::thread::current().name().map(str::to_string),
            4,
        );
        let workers = names
            .iter()
            .filter(|name| name.as_deref() == Some("clifcov-frontend-map"))
            .count();
        assert_eq!(workers, 48);
    }
}

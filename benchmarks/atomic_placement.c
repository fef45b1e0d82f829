/* Where the run-time cost of atomic counters on fib(38) comes from: the number of atomic adds
 * each call makes, or where in the function they sit.
 *
 *   cc -O0 benchmarks/atomic_placement.c -o /tmp/atomic_placement && /tmp/atomic_placement
 *
 * Four copies of fib, compiled alike, differ only in their counter updates (relaxed atomic
 * adds, the `lock add` rustc's and clifcov's atomic counters compile to):
 *   none     no counters;
 *   entry    rustc's placement: a counter at the entry and one on the `n < 2` branch
 *            (1.5 atomic adds per call: every call, and the half of calls that end there);
 *   late     the same 1.5 adds per call, moved after the first recursive call;
 *   branches cold placement: one counter on each branch (1 atomic add per call).
 * Each is timed 5 times; the median is printed with its ratio to `none`. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 38
#define RUNS 5

static uint64_t counters[3];

static void add(int counter) { __atomic_fetch_add(&counters[counter], 1, __ATOMIC_RELAXED); }

__attribute__((noinline)) static uint64_t fib_none(uint64_t n) {
    if (n < 2) return n;
    return fib_none(n - 1) + fib_none(n - 2);
}

__attribute__((noinline)) static uint64_t fib_entry(uint64_t n) {
    add(0);
    if (n < 2) {
        add(1);
        return n;
    }
    return fib_entry(n - 1) + fib_entry(n - 2);
}

__attribute__((noinline)) static uint64_t fib_late(uint64_t n) {
    if (n < 2) {
        add(1);
        add(0);
        return n;
    }
    uint64_t first = fib_late(n - 1);
    add(0);
    return first + fib_late(n - 2);
}

__attribute__((noinline)) static uint64_t fib_branches(uint64_t n) {
    if (n < 2) {
        add(1);
        return n;
    }
    add(2);
    return fib_branches(n - 1) + fib_branches(n - 2);
}

static double seconds(uint64_t (*fib)(uint64_t), uint64_t *result) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    *result = fib(N);
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    const char *names[] = {"none", "entry", "late", "branches"};
    uint64_t (*fibs[])(uint64_t) = {fib_none, fib_entry, fib_late, fib_branches};
    double times[4][RUNS];
    uint64_t result = 0;
    for (int run = 0; run < RUNS; run++)
        for (int variant = 0; variant < 4; variant++)
            times[variant][run] = seconds(fibs[variant], &result);
    double base = 0;
    for (int variant = 0; variant < 4; variant++) {
        qsort(times[variant], RUNS, sizeof(double), by_value);
        double median = times[variant][RUNS / 2];
        if (variant == 0) base = median;
        printf("%-9s %6.0f ms  %.2fx\n", names[variant], median * 1e3, median / base);
    }
    return result == 39088169 ? 0 : 1;
}

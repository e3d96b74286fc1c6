/* SPDX-License-Identifier: MIT */
/* What the benchmarks share: a clock and a median. */
#ifndef SB_BENCH_H
#define SB_BENCH_H

/* CLOCK_MONOTONIC in ns, as a double for ratios. */
double bench_now_ns(void);

/* @s as a count in 1..@max, or 0 when it is not one (a usage error). */
long bench_count(const char *s, long max);

/* The median of @v[0..@n) (sorts @v). */
double bench_median(double *v, int n);

#endif

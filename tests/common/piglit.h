/* SPDX-License-Identifier: MIT */
/*
 * Piglit's result protocol for sharedbuf's tests: one line
 *   PIGLIT: {"result": "pass" }
 * on stdout, then exit 0 (pass), 1 (fail) or 77 (skip, meson's code).
 * A skip or a failure prints its reason first, on its own line.
 */
#ifndef SB_TEST_PIGLIT_H
#define SB_TEST_PIGLIT_H

#include <stdbool.h>

enum piglit_result {
	PIGLIT_PASS,
	PIGLIT_FAIL,
	PIGLIT_SKIP,
};

/* Prints the result line and exits with its code. */
_Noreturn void piglit_report_result(enum piglit_result result);

/* Prints one subtest's result line, PIGLIT: {"subtest": {"NAME" : "pass"}},
 * and returns: a test of several cases reports each, then its own result
 * (fail if any case failed). */
void piglit_report_subtest(enum piglit_result result, const char *name);

/* Prints "SKIP: <reason>" and reports PIGLIT_SKIP. */
_Noreturn void piglit_skip(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Prints "FAIL: <reason>" and reports PIGLIT_FAIL. */
_Noreturn void piglit_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Table-driven tests: the index of the case named argv[1] in an array of
 * structs whose first member is `const char *name`, or a usage message
 * listing every name and exit 2. */
int piglit_find_case(int argc, char **argv, const void *cases, int count,
		     unsigned long stride);

/* Number of open fds of this process (counts /proc/self/fd). */
int piglit_count_fds(void);

#endif

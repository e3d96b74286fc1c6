/* SPDX-License-Identifier: MIT */
/*
 * Checks inside a test case: a failed check prints "  line N: message",
 * counts, and returns false, so a case reads
 *
 *	if (!expect(fd >= 0, "open: %m"))
 *		return false;
 *
 * with its return in sight. sb_check_failures() is the count so far.
 */
#ifndef SB_TEST_CHECK_H
#define SB_TEST_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "sharedbuf/sharedbuf.h"

bool sb_expect_at(int line, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool sb_expect_result_at(int line, enum sharedbuf_result got,
			 enum sharedbuf_result want, const char *what);
int sb_check_failures(void);

#define expect(ok, ...) sb_expect_at(__LINE__, (ok), __VA_ARGS__)
#define expect_result(got, want, what) \
	sb_expect_result_at(__LINE__, (got), (want), (what))

/* Runs @argv (@argv[0]: the program's path) in a child whose only EGL
 * vendor is @json (__EGL_VENDOR_LIBRARY_FILENAMES), its stdout a pipe:
 * returns the child's pid, *@out the pipe's read end (the caller reads,
 * fcloses, then waits for the pid); -1 if it cannot fork or pipe. */
pid_t sb_test_spawn_with_vendor(const char *json, char *const argv[],
				FILE **out);

/* CLOCK_MONOTONIC in ns. */
int64_t sb_test_now_ns(void);

/*
 * How long past its timeout a timed wait may end in a pass/fail test.
 * Timing goals belong in benchmarks (tools/bench): a test checks only that
 * a wait lasted at least its timeout, and that it ended, which this bound
 * tells from a wait that sat until its vgem fence expired by itself
 * (about 10 s). Half that, so a guest on a loaded host (3x slower, and
 * descheduled for seconds) still passes.
 */
#define SB_TEST_WAIT_SLACK_MS 5000.0

/* The exporter a test's argument names ("udmabuf", "heap", "vgem": the
 * names tests are registered with), or -1. */
int sb_test_exporter_arg(const char *name);

/* The name sb_test_exporter_arg() takes for @exp. */
const char *sb_test_exporter_name(int exp);

/* A named case of a test program. */
struct sb_test_case {
	const char *name;
	bool (*run)(void);
};

/* Runs the cases of @cases[0..@n) named @only (NULL: every one), printing
 * a line each, between two counts of the process's fds (each after
 * sb_test_warm_up() of src/util/egl_env.h, as Mesa lets go of used images
 * lazily): fds left open by the cases count as one more failure. Returns
 * the failures; *@ran is the number of cases run. */
int sb_test_run_cases(const struct sb_test_case *cases, size_t n,
		      const char *only, int *ran);

/* A test's exporter argument: "all", every exporter in turn (one
 * process: under emulation EGL's start-up costs more than an exporter's
 * cases), or one name of sb_test_exporter_arg(). Sets [*@first, *@last];
 * false for anything else. */
bool sb_test_exporters_arg(const char *arg, int *first, int *last);

/* A test main's start: sb_test_exporters_arg() of argv[1], or "usage:
 * PROG all|udmabuf|heap|vgem @more" and exit 2; a Piglit skip when it
 * names one exporter and that one is not here. */
void sb_test_exporters_main(int argc, char **argv, const char *more, int *first,
			    int *last);

/* @run(exp, @ctx) on each exporter in [@first, @last] that is here, a
 * Piglit subtest each (named by the exporter) when there are several; a
 * failed one is named on a FAIL line. PIGLIT_FAIL if one failed (*@failed:
 * the first one's name), PIGLIT_SKIP if none is here, else PIGLIT_PASS. */
int sb_test_each_exporter(int first, int last, bool (*run)(int exp, void *ctx),
			  void *ctx, const char **failed);

#endif

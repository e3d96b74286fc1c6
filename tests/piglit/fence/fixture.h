/* SPDX-License-Identifier: MIT */
/*
 * What every fence test needs: two buffers from one exporter, a vgem fd to
 * put pending fences on them, checks that print each failure and carry on,
 * and the fd count checked flat at the end.
 */
#ifndef SB_TEST_FENCE_FIXTURE_H
#define SB_TEST_FENCE_FIXTURE_H

#include <stdbool.h>

#include "check.h"
#include <stdint.h>

#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"

struct fixture {
	enum sharedbuf_exporter exporter;
	struct sharedbuf_buffer a, b; /* fresh: nothing pending */
	int vgem;
	int fds; /* open fds once set up: the count to end on */
};

/* The exporter named "udmabuf", "heap" or "vgem", or a usage exit. */
enum sharedbuf_exporter fixture_exporter(const char *name);

/* Sets @f up, or reports SKIP (the exporter's device or vgem missing) or
 * FAIL (allocation failed). */
void fixture_init(struct fixture *f, enum sharedbuf_exporter exporter);

/* Checks the fd count is back where fixture_init() left it, frees @f and
 * reports PASS, or FAIL when any expect() failed. */
_Noreturn void fixture_finish(struct fixture *f);

/* expect(), expect_result(): tests/common/check.h */

/* A write (or read) vgem fence on @dmabuf_fd; FAILs the test when vgem
 * refuses. */
uint32_t fence_attach(struct fixture *f, int dmabuf_fd, bool write);
void fence_signal(struct fixture *f, uint32_t fence);

/* sharedbuf_fence_export() that must work: the sync_file (caller owns). */
int export_ok(int dmabuf_fd, uint32_t access);

/* CLOCK_MONOTONIC in ms, for timing waits. */
double now_ms(void);

/* ms a sharedbuf call may take past its timeout (tests/common/check.h). */
#define SLACK_MS SB_TEST_WAIT_SLACK_MS

#endif

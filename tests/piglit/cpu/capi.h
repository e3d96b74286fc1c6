/* SPDX-License-Identifier: MIT */
/*
 * cpu-capi: the sub-cases of the CPU-access C API test and what they
 * share. capi.c runs them; capi_lock.c holds lock and unlock, capi_create.c
 * layouts, fd counts and the create/lock/unlock/destroy cycles,
 * capi_fence.c the waits (vgem fences stand for pending work),
 * capi_threads.c locks racing from several threads, capi_guard.c
 * guarded locks.
 */
#ifndef SB_TEST_CPU_CAPI_H
#define SB_TEST_CPU_CAPI_H

#include <stdbool.h>

#include "check.h"
#include <stdint.h>

#include "piglit.h"
#include "sharedbuf/cpu.h"

#define CAPI_W 64 /* XRGB8888: a 256-byte pitch, 2 pages */
#define CAPI_H 32

struct capi {
	enum sharedbuf_exporter exporter;
	int vgem;    /* -1: no vgem card; the fence cases skip */
	long cycles; /* for the cycles case */
};

/* A fresh @w x @h buffer of @fourcc from the test's exporter, or FAIL. */
void capi_alloc(const struct capi *t, uint32_t w, uint32_t h, uint32_t fourcc,
		struct sharedbuf_buffer *buf);

/* The single-plane linear layout of @buf. */
void capi_layout(const struct sharedbuf_buffer *buf,
		 struct sharedbuf_image_layout *l);

/* sharedbuf_cpu_image_create() that must work, or FAIL. */
struct sharedbuf_cpu_image *capi_create(const struct sharedbuf_image_layout *l);

/* sharedbuf_cpu_lock() with the fields of a struct sharedbuf_lock. */
enum sharedbuf_result capi_lock(struct sharedbuf_cpu_image *img, unsigned plane,
				uint32_t access, int acquire_fd,
				int64_t timeout_ns, void **data);

/* Pixels of @p (XRGB8888, pitch @pitch) that differ from the pattern. */
int capi_count_bad(const void *p, uint32_t pitch, uint32_t seed);

/* Is @fd open? */
bool capi_fd_open(int fd);

double capi_now_ms(void);

/* Prints "      skip: <why>" and returns PIGLIT_SKIP. */
enum piglit_result capi_skip(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* expect(), expect_result(): tests/common/check.h */

/* Failures recorded so far. */
int capi_failures(void);

/* Sub-cases: each returns PASS, SKIP, or FAIL (also FAIL when an expect()
 * failed inside it). */
enum piglit_result case_write_read(struct capi *t);
enum piglit_result case_nv12_one_buffer(struct capi *t);
enum piglit_result case_double_lock(struct capi *t);
enum piglit_result case_unlock_unlocked(struct capi *t);
enum piglit_result case_plane_range(struct capi *t);
enum piglit_result case_access_bits(struct capi *t);
enum piglit_result case_write_readonly(struct capi *t);
enum piglit_result case_modifier(struct capi *t);
enum piglit_result case_layout_bad(struct capi *t);
enum piglit_result case_fd_count(struct capi *t);
enum piglit_result case_implicit_write(struct capi *t);
enum piglit_result case_implicit_read(struct capi *t);
enum piglit_result case_acquire(struct capi *t);
enum piglit_result case_one_deadline(struct capi *t);
enum piglit_result case_forever(struct capi *t);
enum piglit_result case_threads(struct capi *t);
enum piglit_result case_cycles(struct capi *t);
enum piglit_result case_guarded(struct capi *t);
enum piglit_result case_guard_slots(struct capi *t);

#endif

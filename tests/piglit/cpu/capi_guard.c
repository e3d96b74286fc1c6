/* SPDX-License-Identifier: MIT */
/*
 * cpu-capi: guarded locks (SHAREDBUF_LOCK_GUARDED) on real dma-bufs. The
 * fault itself is tested on faulting memfd mappings (cpu-guard@*): no
 * exporter here makes a dma-buf page fault.
 *
 * include/sharedbuf/cpu.h: "A lock flag: the buffer is untrusted [...]
 * guard the access." "SHAREDBUF_ERR_INVALID ([...] unknown flags)"
 */
#include <string.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "capi.h"
#include "egl_env.h"

#define SEED 11

/* A guarded lock is a lock: what it writes is in the dma-buf. Unknown
 * flags are refused before anything is locked. */
enum piglit_result case_guarded(struct capi *t)
{
	struct sharedbuf_image_layout l;
	struct sharedbuf_cpu_image *img;
	struct sharedbuf_buffer buf;
	struct sharedbuf_lock lock = {.access = SHAREDBUF_ACCESS_WRITE,
				      .acquire_fd = -1,
				      .timeout_ns = SHAREDBUF_FOREVER,
				      .flags = 1u << 5};
	void *p = NULL;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &l);
	img = capi_create(&l);
	expect_result(sharedbuf_cpu_lock(img, &lock, &p, NULL),
		      SHAREDBUF_ERR_INVALID, "lock with an unknown flag");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL),
		      SHAREDBUF_ERR_NOT_LOCKED, "unlock after the refusal");
	lock.flags = SHAREDBUF_LOCK_GUARDED;
	expect_result(sharedbuf_cpu_lock(img, &lock, &p, NULL), SHAREDBUF_OK,
		      "guarded WRITE lock");
	if (p)
		sb_test_fill(p, DRM_FORMAT_XRGB8888, CAPI_W, CAPI_H, buf.pitch,
			     SEED);
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "guarded unlock");
	sharedbuf_cpu_image_destroy(img);
	p = sb_test_map_begin(buf.fd, buf.size, DMA_BUF_SYNC_READ);
	expect(p && capi_count_bad(p, buf.pitch, SEED) == 0,
	       "what the guarded lock wrote is not in the dma-buf");
	if (p)
		sb_test_map_end(buf.fd, p, buf.size, DMA_BUF_SYNC_READ);
	sharedbuf_buffer_finish(&buf);
	return capi_failures() ? PIGLIT_FAIL : PIGLIT_PASS;
}

/* "128 guarded locks are held in the process already": the 129th is
 * refused, and destroying an image with a guarded lock held frees its
 * guard (else the 128th would be refused too). */
enum piglit_result case_guard_slots(struct capi *t)
{
	enum { N = 128 };
	static struct sharedbuf_cpu_image *img[N + 1];
	struct sharedbuf_image_layout l;
	struct sharedbuf_buffer buf;
	struct sharedbuf_lock lock = {.access = SHAREDBUF_ACCESS_READ,
				      .acquire_fd = -1,
				      .timeout_ns = SHAREDBUF_FOREVER,
				      .flags = SHAREDBUF_LOCK_GUARDED};
	void *p;
	int held = 0;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &l);
	img[0] = capi_create(&l);
	expect_result(sharedbuf_cpu_lock(img[0], &lock, &p, NULL), SHAREDBUF_OK,
		      "guarded lock");
	sharedbuf_cpu_image_destroy(img[0]); /* locked */
	for (int i = 0; i <= N; i++) {
		img[i] = capi_create(&l);
		held += sharedbuf_cpu_lock(img[i], &lock, &p, NULL) ==
			SHAREDBUF_OK;
	}
	expect(held == N, "%d guarded locks held, not %d", held, N);
	for (int i = 0; i <= N; i++) {
		sharedbuf_cpu_unlock(img[i], 0, NULL);
		sharedbuf_cpu_image_destroy(img[i]);
	}
	sharedbuf_buffer_finish(&buf);
	return capi_failures() ? PIGLIT_FAIL : PIGLIT_PASS;
}

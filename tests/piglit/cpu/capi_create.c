/* SPDX-License-Identifier: MIT */
/* cpu-capi: create's checks, fd ownership and lifetimes. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "capi.h"

#define RD   SHAREDBUF_ACCESS_READ
#define WR   SHAREDBUF_ACCESS_WRITE
#define EVER SHAREDBUF_FOREVER

/* Creates from @l, which must fail with @want and leave *out NULL. */
static void refused(const struct sharedbuf_image_layout *l,
		    enum sharedbuf_result want, const char *what)
{
	struct sharedbuf_cpu_image *img = (void *)l; /* not NULL */

	expect_result(sharedbuf_cpu_image_create(l, &img), want, what);
	expect(img == NULL, "%s: *out not NULL after a failure", what);
	if (img && img != (void *)l)
		sharedbuf_cpu_image_destroy(img);
}

/* "Only linear layouts are mapped: tiled bytes are never handed out as
 * if they were linear (SHAREDBUF_ERR_UNSUPPORTED)." */
enum piglit_result case_modifier(struct capi *t)
{
	struct sharedbuf_image_layout l;
	struct sharedbuf_cpu_image *img;
	struct sharedbuf_buffer buf;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &l);
	l.modifier = I915_FORMAT_MOD_X_TILED;
	refused(&l, SHAREDBUF_ERR_UNSUPPORTED, "I915_FORMAT_MOD_X_TILED");
	l.modifier = DRM_FORMAT_MOD_QCOM_COMPRESSED;
	refused(&l, SHAREDBUF_ERR_UNSUPPORTED,
		"DRM_FORMAT_MOD_QCOM_COMPRESSED");
	/* No modifier: linear where the exporter cannot tile (udmabuf, the
	 * system heap); vgem's "drm" exports are cpu-implicit@vgem's. */
	l.modifier = DRM_FORMAT_MOD_INVALID;
	if (t->exporter != SHAREDBUF_EXPORTER_DUMB) {
		img = capi_create(&l);
		sharedbuf_cpu_image_destroy(img);
	}
	sharedbuf_buffer_finish(&buf);
	return PIGLIT_PASS;
}

/* "checks it (the same checks as a strict EGL import: real dma-bufs,
 * planes inside them)" */
enum piglit_result case_layout_bad(struct capi *t)
{
	struct sharedbuf_image_layout good, l;
	struct sharedbuf_cpu_image *img;
	struct sharedbuf_buffer buf;
	int memfd = memfd_create("not-a-dmabuf", MFD_CLOEXEC);
	int fds = piglit_count_fds();

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &good);
	l = good, l.height = (uint32_t)(buf.size / buf.pitch) + 1;
	refused(&l, SHAREDBUF_ERR_INVALID, "one row past the buffer");
	l = good, l.planes[0].offset = (uint32_t)buf.size;
	refused(&l, SHAREDBUF_ERR_INVALID, "offset at the end");
	l = good, l.planes[0].pitch = CAPI_W * 4 - 4;
	refused(&l, SHAREDBUF_ERR_INVALID, "pitch below a row");
	l = good, l.planes[0].fd = -1;
	refused(&l, SHAREDBUF_ERR_INVALID, "fd -1");
	l = good, l.planes[0].fd = memfd;
	refused(&l, SHAREDBUF_ERR_INVALID, "fd a memfd");
	l = good, l.num_planes = 0;
	refused(&l, SHAREDBUF_ERR_INVALID, "0 planes");
	l = good, l.num_planes = SHAREDBUF_MAX_PLANES + 1;
	refused(&l, SHAREDBUF_ERR_INVALID, "5 planes");
	l = good, l.fourcc = 0x20202020;
	refused(&l, SHAREDBUF_ERR_INVALID, "fourcc not in the table");
	l = good, l.fourcc = DRM_FORMAT_NV12;
	refused(&l, SHAREDBUF_ERR_INVALID, "NV12 without plane 1");
	refused(NULL, SHAREDBUF_ERR_INVALID, "layout NULL");
	expect_result(sharedbuf_cpu_image_create(&good, NULL),
		      SHAREDBUF_ERR_INVALID, "out NULL");
	expect(piglit_count_fds() == fds + 1, "%d fds, %d before",
	       piglit_count_fds(), fds + 1); /* + buf.fd */
	img = capi_create(&good);
	sharedbuf_cpu_image_destroy(img);
	sharedbuf_buffer_finish(&buf);
	close(memfd);
	return PIGLIT_PASS;
}

/* "duplicates its fds (F_DUPFD_CLOEXEC; the caller's stay the
 * caller's)" and "Unmaps and closes everything. A locked plane is
 * unlocked first." */
enum piglit_result case_fd_count(struct capi *t)
{
	struct sharedbuf_image_layout l;
	struct sharedbuf_cpu_image *img;
	struct sharedbuf_buffer buf;
	uint8_t *p = NULL;
	int fds;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &l);
	fds = piglit_count_fds();
	img = capi_create(&l);
	expect(piglit_count_fds() == fds + 1, "create: %d fds, want %d",
	       piglit_count_fds(), fds + 1);
	expect_result(capi_lock(img, 0, WR, -1, EVER, (void **)&p),
		      SHAREDBUF_OK, "lock");
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "unlock");
	sharedbuf_cpu_image_destroy(img);
	expect(piglit_count_fds() == fds, "destroy: %d fds, want %d",
	       piglit_count_fds(), fds);
	expect(capi_fd_open(buf.fd), "destroy closed the caller's fd");

	img = capi_create(&l); /* destroyed while locked */
	expect_result(capi_lock(img, 0, RD, -1, EVER, (void **)&p),
		      SHAREDBUF_OK, "lock");
	sharedbuf_cpu_image_destroy(img);
	expect(piglit_count_fds() == fds, "destroy locked: %d fds, want %d",
	       piglit_count_fds(), fds);
	sharedbuf_cpu_image_destroy(NULL);

	img = capi_create(&l); /* outlives the caller's fd */
	sharedbuf_buffer_finish(&buf);
	expect_result(capi_lock(img, 0, WR, -1, EVER, (void **)&p),
		      SHAREDBUF_OK, "lock after the caller closed its fd");
	if (p)
		p[0] = 1;
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL), SHAREDBUF_OK,
		      "unlock");
	sharedbuf_cpu_image_destroy(img);
	expect(piglit_count_fds() == fds - 1, "at the end: %d fds, want %d",
	       piglit_count_fds(), fds - 1);
	return PIGLIT_PASS;
}

/* One create/lock/write/unlock/destroy; false after a failure. */
static bool cycle(const struct sharedbuf_image_layout *l, long i)
{
	struct sharedbuf_cpu_image *img = NULL;
	uint8_t *p = NULL;
	enum sharedbuf_result r = sharedbuf_cpu_image_create(l, &img);

	if (!expect_result(r, SHAREDBUF_OK, "create"))
		return false;
	r = capi_lock(img, 0, WR, -1, EVER, (void **)&p);
	if (expect_result(r, SHAREDBUF_OK, "lock")) {
		p[i % (CAPI_W * 4)] = (uint8_t)i;
		r = sharedbuf_cpu_unlock(img, 0, NULL);
		expect_result(r, SHAREDBUF_OK, "unlock");
	}
	sharedbuf_cpu_image_destroy(img);
	return r == SHAREDBUF_OK;
}

/* Many images, one after the other: nothing accumulates. */
enum piglit_result case_cycles(struct capi *t)
{
	struct sharedbuf_image_layout l;
	struct sharedbuf_buffer buf;
	double start = capi_now_ms(), ms;
	long i;
	int fds;

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &buf);
	capi_layout(&buf, &l);
	fds = piglit_count_fds();
	for (i = 0; i < t->cycles && cycle(&l, i); i++) {
		if (i % 1000 == 999 && piglit_count_fds() != fds)
			break;
	}
	ms = capi_now_ms() - start;
	expect(i == t->cycles, "stopped after %ld of %ld cycles", i, t->cycles);
	expect(piglit_count_fds() == fds, "%d fds after %ld cycles, %d before",
	       piglit_count_fds(), i, fds);
	printf("      %ld cycles in %.0f ms, %.1f us each\n", i, ms,
	       i ? ms * 1e3 / (double)i : 0.0);
	sharedbuf_buffer_finish(&buf);
	return PIGLIT_PASS;
}

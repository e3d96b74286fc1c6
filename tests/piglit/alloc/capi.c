/* SPDX-License-Identifier: MIT */
/*
 * Guest test: deferred allocation (struct sharedbuf_alloc) on the kernel's
 * real exporters. No EGL: the importers are described by hand, by the CPU
 * and by GBM. Usage: alloc-capi CASE (one of the names below).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "check.h"
#include "piglit.h"
#include "sharedbuf/alloc.h"
#include "sharedbuf/cpu.h"

#define W 64
#define H 48

static const uint32_t fourccs[] = {DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888};
static struct sharedbuf_constraints gl, cpu, cam;

/* A GL-like importer: both formats, pitch a multiple of 256. */
static void setup(void)
{
	sharedbuf_constraints_init(&gl, "gl");
	sharedbuf_constraints_add(&gl, DRM_FORMAT_ARGB8888,
				  DRM_FORMAT_MOD_LINEAR);
	sharedbuf_constraints_add(&gl, DRM_FORMAT_XRGB8888,
				  DRM_FORMAT_MOD_LINEAR);
	gl.pitch_align = 256;
	sharedbuf_constraints_cpu(&cpu, SHAREDBUF_NEEDS_CPU_READ |
						SHAREDBUF_NEEDS_CPU_WRITE);
}

/* Writes a pattern through the CPU and reads it back through a second
 * mapping: the memory is real and @fd's size holds the layout. */
static bool cpu_round_trip(int fd, const struct sharedbuf_layout *l)
{
	struct dma_buf_sync s = {DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW};
	off_t size = lseek(fd, 0, SEEK_END);
	uint32_t *p, *q;
	bool ok = true;

	if (!expect(sharedbuf_fd_is_dmabuf(fd), "fd is no dma-buf") ||
	    !expect(size >= (off_t)l->size, "dma-buf %lld < layout %llu",
		    (long long)size, (unsigned long long)l->size))
		return false;
	p = mmap(NULL, l->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	q = mmap(NULL, l->size, PROT_READ, MAP_SHARED, fd, 0);
	if (!expect(p != MAP_FAILED && q != MAP_FAILED, "mmap: %m"))
		return false;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	for (uint32_t y = 0; y < l->height; y++)
		for (uint32_t x = 0; x < l->width; x++)
			p[y * l->pitches[0] / 4 + x] = y << 16 | x;
	for (uint32_t y = 0; y < l->height && ok; y++)
		for (uint32_t x = 0; x < l->width && ok; x++)
			ok = expect(q[y * l->pitches[0] / 4 + x] ==
					    (y << 16 | x),
				    "pixel %u,%u", x, y);
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	munmap(p, l->size);
	munmap(q, l->size);
	return ok;
}

/* Allocates for {gl, cpu} from @e (NONE: sharedbuf's choice). */
static bool alloc_from(enum sharedbuf_alloc_exporter e,
		       enum sharedbuf_alloc_exporter want)
{
	struct sharedbuf_alloc *a = sharedbuf_alloc_create(W, H, fourccs, 2);
	struct sharedbuf_layout l;
	char why[1024];
	int fd = -1;
	bool ok;

	setup();
	if (!expect(a != NULL, "create"))
		return false;
	sharedbuf_alloc_force(a, e);
	ok = expect_result(sharedbuf_alloc_attach(a, &gl, why, sizeof(why)),
			   SHAREDBUF_OK, why) &&
	     expect_result(sharedbuf_alloc_attach(a, &cpu, why, sizeof(why)),
			   SHAREDBUF_OK, why) &&
	     expect(sharedbuf_alloc_exporter(a) == SHAREDBUF_ALLOC_NONE,
		    "allocated before the first export") &&
	     expect_result(sharedbuf_alloc_export(a, &l, &fd, why, sizeof(why)),
			   SHAREDBUF_OK, why);
	if (ok) {
		printf("  %s\n", sharedbuf_alloc_explain(a));
		ok = expect(sharedbuf_alloc_exporter(a) == want,
			    "exporter %s, want %s",
			    sharedbuf_alloc_exporter_name(
				    sharedbuf_alloc_exporter(a)),
			    sharedbuf_alloc_exporter_name(want)) &&
		     expect(l.fourcc == DRM_FORMAT_XRGB8888,
			    "first candidate") &&
		     expect(l.pitches[0] % 256 == 0 && l.pitches[0] >= W * 4,
			    "pitch %u", l.pitches[0]) &&
		     expect(strstr(sharedbuf_alloc_explain(a),
				   sharedbuf_alloc_exporter_name(want)) != NULL,
			    "explanation names the exporter") &&
		     cpu_round_trip(fd, &l);
	}
	if (fd >= 0)
		close(fd);
	sharedbuf_alloc_destroy(a);
	return ok;
}

static bool force_udmabuf(void)
{
	return alloc_from(SHAREDBUF_ALLOC_UDMABUF, SHAREDBUF_ALLOC_UDMABUF);
}

static bool force_heap(void)
{
	return alloc_from(SHAREDBUF_ALLOC_DMA_HEAP, SHAREDBUF_ALLOC_DMA_HEAP);
}

static bool choice(void)
{
	return alloc_from(SHAREDBUF_ALLOC_NONE, SHAREDBUF_ALLOC_UDMABUF);
}

/* GBM on vgem (kms_swrast) chooses its own pitch: the buffer is kept only
 * if it meets gl's 256; a refusal must say so. */
static bool force_gbm(void)
{
	struct sharedbuf_alloc *a = sharedbuf_alloc_create(W, H, fourccs, 2);
	struct sharedbuf_layout l;
	char why[1024];
	int fd = -1;
	enum sharedbuf_result r;
	bool ok;

	setup();
	gl.pitch_align = 1;
	sharedbuf_alloc_force(a, SHAREDBUF_ALLOC_GBM);
	sharedbuf_alloc_attach(a, &gl, NULL, 0);
	sharedbuf_alloc_attach(a, &cpu, NULL, 0);
	r = sharedbuf_alloc_export(a, &l, &fd, why, sizeof(why));
	if (r == SHAREDBUF_ERR_NO_DEVICE) {
		sharedbuf_alloc_destroy(a);
		piglit_skip("no GBM device: %s", why);
	}
	ok = expect_result(r, SHAREDBUF_OK, why) &&
	     expect(sharedbuf_alloc_exporter(a) == SHAREDBUF_ALLOC_GBM,
		    "exporter") &&
	     cpu_round_trip(fd, &l);
	printf("  %s\n", sharedbuf_alloc_explain(a));
	if (fd >= 0)
		close(fd);
	sharedbuf_alloc_destroy(a);
	return ok;
}

/* Importers attached after the first export: refused with the unmet
 * constraint named, the others keep the same buffer. */
static bool late_attach(void)
{
	struct sharedbuf_alloc *a = sharedbuf_alloc_create(W, H, fourccs, 2);
	struct sharedbuf_constraints late;
	struct sharedbuf_layout l, l2;
	char why[1024];
	int fd = -1, fd2 = -1;
	bool ok;

	setup();
	sharedbuf_alloc_attach(a, &gl, NULL, 0);
	ok = expect_result(sharedbuf_alloc_export(a, &l, &fd, why, sizeof(why)),
			   SHAREDBUF_OK, why);
	sharedbuf_constraints_init(&late, "scanout");
	sharedbuf_constraints_add(&late, DRM_FORMAT_XRGB8888,
				  DRM_FORMAT_MOD_LINEAR);
	late.pitch_align = 4096;
	ok = ok &&
	     expect_result(sharedbuf_alloc_attach(a, &late, why, sizeof(why)),
			   SHAREDBUF_ERR_CONFLICT, "pitch 4096") &&
	     expect(strstr(why, "'scanout' needs pitches that are multiples "
				"of 4096") != NULL,
		    "why: %s", why);
	late.pitch_align = 1;
	late.flags = SHAREDBUF_NEEDS_CONTIGUOUS;
	ok = ok &&
	     expect_result(sharedbuf_alloc_attach(a, &late, why, sizeof(why)),
			   SHAREDBUF_ERR_CONFLICT, "contiguous") &&
	     expect(strstr(why, "'scanout' needs contiguous memory, the "
				"buffer is a scattered udmabuf") != NULL,
		    "why: %s", why);
	ok = ok &&
	     expect_result(sharedbuf_alloc_attach(a, &cpu, why, sizeof(why)),
			   SHAREDBUF_OK, why) &&
	     expect_result(
		     sharedbuf_alloc_export(a, &l2, &fd2, why, sizeof(why)),
		     SHAREDBUF_OK, why) &&
	     expect(memcmp(&l, &l2, sizeof(l)) == 0, "layout changed") &&
	     cpu_round_trip(fd2, &l2);
	if (fd >= 0)
		close(fd);
	if (fd2 >= 0)
		close(fd2);
	sharedbuf_alloc_destroy(a);
	return ok;
}

/* No exporter or no layout: the error names the importers and why. */
static bool conflicts(void)
{
	struct sharedbuf_alloc *a = sharedbuf_alloc_create(W, H, fourccs, 2);
	char why[1024];
	int fd;
	bool ok;

	setup();
	sharedbuf_constraints_init(&cam, "camera");
	sharedbuf_constraints_add(&cam, DRM_FORMAT_YUYV, DRM_FORMAT_MOD_LINEAR);
	sharedbuf_alloc_attach(a, &gl, NULL, 0);
	sharedbuf_alloc_attach(a, &cam, NULL, 0);
	ok = expect_result(
		     sharedbuf_alloc_export(a, NULL, &fd, why, sizeof(why)),
		     SHAREDBUF_ERR_CONFLICT, "formats") &&
	     expect(fd == -1, "fd set on failure") &&
	     expect(strstr(why, "XR24: 'camera' lacks it") &&
			    strstr(why, "AR24: 'camera' lacks it"),
		    "why: %s", why);
	sharedbuf_alloc_destroy(a);

	/* contiguous, no CMA heap here, nobody provides memory */
	a = sharedbuf_alloc_create(W, H, fourccs, 2);
	sharedbuf_constraints_init(&cam, "camera");
	sharedbuf_constraints_add(&cam, DRM_FORMAT_XRGB8888,
				  DRM_FORMAT_MOD_LINEAR);
	cam.flags = SHAREDBUF_NEEDS_CONTIGUOUS;
	sharedbuf_alloc_attach(a, &gl, NULL, 0);
	sharedbuf_alloc_attach(a, &cam, NULL, 0);
	ok = ok &&
	     expect_result(
		     sharedbuf_alloc_export(a, NULL, &fd, why, sizeof(why)),
		     SHAREDBUF_ERR_CONFLICT, "contiguous") &&
	     expect(strstr(why, "'camera' needs contiguous memory") != NULL,
		    "why: %s", why);
	printf("  %s\n", why);
	sharedbuf_alloc_destroy(a);

	/* forcing an exporter that cannot serve */
	a = sharedbuf_alloc_create(W, H, fourccs, 2);
	sharedbuf_alloc_attach(a, &cam, NULL, 0);
	sharedbuf_alloc_force(a, SHAREDBUF_ALLOC_UDMABUF);
	ok = ok &&
	     expect_result(
		     sharedbuf_alloc_export(a, NULL, &fd, why, sizeof(why)),
		     SHAREDBUF_ERR_CONFLICT, "forced") &&
	     expect(strstr(why, "udmabuf was forced, but 'camera' needs "
				"contiguous") != NULL,
		    "why: %s", why);
	sharedbuf_alloc_destroy(a);
	return ok;
}

/* The first map allocates too; the CPU image outlives the buffer. */
static bool map(void)
{
	struct sharedbuf_alloc *a = sharedbuf_alloc_create(W, H, fourccs, 2);
	struct sharedbuf_cpu_image *img = NULL;
	struct sharedbuf_lock lk = {.plane = 0,
				    .access = SHAREDBUF_ACCESS_WRITE,
				    .acquire_fd = -1,
				    .timeout_ns = SHAREDBUF_FOREVER};
	struct sharedbuf_layout l;
	uint32_t stride = 0;
	char why[512];
	void *p = NULL;
	int fd = -1, release = -1;
	bool ok;

	setup();
	sharedbuf_alloc_attach(a, &gl, NULL, 0);
	sharedbuf_alloc_attach(a, &cpu, NULL, 0);
	ok = expect_result(sharedbuf_alloc_map(a, &img, why, sizeof(why)),
			   SHAREDBUF_OK, why) &&
	     expect(sharedbuf_alloc_exporter(a) == SHAREDBUF_ALLOC_UDMABUF,
		    "allocated by the map") &&
	     expect_result(sharedbuf_alloc_export(a, &l, &fd, why, sizeof(why)),
			   SHAREDBUF_OK, why);
	sharedbuf_alloc_destroy(a);
	ok = ok &&
	     expect_result(sharedbuf_cpu_lock(img, &lk, &p, &stride),
			   SHAREDBUF_OK, "lock") &&
	     expect(stride == l.pitches[0], "stride %u", stride);
	for (uint32_t y = 0; ok && y < H; y++)
		for (uint32_t x = 0; x < W; x++)
			((uint32_t *)((uint8_t *)p + y * stride))[x] =
				0x5a5a5a5a;
	ok = ok && expect_result(sharedbuf_cpu_unlock(img, 0, &release),
				 SHAREDBUF_OK, "unlock");
	if (release >= 0)
		close(release);
	sharedbuf_cpu_image_destroy(img);
	/* the exported fd sees what the CPU image wrote; then the round
	 * trip writes its own pattern */
	if (ok) {
		uint32_t *q = mmap(NULL, l.size, PROT_READ, MAP_SHARED, fd, 0);

		ok = expect(q != MAP_FAILED, "mmap: %m") &&
		     expect(q[(H - 1) * l.pitches[0] / 4 + W - 1] == 0x5a5a5a5a,
			    "last pixel");
		if (q != MAP_FAILED)
			munmap(q, l.size);
		ok = ok && cpu_round_trip(fd, &l);
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

/* 10,000 create/attach/export/close/destroy cycles: no fd left behind. */
static bool cycles(void)
{
	int before, fd;
	char why[512];

	setup();
	before = piglit_count_fds();
	for (int i = 0; i < 10000; i++) {
		struct sharedbuf_alloc *a =
			sharedbuf_alloc_create(W, H, fourccs, 2);

		if (!expect(a != NULL, "create %d", i))
			return false;
		sharedbuf_alloc_attach(a, &gl, NULL, 0);
		sharedbuf_alloc_attach(a, &cpu, NULL, 0);
		if (!expect_result(sharedbuf_alloc_export(a, NULL, &fd, why,
							  sizeof(why)),
				   SHAREDBUF_OK, why)) {
			sharedbuf_alloc_destroy(a);
			return false;
		}
		close(fd);
		sharedbuf_alloc_destroy(a);
	}
	return expect(piglit_count_fds() == before, "fds %d -> %d", before,
		      piglit_count_fds());
}

static const struct {
	const char *name;
	bool (*run)(void);
} cases[] = {
	{"udmabuf", force_udmabuf},
	{"heap", force_heap},
	{"gbm", force_gbm},
	{"choice", choice},
	{"late-attach", late_attach},
	{"conflicts", conflicts},
	{"map", map},
	{"cycles", cycles},
};

int main(int argc, char **argv)
{
	int i = piglit_find_case(argc, argv, cases,
				 sizeof(cases) / sizeof(cases[0]),
				 sizeof(cases[0]));
	bool ok = cases[i].run();

	piglit_report_result(ok && !sb_check_failures() ? PIGLIT_PASS
							: PIGLIT_FAIL);
}

/* SPDX-License-Identifier: MIT */
/*
 * import-sample: a dma-buf written by the CPU, imported through the layer,
 * samples back exactly what was written.
 *
 * EGL_EXT_image_dma_buf_import:
 *   "This extension allows creating an EGLImage from a Linux dma_buf file
 *    descriptor or multiple file descriptors in the case of multi-plane
 *    YUV images."
 *   "[...] the EGL implementation must not close the file descriptors; the
 *    application still owns them [...]" (Issue 3, paraphrased)
 *
 * One process per exporter (import-sample@udmabuf|heap|vgem) runs its
 * three formats on one EGL display, each a Piglit subtest named by its
 * format; a failed one fails the test, named on its FAIL line.
 * Each case allocates an odd-sized buffer from one kernel exporter, fills it
 * through mmap bracketed by DMA_BUF_IOCTL_SYNC, imports it with
 * eglCreateImageKHR(EGL_LINUX_DMA_BUF_EXT), samples it into an FBO with
 * NEAREST filtering and compares every pixel read back. It also checks that
 * the import went through libEGL_sharedbuf.so.0 (its counters moved) and
 * that the caller's fd is still the caller's, open, after import and
 * destroy.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "egl_env.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define WIDTH  67 /* not a multiple of any pitch alignment */
#define HEIGHT 41

struct test_case {
	const char *name;
	enum sharedbuf_exporter exporter;
	uint32_t fourcc;
	int tolerance; /* per channel, for formats GL widens */
};

#define CASE(exp, e, fmt, f, tol)                                          \
	{                                                                  \
#exp "-" #fmt, SHAREDBUF_EXPORTER_##e, DRM_FORMAT_##f, tol \
	}
#define CASES(exp, e)                                \
	CASE(exp, e, xrgb8888, XRGB8888, 0),         \
		CASE(exp, e, argb8888, ARGB8888, 0), \
		CASE(exp, e, rgb565, RGB565, 1)

static const struct test_case cases[] = {
	CASES(udmabuf, UDMABUF),
	CASES(heap, DMA_HEAP),
	CASES(vgem, DUMB),
};

static const char *const devices[] = {
	[SHAREDBUF_EXPORTER_UDMABUF] = "/dev/udmabuf",
	[SHAREDBUF_EXPORTER_DMA_HEAP] = "/dev/dma_heap/system",
	[SHAREDBUF_EXPORTER_DUMB] = "/dev/dri/card0",
};

/* NULL, or what failed */
static const char *fill(const struct sharedbuf_buffer *buf, uint32_t seed)
{
	void *p = sb_test_map_begin(buf->fd, buf->size, DMA_BUF_SYNC_WRITE);

	if (!p)
		return "map the buffer for writing";
	sb_test_fill(p, buf->fourcc, buf->width, buf->height, buf->pitch, seed);
	if (!sb_test_map_end(buf->fd, p, buf->size, DMA_BUF_SYNC_WRITE))
		return "end CPU access";
	return NULL;
}

static int compare(const struct test_case *c, const uint8_t *px, uint32_t seed)
{
	int bad = 0;

	for (uint32_t y = 0; y < HEIGHT; y++) {
		for (uint32_t x = 0; x < WIDTH; x++) {
			const uint8_t *got = px + ((size_t)y * WIDTH + x) * 4;
			uint8_t want[4];

			sb_test_expected_rgba(
				c->fourcc,
				sb_test_pattern(c->fourcc, x, y, seed), want);
			for (int i = 0; i < 4; i++) {
				if (abs(got[i] - want[i]) <= c->tolerance)
					continue;
				if (bad++ < 5)
					printf("pixel (%u,%u): got %u,%u,%u,%u "
					       "want %u,%u,%u,%u\n",
					       x, y, got[0], got[1], got[2],
					       got[3], want[0], want[1],
					       want[2], want[3]);
				break;
			}
		}
	}
	return bad;
}

/* One case on the display of @egl: "FAIL: <case>: <why>" and false on a
 * failure, which leaves the display usable for the next case. */
static bool run_case(const struct test_case *c, uint32_t seed,
		     struct sb_test_egl *egl)
{
	static const float clear[4] = {1, 0, 1, 1};
	struct sharedbuf_layer_stats before, after;
	struct sharedbuf_buffer buf;
	struct sb_test_target target;
	enum sharedbuf_result r;
	bool ok = false;
	uint8_t *px;
	int bad;

#define CASE_FAIL(...)                         \
	do {                                   \
		printf("FAIL: %s: ", c->name); \
		printf(__VA_ARGS__);           \
		printf("\n");                  \
	} while (0)
	r = sharedbuf_buffer_alloc(c->exporter, WIDTH, HEIGHT, c->fourcc, &buf);
	if (r != SHAREDBUF_OK) {
		CASE_FAIL("allocate from %s: %s",
			  sharedbuf_exporter_name(c->exporter),
			  sharedbuf_result_str(r));
		return false;
	}
	printf("%s: %ux%u pitch %u size %llu\n", c->name, buf.width, buf.height,
	       buf.pitch, (unsigned long long)buf.size);
	const char *fill_failed = fill(&buf, seed);

	if (fill_failed) {
		CASE_FAIL("%s", fill_failed);
		goto out;
	}
	if (!sb_test_layer_stats(&before)) {
		CASE_FAIL("libEGL_sharedbuf.so.0 is not loaded: the layer "
			  "is not in the EGL call path");
		goto out;
	}

	EGLImageKHR img = sb_test_import(egl->dpy, buf.fd, c->fourcc, WIDTH,
					 HEIGHT, 0, buf.pitch);
	if (img == EGL_NO_IMAGE_KHR) {
		CASE_FAIL("eglCreateImageKHR: 0x%x", eglGetError());
		goto out;
	}
	GLuint tex = sb_test_texture_from_image(img);
	if (!tex) {
		CASE_FAIL("glEGLImageTargetTexture2DOES failed");
		eglDestroyImageKHR(egl->dpy, img);
		goto out;
	}
	if (!sb_test_target_init(&target, WIDTH, HEIGHT, clear) ||
	    !sb_test_draw(tex, 0, 0, WIDTH, HEIGHT, 1.0f, false, &target) ||
	    !(px = sb_test_target_read(&target))) {
		CASE_FAIL("draw or glReadPixels: GL error");
		glDeleteTextures(1, &tex);
		eglDestroyImageKHR(egl->dpy, img);
		goto out;
	}
	bad = compare(c, px, seed);
	free(px);

	sb_test_target_finish(&target);
	glDeleteTextures(1, &tex);
	if (!eglDestroyImageKHR(egl->dpy, img)) {
		CASE_FAIL("eglDestroyImageKHR: 0x%x", eglGetError());
		goto out;
	}
	sb_test_layer_stats(&after);

	if (bad)
		CASE_FAIL("%d of %d pixels differ", bad, WIDTH * HEIGHT);
	else if (after.dmabuf_imports != before.dmabuf_imports + 1 ||
		 after.images_destroyed != before.images_destroyed + 1)
		CASE_FAIL("the layer saw %llu imports and %llu destroys, "
			  "want 1 and 1",
			  (unsigned long long)(after.dmabuf_imports -
					       before.dmabuf_imports),
			  (unsigned long long)(after.images_destroyed -
					       before.images_destroyed));
	else if (fcntl(buf.fd, F_GETFD) == -1)
		CASE_FAIL("the caller's dma-buf fd was closed by EGL");
	else
		ok = true;
out:
	sharedbuf_buffer_finish(&buf);
	return ok;
#undef CASE_FAIL
}

/* import-sample EXPORTER: every format of that exporter, one subtest
 * each, on one EGL display (one process: under emulation a process's EGL
 * start-up costs more than a case). */
int main(int argc, char **argv)
{
	const int n = sizeof(cases) / sizeof(cases[0]);
	const char *exp = argc == 2 ? argv[1] : "";
	const char *failed = NULL;
	struct sharedbuf_layer_stats st;
	struct sb_test_egl egl;
	size_t len = strlen(exp);
	char why[256];
	int ran = 0;

	for (int i = 0; i < n; i++) {
		const struct test_case *c = &cases[i];

		if (strncmp(c->name, exp, len) != 0 || c->name[len] != '-')
			continue;
		if (!ran++) {
			if (access(devices[c->exporter], F_OK) != 0)
				piglit_skip("no %s here: the guest has it "
					    "(make check)",
					    devices[c->exporter]);
			if (!sb_test_egl_init(&egl, why, sizeof(why)))
				piglit_fail("EGL: %s", why);
			if (!epoxy_has_egl_extension(
				    egl.dpy, "EGL_EXT_image_dma_buf_import"))
				piglit_fail(
					"EGL_EXT_image_dma_buf_import missing");
			if (!sb_test_layer_stats(&st))
				piglit_fail("libEGL_sharedbuf.so.0 is not "
					    "loaded: the layer is not in the "
					    "EGL call path");
			printf("layer forwards to %s\n", st.next_vendor);
		}
		bool ok = run_case(c, (uint32_t)i + 1, &egl);

		piglit_report_subtest(ok ? PIGLIT_PASS : PIGLIT_FAIL,
				      c->name + len + 1);
		if (!ok && !failed)
			failed = c->name;
	}
	if (!ran) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem\n", argv[0]);
		return 2;
	}
	sb_test_egl_finish(&egl);
	if (failed)
		piglit_fail("%s failed (and any other FAIL above)", failed);
	piglit_report_result(PIGLIT_PASS);
}

/* SPDX-License-Identifier: MIT */
/*
 * import-formats: every single-plane format the driver lists (and
 * sharedbuf's layout table knows) still imports through the strict layer,
 * and the RGB ones sample exactly what the CPU wrote.
 *
 * EGL_EXT_image_dma_buf_import_modifiers:
 *   "eglQueryDmaBufFormatsEXT [...] query the dma_buf formats supported by
 *    the implementation"
 *
 * Each format: a 29x17 buffer (odd sizes, padded pitch) is filled with
 * bytes of a hash of (x, y), imported, and sampled into an RGBA8 FBO
 * (formats the driver refuses as GL_TEXTURE_2D and lists as external-only
 * are only imported).
 * Formats with a channel layout below are compared pixel by pixel (within
 * 1 of the exact unorm conversion); the others (YUV, half floats) must
 * import and sample without error.
 *
 * usage: import-formats all|udmabuf|heap|vgem
 * all: each exporter in turn in one process, a Piglit subtest each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "egl_env.h"
#include "format.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W 29
#define H 17

/* Where R, G, B, A sit in a pixel read as a little-endian integer; bits 0
 * means the channel is absent (0 for R/G/B, 1.0 for A). */
struct channels {
	uint32_t fourcc;
	uint8_t shift[4], bits[4];
};

#define CH(f, rs, rb, gs, gb, bs, bb, as, ab)     \
	{                                         \
		DRM_FORMAT_##f, {rs, gs, bs, as}, \
		{                                 \
			rb, gb, bb, ab            \
		}                                 \
	}

/* From the layouts drm_fourcc.h gives, e.g. "[31:0] A:R:G:B 8:8:8:8
 * little endian". */
static const struct channels layouts[] = {
	CH(XRGB8888, 16, 8, 8, 8, 0, 8, 0, 0),
	CH(ARGB8888, 16, 8, 8, 8, 0, 8, 24, 8),
	CH(XBGR8888, 0, 8, 8, 8, 16, 8, 0, 0),
	CH(ABGR8888, 0, 8, 8, 8, 16, 8, 24, 8),
	CH(RGBX8888, 24, 8, 16, 8, 8, 8, 0, 0),
	CH(RGBA8888, 24, 8, 16, 8, 8, 8, 0, 8),
	CH(BGRX8888, 8, 8, 16, 8, 24, 8, 0, 0),
	CH(BGRA8888, 8, 8, 16, 8, 24, 8, 0, 8),
	CH(XRGB2101010, 20, 10, 10, 10, 0, 10, 0, 0),
	CH(ARGB2101010, 20, 10, 10, 10, 0, 10, 30, 2),
	CH(XBGR2101010, 0, 10, 10, 10, 20, 10, 0, 0),
	CH(ABGR2101010, 0, 10, 10, 10, 20, 10, 30, 2),
	CH(RGB565, 11, 5, 5, 6, 0, 5, 0, 0),
	CH(BGR565, 0, 5, 5, 6, 11, 5, 0, 0),
	CH(RGB888, 16, 8, 8, 8, 0, 8, 0, 0),
	CH(BGR888, 0, 8, 8, 8, 16, 8, 0, 0),
	CH(R8, 0, 8, 0, 0, 0, 0, 0, 0),
	CH(R16, 0, 16, 0, 0, 0, 0, 0, 0),
	CH(GR88, 0, 8, 8, 8, 0, 0, 0, 0),
	CH(RG88, 8, 8, 0, 8, 0, 0, 0, 0),
	CH(GR1616, 0, 16, 16, 16, 0, 0, 0, 0),
	CH(RG1616, 16, 16, 0, 16, 0, 0, 0, 0),
	CH(ARGB4444, 8, 4, 4, 4, 0, 4, 12, 4),
	CH(ABGR4444, 0, 4, 4, 4, 8, 4, 12, 4),
	CH(ARGB1555, 10, 5, 5, 5, 0, 5, 15, 1),
	CH(ABGR1555, 0, 5, 5, 5, 10, 5, 15, 1),
	CH(XBGR16161616, 0, 16, 16, 16, 32, 16, 0, 0),
	CH(ABGR16161616, 0, 16, 16, 16, 32, 16, 48, 16),
};

static const struct channels *layout_of(uint32_t fourcc)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		if (layouts[i].fourcc == fourcc)
			return &layouts[i];
	}
	return NULL;
}

static uint8_t byte_at(uint32_t x, uint32_t y, uint32_t i)
{
	uint32_t h = (x * 73856093u) ^ (y * 19349663u) ^ (i * 83492791u);

	h ^= h >> 13;
	h *= 0x5bd1e995u;
	return (uint8_t)(h >> 15);
}

static uint8_t unorm8(uint64_t v, unsigned bits)
{
	uint64_t max = (1ull << bits) - 1;

	return (uint8_t)((v * 255 + max / 2) / max);
}

static void expected(const struct channels *c, const uint8_t *px, unsigned cpp,
		     uint8_t out[4])
{
	uint64_t v = 0;

	memcpy(&v, px, cpp); /* little endian: x86 */
	for (int k = 0; k < 4; k++) {
		if (!c->bits[k]) {
			out[k] = k == 3 ? 255 : 0;
			continue;
		}
		out[k] = unorm8((v >> c->shift[k]) & ((1ull << c->bits[k]) - 1),
				c->bits[k]);
	}
}

static bool close_to(const uint8_t a[4], const uint8_t b[4])
{
	for (int k = 0; k < 4; k++) {
		if (abs(a[k] - b[k]) > 1)
			return false;
	}
	return true;
}

static bool external_only(EGLDisplay dpy, uint32_t fourcc)
{
	EGLuint64KHR mods[64];
	EGLBoolean ext[64];
	EGLint n = 0;

	if (!eglQueryDmaBufModifiersEXT(dpy, (EGLint)fourcc, 64, mods, ext, &n))
		return false;
	for (EGLint i = 0; i < n; i++) {
		if (mods[i] == DRM_FORMAT_MOD_LINEAR)
			return ext[i];
	}
	return n > 0 && ext[0];
}

/* Imports, samples and (with a layout) compares one format. Returns a
 * verdict word for the report line, or NULL on failure (reason printed). */
static const char *check_format(EGLDisplay dpy, enum sharedbuf_exporter exp,
				uint32_t fourcc, unsigned cpp)
{
	static const float clear[4] = {0, 0, 0, 0};
	const struct channels *c = layout_of(fourcc);
	struct sharedbuf_buffer b;
	struct sb_test_target t;
	const char *verdict = "imported, sampled";
	uint8_t *map, *px;
	int bad = 0;

	if (sharedbuf_buffer_alloc(exp, W, H, fourcc, &b) != SHAREDBUF_OK) {
		printf("allocation failed");
		return NULL;
	}
	map = sb_test_map_begin(b.fd, b.size, DMA_BUF_SYNC_WRITE);
	for (uint32_t y = 0; map && y < H; y++)
		for (uint32_t i = 0; i < W * cpp; i++)
			map[y * b.pitch + i] = byte_at(i / cpp, y, i % cpp);
	if (!map || !sb_test_map_end(b.fd, map, b.size, DMA_BUF_SYNC_WRITE)) {
		sharedbuf_buffer_finish(&b);
		printf("CPU fill failed");
		return NULL;
	}
	EGLImage img = sb_test_import(dpy, b.fd, fourcc, W, H, 0, b.pitch);
	if (img == EGL_NO_IMAGE) {
		printf("import refused: 0x%x", eglGetError());
		sharedbuf_buffer_finish(&b);
		return NULL;
	}
	GLuint tex = sb_test_texture_from_image(img);
	/* Mesa 25's llvmpipe calls every format external-only, yet samples
	 * RGB ones as GL_TEXTURE_2D: only a refusal counts. */
	if (!tex && external_only(dpy, fourcc)) {
		verdict = "imported (external-only: GL_TEXTURE_2D refused)";
		goto out;
	}
	px = tex && sb_test_target_init(&t, W, H, clear) &&
			     sb_test_draw(tex, 0, 0, W, H, 1, false, &t)
		     ? sb_test_target_read(&t)
		     : NULL;
	sb_test_target_finish(&t);
	glDeleteTextures(1, &tex);
	if (!px) {
		printf("sampling failed");
		verdict = NULL;
		goto out;
	}
	for (uint32_t i = 0; c && i < W * H; i++) {
		uint8_t src[8], want[4];

		for (unsigned k = 0; k < cpp; k++)
			src[k] = byte_at(i % W, i / W, k);
		expected(c, src, cpp, want);
		if (!close_to(px + 4 * i, want) && bad++ < 3)
			printf("(%u,%u) got %u,%u,%u,%u want %u,%u,%u,%u; ",
			       i % W, i / W, px[4 * i], px[4 * i + 1],
			       px[4 * i + 2], px[4 * i + 3], want[0], want[1],
			       want[2], want[3]);
	}
	free(px);
	if (bad) {
		printf("%d pixels differ", bad);
		verdict = NULL;
	} else if (c) {
		verdict = "every pixel exact (within 1)";
	}
out:
	eglDestroyImageKHR(dpy, img);
	sharedbuf_buffer_finish(&b);
	return verdict;
}

static struct sb_test_egl egl;
static EGLint formats[256], n_formats;

/* Every single-plane format on one exporter; true if each imported. */
static bool run_exporter(int exp, void *unused)
{
	int failed = 0, exact = 0, ran = 0;

	(void)unused;
	for (EGLint i = 0; i < n_formats; i++) {
		uint32_t f = (uint32_t)formats[i];
		const struct sb_format *sf = sb_format_find(f);
		char name[5];

		unsigned cpp = sharedbuf_format_cpp(f);

		if (!sf || sf->planes != 1 || !cpp)
			continue; /* multi-planar: import-diff tests them */
		memcpy(name, &f, 4);
		name[4] = '\0';
		printf("%-5s ", name);
		const char *v = check_format(
			egl.dpy, (enum sharedbuf_exporter)exp, f, cpp);
		printf("%s\n", v ? v : "  FAILED");
		failed += !v;
		exact += v && strncmp(v, "every pixel", 11) == 0;
		ran++;
	}
	printf("%s: %d single-plane formats, %d failed, %d of them compared "
	       "exactly\n",
	       sb_test_exporter_name(exp), ran, failed, exact);
	return !failed && ran;
}

/* import-formats all|EXPORTER (sb_test_exporters_arg) */
int main(int argc, char **argv)
{
	const char *failed;
	int first, last, r;
	char why[256];

	sb_test_exporters_main(argc, argv, NULL, &first, &last);
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!eglQueryDmaBufFormatsEXT(egl.dpy, 256, formats, &n_formats))
		piglit_fail("eglQueryDmaBufFormatsEXT: 0x%x", eglGetError());
	r = sb_test_each_exporter(first, last, run_exporter, NULL, &failed);
	sb_test_egl_finish(&egl);
	if (r == PIGLIT_FAIL)
		piglit_fail("%s failed (and any other FAIL above)", failed);
	if (r == PIGLIT_SKIP)
		piglit_skip("none of the exporters is here: the guest has them "
			    "(make check)");
	piglit_report_result(PIGLIT_PASS);
}

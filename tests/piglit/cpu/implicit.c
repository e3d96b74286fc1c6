/* SPDX-License-Identifier: MIT */
/*
 * cpu-implicit: CPU access to images imported with no modifier.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt:
 *   "An image imported with the implicit modifier (none given, or
 *    DRM_FORMAT_MOD_INVALID) is mapped directly only where its layout is
 *    known to be linear: the driver lists only DRM_FORMAT_MOD_LINEAR for
 *    its format, or every plane's exporter has no tiling [...]. Any other
 *    implicit-modifier image is treated as tiled."
 *
 * Cases, each on the exporter named on the command line:
 *   capi-implicit      the C API with DRM_FORMAT_MOD_INVALID: udmabuf and
 *                      the system heap lock raw (stride = pitch, the bytes
 *                      are the dma-buf's); vgem's exports read "drm", like
 *                      a GPU's, so linearity is unknown: GBM or refused
 *   capi-unknown-name  SHAREDBUF_TEST_EXPORTER_NAME=i915 (test-only) makes
 *                      every exporter one that may tile: refused, while an
 *                      explicit DRM_FORMAT_MOD_LINEAR still locks
 *   egl-implicit       an EGL import with no modifier locks: llvmpipe lists
 *                      only DRM_FORMAT_MOD_LINEAR, so the layer records it
 *                      as linear, whatever the exporter's name
 *   egl-invalid        the same with an explicit DRM_FORMAT_MOD_INVALID
 *                      (what libva-based players send): imported and
 *                      locked
 *
 * usage: cpu-implicit udmabuf|heap|vgem [CASE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/cpu.h"
#include "sharedbuf/sharedbuf.h"

#define W    40
#define H    20
#define SEED 9

static struct {
	enum sharedbuf_exporter exp;
	struct sb_test_egl egl;
	bool egl_up;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
} t;

/* Do the bytes of @buf hold the pattern @seed? Read through a mapping of
 * its own, so a lock that handed out anything but the dma-buf's linear
 * bytes shows. */
static bool holds_pattern(const struct sharedbuf_buffer *buf, uint32_t seed)
{
	uint8_t *p = sb_test_map_begin(buf->fd, buf->size, DMA_BUF_SYNC_READ);
	bool same = p != NULL;

	for (uint32_t y = 0; same && y < H; y++) {
		for (uint32_t x = 0; same && x < W; x++) {
			uint32_t v;

			memcpy(&v, p + (size_t)y * buf->pitch + 4 * x, 4);
			same = v ==
			       sb_test_pattern(DRM_FORMAT_XRGB8888, x, y, seed);
		}
	}
	if (p)
		sb_test_map_end(buf->fd, p, buf->size, DMA_BUF_SYNC_READ);
	return same;
}

static struct sharedbuf_image_layout layout_of(const struct sharedbuf_buffer *b,
					       uint64_t modifier)
{
	return (struct sharedbuf_image_layout){
		.width = W,
		.height = H,
		.fourcc = DRM_FORMAT_XRGB8888,
		.modifier = modifier,
		.num_planes = 1,
		.planes[0] = {.fd = b->fd, .offset = 0, .pitch = b->pitch},
	};
}

/* Creates a CPU image of @b with @modifier: want @want; on success
 * writes the pattern through a lock and checks the dma-buf holds it. */
static bool capi_case(const struct sharedbuf_buffer *b, uint64_t modifier,
		      enum sharedbuf_result want, const char *what)
{
	struct sharedbuf_image_layout l = layout_of(b, modifier);
	struct sharedbuf_lock lk = {.plane = 0,
				    .access = SHAREDBUF_ACCESS_WRITE,
				    .acquire_fd = -1,
				    .timeout_ns = SHAREDBUF_FOREVER};
	struct sharedbuf_cpu_image *img = NULL;
	uint32_t stride = 0;
	void *data;
	bool ok;

	if (!expect_result(sharedbuf_cpu_image_create(&l, &img), want, what))
		return false;
	if (want != SHAREDBUF_OK)
		return expect(img == NULL, "%s: *out set on failure", what);
	ok = expect_result(sharedbuf_cpu_lock(img, &lk, &data, &stride),
			   SHAREDBUF_OK, what) &&
	     expect(stride == b->pitch, "%s: stride %u, pitch %u", what, stride,
		    b->pitch);
	if (ok) {
		sb_test_fill(data, DRM_FORMAT_XRGB8888, W, H, stride, SEED);
		ok = expect_result(sharedbuf_cpu_unlock(img, 0, NULL),
				   SHAREDBUF_OK, what) &&
		     expect(holds_pattern(b, SEED),
			    "%s: the dma-buf does not hold what was written",
			    what);
	}
	sharedbuf_cpu_image_destroy(img);
	return ok;
}

static bool capi_implicit(void)
{
	struct sharedbuf_buffer b;
	bool ok;

	if (!expect(sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888,
					   &b) == SHAREDBUF_OK,
		    "allocate"))
		return false;
	if (t.exp == SHAREDBUF_EXPORTER_DUMB)
		/* No GBM driver here maps an imported buffer (cpu-gbm). */
		ok = capi_case(&b, DRM_FORMAT_MOD_INVALID,
			       SHAREDBUF_ERR_UNSUPPORTED,
			       "vgem (\"drm\"), no modifier");
	else
		ok = capi_case(&b, DRM_FORMAT_MOD_INVALID, SHAREDBUF_OK,
			       "no modifier");
	ok = capi_case(&b, DRM_FORMAT_MOD_LINEAR, SHAREDBUF_OK, "LINEAR") && ok;
	sharedbuf_buffer_finish(&b);
	return ok;
}

static bool capi_unknown_name(void)
{
	struct sharedbuf_buffer b;
	bool ok;

	if (!expect(sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888,
					   &b) == SHAREDBUF_OK,
		    "allocate"))
		return false;
	setenv("SHAREDBUF_TEST_EXPORTER_NAME", "i915", 1);
	ok = capi_case(&b, DRM_FORMAT_MOD_INVALID, SHAREDBUF_ERR_UNSUPPORTED,
		       "exporter \"i915\", no modifier");
	ok = capi_case(&b, DRM_FORMAT_MOD_LINEAR, SHAREDBUF_OK,
		       "exporter \"i915\", LINEAR") &&
	     ok;
	unsetenv("SHAREDBUF_TEST_EXPORTER_NAME");
	sharedbuf_buffer_finish(&b);
	return ok;
}

static bool egl_up(void)
{
	char why[256];

	if (t.egl_up)
		return true;
	if (!expect(sb_test_egl_init(&t.egl, why, sizeof(why)), "EGL: %s", why))
		return false;
	t.egl_up = true;
	t.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	t.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	return expect(t.lock && t.unlock, "the layer's entry points");
}

/* Imports @b without a modifier, or with an explicit
 * DRM_FORMAT_MOD_INVALID (@explicit_invalid), locks it for writing,
 * writes the pattern, and checks the dma-buf holds it. */
static bool egl_case(bool explicit_invalid)
{
	EGLint attrs[] = {
		EGL_WIDTH,
		W,
		EGL_HEIGHT,
		H,
		EGL_LINUX_DRM_FOURCC_EXT,
		DRM_FORMAT_XRGB8888,
		EGL_DMA_BUF_PLANE0_FD_EXT,
		-1,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		0,
		EGL_DMA_BUF_PLANE0_PITCH_EXT,
		0,
		EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
		(EGLint)(DRM_FORMAT_MOD_INVALID & 0xffffffff),
		EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT,
		(EGLint)(DRM_FORMAT_MOD_INVALID >> 32),
		EGL_NONE,
	};
	const EGLAttrib usage[] = {EGL_LOCK_USAGE_SHAREDBUF,
				   EGL_WRITE_BIT_SHAREDBUF, EGL_NONE};
	struct sharedbuf_buffer b;
	EGLint stride = 0, release = -2;
	void *data;
	EGLImage img;
	bool ok;

	if (!egl_up() ||
	    !expect(sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888,
					   &b) == SHAREDBUF_OK,
		    "allocate"))
		return false;
	attrs[7] = b.fd;
	attrs[11] = (EGLint)b.pitch;
	if (!explicit_invalid)
		attrs[12] = EGL_NONE;
	img = eglCreateImageKHR(t.egl.dpy, EGL_NO_CONTEXT,
				EGL_LINUX_DMA_BUF_EXT, NULL, attrs);
	ok = expect(img != EGL_NO_IMAGE, "import: 0x%x", eglGetError()) &&
	     expect(t.lock(t.egl.dpy, img, usage, &data, &stride), "lock: 0x%x",
		    eglGetError()) &&
	     expect(stride == (EGLint)b.pitch, "stride %d, pitch %u", stride,
		    b.pitch);
	if (ok) {
		sb_test_fill(data, DRM_FORMAT_XRGB8888, W, H, (uint32_t)stride,
			     SEED);
		ok = expect(t.unlock(t.egl.dpy, img, 0, &release) &&
				    release == -1,
			    "unlock: 0x%x", eglGetError()) &&
		     expect(holds_pattern(&b, SEED),
			    "the dma-buf does not hold what was written");
	}
	if (img != EGL_NO_IMAGE)
		eglDestroyImageKHR(t.egl.dpy, img);
	sharedbuf_buffer_finish(&b);
	return ok;
}

static bool egl_implicit(void)
{
	return egl_case(false);
}

static bool egl_invalid(void)
{
	return egl_case(true);
}

static const struct {
	const char *name;
	bool (*run)(void);
} cases[] = {
	{"capi-implicit", capi_implicit},
	{"capi-unknown-name", capi_unknown_name},
	{"egl-implicit", egl_implicit},
	{"egl-invalid", egl_invalid},
};

int main(int argc, char **argv)
{
	const char *only = argc > 2 ? argv[2] : NULL;
	int exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	int failed = 0, ran = 0;
	char why[256];

	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem [CASE]\n",
			argv[0]);
		return 2;
	}
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	t.exp = (enum sharedbuf_exporter)exp;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok;

		if (only && strcmp(only, cases[i].name) != 0)
			continue;
		ok = cases[i].run();
		printf("%-18s %s\n", cases[i].name, ok ? "pass" : "FAIL");
		failed += !ok;
		ran++;
	}
	if (t.egl_up)
		sb_test_egl_finish(&t.egl);
	printf("%d passed, %d failed, 0 skipped\n", ran - failed, failed);
	if (!ran)
		piglit_fail("no case named %s", only);
	if (failed)
		piglit_fail("%d of %d cases failed", failed, ran);
	piglit_report_result(PIGLIT_PASS);
}

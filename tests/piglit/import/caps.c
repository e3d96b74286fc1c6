/* SPDX-License-Identifier: MIT */
/*
 * import-caps: the layer asks the driver what a display lists (formats,
 * modifiers, extensions) once, keeps it per display, forgets it at
 * eglTerminate, and still refuses what the driver does not list.
 *
 * EGL_EXT_image_dma_buf_import_modifiers:
 *   "If <target> is EGL_LINUX_DMA_BUF_EXT, and the EGL_LINUX_DRM_FOURCC_EXT
 *    attribute is set to a format not supported by the EGL, EGL_BAD_MATCH
 *    is generated."
 *   "If <target> is EGL_LINUX_DMA_BUF_EXT, and the list of attributes
 *    contains EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT [...] and the combination
 *    of format, and modifier is not supported by the EGL, EGL_BAD_MATCH is
 *    generated."
 *
 * The layer's counter display_lists_asked (sharedbuf/layer.h) counts the
 * times it asked the driver.
 *
 *   reinit        on the software device's display: three imports ask
 *                 once; after eglTerminate + eglInitialize the next import
 *                 asks again; listed format and modifier import, unlisted
 *                 ones are refused before and after
 *   two-displays  the software device's display and the surfaceless one
 *                 each ask once and keep their own lists: each refuses a
 *                 format only the other lists (when the two differ), and
 *                 terminating one leaves the other's list in place
 *
 * usage: import-caps reinit|two-displays
 */
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>

#include "egl_env.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W	    32
#define H	    16
#define MAX_FORMATS 512

static struct sb_test_egl egl;
static struct sharedbuf_buffer buf;
static char message[512]; /* the last EGL_KHR_debug message */

/* Single-plane formats sharedbuf has a layout for, to look for one a
 * display does not list. */
static const uint32_t candidates[] = {
	DRM_FORMAT_C8,		DRM_FORMAT_R8,		DRM_FORMAT_RGB332,
	DRM_FORMAT_BGR233,	DRM_FORMAT_R16,		DRM_FORMAT_RG88,
	DRM_FORMAT_GR88,	DRM_FORMAT_RGB565,	DRM_FORMAT_BGR565,
	DRM_FORMAT_XRGB4444,	DRM_FORMAT_XBGR4444,	DRM_FORMAT_RGBX4444,
	DRM_FORMAT_BGRX4444,	DRM_FORMAT_ARGB4444,	DRM_FORMAT_RGBA4444,
	DRM_FORMAT_XRGB1555,	DRM_FORMAT_XBGR1555,	DRM_FORMAT_RGBX5551,
	DRM_FORMAT_BGRX5551,	DRM_FORMAT_ARGB1555,	DRM_FORMAT_RGBA5551,
	DRM_FORMAT_RGB888,	DRM_FORMAT_BGR888,	DRM_FORMAT_XRGB8888,
	DRM_FORMAT_XBGR8888,	DRM_FORMAT_RGBX8888,	DRM_FORMAT_BGRX8888,
	DRM_FORMAT_ARGB8888,	DRM_FORMAT_ABGR8888,	DRM_FORMAT_RGBA8888,
	DRM_FORMAT_BGRA8888,	DRM_FORMAT_XRGB2101010, DRM_FORMAT_XBGR2101010,
	DRM_FORMAT_RGBX1010102, DRM_FORMAT_BGRX1010102, DRM_FORMAT_ARGB2101010,
	DRM_FORMAT_ABGR2101010, DRM_FORMAT_RGBA1010102, DRM_FORMAT_BGRA1010102,
	DRM_FORMAT_GR1616,	DRM_FORMAT_RG1616,	DRM_FORMAT_YUYV,
	DRM_FORMAT_YVYU,	DRM_FORMAT_UYVY,	DRM_FORMAT_VYUY,
	DRM_FORMAT_AYUV,	DRM_FORMAT_XYUV8888,
};

struct lists {
	EGLint formats[MAX_FORMATS], n;
};

static void must(bool ok, const char *what)
{
	if (!ok)
		piglit_fail("%s", what);
}

static uint64_t asked(void)
{
	struct sharedbuf_layer_stats s;

	if (!sb_test_layer_stats(&s))
		piglit_fail("the layer is not in the EGL call path");
	return s.display_lists_asked;
}

static bool lists(EGLDisplay dpy, struct lists *l)
{
	l->n = 0;
	return epoxy_has_egl_extension(
		       dpy, "EGL_EXT_image_dma_buf_import_modifiers") &&
	       eglQueryDmaBufFormatsEXT(dpy, MAX_FORMATS, l->formats, &l->n);
}

static bool listed(const struct lists *l, uint32_t fourcc)
{
	for (EGLint i = 0; i < l->n; i++) {
		if ((uint32_t)l->formats[i] == fourcc)
			return true;
	}
	return false;
}

/* Imports buf on @dpy as @fourcc (with @modifier unless it is
 * DRM_FORMAT_MOD_INVALID); returns the EGL error, EGL_SUCCESS if it
 * imported (the image is then destroyed). */
static EGLint try_import(EGLDisplay dpy, uint32_t fourcc, uint64_t modifier)
{
	EGLint a[20] = {
		EGL_WIDTH,
		W,
		EGL_HEIGHT,
		H,
		EGL_LINUX_DRM_FOURCC_EXT,
		(EGLint)fourcc,
		EGL_DMA_BUF_PLANE0_FD_EXT,
		buf.fd,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		0,
		EGL_DMA_BUF_PLANE0_PITCH_EXT,
		(EGLint)buf.pitch,
		EGL_NONE,
	};
	EGLImageKHR img;

	if (modifier != DRM_FORMAT_MOD_INVALID) {
		a[12] = EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT;
		a[13] = (EGLint)(modifier & 0xffffffff);
		a[14] = EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT;
		a[15] = (EGLint)(modifier >> 32);
		a[16] = EGL_NONE;
	}
	img = eglCreateImageKHR(dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
				NULL, a);
	if (img == EGL_NO_IMAGE_KHR)
		return eglGetError();
	must(eglDestroyImageKHR(dpy, img), "eglDestroyImageKHR");
	return EGL_SUCCESS;
}

static void EGLAPIENTRY on_debug(EGLenum error, const char *command,
				 EGLint type, EGLLabelKHR thread_label,
				 EGLLabelKHR object_label, const char *msg)
{
	(void)error, (void)command, (void)type, (void)thread_label;
	(void)object_label;
	snprintf(message, sizeof(message), "%s", msg ? msg : "");
}

static void want(EGLint got, EGLint expected, const char *what)
{
	if (got != expected)
		piglit_fail("%s: EGL error 0x%x, want 0x%x", what, got,
			    expected);
}

/* The import is refused by the layer, with a message saying @why (the
 * driver would refuse it too, with EGL_BAD_MATCH and its own words). */
static void want_refused(EGLDisplay dpy, uint32_t fourcc, uint64_t modifier,
			 const char *why, const char *what)
{
	message[0] = '\0';
	want(try_import(dpy, fourcc, modifier), EGL_BAD_MATCH, what);
	if (!strstr(message, why))
		piglit_fail("%s: refused as \"%s\", not by the layer's "
			    "\"%s\"",
			    what, message, why);
}

/* Does @dpy's driver list @modifier for @fourcc? */
static bool lists_modifier(EGLDisplay dpy, uint32_t fourcc, uint64_t modifier)
{
	EGLuint64KHR mods[64];
	EGLint n = 0;

	if (!eglQueryDmaBufModifiersEXT(dpy, (EGLint)fourcc, 64, mods, NULL,
					&n))
		return false;
	for (EGLint i = 0; i < n; i++) {
		if (mods[i] == modifier)
			return true;
	}
	return false;
}

/* A format sharedbuf knows, fits buf, and @l does not list; 0 if none. */
static uint32_t unlisted(const struct lists *l, const struct lists *other)
{
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]);
	     i++) {
		uint32_t f = candidates[i], cpp = sharedbuf_format_cpp(f);

		if (cpp && cpp <= 4 && !listed(l, f) &&
		    (!other || listed(other, f)))
			return f;
	}
	return 0;
}

/* What the software device's display must do, with its lists @l. */
static void checks(EGLDisplay dpy, const struct lists *l, const char *when)
{
	char what[128];
	uint32_t f = unlisted(l, NULL);

	snprintf(what, sizeof(what), "%s: listed XRGB8888", when);
	want(try_import(dpy, DRM_FORMAT_XRGB8888, DRM_FORMAT_MOD_INVALID),
	     EGL_SUCCESS, what);
	/* LINEAR passes the layer unasked, as in Mesa (image_import.c) */
	snprintf(what, sizeof(what), "%s: XRGB8888, LINEAR", when);
	want(try_import(dpy, DRM_FORMAT_XRGB8888, DRM_FORMAT_MOD_LINEAR),
	     EGL_SUCCESS, what);
	snprintf(what, sizeof(what), "%s: XRGB8888, unlisted Y_TILED", when);
	must(!lists_modifier(dpy, DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_Y_TILED),
	     "a software driver lists Y_TILED");
	want_refused(dpy, DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_Y_TILED,
		     "lists no modifier", what);
	snprintf(what, sizeof(what), "%s: unknown fourcc", when);
	want_refused(dpy, fourcc_code('N', 'O', 'P', 'E'),
		     DRM_FORMAT_MOD_INVALID, "lists no format", what);
	if (f) {
		snprintf(what, sizeof(what), "%s: unlisted %.4s", when,
			 (const char *)&f);
		printf("%s\n", what);
		want_refused(dpy, f, DRM_FORMAT_MOD_INVALID, "lists no format",
			     what);
	}
}

static void reinit(void)
{
	struct lists l;
	uint64_t base;
	char why[256];

	must(lists(egl.dpy, &l), "no eglQueryDmaBufFormatsEXT");
	must(listed(&l, DRM_FORMAT_XRGB8888), "the driver lists no XRGB8888");
	base = asked();
	checks(egl.dpy, &l, "first");
	if (asked() != base + 1)
		piglit_fail("first imports asked the driver %llu times, not 1",
			    (unsigned long long)(asked() - base));
	checks(egl.dpy, &l, "again");
	must(asked() == base + 1, "a later import asked the driver again");

	sb_test_egl_finish(&egl);
	must(asked() == base + 1, "eglTerminate asked the driver");
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("re-initialise: %s", why);
	must(lists(egl.dpy, &l), "no eglQueryDmaBufFormatsEXT after re-init");
	checks(egl.dpy, &l, "re-initialised");
	if (asked() != base + 2)
		piglit_fail("after re-init the driver was asked %llu times, "
			    "not once more",
			    (unsigned long long)(asked() - base - 1));
	printf("reinit: asked once per initialisation\n");
}

static void two_displays(void)
{
	EGLDisplay b;
	struct lists la, lb;
	uint32_t only_b, only_a;
	uint64_t base;

	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY,
				     "EGL_MESA_platform_surfaceless"))
		piglit_skip("no EGL_MESA_platform_surfaceless");
	b = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA,
				     EGL_DEFAULT_DISPLAY, NULL);
	if (b == EGL_NO_DISPLAY || b == egl.dpy ||
	    !eglInitialize(b, NULL, NULL))
		piglit_skip("no second (surfaceless) display");
	must(lists(egl.dpy, &la), "no eglQueryDmaBufFormatsEXT");
	if (!lists(b, &lb))
		piglit_skip("the surfaceless display lists no formats");
	only_b = unlisted(&la, &lb);
	only_a = unlisted(&lb, &la);
	printf("formats: device %d, surfaceless %d; only on one: %.4s %.4s\n",
	       la.n, lb.n, only_a ? (const char *)&only_a : "-",
	       only_b ? (const char *)&only_b : "-");

	base = asked();
	/* Refusals only on the surfaceless display: its driver (kms_swrast
	 * on vgem) is not asked to import udmabufs. */
	want_refused(b, fourcc_code('N', 'O', 'P', 'E'), DRM_FORMAT_MOD_INVALID,
		     "lists no format", "surfaceless: unknown fourcc");
	checks(egl.dpy, &la, "device after surfaceless");
	must(asked() == base + 2, "two displays did not ask once each");
	if (only_a)
		want_refused(b, only_a, DRM_FORMAT_MOD_INVALID,
			     "lists no format",
			     "surfaceless: a format only device lists");
	if (only_b)
		want_refused(egl.dpy, only_b, DRM_FORMAT_MOD_INVALID,
			     "lists no format",
			     "device: a format only surfaceless lists");
	checks(egl.dpy, &la, "device again");
	must(asked() == base + 2, "later imports asked again");

	must(eglTerminate(b), "eglTerminate(surfaceless)");
	checks(egl.dpy, &la, "device after surfaceless terminated");
	must(asked() == base + 2, "the other display's list was dropped");
	must(eglInitialize(b, NULL, NULL), "re-initialise surfaceless");
	want_refused(b, fourcc_code('N', 'O', 'P', 'E'), DRM_FORMAT_MOD_INVALID,
		     "lists no format",
		     "surfaceless re-initialised: unknown fourcc");
	must(asked() == base + 3, "re-initialised display did not ask again");
	if (only_a)
		want_refused(b, only_a, DRM_FORMAT_MOD_INVALID,
			     "lists no format",
			     "surfaceless re-initialised: device's");
	eglTerminate(b);
	printf("two-displays: one list each\n");
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	char why[256];
	enum sharedbuf_result r;

	if (strcmp(c, "reinit") != 0 && strcmp(c, "two-displays") != 0) {
		fprintf(stderr, "usage: %s reinit|two-displays\n", argv[0]);
		return 1;
	}
	if (!sb_test_exporter_present(SHAREDBUF_EXPORTER_UDMABUF, why,
				      sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&egl, why, sizeof(why))) {
		sb_test_egl_finish(&egl);
		piglit_skip("%s", why);
	}
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_debug") ||
	    eglDebugMessageControlKHR(on_debug, NULL) != EGL_SUCCESS)
		piglit_fail("no EGL_KHR_debug callback");
	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_XRGB8888, &buf);
	if (r != SHAREDBUF_OK)
		piglit_fail("allocate: %s", sharedbuf_result_str(r));
	if (strcmp(c, "reinit") == 0)
		reinit();
	else
		two_displays();
	sharedbuf_buffer_finish(&buf);
	sb_test_egl_finish(&egl);
	piglit_report_result(PIGLIT_PASS);
}

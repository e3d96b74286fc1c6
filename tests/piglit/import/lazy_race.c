/* SPDX-License-Identifier: MIT */
/*
 * import-lazy's subtests of the fd-less record's edges (see lazy.c):
 *
 *   race    threads make image syncs of one fd-less image at once, its
 *           app fd closed: each gets the driver's export, one publishes
 *           it, the others close theirs (image_fds.c). Every sync works,
 *           the layer holds one fd for the image, and none leaks.
 *   reinit  eglTerminate forgets what the probe found: after
 *           eglInitialize, the first import of a fourcc dups again (the
 *           probe), the next holds nothing.
 *   many-formats  (import-lazy vgem many) more fourccs than the layer
 *           keeps verdicts for (16): imported twice each, the second
 *           round asks the driver for no export at all, the fourccs past
 *           the table included (they keep dups unprobed).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "lazy.h" /* egl_env.h first: epoxy replaces EGL/egl.h */
#include "check.h"

#define THREADS	      4
#define VERDICTS_KEPT 16 /* SB_CAPS_REEXPORT_SLOTS */
#define ROUNDS	      16

struct racer {
	pthread_barrier_t *start;
	EGLImage image;
	bool ok;
};

static void *race_one(void *arg)
{
	struct racer *r = arg;
	EGLSync s;

	pthread_barrier_wait(r->start);
	s = lz.image_sync(lz.egl.dpy, r->image, EGL_READ_BIT_SHAREDBUF, NULL);
	r->ok = s != EGL_NO_SYNC &&
		eglClientWaitSync(lz.egl.dpy, s, 0, 0) ==
			EGL_CONDITION_SATISFIED &&
		eglDestroySync(lz.egl.dpy, s);
	eglReleaseThread();
	return NULL;
}

/* One round: THREADS syncs of a new image at once; false on a failure. */
static bool race_round(int round)
{
	struct lazy_img m = LAZY_IMG_INIT;
	struct racer r[THREADS];
	pthread_t t[THREADS];
	pthread_barrier_t start;
	uint64_t h0, h1, h2;
	bool ok = true;

	if (!expect(lazy_img_new(&m, DRM_FORMAT_XRGB8888),
		    "round %d: import: EGL error 0x%x", round, eglGetError()))
		return false;
	lazy_close_fd(&m);
	h0 = lazy_stats().fds_held;
	pthread_barrier_init(&start, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) {
		r[i] = (struct racer){&start, m.image, false};
		pthread_create(&t[i], NULL, race_one, &r[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		ok = expect(r[i].ok, "round %d: thread %d's image sync failed",
			    round, i) &&
		     ok;
	}
	pthread_barrier_destroy(&start);
	h1 = lazy_stats().fds_held;
	lazy_img_drop(&m);
	h2 = lazy_stats().fds_held;
	/* an fd-less image gains one fd (the winner's); one that dups
	 * holds its own and gains none */
	ok = expect(h1 - h0 == (lz.reexports_xrgb == 1 ? 1u : 0u),
		    "round %d: the syncs added %llu fds held, want %d", round,
		    (unsigned long long)(h1 - h0), lz.reexports_xrgb == 1) &&
	     ok;
	return expect(h1 - h2 == 1,
		      "round %d: the destroy freed %lld fds, "
		      "want 1",
		      round, (long long)(h1 - h2)) &&
	       ok;
}

enum piglit_result lazy_race(void)
{
	int f = sb_check_failures(), fds0 = piglit_count_fds();

	for (int i = 0; i < ROUNDS && sb_check_failures() == f; i++)
		race_round(i);
	expect(piglit_count_fds() == fds0,
	       "the races leaked %d fds (the losers' exports)",
	       piglit_count_fds() - fds0);
	return sb_check_failures() == f ? PIGLIT_PASS : PIGLIT_FAIL;
}

/* What importing a new XRGB8888 image added to fds_held, or -1. */
static long import_held(struct lazy_img *m)
{
	uint64_t h0 = lazy_stats().fds_held;

	if (!expect(lazy_img_new(m, DRM_FORMAT_XRGB8888),
		    "import: EGL error 0x%x", eglGetError()))
		return -1;
	return (long)(lazy_stats().fds_held - h0);
}

enum piglit_result lazy_reinit(void)
{
	struct lazy_img first = LAZY_IMG_INIT, second = LAZY_IMG_INIT;
	int f = sb_check_failures();
	EGLint major, minor;
	long a, b;

	/* a terminated display's current context lives on: drop it first */
	eglMakeCurrent(lz.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	eglDestroyContext(lz.egl.dpy, lz.egl.ctx);
	lz.egl.ctx = EGL_NO_CONTEXT;
	if (!expect(eglTerminate(lz.egl.dpy) &&
			    eglInitialize(lz.egl.dpy, &major, &minor),
		    "terminate and initialise: EGL error 0x%x", eglGetError()))
		return PIGLIT_FAIL;
	a = import_held(&first);
	b = import_held(&second);
	printf("after eglInitialize: the first import holds %ld fds, the "
	       "second %ld\n",
	       a, b);
	expect(a == 1,
	       "the first import after eglInitialize holds %ld fds, "
	       "want 1 (the probe's dup)",
	       a);
	expect(b == (lz.reexports_xrgb == 1 ? 0 : 1),
	       "the second import holds %ld fds, want %d", b,
	       lz.reexports_xrgb == 1 ? 0 : 1);
	lazy_img_drop(&first);
	lazy_img_drop(&second);
	return sb_check_failures() == f ? PIGLIT_PASS : PIGLIT_FAIL;
}

/* Single-plane formats of at most 4 bytes per pixel: a 64x64 vgem buffer
 * of XRGB8888's pitch holds each. */
static const uint32_t many[] = {
	DRM_FORMAT_XRGB8888,	DRM_FORMAT_ARGB8888,	DRM_FORMAT_XBGR8888,
	DRM_FORMAT_ABGR8888,	DRM_FORMAT_RGBX8888,	DRM_FORMAT_RGBA8888,
	DRM_FORMAT_BGRX8888,	DRM_FORMAT_BGRA8888,	DRM_FORMAT_RGB565,
	DRM_FORMAT_BGR565,	DRM_FORMAT_R8,		DRM_FORMAT_GR88,
	DRM_FORMAT_RG88,	DRM_FORMAT_R16,		DRM_FORMAT_XRGB2101010,
	DRM_FORMAT_ARGB2101010, DRM_FORMAT_XBGR2101010, DRM_FORMAT_ABGR2101010,
	DRM_FORMAT_RGB888,	DRM_FORMAT_BGR888,	DRM_FORMAT_GR1616,
	DRM_FORMAT_RG1616,	DRM_FORMAT_XRGB4444,	DRM_FORMAT_ARGB4444,
	DRM_FORMAT_XBGR4444,	DRM_FORMAT_ABGR4444,	DRM_FORMAT_RGBX4444,
	DRM_FORMAT_RGBA4444,	DRM_FORMAT_BGRX4444,	DRM_FORMAT_BGRA4444,
	DRM_FORMAT_XRGB1555,	DRM_FORMAT_ARGB1555,	DRM_FORMAT_XBGR1555,
	DRM_FORMAT_ABGR1555,	DRM_FORMAT_RGBX5551,	DRM_FORMAT_RGBA5551,
	DRM_FORMAT_BGRX5551,	DRM_FORMAT_BGRA5551,	DRM_FORMAT_RGB332,
	DRM_FORMAT_BGR233,	DRM_FORMAT_YUYV,	DRM_FORMAT_YVYU,
	DRM_FORMAT_UYVY,	DRM_FORMAT_VYUY,	DRM_FORMAT_AYUV,
	DRM_FORMAT_XYUV8888,
};

#define NUM_MANY (sizeof(many) / sizeof(many[0]))

/* Imports and destroys one image of each format in @ok. In the first
 * round (@drop_failed) a format the driver does not import leaves @ok;
 * after it, a failed import fails the test. */
static bool import_each(bool *ok, bool drop_failed)
{
	for (size_t i = 0; i < NUM_MANY; i++) {
		struct lazy_img m = LAZY_IMG_INIT;
		bool imported;

		if (!ok[i])
			continue;
		imported = lazy_img_new(&m, many[i]);
		lazy_img_drop(&m);
		if (drop_failed)
			ok[i] = imported;
		else if (!expect(imported, "import %.4s again",
				 (const char *)&many[i]))
			return false;
	}
	return true;
}

/* How many of @ok are set. */
static int count(const bool *ok)
{
	int n = 0;

	for (size_t i = 0; i < NUM_MANY; i++)
		n += ok[i];
	return n;
}

enum piglit_result lazy_many_formats(void)
{
	const char *vendor = getenv("SHAREDBUF_NEXT_VENDOR");
	void *h = vendor ? dlopen(vendor, RTLD_NOW | RTLD_NOLOAD) : NULL;
	const int *made = h ? dlsym(h, "sb_test_exports_made") : NULL;
	bool ok[NUM_MANY];
	int before;

	if (!made)
		piglit_skip(
			"needs import-unknown-vendor.so as the next vendor");
	for (size_t i = 0; i < NUM_MANY; i++)
		ok[i] = sb_test_driver_has_format(lz.egl.dpy, many[i]);
	import_each(ok, true); /* the probes */
	if (count(ok) <= VERDICTS_KEPT)
		piglit_skip("the driver imports %d of these formats, want "
			    "more than %d",
			    count(ok), VERDICTS_KEPT);
	before = *made;
	if (!import_each(ok, false))
		return PIGLIT_FAIL;
	printf("%d formats; the second round asked the driver for %d "
	       "exports\n",
	       count(ok), *made - before);
	return expect(*made == before,
		      "the second round of imports asked the driver for %d "
		      "exports, want 0",
		      *made - before)
		       ? PIGLIT_PASS
		       : PIGLIT_FAIL;
}

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
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "lazy.h" /* egl_env.h first: epoxy replaces EGL/egl.h */
#include "check.h"

#define THREADS 4
#define ROUNDS	16

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

/* SPDX-License-Identifier: MIT */
/*
 * import-fd-limit: imports at RLIMIT_NOFILE. The layer keeps a dup of
 * every plane fd of a live dma-buf image (README "Benchmarks", the image
 * registry), so a process near its fd limit runs out sooner than on bare
 * Mesa. What it must get then:
 *
 * specs/SHAREDBUF_strict_dma_buf_import.txt:
 *   "If sharedbuf cannot duplicate a plane's fd (EMFILE, ENFILE) or
 *    record the image (out of memory), EGL_BAD_ALLOC is generated [...]"
 *
 * With the soft limit lowered to leave SLACK free fds, one udmabuf is
 * imported again and again until an import fails: it must fail with
 * EGL_BAD_ALLOC and leave no fd behind, earlier images must stay live,
 * destroying them all must bring the fd count and the layer's registry
 * back to where they were, and imports must work again after.
 *
 * usage: import-fd-limit layer|bare   (bare: no layer checks, and no
 * failure expected: Mesa 25's llvmpipe holds no fd per image, it dups the
 * fd, maps it and closes the dup; run it with
 * __EGL_VENDOR_LIBRARY_FILENAMES=$SHAREDBUF_MESA_JSON)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <drm_fourcc.h>

#include "egl_env.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W     64
#define H     64
#define SLACK 40
#define MAX   4096 /* far above what SLACK fds allow */

static struct sb_test_egl egl;
static bool layer;

/* Open fds below @limit, counted without opening one (at the limit,
 * /proc/self/fd cannot be opened). */
static int open_fds(int limit)
{
	int n = 0;

	for (int fd = 0; fd < limit; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

static int top_fd(void)
{
	int top = 0;

	for (int fd = 0; fd < 65536; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			top = fd;
	return top;
}

static void stats(struct sharedbuf_layer_stats *s)
{
	memset(s, 0, sizeof(*s));
	if (layer && !sb_test_layer_stats(s))
		piglit_fail("the layer is not in the EGL call path");
}

static EGLImage import(const struct sharedbuf_buffer *b)
{
	return sb_test_import(egl.dpy, b->fd, DRM_FORMAT_XRGB8888, W, H, 0,
			      b->pitch);
}

int main(int argc, char **argv)
{
	static EGLImage live[MAX];
	struct sharedbuf_layer_stats s0, s1, s2;
	struct sharedbuf_buffer b;
	struct rlimit old, lim;
	int n = 0, live_n, base, at_fail, limit, after;
	EGLint err = EGL_SUCCESS, err2;
	EGLImage again;
	char why[256];
	bool ok = true;

	if (argc != 2 ||
	    (strcmp(argv[1], "layer") != 0 && strcmp(argv[1], "bare") != 0)) {
		fprintf(stderr, "usage: %s layer|bare\n", argv[0]);
		return 2;
	}
	layer = strcmp(argv[1], "layer") == 0;
	if (!sb_test_exporter_present(SHAREDBUF_EXPORTER_UDMABUF, why,
				      sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_XRGB8888, &b) != SHAREDBUF_OK)
		piglit_fail("udmabuf allocation failed");
	/* What the driver opens once (JIT memory, the first import's
	 * state) is open before counting. */
	if (!sb_test_warm_up())
		piglit_fail("warm-up draw failed");
	again = import(&b);
	if (again == EGL_NO_IMAGE || !eglDestroyImageKHR(egl.dpy, again))
		piglit_fail("first import: EGL error 0x%x", eglGetError());

	if (getrlimit(RLIMIT_NOFILE, &old) != 0)
		piglit_fail("getrlimit: %m");
	limit = top_fd() + 1 + SLACK;
	lim = old;
	lim.rlim_cur = (rlim_t)limit;
	if (setrlimit(RLIMIT_NOFILE, &lim) != 0)
		piglit_fail("setrlimit: %m");
	base = open_fds(limit);
	stats(&s0);

	while (n < MAX) {
		int before = open_fds(limit);

		live[n] = import(&b);
		if (live[n] == EGL_NO_IMAGE) {
			err = eglGetError();
			at_fail = open_fds(limit);
			if (at_fail != before) {
				printf("FAIL: the failed import left %d fds\n",
				       at_fail - before);
				ok = false;
			}
			break;
		}
		n++;
	}
	after = open_fds(limit);
	stats(&s1);
	printf("%s: %d live images with %d free fds, %.2f fds per image; "
	       "the next import failed with EGL error 0x%04x\n",
	       layer ? "layer" : "bare", n, limit - base,
	       n ? (double)(after - base) / n : 0.0, (unsigned)err);
	live_n = n;
	/* The failure is no one-off: the next try fails alike. */
	again = import(&b);
	err2 = eglGetError();
	if (again != EGL_NO_IMAGE)
		eglDestroyImageKHR(egl.dpy, again);

	while (n > 0)
		if (!eglDestroyImageKHR(egl.dpy, live[--n]))
			piglit_fail("destroy: EGL error 0x%x", eglGetError());
	/* Mesa lets go of an image's memory lazily, at the next draw. */
	if (!sb_test_warm_up())
		piglit_fail("draw after destroy failed");
	after = open_fds(limit);
	stats(&s2);
	printf("after destroying all: %d fds open, %d before\n", after, base);

	/* Freed fds make imports work again, at the same limit. */
	again = import(&b);
	if (again == EGL_NO_IMAGE) {
		printf("FAIL: import after freeing: EGL error 0x%x\n",
		       eglGetError());
		ok = false;
	} else if (!eglDestroyImageKHR(egl.dpy, again)) {
		piglit_fail("destroy: EGL error 0x%x", eglGetError());
	}
	setrlimit(RLIMIT_NOFILE, &old);

	/* Bare Mesa 25's llvmpipe keeps no fd per image: it may not fail */
	if (layer && (err == EGL_SUCCESS || live_n == 0)) {
		printf("FAIL: %d imports before the limit\n", live_n);
		ok = false;
	}
	if (after != base) {
		printf("FAIL: %d fds leaked\n", after - base);
		ok = false;
	}
	if (layer) {
		if (err != EGL_BAD_ALLOC || err2 != EGL_BAD_ALLOC) {
			printf("FAIL: out of fds gave 0x%x, then 0x%x; "
			       "want EGL_BAD_ALLOC\n",
			       (unsigned)err, (unsigned)err2);
			ok = false;
		}
		/* one record, one fd each: the failed import left none */
		if (s1.images_recorded != s0.images_recorded + live_n ||
		    s1.fds_held != s0.fds_held + live_n) {
			printf("FAIL: the registry holds %llu records and "
			       "%llu fds for %d live images\n",
			       (unsigned long long)(s1.images_recorded -
						    s0.images_recorded),
			       (unsigned long long)(s1.fds_held - s0.fds_held),
			       live_n);
			ok = false;
		}
		if (s2.images_recorded != s0.images_recorded ||
		    s2.fds_held != s0.fds_held) {
			printf("FAIL: records left after destroying all\n");
			ok = false;
		}
	}
	sharedbuf_buffer_finish(&b);
	sb_test_egl_finish(&egl);
	if (!ok)
		piglit_fail("see above");
	piglit_report_result(PIGLIT_PASS);
}

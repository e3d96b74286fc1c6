/* SPDX-License-Identifier: MIT */
/*
 * sync-threads: the application's own syncs in one thread while layer
 * syncs are made, waited on and destroyed in another.
 *
 * specs/EGL_SHAREDBUF_image_fence.txt:
 *   "eglClientWaitSync, eglGetSyncAttrib and eglDestroySync (and their
 *    KHR forms) behave as for any sync."
 * README.md, Benchmarks: the application's own syncs take no lock of the
 * layer and never wait for a layer sync's call.
 *
 * Cases (each on EXPORTER's buffer, layer thread with no context):
 *   blocked  a layer thread blocks in eglClientWaitSync on a pending vgem
 *            fence; the main thread's fence syncs (create, client wait,
 *            server wait, attribs, destroy) all complete meanwhile; the
 *            fence signals and the layer wait returns satisfied
 *   churn    both threads loop at once: the main thread's fence syncs,
 *            the other's image syncs (create, wait, attribs, dup, server
 *            wait on the CPU, destroy, the stale handle refused); every
 *            answer right, no layer sync or fd left
 *
 * usage: sync-threads EXPORTER CASE [ROUNDS]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"
#include "vgem.h"

#define W 32
#define H 32

/* glvnd's functions, not epoxy's: epoxy resolves by the current display,
 * and the layer thread has none. */
static struct {
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_image_sync;
	PFNEGLCREATESYNCPROC create;
	PFNEGLCLIENTWAITSYNCPROC client_wait;
	PFNEGLWAITSYNCPROC wait;
	PFNEGLGETSYNCATTRIBPROC get_attrib;
	PFNEGLGETSYNCATTRIBKHRPROC get_attrib_khr;
	PFNEGLDESTROYSYNCPROC destroy;
	PFNEGLDUPNATIVEFENCEFDANDROIDPROC dup_fd;
	PFNEGLGETERRORPROC get_error;
} f;

static struct {
	struct sb_test_egl egl;
	enum sharedbuf_exporter exp;
	struct sharedbuf_buffer buf;
	EGLImage image;
	long rounds;
	atomic_bool stop;	/* churn: the main thread is done */
	atomic_bool in_wait;	/* blocked: the layer thread is about to wait */
	atomic_bool wait_over;	/* blocked: its wait returned */
	atomic_long layer_bad;	/* wrong answers on the layer thread */
	atomic_long layer_done; /* its rounds */
	char layer_why[160];
} t;

static void layer_failed(const char *what)
{
	if (atomic_fetch_add(&t.layer_bad, 1) == 0)
		snprintf(t.layer_why, sizeof(t.layer_why), "%s (0x%x)", what,
			 f.get_error());
}

/* One round of the application's own fence sync, context current. */
static bool app_round(void)
{
	EGLDisplay dpy = t.egl.dpy;
	EGLSync s = f.create(dpy, EGL_SYNC_FENCE, NULL);
	EGLAttrib type = 0;
	EGLint status = 0;
	bool ok;

	if (!expect(s != EGL_NO_SYNC, "eglCreateSync: 0x%x", f.get_error()))
		return false;
	ok = expect(f.client_wait(dpy, s, EGL_SYNC_FLUSH_COMMANDS_BIT,
				  EGL_FOREVER) == EGL_CONDITION_SATISFIED,
		    "app client wait: 0x%x", f.get_error());
	ok = ok &&
	     expect(f.wait(dpy, s, 0), "app server wait: 0x%x", f.get_error());
	ok = ok && expect(f.get_attrib(dpy, s, EGL_SYNC_TYPE, &type) &&
				  type == EGL_SYNC_FENCE,
			  "app sync type 0x%lx", (long)type);
	ok = ok && expect(f.get_attrib_khr(dpy, s, EGL_SYNC_STATUS, &status) &&
				  status == EGL_SIGNALED,
			  "app sync status 0x%x", status);
	ok = expect(f.destroy(dpy, s), "app destroy: 0x%x", f.get_error()) &&
	     ok;
	return ok;
}

/* One round of a layer sync: no context on this thread. */
static void layer_round(void)
{
	EGLDisplay dpy = t.egl.dpy;
	EGLSync s =
		f.create_image_sync(dpy, t.image, EGL_READ_BIT_SHAREDBUF, NULL);
	EGLAttrib type = 0;
	int fd;

	if (s == EGL_NO_SYNC)
		return layer_failed("eglCreateImageSyncSHAREDBUF");
	if (f.client_wait(dpy, s, 0, 0) != EGL_CONDITION_SATISFIED)
		layer_failed("layer client wait");
	if (!f.get_attrib(dpy, s, EGL_SYNC_TYPE, &type) ||
	    type != EGL_SYNC_NATIVE_FENCE_ANDROID)
		layer_failed("layer sync type");
	fd = f.dup_fd(dpy, s);
	if (fd < 0)
		layer_failed("eglDupNativeFenceFDANDROID");
	else
		close(fd);
	if (!f.wait(dpy, s, 0)) /* no context: waits on the CPU */
		layer_failed("layer server wait");
	if (!f.destroy(dpy, s))
		layer_failed("layer destroy");
	/* Only this thread makes layer syncs: the handle is not reused
	 * yet, so the driver sees it and refuses it. */
	if (f.client_wait(dpy, s, 0, 0) != EGL_FALSE ||
	    f.get_error() != EGL_BAD_PARAMETER)
		layer_failed("a destroyed layer sync was accepted");
}

static void *layer_thread(void *arg)
{
	(void)arg;
	while (!atomic_load(&t.stop) && atomic_load(&t.layer_done) < t.rounds) {
		layer_round();
		atomic_fetch_add(&t.layer_done, 1);
	}
	eglReleaseThread();
	return NULL;
}

static bool layer_clean(void)
{
	struct sharedbuf_layer_stats st = {0};

	if (!expect(sb_test_layer_stats(&st), "the layer is not loaded"))
		return false;
	return expect(st.layer_syncs == 0, "%llu layer syncs left",
		      (unsigned long long)st.layer_syncs);
}

static bool churn(void)
{
	pthread_t th;
	long app = 0;
	bool ok = true;

	atomic_store(&t.stop, false);
	atomic_store(&t.layer_done, 0);
	if (!expect(pthread_create(&th, NULL, layer_thread, NULL) == 0,
		    "thread"))
		return false;
	/* At least as many rounds as the layer thread, and on until it
	 * ends, so the two overlap all along. */
	while (ok && (app < t.rounds || atomic_load(&t.layer_done) < t.rounds))
		ok = app_round() && ++app;
	atomic_store(&t.stop, true);
	pthread_join(th, NULL);
	printf("  %ld app rounds, %ld layer rounds\n", app,
	       atomic_load(&t.layer_done));
	ok = expect(atomic_load(&t.layer_bad) == 0,
		    "%ld wrong answers on the layer thread, first: %s",
		    atomic_load(&t.layer_bad), t.layer_why) &&
	     ok;
	return layer_clean() && ok;
}

static void *blocked_thread(void *arg)
{
	EGLDisplay dpy = t.egl.dpy;
	EGLSync s =
		f.create_image_sync(dpy, t.image, EGL_READ_BIT_SHAREDBUF, NULL);

	(void)arg;
	if (s == EGL_NO_SYNC) {
		layer_failed("eglCreateImageSyncSHAREDBUF");
	} else {
		atomic_store(&t.in_wait, true);
		if (f.client_wait(dpy, s, 0, EGL_FOREVER) !=
		    EGL_CONDITION_SATISFIED)
			layer_failed("layer wait on the fence");
		f.destroy(dpy, s);
	}
	atomic_store(&t.wait_over, true);
	eglReleaseThread();
	return NULL;
}

static bool blocked(void)
{
	const struct timespec tick = {0, 10 * 1000 * 1000};
	int vgem = sb_test_vgem_open();
	uint32_t fence;
	pthread_t th;
	bool ok = true;
	long n = 0;

	if (vgem < 0)
		piglit_skip("no vgem: its fences stand in for a busy GPU");
	if (!expect(sb_test_vgem_fence_attach(vgem, t.buf.fd, true, &fence),
		    "vgem fence"))
		return false;
	if (!expect(pthread_create(&th, NULL, blocked_thread, NULL) == 0,
		    "thread"))
		return false;
	while (!atomic_load(&t.in_wait) && !atomic_load(&t.wait_over))
		nanosleep(&tick, NULL);
	nanosleep(&tick, NULL); /* into its poll() */
	/* The layer thread waits on its layer sync; the application's
	 * syncs go on. */
	for (; ok && n < t.rounds; n++)
		ok = app_round();
	ok = expect(!atomic_load(&t.wait_over),
		    "the layer wait returned before its fence signalled") &&
	     ok;
	sb_test_vgem_fence_signal(vgem, fence);
	pthread_join(th, NULL);
	sb_test_vgem_close(vgem);
	printf("  %ld app rounds while a layer sync was waited on\n", n);
	ok = expect(atomic_load(&t.layer_bad) == 0, "layer thread: %s",
		    t.layer_why) &&
	     ok;
	return layer_clean() && ok;
}

static const struct sb_test_case cases[] = {
	{"blocked", blocked},
	{"churn", churn},
};

#define PROC(field, name) (*(void **)&f.field = (void *)eglGetProcAddress(name))

int main(int argc, char **argv)
{
	char why[256];
	int exp, ran = 0, failed;

	exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	if (exp < 0 || argc < 3) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem CASE [ROUNDS]\n",
			argv[0]);
		return 2;
	}
	t.exp = (enum sharedbuf_exporter)exp;
	t.rounds = argc > 3 ? atol(argv[3]) : 1000;
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&t.egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!epoxy_has_egl_extension(t.egl.dpy, "EGL_SHAREDBUF_image_fence"))
		piglit_fail("EGL_SHAREDBUF_image_fence not advertised");
	if (!PROC(create_image_sync, "eglCreateImageSyncSHAREDBUF") ||
	    !PROC(create, "eglCreateSync") ||
	    !PROC(client_wait, "eglClientWaitSync") ||
	    !PROC(wait, "eglWaitSync") ||
	    !PROC(get_attrib, "eglGetSyncAttrib") ||
	    !PROC(get_attrib_khr, "eglGetSyncAttribKHR") ||
	    !PROC(destroy, "eglDestroySync") ||
	    !PROC(dup_fd, "eglDupNativeFenceFDANDROID") ||
	    !PROC(get_error, "eglGetError"))
		piglit_fail("an EGL sync function is missing");
	if (sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888, &t.buf) !=
	    SHAREDBUF_OK)
		piglit_fail("buffer");
	t.image = sb_test_import(t.egl.dpy, t.buf.fd, DRM_FORMAT_XRGB8888, W, H,
				 0, t.buf.pitch);
	if (t.image == EGL_NO_IMAGE)
		piglit_fail("import: 0x%x", eglGetError());
	failed = sb_test_run_cases(cases, sizeof(cases) / sizeof(cases[0]),
				   argv[2], &ran);
	eglDestroyImageKHR(t.egl.dpy, t.image);
	sharedbuf_buffer_finish(&t.buf);
	sb_test_egl_finish(&t.egl);
	if (failed || !ran)
		piglit_fail("%d of %d cases failed", failed, ran);
	piglit_report_result(PIGLIT_PASS);
}

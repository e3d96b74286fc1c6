/* SPDX-License-Identifier: MIT */
/*
 * trust-lifetime, the races: a waiter thread is inside a call, blocked on
 * a vgem fence (checked: /proc/self/task/TID/syscall shows it in poll()),
 * when the main thread destroys the image, terminates the display or
 * destroys the sync; then the fence signals.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt, "Lifetimes":
 *   "If another thread destroys <image> [...] while eglLockImageSHAREDBUF
 *    waits, the lock [...] fails with the error a call made after the
 *    destroy would get: EGL_BAD_PARAMETER after eglDestroyImage,
 *    EGL_NOT_INITIALIZED after eglTerminate."
 * specs/EGL_SHAREDBUF_image_fence.txt, "Lifetimes":
 *   "[...] the call completes on the buffers it started with, as if it
 *    had been made before the destroy."
 */
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "check.h"
#include "lifetime.h"
#include "vgem.h"

enum call { CALL_LOCK, CALL_ATTACH, CALL_QUIT };

static struct {
	pthread_t thread;
	atomic_int tid;
	pthread_barrier_t go, done;
	enum call call;
	EGLImage image;
	EGLSync sync;
	EGLBoolean ok;
	EGLint error;
} w;

static void *waiter(void *arg)
{
	(void)arg;
	atomic_store(&w.tid, (int)syscall(SYS_gettid));
	for (;;) {
		void *data = NULL;
		EGLint stride;

		pthread_barrier_wait(&w.go);
		if (w.call == CALL_QUIT)
			break;
		if (w.call == CALL_LOCK)
			w.ok = lt_lock(w.image, 0, EGL_WRITE_BIT_SHAREDBUF, -1,
				       60 * LT_NS, &data, &stride);
		else
			w.ok = t.attach_sync(t.egl.dpy, w.image, w.sync,
					     EGL_WRITE_BIT_SHAREDBUF);
		w.error = eglGetError();
		pthread_barrier_wait(&w.done);
	}
	eglReleaseThread();
	return NULL;
}

static bool waiter_start(void)
{
	pthread_barrier_init(&w.go, NULL, 2);
	pthread_barrier_init(&w.done, NULL, 2);
	return pthread_create(&w.thread, NULL, waiter, NULL) == 0;
}

static void waiter_stop(void)
{
	w.call = CALL_QUIT;
	pthread_barrier_wait(&w.go);
	pthread_join(w.thread, NULL);
	pthread_barrier_destroy(&w.go);
	pthread_barrier_destroy(&w.done);
}

/* Is the waiter blocked in poll() or ppoll()? */
static bool in_poll(void)
{
	char path[64];
	long nr = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall",
		 atomic_load(&w.tid));
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fscanf(f, "%ld", &nr) != 1)
		nr = -1;
	fclose(f);
	return nr == SYS_poll || nr == SYS_ppoll;
}

/* Starts @call on the waiter and returns once it waits in poll(). */
static bool start(enum call call, EGLImage image, EGLSync sync)
{
	int64_t until = sb_test_now_ns() + 30 * LT_NS;

	w.call = call;
	w.image = image;
	w.sync = sync;
	pthread_barrier_wait(&w.go);
	while (!in_poll()) {
		if (sb_test_now_ns() > until)
			return expect(false,
				      "the waiter never blocked in poll");
		usleep(100);
	}
	return true;
}

/* The waiter's result, once its call returned. */
static bool finish(EGLBoolean ok, EGLint error, const char *what)
{
	pthread_barrier_wait(&w.done);
	return expect(w.ok == ok && w.error == error,
		      "%s: got %d, error 0x%x; want %d, 0x%x", what, w.ok,
		      w.error, ok, error);
}

/* Each race: a buffer @m, the waiter thread, and the layer's counts
 * before, to compare at the end. False with nothing left on failure. */
static bool race_begin(struct lt_img *m, struct sharedbuf_layer_stats *before)
{
	sb_test_layer_stats(before);
	*m = (struct lt_img){.image = EGL_NO_IMAGE};
	if (!expect(sharedbuf_buffer_alloc(t.exp, LT_W, LT_H,
					   DRM_FORMAT_XRGB8888,
					   &m->buf) == SHAREDBUF_OK,
		    "allocate"))
		return false;
	if (expect(waiter_start(), "pthread_create"))
		return true;
	lt_img_finish(m);
	return false;
}

/* A repetition's image of @m's buffer, with a pending vgem fence on it. */
static bool import_fenced(struct lt_img *m, uint32_t *fence)
{
	return expect(lt_img_import(m), "import: 0x%x", eglGetError()) &&
	       expect(sb_test_vgem_fence_attach(t.vgem, m->buf.fd, true, fence),
		      "vgem fence: %m");
}

/* Ends what race_begin() started, after t.reps repetitions of @what
 * waiting; true if the layer holds what it held before. */
static bool race_end(struct lt_img *m, const char *what,
		     const struct sharedbuf_layer_stats *before)
{
	waiter_stop();
	lt_img_finish(m);
	printf("  %d repetitions, each with the %s waiting in poll()\n", t.reps,
	       what);
	return lt_layer_clean(before);
}

enum victim { DESTROY_IMAGE, TERMINATE };

/* Makes the context of t.egl current again, or forgets it (terminated). */
static bool context_back(bool terminated)
{
	if (terminated) {
		t.egl.ctx = EGL_NO_CONTEXT; /* eglTerminate deleted it */
		return true;
	}
	return expect(eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
				     t.egl.ctx),
		      "make the context current again: 0x%x", eglGetError());
}

static bool race_lock(enum victim v)
{
	struct sharedbuf_layer_stats before;
	struct lt_img m;
	bool ok;

	/* No context: eglTerminate must not meet a current one. */
	eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	if (!race_begin(&m, &before))
		return false;
	ok = true;
	for (int i = 0; i < t.reps && ok; i++) {
		uint32_t fence;

		ok = import_fenced(&m, &fence);
		if (!ok)
			break;
		ok = start(CALL_LOCK, m.image, EGL_NO_SYNC);
		if (v == DESTROY_IMAGE)
			ok = expect(eglDestroyImageKHR(t.egl.dpy, m.image),
				    "destroy: 0x%x", eglGetError()) &&
			     ok;
		else
			ok = expect(eglTerminate(t.egl.dpy), "terminate: 0x%x",
				    eglGetError()) &&
			     ok;
		m.image = EGL_NO_IMAGE;
		sb_test_vgem_fence_signal(t.vgem, fence);
		ok = finish(EGL_FALSE,
			    v == DESTROY_IMAGE ? EGL_BAD_PARAMETER
					       : EGL_NOT_INITIALIZED,
			    "lock") &&
		     ok;
		if (v == TERMINATE)
			ok = expect(eglInitialize(t.egl.dpy, NULL, NULL),
				    "eglInitialize again: 0x%x",
				    eglGetError()) &&
			     ok;
		if (!ok)
			printf("  repetition %d of %d\n", i + 1, t.reps);
	}
	if (!race_end(&m, "lock", &before))
		ok = false;
	return context_back(v == TERMINATE) && ok;
}

bool lt_destroy_during_lock(void)
{
	return race_lock(DESTROY_IMAGE);
}

bool lt_terminate_during_lock(void)
{
	return race_lock(TERMINATE);
}

/* With SHAREDBUF_FENCE_PATH=poll an image sync polls the dma-bufs: the
 * waiter's attach waits in poll() for it, holding the image, while the
 * main thread destroys the image and the sync. */
bool lt_destroy_during_image_sync(void)
{
	struct sharedbuf_layer_stats before;
	struct lt_img m;
	bool ok = true;

	if (!race_begin(&m, &before))
		return false;
	for (int i = 0; i < t.reps && ok; i++) {
		EGLAttrib type = 0;
		uint32_t fence;
		EGLSync sync;

		ok = import_fenced(&m, &fence);
		if (!ok)
			break;
		sync = t.create_sync(t.egl.dpy, m.image, EGL_READ_BIT_SHAREDBUF,
				     NULL);
		ok = expect(sync != EGL_NO_SYNC, "image sync: 0x%x",
			    eglGetError()) &&
		     expect(eglGetSyncAttrib(t.egl.dpy, sync, EGL_SYNC_TYPE,
					     &type) &&
				    type == EGL_SYNC_IMAGE_SHAREDBUF,
			    "not a poll-backed sync: SHAREDBUF_FENCE_PATH=poll "
			    "unset?");
		ok = ok && start(CALL_ATTACH, m.image, sync);
		ok = expect(eglDestroyImageKHR(t.egl.dpy, m.image),
			    "destroy image: 0x%x", eglGetError()) &&
		     ok;
		m.image = EGL_NO_IMAGE;
		ok = expect(sync == EGL_NO_SYNC ||
				    eglDestroySync(t.egl.dpy, sync),
			    "destroy sync: 0x%x", eglGetError()) &&
		     ok;
		sb_test_vgem_fence_signal(t.vgem, fence);
		if (sync != EGL_NO_SYNC && ok)
			ok = finish(EGL_TRUE, EGL_SUCCESS, "attach");
		if (!ok)
			printf("  repetition %d of %d\n", i + 1, t.reps);
	}
	return race_end(&m, "attach", &before) && ok;
}

/* fork-while-locked: a thread calls the layer without pause (CPU locks,
 * layer syncs, the stats: the registry's and the layer syncs' mutexes)
 * while the main thread forks; each child takes the same mutexes through
 * sharedbuf_layer_get_stats(). A mutex copied while held would hang the
 * child: it has 20 s. The child makes no EGL call: libglvnd's dispatch
 * takes mutexes of its own on every call (libEGL.so.1 1.6 has no fork
 * handlers for them), which are not the layer's to protect; nor does
 * any thread have a context current, so none is inside Mesa. */
#define HUNG 99

static atomic_bool stop;
static sharedbuf_layer_get_stats_fn get_stats;

static bool lock_unlock(EGLImage image, EGLAttrib usage)
{
	void *data;
	EGLint stride;

	return lt_lock(image, 0, usage, -1, -1, &data, &stride) &&
	       t.unlock(t.egl.dpy, image, 0, NULL);
}

static bool sync_cycle(EGLImage image)
{
	EGLSync sync =
		t.create_sync(t.egl.dpy, image, EGL_READ_BIT_SHAREDBUF, NULL);

	return sync != EGL_NO_SYNC &&
	       eglClientWaitSync(t.egl.dpy, sync, 0, 0) != EGL_FALSE &&
	       eglDestroySync(t.egl.dpy, sync);
}

static void *hammer(void *arg)
{
	EGLImage image = arg;
	struct sharedbuf_layer_stats s;
	long bad = 0;

	while (!atomic_load(&stop)) {
		bad += !lock_unlock(image, EGL_WRITE_BIT_SHAREDBUF);
		bad += !sync_cycle(image);
		get_stats(&s, sizeof(s));
	}
	eglReleaseThread();
	return (void *)bad;
}

/* A hung child says where (a diagnostic: not async-signal-safe). */
static void on_alarm(int sig)
{
	void *frames[64];
	int n = backtrace(frames, 64);

	(void)sig;
	backtrace_symbols_fd(frames, n, 2);
	_exit(HUNG);
}

static int child(void)
{
	struct sharedbuf_layer_stats s = {0};

	signal(SIGALRM, on_alarm);
	alarm(20);
	get_stats(&s, sizeof(s));
	return s.images_recorded >= 1 ? 0 : 3;
}

bool lt_fork_while_locked(void)
{
	struct lt_img a = {0};
	int hung = 0, failed = 0;
	pthread_t thread;
	void *bad = NULL;
	bool ok;

	void *layer = dlopen("libEGL_sharedbuf.so.0", RTLD_LAZY | RTLD_NOLOAD);

	get_stats = layer ? (sharedbuf_layer_get_stats_fn)dlsym(
				    layer, "sharedbuf_layer_get_stats")
			  : NULL;
	eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	ok = expect(get_stats, "the layer's stats function") &&
	     expect(lt_img_init(&a), "import") &&
	     expect(pthread_create(&thread, NULL, hammer, a.image) == 0,
		    "pthread_create");
	for (int i = 0; ok && i < t.reps; i++) {
		int status = 0;
		pid_t pid = fork();

		if (pid == 0)
			_exit(child());
		if (!expect(pid > 0, "fork: %m"))
			break;
		waitpid(pid, &status, 0);
		hung += WIFEXITED(status) && WEXITSTATUS(status) == HUNG;
		failed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	if (ok) {
		atomic_store(&stop, true);
		pthread_join(thread, &bad);
	}
	lt_img_finish(&a);
	if (layer)
		dlclose(layer);
	printf("  %d forks: %d children hung, %d failed\n", t.reps, hung,
	       failed);
	ok = expect(!bad, "the calling thread's calls failed %ld times",
		    (long)bad) &&
	     expect(!failed, "children failed") && ok;
	return context_back(false) && ok;
}

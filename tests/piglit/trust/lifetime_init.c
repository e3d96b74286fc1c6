/* SPDX-License-Identifier: MIT */
/*
 * trust-lifetime@init-terminate-race: two threads call eglInitialize and
 * eglTerminate on one display at once, again and again. Whatever order
 * the driver ran them in, once both have returned the layer's entry
 * points must treat the display as the driver does: initialised, or
 * EGL_NOT_INITIALIZED.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt, Errors:
 *   "If <dpy> is not initialized, EGL_FALSE is returned and
 *    EGL_NOT_INITIALIZED is generated."
 *
 * The driver's state is read through eglGetConfigs, which the layer does
 * not wrap (EGL_NOT_INITIALIZED from Mesa itself); the layer's through
 * eglLockImageSHAREDBUF with valid arguments and no image: past the
 * display checks it fails with EGL_BAD_PARAMETER. Each round starts from
 * the state the last one left, and each thread waits a varying few
 * microseconds after the common start, so either call may come first and
 * each may land in the other's window between its driver call and its
 * bookkeeping.
 */
#include <pthread.h>
#include <stdio.h>

#include "check.h"
#include "lifetime.h"

static struct {
	pthread_barrier_t go, done;
	int round, rounds;
	EGLBoolean ok;
} r;

/* Spins @us microseconds: a sleep would let the other thread far ahead. */
static void spin_us(int us)
{
	int64_t until = sb_test_now_ns() + us * 1000ll;

	while (sb_test_now_ns() < until)
		;
}

/* A few microseconds, changing with the round and the thread. */
static int delay_us(int round, int salt)
{
	return (int)(((unsigned)round * 2654435761u + (unsigned)salt) % 23u);
}

static void *terminator(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_barrier_wait(&r.go);
		if (r.round >= r.rounds)
			break;
		spin_us(delay_us(r.round, 7));
		r.ok = eglTerminate(t.egl.dpy);
		pthread_barrier_wait(&r.done);
	}
	eglReleaseThread();
	return NULL;
}

/* The driver's state: does eglGetConfigs work? */
static bool driver_initialised(bool *init)
{
	EGLint n = 0;

	if (eglGetConfigs(t.egl.dpy, NULL, 0, &n)) {
		*init = true;
		return true;
	}
	*init = false;
	return expect(eglGetError() == EGL_NOT_INITIALIZED,
		      "eglGetConfigs failed other than EGL_NOT_INITIALIZED");
}

/* The layer's state, through its lock entry point: true past the display
 * checks (EGL_BAD_PARAMETER: no such image). */
static bool layer_initialised(bool *init)
{
	void *data = NULL;
	EGLint stride = 0, err;

	if (lt_lock(EGL_NO_IMAGE, 0, EGL_READ_BIT_SHAREDBUF, -1, 0, &data,
		    &stride))
		return expect(false, "a lock of EGL_NO_IMAGE succeeded");
	err = eglGetError();
	*init = err == EGL_BAD_PARAMETER;
	return expect(err == EGL_BAD_PARAMETER || err == EGL_NOT_INITIALIZED,
		      "lock of EGL_NO_IMAGE: error 0x%x", err);
}

static bool in_step(int round, int *inits)
{
	bool driver = false, layer = false;

	if (!driver_initialised(&driver) || !layer_initialised(&layer))
		return false;
	*inits += driver;
	return expect(driver == layer,
		      "round %d: the driver's display is %sinitialised, the "
		      "layer's %s",
		      round, driver ? "" : "not ", layer ? "is" : "is not");
}

bool lt_init_terminate_race(void)
{
	struct sharedbuf_layer_stats before;
	pthread_t thread;
	int inits = 0;
	bool ok = true;

	/* No context: eglTerminate must not meet a current one. */
	eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	sb_test_layer_stats(&before);
	r.rounds = t.reps;
	r.round = 0;
	pthread_barrier_init(&r.go, NULL, 2);
	pthread_barrier_init(&r.done, NULL, 2);
	if (!expect(pthread_create(&thread, NULL, terminator, NULL) == 0,
		    "pthread_create"))
		return false;
	for (; r.round < r.rounds && ok; r.round++) {
		EGLBoolean init_ok;

		pthread_barrier_wait(&r.go);
		spin_us(delay_us(r.round, 11));
		init_ok = eglInitialize(t.egl.dpy, NULL, NULL);
		pthread_barrier_wait(&r.done);
		ok = expect(init_ok && r.ok, "round %d: init %d, terminate %d",
			    r.round, init_ok, r.ok) &&
		     in_step(r.round, &inits);
	}
	r.round = r.rounds;
	pthread_barrier_wait(&r.go);
	pthread_join(thread, NULL);
	pthread_barrier_destroy(&r.go);
	pthread_barrier_destroy(&r.done);
	printf("  %d races: the display was left initialised after %d\n",
	       t.reps, inits);
	/* Left initialised, for the set-up's eglTerminate. */
	ok = expect(eglInitialize(t.egl.dpy, NULL, NULL),
		    "eglInitialize after the races: 0x%x", eglGetError()) &&
	     ok;
	t.egl.ctx = EGL_NO_CONTEXT; /* an eglTerminate deleted it */
	return lt_layer_clean(&before) && ok;
}

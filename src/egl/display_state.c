/* SPDX-License-Identifier: MIT */
#include "display_state.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "display_caps.h"
#include "error.h"
#include "layer.h"

#define BUCKETS 64 /* a process has a handful of displays */

/* Never freed before unload: a lookup may hold one without a lock. */
struct record {
	struct record *_Atomic next;
	EGLDisplay dpy;
	/* Held across the driver's eglInitialize or eglTerminate of the
	 * display and the change of @initialised that follows it (see
	 * "One display's initialisation" below). Recursive: a callback the
	 * driver calls from inside may terminate the display again. */
	pthread_mutex_t serial;
	atomic_bool initialised;
	_Atomic(EGLLabelKHR) label;
	struct sb_display_caps_slot caps;
};

static struct record *_Atomic buckets[BUCKETS];
static pthread_mutex_t add_lock = PTHREAD_MUTEX_INITIALIZER;
static PFNEGLINITIALIZEPROC next_initialize;
static atomic_int counted = -1; /* next vendor has display_reference */

static struct record *_Atomic *bucket(EGLDisplay dpy)
{
	uintptr_t h = (uintptr_t)dpy;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return &buckets[(h >> 32) % BUCKETS];
}

static struct record *find(EGLDisplay dpy)
{
	struct record *r =
		atomic_load_explicit(bucket(dpy), memory_order_acquire);

	while (r && r->dpy != dpy)
		r = atomic_load_explicit(&r->next, memory_order_acquire);
	return r;
}

static bool serial_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;
	bool ok;

	if (pthread_mutexattr_init(&attr) != 0)
		return false;
	ok = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE) == 0 &&
	     pthread_mutex_init(m, &attr) == 0;
	pthread_mutexattr_destroy(&attr);
	return ok;
}

/* @dpy's record, made if missing; NULL only when out of memory. */
static struct record *get(EGLDisplay dpy)
{
	struct record *r = find(dpy);

	if (r)
		return r;
	pthread_mutex_lock(&add_lock);
	r = find(dpy);
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (r && !serial_init(&r->serial)) {
			free(r);
			r = NULL;
		}
		if (r) {
			struct record *_Atomic *b = bucket(dpy);

			r->dpy = dpy;
			atomic_init(&r->next, atomic_load(b));
			atomic_store_explicit(b, r, memory_order_release);
		}
	}
	pthread_mutex_unlock(&add_lock);
	return r;
}

bool sb_display_state_initialised(EGLDisplay dpy)
{
	struct record *r = find(dpy);

	return r && atomic_load(&r->initialised);
}

/* Does the next vendor count initialisations (EGL_KHR_display_reference)?
 * Asked once, of its client extensions. */
static bool refcounted(void)
{
	int v = atomic_load(&counted);

	if (v < 0) {
		PFNEGLQUERYSTRINGPROC qs =
			(PFNEGLQUERYSTRINGPROC)sb_layer_next_proc(
				"eglQueryString");
		const char *ext =
			qs ? qs(EGL_NO_DISPLAY, EGL_EXTENSIONS) : NULL;

		v = ext && strstr(ext, "EGL_KHR_display_reference") != NULL;
		atomic_store(&counted, v);
	}
	return v;
}

struct sb_display_caps_slot *sb_display_state_caps_initialised(EGLDisplay dpy)
{
	struct record *r = find(dpy);

	return r && atomic_load(&r->initialised) ? &r->caps : NULL;
}

struct sb_display_caps_slot *sb_display_state_caps(EGLDisplay dpy)
{
	struct record *r = find(dpy);

	return r ? &r->caps : NULL;
}

EGLLabelKHR sb_display_state_label(EGLDisplay dpy)
{
	struct record *r = find(dpy);

	return r ? atomic_load(&r->label) : NULL;
}

void sb_display_state_set_label(EGLDisplay dpy, EGLLabelKHR label)
{
	struct record *r = label ? get(dpy) : find(dpy);

	if (r)
		atomic_store(&r->label, label);
}

/*
 * One display's initialisation. The flag must say what the driver's state
 * is once eglInitialize and eglTerminate have returned, whatever threads
 * made them: it is set after the driver's call, so each call holds its
 * display's mutex across the driver's call and the flag's change. Without
 * it, two threads racing on one display could leave the flag saying the
 * opposite of the driver (one's driver call, then the other's driver call
 * and flag, then the first one's flag).
 *
 * Held across a driver call, which no other layer mutex is, and only
 * here: Mesa itself serialises eglInitialize and eglTerminate of one
 * display under that display's own lock (_eglLockDisplay, and the
 * TerminateLock taken for writing), so this mutex makes nobody wait who
 * would not have waited for the driver anyway, and calls on other
 * displays never meet it. No other layer mutex is held while taking it
 * and what runs under it takes only the leaf mutexes of the registry,
 * the layer syncs and the display caches (eglTerminate's forgetting), so
 * it is first in every order. No global lock is held across the driver.
 * Not in the pthread_atfork handlers (main.c): taking it there would make
 * fork() wait for a driver's initialisation, and a child forked while
 * another thread is in eglInitialize inherits Mesa's display lock held
 * too, so it cannot use the display either way.
 *
 * No record for the display (out of memory): eglInitialize fails with
 * EGL_BAD_ALLOC before the driver sees it (the layer would refuse every
 * later call on the display as not initialised); eglTerminate is passed
 * on unserialised, as there is no flag to keep in step.
 */
static EGLBoolean EGLAPIENTRY initialize(EGLDisplay dpy, EGLint *major,
					 EGLint *minor)
{
	struct record *r;
	EGLBoolean ok;

	sb_debug_begin("eglInitialize", dpy);
	r = get(dpy);
	if (!r) {
		sb_egl_fail(EGL_BAD_ALLOC,
			    "no memory for the display's record");
		return EGL_FALSE;
	}
	pthread_mutex_lock(&r->serial);
	ok = next_initialize(dpy, major, minor);
	if (ok) {
		refcounted(); /* learnt here, so eglTerminate asks nothing */
		atomic_store(&r->initialised, true);
	}
	pthread_mutex_unlock(&r->serial);
	return ok;
}

EGLBoolean sb_display_state_terminate(EGLDisplay dpy,
				      PFNEGLTERMINATEPROC next_terminate,
				      void (*forget)(EGLDisplay dpy))
{
	struct record *r = get(dpy);
	EGLBoolean ok;

	if (r)
		pthread_mutex_lock(&r->serial);
	ok = next_terminate(dpy);
	if (ok) {
		forget(dpy);
		if (r)
			sb_display_caps_drop(&r->caps);
		if (r && !refcounted())
			atomic_store(&r->initialised, false);
	}
	if (r)
		pthread_mutex_unlock(&r->serial);
	return ok;
}

/* glvnd may unload the layer (dlclose) before exit: free the records. */
__attribute__((destructor)) static void unload(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		struct record *r = atomic_exchange(&buckets[i], NULL);

		while (r) {
			struct record *next = atomic_load(&r->next);

			sb_display_caps_finish(&r->caps);
			pthread_mutex_destroy(&r->serial);
			free(r);
			r = next;
		}
	}
}

const struct sb_wrap sb_display_state_wraps[] = {
	{"eglInitialize", (void *)initialize, (void **)&next_initialize},
};
const size_t sb_display_state_wrap_count =
	sizeof(sb_display_state_wraps) / sizeof(sb_display_state_wraps[0]);

void sb_display_state_fork_prepare(void)
{
	pthread_mutex_lock(&add_lock);
}

void sb_display_state_fork_done(void)
{
	pthread_mutex_unlock(&add_lock);
}

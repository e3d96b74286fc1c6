/* SPDX-License-Identifier: MIT */
#include "display_state.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "error.h"
#include "layer.h"

#define BUCKETS 64 /* a process has a handful of displays */

/* Never freed before unload: a lookup may hold one without a lock. */
struct record {
	struct record *_Atomic next;
	EGLDisplay dpy;
	atomic_bool initialised;
	_Atomic(EGLLabelKHR) label;
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

void sb_display_state_terminated(EGLDisplay dpy)
{
	struct record *r = find(dpy);

	if (r && !refcounted())
		atomic_store(&r->initialised, false);
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

/* The flag is set after the driver's call returns, with no lock across
 * it: an application that initialises and terminates one display on two
 * threads at once may leave the flag out of step with the driver until its
 * next eglInitialize or eglTerminate. A layer call then raises
 * EGL_NOT_INITIALIZED on an initialised display, or passes this check on a
 * terminated one (where the image lookups refuse it). Serialising would
 * need a lock across eglTerminate's driver call too (image.c). */
static EGLBoolean EGLAPIENTRY initialize(EGLDisplay dpy, EGLint *major,
					 EGLint *minor)
{
	EGLBoolean ok;
	struct record *r;

	sb_debug_begin("eglInitialize", dpy);
	ok = next_initialize(dpy, major, minor);
	if (!ok)
		return ok;
	refcounted(); /* learnt here, so eglTerminate asks nothing */
	r = get(dpy);
	if (r) {
		atomic_store(&r->initialised, true);
		return ok;
	}
	/* Without a record the layer would refuse every later call on the
	 * display as not initialised: fail the call, with nothing changed
	 * (a first initialisation: a second one finds its record). */
	((PFNEGLTERMINATEPROC)sb_layer_next_proc("eglTerminate"))(dpy);
	sb_egl_fail(EGL_BAD_ALLOC, "no memory for the display's record");
	return EGL_FALSE;
}

/* glvnd may unload the layer (dlclose) before exit: free the records. */
__attribute__((destructor)) static void unload(void)
{
	for (size_t i = 0; i < BUCKETS; i++) {
		struct record *r = atomic_exchange(&buckets[i], NULL);

		while (r) {
			struct record *next = atomic_load(&r->next);

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

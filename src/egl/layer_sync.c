/* SPDX-License-Identifier: MIT */
#include "layer_sync.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <EGL/eglext.h>

#include "EGL/eglext_sharedbuf.h"
#include "debug.h"
#include "error.h"
#include "layer.h"
#include "log.h"
#include "sharedbuf/fence.h"

struct sb_sync {
	struct sb_sync *next;
	EGLDisplay dpy;
	unsigned refs;		    /* the list's, plus one per call using it */
	int fd;			    /* sync_file, ours; -1 when poll-backed */
	int dmabufs[SB_MAX_PLANES]; /* poll-backed: dups, ours */
	unsigned num_dmabufs;
	uint32_t access;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sb_sync *syncs;
static uint64_t live;

static PFNEGLCLIENTWAITSYNCPROC next_client_wait;
static PFNEGLCLIENTWAITSYNCKHRPROC next_client_wait_khr;
static PFNEGLWAITSYNCPROC next_wait;
static PFNEGLWAITSYNCKHRPROC next_wait_khr;
static PFNEGLGETSYNCATTRIBPROC next_get_attrib;
static PFNEGLGETSYNCATTRIBKHRPROC next_get_attrib_khr;
static PFNEGLDESTROYSYNCPROC next_destroy;
static PFNEGLDESTROYSYNCKHRPROC next_destroy_khr;
static PFNEGLDUPNATIVEFENCEFDANDROIDPROC next_dup_fd;
static PFNEGLSIGNALSYNCKHRPROC next_signal_khr;

static void free_sync(struct sb_sync *s)
{
	if (s->fd >= 0)
		close(s->fd);
	for (unsigned i = 0; i < s->num_dmabufs; i++)
		close(s->dmabufs[i]);
	free(s);
}

static EGLSync publish(struct sb_sync *s, EGLDisplay dpy)
{
	s->dpy = dpy;
	s->refs = 1;
	pthread_mutex_lock(&lock);
	s->next = syncs;
	syncs = s;
	live++;
	pthread_mutex_unlock(&lock);
	return (EGLSync)s;
}

EGLSync sb_layer_sync_from_fd(EGLDisplay dpy, int sync_fd)
{
	struct sb_sync *s = calloc(1, sizeof(*s));

	if (!s)
		return EGL_NO_SYNC;
	s->fd = sync_fd;
	return publish(s, dpy);
}

EGLSync sb_layer_sync_from_poll(EGLDisplay dpy, const struct sb_layout *l,
				uint32_t access)
{
	struct sb_sync *s = calloc(1, sizeof(*s));

	if (!s)
		return EGL_NO_SYNC;
	s->fd = -1;
	s->access = access;
	for (unsigned i = 0; i < l->num_planes; i++) {
		s->dmabufs[i] = fcntl(l->planes[i].fd, F_DUPFD_CLOEXEC, 0);
		if (s->dmabufs[i] < 0) {
			free_sync(s);
			return EGL_NO_SYNC;
		}
		s->num_dmabufs++;
	}
	return publish(s, dpy);
}

/* The live layer sync @sync of @dpy with a reference taken, or NULL. */
static struct sb_sync *get(EGLDisplay dpy, EGLSync sync)
{
	struct sb_sync *s;

	pthread_mutex_lock(&lock);
	for (s = syncs; s && (EGLSync)s != sync; s = s->next)
		;
	if (s && s->dpy == dpy)
		s->refs++;
	else
		s = NULL;
	pthread_mutex_unlock(&lock);
	return s;
}

static void put(struct sb_sync *s)
{
	bool last;

	pthread_mutex_lock(&lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		free_sync(s);
}

bool sb_layer_sync_is_ours(EGLDisplay dpy, EGLSync sync)
{
	struct sb_sync *s = get(dpy, sync);

	if (s)
		put(s);
	return s != NULL;
}

uint64_t sb_layer_sync_count(void)
{
	uint64_t n;

	pthread_mutex_lock(&lock);
	n = live;
	pthread_mutex_unlock(&lock);
	return n;
}

/* EGLTime (unsigned ns, EGL_FOREVER) to the fence API's int64 ns. */
static int64_t to_ns(EGLTime t)
{
	return t >= (EGLTime)INT64_MAX ? SHAREDBUF_FOREVER : (int64_t)t;
}

static enum sharedbuf_result wait_sync(const struct sb_sync *s, int64_t ns)
{
	enum sharedbuf_result r = SHAREDBUF_OK;

	if (s->fd >= 0)
		return sharedbuf_fence_wait(s->fd, ns);
	/* Poll-backed: each dma-buf in turn, each with the whole timeout
	 * (the planes of one image are nearly always one dma-buf). */
	for (unsigned i = 0; i < s->num_dmabufs && r == SHAREDBUF_OK; i++)
		r = sharedbuf_dmabuf_wait(s->dmabufs[i], s->access, ns);
	return r;
}

EGLint sb_layer_sync_wait(EGLDisplay dpy, EGLSync sync, EGLTime timeout)
{
	struct sb_sync *s = get(dpy, sync);
	enum sharedbuf_result r;

	if (!s) {
		sb_egl_fail(EGL_BAD_PARAMETER, "not a layer sync of dpy");
		return EGL_FALSE;
	}
	r = wait_sync(s, to_ns(timeout));
	put(s);
	if (r == SHAREDBUF_OK || r == SHAREDBUF_ERR_TIMEOUT) {
		sb_egl_ok();
		return r == SHAREDBUF_OK ? EGL_CONDITION_SATISFIED
					 : EGL_TIMEOUT_EXPIRED;
	}
	sb_log(SB_ERROR, "wait on layer sync: %s", sharedbuf_result_str(r));
	sb_egl_fail(EGL_BAD_ACCESS, "wait on layer sync failed");
	return EGL_FALSE;
}

int sb_layer_sync_dup_fd(EGLDisplay dpy, EGLSync sync)
{
	struct sb_sync *s = get(dpy, sync);
	int fd = -1;

	if (!s)
		return -1;
	if (s->fd >= 0)
		fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
	put(s);
	return fd;
}

/* Takes @sync out of the list; false if it is not a layer sync of dpy. */
static bool destroy(EGLDisplay dpy, EGLSync sync)
{
	struct sb_sync *s = NULL;

	pthread_mutex_lock(&lock);
	for (struct sb_sync **p = &syncs; *p; p = &(*p)->next) {
		if ((EGLSync)*p == sync && (*p)->dpy == dpy) {
			s = *p;
			*p = s->next;
			live--;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	if (s)
		put(s); /* the list's reference */
	return s != NULL;
}

static void forget(EGLDisplay dpy, bool all)
{
	for (;;) {
		EGLSync victim = EGL_NO_SYNC;
		EGLDisplay d = EGL_NO_DISPLAY;

		pthread_mutex_lock(&lock);
		for (struct sb_sync *s = syncs; s && !victim; s = s->next) {
			if (all || s->dpy == dpy) {
				victim = (EGLSync)s;
				d = s->dpy;
			}
		}
		pthread_mutex_unlock(&lock);
		if (!victim)
			return;
		destroy(d, victim);
	}
}

void sb_layer_sync_forget(EGLDisplay dpy)
{
	forget(dpy, false);
}

void sb_layer_sync_forget_all(void)
{
	forget(EGL_NO_DISPLAY, true);
}

static EGLBoolean fail(EGLint error)
{
	sb_egl_fail(error, "layer sync call");
	return EGL_FALSE;
}

/* "eglClientWaitSync blocks the calling thread until the specified sync
 * object is signaled, or until timeout nanoseconds have passed." */
static EGLint EGLAPIENTRY client_wait(EGLDisplay dpy, EGLSync sync,
				      EGLint flags, EGLTime timeout)
{
	sb_debug_begin("eglClientWaitSync", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_client_wait(dpy, sync, flags, timeout);
	return sb_layer_sync_wait(dpy, sync, timeout);
}

static EGLint EGLAPIENTRY client_wait_khr(EGLDisplay dpy, EGLSyncKHR sync,
					  EGLint flags, EGLTimeKHR timeout)
{
	sb_debug_begin("eglClientWaitSyncKHR", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_client_wait_khr(dpy, sync, flags, timeout);
	return sb_layer_sync_wait(dpy, sync, timeout);
}

/* A server wait on a layer sync is a CPU wait: the driver cannot wait on
 * a handle it did not make (documented in the spec). */
static EGLint server_wait(EGLDisplay dpy, EGLSync sync, EGLint flags)
{
	if (flags != 0)
		return fail(EGL_BAD_PARAMETER);
	return sb_layer_sync_wait(dpy, sync, EGL_FOREVER) ==
	       EGL_CONDITION_SATISFIED;
}

static EGLBoolean EGLAPIENTRY wait(EGLDisplay dpy, EGLSync sync, EGLint flags)
{
	sb_debug_begin("eglWaitSync", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_wait(dpy, sync, flags);
	return (EGLBoolean)server_wait(dpy, sync, flags);
}

static EGLint EGLAPIENTRY wait_khr(EGLDisplay dpy, EGLSyncKHR sync,
				   EGLint flags)
{
	sb_debug_begin("eglWaitSyncKHR", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_wait_khr(dpy, sync, flags);
	return server_wait(dpy, sync, flags);
}

static bool attrib(EGLDisplay dpy, EGLSync sync, EGLint name, EGLAttrib *out)
{
	struct sb_sync *s = get(dpy, sync);
	bool known = true;

	if (!s)
		return fail(EGL_BAD_PARAMETER);
	if (!out) {
		put(s);
		return fail(EGL_BAD_PARAMETER);
	}
	switch (name) {
	case EGL_SYNC_TYPE:
		*out = s->fd >= 0 ? EGL_SYNC_NATIVE_FENCE_ANDROID
				  : EGL_SYNC_IMAGE_SHAREDBUF;
		break;
	case EGL_SYNC_STATUS:
		*out = wait_sync(s, 0) == SHAREDBUF_OK ? EGL_SIGNALED
						       : EGL_UNSIGNALED;
		break;
	case EGL_SYNC_CONDITION:
		*out = EGL_SYNC_NATIVE_FENCE_SIGNALED_ANDROID;
		break;
	default:
		known = false;
	}
	put(s);
	if (!known)
		return fail(EGL_BAD_ATTRIBUTE);
	sb_egl_ok();
	return true;
}

static EGLBoolean EGLAPIENTRY get_attrib(EGLDisplay dpy, EGLSync sync,
					 EGLint name, EGLAttrib *value)
{
	sb_debug_begin("eglGetSyncAttrib", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_get_attrib(dpy, sync, name, value);
	return attrib(dpy, sync, name, value);
}

static EGLBoolean EGLAPIENTRY get_attrib_khr(EGLDisplay dpy, EGLSyncKHR sync,
					     EGLint name, EGLint *value)
{
	EGLAttrib v;

	sb_debug_begin("eglGetSyncAttribKHR", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_get_attrib_khr(dpy, sync, name, value);
	if (!value)
		return fail(EGL_BAD_PARAMETER);
	if (!attrib(dpy, sync, name, &v))
		return EGL_FALSE;
	*value = (EGLint)v;
	return EGL_TRUE;
}

static EGLBoolean EGLAPIENTRY destroy_sync(EGLDisplay dpy, EGLSync sync)
{
	sb_debug_begin("eglDestroySync", dpy);
	if (!destroy(dpy, sync))
		return next_destroy(dpy, sync);
	sb_egl_ok();
	return EGL_TRUE;
}

static EGLBoolean EGLAPIENTRY destroy_sync_khr(EGLDisplay dpy, EGLSyncKHR sync)
{
	sb_debug_begin("eglDestroySyncKHR", dpy);
	if (!destroy(dpy, sync))
		return next_destroy_khr(dpy, sync);
	sb_egl_ok();
	return EGL_TRUE;
}

static EGLint EGLAPIENTRY dup_fd(EGLDisplay dpy, EGLSyncKHR sync)
{
	int fd;

	sb_debug_begin("eglDupNativeFenceFDANDROID", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_dup_fd(dpy, sync);
	fd = sb_layer_sync_dup_fd(dpy, sync);
	if (fd < 0) {
		fail(EGL_BAD_PARAMETER); /* poll-backed: no fd to give */
		return EGL_NO_NATIVE_FENCE_FD_ANDROID;
	}
	sb_egl_ok();
	return fd;
}

static EGLBoolean EGLAPIENTRY signal_khr(EGLDisplay dpy, EGLSyncKHR sync,
					 EGLenum mode)
{
	sb_debug_begin("eglSignalSyncKHR", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_signal_khr(dpy, sync, mode);
	return fail(EGL_BAD_MATCH); /* not a reusable sync */
}

#define WRAP(name, fn, next)                         \
	{                                            \
		name, (void *)(fn), (void **)&(next) \
	}

const struct sb_wrap sb_layer_sync_wraps[] = {
	WRAP("eglClientWaitSync", client_wait, next_client_wait),
	WRAP("eglClientWaitSyncKHR", client_wait_khr, next_client_wait_khr),
	WRAP("eglWaitSync", wait, next_wait),
	WRAP("eglWaitSyncKHR", wait_khr, next_wait_khr),
	WRAP("eglGetSyncAttrib", get_attrib, next_get_attrib),
	WRAP("eglGetSyncAttribKHR", get_attrib_khr, next_get_attrib_khr),
	WRAP("eglDestroySync", destroy_sync, next_destroy),
	WRAP("eglDestroySyncKHR", destroy_sync_khr, next_destroy_khr),
	WRAP("eglDupNativeFenceFDANDROID", dup_fd, next_dup_fd),
	WRAP("eglSignalSyncKHR", signal_khr, next_signal_khr),
};
const size_t sb_layer_sync_wrap_count =
	sizeof(sb_layer_sync_wraps) / sizeof(sb_layer_sync_wraps[0]);

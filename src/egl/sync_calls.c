/* SPDX-License-Identifier: MIT */
/*
 * The EGL sync calls, wrapped: a layer sync (layer_sync.h) is handled
 * here, any other forwarded to the driver at once. The application's own
 * syncs pay a range check (sb_layer_sync_maybe: two atomic loads) and
 * nothing else: no lock, no lookup, no EGL_KHR_debug bookkeeping.
 */
#include <fcntl.h>
#include <unistd.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "EGL/eglext_sharedbuf.h"
#include "debug.h"
#include "display.h"
#include "error.h"
#include "layer.h"
#include "layer_sync.h"
#include "log.h"
#include "sharedbuf/fence.h"

static PFNEGLCREATESYNCPROC next_create;
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

void sb_sync_calls_init(void)
{
	next_create = (PFNEGLCREATESYNCPROC)sb_layer_next_proc("eglCreateSync");
}

/* Is @sync a live layer sync of @dpy? The range check first: the
 * application's syncs stop there. */
static bool ours(EGLDisplay dpy, EGLSync sync)
{
	return sb_layer_sync_maybe(sync) && sb_layer_sync_is_ours(dpy, sync);
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
	if (!sb_layer_sync_maybe(sync))
		return next_client_wait(dpy, sync, flags, timeout);
	sb_debug_begin("eglClientWaitSync", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_client_wait(dpy, sync, flags, timeout);
	return sb_layer_sync_wait(dpy, sync, timeout);
}

static EGLint EGLAPIENTRY client_wait_khr(EGLDisplay dpy, EGLSyncKHR sync,
					  EGLint flags, EGLTimeKHR timeout)
{
	if (!sb_layer_sync_maybe(sync))
		return next_client_wait_khr(dpy, sync, flags, timeout);
	sb_debug_begin("eglClientWaitSyncKHR", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_client_wait_khr(dpy, sync, flags, timeout);
	return sb_layer_sync_wait(dpy, sync, timeout);
}

/* The driver's server wait on a sync_file-backed layer sync: a native
 * fence sync of the driver made from a duplicate of its sync_file for
 * this wait and destroyed after it (the driver keeps the fence it waits
 * on, as for any native fence sync destroyed after eglWaitSync). Needs a
 * current context of @dpy and the driver's EGL_ANDROID_native_fence_sync.
 * False when the driver did not wait (the caller waits on the CPU). */
static bool driver_wait(EGLDisplay dpy, EGLSync sync, bool khr)
{
	struct sb_layer_sync *s;
	EGLSync d;
	int fd = -1;
	bool ok;

	if (!next_create || !sb_display_context_current(dpy) ||
	    !sb_display_native_fences(dpy))
		return false;
	s = sb_layer_sync_get(dpy, sync);
	if (s && sb_layer_sync_fd(s) >= 0)
		fd = fcntl(sb_layer_sync_fd(s), F_DUPFD_CLOEXEC, 0);
	if (s)
		sb_layer_sync_put(s);
	if (fd < 0)
		return false;
	const EGLAttrib attribs[] = {EGL_SYNC_NATIVE_FENCE_FD_ANDROID, fd,
				     EGL_NONE};
	d = next_create(dpy, EGL_SYNC_NATIVE_FENCE_ANDROID, attribs);
	if (d == EGL_NO_SYNC) {
		close(fd);
		return false;
	}
	ok = khr ? next_wait_khr(dpy, d, 0) == EGL_TRUE
		 : next_wait(dpy, d, 0) == EGL_TRUE;
	next_destroy(dpy, d);
	if (ok) {
		atomic_fetch_add(&sb_layer.sync_server_waits, 1);
		sb_egl_ok();
	}
	return ok;
}

/* A server wait on a layer sync: the driver's where it can (above), else
 * a CPU wait with the same result (documented in the spec). */
static EGLint server_wait(EGLDisplay dpy, EGLSync sync, EGLint flags, bool khr)
{
	if (flags != 0)
		return fail(EGL_BAD_PARAMETER);
	if (khr ? next_wait_khr != NULL : next_wait != NULL) {
		if (driver_wait(dpy, sync, khr))
			return EGL_TRUE;
	}
	return sb_layer_sync_wait(dpy, sync, EGL_FOREVER) ==
	       EGL_CONDITION_SATISFIED;
}

static EGLBoolean EGLAPIENTRY wait(EGLDisplay dpy, EGLSync sync, EGLint flags)
{
	if (!sb_layer_sync_maybe(sync))
		return next_wait(dpy, sync, flags);
	sb_debug_begin("eglWaitSync", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_wait(dpy, sync, flags);
	return (EGLBoolean)server_wait(dpy, sync, flags, false);
}

static EGLint EGLAPIENTRY wait_khr(EGLDisplay dpy, EGLSyncKHR sync,
				   EGLint flags)
{
	if (!sb_layer_sync_maybe(sync))
		return next_wait_khr(dpy, sync, flags);
	sb_debug_begin("eglWaitSyncKHR", dpy);
	if (!sb_layer_sync_is_ours(dpy, sync))
		return next_wait_khr(dpy, sync, flags);
	return server_wait(dpy, sync, flags, true);
}

static bool attrib(EGLDisplay dpy, EGLSync sync, EGLint name, EGLAttrib *out)
{
	struct sb_layer_sync *s = sb_layer_sync_get(dpy, sync);
	bool known = true;

	if (!s)
		return fail(EGL_BAD_PARAMETER);
	if (!out) {
		sb_layer_sync_put(s);
		return fail(EGL_BAD_PARAMETER);
	}
	switch (name) {
	case EGL_SYNC_TYPE:
		*out = sb_layer_sync_fd(s) >= 0 ? EGL_SYNC_NATIVE_FENCE_ANDROID
						: EGL_SYNC_IMAGE_SHAREDBUF;
		break;
	case EGL_SYNC_STATUS:
		*out = sb_layer_sync_wait_ref(s, 0) == SHAREDBUF_OK
			       ? EGL_SIGNALED
			       : EGL_UNSIGNALED;
		break;
	case EGL_SYNC_CONDITION:
		*out = EGL_SYNC_NATIVE_FENCE_SIGNALED_ANDROID;
		break;
	default:
		known = false;
	}
	sb_layer_sync_put(s);
	if (!known)
		return fail(EGL_BAD_ATTRIBUTE);
	sb_egl_ok();
	return true;
}

static EGLBoolean EGLAPIENTRY get_attrib(EGLDisplay dpy, EGLSync sync,
					 EGLint name, EGLAttrib *value)
{
	if (!ours(dpy, sync))
		return next_get_attrib(dpy, sync, name, value);
	sb_debug_begin("eglGetSyncAttrib", dpy);
	return attrib(dpy, sync, name, value);
}

static EGLBoolean EGLAPIENTRY get_attrib_khr(EGLDisplay dpy, EGLSyncKHR sync,
					     EGLint name, EGLint *value)
{
	EGLAttrib v;

	if (!ours(dpy, sync))
		return next_get_attrib_khr(dpy, sync, name, value);
	sb_debug_begin("eglGetSyncAttribKHR", dpy);
	if (!value)
		return fail(EGL_BAD_PARAMETER);
	if (!attrib(dpy, sync, name, &v))
		return EGL_FALSE;
	*value = (EGLint)v;
	return EGL_TRUE;
}

static EGLBoolean EGLAPIENTRY destroy_sync(EGLDisplay dpy, EGLSync sync)
{
	if (!sb_layer_sync_maybe(sync) || !sb_layer_sync_destroy(dpy, sync))
		return next_destroy(dpy, sync);
	sb_egl_ok();
	return EGL_TRUE;
}

static EGLBoolean EGLAPIENTRY destroy_sync_khr(EGLDisplay dpy, EGLSyncKHR sync)
{
	if (!sb_layer_sync_maybe(sync) || !sb_layer_sync_destroy(dpy, sync))
		return next_destroy_khr(dpy, sync);
	sb_egl_ok();
	return EGL_TRUE;
}

/* "If <sync> is not a valid sync object for <dpy>, [...] If the
 * EGL_SYNC_NATIVE_FENCE_FD_ANDROID attribute of <sync> is
 * EGL_NO_NATIVE_FENCE_FD_ANDROID, [...] an EGL_BAD_PARAMETER error is
 * generated." A poll-backed layer sync has no fence fd; running out of
 * fds is EGL_BAD_ALLOC (specs/EGL_SHAREDBUF_image_fence.txt). */
static EGLint EGLAPIENTRY dup_fd(EGLDisplay dpy, EGLSyncKHR sync)
{
	int fd;

	if (!sb_layer_sync_maybe(sync))
		return next_dup_fd(dpy, sync);
	sb_debug_begin("eglDupNativeFenceFDANDROID", dpy);
	switch (sb_layer_sync_fence(dpy, sync, false, &fd)) {
	case SB_LAYER_FENCE_NOT_OURS:
		return next_dup_fd(dpy, sync);
	case SB_LAYER_FENCE_FD:
		sb_egl_ok();
		return fd;
	case SB_LAYER_FENCE_NO_FD:
		fail(EGL_BAD_ALLOC);
		return EGL_NO_NATIVE_FENCE_FD_ANDROID;
	default: /* poll-backed: no fd to give */
		fail(EGL_BAD_PARAMETER);
		return EGL_NO_NATIVE_FENCE_FD_ANDROID;
	}
}

static EGLBoolean EGLAPIENTRY signal_khr(EGLDisplay dpy, EGLSyncKHR sync,
					 EGLenum mode)
{
	if (!ours(dpy, sync))
		return next_signal_khr(dpy, sync, mode);
	sb_debug_begin("eglSignalSyncKHR", dpy);
	return fail(EGL_BAD_MATCH); /* not a reusable sync */
}

const struct sb_wrap sb_layer_sync_wraps[] = {
	SB_WRAP("eglClientWaitSync", client_wait, next_client_wait),
	SB_WRAP("eglClientWaitSyncKHR", client_wait_khr, next_client_wait_khr),
	SB_WRAP("eglWaitSync", wait, next_wait),
	SB_WRAP("eglWaitSyncKHR", wait_khr, next_wait_khr),
	SB_WRAP("eglGetSyncAttrib", get_attrib, next_get_attrib),
	SB_WRAP("eglGetSyncAttribKHR", get_attrib_khr, next_get_attrib_khr),
	SB_WRAP("eglDestroySync", destroy_sync, next_destroy),
	SB_WRAP("eglDestroySyncKHR", destroy_sync_khr, next_destroy_khr),
	SB_WRAP("eglDupNativeFenceFDANDROID", dup_fd, next_dup_fd),
	SB_WRAP("eglSignalSyncKHR", signal_khr, next_signal_khr),
};
const size_t sb_layer_sync_wrap_count =
	sizeof(sb_layer_sync_wraps) / sizeof(sb_layer_sync_wraps[0]);

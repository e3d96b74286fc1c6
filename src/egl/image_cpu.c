/* SPDX-License-Identifier: MIT */
#include "image_cpu.h"

#include <stdint.h>
#include <unistd.h>
#include <EGL/eglext.h>

#include "EGL/eglext_sharedbuf.h"
#include "display.h"
#include "error.h"
#include "image_sync.h"
#include "layer.h"
#include "log.h"
#include "registry.h"
#include "sharedbuf/cpu.h"
#include "sync_file.h"

#define VALID_USAGE (EGL_READ_BIT_SHAREDBUF | EGL_WRITE_BIT_SHAREDBUF)

static EGLBoolean fail(EGLint error, const char *what)
{
	sb_egl_fail(error, what);
	return EGL_FALSE;
}

/* The lock an attribute list asks for, or false with the error set. */
static bool parse(const EGLAttrib *a, struct sharedbuf_lock *lock)
{
	bool seen[6] = {false};
	EGLAttrib usage = 0;

	*lock = (struct sharedbuf_lock){.acquire_fd = -1,
					.timeout_ns = SHAREDBUF_FOREVER};
	for (; a && a[0] != EGL_NONE; a += 2) {
		unsigned k = (unsigned)(a[0] - EGL_LOCK_PLANE_SHAREDBUF);

		if (a[0] < EGL_LOCK_PLANE_SHAREDBUF || k >= 6 ||
		    a[0] == EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF)
			return fail(EGL_BAD_ATTRIBUTE,
				    "unknown lock attribute");
		if (seen[k])
			return fail(EGL_BAD_ATTRIBUTE, "lock attribute twice");
		seen[k] = true;
		if (a[0] == EGL_LOCK_PLANE_SHAREDBUF) {
			if (a[1] < 0 || a[1] >= SHAREDBUF_MAX_PLANES)
				return fail(EGL_BAD_PARAMETER,
					    "plane out of range");
			lock->plane = (unsigned)a[1];
		} else if (a[0] == EGL_LOCK_USAGE_SHAREDBUF) {
			usage = a[1];
		} else if (a[0] == EGL_LOCK_ACQUIRE_FENCE_FD_SHAREDBUF) {
			if (a[1] != -1 && (a[1] < 0 || a[1] > INT32_MAX ||
					   !sb_fd_is_sync_file((int)a[1])))
				return fail(EGL_BAD_PARAMETER,
					    "acquire fence is not a sync_file");
			lock->acquire_fd = (int)a[1];
		} else if (a[0] == EGL_LOCK_GUARDED_SHAREDBUF) {
			if (a[1] != EGL_TRUE && a[1] != EGL_FALSE)
				return fail(EGL_BAD_PARAMETER,
					    "EGL_LOCK_GUARDED_SHAREDBUF is "
					    "neither EGL_TRUE nor EGL_FALSE");
			lock->flags = a[1] ? SHAREDBUF_LOCK_GUARDED : 0;
		} else {
			/* ns; EGL_FOREVER (all bits set) or any negative
			 * value: no limit */
			lock->timeout_ns =
				a[1] < 0 ? SHAREDBUF_FOREVER : (int64_t)a[1];
		}
	}
	if (usage == 0 || (usage & ~(EGLAttrib)VALID_USAGE))
		return fail(EGL_BAD_PARAMETER,
			    "EGL_LOCK_USAGE_SHAREDBUF missing or not READ "
			    "and/or WRITE bits");
	lock->access =
		(usage & EGL_READ_BIT_SHAREDBUF ? SHAREDBUF_ACCESS_READ : 0) |
		(usage & EGL_WRITE_BIT_SHAREDBUF ? SHAREDBUF_ACCESS_WRITE : 0);
	return true;
}

static EGLint lock_error(enum sharedbuf_result r)
{
	switch (r) {
	case SHAREDBUF_ERR_INVALID:
		return EGL_BAD_PARAMETER; /* plane past the image's planes */
	case SHAREDBUF_ERR_TIMEOUT:
		return EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF;
	case SHAREDBUF_ERR_LOCKED:
	case SHAREDBUF_ERR_NOT_LOCKED:
	case SHAREDBUF_ERR_ACCESS:
	case SHAREDBUF_ERR_UNSUPPORTED:
	case SHAREDBUF_ERR_FAULT: /* a guarded lock's buffer faulted */
		return EGL_BAD_ACCESS;
	default:
		return EGL_BAD_ALLOC;
	}
}

/* The image's CPU state, or NULL with the error set. */
static struct sharedbuf_cpu_image *cpu_of(EGLDisplay dpy, EGLImage image)
{
	enum sharedbuf_result r;
	struct sharedbuf_cpu_image *cpu = sb_registry_cpu(image, dpy, &r);

	if (!cpu)
		fail(r == SHAREDBUF_ERR_INVALID ? EGL_BAD_PARAMETER
						: lock_error(r),
		     r == SHAREDBUF_ERR_INVALID
			     ? "not a dma-buf image imported through sharedbuf"
			     : sharedbuf_result_str(r));
	return cpu;
}

EGLBoolean EGLAPIENTRY sb_lock_image(EGLDisplay dpy, EGLImage image,
				     const EGLAttrib *attrib_list, void **data,
				     EGLint *stride)
{
	struct sharedbuf_cpu_image *cpu;
	struct sharedbuf_lock lock;
	enum sharedbuf_result r;
	uint32_t pitch;

	if (!data || !stride)
		return fail(EGL_BAD_PARAMETER, "data or stride is NULL");
	if (!parse(attrib_list, &lock))
		return EGL_FALSE;
	cpu = cpu_of(dpy, image);
	if (!cpu)
		return EGL_FALSE;
	/* The barrier: GL work this thread submitted on the image becomes
	 * a fence on it, so the waits below include it. No glFinish. */
	if (sb_display_context_current(dpy) &&
	    !sb_image_attach_sync(dpy, image, EGL_NO_SYNC,
				  EGL_WRITE_BIT_SHAREDBUF))
		return EGL_FALSE;
	r = sharedbuf_cpu_lock(cpu, &lock, data, &pitch);
	if (r != SHAREDBUF_OK)
		return fail(lock_error(r), sharedbuf_result_str(r));
	*stride = (EGLint)pitch;
	sb_egl_ok();
	return EGL_TRUE;
}

EGLBoolean EGLAPIENTRY sb_unlock_image(EGLDisplay dpy, EGLImage image,
				       EGLint plane, EGLint *release_fence_fd)
{
	struct sharedbuf_cpu_image *cpu;
	enum sharedbuf_result r;
	int fd = -1;

	if (plane < 0 || plane >= SHAREDBUF_MAX_PLANES)
		return fail(EGL_BAD_PARAMETER, "plane out of range");
	cpu = cpu_of(dpy, image);
	if (!cpu)
		return EGL_FALSE;
	r = sharedbuf_cpu_unlock(cpu, (unsigned)plane, &fd);
	if (r != SHAREDBUF_OK)
		return fail(lock_error(r), sharedbuf_result_str(r));
	if (release_fence_fd)
		*release_fence_fd = fd;
	else if (fd >= 0)
		close(fd);
	sb_egl_ok();
	return EGL_TRUE;
}

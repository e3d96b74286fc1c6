/* SPDX-License-Identifier: MIT */
#include "image_cpu.h"

#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include <EGL/eglext.h>

#include "EGL/eglext_sharedbuf.h"
#include "cpu_image.h"
#include "display.h"
#include "error.h"
#include "image_fds.h"
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

/* The error of a call that found its image gone when it came back from
 * a wait: what a call made after the destroy or terminate gets. */
static EGLBoolean gone(enum sb_image_gone why)
{
	if (why == SB_IMAGE_TERMINATED)
		return fail(EGL_NOT_INITIALIZED,
			    "display terminated while the lock waited");
	return fail(EGL_BAD_PARAMETER, "image destroyed while the lock waited");
}

/* The image's CPU state, made from its dma-bufs at its first lock; NULL
 * with the reason in *@r. */
static struct sharedbuf_cpu_image *cpu_of(struct sb_image_ref *ref,
					  enum sharedbuf_result *r)
{
	struct sharedbuf_cpu_image *cpu = sb_registry_cpu_peek(ref);
	const struct sb_layout *fds;

	*r = SHAREDBUF_OK;
	if (cpu)
		return cpu;
	fds = sb_image_fds(ref); /* out of fds, or not given back */
	if (!fds) {
		*r = SHAREDBUF_ERR_NO_MEMORY;
		return NULL;
	}
	return sb_registry_cpu(ref, fds, r);
}

/* Every check of a lock that needs the image, in the spec's order, and
 * the resources it needs (the CPU state, a dup of the acquire fence):
 * all before the first side effect. Claims the plane. */
static bool prepare(struct sb_image_ref *ref, struct sharedbuf_lock *lock,
		    struct sharedbuf_cpu_image **cpu)
{
	const struct sb_layout *layout = sb_registry_layout(ref);
	enum sharedbuf_result r;
	int acquire = lock->acquire_fd;

	if (lock->plane >= layout->num_planes)
		return fail(EGL_BAD_PARAMETER, "plane not a plane of image");
	/* Imported with its fds checked only (image_import.c): nothing
	 * tells where its rows are, so nothing maps it. Not the
	 * application's argument: EGL_BAD_ACCESS, as for any layout the
	 * layer cannot map (the spec's errors). */
	if (!sb_format_find(layout->fourcc))
		return fail(EGL_BAD_ACCESS,
			    "image format not in sharedbuf's layout table: "
			    "its planes cannot be mapped");
	*cpu = cpu_of(ref, &r);
	if (r == SHAREDBUF_OK)
		r = sb_cpu_lock_check(*cpu, lock);
	if (r != SHAREDBUF_OK)
		return fail(lock_error(r), sharedbuf_result_str(r));
	if (!sb_registry_claim_plane(ref, lock->plane))
		return fail(EGL_BAD_ACCESS, "plane locked or being locked");
	/* The lock closes the fence it is given when it succeeds; the
	 * application's stays open until this call is sure to succeed. */
	if (acquire >= 0) {
		lock->acquire_fd = fcntl(acquire, F_DUPFD_CLOEXEC, 0);
		if (lock->acquire_fd < 0) {
			sb_registry_release_plane(ref, lock->plane);
			return fail(EGL_BAD_ALLOC,
				    "no fd for the acquire fence");
		}
	}
	return true;
}

/* Steps 1 to 5 of the lock, on the image @ref holds, plane claimed. The
 * acquire fence is the lock's own dup: set to -1 once the lock took it. */
static EGLBoolean lock_claimed(EGLDisplay dpy, struct sb_image_ref *ref,
			       struct sharedbuf_cpu_image *cpu,
			       struct sharedbuf_lock *lock, void **data,
			       EGLint *stride)
{
	enum sb_image_gone why;
	enum sharedbuf_result r;
	uint32_t pitch;
	void *p;

	/* The barrier: GL work this thread submitted on the image becomes
	 * a fence on it, so the waits below include it. No glFinish. */
	if (sb_display_context_current(dpy) &&
	    !sb_image_attach_ref(dpy, ref, EGL_NO_SYNC,
				 EGL_WRITE_BIT_SHAREDBUF))
		return EGL_FALSE;
	r = sharedbuf_cpu_lock(cpu, lock, &p, &pitch);
	if (r != SHAREDBUF_OK)
		return fail(lock_error(r), sharedbuf_result_str(r));
	lock->acquire_fd = -1; /* closed by the lock */
	/* Destroyed or terminated by another thread while this one waited:
	 * the record (and the mapping) outlived it only for this call. */
	why = sb_registry_gone(ref);
	if (why != SB_IMAGE_LIVE) {
		sharedbuf_cpu_unlock(cpu, lock->plane, NULL);
		return gone(why);
	}
	*data = p;
	*stride = (EGLint)pitch;
	return EGL_TRUE;
}

EGLBoolean EGLAPIENTRY sb_lock_image(EGLDisplay dpy, EGLImage image,
				     const EGLAttrib *attrib_list, void **data,
				     EGLint *stride)
{
	struct sharedbuf_cpu_image *cpu;
	struct sharedbuf_lock lock;
	struct sb_image_ref *ref;
	int acquire;
	EGLBoolean ok;

	if (!data || !stride)
		return fail(EGL_BAD_PARAMETER, "data or stride is NULL");
	if (!parse(attrib_list, &lock))
		return EGL_FALSE;
	acquire = lock.acquire_fd;
	/* Held to the end of the call: a destroy or terminate meanwhile
	 * frees nothing this call uses. */
	ref = sb_registry_get(image, dpy);
	if (!ref)
		return fail(EGL_BAD_PARAMETER,
			    "not a dma-buf image imported through sharedbuf");
	if (!prepare(ref, &lock, &cpu)) {
		sb_registry_put(ref);
		return EGL_FALSE;
	}
	ok = lock_claimed(dpy, ref, cpu, &lock, data, stride);
	if (ok && acquire >= 0)
		close(acquire); /* the layer's on success */
	else if (!ok && lock.acquire_fd >= 0)
		close(lock.acquire_fd); /* the dup, if the lock kept it */
	if (!ok)
		sb_registry_release_plane(ref, lock.plane);
	sb_registry_put(ref);
	if (ok)
		sb_egl_ok();
	return ok;
}

EGLBoolean EGLAPIENTRY sb_unlock_image(EGLDisplay dpy, EGLImage image,
				       EGLint plane, EGLint *release_fence_fd)
{
	struct sharedbuf_cpu_image *cpu;
	struct sb_image_ref *ref;
	enum sharedbuf_result r;
	int fd = -1;

	if (plane < 0 || plane >= SHAREDBUF_MAX_PLANES)
		return fail(EGL_BAD_PARAMETER, "plane out of range");
	ref = sb_registry_get(image, dpy);
	if (!ref)
		return fail(EGL_BAD_PARAMETER,
			    "not a dma-buf image imported through sharedbuf");
	cpu = sb_registry_cpu_peek(ref);
	if ((unsigned)plane >= sb_registry_layout(ref)->num_planes)
		r = SHAREDBUF_ERR_INVALID;
	else if (!cpu) /* never locked */
		r = SHAREDBUF_ERR_NOT_LOCKED;
	else
		r = sharedbuf_cpu_unlock(cpu, (unsigned)plane, &fd);
	/* END failing, or a guarded lock's fault, still ends the lock
	 * (include/sharedbuf/cpu.h). */
	if (r == SHAREDBUF_OK || r == SHAREDBUF_ERR_IO ||
	    r == SHAREDBUF_ERR_FAULT)
		sb_registry_release_plane(ref, (unsigned)plane);
	sb_registry_put(ref);
	if (r != SHAREDBUF_OK) /* *release_fence_fd is left as it was */
		return fail(lock_error(r), sharedbuf_result_str(r));
	if (release_fence_fd)
		*release_fence_fd = fd;
	else if (fd >= 0)
		close(fd);
	sb_egl_ok();
	return EGL_TRUE;
}

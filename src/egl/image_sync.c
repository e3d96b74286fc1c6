/* SPDX-License-Identifier: MIT */
#include "image_sync.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <EGL/eglext.h>
#include <linux/sync_file.h>

#include "EGL/eglext_sharedbuf.h"
#include "display.h"
#include "error.h"
#include "image_fds.h"
#include "layer.h"
#include "layer_sync.h"
#include "log.h"
#include "registry.h"
#include "sharedbuf/fence.h"

#define VALID_ACCESS (EGL_READ_BIT_SHAREDBUF | EGL_WRITE_BIT_SHAREDBUF)

static PFNEGLCREATESYNCPROC next_create_sync;
static PFNEGLDESTROYSYNCPROC next_destroy_sync;
static PFNEGLCLIENTWAITSYNCPROC next_client_wait;
static PFNEGLDUPNATIVEFENCEFDANDROIDPROC next_dup_fd;

void sb_image_sync_init(void)
{
	next_create_sync =
		(PFNEGLCREATESYNCPROC)sb_layer_next_proc("eglCreateSync");
	next_destroy_sync =
		(PFNEGLDESTROYSYNCPROC)sb_layer_next_proc("eglDestroySync");
	next_client_wait = (PFNEGLCLIENTWAITSYNCPROC)sb_layer_next_proc(
		"eglClientWaitSync");
	next_dup_fd = (PFNEGLDUPNATIVEFENCEFDANDROIDPROC)sb_layer_next_proc(
		"eglDupNativeFenceFDANDROID");
	sb_sync_calls_init();
}

static uint32_t to_access(EGLint access)
{
	return (access & EGL_READ_BIT_SHAREDBUF ? SHAREDBUF_ACCESS_READ : 0) |
	       (access & EGL_WRITE_BIT_SHAREDBUF ? SHAREDBUF_ACCESS_WRITE : 0);
}

/* A reference to the image (sb_registry_put() it), after the checks every
 * entry point shares. NULL with the error set. */
static struct sb_image_ref *lookup(EGLDisplay dpy, EGLImage image,
				   EGLint access)
{
	struct sb_image_ref *ref;

	if (access == 0 || (access & ~VALID_ACCESS)) {
		sb_egl_fail(EGL_BAD_PARAMETER,
			    "access is not READ and/or WRITE bits");
		return NULL;
	}
	ref = sb_registry_get(image, dpy);
	if (!ref)
		sb_egl_fail(EGL_BAD_PARAMETER, "not a dma-buf image imported "
					       "through sharedbuf on dpy");
	return ref;
}

/* One sync_file for every plane's pending work (caller owns), or -1 with
 * the reason. */
static enum sharedbuf_result export_all(const struct sb_layout *l,
					uint32_t access, int *out)
{
	enum sharedbuf_result r = SHAREDBUF_OK;
	int merged = -1;

	for (unsigned i = 0; i < l->num_planes && r == SHAREDBUF_OK; i++) {
		int fd, m;

		r = sharedbuf_fence_export(l->planes[i].fd, access, &fd);
		if (r != SHAREDBUF_OK)
			break;
		if (merged < 0) {
			merged = fd;
			continue;
		}
		r = sharedbuf_fence_merge(merged, fd, "sharedbuf-image", &m);
		close(fd);
		close(merged);
		merged = r == SHAREDBUF_OK ? m : -1;
	}
	if (r != SHAREDBUF_OK && merged >= 0)
		close(merged);
	*out = r == SHAREDBUF_OK ? merged : -1;
	return r;
}

EGLSync EGLAPIENTRY sb_create_image_sync(EGLDisplay dpy, EGLImage image,
					 EGLint access,
					 const EGLAttrib *attrib_list)
{
	struct sb_image_ref *ref;
	const struct sb_layout *l;
	EGLSync sync = EGL_NO_SYNC;
	enum sharedbuf_result r;
	int fd;

	if (attrib_list && attrib_list[0] != EGL_NONE) {
		sb_egl_fail(EGL_BAD_ATTRIBUTE,
			    "eglCreateImageSyncSHAREDBUF takes "
			    "no attributes");
		return EGL_NO_SYNC;
	}
	/* The reference keeps the image's fds open to the end of the call,
	 * even if another thread destroys the image meanwhile: the sync is
	 * then made from the buffers the call started with. */
	ref = lookup(dpy, image, access);
	if (!ref)
		return EGL_NO_SYNC;
	l = sb_image_fds(ref);
	r = l ? export_all(l, to_access(access), &fd) : SHAREDBUF_ERR_NO_MEMORY;
	if (r == SHAREDBUF_ERR_UNSUPPORTED) {
		sync = sb_layer_sync_from_poll(dpy, l, to_access(access));
	} else if (r == SHAREDBUF_OK) {
		/* Always the layer's own sync, with or without a context:
		 * checking it is one poll(), where a driver sync costs the
		 * driver's bookkeeping on every call. The driver gets a
		 * native fence sync of the same sync_file only when it must
		 * wait on the server (eglWaitSync, sync_calls.c). */
		sync = sb_layer_sync_from_fd(dpy, fd);
		if (sync == EGL_NO_SYNC)
			close(fd);
	}
	sb_registry_put(ref);
	if (sync == EGL_NO_SYNC)
		sb_egl_fail(EGL_BAD_ALLOC, "cannot make a sync for the image");
	else
		sb_egl_ok();
	return sync;
}

/* Does every fence of sync_file @fd come from the kernel's stub (the
 * always-signalled fence a driver hands out when it has nothing real)? */
static bool is_stub(int fd)
{
	struct sync_fence_info fences[8];
	struct sync_file_info info = {0};
	bool stub;

	if (ioctl(fd, SYNC_IOC_FILE_INFO, &info) != 0 || info.num_fences == 0 ||
	    info.num_fences > 8)
		return false;
	info.sync_fence_info = (uint64_t)(uintptr_t)fences;
	if (ioctl(fd, SYNC_IOC_FILE_INFO, &info) != 0)
		return false;
	stub = true;
	for (unsigned i = 0; i < info.num_fences; i++)
		stub &= strcmp(fences[i].driver_name, "stub") == 0;
	return stub;
}

/* Waits on the CPU until the current context's work is done: for drivers
 * whose native fences do not carry their pending work. */
static void wait_for_context(EGLDisplay dpy)
{
	EGLSync s = next_create_sync(dpy, EGL_SYNC_FENCE, NULL);

	if (s == EGL_NO_SYNC)
		return;
	next_client_wait(dpy, s, EGL_SYNC_FLUSH_COMMANDS_BIT, EGL_FOREVER);
	next_destroy_sync(dpy, s);
}

/* Did the last call fail for want of fds or memory? The driver's
 * eglDupNativeFenceFDANDROID sets no EGL error when dup() fails. */
static bool out_of_resources(void)
{
	return errno == EMFILE || errno == ENFILE || errno == ENOMEM;
}

/* The current context's work as a sync_file in *@out (caller owns), or
 * -1 when the driver gives none (then waited for on the CPU by the
 * caller). False with the error set. */
static bool context_fd(EGLDisplay dpy, int *out)
{
	EGLSync own = EGL_NO_SYNC;

	/* Once a display's native fences are known to be stubs, none is
	 * made: it would only be waited for below, and Mesa 25's llvmpipe
	 * can crash making one while another context draws (see the notes
	 * of the threads test). */
	if (sb_display_native_fences(dpy) && next_dup_fd &&
	    sb_display_stub_fences(dpy) != 1)
		own = next_create_sync(dpy, EGL_SYNC_NATIVE_FENCE_ANDROID,
				       NULL);
	if (own == EGL_NO_SYNC)
		return true;
	errno = 0;
	*out = next_dup_fd(dpy, own);
	if (*out < 0 && out_of_resources()) {
		sb_log_errno(SB_INFO, "dup of the context's native fence");
		next_destroy_sync(dpy, own);
		sb_egl_fail(EGL_BAD_ALLOC, "no fd for the context's fence");
		return false;
	}
	next_destroy_sync(dpy, own);
	if (*out >= 0)
		sb_display_set_stub_fences(dpy, is_stub(*out));
	return true;
}

/* The sync_file of @sync (caller owns), or -1 when there is no fence to
 * attach (the work is already complete). False with the error set. */
static bool sync_fd(EGLDisplay dpy, EGLSync sync, int *out)
{
	bool current = sb_display_context_current(dpy);

	*out = -1;
	if (sync == EGL_NO_SYNC) {
		if (!current) {
			sb_egl_fail(EGL_BAD_MATCH,
				    "EGL_NO_SYNC needs a current "
				    "context of dpy");
			return false;
		}
		if (!context_fd(dpy, out))
			return false;
	} else {
		switch (sb_layer_sync_fence(dpy, sync, true, out)) {
		case SB_LAYER_FENCE_FD:
		case SB_LAYER_FENCE_DONE: /* poll-backed: complete now */
			return true;
		case SB_LAYER_FENCE_NO_FD:
			sb_egl_fail(EGL_BAD_ALLOC,
				    "no fd for the sync's fence");
			return false;
		case SB_LAYER_FENCE_POLL:
		case SB_LAYER_FENCE_FAILED:
			sb_egl_fail(EGL_BAD_ALLOC,
				    "wait on a layer sync failed");
			return false;
		case SB_LAYER_FENCE_NOT_OURS:
			break;
		}
		errno = 0;
		*out = next_dup_fd ? next_dup_fd(dpy, sync) : -1;
		if (*out < 0) {
			bool alloc = next_dup_fd && out_of_resources();

			sb_egl_fail(alloc ? EGL_BAD_ALLOC : EGL_BAD_MATCH,
				    alloc ? "no fd for the sync's fence"
					  : "sync has no native fence fd");
			return false;
		}
	}
	/* A stub fence claims the work is done; a driver that hands them
	 * out (llvmpipe) may still be rendering. Wait for the driver. */
	if (current && (*out < 0 || is_stub(*out)))
		wait_for_context(dpy);
	return true;
}

/* Adds @fd to every plane's dma-buf; where the kernel cannot, waits for
 * it on the CPU so the buffer is complete when the call returns. */
static enum sharedbuf_result attach(const struct sb_layout *l, int fd,
				    uint32_t access)
{
	enum sharedbuf_result r = SHAREDBUF_OK;

	for (unsigned i = 0; i < l->num_planes && r == SHAREDBUF_OK; i++)
		r = sharedbuf_fence_import(l->planes[i].fd, fd, access);
	if (r == SHAREDBUF_ERR_UNSUPPORTED)
		r = sharedbuf_fence_wait(fd, SHAREDBUF_FOREVER);
	return r;
}

EGLBoolean sb_image_attach_ref(EGLDisplay dpy, struct sb_image_ref *ref,
			       EGLSync sync, EGLint access)
{
	enum sharedbuf_result r = SHAREDBUF_OK;
	const struct sb_layout *l;
	int fd;

	if (!sync_fd(dpy, sync, &fd))
		return EGL_FALSE;
	if (fd >= 0) {
		l = sb_image_fds(ref); /* out of fds, or not given back */
		r = l ? attach(l, fd, to_access(access))
		      : SHAREDBUF_ERR_NO_MEMORY;
		close(fd);
	}
	if (r != SHAREDBUF_OK) {
		sb_egl_fail(EGL_BAD_ALLOC, sharedbuf_result_str(r));
		return EGL_FALSE;
	}
	sb_egl_ok();
	return EGL_TRUE;
}

EGLBoolean EGLAPIENTRY sb_image_attach_sync(EGLDisplay dpy, EGLImage image,
					    EGLSync sync, EGLint access)
{
	/* As for image syncs: a destroy by another thread meanwhile does
	 * not take the buffers from under the call. */
	struct sb_image_ref *ref = lookup(dpy, image, access);
	EGLBoolean ok;

	if (!ref)
		return EGL_FALSE;
	ok = sb_image_attach_ref(dpy, ref, sync, access);
	sb_registry_put(ref);
	return ok;
}

/* SPDX-License-Identifier: MIT */
/*
 * EGLImage entry points: dma-buf imports are checked strictly before the
 * driver sees them (image_import.c) and recorded in the image registry;
 * destroying an image, or terminating its display, forgets it.
 */
#include "image.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "display.h"
#include "display_caps.h"
#include "display_state.h"
#include "entry.h"
#include "error.h"
#include "image_fds.h"
#include "image_import.h"
#include "layer.h"
#include "layer_sync.h"
#include "registry.h"

static PFNEGLCREATEIMAGEPROC next_create_image;
static PFNEGLCREATEIMAGEKHRPROC next_create_image_khr;
static PFNEGLDESTROYIMAGEPROC next_destroy_image;
static PFNEGLDESTROYIMAGEKHRPROC next_destroy_image_khr;
static PFNEGLTERMINATEPROC next_terminate;

/* One create path for both entry points: @attribs is EGLAttrib when
 * @wide. The driver is called through @call with the caller's list. */
struct create_args {
	struct sb_display_caps_slot *slot; /* from sb_entry_begin_caps */
	EGLDisplay dpy;
	EGLContext ctx;
	EGLenum target;
	EGLClientBuffer buffer;
	const void *attribs;
	bool wide;
};

static EGLImage call_next(const struct create_args *a)
{
	if (a->wide)
		return next_create_image(a->dpy, a->ctx, a->target, a->buffer,
					 a->attribs);
	return next_create_image_khr(a->dpy, a->ctx, a->target, a->buffer,
				     a->attribs);
}

static EGLImage create(const struct create_args *a)
{
	const struct sb_caps_table *caps;
	struct sb_registry_new *rec;
	struct sb_image_fds_plan plan;
	ino_t inos[SB_MAX_PLANES];
	struct sb_layout layout;
	EGLImage image;
	EGLint err;

	if (a->target != EGL_LINUX_DMA_BUF_EXT) {
		image = call_next(a);
		if (image != EGL_NO_IMAGE)
			atomic_fetch_add(&sb_layer.images_created, 1);
		return image;
	}
	/* what the driver lists: looked up once for the checks and the
	 * record */
	caps = sb_display_caps_of(a->dpy, a->slot);
	err = sb_import_check(caps, a->buffer, a->attribs, a->wide, &layout,
			      inos);
	if (err != EGL_SUCCESS) {
		sb_egl_fail(err, "eglCreateImage(EGL_LINUX_DMA_BUF_EXT)");
		return EGL_NO_IMAGE;
	}
	/* Without a record, later layer calls on the image would fail in
	 * confusing ways: out of fds or memory, refuse the import before
	 * the driver makes it. Where the driver gives the dma-buf back, the
	 * record keeps no fd (image_fds.h). */
	sb_image_fds_plan(caps, a->slot, &layout, inos, &plan);
	rec = sb_registry_prepare(&layout, plan.lazy ? &plan.ino : NULL);
	if (!rec) {
		sb_egl_fail(EGL_BAD_ALLOC,
			    "cannot record the image (out of fds or memory)");
		return EGL_NO_IMAGE;
	}
	image = call_next(a);
	if (image == EGL_NO_IMAGE) {
		sb_registry_discard(rec);
		return image; /* the driver's error stands */
	}
	if (plan.probe)
		sb_image_fds_probe(a->dpy, a->slot, image, &layout, &plan);
	sb_registry_insert(rec, a->dpy, image);
	atomic_fetch_add(&sb_layer.images_created, 1);
	atomic_fetch_add(&sb_layer.dmabuf_imports, 1);
	return image;
}

static EGLImage EGLAPIENTRY create_image(EGLDisplay dpy, EGLContext ctx,
					 EGLenum target, EGLClientBuffer buffer,
					 const EGLAttrib *attribs)
{
	const struct create_args a = {
		sb_entry_begin_caps(dpy, "eglCreateImage"),
		dpy,
		ctx,
		target,
		buffer,
		attribs,
		true,
	};

	return a.slot ? create(&a) : EGL_NO_IMAGE;
}

static EGLImageKHR EGLAPIENTRY create_image_khr(EGLDisplay dpy, EGLContext ctx,
						EGLenum target,
						EGLClientBuffer buffer,
						const EGLint *attribs)
{
	const struct create_args a = {
		sb_entry_begin_caps(dpy, "eglCreateImageKHR"),
		dpy,
		ctx,
		target,
		buffer,
		attribs,
		false,
	};

	return a.slot ? create(&a) : EGL_NO_IMAGE;
}

/* A failed destroy changes nothing: the record leaves the registry only
 * once the driver has destroyed the image. If the driver hands the handle
 * out again before that (another thread's import), the new record
 * replaces this one as stale, and sb_registry_destroyed() leaves the new
 * one alone (it was inserted after the epoch). Calls using the image on
 * other threads hold references: what they use is freed when the last of
 * them returns. */
static EGLBoolean destroy(EGLDisplay dpy, EGLImage image, bool wide)
{
	uint64_t epoch = sb_registry_epoch();
	EGLBoolean ok = wide ? next_destroy_image(dpy, image)
			     : next_destroy_image_khr(dpy, image);

	if (ok) {
		sb_registry_destroyed(image, epoch);
		atomic_fetch_add(&sb_layer.images_destroyed, 1);
	}
	return ok;
}

static EGLBoolean EGLAPIENTRY destroy_image(EGLDisplay dpy, EGLImage image)
{
	return destroy(dpy, image, true);
}

static EGLBoolean EGLAPIENTRY destroy_image_khr(EGLDisplay dpy,
						EGLImageKHR image)
{
	return destroy(dpy, image, false);
}

/* eglTerminate destroys every image and sync of the display; calls on
 * other threads still using them keep what they use until they return. */
static void forget(EGLDisplay dpy)
{
	sb_registry_remove_display(dpy);
	sb_layer_sync_forget(dpy);
	sb_display_forget(dpy);
}

static EGLBoolean EGLAPIENTRY terminate(EGLDisplay dpy)
{
	return sb_display_state_terminate(dpy, next_terminate, forget);
}

const struct sb_wrap sb_image_wraps[] = {
	SB_WRAP("eglCreateImage", create_image, next_create_image),
	SB_WRAP("eglCreateImageKHR", create_image_khr, next_create_image_khr),
	SB_WRAP("eglDestroyImage", destroy_image, next_destroy_image),
	SB_WRAP("eglDestroyImageKHR", destroy_image_khr,
		next_destroy_image_khr),
	SB_WRAP("eglTerminate", terminate, next_terminate),
};
const size_t sb_image_wrap_count =
	sizeof(sb_image_wraps) / sizeof(sb_image_wraps[0]);

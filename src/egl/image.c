/* SPDX-License-Identifier: MIT */
/*
 * EGLImage creation and destruction pass through the layer. For now the
 * layer forwards them and counts what it saw; the dma-buf checks and the
 * image registry hang off these wrappers.
 */
#include "image.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "layer.h"

static PFNEGLCREATEIMAGEPROC next_create_image;
static PFNEGLCREATEIMAGEKHRPROC next_create_image_khr;
static PFNEGLDESTROYIMAGEPROC next_destroy_image;
static PFNEGLDESTROYIMAGEKHRPROC next_destroy_image_khr;

static void count_created(EGLImage image, EGLenum target)
{
	if (image == EGL_NO_IMAGE)
		return;
	atomic_fetch_add(&sb_layer.images_created, 1);
	if (target == EGL_LINUX_DMA_BUF_EXT)
		atomic_fetch_add(&sb_layer.dmabuf_imports, 1);
}

static EGLImage EGLAPIENTRY create_image(EGLDisplay dpy, EGLContext ctx,
					 EGLenum target, EGLClientBuffer buffer,
					 const EGLAttrib *attribs)
{
	EGLImage image = next_create_image(dpy, ctx, target, buffer, attribs);

	count_created(image, target);
	return image;
}

static EGLImageKHR EGLAPIENTRY create_image_khr(EGLDisplay dpy, EGLContext ctx,
						EGLenum target,
						EGLClientBuffer buffer,
						const EGLint *attribs)
{
	EGLImageKHR image =
		next_create_image_khr(dpy, ctx, target, buffer, attribs);

	count_created(image, target);
	return image;
}

static EGLBoolean EGLAPIENTRY destroy_image(EGLDisplay dpy, EGLImage image)
{
	EGLBoolean ok = next_destroy_image(dpy, image);

	if (ok)
		atomic_fetch_add(&sb_layer.images_destroyed, 1);
	return ok;
}

static EGLBoolean EGLAPIENTRY destroy_image_khr(EGLDisplay dpy,
						EGLImageKHR image)
{
	EGLBoolean ok = next_destroy_image_khr(dpy, image);

	if (ok)
		atomic_fetch_add(&sb_layer.images_destroyed, 1);
	return ok;
}

#define WRAP(name, fn, next)                         \
	{                                            \
		name, (void *)(fn), (void **)&(next) \
	}

const struct sb_wrap sb_image_wraps[] = {
	WRAP("eglCreateImage", create_image, next_create_image),
	WRAP("eglCreateImageKHR", create_image_khr, next_create_image_khr),
	WRAP("eglDestroyImage", destroy_image, next_destroy_image),
	WRAP("eglDestroyImageKHR", destroy_image_khr, next_destroy_image_khr),
};
const size_t sb_image_wrap_count =
	sizeof(sb_image_wraps) / sizeof(sb_image_wraps[0]);

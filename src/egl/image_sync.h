/* SPDX-License-Identifier: MIT */
/*
 * EGL_SHAREDBUF_image_fence: an image's pending work as an EGLSync, and an
 * EGLSync's work as an implicit fence on the image's dma-bufs.
 * specs/EGL_SHAREDBUF_image_fence.txt is the word on behaviour.
 */
#ifndef SB_IMAGE_SYNC_H
#define SB_IMAGE_SYNC_H

#include <EGL/egl.h>

EGLSync EGLAPIENTRY sb_create_image_sync(EGLDisplay dpy, EGLImage image,
					 EGLint access,
					 const EGLAttrib *attrib_list);

EGLBoolean EGLAPIENTRY sb_image_attach_sync(EGLDisplay dpy, EGLImage image,
					    EGLSync sync, EGLint access);

struct sb_image_ref;

/* eglImageAttachSyncSHAREDBUF on the image @ref holds (checked by the
 * caller): the CPU lock's barrier, on the image it already holds. */
EGLBoolean sb_image_attach_ref(EGLDisplay dpy, struct sb_image_ref *ref,
			       EGLSync sync, EGLint access);

/* Resolves the next vendor's sync functions; call once it runs. */
void sb_image_sync_init(void);

#endif

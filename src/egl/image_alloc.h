/* SPDX-License-Identifier: MIT */
/*
 * EGL_SHAREDBUF_image_allocate: eglAllocateImageSHAREDBUF allocates a
 * dma-buf for the display and any other importers (struct sharedbuf_alloc)
 * and imports it through the layer's own checked path, so the image is in
 * the registry (fences, CPU access). eglExportDMABUFImageQueryMESA and
 * eglExportDMABUFImageMESA answer from the registry for every dma-buf
 * image the layer recorded, where the driver may not export (llvmpipe).
 */
#ifndef SB_IMAGE_ALLOC_H
#define SB_IMAGE_ALLOC_H

#include <stddef.h>
#include <EGL/egl.h>

#include "dispatch.h"

EGLImage EGLAPIENTRY sb_allocate_image(EGLDisplay dpy, EGLint width,
				       EGLint height,
				       const EGLAttrib *attrib_list);

extern const struct sb_wrap sb_image_alloc_wraps[];
extern const size_t sb_image_alloc_wrap_count;

#endif

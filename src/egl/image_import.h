/* SPDX-License-Identifier: MIT */
/*
 * Strict EGL_LINUX_DMA_BUF_EXT imports: everything the driver would need to
 * trust, checked before the driver sees the buffer.
 */
#ifndef SB_IMAGE_IMPORT_H
#define SB_IMAGE_IMPORT_H

#include <stdbool.h>
#include <EGL/egl.h>

#include "layout.h"

/* Checks a dma-buf import of @dpy: @buffer must be NULL, @attribs
 * (EGLAttrib when @wide, else EGLint) must parse, name a format and
 * modifier the driver lists, and describe planes that fit inside real
 * dma-bufs. On success fills @out (fds borrowed from @attribs) and returns
 * EGL_SUCCESS; else the EGL error to raise (already logged). */
EGLint sb_import_check(EGLDisplay dpy, EGLClientBuffer buffer,
		       const void *attribs, bool wide, struct sb_layout *out);

/* Resolves the next vendor's query functions; call once it runs. */
void sb_import_init(void);

#endif

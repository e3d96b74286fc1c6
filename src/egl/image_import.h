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

struct sb_caps_table;

/* Checks a dma-buf import on a display whose driver lists @caps
 * (sb_display_caps_of(); NULL: nothing known): @buffer must be NULL, @attribs
 * (EGLAttrib when @wide, else EGLint) must parse, name a format and
 * modifier the driver lists (DRM_FORMAT_MOD_LINEAR and the implicit
 * modifier, given or as DRM_FORMAT_MOD_INVALID, need no listing), and
 * describe planes that fit inside real dma-bufs. A format sharedbuf's
 * table lacks is checked only for its fds being dma-bufs (logged at
 * info). On success fills @out (fds borrowed from @attribs) and returns
 * EGL_SUCCESS; else the EGL error to raise (already logged).
 * @out is the layer's record of the image: an implicit modifier the
 * driver can only read as linear (it lists only DRM_FORMAT_MOD_LINEAR for
 * the format) is recorded as DRM_FORMAT_MOD_LINEAR; the driver still gets
 * the caller's list as it was. @inos gets each plane's dma-buf inode
 * number. */
EGLint sb_import_check(const struct sb_caps_table *caps, EGLClientBuffer buffer,
		       const void *attribs, bool wide, struct sb_layout *out,
		       ino_t inos[SB_MAX_PLANES]);

#endif

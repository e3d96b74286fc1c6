/* SPDX-License-Identifier: MIT */
/* What the alloc-egl test's files share: the display, the extension
 * entry points (from eglGetProcAddress) and small helpers. */
#ifndef SB_TEST_ALLOC_EGL_H
#define SB_TEST_ALLOC_EGL_H

#include <stdbool.h>
#include <stdint.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"

struct alloc_egl {
	struct sb_test_egl egl;
	PFNEGLALLOCATEIMAGESHAREDBUFPROC allocate;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC image_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach_sync;
	PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC export_query;
	PFNEGLEXPORTDMABUFIMAGEMESAPROC export_fds;
};

extern struct alloc_egl ae;

/* Locks plane 0 of @img for @usage (EGL_READ/WRITE_BIT_SHAREDBUF). */
bool alloc_egl_lock(EGLImage img, EGLAttrib usage, uint8_t **data,
		    EGLint *stride);
/* Unlocks plane 0, closing any release fence. */
bool alloc_egl_unlock(EGLImage img);

/* The cases in egl_errors.c. */
bool alloc_egl_errors(void);
bool alloc_egl_vivid(void);

#endif

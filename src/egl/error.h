/* SPDX-License-Identifier: MIT */
/*
 * The only code that sets EGL errors. Core code returns reasons; entry
 * points map them here, set the error once through glvnd (so eglGetError
 * reports the layer's verdict, not the next vendor's last one), log it and
 * pass it to the application's EGL_KHR_debug callback.
 *
 * Error order, as EGL's own: a layer entry point first checks its display
 * (sb_entry_begin(): EGL_BAD_DISPLAY, then EGL_NOT_INITIALIZED), and only
 * then its other arguments.
 */
#ifndef SB_ERROR_H
#define SB_ERROR_H

#include <EGL/egl.h>

#include "attribs.h"
#include "layout.h"

/* The EGL error for each reason: EGL_EXT_image_dma_buf_import(_modifiers)
 * where it names one, Mesa's choice where it is silent. */
EGLint sb_egl_error_for_attribs(enum sb_attribs_result r);
EGLint sb_egl_error_for_layout(enum sb_layout_result r);

/* Sets @error as the thread's EGL error, logs @what at info level (error
 * level would flood a compositor fed by a hostile client) and reports it
 * to the application's EGL_KHR_debug callback with the command the thread
 * is in (debug.h) and @what as the message. The callback is the
 * application's code and may call EGL: never call this with a lock held. */
void sb_egl_fail(EGLint error, const char *what);

/* Sets EGL_SUCCESS: a layer call that worked, so eglGetError reports the
 * layer's verdict rather than the next vendor's last one. */
void sb_egl_ok(void);

#endif

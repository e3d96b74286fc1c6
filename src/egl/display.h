/* SPDX-License-Identifier: MIT */
/*
 * Per-display facts the layer needs: the next vendor's extensions, the
 * extension string with the layer's own names added, and whether a context
 * of the display is current on this thread.
 */
#ifndef SB_DISPLAY_H
#define SB_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <EGL/egl.h>

#include "dispatch.h"

/* Does the next vendor list @name for @dpy (after eglInitialize)? */
bool sb_display_has_extension(EGLDisplay dpy, const char *name);

/* Is a context of @dpy current on the calling thread? */
bool sb_display_context_current(EGLDisplay dpy);

/* Does the layer use the driver's EGL_ANDROID_native_fence_sync on @dpy?
 * Yes when listed, unless SHAREDBUF_DRIVER_FENCES=0 (tests the layer's own
 * syncs on drivers that have them). */
bool sb_display_native_fences(EGLDisplay dpy);

/* What the layer learnt of @dpy's native fences: -1 not yet known, 0 they
 * carry the driver's pending work, 1 they are the kernel's always-signalled
 * stub (llvmpipe). Forgotten with the display. */
int sb_display_stub_fences(EGLDisplay dpy);
void sb_display_set_stub_fences(EGLDisplay dpy, bool stub);

/* Forgets what was cached for @dpy (eglTerminate), or for all (unload).
 * Extension strings handed out stay valid until unload. */
void sb_display_forget(EGLDisplay dpy);
void sb_display_forget_all(void);

/* pthread_atfork: takes the display cache's mutex before fork(),
 * releases it after, in the parent and in the child. */
void sb_display_fork_prepare(void);
void sb_display_fork_done(void);

extern const struct sb_wrap sb_display_wraps[];
extern const size_t sb_display_wrap_count;

#endif

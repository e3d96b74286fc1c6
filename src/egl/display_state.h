/* SPDX-License-Identifier: MIT */
/*
 * What the layer knows of each display's life without asking the driver:
 * whether it is initialised (the layer wraps eglInitialize; eglTerminate's
 * wrapper reports here) and its EGL_KHR_debug label. One record per display
 * handle, kept until the layer is unloaded (EGL never frees a display
 * handle); lookups take no lock and make no driver call.
 *
 * EGL initialisation is not counted: eglInitialize twice, then eglTerminate
 * once, leaves the display terminated. Where the next vendor offers
 * EGL_KHR_display_reference (Mesa 25 does not), a display may stay
 * initialised after eglTerminate; the layer then keeps treating it as
 * initialised and leaves the verdict to its later checks.
 */
#ifndef SB_DISPLAY_STATE_H
#define SB_DISPLAY_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "dispatch.h"

/* Was @dpy initialised through the layer, and not terminated since? */
bool sb_display_state_initialised(EGLDisplay dpy);

/* eglTerminate(@dpy) succeeded: called by its wrapper (image.c). */
void sb_display_state_terminated(EGLDisplay dpy);

/* The label the application gave @dpy with eglLabelObjectKHR, or NULL. */
EGLLabelKHR sb_display_state_label(EGLDisplay dpy);
void sb_display_state_set_label(EGLDisplay dpy, EGLLabelKHR label);

extern const struct sb_wrap sb_display_state_wraps[];
extern const size_t sb_display_state_wrap_count;

#endif

/* SPDX-License-Identifier: MIT */
/*
 * What the layer knows of each display's life without asking the driver:
 * whether it is initialised (the layer wraps eglInitialize; eglTerminate's
 * wrapper calls the driver through here), its EGL_KHR_debug label, and the slot
 * where display_caps.c keeps what the driver lists for it. One record per
 * display handle, kept until the layer is unloaded (EGL never frees a display
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

/* eglTerminate's wrapper (image.c): calls @next_terminate(@dpy) and, if it
 * succeeds, @forget(@dpy), drops what display_caps.c kept of the display's
 * lists and marks it terminated, all serialised with eglInitialize of the
 * same display (display_state.c says why). Returns the driver's result. */
EGLBoolean sb_display_state_terminate(EGLDisplay dpy,
				      PFNEGLTERMINATEPROC next_terminate,
				      void (*forget)(EGLDisplay dpy));

/* @dpy's slot for display_caps.c, NULL if it has no record (never
 * initialised through the layer); it lives until unload. */
struct sb_display_caps_slot *sb_display_state_caps(EGLDisplay dpy);

/* sb_display_state_initialised() and sb_display_state_caps() in one
 * lookup: @dpy's slot if it is initialised, else NULL. */
struct sb_display_caps_slot *sb_display_state_caps_initialised(EGLDisplay dpy);

/* The label the application gave @dpy with eglLabelObjectKHR, or NULL. */
EGLLabelKHR sb_display_state_label(EGLDisplay dpy);
void sb_display_state_set_label(EGLDisplay dpy, EGLLabelKHR label);

extern const struct sb_wrap sb_display_state_wraps[];
extern const size_t sb_display_state_wrap_count;

/* pthread_atfork (main.c): takes the display records' mutex before fork(),
 * releases it after, in the parent and in the child. */
void sb_display_state_fork_prepare(void);
void sb_display_state_fork_done(void);

#endif

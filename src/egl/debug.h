/* SPDX-License-Identifier: MIT */
/*
 * EGL_KHR_debug for the layer's own errors.
 *
 * libglvnd implements eglDebugMessageControlKHR, eglQueryDebugKHR and
 * eglLabelObjectKHR for the application: it keeps the callback and answers
 * eglQueryDebugKHR itself, and passes the callback and every label on to
 * each vendor's eglDebugMessageControlKHR and eglLabelObjectKHR (thread
 * labels on the labelling thread, object labels to the display's vendor).
 * The layer wraps those two: it keeps what glvnd passes and forwards it to
 * the next vendor, whose own errors thus still reach the callback.
 *
 * Each layer entry point names itself first (sb_debug_begin(), as Mesa's
 * _EGL_FUNC_START); sb_egl_fail() then reports through sb_debug_report().
 */
#ifndef SB_DEBUG_H
#define SB_DEBUG_H

#include <stddef.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "dispatch.h"

/* The calling thread enters EGL command @command on @dpy: later reports on
 * this thread carry @command and @dpy's label (EGL_NO_DISPLAY: none). */
void sb_debug_begin(const char *command, EGLDisplay dpy);

/* Keeps @reason (copied) as the detail of the thread's next report in this
 * command: for checks that return an error for their caller to raise. */
void sb_debug_note(const char *reason);

/* The command the calling thread is in, or NULL. */
const char *sb_debug_command(void);

/* Calls the application's callback, if it has one and enabled the type:
 * EGL_DEBUG_MSG_CRITICAL_KHR for EGL_BAD_ALLOC, EGL_DEBUG_MSG_ERROR_KHR
 * for other errors (as Mesa). With the command, the thread's label, the
 * display's label and @message (with the noted reason, if any). */
void sb_debug_report(EGLint error, const char *message);

extern const struct sb_wrap sb_debug_wraps[];
extern const size_t sb_debug_wrap_count;

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The layer's own EGL entry points (eglCreateImageSyncSHAREDBUF, ...) and
 * their glvnd dispatch stubs. eglGetProcAddress hands the application the
 * stub (from getDispatchAddress); the stub finds the vendor of its display
 * and calls what that vendor's getProcAddress gave for the name (for the
 * layer's displays, the real function). glvnd numbers the stubs through
 * setDispatchIndex.
 */
#ifndef SB_ENTRY_H
#define SB_ENTRY_H

#include <stdbool.h>
#include <EGL/egl.h>

struct sb_display_caps_slot;

/* The real function of a layer entry point @name, or NULL. */
void *sb_entry_proc(const char *name);

/* The dispatch stub of layer entry point @name, or NULL. */
void *sb_entry_stub(const char *name);

/* What every layer entry point does first, in EGL's error order: names
 * @command for EGL_KHR_debug reports (debug.h), then checks @dpy:
 * EGL_BAD_DISPLAY if no vendor knows it, EGL_NOT_INITIALIZED if it is the
 * layer's and not initialised (never, or terminated since). False with the
 * error set and reported; no driver call. */
bool sb_entry_begin(EGLDisplay dpy, const char *command);

/* sb_entry_begin() for a wrapped EGL function that glvnd dispatches by
 * display (eglCreateImage, ...): glvnd found the vendor of @dpy, the
 * layer's, before calling (EGL_BAD_DISPLAY is glvnd's), so only the
 * layer's EGL_NOT_INITIALIZED check is left. */
bool sb_entry_begin_dispatched(EGLDisplay dpy, const char *command);

/* sb_entry_begin_dispatched() that also hands back the display's slot for
 * display_caps.c (one display lookup for both): NULL with the error set. */
struct sb_display_caps_slot *sb_entry_begin_caps(EGLDisplay dpy,
						 const char *command);

/* Records glvnd's index for @name; false if @name is not the layer's. */
bool sb_entry_set_index(const char *name, int index);

#endif

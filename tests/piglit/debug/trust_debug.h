/* SPDX-License-Identifier: MIT */
/* trust-debug's shared parts: the layer's entry points, a callback that
 * records what it is given, an import helper. See debug.c. */
#ifndef SB_TEST_TRUST_DEBUG_H
#define SB_TEST_TRUST_DEBUG_H

#include <stdbool.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "sharedbuf/sharedbuf.h"

#define W 16
#define H 16

extern struct trust_fn {
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach;
	/* from eglGetProcAddress: epoxy would want a current display */
	PFNEGLCREATEIMAGEPROC create_image;
	PFNEGLCREATEIMAGEKHRPROC create_image_khr;
	PFNEGLDESTROYIMAGEPROC destroy_image;
	PFNEGLDESTROYSYNCPROC destroy_sync;
} fn;

/* What the callback saw last, and how often it was called. */
extern struct trust_seen {
	int calls;
	EGLenum error;
	char command[64];
	EGLint type;
	EGLLabelKHR thread_label, object_label;
	char message[256];
} seen;

void EGLAPIENTRY trust_callback(EGLenum error, const char *command, EGLint type,
				EGLLabelKHR thread_label,
				EGLLabelKHR object_label, const char *message);

/* Forgets what the callback saw. */
void trust_forget(void);

/* The layer's four entry points into fn; false if one is missing. */
bool trust_get_entry_points(void);

/* An XRGB8888 W x H import of @buf's dma-buf (NULL: fd -1) at @offset,
 * through eglCreateImage. */
EGLImage trust_import(EGLDisplay dpy, const struct sharedbuf_buffer *buf,
		      EGLAttrib offset);

/* The EGL device platform's software device display, not initialised by
 * this call; EGL_NO_DISPLAY if there is none. */
EGLDisplay trust_device_display(void);

/* The cases (callback.c, order.c). */
bool trust_callback_case(void);
bool trust_error_order_case(void);
/* eglCreateImage's errors on EGL_NO_DISPLAY, a bogus handle, a display not
 * initialised and a terminated one (@dpy, left terminated). */
void trust_create_image_errors(EGLDisplay dpy, EGLint out[4]);

#endif

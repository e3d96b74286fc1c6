/* SPDX-License-Identifier: MIT */
/* The layer's process-wide state, set once by __egl_Main. */
#ifndef SB_LAYER_H
#define SB_LAYER_H

#include <stdatomic.h>
#include <stdint.h>

#include <glvnd/libeglabi.h>
#include "next_vendor.h"

struct sb_layer {
	const __EGLapiExports *glvnd; /* libEGL's exports */
	__EGLvendorInfo *vendor;      /* glvnd's record of this layer */
	struct sb_next_vendor next;   /* the wrapped vendor */
	atomic_uint_fast64_t images_created;
	atomic_uint_fast64_t dmabuf_imports;
	atomic_uint_fast64_t images_destroyed;
	atomic_uint_fast64_t display_lists_asked; /* display_caps.c */
	atomic_uint_fast64_t sync_server_waits;	  /* sync_calls.c */
};

extern struct sb_layer sb_layer;

/* The next vendor's real function @name (never a dispatch stub), or NULL. */
void *sb_layer_next_proc(const char *name);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Introspection of the EGL layer, for tests and tools. The layer
 * (libEGL_sharedbuf.so.0) is loaded by libglvnd, not linked, so look the
 * function up at run time:
 *
 *   void *h = dlopen("libEGL_sharedbuf.so.0", RTLD_LAZY | RTLD_NOLOAD);
 *   sharedbuf_layer_get_stats_fn get = dlsym(h, "sharedbuf_layer_get_stats");
 *
 * A NULL handle means the layer is not in this process's EGL call path.
 */
#ifndef SHAREDBUF_LAYER_H
#define SHAREDBUF_LAYER_H

#include <stddef.h>
#include <stdint.h>

struct sharedbuf_layer_stats {
	uint64_t images_created;   /* eglCreateImage{,KHR} that succeeded */
	uint64_t dmabuf_imports;   /* of those, target EGL_LINUX_DMA_BUF_EXT */
	uint64_t images_destroyed; /* eglDestroyImage{,KHR} that succeeded */
	const char *next_vendor;   /* library the layer forwards to */
	const char *next_json;	   /* the vendor JSON it came from, or "" */
	uint64_t images_recorded;  /* dma-buf images in the registry now */
	uint64_t fds_held;	   /* plane fds the layer keeps for them */
	uint64_t layer_syncs;	   /* EGLSyncs the layer owns, alive now */
	/* Times the layer asked a driver what a display lists (formats,
	 * modifiers, extensions): once per display and eglInitialize, more
	 * only when threads race to its first lookup. */
	uint64_t display_lists_asked;
	/* eglWaitSync{,KHR} on a layer sync that the driver waited on the
	 * server (a native fence sync made for the wait), not the CPU. */
	uint64_t sync_server_waits;
	/* New members go last: callers pass their sizeof. */
};

/* Fills the first @size bytes of @out (pass sizeof(*out)): callers built
 * against an older, shorter struct keep working. Exported by the layer
 * only; look it up with dlsym as above. */
void sharedbuf_layer_get_stats(struct sharedbuf_layer_stats *out, size_t size);
typedef void (*sharedbuf_layer_get_stats_fn)(struct sharedbuf_layer_stats *out,
					     size_t size);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Which path each of the layer's extensions takes on this machine, decided
 * as the layer decides it (src/egl/image_sync.c, src/fence/path.c): the
 * kernel's fence path, what the driver's native fences carry, who owns an
 * image sync, and whether the display offers the extensions at all. The
 * text and JSON reports print the same sentences.
 */
#ifndef SB_INFO_PATHS_H
#define SB_INFO_PATHS_H

#include <stdbool.h>

struct info_report;

#define PATHS_EXT_COUNT 2
extern const char *const paths_ext_names[PATHS_EXT_COUNT];

struct info_paths {
	const char *fences; /* "sync_file", "poll"; NULL: no dma-buf */
	const char *fences_text;
	const char *fence_path_env; /* $SHAREDBUF_FENCE_PATH, or NULL */
	/* "stub", "real", "none" (no EGL_ANDROID_native_fence_sync);
	 * NULL when they could not be probed */
	const char *driver_fences;
	char driver_fences_text[192];
	const char *image_syncs; /* "driver", "layer"; NULL: no extension */
	char image_syncs_text[192];
	const char *driver_fences_env; /* $SHAREDBUF_DRIVER_FENCES, or NULL */
	bool ext_listed[PATHS_EXT_COUNT];
	const char *ext_why_not[PATHS_EXT_COUNT]; /* NULL when listed */
};

void paths_describe(const struct info_report *r, struct info_paths *p);

#endif

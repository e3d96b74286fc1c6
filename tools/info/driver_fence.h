/* SPDX-License-Identifier: MIT */
/*
 * What the driver's native fences (EGL_ANDROID_native_fence_sync) carry.
 * A driver with nothing real to give hands out the kernel's stub fence,
 * signalled from birth: the layer then waits on the CPU before it attaches
 * GL work to a buffer (src/egl/image_sync.c). This asks the driver for one
 * fence after real GL work and reads its fences' driver names.
 */
#ifndef SB_INFO_DRIVER_FENCE_H
#define SB_INFO_DRIVER_FENCE_H

#include <stdbool.h>
#include <epoxy/egl.h>

#define INFO_MAX_FENCES 8

struct info_driver_fences {
	bool extension; /* the display has EGL_ANDROID_native_fence_sync */
	bool probed;	/* a fence was made and inspected */
	bool stub;	/* when probed: every fence is the kernel's stub */
	int n_fences;	/* in the sync_file; names of the first few below */
	char names[INFO_MAX_FENCES][32]; /* SYNC_IOC_FILE_INFO driver_name */
	char why[96];			 /* when not probed */
};

/* Fills @out for @dpy, whose GLES context is current when @current. Leaves
 * GL and EGL as it found them: every fd closed, the sync destroyed. */
void info_driver_fences_probe(EGLDisplay dpy, bool current,
			      struct info_driver_fences *out);

/* The first fence driver that is not "stub", else "stub" (or "-"). */
const char *info_driver_fences_name(const struct info_driver_fences *f);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The EGL half of the report: which vendor glvnd loaded and whether the
 * sharedbuf layer sits in the call path, every EGL device, and the display
 * of the software device (the one tests use) with its strings, GL
 * renderer, dma-buf formats and what its native fences carry.
 *
 * Strings point into EGL, GL and the layer: they stay valid until
 * egl_report_finish(), which tears the display down.
 */
#ifndef SB_INFO_EGL_REPORT_H
#define SB_INFO_EGL_REPORT_H

#include <stdbool.h>

#include "driver_fence.h"
#include "egl_env.h"
#include "egl_formats.h"
#include "sharedbuf/layer.h"

#define INFO_MAX_DEVICES 16
#define INFO_MAX_VENDORS 8

struct info_device {
	EGLDeviceEXT dev;
	const char *extensions;	 /* NULL when it cannot be queried */
	const char *drm_file;	 /* EGL_DRM_DEVICE_FILE_EXT, or NULL */
	const char *render_node; /* EGL_DRM_RENDER_NODE_FILE_EXT, or NULL */
	const char *renderer;	 /* EGL_RENDERER_EXT (device_query_name) */
	bool software;		 /* EGL_MESA_device_software */
};

struct egl_report {
	/* glvnd: the variable that chose the vendor JSONs, if any */
	const char *select_var, *select_value;
	const char *next_env; /* $SHAREDBUF_NEXT_VENDOR, or NULL */
	/* EGL vendor libraries (libEGL_*) in this process: glvnd's and,
	 * with the layer, the one the layer wraps. Owned (strdup). */
	char *vendors[INFO_MAX_VENDORS];
	int n_vendors;
	bool layer; /* libEGL_sharedbuf.so.0 is loaded: calls go through */
	struct sharedbuf_layer_stats stats; /* when layer */

	const char *client_extensions;
	bool devices_ok; /* eglQueryDevicesEXT answered */
	struct info_device devices[INFO_MAX_DEVICES];
	int n_devices;
	/* Some device is listed twice: glvnd loaded the layer and its next
	 * vendor side by side, and displays from the second bypass the
	 * layer (src/egl/README.md). */
	bool devices_twice;

	/* The display: sb_test_egl_init's, on the software device. */
	struct sb_test_egl egl;
	int device;	  /* its index in devices[], or -1 */
	bool initialised; /* eglInitialize succeeded */
	bool current;	  /* a GLES 2 context is current */
	char why[160];	  /* why not, when either is false */
	const char *vendor, *version, *client_apis, *extensions, *driver;
	const char *gl_renderer, *gl_version;
	struct info_formats formats;
	struct info_driver_fences driver_fences;
};

/* Fills @r. True when EGL is usable: the display is initialised and a GLES
 * context is current. Call egl_report_finish() either way. */
bool egl_report_gather(struct egl_report *r);

void egl_report_finish(struct egl_report *r);

#endif

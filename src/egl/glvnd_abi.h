/* SPDX-License-Identifier: MIT */
/*
 * The libglvnd EGL vendor ABI, major version 0, written from its
 * documentation (libglvnd's include/glvnd/libeglabi.h describes it; Debian
 * 12's libglvnd-dev does not ship that header). Only the layout and the
 * calling conventions matter: glvnd hands a vendor a table of its own
 * functions (exports) and the vendor fills a table of callbacks (imports).
 *
 * Every member is a function pointer, in the order of the ABI; the order is
 * the contract and must not change.
 */
#ifndef SB_GLVND_ABI_H
#define SB_GLVND_ABI_H

#include <stdint.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#define SB_GLVND_ABI_MAJOR 0u
#define SB_GLVND_ABI_MINOR 2u

static inline uint32_t sb_glvnd_abi_major(uint32_t version)
{
	return version >> 16;
}

/* Opaque: glvnd's per-vendor record, passed back to glvnd unchanged. */
typedef struct __EGLvendorInfoRec __EGLvendorInfo;

typedef void (*sb_glvnd_proc)(void);

/* Functions libEGL (glvnd) provides to vendors. Valid while loaded. */
typedef struct __EGLapiExportsRec {
	void (*threadInit)(void);
	EGLenum (*getCurrentApi)(void);
	__EGLvendorInfo *(*getCurrentVendor)(void);
	EGLContext (*getCurrentContext)(void);
	EGLDisplay (*getCurrentDisplay)(void);
	EGLSurface (*getCurrentSurface)(EGLint readDraw);
	/* The function a vendor's getProcAddress gave for dispatch @index. */
	sb_glvnd_proc (*fetchDispatchEntry)(__EGLvendorInfo *vendor, int index);
	/* Sets the thread's EGL error; overrides setLastVendor. */
	void (*setEGLError)(EGLint error);
	/* eglGetError will ask @vendor; overrides setEGLError. */
	EGLBoolean (*setLastVendor)(__EGLvendorInfo *vendor);
	__EGLvendorInfo *(*getVendorFromDisplay)(EGLDisplay dpy);
	__EGLvendorInfo *(*getVendorFromDevice)(EGLDeviceEXT dev);
	/* Since ABI 0.2. */
	EGLBoolean (*setVendorForDevice)(EGLDeviceEXT dev,
					 __EGLvendorInfo *vendor);
} __EGLapiExports;

/* Callbacks a vendor fills in. (OPTIONAL) members may be NULL. */
typedef struct __EGLapiImportsRec {
	/* eglGetDisplay / eglGetPlatformDisplay; EGL_NO_DISPLAY if not ours. */
	EGLDisplay (*getPlatformDisplay)(EGLenum platform, void *native,
					 const EGLAttrib *attrib_list);
	/* Does the vendor support this eglBindAPI value? */
	EGLBoolean (*getSupportsAPI)(EGLenum api);
	/* (OPTIONAL) Strings outside eglQueryString: 0 = platform
	 * extensions. */
	const char *(*getVendorString)(int name);
	/* The real EGL or GL function @name, never a dispatch stub. */
	void *(*getProcAddress)(const char *name);
	/* A display-dispatching stub for an EGL extension function. */
	void *(*getDispatchAddress)(const char *name);
	/* glvnd tells the dispatch index it gave to extension @name. */
	void (*setDispatchIndex)(const char *name, int index);
	/* (OPTIONAL) entry-point patching, unused by sharedbuf. */
	sb_glvnd_proc isPatchSupported;
	sb_glvnd_proc initiatePatch;
	sb_glvnd_proc releasePatch;
	sb_glvnd_proc patchThreadAttach;
	/* (OPTIONAL) Which platform a native display belongs to, or
	 * EGL_NONE. */
	EGLenum (*findNativeDisplayPlatform)(void *native);
} __EGLapiImports;

typedef EGLBoolean (*sb_egl_main_fn)(uint32_t version,
				     const __EGLapiExports *exports,
				     __EGLvendorInfo *vendor,
				     __EGLapiImports *imports);

#define SB_GLVND_MAIN_NAME "__egl_Main"

/* The vendor's entry point, called once by glvnd: accept @version (major
 * must match), keep @exports and @vendor, fill @imports. */
EGLBoolean __egl_Main(uint32_t version, const __EGLapiExports *exports,
		      __EGLvendorInfo *vendor, __EGLapiImports *imports);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * import-unknown-vendor.so: the next vendor of import-unknown@* (named by
 * SHAREDBUF_NEXT_VENDOR). It is Mesa, read from the vendor JSON in
 * $SHAREDBUF_MESA_JSON, with one more dma-buf format: SB_TEST_ALIAS_FOURCC,
 * a fourcc no table knows, listed and imported as XRGB8888. A driver that
 * lists a format sharedbuf's layout table lacks, without patching either:
 * Mesa 25's llvmpipe lists none (specs/SHAREDBUF_strict_dma_buf_import.txt,
 * Issue 2).
 *
 * Only what the layer asks through getProcAddress changes: its format and
 * modifier queries and the image creation it forwards. Everything else is
 * Mesa's, callbacks included.
 *
 * With SB_TEST_EXPORT=fail or =other (import-lazy@export-*), it is also a
 * driver that stops giving imported images' dma-bufs back: the first
 * eglExportDMABUFImageMESA (the layer's probe) is Mesa's, every later one
 * fails (fail: Mesa's EGL_BAD_PARAMETER, from an export of no image) or
 * gives the first export's dma-buf instead of the image's (other).
 * Either way it counts the exports asked of it: sb_test_exports_made.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <drm_fourcc.h>
#include <glvnd/libeglabi.h>
#include <json-c/json.h>

#include "unknown_vendor.h"

#define MAX_ATTRIBS 64

static void *(*next_get_proc)(const char *name);
static PFNEGLQUERYDMABUFFORMATSEXTPROC next_formats;
static PFNEGLQUERYDMABUFMODIFIERSEXTPROC next_modifiers;
static PFNEGLCREATEIMAGEPROC next_create;
static PFNEGLCREATEIMAGEKHRPROC next_create_khr;
static PFNEGLEXPORTDMABUFIMAGEMESAPROC next_export;
/* Exports asked of it so far (import-lazy@many-formats reads it). */
__attribute__((visibility("default"))) int sb_test_exports_made;
static int first_dmabuf = -1; /* SB_TEST_EXPORT=other: what it gives */

static EGLBoolean EGLAPIENTRY formats(EGLDisplay dpy, EGLint max, EGLint *list,
				      EGLint *num)
{
	EGLint n = 0;

	if (!next_formats(dpy, max, list, &n))
		return EGL_FALSE;
	if (max == 0) /* a count: with the alias, after Mesa's formats */
		n++;
	else if (list && n < max)
		list[n++] = (EGLint)SB_TEST_ALIAS_FOURCC;
	*num = n;
	return EGL_TRUE;
}

static EGLint real(EGLint fourcc)
{
	return fourcc == (EGLint)SB_TEST_ALIAS_FOURCC
		       ? (EGLint)DRM_FORMAT_XRGB8888
		       : fourcc;
}

static EGLBoolean EGLAPIENTRY modifiers(EGLDisplay dpy, EGLint format,
					EGLint max, EGLuint64KHR *mods,
					EGLBoolean *external, EGLint *num)
{
	return next_modifiers(dpy, real(format), max, mods, external, num);
}

static EGLImage EGLAPIENTRY create(EGLDisplay dpy, EGLContext ctx,
				   EGLenum target, EGLClientBuffer buffer,
				   const EGLAttrib *attribs)
{
	EGLAttrib a[MAX_ATTRIBS * 2 + 1];
	size_t i;

	for (i = 0; attribs && attribs[i] != EGL_NONE && i < MAX_ATTRIBS * 2;
	     i += 2) {
		a[i] = attribs[i];
		a[i + 1] = attribs[i] == EGL_LINUX_DRM_FOURCC_EXT
				   ? (EGLAttrib)real((EGLint)attribs[i + 1])
				   : attribs[i + 1];
	}
	a[i] = EGL_NONE;
	return next_create(dpy, ctx, target, buffer, attribs ? a : NULL);
}

static EGLImageKHR EGLAPIENTRY create_khr(EGLDisplay dpy, EGLContext ctx,
					  EGLenum target,
					  EGLClientBuffer buffer,
					  const EGLint *attribs)
{
	EGLint a[MAX_ATTRIBS * 2 + 1];
	size_t i;

	for (i = 0; attribs && attribs[i] != EGL_NONE && i < MAX_ATTRIBS * 2;
	     i += 2) {
		a[i] = attribs[i];
		a[i + 1] = attribs[i] == EGL_LINUX_DRM_FOURCC_EXT
				   ? real(attribs[i + 1])
				   : attribs[i + 1];
	}
	a[i] = EGL_NONE;
	return next_create_khr(dpy, ctx, target, buffer, attribs ? a : NULL);
}

static EGLBoolean EGLAPIENTRY export(EGLDisplay dpy, EGLImage image, int *fds,
				     EGLint *strides, EGLint *offsets)
{
	const char *mode = getenv("SB_TEST_EXPORT");
	EGLBoolean ok;

	if (sb_test_exports_made++ == 0 || !mode) {
		ok = next_export(dpy, image, fds, strides, offsets);
		if (ok && mode && fds && fds[0] >= 0)
			first_dmabuf = fcntl(fds[0], F_DUPFD_CLOEXEC, 0);
		return ok;
	}
	if (strcmp(mode, "other") != 0)
		return next_export(dpy, EGL_NO_IMAGE, fds, strides, offsets);
	ok = next_export(dpy, image, fds, strides, offsets);
	if (ok && fds && fds[0] >= 0) {
		close(fds[0]);
		fds[0] = fcntl(first_dmabuf, F_DUPFD_CLOEXEC, 0);
	}
	return ok;
}

static void *get_proc(const char *name)
{
	static const struct {
		const char *name;
		void *fn;
	} ours[] = {
		{"eglQueryDmaBufFormatsEXT", (void *)formats},
		{"eglQueryDmaBufModifiersEXT", (void *)modifiers},
		{"eglCreateImage", (void *)create},
		{"eglCreateImageKHR", (void *)create_khr},
		{"eglExportDMABUFImageMESA", (void *)export},
	};

	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++) {
		if (strcmp(name, ours[i].name) == 0)
			return ours[i].fn;
	}
	return next_get_proc(name);
}

/* Mesa's library, from its vendor JSON ("ICD": {"library_path": ...}). */
static void *open_mesa(void)
{
	const char *path = getenv("SHAREDBUF_MESA_JSON");
	json_object *root, *icd, *lib;
	void *handle = NULL;

	if (!path) {
		fprintf(stderr,
			"import-unknown-vendor: no SHAREDBUF_MESA_JSON\n");
		return NULL;
	}
	root = json_object_from_file(path);
	if (root && json_object_object_get_ex(root, "ICD", &icd) &&
	    json_object_object_get_ex(icd, "library_path", &lib))
		handle = dlopen(json_object_get_string(lib),
				RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		const char *err = dlerror();

		fprintf(stderr, "import-unknown-vendor: %s: %s\n", path,
			err ? err : "no ICD.library_path");
	}
	json_object_put(root);
	return handle;
}

__attribute__((visibility("default"))) EGLBoolean
__egl_Main(uint32_t version, const __EGLapiExports *exports,
	   __EGLvendorInfo *vendor, __EGLapiImports *imports)
{
	void *mesa = open_mesa();
	__PFNEGLMAINPROC mesa_main =
		mesa ? (__PFNEGLMAINPROC)dlsym(mesa, __EGL_MAIN_PROTO_NAME)
		     : NULL;

	if (!mesa_main || !mesa_main(version, exports, vendor, imports))
		return EGL_FALSE;
	next_get_proc = imports->getProcAddress;
	next_formats = next_get_proc("eglQueryDmaBufFormatsEXT");
	next_modifiers = next_get_proc("eglQueryDmaBufModifiersEXT");
	next_create = next_get_proc("eglCreateImage");
	next_create_khr = next_get_proc("eglCreateImageKHR");
	next_export = next_get_proc("eglExportDMABUFImageMESA");
	if (!next_formats || !next_modifiers || !next_create ||
	    !next_create_khr || !next_export) {
		fprintf(stderr, "import-unknown-vendor: Mesa lacks an entry "
				"point\n");
		return EGL_FALSE;
	}
	imports->getProcAddress = get_proc;
	return EGL_TRUE;
}

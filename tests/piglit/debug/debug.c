/* SPDX-License-Identifier: MIT */
/*
 * trust-debug: the layer's errors reach EGL_KHR_debug, in EGL's order.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt (and _image_fence.txt):
 *   "The display is checked before any other argument: if <dpy> is not
 *    a display of any vendor, EGL_BAD_DISPLAY is generated; if it is a
 *    display of the sharedbuf layer that is not initialised (never, or
 *    terminated since [...]), EGL_NOT_INITIALIZED is generated. Each error
 *    is also passed to the callback registered with
 *    eglDebugMessageControlKHR (EGL_KHR_debug), if its type is enabled
 *    [...] with the function's name as <command>, the thread's label, the
 *    display's label as <objectLabel> and a message saying why."
 *
 * usage: trust-debug callback      the callback gets layer and Mesa errors
 *        trust-debug error-order   display checks first, as bare Mesa
 *        trust-debug bare          (run by error-order, bare vendor) prints
 *                                  eglCreateImage's errors on bad displays
 */
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>

#include "trust_debug.h" /* epoxy first: it replaces EGL/egl.h */
#include "check.h"
#include "piglit.h"

struct trust_fn fn;
struct trust_seen seen;

void EGLAPIENTRY trust_callback(EGLenum error, const char *command, EGLint type,
				EGLLabelKHR thread_label,
				EGLLabelKHR object_label, const char *message)
{
	seen.calls++;
	seen.error = error;
	snprintf(seen.command, sizeof(seen.command), "%s",
		 command ? command : "(null)");
	seen.type = type;
	seen.thread_label = thread_label;
	seen.object_label = object_label;
	snprintf(seen.message, sizeof(seen.message), "%s",
		 message ? message : "");
}

void trust_forget(void)
{
	memset(&seen, 0, sizeof(seen));
}

bool trust_get_entry_points(void)
{
	fn.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	fn.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	fn.create_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	fn.attach = (PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglImageAttachSyncSHAREDBUF");
	return fn.lock && fn.unlock && fn.create_sync && fn.attach;
}

static void get_core(void)
{
	fn.create_image =
		(PFNEGLCREATEIMAGEPROC)eglGetProcAddress("eglCreateImage");
	fn.create_image_khr = (PFNEGLCREATEIMAGEKHRPROC)eglGetProcAddress(
		"eglCreateImageKHR");
	fn.destroy_image =
		(PFNEGLDESTROYIMAGEPROC)eglGetProcAddress("eglDestroyImage");
	fn.destroy_sync =
		(PFNEGLDESTROYSYNCPROC)eglGetProcAddress("eglDestroySync");
	if (!fn.create_image || !fn.create_image_khr || !fn.destroy_image ||
	    !fn.destroy_sync)
		piglit_fail("eglGetProcAddress gave no core function");
}

/* An import of @buf's dma-buf; @offset past its end makes it malformed
 * (bare Mesa 25 accepts that one; the layer refuses it). */
EGLImage trust_import(EGLDisplay dpy, const struct sharedbuf_buffer *buf,
		      EGLAttrib offset)
{
	const EGLAttrib attribs[] = {
		EGL_WIDTH,
		W,
		EGL_HEIGHT,
		H,
		EGL_LINUX_DRM_FOURCC_EXT,
		DRM_FORMAT_XRGB8888,
		EGL_DMA_BUF_PLANE0_FD_EXT,
		buf ? buf->fd : -1,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		offset,
		EGL_DMA_BUF_PLANE0_PITCH_EXT,
		buf ? buf->pitch : W * 4,
		EGL_NONE,
	};

	return fn.create_image(dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, NULL,
			       attribs);
}

/* The display of the EGL device platform's software device, not
 * initialised by this call. */
EGLDisplay trust_device_display(void)
{
	EGLDeviceEXT devices[16];
	EGLint count = 0;

	if (!eglQueryDevicesEXT(16, devices, &count))
		return EGL_NO_DISPLAY;
	for (EGLint i = 0; i < count; i++) {
		const char *ext =
			eglQueryDeviceStringEXT(devices[i], EGL_EXTENSIONS);

		if (ext && strstr(ext, "EGL_MESA_device_software"))
			return eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT,
							devices[i], NULL);
	}
	return EGL_NO_DISPLAY;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	bool ok;

	get_core();
	if (strcmp(c, "bare") == 0) {
		EGLDisplay dpy = trust_device_display();
		EGLint e[4];

		if (dpy == EGL_NO_DISPLAY)
			return 1;
		trust_create_image_errors(dpy, e);
		printf("%x %x %x %x\n", e[0], e[1], e[2], e[3]);
		return 0;
	}
	if (strcmp(c, "callback") == 0)
		ok = trust_callback_case();
	else if (strcmp(c, "error-order") == 0)
		ok = trust_error_order_case();
	else {
		fprintf(stderr, "usage: %s callback|error-order\n", argv[0]);
		return 2;
	}
	if (!ok)
		piglit_fail("%d checks failed", sb_check_failures());
	piglit_report_result(PIGLIT_PASS);
}

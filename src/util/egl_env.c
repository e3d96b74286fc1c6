/* SPDX-License-Identifier: MIT */
#include "egl_env.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gbm_node.h"
#include "sharedbuf/sharedbuf.h"

#define MAX_DEVICES 16

static EGLDisplay software_device_display(void)
{
	EGLDeviceEXT devices[MAX_DEVICES];
	EGLint count = 0;

	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_base") &&
	    !epoxy_has_egl_extension(EGL_NO_DISPLAY,
				     "EGL_EXT_device_enumeration"))
		return EGL_NO_DISPLAY;
	if (!eglQueryDevicesEXT(MAX_DEVICES, devices, &count))
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

/* eglInitialize of egl->dpy, then a GLES 2 context with no config made
 * current with no surface. */
static bool make_current(struct sb_test_egl *egl, char *why, size_t n)
{
	static const EGLint ctx_attribs[] = {EGL_CONTEXT_CLIENT_VERSION, 2,
					     EGL_NONE};
	EGLint major, minor;

	if (!eglInitialize(egl->dpy, &major, &minor)) {
		snprintf(why, n, "eglInitialize: 0x%x", eglGetError());
		return false;
	}
	if (!epoxy_has_egl_extension(egl->dpy, "EGL_KHR_no_config_context") ||
	    !epoxy_has_egl_extension(egl->dpy, "EGL_KHR_surfaceless_context")) {
		snprintf(why, n, "driver lacks no-config/surfaceless contexts");
		return false;
	}
	eglBindAPI(EGL_OPENGL_ES_API);
	egl->ctx = eglCreateContext(egl->dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
				    ctx_attribs);
	if (egl->ctx == EGL_NO_CONTEXT) {
		snprintf(why, n, "eglCreateContext: 0x%x", eglGetError());
		return false;
	}
	if (!eglMakeCurrent(egl->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
			    egl->ctx)) {
		snprintf(why, n, "eglMakeCurrent: 0x%x", eglGetError());
		return false;
	}
	return true;
}

static void egl_clear(struct sb_test_egl *egl)
{
	egl->dpy = EGL_NO_DISPLAY;
	egl->ctx = EGL_NO_CONTEXT;
	egl->gbm = NULL;
	egl->gbm_fd = -1;
}

bool sb_test_egl_init(struct sb_test_egl *egl, char *why, size_t n)
{
	egl_clear(egl);
	egl->dpy = software_device_display();
	if (egl->dpy == EGL_NO_DISPLAY) {
		snprintf(why, n, "no EGL device with EGL_MESA_device_software");
		return false;
	}
	return make_current(egl, why, n);
}

bool sb_test_egl_init_gbm(struct sb_test_egl *egl, char *why, size_t n)
{
	PFNEGLGETPLATFORMDISPLAYEXTPROC get_display;
	char path[64];
	int node = 0;

	egl_clear(egl);
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_platform_gbm") &&
	    !epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_gbm")) {
		snprintf(why, n, "no EGL_KHR_platform_gbm");
		return false;
	}
	get_display = (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress(
		"eglGetPlatformDisplayEXT");
	if (!get_display) {
		snprintf(why, n, "no eglGetPlatformDisplayEXT");
		return false;
	}
	egl->gbm_fd = sb_test_gbm_next(&node, &egl->gbm, path, sizeof(path));
	if (egl->gbm_fd < 0) {
		snprintf(why, n, "no DRM node GBM takes");
		return false;
	}
	egl->dpy = get_display(EGL_PLATFORM_GBM_KHR, egl->gbm, NULL);
	if (egl->dpy == EGL_NO_DISPLAY) {
		snprintf(why, n, "no GBM display on %s: 0x%x", path,
			 eglGetError());
		return false;
	}
	return make_current(egl, why, n);
}

void sb_test_egl_finish(struct sb_test_egl *egl)
{
	if (egl->dpy != EGL_NO_DISPLAY) {
		eglMakeCurrent(egl->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
			       EGL_NO_CONTEXT);
		if (egl->ctx != EGL_NO_CONTEXT)
			eglDestroyContext(egl->dpy, egl->ctx);
		eglTerminate(egl->dpy);
	}
	/* after eglTerminate: the display uses the device until then */
	if (egl->gbm)
		sb_test_gbm_close(egl->gbm, egl->gbm_fd);
	egl_clear(egl);
}

bool sb_test_layer_stats(struct sharedbuf_layer_stats *out)
{
	void *h = dlopen("libEGL_sharedbuf.so.0", RTLD_LAZY | RTLD_NOLOAD);
	sharedbuf_layer_get_stats_fn get;

	if (!h)
		return false;
	get = (sharedbuf_layer_get_stats_fn)dlsym(h,
						  "sharedbuf_layer_get_stats");
	if (get)
		get(out, sizeof(*out));
	dlclose(h); /* drops the reference NOLOAD took */
	return get != NULL;
}

EGLImageKHR sb_test_import(EGLDisplay dpy, int fd, uint32_t fourcc,
			   uint32_t width, uint32_t height, uint32_t offset,
			   uint32_t pitch)
{
	const EGLint attribs[] = {
		EGL_WIDTH,
		(EGLint)width,
		EGL_HEIGHT,
		(EGLint)height,
		EGL_LINUX_DRM_FOURCC_EXT,
		(EGLint)fourcc,
		EGL_DMA_BUF_PLANE0_FD_EXT,
		fd,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		(EGLint)offset,
		EGL_DMA_BUF_PLANE0_PITCH_EXT,
		(EGLint)pitch,
		EGL_NONE,
	};

	return eglCreateImageKHR(dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT,
				 NULL, attribs);
}

GLuint sb_test_texture_from_image(EGLImageKHR image)
{
	GLuint tex;

	while (glGetError() != GL_NO_ERROR)
		; /* stale errors are not this call's */
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	glEGLImageTargetTexture2DOES(GL_TEXTURE_2D, image);
	if (glGetError() != GL_NO_ERROR) {
		glDeleteTextures(1, &tex);
		return 0;
	}
	return tex;
}

bool sb_test_exporter_present(int exp, char *why, size_t n)
{
	static const char *const devices[] = {
		[SHAREDBUF_EXPORTER_UDMABUF] = "/dev/udmabuf",
		[SHAREDBUF_EXPORTER_DMA_HEAP] = "/dev/dma_heap/system",
		[SHAREDBUF_EXPORTER_DUMB] = "/dev/dri/card0",
	};

	if (exp < 0 || exp >= SHAREDBUF_EXPORTER_COUNT)
		return false;
	if (access(devices[exp], F_OK) == 0)
		return true;
	snprintf(why, n, "no %s here: the guest has it (make check)",
		 devices[exp]);
	return false;
}

bool sb_test_driver_has_format(EGLDisplay dpy, uint32_t fourcc)
{
	EGLint formats[512], n = 0;

	if (!epoxy_has_egl_extension(
		    dpy, "EGL_EXT_image_dma_buf_import_modifiers") ||
	    !eglQueryDmaBufFormatsEXT(dpy, 512, formats, &n))
		return false;
	for (EGLint i = 0; i < n; i++) {
		if ((uint32_t)formats[i] == fourcc)
			return true;
	}
	return false;
}

/* SPDX-License-Identifier: MIT */
/*
 * An application built against the *installed* sharedbuf, as a user of the
 * Debian packages builds it (tests/deb/install-check.sh):
 *
 *   cc installed_app.c $(pkg-config --cflags --libs sharedbuf egl glesv2)
 *
 * It includes only installed headers, allocates a udmabuf with
 * libsharedbuf, imports it through whatever EGL vendor glvnd picks, and
 * checks that the call path goes through the installed layer
 * (libEGL_sharedbuf.so.0 from the system library dir) and that both
 * extensions work there:
 *
 *   EGL_SHAREDBUF_image_cpu_access: CPU writes through eglLockImageSHAREDBUF
 *     are what GL samples; GL's rendering into the image is what a read
 *     lock sees.
 *   EGL_SHAREDBUF_image_fence: the rendering is attached as a write fence
 *     (eglImageAttachSyncSHAREDBUF), and an image sync for reading
 *     (eglCreateImageSyncSHAREDBUF) signals.
 *   strict import: a plane that ends past the dma-buf is refused with
 *     EGL_BAD_ACCESS.
 *
 * Usage: installed_app EXPECTED_LAYER_PATH. Piglit protocol: exit 0 pass,
 * 1 fail, 77 skip.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <EGL/eglext_sharedbuf.h>
#include <GLES2/gl2.h>
#include <GLES2/gl2ext.h>
#include <drm_fourcc.h>
#include <sharedbuf/layer.h>
#include <sharedbuf/sharedbuf.h>

#define W 64
#define H 32

static _Noreturn void result(int code, const char *fmt, ...)
{
	static const char *const names[] = {"pass", "fail"};
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nPIGLIT: {\"result\": \"%s\" }\n",
	       code == 77 ? "skip" : names[code]);
	exit(code);
}

#define FAIL(...) result(1, "FAIL: " __VA_ARGS__)

static void *proc(const char *name)
{
	void *p = (void *)eglGetProcAddress(name);

	if (!p)
		FAIL("eglGetProcAddress(%s) is NULL", name);
	return p;
}

/* The EGL device platform's software device (llvmpipe). */
static EGLDisplay software_display(void)
{
	PFNEGLQUERYDEVICESEXTPROC query_devices = proc("eglQueryDevicesEXT");
	PFNEGLQUERYDEVICESTRINGEXTPROC device_string =
		proc("eglQueryDeviceStringEXT");
	EGLDeviceEXT dev[16];
	EGLint n = 0;

	if (!query_devices(16, dev, &n))
		FAIL("eglQueryDevicesEXT: 0x%x", eglGetError());
	for (EGLint i = 0; i < n; i++) {
		const char *ext = device_string(dev[i], EGL_EXTENSIONS);

		if (ext && strstr(ext, "EGL_MESA_device_software"))
			return eglGetPlatformDisplay(EGL_PLATFORM_DEVICE_EXT,
						     dev[i], NULL);
	}
	result(77, "SKIP: no EGL device with EGL_MESA_device_software");
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

static EGLImage import(EGLDisplay dpy, const struct sharedbuf_buffer *b,
		       EGLAttrib height)
{
	/* clang-format off */
	const EGLAttrib attrs[] = {
		EGL_WIDTH, b->width,
		EGL_HEIGHT, height,
		EGL_LINUX_DRM_FOURCC_EXT, b->fourcc,
		EGL_DMA_BUF_PLANE0_FD_EXT, b->fd,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0,
		EGL_DMA_BUF_PLANE0_PITCH_EXT, b->pitch,
		EGL_NONE};
	/* clang-format on */

	return eglCreateImage(dpy, EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, NULL,
			      attrs);
}

/* The layer in this process: its path and counters, or a failure. */
static void check_layer(const char *want, struct sharedbuf_layer_stats *st)
{
	void *h = dlopen("libEGL_sharedbuf.so.0", RTLD_LAZY | RTLD_NOLOAD);
	struct link_map *map = NULL;
	char got[PATH_MAX], wanted[PATH_MAX];
	sharedbuf_layer_get_stats_fn get;

	if (!h)
		FAIL("libEGL_sharedbuf.so.0 is not loaded: EGL bypasses it");
	if (dlinfo(h, RTLD_DI_LINKMAP, &map) != 0 || !map)
		FAIL("dlinfo: %s", dlerror());
	/* realpath: /lib may be a link to /usr/lib (merged /usr) */
	if (!realpath(map->l_name, got) || !realpath(want, wanted) ||
	    strcmp(got, wanted) != 0)
		FAIL("the layer loaded is %s, not the installed %s",
		     map->l_name, want);
	get = (sharedbuf_layer_get_stats_fn)dlsym(h,
						  "sharedbuf_layer_get_stats");
	if (!get)
		FAIL("the layer lacks sharedbuf_layer_get_stats");
	get(st, sizeof(*st));
	dlclose(h);
}

static GLuint target_from_image(EGLImage img)
{
	PFNGLEGLIMAGETARGETTEXTURE2DOESPROC image_target =
		proc("glEGLImageTargetTexture2DOES");
	GLuint tex, fbo;

	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	image_target(GL_TEXTURE_2D, img);
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, tex, 0);
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
		FAIL("the imported image is not a complete framebuffer");
	return fbo;
}

int main(int argc, char **argv)
{
	static const EGLint ctx_attrs[] = {EGL_CONTEXT_CLIENT_VERSION, 2,
					   EGL_NONE};
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC image_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach;
	struct sharedbuf_layer_stats st;
	struct sharedbuf_buffer buf;
	enum sharedbuf_result r;
	EGLAttrib lock_attrs[] = {EGL_LOCK_PLANE_SHAREDBUF,
				  0,
				  EGL_LOCK_USAGE_SHAREDBUF,
				  EGL_WRITE_BIT_SHAREDBUF,
				  EGL_LOCK_TIMEOUT_NS_SHAREDBUF,
				  2000000000,
				  EGL_NONE};
	EGLDisplay dpy;
	EGLContext ctx;
	EGLImage img;
	EGLSync sync;
	const char *ext;
	uint8_t px[4];
	void *data;
	EGLint stride, release;

	if (argc != 2)
		result(1, "usage: %s EXPECTED_LAYER_PATH", argv[0]);
	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_XRGB8888, &buf);
	if (r == SHAREDBUF_ERR_NO_DEVICE)
		result(77, "SKIP: no udmabuf device");
	if (r != SHAREDBUF_OK)
		FAIL("sharedbuf_buffer_alloc: %s", sharedbuf_result_str(r));

	dpy = software_display();
	if (!eglInitialize(dpy, NULL, NULL))
		FAIL("eglInitialize: 0x%x", eglGetError());
	ext = eglQueryString(dpy, EGL_EXTENSIONS);
	if (!ext || !has_word(ext, "EGL_SHAREDBUF_image_fence") ||
	    !has_word(ext, "EGL_SHAREDBUF_image_cpu_access"))
		FAIL("the display lacks the SHAREDBUF extensions: %s",
		     ext ? ext : "(null)");
	lock = proc("eglLockImageSHAREDBUF");
	unlock = proc("eglUnlockImageSHAREDBUF");
	image_sync = proc("eglCreateImageSyncSHAREDBUF");
	attach = proc("eglImageAttachSyncSHAREDBUF");
	eglBindAPI(EGL_OPENGL_ES_API);
	ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
			       ctx_attrs);
	if (ctx == EGL_NO_CONTEXT ||
	    !eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx))
		FAIL("GLES 2 context: 0x%x", eglGetError());

	/* Strict import: one row past the buffer's end. */
	if (import(dpy, &buf, buf.size / buf.pitch + 1) != EGL_NO_IMAGE ||
	    eglGetError() != EGL_BAD_ACCESS)
		FAIL("an import past the dma-buf's end was not EGL_BAD_ACCESS");
	img = import(dpy, &buf, H);
	if (img == EGL_NO_IMAGE)
		FAIL("eglCreateImage: 0x%x", eglGetError());
	check_layer(argv[1], &st);
	if (st.dmabuf_imports != 1)
		FAIL("the layer counted %llu dma-buf imports, not 1",
		     (unsigned long long)st.dmabuf_imports);
	printf("layer %s wraps %s (from %s)\n", argv[1], st.next_vendor,
	       st.next_json);

	/* CPU -> GL: write a colour through a lock, GL reads it. */
	if (!lock(dpy, img, lock_attrs, &data, &stride))
		FAIL("eglLockImageSHAREDBUF(write): 0x%x", eglGetError());
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			((uint32_t *)((char *)data + y * stride))[x] =
				0xff204080; /* XRGB: r 0x20 g 0x40 b 0x80 */
	if (!unlock(dpy, img, 0, &release))
		FAIL("eglUnlockImageSHAREDBUF: 0x%x", eglGetError());
	if (release >= 0)
		close(release);
	target_from_image(img);
	glReadPixels(W / 2, H / 2, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
	if (px[0] != 0x20 || px[1] != 0x40 || px[2] != 0x80)
		FAIL("GL reads %02x%02x%02x, the CPU wrote 204080", px[0],
		     px[1], px[2]);

	/* GL -> CPU: render, attach as a write fence, wait, read lock. */
	glClearColor(1.0f, 0.0f, 1.0f, 1.0f);
	glClear(GL_COLOR_BUFFER_BIT);
	if (!attach(dpy, img, EGL_NO_SYNC, EGL_WRITE_BIT_SHAREDBUF))
		FAIL("eglImageAttachSyncSHAREDBUF: 0x%x", eglGetError());
	sync = image_sync(dpy, img, EGL_READ_BIT_SHAREDBUF, NULL);
	if (sync == EGL_NO_SYNC)
		FAIL("eglCreateImageSyncSHAREDBUF: 0x%x", eglGetError());
	if (eglClientWaitSync(dpy, sync, 0, 2000000000) !=
	    EGL_CONDITION_SATISFIED)
		FAIL("the image sync did not signal: 0x%x", eglGetError());
	eglDestroySync(dpy, sync);
	lock_attrs[3] = EGL_READ_BIT_SHAREDBUF;
	if (!lock(dpy, img, lock_attrs, &data, &stride))
		FAIL("eglLockImageSHAREDBUF(read): 0x%x", eglGetError());
	uint32_t got = ((uint32_t *)data)[W + 1] & 0xffffff;
	if (!unlock(dpy, img, 0, &release))
		FAIL("eglUnlockImageSHAREDBUF: 0x%x", eglGetError());
	if (release >= 0)
		close(release);
	if (got != 0xff00ff)
		FAIL("the CPU reads %06x where GL rendered ff00ff", got);

	eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	eglDestroyImage(dpy, img);
	eglDestroyContext(dpy, ctx);
	eglTerminate(dpy);
	sharedbuf_buffer_finish(&buf);
	result(0, "both extensions through the installed layer");
}

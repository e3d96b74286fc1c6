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
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W 16
#define H 16

static struct {
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_sync;
	PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach;
	/* from eglGetProcAddress: epoxy would want a current display */
	PFNEGLCREATEIMAGEPROC create_image;
	PFNEGLCREATEIMAGEKHRPROC create_image_khr;
	PFNEGLDESTROYIMAGEPROC destroy_image;
	PFNEGLDESTROYSYNCPROC destroy_sync;
} fn;

/* What the callback saw last, and how often it was called. */
static struct {
	int calls;
	EGLenum error;
	char command[64];
	EGLint type;
	EGLLabelKHR thread_label, object_label;
	char message[256];
} seen;

static char thread_tag[] = "the test thread";
static char display_tag[] = "the test display";

static void EGLAPIENTRY callback(EGLenum error, const char *command,
				 EGLint type, EGLLabelKHR thread_label,
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

static void forget(void)
{
	memset(&seen, 0, sizeof(seen));
}

/* The callback was called once, for @error in @command, with the labels
 * and a message; and eglGetError agrees. */
static bool expect_report(int line, EGLint error, const char *command,
			  EGLLabelKHR object_label)
{
	EGLint got = eglGetError();
	bool ok =
		sb_expect_at(line, got == error, "eglGetError 0x%x, want 0x%x",
			     got, error) &&
		sb_expect_at(line, seen.calls == 1,
			     "callback called %d times, want once",
			     seen.calls) &&
		sb_expect_at(line, seen.error == (EGLenum)error,
			     "callback error 0x%x, want 0x%x", seen.error,
			     error) &&
		sb_expect_at(line, strcmp(seen.command, command) == 0,
			     "callback command %s, want %s", seen.command,
			     command) &&
		sb_expect_at(line,
			     seen.type == (error == EGL_BAD_ALLOC
						   ? EGL_DEBUG_MSG_CRITICAL_KHR
						   : EGL_DEBUG_MSG_ERROR_KHR),
			     "callback type 0x%x", seen.type) &&
		sb_expect_at(line, seen.thread_label == thread_tag,
			     "thread label %p, want %p", seen.thread_label,
			     (void *)thread_tag) &&
		sb_expect_at(line, seen.object_label == object_label,
			     "object label %p, want %p", seen.object_label,
			     object_label) &&
		sb_expect_at(line, seen.message[0] != '\0', "no message");

	if (ok)
		printf("  %s: 0x%x \"%s\"\n", seen.command, seen.error,
		       seen.message);
	forget();
	return ok;
}
#define expect_report(...) expect_report(__LINE__, __VA_ARGS__)

static bool get_entry_points(void)
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
static EGLImage import(EGLDisplay dpy, const struct sharedbuf_buffer *buf,
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

static bool callback_case(void)
{
	const EGLAttrib no_errors[] = {EGL_DEBUG_MSG_ERROR_KHR, EGL_FALSE,
				       EGL_NONE};
	const EGLAttrib bad_usage[] = {EGL_LOCK_USAGE_SHAREDBUF, 0x100,
				       EGL_NONE};
	const EGLAttrib read[] = {EGL_LOCK_USAGE_SHAREDBUF,
				  EGL_READ_BIT_SHAREDBUF, EGL_NONE};
	struct sharedbuf_buffer buf;
	struct sb_test_egl egl;
	EGLImage image;
	EGLAttrib value = -1;
	EGLint stride;
	void *data;
	char why[256];
	bool ok = true;

	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_debug"))
		piglit_skip("no EGL_KHR_debug");
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!get_entry_points())
		piglit_fail("eglGetProcAddress gave no entry point");
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_XRGB8888, &buf) != SHAREDBUF_OK)
		piglit_skip("no udmabuf");
	if (!expect(eglDebugMessageControlKHR(callback, NULL) == EGL_SUCCESS,
		    "eglDebugMessageControlKHR") ||
	    !expect(eglLabelObjectKHR(EGL_NO_DISPLAY, EGL_OBJECT_THREAD_KHR,
				      NULL, thread_tag) == EGL_SUCCESS,
		    "label the thread") ||
	    !expect(eglLabelObjectKHR(egl.dpy, EGL_OBJECT_DISPLAY_KHR,
				      (EGLObjectKHR)egl.dpy,
				      display_tag) == EGL_SUCCESS,
		    "label the display"))
		return false;
	forget();

	/* A malformed dma-buf import: the layer's refusal. */
	image = import(egl.dpy, &buf, (EGLAttrib)buf.size);
	ok = expect(image == EGL_NO_IMAGE, "offset at the end imported") &&
	     expect(strstr(seen.message, "plane 0"), "message \"%s\": why?",
		    seen.message) &&
	     expect_report(EGL_BAD_ACCESS, "eglCreateImage", display_tag) && ok;
	/* A lock on something that is not an image. */
	ok = expect(!fn.lock(egl.dpy, (EGLImage)&buf, read, &data, &stride),
		    "lock of a non-image") &&
	     expect_report(EGL_BAD_PARAMETER, "eglLockImageSHAREDBUF",
			   display_tag) &&
	     ok;
	/* An attach with access bits outside READ | WRITE, on an image. */
	image = import(egl.dpy, &buf, 0);
	if (!expect(image != EGL_NO_IMAGE, "import: 0x%x", eglGetError()))
		return false;
	forget();
	ok = expect(!fn.attach(egl.dpy, image, EGL_NO_SYNC, 0x100),
		    "attach with bad access") &&
	     expect_report(EGL_BAD_PARAMETER, "eglImageAttachSyncSHAREDBUF",
			   display_tag) &&
	     ok;
	ok = expect(!fn.lock(egl.dpy, image, bad_usage, &data, &stride),
		    "lock with bad usage") &&
	     expect_report(EGL_BAD_PARAMETER, "eglLockImageSHAREDBUF",
			   display_tag) &&
	     ok;
	/* A Mesa-side error reaches the callback too: the layer forwards
	 * eglDebugMessageControlKHR. Mesa's object label is the sync's. */
	ok = expect(!fn.destroy_sync(egl.dpy, (EGLSync)&buf),
		    "destroy of a non-sync") &&
	     expect_report(EGL_BAD_PARAMETER, "eglDestroySync", NULL) && ok;

	/* Errors disabled: neither the layer nor Mesa calls it, the error
	 * is still set. */
	ok = expect(eglDebugMessageControlKHR(callback, no_errors) ==
			    EGL_SUCCESS,
		    "disable errors") &&
	     expect(eglQueryDebugKHR(EGL_DEBUG_MSG_ERROR_KHR, &value) &&
			    value == EGL_FALSE,
		    "eglQueryDebugKHR: errors enabled") &&
	     ok;
	forget();
	ok = expect(!fn.attach(egl.dpy, image, EGL_NO_SYNC, 0x100),
		    "attach with bad access") &&
	     expect(eglGetError() == EGL_BAD_PARAMETER, "error not set") &&
	     expect(!fn.destroy_sync(egl.dpy, (EGLSync)&buf), "destroy") &&
	     expect(eglGetError() == EGL_BAD_PARAMETER, "error not set") &&
	     expect(seen.calls == 0, "disabled, yet called %d times",
		    seen.calls) &&
	     ok;
	/* No callback: nobody is called. */
	ok = expect(eglDebugMessageControlKHR(NULL, NULL) == EGL_SUCCESS,
		    "remove the callback") &&
	     ok;
	ok = expect(!fn.lock(egl.dpy, image, bad_usage, &data, &stride),
		    "lock with bad usage") &&
	     expect(eglGetError() == EGL_BAD_PARAMETER, "error not set") &&
	     expect(seen.calls == 0, "removed, yet called %d times",
		    seen.calls) &&
	     ok;
	fn.destroy_image(egl.dpy, image);
	sharedbuf_buffer_finish(&buf);
	sb_test_egl_finish(&egl);
	return ok;
}

/* The display of the EGL device platform's software device, not
 * initialised by this call. */
static EGLDisplay device_display(void)
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

/* eglCreateImage's errors on EGL_NO_DISPLAY, a bogus handle, an
 * uninitialised and a terminated display, with a malformed import (a
 * closed fd) that would otherwise raise EGL_BAD_PARAMETER. */
static void create_image_errors(EGLDisplay dpy, EGLint out[4])
{
	EGLDisplay bogus = (EGLDisplay)&out;
	EGLint major, minor;

	import(EGL_NO_DISPLAY, NULL, 0);
	out[0] = eglGetError();
	import(bogus, NULL, 0);
	out[1] = eglGetError();
	import(dpy, NULL, 0);
	out[2] = eglGetError();
	eglInitialize(dpy, &major, &minor);
	eglTerminate(dpy);
	import(dpy, NULL, 0);
	out[3] = eglGetError();
}

/* Each layer entry point on @dpy, with arguments that are all wrong, must
 * give @want; so must eglCreateImage{,KHR} of a malformed dma-buf. */
static bool all_fail_with(EGLDisplay dpy, EGLint want, const char *what)
{
	const EGLAttrib bad_usage[] = {EGL_LOCK_USAGE_SHAREDBUF, 0x100,
				       EGL_NONE};
	const EGLAttrib extra[] = {EGL_LOCK_USAGE_SHAREDBUF, 1, EGL_NONE};
	const EGLint khr_attribs[] = {EGL_WIDTH, 0, EGL_NONE};
	EGLImage not_image = (EGLImage)&dpy;
	EGLint e;
	bool ok = true;

#define CHECK(call, name)                                                     \
	do {                                                                  \
		forget();                                                     \
		call;                                                         \
		e = eglGetError();                                            \
		ok = expect(e == want, "%s on %s: 0x%x, want 0x%x", name,     \
			    what, e, want) &&                                 \
		     expect(seen.calls == 1 && seen.error == (EGLenum)want && \
				    strcmp(seen.command, name) == 0,          \
			    "%s on %s: callback %d, 0x%x, %s", name, what,    \
			    seen.calls, seen.error, seen.command) &&          \
		     ok;                                                      \
	} while (0)

	CHECK(fn.lock(dpy, not_image, bad_usage, NULL, NULL),
	      "eglLockImageSHAREDBUF");
	CHECK(fn.unlock(dpy, not_image, -1, NULL), "eglUnlockImageSHAREDBUF");
	CHECK(fn.create_sync(dpy, not_image, 0x100, extra),
	      "eglCreateImageSyncSHAREDBUF");
	CHECK(fn.attach(dpy, not_image, (EGLSync)&dpy, 0x100),
	      "eglImageAttachSyncSHAREDBUF");
	/* glvnd itself rejects displays no vendor knows. */
	if (want == EGL_NOT_INITIALIZED) {
		CHECK(import(dpy, NULL, 0), "eglCreateImage");
		CHECK(fn.create_image_khr(dpy, EGL_NO_CONTEXT,
					  EGL_LINUX_DMA_BUF_EXT, NULL,
					  khr_attribs),
		      "eglCreateImageKHR");
	}
#undef CHECK
	forget();
	return ok;
}

/* The bare vendor's errors for create_image_errors(), by running this
 * program with glvnd loading only it; false if it cannot tell. */
static bool bare_errors(EGLint out[4])
{
	const char *mesa = getenv("SHAREDBUF_NEXT_VENDOR");
	char cmd[4096];
	FILE *p;
	int n;

	if (!mesa || !strstr(mesa, ".json"))
		return false;
	snprintf(cmd, sizeof(cmd),
		 "__EGL_VENDOR_LIBRARY_FILENAMES='%s' /proc/%d/exe bare", mesa,
		 (int)getpid());
	p = popen(cmd, "r");
	if (!p)
		return false;
	n = fscanf(p, "%x %x %x %x", (unsigned *)&out[0], (unsigned *)&out[1],
		   (unsigned *)&out[2], (unsigned *)&out[3]);
	return pclose(p) == 0 && n == 4;
}

static bool error_order_case(void)
{
	static const char *const names[4] = {"EGL_NO_DISPLAY", "a bogus handle",
					     "a display not initialised",
					     "a terminated display"};
	EGLDisplay dpy = device_display();
	EGLint layer[4], bare[4];
	EGLint major, minor;
	bool ok = true;

	if (dpy == EGL_NO_DISPLAY)
		piglit_skip("no EGL device with EGL_MESA_device_software");
	if (!get_entry_points())
		piglit_fail("eglGetProcAddress gave no entry point");
	if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_debug"))
		eglDebugMessageControlKHR(callback, NULL);
	else
		piglit_skip("no EGL_KHR_debug");

	ok = all_fail_with(EGL_NO_DISPLAY, EGL_BAD_DISPLAY, "EGL_NO_DISPLAY") &&
	     ok;
	ok = all_fail_with((EGLDisplay)&dpy, EGL_BAD_DISPLAY,
			   "a bogus handle") &&
	     ok;
	ok = all_fail_with(dpy, EGL_NOT_INITIALIZED, "a new display") && ok;
	/* Initialised: the argument checks speak. */
	if (!expect(eglInitialize(dpy, &major, &minor), "eglInitialize"))
		return false;
	forget();
	ok = expect(!fn.unlock(dpy, (EGLImage)&dpy, -1, NULL), "unlock") &&
	     expect(eglGetError() == EGL_BAD_PARAMETER,
		    "unlock of plane -1 on an initialised display") &&
	     ok;
	eglTerminate(dpy);
	ok = all_fail_with(dpy, EGL_NOT_INITIALIZED, "a terminated display") &&
	     ok;
	/* EGL initialisation is not counted: twice, then once terminated. */
	ok = expect(eglInitialize(dpy, &major, &minor) &&
			    eglInitialize(dpy, &major, &minor) &&
			    eglTerminate(dpy),
		    "initialise twice, terminate once") &&
	     all_fail_with(dpy, EGL_NOT_INITIALIZED,
			   "a display initialised twice, terminated once") &&
	     ok;

	/* Against the bare vendor: the same eglCreateImage errors. */
	eglDebugMessageControlKHR(NULL, NULL);
	create_image_errors(dpy, layer);
	printf("  eglCreateImage through the layer: 0x%x 0x%x 0x%x 0x%x\n",
	       layer[0], layer[1], layer[2], layer[3]);
	if (bare_errors(bare)) {
		printf("  eglCreateImage on bare Mesa:      0x%x 0x%x 0x%x "
		       "0x%x\n",
		       bare[0], bare[1], bare[2], bare[3]);
		for (int i = 0; i < 4; i++)
			ok = expect(layer[i] == bare[i],
				    "eglCreateImage on %s: layer 0x%x, bare "
				    "0x%x",
				    names[i], layer[i], bare[i]) &&
			     ok;
	} else {
		printf("  (no bare vendor to compare with: "
		       "SHAREDBUF_NEXT_VENDOR names no JSON)\n");
	}
	ok = expect(layer[0] == EGL_BAD_DISPLAY &&
			    layer[1] == EGL_BAD_DISPLAY &&
			    layer[2] == EGL_NOT_INITIALIZED &&
			    layer[3] == EGL_NOT_INITIALIZED,
		    "eglCreateImage: 0x%x 0x%x 0x%x 0x%x", layer[0], layer[1],
		    layer[2], layer[3]) &&
	     ok;
	return ok;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	bool ok;

	get_core();
	if (strcmp(c, "bare") == 0) {
		EGLDisplay dpy = device_display();
		EGLint e[4];

		if (dpy == EGL_NO_DISPLAY)
			return 1;
		create_image_errors(dpy, e);
		printf("%x %x %x %x\n", e[0], e[1], e[2], e[3]);
		return 0;
	}
	if (strcmp(c, "callback") == 0)
		ok = callback_case();
	else if (strcmp(c, "error-order") == 0)
		ok = error_order_case();
	else {
		fprintf(stderr, "usage: %s callback|error-order\n", argv[0]);
		return 2;
	}
	if (!ok)
		piglit_fail("%d checks failed", sb_check_failures());
	piglit_report_result(PIGLIT_PASS);
}

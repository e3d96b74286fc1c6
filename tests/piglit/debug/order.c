/* SPDX-License-Identifier: MIT */
/* trust-debug@error-order: the display first, as bare Mesa. See debug.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trust_debug.h" /* epoxy first: it replaces EGL/egl.h */
#include "check.h"
#include "piglit.h"

/* eglCreateImage's errors on EGL_NO_DISPLAY, a bogus handle, an
 * uninitialised and a terminated display, with a malformed import (an
 * fd of -1) that would otherwise raise EGL_BAD_PARAMETER. */
void trust_create_image_errors(EGLDisplay dpy, EGLint out[4])
{
	EGLDisplay bogus = (EGLDisplay)&out;
	EGLint major, minor;

	trust_import(EGL_NO_DISPLAY, NULL, 0);
	out[0] = eglGetError();
	trust_import(bogus, NULL, 0);
	out[1] = eglGetError();
	trust_import(dpy, NULL, 0);
	out[2] = eglGetError();
	eglInitialize(dpy, &major, &minor);
	eglTerminate(dpy);
	trust_import(dpy, NULL, 0);
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
		trust_forget();                                               \
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
		CHECK(trust_import(dpy, NULL, 0), "eglCreateImage");
		CHECK(fn.create_image_khr(dpy, EGL_NO_CONTEXT,
					  EGL_LINUX_DMA_BUF_EXT, NULL,
					  khr_attribs),
		      "eglCreateImageKHR");
	}
#undef CHECK
	trust_forget();
	return ok;
}

/* The bare vendor's errors for trust_create_image_errors(), by running this
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

bool trust_error_order_case(void)
{
	static const char *const names[4] = {"EGL_NO_DISPLAY", "a bogus handle",
					     "a display not initialised",
					     "a terminated display"};
	EGLDisplay dpy = trust_device_display();
	EGLint layer[4], bare[4];
	EGLint major, minor;
	bool ok = true;

	if (dpy == EGL_NO_DISPLAY)
		piglit_skip("no EGL device with EGL_MESA_device_software");
	if (!trust_get_entry_points())
		piglit_fail("eglGetProcAddress gave no entry point");
	if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_KHR_debug"))
		eglDebugMessageControlKHR(trust_callback, NULL);
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
	trust_forget();
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
	trust_create_image_errors(dpy, layer);
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

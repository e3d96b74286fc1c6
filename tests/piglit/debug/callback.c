/* SPDX-License-Identifier: MIT */
/* trust-debug@callback: layer refusals and Mesa's errors reach the
 * application's EGL_KHR_debug callback. See debug.c. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>

#include "trust_debug.h" /* epoxy first: it replaces EGL/egl.h */
#include "check.h"
#include "piglit.h"

static char thread_tag[] = "the test thread";
static char display_tag[] = "the test display";

/* The callback was called once, for @error in @command, with the labels
 * and a message; and eglGetError agrees. */
static bool expect_report(int line, EGLint error, const char *command,
			  EGLLabelKHR thread_label, EGLLabelKHR object_label)
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
		sb_expect_at(line, seen.thread_label == thread_label,
			     "thread label %p, want %p", seen.thread_label,
			     thread_label) &&
		sb_expect_at(line, seen.object_label == object_label,
			     "object label %p, want %p", seen.object_label,
			     object_label) &&
		sb_expect_at(line, seen.message[0] != '\0', "no message");

	if (ok)
		printf("  %s: 0x%x \"%s\"\n", seen.command, seen.error,
		       seen.message);
	trust_forget();
	return ok;
}
#define expect_report(...) expect_report(__LINE__, __VA_ARGS__)

struct other {
	EGLDisplay dpy;
	EGLImage image;
	EGLint error;
};

/* An unlock of a plane that is not locked, on a thread of its own. */
static void *other_thread(void *p)
{
	struct other *o = p;

	fn.unlock(o->dpy, o->image, 0, NULL);
	o->error = eglGetError();
	return NULL;
}

bool trust_callback_case(void)
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
	if (!trust_get_entry_points())
		piglit_fail("eglGetProcAddress gave no entry point");
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_XRGB8888, &buf) != SHAREDBUF_OK)
		piglit_skip("no udmabuf");
	if (!expect(eglDebugMessageControlKHR(trust_callback, NULL) ==
			    EGL_SUCCESS,
		    "eglDebugMessageControlKHR") ||
	    !expect(eglLabelObjectKHR(EGL_NO_DISPLAY, EGL_OBJECT_THREAD_KHR,
				      NULL, thread_tag) == EGL_SUCCESS,
		    "label the thread") ||
	    !expect(eglLabelObjectKHR(egl.dpy, EGL_OBJECT_DISPLAY_KHR,
				      (EGLObjectKHR)egl.dpy,
				      display_tag) == EGL_SUCCESS,
		    "label the display"))
		return false;
	trust_forget();

	/* A malformed dma-buf import: the layer's refusal. */
	image = trust_import(egl.dpy, &buf, (EGLAttrib)buf.size);
	ok = expect(image == EGL_NO_IMAGE, "offset at the end imported") &&
	     expect(strstr(seen.message, "plane 0"), "message \"%s\": why?",
		    seen.message) &&
	     expect_report(EGL_BAD_ACCESS, "eglCreateImage", thread_tag,
			   display_tag) &&
	     ok;
	/* A lock on something that is not an image. */
	ok = expect(!fn.lock(egl.dpy, (EGLImage)&buf, read, &data, &stride),
		    "lock of a non-image") &&
	     expect_report(EGL_BAD_PARAMETER, "eglLockImageSHAREDBUF",
			   thread_tag, display_tag) &&
	     ok;
	/* An attach with access bits outside READ | WRITE, on an image. */
	image = trust_import(egl.dpy, &buf, 0);
	if (!expect(image != EGL_NO_IMAGE, "import: 0x%x", eglGetError()))
		return false;
	trust_forget();
	ok = expect(!fn.attach(egl.dpy, image, EGL_NO_SYNC, 0x100),
		    "attach with bad access") &&
	     expect_report(EGL_BAD_PARAMETER, "eglImageAttachSyncSHAREDBUF",
			   thread_tag, display_tag) &&
	     ok;
	ok = expect(!fn.lock(egl.dpy, image, bad_usage, &data, &stride),
		    "lock with bad usage") &&
	     expect_report(EGL_BAD_PARAMETER, "eglLockImageSHAREDBUF",
			   thread_tag, display_tag) &&
	     ok;
	/* Another thread, not labelled: its reports carry no thread label
	 * (labels are per thread), and its own command. */
	struct other o = {egl.dpy, image, 0};
	pthread_t th;

	trust_forget();
	ok = expect(pthread_create(&th, NULL, other_thread, &o) == 0 &&
			    pthread_join(th, NULL) == 0,
		    "thread") &&
	     expect(o.error == EGL_BAD_ACCESS, "other thread: 0x%x", o.error) &&
	     expect(seen.calls == 1 && seen.thread_label == NULL &&
			    seen.object_label == display_tag &&
			    strcmp(seen.command, "eglUnlockImageSHAREDBUF") ==
				    0,
		    "other thread's report: %d, %p, %p, %s", seen.calls,
		    seen.thread_label, seen.object_label, seen.command) &&
	     ok;
	trust_forget();
	/* A Mesa-side error reaches the callback too: the layer forwards
	 * eglDebugMessageControlKHR. Mesa's object label is the sync's. */
	ok = expect(!fn.destroy_sync(egl.dpy, (EGLSync)&buf),
		    "destroy of a non-sync") &&
	     expect_report(EGL_BAD_PARAMETER, "eglDestroySync", thread_tag,
			   NULL) &&
	     ok;

	/* Errors disabled: neither the layer nor Mesa calls it, the error
	 * is still set. */
	ok = expect(eglDebugMessageControlKHR(trust_callback, no_errors) ==
			    EGL_SUCCESS,
		    "disable errors") &&
	     expect(eglQueryDebugKHR(EGL_DEBUG_MSG_ERROR_KHR, &value) &&
			    value == EGL_FALSE,
		    "eglQueryDebugKHR: errors enabled") &&
	     ok;
	trust_forget();
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

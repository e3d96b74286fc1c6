/* SPDX-License-Identifier: MIT */
/*
 * trust-lifetime, the cases of one thread: a failing call changes
 * nothing, a resource failure is an error and never a success, and
 * eglQueryString's string outlives eglTerminate.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt:
 *   "[...] a call that fails one of them has changed nothing: it has not
 *    flushed or waited for the context, has added no fence, and the
 *    acquire fence is still open and the application's."
 *   "If eglUnlockImageSHAREDBUF fails, *<release_fence_fd> is left
 *    unchanged."
 *   "eglDestroyImage (or eglDestroyImageKHR) that fails changes nothing:
 *    a locked plane stays locked and mapped."
 * specs/EGL_SHAREDBUF_image_fence.txt:
 *   "If the fence of <sync> [...] cannot be had for lack of resources
 *    [...] EGL_BAD_ALLOC is generated. The call does not fall back to
 *    waiting for <sync> on the client and reporting success."
 * EGL 1.5, 3.3: "eglQueryString returns a pointer to a static,
 * zero-terminated string".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check.h"
#include "lifetime.h"
#include "sharedbuf/fence.h"
#include "vgem.h"

#define PATTERN 0x11223344u

static bool egl_error(EGLint want, const char *what)
{
	EGLint got = eglGetError();

	return expect(got == want, "%s: error 0x%x, want 0x%x", what, got,
		      want);
}

static void fill(uint32_t *px, EGLint stride, uint32_t v)
{
	for (int y = 0; y < LT_H; y++)
		for (int x = 0; x < LT_W; x++)
			px[y * (stride / 4) + x] = v;
}

/* Pixels of @px that are not @v under @mask. */
static int differ(const uint32_t *px, EGLint stride, uint32_t v, uint32_t mask)
{
	int n = 0;

	for (int y = 0; y < LT_H; y++)
		for (int x = 0; x < LT_W; x++)
			n += (px[y * (stride / 4) + x] & mask) != (v & mask);
	return n;
}

/* eglDestroyImage through another display fails and changes nothing:
 * the plane stays locked and mapped (writing through it would fault if
 * the failed call had unmapped it), and the unlock works. */
bool lt_failed_destroy_keeps_lock(void)
{
	EGLDisplay other = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
						 EGL_DEFAULT_DISPLAY, NULL);
	struct sharedbuf_layer_stats before, after;
	struct lt_img m;
	uint32_t *px;
	EGLint stride;
	bool ok;

	if (!expect(other != EGL_NO_DISPLAY && other != t.egl.dpy,
		    "a second display: 0x%x", eglGetError()) ||
	    !expect(lt_img_init(&m), "import") ||
	    !expect(lt_lock(m.image, 0, EGL_WRITE_BIT_SHAREDBUF, -1, -1,
			    (void **)&px, &stride),
		    "lock: 0x%x", eglGetError()))
		return false;
	sb_test_layer_stats(&before);
	ok = true;
	/* first uninitialised, then initialised */
	for (int round = 0; round < 2; round++) {
		if (round == 1 && !eglInitialize(other, NULL, NULL)) {
			printf("  (second display does not initialise: 0x%x)\n",
			       eglGetError());
			break;
		}
		ok = expect(!eglDestroyImageKHR(other, m.image),
			    "round %d: destroy through another display "
			    "succeeded",
			    round) &&
		     ok;
		eglGetError();
		fill(px, stride, PATTERN + (uint32_t)round);
		sb_test_layer_stats(&after);
		ok = expect(after.images_recorded == before.images_recorded &&
				    after.fds_held == before.fds_held,
			    "round %d: the layer forgot the image", round) &&
		     ok;
	}
	eglTerminate(other); /* none of its images: ours stay */
	fill(px, stride, PATTERN);
	ok = expect(t.unlock(t.egl.dpy, m.image, 0, NULL),
		    "unlock after the failed destroy: 0x%x", eglGetError()) &&
	     ok;
	ok = expect(lt_lock(m.image, 0, EGL_READ_BIT_SHAREDBUF, -1, -1,
			    (void **)&px, &stride),
		    "lock again: 0x%x", eglGetError()) &&
	     expect(!differ(px, stride, PATTERN, ~0u), "pixels lost") &&
	     expect(t.unlock(t.egl.dpy, m.image, 0, NULL), "unlock") && ok;
	lt_img_finish(&m);
	return ok;
}

/* A lock that fails its checks has not run step 1: the context's GL
 * work on the image is still unflushed (LP_NUM_THREADS=0: llvmpipe
 * renders at a flush, on the flushing thread), so the image's memory,
 * seen through a lock this case holds, is unchanged; the acquire fence
 * is still the application's. A failed unlock leaves *release_fence_fd
 * as it was. glFinish then shows the case can see a flush. */
bool lt_failed_lock_no_side_effects(void)
{
	struct lt_img m;
	GLuint tex, fbo;
	uint32_t *px, *other;
	EGLint stride, ostride, release = -2;
	int acquire = -1, changed;
	bool ok;

	if (!expect(lt_img_init(&m), "import"))
		return false;
	tex = sb_test_texture_from_image(m.image);
	glGenFramebuffers(1, &fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, tex, 0);
	glViewport(0, 0, LT_W, LT_H);
	glFinish();
	ok = expect(tex && glCheckFramebufferStatus(GL_FRAMEBUFFER) ==
				    GL_FRAMEBUFFER_COMPLETE,
		    "render target") &&
	     expect(lt_lock(m.image, 0, EGL_WRITE_BIT_SHAREDBUF, -1, -1,
			    (void **)&px, &stride),
		    "lock: 0x%x", eglGetError()) &&
	     expect(sharedbuf_fence_export(m.buf.fd, SHAREDBUF_ACCESS_READ,
					   &acquire) == SHAREDBUF_OK,
		    "a sync_file");
	if (!ok)
		return false;
	fill(px, stride, PATTERN);
	glClearColor(1, 0, 0, 1);
	glClear(GL_COLOR_BUFFER_BIT); /* not flushed */

	ok = expect(!lt_lock(m.image, 0, EGL_READ_BIT_SHAREDBUF, acquire, -1,
			     (void **)&other, &ostride),
		    "a locked plane locked again") &&
	     egl_error(EGL_BAD_ACCESS, "lock of a locked plane");
	ok = expect(!lt_lock(m.image, 1, EGL_READ_BIT_SHAREDBUF, acquire, -1,
			     (void **)&other, &ostride),
		    "plane 1 of a one-plane image locked") &&
	     egl_error(EGL_BAD_PARAMETER, "lock of plane 1") && ok;
	ok = expect(!t.unlock(t.egl.dpy, m.image, 1, &release),
		    "plane 1 unlocked") &&
	     egl_error(EGL_BAD_PARAMETER, "unlock of plane 1") &&
	     expect(release == -2, "failed unlock set *release_fence_fd") && ok;
	changed = differ(px, stride, PATTERN, ~0u);
	ok = expect(!changed,
		    "a failed lock ran the context's GL work: "
		    "%d pixels rendered",
		    changed) &&
	     ok;
	ok = expect(fcntl(acquire, F_GETFD) != -1,
		    "a failed lock closed the acquire fence") &&
	     ok;
	close(acquire);

	glFinish(); /* the control: GL's clear lands now */
	changed = differ(px, stride, 0x00ff0000u, 0x00ffffffu);
	ok = expect(!changed,
		    "glFinish did not render the clear (%d "
		    "pixels): this case cannot see a flush",
		    changed) &&
	     ok;
	ok = expect(t.unlock(t.egl.dpy, m.image, 0, &release) && release == -1,
		    "unlock: 0x%x", eglGetError()) &&
	     ok;
	release = -2;
	ok = expect(!t.unlock(t.egl.dpy, m.image, 0, &release),
		    "unlocked twice") &&
	     egl_error(EGL_BAD_ACCESS, "unlock of an unlocked plane") &&
	     expect(release == -2, "failed unlock set *release_fence_fd") && ok;
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	glDeleteTextures(1, &tex);
	lt_img_finish(&m);
	return ok;
}

/* No fd can be opened: RLIMIT_NOFILE lowered to the fds open, and any
 * free number below it taken. Undone by fds_restore(). */
struct fd_block {
	struct rlimit old;
	int fillers[256];
	int n;
};

static bool fds_block(struct fd_block *b)
{
	struct rlimit lim;
	int top = 0, fd;

	for (int i = 0; i < 4096; i++)
		if (fcntl(i, F_GETFD) != -1)
			top = i;
	if (getrlimit(RLIMIT_NOFILE, &b->old) != 0)
		return false;
	lim = b->old;
	lim.rlim_cur = (rlim_t)top + 1;
	if (setrlimit(RLIMIT_NOFILE, &lim) != 0)
		return false;
	b->n = 0;
	while (b->n < 256 && (fd = fcntl(0, F_DUPFD_CLOEXEC, 0)) >= 0)
		b->fillers[b->n++] = fd;
	return fcntl(0, F_DUPFD_CLOEXEC, 0) < 0;
}

static void fds_restore(struct fd_block *b)
{
	for (int i = 0; i < b->n; i++)
		close(b->fillers[i]);
	setrlimit(RLIMIT_NOFILE, &b->old);
}

/* The layer's own sync (no context current) of a buffer with a pending
 * vgem write: attaching it to another image needs a dup of its fence.
 * With no fd to be had the attach fails with EGL_BAD_ALLOC at once (it
 * does not wait for the fence and claim success), and so do the other
 * calls that need an fd; afterwards they all work. */
bool lt_attach_emfile(void)
{
	struct lt_img a, b;
	struct fd_block block;
	EGLAttrib type = 0;
	EGLSync sync;
	uint32_t fence;
	void *data;
	EGLint stride;
	int acquire = -1;
	bool ok, blocked;

	eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	ok = expect(lt_img_init(&a) && lt_img_init(&b), "import") &&
	     expect(sb_test_vgem_fence_attach(t.vgem, a.buf.fd, true, &fence),
		    "vgem fence: %m");
	if (!ok)
		return false;
	sync = t.create_sync(t.egl.dpy, a.image, EGL_READ_BIT_SHAREDBUF, NULL);
	ok = expect(sync != EGL_NO_SYNC, "image sync: 0x%x", eglGetError()) &&
	     expect(eglGetSyncAttrib(t.egl.dpy, sync, EGL_SYNC_TYPE, &type) &&
			    type == EGL_SYNC_NATIVE_FENCE_ANDROID,
		    "not a sync_file-backed layer sync") &&
	     /* the CPU state exists: the lock below needs only its dup */
	     expect(lt_lock(b.image, 0, EGL_READ_BIT_SHAREDBUF, -1, -1, &data,
			    &stride) &&
			    t.unlock(t.egl.dpy, b.image, 0, NULL),
		    "lock") &&
	     expect(sharedbuf_fence_export(b.buf.fd, SHAREDBUF_ACCESS_READ,
					   &acquire) == SHAREDBUF_OK,
		    "a sync_file");
	if (!ok)
		return false;

	blocked = fds_block(&block);
	EGLBoolean attached = t.attach_sync(t.egl.dpy, b.image, sync,
					    EGL_WRITE_BIT_SHAREDBUF);
	EGLint attach_err = eglGetError();
	EGLint dup = eglDupNativeFenceFDANDROID(t.egl.dpy, sync);
	EGLint dup_err = eglGetError();
	EGLSync made =
		t.create_sync(t.egl.dpy, b.image, EGL_READ_BIT_SHAREDBUF, NULL);
	EGLint made_err = eglGetError();
	EGLBoolean locked = lt_lock(b.image, 0, EGL_READ_BIT_SHAREDBUF, acquire,
				    -1, &data, &stride);
	EGLint lock_err = eglGetError();
	fds_restore(&block);

	ok = expect(blocked, "could not use up the fds") &&
	     expect(!attached && attach_err == EGL_BAD_ALLOC,
		    "attach with no fd: %d, error 0x%x", attached,
		    attach_err) &&
	     expect(dup == EGL_NO_NATIVE_FENCE_FD_ANDROID &&
			    dup_err == EGL_BAD_ALLOC,
		    "eglDupNativeFenceFDANDROID with no fd: %d, error 0x%x",
		    dup, dup_err) &&
	     expect(made == EGL_NO_SYNC && made_err == EGL_BAD_ALLOC,
		    "image sync with no fd: error 0x%x", made_err) &&
	     expect(!locked && lock_err == EGL_BAD_ALLOC,
		    "lock with no fd: %d, error 0x%x", locked, lock_err) &&
	     expect(fcntl(acquire, F_GETFD) != -1,
		    "the failed lock closed the acquire fence") &&
	     expect(sharedbuf_dmabuf_wait(b.buf.fd, SHAREDBUF_ACCESS_WRITE,
					  0) == SHAREDBUF_OK,
		    "a failed attach left a fence") &&
	     ok;
	if (dup >= 0)
		close(dup);
	if (made != EGL_NO_SYNC)
		eglDestroySync(t.egl.dpy, made);
	if (locked)
		t.unlock(t.egl.dpy, b.image, 0, NULL);

	/* and with fds again, everything works */
	ok = expect(lt_lock(b.image, 0, EGL_READ_BIT_SHAREDBUF, acquire, -1,
			    &data, &stride) &&
			    t.unlock(t.egl.dpy, b.image, 0, NULL),
		    "lock afterwards: 0x%x", eglGetError()) &&
	     ok;
	sb_test_vgem_fence_signal(t.vgem, fence);
	ok = expect(t.attach_sync(t.egl.dpy, b.image, sync,
				  EGL_WRITE_BIT_SHAREDBUF),
		    "attach afterwards: 0x%x", eglGetError()) &&
	     ok;
	eglDestroySync(t.egl.dpy, sync);
	lt_img_finish(&a);
	lt_img_finish(&b);
	return expect(eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
				     t.egl.ctx),
		      "context back") &&
	       ok;
}

/* The extension string outlives eglTerminate (MALLOC_PERTURB_ in the
 * test's environment scribbles over freed memory, ASan reports it), and
 * each content is one string however often the display is initialised
 * again. */
bool lt_query_string_after_terminate(void)
{
	const char *s = eglQueryString(t.egl.dpy, EGL_EXTENSIONS);
	char *copy = s ? strdup(s) : NULL;
	bool ok = expect(s && strstr(s, "EGL_SHAREDBUF_image_fence"),
			 "the layer's extensions not listed") &&
		  expect(copy, "strdup");

	eglMakeCurrent(t.egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       EGL_NO_CONTEXT);
	for (int i = 0; ok && i < t.reps; i++) {
		const char *again;

		ok = expect(eglTerminate(t.egl.dpy), "terminate") &&
		     expect(strcmp(s, copy) == 0,
			    "cycle %d: the string changed after eglTerminate",
			    i) &&
		     expect(eglInitialize(t.egl.dpy, NULL, NULL),
			    "initialise again: 0x%x", eglGetError());
		again = eglQueryString(t.egl.dpy, EGL_EXTENSIONS);
		ok = ok && expect(again == s,
				  "cycle %d: a new copy of the same string", i);
	}
	t.egl.ctx = EGL_NO_CONTEXT; /* deleted by eglTerminate */
	free(copy);
	return ok;
}

/* SPDX-License-Identifier: MIT */
/*
 * image-cpu-guard: guarded CPU locks (EGL_LOCK_GUARDED_SHAREDBUF) through
 * the layer, on real dma-bufs.
 *
 * specs/EGL_SHAREDBUF_image_cpu_access.txt:
 *   "If EGL_LOCK_GUARDED_SHAREDBUF is EGL_TRUE [...] a page of the buffer
 *    that faults while the plane is locked does not end the process [...]
 *    eglUnlockImageSHAREDBUF then returns EGL_FALSE and generates
 *    EGL_BAD_ACCESS"
 *   "No SIGBUS handler is installed before the first guarded lock"
 *
 * No exporter in the guest makes a dma-buf page fault: udmabuf-hole
 * punches a hole in a udmabuf's memfd while a guarded lock reads it, and
 * checks whichever outcome the kernel gives (udmabuf keeps its pages: the
 * data stays; a fault: zeros and EGL_BAD_ACCESS). The fault path itself
 * is tested on faulting memfd mappings by cpu-guard@* (tests/unit).
 *
 * usage: image-cpu-guard EXPORTER [CASE]
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>
#include <linux/udmabuf.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

#define W 48
#define H 24

static struct {
	struct sb_test_egl egl;
	enum sharedbuf_exporter exp;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
} t;

static EGLBoolean lock(EGLImage image, EGLAttrib usage, EGLAttrib guarded,
		       void **data, EGLint *stride)
{
	const EGLAttrib attribs[] = {EGL_LOCK_USAGE_SHAREDBUF, usage,
				     EGL_LOCK_GUARDED_SHAREDBUF, guarded,
				     EGL_NONE};

	return t.lock(t.egl.dpy, image, attribs, data, stride);
}

static bool unlock(EGLImage image)
{
	EGLint release = -2;

	return expect(t.unlock(t.egl.dpy, image, 0, &release), "unlock: 0x%x",
		      eglGetError()) &&
	       expect(release == -1, "release fence %d", release);
}

/* Bytes of the W x H plane at @data equal to @v. */
static int count(const void *data, EGLint stride, uint8_t v)
{
	int n = 0;

	for (int y = 0; y < H; y++) {
		const volatile uint8_t *row =
			(const volatile uint8_t *)data + y * stride;

		for (int x = 0; x < W * 4; x++)
			n += row[x] == v;
	}
	return n;
}

static void fill(void *data, EGLint stride, uint8_t v)
{
	for (int y = 0; y < H; y++)
		memset((uint8_t *)data + y * stride, v, W * 4);
}

static bool same_action(const struct sigaction *a, const struct sigaction *b)
{
	return a->sa_handler == b->sa_handler && a->sa_flags == b->sa_flags;
}

/* A W x H XRGB8888 buffer of t.exp and its image: false (and nothing
 * left) if either fails. */
static bool buffer_image(struct sharedbuf_buffer *buf, EGLImage *image)
{
	if (!expect(sharedbuf_buffer_alloc(t.exp, W, H, DRM_FORMAT_XRGB8888,
					   buf) == SHAREDBUF_OK,
		    "alloc"))
		return false;
	*image = sb_test_import(t.egl.dpy, buf->fd, DRM_FORMAT_XRGB8888, W, H,
				0, buf->pitch);
	if (expect(*image != EGL_NO_IMAGE, "import: 0x%x", eglGetError()))
		return true;
	sharedbuf_buffer_finish(buf);
	return false;
}

static void buffer_image_finish(struct sharedbuf_buffer *buf, EGLImage image)
{
	eglDestroyImageKHR(t.egl.dpy, image);
	sharedbuf_buffer_finish(buf);
}

/* First, before anything guarded: unguarded locks leave SIGBUS alone,
 * the first guarded one installs the handler. */
static bool handler_on_demand(void)
{
	struct sharedbuf_buffer buf;
	struct sigaction before, plain, guarded;
	EGLImage image;
	EGLint stride;
	void *data;
	bool ok;

	sigaction(SIGBUS, NULL, &before);
	if (!buffer_image(&buf, &image))
		return false;
	ok = expect(lock(image, EGL_WRITE_BIT_SHAREDBUF, EGL_FALSE, &data,
			 &stride),
		    "plain lock: 0x%x", eglGetError()) &&
	     unlock(image);
	sigaction(SIGBUS, NULL, &plain);
	ok = ok && expect(same_action(&before, &plain),
			  "an unguarded lock changed SIGBUS's handler");
	ok = ok &&
	     expect(lock(image, EGL_WRITE_BIT_SHAREDBUF, EGL_TRUE, &data,
			 &stride),
		    "guarded lock: 0x%x", eglGetError()) &&
	     unlock(image);
	sigaction(SIGBUS, NULL, &guarded);
	ok = ok && expect(!same_action(&before, &guarded) &&
				  (guarded.sa_flags & SA_SIGINFO),
			  "a guarded lock installed no SIGBUS handler");
	buffer_image_finish(&buf, image);
	return ok;
}

/* A guarded lock is a lock: the writes reach the buffer, a read sees
 * them, guarded or not. */
static bool guarded_write_read(void)
{
	struct sharedbuf_buffer buf;
	EGLImage image;
	EGLint stride;
	void *data;
	bool ok;

	if (!buffer_image(&buf, &image))
		return false;
	ok = expect(
		lock(image, EGL_WRITE_BIT_SHAREDBUF, EGL_TRUE, &data, &stride),
		"guarded write lock: 0x%x", eglGetError());
	if (ok) {
		fill(data, stride, 0x6b);
		ok = unlock(image);
	}
	ok = ok &&
	     expect(lock(image, EGL_READ_BIT_SHAREDBUF, EGL_TRUE, &data,
			 &stride),
		    "guarded read lock: 0x%x", eglGetError()) &&
	     expect(count(data, stride, 0x6b) == W * H * 4,
		    "guarded read: the write is not there") &&
	     unlock(image);
	ok = ok &&
	     expect(lock(image, EGL_READ_BIT_SHAREDBUF, EGL_FALSE, &data,
			 &stride),
		    "plain read lock: 0x%x", eglGetError()) &&
	     expect(count(data, stride, 0x6b) == W * H * 4,
		    "plain read: the write is not there") &&
	     unlock(image);
	buffer_image_finish(&buf, image);
	return ok;
}

static bool error_is(EGLBoolean ok, EGLint want, const char *what)
{
	EGLint got = eglGetError();

	return expect(!ok && got == want, "%s: %s, error 0x%x, not 0x%x", what,
		      ok ? "succeeded" : "failed", got, want);
}

/* "If EGL_LOCK_GUARDED_SHAREDBUF is neither EGL_TRUE nor EGL_FALSE,
 *  [...] EGL_BAD_PARAMETER is generated." Twice, or the error token as an
 * attribute: EGL_BAD_ATTRIBUTE. Nothing is locked after any of them. */
static bool errors(void)
{
	const EGLAttrib twice[] = {EGL_LOCK_USAGE_SHAREDBUF,
				   EGL_READ_BIT_SHAREDBUF,
				   EGL_LOCK_GUARDED_SHAREDBUF,
				   EGL_TRUE,
				   EGL_LOCK_GUARDED_SHAREDBUF,
				   EGL_TRUE,
				   EGL_NONE};
	const EGLAttrib token[] = {
		EGL_LOCK_USAGE_SHAREDBUF, EGL_READ_BIT_SHAREDBUF,
		EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF, 0, EGL_NONE};
	struct sharedbuf_buffer buf;
	EGLImage image;
	EGLint stride;
	void *data;
	bool ok;

	if (!buffer_image(&buf, &image))
		return false;
	ok = error_is(lock(image, EGL_READ_BIT_SHAREDBUF, 2, &data, &stride),
		      EGL_BAD_PARAMETER, "GUARDED 2");
	ok = ok && error_is(t.lock(t.egl.dpy, image, twice, &data, &stride),
			    EGL_BAD_ATTRIBUTE, "GUARDED twice");
	ok = ok && error_is(t.lock(t.egl.dpy, image, token, &data, &stride),
			    EGL_BAD_ATTRIBUTE, "the error token");
	ok = ok && error_is(t.unlock(t.egl.dpy, image, 0, NULL), EGL_BAD_ACCESS,
			    "unlock after the failed locks");
	buffer_image_finish(&buf, image);
	return ok;
}

/* A udmabuf over a memfd of ours, so the test can take its pages. */
static int udmabuf(int *memfd, uint64_t size)
{
	struct udmabuf_create c = {.flags = UDMABUF_FLAGS_CLOEXEC,
				   .size = size};
	int dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC), fd = -1;

	*memfd = memfd_create("guard", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (dev >= 0 && *memfd >= 0 && ftruncate(*memfd, (off_t)size) == 0 &&
	    fcntl(*memfd, F_ADD_SEALS, F_SEAL_SHRINK) == 0) {
		c.memfd = (uint32_t)*memfd;
		fd = ioctl(dev, UDMABUF_CREATE, &c);
	}
	if (dev >= 0)
		close(dev);
	return fd;
}

/* The client punches a hole in its memfd while the compositor reads it
 * under a guarded lock. Linux 6.12's udmabuf holds its own references to
 * the pages: the dma-buf keeps them and nothing faults. Should a kernel
 * fault instead, the guard must turn it into zeros and EGL_BAD_ACCESS at
 * the unlock, and the next lock must work. */
static bool udmabuf_hole(void)
{
	const uint32_t pitch = W * 4;
	const uint64_t size = ((uint64_t)pitch * H + 4095) & ~4095ull;
	int memfd = -1, fd = udmabuf(&memfd, size);
	EGLImage image = EGL_NO_IMAGE;
	EGLint stride, err;
	int kept, zeros;
	EGLBoolean unlocked;
	void *data;
	bool ok;

	ok = expect(fd >= 0, "udmabuf: %m");
	if (ok)
		image = sb_test_import(t.egl.dpy, fd, DRM_FORMAT_XRGB8888, W, H,
				       0, pitch);
	ok = ok && expect(image != EGL_NO_IMAGE, "import") &&
	     expect(lock(image, EGL_WRITE_BIT_SHAREDBUF, EGL_TRUE, &data,
			 &stride),
		    "guarded write lock: 0x%x", eglGetError());
	if (ok) {
		fill(data, stride, 0x5a);
		ok = unlock(image);
	}
	ok = ok && expect(lock(image, EGL_READ_BIT_SHAREDBUF, EGL_TRUE, &data,
			       &stride),
			  "guarded read lock: 0x%x", eglGetError());
	if (!ok)
		goto out;
	ok = expect(fallocate(memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      0, (off_t)size) == 0,
		    "punch hole: %m");
	kept = count(data, stride, 0x5a);
	zeros = count(data, stride, 0);
	unlocked = t.unlock(t.egl.dpy, image, 0, NULL);
	err = eglGetError();
	if (unlocked) {
		printf("  udmabuf kept its pages: no fault\n");
		ok = expect(kept == W * H * 4,
			    "no fault reported, yet %d of %d bytes changed",
			    W * H * 4 - kept, W * H * 4) &&
		     ok;
	} else {
		printf("  the udmabuf faulted: caught\n");
		ok = expect(err == EGL_BAD_ACCESS, "unlock error 0x%x", err) &&
		     expect(zeros == W * H * 4,
			    "after the fault %d bytes are not zero",
			    W * H * 4 - zeros) &&
		     expect(lock(image, EGL_READ_BIT_SHAREDBUF, EGL_TRUE, &data,
				 &stride),
			    "lock after the fault: 0x%x", eglGetError()) &&
		     unlock(image) && ok;
	}
out:
	if (image != EGL_NO_IMAGE)
		eglDestroyImageKHR(t.egl.dpy, image);
	if (fd >= 0)
		close(fd);
	if (memfd >= 0)
		close(memfd);
	return ok;
}

static const struct sb_test_case cases[] = {
	/* first: nothing guarded yet in this process */
	{"handler-on-demand", handler_on_demand},
	{"guarded-write-read", guarded_write_read},
	{"errors", errors},
};

static const struct sb_test_case udmabuf_cases[] = {
	{"udmabuf-hole", udmabuf_hole},
};

int main(int argc, char **argv)
{
	int exp, failed = 0, ran = 0;
	const char *only = argc > 2 ? argv[2] : NULL;
	char why[256];

	exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem [CASE]\n",
			argv[0]);
		return 2;
	}
	t.exp = (enum sharedbuf_exporter)exp;
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&t.egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	if (!epoxy_has_egl_extension(t.egl.dpy,
				     "EGL_SHAREDBUF_image_cpu_access"))
		piglit_fail("EGL_SHAREDBUF_image_cpu_access not advertised");
	t.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	t.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	if (!t.lock || !t.unlock)
		piglit_fail("eglGetProcAddress gave no entry point");
	if (only && strcmp(only, "udmabuf-hole") == 0)
		failed = sb_test_run_cases(udmabuf_cases, 1, only, &ran);
	else
		failed = sb_test_run_cases(
			cases, sizeof(cases) / sizeof(cases[0]), only, &ran);
	sb_test_egl_finish(&t.egl);
	if (failed || !ran)
		piglit_fail("%d of %d cases failed", failed, ran);
	piglit_report_result(PIGLIT_PASS);
}

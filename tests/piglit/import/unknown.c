/* SPDX-License-Identifier: MIT */
/*
 * import-unknown@lock: a format the driver lists and sharedbuf's layout
 * table lacks imports through the layer with its fds checked only, and a
 * CPU lock of the image fails with EGL_BAD_ACCESS, changing nothing.
 *
 * specs/SHAREDBUF_strict_dma_buf_import.txt, Stage 3:
 *   "If the fourcc is not in sharedbuf's layout table, no more is
 *    checked: the import goes to the driver"
 * specs/EGL_SHAREDBUF_image_cpu_access.txt, Errors:
 *   "If the layout of <image>'s format is not known [...] EGL_FALSE is
 *    returned and EGL_BAD_ACCESS is generated."
 *
 * The driver is Mesa behind import-unknown-vendor.so (unknown_vendor.c),
 * which adds SB_TEST_ALIAS_FOURCC to Mesa's formats as XRGB8888's twin.
 *
 * usage: import-unknown udmabuf|heap|vgem
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "egl_env.h"
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"
#include "unknown_vendor.h"

#define W 32
#define H 16

static struct sb_test_egl egl;
static PFNEGLLOCKIMAGESHAREDBUFPROC lock;
static PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;

static struct sharedbuf_layer_stats stats(void)
{
	struct sharedbuf_layer_stats s;

	if (!sb_test_layer_stats(&s))
		piglit_fail("the layer is not in the EGL call path");
	return s;
}

static EGLBoolean lock_plane0(EGLImage image, void **data, EGLint *stride)
{
	const EGLAttrib attribs[] = {
		EGL_LOCK_USAGE_SHAREDBUF,
		EGL_READ_BIT_SHAREDBUF | EGL_WRITE_BIT_SHAREDBUF,
		EGL_NONE,
	};

	return lock(egl.dpy, image, attribs, data, stride);
}

/* The import passes the layer with its fds checked only: a dma-buf
 * imports (and is recorded), a memfd in its place does not. */
static bool imports(const struct sharedbuf_buffer *buf, EGLImage *image)
{
	struct sharedbuf_layer_stats before = stats();
	int memfd = memfd_create("not-a-dma-buf", MFD_CLOEXEC);
	EGLImage bad = EGL_NO_IMAGE;
	EGLint err = EGL_SUCCESS;
	bool ok;

	if (memfd >= 0 && ftruncate(memfd, (off_t)buf->size) == 0) {
		bad = sb_test_import(egl.dpy, memfd, SB_TEST_ALIAS_FOURCC, W, H,
				     0, buf->pitch);
		err = eglGetError();
	}
	if (memfd >= 0)
		close(memfd);
	ok = expect(memfd >= 0, "memfd_create: %m") &&
	     expect(bad == EGL_NO_IMAGE && err == EGL_BAD_PARAMETER,
		    "a memfd as the unknown format's plane: image %p, error "
		    "0x%x; want none, EGL_BAD_PARAMETER (the fd check)",
		    bad, err);
	*image = sb_test_import(egl.dpy, buf->fd, SB_TEST_ALIAS_FOURCC, W, H, 0,
				buf->pitch);
	return expect(*image != EGL_NO_IMAGE,
		      "import of the unknown format: 0x%x", eglGetError()) &&
	       expect(stats().images_recorded == before.images_recorded + 1,
		      "the layer did not record the image") &&
	       ok;
}

/* Locks fail with EGL_BAD_ACCESS, twice (the first claimed nothing), and
 * leave the outputs, the layer's fds and the process's fds alone. */
static bool lock_refused(EGLImage image)
{
	struct sharedbuf_layer_stats before = stats();
	int fds = piglit_count_fds();
	bool ok = true;

	for (int i = 0; i < 2; i++) {
		void *data = (void *)&egl;
		EGLint stride = -7, err;
		EGLBoolean got = lock_plane0(image, &data, &stride);

		err = eglGetError();
		ok = expect(!got && err == EGL_BAD_ACCESS,
			    "lock %d: %d, error 0x%x; want EGL_FALSE, "
			    "EGL_BAD_ACCESS",
			    i + 1, got, err) &&
		     expect(data == (void *)&egl && stride == -7,
			    "a failed lock wrote its outputs") &&
		     ok;
	}
	return expect(stats().fds_held == before.fds_held,
		      "the layer's fds: %llu, had %llu",
		      (unsigned long long)stats().fds_held,
		      (unsigned long long)before.fds_held) &&
	       expect(piglit_count_fds() == fds, "fds: %d, had %d",
		      piglit_count_fds(), fds) &&
	       ok;
}

/* The same buffer imported as XRGB8888 locks, unlocks: the refusal is
 * the format's, not the buffer's. */
static bool control(const struct sharedbuf_buffer *buf)
{
	EGLImage image = sb_test_import(egl.dpy, buf->fd, DRM_FORMAT_XRGB8888,
					W, H, 0, buf->pitch);
	void *data = NULL;
	EGLint stride = 0;
	bool ok = expect(image != EGL_NO_IMAGE, "XRGB8888 import: 0x%x",
			 eglGetError()) &&
		  expect(lock_plane0(image, &data, &stride),
			 "XRGB8888 lock: "
			 "0x%x",
			 eglGetError()) &&
		  expect(unlock(egl.dpy, image, 0, NULL), "unlock: 0x%x",
			 eglGetError());

	if (image != EGL_NO_IMAGE)
		eglDestroyImageKHR(egl.dpy, image);
	return ok;
}

int main(int argc, char **argv)
{
	int exp = sb_test_exporter_arg(argc > 1 ? argv[1] : NULL);
	struct sharedbuf_buffer buf;
	struct sharedbuf_layer_stats s;
	EGLImage image = EGL_NO_IMAGE;
	char why[256];
	bool ok;

	if (exp < 0) {
		fprintf(stderr, "usage: %s udmabuf|heap|vgem\n", argv[0]);
		return 2;
	}
	if (!sb_test_exporter_present(exp, why, sizeof(why)))
		piglit_skip("%s", why);
	if (!sb_test_egl_init(&egl, why, sizeof(why)))
		piglit_fail("EGL: %s", why);
	s = stats();
	if (!s.next_vendor || !strstr(s.next_vendor, "import-unknown-vendor"))
		piglit_fail("the layer's next vendor is %s, not "
			    "import-unknown-vendor.so",
			    s.next_vendor ? s.next_vendor : "(none)");
	lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	if (!lock || !unlock)
		piglit_fail("no eglLockImageSHAREDBUF");
	if (sharedbuf_buffer_alloc((enum sharedbuf_exporter)exp, W, H,
				   DRM_FORMAT_XRGB8888, &buf) != SHAREDBUF_OK)
		piglit_fail("allocate a %dx%d buffer", W, H);
	ok = imports(&buf, &image);
	ok = image != EGL_NO_IMAGE && lock_refused(image) && ok;
	ok = control(&buf) && ok;
	if (image != EGL_NO_IMAGE)
		ok = expect(eglDestroyImageKHR(egl.dpy, image), "destroy: 0x%x",
			    eglGetError()) &&
		     ok;
	sharedbuf_buffer_finish(&buf);
	sb_test_egl_finish(&egl);
	piglit_report_result(ok ? PIGLIT_PASS : PIGLIT_FAIL);
}

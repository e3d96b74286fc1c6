/* SPDX-License-Identifier: MIT */
/*
 * import-lazy's subtests for a driver that stops giving an imported
 * image's dma-buf back after the layer's probe (import-lazy vgem
 * export-fail|export-other, the next vendor import-unknown-vendor.so with
 * SB_TEST_EXPORT=fail|other: its export fails, or gives another dma-buf).
 * On an image the layer keeps no fd for, every feature that needs the
 * dma-buf then fails with EGL_BAD_ALLOC (the specs' error), not the
 * driver's error and never success on the wrong buffer; it holds no fd
 * more, leaks none, and the image can still be destroyed. The next
 * import of the fourcc keeps a dup again (then-dups).
 */
#include <stdio.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "lazy.h" /* egl_env.h first: epoxy replaces EGL/egl.h */
#include "check.h"

/* The fd-less image the subtests use, its app fd closed. */
static struct lazy_img gone = LAZY_IMG_INIT;

static bool refused(EGLBoolean ok, const char *what)
{
	EGLint err = eglGetError();

	return expect(!ok && err == EGL_BAD_ALLOC,
		      "%s: %s, EGL error 0x%x (want EGL_FALSE, "
		      "EGL_BAD_ALLOC)",
		      what, ok ? "EGL_TRUE" : "EGL_FALSE", err);
}

/* Runs @check on the image; its fds held and the process's unchanged. */
static enum piglit_result around(bool (*check)(void))
{
	int f = sb_check_failures(), fds0;
	uint64_t h0;

	if (gone.image == EGL_NO_IMAGE &&
	    (!expect(lz.reexports_xrgb == 1, "the driver does not give "
					     "imported buffers back") ||
	     !expect(lazy_img_new(&gone, DRM_FORMAT_XRGB8888),
		     "import: EGL error 0x%x", eglGetError())))
		return PIGLIT_FAIL;
	lazy_close_fd(&gone);
	h0 = lazy_stats().fds_held;
	fds0 = piglit_count_fds();
	check();
	expect(lazy_stats().fds_held == h0, "the layer holds %llu fds more",
	       (unsigned long long)(lazy_stats().fds_held - h0));
	expect(piglit_count_fds() == fds0, "%d fds more are open",
	       piglit_count_fds() - fds0);
	return sb_check_failures() == f ? PIGLIT_PASS : PIGLIT_FAIL;
}

static bool lock_refused(void)
{
	const EGLAttrib a[] = {EGL_LOCK_USAGE_SHAREDBUF,
			       EGL_WRITE_BIT_SHAREDBUF, EGL_NONE};
	void *data = NULL;
	EGLint stride = 0;

	return refused(lz.lock(lz.egl.dpy, gone.image, a, &data, &stride),
		       "eglLockImageSHAREDBUF");
}

static bool sync_refused(void)
{
	EGLSync s = lz.image_sync(lz.egl.dpy, gone.image,
				  EGL_READ_BIT_SHAREDBUF, NULL);

	if (s != EGL_NO_SYNC)
		eglDestroySync(lz.egl.dpy, s);
	return refused(s != EGL_NO_SYNC, "eglCreateImageSyncSHAREDBUF");
}

static bool export_refused(void)
{
	int fds[4] = {-1, -1, -1, -1};
	EGLint strides[4], offsets[4];
	EGLBoolean ok =
		lz.export(lz.egl.dpy, gone.image, fds, strides, offsets);

	for (int i = 0; i < 4; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	return refused(ok, "eglExportDMABUFImageMESA");
}

enum piglit_result lazy_gone_lock(void)
{
	return around(lock_refused);
}

enum piglit_result lazy_gone_sync(void)
{
	return around(sync_refused);
}

enum piglit_result lazy_gone_export(void)
{
	return around(export_refused);
}

/* After the failures, the layer keeps a dup for the next import of the
 * fourcc: the probe's verdict did not hold for every buffer. */
enum piglit_result lazy_gone_then_dups(void)
{
	struct lazy_img m = LAZY_IMG_INIT;
	int f = sb_check_failures();
	uint64_t h0 = lazy_stats().fds_held;

	if (!expect(lazy_img_new(&m, DRM_FORMAT_XRGB8888),
		    "import: EGL error 0x%x", eglGetError()))
		return PIGLIT_FAIL;
	expect(lazy_stats().fds_held == h0 + 1,
	       "the next import holds %llu fds, want 1 (a dup)",
	       (unsigned long long)(lazy_stats().fds_held - h0));
	lazy_img_drop(&m);
	expect(lazy_stats().fds_held == h0, "its destroy left %llu fds held",
	       (unsigned long long)(lazy_stats().fds_held - h0));
	return sb_check_failures() == f ? PIGLIT_PASS : PIGLIT_FAIL;
}

enum piglit_result lazy_gone_destroy(void)
{
	int f = sb_check_failures();

	expect(gone.image != EGL_NO_IMAGE && lz.destroy(lz.egl.dpy, gone.image),
	       "eglDestroyImage: EGL error 0x%x", eglGetError());
	gone.image = EGL_NO_IMAGE;
	lazy_img_drop(&gone);
	return sb_check_failures() == f ? PIGLIT_PASS : PIGLIT_FAIL;
}

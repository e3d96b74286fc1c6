/* SPDX-License-Identifier: MIT */
/*
 * import-lazy's subtests (see lazy.c). Where the driver gives imported
 * buffers back ("lazy"), the layer holds no fd for an image until a
 * feature needs one, then one per plane until the image is destroyed;
 * where it does not, one per plane from the import on. no-fd-held (and
 * nv12's import) check the import's part: they fail on a layer that dups
 * every import. The others check what an image holds once a feature used
 * it, its import's fds and the feature's together: one per plane either
 * way, so they pass on both layers (and fail on one that fetches an
 * image's fds twice, or drops them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "lazy.h" /* egl_env.h first: epoxy replaces EGL/egl.h */
#include "check.h"
#include "vgem.h"

#define SEED	 7
#define WAIT_NS	 (5000 * 1000000ll)
#define XRGB	 DRM_FORMAT_XRGB8888
#define NV12_UV0 0x10 /* plane 0's bytes start here, plane 1's elsewhere */

static uint64_t held(void)
{
	return lazy_stats().fds_held;
}

static bool lazy_for(uint32_t fourcc)
{
	return (fourcc == XRGB ? lz.reexports_xrgb : lz.reexports_nv12) == 1;
}

static enum piglit_result result(int failures)
{
	return sb_check_failures() == failures ? PIGLIT_PASS : PIGLIT_FAIL;
}

static EGLBoolean lock(struct lazy_img *m, int plane, EGLAttrib usage,
		       void **data, EGLint *stride)
{
	const EGLAttrib a[] = {EGL_LOCK_PLANE_SHAREDBUF, plane,
			       EGL_LOCK_USAGE_SHAREDBUF, usage, EGL_NONE};

	if (lz.lock(lz.egl.dpy, m->image, a, data, stride))
		return EGL_TRUE;
	printf("lock plane %d: EGL error 0x%x\n", plane, eglGetError());
	return EGL_FALSE;
}

static bool unlock(struct lazy_img *m, int plane)
{
	EGLint release = -2;

	if (!lz.unlock(lz.egl.dpy, m->image, plane, &release))
		return false;
	if (release >= 0)
		close(release);
	return true;
}

enum piglit_result lazy_reexport(void)
{
	int f = sb_check_failures();
	uint64_t h0 = held(), h1, h2;

	if (!expect(lazy_img_new(&lz.a, XRGB), "import A"))
		return PIGLIT_FAIL;
	h1 = held();
	lz.a_import_held = h1 - h0;
	for (int k = 0; k < 2; k++) {
		int fd = -1;
		EGLint stride = 0, offset = -1;

		if (!expect(lz.export(lz.egl.dpy, lz.a.image, &fd, &stride,
				      &offset),
			    "export: EGL error 0x%x", eglGetError()))
			return PIGLIT_FAIL;
		expect(lazy_same_file(fd, &lz.a),
		       "export %d gave fd %d, not A's dma-buf", k, fd);
		expect(stride == (EGLint)lz.a.buf.pitch && offset == 0,
		       "export %d: stride %d offset %d", k, stride, offset);
		if (fd >= 0)
			close(fd);
	}
	h2 = held();
	printf("fds the layer holds for A: %llu after its import, %llu "
	       "after two exports\n",
	       (unsigned long long)(h1 - h0), (unsigned long long)(h2 - h0));
	/* dup: one from the import on; lazy: one from the first export on,
	 * the second export reusing it */
	expect(h2 - h0 == 1,
	       "after two exports the layer holds %llu fds "
	       "for A, want 1",
	       (unsigned long long)(h2 - h0));
	return result(f);
}

/* With main before issue 11's change, the layer dups every import: on a
 * driver that gives the buffers back, the fds_held and process fd checks
 * fail (one more per image), as they must. */
enum piglit_result lazy_no_fd_held(void)
{
	int f = sb_check_failures(), per = lazy_for(XRGB) ? 0 : 1, f0, f1;
	int on_b, want_on_b;
	uint64_t h0, hb, h1;

	if (!expect(lz.a.image != EGL_NO_IMAGE, "no image A") ||
	    !expect(lazy_alloc(&lz.b, XRGB) && lazy_alloc(&lz.c, XRGB),
		    "allocate B, C"))
		return PIGLIT_FAIL;
	h0 = held();
	f0 = piglit_count_fds();
	if (!expect(lazy_img_import(&lz.b), "import B"))
		return PIGLIT_FAIL;
	hb = held();
	if (!expect(lazy_img_import(&lz.c), "import C"))
		return PIGLIT_FAIL;
	h1 = held();
	f1 = piglit_count_fds();
	lz.b_import_held = hb - h0;
	lz.c_import_held = h1 - hb;
	/* B's dma-buf is open in the app's fd, the layer's if it holds
	 * one, and the driver's if it keeps any (bare Mesa's count) */
	on_b = lazy_fds_on(&lz.b);
	want_on_b = 1 + per + lz.bare_import_fds / 2;
	printf("imports of B and C: the layer holds %llu more fds, the "
	       "process has %d more (bare Mesa: %d); A's import: %llu\n",
	       (unsigned long long)(h1 - h0), f1 - f0, lz.bare_import_fds,
	       (unsigned long long)lz.a_import_held);
	expect(lz.a_import_held == (uint64_t)per,
	       "A's import: the layer holds %llu fds, want %d",
	       (unsigned long long)lz.a_import_held, per);
	expect(h1 - h0 == (uint64_t)(2 * per),
	       "B and C: the layer holds %llu fds, want %d",
	       (unsigned long long)(h1 - h0), 2 * per);
	expect(f1 - f0 == lz.bare_import_fds + 2 * per,
	       "B and C: %d more fds in the process, want %d", f1 - f0,
	       lz.bare_import_fds + 2 * per);
	expect(on_b == want_on_b, "%d fds open on B's dma-buf, want %d", on_b,
	       want_on_b);
	return result(f);
}

enum piglit_result lazy_lock_after_close(void)
{
	static const float clear[4] = {0, 0, 0, 0};
	int f = sb_check_failures(), n0, n1;
	struct lazy_img *b = &lz.b;
	struct sb_test_target tg = {0};
	uint64_t h0, h1;
	uint8_t *px = NULL;
	EGLint stride;
	GLuint tex;
	void *data;

	if (!expect(b->image != EGL_NO_IMAGE, "no image B"))
		return PIGLIT_FAIL;
	lazy_close_fd(b);
	n0 = lazy_fds_on(b);
	h0 = held();
	if (!expect(lock(b, 0, EGL_WRITE_BIT_SHAREDBUF, &data, &stride),
		    "write lock after B's fd was closed"))
		return PIGLIT_FAIL;
	expect(stride == (EGLint)b->buf.pitch, "stride %d", stride);
	sb_test_fill(data, XRGB, LAZY_W, LAZY_H, (uint32_t)stride, SEED);
	if (!expect(unlock(b, 0), "unlock: EGL error 0x%x", eglGetError()))
		return PIGLIT_FAIL;
	n1 = lazy_fds_on(b);
	h1 = held();
	printf("B's lock: the layer holds %llu more fds; fds on B's dma-buf "
	       "%d before, %d after\n",
	       (unsigned long long)(h1 - h0), n0, n1);
	/* lazy: none from the import, one from the lock; else the reverse */
	expect(lz.b_import_held + (h1 - h0) == 1,
	       "B holds %llu fds from its import and %llu from the lock, "
	       "want 1 in all",
	       (unsigned long long)lz.b_import_held,
	       (unsigned long long)(h1 - h0));

	/* GL samples what the lock wrote */
	tex = sb_test_texture_from_image(b->image);
	if (expect(tex && sb_test_target_init(&tg, LAZY_W, LAZY_H, clear) &&
			   sb_test_draw(tex, 0, 0, LAZY_W, LAZY_H, 1, false,
					&tg) &&
			   (px = sb_test_target_read(&tg)),
		   "GL draw of B")) {
		int bad = 0;

		for (uint32_t i = 0; i < LAZY_W * LAZY_H; i++) {
			uint8_t want[4];

			sb_test_expected_rgba(XRGB,
					      sb_test_pattern(XRGB, i % LAZY_W,
							      i / LAZY_W, SEED),
					      want);
			bad += memcmp(px + 4 * i, want, 4) != 0;
		}
		expect(bad == 0,
		       "%d pixels GL sampled are not what the lock "
		       "wrote",
		       bad);
	}
	free(px);
	sb_test_target_finish(&tg);
	glDeleteTextures(1, &tex);
	return result(f);
}

enum piglit_result lazy_sync_after_close(void)
{
	int f = sb_check_failures();
	struct lazy_img *c = &lz.c;
	uint64_t h0, h1;
	uint32_t fence;
	EGLSync s;

	if (!expect(c->image != EGL_NO_IMAGE, "no image C") ||
	    !expect(sb_test_vgem_fence_attach(lz.vgem, c->buf.fd, true, &fence),
		    "vgem fence: %m"))
		return PIGLIT_FAIL;
	/* a pending write the sync must see, on a buffer whose app fd is
	 * gone: the layer's sync reaches it only through the fd it holds */
	lazy_close_fd(c);
	h0 = held();
	s = lz.image_sync(lz.egl.dpy, c->image, EGL_READ_BIT_SHAREDBUF, NULL);
	if (!expect(s != EGL_NO_SYNC, "eglCreateImageSyncSHAREDBUF: 0x%x",
		    eglGetError())) {
		sb_test_vgem_fence_signal(lz.vgem, fence);
		return PIGLIT_FAIL;
	}
	h1 = held();
	expect(eglClientWaitSync(lz.egl.dpy, s, 0, 0) == EGL_TIMEOUT_EXPIRED,
	       "the sync did not wait for C's pending write");
	expect(sb_test_vgem_fence_signal(lz.vgem, fence), "signal: %m");
	expect(eglClientWaitSync(lz.egl.dpy, s, 0, WAIT_NS) ==
		       EGL_CONDITION_SATISFIED,
	       "eglClientWaitSync: 0x%x", eglGetError());
	expect(eglDestroySync(lz.egl.dpy, s), "eglDestroySync");
	printf("C's image sync: the layer holds %llu more fds\n",
	       (unsigned long long)(h1 - h0));
	expect(lz.c_import_held + (h1 - h0) == 1,
	       "C holds %llu fds from its import and %llu from the sync, "
	       "want 1 in all",
	       (unsigned long long)lz.c_import_held,
	       (unsigned long long)(h1 - h0));
	return result(f);
}

enum piglit_result lazy_export_after_close(void)
{
	int f = sb_check_failures(), fd = -1;
	struct lazy_img *c = &lz.c;
	EGLint stride, offset;
	uint64_t h0;

	if (!expect(c->image != EGL_NO_IMAGE && c->buf.fd < 0,
		    "no image C, or its fd open"))
		return PIGLIT_FAIL;
	h0 = held();
	if (!expect(lz.export(lz.egl.dpy, c->image, &fd, &stride, &offset),
		    "export: EGL error 0x%x", eglGetError()))
		return PIGLIT_FAIL;
	expect(lazy_same_file(fd, c), "fd %d is not C's dma-buf", fd);
	if (fd >= 0)
		close(fd);
	/* C's fd came with its sync (lazy) or its import (dup): no more */
	expect(held() == h0, "the export added %llu fds",
	       (unsigned long long)(held() - h0));
	return result(f);
}

/* Byte (x, y) of NV12 plane @plane as written here. */
static uint8_t nv12_byte(int plane, int x, int y)
{
	return (uint8_t)(plane ? x * 3 + y * 5 + 1 : NV12_UV0 + x + y * 7);
}

/* Writes (@write) or checks plane @plane of @m through a lock. */
static bool nv12_plane(struct lazy_img *m, int plane, bool write)
{
	int rows = plane ? LAZY_H / 2 : LAZY_H, bad = 0;
	EGLint stride;
	uint8_t *p;

	if (!lock(m, plane,
		  write ? EGL_WRITE_BIT_SHAREDBUF : EGL_READ_BIT_SHAREDBUF,
		  (void **)&p, &stride))
		return false;
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < LAZY_W; x++) {
			if (write)
				p[y * stride + x] = nv12_byte(plane, x, y);
			else
				bad += p[y * stride + x] !=
				       nv12_byte(plane, x, y);
		}
	expect(stride == LAZY_W, "plane %d stride %d", plane, stride);
	expect(bad == 0, "plane %d: %d bytes differ", plane, bad);
	return unlock(m, plane) && bad == 0;
}

enum piglit_result lazy_nv12(void)
{
	int f = sb_check_failures(), per = lazy_for(DRM_FORMAT_NV12) ? 0 : 2;
	struct lazy_img probe = LAZY_IMG_INIT, *m = &lz.nv;
	uint64_t h0, h1, h2;

	if (lz.reexports_nv12 < 0) {
		printf("SKIP: the driver %s NV12\n",
		       lz.reexports_nv12 == -1 ? "does not list"
					       : "(bare) cannot import");
		return PIGLIT_SKIP;
	}
	/* the layer's probe of NV12 on this display: it dups */
	if (!expect(lazy_img_new(&probe, DRM_FORMAT_NV12), "NV12 probe"))
		return PIGLIT_FAIL;
	lazy_img_drop(&probe);
	if (!expect(lazy_alloc(m, DRM_FORMAT_NV12), "allocate NV12"))
		return PIGLIT_FAIL;
	h0 = held();
	if (!expect(lazy_img_import(m), "import NV12"))
		return PIGLIT_FAIL;
	h1 = held();
	lazy_close_fd(m);
	expect(nv12_plane(m, 0, true) && nv12_plane(m, 1, true), "NV12 writes");
	h2 = held();
	expect(nv12_plane(m, 0, false) && nv12_plane(m, 1, false),
	       "NV12 reads");
	printf("NV12: the layer holds %llu fds after the import, %llu "
	       "after the locks\n",
	       (unsigned long long)(h1 - h0), (unsigned long long)(h2 - h0));
	expect(h1 - h0 == (uint64_t)per, "the import: %llu fds, want %d",
	       (unsigned long long)(h1 - h0), per);
	expect(h2 - h0 == 2, "after the locks: %llu fds, want 2",
	       (unsigned long long)(h2 - h0));
	return result(f);
}

enum piglit_result lazy_destroy(void)
{
	int f = sb_check_failures();
	struct sharedbuf_layer_stats s;
	int fds;

	lazy_img_drop(&lz.a);
	lazy_img_drop(&lz.b);
	lazy_img_drop(&lz.c);
	lazy_img_drop(&lz.nv);
	/* Mesa lets go of an image's memory lazily, at the next draw */
	expect(sb_test_warm_up(), "draw");
	s = lazy_stats();
	fds = piglit_count_fds();
	expect(s.fds_held == lz.s0.fds_held &&
		       s.images_recorded == lz.s0.images_recorded,
	       "the layer holds %llu fds for %llu images, before A %llu for "
	       "%llu",
	       (unsigned long long)s.fds_held,
	       (unsigned long long)s.images_recorded,
	       (unsigned long long)lz.s0.fds_held,
	       (unsigned long long)lz.s0.images_recorded);
	expect(fds == lz.fds0, "%d fds open, %d before A", fds, lz.fds0);
	return result(f);
}

/* SPDX-License-Identifier: MIT */
/*
 * Guest test: EGL_SHAREDBUF_image_allocate, through the layer on llvmpipe.
 * Usage: alloc-egl CASE
 *   sample-cpu-write  the CPU writes an allocated image (image_cpu_access),
 *                     GL samples exactly that
 *   render-cpu-read   GL renders into one, the CPU reads it
 *   fence             EGL_SHAREDBUF_image_fence on one: GL's rendering
 *                     attached, an image sync for it waited on
 *   export            eglExportDMABUFImage(Query)MESA give its dma-buf and
 *                     layout, and an imported udmabuf's (bare llvmpipe:
 *                     EGL_BAD_ALLOC)
 *   errors            every error of the spec
 *   vivid             allocated with vivid's constraints (serialised), vivid
 *                     captures into it; the dma-contig instance's
 *                     constraints give EGL_BAD_MATCH (nobody can provide
 *                     contiguous memory through EGL)
 * specs/EGL_SHAREDBUF_image_allocate.txt.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "alloc_egl.h" /* epoxy first: it replaces EGL/egl.h */
#include "check.h"
#include "piglit.h"
#include "sharedbuf/alloc.h"

#define W 64
#define H 48

struct alloc_egl ae;

static EGLImage alloc_image(uint32_t fourcc, EGLAttrib usage)
{
	const EGLAttrib at[] = {EGL_ALLOC_FORMAT_SHAREDBUF, fourcc,
				EGL_ALLOC_USAGE_SHAREDBUF, usage, EGL_NONE};

	return ae.allocate(ae.egl.dpy, W, H, at);
}

bool alloc_egl_lock(EGLImage img, EGLAttrib usage, uint8_t **data,
		    EGLint *stride)
{
	const EGLAttrib at[] = {EGL_LOCK_PLANE_SHAREDBUF, 0,
				EGL_LOCK_USAGE_SHAREDBUF, usage, EGL_NONE};

	return expect(ae.lock(ae.egl.dpy, img, at, (void **)data, stride),
		      "lock: %#x", eglGetError());
}

bool alloc_egl_unlock(EGLImage img)
{
	EGLint fence = -1;
	bool ok = expect(ae.unlock(ae.egl.dpy, img, 0, &fence), "unlock: %#x",
			 eglGetError());

	if (fence >= 0)
		close(fence);
	return ok;
}

static bool sample_cpu_write(void)
{
	static const float clear[4] = {0, 0, 0, 0};
	EGLImage img = alloc_image(DRM_FORMAT_XRGB8888,
				   EGL_ALLOC_SAMPLE_BIT_SHAREDBUF |
					   EGL_ALLOC_CPU_WRITE_BIT_SHAREDBUF);
	struct sb_test_target t = {0};
	uint8_t *p = NULL, *px = NULL;
	EGLint stride = 0;
	GLuint tex = 0;
	bool ok;

	ok = expect(img != EGL_NO_IMAGE, "allocate: %#x", eglGetError()) &&
	     alloc_egl_lock(img, EGL_WRITE_BIT_SHAREDBUF, &p, &stride);
	for (int y = 0; ok && y < H; y++)
		for (int x = 0; x < W; x++)
			((uint32_t *)(p + y * stride))[x] =
				0xff000000u | (uint32_t)(x * 4) << 16 |
				(uint32_t)(y * 5) << 8 | 0x40;
	ok = ok && alloc_egl_unlock(img) &&
	     expect((tex = sb_test_texture_from_image(img)) != 0, "texture") &&
	     expect(sb_test_target_init(&t, W, H, clear), "target") &&
	     expect(sb_test_draw(tex, 0, 0, W, H, 1, false, &t), "draw") &&
	     expect((px = sb_test_target_read(&t)) != NULL, "read");
	for (int y = 0; ok && y < H; y++)
		for (int x = 0; x < W && ok; x++) {
			const uint8_t *q = px + (y * W + x) * 4;

			ok = expect(q[0] == x * 4 && q[1] == y * 5 &&
					    q[2] == 0x40,
				    "pixel %d,%d: %u %u %u", x, y, q[0], q[1],
				    q[2]);
		}
	free(px);
	sb_test_target_finish(&t);
	glDeleteTextures(1, &tex);
	if (img != EGL_NO_IMAGE)
		eglDestroyImage(ae.egl.dpy, img);
	return ok;
}

/* GL clears the allocated image @img (EGL_NO_IMAGE: the allocation
 * failed) to (@r, @g, @b, 1) through an FBO, which stays bound; no
 * glFinish. Undo with render_finish(), whatever it returned. */
static bool render_clear(EGLImage img, GLuint *tex, GLuint *fbo, float r,
			 float g, float b)
{
	*tex = *fbo = 0;
	if (!expect(img != EGL_NO_IMAGE, "allocate: %#x", eglGetError()) ||
	    !expect((*tex = sb_test_texture_from_image(img)) != 0, "texture"))
		return false;
	glGenFramebuffers(1, fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, *fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, *tex, 0);
	if (!expect(glCheckFramebufferStatus(GL_FRAMEBUFFER) ==
			    GL_FRAMEBUFFER_COMPLETE,
		    "FBO incomplete"))
		return false;
	glClearColor(r, g, b, 1.0f);
	glClear(GL_COLOR_BUFFER_BIT);
	return true;
}

static void render_finish(EGLImage img, GLuint tex, GLuint fbo)
{
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	glDeleteTextures(1, &tex);
	if (img != EGL_NO_IMAGE)
		eglDestroyImage(ae.egl.dpy, img);
}

static bool render_cpu_read(void)
{
	EGLImage img = alloc_image(DRM_FORMAT_ARGB8888,
				   EGL_ALLOC_RENDER_BIT_SHAREDBUF |
					   EGL_ALLOC_CPU_READ_BIT_SHAREDBUF);
	GLuint tex = 0, fbo = 0;
	uint8_t *p = NULL;
	EGLint stride = 0;
	bool ok;

	/* no glFinish: the lock waits */
	ok = render_clear(img, &tex, &fbo, 0.25f, 0.5f, 0.75f);
	ok = ok && alloc_egl_lock(img, EGL_READ_BIT_SHAREDBUF, &p, &stride);
	for (int y = 0; ok && y < H; y++)
		for (int x = 0; x < W && ok; x++) {
			const uint8_t *q = p + y * stride + x * 4; /* B G R A */

			ok = expect(abs(q[0] - 191) <= 1 &&
					    abs(q[1] - 128) <= 1 &&
					    abs(q[2] - 64) <= 1 && q[3] == 255,
				    "pixel %d,%d: %u %u %u %u", x, y, q[0],
				    q[1], q[2], q[3]);
		}
	ok = (p ? alloc_egl_unlock(img) : true) && ok;
	render_finish(img, tex, fbo);
	return ok;
}

/* GL renders into an allocated image, attaches that work to it as a
 * write fence; an image sync for reading it then completes. */
static bool fence(void)
{
	EGLImage img = alloc_image(DRM_FORMAT_XRGB8888,
				   EGL_ALLOC_RENDER_BIT_SHAREDBUF);
	GLuint tex = 0, fbo = 0;
	EGLSync sync = EGL_NO_SYNC;
	bool ok;

	ok = render_clear(img, &tex, &fbo, 1, 0, 0);
	ok = ok &&
	     expect(ae.attach_sync(ae.egl.dpy, img, EGL_NO_SYNC,
				   EGL_WRITE_BIT_SHAREDBUF),
		    "attach: %#x", eglGetError()) &&
	     expect((sync = ae.image_sync(ae.egl.dpy, img,
					  EGL_READ_BIT_SHAREDBUF, NULL)) !=
			    EGL_NO_SYNC,
		    "image sync: %#x", eglGetError()) &&
	     expect(eglClientWaitSync(ae.egl.dpy, sync, 0, EGL_FOREVER) ==
			    EGL_CONDITION_SATISFIED,
		    "wait: %#x", eglGetError());
	if (sync != EGL_NO_SYNC)
		eglDestroySync(ae.egl.dpy, sync);
	render_finish(img, tex, fbo);
	return ok;
}

/* Export query and fds for @img: @fourcc, one plane, a dma-buf. */
static bool check_export(EGLImage img, uint32_t fourcc, EGLint want_stride)
{
	int f = 0, planes = 0, fd = -1;
	EGLuint64KHR mod = 0;
	EGLint stride = 0, offset = -1;
	bool ok;

	ok = expect(ae.export_query(ae.egl.dpy, img, &f, &planes, &mod),
		    "query: %#x", eglGetError()) &&
	     expect((uint32_t)f == fourcc && planes == 1,
		    "fourcc %#x planes %d", f, planes) &&
	     expect(ae.export_fds(ae.egl.dpy, img, &fd, &stride, &offset),
		    "export: %#x", eglGetError()) &&
	     expect(sharedbuf_fd_is_dmabuf(fd), "not a dma-buf") &&
	     expect(offset == 0 && (want_stride ? stride == want_stride
						: stride >= W * 4),
		    "stride %d offset %d", stride, offset);
	printf("  exported: fourcc %.4s, modifier %#llx, stride %d\n",
	       (char *)&f, (unsigned long long)mod, stride);
	if (fd >= 0)
		close(fd);
	return ok;
}

static bool export(void)
{
	EGLImage img = alloc_image(DRM_FORMAT_XRGB8888,
				   EGL_ALLOC_SAMPLE_BIT_SHAREDBUF);
	struct sharedbuf_buffer ub = {.fd = -1};
	EGLImage imp = EGL_NO_IMAGE;
	bool ok;

	ok = expect(img != EGL_NO_IMAGE, "allocate: %#x", eglGetError()) &&
	     check_export(img, DRM_FORMAT_XRGB8888, 0);
	if (img != EGL_NO_IMAGE)
		eglDestroyImage(ae.egl.dpy, img);
	/* any dma-buf image the layer recorded */
	if (ok &&
	    sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_ARGB8888, &ub) == SHAREDBUF_OK) {
		imp = sb_test_import(ae.egl.dpy, ub.fd, DRM_FORMAT_ARGB8888, W,
				     H, 0, ub.pitch);
		ok = expect(imp != EGL_NO_IMAGE, "import") &&
		     check_export(imp, DRM_FORMAT_ARGB8888, (EGLint)ub.pitch);
		if (imp != EGL_NO_IMAGE)
			eglDestroyImage(ae.egl.dpy, imp);
		sharedbuf_buffer_finish(&ub);
	}
	return ok;
}

static const struct sb_test_case cases[] = {
	{"sample-cpu-write", sample_cpu_write},
	{"render-cpu-read", render_cpu_read},
	{"fence", fence},
	{"export", export},
	{"errors", alloc_egl_errors},
	{"vivid", alloc_egl_vivid},
};

int main(int argc, char **argv)
{
	int i = piglit_find_case(argc, argv, cases,
				 sizeof(cases) / sizeof(cases[0]),
				 sizeof(cases[0]));
	char why[256];
	int failed, ran;

	if (!sb_test_egl_init(&ae.egl, why, sizeof(why))) {
		sb_test_egl_finish(&ae.egl);
		piglit_fail("EGL: %s", why);
	}
	if (!strstr(eglQueryString(ae.egl.dpy, EGL_EXTENSIONS),
		    "EGL_SHAREDBUF_image_allocate"))
		piglit_fail("EGL_SHAREDBUF_image_allocate not listed");
	ae.allocate = (PFNEGLALLOCATEIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglAllocateImageSHAREDBUF");
	ae.lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	ae.unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	ae.image_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	ae.attach_sync = (PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglImageAttachSyncSHAREDBUF");
	ae.export_query =
		(PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC)eglGetProcAddress(
			"eglExportDMABUFImageQueryMESA");
	ae.export_fds = (PFNEGLEXPORTDMABUFIMAGEMESAPROC)eglGetProcAddress(
		"eglExportDMABUFImageMESA");
	if (!ae.allocate || !ae.lock || !ae.unlock || !ae.image_sync ||
	    !ae.attach_sync || !ae.export_query || !ae.export_fds)
		piglit_fail("entry points missing");
	/* warm-up draws, the case, the fds it left */
	failed = sb_test_run_cases(&cases[i], 1, NULL, &ran);
	sb_test_egl_finish(&ae.egl);
	piglit_report_result(!failed && ran && !sb_check_failures()
				     ? PIGLIT_PASS
				     : PIGLIT_FAIL);
}

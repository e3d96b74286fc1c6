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

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "check.h"
#include "piglit.h"
#include "sharedbuf/alloc.h"
#include "v4l2_util.h"

#define W 64
#define H 48

static struct sb_test_egl egl;
static PFNEGLALLOCATEIMAGESHAREDBUFPROC allocate;
static PFNEGLLOCKIMAGESHAREDBUFPROC lock;
static PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
static PFNEGLCREATEIMAGESYNCSHAREDBUFPROC image_sync;
static PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC attach_sync;
static PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC export_query;
static PFNEGLEXPORTDMABUFIMAGEMESAPROC export_fds;

static EGLImage alloc_image(uint32_t fourcc, EGLAttrib usage)
{
	const EGLAttrib at[] = {EGL_ALLOC_FORMAT_SHAREDBUF, fourcc,
				EGL_ALLOC_USAGE_SHAREDBUF, usage, EGL_NONE};

	return allocate(egl.dpy, W, H, at);
}

static bool lock_plane(EGLImage img, EGLAttrib usage, uint8_t **data,
		       EGLint *stride)
{
	const EGLAttrib at[] = {EGL_LOCK_PLANE_SHAREDBUF, 0,
				EGL_LOCK_USAGE_SHAREDBUF, usage, EGL_NONE};

	return expect(lock(egl.dpy, img, at, (void **)data, stride),
		      "lock: %#x", eglGetError());
}

static bool unlock_plane(EGLImage img)
{
	EGLint fence = -1;
	bool ok = expect(unlock(egl.dpy, img, 0, &fence), "unlock: %#x",
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
	     lock_plane(img, EGL_WRITE_BIT_SHAREDBUF, &p, &stride);
	for (int y = 0; ok && y < H; y++)
		for (int x = 0; x < W; x++)
			((uint32_t *)(p + y * stride))[x] =
				0xff000000u | (uint32_t)(x * 4) << 16 |
				(uint32_t)(y * 5) << 8 | 0x40;
	ok = ok && unlock_plane(img) &&
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
		eglDestroyImage(egl.dpy, img);
	return ok;
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

	ok = expect(img != EGL_NO_IMAGE, "allocate: %#x", eglGetError()) &&
	     expect((tex = sb_test_texture_from_image(img)) != 0, "texture");
	if (ok) {
		glGenFramebuffers(1, &fbo);
		glBindFramebuffer(GL_FRAMEBUFFER, fbo);
		glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
				       GL_TEXTURE_2D, tex, 0);
		ok = expect(glCheckFramebufferStatus(GL_FRAMEBUFFER) ==
				    GL_FRAMEBUFFER_COMPLETE,
			    "FBO incomplete");
		glClearColor(0.25f, 0.5f, 0.75f, 1.0f);
		glClear(GL_COLOR_BUFFER_BIT); /* no glFinish: the lock waits */
	}
	ok = ok && lock_plane(img, EGL_READ_BIT_SHAREDBUF, &p, &stride);
	for (int y = 0; ok && y < H; y++)
		for (int x = 0; x < W && ok; x++) {
			const uint8_t *q = p + y * stride + x * 4; /* B G R A */

			ok = expect(abs(q[0] - 191) <= 1 &&
					    abs(q[1] - 128) <= 1 &&
					    abs(q[2] - 64) <= 1 && q[3] == 255,
				    "pixel %d,%d: %u %u %u %u", x, y, q[0],
				    q[1], q[2], q[3]);
		}
	ok = (p ? unlock_plane(img) : true) && ok;
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	glDeleteTextures(1, &tex);
	if (img != EGL_NO_IMAGE)
		eglDestroyImage(egl.dpy, img);
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

	ok = expect(img != EGL_NO_IMAGE, "allocate: %#x", eglGetError()) &&
	     expect((tex = sb_test_texture_from_image(img)) != 0, "texture");
	if (ok) {
		glGenFramebuffers(1, &fbo);
		glBindFramebuffer(GL_FRAMEBUFFER, fbo);
		glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
				       GL_TEXTURE_2D, tex, 0);
		glClearColor(1, 0, 0, 1);
		glClear(GL_COLOR_BUFFER_BIT);
	}
	ok = ok &&
	     expect(attach_sync(egl.dpy, img, EGL_NO_SYNC,
				EGL_WRITE_BIT_SHAREDBUF),
		    "attach: %#x", eglGetError()) &&
	     expect((sync = image_sync(egl.dpy, img, EGL_READ_BIT_SHAREDBUF,
				       NULL)) != EGL_NO_SYNC,
		    "image sync: %#x", eglGetError()) &&
	     expect(eglClientWaitSync(egl.dpy, sync, 0, EGL_FOREVER) ==
			    EGL_CONDITION_SATISFIED,
		    "wait: %#x", eglGetError());
	if (sync != EGL_NO_SYNC)
		eglDestroySync(egl.dpy, sync);
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &fbo);
	glDeleteTextures(1, &tex);
	if (img != EGL_NO_IMAGE)
		eglDestroyImage(egl.dpy, img);
	return ok;
}

/* Export query and fds for @img: @fourcc, one plane, a dma-buf. */
static bool check_export(EGLImage img, uint32_t fourcc, EGLint want_stride)
{
	int f = 0, planes = 0, fd = -1;
	EGLuint64KHR mod = 0;
	EGLint stride = 0, offset = -1;
	bool ok;

	ok = expect(export_query(egl.dpy, img, &f, &planes, &mod), "query: %#x",
		    eglGetError()) &&
	     expect((uint32_t)f == fourcc && planes == 1,
		    "fourcc %#x planes %d", f, planes) &&
	     expect(export_fds(egl.dpy, img, &fd, &stride, &offset),
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
		eglDestroyImage(egl.dpy, img);
	/* any dma-buf image the layer recorded */
	if (ok &&
	    sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_ARGB8888, &ub) == SHAREDBUF_OK) {
		imp = sb_test_import(egl.dpy, ub.fd, DRM_FORMAT_ARGB8888, W, H,
				     0, ub.pitch);
		ok = expect(imp != EGL_NO_IMAGE, "import") &&
		     check_export(imp, DRM_FORMAT_ARGB8888, (EGLint)ub.pitch);
		if (imp != EGL_NO_IMAGE)
			eglDestroyImage(egl.dpy, imp);
		sharedbuf_buffer_finish(&ub);
	}
	return ok;
}

struct error_case {
	const char *what;
	EGLint w, h;
	EGLAttrib at[8];
	EGLint want;
};

static bool errors(void)
{
	static struct sharedbuf_constraints cam;
	static uint8_t wire[4096], contig_wire[4096], bad[64];
	const struct error_case cases[] = {
		{"no format", W, H, {EGL_NONE}, EGL_BAD_PARAMETER},
		{"width 0",
		 0,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888, EGL_NONE},
		 EGL_BAD_PARAMETER},
		{"height -1",
		 W,
		 -1,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888, EGL_NONE},
		 EGL_BAD_PARAMETER},
		{"unknown attribute",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888, EGL_WIDTH, 4,
		  EGL_NONE},
		 EGL_BAD_ATTRIBUTE},
		{"unknown usage bit",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888,
		  EGL_ALLOC_USAGE_SHAREDBUF, 0x10, EGL_NONE},
		 EGL_BAD_ATTRIBUTE},
		{"usage twice",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888,
		  EGL_ALLOC_USAGE_SHAREDBUF, 1, EGL_ALLOC_USAGE_SHAREDBUF, 1,
		  EGL_NONE},
		 EGL_BAD_ATTRIBUTE},
		{"unknown fourcc",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, fourcc_code('N', 'O', 'P', 'E'),
		  EGL_NONE},
		 EGL_BAD_ATTRIBUTE},
		{"garbage constraints",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888,
		  EGL_ALLOC_CONSTRAINTS_SHAREDBUF, (EGLAttrib)bad, EGL_NONE},
		 EGL_BAD_ATTRIBUTE},
		{"camera takes only YUYV",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888,
		  EGL_ALLOC_CONSTRAINTS_SHAREDBUF, (EGLAttrib)wire, EGL_NONE},
		 EGL_BAD_MATCH},
		{"contiguous, nobody provides it",
		 W,
		 H,
		 {EGL_ALLOC_FORMAT_SHAREDBUF, DRM_FORMAT_XRGB8888,
		  EGL_ALLOC_CONSTRAINTS_SHAREDBUF, (EGLAttrib)contig_wire,
		  EGL_NONE},
		 EGL_BAD_MATCH},
	};
	bool ok = true;

	memset(bad, 0x5a, sizeof(bad));
	sharedbuf_constraints_init(&cam, "camera");
	sharedbuf_constraints_add(&cam, DRM_FORMAT_YUYV, DRM_FORMAT_MOD_LINEAR);
	sharedbuf_constraints_serialise(&cam, wire, sizeof(wire));
	sharedbuf_constraints_add(&cam, DRM_FORMAT_XRGB8888,
				  DRM_FORMAT_MOD_LINEAR);
	cam.flags = SHAREDBUF_NEEDS_CONTIGUOUS;
	sharedbuf_constraints_serialise(&cam, contig_wire, sizeof(contig_wire));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EGLImage img =
			allocate(egl.dpy, cases[i].w, cases[i].h, cases[i].at);
		EGLint err = eglGetError();

		ok = expect(img == EGL_NO_IMAGE, "%s: an image",
			    cases[i].what) &&
		     expect(err == cases[i].want, "%s: error %#x, want %#x",
			    cases[i].what, err, cases[i].want) &&
		     ok;
		if (img != EGL_NO_IMAGE)
			eglDestroyImage(egl.dpy, img);
	}
	return ok;
}

static bool capture_into(int vfd, EGLImage img[3])
{
	int fds[3] = {-1, -1, -1}, k;
	EGLint stride = 0, offset = 0;
	uint8_t *p = NULL;
	bool ok = true, written = false;

	for (int i = 0; ok && i < 3; i++) {
		ok = expect(export_fds(egl.dpy, img[i], &fds[i], &stride,
				       &offset),
			    "export %d", i) &&
		     lock_plane(img[i], EGL_WRITE_BIT_SHAREDBUF, &p, &stride);
		if (ok) {
			memset(p, 0xa5, (size_t)stride * 180);
			ok = unlock_plane(img[i]);
		}
	}
	ok = ok && expect(sb_test_v4l2_set_format(vfd, V4L2_PIX_FMT_XBGR32, 320,
						  180, (uint32_t)stride, NULL),
			  "S_FMT pitch %d", stride);
	if (ok) {
		struct v4l2_requestbuffers rb = {
			.count = 3,
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_DMABUF};

		ok = expect(ioctl(vfd, VIDIOC_REQBUFS, &rb) == 0, "REQBUFS");
	}
	for (uint32_t i = 0; ok && i < 3; i++) {
		struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					.memory = V4L2_MEMORY_DMABUF,
					.index = i};

		b.m.fd = fds[i];
		ok = expect(ioctl(vfd, VIDIOC_QBUF, &b) == 0, "QBUF: %m");
	}
	k = ok ? sb_test_v4l2_capture(vfd, V4L2_MEMORY_DMABUF, 1) : -1;
	ok = ok && expect(k >= 0, "capture") &&
	     lock_plane(img[k], EGL_READ_BIT_SHAREDBUF, &p, &stride);
	for (size_t i = 0; ok && i < (size_t)stride * 180; i++)
		written |= p[i] != 0xa5;
	if (ok)
		ok = expect(written, "vivid wrote nothing") &&
		     unlock_plane(img[k]);
	for (int i = 0; i < 3; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	return ok;
}

static bool vivid(void)
{
	static struct sharedbuf_constraints cam;
	static uint8_t wire[1 << 16];
	EGLImage img[3] = {EGL_NO_IMAGE, EGL_NO_IMAGE, EGL_NO_IMAGE};
	int seen = 0;
	bool ok = true;

	for (int inst = 0; inst < 2; inst++) {
		int vfd = sb_test_vivid_open(inst);
		int contig = sb_test_vivid_allocator(inst) == 1;
		EGLAttrib at[] = {EGL_ALLOC_FORMAT_SHAREDBUF,
				  DRM_FORMAT_XRGB8888,
				  EGL_ALLOC_USAGE_SHAREDBUF,
				  EGL_ALLOC_SAMPLE_BIT_SHAREDBUF |
					  EGL_ALLOC_CPU_READ_BIT_SHAREDBUF |
					  EGL_ALLOC_CPU_WRITE_BIT_SHAREDBUF,
				  EGL_ALLOC_CONSTRAINTS_SHAREDBUF,
				  (EGLAttrib)wire,
				  EGL_NONE};

		if (vfd < 0)
			continue;
		seen++;
		ok = expect_result(sharedbuf_constraints_from_v4l2(
					   vfd, V4L2_BUF_TYPE_VIDEO_CAPTURE,
					   320, 180, &cam),
				   SHAREDBUF_OK, "from_v4l2") &&
		     ok;
		sharedbuf_constraints_serialise(&cam, wire, sizeof(wire));
		for (int i = 0; i < 3; i++)
			img[i] = allocate(egl.dpy, 320, 180, at);
		if (contig)
			ok = expect(img[0] == EGL_NO_IMAGE &&
					    eglGetError() == EGL_BAD_MATCH,
				    "dma-contig vivid: want EGL_BAD_MATCH") &&
			     ok;
		else
			ok = expect(img[0] && img[1] && img[2], "allocate: %#x",
				    eglGetError()) &&
			     capture_into(vfd, img) && ok;
		for (int i = 0; i < 3; i++) {
			if (img[i] != EGL_NO_IMAGE)
				eglDestroyImage(egl.dpy, img[i]);
			img[i] = EGL_NO_IMAGE;
		}
		close(vfd);
	}
	if (!seen)
		piglit_skip("no vivid capture device (load vivid)");
	return ok;
}

static const struct {
	const char *name;
	bool (*run)(void);
} cases[] = {
	{"sample-cpu-write", sample_cpu_write},
	{"render-cpu-read", render_cpu_read},
	{"fence", fence},
	{"export", export},
	{"errors", errors},
	{"vivid", vivid},
};

int main(int argc, char **argv)
{
	int i = piglit_find_case(argc, argv, cases,
				 sizeof(cases) / sizeof(cases[0]),
				 sizeof(cases[0]));
	char why[256];
	int fds;
	bool ok;

	if (!sb_test_egl_init(&egl, why, sizeof(why))) {
		sb_test_egl_finish(&egl);
		piglit_fail("EGL: %s", why);
	}
	if (!strstr(eglQueryString(egl.dpy, EGL_EXTENSIONS),
		    "EGL_SHAREDBUF_image_allocate"))
		piglit_fail("EGL_SHAREDBUF_image_allocate not listed");
	allocate = (PFNEGLALLOCATEIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglAllocateImageSHAREDBUF");
	lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	image_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	attach_sync = (PFNEGLIMAGEATTACHSYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglImageAttachSyncSHAREDBUF");
	export_query = (PFNEGLEXPORTDMABUFIMAGEQUERYMESAPROC)eglGetProcAddress(
		"eglExportDMABUFImageQueryMESA");
	export_fds = (PFNEGLEXPORTDMABUFIMAGEMESAPROC)eglGetProcAddress(
		"eglExportDMABUFImageMESA");
	if (!allocate || !lock || !unlock || !image_sync || !attach_sync ||
	    !export_query || !export_fds)
		piglit_fail("entry points missing");
	sb_test_warm_up();
	fds = piglit_count_fds();
	ok = cases[i].run();
	sb_test_warm_up();
	ok = expect(piglit_count_fds() == fds, "fds %d -> %d", fds,
		    piglit_count_fds()) &&
	     ok;
	sb_test_egl_finish(&egl);
	piglit_report_result(ok && !sb_check_failures() ? PIGLIT_PASS
							: PIGLIT_FAIL);
}

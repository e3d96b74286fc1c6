/* SPDX-License-Identifier: MIT */
/* alloc-egl's errors and vivid cases (see egl.c). */
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
#include "v4l2_util.h"

#define W 64
#define H 48

struct error_case {
	const char *what;
	EGLint w, h;
	EGLAttrib at[8];
	EGLint want;
};

bool alloc_egl_errors(void)
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
		EGLImage img = ae.allocate(ae.egl.dpy, cases[i].w, cases[i].h,
					   cases[i].at);
		EGLint err = eglGetError();

		ok = expect(img == EGL_NO_IMAGE, "%s: an image",
			    cases[i].what) &&
		     expect(err == cases[i].want, "%s: error %#x, want %#x",
			    cases[i].what, err, cases[i].want) &&
		     ok;
		if (img != EGL_NO_IMAGE)
			eglDestroyImage(ae.egl.dpy, img);
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
		ok = expect(ae.export_fds(ae.egl.dpy, img[i], &fds[i], &stride,
					  &offset),
			    "export %d", i) &&
		     alloc_egl_lock(img[i], EGL_WRITE_BIT_SHAREDBUF, &p,
				    &stride);
		if (ok) {
			memset(p, 0xa5, (size_t)stride * 180);
			ok = alloc_egl_unlock(img[i]);
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
	     alloc_egl_lock(img[k], EGL_READ_BIT_SHAREDBUF, &p, &stride);
	for (size_t i = 0; ok && i < (size_t)stride * 180; i++)
		written |= p[i] != 0xa5;
	if (ok)
		ok = expect(written, "vivid wrote nothing") &&
		     alloc_egl_unlock(img[k]);
	for (int i = 0; i < 3; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	return ok;
}

bool alloc_egl_vivid(void)
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
			img[i] = ae.allocate(ae.egl.dpy, 320, 180, at);
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
				eglDestroyImage(ae.egl.dpy, img[i]);
			img[i] = EGL_NO_IMAGE;
		}
		close(vfd);
	}
	if (!seen)
		piglit_skip("no vivid capture device (load vivid)");
	return ok;
}

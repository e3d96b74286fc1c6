/* SPDX-License-Identifier: MIT */
/*
 * Constraints of a V4L2 queue, learnt from the driver: its formats
 * (VIDIOC_ENUM_FMT), their bytesperline and sizeimage at a size
 * (VIDIOC_TRY_FMT), whether it imports dma-bufs at all
 * (V4L2_BUF_CAP_SUPPORTS_DMABUF) and whether it needs contiguous memory
 * (a udmabuf queued with V4L2_MEMORY_DMABUF: vb2-dma-contig refuses one
 * whose pages are scattered, as the kernel's attach would). The probe's
 * udmabuf is scattered on purpose: in unfragmented memory a plain one can
 * be contiguous by chance, and the probe would then say the device needs
 * nothing.
 * Single-planar buffer types only (one dma-buf per buffer).
 */
#include "constraints.h"
#include "v4l2.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/videodev2.h>

#include "alloc.h"
#include "format.h"
#include "log.h"

/* V4L2 names bytes in memory order, DRM little-endian words. */
static const struct {
	uint32_t v4l2, drm;
} map[] = {
	{V4L2_PIX_FMT_XBGR32, DRM_FORMAT_XRGB8888},
	{V4L2_PIX_FMT_ABGR32, DRM_FORMAT_ARGB8888},
	{V4L2_PIX_FMT_RGBX32, DRM_FORMAT_XBGR8888},
	{V4L2_PIX_FMT_RGBA32, DRM_FORMAT_ABGR8888},
	{V4L2_PIX_FMT_XRGB32, DRM_FORMAT_BGRX8888},
	{V4L2_PIX_FMT_ARGB32, DRM_FORMAT_BGRA8888},
	{V4L2_PIX_FMT_RGB565, DRM_FORMAT_RGB565},
	{V4L2_PIX_FMT_RGB24, DRM_FORMAT_BGR888},
	{V4L2_PIX_FMT_BGR24, DRM_FORMAT_RGB888},
	{V4L2_PIX_FMT_GREY, DRM_FORMAT_R8},
	{V4L2_PIX_FMT_YUYV, DRM_FORMAT_YUYV},
	{V4L2_PIX_FMT_YVYU, DRM_FORMAT_YVYU},
	{V4L2_PIX_FMT_UYVY, DRM_FORMAT_UYVY},
	{V4L2_PIX_FMT_VYUY, DRM_FORMAT_VYUY},
	{V4L2_PIX_FMT_NV12, DRM_FORMAT_NV12},
	{V4L2_PIX_FMT_NV21, DRM_FORMAT_NV21},
	{V4L2_PIX_FMT_NV16, DRM_FORMAT_NV16},
	{V4L2_PIX_FMT_NV61, DRM_FORMAT_NV61},
	{V4L2_PIX_FMT_NV24, DRM_FORMAT_NV24},
	{V4L2_PIX_FMT_NV42, DRM_FORMAT_NV42},
	{V4L2_PIX_FMT_YUV420, DRM_FORMAT_YUV420},
	{V4L2_PIX_FMT_YVU420, DRM_FORMAT_YVU420},
	{V4L2_PIX_FMT_YUV422P, DRM_FORMAT_YUV422},
};

uint32_t sb_v4l2_to_drm(uint32_t pixfmt)
{
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (map[i].v4l2 == pixfmt)
			return map[i].drm;
	}
	return 0;
}

uint32_t sb_v4l2_from_drm(uint32_t fourcc)
{
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (map[i].drm == fourcc)
			return map[i].v4l2;
	}
	return 0;
}

int sb_v4l2_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r == -1 && errno == EINTR);
	return r;
}

/* TRY_FMT @pixfmt at @w x @h asking for @bpl (0: the driver's minimum). */
static int try_fmt(int fd, uint32_t type, uint32_t pixfmt, uint32_t w,
		   uint32_t h, uint32_t bpl, struct v4l2_pix_format *out)
{
	struct v4l2_format f = {.type = type};

	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.pixelformat = pixfmt;
	f.fmt.pix.field = V4L2_FIELD_NONE;
	f.fmt.pix.bytesperline = bpl;
	if (sb_v4l2_ioctl(fd, VIDIOC_TRY_FMT, &f) != 0)
		return -1;
	*out = f.fmt.pix;
	return 0;
}

/* The pitch rule: which larger bytesperline does the driver honour? */
static void probe_pitch(int fd, uint32_t type, uint32_t pixfmt,
			const struct v4l2_pix_format *min,
			struct sharedbuf_format_rule *r, uint32_t *align)
{
	struct v4l2_pix_format p;

	r->pitch_min = min->bytesperline;
	r->size_min = min->sizeimage;
	for (uint32_t a = 1; a <= 4096; a *= 2) {
		uint32_t want = (min->bytesperline / a + 1) * a;

		if (try_fmt(fd, type, pixfmt, min->width, min->height, want,
			    &p) == 0 &&
		    p.bytesperline == want) {
			if (a > *align)
				*align = a;
			return; /* free pitch, in steps of a */
		}
	}
	r->pitch_max = min->bytesperline; /* the driver fixes it */
}

static void add_formats(int fd, uint32_t type, uint32_t w, uint32_t h,
			struct sharedbuf_constraints *c)
{
	struct v4l2_fmtdesc d = {.type = type};
	struct v4l2_pix_format min;
	struct sharedbuf_format_rule *r;
	uint32_t align = 1;

	for (d.index = 0; sb_v4l2_ioctl(fd, VIDIOC_ENUM_FMT, &d) == 0;
	     d.index++) {
		uint32_t drm = sb_v4l2_to_drm(d.pixelformat);

		if (!drm || !sb_format_find(drm) ||
		    try_fmt(fd, type, d.pixelformat, w, h, 0, &min) != 0 ||
		    min.pixelformat != d.pixelformat || min.width != w ||
		    min.height != h) {
			sb_log(SB_DEBUG, "v4l2: %.4s at %ux%u: not usable",
			       (const char *)&d.pixelformat, w, h);
			continue;
		}
		r = sharedbuf_constraints_add(c, drm, DRM_FORMAT_MOD_LINEAR);
		if (r)
			probe_pitch(fd, type, d.pixelformat, &min, r, &align);
	}
	c->pitch_align = align;
}

static int reqbufs(int fd, uint32_t type, uint32_t memory, uint32_t count,
		   uint32_t *caps)
{
	struct v4l2_requestbuffers rb = {
		.count = count, .type = type, .memory = memory};
	int r = sb_v4l2_ioctl(fd, VIDIOC_REQBUFS, &rb);

	if (caps)
		*caps = r == 0 ? rb.capabilities : 0;
	return r;
}

/* Queues a udmabuf of the first format's size: refused means contiguous.
 * The queue ends with no buffers. */
static void probe_contiguous(int fd, uint32_t type,
			     struct sharedbuf_constraints *c)
{
	struct v4l2_format f = {.type = type};
	struct sharedbuf_buffer ub = {.fd = -1};
	struct v4l2_buffer b = {.type = type, .memory = V4L2_MEMORY_DMABUF};
	long page = sysconf(_SC_PAGESIZE);

	f.fmt.pix.width = c->width;
	f.fmt.pix.height = c->height;
	f.fmt.pix.pixelformat = sb_v4l2_from_drm(c->formats[0].fourcc);
	f.fmt.pix.field = V4L2_FIELD_NONE;
	if (sb_v4l2_ioctl(fd, VIDIOC_S_FMT, &f) != 0) {
		sb_log_errno(SB_INFO, "v4l2: contiguity probe: S_FMT");
		return;
	}
	ub.size = ((uint64_t)f.fmt.pix.sizeimage + (uint64_t)page - 1) /
		  (uint64_t)page * (uint64_t)page;
	if (sb_alloc_udmabuf_scattered(&ub) != SHAREDBUF_OK) {
		sb_log(SB_INFO, "v4l2: no udmabuf: contiguity not probed");
		return;
	}
	if (reqbufs(fd, type, V4L2_MEMORY_DMABUF, 1, NULL) != 0) {
		sb_log_errno(SB_INFO, "v4l2: contiguity probe: REQBUFS");
		goto out;
	}
	b.index = 0;
	b.m.fd = ub.fd;
	b.length = (uint32_t)ub.size;
	b.field = V4L2_FIELD_NONE;
	if (sb_v4l2_ioctl(fd, VIDIOC_QBUF, &b) != 0) {
		sb_log_errno(SB_INFO,
			     "v4l2: a scattered udmabuf is refused: the "
			     "queue needs contiguous memory");
		c->flags |= SHAREDBUF_NEEDS_CONTIGUOUS;
	}
	reqbufs(fd, type, V4L2_MEMORY_DMABUF, 0, NULL);
out:
	sharedbuf_buffer_finish(&ub);
}

enum sharedbuf_result
sharedbuf_constraints_from_v4l2(int fd, uint32_t type, uint32_t width,
				uint32_t height,
				struct sharedbuf_constraints *c)
{
	struct v4l2_format saved = {.type = type};
	uint32_t caps = 0;

	if (!c || fd < 0 || width == 0 || height == 0 ||
	    (type != V4L2_BUF_TYPE_VIDEO_CAPTURE &&
	     type != V4L2_BUF_TYPE_VIDEO_OUTPUT))
		return SHAREDBUF_ERR_INVALID;
	sharedbuf_constraints_init(c, type == V4L2_BUF_TYPE_VIDEO_CAPTURE
					      ? "v4l2-capture"
					      : "v4l2-output");
	c->width = width;
	c->height = height;
	c->flags = SHAREDBUF_NEEDS_PACKED_PLANES;
	if (sb_v4l2_ioctl(fd, VIDIOC_G_FMT, &saved) != 0) {
		sb_log_errno(SB_INFO, "v4l2: G_FMT");
		return SHAREDBUF_ERR_IO;
	}
	add_formats(fd, type, width, height, c);
	if (reqbufs(fd, type, V4L2_MEMORY_DMABUF, 0, &caps) != 0 ||
	    !(caps & V4L2_BUF_CAP_SUPPORTS_DMABUF)) {
		sb_log(SB_INFO, "v4l2: the queue imports no dma-buf");
		c->flags |= SHAREDBUF_NEEDS_OWN_MEMORY;
	} else if (c->num_formats) {
		probe_contiguous(fd, type, c);
	}
	sb_v4l2_ioctl(fd, VIDIOC_S_FMT, &saved);
	return SHAREDBUF_OK;
}

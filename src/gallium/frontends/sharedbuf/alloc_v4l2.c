/* SPDX-License-Identifier: MIT */
/*
 * The V4L2 exporter: an importer's own memory. A new V4L2_MEMORY_MMAP
 * buffer of the queue (VIDIOC_CREATE_BUFS, so that buffers can be added
 * one by one), exported with VIDIOC_EXPBUF. For a queue whose allocator
 * gives what only it accepts (vb2-dma-contig without a CMA heap).
 */
#include "alloc_buffer.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/videodev2.h>

#include "constraints.h"
#include "log.h"
#include "v4l2.h"

#ifndef VIDIOC_REMOVE_BUFS /* Linux 6.10; Debian 12's headers are 6.1 */
struct v4l2_remove_buffers {
	__u32 index;
	__u32 count;
	__u32 type;
	__u32 reserved[13];
};
#define VIDIOC_REMOVE_BUFS _IOWR('V', 104, struct v4l2_remove_buffers)
#endif

/* Puts the queue in @l's format, or finds it already there (a queue with
 * buffers refuses S_FMT with EBUSY). */
static bool set_format(int vfd, uint32_t type, const struct sharedbuf_layout *l,
		       struct v4l2_format *f, char *why, size_t why_size)
{
	uint32_t pixfmt = sb_v4l2_from_drm(l->fourcc);

	memset(f, 0, sizeof(*f));
	f->type = type;
	f->fmt.pix.width = l->width;
	f->fmt.pix.height = l->height;
	f->fmt.pix.pixelformat = pixfmt;
	f->fmt.pix.field = V4L2_FIELD_NONE;
	f->fmt.pix.bytesperline = l->pitches[0];
	if (sb_v4l2_ioctl(vfd, VIDIOC_S_FMT, f) != 0 &&
	    (errno != EBUSY || sb_v4l2_ioctl(vfd, VIDIOC_G_FMT, f) != 0)) {
		sb_appendf(why, why_size, "VIDIOC_S_FMT: %s", strerror(errno));
		return false;
	}
	if (f->fmt.pix.pixelformat != pixfmt || f->fmt.pix.width != l->width ||
	    f->fmt.pix.height != l->height ||
	    f->fmt.pix.bytesperline != l->pitches[0]) {
		sb_appendf(why, why_size,
			   "the queue is at %ux%u pitch %u, not %ux%u pitch %u",
			   f->fmt.pix.width, f->fmt.pix.height,
			   f->fmt.pix.bytesperline, l->width, l->height,
			   l->pitches[0]);
		return false;
	}
	return true;
}

enum sharedbuf_result sb_alloc_v4l2_layout(int vfd, uint32_t type,
					   struct sharedbuf_layout *l, int *fd,
					   int *index, char *why,
					   size_t why_size)
{
	struct v4l2_create_buffers cb = {.count = 1,
					 .memory = V4L2_MEMORY_MMAP};
	struct v4l2_exportbuffer eb = {.type = type,
				       .flags = O_RDWR | O_CLOEXEC};
	off_t size;

	if (!sb_v4l2_from_drm(l->fourcc) ||
	    l->modifier != DRM_FORMAT_MOD_LINEAR) {
		sb_appendf(why, why_size, "V4L2 has no such format");
		return SHAREDBUF_ERR_UNSUPPORTED;
	}
	if (!set_format(vfd, type, l, &cb.format, why, why_size))
		return SHAREDBUF_ERR_CONFLICT;
	if (l->size > UINT32_MAX) {
		sb_appendf(why, why_size, "too big for V4L2");
		return SHAREDBUF_ERR_OVERFLOW;
	}
	if (cb.format.fmt.pix.sizeimage < l->size)
		cb.format.fmt.pix.sizeimage = (uint32_t)l->size;
	if (sb_v4l2_ioctl(vfd, VIDIOC_CREATE_BUFS, &cb) != 0 || cb.count < 1) {
		sb_appendf(why, why_size, "VIDIOC_CREATE_BUFS: %s",
			   cb.count < 1 ? "no buffer" : strerror(errno));
		return SHAREDBUF_ERR_IO;
	}
	eb.index = cb.index;
	if (sb_v4l2_ioctl(vfd, VIDIOC_EXPBUF, &eb) != 0) {
		sb_appendf(why, why_size, "VIDIOC_EXPBUF: %s", strerror(errno));
		sb_alloc_v4l2_remove(vfd, type, (int)cb.index);
		return SHAREDBUF_ERR_IO;
	}
	size = lseek(eb.fd, 0, SEEK_END);
	if (size < 0 || (uint64_t)size < l->size) {
		sb_appendf(why, why_size, "the exported buffer is too small");
		close(eb.fd);
		sb_alloc_v4l2_remove(vfd, type, (int)cb.index);
		return SHAREDBUF_ERR_IO;
	}
	l->size = (uint64_t)size;
	*fd = eb.fd;
	*index = (int)cb.index;
	return SHAREDBUF_OK;
}

void sb_alloc_v4l2_remove(int vfd, uint32_t type, int index)
{
	struct v4l2_remove_buffers rb = {
		.index = (uint32_t)index, .count = 1, .type = type};

	if (vfd < 0 || index < 0)
		return;
	if (sb_v4l2_ioctl(vfd, VIDIOC_REMOVE_BUFS, &rb) != 0)
		sb_log_errno(SB_DEBUG, "VIDIOC_REMOVE_BUFS %d", index);
}

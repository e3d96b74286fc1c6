/* SPDX-License-Identifier: MIT */
#include "v4l2_util.h"

#include "alloc.h" /* the core's: sb_alloc_udmabuf_scattered */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r == -1 && errno == EINTR);
	return r;
}

/* Sets the control named @name (found by walking every control: vivid's
 * private control ids are not in any header) to @value. */
static bool set_named_control(int fd, const char *name, int32_t value)
{
	struct v4l2_queryctrl q = {.id = V4L2_CTRL_FLAG_NEXT_CTRL};

	while (xioctl(fd, VIDIOC_QUERYCTRL, &q) == 0) {
		if (strcmp((const char *)q.name, name) == 0) {
			struct v4l2_control c = {.id = q.id, .value = value};

			return xioctl(fd, VIDIOC_S_CTRL, &c) == 0;
		}
		q.id |= V4L2_CTRL_FLAG_NEXT_CTRL;
	}
	return false;
}

/* The node of vivid instance @instance (-1: any) with @cap in its
 * device_caps. */
static int open_node(int instance, uint32_t cap)
{
	char path[32], bus[32];

	snprintf(bus, sizeof(bus), "platform:vivid-%03d", instance);
	for (int i = 0; i < 64; i++) {
		struct v4l2_capability c = {0};
		int fd;

		snprintf(path, sizeof(path), "/dev/video%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (xioctl(fd, VIDIOC_QUERYCAP, &c) == 0 &&
		    strcmp((const char *)c.driver, "vivid") == 0 &&
		    (c.device_caps & cap) &&
		    (instance < 0 ||
		     strcmp((const char *)c.bus_info, bus) == 0)) {
			set_named_control(fd, "OSD Text Mode", 2);
			return fd;
		}
		close(fd);
	}
	return -1;
}

int sb_test_vivid_open(int instance)
{
	return open_node(instance, V4L2_CAP_VIDEO_CAPTURE);
}

int sb_test_vivid_open_output(int instance)
{
	return open_node(instance, V4L2_CAP_VIDEO_OUTPUT);
}

int sb_test_vivid_allocator(int instance)
{
	FILE *f = fopen("/sys/module/vivid/parameters/allocators", "r");
	int v[16], n = 0;

	if (!f)
		return -1;
	while (n < 16 && fscanf(f, "%d,", &v[n]) == 1)
		n++;
	fclose(f);
	return instance >= 0 && instance < n ? v[instance] : -1;
}

bool sb_test_v4l2_set_format(int fd, uint32_t pixfmt, uint32_t w, uint32_t h,
			     uint32_t bytesperline, uint32_t *sizeimage)
{
	struct v4l2_format f = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE};

	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.pixelformat = pixfmt;
	f.fmt.pix.field = V4L2_FIELD_NONE;
	f.fmt.pix.bytesperline = bytesperline;
	if (xioctl(fd, VIDIOC_S_FMT, &f) != 0)
		return false;
	if (sizeimage)
		*sizeimage = f.fmt.pix.sizeimage;
	return f.fmt.pix.pixelformat == pixfmt && f.fmt.pix.width == w &&
	       f.fmt.pix.height == h &&
	       (!bytesperline || f.fmt.pix.bytesperline == bytesperline);
}

int sb_test_v4l2_capture(int fd, uint32_t memory, int skip)
{
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE, index = -1;

	if (xioctl(fd, VIDIOC_STREAMON, &type) != 0)
		return -1;
	for (int i = 0; i <= skip; i++) {
		struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					.memory = memory};
		struct pollfd p = {.fd = fd, .events = POLLIN};

		if (poll(&p, 1, 20000) != 1 ||
		    xioctl(fd, VIDIOC_DQBUF, &b) != 0)
			break;
		if (i < skip && xioctl(fd, VIDIOC_QBUF, &b) != 0)
			break;
		if (i == skip)
			index = (int)b.index;
	}
	xioctl(fd, VIDIOC_STREAMOFF, &type);
	return index;
}

bool sb_test_naive_udmabuf(uint32_t w, uint32_t h, uint32_t cpp,
			   struct sharedbuf_buffer *b)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	*b = (struct sharedbuf_buffer){.fd = -1, .width = w, .height = h};
	b->pitch = (w * cpp + 63) / 64 * 64;
	b->size = ((uint64_t)b->pitch * h + page - 1) / page * page;
	return sb_alloc_udmabuf_scattered(b) == SHAREDBUF_OK;
}

/* SPDX-License-Identifier: MIT */
/* DRM dumb buffers (vgem, or any KMS driver), exported with PRIME. */
#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xf86drm.h>

#include "format.h"
#include "env.h"
#include "log.h"

#define MAX_CARDS 16

/* Creates the dumb buffer on @card and exports it. */
static enum sharedbuf_result create_on(int card, struct sharedbuf_buffer *buf,
				       uint32_t bpp)
{
	struct drm_mode_create_dumb create = {
		.width = sb_alloc_row_pixels(buf),
		.height = buf->height,
		.bpp = bpp,
	};
	enum sharedbuf_result r = SHAREDBUF_ERR_IO;
	int fd;

	/* No DRM_CAP_DUMB_BUFFER check: render-only drivers such as vgem
	 * create dumb buffers but answer no KMS capability query. */
	if (drmIoctl(card, DRM_IOCTL_MODE_CREATE_DUMB, &create) != 0) {
		sb_log_errno(SB_INFO, "DRM_IOCTL_MODE_CREATE_DUMB %ux%u",
			     buf->width, buf->height);
		return errno == ENOMEM ? SHAREDBUF_ERR_NO_MEMORY
				       : SHAREDBUF_ERR_NO_DEVICE;
	}
	if (drmPrimeHandleToFD(card, create.handle, DRM_CLOEXEC | DRM_RDWR,
			       &fd) != 0) {
		sb_log_errno(SB_ERROR, "drmPrimeHandleToFD");
		goto out;
	}
	buf->fd = fd; /* the dma-buf holds its own reference to the bo */
	buf->pitch = create.pitch;
	buf->size = create.size;
	r = SHAREDBUF_OK;
out:
	drmCloseBufferHandle(card, create.handle);
	return r;
}

static enum sharedbuf_result
create_at(const char *path, struct sharedbuf_buffer *buf, uint32_t bpp)
{
	enum sharedbuf_result r;
	int card = open(path, O_RDWR | O_CLOEXEC);

	if (card < 0)
		return sb_alloc_open_error(errno);
	r = create_on(card, buf, bpp);
	close(card);
	return r;
}

enum sharedbuf_result sb_alloc_dumb(struct sharedbuf_buffer *buf)
{
	const char *env = sb_env_get("SHAREDBUF_DUMB_DEVICE");
	uint32_t bpp = sharedbuf_format_cpp(buf->fourcc) * 8u;
	enum sharedbuf_result r = SHAREDBUF_ERR_NO_DEVICE;
	char path[64];

	if (env)
		return create_at(env, buf, bpp);
	/* The first card node that makes one. */
	for (int i = 0; i < MAX_CARDS && r == SHAREDBUF_ERR_NO_DEVICE; i++) {
		snprintf(path, sizeof(path), DRM_DEV_NAME, DRM_DIR_NAME, i);
		r = create_at(path, buf, bpp);
	}
	if (r == SHAREDBUF_ERR_NO_DEVICE)
		sb_log(SB_INFO, "no DRM card node creates dumb buffers");
	return r;
}

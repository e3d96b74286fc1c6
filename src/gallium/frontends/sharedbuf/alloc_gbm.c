/* SPDX-License-Identifier: MIT */
/* The GBM exporter: a bo on a render node (gbm_map.c's devices), its
 * layout read back from the driver, exported as one dma-buf. */
#include "alloc_buffer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <gbm.h>
#include <xf86drm.h>

#include "constraints.h"
#include "format.h"
#include "gbm_map.h"
#include "log.h"

#define MAX_CARDS 16

/* Reads the bo's layout into @l; false if it is not one dma-buf. */
static bool read_layout(struct gbm_bo *bo, struct sharedbuf_layout *l, int fd,
			char *why, size_t why_size)
{
	const struct sb_format *f = sb_format_find(l->fourcc);
	off_t size = lseek(fd, 0, SEEK_END);
	int planes = gbm_bo_get_plane_count(bo);

	if (!f || planes != f->planes || planes > 4 || size <= 0) {
		sb_appendf(why, why_size, "the driver's bo has %d planes",
			   planes);
		return false;
	}
	for (int i = 0; i < planes; i++) {
		l->pitches[i] = gbm_bo_get_stride_for_plane(bo, i);
		l->offsets[i] = gbm_bo_get_offset(bo, i);
	}
	l->modifier = gbm_bo_get_modifier(bo) == DRM_FORMAT_MOD_INVALID
			      ? DRM_FORMAT_MOD_LINEAR
			      : gbm_bo_get_modifier(bo);
	l->size = (uint64_t)size;
	return true;
}

/* The first card node's GBM device, opened once for the process: a
 * driver that allocates with dumb buffers (kms_swrast on vgem) cannot on
 * a render node, where DRM_IOCTL_MODE_CREATE_DUMB is not allowed. */
static struct gbm_device *card_device(void)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct gbm_device *dev;
	static bool tried;
	char path[64];

	pthread_mutex_lock(&lock);
	for (unsigned i = 0; !tried && !dev && i < MAX_CARDS; i++) {
		int fd;

		snprintf(path, sizeof(path), DRM_DEV_NAME, DRM_DIR_NAME, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		dev = fd >= 0 ? gbm_create_device(fd) : NULL;
		if (fd >= 0 && !dev)
			close(fd);
	}
	tried = true;
	pthread_mutex_unlock(&lock);
	return dev;
}

static struct gbm_bo *create(struct gbm_device *dev,
			     const struct sharedbuf_layout *l)
{
	if (!dev)
		return NULL;
	if (l->modifier == DRM_FORMAT_MOD_LINEAR)
		return gbm_bo_create(dev, l->width, l->height, l->fourcc,
				     GBM_BO_USE_LINEAR);
	return gbm_bo_create_with_modifiers2(dev, l->width, l->height,
					     l->fourcc, &l->modifier, 1, 0);
}

enum sharedbuf_result sb_alloc_gbm_layout(struct sharedbuf_layout *l, int *fd,
					  char *why, size_t why_size)
{
	struct gbm_device *dev = sb_gbm_first_device();
	struct gbm_bo *bo = create(dev, l);
	int dmabuf;

	if (!bo) {
		sb_log_errno(SB_INFO, "gbm_bo_create on a render node");
		bo = create(card_device(), l);
	}
	if (!bo) {
		sb_appendf(why, why_size, "no GBM device creates it");
		return SHAREDBUF_ERR_NO_DEVICE;
	}
	/* gbm_bo_get_fd's fd is read-only: export the handle read-write */
	if (drmPrimeHandleToFD(gbm_device_get_fd(gbm_bo_get_device(bo)),
			       gbm_bo_get_handle(bo).u32,
			       DRM_CLOEXEC | DRM_RDWR, &dmabuf) != 0)
		dmabuf = -1;
	if (dmabuf < 0 || !read_layout(bo, l, dmabuf, why, why_size)) {
		if (dmabuf < 0)
			sb_appendf(why, why_size, "PRIME export: %s",
				   strerror(errno));
		else
			close(dmabuf);
		gbm_bo_destroy(bo);
		return SHAREDBUF_ERR_IO;
	}
	gbm_bo_destroy(bo); /* the dma-buf keeps the memory */
	*fd = dmabuf;
	return SHAREDBUF_OK;
}

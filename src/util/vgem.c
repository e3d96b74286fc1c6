/* SPDX-License-Identifier: MIT */
#include "vgem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

/* No installed header ships vgem_drm.h: these are the kernel's uapi,
 * include/uapi/drm/vgem_drm.h (unchanged since Linux 4.10). */
struct drm_vgem_fence_attach {
	__u32 handle;
	__u32 flags;
#define VGEM_FENCE_WRITE 0x1
	__u32 out_fence;
	__u32 pad;
};

struct drm_vgem_fence_signal {
	__u32 fence;
	__u32 flags;
};

#define DRM_VGEM_FENCE_ATTACH 0x1
#define DRM_VGEM_FENCE_SIGNAL 0x2
#define DRM_IOCTL_VGEM_FENCE_ATTACH                        \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_VGEM_FENCE_ATTACH, \
		 struct drm_vgem_fence_attach)
#define DRM_IOCTL_VGEM_FENCE_SIGNAL                       \
	DRM_IOW(DRM_COMMAND_BASE + DRM_VGEM_FENCE_SIGNAL, \
		struct drm_vgem_fence_signal)

#define MAX_CARDS 16

static bool is_vgem(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	bool yes = v && v->name && strcmp(v->name, "vgem") == 0;

	drmFreeVersion(v);
	return yes;
}

int sb_test_vgem_open(void)
{
	char path[64];

	for (int i = 0; i < MAX_CARDS; i++) {
		int fd;

		snprintf(path, sizeof(path), DRM_DEV_NAME, DRM_DIR_NAME, i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (is_vgem(fd))
			return fd;
		close(fd);
	}
	errno = ENODEV;
	return -1;
}

bool sb_test_vgem_fence_attach(int vgem, int dmabuf_fd, bool write,
			       uint32_t *fence)
{
	struct drm_vgem_fence_attach arg = {
		.flags = write ? VGEM_FENCE_WRITE : 0,
	};
	int ret, err;

	/* A dma-buf vgem exported itself comes back as its own object;
	 * any other becomes an import sharing the dma-buf's reservation. */
	if (drmPrimeFDToHandle(vgem, dmabuf_fd, &arg.handle) != 0)
		return false;
	ret = drmIoctl(vgem, DRM_IOCTL_VGEM_FENCE_ATTACH, &arg);
	err = errno;
	/* The fence lives in the reservation and in vgem's fence table,
	 * not in the handle: drop the handle at once. */
	drmCloseBufferHandle(vgem, arg.handle);
	if (ret != 0) {
		errno = err;
		return false;
	}
	*fence = arg.out_fence;
	return true;
}

bool sb_test_vgem_fence_signal(int vgem, uint32_t fence)
{
	struct drm_vgem_fence_signal arg = {.fence = fence};

	return drmIoctl(vgem, DRM_IOCTL_VGEM_FENCE_SIGNAL, &arg) == 0;
}

void sb_test_vgem_close(int vgem)
{
	if (vgem >= 0)
		close(vgem);
}

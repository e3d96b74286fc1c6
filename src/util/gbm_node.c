/* SPDX-License-Identifier: MIT */
#include "gbm_node.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <xf86drm.h>

#define NODES 16

int sb_test_gbm_next(int *i, struct gbm_device **dev, char *path, size_t n)
{
	char name[64];

	for (; *i < NODES; (*i)++) {
		int fd;

		snprintf(name, sizeof(name), DRM_DEV_NAME, DRM_DIR_NAME, *i);
		fd = open(name, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		*dev = gbm_create_device(fd);
		if (!*dev) {
			close(fd);
			continue;
		}
		if (path)
			snprintf(path, n, "%s", name);
		(*i)++;
		return fd;
	}
	*dev = NULL;
	return -1;
}

void sb_test_gbm_close(struct gbm_device *dev, int fd)
{
	if (dev)
		gbm_device_destroy(dev);
	if (fd >= 0)
		close(fd);
}

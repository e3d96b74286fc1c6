/* SPDX-License-Identifier: MIT */
#include "dmabuf.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/magic.h>

#include "sharedbuf/sharedbuf.h"

#ifndef DMA_BUF_MAGIC
#define DMA_BUF_MAGIC 0x444d4142 /* "DMAB", include/uapi/linux/magic.h */
#endif

int sb_dmabuf_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = {.flags = flags};
	int ret;

	do {
		ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

off_t sb_dmabuf_size(int fd)
{
	return lseek(fd, 0, SEEK_END);
}

bool sharedbuf_fd_is_dmabuf(int fd)
{
	struct statfs st;

	if (fd < 0 || fstatfs(fd, &st) != 0)
		return false;
	return st.f_type == DMA_BUF_MAGIC;
}

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

enum sb_dmabuf_kind sb_dmabuf_identify(int fd)
{
	struct statfs st;

	if (fd < 0)
		return SB_DMABUF_NOT_OPEN;
	if (fstatfs(fd, &st) != 0)
		return errno == EBADF ? SB_DMABUF_NOT_OPEN : SB_DMABUF_OTHER;
	return st.f_type == DMA_BUF_MAGIC ? SB_DMABUF_YES : SB_DMABUF_OTHER;
}

bool sharedbuf_fd_is_dmabuf(int fd)
{
	return sb_dmabuf_identify(fd) == SB_DMABUF_YES;
}

/* SPDX-License-Identifier: MIT */
#include "dmabuf.h"

#include <errno.h>
#include <stdatomic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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

/* The device number of the dma-buf file system, once a dma-buf was seen
 * (0: not yet). Every dma-buf is an inode of one kernel-internal mount, so
 * one fstat() tells a dma-buf by its st_dev; the file system magic
 * (fstatfs()) is asked only while this is unknown, or for another file. */
static _Atomic(uint64_t) dmabuf_dev;

enum sb_dmabuf_kind sb_dmabuf_identify(int fd, ino_t *ino)
{
	struct statfs sfs;
	struct stat st;
	uint64_t dev;

	if (fd < 0)
		return SB_DMABUF_NOT_OPEN;
	if (fstat(fd, &st) != 0)
		return errno == EBADF ? SB_DMABUF_NOT_OPEN : SB_DMABUF_OTHER;
	if (ino)
		*ino = st.st_ino;
	dev = atomic_load_explicit(&dmabuf_dev, memory_order_relaxed);
	if (dev != 0 && (uint64_t)st.st_dev == dev)
		return SB_DMABUF_YES;
	if (fstatfs(fd, &sfs) != 0)
		return errno == EBADF ? SB_DMABUF_NOT_OPEN : SB_DMABUF_OTHER;
	if (sfs.f_type != DMA_BUF_MAGIC)
		return SB_DMABUF_OTHER;
	atomic_store_explicit(&dmabuf_dev, (uint64_t)st.st_dev,
			      memory_order_relaxed);
	return SB_DMABUF_YES;
}

bool sharedbuf_fd_is_dmabuf(int fd)
{
	return sb_dmabuf_identify(fd, NULL) == SB_DMABUF_YES;
}

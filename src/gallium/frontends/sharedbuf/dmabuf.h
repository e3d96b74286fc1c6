/* SPDX-License-Identifier: MIT */
/* Small wrappers over the dma-buf uapi (linux/dma-buf.h). */
#ifndef SB_DMABUF_H
#define SB_DMABUF_H

#include <stdint.h>
#include <sys/types.h>

/* DMA_BUF_IOCTL_SYNC on @fd (borrowed) with @flags (DMA_BUF_SYNC_START or
 * _END | _READ, _WRITE or _RW), retried on EINTR and EAGAIN.
 * Returns 0, or -1 with errno set. START waits for the buffer's fences
 * (uninterruptibly from the caller's view: no timeout). */
int sb_dmabuf_sync(int fd, uint64_t flags);

/* The size in bytes of the dma-buf @fd (borrowed), from lseek(SEEK_END);
 * -1 with errno set on failure. */
off_t sb_dmabuf_size(int fd);

/* What @fd (borrowed) is, from one fstatfs(): not an open fd (< 0, or
 * EBADF), a dma-buf (the file system magic), or anything else (including
 * fstatfs failing otherwise). */
enum sb_dmabuf_kind {
	SB_DMABUF_NOT_OPEN,
	SB_DMABUF_OTHER,
	SB_DMABUF_YES,
};

enum sb_dmabuf_kind sb_dmabuf_identify(int fd);

#endif

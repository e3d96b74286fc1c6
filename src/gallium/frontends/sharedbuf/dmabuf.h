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

/* What @fd (borrowed) is: not an open fd (< 0, or EBADF), a dma-buf, or
 * anything else (including fstat failing otherwise). One fstat(): a
 * dma-buf is known by the device number of the dma-buf file system, learnt
 * from the file system magic (fstatfs()) at the first dma-buf seen. Its
 * inode number goes to *@ino (if not NULL) when fstat() succeeds. An
 * O_PATH fd on a dma-buf passes: only a call that needs an fd opened for
 * I/O (lseek()) refuses it. */
enum sb_dmabuf_kind {
	SB_DMABUF_NOT_OPEN,
	SB_DMABUF_OTHER,
	SB_DMABUF_YES,
};

enum sb_dmabuf_kind sb_dmabuf_identify(int fd, ino_t *ino);

#endif

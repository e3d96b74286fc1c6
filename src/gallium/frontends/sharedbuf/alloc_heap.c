/* SPDX-License-Identifier: MIT */
/* dma-heap: the kernel's system heap, /dev/dma_heap/system, or another. */
#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/dma-heap.h>

#include "log.h"

#define HEAP_PATH "/dev/dma_heap/system"

enum sharedbuf_result sb_alloc_heap(struct sharedbuf_buffer *buf)
{
	return sb_alloc_heap_at(HEAP_PATH, buf);
}

enum sharedbuf_result sb_alloc_heap_at(const char *path,
				       struct sharedbuf_buffer *buf)
{
	struct dma_heap_allocation_data data = {
		.len = buf->size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap, ret;

	heap = open(path, O_RDONLY | O_CLOEXEC);
	if (heap < 0) {
		sb_log_errno(SB_INFO, "open %s", path);
		return sb_alloc_open_error(errno);
	}
	do {
		ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &data);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	if (ret != 0) {
		sb_log_errno(SB_ERROR, "DMA_HEAP_IOCTL_ALLOC %llu bytes",
			     (unsigned long long)buf->size);
		ret = errno;
		close(heap);
		return ret == ENOMEM ? SHAREDBUF_ERR_NO_MEMORY
				     : SHAREDBUF_ERR_IO;
	}
	close(heap);
	buf->fd = (int)data.fd;
	return SHAREDBUF_OK;
}

/* SPDX-License-Identifier: MIT */
#include "implicit.h"

#include <errno.h>
#include <poll.h>
#include <linux/dma-buf.h>

#include "log.h"
#include "path.h"
#include "retry.h"
#include "sharedbuf/fence.h"

bool sb_access_valid(uint32_t access)
{
	return access != 0 && !(access & ~(uint32_t)SB_ACCESS_VALID_MASK);
}

uint64_t sb_access_sync_flags(uint32_t access)
{
	return (access & SHAREDBUF_ACCESS_READ ? DMA_BUF_SYNC_READ : 0) |
	       (access & SHAREDBUF_ACCESS_WRITE ? DMA_BUF_SYNC_WRITE : 0);
}

/* A failed EXPORT/IMPORT_SYNC_FILE as a result. Out of line: the callers'
 * fast paths stay small. */
static __attribute__((noinline)) enum sharedbuf_result
sync_file_ioctl_error(int dmabuf_fd, const char *what)
{
	int err = errno;

	switch (err) {
	case ENOTTY:
		/* A dma-buf without the ioctl is a kernel before 6.0; any
		 * other file says ENOTTY too, and must not decide the path. */
		if (!sharedbuf_fd_is_dmabuf(dmabuf_fd))
			return SHAREDBUF_ERR_INVALID;
		sb_log(SB_INFO, "%s: not in this kernel, fences by poll()",
		       what);
		sb_fence_path_record(SB_FENCE_PATH_POLL);
		return SHAREDBUF_ERR_UNSUPPORTED;
	case EBADF:  /* @dmabuf_fd not open */
	case EINVAL: /* import: @sync_fd not a sync_file */
		return SHAREDBUF_ERR_INVALID;
	case ENOMEM:
		return SHAREDBUF_ERR_NO_MEMORY;
	}
	errno = err;
	sb_log_errno(SB_ERROR, "%s", what);
	return SHAREDBUF_ERR_IO;
}

enum sharedbuf_result sharedbuf_fence_export(int dmabuf_fd, uint32_t access,
					     int *sync_fd)
{
	struct dma_buf_export_sync_file arg = {.fd = -1};
	enum sb_fence_path path;

	if (!sync_fd)
		return SHAREDBUF_ERR_INVALID;
	*sync_fd = -1;
	if (dmabuf_fd < 0 || !sb_access_valid(access))
		return SHAREDBUF_ERR_INVALID;
	path = sb_fence_path_get();
	if (path == SB_FENCE_PATH_POLL)
		return SHAREDBUF_ERR_UNSUPPORTED;
	/* READ: the writes pending; WRITE or RW: everything pending
	 * (dma_buf_export_sync_file, drivers/dma-buf/dma-buf.c). */
	arg.flags = (uint32_t)sb_access_sync_flags(access);
	if (sb_ioctl_retry(dmabuf_fd, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg) !=
	    0)
		return sync_file_ioctl_error(dmabuf_fd,
					     "DMA_BUF_IOCTL_EXPORT_SYNC_FILE");
	if (path == SB_FENCE_PATH_UNKNOWN) /* the first ioctl that worked */
		sb_fence_path_record(SB_FENCE_PATH_SYNC_FILE);
	*sync_fd = arg.fd; /* new, close-on-exec: the caller's */
	return SHAREDBUF_OK;
}

enum sharedbuf_result sharedbuf_fence_import(int dmabuf_fd, int sync_fd,
					     uint32_t access)
{
	struct dma_buf_import_sync_file arg = {.fd = sync_fd};
	enum sb_fence_path path;

	if (dmabuf_fd < 0 || sync_fd < 0 || !sb_access_valid(access))
		return SHAREDBUF_ERR_INVALID;
	path = sb_fence_path_get();
	if (path == SB_FENCE_PATH_POLL)
		return SHAREDBUF_ERR_UNSUPPORTED;
	/* The kernel adds the fence as a write when WRITE is set, else as a
	 * read; it takes its own reference, @sync_fd stays the caller's. */
	arg.flags = (uint32_t)sb_access_sync_flags(access);
	if (sb_ioctl_retry(dmabuf_fd, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg) !=
	    0)
		return sync_file_ioctl_error(dmabuf_fd,
					     "DMA_BUF_IOCTL_IMPORT_SYNC_FILE");
	if (path == SB_FENCE_PATH_UNKNOWN)
		sb_fence_path_record(SB_FENCE_PATH_SYNC_FILE);
	return SHAREDBUF_OK;
}

enum sharedbuf_result sharedbuf_dmabuf_wait(int dmabuf_fd, uint32_t access,
					    int64_t timeout_ns)
{
	/* dma_buf_poll(): POLLIN once no write is pending (what a reader
	 * waits for), POLLOUT once nothing is (what a writer waits for). */
	short want = access & SHAREDBUF_ACCESS_WRITE ? POLLOUT : POLLIN;
	short revents = 0;
	enum sharedbuf_result r;

	if (dmabuf_fd < 0 || !sb_access_valid(access) || timeout_ns < 0)
		return SHAREDBUF_ERR_INVALID;
	/* poll() on a pipe or a file answers at once, on a sync_file with
	 * another meaning: only a dma-buf's answer means anything here. */
	if (!sharedbuf_fd_is_dmabuf(dmabuf_fd))
		return SHAREDBUF_ERR_INVALID;
	r = sb_poll_wait(dmabuf_fd, want, timeout_ns, &revents);
	if (r != SHAREDBUF_OK)
		return r;
	return revents & want ? SHAREDBUF_OK : SHAREDBUF_ERR_IO;
}

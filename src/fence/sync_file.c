/* SPDX-License-Identifier: MIT */
#include "sync_file.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <linux/sync_file.h>

#include "log.h"
#include "retry.h"
#include "sharedbuf/fence.h"

/*
 * What the first look at a sync_file asks poll() for. sync_file_poll()
 * (drivers/dma-buf/sync_file.c) answers exactly EPOLLIN once signalled and
 * 0 before, whatever was asked; pipes, files, sockets and idle dma-bufs
 * also report POLLRDNORM, POLLOUT or POLLWRNORM when asked. So "exactly
 * POLLIN" passes a signalled sync_file with one system call, and any other
 * answer, or none, pays one SYNC_IOC_FILE_INFO to check what the fd is.
 */
#define FIRST_LOOK (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM)

#define DEFAULT_MERGE_NAME "sharedbuf"

/* SYNC_IOC_FILE_INFO without the per-fence array: the status only. */
static int file_info(int fd, struct sync_file_info *info)
{
	*info = (struct sync_file_info){.num_fences = 0};
	return sb_ioctl_retry(fd, SYNC_IOC_FILE_INFO, info);
}

bool sb_fd_is_sync_file(int fd)
{
	struct sync_file_info info;

	return fd >= 0 && file_info(fd, &info) == 0;
}

int sharedbuf_fence_status(int sync_fd)
{
	struct sync_file_info info;

	if (sync_fd < 0) {
		errno = EBADF;
		return -1;
	}
	if (file_info(sync_fd, &info) != 0) {
		/* sync_file_ioctl() answers only its own commands; any other
		 * file says ENOTTY (or worse, if its driver reads the number
		 * differently): "not a sync_file" either way. */
		if (errno != EBADF && errno != ENOMEM)
			errno = EINVAL;
		return -1;
	}
	if (info.status < 0) {
		errno = -info.status; /* the fence signalled with an error */
		return -1;
	}
	return info.status > 0;
}

/* The wait proper, on an fd known to be a sync_file. */
static enum sharedbuf_result wait_signalled(int sync_fd, int64_t timeout_ns)
{
	short revents = 0;
	enum sharedbuf_result r =
		sb_poll_wait(sync_fd, POLLIN, timeout_ns, &revents);

	if (r != SHAREDBUF_OK)
		return r;
	return revents & POLLIN ? SHAREDBUF_OK : SHAREDBUF_ERR_IO;
}

/*
 * Everything but "signalled at the first look": pending, interrupted, or
 * an answer no sync_file gives. @n and @revents are that look's poll().
 * Out of line, so that the first look keeps a small stack frame.
 */
static __attribute__((noinline)) enum sharedbuf_result
wait_slow(int sync_fd, int64_t timeout_ns, int n, short revents)
{
	/* Find out what the fd is before waiting on it, or a pipe could
	 * block a SHAREDBUF_FOREVER wait for good. */
	if (!sb_fd_is_sync_file(sync_fd))
		return SHAREDBUF_ERR_INVALID;
	if (n > 0 && (revents & POLLIN))
		return SHAREDBUF_OK; /* a kernel that adds bits to EPOLLIN */
	if (n == 0 && timeout_ns == 0)
		return SHAREDBUF_ERR_TIMEOUT;
	/* The wait proper; it also retries a first look that failed. */
	return wait_signalled(sync_fd, timeout_ns);
}

enum sharedbuf_result sharedbuf_fence_wait(int sync_fd, int64_t timeout_ns)
{
	struct pollfd first = {.fd = sync_fd, .events = FIRST_LOOK};
	int n;

	if (sync_fd < 0 || timeout_ns < 0)
		return SHAREDBUF_ERR_INVALID;
	n = poll(&first, 1, 0);
	if (n == 1 && first.revents == POLLIN)
		return SHAREDBUF_OK; /* signalled: one system call */
	return wait_slow(sync_fd, timeout_ns, n, first.revents);
}

static enum sharedbuf_result merge_error(void)
{
	switch (errno) {
	case EBADF:  /* @a is not open */
	case ENOTTY: /* @a is not a sync_file */
	case ENOENT: /* @b is not a sync_file, or not open */
	case EINVAL:
		return SHAREDBUF_ERR_INVALID;
	case ENOMEM:
		return SHAREDBUF_ERR_NO_MEMORY;
	}
	sb_log_errno(SB_ERROR, "SYNC_IOC_MERGE");
	return SHAREDBUF_ERR_IO;
}

enum sharedbuf_result sharedbuf_fence_merge(int a, int b, const char *name,
					    int *out)
{
	struct sync_merge_data data = {.fd2 = b, .fence = -1};

	if (!out)
		return SHAREDBUF_ERR_INVALID;
	*out = -1;
	if (a < 0 || b < 0)
		return SHAREDBUF_ERR_INVALID;
	/* The kernel keeps 31 bytes of the name; longer ones are cut. */
	snprintf(data.name, sizeof(data.name), "%s",
		 name ? name : DEFAULT_MERGE_NAME);
	if (sb_ioctl_retry(a, SYNC_IOC_MERGE, &data) != 0)
		return merge_error();
	*out = data.fence; /* new, close-on-exec: the caller's */
	return SHAREDBUF_OK;
}

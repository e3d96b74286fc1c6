/* SPDX-License-Identifier: MIT */
/*
 * The two system calls fences need, retried the way fence.h promises:
 * ioctl() retried on EINTR and EAGAIN, and poll() with a nanosecond timeout
 * that never waits less than asked, whatever signals interrupt it.
 */
#ifndef SB_FENCE_RETRY_H
#define SB_FENCE_RETRY_H

#include <errno.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "sharedbuf/sharedbuf.h"

/* ioctl(@fd (borrowed), @request, @arg), retried on EINTR and EAGAIN.
 * Returns what ioctl() returned last; errno as it left it. Inline: the
 * fence calls wrap one ioctl each, and their cost over the bare ioctl is
 * measured (tools/bench/fence-bench.c). */
static inline int sb_ioctl_retry(int fd, unsigned long request, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (ret == -1 && (errno == EINTR || errno == EAGAIN));
	return ret;
}

/*
 * Polls @fd (borrowed) for @events until poll() reports something or
 * @timeout_ns passes (0: look once; SHAREDBUF_FOREVER: no limit; must not
 * be negative). Returns:
 *   SHAREDBUF_OK           poll() reported *@revents (which may hold
 *                          POLLERR or POLLHUP: the caller judges them)
 *   SHAREDBUF_ERR_TIMEOUT  nothing within @timeout_ns
 *   SHAREDBUF_ERR_INVALID  @fd is not open (POLLNVAL)
 *   SHAREDBUF_ERR_NO_MEMORY, SHAREDBUF_ERR_IO  poll() itself failed
 * poll() takes milliseconds: each call gets the time left rounded up, and
 * the loop measures what is left with CLOCK_MONOTONIC after every return,
 * so an EINTR or an early return neither shortens nor restarts the wait.
 */
enum sharedbuf_result sb_poll_wait(int fd, short events, int64_t timeout_ns,
				   short *revents);

#endif

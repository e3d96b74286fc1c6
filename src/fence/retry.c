/* SPDX-License-Identifier: MIT */
#include "retry.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <time.h>

#include "log.h"
#include "sharedbuf/fence.h"

#define NS_PER_MS  1000000
#define NS_PER_SEC 1000000000

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* poll()'s timeout for @left_ns > 0: rounded up, so that poll() cannot
 * return before the time is up; capped at INT_MAX ms (24 days), after
 * which the loop simply polls again. */
static int poll_ms(int64_t left_ns)
{
	int64_t ms = left_ns / NS_PER_MS + (left_ns % NS_PER_MS != 0);

	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* The CLOCK_MONOTONIC time at which a wait of @timeout_ns > 0 that starts
 * now ends, or INT64_MAX (never) when that is past what int64 holds. */
static int64_t deadline_after(int64_t timeout_ns)
{
	int64_t now = now_ns();

	if (timeout_ns == SHAREDBUF_FOREVER || now > INT64_MAX - timeout_ns)
		return INT64_MAX;
	return now + timeout_ns;
}

static enum sharedbuf_result poll_error(void)
{
	sb_log_errno(SB_ERROR, "poll");
	return errno == ENOMEM ? SHAREDBUF_ERR_NO_MEMORY : SHAREDBUF_ERR_IO;
}

enum sharedbuf_result sb_poll_wait(int fd, short events, int64_t timeout_ns,
				   short *revents)
{
	struct pollfd p = {.fd = fd, .events = events};
	/* A zero timeout never reads the clock: "just look" is the call
	 * made most often, once per buffer per frame. */
	int64_t deadline = timeout_ns > 0 ? deadline_after(timeout_ns) : 0;
	int64_t left = timeout_ns;
	int n;

	for (;;) {
		n = poll(&p, 1,
			 deadline == INT64_MAX ? -1
			 : left > 0	       ? poll_ms(left)
					       : 0);
		if (n > 0) {
			*revents = p.revents;
			return p.revents & POLLNVAL ? SHAREDBUF_ERR_INVALID
						    : SHAREDBUF_OK;
		}
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return poll_error();
		if (n == 0 && timeout_ns == 0)
			return SHAREDBUF_ERR_TIMEOUT;
		if (timeout_ns == 0 || deadline == INT64_MAX)
			continue; /* interrupted: look again, or wait on */
		left = deadline - now_ns();
		if (left <= 0)
			return SHAREDBUF_ERR_TIMEOUT;
	}
}

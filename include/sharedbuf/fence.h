/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf fences: a dma-buf's implicit fences as sync_file fds and back,
 * waits with timeouts, without EGL.
 *
 * A dma-buf carries the fences of the work on it (its reservation object).
 * Readers need the writers' fences; writers need everyone's. These calls
 * move those fences in and out as sync_files (DMA_BUF_IOCTL_EXPORT_SYNC_FILE
 * / _IMPORT_SYNC_FILE, Linux 6.0). On older kernels export and import
 * return SHAREDBUF_ERR_UNSUPPORTED and sharedbuf_dmabuf_wait() polls the
 * dma-buf itself; sharedbuf_fence_path() says which path is in use.
 *
 * Every call retries EINTR and EAGAIN. fds are borrowed unless marked
 * "caller owns"; new fds are close-on-exec. Bad arguments (an fd below 0 or
 * of the wrong kind, an access of 0 or with unknown bits, a negative
 * timeout, a NULL out-pointer) give SHAREDBUF_ERR_INVALID, and leave every
 * fd as it was.
 *
 * Timeouts are in nanoseconds and never cut short: poll() gets the time
 * left rounded up to a millisecond, and a signal's EINTR resumes the wait
 * with what remains (CLOCK_MONOTONIC), so a wait may end up to about a
 * millisecond late, never early.
 */
#ifndef SHAREDBUF_FENCE_H
#define SHAREDBUF_FENCE_H

#include <stdint.h>

#include "sharedbuf/sharedbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's API is exported even from builds that hide the rest. */
#pragma GCC visibility push(default)

/** What an access does to a buffer: bits, READ | WRITE for both. */
enum sharedbuf_access {
	SHAREDBUF_ACCESS_READ = 1 << 0,
	SHAREDBUF_ACCESS_WRITE = 1 << 1,
};

/** Timeout meaning "wait as long as it takes". */
#define SHAREDBUF_FOREVER INT64_MAX

/**
 * Exports what an access of kind @access to @dmabuf_fd must wait for, as a
 * new sync_file in *@sync_fd (caller owns): READ gives the pending writes,
 * WRITE (or READ | WRITE) all pending access. With nothing pending the
 * sync_file is already signalled. SHAREDBUF_ERR_UNSUPPORTED on kernels
 * before 6.0 and under SHAREDBUF_FENCE_PATH=poll (use
 * sharedbuf_dmabuf_wait()); SHAREDBUF_ERR_INVALID when @dmabuf_fd is not a
 * dma-buf. *@sync_fd is -1 on failure.
 */
enum sharedbuf_result sharedbuf_fence_export(int dmabuf_fd, uint32_t access,
					     int *sync_fd);

/**
 * Adds the fence of @sync_fd to @dmabuf_fd's implicit fences: as a write
 * when @access has WRITE (later readers and writers wait for it), else as
 * a read (later writers wait for it). @sync_fd stays the caller's, and the
 * buffer keeps the fence after the caller closes it.
 * SHAREDBUF_ERR_UNSUPPORTED as for sharedbuf_fence_export() (checked
 * before the fds); SHAREDBUF_ERR_INVALID when @sync_fd is not a sync_file
 * or @dmabuf_fd not a dma-buf.
 */
enum sharedbuf_result sharedbuf_fence_import(int dmabuf_fd, int sync_fd,
					     uint32_t access);

/**
 * Waits until @sync_fd signals or @timeout_ns passes (0: just look;
 * SHAREDBUF_FOREVER: no limit). SHAREDBUF_OK when signalled (with an error
 * too: sharedbuf_fence_status() tells), SHAREDBUF_ERR_TIMEOUT when not,
 * SHAREDBUF_ERR_INVALID when @sync_fd is not a sync_file. A signalled
 * sync_file costs one poll(); anything else is checked to be a sync_file
 * before any waiting, so a wrong fd cannot block. One blind spot: a dma-buf
 * with only reads pending answers poll() exactly as a signalled sync_file
 * does, and passes for one.
 */
enum sharedbuf_result sharedbuf_fence_wait(int sync_fd, int64_t timeout_ns);

/**
 * Waits until an access of kind @access to @dmabuf_fd need not wait any
 * more (poll() on the dma-buf: POLLIN for READ, POLLOUT for WRITE or
 * READ | WRITE), or @timeout_ns passes. Works on every kernel with dma-buf.
 * SHAREDBUF_OK, SHAREDBUF_ERR_TIMEOUT, or SHAREDBUF_ERR_INVALID when
 * @dmabuf_fd is not a dma-buf (checked with fstatfs() first).
 */
enum sharedbuf_result sharedbuf_dmabuf_wait(int dmabuf_fd, uint32_t access,
					    int64_t timeout_ns);

/**
 * Merges @a and @b (both stay the caller's; they may be the same fd) into
 * a new sync_file *@out (caller owns) that signals when both have. @name
 * (NULL: "sharedbuf") names it for debugging; the kernel keeps 31 bytes.
 * *@out is -1 on failure.
 */
enum sharedbuf_result sharedbuf_fence_merge(int a, int b, const char *name,
					    int *out);

/** 1 when @sync_fd has signalled, 0 while pending, -1 on error (errno:
 * EBADF for an fd below 0 or not open, EINVAL for an fd that is not a
 * sync_file, or the error the fence signalled with). */
int sharedbuf_fence_status(int sync_fd);

/** How sharedbuf moves fences on this kernel. */
enum sharedbuf_fence_path {
	SHAREDBUF_FENCE_PATH_SYNC_FILE, /**< EXPORT/IMPORT_SYNC_FILE work */
	SHAREDBUF_FENCE_PATH_POLL,	/**< only poll() on the dma-buf */
};

/**
 * The path for @dmabuf_fd, probed once per process (an EXPORT_SYNC_FILE
 * that fails with ENOTTY means POLL; the first export or import that works
 * means SYNC_FILE). SHAREDBUF_FENCE_PATH=poll in the environment forces
 * POLL, to test the fallback on new kernels; it is read at the first fence
 * call, and other values are logged and ignored (all values in a setuid or
 * setgid process). Before anything is known,
 * an fd that is not a dma-buf cannot be probed: the answer is POLL, and
 * nothing is recorded.
 */
enum sharedbuf_fence_path sharedbuf_fence_path(int dmabuf_fd);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

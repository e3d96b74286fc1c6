/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf CPU access: lock a plane of a dma-buf image for the CPU, like
 * Android's AHardwareBuffer_lock/unlock, on raw dma-buf fds and without
 * EGL. (EGL programs use eglLockImageSHAREDBUF, which is built on this.)
 *
 * A lock (1) waits for an optional acquire fence, (2) waits for the
 * buffer's implicit fences that the access must wait for (readers wait for
 * writers, writers for everyone), both within one timeout, (3) issues
 * DMA_BUF_IOCTL_SYNC(START) for the access and (4) returns the plane's
 * address in a mapping kept for the image's life. An unlock issues
 * DMA_BUF_IOCTL_SYNC(END). START/END make the CPU's view coherent with the
 * devices' (cache maintenance); they do not lock out other users: callers
 * coordinate through fences, as with any dma-buf. With no time limit
 * (SHAREDBUF_FOREVER) step (2) is START's own: the kernel waits for the
 * same fences there, with no timeout, and the lock costs little more than
 * the two ioctls.
 *
 * Layouts known to be linear are mapped directly: DRM_FORMAT_MOD_LINEAR,
 * or DRM_FORMAT_MOD_INVALID (no modifier) where every plane's exporter has
 * no tiling (udmabuf, the system dma-heap: /proc/self/fdinfo's exp_name).
 * Other bytes are never handed out as if they were linear: a tiled image,
 * or one without a modifier from an exporter that may tile (any DRM
 * driver's), is mapped through the driver (GBM on a DRM render node,
 * $SHAREDBUF_GBM_DEVICE to choose one, ignored in a setuid or setgid
 * process; plane 0 only), or refused with
 * SHAREDBUF_ERR_UNSUPPORTED where no driver maps it.
 */
#ifndef SHAREDBUF_CPU_H
#define SHAREDBUF_CPU_H

#include <stdint.h>

#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's API is exported even from builds that hide the rest. */
#pragma GCC visibility push(default)

#define SHAREDBUF_MAX_PLANES 4

/** A dma-buf image as the importer describes it. fds are borrowed. */
struct sharedbuf_image_layout {
	uint32_t width, height; /**< pixels */
	uint32_t fourcc;	/**< DRM_FORMAT_* */
	uint64_t modifier;	/**< DRM_FORMAT_MOD_*; _INVALID: none */
	unsigned num_planes;
	struct {
		int fd;		 /**< the plane's dma-buf; borrowed */
		uint32_t offset; /**< bytes from the start of the dma-buf */
		uint32_t pitch;	 /**< bytes from one row to the next */
	} planes[SHAREDBUF_MAX_PLANES];
};

/** An image open for CPU access: its own dups of the plane fds and the
 * mappings made for it. Thread-safe. */
struct sharedbuf_cpu_image;

/**
 * Opens @layout for CPU access: checks it (the same checks as a strict
 * EGL import: real dma-bufs, planes inside them), duplicates its fds
 * (F_DUPFD_CLOEXEC; the caller's stay the caller's). Planes in one dma-buf
 * (the same inode, whatever the fd) share one fd and, later, one mapping.
 * Maps nothing yet: the first lock of a dma-buf maps all of it, read-write
 * when its fd was opened O_RDWR, else read-only.
 * A layout not known to be linear (see the top of this file) is imported
 * into GBM and test-mapped here.
 * Errors: SHAREDBUF_ERR_UNSUPPORTED for such a layout no GBM driver
 * maps, SHAREDBUF_ERR_INVALID for any refused layout (the reason is logged
 * at SHAREDBUF_DEBUG=info), SHAREDBUF_ERR_IO, _NO_MEMORY. *@out is NULL on
 * failure.
 */
enum sharedbuf_result
sharedbuf_cpu_image_create(const struct sharedbuf_image_layout *layout,
			   struct sharedbuf_cpu_image **out);

/** Unmaps and closes everything. A locked plane is unlocked first
 * (SYNC END). The caller's fds stay open. NULL: no-op. Must not race a
 * lock or unlock of @img. */
void sharedbuf_cpu_image_destroy(struct sharedbuf_cpu_image *img);

/** A lock flag: the buffer is untrusted (a client's), guard the access.
 * A page of it that faults (SIGBUS: a purged shmem GEM object, a
 * truncated file) then does not kill the process: the whole mapping is
 * replaced by zero pages (reads see zeros, writes are lost), the access
 * goes on, and the unlock returns SHAREDBUF_ERR_FAULT. The dma-buf is
 * mapped again at the next lock. The first guarded lock installs a
 * process-wide SIGBUS handler (sigaction) that passes every other SIGBUS
 * on to the handler or default action that was there before; a process
 * that never asks for a guard keeps its signal handlers untouched. The
 * guard covers every thread that touches the mapping while the plane is
 * locked. Linear layouts only: a lock through the driver (a tiled
 * modifier) cannot be guarded (SHAREDBUF_ERR_UNSUPPORTED). */
#define SHAREDBUF_LOCK_GUARDED (1u << 0)

/** What a lock asks for. */
struct sharedbuf_lock {
	unsigned plane;	    /**< 0 .. num_planes - 1 */
	uint32_t access;    /**< SHAREDBUF_ACCESS_READ and/or _WRITE */
	int acquire_fd;	    /**< sync_file to wait for first, or -1. On
				 success the lock closes it; on failure it
				 stays the caller's. */
	int64_t timeout_ns; /**< for both waits together; 0: do not wait
				 (signalled fences still pass);
				 SHAREDBUF_FOREVER: no limit; not < 0 */
	uint32_t flags;	    /**< SHAREDBUF_LOCK_GUARDED, or 0 */
};

/**
 * Locks a plane for CPU access (see the top of this file) and returns its
 * first byte in *@data and its pitch in *@stride (@stride may be NULL).
 * The pointer is valid until the unlock. Each plane is locked on its own:
 * the planes of one image may be locked at once, with different access.
 * Errors, checked in this order; on each nothing changed and the acquire
 * fd stays the caller's:
 * SHAREDBUF_ERR_INVALID (a NULL argument, access 0 or unknown bits, plane
 * out of range, acquire_fd below -1, timeout_ns below 0, unknown flags),
 * SHAREDBUF_ERR_UNSUPPORTED (a tiled layout and plane not 0, or
 * SHAREDBUF_LOCK_GUARDED on a tiled layout),
 * SHAREDBUF_ERR_ACCESS (WRITE to a dma-buf opened O_RDONLY, any access
 * to one opened O_WRONLY: a dma-buf has one open mode, chosen by its
 * exporter and shared by all its fds), SHAREDBUF_ERR_LOCKED (the plane is
 * locked, or another thread is locking it), then what the waits return:
 * SHAREDBUF_ERR_INVALID (acquire_fd is not a sync_file),
 * SHAREDBUF_ERR_TIMEOUT (a fence did not signal in time), and
 * SHAREDBUF_ERR_IO or _NO_MEMORY (DMA_BUF_IOCTL_SYNC or mmap failed).
 * A guarded lock also fails with SHAREDBUF_ERR_NO_MEMORY when 128 guarded
 * locks are held in the process already, and SHAREDBUF_ERR_UNSUPPORTED
 * when no SIGBUS handler can be installed (ASan with handle_sigbus=2).
 */
enum sharedbuf_result sharedbuf_cpu_lock(struct sharedbuf_cpu_image *img,
					 const struct sharedbuf_lock *lock,
					 void **data, uint32_t *stride);

/**
 * Ends the CPU access of @plane: DMA_BUF_IOCTL_SYNC(END) with the lock's
 * access. *@release_fd (if not NULL) receives a sync_file that signals
 * when the CPU's writes are visible to devices (caller owns), or -1 when
 * they already are -- always, for CPU access through a mapping; it is -1
 * on failure too. SHAREDBUF_ERR_INVALID for a NULL @img or @plane out of
 * range, SHAREDBUF_ERR_NOT_LOCKED if @plane is not locked. If END fails
 * (SHAREDBUF_ERR_IO) the plane is unlocked all the same. A guarded lock
 * whose buffer faulted while it was held returns SHAREDBUF_ERR_FAULT,
 * also with the plane unlocked: what was read through the lock since the
 * fault was zeros, what was written is lost.
 */
enum sharedbuf_result sharedbuf_cpu_unlock(struct sharedbuf_cpu_image *img,
					   unsigned plane, int *release_fd);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif

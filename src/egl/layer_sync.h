/* SPDX-License-Identifier: MIT */
/*
 * Syncs the layer owns: EGLSync handles the driver never sees, for drivers
 * without EGL_ANDROID_native_fence_sync (llvmpipe with no context current,
 * say). Each is backed by a sync_file, or, on kernels without
 * DMA_BUF_IOCTL_EXPORT_SYNC_FILE, by the dma-bufs to poll. Every EGL sync
 * call is wrapped: a layer sync is handled here, any other forwarded.
 * eglWaitSync on a layer sync waits on the CPU.
 */
#ifndef SB_LAYER_SYNC_H
#define SB_LAYER_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <EGL/egl.h>

#include "dispatch.h"
#include "layout.h"

/* A sync owning @sync_fd (taken on success only), or EGL_NO_SYNC. */
EGLSync sb_layer_sync_from_fd(EGLDisplay dpy, int sync_fd);

/* A sync that signals when an access of kind @access (SHAREDBUF_ACCESS_*)
 * to the planes of @l (fds borrowed, dup'ed) need not wait: polled. */
EGLSync sb_layer_sync_from_poll(EGLDisplay dpy, const struct sb_layout *l,
				uint32_t access);

/* Is @sync a live layer sync of @dpy? */
bool sb_layer_sync_is_ours(EGLDisplay dpy, EGLSync sync);

/* Waits on a layer sync: EGL_CONDITION_SATISFIED, EGL_TIMEOUT_EXPIRED,
 * or EGL_FALSE with the EGL error set. @timeout: EGLTime ns. */
EGLint sb_layer_sync_wait(EGLDisplay dpy, EGLSync sync, EGLTime timeout);

/* What sb_layer_sync_fence() found. */
enum sb_layer_fence {
	SB_LAYER_FENCE_NOT_OURS, /* not a live layer sync of dpy */
	SB_LAYER_FENCE_FD,	 /* *fd: a new sync_file, caller owns */
	SB_LAYER_FENCE_POLL,	 /* poll-backed: no fd (not waited for) */
	SB_LAYER_FENCE_DONE,	 /* poll-backed: waited for, complete */
	SB_LAYER_FENCE_NO_FD,	 /* no fd could be made (EMFILE, ...) */
	SB_LAYER_FENCE_FAILED,	 /* poll-backed: the wait failed */
};

/* The fence of layer sync @sync: a new sync_file (close-on-exec) when a
 * sync_file backs it; when the dma-bufs to poll back it, waits for them
 * with no time limit if @wait_poll. *@fd is -1 unless the result is
 * SB_LAYER_FENCE_FD. A sync destroyed meanwhile by another thread lives
 * on until this returns. */
enum sb_layer_fence sb_layer_sync_fence(EGLDisplay dpy, EGLSync sync,
					bool wait_poll, int *fd);

/* Destroys every layer sync of @dpy (eglTerminate), or all (unload). */
void sb_layer_sync_forget(EGLDisplay dpy);
void sb_layer_sync_forget_all(void);

/* pthread_atfork: takes the layer syncs' mutex before fork(), releases
 * it after, in the parent and in the child. */
void sb_layer_sync_fork_prepare(void);
void sb_layer_sync_fork_done(void);

/* Live layer syncs, for tests. */
uint64_t sb_layer_sync_count(void);

extern const struct sb_wrap sb_layer_sync_wraps[];
extern const size_t sb_layer_sync_wrap_count;

#endif

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

/* A new sync_file for a layer sync (caller owns), or -1 when it is
 * poll-backed or not ours. */
int sb_layer_sync_dup_fd(EGLDisplay dpy, EGLSync sync);

/* Destroys every layer sync of @dpy (eglTerminate), or all (unload). */
void sb_layer_sync_forget(EGLDisplay dpy);
void sb_layer_sync_forget_all(void);

/* Live layer syncs, for tests. */
uint64_t sb_layer_sync_count(void);

extern const struct sb_wrap sb_layer_sync_wraps[];
extern const size_t sb_layer_sync_wrap_count;

#endif

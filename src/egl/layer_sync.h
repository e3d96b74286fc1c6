/* SPDX-License-Identifier: MIT */
/*
 * Syncs the layer owns: every sync eglCreateImageSyncSHAREDBUF returns.
 * Each is backed by a sync_file, or, on kernels without
 * DMA_BUF_IOCTL_EXPORT_SYNC_FILE, by the dma-bufs to poll. Every EGL sync
 * call is wrapped (sync_calls.c): a layer sync is handled by the layer,
 * any other forwarded. The driver sees a layer sync only when it must wait
 * on it on the server (eglWaitSync), as a native fence sync made for that
 * wait.
 *
 * Handles are addresses inside a range the layer reserves (mmap,
 * PROT_NONE, made usable a page at a time), so no object of the driver or
 * the application can have one: telling "not a layer sync" is a range
 * check, with no lock and no table walk, and finding a layer sync is O(1).
 * A record's memory is never given back before unload; its reference
 * count guards what it owns (fds), so a call that found it keeps it valid
 * however other threads destroy it.
 */
#ifndef SB_LAYER_SYNC_H
#define SB_LAYER_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <EGL/egl.h>

#include "dispatch.h"
#include "layout.h"

struct sb_layer_sync;

/* A sync owning @sync_fd (taken on success only), or EGL_NO_SYNC. */
EGLSync sb_layer_sync_from_fd(EGLDisplay dpy, int sync_fd);

/* A sync that signals when an access of kind @access (SHAREDBUF_ACCESS_*)
 * to the planes of @l (fds borrowed, dup'ed) need not wait: polled. */
EGLSync sb_layer_sync_from_poll(EGLDisplay dpy, const struct sb_layout *l,
				uint32_t access);

/* Could @sync be a layer sync at all? A range check: false for every
 * handle the driver or the application made. No lock, no memory access
 * beyond two atomic loads. */
bool sb_layer_sync_maybe(EGLSync sync);

/* The live layer sync @sync of @dpy with a reference taken (drop it with
 * sb_layer_sync_put()), or NULL. */
struct sb_layer_sync *sb_layer_sync_get(EGLDisplay dpy, EGLSync sync);
void sb_layer_sync_put(struct sb_layer_sync *s);

/* Is @sync a live layer sync of @dpy? */
bool sb_layer_sync_is_ours(EGLDisplay dpy, EGLSync sync);

/* Its sync_file (borrowed: valid while the reference is held), or -1 when
 * poll-backed. */
int sb_layer_sync_fd(const struct sb_layer_sync *s);

/* Waits on @s: SHAREDBUF_OK when signalled, SHAREDBUF_ERR_TIMEOUT, or
 * another failure. @timeout_ns as sharedbuf_fence_wait(). */
int sb_layer_sync_wait_ref(const struct sb_layer_sync *s, int64_t timeout_ns);

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

/* eglDestroySync: unlinks the live layer sync @sync of @dpy (freed when
 * the last call using it returns); false if it is none. */
bool sb_layer_sync_destroy(EGLDisplay dpy, EGLSync sync);

/* Destroys every layer sync of @dpy (eglTerminate), or all (unload). */
void sb_layer_sync_forget(EGLDisplay dpy);
void sb_layer_sync_forget_all(void);

/* pthread_atfork: takes the layer syncs' mutex (creation and freeing
 * only) before fork(), releases it after, in the parent and in the
 * child. */
void sb_layer_sync_fork_prepare(void);
void sb_layer_sync_fork_done(void);

/* Live layer syncs, for tests. */
uint64_t sb_layer_sync_count(void);

/* The EGL sync calls, wrapped (sync_calls.c); init resolves the next
 * vendor's eglCreateSync, for server waits. */
void sb_sync_calls_init(void);
extern const struct sb_wrap sb_layer_sync_wraps[];
extern const size_t sb_layer_sync_wrap_count;

#endif

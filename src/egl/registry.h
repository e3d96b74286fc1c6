/* SPDX-License-Identifier: MIT */
/*
 * The image registry: every dma-buf EGLImage the layer let through, with
 * its layout and its own dup of each plane fd, so that later layer features
 * (fences, CPU access) work after the application closed its fds. Lookup
 * by EGLImage is O(1) (hash table). Thread-safe.
 */
#ifndef SB_REGISTRY_H
#define SB_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <EGL/egl.h>

#include "layout.h"
#include "sharedbuf/sharedbuf.h"

/* Records @image of @dpy. Dups each plane fd of @l (borrowed) with
 * F_DUPFD_CLOEXEC. A stale record of the same handle is replaced. False
 * (nothing recorded, nothing leaked) when out of fds or memory. */
bool sb_registry_add(EGLDisplay dpy, EGLImage image, const struct sb_layout *l);

/* Takes @image's record out of the registry into @out (its fds now the
 * caller's). False if @image is not recorded. */
bool sb_registry_take(EGLImage image, EGLDisplay *dpy, struct sb_layout *out);

/* Forgets @image, closing its fds. No-op if not recorded. */
void sb_registry_remove(EGLImage image);

/* Forgets every image of @dpy (eglTerminate destroys them). */
void sb_registry_remove_display(EGLDisplay dpy);

/* Is @image recorded? Copies its layout (fds stay the registry's: valid
 * only while the image lives) when @out is not NULL. */
bool sb_registry_find(EGLImage image, struct sb_layout *out);

/* A reference to a record, keeping its fds open while held. */
struct sb_registry_ref;

/* @image's layout (fds the registry's: do not close) while *@ref is held,
 * or NULL if @image is not a recorded image of @dpy. Release with
 * sb_registry_put(). No syscall: the per-call path of image syncs. */
const struct sb_layout *sb_registry_get(EGLImage image, EGLDisplay dpy,
					struct sb_registry_ref **ref);
void sb_registry_put(struct sb_registry_ref *ref);

struct sharedbuf_cpu_image;

/* The CPU-access state of @image of @dpy, made at its first use and
 * destroyed with the image's record. NULL with *@err's reason if @image is
 * not a recorded image of @dpy (SHAREDBUF_ERR_INVALID) or the state cannot
 * be made. Using it after eglDestroyImage is the application's bug, as
 * using the image is. */
struct sharedbuf_cpu_image *sb_registry_cpu(EGLImage image, EGLDisplay dpy,
					    enum sharedbuf_result *err);

/* Images recorded, and the plane fds they hold. */
void sb_registry_counts(size_t *images, size_t *fds_held);

/* Forgets everything (library unload). */
void sb_registry_clear(void);

/* Closes the fds of @l and sets them to -1. */
void sb_layout_finish(struct sb_layout *l);

#endif

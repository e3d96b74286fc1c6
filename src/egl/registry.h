/* SPDX-License-Identifier: MIT */
/*
 * The image registry: every dma-buf EGLImage the layer let through, with
 * its layout and a way to its dma-bufs after the application closed its
 * fds, for later layer features (fences, CPU access, export): its own dup
 * of each plane fd, or, where the driver gives an imported image's
 * dma-buf back (image_fds.h), no fd at all until a feature asks the driver
 * for them. Lookup by EGLImage is O(1) (hash table). Thread-safe.
 *
 * Lifetimes: a record is counted. The table holds one reference while the
 * image lives; every call that uses an image holds one more from its
 * lookup (sb_registry_get()) to its end (sb_registry_put()). Destroying
 * the image or terminating its display takes the record out of the table
 * and marks it gone (sb_registry_gone()), but its fds and CPU state live
 * until the last call using them drops its reference. The registry's
 * mutex guards the table and the counts only: no driver call, wait or
 * record teardown is made while it is held.
 */
#ifndef SB_REGISTRY_H
#define SB_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <EGL/egl.h>

#include "layout.h"
#include "sharedbuf/sharedbuf.h"

/* Recording an image takes two steps, so that what can fail (fds,
 * memory) fails before the driver imports: sb_registry_prepare() makes a
 * record of @l, with a dup (F_DUPFD_CLOEXEC) of each plane fd of @l
 * (borrowed); or, when @ino is not NULL, with no fd: every plane lies in
 * the dma-buf of inode *@ino, which the driver will give back
 * (sb_registry_fds()). NULL (nothing leaked) when out of fds (EMFILE,
 * ENFILE) or memory. Then either sb_registry_insert() records it as @image of
 * @dpy (it cannot fail; a stale record of the same handle, the driver having
 * reused a destroyed image's handle, is replaced and marked destroyed),
 * or sb_registry_discard() frees it (NULL: no-op). Either takes @rec. */
struct sb_registry_new;

struct sb_registry_new *sb_registry_prepare(const struct sb_layout *l,
					    const ino_t *ino);
void sb_registry_insert(struct sb_registry_new *rec, EGLDisplay dpy,
			EGLImage image);
void sb_registry_discard(struct sb_registry_new *rec);

/* A reference to a record: its fds stay open and its CPU state alive
 * while it is held. */
struct sb_image_ref;

/* A reference to @image's record if @image is a recorded image of @dpy
 * (of any display when @dpy is EGL_NO_DISPLAY), or NULL. Release it with
 * sb_registry_put(). No syscall: the per-call path of image syncs and
 * CPU locks. */
struct sb_image_ref *sb_registry_get(EGLImage image, EGLDisplay dpy);

/* Drops a reference (NULL: no-op); the last one closes the record's fds
 * and destroys its CPU state, on the calling thread. */
void sb_registry_put(struct sb_image_ref *ref);

/* The record's layout. Its fds, if it has them, are the registry's (do
 * not close), valid while @ref is held; a record made with no fd has -1:
 * a call that needs the dma-bufs asks sb_image_fds() (image_fds.h). */
const struct sb_layout *sb_registry_layout(const struct sb_image_ref *ref);

/* The display and image the record is of. */
void sb_registry_handles(const struct sb_image_ref *ref, EGLDisplay *dpy,
			 EGLImage *image);

/* The record's layout with open fds (the registry's, valid while @ref is
 * held), or NULL when the record was made with no fd and none were
 * published yet: then *@ino is the inode its dma-buf has. No syscall. */
const struct sb_layout *sb_registry_fds(struct sb_image_ref *ref, ino_t *ino);

/* Publishes @fetched (malloc'ed, its fds owned; the record's layout with
 * fds the driver gave) as the record's, if no other thread did first.
 * Takes @fetched; returns the layout that stands (@fetched, or the one
 * published before, @fetched then closed and freed). Its fds count in
 * fds_held and stay open until the record is freed. */
const struct sb_layout *sb_registry_publish_fds(struct sb_image_ref *ref,
						struct sb_layout *fetched);

/* Why a record left the table, if it did. */
enum sb_image_gone {
	SB_IMAGE_LIVE,
	SB_IMAGE_DESTROYED,  /* eglDestroyImage, or its handle reused */
	SB_IMAGE_TERMINATED, /* eglTerminate of its display, or unload */
};

enum sb_image_gone sb_registry_gone(const struct sb_image_ref *ref);

/* Takes @ref's record out of the table (if still in it) as destroyed;
 * @ref itself stays valid until put. */
void sb_registry_unlink(struct sb_image_ref *ref);

/* eglDestroyImage without a lookup before the driver's call: take
 * sb_registry_epoch() before it, and once the driver has destroyed @image,
 * sb_registry_destroyed(@image, epoch) takes its record out of the table
 * (as sb_registry_unlink() would) unless the record was inserted after
 * the epoch: then the driver already gave the handle to a new image, whose
 * record that is. A failed destroy calls neither and changes nothing. */
uint64_t sb_registry_epoch(void);
void sb_registry_destroyed(EGLImage image, uint64_t epoch);

/* Takes every image of @dpy out of the table, as terminated. */
void sb_registry_remove_display(EGLDisplay dpy);

struct sharedbuf_cpu_image;

/* The record's CPU-access state, made at its first use from @fds (its
 * layout with fds, sb_image_fds()) outside any lock (making it may import
 * into GBM and map), then kept with the record. NULL with *@err's reason
 * if it cannot be made. */
struct sharedbuf_cpu_image *sb_registry_cpu(struct sb_image_ref *ref,
					    const struct sb_layout *fds,
					    enum sharedbuf_result *err);

/* The CPU-access state if it was made, else NULL. */
struct sharedbuf_cpu_image *sb_registry_cpu_peek(struct sb_image_ref *ref);

/* Claims @plane for one CPU lock: false if a lock holds or is taking it.
 * The claim lasts from the start of a lock to its unlock (or failure),
 * so a lock can run every check before any side effect. */
bool sb_registry_claim_plane(struct sb_image_ref *ref, unsigned plane);
void sb_registry_release_plane(struct sb_image_ref *ref, unsigned plane);

/* Images recorded, and the plane fds the records hold, from their
 * opening to their closing (a record being imported or destroyed but
 * still used by a call counts too). */
void sb_registry_counts(size_t *images, size_t *fds_held);

/* Forgets everything (library unload). */
void sb_registry_clear(void);

/* pthread_atfork: takes the registry's mutex before fork(), releases it
 * after, in the parent and in the child. */
void sb_registry_fork_prepare(void);
void sb_registry_fork_done(void);

/* Closes the fds of @l and sets them to -1. */
void sb_layout_finish(struct sb_layout *l);

#endif

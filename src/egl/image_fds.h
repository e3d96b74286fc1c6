/* SPDX-License-Identifier: MIT */
/*
 * An imported image's dma-buf fds where the layer keeps none.
 *
 * The registry needs each image's dma-bufs after the application closed
 * its fds, for a CPU lock, an image sync or attach, or the layer's export.
 * Keeping a dup of every plane fd costs an fd per plane per live image
 * (a compositor at the 1,024-fd soft limit runs out at half the client
 * buffers) and two syscalls per import (the dup, and its close at
 * destroy). Where the driver gives an imported image's dma-buf back
 * (EGL_MESA_image_dma_buf_export), none is needed: the registry records
 * the dma-buf's inode, and the first call that needs the fds asks the
 * driver for them, checks they are that dma-buf (same inode) and keeps
 * them with the record from then on.
 *
 * Whether the driver gives it back is probed once per display and fourcc,
 * at the fourcc's first import (which keeps dups, as every import does
 * where the driver does not): the image is exported and compared by inode
 * with the application's fd. Forgotten at eglTerminate (display_caps.h).
 * If the driver later does not give an fd-less image's dma-buf back, the
 * call that needed it fails (EGL_BAD_ALLOC) and later imports of that
 * fourcc on the display keep dups again.
 * Mesa exports one fd per image, its first plane's: only an import whose
 * planes all lie in one dma-buf goes without dups. Mesa 25's llvmpipe
 * answers the export with fd -1, so on it every import keeps dups;
 * kms_swrast, and drivers of real GPUs, give the dma-buf back.
 */
#ifndef SB_IMAGE_FDS_H
#define SB_IMAGE_FDS_H

#include <stdbool.h>
#include <sys/types.h>
#include <EGL/egl.h>

#include "layout.h"
#include "registry.h"

struct sb_caps_table;
struct sb_display_caps_slot;

/* What an import keeps, decided before the driver imports. */
struct sb_image_fds_plan {
	bool lazy;	     /* record no fd, only the inode @ino (else dups) */
	bool probe;	     /* probe the driver once it imported */
	unsigned generation; /* for sb_display_caps_set_reexport() */
	ino_t ino;	     /* every plane's dma-buf inode, if lazy */
};

/* The plan for an import of @l on the display of @slot, whose driver
 * lists @caps (sb_display_caps_of()), its planes' dma-buf inodes @inos
 * (sb_import_check()). No syscall, no driver call. */
void sb_image_fds_plan(const struct sb_caps_table *caps,
		       struct sb_display_caps_slot *slot,
		       const struct sb_layout *l, const ino_t *inos,
		       struct sb_image_fds_plan *plan);

/* After the driver imported @image as @plan said to probe: does it give
 * the dma-buf back? Kept for @l's fourcc. Leaves no EGL error. */
void sb_image_fds_probe(EGLDisplay dpy, struct sb_display_caps_slot *slot,
			EGLImage image, const struct sb_layout *l,
			const struct sb_image_fds_plan *plan);

/* @ref's layout with open fds (the registry's, valid while @ref is held):
 * the record's own, or the driver's export of the image, inode-checked
 * and kept with the record. NULL when the driver no longer gives them
 * (the image destroyed, its display terminated, or another dma-buf). */
const struct sb_layout *sb_image_fds(struct sb_image_ref *ref);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * What the next vendor lists for each display, asked once and kept: its
 * dma-buf formats, each format's modifiers and external-only flags
 * (eglQueryDmaBufFormatsEXT, eglQueryDmaBufModifiersEXT), and the
 * extensions of its EGL_EXTENSIONS string the layer tests (caps_table.h).
 *
 * Filled at the first lookup on an initialised display (the driver asked
 * with no lock held; the first answer is published, racing threads throw
 * theirs away), dropped at eglTerminate (a display lists again only after
 * eglInitialize). Lookups take no lock and make no driver call once
 * filled. Tables are immutable and kept until unload: a lookup racing
 * eglTerminate reads the old one. A re-initialised display listing what
 * it listed before reuses its old table, so memory stays bounded.
 *
 * The slot also keeps, per fourcc, whether the driver gives an imported
 * image's dma-buf back (image_fds.h), probed at the fourcc's first import
 * and forgotten at eglTerminate alike.
 *
 * On a display not initialised through the layer, or when the driver does
 * not answer or memory runs out, nothing is kept and the lookups answer
 * as for a driver that lists nothing: every format passes (the driver's own
 * check decides), no modifier and no extension is listed.
 */
#ifndef SB_DISPLAY_CAPS_H
#define SB_DISPLAY_CAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <EGL/egl.h>

#include "caps_table.h"

#define SB_CAPS_REEXPORT_SLOTS 16

/* Per display, in its display_state record. Zero is "nothing kept". */
struct sb_display_caps_slot {
	struct sb_caps_table *_Atomic live; /* published, or NULL */
	struct kept_table *kept;	    /* every table published */
	unsigned generation;		    /* eglTerminates seen */
	/* re-export probes: fourcc << 1 | gives back; 0: free */
	_Atomic(uint64_t) reexport[SB_CAPS_REEXPORT_SLOTS];
};

/* What the driver lists for @dpy, for one call to ask several questions
 * of with the sb_caps_table_*() functions (caps_table.h): one lookup.
 * NULL only when out of memory; answer then as the functions below do. */
const struct sb_caps_table *sb_display_caps_get(EGLDisplay dpy);

/* The same, from @dpy's slot already looked up (sb_entry_begin_caps). */
const struct sb_caps_table *
sb_display_caps_of(EGLDisplay dpy, struct sb_display_caps_slot *slot);

/* Does the driver list @fourcc for @dpy (true if it lists no formats)? */
bool sb_display_caps_has_format(EGLDisplay dpy, uint32_t fourcc);

/* Does it list @modifier for @fourcc? *@external_only (if not NULL) then
 * says whether the pair is external-only. */
bool sb_display_caps_has_modifier(EGLDisplay dpy, uint32_t fourcc,
				  uint64_t modifier, bool *external_only);

/* Does it list DRM_FORMAT_MOD_LINEAR, and nothing else, for @fourcc? */
bool sb_display_caps_only_linear(EGLDisplay dpy, uint32_t fourcc);

/* Its extensions the layer tests: SB_CAPS_* bits. */
unsigned sb_display_caps_flags(EGLDisplay dpy);

/* What the probe found for @fourcc on @s's display since its last
 * eglTerminate: 1 the driver gives an imported image's dma-buf back, 0 it
 * does not (or SB_CAPS_REEXPORT_SLOTS other fourccs were probed: no
 * verdict can be kept, so none is asked for), -1 not probed; then
 * *@generation is what a probe passes to sb_display_caps_set_reexport().
 * No lock once probed. */
int sb_display_caps_reexport(struct sb_display_caps_slot *s, uint32_t fourcc,
			     unsigned *generation);

/* Keeps a probe's verdict, unless the display was terminated since
 * @generation or SB_CAPS_REEXPORT_SLOTS fourccs were probed (then the
 * fourcc stays unprobed: its imports keep dups). */
void sb_display_caps_set_reexport(struct sb_display_caps_slot *s,
				  uint32_t fourcc, bool gives_back,
				  unsigned generation);

/* The driver did not give an fd-less image of @fourcc its dma-buf back:
 * later imports of @fourcc on @s's display keep dups (a probe passing
 * for one buffer does not promise every buffer). */
void sb_display_caps_reexport_failed(struct sb_display_caps_slot *s,
				     uint32_t fourcc);

/* display_state.c: eglTerminate(@s's display) succeeded; unload. */
void sb_display_caps_drop(struct sb_display_caps_slot *s);
void sb_display_caps_finish(struct sb_display_caps_slot *s);

#endif

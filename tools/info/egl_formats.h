/* SPDX-License-Identifier: MIT */
/* The dma-buf formats and modifiers an EGL display imports
 * (EGL_EXT_image_dma_buf_import_modifiers), next to sharedbuf's table. */
#ifndef SB_INFO_EGL_FORMATS_H
#define SB_INFO_EGL_FORMATS_H

#include <stdbool.h>
#include <stdint.h>
#include <epoxy/egl.h>

struct info_modifier {
	uint64_t modifier;
	bool external_only; /* GL_TEXTURE_EXTERNAL_OES only */
};

/* Whether eglLockImageSHAREDBUF can lock an image of a format, and why:
 * the layer locks linear layouts only (LINEAR, or no modifier at all),
 * and only of formats its table can lay out. */
enum info_cpu_lock {
	INFO_CPU_LOCK_LINEAR,	    /* yes: the driver lists LINEAR */
	INFO_CPU_LOCK_IMPLICIT,	    /* yes: no modifiers, implicit linear */
	INFO_CPU_LOCK_TILED,	    /* no: only other modifiers listed */
	INFO_CPU_LOCK_NOT_IN_TABLE, /* no: sharedbuf cannot lay it out */
	INFO_CPU_LOCK_NO_MODIFIERS, /* no: the modifier query failed */
};

struct info_format {
	uint32_t fourcc;
	bool known;   /* sharedbuf's layout table has it (sb_format_find) */
	bool mods_ok; /* eglQueryDmaBufModifiersEXT answered */
	struct info_modifier *mods;
	int n_mods; /* 0: the driver picks the layout (implicit modifier) */
	enum info_cpu_lock cpu_lock;
};

struct info_formats {
	bool supported; /* the display has the extension */
	bool ok;	/* the list was read completely */
	char why[96];	/* when not ok */
	struct info_format *formats;
	int count;
	int known;	  /* how many of them sharedbuf's table knows */
	int cpu_lockable; /* how many eglLockImageSHAREDBUF can lock */
};

/* Reads the formats of @dpy (initialised) into @out. False (and @out->why
 * says why) when it could not; @out is consistent either way and must be
 * released with info_formats_finish(). */
bool info_formats_query(EGLDisplay dpy, struct info_formats *out);

void info_formats_finish(struct info_formats *f);

bool info_cpu_lock_possible(enum info_cpu_lock l);
/* "yes", "no (tiled only)" or "no (layout unknown)": the table's column */
const char *info_cpu_lock_short(enum info_cpu_lock l);
/* One sentence: why, for the JSON report. */
const char *info_cpu_lock_why(enum info_cpu_lock l);

/* Can a plane with @modifier be locked? LINEAR only: the other modifiers
 * the driver lists are tiled or compressed. */
bool info_modifier_cpu_lockable(uint64_t modifier);

/* drmGetFormatName / drmGetFormatModifierName into @buf, with a hex
 * fallback when libdrm has no name: never NULL, no allocation to free. */
const char *info_format_name(uint32_t fourcc, char *buf, size_t n);
const char *info_modifier_name(uint64_t modifier, char *buf, size_t n);

#endif

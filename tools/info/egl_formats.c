/* SPDX-License-Identifier: MIT */
#include "egl_formats.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include <xf86drm.h>

#include "egl_ext.h"
#include "format.h"

/* Copies libdrm's name into @buf and frees it. drmGetFormatName spells
 * out the fourcc's bytes even when they are not a name (0x01020304 gives
 * control characters), so only a printable answer counts. */
static const char *take_name(char *name, char *buf, size_t n)
{
	bool printable = name && name[0] != '\0';

	for (const char *c = name; printable && *c; c++)
		printable = isprint((unsigned char)*c) && *c != ' ';
	if (printable)
		snprintf(buf, n, "%s", name);
	free(name);
	return printable ? buf : NULL;
}

const char *info_format_name(uint32_t fourcc, char *buf, size_t n)
{
	if (take_name(drmGetFormatName(fourcc), buf, n))
		return buf;
	snprintf(buf, n, "0x%08" PRIx32, fourcc);
	return buf;
}

const char *info_modifier_name(uint64_t modifier, char *buf, size_t n)
{
	if (take_name(drmGetFormatModifierName(modifier), buf, n))
		return buf;
	snprintf(buf, n, "0x%016" PRIx64, modifier);
	return buf;
}

/* The modifiers of @f->fourcc: asks for the count, then for the list. */
static bool query_modifiers(EGLDisplay dpy, struct info_format *f)
{
	EGLuint64KHR *mods = NULL;
	EGLBoolean *ext = NULL;
	EGLint n = 0;
	bool ok = false;

	if (!eglQueryDmaBufModifiersEXT(dpy, (EGLint)f->fourcc, 0, NULL, NULL,
					&n))
		return false;
	if (n <= 0)
		return true; /* implicit layout only */
	mods = calloc((size_t)n, sizeof(*mods));
	ext = calloc((size_t)n, sizeof(*ext));
	f->mods = calloc((size_t)n, sizeof(*f->mods));
	if (mods && ext && f->mods &&
	    eglQueryDmaBufModifiersEXT(dpy, (EGLint)f->fourcc, n, mods, ext,
				       &n)) {
		for (EGLint i = 0; i < n; i++)
			f->mods[i] = (struct info_modifier){mods[i], ext[i]};
		f->n_mods = n;
		ok = true;
	}
	free(mods);
	free(ext);
	return ok;
}

bool info_modifier_cpu_lockable(uint64_t modifier)
{
	return modifier == DRM_FORMAT_MOD_LINEAR;
}

/* As the layer decides at lock time (sharedbuf_cpu_image_create): a linear
 * layout of a format in its table. */
static enum info_cpu_lock cpu_lock(const struct info_format *f)
{
	if (!f->known)
		return INFO_CPU_LOCK_NOT_IN_TABLE;
	if (!f->mods_ok)
		return INFO_CPU_LOCK_NO_MODIFIERS;
	if (f->n_mods == 0)
		return INFO_CPU_LOCK_IMPLICIT;
	for (int i = 0; i < f->n_mods; i++) {
		if (info_modifier_cpu_lockable(f->mods[i].modifier))
			return INFO_CPU_LOCK_LINEAR;
	}
	return INFO_CPU_LOCK_TILED;
}

bool info_cpu_lock_possible(enum info_cpu_lock l)
{
	return l == INFO_CPU_LOCK_LINEAR || l == INFO_CPU_LOCK_IMPLICIT;
}

const char *info_cpu_lock_short(enum info_cpu_lock l)
{
	if (info_cpu_lock_possible(l))
		return "yes";
	return l == INFO_CPU_LOCK_TILED ? "no (tiled only)"
					: "no (layout unknown)";
}

const char *info_cpu_lock_why(enum info_cpu_lock l)
{
	switch (l) {
	case INFO_CPU_LOCK_LINEAR:
		return "the driver imports it LINEAR and sharedbuf's table "
		       "lays it out";
	case INFO_CPU_LOCK_IMPLICIT:
		return "the driver lists no modifiers: imported without one, "
		       "locked directly where the exporter has no tiling "
		       "(udmabuf, the system heap), else through GBM";
	case INFO_CPU_LOCK_TILED:
		return "the driver lists only tiled or compressed modifiers; "
		       "only linear layouts are locked";
	case INFO_CPU_LOCK_NOT_IN_TABLE:
		return "not in sharedbuf's table: its planes cannot be laid "
		       "out (imported with the fd checks only)";
	case INFO_CPU_LOCK_NO_MODIFIERS:
		return "the driver's modifiers could not be queried";
	}
	return "?";
}

static bool query_formats(EGLDisplay dpy, struct info_formats *out)
{
	EGLint *fourccs, n = 0;
	bool ok = false;

	if (!eglQueryDmaBufFormatsEXT(dpy, 0, NULL, &n) || n < 0) {
		snprintf(out->why, sizeof(out->why),
			 "eglQueryDmaBufFormatsEXT: 0x%x", eglGetError());
		return false;
	}
	fourccs = calloc((size_t)n + 1, sizeof(*fourccs));
	out->formats = calloc((size_t)n + 1, sizeof(*out->formats));
	if (!fourccs || !out->formats) {
		snprintf(out->why, sizeof(out->why), "out of memory");
	} else if (!eglQueryDmaBufFormatsEXT(dpy, n, fourccs, &n)) {
		snprintf(out->why, sizeof(out->why),
			 "eglQueryDmaBufFormatsEXT: 0x%x", eglGetError());
	} else {
		for (EGLint i = 0; i < n; i++)
			out->formats[i].fourcc = (uint32_t)fourccs[i];
		out->count = n;
		ok = true;
	}
	free(fourccs);
	return ok;
}

bool info_formats_query(EGLDisplay dpy, struct info_formats *out)
{
	*out = (struct info_formats){0};
	out->supported = ext_has(eglQueryString(dpy, EGL_EXTENSIONS),
				 "EGL_EXT_image_dma_buf_import_modifiers");
	if (!out->supported) {
		snprintf(out->why, sizeof(out->why),
			 "no EGL_EXT_image_dma_buf_import_modifiers");
		return false;
	}
	if (!query_formats(dpy, out))
		return false;
	for (int i = 0; i < out->count; i++) {
		struct info_format *f = &out->formats[i];

		f->known = sb_format_find(f->fourcc) != NULL;
		out->known += f->known;
		f->mods_ok = query_modifiers(dpy, f);
		f->cpu_lock = cpu_lock(f);
		out->cpu_lockable += info_cpu_lock_possible(f->cpu_lock);
	}
	out->ok = true;
	return true;
}

void info_formats_finish(struct info_formats *f)
{
	for (int i = 0; f->formats && i < f->count; i++)
		free(f->formats[i].mods);
	free(f->formats);
	f->formats = NULL;
	f->count = 0;
}

/* SPDX-License-Identifier: MIT */
#include "caps_table.h"

#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>

struct format {
	uint32_t fourcc;
	uint32_t first_mod; /* index into the table's mods */
	uint32_t num_mods;
	bool mods_known;
};

struct mod {
	uint64_t modifier;
	bool external_only;
};

/* One allocation: this header, then formats[], then mods[]. */
struct sb_caps_table {
	unsigned flags;
	bool formats_known;
	uint32_t num_formats, num_mods;
	struct format *formats;
	struct mod *mods;
};

#define NAME(s, f)                  \
	{                           \
		s, sizeof(s) - 1, f \
	}

static const struct {
	const char *name;
	size_t len;
	unsigned flag;
} names[] = {
	NAME("EGL_EXT_image_dma_buf_import", SB_CAPS_DMA_BUF_IMPORT),
	NAME("EGL_EXT_image_dma_buf_import_modifiers",
	     SB_CAPS_DMA_BUF_IMPORT_MODIFIERS),
	NAME("EGL_ANDROID_native_fence_sync", SB_CAPS_NATIVE_FENCE_SYNC),
	NAME("EGL_KHR_fence_sync", SB_CAPS_FENCE_SYNC),
	NAME("EGL_KHR_wait_sync", SB_CAPS_WAIT_SYNC),
	NAME("EGL_KHR_reusable_sync", SB_CAPS_REUSABLE_SYNC),
	NAME("EGL_KHR_image_base", SB_CAPS_IMAGE_BASE),
	NAME("EGL_MESA_image_dma_buf_export", SB_CAPS_DMA_BUF_EXPORT),
	NAME("EGL_KHR_cl_event2", SB_CAPS_CL_EVENT2),
	NAME("EGL_EXT_protected_content", SB_CAPS_PROTECTED_CONTENT),
	NAME("EGL_EXT_protected_surface", SB_CAPS_PROTECTED_SURFACE),
	NAME("EGL_KHR_gl_texture_2D_image", SB_CAPS_GL_TEXTURE_2D_IMAGE),
	NAME("EGL_KHR_gl_texture_3D_image", SB_CAPS_GL_TEXTURE_3D_IMAGE),
	NAME("EGL_WL_bind_wayland_display", SB_CAPS_WL_BIND_WAYLAND_DISPLAY),
	NAME("EGL_EXT_image_gl_colorspace", SB_CAPS_IMAGE_GL_COLORSPACE),
};

static unsigned flag_for(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].len == len &&
		    memcmp(names[i].name, name, len) == 0)
			return names[i].flag;
	}
	return 0;
}

unsigned sb_caps_flag_for_name(const char *name)
{
	return name ? flag_for(name, strlen(name)) : 0;
}

unsigned sb_caps_flags_from_string(const char *extensions)
{
	unsigned flags = 0;
	const char *p = extensions;

	while (p && *p) {
		size_t len = strcspn(p, " ");

		flags |= flag_for(p, len);
		p += len;
		p += strspn(p, " ");
	}
	return flags;
}

static int cmp_fourcc(const void *a, const void *b)
{
	uint32_t x = ((const struct format *)a)->fourcc;
	uint32_t y = ((const struct format *)b)->fourcc;

	return (x > y) - (x < y);
}

static int cmp_mod(const void *a, const void *b)
{
	uint64_t x = ((const struct mod *)a)->modifier;
	uint64_t y = ((const struct mod *)b)->modifier;

	return (x > y) - (x < y);
}

/* Sorts @n entries of @size at @base by @cmp and merges equal neighbours
 * with @merge (NULL: keep the first); returns how many remain. */
static size_t sort_unique(void *base, size_t n, size_t size,
			  int (*cmp)(const void *, const void *),
			  void (*merge)(void *into, const void *from))
{
	char *b = base;
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(base, n, size, cmp);
	for (size_t i = 1; i < n; i++) {
		if (cmp(b + out * size, b + i * size) == 0) {
			if (merge)
				merge(b + out * size, b + i * size);
			continue;
		}
		out++;
		if (out != i)
			memcpy(b + out * size, b + i * size, size);
	}
	return out + 1;
}

/* A modifier listed twice is external-only if either entry says so. */
static void merge_mod(void *into, const void *from)
{
	((struct mod *)into)->external_only |=
		((const struct mod *)from)->external_only;
}

struct sb_caps_table *sb_caps_table_new(unsigned flags, const uint32_t *fourccs,
					size_t num_formats,
					const struct sb_caps_mod_list *lists)
{
	size_t num_mods = 0, m = 0, bytes;
	struct sb_caps_table *t;

	if (!fourccs)
		num_formats = 0;
	if (num_formats > UINT32_MAX / 2)
		return NULL;
	for (size_t i = 0; lists && i < num_formats; i++) {
		if (lists[i].num_mods > 0)
			num_mods += (size_t)lists[i].num_mods;
	}
	if (num_mods > UINT32_MAX / 2)
		return NULL;
	bytes = sizeof(*t) + num_formats * sizeof(struct format) +
		num_mods * sizeof(struct mod);
	t = calloc(1, bytes);
	if (!t)
		return NULL;
	t->flags = flags;
	t->formats_known = fourccs != NULL;
	t->formats = (struct format *)(t + 1);
	t->mods = (struct mod *)(t->formats + num_formats);
	for (size_t i = 0; i < num_formats; i++) {
		struct format *f = &t->formats[i];
		const struct sb_caps_mod_list *l = lists ? &lists[i] : NULL;

		f->fourcc = fourccs[i];
		f->first_mod = (uint32_t)m;
		f->mods_known = l && l->num_mods >= 0;
		for (int j = 0; l && j < l->num_mods; j++, m++) {
			t->mods[m].modifier = l->mods[j];
			t->mods[m].external_only =
				l->external && l->external[j];
		}
		f->num_mods = (uint32_t)sort_unique(
			&t->mods[f->first_mod], m - f->first_mod,
			sizeof(struct mod), cmp_mod, merge_mod);
		m = f->first_mod + f->num_mods;
	}
	/* A format listed twice keeps one of its lists (Mesa lists each
	 * once). */
	t->num_formats =
		(uint32_t)sort_unique(t->formats, num_formats,
				      sizeof(struct format), cmp_fourcc, NULL);
	t->num_mods = (uint32_t)m;
	return t;
}

unsigned sb_caps_table_flags(const struct sb_caps_table *t)
{
	return t->flags;
}

/* Binary searches, inline: the per-import path (no bsearch callback). */
static const struct format *find_format(const struct sb_caps_table *t,
					uint32_t fourcc)
{
	uint32_t lo = 0, hi = t->num_formats;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->formats[mid].fourcc == fourcc)
			return &t->formats[mid];
		if (t->formats[mid].fourcc < fourcc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct mod *find_mod(const struct mod *mods, uint32_t n,
				  uint64_t modifier)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (mods[mid].modifier == modifier)
			return &mods[mid];
		if (mods[mid].modifier < modifier)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool sb_caps_table_has_format(const struct sb_caps_table *t, uint32_t fourcc)
{
	return !t->formats_known || find_format(t, fourcc) != NULL;
}

bool sb_caps_table_check_format(const struct sb_caps_table *t, uint32_t fourcc,
				bool *only_linear)
{
	const struct format *f = find_format(t, fourcc);

	*only_linear = f && f->mods_known && f->num_mods == 1 &&
		       t->mods[f->first_mod].modifier == DRM_FORMAT_MOD_LINEAR;
	return !t->formats_known || f != NULL;
}

bool sb_caps_table_has_modifier(const struct sb_caps_table *t, uint32_t fourcc,
				uint64_t modifier, bool *external_only)
{
	const struct format *f = find_format(t, fourcc);
	const struct mod *m;

	if (!f || !f->mods_known)
		return false;
	m = find_mod(&t->mods[f->first_mod], f->num_mods, modifier);
	if (m && external_only)
		*external_only = m->external_only;
	return m != NULL;
}

bool sb_caps_table_only_linear(const struct sb_caps_table *t, uint32_t fourcc)
{
	const struct format *f = find_format(t, fourcc);

	return f && f->mods_known && f->num_mods == 1 &&
	       t->mods[f->first_mod].modifier == DRM_FORMAT_MOD_LINEAR;
}

bool sb_caps_table_equal(const struct sb_caps_table *a,
			 const struct sb_caps_table *b)
{
	if (a->flags != b->flags || a->formats_known != b->formats_known ||
	    a->num_formats != b->num_formats)
		return false;
	/* formats sorted alike; their modifiers may sit elsewhere */
	for (uint32_t i = 0; i < a->num_formats; i++) {
		const struct format *f = &a->formats[i], *g = &b->formats[i];

		if (f->fourcc != g->fourcc || f->mods_known != g->mods_known ||
		    f->num_mods != g->num_mods)
			return false;
		for (uint32_t j = 0; j < f->num_mods; j++) {
			const struct mod *m = &a->mods[f->first_mod + j];
			const struct mod *n = &b->mods[g->first_mod + j];

			if (m->modifier != n->modifier ||
			    m->external_only != n->external_only)
				return false;
		}
	}
	return true;
}

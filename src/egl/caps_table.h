/* SPDX-License-Identifier: MIT */
/*
 * What a driver lists for one display, as an immutable table built once
 * and looked up without a driver call: its dma-buf formats (sorted, bsearch),
 * each format's modifiers with their external-only flags (sorted, bsearch),
 * and a bit per display extension the layer tests. Pure: no EGL call, so
 * tests/unit/test_caps_table.c builds tables by hand.
 */
#ifndef SB_CAPS_TABLE_H
#define SB_CAPS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The display extensions the layer tests, one bit each. */
enum sb_caps_flag {
	SB_CAPS_DMA_BUF_IMPORT = 1u << 0, /* EGL_EXT_image_dma_buf_import */
	SB_CAPS_DMA_BUF_IMPORT_MODIFIERS = 1u << 1, /* ..._import_modifiers */
	SB_CAPS_NATIVE_FENCE_SYNC = 1u << 2, /* EGL_ANDROID_native_fence_sync */
	SB_CAPS_FENCE_SYNC = 1u << 3,	     /* EGL_KHR_fence_sync */
	SB_CAPS_WAIT_SYNC = 1u << 4,	     /* EGL_KHR_wait_sync */
	SB_CAPS_REUSABLE_SYNC = 1u << 5,     /* EGL_KHR_reusable_sync */
	SB_CAPS_IMAGE_BASE = 1u << 6,	     /* EGL_KHR_image_base */
	SB_CAPS_DMA_BUF_EXPORT = 1u << 7,    /* EGL_MESA_image_dma_buf_export */
	SB_CAPS_CL_EVENT2 = 1u << 8,	     /* EGL_KHR_cl_event2 */
	SB_CAPS_PROTECTED_CONTENT = 1u << 9, /* EGL_EXT_protected_content */
	SB_CAPS_PROTECTED_SURFACE = 1u << 10, /* EGL_EXT_protected_surface */
	SB_CAPS_GL_TEXTURE_2D_IMAGE = 1u
				      << 11, /* EGL_KHR_gl_texture_2D_image */
	SB_CAPS_GL_TEXTURE_3D_IMAGE = 1u
				      << 12, /* EGL_KHR_gl_texture_3D_image */
	SB_CAPS_WL_BIND_WAYLAND_DISPLAY = 1u << 13, /* ..._wayland_display */
	SB_CAPS_IMAGE_GL_COLORSPACE = 1u
				      << 14, /* EGL_EXT_image_gl_colorspace */
};

/* The bit for extension @name, or 0 when the layer has none for it. */
unsigned sb_caps_flag_for_name(const char *name);

/* The bits of the names in the space-separated @extensions (NULL: 0). */
unsigned sb_caps_flags_from_string(const char *extensions);

/* One format as the driver answered eglQueryDmaBufModifiersEXT for it:
 * @num_mods < 0 when it did not answer. @external may be NULL (none). */
struct sb_caps_mod_list {
	const uint64_t *mods;
	const bool *external;
	int num_mods;
};

struct sb_caps_table;

/* A table of @flags and the @num_formats @fourccs with @lists[i] for
 * @fourccs[i] (@lists NULL: no format's modifiers known). @fourccs NULL
 * means the driver lists no formats (no query, or it failed): then every
 * format passes. Duplicates are merged. NULL when out of memory; free()
 * frees it. */
struct sb_caps_table *sb_caps_table_new(unsigned flags, const uint32_t *fourccs,
					size_t num_formats,
					const struct sb_caps_mod_list *lists);

unsigned sb_caps_table_flags(const struct sb_caps_table *t);

/* Does the driver list @fourcc? True when it lists no formats at all. */
bool sb_caps_table_has_format(const struct sb_caps_table *t, uint32_t fourcc);

/* Does the driver list @modifier for @fourcc? *@external_only (if not
 * NULL) then says whether it is external-only. False when the format is
 * not listed or its modifiers are unknown. */
bool sb_caps_table_has_modifier(const struct sb_caps_table *t, uint32_t fourcc,
				uint64_t modifier, bool *external_only);

/* sb_caps_table_has_format() and, in *@only_linear,
 * sb_caps_table_only_linear(), with one search. */
bool sb_caps_table_check_format(const struct sb_caps_table *t, uint32_t fourcc,
				bool *only_linear);

/* Does the driver list for @fourcc one modifier, DRM_FORMAT_MOD_LINEAR? */
bool sb_caps_table_only_linear(const struct sb_caps_table *t, uint32_t fourcc);

/* Do @a and @b say the same? */
bool sb_caps_table_equal(const struct sb_caps_table *a,
			 const struct sb_caps_table *b);

#endif

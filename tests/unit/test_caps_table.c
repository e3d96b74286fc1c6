/* SPDX-License-Identifier: MIT */
/*
 * Unit test: the table of what a driver lists (src/egl/caps_table.c),
 * built by hand as a driver could answer eglQueryDmaBufFormatsEXT and
 * eglQueryDmaBufModifiersEXT: unsorted, with duplicates, unknown lists;
 * every lookup compared with a linear scan of the same input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <drm_fourcc.h>

#include "caps_table.h"
#include "piglit.h"

#define NF 64

static int failed;

#define CHECK(cond, ...)                              \
	do {                                          \
		if (!(cond)) {                        \
			printf("FAIL: " __VA_ARGS__); \
			printf("\n");                 \
			failed++;                     \
		}                                     \
	} while (0)

/* The answer a linear scan of the input gives. */
static bool scan_mod(const uint32_t *fourccs, const struct sb_caps_mod_list *l,
		     size_t n, uint32_t fourcc, uint64_t mod, bool *ext)
{
	bool found = false;

	*ext = false;
	for (size_t i = 0; i < n; i++) {
		if (fourccs[i] != fourcc || l[i].num_mods < 0)
			continue;
		for (int j = 0; j < l[i].num_mods; j++) {
			if (l[i].mods[j] == mod) {
				found = true;
				*ext |= l[i].external && l[i].external[j];
			}
		}
	}
	return found;
}

/* A pseudo-random driver: NF formats (some twice), lists of 0-5
 * modifiers in any order (some twice, some unknown), compared with a
 * scan for every listed and some unlisted pairs. */
static void random_tables(void)
{
	static uint64_t mods[NF][6];
	static bool ext[NF][6];
	uint32_t fourccs[NF];
	struct sb_caps_mod_list lists[NF];
	unsigned seed = 12345;

	for (int round = 0; round < 200; round++) {
		size_t n = (size_t)(rand_r(&seed) % NF);
		struct sb_caps_table *t;

		for (size_t i = 0; i < n; i++) {
			/* each fourcc once: a duplicate keeps one list */
			fourccs[i] = (uint32_t)(i * 7919u + (unsigned)round);
			lists[i].num_mods = rand_r(&seed) % 7 - 1;
			lists[i].mods = mods[i];
			lists[i].external = rand_r(&seed) % 2 ? ext[i] : NULL;
			for (int j = 0; j < 6; j++) {
				mods[i][j] = (uint64_t)(rand_r(&seed) % 4)
					     << (rand_r(&seed) % 2 ? 56 : 0);
				ext[i][j] = rand_r(&seed) % 2;
			}
		}
		/* shuffle the formats */
		for (size_t i = n; i > 1; i--) {
			size_t k = (size_t)rand_r(&seed) % i;
			uint32_t f = fourccs[i - 1];
			struct sb_caps_mod_list l = lists[i - 1];

			fourccs[i - 1] = fourccs[k];
			lists[i - 1] = lists[k];
			fourccs[k] = f;
			lists[k] = l;
		}
		t = sb_caps_table_new(0, fourccs, n, lists);
		CHECK(t, "round %d: no table", round);
		if (!t)
			return;
		for (size_t i = 0; i < n; i++) {
			CHECK(sb_caps_table_has_format(t, fourccs[i]),
			      "round %d: format %zu missing", round, i);
			CHECK(!sb_caps_table_has_format(t, fourccs[i] + 1),
			      "round %d: unlisted format %zu found", round, i);
			for (int j = 0; j < 6; j++) {
				bool want_ext, got_ext = false;
				bool want =
					scan_mod(fourccs, lists, n, fourccs[i],
						 mods[i][j], &want_ext);
				bool got = sb_caps_table_has_modifier(
					t, fourccs[i], mods[i][j], &got_ext);

				CHECK(want == got && want_ext == got_ext,
				      "round %d format %zu mod %d: %d/%d, "
				      "external %d/%d",
				      round, i, j, got, want, got_ext,
				      want_ext);
			}
			CHECK(!sb_caps_table_has_modifier(
				      t, fourccs[i], (uint64_t)1 << 40, NULL),
			      "round %d: unlisted modifier found", round);
		}
		free(t);
	}
}

static void fixed_table(void)
{
	const uint32_t fourccs[] = {DRM_FORMAT_XRGB8888, DRM_FORMAT_NV12,
				    DRM_FORMAT_ARGB8888, DRM_FORMAT_R8};
	const uint64_t lin[] = {DRM_FORMAT_MOD_LINEAR, DRM_FORMAT_MOD_LINEAR};
	const uint64_t two[] = {I915_FORMAT_MOD_X_TILED, DRM_FORMAT_MOD_LINEAR};
	const bool ext2[] = {true, false};
	const struct sb_caps_mod_list lists[] = {
		{lin, NULL, 2},	  /* LINEAR listed twice */
		{two, ext2, 2},	  /* NV12: external-only tiled */
		{NULL, NULL, -1}, /* ARGB: the query failed */
		{NULL, NULL, 0},  /* R8: no modifiers */
	};
	struct sb_caps_table *t, *u, *none;
	bool ext = true;

	t = sb_caps_table_new(SB_CAPS_FENCE_SYNC, fourccs, 4, lists);
	CHECK(t, "no table");
	if (!t)
		return;
	CHECK(sb_caps_table_flags(t) == SB_CAPS_FENCE_SYNC, "flags");
	CHECK(sb_caps_table_only_linear(t, DRM_FORMAT_XRGB8888),
	      "XRGB8888 lists only LINEAR (twice)");
	CHECK(!sb_caps_table_only_linear(t, DRM_FORMAT_NV12),
	      "NV12 lists a tiled modifier too");
	CHECK(!sb_caps_table_only_linear(t, DRM_FORMAT_ARGB8888),
	      "ARGB8888's modifiers are unknown");
	CHECK(!sb_caps_table_only_linear(t, DRM_FORMAT_R8),
	      "R8 lists no modifier");
	CHECK(!sb_caps_table_only_linear(t, DRM_FORMAT_RGB565),
	      "RGB565 is not listed");
	/* the import path's one search says what the two say */
	{
		const uint32_t all[] = {DRM_FORMAT_XRGB8888, DRM_FORMAT_NV12,
					DRM_FORMAT_ARGB8888, DRM_FORMAT_R8,
					DRM_FORMAT_RGB565};

		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
			bool only = !sb_caps_table_only_linear(t, all[i]);
			bool has = sb_caps_table_check_format(t, all[i], &only);

			CHECK(has == sb_caps_table_has_format(t, all[i]) &&
				      only == sb_caps_table_only_linear(t,
									all[i]),
			      "check_format of format %zu", i);
		}
	}
	CHECK(sb_caps_table_has_modifier(t, DRM_FORMAT_NV12,
					 I915_FORMAT_MOD_X_TILED, &ext) &&
		      ext,
	      "NV12 X_TILED is external-only");
	CHECK(sb_caps_table_has_modifier(t, DRM_FORMAT_NV12,
					 DRM_FORMAT_MOD_LINEAR, &ext) &&
		      !ext,
	      "NV12 LINEAR is not external-only");
	CHECK(!sb_caps_table_has_modifier(t, DRM_FORMAT_ARGB8888,
					  DRM_FORMAT_MOD_LINEAR, NULL),
	      "unknown modifiers list nothing");
	CHECK(!sb_caps_table_has_modifier(t, DRM_FORMAT_RGB565,
					  DRM_FORMAT_MOD_LINEAR, NULL),
	      "an unlisted format has no modifier");

	/* the same lists in another order compare equal; others do not */
	{
		const uint32_t f2[] = {DRM_FORMAT_R8, DRM_FORMAT_ARGB8888,
				       DRM_FORMAT_NV12, DRM_FORMAT_XRGB8888};
		const uint64_t two_swapped[] = {DRM_FORMAT_MOD_LINEAR,
						I915_FORMAT_MOD_X_TILED};
		const bool ext_swapped[] = {false, true};
		const uint64_t lin1[] = {DRM_FORMAT_MOD_LINEAR};
		const struct sb_caps_mod_list l2[] = {
			{NULL, NULL, 0},
			{NULL, NULL, -1},
			{two_swapped, ext_swapped, 2},
			{lin1, NULL, 1},
		};

		u = sb_caps_table_new(SB_CAPS_FENCE_SYNC, f2, 4, l2);
		CHECK(u && sb_caps_table_equal(t, u), "reordered lists differ");
		free(u);
		u = sb_caps_table_new(0, f2, 4, l2);
		CHECK(u && !sb_caps_table_equal(t, u), "other flags equal");
		free(u);
		u = sb_caps_table_new(SB_CAPS_FENCE_SYNC, f2, 3, l2);
		CHECK(u && !sb_caps_table_equal(t, u), "a format fewer equal");
		free(u);
	}

	/* a driver that lists no formats: all pass, no modifier */
	none = sb_caps_table_new(SB_CAPS_DMA_BUF_IMPORT, NULL, 4, lists);
	CHECK(none && sb_caps_table_has_format(none, DRM_FORMAT_RGB565) &&
		      !sb_caps_table_has_modifier(none, DRM_FORMAT_XRGB8888,
						  DRM_FORMAT_MOD_LINEAR, NULL),
	      "no format list");
	CHECK(none && !sb_caps_table_equal(t, none), "no list equal");
	free(none);
	/* an empty list: nothing passes */
	none = sb_caps_table_new(0, fourccs, 0, NULL);
	CHECK(none && !sb_caps_table_has_format(none, DRM_FORMAT_XRGB8888),
	      "an empty format list lets XRGB8888 pass");
	free(none);
	free(t);
}

static void flags(void)
{
	CHECK(sb_caps_flags_from_string(NULL) == 0, "NULL string");
	CHECK(sb_caps_flags_from_string(
		      "EGL_EXT_image_dma_buf_import_modifiers  "
		      "EGL_KHR_fence_sync EGL_ANDROID_native_fence_sync_x "
		      "xEGL_KHR_wait_sync EGL_ANDROID_native_fence_sync") ==
		      (SB_CAPS_DMA_BUF_IMPORT_MODIFIERS | SB_CAPS_FENCE_SYNC |
		       SB_CAPS_NATIVE_FENCE_SYNC),
	      "whole words only, any spacing");
	CHECK(sb_caps_flags_from_string("EGL_EXT_image_dma_buf_import") ==
		      SB_CAPS_DMA_BUF_IMPORT,
	      "a prefix of another name");
	CHECK(sb_caps_flag_for_name("EGL_KHR_wait_sync") == SB_CAPS_WAIT_SYNC,
	      "flag for a name");
	CHECK(sb_caps_flag_for_name("EGL_KHR_wait") == 0, "a partial name");
}

int main(void)
{
	fixed_table();
	random_tables();
	flags();
	if (failed)
		piglit_fail("%d caps-table checks failed", failed);
	printf("caps tables ok\n");
	piglit_report_result(PIGLIT_PASS);
}

/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: sb_layout_check() on any layout and buffer sizes.
 * Built by tests/fuzz/run.sh (or tests/fuzz/meson.build with clang).
 *
 * Checks that it never crashes or hits undefined behaviour, and that its
 * answer equals a model computed in 128 bits, where nothing overflows: in
 * particular SB_LAYOUT_OK means every plane ends inside its buffer.
 *
 * Input, little endian, missing bytes read as 0:
 *   u8  format: bit 7 clear: index into the format table (mod its size);
 *       set: a raw u32 fourcc follows
 *   u32 width, u32 height
 *   u8  num_planes (mod 8, so past SB_MAX_PLANES too)
 *   u8  modifier: bit 0 has_modifier; bits 1-2 pick LINEAR, INVALID,
 *       I915 X-tiled, or a raw u64 that follows
 *   4 x (u64 offset, u64 pitch, u64 dma-buf size)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <drm_fourcc.h>

#include "layout.h"

typedef unsigned __int128 u128;

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct reader *r, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && r->left; i++, r->left--)
		v |= (uint64_t)*r->p++ << (8 * i);
	return v;
}

static uint32_t pick_fourcc(struct reader *r)
{
	unsigned count;
	const struct sb_format *t = sb_format_table(&count);
	uint8_t b = (uint8_t)take(r, 1);

	return b & 0x80 ? (uint32_t)take(r, 4) : t[b % count].fourcc;
}

static void pick_modifier(struct reader *r, struct sb_layout *l)
{
	static const uint64_t known[] = {
		DRM_FORMAT_MOD_LINEAR,
		DRM_FORMAT_MOD_INVALID,
		I915_FORMAT_MOD_X_TILED,
	};
	uint8_t b = (uint8_t)take(r, 1);
	unsigned which = (b >> 1) & 3;

	l->has_modifier = b & 1;
	l->modifier = which < 3 ? known[which] : take(r, 8);
}

static void decode(const uint8_t *data, size_t size, struct sb_layout *l,
		   uint64_t sizes[SB_MAX_PLANES])
{
	struct reader r = {data, size};

	l->fourcc = pick_fourcc(&r);
	l->width = (uint32_t)take(&r, 4);
	l->height = (uint32_t)take(&r, 4);
	l->num_planes = take(&r, 1) % 8;
	pick_modifier(&r, l);
	for (unsigned i = 0; i < SB_MAX_PLANES; i++) {
		l->planes[i].fd = -1;
		l->planes[i].offset = take(&r, 8);
		l->planes[i].pitch = take(&r, 8);
		sizes[i] = take(&r, 8);
	}
}

static u128 round_up_div(u128 n, u128 d)
{
	return (n + d - 1) / d;
}

/* One linear plane, the long way: 128 bits hold any 64-bit pitch times
 * a 32-bit row count plus two 64-bit terms. Rows of blocks (format.h):
 * a row of blocks spans block_h pixel rows. */
static enum sb_layout_result model_linear(const struct sb_format *f,
					  const struct sb_layout *l, unsigned i,
					  uint64_t size)
{
	const struct sb_plane_layout *p = &l->planes[i];
	u128 w = i ? round_up_div(l->width, f->hsub) : l->width;
	u128 h = i ? round_up_div(l->height, f->vsub) : l->height;
	u128 row = round_up_div(w, f->block_w[i]) * f->char_per_block[i];
	u128 min_pitch = round_up_div(row, f->block_h[i]);
	u128 block_rows = round_up_div(h, f->block_h[i]);
	u128 end = (u128)p->offset +
		   (u128)p->pitch * f->block_h[i] * (block_rows - 1) + row;

	if (p->pitch == 0 || p->pitch < min_pitch)
		return SB_LAYOUT_BAD_PITCH;
	if (end > UINT64_MAX)
		return SB_LAYOUT_OVERFLOW;
	return end <= size ? SB_LAYOUT_OK : SB_LAYOUT_OUT_OF_BOUNDS;
}

static enum sb_layout_result model(const struct sb_layout *l,
				   const uint64_t sizes[SB_MAX_PLANES],
				   int *plane)
{
	const struct sb_format *f = sb_format_find(l->fourcc);
	bool linear = !l->has_modifier ||
		      l->modifier == DRM_FORMAT_MOD_LINEAR ||
		      l->modifier == DRM_FORMAT_MOD_INVALID;
	enum sb_layout_result r = SB_LAYOUT_OK;

	*plane = -1;
	if (!f)
		return SB_LAYOUT_UNKNOWN_FORMAT;
	if (l->num_planes < f->planes)
		return SB_LAYOUT_TOO_FEW_PLANES;
	if (l->num_planes > SB_MAX_PLANES ||
	    (linear && l->num_planes > f->planes))
		return SB_LAYOUT_TOO_MANY_PLANES;
	if (l->width == 0 || l->height == 0)
		return SB_LAYOUT_BAD_SIZE;
	for (unsigned i = 0; i < l->num_planes && r == SB_LAYOUT_OK; i++) {
		const struct sb_plane_layout *p = &l->planes[i];

		if (linear && f->char_per_block[i])
			r = model_linear(f, l, i, sizes[i]);
		else if (p->pitch == 0)
			r = SB_LAYOUT_BAD_PITCH;
		else if (p->offset >= sizes[i])
			r = SB_LAYOUT_OUT_OF_BOUNDS;
		*plane = r == SB_LAYOUT_OK ? -1 : (int)i;
	}
	return r;
}

static void dump(const struct sb_layout *l, const uint64_t *sizes)
{
	fprintf(stderr, "fourcc 0x%08x %ux%u planes %u modifier %s0x%llx\n",
		l->fourcc, l->width, l->height, l->num_planes,
		l->has_modifier ? "" : "(none) ",
		(unsigned long long)l->modifier);
	for (unsigned i = 0; i < SB_MAX_PLANES; i++)
		fprintf(stderr, "  plane %u offset %llu pitch %llu size %llu\n",
			i, (unsigned long long)l->planes[i].offset,
			(unsigned long long)l->planes[i].pitch,
			(unsigned long long)sizes[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sb_layout l = {0};
	uint64_t sizes[SB_MAX_PLANES];
	int plane = 42, want_plane;
	enum sb_layout_result got, want;

	decode(data, size, &l, sizes);
	got = sb_layout_check(&l, sizes, &plane);
	want = model(&l, sizes, &want_plane);
	if (got != want || plane != want_plane || !sb_layout_result_str(got)) {
		fprintf(stderr,
			"got \"%s\" on plane %d, model says \"%s\" "
			"on plane %d\n",
			sb_layout_result_str(got), plane,
			sb_layout_result_str(want), want_plane);
		dump(&l, sizes);
		abort();
	}
	/* The caller may pass no plane pointer. */
	if (sb_layout_check(&l, sizes, NULL) != got)
		abort();
	return 0;
}

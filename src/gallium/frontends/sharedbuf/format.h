/* SPDX-License-Identifier: MIT */
/*
 * The fourcc layout table. libdrm names formats (drm_fourcc.h,
 * drmGetFormatName) but does not describe their memory layout; this does,
 * for the linear layouts drm_fourcc.h's comments define, in the model of
 * the kernel's struct drm_format_info (drivers/gpu/drm/drm_fourcc.c):
 * blocks, not bytes per pixel.
 *
 * Plane 0 is width x height pixels. Plane i > 0 is
 * ceil(width / hsub) x ceil(height / vsub) pixels. A plane is stored as
 * blocks of block_w x block_h of its pixels, char_per_block bytes each
 * (NV15: 4 luma samples of 10 bits in 5 bytes). Its pitch counts the bytes
 * from one row of pixels to the next, as the kernel's does: a row of blocks
 * spans block_h rows (block_h * pitch bytes) and holds
 * ceil(plane width / block_w) * char_per_block bytes (sb_format_row_bytes).
 * A partial block at the end of a row or column still takes a whole one.
 * char_per_block 0: the format has no linear layout (YUV420_8BIT), only
 * modifier-defined ones.
 */
#ifndef SB_FORMAT_H
#define SB_FORMAT_H

#include <stdint.h>

#define SB_MAX_PLANES 4

struct sb_format {
	uint32_t fourcc;
	uint8_t planes;			       /* memory planes */
	uint8_t char_per_block[SB_MAX_PLANES]; /* bytes of one block */
	uint8_t block_w[SB_MAX_PLANES];	       /* its pixels across, >= 1 */
	uint8_t block_h[SB_MAX_PLANES];	       /* its pixels down, >= 1 */
	uint8_t hsub;			       /* chroma subsampling: planes */
	uint8_t vsub; /* > 0 are width/hsub x height/vsub, rounded up */
};

/* The table entry for @fourcc, or NULL. */
const struct sb_format *sb_format_find(uint32_t fourcc);

/* The table itself, for tests that walk every entry: *@count entries. */
const struct sb_format *sb_format_table(unsigned *count);

/* The helpers below are inline: sb_layout_check() calls them on every
 * import. */
static inline uint32_t sb_format_div_round_up(uint32_t n, uint32_t d)
{
	return n / d + (n % d != 0);
}

/* Pixels across and down plane @i of a @width x @height image. */
static inline uint32_t sb_format_plane_width(const struct sb_format *f,
					     unsigned i, uint32_t width)
{
	return i ? sb_format_div_round_up(width, f->hsub) : width;
}

static inline uint32_t sb_format_plane_height(const struct sb_format *f,
					      unsigned i, uint32_t height)
{
	return i ? sb_format_div_round_up(height, f->vsub) : height;
}

/* Bytes of one row of blocks of plane @i of an image @width pixels wide:
 * ceil(plane width / block_w) * char_per_block. Cannot overflow 64 bits
 * (under 2^32 blocks of at most 255 bytes). */
static inline uint64_t sb_format_row_bytes(const struct sb_format *f,
					   unsigned i, uint32_t width)
{
	uint32_t w = sb_format_plane_width(f, i, width);

	return (uint64_t)sb_format_div_round_up(w, f->block_w[i]) *
	       f->char_per_block[i];
}

/* The smallest pitch plane @i can have: a row of blocks, spread over the
 * block_h pixel rows it covers, rounded up (the kernel's
 * drm_format_info_min_pitch(), with whole blocks). */
static inline uint64_t sb_format_min_pitch(const struct sb_format *f,
					   unsigned i, uint32_t width)
{
	uint64_t row = sb_format_row_bytes(f, i, width);

	return row / f->block_h[i] + (row % f->block_h[i] != 0);
}

/* Rows of blocks in plane @i of an image @height pixels high. */
static inline uint32_t sb_format_block_rows(const struct sb_format *f,
					    unsigned i, uint32_t height)
{
	return sb_format_div_round_up(sb_format_plane_height(f, i, height),
				      f->block_h[i]);
}

#endif

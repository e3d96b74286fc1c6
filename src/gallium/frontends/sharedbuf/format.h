/* SPDX-License-Identifier: MIT */
/*
 * The fourcc layout table. libdrm names formats (drm_fourcc.h,
 * drmGetFormatName) but does not describe their memory layout; this does,
 * for the linear layouts drm_fourcc.h's comments define.
 *
 * Plane 0 is width x height pixels. Plane i > 0 is
 * ceil(width / hsub) x ceil(height / vsub) pixels. A row of plane i holds
 * whole blocks of block_w pixels: round_up(plane width, block_w) * cpp[i]
 * bytes.
 */
#ifndef SB_FORMAT_H
#define SB_FORMAT_H

#include <stdint.h>

#define SB_MAX_PLANES 4

struct sb_format {
	uint32_t fourcc;
	uint8_t planes;		    /* memory planes */
	uint8_t cpp[SB_MAX_PLANES]; /* bytes per pixel of each plane */
	uint8_t hsub;		    /* chroma subsampling: planes > 0 are */
	uint8_t vsub;		    /* width/hsub x height/vsub, rounded up */
	/* Pixels stored together: 2 for packed 4:2:2 (YUYV: Y0 Cb Y1 Cr
	 * covers two pixels, so an odd-width row still ends with a whole
	 * 4-byte pair), 1 for everything else. */
	uint8_t block_w;
};

/* The table entry for @fourcc, or NULL. */
const struct sb_format *sb_format_find(uint32_t fourcc);

/* The table itself, for tests that walk every entry: *@count entries. */
const struct sb_format *sb_format_table(unsigned *count);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * The fourcc layout table. libdrm names formats (drm_fourcc.h,
 * drmGetFormatName) but does not describe their memory layout; this does.
 */
#ifndef SB_FORMAT_H
#define SB_FORMAT_H

#include <stdint.h>

#define SB_MAX_PLANES 4

struct sb_format {
	uint32_t fourcc;
	uint8_t planes;		    /* memory planes */
	uint8_t cpp[SB_MAX_PLANES]; /* bytes per pixel of each plane */
	uint8_t hsub;		    /* horizontal subsampling of planes > 0 */
	uint8_t vsub;		    /* vertical subsampling of planes > 0 */
};

/* The table entry for @fourcc, or NULL. */
const struct sb_format *sb_format_find(uint32_t fourcc);

#endif

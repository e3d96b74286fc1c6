/* SPDX-License-Identifier: MIT */
#include "format.h"

#include <stddef.h>
#include <drm_fourcc.h>

#include "sharedbuf/sharedbuf.h"

/* One plane, one pixel after another. */
#define RGB(f, c)                                                    \
	{                                                            \
		.fourcc = (f), .planes = 1, .cpp = {(c)}, .hsub = 1, \
		.vsub = 1, .block_w = 1                              \
	}

/* One plane of pixel pairs sharing one Cb and one Cr sample. */
#define PACKED_422(f, c)                                             \
	{                                                            \
		.fourcc = (f), .planes = 1, .cpp = {(c)}, .hsub = 2, \
		.vsub = 1, .block_w = 2                              \
	}

/* A Y plane, then one plane of interleaved Cb/Cr (or Cr/Cb) pairs. */
#define SEMI_PLANAR(f, y, uv, h, v)                                          \
	{                                                                    \
		.fourcc = (f), .planes = 2, .cpp = {(y), (uv)}, .hsub = (h), \
		.vsub = (v), .block_w = 1                                    \
	}

/* Y, Cb and Cr (or Cr and Cb) planes with the same sample size. */
#define PLANAR(f, c, h, v)                                          \
	{                                                           \
		.fourcc = (f), .planes = 3, .cpp = {(c), (c), (c)}, \
		.hsub = (h), .vsub = (v), .block_w = 1              \
	}

/*
 * Grouped as in drm_fourcc.h; sizes from its comments. Mesa 25's
 * dri2_format_table (src/gallium/frontends/dri/dri_helpers.c) lists what
 * eglQueryDmaBufFormatsEXT may return. Left out, because no whole number
 * of bytes per pixel or no linear layout exists for them: NV15 and P030
 * (10-bit samples packed across bytes), YUV420_8BIT and YUV420_10BIT
 * (linear layout undefined). S010..S416 are missing from libdrm 2.4.114.
 * Linear search: the table is small and read once per import.
 */
static const struct sb_format formats[] = {
	RGB(DRM_FORMAT_R8, 1),
	RGB(DRM_FORMAT_R16, 2),
	RGB(DRM_FORMAT_RG88, 2),
	RGB(DRM_FORMAT_GR88, 2),
	RGB(DRM_FORMAT_RG1616, 4),
	RGB(DRM_FORMAT_GR1616, 4),

	RGB(DRM_FORMAT_ARGB4444, 2),
	RGB(DRM_FORMAT_ABGR4444, 2),
	RGB(DRM_FORMAT_ARGB1555, 2),
	RGB(DRM_FORMAT_ABGR1555, 2),
	RGB(DRM_FORMAT_RGB565, 2),
	RGB(DRM_FORMAT_BGR565, 2),

	RGB(DRM_FORMAT_RGB888, 3),
	RGB(DRM_FORMAT_BGR888, 3),

	RGB(DRM_FORMAT_XRGB8888, 4),
	RGB(DRM_FORMAT_XBGR8888, 4),
	RGB(DRM_FORMAT_RGBX8888, 4),
	RGB(DRM_FORMAT_BGRX8888, 4),
	RGB(DRM_FORMAT_ARGB8888, 4),
	RGB(DRM_FORMAT_ABGR8888, 4),
	RGB(DRM_FORMAT_RGBA8888, 4),
	RGB(DRM_FORMAT_BGRA8888, 4),

	RGB(DRM_FORMAT_XRGB2101010, 4),
	RGB(DRM_FORMAT_XBGR2101010, 4),
	RGB(DRM_FORMAT_RGBX1010102, 4),
	RGB(DRM_FORMAT_BGRX1010102, 4),
	RGB(DRM_FORMAT_ARGB2101010, 4),
	RGB(DRM_FORMAT_ABGR2101010, 4),
	RGB(DRM_FORMAT_RGBA1010102, 4),
	RGB(DRM_FORMAT_BGRA1010102, 4),

	RGB(DRM_FORMAT_XBGR16161616, 8),
	RGB(DRM_FORMAT_ABGR16161616, 8),
	RGB(DRM_FORMAT_XRGB16161616F, 8),
	RGB(DRM_FORMAT_XBGR16161616F, 8),
	RGB(DRM_FORMAT_ARGB16161616F, 8),
	RGB(DRM_FORMAT_ABGR16161616F, 8),

	/* Mesa samples these through a GR88 view of width * 2 bytes a
	 * row, but a driver sampling them natively reads whole pairs:
	 * block_w 2 bounds both. */
	PACKED_422(DRM_FORMAT_YUYV, 2),
	PACKED_422(DRM_FORMAT_YVYU, 2),
	PACKED_422(DRM_FORMAT_UYVY, 2),
	PACKED_422(DRM_FORMAT_VYUY, 2),
	PACKED_422(DRM_FORMAT_Y210, 4),
	PACKED_422(DRM_FORMAT_Y212, 4),
	PACKED_422(DRM_FORMAT_Y216, 4),

	/* Packed 4:4:4: one pixel, all of its samples. */
	RGB(DRM_FORMAT_AYUV, 4),
	RGB(DRM_FORMAT_XYUV8888, 4),
	RGB(DRM_FORMAT_Y410, 4),
	RGB(DRM_FORMAT_Y412, 8),
	RGB(DRM_FORMAT_Y416, 8),

	SEMI_PLANAR(DRM_FORMAT_NV12, 1, 2, 2, 2),
	SEMI_PLANAR(DRM_FORMAT_NV21, 1, 2, 2, 2),
	SEMI_PLANAR(DRM_FORMAT_NV16, 1, 2, 2, 1),
	SEMI_PLANAR(DRM_FORMAT_NV61, 1, 2, 2, 1),
	SEMI_PLANAR(DRM_FORMAT_NV24, 1, 2, 1, 1),
	SEMI_PLANAR(DRM_FORMAT_NV42, 1, 2, 1, 1),
	SEMI_PLANAR(DRM_FORMAT_P210, 2, 4, 2, 1),
	SEMI_PLANAR(DRM_FORMAT_P010, 2, 4, 2, 2),
	SEMI_PLANAR(DRM_FORMAT_P012, 2, 4, 2, 2),
	SEMI_PLANAR(DRM_FORMAT_P016, 2, 4, 2, 2),

	PLANAR(DRM_FORMAT_YUV410, 1, 4, 4),
	PLANAR(DRM_FORMAT_YVU410, 1, 4, 4),
	PLANAR(DRM_FORMAT_YUV411, 1, 4, 1),
	PLANAR(DRM_FORMAT_YVU411, 1, 4, 1),
	PLANAR(DRM_FORMAT_YUV420, 1, 2, 2),
	PLANAR(DRM_FORMAT_YVU420, 1, 2, 2),
	PLANAR(DRM_FORMAT_YUV422, 1, 2, 1),
	PLANAR(DRM_FORMAT_YVU422, 1, 2, 1),
	PLANAR(DRM_FORMAT_YUV444, 1, 1, 1),
	PLANAR(DRM_FORMAT_YVU444, 1, 1, 1),
};

const struct sb_format *sb_format_find(uint32_t fourcc)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (formats[i].fourcc == fourcc)
			return &formats[i];
	}
	return NULL;
}

const struct sb_format *sb_format_table(unsigned *count)
{
	*count = sizeof(formats) / sizeof(formats[0]);
	return formats;
}

uint32_t sharedbuf_format_cpp(uint32_t fourcc)
{
	const struct sb_format *f = sb_format_find(fourcc);

	return f && f->planes == 1 ? f->cpp[0] : 0;
}

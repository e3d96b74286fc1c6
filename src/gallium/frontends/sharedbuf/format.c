/* SPDX-License-Identifier: MIT */
#include "format.h"

#include <stddef.h>
#include <drm_fourcc.h>

#include "sharedbuf/sharedbuf.h"

#define RGB(f, c)                                                              \
	{                                                                      \
		.fourcc = (f), .planes = 1, .cpp = {(c)}, .hsub = 1, .vsub = 1 \
	}

static const struct sb_format formats[] = {
	RGB(DRM_FORMAT_XRGB8888, 4), RGB(DRM_FORMAT_ARGB8888, 4),
	RGB(DRM_FORMAT_XBGR8888, 4), RGB(DRM_FORMAT_ABGR8888, 4),
	RGB(DRM_FORMAT_RGB565, 2),
};

const struct sb_format *sb_format_find(uint32_t fourcc)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (formats[i].fourcc == fourcc)
			return &formats[i];
	}
	return NULL;
}

uint32_t sharedbuf_format_cpp(uint32_t fourcc)
{
	const struct sb_format *f = sb_format_find(fourcc);

	return f && f->planes == 1 ? f->cpp[0] : 0;
}

/* SPDX-License-Identifier: MIT */
/* Unit test: the fourcc table and linear allocation layout arguments. */
#include <stdbool.h>
#include <stdio.h>
#include <drm_fourcc.h>

#include "format.h"
#include "piglit.h"
#include "sharedbuf/sharedbuf.h"

struct cpp_case {
	uint32_t fourcc;
	uint32_t cpp; /* 0: not a single-plane format sharedbuf knows */
};

static const struct cpp_case cpp_cases[] = {
	{DRM_FORMAT_XRGB8888, 4},
	{DRM_FORMAT_ARGB8888, 4},
	{DRM_FORMAT_XBGR8888, 4},
	{DRM_FORMAT_ABGR8888, 4},
	{DRM_FORMAT_RGB565, 2},
	{DRM_FORMAT_RGB888, 3},
	{DRM_FORMAT_ABGR16161616F, 8},
	{DRM_FORMAT_YUYV, 2},
	{DRM_FORMAT_NV12, 0},
	{DRM_FORMAT_YUV420, 0},
	{0, 0},
	{fourcc_code('N', 'O', 'P', 'E'), 0},
};

/* Each table entry as drm_fourcc.h's comments describe it, typed out
 * again: planes, bytes per pixel of planes 0 and 1 (the others repeat
 * plane 1), chroma subsampling, pixels per block. */
struct layout_expect {
	const char *name;
	uint32_t fourcc;
	uint8_t planes, cpp0, cpp1, hsub, vsub, block_w;
};

#define RGB(f, c)                                            \
	{                                                    \
		.name = #f, DRM_FORMAT_##f, 1, c, 0, 1, 1, 1 \
	}

static const struct layout_expect expects[] = {
	RGB(R8, 1),
	RGB(R16, 2),
	RGB(RG88, 2),
	RGB(GR88, 2),
	RGB(RG1616, 4),
	RGB(GR1616, 4),
	RGB(ARGB4444, 2),
	RGB(ABGR4444, 2),
	RGB(ARGB1555, 2),
	RGB(ABGR1555, 2),
	RGB(RGB565, 2),
	RGB(BGR565, 2),
	RGB(RGB888, 3),
	RGB(BGR888, 3),
	RGB(XRGB8888, 4),
	RGB(XBGR8888, 4),
	RGB(RGBX8888, 4),
	RGB(BGRX8888, 4),
	RGB(ARGB8888, 4),
	RGB(ABGR8888, 4),
	RGB(RGBA8888, 4),
	RGB(BGRA8888, 4),
	RGB(XRGB2101010, 4),
	RGB(XBGR2101010, 4),
	RGB(RGBX1010102, 4),
	RGB(BGRX1010102, 4),
	RGB(ARGB2101010, 4),
	RGB(ABGR2101010, 4),
	RGB(RGBA1010102, 4),
	RGB(BGRA1010102, 4),
	RGB(XBGR16161616, 8),
	RGB(ABGR16161616, 8),
	RGB(XRGB16161616F, 8),
	RGB(XBGR16161616F, 8),
	RGB(ARGB16161616F, 8),
	RGB(ABGR16161616F, 8),
	{"YUYV", DRM_FORMAT_YUYV, 1, 2, 0, 2, 1, 2},
	{"YVYU", DRM_FORMAT_YVYU, 1, 2, 0, 2, 1, 2},
	{"UYVY", DRM_FORMAT_UYVY, 1, 2, 0, 2, 1, 2},
	{"VYUY", DRM_FORMAT_VYUY, 1, 2, 0, 2, 1, 2},
	{"Y210", DRM_FORMAT_Y210, 1, 4, 0, 2, 1, 2},
	{"Y212", DRM_FORMAT_Y212, 1, 4, 0, 2, 1, 2},
	{"Y216", DRM_FORMAT_Y216, 1, 4, 0, 2, 1, 2},
	RGB(AYUV, 4),
	RGB(XYUV8888, 4),
	RGB(Y410, 4),
	RGB(Y412, 8),
	RGB(Y416, 8),
	{"NV12", DRM_FORMAT_NV12, 2, 1, 2, 2, 2, 1},
	{"NV21", DRM_FORMAT_NV21, 2, 1, 2, 2, 2, 1},
	{"NV16", DRM_FORMAT_NV16, 2, 1, 2, 2, 1, 1},
	{"NV61", DRM_FORMAT_NV61, 2, 1, 2, 2, 1, 1},
	{"NV24", DRM_FORMAT_NV24, 2, 1, 2, 1, 1, 1},
	{"NV42", DRM_FORMAT_NV42, 2, 1, 2, 1, 1, 1},
	{"P210", DRM_FORMAT_P210, 2, 2, 4, 2, 1, 1},
	{"P010", DRM_FORMAT_P010, 2, 2, 4, 2, 2, 1},
	{"P012", DRM_FORMAT_P012, 2, 2, 4, 2, 2, 1},
	{"P016", DRM_FORMAT_P016, 2, 2, 4, 2, 2, 1},
	{"YUV410", DRM_FORMAT_YUV410, 3, 1, 1, 4, 4, 1},
	{"YVU410", DRM_FORMAT_YVU410, 3, 1, 1, 4, 4, 1},
	{"YUV411", DRM_FORMAT_YUV411, 3, 1, 1, 4, 1, 1},
	{"YVU411", DRM_FORMAT_YVU411, 3, 1, 1, 4, 1, 1},
	{"YUV420", DRM_FORMAT_YUV420, 3, 1, 1, 2, 2, 1},
	{"YVU420", DRM_FORMAT_YVU420, 3, 1, 1, 2, 2, 1},
	{"YUV422", DRM_FORMAT_YUV422, 3, 1, 1, 2, 1, 1},
	{"YVU422", DRM_FORMAT_YVU422, 3, 1, 1, 2, 1, 1},
	{"YUV444", DRM_FORMAT_YUV444, 3, 1, 1, 1, 1, 1},
	{"YVU444", DRM_FORMAT_YVU444, 3, 1, 1, 1, 1, 1},
};

static bool matches(const struct sb_format *f, const struct layout_expect *e)
{
	if (f->planes != e->planes || f->cpp[0] != e->cpp0 ||
	    f->hsub != e->hsub || f->vsub != e->vsub ||
	    f->block_w != e->block_w)
		return false;
	for (unsigned i = 1; i < e->planes; i++) {
		if (f->cpp[i] != e->cpp1)
			return false;
	}
	return true;
}

/* Every expected format is in the table as described, and the table
 * holds nothing else: a new entry needs its line above. */
static int check_expected(void)
{
	unsigned count;
	int failed = 0;

	sb_format_table(&count);
	for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++) {
		const struct sb_format *f = sb_format_find(expects[i].fourcc);

		if (!f || !matches(f, &expects[i])) {
			printf("%s: %s\n", expects[i].name,
			       f ? "layout differs" : "missing");
			failed++;
		}
	}
	if (count != sizeof(expects) / sizeof(expects[0])) {
		printf("table has %u formats, %zu expected\n", count,
		       sizeof(expects) / sizeof(expects[0]));
		failed++;
	}
	return failed;
}

static bool power_of_two_up_to_4(unsigned v)
{
	return v == 1 || v == 2 || v == 4;
}

/* One entry's own consistency: what sb_layout_check() relies on. */
static bool entry_sane(const struct sb_format *f)
{
	if (f->planes < 1 || f->planes > SB_MAX_PLANES ||
	    !power_of_two_up_to_4(f->hsub) || !power_of_two_up_to_4(f->vsub) ||
	    (f->block_w != 1 && f->block_w != 2))
		return false;
	for (unsigned i = 0; i < SB_MAX_PLANES; i++) {
		if ((i < f->planes) != (f->cpp[i] > 0))
			return false;
	}
	return true;
}

static int check_table(void)
{
	unsigned count;
	const struct sb_format *t = sb_format_table(&count);
	int failed = 0;

	for (unsigned i = 0; i < count; i++) {
		if (!entry_sane(&t[i])) {
			printf("entry %u (0x%08x) is not sane\n", i,
			       t[i].fourcc);
			failed++;
		}
		for (unsigned j = 0; j < i; j++) {
			if (t[j].fourcc == t[i].fourcc) {
				printf("0x%08x is in the table twice\n",
				       t[i].fourcc);
				failed++;
			}
		}
	}
	return failed;
}

int main(void)
{
	struct sharedbuf_buffer buf = {.fd = 123};
	int failed = 0;

	for (size_t i = 0; i < sizeof(cpp_cases) / sizeof(cpp_cases[0]); i++) {
		uint32_t got = sharedbuf_format_cpp(cpp_cases[i].fourcc);

		if (got != cpp_cases[i].cpp) {
			printf("cpp of 0x%08x: got %u want %u\n",
			       cpp_cases[i].fourcc, got, cpp_cases[i].cpp);
			failed++;
		}
	}
	/* Arguments are checked before any device is opened. */
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, 0, 4,
				   DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_ERR_INVALID ||
	    buf.fd != -1) {
		printf("zero width not rejected, or fd not reset\n");
		failed++;
	}
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, 4, 4, 0, &buf) !=
	    SHAREDBUF_ERR_FORMAT) {
		printf("unknown format not rejected\n");
		failed++;
	}
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, UINT32_MAX,
				   UINT32_MAX, DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_ERR_OVERFLOW) {
		printf("overflowing size not rejected\n");
		failed++;
	}
	if (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_COUNT, 4, 4,
				   DRM_FORMAT_XRGB8888,
				   &buf) != SHAREDBUF_ERR_INVALID) {
		printf("unknown exporter not rejected\n");
		failed++;
	}
	if (sharedbuf_fd_is_dmabuf(0) || sharedbuf_fd_is_dmabuf(-1)) {
		printf("stdin or -1 taken for a dma-buf\n");
		failed++;
	}
	failed += check_table();
	failed += check_expected();
	if (failed)
		piglit_fail("%d format cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}

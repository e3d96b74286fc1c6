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
	{DRM_FORMAT_Y0L0, 2},
	{DRM_FORMAT_YUV420_8BIT, 0},
	{DRM_FORMAT_NV15, 0},
	{DRM_FORMAT_NV12, 0},
	{DRM_FORMAT_YUV420, 0},
	{0, 0},
	{fourcc_code('N', 'O', 'P', 'E'), 0},
};

/* Entries typed out again from the kernel's drm_format_info table
 * (drivers/gpu/drm/drm_fourcc.c): planes, bytes per block and block width
 * of planes 0 and 1 (plane 2 repeats plane 1), block height of plane 0,
 * chroma subsampling. Packed 4:2:2 is a block of two pixels here (the
 * kernel: 2 or 4 bytes per pixel, hsub 2). */
struct layout_expect {
	const char *name;
	uint32_t fourcc;
	uint8_t planes, cpb0, bw0, cpb1, bw1, bh0, hsub, vsub;
};

#ifndef DRM_FORMAT_NV20
#define DRM_FORMAT_NV20 fourcc_code('N', 'V', '2', '0')
#define DRM_FORMAT_NV30 fourcc_code('N', 'V', '3', '0')
#endif
#ifndef DRM_FORMAT_S010
#define DRM_FORMAT_S010 fourcc_code('S', '0', '1', '0')
#endif

#define E(f, ...)                               \
	{                                       \
#f, DRM_FORMAT_##f, __VA_ARGS__ \
	}

static const struct layout_expect expects[] = {
	E(C8, 1, 1, 1, 0, 1, 1, 1, 1),
	E(R8, 1, 1, 1, 0, 1, 1, 1, 1),
	E(R10, 1, 2, 1, 0, 1, 1, 1, 1),
	E(R16, 1, 2, 1, 0, 1, 1, 1, 1),
	E(GR88, 1, 2, 1, 0, 1, 1, 1, 1),
	E(RGB332, 1, 1, 1, 0, 1, 1, 1, 1),
	E(RGBX4444, 1, 2, 1, 0, 1, 1, 1, 1),
	E(BGRA5551, 1, 2, 1, 0, 1, 1, 1, 1),
	E(RGB565, 1, 2, 1, 0, 1, 1, 1, 1),
	E(BGR888, 1, 3, 1, 0, 1, 1, 1, 1),
	E(XRGB8888, 1, 4, 1, 0, 1, 1, 1, 1),
	E(ABGR2101010, 1, 4, 1, 0, 1, 1, 1, 1),
	E(ARGB16161616, 1, 8, 1, 0, 1, 1, 1, 1),
	E(ABGR16161616F, 1, 8, 1, 0, 1, 1, 1, 1),
	E(AXBXGXRX106106106106, 1, 8, 1, 0, 1, 1, 1, 1),
	E(YUYV, 1, 4, 2, 0, 1, 1, 2, 1),
	E(Y210, 1, 8, 2, 0, 1, 1, 2, 1),
	E(VUY888, 1, 3, 1, 0, 1, 1, 1, 1),
	E(XVYU16161616, 1, 8, 1, 0, 1, 1, 1, 1),
	E(Y0L0, 1, 8, 2, 0, 1, 2, 2, 2),
	E(X0L2, 1, 8, 2, 0, 1, 2, 2, 2),
	E(YUV420_8BIT, 1, 0, 1, 0, 1, 1, 2, 2),
	E(VUY101010, 1, 0, 1, 0, 1, 1, 1, 1),
	E(XRGB8888_A8, 2, 4, 1, 1, 1, 1, 1, 1),
	E(BGR565_A8, 2, 2, 1, 1, 1, 1, 1, 1),
	E(NV12, 2, 1, 1, 2, 1, 1, 2, 2),
	E(NV61, 2, 1, 1, 2, 1, 1, 2, 1),
	E(NV42, 2, 1, 1, 2, 1, 1, 1, 1),
	E(P010, 2, 2, 1, 4, 1, 1, 2, 2),
	E(P210, 2, 2, 1, 4, 1, 1, 2, 1),
	E(NV15, 2, 5, 4, 5, 2, 1, 2, 2),
	E(NV20, 2, 5, 4, 5, 2, 1, 2, 1),
	E(NV30, 2, 5, 4, 5, 2, 1, 1, 1),
	E(P030, 2, 4, 3, 8, 3, 1, 2, 2),
	E(YUV410, 3, 1, 1, 1, 1, 1, 4, 4),
	E(YVU411, 3, 1, 1, 1, 1, 1, 4, 1),
	E(YUV420, 3, 1, 1, 1, 1, 1, 2, 2),
	E(YVU444, 3, 1, 1, 1, 1, 1, 1, 1),
	E(Q410, 3, 2, 1, 2, 1, 1, 1, 1),
	E(S010, 3, 2, 1, 2, 1, 1, 2, 2),
};

/* Every format libdrm 2.4.114's drm_fourcc.h names that the kernel's
 * table has (all of them but C1..C4, D1..D8, R1..R4, RGB161616 and
 * BGR161616, which libdrm 2.4.114 lacks), plus NV20, NV30, S010..S416,
 * R16, RG88, GR88, RG1616 and GR1616. */
#define TABLE_SIZE 122

static bool matches(const struct sb_format *f, const struct layout_expect *e)
{
	if (f->planes != e->planes || f->char_per_block[0] != e->cpb0 ||
	    f->block_w[0] != e->bw0 || f->block_h[0] != e->bh0 ||
	    f->hsub != e->hsub || f->vsub != e->vsub)
		return false;
	for (unsigned i = 1; i < e->planes; i++) {
		if (f->char_per_block[i] != e->cpb1 ||
		    f->block_w[i] != e->bw1 || f->block_h[i] != 1)
			return false;
	}
	return true;
}

/* Every expected format is in the table as described, and the table has
 * its size: a new entry needs a look at this file. */
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
	if (count != TABLE_SIZE) {
		printf("table has %u formats, %d expected\n", count,
		       TABLE_SIZE);
		failed++;
	}
	return failed;
}

/* Sizes worked out by hand from drm_fourcc.h's bit layouts. */
struct size_case {
	const char *what;
	uint32_t fourcc, width, height;
	unsigned plane;
	uint64_t row, min_pitch;
	uint32_t block_rows;
};

static const struct size_case sizes[] = {
	/* 6 Y samples of 10 bits: 2 blocks of 4 (5 bytes each) */
	{"NV15 6x4 Y", DRM_FORMAT_NV15, 6, 4, 0, 10, 10, 4},
	/* 3x2 Cb/Cr pairs: 2 blocks of 2 pairs (5 bytes each) */
	{"NV15 6x4 CbCr", DRM_FORMAT_NV15, 6, 4, 1, 10, 10, 2},
	{"NV15 8x2 Y", DRM_FORMAT_NV15, 8, 2, 0, 10, 10, 2},
	{"NV15 8x2 CbCr", DRM_FORMAT_NV15, 8, 2, 1, 10, 10, 1},
	{"NV20 8x3 CbCr", DRM_FORMAT_NV20, 8, 3, 1, 10, 10, 3},
	{"NV30 8x3 CbCr", DRM_FORMAT_NV30, 8, 3, 1, 20, 20, 3},
	/* 3 samples in a 32-bit word: 5 Y take 2 words */
	{"P030 5x3 Y", DRM_FORMAT_P030, 5, 3, 0, 8, 8, 3},
	{"P030 6x2 Y", DRM_FORMAT_P030, 6, 2, 0, 8, 8, 2},
	/* 3 pairs in 64 bits: 3 pairs (6 pixels) take 8 bytes, 4 take 16 */
	{"P030 6x2 CbCr", DRM_FORMAT_P030, 6, 2, 1, 8, 8, 1},
	{"P030 7x3 CbCr", DRM_FORMAT_P030, 7, 3, 1, 16, 16, 2},
	{"YUYV 5x1", DRM_FORMAT_YUYV, 5, 1, 0, 12, 12, 1},
	{"XRGB8888 5x1", DRM_FORMAT_XRGB8888, 5, 1, 0, 20, 20, 1},
	{"NV12 5x3 CbCr", DRM_FORMAT_NV12, 5, 3, 1, 6, 6, 2},
	{"YUV410 5x5 Cb", DRM_FORMAT_YUV410, 5, 5, 2, 2, 2, 2},
	/* 2x2 tiles of 8 bytes: 3 tiles a row over 2 pixel rows */
	{"Y0L0 6x4", DRM_FORMAT_Y0L0, 6, 4, 0, 24, 12, 2},
	{"Y0L0 5x3", DRM_FORMAT_Y0L0, 5, 3, 0, 24, 12, 2},
};

static int check_sizes(void)
{
	int failed = 0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const struct size_case *c = &sizes[i];
		const struct sb_format *f = sb_format_find(c->fourcc);
		uint64_t row, pitch;
		uint32_t rows;

		if (!f) {
			printf("%s: not in the table\n", c->what);
			failed++;
			continue;
		}
		row = sb_format_row_bytes(f, c->plane, c->width);
		pitch = sb_format_min_pitch(f, c->plane, c->width);
		rows = sb_format_block_rows(f, c->plane, c->height);
		if (row != c->row || pitch != c->min_pitch ||
		    rows != c->block_rows) {
			printf("%s: row %llu min pitch %llu block rows %u, "
			       "want %llu %llu %u\n",
			       c->what, (unsigned long long)row,
			       (unsigned long long)pitch, rows,
			       (unsigned long long)c->row,
			       (unsigned long long)c->min_pitch, c->block_rows);
			failed++;
		}
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
	    !power_of_two_up_to_4(f->hsub) || !power_of_two_up_to_4(f->vsub))
		return false;
	for (unsigned i = 0; i < SB_MAX_PLANES; i++) {
		if (f->block_w[i] < 1 || f->block_w[i] > 4 ||
		    f->block_h[i] < 1 || f->block_h[i] > 2)
			return false;
		/* planes past the format's own have no bytes */
		if (i >= f->planes && f->char_per_block[i])
			return false;
		/* only single-plane formats may lack a linear layout */
		if (i < f->planes && !f->char_per_block[i] && f->planes != 1)
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
		/* the hashed lookup finds every entry, itself */
		if (sb_format_find(t[i].fourcc) != &t[i]) {
			printf("0x%08x: sb_format_find misses entry %u\n",
			       t[i].fourcc, i);
			failed++;
		}
		/* and nothing one bit away that the table lacks */
		for (unsigned b = 0; b < 32; b++) {
			uint32_t other = t[i].fourcc ^ (1u << b);
			bool listed = false;

			for (unsigned j = 0; j < count; j++)
				listed = listed || t[j].fourcc == other;
			if (!listed && sb_format_find(other)) {
				printf("0x%08x: found, not in the table\n",
				       other);
				failed++;
			}
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
	failed += check_sizes();
	if (failed)
		piglit_fail("%d format cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}

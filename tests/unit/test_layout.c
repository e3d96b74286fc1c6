/* SPDX-License-Identifier: MIT */
/*
 * Unit test: sb_layout_check(), the bounds every plane of an imported
 * dma-buf must keep, and sb_layout_check_fds() on fds that are not
 * dma-bufs (the host has none; real dma-bufs are tested in the guest).
 *
 * Run with no argument for every case, or with a case's name for one.
 * Failing cases found by tests/fuzz/fuzz_layout.c belong in layout_cases.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "layout.h"
#include "piglit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Plane offset and pitch; no fd, the pure check does not look at it. */
#define PL(o, p)                                      \
	{                                             \
		.fd = -1, .offset = (o), .pitch = (p) \
	}
/* Inner braces as macros keep each case on two or three lines. */
#define PLANES(...)         \
	{                   \
		__VA_ARGS__ \
	}
#define SIZES(...)          \
	{                   \
		__VA_ARGS__ \
	}
#define IMPLICIT false, 0
#define MOD(m)	 true, (m)

#define XR24	 DRM_FORMAT_XRGB8888
#define TILED	 I915_FORMAT_MOD_X_TILED
#define CCS	 I915_FORMAT_MOD_Y_TILED_CCS
#define OK	 SB_LAYOUT_OK
#define OOB	 SB_LAYOUT_OUT_OF_BOUNDS
#define PITCH	 SB_LAYOUT_BAD_PITCH
#define OVERFLOW SB_LAYOUT_OVERFLOW
#define MAX	 UINT64_MAX

struct layout_case {
	const char *name;
	uint32_t fourcc, width, height;
	bool has_modifier;
	uint64_t modifier;
	unsigned num_planes;
	struct sb_plane_layout planes[SB_MAX_PLANES];
	uint64_t sizes[SB_MAX_PLANES];
	enum sb_layout_result want;
	int want_plane; /* -1: a check of the whole layout */
};

/*
 * Sizes worked out once, used below:
 *   XRGB8888 4x4, pitch 16: 64 bytes.
 *   NV12 4x4: Y 4x4 (16 bytes at 0), Cb/Cr 2x2 pairs, rows of 4 (8 at 16).
 *   NV12 5x3: Y 5x3 (15 at 0), Cb/Cr 3x2 pairs, rows of 6 (12 at 15).
 *   YUV420 4x4: Y 16 at 0, U 2x2 at 16, V 2x2 at 20: 24 bytes.
 *   YUV420 5x3: Y 15 at 0, U 3x2 at 15, V 3x2 at 21: 27 bytes.
 *   P010 4x4: Y rows of 8 (32 at 0), Cb/Cr 2x2 of 4 bytes (16 at 32).
 */
static const struct layout_case layout_cases[] = {
	/* Whole-layout checks, in the order they are made. */
	{"unknown-fourcc", fourcc_code('N', 'O', 'P', 'E'), 4, 4, IMPLICIT, 1,
	 PLANES(PL(0, 16)), SIZES(64), SB_LAYOUT_UNKNOWN_FORMAT, -1},
	{"fourcc-zero", 0, 4, 4, IMPLICIT, 1, PLANES(PL(0, 16)), SIZES(64),
	 SB_LAYOUT_UNKNOWN_FORMAT, -1},
	{"format-before-plane-count", fourcc_code('N', 'O', 'P', 'E'), 0, 0,
	 IMPLICIT, 0, PLANES(PL(0, 16)), SIZES(0), SB_LAYOUT_UNKNOWN_FORMAT,
	 -1},
	{"zero-planes", XR24, 4, 4, IMPLICIT, 0, PLANES(PL(0, 16)), SIZES(0),
	 SB_LAYOUT_TOO_FEW_PLANES, -1},
	{"nv12-one-plane", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 1, PLANES(PL(0, 4)),
	 SIZES(24), SB_LAYOUT_TOO_FEW_PLANES, -1},
	{"yuv420-two-planes", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(16, 2)), SIZES(24, 24), SB_LAYOUT_TOO_FEW_PLANES,
	 -1},
	{"xrgb8888-two-planes", XR24, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 16), PL(0, 16)), SIZES(64, 64), SB_LAYOUT_TOO_MANY_PLANES,
	 -1},
	{"nv12-three-planes", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(16, 4), PL(16, 4)), SIZES(24, 24, 24),
	 SB_LAYOUT_TOO_MANY_PLANES, -1},
	{"linear-modifier-extra-plane", XR24, 4, 4, MOD(DRM_FORMAT_MOD_LINEAR),
	 2, PLANES(PL(0, 16), PL(0, 16)), SIZES(64, 64),
	 SB_LAYOUT_TOO_MANY_PLANES, -1},
	{"five-planes", XR24, 4, 4, MOD(CCS), 5, PLANES(PL(0, 16)),
	 SIZES(64, 64, 64, 64), SB_LAYOUT_TOO_MANY_PLANES, -1},
	{"plane-count-before-size", XR24, 0, 4, IMPLICIT, 0, PLANES(PL(0, 16)),
	 SIZES(0), SB_LAYOUT_TOO_FEW_PLANES, -1},
	{"zero-width", XR24, 0, 4, IMPLICIT, 1, PLANES(PL(0, 16)), SIZES(64),
	 SB_LAYOUT_BAD_SIZE, -1},
	{"zero-height", XR24, 4, 0, IMPLICIT, 1, PLANES(PL(0, 16)), SIZES(64),
	 SB_LAYOUT_BAD_SIZE, -1},
	{"size-before-pitch", XR24, 0, 4, IMPLICIT, 1, PLANES(PL(0, 0)),
	 SIZES(64), SB_LAYOUT_BAD_SIZE, -1},

	/* One plane, linear. */
	{"xrgb8888-fits", XR24, 4, 4, IMPLICIT, 1, PLANES(PL(0, 16)), SIZES(64),
	 OK, -1},
	{"xrgb8888-one-byte-short", XR24, 4, 4, IMPLICIT, 1, PLANES(PL(0, 16)),
	 SIZES(63), OOB, 0},
	{"xrgb8888-last-row-unpadded-fits", XR24, 4, 4, IMPLICIT, 1,
	 PLANES(PL(0, 32)), SIZES(32 * 3 + 16), OK, -1},
	{"xrgb8888-offset-fits", XR24, 4, 4, IMPLICIT, 1, PLANES(PL(100, 16)),
	 SIZES(164), OK, -1},
	{"xrgb8888-offset-past-end", XR24, 4, 4, IMPLICIT, 1,
	 PLANES(PL(64, 16)), SIZES(64), OOB, 0},
	{"xrgb8888-empty-buffer", XR24, 1, 1, IMPLICIT, 1, PLANES(PL(0, 4)),
	 SIZES(0), OOB, 0},
	{"xrgb8888-pitch-below-row", XR24, 4, 4, IMPLICIT, 1, PLANES(PL(0, 15)),
	 SIZES(64), PITCH, 0},
	{"xrgb8888-pitch-zero", XR24, 4, 4, IMPLICIT, 1, PLANES(PL(0, 0)),
	 SIZES(64), PITCH, 0},
	{"rgb888-odd-width-fits", DRM_FORMAT_RGB888, 3, 2, IMPLICIT, 1,
	 PLANES(PL(0, 9)), SIZES(18), OK, -1},
	{"linear-modifier-one-byte-short", XR24, 4, 4,
	 MOD(DRM_FORMAT_MOD_LINEAR), 1, PLANES(PL(0, 16)), SIZES(63), OOB, 0},
	{"invalid-modifier-checked-as-linear", XR24, 4, 4,
	 MOD(DRM_FORMAT_MOD_INVALID), 1, PLANES(PL(0, 16)), SIZES(63), OOB, 0},

	/* Packed 4:2:2: a row holds whole Y0 Cb Y1 Cr pairs. */
	{"yuyv-odd-width-whole-pair-fits", DRM_FORMAT_YUYV, 5, 1, IMPLICIT, 1,
	 PLANES(PL(0, 12)), SIZES(12), OK, -1},
	{"yuyv-odd-width-half-pair-short", DRM_FORMAT_YUYV, 5, 1, IMPLICIT, 1,
	 PLANES(PL(0, 12)), SIZES(11), OOB, 0},
	{"yuyv-odd-width-pitch-half-pair", DRM_FORMAT_YUYV, 5, 1, IMPLICIT, 1,
	 PLANES(PL(0, 10)), SIZES(12), PITCH, 0},

	/* NV12, plane by plane. */
	{"nv12-fits", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(16, 4)), SIZES(24, 24), OK, -1},
	{"nv12-separate-buffers-fit", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(0, 4)), SIZES(16, 8), OK, -1},
	{"nv12-luma-one-byte-short", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(0, 4)), SIZES(15, 8), OOB, 0},
	{"nv12-chroma-one-byte-short", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(16, 4)), SIZES(24, 23), OOB, 1},
	{"nv12-chroma-offset-past-end", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(24, 4)), SIZES(24, 24), OOB, 1},
	{"nv12-chroma-pitch-below-row", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(16, 3)), SIZES(24, 24), PITCH, 1},
	{"nv12-chroma-pitch-zero", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(16, 0)), SIZES(24, 24), PITCH, 1},
	{"nv12-5x3-chroma-3x2-fits", DRM_FORMAT_NV12, 5, 3, IMPLICIT, 2,
	 PLANES(PL(0, 5), PL(15, 6)), SIZES(27, 27), OK, -1},
	{"nv12-5x3-chroma-one-byte-short", DRM_FORMAT_NV12, 5, 3, IMPLICIT, 2,
	 PLANES(PL(0, 5), PL(15, 6)), SIZES(27, 26), OOB, 1},
	{"nv12-5x3-chroma-pitch-2-pairs", DRM_FORMAT_NV12, 5, 3, IMPLICIT, 2,
	 PLANES(PL(0, 5), PL(15, 5)), SIZES(27, 27), PITCH, 1},
	{"nv12-luma-bounds-before-chroma-pitch", DRM_FORMAT_NV12, 4, 4,
	 IMPLICIT, 2, PLANES(PL(0, 4), PL(16, 0)), SIZES(15, 24), OOB, 0},

	/* YUV420, plane by plane. */
	{"yuv420-fits", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(16, 2), PL(20, 2)), SIZES(24, 24, 24), OK, -1},
	{"yuv420-u-offset-past-end", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(24, 2), PL(20, 2)), SIZES(24, 24, 24), OOB, 1},
	{"yuv420-v-offset-past-end", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(16, 2), PL(24, 2)), SIZES(24, 24, 24), OOB, 2},
	{"yuv420-v-one-byte-short", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(16, 2), PL(20, 2)), SIZES(24, 24, 23), OOB, 2},
	{"yuv420-u-pitch-below-row", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(16, 1), PL(20, 2)), SIZES(24, 24, 24), PITCH, 1},
	{"yuv420-v-pitch-zero", DRM_FORMAT_YUV420, 4, 4, IMPLICIT, 3,
	 PLANES(PL(0, 4), PL(16, 2), PL(20, 0)), SIZES(24, 24, 24), PITCH, 2},
	{"yuv420-5x3-fits", DRM_FORMAT_YUV420, 5, 3, IMPLICIT, 3,
	 PLANES(PL(0, 5), PL(15, 3), PL(21, 3)), SIZES(27, 27, 27), OK, -1},
	{"yuv420-5x3-v-one-byte-short", DRM_FORMAT_YUV420, 5, 3, IMPLICIT, 3,
	 PLANES(PL(0, 5), PL(15, 3), PL(21, 3)), SIZES(27, 27, 26), OOB, 2},
	{"yuv420-5x3-u-pitch-2-samples", DRM_FORMAT_YUV420, 5, 3, IMPLICIT, 3,
	 PLANES(PL(0, 5), PL(15, 2), PL(21, 3)), SIZES(27, 27, 27), PITCH, 1},
	{"yuv410-5x5-chroma-2x2-fits", DRM_FORMAT_YUV410, 5, 5, IMPLICIT, 3,
	 PLANES(PL(0, 5), PL(25, 2), PL(29, 2)), SIZES(33, 33, 33), OK, -1},
	{"yuv410-5x5-v-one-byte-short", DRM_FORMAT_YUV410, 5, 5, IMPLICIT, 3,
	 PLANES(PL(0, 5), PL(25, 2), PL(29, 2)), SIZES(33, 33, 32), OOB, 2},

	/* P010: 2-byte Y samples, 4-byte Cb/Cr pairs. */
	{"p010-fits", DRM_FORMAT_P010, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 8), PL(32, 8)), SIZES(48, 48), OK, -1},
	{"p010-luma-pitch-in-pixels", DRM_FORMAT_P010, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(32, 8)), SIZES(48, 48), PITCH, 0},
	{"p010-chroma-pitch-below-row", DRM_FORMAT_P010, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 8), PL(32, 7)), SIZES(48, 48), PITCH, 1},
	{"p010-chroma-offset-past-end", DRM_FORMAT_P010, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 8), PL(48, 8)), SIZES(48, 48), OOB, 1},
	{"p010-chroma-one-byte-short", DRM_FORMAT_P010, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 8), PL(32, 8)), SIZES(48, 47), OOB, 1},

	/* 64-bit arithmetic. */
	{"pitch-times-rows-overflows", XR24, 4, 5, IMPLICIT, 1,
	 PLANES(PL(0, 1ull << 62)), SIZES(MAX), OVERFLOW, 0},
	{"offset-plus-extent-overflows", XR24, 4, 4, IMPLICIT, 1,
	 PLANES(PL(MAX - 10, 16)), SIZES(MAX), OVERFLOW, 0},
	{"uint64-max-offset", XR24, 1, 1, IMPLICIT, 1, PLANES(PL(MAX, 4)),
	 SIZES(MAX), OVERFLOW, 0},
	{"end-exactly-uint64-max-fits", XR24, 1, 1, IMPLICIT, 1,
	 PLANES(PL(MAX - 4, 4)), SIZES(MAX), OK, -1},
	{"end-one-past-uint64-max", XR24, 1, 1, IMPLICIT, 1,
	 PLANES(PL(MAX - 3, 4)), SIZES(MAX), OVERFLOW, 0},
	{"huge-pitch-one-row-fits", XR24, 1, 1, IMPLICIT, 1, PLANES(PL(0, MAX)),
	 SIZES(4), OK, -1},
	{"huge-pitch-two-rows-overflows", XR24, 1, 2, IMPLICIT, 1,
	 PLANES(PL(0, MAX)), SIZES(MAX), OVERFLOW, 0},
	{"huge-pitch-out-of-bounds", XR24, 1, 2, IMPLICIT, 1,
	 PLANES(PL(0, 1ull << 40)), SIZES(64), OOB, 0},
	{"max-size-image-overflows", DRM_FORMAT_ABGR16161616F, UINT32_MAX,
	 UINT32_MAX, IMPLICIT, 1, PLANES(PL(0, 8ull * UINT32_MAX)), SIZES(MAX),
	 OVERFLOW, 0},
	{"max-width-row-out-of-bounds", XR24, UINT32_MAX, 1, IMPLICIT, 1,
	 PLANES(PL(0, 4ull * UINT32_MAX)), SIZES(4ull * UINT32_MAX - 1), OOB,
	 0},
	{"pitch-before-overflow", XR24, 4, 4, IMPLICIT, 1, PLANES(PL(MAX, 1)),
	 SIZES(MAX), PITCH, 0},
	{"nv12-chroma-offset-overflows", DRM_FORMAT_NV12, 4, 4, IMPLICIT, 2,
	 PLANES(PL(0, 4), PL(MAX, 4)), SIZES(24, MAX), OVERFLOW, 1},

	/* Non-linear modifiers: only pitch != 0 and offset < size. */
	{"tiled-skips-extent", XR24, 4, 4, MOD(TILED), 1, PLANES(PL(0, 16)),
	 SIZES(1), OK, -1},
	{"tiled-skips-pitch-below-row", XR24, 4, 4, MOD(TILED), 1,
	 PLANES(PL(0, 1)), SIZES(64), OK, -1},
	{"tiled-offset-past-end", XR24, 4, 4, MOD(TILED), 1, PLANES(PL(64, 16)),
	 SIZES(64), OOB, 0},
	{"tiled-uint64-max-offset", XR24, 4, 4, MOD(TILED), 1,
	 PLANES(PL(MAX, 16)), SIZES(64), OOB, 0},
	{"tiled-pitch-zero", XR24, 4, 4, MOD(TILED), 1, PLANES(PL(0, 0)),
	 SIZES(64), PITCH, 0},
	{"tiled-nv12-chroma-offset-past-end", DRM_FORMAT_NV12, 4, 4, MOD(TILED),
	 2, PLANES(PL(0, 4), PL(24, 4)), SIZES(24, 24), OOB, 1},
	{"ccs-aux-plane-fits", XR24, 4, 4, MOD(CCS), 2,
	 PLANES(PL(0, 16), PL(64, 1)), SIZES(128, 128), OK, -1},
	{"ccs-aux-plane-offset-past-end", XR24, 4, 4, MOD(CCS), 2,
	 PLANES(PL(0, 16), PL(128, 1)), SIZES(128, 128), OOB, 1},
	{"ccs-too-few-planes", DRM_FORMAT_NV12, 4, 4, MOD(CCS), 1,
	 PLANES(PL(0, 4)), SIZES(24), SB_LAYOUT_TOO_FEW_PLANES, -1},
	/* Blocks (format.h). NV15 6x4: Y rows of 2 blocks of 4 samples, 10
	 * bytes; 2 rows of 3 Cb/Cr pairs, 2 blocks of 5 bytes. */
	{"nv15-6x4-fits", DRM_FORMAT_NV15, 6, 4, IMPLICIT, 2,
	 PLANES(PL(0, 10), PL(40, 10)), SIZES(60, 60), OK, -1},
	{"nv15-6x4-pitch-8", DRM_FORMAT_NV15, 6, 4, IMPLICIT, 2,
	 PLANES(PL(0, 8), PL(40, 10)), SIZES(60, 60), PITCH, 0},
	{"nv15-6x4-cbcr-one-byte-short", DRM_FORMAT_NV15, 6, 4, IMPLICIT, 2,
	 PLANES(PL(0, 10), PL(40, 10)), SIZES(60, 59), OOB, 1},
	/* P030 5x3: Y rows of 2 32-bit words; 2 rows of 3 pairs in 8 bytes */
	{"p030-5x3-fits", DRM_FORMAT_P030, 5, 3, MOD(DRM_FORMAT_MOD_LINEAR), 2,
	 PLANES(PL(0, 8), PL(24, 8)), SIZES(40, 40), OK, -1},
	{"p030-5x3-pitch-7", DRM_FORMAT_P030, 5, 3, IMPLICIT, 2,
	 PLANES(PL(0, 7), PL(24, 8)), SIZES(40, 40), PITCH, 0},
	{"p030-5x3-one-byte-short", DRM_FORMAT_P030, 5, 3, IMPLICIT, 2,
	 PLANES(PL(0, 8), PL(24, 8)), SIZES(40, 39), OOB, 1},
	/* Y0L0 5x3: 3 tiles of 8 bytes over 2 rows, pitch >= 12 a row */
	{"y0l0-5x3-fits", DRM_FORMAT_Y0L0, 5, 3, IMPLICIT, 1, PLANES(PL(0, 12)),
	 SIZES(48), OK, -1},
	{"y0l0-5x3-one-byte-short", DRM_FORMAT_Y0L0, 5, 3, IMPLICIT, 1,
	 PLANES(PL(0, 12)), SIZES(47), OOB, 0},
	/* Found by fuzz_layout: one row of tiles needs no pitch at all. */
	{"y0l0-one-row-huge-pitch", DRM_FORMAT_Y0L0, 3633418641u, 1, IMPLICIT,
	 1, PLANES(PL(10489325061521117482u, 14987978477557289361u)),
	 SIZES(625208088268u), OOB, 0},
	/* No linear layout: only what any layout needs. */
	{"yuv420-8bit-opaque", DRM_FORMAT_YUV420_8BIT, 64, 64, IMPLICIT, 1,
	 PLANES(PL(0, 1)), SIZES(16), OK, -1},
	{"unknown-format", fourcc_code('N', 'O', 'P', 'E'), 4, 4, IMPLICIT, 1,
	 PLANES(PL(0, 16)), SIZES(64), SB_LAYOUT_UNKNOWN_FORMAT, -1},
	{"modifier-invalid-is-linear", XR24, 4, 4, MOD(DRM_FORMAT_MOD_INVALID),
	 1, PLANES(PL(0, 16)), SIZES(63), OOB, 0},
};

static bool run_layout_case(const struct layout_case *c)
{
	struct sb_layout l = {
		.width = c->width,
		.height = c->height,
		.fourcc = c->fourcc,
		.num_planes = c->num_planes,
		.has_modifier = c->has_modifier,
		.modifier = c->modifier,
	};
	enum sb_layout_result got;
	int plane = 42;

	memcpy(l.planes, c->planes, sizeof(l.planes));
	got = sb_layout_check(&l, c->sizes, &plane);
	if (got == c->want && plane == c->want_plane)
		return true;
	printf("%s: got \"%s\" on plane %d, want \"%s\" on plane %d\n", c->name,
	       sb_layout_result_str(got), plane, sb_layout_result_str(c->want),
	       c->want_plane);
	return false;
}

/* fds for sb_layout_check_fds(): none of them is a dma-buf. Each returns
 * an fd number to put in every plane; *@owned is set if it must be closed
 * afterwards. */
static int fd_minus_one(bool *owned)
{
	*owned = false;
	return -1;
}

static int fd_closed(bool *owned)
{
	int fd = memfd_create("sb-closed", MFD_CLOEXEC);

	/* Nothing opens an fd before the check, so the number stays free. */
	close(fd);
	*owned = false;
	return fd;
}

static int fd_pipe(bool *owned)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	close(p[1]);
	*owned = true;
	return p[0];
}

static int fd_memfd(bool *owned)
{
	int fd = memfd_create("sb-not-dmabuf", MFD_CLOEXEC);

	/* Big enough that a size check, if it were reached, would pass. */
	if (fd >= 0 && ftruncate(fd, 4096) != 0) {
		close(fd);
		return -1;
	}
	*owned = true;
	return fd;
}

struct fd_case {
	const char *name;
	int (*make_fd)(bool *owned);
	uint32_t fourcc;
	unsigned num_planes;
	enum sb_layout_result want;
	int want_plane;
};

static const struct fd_case fd_cases[] = {
	{"fd-minus-one", fd_minus_one, XR24, 1, SB_LAYOUT_BAD_FD, 0},
	{"fd-just-closed", fd_closed, XR24, 1, SB_LAYOUT_BAD_FD, 0},
	{"fd-pipe", fd_pipe, XR24, 1, SB_LAYOUT_NOT_DMABUF, 0},
	{"fd-memfd", fd_memfd, XR24, 1, SB_LAYOUT_NOT_DMABUF, 0},
	{"fd-memfd-nv12", fd_memfd, DRM_FORMAT_NV12, 2, SB_LAYOUT_NOT_DMABUF,
	 0},
	{"fd-checked-before-format", fd_minus_one, 0, 1, SB_LAYOUT_BAD_FD, 0},
	{"fd-no-planes-no-fd-check", fd_memfd, XR24, 0,
	 SB_LAYOUT_TOO_FEW_PLANES, -1},
};

/* The caller's fd stays open: the check only borrows it. */
static bool fd_still_open(const struct fd_case *c, int fd, bool owned)
{
	if (!owned || fcntl(fd, F_GETFD) >= 0)
		return true;
	printf("%s: the checked fd was closed\n", c->name);
	return false;
}

static bool run_fd_case(const struct fd_case *c)
{
	bool owned = false;
	int fd = c->make_fd(&owned);
	struct sb_layout l = {
		.width = 4,
		.height = 4,
		.fourcc = c->fourcc,
		.num_planes = c->num_planes,
	};
	enum sb_layout_result got;
	int plane = 42;
	bool ok;

	if (owned && fd < 0) {
		printf("%s: could not make the fd\n", c->name);
		return false;
	}
	for (unsigned i = 0; i < SB_MAX_PLANES; i++)
		l.planes[i] = (struct sb_plane_layout){fd, 0, 16};
	got = sb_layout_check_fds(&l, &plane, NULL);
	ok = got == c->want && plane == c->want_plane;
	if (!ok)
		printf("%s: got \"%s\" on plane %d, want \"%s\" on plane %d\n",
		       c->name, sb_layout_result_str(got), plane,
		       sb_layout_result_str(c->want), c->want_plane);
	ok = fd_still_open(c, fd, owned) && ok;
	if (owned)
		close(fd);
	return ok;
}

/* Every result has its own name; an unknown value still gets a string. */
static bool result_names_distinct(void)
{
	for (int a = SB_LAYOUT_OK; a <= SB_LAYOUT_NOT_DMABUF; a++) {
		for (int b = a + 1; b <= SB_LAYOUT_NOT_DMABUF; b++) {
			if (strcmp(sb_layout_result_str(a),
				   sb_layout_result_str(b)) == 0) {
				printf("results %d and %d share a name\n", a,
				       b);
				return false;
			}
		}
	}
	return sb_layout_result_str(SB_LAYOUT_NOT_DMABUF + 1) != NULL &&
	       sb_layout_result_str((enum sb_layout_result) - 1) != NULL;
}

/* The case named @name, run on its own; exit 2 with every name if none. */
static _Noreturn void run_named(const char *name)
{
	bool ok;

	for (size_t i = 0; i < ARRAY_SIZE(layout_cases); i++) {
		if (strcmp(name, layout_cases[i].name) == 0) {
			ok = run_layout_case(&layout_cases[i]);
			piglit_report_result(ok ? PIGLIT_PASS : PIGLIT_FAIL);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(fd_cases); i++) {
		if (strcmp(name, fd_cases[i].name) == 0) {
			ok = run_fd_case(&fd_cases[i]);
			piglit_report_result(ok ? PIGLIT_PASS : PIGLIT_FAIL);
		}
	}
	fprintf(stderr, "unknown case %s; cases:\n", name);
	for (size_t i = 0; i < ARRAY_SIZE(layout_cases); i++)
		fprintf(stderr, "  %s\n", layout_cases[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(fd_cases); i++)
		fprintf(stderr, "  %s\n", fd_cases[i].name);
	exit(2);
}

/* Runs every case, or only the one named in argv[1]. */
int main(int argc, char **argv)
{
	int passed, failed = 0;

	if (argc > 1)
		run_named(argv[1]);
	for (size_t i = 0; i < ARRAY_SIZE(layout_cases); i++)
		failed += !run_layout_case(&layout_cases[i]);
	for (size_t i = 0; i < ARRAY_SIZE(fd_cases); i++)
		failed += !run_fd_case(&fd_cases[i]);
	failed += !result_names_distinct();
	passed = (int)(ARRAY_SIZE(layout_cases) + ARRAY_SIZE(fd_cases) + 1) -
		 failed;
	printf("%d passed, %d failed, 0 skipped\n", passed, failed);
	if (failed)
		piglit_fail("%d layout cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}

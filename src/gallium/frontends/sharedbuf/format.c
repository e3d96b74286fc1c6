/* SPDX-License-Identifier: MIT */
#include "format.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <drm_fourcc.h>

#include "sharedbuf/sharedbuf.h"

/* Newer than libdrm 2.4.114 (Debian 12); values from the kernel's uapi
 * drm_fourcc.h. */
#ifndef DRM_FORMAT_NV20
#define DRM_FORMAT_NV20 fourcc_code('N', 'V', '2', '0')
#endif
#ifndef DRM_FORMAT_NV30
#define DRM_FORMAT_NV30 fourcc_code('N', 'V', '3', '0')
#endif
#ifndef DRM_FORMAT_S010
#define DRM_FORMAT_S010 fourcc_code('S', '0', '1', '0')
#define DRM_FORMAT_S210 fourcc_code('S', '2', '1', '0')
#define DRM_FORMAT_S410 fourcc_code('S', '4', '1', '0')
#define DRM_FORMAT_S012 fourcc_code('S', '0', '1', '2')
#define DRM_FORMAT_S212 fourcc_code('S', '2', '1', '2')
#define DRM_FORMAT_S412 fourcc_code('S', '4', '1', '2')
#define DRM_FORMAT_S016 fourcc_code('S', '0', '1', '6')
#define DRM_FORMAT_S216 fourcc_code('S', '2', '1', '6')
#define DRM_FORMAT_S416 fourcc_code('S', '4', '1', '6')
#endif

#define ONES               \
	{                  \
		1, 1, 1, 1 \
	}

/* One plane of single pixels, @c bytes each. */
#define RGB(f, c)                                                          \
	{                                                                  \
		.fourcc = DRM_FORMAT_##f, .planes = 1,                     \
		.char_per_block = {(c)}, .block_w = ONES, .block_h = ONES, \
		.hsub = 1, .vsub = 1                                       \
	}

/* One plane of pixel pairs sharing one Cb and one Cr sample (Y0 Cb Y1 Cr
 * for YUYV): a block of 2 pixels. The kernel lists these as 2 (or 4)
 * bytes per pixel; the block also bounds an odd width's last pair. */
#define PACKED_422(f, c)                                              \
	{                                                             \
		.fourcc = DRM_FORMAT_##f, .planes = 1,                \
		.char_per_block = {2 * (c)}, .block_w = {2, 1, 1, 1}, \
		.block_h = ONES, .hsub = 2, .vsub = 1                 \
	}

/* 2x2 pixels, their Y and alpha samples and one Cb/Cr pair, in 8 bytes. */
#define TILE_2X2(f)                                                           \
	{                                                                     \
		.fourcc = DRM_FORMAT_##f, .planes = 1, .char_per_block = {8}, \
		.block_w = {2, 1, 1, 1}, .block_h = {2, 1, 1, 1}, .hsub = 2,  \
		.vsub = 2                                                     \
	}

/* A colour plane, then an alpha plane of one byte per pixel. */
#define WITH_A8(f, c)                                                         \
	{                                                                     \
		.fourcc = DRM_FORMAT_##f, .planes = 2,                        \
		.char_per_block = {(c), 1}, .block_w = ONES, .block_h = ONES, \
		.hsub = 1, .vsub = 1                                          \
	}

/* A Y plane, then one plane of interleaved Cb/Cr (or Cr/Cb) pairs. */
#define SEMI_PLANAR(f, y, uv, h, v)                             \
	{                                                       \
		.fourcc = DRM_FORMAT_##f, .planes = 2,          \
		.char_per_block = {(y), (uv)}, .block_w = ONES, \
		.block_h = ONES, .hsub = (h), .vsub = (v)       \
	}

/* SEMI_PLANAR with 10-bit samples packed across bytes: Y in blocks of
 * @yw samples, Cb/Cr in blocks of @uvw pairs, @y and @uv bytes each. */
#define PACKED_SEMI_PLANAR(f, y, yw, uv, uvw, h, v)                            \
	{                                                                      \
		.fourcc = DRM_FORMAT_##f, .planes = 2,                         \
		.char_per_block = {(y), (uv)}, .block_w = {(yw), (uvw), 1, 1}, \
		.block_h = ONES, .hsub = (h), .vsub = (v)                      \
	}

/* Y, Cb and Cr (or Cr and Cb) planes with the same sample size. */
#define PLANAR(f, c, h, v)                                          \
	{                                                           \
		.fourcc = DRM_FORMAT_##f, .planes = 3,              \
		.char_per_block = {(c), (c), (c)}, .block_w = ONES, \
		.block_h = ONES, .hsub = (h), .vsub = (v)           \
	}

/* A format with no linear layout: only a modifier defines its bytes. */
#define NO_LINEAR(f, h, v)                                              \
	{                                                               \
		.fourcc = DRM_FORMAT_##f, .planes = 1, .block_w = ONES, \
		.block_h = ONES, .hsub = (h), .vsub = (v)               \
	}

/*
 * The kernel's drm_format_info table (drivers/gpu/drm/drm_fourcc.c), for
 * every format it shares with libdrm's drm_fourcc.h (2.4.114, Debian 12)
 * plus NV20, NV30 and S010..S416 (Mesa 25 knows them), and the RG/R16
 * formats Mesa lists that the kernel does not. Mesa 25's
 * dri2_format_table (src/gallium/frontends/dri/dri_helpers.c) is what
 * eglQueryDmaBufFormatsEXT may return; a format missing here is still
 * imported (image_import.c), checked only for the kind of its fds.
 * Linear search: the table is small and read once per import.
 */
static const struct sb_format formats[] = {
	RGB(C8, 1),
	RGB(R8, 1),
	RGB(R10, 2),
	RGB(R12, 2),
	RGB(R16, 2),
	RGB(RG88, 2),
	RGB(GR88, 2),
	RGB(RG1616, 4),
	RGB(GR1616, 4),

	RGB(RGB332, 1),
	RGB(BGR233, 1),
	RGB(XRGB4444, 2),
	RGB(XBGR4444, 2),
	RGB(RGBX4444, 2),
	RGB(BGRX4444, 2),
	RGB(ARGB4444, 2),
	RGB(ABGR4444, 2),
	RGB(RGBA4444, 2),
	RGB(BGRA4444, 2),
	RGB(XRGB1555, 2),
	RGB(XBGR1555, 2),
	RGB(RGBX5551, 2),
	RGB(BGRX5551, 2),
	RGB(ARGB1555, 2),
	RGB(ABGR1555, 2),
	RGB(RGBA5551, 2),
	RGB(BGRA5551, 2),
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

	RGB(XRGB16161616, 8),
	RGB(XBGR16161616, 8),
	RGB(ARGB16161616, 8),
	RGB(ABGR16161616, 8),
	RGB(XRGB16161616F, 8),
	RGB(XBGR16161616F, 8),
	RGB(ARGB16161616F, 8),
	RGB(ABGR16161616F, 8),
	RGB(AXBXGXRX106106106106, 8),

	PACKED_422(YUYV, 2),
	PACKED_422(YVYU, 2),
	PACKED_422(UYVY, 2),
	PACKED_422(VYUY, 2),
	PACKED_422(Y210, 4),
	PACKED_422(Y212, 4),
	PACKED_422(Y216, 4),

	/* Packed 4:4:4: one pixel, all of its samples. */
	RGB(AYUV, 4),
	RGB(XYUV8888, 4),
	RGB(VUY888, 3),
	RGB(Y410, 4),
	RGB(Y412, 8),
	RGB(Y416, 8),
	RGB(XVYU2101010, 4),
	RGB(XVYU12_16161616, 8),
	RGB(XVYU16161616, 8),

	TILE_2X2(Y0L0),
	TILE_2X2(X0L0),
	TILE_2X2(Y0L2),
	TILE_2X2(X0L2),

	NO_LINEAR(VUY101010, 1, 1),
	NO_LINEAR(YUV420_8BIT, 2, 2),
	NO_LINEAR(YUV420_10BIT, 2, 2),

	WITH_A8(XRGB8888_A8, 4),
	WITH_A8(XBGR8888_A8, 4),
	WITH_A8(RGBX8888_A8, 4),
	WITH_A8(BGRX8888_A8, 4),
	WITH_A8(RGB888_A8, 3),
	WITH_A8(BGR888_A8, 3),
	WITH_A8(RGB565_A8, 2),
	WITH_A8(BGR565_A8, 2),

	SEMI_PLANAR(NV12, 1, 2, 2, 2),
	SEMI_PLANAR(NV21, 1, 2, 2, 2),
	SEMI_PLANAR(NV16, 1, 2, 2, 1),
	SEMI_PLANAR(NV61, 1, 2, 2, 1),
	SEMI_PLANAR(NV24, 1, 2, 1, 1),
	SEMI_PLANAR(NV42, 1, 2, 1, 1),
	SEMI_PLANAR(P210, 2, 4, 2, 1),
	SEMI_PLANAR(P010, 2, 4, 2, 2),
	SEMI_PLANAR(P012, 2, 4, 2, 2),
	SEMI_PLANAR(P016, 2, 4, 2, 2),
	/* 4 Y samples in 5 bytes; 2 Cb/Cr pairs in 5 bytes */
	PACKED_SEMI_PLANAR(NV15, 5, 4, 5, 2, 2, 2),
	PACKED_SEMI_PLANAR(NV20, 5, 4, 5, 2, 2, 1),
	PACKED_SEMI_PLANAR(NV30, 5, 4, 5, 2, 1, 1),
	/* 3 Y samples in 4 bytes; 3 Cb/Cr pairs in 8 bytes */
	PACKED_SEMI_PLANAR(P030, 4, 3, 8, 3, 2, 2),

	PLANAR(YUV410, 1, 4, 4),
	PLANAR(YVU410, 1, 4, 4),
	PLANAR(YUV411, 1, 4, 1),
	PLANAR(YVU411, 1, 4, 1),
	PLANAR(YUV420, 1, 2, 2),
	PLANAR(YVU420, 1, 2, 2),
	PLANAR(YUV422, 1, 2, 1),
	PLANAR(YVU422, 1, 2, 1),
	PLANAR(YUV444, 1, 1, 1),
	PLANAR(YVU444, 1, 1, 1),
	PLANAR(Q410, 2, 1, 1),
	PLANAR(Q401, 2, 1, 1),
	PLANAR(S010, 2, 2, 2),
	PLANAR(S210, 2, 2, 1),
	PLANAR(S410, 2, 1, 1),
	PLANAR(S012, 2, 2, 2),
	PLANAR(S212, 2, 2, 1),
	PLANAR(S412, 2, 1, 1),
	PLANAR(S016, 2, 2, 2),
	PLANAR(S216, 2, 2, 1),
	PLANAR(S416, 2, 1, 1),
};

#define NUM_FORMATS (sizeof(formats) / sizeof(formats[0]))

/* An open-addressing hash of the table, built once: slot -> index + 1
 * (0: empty), linear probing, so any table is found whatever the
 * multiplier. The multiplier was searched for this table: no two of its
 * 122 fourccs share a slot, every lookup probes once (a fourcc the table
 * lacks, rarely twice). A table with more entries stays correct. */
#define SLOT_BITS 10
#define SLOTS	  (1u << SLOT_BITS)
_Static_assert(NUM_FORMATS < SLOTS / 2 && NUM_FORMATS < 255,
	       "the format hash needs more slots");

static uint8_t slots[SLOTS];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static atomic_bool slots_built;

/* The low 32 bits of the product, as a wrapping 32-bit multiply gives,
 * made in 64 bits: the fuzz build traps unsigned overflow. */
static unsigned slot_of(uint32_t fourcc)
{
	return (uint32_t)((uint64_t)fourcc * 0xc8b007efu) >> (32 - SLOT_BITS);
}

static void build_slots(void)
{
	for (size_t i = 0; i < NUM_FORMATS; i++) {
		unsigned s = slot_of(formats[i].fourcc);

		while (slots[s])
			s = (s + 1) % SLOTS;
		slots[s] = (uint8_t)(i + 1);
	}
}

const struct sb_format *sb_format_find(uint32_t fourcc)
{
	/* pthread_once's call only until the table is built */
	if (!atomic_load_explicit(&slots_built, memory_order_acquire)) {
		pthread_once(&slots_once, build_slots);
		atomic_store_explicit(&slots_built, true, memory_order_release);
	}
	for (unsigned s = slot_of(fourcc); slots[s]; s = (s + 1) % SLOTS) {
		const struct sb_format *f = &formats[slots[s] - 1];

		if (f->fourcc == fourcc)
			return f;
	}
	return NULL;
}

const struct sb_format *sb_format_table(unsigned *count)
{
	*count = NUM_FORMATS;
	return formats;
}

uint32_t sharedbuf_format_cpp(uint32_t fourcc)
{
	const struct sb_format *f = sb_format_find(fourcc);
	unsigned px;

	if (!f || f->planes != 1)
		return 0;
	/* whole bytes per pixel only: a block of 2 YUYV pixels is 2 each */
	px = f->block_w[0] * f->block_h[0];
	return f->char_per_block[0] % px ? 0 : f->char_per_block[0] / px;
}

/* SPDX-License-Identifier: MIT */
/* import-diff: the variants, their buffers and attribute lists. */
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "diff.h"

#define V(n, f, ...)                                             \
	{                                                        \
		.name = n, .fourcc = DRM_FORMAT_##f, __VA_ARGS__ \
	}
#define LIN  .mod = DIFF_MOD_LINEAR
#define INV  .mod = DIFF_MOD_INVALID
#define WIDE .wide = true

/* What players, compositors and toolkits send, one thing changed at a
 * time; then every listed format plainly (diff_variants). */
static const struct diff_variant specials[] = {
	V("XR24 EGLint", XRGB8888, .mod = DIFF_MOD_NONE),
	V("XR24 EGLAttrib", XRGB8888, WIDE),
	V("XR24 LINEAR", XRGB8888, LIN),
	V("XR24 LINEAR EGLAttrib", XRGB8888, LIN, WIDE),
	V("XR24 INVALID", XRGB8888, INV),
	V("XR24 INVALID EGLAttrib", XRGB8888, INV, WIDE),
	V("XR24 offset 256", XRGB8888, .offset = 256),
	V("XR24 offset 4096 INVALID", XRGB8888, INV, .offset = 4096),
	V("XR24 pitch +256", XRGB8888, .extra_pitch = 256),
	V("XR24 pitch +4 INVALID", XRGB8888, INV, .extra_pitch = 4),
	V("XR24 PRESERVED", XRGB8888, .flags = DIFF_PRESERVED),
	V("XR24 PRESERVED INVALID EGLAttrib", XRGB8888, INV, WIDE,
	  .flags = DIFF_PRESERVED),
	V("AR24 INVALID", ARGB8888, INV),
	V("AB24 LINEAR EGLAttrib", ABGR8888, LIN, WIDE),
	V("RG16 INVALID", RGB565, INV),
	V("NV12 EGLint", NV12, .mod = DIFF_MOD_NONE),
	V("NV12 LINEAR", NV12, LIN),
	V("NV12 INVALID", NV12, INV),
	V("NV12 INVALID EGLAttrib", NV12, INV, WIDE),
	V("NV12 two dma-bufs", NV12, .flags = DIFF_SPLIT),
	V("NV12 two dma-bufs INVALID", NV12, INV, .flags = DIFF_SPLIT),
	V("NV12 hints", NV12, .flags = DIFF_HINTS),
	V("NV12 hints INVALID EGLAttrib", NV12, INV, WIDE, .flags = DIFF_HINTS),
	V("NV12 offset 4096 pitch +64", NV12, .offset = 4096,
	  .extra_pitch = 64),
	V("YU12 EGLint", YUV420, .mod = DIFF_MOD_NONE),
	V("YU12 INVALID", YUV420, INV),
	V("YU12 three dma-bufs", YUV420, .flags = DIFF_SPLIT),
	V("YU12 three dma-bufs INVALID EGLAttrib", YUV420, INV, WIDE,
	  .flags = DIFF_SPLIT),
	V("YV12 INVALID", YVU420, INV),
	V("YUYV INVALID", YUYV, INV),
	V("P010 INVALID", P010, INV),
	V("NV15 INVALID", NV15, INV),
	V("P030 INVALID", P030, INV),
};

int diff_variants(EGLDisplay dpy, bool sweep, struct diff_variant *out, int max)
{
	EGLint formats[256], n = 0;
	int count = 0;

	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		if (count < max)
			out[count++] = specials[i];
	}
	if (!sweep || !eglQueryDmaBufFormatsEXT(dpy, 256, formats, &n))
		n = 0;
	for (EGLint i = 0; i < n && count < max; i++) {
		struct diff_variant *v = &out[count++];

		*v = (struct diff_variant){.fourcc = (uint32_t)formats[i]};
		memcpy(v->name, &formats[i], 4); /* the fourcc's letters */
		v->name[4] = '\0';
	}
	return count;
}

static uint32_t round_up(uint32_t v, uint32_t a)
{
	return (v + a - 1) / a * a;
}

static uint8_t byte_at(uint32_t x, uint32_t y, unsigned plane)
{
	uint32_t h = (x * 73856093u) ^ (y * 19349663u) ^ (plane * 83492791u);

	h ^= h >> 13;
	h *= 0x5bd1e995u;
	return (uint8_t)(h >> 15);
}

uint8_t diff_luma(uint32_t x, uint32_t y)
{
	return (uint8_t)(16 + (x * 7 + y * 13) % 220);
}

static enum diff_kind kind_of(const struct sb_format *f)
{
	switch (f->fourcc) {
	case DRM_FORMAT_XRGB8888:
	case DRM_FORMAT_ARGB8888:
	case DRM_FORMAT_XBGR8888:
	case DRM_FORMAT_ABGR8888:
	case DRM_FORMAT_RGB565:
		return DIFF_EXACT;
	}
	/* 8-bit Y, Cb and Cr planes, or Y and Cb/Cr pairs (not *_A8) */
	if (f->char_per_block[0] == 1 && f->block_w[0] == 1 &&
	    (f->planes == 3 || (f->planes == 2 && f->char_per_block[1] == 2)))
		return DIFF_GRAY;
	return DIFF_ANY;
}

/* Writes plane @i at @p (pitch @pitch). */
static void fill_plane(const struct sb_format *f, enum diff_kind kind,
		       unsigned i, uint8_t *p, uint32_t pitch)
{
	uint32_t rows = sb_format_block_rows(f, i, DIFF_H) * f->block_h[i];
	uint64_t row = sb_format_row_bytes(f, i, DIFF_W);

	if (kind == DIFF_EXACT) {
		sb_test_fill(p, f->fourcc, DIFF_W, DIFF_H, pitch, 7);
		return;
	}
	for (uint32_t y = 0; y < rows; y++) {
		for (uint32_t x = 0; x < row; x++) {
			uint8_t v = byte_at(x, y, i);

			if (kind == DIFF_GRAY)
				v = i == 0 ? diff_luma(x, y) : 128;
			p[(size_t)y * pitch + x] = v;
		}
	}
}

/* One R8 buffer of at least @size bytes from @exp. */
static bool alloc_bytes(enum sharedbuf_exporter exp, uint64_t size,
			struct sharedbuf_buffer *buf)
{
	uint32_t rows = (uint32_t)((size + 255) / 256);

	return sharedbuf_buffer_alloc(exp, 256, rows ? rows : 1, DRM_FORMAT_R8,
				      buf) == SHAREDBUF_OK &&
	       buf->size >= size;
}

bool diff_buffers_make(enum sharedbuf_exporter exp,
		       const struct diff_variant *v, struct diff_buffers *b)
{
	const struct sb_format *f = sb_format_find(v->fourcc);
	bool split = v->flags & DIFF_SPLIT;
	uint64_t end[SB_MAX_PLANES], total = 0;

	memset(b, 0, sizeof(*b));
	if (!f || !f->char_per_block[0])
		return false; /* no linear layout the test can write */
	b->num_planes = f->planes;
	b->kind = kind_of(f);
	for (unsigned i = 0; i < f->planes; i++) {
		uint32_t rows =
			sb_format_block_rows(f, i, DIFF_H) * f->block_h[i];

		b->pitch[i] =
			round_up((uint32_t)sb_format_min_pitch(f, i, DIFF_W),
				 64) +
			v->extra_pitch;
		b->offset[i] = i == 0  ? v->offset
			       : split ? 0
				       : round_up((uint32_t)total, 256);
		end[i] = b->offset[i] + (uint64_t)b->pitch[i] * rows;
		total = split ? 0 : end[i];
	}
	b->num_bufs = split ? f->planes : 1;
	for (unsigned k = 0; k < b->num_bufs; k++) {
		if (!alloc_bytes(exp, split ? end[k] : end[f->planes - 1],
				 &b->buf[k])) {
			diff_buffers_finish(b);
			return false;
		}
	}
	for (unsigned k = 0; k < b->num_bufs; k++) {
		uint8_t *p = sb_test_map_begin(b->buf[k].fd, b->buf[k].size,
					       DMA_BUF_SYNC_WRITE);

		if (!p) {
			diff_buffers_finish(b);
			return false;
		}
		for (unsigned i = 0; i < f->planes; i++) {
			if (split ? i == k : true)
				fill_plane(f, b->kind, i, p + b->offset[i],
					   b->pitch[i]);
		}
		sb_test_map_end(b->buf[k].fd, p, b->buf[k].size,
				DMA_BUF_SYNC_WRITE);
	}
	for (unsigned i = 0; i < f->planes; i++)
		b->fd[i] = b->buf[split ? i : 0].fd;
	return true;
}

void diff_buffers_finish(struct diff_buffers *b)
{
	for (unsigned k = 0; k < b->num_bufs; k++)
		sharedbuf_buffer_finish(&b->buf[k]);
	b->num_bufs = 0;
}

void diff_attribs(const struct diff_variant *v, const struct diff_buffers *b,
		  struct attr_list *a)
{
	uint64_t mod = v->mod == DIFF_MOD_LINEAR ? DRM_FORMAT_MOD_LINEAR
						 : DRM_FORMAT_MOD_INVALID;

	attr_init(a);
	attr_add(a, EGL_WIDTH, DIFF_W);
	attr_add(a, EGL_HEIGHT, DIFF_H);
	attr_add(a, EGL_LINUX_DRM_FOURCC_EXT, (EGLint)v->fourcc);
	for (unsigned i = 0; i < b->num_planes; i++)
		attr_add_plane(a, i, b->fd[i], (EGLint)b->offset[i],
			       (EGLint)b->pitch[i], v->mod != DIFF_MOD_NONE,
			       mod);
	if (v->flags & DIFF_PRESERVED)
		attr_add(a, EGL_IMAGE_PRESERVED_KHR, EGL_TRUE);
	if (v->flags & DIFF_HINTS) {
		attr_add(a, EGL_YUV_COLOR_SPACE_HINT_EXT, EGL_ITU_REC709_EXT);
		attr_add(a, EGL_SAMPLE_RANGE_HINT_EXT,
			 EGL_YUV_NARROW_RANGE_EXT);
		attr_add(a, EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT,
			 EGL_YUV_CHROMA_SITING_0_5_EXT);
		attr_add(a, EGL_YUV_CHROMA_VERTICAL_SITING_HINT_EXT,
			 EGL_YUV_CHROMA_SITING_0_5_EXT);
	}
}

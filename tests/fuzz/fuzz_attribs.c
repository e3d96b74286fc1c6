/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: sb_attribs_parse() on any EGL_LINUX_DMA_BUF_EXT
 * attribute list, then sb_layout_check() on what it accepts.
 * Built by tests/fuzz/run.sh (or tests/fuzz/meson.build with clang).
 *
 * Checks that parsing never crashes, reads past the list's EGL_NONE or hits
 * undefined behaviour, and that an accepted list gives a layout the rest of
 * the layer can trust: a known format, 1..4 planes, sizes and offsets in
 * EGLint range, fds >= 0. The narrow (EGLint) and wide (EGLAttrib) paths
 * must agree on a list both can express.
 *
 * Input: u8 flags (bit 0: modifiers extension), then pairs of
 *   u8 key index (into the tokens below; 0xff: a raw u32 follows),
 *   i32 value (0x80000000 marker: a raw i64 follows, wide only)
 * The list ends at the input's end; EGL_NONE is appended.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribs.h"

#define MAX_ATTRIBS 40

static const EGLint keys[] = {
	EGL_WIDTH,
	EGL_HEIGHT,
	EGL_LINUX_DRM_FOURCC_EXT,
	EGL_DMA_BUF_PLANE0_FD_EXT,
	EGL_DMA_BUF_PLANE0_OFFSET_EXT,
	EGL_DMA_BUF_PLANE0_PITCH_EXT,
	EGL_DMA_BUF_PLANE1_FD_EXT,
	EGL_DMA_BUF_PLANE1_OFFSET_EXT,
	EGL_DMA_BUF_PLANE1_PITCH_EXT,
	EGL_DMA_BUF_PLANE2_FD_EXT,
	EGL_DMA_BUF_PLANE2_OFFSET_EXT,
	EGL_DMA_BUF_PLANE2_PITCH_EXT,
	EGL_DMA_BUF_PLANE3_FD_EXT,
	EGL_DMA_BUF_PLANE3_OFFSET_EXT,
	EGL_DMA_BUF_PLANE3_PITCH_EXT,
	EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
	EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT,
	EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT,
	EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT,
	EGL_DMA_BUF_PLANE2_MODIFIER_LO_EXT,
	EGL_DMA_BUF_PLANE2_MODIFIER_HI_EXT,
	EGL_DMA_BUF_PLANE3_MODIFIER_LO_EXT,
	EGL_DMA_BUF_PLANE3_MODIFIER_HI_EXT,
	EGL_YUV_COLOR_SPACE_HINT_EXT,
	EGL_SAMPLE_RANGE_HINT_EXT,
	EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT,
	EGL_YUV_CHROMA_VERTICAL_SITING_HINT_EXT,
	EGL_IMAGE_PRESERVED_KHR,
	EGL_PROTECTED_CONTENT_EXT,
};

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct reader *r, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && r->left; i++, r->left--)
		v |= (uint64_t)*r->p++ << (8 * i);
	return v;
}

/* Reads pairs into @wide; returns how many; sets *@narrowable when every
 * value fits an EGLint. EGL_NONE keys are dropped: they would end the
 * list early, which the terminator already tests. */
static int read_list(struct reader *r, EGLAttrib *wide, bool *narrowable)
{
	int n = 0;

	*narrowable = true;
	while (r->left && n < MAX_ATTRIBS) {
		uint8_t k = (uint8_t)take(r, 1);
		EGLint key =
			k == 0xff ? (EGLint)take(r, 4)
				  : keys[k % (sizeof(keys) / sizeof(keys[0]))];
		int64_t v = (int32_t)take(r, 4);

		if (v == INT32_MIN) {
			v = (int64_t)take(r, 8);
			*narrowable &= v == (int32_t)v;
		}
		if (key == EGL_NONE)
			continue;
		wide[2 * n] = key;
		wide[2 * n + 1] = (EGLAttrib)v;
		n++;
	}
	wide[2 * n] = EGL_NONE;
	return n;
}

static void check_layout(const struct sb_layout *l)
{
	const struct sb_format *f = sb_format_find(l->fourcc);
	uint64_t sizes[SB_MAX_PLANES] = {4096, 1 << 20, UINT32_MAX, 0};

	/* a format the table lacks has the planes given, at least one */
	if (l->num_planes < 1 || l->num_planes > SB_MAX_PLANES ||
	    (f && l->num_planes < f->planes) || l->width == 0 ||
	    l->height == 0 || l->width > INT32_MAX || l->height > INT32_MAX)
		abort();
	for (unsigned i = 0; i < l->num_planes; i++) {
		if (l->planes[i].fd < 0 || l->planes[i].offset > INT32_MAX ||
		    l->planes[i].pitch == 0 || l->planes[i].pitch > INT32_MAX)
			abort();
	}
	sb_layout_check(l, sizes, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = {data, size};
	unsigned ext = (unsigned)take(&r, 1);
	struct sb_attribs_opts o = {
		.modifiers = ext & 1,
		.protected_content = ext & 2,
		.texture_2d = ext & 4,
		.texture_3d = ext & 8,
		.wayland = ext & 16,
		.colorspace = ext & 32,
	};
	EGLAttrib wide[2 * MAX_ATTRIBS + 1];
	EGLint narrow[2 * MAX_ATTRIBS + 1];
	struct sb_layout lw, ln;
	enum sb_attribs_result rw, rn;
	bool narrowable;
	int n = read_list(&r, wide, &narrowable);

	o.wide = true;
	rw = sb_attribs_parse(wide, &o, &lw, NULL);
	if (rw == SB_ATTRIBS_OK)
		check_layout(&lw);
	if (!narrowable)
		return 0;
	for (int i = 0; i <= 2 * n; i++)
		narrow[i] = (EGLint)wide[i];
	o.wide = false;
	rn = sb_attribs_parse(narrow, &o, &ln, NULL);
	if (rn != rw || (rn == SB_ATTRIBS_OK && memcmp(&ln, &lw, sizeof(ln))))
		abort();
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * Unit test: EGL_LINUX_DMA_BUF_EXT attribute lists, parsed without EGL.
 * Each case edits a valid XRGB8888 or NV12 list; the result, the token
 * reported and (on success) the layout are checked, for EGLint and
 * EGLAttrib lists alike.
 */
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>

#include "attribs.h"
#include "piglit.h"

/* Cases leave trailing fields out: false. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define END EGL_NONE
#define XR(...)                                                            \
	{                                                                  \
		EGL_WIDTH, 8, EGL_HEIGHT, 4, EGL_LINUX_DRM_FOURCC_EXT,     \
			DRM_FORMAT_XRGB8888, EGL_DMA_BUF_PLANE0_FD_EXT, 5, \
			EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0,                  \
			EGL_DMA_BUF_PLANE0_PITCH_EXT, 32, __VA_ARGS__ END  \
	}
#define NV12(...)                                                        \
	{                                                                \
		EGL_WIDTH, 8, EGL_HEIGHT, 4, EGL_LINUX_DRM_FOURCC_EXT,   \
			DRM_FORMAT_NV12, EGL_DMA_BUF_PLANE0_FD_EXT, 5,   \
			EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0,                \
			EGL_DMA_BUF_PLANE0_PITCH_EXT, 8,                 \
			EGL_DMA_BUF_PLANE1_FD_EXT, 6,                    \
			EGL_DMA_BUF_PLANE1_OFFSET_EXT, 32,               \
			EGL_DMA_BUF_PLANE1_PITCH_EXT, 8, __VA_ARGS__ END \
	}
#define MOD0(lo, hi)                            \
	EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT, lo, \
		EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT, hi,

struct test_case {
	const char *name;
	EGLint list[64];
	bool modifiers; /* the display has ..._import_modifiers */
	enum sb_attribs_result want;
	EGLint want_bad; /* token reported, EGL_NONE if not checked */
	unsigned want_planes;
	bool all_ext;	    /* and every optional extension (attribs.h) */
	bool want_implicit; /* on success: has_modifier false */
};

#define MOD_INVALID_LO (EGLint)(DRM_FORMAT_MOD_INVALID & 0xffffffff)
#define MOD_INVALID_HI (EGLint)(DRM_FORMAT_MOD_INVALID >> 32)
#define MODN(n, lo, hi)                             \
	EGL_DMA_BUF_PLANE##n##_MODIFIER_LO_EXT, lo, \
		EGL_DMA_BUF_PLANE##n##_MODIFIER_HI_EXT, hi,
#define PLANEN(n, fd, off, pitch)                                             \
	EGL_DMA_BUF_PLANE##n##_FD_EXT, fd, EGL_DMA_BUF_PLANE##n##_OFFSET_EXT, \
		off, EGL_DMA_BUF_PLANE##n##_PITCH_EXT, pitch,

static const struct test_case cases[] = {
	{"xrgb8888-ok", XR(), false, SB_ATTRIBS_OK, END, 1},
	{"nv12-ok", NV12(), false, SB_ATTRIBS_OK, END, 2},
	{"nv12-hints-ok",
	 NV12(EGL_YUV_COLOR_SPACE_HINT_EXT, EGL_ITU_REC709_EXT,
	      EGL_SAMPLE_RANGE_HINT_EXT, EGL_YUV_NARROW_RANGE_EXT,
	      EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT,
	      EGL_YUV_CHROMA_SITING_0_5_EXT,
	      EGL_YUV_CHROMA_VERTICAL_SITING_HINT_EXT,
	      EGL_YUV_CHROMA_SITING_0_EXT, ),
	 false, SB_ATTRIBS_OK, END, 2},
	{"modifier-ok", XR(MOD0(0, 0)), true, SB_ATTRIBS_OK, END, 1},
	{"unknown", XR(EGL_TEXTURE_FORMAT, 0, ), false, SB_ATTRIBS_UNKNOWN,
	 EGL_TEXTURE_FORMAT, 0},
	{"duplicate-width", XR(EGL_WIDTH, 8, ), false, SB_ATTRIBS_DUPLICATE,
	 EGL_WIDTH, 0},
	{"modifier-without-ext", XR(MOD0(0, 0)), false, SB_ATTRIBS_NO_MODIFIERS,
	 EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT, 0},
	{"plane3-without-ext", XR(EGL_DMA_BUF_PLANE3_FD_EXT, 5, ), false,
	 SB_ATTRIBS_NO_MODIFIERS, EGL_DMA_BUF_PLANE3_FD_EXT, 0},
	{"bad-color-space", XR(EGL_YUV_COLOR_SPACE_HINT_EXT, 7, ), false,
	 SB_ATTRIBS_BAD_HINT, EGL_YUV_COLOR_SPACE_HINT_EXT, 0},
	{"bad-range", XR(EGL_SAMPLE_RANGE_HINT_EXT, 7, ), false,
	 SB_ATTRIBS_BAD_HINT, EGL_SAMPLE_RANGE_HINT_EXT, 0},
	{"bad-hsiting", XR(EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT, 7, ),
	 false, SB_ATTRIBS_BAD_HINT, EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT,
	 0},
	{"no-width",
	 {EGL_HEIGHT, 4, EGL_LINUX_DRM_FOURCC_EXT, DRM_FORMAT_XRGB8888,
	  EGL_DMA_BUF_PLANE0_FD_EXT, 5, EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0,
	  EGL_DMA_BUF_PLANE0_PITCH_EXT, 32, END},
	 false,
	 SB_ATTRIBS_INCOMPLETE,
	 END,
	 0},
	{"empty", {END}, false, SB_ATTRIBS_INCOMPLETE, END, 0},
	{"width-zero", XR(), false, SB_ATTRIBS_BAD_SIZE, END, 0},
	/* A fourcc the table lacks goes to the driver with its planes. */
	{"unknown-fourcc", XR(), false, SB_ATTRIBS_OK, END, 1},
	{"unknown-fourcc-2-planes", NV12(), false, SB_ATTRIBS_OK, END, 2},
	{"fourcc-big-endian", XR(), false, SB_ATTRIBS_OK, END, 1},
	{"unknown-fourcc-plane1-incomplete", XR(EGL_DMA_BUF_PLANE1_FD_EXT, 5, ),
	 false, SB_ATTRIBS_INCOMPLETE, END, 0},
	/* Explicit DRM_FORMAT_MOD_INVALID: the implicit modifier. */
	{"modifier-invalid-ok", XR(MOD0(MOD_INVALID_LO, MOD_INVALID_HI)), true,
	 SB_ATTRIBS_OK, END, 1, false, true},
	{"nv12-modifier-invalid-ok",
	 NV12(MOD0(MOD_INVALID_LO, MOD_INVALID_HI)
		      MODN(1, MOD_INVALID_LO, MOD_INVALID_HI)),
	 true, SB_ATTRIBS_OK, END, 2, false, true},
	{"modifier-invalid-without-ext",
	 XR(MOD0(MOD_INVALID_LO, MOD_INVALID_HI)), false,
	 SB_ATTRIBS_NO_MODIFIERS, EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT, 0},
	{"nv12-modifier-invalid-plane0-only",
	 NV12(MOD0(MOD_INVALID_LO, MOD_INVALID_HI)), true,
	 SB_ATTRIBS_MODIFIER_MISMATCH, EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT, 0},
	/* What the display's extensions define passes through. */
	{"preserved-ok", XR(EGL_IMAGE_PRESERVED_KHR, EGL_TRUE, ), false,
	 SB_ATTRIBS_OK, END, 1},
	{"protected-ok", XR(EGL_PROTECTED_CONTENT_EXT, EGL_TRUE, ), false,
	 SB_ATTRIBS_OK, END, 1, true},
	{"protected-without-ext", XR(EGL_PROTECTED_CONTENT_EXT, EGL_TRUE, ),
	 false, SB_ATTRIBS_UNKNOWN, EGL_PROTECTED_CONTENT_EXT, 0},
	{"texture-level-ok", XR(EGL_GL_TEXTURE_LEVEL_KHR, 0, ), false,
	 SB_ATTRIBS_OK, END, 1, true},
	{"texture-level-without-ext", XR(EGL_GL_TEXTURE_LEVEL_KHR, 0, ), false,
	 SB_ATTRIBS_UNKNOWN, EGL_GL_TEXTURE_LEVEL_KHR, 0},
	{"zoffset-ok", XR(EGL_GL_TEXTURE_ZOFFSET_KHR, 0, ), false,
	 SB_ATTRIBS_OK, END, 1, true},
	{"wayland-plane-ok", XR(0x31D6, 0, ), false, SB_ATTRIBS_OK, END, 1,
	 true},
	{"colorspace-ok", XR(EGL_GL_COLORSPACE, EGL_GL_COLORSPACE_SRGB, ),
	 false, SB_ATTRIBS_OK, END, 1, true},
	{"colorspace-without-ext",
	 XR(EGL_GL_COLORSPACE, EGL_GL_COLORSPACE_SRGB, ), false,
	 SB_ATTRIBS_UNKNOWN, EGL_GL_COLORSPACE, 0},
	{"plane3-with-modifier-ok",
	 XR(MOD0(1, 0) MODN(1, 1, 0) MODN(2, 1, 0) MODN(3, 1, 0) PLANEN(
		 1, 5, 0, 64) PLANEN(2, 5, 0, 64) PLANEN(3, 5, 0, 64)),
	 true, SB_ATTRIBS_OK, END, 4},
	{"nv12-no-plane1",
	 {EGL_WIDTH, 8, EGL_HEIGHT, 4, EGL_LINUX_DRM_FOURCC_EXT,
	  DRM_FORMAT_NV12, EGL_DMA_BUF_PLANE0_FD_EXT, 5,
	  EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0, EGL_DMA_BUF_PLANE0_PITCH_EXT, 8,
	  END},
	 false,
	 SB_ATTRIBS_INCOMPLETE,
	 END,
	 0},
	{"nv12-plane1-no-pitch",
	 {EGL_WIDTH, 8, EGL_HEIGHT, 4, EGL_LINUX_DRM_FOURCC_EXT,
	  DRM_FORMAT_NV12, EGL_DMA_BUF_PLANE0_FD_EXT, 5,
	  EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0, EGL_DMA_BUF_PLANE0_PITCH_EXT, 8,
	  EGL_DMA_BUF_PLANE1_FD_EXT, 6, EGL_DMA_BUF_PLANE1_OFFSET_EXT, 32, END},
	 false,
	 SB_ATTRIBS_INCOMPLETE,
	 END,
	 0},
	{"xrgb-plane1-fd", XR(EGL_DMA_BUF_PLANE1_FD_EXT, 5, ), false,
	 SB_ATTRIBS_EXTRA_PLANE, EGL_DMA_BUF_PLANE1_FD_EXT, 0},
	{"xrgb-plane2-pitch", XR(EGL_DMA_BUF_PLANE2_PITCH_EXT, 5, ), false,
	 SB_ATTRIBS_EXTRA_PLANE, EGL_DMA_BUF_PLANE2_FD_EXT, 0},
	{"modifier-lo-only", XR(EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT, 0, ), true,
	 SB_ATTRIBS_MODIFIER_HALF, EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT, 0},
	{"nv12-modifier-plane0-only", NV12(MOD0(0, 0)), true,
	 SB_ATTRIBS_MODIFIER_MISMATCH, EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT, 0},
	{"nv12-modifiers-differ",
	 NV12(MOD0(0, 0) EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT, 1,
	      EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT, 0, ),
	 true, SB_ATTRIBS_MODIFIER_MISMATCH, EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT,
	 0},
	{"modifier-adds-plane",
	 XR(MOD0(1, 0) EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT, 1,
	    EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT, 0, EGL_DMA_BUF_PLANE1_FD_EXT, 5,
	    EGL_DMA_BUF_PLANE1_OFFSET_EXT, 0, EGL_DMA_BUF_PLANE1_PITCH_EXT,
	    64, ),
	 true, SB_ATTRIBS_OK, END, 2},
	{"fd-negative", XR(), false, SB_ATTRIBS_BAD_FD,
	 EGL_DMA_BUF_PLANE0_FD_EXT, 0},
	{"offset-negative", XR(), false, SB_ATTRIBS_BAD_OFFSET_PITCH, END, 0},
	{"pitch-zero", XR(), false, SB_ATTRIBS_BAD_OFFSET_PITCH, END, 0},
};

/* Cases whose name says which value to spoil in the valid list. */
static void spoil(const char *name, EGLint *list)
{
	static const struct {
		const char *name;
		EGLint key, value;
	} edits[] = {
		{"width-zero", EGL_WIDTH, 0},
		{"unknown-fourcc", EGL_LINUX_DRM_FOURCC_EXT, 0x45504f4e},
		{"fourcc-big-endian", EGL_LINUX_DRM_FOURCC_EXT,
		 (EGLint)(DRM_FORMAT_XRGB1555 | DRM_FORMAT_BIG_ENDIAN)},
		{"unknown-fourcc-2-planes", EGL_LINUX_DRM_FOURCC_EXT,
		 0x45504f4e},
		{"unknown-fourcc-plane1-incomplete", EGL_LINUX_DRM_FOURCC_EXT,
		 0x45504f4e},
		{"fd-negative", EGL_DMA_BUF_PLANE0_FD_EXT, -1},
		{"offset-negative", EGL_DMA_BUF_PLANE0_OFFSET_EXT, -4},
		{"pitch-zero", EGL_DMA_BUF_PLANE0_PITCH_EXT, 0},
	};

	for (size_t e = 0; e < sizeof(edits) / sizeof(edits[0]); e++) {
		if (strcmp(name, edits[e].name))
			continue;
		for (int i = 0; list[i] != EGL_NONE; i += 2) {
			if (list[i] == edits[e].key)
				list[i + 1] = edits[e].value;
		}
	}
}

static bool run(const struct test_case *c, bool wide)
{
	struct sb_attribs_opts o = {
		.wide = wide,
		.modifiers = c->modifiers || c->all_ext,
		.protected_content = c->all_ext,
		.texture_2d = c->all_ext,
		.texture_3d = c->all_ext,
		.wayland = c->all_ext,
		.colorspace = c->all_ext,
	};
	EGLint narrow[64];
	EGLAttrib big[64];
	struct sb_layout l;
	EGLint bad;
	int n = 0;

	memcpy(narrow, c->list, sizeof(narrow));
	spoil(c->name, narrow);
	do {
		big[n] = narrow[n];
	} while (narrow[n++] != EGL_NONE || n % 2 == 0);
	enum sb_attribs_result r = sb_attribs_parse(
		wide ? (const void *)big : (const void *)narrow, &o, &l, &bad);
	if (r != c->want || (c->want_bad != END && bad != c->want_bad) ||
	    (r == SB_ATTRIBS_OK && (l.num_planes != c->want_planes ||
				    (c->want_implicit && l.has_modifier)))) {
		printf("%s (%s): got \"%s\" token 0x%x planes %u\n", c->name,
		       wide ? "EGLAttrib" : "EGLint", sb_attribs_result_str(r),
		       (unsigned)bad, r == SB_ATTRIBS_OK ? l.num_planes : 0);
		return false;
	}
	return true;
}

/* EGLAttrib values past EGLint's range must not be narrowed silently. */
static bool wide_values(void)
{
	const EGLAttrib list[] = {
		EGL_WIDTH,
		8,
		EGL_HEIGHT,
		4,
		EGL_LINUX_DRM_FOURCC_EXT,
		DRM_FORMAT_XRGB8888,
		EGL_DMA_BUF_PLANE0_FD_EXT,
		5,
		EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		(EGLAttrib)1 << 32,
		EGL_DMA_BUF_PLANE0_PITCH_EXT,
		32,
		EGL_NONE,
	};
	struct sb_attribs_opts o = {.wide = true};
	struct sb_layout l;

	EGLAttrib fourcc[sizeof(list) / sizeof(list[0])];

	/* a fourcc past 32 bits names no format */
	memcpy(fourcc, list, sizeof(list));
	fourcc[5] = (EGLAttrib)1 << 33;
	fourcc[9] = 0;
	return sb_attribs_parse(list, &o, &l, NULL) ==
		       SB_ATTRIBS_BAD_OFFSET_PITCH &&
	       sb_attribs_parse(fourcc, &o, &l, NULL) ==
		       SB_ATTRIBS_UNKNOWN_FORMAT;
}

int main(void)
{
	int failed = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		failed += !run(&cases[i], false) + !run(&cases[i], true);
	if (!wide_values()) {
		printf("offset or fourcc past 32 bits in an EGLAttrib list "
		       "was accepted\n");
		failed++;
	}
	if (failed)
		piglit_fail("%d attribute-list checks failed", failed);
	printf("%zu lists x 2 widths ok\n", sizeof(cases) / sizeof(cases[0]));
	piglit_report_result(PIGLIT_PASS);
}

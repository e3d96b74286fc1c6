/* SPDX-License-Identifier: MIT */
#include "attribs.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <drm_fourcc.h>

/* The attributes EGL_LINUX_DMA_BUF_EXT takes, by field. */
enum field {
	F_WIDTH,
	F_HEIGHT,
	F_FOURCC,
	F_PLANE0, /* FD, OFFSET, PITCH, MOD_LO, MOD_HI for plane 0..3 */
	F_CSC = F_PLANE0 + 5 * SB_MAX_PLANES,
	F_RANGE,
	F_HSITE,
	F_VSITE,
	F_PRESERVED,
	F_PROTECTED,
	F_TEXTURE_LEVEL,
	F_TEXTURE_ZOFFSET,
	F_WAYLAND_PLANE,
	F_COLORSPACE,
	F_COUNT,
};

enum plane_attr { P_FD, P_OFFSET, P_PITCH, P_MOD_LO, P_MOD_HI };

#define PLANE(i, a) (F_PLANE0 + 5 * (i) + (a))
/* The extension an attribute needs besides EGL_EXT_image_dma_buf_import
 * (struct sb_attribs_opts). */
enum needs {
	N_NONE,
	N_MODIFIERS,
	N_PROTECTED,
	N_TEXTURE_2D,
	N_TEXTURE_3D,
	N_WAYLAND,
	N_COLORSPACE,
};

#ifndef EGL_WAYLAND_PLANE_WL
#define EGL_WAYLAND_PLANE_WL 0x31D6 /* EGL_WL_bind_wayland_display */
#endif

#define PLANE_CASES(i)                               \
	case EGL_DMA_BUF_PLANE##i##_FD_EXT:          \
		return PLANE(i, P_FD);               \
	case EGL_DMA_BUF_PLANE##i##_OFFSET_EXT:      \
		return PLANE(i, P_OFFSET);           \
	case EGL_DMA_BUF_PLANE##i##_PITCH_EXT:       \
		return PLANE(i, P_PITCH);            \
	case EGL_DMA_BUF_PLANE##i##_MODIFIER_LO_EXT: \
		return PLANE(i, P_MOD_LO);           \
	case EGL_DMA_BUF_PLANE##i##_MODIFIER_HI_EXT: \
		return PLANE(i, P_MOD_HI)

/* The field of attribute @t, or -1 when EGL_LINUX_DMA_BUF_EXT takes no
 * such attribute. A switch: one jump for the common attributes. */
static int field_of(int64_t t)
{
	switch (t) {
	case EGL_WIDTH:
		return F_WIDTH;
	case EGL_HEIGHT:
		return F_HEIGHT;
	case EGL_LINUX_DRM_FOURCC_EXT:
		return F_FOURCC;
		PLANE_CASES(0);
		PLANE_CASES(1);
		PLANE_CASES(2);
		PLANE_CASES(3);
	case EGL_YUV_COLOR_SPACE_HINT_EXT:
		return F_CSC;
	case EGL_SAMPLE_RANGE_HINT_EXT:
		return F_RANGE;
	case EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT:
		return F_HSITE;
	case EGL_YUV_CHROMA_VERTICAL_SITING_HINT_EXT:
		return F_VSITE;
	case EGL_IMAGE_PRESERVED_KHR:
		return F_PRESERVED;
	case EGL_PROTECTED_CONTENT_EXT:
		return F_PROTECTED;
	/* Meaningless for a dma-buf; Mesa accepts and ignores them. */
	case EGL_GL_TEXTURE_LEVEL_KHR:
		return F_TEXTURE_LEVEL;
	case EGL_GL_TEXTURE_ZOFFSET_KHR:
		return F_TEXTURE_ZOFFSET;
	case EGL_WAYLAND_PLANE_WL:
		return F_WAYLAND_PLANE;
	/* EGL_EXT_image_gl_colorspace (not Mesa 25; other vendors) */
	case EGL_GL_COLORSPACE:
		return F_COLORSPACE;
	}
	return -1;
}

/* What each field needs; N_NONE (0) unless listed. */
static const uint8_t field_needs[F_COUNT] = {
	[PLANE(0, P_MOD_LO)] = N_MODIFIERS, [PLANE(0, P_MOD_HI)] = N_MODIFIERS,
	[PLANE(1, P_MOD_LO)] = N_MODIFIERS, [PLANE(1, P_MOD_HI)] = N_MODIFIERS,
	[PLANE(2, P_MOD_LO)] = N_MODIFIERS, [PLANE(2, P_MOD_HI)] = N_MODIFIERS,
	[PLANE(3, P_FD)] = N_MODIFIERS,	    [PLANE(3, P_OFFSET)] = N_MODIFIERS,
	[PLANE(3, P_PITCH)] = N_MODIFIERS,  [PLANE(3, P_MOD_LO)] = N_MODIFIERS,
	[PLANE(3, P_MOD_HI)] = N_MODIFIERS, [F_PROTECTED] = N_PROTECTED,
	[F_TEXTURE_LEVEL] = N_TEXTURE_2D,   [F_TEXTURE_ZOFFSET] = N_TEXTURE_3D,
	[F_WAYLAND_PLANE] = N_WAYLAND,	    [F_COLORSPACE] = N_COLORSPACE,
};

/* A bit per enum needs the display has. */
static unsigned allowed_needs(const struct sb_attribs_opts *o)
{
	return 1u << N_NONE | (unsigned)o->modifiers << N_MODIFIERS |
	       (unsigned)o->protected_content << N_PROTECTED |
	       (unsigned)o->texture_2d << N_TEXTURE_2D |
	       (unsigned)o->texture_3d << N_TEXTURE_3D |
	       (unsigned)o->wayland << N_WAYLAND |
	       (unsigned)o->colorspace << N_COLORSPACE;
}

/* value[f] is set only where seen has bit f: nothing reads it else. */
struct parsed {
	uint64_t seen; /* bit f: field f given */
	int64_t value[F_COUNT];
};

_Static_assert(F_COUNT <= 64, "struct parsed: seen needs more bits");

#define BIT(f)	  (UINT64_C(1) << (f))
#define HINT_BITS (BIT(F_CSC) | BIT(F_RANGE) | BIT(F_HSITE) | BIT(F_VSITE))
#define MODIFIER_BITS                                        \
	(BIT(PLANE(0, P_MOD_LO)) | BIT(PLANE(0, P_MOD_HI)) | \
	 BIT(PLANE(1, P_MOD_LO)) | BIT(PLANE(1, P_MOD_HI)) | \
	 BIT(PLANE(2, P_MOD_LO)) | BIT(PLANE(2, P_MOD_HI)) | \
	 BIT(PLANE(3, P_MOD_LO)) | BIT(PLANE(3, P_MOD_HI)))

static bool seen(const struct parsed *p, enum field f)
{
	return (p->seen >> f) & 1;
}

/* Pass 1: every attribute known and given once. */
/* Records attribute @t = @v in @p; @ok: allowed_needs(). */
static enum sb_attribs_result take(struct parsed *p, unsigned ok, int64_t t,
				   int64_t v)
{
	int f = field_of(t);

	if (f < 0)
		return SB_ATTRIBS_UNKNOWN;
	if (!(ok >> field_needs[f] & 1))
		return field_needs[f] == N_MODIFIERS ? SB_ATTRIBS_NO_MODIFIERS
						     : SB_ATTRIBS_UNKNOWN;
	if (seen(p, (enum field)f))
		return SB_ATTRIBS_DUPLICATE;
	p->seen |= BIT(f);
	p->value[f] = v;
	return SB_ATTRIBS_OK;
}

/* Pass 1: every attribute known and given once. */
static enum sb_attribs_result collect(const void *list,
				      const struct sb_attribs_opts *o,
				      struct parsed *p, EGLint *bad)
{
	unsigned ok = allowed_needs(o);
	enum sb_attribs_result r;

	if (list && o->wide) {
		for (const EGLAttrib *a = list; a[0] != EGL_NONE; a += 2) {
			r = take(p, ok, (int64_t)a[0], (int64_t)a[1]);
			if (r != SB_ATTRIBS_OK) {
				*bad = (EGLint)a[0];
				return r;
			}
		}
	} else if (list) {
		for (const EGLint *a = list; a[0] != EGL_NONE; a += 2) {
			r = take(p, ok, a[0], a[1]);
			if (r != SB_ATTRIBS_OK) {
				*bad = a[0];
				return r;
			}
		}
	}
	*bad = EGL_NONE;
	return SB_ATTRIBS_OK;
}

static bool hint_ok(const struct parsed *p, enum field f, EGLint a, EGLint b,
		    EGLint c)
{
	return !seen(p, f) || p->value[f] == a || p->value[f] == b ||
	       p->value[f] == c;
}

/* Pass 2: hint values from the lists the spec gives. */
static enum sb_attribs_result check_hints(const struct parsed *p, EGLint *bad)
{
	static const struct {
		enum field f;
		EGLint token, a, b, c;
	} hints[] = {
		{F_CSC, EGL_YUV_COLOR_SPACE_HINT_EXT, EGL_ITU_REC601_EXT,
		 EGL_ITU_REC709_EXT, EGL_ITU_REC2020_EXT},
		{F_RANGE, EGL_SAMPLE_RANGE_HINT_EXT, EGL_YUV_FULL_RANGE_EXT,
		 EGL_YUV_NARROW_RANGE_EXT, EGL_YUV_NARROW_RANGE_EXT},
		{F_HSITE, EGL_YUV_CHROMA_HORIZONTAL_SITING_HINT_EXT,
		 EGL_YUV_CHROMA_SITING_0_EXT, EGL_YUV_CHROMA_SITING_0_5_EXT,
		 EGL_YUV_CHROMA_SITING_0_5_EXT},
		{F_VSITE, EGL_YUV_CHROMA_VERTICAL_SITING_HINT_EXT,
		 EGL_YUV_CHROMA_SITING_0_EXT, EGL_YUV_CHROMA_SITING_0_5_EXT,
		 EGL_YUV_CHROMA_SITING_0_5_EXT},
	};

	if (!(p->seen & HINT_BITS))
		return SB_ATTRIBS_OK;
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		if (!hint_ok(p, hints[i].f, hints[i].a, hints[i].b,
			     hints[i].c)) {
			*bad = hints[i].token;
			return SB_ATTRIBS_BAD_HINT;
		}
	}
	return SB_ATTRIBS_OK;
}

/* Plane @i's FD, OFFSET and PITCH bits. */
#define PLANE_BITS(i) \
	(BIT(PLANE(i, P_FD)) | BIT(PLANE(i, P_OFFSET)) | BIT(PLANE(i, P_PITCH)))

static const uint64_t plane_masks[SB_MAX_PLANES] = {
	PLANE_BITS(0),
	PLANE_BITS(1),
	PLANE_BITS(2),
	PLANE_BITS(3),
};

static uint64_t plane_bits(unsigned i)
{
	return plane_masks[i];
}

static bool plane_given(const struct parsed *p, unsigned i)
{
	return (p->seen & plane_bits(i)) != 0;
}

static bool plane_complete(const struct parsed *p, unsigned i)
{
	return (p->seen & plane_bits(i)) == plane_bits(i);
}

static uint64_t plane_modifier(const struct parsed *p, unsigned i)
{
	return (uint64_t)(uint32_t)p->value[PLANE(i, P_MOD_HI)] << 32 |
	       (uint32_t)p->value[PLANE(i, P_MOD_LO)];
}

/* Pass 3: modifiers given in lo/hi pairs, and the same on every plane. */
static enum sb_attribs_result check_modifiers(const struct parsed *p,
					      unsigned planes, EGLint *bad)
{
	if (!(p->seen & MODIFIER_BITS))
		return SB_ATTRIBS_OK; /* none given: none to pair or match */
	for (unsigned i = 0; i < SB_MAX_PLANES; i++) {
		if (seen(p, PLANE(i, P_MOD_LO)) !=
		    seen(p, PLANE(i, P_MOD_HI))) {
			*bad = EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT +
			       2 * (EGLint)i;
			return SB_ATTRIBS_MODIFIER_HALF;
		}
	}
	for (unsigned i = 1; i < planes; i++) {
		if (seen(p, PLANE(i, P_MOD_LO)) !=
			    seen(p, PLANE(0, P_MOD_LO)) ||
		    (seen(p, PLANE(i, P_MOD_LO)) &&
		     plane_modifier(p, i) != plane_modifier(p, 0))) {
			*bad = EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT +
			       2 * (EGLint)i;
			return SB_ATTRIBS_MODIFIER_MISMATCH;
		}
	}
	return SB_ATTRIBS_OK;
}

/* Pass 4: values in range. EGLint lists cannot exceed it; EGLAttrib lists
 * can, and a driver that narrows them to EGLint would see another value. */
static enum sb_attribs_result check_values(const struct parsed *p,
					   unsigned planes, EGLint *bad)
{
	for (unsigned i = 0; i < planes; i++) {
		int64_t fd = p->value[PLANE(i, P_FD)];
		int64_t off = p->value[PLANE(i, P_OFFSET)];
		int64_t pitch = p->value[PLANE(i, P_PITCH)];

		*bad = EGL_DMA_BUF_PLANE0_FD_EXT + 3 * (EGLint)i;
		if (i == 3)
			*bad = EGL_DMA_BUF_PLANE3_FD_EXT;
		if (fd < 0 || fd > INT_MAX)
			return SB_ATTRIBS_BAD_FD;
		if (off < 0 || off > INT32_MAX || pitch <= 0 ||
		    pitch > INT32_MAX)
			return SB_ATTRIBS_BAD_OFFSET_PITCH;
	}
	*bad = EGL_NONE;
	return SB_ATTRIBS_OK;
}

/* The planes the image has: the format's, or more where a modifier is
 * given for a further plane (modifiers may add planes, e.g. compression
 * metadata: EGL_EXT_image_dma_buf_import_modifiers). */
static unsigned image_planes(const struct parsed *p, const struct sb_format *f)
{
	unsigned n = f ? f->planes : 1;

	if (f && !(p->seen & MODIFIER_BITS))
		return n; /* what the loop below finds then */
	for (unsigned i = n; i < SB_MAX_PLANES; i++) {
		if (seen(p, PLANE(i, P_MOD_LO)) && seen(p, PLANE(i, P_MOD_HI)))
			n = i + 1;
		/* A format sharedbuf lacks has the planes given: the driver
		 * knows how many it needs. */
		if (!f && plane_given(p, i))
			n = i + 1;
	}
	return n;
}

static enum sb_attribs_result check_planes(const struct parsed *p,
					   unsigned planes, EGLint *bad)
{
	for (unsigned i = 0; i < planes; i++) {
		if (!plane_complete(p, i))
			return SB_ATTRIBS_INCOMPLETE;
	}
	for (unsigned i = planes; i < SB_MAX_PLANES; i++) {
		if (plane_given(p, i)) {
			*bad = i == 3 ? EGL_DMA_BUF_PLANE3_FD_EXT
				      : EGL_DMA_BUF_PLANE0_FD_EXT +
						3 * (EGLint)i;
			return SB_ATTRIBS_EXTRA_PLANE;
		}
	}
	return SB_ATTRIBS_OK;
}

static void fill_layout(const struct parsed *p, unsigned planes,
			struct sb_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->width = (uint32_t)p->value[F_WIDTH];
	l->height = (uint32_t)p->value[F_HEIGHT];
	l->fourcc = (uint32_t)p->value[F_FOURCC];
	l->num_planes = planes;
	for (unsigned i = 0; i < planes; i++) {
		l->planes[i].fd = (int)p->value[PLANE(i, P_FD)];
		l->planes[i].offset = (uint64_t)p->value[PLANE(i, P_OFFSET)];
		l->planes[i].pitch = (uint64_t)p->value[PLANE(i, P_PITCH)];
	}
	/* An explicit DRM_FORMAT_MOD_INVALID is no modifier (Mesa's
	 * dri2_create_image_dma_buf passes it on as the implicit one). */
	l->has_modifier = seen(p, PLANE(0, P_MOD_LO)) &&
			  plane_modifier(p, 0) != DRM_FORMAT_MOD_INVALID;
	if (l->has_modifier)
		l->modifier = plane_modifier(p, 0);
}

enum sb_attribs_result sb_attribs_parse(const void *list,
					const struct sb_attribs_opts *opts,
					struct sb_layout *out, EGLint *bad)
{
	struct parsed p;
	const struct sb_format *f;
	enum sb_attribs_result r;
	EGLint dummy;
	unsigned planes;

	bad = bad ? bad : &dummy;
	*bad = EGL_NONE;
	p.seen = 0; /* value[] is read only where seen: left unset */
	r = collect(list, opts, &p, bad);
	if (r == SB_ATTRIBS_OK)
		r = check_hints(&p, bad);
	if (r != SB_ATTRIBS_OK)
		return r;
	/* "If <target> is EGL_LINUX_DMA_BUF_EXT, and the list of attributes
	 *  is incomplete, EGL_BAD_PARAMETER is generated." */
	if (!seen(&p, F_WIDTH) || !seen(&p, F_HEIGHT) || !seen(&p, F_FOURCC))
		return SB_ATTRIBS_INCOMPLETE;
	if (p.value[F_WIDTH] <= 0 || p.value[F_WIDTH] > INT32_MAX ||
	    p.value[F_HEIGHT] <= 0 || p.value[F_HEIGHT] > INT32_MAX)
		return SB_ATTRIBS_BAD_SIZE;
	/* A fourcc the table lacks is parsed all the same (image_planes). */
	f = sb_format_find((uint32_t)p.value[F_FOURCC]);
	/* 32 bits, as an EGLint (DRM_FORMAT_BIG_ENDIAN makes it negative)
	 * or as an unsigned EGLAttrib */
	if (p.value[F_FOURCC] < INT32_MIN || p.value[F_FOURCC] > UINT32_MAX) {
		*bad = EGL_LINUX_DRM_FOURCC_EXT;
		return SB_ATTRIBS_UNKNOWN_FORMAT;
	}
	planes = image_planes(&p, f);
	r = check_planes(&p, planes, bad);
	if (r == SB_ATTRIBS_OK)
		r = check_modifiers(&p, planes, bad);
	if (r == SB_ATTRIBS_OK)
		r = check_values(&p, planes, bad);
	if (r == SB_ATTRIBS_OK)
		fill_layout(&p, planes, out);
	return r;
}

const char *sb_attribs_result_str(enum sb_attribs_result r)
{
	switch (r) {
	case SB_ATTRIBS_OK:
		return "ok";
	case SB_ATTRIBS_UNKNOWN:
		return "unknown attribute";
	case SB_ATTRIBS_DUPLICATE:
		return "attribute given twice";
	case SB_ATTRIBS_INCOMPLETE:
		return "required attribute missing";
	case SB_ATTRIBS_BAD_SIZE:
		return "width or height not in 1..INT32_MAX";
	case SB_ATTRIBS_BAD_OFFSET_PITCH:
		return "offset < 0, pitch <= 0, or either > INT32_MAX";
	case SB_ATTRIBS_BAD_FD:
		return "fd negative or out of range";
	case SB_ATTRIBS_UNKNOWN_FORMAT:
		return "fourcc not a 32-bit value";
	case SB_ATTRIBS_EXTRA_PLANE:
		return "attributes for a plane the format lacks";
	case SB_ATTRIBS_BAD_HINT:
		return "YUV hint value not one the spec lists";
	case SB_ATTRIBS_MODIFIER_HALF:
		return "MODIFIER_LO and MODIFIER_HI not given together";
	case SB_ATTRIBS_MODIFIER_MISMATCH:
		return "planes with different modifiers";
	case SB_ATTRIBS_NO_MODIFIERS:
		return "modifier given, but the display lacks "
		       "EGL_EXT_image_dma_buf_import_modifiers";
	}
	return "unknown result";
}

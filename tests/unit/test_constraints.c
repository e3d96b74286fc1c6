/* SPDX-License-Identifier: MIT */
/*
 * Unit test: struct sharedbuf_constraints (intersection, printing, the
 * wire form) and sharedbuf_solve() / sharedbuf_layout_meets() (pitch and
 * size rules, conflicts and their explanations). Pure logic, no kernel.
 *
 * Run with no argument for every case, or with a case's name for one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>

#include "check.h"
#include "piglit.h"
#include "sharedbuf/alloc.h"

#define XR24   DRM_FORMAT_XRGB8888
#define AR24   DRM_FORMAT_ARGB8888
#define NV12   DRM_FORMAT_NV12
#define YUYV   DRM_FORMAT_YUYV
#define LINEAR DRM_FORMAT_MOD_LINEAR
#define TILED  I915_FORMAT_MOD_X_TILED

/* Static: each is 13 kB. Cases set them up from scratch. */
static struct sharedbuf_constraints a, b, c, out;

static struct sharedbuf_format_rule *add(struct sharedbuf_constraints *x,
					 uint32_t fourcc, uint64_t mod)
{
	struct sharedbuf_format_rule *r =
		sharedbuf_constraints_add(x, fourcc, mod);

	if (!r)
		abort(); /* a broken fixture, not a result */
	return r;
}

static bool contains(const char *s, const char *part)
{
	return expect(strstr(s, part) != NULL, "\"%s\" lacks \"%s\"", s, part);
}

static bool intersect_formats(void)
{
	sharedbuf_constraints_init(&a, "a");
	sharedbuf_constraints_init(&b, "b");
	add(&a, XR24, LINEAR);
	add(&a, NV12, LINEAR);
	add(&a, AR24, LINEAR);
	add(&b, AR24, LINEAR);
	add(&b, XR24, LINEAR);
	return expect_result(sharedbuf_constraints_intersect(&a, &b, &out),
			     SHAREDBUF_OK, "intersect") &&
	       expect(out.num_formats == 2, "%u formats", out.num_formats) &&
	       expect(out.formats[0].fourcc == XR24 &&
			      out.formats[1].fourcc == AR24,
		      "a's order kept") &&
	       expect(strcmp(out.name, "a+b") == 0, "name %s", out.name);
}

static bool intersect_modifiers(void)
{
	struct sharedbuf_format_rule *r;

	sharedbuf_constraints_init(&a, "a");
	sharedbuf_constraints_init(&b, "b");
	r = add(&a, XR24, TILED);
	r->modifiers[r->num_modifiers++] = LINEAR;
	add(&a, AR24, TILED);
	add(&b, XR24, LINEAR);
	add(&b, AR24, LINEAR);
	sharedbuf_constraints_intersect(&a, &b, &out);
	return expect(out.num_formats == 1, "%u formats", out.num_formats) &&
	       expect(out.formats[0].num_modifiers == 1 &&
			      out.formats[0].modifiers[0] == LINEAR,
		      "only linear is common");
}

static bool intersect_rules(void)
{
	struct sharedbuf_format_rule *r;

	sharedbuf_constraints_init(&a, "a");
	sharedbuf_constraints_init(&b, "b");
	a.pitch_align = 64;
	b.pitch_align = 48;
	a.size_align = 4096;
	b.offset_align = 16;
	a.flags = SHAREDBUF_NEEDS_CPU_READ;
	b.flags = SHAREDBUF_NEEDS_CONTIGUOUS;
	r = add(&a, XR24, LINEAR);
	r->pitch_min = 2560;
	r->size_min = 100;
	r = add(&b, XR24, LINEAR);
	r->pitch_min = 2048;
	r->pitch_max = 4096;
	r->size_min = 200;
	r->flags = SHAREDBUF_FORMAT_EXTERNAL_ONLY;
	/* out aliases a: allowed */
	sharedbuf_constraints_intersect(&a, &b, &a);
	r = &a.formats[0];
	return expect(a.pitch_align == 192, "pitch lcm %u", a.pitch_align) &&
	       expect(a.offset_align == 16 && a.size_align == 4096,
		      "offset %u size %u", a.offset_align, a.size_align) &&
	       expect(a.flags == (SHAREDBUF_NEEDS_CPU_READ |
				  SHAREDBUF_NEEDS_CONTIGUOUS),
		      "flags %#x", a.flags) &&
	       expect(r->pitch_min == 2560 && r->pitch_max == 4096,
		      "pitch %u..%u", r->pitch_min, r->pitch_max) &&
	       expect(r->size_min == 200, "size_min") &&
	       expect(r->flags == SHAREDBUF_FORMAT_EXTERNAL_ONLY, "ext");
}

static bool intersect_invalid(void)
{
	sharedbuf_constraints_init(&a, "a");
	sharedbuf_constraints_init(&b, "b");
	a.width = 640, a.height = 480;
	b.width = 320, b.height = 240;
	if (!expect_result(sharedbuf_constraints_intersect(&a, &b, &out),
			   SHAREDBUF_ERR_INVALID, "sizes differ"))
		return false;
	b.width = 0, b.height = 0;
	a.pitch_align = 0x80000000u;
	b.pitch_align = 3;
	return expect_result(sharedbuf_constraints_intersect(&a, &b, &out),
			     SHAREDBUF_ERR_INVALID, "lcm overflows");
}

static bool solve_linear(void)
{
	const struct sharedbuf_constraints *set[] = {&a, &b};
	struct sharedbuf_layout l;
	char why[256];

	sharedbuf_constraints_init(&a, "gl");
	sharedbuf_constraints_init(&b, "cam");
	add(&a, XR24, TILED)->modifiers[1] = LINEAR;
	a.formats[0].num_modifiers = 2;
	add(&b, XR24, LINEAR);
	a.pitch_align = 256;
	return expect_result(sharedbuf_solve(set, 2, 100, 10, NULL, 0, &l, why,
					     sizeof(why)),
			     SHAREDBUF_OK, why) &&
	       expect(l.fourcc == XR24 && l.modifier == LINEAR,
		      "linear XR24") &&
	       expect(l.pitches[0] == 512, "pitch %u", l.pitches[0]) &&
	       expect(l.size == 8192, "size %llu (5120 to a page... 2)",
		      (unsigned long long)l.size) &&
	       expect_result(sharedbuf_layout_meets(&l, &a, NULL, 0),
			     SHAREDBUF_OK, "meets a") &&
	       expect_result(sharedbuf_layout_meets(&l, &b, NULL, 0),
			     SHAREDBUF_OK, "meets b");
}

static bool solve_pitch_conflict(void)
{
	const struct sharedbuf_constraints *set[] = {&a, &b};
	struct sharedbuf_layout l;
	char why[512];

	sharedbuf_constraints_init(&a, "gl");
	sharedbuf_constraints_init(&b, "vivid");
	add(&a, XR24, LINEAR);
	a.pitch_align = 256;
	add(&b, XR24, LINEAR)->pitch_min = 2560;
	b.formats[0].pitch_max = 2600;
	if (!expect_result(sharedbuf_solve(set, 2, 640, 480, NULL, 0, &l, why,
					   sizeof(why)),
			   SHAREDBUF_OK, why) ||
	    !expect(l.pitches[0] == 2560, "pitch %u", l.pitches[0]))
		return false;
	b.formats[0].pitch_max = 2560;
	a.pitch_align = 1024;
	return expect_result(sharedbuf_solve(set, 2, 640, 480, NULL, 0, &l, why,
					     sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT, "fixed 2560 vs 1024") &&
	       contains(why, "XR24: pitch") && contains(why, "'gl'") &&
	       contains(why, "multiple of 1024") &&
	       contains(why, "'vivid' at most 2560");
}

static bool solve_format_conflict(void)
{
	const struct sharedbuf_constraints *set[] = {&a, &b, &c};
	const uint32_t cand[] = {YUYV, XR24};
	struct sharedbuf_layout l;
	char why[512];

	sharedbuf_constraints_init(&a, "cam");
	sharedbuf_constraints_init(&b, "gl");
	sharedbuf_constraints_init(&c, "plane");
	add(&a, YUYV, LINEAR);
	add(&a, XR24, LINEAR);
	add(&b, XR24, LINEAR);
	add(&b, YUYV, LINEAR);
	add(&c, XR24, TILED);
	return expect_result(sharedbuf_solve(set, 3, 64, 64, cand, 2, &l, why,
					     sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT, "no format") &&
	       contains(why, "YUYV: 'plane' lacks it") &&
	       contains(why, "XR24: no common modifier") &&
	       contains(why, "'plane' {0x");
}

static bool solve_nv12_packed(void)
{
	const struct sharedbuf_constraints *set[] = {&a, &b};
	struct sharedbuf_layout l;
	char why[512];

	sharedbuf_constraints_init(&a, "v4l2");
	sharedbuf_constraints_init(&b, "gl");
	add(&a, NV12, LINEAR);
	add(&b, NV12, LINEAR);
	a.flags = SHAREDBUF_NEEDS_PACKED_PLANES;
	/* 5x3: luma 5 bytes a row, chroma 3 pairs = 6: pitch 6 */
	if (!expect_result(sharedbuf_solve(set, 2, 5, 3, NULL, 0, &l, why,
					   sizeof(why)),
			   SHAREDBUF_OK, why) ||
	    !expect(l.num_planes == 2 && l.pitches[0] == 6 &&
			    l.pitches[1] == 6 && l.offsets[1] == 18,
		    "pitches %u/%u offset %llu", l.pitches[0], l.pitches[1],
		    (unsigned long long)l.offsets[1]))
		return false;
	b.offset_align = 64;
	return expect_result(sharedbuf_solve(set, 2, 5, 3, NULL, 0, &l, why,
					     sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT, "packed vs aligned") &&
	       contains(why, "'v4l2' needs planes packed");
}

static bool solve_yuv420_pitch(void)
{
	const struct sharedbuf_constraints *set[] = {&a};
	struct sharedbuf_layout l;
	char why[256];

	sharedbuf_constraints_init(&a, "gl");
	add(&a, DRM_FORMAT_YUV420, LINEAR);
	a.pitch_align = 64;
	return expect_result(sharedbuf_solve(set, 1, 100, 10, NULL, 0, &l, why,
					     sizeof(why)),
			     SHAREDBUF_OK, why) &&
	       expect(l.pitches[0] == 128 && l.pitches[1] == 64 &&
			      l.pitches[2] == 64,
		      "pitches %u %u %u", l.pitches[0], l.pitches[1],
		      l.pitches[2]) &&
	       expect(l.offsets[1] == 1280 && l.offsets[2] == 1600,
		      "offsets %llu %llu", (unsigned long long)l.offsets[1],
		      (unsigned long long)l.offsets[2]);
}

static bool solve_size_rules(void)
{
	const struct sharedbuf_constraints *set[] = {&a, &b};
	struct sharedbuf_layout l;
	char why[256];

	sharedbuf_constraints_init(&a, "a");
	sharedbuf_constraints_init(&b, "b");
	add(&a, XR24, LINEAR)->size_min = 70000;
	add(&b, XR24, LINEAR);
	b.size_align = 65536;
	b.width = 64, b.height = 64;
	if (!expect_result(sharedbuf_solve(set, 2, 64, 64, NULL, 0, &l, why,
					   sizeof(why)),
			   SHAREDBUF_OK, why) ||
	    !expect(l.size == 131072, "size %llu", (unsigned long long)l.size))
		return false;
	return expect_result(sharedbuf_solve(set, 2, 32, 32, NULL, 0, &l, why,
					     sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT, "other size") &&
	       contains(why, "'b' describes 64x64, not 32x32");
}

static bool solve_overflow(void)
{
	const struct sharedbuf_constraints *set[] = {&a};
	struct sharedbuf_layout l;
	char why[256];

	sharedbuf_constraints_init(&a, "a");
	add(&a, DRM_FORMAT_XBGR16161616, LINEAR);
	return expect_result(sharedbuf_solve(set, 1, 0x80000000u, 2, NULL, 0,
					     &l, why, sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT, "pitch > 32 bits") &&
	       contains(why, "more than 32 bits");
}

/* Found by fuzz-solve: NV24's chroma pitch is twice luma's, and a luma
 * pitch an importer allows can be past 2^31. */
static bool solve_chroma_pitch_overflow(void)
{
	const struct sharedbuf_constraints *set[] = {&a};
	struct sharedbuf_layout l;
	char why[256];

	sharedbuf_constraints_init(&a, "a");
	add(&a, DRM_FORMAT_NV24, LINEAR)->pitch_min = 0xfe003307u;
	return expect_result(sharedbuf_solve(set, 1, 5, 3, NULL, 0, &l, why,
					     sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT,
			     "chroma pitch > 32 bits") &&
	       contains(why, "plane 1's pitch") &&
	       contains(why, "more than 32 bits");
}

static bool meets(void)
{
	struct sharedbuf_layout l = {.width = 64,
				     .height = 64,
				     .fourcc = XR24,
				     .modifier = LINEAR,
				     .num_planes = 1,
				     .pitches = {256},
				     .size = 16384};
	char why[256];

	sharedbuf_constraints_init(&a, "cam");
	add(&a, XR24, LINEAR);
	a.flags = SHAREDBUF_NEEDS_CONTIGUOUS; /* memory, not layout */
	if (!expect_result(sharedbuf_layout_meets(&l, &a, why, sizeof(why)),
			   SHAREDBUF_OK, why))
		return false;
	a.pitch_align = 512;
	if (!expect_result(sharedbuf_layout_meets(&l, &a, why, sizeof(why)),
			   SHAREDBUF_ERR_CONFLICT, "pitch align") ||
	    !contains(why, "'cam' needs pitches that are multiples of 512"))
		return false;
	a.pitch_align = 1;
	l.fourcc = AR24;
	return expect_result(sharedbuf_layout_meets(&l, &a, why, sizeof(why)),
			     SHAREDBUF_ERR_CONFLICT, "format") &&
	       contains(why, "'cam' does not take format AR24");
}

static bool wire_round_trip(void)
{
	static uint8_t buf[1 << 16];
	size_t n;
	struct sharedbuf_format_rule *r;

	sharedbuf_constraints_init(&a, "a-long-name-of-31-characters-xx");
	sharedbuf_constraints_cpu(&b, SHAREDBUF_NEEDS_CPU_READ);
	sharedbuf_constraints_intersect(&a, &b, &a); /* empty, named */
	sharedbuf_constraints_init(&a, "cam");
	a.flags = SHAREDBUF_NEEDS_CONTIGUOUS | SHAREDBUF_NEEDS_PACKED_PLANES;
	a.width = 640, a.height = 480;
	a.pitch_align = 64, a.offset_align = 32, a.size_align = 4096;
	r = add(&a, XR24, LINEAR);
	r->pitch_min = 2560, r->pitch_max = 8192, r->size_min = 1228800;
	r = add(&a, NV12, TILED);
	r->modifiers[r->num_modifiers++] = LINEAR;
	r->flags = SHAREDBUF_FORMAT_EXTERNAL_ONLY;
	n = sharedbuf_constraints_serialise(&a, NULL, 0);
	if (!expect(n > 0 && n < sizeof(buf), "size %zu", n) ||
	    !expect(sharedbuf_constraints_serialise(&a, buf, n) == n, "write"))
		return false;
	memset(&out, 0xa5, sizeof(out));
	if (!expect_result(sharedbuf_constraints_deserialise(buf, n, &out),
			   SHAREDBUF_OK, "read back"))
		return false;
	/* the rest of out must be as serialise saw a: compare field by field */
	if (!expect(strcmp(out.name, "cam") == 0 && out.flags == a.flags &&
			    out.width == 640 && out.height == 480 &&
			    out.pitch_align == 64 && out.offset_align == 32 &&
			    out.size_align == 4096 && out.num_formats == 2,
		    "header differs") ||
	    !expect(memcmp(out.formats, a.formats, 2 * sizeof(a.formats[0])) ==
			    0,
		    "formats differ"))
		return false;
	/* the CPU's full list also fits and survives */
	n = sharedbuf_constraints_serialise(&b, buf, sizeof(buf));
	return expect_result(sharedbuf_constraints_deserialise(buf, n, &out),
			     SHAREDBUF_OK, "cpu list") &&
	       expect(out.num_formats == b.num_formats, "cpu formats");
}

static bool wire_rejects(void)
{
	static uint8_t buf[4096], bad[4096];
	size_t n;

	sharedbuf_constraints_init(&a, "cam");
	add(&a, XR24, LINEAR);
	n = sharedbuf_constraints_serialise(&a, buf, sizeof(buf));
	/* every truncation, and one byte too many */
	for (size_t k = 0; k < n; k++) {
		if (!expect_result(
			    sharedbuf_constraints_deserialise(buf, k, &out),
			    SHAREDBUF_ERR_INVALID, "truncated"))
			return false;
	}
	memcpy(bad, buf, n);
	if (!expect_result(sharedbuf_constraints_deserialise(bad, n + 1, &out),
			   SHAREDBUF_ERR_INVALID, "trailing byte"))
		return false;
	/* each header field made bad: magic, version, length, name's NUL,
	 * flags, pitch_align 0, format count, modifier count */
	const size_t at[] = {0, 4, 8, 12 + 31, 44, 56, 68, 72 + 24};
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		memcpy(bad, buf, n);
		bad[at[k]] = at[k] == 56 ? 0 : (uint8_t)(bad[at[k]] ^ 0xee);
		if (at[k] == 12 + 31) /* a name with no NUL at all */
			memset(bad + 12, 'x', 32);
		if (!expect_result(
			    sharedbuf_constraints_deserialise(bad, n, &out),
			    SHAREDBUF_ERR_INVALID, "bad field"))
			return expect(false, "field at byte %zu", at[k]);
	}
	return true;
}

static bool print_text(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bool ok;

	sharedbuf_constraints_init(&a, "cam");
	a.flags = SHAREDBUF_NEEDS_CONTIGUOUS;
	add(&a, XR24, LINEAR)->pitch_min = 2560;
	add(&a, NV12, TILED)->flags = SHAREDBUF_FORMAT_EXTERNAL_ONLY;
	sharedbuf_constraints_print(&a, f);
	fclose(f);
	ok = contains(text, "cam: pitch % 1") &&
	     contains(text, "needs: contiguous") &&
	     contains(text, "XR24 linear pitch>=2560") &&
	     contains(text, "NV12 0x0100000000000001 external-only");
	free(text);
	return ok;
}

static const struct {
	const char *name;
	bool (*run)(void);
} cases[] = {
	{"intersect-formats", intersect_formats},
	{"intersect-modifiers", intersect_modifiers},
	{"intersect-rules", intersect_rules},
	{"intersect-invalid", intersect_invalid},
	{"solve-linear", solve_linear},
	{"solve-pitch-conflict", solve_pitch_conflict},
	{"solve-format-conflict", solve_format_conflict},
	{"solve-nv12-packed", solve_nv12_packed},
	{"solve-yuv420-pitch", solve_yuv420_pitch},
	{"solve-size-rules", solve_size_rules},
	{"solve-overflow", solve_overflow},
	{"solve-chroma-pitch-overflow", solve_chroma_pitch_overflow},
	{"meets", meets},
	{"wire-round-trip", wire_round_trip},
	{"wire-rejects", wire_rejects},
	{"print", print_text},
};

int main(int argc, char **argv)
{
	int ran = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name))
			continue;
		printf("%-24s %s\n", cases[i].name,
		       cases[i].run() ? "ok" : "FAILED");
		ran++;
	}
	if (!ran)
		piglit_fail("no case named %s", argv[1]);
	piglit_report_result(sb_check_failures() ? PIGLIT_FAIL : PIGLIT_PASS);
}

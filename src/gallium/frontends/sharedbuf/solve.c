/* SPDX-License-Identifier: MIT */
/*
 * The layout solver: one format, modifier, pitch, plane offsets and size
 * that every importer of a set accepts, or an explanation naming the
 * importers that conflict. Pure: host unit tests and the fuzzer run it.
 *
 * Planes are laid out as V4L2 single-buffer formats and most exporters do:
 * plane i > 0 follows plane i - 1 (at an offset rounded up to every
 * importer's offset alignment), with a pitch derived from plane 0's in
 * the ratio of their bytes per pixel row (format.h's blocks): NV12's
 * chroma pitch equals luma's, YUV420's is half. A plane takes its rows of
 * blocks times block_h pitches.
 */
#include "constraints.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "format.h"

#define WHY(...) sb_appendf(why, why_size, __VA_ARGS__)

struct solve_ctx {
	const struct sharedbuf_constraints *const *set;
	unsigned n;
	uint32_t width, height;
	const struct sb_format *f;
	const struct sharedbuf_format_rule *rules[64]; /* per importer */
	char *why;
	size_t why_size;
};

static const char *name_of(const struct sharedbuf_constraints *c)
{
	return c->name[0] ? c->name : "(unnamed)";
}

static uint64_t div_up(uint64_t n, uint64_t d)
{
	return n / d + (n % d != 0);
}

/* Rounds @v up to a multiple of @a (> 0); false on overflow. */
static bool round_up(uint64_t v, uint64_t a, uint64_t *out)
{
	uint64_t r = div_up(v, a);

	return !__builtin_mul_overflow(r, a, out);
}

/* Plane @i's pitch is plane 0's * num / den, in lowest terms: NV12's
 * chroma 1/1, YUV420's 1/2, NV24's 2/1. Bytes per pixel row of plane j:
 * char_per_block[j] / (block_w[j] * block_h[j]), and plane i is 1/hsub as
 * wide. */
static void pitch_ratio(const struct sb_format *f, unsigned i, uint32_t *num,
			uint32_t *den)
{
	uint32_t n = 1, d = 1, a, b, t;

	if (i) {
		n = (uint32_t)f->char_per_block[i] * f->block_w[0] *
		    f->block_h[0];
		d = (uint32_t)f->char_per_block[0] * f->block_w[i] *
		    f->block_h[i] * f->hsub;
	}
	for (a = n, b = d; b; a = b, b = t)
		t = a % b;
	*num = n / a;
	*den = d / a;
}

/* Bytes plane @i takes at @pitch: its rows of blocks, block_h pitches
 * each. False on overflow. */
static bool plane_bytes(const struct sb_format *f, unsigned i, uint32_t height,
			uint64_t pitch, uint64_t *out)
{
	uint64_t rows =
		(uint64_t)sb_format_block_rows(f, i, height) * f->block_h[i];

	return !__builtin_mul_overflow(rows, pitch, out);
}

/* A modifier every importer lists, linear first; false if none. */
static bool pick_modifier(struct solve_ctx *s, uint64_t *mod)
{
	const struct sharedbuf_format_rule *first = s->rules[0];
	char *why = s->why, m[24];
	size_t why_size = s->why_size;

	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t k = 0; k < first->num_modifiers; k++) {
			uint64_t cand = first->modifiers[k];
			unsigned i;

			if ((pass == 0) != (cand == DRM_FORMAT_MOD_LINEAR))
				continue;
			for (i = 1; i < s->n; i++) {
				if (!sb_rule_has_modifier(s->rules[i], cand))
					break;
			}
			if (i == s->n) {
				*mod = cand;
				return true;
			}
		}
	}
	WHY("no common modifier:");
	for (unsigned i = 0; i < s->n; i++) {
		WHY(" '%s' {", name_of(s->set[i]));
		for (uint32_t k = 0; k < s->rules[i]->num_modifiers; k++) {
			sb_modifier_str(s->rules[i]->modifiers[k], m,
					sizeof(m));
			WHY("%s%s", k ? "," : "", m);
		}
		WHY("}");
	}
	return false;
}

/* The smallest pitch every importer allows for plane 0. */
static bool pick_pitch(struct solve_ctx *s, uint32_t *pitch)
{
	char *why = s->why;
	size_t why_size = s->why_size;
	uint64_t row = sb_format_min_pitch(s->f, 0, s->width);
	uint64_t lo = row, hi = UINT32_MAX, p;
	uint32_t align = 1, d = 1, num, den;
	unsigned lo_who = s->n, hi_who = s->n, align_who = s->n;

	/* plane 0's pitch must divide into whole, wide enough chroma rows */
	for (unsigned i = 1; i < s->f->planes; i++) {
		pitch_ratio(s->f, i, &num, &den);
		if (den > d)
			d = den;
		uint64_t need = div_up(
			sb_format_min_pitch(s->f, i, s->width) * den, num);

		if (need > lo)
			lo = need;
	}
	row = lo;
	for (unsigned i = 0; i < s->n; i++) {
		const struct sharedbuf_format_rule *r = s->rules[i];
		uint32_t a;

		if (r->pitch_min > lo) {
			lo = r->pitch_min;
			lo_who = i;
		}
		if (r->pitch_max && r->pitch_max < hi) {
			hi = r->pitch_max;
			hi_who = i;
		}
		/* chroma pitches, plane 0's / d, must be aligned too */
		if (!sb_lcm(align, s->set[i]->pitch_align, &a) ||
		    __builtin_mul_overflow(a, d, &a) || !sb_lcm(align, a, &a)) {
			WHY("pitch alignment overflows at '%s'",
			    name_of(s->set[i]));
			return false;
		}
		if (a != align)
			align_who = i;
		align = a;
	}
	if (!round_up(lo, align, &p) || p > hi) {
		WHY("pitch: a row needs %" PRIu64 " bytes", row);
		if (lo_who < s->n)
			WHY(", '%s' at least %" PRIu64, name_of(s->set[lo_who]),
			    lo);
		if (align > 1)
			WHY(", '%s' a multiple of %u",
			    name_of(s->set[align_who < s->n ? align_who : 0]),
			    align);
		if (hi_who < s->n)
			WHY(", '%s' at most %" PRIu64, name_of(s->set[hi_who]),
			    hi);
		else
			WHY(", more than 32 bits");
		return false;
	}
	*pitch = (uint32_t)p;
	return true;
}

/* Plane offsets and the total size. */
static bool pick_planes(struct solve_ctx *s, struct sharedbuf_layout *l)
{
	char *why = s->why;
	size_t why_size = s->why_size;
	uint32_t oalign = 1, salign = (uint32_t)sysconf(_SC_PAGESIZE);
	unsigned packed_who = s->n;
	uint64_t end = 0, min_size = 0;

	for (unsigned i = 0; i < s->n; i++) {
		if (!sb_lcm(oalign, s->set[i]->offset_align, &oalign) ||
		    !sb_lcm(salign, s->set[i]->size_align, &salign)) {
			WHY("alignments overflow at '%s'", name_of(s->set[i]));
			return false;
		}
		if (s->set[i]->flags & SHAREDBUF_NEEDS_PACKED_PLANES)
			packed_who = i;
		if (s->rules[i]->size_min > min_size)
			min_size = s->rules[i]->size_min;
	}
	l->num_planes = s->f->planes;
	for (unsigned i = 0; i < s->f->planes; i++) {
		uint64_t off, bytes, pitch;
		uint32_t num, den;

		pitch_ratio(s->f, i, &num, &den);
		pitch = (uint64_t)(l->pitches[0] / den) * num;
		if (pitch > UINT32_MAX) {
			WHY("plane %u's pitch, %" PRIu64
			    ", is more than 32 bits",
			    i, pitch);
			return false;
		}
		l->pitches[i] = (uint32_t)pitch;
		if (!round_up(end, oalign, &off) ||
		    !plane_bytes(s->f, i, s->height, l->pitches[i], &bytes)) {
			WHY("size overflows 64 bits");
			return false;
		}
		if (off != end && packed_who < s->n) {
			WHY("plane %u: '%s' needs planes packed, but offsets "
			    "must be multiples of %u",
			    i, name_of(s->set[packed_who]), oalign);
			return false;
		}
		if (__builtin_add_overflow(off, bytes, &end)) {
			WHY("size overflows 64 bits");
			return false;
		}
		l->offsets[i] = off;
	}
	if (min_size > end)
		end = min_size;
	if (!round_up(end, salign, &l->size)) {
		WHY("size overflows 64 bits");
		return false;
	}
	return true;
}

/* Can every importer take @fourcc? Fills s->rules or explains. */
static bool find_rules(struct solve_ctx *s, uint32_t fourcc)
{
	char *why = s->why;
	size_t why_size = s->why_size;
	bool ok = true;

	for (unsigned i = 0; i < s->n; i++) {
		const struct sharedbuf_constraints *c = s->set[i];

		if (c->width &&
		    (c->width != s->width || c->height != s->height)) {
			WHY("%s'%s' describes %ux%u, not %ux%u", ok ? "" : ", ",
			    name_of(c), c->width, c->height, s->width,
			    s->height);
			ok = false;
			continue;
		}
		s->rules[i] = sharedbuf_constraints_find(c, fourcc);
		if (!s->rules[i]) {
			WHY("%s'%s' lacks it", ok ? "" : ", ", name_of(c));
			ok = false;
		}
	}
	return ok;
}

static bool try_format(struct solve_ctx *s, uint32_t fourcc,
		       struct sharedbuf_layout *l)
{
	char fcc[5];

	sb_fourcc_str(fourcc, fcc);
	sb_appendf(s->why, s->why_size,
		   "%s%s: ", s->why && s->why[0] ? "; " : "", fcc);
	s->f = sb_format_find(fourcc);
	if (!s->f) {
		sb_appendf(s->why, s->why_size, "not in sharedbuf's table");
		return false;
	}
	for (unsigned i = 0; i < s->f->planes; i++) {
		if (!s->f->char_per_block[i]) {
			sb_appendf(s->why, s->why_size,
				   "no linear layout (modifiers only)");
			return false;
		}
	}
	memset(l, 0, sizeof(*l));
	l->width = s->width;
	l->height = s->height;
	l->fourcc = fourcc;
	return find_rules(s, fourcc) && pick_modifier(s, &l->modifier) &&
	       pick_pitch(s, &l->pitches[0]) && pick_planes(s, l);
}

enum sharedbuf_result
sharedbuf_solve(const struct sharedbuf_constraints *const *set, unsigned n,
		uint32_t width, uint32_t height, const uint32_t *fourccs,
		unsigned num_fourccs, struct sharedbuf_layout *out, char *why,
		size_t why_size)
{
	struct solve_ctx s = {.set = set,
			      .n = n,
			      .width = width,
			      .height = height,
			      .why = why,
			      .why_size = why ? why_size : 0};
	struct sharedbuf_layout l;

	if (why && why_size)
		why[0] = '\0';
	if (!set || n == 0 || n > sizeof(s.rules) / sizeof(s.rules[0]) ||
	    !out || width == 0 || height == 0 || (num_fourccs && !fourccs))
		return SHAREDBUF_ERR_INVALID;
	for (unsigned i = 0; i < n; i++) {
		if (!set[i] || set[i]->num_formats > SHAREDBUF_MAX_FORMATS ||
		    !set[i]->pitch_align || !set[i]->offset_align ||
		    !set[i]->size_align)
			return SHAREDBUF_ERR_INVALID;
	}
	if (!num_fourccs) {
		for (uint32_t k = 0; k < set[0]->num_formats; k++) {
			if (try_format(&s, set[0]->formats[k].fourcc, &l))
				goto found;
		}
		if (set[0]->num_formats == 0)
			sb_appendf(why, s.why_size, "'%s' lists no format",
				   name_of(set[0]));
		return SHAREDBUF_ERR_CONFLICT;
	}
	for (unsigned k = 0; k < num_fourccs; k++) {
		if (try_format(&s, fourccs[k], &l))
			goto found;
	}
	return SHAREDBUF_ERR_CONFLICT;
found:
	if (why && why_size)
		why[0] = '\0';
	*out = l;
	return SHAREDBUF_OK;
}

/* Each check names what @c needs and what @l has. */
static bool meets_planes(const struct sharedbuf_layout *l,
			 const struct sharedbuf_constraints *c, char *why,
			 size_t why_size)
{
	const struct sb_format *f = sb_format_find(l->fourcc);
	uint64_t end = 0;

	for (uint32_t i = 0; i < l->num_planes && i < 4; i++) {
		uint64_t bytes = 0;

		if (f)
			plane_bytes(f, i, l->height, l->pitches[i], &bytes);
		if (l->pitches[i] % c->pitch_align) {
			WHY("'%s' needs pitches that are multiples of %u, "
			    "plane %u has %u",
			    name_of(c), c->pitch_align, i, l->pitches[i]);
			return false;
		}
		if (l->offsets[i] % c->offset_align) {
			WHY("'%s' needs offsets that are multiples of %u, "
			    "plane %u is at %" PRIu64,
			    name_of(c), c->offset_align, i, l->offsets[i]);
			return false;
		}
		if ((c->flags & SHAREDBUF_NEEDS_PACKED_PLANES) &&
		    l->offsets[i] != end) {
			WHY("'%s' needs packed planes, plane %u is at %" PRIu64
			    " not %" PRIu64,
			    name_of(c), i, l->offsets[i], end);
			return false;
		}
		end = l->offsets[i] + bytes;
	}
	return true;
}

enum sharedbuf_result
sharedbuf_layout_meets(const struct sharedbuf_layout *l,
		       const struct sharedbuf_constraints *c, char *why,
		       size_t why_size)
{
	const struct sharedbuf_format_rule *r;
	char fcc[5], m[24];

	why_size = why ? why_size : 0;
	if (why_size)
		why[0] = '\0';
	if (!l || !c || !c->pitch_align || !c->offset_align || !c->size_align)
		return SHAREDBUF_ERR_INVALID;
	sb_fourcc_str(l->fourcc, fcc);
	sb_modifier_str(l->modifier, m, sizeof(m));
	r = sharedbuf_constraints_find(c, l->fourcc);
	if (c->width && (c->width != l->width || c->height != l->height))
		WHY("'%s' describes %ux%u, the buffer is %ux%u", name_of(c),
		    c->width, c->height, l->width, l->height);
	else if (!r)
		WHY("'%s' does not take format %s", name_of(c), fcc);
	else if (!sb_rule_has_modifier(r, l->modifier))
		WHY("'%s' does not take %s with modifier %s", name_of(c), fcc,
		    m);
	else if (l->pitches[0] < r->pitch_min ||
		 (r->pitch_max && l->pitches[0] > r->pitch_max))
		WHY("'%s' needs a pitch in %u..%u, the buffer's is %u",
		    name_of(c), r->pitch_min, r->pitch_max, l->pitches[0]);
	else if (!meets_planes(l, c, why, why_size))
		return SHAREDBUF_ERR_CONFLICT;
	else if (l->size % c->size_align || l->size < r->size_min)
		WHY("'%s' needs a size that is a multiple of %u and at least "
		    "%" PRIu64 ", the buffer's is %" PRIu64,
		    name_of(c), c->size_align, r->size_min, l->size);
	else
		return SHAREDBUF_OK;
	return SHAREDBUF_ERR_CONFLICT;
}

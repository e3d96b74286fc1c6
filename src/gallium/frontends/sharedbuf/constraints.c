/* SPDX-License-Identifier: MIT */
/* struct sharedbuf_constraints: build, look up, intersect, print. */
#include "constraints.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>
#include <xf86drm.h>

#include "format.h"

void sharedbuf_constraints_init(struct sharedbuf_constraints *c,
				const char *name)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "");
	c->pitch_align = 1;
	c->offset_align = 1;
	c->size_align = 1;
}

const struct sharedbuf_format_rule *
sharedbuf_constraints_find(const struct sharedbuf_constraints *c,
			   uint32_t fourcc)
{
	uint32_t n = c->num_formats < SHAREDBUF_MAX_FORMATS
			     ? c->num_formats
			     : SHAREDBUF_MAX_FORMATS;

	for (uint32_t i = 0; i < n; i++) {
		if (c->formats[i].fourcc == fourcc)
			return &c->formats[i];
	}
	return NULL;
}

struct sharedbuf_format_rule *
sharedbuf_constraints_add(struct sharedbuf_constraints *c, uint32_t fourcc,
			  uint64_t modifier)
{
	struct sharedbuf_format_rule *r;

	if (c->num_formats >= SHAREDBUF_MAX_FORMATS ||
	    sharedbuf_constraints_find(c, fourcc))
		return NULL;
	r = &c->formats[c->num_formats++];
	memset(r, 0, sizeof(*r));
	r->fourcc = fourcc;
	r->num_modifiers = 1;
	r->modifiers[0] = modifier;
	return r;
}

bool sb_rule_has_modifier(const struct sharedbuf_format_rule *r, uint64_t mod)
{
	for (uint32_t i = 0; i < r->num_modifiers; i++) {
		if (r->modifiers[i] == mod)
			return true;
	}
	return false;
}

bool sb_lcm(uint32_t a, uint32_t b, uint32_t *out)
{
	uint32_t x = a, y = b, t;
	uint64_t l;

	if (a == 0 || b == 0)
		return false;
	while (y) {
		t = x % y;
		x = y;
		y = t;
	}
	l = (uint64_t)(a / x) * b;
	if (l > UINT32_MAX)
		return false;
	*out = (uint32_t)l;
	return true;
}

uint32_t sb_min_nonzero(uint32_t a, uint32_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

/* The rule satisfying both @x and @y into @o; false if no modifier is
 * common. */
static bool rule_intersect(const struct sharedbuf_format_rule *x,
			   const struct sharedbuf_format_rule *y,
			   struct sharedbuf_format_rule *o)
{
	struct sharedbuf_format_rule r = {.fourcc = x->fourcc};

	for (uint32_t i = 0; i < x->num_modifiers; i++) {
		if (sb_rule_has_modifier(y, x->modifiers[i]))
			r.modifiers[r.num_modifiers++] = x->modifiers[i];
	}
	if (r.num_modifiers == 0)
		return false;
	r.flags = x->flags | y->flags;
	r.pitch_min = x->pitch_min > y->pitch_min ? x->pitch_min : y->pitch_min;
	r.pitch_max = sb_min_nonzero(x->pitch_max, y->pitch_max);
	r.size_min = x->size_min > y->size_min ? x->size_min : y->size_min;
	*o = r;
	return true;
}

enum sharedbuf_result
sharedbuf_constraints_intersect(const struct sharedbuf_constraints *a,
				const struct sharedbuf_constraints *b,
				struct sharedbuf_constraints *out)
{
	/* On the heap: @out may alias @a or @b, and 13 kB is a lot of
	 * stack for a library call. */
	struct sharedbuf_constraints *r;
	const struct sharedbuf_format_rule *y;
	char name[SHAREDBUF_NAME_MAX * 2 + 2];

	if (!a || !b || !out)
		return SHAREDBUF_ERR_INVALID;
	if (a->width && b->width &&
	    (a->width != b->width || a->height != b->height))
		return SHAREDBUF_ERR_INVALID;
	r = calloc(1, sizeof(*r));
	if (!r)
		return SHAREDBUF_ERR_NO_MEMORY;
	snprintf(name, sizeof(name), "%.*s+%.*s", SHAREDBUF_NAME_MAX - 1,
		 a->name, SHAREDBUF_NAME_MAX - 1, b->name);
	sharedbuf_constraints_init(r, name);
	r->flags = a->flags | b->flags;
	r->width = a->width ? a->width : b->width;
	r->height = a->width ? a->height : b->height;
	if (!sb_lcm(a->pitch_align, b->pitch_align, &r->pitch_align) ||
	    !sb_lcm(a->offset_align, b->offset_align, &r->offset_align) ||
	    !sb_lcm(a->size_align, b->size_align, &r->size_align)) {
		free(r);
		return SHAREDBUF_ERR_INVALID;
	}
	for (uint32_t i = 0; i < a->num_formats && i < SHAREDBUF_MAX_FORMATS;
	     i++) {
		y = sharedbuf_constraints_find(b, a->formats[i].fourcc);
		if (y && rule_intersect(&a->formats[i], y,
					&r->formats[r->num_formats]))
			r->num_formats++;
	}
	*out = *r;
	free(r);
	return SHAREDBUF_OK;
}

void sb_appendf(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strnlen(buf, size);
	va_list ap;

	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

void sb_fourcc_str(uint32_t fourcc, char out[5])
{
	for (int i = 0; i < 4; i++) {
		char ch = (char)((fourcc >> (8 * i)) & 0xff);

		out[i] = ch >= 0x20 && ch < 0x7f ? ch : '?';
	}
	out[4] = '\0';
}

void sb_modifier_str(uint64_t mod, char *out, size_t size)
{
	if (mod == DRM_FORMAT_MOD_LINEAR)
		snprintf(out, size, "linear");
	else if (mod == DRM_FORMAT_MOD_INVALID)
		snprintf(out, size, "implicit");
	else
		snprintf(out, size, "0x%016" PRIx64, mod);
}

static void print_flags(uint32_t flags, FILE *f)
{
	static const char *const names[] = {
		"contiguous", "cpu-read",      "cpu-write",
		"own-memory", "packed-planes",
	};

	fprintf(f, "  needs:");
	if (!flags)
		fprintf(f, " nothing special");
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & (1u << i))
			fprintf(f, " %s", names[i]);
	}
	fprintf(f, "\n");
}

void sharedbuf_constraints_print(const struct sharedbuf_constraints *c, FILE *f)
{
	char fcc[5], mod[24];

	fprintf(f, "%s:", c->name[0] ? c->name : "(unnamed)");
	if (c->width)
		fprintf(f, " at %ux%u", c->width, c->height);
	fprintf(f, " pitch %% %u, offset %% %u, size %% %u, %u formats\n",
		c->pitch_align, c->offset_align, c->size_align, c->num_formats);
	print_flags(c->flags, f);
	for (uint32_t i = 0; i < c->num_formats && i < SHAREDBUF_MAX_FORMATS;
	     i++) {
		const struct sharedbuf_format_rule *r = &c->formats[i];

		sb_fourcc_str(r->fourcc, fcc);
		fprintf(f, "  %s", fcc);
		for (uint32_t m = 0;
		     m < r->num_modifiers && m < SHAREDBUF_MAX_MODIFIERS; m++) {
			sb_modifier_str(r->modifiers[m], mod, sizeof(mod));
			fprintf(f, "%s%s", m ? "," : " ", mod);
		}
		if (r->flags & SHAREDBUF_FORMAT_EXTERNAL_ONLY)
			fprintf(f, " external-only");
		if (r->pitch_max && r->pitch_max == r->pitch_min)
			fprintf(f, " pitch=%u", r->pitch_min);
		else if (r->pitch_max)
			fprintf(f, " pitch %u..%u", r->pitch_min, r->pitch_max);
		else if (r->pitch_min)
			fprintf(f, " pitch>=%u", r->pitch_min);
		if (r->size_min)
			fprintf(f, " size>=%" PRIu64, r->size_min);
		fprintf(f, "\n");
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * The wire form of struct sharedbuf_constraints, for passing an importer's
 * needs across a process boundary. Little endian:
 *
 *   u32 magic "SBCN", u32 version (1), u32 total length in bytes,
 *   char name[32] (NUL-padded), u32 flags, width, height,
 *   pitch_align, offset_align, size_align, num_formats, then per format:
 *   u32 fourcc, flags, pitch_min, pitch_max, u64 size_min,
 *   u32 num_modifiers, u64 modifiers[num_modifiers].
 *
 * The reader trusts nothing: every count and length is checked against
 * the bytes given, and the total must match exactly.
 */
#include "constraints.h"

#include <string.h>

#define MAGIC	0x4e434253u /* "SBCN" */
#define VERSION 1u
#define HEADER	(3 * 4 + SHAREDBUF_NAME_MAX + 7 * 4)

struct writer {
	uint8_t *p;
	size_t size, len;
};

static void put(struct writer *w, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++, w->len++) {
		if (w->len < w->size)
			w->p[w->len] = (uint8_t)(v >> (8 * i));
	}
}

size_t sharedbuf_constraints_serialise(const struct sharedbuf_constraints *c,
				       void *buf, size_t size)
{
	struct writer w = {.p = buf, .size = buf ? size : 0};
	uint32_t n = c->num_formats < SHAREDBUF_MAX_FORMATS
			     ? c->num_formats
			     : SHAREDBUF_MAX_FORMATS;
	size_t total = HEADER;

	for (uint32_t i = 0; i < n; i++)
		total += 28 + 8 * (size_t)c->formats[i].num_modifiers;
	if (total > size)
		w.size = 0; /* too small: only count */
	put(&w, MAGIC, 4);
	put(&w, VERSION, 4);
	put(&w, total, 4);
	/* NUL-padded whatever follows the caller's NUL */
	for (size_t i = 0, len = strnlen(c->name, SHAREDBUF_NAME_MAX - 1);
	     i < SHAREDBUF_NAME_MAX; i++)
		put(&w, i < len ? (uint8_t)c->name[i] : 0, 1);
	put(&w, c->flags, 4);
	put(&w, c->width, 4);
	put(&w, c->height, 4);
	put(&w, c->pitch_align, 4);
	put(&w, c->offset_align, 4);
	put(&w, c->size_align, 4);
	put(&w, n, 4);
	for (uint32_t i = 0; i < n; i++) {
		const struct sharedbuf_format_rule *r = &c->formats[i];

		put(&w, r->fourcc, 4);
		put(&w, r->flags, 4);
		put(&w, r->pitch_min, 4);
		put(&w, r->pitch_max, 4);
		put(&w, r->size_min, 8);
		put(&w, r->num_modifiers, 4);
		for (uint32_t m = 0; m < r->num_modifiers; m++)
			put(&w, r->modifiers[m], 8);
	}
	return total;
}

struct reader {
	const uint8_t *p;
	size_t size, pos;
	bool bad;
};

static uint64_t get(struct reader *r, unsigned bytes)
{
	uint64_t v = 0;

	if (r->bad || r->size - r->pos < bytes) {
		r->bad = true;
		return 0;
	}
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)r->p[r->pos + i] << (8 * i);
	r->pos += bytes;
	return v;
}

static bool read_rule(struct reader *rd, struct sharedbuf_format_rule *r)
{
	r->fourcc = (uint32_t)get(rd, 4);
	r->flags = (uint32_t)get(rd, 4);
	r->pitch_min = (uint32_t)get(rd, 4);
	r->pitch_max = (uint32_t)get(rd, 4);
	r->size_min = get(rd, 8);
	r->num_modifiers = (uint32_t)get(rd, 4);
	if (rd->bad || r->num_modifiers == 0 ||
	    r->num_modifiers > SHAREDBUF_MAX_MODIFIERS ||
	    (r->flags & ~SHAREDBUF_FORMAT_MASK) ||
	    (r->pitch_max && r->pitch_max < r->pitch_min))
		return false;
	for (uint32_t m = 0; m < r->num_modifiers; m++)
		r->modifiers[m] = get(rd, 8);
	return !rd->bad;
}

static bool read_all(struct reader *rd, struct sharedbuf_constraints *c)
{
	if (get(rd, 4) != MAGIC || get(rd, 4) != VERSION ||
	    get(rd, 4) != rd->size || rd->size < HEADER)
		return false;
	memcpy(c->name, rd->p + rd->pos, SHAREDBUF_NAME_MAX);
	rd->pos += SHAREDBUF_NAME_MAX;
	/* NUL-padded: one spelling per name */
	for (size_t i = strnlen(c->name, SHAREDBUF_NAME_MAX);
	     i < SHAREDBUF_NAME_MAX; i++) {
		if (c->name[i])
			return false;
	}
	if (c->name[SHAREDBUF_NAME_MAX - 1])
		return false;
	c->flags = (uint32_t)get(rd, 4);
	c->width = (uint32_t)get(rd, 4);
	c->height = (uint32_t)get(rd, 4);
	c->pitch_align = (uint32_t)get(rd, 4);
	c->offset_align = (uint32_t)get(rd, 4);
	c->size_align = (uint32_t)get(rd, 4);
	c->num_formats = (uint32_t)get(rd, 4);
	if (rd->bad || (c->flags & ~SHAREDBUF_NEEDS_MASK) || !c->pitch_align ||
	    !c->offset_align || !c->size_align || (!c->width != !c->height) ||
	    c->num_formats > SHAREDBUF_MAX_FORMATS)
		return false;
	for (uint32_t i = 0; i < c->num_formats; i++) {
		if (!read_rule(rd, &c->formats[i]))
			return false;
		for (uint32_t j = 0; j < i; j++) {
			if (c->formats[j].fourcc == c->formats[i].fourcc)
				return false; /* one rule per format */
		}
	}
	return rd->pos == rd->size;
}

enum sharedbuf_result
sharedbuf_constraints_deserialise(const void *buf, size_t size,
				  struct sharedbuf_constraints *c)
{
	struct sharedbuf_constraints *tmp;
	struct reader rd = {.p = buf, .size = size};
	bool ok;

	if (!buf || !c)
		return SHAREDBUF_ERR_INVALID;
	tmp = calloc(1, sizeof(*tmp));
	if (!tmp)
		return SHAREDBUF_ERR_NO_MEMORY;
	ok = read_all(&rd, tmp);
	if (ok)
		*c = *tmp; /* publish only a whole, valid value */
	free(tmp);
	return ok ? SHAREDBUF_OK : SHAREDBUF_ERR_INVALID;
}

/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: sharedbuf_constraints_deserialise() on any bytes, and
 * sharedbuf_solve() on whatever it accepts. Built by tests/fuzz/run.sh (or
 * tests/fuzz/meson.build with clang).
 *
 * Checks that neither crashes or hits undefined behaviour, and that:
 *   - an accepted blob serialises back to exactly the same bytes;
 *   - a solved layout meets every importer (sharedbuf_layout_meets) and
 *     every plane fits inside its size (sb_layout_check, the import check).
 *
 * Input, little endian, missing bytes read as 0:
 *   u16 width, u16 height (small: big sizes only test overflow paths,
 *       which the unit tests cover), u16 length of the first blob,
 *   the first blob, then the second blob (the rest).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "sharedbuf/alloc.h"

static struct sharedbuf_constraints a, b;
static uint8_t back[1 << 16];

static uint32_t u16_at(const uint8_t *d, size_t n, size_t at)
{
	return (at < n ? d[at] : 0) | (at + 1 < n ? d[at + 1] << 8 : 0);
}

/* Does @blob read back and write out to itself? Aborts if not. */
static bool load(const uint8_t *blob, size_t n, struct sharedbuf_constraints *c)
{
	if (sharedbuf_constraints_deserialise(blob, n, c) != SHAREDBUF_OK)
		return false;
	if (sharedbuf_constraints_serialise(c, back, sizeof(back)) != n ||
	    memcmp(back, blob, n) != 0) {
		fprintf(stderr, "round trip differs\n");
		abort();
	}
	return true;
}

static void check_layout(const struct sharedbuf_layout *l)
{
	struct sb_layout sl = {.width = l->width,
			       .height = l->height,
			       .fourcc = l->fourcc,
			       .num_planes = l->num_planes,
			       .has_modifier = true,
			       .modifier = l->modifier};
	uint64_t sizes[SB_MAX_PLANES];

	for (unsigned i = 0; i < l->num_planes; i++) {
		sl.planes[i].offset = l->offsets[i];
		sl.planes[i].pitch = l->pitches[i];
		sizes[i] = l->size;
	}
	char why[512];

	if (sharedbuf_layout_meets(l, &a, why, sizeof(why)) != SHAREDBUF_OK ||
	    sharedbuf_layout_meets(l, &b, why, sizeof(why)) != SHAREDBUF_OK) {
		fprintf(stderr, "solved layout misses: %s\n", why);
		abort();
	}
	if (sb_layout_check(&sl, sizes, NULL) != SB_LAYOUT_OK) {
		fprintf(stderr, "solved layout fails the import check\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const struct sharedbuf_constraints *set[] = {&a, &b};
	uint32_t w = u16_at(d, n, 0), h = u16_at(d, n, 2);
	size_t len1 = u16_at(d, n, 4), off = n < 6 ? n : 6;
	struct sharedbuf_layout l;
	char why[512];

	if (len1 > n - off)
		len1 = n - off;
	if (!load(d + off, len1, &a))
		return 0;
	if (!load(d + off + len1, n - off - len1, &b))
		b = a;
	sharedbuf_constraints_intersect(&a, &b, &b);
	if (sharedbuf_solve(set, 2, w, h, NULL, 0, &l, why, sizeof(why)) ==
	    SHAREDBUF_OK)
		check_layout(&l);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* Helpers shared by the constraint, solver and allocation files. */
#ifndef SB_CONSTRAINTS_H
#define SB_CONSTRAINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "sharedbuf/alloc.h"

/* Does @r list @mod? */
bool sb_rule_has_modifier(const struct sharedbuf_format_rule *r, uint64_t mod);

/* Least common multiple of @a and @b (both > 0); false on 0 or overflow. */
bool sb_lcm(uint32_t a, uint32_t b, uint32_t *out);

/* The smaller of two limits where 0 means none. */
uint32_t sb_min_nonzero(uint32_t a, uint32_t b);

/* "XR24" for DRM_FORMAT_XRGB8888; '?' for unprintable bytes. */
void sb_fourcc_str(uint32_t fourcc, char out[5]);

/* "linear", "implicit" or the modifier in hex. */
void sb_modifier_str(uint64_t mod, char *out, size_t size);

/* Appends printf text to @buf (size @size, NUL-terminated), truncating. */
void sb_appendf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

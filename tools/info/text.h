/* SPDX-License-Identifier: MIT */
/* Layout helpers shared by the text sections: a title per section, then
 * "label   value" lines with the values in one column. */
#ifndef SB_INFO_TEXT_H
#define SB_INFO_TEXT_H

#include <stdio.h>

#define TEXT_LABEL_W 26 /* label column, indent included */

void text_section(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "  label<pad>value": @indent levels of two spaces before the label; the
 * value starts at column @width (or one space after a longer label). */
void text_kv(FILE *out, int indent, int width, const char *label,
	     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Like text_kv, the value being the space-separated @words wrapped at 80
 * columns, each line starting in the value column; "-" when empty. */
void text_kv_words(FILE *out, int indent, int width, const char *label,
		   const char *words);

/* "-" for NULL: absent facts still take their line. */
const char *text_or_dash(const char *s);

#endif

/* SPDX-License-Identifier: MIT */
#include "text.h"

#include <stdarg.h>
#include <stdbool.h>

#include "egl_ext.h"

#define TEXT_COLS 80

void text_section(FILE *out, const char *fmt, ...)
{
	va_list ap;

	fputs("\n== ", out);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

void text_kv(FILE *out, int indent, int width, const char *label,
	     const char *fmt, ...)
{
	int col = fprintf(out, "%*s%s", indent * 2, "", label);
	va_list ap;

	fprintf(out, "%*s", col < width ? width - col : 1, "");
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

void text_kv_words(FILE *out, int indent, int width, const char *label,
		   const char *words)
{
	int col = fprintf(out, "%*s%s", indent * 2, "", label);
	const char *pos = words, *w;
	bool any = false;
	size_t len;
	int at;

	col += fprintf(out, "%*s", col < width ? width - col : 1, "");
	at = col;
	while ((w = ext_next(&pos, &len))) {
		/* A new line when this word would cross the edge, unless it
		 * is the line's first (it would not fit on any line). */
		if (at > col && at + 1 + (int)len > TEXT_COLS) {
			fprintf(out, "\n%*s", col, "");
			at = col;
		}
		at += fprintf(out, "%s%.*s", at > col ? " " : "", (int)len, w);
		any = true;
	}
	fputs(any ? "\n" : "-\n", out);
}

const char *text_or_dash(const char *s)
{
	return s && *s ? s : "-";
}

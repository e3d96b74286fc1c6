/* SPDX-License-Identifier: MIT */
#include "json.h"

#include <inttypes.h>
#include <stddef.h>

void json_init(struct json *j, FILE *out)
{
	*j = (struct json){.out = out};
}

/* Length of the valid UTF-8 sequence at @s, or 0 when it is not one
 * (stray continuation byte, truncated, overlong, surrogate, > U+10FFFF).
 * JSON must be UTF-8, and driver strings are not promised to be. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	uint32_t cp;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static void write_char(FILE *out, unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", out);
		break;
	case '\\':
		fputs("\\\\", out);
		break;
	case '\n':
		fputs("\\n", out);
		break;
	case '\r':
		fputs("\\r", out);
		break;
	case '\t':
		fputs("\\t", out);
		break;
	case '\b':
		fputs("\\b", out);
		break;
	case '\f':
		fputs("\\f", out);
		break;
	default:
		if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

static void write_escaped(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s) {
		size_t n = utf8_len(s);

		if (n == 0) {
			fputs("\\ufffd", out);
			s++;
		} else if (n > 1) {
			fwrite(s, 1, n, out);
			s += n;
		} else {
			write_char(out, *s++);
		}
	}
	fputc('"', out);
}

static void newline(struct json *j)
{
	fputc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Everything before a value: the comma, the line break, the key. A key
 * where none belongs (or none where one must be) breaks the document. */
static bool begin_value(struct json *j, const char *key)
{
	bool in_object = j->depth > 0 && j->is_object[j->depth - 1];

	if (j->broken || (key != NULL) != in_object ||
	    (j->depth == 0 && j->has_value)) {
		j->broken = true;
		return false;
	}
	if (j->depth > 0) {
		if (j->has_member[j->depth - 1])
			fputc(',', j->out);
		j->has_member[j->depth - 1] = true;
		newline(j);
	}
	j->has_value = true;
	if (key) {
		write_escaped(j->out, key);
		fputs(": ", j->out);
	}
	return true;
}

static void begin(struct json *j, const char *key, bool object)
{
	if (!begin_value(j, key))
		return;
	if (j->depth == JSON_MAX_DEPTH) {
		j->broken = true;
		return;
	}
	fputc(object ? '{' : '[', j->out);
	j->is_object[j->depth] = object;
	j->has_member[j->depth] = false;
	j->depth++;
}

static void end(struct json *j, bool object)
{
	if (j->broken || j->depth == 0 ||
	    j->is_object[j->depth - 1] != object) {
		j->broken = true;
		return;
	}
	j->depth--;
	if (j->has_member[j->depth])
		newline(j);
	fputc(object ? '}' : ']', j->out);
}

void json_begin_object(struct json *j, const char *key)
{
	begin(j, key, true);
}

void json_end_object(struct json *j)
{
	end(j, true);
}

void json_begin_array(struct json *j, const char *key)
{
	begin(j, key, false);
}

void json_end_array(struct json *j)
{
	end(j, false);
}

void json_string(struct json *j, const char *key, const char *value)
{
	if (!begin_value(j, key))
		return;
	if (value)
		write_escaped(j->out, value);
	else
		fputs("null", j->out);
}

void json_bool(struct json *j, const char *key, bool value)
{
	if (begin_value(j, key))
		fputs(value ? "true" : "false", j->out);
}

void json_int(struct json *j, const char *key, int64_t value)
{
	if (begin_value(j, key))
		fprintf(j->out, "%" PRId64, value);
}

void json_null(struct json *j, const char *key)
{
	if (begin_value(j, key))
		fputs("null", j->out);
}

bool json_finish(struct json *j)
{
	if (j->depth != 0 || !j->has_value)
		j->broken = true;
	fputc('\n', j->out);
	return fflush(j->out) == 0 && !ferror(j->out) && !j->broken;
}

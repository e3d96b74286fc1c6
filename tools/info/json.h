/* SPDX-License-Identifier: MIT */
/*
 * A tiny streaming JSON writer: members are written as they come, so the
 * caller's call sequence is the document's shape. Strings are escaped per
 * RFC 8259; bytes that are not valid UTF-8 become U+FFFD, so whatever a
 * driver or the kernel hands us, the output still parses.
 *
 * @key is the member name inside an object and must be NULL inside an
 * array (and for the top-level value).
 */
#ifndef SB_INFO_JSON_H
#define SB_INFO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *out;
	int depth;
	/* has_member[d]: the container at depth d already holds a value, so
	 * the next one needs a comma first. */
	bool has_member[JSON_MAX_DEPTH];
	bool is_object[JSON_MAX_DEPTH]; /* else an array */
	/* The top-level value has begun: there is only one. */
	bool has_value;
	/* Nesting too deep or wrong: the output is not JSON any more. */
	bool broken;
};

void json_init(struct json *j, FILE *out);

void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);

/* A NULL @value is written as null. */
void json_string(struct json *j, const char *key, const char *value);
void json_bool(struct json *j, const char *key, bool value);
void json_int(struct json *j, const char *key, int64_t value);
void json_null(struct json *j, const char *key);

/* Ends the document with a newline. False when the nesting was wrong or
 * writing failed. */
bool json_finish(struct json *j);

#endif

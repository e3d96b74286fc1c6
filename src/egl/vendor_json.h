/* SPDX-License-Identifier: MIT */
/*
 * Reading a glvnd vendor JSON file, e.g.
 *   {"file_format_version": "1.0.0",
 *    "ICD": {"library_path": "libEGL_mesa.so.0"}}
 * Pure string work: no I/O, unit-tested on the host.
 */
#ifndef SB_VENDOR_JSON_H
#define SB_VENDOR_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Copies the unescaped value of the first "library_path" string in @json
 * into @out (size @n). False if absent, malformed or longer than n - 1. */
bool sb_vendor_json_library_path(const char *json, char *out, size_t n);

/* Resolves @lib as glvnd does for a JSON at @json_path: a name without '/'
 * is left to the dynamic loader's search, an absolute path is kept, a
 * relative path is taken from the JSON's folder. False if it does not fit. */
bool sb_vendor_json_resolve(const char *json_path, const char *lib, char *out,
			    size_t n);

#endif

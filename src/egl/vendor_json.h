/* SPDX-License-Identifier: MIT */
/*
 * Reading a glvnd vendor JSON file, e.g.
 *   {"file_format_version": "1.0.0",
 *    "ICD": {"library_path": "libEGL_mesa.so.0"}}
 * parsed with json-c as glvnd reads it (src/EGL/libeglvendor.c): the
 * file_format_version string is 1.0.x and ICD is an object whose
 * library_path is a string. No I/O, unit-tested on the host.
 */
#ifndef SB_VENDOR_JSON_H
#define SB_VENDOR_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Copies ICD.library_path of the vendor JSON text @json (NUL-terminated)
 * into @out (size @n). False if @json is not one JSON value (trailing space
 * aside), its file_format_version is not a string "1", "1.0" or
 * "1.0.x" (a newer minor may add fields this reader would miss), ICD is not an
 * object, library_path is not a string, or the path is empty, holds a NUL
 * or is longer than n - 1. A "library_path" anywhere else is ignored. */
bool sb_vendor_json_library_path(const char *json, char *out, size_t n);

/* Resolves @lib for a JSON at @json_path: a name without '/' is left to the
 * dynamic loader's search, an absolute path is kept, a relative path is
 * taken from the JSON's folder (as the Vulkan loader does; glvnd would
 * dlopen it from the current directory, which a setuid program's caller
 * chooses). False if it does not fit. */
bool sb_vendor_json_resolve(const char *json_path, const char *lib, char *out,
			    size_t n);

#endif

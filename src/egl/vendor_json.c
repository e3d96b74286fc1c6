/* SPDX-License-Identifier: MIT */
#include "vendor_json.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json.h>

/* The vendor JSON format glvnd 1.x reads, and so this reader. */
#define FORMAT_MAJOR 1
#define FORMAT_MINOR 0

static bool only_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return *p == '\0';
}

/* "1", "1.0" or "1.0.0", as glvnd's CheckFormatVersion reads it: the major
 * must match; a later minor adds fields a reader must not ignore. */
static bool format_ok(struct json_object *version)
{
	int major = -1, minor = 0, rev = 0;

	if (!json_object_is_type(version, json_type_string) ||
	    sscanf(json_object_get_string(version), "%d.%d.%d", &major, &minor,
		   &rev) < 1)
		return false;
	return major == FORMAT_MAJOR && minor <= FORMAT_MINOR;
}

/* @root's ICD.library_path, or NULL when a member is missing or of the
 * wrong type. */
static const char *library_path(struct json_object *root, size_t *len)
{
	struct json_object *version, *icd, *lib;

	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "file_format_version", &version) ||
	    !format_ok(version) ||
	    !json_object_object_get_ex(root, "ICD", &icd) ||
	    !json_object_is_type(icd, json_type_object) ||
	    !json_object_object_get_ex(icd, "library_path", &lib) ||
	    !json_object_is_type(lib, json_type_string))
		return NULL;
	*len = (size_t)json_object_get_string_len(lib);
	return json_object_get_string(lib);
}

bool sb_vendor_json_library_path(const char *json, char *out, size_t n)
{
	struct json_tokener *tok;
	struct json_object *root;
	const char *lib = NULL;
	size_t len = 0, text_len;
	bool ok = false;

	if (!json || n == 0)
		return false;
	text_len = strlen(json);
	if (text_len > INT_MAX)
		return false;
	tok = json_tokener_new();
	if (!tok)
		return false;
	root = json_tokener_parse_ex(tok, json, (int)text_len);
	/* One complete JSON value and nothing after it but space. */
	if (root && json_tokener_get_error(tok) == json_tokener_success &&
	    only_space(json + json_tokener_get_parse_end(tok)))
		lib = library_path(root, &len);
	/* Empty, too long, or holding a NUL (\u0000): not a path. */
	if (lib && len > 0 && len < n && strlen(lib) == len) {
		memcpy(out, lib, len + 1);
		ok = true;
	}
	json_object_put(root);
	json_tokener_free(tok);
	return ok;
}

bool sb_vendor_json_resolve(const char *json_path, const char *lib, char *out,
			    size_t n)
{
	const char *slash = strrchr(json_path, '/');
	int len;

	if (lib[0] == '/' || !strchr(lib, '/') || !slash)
		len = snprintf(out, n, "%s", lib);
	else
		len = snprintf(out, n, "%.*s/%s", (int)(slash - json_path),
			       json_path, lib);
	return len > 0 && (size_t)len < n;
}

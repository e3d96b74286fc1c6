/* SPDX-License-Identifier: MIT */
#include "vendor_json.h"

#include <stdio.h>
#include <string.h>

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Unescapes the JSON string starting after its opening quote at @p.
 * Only the escapes a path can hold: \" \\ \/. */
static bool copy_string(const char *p, char *out, size_t n)
{
	size_t len = 0;

	for (; *p && *p != '"'; p++) {
		if (*p == '\\') {
			p++;
			if (*p != '"' && *p != '\\' && *p != '/')
				return false;
		}
		if (len + 1 >= n)
			return false;
		out[len++] = *p;
	}
	if (*p != '"' || len == 0)
		return false;
	out[len] = '\0';
	return true;
}

bool sb_vendor_json_library_path(const char *json, char *out, size_t n)
{
	static const char key[] = "\"library_path\"";
	const char *p = json ? strstr(json, key) : NULL;

	if (!p || n == 0)
		return false;
	p = skip_space(p + strlen(key));
	if (*p != ':')
		return false;
	p = skip_space(p + 1);
	if (*p != '"')
		return false;
	return copy_string(p + 1, out, n);
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

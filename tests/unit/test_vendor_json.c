/* SPDX-License-Identifier: MIT */
/* Unit test: reading library_path from glvnd vendor JSON files. */
#include <stdio.h>
#include <string.h>

#include "piglit.h"
#include "vendor_json.h"

struct parse_case {
	const char *name;
	const char *json;
	const char *want; /* NULL: must be rejected */
	size_t out_size;
};

static const struct parse_case parse_cases[] = {
	{"mesa",
	 "{\n \"file_format_version\" : \"1.0.0\",\n \"ICD\" : {\n"
	 "  \"library_path\" : \"libEGL_mesa.so.0\"\n }\n}\n",
	 "libEGL_mesa.so.0", 64},
	{"compact", "{\"ICD\":{\"library_path\":\"/a/b.so\"}}", "/a/b.so", 64},
	{"escapes", "{\"library_path\": \"\\/x\\\\y\\\"z\"}", "/x\\y\"z", 64},
	{"missing", "{\"ICD\": {}}", NULL, 64},
	{"not-a-string", "{\"library_path\": 5}", NULL, 64},
	{"no-colon", "{\"library_path\" \"a\"}", NULL, 64},
	{"unterminated", "{\"library_path\": \"abc", NULL, 64},
	{"empty", "{\"library_path\": \"\"}", NULL, 64},
	{"bad-escape", "{\"library_path\": \"a\\nb\"}", NULL, 64},
	{"too-long", "{\"library_path\": \"abcdefgh\"}", NULL, 8},
	{"just-fits", "{\"library_path\": \"abcdefg\"}", "abcdefg", 8},
};

struct resolve_case {
	const char *json_path, *lib, *want;
};

static const struct resolve_case resolve_cases[] = {
	{"/etc/x/50_mesa.json", "libEGL_mesa.so.0", "libEGL_mesa.so.0"},
	{"/etc/x/50_mesa.json", "/opt/lib/libEGL.so", "/opt/lib/libEGL.so"},
	{"/etc/x/50_mesa.json", "../lib/libEGL.so", "/etc/x/../lib/libEGL.so"},
	{"rel.json", "sub/lib.so", "sub/lib.so"},
};

int main(void)
{
	int failed = 0;
	char out[256];

	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]);
	     i++) {
		const struct parse_case *c = &parse_cases[i];
		bool ok =
			sb_vendor_json_library_path(c->json, out, c->out_size);

		if (ok != (c->want != NULL) || (ok && strcmp(out, c->want))) {
			printf("parse %s: got %s \"%s\"\n", c->name,
			       ok ? "ok" : "rejected", ok ? out : "");
			failed++;
		}
	}
	for (size_t i = 0; i < sizeof(resolve_cases) / sizeof(resolve_cases[0]);
	     i++) {
		const struct resolve_case *c = &resolve_cases[i];

		if (!sb_vendor_json_resolve(c->json_path, c->lib, out,
					    sizeof(out)) ||
		    strcmp(out, c->want)) {
			printf("resolve %s + %s: got %s\n", c->json_path,
			       c->lib, out);
			failed++;
		}
	}
	if (sb_vendor_json_resolve("/a/b.json", "c/d.so", out, 6)) {
		printf("resolve into a short buffer succeeded\n");
		failed++;
	}
	if (failed)
		piglit_fail("%d vendor JSON cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}

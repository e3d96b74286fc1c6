/* SPDX-License-Identifier: MIT */
/*
 * Unit test: reading a glvnd vendor JSON file as glvnd does (its
 * src/EGL/libeglvendor.c: file_format_version a string of major 1 and
 * minor 0, ICD an object, ICD.library_path a string), resolving the path,
 * and the ABI version the next vendor is started with.
 */
#include <stdio.h>
#include <string.h>

#include "next_vendor.h"
#include "piglit.h"
#include "vendor_json.h"

struct parse_case {
	const char *name;
	const char *json;
	const char *want; /* NULL: must be rejected */
	size_t out_size;
};

#define V      "\"file_format_version\": \"1.0.0\", "
#define ICD(x) "{" V "\"ICD\": {\"library_path\": " x "}}"

static const struct parse_case parse_cases[] = {
	{"mesa",
	 "{\n \"file_format_version\" : \"1.0.0\",\n \"ICD\" : {\n"
	 "  \"library_path\" : \"libEGL_mesa.so.0\"\n }\n}\n",
	 "libEGL_mesa.so.0", 64},
	{"compact",
	 "{\"file_format_version\":\"1.0.0\",\"ICD\":"
	 "{\"library_path\":\"/a/b.so\"}}",
	 "/a/b.so", 64},
	{"escapes", ICD("\"\\/x\\\\y\\\"z\""), "/x\\y\"z", 64},
	{"unicode-escape", ICD("\"/\\u00e9.so\""), "/\xc3\xa9.so", 64},
	{"version-1",
	 "{\"file_format_version\": \"1\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 "a.so", 64},
	{"version-1.0",
	 "{\"file_format_version\": \"1.0\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 "a.so", 64},
	{"version-1.0.7",
	 "{\"file_format_version\": \"1.0.7\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 "a.so", 64},
	{"keys-in-any-order",
	 "{\"ICD\": {\"api_version\": \"1.5\", \"library_path\": \"a.so\"},"
	 " \"file_format_version\": \"1.0.0\"}",
	 "a.so", 64},
	/* glvnd refuses these files; so does the layer. */
	{"version-2",
	 "{\"file_format_version\": \"2.0.0\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 NULL, 64},
	{"version-1.1",
	 "{\"file_format_version\": \"1.1.0\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 NULL, 64},
	{"version-0",
	 "{\"file_format_version\": \"0.9\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 NULL, 64},
	{"version-number",
	 "{\"file_format_version\": 1, "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 NULL, 64},
	{"version-garbage",
	 "{\"file_format_version\": \"x1\", "
	 "\"ICD\": {\"library_path\": \"a.so\"}}",
	 NULL, 64},
	{"version-missing", "{\"ICD\": {\"library_path\": \"a.so\"}}", NULL,
	 64},
	{"icd-missing", "{" V "\"library_path\": \"a.so\"}", NULL, 64},
	{"icd-not-object", "{" V "\"ICD\": \"a.so\"}", NULL, 64},
	{"icd-array", "{" V "\"ICD\": [{\"library_path\": \"a.so\"}]}", NULL,
	 64},
	{"library-path-missing", "{" V "\"ICD\": {}}", NULL, 64},
	{"library-path-number", ICD("5"), NULL, 64},
	{"library-path-null", ICD("null"), NULL, 64},
	{"library-path-array", ICD("[\"a.so\"]"), NULL, 64},
	{"library-path-object", ICD("{\"library_path\": \"a.so\"}"), NULL, 64},
	{"library-path-empty", ICD("\"\""), NULL, 64},
	{"library-path-nul", ICD("\"/a\\u0000/b.so\""), NULL, 64},
	{"root-array", "[" ICD("\"a.so\"") "]", NULL, 64},
	/* A "library_path" outside ICD is never read. */
	{"decoy-before",
	 "{\"x\": {\"library_path\": \"/evil.so\"}, " V
	 "\"ICD\": {\"library_path\": \"good.so\"}}",
	 "good.so", 64},
	{"decoy-in-string",
	 "{\"comment\": \"\\\"library_path\\\": \\\"/evil.so\\\"\", " V
	 "\"ICD\": {\"library_path\": \"good.so\"}}",
	 "good.so", 64},
	{"decoy-nested-only",
	 "{" V "\"ICD\": {\"x\": {\"library_path\": \"/evil.so\"}}}", NULL, 64},
	{"decoy-top-level-only",
	 "{" V "\"ICD\": {}, \"library_path\": \"/e.so\"}", NULL, 64},
	/* Not JSON, or not one JSON value. */
	{"invalid-no-colon", "{" V "\"ICD\": {\"library_path\" \"a.so\"}}",
	 NULL, 64},
	{"invalid-unterminated", "{" V "\"ICD\": {\"library_path\": \"a.so",
	 NULL, 64},
	{"invalid-unclosed", "{" V "\"ICD\": {\"library_path\": \"a.so\"}",
	 NULL, 64},
	{"invalid-bad-escape", ICD("\"a\\qb\""), NULL, 64},
	{"invalid-trailing", ICD("\"a.so\"") " {}", NULL, 64},
	{"trailing-space", ICD("\"a.so\"") " \n\t", "a.so", 64},
	{"invalid-empty", "", NULL, 64},
	{"too-long", ICD("\"abcdefgh\""), NULL, 8},
	{"just-fits", ICD("\"abcdefg\""), "abcdefg", 8},
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
	/* The next vendor gets glvnd's major and at most the layer's minor:
	 * it fills the layer's __EGLapiImports of that minor. */
	static const struct {
		uint32_t glvnd, want;
	} abi[] = {
		{EGL_VENDOR_ABI_VERSION, EGL_VENDOR_ABI_VERSION},
		{EGL_VENDOR_ABI_VERSION + 1, EGL_VENDOR_ABI_VERSION},
		{EGL_VENDOR_ABI_VERSION + 0x7fff, EGL_VENDOR_ABI_VERSION},
		{(0u << 16) | 1u, (0u << 16) | 1u},
		{(1u << 16) | 0xffffu,
		 (1u << 16) | EGL_VENDOR_ABI_MINOR_VERSION},
	};
	for (size_t i = 0; i < sizeof(abi) / sizeof(abi[0]); i++) {
		uint32_t got = sb_next_vendor_abi(abi[i].glvnd);

		if (got != abi[i].want) {
			printf("abi %#x: got %#x, want %#x\n", abi[i].glvnd,
			       got, abi[i].want);
			failed++;
		}
	}
	if (failed)
		piglit_fail("%d vendor JSON cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}

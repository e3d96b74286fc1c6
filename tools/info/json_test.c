/* SPDX-License-Identifier: MIT */
/* Unit test of json.c: the exact text for a document that needs every
 * kind of escape, and refusal of documents that are not well formed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "piglit.h"

/* Runs @write on a fresh writer; returns the text (caller frees) and
 * json_finish's answer in *@ok. */
static char *render(void (*write)(struct json *), bool *ok)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct json j;

	if (!f)
		piglit_fail("open_memstream failed");
	json_init(&j, f);
	write(&j);
	*ok = json_finish(&j);
	fclose(f);
	return text;
}

static void escapes(struct json *j)
{
	json_begin_object(j, NULL);
	json_string(j, "quote\"back\\slash", "tab\tnl\ncr\r\b\f\x01\x1f");
	json_string(j, "utf8", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* stray continuation, truncated 2-byte, overlong '/', surrogate */
	json_string(j, "bad", "\x80|\xc3|\xc0\xaf|\xed\xa0\x80|\xff");
	json_begin_array(j, "list");
	json_int(j, NULL, -9007199254740993LL);
	json_bool(j, NULL, true);
	json_null(j, NULL);
	json_string(j, NULL, NULL);
	json_begin_object(j, NULL);
	json_end_object(j);
	json_end_array(j);
	json_end_object(j);
}

static const char escapes_want[] =
	"{\n"
	"  \"quote\\\"back\\\\slash\": "
	"\"tab\\tnl\\ncr\\r\\b\\f\\u0001\\u001f\",\n"
	"  \"utf8\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",\n"
	"  \"bad\": \"\\ufffd|\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|"
	"\\ufffd\",\n"
	"  \"list\": [\n"
	"    -9007199254740993,\n"
	"    true,\n"
	"    null,\n"
	"    null,\n"
	"    {}\n"
	"  ]\n"
	"}\n";

static void key_in_array(struct json *j)
{
	json_begin_array(j, NULL);
	json_bool(j, "key", true);
	json_end_array(j);
}

static void no_key_in_object(struct json *j)
{
	json_begin_object(j, NULL);
	json_bool(j, NULL, true);
	json_end_object(j);
}

static void unclosed(struct json *j)
{
	json_begin_object(j, NULL);
}

static void crossed(struct json *j)
{
	json_begin_object(j, NULL);
	json_begin_array(j, "a");
	json_end_object(j);
	json_end_array(j);
}

static void two_values(struct json *j)
{
	json_bool(j, NULL, true);
	json_bool(j, NULL, false);
}

static void too_deep(struct json *j)
{
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_begin_array(j, NULL);
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_end_array(j);
}

int main(void)
{
	static void (*const refused[])(struct json *) = {
		key_in_array, no_key_in_object, unclosed,
		crossed,      two_values,	too_deep,
	};
	bool ok;
	char *text = render(escapes, &ok);
	int bad = !ok || strcmp(text, escapes_want) != 0;

	if (bad)
		printf("got:\n%s\nwant:\n%s", text, escapes_want);
	free(text);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		free(render(refused[i], &ok));
		if (ok) {
			printf("malformed document %zu accepted\n", i);
			bad++;
		}
	}
	if (bad)
		piglit_fail("%d of %zu checks failed", bad,
			    1 + sizeof(refused) / sizeof(refused[0]));
	piglit_report_result(PIGLIT_PASS);
}

/* SPDX-License-Identifier: MIT */
#include "piglit.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
	[PIGLIT_PASS] = "pass",
	[PIGLIT_FAIL] = "fail",
	[PIGLIT_SKIP] = "skip",
};

void piglit_report_subtest(enum piglit_result result, const char *name)
{
	fflush(stderr);
	printf("PIGLIT: {\"subtest\": {\"%s\" : \"%s\"}}\n", name,
	       names[result]);
	fflush(stdout);
}

_Noreturn void piglit_report_result(enum piglit_result result)
{
	static const int codes[] = {
		[PIGLIT_PASS] = 0,
		[PIGLIT_FAIL] = 1,
		[PIGLIT_SKIP] = 77,
	};

	fflush(stderr);
	printf("PIGLIT: {\"result\": \"%s\" }\n", names[result]);
	fflush(stdout);
	exit(codes[result]);
}

static _Noreturn void report(enum piglit_result r, const char *tag,
			     const char *fmt, va_list ap)
{
	printf("%s: ", tag);
	vprintf(fmt, ap);
	printf("\n");
	piglit_report_result(r);
}

_Noreturn void piglit_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(PIGLIT_SKIP, "SKIP", fmt, ap);
}

_Noreturn void piglit_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(PIGLIT_FAIL, "FAIL", fmt, ap);
}

int piglit_find_case(int argc, char **argv, const void *cases, int count,
		     unsigned long stride)
{
	const char *want = argc > 1 ? argv[1] : "";

	for (int i = 0; i < count; i++) {
		const char *const *name =
			(const char *const *)((const char *)cases + stride * i);
		if (strcmp(*name, want) == 0)
			return i;
	}
	fprintf(stderr, "usage: %s CASE, one of:\n", argv[0]);
	for (int i = 0; i < count; i++)
		fprintf(stderr, "  %s\n",
			*(const char *const *)((const char *)cases +
					       stride * i));
	exit(2);
}

int piglit_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the DIR's own fd */
}

/* SPDX-License-Identifier: MIT */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int failures;

bool sb_expect_at(int line, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return true;
	failures++;
	printf("  line %d: ", line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}

bool sb_expect_result_at(int line, enum sharedbuf_result got,
			 enum sharedbuf_result want, const char *what)
{
	return sb_expect_at(line, got == want, "%s: got \"%s\", want \"%s\"",
			    what, sharedbuf_result_str(got),
			    sharedbuf_result_str(want));
}

int sb_check_failures(void)
{
	return failures;
}

pid_t sb_test_spawn_with_vendor(const char *json, char *const argv[],
				FILE **out)
{
	int p[2];
	pid_t pid;

	*out = NULL;
	if (pipe(p) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		setenv("__EGL_VENDOR_LIBRARY_FILENAMES", json, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	*out = fdopen(p[0], "r");
	if (!*out)
		close(p[0]);
	return pid;
}

int64_t sb_test_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static const char *const exporter_names[] = {
	[SHAREDBUF_EXPORTER_UDMABUF] = "udmabuf",
	[SHAREDBUF_EXPORTER_DMA_HEAP] = "heap",
	[SHAREDBUF_EXPORTER_DUMB] = "vgem",
};

int sb_test_exporter_arg(const char *name)
{
	for (int i = 0; name && i < SHAREDBUF_EXPORTER_COUNT; i++) {
		if (strcmp(name, exporter_names[i]) == 0)
			return i;
	}
	return -1;
}

const char *sb_test_exporter_name(int exp)
{
	return exp >= 0 && exp < SHAREDBUF_EXPORTER_COUNT ? exporter_names[exp]
							  : "?";
}

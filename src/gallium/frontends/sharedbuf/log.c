/* SPDX-License-Identifier: MIT */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"

static enum sb_log_level level = SB_ERROR;
static pthread_once_t level_once = PTHREAD_ONCE_INIT;

static void read_level(void)
{
	static const char *const names[] = {
		[SB_SILENT] = "silent",
		[SB_ERROR] = "error",
		[SB_INFO] = "info",
		[SB_DEBUG] = "debug",
	};
	const char *env = sb_env_get("SHAREDBUF_DEBUG");

	if (!env)
		return;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(env, names[i]) == 0) {
			level = (enum sb_log_level)i;
			return;
		}
	}
	fprintf(stderr,
		"[sharedbuf] SHAREDBUF_DEBUG=%s unknown, "
		"want silent|error|info|debug\n",
		env);
}

enum sb_log_level sb_log_level(void)
{
	pthread_once(&level_once, read_level);
	return level;
}

static void vlog(enum sb_log_level lvl, const char *file, int line,
		 const char *suffix, const char *fmt, va_list ap)
{
	const char *base = strrchr(file, '/');
	char msg[512];

	if (lvl > sb_log_level())
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "[sharedbuf %s:%d] %s%s%s\n", base ? base + 1 : file,
		line, msg, suffix ? ": " : "", suffix ? suffix : "");
}

void sb_log_at(enum sb_log_level lvl, const char *file, int line,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(lvl, file, line, NULL, fmt, ap);
	va_end(ap);
}

void sb_log_errno_at(enum sb_log_level lvl, const char *file, int line,
		     const char *fmt, ...)
{
	char err[128];
	int saved = errno;
	va_list ap;

	/* GNU strerror_r returns the message, maybe not in err. */
	const char *s = strerror_r(saved, err, sizeof(err));

	va_start(ap, fmt);
	vlog(lvl, file, line, s, fmt, ap);
	va_end(ap);
	errno = saved;
}

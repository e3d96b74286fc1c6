/* SPDX-License-Identifier: MIT */
#include "env.h"

#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

bool sb_env_trusted(void)
{
	/* secure_getenv already returns NULL under AT_SECURE; the id checks
	 * also catch a process whose ids differ without it. */
	return getauxval(AT_SECURE) == 0 && getuid() == geteuid() &&
	       getgid() == getegid();
}

const char *sb_env_get(const char *name)
{
	const char *v;

	if (!sb_env_trusted())
		return NULL;
	v = secure_getenv(name);
	return v && *v ? v : NULL;
}

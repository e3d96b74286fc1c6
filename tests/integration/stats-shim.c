/* SPDX-License-Identifier: MIT */
/*
 * stats-shim: LD_PRELOAD it into an unmodified program to learn, at its
 * exit, whether the layer was in its EGL call path and what the layer
 * counted. It appends one line to $SHAREDBUF_STATS_FILE (or stderr):
 *
 *   sharedbuf-stats: prog=weston pid=42 layer=yes images=12 dmabuf_imports=9
 *   sharedbuf-stats: prog=weston pid=42 layer=no
 *
 * The report runs from an atexit() handler registered at load, so it comes
 * before any library destructor (glvnd may unload vendors in its own).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sharedbuf/layer.h"

static void report(void)
{
	void *h = dlopen("libEGL_sharedbuf.so.0", RTLD_LAZY | RTLD_NOLOAD);
	const char *path = secure_getenv("SHAREDBUF_STATS_FILE");
	FILE *out = path ? fopen(path, "ae") : NULL;
	sharedbuf_layer_get_stats_fn get = NULL;
	struct sharedbuf_layer_stats s = {0};

	if (h)
		get = (sharedbuf_layer_get_stats_fn)dlsym(
			h, "sharedbuf_layer_get_stats");
	if (get)
		get(&s, sizeof(s));
	fprintf(out ? out : stderr, "sharedbuf-stats: prog=%s pid=%d ",
		program_invocation_short_name, (int)getpid());
	if (get)
		fprintf(out ? out : stderr,
			"layer=yes images=%llu dmabuf_imports=%llu next=%s\n",
			(unsigned long long)s.images_created,
			(unsigned long long)s.dmabuf_imports, s.next_vendor);
	else
		fprintf(out ? out : stderr, "layer=no\n");
	if (out)
		fclose(out);
	if (h)
		dlclose(h); /* drops the reference NOLOAD took */
}

__attribute__((constructor)) static void init(void)
{
	atexit(report);
}

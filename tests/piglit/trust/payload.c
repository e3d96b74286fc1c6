/* SPDX-License-Identifier: MIT */
/*
 * trust-env-payload.so: what an attacker names in SHAREDBUF_NEXT_VENDOR.
 * Loading it is the escalation: its constructor runs with the loader's
 * privileges. It writes "<its own path>.loaded" with the ids it ran as, so
 * trust-env.sh sees whether anything dlopened it. No __egl_Main: the layer
 * refuses it after loading, which is already too late.
 */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((constructor)) static void loaded(void)
{
	char path[PATH_MAX];
	Dl_info info;
	FILE *f;

	if (!dladdr((void *)loaded, &info) || !info.dli_fname)
		return;
	snprintf(path, sizeof(path), "%s.loaded", info.dli_fname);
	f = fopen(path, "we");
	if (!f)
		return;
	fprintf(f, "uid %u euid %u\n", getuid(), geteuid());
	fclose(f);
}

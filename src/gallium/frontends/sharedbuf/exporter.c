/* SPDX-License-Identifier: MIT */
#include "exporter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"

bool sb_dmabuf_exporter_name(int fd, char *name, size_t n)
{
	const char *test = sb_env_get("SHAREDBUF_TEST_EXPORTER_NAME");
	char path[64], line[128];
	bool found = false;
	FILE *f;

	if (test) {
		snprintf(name, n, "%s", test);
		return true;
	}
	if (fd < 0)
		return false;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "exp_name:", 9) != 0)
			continue;
		/* "exp_name:\t<name>\n" */
		snprintf(name, n, "%s", line + 9 + strspn(line + 9, " \t"));
		name[strcspn(name, "\n")] = '\0';
		found = true;
	}
	fclose(f);
	return found;
}

bool sb_dmabuf_exporter_linear(int fd)
{
	static const char *const linear[] = {"udmabuf", "system"};
	char name[64];

	if (!sb_dmabuf_exporter_name(fd, name, sizeof(name)))
		return false;
	for (size_t i = 0; i < sizeof(linear) / sizeof(linear[0]); i++) {
		if (strcmp(name, linear[i]) == 0)
			return true;
	}
	return false;
}

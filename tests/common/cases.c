/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "egl_env.h"
#include "check.h"
#include "piglit.h"

int sb_test_run_cases(const struct sb_test_case *cases, size_t n,
		      const char *only, int *ran)
{
	int failed = 0, fds;

	*ran = 0;
	if (!sb_test_warm_up()) {
		printf("warm-up draw failed\n");
		return 1;
	}
	fds = piglit_count_fds();
	for (size_t i = 0; i < n; i++) {
		if (only && strcmp(only, cases[i].name))
			continue;
		bool ok = cases[i].run();

		printf("%-20s %s\n", cases[i].name, ok ? "ok" : "FAILED");
		failed += !ok;
		(*ran)++;
	}
	sb_test_warm_up();
	if (piglit_count_fds() != fds) {
		printf("fds: %d before the cases, %d after\n", fds,
		       piglit_count_fds());
		failed++;
	}
	return failed;
}

/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
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

bool sb_test_exporters_arg(const char *arg, int *first, int *last)
{
	if (arg && strcmp(arg, "all") == 0) {
		*first = 0;
		*last = SHAREDBUF_EXPORTER_COUNT - 1;
		return true;
	}
	*first = *last = sb_test_exporter_arg(arg);
	return *first >= 0;
}

void sb_test_exporters_main(int argc, char **argv, const char *more, int *first,
			    int *last)
{
	char why[256];

	if (!sb_test_exporters_arg(argc > 1 ? argv[1] : NULL, first, last)) {
		fprintf(stderr, "usage: %s all|udmabuf|heap|vgem%s%s\n",
			argv[0], more ? " " : "", more ? more : "");
		exit(2);
	}
	if (*first == *last &&
	    !sb_test_exporter_present(*first, why, sizeof(why)))
		piglit_skip("%s", why);
}

int sb_test_each_exporter(int first, int last, bool (*run)(int exp, void *ctx),
			  void *ctx, const char **failed)
{
	int present = 0;
	char why[256];

	*failed = NULL;
	for (int exp = first; exp <= last; exp++) {
		const char *name = sb_test_exporter_name(exp);
		enum piglit_result r = PIGLIT_PASS;

		if (!sb_test_exporter_present(exp, why, sizeof(why))) {
			printf("%s: %s\n", name, why);
			r = PIGLIT_SKIP;
		} else if (present++, !run(exp, ctx)) {
			printf("FAIL: %s: the checks above\n", name);
			r = PIGLIT_FAIL;
			*failed = *failed ? *failed : name;
		}
		if (first != last)
			piglit_report_subtest(r, name);
	}
	if (*failed)
		return PIGLIT_FAIL;
	return present ? PIGLIT_PASS : PIGLIT_SKIP;
}

/* SPDX-License-Identifier: MIT */
/* The "sharedbuf paths" section: which way the layer's fences, image
 * syncs and CPU locks go on this machine, and why. */
#include "paths.h"
#include "report.h"
#include "text.h"

#define W TEXT_LABEL_W

static void cpu_lock_line(const struct info_formats *fs, FILE *out)
{
	if (fs->ok)
		text_kv(out, 1, W, "cpu lock",
			"linear layouts only: %d of %d formats (the table "
			"above)",
			fs->cpu_lockable, fs->count);
	else
		text_kv(out, 1, W, "cpu lock", "unknown: %s",
			fs->why[0] ? fs->why : "no display");
}

void report_text_paths(const struct info_report *r, FILE *out)
{
	struct info_paths p;
	char line[256];

	paths_describe(r, &p);
	text_section(out, "sharedbuf paths");
	text_kv_words(out, 1, W, "fences", p.fences_text);
	text_kv_words(out, 1, W, "driver fences", p.driver_fences_text);
	text_kv_words(out, 1, W, "image syncs", p.image_syncs_text);
	for (int i = 0; i < PATHS_EXT_COUNT; i++) {
		snprintf(line, sizeof(line), "NO: %s",
			 p.ext_why_not[i] ? p.ext_why_not[i] : "");
		text_kv_words(out, 1, 34, paths_ext_names[i],
			      p.ext_listed[i] ? "yes" : line);
	}
	cpu_lock_line(&r->egl.formats, out);
	/* The knobs that bend these paths, when set: a report read later
	 * must show them. */
	if (p.fence_path_env)
		text_kv(out, 1, W, "SHAREDBUF_FENCE_PATH", "%s",
			p.fence_path_env);
	if (p.driver_fences_env)
		text_kv(out, 1, W, "SHAREDBUF_DRIVER_FENCES", "%s",
			p.driver_fences_env);
}

/* SPDX-License-Identifier: MIT */
/* The "paths" object of the JSON report: the facts of the text's
 * "sharedbuf paths" section, with the same sentences. */
#include "json.h"
#include "paths.h"
#include "report.h"

static void driver_fences(struct json *j, const struct info_driver_fences *f,
			  const struct info_paths *p)
{
	int named =
		f->n_fences < INFO_MAX_FENCES ? f->n_fences : INFO_MAX_FENCES;

	json_begin_object(j, "driver_fences");
	json_bool(j, "native_fence_sync", f->extension);
	json_bool(j, "probed", f->probed);
	json_string(j, "kind", p->driver_fences);
	json_int(j, "fence_count", f->n_fences);
	json_begin_array(j, "fence_drivers");
	for (int i = 0; i < named; i++)
		json_string(j, NULL, f->names[i]);
	json_end_array(j);
	json_string(j, "error", f->extension && !f->probed ? f->why : NULL);
	json_string(j, "text", p->driver_fences_text);
	json_end_object(j);
}

void report_json_paths(struct json *j, const struct info_report *r)
{
	struct info_paths p;

	paths_describe(r, &p);
	json_begin_object(j, "paths");
	json_string(j, "fences", p.fences);
	json_string(j, "fences_text", p.fences_text);
	json_string(j, "fence_path_env", p.fence_path_env);
	driver_fences(j, &r->egl.driver_fences, &p);
	json_string(j, "image_syncs", p.image_syncs);
	json_string(j, "image_syncs_text", p.image_syncs_text);
	json_string(j, "driver_fences_env", p.driver_fences_env);
	json_begin_object(j, "extensions");
	for (int i = 0; i < PATHS_EXT_COUNT; i++) {
		json_begin_object(j, paths_ext_names[i]);
		json_bool(j, "listed", p.ext_listed[i]);
		json_string(j, "why_not", p.ext_why_not[i]);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}

/* SPDX-License-Identifier: MIT */
/* The whole report, and its two renderings: text for a person, JSON for
 * scripts. Both print the same facts. */
#ifndef SB_INFO_REPORT_H
#define SB_INFO_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "egl_report.h"
#include "kernel_report.h"

#ifndef SB_VERSION /* meson passes the project's */
#define SB_VERSION "unknown"
#endif

struct info_report {
	struct egl_report egl;
	struct kernel_report kernel;
	bool egl_usable; /* egl_report_gather's answer */
};

/* Aligned sections, one fact per line. */
void report_text_egl(const struct info_report *r, FILE *out);
void report_text_kernel(const struct info_report *r, FILE *out);
void report_text_paths(const struct info_report *r, FILE *out);
void report_text_summary(const struct info_report *r, FILE *out);

/* One JSON object; false when writing failed. */
bool report_json(const struct info_report *r, FILE *out);

struct json;
/* Its "paths" member (report_json_paths.c). */
void report_json_paths(struct json *j, const struct info_report *r);

#endif

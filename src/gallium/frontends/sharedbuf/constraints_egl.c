/* SPDX-License-Identifier: MIT */
/*
 * Constraints of an EGL display, from eglQueryDmaBufFormatsEXT and
 * eglQueryDmaBufModifiersEXT passed in as pointers: the library itself
 * does not link EGL (compositors that never use it link libsharedbuf).
 */
#include "constraints.h"

#include <drm_fourcc.h>

#include "format.h"
#include "log.h"

#define MAX_QUERY 256

/* Keeps linear first, then the driver's order, up to the rule's room. */
static void add_format(const struct sharedbuf_egl_queries *q, void *dpy,
		       int fourcc, enum sharedbuf_egl_usage usage,
		       struct sharedbuf_constraints *c)
{
	uint64_t mods[MAX_QUERY];
	/* Mesa 25's llvmpipe writes external_only only for the formats that
	 * are (YUV): unwritten entries must read as false. */
	unsigned ext[MAX_QUERY] = {0};
	struct sharedbuf_format_rule *r = NULL;
	int n = 0;

	if (!sb_format_find((uint32_t)fourcc))
		return;
	if (!q->query_modifiers(dpy, fourcc, MAX_QUERY, mods, ext, &n) || n < 0)
		n = 0;
	if (n == 0) { /* implicit modifier: linear for sharedbuf's exporters */
		mods[0] = DRM_FORMAT_MOD_LINEAR;
		ext[0] = 0;
		n = 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < n && i < MAX_QUERY; i++) {
			bool linear = mods[i] == DRM_FORMAT_MOD_LINEAR;

			if ((pass == 0) != linear ||
			    (usage == SHAREDBUF_EGL_RENDER && ext[i]))
				continue;
			if (!r) {
				r = sharedbuf_constraints_add(
					c, (uint32_t)fourcc, mods[i]);
				if (!r)
					return;
			} else if (r->num_modifiers < SHAREDBUF_MAX_MODIFIERS) {
				r->modifiers[r->num_modifiers++] = mods[i];
			}
			if (ext[i])
				r->flags |= SHAREDBUF_FORMAT_EXTERNAL_ONLY;
		}
	}
}

enum sharedbuf_result
sharedbuf_constraints_from_egl(const struct sharedbuf_egl_queries *q, void *dpy,
			       enum sharedbuf_egl_usage usage,
			       struct sharedbuf_constraints *c)
{
	int formats[MAX_QUERY];
	int n = 0;

	if (!q || !q->query_formats || !q->query_modifiers || !c ||
	    (usage != SHAREDBUF_EGL_SAMPLE && usage != SHAREDBUF_EGL_RENDER))
		return SHAREDBUF_ERR_INVALID;
	sharedbuf_constraints_init(
		c, usage == SHAREDBUF_EGL_SAMPLE ? "egl-sample" : "egl-render");
	if (!q->query_formats(dpy, MAX_QUERY, formats, &n) || n < 0) {
		sb_log(SB_INFO, "eglQueryDmaBufFormatsEXT failed");
		return SHAREDBUF_ERR_UNSUPPORTED;
	}
	for (int i = 0; i < n && i < MAX_QUERY; i++)
		add_format(q, dpy, formats[i], usage, c);
	return SHAREDBUF_OK;
}

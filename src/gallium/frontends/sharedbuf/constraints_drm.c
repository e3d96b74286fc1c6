/* SPDX-License-Identifier: MIT */
/* Constraints of the CPU, a GBM device and a KMS plane. */
#include "constraints.h"

#include <gbm.h>
#include <xf86drm.h>
#include <xf86drmMode.h>
#include <drm_fourcc.h>
#include <string.h>

#include "format.h"
#include "log.h"

void sharedbuf_constraints_cpu(struct sharedbuf_constraints *c, uint32_t needs)
{
	unsigned count;
	const struct sb_format *t = sb_format_table(&count);

	sharedbuf_constraints_init(c, "cpu");
	c->flags =
		needs & (SHAREDBUF_NEEDS_CPU_READ | SHAREDBUF_NEEDS_CPU_WRITE);
	for (unsigned i = 0; i < count; i++) {
		if (t[i].char_per_block[0]) /* has a linear layout */
			sharedbuf_constraints_add(c, t[i].fourcc,
						  DRM_FORMAT_MOD_LINEAR);
	}
}

enum sharedbuf_result
sharedbuf_constraints_from_gbm(void *gbm, uint32_t gbm_usage,
			       struct sharedbuf_constraints *c)
{
	unsigned count;
	const struct sb_format *t = sb_format_table(&count);

	if (!gbm || !c)
		return SHAREDBUF_ERR_INVALID;
	sharedbuf_constraints_init(c, "gbm");
	/* GBM lists no modifiers: what it allocates without one is linear
	 * on the drivers sharedbuf allocates with (kms_swrast, dumb). */
	for (unsigned i = 0; i < count; i++) {
		if (gbm_device_is_format_supported(gbm, t[i].fourcc, gbm_usage))
			sharedbuf_constraints_add(c, t[i].fourcc,
						  DRM_FORMAT_MOD_LINEAR);
	}
	return SHAREDBUF_OK;
}

/* The plane's IN_FORMATS blob id, or 0. */
static uint32_t in_formats_blob(int fd, uint32_t plane_id)
{
	drmModeObjectProperties *props =
		drmModeObjectGetProperties(fd, plane_id, DRM_MODE_OBJECT_PLANE);
	uint32_t blob = 0;

	for (uint32_t i = 0; props && i < props->count_props; i++) {
		drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i]);

		if (p && strcmp(p->name, "IN_FORMATS") == 0)
			blob = (uint32_t)props->prop_values[i];
		drmModeFreeProperty(p);
	}
	drmModeFreeObjectProperties(props);
	return blob;
}

static void add_modifier(struct sharedbuf_constraints *c, uint32_t fourcc,
			 uint64_t mod)
{
	struct sharedbuf_format_rule *r =
		(struct sharedbuf_format_rule *)sharedbuf_constraints_find(
			c, fourcc);

	if (!sb_format_find(fourcc))
		return;
	if (!r) {
		sharedbuf_constraints_add(c, fourcc, mod);
		return;
	}
	if (r->num_modifiers < SHAREDBUF_MAX_MODIFIERS &&
	    !sb_rule_has_modifier(r, mod))
		r->modifiers[r->num_modifiers++] = mod;
}

enum sharedbuf_result
sharedbuf_constraints_from_kms(int drm_fd, uint32_t plane_id,
			       struct sharedbuf_constraints *c)
{
	drmModePlane *plane;
	drmModePropertyBlobRes *blob = NULL;
	drmModeFormatModifierIterator it = {0};
	uint32_t blob_id;

	if (drm_fd < 0 || !c)
		return SHAREDBUF_ERR_INVALID;
	drmSetClientCap(drm_fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	plane = drmModeGetPlane(drm_fd, plane_id);
	if (!plane)
		return SHAREDBUF_ERR_NO_DEVICE;
	sharedbuf_constraints_init(c, "kms-plane");
	blob_id = in_formats_blob(drm_fd, plane_id);
	if (blob_id)
		blob = drmModeGetPropertyBlob(drm_fd, blob_id);
	if (blob) {
		while (drmModeFormatModifierBlobIterNext(blob, &it))
			add_modifier(c, it.fmt, it.mod);
		drmModeFreePropertyBlob(blob);
	} else {
		for (uint32_t i = 0; i < plane->count_formats; i++)
			add_modifier(c, plane->formats[i],
				     DRM_FORMAT_MOD_LINEAR);
	}
	drmModeFreePlane(plane);
	return SHAREDBUF_OK;
}

/* SPDX-License-Identifier: MIT */
#include "paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egl_ext.h"
#include "env.h"
#include "report.h"

const char *const paths_ext_names[PATHS_EXT_COUNT] = {
	"EGL_SHAREDBUF_image_fence",
	"EGL_SHAREDBUF_image_cpu_access",
};

/* As the layer sees it: nothing in a setuid or setgid process. */
static const char *env(const char *name)
{
	return sb_env_get(name);
}

static void fences(const struct kernel_report *k, struct info_paths *p)
{
	p->fence_path_env = env("SHAREDBUF_FENCE_PATH");
	if (k->probed < 0) {
		p->fences_text = "no dma-buf to probe: no exporter allocated "
				 "a buffer";
		return;
	}
	if (k->fence_path == SHAREDBUF_FENCE_PATH_SYNC_FILE) {
		p->fences = "sync_file";
		p->fences_text = "sync_file (DMA_BUF_IOCTL_EXPORT_SYNC_FILE "
				 "and IMPORT_SYNC_FILE)";
		return;
	}
	p->fences = "poll";
	/* Only "poll" is obeyed (src/fence/path.c): any other value left
	 * the kernel to decide. */
	if (p->fence_path_env && strcmp(p->fence_path_env, "poll") == 0)
		p->fences_text = "poll (SHAREDBUF_FENCE_PATH=poll): waits "
				 "happen on the CPU";
	else
		p->fences_text = "poll (kernel before 6.0, no "
				 "EXPORT_SYNC_FILE): waits happen on the CPU";
}

/* The layer's driver_fences switch (sb_display_native_fences). */
static bool driver_fences_off(const struct info_paths *p)
{
	return p->driver_fences_env && strcmp(p->driver_fences_env, "0") == 0;
}

static void driver_fences(const struct egl_report *e, struct info_paths *p)
{
	const struct info_driver_fences *f = &e->driver_fences;
	char *buf = p->driver_fences_text;
	size_t n = sizeof(p->driver_fences_text);

	if (!e->initialised) {
		snprintf(buf, n, "unknown: no display");
	} else if (!f->extension) {
		p->driver_fences = "none";
		snprintf(buf, n,
			 "none (no EGL_ANDROID_native_fence_sync): "
			 "eglImageAttachSyncSHAREDBUF waits on the CPU for "
			 "the context's work");
	} else if (!f->probed) {
		snprintf(buf, n, "not probed: %s", f->why);
	} else if (f->stub) {
		p->driver_fences = "stub";
		snprintf(buf, n,
			 "stub (always signalled): eglImageAttachSyncSHAREDBUF "
			 "waits on the CPU for the driver's completion");
	} else {
		p->driver_fences = "real";
		snprintf(buf, n,
			 "real fences (driver %s): GL->buffer fences travel "
			 "without CPU waits%s",
			 info_driver_fences_name(f),
			 driver_fences_off(p)
				 ? ", but SHAREDBUF_DRIVER_FENCES=0: the "
				   "layer waits on the CPU instead"
				 : "");
	}
}

static void image_syncs(const struct info_report *r, struct info_paths *p)
{
	char *buf = p->image_syncs_text;
	size_t n = sizeof(p->image_syncs_text);

	if (!p->ext_listed[0]) {
		snprintf(buf, n, "none: no EGL_SHAREDBUF_image_fence");
	} else if (p->fences && strcmp(p->fences, "poll") == 0) {
		/* Nothing to export: the sync polls the dma-buf. */
		p->image_syncs = "layer";
		snprintf(buf, n,
			 "layer-owned syncs (eglWaitSync waits on the CPU): "
			 "the poll path");
	} else if (r->egl.driver_fences.extension && !driver_fences_off(p)) {
		p->image_syncs = "driver";
		snprintf(buf, n,
			 "driver native fence syncs (eglWaitSync waits on the "
			 "GPU) while a context of the display is current; "
			 "layer-owned otherwise");
	} else {
		p->image_syncs = "layer";
		snprintf(buf, n,
			 "layer-owned syncs (eglWaitSync waits on the CPU)%s",
			 r->egl.driver_fences.extension
				 ? ": SHAREDBUF_DRIVER_FENCES=0 turns the "
				   "driver's native fences off"
				 : "");
	}
}

/* Why @name is missing: the layer adds both names only to displays that
 * import dma-bufs (src/egl/display.c). */
static const char *why_not(const struct egl_report *e)
{
	if (!e->initialised)
		return "no display";
	if (!e->layer)
		return "the sharedbuf layer is not in the call path";
	if (!ext_has(e->extensions, "EGL_EXT_image_dma_buf_import"))
		return "no EGL_EXT_image_dma_buf_import on this display: the "
		       "layer adds its extensions only beside it";
	return "the layer did not add it";
}

void paths_describe(const struct info_report *r, struct info_paths *p)
{
	*p = (struct info_paths){0};
	p->driver_fences_env = env("SHAREDBUF_DRIVER_FENCES");
	for (int i = 0; i < PATHS_EXT_COUNT; i++) {
		p->ext_listed[i] =
			ext_has(r->egl.extensions, paths_ext_names[i]);
		p->ext_why_not[i] = p->ext_listed[i] ? NULL : why_not(&r->egl);
	}
	fences(&r->kernel, p);
	driver_fences(&r->egl, p);
	image_syncs(r, p);
}

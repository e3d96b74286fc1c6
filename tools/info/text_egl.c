/* SPDX-License-Identifier: MIT */
/* The EGL sections of the text report. */
#include <inttypes.h>
#include <string.h>

#include "egl_ext.h"
#include "report.h"
#include "text.h"

#define W TEXT_LABEL_W

static void glvnd_section(const struct egl_report *e, FILE *out)
{
	text_section(out, "EGL vendor (glvnd)");
	if (e->select_var)
		text_kv(out, 1, W, "chosen by", "%s=%s", e->select_var,
			e->select_value);
	else
		text_kv(out, 1, W, "chosen by", "glvnd's default folders");
	for (int i = 0; i < e->n_vendors; i++)
		text_kv(out, 1, W, "vendor library loaded", "%s",
			e->vendors[i]);
	if (e->n_vendors == 0)
		text_kv(out, 1, W, "vendor library loaded", "none");
	if (e->next_env)
		text_kv(out, 1, W, "SHAREDBUF_NEXT_VENDOR", "%s", e->next_env);
	if (!e->layer) {
		/* glvnd drops a vendor whose __egl_Main fails: the layer was
		 * chosen but could not load the vendor it wraps. */
		text_kv(out, 1, W, "sharedbuf layer", "%s",
			e->select_value && strstr(e->select_value, "sharedbuf")
				? "NO: chosen, but it failed to start (see "
				  "its error; SHAREDBUF_DEBUG=info)"
				: "NO: not loaded, EGL calls bypass it");
		return;
	}
	text_kv(out, 1, W, "sharedbuf layer", "%s",
		e->devices_twice ? "only partly in the call path"
				 : "yes: in the call path");
	if (e->devices_twice)
		text_kv_words(out, 1, W, "WARNING",
			      "every EGL device is listed twice: glvnd loaded "
			      "another vendor beside the layer, and displays "
			      "from it bypass the layer. Select only the "
			      "layer's JSON.");
	text_kv(out, 1, W, "layer wraps", "%s",
		text_or_dash(e->stats.next_vendor));
	text_kv(out, 1, W, "wrapped vendor's JSON", "%s",
		text_or_dash(e->stats.next_json));
}

static void device_lines(const struct egl_report *e, int i, FILE *out)
{
	const struct info_device *d = &e->devices[i];
	char label[32];

	snprintf(label, sizeof(label), "device %d", i);
	text_kv(out, 1, W, label, "%s%s%s%s", d->software ? "software" : "DRM",
		d->renderer ? ", " : "", d->renderer ? d->renderer : "",
		i == e->device ? ", the display below" : "");
	text_kv_words(out, 2, W, "extensions", d->extensions);
	text_kv(out, 2, W, "DRM device file", "%s", text_or_dash(d->drm_file));
	text_kv(out, 2, W, "render node", "%s", text_or_dash(d->render_node));
}

static void devices_section(const struct egl_report *e, FILE *out)
{
	if (!e->devices_ok) {
		text_section(out, "EGL devices: none listed");
		text_kv(out, 1, W, "why", "%s",
			"eglQueryDevicesEXT is missing or failed");
		return;
	}
	text_section(out, "EGL devices: %d", e->n_devices);
	for (int i = 0; i < e->n_devices; i++)
		device_lines(e, i, out);
}

static const char *display_status(const struct egl_report *e)
{
	if (e->initialised && e->current)
		return "ok: initialised, GLES 2 context current";
	return e->initialised ? "initialised, but no GLES 2 context" : "FAILED";
}

static void extension_lines(const struct egl_report *e, FILE *out)
{
	const char *pos = e->extensions, *name;
	int all = 0, layer = 0;
	size_t len;

	fputs("  dma-buf extensions\n", out);
	for (int i = 0; i < EXT_DMABUF_COUNT; i++)
		text_kv(out, 2, 44, ext_dmabuf[i], "%s",
			ext_has(e->extensions, ext_dmabuf[i]) ? "yes" : "NO");
	while ((name = ext_next(&pos, &len))) {
		all++;
		if (ext_is_layer(name, len) && layer++ == 0)
			fputs("  added by sharedbuf\n", out);
		if (ext_is_layer(name, len))
			fprintf(out, "    %.*s\n", (int)len, name);
	}
	if (layer == 0)
		text_kv(out, 1, W, "added by sharedbuf", "none");
	text_kv(out, 1, W, "all extensions", "%d (* dma-buf, + sharedbuf)",
		all);
	pos = e->extensions;
	while ((name = ext_next(&pos, &len)))
		fprintf(out, "  %c %.*s\n",
			ext_is_layer(name, len)	   ? '+'
			: ext_is_dmabuf(name, len) ? '*'
						   : ' ',
			(int)len, name);
}

static void display_section(const struct egl_report *e, FILE *out)
{
	if (e->device >= 0)
		text_section(out, "EGL display: device %d (software)",
			     e->device);
	else
		text_section(out, "EGL display: software device");
	text_kv(out, 1, W, "status", "%s", display_status(e));
	if (!e->initialised || !e->current)
		text_kv(out, 1, W, "why", "%s", e->why);
	if (!e->initialised)
		return;
	text_kv(out, 1, W, "EGL_VERSION", "%s", text_or_dash(e->version));
	text_kv(out, 1, W, "EGL_VENDOR", "%s", text_or_dash(e->vendor));
	text_kv(out, 1, W, "EGL_CLIENT_APIS", "%s",
		text_or_dash(e->client_apis));
	text_kv(out, 1, W, "driver", "%s", text_or_dash(e->driver));
	text_kv(out, 1, W, "GL_RENDERER", "%s", text_or_dash(e->gl_renderer));
	text_kv(out, 1, W, "GL_VERSION", "%s", text_or_dash(e->gl_version));
	extension_lines(e, out);
}

/* "LINEAR, 0x... (external only)" into @buf. */
static const char *modifier_list(const struct info_format *f, char *buf,
				 size_t n)
{
	size_t len = 0;
	char name[64];

	if (!f->mods_ok)
		return "query failed";
	if (f->n_mods == 0)
		return "implicit only";
	buf[0] = '\0';
	for (int i = 0; i < f->n_mods && len < n; i++) {
		info_modifier_name(f->mods[i].modifier, name, sizeof(name));
		len += (size_t)snprintf(
			buf + len, n - len, "%s%s%s", i ? ", " : "", name,
			f->mods[i].external_only ? " (external only)" : "");
	}
	return buf;
}

static void formats_section(const struct egl_report *e, FILE *out)
{
	const struct info_formats *fs = &e->formats;
	char name[32], mods[256];

	if (!fs->ok) {
		text_section(out, "dma-buf formats: unknown");
		text_kv(out, 1, W, "why", "%s",
			e->initialised ? fs->why : "no display");
		return;
	}
	text_section(out,
		     "dma-buf formats: %d listed, %d in sharedbuf's "
		     "table, %d CPU-lockable",
		     fs->count, fs->known, fs->cpu_lockable);
	/* cpu lock: can eglLockImageSHAREDBUF map it (linear only)? */
	fprintf(out, "  %-8s %-10s  %-9s  %-19s  %s\n", "name", "fourcc",
		"sharedbuf", "cpu lock", "modifiers");
	for (int i = 0; i < fs->count; i++) {
		const struct info_format *f = &fs->formats[i];

		fprintf(out, "  %-8s 0x%08" PRIx32 "  %-9s  %-19s  %s\n",
			info_format_name(f->fourcc, name, sizeof(name)),
			f->fourcc, f->known ? "known" : "UNKNOWN",
			info_cpu_lock_short(f->cpu_lock),
			modifier_list(f, mods, sizeof(mods)));
	}
}

void report_text_egl(const struct info_report *r, FILE *out)
{
	glvnd_section(&r->egl, out);
	devices_section(&r->egl, out);
	display_section(&r->egl, out);
	formats_section(&r->egl, out);
}

/* SPDX-License-Identifier: MIT */
/* The report as one JSON object: the same facts as the text, for
 * scripts (tests/piglit/info-check.sh). Absent facts are null, never
 * left out, so a consumer can tell "no" from "not asked". */
#include <inttypes.h>
#include <poll.h>
#include <string.h>

#include "egl_ext.h"
#include "json.h"
#include "report.h"

/* The space-separated @list as an array of strings. */
static void words(struct json *j, const char *key, const char *list,
		  bool (*keep)(const char *, size_t))
{
	const char *pos = list, *w;
	char name[256];
	size_t len;

	json_begin_array(j, key);
	while ((w = ext_next(&pos, &len))) {
		if (keep && !keep(w, len))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)len, w);
		json_string(j, NULL, name);
	}
	json_end_array(j);
}

static void glvnd(struct json *j, const struct egl_report *e)
{
	json_begin_object(j, "glvnd");
	json_string(j, "chosen_by", e->select_var);
	json_string(j, "chosen_value", e->select_value);
	json_begin_array(j, "vendor_libraries");
	for (int i = 0; i < e->n_vendors; i++)
		json_string(j, NULL, e->vendors[i]);
	json_end_array(j);
	json_end_object(j);
	json_begin_object(j, "layer");
	json_string(j, "next_vendor_env", e->next_env);
	json_bool(j, "in_call_path", e->layer);
	json_bool(j, "beside_another_vendor", e->layer && e->devices_twice);
	json_string(j, "next_vendor", e->layer ? e->stats.next_vendor : NULL);
	json_string(j, "next_json", e->layer ? e->stats.next_json : NULL);
	json_end_object(j);
}

static void devices(struct json *j, const struct egl_report *e)
{
	json_bool(j, "devices_listed", e->devices_ok);
	json_bool(j, "devices_listed_twice", e->devices_twice);
	json_begin_array(j, "devices");
	for (int i = 0; i < e->n_devices; i++) {
		const struct info_device *d = &e->devices[i];

		json_begin_object(j, NULL);
		json_int(j, "index", i);
		json_bool(j, "software", d->software);
		json_bool(j, "used_for_display", i == e->device);
		json_string(j, "renderer", d->renderer);
		json_string(j, "drm_device_file", d->drm_file);
		json_string(j, "drm_render_node_file", d->render_node);
		words(j, "extensions", d->extensions, NULL);
		json_end_object(j);
	}
	json_end_array(j);
}

static void extensions(struct json *j, const struct egl_report *e)
{
	words(j, "extensions", e->extensions, NULL);
	json_begin_object(j, "dmabuf_extensions");
	for (int i = 0; i < EXT_DMABUF_COUNT; i++)
		json_bool(j, ext_dmabuf[i],
			  ext_has(e->extensions, ext_dmabuf[i]));
	json_end_object(j);
	words(j, "sharedbuf_extensions", e->extensions, ext_is_layer);
}

static void display(struct json *j, const struct egl_report *e)
{
	json_begin_object(j, "display");
	if (e->device >= 0)
		json_int(j, "device", e->device);
	else
		json_null(j, "device");
	json_bool(j, "initialized", e->initialised);
	json_bool(j, "context_current", e->current);
	json_string(j, "error", e->initialised && e->current ? NULL : e->why);
	json_string(j, "version", e->version);
	json_string(j, "vendor", e->vendor);
	json_string(j, "client_apis", e->client_apis);
	json_string(j, "driver", e->driver);
	json_string(j, "gl_renderer", e->gl_renderer);
	json_string(j, "gl_version", e->gl_version);
	extensions(j, e);
	json_end_object(j);
}

static void format(struct json *j, const struct info_format *f)
{
	char buf[64];

	json_begin_object(j, NULL);
	json_string(j, "name", info_format_name(f->fourcc, buf, sizeof(buf)));
	json_int(j, "fourcc", f->fourcc);
	snprintf(buf, sizeof(buf), "0x%08" PRIx32, f->fourcc);
	json_string(j, "fourcc_hex", buf);
	json_bool(j, "sharedbuf_known", f->known);
	json_bool(j, "modifiers_queried", f->mods_ok);
	json_begin_array(j, "modifiers");
	for (int i = 0; i < f->n_mods; i++) {
		json_begin_object(j, NULL);
		/* A string: 64-bit values do not survive a JSON double. */
		snprintf(buf, sizeof(buf), "0x%016" PRIx64,
			 f->mods[i].modifier);
		json_string(j, "modifier", buf);
		json_string(j, "name",
			    info_modifier_name(f->mods[i].modifier, buf,
					       sizeof(buf)));
		json_bool(j, "external_only", f->mods[i].external_only);
		json_bool(j, "cpu_lockable",
			  info_modifier_cpu_lockable(f->mods[i].modifier));
		json_end_object(j);
	}
	json_end_array(j);
	json_begin_object(j, "cpu_lock");
	json_bool(j, "possible", info_cpu_lock_possible(f->cpu_lock));
	json_string(j, "why", info_cpu_lock_why(f->cpu_lock));
	json_end_object(j);
	json_end_object(j);
}

static void formats(struct json *j, const struct info_formats *fs)
{
	json_begin_object(j, "dmabuf_formats");
	json_bool(j, "queried", fs->ok);
	json_string(j, "error", fs->ok ? NULL : fs->why);
	json_int(j, "sharedbuf_known", fs->known);
	json_int(j, "cpu_lockable", fs->cpu_lockable);
	json_begin_array(j, "formats");
	for (int i = 0; i < fs->count; i++)
		format(j, &fs->formats[i]);
	json_end_array(j);
	json_end_object(j);
}

static void egl(struct json *j, const struct info_report *r)
{
	json_begin_object(j, "egl");
	json_bool(j, "usable", r->egl_usable);
	glvnd(j, &r->egl);
	words(j, "client_extensions", r->egl.client_extensions, NULL);
	devices(j, &r->egl);
	display(j, &r->egl);
	formats(j, &r->egl.formats);
	json_end_object(j);
}

static void node(struct json *j, const char *key, const struct info_node *n)
{
	json_begin_object(j, key);
	json_string(j, "path", n->path);
	json_bool(j, "present", n->present);
	json_bool(j, "openable", n->present && n->err == 0);
	json_string(j, "error", n->err ? strerror(n->err) : NULL);
	if (n->driver[0])
		json_string(j, "driver", n->driver);
	json_end_object(j);
}

static void nodes(struct json *j, const char *key, const struct info_node *n,
		  int count)
{
	json_begin_array(j, key);
	for (int i = 0; i < count; i++)
		node(j, NULL, &n[i]);
	json_end_array(j);
}

static void allocation(struct json *j, const struct kernel_report *k)
{
	json_begin_object(j, "allocation");
	json_int(j, "width", INFO_ALLOC_SIZE);
	json_int(j, "height", INFO_ALLOC_SIZE);
	json_string(j, "format", "XRGB8888");
	for (int e = 0; e < SHAREDBUF_EXPORTER_COUNT; e++) {
		const struct info_alloc *a = &k->alloc[e];

		json_begin_object(j, sharedbuf_exporter_name(e));
		json_bool(j, "ok", a->result == SHAREDBUF_OK);
		json_string(j, "result", sharedbuf_result_str(a->result));
		json_int(j, "pitch", a->pitch);
		json_int(j, "size", (int64_t)a->size);
		json_end_object(j);
	}
	json_end_object(j);
}

static void probes(struct json *j, const struct kernel_report *k)
{
	json_begin_object(j, "dmabuf_calls");
	json_string(j, "buffer_from",
		    k->probed >= 0 ? sharedbuf_exporter_name(k->probed) : NULL);
	for (int c = 0; c < PROBE_COUNT; c++) {
		const struct probe_result *p = &k->probes[c];

		json_begin_object(j, probe_call_name(c));
		json_string(j, "status", probe_status_str(p->status));
		json_bool(j, "supported", p->status == PROBE_SUPPORTED);
		json_string(j, "error", p->err ? strerror(p->err) : NULL);
		if (c == PROBE_POLL)
			json_bool(j, "readable", p->revents & POLLIN);
		json_end_object(j);
	}
	json_end_object(j);
}

static void kernel(struct json *j, const struct kernel_report *k)
{
	char missing[160];

	json_begin_object(j, "kernel");
	json_string(j, "release", k->release);
	json_string(j, "version", k->version);
	node(j, "udmabuf", &k->udmabuf);
	nodes(j, "dma_heaps", k->heaps, k->n_heaps);
	nodes(j, "drm_nodes", k->dri, k->n_dri);
	json_bool(j, "can_allocate", kernel_can_allocate(k));
	json_string(j, "missing", kernel_missing(k, missing, sizeof(missing)));
	allocation(j, k);
	probes(j, k);
	json_end_object(j);
}

bool report_json(const struct info_report *r, FILE *out)
{
	struct json j;

	json_init(&j, out);
	json_begin_object(&j, NULL);
	json_string(&j, "tool", "sharedbuf-info");
	json_string(&j, "version", SB_VERSION);
	egl(&j, r);
	kernel(&j, &r->kernel);
	report_json_paths(&j, r);
	json_end_object(&j);
	return json_finish(&j);
}

/* SPDX-License-Identifier: MIT */
/* The kernel sections of the text report, and the closing summary. */
#include <poll.h>
#include <string.h>

#include "egl_ext.h"
#include "report.h"
#include "text.h"

#define W TEXT_LABEL_W

static void node_line(const struct info_node *n, FILE *out)
{
	if (!n->present)
		text_kv(out, 1, W, n->path, "missing");
	else if (n->err)
		text_kv(out, 1, W, n->path, "cannot open: %s",
			strerror(n->err));
	else if (n->driver[0])
		text_kv(out, 1, W, n->path, "ok, driver %s", n->driver);
	else
		text_kv(out, 1, W, n->path, "ok");
}

static void exporters_section(const struct kernel_report *k, FILE *out)
{
	char missing[160];

	text_section(out, "dma-buf exporters");
	node_line(&k->udmabuf, out);
	for (int i = 0; i < k->n_heaps; i++)
		node_line(&k->heaps[i], out);
	if (k->n_heaps == 0)
		text_kv(out, 1, W, "/dev/dma_heap/*", "none");
	for (int i = 0; i < k->n_dri; i++)
		node_line(&k->dri[i], out);
	if (k->n_dri == 0)
		text_kv(out, 1, W, "/dev/dri/*", "none");
	if (kernel_missing(k, missing, sizeof(missing)))
		fprintf(out, "  => %s\n", missing);
}

static void alloc_section(const struct kernel_report *k, FILE *out)
{
	text_section(out, "allocation through sharedbuf: %dx%d XRGB8888",
		     INFO_ALLOC_SIZE, INFO_ALLOC_SIZE);
	for (int e = 0; e < SHAREDBUF_EXPORTER_COUNT; e++) {
		const struct info_alloc *a = &k->alloc[e];

		if (a->result == SHAREDBUF_OK)
			text_kv(out, 1, W, sharedbuf_exporter_name(e),
				"ok, pitch %u, %llu bytes", a->pitch,
				(unsigned long long)a->size);
		else
			text_kv(out, 1, W, sharedbuf_exporter_name(e),
				"FAILED: %s", sharedbuf_result_str(a->result));
	}
}

static void probe_line(const struct probe_result *p, enum probe_call c,
		       FILE *out)
{
	const int w = 34; /* the longest ioctl name, and room */

	if (p->status == PROBE_SUPPORTED && c == PROBE_POLL)
		text_kv(out, 1, w, probe_call_name(c), "supported, %s",
			p->revents & POLLIN ? "readable (idle)" : "busy");
	else if (p->status == PROBE_ERROR)
		text_kv(out, 1, w, probe_call_name(c), "error: %s",
			strerror(p->err));
	else if (p->status == PROBE_NOT_RUN && c == PROBE_IMPORT_SYNC_FILE)
		text_kv(out, 1, w, probe_call_name(c),
			"not run: needs the exported sync_file");
	else
		text_kv(out, 1, w, probe_call_name(c), "%s",
			probe_status_str(p->status));
}

static void probe_section(const struct kernel_report *k, FILE *out)
{
	if (k->probed < 0) {
		text_section(out, "dma-buf calls: not probed, no exporter "
				  "allocated a buffer");
		return;
	}
	text_section(out, "dma-buf calls on the %s buffer",
		     sharedbuf_exporter_name(k->probed));
	for (int c = 0; c < PROBE_COUNT; c++)
		probe_line(&k->probes[c], c, out);
}

void report_text_kernel(const struct info_report *r, FILE *out)
{
	const struct kernel_report *k = &r->kernel;

	text_section(out, "kernel");
	text_kv(out, 1, W, "release", "%s", text_or_dash(k->release));
	text_kv(out, 1, W, "version", "%s", text_or_dash(k->version));
	exporters_section(k, out);
	alloc_section(k, out);
	probe_section(k, out);
}

static int count_ok(const struct kernel_report *k, int *probes)
{
	int allocs = 0;

	*probes = 0;
	for (int e = 0; e < SHAREDBUF_EXPORTER_COUNT; e++)
		allocs += k->alloc[e].result == SHAREDBUF_OK;
	for (int c = 0; c < PROBE_COUNT; c++)
		*probes += k->probes[c].status == PROBE_SUPPORTED;
	return allocs;
}

void report_text_summary(const struct info_report *r, FILE *out)
{
	const struct egl_report *e = &r->egl;
	int probes, allocs = count_ok(&r->kernel, &probes);

	text_section(out, "summary");
	text_kv(out, 1, W, "EGL", "%s%s%s", r->egl_usable ? "ok, " : "UNUSABLE",
		r->egl_usable ? text_or_dash(e->gl_renderer) : "",
		!e->layer	   ? ", NOT through the sharedbuf layer"
		: e->devices_twice ? ", layer beside another vendor (WARNING)"
				   : ", through the sharedbuf layer");
	if (ext_has(e->extensions, "EGL_EXT_image_dma_buf_import"))
		text_kv(out, 1, W, "dma-buf import", "yes, %d formats",
			e->formats.count);
	else
		text_kv(out, 1, W, "dma-buf import",
			"NO: no EGL_EXT_image_dma_buf_import");
	text_kv(out, 1, W, "exporters", "%d of %d allocate", allocs,
		SHAREDBUF_EXPORTER_COUNT);
	text_kv(out, 1, W, "dma-buf calls", "%d of %d supported", probes,
		PROBE_COUNT);
}

/* SPDX-License-Identifier: MIT */
#include "kernel_report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <xf86drm.h>

/* Opens @node->path read-write, as allocating needs; for a DRM node also
 * asks its driver's name. */
static void probe_node(struct info_node *node, bool drm)
{
	int fd = open(node->path, O_RDWR | O_CLOEXEC);
	drmVersionPtr v;

	node->err = fd < 0 ? errno : 0;
	node->present = fd >= 0 || node->err != ENOENT;
	if (fd < 0)
		return;
	if (drm && (v = drmGetVersion(fd))) {
		snprintf(node->driver, sizeof(node->driver), "%s",
			 v->name ? v->name : "");
		drmFreeVersion(v);
	}
	close(fd);
}

static int heap_entry(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Device nodes only: /dev/dri also holds the by-path folder. */
static int drm_entry(const struct dirent *d)
{
	return strncmp(d->d_name, "card", 4) == 0 ||
	       strncmp(d->d_name, "renderD", 7) == 0;
}

/* Every entry of @dir that @filter keeps, sorted so the report is the same
 * from one run to the next. Returns how many went into @nodes. */
static int list_nodes(const char *dir, int (*filter)(const struct dirent *),
		      bool drm, struct info_node *nodes)
{
	struct dirent **names;
	int n = scandir(dir, &names, filter, alphasort), kept = 0;

	if (n < 0)
		return 0; /* no folder: no such exporter */
	for (int i = 0; i < n; i++) {
		if (kept < INFO_MAX_NODES) {
			snprintf(nodes[kept].path, sizeof(nodes[kept].path),
				 "%s/%s", dir, names[i]->d_name);
			probe_node(&nodes[kept++], drm);
		}
		free(names[i]);
	}
	free(names);
	return kept;
}

/* Allocates from each exporter, probing the dma-buf calls and the fence
 * path on the first buffer that comes out. */
static void try_exporters(struct kernel_report *r)
{
	r->probed = -1;
	probe_dmabuf(-1, r->probes);
	for (int e = 0; e < SHAREDBUF_EXPORTER_COUNT; e++) {
		struct sharedbuf_buffer buf;
		struct info_alloc *a = &r->alloc[e];

		a->result = sharedbuf_buffer_alloc(e, INFO_ALLOC_SIZE,
						   INFO_ALLOC_SIZE,
						   INFO_ALLOC_FOURCC, &buf);
		if (a->result != SHAREDBUF_OK)
			continue;
		a->pitch = buf.pitch;
		a->size = buf.size;
		if (r->probed < 0) {
			probe_dmabuf(buf.fd, r->probes);
			r->fence_path = sharedbuf_fence_path(buf.fd);
			r->probed = e;
		}
		sharedbuf_buffer_finish(&buf);
	}
}

void kernel_report_gather(struct kernel_report *r)
{
	struct utsname u;

	*r = (struct kernel_report){0};
	if (uname(&u) == 0) {
		snprintf(r->release, sizeof(r->release), "%s", u.release);
		snprintf(r->version, sizeof(r->version), "%s", u.version);
	}
	snprintf(r->udmabuf.path, sizeof(r->udmabuf.path), "/dev/udmabuf");
	probe_node(&r->udmabuf, false);
	r->n_heaps = list_nodes("/dev/dma_heap", heap_entry, false, r->heaps);
	r->n_dri = list_nodes("/dev/dri", drm_entry, true, r->dri);
	try_exporters(r);
}

bool kernel_can_allocate(const struct kernel_report *r)
{
	return r->probed >= 0;
}

const char *kernel_missing(const struct kernel_report *r, char *buf, size_t n)
{
	const char *parts[3];
	int count = 0, len;

	if (!r->udmabuf.present)
		parts[count++] = "udmabuf missing";
	if (r->n_heaps == 0)
		parts[count++] = "no dma-heaps";
	if (r->n_dri == 0)
		parts[count++] = "no DRM devices";
	if (count == 0 && kernel_can_allocate(r))
		return NULL;
	len = snprintf(buf, n, "%s",
		       kernel_can_allocate(r)
			       ? "missing: "
			       : "no dma-buf exporter on this machine: ");
	if (count == 0)
		parts[count++] = "none of them allocates (see allocation)";
	for (int i = 0; i < count && len >= 0 && (size_t)len < n; i++)
		len += snprintf(buf + len, n - (size_t)len, "%s%s",
				i ? ", " : "", parts[i]);
	return buf;
}

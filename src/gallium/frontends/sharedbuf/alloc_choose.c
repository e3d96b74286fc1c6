/* SPDX-License-Identifier: MIT */
/*
 * The first export of a struct sharedbuf_alloc: solve the layout for every
 * attached importer, choose an exporter whose memory every importer can
 * use, allocate, and say why (SHAREDBUF_DEBUG=info, sharedbuf_alloc_explain).
 *
 * Order of exporters, first that allocates and meets everyone wins:
 *   a non-linear modifier        gbm (only a driver lays out tiles)
 *   an importer needs own memory v4l2 (that importer's queue)
 *   an importer needs contiguous cma-heap, then v4l2 (the importer's queue)
 *   otherwise                    udmabuf, dma-heap, gbm, v4l2
 * udmabuf first: memfd pages are cached and any process can make one.
 */
#include "alloc_buffer.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "alloc.h"
#include "constraints.h"
#include "log.h"

#define MAX_TRIES 4

struct plan {
	enum sharedbuf_alloc_exporter exp[MAX_TRIES];
	const struct sb_importer *provider[MAX_TRIES]; /* for v4l2 */
	unsigned n;
	char reason[256]; /* why this list */
};

static const char *name_of(const struct sb_importer *imp)
{
	return imp->c.name[0] ? imp->c.name : "(unnamed)";
}

bool sb_alloc_cma_heap(char *path, size_t size)
{
	DIR *d = opendir("/dev/dma_heap");
	struct dirent *e;
	bool found = false;

	while (d && !found && (e = readdir(d))) {
		if (strstr(e->d_name, "cma") ||
		    strcmp(e->d_name, "reserved") == 0) {
			snprintf(path, size, "/dev/dma_heap/%s", e->d_name);
			found = true;
		}
	}
	if (d)
		closedir(d);
	return found;
}

static void push(struct plan *p, enum sharedbuf_alloc_exporter e,
		 const struct sb_importer *provider)
{
	if (p->n < MAX_TRIES) {
		p->exp[p->n] = e;
		p->provider[p->n++] = provider;
	}
}

/* The importer that provides memory and has @flag (or any, flag 0). */
static const struct sb_importer *provider(const struct sharedbuf_alloc *a,
					  uint32_t flag)
{
	for (unsigned i = 0; i < a->num_importers; i++) {
		if (a->importers[i].v4l2_fd >= 0 &&
		    (!flag || (a->importers[i].c.flags & flag)))
			return &a->importers[i];
	}
	return NULL;
}

/* Which exporters may serve everyone, in order; false with @why if none. */
static bool make_plan(const struct sharedbuf_alloc *a, struct plan *p,
		      char *why, size_t why_size)
{
	const struct sb_importer *own = NULL, *contig = NULL;
	char cma[64];

	for (unsigned i = 0; i < a->num_importers; i++) {
		const struct sb_importer *imp = &a->importers[i];

		if (imp->c.flags & SHAREDBUF_NEEDS_OWN_MEMORY) {
			if (own) {
				sb_appendf(why, why_size,
					   "'%s' and '%s' each import no "
					   "dma-buf: only their own memory",
					   name_of(own), name_of(imp));
				return false;
			}
			own = imp;
		}
		if ((imp->c.flags & SHAREDBUF_NEEDS_CONTIGUOUS) && !contig)
			contig = imp;
	}
	if (a->layout.modifier != DRM_FORMAT_MOD_LINEAR) {
		snprintf(p->reason, sizeof(p->reason),
			 "a tiled modifier only a driver lays out");
		push(p, SHAREDBUF_ALLOC_GBM, NULL);
	} else if (own) {
		snprintf(p->reason, sizeof(p->reason),
			 "'%s' imports no dma-buf", name_of(own));
		if (own->v4l2_fd >= 0)
			push(p, SHAREDBUF_ALLOC_V4L2, own);
	} else if (contig) {
		bool heap = sb_alloc_cma_heap(cma, sizeof(cma));

		snprintf(p->reason, sizeof(p->reason),
			 "'%s' needs contiguous memory%s", name_of(contig),
			 heap ? "" : " and no CMA heap exists");
		if (heap)
			push(p, SHAREDBUF_ALLOC_CMA_HEAP, NULL);
		if (provider(a, SHAREDBUF_NEEDS_CONTIGUOUS))
			push(p, SHAREDBUF_ALLOC_V4L2,
			     provider(a, SHAREDBUF_NEEDS_CONTIGUOUS));
	} else {
		snprintf(p->reason, sizeof(p->reason),
			 "no importer needs special memory");
		push(p, SHAREDBUF_ALLOC_UDMABUF, NULL);
		push(p, SHAREDBUF_ALLOC_DMA_HEAP, NULL);
		push(p, SHAREDBUF_ALLOC_GBM, NULL);
		if (provider(a, 0))
			push(p, SHAREDBUF_ALLOC_V4L2, provider(a, 0));
	}
	if (a->force != SHAREDBUF_ALLOC_NONE) {
		unsigned k = 0;

		while (k < p->n && p->exp[k] != a->force)
			k++;
		if (k == p->n) {
			sb_appendf(why, why_size, "%s was forced, but %s",
				   sharedbuf_alloc_exporter_name(a->force),
				   p->reason);
			return false;
		}
		p->exp[0] = p->exp[k];
		p->provider[0] = p->provider[k];
		p->n = 1;
	}
	if (p->n == 0) {
		sb_appendf(why, why_size,
			   "%s, and no attached importer provides memory",
			   p->reason);
		return false;
	}
	return true;
}

/* Allocates @l from @e; fills a's fd, contiguity and V4L2 fields. */
static enum sharedbuf_result try_exporter(struct sharedbuf_alloc *a,
					  enum sharedbuf_alloc_exporter e,
					  const struct sb_importer *prov,
					  struct sharedbuf_layout *l, char *why,
					  size_t why_size)
{
	struct sharedbuf_buffer b = {.fd = -1, .size = l->size};
	enum sharedbuf_result r;
	char cma[64];

	a->contiguous = false;
	switch (e) {
	case SHAREDBUF_ALLOC_UDMABUF:
		r = sb_alloc_udmabuf(&b);
		break;
	case SHAREDBUF_ALLOC_DMA_HEAP:
		r = sb_alloc_heap(&b);
		break;
	case SHAREDBUF_ALLOC_CMA_HEAP:
		r = sb_alloc_cma_heap(cma, sizeof(cma))
			    ? sb_alloc_heap_at(cma, &b)
			    : SHAREDBUF_ERR_NO_DEVICE;
		a->contiguous = true;
		break;
	case SHAREDBUF_ALLOC_GBM:
		return sb_alloc_gbm_layout(l, &a->fd, why, why_size);
	case SHAREDBUF_ALLOC_V4L2:
		r = sb_alloc_v4l2_layout(prov->v4l2_fd, prov->v4l2_type, l,
					 &a->fd, &a->v4l2_index, why, why_size);
		a->v4l2_fd = prov->v4l2_fd;
		a->v4l2_type = prov->v4l2_type;
		/* the queue's own allocator gives what it needs */
		a->contiguous = prov->c.flags & SHAREDBUF_NEEDS_CONTIGUOUS;
		return r;
	default:
		return SHAREDBUF_ERR_INVALID;
	}
	if (r != SHAREDBUF_OK)
		sb_appendf(why, why_size, "%s", sharedbuf_result_str(r));
	a->fd = b.fd;
	return r;
}

/* Every importer against what @e gave: layout and memory. */
static enum sharedbuf_result check_all(struct sharedbuf_alloc *a, char *why,
				       size_t why_size)
{
	enum sharedbuf_result r = SHAREDBUF_OK;

	for (unsigned i = 0; i < a->num_importers && r == SHAREDBUF_OK; i++) {
		r = sharedbuf_layout_meets(&a->layout, &a->importers[i].c, why,
					   why_size);
		if (r == SHAREDBUF_OK) {
			why[0] = '\0';
			r = sb_alloc_memory_meets(a, &a->importers[i], why,
						  why_size);
		}
	}
	return r;
}

/* Undoes a failed try_exporter. */
static void drop(struct sharedbuf_alloc *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->exporter == SHAREDBUF_ALLOC_V4L2)
		sb_alloc_v4l2_remove(a->v4l2_fd, a->v4l2_type, a->v4l2_index);
	a->fd = -1;
	a->v4l2_fd = -1;
	a->v4l2_index = -1;
	a->exporter = SHAREDBUF_ALLOC_NONE;
}

static void explain(struct sharedbuf_alloc *a, const struct plan *p,
		    const char *tried)
{
	const struct sharedbuf_layout *l = &a->layout;
	char fcc[5], mod[24];

	sb_fourcc_str(l->fourcc, fcc);
	sb_modifier_str(l->modifier, mod, sizeof(mod));
	snprintf(a->explain, sizeof(a->explain),
		 "%ux%u %s %s pitch %u size %llu for %u importers from %s: "
		 "%s%s%s",
		 l->width, l->height, fcc, mod, l->pitches[0],
		 (unsigned long long)l->size, a->num_importers,
		 sharedbuf_alloc_exporter_name(a->exporter), p->reason,
		 tried[0] ? "; passed over: " : "", tried);
	sb_log(SB_INFO, "alloc: %s", a->explain);
}

enum sharedbuf_result sb_alloc_realise(struct sharedbuf_alloc *a, char *why,
				       size_t why_size)
{
	const struct sharedbuf_constraints *set[64];
	struct sharedbuf_layout solved;
	struct plan p = {.n = 0};
	enum sharedbuf_result r = SHAREDBUF_ERR_CONFLICT, last = r;
	char tried[512] = "", msg[512];

	if (a->num_importers == 0 || a->num_importers > 64) {
		sb_appendf(why, why_size, "%u importers attached (1..64)",
			   a->num_importers);
		return SHAREDBUF_ERR_INVALID;
	}
	for (unsigned i = 0; i < a->num_importers; i++)
		set[i] = &a->importers[i].c;
	r = sharedbuf_solve(set, a->num_importers, a->width, a->height,
			    a->fourccs, a->num_fourccs, &solved, why, why_size);
	if (r != SHAREDBUF_OK) {
		sb_log(SB_INFO, "alloc: no layout: %s", why_size ? why : "");
		return r;
	}
	a->layout = solved;
	if (!make_plan(a, &p, why, why_size)) {
		sb_log(SB_INFO, "alloc: no exporter: %s", why_size ? why : "");
		return SHAREDBUF_ERR_CONFLICT;
	}
	for (unsigned k = 0; k < p.n; k++) {
		msg[0] = '\0';
		a->layout = solved;
		last = try_exporter(a, p.exp[k], p.provider[k], &a->layout, msg,
				    sizeof(msg));
		if (last == SHAREDBUF_OK) {
			a->exporter = p.exp[k];
			last = check_all(a, msg, sizeof(msg));
			if (last == SHAREDBUF_OK) {
				explain(a, &p, tried);
				return SHAREDBUF_OK;
			}
			drop(a);
		}
		sb_appendf(tried, sizeof(tried), "%s%s: %s", k ? "; " : "",
			   sharedbuf_alloc_exporter_name(p.exp[k]), msg);
	}
	a->layout = solved;
	sb_appendf(why, why_size, "%s; tried %s", p.reason, tried);
	sb_log(SB_INFO, "alloc: every exporter failed: %s",
	       why_size ? why : "");
	return last;
}

/* SPDX-License-Identifier: MIT */
/*
 * struct sharedbuf_alloc: a buffer whose importers attach before it has
 * memory. The first export realises it (alloc_choose.c); importers that
 * come later are checked against what was chosen.
 */
#include "alloc_buffer.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "constraints.h"
#include "sharedbuf/cpu.h"
#include "log.h"

const char *sharedbuf_alloc_exporter_name(enum sharedbuf_alloc_exporter e)
{
	static const char *const names[] = {
		[SHAREDBUF_ALLOC_NONE] = "none",
		[SHAREDBUF_ALLOC_UDMABUF] = "udmabuf",
		[SHAREDBUF_ALLOC_DMA_HEAP] = "dma-heap",
		[SHAREDBUF_ALLOC_CMA_HEAP] = "cma-heap",
		[SHAREDBUF_ALLOC_GBM] = "gbm",
		[SHAREDBUF_ALLOC_V4L2] = "v4l2",
	};

	return (unsigned)e < SHAREDBUF_ALLOC_EXPORTER_COUNT ? names[e] : NULL;
}

struct sharedbuf_alloc *sharedbuf_alloc_create(uint32_t width, uint32_t height,
					       const uint32_t *fourccs,
					       unsigned n)
{
	struct sharedbuf_alloc *a;

	if (width == 0 || height == 0 || !fourccs || n == 0 ||
	    n > SB_ALLOC_MAX_FOURCCS)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->width = width;
	a->height = height;
	memcpy(a->fourccs, fourccs, n * sizeof(*fourccs));
	a->num_fourccs = n;
	a->fd = -1;
	a->v4l2_fd = -1;
	a->v4l2_index = -1;
	return a;
}

void sharedbuf_alloc_force(struct sharedbuf_alloc *a,
			   enum sharedbuf_alloc_exporter e)
{
	if (a && (unsigned)e < SHAREDBUF_ALLOC_EXPORTER_COUNT)
		a->force = e;
}

enum sharedbuf_result sb_alloc_memory_meets(const struct sharedbuf_alloc *a,
					    const struct sb_importer *imp,
					    char *why, size_t why_size)
{
	const char *name = imp->c.name[0] ? imp->c.name : "(unnamed)";
	const char *exp = sharedbuf_alloc_exporter_name(a->exporter);

	if ((imp->c.flags & SHAREDBUF_NEEDS_CONTIGUOUS) && !a->contiguous) {
		sb_appendf(why, why_size,
			   "'%s' needs contiguous memory, the buffer is a "
			   "scattered %s",
			   name, exp);
		return SHAREDBUF_ERR_CONFLICT;
	}
	if ((imp->c.flags & SHAREDBUF_NEEDS_OWN_MEMORY) &&
	    (a->exporter != SHAREDBUF_ALLOC_V4L2 ||
	     a->v4l2_fd != imp->v4l2_fd)) {
		sb_appendf(why, why_size,
			   "'%s' imports no dma-buf and the buffer is not its "
			   "own memory (it is a %s)",
			   name, exp);
		return SHAREDBUF_ERR_CONFLICT;
	}
	return SHAREDBUF_OK;
}

static enum sharedbuf_result add(struct sharedbuf_alloc *a,
				 const struct sharedbuf_constraints *c, int vfd,
				 uint32_t type, char *why, size_t why_size)
{
	struct sb_importer *imps;
	enum sharedbuf_result r;

	why_size = why ? why_size : 0;
	if (why_size)
		why[0] = '\0';
	if (!a || !c)
		return SHAREDBUF_ERR_INVALID;
	imps = realloc(a->importers, (a->num_importers + 1) * sizeof(*imps));
	if (!imps)
		return SHAREDBUF_ERR_NO_MEMORY;
	a->importers = imps;
	imps[a->num_importers].c = *c;
	imps[a->num_importers].v4l2_fd = vfd;
	imps[a->num_importers].v4l2_type = type;
	if (a->exporter != SHAREDBUF_ALLOC_NONE) {
		r = sharedbuf_layout_meets(&a->layout, c, why, why_size);
		if (r == SHAREDBUF_OK)
			r = sb_alloc_memory_meets(a, &imps[a->num_importers],
						  why, why_size);
		if (r != SHAREDBUF_OK) {
			sb_log(SB_INFO, "late importer refused: %s",
			       why_size ? why : "");
			return r; /* not counted: nothing changes */
		}
	}
	a->num_importers++;
	return SHAREDBUF_OK;
}

enum sharedbuf_result
sharedbuf_alloc_attach(struct sharedbuf_alloc *a,
		       const struct sharedbuf_constraints *c, char *why,
		       size_t why_size)
{
	return add(a, c, -1, 0, why, why_size);
}

enum sharedbuf_result
sharedbuf_alloc_attach_v4l2(struct sharedbuf_alloc *a,
			    const struct sharedbuf_constraints *c, int fd,
			    uint32_t type, char *why, size_t why_size)
{
	if (fd < 0)
		return SHAREDBUF_ERR_INVALID;
	return add(a, c, fd, type, why, why_size);
}

enum sharedbuf_result sharedbuf_alloc_export(struct sharedbuf_alloc *a,
					     struct sharedbuf_layout *layout,
					     int *fd, char *why,
					     size_t why_size)
{
	enum sharedbuf_result r;
	int dup;

	why_size = why ? why_size : 0;
	if (why_size)
		why[0] = '\0';
	if (!a || !fd)
		return SHAREDBUF_ERR_INVALID;
	*fd = -1;
	if (a->exporter == SHAREDBUF_ALLOC_NONE) {
		r = sb_alloc_realise(a, why, why_size);
		if (r != SHAREDBUF_OK)
			return r;
	}
	dup = fcntl(a->fd, F_DUPFD_CLOEXEC, 0);
	if (dup < 0) {
		sb_log_errno(SB_ERROR, "dup the buffer's dma-buf");
		return SHAREDBUF_ERR_IO;
	}
	if (layout)
		*layout = a->layout;
	*fd = dup;
	return SHAREDBUF_OK;
}

enum sharedbuf_result sharedbuf_alloc_map(struct sharedbuf_alloc *a,
					  struct sharedbuf_cpu_image **out,
					  char *why, size_t why_size)
{
	struct sharedbuf_image_layout il = {0};
	struct sharedbuf_layout l;
	enum sharedbuf_result r;
	int fd;

	if (!out)
		return SHAREDBUF_ERR_INVALID;
	*out = NULL;
	r = sharedbuf_alloc_export(a, &l, &fd, why, why_size);
	if (r != SHAREDBUF_OK)
		return r;
	il.width = l.width;
	il.height = l.height;
	il.fourcc = l.fourcc;
	il.modifier = l.modifier;
	il.num_planes = l.num_planes;
	for (unsigned i = 0; i < l.num_planes && i < SHAREDBUF_MAX_PLANES;
	     i++) {
		if (l.offsets[i] > UINT32_MAX) {
			close(fd);
			return SHAREDBUF_ERR_OVERFLOW;
		}
		il.planes[i].fd = fd;
		il.planes[i].offset = (uint32_t)l.offsets[i];
		il.planes[i].pitch = l.pitches[i];
	}
	r = sharedbuf_cpu_image_create(&il, out); /* dups fd */
	close(fd);
	return r;
}

enum sharedbuf_alloc_exporter
sharedbuf_alloc_exporter(const struct sharedbuf_alloc *a)
{
	return a ? a->exporter : SHAREDBUF_ALLOC_NONE;
}

const char *sharedbuf_alloc_explain(const struct sharedbuf_alloc *a)
{
	return a ? a->explain : "";
}

int sharedbuf_alloc_v4l2_index(const struct sharedbuf_alloc *a)
{
	return a && a->exporter == SHAREDBUF_ALLOC_V4L2 ? a->v4l2_index : -1;
}

void sharedbuf_alloc_destroy(struct sharedbuf_alloc *a)
{
	if (!a)
		return;
	if (a->fd >= 0)
		close(a->fd);
	if (a->exporter == SHAREDBUF_ALLOC_V4L2)
		sb_alloc_v4l2_remove(a->v4l2_fd, a->v4l2_type, a->v4l2_index);
	free(a->importers);
	free(a);
}

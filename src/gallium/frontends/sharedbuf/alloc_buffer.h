/* SPDX-License-Identifier: MIT */
/* struct sharedbuf_alloc, shared by its files; and the exporter back ends
 * that take a solved layout. */
#ifndef SB_ALLOC_BUFFER_H
#define SB_ALLOC_BUFFER_H

#include <stdbool.h>

#include "sharedbuf/alloc.h"

#define SB_ALLOC_MAX_FOURCCS 16
#define SB_EXPLAIN_MAX	     1024

struct sb_importer {
	struct sharedbuf_constraints c;
	int v4l2_fd; /* borrowed; -1: provides no memory */
	uint32_t v4l2_type;
};

struct sharedbuf_alloc {
	uint32_t width, height;
	uint32_t fourccs[SB_ALLOC_MAX_FOURCCS];
	unsigned num_fourccs;
	struct sb_importer *importers;
	unsigned num_importers;
	enum sharedbuf_alloc_exporter force; /* NONE: any */

	/* set by the first export */
	enum sharedbuf_alloc_exporter exporter;
	struct sharedbuf_layout layout;
	int fd;
	bool contiguous;	 /* the memory is physically contiguous */
	int v4l2_fd, v4l2_index; /* the queue and buffer it lives in */
	uint32_t v4l2_type;
	char explain[SB_EXPLAIN_MAX];
};

/* Can the memory already chosen serve @imp (contiguous, own memory)? */
enum sharedbuf_result sb_alloc_memory_meets(const struct sharedbuf_alloc *a,
					    const struct sb_importer *imp,
					    char *why, size_t why_size);

/* Solves, chooses and allocates (alloc_choose.c). */
enum sharedbuf_result sb_alloc_realise(struct sharedbuf_alloc *a, char *why,
				       size_t why_size);

/* Back ends: allocate @l (pitches and size may be changed to what the
 * exporter gave; the caller re-checks every importer) into *@fd.
 * On failure @why says why. */
enum sharedbuf_result sb_alloc_gbm_layout(struct sharedbuf_layout *l, int *fd,
					  char *why, size_t why_size);
/* A new MMAP buffer of queue @vfd/@type in @l's format, exported:
 * *@index is its index. */
enum sharedbuf_result sb_alloc_v4l2_layout(int vfd, uint32_t type,
					   struct sharedbuf_layout *l, int *fd,
					   int *index, char *why,
					   size_t why_size);
/* Drops buffer @index from the queue (VIDIOC_REMOVE_BUFS); errors are
 * logged only. */
void sb_alloc_v4l2_remove(int vfd, uint32_t type, int index);

/* The first contiguous dma-heap's path into @path, or false. */
bool sb_alloc_cma_heap(char *path, size_t size);

#endif

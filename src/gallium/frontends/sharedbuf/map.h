/* SPDX-License-Identifier: MIT */
/*
 * The mapping cache of a CPU image: one mmap per distinct dma-buf among its
 * planes, made at the first lock that needs it and kept until the image is
 * destroyed. The planes of NV12 in one buffer share one mapping, whatever
 * fds name it: "the same dma-buf" is the same inode (fstat st_dev, st_ino),
 * not the same fd number.
 *
 * Not thread-safe: the CPU image serialises calls with its mutex.
 */
#ifndef SB_MAP_H
#define SB_MAP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "format.h"
#include "sharedbuf/sharedbuf.h"

struct sb_map {
	int fd;	   /* dup'ed, ours */
	dev_t dev; /* which dma-buf: its inode */
	ino_t ino;
	uint64_t size;	 /* bytes, the whole dma-buf */
	uint32_t access; /* SHAREDBUF_ACCESS_* bits its open mode allows */
	void *ptr;	 /* NULL until sb_map_get() maps it */
	/* Set by sb_map_set_stale(): a guarded access faulted and the
	 * pages at ptr are anonymous zeros (guard.h). */
	atomic_bool stale;
};

struct sb_map_set {
	unsigned count; /* distinct dma-bufs, maps[0 .. count - 1] */
	struct sb_map maps[SB_MAX_PLANES];
	uint8_t of_plane[SB_MAX_PLANES]; /* plane -> index in maps[] */
};

/* Finds the distinct dma-bufs among the @n plane fds @fds (borrowed,
 * already checked to be dma-bufs) and dups one fd of each
 * (F_DUPFD_CLOEXEC). Every fd of a dma-buf refers to the one file its
 * exporter made, so they share one open mode (O_RDWR or not is the
 * exporter's choice, and /proc/self/fd cannot reopen a dma-buf): any of
 * them will do. Maps nothing. On failure @set holds nothing to finish. */
enum sharedbuf_result sb_map_set_init(struct sb_map_set *set, const int *fds,
				      unsigned n);

/* Unmaps every mapping and closes every fd of @set. */
void sb_map_set_finish(struct sb_map_set *set);

/* The map behind @plane (< the n given to init). */
static inline struct sb_map *sb_map_set_plane(struct sb_map_set *set,
					      unsigned plane)
{
	return &set->maps[set->of_plane[plane]];
}

/* The first byte of @m's mapping in *@base, mapping all of the dma-buf
 * now if this is its first use: read-write if m->access has WRITE, else
 * read-only. A stale mapping is made again at the same address
 * (MAP_FIXED), so pointers into it stay valid. SHAREDBUF_ERR_IO or
 * _NO_MEMORY when mmap() fails. */
enum sharedbuf_result sb_map_get(struct sb_map *m, uint8_t **base);

/* Whether @m must be mapped again before its next use. */
static inline bool sb_map_stale(struct sb_map *m)
{
	return atomic_load_explicit(&m->stale, memory_order_relaxed);
}

/* Notes that a guarded access to @m faulted (sb_guard_end() said so): its
 * pages are anonymous now, and the next sb_map_get() maps it again. */
void sb_map_set_stale(struct sb_map *m);

#endif

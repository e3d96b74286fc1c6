/* SPDX-License-Identifier: MIT */
/*
 * dma-buf image layouts and their validation: does every plane of an image
 * fit inside its dma-buf? The checks a driver skips, before it sees the
 * buffer. sb_layout_check() is pure (host unit tests, fuzzer);
 * sb_layout_check_fds() asks the kernel about each fd, then calls it.
 */
#ifndef SB_LAYOUT_H
#define SB_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "format.h"

struct sb_plane_layout {
	int fd;		 /* borrowed */
	uint64_t offset; /* bytes from the start of the dma-buf */
	uint64_t pitch;	 /* bytes from one row to the next */
};

struct sb_layout {
	uint32_t width, height, fourcc;
	unsigned num_planes; /* planes given, 1..SB_MAX_PLANES */
	struct sb_plane_layout planes[SB_MAX_PLANES];
	bool has_modifier; /* false: implicit (driver-chosen) layout; an
			      explicit DRM_FORMAT_MOD_INVALID is implicit */
	uint64_t modifier; /* DRM_FORMAT_MOD_*, when has_modifier */
};

/* Why a layout was refused; each maps to one EGL error in src/egl. */
enum sb_layout_result {
	SB_LAYOUT_OK = 0,
	SB_LAYOUT_UNKNOWN_FORMAT,  /* fourcc not in sharedbuf's table (from
				      sb_layout_check_fds: every fd is a
				      dma-buf, but no more is known) */
	SB_LAYOUT_TOO_FEW_PLANES,  /* fewer planes than the format has */
	SB_LAYOUT_TOO_MANY_PLANES, /* more planes than the format has */
	SB_LAYOUT_BAD_SIZE,	   /* width or height is 0 */
	SB_LAYOUT_BAD_PITCH,	   /* pitch 0 or below a row's bytes */
	SB_LAYOUT_OVERFLOW,	   /* offset/pitch math overflows 64 bits */
	SB_LAYOUT_OUT_OF_BOUNDS,   /* a plane ends past its dma-buf */
	SB_LAYOUT_BAD_FD,	   /* fd < 0 or not open */
	SB_LAYOUT_NOT_DMABUF,	   /* fd is open but not a dma-buf */
};

const char *sb_layout_result_str(enum sb_layout_result r);

/* Checks @l against the sizes in bytes of each plane's dma-buf, @sizes[i]
 * for plane i. Pure. The first failing check wins, in this order: format,
 * plane count, size, then per plane (0 first): pitch, overflow, bounds.
 * Bounds are checked for linear layouts (no modifier, DRM_FORMAT_MOD_LINEAR
 * or DRM_FORMAT_MOD_INVALID, which means no modifier) of formats that have
 * one: pitch must be at least sb_format_min_pitch() and offset + pitch *
 * block_h * (block rows - 1) + a row of blocks must fit (format.h). For
 * other modifiers, and formats with no linear layout, only that pitch is
 * not 0 and the offset lies inside the buffer; such a modifier may also
 * bring auxiliary planes past the format's own. On failure *@plane (if not
 * NULL) is the offending plane for a per-plane check, else -1. */
enum sb_layout_result sb_layout_check(const struct sb_layout *l,
				      const uint64_t sizes[SB_MAX_PLANES],
				      int *plane);

/* Checks that each plane's fd (borrowed) is an open dma-buf: BAD_FD if it
 * is < 0 or not open (fstat() fails with EBADF), NOT_DMABUF if it is not a
 * dma-buf (dmabuf.h) or not opened for I/O (an O_PATH fd). Reads each size
 * (lseek SEEK_END), then returns sb_layout_check(). The first failing plane
 * wins. A plane with the fd of the plane before it is asked about once.
 * When every fd is a dma-buf, @inos (if not NULL) holds their inode
 * numbers, @inos[i] for plane i. */
enum sb_layout_result sb_layout_check_fds(const struct sb_layout *l, int *plane,
					  ino_t inos[SB_MAX_PLANES]);

#endif

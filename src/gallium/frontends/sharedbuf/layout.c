/* SPDX-License-Identifier: MIT */
#include "layout.h"

#include <stddef.h>
#include <drm_fourcc.h>

#include "dmabuf.h"
#include "sharedbuf/sharedbuf.h"

static const char *const result_names[] = {
	[SB_LAYOUT_OK] = "ok",
	[SB_LAYOUT_UNKNOWN_FORMAT] = "unknown format",
	[SB_LAYOUT_TOO_FEW_PLANES] = "too few planes",
	[SB_LAYOUT_TOO_MANY_PLANES] = "too many planes",
	[SB_LAYOUT_BAD_SIZE] = "bad size",
	[SB_LAYOUT_BAD_PITCH] = "bad pitch",
	[SB_LAYOUT_OVERFLOW] = "overflow",
	[SB_LAYOUT_OUT_OF_BOUNDS] = "plane out of bounds",
	[SB_LAYOUT_BAD_FD] = "bad fd",
	[SB_LAYOUT_NOT_DMABUF] = "not a dma-buf",
};

const char *sb_layout_result_str(enum sb_layout_result r)
{
	if ((unsigned)r >= sizeof(result_names) / sizeof(result_names[0]))
		return "unknown result";
	return result_names[r];
}

/* Without a modifier, exporter and driver agree on the layout out of
 * band. For the exporters sharedbuf allocates from and for llvmpipe that
 * is linear; a tiled buffer's size also covers its linear extent.
 * DRM_FORMAT_MOD_INVALID given explicitly is Mesa's "no modifier" too:
 * skipping the bounds for it would let any import skip them. */
static bool is_linear(const struct sb_layout *l)
{
	return !l->has_modifier || l->modifier == DRM_FORMAT_MOD_LINEAR ||
	       l->modifier == DRM_FORMAT_MOD_INVALID;
}

/* The byte past the last one linear plane @i reads: offset, then a row
 * of blocks every block_h pixel rows, the last one a row's bytes long:
 * offset + pitch * block_h * (block rows - 1) + row bytes (format.h).
 * False if that overflows 64 bits. */
static bool linear_end(const struct sb_format *f, const struct sb_layout *l,
		       unsigned i, uint64_t *end)
{
	const struct sb_plane_layout *p = &l->planes[i];
	/* pixel rows before the last row of blocks: under 2^33 */
	uint64_t rows = (uint64_t)f->block_h[i] *
			(sb_format_block_rows(f, i, l->height) - 1);
	uint64_t n;

	return !__builtin_mul_overflow(p->pitch, rows, &n) &&
	       !__builtin_add_overflow(n, sb_format_row_bytes(f, i, l->width),
				       &n) &&
	       !__builtin_add_overflow(n, p->offset, end);
}

static enum sb_layout_result check_linear(const struct sb_format *f,
					  const struct sb_layout *l, unsigned i,
					  uint64_t size)
{
	const struct sb_plane_layout *p = &l->planes[i];
	uint64_t end;

	if (p->pitch == 0 || p->pitch < sb_format_min_pitch(f, i, l->width))
		return SB_LAYOUT_BAD_PITCH;
	if (!linear_end(f, l, i, &end))
		return SB_LAYOUT_OVERFLOW;
	return end <= size ? SB_LAYOUT_OK : SB_LAYOUT_OUT_OF_BOUNDS;
}

/* A tiled or compressed layout is the modifier owner's to define: its
 * pitch may count tiles, its planes may hold metadata. Only what any
 * layout needs is checked: some pitch, and a first byte in the buffer. */
static enum sb_layout_result check_opaque(const struct sb_plane_layout *p,
					  uint64_t size)
{
	if (p->pitch == 0)
		return SB_LAYOUT_BAD_PITCH;
	return p->offset < size ? SB_LAYOUT_OK : SB_LAYOUT_OUT_OF_BOUNDS;
}

/* Planes past the format's own are allowed only with a non-linear
 * modifier, which may add auxiliary planes
 * (EGL_EXT_image_dma_buf_import_modifiers; Mesa asks the driver how many
 * planes a modifier has). */
static enum sb_layout_result check_plane_count(const struct sb_format *f,
					       const struct sb_layout *l)
{
	if (l->num_planes < f->planes)
		return SB_LAYOUT_TOO_FEW_PLANES;
	if (l->num_planes > SB_MAX_PLANES ||
	    (l->num_planes > f->planes && is_linear(l)))
		return SB_LAYOUT_TOO_MANY_PLANES;
	return SB_LAYOUT_OK;
}

enum sb_layout_result sb_layout_check(const struct sb_layout *l,
				      const uint64_t sizes[SB_MAX_PLANES],
				      int *plane)
{
	const struct sb_format *f = sb_format_find(l->fourcc);
	enum sb_layout_result r;
	int dummy;

	plane = plane ? plane : &dummy;
	*plane = -1;
	if (!f)
		return SB_LAYOUT_UNKNOWN_FORMAT;
	r = check_plane_count(f, l);
	if (r != SB_LAYOUT_OK)
		return r;
	if (l->width == 0 || l->height == 0)
		return SB_LAYOUT_BAD_SIZE;
	for (unsigned i = 0; i < l->num_planes; i++) {
		/* a format with no linear layout: only what any has */
		if (is_linear(l) && f->char_per_block[i])
			r = check_linear(f, l, i, sizes[i]);
		else
			r = check_opaque(&l->planes[i], sizes[i]);
		if (r != SB_LAYOUT_OK) {
			*plane = (int)i;
			return r;
		}
	}
	return SB_LAYOUT_OK;
}

/* The size and inode of @fd (borrowed) if it is an open dma-buf: fstat()
 * tells whether it is open and a dma-buf (dmabuf.h), lseek() its size and
 * that it is opened for I/O (an O_PATH fd fails it). */
static enum sb_layout_result dmabuf_size(int fd, uint64_t *size, ino_t *ino)
{
	off_t end;

	switch (sb_dmabuf_identify(fd, ino)) {
	case SB_DMABUF_NOT_OPEN:
		return SB_LAYOUT_BAD_FD;
	case SB_DMABUF_OTHER:
		return SB_LAYOUT_NOT_DMABUF;
	case SB_DMABUF_YES:
		break;
	}
	/* Every dma-buf seeks to its end; one that does not cannot be
	 * bounded, so it is refused like a non-dma-buf. */
	end = sb_dmabuf_size(fd);
	if (end < 0)
		return SB_LAYOUT_NOT_DMABUF;
	*size = (uint64_t)end;
	return SB_LAYOUT_OK;
}

enum sb_layout_result sb_layout_check_fds(const struct sb_layout *l, int *plane,
					  ino_t inos[SB_MAX_PLANES])
{
	uint64_t sizes[SB_MAX_PLANES] = {0};
	ino_t own[SB_MAX_PLANES];
	unsigned n =
		l->num_planes < SB_MAX_PLANES ? l->num_planes : SB_MAX_PLANES;
	enum sb_layout_result r;
	int dummy;

	plane = plane ? plane : &dummy;
	inos = inos ? inos : own;
	*plane = -1;
	for (unsigned i = 0; i < n; i++) {
		/* planes sharing an fd (one buffer, several planes) ask
		 * the kernel once */
		if (i > 0 && l->planes[i].fd == l->planes[i - 1].fd) {
			sizes[i] = sizes[i - 1];
			inos[i] = inos[i - 1];
			continue;
		}
		r = dmabuf_size(l->planes[i].fd, &sizes[i], &inos[i]);
		if (r != SB_LAYOUT_OK) {
			*plane = (int)i;
			return r;
		}
	}
	return sb_layout_check(l, sizes, plane);
}

/* SPDX-License-Identifier: MIT */
/*
 * Who made a dma-buf, as the kernel tells it: the exp_name line of
 * /proc/self/fdinfo/<fd> (dma_buf_show_fdinfo). Names seen in the guest
 * (Linux 6.12): "udmabuf" (udmabuf), "system" (the system dma-heap),
 * "drm" (every DRM GEM export: vgem's dumb buffers, but also i915's and
 * amdgpu's, tiled or not).
 */
#ifndef SB_EXPORTER_H
#define SB_EXPORTER_H

#include <stdbool.h>
#include <stddef.h>

/* Copies the exporter name of dma-buf @fd (borrowed) into @name (size
 * @n); false if the kernel does not say. Test-only: a set
 * $SHAREDBUF_TEST_EXPORTER_NAME (read through env.h: ignored in a setuid
 * or setgid process) stands in for every fd's name, to act as an exporter
 * the guest lacks. */
bool sb_dmabuf_exporter_name(int fd, char *name, size_t n);

/* Is dma-buf @fd from an exporter that has no tiling, so that its bytes
 * are linear whatever the importer was told? udmabuf and the system
 * dma-heap: plain pages, no layout metadata. "drm" is not: the name does
 * not tell vgem from a GPU that tiles behind an implicit modifier. */
bool sb_dmabuf_exporter_linear(int fd);

#endif

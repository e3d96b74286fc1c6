/* SPDX-License-Identifier: MIT */
/*
 * Exporter back ends. Each fills buf->fd (new, O_RDWR | O_CLOEXEC) given
 * buf->width, height, fourcc; udmabuf and dma-heap also take buf->pitch and
 * buf->size as computed by the caller, dumb sets both itself.
 */
#ifndef SB_ALLOC_H
#define SB_ALLOC_H

#include "sharedbuf/sharedbuf.h"

enum sharedbuf_result sb_alloc_udmabuf(struct sharedbuf_buffer *buf);
/* The same with pages that are never physically adjacent: what a
 * long-running system's fragmented memory gives, made on purpose (the
 * V4L2 contiguity probe and tests must not depend on chance). */
enum sharedbuf_result sb_alloc_udmabuf_scattered(struct sharedbuf_buffer *buf);
enum sharedbuf_result sb_alloc_heap(struct sharedbuf_buffer *buf);
/* The same from the dma-heap at @path (/dev/dma_heap/NAME). */
enum sharedbuf_result sb_alloc_heap_at(const char *path,
				       struct sharedbuf_buffer *buf);
enum sharedbuf_result sb_alloc_dumb(struct sharedbuf_buffer *buf);

/* The pixels a row of @buf must hold: its width rounded up to whole blocks
 * of its format (packed 4:2:2 formats store pixels in pairs). */
uint32_t sb_alloc_row_pixels(const struct sharedbuf_buffer *buf);

/* Maps an errno from opening an exporter's device to a result. */
enum sharedbuf_result sb_alloc_open_error(int err);

#endif

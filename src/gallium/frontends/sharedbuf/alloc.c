/* SPDX-License-Identifier: MIT */
#include "alloc.h"

#include <errno.h>
#include <unistd.h>

#include "format.h"
#include "log.h"

#define PITCH_ALIGN 64

const char *sharedbuf_exporter_name(enum sharedbuf_exporter e)
{
	switch (e) {
	case SHAREDBUF_EXPORTER_UDMABUF:
		return "udmabuf";
	case SHAREDBUF_EXPORTER_DMA_HEAP:
		return "dma-heap";
	case SHAREDBUF_EXPORTER_DUMB:
		return "dumb";
	case SHAREDBUF_EXPORTER_COUNT:
		break;
	}
	return NULL;
}

enum sharedbuf_result sb_alloc_open_error(int err)
{
	return err == ENOENT || err == ENODEV || err == ENXIO
		       ? SHAREDBUF_ERR_NO_DEVICE
		       : SHAREDBUF_ERR_IO;
}

uint32_t sb_alloc_row_pixels(const struct sharedbuf_buffer *buf)
{
	uint32_t block = sb_format_find(buf->fourcc)->block_w[0];

	/* width < 2^32 and block <= 2: rounding up fits 64 bits */
	return (uint32_t)(((uint64_t)buf->width + block - 1) / block * block);
}

/* pitch = a row's pixels * cpp rounded up to PITCH_ALIGN, size = pitch * height
 * rounded up to a page; both checked against overflow. */
static enum sharedbuf_result linear_layout(struct sharedbuf_buffer *buf,
					   uint32_t cpp)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t pitch =
		((uint64_t)sb_alloc_row_pixels(buf) * cpp + PITCH_ALIGN - 1) /
		PITCH_ALIGN * PITCH_ALIGN;
	uint64_t size;

	if (pitch > UINT32_MAX)
		return SHAREDBUF_ERR_OVERFLOW;
	/* pitch < 2^32 and height < 2^32: the product fits in 64 bits. */
	size = pitch * buf->height;
	if (size > UINT64_MAX - page)
		return SHAREDBUF_ERR_OVERFLOW;
	buf->pitch = (uint32_t)pitch;
	buf->size = (size + page - 1) / page * page;
	return SHAREDBUF_OK;
}

enum sharedbuf_result sharedbuf_buffer_alloc(enum sharedbuf_exporter exporter,
					     uint32_t width, uint32_t height,
					     uint32_t fourcc,
					     struct sharedbuf_buffer *out)
{
	struct sharedbuf_buffer buf = {
		.fd = -1, .width = width, .height = height, .fourcc = fourcc};
	uint32_t cpp = sharedbuf_format_cpp(fourcc);
	enum sharedbuf_result r;

	if (!out)
		return SHAREDBUF_ERR_INVALID;
	out->fd = -1;
	if (width == 0 || height == 0)
		return SHAREDBUF_ERR_INVALID;
	if (cpp == 0)
		return SHAREDBUF_ERR_FORMAT;

	switch (exporter) {
	case SHAREDBUF_EXPORTER_UDMABUF:
		r = linear_layout(&buf, cpp);
		if (r == SHAREDBUF_OK)
			r = sb_alloc_udmabuf(&buf);
		break;
	case SHAREDBUF_EXPORTER_DMA_HEAP:
		r = linear_layout(&buf, cpp);
		if (r == SHAREDBUF_OK)
			r = sb_alloc_heap(&buf);
		break;
	case SHAREDBUF_EXPORTER_DUMB:
		r = sb_alloc_dumb(&buf);
		break;
	default:
		return SHAREDBUF_ERR_INVALID;
	}
	if (r != SHAREDBUF_OK) {
		sb_log(SB_INFO, "%s %ux%u: %s",
		       sharedbuf_exporter_name(exporter), width, height,
		       sharedbuf_result_str(r));
		return r;
	}
	*out = buf; /* publish last */
	return SHAREDBUF_OK;
}

void sharedbuf_buffer_finish(struct sharedbuf_buffer *buf)
{
	if (!buf || buf->fd < 0)
		return;
	close(buf->fd);
	buf->fd = -1;
}

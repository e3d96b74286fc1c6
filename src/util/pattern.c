/* SPDX-License-Identifier: MIT */
/* CPU access for tests (raw mmap + DMA_BUF_IOCTL_SYNC) and test patterns. */
#include "egl_env.h"

#include <string.h>
#include <sys/mman.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "dmabuf.h"

void *sb_test_map_begin(int fd, uint64_t size, uint64_t rw)
{
	int prot = (rw & DMA_BUF_SYNC_READ ? PROT_READ : 0) |
		   (rw & DMA_BUF_SYNC_WRITE ? PROT_WRITE : 0);
	void *p = mmap(NULL, size, prot, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (sb_dmabuf_sync(fd, DMA_BUF_SYNC_START | rw) != 0) {
		munmap(p, size);
		return NULL;
	}
	return p;
}

bool sb_test_map_end(int fd, void *ptr, uint64_t size, uint64_t rw)
{
	bool ok = sb_dmabuf_sync(fd, DMA_BUF_SYNC_END | rw) == 0;

	return munmap(ptr, size) == 0 && ok;
}

/* A hash of (x, y, seed): neighbouring pixels differ in every channel. */
static uint32_t mix(uint32_t x, uint32_t y, uint32_t seed)
{
	uint32_t h = x * 0x9e3779b1u ^ y * 0x85ebca77u ^ seed * 0xc2b2ae3du;

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

uint32_t sb_test_pattern(uint32_t fourcc, uint32_t x, uint32_t y, uint32_t seed)
{
	uint32_t h = mix(x, y, seed);

	return fourcc == DRM_FORMAT_RGB565 ? h & 0xffffu : h;
}

static uint8_t unorm(uint32_t v, unsigned bits)
{
	uint32_t max = (1u << bits) - 1;

	return (uint8_t)((v * 255u + max / 2) / max);
}

void sb_test_expected_rgba(uint32_t fourcc, uint32_t p, uint8_t rgba[4])
{
	uint8_t b0 = p & 0xff, b1 = (p >> 8) & 0xff, b2 = (p >> 16) & 0xff,
		b3 = p >> 24;

	switch (fourcc) {
	case DRM_FORMAT_XRGB8888: /* [31:0] x:R:G:B little endian */
	case DRM_FORMAT_ARGB8888:
		rgba[0] = b2, rgba[1] = b1, rgba[2] = b0;
		rgba[3] = fourcc == DRM_FORMAT_ARGB8888 ? b3 : 255;
		break;
	case DRM_FORMAT_XBGR8888: /* [31:0] x:B:G:R little endian */
	case DRM_FORMAT_ABGR8888:
		rgba[0] = b0, rgba[1] = b1, rgba[2] = b2;
		rgba[3] = fourcc == DRM_FORMAT_ABGR8888 ? b3 : 255;
		break;
	case DRM_FORMAT_RGB565: /* [15:0] R:G:B 5:6:5 little endian */
		rgba[0] = unorm((p >> 11) & 0x1f, 5);
		rgba[1] = unorm((p >> 5) & 0x3f, 6);
		rgba[2] = unorm(p & 0x1f, 5);
		rgba[3] = 255;
		break;
	default:
		memset(rgba, 0, 4);
	}
}

void sb_test_fill(void *ptr, uint32_t fourcc, uint32_t width, uint32_t height,
		  uint32_t pitch, uint32_t seed)
{
	for (uint32_t y = 0; y < height; y++) {
		uint8_t *row = (uint8_t *)ptr + (size_t)y * pitch;

		for (uint32_t x = 0; x < width; x++) {
			uint32_t p = sb_test_pattern(fourcc, x, y, seed);

			if (fourcc == DRM_FORMAT_RGB565)
				memcpy(row + x * 2, &p, 2);
			else
				memcpy(row + x * 4, &p, 4);
		}
	}
}

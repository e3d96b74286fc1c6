/* SPDX-License-Identifier: MIT */
/*
 * CPU drawing into a linear ARGB8888 image: a mapped dma-buf or plain
 * memory. Drawing only ever writes pixels, never reads them back, because a
 * mapped dma-buf may be uncached or write-combined and reading it is slow.
 */
#ifndef SB_TOOLS_CANVAS_H
#define SB_TOOLS_CANVAS_H

#include <stddef.h>
#include <stdint.h>

struct sb_canvas {
	uint8_t *px;  /* row 0 first; DRM_FORMAT_ARGB8888 (B, G, R, A bytes) */
	int width;    /* pixels */
	int height;   /* rows */
	size_t pitch; /* bytes from one row to the next */
};

static inline uint32_t sb_argb(uint8_t a, uint8_t r, uint8_t g, uint8_t b)
{
	return (uint32_t)a << 24 | (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

/* Sets pixel (x, y); outside the canvas: nothing. */
void sb_canvas_put(const struct sb_canvas *c, int x, int y, uint32_t argb);

void sb_canvas_rect(const struct sb_canvas *c, int x, int y, int w, int h,
		    uint32_t argb);

/* Sets every pixel to shade(x, y, data). */
void sb_canvas_shade(const struct sb_canvas *c,
		     uint32_t (*shade)(int x, int y, const void *data),
		     const void *data);

/* Width in pixels of @s in the 5x7 font scaled by @scale. */
int sb_canvas_text_width(const char *s, int scale);

/* Draws @s with its top-left corner at (x, y), each font pixel a
 * @scale x @scale square. */
void sb_canvas_text(const struct sb_canvas *c, int x, int y, int scale,
		    uint32_t argb, const char *s);

/* The same, over a black drop shadow, centred on column @cx: legible over
 * any background. */
void sb_canvas_label(const struct sb_canvas *c, int cx, int y, int scale,
		     uint32_t argb, const char *s);

/* Rewrites the pixels in place as R, G, B, A bytes (GL_RGBA), for
 * glTexImage2D. The canvas is no longer ARGB8888 afterwards. */
void sb_canvas_to_rgba(const struct sb_canvas *c);

#endif

/* SPDX-License-Identifier: MIT */
#include "canvas.h"

#include <string.h>

#include "font.h"

void sb_canvas_put(const struct sb_canvas *c, int x, int y, uint32_t argb)
{
	uint8_t *p;

	if (x < 0 || y < 0 || x >= c->width || y >= c->height)
		return;
	/* ARGB8888 is a little endian 32-bit word: B, G, R, A in memory,
	 * whatever the CPU's byte order. */
	p = c->px + (size_t)y * c->pitch + (size_t)x * 4;
	p[0] = argb & 0xff;
	p[1] = (argb >> 8) & 0xff;
	p[2] = (argb >> 16) & 0xff;
	p[3] = argb >> 24;
}

void sb_canvas_rect(const struct sb_canvas *c, int x, int y, int w, int h,
		    uint32_t argb)
{
	for (int j = y; j < y + h; j++)
		for (int i = x; i < x + w; i++)
			sb_canvas_put(c, i, j, argb);
}

void sb_canvas_shade(const struct sb_canvas *c,
		     uint32_t (*shade)(int x, int y, const void *data),
		     const void *data)
{
	for (int y = 0; y < c->height; y++)
		for (int x = 0; x < c->width; x++)
			sb_canvas_put(c, x, y, shade(x, y, data));
}

int sb_canvas_text_width(const char *s, int scale)
{
	size_t n = strlen(s);

	/* no blank column after the last glyph */
	return n ? (int)n * SB_FONT_ADVANCE * scale - scale : 0;
}

static void glyph(const struct sb_canvas *c, int x, int y, int scale,
		  uint32_t argb, char ch)
{
	for (int gy = 0; gy < SB_FONT_H; gy++)
		for (int gx = 0; gx < SB_FONT_W; gx++)
			if (sb_font_pixel(ch, gx, gy))
				sb_canvas_rect(c, x + gx * scale,
					       y + gy * scale, scale, scale,
					       argb);
}

void sb_canvas_text(const struct sb_canvas *c, int x, int y, int scale,
		    uint32_t argb, const char *s)
{
	for (; *s; s++, x += SB_FONT_ADVANCE * scale)
		glyph(c, x, y, scale, argb, *s);
}

void sb_canvas_label(const struct sb_canvas *c, int cx, int y, int scale,
		     uint32_t argb, const char *s)
{
	int x = cx - sb_canvas_text_width(s, scale) / 2;
	int off = scale > 2 ? scale / 2 : 1;

	sb_canvas_text(c, x + off, y + off, scale, sb_argb(255, 0, 0, 0), s);
	sb_canvas_text(c, x, y, scale, argb, s);
}

void sb_canvas_to_rgba(const struct sb_canvas *c)
{
	for (int y = 0; y < c->height; y++) {
		uint8_t *p = c->px + (size_t)y * c->pitch;

		for (int x = 0; x < c->width; x++, p += 4) {
			uint8_t b = p[0];

			p[0] = p[2];
			p[2] = b;
		}
	}
}

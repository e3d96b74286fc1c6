/* SPDX-License-Identifier: MIT */
/* A 5x7 bitmap font, with descenders, with the glyphs the demo writes. */
#ifndef SB_TOOLS_FONT_H
#define SB_TOOLS_FONT_H

#include <stdbool.h>

#define SB_FONT_W	5
#define SB_FONT_BASE	7		/* rows down to the baseline */
#define SB_FONT_H	9		/* with the descenders */
#define SB_FONT_ADVANCE (SB_FONT_W + 1) /* one blank column between glyphs */

/* Is the pixel (x, y) of glyph @c set? A character the font lacks draws as
 * a hollow box, so a missing glyph shows in the picture instead of a gap. */
bool sb_font_pixel(char c, int x, int y);

#endif

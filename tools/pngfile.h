/* SPDX-License-Identifier: MIT */
/* A PNG writer for RGBA8 pixels (named pngfile.h: <png.h> is libpng's). */
#ifndef SB_TOOLS_PNGFILE_H
#define SB_TOOLS_PNGFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Writes @px (@width x @height RGBA8, rows packed, row 0 first and at the
 * top of the picture) to @path. With !@alpha the alpha bytes are dropped and
 * the PNG is RGB. On failure removes what it wrote of @path (when a regular
 * file), describes why in @why (size @n) and returns false.
 */
bool sb_png_write(const char *path, const uint8_t *px, uint32_t width,
		  uint32_t height, bool alpha, char *why, size_t n);

#endif

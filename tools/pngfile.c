/* SPDX-License-Identifier: MIT */
#include "pngfile.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct png_error {
	char *why;
	size_t n;
};

/* libpng must not return from its error callback: keep the message and
 * jump back to write_rows(). */
static void on_error(png_structp png, png_const_charp msg)
{
	struct png_error *e = png_get_error_ptr(png);

	snprintf(e->why, e->n, "libpng: %s", msg);
	png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
	fprintf(stderr, "libpng warning: %s\n", msg);
}

/* Kept apart from sb_png_write() so that no local variable lives across
 * the setjmp() (and -Wclobbered has nothing to say). */
static bool write_rows(png_structp png, png_infop info, FILE *f,
		       const uint8_t *px, uint32_t width, uint32_t height,
		       bool alpha)
{
	if (setjmp(png_jmpbuf(png)))
		return false;
	png_init_io(png, f);
	png_set_IHDR(png, info, width, height, 8,
		     alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	if (!alpha) /* on writing, the filler byte is stripped */
		png_set_filler(png, 0, PNG_FILLER_AFTER);
	for (uint32_t y = 0; y < height; y++)
		png_write_row(png, px + (size_t)y * width * 4);
	png_write_end(png, NULL);
	return true;
}

static bool write_png(FILE *f, const uint8_t *px, uint32_t width,
		      uint32_t height, bool alpha, char *why, size_t n)
{
	struct png_error err = {why, n};
	png_structp png;
	png_infop info;
	bool ok;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &err, on_error,
				      on_warning);
	if (!png) {
		snprintf(why, n, "libpng: out of memory");
		return false;
	}
	info = png_create_info_struct(png);
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		snprintf(why, n, "libpng: out of memory");
		return false;
	}
	ok = write_rows(png, info, f, px, width, height, alpha);
	png_destroy_write_struct(&png, &info);
	return ok;
}

bool sb_png_write(const char *path, const uint8_t *px, uint32_t width,
		  uint32_t height, bool alpha, char *why, size_t n)
{
	FILE *f = fopen(path, "wb");
	struct stat st;
	bool regular, ok;

	if (!f) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return false;
	}
	/* only a half-written file is worth removing, not /dev/stdout */
	regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
	ok = write_png(f, px, width, height, alpha, why, n);
	/* a full disk may only show when the last buffer is flushed */
	if (fclose(f) != 0 && ok) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		ok = false;
	}
	if (!ok && regular)
		remove(path);
	return ok;
}

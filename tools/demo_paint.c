/* SPDX-License-Identifier: MIT */
/* Textures painted in memory, and the PNG of a target: what the demo's
 * scenes share besides the dma-bufs. */
#include <stdio.h>
#include <stdlib.h>

#include "demo.h"
#include "pngfile.h"

/* A texture holding @c, painted in memory: GL copies it, so @c may go. */
static GLuint texture_from_canvas(const struct sb_canvas *c)
{
	GLuint tex;

	sb_canvas_to_rgba(c);
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, c->width, c->height, 0, GL_RGBA,
		     GL_UNSIGNED_BYTE, c->px);
	if (glGetError() != GL_NO_ERROR) {
		glDeleteTextures(1, &tex);
		return 0;
	}
	return tex;
}

GLuint demo_painted_texture(int w, int h,
			    void (*paint)(const struct sb_canvas *c,
					  const void *data),
			    const void *data)
{
	struct sb_canvas c = {malloc((size_t)w * h * 4), w, h, (size_t)w * 4};
	GLuint tex;

	if (!c.px)
		return 0;
	paint(&c, data);
	tex = texture_from_canvas(&c);
	free(c.px);
	return tex;
}

bool demo_write_png(const struct sb_test_target *t, const char *path)
{
	uint8_t *px;
	char why[256];
	bool ok;

	px = sb_test_target_read(t);
	if (!px) {
		fprintf(stderr, "sharedbuf-demo: glReadPixels failed\n");
		return false;
	}
	ok = sb_png_write(path, px, (uint32_t)t->width, (uint32_t)t->height,
			  false, why, sizeof(why));
	free(px);
	if (!ok)
		fprintf(stderr, "sharedbuf-demo: %s\n", why);
	return ok;
}

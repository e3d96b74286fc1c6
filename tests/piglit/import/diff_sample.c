/* SPDX-License-Identifier: MIT */
/*
 * import-diff: an image sampled as GL_TEXTURE_EXTERNAL_OES (the target
 * every format can take: Mesa 25's llvmpipe lists them all external-only,
 * and YUV needs it), drawn 1:1 into an RGBA8 target, judged and hashed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "diff.h"
#include "gl_external.h"

/* Draws @tex into @t; false on a GL error. */
static bool draw(GLuint tex, const struct sb_test_target *t)
{
	GLuint prog = sb_test_external_program();

	if (!prog)
		return false;
	glDisable(GL_BLEND);
	return sb_test_draw_quad(prog, GL_TEXTURE_EXTERNAL_OES, tex, 0, 0,
				 DIFF_W, DIFF_H, t);
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static bool near(int a, int b, int tol)
{
	return abs(a - b) <= tol;
}

/* Pixel @i against the pattern of @fourcc (tests/common/pattern.c). */
static bool exact(const uint8_t *px, uint32_t i, uint32_t fourcc)
{
	uint8_t want[4];

	sb_test_expected_rgba(
		fourcc, sb_test_pattern(fourcc, i % DIFF_W, i / DIFF_W, 7),
		want);
	for (int k = 0; k < 4; k++) {
		if (!near(px[k], want[k], 1))
			return false;
	}
	return true;
}

/* Neutral chroma: R = G = B, the luma as narrow (BT.601/709: 16..235)
 * or full range. */
static bool gray(const uint8_t *px, uint32_t i)
{
	int y = diff_luma(i % DIFF_W, i / DIFF_W);
	int narrow = (y - 16) * 255 / 219;

	return near(px[0], px[1], 3) && near(px[1], px[2], 3) &&
	       (near(px[1], narrow, 4) || near(px[1], y, 4));
}

const char *diff_sample(EGLImage img, const struct diff_variant *v,
			const struct diff_buffers *b, uint64_t *hash)
{
	static const float clear[4] = {1, 0, 1, 1};
	static char verdict[64];
	struct sb_test_target t;
	const char *what = NULL;
	uint32_t bad = 0;
	uint8_t *px = NULL;
	GLuint tex;

	*hash = 0;
	if (!sb_test_target_init(&t, DIFF_W, DIFF_H, clear)) {
		sb_test_target_finish(&t);
		return "no target";
	}
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_EXTERNAL_OES, tex);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MIN_FILTER,
			GL_NEAREST);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MAG_FILTER,
			GL_NEAREST);
	glEGLImageTargetTexture2DOES(GL_TEXTURE_EXTERNAL_OES, img);
	if (glGetError() != GL_NO_ERROR)
		what = "no external texture";
	else if (!draw(tex, &t))
		what = "draw failed";
	else if (!(px = sb_test_target_read(&t)))
		what = "read failed";
	if (!what) {
		*hash = fnv1a(px, (size_t)DIFF_W * DIFF_H * 4);
		for (uint32_t i = 0; i < DIFF_W * DIFF_H; i++) {
			if (b->kind == DIFF_EXACT)
				bad += !exact(px + 4 * i, i, v->fourcc);
			else if (b->kind == DIFF_GRAY)
				bad += !gray(px + 4 * i, i);
		}
		what = b->kind == DIFF_EXACT  ? "exact"
		       : b->kind == DIFF_GRAY ? "gray"
					      : "sampled";
		if (bad) {
			snprintf(verdict, sizeof(verdict), "%u px wrong", bad);
			what = verdict;
		}
	}
	free(px);
	sb_test_target_finish(&t);
	glDeleteTextures(1, &tex);
	return what;
}

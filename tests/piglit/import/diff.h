/* SPDX-License-Identifier: MIT */
/*
 * import-diff: valid dma-buf imports, run on bare Mesa and through the
 * layer in separate processes, compared. diff.c runs the processes and
 * compares; diff_variants.c says what each variant imports and builds its
 * buffers and attribute list; diff_sample.c samples an image and judges
 * the pixels.
 */
#ifndef SB_TEST_IMPORT_DIFF_H
#define SB_TEST_IMPORT_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "attr_list.h"
#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "format.h"
#include "sharedbuf/sharedbuf.h"

#define DIFF_W 34 /* even, not a multiple of 4: YUV410's chroma rounds */
#define DIFF_H 18

enum diff_mod {
	DIFF_MOD_NONE,	  /* no modifier attributes */
	DIFF_MOD_LINEAR,  /* explicit DRM_FORMAT_MOD_LINEAR */
	DIFF_MOD_INVALID, /* explicit DRM_FORMAT_MOD_INVALID */
};

#define DIFF_PRESERVED (1u << 0) /* EGL_IMAGE_PRESERVED_KHR, EGL_TRUE */
#define DIFF_HINTS     (1u << 1) /* the four YUV hints */
#define DIFF_SPLIT     (1u << 2) /* one dma-buf per plane */

struct diff_variant {
	char name[40];
	uint32_t fourcc;
	enum diff_mod mod;
	bool wide;	      /* EGLAttrib list, eglCreateImage */
	uint32_t offset;      /* of plane 0 */
	uint32_t extra_pitch; /* bytes past the 64-aligned minimum */
	unsigned flags;
};

/* How the pixels of a variant are judged. */
enum diff_kind {
	DIFF_EXACT, /* tests/common/pattern.c's formats: every pixel */
	DIFF_GRAY,  /* YUV of 8 or 16 bits, neutral chroma: gray, as Y says */
	DIFF_ANY,   /* anything else: sampled, and the same both ways */
};

/* The buffers of one import. */
struct diff_buffers {
	struct sharedbuf_buffer buf[SB_MAX_PLANES];
	unsigned num_bufs, num_planes;
	int fd[SB_MAX_PLANES]; /* borrowed from buf[] */
	uint32_t offset[SB_MAX_PLANES], pitch[SB_MAX_PLANES];
	enum diff_kind kind;
};

/* The variants: the special ones, then (with @sweep) one plain import of
 * every format @dpy lists. Returns their number (at most @max). */
int diff_variants(EGLDisplay dpy, bool sweep, struct diff_variant *out,
		  int max);

/* Allocates and fills the buffers of @v from @exp; false on failure. */
bool diff_buffers_make(enum sharedbuf_exporter exp,
		       const struct diff_variant *v, struct diff_buffers *b);
void diff_buffers_finish(struct diff_buffers *b);

/* The attribute list importing @b as @v says. */
void diff_attribs(const struct diff_variant *v, const struct diff_buffers *b,
		  struct attr_list *a);

/* Samples @img (GL_TEXTURE_EXTERNAL_OES) into a DIFF_W x DIFF_H RGBA8
 * target; *@hash is a hash of the pixels read. Returns the verdict:
 * "exact", "gray", "sampled", or why not. */
const char *diff_sample(EGLImage img, const struct diff_variant *v,
			const struct diff_buffers *b, uint64_t *hash);

/* The Y value of (x, y) in DIFF_GRAY buffers, 8 bits. */
uint8_t diff_luma(uint32_t x, uint32_t y);

#endif

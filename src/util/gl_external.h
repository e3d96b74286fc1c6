/* SPDX-License-Identifier: MIT */
/* Drawing an EGLImage through GL_TEXTURE_EXTERNAL_OES (how GL samples
 * YUV formats), for the allocation tests. */
#ifndef SB_TEST_GL_EXTERNAL_H
#define SB_TEST_GL_EXTERNAL_H

#include <stdbool.h>

#include "egl_env.h"

/* The program sb_test_draw_external() draws with: sb_test_gl_program()'s
 * quad sampling the samplerExternalOES "tex". Built once per process (one
 * context per process); 0 when it does not build. */
GLuint sb_test_external_program(void);

/* Draws @image into the rectangle (x, y, w, h) of @t with NEAREST
 * filtering, no blending: where the sizes match, pixel (i, j) samples
 * texel (i, j), as sb_test_draw() does. False on a GL error. */
bool sb_test_draw_external(EGLImageKHR image, int x, int y, int w, int h,
			   const struct sb_test_target *t);

#endif

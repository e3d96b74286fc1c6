/* SPDX-License-Identifier: MIT */
#include "gl_external.h"

#include <stdio.h>

static const char *const fs_src =
	"#extension GL_OES_EGL_image_external : require\n"
	"precision highp float;\n"
	"uniform samplerExternalOES tex;\n"
	"varying vec2 uv;\n"
	"void main() {\n"
	"	gl_FragColor = texture2D(tex, uv);\n"
	"}\n";

GLuint sb_test_external_program(void)
{
	static GLuint prog;

	if (!prog)
		prog = sb_test_gl_program(fs_src);
	return prog;
}

bool sb_test_draw_external(EGLImageKHR image, int x, int y, int w, int h,
			   const struct sb_test_target *t)
{
	GLuint prog = sb_test_external_program(), tex;
	bool ok;

	if (!prog)
		return false;
	while (glGetError() != GL_NO_ERROR)
		; /* stale errors are not this call's */
	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_EXTERNAL_OES, tex);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MIN_FILTER,
			GL_NEAREST);
	glTexParameteri(GL_TEXTURE_EXTERNAL_OES, GL_TEXTURE_MAG_FILTER,
			GL_NEAREST);
	glEGLImageTargetTexture2DOES(GL_TEXTURE_EXTERNAL_OES, image);
	glDisable(GL_BLEND);
	ok = sb_test_draw_quad(prog, GL_TEXTURE_EXTERNAL_OES, tex, x, y, w, h,
			       t);
	glFinish();
	glDeleteTextures(1, &tex);
	return ok;
}

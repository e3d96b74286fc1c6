/* SPDX-License-Identifier: MIT */
#include "gl_external.h"

#include <stdio.h>

static const char *const vs_src =
	"attribute vec2 pos;\n"
	"varying vec2 uv;\n"
	"void main() {\n"
	"	uv = pos;\n"
	"	gl_Position = vec4(pos * 2.0 - 1.0, 0.0, 1.0);\n"
	"}\n";

static const char *const fs_src =
	"#extension GL_OES_EGL_image_external : require\n"
	"precision highp float;\n"
	"uniform samplerExternalOES tex;\n"
	"varying vec2 uv;\n"
	"void main() {\n"
	"	gl_FragColor = texture2D(tex, uv);\n"
	"}\n";

static GLuint compile(GLenum type, const char *src)
{
	GLuint s = glCreateShader(type);
	GLint ok = 0;
	char log[512];

	glShaderSource(s, 1, &src, NULL);
	glCompileShader(s);
	glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
	if (!ok) {
		glGetShaderInfoLog(s, sizeof(log), NULL, log);
		fprintf(stderr, "shader: %s\n", log);
		glDeleteShader(s);
		return 0;
	}
	return s;
}

static GLuint program(void)
{
	static GLuint prog;
	GLuint vs, fs;
	GLint ok = 0;

	if (prog)
		return prog;
	vs = compile(GL_VERTEX_SHADER, vs_src);
	fs = compile(GL_FRAGMENT_SHADER, fs_src);
	if (!vs || !fs)
		return 0;
	prog = glCreateProgram();
	glAttachShader(prog, vs);
	glAttachShader(prog, fs);
	glBindAttribLocation(prog, 0, "pos");
	glLinkProgram(prog);
	glDeleteShader(vs);
	glDeleteShader(fs);
	glGetProgramiv(prog, GL_LINK_STATUS, &ok);
	if (!ok) {
		glDeleteProgram(prog);
		prog = 0;
	}
	return prog;
}

bool sb_test_draw_external(EGLImageKHR image, int x, int y, int w, int h,
			   const struct sb_test_target *t)
{
	static const GLfloat quad[] = {0, 0, 1, 0, 0, 1, 1, 1};
	GLuint prog = program(), tex;
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
	glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
	glViewport(x, y, w, h);
	glUseProgram(prog);
	glActiveTexture(GL_TEXTURE0);
	glUniform1i(glGetUniformLocation(prog, "tex"), 0);
	glDisable(GL_BLEND);
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, quad);
	glEnableVertexAttribArray(0);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	glDisableVertexAttribArray(0);
	ok = glGetError() == GL_NO_ERROR;
	glFinish();
	glDeleteTextures(1, &tex);
	return ok;
}

/* SPDX-License-Identifier: MIT */
/* FBO targets and a textured-quad draw, GLES 2. */
#include "egl_env.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const vs_src =
	"attribute vec2 pos;\n"
	"varying vec2 uv;\n"
	"void main() {\n"
	"	uv = pos;\n"
	"	gl_Position = vec4(pos * 2.0 - 1.0, 0.0, 1.0);\n"
	"}\n";

static const char *const fs_src = "precision highp float;\n"
				  "uniform sampler2D tex;\n"
				  "uniform float alpha;\n"
				  "varying vec2 uv;\n"
				  "void main() {\n"
				  "	gl_FragColor = texture2D(tex, uv) * "
				  "vec4(1.0, 1.0, 1.0, alpha);\n"
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

GLuint sb_test_gl_program(const char *fs)
{
	GLuint prog, vs_shader, fs_shader;
	GLint ok = 0;

	vs_shader = compile(GL_VERTEX_SHADER, vs_src);
	fs_shader = compile(GL_FRAGMENT_SHADER, fs);
	if (!vs_shader || !fs_shader) {
		glDeleteShader(vs_shader);
		glDeleteShader(fs_shader);
		return 0;
	}
	prog = glCreateProgram();
	glAttachShader(prog, vs_shader);
	glAttachShader(prog, fs_shader);
	glBindAttribLocation(prog, 0, "pos");
	glLinkProgram(prog);
	glDeleteShader(vs_shader);
	glDeleteShader(fs_shader);
	glGetProgramiv(prog, GL_LINK_STATUS, &ok);
	if (!ok) {
		glDeleteProgram(prog);
		prog = 0;
	}
	return prog;
}

/* The program, built once per process (tests use one context). */
static GLuint program(void)
{
	static GLuint prog;

	if (!prog)
		prog = sb_test_gl_program(fs_src);
	return prog;
}

bool sb_test_target_init(struct sb_test_target *t, int w, int h,
			 const float clear[4])
{
	while (glGetError() != GL_NO_ERROR)
		; /* stale errors are not this call's */
	t->width = w;
	t->height = h;
	glGenTextures(1, &t->tex);
	glBindTexture(GL_TEXTURE_2D, t->tex);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA,
		     GL_UNSIGNED_BYTE, NULL);
	glGenFramebuffers(1, &t->fbo);
	glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
	glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
			       GL_TEXTURE_2D, t->tex, 0);
	if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
		return false;
	glClearColor(clear[0], clear[1], clear[2], clear[3]);
	glClear(GL_COLOR_BUFFER_BIT);
	return glGetError() == GL_NO_ERROR;
}

void sb_test_target_finish(struct sb_test_target *t)
{
	glBindFramebuffer(GL_FRAMEBUFFER, 0);
	glDeleteFramebuffers(1, &t->fbo);
	glDeleteTextures(1, &t->tex);
	t->fbo = t->tex = 0;
}

bool sb_test_draw_quad(GLuint prog, GLenum target, GLuint tex, int x, int y,
		       int w, int h, const struct sb_test_target *t)
{
	static const GLfloat quad[] = {0, 0, 1, 0, 0, 1, 1, 1};

	glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
	glViewport(x, y, w, h);
	glUseProgram(prog);
	glActiveTexture(GL_TEXTURE0);
	glBindTexture(target, tex);
	glUniform1i(glGetUniformLocation(prog, "tex"), 0);
	glBindBuffer(GL_ARRAY_BUFFER, 0);
	glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, quad);
	glEnableVertexAttribArray(0);
	glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
	glDisableVertexAttribArray(0);
	return glGetError() == GL_NO_ERROR;
}

bool sb_test_draw(GLuint tex, int x, int y, int w, int h, float alpha,
		  bool blend, const struct sb_test_target *t)
{
	GLuint prog = program();

	if (!prog)
		return false;
	while (glGetError() != GL_NO_ERROR)
		; /* stale errors are not this call's */
	glUseProgram(prog);
	glUniform1f(glGetUniformLocation(prog, "alpha"), alpha);
	if (blend) {
		glEnable(GL_BLEND);
		glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
	} else {
		glDisable(GL_BLEND);
	}
	return sb_test_draw_quad(prog, GL_TEXTURE_2D, tex, x, y, w, h, t);
}

uint8_t *sb_test_target_read(const struct sb_test_target *t)
{
	uint8_t *px = malloc((size_t)t->width * (size_t)t->height * 4);

	if (!px)
		return NULL;
	glBindFramebuffer(GL_FRAMEBUFFER, t->fbo);
	glPixelStorei(GL_PACK_ALIGNMENT, 1);
	glReadPixels(0, 0, t->width, t->height, GL_RGBA, GL_UNSIGNED_BYTE, px);
	if (glGetError() != GL_NO_ERROR) {
		free(px);
		return NULL;
	}
	return px;
}

bool sb_test_warm_up(void)
{
	static const float clear[4] = {0, 0, 0, 0};
	static const uint8_t texel[4] = {1, 2, 3, 4};
	struct sb_test_target t;
	GLuint tex;
	bool ok;

	glGenTextures(1, &tex);
	glBindTexture(GL_TEXTURE_2D, tex);
	glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 1, 1, 0, GL_RGBA,
		     GL_UNSIGNED_BYTE, texel);
	ok = sb_test_target_init(&t, 4, 4, clear) &&
	     sb_test_draw(tex, 0, 0, 4, 4, 1, false, &t);
	glFinish();
	sb_test_target_finish(&t);
	glDeleteTextures(1, &tex);
	return ok;
}

/* SPDX-License-Identifier: MIT */
/*
 * The CPU-access strip (OUT-cpu.png): one dma-buf, imported once, goes
 * through FRAMES frames. For each, eglLockImageSHAREDBUF(WRITE) hands the
 * CPU the buffer's mapping, the CPU draws the frame into it (a ball
 * bouncing across, its frame number), eglUnlockImageSHAREDBUF ends the
 * access, and GL draws the buffer, scaled, into the frame's slot of the
 * strip.
 *
 * There is no glFinish between the frames, on purpose: GL draws lazily
 * (llvmpipe renders at the next flush), so each slot would show the last
 * frame if the CPU overwrote the buffer before GL read it. The lock is what
 * waits: GL's pending work on the image becomes a fence that the next lock
 * waits for. Six different frames in the picture are its proof.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <drm_fourcc.h>

#include "demo.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"

#define EXTENSION "EGL_SHAREDBUF_image_cpu_access"

/* The buffer, and its slots in the strip: drawn at 3/2 of its size. */
#define FW     160
#define FH     120
#define FRAMES 6
#define SLOT_W (FW * 3 / 2)
#define SLOT_H (FH * 3 / 2)

/* The strip: a title, a band of film with sprocket holes above and below
 * the slots, two lines of footer. */
#define MARGIN	32
#define GAP	20
#define STRIP_W (2 * MARGIN + FRAMES * SLOT_W + (FRAMES - 1) * GAP)
#define FILM_Y	52
#define HOLES	24 /* height of a row of sprocket holes */
#define SLOT_Y	(FILM_Y + HOLES)
#define FILM_H	(SLOT_H + 2 * HOLES)
#define STRIP_H (FILM_Y + FILM_H + 76)

/* In the frame: the ground's top row, the ball's radius. */
#define GROUND 100
#define BALL_R 13.0f

#define LOCK_TIMEOUT_NS 2000000000 /* a demo must not hang: 2 s */

struct strip {
	EGLDisplay dpy;
	enum sharedbuf_exporter exporter;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	struct sharedbuf_buffer buf;
	EGLImage image;
	GLuint tex;
	struct sb_test_target target;
};

/* Frame @i's ball: one throw from left to right, on the ground at the
 * first and the last frame (a parabola). */
static void ball_at(int i, float *x, float *y)
{
	float t = (float)i / (FRAMES - 1);

	*x = 22.0f + t * (FW - 44.0f);
	*y = GROUND - BALL_R - 4.0f * 50.0f * t * (1.0f - t);
}

/* How much of pixel (x, y) a disc of radius @r at (cx, cy) covers. */
static float disc(int x, int y, float cx, float cy, float r)
{
	float d = hypotf(x + 0.5f - cx, y + 0.5f - cy);

	return fminf(fmaxf(r - d + 0.5f, 0.0f), 1.0f);
}

/* A dusk sky over green ground with a light edge. */
static struct rgb backdrop(int y)
{
	if (y < GROUND)
		return mix(rgb(24, 34, 86), rgb(120, 70, 130),
			   (float)y / GROUND);
	return y < GROUND + 2
		       ? rgb(150, 210, 120)
		       : scale(rgb(50, 130, 70),
			       1.0f - 0.4f * (y - GROUND) / (FH - GROUND));
}

/* The ball at (bx, by) over @c: orange, lit from the top left. */
static struct rgb ball(struct rgb c, int x, int y, float bx, float by,
		       float alpha)
{
	float k = disc(x, y, bx, by, BALL_R) * alpha;
	float lit = hypotf(x + 0.5f - (bx - 4), y + 0.5f - (by - 4)) / BALL_R;
	struct rgb b =
		mix(rgb(255, 235, 150), rgb(230, 90, 30), fminf(lit, 1.0f));

	return mix(c, b, k);
}

/* The ball's shadow on the ground under (bx, by), over @c: an ellipse
 * four times as wide as high, smaller as the ball rises. */
static struct rgb shadow(struct rgb c, int x, int y, float bx, float by)
{
	float r = BALL_R * (1.2f - (GROUND - by) / 120.0f);
	int squashed = (y - GROUND - 4) * 4 + GROUND;

	return scale(c, 1.0f - 0.45f * disc(x, squashed, bx, GROUND, r));
}

static uint32_t frame_pixel(int x, int y, const void *data)
{
	int i = *(const int *)data;
	struct rgb c = backdrop(y);
	float bx, by;

	/* the frames before, faint: the path so far */
	for (int j = 0; j < i; j++) {
		ball_at(j, &bx, &by);
		c = ball(c, x, y, bx, by, 0.15f + 0.1f * j);
	}
	ball_at(i, &bx, &by);
	c = shadow(c, x, y, bx, by);
	return pack(255, ball(c, x, y, bx, by, 1.0f));
}

/* Frame @i, written through the lock's mapping: every pixel once, no
 * reads (the mapping may be uncached). */
static void paint_frame(const struct sb_canvas *c, int i)
{
	char text[32];

	sb_canvas_shade(c, frame_pixel, &i);
	snprintf(text, sizeof(text), "frame %d", i + 1);
	sb_canvas_label(c, FW / 2, 8, 2, 0xffffffff, text);
}

/* Lock, draw frame @i with the CPU, unlock. */
static bool cpu_frame(struct strip *s, int i)
{
	static const EGLAttrib attribs[] = {
		EGL_LOCK_USAGE_SHAREDBUF,
		EGL_WRITE_BIT_SHAREDBUF,
		EGL_LOCK_TIMEOUT_NS_SHAREDBUF,
		LOCK_TIMEOUT_NS,
		EGL_NONE,
	};
	struct sb_canvas c = {NULL, FW, FH, 0};
	void *data;
	EGLint stride;

	if (!s->lock(s->dpy, s->image, attribs, &data, &stride)) {
		fprintf(stderr, "sharedbuf-demo: eglLockImageSHAREDBUF: 0x%x\n",
			eglGetError());
		return false;
	}
	c.px = data;
	c.pitch = (size_t)stride;
	paint_frame(&c, i);
	if (!s->unlock(s->dpy, s->image, 0, NULL)) {
		fprintf(stderr,
			"sharedbuf-demo: eglUnlockImageSHAREDBUF: 0x%x\n",
			eglGetError());
		return false;
	}
	return true;
}

static int slot_x(int i)
{
	return MARGIN + i * (SLOT_W + GAP);
}

/* Is (x, fy), fy rows down the film, in a sprocket hole? A 12x8 hole
 * every 24 pixels, in the middle of the rows above and below the slots. */
static bool sprocket(int x, int fy)
{
	int row = fy < HOLES ? fy : fy - (FILM_H - HOLES);

	return row >= 8 && row < 16 && (x + 6) % 24 < 12;
}

/* The strip's background: the main picture's dark gradient, and a band
 * of film across it. */
static uint32_t strip_pixel(int x, int y, const void *data)
{
	int fy = y - FILM_Y;

	if (fy < 0 || fy >= FILM_H)
		return pack(255, mix(rgb(44, 48, 64), rgb(14, 16, 24),
				     (float)y / STRIP_H));
	return pack(255,
		    sprocket(x, fy) ? rgb(205, 200, 185) : rgb(22, 20, 18));
}

static void paint_strip(const struct sb_canvas *c, const void *data)
{
	static const uint32_t grey = 0xffbec3d2;
	const struct strip *s = data;
	char line[128];

	sb_canvas_shade(c, strip_pixel, NULL);
	snprintf(line, sizeof(line), "CPU lock/unlock -> GL, %d frames",
		 FRAMES);
	sb_canvas_label(c, STRIP_W / 2, 12, 3, 0xffffffff, line);
	snprintf(line, sizeof(line),
		 "one %dx%d XRGB8888 %s buffer, imported once. Each frame: "
		 "eglLockImageSHAREDBUF(WRITE), the CPU draws,",
		 FW, FH, sharedbuf_exporter_name(s->exporter));
	sb_canvas_label(c, STRIP_W / 2, FILM_Y + FILM_H + 16, 2, grey, line);
	sb_canvas_label(
		c, STRIP_W / 2, FILM_Y + FILM_H + 42, 2, grey,
		"eglUnlockImageSHAREDBUF, GL draws it at 1.5x. No glFinish: "
		"the next lock waits for GL to have read it.");
}

/* The extension's entry points, or false with a message: no strip. */
static bool find_extension(struct strip *s, bool layer)
{
	if (!epoxy_has_egl_extension(s->dpy, EXTENSION)) {
		printf("demo-cpu: skipped, %s is not there: %s\n", EXTENSION,
		       layer ? "this libEGL_sharedbuf.so.0 does not offer it"
			     : "libEGL_sharedbuf.so.0 is not in the EGL call "
			       "path");
		return false;
	}
	s->lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	s->unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	if (!s->lock || !s->unlock) {
		printf("demo-cpu: skipped, eglGetProcAddress has no "
		       "eglLockImageSHAREDBUF\n");
		return false;
	}
	return true;
}

/* A buffer from the first exporter that gives one (udmabuf in the
 * guest), imported once, as a texture sampled LINEAR for the scaling. */
static bool strip_buffer(struct strip *s)
{
	enum sharedbuf_result r = SHAREDBUF_ERR_NO_DEVICE;

	for (int e = 0; e < SHAREDBUF_EXPORTER_COUNT && r != SHAREDBUF_OK;
	     e++) {
		s->exporter = (enum sharedbuf_exporter)e;
		r = sharedbuf_buffer_alloc(s->exporter, FW, FH,
					   DRM_FORMAT_XRGB8888, &s->buf);
	}
	if (r != SHAREDBUF_OK) {
		fprintf(stderr,
			"sharedbuf-demo: no exporter for the CPU "
			"strip: %s\n",
			sharedbuf_result_str(r));
		return false;
	}
	s->image = sb_test_import(s->dpy, s->buf.fd, s->buf.fourcc, FW, FH, 0,
				  s->buf.pitch);
	if (s->image == EGL_NO_IMAGE) {
		fprintf(stderr, "sharedbuf-demo: eglCreateImageKHR: 0x%x\n",
			eglGetError());
		return false;
	}
	s->tex = sb_test_texture_from_image(s->image);
	if (!s->tex)
		return false;
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
	return true;
}

/* The background, then each frame: CPU, then GL into its slot. */
static bool composite(struct strip *s)
{
	static const float clear[4] = {0, 0, 0, 1};
	GLuint bg;
	bool ok;

	if (!sb_test_target_init(&s->target, STRIP_W, STRIP_H, clear))
		return false;
	bg = demo_painted_texture(STRIP_W, STRIP_H, paint_strip, s);
	ok = bg &&
	     sb_test_draw(bg, 0, 0, STRIP_W, STRIP_H, 1.0f, false, &s->target);
	glDeleteTextures(1, &bg);
	for (int i = 0; ok && i < FRAMES; i++)
		ok = cpu_frame(s, i) &&
		     sb_test_draw(s->tex, slot_x(i), SLOT_Y, SLOT_W, SLOT_H,
				  1.0f, false, &s->target);
	return ok;
}

static void strip_finish(struct strip *s)
{
	glDeleteTextures(1, &s->tex);
	if (s->image != EGL_NO_IMAGE)
		eglDestroyImageKHR(s->dpy, s->image);
	if (s->target.fbo)
		sb_test_target_finish(&s->target);
	sharedbuf_buffer_finish(&s->buf);
}

/* @out_png with "-cpu" before its ".png": demo.png -> demo-cpu.png. */
static bool strip_path(const char *out_png, char *path, size_t n)
{
	const char *slash = strrchr(out_png, '/');
	const char *base = slash ? slash + 1 : out_png;
	size_t len = strlen(out_png);

	if (strlen(base) > 4 && strcmp(out_png + len - 4, ".png") == 0)
		len -= 4;
	return snprintf(path, n, "%.*s-cpu.png", (int)len, out_png) < (int)n;
}

bool demo_cpu_strip(EGLDisplay dpy, bool layer, const char *out_png)
{
	struct strip s = {.dpy = dpy, .buf.fd = -1, .image = EGL_NO_IMAGE};
	char path[4096];
	bool ok;

	if (!find_extension(&s, layer))
		return true;
	if (!strip_path(out_png, path, sizeof(path))) {
		fprintf(stderr, "sharedbuf-demo: %s: name too long\n", out_png);
		return false;
	}
	ok = strip_buffer(&s) && composite(&s);
	if (!ok)
		fprintf(stderr, "sharedbuf-demo: the CPU strip failed\n");
	ok = ok && demo_write_png(&s.target, path);
	if (ok)
		printf("wrote %s (%dx%d, %d frames of one %s buffer through "
		       "eglLockImageSHAREDBUF)\n",
		       path, STRIP_W, STRIP_H, FRAMES,
		       sharedbuf_exporter_name(s.exporter));
	strip_finish(&s);
	return ok;
}

/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf-demo OUT.png: the whole path in one picture.
 *
 * One ARGB8888 buffer from each kernel exporter (udmabuf, dma-heap, DRM
 * dumb), painted by the CPU through mmap bracketed by DMA_BUF_IOCTL_SYNC,
 * each with its own pattern and its exporter's name in it; imported with
 * eglCreateImageKHR(EGL_LINUX_DMA_BUF_EXT) and bound to a texture; then GL
 * blends the three, overlapping, over a background into one FBO, which is
 * read back and written as a PNG. An exporter that is not there becomes a
 * grey "missing" tile painted in plain memory instead.
 *
 * Exit status: 0 when at least one exporter made it into the picture and
 * the PNG is written, 1 otherwise, 2 on a usage error. It needs real
 * exporters: run it in the guest (tests/vm/run.sh).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "canvas.h"
#include "egl_env.h"
#include "pngfile.h"
#include "sharedbuf/sharedbuf.h"

/* Each buffer is a TILE x TILE square with rounded corners and a light
 * frame. */
#define TILE   256
#define RADIUS 20.0f
#define BORDER 3.0f
#define FOURCC DRM_FORMAT_ARGB8888

/* The composite: the tiles in a row from (TILE_X0, TILE_Y), each TILE_STEP
 * right of the previous, less than TILE, so that neighbours overlap and the
 * blending shows. */
#define OUT_W	   900
#define OUT_H	   350
#define TILE_X0	   96
#define TILE_Y	   52
#define TILE_STEP  232
#define TILE_ALPHA 0.85f

struct rgb {
	float r, g, b;
};

typedef struct rgb (*body_fn)(int x, int y);

struct tile {
	enum sharedbuf_exporter exporter;
	const char *label; /* its name in the picture */
	body_fn body;	   /* its pattern */
	struct sharedbuf_buffer buf;
	EGLImageKHR image;
	GLuint tex;
	bool ok;	  /* in the picture as a dma-buf */
	bool missing;	  /* the exporter's device is not there */
	char status[128]; /* what happened, for the summary */
};

struct demo {
	struct tile tiles[SHAREDBUF_EXPORTER_COUNT];
	struct sb_test_egl egl;
	struct sb_test_target target;
	bool layer; /* libEGL_sharedbuf.so.0 is in the call path */
	struct sharedbuf_layer_stats stats;
	unsigned long long imports; /* dma-buf imports the layer saw */
};

static struct rgb rgb(float r, float g, float b)
{
	return (struct rgb){r, g, b};
}

static struct rgb scale(struct rgb c, float k)
{
	return rgb(c.r * k, c.g * k, c.b * k);
}

static struct rgb mix(struct rgb a, struct rgb b, float t)
{
	return rgb(a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
		   a.b + (b.b - a.b) * t);
}

static uint8_t unorm8(float v)
{
	return v <= 0.0f ? 0 : v >= 255.0f ? 255 : (uint8_t)(v + 0.5f);
}

static uint32_t pack(float a, struct rgb c)
{
	return sb_argb(unorm8(a), unorm8(c.r), unorm8(c.g), unorm8(c.b));
}

/* udmabuf: warm diagonal stripes, darker towards the bottom. */
static struct rgb warm_stripes(int x, int y)
{
	float k = 1.05f - 0.35f * (float)y / TILE;

	return scale((x + y) / 22 % 2 ? rgb(250, 150, 40) : rgb(200, 45, 55),
		     k);
}

/* dma-heap: green and teal rings around the centre. */
static struct rgb green_rings(int x, int y)
{
	float d = hypotf(x + 0.5f - TILE / 2, y + 0.5f - TILE / 2);

	return (int)(d / 15.0f) % 2 ? rgb(60, 200, 110) : rgb(20, 120, 150);
}

/* vgem dumb: a blue and violet checkerboard, lighter to the right. */
static struct rgb blue_checker(int x, int y)
{
	float k = 0.8f + 0.35f * (float)x / TILE;

	return scale((x / 32 + y / 32) % 2 ? rgb(70, 100, 230)
					   : rgb(130, 60, 190),
		     k);
}

/* A stand-in for an exporter that is not in the picture: grey hatching. */
static struct rgb grey_hatch(int x, int y)
{
	return (x - y + TILE) / 8 % 2 ? rgb(120, 120, 120) : rgb(100, 100, 100);
}

/* Signed distance from (x, y) to the edge of the tile with its rounded
 * corners: negative inside. */
static float tile_distance(float x, float y)
{
	float half = TILE / 2.0f;
	float qx = fabsf(x - half) - (half - RADIUS);
	float qy = fabsf(y - half) - (half - RADIUS);
	float out = hypotf(fmaxf(qx, 0.0f), fmaxf(qy, 0.0f));

	return out + fminf(fmaxf(qx, qy), 0.0f) - RADIUS;
}

/* The bands under the texts: the name near the top, the layout below. */
static bool in_band(int y)
{
	return (y >= 18 && y < 70) || (y >= 184 && y < 240);
}

/* A tile's pixel: its pattern, darkened under the texts, in a light frame,
 * transparent (anti-aliased) outside the rounded corners. */
static uint32_t tile_pixel(int x, int y, const void *data)
{
	const struct tile *t = data;
	struct rgb c = t->body(x, y);
	float d = tile_distance(x + 0.5f, y + 0.5f);

	if (in_band(y))
		c = scale(c, 0.4f);
	if (d > -BORDER)
		c = mix(c, rgb(245, 245, 245), fminf(d + BORDER, 1.0f));
	return pack(255.0f * fminf(fmaxf(0.5f - d, 0.0f), 1.0f), c);
}

/* Paints tile @t: its name and layout, or, for a stand-in, @caption
 * ("missing:") over its name. */
static void paint_tile(const struct sb_canvas *c, const struct tile *t,
		       const char *caption)
{
	static const uint32_t white = 0xffffffff;
	char line[64];

	sb_canvas_shade(c, tile_pixel, t);
	if (caption) {
		sb_canvas_label(c, TILE / 2, 26, 4, white, caption);
		sb_canvas_label(c, TILE / 2, 196, 3, white, t->label);
		return;
	}
	sb_canvas_label(c, TILE / 2, 26, 4, white, t->label);
	snprintf(line, sizeof(line), "%ux%u ARGB8888", t->buf.width,
		 t->buf.height);
	sb_canvas_label(c, TILE / 2, 190, 2, white, line);
	snprintf(line, sizeof(line), "pitch %u", t->buf.pitch);
	sb_canvas_label(c, TILE / 2, 214, 2, white, line);
}

/* Allocates @t's buffer and paints it through a CPU mapping. */
static void tile_prepare(struct tile *t)
{
	enum sharedbuf_result r;
	struct sb_canvas c;
	void *p;

	r = sharedbuf_buffer_alloc(t->exporter, TILE, TILE, FOURCC, &t->buf);
	if (r != SHAREDBUF_OK) {
		t->missing = r == SHAREDBUF_ERR_NO_DEVICE;
		snprintf(t->status, sizeof(t->status), "%s (%s)",
			 t->missing ? "missing" : "failed",
			 sharedbuf_result_str(r));
		return;
	}
	p = sb_test_map_begin(t->buf.fd, t->buf.size, DMA_BUF_SYNC_WRITE);
	if (!p) {
		snprintf(t->status, sizeof(t->status),
			 "failed (map for writing: %m)");
		return;
	}
	c = (struct sb_canvas){p, TILE, TILE, t->buf.pitch};
	paint_tile(&c, t, NULL);
	if (!sb_test_map_end(t->buf.fd, p, t->buf.size, DMA_BUF_SYNC_WRITE)) {
		snprintf(t->status, sizeof(t->status),
			 "failed (end CPU access: %m)");
		return;
	}
	t->ok = true;
	snprintf(t->status, sizeof(t->status), "painted, not imported");
}

/* Imports @t's buffer into EGL and binds it to a texture. */
static void tile_import(struct tile *t, EGLDisplay dpy)
{
	const struct sharedbuf_buffer *b = &t->buf;

	t->ok = false;
	t->image = sb_test_import(dpy, b->fd, b->fourcc, b->width, b->height, 0,
				  b->pitch);
	if (t->image == EGL_NO_IMAGE_KHR) {
		snprintf(t->status, sizeof(t->status),
			 "failed (eglCreateImageKHR: 0x%x)", eglGetError());
		return;
	}
	t->tex = sb_test_texture_from_image(t->image);
	if (!t->tex) {
		snprintf(t->status, sizeof(t->status),
			 "failed (glEGLImageTargetTexture2DOES)");
		return;
	}
	t->ok = true;
	snprintf(t->status, sizeof(t->status), "ok");
}

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

/* A texture painted in memory by @paint(@c, @data); 0 on failure. */
static GLuint painted_texture(int w, int h,
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

static void paint_stand_in(const struct sb_canvas *c, const void *data)
{
	const struct tile *t = data;
	struct tile grey = *t;

	grey.body = grey_hatch;
	paint_tile(c, &grey, t->missing ? "missing:" : "failed:");
}

/* The background: a dark vertical gradient over a faint checkerboard, so
 * the tiles' translucency shows. */
static uint32_t background_pixel(int x, int y, const void *data)
{
	struct rgb top = rgb(44, 48, 64), bottom = rgb(14, 16, 24);
	struct rgb c = mix(top, bottom, (float)y / OUT_H);

	return pack(255, scale(c, (x / 16 + y / 16) % 2 ? 1.0f : 1.25f));
}

static void paint_background(const struct sb_canvas *c, const void *data)
{
	const struct demo *d = data;
	char title[80], footer[160];

	sb_canvas_shade(c, background_pixel, NULL);
	snprintf(title, sizeof(title),
		 "sharedbuf: %d dma-buf exporters -> EGLImage -> GL",
		 SHAREDBUF_EXPORTER_COUNT);
	sb_canvas_label(c, OUT_W / 2, 11, 3, 0xffffffff, title);
	if (d->layer)
		snprintf(footer, sizeof(footer),
			 "through libEGL_sharedbuf.so.0: %llu dma-buf imports, "
			 "blended at alpha %.2f",
			 d->imports, TILE_ALPHA);
	else
		snprintf(footer, sizeof(footer),
			 "libEGL_sharedbuf.so.0 not loaded: imports went "
			 "straight to the driver");
	sb_canvas_label(c, OUT_W / 2, OUT_H - 26, 2,
			sb_argb(255, 190, 195, 210), footer);
}

/* Draws @tex at tile slot @i of the composite. */
static bool draw_tile(GLuint tex, int i, const struct sb_test_target *t)
{
	/* the middle tile sits lower, so the overlaps are not a straight
	 * seam */
	int y = TILE_Y + (i == 1 ? 8 : 0);

	return sb_test_draw(tex, TILE_X0 + i * TILE_STEP, y, TILE, TILE,
			    TILE_ALPHA, true, t);
}

/* The grey stand-in for an exporter that is not in the picture. */
static bool draw_stand_in(const struct tile *t, int i,
			  const struct sb_test_target *target)
{
	GLuint tex = painted_texture(TILE, TILE, paint_stand_in, t);
	bool ok = tex && draw_tile(tex, i, target);

	glDeleteTextures(1, &tex);
	return ok;
}

static bool composite(struct demo *d)
{
	static const float clear[4] = {0, 0, 0, 1};
	GLuint bg;
	bool ok;

	if (!sb_test_target_init(&d->target, OUT_W, OUT_H, clear))
		return false;
	bg = painted_texture(OUT_W, OUT_H, paint_background, d);
	ok = bg &&
	     sb_test_draw(bg, 0, 0, OUT_W, OUT_H, 1.0f, false, &d->target);
	glDeleteTextures(1, &bg);
	/* blending multiplies the FBO's alpha too: keep it at 1, the
	 * picture is opaque */
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_FALSE);
	for (int i = 0; ok && i < SHAREDBUF_EXPORTER_COUNT; i++) {
		const struct tile *t = &d->tiles[i];

		ok = t->ok ? draw_tile(t->tex, i, &d->target)
			   : draw_stand_in(t, i, &d->target);
	}
	glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
	return ok;
}

static bool write_picture(struct demo *d, const char *path)
{
	uint8_t *px;
	char why[256];
	bool ok;

	if (!composite(d)) {
		fprintf(stderr, "sharedbuf-demo: GL error while compositing\n");
		return false;
	}
	px = sb_test_target_read(&d->target);
	if (!px) {
		fprintf(stderr, "sharedbuf-demo: glReadPixels failed\n");
		return false;
	}
	ok = sb_png_write(path, px, OUT_W, OUT_H, false, why, sizeof(why));
	free(px);
	if (!ok)
		fprintf(stderr, "sharedbuf-demo: %s\n", why);
	return ok;
}

static int count_ok(const struct demo *d)
{
	int n = 0;

	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++)
		n += d->tiles[i].ok;
	return n;
}

/* One line per exporter: name, layout (when it allocated), status. */
static void print_summary(const struct demo *d)
{
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++) {
		const struct tile *t = &d->tiles[i];
		char layout[80] = "-";

		if (t->buf.fd >= 0)
			snprintf(layout, sizeof(layout),
				 "%ux%u pitch %u size %llu", t->buf.width,
				 t->buf.height, t->buf.pitch,
				 (unsigned long long)t->buf.size);
		printf("%-9s %-34s %s\n", sharedbuf_exporter_name(t->exporter),
		       layout, t->status);
	}
}

static void print_layer(const struct demo *d)
{
	if (d->layer)
		printf("layer: in the call path (libEGL_sharedbuf.so.0 -> "
		       "%s), %llu dma-buf imports went through it\n",
		       d->stats.next_vendor ? d->stats.next_vendor : "?",
		       d->imports);
	else
		printf("layer: NOT in the call path (libEGL_sharedbuf.so.0 "
		       "is not loaded)\n");
}

/* Brings up EGL and imports every painted tile. False when none made it. */
static bool import_all(struct demo *d)
{
	struct sharedbuf_layer_stats before;
	char why[256];

	if (!sb_test_egl_init(&d->egl, why, sizeof(why))) {
		fprintf(stderr, "sharedbuf-demo: EGL: %s\n", why);
		return false;
	}
	if (!epoxy_has_egl_extension(d->egl.dpy,
				     "EGL_EXT_image_dma_buf_import")) {
		fprintf(stderr, "sharedbuf-demo: EGL_EXT_image_dma_buf_import "
				"missing\n");
		return false;
	}
	d->layer = sb_test_layer_stats(&before);
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++)
		if (d->tiles[i].ok)
			tile_import(&d->tiles[i], d->egl.dpy);
	if (d->layer && sb_test_layer_stats(&d->stats))
		d->imports = (unsigned long long)(d->stats.dmabuf_imports -
						  before.dmabuf_imports);
	return count_ok(d) > 0;
}

static void demo_init(struct demo *d)
{
	static const struct {
		const char *label;
		body_fn body;
	} looks[SHAREDBUF_EXPORTER_COUNT] = {
		[SHAREDBUF_EXPORTER_UDMABUF] = {"udmabuf", warm_stripes},
		[SHAREDBUF_EXPORTER_DMA_HEAP] = {"dma-heap", green_rings},
		/* the guest's dumb buffers come from vgem */
		[SHAREDBUF_EXPORTER_DUMB] = {"vgem dumb", blue_checker},
	};

	memset(d, 0, sizeof(*d));
	d->egl.dpy = EGL_NO_DISPLAY;
	d->egl.ctx = EGL_NO_CONTEXT;
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++) {
		struct tile *t = &d->tiles[i];

		t->exporter = (enum sharedbuf_exporter)i;
		t->label = looks[i].label;
		t->body = looks[i].body;
		t->buf.fd = -1;
		t->image = EGL_NO_IMAGE_KHR;
	}
}

/* Releases whatever @d holds, in the reverse order of taking it. */
static void demo_finish(struct demo *d)
{
	/* GL calls need the context current: init may have failed before */
	if (d->egl.ctx != EGL_NO_CONTEXT &&
	    eglGetCurrentContext() == d->egl.ctx) {
		if (d->target.fbo)
			sb_test_target_finish(&d->target);
		for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++) {
			struct tile *t = &d->tiles[i];

			glDeleteTextures(1, &t->tex);
			if (t->image != EGL_NO_IMAGE_KHR)
				eglDestroyImageKHR(d->egl.dpy, t->image);
		}
	}
	sb_test_egl_finish(&d->egl);
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++)
		sharedbuf_buffer_finish(&d->tiles[i].buf);
}

static int run(struct demo *d, const char *path)
{
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++)
		tile_prepare(&d->tiles[i]);
	if (count_ok(d) == 0) {
		print_summary(d);
		fprintf(stderr, "sharedbuf-demo: no dma-buf exporter works "
				"here; run it in the guest (tests/vm/run.sh), "
				"which has udmabuf, dma-heap and vgem\n");
		return 1;
	}
	if (!import_all(d)) {
		print_summary(d);
		fprintf(stderr,
			"sharedbuf-demo: no buffer could be imported\n");
		return 1;
	}
	print_summary(d);
	print_layer(d);
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++)
		if (!d->tiles[i].ok)
			printf("%s is %s: drawn as a grey tile\n",
			       sharedbuf_exporter_name(d->tiles[i].exporter),
			       d->tiles[i].missing ? "missing" : "broken");
	if (!write_picture(d, path))
		return 1;
	printf("wrote %s (%dx%d, %d of %d exporters)\n", path, OUT_W, OUT_H,
	       count_ok(d), SHAREDBUF_EXPORTER_COUNT);
	return 0;
}

int main(int argc, char **argv)
{
	struct demo d;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT.png\n", argv[0]);
		return 2;
	}
	demo_init(&d);
	rc = run(&d, argv[1]);
	demo_finish(&d);
	return rc;
}

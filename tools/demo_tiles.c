/* SPDX-License-Identifier: MIT */
/*
 * The exporters' tiles of demo.png: one TILE x TILE ARGB8888 buffer from
 * each kernel exporter, painted by the CPU through mmap bracketed by
 * DMA_BUF_IOCTL_SYNC with its own pattern and its exporter's name, then
 * imported with eglCreateImageKHR(EGL_LINUX_DMA_BUF_EXT) and bound to a
 * texture; or a grey stand-in, painted in plain memory, for an exporter
 * that is not there.
 */
#include <math.h>
#include <stdio.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "demo.h"

/* Each buffer is a TILE x TILE square with rounded corners and a light
 * frame. */
#define TILE   DEMO_TILE
#define RADIUS 20.0f
#define BORDER 3.0f
#define FOURCC DRM_FORMAT_ARGB8888

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

void tile_init(struct tile *t, enum sharedbuf_exporter exporter)
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

	t->exporter = exporter;
	t->label = looks[exporter].label;
	t->body = looks[exporter].body;
	t->buf.fd = -1;
	t->image = EGL_NO_IMAGE_KHR;
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

void tile_prepare(struct tile *t)
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

void tile_import(struct tile *t, EGLDisplay dpy)
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

static void paint_stand_in(const struct sb_canvas *c, const void *data)
{
	const struct tile *t = data;
	struct tile grey = *t;

	grey.body = grey_hatch;
	paint_tile(c, &grey, t->missing ? "missing:" : "failed:");
}

GLuint tile_stand_in_texture(const struct tile *t)
{
	return demo_painted_texture(TILE, TILE, paint_stand_in, t);
}

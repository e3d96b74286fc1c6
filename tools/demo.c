/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf-demo OUT.png: the whole path in two pictures.
 *
 * OUT.png: one ARGB8888 buffer from each kernel exporter (udmabuf,
 * dma-heap, DRM dumb), painted by the CPU through mmap bracketed by
 * DMA_BUF_IOCTL_SYNC, each with its own pattern and its exporter's name in
 * it; imported with eglCreateImageKHR(EGL_LINUX_DMA_BUF_EXT) and bound to a
 * texture; then GL blends the three, overlapping, over a background into
 * one FBO, which is read back and written as a PNG. An exporter that is not
 * there becomes a grey "missing" tile painted in plain memory instead
 * (demo_tiles.c).
 *
 * OUT-cpu.png, next to it (demo.png -> demo-cpu.png): one dma-buf animated
 * by the CPU through eglLockImageSHAREDBUF/eglUnlockImageSHAREDBUF and
 * composited by GL after each frame, six frames in a strip (demo_cpu.c).
 * Without EGL_SHAREDBUF_image_cpu_access (the layer is not in the call
 * path) it is skipped, with a message.
 *
 * Exit status: 0 when at least one exporter made it into OUT.png, the PNG
 * is written, and the strip is written or skipped; 1 otherwise, 2 on a
 * usage error. It needs real exporters: run it in the guest
 * (tests/vm/run.sh).
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"

#define TILE DEMO_TILE

/* The composite: the tiles in a row from (TILE_X0, TILE_Y), each TILE_STEP
 * right of the previous, less than TILE, so that neighbours overlap and the
 * blending shows. */
#define OUT_W	   900
#define OUT_H	   350
#define TILE_X0	   96
#define TILE_Y	   52
#define TILE_STEP  232
#define TILE_ALPHA 0.85f

struct demo {
	struct tile tiles[SHAREDBUF_EXPORTER_COUNT];
	struct sb_test_egl egl;
	struct sb_test_target target;
	bool layer; /* libEGL_sharedbuf.so.0 is in the call path */
	struct sharedbuf_layer_stats stats;
	unsigned long long imports; /* dma-buf imports the layer saw */
};

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
	GLuint tex = tile_stand_in_texture(t);
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
	bg = demo_painted_texture(OUT_W, OUT_H, paint_background, d);
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
	if (!composite(d)) {
		fprintf(stderr, "sharedbuf-demo: GL error while compositing\n");
		return false;
	}
	return demo_write_png(&d->target, path);
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
	memset(d, 0, sizeof(*d));
	d->egl.dpy = EGL_NO_DISPLAY;
	d->egl.ctx = EGL_NO_CONTEXT;
	for (int i = 0; i < SHAREDBUF_EXPORTER_COUNT; i++)
		tile_init(&d->tiles[i], (enum sharedbuf_exporter)i);
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
	if (!demo_cpu_strip(d->egl.dpy, d->layer, path))
		return 1;
	return demo_camera_picture(d->egl.dpy, path) ? 0 : 1;
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

/* SPDX-License-Identifier: MIT */
/*
 * sharedbuf-demo's parts: the exporters' tiles (demo_tiles.c), textures
 * painted in memory (demo_paint.c) and the CPU-access strip (demo_cpu.c);
 * demo.c puts them together.
 */
#ifndef SB_TOOLS_DEMO_H
#define SB_TOOLS_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "sharedbuf/sharedbuf.h"

/* A colour in 0..255 floats, so that patterns can scale and mix it. */
struct rgb {
	float r, g, b;
};

static inline struct rgb rgb(float r, float g, float b)
{
	return (struct rgb){r, g, b};
}

static inline struct rgb scale(struct rgb c, float k)
{
	return rgb(c.r * k, c.g * k, c.b * k);
}

static inline struct rgb mix(struct rgb a, struct rgb b, float t)
{
	return rgb(a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t,
		   a.b + (b.b - a.b) * t);
}

static inline uint8_t unorm8(float v)
{
	return v <= 0.0f ? 0 : v >= 255.0f ? 255 : (uint8_t)(v + 0.5f);
}

static inline uint32_t pack(float a, struct rgb c)
{
	return sb_argb(unorm8(a), unorm8(c.r), unorm8(c.g), unorm8(c.b));
}

/* --- demo_paint.c ------------------------------------------------------ */

/* A texture painted in memory by @paint(@c, @data), NEAREST filtering; GL
 * copies the pixels, so nothing is kept. 0 on failure. */
GLuint demo_painted_texture(int w, int h,
			    void (*paint)(const struct sb_canvas *c,
					  const void *data),
			    const void *data);

/* Reads @t back and writes it to @path as an opaque PNG; on failure says
 * why on stderr, prefixed with "sharedbuf-demo: ". */
bool demo_write_png(const struct sb_test_target *t, const char *path);

/* --- demo_tiles.c: one 256x256 ARGB8888 tile per kernel exporter ------- */

#define DEMO_TILE 256

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

/* Sets up @t for @exporter with its label and pattern; takes nothing. */
void tile_init(struct tile *t, enum sharedbuf_exporter exporter);

/* Allocates @t's buffer and paints it through a CPU mapping. */
void tile_prepare(struct tile *t);

/* Imports @t's buffer into EGL and binds it to a texture. */
void tile_import(struct tile *t, EGLDisplay dpy);

/* A texture of the grey stand-in for @t's exporter, which is not in the
 * picture; 0 on failure. */
GLuint tile_stand_in_texture(const struct tile *t);

/* --- demo_cpu.c -------------------------------------------------------- */

/* The strip of frames one dma-buf goes through, animated by the CPU with
 * eglLockImageSHAREDBUF/eglUnlockImageSHAREDBUF and composited by GL,
 * written next to @out_png ("demo.png" -> "demo-cpu.png"). @layer: the
 * layer is in the call path. Without the extension it says so and skips:
 * true. False when the strip could not be made. */
bool demo_cpu_strip(EGLDisplay dpy, bool layer, const char *out_png);

/* --- demo_camera.c ----------------------------------------------------- */

/* The camera scene, written next to @out_png ("demo.png" ->
 * "demo-camera.png"): vivid's two instances (vmalloc, dma-contig), the
 * naive udmabuf and sharedbuf's choice, each captured frame drawn by GL
 * from its dma-buf and labelled. Without vivid it says so and skips: true.
 * False when the picture could not be made. */
bool demo_camera_picture(EGLDisplay dpy, const char *out_png);

/* --- demo_font.c ------------------------------------------------------- */

#endif

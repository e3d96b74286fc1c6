/* SPDX-License-Identifier: MIT */
/*
 * The EGL set-up shared by tests and tools: the EGL device platform's
 * software device (llvmpipe), a GLES 2 context with no config and no
 * surface, rendering into FBOs. In the guest this is the display that
 * imports udmabuf, dma-heap and vgem buffers correctly; the surfaceless
 * platform would pick kms_swrast on vgem and crash on udmabuf imports.
 */
#ifndef SB_TEST_EGL_ENV_H
#define SB_TEST_EGL_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include "sharedbuf/layer.h"

struct gbm_device;

struct sb_test_egl {
	EGLDisplay dpy;
	EGLContext ctx;
	/* sb_test_egl_init_gbm()'s device and the node fd under it; NULL
	 * and -1 otherwise */
	struct gbm_device *gbm;
	int gbm_fd;
};

/* Initialises @egl and makes its context current; on failure prints why
 * into @why (size @n) and returns false. Call sb_test_egl_finish() either
 * way: a failure may leave the display initialised. */
bool sb_test_egl_init(struct sb_test_egl *egl, char *why, size_t n);

/* The same context on the GBM platform instead (eglGetPlatformDisplayEXT(
 * EGL_PLATFORM_GBM_KHR)), over the first node sb_test_gbm_next() of
 * gbm_node.h gives: in the guest, Mesa's kms_swrast on vgem, the display
 * whose driver gives an imported vgem buffer back from
 * eglExportDMABUFImageMESA (the same dma-buf). Use only vgem buffers with
 * it (sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_DUMB, ...)): Mesa 25's
 * kms_swrast crashes on udmabuf and dma-heap imports, bare Mesa too.
 * Resolve the entry points called before it is current with
 * eglGetProcAddress() (epoxy may not yet). Same contract as above; the
 * GBM device and its fd are released by sb_test_egl_finish(). */
bool sb_test_egl_init_gbm(struct sb_test_egl *egl, char *why, size_t n);

/* Releases what either init made: context, display, GBM device. */
void sb_test_egl_finish(struct sb_test_egl *egl);

/* Is the device of exporter @exp (enum sharedbuf_exporter) here? If not,
 * says which device is missing in @why. */
bool sb_test_exporter_present(int exp, char *why, size_t n);

/* Does the driver list @fourcc in eglQueryDmaBufFormatsEXT? */
bool sb_test_driver_has_format(EGLDisplay dpy, uint32_t fourcc);

/* The layer's counters, or false when libEGL_sharedbuf.so.0 is not loaded
 * in this process (the call path does not go through the layer). */
bool sb_test_layer_stats(struct sharedbuf_layer_stats *out);

/* An EGLImage from a single-plane linear dma-buf; fd is borrowed. */
EGLImageKHR sb_test_import(EGLDisplay dpy, int fd, uint32_t fourcc,
			   uint32_t width, uint32_t height, uint32_t offset,
			   uint32_t pitch);

/* A GL_TEXTURE_2D bound to @image, NEAREST filtering; 0 on GL error. */
GLuint sb_test_texture_from_image(EGLImageKHR image);

struct sb_test_target {
	GLuint fbo, tex;
	int width, height;
};

/* An RGBA8 texture FBO of @w x @h, bound and cleared to @clear (RGBA).
 * Call sb_test_target_finish() even when it fails. The GL helpers below
 * clear stale GL errors first, so a false result is their own error. */
bool sb_test_target_init(struct sb_test_target *t, int w, int h,
			 const float clear[4]);
void sb_test_target_finish(struct sb_test_target *t);

/* Draws @tex into the rectangle (x, y, w, h) of target @t. Coordinates
 * are in memory order: row 0 is the first row of the texture and the first
 * row sb_test_target_read() returns. Where the rectangle and the texture
 * have the same size, pixel (i, j) samples texel (i, j) exactly. @alpha
 * scales the texel's alpha; blending is on when @blend (and stays as
 * set, with the program bound). The program is built once per process:
 * use one context per process. False on a GL error. */
bool sb_test_draw(GLuint tex, int x, int y, int w, int h, float alpha,
		  bool blend, const struct sb_test_target *t);

/* A program drawing the unit quad of sb_test_draw() (attribute 0 "pos",
 * varying "uv" from 0 to 1 in memory order) with fragment shader @fs;
 * 0 when it does not compile or link (the log on stderr). */
GLuint sb_test_gl_program(const char *fs);

/* Draws the unit quad with @prog (from sb_test_gl_program(); its sampler
 * "tex" on unit 0 reads @tex, bound to @target: GL_TEXTURE_2D or
 * GL_TEXTURE_EXTERNAL_OES) into the rectangle (x, y, w, h) of @t. Leaves
 * blending and the program's other uniforms as the caller set them.
 * False on a GL error, stale ones included. */
bool sb_test_draw_quad(GLuint prog, GLenum target, GLuint tex, int x, int y,
		       int w, int h, const struct sb_test_target *t);

/* Draws once from a CPU texture and waits: the driver opens what it keeps
 * for the process (llvmpipe's JIT memory) at its first draw, and tests
 * that count fds must not count those. False on a GL error. */
bool sb_test_warm_up(void);

/* Reads the whole target as RGBA8, row 0 first. Caller frees. */
uint8_t *sb_test_target_read(const struct sb_test_target *t);

/* Maps the whole buffer and begins CPU access (DMA_BUF_IOCTL_SYNC START
 * with @rw, DMA_BUF_SYNC_READ/WRITE). NULL on failure, errno set. */
void *sb_test_map_begin(int fd, uint64_t size, uint64_t rw);

/* Ends CPU access (SYNC END with @rw) and unmaps. False on failure. */
bool sb_test_map_end(int fd, void *ptr, uint64_t size, uint64_t rw);

/* The test pattern: a pixel of @fourcc at (x, y), packed as in memory
 * (little endian), and the RGBA8 a GL sampler must return for it. */
uint32_t sb_test_pattern(uint32_t fourcc, uint32_t x, uint32_t y,
			 uint32_t seed);
void sb_test_expected_rgba(uint32_t fourcc, uint32_t packed, uint8_t rgba[4]);

/* Writes sb_test_pattern(@seed) into a mapped buffer. */
void sb_test_fill(void *ptr, uint32_t fourcc, uint32_t width, uint32_t height,
		  uint32_t pitch, uint32_t seed);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * gl-upload-bench: a 1920x1080 XRGB8888 frame written by the CPU and
 * sampled by GL every frame, two ways, in one run in the guest:
 *
 *   zero-copy  a udmabuf imported once as an EGLImage bound to a texture;
 *              per frame eglLockImageSHAREDBUF(WRITE), the CPU writes the
 *              frame through the lock's mapping, eglUnlockImageSHAREDBUF
 *   upload     the CPU writes the frame into malloc'd memory and
 *              glTexSubImage2D copies it into a GL texture (GL_BGRA_EXT
 *              when the driver has it: the bytes then need no swizzle)
 *
 * then each draws its texture over a 1920x1080 FBO and reads one pixel
 * back. The CPU's work is the same on both sides: every row is copied
 * from one staging row source at an offset that moves with the frame
 * (--write full, 8 MB a frame, what a decoder or a software renderer
 * does), or only 4 pixels of each row are (--write sparse: the write
 * costs next to nothing, the transfer is all that differs).
 *
 * The sync point, each frame, both sides: glReadPixels of the one pixel
 * the frame just changed. Like glFinish it waits for the draw, so the GPU's
 * sampling of the frame is inside the time (llvmpipe flushes and waits for
 * the FBO's fence either way); unlike glFinish it also proves that GL
 * sampled this frame's bytes, not a stale copy: a zero-copy path that did
 * not see the CPU's writes fails here instead of looking fast.
 *
 * The sides run in alternating blocks of frames, ABAB..., so that drift
 * (a noisy host, caches) falls on both alike; besides the totals it prints
 * the median over rounds of the ratio, which one burst of noise does not
 * move. The goal is zero-copy at 2x the frame rate of upload or more.
 *
 * The textures differ in one way the API imposes: the dma-buf is
 * XRGB8888, which llvmpipe samples as BGRX (alpha known to be 1), while
 * GLES can only upload BGRA; the X8 draw runs about 2% fewer instructions.
 *
 *   tests/vm/run.sh sh -c 'LP_NUM_THREADS=0 \
 *    __EGL_VENDOR_LIBRARY_FILENAMES=$PWD/build/src/egl/sharedbuf-build.json \
 *    SHAREDBUF_NEXT_VENDOR=$SHAREDBUF_MESA_JSON \
 *    build/tools/bench/gl-upload-bench [--frames N] [--block N] \
 *        [--write full|sparse] [--only zero-copy|upload]'
 *
 * Instructions per frame, user space only, one side at a time, with
 * LP_NUM_THREADS=0 so that llvmpipe rasterises in the calling thread and
 * its work counts inside the frame. Collect inside run_timed() only, so
 * that set-up and the warm-up frames (the shaders' JIT) stay out, and use
 * few frames: under TCG valgrind takes a minute or two to get going and a
 * few seconds a frame. Write the profile into the shared folder (the
 * guest's /tmp is its own):
 *
 *   SHAREDBUF_VM_TIMEOUT=3000 tests/vm/run.sh sh -c '... LP_NUM_THREADS=0 \
 *       valgrind --tool=callgrind --collect-atstart=no \
 *       --toggle-collect=run_timed \
 *       --callgrind-out-file=build/upload.callgrind \
 *       build/tools/bench/gl-upload-bench --only upload --frames 2'
 *   callgrind_annotate --inclusive=yes build/upload.callgrind | grep -E \
 *       'frame_|write_frame|draw_and_sync|upload_texture|LockImage'
 *
 * Each frame is one noinline function (frame_zero_copy, frame_upload), as
 * are its parts (write_frame, upload_texture, draw_and_sync): an inclusive
 * count over --frames is the cost of one (callgrind's call counts include
 * the warm-up, its instruction counts do not).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <drm_fourcc.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "sharedbuf/sharedbuf.h"
#include "bench.h"

#define NOINLINE __attribute__((noinline))
#define W	 1920
#define H	 1080
#define STEP	 7 /* pixels the pattern moves each frame */
#define SPARSE	 4 /* pixels a row gets with --write sparse */
#define WARMUP	 2 /* untimed frames a side: JIT, first map */

enum side { ZERO_COPY, UPLOAD, SIDES };
enum phase { WRITE, TRANSFER, DRAW, PHASES };

static const char *const side_names[SIDES] = {"zero-copy", "upload"};

struct bench {
	struct sb_test_egl egl;
	struct sb_test_target target;
	struct sharedbuf_buffer buf; /* the zero-copy side's udmabuf */
	EGLImage image;
	PFNEGLLOCKIMAGESHAREDBUFPROC lock;
	PFNEGLUNLOCKIMAGESHAREDBUFPROC unlock;
	GLuint tex[SIDES];
	GLenum upload_format;	 /* GL_BGRA_EXT, or GL_RGBA without it */
	uint32_t *host;		 /* the upload side's frame, W x H */
	uint32_t staging[2 * W]; /* the row source: row y of frame f is
				    staging[(f * STEP + y) % W ...] */
	bool on[SIDES];
	bool sparse;
	unsigned frame;		  /* frames drawn, both sides: the offset */
	double last;		  /* the end of the previous phase */
	double ns[SIDES][PHASES]; /* timed frames only */
	bool timing;
	const char *failed;
};

/* Ends phase @p of side @s: its time since the previous tick. */
static void tick(struct bench *b, enum side s, enum phase p)
{
	double t = bench_now_ns();

	if (b->timing)
		b->ns[s][p] += t - b->last;
	b->last = t;
}

static unsigned offset(const struct bench *b)
{
	return b->frame * STEP % W;
}

/* Pixel (x, y) of the frame is staging[(offset + y) % W + x], on both
 * sides and in both modes; sparse writes only some of the x. */
static NOINLINE void write_frame(const struct bench *b, uint8_t *dst,
				 size_t pitch)
{
	unsigned off = offset(b);

	for (unsigned y = 0; y < H; y++) {
		const uint32_t *src = b->staging + (off + y) % W;
		uint32_t *row = (uint32_t *)(dst + y * pitch);

		if (!b->sparse) {
			memcpy(row, src, W * 4);
			continue;
		}
		for (unsigned k = 0; k < SPARSE; k++) {
			unsigned x = (off + k * (W / SPARSE)) % W;

			row[x] = src[x];
		}
	}
}

/* Pixel (offset, 0) changes every frame in both modes: the probe. */
static bool probe_ok(const struct bench *b, enum side s, const uint8_t px[4])
{
	unsigned off = offset(b);
	uint32_t v = b->staging[off + off];
	uint8_t r = v >> 16 & 0xff, g = v >> 8 & 0xff, bl = v & 0xff;

	/* without BGRA the upload texture sees the bytes B, G, R as R, G, B:
	 * swizzling on the CPU would make the sides' writes differ */
	if (s == UPLOAD && b->upload_format != GL_BGRA_EXT) {
		uint8_t t = r;

		r = bl;
		bl = t;
	}
	return px[0] == r && px[1] == g && px[2] == bl;
}

/* The draw of the frame and the sync point shared by both sides. */
static NOINLINE void draw_and_sync(struct bench *b, enum side s)
{
	uint8_t px[4];

	if (!sb_test_draw(b->tex[s], 0, 0, W, H, 1.0f, false, &b->target)) {
		b->failed = "draw";
		return;
	}
	glReadPixels((GLint)offset(b), 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
	if (glGetError() != GL_NO_ERROR)
		b->failed = "glReadPixels";
	else if (!probe_ok(b, s, px))
		b->failed = "GL did not sample the frame the CPU wrote";
}

static NOINLINE void frame_zero_copy(struct bench *b)
{
	static const EGLAttrib attribs[] = {EGL_LOCK_USAGE_SHAREDBUF,
					    EGL_WRITE_BIT_SHAREDBUF, EGL_NONE};
	void *data;
	EGLint stride;

	b->last = bench_now_ns();
	if (!b->lock(b->egl.dpy, b->image, attribs, &data, &stride)) {
		b->failed = "eglLockImageSHAREDBUF";
		return;
	}
	tick(b, ZERO_COPY, TRANSFER);
	write_frame(b, data, (size_t)stride);
	tick(b, ZERO_COPY, WRITE);
	if (!b->unlock(b->egl.dpy, b->image, 0, NULL)) {
		b->failed = "eglUnlockImageSHAREDBUF";
		return;
	}
	tick(b, ZERO_COPY, TRANSFER);
	draw_and_sync(b, ZERO_COPY);
	tick(b, ZERO_COPY, DRAW);
}

static NOINLINE void upload_texture(struct bench *b)
{
	glBindTexture(GL_TEXTURE_2D, b->tex[UPLOAD]);
	glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, W, H, b->upload_format,
			GL_UNSIGNED_BYTE, b->host);
	if (glGetError() != GL_NO_ERROR)
		b->failed = "glTexSubImage2D";
}

static NOINLINE void frame_upload(struct bench *b)
{
	b->last = bench_now_ns();
	write_frame(b, (uint8_t *)b->host, W * 4);
	tick(b, UPLOAD, WRITE);
	upload_texture(b);
	tick(b, UPLOAD, TRANSFER);
	draw_and_sync(b, UPLOAD);
	tick(b, UPLOAD, DRAW);
}

typedef void (*frame_fn)(struct bench *b);

static const frame_fn frame_fns[SIDES] = {frame_zero_copy, frame_upload};

/* @n frames of side @s, in ns. */
static double run_block(struct bench *b, enum side s, unsigned n)
{
	double t0 = bench_now_ns();

	for (unsigned i = 0; i < n && !b->failed; i++) {
		frame_fns[s](b);
		if (b->failed)
			break; /* b->frame names the frame that failed */
		b->frame++;
	}
	return bench_now_ns() - t0;
}

static void print_side(const struct bench *b, enum side s, double total,
		       unsigned n)
{
	static const char *const transfer[SIDES] = {"lock+unlock",
						    "glTexSubImage2D"};
	const double *p = b->ns[s];

	printf("%-9s %7.2f fps %8.2f ms/frame (write %.2f, %s %.2f, "
	       "draw+sync %.2f)\n",
	       side_names[s], 1e9 * n / total, total / n / 1e6,
	       p[WRITE] / n / 1e6, transfer[s], p[TRANSFER] / n / 1e6,
	       p[DRAW] / n / 1e6);
}

/* The producer's share alone, write + transfer, which is all that differs
 * between the sides: the draw is the same on both. */
static void print_cpu_side(const struct bench *b, unsigned n)
{
	double ms[SIDES];

	for (int s = 0; s < SIDES; s++)
		ms[s] = (b->ns[s][WRITE] + b->ns[s][TRANSFER]) / n / 1e6;
	printf("cpu side  write + transfer: zero-copy %.2f ms, upload %.2f ms "
	       "a frame, %.2fx\n",
	       ms[ZERO_COPY], ms[UPLOAD], ms[UPLOAD] / ms[ZERO_COPY]);
}

/* @n frames of each side that is on, in blocks of @block, zero-copy then
 * upload, zero-copy then upload, ... False when a frame failed. */
static NOINLINE bool run_timed(struct bench *b, unsigned n, unsigned block)
{
	unsigned rounds = (n + block - 1) / block, k = 0;
	double *ratios = calloc(rounds, sizeof(double));
	double t[SIDES] = {0, 0}, r[SIDES];

	if (!ratios)
		return false;
	b->timing = true;
	for (unsigned done = 0; done < n && !b->failed; done += block, k++) {
		unsigned m = n - done < block ? n - done : block;

		for (int s = 0; s < SIDES; s++) {
			r[s] = b->on[s] ? run_block(b, s, m) : 0;
			t[s] += r[s];
		}
		ratios[k] = r[ZERO_COPY] > 0 ? r[UPLOAD] / r[ZERO_COPY] : 0;
	}
	for (int s = 0; s < SIDES && !b->failed; s++)
		if (b->on[s])
			print_side(b, s, t[s], n);
	if (!b->failed && b->on[ZERO_COPY] && b->on[UPLOAD]) {
		printf("ratio     %7.2f zero-copy / upload fps, median of %u "
		       "rounds %.2f (goal >= 2)\n",
		       t[UPLOAD] / t[ZERO_COPY], k,
		       bench_median(ratios, (int)k));
		print_cpu_side(b, n);
	}
	free(ratios);
	return !b->failed;
}

static void fill_staging(struct bench *b)
{
	/* a different opaque colour at every index, so that the probe of
	 * one frame cannot match the next's or a stale one */
	for (unsigned i = 0; i < 2 * W; i++)
		b->staging[i] = 0xff000000u | ((i + 1) * 0x9e3779b1u) >> 8;
}

/* A W x H texture for the upload side, BGRA when the driver has it. */
static bool setup_upload(struct bench *b)
{
	GLenum f = epoxy_has_gl_extension("GL_EXT_texture_format_BGRA8888")
			   ? GL_BGRA_EXT
			   : GL_RGBA;

	b->host = calloc((size_t)W * H, 4);
	if (!b->host)
		return false;
	b->upload_format = f;
	glGenTextures(1, &b->tex[UPLOAD]);
	glBindTexture(GL_TEXTURE_2D, b->tex[UPLOAD]);
	/* NEAREST, as sb_test_texture_from_image() sets for zero-copy */
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
	glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
	glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
	glTexImage2D(GL_TEXTURE_2D, 0, (GLint)f, W, H, 0, f, GL_UNSIGNED_BYTE,
		     NULL);
	return glGetError() == GL_NO_ERROR;
}

/* The udmabuf, imported once, and the lock's entry points. */
static bool setup_zero_copy(struct bench *b)
{
	enum sharedbuf_result r;

	if (!epoxy_has_egl_extension(b->egl.dpy,
				     "EGL_SHAREDBUF_image_cpu_access")) {
		fprintf(stderr, "EGL_SHAREDBUF_image_cpu_access missing: is "
				"libEGL_sharedbuf.so.0 in the call path?\n");
		return false;
	}
	b->lock = (PFNEGLLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglLockImageSHAREDBUF");
	b->unlock = (PFNEGLUNLOCKIMAGESHAREDBUFPROC)eglGetProcAddress(
		"eglUnlockImageSHAREDBUF");
	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, W, H,
				   DRM_FORMAT_XRGB8888, &b->buf);
	if (r != SHAREDBUF_OK) {
		fprintf(stderr, "udmabuf: %s (run in the guest)\n",
			sharedbuf_result_str(r));
		return false;
	}
	b->image = sb_test_import(b->egl.dpy, b->buf.fd, DRM_FORMAT_XRGB8888, W,
				  H, 0, b->buf.pitch);
	if (b->image == EGL_NO_IMAGE) {
		fprintf(stderr, "import: EGL error 0x%x\n", eglGetError());
		return false;
	}
	b->tex[ZERO_COPY] = sb_test_texture_from_image(b->image);
	return b->lock && b->unlock && b->tex[ZERO_COPY];
}

static bool setup(struct bench *b)
{
	static const float clear[4] = {0, 0, 0, 1};
	char why[256];

	if (!sb_test_egl_init(&b->egl, why, sizeof(why))) {
		fprintf(stderr, "EGL: %s\n", why);
		return false;
	}
	fill_staging(b);
	if (!sb_test_target_init(&b->target, W, H, clear)) {
		fprintf(stderr, "FBO %dx%d failed\n", W, H);
		return false;
	}
	if (b->on[ZERO_COPY] && !setup_zero_copy(b))
		return false;
	if (b->on[UPLOAD] && !setup_upload(b)) {
		fprintf(stderr, "upload texture failed\n");
		return false;
	}
	/* untimed: the shaders' JIT, the first lock's mmap, page faults */
	for (int s = 0; s < SIDES; s++)
		if (b->on[s])
			run_block(b, s, WARMUP);
	return !b->failed;
}

static void finish(struct bench *b)
{
	if (b->egl.ctx != EGL_NO_CONTEXT &&
	    eglGetCurrentContext() == b->egl.ctx) {
		glDeleteTextures(SIDES, b->tex);
		if (b->image != EGL_NO_IMAGE)
			eglDestroyImage(b->egl.dpy, b->image);
		if (b->target.fbo)
			sb_test_target_finish(&b->target);
	}
	sb_test_egl_finish(&b->egl);
	sharedbuf_buffer_finish(&b->buf);
	free(b->host);
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--frames N] [--block N] [--write full|sparse] "
		"[--only zero-copy|upload]\n",
		argv0);
	exit(2);
}

/* A count option's value, or a usage error. */
static unsigned positive(const char *s, const char *argv0)
{
	long v = bench_count(s, 1000000);

	if (!v)
		usage(argv0);
	return (unsigned)v;
}

/* --only NAME: only that side. */
static void only(struct bench *b, const char *name, const char *argv0)
{
	for (int s = 0; s < SIDES; s++)
		b->on[s] = strcmp(name, side_names[s]) == 0;
	if (!b->on[ZERO_COPY] && !b->on[UPLOAD])
		usage(argv0);
}

static void parse(struct bench *b, int argc, char **argv, unsigned *frames,
		  unsigned *block)
{
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v && strcmp(argv[i], "--frames") == 0)
			*frames = positive(v, argv[0]);
		else if (v && strcmp(argv[i], "--block") == 0)
			*block = positive(v, argv[0]);
		else if (v && strcmp(argv[i], "--only") == 0)
			only(b, v, argv[0]);
		else if (v && strcmp(argv[i], "--write") == 0 &&
			 (!strcmp(v, "full") || !strcmp(v, "sparse")))
			b->sparse = strcmp(v, "sparse") == 0;
		else
			usage(argv[0]);
		i++;
	}
}

static const char *upload_name(const struct bench *b)
{
	if (!b->on[UPLOAD])
		return "-";
	return b->upload_format == GL_BGRA_EXT ? "GL_BGRA_EXT" : "GL_RGBA";
}

static void print_header(const struct bench *b, unsigned frames, unsigned block)
{
	struct sharedbuf_layer_stats st;
	const char *threads = secure_getenv("LP_NUM_THREADS");

	printf("gl-upload-bench: %dx%d XRGB8888, write %s, %u frames a side "
	       "in blocks of %u, ABAB; sync: glReadPixels of 1 pixel; "
	       "upload as %s; LP_NUM_THREADS=%s\n",
	       W, H, b->sparse ? "sparse" : "full", frames, block,
	       upload_name(b), threads ? threads : "(unset)");
	if (!sb_test_layer_stats(&st))
		printf("layer: NOT in the call path\n");
	printf("renderer: %s\n", (const char *)glGetString(GL_RENDERER));
}

int main(int argc, char **argv)
{
	static struct bench b = {.on = {true, true},
				 .image = EGL_NO_IMAGE,
				 .buf = {.fd = -1},
				 .egl = {EGL_NO_DISPLAY, EGL_NO_CONTEXT}};
	unsigned frames = 60, block = 5;
	bool ok;

	parse(&b, argc, argv, &frames, &block);
	ok = setup(&b);
	if (ok) {
		print_header(&b, frames, block);
		ok = run_timed(&b, frames, block);
	}
	if (b.failed)
		fprintf(stderr, "frame %u failed: %s\n", b.frame, b.failed);
	finish(&b);
	return ok ? 0 : 1;
}

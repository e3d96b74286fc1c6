/* SPDX-License-Identifier: MIT */
/*
 * Guest test: the camera use case end to end. vivid captures with
 * V4L2_MEMORY_DMABUF into buffers sharedbuf allocated for {vivid capture,
 * the EGL display, CPU read}; GL samples the same dma-bufs (no copy); the
 * frames equal what the same vivid pattern gives through
 * V4L2_MEMORY_MMAP, byte for byte, and GL sees exactly those pixels.
 *
 * Usage: alloc-vivid ALLOCATOR, vmalloc or contig (the vivid instance
 * loaded with allocators=0 or 1): each FORMAT, xrgb8888, argb8888 and
 * yuyv, in turn, one Piglit subtest each, in one process. Before sharedbuf's
 * buffers, the naive choice is tried: a udmabuf queued with V4L2_MEMORY_DMABUF,
 * which the contiguous (dma-contig) instance must refuse and the vmalloc one
 * accept (its pages scattered as in a long-running system:
 * sb_test_naive_udmabuf). Needs vivid loaded with n_devs=2 allocators=0,1
 * (tests/check.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "check.h"
#include "egl_env.h"
#include "gl_external.h"
#include "piglit.h"
#include "sharedbuf/alloc.h"
#include "v4l2_util.h"

#define W    320
#define H    180
#define NBUF 3

struct fmt {
	const char *name;
	uint32_t drm, v4l2, cpp;
};

static const struct fmt fmts[] = {
	{"xrgb8888", DRM_FORMAT_XRGB8888, V4L2_PIX_FMT_XBGR32, 4},
	{"argb8888", DRM_FORMAT_ARGB8888, V4L2_PIX_FMT_ABGR32, 4},
	{"yuyv", DRM_FORMAT_YUYV, V4L2_PIX_FMT_YUYV, 2},
};

static const struct fmt *fmt;
static int vfd = -1;
static uint8_t ref[W * H * 4]; /* the MMAP frame, rows packed */
static struct sharedbuf_constraints cam, gl, cpu;

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do {
		r = ioctl(fd, req, arg);
	} while (r == -1 && errno == EINTR);
	return r;
}

static bool reqbufs(uint32_t memory, uint32_t count)
{
	struct v4l2_requestbuffers rb = {.count = count,
					 .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					 .memory = memory};

	return xioctl(vfd, VIDIOC_REQBUFS, &rb) == 0 && rb.count >= count;
}

/* The reference: the pattern through vivid's own MMAP buffers. */
static bool capture_mmap(void)
{
	struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
				.memory = V4L2_MEMORY_MMAP};
	uint32_t bpl = W * fmt->cpp;
	uint8_t *p;
	int k;
	bool ok, varied = false;

	if (!expect(sb_test_v4l2_set_format(vfd, fmt->v4l2, W, H, bpl, NULL),
		    "S_FMT %s", fmt->name) ||
	    !expect(reqbufs(V4L2_MEMORY_MMAP, NBUF), "REQBUFS MMAP: %m"))
		return false;
	for (b.index = 0; b.index < NBUF; b.index++)
		xioctl(vfd, VIDIOC_QBUF, &b);
	k = sb_test_v4l2_capture(vfd, V4L2_MEMORY_MMAP, 1);
	b.index = (uint32_t)k;
	ok = expect(k >= 0, "MMAP capture") &&
	     expect(xioctl(vfd, VIDIOC_QUERYBUF, &b) == 0, "QUERYBUF: %m");
	if (ok) {
		p = mmap(NULL, b.length, PROT_READ, MAP_SHARED, vfd,
			 b.m.offset);
		ok = expect(p != MAP_FAILED, "mmap: %m");
		if (ok) {
			memcpy(ref, p, (size_t)bpl * H);
			munmap(p, b.length);
		}
	}
	for (size_t i = 1; ok && i < (size_t)bpl * H / 4; i++)
		varied |= ((uint32_t *)ref)[i] != ((uint32_t *)ref)[0];
	reqbufs(V4L2_MEMORY_MMAP, 0);
	return ok && expect(varied, "the reference frame is one colour");
}

/* The naive choice: a udmabuf. Accepted by vmalloc, refused by
 * dma-contig at QBUF, as the kernel's attach would. */
static bool naive_udmabuf(bool contig)
{
	struct sharedbuf_buffer ub;
	struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
				.memory = V4L2_MEMORY_DMABUF};
	uint32_t size = 0;
	int r, err;

	if (!expect(sb_test_naive_udmabuf(W, H, fmt->cpp, &ub), "udmabuf") ||
	    !expect(sb_test_v4l2_set_format(vfd, fmt->v4l2, W, H, ub.pitch,
					    &size),
		    "S_FMT pitch %u", ub.pitch) ||
	    !expect(reqbufs(V4L2_MEMORY_DMABUF, 1), "REQBUFS DMABUF: %m")) {
		sharedbuf_buffer_finish(&ub);
		return false;
	}
	b.m.fd = ub.fd;
	b.length = (uint32_t)ub.size;
	r = xioctl(vfd, VIDIOC_QBUF, &b);
	err = errno;
	printf("naive udmabuf (pitch %u, %llu bytes): QBUF %s%s\n", ub.pitch,
	       (unsigned long long)ub.size, r ? "refused: " : "accepted",
	       r ? strerror(err) : "");
	reqbufs(V4L2_MEMORY_DMABUF, 0);
	sharedbuf_buffer_finish(&ub);
	return expect((r != 0) == contig, "QBUF of a udmabuf %s on %s",
		      r ? "refused" : "accepted",
		      contig ? "dma-contig" : "vmalloc");
}

static unsigned query_formats(void *dpy, int max, int *formats, int *num)
{
	return eglQueryDmaBufFormatsEXT(dpy, max, formats, num);
}

static unsigned query_modifiers(void *dpy, int format, int max, uint64_t *mods,
				unsigned *ext, int *num)
{
	return eglQueryDmaBufModifiersEXT(dpy, format, max, mods, ext, num);
}

/* CPU-writes @v over the whole of @fd, bracketed by DMA_BUF_IOCTL_SYNC. */
static bool cpu_fill(int fd, uint64_t size, uint8_t v)
{
	struct dma_buf_sync s = {DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE};
	uint8_t *p =
		mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (!expect(p != MAP_FAILED, "mmap: %m"))
		return false;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	memset(p, v, size);
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	munmap(p, size);
	return true;
}

/* The captured frame, read by the CPU, equals the reference. */
static bool cpu_compare(int fd, const struct sharedbuf_layout *l)
{
	struct dma_buf_sync s = {DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ};
	uint8_t *p = mmap(NULL, l->size, PROT_READ, MAP_SHARED, fd, 0);
	size_t row = (size_t)W * fmt->cpp;
	int bad = -1;

	if (!expect(p != MAP_FAILED, "mmap: %m"))
		return false;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	for (int y = 0; y < H && bad < 0; y++) {
		if (memcmp(p + (size_t)y * l->pitches[0], ref + row * y, row))
			bad = y;
	}
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	munmap(p, l->size);
	return expect(bad < 0, "row %d differs from the MMAP capture", bad);
}

static uint8_t clamp(double v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)(v + 0.5);
}

/* RGBA the reference pixel (x, y) should sample as, and how close. */
static int expected(int x, int y, uint8_t rgba[4])
{
	const uint8_t *p = ref + ((size_t)y * W + x) * fmt->cpp;

	if (fmt->drm == DRM_FORMAT_YUYV) {
		const uint8_t *pair = ref + ((size_t)y * W + (x & ~1)) * 2;
		double yy = 1.164 * (p[0] - 16), u = pair[1] - 128,
		       v = pair[3] - 128;

		rgba[0] = clamp(yy + 1.596 * v);
		rgba[1] = clamp(yy - 0.813 * v - 0.391 * u);
		rgba[2] = clamp(yy + 2.018 * u);
		rgba[3] = 255;
		return 3; /* BT.601 narrow, Mesa's default, rounding */
	}
	rgba[0] = p[2];
	rgba[1] = p[1];
	rgba[2] = p[0];
	rgba[3] = fmt->drm == DRM_FORMAT_ARGB8888 ? p[3] : 255;
	return 0;
}

/* GL samples the dma-buf itself: every pixel as the CPU saw it. */
static bool gl_compare(EGLDisplay dpy, int fd, const struct sharedbuf_layout *l)
{
	static const float clear[4] = {0, 0, 0, 0};
	EGLImageKHR img =
		sb_test_import(dpy, fd, l->fourcc, W, H, 0, l->pitches[0]);
	struct sb_test_target t = {0};
	uint8_t *px = NULL, want[4];
	int worst = 0, tol = 0, bx = -1, by = -1;
	bool ok;

	ok = expect(img != EGL_NO_IMAGE_KHR, "import: %#x", eglGetError()) &&
	     expect(sb_test_target_init(&t, W, H, clear), "target") &&
	     expect(sb_test_draw_external(img, 0, 0, W, H, &t), "draw") &&
	     expect((px = sb_test_target_read(&t)) != NULL, "read");
	for (int y = 0; ok && y < H; y++) {
		for (int x = 0; x < W; x++) {
			tol = expected(x, y, want);
			for (int c = 0; c < 4; c++) {
				int d = abs(px[(y * W + x) * 4 + c] - want[c]);

				if (fmt->drm == DRM_FORMAT_XRGB8888 && c == 3)
					continue;
				if (d > worst) {
					worst = d;
					bx = x;
					by = y;
				}
			}
		}
	}
	if (ok)
		printf("GL vs the captured bytes: worst difference %d at "
		       "(%d,%d), allowed %d\n",
		       worst, bx, by, tol);
	ok = ok && expect(worst <= tol, "GL sampled other pixels");
	free(px);
	sb_test_target_finish(&t);
	if (img != EGL_NO_IMAGE_KHR)
		eglDestroyImageKHR(dpy, img);
	return ok;
}

/* Queues buffer @i: by index into the queue's own memory, or its fd. */
static bool queue(struct sharedbuf_alloc *a, int fd, uint32_t i,
		  const struct sharedbuf_layout *l)
{
	struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE};

	if (sharedbuf_alloc_v4l2_index(a) >= 0) {
		b.memory = V4L2_MEMORY_MMAP;
		b.index = (uint32_t)sharedbuf_alloc_v4l2_index(a);
	} else {
		b.memory = V4L2_MEMORY_DMABUF;
		b.index = i;
		b.m.fd = fd;
		b.length = (uint32_t)l->size;
	}
	return expect(xioctl(vfd, VIDIOC_QBUF, &b) == 0, "QBUF %u: %m", i);
}

static bool with_sharedbuf(EGLDisplay dpy, bool contig)
{
	struct sharedbuf_alloc *a[NBUF] = {0};
	struct sharedbuf_layout l[NBUF];
	int fds[NBUF] = {-1, -1, -1}, k = -1, buf = -1;
	uint32_t memory = V4L2_MEMORY_DMABUF;
	char why[1024];
	bool ok = true;

	for (int i = 0; ok && i < NBUF; i++) {
		a[i] = sharedbuf_alloc_create(W, H, &fmt->drm, 1);
		ok = expect(a[i] != NULL, "create") &&
		     expect_result(sharedbuf_alloc_attach_v4l2(
					   a[i], &cam, vfd,
					   V4L2_BUF_TYPE_VIDEO_CAPTURE, why,
					   sizeof(why)),
				   SHAREDBUF_OK, why) &&
		     expect_result(sharedbuf_alloc_attach(a[i], &gl, why,
							  sizeof(why)),
				   SHAREDBUF_OK, why) &&
		     expect_result(sharedbuf_alloc_attach(a[i], &cpu, why,
							  sizeof(why)),
				   SHAREDBUF_OK, why) &&
		     expect_result(sharedbuf_alloc_export(a[i], &l[i], &fds[i],
							  why, sizeof(why)),
				   SHAREDBUF_OK, why) &&
		     cpu_fill(fds[i], l[i].size, 0xa5);
	}
	if (ok) {
		printf("sharedbuf: %s\n", sharedbuf_alloc_explain(a[0]));
		ok = expect(sharedbuf_alloc_exporter(a[0]) ==
				    (contig ? SHAREDBUF_ALLOC_V4L2
					    : SHAREDBUF_ALLOC_UDMABUF),
			    "exporter %s",
			    sharedbuf_alloc_exporter_name(
				    sharedbuf_alloc_exporter(a[0])));
	}
	if (ok && sharedbuf_alloc_v4l2_index(a[0]) < 0) {
		ok = expect(sb_test_v4l2_set_format(vfd, fmt->v4l2, W, H,
						    l[0].pitches[0], NULL),
			    "S_FMT pitch %u", l[0].pitches[0]) &&
		     expect(reqbufs(V4L2_MEMORY_DMABUF, NBUF),
			    "REQBUFS DMABUF: %m");
	} else {
		memory = V4L2_MEMORY_MMAP;
	}
	for (uint32_t i = 0; ok && i < NBUF; i++)
		ok = queue(a[i], fds[i], i, &l[i]);
	if (ok) {
		k = sb_test_v4l2_capture(vfd, memory, 1);
		ok = expect(k >= 0, "capture");
	}
	for (int i = 0; ok && i < NBUF; i++) {
		if (memory == V4L2_MEMORY_DMABUF
			    ? i == k
			    : sharedbuf_alloc_v4l2_index(a[i]) == k)
			buf = i;
	}
	ok = ok && expect(buf >= 0, "which buffer") &&
	     cpu_compare(fds[buf], &l[buf]) &&
	     gl_compare(dpy, fds[buf], &l[buf]);
	for (int i = 0; i < NBUF; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
	}
	for (int i = 0; i < NBUF; i++)
		sharedbuf_alloc_destroy(a[i]);
	reqbufs(memory, 0);
	return ok;
}

static const char *const allocs[] = {"vmalloc", "contig"};

/* One format on vivid instance @contig: vivid's constraints (with the
 * format the last case left), the MMAP reference, the naive udmabuf and
 * sharedbuf's buffers; true if every check held. */
static bool run_format(EGLDisplay dpy, int contig)
{
	struct sharedbuf_egl_queries q = {query_formats, query_modifiers};
	int failures = sb_check_failures();
	bool ok;

	printf("== %s\n", fmt->name);
	ok = expect_result(
		     sharedbuf_constraints_from_v4l2(
			     vfd, V4L2_BUF_TYPE_VIDEO_CAPTURE, W, H, &cam),
		     SHAREDBUF_OK, "vivid's constraints") &&
	     expect(!!(cam.flags & SHAREDBUF_NEEDS_CONTIGUOUS) == contig,
		    "contiguity probe") &&
	     expect_result(sharedbuf_constraints_from_egl(
				   &q, dpy, SHAREDBUF_EGL_SAMPLE, &gl),
			   SHAREDBUF_OK, "EGL's constraints");
	sharedbuf_constraints_cpu(&cpu, SHAREDBUF_NEEDS_CPU_READ);
	ok = ok && capture_mmap() && naive_udmabuf(contig) &&
	     with_sharedbuf(dpy, contig);
	return ok && sb_check_failures() == failures;
}

/* alloc-vivid vmalloc|contig: every format on that vivid instance, one
 * Piglit subtest each, on one EGL display (one process: under emulation
 * EGL's start-up costs more than a case). */
int main(int argc, char **argv)
{
	struct sb_test_egl egl = {0};
	const char *failed = NULL;
	int inst = -1, contig = -1;
	char why[256];

	for (int c = 0; argc == 2 && c < 2; c++) {
		if (strcmp(argv[1], allocs[c]) == 0)
			contig = c;
	}
	if (contig < 0) {
		fprintf(stderr, "usage: %s vmalloc|contig\n", argv[0]);
		return 2;
	}
	for (int i = 0; i < 4 && inst < 0; i++) {
		if (sb_test_vivid_allocator(i) == contig)
			inst = i;
	}
	vfd = inst >= 0 ? sb_test_vivid_open(inst) : -1;
	if (vfd < 0)
		piglit_skip("no vivid instance with allocators=%d (load vivid "
			    "n_devs=2 allocators=0,1)",
			    contig);
	if (!sb_test_egl_init(&egl, why, sizeof(why))) {
		sb_test_egl_finish(&egl);
		piglit_fail("EGL: %s", why);
	}
	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		fmt = &fmts[f];
		bool ok = run_format(egl.dpy, contig);

		if (!ok)
			printf("FAIL: %s-%s: the checks above\n",
			       allocs[contig], fmt->name);
		piglit_report_subtest(ok ? PIGLIT_PASS : PIGLIT_FAIL,
				      fmt->name);
		if (!ok && !failed)
			failed = fmt->name;
	}
	sb_test_egl_finish(&egl);
	close(vfd);
	if (failed)
		piglit_fail("%s-%s failed (and any other FAIL above)",
			    allocs[contig], failed);
	piglit_report_result(PIGLIT_PASS);
}

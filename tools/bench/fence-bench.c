/* SPDX-License-Identifier: MIT */
/*
 * fence-bench: what sharedbuf's fence calls cost over the raw kernel calls
 * they wrap, on a udmabuf, in the guest.
 *
 *   export  DMA_BUF_IOCTL_EXPORT_SYNC_FILE + close  vs
 *           sharedbuf_fence_export() + close
 *   import  DMA_BUF_IOCTL_IMPORT_SYNC_FILE          vs sharedbuf_fence_import()
 *   wait    poll(POLLIN, 0) on a signalled sync_file vs
 *           sharedbuf_fence_wait(fd, 0)
 *   egl     the image's pending work checked by hand (EXPORT_SYNC_FILE,
 *           poll 0, close) vs through EGL (eglCreateImageSyncSHAREDBUF,
 *           eglClientWaitSync 0, eglDestroySync) with no context
 *           current, and, as "egl-native", with one current (the sync
 *           is the layer's either way since issue 11: the driver sees
 *           its sync_file only in a server wait, eglWaitSync)
 *
 * each on a buffer with nothing pending ("idle") and on one whose only
 * fence has signalled ("signalled", a vgem write fence). Raw and sharedbuf
 * run side by side in one process, in blocks ordered ABBA BAAB ... so that
 * drift (caches, frequency, a noisy host) falls on both alike; medians
 * over the blocks are printed. The goal is a ratio of at most 1.1.
 *
 *   tests/vm/run.sh build/tools/bench/fence-bench [--iterations N]
 *                   [--block N] [--only export|import|wait]
 *
 * Instructions per call, user space only (valgrind counts no kernel
 * work), for one pair; valgrind works in the TCG guest, about 4 s a pair.
 * The guest's /tmp is its own tmpfs: annotate in the guest, or write the
 * output into the shared project folder.
 *
 *   tests/vm/run.sh sh -c 'valgrind --tool=callgrind \
 *       --callgrind-out-file=/tmp/fence.cg \
 *       build/tools/bench/fence-bench --only export --iterations 1000 &&
 *       callgrind_annotate --inclusive=yes /tmp/fence.cg | grep one_'
 *
 * Each op is one noinline function (one_raw_export, one_sb_export, ...),
 * called @iterations times on each of the two buffers: its inclusive count
 * over 2 x @iterations is the cost of one op, the libc calls included.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "egl_env.h" /* epoxy first: it replaces EGL/egl.h */
#include "EGL/eglext_sharedbuf.h"
#include "sharedbuf/fence.h"
#include "sharedbuf/sharedbuf.h"
#include "bench.h"
#include "vgem.h"

#define NOINLINE __attribute__((noinline))

struct ctx {
	int dmabuf;    /* the buffer under test; borrowed */
	int signalled; /* a signalled sync_file from it; ours */
	const char *failed;
	EGLDisplay dpy; /* the "egl" pairs: the buffer as an image */
	EGLImage image;
	PFNEGLCREATEIMAGESYNCSHAREDBUFPROC create_sync;
	/* not epoxy's: it resolves by the current display, and the "egl"
	 * pair runs with none */
	PFNEGLCLIENTWAITSYNCPROC client_wait;
	PFNEGLDESTROYSYNCPROC destroy_sync;
};

static NOINLINE void one_raw_export(struct ctx *c)
{
	struct dma_buf_export_sync_file arg = {.flags = DMA_BUF_SYNC_READ,
					       .fd = -1};

	if (ioctl(c->dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg) != 0)
		c->failed = "DMA_BUF_IOCTL_EXPORT_SYNC_FILE";
	else
		close(arg.fd);
}

static NOINLINE void one_sb_export(struct ctx *c)
{
	int fd;

	if (sharedbuf_fence_export(c->dmabuf, SHAREDBUF_ACCESS_READ, &fd) !=
	    SHAREDBUF_OK)
		c->failed = "sharedbuf_fence_export";
	else
		close(fd);
}

static NOINLINE void one_raw_import(struct ctx *c)
{
	struct dma_buf_import_sync_file arg = {.flags = DMA_BUF_SYNC_READ,
					       .fd = c->signalled};

	if (ioctl(c->dmabuf, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg) != 0)
		c->failed = "DMA_BUF_IOCTL_IMPORT_SYNC_FILE";
}

static NOINLINE void one_sb_import(struct ctx *c)
{
	if (sharedbuf_fence_import(c->dmabuf, c->signalled,
				   SHAREDBUF_ACCESS_READ) != SHAREDBUF_OK)
		c->failed = "sharedbuf_fence_import";
}

static NOINLINE void one_raw_wait(struct ctx *c)
{
	struct pollfd p = {.fd = c->signalled, .events = POLLIN};

	if (poll(&p, 1, 0) != 1 || p.revents != POLLIN)
		c->failed = "poll";
}

static NOINLINE void one_sb_wait(struct ctx *c)
{
	if (sharedbuf_fence_wait(c->signalled, 0) != SHAREDBUF_OK)
		c->failed = "sharedbuf_fence_wait";
}

typedef void (*op_fn)(struct ctx *c);

static NOINLINE void one_raw_check(struct ctx *c)
{
	struct dma_buf_export_sync_file arg = {.flags = DMA_BUF_SYNC_READ,
					       .fd = -1};
	struct pollfd p = {.events = POLLIN};

	if (ioctl(c->dmabuf, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg) != 0) {
		c->failed = "EXPORT_SYNC_FILE";
		return;
	}
	p.fd = arg.fd;
	if (poll(&p, 1, 0) != 1)
		c->failed = "poll";
	close(arg.fd);
}

static NOINLINE void one_egl_check(struct ctx *c)
{
	EGLSync s =
		c->create_sync(c->dpy, c->image, EGL_READ_BIT_SHAREDBUF, NULL);

	if (s == EGL_NO_SYNC ||
	    c->client_wait(c->dpy, s, 0, 0) != EGL_CONDITION_SATISFIED)
		c->failed = "eglCreateImageSyncSHAREDBUF";
	c->destroy_sync(c->dpy, s);
}

struct pair {
	const char *name;
	op_fn raw, sb;
};

static const struct pair pairs[] = {
	{"export", one_raw_export, one_sb_export},
	{"import", one_raw_import, one_sb_import},
	{"wait", one_raw_wait, one_sb_wait},
	{"egl", one_raw_check, one_egl_check},
	{"egl-native", one_raw_check, one_egl_check},
};

static double run_block(op_fn op, struct ctx *c, int n)
{
	double t0 = bench_now_ns();

	for (int i = 0; i < n && !c->failed; i++)
		op(c);
	return bench_now_ns() - t0;
}

/*
 * @iterations of each side of @p in blocks of @block, ordered ABBA BAAB
 * ... Prints medians over the blocks: ns per op of each side, and
 * sharedbuf's time over raw's in the same block pair. A host hiccup
 * inflates a block or two; a median ignores them where a mean would not.
 */
static void run_pair(const struct pair *p, struct ctx *c, const char *scene,
		     int iterations, int block)
{
	int blocks = (iterations + block - 1) / block;
	double *ns = calloc((size_t)blocks * 3, sizeof(*ns));
	op_fn ops[2] = {p->raw, p->sb};

	if (!ns)
		exit(1);
	for (int k = 0; k < blocks; k++) {
		int n = k == blocks - 1 ? iterations - k * block : block;
		int first = (k ^ (k >> 1)) & 1; /* 0 1 1 0 0 1 1 0: ABBA */
		double dt[2];

		dt[first] = run_block(ops[first], c, n);
		dt[!first] = run_block(ops[!first], c, n);
		ns[k] = dt[0] / n;		    /* raw */
		ns[blocks + k] = dt[1] / n;	    /* sharedbuf */
		ns[2 * blocks + k] = dt[1] / dt[0]; /* ratio */
	}
	if (c->failed) {
		fprintf(stderr, "%s failed: %s\n", c->failed, strerror(errno));
		exit(1);
	}
	printf("%-10s %-7s %12.1f %16.1f %8.3f\n", scene, p->name,
	       bench_median(ns, blocks), bench_median(ns + blocks, blocks),
	       bench_median(ns + 2 * blocks, blocks));
	free(ns);
}

/* A vgem write fence on @dmabuf, signalled at once: the buffer then holds
 * one fence, signalled. False when there is no vgem. */
static int add_signalled_fence(int dmabuf)
{
	int vgem = sb_test_vgem_open();
	uint32_t fence;
	bool ok;

	if (vgem < 0)
		return 0;
	ok = sb_test_vgem_fence_attach(vgem, dmabuf, true, &fence) &&
	     sb_test_vgem_fence_signal(vgem, fence);
	sb_test_vgem_close(vgem);
	return ok;
}

static struct sb_test_egl egl;

/* The EGL pairs' set-up: the buffer imported through the layer, a context
 * current for "egl-native" only (the image sync is the layer's all the
 * same). False, with a line saying why, when EGL is not there. */
static bool egl_scene(struct ctx *c, int dmabuf, const char *name)
{
	char why[256];

	if (egl.dpy == EGL_NO_DISPLAY &&
	    !sb_test_egl_init(&egl, why, sizeof(why))) {
		printf("%s: skipped, %s\n", name, why);
		return false;
	}
	c->dpy = egl.dpy;
	c->create_sync = (PFNEGLCREATEIMAGESYNCSHAREDBUFPROC)eglGetProcAddress(
		"eglCreateImageSyncSHAREDBUF");
	c->client_wait = (PFNEGLCLIENTWAITSYNCPROC)eglGetProcAddress(
		"eglClientWaitSync");
	c->destroy_sync =
		(PFNEGLDESTROYSYNCPROC)eglGetProcAddress("eglDestroySync");
	c->image = sb_test_import(egl.dpy, dmabuf, DRM_FORMAT_XRGB8888, 64, 64,
				  0, 256);
	if (!c->create_sync || c->image == EGL_NO_IMAGE) {
		printf("%s: skipped, the layer is not in the call path\n",
		       name);
		return false;
	}
	eglMakeCurrent(egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE,
		       strcmp(name, "egl-native") ? EGL_NO_CONTEXT : egl.ctx);
	return true;
}

static void egl_finish(struct ctx *c)
{
	eglMakeCurrent(egl.dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, egl.ctx);
	eglDestroyImageKHR(c->dpy, c->image);
	c->image = EGL_NO_IMAGE;
}

static void run_scene(const char *scene, int dmabuf, const char *only,
		      int iterations, int block)
{
	struct ctx c = {.dmabuf = dmabuf, .signalled = -1};

	if (sharedbuf_fence_export(dmabuf, SHAREDBUF_ACCESS_READ,
				   &c.signalled) != SHAREDBUF_OK) {
		fprintf(stderr, "export a sync_file to start with failed\n");
		exit(1);
	}
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		bool is_egl = strncmp(pairs[i].name, "egl", 3) == 0;

		if (only && strcmp(only, pairs[i].name))
			continue;
		if (is_egl && !egl_scene(&c, dmabuf, pairs[i].name))
			continue;
		run_pair(&pairs[i], &c, scene, iterations, block);
		if (is_egl)
			egl_finish(&c);
	}
	close(c.signalled);
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--iterations N] [--block N] "
		"[--only export|import|wait|egl|egl-native]\n",
		argv0);
	exit(2);
}

/* A count option's value, or a usage error. */
static int positive(const char *s, const char *argv0)
{
	long v = bench_count(s, 100000000);

	if (!v)
		usage(argv0);
	return (int)v;
}

int main(int argc, char **argv)
{
	int iterations = 20000, block = 500;
	const char *only = NULL;
	struct sharedbuf_buffer buf;
	enum sharedbuf_result r;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--iterations") == 0)
			iterations = positive(argv[++i], argv[0]);
		else if (i + 1 < argc && strcmp(argv[i], "--block") == 0)
			block = positive(argv[++i], argv[0]);
		else if (i + 1 < argc && strcmp(argv[i], "--only") == 0)
			only = argv[++i];
		else
			usage(argv[0]);
	}
	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, 64, 64,
				   DRM_FORMAT_XRGB8888, &buf);
	if (r != SHAREDBUF_OK) {
		fprintf(stderr, "udmabuf: %s (run in the guest)\n",
			sharedbuf_result_str(r));
		return 1;
	}
	printf("fence-bench: udmabuf 64x64, %d iterations per op, blocks of "
	       "%d, ABBA order\n",
	       iterations, block);
	printf("%-10s %-7s %12s %16s %8s\n", "buffer", "op", "raw ns/op",
	       "sharedbuf ns/op", "ratio");
	run_scene("idle", buf.fd, only, iterations, block);
	if (add_signalled_fence(buf.fd))
		run_scene("signalled", buf.fd, only, iterations, block);
	else
		printf("signalled: skipped, no vgem to make a fence\n");
	if (egl.dpy != EGL_NO_DISPLAY)
		sb_test_egl_finish(&egl);
	sharedbuf_buffer_finish(&buf);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * cpu-bench: what a CPU lock costs over the raw kernel calls it wraps, on a
 * 1920x1080 XRGB8888 udmabuf, in the guest.
 *
 *   raw   DMA_BUF_IOCTL_SYNC(START | WRITE), one byte written through a
 *         mapping made once, DMA_BUF_IOCTL_SYNC(END | WRITE)
 *   lock  sharedbuf_cpu_lock(WRITE, no acquire fence, SHAREDBUF_FOREVER or
 *         --timeout NS), one byte written, sharedbuf_cpu_unlock()
 *
 * Without a time limit a lock leaves the fence wait to START, as the raw
 * side does; with one (--timeout 0 is "just look") it polls the dma-buf
 * first. Both sides run in one process in alternating blocks, ABAB..., so
 * that drift (caches, a noisy host) falls on both alike; besides the
 * totals it prints the median over rounds of lock / raw, which one burst
 * of host noise does not move. The goal is a ratio of at most 1.05.
 *
 *   tests/vm/run.sh build/tools/bench/cpu-bench [--iterations N]
 *                   [--block N] [--only lock|raw] [--timeout NS]
 *
 * Instructions per op, user space only (the kernel's share is not
 * counted), one side at a time; the guest's /tmp is its own, so write the
 * profile into the shared folder:
 *
 *   tests/vm/run.sh valgrind --tool=callgrind \
 *       --callgrind-out-file=build/cpu-lock.callgrind \
 *       build/tools/bench/cpu-bench --only lock --iterations 10000
 *   callgrind_annotate --inclusive=yes build/cpu-lock.callgrind | grep one_
 *
 * Each op is one noinline function (one_raw, one_lock): its inclusive
 * count divided by the calls made (iterations + 1: setup makes one) is the
 * cost of one op.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "sharedbuf/cpu.h"
#include "sharedbuf/sharedbuf.h"
#include "bench.h"

#define NOINLINE __attribute__((noinline))
#define WIDTH	 1920
#define HEIGHT	 1080

struct ctx {
	int dmabuf;   /* borrowed */
	uint8_t *raw; /* the raw side's mapping, made once */
	struct sharedbuf_cpu_image *img;
	struct sharedbuf_lock lock; /* WRITE, plane 0, no acquire fence */
	unsigned n;		    /* ops so far: the byte written */
	const char *failed;
};

static NOINLINE void one_raw(struct ctx *c)
{
	struct dma_buf_sync start = {DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE};
	struct dma_buf_sync end = {DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE};

	if (ioctl(c->dmabuf, DMA_BUF_IOCTL_SYNC, &start) != 0) {
		c->failed = "DMA_BUF_IOCTL_SYNC(START)";
		return;
	}
	c->raw[c->n % WIDTH] = (uint8_t)c->n;
	c->n++;
	if (ioctl(c->dmabuf, DMA_BUF_IOCTL_SYNC, &end) != 0)
		c->failed = "DMA_BUF_IOCTL_SYNC(END)";
}

static NOINLINE void one_lock(struct ctx *c)
{
	uint8_t *p;
	uint32_t stride;

	if (sharedbuf_cpu_lock(c->img, &c->lock, (void **)&p, &stride) !=
	    SHAREDBUF_OK) {
		c->failed = "sharedbuf_cpu_lock";
		return;
	}
	p[c->n % WIDTH] = (uint8_t)c->n;
	c->n++;
	if (sharedbuf_cpu_unlock(c->img, 0, NULL) != SHAREDBUF_OK)
		c->failed = "sharedbuf_cpu_unlock";
}

typedef void (*op_fn)(struct ctx *c);

static double run_block(op_fn op, struct ctx *c, int n)
{
	double t0 = bench_now_ns();

	for (int i = 0; i < n && !c->failed; i++)
		op(c);
	return bench_now_ns() - t0;
}

/* @iterations of each side named by @only (NULL: both), in blocks of
 * @block, raw then lock, raw then lock, ... Besides the totals, the
 * median over rounds of lock / raw: a burst of host noise spoils a round,
 * not the result. */
static void run(struct ctx *c, const char *only, int iterations, int block)
{
	static const char *const names[2] = {"raw", "lock"};
	op_fn ops[2] = {one_raw, one_lock};
	int rounds = (iterations + block - 1) / block, k = 0;
	double *ratios = calloc((size_t)rounds, sizeof(double));
	double t[2] = {0, 0}, r[2];

	for (int done = 0; done < iterations; done += block, k++) {
		int n = iterations - done < block ? iterations - done : block;

		for (int side = 0; side < 2; side++) {
			r[side] = 0;
			if (!only || strcmp(only, names[side]) == 0)
				r[side] = run_block(ops[side], c, n);
			t[side] += r[side];
		}
		ratios[k] = r[0] > 0 ? r[1] / r[0] : 0;
	}
	if (c->failed) {
		fprintf(stderr, "%s failed: %s\n", c->failed, strerror(errno));
		exit(1);
	}
	for (int side = 0; side < 2; side++) {
		if (!only || strcmp(only, names[side]) == 0)
			printf("%-5s %10.1f ns/op\n", names[side],
			       t[side] / iterations);
	}
	if (!only)
		printf("ratio %10.3f lock / raw, median of %d rounds %.3f "
		       "(goal <= 1.05)\n",
		       t[1] / t[0], rounds, bench_median(ratios, rounds));
	free(ratios);
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--iterations N] [--block N] [--only lock|raw] "
		"[--timeout NS]\n",
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

/* The raw mapping and the image, each mapped and locked once before any
 * timing: neither side pays for its first mmap. */
static int setup(struct ctx *c, const struct sharedbuf_buffer *buf)
{
	struct sharedbuf_image_layout l = {
		.width = buf->width,
		.height = buf->height,
		.fourcc = buf->fourcc,
		.modifier = DRM_FORMAT_MOD_LINEAR,
		.num_planes = 1,
		.planes[0] = {buf->fd, 0, buf->pitch}};
	enum sharedbuf_result r;
	void *p;

	c->dmabuf = buf->fd;
	p = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED, buf->fd,
		 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return -1;
	}
	c->raw = p;
	r = sharedbuf_cpu_image_create(&l, &c->img);
	if (r != SHAREDBUF_OK) {
		fprintf(stderr, "create: %s\n", sharedbuf_result_str(r));
		return -1;
	}
	one_raw(c);
	one_lock(c);
	return c->failed ? -1 : 0;
}

int main(int argc, char **argv)
{
	int iterations = 20000, block = 500;
	const char *only = NULL;
	struct sharedbuf_buffer buf;
	struct ctx c = {.lock = {.access = SHAREDBUF_ACCESS_WRITE,
				 .acquire_fd = -1,
				 .timeout_ns = SHAREDBUF_FOREVER}};
	enum sharedbuf_result r;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--iterations") == 0)
			iterations = positive(argv[++i], argv[0]);
		else if (i + 1 < argc && strcmp(argv[i], "--block") == 0)
			block = positive(argv[++i], argv[0]);
		else if (i + 1 < argc && strcmp(argv[i], "--timeout") == 0)
			c.lock.timeout_ns = strtoll(argv[++i], NULL, 0);
		else if (i + 1 < argc && strcmp(argv[i], "--only") == 0 &&
			 (!strcmp(argv[i + 1], "lock") ||
			  !strcmp(argv[i + 1], "raw")))
			only = argv[++i];
		else
			usage(argv[0]);
	}
	r = sharedbuf_buffer_alloc(SHAREDBUF_EXPORTER_UDMABUF, WIDTH, HEIGHT,
				   DRM_FORMAT_XRGB8888, &buf);
	if (r != SHAREDBUF_OK) {
		fprintf(stderr, "udmabuf: %s (run in the guest)\n",
			sharedbuf_result_str(r));
		return 1;
	}
	if (setup(&c, &buf) != 0)
		return 1;
	printf("cpu-bench: udmabuf %ux%u XRGB8888, %d iterations per side, "
	       "blocks of %d, ABAB order, lock timeout %s\n",
	       WIDTH, HEIGHT, iterations, block,
	       c.lock.timeout_ns == SHAREDBUF_FOREVER ? "forever" : "finite");
	run(&c, only, iterations, block);
	sharedbuf_cpu_image_destroy(c.img);
	munmap(c.raw, buf.size);
	sharedbuf_buffer_finish(&buf);
	return 0;
}

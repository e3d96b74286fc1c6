/* SPDX-License-Identifier: MIT */
/*
 * cpu-capi EXPORTER [SUBCASE...]: the CPU-access C API
 * (include/sharedbuf/cpu.h) on raw dma-bufs from one exporter, no EGL.
 *
 *   "A lock (1) waits for an optional acquire fence, (2) waits for the
 *    buffer's implicit fences that the access must wait for (readers wait
 *    for writers, writers for everyone), both within one timeout, (3)
 *    issues DMA_BUF_IOCTL_SYNC(START) for the access and (4) returns the
 *    plane's address in a mapping kept for the image's life."
 *
 * Runs every sub-case but "cycles" (or those named), one line each, then
 * one Piglit result: FAIL if any failed, SKIP if all skipped. "cycles
 * [N]" runs N create/lock/unlock/destroy cycles on their own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <drm_fourcc.h>

#include "capi.h"
#include "egl_env.h"
#include "vgem.h"

#define DEFAULT_CYCLES 100000

struct sub_case {
	const char *name;
	enum piglit_result (*run)(struct capi *t);
	bool by_name_only; /* its own meson test */
};

static const struct sub_case cases[] = {
	{"write-read", case_write_read, false},
	{"nv12-one-buffer", case_nv12_one_buffer, false},
	{"double-lock", case_double_lock, false},
	{"unlock-unlocked", case_unlock_unlocked, false},
	{"plane-range", case_plane_range, false},
	{"access-bits", case_access_bits, false},
	{"write-readonly", case_write_readonly, false},
	{"modifier", case_modifier, false},
	{"layout-bad", case_layout_bad, false},
	{"fd-count", case_fd_count, false},
	{"implicit-write", case_implicit_write, false},
	{"implicit-read", case_implicit_read, false},
	{"acquire", case_acquire, false},
	{"one-deadline", case_one_deadline, false},
	{"forever", case_forever, false},
	{"threads", case_threads, false},
	{"guarded", case_guarded, false},
	{"guard-slots", case_guard_slots, false},
	{"cycles", case_cycles, true},
};

#define NUM_CASES (sizeof(cases) / sizeof(cases[0]))

void capi_alloc(const struct capi *t, uint32_t w, uint32_t h, uint32_t fourcc,
		struct sharedbuf_buffer *buf)
{
	enum sharedbuf_result r =
		sharedbuf_buffer_alloc(t->exporter, w, h, fourcc, buf);

	if (r != SHAREDBUF_OK)
		piglit_fail("allocate %ux%u from %s: %s", w, h,
			    sharedbuf_exporter_name(t->exporter),
			    sharedbuf_result_str(r));
}

void capi_layout(const struct sharedbuf_buffer *buf,
		 struct sharedbuf_image_layout *l)
{
	*l = (struct sharedbuf_image_layout){
		.width = buf->width,
		.height = buf->height,
		.fourcc = buf->fourcc,
		.modifier = DRM_FORMAT_MOD_LINEAR,
		.num_planes = 1,
		.planes[0] = {.fd = buf->fd, .offset = 0, .pitch = buf->pitch},
	};
}

struct sharedbuf_cpu_image *capi_create(const struct sharedbuf_image_layout *l)
{
	struct sharedbuf_cpu_image *img = NULL;
	enum sharedbuf_result r = sharedbuf_cpu_image_create(l, &img);

	if (r != SHAREDBUF_OK || !img)
		piglit_fail("sharedbuf_cpu_image_create: %s",
			    sharedbuf_result_str(r));
	return img;
}

enum sharedbuf_result capi_lock(struct sharedbuf_cpu_image *img, unsigned plane,
				uint32_t access, int acquire_fd,
				int64_t timeout_ns, void **data)
{
	struct sharedbuf_lock lock = {
		.plane = plane,
		.access = access,
		.acquire_fd = acquire_fd,
		.timeout_ns = timeout_ns,
	};
	uint32_t stride;

	return sharedbuf_cpu_lock(img, &lock, data, &stride);
}

int capi_count_bad(const void *p, uint32_t pitch, uint32_t seed)
{
	int bad = 0;

	for (uint32_t y = 0; y < CAPI_H; y++) {
		for (uint32_t x = 0; x < CAPI_W; x++) {
			uint32_t v;

			memcpy(&v, (const uint8_t *)p + y * pitch + x * 4, 4);
			bad += v !=
			       sb_test_pattern(DRM_FORMAT_XRGB8888, x, y, seed);
		}
	}
	return bad;
}

bool capi_fd_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

double capi_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

enum piglit_result capi_skip(const char *fmt, ...)
{
	va_list ap;

	printf("      skip: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return PIGLIT_SKIP;
}

int capi_failures(void)
{
	return sb_check_failures();
}

static enum sharedbuf_exporter exporter_named(const char *name)
{
	int e = sb_test_exporter_arg(name);

	if (e < 0) {
		fprintf(stderr,
			"usage: cpu-capi udmabuf|heap|vgem [SUBCASE...]\n");
		exit(2);
	}
	return (enum sharedbuf_exporter)e;
}

/* Runs @c, prints its line; returns its result. */
static enum piglit_result run(const struct sub_case *c, struct capi *t)
{
	static const char *const names[] = {"pass", "fail", "skip"};
	int before = sb_check_failures();
	enum piglit_result r;

	r = c->run(t); /* any failure prints its line first */
	if (sb_check_failures() != before)
		r = PIGLIT_FAIL;
	printf("%s: %s\n", c->name, names[r]);
	fflush(stdout);
	return r;
}

static const struct sub_case *case_named(const char *name)
{
	for (unsigned i = 0; i < NUM_CASES; i++) {
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	}
	fprintf(stderr, "no sub-case \"%s\"\n", name);
	exit(2);
}

int main(int argc, char **argv)
{
	struct capi t = {.exporter = exporter_named(argv[1 % argc])};
	unsigned counts[3] = {0};
	char why[128];

	if (!sb_test_exporter_present(t.exporter, why, sizeof(why)))
		piglit_skip("%s", why);
	t.vgem = sb_test_vgem_open();
	t.cycles = DEFAULT_CYCLES;
	if (argc > 2 && strcmp(argv[2], "cycles") == 0) {
		if (argc > 3)
			t.cycles = strtol(argv[3], NULL, 0);
		counts[run(case_named("cycles"), &t)]++;
	} else if (argc > 2) {
		for (int i = 2; i < argc; i++)
			counts[run(case_named(argv[i]), &t)]++;
	} else {
		for (unsigned i = 0; i < NUM_CASES; i++) {
			if (!cases[i].by_name_only)
				counts[run(&cases[i], &t)]++;
		}
	}
	sb_test_vgem_close(t.vgem);
	printf("%u passed, %u failed, %u skipped\n", counts[PIGLIT_PASS],
	       counts[PIGLIT_FAIL], counts[PIGLIT_SKIP]);
	if (counts[PIGLIT_FAIL])
		piglit_fail("%u sub-cases failed", counts[PIGLIT_FAIL]);
	if (!counts[PIGLIT_PASS])
		piglit_skip("every sub-case skipped");
	piglit_report_result(PIGLIT_PASS);
}

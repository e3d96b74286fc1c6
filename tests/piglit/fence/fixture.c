/* SPDX-License-Identifier: MIT */
#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <drm_fourcc.h>

#include "egl_env.h"
#include "piglit.h"
#include "vgem.h"

#define W 64
#define H 32

enum sharedbuf_exporter fixture_exporter(const char *name)
{
	int e = sb_test_exporter_arg(name);

	if (e < 0) {
		fprintf(stderr, "exporter: udmabuf, heap or vgem\n");
		exit(2);
	}
	return (enum sharedbuf_exporter)e;
}

static void alloc(struct fixture *f, struct sharedbuf_buffer *buf)
{
	enum sharedbuf_result r = sharedbuf_buffer_alloc(
		f->exporter, W, H, DRM_FORMAT_XRGB8888, buf);

	if (r != SHAREDBUF_OK)
		piglit_fail("allocate from %s: %s",
			    sharedbuf_exporter_name(f->exporter),
			    sharedbuf_result_str(r));
}

void fixture_init(struct fixture *f, enum sharedbuf_exporter exporter)
{
	char why[128];

	f->exporter = exporter;
	if (!sb_test_exporter_present(exporter, why, sizeof(why)))
		piglit_skip("%s", why);
	f->vgem = sb_test_vgem_open();
	if (f->vgem < 0)
		piglit_skip("no vgem card: its fences stand for pending work");
	alloc(f, &f->a);
	alloc(f, &f->b);
	f->fds = piglit_count_fds();
}

_Noreturn void fixture_finish(struct fixture *f)
{
	int fds = piglit_count_fds();

	expect(fds == f->fds,
	       "%d fds open, %d before: a call leaked or "
	       "closed one",
	       fds, f->fds);
	sharedbuf_buffer_finish(&f->a);
	sharedbuf_buffer_finish(&f->b);
	sb_test_vgem_close(f->vgem);
	if (sb_check_failures())
		piglit_fail("%d checks failed", sb_check_failures());
	piglit_report_result(PIGLIT_PASS);
}

uint32_t fence_attach(struct fixture *f, int dmabuf_fd, bool write)
{
	uint32_t fence;

	if (!sb_test_vgem_fence_attach(f->vgem, dmabuf_fd, write, &fence))
		piglit_fail("vgem: attach a %s fence to a %s buffer: %m",
			    write ? "write" : "read",
			    sharedbuf_exporter_name(f->exporter));
	return fence;
}

void fence_signal(struct fixture *f, uint32_t fence)
{
	if (!sb_test_vgem_fence_signal(f->vgem, fence))
		piglit_fail("vgem: signal fence %u: %m", fence);
}

int export_ok(int dmabuf_fd, uint32_t access)
{
	int fd = -1;
	enum sharedbuf_result r =
		sharedbuf_fence_export(dmabuf_fd, access, &fd);

	if (r != SHAREDBUF_OK || fd < 0)
		piglit_fail("sharedbuf_fence_export(access %u): %s", access,
			    sharedbuf_result_str(r));
	return fd;
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* SPDX-License-Identifier: MIT */
/*
 * fence-invalid: every fence call refuses bad arguments with
 * SHAREDBUF_ERR_INVALID (or -1 and errno), leaves out-parameters at -1,
 * neither blocks nor crashes, and opens or closes no fd.
 *
 * include/sharedbuf/fence.h:
 *   "*@sync_fd is -1 on failure."
 *   "1 when @sync_fd has signalled, 0 while pending, -1 on error (errno:
 *    EINVAL for an fd that is not a sync_file [...])"
 *
 * usage: fence-invalid udmabuf|heap|vgem
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "fixture.h"
#include "piglit.h"

#define READ SHAREDBUF_ACCESS_READ
#define WRIT SHAREDBUF_ACCESS_WRITE

/* fds that are not what a call wants. */
struct others {
	int pipe_r, pipe_w; /* an empty pipe: a wait on it would block */
	int full_r, full_w; /* a pipe with a byte in it: readable */
	int null;	    /* /dev/null: always ready */
	int closed;	    /* a number that was an fd, far above the rest */
};

static void others_open(struct others *o)
{
	int p[2], q[2];

	if (pipe2(p, O_CLOEXEC) != 0 || pipe2(q, O_CLOEXEC) != 0 ||
	    write(q[1], "x", 1) != 1)
		piglit_fail("pipe2");
	o->pipe_r = p[0], o->pipe_w = p[1];
	o->full_r = q[0], o->full_w = q[1];
	o->null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (o->null < 0)
		piglit_fail("open /dev/null");
	/* High, so that the lowest-free-number rule gives it to no new fd. */
	o->closed = fcntl(o->null, F_DUPFD_CLOEXEC, 900);
	if (o->closed < 0)
		piglit_fail("F_DUPFD_CLOEXEC");
	close(o->closed);
}

static void others_close(struct others *o)
{
	close(o->null);
	close(o->full_w);
	close(o->full_r);
	close(o->pipe_w);
	close(o->pipe_r);
}

/* Before anything worked: a non-dma-buf must not decide the path. */
static void path_first(struct fixture *f, const struct others *o)
{
	int fd = 77;

	expect(sharedbuf_fence_path(o->pipe_r) == SHAREDBUF_FENCE_PATH_POLL,
	       "path of a pipe: nothing can be probed, want POLL");
	expect_result(sharedbuf_fence_export(o->pipe_r, READ, &fd),
		      SHAREDBUF_ERR_INVALID, "export from a pipe");
	expect(fd == -1, "export from a pipe left *sync_fd at %d", fd);
	expect(sharedbuf_fence_path(f->a.fd) == SHAREDBUF_FENCE_PATH_SYNC_FILE,
	       "an ENOTTY from a pipe was taken for an old kernel");
}

static void export_bad(struct fixture *f, const struct others *o, int sync)
{
	const int bad_fds[] = {-1, o->closed, o->null, o->pipe_w, sync};
	const uint32_t bad_access[] = {0, 4, READ | 8, 0x80000000u};
	int fd;

	for (unsigned i = 0; i < sizeof(bad_fds) / sizeof(bad_fds[0]); i++) {
		fd = 77;
		expect_result(sharedbuf_fence_export(bad_fds[i], READ, &fd),
			      SHAREDBUF_ERR_INVALID,
			      "export from a non-dma-buf");
		expect(fd == -1, "export %u: *sync_fd left at %d", i, fd);
	}
	for (unsigned i = 0; i < sizeof(bad_access) / sizeof(bad_access[0]);
	     i++) {
		fd = 77;
		expect_result(
			sharedbuf_fence_export(f->a.fd, bad_access[i], &fd),
			SHAREDBUF_ERR_INVALID, "export, bad access");
		expect(fd == -1, "access %#x: *sync_fd left at %d",
		       bad_access[i], fd);
	}
	expect_result(sharedbuf_fence_export(f->a.fd, READ, NULL),
		      SHAREDBUF_ERR_INVALID, "export to NULL");
}

static void import_bad(struct fixture *f, const struct others *o, int sync)
{
	const int bad_sync[] = {-1, o->closed, o->pipe_r, o->null, f->b.fd};
	const int bad_buf[] = {-1, o->closed, o->pipe_r, o->null, sync};

	for (unsigned i = 0; i < sizeof(bad_sync) / sizeof(bad_sync[0]); i++)
		expect_result(
			sharedbuf_fence_import(f->a.fd, bad_sync[i], WRIT),
			SHAREDBUF_ERR_INVALID, "import a non-sync_file");
	for (unsigned i = 0; i < sizeof(bad_buf) / sizeof(bad_buf[0]); i++)
		expect_result(sharedbuf_fence_import(bad_buf[i], sync, READ),
			      SHAREDBUF_ERR_INVALID,
			      "import into a non-dma-buf");
	expect_result(sharedbuf_fence_import(f->a.fd, sync, 0),
		      SHAREDBUF_ERR_INVALID, "import, access 0");
	expect_result(sharedbuf_fence_import(f->a.fd, sync, WRIT | 4),
		      SHAREDBUF_ERR_INVALID, "import, unknown access bit");
}

/* Waits on what is not a sync_file: refused at once, even with no time
 * limit (an empty pipe never becomes readable). */
static void wait_bad(struct fixture *f, const struct others *o, int sync)
{
	const int bad[] = {-1,	      o->closed, o->pipe_r, o->pipe_w,
			   o->full_r, o->null,	 f->a.fd};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_result(sharedbuf_fence_wait(bad[i], 0),
			      SHAREDBUF_ERR_INVALID, "look at a non-sync_file");
		expect_result(sharedbuf_fence_wait(bad[i], SHAREDBUF_FOREVER),
			      SHAREDBUF_ERR_INVALID, "wait on a non-sync_file");
	}
	expect_result(sharedbuf_fence_wait(sync, -1), SHAREDBUF_ERR_INVALID,
		      "negative timeout");
	expect_result(sharedbuf_fence_wait(sync, INT64_MIN),
		      SHAREDBUF_ERR_INVALID, "INT64_MIN timeout");
	expect_result(sharedbuf_fence_wait(sync, INT64_MAX - 1), SHAREDBUF_OK,
		      "a signalled fence, timeout near INT64_MAX");
}

static void dmabuf_wait_bad(struct fixture *f, const struct others *o, int sync)
{
	const int bad[] = {-1, o->closed, o->pipe_r, o->full_r, o->null, sync};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_result(
			sharedbuf_dmabuf_wait(bad[i], READ, SHAREDBUF_FOREVER),
			SHAREDBUF_ERR_INVALID, "dma-buf wait, non-dma-buf");
	expect_result(sharedbuf_dmabuf_wait(f->a.fd, 0, 0),
		      SHAREDBUF_ERR_INVALID, "dma-buf wait, access 0");
	expect_result(sharedbuf_dmabuf_wait(f->a.fd, 16, 0),
		      SHAREDBUF_ERR_INVALID, "dma-buf wait, unknown access");
	expect_result(sharedbuf_dmabuf_wait(f->a.fd, READ, -1),
		      SHAREDBUF_ERR_INVALID, "dma-buf wait, negative timeout");
}

static void merge_bad(struct fixture *f, const struct others *o, int sync)
{
	const int bad[] = {-1, o->closed, o->pipe_r, o->null, f->a.fd};
	int out;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = 77;
		expect_result(sharedbuf_fence_merge(bad[i], sync, "x", &out),
			      SHAREDBUF_ERR_INVALID, "merge, bad first fd");
		expect(out == -1, "merge %u: *out left at %d", i, out);
		out = 77;
		expect_result(sharedbuf_fence_merge(sync, bad[i], "x", &out),
			      SHAREDBUF_ERR_INVALID, "merge, bad second fd");
		expect(out == -1, "merge %u: *out left at %d", i, out);
	}
	expect_result(sharedbuf_fence_merge(sync, sync, "x", NULL),
		      SHAREDBUF_ERR_INVALID, "merge to NULL");
}

static void status_bad(struct fixture *f, const struct others *o)
{
	const int bad[] = {o->pipe_r, o->null, f->a.fd};

	errno = 0;
	expect(sharedbuf_fence_status(-1) == -1 && errno == EBADF,
	       "status of fd -1: want -1, EBADF");
	errno = 0;
	expect(sharedbuf_fence_status(o->closed) == -1 && errno == EBADF,
	       "status of a closed fd: want -1, EBADF");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		expect(sharedbuf_fence_status(bad[i]) == -1 && errno == EINVAL,
		       "status of non-sync_file %u: want -1, EINVAL (%m)", i);
	}
}

int main(int argc, char **argv)
{
	struct fixture f;
	struct others o;
	int sync;

	fixture_init(&f, fixture_exporter(argc > 1 ? argv[1] : NULL));
	others_open(&o);
	f.fds = piglit_count_fds();
	path_first(&f, &o);
	sync = export_ok(f.a.fd, READ); /* signalled */
	export_bad(&f, &o, sync);
	import_bad(&f, &o, sync);
	wait_bad(&f, &o, sync);
	dmabuf_wait_bad(&f, &o, sync);
	merge_bad(&f, &o, sync);
	status_bad(&f, &o);
	close(sync);
	expect(piglit_count_fds() == f.fds, "a refused call leaked an fd");
	others_close(&o);
	f.fds = piglit_count_fds();
	fixture_finish(&f);
}

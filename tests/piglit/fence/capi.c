/* SPDX-License-Identifier: MIT */
/*
 * fence-capi: a dma-buf's implicit fences out and in as sync_files, on each
 * kernel exporter, with vgem fences standing for pending GPU work.
 *
 * include/sharedbuf/fence.h:
 *   "Exports what an access of kind @access to @dmabuf_fd must wait for, as
 *    a new sync_file [...]: READ gives the pending writes, WRITE (or
 *    READ | WRITE) all pending access. With nothing pending the sync_file
 *    is already signalled."
 *   "Adds the fence of @sync_fd to @dmabuf_fd's implicit fences: as a write
 *    when @access has WRITE (later readers and writers wait for it), else as
 *    a read (later writers wait for it)."
 *   "Merges @a and @b into a new sync_file *@out (caller owns) that signals
 *    when both have."
 *
 * usage: fence-capi CASE udmabuf|heap|vgem
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "fixture.h"
#include "piglit.h"

#define MS 1000000LL /* ns */

static bool cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags != -1 && (flags & FD_CLOEXEC);
}

/* A sync_file that must still be pending: status 0, a look times out, and
 * a 50 ms wait times out after no less than 50 ms. */
static void expect_pending(int fd, const char *what)
{
	double t0, ms;

	expect(sharedbuf_fence_status(fd) == 0, "%s: status %d, want 0", what,
	       sharedbuf_fence_status(fd));
	expect_result(sharedbuf_fence_wait(fd, 0), SHAREDBUF_ERR_TIMEOUT, what);
	t0 = now_ms();
	expect_result(sharedbuf_fence_wait(fd, 50 * MS), SHAREDBUF_ERR_TIMEOUT,
		      what);
	ms = now_ms() - t0;
	expect(ms >= 50.0 && ms < 50.0 + SLACK_MS,
	       "%s: a 50 ms wait took %.3f ms", what, ms);
	/* Not a whole number of poll() milliseconds: rounding down would
	 * come back early. */
	t0 = now_ms();
	expect_result(sharedbuf_fence_wait(fd, 10 * MS + MS / 2),
		      SHAREDBUF_ERR_TIMEOUT, what);
	ms = now_ms() - t0;
	expect(ms >= 10.5 && ms < 10.5 + SLACK_MS,
	       "%s: a 10.5 ms wait took %.3f ms", what, ms);
}

/* A sync_file that has signalled, or does so within a second. */
static void expect_signalled(int fd, const char *what)
{
	double t0 = now_ms(), ms;

	expect_result(sharedbuf_fence_wait(fd, 1000 * MS), SHAREDBUF_OK, what);
	ms = now_ms() - t0;
	printf("      %s: signalled after %.3f ms\n", what, ms); /* no goal */
	expect(sharedbuf_fence_status(fd) == 1, "%s: status %d, want 1", what,
	       sharedbuf_fence_status(fd));
	expect_result(sharedbuf_fence_wait(fd, 0), SHAREDBUF_OK, what);
}

/* Nothing pending: every export is a signalled, close-on-exec sync_file. */
static void export_idle(struct fixture *f)
{
	static const uint32_t access[] = {
		SHAREDBUF_ACCESS_READ, SHAREDBUF_ACCESS_WRITE,
		SHAREDBUF_ACCESS_READ | SHAREDBUF_ACCESS_WRITE};

	for (unsigned i = 0; i < sizeof(access) / sizeof(access[0]); i++) {
		int fd = export_ok(f->a.fd, access[i]);

		expect(cloexec(fd), "access %u: sync_file not close-on-exec",
		       access[i]);
		expect_signalled(fd, "export from an idle buffer");
		close(fd);
	}
	expect(sharedbuf_fence_path(f->a.fd) == SHAREDBUF_FENCE_PATH_SYNC_FILE,
	       "an export worked, yet the path is not SYNC_FILE");
}

/* A pending write: readers and writers both get it. */
static void export_write_pending(struct fixture *f)
{
	uint32_t fence = fence_attach(f, f->a.fd, true);
	int r = export_ok(f->a.fd, SHAREDBUF_ACCESS_READ);
	int w = export_ok(f->a.fd, SHAREDBUF_ACCESS_WRITE);
	int later;

	expect_pending(r, "READ export of a pending write");
	expect_pending(w, "WRITE export of a pending write");
	fence_signal(f, fence);
	expect_signalled(r, "READ export after the write signalled");
	expect_signalled(w, "WRITE export after the write signalled");
	later = export_ok(f->a.fd, SHAREDBUF_ACCESS_READ);
	expect_signalled(later, "export after the write signalled");
	close(later);
	close(w);
	close(r);
}

/* A pending read: only writers wait for it. */
static void export_read_pending(struct fixture *f)
{
	uint32_t fence = fence_attach(f, f->a.fd, false);
	int r = export_ok(f->a.fd, SHAREDBUF_ACCESS_READ);
	int w = export_ok(f->a.fd, SHAREDBUF_ACCESS_WRITE);
	int rw = export_ok(f->a.fd,
			   SHAREDBUF_ACCESS_READ | SHAREDBUF_ACCESS_WRITE);

	expect_signalled(r, "READ export of a pending read");
	expect_pending(w, "WRITE export of a pending read");
	expect_pending(rw, "READ|WRITE export of a pending read");
	fence_signal(f, fence);
	expect_signalled(w, "WRITE export after the read signalled");
	expect_signalled(rw, "READ|WRITE export after the read signalled");
	close(rw);
	close(w);
	close(r);
}

/* A's pending write, imported into B as a write: B's readers wait. */
static void import_write(struct fixture *f)
{
	uint32_t fence = fence_attach(f, f->a.fd, true);
	int s = export_ok(f->a.fd, SHAREDBUF_ACCESS_READ);
	int r;

	expect_result(
		sharedbuf_fence_import(f->b.fd, s, SHAREDBUF_ACCESS_WRITE),
		SHAREDBUF_OK, "import a pending write");
	expect(sharedbuf_fence_status(s) == 0, "the import touched @sync_fd");
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_READ, 0),
		      SHAREDBUF_ERR_TIMEOUT,
		      "B: READ wait on an imported write");
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_WRITE, 0),
		      SHAREDBUF_ERR_TIMEOUT,
		      "B: WRITE wait on an imported write");
	r = export_ok(f->b.fd, SHAREDBUF_ACCESS_READ);
	expect_pending(r, "B: READ export of an imported write");
	fence_signal(f, fence);
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_READ,
					    1000 * MS),
		      SHAREDBUF_OK, "B: READ wait after the signal");
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_WRITE, 0),
		      SHAREDBUF_OK, "B: WRITE wait after the signal");
	expect_signalled(r, "B: READ export after the signal");
	close(r);
	close(s);
}

/* A's pending write, imported into B as a read: only B's writers wait. */
static void import_read(struct fixture *f)
{
	uint32_t fence = fence_attach(f, f->a.fd, true);
	int s = export_ok(f->a.fd, SHAREDBUF_ACCESS_READ);
	int r, w;

	expect_result(sharedbuf_fence_import(f->b.fd, s, SHAREDBUF_ACCESS_READ),
		      SHAREDBUF_OK, "import a pending fence as a read");
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_READ, 0),
		      SHAREDBUF_OK, "B: READ wait on an imported read");
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_WRITE, 0),
		      SHAREDBUF_ERR_TIMEOUT,
		      "B: WRITE wait on an imported read");
	r = export_ok(f->b.fd, SHAREDBUF_ACCESS_READ);
	w = export_ok(f->b.fd, SHAREDBUF_ACCESS_WRITE);
	expect_signalled(r, "B: READ export of an imported read");
	expect_pending(w, "B: WRITE export of an imported read");
	fence_signal(f, fence);
	expect_result(sharedbuf_dmabuf_wait(f->b.fd, SHAREDBUF_ACCESS_WRITE,
					    1000 * MS),
		      SHAREDBUF_OK, "B: WRITE wait after the signal");
	expect_signalled(w, "B: WRITE export after the signal");
	close(w);
	close(r);
	close(s);
}

static int merge_ok(int a, int b, const char *name)
{
	int out = -1;

	expect_result(sharedbuf_fence_merge(a, b, name, &out), SHAREDBUF_OK,
		      "merge");
	expect(out >= 0 && cloexec(out), "merged fd %d not close-on-exec", out);
	return out;
}

/* A merge signals when both halves have. */
static void merge(struct fixture *f)
{
	uint32_t fence = fence_attach(f, f->a.fd, true);
	int pending = export_ok(f->a.fd, SHAREDBUF_ACCESS_READ);
	int done = export_ok(f->b.fd, SHAREDBUF_ACCESS_READ);
	int m1 = merge_ok(pending, done, "pending+done");
	int m2 = merge_ok(done, pending, NULL);
	int m3 = merge_ok(done, done,
			  "a name far longer than the kernel's "
			  "thirty-one bytes");

	expect_pending(m1, "pending merged with signalled");
	expect_pending(m2, "signalled merged with pending");
	expect_signalled(m3, "signalled merged with signalled");
	fence_signal(f, fence);
	expect_signalled(m1, "merge after both signalled");
	expect_signalled(m2, "merge after both signalled");
	close(m3);
	close(m2);
	close(m1);
	close(done);
	close(pending);
}

struct test_case {
	const char *name;
	void (*run)(struct fixture *f);
};

static const struct test_case cases[] = {
	{"export-idle", export_idle},
	{"export-write-pending", export_write_pending},
	{"export-read-pending", export_read_pending},
	{"import-write", import_write},
	{"import-read", import_read},
	{"merge", merge},
};

int main(int argc, char **argv)
{
	int i = piglit_find_case(argc, argv, cases,
				 sizeof(cases) / sizeof(cases[0]),
				 sizeof(cases[0]));
	struct fixture f;

	fixture_init(&f, fixture_exporter(argc > 2 ? argv[2] : NULL));
	cases[i].run(&f);
	fixture_finish(&f);
}

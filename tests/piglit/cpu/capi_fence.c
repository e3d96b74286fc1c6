/* SPDX-License-Identifier: MIT */
/*
 * cpu-capi: the waits of a lock. vgem fences stand for pending device
 * work on any exporter's buffer (src/util/vgem.h).
 *
 *   "(1) waits for an optional acquire fence, (2) waits for the buffer's
 *    implicit fences that the access must wait for (readers wait for
 *    writers, writers for everyone), both within one timeout"
 *   "SHAREDBUF_ERR_TIMEOUT (a fence did not signal in time; nothing
 *    changed)"
 */
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "capi.h"
#include "vgem.h"

#define RD	  SHAREDBUF_ACCESS_READ
#define WR	  SHAREDBUF_ACCESS_WRITE
#define NS_PER_MS 1000000LL
#define SLACK_MS  1000.0 /* what a wait may overrun here: TCG is slow */
#define SOON	  (1000 * NS_PER_MS)

static bool attach(struct capi *t, int fd, bool write, uint32_t *fence)
{
	return expect(sb_test_vgem_fence_attach(t->vgem, fd, write, fence),
		      "vgem: attach a %s fence: %m", write ? "write" : "read");
}

static void signal_fence(struct capi *t, uint32_t fence)
{
	expect(sb_test_vgem_fence_signal(t->vgem, fence),
	       "vgem: signal fence %u: %m", fence);
}

/* A lock of plane 0 that must time out after @ms, no sooner, and leave
 * the plane unlocked and the acquire fd open. */
static void times_out(struct sharedbuf_cpu_image *img, uint32_t access,
		      int acquire_fd, int ms, const char *what)
{
	double start = capi_now_ms(), took;
	void *p = NULL;
	enum sharedbuf_result r =
		capi_lock(img, 0, access, acquire_fd, ms * NS_PER_MS, &p);

	took = capi_now_ms() - start;
	expect_result(r, SHAREDBUF_ERR_TIMEOUT, what);
	expect(took >= ms && took < ms + SLACK_MS,
	       "%s: returned after %.1f ms, timeout %d ms", what, took, ms);
	expect(p == NULL, "%s: *data written", what);
	expect_result(sharedbuf_cpu_unlock(img, 0, NULL),
		      SHAREDBUF_ERR_NOT_LOCKED, "unlock after a timeout");
	expect(acquire_fd < 0 || capi_fd_open(acquire_fd),
	       "%s: the acquire fd was closed by a failed lock", what);
}

/* A lock of plane 0 that must succeed, then its unlock. */
static void locks(struct sharedbuf_cpu_image *img, uint32_t access,
		  int64_t timeout_ns, const char *what)
{
	void *p = NULL;

	if (expect_result(capi_lock(img, 0, access, -1, timeout_ns, &p),
			  SHAREDBUF_OK, what))
		sharedbuf_cpu_unlock(img, 0, NULL);
}

/* An image on a fresh buffer; NULL when there is no vgem to test with. */
static struct sharedbuf_cpu_image *setup(struct capi *t,
					 struct sharedbuf_buffer *buf)
{
	struct sharedbuf_image_layout l;

	if (t->vgem < 0)
		return NULL;
	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, buf);
	capi_layout(buf, &l);
	return capi_create(&l);
}

static void finish(struct sharedbuf_cpu_image *img,
		   struct sharedbuf_buffer *buf)
{
	sharedbuf_cpu_image_destroy(img);
	sharedbuf_buffer_finish(buf);
}

#define NO_VGEM "no vgem card: its fences stand for pending work"

/* A pending write: readers and writers wait. */
enum piglit_result case_implicit_write(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_cpu_image *img = setup(t, &buf);
	uint32_t fence;

	if (!img)
		return capi_skip(NO_VGEM);
	if (attach(t, buf.fd, true, &fence)) {
		times_out(img, RD, -1, 50, "READ, write pending, 50 ms");
		times_out(img, WR, -1, 0, "WRITE, write pending, 0 ms");
		signal_fence(t, fence);
		locks(img, RD, SOON, "READ after the signal");
	}
	finish(img, &buf);
	return PIGLIT_PASS;
}

/* A pending read: readers pass, writers wait. */
enum piglit_result case_implicit_read(struct capi *t)
{
	struct sharedbuf_buffer buf;
	struct sharedbuf_cpu_image *img = setup(t, &buf);
	uint32_t fence;

	if (!img)
		return capi_skip(NO_VGEM);
	if (attach(t, buf.fd, false, &fence)) {
		locks(img, RD, 0, "READ, read pending, 0 ms");
		times_out(img, WR, -1, 50, "WRITE, read pending, 50 ms");
		signal_fence(t, fence);
		locks(img, WR, SOON, "WRITE after the signal");
	}
	finish(img, &buf);
	return PIGLIT_PASS;
}

/* A lock with @acquire_fd that must succeed and close it. */
static void locks_closing(struct sharedbuf_cpu_image *img, int acquire_fd,
			  int64_t timeout_ns)
{
	void *p = NULL;
	enum sharedbuf_result r =
		capi_lock(img, 0, RD, acquire_fd, timeout_ns, &p);

	expect_result(r, SHAREDBUF_OK, "READ with a signalled acquire fence");
	expect(!capi_fd_open(acquire_fd), "a lock kept the acquire fd open");
	if (r != SHAREDBUF_OK)
		close(acquire_fd);
	else
		sharedbuf_cpu_unlock(img, 0, NULL);
}

/* "acquire_fd: sync_file to wait for first, or -1. On success the lock
 * closes it; on failure it stays the caller's." */
enum piglit_result case_acquire(struct capi *t)
{
	struct sharedbuf_buffer buf, src;
	struct sharedbuf_cpu_image *img = setup(t, &buf);
	uint32_t fence, mine;
	int sync = -1, pipes[2];

	if (!img)
		return capi_skip(NO_VGEM);
	expect(pipe2(pipes, O_CLOEXEC) == 0, "pipe2: %m");
	expect_result(capi_lock(img, 0, RD, pipes[0], SOON, &(void *){NULL}),
		      SHAREDBUF_ERR_INVALID, "acquire fd a pipe");
	expect(capi_fd_open(pipes[0]), "a refused lock closed the pipe");
	close(pipes[0]), close(pipes[1]);

	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &src);
	if (!attach(t, src.fd, true, &fence))
		goto out;
	expect_result(sharedbuf_fence_export(src.fd, RD, &sync), SHAREDBUF_OK,
		      "export the pending write");
	times_out(img, RD, sync, 50, "acquire fence pending, 50 ms");
	signal_fence(t, fence);
	/* The acquire fence passes, the buffer's own write does not. */
	if (attach(t, buf.fd, true, &mine)) {
		times_out(img, RD, sync, 50,
			  "acquire signalled, write pending");
		signal_fence(t, mine);
	}
	locks_closing(img, sync, SOON);
out:
	sharedbuf_buffer_finish(&src);
	finish(img, &buf);
	return PIGLIT_PASS;
}

struct later {
	int vgem;
	uint32_t fence;
	int ms;
};

static void *signal_later(void *arg)
{
	const struct later *l = arg;
	struct timespec ts = {l->ms / 1000, (l->ms % 1000) * NS_PER_MS};

	nanosleep(&ts, NULL);
	sb_test_vgem_fence_signal(l->vgem, l->fence);
	return NULL;
}

/* "both within one timeout": the acquire fence signals at 800 ms, the
 * buffer's write never; a 1000 ms lock ends at 1000 ms, not 1800. */
enum piglit_result case_one_deadline(struct capi *t)
{
	struct sharedbuf_buffer buf, src;
	struct sharedbuf_cpu_image *img = setup(t, &buf);
	struct later later = {.vgem = t->vgem, .ms = 800};
	double start, took;
	uint32_t mine;
	pthread_t th;
	int sync = -1;
	void *p = NULL;

	if (!img)
		return capi_skip(NO_VGEM);
	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &src);
	if (!attach(t, src.fd, true, &later.fence) ||
	    !attach(t, buf.fd, true, &mine))
		goto out;
	sharedbuf_fence_export(src.fd, RD, &sync);
	start = capi_now_ms();
	pthread_create(&th, NULL, signal_later, &later);
	expect_result(capi_lock(img, 0, RD, sync, 1000 * NS_PER_MS, &p),
		      SHAREDBUF_ERR_TIMEOUT, "acquire at 800 ms, write never");
	took = capi_now_ms() - start;
	pthread_join(th, NULL);
	expect(took >= 1000 && took < 1400,
	       "timed out after %.0f ms, want 1000 (1800: two timeouts)", took);
	signal_fence(t, mine);
	close(sync);
out:
	sharedbuf_buffer_finish(&src);
	finish(img, &buf);
	return PIGLIT_PASS;
}

/* SHAREDBUF_FOREVER: the implicit wait is left to SYNC(START), which
 * must still wait for the write (and the acquire fence) to signal. */
enum piglit_result case_forever(struct capi *t)
{
	struct sharedbuf_buffer buf, src;
	struct sharedbuf_cpu_image *img = setup(t, &buf);
	struct later mine = {.vgem = t->vgem, .ms = 300};
	struct later acq = {.vgem = t->vgem, .ms = 600};
	pthread_t th[2];
	double start;
	int sync = -1;

	if (!img)
		return capi_skip(NO_VGEM);
	capi_alloc(t, CAPI_W, CAPI_H, DRM_FORMAT_XRGB8888, &src);
	if (!attach(t, buf.fd, true, &mine.fence))
		goto out;
	start = capi_now_ms();
	pthread_create(&th[0], NULL, signal_later, &mine);
	locks(img, RD, SHAREDBUF_FOREVER, "READ, write pending, forever");
	expect(capi_now_ms() - start >= 300,
	       "a lock without a limit took %.0f ms, the write 300",
	       capi_now_ms() - start);
	pthread_join(th[0], NULL);

	if (!attach(t, src.fd, true, &acq.fence))
		goto out;
	sharedbuf_fence_export(src.fd, RD, &sync);
	start = capi_now_ms();
	pthread_create(&th[1], NULL, signal_later, &acq);
	locks_closing(img, sync, SHAREDBUF_FOREVER);
	expect(capi_now_ms() - start >= 600,
	       "a lock without a limit took %.0f ms, the acquire fence 600",
	       capi_now_ms() - start);
	pthread_join(th[1], NULL);
out:
	sharedbuf_buffer_finish(&src);
	finish(img, &buf);
	return PIGLIT_PASS;
}

/* SPDX-License-Identifier: MIT */
/*
 * fence-wait: waits with timeouts, on sync_files and on the dma-buf itself
 * (the poll path every kernel has), and the path choice.
 *
 * include/sharedbuf/fence.h:
 *   "Waits until an access of kind @access to @dmabuf_fd need not wait any
 *    more (poll() on the dma-buf: POLLIN for READ, POLLOUT for WRITE), or
 *    @timeout_ns passes. Works on every kernel with dma-buf."
 *   "Every call retries EINTR and EAGAIN."
 *   "SHAREDBUF_FENCE_PATH=poll in the environment forces POLL, to test the
 *    fallback on new kernels."
 *
 * usage: fence-wait CASE udmabuf|heap|vgem
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "piglit.h"

#define MS   1000000LL /* ns */
#define READ SHAREDBUF_ACCESS_READ
#define WRIT SHAREDBUF_ACCESS_WRITE

/* sharedbuf_dmabuf_wait(@access, @ms) must time out, after >= @ms. */
static void expect_busy(struct fixture *f, uint32_t access, double ms,
			const char *what)
{
	double t0 = now_ms(), took;

	expect_result(
		sharedbuf_dmabuf_wait(f->a.fd, access, (int64_t)(ms * MS)),
		SHAREDBUF_ERR_TIMEOUT, what);
	took = now_ms() - t0;
	expect(took >= ms && took < ms + SLACK_MS,
	       "%s: a %.3f ms wait took %.3f ms", what, ms, took);
}

static void expect_idle(struct fixture *f, uint32_t access, const char *what)
{
	double t0 = now_ms(), took;

	expect_result(sharedbuf_dmabuf_wait(f->a.fd, access, 1000 * MS),
		      SHAREDBUF_OK, what);
	took = now_ms() - t0;
	printf("      %s: ready after %.3f ms\n", what, took); /* no goal */
}

/* poll() on the dma-buf: readers wait for writes, writers for all. */
static void dmabuf_wait(struct fixture *f)
{
	uint32_t fence;

	expect_idle(f, READ, "READ on an idle buffer");
	expect_idle(f, WRIT, "WRITE on an idle buffer");
	fence = fence_attach(f, f->a.fd, true);
	expect_busy(f, READ, 0, "READ look at a pending write");
	expect_busy(f, WRIT, 0, "WRITE look at a pending write");
	expect_busy(f, READ | WRIT, 0, "READ|WRITE look at a pending write");
	expect_busy(f, READ, 50, "READ wait on a pending write");
	fence_signal(f, fence);
	expect_idle(f, READ, "READ after the write signalled");
	expect_idle(f, WRIT, "WRITE after the write signalled");

	fence = fence_attach(f, f->a.fd, false);
	expect_idle(f, READ, "READ on a pending read");
	expect_busy(f, WRIT, 0, "WRITE look at a pending read");
	expect_busy(f, WRIT, 30.25, "WRITE wait on a pending read");
	expect_busy(f, READ | WRIT, 0, "READ|WRITE look at a pending read");
	fence_signal(f, fence);
	expect_idle(f, WRIT, "WRITE after the read signalled");
}

struct signaller {
	struct fixture *f;
	uint32_t fence;
	int after_ms;
};

static void *signal_later(void *arg)
{
	const struct signaller *s = arg;
	struct timespec ts = {0, s->after_ms * 1000000L};

	nanosleep(&ts, NULL);
	fence_signal(s->f, s->fence);
	return NULL;
}

/* Waits with no limit, or a long one, end when another thread signals. */
static void wait_forever(struct fixture *f)
{
	static const int64_t timeouts[] = {SHAREDBUF_FOREVER, 5000 * MS};

	for (int i = 0; i < 4; i++) {
		struct signaller s = {f, fence_attach(f, f->a.fd, true), 50};
		int fd = i < 2 ? export_ok(f->a.fd, READ) : -1;
		int64_t timeout = timeouts[i % 2];
		enum sharedbuf_result r;
		double t0 = now_ms(), took;
		pthread_t t;

		if (pthread_create(&t, NULL, signal_later, &s) != 0)
			piglit_fail("pthread_create");
		r = fd >= 0 ? sharedbuf_fence_wait(fd, timeout)
			    : sharedbuf_dmabuf_wait(f->a.fd, READ, timeout);
		took = now_ms() - t0;
		pthread_join(t, NULL);
		expect_result(r, SHAREDBUF_OK,
			      fd >= 0 ? "fence wait" : "dma-buf wait");
		/* no sooner than the signal, and woken by it: not when the
		 * vgem fence expired by itself (about 10 s) */
		expect(took >= 45.0 && took < 50.0 + SLACK_MS,
		       "wait %d ended after %.3f ms, the signal came at 50", i,
		       took);
		if (fd >= 0)
			close(fd);
	}
}

static volatile sig_atomic_t alarms;

/* Signals sent: the last comes no sooner than 20 ms x ALARMS = 2 s, so a
 * wait that restarts its whole timeout on EINTR ends after 2.3 s at the
 * earliest, however slow the machine; a right one after 300 ms. */
#define ALARMS 100

static void on_alarm(int sig)
{
	(void)sig;
	if (++alarms == ALARMS) /* then stop */
		setitimer(ITIMER_REAL, &(struct itimerval){0}, NULL);
}

/* Times a 300 ms wait while SIGALRM (no SA_RESTART) interrupts it every
 * 20 ms: it must end no sooner, and before a restarting wait could. */
static void timed_under_signals(struct fixture *f, int fd)
{
	struct itimerval every = {{0, 20000}, {0, 20000}};
	enum sharedbuf_result r;
	double t0, took;

	alarms = 0;
	t0 = now_ms();
	setitimer(ITIMER_REAL, &every, NULL);
	r = fd >= 0 ? sharedbuf_fence_wait(fd, 300 * MS)
		    : sharedbuf_dmabuf_wait(f->a.fd, READ, 300 * MS);
	took = now_ms() - t0;
	setitimer(ITIMER_REAL, &(struct itimerval){0}, NULL);
	expect_result(r, SHAREDBUF_ERR_TIMEOUT, "a wait under signals");
	/* 15 come on an idle machine; a loaded one delivers fewer (the
	 * timer's expiries merge while the guest is descheduled), but one
	 * interrupted wait is a test */
	expect(alarms >= 1, "no signal came: nothing was tested");
	expect(took >= 300.0 && took < 300.0 + 20.0 * ALARMS,
	       "a 300 ms wait under %d signals took %.3f ms", (int)alarms,
	       took);
}

/* EINTR: retried with the time left, never returned, never restarted. */
static void wait_eintr(struct fixture *f)
{
	struct sigaction sa = {.sa_handler = on_alarm}; /* no SA_RESTART */
	uint32_t fence;
	int fd;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	fence = fence_attach(f, f->a.fd, true);
	fd = export_ok(f->a.fd, READ);
	timed_under_signals(f, fd);
	timed_under_signals(f, -1);
	fence_signal(f, fence);
	expect_result(sharedbuf_fence_wait(fd, 0), SHAREDBUF_OK,
		      "fence wait after the signal");
	close(fd);
}

/* The first question about the path probes the kernel, once; an unknown
 * SHAREDBUF_FENCE_PATH value changes nothing. */
static void path_probe(struct fixture *f)
{
	int fds = piglit_count_fds();

	setenv("SHAREDBUF_FENCE_PATH", "sync_file", 1);
	expect(sharedbuf_fence_path(f->a.fd) == SHAREDBUF_FENCE_PATH_SYNC_FILE,
	       "Linux 6.12 has EXPORT_SYNC_FILE, yet the path is POLL");
	expect(piglit_count_fds() == fds, "the probe left an fd open");
	expect(sharedbuf_fence_path(-1) == SHAREDBUF_FENCE_PATH_SYNC_FILE,
	       "the path was not recorded for the process");
}

/* SHAREDBUF_FENCE_PATH=poll, set before the first call: no sync_file
 * ioctl, and the dma-buf waits still work. */
static void forced_poll(struct fixture *f)
{
	int fd = 12345, pipefd[2];
	uint32_t fence;

	setenv("SHAREDBUF_FENCE_PATH", "poll", 1);
	if (pipe(pipefd) != 0)
		piglit_fail("pipe");
	expect(sharedbuf_fence_path(f->a.fd) == SHAREDBUF_FENCE_PATH_POLL,
	       "SHAREDBUF_FENCE_PATH=poll, yet the path is SYNC_FILE");
	expect_result(sharedbuf_fence_export(f->a.fd, READ, &fd),
		      SHAREDBUF_ERR_UNSUPPORTED, "export on the poll path");
	expect(fd == -1, "a failed export left *sync_fd at %d", fd);
	/* Any fd will do: the path is checked before the fd. */
	expect_result(sharedbuf_fence_import(f->a.fd, pipefd[0], READ),
		      SHAREDBUF_ERR_UNSUPPORTED, "import on the poll path");
	fence = fence_attach(f, f->a.fd, true);
	expect_busy(f, READ, 20, "READ wait on a pending write, poll path");
	fence_signal(f, fence);
	expect_idle(f, READ, "READ after the signal, poll path");
	expect(sharedbuf_fence_path(f->a.fd) == SHAREDBUF_FENCE_PATH_POLL,
	       "the forced path changed");
	close(pipefd[0]);
	close(pipefd[1]);
}

struct test_case {
	const char *name;
	void (*run)(struct fixture *f);
};

static const struct test_case cases[] = {
	{"dmabuf-wait", dmabuf_wait}, {"wait-forever", wait_forever},
	{"wait-eintr", wait_eintr},   {"path-probe", path_probe},
	{"forced-poll", forced_poll},
};

int main(int argc, char **argv)
{
	int i = piglit_find_case(argc, argv, cases,
				 sizeof(cases) / sizeof(cases[0]),
				 sizeof(cases[0]));
	struct fixture f;

	/* Each case is its own process: nothing has asked for the path. */
	unsetenv("SHAREDBUF_FENCE_PATH");
	fixture_init(&f, fixture_exporter(argc > 2 ? argv[2] : NULL));
	cases[i].run(&f);
	fixture_finish(&f);
}

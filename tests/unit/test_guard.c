/* SPDX-License-Identifier: MIT */
/*
 * guard@CASE: the SIGBUS guard of guarded CPU locks (guard.h, map.h) on
 * mappings that really fault: a memfd mapped MAP_SHARED, then truncated,
 * so the kernel raises SIGBUS on the next access. No exporter in the
 * guest can make a dma-buf page fault (udmabuf pins its memfd's pages,
 * the system heap and vgem pin theirs; image-cpu-guard@udmabuf checks
 * the first), so the guard is tested here, on the host's kernel and on
 * the guest's.
 *
 * include/sharedbuf/cpu.h, SHAREDBUF_LOCK_GUARDED:
 *   "A page of it that faults [...] then does not kill the process: the
 *    whole mapping is replaced by zero pages (reads see zeros, writes are
 *    lost), the access goes on, and the unlock returns
 *    SHAREDBUF_ERR_FAULT. The dma-buf is mapped again at the next lock.
 *    [...] passes every other SIGBUS on to the handler or default action
 *    that was there before"
 *
 * Cases that must end a process run in a forked child.
 * usage: test-guard [CASE]
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guard.h"
#include "map.h"
#include "piglit.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGES	      4

static long page;

#define expect(ok, ...)                                                \
	((ok) ? true                                                   \
	      : (printf("  line %d: ", __LINE__), printf(__VA_ARGS__), \
		 printf("\n"), false))

/* A memfd of PAGES pages, each filled with @fill; -1 on failure. */
static int memfd(unsigned char fill)
{
	int fd = memfd_create("guard", MFD_CLOEXEC);
	unsigned char *buf = malloc((size_t)page * PAGES);

	if (fd < 0 || !buf || ftruncate(fd, page * PAGES) != 0) {
		perror("memfd");
		exit(1);
	}
	memset(buf, fill, (size_t)page * PAGES);
	if (pwrite(fd, buf, (size_t)page * PAGES, 0) != page * PAGES) {
		perror("pwrite");
		exit(1);
	}
	free(buf);
	return fd;
}

/* Reads one byte of every page of @p, which @n pages long. */
static bool pages_are(const volatile unsigned char *p, int n,
		      unsigned char want)
{
	for (int i = 0; i < n; i++) {
		if (!expect(p[(long)i * page + 7] == want,
			    "page %d reads %u, not %u", i,
			    p[(long)i * page + 7], want))
			return false;
	}
	return true;
}

/* A map set over one memfd, as a CPU image makes it for one dma-buf. */
struct fixture {
	int fd;
	struct sb_map_set set;
	struct sb_map *m;
	unsigned char *base;
};

static bool fixture_init(struct fixture *f, unsigned char fill)
{
	f->fd = memfd(fill);
	if (!expect(sb_map_set_init(&f->set, &f->fd, 1) == SHAREDBUF_OK,
		    "sb_map_set_init"))
		return false;
	f->m = sb_map_set_plane(&f->set, 0);
	return expect(sb_map_get(f->m, &f->base) == SHAREDBUF_OK, "sb_map_get");
}

static void fixture_finish(struct fixture *f)
{
	sb_map_set_finish(&f->set);
	close(f->fd);
}

/* A fault inside the guard: zeros, writes go on, end says so; the
 * mapping is made again at the same address and sees the file. */
static bool fault_caught(void)
{
	struct fixture f;
	unsigned char *again;
	int slot;

	if (!fixture_init(&f, 0xa5))
		return false;
	if (!expect(sb_guard_begin(f.base, f.m->size, &slot) == SHAREDBUF_OK,
		    "sb_guard_begin"))
		return false;
	if (!pages_are(f.base, PAGES, 0xa5))
		return false;
	if (!expect(ftruncate(f.fd, 0) == 0, "truncate"))
		return false;
	/* the kernel raises SIGBUS here; the guard swaps in zero pages */
	if (!pages_are(f.base, PAGES, 0))
		return false;
	f.base[page + 1] = 1; /* a write goes on too */
	if (!expect(sb_guard_end(slot), "the fault was not reported"))
		return false;
	sb_map_set_stale(f.m);
	/* the client puts pages back: the next lock sees them */
	if (!expect(ftruncate(f.fd, page * PAGES) == 0, "grow"))
		return false;
	memset(f.base, 0, 1); /* still the zero pages, no fault */
	if (!expect(pwrite(f.fd, "\x3c", 1, 7) == 1, "pwrite"))
		return false;
	if (!expect(sb_map_get(f.m, &again) == SHAREDBUF_OK && again == f.base,
		    "mapped again at %p, not %p", (void *)again,
		    (void *)f.base))
		return false;
	if (!expect(!sb_map_stale(f.m), "still stale") ||
	    !expect(f.base[7] == 0x3c, "the file's byte reads %u", f.base[7]))
		return false;
	/* a second guard on the same map, no fault: nothing to report */
	if (!expect(sb_guard_begin(f.base, f.m->size, &slot) == SHAREDBUF_OK,
		    "sb_guard_begin again"))
		return false;
	f.base[8] = 2;
	if (!expect(!sb_guard_end(slot), "a fault reported without one"))
		return false;
	fixture_finish(&f);
	return true;
}

/* No fault: the data is the file's, end reports nothing. */
static bool no_fault(void)
{
	struct fixture f;
	int slot;

	if (!fixture_init(&f, 0x11))
		return false;
	if (!expect(sb_guard_begin(f.base, f.m->size, &slot) == SHAREDBUF_OK,
		    "sb_guard_begin"))
		return false;
	bool ok = pages_are(f.base, PAGES, 0x11);
	f.base[0] = 0x22;
	ok = expect(!sb_guard_end(slot), "fault reported") && ok;
	unsigned char b = 0;
	ok = expect(pread(f.fd, &b, 1, 0) == 1 && b == 0x22,
		    "the write did not reach the file (%u)", b) &&
	     ok;
	fixture_finish(&f);
	return ok;
}

/* Two guards over one mapping (two planes of one dma-buf): one fault
 * replaces the mapping, and both report it. */
static bool shared_range(void)
{
	struct fixture f;
	int a, b;

	if (!fixture_init(&f, 0x33))
		return false;
	if (!expect(sb_guard_begin(f.base, f.m->size, &a) == SHAREDBUF_OK &&
			    sb_guard_begin(f.base, f.m->size, &b) ==
				    SHAREDBUF_OK,
		    "sb_guard_begin"))
		return false;
	if (!expect(ftruncate(f.fd, 0) == 0, "truncate"))
		return false;
	bool ok = pages_are(f.base + page * 2, 2, 0);
	ok = expect(sb_guard_end(a), "first guard: no fault") && ok;
	ok = expect(sb_guard_end(b), "second guard: no fault") && ok;
	fixture_finish(&f);
	return ok;
}

static void *touch(void *p)
{
	return (void *)(uintptr_t)pages_are(p, PAGES, 0);
}

/* The guard is the mapping's, not the thread's: a worker's fault is
 * caught too. */
static bool other_thread(void)
{
	struct fixture f;
	pthread_t th;
	void *ok;
	int slot;

	if (!fixture_init(&f, 0x44))
		return false;
	if (!expect(sb_guard_begin(f.base, f.m->size, &slot) == SHAREDBUF_OK,
		    "sb_guard_begin"))
		return false;
	if (!expect(ftruncate(f.fd, 0) == 0, "truncate"))
		return false;
	if (!expect(pthread_create(&th, NULL, touch, f.base) == 0, "thread"))
		return false;
	pthread_join(th, &ok);
	bool faulted = sb_guard_end(slot);
	fixture_finish(&f);
	return expect(ok, "the worker read no zeros") &&
	       expect(faulted, "the worker's fault was not reported");
}

/* The table is finite: one guard too many is refused, not overwritten. */
static bool slots_full(void)
{
	static int slot[SB_GUARD_SLOTS];
	static char mem[64];
	int extra;
	bool ok;

	for (int i = 0; i < SB_GUARD_SLOTS; i++) {
		if (!expect(sb_guard_begin(mem, sizeof(mem), &slot[i]) ==
				    SHAREDBUF_OK,
			    "guard %d", i))
			return false;
	}
	ok = expect(sb_guard_begin(mem, sizeof(mem), &extra) ==
			    SHAREDBUF_ERR_NO_MEMORY,
		    "guard %d accepted", SB_GUARD_SLOTS);
	for (int i = 0; i < SB_GUARD_SLOTS; i++)
		ok = expect(!sb_guard_end(slot[i]), "slot %d faulted", i) && ok;
	ok = expect(sb_guard_begin(mem, sizeof(mem), &extra) == SHAREDBUF_OK,
		    "a freed slot is not reused") &&
	     ok;
	sb_guard_end(extra);
	return ok;
}

/* --- children: what a SIGBUS outside every guard does ------------------ */

/* A MAP_SHARED page of a truncated memfd: touching it faults. */
static volatile unsigned char *faulting_page(void)
{
	int fd = memfd(0);
	void *p = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED || ftruncate(fd, 0) != 0)
		_exit(3);
	return p;
}

/* Holds a guard on an unrelated memfd mapping, as a compositor would
 * while another bug faults elsewhere. */
static void hold_guard(void)
{
	static struct fixture f;
	int slot;

	if (!fixture_init(&f, 1) ||
	    sb_guard_begin(f.base, f.m->size, &slot) != SHAREDBUF_OK)
		_exit(4);
}

static volatile void *expected_addr;

static void app_handler(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	_exit(sig == SIGBUS && info->si_addr == expected_addr ? 42 : 43);
}

static void install_app_handler(void)
{
	struct sigaction sa = {.sa_sigaction = app_handler,
			       .sa_flags = SA_SIGINFO};

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) != 0)
		_exit(5);
}

/* Child bodies: each ends the process, one way or another. */
static void child_outside(void)
{
	volatile unsigned char *p = faulting_page();

	hold_guard();
	(void)p[0];
	_exit(0); /* survived: wrong */
}

static void child_chained(void)
{
	volatile unsigned char *p = faulting_page();

	expected_addr = p;
	install_app_handler(); /* the application's, before sharedbuf's */
	hold_guard();
	(void)p[0];
	_exit(0);
}

static void child_replaced(void)
{
	volatile unsigned char *p = faulting_page();
	struct fixture f;
	int slot;

	hold_guard(); /* sharedbuf's first */
	expected_addr = p;
	install_app_handler(); /* then another library's (libwayland's) */
	/* the next guard puts sharedbuf's back, chaining to that one */
	if (!fixture_init(&f, 7) ||
	    sb_guard_begin(f.base, f.m->size, &slot) != SHAREDBUF_OK ||
	    ftruncate(f.fd, 0) != 0)
		_exit(6);
	if (f.base[0] != 0 || !sb_guard_end(slot)) /* caught, not passed on */
		_exit(7);
	(void)p[0];
	_exit(0);
}

/* A handler that passes faults on by calling the one it replaced (as a
 * JVM's does): installed over sharedbuf's, then sharedbuf's over it. */
static struct sigaction saved;

static void calling_handler(int sig, siginfo_t *info, void *ctx)
{
	saved.sa_sigaction(sig, info, ctx);
}

static void child_cycle(void)
{
	volatile unsigned char *p = faulting_page();
	struct sigaction sa = {.sa_sigaction = calling_handler,
			       .sa_flags = SA_SIGINFO};

	hold_guard();
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &saved) != 0 ||
	    !(saved.sa_flags & SA_SIGINFO))
		_exit(8);
	hold_guard(); /* sharedbuf's again, chaining to calling_handler */
	(void)p[0];   /* round and round, unless sharedbuf's sees it */
	_exit(0);
}

static void child_sent(void)
{
	hold_guard();
	raise(SIGBUS);
	_exit(0);
}

/* The exit code of a sanitizer's report (its exitcode option). */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_EXIT_CODE 1
#elif defined(__SANITIZE_THREAD__)
#define SANITIZER_EXIT_CODE 66
#endif

/* SIGBUS's disposition when the test started. */
static struct sigaction original;

/* Runs @body in a child; true if it ended as @want_sig (a signal) or
 * with exit code @want_code. Under ASan or TSan, whose handler was there
 * before sharedbuf's (handle_sigbus=1, their default), a SIGBUS passed on
 * becomes their report and exit code, unless @exact. */
static bool child_ends_as(void (*body)(void), int want_sig, int want_code,
			  bool exact)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		body();
		_exit(0);
	}
	if (!expect(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait"))
		return false;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	if (want_sig == SIGBUS && original.sa_handler != SIG_DFL && !exact) {
		want_sig = 0;
		want_code = SANITIZER_EXIT_CODE;
	}
#endif
	if (want_sig)
		return expect(WIFSIGNALED(status) &&
				      WTERMSIG(status) == want_sig,
			      "child status 0x%x, not killed by signal %d",
			      status, want_sig);
	return expect(WIFEXITED(status) && WEXITSTATUS(status) == want_code,
		      "child status 0x%x, not exit code %d", status, want_code);
}

static bool child_ends(void (*body)(void), int want_sig, int want_code)
{
	return child_ends_as(body, want_sig, want_code, false);
}

static bool outside_kills(void)
{
	return child_ends(child_outside, SIGBUS, 0);
}

static bool outside_chains(void)
{
	return child_ends(child_chained, 0, 42);
}

static bool replaced_handler(void)
{
	return child_ends(child_replaced, 0, 42);
}

/* A fault that comes back to sharedbuf's handler through the handler it
 * passed it to takes the default action, not the stack. */
static bool handler_cycle(void)
{
	return child_ends_as(child_cycle, SIGBUS, 0, true);
}

static bool sent_kills(void)
{
	return child_ends(child_sent, SIGBUS, 0);
}

/* A process that never guards keeps its SIGBUS disposition. */
static bool untouched_until_used(void)
{
	struct sigaction before, after;
	struct fixture f;

	sigaction(SIGBUS, NULL, &before);
	if (!fixture_init(&f, 9))
		return false;
	sigaction(SIGBUS, NULL, &after);
	fixture_finish(&f);
	return expect(before.sa_handler == after.sa_handler &&
			      before.sa_flags == after.sa_flags,
		      "mapping without a guard changed SIGBUS's handler");
}

/* Run only with ASAN_OPTIONS=handle_sigbus=2 (unit@guard-asan-exclusive):
 * ASan keeps SIGBUS for itself and its sigaction() says yes to anyone
 * else; a guard must see that and be refused, not pretend. */
static bool sanitizer_exclusive(void)
{
	struct sigaction after;
	int slot;
	static char mem[64];
	bool ok = expect(sb_guard_begin(mem, sizeof(mem), &slot) ==
				 SHAREDBUF_ERR_UNSUPPORTED,
			 "a guard without its handler");

	sigaction(SIGBUS, NULL, &after);
	return expect(after.sa_handler == original.sa_handler,
		      "SIGBUS's handler changed") &&
	       ok;
}

static const struct {
	const char *name;
	bool (*run)(void);
} cases[] = {
	/* first: nothing may have installed the handler yet */
	{"untouched-until-used", untouched_until_used},
	{"fault-caught", fault_caught},
	{"no-fault", no_fault},
	{"shared-range", shared_range},
	{"other-thread", other_thread},
	{"slots-full", slots_full},
	{"outside-kills", outside_kills},
	{"outside-chains", outside_chains},
	{"replaced-handler", replaced_handler},
	{"sent-kills", sent_kills},
	{"handler-cycle", handler_cycle},
	/* named only: */
	{"sanitizer-exclusive", sanitizer_exclusive},
};

int main(int argc, char **argv)
{
	int first = 0, last = (int)ARRAY_SIZE(cases) - 1, failed = 0;

	page = sysconf(_SC_PAGESIZE);
	sigaction(SIGBUS, NULL, &original);
	if (argc > 1) {
		first = piglit_find_case(argc, argv, cases,
					 (int)ARRAY_SIZE(cases),
					 sizeof(cases[0]));
		last = first + 1;
	}
	for (int i = first; i < last; i++) {
		bool ok = cases[i].run();

		printf("%s: %s\n", cases[i].name, ok ? "pass" : "fail");
		failed += !ok;
	}
	printf("%d passed, %d failed, 0 skipped\n", last - first - failed,
	       failed);
	if (failed)
		piglit_fail("%d guard cases failed", failed);
	piglit_report_result(PIGLIT_PASS);
}

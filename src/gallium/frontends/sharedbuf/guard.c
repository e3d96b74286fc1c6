/* SPDX-License-Identifier: MIT */
/*
 * The SIGBUS guard (guard.h). Each slot of the table is FREE, CLAIMING (an
 * sb_guard_begin() is filling it in), ACTIVE (guarded), HANDLING (the
 * handler of some thread is replacing its pages) or FAULTED (replaced).
 * Whoever moves a slot out of FREE, ACTIVE or FAULTED with a
 * compare-and-swap owns it until it stores the next state, so the
 * handler never replaces a range whose owner has ended the guard (and
 * maybe unmapped it): sb_guard_end() waits while a slot is HANDLING.
 */
#include "guard.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"

_Static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_POINTER_LOCK_FREE == 2 &&
		       ATOMIC_LONG_LOCK_FREE == 2,
	       "the SIGBUS handler needs lock-free atomics");

enum slot_state {
	SLOT_FREE,
	SLOT_CLAIMING,
	SLOT_ACTIVE,
	SLOT_HANDLING,
	SLOT_FAULTED,
};

struct slot {
	atomic_int state; /* enum slot_state */
	atomic_uintptr_t start;
	atomic_size_t len;
};

static struct slot slots[SB_GUARD_SLOTS];

/* The dispositions sharedbuf's handler was installed over, never changed
 * once stored: [0] is the one before the first install (what a SIGBUS
 * sent by kill() gets), *chain the one faults outside every range go
 * to. More than one when another library installed its handler after
 * sharedbuf's and a later guard installed sharedbuf's again over it. */
#define MAX_PREV 8
static struct sigaction prev[MAX_PREV];
static unsigned num_prev; /* under install_mutex */
static _Atomic(const struct sigaction *) chain;
static pthread_mutex_t install_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

/* Threads inside the handler sharedbuf's passed a fault on to: if it
 * calls sharedbuf's back (it saved sharedbuf's as its own previous one,
 * and a later guard installed sharedbuf's over it), the fault has gone
 * round: the default action ends it, instead of a stack overflow. */
#define MAX_PASSING 16
static atomic_int passing[MAX_PASSING]; /* thread ids, 0: free */

static bool contains(const struct slot *s, uintptr_t addr)
{
	uintptr_t start = atomic_load_explicit(&s->start, memory_order_relaxed);
	size_t len = atomic_load_explicit(&s->len, memory_order_relaxed);

	return addr >= start && addr - start < len;
}

static bool take(struct slot *s, int from, int to)
{
	return atomic_compare_exchange_strong_explicit(&s->state, &from, to,
						       memory_order_acq_rel,
						       memory_order_relaxed);
}

/* Marks every other guarded slot whose range holds @addr faulted: the
 * pages they guard were just replaced too (planes sharing a mapping). */
static void mark_others(const struct slot *done, uintptr_t addr)
{
	for (unsigned i = 0; i < SB_GUARD_SLOTS; i++) {
		struct slot *s = &slots[i];

		if (s == done || !take(s, SLOT_ACTIVE, SLOT_HANDLING))
			continue;
		atomic_store_explicit(&s->state,
				      contains(s, addr) ? SLOT_FAULTED
							: SLOT_ACTIVE,
				      memory_order_release);
	}
}

/* Replaces the range of @s, HANDLING, by anonymous zero pages. */
static bool replace(struct slot *s)
{
	void *start =
		(void *)atomic_load_explicit(&s->start, memory_order_relaxed);
	size_t len = atomic_load_explicit(&s->len, memory_order_relaxed);

	return mmap(start, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		    0) != MAP_FAILED;
}

/* True when @addr is in a guarded range, which now holds zero pages: the
 * faulting access may be retried. */
static bool catch_fault(uintptr_t addr)
{
	for (unsigned i = 0; i < SB_GUARD_SLOTS; i++) {
		struct slot *s = &slots[i];
		int st = atomic_load_explicit(&s->state, memory_order_acquire);

		if (st < SLOT_ACTIVE || !contains(s, addr))
			continue;
		if (st == SLOT_HANDLING) {
			/* another thread's fault on the same range */
			while (atomic_load_explicit(&s->state,
						    memory_order_acquire) ==
			       SLOT_HANDLING)
				sched_yield();
			return true;
		}
		/* FAULTED too: the owner may have mapped the file again */
		if (!take(s, st, SLOT_HANDLING)) {
			i--; /* it changed under us: look again */
			continue;
		}
		if (!contains(s, addr)) { /* freed and reused meanwhile */
			atomic_store_explicit(&s->state, st,
					      memory_order_release);
			continue;
		}
		if (!replace(s)) {
			atomic_store_explicit(&s->state, st,
					      memory_order_release);
			return false;
		}
		atomic_store_explicit(&s->state, SLOT_FAULTED,
				      memory_order_release);
		mark_others(s, addr);
		return true;
	}
	return false;
}

/* The slot of passing[] holding thread @tid, or -1. */
static int find_passing(int tid)
{
	for (int i = 0; i < MAX_PASSING; i++) {
		if (atomic_load_explicit(&passing[i], memory_order_relaxed) ==
		    tid)
			return i;
	}
	return -1;
}

/* Calls the handler @p with this thread marked as passing a fault on. */
static void call(const struct sigaction *p, int sig, siginfo_t *info, void *ctx,
		 int tid)
{
	int slot = find_passing(0);

	/* 16 threads at once passing faults on: no loop check for more */
	if (slot >= 0 &&
	    !atomic_compare_exchange_strong(&passing[slot], &(int){0}, tid))
		slot = -1;
	if (p->sa_flags & SA_SIGINFO)
		p->sa_sigaction(sig, info, ctx);
	else
		p->sa_handler(sig);
	if (slot >= 0)
		atomic_store(&passing[slot], 0);
}

/* What SIGBUS would have done without sharedbuf. A signal that is not a
 * fault (kill, raise: si_code <= 0) gets the disposition from before the
 * first install, raised again: chaining it to a handler that re-raises
 * (libwayland's) could go round for ever. */
static void pass_on(int sig, siginfo_t *info, void *ctx)
{
	const struct sigaction *p =
		atomic_load_explicit(&chain, memory_order_acquire);
	int tid = (int)syscall(SYS_gettid);
	bool round = find_passing(tid) >= 0;

	if (info->si_code > 0 && !round && p->sa_handler != SIG_DFL &&
	    p->sa_handler != SIG_IGN) {
		call(p, sig, info, ctx, tid);
		return;
	}
	/* The default action (a fault cannot be ignored): restore it and
	 * raise; the signal, blocked in here, arrives as this returns, with
	 * the registers of the faulting instruction. */
	if (info->si_code > 0 || round) {
		struct sigaction dfl = {.sa_handler = SIG_DFL};

		sigemptyset(&dfl.sa_mask);
		sigaction(sig, &dfl, NULL);
	} else {
		sigaction(sig, &prev[0], NULL);
	}
	raise(sig);
}

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
	int saved = errno;

	if (info->si_code <= 0 || !catch_fault((uintptr_t)info->si_addr))
		pass_on(sig, info, ctx);
	errno = saved;
}

static bool is_ours(const struct sigaction *sa)
{
	return (sa->sa_flags & SA_SIGINFO) && sa->sa_sigaction == on_sigbus;
}

/* The entry of prev[] equal to @sa, stored if new; NULL when full. */
static const struct sigaction *remember(const struct sigaction *sa)
{
	for (unsigned i = 0; i < num_prev; i++) {
		if (prev[i].sa_flags == sa->sa_flags &&
		    prev[i].sa_handler == sa->sa_handler)
			return &prev[i];
	}
	if (num_prev == MAX_PREV)
		return NULL;
	prev[num_prev] = *sa;
	return &prev[num_prev++];
}

/* A child forked while another thread installs gets the mutex free. */
static void lock_install(void)
{
	pthread_mutex_lock(&install_mutex);
}

static void unlock_install(void)
{
	pthread_mutex_unlock(&install_mutex);
}

static void register_atfork(void)
{
	pthread_atfork(lock_install, unlock_install, unlock_install);
}

/* Makes sure sharedbuf's handler is the installed one. Costs one
 * sigaction() query when it already is. */
static enum sharedbuf_result install(void)
{
	struct sigaction cur,
		ours = {
			.sa_sigaction = on_sigbus,
			.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART,
		};
	enum sharedbuf_result r = SHAREDBUF_OK;
	const struct sigaction *p;

	sigemptyset(&ours.sa_mask);
	pthread_once(&atfork_once, register_atfork);
	lock_install();
	if (sigaction(SIGBUS, NULL, &cur) != 0 || is_ours(&cur))
		goto out;
	p = remember(&cur);
	if (!p) {
		sb_log(SB_ERROR, "SIGBUS handler replaced %u times", MAX_PREV);
		r = SHAREDBUF_ERR_UNSUPPORTED;
		goto out;
	}
	atomic_store_explicit(&chain, p, memory_order_release);
	/* A sanitizer that keeps SIGBUS (ASan's handle_sigbus=2) returns 0
	 * and installs nothing. */
	if (sigaction(SIGBUS, &ours, NULL) != 0 ||
	    sigaction(SIGBUS, NULL, &cur) != 0 || !is_ours(&cur)) {
		sb_log(SB_ERROR, "cannot install a SIGBUS handler: no guarded "
				 "CPU access");
		r = SHAREDBUF_ERR_UNSUPPORTED;
	}
out:
	unlock_install();
	return r;
}

enum sharedbuf_result sb_guard_begin(void *start, size_t len, int *slot)
{
	enum sharedbuf_result r = install();

	if (r != SHAREDBUF_OK)
		return r;
	for (int i = 0; i < SB_GUARD_SLOTS; i++) {
		struct slot *s = &slots[i];

		if (!take(s, SLOT_FREE, SLOT_CLAIMING))
			continue;
		atomic_store_explicit(&s->start, (uintptr_t)start,
				      memory_order_relaxed);
		atomic_store_explicit(&s->len, len, memory_order_relaxed);
		atomic_store_explicit(&s->state, SLOT_ACTIVE,
				      memory_order_release); /* publish last */
		*slot = i;
		return SHAREDBUF_OK;
	}
	sb_log(SB_ERROR, "%d guarded CPU locks at once already",
	       SB_GUARD_SLOTS);
	return SHAREDBUF_ERR_NO_MEMORY;
}

bool sb_guard_end(int slot)
{
	struct slot *s = &slots[slot];

	for (;;) {
		int st = atomic_load_explicit(&s->state, memory_order_acquire);

		if (st == SLOT_HANDLING)
			sched_yield();
		else if (take(s, st, SLOT_FREE))
			return st == SLOT_FAULTED;
	}
}

/* At unload (dlclose, exit), give SIGBUS back if nothing is guarded:
 * a handler in unmapped code would turn the next fault into a worse one. */
__attribute__((destructor)) static void uninstall(void)
{
	const struct sigaction *p;
	struct sigaction cur;

	for (unsigned i = 0; i < SB_GUARD_SLOTS; i++) {
		if (atomic_load(&slots[i].state) != SLOT_FREE)
			return;
	}
	p = atomic_load(&chain);
	if (p && sigaction(SIGBUS, NULL, &cur) == 0 && is_ours(&cur))
		sigaction(SIGBUS, p, NULL);
}

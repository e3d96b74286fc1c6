/* SPDX-License-Identifier: MIT */
#include "layer_sync.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"
#include "log.h"
#include "sharedbuf/fence.h"

#define RECORD_SIZE 64u
/* Live layer syncs at most: each holds an fd, and Linux's default
 * fs.nr_open (the highest RLIMIT_NOFILE) is 1,048,576. Address space
 * only: pages are made usable as syncs are made. */
#define MAX_SYNCS (1u << 20)
#define REGION	  ((size_t)MAX_SYNCS * RECORD_SIZE)
#define PAGE	  4096u

/* One record, RECORD_SIZE bytes at a RECORD_SIZE-aligned offset of the
 * region: its address is the EGLSync handle. */
struct sb_layer_sync {
	/* 0: free (or being freed); 1 for the table while live, plus one
	 * per call using it */
	_Alignas(RECORD_SIZE) atomic_uint refs;
	atomic_bool live; /* cleared once, by eglDestroySync/eglTerminate */
	EGLDisplay dpy;
	int fd;			    /* sync_file, ours; -1 when poll-backed */
	int dmabufs[SB_MAX_PLANES]; /* poll-backed: dups, ours */
	unsigned num_dmabufs;
	uint32_t access;
	struct sb_layer_sync *next_free;
};

_Static_assert(sizeof(struct sb_layer_sync) == RECORD_SIZE,
	       "a record is one handle slot");

/* The region: base set once; committed bytes only grow. Readers load
 * both with acquire and touch nothing else to tell ours from not. */
static _Atomic(uintptr_t) base;
static atomic_size_t committed;
static atomic_uint_fast64_t live;

/* Creation and freeing only; lookups never take it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sb_layer_sync *free_list;

/* A free record (refs 0), or NULL. With the lock. */
static struct sb_layer_sync *take_locked(void)
{
	uintptr_t b = atomic_load_explicit(&base, memory_order_relaxed);
	size_t used = atomic_load_explicit(&committed, memory_order_relaxed);
	struct sb_layer_sync *s;

	if (!free_list) {
		if (!b) {
			void *p = mmap(NULL, REGION, PROT_NONE,
				       MAP_PRIVATE | MAP_ANONYMOUS |
					       MAP_NORESERVE,
				       -1, 0);

			if (p == MAP_FAILED) {
				sb_log_errno(SB_INFO, "reserving sync handles");
				return NULL;
			}
			b = (uintptr_t)p;
			atomic_store_explicit(&base, b, memory_order_release);
		}
		if (used >= REGION || mprotect((void *)(b + used), PAGE,
					       PROT_READ | PROT_WRITE) != 0)
			return NULL;
		/* a fresh page is zeroed: refs 0, every record free */
		for (size_t off = PAGE; off >= RECORD_SIZE;
		     off -= RECORD_SIZE) {
			s = (struct sb_layer_sync *)(b + used + off -
						     RECORD_SIZE);
			s->next_free = free_list;
			free_list = s;
		}
		atomic_store_explicit(&committed, used + PAGE,
				      memory_order_release);
	}
	s = free_list;
	free_list = s->next_free;
	return s;
}

static struct sb_layer_sync *record_new(EGLDisplay dpy)
{
	struct sb_layer_sync *s;

	pthread_mutex_lock(&lock);
	s = take_locked();
	pthread_mutex_unlock(&lock);
	if (!s)
		return NULL;
	/* Free: no reader takes a reference while refs is 0. */
	s->dpy = dpy;
	s->fd = -1;
	s->num_dmabufs = 0;
	s->access = 0;
	return s;
}

/* Closes what @s owns and gives the record back; refs is 0. */
static void record_free(struct sb_layer_sync *s)
{
	if (s->fd >= 0)
		close(s->fd);
	for (unsigned i = 0; i < s->num_dmabufs; i++)
		close(s->dmabufs[i]);
	s->fd = -1;
	s->num_dmabufs = 0;
	pthread_mutex_lock(&lock);
	s->next_free = free_list;
	free_list = s;
	pthread_mutex_unlock(&lock);
}

static EGLSync publish(struct sb_layer_sync *s)
{
	atomic_store_explicit(&s->live, true, memory_order_relaxed);
	atomic_fetch_add_explicit(&live, 1, memory_order_relaxed);
	/* release: the fields above are seen by whoever takes a reference */
	atomic_store_explicit(&s->refs, 1, memory_order_release);
	return (EGLSync)s;
}

EGLSync sb_layer_sync_from_fd(EGLDisplay dpy, int sync_fd)
{
	struct sb_layer_sync *s = record_new(dpy);

	if (!s)
		return EGL_NO_SYNC;
	s->fd = sync_fd;
	return publish(s);
}

EGLSync sb_layer_sync_from_poll(EGLDisplay dpy, const struct sb_layout *l,
				uint32_t access)
{
	struct sb_layer_sync *s = record_new(dpy);

	if (!s)
		return EGL_NO_SYNC;
	s->access = access;
	for (unsigned i = 0; i < l->num_planes; i++) {
		s->dmabufs[i] = fcntl(l->planes[i].fd, F_DUPFD_CLOEXEC, 0);
		if (s->dmabufs[i] < 0) {
			record_free(s);
			return EGL_NO_SYNC;
		}
		s->num_dmabufs++;
	}
	return publish(s);
}

/* The record at handle @sync, or NULL when the handle is not one. */
static struct sb_layer_sync *record_at(EGLSync sync)
{
	uintptr_t b = atomic_load_explicit(&base, memory_order_acquire);
	uintptr_t off = (uintptr_t)sync - b;

	if (!b ||
	    off >= atomic_load_explicit(&committed, memory_order_acquire) ||
	    off % RECORD_SIZE)
		return NULL;
	return (struct sb_layer_sync *)sync;
}

bool sb_layer_sync_maybe(EGLSync sync)
{
	return record_at(sync) != NULL;
}

/* A reference on @s unless it is free. */
static bool try_ref(struct sb_layer_sync *s)
{
	unsigned r = atomic_load_explicit(&s->refs, memory_order_relaxed);

	do {
		if (r == 0)
			return false;
	} while (!atomic_compare_exchange_weak_explicit(&s->refs, &r, r + 1,
							memory_order_acquire,
							memory_order_relaxed));
	return true;
}

void sb_layer_sync_put(struct sb_layer_sync *s)
{
	if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1)
		record_free(s);
}

struct sb_layer_sync *sb_layer_sync_get(EGLDisplay dpy, EGLSync sync)
{
	struct sb_layer_sync *s = record_at(sync);

	if (!s || !try_ref(s))
		return NULL;
	if (s->dpy != dpy ||
	    !atomic_load_explicit(&s->live, memory_order_acquire)) {
		sb_layer_sync_put(s);
		return NULL;
	}
	return s;
}

bool sb_layer_sync_is_ours(EGLDisplay dpy, EGLSync sync)
{
	struct sb_layer_sync *s = sb_layer_sync_get(dpy, sync);

	if (s)
		sb_layer_sync_put(s);
	return s != NULL;
}

int sb_layer_sync_fd(const struct sb_layer_sync *s)
{
	return s->fd;
}

uint64_t sb_layer_sync_count(void)
{
	return atomic_load(&live);
}

int sb_layer_sync_wait_ref(const struct sb_layer_sync *s, int64_t ns)
{
	enum sharedbuf_result r = SHAREDBUF_OK;

	if (s->fd >= 0)
		return sharedbuf_fence_wait(s->fd, ns);
	/* Poll-backed: each dma-buf in turn, each with the whole timeout
	 * (the planes of one image are nearly always one dma-buf). */
	for (unsigned i = 0; i < s->num_dmabufs && r == SHAREDBUF_OK; i++)
		r = sharedbuf_dmabuf_wait(s->dmabufs[i], s->access, ns);
	return r;
}

/* EGLTime (unsigned ns, EGL_FOREVER) to the fence API's int64 ns. */
static int64_t to_ns(EGLTime t)
{
	return t >= (EGLTime)INT64_MAX ? SHAREDBUF_FOREVER : (int64_t)t;
}

EGLint sb_layer_sync_wait(EGLDisplay dpy, EGLSync sync, EGLTime timeout)
{
	struct sb_layer_sync *s = sb_layer_sync_get(dpy, sync);
	enum sharedbuf_result r;

	if (!s) {
		sb_egl_fail(EGL_BAD_PARAMETER, "not a layer sync of dpy");
		return EGL_FALSE;
	}
	r = sb_layer_sync_wait_ref(s, to_ns(timeout));
	sb_layer_sync_put(s);
	if (r == SHAREDBUF_OK || r == SHAREDBUF_ERR_TIMEOUT) {
		sb_egl_ok();
		return r == SHAREDBUF_OK ? EGL_CONDITION_SATISFIED
					 : EGL_TIMEOUT_EXPIRED;
	}
	sb_log(SB_ERROR, "wait on layer sync: %s", sharedbuf_result_str(r));
	sb_egl_fail(EGL_BAD_ACCESS, "wait on layer sync failed");
	return EGL_FALSE;
}

enum sb_layer_fence sb_layer_sync_fence(EGLDisplay dpy, EGLSync sync,
					bool wait_poll, int *fd)
{
	struct sb_layer_sync *s = sb_layer_sync_get(dpy, sync);
	enum sb_layer_fence r;

	*fd = -1;
	if (!s)
		return SB_LAYER_FENCE_NOT_OURS;
	if (s->fd >= 0) {
		*fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
		if (*fd < 0)
			sb_log_errno(SB_INFO, "dup of a layer sync's fence");
		r = *fd >= 0 ? SB_LAYER_FENCE_FD : SB_LAYER_FENCE_NO_FD;
	} else if (!wait_poll) {
		r = SB_LAYER_FENCE_POLL;
	} else {
		r = sb_layer_sync_wait_ref(s, SHAREDBUF_FOREVER) == SHAREDBUF_OK
			    ? SB_LAYER_FENCE_DONE
			    : SB_LAYER_FENCE_FAILED;
	}
	sb_layer_sync_put(s);
	return r;
}

/* Unlinks @s (a reference held): the table's reference goes, once. */
static bool unlink_ref(struct sb_layer_sync *s)
{
	if (!atomic_exchange_explicit(&s->live, false, memory_order_acq_rel))
		return false; /* another thread destroyed it first */
	atomic_fetch_sub_explicit(&live, 1, memory_order_relaxed);
	sb_layer_sync_put(s);
	return true;
}

bool sb_layer_sync_destroy(EGLDisplay dpy, EGLSync sync)
{
	struct sb_layer_sync *s = sb_layer_sync_get(dpy, sync);
	bool ok;

	if (!s)
		return false;
	ok = unlink_ref(s);
	sb_layer_sync_put(s);
	return ok;
}

/* Every record made so far; O(records), at terminate and unload only. */
static void forget(EGLDisplay dpy, bool all)
{
	uintptr_t b = atomic_load_explicit(&base, memory_order_acquire);
	size_t used = atomic_load_explicit(&committed, memory_order_acquire);

	for (size_t off = 0; b && off < used; off += RECORD_SIZE) {
		struct sb_layer_sync *s = (struct sb_layer_sync *)(b + off);

		if (!try_ref(s))
			continue;
		if (all || s->dpy == dpy)
			unlink_ref(s);
		sb_layer_sync_put(s);
	}
}

void sb_layer_sync_forget(EGLDisplay dpy)
{
	forget(dpy, false);
}

/* The region stays reserved: a handle another destructor still passes
 * must read as "not ours", not fault. */
void sb_layer_sync_forget_all(void)
{
	forget(EGL_NO_DISPLAY, true);
}

void sb_layer_sync_fork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

void sb_layer_sync_fork_done(void)
{
	pthread_mutex_unlock(&lock);
}

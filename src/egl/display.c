/* SPDX-License-Identifier: MIT */
#include "display.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <EGL/eglext.h>

#include "display_caps.h"
#include "layer.h"
#include "env.h"
#include "log.h"

/* The layer's display extensions, offered where dma-buf import is. */
static const char layer_extensions[] =
	"EGL_SHAREDBUF_image_fence EGL_SHAREDBUF_image_cpu_access "
	"EGL_SHAREDBUF_image_allocate";

static PFNEGLQUERYSTRINGPROC next_query_string;

/* What the layer keeps per display: the extension string, the next
 * vendor's @base (its pointer changes when the display is re-initialised)
 * plus the layer's names; and what it learnt of the driver's fences. */
struct ext_cache {
	struct ext_cache *next;
	EGLDisplay dpy;
	const char *base;
	const char *joined; /* interned: see intern_locked() */
	int stub_fences;    /* -1 unknown, 0 real fences, 1 the kernel's stub */
};

/* Every joined extension string handed out, once per content. EGL calls
 * eglQueryString's strings static: they outlive eglTerminate and a
 * re-initialised display's new base string, so they are kept until the
 * library is unloaded. Interning by content bounds the memory by the
 * number of different strings, however often displays are
 * re-initialised. */
struct interned {
	struct interned *next;
	char s[];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct ext_cache *caches;
static struct interned *strings;

static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; p && (p = strstr(p, word)); p += len) {
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return true;
	}
	return false;
}

bool sb_display_has_extension(EGLDisplay dpy, const char *name)
{
	unsigned flag = sb_caps_flag_for_name(name);
	const char *ext;

	/* the names the layer tests per call: one bit, asked once */
	if (flag)
		return (sb_display_caps_flags(dpy) & flag) != 0;
	/* any other name: scanned, off the per-call paths */
	ext = next_query_string ? next_query_string(dpy, EGL_EXTENSIONS) : NULL;
	return has_word(ext, name);
}

bool sb_display_context_current(EGLDisplay dpy)
{
	/* glvnd keeps the current context, and answers these itself. */
	return sb_layer.glvnd->getCurrentDisplay() == dpy &&
	       sb_layer.glvnd->getCurrentContext() != EGL_NO_CONTEXT;
}

bool sb_display_native_fences(EGLDisplay dpy)
{
	/* SHAREDBUF_DRIVER_FENCES, read once: -1 not yet, 0 off, 1 on */
	static atomic_int allowed = -1;
	int v = atomic_load_explicit(&allowed, memory_order_relaxed);

	if (v < 0) {
		const char *env = sb_env_get("SHAREDBUF_DRIVER_FENCES");

		v = !(env && strcmp(env, "0") == 0);
		atomic_store_explicit(&allowed, v, memory_order_relaxed);
	}
	return v &&
	       (sb_display_caps_flags(dpy) & SB_CAPS_NATIVE_FENCE_SYNC) != 0;
}

/* @dpy's entry, made if @create; with the lock. */
static struct ext_cache *entry_locked(EGLDisplay dpy, bool create)
{
	struct ext_cache *c;

	for (c = caches; c && c->dpy != dpy; c = c->next)
		;
	if (c || !create)
		return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->dpy = dpy;
	c->stub_fences = -1;
	c->next = caches;
	caches = c;
	return c;
}

int sb_display_stub_fences(EGLDisplay dpy)
{
	struct ext_cache *c;
	int v;

	pthread_mutex_lock(&lock);
	c = entry_locked(dpy, false);
	v = c ? c->stub_fences : -1;
	pthread_mutex_unlock(&lock);
	return v;
}

void sb_display_set_stub_fences(EGLDisplay dpy, bool stub)
{
	struct ext_cache *c;

	pthread_mutex_lock(&lock);
	c = entry_locked(dpy, true);
	if (c)
		c->stub_fences = stub;
	pthread_mutex_unlock(&lock);
}

/* @base plus the layer's names, the one copy of that content; NULL when
 * out of memory. With the lock. */
static const char *intern_locked(const char *base)
{
	size_t n = strlen(base) + sizeof(layer_extensions) + 1;
	struct interned *i = malloc(sizeof(*i) + n);

	if (!i)
		return NULL;
	snprintf(i->s, n, "%s%s%s", base, *base ? " " : "", layer_extensions);
	for (struct interned *old = strings; old; old = old->next) {
		if (strcmp(old->s, i->s) == 0) {
			free(i);
			return old->s;
		}
	}
	i->next = strings;
	strings = i;
	return i->s;
}

/* The joined string for @dpy, looked up once per @base; with the lock. */
static const char *joined_locked(EGLDisplay dpy, const char *base)
{
	struct ext_cache *c = entry_locked(dpy, true);
	const char *joined;

	if (c && c->base == base && c->joined)
		return c->joined;
	joined = intern_locked(base);
	if (!joined)
		return base;
	if (c) {
		c->base = base;
		c->joined = joined;
	}
	return joined;
}

/*
 * What eglQueryString(dpy, EGL_EXTENSIONS) answered last for a display: the
 * driver's string @base and the one the layer hands out for it (@joined,
 * interned; @base itself where the layer adds nothing). Read with no lock,
 * as a seqlock: a writer (under the lock) makes @seq odd, stores, makes it
 * even again; a reader that sees @seq change, or odd, takes the slow
 * path. So a repeated query costs the driver's call, a hash and four
 * loads: no string scan, no lock, no allocation.
 */
#define QUERY_SLOTS 16

static struct query_slot {
	atomic_uint seq;
	_Atomic(EGLDisplay) dpy;
	_Atomic(const char *) base;
	_Atomic(const char *) joined;
} query_slots[QUERY_SLOTS];

static struct query_slot *query_slot(EGLDisplay dpy)
{
	uintptr_t h = (uintptr_t)dpy;

	return &query_slots[(h >> 4 ^ h >> 12) % QUERY_SLOTS];
}

static const char *query_cached(EGLDisplay dpy, const char *base)
{
	struct query_slot *q = query_slot(dpy);
	unsigned seq = atomic_load_explicit(&q->seq, memory_order_acquire);
	EGLDisplay d = atomic_load_explicit(&q->dpy, memory_order_relaxed);
	const char *b = atomic_load_explicit(&q->base, memory_order_relaxed);
	const char *j = atomic_load_explicit(&q->joined, memory_order_relaxed);

	atomic_thread_fence(memory_order_acquire);
	if (seq & 1 ||
	    seq != atomic_load_explicit(&q->seq, memory_order_relaxed))
		return NULL;
	return d == dpy && b == base ? j : NULL;
}

/* With the lock. @dpy NULL empties the slot. */
static void query_store_locked(struct query_slot *q, EGLDisplay dpy,
			       const char *base, const char *joined)
{
	unsigned seq = atomic_load_explicit(&q->seq, memory_order_relaxed);

	atomic_store_explicit(&q->seq, seq + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	atomic_store_explicit(&q->dpy, dpy, memory_order_relaxed);
	atomic_store_explicit(&q->base, base, memory_order_relaxed);
	atomic_store_explicit(&q->joined, joined, memory_order_relaxed);
	atomic_store_explicit(&q->seq, seq + 2, memory_order_release);
}

static const char *EGLAPIENTRY query_string(EGLDisplay dpy, EGLint name)
{
	const char *s = next_query_string(dpy, name);
	const char *out;

	if (!s || dpy == EGL_NO_DISPLAY || name != EGL_EXTENSIONS)
		return s;
	out = query_cached(dpy, s);
	if (out)
		return out;
	pthread_mutex_lock(&lock);
	out = has_word(s, "EGL_EXT_image_dma_buf_import")
		      ? joined_locked(dpy, s)
		      : s;
	/* a string the layer could not join (no memory) is not kept */
	if (out != s || !has_word(s, "EGL_EXT_image_dma_buf_import"))
		query_store_locked(query_slot(dpy), dpy, s, out);
	pthread_mutex_unlock(&lock);
	return out;
}

static void forget(EGLDisplay dpy, bool all)
{
	pthread_mutex_lock(&lock);
	for (unsigned i = 0; i < QUERY_SLOTS; i++) {
		struct query_slot *q = &query_slots[i];

		if (all ||
		    atomic_load_explicit(&q->dpy, memory_order_relaxed) == dpy)
			query_store_locked(q, NULL, NULL, NULL);
	}
	for (struct ext_cache **p = &caches; *p;) {
		struct ext_cache *c = *p;

		if (!all && c->dpy != dpy) {
			p = &c->next;
			continue;
		}
		*p = c->next;
		free(c); /* c->joined stays: see struct interned */
	}
	if (all) { /* unload */
		while (strings) {
			struct interned *i = strings;

			strings = i->next;
			free(i);
		}
	}
	pthread_mutex_unlock(&lock);
}

void sb_display_forget(EGLDisplay dpy)
{
	forget(dpy, false);
}

void sb_display_forget_all(void)
{
	forget(EGL_NO_DISPLAY, true);
}

void sb_display_fork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

void sb_display_fork_done(void)
{
	pthread_mutex_unlock(&lock);
}

const struct sb_wrap sb_display_wraps[] = {
	SB_WRAP("eglQueryString", query_string, next_query_string),
};
const size_t sb_display_wrap_count =
	sizeof(sb_display_wraps) / sizeof(sb_display_wraps[0]);

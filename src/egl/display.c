/* SPDX-License-Identifier: MIT */
#include "display.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <EGL/eglext.h>

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
	char *joined;
	int stub_fences; /* -1 unknown, 0 real fences, 1 the kernel's stub */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct ext_cache *caches;

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
	const char *ext = next_query_string
				  ? next_query_string(dpy, EGL_EXTENSIONS)
				  : NULL;

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
	const char *env = sb_env_get("SHAREDBUF_DRIVER_FENCES");

	if (env && strcmp(env, "0") == 0)
		return false;
	return sb_display_has_extension(dpy, "EGL_ANDROID_native_fence_sync");
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

/* The joined string for @dpy, built once per @base; with the lock. */
static const char *joined_locked(EGLDisplay dpy, const char *base)
{
	struct ext_cache *c = entry_locked(dpy, true);
	size_t n;

	if (!c)
		return base;
	if (c->base == base && c->joined)
		return c->joined;
	free(c->joined);
	n = strlen(base) + sizeof(layer_extensions) + 1;
	c->joined = malloc(n);
	c->base = c->joined ? base : NULL;
	if (!c->joined)
		return base;
	snprintf(c->joined, n, "%s%s%s", base, *base ? " " : "",
		 layer_extensions);
	return c->joined;
}

static const char *EGLAPIENTRY query_string(EGLDisplay dpy, EGLint name)
{
	const char *s = next_query_string(dpy, name);
	const char *out;

	if (!s || dpy == EGL_NO_DISPLAY || name != EGL_EXTENSIONS ||
	    !has_word(s, "EGL_EXT_image_dma_buf_import"))
		return s;
	pthread_mutex_lock(&lock);
	out = joined_locked(dpy, s);
	pthread_mutex_unlock(&lock);
	return out;
}

static void forget(EGLDisplay dpy, bool all)
{
	pthread_mutex_lock(&lock);
	for (struct ext_cache **p = &caches; *p;) {
		struct ext_cache *c = *p;

		if (!all && c->dpy != dpy) {
			p = &c->next;
			continue;
		}
		*p = c->next;
		free(c->joined);
		free(c);
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

#define WRAP(name, fn, next)                         \
	{                                            \
		name, (void *)(fn), (void **)&(next) \
	}

const struct sb_wrap sb_display_wraps[] = {
	WRAP("eglQueryString", query_string, next_query_string),
};
const size_t sb_display_wrap_count =
	sizeof(sb_display_wraps) / sizeof(sb_display_wraps[0]);

/* SPDX-License-Identifier: MIT */
#include "registry.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "log.h"
#include "sharedbuf/cpu.h"

struct record {
	struct record *next; /* bucket chain */
	EGLDisplay dpy;
	EGLImage image;
	struct sb_layout layout;	 /* fds: dup'ed, ours */
	struct sharedbuf_cpu_image *cpu; /* CPU access, made at first lock */
	unsigned refs; /* the table's, plus one per sb_registry_get() */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct record **buckets;
static size_t num_buckets; /* a power of two, or 0 */
static size_t count;
static size_t fds; /* plane fds held by all records */

static size_t hash(EGLImage image, size_t n)
{
	uint64_t h = (uint64_t)(uintptr_t)image * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32) & (n - 1);
}

void sb_layout_finish(struct sb_layout *l)
{
	for (unsigned i = 0; i < l->num_planes; i++) {
		if (l->planes[i].fd >= 0)
			close(l->planes[i].fd);
		l->planes[i].fd = -1;
	}
}

static bool dup_fds(const struct sb_layout *src, struct sb_layout *dst)
{
	*dst = *src;
	for (unsigned i = 0; i < src->num_planes; i++)
		dst->planes[i].fd = -1;
	for (unsigned i = 0; i < src->num_planes; i++) {
		dst->planes[i].fd =
			fcntl(src->planes[i].fd, F_DUPFD_CLOEXEC, 0);
		if (dst->planes[i].fd < 0) {
			sb_log_errno(SB_ERROR, "dup plane %u fd", i);
			sb_layout_finish(dst);
			return false;
		}
	}
	return true;
}

/* Doubles the table when it is full on average; called with the lock. */
static bool grow(void)
{
	size_t n = num_buckets ? num_buckets * 2 : 64;
	struct record **b;

	if (count < num_buckets)
		return true;
	b = calloc(n, sizeof(*b));
	if (!b)
		return num_buckets != 0; /* keep chaining in the old table */
	for (size_t i = 0; i < num_buckets; i++) {
		while (buckets[i]) {
			struct record *r = buckets[i];

			buckets[i] = r->next;
			r->next = b[hash(r->image, n)];
			b[hash(r->image, n)] = r;
		}
	}
	free(buckets);
	buckets = b;
	num_buckets = n;
	return true;
}

/* The link pointing at @image's record, or NULL; called with the lock. */
static struct record **find_link(EGLImage image)
{
	if (!num_buckets)
		return NULL;
	for (struct record **p = &buckets[hash(image, num_buckets)]; *p;
	     p = &(*p)->next) {
		if ((*p)->image == image)
			return p;
	}
	return NULL;
}

static struct record *unlink_locked(EGLImage image)
{
	struct record **p = find_link(image);
	struct record *r = p ? *p : NULL;

	if (r) {
		*p = r->next;
		count--;
		fds -= r->layout.num_planes;
	}
	return r;
}

static void free_record(struct record *r)
{
	sharedbuf_cpu_image_destroy(r->cpu);
	sb_layout_finish(&r->layout);
	free(r);
}

/* Drops a reference to @r (NULL: no-op); the last one frees it. */
static void destroy(struct record *r)
{
	bool last;

	if (!r)
		return;
	pthread_mutex_lock(&lock);
	last = --r->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		free_record(r);
}

bool sb_registry_add(EGLDisplay dpy, EGLImage image, const struct sb_layout *l)
{
	struct record *r = calloc(1, sizeof(*r)), *stale;
	size_t b;

	if (!r)
		return false;
	if (!dup_fds(l, &r->layout)) {
		free(r);
		return false;
	}
	r->dpy = dpy;
	r->image = image;
	r->refs = 1;
	pthread_mutex_lock(&lock);
	stale = unlink_locked(image);
	if (!grow()) {
		pthread_mutex_unlock(&lock);
		destroy(r);
		destroy(stale);
		return false;
	}
	b = hash(image, num_buckets);
	r->next = buckets[b];
	buckets[b] = r;
	count++;
	fds += r->layout.num_planes;
	pthread_mutex_unlock(&lock);
	if (stale)
		sb_log(SB_INFO, "image %p recorded twice", image);
	destroy(stale);
	return true;
}

bool sb_registry_take(EGLImage image, EGLDisplay *dpy, struct sb_layout *out)
{
	struct record *r;

	pthread_mutex_lock(&lock);
	r = unlink_locked(image);
	pthread_mutex_unlock(&lock);
	if (!r)
		return false;
	*dpy = r->dpy;
	/* A dup, not the record's own fds: a caller of sb_registry_get() may
	 * still be using them. Destroying an image is rare; this is cheap. */
	if (!dup_fds(&r->layout, out))
		out->num_planes = 0;
	destroy(r);
	return true;
}

const struct sb_layout *sb_registry_get(EGLImage image, EGLDisplay dpy,
					struct sb_registry_ref **ref)
{
	struct record **p;
	struct record *r = NULL;

	pthread_mutex_lock(&lock);
	p = find_link(image);
	if (p && (*p)->dpy == dpy) {
		r = *p;
		r->refs++;
	}
	pthread_mutex_unlock(&lock);
	*ref = (struct sb_registry_ref *)r;
	return r ? &r->layout : NULL;
}

void sb_registry_put(struct sb_registry_ref *ref)
{
	destroy((struct record *)ref);
}

void sb_registry_remove(EGLImage image)
{
	struct record *r;

	pthread_mutex_lock(&lock);
	r = unlink_locked(image);
	pthread_mutex_unlock(&lock);
	destroy(r);
}

/* Unlinks every record that @dpy matches (all when @all); returns them as
 * a list to destroy outside the lock. */
static struct record *unlink_display(EGLDisplay dpy, bool all)
{
	struct record *out = NULL;

	for (size_t i = 0; i < num_buckets; i++) {
		struct record **p = &buckets[i];

		while (*p) {
			struct record *r = *p;

			if (!all && r->dpy != dpy) {
				p = &r->next;
				continue;
			}
			*p = r->next;
			r->next = out;
			out = r;
			count--;
			fds -= r->layout.num_planes;
		}
	}
	return out;
}

static void destroy_list(struct record *r)
{
	while (r) {
		struct record *next = r->next;

		destroy(r);
		r = next;
	}
}

void sb_registry_remove_display(EGLDisplay dpy)
{
	struct record *list;

	pthread_mutex_lock(&lock);
	list = unlink_display(dpy, false);
	pthread_mutex_unlock(&lock);
	destroy_list(list);
}

bool sb_registry_find(EGLImage image, struct sb_layout *out)
{
	struct record **p;

	pthread_mutex_lock(&lock);
	p = find_link(image);
	if (p && out)
		*out = (*p)->layout;
	pthread_mutex_unlock(&lock);
	return p != NULL;
}

static void to_public(const struct sb_layout *l,
		      struct sharedbuf_image_layout *out)
{
	memset(out, 0, sizeof(*out));
	out->width = l->width;
	out->height = l->height;
	out->fourcc = l->fourcc;
	out->modifier = l->has_modifier ? l->modifier : DRM_FORMAT_MOD_INVALID;
	out->num_planes = l->num_planes;
	for (unsigned i = 0; i < l->num_planes; i++) {
		/* offsets and pitches were checked to fit EGLint at import */
		out->planes[i].fd = l->planes[i].fd;
		out->planes[i].offset = (uint32_t)l->planes[i].offset;
		out->planes[i].pitch = (uint32_t)l->planes[i].pitch;
	}
}

struct sharedbuf_cpu_image *sb_registry_cpu(EGLImage image, EGLDisplay dpy,
					    enum sharedbuf_result *err)
{
	struct sharedbuf_image_layout pub;
	struct sharedbuf_cpu_image *cpu = NULL;
	struct record **p;

	*err = SHAREDBUF_ERR_INVALID;
	pthread_mutex_lock(&lock);
	p = find_link(image);
	if (p && (*p)->dpy == dpy) {
		if (!(*p)->cpu) {
			to_public(&(*p)->layout, &pub);
			*err = sharedbuf_cpu_image_create(&pub, &(*p)->cpu);
		}
		cpu = (*p)->cpu;
	}
	pthread_mutex_unlock(&lock);
	if (cpu)
		*err = SHAREDBUF_OK;
	return cpu;
}

void sb_registry_counts(size_t *images, size_t *fds_held)
{
	pthread_mutex_lock(&lock);
	*images = count;
	*fds_held = fds;
	pthread_mutex_unlock(&lock);
}

void sb_registry_clear(void)
{
	struct record *list;

	pthread_mutex_lock(&lock);
	list = unlink_display(EGL_NO_DISPLAY, true);
	free(buckets);
	buckets = NULL;
	num_buckets = 0;
	pthread_mutex_unlock(&lock);
	destroy_list(list);
}

/* SPDX-License-Identifier: MIT */
#include "registry.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <drm_fourcc.h>

#include "log.h"
#include "sharedbuf/cpu.h"

struct record {
	struct record *next; /* bucket chain, while in the table */
	EGLDisplay dpy;
	EGLImage image;
	struct sb_layout layout; /* fds: dup'ed, ours, or -1 when lazy */
	bool lazy;		 /* made with no fd: the driver gives them */
	ino_t ino;		 /* lazy: every plane's dma-buf inode */
	/* lazy: the layout with the fds the driver gave, published once */
	_Atomic(struct sb_layout *) fetched;
	/* CPU access, made at first lock, published once (see cpu_of()) */
	_Atomic(struct sharedbuf_cpu_image *) cpu;
	atomic_uint claimed; /* a bit per plane claimed by a CPU lock */
	atomic_int gone;     /* enum sb_image_gone; set with the lock */
	unsigned refs;	     /* the table's while in it, plus one per get */
	uint64_t seq;	     /* when it was inserted (last_seq) */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
#define FIRST_BUCKETS 64
/* The first table is static, so there is always one to chain into. */
static struct record *first_buckets[FIRST_BUCKETS];
static struct record **buckets = first_buckets;
static size_t num_buckets = FIRST_BUCKETS; /* a power of two */
static size_t count;
/* Plane fds held by all records: counted where a record opens them (its
 * dups, or the fds the driver gave published), until it closes them. */
static atomic_size_t fds_held;
/* Records inserted so far: written with the lock, read without. */
static _Atomic uint64_t last_seq;

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

/* Doubles the table when it is full on average; called with the lock.
 * Out of memory, it keeps chaining in the old table. */
static void grow(void)
{
	size_t n = num_buckets * 2;
	struct record **b;

	if (count < num_buckets)
		return;
	b = calloc(n, sizeof(*b));
	if (!b)
		return;
	for (size_t i = 0; i < num_buckets; i++) {
		while (buckets[i]) {
			struct record *r = buckets[i];

			buckets[i] = r->next;
			r->next = b[hash(r->image, n)];
			b[hash(r->image, n)] = r;
		}
	}
	if (buckets != first_buckets)
		free(buckets);
	buckets = b;
	num_buckets = n;
}

/* The link pointing at @image's record, or NULL; called with the lock. */
static struct record **find_link(EGLImage image)
{
	for (struct record **p = &buckets[hash(image, num_buckets)]; *p;
	     p = &(*p)->next) {
		if ((*p)->image == image)
			return p;
	}
	return NULL;
}

/* Takes the record at @p out of the table as @why; with the lock. The
 * table's reference passes to the caller. */
static struct record *unlink_at(struct record **p, enum sb_image_gone why)
{
	struct record *r = *p;

	*p = r->next;
	r->next = NULL;
	count--;
	atomic_store(&r->gone, why);
	return r;
}

/* One freed record kept for the next import, so that an import and
 * destroy cycle makes no malloc and free; taken and given by atomic swap
 * (no lock). Not under AddressSanitizer: reuse would hide a use after
 * free of a record. */
#if defined(__SANITIZE_ADDRESS__)
#define KEEP_SPARE 0
#else
#define KEEP_SPARE 1
#endif
static struct record *_Atomic spare;

static struct record *new_record(void)
{
	struct record *r = KEEP_SPARE ? atomic_exchange(&spare, NULL) : NULL;

	return r ? r : malloc(sizeof(*r));
}

static void free_memory(struct record *r)
{
	struct record *none = NULL;

	if (!KEEP_SPARE || !atomic_compare_exchange_strong(&spare, &none, r))
		free(r);
}

static void free_record(struct record *r)
{
	struct sharedbuf_cpu_image *cpu = atomic_load(&r->cpu);
	struct sb_layout *fetched = atomic_load(&r->fetched);

	if (cpu)
		sharedbuf_cpu_image_destroy(cpu);
	if (!r->lazy || fetched)
		atomic_fetch_sub(&fds_held, r->layout.num_planes);
	if (fetched) {
		sb_layout_finish(fetched);
		free(fetched);
	}
	sb_layout_finish(&r->layout);
	free_memory(r);
}

/* Drops a reference to @r (NULL: no-op); the last one frees it, outside
 * the lock. */
static void drop(struct record *r)
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

struct sb_registry_new *sb_registry_prepare(const struct sb_layout *l,
					    const ino_t *ino)
{
	struct record *r = new_record();

	if (!r)
		return NULL;
	r->lazy = ino != NULL;
	if (r->lazy) {
		r->layout = *l;
		r->ino = *ino;
		for (unsigned i = 0; i < l->num_planes; i++)
			r->layout.planes[i].fd = -1;
	} else if (!dup_fds(l, &r->layout)) {
		free_memory(r);
		return NULL;
	} else {
		atomic_fetch_add(&fds_held, l->num_planes);
	}
	r->next = NULL;
	atomic_init(&r->fetched, NULL);
	atomic_init(&r->cpu, NULL);
	atomic_init(&r->claimed, 0);
	atomic_init(&r->gone, SB_IMAGE_LIVE);
	r->refs = 1;
	return (struct sb_registry_new *)r;
}

void sb_registry_discard(struct sb_registry_new *rec)
{
	if (rec)
		free_record((struct record *)rec);
}

void sb_registry_insert(struct sb_registry_new *rec, EGLDisplay dpy,
			EGLImage image)
{
	struct record *r = (struct record *)rec, *stale = NULL;
	struct record **p;
	size_t b;

	r->dpy = dpy;
	r->image = image;
	pthread_mutex_lock(&lock);
	r->seq = atomic_fetch_add(&last_seq, 1) + 1;
	grow();
	/* The driver handed out a destroyed image's handle again before
	 * that destroy took its record out: the record is stale. */
	p = find_link(image);
	if (p)
		stale = unlink_at(p, SB_IMAGE_DESTROYED);
	b = hash(image, num_buckets);
	r->next = buckets[b];
	buckets[b] = r;
	count++;
	pthread_mutex_unlock(&lock);
	if (stale)
		sb_log(SB_INFO, "image %p recorded twice", image);
	drop(stale);
}

struct sb_image_ref *sb_registry_get(EGLImage image, EGLDisplay dpy)
{
	struct record **p;
	struct record *r = NULL;

	pthread_mutex_lock(&lock);
	p = find_link(image);
	if (p && (dpy == EGL_NO_DISPLAY || (*p)->dpy == dpy)) {
		r = *p;
		r->refs++;
	}
	pthread_mutex_unlock(&lock);
	return (struct sb_image_ref *)r;
}

void sb_registry_put(struct sb_image_ref *ref)
{
	drop((struct record *)ref);
}

const struct sb_layout *sb_registry_layout(const struct sb_image_ref *ref)
{
	return &((const struct record *)ref)->layout;
}

void sb_registry_handles(const struct sb_image_ref *ref, EGLDisplay *dpy,
			 EGLImage *image)
{
	const struct record *r = (const struct record *)ref;

	*dpy = r->dpy;
	*image = r->image;
}

const struct sb_layout *sb_registry_fds(struct sb_image_ref *ref, ino_t *ino)
{
	struct record *r = (struct record *)ref;
	const struct sb_layout *l;

	if (!r->lazy)
		return &r->layout;
	l = atomic_load_explicit(&r->fetched, memory_order_acquire);
	if (!l)
		*ino = r->ino;
	return l;
}

const struct sb_layout *sb_registry_publish_fds(struct sb_image_ref *ref,
						struct sb_layout *fetched)
{
	struct record *r = (struct record *)ref;
	struct sb_layout *won = NULL;

	if (atomic_compare_exchange_strong(&r->fetched, &won, fetched)) {
		atomic_fetch_add(&fds_held, fetched->num_planes);
		return fetched;
	}
	sb_layout_finish(fetched);
	free(fetched);
	return won;
}

enum sb_image_gone sb_registry_gone(const struct sb_image_ref *ref)
{
	return (enum sb_image_gone)atomic_load(
		&((const struct record *)ref)->gone);
}

void sb_registry_unlink(struct sb_image_ref *ref)
{
	struct record *r = (struct record *)ref, *out = NULL;
	struct record **p;

	pthread_mutex_lock(&lock);
	p = find_link(r->image);
	if (p && *p == r) /* not already replaced or terminated */
		out = unlink_at(p, SB_IMAGE_DESTROYED);
	pthread_mutex_unlock(&lock);
	drop(out);
}

uint64_t sb_registry_epoch(void)
{
	return atomic_load(&last_seq);
}

void sb_registry_destroyed(EGLImage image, uint64_t epoch)
{
	struct record **p, *out = NULL;
	bool last = false;

	pthread_mutex_lock(&lock);
	p = find_link(image);
	/* a later record is a new image the driver gave the handle to */
	if (p && (*p)->seq <= epoch) {
		out = unlink_at(p, SB_IMAGE_DESTROYED);
		last = --out->refs == 0; /* the table's, as drop() */
	}
	pthread_mutex_unlock(&lock);
	if (last)
		free_record(out);
}

/* Unlinks every record that @dpy matches (all when @all), as terminated;
 * returns them as a list to drop outside the lock. */
static struct record *unlink_display(EGLDisplay dpy, bool all)
{
	struct record *out = NULL;

	for (size_t i = 0; i < num_buckets; i++) {
		struct record **p = &buckets[i];

		while (*p) {
			struct record *r;

			if (!all && (*p)->dpy != dpy) {
				p = &(*p)->next;
				continue;
			}
			r = unlink_at(p, SB_IMAGE_TERMINATED);
			r->next = out;
			out = r;
		}
	}
	return out;
}

static void drop_list(struct record *r)
{
	while (r) {
		struct record *next = r->next;

		drop(r);
		r = next;
	}
}

void sb_registry_remove_display(EGLDisplay dpy)
{
	struct record *list;

	pthread_mutex_lock(&lock);
	list = unlink_display(dpy, false);
	pthread_mutex_unlock(&lock);
	drop_list(list);
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

struct sharedbuf_cpu_image *sb_registry_cpu_peek(struct sb_image_ref *ref)
{
	return atomic_load(&((struct record *)ref)->cpu);
}

struct sharedbuf_cpu_image *sb_registry_cpu(struct sb_image_ref *ref,
					    const struct sb_layout *fds,
					    enum sharedbuf_result *err)
{
	struct record *r = (struct record *)ref;
	struct sharedbuf_cpu_image *cpu = atomic_load(&r->cpu), *made;
	struct sharedbuf_image_layout pub;

	*err = SHAREDBUF_OK;
	if (cpu)
		return cpu;
	/* Made with no lock held: it may open a GBM device and test-map
	 * the buffer, which waits for its fences. Two threads making it at
	 * once both make one; the first published wins. */
	to_public(fds, &pub);
	*err = sharedbuf_cpu_image_create(&pub, &made);
	if (*err != SHAREDBUF_OK)
		return NULL;
	if (atomic_compare_exchange_strong(&r->cpu, &cpu, made))
		return made;
	sharedbuf_cpu_image_destroy(made);
	return cpu;
}

bool sb_registry_claim_plane(struct sb_image_ref *ref, unsigned plane)
{
	unsigned bit = 1u << plane;

	return !(atomic_fetch_or(&((struct record *)ref)->claimed, bit) & bit);
}

void sb_registry_release_plane(struct sb_image_ref *ref, unsigned plane)
{
	atomic_fetch_and(&((struct record *)ref)->claimed, ~(1u << plane));
}

void sb_registry_counts(size_t *images, size_t *fds)
{
	pthread_mutex_lock(&lock);
	*images = count;
	*fds = atomic_load(&fds_held);
	pthread_mutex_unlock(&lock);
}

void sb_registry_clear(void)
{
	struct record *list;

	pthread_mutex_lock(&lock);
	list = unlink_display(EGL_NO_DISPLAY, true);
	if (buckets != first_buckets)
		free(buckets);
	buckets = first_buckets;
	num_buckets = FIRST_BUCKETS;
	free(atomic_exchange(&spare, NULL));
	pthread_mutex_unlock(&lock);
	drop_list(list);
}

void sb_registry_fork_prepare(void)
{
	pthread_mutex_lock(&lock);
}

void sb_registry_fork_done(void)
{
	pthread_mutex_unlock(&lock);
}

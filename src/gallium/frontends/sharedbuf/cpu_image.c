/* SPDX-License-Identifier: MIT */
/*
 * CPU images (include/sharedbuf/cpu.h): lock and unlock a plane of a
 * linear dma-buf image for the CPU.
 *
 * Each plane is IDLE, LOCKING (a lock is waiting for fences or issuing
 * SYNC(START)), LOCKED or UNLOCKING. A lock takes its plane from IDLE to
 * LOCKING with one compare-and-swap, waits and issues START holding
 * nothing, so that a long wait on one plane does not hold up the other
 * planes, and publishes LOCKED last; an unlock does the same from LOCKED
 * through UNLOCKING back to IDLE. Whoever moved a plane out of IDLE or
 * LOCKED owns its fields until it stores the next state (release), which
 * the next owner's swap reads (acquire). The image's mutex guards only the
 * mapping cache: planes of one dma-buf share a mapping, made once.
 * An atomic state instead of a mutex around it keeps a lock within a few
 * per cent of the raw ioctls (tools/bench/cpu-bench).
 */
#include "sharedbuf/cpu.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <linux/dma-buf.h>

#include "cpu_image.h"
#include "dmabuf.h"
#include "env.h"
#include "exporter.h"
#include "implicit.h"
#include "layout.h"
#include "gbm_map.h"
#include "guard.h"
#include "log.h"
#include "map.h"

_Static_assert(SHAREDBUF_MAX_PLANES == SB_MAX_PLANES,
	       "public and internal plane limits differ");

enum plane_state {
	PLANE_IDLE,
	PLANE_LOCKING,
	PLANE_LOCKED,
	PLANE_UNLOCKING,
};

struct plane {
	atomic_int state;   /* enum plane_state */
	struct sb_map *map; /* its dma-buf in the image's maps */
	uint32_t offset, pitch;
	/* The owner's (see the top of this file): */
	uint64_t sync_flags; /* DMA_BUF_SYNC_READ/WRITE of the lock held */
	uint8_t *data;	     /* its first byte, once mapped */
	uint32_t stride;     /* the lock's: the pitch, or GBM's map stride */
	int guard;	     /* the lock's guard slot (guard.h), or -1 */
};

struct sharedbuf_cpu_image {
	pthread_mutex_t mutex; /* guards maps' first mmap */
	unsigned num_planes;
	struct plane planes[SB_MAX_PLANES];
	struct sb_map_set maps;
	struct sb_gbm *gbm; /* set: mapped through the driver (gbm_map.h) */
};

/* The public layout as the layout checks take it. */
static void to_sb_layout(const struct sharedbuf_image_layout *in,
			 struct sb_layout *out)
{
	*out = (struct sb_layout){
		.width = in->width,
		.height = in->height,
		.fourcc = in->fourcc,
		.num_planes = in->num_planes,
		.has_modifier = true,
		.modifier = in->modifier,
	};
	for (unsigned i = 0; i < in->num_planes && i < SB_MAX_PLANES; i++) {
		out->planes[i].fd = in->planes[i].fd;
		out->planes[i].offset = in->planes[i].offset;
		out->planes[i].pitch = in->planes[i].pitch;
	}
}

/* The strict import checks, before any fd is dup'ed. */
static enum sharedbuf_result
check_layout(const struct sharedbuf_image_layout *l)
{
	struct sb_layout sl;
	enum sb_layout_result r;
	int plane;

	if (l->num_planes == 0 || l->num_planes > SHAREDBUF_MAX_PLANES) {
		sb_log(SB_INFO, "CPU image: %u planes", l->num_planes);
		return SHAREDBUF_ERR_INVALID;
	}
	to_sb_layout(l, &sl);
	r = sb_layout_check_fds(&sl, &plane, NULL);
	if (r != SB_LAYOUT_OK) {
		sb_log(SB_INFO, "CPU image: plane %d: %s", plane,
		       sb_layout_result_str(r));
		return SHAREDBUF_ERR_INVALID;
	}
	return SHAREDBUF_OK;
}

/* Are @l's bytes known to be rows of pixels? DRM_FORMAT_MOD_LINEAR says
 * so. The implicit modifier (DRM_FORMAT_MOD_INVALID) does only where every
 * plane's exporter has no tiling (exporter.h): without a modifier a GPU's
 * buffer carries the kernel's tiling (i915 GEM tiling, amdgpu metadata).
 * The EGL layer records an implicit modifier its driver can only read as
 * linear as DRM_FORMAT_MOD_LINEAR (image_import.c). */
static bool known_linear(const struct sharedbuf_image_layout *l)
{
	if (l->modifier == DRM_FORMAT_MOD_LINEAR)
		return true;
	if (l->modifier != DRM_FORMAT_MOD_INVALID)
		return false;
	for (unsigned i = 0; i < l->num_planes; i++) {
		if (!sb_dmabuf_exporter_linear(l->planes[i].fd))
			return false;
	}
	return true;
}

/* A tiled layout's bytes are not pixels in rows: never hand them out as
 * linear; the driver maps them (GBM) or nobody does. So does a layout not
 * known to be linear. SHAREDBUF_CPU_PATH=gbm sends linear layouts there
 * too (tests). */
static bool needs_driver(const struct sharedbuf_image_layout *l)
{
	const char *env = sb_env_get("SHAREDBUF_CPU_PATH");

	return !known_linear(l) || (env && strcmp(env, "gbm") == 0);
}

enum sharedbuf_result
sharedbuf_cpu_image_create(const struct sharedbuf_image_layout *layout,
			   struct sharedbuf_cpu_image **out)
{
	struct sharedbuf_cpu_image *img;
	int fds[SB_MAX_PLANES];
	enum sharedbuf_result r;

	if (!out)
		return SHAREDBUF_ERR_INVALID;
	*out = NULL;
	if (!layout)
		return SHAREDBUF_ERR_INVALID;
	r = check_layout(layout);
	if (r != SHAREDBUF_OK)
		return r;
	img = calloc(1, sizeof(*img));
	if (!img)
		return SHAREDBUF_ERR_NO_MEMORY;
	img->num_planes = layout->num_planes;
	for (unsigned i = 0; i < img->num_planes; i++) {
		atomic_init(&img->planes[i].state, PLANE_IDLE);
		img->planes[i].guard = -1;
		fds[i] = layout->planes[i].fd; /* borrowed */
		img->planes[i].offset = layout->planes[i].offset;
		img->planes[i].pitch = layout->planes[i].pitch;
	}
	r = sb_map_set_init(&img->maps, fds, img->num_planes);
	if (r != SHAREDBUF_OK)
		goto err_free;
	for (unsigned i = 0; i < img->num_planes; i++)
		img->planes[i].map = sb_map_set_plane(&img->maps, i);
	if (needs_driver(layout)) {
		r = sb_gbm_import(layout, &img->gbm);
		if (r != SHAREDBUF_OK) {
			sb_log(SB_INFO,
			       "CPU image: modifier 0x%llx: no driver "
			       "maps it",
			       (unsigned long long)layout->modifier);
			goto err_maps;
		}
	}
	if (pthread_mutex_init(&img->mutex, NULL) != 0) {
		r = SHAREDBUF_ERR_NO_MEMORY;
		goto err_gbm;
	}
	*out = img; /* publish last */
	return SHAREDBUF_OK;
err_gbm:
	sb_gbm_destroy(img->gbm);
err_maps:
	sb_map_set_finish(&img->maps);
err_free:
	free(img);
	return r;
}

/* SYNC(END) for the lock @p holds; logs a failure. */
static enum sharedbuf_result sync_end(const struct plane *p)
{
	if (sb_dmabuf_sync(p->map->fd, DMA_BUF_SYNC_END | p->sync_flags) == 0)
		return SHAREDBUF_OK;
	sb_log_errno(SB_ERROR, "DMA_BUF_IOCTL_SYNC(END)");
	return SHAREDBUF_ERR_IO;
}

void sharedbuf_cpu_image_destroy(struct sharedbuf_cpu_image *img)
{
	if (!img)
		return;
	for (unsigned i = 0; i < img->num_planes; i++) {
		struct plane *p = &img->planes[i];

		if (atomic_load(&p->state) != PLANE_LOCKED)
			continue;
		/* before the munmap: a guard slot left on the range would
		 * let a later fault replace whatever is mapped there next */
		if (p->guard >= 0)
			sb_guard_end(p->guard);
		sync_end(p);
	}
	sb_gbm_destroy(img->gbm); /* unmaps a locked plane first */
	sb_map_set_finish(&img->maps);
	pthread_mutex_destroy(&img->mutex);
	free(img);
}

/* sb_access_sync_flags() of each valid access, as a table: a lock costs
 * little more than its two ioctls, and each call shows (cpu-bench). */
static const uint64_t sync_flags[SB_ACCESS_VALID_MASK + 1] = {
	[SHAREDBUF_ACCESS_READ] = DMA_BUF_SYNC_READ,
	[SHAREDBUF_ACCESS_WRITE] = DMA_BUF_SYNC_WRITE,
	[SHAREDBUF_ACCESS_READ | SHAREDBUF_ACCESS_WRITE] = DMA_BUF_SYNC_RW,
};

/* The checks that need no lock state: unknown bits first. */
static enum sharedbuf_result check_lock(const struct sharedbuf_cpu_image *img,
					const struct sharedbuf_lock *lock,
					void **data)
{
	if (!img || !lock || !data)
		return SHAREDBUF_ERR_INVALID;
	/* sb_access_valid(), without a call on the lock's path */
	if (!lock->access || (lock->access & ~SB_ACCESS_VALID_MASK) ||
	    lock->plane >= img->num_planes)
		return SHAREDBUF_ERR_INVALID;
	if (lock->acquire_fd < -1 || lock->timeout_ns < 0 ||
	    (lock->flags & ~SHAREDBUF_LOCK_GUARDED))
		return SHAREDBUF_ERR_INVALID;
	/* gbm_bo_map() maps plane 0 only, and its copies (detiling) touch
	 * the buffer inside the driver, where no guard reaches */
	if (img->gbm &&
	    (lock->plane != 0 || (lock->flags & SHAREDBUF_LOCK_GUARDED)))
		return SHAREDBUF_ERR_UNSUPPORTED;
	/* The open mode is fixed at create. */
	if (lock->access & ~img->planes[lock->plane].map->access)
		return SHAREDBUF_ERR_ACCESS;
	return SHAREDBUF_OK;
}

enum sharedbuf_result sb_cpu_lock_check(const struct sharedbuf_cpu_image *img,
					const struct sharedbuf_lock *lock)
{
	void *data;

	return check_lock(img, lock, &data);
}

/* Moves @p from @from to @to; false if it was not in @from. */
static bool take(struct plane *p, int from, int to)
{
	return atomic_compare_exchange_strong_explicit(&p->state, &from, to,
						       memory_order_acquire,
						       memory_order_relaxed);
}

/* Hands @p on in state @to, with everything written before. */
static void hand_on(struct plane *p, int to)
{
	atomic_store_explicit(&p->state, to, memory_order_release);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The time left of @timeout_ns that started at @start: 0 and
 * SHAREDBUF_FOREVER stay what they are, others count down to 0 (which
 * still looks once: a signalled fence passes). */
static int64_t time_left(int64_t timeout_ns, int64_t start)
{
	int64_t left;

	if (timeout_ns == 0 || timeout_ns == SHAREDBUF_FOREVER)
		return timeout_ns;
	left = timeout_ns - (now_ns() - start);
	return left > 0 ? left : 0;
}

/* Steps (1) and (2): the acquire fence, then the implicit fences, within
 * one timeout. The clock is read only when a finite wait follows another.
 * Without a time limit step (2) is left to SYNC(START), which waits for
 * the same fences with no timeout (dma_buf_begin_cpu_access(): the writes
 * for READ, everything for WRITE): that saves a poll() and an fstatfs(),
 * most of what a lock costs over the raw ioctls. */
static enum sharedbuf_result wait_fences(const struct plane *p,
					 const struct sharedbuf_lock *lock)
{
	int64_t timeout = lock->timeout_ns;
	enum sharedbuf_result r;
	int64_t start;

	if (lock->acquire_fd >= 0) {
		start = timeout > 0 && timeout != SHAREDBUF_FOREVER ? now_ns()
								    : 0;
		r = sharedbuf_fence_wait(lock->acquire_fd, timeout);
		if (r != SHAREDBUF_OK)
			return r;
		timeout = time_left(timeout, start);
	}
	if (timeout == SHAREDBUF_FOREVER)
		return SHAREDBUF_OK;
	return sharedbuf_dmabuf_wait(p->map->fd, lock->access, timeout);
}

/* Maps @p's dma-buf at its first lock; planes sharing it share the
 * mapping, so the first mmap is made under the image's mutex. */
static enum sharedbuf_result map_plane(struct sharedbuf_cpu_image *img,
				       struct plane *p)
{
	enum sharedbuf_result r;
	uint8_t *base;

	if (p->data && !sb_map_stale(p->map))
		return SHAREDBUF_OK;
	pthread_mutex_lock(&img->mutex);
	r = sb_map_get(p->map, &base);
	pthread_mutex_unlock(&img->mutex);
	if (r == SHAREDBUF_OK)
		p->data = base + p->offset;
	return r;
}

/* Steps (3) and (4), with @p LOCKING; the guard last, over the whole
 * mapping (a fault replaces all of it). */
static enum sharedbuf_result begin(struct sharedbuf_cpu_image *img,
				   struct plane *p,
				   const struct sharedbuf_lock *lock)
{
	uint32_t access = lock->access;
	enum sharedbuf_result r;

	if (sb_dmabuf_sync(p->map->fd, DMA_BUF_SYNC_START | p->sync_flags)) {
		sb_log_errno(SB_ERROR, "DMA_BUF_IOCTL_SYNC(START)");
		return SHAREDBUF_ERR_IO;
	}
	p->stride = p->pitch;
	if (img->gbm)
		r = sb_gbm_map(img->gbm, access, (void **)&p->data, &p->stride);
	else
		r = map_plane(img, p);
	if (r == SHAREDBUF_OK && (lock->flags & SHAREDBUF_LOCK_GUARDED))
		r = sb_guard_begin(p->map->ptr, p->map->size, &p->guard);
	if (r != SHAREDBUF_OK)
		sb_dmabuf_sync(p->map->fd, DMA_BUF_SYNC_END | p->sync_flags);
	return r;
}

enum sharedbuf_result sharedbuf_cpu_lock(struct sharedbuf_cpu_image *img,
					 const struct sharedbuf_lock *lock,
					 void **data, uint32_t *stride)
{
	enum sharedbuf_result r = check_lock(img, lock, data);
	struct plane *p;

	if (r != SHAREDBUF_OK)
		return r;
	p = &img->planes[lock->plane];
	if (!take(p, PLANE_IDLE, PLANE_LOCKING))
		return SHAREDBUF_ERR_LOCKED;
	p->sync_flags = sync_flags[lock->access];
	r = wait_fences(p, lock);
	if (r != SHAREDBUF_OK)
		goto err_idle;
	r = begin(img, p, lock);
	if (r != SHAREDBUF_OK)
		goto err_idle;
	/* Ownership of the acquire fence passes only on success. */
	if (lock->acquire_fd >= 0)
		close(lock->acquire_fd);
	*data = p->data;
	if (stride)
		*stride = p->stride;
	hand_on(p, PLANE_LOCKED); /* publish last */
	return SHAREDBUF_OK;
err_idle:
	hand_on(p, PLANE_IDLE);
	return r;
}

enum sharedbuf_result sharedbuf_cpu_unlock(struct sharedbuf_cpu_image *img,
					   unsigned plane, int *release_fd)
{
	enum sharedbuf_result r;
	bool faulted = false;
	struct plane *p;

	if (release_fd)
		*release_fd = -1; /* CPU writes are visible after END */
	if (!img || plane >= img->num_planes)
		return SHAREDBUF_ERR_INVALID;
	p = &img->planes[plane];
	if (!take(p, PLANE_LOCKED, PLANE_UNLOCKING))
		return SHAREDBUF_ERR_NOT_LOCKED;
	/* The lock ends even if END fails: keeping it would leave the plane
	 * locked for good. */
	if (img->gbm)
		sb_gbm_unmap(img->gbm);
	if (p->guard >= 0) {
		faulted = sb_guard_end(p->guard);
		p->guard = -1;
	}
	r = sync_end(p);
	if (faulted) {
		sb_log(SB_INFO,
		       "plane %u: the buffer faulted (SIGBUS) while "
		       "locked: read zeros, writes lost",
		       plane);
		sb_map_set_stale(p->map); /* mapped again at the next lock */
		r = SHAREDBUF_ERR_FAULT;
	}
	hand_on(p, PLANE_IDLE);
	return r;
}

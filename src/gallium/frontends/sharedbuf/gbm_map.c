/* SPDX-License-Identifier: MIT */
#include "gbm_map.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gbm.h>

#include "env.h"
#include "log.h"

#define FIRST_RENDER_NODE 128
#define RENDER_NODES	  64

struct sb_gbm {
	struct gbm_device *dev; /* the process's, for its node */
	struct gbm_bo *bo;
	void *map_data; /* gbm_bo_map()'s cookie while mapped, else NULL */
};

/* GBM devices are opened once per node and kept for the process: making
 * one loads the driver, far too slow per image, and unloading the driver
 * again would strand its own process-lifetime allocations. Slot
 * RENDER_NODES is $SHAREDBUF_GBM_DEVICE's. */
static struct {
	pthread_mutex_t lock;
	char path[RENDER_NODES + 1][64];
	struct gbm_device *dev[RENDER_NODES + 1];
	bool tried[RENDER_NODES + 1];
} devices = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* The device of node @slot at @path, opened at its first use; NULL if it
 * cannot be. */
static struct gbm_device *device(unsigned slot, const char *path)
{
	struct gbm_device *dev;

	pthread_mutex_lock(&devices.lock);
	if (!devices.tried[slot] || strcmp(devices.path[slot], path) != 0) {
		int fd = open(path, O_RDWR | O_CLOEXEC);

		devices.tried[slot] = true;
		snprintf(devices.path[slot], sizeof(devices.path[slot]), "%s",
			 path);
		devices.dev[slot] = fd >= 0 ? gbm_create_device(fd) : NULL;
		if (fd >= 0 && !devices.dev[slot])
			close(fd);
	}
	dev = devices.dev[slot];
	pthread_mutex_unlock(&devices.lock);
	return dev;
}

static struct gbm_bo *import(struct gbm_device *dev,
			     const struct sharedbuf_image_layout *l)
{
	struct gbm_import_fd_modifier_data d = {
		.width = l->width,
		.height = l->height,
		.format = l->fourcc,
		.num_fds = l->num_planes,
		.modifier = l->modifier,
	};

	for (unsigned i = 0; i < l->num_planes && i < GBM_MAX_PLANES; i++) {
		d.fds[i] = l->planes[i].fd;
		d.strides[i] = (int)l->planes[i].pitch;
		d.offsets[i] = (int)l->planes[i].offset;
	}
	return gbm_bo_import(dev, GBM_BO_IMPORT_FD_MODIFIER, &d,
			     GBM_BO_USE_LINEAR);
}

/* Can the driver map the imported bo? Some import what they cannot map
 * (kms_swrast maps only its own dumb buffers): find out at create, so the
 * refusal comes there and not at the first lock. */
static bool maps(struct sb_gbm *g)
{
	uint32_t stride;
	void *cookie = NULL;
	void *p = gbm_bo_map(g->bo, 0, 0, 1, 1, GBM_BO_TRANSFER_READ, &stride,
			     &cookie);

	if (!p)
		return false;
	gbm_bo_unmap(g->bo, cookie);
	return true;
}

/* Tries node @slot at @path; fills @g and returns true if it takes @l. */
static bool try_node(unsigned slot, const char *path,
		     const struct sharedbuf_image_layout *l, struct sb_gbm *g)
{
	g->dev = device(slot, path);
	if (!g->dev)
		return false;
	g->bo = import(g->dev, l);
	if (g->bo && maps(g))
		return true;
	sb_log_errno(SB_INFO, "%s on %s",
		     g->bo ? "gbm_bo_map" : "gbm_bo_import", path);
	if (g->bo)
		gbm_bo_destroy(g->bo);
	g->bo = NULL;
	return false;
}

enum sharedbuf_result sb_gbm_import(const struct sharedbuf_image_layout *l,
				    struct sb_gbm **out)
{
	const char *env = sb_env_get("SHAREDBUF_GBM_DEVICE");
	struct sb_gbm *g = calloc(1, sizeof(*g));
	bool ok = false;
	char path[64];

	*out = NULL;
	if (!g)
		return SHAREDBUF_ERR_NO_MEMORY;
	if (env)
		ok = try_node(RENDER_NODES, env, l, g);
	for (unsigned i = 0; !env && !ok && i < RENDER_NODES; i++) {
		snprintf(path, sizeof(path), "/dev/dri/renderD%u",
			 FIRST_RENDER_NODE + i);
		if (access(path, F_OK) == 0)
			ok = try_node(i, path, l, g);
	}
	if (!ok) {
		free(g);
		return SHAREDBUF_ERR_UNSUPPORTED;
	}
	*out = g;
	return SHAREDBUF_OK;
}

enum sharedbuf_result sb_gbm_map(struct sb_gbm *g, uint32_t access, void **data,
				 uint32_t *stride)
{
	uint32_t flags =
		(access & SHAREDBUF_ACCESS_READ ? GBM_BO_TRANSFER_READ : 0) |
		(access & SHAREDBUF_ACCESS_WRITE ? GBM_BO_TRANSFER_WRITE : 0);
	void *p;

	if (g->map_data)
		return SHAREDBUF_ERR_LOCKED;
	p = gbm_bo_map(g->bo, 0, 0, gbm_bo_get_width(g->bo),
		       gbm_bo_get_height(g->bo), flags, stride, &g->map_data);
	if (!p) {
		sb_log_errno(SB_ERROR, "gbm_bo_map");
		g->map_data = NULL;
		return SHAREDBUF_ERR_IO;
	}
	*data = p;
	return SHAREDBUF_OK;
}

void sb_gbm_unmap(struct sb_gbm *g)
{
	if (!g->map_data)
		return;
	gbm_bo_unmap(g->bo, g->map_data);
	g->map_data = NULL;
}

void sb_gbm_destroy(struct sb_gbm *g)
{
	if (!g)
		return;
	sb_gbm_unmap(g);
	gbm_bo_destroy(g->bo);
	free(g);
}

struct gbm_device *sb_gbm_first_device(void)
{
	const char *env = sb_env_get("SHAREDBUF_GBM_DEVICE");
	struct gbm_device *dev = NULL;
	char path[64];

	if (env)
		return device(RENDER_NODES, env);
	for (unsigned i = 0; !dev && i < RENDER_NODES; i++) {
		snprintf(path, sizeof(path), "/dev/dri/renderD%u",
			 FIRST_RENDER_NODE + i);
		if (access(path, F_OK) == 0)
			dev = device(i, path);
	}
	return dev;
}

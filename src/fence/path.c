/* SPDX-License-Identifier: MIT */
#include "path.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "log.h"

static atomic_int recorded = SB_FENCE_PATH_UNKNOWN;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static void read_env(void)
{
	const char *env = sb_env_get("SHAREDBUF_FENCE_PATH");

	if (!env)
		return;
	if (strcmp(env, "poll") == 0) {
		sb_log(SB_INFO, "SHAREDBUF_FENCE_PATH=poll: fences by poll()");
		sb_fence_path_record(SB_FENCE_PATH_POLL);
		return;
	}
	/* The sync_file path cannot be forced: a kernel without the
	 * ioctls would only fail later, on every call. */
	sb_log(SB_ERROR,
	       "SHAREDBUF_FENCE_PATH=%s ignored: only \"poll\" "
	       "forces a path",
	       env);
}

enum sb_fence_path sb_fence_path_get(void)
{
	int p = atomic_load_explicit(&recorded, memory_order_relaxed);

	if (p != SB_FENCE_PATH_UNKNOWN)
		return (enum sb_fence_path)p;
	pthread_once(&env_once, read_env);
	return (enum sb_fence_path)atomic_load_explicit(&recorded,
							memory_order_relaxed);
}

void sb_fence_path_record(enum sb_fence_path path)
{
	int unknown = SB_FENCE_PATH_UNKNOWN;

	atomic_compare_exchange_strong(&recorded, &unknown, (int)path);
}

/* Asks the kernel with a READ export from @dmabuf_fd (borrowed). */
static enum sb_fence_path probe(int dmabuf_fd)
{
	int sync_fd = -1;
	enum sharedbuf_result r = sharedbuf_fence_export(
		dmabuf_fd, SHAREDBUF_ACCESS_READ, &sync_fd);

	if (r == SHAREDBUF_OK)
		close(sync_fd); /* the export recorded SYNC_FILE */
	return sb_fence_path_get();
}

enum sharedbuf_fence_path sharedbuf_fence_path(int dmabuf_fd)
{
	enum sb_fence_path p = sb_fence_path_get();

	if (p == SB_FENCE_PATH_UNKNOWN)
		p = probe(dmabuf_fd);
	/* Still unknown: @dmabuf_fd could not tell (not a dma-buf). POLL
	 * works on every kernel; nothing is recorded, a later call with a
	 * dma-buf finds out. */
	return p == SB_FENCE_PATH_SYNC_FILE ? SHAREDBUF_FENCE_PATH_SYNC_FILE
					    : SHAREDBUF_FENCE_PATH_POLL;
}

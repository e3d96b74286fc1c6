/* SPDX-License-Identifier: MIT */
/*
 * Which way this process moves fences: EXPORT/IMPORT_SYNC_FILE, or poll()
 * only (kernels before 6.0, or SHAREDBUF_FENCE_PATH=poll). Recorded once,
 * by the first call that finds out; sharedbuf_fence_path() is in path.c.
 */
#ifndef SB_FENCE_PATH_H
#define SB_FENCE_PATH_H

#include "sharedbuf/fence.h"

enum sb_fence_path {
	SB_FENCE_PATH_UNKNOWN, /* no sync_file ioctl has answered yet */
	SB_FENCE_PATH_SYNC_FILE,
	SB_FENCE_PATH_POLL,
};

/* The path recorded so far. SHAREDBUF_FENCE_PATH=poll (read once, at the
 * first call) records POLL before anything is probed. One relaxed atomic
 * load once known: export and import ask on every call. */
enum sb_fence_path sb_fence_path_get(void);

/* Records what a sync_file ioctl on a dma-buf just showed. The first
 * record wins; later ones (which agree on one kernel) change nothing. */
void sb_fence_path_record(enum sb_fence_path path);

#endif

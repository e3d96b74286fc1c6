/* SPDX-License-Identifier: MIT */
/*
 * sync_file fds (linux/sync_file.h): status, merge and waits. The public
 * calls (sharedbuf_fence_wait, _merge, _status) live in sync_file.c; this
 * header holds what the rest of src/fence uses.
 */
#ifndef SB_FENCE_SYNC_FILE_H
#define SB_FENCE_SYNC_FILE_H

#include <stdbool.h>

/* Is @fd (borrowed) an open sync_file? One SYNC_IOC_FILE_INFO; false for
 * fds below 0. */
bool sb_fd_is_sync_file(int fd);

#endif

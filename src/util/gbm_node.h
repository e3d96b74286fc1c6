/* SPDX-License-Identifier: MIT */
/*
 * The DRM nodes GBM takes, for tests and tools that want a GBM device:
 * /dev/dri/card0 to card15 (libdrm's DRM_DEV_NAME), in order, each one
 * that opens read-write and on which gbm_create_device() succeeds.
 */
#ifndef SB_TEST_GBM_NODE_H
#define SB_TEST_GBM_NODE_H

#include <stddef.h>
#include <gbm.h>

/* The next such node from *@i (start at 0; advanced past the node found).
 * Returns its fd (caller owns; sb_test_gbm_close()) with its device in
 * *@dev and, if @path is not NULL, its path in @path (size @n); or -1
 * when no node is left. */
int sb_test_gbm_next(int *i, struct gbm_device **dev, char *path, size_t n);

/* Destroys @dev, then closes @fd (what sb_test_gbm_next() opened). */
void sb_test_gbm_close(struct gbm_device *dev, int fd);

#endif

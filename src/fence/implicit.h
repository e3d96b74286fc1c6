/* SPDX-License-Identifier: MIT */
/*
 * A dma-buf's implicit fences (its reservation object) in and out as
 * sync_files, and poll() waits on the dma-buf itself. The public calls
 * (sharedbuf_fence_export, _import, sharedbuf_dmabuf_wait) live in
 * implicit.c; this header holds the access helpers the layer shares.
 */
#ifndef SB_FENCE_IMPLICIT_H
#define SB_FENCE_IMPLICIT_H

#include <stdbool.h>
#include <stdint.h>

#include "sharedbuf/fence.h"

#define SB_ACCESS_VALID_MASK (SHAREDBUF_ACCESS_READ | SHAREDBUF_ACCESS_WRITE)

/* Is @access READ, WRITE or both, with no other bit? */
bool sb_access_valid(uint32_t access);

/* @access (valid) as DMA_BUF_SYNC_READ / _WRITE / _RW. */
uint64_t sb_access_sync_flags(uint32_t access);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * Driver-mediated CPU access, for layouts a raw mmap cannot serve (tiled
 * or compressed modifiers): the image is imported into GBM on a DRM render
 * node and mapped with gbm_bo_map(), which hands the CPU linear pixels
 * (detiling, and writing back at unmap, as the driver needs).
 */
#ifndef SB_GBM_MAP_H
#define SB_GBM_MAP_H

#include <stdint.h>

#include "sharedbuf/cpu.h"

struct sb_gbm;

/* Imports @l (fds borrowed) on $SHAREDBUF_GBM_DEVICE or the first render
 * node whose driver takes it. SHAREDBUF_ERR_UNSUPPORTED when none does. */
enum sharedbuf_result sb_gbm_import(const struct sharedbuf_image_layout *l,
				    struct sb_gbm **out);

/* NULL: no-op. Unmaps first if mapped. */
void sb_gbm_destroy(struct sb_gbm *g);

/* Maps the whole image (plane 0) for @access (SHAREDBUF_ACCESS_*): its
 * first pixel in *@data, rows *@stride bytes apart. One map at a time. */
enum sharedbuf_result sb_gbm_map(struct sb_gbm *g, uint32_t access, void **data,
				 uint32_t *stride);

/* Ends the map (the driver writes back what it must). */
void sb_gbm_unmap(struct sb_gbm *g);

struct gbm_device;

/* The GBM device of $SHAREDBUF_GBM_DEVICE, or of the first render node
 * that has one; kept for the process. NULL if none. */
struct gbm_device *sb_gbm_first_device(void);

#endif

/* SPDX-License-Identifier: MIT */
/* vivid, the kernel's virtual camera, for the allocation tests. */
#ifndef SB_TEST_V4L2_UTIL_H
#define SB_TEST_V4L2_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/videodev2.h>

#include "sharedbuf/sharedbuf.h"

/* Opens the video capture node of vivid instance @instance (bus_info
 * "platform:vivid-00N"; -1: the first vivid capture node) with
 * O_RDWR | O_CLOEXEC, and makes its frames deterministic: no OSD text
 * (which shows a frame counter and the time). -1 if there is none. */
int sb_test_vivid_open(int instance);

/* The same for the instance's video output node (no OSD to turn off
 * there; the control is not found and nothing changes). */
int sb_test_vivid_open_output(int instance);

/* vivid's "allocators" parameter for instance @instance: 0 vmalloc,
 * 1 dma-contig; -1 if unknown. */
int sb_test_vivid_allocator(int instance);

/* VIDIOC_S_FMT single-planar capture: @pixfmt at @w x @h with
 * @bytesperline (0: the driver's). False unless the driver took exactly
 * that. *@sizeimage (may be NULL) is the driver's. */
bool sb_test_v4l2_set_format(int fd, uint32_t pixfmt, uint32_t w, uint32_t h,
			     uint32_t bytesperline, uint32_t *sizeimage);

/* The naive choice for a @w x @h linear buffer of @cpp bytes a pixel: a
 * udmabuf (pitch a multiple of 64, size of a page) into *@b. Its pages
 * are never physically adjacent, as a long-running system's fragmented
 * memory gives them: in a fresh guest a plain udmabuf can be contiguous
 * by chance, and what a contiguous-only device does with it would depend
 * on luck. False on failure. */
bool sb_test_naive_udmabuf(uint32_t w, uint32_t h, uint32_t cpp,
			   struct sharedbuf_buffer *b);

/* Streams on, dequeues @skip frames (requeueing them) and then one more,
 * returning its index (or -1), and streams off. Buffers must be queued. */
int sb_test_v4l2_capture(int fd, uint32_t memory, int skip);

#endif

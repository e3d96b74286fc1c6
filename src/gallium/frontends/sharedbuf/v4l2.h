/* SPDX-License-Identifier: MIT */
/* V4L2 helpers shared by the V4L2 constraints and the V4L2 exporter. */
#ifndef SB_V4L2_H
#define SB_V4L2_H

#include <stdint.h>

/* The DRM fourcc of V4L2 pixel format @pixfmt, or 0. */
uint32_t sb_v4l2_to_drm(uint32_t pixfmt);

/* The V4L2 pixel format of DRM @fourcc, or 0. */
uint32_t sb_v4l2_from_drm(uint32_t fourcc);

/* ioctl() retried on EINTR. */
int sb_v4l2_ioctl(int fd, unsigned long req, void *arg);

#endif

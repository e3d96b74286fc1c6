/* SPDX-License-Identifier: MIT */
/* What the EGL layer needs of CPU images beyond include/sharedbuf/cpu.h. */
#ifndef SB_CPU_IMAGE_H
#define SB_CPU_IMAGE_H

#include "sharedbuf/cpu.h"

/* The checks sharedbuf_cpu_lock() makes before it waits or changes
 * anything, in its order and with its results (SHAREDBUF_ERR_INVALID,
 * _UNSUPPORTED, _ACCESS), except whether the plane is locked. Lets a
 * caller check a lock before side effects of its own. No syscall. */
enum sharedbuf_result sb_cpu_lock_check(const struct sharedbuf_cpu_image *img,
					const struct sharedbuf_lock *lock);

#endif

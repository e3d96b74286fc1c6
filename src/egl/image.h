/* SPDX-License-Identifier: MIT */
/* EGLImage entry points the layer wraps (eglCreateImage, ...). */
#ifndef SB_IMAGE_H
#define SB_IMAGE_H

#include <stddef.h>

#include "dispatch.h"

extern const struct sb_wrap sb_image_wraps[];
extern const size_t sb_image_wrap_count;

#endif

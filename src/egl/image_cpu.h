/* SPDX-License-Identifier: MIT */
/*
 * EGL_SHAREDBUF_image_cpu_access: lock an EGLImage plane for the CPU.
 * specs/EGL_SHAREDBUF_image_cpu_access.txt is the word on behaviour; the
 * work is the buffer core's (include/sharedbuf/cpu.h), this adds the EGL
 * side: attributes, the GL barrier, errors.
 */
#ifndef SB_IMAGE_CPU_H
#define SB_IMAGE_CPU_H

#include <EGL/egl.h>

EGLBoolean EGLAPIENTRY sb_lock_image(EGLDisplay dpy, EGLImage image,
				     const EGLAttrib *attrib_list, void **data,
				     EGLint *stride);

EGLBoolean EGLAPIENTRY sb_unlock_image(EGLDisplay dpy, EGLImage image,
				       EGLint plane, EGLint *release_fence_fd);

#endif

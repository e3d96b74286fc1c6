/* SPDX-License-Identifier: MIT */
/*
 * Parsing an EGL_LINUX_DMA_BUF_EXT attribute list (EGLAttrib for
 * eglCreateImage, EGLint for eglCreateImageKHR) into an sb_layout. Pure:
 * no EGL calls, no I/O; host unit tests and the fuzzer drive it directly.
 * What needs the display (the driver's formats and modifiers) or the kernel
 * (fd kinds and sizes) is checked after, by the caller.
 */
#ifndef SB_ATTRIBS_H
#define SB_ATTRIBS_H

#include <stdbool.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "layout.h"

/* Why a list was refused; error.c maps each reason to its EGL error. */
enum sb_attribs_result {
	SB_ATTRIBS_OK = 0,
	SB_ATTRIBS_UNKNOWN,	      /* attribute not of this target */
	SB_ATTRIBS_DUPLICATE,	      /* the same attribute twice */
	SB_ATTRIBS_INCOMPLETE,	      /* width, height, fourcc or a plane's
					 fd/offset/pitch missing */
	SB_ATTRIBS_BAD_SIZE,	      /* width or height <= 0 */
	SB_ATTRIBS_BAD_OFFSET_PITCH,  /* offset < 0, pitch <= 0, or > EGLint */
	SB_ATTRIBS_BAD_FD,	      /* fd < 0 or > INT_MAX */
	SB_ATTRIBS_UNKNOWN_FORMAT,    /* fourcc not a 32-bit value */
	SB_ATTRIBS_EXTRA_PLANE,	      /* attributes for a plane the format
					 lacks */
	SB_ATTRIBS_BAD_HINT,	      /* a YUV hint with an unlisted value */
	SB_ATTRIBS_MODIFIER_HALF,     /* MODIFIER_LO without _HI or back */
	SB_ATTRIBS_MODIFIER_MISMATCH, /* planes with different modifiers */
	SB_ATTRIBS_NO_MODIFIERS,      /* modifier given, driver lacks
					 EGL_EXT_image_dma_buf_import_modifiers */
};

const char *sb_attribs_result_str(enum sb_attribs_result r);

/* What the display's extensions let an EGL_LINUX_DMA_BUF_EXT list hold
 * besides EGL_EXT_image_dma_buf_import's own attributes and
 * EGL_IMAGE_PRESERVED_KHR (EGL 1.5 core): the attributes Mesa's
 * _eglParseImageAttribList accepts for any target when the display lists
 * their extension, and EGL_EXT_image_gl_colorspace's, which other vendors
 * list. The layer passes them to the driver as given. */
struct sb_attribs_opts {
	bool wide;		/* list is EGLAttrib (true) or EGLint (false) */
	bool modifiers;		/* EGL_EXT_image_dma_buf_import_modifiers:
				   MODIFIER_LO/HI, PLANE3_* */
	bool protected_content; /* EGL_EXT_protected_content or
				   _protected_surface:
				   EGL_PROTECTED_CONTENT_EXT */
	bool texture_2d;	/* EGL_KHR_gl_texture_2D_image:
				   EGL_GL_TEXTURE_LEVEL_KHR */
	bool texture_3d;	/* EGL_KHR_gl_texture_3D_image:
				   EGL_GL_TEXTURE_ZOFFSET_KHR */
	bool wayland;		/* EGL_WL_bind_wayland_display:
				   EGL_WAYLAND_PLANE_WL */
	bool colorspace;	/* EGL_EXT_image_gl_colorspace:
				   EGL_GL_COLORSPACE */
};

/* Parses @list into @out. @bad (if not NULL) receives the offending
 * attribute token, or EGL_NONE. @out is written only on success.
 * A fourcc sharedbuf's table lacks (format.h) is parsed too: its planes
 * are those given (0 .. the last one any attribute names), each complete.
 * An explicit DRM_FORMAT_MOD_INVALID is the implicit modifier, as in Mesa
 * (dri2_create_image_dma_buf passes it on as "no modifier"): @out has
 * has_modifier false for it. */
enum sb_attribs_result sb_attribs_parse(const void *list,
					const struct sb_attribs_opts *opts,
					struct sb_layout *out, EGLint *bad);

#endif

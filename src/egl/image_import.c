/* SPDX-License-Identifier: MIT */
#include "image_import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <drm_fourcc.h>
#include <EGL/eglext.h>

#include "attribs.h"
#include "debug.h"
#include "display.h"
#include "display_caps.h"
#include "error.h"
#include "layer.h"
#include "log.h"

/* Does the driver list @fourcc? Without the query (no _modifiers
 * extension) the driver's own check is all there is: accept. And does it
 * list DRM_FORMAT_MOD_LINEAR alone for it (*@only_linear)? */
static bool driver_has_format(const struct sb_caps_table *t, uint32_t fourcc,
			      bool *only_linear)
{
	*only_linear = false;
	return !t || sb_caps_table_check_format(t, fourcc, only_linear);
}

/* Does the driver list @modifier for @fourcc? DRM_FORMAT_MOD_LINEAR
 * passes without asking, as in Mesa (dri2_from_dma_bufs takes it for
 * every format): a driver that cannot import it refuses it itself. */
static bool driver_has_modifier(const struct sb_caps_table *t, uint32_t fourcc,
				uint64_t modifier)
{
	return modifier == DRM_FORMAT_MOD_LINEAR ||
	       (t && sb_caps_table_has_modifier(t, fourcc, modifier, NULL));
}

static EGLint fail(EGLint error, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static EGLint fail(EGLint error, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sb_log(SB_INFO, "dma-buf import refused (EGL error 0x%04x): %s",
	       (unsigned)error, msg);
	sb_debug_note(msg); /* the reason, for the EGL_KHR_debug callback */
	return error;
}

/* The attributes the display's extensions allow (attribs.h). */
static void parse_opts(const struct sb_caps_table *t, bool wide,
		       struct sb_attribs_opts *o)
{
	unsigned ext = t ? sb_caps_table_flags(t) : 0;

	*o = (struct sb_attribs_opts){
		.wide = wide,
		.modifiers = ext & SB_CAPS_DMA_BUF_IMPORT_MODIFIERS,
		.protected_content = ext & (SB_CAPS_PROTECTED_CONTENT |
					    SB_CAPS_PROTECTED_SURFACE),
		.texture_2d = ext & SB_CAPS_GL_TEXTURE_2D_IMAGE,
		.texture_3d = ext & SB_CAPS_GL_TEXTURE_3D_IMAGE,
		.wayland = ext & SB_CAPS_WL_BIND_WAYLAND_DISPLAY,
		.colorspace = ext & SB_CAPS_IMAGE_GL_COLORSPACE,
	};
}

EGLint sb_import_check(const struct sb_caps_table *caps, EGLClientBuffer buffer,
		       const void *attribs, bool wide, struct sb_layout *out,
		       ino_t inos[SB_MAX_PLANES])
{
	struct sb_attribs_opts opts;
	enum sb_attribs_result ar;
	enum sb_layout_result lr;
	bool only_linear;
	EGLint bad;
	int plane;

	/* "If <target> is EGL_LINUX_DMA_BUF_EXT and <buffer> is not NULL,
	 *  the error EGL_BAD_PARAMETER is generated." */
	if (buffer != NULL)
		return fail(EGL_BAD_PARAMETER, "buffer is not NULL");
	parse_opts(caps, wide, &opts);
	ar = sb_attribs_parse(attribs, &opts, out, &bad);
	if (ar != SB_ATTRIBS_OK)
		return fail(sb_egl_error_for_attribs(ar),
			    "%s (attribute 0x%04x)", sb_attribs_result_str(ar),
			    (unsigned)bad);
	if (!driver_has_format(caps, out->fourcc, &only_linear))
		return fail(EGL_BAD_MATCH, "the driver lists no format 0x%08x",
			    out->fourcc);
	if (out->has_modifier &&
	    !driver_has_modifier(caps, out->fourcc, out->modifier))
		return fail(EGL_BAD_MATCH,
			    "the driver lists no modifier 0x%016llx for 0x%08x",
			    (unsigned long long)out->modifier, out->fourcc);
	lr = sb_layout_check_fds(out, &plane, inos);
	if (lr == SB_LAYOUT_UNKNOWN_FORMAT) {
		/* Every fd is a dma-buf; the layout is the driver's to
		 * check. Never less than bare Mesa takes. */
		sb_log(SB_INFO,
		       "format 0x%08x is not in sharedbuf's layout table: "
		       "only its fds were checked",
		       out->fourcc);
		lr = SB_LAYOUT_OK;
	}
	if (lr != SB_LAYOUT_OK)
		return fail(sb_egl_error_for_layout(lr), "plane %d: %s", plane,
			    sb_layout_result_str(lr));
	/* An implicit modifier is linear for the CPU where the driver lists
	 * only DRM_FORMAT_MOD_LINEAR for the format: it can import nothing
	 * else, so linear is how it reads the buffer, whoever made it. What
	 * the layer records, never what the driver is given. */
	if (!out->has_modifier && only_linear) {
		out->has_modifier = true;
		out->modifier = DRM_FORMAT_MOD_LINEAR;
	}
	return EGL_SUCCESS;
}

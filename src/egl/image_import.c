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
#include "display_caps.h"
#include "error.h"
#include "layer.h"
#include "log.h"

static PFNEGLQUERYSTRINGPROC query_string;
static PFNEGLQUERYDMABUFFORMATSEXTPROC query_formats;
static PFNEGLQUERYDMABUFMODIFIERSEXTPROC query_modifiers;

void sb_import_init(void)
{
	query_string =
		(PFNEGLQUERYSTRINGPROC)sb_layer_next_proc("eglQueryString");
	query_formats = (PFNEGLQUERYDMABUFFORMATSEXTPROC)sb_layer_next_proc(
		"eglQueryDmaBufFormatsEXT");
	query_modifiers = (PFNEGLQUERYDMABUFMODIFIERSEXTPROC)sb_layer_next_proc(
		"eglQueryDmaBufModifiersEXT");
}

static bool has_extension(EGLDisplay dpy, const char *name)
{
	unsigned flag = sb_caps_flag_for_name(name);
	const char *ext;
	size_t len = strlen(name);

	/* one bit, asked of the driver once per display */
	if (flag)
		return (sb_display_caps_flags(dpy) & flag) != 0;
	ext = query_string ? query_string(dpy, EGL_EXTENSIONS) : NULL;

	for (const char *p = ext; p && (p = strstr(p, name)); p += len) {
		if ((p == ext || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return true;
	}
	return false;
}

/* Does the driver list @fourcc? Without the query (no _modifiers
 * extension) the driver's own check is all there is: accept. */
static bool driver_has_format(EGLDisplay dpy, uint32_t fourcc)
{
	return sb_display_caps_has_format(dpy, fourcc);
}

/* Does the driver list @modifier for @fourcc? */
static bool driver_has_modifier(EGLDisplay dpy, uint32_t fourcc,
				uint64_t modifier)
{
	return sb_display_caps_has_modifier(dpy, fourcc, modifier, NULL);
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

EGLint sb_import_check(EGLDisplay dpy, EGLClientBuffer buffer,
		       const void *attribs, bool wide, struct sb_layout *out)
{
	struct sb_attribs_opts opts = {
		.wide = wide,
		.modifiers = has_extension(
			dpy, "EGL_EXT_image_dma_buf_import_modifiers"),
	};
	enum sb_attribs_result ar;
	enum sb_layout_result lr;
	EGLint bad;
	int plane;

	/* "If <target> is EGL_LINUX_DMA_BUF_EXT and <buffer> is not NULL,
	 *  the error EGL_BAD_PARAMETER is generated." */
	if (buffer != NULL)
		return fail(EGL_BAD_PARAMETER, "buffer is not NULL");
	ar = sb_attribs_parse(attribs, &opts, out, &bad);
	if (ar != SB_ATTRIBS_OK)
		return fail(sb_egl_error_for_attribs(ar),
			    "%s (attribute 0x%04x)", sb_attribs_result_str(ar),
			    (unsigned)bad);
	if (!driver_has_format(dpy, out->fourcc))
		return fail(EGL_BAD_MATCH, "the driver lists no format 0x%08x",
			    out->fourcc);
	if (out->has_modifier &&
	    !driver_has_modifier(dpy, out->fourcc, out->modifier))
		return fail(EGL_BAD_MATCH,
			    "the driver lists no modifier 0x%016llx for 0x%08x",
			    (unsigned long long)out->modifier, out->fourcc);
	lr = sb_layout_check_fds(out, &plane);
	if (lr != SB_LAYOUT_OK)
		return fail(sb_egl_error_for_layout(lr), "plane %d: %s", plane,
			    sb_layout_result_str(lr));
	return EGL_SUCCESS;
}

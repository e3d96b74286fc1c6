/* SPDX-License-Identifier: MIT */
#include "error.h"

#include "debug.h"
#include "layer.h"
#include "log.h"

EGLint sb_egl_error_for_attribs(enum sb_attribs_result r)
{
	switch (r) {
	case SB_ATTRIBS_OK:
		return EGL_SUCCESS;
	/* "If <target> is EGL_LINUX_DMA_BUF_EXT, and the list of attributes
	 *  is incomplete, EGL_BAD_PARAMETER is generated." Mesa also gives
	 *  it for unknown attributes, sizes <= 0 and modifier pairs. */
	case SB_ATTRIBS_UNKNOWN:
	case SB_ATTRIBS_DUPLICATE:
	case SB_ATTRIBS_INCOMPLETE:
	case SB_ATTRIBS_BAD_SIZE:
	case SB_ATTRIBS_BAD_FD:
	case SB_ATTRIBS_MODIFIER_HALF:
	case SB_ATTRIBS_MODIFIER_MISMATCH:
	case SB_ATTRIBS_NO_MODIFIERS:
		return EGL_BAD_PARAMETER;
	/* "[...] one or more of the values specified for a plane's pitch or
	 *  offset isn't supported by EGL, EGL_BAD_ACCESS is generated." */
	case SB_ATTRIBS_BAD_OFFSET_PITCH:
		return EGL_BAD_ACCESS;
	/* "[...] EGL_LINUX_DRM_FOURCC_EXT attribute is set to a format not
	 *  supported by the EGL, EGL_BAD_MATCH is generated." */
	case SB_ATTRIBS_UNKNOWN_FORMAT:
		return EGL_BAD_MATCH;
	/* "[...] single-plane format, EGL_BAD_ATTRIBUTE is generated if any
	 *  of the EGL_DMA_BUF_PLANE1_* [...] attributes are specified", and
	 *  hints outside their lists. */
	case SB_ATTRIBS_EXTRA_PLANE:
	case SB_ATTRIBS_BAD_HINT:
		return EGL_BAD_ATTRIBUTE;
	}
	return EGL_BAD_PARAMETER;
}

EGLint sb_egl_error_for_layout(enum sb_layout_result r)
{
	switch (r) {
	case SB_LAYOUT_OK:
		return EGL_SUCCESS;
	case SB_LAYOUT_UNKNOWN_FORMAT:
		return EGL_BAD_MATCH;
	case SB_LAYOUT_TOO_MANY_PLANES:
		return EGL_BAD_ATTRIBUTE;
	case SB_LAYOUT_TOO_FEW_PLANES:
	case SB_LAYOUT_BAD_SIZE:
	case SB_LAYOUT_BAD_FD:
	case SB_LAYOUT_NOT_DMABUF:
		return EGL_BAD_PARAMETER;
	case SB_LAYOUT_BAD_PITCH:
	case SB_LAYOUT_OVERFLOW:
	case SB_LAYOUT_OUT_OF_BOUNDS:
		return EGL_BAD_ACCESS;
	}
	return EGL_BAD_PARAMETER;
}

void sb_egl_fail(EGLint error, const char *what)
{
	const char *cmd = sb_debug_command();

	sb_log(SB_INFO, "%s: EGL error 0x%04x: %s", cmd ? cmd : "EGL",
	       (unsigned)error, what);
	/* the callback first, then the error, as Mesa and glvnd */
	sb_debug_report(error, what);
	sb_layer.glvnd->setEGLError(error);
}

void sb_egl_ok(void)
{
	sb_layer.glvnd->setEGLError(EGL_SUCCESS);
}

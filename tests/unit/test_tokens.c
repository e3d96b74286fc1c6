/* SPDX-License-Identifier: MIT */
/*
 * The enum values of include/EGL/eglext_sharedbuf.h are one block
 * (0x3F80-0x3F8F) shared by three extensions written apart: a value given
 * twice makes two case labels equal, and this file does not compile.
 */
#include <stdio.h>
#include <EGL/egl.h>

#include "EGL/eglext_sharedbuf.h"

static const char *token_name(EGLint t)
{
	switch (t) {
	case EGL_SYNC_IMAGE_SHAREDBUF:
		return "EGL_SYNC_IMAGE_SHAREDBUF";
	case EGL_LOCK_PLANE_SHAREDBUF:
		return "EGL_LOCK_PLANE_SHAREDBUF";
	case EGL_LOCK_USAGE_SHAREDBUF:
		return "EGL_LOCK_USAGE_SHAREDBUF";
	case EGL_LOCK_ACQUIRE_FENCE_FD_SHAREDBUF:
		return "EGL_LOCK_ACQUIRE_FENCE_FD_SHAREDBUF";
	case EGL_LOCK_TIMEOUT_NS_SHAREDBUF:
		return "EGL_LOCK_TIMEOUT_NS_SHAREDBUF";
	case EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF:
		return "EGL_LOCK_TIMEOUT_EXPIRED_SHAREDBUF";
	case EGL_LOCK_GUARDED_SHAREDBUF:
		return "EGL_LOCK_GUARDED_SHAREDBUF";
	case EGL_ALLOC_USAGE_SHAREDBUF:
		return "EGL_ALLOC_USAGE_SHAREDBUF";
	case EGL_ALLOC_FORMAT_SHAREDBUF:
		return "EGL_ALLOC_FORMAT_SHAREDBUF";
	case EGL_ALLOC_CONSTRAINTS_SHAREDBUF:
		return "EGL_ALLOC_CONSTRAINTS_SHAREDBUF";
	}
	return NULL;
}

int main(void)
{
	int fails = 0;

	/* and every one inside the project's block */
	for (EGLint t = 0x3000; t <= 0x3FFF; t++) {
		const char *name = token_name(t);

		if (name && (t < 0x3F80 || t > 0x3F8F)) {
			printf("%s = 0x%04x is outside 0x3F80-0x3F8F\n", name,
			       (unsigned)t);
			fails++;
		}
	}
	printf("%s\n", fails ? "FAIL" : "PASS");
	return fails ? 1 : 0;
}

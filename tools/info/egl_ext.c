/* SPDX-License-Identifier: MIT */
#include "egl_ext.h"

#include <string.h>

const char *const ext_dmabuf[EXT_DMABUF_COUNT] = {
	"EGL_EXT_image_dma_buf_import",
	"EGL_EXT_image_dma_buf_import_modifiers",
	"EGL_KHR_fence_sync",
	"EGL_KHR_wait_sync",
	"EGL_ANDROID_native_fence_sync",
};

const char *ext_next(const char **pos, size_t *len)
{
	const char *s = *pos;

	if (!s)
		return NULL;
	s += strspn(s, " ");
	if (*s == '\0')
		return NULL;
	*len = strcspn(s, " ");
	*pos = s + *len;
	return s;
}

static bool same(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

/* Whole words only: strstr would find EGL_EXT_image_dma_buf_import in a
 * list that holds only EGL_EXT_image_dma_buf_import_modifiers. */
bool ext_has(const char *list, const char *want)
{
	const char *pos = list, *name;
	size_t len;

	while ((name = ext_next(&pos, &len))) {
		if (same(name, len, want))
			return true;
	}
	return false;
}

bool ext_is_dmabuf(const char *name, size_t len)
{
	for (int i = 0; i < EXT_DMABUF_COUNT; i++) {
		if (same(name, len, ext_dmabuf[i]))
			return true;
	}
	return false;
}

bool ext_is_layer(const char *name, size_t len)
{
	size_t n = strlen(EXT_LAYER_PREFIX);

	return len >= n && memcmp(name, EXT_LAYER_PREFIX, n) == 0;
}

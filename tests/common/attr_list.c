/* SPDX-License-Identifier: MIT */
#include "attr_list.h"

#include <stdlib.h>

void attr_init(struct attr_list *a)
{
	a->n = 0;
	a->v[0] = EGL_NONE;
}

void attr_add(struct attr_list *a, EGLint key, EGLAttrib value)
{
	if (2 * a->n + 2 >= ATTR_LIST_MAX)
		abort(); /* a test bug, not a verdict */
	a->v[2 * a->n] = key;
	a->v[2 * a->n + 1] = value;
	a->n++;
	a->v[2 * a->n] = EGL_NONE;
}

void attr_add_plane(struct attr_list *a, unsigned plane, int fd, EGLint offset,
		    EGLint pitch, bool with_modifier, uint64_t modifier)
{
	static const EGLint keys[4][5] = {
		{EGL_DMA_BUF_PLANE0_FD_EXT, EGL_DMA_BUF_PLANE0_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE0_PITCH_EXT,
		 EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT},
		{EGL_DMA_BUF_PLANE1_FD_EXT, EGL_DMA_BUF_PLANE1_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE1_PITCH_EXT,
		 EGL_DMA_BUF_PLANE1_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE1_MODIFIER_HI_EXT},
		{EGL_DMA_BUF_PLANE2_FD_EXT, EGL_DMA_BUF_PLANE2_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE2_PITCH_EXT,
		 EGL_DMA_BUF_PLANE2_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE2_MODIFIER_HI_EXT},
		{EGL_DMA_BUF_PLANE3_FD_EXT, EGL_DMA_BUF_PLANE3_OFFSET_EXT,
		 EGL_DMA_BUF_PLANE3_PITCH_EXT,
		 EGL_DMA_BUF_PLANE3_MODIFIER_LO_EXT,
		 EGL_DMA_BUF_PLANE3_MODIFIER_HI_EXT},
	};

	if (plane >= 4)
		abort(); /* a test bug */
	attr_add(a, keys[plane][0], fd);
	attr_add(a, keys[plane][1], offset);
	attr_add(a, keys[plane][2], pitch);
	if (!with_modifier)
		return;
	attr_add(a, keys[plane][3], (EGLint)(modifier & 0xffffffff));
	attr_add(a, keys[plane][4], (EGLint)(modifier >> 32));
}

void attr_set(struct attr_list *a, EGLint key, EGLAttrib value)
{
	for (int i = 0; i < a->n; i++) {
		if (a->v[2 * i] == key) {
			a->v[2 * i + 1] = value;
			return;
		}
	}
	attr_add(a, key, value);
}

void attr_del(struct attr_list *a, EGLint key)
{
	int j = 0;

	for (int i = 0; i < a->n; i++) {
		if (a->v[2 * i] == key)
			continue;
		a->v[2 * j] = a->v[2 * i];
		a->v[2 * j + 1] = a->v[2 * i + 1];
		j++;
	}
	a->n = j;
	a->v[2 * j] = EGL_NONE;
}

void attr_narrow(const struct attr_list *a, EGLint out[ATTR_LIST_MAX])
{
	for (int i = 0; i <= 2 * a->n; i++)
		out[i] = (EGLint)a->v[i];
}

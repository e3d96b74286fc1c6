/* SPDX-License-Identifier: MIT */
/* EGL attribute lists that tests edit: set, delete, append duplicates. */
#ifndef SB_TEST_ATTR_LIST_H
#define SB_TEST_ATTR_LIST_H

#include <stdbool.h>
#include <stdint.h>
#include <epoxy/egl.h>

#define ATTR_LIST_MAX 64

struct attr_list {
	EGLAttrib v[ATTR_LIST_MAX]; /* key, value, ..., EGL_NONE */
	int n;			    /* keys */
};

void attr_init(struct attr_list *a);
/* Appends key = value, even if key is already there. */
void attr_add(struct attr_list *a, EGLint key, EGLAttrib value);
/* Sets the first key to value, or appends it. */
void attr_set(struct attr_list *a, EGLint key, EGLAttrib value);
/* Removes every key. */
void attr_del(struct attr_list *a, EGLint key);
/* Appends plane @plane's (0..3) fd, offset and pitch, and @modifier's
 * two halves when @with_modifier. */
void attr_add_plane(struct attr_list *a, unsigned plane, int fd, EGLint offset,
		    EGLint pitch, bool with_modifier, uint64_t modifier);
/* The list as EGLint (values truncated as a C cast does). */
void attr_narrow(const struct attr_list *a, EGLint out[ATTR_LIST_MAX]);

#endif

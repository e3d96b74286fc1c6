/* SPDX-License-Identifier: MIT */
/* EGL extension strings: walking them and sorting their names into the
 * groups sharedbuf-info reports. */
#ifndef SB_INFO_EGL_EXT_H
#define SB_INFO_EGL_EXT_H

#include <stdbool.h>
#include <stddef.h>

/* Names the layer adds start with this. */
#define EXT_LAYER_PREFIX "EGL_SHAREDBUF_"

/* The extensions that decide whether dma-buf sharing can work, in the
 * order they are reported. */
#define EXT_DMABUF_COUNT 5
extern const char *const ext_dmabuf[EXT_DMABUF_COUNT];

/* The next name in the space-separated list at *@pos: returns its start
 * and sets *@len, advancing *@pos past it; NULL at the end (or for a NULL
 * list). Names are not NUL-terminated: print them with "%.*s". */
const char *ext_next(const char **pos, size_t *len);

/* Is @name a whole word of @list? A NULL list holds nothing. */
bool ext_has(const char *list, const char *name);

bool ext_is_dmabuf(const char *name, size_t len);
bool ext_is_layer(const char *name, size_t len);

#endif
